//! `fieldbook-cli team init|info` against a real PostgreSQL (the core tests' throwaway server).

#[path = "../../core/tests/common/pg.rs"]
mod pg;

use std::io::Write;
use std::process::{Command, Stdio};

fn team(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"))
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
    assert_eq!(info["schema"], 1);

    let again = team(&["team", "init", "--url", &url], "pw\n");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already is a Fieldbook team database"));
    let shown = team(&["team", "info", "--url", &url], "pw\n");
    assert!(String::from_utf8_lossy(&shown.stdout).contains(info["data_set_id"].as_str().unwrap()));
    let added = team(&["--json", "team", "add-member", "--url", &url, "ann_lee"], "pw\n");
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
