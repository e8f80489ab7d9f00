//! The data dictionary: the words people read for the kinds of record ("Client" for
//! Organization, "Staff" for People, "Asset" for System …), renamed by an admin and shared by the
//! team (settings keys `terms.<kind>.singular` and `.plural`; a word equal to the default is not
//! stored). The app's views take their words from here; CSV exports keep the canonical column
//! names so files re-import anywhere.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::settings::{put_setting, read_settings};
use crate::staff::Actor;
use crate::{Error, Result};

/// The renamable terms: key, default singular, default plural, what it names (for the editor).
pub const TERMS: &[(&str, &str, &str, &str)] = &[
    ("organization", "Organization", "Organizations", "companies, departments and sites you serve"),
    ("site", "Site", "Sites", "an organization that is part of another"),
    ("person", "Person", "People", "the contacts at your customers"),
    ("system", "System", "Systems", "equipment installed at a site"),
    ("ticket", "Ticket", "Tickets", "requests you work on and bill"),
    ("contract", "Contract", "Contracts", "service contracts and prepaid hours"),
    ("activity", "Activity", "Activities", "calls, meetings and tasks you plan"),
];

const WORD_MAX: usize = 40;

/// One term as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Term {
    pub key: String,
    pub singular: String,
    pub plural: String,
    pub default_singular: String,
    pub default_plural: String,
    /// What the term names, for the editor.
    pub about: String,
}

/// One term as the editor sends it (blank: back to the default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TermInput {
    pub key: String,
    pub singular: String,
    pub plural: String,
}

/// The data dictionary service.
pub struct Terms<'a> {
    db: &'a Db,
}

impl<'a> Terms<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Every term, renamed or default, in the editor's order.
    pub async fn list(&self) -> Result<Vec<Term>> {
        let stored = read_settings(self.db.reader(), "terms.").await?;
        let word = |key: &str, form: &str| {
            stored.iter().find(|(k, _)| *k == format!("terms.{key}.{form}")).map(|(_, v)| v.clone())
        };
        Ok(TERMS
            .iter()
            .map(|(key, singular, plural, about)| Term {
                key: (*key).into(),
                singular: word(key, "singular").unwrap_or_else(|| (*singular).into()),
                plural: word(key, "plural").unwrap_or_else(|| (*plural).into()),
                default_singular: (*singular).into(),
                default_plural: (*plural).into(),
                about: (*about).into(),
            })
            .collect())
    }

    /// Renames terms (those not sent keep their words). Every word is checked first: none may be
    /// empty or used by another term; nothing is saved otherwise.
    pub async fn update(&self, input: Vec<TermInput>, by: &Actor) -> Result<Vec<Term>> {
        by.require_admin("rename the terms")?;
        let before = self.list().await?;
        let mut terms = before.clone();
        for term in &input {
            let Some(t) = terms.iter_mut().find(|t| t.key == term.key) else {
                return Err(Error::invalid("terms", format!("There is no term “{}” to rename.", term.key)));
            };
            t.singular = tidy(&term.singular, &t.default_singular, "the word for one", &t.default_singular)?;
            t.plural = tidy(&term.plural, &t.default_plural, "the word for several", &t.default_singular)?;
        }
        check_distinct(&terms)?;
        let mut tx = self.db.begin_write().await?;
        for (t, old) in terms.iter().zip(&before) {
            for (form, word, default, was) in [
                ("singular", &t.singular, &t.default_singular, &old.singular),
                ("plural", &t.plural, &t.default_plural, &old.plural),
            ] {
                if word == was {
                    continue;
                }
                let value = (word != default).then_some(word.as_str());
                put_setting(&mut tx, &format!("terms.{}.{form}", t.key), value).await?;
            }
        }
        tx.commit().await?;
        self.list().await
    }
}

/// A word trimmed, spaces collapsed; blank means the default. Refuses one too long or with
/// characters that are not letters, digits, spaces, hyphens, apostrophes, dots or ampersands.
fn tidy(word: &str, default: &str, form: &str, term: &str) -> Result<String> {
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    if word.is_empty() {
        return Ok(default.to_owned());
    }
    if word.chars().count() > WORD_MAX {
        return Err(Error::invalid("terms", format!("{term}: {form} has at most {WORD_MAX} characters.")));
    }
    if !word.chars().any(char::is_alphabetic)
        || word.chars().any(|c| !(c.is_alphanumeric() || " -'’.&/".contains(c)))
    {
        return Err(Error::invalid(
            "terms",
            format!("{term}: “{word}” is not a word people can read as {form}."),
        ));
    }
    Ok(word)
}

/// Two terms may not share a word (in either form, case ignored): a menu would show two things
/// under one name.
fn check_distinct(terms: &[Term]) -> Result<()> {
    for (i, a) in terms.iter().enumerate() {
        for b in &terms[i + 1..] {
            for wa in [&a.singular, &a.plural] {
                for wb in [&b.singular, &b.plural] {
                    if wa.to_lowercase() == wb.to_lowercase() {
                        return Err(Error::invalid(
                            "terms",
                            format!(
                                "“{wa}” would name both {} and {}; give each its own word.",
                                a.default_plural, b.default_plural
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}
