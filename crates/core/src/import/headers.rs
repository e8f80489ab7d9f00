//! Reading a header row: which field each column names. A header is compared after
//! [`header_key`] (case, spaces and punctuation ignored) with the fields' synonyms, and beyond
//! that the habits of real exports are understood:
//! - numbered and multi-value columns ("Phone 1", "E-mail 2 Address", "E-mail 1 - Value"): the
//!   lowest number wins, "… - Label"/"… - Type" columns are not values;
//! - prefixed address groups ("Billing Street", "POCity", "Business Postal Code",
//!   "Address 1 - City"): one group is imported whole — no prefix first, then billing, postal,
//!   business/office, numbered, shipping, home, other — never a street from one and a city from
//!   another;
//! - "Title" beside a "Job Title" column is an honorific (Mr, Dr) and is not imported;
//! - a people file's "Name" is the full name (used when first and last name are empty).
//!
//! A file whose headers are those of a known export (see [`super::exports`]) gets that export's
//! mapping for the columns it names; these rules map the rest.

use std::collections::HashMap;

use super::exports::{self, KnownExport};
use super::mapping::{ImportKind, Target, Target::*, fields};

/// A header reduced for comparison: lower case, letters and digits only ("E-Mail" → "email").
pub fn header_key(header: &str) -> String {
    header.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The address fields, which come in groups.
const ADDRESS_FIELDS: [Target; 6] = [AddressLine1, AddressLine2, City, Region, PostalCode, Country];

/// Address-group prefixes, best first; a numbered group ("address1…") ranks by its number after
/// the business ones. Compared on header keys.
const ADDRESS_PREFIXES: &[(&str, u32)] = &[
    ("billing", 10),
    ("billto", 10),
    ("invoice", 10),
    ("rechnungs", 10),
    ("postal", 20),
    ("mailing", 20),
    ("mail", 20),
    ("po", 20),
    ("post", 20),
    ("business", 30),
    ("work", 30),
    ("office", 30),
    ("company", 30),
    ("main", 30),
    ("primary", 30),
    ("physical", 30),
    ("location", 30),
    ("site", 30),
    ("sa", 30),
    ("visiting", 30),
    ("geschäfts", 30),
    ("shipping", 60),
    ("shipto", 60),
    ("delivery", 60),
    ("liefer", 60),
    ("home", 70),
    ("private", 70),
    ("privat", 70),
    ("other", 80),
];

/// How a column names a field: exactly, or through a number or an address-group prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Guess {
    target: Target,
    /// 0 for an exact synonym; the column's number for a numbered one ("Phone 2" → 2).
    number: u32,
    /// The address group ("" when unprefixed) and its rank; `None` outside addresses.
    group: Option<(String, u32)>,
}

fn synonym(kind: ImportKind, key: &str) -> Option<Target> {
    fields(kind).iter().find(|(_, _, names)| names.contains(&key)).map(|(t, _, _)| *t)
}

/// The field a header names, if any, ignoring the context of the other columns.
pub fn field_for(kind: ImportKind, header: &str) -> Option<Target> {
    guess(kind, &header_key(header)).map(|g| g.target)
}

fn guess(kind: ImportKind, key: &str) -> Option<Guess> {
    if key.is_empty() {
        return None;
    }
    let plain = |target: Target, number: u32| {
        let group = ADDRESS_FIELDS.contains(&target).then(|| (String::new(), 0));
        Guess { target, number, group }
    };
    if let Some(target) = synonym(kind, key) {
        return Some(plain(target, 0));
    }
    // "E-mail 1 - Value" is a value, "E-mail 1 - Label" and "Phone 2 - Type" are not.
    let digits = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    if let Some(head) = key.strip_suffix("label").or_else(|| key.strip_suffix("type"))
        && digits(head)
    {
        return None;
    }
    let key = key.strip_suffix("value").filter(|head| digits(head)).unwrap_or(key);
    let number: u32 = key.chars().filter(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0);
    let undigited: String = key.chars().filter(|c| !c.is_ascii_digit()).collect();
    // An address column of a group: "Billing Street", "POAddressLine1", "Address 1 - City".
    if let Some(found) = address_in_group(kind, key) {
        return Some(found);
    }
    // "Phone 1", "E-mail 2 Address", "Line1"-style numbers dropped.
    if number > 0
        && let Some(target) = synonym(kind, key.trim_end_matches(|c: char| c.is_ascii_digit()))
            .or_else(|| synonym(kind, &undigited))
    {
        return Some(plain(target, number));
    }
    None
}

/// An address column with a group prefix or a group number.
fn address_in_group(kind: ImportKind, key: &str) -> Option<Guess> {
    let address = |rest: &str| {
        synonym(kind, rest).filter(|t| ADDRESS_FIELDS.contains(t)).or_else(|| {
            // "Address Line 1"-style columns keep their digit; others may carry the group's.
            let rest: String = rest.chars().filter(|c| !c.is_ascii_digit()).collect();
            synonym(kind, &rest).filter(|t| ADDRESS_FIELDS.contains(t) && *t != AddressLine1)
        })
    };
    for (prefix, rank) in ADDRESS_PREFIXES {
        if let Some(rest) = key.strip_prefix(prefix) {
            // "Billing Address", "Billing Address City", "Billing City".
            let rest = rest
                .strip_prefix("address")
                .filter(|r| !r.is_empty() && address(r).is_some())
                .unwrap_or(rest);
            if let Some(target) = address(rest) {
                return Some(Guess { target, number: 0, group: Some(((*prefix).to_owned(), *rank)) });
            }
        }
    }
    // Google's "Address 1 - Street", "Address 2 - City".
    let rest = key.strip_prefix("address")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let rest = &rest[digits.len()..];
    let target = match rest {
        "street" | "streetaddress" => AddressLine1,
        "extendedaddress" | "extended" => AddressLine2,
        _ => synonym(kind, rest).filter(|t| ADDRESS_FIELDS.contains(t))?,
    };
    Some(Guess { target, number: 0, group: Some((format!("address{n}"), 40u32.saturating_add(n))) })
}

/// Columns left unmapped whose header is the dictionary's renamed word for an organization
/// (`words`: "Client", "Clients") go to the field it names: on a people file the company ("Client",
/// "Client name") and its account number ("Client number", "Client ID"); on an organization file
/// the name, the account number and the parent ("Parent client"). A field already mapped stays.
pub(crate) fn auto_map_terms(kind: ImportKind, mapping: &mut [Target], headers: &[String], words: &[String]) {
    let suffixed = |w: &str, ends: &[&str]| ends.iter().map(|e| format!("{w}{e}")).collect::<Vec<_>>();
    for word in words.iter().map(|w| header_key(w)).filter(|w| !w.is_empty()) {
        let rules: Vec<(Target, Vec<String>)> = match kind {
            ImportKind::People => vec![
                (Company, suffixed(&word, &["", "name"])),
                (
                    CompanyAccountNumber,
                    suffixed(&word, &["number", "accountnumber", "id", "no", "nr", "nummer"]),
                ),
            ],
            ImportKind::Organizations => vec![
                (Name, suffixed(&word, &["", "name"])),
                (AccountNumber, suffixed(&word, &["number", "accountnumber", "id", "no", "nr", "nummer"])),
                (
                    ParentAccount,
                    vec![format!("parent{word}"), format!("parent{word}name"), format!("parent{word}number")],
                ),
            ],
        };
        for (target, keys) in rules {
            if mapping.contains(&target) {
                continue;
            }
            if let Some(i) = (0..headers.len())
                .find(|&i| mapping[i] == Target::Ignore && keys.contains(&header_key(&headers[i])))
            {
                mapping[i] = target;
            }
        }
    }
}

/// Maps every header to a field: the known export's mapping when the headers are one's, else the
/// rules above; a field goes to one column at most (exact names before numbered ones, then the
/// first column).
pub fn auto_map(kind: ImportKind, headers: &[String]) -> Vec<Target> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let known = exports::recognise(&keys).map(|e| e.columns(kind));
    let mut guesses: Vec<Option<Guess>> = keys.iter().map(|k| guess(kind, k)).collect();
    let mut fixed = vec![None; keys.len()];
    if let Some(columns) = known {
        for (i, key) in keys.iter().enumerate() {
            if let Some((_, target)) = columns.iter().find(|(k, _)| k == key) {
                fixed[i] = Some(*target);
                guesses[i] = None;
            }
        }
    }
    honorific_titles(&keys, &mut guesses);
    choose_address_group(&mut guesses);
    if kind == ImportKind::People {
        // A people file's "Name" is the whole name, except beside a first name alone, where it is
        // the last name (the German "Vorname; Name").
        let has = |t: Target| guesses.iter().flatten().any(|g| g.target == t);
        let target = if has(FirstName) && !has(LastName) { LastName } else { FullName };
        for (key, guess) in keys.iter().zip(&mut guesses) {
            if key == "name" {
                *guess = Some(Guess { target, number: 0, group: None });
            }
        }
    }
    // One column per field: the known export's, then exact names, then by number; ties by column.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (fixed[i].is_none(), guesses[i].as_ref().map_or(0, |g| g.number), i));
    let mut mapping = vec![Ignore; keys.len()];
    let mut used = std::collections::HashSet::new();
    for i in order {
        let target = fixed[i].or_else(|| guesses[i].as_ref().map(|g| g.target)).unwrap_or(Ignore);
        if target == Ignore || target == AppendToNotes || used.insert(target) {
            mapping[i] = target;
        }
    }
    mapping
}

/// "Title" beside a job-title column is the honorific: it is not imported.
fn honorific_titles(keys: &[String], guesses: &mut [Option<Guess>]) {
    let job_title_elsewhere = keys
        .iter()
        .zip(guesses.iter())
        .any(|(k, g)| k != "title" && g.as_ref().is_some_and(|g| g.target == JobTitle));
    if job_title_elsewhere {
        for (key, guess) in keys.iter().zip(guesses.iter_mut()) {
            if key == "title" {
                *guess = None;
            }
        }
    }
}

/// Keeps the address columns of the best group: unprefixed, else the best-ranked group that has a
/// street or a city; unprefixed columns still fill what that group lacks (a lone "Country").
fn choose_address_group(guesses: &mut [Option<Guess>]) {
    let mut groups: HashMap<&str, (u32, bool)> = HashMap::new();
    for guess in guesses.iter().flatten() {
        if let Some((name, rank)) = &guess.group {
            let entry = groups.entry(name.as_str()).or_insert((*rank, false));
            entry.1 |= matches!(guess.target, AddressLine1 | City);
        }
    }
    let best = groups
        .iter()
        .filter(|(_, (_, full))| *full)
        .min_by_key(|(name, (rank, _))| (*rank, (*name).to_owned()))
        .map(|(name, _)| (*name).to_owned());
    let Some(best) = best else { return };
    let in_best: Vec<Target> = guesses
        .iter()
        .flatten()
        .filter(|g| g.group.as_ref().is_some_and(|(n, _)| *n == best))
        .map(|g| g.target)
        .collect();
    for guess in guesses.iter_mut() {
        let keep = match guess.as_ref().and_then(|g| g.group.as_ref().map(|(n, _)| (n, g.target))) {
            None => true,
            Some((name, _)) if *name == best => true,
            Some((name, target)) => name.is_empty() && !in_best.contains(&target),
        };
        if !keep {
            *guess = None;
        }
    }
}

/// The known export these headers are, if any.
pub fn recognise(headers: &[String]) -> Option<&'static KnownExport> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    exports::recognise(&keys)
}

/// True when at least two cells (or the only cell) of `row` name fields: the row is a header.
pub fn looks_like_header(kind: ImportKind, row: &[String]) -> bool {
    let named = row.iter().filter(|c| field_for(kind, c).is_some()).count();
    named >= 2 || (named == 1 && row.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(kind: ImportKind, list: &[&str]) -> Vec<Target> {
        auto_map(kind, &list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn prefixed_address_groups_are_taken_whole_billing_first() {
        assert_eq!(
            map(
                ImportKind::Organizations,
                &[
                    "Account Name",
                    "Shipping Street",
                    "Shipping City",
                    "Billing Street",
                    "Billing City",
                    "Billing Zip/Postal Code"
                ]
            ),
            vec![Name, Ignore, Ignore, AddressLine1, City, PostalCode]
        );
        // Unprefixed columns beat prefixed ones; a lone unprefixed country fills the gap.
        assert_eq!(
            map(ImportKind::Organizations, &["Name", "Street", "Town", "Billing Street", "Billing City"]),
            vec![Name, AddressLine1, City, Ignore, Ignore]
        );
        assert_eq!(
            map(ImportKind::Organizations, &["Name", "Country", "Mailing Street", "Mailing City"]),
            vec![Name, Country, AddressLine1, City]
        );
        // Xero-style run-together prefixes and Google's numbered groups.
        assert_eq!(
            map(
                ImportKind::Organizations,
                &["Name", "SAAddressLine1", "SACity", "POAddressLine1", "POAddressLine2", "POCity"]
            ),
            vec![Name, Ignore, Ignore, AddressLine1, AddressLine2, City]
        );
        assert_eq!(
            map(
                ImportKind::People,
                &[
                    "Name",
                    "Address 2 - Street",
                    "Address 2 - City",
                    "Address 1 - Street",
                    "Address 1 - City",
                    "Address 1 - Postal Code"
                ]
            ),
            vec![FullName, Ignore, Ignore, AddressLine1, City, PostalCode]
        );
        // Home addresses are taken only when nothing better is there.
        assert_eq!(
            map(
                ImportKind::People,
                &["First Name", "Home Street", "Home City", "Business Street", "Business City"]
            ),
            vec![FirstName, Ignore, Ignore, AddressLine1, City]
        );
        assert_eq!(
            map(ImportKind::People, &["First Name", "Home Street", "Home City"]),
            vec![FirstName, AddressLine1, City]
        );
    }

    #[test]
    fn numbered_and_multi_value_columns() {
        assert_eq!(
            map(
                ImportKind::People,
                &[
                    "Given Name",
                    "E-mail 2 - Value",
                    "E-mail 1 - Label",
                    "E-mail 1 - Value",
                    "Phone 1 - Type",
                    "Phone 1 - Value"
                ]
            ),
            vec![FirstName, Ignore, Ignore, Email, Ignore, Phone]
        );
        assert_eq!(
            map(ImportKind::People, &["First Name", "E-mail 2 Address", "E-mail Address"]),
            vec![FirstName, Ignore, Email]
        );
    }

    #[test]
    fn title_is_an_honorific_beside_a_job_title() {
        assert_eq!(
            map(ImportKind::People, &["Title", "First Name", "Last Name", "Job Title"]),
            vec![Ignore, FirstName, LastName, JobTitle]
        );
        assert_eq!(map(ImportKind::People, &["Title", "Last Name"]), vec![JobTitle, LastName]);
    }

    #[test]
    fn a_people_name_column_is_the_full_name() {
        assert_eq!(
            map(ImportKind::People, &["Name", "Given Name", "Family Name"]),
            vec![FullName, FirstName, LastName]
        );
        assert_eq!(map(ImportKind::Organizations, &["Name", "Customer ID"]), vec![Name, AccountNumber]);
    }
}
