//! A large download (a machine's first, or one that brings more rows than its search index
//! holds): the search triggers and the synced tables' plain (not unique) indexes are set aside
//! while the pages go in, and built once at the end. SQLite builds an index from a full table
//! much faster than it keeps one current row by row, and FTS5 likewise (BENCHMARKS.md).
//!
//! What was set aside is written to `sync_state` in the transaction that drops it. When the
//! download stops early (an error, a lost connection) it is put back before the round returns;
//! after a crash, at the next open, before migrations run (they expect the schema they left), and
//! the search index is rebuilt after them. Unique indexes stay: they are what a pulled row that
//! collides with a local one runs into (sync_deferred).

use sqlx::{Connection, SqliteConnection};

use super::capture::synced_tables;
use crate::db::Db;
use crate::messages::msg;
use crate::{Error, Result};

/// `sync_state` key: the CREATE statements set aside (a JSON array), while a download runs.
pub(super) const SET_ASIDE: &str = "set_aside";
/// `sync_state` key: the search index is to be rebuilt (after a crash mid-download).
pub(super) const REBUILD_SEARCH: &str = "rebuild_search";

/// Rows to download from which setting aside pays: the rebuild costs about as much per document
/// as keeping one current, so it pays when the download is larger than the index.
pub const BULK_MIN_ROWS: u32 = 10_000;

/// Whether a download of `rows` rows is done in bulk on this machine.
pub async fn worth_it(db: &Db, rows: u32) -> Result<bool> {
    if rows < BULK_MIN_ROWS {
        return Ok(false);
    }
    let documents: i64 =
        sqlx::query_scalar("SELECT count(*) FROM search_docs").fetch_one(db.reader()).await?;
    Ok(i64::from(rows) >= documents)
}

/// Whether indexes are aside or the search index is to be rebuilt (a download in bulk has not
/// ended, or its end failed).
pub async fn pending(db: &Db) -> Result<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_state WHERE key IN (?, ?))")
        .bind(SET_ASIDE)
        .bind(REBUILD_SEARCH)
        .fetch_one(db.reader())
        .await?)
}

/// Sets the search triggers and the synced tables' plain indexes aside (nothing when they are
/// aside already).
pub async fn begin(db: &Db) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let aside: Option<String> = sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?")
        .bind(SET_ASIDE)
        .fetch_optional(&mut *tx)
        .await?;
    if aside.is_some() {
        return Ok(());
    }
    let synced: Vec<&str> = synced_tables().collect();
    let objects: Vec<(String, String, String, String)> = sqlx::query_as(
        r"SELECT type, name, tbl_name, sql FROM sqlite_master
           WHERE (type = 'trigger' AND name LIKE 'search\_%' ESCAPE '\')
              OR (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%')
           ORDER BY type, name",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut statements = Vec::new();
    for (kind, name, table, sql) in objects {
        if kind == "index" && !synced.contains(&table.as_str()) {
            continue;
        }
        let drop = if kind == "index" { "DROP INDEX" } else { "DROP TRIGGER" };
        sqlx::query(sqlx::AssertSqlSafe(format!("{drop} \"{name}\""))).execute(&mut *tx).await?;
        statements.push(serde_json::json!([kind, name, sql]));
    }
    sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?)")
        .bind(SET_ASIDE)
        .bind(serde_json::Value::Array(statements).to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts back what [`begin`] set aside and rebuilds the search index, holding the writer
/// throughout (no other write comes between the steps): the search documents are written kind
/// by kind, each committed; each kind's search index is built from its committed documents
/// beside the database, on two connections of their own (search/rebuild.rs), while the writer
/// goes on with the next kind's documents and then the plain indexes; then those search indexes
/// are copied in. A crash between the steps leaves the marks that have the next open finish the
/// work (in place). When the build beside fails, the search index is rebuilt in place.
pub async fn end(db: &Db) -> Result<()> {
    use crate::search::rebuild;
    let mut conn = db.writer_conn().await?;
    // FTS5 tables keep an index's structure per connection, and the copy writes the indexes
    // under this connection's: it is not used again.
    conn.close_on_drop();
    // Nor need its commits wait for the disk: a step a power cut takes back left the marks that
    // have the next open do it again.
    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
    let mut tx = Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let aside: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_state WHERE key = ?)")
        .bind(SET_ASIDE)
        .fetch_one(&mut *tx)
        .await?;
    if !aside {
        // An earlier end that failed after putting the indexes back: the search index in place.
        rebuild_search_if_wanted(&mut tx).await?;
        tx.commit().await?;
        return Ok(());
    }
    let triggers = rebuild::clear(&mut tx).await?;
    tx.commit().await?;
    // Another process on this database (the CLI beside the app) may write between the steps:
    // its edits would miss the documents or hit the search index while it is being replaced.
    // SQLite's data_version tells: then the index is rebuilt in place, in one transaction.
    let version = data_version(&mut conn).await?;

    let (ready, kinds) = tokio::sync::mpsc::unbounded_channel();
    let here = async {
        // Kind by kind, each committed for the builders to start on.
        for kind in rebuild::LARGEST_FIRST {
            let mut tx = Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
            rebuild::write_kind(&mut tx, kind).await?;
            tx.commit().await?;
            let _ = ready.send(kind);
        }
        drop(ready);
        let started = std::time::Instant::now();
        let mut tx = Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        rebuild::put_back(&mut tx, &triggers).await?;
        restore(&mut tx).await?;
        rebuild::rebuild_tickets(&mut tx).await?;
        tx.commit().await?;
        log::info!("sync: plain indexes built in {:.1?}", started.elapsed());
        Ok::<(), Error>(())
    };
    let (built, restored) = tokio::join!(rebuild::build_beside(db.path(), kinds), here);
    restored?;
    let taken = match built {
        Ok(beside) => {
            beside
                .take_in(&mut conn, async |tx: &mut SqliteConnection| {
                    if data_version(tx).await? != version {
                        // i18n: not for people (logged before the rebuild in place)
                        return Err(std::io::Error::other("another process wrote meanwhile").into());
                    }
                    sqlx::query("DELETE FROM sync_state WHERE key = ?")
                        .bind(REBUILD_SEARCH)
                        .execute(&mut *tx)
                        .await?;
                    Ok(())
                })
                .await
        }
        Err(e) => Err(e),
    };
    if let Err(e) = taken {
        log::warn!("sync: the search index was not built beside ({e}); building it in place");
        let mut tx = Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        rebuild_search(&mut tx).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// SQLite's count of commits by other connections to the database, as `conn` sees it.
async fn data_version(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA data_version").fetch_one(&mut *conn).await?)
}

/// Rebuilds the search index in place when a mark asks for it.
async fn rebuild_search_if_wanted(conn: &mut SqliteConnection) -> Result<()> {
    let wanted: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sync_state WHERE key = ?)")
        .bind(REBUILD_SEARCH)
        .fetch_one(&mut *conn)
        .await?;
    if wanted {
        rebuild_search(conn).await?;
    }
    Ok(())
}

/// At open, before migrations: what a crash left aside is put back (the search index is rebuilt
/// by [`after_migrations`]).
pub(crate) async fn before_migrations(conn: &mut SqliteConnection) -> Result<()> {
    let has_state: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !has_state {
        return Ok(());
    }
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    restore(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// At open, after migrations: the search index rebuilt when a crash mid-download left it so.
pub(crate) async fn after_migrations(conn: &mut SqliteConnection) -> Result<()> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    rebuild_search_if_wanted(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates again what was set aside (what exists already is left), and marks the search index
/// for a rebuild. Returns whether anything was aside.
async fn restore(conn: &mut SqliteConnection) -> Result<bool> {
    let aside: Option<String> = sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?")
        .bind(SET_ASIDE)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(aside) = aside else { return Ok(false) };
    // Unreadable, it stays where it is (and the open fails with a sentence) rather than losing
    // the indexes and triggers it names.
    let statements: Vec<(String, String, String)> = serde_json::from_str(&aside).map_err(|_| {
        Error::invalid(
            "database",
            msg("The indexes a team download set aside cannot be read back; the database needs repair.", &[]),
        )
    })?;
    for (kind, name, sql) in statements {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?)")
                .bind(&kind)
                .bind(&name)
                .fetch_one(&mut *conn)
                .await?;
        if !exists {
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await?;
        }
    }
    sqlx::query("DELETE FROM sync_state WHERE key = ?").bind(SET_ASIDE).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING")
        .bind(REBUILD_SEARCH)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

async fn rebuild_search(conn: &mut SqliteConnection) -> Result<()> {
    crate::search::rebuild_index(conn).await?;
    sqlx::query("DELETE FROM sync_state WHERE key = ?").bind(REBUILD_SEARCH).execute(&mut *conn).await?;
    Ok(())
}
