//! Organizations: companies, departments and sites, with their account numbers, parent/site tree,
//! addresses, archive and the name suggestions that catch duplicates before they are made.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use ts_rs::TS;

use crate::address::Address;
use crate::custom_fields::{self, CustomFilter, CustomRecord, CustomValue};
use crate::db::Db;
use crate::merge::{self, RecordKind};
use crate::messages::msg;
use crate::people::{self, Person};
use crate::text::{clean, is_email, name_key};
use crate::{Error, OrganizationId, PersonId, Result};

/// An organization as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Organization {
    pub id: OrganizationId,
    /// The billing system's customer id; unique when set.
    pub account_number: Option<String>,
    pub name: String,
    /// "Doing business as": the trading name, when it differs.
    pub dba_name: Option<String>,
    /// Set when this organization is a site (or department) of another.
    pub parent: Option<OrganizationRef>,
    pub address: Address,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    /// Whether a logo is set (`logos().get(id)` reads it).
    pub has_logo: bool,
    pub created_at: String,
    pub updated_at: String,
    pub archived_at: Option<String>,
}

/// Enough of an organization to name and link it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationRef {
    pub id: OrganizationId,
    pub name: String,
    pub account_number: Option<String>,
}

/// What a form sends to create or update an organization. Blank strings count as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrganizationInput {
    pub account_number: Option<String>,
    pub name: String,
    pub dba_name: Option<String>,
    pub parent_id: Option<OrganizationId>,
    pub address: Address,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    /// Custom field values as the form sends them, every field it shows ("" clears one; a
    /// required one sent blank is refused); `None` leaves them as they are.
    pub custom: Option<Vec<CustomValue>>,
}

/// An organization with what hangs off it: its sites and its people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationDetail {
    pub organization: Organization,
    /// Sites and departments, archived ones included (the view marks them).
    pub sites: Vec<Organization>,
    /// People linked to it, archived ones included (the view marks them).
    pub people: Vec<Person>,
}

/// How the organizations list is ordered; ties go by name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationSort {
    #[default]
    Name,
    AccountNumber,
    City,
}

/// Filters for the organizations list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrganizationFilter {
    /// Matches name, DBA name, account number, city, phone or email (case-insensitive substring).
    pub text: Option<String>,
    /// Exact city (case-insensitive).
    pub city: Option<String>,
    /// Only organizations with a (not archived) system of this type.
    pub system_type_id: Option<crate::SystemTypeId>,
    /// Only organizations this staff member looks after (a member, own or inherited by a site):
    /// "My organizations".
    pub member_id: Option<crate::StaffId>,
    /// Only organizations holding these custom field values (choice and yes/no fields).
    pub custom: Vec<CustomFilter>,
    /// Include archived organizations.
    pub include_archived: bool,
    pub sort: OrganizationSort,
    /// At most this many rows (default 500, at most 5000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// What typing a new organization's name suggests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NameSuggestions {
    /// Existing organizations that look like the typed name.
    pub organizations: Vec<OrganizationMatch>,
    /// Free-text company names on people not yet linked to an organization.
    pub company_names: Vec<CompanyName>,
}

/// An existing organization offered while typing a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationMatch {
    pub organization: OrganizationRef,
    pub city: Option<String>,
    pub archived: bool,
    /// Same name once case, punctuation and legal suffixes (Inc, LLC, Ltd, GmbH…) are ignored.
    pub near_duplicate: bool,
}

/// A free-text company name used on people, grouped by its normalised form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CompanyName {
    /// The spelling most people use.
    pub name: String,
    /// The normalised form that groups spellings; pass it to `people().with_company_key`.
    pub key: String,
    pub people: u32,
}

const DEFAULT_LIMIT: u32 = 500;
const MAX_LIMIT: u32 = 5000;
const SUGGESTIONS: u32 = 8;

/// The columns `from_row` reads; a macro so that `concat!` can build whole statements from it.
macro_rules! select_organizations {
    () => {
        "SELECT o.id, o.account_number, o.name, o.dba_name, o.parent_id,
            p.name AS parent_name, p.account_number AS parent_account_number,
            o.address_line1, o.address_line2, o.city, o.region, o.postal_code, o.country,
            o.phone, o.email, o.website, o.notes, o.logo_sha256 IS NOT NULL AS has_logo,
            o.created_at, o.updated_at, o.archived_at
         FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id "
    };
}

/// Appends the WHERE clause of `filter` to `query`, with only the conditions that apply: the
/// plain list ("not archived" alone) then walks the partial index of active names (migration
/// 0009) instead of reading every row.
fn push_filter(query: &mut QueryBuilder<Sqlite>, filter: &OrganizationFilter, dense: &[bool]) {
    query.push(" WHERE 1");
    if let Some(text) = clean(filter.text.clone()) {
        push_contains(
            query,
            &["o.name", "o.dba_name", "o.account_number", "o.city", "o.phone", "o.email"],
            &text,
        );
    }
    if let Some(city) = clean(filter.city.clone()) {
        query.push(" AND o.city = ").push_bind(city).push(" COLLATE NOCASE");
    }
    if !filter.include_archived {
        query.push(" AND o.archived_at IS NULL");
    } else {
        // Merged-away records are archived too; they are not shown even among the archived.
        query.push(" AND o.merged_into IS NULL");
    }
    if let Some(system_type) = filter.system_type_id {
        query
            .push(
                " AND EXISTS (SELECT 1 FROM systems s WHERE s.organization_id = o.id AND s.system_type_id = ",
            )
            .push_bind(system_type)
            .push(" AND s.archived_at IS NULL)"); // i18n: not for people (SQL)
    }
    if let Some(staff) = filter.member_id {
        crate::members::push_mine(query, staff);
    }
    custom_fields::push_filters(query, "o.id", &filter.custom, dense);
}

/// Appends " AND (a LIKE ? OR b LIKE ? …)": any of `columns` contains `text` (case-insensitive,
/// `%` and `_` taken literally). Shared by the organizations and people lists.
pub(crate) fn push_contains(query: &mut QueryBuilder<Sqlite>, columns: &[&str], text: &str) {
    let pattern = format!("%{}%", crate::text::escape_like(text));
    query.push(" AND (");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            query.push(" OR ");
        }
        query.push(column).push(" LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
    }
    query.push(")");
}

impl OrganizationSort {
    fn order_by(self) -> &'static str {
        match self {
            Self::Name => " ORDER BY o.name COLLATE NOCASE, o.id",
            Self::AccountNumber => {
                " ORDER BY o.account_number IS NULL, o.account_number COLLATE NOCASE, o.name COLLATE NOCASE, o.id"
            }
            Self::City => " ORDER BY o.city IS NULL, o.city COLLATE NOCASE, o.name COLLATE NOCASE, o.id",
        }
    }
}

const SITES: &str = concat!(
    select_organizations!(),
    "WHERE o.parent_id = ? AND o.merged_into IS NULL ORDER BY o.archived_at IS NOT NULL, o.name COLLATE NOCASE"
);
// i18n: not for people (SQL)
const ONE: &str = concat!(select_organizations!(), "WHERE o.id = ?");

/// The organizations service.
pub struct Organizations<'a> {
    db: &'a Db,
}

impl<'a> Organizations<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Lists organizations matching `filter`. The page is chosen on ids alone (an index walk
    /// for the plain list, however far down), then its rows are read.
    pub async fn list(&self, filter: OrganizationFilter) -> Result<Vec<Organization>> {
        let limit = filter.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
        let order = filter.sort.order_by();
        // A walk in the list's order pays off only when one common value is all that narrows it
        // (with more filters the rows that pass them all may be few: their holders are read).
        let alone = filter.custom.len() == 1
            && clean(filter.text.clone()).is_none()
            && clean(filter.city.clone()).is_none()
            && filter.system_type_id.is_none()
            && filter.member_id.is_none();
        let dense =
            if alone { custom_fields::dense(self.db.reader(), &filter.custom).await? } else { vec![] };
        let mut query =
            QueryBuilder::new(concat!(select_organizations!(), "JOIN (SELECT o.id FROM organizations o"));
        push_filter(&mut query, &filter, &dense);
        query
            .push(order)
            .push(" LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(filter.offset.unwrap_or(0));
        query.push(") page ON page.id = o.id").push(order);
        let rows = query.build().fetch_all(self.db.reader()).await?;
        rows.iter().map(from_row).collect()
    }

    /// How many organizations match `filter` (its sort and page ignored), for a scrollbar.
    pub async fn count(&self, filter: OrganizationFilter) -> Result<u64> {
        if let [custom] = filter.custom.as_slice()
            && !filter.include_archived
            && clean(filter.text.clone()).is_none()
            && clean(filter.city.clone()).is_none()
            && filter.system_type_id.is_none()
            && filter.member_id.is_none()
        {
            return custom_fields::count_holders(self.db.reader(), "organizations", custom).await;
        }
        let mut query = QueryBuilder::new("SELECT count(*) FROM organizations o");
        push_filter(&mut query, &filter, &[]);
        let n: i64 = query.build_query_scalar().fetch_one(self.db.reader()).await?;
        Ok(n as u64)
    }

    /// The distinct cities in use, for the list's city filter.
    pub async fn cities(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT city FROM organizations WHERE city IS NOT NULL
             ORDER BY city COLLATE NOCASE LIMIT 1000",
        )
        .fetch_all(self.db.reader())
        .await?)
    }

    /// One organization.
    pub async fn get(&self, id: OrganizationId) -> Result<Organization> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// The organization with this account number (archived ones included).
    pub async fn by_account_number(&self, number: &str) -> Result<Organization> {
        let id: Option<OrganizationId> =
            sqlx::query_scalar("SELECT id FROM organizations WHERE account_number = ?")
                .bind(number.trim())
                .fetch_optional(self.db.reader())
                .await?;
        self.get(id.ok_or(Error::NotFound { entity: "organization" })?).await
    }

    /// One organization with its sites and people.
    pub async fn detail(&self, id: OrganizationId) -> Result<OrganizationDetail> {
        let mut conn = self.db.reader().acquire().await?;
        let organization = fetch(&mut conn, id).await?;
        let sites = sqlx::query(SITES)
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<_>>()?;
        let people = people::of_organization(&mut conn, id).await?;
        Ok(OrganizationDetail { organization, sites, people })
    }

    /// Creates an organization and links the people in `link_people` to it (those found through
    /// the name suggestions); all or nothing.
    pub async fn create(&self, input: OrganizationInput, link_people: Vec<PersonId>) -> Result<Organization> {
        let input = validated(input)?;
        let id = OrganizationId::new();
        let mut tx = self.db.begin_write().await?;
        check_account_number(&mut tx, input.account_number.as_deref(), id).await?;
        if let Some(parent) = input.parent_id {
            fetch(&mut tx, parent).await.map_err(|_| parent_missing())?;
        }
        let a = &input.address;
        sqlx::query(
            "INSERT INTO organizations (id, account_number, name, name_key, dba_name, parent_id,
                address_line1, address_line2, city, region, postal_code, country,
                phone, email, website, notes, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&input.account_number)
        .bind(&input.name)
        .bind(name_key(&input.name))
        .bind(&input.dba_name)
        .bind(input.parent_id)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&input.phone)
        .bind(&input.email)
        .bind(&input.website)
        .bind(&input.notes)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &input.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Organization, id.uuid(), values).await?;
        }
        for person in link_people {
            people::link_unlinked(&mut tx, person, id).await?;
        }
        let created = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Replaces an organization's fields with `input`.
    pub async fn update(&self, id: OrganizationId, input: OrganizationInput) -> Result<Organization> {
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        fetch(&mut tx, id).await?;
        merge::refuse_merged(&mut tx, RecordKind::Organization, id.uuid()).await?;
        check_account_number(&mut tx, input.account_number.as_deref(), id).await?;
        if let Some(parent) = input.parent_id {
            check_parent(&mut tx, id, parent).await?;
        }
        let a = &input.address;
        sqlx::query(
            "UPDATE organizations SET account_number = ?, name = ?, name_key = ?, dba_name = ?,
                parent_id = ?, address_line1 = ?, address_line2 = ?, city = ?, region = ?,
                postal_code = ?, country = ?, phone = ?, email = ?, website = ?, notes = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(&input.account_number)
        .bind(&input.name)
        .bind(name_key(&input.name))
        .bind(&input.dba_name)
        .bind(input.parent_id)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&input.phone)
        .bind(&input.email)
        .bind(&input.website)
        .bind(&input.notes)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some(values) = &input.custom {
            custom_fields::save_values(&mut tx, CustomRecord::Organization, id.uuid(), values).await?;
        }
        let updated = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Archives an organization: hidden from lists unless asked for, nothing deleted. Its sites
    /// and people stay as they are.
    pub async fn archive(&self, id: OrganizationId) -> Result<Organization> {
        self.set_archived(id, true).await
    }

    /// Brings an archived organization back.
    pub async fn restore(&self, id: OrganizationId) -> Result<Organization> {
        self.set_archived(id, false).await
    }

    async fn set_archived(&self, id: OrganizationId, archived: bool) -> Result<Organization> {
        let mut tx = self.db.begin_write().await?;
        merge::refuse_merged(&mut tx, RecordKind::Organization, id.uuid()).await?;
        let done = sqlx::query(
            "UPDATE organizations SET
                archived_at = CASE WHEN ?1 THEN coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2",
        )
        .bind(archived)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "organization" });
        }
        let org = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(org)
    }

    /// Suggestions while typing a new organization's name: existing organizations that look
    /// alike (near duplicates flagged) and company names typed on people.
    pub async fn suggest_names(&self, typed: &str) -> Result<NameSuggestions> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(NameSuggestions::default());
        }
        let key = name_key(typed);
        let like = format!("%{}%", crate::text::escape_like(typed));
        let key_prefix = format!("{}%", crate::text::escape_like(&key));
        let mut conn = self.db.reader().acquire().await?;
        let rows = sqlx::query(
            "SELECT id, name, account_number, city, archived_at IS NOT NULL AS archived, name_key
             FROM organizations
             WHERE (name LIKE ?1 ESCAPE '\\' OR dba_name LIKE ?1 ESCAPE '\\'
                OR (?2 <> '' AND name_key LIKE ?3 ESCAPE '\\')) AND merged_into IS NULL
             ORDER BY name_key = ?2 DESC, archived_at IS NOT NULL, name COLLATE NOCASE
             LIMIT ?4",
        )
        .bind(&like)
        .bind(&key)
        .bind(&key_prefix)
        .bind(SUGGESTIONS)
        .fetch_all(&mut *conn)
        .await?;
        let organizations = rows
            .iter()
            .map(|r| {
                Ok(OrganizationMatch {
                    organization: OrganizationRef {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        account_number: r.try_get("account_number")?,
                    },
                    city: r.try_get("city")?,
                    archived: r.try_get("archived")?,
                    near_duplicate: !key.is_empty() && r.try_get::<String, _>("name_key")? == key,
                })
            })
            .collect::<Result<_>>()?;
        let company_names =
            people::company_names_like(&mut conn, &like, &key_prefix, &key, SUGGESTIONS).await?;
        Ok(NameSuggestions { organizations, company_names })
    }
}

/// Reads one organization on `conn` (a reader, or the writer inside a transaction).
/// Creates an organization with just a name (the automatic link of people), returning its id.
pub(crate) async fn insert_named(conn: &mut SqliteConnection, name: &str) -> Result<OrganizationId> {
    let id = OrganizationId::new();
    sqlx::query(
        "INSERT INTO organizations (id, name, name_key, created_at, updated_at)
         VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(id)
    .bind(name.trim())
    .bind(name_key(name))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

pub(crate) async fn fetch(conn: &mut SqliteConnection, id: OrganizationId) -> Result<Organization> {
    let row = sqlx::query(ONE)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "organization" })?;
    from_row(&row)
}

fn from_row(r: &SqliteRow) -> Result<Organization> {
    let parent = match r.try_get::<Option<OrganizationId>, _>("parent_id")? {
        Some(id) => Some(OrganizationRef {
            id,
            name: r.try_get("parent_name")?,
            account_number: r.try_get("parent_account_number")?,
        }),
        None => None,
    };
    Ok(Organization {
        id: r.try_get("id")?,
        account_number: r.try_get("account_number")?,
        name: r.try_get("name")?,
        dba_name: r.try_get("dba_name")?,
        parent,
        address: Address {
            line1: r.try_get("address_line1")?,
            line2: r.try_get("address_line2")?,
            city: r.try_get("city")?,
            region: r.try_get("region")?,
            postal_code: r.try_get("postal_code")?,
            country: r.try_get("country")?,
        },
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        website: r.try_get("website")?,
        notes: r.try_get("notes")?,
        has_logo: r.try_get("has_logo")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        archived_at: r.try_get("archived_at")?,
    })
}

/// Trims the input and checks the rules that need no database.
fn validated(input: OrganizationInput) -> Result<OrganizationInput> {
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid("name", msg("Name is required.", &[])));
    }
    let email = clean(input.email);
    if let Some(email) = &email
        && !is_email(email)
    {
        return Err(Error::invalid("email", msg("“{email}” is not an email address.", &[("email", email)])));
    }
    Ok(OrganizationInput {
        account_number: clean(input.account_number),
        name,
        dba_name: clean(input.dba_name),
        parent_id: input.parent_id,
        address: input.address.cleaned(),
        phone: clean(input.phone),
        email,
        website: clean(input.website),
        notes: clean(input.notes),
        custom: input.custom,
    })
}

/// Refuses an account number another organization (archived ones too) already has, naming it.
async fn check_account_number(
    conn: &mut SqliteConnection,
    account_number: Option<&str>,
    id: OrganizationId,
) -> Result<()> {
    let Some(number) = account_number else {
        return Ok(());
    };
    let holder: Option<(String, bool)> = sqlx::query_as(
        "SELECT name, archived_at IS NOT NULL FROM organizations WHERE account_number = ? AND id <> ?",
    )
    .bind(number)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((name, archived)) = holder else {
        return Ok(());
    };
    let values = [("number", number), ("name", name.as_str())];
    Err(Error::invalid(
        "account_number",
        if archived {
            msg("Account number {number} is already used by {name} (archived).", &values)
        } else {
            msg("Account number {number} is already used by {name}.", &values)
        },
    ))
}

/// Whether walking up the parents from `node` reaches `root` (`node` itself included); also used
/// by merging, so a record is never merged into its own site.
pub(crate) async fn is_within(
    conn: &mut SqliteConnection,
    node: uuid::Uuid,
    root: uuid::Uuid,
) -> Result<bool> {
    // The depth bound keeps a damaged file from looping forever.
    Ok(sqlx::query_scalar(
        "WITH RECURSIVE up(id, depth) AS (
            SELECT ?1, 0
            UNION ALL
            SELECT o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.id
            WHERE o.parent_id IS NOT NULL AND up.depth < 1000
         )
         SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)",
    )
    .bind(node)
    .bind(root)
    .fetch_one(&mut *conn)
    .await?)
}

/// Refuses a parent that does not exist, or that would make `id` its own ancestor.
async fn check_parent(conn: &mut SqliteConnection, id: OrganizationId, parent: OrganizationId) -> Result<()> {
    if parent == id {
        return Err(Error::invalid("parent_id", msg("{A_organization} cannot be its own parent.", &[])));
    }
    fetch(conn, parent).await.map_err(|_| parent_missing())?;
    if is_within(conn, parent.uuid(), id.uuid()).await? {
        return Err(Error::invalid(
            "parent_id",
            msg(
                "That parent is one of this {organization}'s own {sites}; {a_organization} cannot be above itself.",
                &[],
            ),
        ));
    }
    Ok(())
}

fn parent_missing() -> Error {
    Error::invalid("parent_id", msg("The chosen parent {organization} no longer exists.", &[]))
}
