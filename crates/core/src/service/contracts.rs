//! Service contracts (issue "Service contracts, SLAs and a ticket desk"): what each customer has
//! signed — managed service, support, warranty, prepaid hours — from when to when, how it renews,
//! what it is worth and which systems (of the organization and its sites) and other items it
//! covers. A site without contracts of its own works under its parent's. The status is computed
//! for a day (upcoming, active, expiring within a warning window, expired); an automatically
//! renewing contract rolls on by its term and never expires. Logging a ticket for a customer
//! whose contracts have all ended warns ([`alerts`]), and the ticket keeps the warning.

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::custom_fields::{self, CustomFilter, CustomRecord, CustomValue};
use crate::dates;
use crate::db::Db;
use crate::messages::msg;
use crate::service::prepaid::{self, Prepaid, TopUpInput};
use crate::staff::Actor;
use crate::text::clean;
use crate::{ContractId, Error, OrganizationId, PersonId, Result, SystemId};

/// Days before its end when a contract shows as expiring.
pub const EXPIRING_DAYS: i64 = 30;

/// What kind of contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    ManagedService,
    Support,
    Warranty,
    PrepaidHours,
    Other,
}

/// How a contract goes on at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Renewal {
    /// It ends.
    None,
    /// It renews for the same term unless cancelled (by its notice period before the end).
    Automatic,
    /// It renews only when the customer gives notice (by its notice period before the end).
    Notice,
}

/// How often its value is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Monthly,
    Quarterly,
    Yearly,
    Once,
}

/// Where a contract stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Starts later.
    Upcoming,
    Active,
    /// Ends within [`EXPIRING_DAYS`] and does not renew by itself.
    Expiring,
    Expired,
}

/// Something a contract covers: a system, or a free-text item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContractItem {
    pub system_id: Option<SystemId>,
    /// The system's name, and the site it is at when that is not the contract's organization.
    pub system_name: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
}

/// A contract as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contract {
    pub id: ContractId,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub person_id: Option<PersonId>,
    pub person_name: Option<String>,
    pub name: String,
    pub kind: ContractKind,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub renewal: Renewal,
    #[ts(type = "number | null")]
    pub notice_days: Option<i64>,
    /// Per billing cycle, minor units.
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    pub billing_cycle: Option<BillingCycle>,
    pub notes: Option<String>,
    pub archived_at: Option<String>,
    pub items: Vec<ContractItem>,
    /// Computed for today.
    pub status: ContractStatus,
    /// The end of the term under way (an automatically renewing contract's rolls on); None when
    /// open-ended.
    pub current_end: Option<String>,
    /// The last day to cancel (automatic renewal) or to renew (by notice).
    pub notice_by: Option<String>,
    /// Days from today to `current_end` (negative once it has passed).
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// On a site's page: the organization whose contract it is (the site has none of its own).
    pub inherited_from: Option<String>,
    /// A prepaid-hours contract's block: used and left.
    pub prepaid: Option<Prepaid>,
}

/// A covered item as the form sends it: a system, or a description.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContractItemInput {
    pub system_id: Option<SystemId>,
    pub description: Option<String>,
}

/// What the contract form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ContractInput {
    pub organization_id: Option<OrganizationId>,
    #[serde(default)]
    pub person_id: Option<PersonId>,
    pub name: String,
    pub kind: ContractKind,
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: Option<String>,
    pub renewal: Renewal,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub notice_days: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    #[serde(default)]
    pub billing_cycle: Option<BillingCycle>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub items: Vec<ContractItemInput>,
    /// A new prepaid-hours contract's first block (later: top-ups).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub prepaid_minutes: Option<i64>,
    /// Custom field values as the form sends them, every contract field it shows ("" clears
    /// one; a required one sent blank is refused); `None` leaves them as they are.
    #[serde(default)]
    pub custom: Option<Vec<CustomValue>>,
}

/// Which contracts the Contracts view lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContractFilter {
    #[default]
    All,
    Active,
    /// Ending within `within_days` (and not renewing by themselves).
    Expiring,
    Expired,
}

/// The Contracts view's query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ContractQuery {
    pub filter: ContractFilter,
    /// For `Expiring`: 30, 60, 90…
    #[ts(type = "number | null")]
    pub within_days: Option<i64>,
    /// One organization and its sites.
    pub organization_id: Option<OrganizationId>,
    pub include_archived: bool,
    /// Only contracts holding these custom field values (choice and yes/no fields).
    pub custom: Vec<CustomFilter>,
    /// Words of the contract's name or of its custom text fields.
    pub text: Option<String>,
}

/// A system a contract of an organization can cover (the organization's or a site's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoverableSystem {
    pub id: SystemId,
    pub name: String,
    /// The site it is at, when that is not the organization itself.
    pub site_name: Option<String>,
}

/// Where a contract stands on `today`: its status, the end of its current term, the day notice
/// is due and the days left. Pure, for the list and the tests.
pub fn standing(
    starts_on: &str,
    ends_on: Option<&str>,
    renewal: Renewal,
    notice_days: Option<i64>,
    today: &str,
) -> (ContractStatus, Option<String>, Option<String>, Option<i64>) {
    let Some(ends) = ends_on else {
        let status = if today < starts_on { ContractStatus::Upcoming } else { ContractStatus::Active };
        return (status, None, None, None);
    };
    let end = match renewal {
        Renewal::Automatic => rolled_on(starts_on, ends, today),
        _ => ends.to_owned(),
    };
    let notice_by = match (renewal, notice_days) {
        (Renewal::None, _) | (_, None) => None,
        (_, Some(days)) => dates::add_days(&end, -days),
    };
    let days_left = dates::days_between(today, &end);
    let status = if today < starts_on {
        ContractStatus::Upcoming
    } else if renewal == Renewal::Automatic {
        ContractStatus::Active
    } else if today > end.as_str() {
        ContractStatus::Expired
    } else if days_left.is_some_and(|d| d <= EXPIRING_DAYS) {
        ContractStatus::Expiring
    } else {
        ContractStatus::Active
    };
    (status, Some(end), notice_by, days_left)
}

/// The end of the term under way on `today` of a contract from `starts` to `ends` that renews
/// for the same term: whole months when the term is (the 1st to the last of a month, a year),
/// else the same number of days.
fn rolled_on(starts: &str, ends: &str, today: &str) -> String {
    let Some(after) = dates::add_days(ends, 1) else { return ends.to_owned() };
    let months = whole_months(starts, &after);
    let days = dates::days_between(starts, &after).unwrap_or(0);
    if days <= 0 {
        return ends.to_owned();
    }
    let mut next_start = after;
    let mut k = 1;
    while today >= next_start.as_str() {
        k += 1;
        let next = match months {
            Some(m) => dates::add_months(starts, m * k),
            None => dates::add_days(starts, days * k),
        };
        let Some(next) = next else { break };
        next_start = next;
    }
    dates::add_days(&next_start, -1).unwrap_or_else(|| ends.to_owned())
}

/// The months from `from` to `to` when they are whole (the same day of the month).
fn whole_months(from: &str, to: &str) -> Option<i64> {
    if from.get(8..10)? != to.get(8..10)? {
        return None;
    }
    let months =
        |d: &str| -> Option<i64> { Some(d[0..4].parse::<i64>().ok()? * 12 + d[5..7].parse::<i64>().ok()?) };
    let m = months(to)? - months(from)?;
    (m > 0).then_some(m)
}

const SELECT: &str = "SELECT c.id, c.organization_id, o.name AS organization_name, c.person_id,
        nullif(trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), '') AS person_name,
        c.name, c.kind, c.starts_on, c.ends_on, c.renewal, c.notice_days, c.value, c.billing_cycle, c.notes,
        c.archived_at
     FROM contracts c JOIN organizations o ON o.id = c.organization_id
     LEFT JOIN people p ON p.id = c.person_id ";

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

fn word<T: Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn contract_from_row(row: &SqliteRow, today: &str) -> Result<Contract> {
    let starts_on: String = row.try_get("starts_on")?;
    let ends_on: Option<String> = row.try_get("ends_on")?;
    let renewal = parse(&row.try_get::<String, _>("renewal")?).unwrap_or(Renewal::None);
    let notice_days: Option<i64> = row.try_get("notice_days")?;
    let (status, current_end, notice_by, days_left) =
        standing(&starts_on, ends_on.as_deref(), renewal, notice_days, today);
    Ok(Contract {
        id: row.try_get("id")?,
        organization_id: row.try_get("organization_id")?,
        organization_name: row.try_get("organization_name")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        name: row.try_get("name")?,
        kind: parse(&row.try_get::<String, _>("kind")?).unwrap_or(ContractKind::Other),
        starts_on,
        ends_on,
        renewal,
        notice_days,
        value: row.try_get("value")?,
        billing_cycle: row.try_get::<Option<String>, _>("billing_cycle")?.and_then(|c| parse(&c)),
        notes: row.try_get("notes")?,
        archived_at: row.try_get("archived_at")?,
        items: Vec::new(),
        status,
        current_end,
        notice_by,
        days_left,
        inherited_from: None,
        prepaid: None,
    })
}

/// A covered item's row: system, its name, its organization and that one's name, description.
type ItemRow = (Option<SystemId>, Option<String>, Option<OrganizationId>, Option<String>, Option<String>);

/// Fills in the covered items of `contracts`, and where prepaid blocks stand.
async fn with_items(conn: &mut SqliteConnection, contracts: &mut [Contract]) -> Result<()> {
    for contract in contracts.iter_mut() {
        if contract.kind == ContractKind::PrepaidHours {
            contract.prepaid = Some(
                prepaid::standing(conn, contract.id, contract.organization_id, contract.person_id).await?,
            );
        }
        let rows: Vec<ItemRow> = sqlx::query_as(
            "SELECT i.system_id, s.name, s.organization_id, so.name, i.description
                 FROM contract_items i LEFT JOIN systems s ON s.id = i.system_id
                 LEFT JOIN organizations so ON so.id = s.organization_id
                 WHERE i.contract_id = ? ORDER BY i.position, i.created_at",
        )
        .bind(contract.id)
        .fetch_all(&mut *conn)
        .await?;
        contract.items = rows
            .into_iter()
            .map(|(system_id, system_name, site, site_name, description)| ContractItem {
                system_id,
                system_name,
                site_name: if site == Some(contract.organization_id) { None } else { site_name },
                description,
            })
            .collect();
    }
    Ok(())
}

async fn today(conn: &mut SqliteConnection) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT date('now', 'localtime')").fetch_one(&mut *conn).await?)
}

/// The organization whose contracts `organization` works under: itself when it has any with the
/// whole organization (not archived), else the nearest parent that has. (A contract with one
/// person covers that person, not the site.)
async fn contract_holder(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
) -> Result<Option<OrganizationId>> {
    Ok(sqlx::query_scalar(
        "WITH RECURSIVE up (id, parent_id, depth) AS (
             SELECT id, parent_id, 0 FROM organizations WHERE id = ?
             UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id
             WHERE up.depth < 32)
         SELECT up.id FROM up
         WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.organization_id = up.id AND c.archived_at IS NULL
                       AND c.person_id IS NULL)
         ORDER BY up.depth LIMIT 1",
    )
    .bind(organization)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The warnings logging a ticket for `organization` (requested by `requester`, about `system`)
/// shows, when the customer has contracts: none is in force today (the one that ended last is
/// named), the system is not covered by one in force, or the prepaid hours covering it are used up.
pub(crate) async fn alerts(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    requester: Option<PersonId>,
    system: Option<SystemId>,
) -> Result<Vec<String>> {
    let today = today(conn).await?;
    let mut alerts = contract_alerts(conn, organization, requester, system, &today).await?;
    alerts.extend(prepaid::used_up_alert(conn, organization, requester, &today).await?);
    Ok(alerts)
}

async fn contract_alerts(
    conn: &mut SqliteConnection,
    organization: OrganizationId,
    requester: Option<PersonId>,
    system: Option<SystemId>,
    today: &str,
) -> Result<Vec<String>> {
    // The whole organization's contracts (its own or its parent's), and the requester's own.
    let holder = contract_holder(conn, organization).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.archived_at IS NULL AND ((c.organization_id = ? AND c.person_id IS NULL) OR c.person_id = ?)"
    )))
    .bind(holder)
    .bind(requester)
    .fetch_all(&mut *conn)
    .await?;
    let contracts: Vec<Contract> = rows.iter().map(|r| contract_from_row(r, today)).collect::<Result<_>>()?;
    if contracts.is_empty() {
        return Ok(Vec::new());
    }
    let in_force = |c: &Contract| matches!(c.status, ContractStatus::Active | ContractStatus::Expiring);
    if contracts.iter().any(in_force) {
        let Some(system) = system else { return Ok(Vec::new()) };
        // Covered by any contract in force that lists it, whoever in the company holds it (a
        // parent's contract may list a site's server, and a site's ticket may be about the
        // parent's).
        let listing = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.archived_at IS NULL AND (c.person_id IS NULL OR c.person_id = ?)
               AND c.id IN (SELECT contract_id FROM contract_items WHERE system_id = ?)"
        )))
        .bind(requester)
        .bind(system)
        .fetch_all(&mut *conn)
        .await?;
        let listing: Vec<Contract> =
            listing.iter().map(|r| contract_from_row(r, today)).collect::<Result<_>>()?;
        if listing.iter().any(in_force) {
            return Ok(Vec::new());
        }
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM systems WHERE id = ?")
            .bind(system)
            .fetch_optional(&mut *conn)
            .await?;
        return Ok(vec![msg(
            "“{name}” is not covered by a {contract} in force.",
            &[("name", &name.unwrap_or_else(|| msg("The {system}", &[])))],
        )]);
    }
    let last = contracts
        .iter()
        .filter(|c| c.status == ContractStatus::Expired)
        .max_by(|a, b| a.current_end.cmp(&b.current_end));
    Ok(match last {
        Some(c) => vec![msg(
            "{holder}'s {contract} “{name}” expired on {date}.",
            &[
                ("holder", &c.organization_name),
                ("name", &c.name),
                ("date", c.current_end.as_deref().unwrap_or_default()),
            ],
        )],
        None => {
            let first = contracts.iter().min_by(|a, b| a.starts_on.cmp(&b.starts_on));
            first
                .map(|c| {
                    vec![msg(
                        "{holder}'s {contract} “{name}” only starts on {date}.",
                        &[("holder", &c.organization_name), ("name", &c.name), ("date", &c.starts_on)],
                    )]
                })
                .unwrap_or_default()
        }
    })
}

/// The contracts service.
pub struct Contracts<'a> {
    db: &'a Db,
}

impl<'a> Contracts<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The Contracts view: by the end of the term under way (open-ended last), filtered.
    pub async fn list(&self, query: ContractQuery) -> Result<Vec<Contract>> {
        let mut conn = self.db.reader().acquire().await?;
        let today = today(&mut conn).await?;
        let within = query.within_days.unwrap_or(EXPIRING_DAYS).clamp(0, 3650);
        let until = dates::add_days(&today, within).unwrap_or_else(|| today.clone());
        let mut sql = format!("{SELECT} WHERE true");
        if !query.include_archived {
            sql.push_str(" AND c.archived_at IS NULL");
        }
        sql.push_str(match query.filter {
            ContractFilter::All => "",
            ContractFilter::Active => {
                // i18n: not for people (SQL)
                " AND c.starts_on <= ?1 AND (c.ends_on IS NULL OR c.ends_on >= ?1 OR c.renewal = 'automatic')"
            }
            ContractFilter::Expiring => {
                " AND c.renewal <> 'automatic' AND c.starts_on <= ?1 AND c.ends_on BETWEEN ?1 AND ?2"
            }
            ContractFilter::Expired => " AND c.renewal <> 'automatic' AND c.ends_on < ?1",
        });
        if query.organization_id.is_some() {
            sql.push_str(
                " AND c.organization_id IN (WITH RECURSIVE down (id, depth) AS (SELECT ?3, 0
                    UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
                    WHERE down.depth < 32) SELECT id FROM down)",
            );
        }
        for i in 0..query.custom.len() {
            let (field, value) = (4 + 2 * i, 5 + 2 * i);
            sql.push_str(&format!(
                " AND c.id IN (SELECT record_id FROM custom_values WHERE field_id = ?{field} AND value = ?{value})"
            ));
        }
        let text = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if text.is_some() {
            let at = 4 + 2 * query.custom.len();
            sql.push_str(&format!(
                " AND (c.name LIKE ?{at} ESCAPE '\\' OR c.id IN (SELECT cv.record_id FROM custom_fields cf \
                 JOIN custom_values cv ON cv.field_id = cf.id WHERE cf.record_kind = 'contract' \
                 AND cf.archived_at IS NULL AND cf.kind IN {kinds} \
                 AND cv.value LIKE ?{at} ESCAPE '\\'))",
                kinds = custom_fields::SEARCHED_KINDS
            ));
        }
        sql.push_str(" ORDER BY c.ends_on IS NULL, c.ends_on, o.name, c.name LIMIT 2000");
        let mut select =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&today).bind(&until).bind(query.organization_id);
        for filter in &query.custom {
            select = select.bind(filter.field_id).bind(filter.value.clone());
        }
        if let Some(text) = text {
            select = select.bind(format!("%{}%", crate::text::escape_like(text)));
        }
        let rows = select.fetch_all(&mut *conn).await?;
        let mut contracts: Vec<Contract> =
            rows.iter().map(|r| contract_from_row(r, &today)).collect::<Result<_>>()?;
        // By the end of the term under way (an automatically renewing one's has rolled on).
        contracts.sort_by(|a, b| {
            (a.current_end.is_none(), &a.current_end, &a.organization_name, &a.name).cmp(&(
                b.current_end.is_none(),
                &b.current_end,
                &b.organization_name,
                &b.name,
            ))
        });
        with_items(&mut conn, &mut contracts).await?;
        Ok(contracts)
    }

    /// Contracts (not archived) ending between `today` and `within_days` later that do not renew
    /// by themselves: the first `limit` by end date, and how many there are (the Today page).
    pub async fn ending_soon(
        &self,
        today: &str,
        within_days: i64,
        limit: i64,
    ) -> Result<(Vec<Contract>, i64)> {
        let until = dates::add_days(today, within_days.clamp(0, 3650))
            .ok_or_else(|| Error::invalid("now", msg("“{today}” is not a date.", &[("today", today)])))?;
        const WHERE: &str = " WHERE c.archived_at IS NULL AND c.renewal <> 'automatic' AND c.starts_on <= ?1
            AND c.ends_on BETWEEN ?1 AND ?2";
        let mut conn = self.db.reader().acquire().await?;
        let count: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM contracts c{WHERE}")))
                .bind(today)
                .bind(&until)
                .fetch_one(&mut *conn)
                .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT}{WHERE} ORDER BY c.ends_on, o.name, c.name LIMIT ?3"
        )))
        .bind(today)
        .bind(&until)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        let mut contracts: Vec<Contract> =
            rows.iter().map(|r| contract_from_row(r, today)).collect::<Result<_>>()?;
        with_items(&mut conn, &mut contracts).await?;
        Ok((contracts, count))
    }

    /// An organization's contracts: its own (archived ones last; those with one of its people
    /// too), and when it has none with the whole organization, those of the nearest parent that
    /// has (marked inherited).
    pub async fn of_organization(&self, organization: OrganizationId) -> Result<Vec<Contract>> {
        let mut conn = self.db.reader().acquire().await?;
        let today = today(&mut conn).await?;
        let holder = contract_holder(&mut conn, organization).await?.unwrap_or(organization);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.organization_id = ?2
                OR (?1 <> ?2 AND c.organization_id = ?1 AND c.archived_at IS NULL AND c.person_id IS NULL)
             ORDER BY c.organization_id <> ?2, c.archived_at IS NOT NULL, c.ends_on IS NULL, c.ends_on, c.name"
        )))
        .bind(holder)
        .bind(organization)
        .fetch_all(&mut *conn)
        .await?;
        let mut contracts: Vec<Contract> =
            rows.iter().map(|r| contract_from_row(r, &today)).collect::<Result<_>>()?;
        for c in contracts.iter_mut().filter(|c| c.organization_id != organization) {
            c.inherited_from = Some(c.organization_name.clone());
        }
        with_items(&mut conn, &mut contracts).await?;
        Ok(contracts)
    }

    /// The contracts with one person.
    pub async fn of_person(&self, person: PersonId) -> Result<Vec<Contract>> {
        let mut conn = self.db.reader().acquire().await?;
        let today = today(&mut conn).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE c.person_id = ? ORDER BY c.archived_at IS NOT NULL, c.ends_on"
        )))
        .bind(person)
        .fetch_all(&mut *conn)
        .await?;
        let mut contracts: Vec<Contract> =
            rows.iter().map(|r| contract_from_row(r, &today)).collect::<Result<_>>()?;
        with_items(&mut conn, &mut contracts).await?;
        Ok(contracts)
    }

    /// The systems a contract of `organization` can cover: its own and its sites'.
    pub async fn coverable_systems(&self, organization: OrganizationId) -> Result<Vec<CoverableSystem>> {
        let rows: Vec<(SystemId, String, OrganizationId, String)> = sqlx::query_as(
            "WITH RECURSIVE down (id, depth) AS (SELECT ?1, 0
                 UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
                 WHERE down.depth < 32)
             SELECT s.id, s.name, s.organization_id, o.name FROM systems s
             JOIN down ON down.id = s.organization_id JOIN organizations o ON o.id = s.organization_id
             WHERE s.archived_at IS NULL ORDER BY down.depth, o.name, s.name LIMIT 1000",
        )
        .bind(organization)
        .fetch_all(self.db.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, at, site)| CoverableSystem {
                id,
                name,
                site_name: (at != organization).then_some(site),
            })
            .collect())
    }

    pub async fn get(&self, id: ContractId) -> Result<Contract> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Adds a contract.
    pub async fn create(&self, input: ContractInput, by: &Actor) -> Result<Contract> {
        let id = ContractId::new();
        let custom = input.custom.clone();
        let mut tx = self.db.begin_write().await?;
        let input = validated(&mut tx, input).await?;
        sqlx::query(
            "INSERT INTO contracts (id, organization_id, person_id, name, kind, starts_on, ends_on, renewal,
                notice_days, value, billing_cycle, notes, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(input.organization_id)
        .bind(input.person_id)
        .bind(&input.name)
        .bind(word(input.kind))
        .bind(&input.starts_on)
        .bind(&input.ends_on)
        .bind(word(input.renewal))
        .bind(input.notice_days)
        .bind(input.value)
        .bind(input.billing_cycle.map(word))
        .bind(&input.notes)
        .bind(by.id)
        .execute(&mut *tx)
        .await?;
        write_items(&mut tx, id, &input.items).await?;
        if let Some(values) = &custom {
            custom_fields::save_values(&mut tx, CustomRecord::Contract, id.uuid(), values).await?;
        }
        if let Some(minutes) = input.prepaid_minutes {
            let first = TopUpInput { minutes, added_on: input.starts_on.clone(), note: None };
            prepaid::add(&mut tx, id, &first, by).await?;
        }
        let contract = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contract)
    }

    /// Changes a contract (its covered items are replaced by the form's).
    pub async fn update(&self, id: ContractId, input: ContractInput) -> Result<Contract> {
        let custom = input.custom.clone();
        let mut tx = self.db.begin_write().await?;
        let input = validated(&mut tx, input).await?;
        if input.kind != ContractKind::PrepaidHours && prepaid::has_any(&mut tx, id).await? {
            return Err(Error::invalid(
                "kind",
                msg(
                    "This {contract} has prepaid hours on record; it stays a prepaid-hours {contract} (end or archive it instead).",
                    &[],
                ),
            ));
        }
        let done = sqlx::query(
            "UPDATE contracts SET organization_id = ?, person_id = ?, name = ?, kind = ?, starts_on = ?, ends_on = ?,
                renewal = ?, notice_days = ?, value = ?, billing_cycle = ?, notes = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?",
        )
        .bind(input.organization_id)
        .bind(input.person_id)
        .bind(&input.name)
        .bind(word(input.kind))
        .bind(&input.starts_on)
        .bind(&input.ends_on)
        .bind(word(input.renewal))
        .bind(input.notice_days)
        .bind(input.value)
        .bind(input.billing_cycle.map(word))
        .bind(&input.notes)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "contract" });
        }
        // Its documents are its organization's files: they follow it.
        sqlx::query(
            "UPDATE attachments SET organization_id = ? WHERE contract_id = ? AND organization_id <> ?",
        )
        .bind(input.organization_id)
        .bind(id)
        .bind(input.organization_id)
        .execute(&mut *tx)
        .await?;
        write_items(&mut tx, id, &input.items).await?;
        if let Some(values) = &custom {
            custom_fields::save_values(&mut tx, CustomRecord::Contract, id.uuid(), values).await?;
        }
        let contract = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contract)
    }

    /// Archives a contract (`archived` false: restores it).
    pub async fn set_archived(&self, id: ContractId, archived: bool) -> Result<Contract> {
        let mut tx = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE contracts SET archived_at = CASE WHEN ?1 THEN coalesce(archived_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) END,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2",
        )
        .bind(archived)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound { entity: "contract" });
        }
        let contract = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(contract)
    }
}

async fn fetch(conn: &mut SqliteConnection, id: ContractId) -> Result<Contract> {
    let today = today(conn).await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = ?")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "contract" })?;
    let mut contract = [contract_from_row(&row, &today)?];
    with_items(conn, &mut contract).await?;
    let [contract] = contract;
    Ok(contract)
}

/// A contract's input, checked: a sentence naming the field for what is wrong.
struct Valid {
    organization_id: OrganizationId,
    person_id: Option<PersonId>,
    name: String,
    kind: ContractKind,
    starts_on: String,
    ends_on: Option<String>,
    renewal: Renewal,
    notice_days: Option<i64>,
    value: Option<i64>,
    billing_cycle: Option<BillingCycle>,
    notes: Option<String>,
    items: Vec<ContractItemInput>,
    prepaid_minutes: Option<i64>,
}

async fn validated(conn: &mut SqliteConnection, input: ContractInput) -> Result<Valid> {
    let organization_id = input
        .organization_id
        .ok_or_else(|| Error::invalid("organization_id", msg("Choose the {organization}.", &[])))?;
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::invalid("name", msg("Enter the {contract}'s name.", &[])));
    }
    let starts_on = dates::checked("starts_on", &input.starts_on)?;
    let ends_on = match clean(input.ends_on) {
        Some(ends) => Some(dates::checked("ends_on", &ends)?),
        None => None,
    };
    if ends_on.as_ref().is_some_and(|e| *e < starts_on) {
        return Err(Error::invalid("ends_on", msg("The {contract} ends before it starts.", &[])));
    }
    if ends_on.is_none() && input.renewal != Renewal::None {
        return Err(Error::invalid(
            "renewal",
            msg("An open-ended {contract} has nothing to renew: set an end date, or choose no renewal.", &[]),
        ));
    }
    if input.notice_days.is_some_and(|d| !(0..=3650).contains(&d)) {
        return Err(Error::invalid(
            "notice_days",
            msg("The notice period is between 0 and 3,650 days.", &[]),
        ));
    }
    if let Some(minutes) = input.prepaid_minutes.filter(|m| *m != 0) {
        if input.kind != ContractKind::PrepaidHours {
            return Err(Error::invalid(
                "prepaid_minutes",
                msg("Only a prepaid-hours {contract} holds a block of hours.", &[]),
            ));
        }
        if !(1..=prepaid::MAX_MINUTES).contains(&minutes) {
            return Err(Error::invalid(
                "prepaid_minutes",
                msg("Enter the hours in the block: up to 100,000.", &[]),
            ));
        }
    }
    if input.value.is_some_and(|v| v < 0) {
        return Err(Error::invalid("value", msg("The value cannot be negative.", &[])));
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
        .bind(organization_id)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Err(Error::invalid("organization_id", msg("The {organization} no longer exists.", &[])));
    }
    if let Some(person) = input.person_id {
        let belongs: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM people WHERE id = ? AND organization_id = ?")
                .bind(person)
                .bind(organization_id)
                .fetch_optional(&mut *conn)
                .await?;
        if belongs.is_none() {
            return Err(Error::invalid(
                "person_id",
                msg("The {person} must be one of the {organization}'s {people}.", &[]),
            ));
        }
    }
    let mut items = Vec::new();
    for item in input.items {
        let description = clean(item.description);
        if let Some(system) = item.system_id {
            let found: Option<(String, bool)> = sqlx::query_as(
                "WITH RECURSIVE down (id, depth) AS (SELECT ?1, 0
                     UNION ALL SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
                     WHERE down.depth < 32)
                 SELECT s.name, s.organization_id IN (SELECT id FROM down) FROM systems s WHERE s.id = ?2",
            )
            .bind(organization_id)
            .bind(system)
            .fetch_optional(&mut *conn)
            .await?;
            match found {
                None => {
                    return Err(Error::invalid("items", msg("A covered {system} no longer exists.", &[])));
                }
                Some((name, false)) => {
                    return Err(Error::invalid(
                        "items",
                        msg(
                            "“{name}” belongs to another customer: a {contract} covers its own {organization}'s {systems} and its {sites}'.",
                            &[("name", &name)],
                        ),
                    ));
                }
                Some(_) => {}
            }
            if items.iter().any(|i: &ContractItemInput| i.system_id == Some(system)) {
                continue;
            }
        } else if description.is_none() {
            continue;
        }
        items.push(ContractItemInput { system_id: item.system_id, description });
    }
    Ok(Valid {
        organization_id,
        person_id: input.person_id,
        name,
        kind: input.kind,
        starts_on,
        ends_on,
        renewal: input.renewal,
        notice_days: input.notice_days,
        value: input.value,
        billing_cycle: input.billing_cycle,
        notes: clean(input.notes),
        items,
        prepaid_minutes: input.prepaid_minutes.filter(|m| *m != 0),
    })
}

/// Replaces a contract's covered items.
async fn write_items(conn: &mut SqliteConnection, id: ContractId, items: &[ContractItemInput]) -> Result<()> {
    // An item's id follows from its contract and what it is, so the same item saved on two
    // machines is one row in a team, and an unchanged item is not written again.
    let ids: Vec<uuid::Uuid> = items
        .iter()
        .map(|item| {
            let what = match (item.system_id, &item.description) {
                (Some(system), _) => format!("system:{system}"),
                (None, d) => format!("text:{}", d.as_deref().unwrap_or_default()),
            };
            uuid::Uuid::new_v5(&id.uuid(), what.as_bytes())
        })
        .collect();
    let kept: Vec<uuid::Uuid> = sqlx::query_scalar("SELECT id FROM contract_items WHERE contract_id = ?")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    for gone in kept.iter().filter(|k| !ids.contains(k)) {
        sqlx::query("DELETE FROM contract_items WHERE id = ?").bind(gone).execute(&mut *conn).await?;
    }
    for ((position, item), item_id) in items.iter().enumerate().zip(&ids) {
        sqlx::query(
            "INSERT INTO contract_items (id, contract_id, system_id, description, position, created_at)
             VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (id) DO UPDATE SET position = excluded.position WHERE position <> excluded.position",
        )
        .bind(item_id)
        .bind(id)
        .bind(item.system_id)
        .bind(&item.description)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_stands_by_the_day() {
        let s = |ends: Option<&str>, renewal, today| standing("2026-01-01", ends, renewal, Some(30), today);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2025-12-31").0, ContractStatus::Upcoming);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2026-01-01").0, ContractStatus::Active);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2026-12-01").0, ContractStatus::Expiring);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2026-11-30").0, ContractStatus::Active);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2026-12-31").0, ContractStatus::Expiring);
        assert_eq!(s(Some("2026-12-31"), Renewal::None, "2027-01-01").0, ContractStatus::Expired);
        assert_eq!(s(None, Renewal::None, "2099-01-01").0, ContractStatus::Active);
        // By notice: ends unless renewed; notice is due 30 days before the end.
        let notice = s(Some("2026-12-31"), Renewal::Notice, "2026-06-01");
        assert_eq!(notice.2.as_deref(), Some("2026-12-01"));
        assert_eq!(s(Some("2026-12-31"), Renewal::Notice, "2027-02-01").0, ContractStatus::Expired);
        // Automatic: a yearly term rolls on, in whole years, and never expires.
        let auto = s(Some("2026-12-31"), Renewal::Automatic, "2028-03-15");
        assert_eq!(
            (auto.0, auto.1.as_deref(), auto.2.as_deref()),
            (ContractStatus::Active, Some("2028-12-31"), Some("2028-12-01"))
        );
        assert_eq!(auto.3, Some(291));
        let last_day = s(Some("2026-12-31"), Renewal::Automatic, "2027-12-31");
        assert_eq!(last_day.1.as_deref(), Some("2027-12-31"));
        assert_eq!(s(Some("2026-12-31"), Renewal::Automatic, "2028-01-01").1.as_deref(), Some("2028-12-31"));
        // A term of days (not whole months) rolls on by the same number of days.
        let odd = standing("2026-01-01", Some("2026-01-10"), Renewal::Automatic, None, "2026-01-25");
        assert_eq!(odd.1.as_deref(), Some("2026-01-30"));
        // A monthly term rolls on month by month.
        let monthly = standing("2026-01-15", Some("2026-02-14"), Renewal::Automatic, None, "2026-04-20");
        assert_eq!(monthly.1.as_deref(), Some("2026-05-14"));
    }
}
