//! The team server on a real PostgreSQL (started per test, see common/pg.rs): set-up, push and
//! pull, resends, and the commit-order numbering a pull relies on.

mod common;

use common::pg::PgServer;
use fieldbook_core::Error;
use fieldbook_core::sync::server::{self, PushEntry};
use sqlx::Connection;

fn entry(tbl: &str, key: &str, fields: serde_json::Value) -> PushEntry {
    PushEntry { op: uuid::Uuid::now_v7(), tbl: tbl.into(), key: key.into(), fields }
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
async fn pushes_are_numbered_and_pulled_in_order_and_a_resend_applies_nothing_twice() {
    let Some(pg) = PgServer::start() else { return };
    let pool = server::connect(&pg.database("team").await, None).await.unwrap();
    server::init(&pool).await.unwrap();
    let acme = entry("organizations", "a1", serde_json::json!({ "name": "Acme", "city": "Leeds" }));
    let renamed = entry("organizations", "a1", serde_json::json!({ "name": "Acme Ltd" }));
    let pushed = server::push(&pool, &[acme.clone(), renamed]).await.unwrap();
    assert_eq!(
        pushed.iter().map(|p| (p.seq, p.status.as_str())).collect::<Vec<_>>(),
        [(1, "applied"), (2, "applied")]
    );
    // The reply was lost; the client sends the first again: nothing is applied twice.
    let again = server::push(&pool, &[acme]).await.unwrap();
    assert_eq!((again[0].seq, again[0].status.as_str()), (1, "duplicate"));

    let pulled = server::pull(&pool, 0, 100).await.unwrap();
    assert_eq!(pulled.iter().map(|p| p.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(pulled[1].fields, serde_json::json!({ "name": "Acme Ltd" }));
    assert_eq!(pulled[0].member, "fieldbook_admin");
    assert!(server::pull(&pool, 2, 100).await.unwrap().is_empty());
    let row: serde_json::Value =
        sqlx::query_scalar("SELECT fields FROM fieldbook.records WHERE tbl = 'organizations' AND key = 'a1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(row, serde_json::json!({ "name": "Acme Ltd", "city": "Leeds" }), "fields merge per key");
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
    let batch =
        serde_json::to_value([entry("notes", "n-a", serde_json::json!({ "body": "from A" }))]).unwrap();
    let taken: serde_json::Value =
        sqlx::query_scalar("SELECT fieldbook.push($1)").bind(batch).fetch_one(&mut a).await.unwrap();
    assert_eq!(taken[0]["seq"], 1);

    let b_pool = server::connect(&url, None).await.unwrap();
    let b = tokio::spawn(async move {
        server::push(&b_pool, &[entry("notes", "n-b", serde_json::json!({ "body": "from B" }))]).await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!b.is_finished(), "B committed while A held a lower number");
    assert!(
        server::pull(&pool, 0, 100).await.unwrap().is_empty(),
        "a pull saw a change past an invisible one"
    );

    sqlx::query("COMMIT").execute(&mut a).await.unwrap();
    let b = b.await.unwrap().unwrap();
    assert_eq!(b[0].seq, 2);
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
        server::add_member(&admin, "Robert'); DROP TABLE x; --").await,
        "letters, digits and underscores",
    );
    let password = server::add_member(&admin, "ann_lee").await.unwrap();
    refused(server::add_member(&admin, "ann_lee").await, "already has a login called ann_lee");

    let member_url = url.replace("fieldbook_admin:pw@", "ann_lee@");
    let member = server::connect(&member_url, Some(&password)).await.unwrap();
    server::push(&member, &[entry("notes", "n1", serde_json::json!({ "body": "on site" }))]).await.unwrap();
    let pulled = server::pull(&member, 0, 10).await.unwrap();
    assert_eq!((pulled[0].key.as_str(), pulled[0].member.as_str()), ("n1", "ann_lee"));
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
