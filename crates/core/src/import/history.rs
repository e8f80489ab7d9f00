//! The import history (file, hash, mapping, counts, who and when), undo of the newest import,
//! and saved column mappings.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use super::mapping::{ImportKind, SavedMapping, Target};
use super::{FileFormat, ImportOptions, ImportSummary};
use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, ImportId, Result, StaffId};

/// One applied import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportRecord {
    pub id: ImportId,
    /// "organizations", "people" or "organizer" (the organization importer).
    pub kind: String,
    pub file_name: Option<String>,
    pub file_sha256: Option<String>,
    #[ts(type = "number")]
    pub created: u64,
    #[ts(type = "number")]
    pub updated: u64,
    #[ts(type = "number")]
    pub skipped: u64,
    #[ts(type = "number")]
    pub errors: u64,
    /// Who applied it: the staff member's name (the text from before staff existed otherwise).
    pub actor: String,
    pub actor_id: Option<StaffId>,
    pub applied_at: String,
    pub undone_at: Option<String>,
}

/// The history's columns, spliced into its static queries.
macro_rules! select_imports {
    ($rest:literal) => {
        concat!(
            "SELECT i.id, i.kind, i.file_name, i.file_sha256, i.created, i.updated, i.skipped, i.errors,
                coalesce(s.name, i.actor) AS actor, i.actor_id, i.applied_at, i.undone_at
             FROM imports i LEFT JOIN staff s ON s.id = i.actor_id ",
            $rest
        )
    };
}

fn from_row(row: &SqliteRow) -> Result<ImportRecord> {
    Ok(ImportRecord {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        file_name: row.try_get("file_name")?,
        file_sha256: row.try_get("file_sha256")?,
        created: row.try_get::<i64, _>("created")? as u64,
        updated: row.try_get::<i64, _>("updated")? as u64,
        skipped: row.try_get::<i64, _>("skipped")? as u64,
        errors: row.try_get::<i64, _>("errors")? as u64,
        actor: row.try_get("actor")?,
        actor_id: row.try_get("actor_id")?,
        applied_at: row.try_get("applied_at")?,
        undone_at: row.try_get("undone_at")?,
    })
}

/// The instant every row an import writes is stamped with.
pub(crate) async fn now(conn: &mut SqliteConnection) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetch_one(&mut *conn).await?)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn begin(
    conn: &mut SqliteConnection,
    id: ImportId,
    options: &ImportOptions,
    file_name: &str,
    sha256: &str,
    format: &FileFormat,
    mapping: &[Target],
    actor: &Actor,
    stamp: &str,
) -> Result<()> {
    let recorded = serde_json::json!({
        "format": format,
        "mapping": mapping,
        "match_by": options.match_by,
        "on_match": options.on_match,
    });
    insert(
        conn,
        id,
        options.kind.as_str(),
        Some(file_name),
        Some(sha256),
        &recorded.to_string(),
        actor,
        stamp,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    id: ImportId,
    kind: &str,
    file_name: Option<&str>,
    sha256: Option<&str>,
    mapping: &str,
    actor: &Actor,
    stamp: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO imports (id, kind, file_name, file_sha256, mapping, created, updated, skipped,
            errors, actor, actor_id, applied_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?)",
    )
    .bind(id)
    .bind(kind)
    .bind(file_name)
    .bind(sha256)
    .bind(mapping)
    .bind(&actor.name)
    .bind(actor.id)
    .bind(stamp)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An entry in the stream of every record import `id` created or updated ("Created by
/// importing clients.csv"), or with `undone` of every record it updated ("Import of … undone";
/// the ones it created are gone). One statement, however many records. The entries are stored
/// as sentences, in the app's language when they are written.
pub(crate) async fn stream_entries(conn: &mut SqliteConnection, id: ImportId, undone: bool) -> Result<()> {
    let (kind, file_name): (String, Option<String>) =
        sqlx::query_as("SELECT kind, file_name FROM imports WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let file = file_name.unwrap_or_else(|| msg("a file", &[]));
    let (created, updated, undone_body) = if kind == "organizer" {
        (
            msg("Created by the {organization} importer", &[]),
            msg("Updated by the {organization} importer", &[]),
            msg("{Organization} importer undone", &[]),
        )
    } else {
        (
            msg("Created by importing {file}", &[("file", &file)]),
            msg("Updated by importing {file}", &[("file", &file)]),
            msg("Import of {file} undone", &[("file", &file)]),
        )
    };
    sqlx::query(concat!(
        "INSERT INTO stream_entries (id, organization_id, person_id, kind, actor_id, body, ref_id, at)
         SELECT ",
        crate::uuid7_sql!(),
        ", CASE WHEN c.entity = 'organization' THEN c.entity_id END,
            CASE WHEN c.entity = 'person' THEN c.entity_id END, 'import', i.actor_id,
            CASE WHEN ?2 THEN ?5 WHEN c.action = 'create' THEN ?3 ELSE ?4 END,
            i.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         FROM import_changes c JOIN imports i ON i.id = c.import_id
         WHERE c.import_id = ?1 AND (NOT ?2 OR c.action = 'update')"
    ))
    .bind(id)
    .bind(undone)
    .bind(created)
    .bind(updated)
    .bind(undone_body)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn finish(conn: &mut SqliteConnection, id: ImportId, summary: &ImportSummary) -> Result<()> {
    sqlx::query("UPDATE imports SET created = ?, updated = ?, skipped = ?, errors = ? WHERE id = ?")
        .bind(summary.create as i64)
        .bind(summary.update as i64)
        .bind(summary.skip as i64)
        .bind(summary.errors as i64)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn get(conn: &mut SqliteConnection, id: ImportId) -> Result<ImportRecord> {
    // i18n: not for people (SQL)
    let row = sqlx::query(select_imports!("WHERE i.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "import" })?;
    from_row(&row)
}

pub(crate) async fn list(db: &Db) -> Result<Vec<ImportRecord>> {
    let rows = sqlx::query(select_imports!("ORDER BY i.applied_at DESC, i.id DESC LIMIT 200"))
        .fetch_all(db.reader())
        .await?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn undo_last(db: &Db, by: &Actor) -> Result<ImportRecord> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(select_imports!(
        "WHERE i.undone_at IS NULL ORDER BY i.applied_at DESC, i.id DESC LIMIT 1"
    ))
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Error::invalid("import", msg("There is no import to undo.", &[])))?;
    let record = from_row(&row)?;
    let mine = match record.actor_id {
        Some(id) => id == by.id,
        // From before staff existed: the name is all there is.
        None => record.actor.trim().eq_ignore_ascii_case(by.name.trim()),
    };
    if !mine {
        by.require_admin(&msg(
            "undo another person's import (this one is {name}'s)",
            &[("name", &record.actor)],
        ))?;
    }
    let (id, stamp) = (record.id, record.applied_at.clone());

    // Refuse when anything the import touched was changed since: undo would lose that change.
    let changed: Option<String> = sqlx::query_scalar(
        "SELECT o.name FROM import_changes c JOIN organizations o ON o.id = c.entity_id
         WHERE c.import_id = ?1 AND c.entity = 'organization' AND o.updated_at <> ?2
         UNION ALL
         SELECT trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) FROM import_changes c
         JOIN people p ON p.id = c.entity_id
         WHERE c.import_id = ?1 AND c.entity = 'person' AND p.updated_at <> ?2
         LIMIT 1",
    )
    .bind(id)
    .bind(&stamp)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(name) = changed {
        return Err(Error::invalid(
            "import",
            msg(
                "“{name}” was changed after this import; undoing it would lose that change. Nothing was undone.",
                &[("name", &name)],
            ),
        ));
    }
    // Something added since to a created organization or person (people, sites, notes,
    // systems, files) would be orphaned.
    let in_use: Option<String> = sqlx::query_scalar(
        "SELECT o.name FROM import_changes c JOIN organizations o ON o.id = c.entity_id
         WHERE c.import_id = ?1 AND c.entity = 'organization' AND c.action = 'create' AND (
            EXISTS (SELECT 1 FROM people p WHERE p.organization_id = o.id AND NOT EXISTS (
                SELECT 1 FROM import_changes d WHERE d.import_id = ?1 AND d.entity_id = p.id))
            OR EXISTS (SELECT 1 FROM organizations s WHERE s.parent_id = o.id AND NOT EXISTS (
                SELECT 1 FROM import_changes d WHERE d.import_id = ?1 AND d.entity_id = s.id))
            OR EXISTS (SELECT 1 FROM notes n WHERE n.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM systems y WHERE y.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM attachments a WHERE a.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM tickets t WHERE t.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM invoices i WHERE i.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM payments y WHERE y.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM stream_entries e WHERE e.organization_id = o.id AND e.kind <> 'import')
            OR EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM organization_contacts k WHERE k.organization_id = o.id)
            OR EXISTS (SELECT 1 FROM activities v WHERE v.organization_id = o.id))
         UNION ALL
         SELECT trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) FROM import_changes c
         JOIN people p ON p.id = c.entity_id
         WHERE c.import_id = ?1 AND c.entity = 'person' AND c.action = 'create' AND (
            EXISTS (SELECT 1 FROM notes n WHERE n.person_id = p.id)
            OR EXISTS (SELECT 1 FROM attachments a WHERE a.person_id = p.id)
            OR EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = p.id)
            OR EXISTS (SELECT 1 FROM organizations b WHERE b.billing_contact_id = p.id)
            OR EXISTS (SELECT 1 FROM stream_entries e WHERE e.person_id = p.id AND e.kind <> 'import')
            OR EXISTS (SELECT 1 FROM organization_contacts k WHERE k.person_id = p.id)
            OR EXISTS (SELECT 1 FROM activities v WHERE v.person_id = p.id))
         LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(name) = in_use {
        return Err(Error::invalid(
            "import",
            msg(
                "“{name}” was created by this import and has {people}, {sites}, notes, {systems}, files, {tickets}, \
                 invoices, posts or {activities} added since; \
                 archive it instead. Nothing was undone.",
                &[("name", &name)],
            ),
        ));
    }

    // A person the import linked who has since become a billing contact or a ticket's requester
    // there would be moved away from those by the undo.
    let relied_on: Option<String> = sqlx::query_scalar(
        "SELECT trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) FROM import_changes c
         JOIN people p ON p.id = c.entity_id
         WHERE c.import_id = ?1 AND c.entity = 'person' AND c.action = 'update'
            AND unhex(json_extract(c.before, '$.organization_id')) IS NOT p.organization_id
            AND (EXISTS (SELECT 1 FROM organizations b WHERE b.billing_contact_id = p.id)
                OR EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = p.id))
         LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(name) = relied_on {
        return Err(Error::invalid(
            "import",
            msg(
                "“{name}” is now a billing contact or a {ticket}'s requester where this import linked them; \
                 undoing it would move them away. Nothing was undone.",
                &[("name", &name)],
            ),
        ));
    }

    // The import's own entries on the records it created go with them.
    sqlx::query(
        "DELETE FROM stream_comments WHERE entry_id IN (SELECT e.id FROM import_changes c JOIN stream_entries e
            ON e.organization_id = c.entity_id OR e.person_id = c.entity_id
         WHERE c.import_id = ?1 AND c.action = 'create')",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM stream_entries WHERE id IN (SELECT e.id FROM import_changes c JOIN stream_entries e
            ON e.organization_id = c.entity_id OR e.person_id = c.entity_id
         WHERE c.import_id = ?1 AND c.action = 'create')",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for &statement in UNDO {
        sqlx::query(statement).bind(id).execute(&mut *tx).await?;
    }
    super::custom::undo_updates(&mut tx, id).await?;
    stream_entries(&mut tx, id, true).await?;
    sqlx::query("UPDATE imports SET undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let undone = get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(undone)
}

/// Undo, in order: restore updated records from their before-image, unlink created
/// organizations from each other, then delete created people and organizations.
const UNDO: &[&str] = &[
    "UPDATE organizations SET
        account_number = json_extract(c.before, '$.account_number'), name = json_extract(c.before, '$.name'),
        name_key = json_extract(c.before, '$.name_key'), dba_name = json_extract(c.before, '$.dba_name'),
        parent_id = unhex(json_extract(c.before, '$.parent_id')),
        address_line1 = json_extract(c.before, '$.address_line1'),
        address_line2 = json_extract(c.before, '$.address_line2'), city = json_extract(c.before, '$.city'),
        region = json_extract(c.before, '$.region'), postal_code = json_extract(c.before, '$.postal_code'),
        country = json_extract(c.before, '$.country'), phone = json_extract(c.before, '$.phone'),
        email = json_extract(c.before, '$.email'), website = json_extract(c.before, '$.website'),
        notes = json_extract(c.before, '$.notes'), updated_at = json_extract(c.before, '$.updated_at'),
        archived_at = json_extract(c.before, '$.archived_at')
     FROM import_changes c
     WHERE c.import_id = ?1 AND c.entity = 'organization' AND c.action = 'update' AND organizations.id = c.entity_id",
    "UPDATE people SET
        first_name = json_extract(c.before, '$.first_name'), last_name = json_extract(c.before, '$.last_name'),
        job_title = json_extract(c.before, '$.job_title'), department = json_extract(c.before, '$.department'),
        location = json_extract(c.before, '$.location'), phone = json_extract(c.before, '$.phone'),
        mobile = json_extract(c.before, '$.mobile'), email = json_extract(c.before, '$.email'),
        organization_id = unhex(json_extract(c.before, '$.organization_id')),
        company_name = json_extract(c.before, '$.company_name'),
        company_key = json_extract(c.before, '$.company_key'),
        address_line1 = json_extract(c.before, '$.address_line1'),
        address_line2 = json_extract(c.before, '$.address_line2'), city = json_extract(c.before, '$.city'),
        region = json_extract(c.before, '$.region'), postal_code = json_extract(c.before, '$.postal_code'),
        country = json_extract(c.before, '$.country'), updated_at = json_extract(c.before, '$.updated_at'),
        archived_at = json_extract(c.before, '$.archived_at')
     FROM import_changes c
     WHERE c.import_id = ?1 AND c.entity = 'person' AND c.action = 'update' AND people.id = c.entity_id",
    "DELETE FROM people WHERE id IN (
        SELECT entity_id FROM import_changes WHERE import_id = ?1 AND entity = 'person' AND action = 'create')",
    "UPDATE organizations SET parent_id = NULL WHERE id IN (
        SELECT entity_id FROM import_changes WHERE import_id = ?1 AND entity = 'organization' AND action = 'create')",
    "DELETE FROM organizations WHERE id IN (
        SELECT entity_id FROM import_changes WHERE import_id = ?1 AND entity = 'organization' AND action = 'create')",
];

pub(crate) async fn save_mapping(db: &Db, mapping: SavedMapping) -> Result<()> {
    let name = mapping.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", msg("Give the mapping a name.", &[])));
    }
    let columns = serde_json::to_string(&mapping.columns).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO import_mappings (kind, name, columns, updated_at)
         VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT (kind, name) DO UPDATE SET columns = ?3, updated_at = excluded.updated_at",
    )
    .bind(mapping.kind.as_str())
    .bind(name)
    .bind(columns)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn mappings(db: &Db, kind: ImportKind) -> Result<Vec<SavedMapping>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, name, columns FROM import_mappings WHERE kind = ? ORDER BY name COLLATE NOCASE",
    )
    .bind(kind.as_str())
    .fetch_all(db.reader())
    .await?;
    rows.into_iter()
        .filter_map(|(kind, name, columns)| {
            let kind = ImportKind::parse(&kind)?;
            // A mapping saved by a later version with targets this one lacks is skipped.
            let columns = serde_json::from_str(&columns).ok()?;
            Some(Ok(SavedMapping { name, kind, columns }))
        })
        .collect()
}

pub(crate) async fn delete_mapping(db: &Db, kind: ImportKind, name: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM import_mappings WHERE kind = ? AND name = ?")
        .bind(kind.as_str())
        .bind(name)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
