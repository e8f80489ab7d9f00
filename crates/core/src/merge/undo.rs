//! Undoing a merge from its journal: refused unless nothing it touched has changed since, then
//! every moved row goes back, every removed duplicate is put back, and both records get their
//! rows from before the merge, in one write transaction.

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, Row, SqliteConnection};

use super::rows::{self, Cell, Image, Table, quote};
use super::{Doing, MergeRecord, RecordKind, broke_rule, damaged, get};
use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, MergeId, Result};

/// One row of `merge_rows`.
struct Entry {
    action: String,
    table: String,
    column: String,
    key: Image,
    before: Option<String>,
}

pub(super) async fn undo(db: &Db, id: MergeId, actor: &Actor) -> Result<MergeRecord> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT kind, kept_id, merged_id, kept_name, merged_name, merged_at, kept_before, kept_after,
            merged_before, merged_after, undone_at
         FROM merges WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::NotFound { entity: "merge" })?;
    if row.try_get::<Option<String>, _>("undone_at")?.is_some() {
        return Err(Error::invalid("merge", msg("This merge was already undone.", &[])));
    }
    let kind = RecordKind::parse(row.try_get("kind")?)?.spec();
    let keep: uuid::Uuid = row.try_get("kept_id")?;
    let merge: uuid::Uuid = row.try_get("merged_id")?;
    let kept_name: String = row.try_get("kept_name")?;
    let merged_name: String = row.try_get("merged_name")?;
    let stamp: String = row.try_get("merged_at")?;
    let image = |column: &str| -> Result<Image> {
        serde_json::from_str(&row.try_get::<String, _>(column)?).map_err(|_| damaged())
    };
    let (kept_before, kept_after) = (image("kept_before")?, image("kept_after")?);
    let (merged_before, merged_after) = (image("merged_before")?, image("merged_after")?);

    let table = rows::table(&mut tx, kind.table).await?;
    for (id, after, name) in [(keep, &kept_after, &kept_name), (merge, &merged_after, &merged_name)] {
        let key = Image::from([("id".to_owned(), Cell::id(id))]);
        if table.row(&mut tx, &key).await?.as_ref() != Some(after) {
            return Err(Error::invalid(
                "merge",
                msg(
                    "“{name}” was changed after this merge; undoing it would lose that change. Nothing was undone.",
                    &[("name", name)],
                ),
            ));
        }
    }

    let entries = journal(&mut tx, id).await?;
    let mut tables: HashMap<String, Table> = HashMap::new();
    for entry in &entries {
        if !tables.contains_key(&entry.table) {
            tables.insert(entry.table.clone(), rows::table(&mut tx, &entry.table).await?);
        }
    }
    let kept_cell = Cell::id(keep);
    let stamp_cell = Cell::Text(stamp);
    // Every moved row is still where the merge put it, not updated since.
    for entry in entries.iter().filter(|e| e.action == "moved") {
        let t = &tables[&entry.table];
        let key = moved_key(entry, &kept_cell);
        // Numbered parameters only: sqlx counts a bare `?` from 1 whatever came before it.
        let (filter, mut binds) = t.key_where(&key, 1)?;
        binds.push(kept_cell.clone());
        let mut sql = format!(
            "SELECT count(*) FROM {} WHERE {filter} AND {} IS ?{}",
            quote(&t.name),
            quote(&entry.column),
            binds.len()
        );
        if t.has_updated_at {
            binds.push(stamp_cell.clone());
            sql.push_str(&format!(" AND updated_at IS ?{}", binds.len()));
        }
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for b in &binds {
            query = rows::bind(query, b)?;
        }
        if query.fetch_one(&mut *tx).await?.try_get::<i64, _>(0)? == 0 {
            return Err(Error::invalid(
                "merge",
                msg(
                    "Something this merge moved to “{kept_name}” ({table}) was changed, moved or removed since; \
                     undoing the merge would lose that change. Nothing was undone.",
                    &[("kept_name", &kept_name), ("table", &entry.table)],
                ),
            ));
        }
    }

    // Back, newest first. The merged-away record is still marked merged here, which the invoice
    // trigger needs to let an issued invoice move back.
    let merged_cell = Cell::id(merge);
    for entry in entries.iter().rev() {
        let t = &tables[&entry.table];
        let broke = |e| broke_rule(e, &t.name, Doing::Undo);
        if entry.action == "deleted" {
            let row: Image =
                serde_json::from_str(entry.before.as_deref().ok_or_else(damaged)?).map_err(|_| damaged())?;
            t.insert(&mut tx, &row).await.map_err(broke)?;
            continue;
        }
        let key = moved_key(entry, &kept_cell);
        let (filter, key_binds) = t.key_where(&key, 3)?;
        let column = quote(&entry.column);
        let before: Cell = match &entry.before {
            Some(before) => serde_json::from_str(before).map_err(|_| damaged())?,
            None => Cell::Null,
        };
        let set = if t.has_updated_at {
            format!("{column} = ?1, updated_at = ?2")
        } else {
            format!("{column} = ?1")
        };
        let sql = format!("UPDATE OR ABORT {} SET {set} WHERE {filter}", quote(&t.name));
        let mut query = rows::bind(sqlx::query(AssertSqlSafe(sql)), &merged_cell)?;
        query = rows::bind(query, &before)?;
        for b in &key_binds {
            query = rows::bind(query, b)?;
        }
        query.execute(&mut *tx).await.map_err(|e| broke(e.into()))?;
    }

    // The kept record first: it gives back what it took (an account number) before the
    // merged-away one, no longer merged, takes it again.
    let broke = |e| broke_rule(e, kind.table, Doing::Undo);
    table.overwrite(&mut tx, &kept_before).await.map_err(broke)?;
    table.overwrite(&mut tx, &merged_before).await.map_err(broke)?;
    sqlx::query(
        "UPDATE merges SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), undone_by = ? WHERE id = ?",
    )
    .bind(actor.id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // The stream says so on both records again (the merge's own entry stays: it happened).
    // Stored in the stream as a sentence, in the language of the moment.
    let body = msg(
        "Undid the merge of “{merged_name}” into “{kept_name}”",
        &[("merged_name", &merged_name), ("kept_name", &kept_name)],
    );
    for record in [keep, merge] {
        super::stream_entry(&mut tx, kind.kind, record, &body, id, actor).await?;
    }
    let undone = get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(undone)
}

async fn journal(conn: &mut SqliteConnection, id: MergeId) -> Result<Vec<Entry>> {
    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT action, table_name, column_name, row_key, before FROM merge_rows WHERE merge_id = ? ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(action, table, column, key, before)| {
            Ok(Entry {
                action,
                table,
                column,
                key: serde_json::from_str(&key).map_err(|_| damaged())?,
                before,
            })
        })
        .collect()
}

/// A moved row's key as it is now: when the moved column is part of the key, it holds the kept
/// record's id.
fn moved_key(entry: &Entry, kept: &Cell) -> Image {
    let mut key = entry.key.clone();
    if let Some(value) = key.get_mut(&entry.column) {
        *value = kept.clone();
    }
    key
}
