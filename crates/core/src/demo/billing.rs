//! The billing demo data, added to a demo set's tickets: the billable time of every month before
//! this one invoiced (one invoice per organization and month, a line per ticket, issued on the
//! first of the next month), and the invoices in the states a real ledger has — most paid (by bank
//! transfer, some days after issue), some paid in part, some unpaid and overdue, a few voided and
//! issued again. This month's time stays unbilled. Straight through SQL in large transactions,
//! like the rest of the demo; prepaid-hours blocks are not drawn on (their time is invoiced in
//! full).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Demo, Rng};
use crate::{InvoiceId, OrganizationId, PaymentId, Result, TicketId, TimeEntryId, billing, dates};

/// What was added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BillingCounts {
    pub invoices: u64,
    pub voided: u64,
    pub payments: u64,
}

/// One unbilled entry, as read for invoicing.
struct Entry {
    id: TimeEntryId,
    ticket: TicketId,
    number: i64,
    subject: String,
    minutes: i64,
    amount: i64,
}

impl Demo<'_> {
    /// Invoices the billable time worked before this month, and pays most of it.
    pub async fn billing(&self, seed: u64, mut progress: impl FnMut(u64)) -> Result<BillingCounts> {
        let mut rng = Rng(seed.wrapping_mul(104_729) | 1);
        let mut counts = BillingCounts::default();
        let settings = billing::settings(&mut *self.db.reader().acquire().await?).await?;
        let today: String =
            sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(self.db.reader()).await?;
        let month_start = format!("{}-01", &today[..7]);
        let staff: Vec<crate::StaffId> =
            sqlx::query_scalar("SELECT id FROM staff ORDER BY name").fetch_all(self.db.reader()).await?;
        let orgs: Vec<OrganizationId> = sqlx::query_scalar("SELECT id FROM organizations ORDER BY rowid")
            .fetch_all(self.db.reader())
            .await?;
        let counter = format!("invoice:{}", settings.invoice_prefix);
        let mut number: i64 =
            sqlx::query_scalar("SELECT coalesce((SELECT value FROM counters WHERE name = ?), 0)")
                .bind(&counter)
                .fetch_one(self.db.reader())
                .await?;
        let mut done = 0u64;
        for batch in orgs.chunks(super::BATCH as usize) {
            let mut tx = self.db.begin_write().await?;
            for &org in batch {
                done += 1;
                let rows: Vec<(TimeEntryId, TicketId, i64, String, String, i64, i64)> = sqlx::query_as(
                    "SELECT e.id, t.id, t.number, t.subject, e.work_date, e.minutes, e.rate
                     FROM tickets t JOIN time_entries e ON e.ticket_id = t.id
                     WHERE t.organization_id = ? AND e.billable = 1 AND e.invoice_id IS NULL AND e.work_date < ?
                     ORDER BY e.work_date, t.number",
                )
                .bind(org)
                .bind(&month_start)
                .fetch_all(&mut *tx)
                .await?;
                // By month worked.
                let mut months: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
                for (id, ticket, number, subject, work_date, minutes, rate) in rows {
                    let amount = billing::time_amount(minutes, rate)?;
                    months.entry(work_date[..7].to_owned()).or_default().push(Entry {
                        id,
                        ticket,
                        number,
                        subject,
                        minutes,
                        amount,
                    });
                }
                for (month, entries) in months {
                    let from = format!("{month}-01");
                    let next = dates::add_months(&from, 1).unwrap_or_else(|| month_start.clone());
                    let to = dates::add_days(&next, -1).unwrap_or_else(|| from.clone());
                    let issue = next;
                    let due = dates::add_days(&issue, i64::from(settings.payment_terms_days))
                        .unwrap_or_else(|| issue.clone());
                    let by = staff.get(rng.below(staff.len().max(1) as u64) as usize).copied();
                    let invoice =
                        Invoice { organization: org, from: &from, to: &to, issue: &issue, due: &due, by };
                    // One in two hundred was sent wrong, voided and issued again.
                    if rng.chance(1) && rng.chance(50) {
                        number += 1;
                        let voided = insert(&mut tx, &settings, number, &invoice, &entries).await?;
                        sqlx::query(
                            "UPDATE invoices SET void_date = ?, void_reason = 'Sent to the old address', voided_by = ?
                             WHERE id = ?",
                        )
                        .bind(&issue)
                        .bind(by)
                        .bind(voided)
                        .execute(&mut *tx)
                        .await?;
                        counts.voided += 1;
                        counts.invoices += 1;
                    }
                    number += 1;
                    let id = insert(&mut tx, &settings, number, &invoice, &entries).await?;
                    for e in &entries {
                        sqlx::query("UPDATE time_entries SET invoice_id = ? WHERE id = ?")
                            .bind(id)
                            .bind(e.id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    counts.invoices += 1;
                    // Old invoices are nearly all paid; recent ones often not yet.
                    let total = billing::sum(entries.iter().map(|e| e.amount))?;
                    let old = due.as_str() < dates::add_days(&today, -60).unwrap_or_default().as_str();
                    let roll = rng.below(100);
                    let paid = match (old, roll) {
                        (true, n) if n < 96 => total,
                        (true, n) if n < 98 => total / 2,
                        (true, _) => 0,
                        (false, n) if n < 50 => total,
                        (false, n) if n < 65 => total / 3,
                        (false, _) => 0,
                    };
                    if paid > 0 {
                        let days = 3 + rng.below(30) as i64;
                        let date = dates::add_days(&issue, days).unwrap_or_else(|| issue.clone());
                        let date = if date > today { today.clone() } else { date };
                        let payment = PaymentId::new();
                        sqlx::query(
                            "INSERT INTO payments (id, organization_id, kind, date, amount, method, reference, recorded_by,
                                created_at)
                             VALUES (?, ?, 'payment', ?, ?, 'Bank transfer', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        )
                        .bind(payment)
                        .bind(org)
                        .bind(&date)
                        .bind(paid)
                        .bind(format!("{}{:05}", settings.invoice_prefix, number))
                        .bind(by)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query(
                            "INSERT INTO allocations (payment_id, invoice_id, amount) VALUES (?, ?, ?)",
                        )
                        .bind(payment)
                        .bind(id)
                        .bind(paid)
                        .execute(&mut *tx)
                        .await?;
                        counts.payments += 1;
                    }
                }
            }
            sqlx::query(
                "INSERT INTO counters (name, value) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET value = max(value, ?2)",
            )
            .bind(&counter)
            .bind(number)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            progress(done);
        }
        Ok(counts)
    }
}

/// The header of a demo invoice.
struct Invoice<'a> {
    organization: OrganizationId,
    from: &'a str,
    to: &'a str,
    issue: &'a str,
    due: &'a str,
    by: Option<crate::StaffId>,
}

/// Writes an invoice with a line per ticket (its entries' time and amount).
async fn insert(
    conn: &mut sqlx::SqliteConnection,
    settings: &billing::BillingSettings,
    number: i64,
    invoice: &Invoice<'_>,
    entries: &[Entry],
) -> Result<InvoiceId> {
    let id = InvoiceId::new();
    let subtotal = billing::sum(entries.iter().map(|e| e.amount))?;
    let tax = billing::tax(subtotal, settings.tax_rate_bp)?;
    sqlx::query(
        "INSERT INTO invoices (id, number, organization_id, issue_date, due_date, period_from, period_to, currency,
            subtotal, tax_rate_bp, tax, total, issued_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(format!("{}{:05}", settings.invoice_prefix, number))
    .bind(invoice.organization)
    .bind(invoice.issue)
    .bind(invoice.due)
    .bind(invoice.from)
    .bind(invoice.to)
    .bind(&settings.currency)
    .bind(subtotal)
    .bind(settings.tax_rate_bp)
    .bind(tax)
    .bind(billing::sum([subtotal, tax])?)
    .bind(invoice.by)
    .execute(&mut *conn)
    .await?;
    // A line per ticket, in ticket order.
    let mut tickets: BTreeMap<i64, (TicketId, &str, i64, i64)> = BTreeMap::new();
    for e in entries {
        let line = tickets.entry(e.number).or_insert((e.ticket, &e.subject, 0, 0));
        line.2 += e.minutes;
        line.3 += e.amount;
    }
    for (position, (number, (ticket, subject, minutes, amount))) in tickets.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, ticket_id, description, minutes, amount)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(position as i64 + 1)
        .bind(ticket)
        .bind(format!("#{number} {subject}"))
        .bind(minutes)
        .bind(amount)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}
