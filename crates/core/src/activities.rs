//! Activities: planned work on an organization or a person — a type from an editable list
//! (review, visit, call, meeting, task), a subject, a due date and time, an assignee, a status
//! (planned, done, cancelled) and an outcome. Completing one writes its outcome to the stream.
//!
//! **My agenda** gathers the planned activities and the open note call-backs, overdue, today and
//! upcoming, for me, for one colleague or for anyone.

use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use ts_rs::TS;

use crate::choices::{self, ChoiceList};
use crate::db::Db;
use crate::messages::msg;
use crate::notes::{NoteSubject, local_minute};
use crate::staff::Actor;
use crate::stream::{self, Event, StreamKind};
use crate::{ActivityId, ChoiceId, Error, NoteId, Result, StaffId};

/// Where an activity stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Done,
    Cancelled,
}

impl ActivityStatus {
    fn parse(s: &str) -> Result<Self> {
        match s {
            "planned" => Ok(Self::Planned),
            "done" => Ok(Self::Done),
            "cancelled" => Ok(Self::Cancelled),
            other => Err(Error::Db(sqlx::Error::Protocol(format!("unknown activity status {other:?}")))),
        }
    }
}

/// An activity as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub id: ActivityId,
    /// The organization or person it is about.
    pub about: NoteSubject,
    pub about_name: String,
    pub type_id: ChoiceId,
    pub type_name: String,
    pub subject: String,
    /// Local date and time "YYYY-MM-DDTHH:MM".
    pub due_at: String,
    pub assignee_id: Option<StaffId>,
    pub assignee: Option<String>,
    pub status: ActivityStatus,
    pub outcome: Option<String>,
    pub created_by: Option<String>,
    pub closed_at: Option<String>,
}

/// What the activity form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityInput {
    pub type_id: Option<ChoiceId>,
    pub subject: String,
    /// Local "YYYY-MM-DDTHH:MM" (or with a space).
    pub due_at: String,
    /// `None`: anyone may do it.
    #[serde(default)]
    pub assignee_id: Option<StaffId>,
}

/// Whose agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum AgendaFor {
    /// Activities assigned to this member (and unassigned ones), call-backs they wrote.
    Staff(StaffId),
    /// Everything.
    Anyone,
}

/// What the agenda shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgendaQuery {
    pub who: AgendaFor,
    /// The local date and time now, "YYYY-MM-DDTHH:MM" (the app's clock; dates are local).
    pub now: String,
    /// How many days after today "upcoming" reaches (default 14, at most 366).
    #[serde(default)]
    pub days: Option<u32>,
}

/// An activity or a call-back on the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgendaItem {
    Activity(Activity),
    Callback {
        note_id: NoteId,
        about: NoteSubject,
        about_name: String,
        body: String,
        due_at: String,
        author: String,
    },
}

/// My agenda: each group in due order, at most [`GROUP_LIMIT`] items (the soonest due).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Agenda {
    pub overdue: Vec<AgendaItem>,
    pub today: Vec<AgendaItem>,
    pub upcoming: Vec<AgendaItem>,
    /// The most items a group shows; a full group may have more.
    pub group_limit: u32,
}

/// The most items per agenda group: a screenful or three; the rest follow as earlier ones are
/// done (an agenda of hundreds of overdue items is a list to clean up, not to read).
pub const GROUP_LIMIT: u32 = 100;

macro_rules! select_activities {
    () => {
        "SELECT a.id, a.organization_id, a.person_id,
            coalesce(o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))) AS about_name,
            a.type_id, c.name AS type_name, a.subject, a.due_at, a.assignee_id, s.name AS assignee,
            a.status, a.outcome, b.name AS created_by, a.closed_at
         FROM activities a JOIN choices c ON c.id = a.type_id
            LEFT JOIN organizations o ON o.id = a.organization_id LEFT JOIN people p ON p.id = a.person_id
            LEFT JOIN staff s ON s.id = a.assignee_id LEFT JOIN staff b ON b.id = a.created_by "
    };
}

/// The activities service.
pub struct Activities<'a> {
    db: &'a Db,
}

impl<'a> Activities<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The activities about an organization or a person: planned ones first (soonest due
    /// first), then done and cancelled ones, latest first.
    pub async fn list(&self, about: NoteSubject) -> Result<Vec<Activity>> {
        let (org, person) = columns(about);
        let rows = sqlx::query(concat!(
            select_activities!(),
            "WHERE a.organization_id IS ?1 AND a.person_id IS ?2
             ORDER BY a.status <> 'planned', CASE WHEN a.status = 'planned' THEN a.due_at END,
                a.closed_at DESC, a.id DESC LIMIT 500"
        ))
        .bind(org)
        .bind(person)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Plans an activity.
    pub async fn create(&self, about: NoteSubject, input: ActivityInput, by: &Actor) -> Result<Activity> {
        let (input, due_at) = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let (org, person) = stream::subject_columns(&mut tx, about).await?;
        checked_refs(&mut tx, &input).await?;
        let id = ActivityId::new();
        sqlx::query(
            "INSERT INTO activities (id, organization_id, person_id, type_id, subject, due_at, assignee_id,
                status, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(org)
        .bind(person)
        .bind(input.type_id)
        .bind(&input.subject)
        .bind(&due_at)
        .bind(input.assignee_id)
        .bind(by.id)
        .execute(&mut *tx)
        .await?;
        let activity = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(activity)
    }

    /// Changes a planned activity (type, subject, due time, assignee).
    pub async fn update(&self, id: ActivityId, input: ActivityInput) -> Result<Activity> {
        let (input, due_at) = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let current = fetch(&mut tx, id).await?;
        if current.status != ActivityStatus::Planned {
            return Err(Error::invalid("status", msg("Only a planned {activity} can be changed.", &[])));
        }
        checked_refs(&mut tx, &input).await?;
        sqlx::query(
            "UPDATE activities SET type_id = ?, subject = ?, due_at = ?, assignee_id = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(input.type_id)
        .bind(&input.subject)
        .bind(&due_at)
        .bind(input.assignee_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let activity = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(activity)
    }

    /// Marks a planned activity done with its outcome, which goes to the stream.
    pub async fn complete(&self, id: ActivityId, outcome: &str, by: &Actor) -> Result<Activity> {
        self.close(id, ActivityStatus::Done, outcome, by).await
    }

    /// Cancels a planned activity (the reason, if any, goes to the stream).
    pub async fn cancel(&self, id: ActivityId, reason: &str, by: &Actor) -> Result<Activity> {
        self.close(id, ActivityStatus::Cancelled, reason, by).await
    }

    async fn close(
        &self,
        id: ActivityId,
        status: ActivityStatus,
        outcome: &str,
        by: &Actor,
    ) -> Result<Activity> {
        let outcome = outcome.trim();
        if outcome.chars().count() > 20_000 {
            return Err(Error::invalid(
                "outcome",
                msg("At most {max} characters, please.", &[("max", "20000")]),
            ));
        }
        if status == ActivityStatus::Done && outcome.is_empty() {
            return Err(Error::invalid(
                "outcome",
                msg("Say how it went: the outcome goes to the stream.", &[]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let current = fetch(&mut tx, id).await?;
        if current.status != ActivityStatus::Planned {
            return Err(Error::invalid("status", msg("This {activity} is already done or cancelled.", &[])));
        }
        let status_text = if status == ActivityStatus::Done { "done" } else { "cancelled" };
        sqlx::query(
            "UPDATE activities SET status = ?, outcome = ?, closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(status_text)
        .bind((!outcome.is_empty()).then_some(outcome))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let values = [("type", current.type_name.as_str()), ("subject", current.subject.as_str())];
        let mut body = if status == ActivityStatus::Done {
            msg("{type} done: {subject}", &values)
        } else {
            msg("{type} cancelled: {subject}", &values)
        };
        if !outcome.is_empty() {
            body.push_str(" — ");
            body.push_str(outcome);
        }
        let (organization, person) = columns(current.about);
        let event =
            Event { organization, person, kind: StreamKind::Activity, body: &body, ref_id: Some(id.uuid()) };
        stream::record(&mut tx, event, Some(by)).await?;
        let activity = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(activity)
    }

    /// The agenda: planned activities and open call-backs, overdue, today and upcoming.
    pub async fn agenda(&self, query: AgendaQuery) -> Result<Agenda> {
        let now = local_minute(&query.now).ok_or_else(|| {
            Error::invalid("now", msg("“{value}” is not a date and time.", &[("value", &query.now)]))
        })?;
        let today = &now[..10];
        let days = i64::from(query.days.unwrap_or(14).min(366));
        let tomorrow = crate::dates::add_days(today, 1)
            .ok_or_else(|| Error::invalid("now", msg("That date is out of range.", &[])))?;
        let horizon = crate::dates::add_days(today, days + 1)
            .ok_or_else(|| Error::invalid("now", msg("That date is out of range.", &[])))?;
        let (end_of_today, end) = (format!("{tomorrow}T00:00"), format!("{horizon}T00:00"));
        let mut conn = self.db.reader().acquire().await?;
        let overdue = items(&mut conn, query.who, None, &now).await?;
        let today_items = items(&mut conn, query.who, Some(&now), &end_of_today).await?;
        let upcoming = items(&mut conn, query.who, Some(&end_of_today), &end).await?;
        Ok(Agenda { overdue, today: today_items, upcoming, group_limit: GROUP_LIMIT })
    }
}

/// The agenda items due in [from, until), activities and call-backs merged in due order.
async fn items(
    conn: &mut SqliteConnection,
    who: AgendaFor,
    from: Option<&str>,
    until: &str,
) -> Result<Vec<AgendaItem>> {
    // The soonest due first, each kind of assignee an ordered walk of its own index (an OR of
    // the two would read every match and sort them), then the rows for those ids.
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new("WITH pick(id) AS (");
    let assignees: &[Option<StaffId>] = match who {
        AgendaFor::Staff(staff) => &[Some(staff), None],
        AgendaFor::Anyone => &[None],
    };
    for (i, assignee) in assignees.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT id FROM (SELECT a.id FROM activities a WHERE a.status = 'planned' AND a.due_at < ");
        sql.push_bind(until.to_owned());
        if let Some(from) = from {
            sql.push(" AND a.due_at >= ").push_bind(from.to_owned());
        }
        match (who, assignee) {
            (AgendaFor::Staff(_), Some(staff)) => {
                sql.push(" AND a.assignee_id = ").push_bind(*staff);
            }
            (AgendaFor::Staff(_), None) => {
                sql.push(" AND a.assignee_id IS NULL");
            }
            (AgendaFor::Anyone, _) => {}
        }
        sql.push(" ORDER BY a.due_at, a.id LIMIT ").push_bind(i64::from(GROUP_LIMIT)).push(")");
    }
    sql.push(") ")
        .push(select_activities!())
        .push(" WHERE a.id IN (SELECT id FROM pick) ORDER BY a.due_at, a.id LIMIT ");
    sql.push_bind(i64::from(GROUP_LIMIT));
    let mut all: Vec<AgendaItem> = Vec::new();
    for row in sql.build().fetch_all(&mut *conn).await? {
        all.push(AgendaItem::Activity(from_row(&row)?));
    }
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT n.id, n.organization_id, n.person_id,
            coalesce(o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))) AS about_name,
            n.body, n.callback_at, coalesce(s.name, n.author) AS author
         FROM notes n LEFT JOIN organizations o ON o.id = n.organization_id
            LEFT JOIN people p ON p.id = n.person_id LEFT JOIN staff s ON s.id = n.author_id
         WHERE n.callback_at IS NOT NULL AND n.callback_done_at IS NULL AND n.callback_at < ",
    );
    sql.push_bind(until);
    if let Some(from) = from {
        sql.push(" AND n.callback_at >= ").push_bind(from);
    }
    if let AgendaFor::Staff(staff) = who {
        sql.push(" AND n.author_id = ").push_bind(staff);
    }
    sql.push(" ORDER BY n.callback_at, n.id LIMIT ").push_bind(i64::from(GROUP_LIMIT));
    for row in sql.build().fetch_all(&mut *conn).await? {
        let about = match (row.try_get("organization_id")?, row.try_get("person_id")?) {
            (Some(o), _) => NoteSubject::Organization(o),
            (None, Some(p)) => NoteSubject::Person(p),
            (None, None) => continue,
        };
        all.push(AgendaItem::Callback {
            note_id: row.try_get("id")?,
            about,
            about_name: row.try_get("about_name")?,
            body: stream::shorten(&row.try_get::<String, _>("body")?, 200),
            due_at: row.try_get("callback_at")?,
            author: row.try_get("author")?,
        });
    }
    // Activities and call-backs together: the soonest GROUP_LIMIT of both.
    all.sort_by(|a, b| due(a).cmp(due(b)));
    all.truncate(GROUP_LIMIT as usize);
    Ok(all)
}

fn due(item: &AgendaItem) -> &str {
    match item {
        AgendaItem::Activity(a) => &a.due_at,
        AgendaItem::Callback { due_at, .. } => due_at,
    }
}

fn columns(about: NoteSubject) -> (Option<crate::OrganizationId>, Option<crate::PersonId>) {
    match about {
        NoteSubject::Organization(id) => (Some(id), None),
        NoteSubject::Person(id) => (None, Some(id)),
    }
}

fn validated(input: ActivityInput) -> Result<(ActivityInput, String)> {
    let subject = input.subject.trim().to_owned();
    if subject.is_empty() {
        return Err(Error::invalid("subject", msg("Enter a subject.", &[])));
    }
    if subject.chars().count() > 500 {
        return Err(Error::invalid("subject", msg("At most {max} characters.", &[("max", "500")])));
    }
    if input.type_id.is_none() {
        return Err(Error::invalid("type_id", msg("Choose a type.", &[])));
    }
    let due_at = local_minute(input.due_at.trim()).ok_or_else(|| {
        Error::invalid(
            "due_at",
            msg("“{value}” is not a date and time (YYYY-MM-DD HH:MM).", &[("value", input.due_at.trim())]),
        )
    })?;
    Ok((ActivityInput { subject, ..input }, due_at))
}

async fn checked_refs(conn: &mut SqliteConnection, input: &ActivityInput) -> Result<()> {
    if let Some(type_id) = input.type_id {
        choices::check(conn, ChoiceList::ActivityType, type_id, "type_id").await?;
    }
    if let Some(assignee) = input.assignee_id {
        let m = crate::staff::fetch(conn, assignee)
            .await
            .map_err(|_| Error::invalid("assignee_id", msg("Choose a staff member from the list.", &[])))?;
        if !m.active {
            return Err(Error::invalid("assignee_id", msg("{name} is inactive.", &[("name", &m.name)])));
        }
    }
    Ok(())
}

async fn fetch(conn: &mut SqliteConnection, id: ActivityId) -> Result<Activity> {
    // i18n: not for people (SQL)
    let row = sqlx::query(concat!(select_activities!(), "WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "activity" })?;
    from_row(&row)
}

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<Activity> {
    let about = match (row.try_get("organization_id")?, row.try_get("person_id")?) {
        (Some(o), None) => NoteSubject::Organization(o),
        (None, Some(p)) => NoteSubject::Person(p),
        _ => return Err(Error::Db(sqlx::Error::Protocol("an activity without exactly one subject".into()))),
    };
    Ok(Activity {
        id: row.try_get("id")?,
        about,
        about_name: row.try_get("about_name")?,
        type_id: row.try_get("type_id")?,
        type_name: row.try_get("type_name")?,
        subject: row.try_get("subject")?,
        due_at: row.try_get("due_at")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee: row.try_get("assignee")?,
        status: ActivityStatus::parse(&row.try_get::<String, _>("status")?)?,
        outcome: row.try_get("outcome")?,
        created_by: row.try_get("created_by")?,
        closed_at: row.try_get("closed_at")?,
    })
}
