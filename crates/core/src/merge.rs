//! Merging two organizations or two people. The kept record takes the chosen fields; every row
//! that points at the merged-away record moves to the kept one — the referencing columns are read
//! from the schema at run time, so a table added later moves too without being listed here — all
//! in one write transaction. The merged-away record stays, archived and marked `merged_into`, out
//! of lists and search (nothing is purged: sync wants soft deletes). A journal lets the merge be
//! undone exactly while nothing it touched has changed since.
//!
//! Decisions:
//! - Merging a record into itself is refused, and an organization into one of its own sites (its
//!   sites would end up under themselves). A site merged into its parent (or any ancestor) is
//!   fine: its people, sites and the rest move up.
//! - A row the kept record already has (a unique index would forbid the moved one) is a
//!   duplicate: it is deleted, whole in the journal, and undo puts it back. When other rows hang
//!   off that duplicate the merge is refused instead.
//! - The merged-away record gives up its unique values (an organization's account number) so the
//!   kept record may take them; one not taken stays in the journal only.
//! - `merged_into` itself is never moved: it is the history of earlier merges.
//! - Moved rows get the merge's instant as `updated_at` (when their table has one): they changed,
//!   and an import's undo must see that.
//! - Undo is refused unless both records are exactly as the merge left them and every moved row
//!   still points at the kept record, not updated since. Rows added to the kept record since stay.
//! - Only foreign keys are followed, and custom field values (`custom_values.record_id`, which
//!   names any kind of record): a field the kept record has a value in keeps it. Columns that name a record without one are history and stay:
//!   `import_changes` (an import's undo is refused anyway: the merge changed the records' and the
//!   moved rows' updated_at), `secret_audit`, and this module's own `merges`, `merge_rows` and
//!   `duplicate_dismissals` (which have no foreign keys for that reason). search_docs follows by
//!   triggers (migration 0014). An issued invoice moves (its bill-to is now the kept organization);
//!   migration 0014 allows exactly that change.
//! - Editing or restoring a merged-away record is refused (organizations, people); other writes that
//!   name one (a note, a file) are not blocked here: the app never offers merged records.

mod fields;
mod moving;
mod rows;
mod undo;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, MergeId, OrganizationId, PersonId, Result};
use fields::{FieldSpec, Kind, ORGANIZATIONS, PEOPLE, defaults, names, shown};
use moving::{Doing, broke_rule, move_references, moved_references, record};
use rows::{Cell, quote};

/// Organizations or people: what a merge or a duplicate group is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Organization,
    Person,
}

impl RecordKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Person => "person",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "organization" => Ok(Self::Organization),
            "person" => Ok(Self::Person),
            _ => Err(damaged()),
        }
    }

    fn spec(self) -> &'static Kind {
        match self {
            Self::Organization => &ORGANIZATIONS,
            Self::Person => &PEOPLE,
        }
    }
}

/// Which record a field's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergeSide {
    Kept,
    Merged,
}

/// The fields of an organization a merge can take from either record. Address, parent (with
/// "bill to parent") and logo each move as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationField {
    AccountNumber,
    Name,
    DbaName,
    Parent,
    Address,
    Phone,
    Email,
    Website,
    Notes,
    Logo,
    HourlyRate,
    News,
    ClosureNews,
    BillingContact,
}

/// The fields of a person a merge can take from either record. Name (first and last), the
/// organization (or free-text company) and the address overrides each move as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonField {
    Name,
    JobTitle,
    Department,
    Location,
    Phone,
    Mobile,
    Email,
    Organization,
    Address,
}

/// Merge `merge` into `keep`. A field left out of `choices` keeps the kept record's value, or
/// takes the other's when the kept one is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationMerge {
    pub keep: OrganizationId,
    pub merge: OrganizationId,
    #[serde(default)]
    pub choices: BTreeMap<OrganizationField, MergeSide>,
}

/// Merge `merge` into `keep`; `choices` as for [`OrganizationMerge`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonMerge {
    pub keep: PersonId,
    pub merge: PersonId,
    #[serde(default)]
    pub choices: BTreeMap<PersonField, MergeSide>,
}

/// One field side by side, as the merge dialog shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeFieldPreview {
    /// The field's name, as in [`OrganizationField`] or [`PersonField`].
    pub field: String,
    pub kept: Option<String>,
    pub merged: Option<String>,
    /// What happens when no choice is made.
    pub default: MergeSide,
}

/// How many rows of one table point at the merged-away record (they will move).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DependantCount {
    pub table: String,
    pub column: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// What a merge would do, before it is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergePreview {
    pub kept_name: String,
    pub merged_name: String,
    pub fields: Vec<MergeFieldPreview>,
    /// Only tables with rows to move.
    pub dependants: Vec<DependantCount>,
}

/// One merge, as the history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MergeRecord {
    pub id: MergeId,
    pub kind: RecordKind,
    pub kept_id: uuid::Uuid,
    pub merged_id: uuid::Uuid,
    /// The names at the time of the merge.
    pub kept_name: String,
    pub merged_name: String,
    /// Who merged them (the staff member's name).
    pub actor: Option<String>,
    pub merged_at: String,
    /// The fields the kept record took from the merged-away one.
    pub fields: Vec<String>,
    /// Rows moved to the kept record.
    #[ts(type = "number")]
    pub moved: u64,
    /// Rows deleted because the kept record already had the same (undo puts them back).
    #[ts(type = "number")]
    pub removed_duplicates: u64,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
}

/// The column a merge sets on the merged-away record; never moved (see the module notes).
const MERGED_INTO: &str = "merged_into";

/// The merges' columns that [`from_row`] reads, with the counts of rows moved and removed.
macro_rules! select_merges {
    ($rest:literal) => {
        concat!(
            "SELECT m.id, m.kind, m.kept_id, m.merged_id, m.kept_name, m.merged_name, a.name AS actor, m.merged_at,
                m.fields, m.undone_at, u.name AS undone_by,
                (SELECT count(*) FROM merge_rows r WHERE r.merge_id = m.id AND r.action = 'moved') AS moved,
                (SELECT count(*) FROM merge_rows r WHERE r.merge_id = m.id AND r.action = 'deleted') AS removed
             FROM merges m LEFT JOIN staff a ON a.id = m.actor_id LEFT JOIN staff u ON u.id = m.undone_by ",
            $rest
        )
    };
}

/// The merge service.
pub struct Merges<'a> {
    db: &'a Db,
}

impl<'a> Merges<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The two organizations' fields side by side and what would move; refuses what `merge`
    /// would refuse.
    pub async fn preview_organizations(
        &self,
        keep: OrganizationId,
        merge: OrganizationId,
    ) -> Result<MergePreview> {
        self.preview(&ORGANIZATIONS, keep.uuid(), merge.uuid()).await
    }

    /// The two people's fields side by side and what would move.
    pub async fn preview_people(&self, keep: PersonId, merge: PersonId) -> Result<MergePreview> {
        self.preview(&PEOPLE, keep.uuid(), merge.uuid()).await
    }

    /// Merges one organization into another: fields as chosen, everything pointing at the
    /// merged-away organization (people, sites, systems, notes, files, tickets, invoices,
    /// payments, …) moved, all or nothing.
    pub async fn organizations(&self, input: OrganizationMerge, actor: &Actor) -> Result<MergeRecord> {
        let choices = names(&input.choices)?;
        self.run(&ORGANIZATIONS, input.keep.uuid(), input.merge.uuid(), &choices, actor).await
    }

    /// Merges one person into another: fields as chosen, everything pointing at the merged-away
    /// person (notes, files, tickets, billing contacts, …) moved, all or nothing.
    pub async fn people(&self, input: PersonMerge, actor: &Actor) -> Result<MergeRecord> {
        let choices = names(&input.choices)?;
        self.run(&PEOPLE, input.keep.uuid(), input.merge.uuid(), &choices, actor).await
    }

    /// Undoes a merge exactly, while nothing it touched has changed since (see the module notes).
    pub async fn undo(&self, id: MergeId, actor: &Actor) -> Result<MergeRecord> {
        undo::undo(self.db, id, actor).await
    }

    /// One merge.
    pub async fn get(&self, id: MergeId) -> Result<MergeRecord> {
        let mut conn = self.db.reader().acquire().await?;
        get(&mut conn, id).await
    }

    /// The newest merges first (at most `limit`, default 200).
    pub async fn history(&self, limit: Option<u32>) -> Result<Vec<MergeRecord>> {
        // i18n: not for people (SQL)
        let rows = sqlx::query(select_merges!("ORDER BY m.merged_at DESC, m.id DESC LIMIT ?"))
            .bind(limit.unwrap_or(200).min(5000))
            .fetch_all(self.db.reader())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The merges an organization took part in, kept or merged away, newest first: where a
    /// merged organization went ("merged into …").
    pub async fn of_organization(&self, id: OrganizationId) -> Result<Vec<MergeRecord>> {
        self.of_record(RecordKind::Organization, id.uuid()).await
    }

    /// The merges a person took part in, kept or merged away, newest first.
    pub async fn of_person(&self, id: PersonId) -> Result<Vec<MergeRecord>> {
        self.of_record(RecordKind::Person, id.uuid()).await
    }

    async fn of_record(&self, kind: RecordKind, id: uuid::Uuid) -> Result<Vec<MergeRecord>> {
        let rows = sqlx::query(select_merges!(
            "WHERE m.kind = ?1 AND (m.kept_id = ?2 OR m.merged_id = ?2)
             ORDER BY m.merged_at DESC, m.id DESC LIMIT 200"
        ))
        .bind(kind.as_str())
        .bind(id)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn preview(&self, kind: &Kind, keep: uuid::Uuid, merge: uuid::Uuid) -> Result<MergePreview> {
        let mut conn = self.db.reader().acquire().await?;
        let (kept_name, merged_name) = check_pair(&mut conn, kind, keep, merge).await?;
        let kept = shown(&mut conn, kind, keep).await?;
        let merged = shown(&mut conn, kind, merge).await?;
        let defaults = defaults(&mut conn, kind, keep, merge, &kept, &merged).await?;
        let fields = kind
            .fields
            .iter()
            .zip(kept.into_iter().zip(merged))
            .zip(defaults)
            .map(|((f, (kept, merged)), default)| MergeFieldPreview {
                field: f.name.to_owned(),
                default,
                kept,
                merged,
            })
            .collect();
        let mut dependants = Vec::new();
        for r in moved_references(&mut conn, kind).await? {
            let sql = format!("SELECT count(*) FROM {} WHERE {} = ?", quote(&r.table), quote(&r.column));
            let n: i64 = sqlx::query_scalar(AssertSqlSafe(sql)).bind(merge).fetch_one(&mut *conn).await?;
            if n > 0 {
                dependants.push(DependantCount { table: r.table, column: r.column, rows: n as u64 });
            }
        }
        Ok(MergePreview { kept_name, merged_name, fields, dependants })
    }

    async fn run(
        &self,
        kind: &Kind,
        keep: uuid::Uuid,
        merge: uuid::Uuid,
        choices: &HashMap<String, MergeSide>,
        actor: &Actor,
    ) -> Result<MergeRecord> {
        let mut tx = self.db.begin_write().await?;
        let (kept_name, merged_name) = check_pair(&mut tx, kind, keep, merge).await?;
        let stamp: String =
            sqlx::query_scalar("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetch_one(&mut *tx).await?;
        let table = rows::table(&mut tx, kind.table).await?;
        let kept_before = record(&mut tx, &table, keep).await?;
        let merged_before = record(&mut tx, &table, merge).await?;
        let kept_shown = shown(&mut tx, kind, keep).await?;
        let merged_shown = shown(&mut tx, kind, merge).await?;
        let defaults = defaults(&mut tx, kind, keep, merge, &kept_shown, &merged_shown).await?;
        let taken: Vec<&FieldSpec> = kind
            .fields
            .iter()
            .zip(defaults)
            .filter(|(f, default)| choices.get(f.name).copied().unwrap_or(*default) == MergeSide::Merged)
            .map(|(f, _)| f)
            .collect();

        // The merged-away record steps aside first: merged (the invoice trigger of 0014 lets an
        // issued invoice move only away from a merged organization), archived, and without its
        // unique values, so the kept record can take them.
        let mut set = vec![
            format!("{MERGED_INTO} = ?1"),
            "archived_at = coalesce(archived_at, ?2)".to_owned(),
            "updated_at = ?2".to_owned(),
        ];
        set.extend(table.unique_columns(&mut tx).await?.iter().map(|c| format!("{} = NULL", quote(c))));
        let sql = format!("UPDATE OR ABORT {} SET {} WHERE id = ?3", quote(kind.table), set.join(", "));
        sqlx::query(AssertSqlSafe(sql))
            .bind(keep)
            .bind(&stamp)
            .bind(merge)
            .execute(&mut *tx)
            .await
            .map_err(|e| broke_rule(e.into(), kind.table, Doing::Merge))?;

        let mut journal = Vec::new();
        for reference in moved_references(&mut tx, kind).await? {
            move_references(&mut tx, &reference, merge, keep, &stamp, &mut journal).await?;
        }

        // The kept record takes the chosen fields as they were on the merged-away one.
        let mut set = vec!["updated_at = ?1".to_owned()];
        let mut values = Vec::new();
        for field in &taken {
            for column in field.columns {
                set.push(format!("{} = ?{}", quote(column), values.len() + 3));
                values.push(merged_before.get(*column).cloned().unwrap_or(Cell::Null));
            }
        }
        let sql = format!("UPDATE OR ABORT {} SET {} WHERE id = ?2", quote(kind.table), set.join(", "));
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(&stamp).bind(keep);
        for value in &values {
            query = rows::bind(query, value)?;
        }
        query.execute(&mut *tx).await.map_err(|e| broke_rule(e.into(), kind.table, Doing::Merge))?;
        if kind.kind == RecordKind::Organization && taken.iter().any(|f| f.name == "parent") {
            check_new_parent(&mut tx, keep, &kept_name, &merged_name).await?;
        }

        let kept_after = record(&mut tx, &table, keep).await?;
        let merged_after = record(&mut tx, &table, merge).await?;
        let id = MergeId::new();
        let fields: Vec<&str> = taken.iter().map(|f| f.name).collect();
        sqlx::query(
            "INSERT INTO merges (id, kind, kept_id, merged_id, kept_name, merged_name, actor_id, merged_at,
                fields, kept_before, kept_after, merged_before, merged_after)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(kind.kind.as_str())
        .bind(keep)
        .bind(merge)
        .bind(&kept_name)
        .bind(&merged_name)
        .bind(actor.id)
        .bind(&stamp)
        .bind(json(&fields)?)
        .bind(json(&kept_before)?)
        .bind(json(&kept_after)?)
        .bind(json(&merged_before)?)
        .bind(json(&merged_after)?)
        .execute(&mut *tx)
        .await?;
        for (seq, entry) in journal.iter().enumerate() {
            sqlx::query(
                "INSERT INTO merge_rows (merge_id, seq, action, table_name, column_name, row_key, before)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(seq as i64)
            .bind(entry.action)
            .bind(&entry.table)
            .bind(&entry.column)
            .bind(json(&entry.key)?)
            .bind(&entry.before)
            .execute(&mut *tx)
            .await?;
        }
        // In the kept record's stream (the merged-away one's entries moved there with the rest).
        // Stored in the stream as a sentence, in the language of the moment.
        let body = msg(
            "Merged “{merged_name}” into “{kept_name}”",
            &[("merged_name", &merged_name), ("kept_name", &kept_name)],
        );
        stream_entry(&mut tx, kind.kind, keep, &body, id, actor).await?;
        let merged = get(&mut tx, id).await?;
        tx.commit().await?;
        Ok(merged)
    }
}

/// A merge's (or its undo's) entry in `record`'s stream.
pub(super) async fn stream_entry(
    conn: &mut SqliteConnection,
    kind: RecordKind,
    record: uuid::Uuid,
    body: &str,
    merge: MergeId,
    actor: &Actor,
) -> Result<()> {
    let (organization, person) = match kind {
        RecordKind::Organization => (Some(OrganizationId::from_uuid(record)), None),
        RecordKind::Person => (None, Some(PersonId::from_uuid(record))),
    };
    let event = crate::stream::Event {
        organization,
        person,
        kind: crate::stream::StreamKind::Merge,
        body,
        ref_id: Some(merge.uuid()),
    };
    crate::stream::record(conn, event, Some(actor)).await?;
    Ok(())
}

fn from_row(row: &SqliteRow) -> Result<MergeRecord> {
    let fields: String = row.try_get("fields")?;
    Ok(MergeRecord {
        id: row.try_get("id")?,
        kind: RecordKind::parse(row.try_get("kind")?)?,
        kept_id: row.try_get("kept_id")?,
        merged_id: row.try_get("merged_id")?,
        kept_name: row.try_get("kept_name")?,
        merged_name: row.try_get("merged_name")?,
        actor: row.try_get("actor")?,
        merged_at: row.try_get("merged_at")?,
        fields: serde_json::from_str(&fields).map_err(|_| damaged())?,
        moved: row.try_get::<i64, _>("moved")? as u64,
        removed_duplicates: row.try_get::<i64, _>("removed")? as u64,
        undone_at: row.try_get("undone_at")?,
        undone_by: row.try_get("undone_by")?,
    })
}

async fn get(conn: &mut SqliteConnection, id: MergeId) -> Result<MergeRecord> {
    // i18n: not for people (SQL)
    let row = sqlx::query(select_merges!("WHERE m.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "merge" })?;
    from_row(&row)
}

/// Refuses to change or restore a merged-away record (other than by undoing its merge): it would
/// come back into the lists half merged.
pub(crate) async fn refuse_merged(
    conn: &mut SqliteConnection,
    kind: RecordKind,
    id: uuid::Uuid,
) -> Result<()> {
    let spec = kind.spec();
    let (name, table) = (spec.name, spec.table);
    let sql = format!(
        "SELECT (SELECT {name} FROM {table} r WHERE r.id = x.id), (SELECT {name} FROM {table} r WHERE r.id = x.{MERGED_INTO})
         FROM {table} x WHERE x.id = ? AND x.{MERGED_INTO} IS NOT NULL"
    );
    let merged: Option<(String, String)> =
        sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?;
    match merged {
        Some((name, into)) => Err(Error::invalid(
            "merged",
            msg(
                "“{name}” was merged into “{into}”; change “{into}” instead, or undo the merge.",
                &[("name", &name), ("into", &into)],
            ),
        )),
        None => Ok(()),
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Io(std::io::Error::other(e)))
}

fn damaged() -> Error {
    Error::Io(std::io::Error::other("the merge history is damaged"))
}

/// Both records exist and may be merged; returns their names (kept, merged-away).
async fn check_pair(
    conn: &mut SqliteConnection,
    kind: &Kind,
    keep: uuid::Uuid,
    merge: uuid::Uuid,
) -> Result<(String, String)> {
    let (kept, kept_merged) = named(conn, kind, keep).await?;
    let (merged, merged_merged) = named(conn, kind, merge).await?;
    if keep == merge {
        return Err(Error::invalid(
            "merge",
            msg("“{kept}” cannot be merged into itself.", &[("kept", &kept)]),
        ));
    }
    if merged_merged {
        let values = [("merged", merged.as_str())];
        return Err(Error::invalid(
            "merge",
            match kind.kind {
                RecordKind::Organization => {
                    msg("“{merged}” was already merged into another {organization}.", &values)
                }
                RecordKind::Person => msg("“{merged}” was already merged into another {person}.", &values),
            },
        ));
    }
    if kept_merged {
        let values = [("kept", kept.as_str())];
        return Err(Error::invalid(
            "merge",
            match kind.kind {
                RecordKind::Organization => msg(
                    "“{kept}” was merged into another {organization}; merge into that one instead.",
                    &values,
                ),
                RecordKind::Person => {
                    msg("“{kept}” was merged into another {person}; merge into that one instead.", &values)
                }
            },
        ));
    }
    if kind.kind == RecordKind::Organization && is_within(conn, keep, merge).await? {
        return Err(Error::invalid(
            "merge",
            msg(
                "“{kept}” is one of “{merged}”’s own {sites}; {a_organization} cannot be merged into its own \
                 {site}. Merge “{kept}” into “{merged}” instead.",
                &[("kept", &kept), ("merged", &merged)],
            ),
        ));
    }
    Ok((kept, merged))
}

/// A record's name and whether it was merged away.
async fn named(conn: &mut SqliteConnection, kind: &Kind, id: uuid::Uuid) -> Result<(String, bool)> {
    let sql = format!("SELECT {}, {MERGED_INTO} IS NOT NULL FROM {} r WHERE r.id = ?", kind.name, kind.table);
    sqlx::query_as(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: kind.entity })
}

pub(super) use crate::organizations::is_within;

/// The kept organization took the merged-away one's parent: refuses when that puts it under
/// itself (the merged-away one was its site, or sat under one of the sites that just moved).
async fn check_new_parent(
    conn: &mut SqliteConnection,
    keep: uuid::Uuid,
    kept: &str,
    merged: &str,
) -> Result<()> {
    let parent: Option<uuid::Uuid> = sqlx::query_scalar("SELECT parent_id FROM organizations WHERE id = ?")
        .bind(keep)
        .fetch_one(&mut *conn)
        .await?;
    if let Some(parent) = parent
        && is_within(conn, parent, keep).await?
    {
        return Err(Error::invalid(
            "parent",
            msg(
                "“{merged}”’s parent is “{kept}” or one of its {sites}, so “{kept}” cannot take it; keep \
                 “{kept}”’s own parent. Nothing was merged.",
                &[("merged", merged), ("kept", kept)],
            ),
        ));
    }
    Ok(())
}
