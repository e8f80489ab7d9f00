//! Service level agreements (issue "Service contracts, SLAs and a ticket desk"): defined by an
//! admin — a name, business hours in a time zone with holidays ([`crate::service::hours`]), and
//! first-response and resolution targets per ticket priority. An organization has one (its sites
//! work under their parent's unless they have their own); a person's overrides it. A ticket logged
//! under an SLA gets its due times computed in business hours; closing it records whether the SLA
//! was met.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::service::hours::{Hours, Schedule};
use crate::staff::Actor;
use crate::{Error, OrganizationId, PersonId, Result, SlaId};

/// A ticket's priority.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Self::Urgent, Self::High, Self::Normal, Self::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    /// As a ticket's history words it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Normal => "Normal",
            Self::High => "High",
            Self::Urgent => "Urgent",
        }
    }

    /// As the app's language words it ("Low", "Niedrig").
    pub(crate) fn word(self) -> String {
        match self {
            Self::Low => msg("Low", &[]),
            // The same word in English and German.
            Self::Normal => "Normal".to_owned(),
            Self::High => msg("High", &[]),
            Self::Urgent => msg("Urgent", &[]),
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "low" => Self::Low,
            "high" => Self::High,
            "urgent" => Self::Urgent,
            _ => Self::Normal,
        }
    }
}

/// The targets for one priority, in business minutes (None: no target).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlaTarget {
    pub priority: Priority,
    #[ts(type = "number | null")]
    pub response_minutes: Option<i64>,
    #[ts(type = "number | null")]
    pub resolution_minutes: Option<i64>,
}

/// An SLA as shown and edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sla {
    pub id: SlaId,
    pub name: String,
    pub schedule: Schedule,
    pub targets: Vec<SlaTarget>,
    pub archived_at: Option<String>,
}

/// What the SLA form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlaInput {
    pub name: String,
    pub schedule: Schedule,
    pub targets: Vec<SlaTarget>,
}

/// The SLA of an organization as its page shows it: its own (if set), and the one its tickets
/// are logged under (its own, or its parent's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SlaAssignment {
    pub own: Option<SlaId>,
    pub effective: Option<String>,
    /// The organization whose SLA applies, when it is not this one.
    pub inherited_from: Option<String>,
}

/// A ticket's SLA and due times (instants, "YYYY-MM-DDTHH:MM:SS.000Z").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DueTimes {
    pub sla: SlaId,
    pub response: Option<String>,
    pub resolution: Option<String>,
}

/// The time zone of this computer, as the default of a new SLA ("UTC" when unknown).
pub fn local_time_zone() -> String {
    jiff::tz::TimeZone::try_system()
        .ok()
        .and_then(|tz| tz.iana_name().map(str::to_owned))
        .unwrap_or_else(|| "UTC".into())
}

/// An instant as stored ("2026-11-30T13:35:00.000Z").
pub(crate) fn instant_text(seconds: i64) -> Result<String> {
    let at = Timestamp::from_second(seconds)
        .map_err(|_| Error::invalid("time", msg("A due time is out of range.", &[])))?;
    Ok(at.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string())
}

/// An instant as stored, in Unix seconds.
pub(crate) fn instant_seconds(text: &str) -> Result<i64> {
    text.parse::<Timestamp>()
        .map(Timestamp::as_second)
        .map_err(|_| Error::invalid("time", msg("“{text}” is not an instant.", &[("text", text)])))
}

type SlaRow = (SlaId, String, String, String, String, String, Option<String>);

fn sla_from_row((id, name, time_zone, hours, holidays, targets, archived_at): SlaRow) -> Result<Sla> {
    let damaged = |what: String| {
        let values = [("name", name.as_str()), ("what", what.as_str())];
        Error::invalid("sla", msg("The SLA “{name}” has damaged {what}.", &values))
    };
    Ok(Sla {
        id,
        schedule: Schedule {
            time_zone,
            windows: serde_json::from_str(&hours).map_err(|_| damaged(msg("business hours", &[])))?,
            holidays: serde_json::from_str(&holidays).map_err(|_| damaged(msg("holidays", &[])))?,
        },
        targets: serde_json::from_str(&targets).map_err(|_| damaged(msg("targets", &[])))?,
        name,
        archived_at,
    })
}

const SELECT: &str = "SELECT id, name, time_zone, hours, holidays, targets, archived_at FROM slas ";

/// An SLA by id (archived ones too: their tickets keep them).
pub(crate) async fn fetch_for(conn: &mut SqliteConnection, id: SlaId) -> Result<Sla> {
    fetch(conn, id).await
}

async fn fetch(conn: &mut SqliteConnection, id: SlaId) -> Result<Sla> {
    let row: SlaRow = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE id = ?")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "SLA" })?;
    sla_from_row(row)
}

/// The SLA a ticket of `organization` requested by `person` works under: the person's, else the
/// organization's, else the nearest parent's that has one (archived SLAs do not count).
pub(crate) async fn effective(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    person: Option<PersonId>,
) -> Result<Option<Sla>> {
    let id: Option<SlaId> = sqlx::query_scalar(
        "WITH RECURSIVE up (id, parent_id, sla_id, depth) AS (
             SELECT id, parent_id, sla_id, 1 FROM organizations WHERE id = ?1
             UNION ALL SELECT o.id, o.parent_id, o.sla_id, up.depth + 1 FROM organizations o
             JOIN up ON o.id = up.parent_id WHERE up.depth < 32),
         candidates (sla_id, depth) AS (
             SELECT sla_id, 0 FROM people WHERE id = ?2 AND sla_id IS NOT NULL
             UNION ALL SELECT sla_id, depth FROM up WHERE sla_id IS NOT NULL)
         SELECT c.sla_id FROM candidates c JOIN slas s ON s.id = c.sla_id AND s.archived_at IS NULL
         ORDER BY c.depth LIMIT 1",
    )
    .bind(organization)
    .bind(person)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => Ok(Some(fetch(conn, id).await?)),
        None => Ok(None),
    }
}

/// The due times of a ticket opened at `opened_at` with `priority` under `sla`.
pub(crate) fn due_times(sla: &Sla, priority: Priority, opened_at: &str) -> Result<DueTimes> {
    let hours = Hours::new(&sla.schedule)?;
    let start = instant_seconds(opened_at)?;
    let target = sla.targets.iter().find(|t| t.priority == priority);
    let due = |minutes: Option<i64>| -> Result<Option<String>> {
        minutes.map(|m| hours.due(start, m).and_then(instant_text)).transpose()
    };
    Ok(DueTimes {
        sla: sla.id,
        response: due(target.and_then(|t| t.response_minutes))?,
        resolution: due(target.and_then(|t| t.resolution_minutes))?,
    })
}

/// Checks an SLA's input: a name not used by another, workable hours, targets of positive
/// minutes with the resolution no sooner than the response.
async fn validated(conn: &mut SqliteConnection, input: SlaInput, id: Option<SlaId>) -> Result<SlaInput> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid("name", msg("Enter the SLA's name.", &[])));
    }
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM slas WHERE lower(name) = lower(?) AND id IS NOT ? AND archived_at IS NULL",
    )
    .bind(&name)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Err(Error::invalid(
            "name",
            msg("There is already an SLA called “{name}”.", &[("name", &name)]),
        ));
    }
    let mut schedule = input.schedule;
    schedule.time_zone = schedule.time_zone.trim().to_owned();
    let hours = Hours::new(&schedule)?;
    // Hours that never add up to a single minute of business time over the next three years.
    let now = Timestamp::now().as_second();
    if hours.due(now, 1).is_err() {
        return Err(Error::invalid(
            "holidays",
            msg(
                "The holidays cover every working day of the next three years: no {ticket} could ever be due.",
                &[],
            ),
        ));
    }
    let mut targets: Vec<SlaTarget> = Vec::new();
    for t in input.targets {
        let positive = |m: Option<i64>| m.is_none_or(|m| (1..=525_600).contains(&m));
        if !positive(t.response_minutes) || !positive(t.resolution_minutes) {
            return Err(Error::invalid(
                "targets",
                msg("A target is between 1 minute and a year of business time.", &[]),
            ));
        }
        if let (Some(response), Some(resolution)) = (t.response_minutes, t.resolution_minutes)
            && resolution < response
        {
            return Err(Error::invalid(
                "targets",
                msg(
                    "The {priority} resolution target is sooner than its first response.",
                    &[("priority", &t.priority.word().to_lowercase())],
                ),
            ));
        }
        if targets.iter().any(|x| x.priority == t.priority) {
            return Err(Error::invalid(
                "targets",
                msg(
                    "Two targets for {priority} priority.",
                    &[("priority", &t.priority.word().to_lowercase())],
                ),
            ));
        }
        // Hours this sparse never add up to it (every ticket at that priority would fail).
        for minutes in [t.response_minutes, t.resolution_minutes].into_iter().flatten() {
            if hours.due(now, minutes).is_err() {
                return Err(Error::invalid(
                    "targets",
                    msg(
                        "The {priority} target is more business time than these hours give in three years.",
                        &[("priority", &t.priority.word().to_lowercase())],
                    ),
                ));
            }
        }
        if t.response_minutes.is_some() || t.resolution_minutes.is_some() {
            targets.push(t);
        }
    }
    targets.sort_by_key(|t| std::cmp::Reverse(t.priority));
    schedule.holidays.sort();
    schedule.holidays.dedup();
    Ok(SlaInput { name, schedule, targets })
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// The SLAs service.
pub struct Slas<'a> {
    db: &'a Db,
}

impl<'a> Slas<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Every SLA by name (archived ones on request).
    pub async fn list(&self, include_archived: bool) -> Result<Vec<Sla>> {
        let rows: Vec<SlaRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE ? OR archived_at IS NULL ORDER BY archived_at IS NOT NULL, name COLLATE NOCASE"
        )))
        .bind(include_archived)
        .fetch_all(self.db.reader())
        .await?;
        rows.into_iter().map(sla_from_row).collect()
    }

    pub async fn get(&self, id: SlaId) -> Result<Sla> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Defines an SLA (admins only).
    pub async fn create(&self, input: SlaInput, by: &Actor) -> Result<Sla> {
        by.require_admin(&msg("define SLAs", &[]))?;
        let id = SlaId::new();
        let mut tx = self.db.begin_write().await?;
        let input = validated(&mut tx, input, None).await?;
        sqlx::query(
            "INSERT INTO slas (id, name, time_zone, hours, holidays, targets, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&input.name)
        .bind(&input.schedule.time_zone)
        .bind(json(&input.schedule.windows))
        .bind(json(&input.schedule.holidays))
        .bind(json(&input.targets))
        .execute(&mut *tx)
        .await?;
        let sla = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(sla)
    }

    /// Changes an SLA (admins only). Tickets already logged keep their due times.
    pub async fn update(&self, id: SlaId, input: SlaInput, by: &Actor) -> Result<Sla> {
        by.require_admin(&msg("change SLAs", &[]))?;
        let mut tx = self.db.begin_write().await?;
        let input = validated(&mut tx, input, Some(id)).await?;
        let done = sqlx::query(
            "UPDATE slas SET name = ?, time_zone = ?, hours = ?, holidays = ?, targets = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(&input.name)
        .bind(&input.schedule.time_zone)
        .bind(json(&input.schedule.windows))
        .bind(json(&input.schedule.holidays))
        .bind(json(&input.targets))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "SLA" });
        }
        let sla = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(sla)
    }

    /// Archives an SLA (admins only): no new ticket is logged under it; its tickets keep it.
    pub async fn set_archived(&self, id: SlaId, archived: bool, by: &Actor) -> Result<Sla> {
        by.require_admin(&msg("archive SLAs", &[]))?;
        let mut tx = self.db.begin_write().await?;
        if !archived {
            let taken: Option<String> = sqlx::query_scalar(
                "SELECT o.name FROM slas s JOIN slas o ON lower(o.name) = lower(s.name) AND o.id <> s.id
                 WHERE s.id = ? AND o.archived_at IS NULL",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(name) = taken {
                return Err(Error::invalid(
                    "name",
                    msg("There is already an SLA called “{name}”: rename one first.", &[("name", &name)]),
                ));
            }
        }
        sqlx::query(
            "UPDATE slas SET archived_at = CASE WHEN ?1 THEN coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?2",
        )
        .bind(archived)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let sla = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(sla)
    }

    /// Sets an organization's SLA (None: it works under its parent's, or none).
    pub async fn assign_to_organization(
        &self,
        organization: OrganizationId,
        sla: Option<SlaId>,
    ) -> Result<()> {
        self.assign("organizations", organization.uuid(), sla).await
    }

    /// Sets a person's own SLA (None: their organization's).
    pub async fn assign_to_person(&self, person: PersonId, sla: Option<SlaId>) -> Result<()> {
        self.assign("people", person.uuid(), sla).await
    }

    async fn assign(&self, table: &'static str, id: uuid::Uuid, sla: Option<SlaId>) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        if let Some(sla) = sla {
            let live: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM slas WHERE id = ? AND archived_at IS NULL")
                    .bind(sla)
                    .fetch_optional(&mut *tx)
                    .await?;
            if live.is_none() {
                return Err(Error::invalid("sla_id", msg("That SLA no longer exists or is archived.", &[])));
            }
        }
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET sla_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"
        )))
        .bind(sla)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound {
                entity: if table == "people" { "person" } else { "organization" },
            });
        }
        tx.commit().await?;
        Ok(())
    }

    /// An organization's own SLA and the one that applies to it.
    pub async fn of_organization(&self, organization: OrganizationId) -> Result<SlaAssignment> {
        let mut conn = self.db.reader().acquire().await?;
        let own: Option<Option<SlaId>> = sqlx::query_scalar("SELECT sla_id FROM organizations WHERE id = ?")
            .bind(organization)
            .fetch_optional(&mut *conn)
            .await?;
        let own = own.ok_or(Error::NotFound { entity: "organization" })?;
        let from: Option<(String, String, i64)> = sqlx::query_as(
            "WITH RECURSIVE up (id, parent_id, sla_id, name, depth) AS (
                 SELECT id, parent_id, sla_id, name, 0 FROM organizations WHERE id = ?
                 UNION ALL SELECT o.id, o.parent_id, o.sla_id, o.name, up.depth + 1 FROM organizations o
                 JOIN up ON o.id = up.parent_id WHERE up.depth < 32)
             SELECT s.name, up.name, up.depth FROM up JOIN slas s ON s.id = up.sla_id AND s.archived_at IS NULL
             ORDER BY up.depth LIMIT 1",
        )
        .bind(organization)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(SlaAssignment {
            own,
            inherited_from: from.as_ref().filter(|(_, _, depth)| *depth > 0).map(|(_, org, _)| org.clone()),
            effective: from.map(|(sla, _, _)| sla),
        })
    }

    /// A person's own SLA and the one their tickets are logged under (theirs, or their
    /// organization's).
    pub async fn of_person(&self, person: PersonId) -> Result<SlaAssignment> {
        let mut conn = self.db.reader().acquire().await?;
        let row: Option<(Option<SlaId>, Option<OrganizationId>)> =
            sqlx::query_as("SELECT sla_id, organization_id FROM people WHERE id = ?")
                .bind(person)
                .fetch_optional(&mut *conn)
                .await?;
        let (own, organization) = row.ok_or(Error::NotFound { entity: "person" })?;
        let own_live: Option<String> = match own {
            Some(id) => {
                sqlx::query_scalar("SELECT name FROM slas WHERE id = ? AND archived_at IS NULL")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => None,
        };
        if let Some(name) = own_live {
            return Ok(SlaAssignment { own, effective: Some(name), inherited_from: None });
        }
        drop(conn);
        let from_org = match organization {
            Some(org) => self.of_organization(org).await?,
            None => SlaAssignment { own: None, effective: None, inherited_from: None },
        };
        let org_name: Option<String> = match organization {
            Some(org) => {
                sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?")
                    .bind(org)
                    .fetch_optional(self.db.reader())
                    .await?
            }
            None => None,
        };
        Ok(SlaAssignment {
            own,
            inherited_from: from_org.effective.as_ref().and(from_org.inherited_from.or(org_name)),
            effective: from_org.effective,
        })
    }

    /// The SLA tickets of `organization` (requested by `person`) are logged under, if any.
    pub async fn effective(
        &self,
        organization: OrganizationId,
        person: Option<PersonId>,
    ) -> Result<Option<Sla>> {
        let mut conn = self.db.reader().acquire().await?;
        effective(&mut conn, organization, person).await
    }
}
