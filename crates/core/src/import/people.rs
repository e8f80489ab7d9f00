//! Planning and writing people rows: names (first/last, or a full name split), the company linked
//! by account number or normalised name (else kept as free text for the organization importer),
//! matched to existing people by email, else by name within the same company.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::{Row, SqliteConnection};

use super::mapping::{self, ImportKind, Target, Target::*};
use super::organizations::{self as orgs, OrgIndex, parse_flag};
use super::read::Record;
use super::{Columns, OnMatch, RowAction, RowError, Step, Write, custom};
use crate::messages::msg;
use crate::text::{is_email, name_key};
use crate::{ImportId, OrganizationId, PersonId, Result};

/// The person fields a row can fill, in the order of [`Values`].
const FIELDS: [Target; 17] = [
    FirstName,
    LastName,
    JobTitle,
    Department,
    Location,
    Phone,
    Mobile,
    Email,
    Company,
    CompanyAccountNumber,
    AddressLine1,
    AddressLine2,
    City,
    Region,
    PostalCode,
    Country,
    Archived,
];
const FIRST: usize = 0;
const LAST: usize = 1;
const EMAIL: usize = 7;
const COMPANY: usize = 8;
const COMPANY_ACCOUNT: usize = 9;
const ADDRESS: std::ops::Range<usize> = 10..16;
const ARCHIVED: usize = 16;

type Values = [Option<String>; 17];

struct ExistingPerson {
    id: PersonId,
    organization: Option<OrganizationId>,
    values: Values,
}

/// Every person, by email and by name within a company.
pub(crate) struct PersonIndex {
    rows: Vec<ExistingPerson>,
    by_email: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

/// A person's name-within-company key.
fn name_in_company(first: Option<&str>, last: Option<&str>, company: &str) -> String {
    format!("{}|{}|{company}", first.unwrap_or("").to_lowercase(), last.unwrap_or("").to_lowercase())
}

impl PersonIndex {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        let mut index = Self { rows: Vec::new(), by_email: HashMap::new(), by_name: HashMap::new() };
        let mut rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_name, p.job_title, p.department, p.location, p.phone,
                p.mobile, p.email, coalesce(o.name, p.company_name), o.account_number,
                p.address_line1, p.address_line2, p.city, p.region, p.postal_code, p.country,
                CASE WHEN p.archived_at IS NOT NULL THEN 'yes' END, p.organization_id, p.company_key
             FROM people p LEFT JOIN organizations o ON o.id = p.organization_id
             WHERE p.merged_into IS NULL",
        )
        .fetch(&mut *conn);
        while let Some(row) = rows.try_next().await? {
            let mut values: Values = Default::default();
            for (i, value) in values.iter_mut().enumerate() {
                *value = row.try_get(i + 1)?;
            }
            let organization: Option<OrganizationId> = row.try_get(18)?;
            let company_key: Option<String> = row.try_get(19)?;
            let i = index.rows.len();
            if let Some(email) = &values[EMAIL] {
                index.by_email.insert(email.to_lowercase(), i);
            }
            let company = company_ref(organization, company_key.as_deref());
            let key = name_in_company(values[FIRST].as_deref(), values[LAST].as_deref(), &company);
            index.by_name.entry(key).or_default().push(i);
            index.rows.push(ExistingPerson { id: row.try_get(0)?, organization, values });
        }
        Ok(index)
    }
}

fn company_ref(organization: Option<OrganizationId>, company_key: Option<&str>) -> String {
    match (organization, company_key) {
        (Some(id), _) => id.to_string(),
        (None, Some(key)) => format!("text:{key}"),
        (None, None) => String::new(),
    }
}

impl PersonWrite {
    pub(crate) fn id(&self) -> PersonId {
        self.id
    }
}

/// What a planned person row writes.
pub(crate) struct PersonWrite {
    id: PersonId,
    existing: bool,
    organization: Option<OrganizationId>,
    values: Values,
    /// The row's custom field values (a people file's; an organization's contact has none).
    custom: custom::RowValues,
}

pub(crate) struct PersonPlanner {
    orgs: OrgIndex,
    index: PersonIndex,
    columns: Columns,
    on_match: OnMatch,
    seen: HashMap<String, u64>,
    /// The organization the file's name says every row belongs to (ITFlow names a client's
    /// contacts export after the client), for rows that name no company of their own.
    file_company: Option<usize>,
    /// The columns mapped to custom fields.
    custom: custom::CustomColumns,
}

impl PersonPlanner {
    pub fn new(orgs: OrgIndex, index: PersonIndex, columns: Columns, on_match: OnMatch) -> Self {
        Self {
            orgs,
            index,
            columns,
            on_match,
            seen: HashMap::new(),
            file_company: None,
            custom: Default::default(),
        }
    }

    /// The columns mapped to custom fields, with what the records hold in them.
    pub fn with_custom(mut self, custom: custom::CustomColumns) -> Self {
        self.custom = custom;
        self
    }

    /// Takes the company a known export puts in its file name ("RiversideClinic-Contacts-…"
    /// for ITFlow: the client's name with only ASCII letters, digits, `_` and `-` kept) when it
    /// names exactly one organization.
    pub fn with_file_company(mut self, file_name: &str) -> Self {
        let Some(marker) = mapping::recognise(&self.columns.headers).and_then(|e| e.company_in_file_name)
        else {
            return self;
        };
        let Some((company, _)) = file_name.split_once(marker) else { return self };
        let squash = |name: &str| -> String {
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
                .to_lowercase()
        };
        let wanted = squash(company);
        if wanted.is_empty() {
            return self;
        }
        let mut found = self.orgs.rows.iter().enumerate().filter(|(_, o)| {
            o.values[super::organizations::NAME].as_deref().map(squash).as_deref() == Some(wanted.as_str())
        });
        if let (Some((i, _)), None) = (found.next(), found.next()) {
            self.file_company = Some(i);
        }
        self
    }

    /// The organization [`Self::with_file_company`] found, by name.
    pub fn file_company(&self) -> Option<String> {
        self.file_company.and_then(|i| self.orgs.rows[i].values[super::organizations::NAME].clone())
    }

    pub fn reset(&mut self) {
        self.seen.clear();
    }

    pub fn plan(&mut self, record: &Record) -> Step {
        let row = record.row;
        let cols = &self.columns;
        let mut values: Values = Default::default();
        let mut full_name = None;
        for (i, cell) in record.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match cols.mapping[i] {
                Ignore | AppendToNotes => {}
                FullName => full_name = Some(cell.clone()),
                // A target of the other kind cannot pass mapping::check; it would only be ignored.
                // A person has one email, phone and mobile: the first of several is kept.
                target => {
                    if let Some(slot) = FIELDS.iter().position(|t| *t == target) {
                        let value = if mapping::ONE_VALUE.contains(&target) {
                            mapping::first_value(cell).0
                        } else {
                            cell
                        };
                        values[slot] = Some(value.to_owned());
                    }
                }
            }
        }
        if let Some(full) = full_name
            && values[FIRST].is_none()
            && values[LAST].is_none()
        {
            (values[FIRST], values[LAST]) = mapping::split_full_name(&full);
        }
        mapping::street_only(&mut values[ADDRESS]);
        if let [line1, line2] = &mut values[ADDRESS.start..ADDRESS.start + 2] {
            mapping::split_street(line1, line2);
        }
        let label =
            [&values[FIRST], &values[LAST]].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ");
        let (custom, mut errors) = self.custom.values(row, &record.cells, cols);
        if values[FIRST].is_none() && values[LAST].is_none() {
            let column =
                cols.header(LastName).or_else(|| cols.header(FullName)).or_else(|| cols.header(FirstName));
            errors.push(RowError {
                row,
                column,
                message: msg("{A_person} needs a first or a last name.", &[]),
            });
        }
        if let Some(email) = &values[EMAIL]
            && !is_email(email)
        {
            errors.push(cols.error(
                row,
                Email,
                msg("“{email}” is not an email address.", &[("email", email)]),
            ));
        }
        if let Some(archived) = values[ARCHIVED].take() {
            match parse_flag(&archived) {
                Some(true) => values[ARCHIVED] = Some("yes".into()),
                Some(false) => {}
                None => errors.push(cols.error(
                    row,
                    Archived,
                    msg("“{archived}” is not yes or no.", &[("archived", &archived)]),
                )),
            }
        }
        // The company: by account number (which must exist), else by name when exactly one
        // organization has it, else kept as free text.
        let mut organization = None;
        if let Some(account) = &values[COMPANY_ACCOUNT] {
            match self.orgs.by_account.get(account) {
                Some(&i) => organization = Some(i),
                None => errors.push(cols.error(
                    row,
                    CompanyAccountNumber,
                    msg("No {organization} has account number “{account}”.", &[("account", account)]),
                )),
            }
        } else if let Some(company) = &values[COMPANY] {
            organization = self.orgs.by_name_key(&name_key(company)).ok().flatten();
        } else {
            organization = self.file_company;
        }
        if !errors.is_empty() {
            return Step::error(errors);
        }
        let org = organization.map(|i| &self.orgs.rows[i]);
        if let Some(org) = org {
            // Linked: the company columns name the organization, and an address equal to the
            // organization's is inherited rather than copied (so export → import keeps it live).
            values[COMPANY] = org.values[orgs::NAME].clone();
            values[COMPANY_ACCOUNT] = org.values[orgs::ACCOUNT].clone();
            for (mine, theirs) in ADDRESS.zip(orgs::ADDRESS) {
                if values[mine].is_some() && values[mine] == org.values[theirs] {
                    values[mine] = None;
                }
            }
        }
        let company = company_ref(org.map(|o| o.id), values[COMPANY].as_deref().map(name_key).as_deref());
        let key = match &values[EMAIL] {
            Some(email) => format!("email:{}", email.to_lowercase()),
            None => format!(
                "name:{}",
                name_in_company(values[FIRST].as_deref(), values[LAST].as_deref(), &company)
            ),
        };
        if let Some(first) = self.seen.get(&key) {
            let first = first.to_string();
            let (message, column) = if key.starts_with("email:") {
                (msg("Duplicate: the same email as row {first}.", &[("first", &first)]), Email)
            } else {
                (msg("Duplicate: the same name and company as row {first}.", &[("first", &first)]), LastName)
            };
            return Step::error(vec![cols.error(row, column, message)]);
        }
        self.seen.insert(key.clone(), row);
        let matched = match key.strip_prefix("email:") {
            // By email; else the one person of that name in the company who has no email yet
            // (a contact an organization's row brought without one).
            Some(email) => self.index.by_email.get(email).copied().or_else(|| {
                let name = name_in_company(values[FIRST].as_deref(), values[LAST].as_deref(), &company);
                match self.index.by_name.get(&name).map(Vec::as_slice) {
                    Some([one]) if self.index.rows[*one].values[EMAIL].is_none() && !company.is_empty() => {
                        Some(*one)
                    }
                    _ => None,
                }
            }),
            None => match self.index.by_name.get(&key["name:".len()..]).map(Vec::as_slice) {
                None | Some([]) => None,
                Some([one]) => Some(*one),
                Some(_) => {
                    return Step::error(vec![cols.error(
                        row,
                        LastName,
                        msg(
                            "Matches several {people} of the same name; add email addresses to tell them apart.",
                            &[],
                        ),
                    )]);
                }
            },
        };
        let organization = org.map(|o| o.id);
        let write = |id, existing, values, custom| {
            Write::Person(PersonWrite { id, existing, organization, values, custom })
        };
        match matched {
            None => Step {
                action: RowAction::Create,
                label,
                changes: vec![],
                message: None,
                errors: vec![],
                write: Some(write(PersonId::new(), false, values, custom)),
                contact: None,
            },
            Some(_) if self.on_match == OnMatch::Skip => Step::skip(label, &msg("Already exists.", &[])),
            Some(i) => {
                let existing = &self.index.rows[i];
                // A linked person keeps the link when the file only has a free-text company.
                if organization.is_none() && existing.organization.is_some() {
                    values[COMPANY] = None;
                }
                let mut changes: Vec<String> = FIELDS
                    .iter()
                    .enumerate()
                    .filter(|(slot, _)| *slot != COMPANY_ACCOUNT)
                    .filter(|(slot, _)| values[*slot].is_some() && values[*slot] != existing.values[*slot])
                    .map(|(_, t)| mapping::shown_label(ImportKind::People, *t))
                    .collect();
                changes.extend(self.custom.changes(existing.id.into(), &custom));
                if changes.is_empty() {
                    Step::skip(label, &msg("No changes.", &[]))
                } else {
                    Step {
                        action: RowAction::Update,
                        label,
                        changes,
                        message: None,
                        errors: vec![],
                        write: Some(write(existing.id, true, values, custom)),
                        contact: None,
                    }
                }
            }
        }
    }
}

/// A contact person given on an organization row: first and last name, job title, email, phone,
/// mobile.
pub(crate) type Contact = [Option<String>; 6];

impl PersonIndex {
    /// Plans the contact of an organization row (`organization`: the one the row creates or
    /// updates; `existing_org`: whether it is already in Fieldbook). The contact is the person
    /// with that email, else with that name in the organization; else a new person of it.
    /// Returns what happens to them, the write, and the fields that change.
    pub(crate) fn plan_contact(
        &self,
        contact: Contact,
        organization: Option<OrganizationId>,
        existing_org: bool,
    ) -> (RowAction, Option<PersonWrite>, Vec<&'static str>) {
        let [first, last, job_title, email, phone, mobile] = contact;
        let mut values: Values = Default::default();
        (values[FIRST], values[LAST], values[2], values[EMAIL], values[5], values[6]) =
            (first, last, job_title, email, phone, mobile);
        let by_email = values[EMAIL].as_ref().and_then(|e| self.by_email.get(&e.to_lowercase()).copied());
        let by_name = || {
            let key = name_in_company(
                values[FIRST].as_deref(),
                values[LAST].as_deref(),
                &company_ref(organization, None),
            );
            match self.by_name.get(&key).map(Vec::as_slice) {
                Some([one]) if existing_org && organization.is_some() => Some(*one),
                _ => None,
            }
        };
        match by_email.or_else(by_name) {
            None => (
                RowAction::Create,
                Some(PersonWrite {
                    id: PersonId::new(),
                    existing: false,
                    organization,
                    values,
                    custom: vec![],
                }),
                vec![],
            ),
            Some(i) => {
                let existing = &self.rows[i];
                let mut changes: Vec<&'static str> = FIELDS
                    .iter()
                    .enumerate()
                    .filter(|(slot, _)| values[*slot].is_some() && values[*slot] != existing.values[*slot])
                    .map(|(_, t)| mapping::label(ImportKind::People, *t))
                    .collect();
                if organization.is_some() && existing.organization != organization {
                    changes.push("Company");
                }
                if changes.is_empty() {
                    return (RowAction::Skip, None, changes);
                }
                let write =
                    PersonWrite { id: existing.id, existing: true, organization, values, custom: vec![] };
                (RowAction::Update, Some(write), changes)
            }
        }
    }
}

/// The values of a write as one JSON array for `json_each`: `[id hex, first, last, job title,
/// department, location, phone, mobile, email, organization id hex, company, company key,
/// address ×6, archived]`; the free-text company only while not linked.
fn json_row(w: &PersonWrite) -> serde_json::Value {
    let v = &w.values;
    let company = if w.organization.is_some() { None } else { v[COMPANY].clone() };
    let company_key = company.as_deref().map(name_key);
    serde_json::json!([
        w.id.hex(),
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[EMAIL],
        w.organization.map(|o| o.hex()),
        company,
        company_key,
        v[10],
        v[11],
        v[12],
        v[13],
        v[14],
        v[15],
        v[ARCHIVED].is_some(),
    ])
}

/// Writes a batch of people rows, one statement per kind of change.
pub(crate) async fn write_batch(
    conn: &mut SqliteConnection,
    import: ImportId,
    stamp: &str,
    rows: Vec<PersonWrite>,
) -> Result<()> {
    let (updates, creates): (Vec<_>, Vec<_>) = rows.iter().partition(|w| w.existing);
    // New records' custom values go first: the record's insert trigger then writes its search
    // document once, with them.
    let created: Vec<(uuid::Uuid, &custom::RowValues)> =
        creates.iter().map(|w| (w.id.into(), &w.custom)).collect();
    custom::write(conn, &created).await?;
    let updated: Vec<(uuid::Uuid, &custom::RowValues)> =
        updates.iter().map(|w| (w.id.into(), &w.custom)).collect();
    if !creates.is_empty() {
        let batch = serde_json::Value::Array(creates.iter().map(|w| json_row(w)).collect()).to_string();
        sqlx::query(
            "INSERT INTO people (id, first_name, last_name, job_title, department, location, phone,
                mobile, email, organization_id, company_name, company_key, address_line1,
                address_line2, city, region, postal_code, country, created_at, updated_at, archived_at)
             SELECT unhex(value ->> 0), value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                value ->> 6, value ->> 7, value ->> 8, unhex(value ->> 9), value ->> 10, value ->> 11,
                value ->> 12, value ->> 13, value ->> 14, value ->> 15, value ->> 16, value ->> 17,
                ?2, ?2, CASE WHEN value ->> 18 THEN ?2 END
             FROM json_each(?1)",
        )
        .bind(&batch)
        .bind(stamp)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO import_changes (import_id, entity, entity_id, action)
             SELECT ?1, 'person', unhex(value ->> 0), 'create' FROM json_each(?2)",
        )
        .bind(import)
        .bind(&batch)
        .execute(&mut *conn)
        .await?;
    }
    if !updates.is_empty() {
        let batch = serde_json::Value::Array(updates.iter().map(|w| json_row(w)).collect()).to_string();
        sqlx::query(
            "INSERT INTO import_changes (import_id, entity, entity_id, action, before)
             SELECT ?1, 'person', id, 'update', json_object(
                'first_name', first_name, 'last_name', last_name, 'job_title', job_title,
                'department', department, 'location', location, 'phone', phone, 'mobile', mobile,
                'email', email, 'organization_id', nullif(hex(organization_id), ''),
                'company_name', company_name, 'company_key', company_key,
                'address_line1', address_line1, 'address_line2', address_line2, 'city', city,
                'region', region, 'postal_code', postal_code, 'country', country,
                'updated_at', updated_at, 'archived_at', archived_at)
             FROM people WHERE id IN (SELECT unhex(value ->> 0) FROM json_each(?2))",
        )
        .bind(import)
        .bind(&batch)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE people SET first_name = coalesce(j.c1, first_name), last_name = coalesce(j.c2, last_name),
                job_title = coalesce(j.c3, job_title), department = coalesce(j.c4, department),
                location = coalesce(j.c5, location), phone = coalesce(j.c6, phone),
                mobile = coalesce(j.c7, mobile), email = coalesce(j.c8, email),
                organization_id = coalesce(j.c9, organization_id),
                company_name = CASE WHEN j.c9 IS NOT NULL THEN NULL ELSE coalesce(j.c10, company_name) END,
                company_key = CASE WHEN j.c9 IS NOT NULL THEN NULL ELSE coalesce(j.c11, company_key) END,
                address_line1 = coalesce(j.c12, address_line1), address_line2 = coalesce(j.c13, address_line2),
                city = coalesce(j.c14, city), region = coalesce(j.c15, region),
                postal_code = coalesce(j.c16, postal_code), country = coalesce(j.c17, country),
                archived_at = CASE WHEN j.c18 THEN coalesce(archived_at, ?2) ELSE archived_at END,
                updated_at = ?2
             FROM (SELECT unhex(value ->> 0) AS id, value ->> 1 AS c1, value ->> 2 AS c2, value ->> 3 AS c3,
                    value ->> 4 AS c4, value ->> 5 AS c5, value ->> 6 AS c6, value ->> 7 AS c7,
                    value ->> 8 AS c8, unhex(value ->> 9) AS c9, value ->> 10 AS c10, value ->> 11 AS c11,
                    value ->> 12 AS c12, value ->> 13 AS c13, value ->> 14 AS c14, value ->> 15 AS c15,
                    value ->> 16 AS c16, value ->> 17 AS c17, value ->> 18 AS c18
                   FROM json_each(?1)) AS j
             WHERE people.id = j.id",
        )
        .bind(&batch)
        .bind(stamp)
        .execute(&mut *conn)
        .await?;
    }
    custom::note_before(conn, import, "person", &updated).await?;
    custom::write(conn, &updated).await
}
