//! Conflicts the team server recorded (rows of the synced table `sync_conflicts`, so every
//! machine lists them): reading them with the record's current name, and resolving one — the
//! chosen value is written as an ordinary edit, so it syncs like any other.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use sqlx::sqlite::SqliteArguments;
use ts_rs::TS;

use super::team::Team;
use super::values::{bind, hex, key_columns, key_values};
use crate::messages::msg;
use crate::{Error, Result};

/// A conflict the server recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub id: String,
    /// edit, archive, deleted, unique
    pub kind: String,
    pub table: String,
    pub row_key: String,
    pub field: String,
    /// What the record is called now (an organization's name), when it still exists.
    pub record: Option<String>,
    /// The value this side's edit started from, the value it wanted, the value the server kept.
    #[ts(type = "unknown")]
    pub base: Value,
    #[ts(type = "unknown")]
    pub mine: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
    pub message: String,
    /// Who made the edit that did not apply.
    pub actor: Option<String>,
    pub at: String,
    pub resolved_at: Option<String>,
}

/// How a conflict is resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "take", content = "value", rename_all = "lowercase")]
pub enum Resolution {
    /// Keep the value the server kept.
    Theirs,
    /// Use the value of the edit that did not apply.
    Mine,
    /// Use this value (typed by the user).
    Value(#[ts(type = "string | null")] Value),
}

impl Team<'_> {
    /// The conflicts, open ones first (newest first), then resolved ones when `all`.
    pub async fn conflicts(&self, all: bool) -> Result<Vec<Conflict>> {
        let rows = sqlx::query(
            "SELECT c.id, c.kind, c.tbl, c.row_key, c.field, c.base, c.mine, c.theirs, c.message, s.name AS actor,
                    c.at, c.resolved_at
             FROM sync_conflicts c LEFT JOIN staff s ON s.id = c.actor_id
             WHERE ? OR c.resolved_at IS NULL
             ORDER BY c.resolved_at IS NOT NULL, c.at DESC LIMIT 1000",
        )
        .bind(all)
        .fetch_all(self.db().reader())
        .await?;
        let mut conflicts = Vec::with_capacity(rows.len());
        for row in rows {
            let json = |name: &str| -> Result<Value> {
                let text: Option<String> = row.try_get(name)?;
                Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null))
            };
            let table: String = row.try_get("tbl")?;
            let row_key: String = row.try_get("row_key")?;
            conflicts.push(Conflict {
                id: hex(&row.try_get::<Vec<u8>, _>("id")?),
                kind: row.try_get("kind")?,
                record: self.record_name(&table, &row_key).await?,
                table,
                row_key,
                field: row.try_get("field")?,
                base: json("base")?,
                mine: json("mine")?,
                theirs: json("theirs")?,
                message: row.try_get("message")?,
                actor: row.try_get("actor")?,
                at: row.try_get("at")?,
                resolved_at: row.try_get("resolved_at")?,
            });
        }
        Ok(conflicts)
    }

    /// Resolves a conflict: the chosen value is written as an ordinary edit (so it syncs), and
    /// the conflict is marked resolved by the staff member using this machine.
    pub async fn resolve(&self, id: &str, resolution: Resolution) -> Result<()> {
        let actor = self.core.actor().await?;
        let id_bytes = super::values::unhex(id).ok_or(Error::NotFound { entity: "conflict" })?;
        let found = self
            .conflicts(true)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(Error::NotFound { entity: "conflict" })?;
        if found.resolved_at.is_some() {
            return Err(Error::invalid("conflict", msg("That conflict is already resolved.", &[])));
        }
        let value = match resolution {
            Resolution::Theirs => None,
            Resolution::Mine => Some(found.mine.clone()),
            Resolution::Value(v) => Some(v),
        };
        let schema = self.schema().await?;
        let mut tx = self.db().begin_write().await?;
        if let Some(value) = value
            && found.field != "*"
            && let Some(columns) = schema.table(&found.table)
        {
            let column = columns
                .iter()
                .find(|c| c.name == found.field && c.pk == 0)
                .ok_or_else(|| Error::invalid("conflict", msg("That field no longer exists.", &[])))?;
            let pk = key_columns(columns);
            let keys = key_values(&found.row_key, &pk)?;
            let mut args = SqliteArguments::default();
            bind(&mut args, column, &value)?;
            // A key derived from this column is computed again (organizations' name_key).
            let derived = super::tables::DERIVED
                .iter()
                .find(|(t, _, source)| *t == found.table && *source == column.name)
                .map(|(_, derived, _)| *derived);
            if derived.is_some() {
                let key = value.as_str().map(crate::text::name_key);
                sqlx::Arguments::add(&mut args, key).map_err(|e| Error::Io(std::io::Error::other(e)))?;
            }
            let stamp = columns.iter().any(|c| c.name == "updated_at" && column.name != "updated_at");
            for (c, v) in pk.iter().zip(&keys) {
                bind(&mut args, c, v)?;
            }
            let sql = format!(
                "UPDATE \"{}\" SET \"{}\" = ?{}{} WHERE {}",
                found.table,
                column.name,
                derived.map(|d| format!(", \"{d}\" = ?")).unwrap_or_default(),
                if stamp { ", updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" } else { "" },
                pk.iter().map(|c| format!("\"{}\" = ?", c.name)).collect::<Vec<_>>().join(" AND ")
            );
            let done = sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *tx).await.map_err(
                |e| match &e {
                    // A typed value the record's rules refuse (empty where required, out of range).
                    sqlx::Error::Database(d)
                        if d.is_check_violation() || d.message().contains("NOT NULL") =>
                    {
                        Error::invalid(
                            "conflict",
                            msg(
                                "That value is not allowed for the {field}; type another.",
                                &[("field", &found.field.replace('_', " "))],
                            ),
                        )
                    }
                    sqlx::Error::Database(d) if d.is_unique_violation() => Error::invalid(
                        "conflict",
                        msg(
                            "That {field} is already used by another record; choose another value.",
                            &[("field", &found.field.replace('_', " "))],
                        ),
                    ),
                    _ => Error::Db(e),
                },
            )?;
            if done.rows_affected() == 0 {
                return Err(Error::invalid(
                    "conflict",
                    msg("That record no longer exists; only “keep theirs” is possible.", &[]),
                ));
            }
        }
        sqlx::query(
            "UPDATE sync_conflicts SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), resolved_by = ? WHERE id = ?",
        )
        .bind(actor.id.uuid().as_bytes().to_vec())
            .bind(id_bytes)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What a conflicting record is called now.
    async fn record_name(&self, table: &str, key: &str) -> Result<Option<String>> {
        let sql = match table {
            "organizations" => "SELECT name FROM organizations WHERE id = ?",
            "people" => {
                "SELECT trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM people WHERE id = ?"
            }
            "staff" => "SELECT name FROM staff WHERE id = ?",
            "system_types" => "SELECT name FROM system_types WHERE id = ?",
            "choices" => "SELECT name FROM choices WHERE id = ?",
            "systems" => "SELECT name FROM systems WHERE id = ?",
            "tickets" => "SELECT '#' || number || ' ' || subject FROM tickets WHERE id = ?",
            _ => return Ok(None),
        };
        let id = serde_json::from_str::<Vec<Value>>(key)
            .ok()
            .and_then(|k| k.first().and_then(|v| v.as_str()).and_then(super::values::unhex));
        let Some(id) = id else { return Ok(None) };
        Ok(sqlx::query_scalar(sql).bind(id).fetch_optional(self.db().reader()).await?)
    }
}
