//! Today: the start page — the work across customers that is due, each a short list that links
//! to its record: my call-backs and activities (overdue and today), my open tickets and everyone's
//! overdue ones, unbilled time by customer, unpaid and overdue invoices, contracts ending soon and
//! the state of the backups. (Sync problems come from the app's sync task, not the database.)
//!
//! Every list is its few first rows with the count of all (what that costs at 100,000
//! customers is in BENCHMARKS.md, `cargo xtask bench today`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::activities::{Agenda, AgendaFor, AgendaQuery};
use crate::backup::auto::BackupStatus;
use crate::messages::msg;
use crate::notes::local_minute;
use crate::service::contracts::Contract;
use crate::service::prepaid;
use crate::service::tickets::{StatusFilter, Ticket, TicketQuery};
use crate::{Error, InvoiceId, OrganizationId, Result, StaffId, TimeEntryId, billing};

/// The most rows a list of the page shows; its count says how many there are in all.
pub const LIST_LIMIT: i64 = 8;

/// Contracts ending within this many days are listed.
pub const CONTRACT_DAYS: i64 = 30;

/// What the page asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TodayQuery {
    /// This computer's local date and time, "YYYY-MM-DDTHH:MM".
    pub now: String,
}

/// A few tickets and how many match in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TicketShortList {
    pub tickets: Vec<Ticket>,
    #[ts(type = "number")]
    pub count: i64,
}

/// A customer's unbilled billable time (a site that bills to its parent counts on the parent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct UnbilledCustomer {
    pub organization_id: OrganizationId,
    pub name: String,
    #[ts(type = "number")]
    pub minutes: i64,
    /// Of `minutes`, those prepaid hours will pay.
    #[ts(type = "number")]
    pub prepaid_minutes: i64,
    /// What an invoice for it would come to before tax.
    #[ts(type = "number")]
    pub amount: i64,
    /// The earliest work date.
    pub since: String,
}

/// Unbilled time: the customers with the most of it, and the totals of all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct UnbilledSummary {
    /// By amount (before prepaid hours), largest first.
    pub customers: Vec<UnbilledCustomer>,
    #[ts(type = "number")]
    pub customer_count: i64,
    #[ts(type = "number")]
    pub minutes: i64,
    #[ts(type = "number")]
    pub prepaid_minutes: i64,
    #[ts(type = "number")]
    pub amount: i64,
    /// The earliest work date of all (the period "Create invoices" starts from).
    pub since: Option<String>,
}

/// An issued invoice not paid in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct OpenInvoice {
    pub id: InvoiceId,
    pub number: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub issue_date: String,
    pub due_date: String,
    #[ts(type = "number")]
    pub total: i64,
    /// What is still owed.
    #[ts(type = "number")]
    pub open: i64,
    /// Past its due date.
    pub overdue: bool,
}

/// Unpaid invoices: the overdue ones first (oldest due first), then those not yet due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceSummary {
    pub invoices: Vec<OpenInvoice>,
    #[ts(type = "number")]
    pub overdue_count: i64,
    #[ts(type = "number")]
    pub overdue_amount: i64,
    /// Unpaid and not yet due.
    #[ts(type = "number")]
    pub unpaid_count: i64,
    #[ts(type = "number")]
    pub unpaid_amount: i64,
}

/// Contracts that end soon without renewing by themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ContractSummary {
    pub contracts: Vec<Contract>,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "number")]
    pub within_days: i64,
}

/// The Today page, but for its unbilled time: that is added up on its own
/// ([`TodayPage::unbilled`]), so the rest shows without waiting for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Today {
    /// The local date the page is for.
    pub date: String,
    /// My call-backs and activities: overdue and today (upcoming is empty).
    pub agenda: Agenda,
    /// Not closed and assigned to me.
    pub my_tickets: TicketShortList,
    /// Not closed and past a due time, anyone's.
    pub overdue_tickets: TicketShortList,
    pub invoices: InvoiceSummary,
    pub contracts: ContractSummary,
    pub backup: BackupStatus,
    /// The money's currency (from the billing settings).
    pub currency: String,
}

/// The Today page's service.
pub struct TodayPage<'a> {
    core: &'a crate::Core,
}

impl<'a> TodayPage<'a> {
    pub(crate) fn new(core: &'a crate::Core) -> Self {
        Self { core }
    }

    /// The unbilled time up to the day of `query.now`, by customer (the slowest part of the
    /// page: it reads every unbilled entry).
    pub async fn unbilled(&self, query: TodayQuery) -> Result<UnbilledSummary> {
        let now = local_minute(&query.now).ok_or_else(|| {
            Error::invalid("now", msg("“{now}” is not a date and time.", &[("now", &query.now)]))
        })?;
        let mut conn = self.core.db().reader().acquire().await?;
        unbilled(&mut conn, &now[..10]).await
    }

    /// The page for `me` (the machine's user) at `query.now`.
    pub async fn get(&self, me: StaffId, query: TodayQuery) -> Result<Today> {
        let now = local_minute(&query.now).ok_or_else(|| {
            Error::invalid("now", msg("“{now}” is not a date and time.", &[("now", &query.now)]))
        })?;
        let date = now[..10].to_owned();
        let f = self.core;
        let agenda = f
            .activities()
            .agenda(AgendaQuery { who: AgendaFor::Staff(me), now: now.clone(), days: Some(0) })
            .await?;
        let tickets = f.tickets();
        let mine =
            TicketQuery { status: StatusFilter::NotClosed, assignee_id: Some(me), ..TicketQuery::default() };
        let overdue =
            TicketQuery { status: StatusFilter::NotClosed, overdue: true, ..TicketQuery::default() };
        let my_tickets = TicketShortList {
            tickets: tickets.desk(&mine, 0, LIST_LIMIT).await?,
            count: tickets.desk_count(&mine).await?,
        };
        let overdue_tickets = TicketShortList {
            tickets: tickets.desk(&overdue, 0, LIST_LIMIT).await?,
            count: tickets.desk_count(&overdue).await?,
        };
        let (ending, count) = f.contracts().ending_soon(&date, CONTRACT_DAYS, LIST_LIMIT).await?;
        let contracts = ContractSummary { contracts: ending, count, within_days: CONTRACT_DAYS };
        let mut conn = f.db().reader().acquire().await?;
        let invoices = open_invoices(&mut conn, &date).await?;
        let currency = billing::settings(&mut conn).await?.currency;
        drop(conn);
        let backup = f.backups().status().await?;
        Ok(Today { date, agenda, my_tickets, overdue_tickets, invoices, contracts, backup, currency })
    }
}

/// Unbilled billable time worked up to `today`, grouped by the organization that would be
/// invoiced for it, largest amount (after prepaid hours) first. (Time dated after today waits
/// for its day: "Create invoices" bills up to today.)
async fn unbilled(conn: &mut SqliteConnection, today: &str) -> Result<UnbilledSummary> {
    // What prepaid blocks will pay, per customer. A deduction only lowers an amount, so the
    // largest LIST_LIMIT after it are among the largest LIST_LIMIT + (customers with one) before.
    let less = less_prepaid(conn, today).await?;
    let candidates = LIST_LIMIT + less.len() as i64;
    // Per ticket organization first (the partial index of unbilled entries), then up to the
    // organization it bills to: a site that bills to its parent climbs while it does.
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE per_org (org, minutes, amount, since) AS (
             SELECT t.organization_id, sum(e.minutes), sum((e.minutes * e.rate + 30) / 60), min(e.work_date)
             FROM time_entries e JOIN tickets t ON t.id = e.ticket_id
             WHERE e.invoice_id IS NULL AND e.billable = 1 AND e.work_date <= ?1
             GROUP BY t.organization_id),
         {},
         per_customer (id, minutes, amount, since) AS (
             SELECT b.id, sum(p.minutes), sum(p.amount), min(p.since)
             FROM per_org p JOIN bill b ON b.start = p.org GROUP BY b.id)
         SELECT c.id, o.name, c.minutes, c.amount, c.since,
             count(*) OVER () AS customers, sum(c.minutes) OVER () AS all_minutes,
             sum(c.amount) OVER () AS all_amount, min(c.since) OVER () AS all_since
         FROM per_customer c JOIN organizations o ON o.id = c.id
         ORDER BY c.amount DESC, c.minutes DESC, o.name
         LIMIT ?2",
        bill_to_ctes("SELECT org FROM per_org")
    )))
    .bind(today)
    .bind(candidates)
    .fetch_all(&mut *conn)
    .await?;
    let mut summary = UnbilledSummary {
        customers: Vec::with_capacity(rows.len()),
        customer_count: 0,
        minutes: 0,
        prepaid_minutes: less.values().map(|v| v[0]).sum(),
        amount: -less.values().map(|v| v[1]).sum::<i64>(),
        since: None,
    };
    for row in &rows {
        summary.customer_count = row.try_get("customers")?;
        summary.minutes = row.try_get("all_minutes")?;
        summary.since = row.try_get("all_since")?;
        let id: OrganizationId = row.try_get("id")?;
        let [prepaid_minutes, prepaid_amount] = less.get(&id).copied().unwrap_or_default();
        summary.customers.push(UnbilledCustomer {
            organization_id: id,
            name: row.try_get("name")?,
            minutes: row.try_get("minutes")?,
            prepaid_minutes,
            amount: row.try_get::<i64, _>("amount")? - prepaid_amount,
            since: row.try_get("since")?,
        });
    }
    summary.amount += rows.first().map(|r| r.try_get::<i64, _>("all_amount")).transpose()?.unwrap_or(0);
    // Largest after prepaid hours first (the SQL's order for equal amounts).
    summary.customers.sort_by(|a, b| {
        b.amount.cmp(&a.amount).then(b.minutes.cmp(&a.minutes)).then_with(|| a.name.cmp(&b.name))
    });
    summary.customers.truncate(LIST_LIMIT as usize);
    Ok(summary)
}

/// The CTEs `up` and `bill (start, id)`: for each organization `seeds` selects, the organization
/// it bills to — climbing while one bills to its parent, as `billing::bill_to` does one by one.
fn bill_to_ctes(seeds: &str) -> String {
    format!(
        "up (start, id, parent_id, bill_to_parent, depth) AS (
             SELECT o.id, o.id, o.parent_id, o.bill_to_parent, 0 FROM organizations o WHERE o.id IN ({seeds})
             UNION ALL
             SELECT up.start, o.id, o.parent_id, o.bill_to_parent, up.depth + 1
             FROM organizations o JOIN up ON o.id = up.parent_id
             WHERE up.bill_to_parent = 1 AND up.depth < 50),
         bill (start, id) AS (
             SELECT up.start, up.id FROM up
             WHERE up.bill_to_parent = 0 OR up.parent_id IS NULL OR up.depth = 50
                OR NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = up.parent_id))"
    )
}

/// What prepaid-hours blocks will pay of the unbilled time up to `today`, as the next invoices
/// would draw it, per customer (the organization billed): minutes and amount. Only the time of
/// organizations under a prepaid-hours contract (or of a requester with one) is looked at, in the
/// order the invoice run reads it. (From the unbilled entries, not the holders' tickets: those
/// are all their history.)
async fn less_prepaid(conn: &mut SqliteConnection, today: &str) -> Result<HashMap<OrganizationId, [i64; 2]>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE holders (id, depth) AS (
             SELECT DISTINCT organization_id, 0 FROM contracts WHERE kind = 'prepaid_hours' AND archived_at IS NULL
             UNION
             SELECT o.id, h.depth + 1 FROM organizations o JOIN holders h ON o.parent_id = h.id WHERE h.depth < 32),
         {}
         SELECT e.id, t.organization_id, t.requester_id, e.work_date, e.created_at, e.minutes, e.rate,
             b.id AS customer
         FROM time_entries e CROSS JOIN tickets t ON t.id = e.ticket_id LEFT JOIN bill b ON b.start = t.organization_id
         WHERE e.invoice_id IS NULL AND e.billable = 1 AND e.work_date <= ?
           AND (t.organization_id IN (SELECT id FROM holders)
                OR t.requester_id IN (SELECT person_id FROM contracts
                    WHERE kind = 'prepaid_hours' AND archived_at IS NULL AND person_id IS NOT NULL))
         ORDER BY t.number, e.work_date, e.created_at",
        bill_to_ctes("SELECT id FROM holders")
    )))
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let mut less: HashMap<OrganizationId, [i64; 2]> = HashMap::new();
    if rows.is_empty() {
        return Ok(less);
    }
    let mut entries = Vec::with_capacity(rows.len());
    let mut logged = HashMap::with_capacity(rows.len());
    for row in &rows {
        let entry: TimeEntryId = row.try_get("id")?;
        let organization: OrganizationId = row.try_get("organization_id")?;
        let minutes: i64 = row.try_get("minutes")?;
        let customer: Option<OrganizationId> = row.try_get("customer")?;
        logged.insert(entry, (organization, customer, minutes, row.try_get::<i64, _>("rate")?));
        entries.push(prepaid::Billable {
            entry,
            organization,
            requester: row.try_get("requester_id")?,
            work_date: row.try_get("work_date")?,
            logged_at: row.try_get("created_at")?,
            minutes,
        });
    }
    let mut drawn: HashMap<TimeEntryId, i64> = HashMap::new();
    for d in prepaid::allocate_all(conn, &entries).await? {
        *drawn.entry(d.entry).or_default() += d.minutes;
    }
    let mut bill_to = HashMap::new();
    for (entry, minutes_drawn) in drawn {
        let Some(&(organization, customer, minutes, rate)) = logged.get(&entry) else { continue };
        let amount =
            billing::time_amount(minutes, rate)? - billing::time_amount(minutes - minutes_drawn, rate)?;
        // (A requester's own block outside the holders' organizations: looked up one by one.)
        let customer = match (customer, bill_to.get(&organization)) {
            (Some(c), _) | (None, Some(&c)) => c,
            (None, None) => {
                let c = billing::bill_to(conn, organization).await?;
                bill_to.insert(organization, c);
                c
            }
        };
        let sums = less.entry(customer).or_default();
        sums[0] += minutes_drawn;
        sums[1] += amount;
    }
    Ok(less)
}

/// Issued invoices, not voided, with something still owed (the `unpaid_invoices` table the
/// triggers of migration 0023 keep): the totals, and the first by due date.
async fn open_invoices(conn: &mut SqliteConnection, today: &str) -> Result<InvoiceSummary> {
    let (overdue_count, overdue_amount, unpaid_count, unpaid_amount): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(due_date < ?1), 0), coalesce(sum(CASE WHEN due_date < ?1 THEN open ELSE 0 END), 0),
             coalesce(sum(due_date >= ?1), 0), coalesce(sum(CASE WHEN due_date >= ?1 THEN open ELSE 0 END), 0)
         FROM unpaid_invoices",
    )
    .bind(today)
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query(
        "SELECT u.invoice_id AS id, i.number, i.organization_id, o.name AS organization_name, i.issue_date,
             u.due_date, i.total, u.open, u.due_date < ?1 AS overdue
         FROM unpaid_invoices u CROSS JOIN invoices i ON i.id = u.invoice_id
         CROSS JOIN organizations o ON o.id = i.organization_id
         ORDER BY u.due_date, u.invoice_id
         LIMIT ?2",
    )
    .bind(today)
    .bind(LIST_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    let invoices = rows
        .iter()
        .map(|row| {
            Ok(OpenInvoice {
                id: row.try_get("id")?,
                number: row.try_get("number")?,
                organization_id: row.try_get("organization_id")?,
                organization_name: row.try_get("organization_name")?,
                issue_date: row.try_get("issue_date")?,
                due_date: row.try_get("due_date")?,
                total: row.try_get("total")?,
                open: row.try_get("open")?,
                overdue: row.try_get("overdue")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(InvoiceSummary { invoices, overdue_count, overdue_amount, unpaid_count, unpaid_amount })
}
