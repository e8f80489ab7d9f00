//! Account statements as of a chosen date: *activity* (opening balance, invoices, payments and
//! credits of a period in date order with a running balance, closing balance) and *open items*
//! (unpaid invoices with what was paid and days overdue), both with aging as of the statement
//! date (current, 1–30, 31–60, 61–90, 90+). Everything is computed as the books stood on that
//! date: later invoices, payments and voids are ignored, so a back-dated statement is right.
//! The ledger functions are pure (property-tested); `pdf.rs` renders a statement. An invoice as
//! the customer reads it (`invoice.rs`) is rendered by `invoice_pdf.rs` with the same primitives.

pub mod email;
pub mod invoice;
mod invoice_pdf;
pub mod pdf;
pub mod words;

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::billing::{self, BillingSettings};
use crate::db::Db;
use crate::files::FileStore;
use crate::messages::msg;
use crate::payments::PaymentKind;
use crate::terms::Language;
use crate::{Error, InvoiceId, OrganizationId, PaymentId, Result, dates};
pub use words::Words;

/// Which statement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    #[default]
    Activity,
    OpenItems,
}

/// What to state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatementRequest {
    pub organization_id: OrganizationId,
    pub kind: StatementKind,
    /// The statement date: the books as they stood at the end of this day.
    pub as_of: String,
    /// Activity statements: the first day of the period (default: the first of the month).
    pub from: Option<String>,
}

/// An invoice as the ledger sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerInvoice {
    pub id: InvoiceId,
    pub number: String,
    pub issue_date: String,
    pub due_date: String,
    pub total: i64,
    pub void_date: Option<String>,
}

/// A payment or credit note as the ledger sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerPayment {
    pub id: PaymentId,
    pub kind: PaymentKind,
    pub date: String,
    pub amount: i64,
    pub reference: Option<String>,
    pub allocations: Vec<(InvoiceId, i64)>,
}

/// One line of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatementLine {
    pub date: String,
    /// "Invoice INV-00042", "Payment 4711", "Credit note" (in the app's language on a
    /// statement; the ledger functions write English).
    pub document: String,
    pub due_date: Option<String>,
    /// Invoices positive, payments and credits negative.
    #[ts(type = "number")]
    pub amount: i64,
    /// Open items: paid as of the statement date.
    #[ts(type = "number | null")]
    pub paid: Option<i64>,
    /// Activity: the running balance; open items: what is still open on the invoice.
    #[ts(type = "number")]
    pub balance: i64,
    /// Open items: days past the due date (0 when not yet due).
    #[ts(type = "number | null")]
    pub days_overdue: Option<i64>,
}

/// The balance by age, as of the statement date. The buckets add up to the balance: money paid
/// on account (not allocated) is applied to the oldest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Aging {
    #[ts(type = "number")]
    pub current: i64,
    #[ts(type = "number")]
    pub days_1_30: i64,
    #[ts(type = "number")]
    pub days_31_60: i64,
    #[ts(type = "number")]
    pub days_61_90: i64,
    #[ts(type = "number")]
    pub over_90: i64,
}

impl Aging {
    pub fn total(&self) -> i64 {
        self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.over_90
    }
}

/// Who a statement is from or to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Party {
    pub name: String,
    pub account_number: Option<String>,
    pub address_lines: Vec<String>,
    pub email: Option<String>,
}

/// A statement, ready to show or render.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Statement {
    pub kind: StatementKind,
    pub as_of: String,
    pub from: Option<String>,
    pub currency: String,
    pub company: Party,
    pub payment_details: Option<String>,
    /// The texts from the billing settings: title, intro line, footer.
    pub title: String,
    pub intro: Option<String>,
    pub footer: Option<String>,
    pub customer: Party,
    #[ts(type = "number | null")]
    pub opening_balance: Option<i64>,
    pub lines: Vec<StatementLine>,
    /// The balance at the end of the statement date.
    #[ts(type = "number")]
    pub balance: i64,
    pub aging: Aging,
    /// Paid on account, not allocated to an invoice (already in the balance and the aging).
    #[ts(type = "number")]
    pub unapplied: i64,
    /// The own company's logo (media type, bytes), printed at the top; not sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub logo: Option<(String, Vec<u8>)>,
    /// The words, dates and amounts of the PDF in the app's language; not sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub words: Words,
}

/// Whether an invoice counts on `as_of`: issued by then and not voided by then.
fn counts(invoice: &LedgerInvoice, as_of: &str) -> bool {
    invoice.issue_date.as_str() <= as_of && invoice.void_date.as_deref().is_none_or(|v| v > as_of)
}

/// The balance at the end of `as_of`: invoices counted minus payments and credits dated by then.
pub fn balance(invoices: &[LedgerInvoice], payments: &[LedgerPayment], as_of: &str) -> i64 {
    let billed: i64 = invoices.iter().filter(|i| counts(i, as_of)).map(|i| i.total).sum();
    let paid: i64 = payments.iter().filter(|p| p.date.as_str() <= as_of).map(|p| p.amount).sum();
    billed - paid
}

fn payment_document(p: &LedgerPayment) -> String {
    let what = match p.kind {
        PaymentKind::Payment => "Payment",
        PaymentKind::Credit => "Credit note",
    };
    match &p.reference {
        Some(r) => format!("{what} {r}"),
        None => what.to_owned(),
    }
}

/// The activity of `from..=as_of`: the opening balance (the balance at the end of the day before
/// `from`), then the documents in date order with a running balance — invoices issued, invoices
/// voided (as a negative line on the void date), payments and credits — so that the closing
/// balance is the balance at the end of `as_of`.
pub fn activity(
    invoices: &[LedgerInvoice],
    payments: &[LedgerPayment],
    from: &str,
    as_of: &str,
) -> (i64, Vec<StatementLine>, i64) {
    let day_before = dates::add_days(from, -1).unwrap_or_default();
    let opening = balance(invoices, payments, &day_before);
    let in_period = |date: &str| date >= from && date <= as_of;
    let mut entries: Vec<(String, u8, String, StatementLine)> = Vec::new();
    for i in invoices.iter().filter(|i| in_period(&i.issue_date)) {
        let line = StatementLine {
            date: i.issue_date.clone(),
            document: format!("Invoice {}", i.number),
            due_date: Some(i.due_date.clone()),
            amount: i.total,
            paid: None,
            balance: 0,
            days_overdue: None,
        };
        entries.push((i.issue_date.clone(), 0, i.number.clone(), line));
    }
    for i in invoices.iter() {
        let Some(void_date) = i.void_date.as_deref().filter(|d| in_period(d)) else { continue };
        let line = StatementLine {
            date: void_date.to_owned(),
            document: format!("Void of invoice {}", i.number),
            due_date: None,
            amount: -i.total,
            paid: None,
            balance: 0,
            days_overdue: None,
        };
        entries.push((void_date.to_owned(), 1, i.number.clone(), line));
    }
    for p in payments.iter().filter(|p| in_period(&p.date)) {
        let line = StatementLine {
            date: p.date.clone(),
            document: payment_document(p),
            due_date: None,
            amount: -p.amount,
            paid: None,
            balance: 0,
            days_overdue: None,
        };
        entries.push((p.date.clone(), 2, p.id.to_string(), line));
    }
    entries.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
    let mut running = opening;
    let lines = entries
        .into_iter()
        .map(|(_, _, _, mut line)| {
            running += line.amount;
            line.balance = running;
            line
        })
        .collect();
    (opening, lines, running)
}

/// The invoices still (partly) unpaid at the end of `as_of`, oldest first, with the unapplied
/// amount (payments and credits dated by then, not allocated to an invoice counted then).
pub fn open_items(
    invoices: &[LedgerInvoice],
    payments: &[LedgerPayment],
    as_of: &str,
) -> (Vec<StatementLine>, i64) {
    let mut items: Vec<&LedgerInvoice> = invoices.iter().filter(|i| counts(i, as_of)).collect();
    items.sort_by(|a, b| (&a.issue_date, &a.number).cmp(&(&b.issue_date, &b.number)));
    let dated: Vec<&LedgerPayment> = payments.iter().filter(|p| p.date.as_str() <= as_of).collect();
    let mut allocated_total = 0;
    let mut lines = Vec::new();
    for i in items {
        let paid: i64 = dated
            .iter()
            .flat_map(|p| p.allocations.iter())
            .filter(|(invoice, _)| *invoice == i.id)
            .map(|(_, amount)| *amount)
            .sum();
        allocated_total += paid;
        let open = i.total - paid;
        if open != 0 {
            let overdue = dates::days_between(&i.due_date, as_of).unwrap_or(0).max(0);
            lines.push(StatementLine {
                date: i.issue_date.clone(),
                document: format!("Invoice {}", i.number),
                due_date: Some(i.due_date.clone()),
                amount: i.total,
                paid: Some(paid),
                balance: open,
                days_overdue: Some(overdue),
            });
        }
    }
    let unapplied = dated.iter().map(|p| p.amount).sum::<i64>() - allocated_total;
    (lines, unapplied)
}

/// Ages the open items as of the statement date, then applies the unapplied amount to the
/// oldest buckets first, so that the buckets add up to the balance.
pub fn aging(open: &[StatementLine], unapplied: i64) -> Aging {
    let mut a = Aging::default();
    for line in open {
        let slot = match line.days_overdue.unwrap_or(0) {
            ..=0 => &mut a.current,
            1..=30 => &mut a.days_1_30,
            31..=60 => &mut a.days_31_60,
            61..=90 => &mut a.days_61_90,
            _ => &mut a.over_90,
        };
        *slot += line.balance;
    }
    let mut left = unapplied;
    for slot in [&mut a.over_90, &mut a.days_61_90, &mut a.days_31_60, &mut a.days_1_30] {
        let take = left.min((*slot).max(0));
        if take > 0 {
            *slot -= take;
            left -= take;
        }
    }
    a.current -= left;
    a
}

/// The statements service.
pub struct Statements<'a> {
    db: &'a Db,
    files: &'a FileStore,
    language: Language,
}

impl<'a> Statements<'a> {
    pub(crate) fn new(db: &'a Db, files: &'a FileStore, language: Language) -> Self {
        Self { db, files, language }
    }

    /// The documents' words in the language in use, with the dictionary's words in it.
    pub(crate) async fn words(&self) -> Result<Words> {
        let terms = crate::terms::Terms::new(self.db).list(self.language).await?;
        let site = terms.into_iter().find(|t| t.key == "site").map(|t| t.singular).unwrap_or_default();
        Ok(Words::new(self.language, site))
    }

    /// A statement's data.
    pub async fn statement(&self, request: &StatementRequest) -> Result<Statement> {
        let as_of = dates::checked("as_of", &request.as_of)?;
        let from = match (&request.kind, &request.from) {
            (StatementKind::Activity, Some(from)) => Some(dates::checked("from", from)?),
            (StatementKind::Activity, None) => Some(format!("{}-01", &as_of[..7])),
            (StatementKind::OpenItems, _) => None,
        };
        if from.as_deref().is_some_and(|f| f > as_of.as_str()) {
            return Err(Error::invalid("from", msg("The period starts after the statement date.", &[])));
        }
        // One read transaction: one snapshot of the books, never half of a payment being written.
        let mut snapshot = self.db.reader().begin().await?;
        let settings = billing::settings(&mut snapshot).await?;
        let customer = party(&mut snapshot, request.organization_id).await?;
        let (invoices, payments) = ledger(&mut snapshot, request.organization_id).await?;
        snapshot.commit().await?;
        let (opening, lines) = match request.kind {
            StatementKind::Activity => {
                let (opening, lines, _) =
                    activity(&invoices, &payments, from.as_deref().unwrap_or(&as_of), &as_of);
                (Some(opening), lines)
            }
            StatementKind::OpenItems => (None, open_items(&invoices, &payments, &as_of).0),
        };
        let (open, unapplied) = open_items(&invoices, &payments, &as_of);
        let words = self.words().await?;
        // Each line's document in the app's language, once: the screen and the PDF show it so.
        let lines =
            lines.into_iter().map(|l| StatementLine { document: words.document(&l.document), ..l }).collect();
        Ok(Statement {
            kind: request.kind,
            as_of: as_of.clone(),
            from,
            currency: settings.currency.clone(),
            company: company(&settings, &words),
            payment_details: Some(settings.payment_details.clone()).filter(|d| !d.is_empty()),
            title: words.title(&settings.statement_title),
            intro: Some(settings.statement_intro.clone()).filter(|t| !t.is_empty()),
            footer: Some(settings.document_footer.clone()).filter(|t| !t.is_empty()),
            customer,
            opening_balance: opening,
            lines,
            balance: balance(&invoices, &payments, &as_of),
            aging: aging(&open, unapplied),
            unapplied,
            logo: crate::logos::Logos::new(self.db, self.files).company_bytes().await?,
            words,
        })
    }

    /// A statement rendered as PDF.
    pub async fn pdf(&self, request: &StatementRequest) -> Result<Vec<u8>> {
        self.render(self.statement(request).await?).await
    }

    /// Renders a statement already computed (off the async threads: it is CPU work).
    pub async fn render(&self, statement: Statement) -> Result<Vec<u8>> {
        tokio::task::spawn_blocking(move || pdf::render(&statement))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }

    /// The statement as an e-mail draft (.eml) to the billing contact, PDF attached; returns a
    /// file name for it and its bytes.
    pub async fn email_draft(&self, request: &StatementRequest) -> Result<(String, Vec<u8>)> {
        let statement = self.statement(request).await?;
        let (to_name, to_email) = {
            let mut conn = self.db.reader().acquire().await?;
            email::recipient(&mut conn, request.organization_id).await?
        };
        let file = pdf_file_name(&statement);
        let w = &statement.words;
        let as_of = w.date(&statement.as_of);
        let subject = w.fill(
            "Statement of account {date} – {customer}",
            &[("date", &as_of), ("customer", &statement.customer.name)],
        );
        let balance = format!("{} {}", w.money(statement.balance), statement.currency);
        let body = w.fill(
            "Dear {name},\n\nplease find attached your statement of account as of {date} (balance {amount}).\n\nKind regards\n{company}\n",
            &[("name", &to_name), ("date", &as_of), ("amount", &balance), ("company", &statement.company.name)],
        );
        let from = statement.company.email.clone();
        let pdf = self.render(statement).await?;
        let eml = email::draft(&to_name, &to_email, from.as_deref(), &subject, &body, &file, &pdf);
        Ok((format!("{}.eml", file.trim_end_matches(".pdf")), eml))
    }

    /// Bill-to organizations with a non-zero balance at the end of `as_of`, by name, each with
    /// the file name its statement is written under in a batch: "<name> statement <date>.pdf",
    /// made safe, and made unique within the batch (two customers may share a name, or differ
    /// only in characters a file name cannot hold) by their account number or a counter.
    pub async fn with_balance(&self, as_of: &str) -> Result<Vec<BatchItem>> {
        let as_of = dates::checked("as_of", as_of)?;
        let rows = sqlx::query(
            "SELECT o.id, o.name, o.account_number,
                (SELECT coalesce(sum(total), 0) FROM invoices i WHERE i.organization_id = o.id AND i.issue_date <= ?1
                    AND (i.void_date IS NULL OR i.void_date > ?1))
                - (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.organization_id = o.id AND p.date <= ?1) AS balance
             FROM organizations o
             WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.organization_id = o.id)
                OR EXISTS (SELECT 1 FROM payments p WHERE p.organization_id = o.id)
             ORDER BY o.name COLLATE NOCASE, o.account_number, o.id",
        )
        .bind(&as_of)
        .fetch_all(self.db.reader())
        .await?;
        let mut out: Vec<BatchItem> = Vec::new();
        let mut taken = std::collections::HashSet::new();
        for r in rows {
            if r.try_get::<i64, _>("balance")? == 0 {
                continue;
            }
            let name: String = r.try_get("name")?;
            let account: Option<String> = r.try_get("account_number")?;
            let base = format!("{name} statement {as_of}");
            let mut candidates = std::iter::once(base.clone())
                .chain(account.map(|a| format!("{base} ({a})")))
                .chain((2..).map(|n| format!("{base} ({n})")))
                .map(|stem| crate::files::safe_file_name(&format!("{stem}.pdf")));
            // Case-insensitively: Windows and macOS file systems are.
            let file_name = candidates.find(|f| taken.insert(f.to_lowercase())).unwrap_or_default();
            out.push(BatchItem { organization_id: r.try_get("id")?, name, file_name });
        }
        Ok(out)
    }
}

/// One statement of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchItem {
    pub organization_id: OrganizationId,
    pub name: String,
    /// Unique within the batch.
    pub file_name: String,
}

/// The file name a statement is saved under: "<customer> statement <date>.pdf", made safe.
pub fn pdf_file_name(statement: &Statement) -> String {
    crate::files::safe_file_name(&crate::messages::msg(
        "{customer} statement {date}.pdf",
        &[("customer", &statement.customer.name), ("date", &statement.as_of)],
    ))
}

fn company(settings: &BillingSettings, words: &Words) -> Party {
    Party {
        name: if settings.company_name.is_empty() {
            words.t("Your company").into()
        } else {
            settings.company_name.clone()
        },
        account_number: None,
        address_lines: settings
            .company_address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        email: Some(settings.company_email.clone()).filter(|e| !e.is_empty()),
    }
}

async fn party(conn: &mut SqliteConnection, id: OrganizationId) -> Result<Party> {
    let row = sqlx::query(
        "SELECT name, account_number, address_line1, address_line2, city, region, postal_code, country, email
         FROM organizations WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "organization" })?;
    let get = |i: usize| row.try_get::<Option<String>, _>(i);
    let city_line = [get(6)?, get(4)?].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let lines = [get(2)?, get(3)?, Some(city_line).filter(|l| !l.is_empty()), get(5)?, get(7)?];
    Ok(Party {
        name: row.try_get(0)?,
        account_number: row.try_get(1)?,
        address_lines: lines.into_iter().flatten().collect(),
        email: row.try_get(8)?,
    })
}

async fn ledger(
    conn: &mut SqliteConnection,
    id: OrganizationId,
) -> Result<(Vec<LedgerInvoice>, Vec<LedgerPayment>)> {
    let invoices = sqlx::query(
        "SELECT id, number, issue_date, due_date, total, void_date FROM invoices WHERE organization_id = ?",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(LedgerInvoice {
            id: r.try_get(0)?,
            number: r.try_get(1)?,
            issue_date: r.try_get(2)?,
            due_date: r.try_get(3)?,
            total: r.try_get(4)?,
            void_date: r.try_get(5)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let mut payments =
        sqlx::query("SELECT id, kind, date, amount, reference FROM payments WHERE organization_id = ?")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(LedgerPayment {
                    id: r.try_get(0)?,
                    kind: if r.try_get::<String, _>(1)? == "credit" {
                        PaymentKind::Credit
                    } else {
                        PaymentKind::Payment
                    },
                    date: r.try_get(2)?,
                    amount: r.try_get(3)?,
                    reference: r.try_get(4)?,
                    allocations: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
    let allocations: Vec<(PaymentId, InvoiceId, i64)> = sqlx::query_as(
        "SELECT a.payment_id, a.invoice_id, a.amount FROM allocations a JOIN payments p ON p.id = a.payment_id
         WHERE p.organization_id = ?",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for (payment, invoice, amount) in allocations {
        if let Some(p) = payments.iter_mut().find(|p| p.id == payment) {
            p.allocations.push((invoice, amount));
        }
    }
    Ok((invoices, payments))
}
