//! `cargo xtask bench custom [--orgs N]`: the demo set of N organizations (generated once) copied,
//! with 10 custom fields on organizations and 10 on people added and filled in (about 70 % of
//! records have a value in each: choice lists, yes/no, text, number, date, web address), then the
//! lists' first page (200 rows) unfiltered and filtered on choice and yes/no fields, their counts,
//! a record's values and a search for a custom text value timed through the core (the release
//! CLI's hidden `bench-custom`), beside the same list SQL in the `sqlite3` shell.

use std::process::Command;
use std::time::Instant;

use super::search::sqlite;
use crate::{Result, exec, root};

/// The fields: (record kind, label, kind, choices, SQL for a record's value from `h`, a hash of
/// its rowid in 0..1000, NULL for no value).
const FIELDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "organization",
        "Contract tier",
        "choice",
        r#"["Platinum","Gold","Silver","Bronze"]"#,
        "CASE WHEN h < 20 THEN 'Platinum' WHEN h < 150 THEN 'Gold' WHEN h < 450 THEN 'Silver' WHEN h < 700 THEN 'Bronze' END",
    ),
    (
        "organization",
        "Sales region",
        "choice",
        r#"["North","South","East","West","Central","Overseas"]"#,
        "CASE WHEN h < 700 THEN json_extract('[\"North\",\"South\",\"East\",\"West\",\"Central\",\"Overseas\"]', '$[' || (h % 6) || ']') END",
    ),
    (
        "organization",
        "Industry",
        "choice",
        r#"["Health","Legal","Retail","Hospitality","Manufacturing","Education","Public sector","Other"]"#,
        "CASE WHEN h < 700 THEN json_extract('[\"Health\",\"Legal\",\"Retail\",\"Hospitality\",\"Manufacturing\",\"Education\",\"Public sector\",\"Other\"]', '$[' || (h % 8) || ']') END",
    ),
    (
        "organization",
        "Managed backup",
        "yes_no",
        "[]",
        "CASE WHEN h < 700 THEN CASE WHEN h % 3 = 0 THEN 'no' ELSE 'yes' END END",
    ),
    (
        "organization",
        "After-hours access",
        "yes_no",
        "[]",
        "CASE WHEN h < 700 THEN CASE WHEN h % 5 = 0 THEN 'yes' ELSE 'no' END END",
    ),
    (
        "organization",
        "Alarm code location",
        "text",
        "[]",
        "CASE WHEN h < 700 THEN 'Cabinet ' || (h % 37) || ' behind reception' END",
    ),
    (
        "organization",
        "Preferred courier",
        "text",
        "[]",
        "CASE WHEN h < 700 THEN json_extract('[\"DHL\",\"UPS\",\"FedEx\",\"Royal Mail\",\"DPD\"]', '$[' || (h % 5) || ']') END",
    ),
    ("organization", "Seats", "number", "[]", "CASE WHEN h < 700 THEN 1 + h % 250 END"),
    (
        "organization",
        "Renewal date",
        "date",
        "[]",
        "CASE WHEN h < 700 THEN date('2026-01-01', '+' || (h % 365) || ' days') END",
    ),
    (
        "organization",
        "Customer portal",
        "url",
        "[]",
        "CASE WHEN h < 700 THEN 'https://portal' || (h % 97) || '.example.com' END",
    ),
    (
        "person",
        "Role in buying",
        "choice",
        r#"["Decision maker","Influencer","User","Billing"]"#,
        "CASE WHEN h < 50 THEN 'Decision maker' WHEN h < 250 THEN 'Influencer' WHEN h < 600 THEN 'User' WHEN h < 700 THEN 'Billing' END",
    ),
    (
        "person",
        "Shift",
        "choice",
        r#"["Early","Day","Late","Night"]"#,
        "CASE WHEN h < 700 THEN json_extract('[\"Early\",\"Day\",\"Late\",\"Night\"]', '$[' || (h % 4) || ']') END",
    ),
    (
        "person",
        "Preferred contact",
        "choice",
        r#"["Phone","Email","Text message","In person"]"#,
        "CASE WHEN h < 700 THEN json_extract('[\"Phone\",\"Email\",\"Text message\",\"In person\"]', '$[' || (h % 4) || ']') END",
    ),
    (
        "person",
        "VIP",
        "yes_no",
        "[]",
        "CASE WHEN h < 700 THEN CASE WHEN h % 10 = 0 THEN 'yes' ELSE 'no' END END",
    ),
    (
        "person",
        "Newsletter",
        "yes_no",
        "[]",
        "CASE WHEN h < 700 THEN CASE WHEN h % 2 = 0 THEN 'yes' ELSE 'no' END END",
    ),
    ("person", "Badge number", "text", "[]", "CASE WHEN h < 700 THEN 'B-' || (10000 + h) END"),
    (
        "person",
        "Assistant",
        "text",
        "[]",
        "CASE WHEN h < 700 THEN json_extract('[\"Sam\",\"Alex\",\"Robin\",\"Kim\"]', '$[' || (h % 4) || ']') END",
    ),
    ("person", "Extension", "number", "[]", "CASE WHEN h < 700 THEN 200 + h END"),
    (
        "person",
        "Birthday",
        "date",
        "[]",
        "CASE WHEN h < 700 THEN date('1970-01-01', '+' || (h * 13) || ' days') END",
    ),
    (
        "person",
        "Profile page",
        "url",
        "[]",
        "CASE WHEN h < 700 THEN 'https://intranet.example.com/p/' || h END",
    ),
];

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let base = dir.join(format!("search-{orgs}.sqlite3"));
    super::demo_set(&cli, &base, orgs)?;
    let db = dir.join(format!("custom-{orgs}.sqlite3"));
    if !db.exists() {
        let started = Instant::now();
        let part = dir.join(format!("custom-{orgs}.sqlite3.part"));
        let _ = std::fs::remove_file(&part);
        sqlite(&base, &format!("VACUUM INTO '{}';", part.display()))?;
        // A demo set cached by an older Fieldbook is migrated first (opening it does that).
        let opened = Command::new(&cli).arg("--db").arg(&part).args(["search", "migrate"]).output();
        if !opened.as_ref().is_ok_and(|o| o.status.success()) {
            return Err(format!("opening {} failed: {opened:?}", part.display()));
        }
        sqlite(&part, &fill_sql())?;
        sqlite(&part, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
        std::fs::rename(&part, &db).map_err(|e| e.to_string())?;
        println!("custom fields added and filled in {:.1?}", started.elapsed());
    }
    let size = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let counts = sqlite(
        &db,
        "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || (SELECT count(*) FROM people) \
         || ' people, ' || (SELECT count(*) FROM custom_fields) || ' custom fields, ' \
         || (SELECT count(*) FROM custom_values) || ' custom values';",
    )?;
    println!("data set: {} — database {:.0} MiB", counts.trim(), size as f64 / 1048576.0);

    let raw_sql = dir.join("custom-raw.sql");
    let out = Command::new(&cli)
        .arg("--db")
        .arg(&db)
        .args(["bench-custom", "--raw-sql"])
        .arg(&raw_sql)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("bench-custom failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    println!("core (fieldbook-core, release): {}", String::from_utf8_lossy(&out.stdout).trim());

    let script = std::fs::read_to_string(&raw_sql).map_err(|e| e.to_string())?;
    let timed = sqlite(&db, &script)?;
    super::print_shell_runs(&timed);
    Ok(())
}

/// The fields (ids fixed: 0x…c0 + n) and their values, one INSERT … SELECT per field; the search
/// triggers keep the documents as the app would.
fn fill_sql() -> String {
    let mut sql = String::from("BEGIN;\n");
    for (n, (record, label, kind, choices, value)) in FIELDS.iter().enumerate() {
        let id = format!("0190000000007000800000000000c0{n:02x}");
        let position = FIELDS[..n].iter().filter(|f| f.0 == *record).count();
        let table = if *record == "organization" { "organizations" } else { "people" };
        sql.push_str(&format!(
            "INSERT INTO custom_fields (id, record_kind, position, label, kind, choices, created_at, updated_at)
             VALUES (X'{id}', '{record}', {position}, '{label}', '{kind}', '{choices}',
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
             INSERT INTO custom_values (field_id, record_id, value)
             SELECT X'{id}', id, v FROM (SELECT id, {value} AS v
                FROM (SELECT id, ((rowid + {n}) * 2654435761) % 1000 AS h FROM {table})) WHERE v IS NOT NULL;\n"
        ));
    }
    sql.push_str("COMMIT;\n");
    sql
}
