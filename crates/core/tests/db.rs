//! The database file itself: pragmas, reopening, and integrity.

mod common;

use common::TestCore;
use fieldbook_core::Core;

#[tokio::test]
async fn data_survives_reopening_and_the_file_is_wal_and_sound() {
    let core = TestCore::new().await;
    let path = core.dir.path().join("fieldbook.sqlite3");
    let org = core.org("Acme").await;
    core.close().await;

    let reopened = Core::open(&path).await.unwrap();
    assert_eq!(reopened.organizations().get(org.id).await.unwrap().name, "Acme");
    reopened.close().await;

    let output = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("PRAGMA journal_mode; PRAGMA integrity_check; SELECT count(*) FROM _sqlx_migrations;")
        .output();
    // The sqlite3 shell is a test dependency installed by `cargo xtask test`.
    let output = output.expect("sqlite3 CLI missing: run `cargo xtask test`, which installs it");
    let text = String::from_utf8_lossy(&output.stdout);
    // Every migration in the folder is applied, once.
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap().count();
    assert_eq!(text.lines().collect::<Vec<_>>(), ["wal", "ok", migrations.to_string().as_str()]);
}

#[tokio::test]
async fn opening_creates_missing_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/fieldbook.sqlite3");
    let core = Core::open(&path).await.unwrap();
    core.close().await;
    assert!(path.exists());
}
