//! This machine's side of sync, all in SQLite: the state, taking a batch from the outbox,
//! applying the server's answer and pulled rows (never over a field with an unpushed local
//! edit, with capture off so nothing echoes back, one page per transaction), and emptying or
//! filling the outbox when a machine publishes or joins.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use sqlx::pool::PoolConnection;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Connection, Row, Sqlite, SqliteConnection};

use super::capture::{Column, local_settings_excluded};
use super::server::{EntryKind, Pulled, PushEntry, Pushed, ServerRecord};
use super::tables::setting_syncs;
use super::values::{Schema, bind, encode, encode_row, key_columns, key_values};
use crate::Result;
use crate::db::Db;

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
async fn applying<T>(
    db: &Db,
    work: impl for<'c> AsyncFnOnce(&'c mut SqliteConnection) -> Result<T>,
) -> Result<T> {
    let mut guard = ForeignKeysOff { conn: db.writer_conn().await?, restored: false };
    sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *guard.conn).await?;
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
    if sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *guard.conn).await.is_ok() {
        guard.restored = true;
    }
    result
}

/// The writer connection while foreign keys are off: if it is not switched back (an error, or
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

fn where_key(pk: &[&Column]) -> String {
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

/// What applying a page did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub rows: usize,
    /// Rows that wait for a local change to reach the server first.
    pub deferred: usize,
}

/// Applies one page of pulled rows and moves the cursor past it, in one transaction. The page
/// is first applied as a whole; when a row fails (a unique value still held by a local change),
/// it is applied again row by row, and the rows that fail wait in `sync_deferred`.
pub async fn apply_page(db: &Db, schema: &Schema, page: &[Pulled]) -> Result<Applied> {
    let Some(last) = page.last() else { return Ok(Applied::default()) };
    let quiet: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM sync_outbox) AND NOT EXISTS (SELECT 1 FROM sync_deferred)",
    )
    .fetch_one(db.reader())
    .await?;
    let whole = applying(db, async |conn| {
        if quiet {
            // Nothing local to respect (a first download, or a machine with nothing waiting):
            // runs of rows of one table with the same fields go in as one statement each.
            let mut start = 0;
            while start < page.len() {
                let end = run_end(schema, page, start);
                if end > start + 1 {
                    upsert_many(conn, schema, &page[start..end]).await?;
                } else {
                    let pulled = &page[start];
                    let record = ServerRecord { fields: pulled.fields.clone(), deleted: pulled.deleted };
                    apply_record(conn, schema, &pulled.tbl, &pulled.key, &record, false).await?;
                }
                start = end.max(start + 1);
            }
        } else {
            for pulled in page {
                let record = ServerRecord { fields: pulled.fields.clone(), deleted: pulled.deleted };
                apply_record(conn, schema, &pulled.tbl, &pulled.key, &record, true).await?;
            }
        }
        move_cursor(conn, last).await?;
        Ok(Applied { rows: page.len(), deferred: 0 })
    })
    .await;
    if let Ok(applied) = whole {
        return Ok(applied);
    }
    applying(db, async |conn| {
        let mut applied = Applied::default();
        for pulled in page {
            let record = ServerRecord { fields: pulled.fields.clone(), deleted: pulled.deleted };
            if apply_one(conn, schema, &pulled.tbl, &pulled.key, &record).await? {
                applied.rows += 1;
            } else {
                applied.deferred += 1;
            }
        }
        move_cursor(conn, last).await?;
        Ok(applied)
    })
    .await
}

/// Issued invoices and their lines: SQLite's triggers refuse any UPDATE naming their fixed
/// columns (even to the same value), so they are inserted when missing and only what may change
/// after issue is written, when it differs: the void (once) and the organization (a merge).
const ISSUED: &[&str] = &["invoices", "invoice_lines"];

async fn apply_issued(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[Column],
    pk: &[&Column],
    key_vals: &[Value],
    record: &ServerRecord,
    pending: &HashSet<String>,
) -> Result<()> {
    let mut names = Vec::new();
    let mut args = SqliteArguments::default();
    for (column, value) in pk.iter().zip(key_vals) {
        names.push(format!("\"{}\"", column.name));
        bind(&mut args, column, value)?;
    }
    for column in columns.iter().filter(|c| c.pk == 0) {
        if let Some(value) = record.fields.get(&column.name) {
            names.push(format!("\"{}\"", column.name));
            bind(&mut args, column, value)?;
        }
    }
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({}) ON CONFLICT DO NOTHING",
        names.join(", "),
        vec!["?"; names.len()].join(", ")
    );
    sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *conn).await?;
    if table != "invoices" {
        return Ok(());
    }
    let column = |name: &str| columns.iter().find(|c| c.name == name);
    let value = |name: &str| record.fields.get(name).cloned().unwrap_or(Value::Null);
    let id = &key_vals[0];
    if let (Some(void_date), Some(reason), Some(by), Some(id_column)) =
        (column("void_date"), column("void_reason"), column("voided_by"), column("id"))
        && !value("void_date").is_null()
        && !pending.contains("void_date")
    {
        let mut args = SqliteArguments::default();
        bind(&mut args, void_date, &value("void_date"))?;
        bind(&mut args, reason, &value("void_reason"))?;
        bind(&mut args, by, &value("voided_by"))?;
        bind(&mut args, id_column, id)?;
        sqlx::query_with(
            "UPDATE invoices SET void_date = ?, void_reason = ?, voided_by = ? WHERE id = ? AND void_date IS NULL",
            args,
        )
        .execute(&mut *conn)
        .await?;
    }
    if let (Some(org), Some(id_column)) = (column("organization_id"), column("id"))
        && record.fields.contains_key("organization_id")
        && !pending.contains("organization_id")
    {
        let mut args = SqliteArguments::default();
        bind(&mut args, org, &value("organization_id"))?;
        bind(&mut args, id_column, id)?;
        bind(&mut args, org, &value("organization_id"))?;
        sqlx::query_with(
            "UPDATE invoices SET organization_id = ? WHERE id = ? AND organization_id IS NOT ?",
            args,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Rows in one multi-row statement at most (SQLite allows 32,766 values per statement).
const ROWS_PER_STATEMENT: usize = 200;

/// Where the run of rows starting at `start` ends: rows of the same synced table (not settings),
/// not deleted, with the same fields.
fn run_end(schema: &Schema, page: &[Pulled], start: usize) -> usize {
    let first = &page[start];
    if first.deleted
        || first.tbl == "settings"
        || ISSUED.contains(&first.tbl.as_str())
        || schema.table(&first.tbl).is_none()
    {
        return start + 1;
    }
    let mut end = start + 1;
    while end < page.len()
        && end - start < ROWS_PER_STATEMENT
        && !page[end].deleted
        && page[end].tbl == first.tbl
        && page[end].fields.len() == first.fields.len()
        && page[end].fields.keys().zip(first.fields.keys()).all(|(a, b)| a == b)
    {
        end += 1;
    }
    end
}

/// Writes rows of one table with the same fields in one INSERT … ON CONFLICT DO UPDATE.
async fn upsert_many(conn: &mut SqliteConnection, schema: &Schema, rows: &[Pulled]) -> Result<()> {
    let table = &rows[0].tbl;
    let Some(columns) = schema.table(table) else { return Ok(()) };
    let pk = key_columns(columns);
    let others: Vec<&Column> =
        columns.iter().filter(|c| c.pk == 0 && rows[0].fields.contains_key(&c.name)).collect();
    let mut args = SqliteArguments::default();
    for row in rows {
        for (column, value) in pk.iter().zip(&key_values(&row.key, &pk)?) {
            bind(&mut args, column, value)?;
        }
        for column in &others {
            bind(&mut args, column, &row.fields[&column.name])?;
        }
    }
    let names: Vec<String> = pk.iter().chain(others.iter()).map(|c| format!("\"{}\"", c.name)).collect();
    let one = format!("({})", vec!["?"; names.len()].join(", "));
    let target: Vec<String> = pk.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let on_conflict = if others.is_empty() {
        "DO NOTHING".to_owned()
    } else {
        format!(
            "DO UPDATE SET {}",
            others
                .iter()
                .map(|c| format!("\"{0}\" = excluded.\"{0}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES {} ON CONFLICT ({}) {on_conflict}",
        names.join(", "),
        vec![one; rows.len()].join(", "),
        target.join(", ")
    );
    sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *conn).await?;
    Ok(())
}

async fn move_cursor(conn: &mut SqliteConnection, last: &Pulled) -> Result<()> {
    for (key, value) in [("cursor", last.seq.to_string()), ("cursor_stamp", last.stamp.to_string())] {
        sqlx::query(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Applies a row in a savepoint; a row that breaks a local unique rule (held by a local change
/// the server has not seen yet) waits in `sync_deferred`. Returns whether it applied.
async fn apply_one(
    conn: &mut SqliteConnection,
    schema: &Schema,
    table: &str,
    key: &str,
    record: &ServerRecord,
) -> Result<bool> {
    let mut savepoint = conn.begin().await?;
    match apply_record(&mut savepoint, schema, table, key, record, true).await {
        Ok(()) => {
            savepoint.commit().await?;
            sqlx::query("DELETE FROM sync_deferred WHERE tbl = ? AND key = ?")
                .bind(table)
                .bind(key)
                .execute(&mut *conn)
                .await?;
            Ok(true)
        }
        Err(error) => {
            savepoint.rollback().await?;
            log::info!("sync: {table} {key} waits: {error}");
            let fields = serde_json::to_string(
                &serde_json::json!({ "fields": record.fields, "deleted": record.deleted }),
            )
            .unwrap_or_default();
            sqlx::query(
                "INSERT INTO sync_deferred (tbl, key, fields, why) VALUES (?, ?, ?, ?)
                 ON CONFLICT (tbl, key) DO UPDATE SET fields = excluded.fields, why = excluded.why",
            )
            .bind(table)
            .bind(key)
            .bind(fields)
            .bind(error.to_string())
            .execute(&mut *conn)
            .await?;
            Ok(false)
        }
    }
}

/// Retries the rows that waited; returns how many still wait.
pub async fn retry_deferred(db: &Db, schema: &Schema) -> Result<usize> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT tbl, key, fields FROM sync_deferred ORDER BY rowid")
            .fetch_all(db.reader())
            .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    applying(db, async |conn| {
        let mut left = 0;
        for (table, key, text) in &rows {
            let record: ServerRecord = match serde_json::from_str(text) {
                Ok(record) => record,
                Err(_) => continue,
            };
            if !apply_one(conn, schema, table, key, &record).await? {
                left += 1;
            }
        }
        Ok(left)
    })
    .await
}

/// Sets the row to the server's record: deleted, or its fields written — except fields with an
/// unpushed local edit, and rows created or deleted here and not yet pushed.
async fn apply_record(
    conn: &mut SqliteConnection,
    schema: &Schema,
    table: &str,
    key: &str,
    record: &ServerRecord,
    check_pending: bool,
) -> Result<()> {
    let Some(columns) = schema.table(table) else { return Ok(()) };
    if table == "settings"
        && let Some(Value::String(name)) = record.fields.get("key")
        && !setting_syncs(name)
    {
        return Ok(());
    }
    // (Skipped when the outbox is empty: a first download.)
    let pending: HashSet<String> = if check_pending {
        sqlx::query_scalar("SELECT field FROM sync_outbox WHERE tbl = ? AND key = ?")
            .bind(table)
            .bind(key)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect()
    } else {
        HashSet::new()
    };
    if pending.contains("+") || pending.contains("-") {
        return Ok(());
    }
    let pk = key_columns(columns);
    let key_vals = key_values(key, &pk)?;
    if record.deleted {
        let mut args = SqliteArguments::default();
        for (column, value) in pk.iter().zip(&key_vals) {
            bind(&mut args, column, value)?;
        }
        let sql = format!("DELETE FROM \"{table}\" WHERE {}", where_key(&pk));
        sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *conn).await?;
        return Ok(());
    }
    if ISSUED.contains(&table) {
        return apply_issued(conn, table, columns, &pk, &key_vals, record, &pending).await;
    }
    // The key columns from the key, the rest from the fields this machine knows.
    let mut names: Vec<&str> = Vec::new();
    let mut args = SqliteArguments::default();
    for (column, value) in pk.iter().zip(&key_vals) {
        names.push(&column.name);
        bind(&mut args, column, value)?;
    }
    let mut updated: Vec<&str> = Vec::new();
    for column in columns.iter().filter(|c| c.pk == 0) {
        if let Some(value) = record.fields.get(&column.name) {
            names.push(&column.name);
            bind(&mut args, column, value)?;
            if !pending.contains(&column.name) {
                updated.push(&column.name);
            }
        }
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let marks = vec!["?"; names.len()].join(", ");
    let conflict_target: Vec<String> = pk.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let on_conflict = if updated.is_empty() {
        "DO NOTHING".to_owned()
    } else {
        format!(
            "DO UPDATE SET {}",
            updated.iter().map(|n| format!("\"{n}\" = excluded.\"{n}\"")).collect::<Vec<_>>().join(", ")
        )
    };
    let sql = format!(
        "INSERT INTO \"{table}\" ({}) VALUES ({marks}) ON CONFLICT ({}) {on_conflict}",
        quoted.join(", "),
        conflict_target.join(", ")
    );
    sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *conn).await?;
    Ok(())
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
    for table in ["sync_outbox", "sync_deferred", "sync_state"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
