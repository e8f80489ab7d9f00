//! People: the customers and contacts, linked to an organization (or carrying a free-text company
//! name until they are), with an address inherited live from the organization field by field.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use ts_rs::TS;

use crate::address::Address;
use crate::custom_fields::{self, CustomFilter, CustomRecord, CustomValue};
use crate::db::Db;
use crate::merge::{self, RecordKind};
use crate::messages::msg;
use crate::organizations::{self, CompanyName, OrganizationRef};
use crate::text::{clean, is_email, name_key};
use crate::{Error, OrganizationId, PersonId, Result};

/// A person as the app shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    pub id: PersonId,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub organization: Option<OrganizationRef>,
    /// Free-text company name; only while not linked to an organization.
    pub company_name: Option<String>,
    /// The address in effect: each field the person's own override, else the organization's.
    pub address: Address,
    /// The person's own address fields; `None` fields are inherited from the organization.
    pub address_override: Address,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
}

/// What a form sends to create or update a person. Blank strings count as empty; a blank
/// address field means "inherit it from the organization".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub organization_id: Option<OrganizationId>,
    /// Ignored when `organization_id` is set.
    pub company_name: Option<String>,
    pub address_override: Address,
    /// Custom field values as the form sends them, every field it shows ("" clears one; a
    /// required one sent blank is refused); `None` leaves them as they are.
    pub custom: Option<Vec<CustomValue>>,
}

/// Filters for the people list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PersonFilter {
    /// Matches names, email, phone, mobile, job title, department, company or organization name.
    pub text: Option<String>,
    pub organization_id: Option<OrganizationId>,
    /// Only people holding these custom field values (choice and yes/no fields).
    pub custom: Vec<CustomFilter>,
    pub include_archived: bool,
    /// At most this many rows (default 500, at most 5000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

const DEFAULT_LIMIT: u32 = 500;
const MAX_LIMIT: u32 = 5000;

/// The columns `from_row` reads: own fields, the organization, and the effective address.
macro_rules! select_people {
    () => {
        "SELECT p.id, p.first_name, p.last_name, p.job_title, p.department, p.location,
            p.phone, p.mobile, p.email, p.organization_id, o.name AS organization_name,
            o.account_number AS organization_account_number, p.company_name,
            p.address_line1, p.address_line2, p.city, p.region, p.postal_code, p.country,
            coalesce(p.address_line1, o.address_line1) AS eff_line1,
            coalesce(p.address_line2, o.address_line2) AS eff_line2,
            coalesce(p.city, o.city) AS eff_city,
            coalesce(p.region, o.region) AS eff_region,
            coalesce(p.postal_code, o.postal_code) AS eff_postal_code,
            coalesce(p.country, o.country) AS eff_country,
            p.created_at, p.updated_at, p.archived_at
         FROM people p LEFT JOIN organizations o ON o.id = p.organization_id "
    };
}

/// The list's order: last name (or first when there is none), first name.
const ORDER: &str =
    " ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id";

/// Appends the FROM and WHERE clauses of `filter` to `query`, with only the conditions that
/// apply: the plain list ("not archived" alone) then walks the partial index of active names
/// (migration 0009) instead of reading every row; the organization is joined only for the text.
fn push_from_where(query: &mut QueryBuilder<Sqlite>, filter: &PersonFilter, dense: &[bool]) {
    let text = clean(filter.text.clone());
    query.push(" FROM people p");
    if text.is_some() {
        query.push(" LEFT JOIN organizations o ON o.id = p.organization_id");
    }
    query.push(" WHERE 1");
    if let Some(text) = text {
        let columns = [
            "p.first_name",
            "p.last_name",
            "(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, ''))",
            "p.email",
            "p.phone",
            "p.mobile",
            "p.job_title",
            "p.department",
            "p.company_name",
            "o.name",
        ];
        organizations::push_contains(query, &columns, &text);
    }
    if let Some(organization) = filter.organization_id {
        query.push(" AND p.organization_id = ").push_bind(organization);
    }
    if !filter.include_archived {
        query.push(" AND p.archived_at IS NULL");
    } else {
        // Merged-away records are archived too; they are not shown even among the archived.
        query.push(" AND p.merged_into IS NULL");
    }
    custom_fields::push_filters(query, "p.id", &filter.custom, dense);
}

// i18n: not for people (SQL)
const ONE: &str = concat!(select_people!(), "WHERE p.id = ?");
const OF_ORGANIZATION: &str = concat!(
    select_people!(),
    "WHERE p.organization_id = ? AND p.merged_into IS NULL
     ORDER BY p.archived_at IS NOT NULL, coalesce(p.last_name, p.first_name) COLLATE NOCASE"
);
const WITH_COMPANY_KEY: &str = concat!(
    select_people!(),
    "WHERE p.company_key = ? AND p.organization_id IS NULL AND p.archived_at IS NULL
     ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE LIMIT 1000"
);

/// The people service.
pub struct People<'a> {
    db: &'a Db,
}

impl<'a> People<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// How many people match `filter` (its page ignored), for a scrollbar.
    pub async fn count(&self, filter: PersonFilter) -> Result<u64> {
        if let [custom] = filter.custom.as_slice()
            && !filter.include_archived
            && clean(filter.text.clone()).is_none()
            && filter.organization_id.is_none()
        {
            return custom_fields::count_holders(self.db.reader(), "people", custom).await;
        }
        let mut query = QueryBuilder::new("SELECT count(*)");
        push_from_where(&mut query, &filter, &[]);
        let n: i64 = query.build_query_scalar().fetch_one(self.db.reader()).await?;
        Ok(n as u64)
    }

    /// Lists people matching `filter`, by last name. The page is chosen on ids alone (an index
    /// walk for the plain list, however far down), then its rows are read.
    pub async fn list(&self, filter: PersonFilter) -> Result<Vec<Person>> {
        let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
        // A walk in the list's order pays off only when one common value is all that narrows it.
        let alone = filter.custom.len() == 1
            && clean(filter.text.clone()).is_none()
            && filter.organization_id.is_none();
        let dense =
            if alone { custom_fields::dense(self.db.reader(), &filter.custom).await? } else { vec![] };
        let mut query = QueryBuilder::new(concat!(select_people!(), "JOIN (SELECT p.id"));
        push_from_where(&mut query, &filter, &dense);
        query
            .push(ORDER)
            .push(" LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(filter.offset.unwrap_or(0));
        query.push(") page ON page.id = p.id").push(ORDER);
        let rows = query.build().fetch_all(self.db.reader()).await?;
        rows.iter().map(from_row).collect()
    }

    /// One person.
    pub async fn get(&self, id: PersonId) -> Result<Person> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Unlinked, unarchived people whose free-text company name normalises to `key` (as offered
    /// by the organization name suggestions).
    pub async fn with_company_key(&self, key: &str) -> Result<Vec<Person>> {
        let rows = sqlx::query(WITH_COMPANY_KEY).bind(key).fetch_all(self.db.reader()).await?;
        rows.iter().map(from_row).collect()
    }

    /// Creates a person.
    pub async fn create(&self, input: PersonInput) -> Result<Person> {
        let input = validated(input)?;
        let id = PersonId::new();
        let mut tx = self.db.begin_write().await?;
        check_organization(&mut tx, input.organization_id).await?;
        let input = auto_linked(&mut tx, input).await?;
        let a = &input.address_override;
        sqlx::query(
            "INSERT INTO people (id, first_name, last_name, job_title, department, location,
                phone, mobile, email, organization_id, company_name, company_key,
                address_line1, address_line2, city, region, postal_code, country,
                created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&input.first_name)
        .bind(&input.last_name)
        .bind(&input.job_title)
        .bind(&input.department)
        .bind(&input.location)
        .bind(&input.phone)
        .bind(&input.mobile)
        .bind(&input.email)
        .bind(input.organization_id)
        .bind(&input.company_name)
        .bind(input.company_name.as_deref().map(name_key))
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &input.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Person, id.uuid(), values).await?;
        }
        let created = fetch(&mut tx, id).await?;
        linked(&mut tx, &created, None).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Replaces a person's fields with `input`.
    pub async fn update(&self, id: PersonId, input: PersonInput) -> Result<Person> {
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        merge::refuse_merged(&mut tx, RecordKind::Person, id.uuid()).await?;
        check_organization(&mut tx, input.organization_id).await?;
        let input = auto_linked(&mut tx, input).await?;
        let a = &input.address_override;
        sqlx::query(
            "UPDATE people SET first_name = ?, last_name = ?, job_title = ?, department = ?,
                location = ?, phone = ?, mobile = ?, email = ?, organization_id = ?,
                company_name = ?, company_key = ?, address_line1 = ?, address_line2 = ?,
                city = ?, region = ?, postal_code = ?, country = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(&input.first_name)
        .bind(&input.last_name)
        .bind(&input.job_title)
        .bind(&input.department)
        .bind(&input.location)
        .bind(&input.phone)
        .bind(&input.mobile)
        .bind(&input.email)
        .bind(input.organization_id)
        .bind(&input.company_name)
        .bind(input.company_name.as_deref().map(name_key))
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &input.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Person, id.uuid(), values).await?;
        }
        let updated = fetch(&mut tx, id).await?;
        linked(&mut tx, &updated, before.organization.as_ref()).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Archives a person: hidden from lists unless asked for, nothing deleted.
    pub async fn archive(&self, id: PersonId) -> Result<Person> {
        self.set_archived(id, true).await
    }

    /// Brings an archived person back.
    pub async fn restore(&self, id: PersonId) -> Result<Person> {
        self.set_archived(id, false).await
    }

    async fn set_archived(&self, id: PersonId, archived: bool) -> Result<Person> {
        let mut tx = self.db.begin_write().await?;
        merge::refuse_merged(&mut tx, RecordKind::Person, id.uuid()).await?;
        let done = sqlx::query(
            "UPDATE people SET
                archived_at = CASE WHEN ?1 THEN coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2",
        )
        .bind(archived)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "person" });
        }
        let person = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(person)
    }
}

/// The people of one organization, on `conn`.
pub(crate) async fn of_organization(conn: &mut SqliteConnection, org: OrganizationId) -> Result<Vec<Person>> {
    let rows = sqlx::query(OF_ORGANIZATION).bind(org).fetch_all(&mut *conn).await?;
    rows.iter().map(from_row).collect()
}

/// Links a person who has no organization yet to `org`, dropping the free-text company name the
/// link replaces. A person linked elsewhere meanwhile is refused rather than moved.
pub(crate) async fn link_unlinked(
    conn: &mut SqliteConnection,
    person: PersonId,
    org: OrganizationId,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE people SET organization_id = ?, company_name = NULL, company_key = NULL,
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND organization_id IS NULL",
    )
    .bind(org)
    .bind(person)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::invalid(
            "link_people",
            msg("One of the chosen {people} no longer exists or is already linked to {a_organization}.", &[]),
        ));
    }
    Ok(())
}

/// Free-text company names of unlinked people matching a typed name, grouped by normalised form.
pub(crate) async fn company_names_like(
    conn: &mut SqliteConnection,
    like: &str,
    key_prefix: &str,
    key: &str,
    limit: u32,
) -> Result<Vec<CompanyName>> {
    let rows = sqlx::query(
        "WITH matching AS (
            SELECT company_name, company_key FROM people
            WHERE organization_id IS NULL AND archived_at IS NULL AND company_key IS NOT NULL
              AND (company_name LIKE ?1 ESCAPE '\\' OR (?3 <> '' AND company_key LIKE ?2 ESCAPE '\\'))
         ), spellings AS (
            SELECT company_key, company_name, count(*) AS n FROM matching
            GROUP BY company_key, company_name
         )
         SELECT company_key,
                (SELECT s2.company_name FROM spellings s2 WHERE s2.company_key = s.company_key
                 ORDER BY s2.n DESC, s2.company_name LIMIT 1) AS name,
                sum(n) AS people
         FROM spellings s GROUP BY company_key
         ORDER BY company_key = ?3 DESC, people DESC, name COLLATE NOCASE
         LIMIT ?4",
    )
    .bind(like)
    .bind(key_prefix)
    .bind(key)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CompanyName {
                name: r.try_get("name")?,
                key: r.try_get("company_key")?,
                people: r.try_get("people")?,
            })
        })
        .collect()
}

async fn fetch(conn: &mut SqliteConnection, id: PersonId) -> Result<Person> {
    let row = sqlx::query(ONE)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "person" })?;
    from_row(&row)
}

fn from_row(r: &SqliteRow) -> Result<Person> {
    let organization = match r.try_get::<Option<OrganizationId>, _>("organization_id")? {
        Some(id) => Some(OrganizationRef {
            id,
            name: r.try_get("organization_name")?,
            account_number: r.try_get("organization_account_number")?,
        }),
        None => None,
    };
    Ok(Person {
        id: r.try_get("id")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        job_title: r.try_get("job_title")?,
        department: r.try_get("department")?,
        location: r.try_get("location")?,
        phone: r.try_get("phone")?,
        mobile: r.try_get("mobile")?,
        email: r.try_get("email")?,
        organization,
        company_name: r.try_get("company_name")?,
        address: Address {
            line1: r.try_get("eff_line1")?,
            line2: r.try_get("eff_line2")?,
            city: r.try_get("eff_city")?,
            region: r.try_get("eff_region")?,
            postal_code: r.try_get("eff_postal_code")?,
            country: r.try_get("eff_country")?,
        },
        address_override: Address {
            line1: r.try_get("address_line1")?,
            line2: r.try_get("address_line2")?,
            city: r.try_get("city")?,
            region: r.try_get("region")?,
            postal_code: r.try_get("postal_code")?,
            country: r.try_get("country")?,
        },
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        archived_at: r.try_get("archived_at")?,
    })
}

/// Trims the input and checks the rules that need no database.
fn validated(input: PersonInput) -> Result<PersonInput> {
    let first_name = clean(input.first_name);
    let last_name = clean(input.last_name);
    if first_name.is_none() && last_name.is_none() {
        return Err(Error::invalid("last_name", msg("Enter a first or a last name.", &[])));
    }
    let email = clean(input.email);
    if let Some(email) = &email
        && !is_email(email)
    {
        return Err(Error::invalid("email", msg("“{email}” is not an email address.", &[("email", email)])));
    }
    let company_name = match input.organization_id {
        Some(_) => None,
        None => clean(input.company_name),
    };
    Ok(PersonInput {
        first_name,
        last_name,
        job_title: clean(input.job_title),
        department: clean(input.department),
        location: clean(input.location),
        phone: clean(input.phone),
        mobile: clean(input.mobile),
        email,
        organization_id: input.organization_id,
        company_name,
        address_override: input.address_override.cleaned(),
        custom: input.custom,
    })
}

/// With the "Automatically link new people to organizations" setting on, a free-text company
/// name becomes a link: to the organization whose name normalises the same (an active one first),
/// else to a new organization of that name.
async fn auto_linked(conn: &mut SqliteConnection, mut input: PersonInput) -> Result<PersonInput> {
    let Some(company) = input.company_name.clone() else { return Ok(input) };
    let on: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'auto_link_people'")
        .fetch_optional(&mut *conn)
        .await?;
    if on.as_deref() != Some("yes") {
        return Ok(input);
    }
    let key = name_key(&company);
    let existing: Option<OrganizationId> = sqlx::query_scalar(
        "SELECT id FROM organizations WHERE name_key = ? AND merged_into IS NULL
         ORDER BY archived_at IS NOT NULL, name LIMIT 1",
    )
    .bind(&key)
    .fetch_optional(&mut *conn)
    .await?;
    let id = match existing {
        Some(id) => id,
        None => organizations::insert_named(conn, &company).await?,
    };
    input.organization_id = Some(id);
    input.company_name = None;
    Ok(input)
}

async fn check_organization(conn: &mut SqliteConnection, org: Option<OrganizationId>) -> Result<()> {
    if let Some(org) = org {
        organizations::fetch(conn, org).await.map_err(|_| {
            Error::invalid("organization_id", msg("The chosen {organization} no longer exists.", &[]))
        })?;
    }
    Ok(())
}

/// The stream entries for a person joining or leaving an organization (in both streams).
async fn linked(
    conn: &mut SqliteConnection,
    person: &Person,
    before: Option<&OrganizationRef>,
) -> Result<()> {
    let after = person.organization.as_ref();
    if before.map(|o| o.id) == after.map(|o| o.id) {
        return Ok(());
    }
    let name = [person.first_name.as_deref(), person.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    for (org, joined) in [(before, false), (after, true)] {
        if let Some(org) = org {
            let values = [("name", name.as_str()), ("organization_name", org.name.as_str())];
            let body = if joined {
                msg("{name} joined {organization_name}", &values)
            } else {
                msg("{name} left {organization_name}", &values)
            };
            let event = crate::stream::Event {
                organization: Some(org.id),
                person: Some(person.id),
                kind: crate::stream::StreamKind::Link,
                body: &body,
                ref_id: None,
            };
            crate::stream::record(conn, event, None).await?;
        }
    }
    Ok(())
}
