//! The service desk's demo data, added to the organizations a demo set already has: three SLAs
//! (most customers work under one), contracts for about two in five customers (covering their
//! system and a free-text item; some are blocks of prepaid hours), and about `tickets_per_org`
//! tickets per organization over the last three years — most closed long ago, the recent ones
//! open, waiting or closed — each with a priority, requester, assignee, due times, time entries
//! and a thread of two updates on average. Straight through SQL in large transactions, like the
//! rest of the demo.

use std::collections::HashMap;

use serde::Serialize;

use super::{Demo, Rng};
use crate::{ContractId, OrganizationId, PersonId, Result, SlaId, StaffId, SystemId, TicketId};

/// What was added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ServiceCounts {
    pub slas: u64,
    pub contracts: u64,
    pub tickets: u64,
    pub time_entries: u64,
    pub ticket_updates: u64,
}

const SUBJECTS: &[&str] = &[
    "Printer offline",
    "Email bounces",
    "Server backup failed",
    "New starter: laptop and accounts",
    "VPN keeps disconnecting",
    "Replace the UPS battery",
    "Wi-Fi slow in the meeting room",
    "Password reset",
    "Scanner jams",
    "Phone system: no dial tone",
    "Firewall update",
    "Move the reception PC",
    "Shared drive full",
    "Outlook crashes on start",
    "Install accounting software update",
];

const NOTES: &[&str] = &[
    "Checked remotely; needs a visit.",
    "Spoke to the office manager.",
    "Ordered the part, arrives tomorrow.",
    "Restarted the service; watching it.",
    "Fixed and tested with the user.",
];

const CONTRACTS: &[(&str, &str)] = &[
    ("Managed IT", "managed_service"),
    ("Support agreement", "support"),
    ("Hardware warranty", "warranty"),
    ("Prepaid support hours", "prepaid_hours"),
    ("Phone system maintenance", "other"),
];

/// An instant `minutes` after `base` (seconds since the epoch), as the tickets store them.
fn instant(base: i64, minutes: i64) -> String {
    let at = jiff::Timestamp::from_second(base + minutes * 60).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    format!("{}.000Z", at.strftime("%Y-%m-%dT%H:%M:%S"))
}

impl Demo<'_> {
    /// Adds the service desk's demo data to the organizations there are (see the module's
    /// comment); `progress` is called after each batch with the organizations done so far.
    pub async fn service(
        &self,
        tickets_per_org: u64,
        seed: u64,
        mut progress: impl FnMut(u64),
    ) -> Result<ServiceCounts> {
        let mut rng = Rng(seed.wrapping_mul(7919) | 1);
        let staff = self.staff().await?;
        let mut counts = ServiceCounts::default();
        let slas = self.slas(&mut counts).await?;
        let now = jiff::Timestamp::now().as_second();
        let today: String =
            sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(self.db.reader()).await?;
        let orgs: Vec<(OrganizationId, Option<OrganizationId>)> =
            sqlx::query_as("SELECT id, parent_id FROM organizations ORDER BY rowid")
                .fetch_all(self.db.reader())
                .await?;
        let mut number: i64 =
            sqlx::query_scalar("SELECT coalesce((SELECT value FROM counters WHERE name = 'ticket'), 0)")
                .fetch_one(self.db.reader())
                .await?;
        let mut done = 0u64;
        for batch in orgs.chunks(super::BATCH as usize) {
            let mut tx = self.db.begin_write().await?;
            // The batch's people and systems, by organization.
            let mut people: HashMap<OrganizationId, Vec<PersonId>> = HashMap::new();
            let mut systems: HashMap<OrganizationId, Vec<SystemId>> = HashMap::new();
            let (first, last) = (batch[0].0, batch[batch.len() - 1].0);
            let in_batch = "(SELECT id FROM organizations WHERE rowid BETWEEN (SELECT rowid FROM organizations WHERE id = ?1)
                 AND (SELECT rowid FROM organizations WHERE id = ?2))";
            let rows: Vec<(PersonId, OrganizationId)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, organization_id FROM people WHERE organization_id IN {in_batch}"
            )))
            .bind(first)
            .bind(last)
            .fetch_all(&mut *tx)
            .await?;
            for (p, o) in rows {
                people.entry(o).or_default().push(p);
            }
            let rows: Vec<(SystemId, OrganizationId)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, organization_id FROM systems WHERE organization_id IN {in_batch}"
            )))
            .bind(first)
            .bind(last)
            .fetch_all(&mut *tx)
            .await?;
            for (s, o) in rows {
                systems.entry(o).or_default().push(s);
            }

            for &(org, parent) in batch {
                done += 1;
                // The customer's SLA (sites inherit it) and contracts.
                let sla =
                    (parent.is_none() && rng.chance(60)).then(|| slas[rng.below(slas.len() as u64) as usize]);
                if let Some(sla) = sla {
                    sqlx::query("UPDATE organizations SET sla_id = ? WHERE id = ?")
                        .bind(sla)
                        .bind(org)
                        .execute(&mut *tx)
                        .await?;
                }
                if parent.is_none() && rng.chance(40) {
                    for _ in 0..(1 + rng.below(2)) {
                        self.contract(&mut tx, &mut rng, org, systems.get(&org), &today, staff[0].0).await?;
                        counts.contracts += 1;
                    }
                }
                let sla = match (sla, parent) {
                    (Some(s), _) => Some(s),
                    // A site: its parent's (looked up once per site; sites are a minority).
                    (None, Some(p)) => {
                        let id: Option<SlaId> =
                            sqlx::query_scalar("SELECT sla_id FROM organizations WHERE id = ?")
                                .bind(p)
                                .fetch_one(&mut *tx)
                                .await?;
                        id
                    }
                    _ => None,
                };

                for _ in 0..rng.below(tickets_per_org * 2 + 1) {
                    number += 1;
                    let ticket = TicketId::new();
                    // Opened within three years, recent ones more often than not still open.
                    let age_minutes = (rng.below(3 * 365 * 24 * 60) as i64).max(30);
                    let opened = now - age_minutes * 60;
                    let recent = age_minutes < 14 * 24 * 60;
                    let status = match (recent, rng.below(100)) {
                        (true, n) if n < 45 => "open",
                        (true, n) if n < 65 => "waiting",
                        (false, 0) => "open",
                        (false, 1) => "waiting",
                        _ => "closed",
                    };
                    let priority = match rng.below(100) {
                        n if n < 10 => "urgent",
                        n if n < 30 => "high",
                        n if n < 85 => "normal",
                        _ => "low",
                    };
                    let (response, resolution) = match priority {
                        "urgent" => (60, 240),
                        "high" => (240, 1440),
                        "normal" => (480, 4320),
                        _ => (1440, 7200),
                    };
                    let answered = status == "closed" || rng.chance(50);
                    let first_response =
                        answered.then(|| instant(opened, 5 + rng.below(response as u64 * 2) as i64));
                    let closed = (status == "closed").then(|| {
                        instant(opened, (30 + rng.below(resolution as u64 * 2) as i64).min(age_minutes))
                    });
                    let sla_result = (status == "closed" && sla.is_some())
                        .then(|| if rng.chance(88) { "met" } else { "breached" });
                    let requester = people
                        .get(&org)
                        .filter(|_| rng.chance(85))
                        .map(|p| p[rng.below(p.len() as u64) as usize]);
                    let system = systems.get(&org).filter(|_| rng.chance(30)).map(|s| s[0]);
                    let assignee = rng.chance(85).then(|| staff[rng.below(staff.len() as u64) as usize].0);
                    sqlx::query(
                        "INSERT INTO tickets (id, number, organization_id, requester_id, subject, status, opened_at,
                            closed_at, priority, sla_id, response_due_at, resolution_due_at, first_response_at,
                            sla_result, assignee_id, system_id, created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(ticket)
                    .bind(number)
                    .bind(org)
                    .bind(requester)
                    .bind(rng.pick(SUBJECTS))
                    .bind(status)
                    .bind(instant(opened, 0))
                    .bind(&closed)
                    .bind(priority)
                    .bind(sla)
                    .bind(sla.map(|_| instant(opened, response)))
                    .bind(sla.map(|_| instant(opened, resolution)))
                    .bind(&first_response)
                    .bind(sla_result)
                    .bind(assignee)
                    .bind(system)
                    .bind(instant(opened, 0))
                    .bind(closed.clone().unwrap_or_else(|| instant(opened, 0)))
                    .execute(&mut *tx)
                    .await?;
                    counts.tickets += 1;

                    let work_date = instant(opened, 0)[..10].to_owned();
                    for _ in 0..(1 + rng.below(3)) {
                        sqlx::query(
                            "INSERT INTO time_entries (id, ticket_id, work_date, minutes, description, billable, rate,
                                created_at, updated_at)
                             VALUES (?, ?, ?, ?, ?, ?, 9000, ?, ?)",
                        )
                        .bind(crate::TimeEntryId::new())
                        .bind(ticket)
                        .bind(&work_date)
                        .bind(15 * (1 + rng.below(8) as i64))
                        .bind(rng.pick(NOTES))
                        .bind(rng.chance(80))
                        .bind(instant(opened, 60))
                        .bind(instant(opened, 60))
                        .execute(&mut *tx)
                        .await?;
                        counts.time_entries += 1;
                    }
                    for k in 0..rng.below(5) {
                        let (kind, body) = match rng.below(3) {
                            0 => ("note", rng.pick(NOTES).to_owned()),
                            1 => ("reply", "We are on it and will call you back.".to_owned()),
                            _ => (
                                "change",
                                format!(
                                    "Priority: Normal → {}",
                                    crate::service::slas::Priority::parse(priority).label()
                                ),
                            ),
                        };
                        sqlx::query(
                            "INSERT INTO ticket_updates (id, ticket_id, kind, body, author_id, created_at)
                             VALUES (?, ?, ?, ?, ?, ?)",
                        )
                        .bind(crate::TicketUpdateId::new())
                        .bind(ticket)
                        .bind(kind)
                        .bind(body)
                        .bind(staff[rng.below(staff.len() as u64) as usize].0)
                        .bind(instant(opened, 20 * (k as i64 + 1)))
                        .execute(&mut *tx)
                        .await?;
                        counts.ticket_updates += 1;
                    }
                }
            }
            sqlx::query(
                "INSERT INTO counters (name, value) VALUES ('ticket', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = max(value, ?1)",
            )
            .bind(number)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            progress(done);
        }
        Ok(counts)
    }

    /// The demo SLAs, created once (by name).
    async fn slas(&self, counts: &mut ServiceCounts) -> Result<Vec<SlaId>> {
        let office = |open: u16, close: u16, days: u8| -> String {
            let windows: Vec<String> =
                (1..=days).map(|d| format!(r#"{{"weekday":{d},"open":{open},"close":{close}}}"#)).collect();
            format!("[{}]", windows.join(","))
        };
        let targets = |scale: i64| -> String {
            let t: Vec<String> =
                [("urgent", 60, 240), ("high", 240, 1440), ("normal", 480, 4320), ("low", 1440, 7200)]
                    .iter()
                    .map(|(p, r, s)| {
                        format!(
                            r#"{{"priority":"{p}","response_minutes":{},"resolution_minutes":{}}}"#,
                            r * scale,
                            s * scale
                        )
                    })
                    .collect();
            format!("[{}]", t.join(","))
        };
        let defs = [
            ("Standard", office(480, 1020, 5), targets(2)),
            ("Premium 24/7", office(0, 1440, 7), targets(1)),
            ("Basic", office(540, 960, 5), targets(4)),
        ];
        let mut out = Vec::new();
        let mut tx = self.db.begin_write().await?;
        for (name, hours, targets) in defs {
            let existing: Option<SlaId> = sqlx::query_scalar("SELECT id FROM slas WHERE name = ?")
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?;
            let id = match existing {
                Some(id) => id,
                None => {
                    let id = SlaId::new();
                    sqlx::query(
                        "INSERT INTO slas (id, name, time_zone, hours, holidays, targets, created_at, updated_at)
                         VALUES (?, ?, 'Europe/London', ?, '[]', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    )
                    .bind(id)
                    .bind(name)
                    .bind(hours)
                    .bind(targets)
                    .execute(&mut *tx)
                    .await?;
                    counts.slas += 1;
                    id
                }
            };
            out.push(id);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// One contract of `org`, covering its first system and a free-text item.
    async fn contract(
        &self,
        conn: &mut sqlx::SqliteConnection,
        rng: &mut Rng,
        org: OrganizationId,
        systems: Option<&Vec<SystemId>>,
        today: &str,
        by: StaffId,
    ) -> Result<()> {
        let (name, kind) = CONTRACTS[rng.below(CONTRACTS.len() as u64) as usize];
        let starts = crate::dates::add_days(today, -(rng.below(1500) as i64)).unwrap_or_default();
        let ends = crate::dates::add_days(&starts, 364 + 365 * rng.below(3) as i64).unwrap_or_default();
        let renewal = match rng.below(3) {
            0 => "automatic",
            1 => "notice",
            _ => "none",
        };
        let id = ContractId::new();
        sqlx::query(
            "INSERT INTO contracts (id, organization_id, name, kind, starts_on, ends_on, renewal, notice_days, value,
                billing_cycle, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 30, ?, 'monthly', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(org)
        .bind(name)
        .bind(kind)
        .bind(&starts)
        .bind(&ends)
        .bind(renewal)
        .bind(10_000 * (5 + rng.below(100) as i64))
        .bind(by)
        .execute(&mut *conn)
        .await?;
        let items = systems
            .and_then(|s| s.first())
            .map(|s| (Some(*s), None))
            .into_iter()
            .chain([(None, Some("Phones and handsets"))]);
        for (position, (system, description)) in items.enumerate() {
            sqlx::query(
                "INSERT INTO contract_items (id, contract_id, system_id, description, position, created_at)
                 VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(uuid::Uuid::new_v5(&id.uuid(), format!("demo:{position}").as_bytes()))
            .bind(id)
            .bind(system)
            .bind(description)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
        }
        if kind == "prepaid_hours" {
            sqlx::query(
                "INSERT INTO prepaid_top_ups (id, contract_id, minutes, added_on, created_by, created_at)
                 VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(crate::TopUpId::new())
            .bind(id)
            .bind(600 * (1 + rng.below(5) as i64))
            .bind(&starts)
            .bind(by)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}
