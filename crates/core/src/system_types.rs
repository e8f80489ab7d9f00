//! System types: what an admin says a kind of installed system records (a router has an IP
//! address, a login and a secret password; a server a version …). Editing a type never loses a
//! value already entered: fields keep their ids through renames and reordering, and a field that
//! has values is removed only when the caller confirms.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use std::sync::Arc;

use crate::secrets::{self, SecretStore};
use crate::text::is_date;
use crate::{Error, FieldId, Result, SecretId, SystemTypeId};

/// What a field holds; it decides how the value is checked and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Multiline,
    IpAddress,
    Url,
    Version,
    Date,
    Number,
    /// Stored only in the OS keyring; shown masked.
    Secret,
}

/// One field of a system type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldDef {
    pub id: FieldId,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
}

/// A system type with its fields in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SystemType {
    pub id: SystemTypeId,
    pub name: String,
    pub fields: Vec<FieldDef>,
    /// How many systems (archived ones included) are of this type.
    pub systems: u32,
}

/// A field as the type editor sends it: `id` is set for a field that already exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldInput {
    pub id: Option<FieldId>,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
}

/// What the type editor sends; the fields in the order they are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SystemTypeInput {
    pub name: String,
    pub fields: Vec<FieldInput>,
    /// Set after the user agreed that removing fields deletes their values.
    pub confirm_removals: bool,
}

/// Checks a value against its field's kind; the message names the field.
pub fn check_value(field: &FieldDef, value: &str) -> Result<()> {
    let values = [("label", field.label.as_str()), ("value", value)];
    let problem = match field.kind {
        FieldKind::IpAddress if value.parse::<IpAddr>().is_err() => {
            Some(msg("{label}: “{value}” is not an IP address (like 192.168.1.10 or fe80::1).", &values))
        }
        FieldKind::Url if crate::links::system_url(value).is_err() => {
            Some(msg("{label}: “{value}” is not a web address (like https://router.local).", &values))
        }
        FieldKind::Date if !is_date(value) => {
            Some(msg("{label}: “{value}” is not a date (YYYY-MM-DD).", &values))
        }
        FieldKind::Number if value.replace(',', "").parse::<f64>().map_or(true, |n| !n.is_finite()) => {
            Some(msg("{label}: “{value}” is not a number.", &values))
        }
        FieldKind::Version if value.chars().any(char::is_whitespace) => {
            Some(msg("{label}: a version has no spaces (like 7.2.1).", &values))
        }
        _ if field.kind != FieldKind::Multiline && value.chars().any(char::is_control) => {
            Some(msg("{label}: control characters are not allowed.", &values))
        }
        _ => None,
    };
    match problem {
        Some(message) => Err(Error::invalid("values", message)),
        None => Ok(()),
    }
}

/// The `field` of the error returned when a removal needs the user's confirmation.
pub const CONFIRM_REMOVALS: &str = "confirm_removals";

/// The system types service.
pub struct SystemTypes<'a> {
    db: &'a Db,
    secrets: &'a Arc<dyn SecretStore>,
}

impl<'a> SystemTypes<'a> {
    pub(crate) fn new(db: &'a Db, secrets: &'a Arc<dyn SecretStore>) -> Self {
        Self { db, secrets }
    }

    /// Every type, by name.
    pub async fn list(&self) -> Result<Vec<SystemType>> {
        let mut conn = self.db.reader().acquire().await?;
        let ids: Vec<SystemTypeId> =
            sqlx::query_scalar("SELECT id FROM system_types ORDER BY name COLLATE NOCASE")
                .fetch_all(&mut *conn)
                .await?;
        let mut types = Vec::with_capacity(ids.len());
        for id in ids {
            types.push(fetch(&mut conn, id).await?);
        }
        Ok(types)
    }

    /// One type.
    pub async fn get(&self, id: SystemTypeId) -> Result<SystemType> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// The type with this name (case-insensitive).
    pub async fn by_name(&self, name: &str) -> Result<SystemType> {
        let id: Option<SystemTypeId> =
            sqlx::query_scalar("SELECT id FROM system_types WHERE name = ? COLLATE NOCASE")
                .bind(name.trim())
                .fetch_optional(self.db.reader())
                .await?;
        self.get(id.ok_or(Error::NotFound { entity: "system type" })?).await
    }

    /// Creates a type.
    pub async fn create(&self, input: SystemTypeInput, by: &Actor) -> Result<SystemType> {
        by.require_admin(&msg("define {system} types", &[]))?;
        let input = validated(input)?;
        if let Some(i) = input.fields.iter().position(|f| f.id.is_some()) {
            return Err(Error::invalid(
                "fields",
                msg(
                    "Field {n}: a new type cannot take another type's field.",
                    &[("n", &(i + 1).to_string())],
                ),
            ));
        }
        let id = SystemTypeId::new();
        let mut tx = self.db.begin_write().await?;
        check_name(&mut tx, &input.name, id).await?;
        sqlx::query(
            "INSERT INTO system_types (id, name, created_at, updated_at)
             VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&input.name)
        .execute(&mut *tx)
        .await?;
        save_fields(&mut tx, id, &input.fields).await?;
        let created = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Renames, reorders, adds, changes and removes fields. A removed field that has values on
    /// some system is refused with [`CONFIRM_REMOVALS`] unless `confirm_removals` is set; then
    /// its values (and keyring entries) go with it.
    pub async fn update(&self, id: SystemTypeId, input: SystemTypeInput, by: &Actor) -> Result<SystemType> {
        by.require_admin(&msg("change {system} types and their fields", &[]))?;
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let current = fetch(&mut tx, id).await?;
        check_name(&mut tx, &input.name, id).await?;
        for (i, field) in input.fields.iter().enumerate() {
            let Some(field_id) = field.id else { continue };
            let Some(old) = current.fields.iter().find(|f| f.id == field_id) else {
                return Err(Error::invalid(
                    "fields",
                    msg("Field {n}: that field belongs to another type.", &[("n", &(i + 1).to_string())]),
                ));
            };
            if (old.kind == FieldKind::Secret) != (field.kind == FieldKind::Secret)
                && values_of(&mut tx, field_id).await? > 0
            {
                return Err(Error::invalid(
                    "fields",
                    msg(
                        "“{label}” has values, so it cannot become or stop being a secret field. Add a new \
                         field instead.",
                        &[("label", &old.label)],
                    ),
                ));
            }
        }
        let removed: Vec<&FieldDef> =
            current.fields.iter().filter(|f| !input.fields.iter().any(|i| i.id == Some(f.id))).collect();
        let mut with_values = Vec::new();
        for field in &removed {
            let n = values_of(&mut tx, field.id).await?;
            if n > 0 {
                let count = n.to_string();
                let values = [("label", field.label.as_str()), ("n", count.as_str())];
                with_values.push(if n == 1 {
                    msg("“{label}” ({n} value)", &values)
                } else {
                    msg("“{label}” ({n} values)", &values)
                });
            }
        }
        if !with_values.is_empty() && !input.confirm_removals {
            return Err(Error::invalid(
                CONFIRM_REMOVALS,
                msg(
                    "Removing {fields} deletes what was entered there.",
                    &[("fields", &with_values.join(", "))],
                ),
            ));
        }
        let mut doomed_secrets: Vec<SecretId> = Vec::new();
        for field in &removed {
            doomed_secrets.extend(
                sqlx::query_scalar::<_, SecretId>("SELECT id FROM secrets WHERE field_id = ?")
                    .bind(field.id)
                    .fetch_all(&mut *tx)
                    .await?,
            );
            sqlx::query("DELETE FROM system_type_fields WHERE id = ?")
                .bind(field.id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE system_types SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(&input.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        save_fields(&mut tx, id, &input.fields).await?;
        let updated = fetch(&mut tx, id).await?;
        tx.commit().await?;
        // The references are gone (the cascade queued them for clean-up); what cannot be
        // deleted now is left to the start-up sweep.
        secrets::discard(self.db, self.secrets, doomed_secrets).await;
        Ok(updated)
    }

    /// Deletes a type no system uses.
    pub async fn delete(&self, id: SystemTypeId, by: &Actor) -> Result<()> {
        by.require_admin(&msg("delete {system} types", &[]))?;
        let mut tx = self.db.begin_write().await?;
        let current = fetch(&mut tx, id).await?;
        if current.systems > 0 {
            return Err(Error::invalid(
                "name",
                msg(
                    "“{name}” is used by {count} {systems}; it cannot be deleted.",
                    &[("name", &current.name), ("count", &current.systems.to_string())],
                ),
            ));
        }
        sqlx::query("DELETE FROM system_types WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn validated(input: SystemTypeInput) -> Result<SystemTypeInput> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid("name", msg("Name is required.", &[])));
    }
    let mut fields = Vec::with_capacity(input.fields.len());
    for (i, field) in input.fields.into_iter().enumerate() {
        let label = field.label.trim().to_owned();
        if label.is_empty() {
            return Err(Error::invalid(
                "fields",
                msg("Field {n} needs a label.", &[("n", &(i + 1).to_string())]),
            ));
        }
        if fields.iter().any(|f: &FieldInput| f.label.eq_ignore_ascii_case(&label)) {
            return Err(Error::invalid(
                "fields",
                msg("There are two fields called “{label}”.", &[("label", &label)]),
            ));
        }
        fields.push(FieldInput { label, ..field });
    }
    Ok(SystemTypeInput { name, fields, confirm_removals: input.confirm_removals })
}

async fn check_name(conn: &mut SqliteConnection, name: &str, id: SystemTypeId) -> Result<()> {
    let taken: Option<String> =
        sqlx::query_scalar("SELECT name FROM system_types WHERE name = ? COLLATE NOCASE AND id <> ?")
            .bind(name)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match taken {
        Some(existing) => Err(Error::invalid(
            "name",
            msg("There is already a type called “{name}”.", &[("name", &existing)]),
        )),
        None => Ok(()),
    }
}

/// How many systems have a value (plain or secret) in this field.
async fn values_of(conn: &mut SqliteConnection, field: FieldId) -> Result<u32> {
    Ok(sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM system_values WHERE field_id = ?1)
              + (SELECT count(*) FROM secrets WHERE field_id = ?1)",
    )
    .bind(field)
    .fetch_one(&mut *conn)
    .await?)
}

async fn save_fields(
    conn: &mut SqliteConnection,
    type_id: SystemTypeId,
    fields: &[FieldInput],
) -> Result<()> {
    for (position, field) in fields.iter().enumerate() {
        let position = position as i64;
        match field.id {
            Some(id) => {
                sqlx::query(
                    "UPDATE system_type_fields SET label = ?, kind = ?, required = ?, position = ?,
                        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                     WHERE id = ? AND system_type_id = ?",
                )
                .bind(&field.label)
                .bind(field.kind)
                .bind(field.required)
                .bind(position)
                .bind(id)
                .bind(type_id)
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO system_type_fields
                        (id, system_type_id, position, label, kind, required, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                )
                .bind(FieldId::new())
                .bind(type_id)
                .bind(position)
                .bind(&field.label)
                .bind(field.kind)
                .bind(field.required)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// Reads one type with its fields on `conn`.
pub(crate) async fn fetch(conn: &mut SqliteConnection, id: SystemTypeId) -> Result<SystemType> {
    let (name, systems): (String, u32) = sqlx::query_as(
        "SELECT name, (SELECT count(*) FROM systems WHERE system_type_id = t.id) FROM system_types t
         WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "system type" })?;
    let fields = sqlx::query_as::<_, (FieldId, String, FieldKind, bool)>(
        "SELECT id, label, kind, required FROM system_type_fields WHERE system_type_id = ?
         ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, label, kind, required)| FieldDef { id, label, kind, required })
    .collect();
    Ok(SystemType { id, name, fields, systems })
}
