//! Invoices: "Create invoices" compiles the unbilled billable time of a period into one invoice
//! per bill-to organization (a site that bills to its parent lands on the parent's), one line per
//! ticket with its site and requester; manual invoices take typed lines. Numbers come from the
//! prefix in the settings and a counter taken in the same transaction, so they have no gaps. An
//! issued invoice never changes (the database refuses it); voiding it keeps it, with a reason,
//! and frees its time to be billed again. Time a prepaid-hours block covers is paid from it first
//! (service/prepaid.rs): a line shows its minutes, those prepaid, and the amount of the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::billing::{self, BillingSettings};
use crate::dates;
use crate::db::Db;
use crate::messages::msg;
use crate::service::prepaid;
use crate::staff::Actor;
use crate::text::clean;
use crate::{Error, InvoiceId, OrganizationId, Result, TicketId, TimeEntryId};

/// An invoice with its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Invoice {
    pub id: InvoiceId,
    pub number: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub issue_date: String,
    pub due_date: String,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub currency: String,
    #[ts(type = "number")]
    pub subtotal: i64,
    pub tax_rate_bp: u32,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub total: i64,
    /// Paid so far (allocations of payments and credits).
    #[ts(type = "number")]
    pub paid: i64,
    pub void_date: Option<String>,
    pub void_reason: Option<String>,
    pub lines: Vec<InvoiceLine>,
}

/// One line: a ticket's time, or a typed item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceLine {
    #[ts(type = "number")]
    pub position: i64,
    pub ticket_id: Option<TicketId>,
    pub site_name: Option<String>,
    pub requester: Option<String>,
    pub description: String,
    #[ts(type = "number | null")]
    pub minutes: Option<i64>,
    /// Of `minutes`, those paid from prepaid hours (the amount is the rest's).
    #[ts(type = "number | null")]
    pub prepaid_minutes: Option<i64>,
    #[ts(type = "number")]
    pub amount: i64,
}

/// "Create invoices" for a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct InvoiceRun {
    /// Time worked from this date…
    pub period_from: String,
    /// …to this date, inclusive.
    pub period_to: String,
    /// The invoices' date; due dates follow from the payment terms.
    pub issue_date: String,
    /// Only this bill-to organization (all when empty).
    pub organization_id: Option<OrganizationId>,
    /// Each invoice's period starts at its own earliest work date instead of `period_from`
    /// (billing all unbilled time up to a day: one old entry must not date every invoice back).
    pub from_earliest: bool,
}

/// A typed line of a manual invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ManualLine {
    pub description: String,
    #[ts(type = "number")]
    pub amount: i64,
}

/// A manual invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ManualInvoice {
    pub organization_id: Option<OrganizationId>,
    pub issue_date: String,
    pub lines: Vec<ManualLine>,
}

/// The invoices service.
pub struct Invoices<'a> {
    db: &'a Db,
    team: crate::sync::team::Team<'a>,
}

macro_rules! select_invoices {
    ($rest:literal) => {
        concat!(
            "SELECT i.id, i.number, i.organization_id, o.name AS organization_name, i.issue_date, i.due_date,
                i.period_from, i.period_to, i.currency, i.subtotal, i.tax_rate_bp, i.tax, i.total,
                (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = i.id) AS paid,
                i.void_date, i.void_reason
             FROM invoices i JOIN organizations o ON o.id = i.organization_id ",
            $rest
        )
    };
}

fn invoice_from_row(row: &SqliteRow) -> Result<Invoice> {
    Ok(Invoice {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        issue_date: row.try_get("issue_date")?,
        due_date: row.try_get("due_date")?,
        period_from: row.try_get("period_from")?,
        period_to: row.try_get("period_to")?,
        currency: row.try_get("currency")?,
        subtotal: row.try_get("subtotal")?,
        tax_rate_bp: row.try_get("tax_rate_bp")?,
        tax: row.try_get("tax")?,
        total: row.try_get("total")?,
        paid: row.try_get("paid")?,
        void_date: row.try_get("void_date")?,
        void_reason: row.try_get("void_reason")?,
        lines: Vec::new(),
    })
}

impl<'a> Invoices<'a> {
    pub(crate) fn new(db: &'a Db, team: crate::sync::team::Team<'a>) -> Self {
        Self { db, team }
    }

    /// An organization's invoices (as bill-to), newest first, without lines.
    pub async fn list(&self, organization: OrganizationId) -> Result<Vec<Invoice>> {
        let rows = sqlx::query(select_invoices!(
            "WHERE i.organization_id = ? ORDER BY i.issue_date DESC, i.number DESC LIMIT 1000"
        ))
        .bind(organization)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(invoice_from_row).collect()
    }

    /// An invoice by its number, with its lines.
    pub async fn by_number(&self, number: &str) -> Result<Invoice> {
        let id: Option<InvoiceId> = sqlx::query_scalar("SELECT id FROM invoices WHERE number = ?")
            .bind(number.trim())
            .fetch_optional(self.db.reader())
            .await?;
        self.get(id.ok_or(Error::NotFound { entity: "invoice" })?).await
    }

    /// An invoice with its lines.
    pub async fn get(&self, id: InvoiceId) -> Result<Invoice> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Compiles the unbilled billable time worked in the period into one invoice per bill-to
    /// organization; returns them (none when there was nothing to bill).
    pub async fn create_for_period(&self, run: InvoiceRun, by: &Actor) -> Result<Vec<Invoice>> {
        let from = dates::checked("period_from", &run.period_from)?;
        let to = dates::checked("period_to", &run.period_to)?;
        let issue = dates::checked("issue_date", &run.issue_date)?;
        if from > to {
            return Err(Error::invalid("period_to", msg("The period ends before it starts.", &[])));
        }
        // In a team the numbers come from the server: connected before anything is written.
        let server = self.team.numbering().await?;
        let mut tx = self.db.begin_write().await?;
        let settings = billing::settings(&mut tx).await?;
        let rows = sqlx::query(
            "SELECT e.id, e.minutes, e.rate, e.work_date, e.created_at, t.id AS ticket_id, t.number, t.subject, t.organization_id,
                t.requester_id, o.name AS site_name,
                nullif(trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '') AS requester
             FROM time_entries e JOIN tickets t ON t.id = e.ticket_id
             JOIN organizations o ON o.id = t.organization_id
             LEFT JOIN people p ON p.id = t.requester_id
             WHERE e.billable = 1 AND e.invoice_id IS NULL AND e.work_date BETWEEN ? AND ?
             ORDER BY t.number, e.work_date, e.created_at",
        )
        .bind(&from)
        .bind(&to)
        .fetch_all(&mut *tx)
        .await?;
        // Bill-to organization → ticket → (its lines' data, the entries).
        struct TicketTime {
            ticket_id: TicketId,
            description: String,
            site_name: String,
            requester: Option<String>,
            minutes: i64,
            prepaid_minutes: i64,
            amount: i64,
            entries: Vec<TimeEntryId>,
        }
        // The entries to bill, and what prepaid blocks pay of them (earliest work first).
        let mut bill_to_of: BTreeMap<OrganizationId, OrganizationId> = BTreeMap::new();
        let mut included = Vec::with_capacity(rows.len());
        let mut billable = Vec::with_capacity(rows.len());
        for row in &rows {
            let org: OrganizationId = row.try_get("organization_id")?;
            let bill_to = match bill_to_of.get(&org) {
                Some(b) => *b,
                None => {
                    let b = billing::bill_to(&mut tx, org).await?;
                    bill_to_of.insert(org, b);
                    b
                }
            };
            if run.organization_id.is_some_and(|only| only != bill_to) {
                continue;
            }
            billable.push(prepaid::Billable {
                entry: row.try_get("id")?,
                organization: org,
                requester: row.try_get("requester_id")?,
                work_date: row.try_get("work_date")?,
                logged_at: row.try_get("created_at")?,
                minutes: row.try_get("minutes")?,
            });
            included.push((row, bill_to));
        }
        let draws = prepaid::allocate(&mut tx, &billable).await?;
        let mut drawn: BTreeMap<TimeEntryId, Vec<&prepaid::Draw>> = BTreeMap::new();
        for d in &draws {
            drawn.entry(d.entry).or_default().push(d);
        }
        let mut by_bill_to: BTreeMap<OrganizationId, Vec<TicketTime>> = BTreeMap::new();
        let mut earliest: BTreeMap<OrganizationId, String> = BTreeMap::new();
        for (row, bill_to) in included {
            let work_date: String = row.try_get("work_date")?;
            match earliest.get_mut(&bill_to) {
                Some(first) if *first <= work_date => {}
                Some(first) => *first = work_date,
                None => {
                    earliest.insert(bill_to, work_date);
                }
            }
            let ticket_id: TicketId = row.try_get("ticket_id")?;
            let entry: TimeEntryId = row.try_get("id")?;
            let (minutes, rate): (i64, i64) = (row.try_get("minutes")?, row.try_get("rate")?);
            let tickets = by_bill_to.entry(bill_to).or_default();
            // Rows come ordered by ticket: a new ticket starts a new line.
            let t = match tickets.last_mut() {
                Some(t) if t.ticket_id == ticket_id => t,
                _ => {
                    tickets.push(TicketTime {
                        ticket_id,
                        description: format!(
                            "#{} {}",
                            row.try_get::<i64, _>("number")?,
                            row.try_get::<String, _>("subject")?
                        ),
                        site_name: row.try_get("site_name")?,
                        requester: row.try_get("requester")?,
                        minutes: 0,
                        prepaid_minutes: 0,
                        amount: 0,
                        entries: Vec::new(),
                    });
                    let last = tickets.len() - 1;
                    &mut tickets[last]
                }
            };
            let prepaid: i64 = drawn.get(&entry).map_or(0, |d| d.iter().map(|d| d.minutes).sum());
            t.minutes += minutes;
            t.prepaid_minutes += prepaid;
            t.amount = billing::sum([t.amount, billing::time_amount(minutes - prepaid, rate)?])?;
            t.entries.push(entry);
        }
        // Invoices in the order of the bill-to organizations' names.
        let mut order: Vec<(String, OrganizationId)> = Vec::new();
        for id in by_bill_to.keys() {
            let name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            order.push((name.to_lowercase(), *id));
        }
        order.sort();
        let mut created = Vec::new();
        for (_, bill_to) in order {
            let tickets = by_bill_to.remove(&bill_to).unwrap_or_default();
            let lines: Vec<NewLine> = tickets
                .iter()
                .map(|t| NewLine {
                    ticket_id: Some(t.ticket_id),
                    site_name: Some(t.site_name.clone()),
                    requester: t.requester.clone(),
                    description: match t.prepaid_minutes {
                        0 => t.description.clone(),
                        p => format!("{} ({} from prepaid hours)", t.description, prepaid::duration(p)),
                    },
                    minutes: Some(t.minutes),
                    prepaid_minutes: (t.prepaid_minutes > 0).then_some(t.prepaid_minutes),
                    amount: t.amount,
                })
                .collect();
            let period_from = match earliest.get(&bill_to) {
                Some(first) if run.from_earliest => first.as_str(),
                _ => from.as_str(),
            };
            let id = insert(
                &mut tx,
                server.as_ref(),
                &settings,
                bill_to,
                &issue,
                Some((period_from, &to)),
                &lines,
                by,
            )
            .await?;
            let paid_from_blocks: Vec<&prepaid::Draw> = tickets
                .iter()
                .flat_map(|t| t.entries.iter())
                .flat_map(|e| drawn.get(e).into_iter().flatten().copied())
                .collect();
            prepaid::record(&mut tx, id, &paid_from_blocks).await?;
            for t in &tickets {
                for entry in &t.entries {
                    sqlx::query("UPDATE time_entries SET invoice_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
                        .bind(id)
                        .bind(entry)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            created.push(id);
        }
        let mut invoices = Vec::with_capacity(created.len());
        for id in created {
            invoices.push(fetch(&mut tx, id).await?);
        }
        tx.commit().await?;
        Ok(invoices)
    }

    /// Issues an invoice of typed lines.
    pub async fn create_manual(&self, input: ManualInvoice, by: &Actor) -> Result<Invoice> {
        let organization = input
            .organization_id
            .ok_or_else(|| Error::invalid("organization_id", msg("Choose the {organization}.", &[])))?;
        let issue = dates::checked("issue_date", &input.issue_date)?;
        if input.lines.is_empty() {
            return Err(Error::invalid("lines", msg("Add at least one line.", &[])));
        }
        if input.lines.len() > 1000 {
            return Err(Error::invalid("lines", msg("An invoice has at most 1,000 lines.", &[])));
        }
        let mut lines = Vec::with_capacity(input.lines.len());
        for line in input.lines {
            let description = line.description.trim().to_owned();
            if description.is_empty() {
                return Err(Error::invalid("lines", msg("Every line needs a description.", &[])));
            }
            if line.amount.abs() > billing::MAX_AMOUNT {
                return Err(Error::invalid("lines", msg("A line amount must be below a billion.", &[])));
            }
            lines.push(NewLine {
                ticket_id: None,
                site_name: None,
                requester: None,
                description,
                minutes: None,
                prepaid_minutes: None,
                amount: line.amount,
            });
        }
        if billing::sum(lines.iter().map(|l| l.amount))? < 0 {
            return Err(Error::invalid(
                "lines",
                msg("An invoice cannot total less than zero; give a credit note instead.", &[]),
            ));
        }
        let server = self.team.numbering().await?;
        let mut tx = self.db.begin_write().await?;
        let settings = billing::settings(&mut tx).await?;
        let id = insert(&mut tx, server.as_ref(), &settings, organization, &issue, None, &lines, by).await?;
        let invoice = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Voids an invoice with a reason: it stays (numbers have no gaps) but no longer counts from
    /// `void_date` on, and its time can be billed again. Refused while payments are allocated to
    /// it (credit it instead).
    pub async fn void(&self, id: InvoiceId, reason: &str, void_date: &str, by: &Actor) -> Result<Invoice> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("void_reason", msg("Say why the invoice is voided.", &[])));
        }
        let void_date = dates::checked("void_date", void_date)?;
        let mut tx = self.db.begin_write().await?;
        let invoice = fetch(&mut tx, id).await?;
        if invoice.void_date.is_some() {
            return Err(Error::invalid("void_reason", msg("This invoice is already void.", &[])));
        }
        if void_date < invoice.issue_date {
            return Err(Error::invalid(
                "void_date",
                msg("An invoice cannot be voided before it was issued.", &[]),
            ));
        }
        if invoice.paid > 0 {
            return Err(Error::invalid(
                "void_reason",
                msg("Payments are allocated to this invoice; give a credit note instead of voiding it.", &[]),
            ));
        }
        sqlx::query("UPDATE invoices SET void_date = ?, void_reason = ?, voided_by = ? WHERE id = ?")
            .bind(&void_date)
            .bind(reason)
            .bind(by.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE time_entries SET invoice_id = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE invoice_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // The prepaid hours it used return to their blocks.
        prepaid::release(&mut tx, id).await?;
        let voided = fetch(&mut tx, id).await?;
        // Stored in the stream as written: in the app's language at the time.
        let body =
            msg("Voided invoice {number}: {reason}", &[("number", &voided.number), ("reason", reason)]);
        let event = crate::stream::Event {
            organization: Some(voided.organization_id),
            person: None,
            kind: crate::stream::StreamKind::Invoice,
            body: &body,
            ref_id: Some(id.uuid()),
        };
        crate::stream::record(&mut tx, event, Some(by)).await?;
        tx.commit().await?;
        Ok(voided)
    }
}

struct NewLine {
    ticket_id: Option<TicketId>,
    site_name: Option<String>,
    requester: Option<String>,
    description: String,
    minutes: Option<i64>,
    prepaid_minutes: Option<i64>,
    amount: i64,
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &mut SqliteConnection,
    server: Option<&sqlx::PgPool>,
    settings: &BillingSettings,
    organization: OrganizationId,
    issue: &str,
    period: Option<(&str, &str)>,
    lines: &[NewLine],
    by: &Actor,
) -> Result<InvoiceId> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
        .bind(organization)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Err(Error::invalid("organization_id", msg("The {organization} no longer exists.", &[])));
    }
    let id = InvoiceId::new();
    // One running number per prefix: a new prefix (a new year, say) starts at 1, gap-free.
    let counter = format!("invoice:{}", settings.invoice_prefix);
    let next = match server {
        // Taken on the team server, gap-free across machines (idempotent per invoice id); the
        // local counter follows, for a machine that leaves the team.
        Some(pool) => {
            let n =
                crate::sync::server::take_invoice_number(pool, &settings.invoice_prefix, id.uuid()).await?;
            sqlx::query(
                "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
            )
            .bind(&counter)
            .bind(n)
            .execute(&mut *conn)
            .await?;
            n
        }
        None => billing::next_number(conn, &counter).await?,
    };
    let number = format!("{}{:05}", settings.invoice_prefix, next);
    let due = dates::add_days(issue, i64::from(settings.payment_terms_days)).ok_or_else(|| {
        Error::invalid("issue_date", msg("“{value}” is not a date (YYYY-MM-DD).", &[("value", issue)]))
    })?;
    let subtotal = billing::sum(lines.iter().map(|l| l.amount))?;
    let tax = billing::tax(subtotal, settings.tax_rate_bp)?;
    let total = billing::sum([subtotal, tax])?;
    sqlx::query(
        "INSERT INTO invoices (id, number, organization_id, issue_date, due_date, period_from, period_to, currency,
            subtotal, tax_rate_bp, tax, total, issued_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(&number)
    .bind(organization)
    .bind(issue)
    .bind(&due)
    .bind(period.map(|p| p.0))
    .bind(period.map(|p| p.1))
    .bind(&settings.currency)
    .bind(subtotal)
    .bind(settings.tax_rate_bp)
    .bind(tax)
    .bind(total)
    .bind(by.id)
    .execute(&mut *conn)
    .await?;
    for (i, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, ticket_id, site_name, requester, description, minutes,
                prepaid_minutes, amount)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(line.ticket_id)
        .bind(clean(line.site_name.clone()))
        .bind(&line.requester)
        .bind(&line.description)
        .bind(line.minutes)
        .bind(line.prepaid_minutes)
        .bind(line.amount)
        .execute(&mut *conn)
        .await?;
    }
    // Stored in the stream as written: in the app's language at the time.
    let body = msg(
        "Issued invoice {number} over {currency} {amount}",
        &[("number", &number), ("currency", &settings.currency), ("amount", &billing::shown_money(total))],
    );
    let event = crate::stream::Event {
        organization: Some(organization),
        person: None,
        kind: crate::stream::StreamKind::Invoice,
        body: &body,
        ref_id: Some(id.uuid()),
    };
    crate::stream::record(conn, event, Some(by)).await?;
    Ok(id)
}

pub(crate) async fn fetch(conn: &mut SqliteConnection, id: InvoiceId) -> Result<Invoice> {
    // i18n: not for people (SQL)
    let row = sqlx::query(select_invoices!("WHERE i.id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "invoice" })?;
    let mut invoice = invoice_from_row(&row)?;
    let lines = sqlx::query(
        "SELECT position, ticket_id, site_name, requester, description, minutes, amount, prepaid_minutes
         FROM invoice_lines WHERE invoice_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    invoice.lines = lines
        .iter()
        .map(|r| {
            Ok(InvoiceLine {
                position: r.try_get(0)?,
                ticket_id: r.try_get(1)?,
                site_name: r.try_get(2)?,
                requester: r.try_get(3)?,
                description: r.try_get(4)?,
                minutes: r.try_get(5)?,
                prepaid_minutes: r.try_get(7)?,
                amount: r.try_get(6)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(invoice)
}
