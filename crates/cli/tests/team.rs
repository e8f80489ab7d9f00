//! `fieldbook-cli team …` against a real PostgreSQL (the core tests' throwaway server): setting
//! a server up, and two machines (two databases) publishing, joining, syncing and resolving.

#[path = "../../core/tests/common/pg.rs"]
#[allow(dead_code)] // (the TLS server is for the core tests)
mod pg;

use std::io::Write;
use std::process::{Command, Stdio};

fn team(args: &[&str], stdin: &str) -> std::process::Output {
    on(None, args, stdin)
}

/// Runs the CLI on the database `db` (None: no database option).
fn on(db: Option<&std::path::Path>, args: &[&str], stdin: &str) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"));
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn init_sets_up_an_empty_database_once_with_the_password_from_stdin() {
    let Some(server) = pg::PgServer::start() else { return };
    let url = server.database("team").await.replace(":pw@", "@");
    let out = team(&["--json", "team", "init", "--url", &url], "pw\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["schema"], fieldbook_core::sync::server::SERVER_SCHEMA);

    let again = team(&["team", "init", "--url", &url], "pw\n");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already is a Fieldbook team database"));
    let shown = team(&["team", "info", "--url", &url], "pw\n");
    assert!(String::from_utf8_lossy(&shown.stdout).contains(info["data_set_id"].as_str().unwrap()));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("admin.sqlite3");
    let added = on(Some(&db), &["--json", "team", "add-member", "--url", &url, "ann_lee"], "pw\n");
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let added: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let ann = url.replace("fieldbook_admin@", "ann_lee@");
    let as_ann =
        team(&["team", "info", "--url", &ann], &format!("{}\n", added["password"].as_str().unwrap()));
    // A member reads no table, but may see which data set the server holds.
    assert!(as_ann.status.success(), "{}", String::from_utf8_lossy(&as_ann.stderr));
    assert!(String::from_utf8_lossy(&as_ann.stdout).contains(info["data_set_id"].as_str().unwrap()));
    let removed = team(&["team", "remove-member", "--url", &url, "ann_lee"], "pw\n");
    assert!(removed.status.success(), "{}", String::from_utf8_lossy(&removed.stderr));
    let wrong = team(&["team", "info", "--url", &url], "nope\n");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("refused the user name or password"));
}

/// Runs the CLI with --json on `db` and returns its output; fails the test on an error.
fn json(db: &std::path::Path, args: &[&str], stdin: &str) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = on(Some(db), &all, stdin);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

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

#[tokio::test]
async fn two_machines_publish_join_sync_and_resolve_a_conflict_from_the_command_line() {
    let Some(server) = pg::PgServer::start() else { return };
    if !keyring_works() {
        return;
    }
    let url = server.database("team").await.replace(":pw@", "@");
    assert!(team(&["team", "init", "--url", &url], "pw\n").status.success());
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    json(&a, &["staff", "add", "Tess Tester", "--me"], "");
    json(&a, &["org", "add", "--name", "Acme Dental", "--account", "1001", "--city", "Leeds"], "");
    let published = json(&a, &["team", "publish", "--url", &url], "pw\n");
    assert!(published["pushed"].as_u64().unwrap() >= 2, "{published}");

    // B has a record of its own: joining needs --replace.
    json(&b, &["org", "add", "--name", "Scratch"], "");
    let refused = on(Some(&b), &["team", "join", "--url", &url], "pw\n");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("records of its own (1 organization)"));
    // B's user is Tess, whose own login the admin makes from her staff record on A.
    let added = json(&a, &["team", "add-member", "--url", &url, "tess tester", "--role", "admin"], "pw\n");
    assert_eq!(
        (added["login"].as_str(), added["staff"].as_str()),
        (Some("tess_tester"), Some("Tess Tester")),
        "{added}"
    );
    let tess = url.replace("fieldbook_admin@", "tess_tester@");
    json(
        &b,
        &["team", "join", "--url", &tess, "--replace"],
        &format!("{}\n", added["password"].as_str().unwrap()),
    );
    json(&b, &["staff", "me", "Tess Tester"], "");
    let orgs = json(&b, &["org", "list"], "");
    assert_eq!(orgs.as_array().unwrap().len(), 1, "{orgs}");

    // B's machine waits to read the team's passwords until an admin on A approves it, by the
    // fingerprint both show.
    let waiting = on(Some(&b), &["team", "status"], "");
    let waiting = String::from_utf8_lossy(&waiting.stdout).into_owned();
    assert!(waiting.contains("Passwords: waiting for an admin to approve this machine"), "{waiting}");
    let fingerprint =
        json(&b, &["team", "status"], "")["passwords"]["fingerprint"].as_str().unwrap().to_owned();
    let listed = on(Some(&a), &["team", "devices"], "");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains(&format!("{fingerprint}  ")) && listed.contains("tess_tester · waiting for approval"),
        "{listed}"
    );
    let approved = on(Some(&a), &["team", "approve", &fingerprint], "");
    assert!(
        String::from_utf8_lossy(&approved.stdout).contains("receives the team's passwords"),
        "{}",
        String::from_utf8_lossy(&approved.stderr)
    );
    json(&b, &["team", "sync"], "");
    assert_eq!(json(&b, &["team", "status"], "")["passwords"]["state"], "approved");
    // Removing it from the team's passwords changes the key (no passwords to list: there are none).
    let removed = on(Some(&a), &["team", "remove-device", &fingerprint], "");
    let removed_text = String::from_utf8_lossy(&removed.stdout).into_owned();
    assert!(
        removed_text.contains("The team's key is now version 2"),
        "{removed_text}{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    json(&b, &["team", "sync"], "");
    assert_eq!(json(&b, &["team", "status"], "")["passwords"]["state"], "removed");
    // A recovery kit: the passphrase from the pipe, the page to the file.
    let kit_file = dir.path().join("kit.pdf");
    let kit =
        json(&a, &["team", "recovery-kit", "--out", kit_file.to_str().unwrap()], "four words to remember\n");
    assert!(kit["fingerprint"].as_str().is_some_and(|f| f.len() == 24), "{kit}");
    assert!(std::fs::read(&kit_file).unwrap().starts_with(b"%PDF"));

    // Both change the city: the first to sync wins, the other gets a conflict to resolve.
    json(&a, &["org", "edit", "1001", "--city", "York"], "");
    json(&b, &["org", "edit", "1001", "--city", "Hull"], "");
    let status = json(&b, &["team", "status"], "");
    assert_eq!((status["joined"].as_bool(), status["waiting"].as_u64()), (Some(true), Some(1)), "{status}");
    assert!(!status["url"].as_str().unwrap().contains("pw"), "{status}");
    json(&a, &["team", "sync"], "");
    let synced = json(&b, &["team", "sync"], "");
    assert_eq!(synced["conflicts"], 1, "{synced}");
    let conflicts = json(&b, &["team", "conflicts"], "");
    let c = &conflicts[0];
    assert_eq!(
        (c["field"].as_str(), c["mine"].as_str(), c["theirs"].as_str()),
        (Some("city"), Some("Hull"), Some("York"))
    );
    let text = on(Some(&b), &["team", "conflicts"], "");
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("Acme Dental · city"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
    json(&b, &["team", "resolve", c["id"].as_str().unwrap(), "--take", "mine"], "");
    json(&b, &["team", "sync"], "");
    json(&a, &["team", "sync"], "");
    let org = json(&a, &["org", "show", "1001"], "");
    assert_eq!(org["organization"]["address"]["city"], "Hull", "{org}");

    // Leaving keeps the records.
    json(&a, &["team", "leave"], "");
    assert_eq!(json(&a, &["team", "status"], "")["joined"], false);
    assert_eq!(json(&a, &["org", "list"], "").as_array().unwrap().len(), 1);
}

/// Kills the process after `after_ms` (SIGKILL, as a crash or a pulled plug would end it); its
/// exit status, None when it was killed.
fn killed_after(db: &std::path::Path, args: &[&str], stdin: &str, after_ms: u64) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(after_ms));
    let _ = child.kill();
    child.wait().unwrap().code()
}

#[tokio::test]
async fn killing_the_process_mid_join_and_mid_sync_loses_nothing_and_applies_nothing_twice() {
    let Some(server) = pg::PgServer::start() else { return };
    if !keyring_works() {
        return;
    }
    let url = server.database("team").await.replace(":pw@", "@");
    assert!(team(&["team", "init", "--url", &url], "pw\n").status.success());
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    json(&a, &["staff", "add", "Tess Tester", "--me"], "");
    json(&a, &["demo", "--orgs", "150"], "");
    json(&a, &["team", "publish", "--url", &url], "pw\n");

    // B's first download is cut off at different points; it carries on where it stopped.
    for (i, ms) in [40, 120, 250].iter().enumerate() {
        let status = json(&b, &["team", "status"], "");
        let args: Vec<&str> = if status["joined"] == true {
            vec!["team", "sync"]
        } else if i == 0 {
            vec!["team", "join", "--url", &url]
        } else {
            vec!["team", "join", "--url", &url, "--replace"]
        };
        let code = killed_after(&b, &args, "pw\n", *ms);
        let after = json(&b, &["team", "status"], "");
        eprintln!(
            "join/sync killed after {ms} ms (exit {code:?}): cursor {}, waiting {}",
            after["cursor"], after["waiting"]
        );
    }
    let status = json(&b, &["team", "status"], "");
    if status["joined"] != true {
        json(&b, &["team", "join", "--url", &url, "--replace"], "pw\n");
    }
    json(&b, &["team", "sync"], "");

    // A changes 30 organizations; its syncs are cut off too.
    let orgs = json(&a, &["org", "list", "--limit", "30"], "");
    for (i, org) in orgs.as_array().unwrap().iter().enumerate() {
        json(&a, &["org", "edit", org["id"].as_str().unwrap(), "--phone", &format!("0113 496 {i:04}")], "");
    }
    for ms in [15, 40, 90] {
        killed_after(&a, &["team", "sync"], "", ms);
    }
    for machine in [&a, &b, &a, &b] {
        json(machine, &["team", "sync"], "");
    }
    for machine in [&a, &b] {
        let status = json(machine, &["team", "status"], "");
        assert_eq!(
            (status["waiting"].as_u64(), status["conflicts"].as_u64()),
            (Some(0), Some(0)),
            "{status}"
        );
    }
    let list = |db: &std::path::Path| {
        let all = json(db, &["org", "list", "--archived", "--limit", "5000"], "");
        let mut rows: Vec<String> = all.as_array().unwrap().iter().map(|o| o.to_string()).collect();
        rows.sort();
        rows
    };
    assert_eq!(list(&a), list(&b));
    assert!(list(&b).iter().any(|o| o.contains("0113 496 0029")), "the last edit arrived");
}
