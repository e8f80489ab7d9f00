//! This machine's side of sync, all in SQLite: the state, taking a batch from the outbox,
//! applying the server's answer to it (the rows themselves go in through [`super::apply`], with
//! capture off so nothing echoes back), and emptying or filling the outbox when a machine
//! publishes or joins.

use std::collections::HashMap;

use serde_json::{Map, Value};
use sqlx::pool::PoolConnection;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Connection, Row, Sqlite, SqliteConnection};

use super::capture::{Column, local_settings_excluded};
use super::server::{EntryKind, PushEntry, Pushed};
use super::values::{Schema, bind, encode, encode_row, key_columns, key_values};
use crate::Result;
use crate::db::Db;

use super::apply::apply_one;
pub use super::apply::{Applied, Prepared, apply_page, apply_prepared, prepare, retry_deferred};

/// Entries per push: one call, one server transaction.
pub const BATCH: usize = 500;

/// A value of this machine's sync state.
pub async fn state(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?")
        .bind(key)
        .fetch_optional(db.reader())
        .await?)
}

/// Sets (or with None removes) values of the sync state, in one transaction.
pub async fn set_state(db: &Db, values: &[(&str, Option<String>)]) -> Result<()> {
    let mut tx = db.begin_write().await?;
    for (key, value) in values {
        match value {
            Some(value) => {
                sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .bind(key)
                    .bind(value)
                    .execute(&mut *tx)
                    .await?
            }
            None => sqlx::query("DELETE FROM sync_state WHERE key = ?").bind(key).execute(&mut *tx).await?,
        };
    }
    tx.commit().await?;
    Ok(())
}

/// Whether this machine is in a team.
pub async fn in_team(db: &Db) -> Result<bool> {
    Ok(state(db, "device").await?.is_some())
}

/// Rows (not fields) waiting to be pushed.
pub async fn waiting(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM (SELECT DISTINCT tbl, key FROM sync_outbox)")
        .fetch_one(db.reader())
        .await?)
}

/// Runs `work` in one write transaction on the writer with foreign keys off (a pulled row may
/// arrive before the row it points at, in a later page) and capture off (applied rows must not
/// echo back to the server). Both are restored whatever happens.
pub(super) async fn applying<T>(
    db: &Db,
    work: impl for<'c> AsyncFnOnce(&'c mut SqliteConnection) -> Result<T>,
) -> Result<T> {
    applying_with(db, false, work).await
}

/// [`applying`]; with `bulk` (a large download) the transaction also commits without waiting
/// for the disk (synchronous NORMAL; WAL keeps the file sound): a page a power cut takes back is
/// pulled again, as the cursor moved in the same transaction. Other writes stay FULL.
pub(super) async fn applying_with<T>(
    db: &Db,
    bulk: bool,
    work: impl for<'c> AsyncFnOnce(&'c mut SqliteConnection) -> Result<T>,
) -> Result<T> {
    let mut guard = ForeignKeysOff { conn: db.writer_conn().await?, restored: false };
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *guard.conn).await?;
    if bulk {
        sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *guard.conn).await?;
    }
    let result = async {
        let mut tx = Connection::begin_with(&mut *guard.conn, "BEGIN IMMEDIATE").await?;
        let before: i64 =
            sqlx::query_scalar("SELECT capture FROM sync_control WHERE id = 1").fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE sync_control SET capture = 0 WHERE id = 1").execute(&mut *tx).await?;
        let value = work(&mut *tx).await?;
        sqlx::query("UPDATE sync_control SET capture = ? WHERE id = 1")
            .bind(before)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(value)
    }
    .await;
    let full = !bulk || sqlx::query("PRAGMA synchronous = FULL").execute(&mut *guard.conn).await.is_ok();
    if full && sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *guard.conn).await.is_ok() {
        guard.restored = true;
    }
    result
}

/// The writer connection while foreign keys are off (or commits do not wait for the disk): if it
/// is not switched back (an error, or
/// the round dropped midway at shutdown), it is closed rather than returned to the pool, so no
/// later write runs without foreign keys.
struct ForeignKeysOff {
    conn: PoolConnection<Sqlite>,
    restored: bool,
}

impl Drop for ForeignKeysOff {
    fn drop(&mut self) {
        if !self.restored {
            self.conn.close_on_drop();
        }
    }
}

/// Takes the next batch from the outbox: rows already sent and unanswered go again under their
/// operation id (the server applies nothing twice), the others get a new one. Committed before
/// the batch leaves, so a crash after the server committed still resends the same ids.
pub async fn take_batch(db: &Db, schema: &Schema, limit: usize) -> Result<Vec<PushEntry>> {
    let mut tx = db.begin_write().await?;
    let rows = sqlx::query(
        "SELECT seq, tbl, key, field, base, new, sent_op, sent_value, sent_known FROM sync_outbox
         WHERE (tbl, key) IN (SELECT tbl, key FROM sync_outbox ORDER BY seq LIMIT ?)
         ORDER BY seq",
    )
    .bind(limit as i64)
    .fetch_all(&mut *tx)
    .await?;
    // Group by row and by operation (a row can have an unanswered part and a new part).
    let mut order: Vec<(String, String, Option<String>)> = Vec::new();
    let mut groups: HashMap<(String, String, Option<String>), Vec<&sqlx::sqlite::SqliteRow>> = HashMap::new();
    for row in &rows {
        let id =
            (row.try_get::<String, _>("tbl")?, row.try_get::<String, _>("key")?, row.try_get("sent_op")?);
        if !groups.contains_key(&id) {
            order.push(id.clone());
        }
        groups.entry(id).or_default().push(row);
    }
    let mut entries = Vec::new();
    for id in order {
        let (tbl, key, sent_op) = id.clone();
        let members = &groups[&id];
        let op = match &sent_op {
            Some(op) => uuid::Uuid::parse_str(op).unwrap_or_else(|_| uuid::Uuid::now_v7()),
            None => uuid::Uuid::now_v7(),
        };
        let fields_of: Vec<String> =
            members.iter().map(|r| r.try_get::<String, _>("field")).collect::<Result<_, _>>()?;
        let Some(columns) = schema.table(&tbl) else {
            sqlx::query("DELETE FROM sync_outbox WHERE tbl = ? AND key = ?")
                .bind(&tbl)
                .bind(&key)
                .execute(&mut *tx)
                .await?;
            continue;
        };
        let mut entry = PushEntry {
            op,
            tbl: tbl.clone(),
            key: key.clone(),
            kind: EntryKind::Update,
            fields: Map::new(),
            base: Map::new(),
            also: Map::new(),
            row: Map::new(),
        };
        if fields_of.iter().any(|f| f == "-") {
            entry.kind = EntryKind::Delete;
        } else if fields_of.iter().any(|f| f == "+") {
            entry.kind = EntryKind::Upsert;
            match read_row(&mut tx, &tbl, columns, &key).await? {
                Some(fields) => entry.fields = fields,
                None => {
                    // gone since (its delete is queued after it)
                    sqlx::query("DELETE FROM sync_outbox WHERE tbl = ? AND key = ? AND field = '+'")
                        .bind(&tbl)
                        .bind(&key)
                        .execute(&mut *tx)
                        .await?;
                    continue;
                }
            }
        } else {
            for (row, field) in members.iter().zip(&fields_of) {
                entry.fields.insert(field.clone(), encode(row, 5)?);
                entry.base.insert(field.clone(), encode(row, 4)?);
                if row.try_get::<i64, _>("sent_known")? == 1 {
                    entry.also.insert(field.clone(), encode(row, 7)?);
                }
            }
            if columns.iter().any(|c| c.name == "archived_at")
                && let Some(now) = read_row(&mut tx, &tbl, columns, &key).await?
            {
                entry
                    .row
                    .insert("archived_at".into(), now.get("archived_at").cloned().unwrap_or(Value::Null));
            }
        }
        if sent_op.is_none() {
            let seqs: Vec<i64> =
                members.iter().map(|r| r.try_get::<i64, _>("seq")).collect::<Result<_, _>>()?;
            for seq in seqs {
                sqlx::query("UPDATE sync_outbox SET sent_op = ? WHERE seq = ?")
                    .bind(op.to_string())
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        entries.push(entry);
    }
    tx.commit().await?;
    Ok(entries)
}

/// The row `key` of `table` as JSON fields, if it exists.
pub(crate) async fn read_row(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[Column],
    key: &str,
) -> Result<Option<Map<String, Value>>> {
    let pk = key_columns(columns);
    let values = key_values(key, &pk)?;
    let mut args = SqliteArguments::default();
    for (column, value) in pk.iter().zip(&values) {
        bind(&mut args, column, value)?;
    }
    let sql = format!("SELECT * FROM \"{table}\" WHERE {}", where_key(&pk));
    let row = sqlx::query_with(sqlx::AssertSqlSafe(sql), args).fetch_optional(&mut *conn).await?;
    row.map(|r| encode_row(&r)).transpose()
}

pub(super) fn where_key(pk: &[&Column]) -> String {
    pk.iter().map(|c| format!("\"{}\" = ?", c.name)).collect::<Vec<_>>().join(" AND ")
}

/// Applies the server's answer to a batch: what was accepted leaves the outbox, a field edited
/// again meanwhile keeps its row with the accepted value as its new base, and each row is set to
/// what the server now has (except fields with newer local edits).
pub async fn answer(db: &Db, schema: &Schema, entries: &[PushEntry], replies: &[Pushed]) -> Result<()> {
    let by_op: HashMap<uuid::Uuid, &PushEntry> = entries.iter().map(|e| (e.op, e)).collect();
    applying(db, async |conn| {
        for reply in replies {
            let Some(entry) = by_op.get(&reply.op) else { continue };
            sqlx::query("DELETE FROM sync_outbox WHERE sent_op = ?").bind(reply.op.to_string()).execute(&mut *conn).await?;
            // Applied as sent: fields changed again while this batch was out start from the
            // value sent.
            if reply.record.is_none() && reply.status == "applied" && entry.kind == EntryKind::Update {
                let fields = serde_json::to_string(&entry.fields.keys().collect::<Vec<_>>()).unwrap_or_default();
                sqlx::query(
                    "UPDATE sync_outbox SET base = sent_value, sent_value = NULL, sent_known = 0
                     WHERE tbl = ? AND key = ? AND sent_known = 1 AND field IN (SELECT value FROM json_each(?))",
                )
                .bind(&entry.tbl)
                .bind(&entry.key)
                .bind(fields)
                .execute(&mut *conn)
                .await?;
            }
            // Otherwise the server says how the row stands: fields changed again here start from
            // the server's value when it is the one sent.
            if let Some(record) = &reply.record {
                let again = sqlx::query("SELECT seq, field, sent_value FROM sync_outbox WHERE tbl = ? AND key = ? AND sent_known = 1")
                    .bind(&entry.tbl)
                    .bind(&entry.key)
                    .fetch_all(&mut *conn)
                    .await?;
                for row in again {
                    let field: String = row.try_get("field")?;
                    if record.fields.get(&field) == Some(&encode(&row, 2)?) {
                        sqlx::query("UPDATE sync_outbox SET base = sent_value, sent_value = NULL, sent_known = 0 WHERE seq = ?")
                            .bind(row.try_get::<i64, _>("seq")?)
                            .execute(&mut *conn)
                            .await?;
                    }
                }
                apply_one(conn, schema, &entry.tbl, &entry.key, record).await?;
            }
        }
        Ok(())
    })
    .await
}

/// Queues every row of every synced table for the first push of a machine that publishes its
/// data (capture turns on in the same transaction, so nothing written meanwhile is missed).
pub async fn publish_all(db: &Db, schema: &Schema) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let mut queued = 0;
    let mut tables: Vec<(&str, &[Column])> = schema.tables().collect();
    // Parents before the rows that point at them, as far as the declaration order goes.
    let order: Vec<&str> = super::capture::synced_tables().collect();
    tables.sort_by_key(|(name, _)| order.iter().position(|o| o == name));
    for (table, columns) in tables {
        let pk = key_columns(columns);
        let parts: Vec<String> =
            pk.iter()
                .map(|c| {
                    if c.is_blob() {
                        format!("lower(hex(\"{}\"))", c.name)
                    } else {
                        format!("\"{}\"", c.name)
                    }
                })
                .collect();
        let filter = if table == "settings" {
            format!(" WHERE {}", local_settings_excluded("key"))
        } else {
            " WHERE true".to_owned() // an INSERT … SELECT with ON CONFLICT needs a WHERE to parse
        };
        let sql = format!(
            "INSERT INTO sync_outbox (tbl, key, field) SELECT '{table}', json_array({}), '+' FROM \"{table}\"{filter}
             ON CONFLICT (tbl, key, field) DO NOTHING",
            parts.join(", ")
        );
        queued += sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?.rows_affected() as i64;
    }
    sqlx::query("UPDATE sync_control SET capture = 1 WHERE id = 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Empties every synced table (a machine joining replaces its data with the team's; a backup
/// was made first) and turns capture on.
pub async fn clear_for_join(db: &Db, schema: &Schema) -> Result<()> {
    applying(db, async |conn| {
        for (table, _) in schema.tables() {
            let filter = if table == "settings" {
                format!(" WHERE {}", local_settings_excluded("key"))
            } else {
                String::new()
            };
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM \"{table}\"{filter}")))
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query("DELETE FROM sync_outbox").execute(&mut *conn).await?;
        sqlx::query("DELETE FROM sync_deferred").execute(&mut *conn).await?;
        // The team's sealed passwords are fetched again from the start.
        for table in ["vault_outbox", "vault_pending", "vault_failed"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *conn).await?;
        }
        sqlx::query("DELETE FROM sync_state WHERE key IN ('secrets_cursor', 'vault_seeded')")
            .execute(&mut *conn)
            .await?;
        Ok(())
    })
    .await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE sync_control SET capture = 1 WHERE id = 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Leaves the team: capture off, the outbox and state cleared; the records stay.
pub async fn leave(db: &Db) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE sync_control SET capture = 0 WHERE id = 1").execute(&mut *tx).await?;
    for table in ["sync_outbox", "sync_deferred", "vault_outbox", "vault_pending", "vault_failed"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *tx).await?;
    }
    // Indexes set aside by a download that has not ended are this machine's, team or not.
    sqlx::query("DELETE FROM sync_state WHERE key NOT IN (?, ?)")
        .bind(super::bulk::SET_ASIDE)
        .bind(super::bulk::REBUILD_SEARCH)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
