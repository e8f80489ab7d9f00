//! Systems installed at a site: a type, a name, a value per field, notes. Secret fields are kept
//! in the OS keyring (see `secrets.rs`); the database has only their reference, and every reveal
//! or copy of one is written to the audit trail.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::organizations::OrganizationRef;
use std::sync::Arc;

use crate::secrets::{self, SecretError, SecretStore};
use crate::staff::Actor;
use crate::system_types::{self, FieldDef, FieldKind, check_value};
use crate::text::clean;
use crate::{Error, FieldId, OrganizationId, Result, SecretId, SystemId, SystemTypeId};

/// A system as the app shows it: every field of its type, with the value when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct System {
    pub id: SystemId,
    pub organization: OrganizationRef,
    pub system_type_id: SystemTypeId,
    pub system_type: String,
    pub name: String,
    pub notes: Option<String>,
    pub fields: Vec<SystemField>,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
}

/// One field of a system. A secret field never carries its value, only whether one is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SystemField {
    pub field: FieldDef,
    pub value: Option<String>,
    pub secret: Option<SecretRef>,
}

/// The reference to a stored secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SecretRef {
    pub id: SecretId,
    /// When the value last changed.
    pub updated_at: String,
}

/// A plain field's value as a form sends it; a blank value clears the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldValue {
    pub field_id: FieldId,
    pub value: String,
}

/// A change to a secret field: a new value, or `None` to remove the stored one. Secret fields
/// not mentioned are left as they are.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SecretChange {
    pub field_id: FieldId,
    pub value: Option<String>,
}

impl std::fmt::Debug for SecretChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.value.is_some() { "Some(<redacted>)" } else { "None" };
        f.debug_struct("SecretChange").field("field_id", &self.field_id).field("value", &value).finish()
    }
}

/// What the system form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SystemInput {
    pub organization_id: OrganizationId,
    pub system_type_id: SystemTypeId,
    pub name: String,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub values: Vec<FieldValue>,
    #[serde(default)]
    pub secrets: Vec<SecretChange>,
}

/// Why a secret is being read; both are audited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SecretUse {
    Reveal,
    Copy,
}

impl SecretUse {
    fn action(self) -> &'static str {
        match self {
            Self::Reveal => "reveal",
            Self::Copy => "copy",
        }
    }
}

/// One line of the secret audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct SecretAccess {
    pub secret_id: SecretId,
    pub label: String,
    /// set, reveal, copy or delete.
    pub action: String,
    /// The staff member's name (the text from before staff existed otherwise).
    pub actor: String,
    /// The machine it happened on (its name; none in entries from before it was recorded).
    pub machine: Option<String>,
    pub at: String,
}

/// One password a staff member revealed, copied, set or deleted (their access log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct StaffSecretAccess {
    /// The organization and system (none when the system was deleted since).
    pub organization: Option<String>,
    pub system: Option<String>,
    pub label: String,
    pub action: String,
    pub machine: Option<String>,
    pub at: String,
}

/// The systems service.
pub struct Systems<'a> {
    db: &'a Db,
    secrets: &'a Arc<dyn SecretStore>,
}

impl<'a> Systems<'a> {
    pub(crate) fn new(db: &'a Db, secrets: &'a Arc<dyn SecretStore>) -> Self {
        Self { db, secrets }
    }

    /// The systems of an organization, by type and name.
    pub async fn of_organization(&self, id: OrganizationId, include_archived: bool) -> Result<Vec<System>> {
        let mut conn = self.db.reader().acquire().await?;
        let ids: Vec<SystemId> = sqlx::query_scalar(
            "SELECT s.id FROM systems s JOIN system_types t ON t.id = s.system_type_id
             WHERE s.organization_id = ? AND (? OR s.archived_at IS NULL)
             ORDER BY s.archived_at IS NOT NULL, t.name COLLATE NOCASE, s.name COLLATE NOCASE",
        )
        .bind(id)
        .bind(include_archived)
        .fetch_all(&mut *conn)
        .await?;
        let mut systems = Vec::with_capacity(ids.len());
        for id in ids {
            systems.push(fetch(&mut conn, id).await?);
        }
        Ok(systems)
    }

    /// One system.
    pub async fn get(&self, id: SystemId) -> Result<System> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Creates a system. Secrets are written to the keyring first; if that fails nothing is
    /// written anywhere, and if the database then fails the new entries are removed again.
    pub async fn create(&self, input: SystemInput, actor: &Actor) -> Result<System> {
        let id = SystemId::new();
        self.save(id, input, actor, true).await
    }

    /// Updates a system: plain values replaced, secrets changed only where `secrets` says.
    pub async fn update(&self, id: SystemId, input: SystemInput, actor: &Actor) -> Result<System> {
        self.save(id, input, actor, false).await
    }

    async fn save(&self, id: SystemId, input: SystemInput, actor: &Actor, new: bool) -> Result<System> {
        let name = input.name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::invalid("name", msg("Name is required.", &[])));
        }
        let (fields, existing) = {
            let mut conn = self.db.reader().acquire().await?;
            crate::organizations::fetch(&mut conn, input.organization_id).await?;
            let system_type = system_types::fetch(&mut conn, input.system_type_id).await?;
            let existing = if new { None } else { Some(fetch(&mut conn, id).await?) };
            if let Some(current) = &existing
                && current.system_type_id != input.system_type_id
            {
                return Err(Error::invalid(
                    "system_type_id",
                    msg("The type of {a_system} cannot be changed.", &[]),
                ));
            }
            (system_type.fields, existing)
        };
        let values = checked_values(&fields, &input.values)?;
        let writes = planned_secrets(&fields, &input.secrets, existing.as_ref())?;

        // A changed value goes to the keyring under a fresh id, never over the stored one: until
        // the transaction that points at the new id commits, the old password stays readable.
        // The new ids are journalled first, so that a crash before the commit leaves nothing
        // the start-up sweep does not find.
        let created: Vec<SecretId> =
            writes.iter().filter(|w| w.value.is_some()).map(|w| w.secret_id).collect();
        secrets::note_pending(self.db, &created).await?;
        for write in &writes {
            if let Some(value) = &write.value {
                let (secret_id, value) = (write.secret_id, value.clone());
                if let Err(e) =
                    secrets::blocking(self.secrets, move |store| store.set(secret_id, &value)).await
                {
                    secrets::discard(self.db, self.secrets, created).await;
                    return Err(secret_error(e, &write.label));
                }
            }
        }
        match self.save_rows(id, &input, &name, &values, &writes, &created, actor, new).await {
            Ok(system) => {
                // Committed: the replaced and removed entries are referenced no more.
                let old = writes.iter().filter_map(|w| w.replaces).collect();
                secrets::discard(self.db, self.secrets, old).await;
                Ok(system)
            }
            Err(e) => {
                secrets::discard(self.db, self.secrets, created).await;
                Err(e)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn save_rows(
        &self,
        id: SystemId,
        input: &SystemInput,
        name: &str,
        values: &[(FieldId, String)],
        writes: &[SecretWrite],
        created: &[SecretId],
        actor: &Actor,
        new: bool,
    ) -> Result<System> {
        let mut tx = self.db.begin_write().await?;
        let before = if new { None } else { Some(fetch(&mut tx, id).await?) };
        if new {
            sqlx::query(
                "INSERT INTO systems (id, organization_id, system_type_id, name, notes, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(id)
            .bind(input.organization_id)
            .bind(input.system_type_id)
            .bind(name)
            .bind(clean(input.notes.clone()))
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "UPDATE systems SET organization_id = ?, name = ?, notes = ?,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?",
            )
            .bind(input.organization_id)
            .bind(name)
            .bind(clean(input.notes.clone()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM system_values WHERE system_id = ?").bind(id).execute(&mut *tx).await?;
        }
        for (field_id, value) in values {
            sqlx::query("INSERT INTO system_values (system_id, field_id, value) VALUES (?, ?, ?)")
                .bind(id)
                .bind(field_id)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        for write in writes {
            if write.value.is_some() {
                // A replaced row takes the new id; a trigger queues the old one for clean-up.
                sqlx::query(
                    "INSERT INTO secrets (id, system_id, field_id, label, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                     ON CONFLICT (system_id, field_id)
                        DO UPDATE SET id = ?1, label = ?4, updated_at = excluded.updated_at",
                )
                .bind(write.secret_id)
                .bind(id)
                .bind(write.field_id)
                .bind(&write.label)
                .execute(&mut *tx)
                .await?;
                audit(&mut tx, write.secret_id, id, &write.label, "set", actor).await?;
            } else {
                sqlx::query("DELETE FROM secrets WHERE id = ?")
                    .bind(write.secret_id)
                    .execute(&mut *tx)
                    .await?;
                audit(&mut tx, write.secret_id, id, &write.label, "delete", actor).await?;
            }
        }
        secrets::settle(&mut tx, created).await?;
        let system = fetch(&mut tx, id).await?;
        // The stream says what changed by field name; a secret's value never goes there.
        let body = match &before {
            None => Some(msg(
                "Added {system} {name} ({type})",
                &[("name", &system.name), ("type", &system.system_type)],
            )),
            Some(old) => {
                let mut changed: Vec<String> = Vec::new();
                if old.name != system.name {
                    changed.push(msg("name", &[]));
                }
                if old.notes != system.notes {
                    changed.push(msg("notes", &[]));
                }
                for field in &system.fields {
                    let was = old.fields.iter().find(|f| f.field.id == field.field.id);
                    let value_changed = was.map(|w| &w.value) != Some(&field.value);
                    let secret_changed = writes.iter().any(|w| w.field_id == field.field.id);
                    if value_changed || secret_changed {
                        changed.push(field.field.label.clone());
                    }
                }
                let fields = changed.join(", ");
                (!changed.is_empty())
                    .then(|| msg("Changed {name}: {fields}", &[("name", &system.name), ("fields", &fields)]))
            }
        };
        if let Some(body) = body {
            let event = crate::stream::Event {
                organization: Some(system.organization.id),
                person: None,
                kind: crate::stream::StreamKind::System,
                body: &body,
                ref_id: Some(id.uuid()),
            };
            crate::stream::record(&mut tx, event, Some(actor)).await?;
        }
        tx.commit().await?;
        Ok(system)
    }

    /// Archives a system (its secrets stay until it is deleted).
    pub async fn archive(&self, id: SystemId) -> Result<System> {
        self.set_archived(id, true).await
    }

    /// Brings an archived system back.
    pub async fn restore(&self, id: SystemId) -> Result<System> {
        self.set_archived(id, false).await
    }

    async fn set_archived(&self, id: SystemId, archived: bool) -> Result<System> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE systems SET archived_at = CASE WHEN ?1 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2",
        )
        .bind(archived)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "system" });
        }
        let system = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(system)
    }

    /// Deletes a system with its values, its secrets (keyring entries included) and its files
    /// (contents shared with other records stay). Returns the contents no longer referenced, for
    /// the file store to remove.
    pub(crate) async fn delete(&self, id: SystemId, actor: &Actor) -> Result<Vec<String>> {
        let mut tx = self.db.begin_write().await?;
        let stored: Vec<(SecretId, String)> =
            sqlx::query_as("SELECT id, label FROM secrets WHERE system_id = ?")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let blobs: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT sha256 FROM attachments WHERE system_id = ?")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let done = sqlx::query("DELETE FROM systems WHERE id = ?").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "system" });
        }
        for (secret_id, label) in &stored {
            audit(&mut tx, *secret_id, id, label, "delete", actor).await?;
        }
        let unreferenced = crate::files::drop_unreferenced(&mut tx, &blobs).await?;
        tx.commit().await?;
        // The cascade queued them for clean-up.
        secrets::discard(self.db, self.secrets, stored.into_iter().map(|(id, _)| id).collect()).await;
        Ok(unreferenced)
    }

    /// Reads a secret for showing or copying, and writes who did it to the audit trail. The
    /// value is returned only once the audit entry is committed.
    pub async fn read_secret(&self, secret_id: SecretId, how: SecretUse, actor: &Actor) -> Result<String> {
        let (system_id, label): (SystemId, String) =
            sqlx::query_as("SELECT system_id, label FROM secrets WHERE id = ?")
                .bind(secret_id)
                .fetch_optional(self.db.reader())
                .await?
                .ok_or(Error::NotFound { entity: "secret" })?;
        let value = match secrets::blocking(self.secrets, move |store| store.get(secret_id)).await {
            Ok(value) => value,
            // In a team, a value saved on another machine arrives sealed (sync/vault.rs) once
            // this machine is approved; the sentence says where it stands.
            Err(SecretError::Missing) if crate::sync::replica::in_team(self.db).await? => {
                return Err(Error::Keyring {
                    field: "secrets",
                    message: crate::sync::vault::why_missing(self.db, secret_id, &label).await?,
                });
            }
            Err(e) => return Err(secret_error(e, &label)),
        };
        let mut tx = self.db.begin_write().await?;
        audit(&mut tx, secret_id, system_id, &label, how.action(), actor).await?;
        let (site, system_name): (crate::OrganizationId, String) =
            sqlx::query_as("SELECT organization_id, name FROM systems WHERE id = ?")
                .bind(system_id)
                .fetch_one(&mut *tx)
                .await?;
        let values = [("label", label.as_str()), ("system_name", system_name.as_str())];
        let body = match how {
            SecretUse::Reveal => msg("Revealed the {label} of {system_name}", &values),
            SecretUse::Copy => msg("Copied the {label} of {system_name}", &values),
        };
        let event = crate::stream::Event {
            organization: Some(site),
            person: None,
            kind: crate::stream::StreamKind::Secret,
            body: &body,
            ref_id: Some(system_id.uuid()),
        };
        crate::stream::record(&mut tx, event, Some(actor)).await?;
        tx.commit().await?;
        Ok(value)
    }

    /// The audit trail of a system's secrets, newest first.
    pub async fn audit_trail(&self, id: SystemId) -> Result<Vec<SecretAccess>> {
        Ok(sqlx::query_as(
            "SELECT a.secret_id, a.label, a.action, coalesce(s.name, a.actor) AS actor, a.machine, a.at
             FROM secret_audit a LEFT JOIN staff s ON s.id = a.actor_id WHERE a.system_id = ?
             ORDER BY a.at DESC, a.id DESC LIMIT 500",
        )
        .bind(id)
        .fetch_all(self.db.reader())
        .await?)
    }
}

impl Systems<'_> {
    /// What a staff member did with passwords, newest first (on every machine of the team:
    /// the audit syncs).
    pub async fn audit_of_staff(&self, staff: crate::StaffId, by: &Actor) -> Result<Vec<StaffSecretAccess>> {
        // Anyone their own; an admin anyone's.
        if by.id != staff {
            by.require_admin(&msg("see what another member did with passwords", &[]))?;
        }
        Ok(sqlx::query_as(
            "SELECT o.name AS organization, y.name AS system, a.label, a.action, a.machine, a.at
             FROM secret_audit a LEFT JOIN systems y ON y.id = a.system_id
             LEFT JOIN organizations o ON o.id = y.organization_id
             WHERE a.actor_id = ? ORDER BY a.at DESC, a.id DESC LIMIT 500",
        )
        .bind(staff)
        .fetch_all(self.db.reader())
        .await?)
    }
}

/// One keyring write or removal a save will do.
struct SecretWrite {
    /// A fresh id for a new value; the stored one for a removal.
    secret_id: SecretId,
    field_id: FieldId,
    label: String,
    /// `None` removes the stored secret.
    value: Option<String>,
    /// The stored entry that is no longer referenced once the save commits.
    replaces: Option<SecretId>,
}

fn planned_secrets(
    fields: &[FieldDef],
    changes: &[SecretChange],
    existing: Option<&System>,
) -> Result<Vec<SecretWrite>> {
    let stored = |field_id: FieldId| {
        existing.and_then(|s| s.fields.iter().find(|f| f.field.id == field_id)).and_then(|f| f.secret.clone())
    };
    let mut writes = Vec::new();
    for field in fields.iter().filter(|f| f.kind == FieldKind::Secret) {
        let change = changes.iter().find(|c| c.field_id == field.id);
        let current = stored(field.id);
        let value = change.map(|c| c.value.clone().filter(|v| !v.is_empty()));
        let required =
            || Err(Error::invalid("secrets", msg("{label} is required.", &[("label", &field.label)])));
        match (value, current) {
            (Some(Some(value)), current) => writes.push(SecretWrite {
                secret_id: SecretId::new(),
                field_id: field.id,
                label: field.label.clone(),
                value: Some(value),
                replaces: current.map(|c| c.id),
            }),
            (Some(None), Some(_)) | (Some(None) | None, None) if field.required => return required(),
            (Some(None), Some(current)) => writes.push(SecretWrite {
                secret_id: current.id,
                field_id: field.id,
                label: field.label.clone(),
                value: None,
                replaces: Some(current.id),
            }),
            _ => {}
        }
    }
    let is_secret_field = |id: FieldId| fields.iter().any(|f| f.id == id && f.kind == FieldKind::Secret);
    if changes.iter().any(|c| !is_secret_field(c.field_id)) {
        return Err(Error::invalid(
            "secrets",
            msg("A secret was sent for a field that is not a secret field.", &[]),
        ));
    }
    Ok(writes)
}

/// Checks every plain value against its field's kind and the required flags; returns the
/// non-blank values, trimmed.
fn checked_values(fields: &[FieldDef], values: &[FieldValue]) -> Result<Vec<(FieldId, String)>> {
    let mut out = Vec::new();
    for value in values {
        let Some(field) = fields.iter().find(|f| f.id == value.field_id) else {
            return Err(Error::invalid(
                "values",
                msg("A value was sent for a field this type does not have.", &[]),
            ));
        };
        if field.kind == FieldKind::Secret {
            return Err(Error::invalid(
                "values",
                msg("{label} is secret and goes to the keyring.", &[("label", &field.label)]),
            ));
        }
        let text = if field.kind == FieldKind::Multiline {
            value.value.trim_end().to_owned()
        } else {
            value.value.trim().to_owned()
        };
        if text.is_empty() {
            continue;
        }
        check_value(field, &text)?;
        out.push((field.id, text));
    }
    for field in fields.iter().filter(|f| f.required && f.kind != FieldKind::Secret) {
        if !out.iter().any(|(id, _)| *id == field.id) {
            return Err(Error::invalid("values", msg("{label} is required.", &[("label", &field.label)])));
        }
    }
    Ok(out)
}

fn secret_error(error: SecretError, label: &str) -> Error {
    // The field's label (the admin's word) and the keyring's sentence (already from `msg`): the
    // colon between them reads the same in every language, so there is nothing to translate.
    let message = [label, &error.to_string()].join(": ");
    Error::Keyring { field: "secrets", message }
}

async fn audit(
    conn: &mut SqliteConnection,
    secret_id: SecretId,
    system_id: SystemId,
    label: &str,
    action: &str,
    actor: &Actor,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO secret_audit (id, secret_id, system_id, label, action, actor, actor_id, machine, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(uuid::Uuid::now_v7())
    .bind(secret_id)
    .bind(system_id)
    .bind(label)
    .bind(action)
    .bind(&actor.name)
    .bind(actor.id)
    .bind(crate::sync::vault::machine_name())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Reads one system on `conn`.
pub(crate) async fn fetch(conn: &mut SqliteConnection, id: SystemId) -> Result<System> {
    #[allow(clippy::type_complexity)]
    let row: (
        SystemId,
        OrganizationId,
        String,
        Option<String>,
        SystemTypeId,
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT s.id, o.id, o.name, o.account_number, t.id, t.name, s.name, s.notes,
            s.created_at, s.updated_at, s.archived_at
         FROM systems s JOIN organizations o ON o.id = s.organization_id
            JOIN system_types t ON t.id = s.system_type_id
         WHERE s.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "system" })?;
    let system_type = system_types::fetch(conn, row.4).await?;
    let values: Vec<(FieldId, String)> =
        sqlx::query_as("SELECT field_id, value FROM system_values WHERE system_id = ?")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let secrets: Vec<(FieldId, SecretId, String)> =
        sqlx::query_as("SELECT field_id, id, updated_at FROM secrets WHERE system_id = ?")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let fields = system_type
        .fields
        .into_iter()
        .map(|field| SystemField {
            value: values.iter().find(|(f, _)| *f == field.id).map(|(_, v)| v.clone()),
            secret: secrets
                .iter()
                .find(|(f, ..)| *f == field.id)
                .map(|(_, id, updated_at)| SecretRef { id: *id, updated_at: updated_at.clone() }),
            field,
        })
        .collect();
    Ok(System {
        id: row.0,
        organization: OrganizationRef { id: row.1, name: row.2, account_number: row.3 },
        system_type_id: row.4,
        system_type: row.5,
        name: row.6,
        notes: row.7,
        fields,
        created_at: row.8,
        updated_at: row.9,
        archived_at: row.10,
    })
}
