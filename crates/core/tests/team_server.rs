//! The team server on a real PostgreSQL (started per test, see common/pg.rs): set-up, push and
//! pull, resends, and the commit-order numbering a pull relies on.

mod common;

use common::pg::PgServer;
use fieldbook_core::Error;
use fieldbook_core::sync::server::{self, Batch, EntryKind, PushEntry};
use sqlx::Connection;

fn fields(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

/// A row created on a machine.
fn entry(tbl: &str, key: &str, value: serde_json::Value) -> PushEntry {
    PushEntry {
        op: uuid::Uuid::now_v7(),
        tbl: tbl.into(),
        key: key.into(),
        kind: EntryKind::Upsert,
        fields: fields(value),
        base: Default::default(),
        also: Default::default(),
        row: Default::default(),
    }
}

/// Fields changed on a machine, from `base`.
fn update(tbl: &str, key: &str, value: serde_json::Value, base: serde_json::Value) -> PushEntry {
    PushEntry { kind: EntryKind::Update, base: fields(base), ..entry(tbl, key, value) }
}

fn batch(device: &str, entries: Vec<PushEntry>) -> Batch {
    Batch { device: device.into(), seen: 0, actor: None, entries }
}

fn refused<T: std::fmt::Debug>(result: fieldbook_core::Result<T>, needle: &str) {
    match result {
        Err(Error::Invalid { message, .. }) => {
            assert!(message.contains(needle), "{message:?} lacks {needle:?}")
        }
        other => panic!("expected a refusal mentioning {needle:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn init_makes_an_empty_database_a_team_server_and_refuses_others() {
    let Some(pg) = PgServer::start() else { return };
    let url = pg.database("team").await;
    let pool = server::connect(&url, None).await.unwrap();
    let info = server::init(&pool).await.unwrap();
    assert_eq!((info.epoch, info.schema), (1, server::SERVER_SCHEMA));
    assert_eq!(info.data_set_id.len(), 36, "{info:?}");
    refused(server::init(&pool).await, "already is a Fieldbook team database");

    // A database with someone else's tables is never taken over.
    let other = pg.database("accounting").await;
    let mut conn = sqlx::PgConnection::connect(&other).await.unwrap();
    sqlx::query("CREATE TABLE ledger (id int)").execute(&mut conn).await.unwrap();
    let pool = server::connect(&other, None).await.unwrap();
    refused(server::init(&pool).await, "not empty (1 tables or views) and not Fieldbook's");
    refused(server::info(&pool).await, "not a Fieldbook team database");

    // A server set up by a newer Fieldbook is refused with what to do.
    let pool = server::connect(&url, None).await.unwrap();
    sqlx::query("UPDATE fieldbook.meta SET value = '99' WHERE key = 'schema'").execute(&pool).await.unwrap();
    refused(server::info(&pool).await, "newer Fieldbook");
}

#[tokio::test]
async fn wrong_password_and_a_server_that_is_down_are_sentences() {
    let Some(pg) = PgServer::start() else { return };
    let url = pg.database("team").await.replace(":pw@", ":wrong@");
    refused(server::connect(&url, None).await, "refused the user name or password");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    refused(server::connect(&format!("postgres://u:p@127.0.0.1:{port}/x"), None).await, "does not answer");
    refused(server::connect("http://example.com", None).await, "not a PostgreSQL address");
}

#[tokio::test]
async fn pushes_merge_per_field_and_a_resend_applies_nothing_twice() {
    let Some(pg) = PgServer::start() else { return };
    let pool = server::connect(&pg.database("team").await, None).await.unwrap();
    server::init(&pool).await.unwrap();
    let acme = entry("organizations", "[\"a1\"]", serde_json::json!({ "name": "Acme", "city": "Leeds" }));
    let renamed = update(
        "organizations",
        "[\"a1\"]",
        serde_json::json!({ "name": "Acme Ltd" }),
        serde_json::json!({ "name": "Acme" }),
    );
    let pushed = server::push(&pool, &batch("d1", vec![acme.clone(), renamed])).await.unwrap();
    assert_eq!(pushed.iter().map(|p| p.status.as_str()).collect::<Vec<_>>(), ["applied", "applied"]);
    assert!(pushed.iter().all(|p| p.record.is_none()), "applied as sent: nothing to send back");
    // The reply was lost; the machine sends the first again: nothing is applied twice, and the
    // row comes back as the server has it (fields merge per key).
    let again = server::push(&pool, &batch("d1", vec![acme])).await.unwrap();
    assert_eq!(again[0].status, "duplicate");
    assert_eq!(
        again[0].record.as_ref().unwrap().fields,
        fields(serde_json::json!({ "name": "Acme Ltd", "city": "Leeds" }))
    );

    // Another machine changed the city from what it saw: applies. A third changed the name
    // from the old value: a conflict, the server keeps its value and records both.
    let city = update(
        "organizations",
        "[\"a1\"]",
        serde_json::json!({ "city": "York" }),
        serde_json::json!({ "city": "Leeds" }),
    );
    let stale = update(
        "organizations",
        "[\"a1\"]",
        serde_json::json!({ "name": "ACME" }),
        serde_json::json!({ "name": "Acme" }),
    );
    let same = update(
        "organizations",
        "[\"a1\"]",
        serde_json::json!({ "name": "Acme Ltd" }),
        serde_json::json!({ "name": "Acme" }),
    );
    let pushed = server::push(&pool, &batch("d2", vec![city, stale, same])).await.unwrap();
    assert_eq!(
        pushed.iter().map(|p| p.status.as_str()).collect::<Vec<_>>(),
        ["applied", "conflict", "applied"]
    );
    assert_eq!(
        pushed[1].record.as_ref().unwrap().fields,
        fields(serde_json::json!({ "name": "Acme Ltd", "city": "York" })),
        "a conflict sends the row back as the server kept it"
    );

    let pulled = server::pull(&pool, 0, 100).await.unwrap();
    let tables: Vec<&str> = pulled.iter().map(|p| p.tbl.as_str()).collect();
    assert_eq!(tables, ["organizations", "sync_conflicts"], "one row each, newest state");
    let conflict = &pulled[1].fields;
    assert_eq!(
        (
            conflict["kind"].as_str(),
            conflict["field"].as_str(),
            conflict["mine"].as_str(),
            conflict["theirs"].as_str()
        ),
        (Some("edit"), Some("name"), Some("\"ACME\""), Some("\"Acme Ltd\""))
    );
    assert!(pulled[0].seq < pulled[1].seq);
    let last = pulled[1].seq;
    assert!(server::pull(&pool, last, 100).await.unwrap().is_empty());
    // The stamp of a number is what a machine checks: a restored server would not have it.
    let (stamp, newest) = server::position(&pool, last).await.unwrap();
    assert_eq!(stamp, Some(pulled[1].stamp));
    assert!(newest >= last, "numbers given to operations that changed nothing count too");
    assert_eq!(server::position(&pool, newest + 1).await.unwrap().0, None);
}

#[tokio::test]
async fn unique_values_stay_unique_across_machines_and_deletes_are_tombstones() {
    let Some(pg) = PgServer::start() else { return };
    let pool = server::connect(&pg.database("team").await, None).await.unwrap();
    server::init(&pool).await.unwrap();
    let first =
        entry("organizations", "[\"a1\"]", serde_json::json!({ "name": "Acme", "account_number": "1001" }));
    let second =
        entry("organizations", "[\"b2\"]", serde_json::json!({ "name": "Bolt", "account_number": "1001" }));
    let t1 = entry("tickets", "[\"t1\"]", serde_json::json!({ "number": 7, "subject": "Printer" }));
    let t2 = entry("tickets", "[\"t2\"]", serde_json::json!({ "number": 7, "subject": "Wi-Fi" }));
    let link = serde_json::json!({ "organization_id": "a1", "staff_id": "s1", "role_id": "r1" });
    let m1 = entry("organization_members", "[\"m1\"]", link.clone());
    let m2 = entry("organization_members", "[\"m2\"]", link);
    let pushed = server::push(&pool, &batch("d1", vec![first, second, t1, t2, m1, m2])).await.unwrap();
    let record = |i: usize| pushed[i].record.clone().unwrap();
    assert_eq!(record(1).fields["account_number"], serde_json::Value::Null, "the second loses the number");
    assert_eq!(pushed[1].status, "conflict");
    assert_eq!(record(3).fields["number"], 8, "a ticket number taken elsewhere is renumbered");
    assert!(record(5).deleted, "the same link twice is one link");
    assert!(pushed[4].record.is_none());

    let delete = PushEntry { kind: EntryKind::Delete, ..entry("tickets", "[\"t1\"]", serde_json::json!({})) };
    let pushed = server::push(&pool, &batch("d1", vec![delete])).await.unwrap();
    assert_eq!(pushed[0].status, "applied");
    let gone = server::pull(&pool, 0, 100).await.unwrap().into_iter().find(|p| p.key == "[\"t1\"]").unwrap();
    assert!(gone.deleted, "a tombstone");
    // Edited on a machine that had not seen the delete: kept as a conflict, not applied.
    let late = update(
        "tickets",
        "[\"t1\"]",
        serde_json::json!({ "subject": "Printer jam" }),
        serde_json::json!({ "subject": "Printer" }),
    );
    let pushed = server::push(&pool, &batch("d2", vec![late])).await.unwrap();
    assert_eq!(pushed[0].status, "conflict");
    let kinds: Vec<String> = server::pull(&pool, 0, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.tbl == "sync_conflicts")
        .map(|p| p.fields["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["unique", "unique", "deleted"]);
}

/// Transaction A takes its number and waits; B pushes; a pull runs; then A commits. A reader
/// must never see B's number while A's lower one is still invisible (it would skip A forever):
/// B waits for A, the pull in between sees neither, and the next pull returns A, then B.
#[tokio::test]
async fn a_slow_push_is_never_skipped_by_a_pull() {
    let Some(pg) = PgServer::start() else { return };
    let url = pg.database("team").await;
    let pool = server::connect(&url, None).await.unwrap();
    server::init(&pool).await.unwrap();

    let mut a = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut a).await.unwrap();
    let batch_a = serde_json::to_value(batch(
        "a",
        vec![entry("notes", "n-a", serde_json::json!({ "body": "from A" }))],
    ))
    .unwrap();
    let taken: serde_json::Value =
        sqlx::query_scalar("SELECT fieldbook.push($1)").bind(batch_a).fetch_one(&mut a).await.unwrap();
    assert_eq!(taken[0]["status"], "applied");

    let b_pool = server::connect(&url, None).await.unwrap();
    let b = tokio::spawn(async move {
        server::push(
            &b_pool,
            &batch("b", vec![entry("notes", "n-b", serde_json::json!({ "body": "from B" }))]),
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!b.is_finished(), "B committed while A held a lower number");
    assert!(
        server::pull(&pool, 0, 100).await.unwrap().is_empty(),
        "a pull saw a change past an invisible one"
    );

    sqlx::query("COMMIT").execute(&mut a).await.unwrap();
    b.await.unwrap().unwrap();
    let keys: Vec<(i64, String)> =
        server::pull(&pool, 0, 100).await.unwrap().into_iter().map(|p| (p.seq, p.key)).collect();
    assert_eq!(keys, [(1, "n-a".to_owned()), (2, "n-b".to_owned())]);
}

#[tokio::test]
async fn a_member_can_push_and_pull_but_read_no_table_and_a_removed_one_cannot_log_in() {
    let Some(pg) = PgServer::start() else { return };
    let url = pg.database("team").await;
    let admin = server::connect(&url, None).await.unwrap();
    server::init(&admin).await.unwrap();
    refused(
        server::add_member(&admin, "Robert'); DROP TABLE x; --", false).await,
        "letters, digits and underscores",
    );
    let password = server::add_member(&admin, "ann_lee", false).await.unwrap();
    refused(server::add_member(&admin, "ann_lee", false).await, "already has a login called ann_lee");

    // The server got a SCRAM verifier, never the password's text.
    let stored: String = sqlx::query_scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'ann_lee'")
        .fetch_one(&admin)
        .await
        .unwrap();
    assert!(stored.starts_with("SCRAM-SHA-256$4096:") && !stored.contains(&password), "{stored}");
    let member_url = url.replace("fieldbook_admin:pw@", "ann_lee@");
    let member = server::connect(&member_url, Some(&password)).await.unwrap();
    server::push(&member, &batch("d", vec![entry("notes", "n1", serde_json::json!({ "body": "on site" }))]))
        .await
        .unwrap();
    let pulled = server::pull(&member, 0, 10).await.unwrap();
    assert_eq!(pulled[0].key, "n1");
    let by: String = sqlx::query_scalar("SELECT member FROM fieldbook.changes WHERE key = 'n1'")
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(by, "ann_lee", "the change log says who pushed it");
    // No table privileges: only the functions.
    for sql in [
        "SELECT * FROM fieldbook.records",
        "DELETE FROM fieldbook.changes",
        "UPDATE fieldbook.counter SET seq = 0",
    ] {
        let e = sqlx::query(sql).execute(&member).await.unwrap_err();
        assert!(e.to_string().contains("permission denied"), "{sql}: {e}");
    }
    // It may read which data set the server holds (to join it), through the function.
    assert_eq!(server::info(&member).await.unwrap(), server::info(&admin).await.unwrap());
    let timeout: String = sqlx::query_scalar("SHOW statement_timeout").fetch_one(&member).await.unwrap();
    assert_eq!(timeout, "30s");
    member.close().await;

    server::remove_member(&admin, "ann_lee").await.unwrap();
    refused(server::connect(&member_url, Some(&password)).await, "does not let this login in");
}

#[tokio::test]
async fn an_older_server_is_refused_until_upgraded() {
    let Some(pg) = PgServer::start() else { return };
    let pool = server::connect(&pg.database("team").await, None).await.unwrap();
    // A server set up by the first Fieldbook that had teams.
    sqlx::migrate!("./server-migrations").run_to(1, &pool).await.unwrap();
    let old = server::info(&pool).await.unwrap();
    assert_eq!(old.schema, 1);
    let e = server::check_schema(&old).unwrap_err();
    assert!(e.to_string().contains("team upgrade"), "{e}");
    assert_eq!(server::upgrade(&pool).await.unwrap(), (1, server::SERVER_SCHEMA));
    let new = server::info(&pool).await.unwrap();
    server::check_schema(&new).unwrap();
    assert_eq!(new.data_set_id, old.data_set_id, "the same data set");
    assert_eq!(server::upgrade(&pool).await.unwrap(), (server::SERVER_SCHEMA, server::SERVER_SCHEMA));
}

#[tokio::test]
async fn verify_full_accepts_the_servers_ca_and_refuses_another() {
    let Some(pg) = PgServer::start_tls() else { return };
    let url = pg.database("team").await;
    let ca = pg.ca_file();
    let verified = format!("{url}?sslmode=verify-full&sslrootcert={}", ca.display());
    let pool = server::connect(&verified, None).await.unwrap();
    server::init(&pool).await.unwrap();
    let tls: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(tls, "the connection is encrypted");
    pool.close().await;
    let wrong = format!("{url}?sslmode=verify-full&sslrootcert={}", pg.other_ca_file().display());
    refused(server::connect(&wrong, None).await, "secure connection");
    // `require` encrypts without checking who the server is (a lab).
    server::connect(&format!("{url}?sslmode=require"), None).await.unwrap();
}

#[tokio::test]
async fn an_admin_member_adds_and_removes_members_and_a_plain_member_cannot() {
    let Some(pg) = PgServer::start() else { return };
    let url = pg.database("team").await;
    let owner = server::connect(&url, None).await.unwrap();
    server::init(&owner).await.unwrap();
    let ann_password = server::add_member(&owner, "ann_admin", true).await.unwrap();
    let ann = server::connect(&url.replace("fieldbook_admin:pw@", "ann_admin@"), Some(&ann_password))
        .await
        .unwrap();
    let ben_password = server::add_member(&ann, "ben_field", false).await.unwrap();
    let ben = server::connect(&url.replace("fieldbook_admin:pw@", "ben_field@"), Some(&ben_password))
        .await
        .unwrap();
    // Ben, added by an admin member, can sync like anyone.
    server::push(&ben, &batch("b", vec![entry("notes", "n1", serde_json::json!({ "body": "on site" }))]))
        .await
        .unwrap();
    assert_eq!(server::pull(&ben, 0, 10).await.unwrap().len(), 1);
    match server::add_member(&ben, "cy_office", false).await {
        Err(Error::Forbidden(message)) => assert!(message.contains("added as admin"), "{message}"),
        other => panic!("a plain member added a member: {other:?}"),
    }
    ben.close().await;
    server::remove_member(&ann, "ben_field").await.unwrap();
    refused(
        server::connect(&url.replace("fieldbook_admin:pw@", "ben_field@"), Some(&ben_password)).await,
        "removed",
    );
}
