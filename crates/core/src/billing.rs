//! What billing needs beyond the records themselves: the billing settings (currency, default
//! rate, tax, payment terms, invoice numbering, the own company's profile and the texts customers
//! read on statements and invoices), an
//! organization's billing details (bill to its parent, own rate, news, billing contact), who an
//! organization bills to, gap-free counters and money formatting.

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::text::clean;
use crate::{Error, OrganizationId, PersonId, Result};

/// Billing settings, kept in the settings table under `billing.*`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BillingSettings {
    /// ISO 4217 code shown on invoices and statements; amounts have two decimals.
    pub currency: String,
    /// Per hour, in minor units (cents), when the organization sets none.
    #[ts(type = "number")]
    pub hourly_rate: i64,
    /// Basis points: 1900 = 19 %. 0 = no tax line.
    pub tax_rate_bp: u32,
    /// Days from issue to due date.
    pub payment_terms_days: u32,
    /// Invoice numbers are this prefix and a running number ("INV-00042").
    pub invoice_prefix: String,
    /// The own company, as statements show it.
    pub company_name: String,
    /// Address lines, one per line.
    pub company_address: String,
    pub company_email: String,
    /// Bank details or how to pay, printed under statements and invoices.
    pub payment_details: String,
    /// The texts the customer reads: each document's title and intro line (under the address),
    /// and the footer line of every page (the company's name when empty).
    pub statement_title: String,
    pub statement_intro: String,
    pub invoice_title: String,
    pub invoice_intro: String,
    pub document_footer: String,
}

/// A document title's default and longest length (it must fit the page's top right).
pub const STATEMENT_TITLE: &str = "STATEMENT OF ACCOUNT";
pub const INVOICE_TITLE: &str = "INVOICE";
const MAX_TITLE: usize = 40;
const MAX_INTRO: usize = 120;
const MAX_FOOTER: usize = 120;

impl Default for BillingSettings {
    fn default() -> Self {
        Self {
            currency: "EUR".into(),
            hourly_rate: 9_000,
            tax_rate_bp: 0,
            payment_terms_days: 14,
            invoice_prefix: "INV-".into(),
            company_name: String::new(),
            company_address: String::new(),
            company_email: String::new(),
            payment_details: String::new(),
            statement_title: STATEMENT_TITLE.into(),
            statement_intro: String::new(),
            invoice_title: INVOICE_TITLE.into(),
            invoice_intro: String::new(),
            document_footer: String::new(),
        }
    }
}

const KEYS: [&str; 14] = [
    "billing.currency",
    "billing.hourly_rate",
    "billing.tax_rate_bp",
    "billing.payment_terms_days",
    "billing.invoice_prefix",
    "billing.company_name",
    "billing.company_address",
    "billing.company_email",
    "billing.payment_details",
    "billing.statement_title",
    "billing.statement_intro",
    "billing.invoice_title",
    "billing.invoice_intro",
    "billing.document_footer",
];

/// A person's own news, shown with their organization's when a ticket they ask for is logged
/// (news) or closed (closure news).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonNews {
    pub news: Option<String>,
    pub closure_news: Option<String>,
}

/// An organization's billing details.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrganizationBilling {
    /// A site that bills to its parent: its time goes on the parent's invoices.
    pub bill_to_parent: bool,
    /// Per hour in minor units; `None` = the settings' rate.
    #[ts(type = "number | null")]
    pub hourly_rate: Option<i64>,
    /// Shown when a ticket is logged for this organization.
    pub news: Option<String>,
    /// Shown when one of its tickets is closed.
    pub closure_news: Option<String>,
    /// Who statements are sent to.
    pub billing_contact_id: Option<PersonId>,
}

/// The largest amount one line, payment or rate may have (a billion in minor units × 100): keeps
/// every sum and tax product far inside i64.
pub const MAX_AMOUNT: i64 = 100_000_000_000;

/// The billing service.
pub struct Billing<'a> {
    db: &'a Db,
}

impl<'a> Billing<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    pub async fn settings(&self) -> Result<BillingSettings> {
        let mut conn = self.db.reader().acquire().await?;
        settings(&mut conn).await
    }

    pub async fn update_settings(&self, s: BillingSettings) -> Result<BillingSettings> {
        let currency = s.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(Error::invalid(
                "currency",
                msg("Enter a three-letter currency code such as EUR, GBP or USD.", &[]),
            ));
        }
        let email = s.company_email.trim();
        if !email.is_empty() && !crate::text::is_email(email) {
            return Err(Error::invalid(
                "company_email",
                msg("“{email}” is not an email address.", &[("email", email)]),
            ));
        }
        check_amount("hourly_rate", "The hourly rate", s.hourly_rate)?;
        if s.tax_rate_bp > 10_000 {
            return Err(Error::invalid("tax_rate_bp", msg("The tax rate must be between 0 and 100 %.", &[])));
        }
        if s.payment_terms_days > 365 {
            return Err(Error::invalid(
                "payment_terms_days",
                msg("Payment terms are at most 365 days.", &[]),
            ));
        }
        let title = |field: &'static str, text: &str, default: &str| -> Result<String> {
            let text = text.trim();
            if text.chars().count() > MAX_TITLE {
                return Err(Error::invalid(field, msg("A title fits 40 characters.", &[])));
            }
            Ok(if text.is_empty() { default.to_owned() } else { text.to_owned() })
        };
        // `too_long` is the refusal when `text` is longer than `max`.
        let limited = |field: &'static str, text: &str, max: usize, too_long: String| -> Result<String> {
            let text = text.trim();
            if text.chars().count() > max {
                return Err(Error::invalid(field, too_long));
            }
            Ok(text.to_owned())
        };
        let intro_too_long =
            || msg("The intro line fits {max} characters.", &[("max", &MAX_INTRO.to_string())]);
        let statement_title = title("statement_title", &s.statement_title, STATEMENT_TITLE)?;
        let invoice_title = title("invoice_title", &s.invoice_title, INVOICE_TITLE)?;
        let statement_intro = limited("statement_intro", &s.statement_intro, MAX_INTRO, intro_too_long())?;
        let invoice_intro = limited("invoice_intro", &s.invoice_intro, MAX_INTRO, intro_too_long())?;
        let footer = limited(
            "document_footer",
            &s.document_footer,
            MAX_FOOTER,
            msg("The footer fits {max} characters.", &[("max", &MAX_FOOTER.to_string())]),
        )?;
        if footer.contains('\n') {
            return Err(Error::invalid("document_footer", msg("The footer is one line.", &[])));
        }
        let values = [
            currency,
            s.hourly_rate.to_string(),
            s.tax_rate_bp.to_string(),
            s.payment_terms_days.to_string(),
            s.invoice_prefix.trim().to_owned(),
            s.company_name.trim().to_owned(),
            s.company_address.trim().to_owned(),
            s.company_email.trim().to_owned(),
            s.payment_details.trim().to_owned(),
            statement_title,
            statement_intro,
            invoice_title,
            invoice_intro,
            footer,
        ];
        let mut tx = self.db.begin_write().await?;
        // Amounts carry no currency of their own: changing it under issued invoices would relabel them.
        if settings(&mut tx).await?.currency != values[0] {
            let issued: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM invoices LIMIT 1").fetch_optional(&mut *tx).await?;
            if issued.is_some() {
                return Err(Error::invalid(
                    "currency",
                    msg("Invoices were issued in the current currency; it cannot change now.", &[]),
                ));
            }
        }
        for (key, value) in KEYS.iter().zip(values) {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.settings().await
    }

    /// An organization's billing details.
    pub async fn organization(&self, id: OrganizationId) -> Result<OrganizationBilling> {
        let row = sqlx::query(
            "SELECT bill_to_parent, hourly_rate, news, closure_news, billing_contact_id FROM organizations WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(self.db.reader())
        .await?
        .ok_or(Error::NotFound { entity: "organization" })?;
        Ok(OrganizationBilling {
            bill_to_parent: row.try_get("bill_to_parent")?,
            hourly_rate: row.try_get("hourly_rate")?,
            news: row.try_get("news")?,
            closure_news: row.try_get("closure_news")?,
            billing_contact_id: row.try_get("billing_contact_id")?,
        })
    }

    /// Replaces an organization's billing details.
    pub async fn set_organization(
        &self,
        id: OrganizationId,
        input: OrganizationBilling,
    ) -> Result<OrganizationBilling> {
        if let Some(rate) = input.hourly_rate {
            check_amount("hourly_rate", "The hourly rate", rate)?;
        }
        let mut tx = self.db.begin_write().await?;
        let parent: Option<Option<OrganizationId>> =
            sqlx::query_scalar("SELECT parent_id FROM organizations WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let parent = parent.ok_or(Error::NotFound { entity: "organization" })?;
        if input.bill_to_parent && parent.is_none() {
            return Err(Error::invalid(
                "bill_to_parent",
                msg("Only {a_site} ({a_organization} with a parent) can bill to its parent.", &[]),
            ));
        }
        if let Some(contact) = input.billing_contact_id {
            let belongs: Option<i64> =
                sqlx::query_scalar(
                    "SELECT 1 FROM people WHERE id = ?1 AND organization_id = ?2
                     UNION ALL SELECT 1 FROM organization_contacts WHERE person_id = ?1 AND organization_id = ?2",
                )
                .bind(contact)
                .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if belongs.is_none() {
                return Err(Error::invalid(
                    "billing_contact_id",
                    msg(
                        "The billing contact must be one of this {organization}'s {people} or contacts.",
                        &[],
                    ),
                ));
            }
        }
        sqlx::query(
            "UPDATE organizations SET bill_to_parent = ?, hourly_rate = ?, news = ?, closure_news = ?,
                billing_contact_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(input.bill_to_parent)
        .bind(input.hourly_rate)
        .bind(clean(input.news))
        .bind(clean(input.closure_news))
        .bind(input.billing_contact_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.organization(id).await
    }

    /// A person's own news (shown with the organization's when a ticket they ask for is logged
    /// or closed).
    pub async fn person_news(&self, person: PersonId) -> Result<PersonNews> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT news, closure_news FROM people WHERE id = ?")
                .bind(person)
                .fetch_optional(self.db.reader())
                .await?;
        let (news, closure_news) = row.ok_or(Error::NotFound { entity: "person" })?;
        Ok(PersonNews { news, closure_news })
    }

    pub async fn set_person_news(&self, person: PersonId, input: PersonNews) -> Result<PersonNews> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE people SET news = ?, closure_news = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(clean(input.news))
        .bind(clean(input.closure_news))
        .bind(person)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "person" });
        }
        tx.commit().await?;
        self.person_news(person).await
    }

    /// Today's date on this computer's clock (SQLite's local time).
    pub async fn today(&self) -> Result<String> {
        Ok(sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(self.db.reader()).await?)
    }
}

pub(crate) async fn settings(conn: &mut SqliteConnection) -> Result<BillingSettings> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE 'billing.%'")
            .fetch_all(&mut *conn)
            .await?;
    let get = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let d = BillingSettings::default();
    Ok(BillingSettings {
        currency: get(KEYS[0]).unwrap_or(d.currency),
        hourly_rate: get(KEYS[1]).and_then(|v| v.parse().ok()).unwrap_or(d.hourly_rate),
        tax_rate_bp: get(KEYS[2]).and_then(|v| v.parse().ok()).unwrap_or(d.tax_rate_bp),
        payment_terms_days: get(KEYS[3]).and_then(|v| v.parse().ok()).unwrap_or(d.payment_terms_days),
        invoice_prefix: get(KEYS[4]).unwrap_or(d.invoice_prefix),
        company_name: get(KEYS[5]).unwrap_or_default(),
        company_address: get(KEYS[6]).unwrap_or_default(),
        company_email: get(KEYS[7]).unwrap_or_default(),
        payment_details: get(KEYS[8]).unwrap_or_default(),
        statement_title: get(KEYS[9]).filter(|t| !t.is_empty()).unwrap_or(d.statement_title),
        statement_intro: get(KEYS[10]).unwrap_or_default(),
        invoice_title: get(KEYS[11]).filter(|t| !t.is_empty()).unwrap_or(d.invoice_title),
        invoice_intro: get(KEYS[12]).unwrap_or_default(),
        document_footer: get(KEYS[13]).unwrap_or_default(),
    })
}

/// The organization `id` bills to: itself, or up the parents while each says "bill to parent".
pub(crate) async fn bill_to(conn: &mut SqliteConnection, id: OrganizationId) -> Result<OrganizationId> {
    let found: Option<OrganizationId> = sqlx::query_scalar(
        "WITH RECURSIVE up (id, parent_id, bill_to_parent, depth) AS (
            SELECT id, parent_id, bill_to_parent, 0 FROM organizations WHERE id = ?
            UNION ALL
            SELECT o.id, o.parent_id, o.bill_to_parent, up.depth + 1 FROM organizations o
            JOIN up ON o.id = up.parent_id WHERE up.bill_to_parent = 1 AND up.depth < 50)
         SELECT id FROM up ORDER BY depth DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    found.ok_or(Error::NotFound { entity: "organization" })
}

/// The next number of the counter `name` (1, 2, …), taken inside the caller's transaction.
pub(crate) async fn next_number(conn: &mut SqliteConnection, name: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO counters (name, value) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
    )
    .bind(name)
    .fetch_one(&mut *conn)
    .await?)
}

/// Minor units as "1,234.56" (two decimals, comma thousands, a leading minus when negative).
pub fn money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let (units, cents) = (abs / 100, abs % 100);
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{cents:02}")
}

/// Reads "1234.5", "1,234.50" or "-3" as minor units; `None` for anything else (more than two
/// decimals included).
pub fn parse_money(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', "");
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (units, cents) = match t.split_once('.') {
        Some((u, c)) if (1..=2).contains(&c.len()) => (u, format!("{c:0<2}")),
        Some(_) => return None,
        None => (t.as_str(), "00".to_owned()),
    };
    if units.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || !cents.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let value = units.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents.parse::<i64>().ok()?)?;
    Some(if negative { -value } else { value })
}

/// The amount for `minutes` at `rate` per hour, rounded half up to the minor unit.
pub fn time_amount(minutes: i64, rate: i64) -> Result<i64> {
    minutes.checked_mul(rate).and_then(|m| m.checked_add(30)).map(|m| m.div_euclid(60)).ok_or_else(too_large)
}

/// Tax on `subtotal` at `bp` basis points, rounded half up.
pub fn tax(subtotal: i64, bp: u32) -> Result<i64> {
    subtotal
        .checked_mul(i64::from(bp))
        .and_then(|m| m.checked_add(5_000))
        .map(|m| m.div_euclid(10_000))
        .ok_or_else(too_large)
}

/// The sum of `amounts`, or a validation error when it does not fit.
pub fn sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64> {
    amounts.into_iter().try_fold(0i64, |total, a| total.checked_add(a)).ok_or_else(too_large)
}

/// A rate or amount typed by a user: between 0 and [`MAX_AMOUNT`] (a billion in major units).
/// `what` names it at the start of the refusal ("The hourly rate", "The rate").
pub fn check_amount(field: &'static str, what: &str, value: i64) -> Result<()> {
    if (0..=MAX_AMOUNT).contains(&value) {
        return Ok(());
    }
    let max = shown_money(MAX_AMOUNT);
    // One whole sentence per caller's `what`, so that each can be translated.
    let message = match what {
        "The hourly rate" => msg("The hourly rate must be between 0 and {max}.", &[("max", &max)]),
        "The rate" => msg("The rate must be between 0 and {max}.", &[("max", &max)]),
        _ => msg("{what} must be between 0 and {max}.", &[("what", what), ("max", &max)]),
    };
    Err(Error::invalid(field, message))
}

/// Minor units as the language of the app's sentences writes money: "1,234.56" / "1.234,56".
pub(crate) fn shown_money(minor: i64) -> String {
    crate::statements::Words::new(crate::messages::language(), String::new()).money(minor)
}

fn too_large() -> Error {
    Error::invalid(
        "amount",
        msg("The amounts add up to more than Fieldbook can hold; check for a mistyped amount.", &[]),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_is_formatted_and_rounded_in_integers() {
        assert_eq!(super::money(123_456_789), "1,234,567.89");
        assert_eq!(super::money(-5), "-0.05");
        assert_eq!(super::money(100_000), "1,000.00");
        assert_eq!(super::time_amount(90, 9_000).unwrap(), 13_500);
        assert_eq!(super::time_amount(7, 10_000).unwrap(), 1_167);
        assert_eq!(super::tax(10_000, 1_900).unwrap(), 1_900);
        assert_eq!(super::tax(1, 5_000).unwrap(), 1);
        assert!(super::time_amount(1_440, i64::MAX / 100).is_err());
        assert!(super::tax(i64::MAX / 2, 10_000).is_err());
        assert!(super::sum([i64::MAX, 1]).is_err());
        assert_eq!(super::parse_money("1,234.5"), Some(123_450));
        assert_eq!(super::parse_money("-3"), Some(-300));
        assert_eq!(super::parse_money("0.07"), Some(7));
        assert_eq!(super::parse_money("1.234"), None);
        assert_eq!(super::parse_money("abc"), None);
    }
}
