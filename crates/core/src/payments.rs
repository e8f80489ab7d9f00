//! Payments received from an organization and credit notes given to it, allocated to its open
//! invoices: oldest first by default, or as chosen. What is not allocated stays on account (a
//! statement shows it as unapplied).

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use crate::dates;
use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::text::clean;
use crate::{Error, InvoiceId, OrganizationId, PaymentId, Result};

/// A payment received, or a credit note given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Payment,
    Credit,
}

impl PaymentKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Credit => "credit",
        }
    }
}

/// What the payment form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentInput {
    pub organization_id: OrganizationId,
    pub kind: PaymentKind,
    pub date: String,
    #[ts(type = "number")]
    pub amount: i64,
    pub method: Option<String>,
    pub reference: Option<String>,
    /// Invoices and amounts; `None` allocates to the oldest open invoices first.
    pub allocations: Option<Vec<Allocation>>,
}

/// Part of a payment applied to one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Allocation {
    pub invoice_id: InvoiceId,
    #[ts(type = "number")]
    pub amount: i64,
}

/// A payment or credit as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Payment {
    pub id: PaymentId,
    pub organization_id: OrganizationId,
    pub kind: PaymentKind,
    pub date: String,
    #[ts(type = "number")]
    pub amount: i64,
    pub method: Option<String>,
    pub reference: Option<String>,
    /// Allocated to invoices; the rest is on account.
    #[ts(type = "number")]
    pub allocated: i64,
}

/// The payments service.
pub struct Payments<'a> {
    db: &'a Db,
}

impl<'a> Payments<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Records a payment or credit note and allocates it.
    pub async fn add(&self, input: PaymentInput, by: &Actor) -> Result<Payment> {
        let date = dates::checked("date", &input.date)?;
        if input.amount <= 0 || input.amount > crate::billing::MAX_AMOUNT {
            return Err(Error::invalid(
                "amount",
                msg("Enter an amount above zero (and below a billion).", &[]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
            .bind(input.organization_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(Error::invalid("organization_id", msg("The {organization} no longer exists.", &[])));
        }
        // Open invoices of the organization, oldest first, with what is still owed.
        let open: Vec<(InvoiceId, i64)> = sqlx::query(
            "SELECT i.id, i.total - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0)
             FROM invoices i WHERE i.organization_id = ? AND i.void_date IS NULL
             ORDER BY i.issue_date, i.number",
        )
        .bind(input.organization_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, owed)| *owed > 0)
        .collect();
        let allocations = match input.allocations {
            None => {
                let mut left = input.amount;
                let mut chosen = Vec::new();
                for (invoice, owed) in &open {
                    if left == 0 {
                        break;
                    }
                    let amount = left.min(*owed);
                    chosen.push(Allocation { invoice_id: *invoice, amount });
                    left -= amount;
                }
                chosen
            }
            Some(chosen) => {
                let mut seen = std::collections::HashSet::new();
                if !chosen.iter().all(|a| seen.insert(a.invoice_id)) {
                    return Err(Error::invalid(
                        "allocations",
                        msg("Each invoice can be chosen once per payment.", &[]),
                    ));
                }
                let total = crate::billing::sum(chosen.iter().map(|a| a.amount))?;
                if total > input.amount {
                    return Err(Error::invalid(
                        "allocations",
                        msg("The allocations add up to more than the amount.", &[]),
                    ));
                }
                for a in &chosen {
                    let owed = open.iter().find(|(id, _)| *id == a.invoice_id).map(|(_, o)| *o);
                    match owed {
                        None => {
                            return Err(Error::invalid(
                                "allocations",
                                msg(
                                    "An invoice chosen is not open (paid, void, or another {organization}'s).",
                                    &[],
                                ),
                            ));
                        }
                        Some(owed) if a.amount <= 0 || a.amount > owed => {
                            return Err(Error::invalid(
                                "allocations",
                                msg(
                                    "Allocate more than zero and no more than what is still owed on each invoice.",
                                    &[],
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
                chosen
            }
        };
        let id = PaymentId::new();
        sqlx::query(
            "INSERT INTO payments (id, organization_id, kind, date, amount, method, reference, recorded_by,
                created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(input.organization_id)
        .bind(input.kind.as_str())
        .bind(&date)
        .bind(input.amount)
        .bind(clean(input.method.clone()))
        .bind(clean(input.reference.clone()))
        .bind(by.id)
        .execute(&mut *tx)
        .await?;
        for a in &allocations {
            sqlx::query("INSERT INTO allocations (payment_id, invoice_id, amount) VALUES (?, ?, ?)")
                .bind(id)
                .bind(a.invoice_id)
                .bind(a.amount)
                .execute(&mut *tx)
                .await?;
        }
        let currency = crate::billing::settings(&mut tx).await?.currency;
        // Stored in the stream as written: in the app's language at the time.
        let amount = crate::billing::shown_money(input.amount);
        let values = [("currency", currency.as_str()), ("amount", amount.as_str())];
        let body = match input.kind {
            PaymentKind::Payment => msg("Recorded a payment of {currency} {amount}", &values),
            PaymentKind::Credit => msg("Recorded a credit note of {currency} {amount}", &values),
        };
        let event = crate::stream::Event {
            organization: Some(input.organization_id),
            person: None,
            kind: crate::stream::StreamKind::Payment,
            body: &body,
            ref_id: Some(id.uuid()),
        };
        crate::stream::record(&mut tx, event, Some(by)).await?;
        tx.commit().await?;
        Ok(Payment {
            id,
            organization_id: input.organization_id,
            kind: input.kind,
            date,
            amount: input.amount,
            method: clean(input.method),
            reference: clean(input.reference),
            allocated: allocations.iter().map(|a| a.amount).sum(),
        })
    }

    /// An organization's payments and credits, newest first.
    pub async fn list(&self, organization: OrganizationId) -> Result<Vec<Payment>> {
        let rows = sqlx::query(
            "SELECT p.id, p.organization_id, p.kind, p.date, p.amount, p.method, p.reference,
                (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.payment_id = p.id)
             FROM payments p WHERE p.organization_id = ? ORDER BY p.date DESC, p.created_at DESC LIMIT 1000",
        )
        .bind(organization)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Payment {
                    id: r.try_get(0)?,
                    organization_id: r.try_get(1)?,
                    kind: if r.try_get::<String, _>(2)? == "credit" {
                        PaymentKind::Credit
                    } else {
                        PaymentKind::Payment
                    },
                    date: r.try_get(3)?,
                    amount: r.try_get(4)?,
                    method: r.try_get(5)?,
                    reference: r.try_get(6)?,
                    allocated: r.try_get(7)?,
                })
            })
            .collect()
    }
}
