//! `cargo xtask bench stream [--orgs N]`: generates (once) a demo database of N organizations
//! with staff, members, activities and ~10 stream entries each, then times 500 organizations'
//! first stream page and My agenda (every staff member and "anyone", 10 rounds, after a warm-up)
//! through the core (the release CLI's hidden `bench-stream`) beside the same SQL in the
//! `sqlite3` shell.

use std::process::Command;

use super::search::sqlite;
use crate::{Result, exec, root};

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join(format!("stream-{orgs}.sqlite3"));
    if super::demo_set(&cli, &db, orgs)?.is_some() {
        sqlite(&db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; ANALYZE;")?;
    }
    let size = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let counts = sqlite(
        &db,
        "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || (SELECT count(*) FROM stream_entries) \
         || ' stream entries, ' || (SELECT count(*) FROM activities) || ' activities (' \
         || (SELECT count(*) FROM activities WHERE status = 'planned') || ' planned), ' \
         || (SELECT count(*) FROM notes WHERE callback_at IS NOT NULL AND callback_done_at IS NULL) || ' open call-backs, ' \
         || (SELECT count(*) FROM staff) || ' staff';",
    )?;
    println!("data set: {} — database {:.0} MiB", counts.trim(), size as f64 / 1048576.0);

    let raw_sql = dir.join("stream-raw.sql");
    let out = Command::new(&cli)
        .arg("--db")
        .arg(&db)
        .args(["bench-stream", "--orgs", "500", "--raw-sql"])
        .arg(&raw_sql)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("bench-stream failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let core = String::from_utf8_lossy(&out.stdout);
    println!("core (fieldbook-core, release): {}", core.split_whitespace().collect::<Vec<_>>().join(" "));
    let pages: usize = serde_json_runs(&core).ok_or("bench-stream printed no run count")?;

    let script = std::fs::read_to_string(&raw_sql).map_err(|e| e.to_string())?;
    let timed = sqlite(&db, &script)?;
    let runs: Vec<f64> = timed
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map(|s| s * 1e6)
        .collect();
    let (page_runs, agenda_runs) = runs.split_at(pages.min(runs.len()));
    for (what, list) in
        [("first stream page", page_runs), ("agenda (6 queries as one statement)", agenda_runs)]
    {
        let mut list = list.to_vec();
        list.sort_by(f64::total_cmp);
        if list.is_empty() {
            continue;
        }
        let at = |p: f64| list[((list.len() as f64 * p) as usize).min(list.len() - 1)];
        println!(
            "raw SQL in the sqlite3 shell, {what}: {} runs, p50 {:.0} µs, p95 {:.0} µs",
            list.len(),
            at(0.5),
            at(0.95)
        );
    }
    Ok(())
}

/// The stream pages' run count from bench-stream's JSON (`"stream_first_page": {… "runs": N`).
fn serde_json_runs(json: &str) -> Option<usize> {
    let after = json.split("\"stream_first_page\"").nth(1)?;
    let runs = after.split("\"runs\":").nth(1)?;
    runs.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}
