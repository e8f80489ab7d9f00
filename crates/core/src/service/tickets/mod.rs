//! Tickets on an organization (requested by one of its people) and the time spent on them:
//! billable time at a rate (the organization's, else the settings'), unbilled until an invoice
//! takes it. Logging a ticket shows the organization's news; closing one its closure news.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::billing;
use crate::custom_fields::{self, CustomRecord, CustomValue};
use crate::db::Db;
use crate::messages::msg;
use crate::service::slas::{self, Priority};
use crate::service::{prepaid, thread};
use crate::text::clean;
use crate::{Error, OrganizationId, PersonId, Result, StaffId, SystemId, TicketId, TimeEntryId};

/// Where a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Open,
    Waiting,
    Closed,
}

impl TicketStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Waiting => "waiting",
            Self::Closed => "closed",
        }
    }

    /// As the history words it.
    fn label(self) -> String {
        match self {
            Self::Open => msg("Open", &[]),
            Self::Waiting => msg("Waiting", &[]),
            Self::Closed => msg("Closed", &[]),
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "waiting" => Self::Waiting,
            "closed" => Self::Closed,
            _ => Self::Open,
        }
    }
}

/// A ticket as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Ticket {
    pub id: TicketId,
    #[ts(type = "number")]
    pub number: i64,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub requester_id: Option<PersonId>,
    pub requester_name: Option<String>,
    pub subject: String,
    pub description: Option<String>,
    pub status: TicketStatus,
    pub opened_at: String,
    pub closed_at: Option<String>,
    /// What logging it warned about (an expired contract, …).
    pub alerts: Vec<String>,
    pub priority: Priority,
    /// The SLA it was logged under, and its due times then computed in business hours.
    pub sla_name: Option<String>,
    pub response_due_at: Option<String>,
    pub resolution_due_at: Option<String>,
    pub first_response_at: Option<String>,
    /// Recorded at closing: "met" or "breached".
    pub sla_result: Option<String>,
    pub assignee_id: Option<StaffId>,
    pub assignee_name: Option<String>,
    /// The system it is about.
    pub system_id: Option<SystemId>,
    pub system_name: Option<String>,
    /// The requester's details on this ticket (copied from the person when chosen).
    pub requester_department: Option<String>,
    pub requester_location: Option<String>,
    pub requester_phone: Option<String>,
    pub requester_email: Option<String>,
    /// Minutes logged, billable or not.
    #[ts(type = "number")]
    pub minutes: i64,
    /// Billable minutes not yet on an invoice.
    #[ts(type = "number")]
    pub unbilled_minutes: i64,
}

/// What the ticket form sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TicketInput {
    pub organization_id: Option<OrganizationId>,
    pub requester_id: Option<PersonId>,
    pub subject: String,
    pub description: Option<String>,
    pub priority: Priority,
    /// The system it is about (at the organization or one of its sites).
    pub system_id: Option<SystemId>,
    /// The requester's details as the form shows them (filled in from the person, editable);
    /// when none is given they are copied from the person.
    pub requester_department: Option<String>,
    pub requester_location: Option<String>,
    pub requester_phone: Option<String>,
    pub requester_email: Option<String>,
    /// Custom field values as the form sends them, every ticket field it shows ("" clears one;
    /// a required one sent blank is refused); `None` leaves them as they are.
    pub custom: Option<Vec<CustomValue>>,
}

/// A ticket as its edit form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TicketEdit {
    /// Another organization to move it to (None: it stays); refused once its time is billed.
    pub organization_id: Option<OrganizationId>,
    pub subject: String,
    pub description: Option<String>,
    pub requester_id: Option<PersonId>,
    pub priority: Priority,
    pub assignee_id: Option<StaffId>,
    pub system_id: Option<SystemId>,
    /// The requester's details as the ticket keeps them (the form fills them in from the person
    /// it is given).
    pub requester_department: Option<String>,
    pub requester_location: Option<String>,
    pub requester_phone: Option<String>,
    pub requester_email: Option<String>,
    /// Custom field values as the form sends them, every ticket field it shows ("" clears one;
    /// a required one sent blank is refused); `None` leaves them as they are.
    pub custom: Option<Vec<CustomValue>>,
}

/// A new or closed ticket, with the organization's news to show (if it has any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketWithNews {
    pub ticket: Ticket,
    pub news: Option<String>,
    /// Warnings to show as it is logged (kept on the ticket too).
    pub alerts: Vec<String>,
}

/// Time spent on a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TimeEntry {
    pub id: TimeEntryId,
    pub ticket_id: TicketId,
    pub work_date: String,
    #[ts(type = "number")]
    pub minutes: i64,
    pub description: Option<String>,
    pub billable: bool,
    /// Per hour, minor units.
    #[ts(type = "number")]
    pub rate: i64,
    /// The amount at that rate, minor units.
    #[ts(type = "number")]
    pub amount: i64,
    /// The invoice that billed it.
    pub invoice_number: Option<String>,
}

/// What the time form sends. `rate` empty = the organization's rate, else the settings'.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TimeEntryInput {
    pub work_date: String,
    #[ts(type = "number")]
    pub minutes: i64,
    pub description: Option<String>,
    pub billable: bool,
    #[ts(type = "number | null")]
    pub rate: Option<i64>,
}

/// Unbilled billable time of one organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Unbilled {
    #[ts(type = "number")]
    pub minutes: i64,
    /// Of `minutes`, those prepaid hours will pay (the amount is the rest's).
    #[ts(type = "number")]
    pub prepaid_minutes: i64,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub entries: i64,
    /// The earliest work date of it.
    pub since: Option<String>,
}

macro_rules! select_tickets {
    ($rest:literal) => {
        concat!(
            "SELECT t.id, t.number, t.organization_id, o.name AS organization_name, t.requester_id,
                nullif(trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '') AS requester_name,
                t.subject, t.description, t.status, t.opened_at, t.closed_at, t.alerts, t.priority,
                (SELECT name FROM slas WHERE id = t.sla_id) AS sla_name, t.response_due_at, t.resolution_due_at,
                t.first_response_at, t.sla_result, t.assignee_id, (SELECT name FROM staff WHERE id = t.assignee_id) AS assignee_name,
                t.requester_department, t.requester_location, t.requester_phone, t.requester_email,
                t.system_id, (SELECT name FROM systems WHERE id = t.system_id) AS system_name,
                (SELECT coalesce(sum(minutes), 0) FROM time_entries e WHERE e.ticket_id = t.id) AS minutes,
                (SELECT coalesce(sum(minutes), 0) FROM time_entries e
                    WHERE e.ticket_id = t.id AND e.billable = 1 AND e.invoice_id IS NULL) AS unbilled_minutes
             FROM tickets t JOIN organizations o ON o.id = t.organization_id
             LEFT JOIN people p ON p.id = t.requester_id ",
            $rest
        )
    };
}

fn ticket_from_row(row: &SqliteRow) -> Result<Ticket> {
    Ok(Ticket {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        requester_id: row.try_get("requester_id")?,
        requester_name: row.try_get("requester_name")?,
        subject: row.try_get("subject")?,
        description: row.try_get("description")?,
        status: TicketStatus::parse(&row.try_get::<String, _>("status")?),
        opened_at: row.try_get("opened_at")?,
        closed_at: row.try_get("closed_at")?,
        alerts: row
            .try_get::<Option<String>, _>("alerts")?
            .map(|a| a.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        priority: Priority::parse(&row.try_get::<String, _>("priority")?),
        sla_name: row.try_get("sla_name")?,
        response_due_at: row.try_get("response_due_at")?,
        resolution_due_at: row.try_get("resolution_due_at")?,
        first_response_at: row.try_get("first_response_at")?,
        sla_result: row.try_get("sla_result")?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        system_id: row.try_get("system_id")?,
        system_name: row.try_get("system_name")?,
        requester_department: row.try_get("requester_department")?,
        requester_location: row.try_get("requester_location")?,
        requester_phone: row.try_get("requester_phone")?,
        requester_email: row.try_get("requester_email")?,
        minutes: row.try_get("minutes")?,
        unbilled_minutes: row.try_get("unbilled_minutes")?,
    })
}

mod desk;

pub use desk::{DESK_COUNT_CAP, StatusFilter, TextSearch, TicketQuery, desk_sql_for_shell};

/// The tickets service.
pub struct Tickets<'a> {
    db: &'a Db,
}

impl<'a> Tickets<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// An organization's tickets, open ones first, newest first.
    pub async fn list(&self, organization: OrganizationId) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(select_tickets!(
            "WHERE t.organization_id = ? ORDER BY t.status = 'closed', t.number DESC LIMIT 1000"
        ))
        .bind(organization)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// Changes a ticket's subject, description, requester, priority and assignee. A new priority
    /// under its SLA moves its due times (from when it was logged).
    pub async fn update(&self, id: TicketId, edit: TicketEdit) -> Result<Ticket> {
        let subject = edit.subject.trim().to_owned();
        if subject.is_empty() {
            return Err(Error::invalid("subject", msg("Enter a subject.", &[])));
        }
        let mut tx = self.db.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        let organization = edit.organization_id.unwrap_or(before.organization_id);
        let moved = organization != before.organization_id;
        if moved {
            check_move(&mut tx, &before, organization).await?;
        }
        if let Some(person) = edit.requester_id.filter(|p| moved || Some(*p) != before.requester_id) {
            let belongs: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM people WHERE id = ? AND organization_id = ?")
                    .bind(person)
                    .bind(organization)
                    .fetch_optional(&mut *tx)
                    .await?;
            if belongs.is_none() {
                return Err(Error::invalid(
                    "requester_id",
                    msg("The requester must be one of the {organization}'s {people}.", &[]),
                ));
            }
        }
        if let Some(email) = edit.requester_email.as_deref().map(str::trim).filter(|e| !e.is_empty())
            && !crate::text::is_email(email)
        {
            return Err(Error::invalid(
                "requester_email",
                msg("“{email}” is not an email address.", &[("email", email)]),
            ));
        }
        if moved || edit.system_id != before.system_id {
            check_system(&mut tx, organization, edit.system_id).await?;
        }
        // (A member who left stays on the tickets they had; only a new assignee must be active.)
        if let Some(staff) = edit.assignee_id.filter(|s| Some(*s) != before.assignee_id) {
            let active: Option<i64> = sqlx::query_scalar("SELECT 1 FROM staff WHERE id = ? AND active = 1")
                .bind(staff)
                .fetch_optional(&mut *tx)
                .await?;
            if active.is_none() {
                return Err(Error::invalid("assignee_id", msg("Assign it to an active staff member.", &[])));
            }
        }
        sqlx::query(
            "UPDATE tickets SET organization_id = ?, subject = ?, description = ?, requester_id = ?, priority = ?,
                assignee_id = ?, requester_department = ?, requester_location = ?, requester_phone = ?,
                requester_email = ?, system_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(organization)
        .bind(&subject)
        .bind(clean(edit.description))
        .bind(edit.requester_id)
        .bind(edit.priority.as_str())
        .bind(edit.assignee_id)
        .bind(clean(edit.requester_department))
        .bind(clean(edit.requester_location))
        .bind(clean(edit.requester_phone))
        .bind(clean(edit.requester_email))
        .bind(edit.system_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &edit.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Ticket, id.uuid(), values).await?;
        }
        if moved {
            // The new customer's SLA (or none), its due times from when the ticket was logged.
            let sla = slas::effective(&mut tx, organization, edit.requester_id).await?;
            let (response, resolution) = match &sla {
                Some(sla) => match slas::due_times(sla, edit.priority, &before.opened_at) {
                    Ok(due) => (due.response, due.resolution),
                    Err(e) => {
                        log::warn!("tickets: no due times under SLA {}: {e}", sla.id);
                        (None, None)
                    }
                },
                None => (None, None),
            };
            sqlx::query(
                "UPDATE tickets SET sla_id = ?, response_due_at = ?, resolution_due_at = ? WHERE id = ?",
            )
            .bind(sla.as_ref().map(|s| s.id))
            .bind(&response)
            .bind(&resolution)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            record_sla_result(&mut tx, id).await?;
        } else if edit.priority != before.priority {
            let sla_id: Option<crate::SlaId> = sqlx::query_scalar("SELECT sla_id FROM tickets WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if let Some(sla_id) = sla_id {
                let sla = slas::fetch_for(&mut tx, sla_id).await?;
                // An SLA that cannot give due times any more: none, rather than a refused edit.
                let (response, resolution) = match slas::due_times(&sla, edit.priority, &before.opened_at) {
                    Ok(due) => (due.response, due.resolution),
                    Err(e) => {
                        log::warn!("tickets: no due times under SLA {sla_id}: {e}");
                        (None, None)
                    }
                };
                sqlx::query("UPDATE tickets SET response_due_at = ?, resolution_due_at = ? WHERE id = ?")
                    .bind(&response)
                    .bind(&resolution)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                record_sla_result(&mut tx, id).await?;
            }
        }
        let ticket = fetch(&mut tx, id).await?;
        for line in changes(&before, &ticket) {
            thread::change(&mut tx, id, &line).await?;
        }
        if before.assignee_id != ticket.assignee_id {
            let number = ticket.number.to_string();
            let body = match &ticket.assignee_name {
                Some(name) => msg(
                    "Assigned {ticket} #{number} to {name}: {subject}",
                    &[("number", &number), ("name", name), ("subject", &ticket.subject)],
                ),
                None => msg(
                    "Unassigned {ticket} #{number}: {subject}",
                    &[("number", &number), ("subject", &ticket.subject)],
                ),
            };
            ticket_event(&mut tx, &ticket, &body).await?;
        }
        tx.commit().await?;
        Ok(ticket)
    }

    /// A ticket by its number.
    pub async fn by_number(&self, number: i64) -> Result<Ticket> {
        // i18n: not for people (SQL)
        let row = sqlx::query(select_tickets!("WHERE t.number = ?"))
            .bind(number)
            .fetch_optional(self.db.reader())
            .await?
            .ok_or(Error::NotFound { entity: "ticket" })?;
        ticket_from_row(&row)
    }

    pub async fn get(&self, id: TicketId) -> Result<Ticket> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Logs a ticket; returns it with the organization's news, if any.
    pub async fn create(&self, input: TicketInput) -> Result<TicketWithNews> {
        let subject = input.subject.trim().to_owned();
        if subject.is_empty() {
            return Err(Error::invalid("subject", msg("Enter a subject.", &[])));
        }
        let organization = input
            .organization_id
            .ok_or_else(|| Error::invalid("organization_id", msg("Choose the {organization}.", &[])))?;
        if let Some(email) = input.requester_email.as_deref().map(str::trim).filter(|e| !e.is_empty())
            && !crate::text::is_email(email)
        {
            return Err(Error::invalid(
                "requester_email",
                msg("“{email}” is not an email address.", &[("email", email)]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let news: Option<Option<String>> = sqlx::query_scalar("SELECT news FROM organizations WHERE id = ?")
            .bind(organization)
            .fetch_optional(&mut *tx)
            .await?;
        let news = news.ok_or_else(|| {
            Error::invalid("organization_id", msg("The {organization} no longer exists.", &[]))
        })?;
        if let Some(person) = input.requester_id {
            let belongs: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM people WHERE id = ? AND organization_id = ?")
                    .bind(person)
                    .bind(organization)
                    .fetch_optional(&mut *tx)
                    .await?;
            if belongs.is_none() {
                return Err(Error::invalid(
                    "requester_id",
                    msg("The requester must be one of the {organization}'s {people}.", &[]),
                ));
            }
        }
        check_system(&mut tx, organization, input.system_id).await?;
        let alerts =
            crate::service::contracts::alerts(&mut tx, organization, input.requester_id, input.system_id)
                .await?;
        let id = TicketId::new();
        // In a team, tickets numbered on other machines arrive by sync: the counter (local to
        // this machine) first moves past the highest number there is. Two machines offline can
        // still take the same number; the team server renumbers the later one.
        sqlx::query(
            "INSERT INTO counters (name, value) SELECT 'ticket', coalesce(max(number), 0) FROM tickets WHERE true
             ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
        )
        .execute(&mut *tx)
        .await?;
        let number = billing::next_number(&mut tx, "ticket").await?;
        sqlx::query(
            "INSERT INTO tickets (id, number, organization_id, requester_id, subject, description, alerts, priority,
                system_id, status, opened_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(number)
        .bind(organization)
        .bind(input.requester_id)
        .bind(&subject)
        .bind(clean(input.description))
        .bind((!alerts.is_empty()).then(|| alerts.join("\n")))
        .bind(input.priority.as_str())
        .bind(input.system_id)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &input.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Ticket, id.uuid(), values).await?;
        }
        // Under an SLA: its due times, in business hours from the moment it was logged.
        let opened_at: String = sqlx::query_scalar("SELECT opened_at FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let given = [
            &input.requester_department,
            &input.requester_location,
            &input.requester_phone,
            &input.requester_email,
        ];
        if let Some(person) = input.requester_id {
            if given.iter().all(|v| v.is_none()) {
                sqlx::query(
                    "UPDATE tickets SET (requester_department, requester_location, requester_phone, requester_email) =
                        (SELECT department, location, coalesce(phone, mobile), email FROM people WHERE id = ?)
                     WHERE id = ?",
                )
                .bind(person)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE tickets SET requester_department = ?, requester_location = ?, requester_phone = ?,
                        requester_email = ? WHERE id = ?",
                )
                .bind(clean(input.requester_department.clone()))
                .bind(clean(input.requester_location.clone()))
                .bind(clean(input.requester_phone.clone()))
                .bind(clean(input.requester_email.clone()))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let mut alerts = alerts;
        if let Some(sla) = slas::effective(&mut tx, organization, input.requester_id).await? {
            match slas::due_times(&sla, input.priority, &opened_at) {
                Ok(due) => {
                    sqlx::query(
                        "UPDATE tickets SET sla_id = ?, response_due_at = ?, resolution_due_at = ? WHERE id = ?",
                    )
                    .bind(due.sla)
                    .bind(&due.response)
                    .bind(&due.resolution)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                // Hours that cannot give a due time (changed on two machines into something
                // unworkable): the ticket is logged all the same, and says so.
                Err(e) => {
                    log::warn!("tickets: no due times under SLA {}: {e}", sla.id);
                    alerts.push(msg(
                        "No due times: the SLA “{name}” cannot compute them ({error}).",
                        &[("name", &sla.name), ("error", &e.to_string())],
                    ));
                    sqlx::query("UPDATE tickets SET alerts = ? WHERE id = ?")
                        .bind(alerts.join("\n"))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        let ticket = fetch(&mut tx, id).await?;
        let news = with_person_news(&mut tx, news, &ticket, "news").await?;
        let body = msg(
            "Logged {ticket} #{number}: {subject}",
            &[("number", &ticket.number.to_string()), ("subject", &ticket.subject)],
        );
        ticket_event(&mut tx, &ticket, &body).await?;
        tx.commit().await?;
        Ok(TicketWithNews { ticket, news, alerts })
    }

    /// Sets a ticket's status; closing returns the organization's closure news, if any.
    pub async fn set_status(&self, id: TicketId, status: TicketStatus) -> Result<TicketWithNews> {
        let mut tx = self.db.begin_write().await?;
        let before = fetch(&mut tx, id).await?.status;
        let done = sqlx::query(
            "UPDATE tickets SET status = ?1,
                closed_at = CASE WHEN ?1 = 'closed' THEN coalesce(closed_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2",
        )
        .bind(status.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record_sla_result(&mut tx, id).await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "ticket" });
        }
        let ticket = fetch(&mut tx, id).await?;
        let news = if status == TicketStatus::Closed {
            let news = sqlx::query_scalar("SELECT closure_news FROM organizations WHERE id = ?")
                .bind(ticket.organization_id)
                .fetch_one(&mut *tx)
                .await?;
            with_person_news(&mut tx, news, &ticket, "closure_news").await?
        } else {
            None
        };
        if before != status {
            let body = msg("Status: {from} → {to}", &[("from", &before.label()), ("to", &status.label())]);
            thread::change(&mut tx, id, &body).await?;
        }
        if before != status && (status == TicketStatus::Closed || before == TicketStatus::Closed) {
            let number = ticket.number.to_string();
            let values = [("number", number.as_str()), ("subject", ticket.subject.as_str())];
            let body = if status == TicketStatus::Closed {
                msg("Closed {ticket} #{number}: {subject}", &values)
            } else {
                msg("Reopened {ticket} #{number}: {subject}", &values)
            };
            ticket_event(&mut tx, &ticket, &body).await?;
        }
        tx.commit().await?;
        Ok(TicketWithNews { ticket, news, alerts: Vec::new() })
    }

    /// Records the first response to the customer (once; later calls keep the first).
    pub async fn record_response(&self, id: TicketId) -> Result<Ticket> {
        let mut tx = self.db.begin_write().await?;
        if mark_responded(&mut tx, id).await? {
            thread::change(&mut tx, id, &msg("First response to the customer recorded", &[])).await?;
        }
        let ticket = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// The time logged on a ticket, in date order.
    pub async fn time_entries(&self, ticket: TicketId) -> Result<Vec<TimeEntry>> {
        let rows = sqlx::query(
            "SELECT e.id, e.ticket_id, e.work_date, e.minutes, e.description, e.billable, e.rate, i.number
             FROM time_entries e LEFT JOIN invoices i ON i.id = e.invoice_id
             WHERE e.ticket_id = ? ORDER BY e.work_date, e.created_at",
        )
        .bind(ticket)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let (minutes, rate): (i64, i64) = (r.try_get(3)?, r.try_get(6)?);
                Ok(TimeEntry {
                    id: r.try_get(0)?,
                    ticket_id: r.try_get(1)?,
                    work_date: r.try_get(2)?,
                    minutes,
                    description: r.try_get(4)?,
                    billable: r.try_get(5)?,
                    rate,
                    amount: billing::time_amount(minutes, rate)?,
                    invoice_number: r.try_get(7)?,
                })
            })
            .collect()
    }

    /// Logs time on a ticket.
    pub async fn add_time(&self, ticket: TicketId, input: TimeEntryInput) -> Result<TimeEntry> {
        let mut tx = self.db.begin_write().await?;
        let entry = insert_time(&mut tx, ticket, input).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// Deletes a time entry that is not on an invoice.
    pub async fn delete_time(&self, id: TimeEntryId) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let billed: Option<Option<String>> = sqlx::query_scalar(
            "SELECT i.number FROM time_entries e LEFT JOIN invoices i ON i.id = e.invoice_id AND i.void_date IS NULL
             WHERE e.id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        match billed {
            None => return Err(Error::NotFound { entity: "time entry" }),
            Some(Some(number)) => {
                return Err(Error::invalid(
                    "time",
                    msg(
                        "This time is billed on invoice {number}; void the invoice first.",
                        &[("number", &number)],
                    ),
                ));
            }
            Some(None) => {}
        }
        thread::unlink_time(&mut tx, id).await?;
        sqlx::query("DELETE FROM time_entries WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unbilled billable time of an organization's own tickets.
    pub async fn unbilled(&self, organization: OrganizationId) -> Result<Unbilled> {
        let mut conn = self.db.reader().acquire().await?;
        let rows: Vec<(TimeEntryId, Option<PersonId>, String, i64, i64, String)> = sqlx::query_as(
            "SELECT e.id, t.requester_id, e.work_date, e.minutes, e.rate, e.created_at FROM tickets t
             CROSS JOIN time_entries e ON e.ticket_id = t.id
             WHERE t.organization_id = ? AND e.billable = 1 AND e.invoice_id IS NULL",
        )
        .bind(organization)
        .fetch_all(&mut *conn)
        .await?;
        // What prepaid blocks will pay, as the next invoice would draw it.
        let billable: Vec<prepaid::Billable> = rows
            .iter()
            .map(|(entry, requester, work_date, minutes, _, logged_at)| prepaid::Billable {
                entry: *entry,
                organization,
                requester: *requester,
                work_date: work_date.clone(),
                logged_at: logged_at.clone(),
                minutes: *minutes,
            })
            .collect();
        let mut drawn: HashMap<TimeEntryId, i64> = HashMap::new();
        for d in prepaid::allocate(&mut conn, &billable).await? {
            *drawn.entry(d.entry).or_default() += d.minutes;
        }
        let amounts = rows
            .iter()
            .map(|(entry, _, _, m, r, _)| {
                billing::time_amount(m - drawn.get(entry).copied().unwrap_or(0), *r)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Unbilled {
            minutes: rows.iter().map(|r| r.3).sum(),
            prepaid_minutes: drawn.values().sum(),
            amount: billing::sum(amounts)?,
            entries: rows.len() as i64,
            since: rows.iter().map(|r| r.2.clone()).min(),
        })
    }
}

/// The organization's `news` and the requester's own (`column`: news or closure_news) as one
/// text: the person's after the organization's, under their name.
async fn with_person_news(
    conn: &mut SqliteConnection,
    news: Option<String>,
    ticket: &Ticket,
    column: &'static str,
) -> Result<Option<String>> {
    let Some(person) = ticket.requester_id else { return Ok(news) };
    let theirs: Option<String> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT {column} FROM people WHERE id = ?")))
            .bind(person)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    let name = || ticket.requester_name.clone().unwrap_or_else(|| msg("Requester", &[]));
    Ok(match (news, theirs) {
        (news, None) => news,
        (None, Some(theirs)) => Some(format!("{}: {theirs}", name())),
        (Some(news), Some(theirs)) => Some(format!("{news}\n\n{}: {theirs}", name())),
    })
}

/// Whether `ticket` may move to `organization`: it exists, and none of the ticket's time is on an
/// invoice (void the invoice first — the invoice and its statement name the old customer).
async fn check_move(
    conn: &mut SqliteConnection,
    ticket: &Ticket,
    organization: OrganizationId,
) -> Result<()> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
        .bind(organization)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Err(Error::invalid("organization_id", msg("The {organization} no longer exists.", &[])));
    }
    let billed: Option<String> = sqlx::query_scalar(
        "SELECT i.number FROM time_entries e JOIN invoices i ON i.id = e.invoice_id AND i.void_date IS NULL
         WHERE e.ticket_id = ? ORDER BY i.number LIMIT 1",
    )
    .bind(ticket.id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(number) = billed {
        return Err(Error::invalid(
            "organization_id",
            msg(
                "Time on this {ticket} is billed to {name} on invoice {number}; void the invoice first to move the {ticket}.",
                &[("name", &ticket.organization_name), ("number", &number)],
            ),
        ));
    }
    Ok(())
}

/// Refuses a system that is not at `organization` or one of its sites (or its parent's: a site's
/// ticket may be about the company's central server).
async fn check_system(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    system: Option<SystemId>,
) -> Result<()> {
    let Some(system) = system else { return Ok(()) };
    let ok: Option<i64> = sqlx::query_scalar(
        "WITH RECURSIVE up (id, depth) AS (SELECT ?1, 0
             UNION ALL SELECT o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.id
             WHERE o.parent_id IS NOT NULL AND up.depth < 32),
         top (id) AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),
         down (id, depth) AS (SELECT id, 0 FROM top
             UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
             WHERE down.depth < 32)
         SELECT 1 FROM systems s WHERE s.id = ?2 AND s.organization_id IN (SELECT id FROM down)",
    )
    .bind(organization)
    .bind(system)
    .fetch_optional(&mut *conn)
    .await?;
    if ok.is_none() {
        return Err(Error::invalid(
            "system_id",
            msg("The {system} must be one of this customer's (its {sites} included).", &[]),
        ));
    }
    Ok(())
}

/// Whether a closed ticket met its SLA: the first response (or, with none, the closing) by its
/// due time, and the closing by the resolution's. None while it is not closed.
async fn record_sla_result(conn: &mut SqliteConnection, id: TicketId) -> Result<()> {
    sqlx::query(
        "UPDATE tickets SET sla_result = CASE WHEN status <> 'closed' OR sla_id IS NULL THEN NULL
             WHEN (response_due_at IS NULL OR coalesce(first_response_at, closed_at) <= response_due_at)
              AND (resolution_due_at IS NULL OR closed_at <= resolution_due_at) THEN 'met'
             ELSE 'breached' END
         WHERE id = ?",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn fetch(conn: &mut SqliteConnection, id: TicketId) -> Result<Ticket> {
    // i18n: not for people (SQL)
    let row = sqlx::query(select_tickets!("WHERE t.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "ticket" })?;
    ticket_from_row(&row)
}

/// A ticket's entry in its organization's stream (and its requester's).
async fn ticket_event(conn: &mut sqlx::SqliteConnection, ticket: &Ticket, body: &str) -> Result<()> {
    let event = crate::stream::Event {
        organization: Some(ticket.organization_id),
        person: ticket.requester_id,
        kind: crate::stream::StreamKind::Ticket,
        body,
        ref_id: Some(ticket.id.uuid()),
    };
    crate::stream::record(conn, event, None).await?;
    Ok(())
}

/// Logs time on a ticket (checked: a sentence naming the field).
pub(crate) async fn insert_time(
    conn: &mut SqliteConnection,
    ticket: TicketId,
    input: TimeEntryInput,
) -> Result<TimeEntry> {
    let work_date = crate::dates::checked("work_date", &input.work_date)?;
    if !(1..=24 * 60).contains(&input.minutes) {
        return Err(Error::invalid("minutes", msg("Enter between 1 and 1440 minutes.", &[])));
    }
    if let Some(rate) = input.rate {
        billing::check_amount("rate", &msg("The rate", &[]), rate)?;
    }
    let org_rate: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT o.hourly_rate FROM tickets t JOIN organizations o ON o.id = t.organization_id WHERE t.id = ?",
    )
    .bind(ticket)
    .fetch_optional(&mut *conn)
    .await?;
    let org_rate = org_rate.ok_or(Error::NotFound { entity: "ticket" })?;
    let rate = match input.rate.or(org_rate) {
        Some(rate) => rate,
        None => billing::settings(conn).await?.hourly_rate,
    };
    let id = TimeEntryId::new();
    sqlx::query(
        "INSERT INTO time_entries (id, ticket_id, work_date, minutes, description, billable, rate, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(ticket)
    .bind(&work_date)
    .bind(input.minutes)
    .bind(clean(input.description.clone()))
    .bind(input.billable)
    .bind(rate)
    .execute(&mut *conn)
    .await?;
    Ok(TimeEntry {
        id,
        ticket_id: ticket,
        work_date,
        minutes: input.minutes,
        description: clean(input.description),
        billable: input.billable,
        rate,
        amount: billing::time_amount(input.minutes, rate)?,
        invoice_number: None,
    })
}

/// Records the first response to the customer now, unless one is recorded; whether this was it.
pub(crate) async fn mark_responded(conn: &mut SqliteConnection, id: TicketId) -> Result<bool> {
    let exists: Option<bool> =
        sqlx::query_scalar("SELECT first_response_at IS NULL FROM tickets WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match exists {
        None => Err(Error::NotFound { entity: "ticket" }),
        Some(false) => Ok(false),
        Some(true) => {
            sqlx::query(
                "UPDATE tickets SET first_response_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?",
            )
            .bind(id)
            .execute(&mut *conn)
            .await?;
            record_sla_result(conn, id).await?;
            Ok(true)
        }
    }
}

/// What an edit changed, as the ticket's history words it: organization, reassignment, priority,
/// requester, system, subject.
fn changes(before: &Ticket, after: &Ticket) -> Vec<String> {
    let nobody = |name: &Option<String>| name.clone().unwrap_or_else(|| msg("nobody", &[]));
    let mut lines = Vec::new();
    if before.organization_id != after.organization_id {
        lines.push(msg(
            "Moved from {from} to {to}",
            &[("from", &before.organization_name), ("to", &after.organization_name)],
        ));
        if before.sla_name != after.sla_name {
            let none = |name: &Option<String>| name.clone().unwrap_or_else(|| msg("none", &[]));
            lines.push(msg(
                "SLA: {from} → {to}",
                &[("from", &none(&before.sla_name)), ("to", &none(&after.sla_name))],
            ));
        }
    }
    if before.assignee_id != after.assignee_id {
        lines.push(match (&before.assignee_name, &after.assignee_name) {
            (None, Some(to)) => msg("Assigned to {name}", &[("name", to)]),
            (from, to) => {
                msg("Reassigned from {from} to {to}", &[("from", &nobody(from)), ("to", &nobody(to))])
            }
        });
    }
    if before.priority != after.priority {
        lines.push(msg(
            "Priority: {from} → {to}",
            &[("from", &before.priority.word()), ("to", &after.priority.word())],
        ));
    }
    if before.requester_id != after.requester_id {
        lines.push(msg(
            "Requester: {from} → {to}",
            &[("from", &nobody(&before.requester_name)), ("to", &nobody(&after.requester_name))],
        ));
    }
    if before.system_id != after.system_id {
        lines.push(msg(
            "{System}: {from} → {to}",
            &[("from", &nobody(&before.system_name)), ("to", &nobody(&after.system_name))],
        ));
    }
    if before.subject != after.subject {
        lines.push(msg("Subject: “{from}” → “{to}”", &[("from", &before.subject), ("to", &after.subject)]));
    }
    lines
}
