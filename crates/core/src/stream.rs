//! The activity stream of each organization and person: posts by staff (plain text) with
//! comments, and an entry for everything that happened — a note added, a file attached, a system
//! added or changed (its field names, never a secret value), a secret revealed or copied, a
//! person linked, a ticket logged or closed, an invoice issued or voided, a payment recorded, an
//! import applied or undone, an activity completed, an email recorded.
//!
//! Entries are written by the area that did the thing, in its own transaction ([`record`]), so
//! the stream never claims what did not happen. One timeline, newest first, paged by id (UUIDv7,
//! so id order is time order) from the database.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::notes::NoteSubject;
use crate::staff::Actor;
use crate::{CommentId, Error, OrganizationId, PersonId, Result, StaffId, StreamEntryId};

/// What an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// A post written by a staff member.
    Post,
    Note,
    File,
    System,
    /// A secret revealed or copied.
    Secret,
    /// A person linked to an organization, as one of its people or as a contact.
    Link,
    /// A staff member made a member of an organization (or no longer one).
    Member,
    Ticket,
    Invoice,
    Payment,
    Import,
    Activity,
    Email,
    Merge,
}

impl StreamKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Post => "post",
            Self::Note => "note",
            Self::File => "file",
            Self::System => "system",
            Self::Secret => "secret",
            Self::Link => "link",
            Self::Member => "member",
            Self::Ticket => "ticket",
            Self::Invoice => "invoice",
            Self::Payment => "payment",
            Self::Import => "import",
            Self::Activity => "activity",
            Self::Email => "email",
            Self::Merge => "merge",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        const ALL: [StreamKind; 14] = [
            StreamKind::Post,
            StreamKind::Note,
            StreamKind::File,
            StreamKind::System,
            StreamKind::Secret,
            StreamKind::Link,
            StreamKind::Member,
            StreamKind::Ticket,
            StreamKind::Invoice,
            StreamKind::Payment,
            StreamKind::Import,
            StreamKind::Activity,
            StreamKind::Email,
            StreamKind::Merge,
        ];
        ALL.into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::Db(sqlx::Error::Protocol(format!("unknown stream kind {s:?}"))))
    }
}

/// One entry as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StreamEntry {
    pub id: StreamEntryId,
    pub kind: StreamKind,
    pub organization_id: Option<OrganizationId>,
    pub organization_name: Option<String>,
    pub person_id: Option<PersonId>,
    pub person_name: Option<String>,
    /// Who did it (the staff member's current name); `None` when unknown.
    pub actor: Option<String>,
    pub actor_id: Option<StaffId>,
    /// A post's text, or the line that says what happened. Plain text.
    pub body: String,
    /// What it is about (a note, ticket, invoice, …) as a UUID string, for opening it.
    pub ref_id: Option<String>,
    pub at: String,
    pub comments: Vec<StreamComment>,
}

/// A comment on an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StreamComment {
    pub id: CommentId,
    pub actor: Option<String>,
    pub actor_id: Option<StaffId>,
    pub body: String,
    pub at: String,
}

/// Which page of which stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StreamQuery {
    pub subject: NoteSubject,
    /// An organization's stream with its sites' and its (and its sites') people's entries.
    #[serde(default)]
    pub include_related: bool,
    /// Only these kinds; empty for all.
    #[serde(default)]
    pub kinds: Vec<StreamKind>,
    /// The page after this entry (the last one shown); `None` for the newest.
    #[serde(default)]
    pub before: Option<StreamEntryId>,
    /// Entries per page (default 50, at most 200).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of entries, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StreamPage {
    pub entries: Vec<StreamEntry>,
    /// Whether older entries follow.
    pub more: bool,
}

/// A UUIDv7 made by SQLite (48-bit Unix milliseconds, version 7, variant, random bits), for
/// entries written set-wise by one statement (an import's); spliced into static SQL.
#[macro_export]
#[doc(hidden)]
macro_rules! uuid7_sql {
    () => {
        "unhex(printf('%012x', CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)) || '7' \
         || substr(hex(randomblob(2)), 2) || '8' || substr(hex(randomblob(8)), 2))"
    };
}

/// The longest post or comment (characters).
const MAX_TEXT: usize = 20_000;

/// An automatic entry to write with [`record`].
pub(crate) struct Event<'a> {
    pub organization: Option<OrganizationId>,
    pub person: Option<PersonId>,
    pub kind: StreamKind,
    pub body: &'a str,
    pub ref_id: Option<uuid::Uuid>,
}

/// Writes an entry inside the caller's transaction. `actor` is who did it; `None` means this
/// machine's user (for the areas whose calls carry no actor: tickets, files, people).
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    event: Event<'_>,
    actor: Option<&Actor>,
) -> Result<StreamEntryId> {
    let actor_id = match actor {
        Some(a) => Some(a.id),
        None => machine_user(conn).await?,
    };
    let id = StreamEntryId::new();
    sqlx::query(
        "INSERT INTO stream_entries (id, organization_id, person_id, kind, actor_id, body, ref_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(event.organization)
    .bind(event.person)
    .bind(event.kind.as_str())
    .bind(actor_id)
    .bind(shorten(event.body, 500))
    .bind(event.ref_id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// This machine's user, if one is chosen (the `me` setting).
pub(crate) async fn machine_user(conn: &mut SqliteConnection) -> Result<Option<StaffId>> {
    let me: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'me'").fetch_optional(&mut *conn).await?;
    Ok(me.and_then(|s| s.parse().ok()))
}

/// `text` cut to `max` characters (an ellipsis marks the cut), on one line when it was a note.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The stream service.
pub struct Stream<'a> {
    db: &'a Db,
}

impl<'a> Stream<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// A page of `query.subject`'s stream, newest first, with each entry's comments.
    pub async fn page(&self, query: StreamQuery) -> Result<StreamPage> {
        let limit = query.limit.unwrap_or(50).clamp(1, 200);
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new("");
        match (query.subject, query.include_related) {
            (NoteSubject::Organization(org), true) => {
                // The organization and its sites (at any depth), and the people of all of them.
                sql.push(
                    "WITH RECURSIVE tree(id, depth) AS (SELECT ",
                )
                .push_bind(org)
                .push(
                    ", 0 UNION ALL SELECT o.id, tree.depth + 1 FROM organizations o JOIN tree ON o.parent_id = tree.id
                       WHERE tree.depth < 50)
                     SELECT e.id FROM stream_entries e WHERE (e.organization_id IN (SELECT id FROM tree)
                       OR e.person_id IN (SELECT p.id FROM people p WHERE p.organization_id IN (SELECT id FROM tree)))",
                );
            }
            (NoteSubject::Organization(org), false) => {
                sql.push("SELECT e.id FROM stream_entries e WHERE e.organization_id = ").push_bind(org);
            }
            (NoteSubject::Person(person), _) => {
                sql.push("SELECT e.id FROM stream_entries e WHERE e.person_id = ").push_bind(person);
            }
        }
        if let Some(before) = query.before {
            sql.push(" AND e.id < ").push_bind(before);
        }
        if !query.kinds.is_empty() {
            sql.push(" AND e.kind IN (");
            let mut list = sql.separated(", ");
            for kind in &query.kinds {
                list.push_bind(kind.as_str());
            }
            sql.push(")");
        }
        sql.push(" ORDER BY e.id DESC LIMIT ").push_bind(i64::from(limit) + 1);
        let mut ids: Vec<StreamEntryId> = sql.build_query_scalar().fetch_all(self.db.reader()).await?;
        let more = ids.len() > limit as usize;
        ids.truncate(limit as usize);
        let mut conn = self.db.reader().acquire().await?;
        let entries = fetch_entries(&mut conn, &ids).await?;
        Ok(StreamPage { entries, more })
    }

    /// Posts plain text on an organization's or a person's stream.
    pub async fn post(&self, subject: NoteSubject, body: &str, by: &Actor) -> Result<StreamEntry> {
        let body = checked_text(body, "body")?;
        let mut tx = self.db.begin_write().await?;
        let (organization, person) = subject_columns(&mut tx, subject).await?;
        let id = record(
            &mut tx,
            Event { organization, person, kind: StreamKind::Post, body: &body, ref_id: None },
            Some(by),
        )
        .await?;
        let entry = fetch_entries(&mut tx, &[id]).await?.pop().ok_or(Error::NotFound { entity: "post" })?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Comments on any entry.
    pub async fn comment(&self, entry: StreamEntryId, body: &str, by: &Actor) -> Result<StreamEntry> {
        let body = checked_text(body, "comment")?;
        let mut tx = self.db.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stream_entries WHERE id = ?")
            .bind(entry)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(Error::NotFound { entity: "stream entry" });
        }
        sqlx::query(
            "INSERT INTO stream_comments (id, entry_id, actor_id, body, at)
             VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(CommentId::new())
        .bind(entry)
        .bind(by.id)
        .bind(&body)
        .execute(&mut *tx)
        .await?;
        let shown = fetch_entries(&mut tx, &[entry])
            .await?
            .pop()
            .ok_or(Error::NotFound { entity: "stream entry" })?;
        tx.commit().await?;
        Ok(shown)
    }

    /// Deletes a post (with its comments): the author's own, or any by an admin. Automatic
    /// entries stay: they are the record of what happened.
    pub async fn delete_post(&self, id: StreamEntryId, by: &Actor) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let row: Option<(String, Option<StaffId>)> =
            sqlx::query_as("SELECT kind, actor_id FROM stream_entries WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let (kind, author) = row.ok_or(Error::NotFound { entity: "post" })?;
        if kind != StreamKind::Post.as_str() {
            return Err(Error::invalid(
                "stream",
                msg("Only posts can be deleted; this entry records what happened.", &[]),
            ));
        }
        if author != Some(by.id) {
            by.require_admin(&msg("delete another person's post", &[]))?;
        }
        sqlx::query("DELETE FROM stream_comments WHERE entry_id = ?").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM stream_entries WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn checked_text(body: &str, field: &'static str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid(field, msg("Write something first.", &[])));
    }
    if body.chars().count() > MAX_TEXT {
        return Err(Error::invalid(
            field,
            msg("At most {max} characters, please.", &[("max", &MAX_TEXT.to_string())]),
        ));
    }
    Ok(body.to_owned())
}

/// The columns of a subject, checked to exist.
pub(crate) async fn subject_columns(
    conn: &mut SqliteConnection,
    subject: NoteSubject,
) -> Result<(Option<OrganizationId>, Option<PersonId>)> {
    let exists: Option<i64> = match subject {
        NoteSubject::Organization(id) => {
            sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
        NoteSubject::Person(id) => {
            sqlx::query_scalar("SELECT 1 FROM people WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    match (subject, exists) {
        (NoteSubject::Organization(_), None) => Err(Error::NotFound { entity: "organization" }),
        (NoteSubject::Person(_), None) => Err(Error::NotFound { entity: "person" }),
        (NoteSubject::Organization(id), Some(_)) => Ok((Some(id), None)),
        (NoteSubject::Person(id), Some(_)) => Ok((None, Some(id))),
    }
}

/// The entries with these ids (in this order), names and comments filled in.
async fn fetch_entries(conn: &mut SqliteConnection, ids: &[StreamEntryId]) -> Result<Vec<StreamEntry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT e.id, e.kind, e.organization_id, o.name AS organization_name, e.person_id,
            nullif(trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '') AS person_name,
            s.name AS actor, e.actor_id, e.body, e.ref_id, e.at
         FROM stream_entries e LEFT JOIN organizations o ON o.id = e.organization_id
            LEFT JOIN people p ON p.id = e.person_id LEFT JOIN staff s ON s.id = e.actor_id
         WHERE e.id IN (",
    );
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    sql.push(") ORDER BY e.id DESC");
    let rows = sql.build().fetch_all(&mut *conn).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in &rows {
        let ref_id: Option<uuid::Uuid> = row.try_get("ref_id")?;
        entries.push(StreamEntry {
            id: row.try_get("id")?,
            kind: StreamKind::parse(&row.try_get::<String, _>("kind")?)?,
            organization_id: row.try_get("organization_id")?,
            organization_name: row.try_get("organization_name")?,
            person_id: row.try_get("person_id")?,
            person_name: row.try_get("person_name")?,
            actor: row.try_get("actor")?,
            actor_id: row.try_get("actor_id")?,
            body: row.try_get("body")?,
            ref_id: ref_id.map(|u| u.to_string()),
            at: row.try_get("at")?,
            comments: Vec::new(),
        });
    }
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT c.id, c.entry_id, s.name AS actor, c.actor_id, c.body, c.at
         FROM stream_comments c LEFT JOIN staff s ON s.id = c.actor_id WHERE c.entry_id IN (",
    );
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    sql.push(") ORDER BY c.id LIMIT 5000");
    for row in sql.build().fetch_all(&mut *conn).await? {
        let entry: StreamEntryId = row.try_get("entry_id")?;
        if let Some(e) = entries.iter_mut().find(|e| e.id == entry) {
            e.comments.push(StreamComment {
                id: row.try_get("id")?,
                actor: row.try_get("actor")?,
                actor_id: row.try_get("actor_id")?,
                body: row.try_get("body")?,
                at: row.try_get("at")?,
            });
        }
    }
    Ok(entries)
}
