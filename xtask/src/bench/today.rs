//! `cargo xtask bench today [--orgs N] [--tickets-per-org K]`: the Today page through the core
//! (the release CLI's hidden `bench-today`) for every staff member, on the data set of
//! `bench tickets` (generated once): N organizations, about K tickets each with time, the past
//! months' time invoiced and mostly paid, this month's unbilled.

use std::process::Command;

use super::search::sqlite;
use crate::{Result, exec, root};

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    let per_org = super::number(args, "--tickets-per-org", 5)?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let db = super::tickets::service_set(&cli, orgs, per_org)?;
    let size = std::fs::metadata(&db).map_err(|e| e.to_string())?.len();
    let counts = sqlite(
        &db,
        "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || (SELECT count(*) FROM tickets) \
         || ' tickets, ' || (SELECT count(*) FROM time_entries) || ' time entries (' \
         || (SELECT count(*) FROM time_entries WHERE invoice_id IS NULL AND billable = 1) || ' billable unbilled), ' \
         || (SELECT count(*) FROM invoices) || ' invoices (' || (SELECT count(*) FROM invoices WHERE void_date IS NOT NULL) \
         || ' void), ' || (SELECT count(*) FROM payments) || ' payments, ' || (SELECT count(*) FROM contracts) \
         || ' contracts, ' || (SELECT count(*) FROM notes WHERE callback_at IS NOT NULL AND callback_done_at IS NULL) \
         || ' open call-backs';",
    )?;
    println!("data set: {} — database {:.0} MiB", counts.trim(), size as f64 / 1048576.0);
    let out =
        Command::new(&cli).arg("--db").arg(&db).arg("bench-today").output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("bench-today failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    println!("core (fieldbook-core, release): {}", String::from_utf8_lossy(&out.stdout).trim());
    Ok(())
}
