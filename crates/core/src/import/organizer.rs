//! The organization importer: turns the free-text company names typed on people into
//! organizations. People whose company names match after normalisation form one group; a shared
//! company email domain (never a free-mail one) is offered as a hint, to merge groups or to add
//! people who typed no company. The user reviews the groups (link to an existing organization or
//! create one, exclude people, merge or split) and the result is applied in one transaction and
//! kept in the import history, so it can be undone like any import.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::history::{self, ImportRecord};
use crate::db::Db;
use crate::messages::msg;
use crate::organizations::OrganizationRef;
use crate::staff::Actor;
use crate::text::{clean, name_key};
use crate::{Error, ImportId, OrganizationId, PersonId, Result};

/// A person in a proposed group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupPerson {
    pub id: PersonId,
    pub name: String,
    pub email: Option<String>,
    /// The company name as this person has it typed.
    pub company_name: Option<String>,
    /// Proposed only because of the email domain (no matching company name): left out unless
    /// the user includes them.
    pub by_domain: bool,
}

/// One proposed organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompanyGroup {
    /// The normalised company name that groups the people.
    pub key: String,
    /// The spelling most of them use.
    pub name: String,
    pub people: Vec<GroupPerson>,
    /// An existing organization with the same normalised name: link to it rather than create.
    pub existing: Option<OrganizationRef>,
    /// The company email domain most of them share, when it is not a free-mail one.
    pub domain: Option<String>,
    /// Other groups (by key) whose people share that domain: perhaps the same company.
    pub same_domain: Vec<String>,
}

/// What to do with one group, as reviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupDecision {
    pub people: Vec<PersonId>,
    pub target: GroupTarget,
}

/// Link the people to an existing organization, or to a new one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GroupTarget {
    Existing { id: OrganizationId },
    New { name: String, account_number: Option<String> },
}

/// Email domains anyone can sign up to: they say nothing about the company.
const FREE_MAIL: &[&str] = &[
    "gmail",
    "googlemail",
    "outlook",
    "hotmail",
    "live",
    "msn",
    "yahoo",
    "ymail",
    "icloud",
    "me",
    "mac",
    "aol",
    "gmx",
    "web",
    "t-online",
    "proton",
    "protonmail",
    "pm",
    "mail",
    "yandex",
    "zoho",
    "qq",
    "163",
    "126",
    "freenet",
    "posteo",
    "mailbox",
    "fastmail",
    "hey",
    "tutanota",
    "orange",
    "wanadoo",
    "btinternet",
    "comcast",
    "verizon",
    "att",
    "sbcglobal",
    "bigpond",
    "libero",
    "virgilio",
    "laposte",
    "free",
    "seznam",
    "wp",
    "o2",
    "arcor",
    "online",
];

/// The company domain of an email address, or `None` for a free-mail one.
pub fn company_domain(email: &str) -> Option<String> {
    let domain = email.rsplit_once('@')?.1.trim().to_lowercase();
    let first = domain.split('.').next()?;
    (!domain.is_empty() && !FREE_MAIL.contains(&first)).then_some(domain)
}

pub(crate) async fn proposals(db: &Db) -> Result<Vec<CompanyGroup>> {
    let rows = sqlx::query(
        "SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) AS name, email,
            company_name, company_key
         FROM people WHERE organization_id IS NULL AND archived_at IS NULL
         ORDER BY company_key, last_name COLLATE NOCASE, first_name COLLATE NOCASE",
    )
    .fetch_all(db.reader())
    .await?;
    let mut groups: BTreeMap<String, CompanyGroup> = BTreeMap::new();
    let mut loose = Vec::new();
    for row in &rows {
        let person = GroupPerson {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            company_name: row.try_get("company_name")?,
            by_domain: false,
        };
        match row.try_get::<Option<String>, _>("company_key")? {
            Some(key) if !key.is_empty() => {
                groups
                    .entry(key.clone())
                    .or_insert_with(|| CompanyGroup {
                        key,
                        name: String::new(),
                        people: vec![],
                        existing: None,
                        domain: None,
                        same_domain: vec![],
                    })
                    .people
                    .push(person);
            }
            _ => loose.push(person),
        }
    }
    let mut by_domain: HashMap<String, Vec<String>> = HashMap::new();
    for group in groups.values_mut() {
        group.name = most_common(group.people.iter().filter_map(|p| p.company_name.clone()));
        let domains: Vec<String> =
            group.people.iter().filter_map(|p| p.email.as_deref().and_then(company_domain)).collect();
        let top = most_common(domains.iter().cloned());
        if !top.is_empty() && domains.iter().filter(|d| **d == top).count() * 2 > domains.len().max(1) {
            by_domain.entry(top.clone()).or_default().push(group.key.clone());
            group.domain = Some(top);
        }
        let existing = sqlx::query(
            "SELECT id, name, account_number FROM organizations WHERE name_key = ? AND merged_into IS NULL
             ORDER BY archived_at IS NOT NULL, name LIMIT 1",
        )
        .bind(&group.key)
        .fetch_optional(db.reader())
        .await?;
        group.existing = existing
            .map(|r| -> Result<_> {
                Ok(OrganizationRef { id: r.try_get(0)?, name: r.try_get(1)?, account_number: r.try_get(2)? })
            })
            .transpose()?;
    }
    for group in groups.values_mut() {
        if let Some(domain) = &group.domain {
            group.same_domain =
                by_domain.get(domain).into_iter().flatten().filter(|k| **k != group.key).cloned().collect();
        }
    }
    // People without a company name but with a group's company domain, offered as hints.
    for person in loose {
        let Some(domain) = person.email.as_deref().and_then(company_domain) else { continue };
        if let Some(key) = by_domain.get(&domain).and_then(|keys| keys.first())
            && let Some(group) = groups.get_mut(key)
        {
            group.people.push(GroupPerson { by_domain: true, ..person });
        }
    }
    Ok(groups.into_values().collect())
}

fn most_common(values: impl Iterator<Item = String>) -> String {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(v, _)| v)
        .unwrap_or_default()
}

pub(crate) async fn apply(db: &Db, decisions: Vec<GroupDecision>, actor: &Actor) -> Result<ImportRecord> {
    if decisions.iter().all(|d| d.people.is_empty()) {
        return Err(Error::invalid("people", msg("Choose at least one {person} to link.", &[])));
    }
    let mut tx = db.begin_write().await?;
    let import = ImportId::new();
    let stamp = history::now(&mut tx).await?;
    history::insert(&mut tx, import, "organizer", None, None, "{}", actor, &stamp).await?;
    let (mut created, mut linked) = (0u64, 0u64);
    let mut seen = std::collections::HashSet::new();
    for decision in decisions.into_iter().filter(|d| !d.people.is_empty()) {
        let organization = match decision.target {
            GroupTarget::Existing { id } => {
                let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                found.ok_or_else(|| {
                    Error::invalid("organization_id", msg("The chosen {organization} no longer exists.", &[]))
                })?;
                id
            }
            GroupTarget::New { name, account_number } => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return Err(Error::invalid("name", msg("Each new {organization} needs a name.", &[])));
                }
                let account_number = clean(account_number);
                if let Some(number) = &account_number {
                    let holder: Option<String> =
                        sqlx::query_scalar("SELECT name FROM organizations WHERE account_number = ?")
                            .bind(number)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if let Some(holder) = holder {
                        return Err(Error::invalid(
                            "account_number",
                            msg(
                                "Account number “{account}” already belongs to “{name}”.",
                                &[("account", number), ("name", &holder)],
                            ),
                        ));
                    }
                }
                let id = OrganizationId::new();
                sqlx::query(
                    "INSERT INTO organizations (id, account_number, name, name_key, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?5, ?5)",
                )
                .bind(id)
                .bind(&account_number)
                .bind(&name)
                .bind(name_key(&name))
                .bind(&stamp)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO import_changes (import_id, entity, entity_id, action) VALUES (?, 'organization', ?, 'create')",
                )
                .bind(import)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                created += 1;
                id
            }
        };
        for person in decision.people {
            if !seen.insert(person) {
                return Err(Error::invalid(
                    "people",
                    msg("{A_person} is in two groups; keep them in one.", &[]),
                ));
            }
            let before = sqlx::query(
                "INSERT INTO import_changes (import_id, entity, entity_id, action, before)
                 SELECT ?, 'person', id, 'update', json_object(
                    'first_name', first_name, 'last_name', last_name, 'job_title', job_title,
                    'department', department, 'location', location, 'phone', phone, 'mobile', mobile,
                    'email', email, 'organization_id', NULL, 'company_name', company_name,
                    'company_key', company_key, 'address_line1', address_line1,
                    'address_line2', address_line2, 'city', city, 'region', region,
                    'postal_code', postal_code, 'country', country, 'updated_at', updated_at,
                    'archived_at', archived_at)
                 FROM people WHERE id = ? AND organization_id IS NULL",
            )
            .bind(import)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            if before.rows_affected() == 0 {
                return Err(Error::invalid(
                    "people",
                    msg(
                        "Someone in these groups was linked or deleted meanwhile; review the groups again.",
                        &[],
                    ),
                ));
            }
            sqlx::query(
                "UPDATE people SET organization_id = ?, company_name = NULL, company_key = NULL, updated_at = ?
                 WHERE id = ?",
            )
            .bind(organization)
            .bind(&stamp)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            linked += 1;
        }
    }
    let summary =
        super::ImportSummary { rows: linked, create: created, update: linked, ..Default::default() };
    history::finish(&mut tx, import, &summary).await?;
    history::stream_entries(&mut tx, import, false).await?;
    let record = history::get(&mut tx, import).await?;
    tx.commit().await?;
    Ok(record)
}

#[cfg(test)]
mod tests {
    #[test]
    fn free_mail_domains_are_no_hint() {
        assert_eq!(super::company_domain("jane@Acme.co.uk").as_deref(), Some("acme.co.uk"));
        assert_eq!(super::company_domain("jane@gmail.com"), None);
        assert_eq!(super::company_domain("jane@hotmail.de"), None);
        assert_eq!(super::company_domain("no-at-sign"), None);
    }
}
