//! Applying the server's rows on this machine: a pulled page in one transaction (runs of rows of
//! one table as one statement when nothing local waits), row by row in savepoints when a row
//! fails, rows blocked by a local unique value kept in `sync_deferred` and retried, never over a
//! field with an unpushed edit; issued invoices get only what may change after issue.

use std::collections::HashSet;

use serde_json::Value;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Connection, SqliteConnection};

use super::capture::Column;
use super::replica::{applying, applying_with, where_key};
use super::server::{Pulled, ServerRecord};
use super::tables::setting_syncs;
use super::values::{Schema, bind, key_columns, key_values};
use crate::Result;
use crate::db::Db;

/// What applying a page did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub rows: usize,
    /// Rows that wait for a local change to reach the server first.
    pub deferred: usize,
}

/// One step of applying a page when nothing local waits: a run of rows as one statement, or
/// one row (deleted, a setting, an issued invoice) written on its own.
pub enum Step {
    Many(String, SqliteArguments),
    One(usize),
}

/// A pulled page with its statements built, so the writer only runs them. Building is pure
/// work on the page (no database), done on another thread while the page before is applied.
pub struct Prepared {
    pub page: Vec<Pulled>,
    steps: Vec<Step>,
}

/// Builds the statements for `page`: runs of rows of one table with the same fields become one
/// multi-row upsert each.
pub fn prepare(schema: &Schema, page: Vec<Pulled>) -> Result<Prepared> {
    let mut steps = Vec::new();
    let mut start = 0;
    while start < page.len() {
        let end = run_end(schema, &page, start);
        if end > start + 1
            && let Some(columns) = schema.table(&page[start].tbl)
        {
            steps.push(upsert_many(columns, &page[start..end])?);
        } else {
            steps.push(Step::One(start));
        }
        start = end.max(start + 1);
    }
    Ok(Prepared { page, steps })
}

/// Applies one page of pulled rows and moves the cursor past it, in one transaction.
pub async fn apply_page(db: &Db, schema: &Schema, page: &[Pulled]) -> Result<Applied> {
    apply_prepared(db, schema, prepare(schema, page.to_vec())?, false).await
}

/// Applies a prepared page and moves the cursor past it, in one transaction. When nothing local
/// waits (a first download, or a machine with nothing unpushed) the prepared statements run;
/// otherwise row by row, leaving fields with an unpushed edit alone. When a row fails (a unique
/// value still held by a local change), the page is applied again row by row in savepoints, and
/// the rows that fail wait in `sync_deferred`. `bulk`: part of a large download, committed
/// without waiting for the disk (see [`applying_with`]).
pub async fn apply_prepared(db: &Db, schema: &Schema, prepared: Prepared, bulk: bool) -> Result<Applied> {
    let Prepared { page, steps } = prepared;
    let Some(last) = page.last() else { return Ok(Applied::default()) };
    let whole = applying_with(db, bulk, async |conn| {
        // Checked inside the write transaction: no local edit can slip in after it.
        let quiet: bool = sqlx::query_scalar(
            "SELECT NOT EXISTS (SELECT 1 FROM sync_outbox) AND NOT EXISTS (SELECT 1 FROM sync_deferred)",
        )
        .fetch_one(&mut *conn)
        .await?;
        if quiet {
            for step in steps {
                match step {
                    Step::Many(sql, args) => {
                        sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *conn).await?;
                    }
                    Step::One(i) => {
                        let pulled = &page[i];
                        let record = ServerRecord { fields: pulled.fields.clone(), deleted: pulled.deleted };
                        apply_record(conn, schema, &pulled.tbl, &pulled.key, &record, false).await?;
                    }
                }
            }
        } else {
            for pulled in &page {
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
        for pulled in &page {
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

/// The statement that writes rows of one table with the same fields: one INSERT … ON CONFLICT
/// DO UPDATE.
fn upsert_many(columns: &[Column], rows: &[Pulled]) -> Result<Step> {
    let table = &rows[0].tbl;
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
    Ok(Step::Many(sql, args))
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
pub(super) async fn apply_one(
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
