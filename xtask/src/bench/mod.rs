//! `cargo xtask bench …`: benchmarks whose figures go into BENCHMARKS.md (timings are measured
//! here, never asserted in tests).

pub mod backup;
pub mod custom;
pub mod import;
pub mod search;
pub mod statements;
pub mod stream;
pub mod sync;
pub mod tickets;
pub mod today;
pub mod vault;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::Result;

/// The number after `flag` in `args`, else `default`.
pub fn number(args: &[String], flag: &str, default: u64) -> Result<u64> {
    match args.iter().position(|a| a == flag) {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).ok_or(format!("{flag} takes a number")),
        None => Ok(default),
    }
}

/// Generates the demo data set of `orgs` organizations into `db` with the release CLI unless it
/// is there already (it is cached between runs); returns the CLI's JSON summary when it made it.
pub fn demo_set(cli: &Path, db: &Path, orgs: u64) -> Result<Option<String>> {
    if db.exists() {
        return Ok(None);
    }
    eprintln!("==> generating {orgs} organizations into {}", db.display());
    let started = Instant::now();
    let out = Command::new(cli)
        .args(["--json", "--db"])
        .arg(db)
        .args(["demo", "--orgs", &orgs.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("demo failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let summary = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    println!("generated {orgs} organizations in {:.1?}: {summary}", started.elapsed());
    Ok(Some(summary))
}

/// Prints p50/p95 per group of a sqlite3 script's `.timer on` output, the groups named by
/// `.print @@ name` lines before their statements.
pub fn print_shell_runs(timed: &str) {
    let mut groups: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut current = String::new();
    for line in timed.lines() {
        if let Some(name) = line.strip_prefix("@@ ") {
            current = name.to_owned();
        } else if let Some(t) = line.strip_prefix("Run Time: real ")
            && let Some(s) = t.split_whitespace().next().and_then(|s| s.parse::<f64>().ok())
        {
            groups.entry(current.clone()).or_default().push(s * 1e6);
        }
    }
    for (name, mut list) in groups {
        list.sort_by(f64::total_cmp);
        let at = |p: f64| list[((list.len() as f64 * p) as usize).min(list.len() - 1)];
        println!(
            "raw SQL in the sqlite3 shell, {name}: {} runs, p50 {:.0} µs, p95 {:.0} µs",
            list.len(),
            at(0.5),
            at(0.95)
        );
    }
}
