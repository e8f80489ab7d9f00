//! `cargo xtask bench statements`: a database with 1,000 organizations owing money (10 invoices
//! and 5 payments each) and one with a 200-line activity statement; times that statement through
//! the release CLI (render time inside the process, and the whole command), a batch of all 1,000
//! statements, and headless Chromium printing the same 200-line statement from HTML — the way
//! web peers make PDFs. Peak memory from GNU time.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::{Result, ensure_packages, exec, root};

const DATA: &str = "
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO organizations (id, account_number, name, name_key, address_line1, city, postal_code, country,
    created_at, updated_at)
SELECT randomblob(16), printf('B-%04d', i), printf('Łódź Ελληνική Москва Customer %d', i),
    printf('lodz customer %d', i), 'ul. Piotrkowska 1', 'Łódź', '90-001', 'Polska',
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 100)
INSERT INTO invoices (id, number, organization_id, issue_date, due_date, currency, subtotal, tax_rate_bp, tax,
    total, created_at)
SELECT randomblob(16), printf('%s-%03d', o.account_number, k.j), o.id, date('2025-01-01', '+' || (k.j * 6) || ' days'),
    date('2025-01-01', '+' || (k.j * 6 + 14) || ' days'), 'EUR', 10000 + k.j * 37, 0, 0, 10000 + k.j * 37, 'bench'
FROM organizations o, k WHERE o.account_number = 'B-0000' OR k.j <= 10;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < 100)
INSERT INTO payments (id, organization_id, kind, date, amount, reference, created_at)
SELECT randomblob(16), o.id, 'payment', date('2025-01-04', '+' || (k.j * 6) || ' days'), 9000, printf('BANK-%d', k.j), 'bench'
FROM organizations o, k WHERE o.account_number = 'B-0000' OR k.j <= 5;
";

pub fn run(_args: &[String]) -> Result {
    ensure_packages(&["sqlite3", "time", "poppler-utils", "chromium"])?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench/statements");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("billing.sqlite3");
    let db_arg = db.to_str().ok_or("non-UTF-8 path")?;
    run_cli(&cli, &["--db", db_arg, "org", "list"])?;
    super::search::sqlite(&db, DATA)?;

    // One 200-line activity statement (100 invoices, 100 payments).
    let pdf = dir.join("statement-200.pdf");
    let args = [
        "--db",
        db_arg,
        "--json",
        "statement",
        "B-0000",
        "--as-of",
        "2026-12-31",
        "--from",
        "2025-01-01",
        "--out",
        pdf.to_str().ok_or("non-UTF-8 path")?,
    ];
    let mut inside = Vec::new();
    let mut whole = Vec::new();
    let mut statement = Value::Null;
    for _ in 0..10 {
        let started = Instant::now();
        let out = run_cli(&cli, &args)?;
        whole.push(started.elapsed().as_secs_f64() * 1000.0);
        let json: Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
        inside.push(json["milliseconds"].as_f64().unwrap_or(0.0));
        statement = json["statement"].clone();
    }
    inside.sort_by(f64::total_cmp);
    whole.sort_by(f64::total_cmp);
    let lines = statement["lines"].as_array().map_or(0, Vec::len);
    let pages = Command::new("pdfinfo").arg(&pdf).output().map_err(|e| e.to_string())?;
    let pages = String::from_utf8_lossy(&pages.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_owned()))
        .unwrap_or_default();
    let size = std::fs::metadata(&pdf).map_err(|e| e.to_string())?.len();
    println!(
        "one {lines}-line statement ({pages} pages, {:.0} KiB): render {:.1} ms median (data + PDF, inside the CLI), \
         whole command {:.0} ms median (process start, open, render, write), of 10 runs",
        size as f64 / 1024.0,
        inside[inside.len() / 2],
        whole[whole.len() / 2]
    );

    // The same statement as HTML printed by headless Chromium.
    let html = dir.join("statement-200.html");
    std::fs::write(&html, to_html(&statement)).map_err(|e| e.to_string())?;
    let chrome_pdf = dir.join("chromium-200.pdf");
    let mut chrome = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let status = Command::new("chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
            .arg(format!("--print-to-pdf={}", chrome_pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .map_err(|e| format!("chromium: {e}"))?;
        if !status.status.success() {
            return Err(format!("chromium failed: {}", String::from_utf8_lossy(&status.stderr)));
        }
        chrome.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    chrome.sort_by(f64::total_cmp);
    let chrome_ms = chrome[chrome.len() / 2];
    println!(
        "headless Chromium printing the same statement from HTML: {chrome_ms:.0} ms median of 3 — {:.0}× the CLI's whole command, {:.0}× its render",
        chrome_ms / whole[whole.len() / 2],
        chrome_ms / inside[inside.len() / 2]
    );

    // The batch: every organization with a balance.
    let out_dir = dir.join("batch");
    let (output, rss) = timed(
        &cli,
        &[
            "--db",
            db_arg,
            "--json",
            "statements",
            "--as-of",
            "2026-12-31",
            "--out-dir",
            out_dir.to_str().ok_or("non-UTF-8 path")?,
        ],
    )?;
    let json: Value = serde_json::from_str(&output).map_err(|e| e.to_string())?;
    let count = json["files"].as_array().map_or(0, Vec::len);
    let seconds = json["seconds"].as_f64().unwrap_or(0.0);
    println!(
        "batch: {count} open-items statements in {seconds:.2} s ({:.1} ms each), peak RSS {} MiB",
        seconds * 1000.0 / count.max(1) as f64,
        rss / 1024
    );
    Ok(())
}

fn run_cli(cli: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(cli).args(args).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{args:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn timed(cli: &Path, args: &[&str]) -> Result<(String, u64)> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "maxrss=%M"])
        .arg(cli)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{args:?} failed: {stderr}"));
    }
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss="))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Ok((String::from_utf8_lossy(&out.stdout).into_owned(), rss))
}

/// The statement as a print-styled HTML page (what a web app would send to Chromium).
fn to_html(s: &Value) -> String {
    let esc = |v: &Value| {
        v.as_str().unwrap_or_default().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    };
    let money = |v: &Value| format!("{:.2}", v.as_i64().unwrap_or(0) as f64 / 100.0);
    let mut rows = String::new();
    for l in s["lines"].as_array().into_iter().flatten() {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td></tr>\n",
            esc(&l["date"]),
            esc(&l["document"]),
            esc(&l["due_date"]),
            money(&l["amount"]),
            money(&l["balance"])
        ));
    }
    format!(
        "<!doctype html><html><head><meta charset=utf-8><style>
        @page {{ size: A4; margin: 18mm; }} body {{ font: 9pt 'DejaVu Sans', sans-serif; }}
        table {{ width: 100%; border-collapse: collapse; }} thead {{ display: table-header-group; }}
        th {{ background: #e6e6e6; text-align: left; }} td.n, th.n {{ text-align: right; }}
        </style></head><body>
        <h1>{company}</h1><h2>Statement of account — {customer}</h2>
        <p>Statement date {as_of} · Account {account}</p>
        <table><thead><tr><th>Date</th><th>Document</th><th>Due</th><th class=n>Amount</th><th class=n>Balance</th></tr></thead>
        <tbody>{rows}</tbody></table><p>Closing balance {balance}</p></body></html>",
        company = esc(&s["company"]["name"]),
        customer = esc(&s["customer"]["name"]),
        as_of = esc(&s["as_of"]),
        account = esc(&s["customer"]["account_number"]),
        balance = money(&s["balance"]),
    )
}
