//! The core's sentences for people — a refusal shown beside a form's field — in the app's
//! language, with the data dictionary's words. gettext-style: the English sentence is the key;
//! German comes from the tables in `de/` (a sentence missing there stays English). The language is
//! the process's (`Core::set_language`: the app's choice, the CLI's `LANG`); the dictionary's
//! words are those last listed for it (`Terms::list`, which the app calls at start and after a
//! rename), else the language's defaults.
//!
//! A template names its values `{name}` and may use the dictionary's words like the UI's
//! messages: `{organization}` inside a sentence, `{Organization}` at its start, `{organizations}`
//! / `{Organizations}`, `{a_organization}` (English "an organization", "a client"), and German
//! articles by the word's gender: `{organization_g:der|die|das}` (masculine|feminine|neuter).
//! The German tables are in `de/`, one per area; a test (`tests/refusal_language.rs`) fails when
//! a refusal is written without `msg` or a sentence has no German.

#[cfg(test)]
mod coverage;
mod de;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{OnceLock, RwLock};

use crate::terms::{Language, Term, TermWords, in_sentence};

static LANGUAGE: AtomicU8 = AtomicU8::new(0);
/// The dictionary's words for the language in use: key, singular, plural, gender.
static WORDS: RwLock<Vec<TermWords>> = RwLock::new(Vec::new());

/// Sets the language refusals are written in (the whole process: one user per app).
pub(crate) fn set_language(language: Language) {
    LANGUAGE.store(language as u8, Ordering::Relaxed);
}

/// The language refusals are written in.
pub(crate) fn language() -> Language {
    Language::from_u8(LANGUAGE.load(Ordering::Relaxed))
}

/// Keeps the dictionary's words of `language` when it is the one in use.
pub(crate) fn remember_terms(language: Language, terms: &[Term]) {
    if language != self::language() {
        return;
    }
    if let Ok(mut words) = WORDS.write() {
        *words = terms
            .iter()
            .map(|t| (t.key.clone(), t.singular.clone(), t.plural.clone(), t.gender.clone()))
            .collect();
    }
}

/// `english` in the language in use, its `{name}` values and the dictionary's words filled in —
/// in that order, so a value may itself be a dictionary placeholder (`("records",
/// "{organizations}")`, as custom fields name the kind of record they belong to).
pub fn msg(english: &'static str, values: &[(&str, &str)]) -> String {
    let language = language();
    let template = match language {
        Language::En => english,
        Language::De => german().get(english).copied().unwrap_or(english),
    };
    debug_assert!(
        placeholders(english).iter().all(|name| is_term(name) || values.iter().any(|(n, _)| n == name)),
        "a value of “{english}” is missing"
    );
    let mut text = fill(template, values);
    for (key, singular, plural, gender) in words(language) {
        let plural_key = crate::terms::plural_key(&key);
        let one = in_sentence(&singular, language);
        let article =
            if one.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
        text = text
            .replace(&format!("{{{key}}}"), &one)
            .replace(&format!("{{{plural_key}}}"), &in_sentence(&plural, language))
            .replace(&format!("{{{}}}", capitalised(&key)), &capitalised(&singular))
            .replace(&format!("{{{}}}", capitalised(plural_key)), &capitalised(&plural))
            .replace(&format!("{{a_{key}}}"), &format!("{article} {one}"))
            .replace(&format!("{{A_{key}}}"), &format!("{} {one}", capitalised(article)));
        text = genders(&text, &key, gender.as_deref());
    }
    text
}

/// The sentence for a record that is gone (deleted elsewhere, a stale link): "That {entity} no
/// longer exists." with the dictionary's word where the record is one of its terms.
pub fn not_found(entity: &str) -> String {
    match entity {
        "organization" => msg("That {organization} no longer exists.", &[]),
        "person" | "contact" => msg("That {person} no longer exists.", &[]),
        "system" => msg("That {system} no longer exists.", &[]),
        "ticket" => msg("That {ticket} no longer exists.", &[]),
        "contract" => msg("That {contract} no longer exists.", &[]),
        "activity" => msg("That {activity} no longer exists.", &[]),
        "note" => msg("That note no longer exists.", &[]),
        "system type" => msg("That system type no longer exists.", &[]),
        "stream entry" | "post" => msg("That entry no longer exists.", &[]),
        "merge" => msg("That merge no longer exists.", &[]),
        "invoice" => msg("That invoice no longer exists.", &[]),
        "conflict" => msg("That conflict is already resolved.", &[]),
        "SLA" => msg("That SLA no longer exists.", &[]),
        "time entry" => msg("That time entry no longer exists.", &[]),
        "staff member" => msg("That staff member no longer exists.", &[]),
        "secret" => msg("That password no longer exists.", &[]),
        "member" => msg("That team member no longer exists.", &[]),
        "list entry" => msg("That list entry no longer exists.", &[]),
        "import" => msg("That import no longer exists.", &[]),
        "file" | "file contents" => msg("That file no longer exists.", &[]),
        "email" => msg("That email no longer exists.", &[]),
        "custom field" => msg("That custom field no longer exists.", &[]),
        "call-back" => msg("That call-back no longer exists.", &[]),
        _ => msg("That record no longer exists.", &[]),
    }
}

/// German for each English sentence, from every area's table.
fn german() -> &'static HashMap<&'static str, &'static str> {
    static GERMAN: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    GERMAN.get_or_init(|| de::TABLES.iter().flat_map(|table| table.iter().copied()).collect())
}

/// The `{name}` placeholders of a template (a gender choice `{key_g:…}` not among them).
fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split(['}', ':']).next())
        .filter(|n| !n.ends_with("_g") && !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether `name` is one of the dictionary's placeholders (`organization`, `Sites`, `a_person`…).
fn is_term(name: &str) -> bool {
    let bare = name.trim_start_matches("a_").trim_start_matches("A_").to_lowercase();
    crate::terms::defaults(Language::En)
        .iter()
        .any(|(key, _, _, _)| bare == *key || bare == crate::terms::plural_key(key))
}

/// `template` with its `{name}` placeholders replaced by `values`.
pub(crate) fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |t, (name, value)| t.replace(&format!("{{{name}}}"), value))
}

/// The words in use: those remembered, else the language's defaults.
fn words(language: Language) -> Vec<TermWords> {
    let remembered = WORDS.read().map(|w| w.clone()).unwrap_or_default();
    if !remembered.is_empty() {
        return remembered;
    }
    crate::terms::defaults(language)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `{key_g:der|die|das}` → the form for the word's gender (masculine, feminine, neuter).
fn genders(text: &str, key: &str, gender: Option<&str>) -> String {
    let open = format!("{{{key}_g:");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let forms: Vec<&str> = after[..end].split('|').collect();
        let index = match gender {
            Some("m") => 0,
            Some("f") => 1,
            _ => 2,
        };
        out.push_str(forms.get(index).or(forms.last()).copied().unwrap_or(""));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_has_every_value_of_the_english_and_known_words_only() {
        let values = |s| placeholders(s).into_iter().filter(|n| !is_term(n)).collect::<Vec<_>>();
        for (en, de) in de::TABLES.iter().flat_map(|t| t.iter()) {
            assert_ne!(en, de, "untranslated: {en}");
            assert_eq!(values(en), values(de), "{en}");
        }
    }

    #[test]
    fn each_sentence_has_one_german_table_entry() {
        let mut seen = std::collections::HashSet::new();
        for (en, _) in de::TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(*en), "twice in the German tables: {en}");
        }
    }

    #[test]
    fn a_value_may_name_a_dictionary_word() {
        let text = msg("{records}: at most {max}.", &[("records", "{Organizations}"), ("max", "20")]);
        if language() == Language::En {
            assert_eq!(text, "Organizations: at most 20.");
        }
        assert!(!text.contains('{'), "{text}");
    }

    #[test]
    fn gender_forms_follow_the_word() {
        assert_eq!(genders("{organization_g:der|die|das} Kunde", "organization", Some("m")), "der Kunde");
        assert_eq!(genders("{organization_g:der|die|das} Firma", "organization", Some("f")), "die Firma");
        assert_eq!(genders("x {organization_g:der|die|das}", "organization", None), "x das");
    }
}
