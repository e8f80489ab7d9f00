//! Notes on organizations and people: plain text with an author, an urgent flag (urgent notes
//! are listed first) and an optional call-back time; the call-backs list gathers the open ones
//! across all customers.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, NoteId, OrganizationId, PersonId, Result, StaffId};

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum NoteSubject {
    Organization(OrganizationId),
    Person(PersonId),
}

/// A note as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Note {
    pub id: NoteId,
    pub subject: NoteSubject,
    /// The organization's name, or the person's name, for the call-backs list.
    pub subject_name: String,
    pub body: String,
    /// The author's name (the staff member's current name; the text written before staff
    /// existed otherwise).
    pub author: String,
    /// The staff member who wrote it; `None` for notes from before staff existed.
    pub author_id: Option<StaffId>,
    pub urgent: bool,
    /// Local date and time to call back, "YYYY-MM-DDTHH:MM".
    pub callback_at: Option<String>,
    pub callback_done_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the note form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NoteInput {
    pub body: String,
    pub urgent: bool,
    /// Local "YYYY-MM-DDTHH:MM" (seconds are dropped); blank for none.
    pub callback_at: Option<String>,
}

macro_rules! select_notes {
    () => {
        "SELECT n.id, n.organization_id, n.person_id,
            coalesce(o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))) AS subject_name,
            n.body, coalesce(s.name, n.author) AS author, n.author_id, n.urgent, n.callback_at, n.callback_done_at, n.created_at, n.updated_at
         FROM notes n LEFT JOIN organizations o ON o.id = n.organization_id
            LEFT JOIN people p ON p.id = n.person_id LEFT JOIN staff s ON s.id = n.author_id "
    };
}

/// The notes service.
pub struct Notes<'a> {
    db: &'a Db,
}

impl<'a> Notes<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The notes about `subject`: urgent first, then newest first.
    pub async fn list(&self, subject: NoteSubject) -> Result<Vec<Note>> {
        let (org, person) = columns(subject);
        let rows = sqlx::query_as::<_, NoteRow>(concat!(
            select_notes!(),
            "WHERE n.organization_id IS ?1 AND n.person_id IS ?2
             ORDER BY n.urgent DESC, n.created_at DESC, n.id DESC LIMIT 1000"
        ))
        .bind(org)
        .bind(person)
        .fetch_all(self.db.reader())
        .await?;
        rows.into_iter().map(Note::try_from).collect()
    }

    /// Open call-backs due before `until` (local "YYYY-MM-DDTHH:MM"), earliest first: the
    /// overdue and today's ones when `until` is the end of today.
    pub async fn callbacks(&self, until: &str) -> Result<Vec<Note>> {
        let rows = sqlx::query_as::<_, NoteRow>(concat!(
            select_notes!(),
            "WHERE n.callback_at IS NOT NULL AND n.callback_done_at IS NULL AND n.callback_at < ?
             ORDER BY n.callback_at, n.id LIMIT 1000"
        ))
        .bind(until)
        .fetch_all(self.db.reader())
        .await?;
        rows.into_iter().map(Note::try_from).collect()
    }

    /// Adds a note written by `author`.
    pub async fn create(&self, subject: NoteSubject, input: NoteInput, author: &Actor) -> Result<Note> {
        let input = validated(input)?;
        let id = NoteId::new();
        let (org, person) = columns(subject);
        let mut tx = self.db.begin_write().await?;
        let exists: i64 = match subject {
            NoteSubject::Organization(id) => {
                sqlx::query_scalar("SELECT count(*) FROM organizations WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
            }
            NoteSubject::Person(id) => {
                sqlx::query_scalar("SELECT count(*) FROM people WHERE id = ?")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
            }
        };
        if exists == 0 {
            return Err(Error::NotFound { entity: if org.is_some() { "organization" } else { "person" } });
        }
        sqlx::query(
            "INSERT INTO notes (id, organization_id, person_id, body, author, author_id, urgent, callback_at,
                created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .bind(&input.body)
        .bind(&author.name)
        .bind(author.id)
        .bind(input.urgent)
        .bind(&input.callback_at)
        .execute(&mut *tx)
        .await?;
        let note = fetch(&mut tx, id).await?;
        let body = crate::stream::shorten(&note.body, 300);
        let event = crate::stream::Event {
            organization: org,
            person,
            kind: crate::stream::StreamKind::Note,
            body: &body,
            ref_id: Some(id.uuid()),
        };
        crate::stream::record(&mut tx, event, Some(author)).await?;
        tx.commit().await?;
        Ok(note)
    }

    /// Changes a note's text, urgency or call-back time (a new call-back time reopens it).
    pub async fn update(&self, id: NoteId, input: NoteInput) -> Result<Note> {
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE notes SET body = ?1, urgent = ?2,
                callback_done_at = CASE WHEN callback_at IS ?3 THEN callback_done_at END,
                callback_at = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?4",
        )
        .bind(&input.body)
        .bind(input.urgent)
        .bind(&input.callback_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "note" });
        }
        let note = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(note)
    }

    /// Marks a note's call-back as done.
    pub async fn complete_callback(&self, id: NoteId) -> Result<Note> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE notes SET callback_done_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ? AND callback_at IS NOT NULL",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "call-back" });
        }
        let note = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(note)
    }

    /// Deletes a note (the UI asks first).
    pub async fn delete(&self, id: NoteId) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query("DELETE FROM notes WHERE id = ?").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "note" });
        }
        tx.commit().await?;
        Ok(())
    }
}

fn columns(subject: NoteSubject) -> (Option<OrganizationId>, Option<PersonId>) {
    match subject {
        NoteSubject::Organization(id) => (Some(id), None),
        NoteSubject::Person(id) => (None, Some(id)),
    }
}

fn validated(input: NoteInput) -> Result<NoteInput> {
    let body = input.body.trim().to_owned();
    if body.is_empty() {
        return Err(Error::invalid("body", msg("The note is empty.", &[])));
    }
    let callback_at = match input.callback_at.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(local_minute(&c).ok_or_else(|| {
            Error::invalid(
                "callback_at",
                msg("“{value}” is not a date and time (YYYY-MM-DD HH:MM).", &[("value", &c)]),
            )
        })?),
    };
    Ok(NoteInput { body, urgent: input.urgent, callback_at })
}

/// "YYYY-MM-DDTHH:MM[:SS]" or with a space instead of the T, as "YYYY-MM-DDTHH:MM".
pub(crate) fn local_minute(value: &str) -> Option<String> {
    let (date, time) = value.split_once(['T', ' '])?;
    if !crate::text::is_date(date) {
        return None;
    }
    let mut parts = time.split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    if h.len() != 2 || m.len() != 2 || parts.next().is_some_and(|s| s.len() != 2) {
        return None;
    }
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then(|| format!("{date}T{h:02}:{m:02}"))
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: NoteId,
    organization_id: Option<OrganizationId>,
    person_id: Option<PersonId>,
    subject_name: String,
    body: String,
    author: String,
    author_id: Option<StaffId>,
    urgent: bool,
    callback_at: Option<String>,
    callback_done_at: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<NoteRow> for Note {
    type Error = Error;
    fn try_from(r: NoteRow) -> Result<Self> {
        let subject = match (r.organization_id, r.person_id) {
            (Some(id), None) => NoteSubject::Organization(id),
            (None, Some(id)) => NoteSubject::Person(id),
            _ => return Err(Error::Db(sqlx::Error::Protocol("a note without exactly one subject".into()))),
        };
        Ok(Self {
            id: r.id,
            subject,
            subject_name: r.subject_name,
            body: r.body,
            author: r.author,
            author_id: r.author_id,
            urgent: r.urgent,
            callback_at: r.callback_at,
            callback_done_at: r.callback_done_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

async fn fetch(conn: &mut SqliteConnection, id: NoteId) -> Result<Note> {
    // i18n: not for people (SQL)
    sqlx::query_as::<_, NoteRow>(concat!(select_notes!(), "WHERE n.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "note" })?
        .try_into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn callback_times_are_local_minutes() {
        assert_eq!(super::local_minute("2026-11-23 09:30").as_deref(), Some("2026-11-23T09:30"));
        assert_eq!(super::local_minute("2026-11-23T09:30:59").as_deref(), Some("2026-11-23T09:30"));
        assert_eq!(super::local_minute("2026-02-30T09:30"), None);
        assert_eq!(super::local_minute("2026-11-23T24:00"), None);
        assert_eq!(super::local_minute("tomorrow"), None);
    }
}
