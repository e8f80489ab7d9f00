//! Prepaid hours: a contract of kind prepaid hours holds a block of hours — the sum of its
//! top-ups. Billable time on the tickets it covers draws on the block when invoices are compiled
//! (earliest work first), so only the overage is billed; a voided invoice's draws are deleted and
//! the hours return. Until then, unbilled time counts as *pending*: the block shows used (invoiced
//! plus pending) and left, and logging a ticket warns once nothing is left.
//!
//! Which block covers a ticket: the requester's own prepaid contracts first, then the whole
//! organization's — its own, or, for a site with none, the nearest parent's — among those in force
//! on the day the work was done; the one ending first is drawn first. A renewal does not refill a
//! block: topping up is recorded (a negative top-up corrects a mistaken one).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::dates;
use crate::db::Db;
use crate::messages::msg;
use crate::service::contracts::{self, ContractStatus, Renewal};
use crate::staff::Actor;
use crate::text::clean;
use crate::{ContractId, Error, InvoiceId, OrganizationId, PersonId, Result, TimeEntryId, TopUpId};

/// The largest block or top-up: 100,000 hours.
pub(crate) const MAX_MINUTES: i64 = 6_000_000;

/// Where a prepaid block stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Prepaid {
    /// The block: every top-up.
    #[ts(type = "number")]
    pub total_minutes: i64,
    /// Drawn by invoices that are not void.
    #[ts(type = "number")]
    pub invoiced_minutes: i64,
    /// Unbilled billable time the next invoices will draw from it.
    #[ts(type = "number")]
    pub pending_minutes: i64,
    /// What is left after both (negative: overdrawn — two machines of a team invoiced from it at
    /// once, or a top-up was corrected after it was used).
    #[ts(type = "number")]
    pub left_minutes: i64,
}

/// A recorded top-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TopUp {
    pub id: TopUpId,
    #[ts(type = "number")]
    pub minutes: i64,
    pub added_on: String,
    pub note: Option<String>,
    /// The staff member who recorded it.
    pub added_by: Option<String>,
}

/// A top-up as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TopUpInput {
    #[ts(type = "number")]
    pub minutes: i64,
    pub added_on: String,
    pub note: Option<String>,
}

/// A billable time entry to draw for: the ticket's organization and requester, the day and the
/// minutes.
pub(crate) struct Billable {
    pub entry: TimeEntryId,
    pub organization: OrganizationId,
    pub requester: Option<PersonId>,
    pub work_date: String,
    /// When it was logged: same-day work is drawn in the order it was logged.
    pub logged_at: String,
    pub minutes: i64,
}

/// Minutes of one entry paid from one block.
pub(crate) struct Draw {
    pub entry: TimeEntryId,
    pub contract: ContractId,
    pub minutes: i64,
}

/// A prepaid-hours contract that may cover a ticket, with what says when it is in force.
struct Candidate {
    id: ContractId,
    personal: bool,
    starts_on: String,
    ends_on: Option<String>,
    renewal: Renewal,
    notice_days: Option<i64>,
}

/// The prepaid blocks that may cover a ticket of `organization` asked for by `requester`: the
/// requester's own, and the whole organization's (its own, else the nearest parent's that has).
async fn candidates(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    requester: Option<PersonId>,
) -> Result<Vec<Candidate>> {
    let rows = sqlx::query(
        "WITH RECURSIVE up (id, parent_id, depth) AS (
             SELECT id, parent_id, 0 FROM organizations WHERE id = ?1
             UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id
             WHERE up.depth < 32),
         holder AS (SELECT up.id FROM up
             WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.organization_id = up.id AND c.kind = 'prepaid_hours'
                           AND c.person_id IS NULL AND c.archived_at IS NULL)
             ORDER BY up.depth LIMIT 1)
         SELECT c.id, c.person_id IS NOT NULL AS personal, c.starts_on, c.ends_on, c.renewal, c.notice_days
         FROM contracts c
         WHERE c.kind = 'prepaid_hours' AND c.archived_at IS NULL
           AND ((c.person_id IS NULL AND c.organization_id = (SELECT id FROM holder)) OR c.person_id = ?2)",
    )
    .bind(organization)
    .bind(requester)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| candidate_from_row(row, row.try_get("personal")?)).collect()
}

fn candidate_from_row(row: &sqlx::sqlite::SqliteRow, personal: bool) -> Result<Candidate> {
    let renewal: String = row.try_get("renewal")?;
    Ok(Candidate {
        id: row.try_get("id")?,
        personal,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        renewal: match renewal.as_str() {
            "automatic" => Renewal::Automatic,
            "notice" => Renewal::Notice,
            _ => Renewal::None,
        },
        notice_days: row.try_get("notice_days")?,
    })
}

/// Of `candidates`, those in force on `day`, in the order they are drawn on: the requester's
/// own first, then the one ending first (open-ended last).
fn in_force<'a>(candidates: impl IntoIterator<Item = &'a Candidate>, day: &str) -> Vec<ContractId> {
    let mut found = Vec::new();
    for c in candidates {
        let (status, end, _, _) =
            contracts::standing(&c.starts_on, c.ends_on.as_deref(), c.renewal, c.notice_days, day);
        if matches!(status, ContractStatus::Active | ContractStatus::Expiring) {
            found.push((!c.personal, end.is_none(), end, c.starts_on.clone(), c.id));
        }
    }
    found.sort();
    found.into_iter().map(|f| f.4).collect()
}

/// The prepaid blocks covering a ticket of `organization` asked for by `requester` on `day`, in
/// the order they are drawn on.
async fn blocks(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    requester: Option<PersonId>,
    day: &str,
) -> Result<Vec<ContractId>> {
    Ok(in_force(&candidates(conn, organization, requester).await?, day))
}

/// The block's minutes and what invoices that are not void drew from it.
async fn totals(conn: &mut SqliteConnection, contract: ContractId) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT coalesce(sum(minutes), 0) FROM prepaid_top_ups WHERE contract_id = ?1),
                (SELECT coalesce(sum(minutes), 0) FROM prepaid_draws WHERE contract_id = ?1)",
    )
    .bind(contract)
    .fetch_one(&mut *conn)
    .await?)
}

/// Draws `entries` (earliest work first) on the blocks covering them, each as far as it has
/// hours left; what no block covers is not drawn (it is billed).
pub(crate) async fn allocate(conn: &mut SqliteConnection, entries: &[Billable]) -> Result<Vec<Draw>> {
    let mut possible: HashMap<(OrganizationId, Option<PersonId>), Vec<Candidate>> = HashMap::new();
    let mut left: HashMap<ContractId, i64> = HashMap::new();
    let mut draws = Vec::new();
    for e in in_drawing_order(entries) {
        let key = (e.organization, e.requester);
        if let std::collections::hash_map::Entry::Vacant(slot) = possible.entry(key) {
            slot.insert(candidates(conn, e.organization, e.requester).await?);
        }
        let covering = in_force(&possible[&key], &e.work_date);
        for contract in &covering {
            if !left.contains_key(contract) {
                let (total, drawn) = totals(conn, *contract).await?;
                left.insert(*contract, total - drawn);
            }
        }
        draw(e, &covering, &mut left, &mut draws);
    }
    Ok(draws)
}

/// `allocate` for the unbilled time of many customers at once (the Today page): every
/// organization's blocks, every person's own and every block's hours are read in three queries,
/// not two per organization and requester.
pub(crate) async fn allocate_all(conn: &mut SqliteConnection, entries: &[Billable]) -> Result<Vec<Draw>> {
    const COLUMNS: &str = "c.id, c.starts_on, c.ends_on, c.renewal, c.notice_days";
    // Each organization under a block holder: the nearest one at or above it (as `candidates`).
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE roots (id) AS (
             SELECT DISTINCT organization_id FROM contracts
             WHERE kind = 'prepaid_hours' AND person_id IS NULL AND archived_at IS NULL),
         tree (id, holder, depth) AS (
             SELECT id, id, 0 FROM roots
             UNION ALL
             SELECT o.id, t.holder, t.depth + 1 FROM organizations o JOIN tree t ON o.parent_id = t.id
             WHERE o.id NOT IN (SELECT id FROM roots) AND t.depth < 32)
         SELECT t.id AS owner, {COLUMNS} FROM tree t JOIN contracts c ON c.organization_id = t.holder
         WHERE c.kind = 'prepaid_hours' AND c.person_id IS NULL AND c.archived_at IS NULL"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut of_organization: HashMap<OrganizationId, Vec<Candidate>> = HashMap::new();
    for row in &rows {
        of_organization.entry(row.try_get("owner")?).or_default().push(candidate_from_row(row, false)?);
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.person_id AS owner, {COLUMNS} FROM contracts c
         WHERE c.kind = 'prepaid_hours' AND c.person_id IS NOT NULL AND c.archived_at IS NULL"
    )))
    .fetch_all(&mut *conn)
    .await?;
    let mut of_person: HashMap<PersonId, Vec<Candidate>> = HashMap::new();
    for row in &rows {
        of_person.entry(row.try_get("owner")?).or_default().push(candidate_from_row(row, true)?);
    }
    let mut left: HashMap<ContractId, i64> = sqlx::query_as(
        "SELECT c.id, (SELECT coalesce(sum(minutes), 0) FROM prepaid_top_ups WHERE contract_id = c.id)
             - (SELECT coalesce(sum(minutes), 0) FROM prepaid_draws WHERE contract_id = c.id)
         FROM contracts c WHERE c.kind = 'prepaid_hours' AND c.archived_at IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let mut draws = Vec::new();
    for e in in_drawing_order(entries) {
        let mut possible: Vec<&Candidate> =
            of_organization.get(&e.organization).into_iter().flatten().collect();
        possible.extend(e.requester.and_then(|p| of_person.get(&p)).into_iter().flatten());
        let covering = in_force(possible, &e.work_date);
        draw(e, &covering, &mut left, &mut draws);
    }
    Ok(draws)
}

/// Earliest work first (the same day: in the order it was logged).
fn in_drawing_order(entries: &[Billable]) -> Vec<&Billable> {
    let mut order: Vec<&Billable> = entries.iter().collect();
    order.sort_by(|a, b| (&a.work_date, &a.logged_at).cmp(&(&b.work_date, &b.logged_at)));
    order
}

/// Draws `e` on `covering` (in order), each as far as it has hours `left`.
fn draw(e: &Billable, covering: &[ContractId], left: &mut HashMap<ContractId, i64>, draws: &mut Vec<Draw>) {
    let mut owed = e.minutes;
    for contract in covering {
        if owed == 0 {
            break;
        }
        let available = left.get(contract).copied().unwrap_or(0);
        let take = owed.min(available).max(0);
        left.insert(*contract, available - take);
        if take > 0 {
            owed -= take;
            draws.push(Draw { entry: e.entry, contract: *contract, minutes: take });
        }
    }
}

/// Records what an invoice drew.
pub(crate) async fn record(conn: &mut SqliteConnection, invoice: InvoiceId, draws: &[&Draw]) -> Result<()> {
    for d in draws {
        sqlx::query(
            "INSERT INTO prepaid_draws (id, contract_id, time_entry_id, invoice_id, minutes, created_at)
             VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(uuid::Uuid::now_v7())
        .bind(d.contract)
        .bind(d.entry)
        .bind(invoice)
        .bind(d.minutes)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Returns the hours a voided invoice drew.
pub(crate) async fn release(conn: &mut SqliteConnection, invoice: InvoiceId) -> Result<()> {
    sqlx::query("DELETE FROM prepaid_draws WHERE invoice_id = ?").bind(invoice).execute(&mut *conn).await?;
    Ok(())
}

/// Where the block of `contract` (a prepaid-hours contract of `organization`, or of `person`)
/// stands: pending is what the unbilled time of the tickets it can cover would draw from it.
pub(crate) async fn standing(
    conn: &mut SqliteConnection,
    contract: ContractId,
    organization: OrganizationId,
    person: Option<PersonId>,
) -> Result<Prepaid> {
    let (total, invoiced) = totals(conn, contract).await?;
    // The unbilled time of the organization and its sites (a person's block: theirs), read
    // customer first (CROSS JOIN keeps SQLite from walking every unbilled entry by date instead);
    // allocate puts it in order.
    let rows = sqlx::query(
        "WITH RECURSIVE down (id, depth) AS (SELECT ?1, 0
             UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
             WHERE down.depth < 32 AND ?2 IS NULL)
         SELECT e.id, t.organization_id, t.requester_id, e.work_date, e.minutes, e.created_at
         FROM down CROSS JOIN tickets t ON t.organization_id = down.id CROSS JOIN time_entries e ON e.ticket_id = t.id
         WHERE e.billable = 1 AND e.invoice_id IS NULL AND (?2 IS NULL OR t.requester_id = ?2)
         LIMIT 100000",
    )
    .bind(organization)
    .bind(person)
    .fetch_all(&mut *conn)
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(Billable {
                entry: r.try_get(0)?,
                organization: r.try_get(1)?,
                requester: r.try_get(2)?,
                work_date: r.try_get(3)?,
                logged_at: r.try_get(5)?,
                minutes: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let pending: i64 =
        allocate(conn, &entries).await?.iter().filter(|d| d.contract == contract).map(|d| d.minutes).sum();
    Ok(Prepaid {
        total_minutes: total,
        invoiced_minutes: invoiced,
        pending_minutes: pending,
        left_minutes: total - invoiced - pending,
    })
}

/// The warning logging a ticket gives when every prepaid block covering it today is used up.
pub(crate) async fn used_up_alert(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    requester: Option<PersonId>,
    today: &str,
) -> Result<Option<String>> {
    let covering = blocks(conn, organization, requester, today).await?;
    let mut names = Vec::new();
    for contract in covering {
        let (holder, person, name): (OrganizationId, Option<PersonId>, String) =
            sqlx::query_as("SELECT organization_id, person_id, name FROM contracts WHERE id = ?")
                .bind(contract)
                .fetch_one(&mut *conn)
                .await?;
        if standing(conn, contract, holder, person).await?.left_minutes > 0 {
            return Ok(None);
        }
        names.push(format!("“{name}”"));
    }
    Ok((!names.is_empty()).then(|| {
        msg(
            "The prepaid hours of {names} are used up: time on this {ticket} will be invoiced.",
            &[("names", &names.join(&format!(" {} ", msg("and", &[]))))],
        )
    }))
}

/// Adds the first block of a new prepaid-hours contract.
pub(crate) async fn add(
    conn: &mut SqliteConnection,
    contract: ContractId,
    input: &TopUpInput,
    by: &Actor,
) -> Result<TopUpId> {
    let minutes = input.minutes;
    if minutes == 0 || minutes.abs() > MAX_MINUTES {
        return Err(Error::invalid("minutes", msg("Enter the hours to add: up to 100,000, not zero.", &[])));
    }
    let added_on = dates::checked("added_on", &input.added_on)?;
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM contracts WHERE id = ?")
        .bind(contract)
        .fetch_optional(&mut *conn)
        .await?;
    match kind.as_deref() {
        None => return Err(Error::NotFound { entity: "contract" }),
        Some("prepaid_hours") => {}
        Some(_) => {
            return Err(Error::invalid(
                "minutes",
                msg("Only a prepaid-hours {contract} holds a block of hours.", &[]),
            ));
        }
    }
    let (total, invoiced) = totals(conn, contract).await?;
    if minutes < 0 && total + minutes < invoiced {
        return Err(Error::invalid(
            "minutes",
            msg(
                "The block cannot go below the {hours} already invoiced from it.",
                &[("hours", &duration(invoiced))],
            ),
        ));
    }
    if total + minutes > MAX_MINUTES {
        return Err(Error::invalid("minutes", msg("A block holds at most 100,000 hours.", &[])));
    }
    let id = TopUpId::new();
    sqlx::query(
        "INSERT INTO prepaid_top_ups (id, contract_id, minutes, added_on, note, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(contract)
    .bind(minutes)
    .bind(&added_on)
    .bind(clean(input.note.clone()))
    .bind(by.id)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Whether a contract has prepaid hours on record (top-ups or draws).
pub(crate) async fn has_any(conn: &mut SqliteConnection, contract: ContractId) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM prepaid_top_ups WHERE contract_id = ?1)
             OR EXISTS (SELECT 1 FROM prepaid_draws WHERE contract_id = ?1)",
    )
    .bind(contract)
    .fetch_one(&mut *conn)
    .await?)
}

/// 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h".
pub fn duration(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    match (h, m) {
        (0, m) => format!("{sign}{m} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, m) => format!("{sign}{h} h {m} min"),
    }
}

/// The prepaid-hours service.
pub struct PrepaidHours<'a> {
    db: &'a Db,
}

impl<'a> PrepaidHours<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Records a top-up of a prepaid-hours contract's block (negative: a correction, refused
    /// when it would leave less than has been invoiced); returns where the block stands.
    pub async fn top_up(&self, contract: ContractId, input: TopUpInput, by: &Actor) -> Result<Prepaid> {
        let mut tx = self.db.begin_write().await?;
        add(&mut tx, contract, &input, by).await?;
        let (organization, person): (OrganizationId, Option<PersonId>) =
            sqlx::query_as("SELECT organization_id, person_id FROM contracts WHERE id = ?")
                .bind(contract)
                .fetch_one(&mut *tx)
                .await?;
        let prepaid = standing(&mut tx, contract, organization, person).await?;
        tx.commit().await?;
        Ok(prepaid)
    }

    /// A block's top-ups, newest first.
    pub async fn top_ups(&self, contract: ContractId) -> Result<Vec<TopUp>> {
        let rows = sqlx::query(
            "SELECT u.id, u.minutes, u.added_on, u.note, s.name FROM prepaid_top_ups u
             LEFT JOIN staff s ON s.id = u.created_by
             WHERE u.contract_id = ? ORDER BY u.added_on DESC, u.created_at DESC LIMIT 1000",
        )
        .bind(contract)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TopUp {
                    id: r.try_get(0)?,
                    minutes: r.try_get(1)?,
                    added_on: r.try_get(2)?,
                    note: r.try_get(3)?,
                    added_by: r.try_get(4)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_hours_and_minutes() {
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(120), "2 h");
        assert_eq!(duration(-30), "-30 min");
    }
}
