//! Column mapping: which field each column of a file fills. Headers are matched to fields by name
//! and common synonyms (English and German spreadsheet habits), case, spaces and punctuation
//! ignored; the user can override every column, ignore it, or append it to the notes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::messages::msg;
use crate::{Error, Result};

/// What is being imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Organizations,
    People,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organizations => "organizations",
            Self::People => "people",
        }
    }

    pub(crate) fn parse(value: &str) -> Option<Self> {
        match value {
            "organizations" => Some(Self::Organizations),
            "people" => Some(Self::People),
            _ => None,
        }
    }
}

/// Where a column's values go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The column is not imported.
    Ignore,
    /// Appended to the notes as "Header: value" (organizations), for columns without a field.
    AppendToNotes,
    AccountNumber,
    Name,
    DbaName,
    ParentAccount,
    FirstName,
    LastName,
    /// "Jane Doe" or "Doe, Jane", split into first and last name.
    FullName,
    JobTitle,
    Department,
    Location,
    Company,
    CompanyAccountNumber,
    AddressLine1,
    AddressLine2,
    City,
    Region,
    PostalCode,
    Country,
    Phone,
    Mobile,
    Email,
    Website,
    Notes,
    /// "yes", "true", "1", "x" archive the record.
    Archived,
    /// Organizations: the row's contact person (a client's primary contact), created or updated
    /// with the organization and linked to it.
    ContactFirstName,
    ContactLastName,
    ContactFullName,
    ContactJobTitle,
    ContactEmail,
    ContactPhone,
    ContactMobile,
    /// Organizations: whether the row is a company; a person's row (Odoo's "Is a Company" false)
    /// becomes a person of the organization its parent column names.
    IsCompany,
    /// A custom field of the kind's records (checked against the fields by `import::custom`).
    Custom(crate::CustomFieldId),
}

use Target::*;

/// Fields per kind, in the order the mapping screen offers them, with their header synonyms
/// (compared after [`header_key`]). The labels are English keys: people see them through
/// [`shown_label`], in the app's language.
const ORGANIZATION_FIELDS: &[(Target, &str, &[&str])] = &[
    (
        AccountNumber,
        "Account number",
        &[
            "accountnumber",
            "account",
            "accountno",
            "accountnr",
            "accountid",
            "acct",
            "acctno",
            "accountnum",
            "customerid",
            "customernumber",
            "customerno",
            "customernr",
            "clientid",
            "clientnumber",
            "clientno",
            "kundennummer",
            "kundennr",
            "debitorennummer",
            "debitor",
            "billingid",
        ],
    ),
    (
        Name,
        "Name",
        &[
            "name",
            "company",
            "companyname",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "org",
            "client",
            "clientname",
            "customer",
            "customername",
            "accountname",
            "business",
            "businessname",
            "legalname",
            "firma",
            "firmenname",
            "unternehmen",
            "kunde",
            "kundenname",
        ],
    ),
    (DbaName, "DBA name", &["dbaname", "dba", "doingbusinessas", "tradingname", "tradingas", "tradename"]),
    (
        ParentAccount,
        // i18n: not for people (a label's key; shown through `shown_label`)
        "Parent (account number or name)",
        &[
            "parentaccount",
            "parentaccountnumber",
            "parentaccountno",
            "parent",
            "parentid",
            "parentcustomerid",
            "parentcustomernumber",
            "parentsiteid",
            "parentsite",
            "parentcompany",
            "parentcompanyname",
            "parentname",
            "parentaccountname",
            "parentorganization",
            "parentorganisation",
            "parentclient",
            "parentcustomer",
            "headoffice",
            "hauptkunde",
        ],
    ),
    (
        AddressLine1,
        "Address line 1",
        &[
            "addressline1",
            "address",
            "address1",
            "street",
            "streetaddress",
            "street1",
            "strasse",
            "straße",
            "adresse",
            "anschrift",
        ],
    ),
    (
        AddressLine2,
        "Address line 2",
        &["addressline2", "address2", "street2", "suite", "building", "adresszusatz"],
    ),
    (City, "City", &["city", "town", "locality", "ort", "stadt"]),
    (
        Region,
        "Region",
        &[
            "region",
            "state",
            "province",
            "stateprovince",
            "stateorprovince",
            "county",
            "stateregion",
            "bundesland",
            "kanton",
        ],
    ),
    (
        PostalCode,
        "Postal code",
        &["postalcode", "postcode", "zip", "zipcode", "zippostalcode", "postal", "plz", "postleitzahl"],
    ),
    (Country, "Country", &["country", "countrycode", "countryregion", "nation", "land"]),
    (
        Phone,
        "Phone",
        &[
            "phone",
            "telephone",
            "tel",
            "phonenumber",
            "mainphone",
            "businessphone",
            "officephone",
            "workphone",
            "telefon",
            "telefonnummer",
        ],
    ),
    (Email, "Email", &["email", "emailaddress", "mail", "email1", "mailaddress", "emailadresse"]),
    (Website, "Website", &["website", "web", "url", "homepage", "www", "webseite", "internet"]),
    (
        Notes,
        "Notes",
        &["notes", "note", "comments", "comment", "remarks", "description", "bemerkung", "notiz"],
    ),
    (Archived, "Archived", &["archived", "inactive"]),
    (ContactFirstName, "Contact: first name", &["contactfirstname", "primarycontactfirstname"]),
    (ContactLastName, "Contact: last name", &["contactlastname", "primarycontactlastname"]),
    (
        ContactFullName,
        "Contact: full name",
        &[
            "contactname",
            "contactfullname",
            "primarycontact",
            "primarycontactname",
            "contactperson",
            "ansprechpartner",
        ],
    ),
    (ContactJobTitle, "Contact: job title", &["contacttitle", "contactjobtitle", "primarycontacttitle"]),
    (ContactEmail, "Contact: email", &["contactemail", "contactemailaddress", "primarycontactemail"]),
    (ContactPhone, "Contact: phone", &["contactphone", "contactphonenumber", "primarycontactphone"]),
    (ContactMobile, "Contact: mobile", &["contactmobile", "contactmobilephone", "primarycontactmobile"]),
    (
        IsCompany,
        // i18n: not for people (a label's key; shown through `shown_label`)
        "Row is a company (else a person)",
        &["isacompany", "iscompany", "companytype", "customersubtype"],
    ),
];

const PERSON_FIELDS: &[(Target, &str, &[&str])] = &[
    (FirstName, "First name", &["firstname", "first", "givenname", "forename", "vorname"]),
    (LastName, "Last name", &["lastname", "last", "surname", "familyname", "nachname"]),
    (
        FullName,
        "Full name",
        &[
            "fullname",
            "name",
            "contactname",
            "contact",
            "displayname",
            "person",
            "contactperson",
            "ansprechpartner",
        ],
    ),
    (
        JobTitle,
        "Job title",
        &["jobtitle", "title", "position", "jobposition", "role", "organizationtitle", "funktion"],
    ),
    (Department, "Department", &["department", "dept", "division", "organizationdepartment", "abteilung"]),
    (Location, "Location", &["location", "office", "site", "standort"]),
    (
        Phone,
        "Phone",
        &["phone", "telephone", "tel", "phonenumber", "businessphone", "workphone", "officephone", "telefon"],
    ),
    (Mobile, "Mobile", &["mobile", "mobilephone", "cell", "cellphone", "handy", "mobil", "mobiltelefon"]),
    (Email, "Email", &["email", "emailaddress", "mail", "email1", "emailadresse"]),
    (
        Company,
        "Company",
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "organizationname",
            "employer",
            "accountname",
            "customer",
            "customername",
            "client",
            "clientname",
            "firma",
            "unternehmen",
        ],
    ),
    (
        CompanyAccountNumber,
        "Company account number",
        &[
            "companyaccountnumber",
            "accountnumber",
            "account",
            "accountno",
            "customerid",
            "customernumber",
            "clientid",
            "kundennummer",
            "kundennr",
        ],
    ),
    (
        AddressLine1,
        "Address line 1",
        &["addressline1", "address", "address1", "street", "streetaddress", "strasse", "straße"],
    ),
    (AddressLine2, "Address line 2", &["addressline2", "address2", "street2"]),
    (City, "City", &["city", "town", "ort", "stadt"]),
    (Region, "Region", &["region", "state", "province", "stateprovince", "county", "bundesland"]),
    (PostalCode, "Postal code", &["postalcode", "postcode", "zip", "zipcode", "plz", "postleitzahl"]),
    (Country, "Country", &["country", "countryregion", "countrycode", "land"]),
    (Archived, "Archived", &["archived", "inactive"]),
];

pub(super) fn fields(kind: ImportKind) -> &'static [(Target, &'static str, &'static [&'static str])] {
    match kind {
        ImportKind::Organizations => ORGANIZATION_FIELDS,
        ImportKind::People => PERSON_FIELDS,
    }
}

/// A field the mapping screen offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChoice {
    pub target: Target,
    pub label: String,
}

/// The targets a column of `kind` may go to, with their labels (in the app's language), "ignore"
/// and "notes" first.
pub fn choices(kind: ImportKind) -> Vec<FieldChoice> {
    let mut list = vec![FieldChoice { target: Ignore, label: shown_label(kind, Ignore) }];
    if kind == ImportKind::Organizations {
        list.push(FieldChoice { target: AppendToNotes, label: shown_label(kind, AppendToNotes) });
    }
    list.extend(
        fields(kind)
            .iter()
            .map(|(target, _, _)| FieldChoice { target: *target, label: shown_label(kind, *target) }),
    );
    list
}

/// The field's label as people read it: [`label`] in the app's language.
pub(crate) fn shown_label(kind: ImportKind, target: Target) -> String {
    msg(label(kind, target), &[])
}

/// The field's label in English (the export's column name; the key of [`shown_label`]).
pub fn label(kind: ImportKind, target: Target) -> &'static str {
    match target {
        Ignore => "Do not import",
        AppendToNotes => "Add to notes",
        Custom(_) => "a custom field",
        _ => fields(kind).iter().find(|(t, _, _)| *t == target).map_or("?", |(_, label, _)| label),
    }
}

pub use super::headers::{auto_map, field_for, header_key, looks_like_header, recognise};

/// Checks a mapping for `kind` over `headers`: one target per column, each field at most once,
/// and what the kind needs to make a record.
pub fn check(kind: ImportKind, headers: &[String], mapping: &[Target]) -> Result<()> {
    if mapping.len() != headers.len() {
        return Err(Error::invalid(
            "mapping",
            msg(
                "The mapping has {mapped} columns but the file has {columns}.",
                &[("mapped", &mapping.len().to_string()), ("columns", &headers.len().to_string())],
            ),
        ));
    }
    for (i, target) in mapping.iter().enumerate() {
        let allowed = match target {
            Ignore => true,
            AppendToNotes => kind == ImportKind::Organizations,
            // Which custom fields a kind has is checked by import::custom, which knows them.
            Custom(_) => true,
            _ => fields(kind).iter().any(|(t, _, _)| t == target),
        };
        if !allowed {
            let shown = format!("{target:?}");
            let values = [("column", headers[i].as_str()), ("target", shown.as_str())];
            return Err(Error::invalid(
                "mapping",
                match kind {
                    ImportKind::Organizations => msg(
                        "Column “{column}” cannot go to {target} when importing {organizations}.",
                        &values,
                    ),
                    ImportKind::People => {
                        msg("Column “{column}” cannot go to {target} when importing {people}.", &values)
                    }
                },
            ));
        }
        if *target != Ignore
            && *target != AppendToNotes
            && let Some(j) = mapping[..i].iter().position(|t| t == target)
        {
            return Err(Error::invalid(
                "mapping",
                msg(
                    "Columns “{first}” and “{second}” both go to {field}; choose “Do not import” for one.",
                    &[
                        ("first", &headers[j]),
                        ("second", &headers[i]),
                        ("field", &shown_label(kind, *target)),
                    ],
                ),
            ));
        }
    }
    let has = |t: Target| mapping.contains(&t);
    let ok = match kind {
        ImportKind::Organizations => has(Name) || has(AccountNumber),
        ImportKind::People => has(FirstName) || has(LastName) || has(FullName),
    };
    if !ok {
        let message = match kind {
            ImportKind::Organizations => {
                msg("Map a Name (or Account number) column to import {organizations}.", &[])
            }
            ImportKind::People => {
                msg("Map a First name, Last name or Full name column to import {people}.", &[])
            }
        };
        return Err(Error::invalid("mapping", message));
    }
    Ok(())
}

/// A mapping saved under a name, kept by header name so it fits the next export of the same
/// system even when its columns move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedMapping {
    pub name: String,
    pub kind: ImportKind,
    /// Header → target.
    pub columns: Vec<(String, Target)>,
}

/// Applies a saved mapping (by header name, case and punctuation ignored) over `headers`; columns
/// it does not name keep their automatic mapping.
pub fn apply_saved(kind: ImportKind, headers: &[String], saved: &[(String, Target)]) -> Vec<Target> {
    let mut mapping = auto_map(kind, headers);
    for (i, header) in headers.iter().enumerate() {
        if let Some((_, target)) = saved.iter().find(|(h, _)| header_key(h) == header_key(header)) {
            // A column the saved mapping sends to a field takes it from an automatic guess.
            if *target != Ignore && *target != AppendToNotes {
                for other in mapping.iter_mut() {
                    if other == target {
                        *other = Ignore;
                    }
                }
            }
            mapping[i] = *target;
        }
    }
    mapping
}

/// Targets that hold one value where address books keep several in a cell.
pub(crate) const ONE_VALUE: &[Target] = &[
    Target::Email,
    Target::Phone,
    Target::Mobile,
    Target::Website,
    Target::ContactEmail,
    Target::ContactPhone,
    Target::ContactMobile,
];

/// Google Contacts writes a second address or number of the same label into the same cell,
/// separated by " ::: ": the first is the value, the others are given back to keep elsewhere.
pub(crate) fn first_value(cell: &str) -> (&str, Option<&str>) {
    match cell.split_once(" ::: ") {
        Some((first, rest)) => (first.trim(), Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (cell, None),
    }
}

/// A street cell that holds the whole address on one line ("Hauptstraße 5, 10115 Berlin,
/// Germany", as Pipedrive keeps the address typed beside its parts) keeps what comes before its
/// trailing parts that only name the place — the city, region, postal code or country the other
/// columns give, a short code ("IL", "USA"), or last a country — when that tail names the city or
/// postal code. `address` is line 1, line 2, city, region,
/// postal code, country. A street that merely contains the city's name stays whole.
pub(crate) fn street_only(address: &mut [Option<String>]) {
    let [line1, _, city, region, postal, country] = address else { return };
    let Some(street) = line1.as_deref().filter(|s| s.contains(',')) else { return };
    let lower = |v: &Option<String>| v.as_deref().map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty());
    let (city, region, postal, country) = (lower(city), lower(region), lower(postal), lower(country));
    if city.is_none() && postal.is_none() {
        return;
    }
    // What is left of a part once the known place names are taken out of it.
    let rest = |part: &str| -> String {
        let mut left = format!(" {} ", part.to_lowercase());
        for known in [&city, &region, &postal, &country].into_iter().flatten() {
            left = left.replace(&format!(" {known} "), " ");
        }
        left
    };
    let names_place = |part: &str| {
        let lowered = format!(" {} ", part.to_lowercase());
        let has = |v: &Option<String>| v.as_ref().is_some_and(|v| lowered.contains(&format!(" {v} ")));
        let left = rest(part);
        // Nothing left but codes ("IL", "USA", "NSW") once the place is taken out.
        let only_codes =
            left.split_whitespace().all(|w| w.chars().count() <= 3 && !w.chars().any(|c| c.is_ascii_digit()));
        (has(&city) || has(&postal) || has(&country) || has(&region)) && only_codes
            || (!part.chars().any(|c| c.is_ascii_digit())
                && !part.trim().is_empty()
                && part.split_whitespace().all(|w| w.chars().count() <= 3))
    };
    let parts: Vec<&str> = street.split(',').map(str::trim).collect();
    let mut cut = parts.len();
    while cut > 1 {
        let part = parts[cut - 1];
        // The very last part may be a country the columns do not give ("Germany").
        let country_like = cut == parts.len()
            && !part.chars().any(|c| c.is_ascii_digit())
            && (1..=3).contains(&part.split_whitespace().count());
        if !(names_place(part) || country_like) {
            break;
        }
        cut -= 1;
    }
    // Only a place that names the city or postal code counts: codes alone are not an address tail.
    let tail = &parts[cut..];
    let names_city = tail.iter().any(|p| {
        let lowered = format!(" {} ", p.to_lowercase());
        [&city, &postal].into_iter().flatten().any(|v| lowered.contains(&format!(" {v} ")))
    });
    if cut < parts.len() && names_city {
        *line1 = Some(parts[..cut].join(", "));
    }
}

/// A street cell with line breaks (Salesforce and Outlook keep the whole street in one cell)
/// fills both address lines: its first line, then the rest joined by ", " — unless line 2 has a
/// value of its own, which then follows the rest.
pub(crate) fn split_street(line1: &mut Option<String>, line2: &mut Option<String>) {
    let Some(street) = line1.as_deref().filter(|s| s.contains(['\n', '\r'])) else { return };
    let mut lines = street.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().map(str::to_owned);
    let rest: Vec<&str> = lines.chain(line2.as_deref()).collect();
    let rest = Some(rest.join(", ")).filter(|r| !r.is_empty());
    (*line1, *line2) = (first, rest);
}

/// Splits a full name: "Doe, Jane" and "Jane Q. Doe" both give ("Jane…", "Doe"); one word is a
/// last name; a leading honorific ("Dr. Amy Ng", "Frau Weber") is dropped.
pub fn split_full_name(full: &str) -> (Option<String>, Option<String>) {
    let full = full.trim();
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some((last, first)) = full.split_once(',') {
        return (some(first), some(last));
    }
    let full = match full.split_once(char::is_whitespace) {
        Some((first, rest)) if is_honorific(first) && !rest.trim().is_empty() => rest.trim(),
        _ => full,
    };
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (some(first), some(last)),
        None => (None, some(full)),
    }
}

fn is_honorific(word: &str) -> bool {
    const HONORIFICS: &[&str] =
        &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "mme", "mlle"];
    // "M." is Monsieur; a bare "M" is an initial.
    let lower = word.to_lowercase();
    lower == "m." || HONORIFICS.contains(&lower.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn headers_map_by_name_and_synonym() {
        let h = headers(&[
            "Customer ID",
            "Company Name",
            "Zip",
            "State/Province",
            "E-Mail",
            "Kundennummer",
            "PLZ",
            "Ort",
            "Misc",
        ]);
        assert_eq!(
            auto_map(ImportKind::Organizations, &h),
            vec![AccountNumber, Name, PostalCode, Region, Email, Ignore, Ignore, City, Ignore]
        );
        let h =
            headers(&["Account #", "Organisation", "Postcode", "Client Name", "Phone 1", "Parent Account"]);
        assert_eq!(
            auto_map(ImportKind::Organizations, &h),
            vec![AccountNumber, Name, PostalCode, Ignore, Phone, ParentAccount]
        );
    }

    #[test]
    fn people_name_columns() {
        assert_eq!(auto_map(ImportKind::People, &headers(&["Name", "Company"])), vec![FullName, Company]);
        assert_eq!(
            auto_map(ImportKind::People, &headers(&["First Name", "Name", "Employer"])),
            vec![FirstName, LastName, Company]
        );
        assert_eq!(split_full_name("Doe, Jane"), (Some("Jane".into()), Some("Doe".into())));
        assert_eq!(split_full_name("Jane Q. Doe"), (Some("Jane Q.".into()), Some("Doe".into())));
        assert_eq!(split_full_name(" Cher "), (None, Some("Cher".into())));
        assert_eq!(split_full_name("Dr. Amy Ng"), (Some("Amy".into()), Some("Ng".into())));
        assert_eq!(split_full_name("Frau Weber"), (None, Some("Weber".into())));
        assert_eq!(split_full_name("Dr."), (None, Some("Dr.".into())));
    }

    #[test]
    fn a_street_with_line_breaks_fills_both_lines() {
        let split = |one: &str, two: Option<&str>| {
            let (mut a, mut b) = (Some(one.to_owned()), two.map(str::to_owned));
            split_street(&mut a, &mut b);
            (a, b)
        };
        assert_eq!(
            split("1 Main St\r\nSuite 4\nBack door", None),
            (Some("1 Main St".into()), Some("Suite 4, Back door".into()))
        );
        assert_eq!(split("1 Main St\n", Some("Unit 2")), (Some("1 Main St".into()), Some("Unit 2".into())));
        assert_eq!(split("1 Main St", Some("Unit 2")), (Some("1 Main St".into()), Some("Unit 2".into())));
    }

    #[test]
    fn a_one_line_address_keeps_its_street() {
        let street = |line1: &str, city: &str, postal: &str| {
            let mut a =
                [Some(line1.to_owned()), None, Some(city.to_owned()), None, Some(postal.to_owned()), None];
            street_only(&mut a);
            a[0].clone().unwrap()
        };
        assert_eq!(street("Hauptstraße 5, 10115 Berlin, Germany", "Berlin", "10115"), "Hauptstraße 5");
        assert_eq!(
            street("Unit 5, 12 Main St, Springfield, IL 62701, USA", "Springfield", "62701"),
            "Unit 5, 12 Main St"
        );
        // A street named after the city is the street; no place in it leaves it whole.
        assert_eq!(street("London Road, Leeds LS1 4AP", "Leeds", "LS1 4AP"), "London Road");
        assert_eq!(street("Berlin Road 4, Building B", "Berlin", ""), "Berlin Road 4, Building B");
        // Only the trailing place goes: a part that merely contains the city or region stays.
        assert_eq!(
            street("Unit 7, Cambridge Science Park, Milton Road", "Cambridge", "CB4 0WA"),
            "Unit 7, Cambridge Science Park, Milton Road"
        );
        let mut a = [
            Some("Unit 3, 25 Victoria Street, Melbourne, Victoria 3000".to_owned()),
            None,
            Some("Melbourne".into()),
            Some("Victoria".into()),
            Some("3000".into()),
            None,
        ];
        street_only(&mut a);
        assert_eq!(a[0].as_deref(), Some("Unit 3, 25 Victoria Street"));
        assert_eq!(street("12 Main St", "Springfield", "62701"), "12 Main St");
    }

    #[test]
    fn a_mapping_is_checked() {
        let h = headers(&["A", "B"]);
        assert!(check(ImportKind::Organizations, &h, &[Name, City]).is_ok());
        let e = check(ImportKind::Organizations, &h, &[Name, Name]).unwrap_err().to_string();
        assert!(e.contains("“A” and “B” both go to Name"), "{e}");
        assert!(
            check(ImportKind::Organizations, &h, &[City, Phone]).unwrap_err().to_string().contains("Name")
        );
        assert!(check(ImportKind::People, &h, &[FirstName, AppendToNotes]).is_err());
        assert!(check(ImportKind::Organizations, &h, &[Name]).is_err());
    }

    #[test]
    fn saved_mappings_follow_header_names() {
        let h = headers(&["Town", "Firm", "Kd-Nr"]);
        let saved =
            vec![("firm".to_owned(), Name), ("KD NR".to_owned(), AccountNumber), ("Town".to_owned(), Ignore)];
        assert_eq!(apply_saved(ImportKind::Organizations, &h, &saved), vec![Ignore, Name, AccountNumber]);
    }

    #[test]
    fn header_rows_are_recognised() {
        assert!(looks_like_header(ImportKind::Organizations, &headers(&["Company", "City", "x"])));
        assert!(!looks_like_header(ImportKind::Organizations, &headers(&["Acme", "Leeds"])));
    }
}
