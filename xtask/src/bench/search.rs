//! `cargo xtask bench search [--orgs N]`: generates (once) a demo database of N organizations
//! with their people, systems and notes, then times 1,000 varied prefix queries through the core
//! (the release CLI's hidden `bench-search`) and the same FTS5 queries in the `sqlite3` shell on
//! the same file, and prints the figures for BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{Result, exec, root};

/// Words the demo data uses (and a few it does not), cut into prefixes of 2 to 6 letters.
const VOCABULARY: &[&str] = &[
    "harbour",
    "northern",
    "acme",
    "alpine",
    "baltic",
    "cedar",
    "coastal",
    "crown",
    "falcon",
    "granite",
    "highland",
    "horizon",
    "juniper",
    "keystone",
    "lakeside",
    "maple",
    "meridian",
    "muller",
    "schroder",
    "nordic",
    "orchard",
    "pacific",
    "pinnacle",
    "redwood",
    "riverside",
    "sapphire",
    "summit",
    "thames",
    "willow",
    "zurich",
    "dental",
    "logistics",
    "bakery",
    "engineering",
    "architects",
    "veterinary",
    "pharmacy",
    "legal",
    "accounting",
    "motors",
    "hotel",
    "clinic",
    "haustechnik",
    "builders",
    "consulting",
    "leeds",
    "york",
    "manchester",
    "bristol",
    "glasgow",
    "munster",
    "koln",
    "krakow",
    "athens",
    "lyon",
    "malmo",
    "porto",
    "dublin",
    "archer",
    "kowalski",
    "papadopoulos",
    "dubois",
    "garcia",
    "murphy",
    "novak",
    "dvorak",
    "clara",
    "dmitri",
    "francois",
    "jurgen",
    "priya",
    "soren",
    "zoe",
    "printer",
    "battery",
    "alarm",
    "renewal",
    "backup",
    "firewall",
    "laptop",
    "access",
    "invoice",
    "switch",
    "password",
    "router",
    "server",
    "office",
    "practice",
    "director",
    "receptionist",
    "xylophone",
    "quokka",
];

pub fn run(args: &[String]) -> Result {
    let orgs: u64 = match args.iter().position(|a| a == "--orgs") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).ok_or("--orgs takes a number")?,
        None => 100_000,
    };
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join(format!("search-{orgs}.sqlite3"));
    if !db.exists() {
        eprintln!("==> generating {orgs} organizations into {}", db.display());
        let started = Instant::now();
        let out = Command::new(&cli)
            .args(["--json", "--db"])
            .arg(&db)
            .args(["demo", "--orgs", &orgs.to_string()])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("demo failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        println!(
            "generated (data + index, through the triggers): {:.1?} — {}",
            started.elapsed(),
            String::from_utf8_lossy(&out.stdout).trim()
        );
    }
    let started = Instant::now();
    sqlite(&db, "INSERT INTO search_fts(search_fts) VALUES('rebuild');")?;
    println!("FTS5 index rebuild from search_docs: {:.1?}", started.elapsed());
    sqlite(&db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
    let size = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let counts = sqlite(
        &db,
        "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || (SELECT count(*) FROM people) \
         || ' people, ' || (SELECT count(*) FROM systems) || ' systems, ' || (SELECT count(*) FROM notes) || ' notes';",
    )?;
    println!("data set: {} — database {:.0} MiB", counts.trim(), size as f64 / 1048576.0);

    let queries = dir.join("queries.txt");
    std::fs::write(&queries, queries_text()).map_err(|e| e.to_string())?;
    let raw_sql = dir.join("raw.sql");
    let out = Command::new(&cli)
        .arg("--db")
        .arg(&db)
        .arg("bench-search")
        .arg(&queries)
        .arg("--raw-sql")
        .arg(&raw_sql)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("bench-search failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    println!(
        "core (fieldbook-core search, all kinds, 8 per kind): {}",
        String::from_utf8_lossy(&out.stdout).trim()
    );

    let script = std::fs::read_to_string(&raw_sql).map_err(|e| e.to_string())?;
    let timed = sqlite(&db, &script)?;
    let runs: Vec<f64> = timed
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .collect();
    // One timed statement per query (the shell reports milliseconds).
    let mut per_query: Vec<f64> = runs.iter().map(|s| s * 1e6).collect();
    per_query.sort_by(f64::total_cmp);
    let at = |p: f64| per_query[((per_query.len() as f64 * p) as usize).min(per_query.len() - 1)];
    println!(
        "raw FTS5 in the sqlite3 shell (same MATCH per kind, 400 newest candidates ranked, same cache): {} queries, p50 {:.0} µs, p95 {:.0} µs",
        per_query.len(),
        at(0.5),
        at(0.95)
    );
    Ok(())
}

pub(super) fn sqlite(db: &Path, sql: &str) -> Result<String> {
    let out = Command::new("sqlite3")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("piped").write_all(sql.as_bytes())?;
            child.wait_with_output()
        })
        .map_err(|e| format!("sqlite3: {e}"))?;
    if !out.status.success() {
        return Err(format!("sqlite3 failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// 1,000 varied queries: prefixes of 2–6 letters, two-word prefixes, phone and IP fragments.
fn queries_text() -> String {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut lines = Vec::with_capacity(1000);
    while lines.len() < 1000 {
        let word = VOCABULARY[(next() % VOCABULARY.len() as u64) as usize];
        let cut = |w: &str, n: u64| w.chars().take(2 + (n % 5) as usize).collect::<String>();
        let line = match next() % 10 {
            0..=5 => cut(word, next()),
            6 | 7 => {
                let other = VOCABULARY[(next() % VOCABULARY.len() as u64) as usize];
                format!("{} {}", cut(word, next()), cut(other, next()))
            }
            8 => format!("1{:02} {:03}", next() % 100, next() % 1000),
            _ => format!("10.{}.", next() % 256),
        };
        lines.push(line);
    }
    lines.join("\n") + "\n"
}
