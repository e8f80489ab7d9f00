//! The core's sentences for people — a refusal shown beside a form's field — in the app's
//! language, with the data dictionary's words. gettext-style: the English sentence is the key;
//! German comes from the table below (a sentence missing there stays English). The language is
//! the process's (`Core::set_language`: the app's choice, the CLI's `LANG`); the dictionary's
//! words are those last listed for it (`Terms::list`, which the app calls at start and after a
//! rename), else the language's defaults.
//!
//! A template names its values `{name}` and may use the dictionary's words like the UI's
//! messages: `{organization}` inside a sentence, `{Organization}` at its start, `{organizations}`
//! / `{Organizations}`, `{a_organization}` (English "an organization", "a client"), and German
//! articles by the word's gender: `{organization_g:der|die|das}` (masculine|feminine|neuter).
//! Not every refusal is here yet: the record forms' are (organizations, people, custom fields,
//! terms); the rest still speak English.

use std::sync::RwLock;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::terms::{Language, Term, TermWords, in_sentence};

static LANGUAGE: AtomicU8 = AtomicU8::new(0);
/// The dictionary's words for the language in use: key, singular, plural, gender.
static WORDS: RwLock<Vec<TermWords>> = RwLock::new(Vec::new());

/// German for each English sentence.
const GERMAN: &[(&str, &str)] = &[
    // Organizations
    ("Name is required.", "Bitte einen Namen eingeben."),
    ("“{email}” is not an email address.", "„{email}“ ist keine E-Mail-Adresse."),
    ("Account number {number} is already used by {name}.", "Die Kundennummer {number} hat schon {name}."),
    (
        "Account number {number} is already used by {name} (archived).",
        "Die Kundennummer {number} hat schon {name} (archiviert).",
    ),
    (
        "{A_organization} cannot be its own parent.",
        "{Organization} und {organization_g:übergeordneter|übergeordnete|übergeordnetes} {Organization} müssen verschieden sein.",
    ),
    (
        "That parent is one of this {organization}'s own {sites}; {a_organization} cannot be above itself.",
        "Die Wahl gehört selbst zu den eigenen {Sites}; nichts kann über sich selbst stehen.",
    ),
    (
        "The chosen parent {organization} no longer exists.",
        "{organization_g:Der gewählte übergeordnete|Die gewählte übergeordnete|Das gewählte übergeordnete} {Organization} existiert nicht mehr.",
    ),
    // People
    ("Enter a first or a last name.", "Bitte einen Vor- oder Nachnamen eingeben."),
    (
        "The chosen {organization} no longer exists.",
        "{organization_g:Der|Die|Das} gewählte {Organization} existiert nicht mehr.",
    ),
    (
        "One of the chosen {people} no longer exists or is already linked to {a_organization}.",
        "Eine der gewählten {People} gibt es nicht mehr, oder sie ist schon mit {organization_g:einem|einer|einem} {Organization} verknüpft.",
    ),
    // Custom fields
    ("{label}: this field is required.", "{label}: Dieses Feld ist ein Pflichtfeld."),
    ("{label}: one line only.", "{label}: nur eine Zeile."),
    ("{label}: at most {max} characters.", "{label}: höchstens {max} Zeichen."),
    ("{label}: “{value}” is not {what}.", "{label}: „{value}“ ist {what}."),
    ("a single line of text", "keine einzelne Textzeile"),
    ("text", "kein Text"),
    ("a number", "keine Zahl"),
    ("a date (YYYY-MM-DD)", "kein Datum (JJJJ-MM-TT)"),
    ("yes or no", "weder ja noch nein"),
    ("one of the choices", "keine der Auswahlen"),
    ("a web address", "keine Webadresse"),
    ("an email address", "keine E-Mail-Adresse"),
    ("a phone number", "keine Telefonnummer"),
    (
        "{label}: “{value}” is not a number as Fieldbook keeps them: write decimals with a dot (like 2.5 or 1,200.50).",
        "{label}: „{value}“ ist keine Zahl, wie Fieldbook sie speichert: Dezimalstellen mit Punkt (wie 2.5 oder 1,200.50).",
    ),
    (
        "{label}: “{value}” is not one of the choices ({choices}).",
        "{label}: „{value}“ ist keine der Auswahlen ({choices}).",
    ),
    // Activities
    (
        "Only a planned {activity} can be changed.",
        "Nur {activity_g:ein geplanter|eine geplante|ein geplantes} {Activity} kann geändert werden.",
    ),
    ("At most {max} characters, please.", "Bitte höchstens {max} Zeichen."),
    (
        "Say how it went: the outcome goes to the stream.",
        "Sagen Sie, wie es lief: Das Ergebnis kommt in den Verlauf.",
    ),
    (
        "This {activity} is already done or cancelled.",
        "{activity_g:Dieser|Diese|Dieses} {Activity} ist schon erledigt oder abgesagt.",
    ),
    ("Enter a subject.", "Bitte einen Betreff eingeben."),
    ("At most {max} characters.", "Höchstens {max} Zeichen."),
    ("Choose a type.", "Bitte eine Art wählen."),
    (
        "“{value}” is not a date and time (YYYY-MM-DD HH:MM).",
        "„{value}“ ist kein Datum mit Uhrzeit (JJJJ-MM-TT HH:MM).",
    ),
    ("Choose a staff member from the list.", "Bitte einen Mitarbeiter aus der Liste wählen."),
    ("{name} is inactive.", "{name} ist inaktiv."),
    // Staff
    (
        "Nobody is chosen as this machine's user yet: pick who you are in Settings → Staff.",
        "Für diesen Rechner ist noch niemand gewählt: Wählen Sie unter Einstellungen → Mitarbeiter, wer Sie sind.",
    ),
    (
        "{name} is inactive; an admin can reactivate them.",
        "{name} ist inaktiv; ein Administrator kann die Person wieder aktivieren.",
    ),
    (
        "{name} is the only active admin; make someone else an admin first.",
        "{name} ist der einzige aktive Administrator; machen Sie zuerst jemand anderen zum Administrator.",
    ),
    ("You cannot delete yourself.", "Sie können sich nicht selbst löschen."),
    ("{name} is the only active admin.", "{name} ist der einzige aktive Administrator."),
    (
        "There is already a staff member called {name}; add a middle initial or a team name.",
        "Es gibt schon einen Mitarbeiter namens {name}; ergänzen Sie eine Initiale oder einen Teamnamen.",
    ),
    ("The name is required.", "Bitte einen Namen eingeben."),
    ("The name is longer than {max} characters.", "Der Name ist länger als {max} Zeichen."),
    // The team on a customer
    ("{name} is already {role} of {organization_name}.", "{name} ist schon {role} bei {organization_name}."),
    ("Choose {a_person} from the list.", "Bitte {person_g:einen|eine|ein} {Person} aus der Liste wählen."),
    (
        "{name} is already one of {organization_name}'s {people}.",
        "{name} gehört schon zu den {People} von {organization_name}.",
    ),
    // Notes
    ("The note is empty.", "Die Notiz ist leer."),
    // Systems and their types
    ("Field {n} needs a label.", "Feld {n} braucht eine Bezeichnung."),
    ("There are two fields called “{label}”.", "Es gibt zwei Felder namens „{label}“."),
    ("There is already a type called “{name}”.", "Es gibt schon eine Art namens „{name}“."),
    (
        "“{name}” is used by {count} {systems}; it cannot be deleted.",
        "„{name}“ wird von {count} {Systems} verwendet; die Art kann nicht gelöscht werden.",
    ),
    (
        "Removing {fields} deletes what was entered there.",
        "Beim Entfernen von {fields} wird gelöscht, was dort eingetragen ist.",
    ),
    ("The type of {a_system} cannot be changed.", "{System}: Die Art lässt sich nachträglich nicht ändern."),
    ("{label} is required.", "{label} ist ein Pflichtfeld."),
    // Tickets
    (
        "The requester must be one of the {organization}'s {people}.",
        "Die anfragende Person muss zu den eingetragenen {People} gehören.",
    ),
    ("Assign it to an active staff member.", "Bitte einem aktiven Mitarbeiter zuweisen."),
    ("Choose the {organization}.", "Bitte {Organization} wählen."),
    (
        "The {organization} no longer exists.",
        "{organization_g:Der|Die|Das} {Organization} existiert nicht mehr.",
    ),
    (
        "This time is billed on invoice {number}; void the invoice first.",
        "Diese Zeit ist mit Rechnung {number} abgerechnet; stornieren Sie zuerst die Rechnung.",
    ),
    (
        "The {system} must be one of this customer's (its {sites} included).",
        "{system_g:Der|Die|Das} {System} muss zu diesem Kunden gehören (einschließlich der {Sites}).",
    ),
    ("Enter between 1 and 1440 minutes.", "Bitte zwischen 1 und 1440 Minuten eingeben."),
    // The data dictionary
    (
        "“{word}” would name both {one} and {other}; give each its own word.",
        "„{word}“ würde {one} und {other} bezeichnen; geben Sie jedem ein eigenes Wort.",
    ),
    ("{term}: the gender is m, f or n.", "{term}: Der Artikel ist m, f oder n."),
];

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

/// `english` in the language in use, its `{name}` values and the dictionary's words filled in.
pub fn msg(english: &'static str, values: &[(&str, &str)]) -> String {
    let language = language();
    let template = match language {
        Language::En => english,
        Language::De => GERMAN.iter().find(|(en, _)| *en == english).map_or(english, |(_, de)| de),
    };
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
        let names = |s: &str| {
            let mut n: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split(['}', ':']).next())
                .filter(|n| !n.ends_with("_g"))
                .map(str::to_owned)
                .filter(|n| !is_term(n))
                .collect();
            n.sort();
            n.dedup();
            n
        };
        for (en, de) in GERMAN {
            assert_ne!(en, de, "untranslated: {en}");
            assert_eq!(names(en), names(de), "{en}");
        }
    }

    fn is_term(name: &str) -> bool {
        let bare = name.trim_start_matches("a_").trim_start_matches("A_").to_lowercase();
        crate::terms::defaults(Language::En)
            .iter()
            .any(|(key, _, _, _)| bare == *key || bare == crate::terms::plural_key(key))
    }

    #[test]
    fn gender_forms_follow_the_word() {
        assert_eq!(genders("{organization_g:der|die|das} Kunde", "organization", Some("m")), "der Kunde");
        assert_eq!(genders("{organization_g:der|die|das} Firma", "organization", Some("f")), "die Firma");
        assert_eq!(genders("x {organization_g:der|die|das}", "organization", None), "x das");
    }
}
