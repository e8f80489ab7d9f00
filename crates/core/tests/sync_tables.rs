//! Every table of the migrated schema is declared synced, local (with a reason) or per key in
//! `fieldbook_core::sync::tables` — a table a later migration adds fails here until it is.

mod common;

use common::TestCore;
use fieldbook_core::sync::tables::{Scope, TABLES, scope};

#[tokio::test]
async fn every_table_is_declared_synced_or_local_and_every_declared_table_exists() {
    let t = TestCore::new().await;
    let path = t.database_path().to_owned();
    // The schema as the sqlite3 shell reads it, not through the core.
    let out = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .output()
        .expect("the sqlite3 shell is needed (cargo xtask test installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tables: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    assert!(tables.len() > 30, "the schema looks empty: {tables:?}");

    let undeclared: Vec<&String> = tables.iter().filter(|t| scope(t).is_none()).collect();
    assert!(
        undeclared.is_empty(),
        "tables neither synced nor local: {undeclared:?} — declare each in crates/core/src/sync/tables.rs \
         (Synced, or Local with the reason it stays on this machine)"
    );
    let gone: Vec<&str> =
        TABLES.iter().map(|(name, _)| *name).filter(|name| !tables.iter().any(|t| t == name)).collect();
    assert!(gone.is_empty(), "declared but not in the schema: {gone:?}");

    // Synced tables have a primary key: a row must be the same row on every machine (a UUID
    // "id", or the ids of what it joins, as allocations and system values).
    for (table, _) in TABLES.iter().filter(|(_, s)| *s == Scope::Synced) {
        let pk = std::process::Command::new("sqlite3")
            .arg(&path)
            .arg(format!("SELECT group_concat(name) FROM pragma_table_info('{table}') WHERE pk > 0"))
            .output()
            .unwrap();
        let pk = String::from_utf8_lossy(&pk.stdout).trim().to_owned();
        assert!(!pk.is_empty(), "synced table {table} has no primary key");
    }
}
