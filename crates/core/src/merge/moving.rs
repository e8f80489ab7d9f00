//! Moving what points at the merged-away record: every column that references its table, found
//! in the schema; a row the kept record already has (a unique index forbids a second) is removed
//! as a duplicate instead, whole in the journal. Also the sentences for a rule the schema refuses.

use sqlx::{AssertSqlSafe, SqliteConnection};

use super::MERGED_INTO;
use super::fields::Kind;
use super::json;
use super::rows::{self, Cell, Image, Reference, Table, quote};
use crate::messages::msg;
use crate::{Error, Result};

/// The columns a merge moves: every reference to the kind's table but `merged_into`.
pub(super) async fn moved_references(conn: &mut SqliteConnection, kind: &Kind) -> Result<Vec<Reference>> {
    let all = rows::references(conn, kind.table).await?;
    let mut moved: Vec<Reference> =
        all.into_iter().filter(|r| !(r.table == kind.table && r.column == MERGED_INTO)).collect();
    // Custom field values name their record without a foreign key (one table serves every kind
    // of record): they move too. A field the kept record has a value in keeps that value; the
    // merged-away record's is a duplicate, removed whole into the journal (undo puts it back).
    moved.push(Reference { table: "custom_values".into(), column: "record_id".into() });
    Ok(moved)
}

/// The whole row of a record.
pub(super) async fn record(conn: &mut SqliteConnection, table: &Table, id: uuid::Uuid) -> Result<Image> {
    let key = Image::from([("id".to_owned(), Cell::id(id))]);
    table.row(conn, &key).await?.ok_or(Error::NotFound { entity: "record" })
}

/// One row the merge changed besides the two records.
pub(super) struct Entry {
    pub(super) action: &'static str,
    pub(super) table: String,
    pub(super) column: String,
    pub(super) key: Image,
    /// Moved: its updated_at before (JSON of a [`Cell`]); deleted: the whole row (JSON).
    pub(super) before: Option<String>,
}

/// Moves every row whose `reference` column is `from` to `to`; a row the kept record already has
/// (a unique violation) is deleted as a duplicate instead. Journals each.
pub(super) async fn move_references(
    conn: &mut SqliteConnection,
    reference: &Reference,
    from: uuid::Uuid,
    to: uuid::Uuid,
    stamp: &str,
    journal: &mut Vec<Entry>,
) -> Result<()> {
    let table = rows::table(conn, &reference.table).await?;
    let found = table.keys_where(conn, &reference.column, from).await?;
    if found.is_empty() {
        return Ok(());
    }
    let column = quote(&reference.column);
    // ?2 stays numbered when unused, so the binds are the same either way.
    let set = if table.has_updated_at {
        format!("{column} = ?1, updated_at = ?2")
    } else {
        format!("{column} = ?1")
    };
    // OR ABORT overrides a table's own ON CONFLICT REPLACE or IGNORE, which would otherwise
    // delete the kept record's row or skip the move silently.
    let sql = format!("UPDATE OR ABORT {} SET {set} WHERE {column} = ?3", quote(&table.name));
    let moved = |key: Image, before: Option<Cell>| -> Result<Entry> {
        Ok(Entry {
            action: "moved",
            table: table.name.clone(),
            column: reference.column.clone(),
            key,
            before: before.as_ref().map(json).transpose()?,
        })
    };
    match sqlx::query(AssertSqlSafe(sql)).bind(to).bind(stamp).bind(from).execute(&mut *conn).await {
        Ok(_) => {
            for (key, before) in found {
                journal.push(moved(key, before)?);
            }
        }
        Err(e) if is_unique_violation(&e) && table.unique_on(conn, &reference.column).await? => {
            // Row by row: those the kept record already has are duplicates.
            for (key, before) in found {
                let (filter, binds) = table.key_where(&key, 3)?;
                let sql = format!("UPDATE OR ABORT {} SET {set} WHERE {filter}", quote(&table.name));
                let mut query = sqlx::query(AssertSqlSafe(sql)).bind(to).bind(stamp);
                for b in &binds {
                    query = rows::bind(query, b)?;
                }
                match query.execute(&mut *conn).await {
                    Ok(_) => journal.push(moved(key, before)?),
                    Err(e) if is_unique_violation(&e) => {
                        journal.push(remove_duplicate(conn, &table, &reference.column, key).await?);
                    }
                    Err(e) => return Err(broke_rule(e.into(), &table.name, Doing::Merge)),
                }
            }
        }
        Err(e) => return Err(broke_rule(e.into(), &table.name, Doing::Merge)),
    }
    // A trigger could have pointed something back; nothing may be left half-moved.
    let sql = format!("SELECT count(*) FROM {} WHERE {column} = ?", quote(&table.name));
    let left: i64 = sqlx::query_scalar(AssertSqlSafe(sql)).bind(from).fetch_one(&mut *conn).await?;
    if left > 0 {
        return Err(Error::invalid(
            "merge",
            msg(
                "{left} of the {table} records could not be moved. Nothing was merged.",
                &[("left", &left.to_string()), ("table", &table.name)],
            ),
        ));
    }
    Ok(())
}

/// Deletes a row the kept record already has an equal of, keeping it whole in the journal.
async fn remove_duplicate(
    conn: &mut SqliteConnection,
    table: &Table,
    column: &str,
    key: Image,
) -> Result<Entry> {
    if let Some(child) = table.referenced_by(conn, &key).await? {
        return Err(Error::invalid(
            "merge",
            msg(
                "Both records have the same {table} entry, and the merged-away record’s one has {child} \
                 records attached; merging cannot combine them. Nothing was merged.",
                &[("table", &table.name), ("child", &child)],
            ),
        ));
    }
    let row = table.row(conn, &key).await?.ok_or(Error::NotFound { entity: "record" })?;
    table.delete(conn, &key).await.map_err(|e| broke_rule(e, &table.name, Doing::Merge))?;
    Ok(Entry {
        action: "deleted",
        table: table.name.clone(),
        column: column.to_owned(),
        key,
        before: Some(json(&row)?),
    })
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

#[derive(Clone, Copy)]
pub(super) enum Doing {
    Merge,
    Undo,
}

/// A rule of the schema (a constraint or a trigger) refused a change: a sentence that says so.
pub(super) fn broke_rule(e: Error, table: &str, doing: Doing) -> Error {
    match e {
        Error::Db(sqlx::Error::Database(d)) => {
            let values = [("table", table), ("reason", d.message())];
            Error::invalid(
                "merge",
                match doing {
                    Doing::Merge => msg(
                        "Merging would break a rule of the {table} records ({reason}). Nothing was merged.",
                        &values,
                    ),
                    Doing::Undo => msg(
                        "Undoing this merge would break a rule of the {table} records ({reason}). \
                         Nothing was undone.",
                        &values,
                    ),
                },
            )
        }
        other => other,
    }
}
