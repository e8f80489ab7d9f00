//! A ticket's thread: updates staff write — internal notes and replies to the customer, each
//! with the time spent, logged as a time entry of the ticket — and its history, which the core
//! writes as things change (status, assignee, priority, requester, system, subject; the first
//! response). A reply is the first response when none is recorded yet. Oldest first.

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::service::tickets::{self, TimeEntryInput};
use crate::staff::Actor;
use crate::text::clean;
use crate::{Error, Result, StaffId, TicketId, TicketUpdateId, TimeEntryId};

/// What an update is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// For staff only.
    Note,
    /// What the customer was told.
    Reply,
    /// History: written by the core.
    Change,
}

impl UpdateKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Reply => "reply",
            Self::Change => "change",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "reply" => Self::Reply,
            "change" => Self::Change,
            _ => Self::Note,
        }
    }
}

/// One entry of a ticket's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketUpdate {
    pub id: TicketUpdateId,
    pub kind: UpdateKind,
    pub body: String,
    pub author_id: Option<StaffId>,
    pub author_name: Option<String>,
    pub created_at: String,
    /// The time spent, when logged with it (and not deleted since).
    pub time_entry_id: Option<TimeEntryId>,
    #[ts(type = "number | null")]
    pub minutes: Option<i64>,
    pub billable: Option<bool>,
}

/// An update as the form sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateInput {
    /// A note or a reply.
    pub kind: UpdateKind,
    pub body: String,
    /// Time spent (none: nothing logged).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub minutes: Option<i64>,
    #[serde(default = "yes")]
    pub billable: bool,
    /// The day the time was spent (default: today).
    #[serde(default)]
    pub work_date: Option<String>,
}

fn yes() -> bool {
    true
}

/// The longest update.
const MAX_BODY: usize = 20_000;

/// Writes a history line on a ticket, by this machine's user.
pub(crate) async fn change(conn: &mut SqliteConnection, ticket: TicketId, body: &str) -> Result<()> {
    let author = crate::stream::machine_user(conn).await?;
    insert(conn, ticket, UpdateKind::Change, body, None, author).await?;
    Ok(())
}

async fn insert(
    conn: &mut SqliteConnection,
    ticket: TicketId,
    kind: UpdateKind,
    body: &str,
    time_entry: Option<TimeEntryId>,
    author: Option<StaffId>,
) -> Result<TicketUpdateId> {
    let id = TicketUpdateId::new();
    sqlx::query(
        "INSERT INTO ticket_updates (id, ticket_id, kind, body, time_entry_id, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(ticket)
    .bind(kind.as_str())
    .bind(body)
    .bind(time_entry)
    .bind(author)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Unlinks a time entry about to be deleted from the update it was logged with.
pub(crate) async fn unlink_time(conn: &mut SqliteConnection, entry: TimeEntryId) -> Result<()> {
    sqlx::query("UPDATE ticket_updates SET time_entry_id = NULL WHERE time_entry_id = ?")
        .bind(entry)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const SELECT: &str =
    "SELECT u.id, u.kind, u.body, u.author_id, s.name, u.created_at, u.time_entry_id, e.minutes,
        e.billable
     FROM ticket_updates u LEFT JOIN staff s ON s.id = u.author_id
     LEFT JOIN time_entries e ON e.id = u.time_entry_id ";

fn update_from_row(r: &sqlx::sqlite::SqliteRow) -> Result<TicketUpdate> {
    Ok(TicketUpdate {
        id: r.try_get(0)?,
        kind: UpdateKind::parse(&r.try_get::<String, _>(1)?),
        body: r.try_get(2)?,
        author_id: r.try_get(3)?,
        author_name: r.try_get(4)?,
        created_at: r.try_get(5)?,
        time_entry_id: r.try_get(6)?,
        minutes: r.try_get(7)?,
        billable: r.try_get(8)?,
    })
}

/// The thread service.
pub struct Thread<'a> {
    db: &'a Db,
}

impl<'a> Thread<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// A ticket's thread, oldest first (the newest 2,000).
    pub async fn list(&self, ticket: TicketId) -> Result<Vec<TicketUpdate>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT * FROM ({SELECT} WHERE u.ticket_id = ? ORDER BY u.created_at DESC, u.id DESC LIMIT 2000)
             ORDER BY 6, 1"
        )))
        .bind(ticket)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(update_from_row).collect()
    }

    /// Posts a note or a reply, with the time spent logged on the ticket; a reply is the first
    /// response when none is recorded yet.
    pub async fn post(&self, ticket: TicketId, input: UpdateInput, by: &Actor) -> Result<TicketUpdate> {
        let body = input.body.trim();
        if body.is_empty() {
            return Err(Error::invalid("body", msg("Write the update.", &[])));
        }
        if body.chars().count() > MAX_BODY {
            return Err(Error::invalid("body", msg("An update holds at most 20,000 characters.", &[])));
        }
        if input.kind == UpdateKind::Change {
            return Err(Error::invalid(
                "kind",
                msg("Choose an internal note or a reply to the customer.", &[]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let time_entry = match input.minutes {
            Some(minutes) => {
                let work_date = match clean(input.work_date) {
                    Some(day) => day,
                    None => sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(&mut *tx).await?,
                };
                let first_line: String = body.lines().next().unwrap_or_default().chars().take(200).collect();
                let entry = TimeEntryInput {
                    work_date,
                    minutes,
                    description: Some(first_line),
                    billable: input.billable,
                    rate: None,
                };
                Some(tickets::insert_time(&mut tx, ticket, entry).await?.id)
            }
            None => {
                let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM tickets WHERE id = ?")
                    .bind(ticket)
                    .fetch_optional(&mut *tx)
                    .await?;
                exists.ok_or(Error::NotFound { entity: "ticket" })?;
                None
            }
        };
        let id = insert(&mut tx, ticket, input.kind, body, time_entry, Some(by.id)).await?;
        if input.kind == UpdateKind::Reply {
            tickets::mark_responded(&mut tx, ticket).await?;
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE u.id = ?")))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let update = update_from_row(&row)?;
        tx.commit().await?;
        Ok(update)
    }
}
