//! Custom fields as import targets: the mapping screen offers the kind's fields (not archived
//! ones), a column headed by a field's label goes to it by itself, each cell is checked against
//! its field's kind (a row error names the column) and stored in the field's canonical form, and
//! an update counts only the values that differ from what the record holds.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection};

use super::mapping::{FieldChoice, ImportKind, Target, header_key};
use super::{RowError, run::Columns};
use crate::custom_fields::{self, CustomField, CustomRecord};
use crate::messages::msg;
use crate::{CustomFieldId, Error, ImportId, Result};

/// A row's custom values: each field and its canonical value.
pub(crate) type RowValues = Vec<(CustomFieldId, String)>;

pub(crate) fn record_of(kind: ImportKind) -> CustomRecord {
    match kind {
        ImportKind::Organizations => CustomRecord::Organization,
        ImportKind::People => CustomRecord::Person,
    }
}

/// The kind's custom fields an import can fill (not archived), in their order.
pub(crate) async fn fields(conn: &mut SqliteConnection, kind: ImportKind) -> Result<Vec<CustomField>> {
    custom_fields::fields_of(conn, record_of(kind), false).await
}

/// The mapping screen's choices with the custom fields after the built-in ones.
pub(crate) fn choices(mut built_in: Vec<FieldChoice>, fields: &[CustomField]) -> Vec<FieldChoice> {
    built_in
        .extend(fields.iter().map(|f| FieldChoice { target: Target::Custom(f.id), label: f.label.clone() }));
    built_in
}

/// Columns left unmapped whose header is a field's label (case and punctuation ignored) go to
/// that field, once each: a Fieldbook export's custom columns come back where they were.
pub(crate) fn auto_map(mapping: &mut [Target], headers: &[String], fields: &[CustomField]) {
    for field in fields {
        if mapping.contains(&Target::Custom(field.id)) {
            continue;
        }
        let key = header_key(&field.label);
        if let Some(i) =
            (0..headers.len()).find(|&i| mapping[i] == Target::Ignore && header_key(&headers[i]) == key)
        {
            mapping[i] = Target::Custom(field.id);
        }
    }
}

/// Refuses a custom target that is not one of the kind's fields (removed, archived, or
/// another kind's since the mapping was made), naming the column.
pub(crate) fn check(headers: &[String], mapping: &[Target], fields: &[CustomField]) -> Result<()> {
    for (i, target) in mapping.iter().enumerate() {
        if let Target::Custom(id) = target
            && !fields.iter().any(|f| f.id == *id)
        {
            return Err(Error::invalid(
                "mapping",
                msg(
                    "Column “{column}” goes to a custom field that was removed or archived; choose another field for it.",
                    &[("column", &headers[i])],
                ),
            ));
        }
    }
    Ok(())
}

/// What a planner needs to read a row's custom cells.
#[derive(Default)]
pub(crate) struct CustomColumns {
    /// Column index and the field it fills.
    columns: Vec<(usize, CustomField)>,
    /// What the records hold in the mapped fields, for telling an update from no change.
    existing: HashMap<uuid::Uuid, RowValues>,
}

impl CustomColumns {
    /// Reads the mapped fields' current values (only when the mapping has custom columns).
    pub async fn load(
        conn: &mut SqliteConnection,
        mapping: &[Target],
        fields: &[CustomField],
    ) -> Result<Self> {
        let columns: Vec<(usize, CustomField)> = mapping
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                Target::Custom(id) => fields.iter().find(|f| f.id == *id).map(|f| (i, f.clone())),
                _ => None,
            })
            .collect();
        let mut existing: HashMap<uuid::Uuid, RowValues> = HashMap::new();
        for (_, field) in &columns {
            let rows = sqlx::query("SELECT record_id, value FROM custom_values WHERE field_id = ?")
                .bind(field.id)
                .fetch_all(&mut *conn)
                .await?;
            for row in rows {
                existing
                    .entry(row.try_get("record_id")?)
                    .or_default()
                    .push((field.id, row.try_get("value")?));
            }
        }
        Ok(Self { columns, existing })
    }

    /// The row's custom values in canonical form, and an error per cell that does not fit its
    /// field (naming the column).
    pub fn values(&self, row: u64, cells: &[String], columns: &Columns) -> (RowValues, Vec<RowError>) {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for (i, field) in &self.columns {
            let Some(cell) = cells.get(*i).map(|c| c.trim()).filter(|c| !c.is_empty()) else { continue };
            match custom_fields::canonical(field, cell) {
                Ok(value) => values.push((field.id, value)),
                Err(e) => {
                    // The core's message starts with the field's label; the column is named apart.
                    let message = e.to_string();
                    let message = message.strip_prefix(&format!("{}: ", field.label)).unwrap_or(&message);
                    errors.push(RowError {
                        row,
                        column: Some(columns.headers[*i].clone()),
                        message: capitalised(message),
                    });
                }
            }
        }
        (values, errors)
    }

    /// The labels of `values` that differ from what the record `id` holds.
    pub fn changes(&self, id: uuid::Uuid, values: &RowValues) -> Vec<String> {
        let held = self.existing.get(&id);
        values
            .iter()
            .filter(|(field, value)| !held.is_some_and(|h| h.iter().any(|(f, v)| f == field && v == value)))
            .filter_map(|(field, _)| {
                self.columns.iter().find(|(_, f)| f.id == *field).map(|(_, f)| f.label.clone())
            })
            .collect()
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Writes the custom values of a batch of written records (one statement): a value replaces
/// what the field held; fields the row left blank keep theirs.
pub(crate) async fn write(conn: &mut SqliteConnection, rows: &[(uuid::Uuid, &RowValues)]) -> Result<()> {
    let batch: Vec<serde_json::Value> = rows
        .iter()
        .flat_map(|(id, values)| {
            values
                .iter()
                .map(move |(field, value)| serde_json::json!([field.hex(), id.simple().to_string(), value]))
        })
        .collect();
    if batch.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO custom_values (field_id, record_id, value)
         SELECT unhex(value ->> 0), unhex(value ->> 1), value ->> 2 FROM json_each(?1) WHERE true
         ON CONFLICT (field_id, record_id) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
    )
    .bind(serde_json::Value::Array(batch).to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Notes in an update's undo record (`before.custom`) each value the import is about to write:
/// `[field id hex, the value before or null, the value written]`. Runs before [`write`].
pub(crate) async fn note_before(
    conn: &mut SqliteConnection,
    import: ImportId,
    entity: &str,
    rows: &[(uuid::Uuid, &RowValues)],
) -> Result<()> {
    let batch: Vec<serde_json::Value> = rows
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(id, values)| {
            let pairs: Vec<serde_json::Value> =
                values.iter().map(|(field, value)| serde_json::json!([field.hex(), value])).collect();
            serde_json::json!([id.simple().to_string(), pairs])
        })
        .collect();
    if batch.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE import_changes SET before = json_set(before, '$.custom', json((
            SELECT json_group_array(json_array(p.value ->> 0,
                (SELECT v.value FROM custom_values v
                 WHERE v.field_id = unhex(p.value ->> 0) AND v.record_id = import_changes.entity_id),
                p.value ->> 1))
            FROM json_each(j.pairs) p)))
         FROM (SELECT unhex(value ->> 0) AS id, value ->> 1 AS pairs FROM json_each(?3)) AS j
         WHERE import_changes.import_id = ?1 AND import_changes.entity = ?2
           AND import_changes.action = 'update' AND import_changes.entity_id = j.id",
    )
    .bind(import)
    .bind(entity)
    .bind(serde_json::Value::Array(batch).to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Undo of an import's updates: each value it wrote goes back to what it was before (removed
/// where there was none) — unless it was changed since (by a person, a kind change, a sync),
/// which is kept. Created records take their values with them when they are deleted.
pub(crate) async fn undo_updates(conn: &mut SqliteConnection, import: ImportId) -> Result<()> {
    const WRITTEN: &str = "SELECT c.entity_id AS record_id, unhex(p.value ->> 0) AS field_id,
            p.value ->> 1 AS old, p.value ->> 2 AS new
         FROM import_changes c, json_each(c.before -> '$.custom') p
         WHERE c.import_id = ?1 AND c.action = 'update'";
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM custom_values WHERE (record_id, field_id, value) IN (
            SELECT record_id, field_id, new FROM ({WRITTEN}) WHERE old IS NULL)"
    )))
    .bind(import)
    .execute(&mut *conn)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE custom_values SET value = w.old
         FROM ({WRITTEN}) AS w
         WHERE w.old IS NOT NULL AND custom_values.record_id = w.record_id
           AND custom_values.field_id = w.field_id AND custom_values.value = w.new"
    )))
    .bind(import)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
