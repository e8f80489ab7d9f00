//! Planning and writing organization rows: match by account number or normalised name, flag
//! duplicates inside the file, update only mapped non-empty fields, and link sites to their
//! parent wherever it is (earlier or later in the file, or already in the database), named by its
//! account number or, failing that, by its name.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use sqlx::{Row, SqliteConnection};

use super::mapping::{self, ImportKind, Target, Target::*};
use super::read::Record;
use super::{Columns, LateError, MatchBy, OnMatch, RowAction, RowError, Step, Write, custom, people};
use crate::messages::msg;
use crate::text::{is_email, name_key};
use crate::{ImportId, OrganizationId, Result};

/// The organization fields a row can fill, in the order of [`Values`].
pub(crate) const FIELDS: [Target; 15] = [
    AccountNumber,
    Name,
    DbaName,
    ParentAccount,
    AddressLine1,
    AddressLine2,
    City,
    Region,
    PostalCode,
    Country,
    Phone,
    Email,
    Website,
    Notes,
    Archived,
];

pub(crate) fn slot(target: Target) -> Option<usize> {
    FIELDS.iter().position(|t| *t == target)
}

pub(crate) const ACCOUNT: usize = 0;
pub(crate) const NAME: usize = 1;
const PARENT: usize = 3;
const EMAIL: usize = 11;
const NOTES: usize = 13;
const ARCHIVED: usize = 14;
/// The address fields, for people inheriting them.
pub(crate) const ADDRESS: std::ops::Range<usize> = 4..10;

/// The contact-person columns an organization row may have, in the order of [`people::Contact`]
/// (the full name last: it is split when the first and last names are empty).
pub(crate) const CONTACT: [Target; 8] = [
    ContactFirstName,
    ContactLastName,
    ContactJobTitle,
    ContactEmail,
    ContactPhone,
    ContactMobile,
    ContactFullName,
    IsCompany,
];

/// One value per field; `None` = empty. Archived is `Some("yes")` or `None`.
pub(crate) type Values = [Option<String>; 15];

/// An organization already in the database.
pub(crate) struct ExistingOrg {
    pub id: OrganizationId,
    pub values: Values,
    /// Its parent (an index into [`OrgIndex::rows`]).
    pub parent: Option<usize>,
}

/// Every organization, indexed by account number and name key, loaded once per dry run.
pub(crate) struct OrgIndex {
    pub rows: Vec<ExistingOrg>,
    pub by_account: HashMap<String, usize>,
    pub by_name: HashMap<String, Vec<usize>>,
}

impl OrgIndex {
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        let mut index = Self { rows: Vec::new(), by_account: HashMap::new(), by_name: HashMap::new() };
        let mut rows = sqlx::query(
            "SELECT o.id, o.account_number, o.name, o.dba_name, p.account_number, o.address_line1,
                o.address_line2, o.city, o.region, o.postal_code, o.country, o.phone, o.email,
                o.website, o.notes, CASE WHEN o.archived_at IS NOT NULL THEN 'yes' END, o.name_key,
                o.parent_id
             FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
             WHERE o.merged_into IS NULL",
        )
        .fetch(&mut *conn);
        let mut parent_ids = Vec::new();
        while let Some(row) = rows.try_next().await? {
            let mut values: Values = Default::default();
            for (i, value) in values.iter_mut().enumerate() {
                *value = row.try_get(i + 1)?;
            }
            let i = index.rows.len();
            if let Some(account) = &values[ACCOUNT] {
                index.by_account.insert(account.clone(), i);
            }
            index.by_name.entry(row.try_get(16)?).or_default().push(i);
            parent_ids.push(row.try_get::<Option<OrganizationId>, _>(17)?);
            index.rows.push(ExistingOrg { id: row.try_get(0)?, values, parent: None });
        }
        drop(rows);
        let position: HashMap<OrganizationId, usize> =
            index.rows.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        for (org, parent) in index.rows.iter_mut().zip(parent_ids) {
            org.parent = parent.and_then(|id| position.get(&id).copied());
        }
        Ok(index)
    }

    /// The one organization whose name normalises to `key`; `Err(names)` when several do.
    /// The organization of this name key whose parent has the name key `parent`.
    pub fn by_name_under(&self, key: &str, parent: &str) -> std::result::Result<Option<usize>, Vec<String>> {
        let under: Vec<usize> = self
            .by_name
            .get(key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                self.rows[i]
                    .parent
                    .and_then(|p| self.rows[p].values[NAME].as_deref())
                    .map(name_key)
                    .as_deref()
                    == Some(parent)
            })
            .collect();
        match under.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(many.iter().take(3).filter_map(|&i| self.rows[i].values[NAME].clone()).collect()),
        }
    }

    pub fn by_name_key(&self, key: &str) -> std::result::Result<Option<usize>, Vec<String>> {
        match self.by_name.get(key).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some(many) => {
                Err(many.iter().take(3).filter_map(|&i| self.rows[i].values[NAME].clone()).collect())
            }
        }
    }
}

/// Joins a name key and its parent's in a match key (a character no name key holds).
const PATH: char = '\u{1f}';

/// What a planned organization row writes.
pub(crate) struct OrgWrite {
    row: u64,
    id: OrganizationId,
    existing: bool,
    values: Values,
    /// The row's custom field values.
    custom: custom::RowValues,
    /// The row's contact person, written after the organization.
    contact: Option<Box<people::PersonWrite>>,
}

/// An organization a parent can be: one in Fieldbook, or the one a row of the file creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum OrgRef {
    Existing(usize),
    Row(u64),
}

/// Where a site's parent is, settled once the whole file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParentLink {
    Existing(OrganizationId),
    /// The organization the row of this number creates.
    Row(u64),
}

/// A row that names a parent, checked once the whole file is read.
struct ParentRef {
    row: u64,
    own: OrgRef,
    parent: String,
    action: RowAction,
}

pub(crate) struct OrgPlanner {
    index: OrgIndex,
    /// Everyone in Fieldbook, when the file has contact columns.
    people: Option<Box<people::PersonIndex>>,
    /// Contacts seen in the file (by email or name), and the row that had them first.
    contacts_seen: HashMap<String, u64>,
    columns: Columns,
    match_by: MatchBy,
    on_match: OnMatch,
    /// Match key → the row that used it first.
    seen: HashMap<String, u64>,
    /// Account numbers valid rows of the file give (to organizations created or kept).
    accounts: HashMap<String, OrgRef>,
    /// Name keys of the organizations rows create or rename, with the name as the file spells it.
    names: HashMap<String, Vec<(OrgRef, String)>>,
    parents: Vec<ParentRef>,
    /// Rows that create an organization but turned out to be errors at the end.
    dropped: std::collections::HashSet<u64>,
    /// The parents [`Self::finish`] settled, by the site's row.
    links: HashMap<u64, ParentLink>,
    /// Names are paths of parents and the name (QuickBooks' "Customer:Job"), joined by this.
    name_path: Option<char>,
    /// An address book's rows: a company's name repeats, once per person.
    row_per_person: bool,
    /// The columns mapped to custom fields.
    custom: custom::CustomColumns,
}

impl OrgPlanner {
    pub fn new(
        index: OrgIndex,
        people: Option<Box<people::PersonIndex>>,
        columns: Columns,
        match_by: MatchBy,
        on_match: OnMatch,
    ) -> Self {
        let export = mapping::recognise(&columns.headers);
        let name_path = export.and_then(|e| e.name_path);
        let row_per_person = export.is_some_and(|e| e.row_per_person);
        Self {
            index,
            people,
            contacts_seen: HashMap::new(),
            columns,
            match_by,
            on_match,
            seen: HashMap::new(),
            accounts: HashMap::new(),
            names: HashMap::new(),
            parents: Vec::new(),
            dropped: Default::default(),
            links: HashMap::new(),
            name_path,
            row_per_person,
            custom: Default::default(),
        }
    }

    /// The columns mapped to custom fields, with what the records hold in them.
    pub fn with_custom(mut self, custom: custom::CustomColumns) -> Self {
        self.custom = custom;
        self
    }

    pub fn reset(&mut self) {
        self.seen.clear();
        self.contacts_seen.clear();
        self.accounts.clear();
        self.names.clear();
        self.parents.clear();
        self.dropped.clear();
        self.links.clear();
    }

    /// The parents settled by [`Self::finish`], by the site's row.
    pub fn take_links(&mut self) -> HashMap<u64, ParentLink> {
        std::mem::take(&mut self.links)
    }

    /// A person's row in a file of companies and people (Odoo): the person, matched by email,
    /// of the organization the parent column names (settled with the sites' parents).
    fn plan_person(&mut self, row: u64, values: Values, contact: [Option<String>; 8]) -> Step {
        let Some(people) = &self.people else {
            return Step::skip(String::new(), &msg("Not a company.", &[]));
        };
        let [c_first, c_last, job_title, c_email, c_phone, mobile, c_full, _] = contact;
        // Odoo shows a company's person as "Company, Person".
        let name = values[NAME].as_ref().or(c_full.as_ref()).map(|name| {
            values[PARENT]
                .as_ref()
                .and_then(|company| name.strip_prefix(company.as_str()))
                .and_then(|rest| rest.strip_prefix(','))
                .map_or(name.as_str(), str::trim)
        });
        let (first, last) = match name {
            Some(name) => mapping::split_full_name(name),
            None => (None, None),
        };
        let (first, last) =
            if c_first.is_some() || c_last.is_some() { (c_first, c_last) } else { (first, last) };
        let label = [&first, &last].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ");
        if first.is_none() && last.is_none() {
            let column = self.columns.header(Name);
            return Step::error(vec![RowError {
                row,
                column,
                message: msg("{A_person} needs a name.", &[]),
            }]);
        }
        let email = c_email.or_else(|| values[EMAIL].clone());
        let phone = c_phone.or_else(|| values[10].clone());
        if let Some(key) = email.as_ref().map(|e| format!("email:{}", e.to_lowercase())) {
            if let Some(first_row) = self.contacts_seen.get(&key) {
                let column = self.columns.header(Email);
                let message = msg(
                    "Duplicate: the same email as row {first_row}.",
                    &[("first_row", &first_row.to_string())],
                );
                return Step::error(vec![RowError { row, column, message }]);
            }
            self.contacts_seen.insert(key, row);
        }
        let person = [first, last, job_title, email, phone, mobile];
        let (mut action, mut write, changes) = people.plan_contact(person, None, false);
        if action == RowAction::Update && self.on_match == OnMatch::Skip {
            (action, write) = (RowAction::Skip, None);
        }
        let parent = values[PARENT].clone();
        if let Some(parent) = &parent
            && write.is_some()
        {
            self.parents.push(ParentRef { row, own: OrgRef::Row(row), parent: parent.clone(), action });
        }
        let message = match (&parent, action) {
            (_, RowAction::Skip) => Some(msg("No changes.", &[])),
            (Some(parent), _) => Some(msg("{A_person} of {parent}.", &[("parent", parent)])),
            (None, _) => Some(msg("{A_person}.", &[])),
        };
        Step {
            action,
            label,
            changes: changes.into_iter().map(str::to_owned).collect(),
            message,
            errors: vec![],
            write: write.map(|person| Write::PersonOf { row, person }),
            contact: Some(action),
        }
    }

    pub fn plan(&mut self, record: &Record) -> Step {
        let row = record.row;
        let cols = &self.columns;
        let mut values: Values = Default::default();
        let mut extra_notes = Vec::new();
        let mut contact: [Option<String>; 8] = Default::default();
        for (i, cell) in record.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let cell = &if mapping::ONE_VALUE.contains(&cols.mapping[i]) {
                let (first, more) = mapping::first_value(cell);
                if let Some(more) = more {
                    extra_notes.push(format!("{}: {}", cols.headers[i], more.replace(" ::: ", ", ")));
                }
                first.to_owned()
            } else {
                cell.clone()
            };
            match cols.mapping[i] {
                Ignore => {}
                AppendToNotes => extra_notes.push(format!("{}: {cell}", cols.headers[i])),
                target if CONTACT.contains(&target) => {
                    if let Some(slot) = CONTACT.iter().position(|t| *t == target) {
                        contact[slot] = Some(cell.clone());
                    }
                }
                // A target of the other kind cannot pass mapping::check; it would only be ignored.
                target => {
                    if let Some(i) = slot(target) {
                        values[i] = Some(cell.clone());
                    }
                }
            }
        }
        if !extra_notes.is_empty() {
            let notes = values[NOTES].take().into_iter().chain(extra_notes).collect::<Vec<_>>().join("\n");
            values[NOTES] = Some(notes);
        }
        // "Acme:Kitchen remodel" is the job "Kitchen remodel" under the customer "Acme" (a parent
        // by name: the last part of the path before it), unless a parent column says otherwise.
        // Such a name is known by its parent too: two customers' "Kitchen remodel" jobs are two.
        let mut path_parent = None;
        if let (Some(separator), Some(name), None) = (self.name_path, &values[NAME], &values[PARENT])
            && let Some((path, own)) = name.rsplit_once(separator)
        {
            let parent = path.rsplit(separator).next().unwrap_or(path).trim();
            if !parent.is_empty() && !own.trim().is_empty() {
                path_parent = Some(name_key(parent));
                (values[PARENT], values[NAME]) = (Some(parent.to_owned()), Some(own.trim().to_owned()));
            }
        }
        mapping::street_only(&mut values[ADDRESS]);
        if let [line1, line2] = &mut values[ADDRESS.start..ADDRESS.start + 2] {
            mapping::split_street(line1, line2);
        }
        let (custom, mut errors) = self.custom.values(row, &record.cells, cols);
        if let Some(email) = &values[EMAIL]
            && !is_email(email)
        {
            errors.push(cols.error(
                row,
                Email,
                msg("“{email}” is not an email address.", &[("email", email)]),
            ));
        }
        let is_company = contact[7].take();
        let contact_cells = contact.clone();
        let contact = contact_of(contact);
        if let Some(email) = contact.as_ref().and_then(|c| c[3].as_ref())
            && !is_email(email)
        {
            errors.push(cols.error(
                row,
                ContactEmail,
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
        let person_row = match is_company.as_deref().map(parse_company_flag) {
            Some(Some(company)) => !company,
            Some(None) => {
                let value = is_company.unwrap_or_default();
                errors.push(cols.error(
                    row,
                    IsCompany,
                    msg("“{value}” says neither company nor person.", &[("value", &value)]),
                ));
                false
            }
            None => false,
        };
        if person_row {
            if !errors.is_empty() {
                return Step::error(errors);
            }
            return self.plan_person(row, values, contact_cells);
        }
        let label = values[NAME].clone().or_else(|| values[ACCOUNT].clone()).unwrap_or_default();
        if self.row_per_person && values[NAME].is_none() && values[ACCOUNT].is_none() {
            return Step::skip(label, &msg("No company in this row.", &[]));
        }
        if values.iter().all(Option::is_none) && custom.is_empty() {
            return Step::skip(label, &msg("Nothing to import in this row.", &[]));
        }
        let by_account = self.match_by == MatchBy::AccountNumber || values[NAME].is_none();
        let key = match (&values[ACCOUNT], &values[NAME]) {
            (Some(account), _) if by_account => format!("account:{account}"),
            (_, Some(name)) => match &path_parent {
                Some(parent) => format!("name:{}{PATH}{parent}", name_key(name)),
                None => format!("name:{}", name_key(name)),
            },
            _ => {
                errors.push(RowError {
                    row,
                    column: None,
                    message: msg("Neither a name nor an account number.", &[]),
                });
                return Step::error(errors);
            }
        };
        if let Some(first) = self.seen.get(&key) {
            let by_name = !key.starts_with("account:");
            let first = first.to_string();
            if self.row_per_person && by_name {
                return Step::skip(
                    label,
                    &msg(
                        "The same company as row {first} (an address book has a row per {person}).",
                        &[("first", &first)],
                    ),
                );
            }
            let message = if by_name {
                msg("Duplicate: the same name as row {first}.", &[("first", &first)])
            } else {
                msg("Duplicate: the same account number as row {first}.", &[("first", &first)])
            };
            errors.push(RowError {
                row,
                column: cols.header(if by_name { Name } else { AccountNumber }),
                message,
            });
        } else {
            self.seen.insert(key.clone(), row);
        }
        let matched = if let Some(account) = key.strip_prefix("account:") {
            self.index.by_account.get(account).copied()
        } else {
            let name = &key["name:".len()..];
            let found = match name.split_once(PATH) {
                Some((name, parent)) => self.index.by_name_under(name, parent),
                None => self.index.by_name_key(name),
            };
            match found {
                Ok(found) => found,
                Err(names) => {
                    errors.push(cols.error(
                        row,
                        Name,
                        msg(
                            "Matches several {organizations} ({names}); add account numbers to tell them apart.",
                            &[("names", &names.join(", "))],
                        ),
                    ));
                    None
                }
            }
        };
        if let (Some(account), Some(holder)) =
            (&values[ACCOUNT], values[ACCOUNT].as_ref().and_then(|a| self.index.by_account.get(a)))
            && Some(*holder) != matched
        {
            let name = self.index.rows[*holder].values[NAME].clone().unwrap_or_default();
            errors.push(cols.error(
                row,
                AccountNumber,
                msg(
                    "Account number “{account}” already belongs to “{name}”.",
                    &[("account", account), ("name", &name)],
                ),
            ));
        }
        if matched.is_none() && values[NAME].is_none() {
            errors.push(RowError {
                row,
                column: cols.header(Name),
                message: msg("A new {organization} needs a name.", &[]),
            });
        }
        if !errors.is_empty() {
            // A row in error cannot be a parent, but a site naming it must not quietly find
            // another organization of that name instead.
            if matched.is_none() {
                if let Some(account) = &values[ACCOUNT] {
                    self.accounts.entry(account.clone()).or_insert(OrgRef::Row(row));
                }
                if let Some(name) = &values[NAME] {
                    self.names.entry(name_key(name)).or_default().push((OrgRef::Row(row), name.clone()));
                }
                self.dropped.insert(row);
            }
            return Step::error(errors);
        }
        let (action, write, changes, message) = match matched {
            None => (
                RowAction::Create,
                Some(OrgWrite {
                    row,
                    id: OrganizationId::new(),
                    existing: false,
                    values,
                    custom,
                    contact: None,
                }),
                vec![],
                None,
            ),
            Some(_) if self.on_match == OnMatch::Skip => {
                (RowAction::Skip, None, vec![], Some(msg("Already exists.", &[])))
            }
            Some(i) => {
                let existing = &self.index.rows[i];
                if !key.starts_with("account:") {
                    // Matched by name: the file's spelling of it is not a change.
                    values[NAME] = None;
                }
                if let (Some(p), Some(parent)) = (existing.parent, &values[PARENT]) {
                    // The parent it has, named by account number or name, is not a change.
                    let has = &self.index.rows[p].values;
                    if has[ACCOUNT].as_deref() == Some(parent.as_str())
                        || has[NAME].as_deref().map(name_key) == Some(name_key(parent))
                    {
                        values[PARENT] = None;
                    }
                }
                let mut changes: Vec<String> = FIELDS
                    .iter()
                    .zip(values.iter().zip(existing.values.iter()))
                    .filter(|(_, (new, old))| new.is_some() && new != old)
                    .map(|(t, _)| mapping::label(ImportKind::Organizations, *t).to_owned())
                    .collect();
                changes.extend(self.custom.changes(existing.id.into(), &custom));
                if changes.is_empty() {
                    (RowAction::Skip, None, changes, Some(msg("No changes.", &[])))
                } else {
                    (
                        RowAction::Update,
                        Some(OrgWrite {
                            row,
                            id: existing.id,
                            existing: true,
                            values,
                            custom,
                            contact: None,
                        }),
                        changes,
                        None,
                    )
                }
            }
        };
        let (mut action, mut write, mut changes, mut message) = (action, write, changes, message);
        let mut contact_action = None;
        let mut contact_write = None;
        if let (Some(contact), Some(people)) = (contact, &self.people) {
            let key = match (&contact[3], &contact[0], &contact[1]) {
                (Some(email), _, _) => format!("email:{}", email.to_lowercase()),
                (None, first, last) => format!(
                    "name:{}|{}|{}",
                    first.as_deref().unwrap_or("").to_lowercase(),
                    last.as_deref().unwrap_or("").to_lowercase(),
                    key
                ),
            };
            if let Some(first) = self.contacts_seen.get(&key) {
                message = Some(msg(
                    "The contact is the same as on row {first}; taken once.",
                    &[("first", &first.to_string())],
                ));
            } else {
                self.contacts_seen.insert(key, row);
                let (org_id, existing_org) = match (&write, matched) {
                    (Some(w), _) => (w.id, w.existing),
                    (None, Some(i)) => (self.index.rows[i].id, true),
                    (None, None) => (OrganizationId::new(), false),
                };
                let (mut planned, mut person, person_changes) =
                    people.plan_contact(contact, Some(org_id), existing_org);
                if planned == RowAction::Update && self.on_match == OnMatch::Skip {
                    (planned, person) = (RowAction::Skip, None);
                }
                contact_action = Some(planned);
                match (&mut write, person) {
                    (Some(w), person) => w.contact = person.map(Box::new),
                    (None, Some(person)) => {
                        // The organization is as it was; its contact is new or changed.
                        action = RowAction::Update;
                        changes = vec![
                            if person_changes.is_empty() { "New contact" } else { "Contact" }.to_owned(),
                        ];
                        message = None;
                        contact_write = Some(person);
                    }
                    (None, None) => {}
                }
            }
        }
        let own = matched.map_or(OrgRef::Row(row), OrgRef::Existing);
        let values = write.as_ref().map(|w| &w.values);
        let account = values
            .and_then(|v| v[ACCOUNT].clone())
            .or_else(|| matched.and_then(|i| self.index.rows[i].values[ACCOUNT].clone()));
        if let Some(account) = account {
            self.accounts.insert(account, own);
        }
        if let Some(name) = values.and_then(|v| v[NAME].clone()) {
            self.names.entry(name_key(&name)).or_default().push((own, name));
        }
        if let Some(parent) = values.and_then(|v| v[PARENT].clone()) {
            self.parents.push(ParentRef { row, own, parent, action });
        }
        Step {
            action,
            label,
            changes,
            message,
            errors: vec![],
            write: write.map(Write::Organization).or(contact_write.map(Write::Person)),
            contact: contact_action,
        }
    }

    /// Checks every parent once the whole file is known: its account number or else its name
    /// must name one organization in the file or in Fieldbook, and it must not make a loop.
    /// Repeats until no new error appears (a refused row cannot be a parent either).
    pub fn finish(&mut self) -> Vec<LateError> {
        let mut late = Vec::new();
        let mut failed = vec![false; self.parents.len()];
        loop {
            let resolved: Vec<Option<std::result::Result<OrgRef, String>>> = self
                .parents
                .iter()
                .zip(&failed)
                .map(|(r, failed)| (!failed).then(|| self.resolve(&r.parent)))
                .collect();
            let mut parent_of: HashMap<OrgRef, OrgRef> = HashMap::new();
            for (i, existing) in self.index.rows.iter().enumerate() {
                if let Some(p) = existing.parent {
                    parent_of.insert(OrgRef::Existing(i), OrgRef::Existing(p));
                }
            }
            for (r, found) in self.parents.iter().zip(&resolved) {
                if let Some(Ok(parent)) = found {
                    parent_of.insert(r.own, *parent);
                }
            }
            let mut new_errors = Vec::new();
            for (i, (r, found)) in self.parents.iter().zip(&resolved).enumerate() {
                let message = match found {
                    None => continue,
                    Some(Err(message)) => message.clone(),
                    Some(Ok(parent)) if *parent == r.own => {
                        msg("{A_organization} cannot be its own parent.", &[])
                    }
                    Some(Ok(parent)) if makes_loop(&parent_of, r.own, *parent) => {
                        msg("Parent “{parent}” would make a loop of parents.", &[("parent", &r.parent)])
                    }
                    Some(Ok(_)) => continue,
                };
                new_errors.push((i, message));
            }
            if new_errors.is_empty() {
                for (r, found) in self.parents.iter().zip(resolved) {
                    if let Some(Ok(parent)) = found {
                        let link = match parent {
                            OrgRef::Existing(i) => ParentLink::Existing(self.index.rows[i].id),
                            OrgRef::Row(row) => ParentLink::Row(row),
                        };
                        self.links.insert(r.row, link);
                    }
                }
                break;
            }
            for (i, message) in new_errors {
                failed[i] = true;
                let r = &self.parents[i];
                if r.action == RowAction::Create {
                    self.dropped.insert(r.row);
                }
                late.push(LateError {
                    was: r.action,
                    error: RowError {
                        row: r.row,
                        column: self.columns.header(ParentAccount).or_else(|| self.columns.header(Name)),
                        message,
                    },
                });
            }
        }
        late
    }

    /// The organization a parent cell names: an account number in the file or in Fieldbook, else
    /// a name (normalised) that only one organization has.
    fn resolve(&self, parent: &str) -> std::result::Result<OrgRef, String> {
        let dropped = |r: &OrgRef| matches!(r, OrgRef::Row(row) if self.dropped.contains(row));
        let in_error = |row: u64| {
            msg(
                "Parent “{parent}” is the {organization} of row {row}, which has an error.",
                &[("parent", parent), ("row", &row.to_string())],
            )
        };
        match self.accounts.get(parent) {
            Some(OrgRef::Row(row))
                if dropped(&OrgRef::Row(*row)) && !self.index.by_account.contains_key(parent) =>
            {
                return Err(in_error(*row));
            }
            Some(found) if !dropped(found) => return Ok(*found),
            _ => {}
        }
        if let Some(&i) = self.index.by_account.get(parent) {
            return Ok(OrgRef::Existing(i));
        }
        let key = name_key(parent);
        let mut found: Vec<(OrgRef, String)> = Vec::new();
        let in_db = self.index.by_name.get(&key).into_iter().flatten();
        let in_db = in_db
            .map(|&i| (OrgRef::Existing(i), self.index.rows[i].values[NAME].clone().unwrap_or_default()));
        let in_file = self.names.get(&key).into_iter().flatten().cloned();
        for (r, name) in in_db.chain(in_file) {
            if !found.iter().any(|(f, _)| *f == r) {
                found.push((r, name));
            }
        }
        // A row in error that has the name: the parent cannot be told for sure.
        if let Some((OrgRef::Row(row), _)) = found.iter().find(|(r, _)| dropped(r)) {
            return Err(in_error(*row));
        }
        match found.as_slice() {
            [] => Err(msg(
                "Parent “{parent}” was not found in the file or in Fieldbook (as an account number or a name).",
                &[("parent", parent)],
            )),
            [(one, _)] => Ok(*one),
            many => {
                let described: Vec<String> = many
                    .iter()
                    .take(3)
                    .map(|(r, name)| match r {
                        OrgRef::Existing(i) => match &self.index.rows[*i].values[ACCOUNT] {
                            Some(account) => {
                                msg("{name} (account {account})", &[("name", name), ("account", account)])
                            }
                            None => msg("{name} (in Fieldbook)", &[("name", name)]),
                        },
                        OrgRef::Row(row) => {
                            msg("{name} (row {row})", &[("name", name), ("row", &row.to_string())])
                        }
                    })
                    .collect();
                let more = if many.len() > 3 {
                    msg(" and {count} more", &[("count", &(many.len() - 3).to_string())])
                } else {
                    String::new()
                };
                Err(msg(
                    "Parent “{parent}” matches several {organizations}: {found}{more}; use the account number.",
                    &[("parent", parent), ("found", &described.join(", ")), ("more", &more)],
                ))
            }
        }
    }
}

/// True when following parents up from `parent` comes back to `own` (a loop elsewhere up the
/// chain is another row's loop, not this one's).
fn makes_loop(parent_of: &HashMap<OrgRef, OrgRef>, own: OrgRef, parent: OrgRef) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut at = parent;
    loop {
        if at == own {
            return true;
        }
        if !seen.insert(at) {
            return false;
        }
        match parent_of.get(&at) {
            Some(next) => at = *next,
            None => return false,
        }
    }
}

/// A row's contact in the order [`people::PersonIndex::plan_contact`] takes (first, last, job
/// title, email, phone, mobile), the full name split when no first or last name is given;
/// `None` when the row names no one.
fn contact_of(cells: [Option<String>; 8]) -> Option<people::Contact> {
    let [mut first, mut last, job_title, email, phone, mobile, full, _] = cells;
    if first.is_none()
        && last.is_none()
        && let Some(full) = full
    {
        (first, last) = mapping::split_full_name(&full);
    }
    (first.is_some() || last.is_some()).then_some([first, last, job_title, email, phone, mobile])
}

/// Whether a row is a company: yes/no, or Odoo's and Zoho's own words.
fn parse_company_flag(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "company" | "business" | "organization" | "organisation" | "firma" | "unternehmen" => Some(true),
        "individual" | "person" | "private" | "privat" | "privatperson" => Some(false),
        other => parse_flag(other).filter(|_| !other.is_empty()),
    }
}

/// "yes/no" as spreadsheets write it.
pub(crate) fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "ja" | "archived" | "inactive" => Some(true),
        "no" | "n" | "false" | "0" | "nein" | "active" | "" => Some(false),
        _ => None,
    }
}

/// The values of a write as one JSON array: `[id hex, the 15 field values…]`, for `json_each`.
fn json_row(w: &OrgWrite) -> serde_json::Value {
    let v = &w.values;
    serde_json::json!([
        w.id.hex(),
        v[ACCOUNT],
        v[NAME],
        v[NAME].as_deref().map(name_key),
        v[2],
        v[4],
        v[5],
        v[6],
        v[7],
        v[8],
        v[9],
        v[10],
        v[EMAIL],
        v[12],
        v[NOTES],
        v[ARCHIVED].is_some(),
    ])
}

/// The sites of an import and their parents, linked once every row of the file is written.
pub(crate) struct ParentLinks {
    /// From the dry run: the parent of each site (and each person's organization), by row.
    settled: HashMap<u64, ParentLink>,
    /// People's rows in a file of companies and people: the person and their row.
    pub people: Vec<(crate::PersonId, u64)>,
    /// The organization each written row created or updated.
    written: HashMap<u64, OrganizationId>,
    /// Written sites: the organization and its row.
    sites: Vec<(OrganizationId, u64)>,
}

impl ParentLinks {
    pub fn new(settled: HashMap<u64, ParentLink>) -> Self {
        Self { settled, people: Vec::new(), written: HashMap::new(), sites: Vec::new() }
    }
}

/// Writes a batch of organization rows with one statement per kind of change (a statement per
/// row costs two thread switches in sqlx, which dominated large imports), noting in `links`
/// the sites to link once every row exists.
pub(crate) async fn write_batch(
    conn: &mut SqliteConnection,
    import: ImportId,
    stamp: &str,
    mut rows: Vec<OrgWrite>,
    links: &mut ParentLinks,
) -> Result<Vec<people::PersonWrite>> {
    let contacts: Vec<people::PersonWrite> =
        rows.iter_mut().filter_map(|w| w.contact.take()).map(|c| *c).collect();
    let (updates, creates): (Vec<_>, Vec<_>) = rows.iter().partition(|w| w.existing);
    // New records' custom values go first (nothing points at the record by a foreign key): its
    // insert trigger then writes its search document once, with them.
    let created: Vec<(uuid::Uuid, &custom::RowValues)> =
        creates.iter().map(|w| (w.id.into(), &w.custom)).collect();
    custom::write(conn, &created).await?;
    let updated: Vec<(uuid::Uuid, &custom::RowValues)> =
        updates.iter().map(|w| (w.id.into(), &w.custom)).collect();
    if !creates.is_empty() {
        let batch = serde_json::Value::Array(creates.iter().map(|w| json_row(w)).collect()).to_string();
        sqlx::query(
            "INSERT INTO organizations (id, account_number, name, name_key, dba_name,
                address_line1, address_line2, city, region, postal_code, country,
                phone, email, website, notes, created_at, updated_at, archived_at)
             SELECT unhex(value ->> 0), value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11,
                value ->> 12, value ->> 13, value ->> 14, ?2, ?2, CASE WHEN value ->> 15 THEN ?2 END
             FROM json_each(?1)",
        )
        .bind(&batch)
        .bind(stamp)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO import_changes (import_id, entity, entity_id, action)
             SELECT ?1, 'organization', unhex(value ->> 0), 'create' FROM json_each(?2)",
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
             SELECT ?1, 'organization', id, 'update', json_object(
                'account_number', account_number, 'name', name, 'name_key', name_key,
                'dba_name', dba_name, 'parent_id', nullif(hex(parent_id), ''),
                'address_line1', address_line1, 'address_line2', address_line2, 'city', city,
                'region', region, 'postal_code', postal_code, 'country', country, 'phone', phone,
                'email', email, 'website', website, 'notes', notes, 'updated_at', updated_at,
                'archived_at', archived_at)
             FROM organizations WHERE id IN (SELECT unhex(value ->> 0) FROM json_each(?2))",
        )
        .bind(import)
        .bind(&batch)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE organizations SET account_number = coalesce(j.c1, account_number),
                name = coalesce(j.c2, name), name_key = coalesce(j.c3, name_key),
                dba_name = coalesce(j.c4, dba_name), address_line1 = coalesce(j.c5, address_line1),
                address_line2 = coalesce(j.c6, address_line2), city = coalesce(j.c7, city),
                region = coalesce(j.c8, region), postal_code = coalesce(j.c9, postal_code),
                country = coalesce(j.c10, country), phone = coalesce(j.c11, phone),
                email = coalesce(j.c12, email), website = coalesce(j.c13, website),
                notes = coalesce(j.c14, notes),
                archived_at = CASE WHEN j.c15 THEN coalesce(archived_at, ?2) ELSE archived_at END,
                updated_at = ?2
             FROM (SELECT unhex(value ->> 0) AS id, value ->> 1 AS c1, value ->> 2 AS c2, value ->> 3 AS c3,
                    value ->> 4 AS c4, value ->> 5 AS c5, value ->> 6 AS c6, value ->> 7 AS c7,
                    value ->> 8 AS c8, value ->> 9 AS c9, value ->> 10 AS c10, value ->> 11 AS c11,
                    value ->> 12 AS c12, value ->> 13 AS c13, value ->> 14 AS c14, value ->> 15 AS c15
                   FROM json_each(?1)) AS j
             WHERE organizations.id = j.id",
        )
        .bind(&batch)
        .bind(stamp)
        .execute(&mut *conn)
        .await?;
    }
    custom::note_before(conn, import, "organization", &updated).await?;
    custom::write(conn, &updated).await?;
    for w in &rows {
        links.written.insert(w.row, w.id);
        if w.values[PARENT].is_some() {
            links.sites.push((w.id, w.row));
        }
    }
    Ok(contacts)
}

/// Links sites to their parents and people to their organizations, once every row exists.
pub(crate) async fn link_parents(conn: &mut SqliteConnection, links: &ParentLinks) -> Result<()> {
    let parent_of = |row: &u64| -> Result<OrganizationId> {
        let parent = match links.settled.get(row) {
            Some(ParentLink::Existing(id)) => Some(*id),
            Some(ParentLink::Row(parent_row)) => links.written.get(parent_row).copied(),
            None => None,
        };
        parent.ok_or_else(|| {
            super::read::file_error(msg(
                "The file changed while it was being imported; nothing was imported.",
                &[],
            ))
        })
    };
    let mut people = Vec::new();
    for (person, row) in &links.people {
        if links.settled.contains_key(row) {
            people.push(serde_json::json!([person.hex(), parent_of(row)?.hex()]));
        }
    }
    for chunk in people.chunks(10_000) {
        let batch = serde_json::Value::Array(chunk.to_vec()).to_string();
        sqlx::query(
            "UPDATE people SET organization_id = j.parent, company_name = NULL, company_key = NULL
             FROM (SELECT unhex(value ->> 0) AS id, unhex(value ->> 1) AS parent FROM json_each(?)) AS j
             WHERE people.id = j.id",
        )
        .bind(batch)
        .execute(&mut *conn)
        .await?;
    }
    let mut pairs = Vec::with_capacity(links.sites.len());
    for (site, row) in &links.sites {
        pairs.push(serde_json::json!([site.hex(), parent_of(row)?.hex()]));
    }
    for chunk in pairs.chunks(10_000) {
        let batch = serde_json::Value::Array(chunk.to_vec()).to_string();
        sqlx::query(
            "UPDATE organizations SET parent_id = j.parent
             FROM (SELECT unhex(value ->> 0) AS id, unhex(value ->> 1) AS parent FROM json_each(?)) AS j
             WHERE organizations.id = j.id",
        )
        .bind(batch)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
