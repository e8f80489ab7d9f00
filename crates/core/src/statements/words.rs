//! The words, dates and amounts of statements and invoices in the app's language: English as the
//! code writes it (the message id, as gettext does), German from the table below; dates and
//! amounts as the language writes them (German: 31.12.2026, 1.234,56; English keeps ISO dates and
//! 1,234.56); and the data dictionary's words in that language (the invoice's "Site" column).

use crate::billing::money;
use crate::terms::Language;

/// Every English text the documents print, with its German. A text missing here prints in
/// English; the test below renders both documents in German and finds none.
const GERMAN: &[(&str, &str)] = &[
    // Statements
    ("Activity statement", "Kontoauszug"),
    ("Open items", "Offene Posten"),
    ("Statement date: {date}", "Datum des Auszugs: {date}"),
    ("Statement date {date}", "Datum des Auszugs {date}"),
    ("Statement {customer} {date}", "Kontoauszug {customer} {date}"),
    ("Period: {from} – {to}", "Zeitraum: {from} – {to}"),
    ("Account: {account}", "Kundennummer: {account}"),
    (" · Account {account}", " · Kundennummer {account}"),
    ("Amounts in {currency}", "Beträge in {currency}"),
    ("Balance due: {amount}", "Offener Saldo: {amount}"),
    ("To", "An"),
    ("Date", "Datum"),
    ("Document", "Beleg"),
    ("Due", "Fällig"),
    ("Amount", "Betrag"),
    ("Balance", "Saldo"),
    ("Invoice", "Rechnung"),
    ("Paid", "Bezahlt"),
    ("Open", "Offen"),
    ("Overdue", "Überfällig"),
    ("{days} days", "{days} Tage"),
    ("Opening balance", "Anfangssaldo"),
    ("Closing balance", "Endsaldo"),
    ("Balance due", "Offener Saldo"),
    ("Unapplied payments and credits", "Nicht zugeordnete Zahlungen und Gutschriften"),
    ("Aging as of {date}", "Altersstruktur zum {date}"),
    ("Current", "Nicht fällig"),
    ("1–30 days", "1–30 Tage"),
    ("31–60 days", "31–60 Tage"),
    ("61–90 days", "61–90 Tage"),
    ("90+ days", "über 90 Tage"),
    ("Total", "Summe"),
    ("Page {n} of {of}", "Seite {n} von {of}"),
    // A statement line's document
    ("Invoice {number}", "Rechnung {number}"),
    ("Void of invoice {number}", "Storno der Rechnung {number}"),
    ("Payment", "Zahlung"),
    ("Credit note", "Gutschrift"),
    // Invoices
    ("Invoice {number} {customer}", "Rechnung {number} {customer}"),
    ("Invoice date: {date}", "Rechnungsdatum: {date}"),
    ("Due date: {date}", "Fällig am: {date}"),
    ("VOID since {date}", "STORNIERT seit {date}"),
    ("Amount due: {amount}", "Zu zahlen: {amount}"),
    ("{customer} · Invoice {number} · {date}", "{customer} · Rechnung {number} · {date}"),
    ("Description", "Beschreibung"),
    ("Requester", "Anfragende Person"),
    ("Hours", "Stunden"),
    ("Subtotal", "Zwischensumme"),
    ("Tax {rate} %", "USt. {rate} %"),
    ("Amount due", "Zu zahlen"),
    ("Payment terms", "Zahlungsbedingungen"),
    (
        "Due on {date} ({days} days from the invoice date).",
        "Fällig am {date} ({days} Tage nach Rechnungsdatum).",
    ),
    ("How to pay", "Zahlungsweise"),
    // The billing settings' default titles and the placeholder for a company without a name
    ("STATEMENT OF ACCOUNT", "KONTOAUSZUG"),
    ("INVOICE", "RECHNUNG"),
    ("Your company", "Ihre Firma"),
    // E-mail drafts
    ("Statement of account {date} – {customer}", "Kontoauszug {date} – {customer}"),
    (
        "Dear {name},\n\nplease find attached your statement of account as of {date} (balance {amount}).\n\nKind regards\n{company}\n",
        "Guten Tag {name},\n\nanbei erhalten Sie Ihren Kontoauszug zum {date} (Saldo {amount}).\n\nMit freundlichen Grüßen\n{company}\n",
    ),
    ("Invoice {number} – {customer}", "Rechnung {number} – {customer}"),
    (
        "Dear {name},\n\nplease find attached invoice {number} of {date} over {amount}, due on {due}.\n\nKind regards\n{company}\n",
        "Guten Tag {name},\n\nanbei erhalten Sie die Rechnung {number} vom {date} über {amount}, fällig am {due}.\n\nMit freundlichen Grüßen\n{company}\n",
    ),
];

/// The words, dates and amounts of one document, in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub language: Language,
    /// The dictionary's word for a site (the invoice's column), in that language.
    pub site: String,
}

impl Words {
    /// The words of `language` with the dictionary's `site` word.
    pub fn new(language: Language, site: String) -> Self {
        Self { language, site }
    }

    /// `english` in the document's language.
    pub fn t(&self, english: &'static str) -> &'static str {
        match self.language {
            Language::En => english,
            Language::De => GERMAN.iter().find(|(en, _)| *en == english).map_or(english, |(_, de)| de),
        }
    }

    /// `english` with its `{name}` placeholders filled.
    pub fn fill(&self, english: &'static str, values: &[(&str, &str)]) -> String {
        crate::messages::fill(self.t(english), values)
    }

    /// A document's title from the billing settings: the default one in the document's language
    /// ("INVOICE" → "RECHNUNG"), one the admin wrote as written.
    pub fn title(&self, stored: &str) -> String {
        match stored {
            crate::billing::STATEMENT_TITLE => self.t(crate::billing::STATEMENT_TITLE).to_owned(),
            crate::billing::INVOICE_TITLE => self.t(crate::billing::INVOICE_TITLE).to_owned(),
            other => other.to_owned(),
        }
    }

    /// An ISO date as the language writes it (English keeps ISO: unambiguous on both sides of the
    /// Atlantic).
    pub fn date(&self, iso: &str) -> String {
        match (self.language, iso.split('-').collect::<Vec<_>>().as_slice()) {
            (Language::De, [y, m, d]) if y.len() == 4 => format!("{d}.{m}.{y}"),
            _ => iso.to_owned(),
        }
    }

    /// Minor units as the language writes money: "1,234.56" / "1.234,56".
    pub fn money(&self, minor: i64) -> String {
        self.numbers(money(minor))
    }

    /// An English-written number ("1,234.56") in the language's separators.
    pub fn numbers(&self, english: String) -> String {
        match self.language {
            Language::En => english,
            Language::De => english
                .chars()
                .map(|c| match c {
                    ',' => '.',
                    '.' => ',',
                    other => other,
                })
                .collect(),
        }
    }

    /// A statement line's document ("Invoice INV-7", "Payment 4711", "Credit note") in the
    /// language: the ledger writes them in English with these fixed beginnings; `statement()`
    /// translates its lines once.
    pub fn document(&self, english: &str) -> String {
        for (prefix, template, key) in [
            ("Void of invoice ", "Void of invoice {number}", "number"),
            ("Invoice ", "Invoice {number}", "number"),
        ] {
            if let Some(rest) = english.strip_prefix(prefix) {
                return self.fill(template, &[(key, rest)]);
            }
        }
        for what in ["Credit note", "Payment"] {
            if let Some(rest) = english.strip_prefix(what) {
                return format!("{}{rest}", self.t(what));
            }
        }
        english.to_owned()
    }

    /// Every text the documents may print in this language, for the font subsets.
    pub fn all_text(&self) -> String {
        let mut text: String =
            GERMAN.iter().map(|(en, de)| if self.language == Language::De { *de } else { *en }).collect();
        text.push_str(&self.site);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_dates_amounts_and_documents() {
        let de = Words::new(Language::De, "Filiale".into());
        assert_eq!(de.date("2026-12-31"), "31.12.2026");
        assert_eq!(de.money(123456789), "1.234.567,89");
        assert_eq!(de.money(-5), "-0,05");
        assert_eq!(de.document("Invoice INV-00042"), "Rechnung INV-00042");
        assert_eq!(de.document("Void of invoice INV-7"), "Storno der Rechnung INV-7");
        assert_eq!(de.document("Payment 4711"), "Zahlung 4711");
        assert_eq!(de.document("Credit note"), "Gutschrift");
        assert_eq!(de.fill("Page {n} of {of}", &[("n", "2"), ("of", "3")]), "Seite 2 von 3");
        let en = Words::new(Language::En, "Site".into());
        assert_eq!((en.date("2026-12-31"), en.money(123456)), ("2026-12-31".into(), "1,234.56".into()));
        assert_eq!(en.document("Payment 4711"), "Payment 4711");
    }

    #[test]
    fn every_german_text_differs_and_keeps_its_placeholders() {
        for (en, de) in GERMAN {
            assert_ne!(en, de, "untranslated: {en}");
            let names = |s: &str| {
                s.split('{')
                    .skip(1)
                    .filter_map(|p| p.split('}').next())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(en), names(de), "{en}");
        }
    }
}
