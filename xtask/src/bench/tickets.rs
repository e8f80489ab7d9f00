//! `cargo xtask bench tickets [--orgs N] [--tickets-per-org K]`: generates (once) a demo database
//! of N organizations with the service desk's data — SLAs, contracts, about K tickets per
//! organization with time entries and updates — then times the Tickets view's first page (200
//! tickets) and count for each filter, and 500 organizations' contracts and service data, through
//! the core (the release CLI's hidden `bench-tickets`) beside the same SQL in the `sqlite3` shell.

use std::process::Command;
use std::time::Instant;

use super::search::sqlite;
use crate::{Result, exec, root};

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    let per_org = super::number(args, "--tickets-per-org", 5)?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    let db = service_set(&cli, orgs, per_org)?;
    let size = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let counts = sqlite(
        &db,
        "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || (SELECT count(*) FROM tickets) \
         || ' tickets (' || (SELECT count(*) FROM tickets WHERE status <> 'closed') || ' not closed), ' \
         || (SELECT count(*) FROM time_entries) || ' time entries, ' || (SELECT count(*) FROM ticket_updates) \
         || ' ticket updates, ' || (SELECT count(*) FROM contracts) || ' contracts';",
    )?;
    println!("data set: {} — database {:.0} MiB", counts.trim(), size as f64 / 1048576.0);

    let raw_sql = dir.join("tickets-raw.sql");
    let out = Command::new(&cli)
        .arg("--db")
        .arg(&db)
        .args(["bench-tickets", "--orgs", "500", "--raw-sql"])
        .arg(&raw_sql)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("bench-tickets failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let core = String::from_utf8_lossy(&out.stdout);
    println!("core (fieldbook-core, release): {}", core.trim());

    let script = std::fs::read_to_string(&raw_sql).map_err(|e| e.to_string())?;
    let timed = sqlite(&db, &script)?;
    super::print_shell_runs(&timed);
    Ok(())
}

/// The demo set of `orgs` organizations with about `per_org` tickets each (and the billing of
/// their past months' time), generated once into target/bench with the release CLI `cli`.
pub fn service_set(cli: &std::path::Path, orgs: u64, per_org: u64) -> Result<std::path::PathBuf> {
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join(format!("tickets-{orgs}-{per_org}-billed.sqlite3"));
    if !db.exists() {
        eprintln!(
            "==> generating {orgs} organizations with about {per_org} tickets each into {}",
            db.display()
        );
        let started = Instant::now();
        let out = Command::new(cli)
            .args(["--json", "--db"])
            .arg(&db)
            .args(["demo", "--orgs", &orgs.to_string(), "--tickets-per-org", &per_org.to_string()])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("demo failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        println!("generated in {:.1?}: {}", started.elapsed(), String::from_utf8_lossy(&out.stdout).trim());
        sqlite(&db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; ANALYZE;")?;
    }
    Ok(db)
}
