//! Site details through the CLI binary against a real database, the real OS keyring (started by
//! `cargo xtask test`), and real processes killed mid-write.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"));
    c.arg("--db").arg(db).args(args).env_remove("FIELDBOOK_DB");
    c
}

fn run(mut c: Command, stdin: &str) -> Output {
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn json(db: &Path, args: &[&str], stdin: &str) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(command(db, &all), stdin);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Makes "Tess Tester" (an admin, the first member) the database's machine user.
fn with_user(db: &Path) {
    json(db, &["staff", "add", "Tess Tester", "--me"], "");
}

/// Whether a Secret Service answers here (see the core tests' `keyring_works`).
fn keyring_works() -> bool {
    let ok = Command::new("secret-tool")
        .args(["search", "service", "fieldbook-probe"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success() || s.code() == Some(1))
        && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    if !ok && std::env::var_os("FIELDBOOK_KEYRING_REQUIRED").is_some() {
        panic!("no Secret Service here, and FIELDBOOK_KEYRING_REQUIRED is set");
    }
    if !ok {
        eprintln!("\n*** keyring test SKIPPED: no Secret Service. `cargo xtask test` starts one. ***\n");
    }
    ok
}

fn setup_router(db: &Path) -> String {
    json(
        db,
        &[
            "system-type",
            "add",
            "--name",
            "Router",
            "--field",
            "IP address:ip_address",
            "--field",
            "Password:secret:required",
        ],
        "",
    );
    let org = json(db, &["org", "add", "--name", "Acme", "--account", "1001"], "");
    org["id"].as_str().unwrap().to_owned()
}

/// Every occurrence of `needle` in the files under `dir` (the database, its WAL, anything).
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            hits.push(entry.display().to_string());
        }
    }
    hits
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn a_planted_secret_is_only_in_the_keyring_never_in_the_database_wal_or_output() {
    if !keyring_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    setup_router(&db);
    let planted = format!("PLANTED-{}-s3cr3t", std::process::id());
    let mut add = command(
        &db,
        &[
            "system",
            "add",
            "--org",
            "1001",
            "--type",
            "Router",
            "--name",
            "Gateway",
            "--set",
            "IP address=10.0.0.1",
            "--secret",
            "Password",
        ],
    );
    // The CLI logs through the app's logger: at trace level the core's and sqlx's own lines
    // (every statement run) are in stderr, and the secret must be in none of them. Temp files
    // go to a folder of the test's, searched below.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    add.env("RUST_LOG", "trace").env("TMPDIR", &tmp);
    let added = run(add, &format!("{planted}\n"));
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let log = String::from_utf8_lossy(&added.stderr);
    assert!(log.contains("INSERT INTO secrets"), "no real log was written: {log}");
    let logs = [added.stdout.clone(), added.stderr.clone()].concat();
    assert!(!String::from_utf8_lossy(&logs).contains(&planted), "the secret was printed");
    assert!(String::from_utf8_lossy(&added.stdout).contains("••••"), "not shown masked");

    // In the keyring, under service "fieldbook".
    let id = String::from_utf8_lossy(&added.stdout).split_whitespace().next().unwrap().to_owned();
    let shown = json(&db, &["system", "show", &id], "");
    let secret_id = shown["fields"][1]["secret"]["id"].as_str().unwrap().to_owned();
    let lookup = Command::new("secret-tool")
        .args(["lookup", "service", "fieldbook", "username", &secret_id])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&lookup.stdout).trim(), planted);

    // Not in the database file, its WAL, the file store, or any listing.
    let listing = run(command(&db, &["--json", "system", "list", "--org", "1001"]), "");
    let masked = run(command(&db, &["system", "show", &id]), "");
    for out in [&listing, &masked] {
        assert!(!String::from_utf8_lossy(&out.stdout).contains(&planted));
    }
    assert!(dir.path().join("cli.sqlite3-wal").exists() || dir.path().join("cli.sqlite3").exists());
    assert_eq!(files_containing(dir.path(), planted.as_bytes()), Vec::<String>::new());

    // Nor in the CSV exports.
    for what in ["orgs", "people"] {
        let file = dir.path().join(format!("{what}.csv"));
        let out = run(command(&db, &["export", what, file.to_str().unwrap(), "--archived"]), "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::read(&file).unwrap().len() > 10);
    }
    assert_eq!(files_containing(dir.path(), planted.as_bytes()), Vec::<String>::new());

    // Changing it (under the logger again) leaves it nowhere either.
    let changed = format!("{planted}-changed");
    let mut edit = command(&db, &["system", "edit", &id, "--secret", "Password"]);
    edit.env("RUST_LOG", "trace").env("TMPDIR", &tmp);
    let edited = run(edit, &format!("{changed}\n"));
    assert!(edited.status.success(), "{}", String::from_utf8_lossy(&edited.stderr));
    assert!(!String::from_utf8_lossy(&[edited.stdout, edited.stderr].concat()).contains(&planted));
    assert_eq!(files_containing(dir.path(), planted.as_bytes()), Vec::<String>::new());
    let planted = changed;

    // --reveal shows it and leaves an audit entry.
    let revealed = json(&db, &["system", "show", &id, "--reveal"], "");
    assert_eq!(revealed["revealed"][0]["value"], planted.as_str());
    let audit =
        Command::new("sqlite3").arg(&db).arg("SELECT action FROM secret_audit ORDER BY at").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&audit.stdout).lines().collect::<Vec<_>>(), ["set", "set", "reveal"]);
    assert_eq!(files_containing(dir.path(), planted.as_bytes()), Vec::<String>::new());
}

#[test]
fn without_dbus_saving_a_secret_fails_clearly_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    setup_router(&db);
    let mut add = command(
        &db,
        &["system", "add", "--org", "1001", "--type", "Router", "--name", "Gateway", "--secret", "Password"],
    );
    add.env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}/no-such-bus", dir.path().display()));
    let out = run(add, "hunter2\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Password: No system keyring is available"), "{stderr}");
    assert!(stderr.contains("Nothing was saved"), "{stderr}");
    assert!(!stderr.contains("hunter2"));
    let systems = json(&db, &["system", "list", "--org", "1001"], "");
    assert_eq!(systems, serde_json::json!([]), "a system was saved without its secret");
}

#[test]
fn notes_and_files_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Acme", "--account", "1001"], "");
    json(&db, &["note", "add", "--org", "1001", "--text", "routine visit"], "");
    json(&db, &["note", "add", "--org", "1001", "--text", "alarm code changed", "--urgent"], "");
    let notes = json(&db, &["note", "list", "--org", "1001"], "");
    assert_eq!(notes[0]["body"], "alarm code changed");
    assert_eq!(notes[0]["urgent"], true);

    let src = dir.path().join("site-map.pdf");
    std::fs::write(&src, b"%PDF-1.4 site map").unwrap();
    let attached = json(&db, &["file", "add", src.to_str().unwrap(), "--org", "1001"], "");
    assert_eq!(attached[0]["size"], 17);
    assert_eq!(attached[0]["media_type"], "application/pdf");
    let out = dir.path().join("copy.pdf");
    json(&db, &["file", "get", attached[0]["id"].as_str().unwrap(), out.to_str().unwrap()], "");
    assert_eq!(std::fs::read(out).unwrap(), b"%PDF-1.4 site map");
}

/// Checks that every attachment row points at a complete blob and the database is intact.
fn assert_consistent(dir: &Path, db: &Path) {
    let rows = Command::new("sqlite3")
        .arg(db)
        .arg(
            "PRAGMA integrity_check; SELECT a.sha256, b.size FROM attachments a JOIN blobs b USING (sha256);",
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&rows.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("ok"), "integrity_check: {text}");
    for line in lines {
        let (sha, size) = line.split_once('|').unwrap();
        let blob = dir.join("files").join(&sha[..2]).join(sha);
        let bytes =
            std::fs::read(&blob).unwrap_or_else(|e| panic!("row points at missing {}: {e}", blob.display()));
        assert_eq!(bytes.len().to_string(), size, "partial blob {sha}");
        use sha2::Digest;
        assert_eq!(
            format!("{:x}", sha2::Sha256::digest(&bytes)),
            sha,
            "blob contents do not match their name"
        );
    }
}

#[test]
fn killing_an_attach_midway_leaves_no_row_without_its_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    json(&db, &["org", "add", "--name", "Acme", "--account", "1001"], "");
    // Large enough that copying, hashing and fsyncing it takes a while.
    let big = dir.path().join("backup.img");
    let chunk: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let mut f = std::fs::File::create(&big).unwrap();
    for i in 0..48u8 {
        f.write_all(&[i]).unwrap();
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    for delay_ms in [5, 40, 120, 400] {
        let mut child = command(&db, &["file", "add", big.to_str().unwrap(), "--org", "1001"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no cleanup runs
        let _ = child.wait();
        assert_consistent(dir.path(), &db);
    }
    // And one that finishes: it is complete and listed.
    json(&db, &["file", "add", big.to_str().unwrap(), "--org", "1001"], "");
    assert_consistent(dir.path(), &db);
    let listed = json(&db, &["file", "list", "--org", "1001"], "");
    assert!(!listed.as_array().unwrap().is_empty());
}

#[test]
fn system_edit_changes_a_password_and_a_failed_edit_keeps_the_old_one() {
    if !keyring_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    with_user(&db);
    setup_router(&db);
    let add =
        ["system", "add", "--org", "1001", "--type", "Router", "--name", "Gateway", "--secret", "Password"];
    let system = json(&db, &add, "first-password\n");
    let id = system["id"].as_str().unwrap().to_owned();
    let first_secret = system["fields"][1]["secret"]["id"].as_str().unwrap().to_owned();
    let reveal =
        |db: &Path| json(db, &["system", "show", &id, "--reveal"], "")["revealed"][0]["value"].clone();
    let lookup = |secret_id: &str| {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", "fieldbook", "username", secret_id])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };

    // The database fails the save (a trigger stands in for a full disk): exit 1, and the old
    // password is still the one shown and stored.
    let sql = |q: &str| assert!(Command::new("sqlite3").arg(&db).arg(q).status().unwrap().success());
    sql("CREATE TRIGGER fail_saves BEFORE UPDATE ON systems BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    let edit = ["system", "edit", &id, "--set", "IP address=10.0.0.2", "--secret", "Password"];
    let failed = run(command(&db, &edit), "second-password\n");
    assert_eq!(failed.status.code(), Some(1), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(!String::from_utf8_lossy(&failed.stderr).contains("second-password"));
    assert_eq!(reveal(&db), "first-password");
    assert_eq!(lookup(&first_secret), "first-password");

    // Once the database takes writes again the change goes through; the old entry is gone.
    sql("DROP TRIGGER fail_saves");
    let edited = json(&db, &edit, "second-password\n");
    let second_secret = edited["fields"][1]["secret"]["id"].as_str().unwrap().to_owned();
    assert_ne!(second_secret, first_secret);
    assert_eq!(edited["fields"][0]["value"], "10.0.0.2");
    assert_eq!(reveal(&db), "second-password");
    assert_eq!(lookup(&first_secret), "", "the replaced keyring entry was left behind");
    assert_eq!(lookup(&second_secret), "second-password");

    // Fields not named keep their values; an empty --set clears a plain field.
    let renamed = json(&db, &["system", "edit", &id, "--name", "Main gateway"], "");
    assert_eq!(renamed["name"], "Main gateway");
    assert_eq!(renamed["fields"][0]["value"], "10.0.0.2");
    assert_eq!(reveal(&db), "second-password");
    let cleared = json(&db, &["system", "edit", &id, "--set", "IP address="], "");
    assert_eq!(cleared["fields"][0]["value"], serde_json::Value::Null);
}
