//! The data dictionary: the words people read for the kinds of record ("Client" for
//! Organization, "Staff" for People, "Asset" for System …), renamed by an admin and shared by the
//! team, per language (settings keys `terms.<kind>.singular` and `.plural` in English,
//! `terms.de.<kind>.singular`, `.plural` and `.gender` in German; a word equal to the default is
//! not stored). The app's views take their words from here; CSV exports keep the canonical column
//! names so files re-import anywhere.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::settings::{put_setting, read_settings};
use crate::staff::Actor;
use crate::{Error, Result};

/// The languages the app speaks. English is the canonical one (CSV columns, the code's names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    /// The language of a locale tag ("de-AT", "de_DE.UTF-8" → German); English otherwise.
    pub fn from_tag(tag: &str) -> Self {
        match tag.split(['-', '_', '.']).next().unwrap_or("").to_ascii_lowercase().as_str() {
            "de" => Self::De,
            _ => Self::En,
        }
    }

    /// The operating system's language (`LC_ALL`, `LC_MESSAGES`, `LANG`, as POSIX orders them).
    pub fn from_env() -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map_or(Self::En, |v| Self::from_tag(&v))
    }

    /// The language stored as `language as u8`.
    pub fn from_u8(n: u8) -> Self {
        if n == Self::De as u8 { Self::De } else { Self::En }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
        }
    }

    /// Where a renamed word is kept: English under `terms.<key>.<form>` (as before languages),
    /// another language under `terms.<code>.<key>.<form>`.
    fn setting(self, key: &str, form: &str) -> String {
        match self {
            Self::En => format!("terms.{key}.{form}"),
            other => format!("terms.{}.{key}.{form}", other.code()),
        }
    }
}

/// A word as it stands inside a sentence: English drops each word's capital unless the word is
/// an abbreviation ("IT Asset" → "IT asset"); German nouns keep theirs (as the UI's `inSentence`).
pub fn in_sentence(word: &str, language: Language) -> String {
    if language == Language::De {
        return word.to_owned();
    }
    word.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) if first.is_uppercase() && !chars.clone().any(char::is_uppercase) => {
                    first.to_lowercase().chain(chars).collect()
                }
                _ => w.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key a term's plural goes by in messages ("people" for person).
pub fn plural_key(key: &str) -> &'static str {
    match key {
        "organization" => "organizations",
        "site" => "sites",
        "person" => "people",
        "system" => "systems",
        "ticket" => "tickets",
        "contract" => "contracts",
        "activity" => "activities",
        _ => "",
    }
}

/// A term's words: key, singular, plural, gender.
pub(crate) type TermWords = (String, String, String, Option<String>);

/// Every term's default words in `language`: key, singular, plural, gender.
pub(crate) fn defaults(language: Language) -> Vec<TermWords> {
    TERMS
        .iter()
        .map(|d| {
            let (one, many, gender, _) = d.words(language);
            (d.key.to_owned(), one.to_owned(), many.to_owned(), gender.map(str::to_owned))
        })
        .collect()
}

/// A term's default words in one language: singular, plural, grammatical gender (m, f, n where
/// the language has one), and what it names (for the editor).
struct Defaults {
    key: &'static str,
    en: (&'static str, &'static str, &'static str),
    de: (&'static str, &'static str, &'static str, &'static str),
}

/// The renamable terms with their words in each language (the UI's DEFAULT_TERMS has the same).
const TERMS: &[Defaults] = &[
    Defaults {
        key: "organization",
        en: ("Organization", "Organizations", "companies, departments and sites you serve"),
        de: ("Organisation", "Organisationen", "f", "Firmen, Abteilungen und Standorte, die Sie betreuen"),
    },
    Defaults {
        key: "site",
        en: ("Site", "Sites", "an organization that is part of another"),
        de: ("Standort", "Standorte", "m", "eine Organisation, die zu einer anderen gehört"),
    },
    Defaults {
        key: "person",
        en: ("Person", "People", "the contacts at your customers"),
        de: ("Person", "Personen", "f", "die Ansprechpartner bei Ihren Kunden"),
    },
    Defaults {
        key: "system",
        en: ("System", "Systems", "equipment installed at a site"),
        de: ("System", "Systeme", "n", "an einem Standort installierte Geräte"),
    },
    Defaults {
        key: "ticket",
        en: ("Ticket", "Tickets", "requests you work on and bill"),
        de: ("Ticket", "Tickets", "n", "Anfragen, die Sie bearbeiten und abrechnen"),
    },
    Defaults {
        key: "contract",
        en: ("Contract", "Contracts", "service contracts and prepaid hours"),
        de: ("Vertrag", "Verträge", "m", "Serviceverträge und vorausbezahlte Stunden"),
    },
    Defaults {
        key: "activity",
        en: ("Activity", "Activities", "calls, meetings and tasks you plan"),
        de: ("Aktivität", "Aktivitäten", "f", "geplante Anrufe, Termine und Aufgaben"),
    },
];

impl Defaults {
    /// Singular, plural, gender, what it names.
    fn words(&self, language: Language) -> (&'static str, &'static str, Option<&'static str>, &'static str) {
        match language {
            Language::En => (self.en.0, self.en.1, None, self.en.2),
            Language::De => (self.de.0, self.de.1, Some(self.de.2), self.de.3),
        }
    }
}

const WORD_MAX: usize = 40;

/// One term as the editor shows it, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Term {
    pub key: String,
    pub singular: String,
    pub plural: String,
    /// The grammatical gender ("m", "f", "n") in a language that has one (German), else null.
    pub gender: Option<String>,
    pub default_singular: String,
    pub default_plural: String,
    pub default_gender: Option<String>,
    /// What the term names, for the editor.
    pub about: String,
}

/// One term as the editor sends it (blank: back to the default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TermInput {
    pub key: String,
    pub singular: String,
    pub plural: String,
    /// "m", "f" or "n" in German (its articles and adjectives follow it); ignored in English.
    #[serde(default)]
    #[ts(optional)]
    pub gender: Option<String>,
}

/// The data dictionary service.
pub struct Terms<'a> {
    db: &'a Db,
}

impl<'a> Terms<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Every term of `language`, renamed or default, in the editor's order.
    pub async fn list(&self, language: Language) -> Result<Vec<Term>> {
        let stored = read_settings(self.db.reader(), "terms.").await?;
        let word = |key: &str, form: &str| {
            let setting = language.setting(key, form);
            stored.iter().find(|(k, _)| *k == setting).map(|(_, v)| v.clone())
        };
        let terms: Vec<Term> = TERMS
            .iter()
            .map(|d| {
                let (singular, plural, gender, about) = d.words(language);
                Term {
                    key: d.key.into(),
                    singular: word(d.key, "singular").unwrap_or_else(|| singular.into()),
                    plural: word(d.key, "plural").unwrap_or_else(|| plural.into()),
                    gender: gender.map(|g| word(d.key, "gender").unwrap_or_else(|| g.into())),
                    default_singular: singular.into(),
                    default_plural: plural.into(),
                    default_gender: gender.map(Into::into),
                    about: about.into(),
                }
            })
            .collect();
        crate::messages::remember_terms(language, &terms);
        Ok(terms)
    }

    /// The words an admin gave the term `key` in any language (singular and plural), for
    /// recognising them in imported files' headers ("Client" for an organization).
    pub async fn renamed(&self, key: &str) -> Result<Vec<String>> {
        let mut words = Vec::new();
        for language in [Language::En, Language::De] {
            for t in self.list(language).await?.into_iter().filter(|t| t.key == key) {
                for (word, default) in [(t.singular, t.default_singular), (t.plural, t.default_plural)] {
                    if word != default && !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
        Ok(words)
    }

    /// Renames terms of `language` (those not sent keep their words). Every word is checked
    /// first: none may be empty or used by another term; nothing is saved otherwise.
    pub async fn update(&self, language: Language, input: Vec<TermInput>, by: &Actor) -> Result<Vec<Term>> {
        by.require_admin(&msg("rename the terms", &[]))?;
        let before = self.list(language).await?;
        let mut terms = before.clone();
        for term in &input {
            let Some(t) = terms.iter_mut().find(|t| t.key == term.key) else {
                return Err(Error::invalid(
                    "terms",
                    msg("There is no term “{key}” to rename.", &[("key", &term.key)]),
                ));
            };
            let (one, several) = (msg("the word for one", &[]), msg("the word for several", &[]));
            t.singular = tidy(&term.singular, &t.default_singular, &one, &t.default_singular)?;
            t.plural = tidy(&term.plural, &t.default_plural, &several, &t.default_singular)?;
            if let (Some(default), Some(gender)) = (&t.default_gender, &term.gender) {
                let gender = gender.trim();
                t.gender = Some(match gender {
                    "" => default.clone(),
                    "m" | "f" | "n" => gender.to_owned(),
                    _ => {
                        return Err(Error::invalid(
                            "terms",
                            msg("{term}: the gender is m, f or n.", &[("term", &t.default_singular)]),
                        ));
                    }
                });
            }
        }
        check_distinct(&terms)?;
        let mut tx = self.db.begin_write().await?;
        for (t, old) in terms.iter().zip(&before) {
            let forms = [
                ("singular", Some(&t.singular), Some(&t.default_singular), Some(&old.singular)),
                ("plural", Some(&t.plural), Some(&t.default_plural), Some(&old.plural)),
                ("gender", t.gender.as_ref(), t.default_gender.as_ref(), old.gender.as_ref()),
            ];
            for (form, word, default, was) in forms {
                let Some(word) = word else { continue };
                if Some(word) == was {
                    continue;
                }
                let value = (Some(word) != default).then_some(word.as_str());
                put_setting(&mut tx, &language.setting(&t.key, form), value).await?;
            }
        }
        tx.commit().await?;
        self.list(language).await
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
        return Err(Error::invalid(
            "terms",
            msg(
                "{term}: {form} has at most {max} characters.",
                &[("term", term), ("form", form), ("max", &WORD_MAX.to_string())],
            ),
        ));
    }
    if !word.chars().any(char::is_alphabetic)
        || word.chars().any(|c| !(c.is_alphanumeric() || " -'’.&/".contains(c)))
    {
        return Err(Error::invalid(
            "terms",
            msg(
                "{term}: “{word}” is not a word people can read as {form}.",
                &[("term", term), ("word", &word), ("form", form)],
            ),
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
                            msg(
                                "“{word}” would name both {one} and {other}; give each its own word.",
                                &[("word", wa), ("one", &a.default_plural), ("other", &b.default_plural)],
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}
