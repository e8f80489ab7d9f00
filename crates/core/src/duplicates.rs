//! Likely duplicate organizations and people, for review before a merge: active records that
//! share a normalised name, an email, phone digits or an account number, grouped by what they
//! share, with the pairs the user marked "not a duplicate" left out. Each reason is one walk of a
//! partial, covering index of migration 0014 (a GROUP BY in index order), never a comparison of
//! every pair. On the demo set (100,000 organizations, 300,000 people, release build) a page of
//! 50 groups takes 10-25 ms per reason for organizations (65 ms all reasons), 40-130 ms for people
//! (220 ms all reasons).
//!
//! What counts as the same:
//! - name: an organization's `name_key` (case, punctuation and legal suffixes ignored, as the
//!   duplicate warning does), among organizations with the same parent (top-level ones together;
//!   sites of different parents are often called alike, "Leeds office"); a person's first and last
//!   name, case-insensitive (ASCII), among people of the same organization (unlinked ones together);
//! - email: case-insensitive;
//! - phone: the digits, with spaces, dashes, brackets, dots, slashes and plus signs dropped, at
//!   least 7 of them; a person's phone and mobile both count;
//! - account number (organizations): case, spaces, dashes, dots and slashes ignored ("ab-100" is
//!   "AB 100"); equal ones cannot exist, the column is unique.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, Row, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::merge::RecordKind;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, OrganizationId, PersonId, Result};

/// Why records are grouped as likely duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    Name,
    Email,
    Phone,
    AccountNumber,
}

impl DuplicateReason {
    const ALL: [Self; 4] = [Self::Name, Self::Email, Self::Phone, Self::AccountNumber];

    fn rank(self) -> i64 {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0) as i64
    }
}

/// Which page of groups to find.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DuplicateQuery {
    /// Only groups for this reason; all reasons (in the order name, email, phone, account number)
    /// when unset.
    pub reason: Option<DuplicateReason>,
    /// At most this many groups (default 50, at most 500).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// A record in a duplicate group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicateMember {
    pub id: uuid::Uuid,
    pub name: String,
    /// What tells the records apart: account number, city, email, phone; a person's company.
    pub detail: String,
}

/// Records that share one value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicateGroup {
    pub reason: DuplicateReason,
    /// The shared value, normalised.
    pub key: String,
    /// How many active records share it (the members listed are at most 50, by name).
    #[ts(type = "number")]
    pub total: u64,
    /// Each has at least one other member it was not dismissed with.
    pub members: Vec<DuplicateMember>,
}

/// One page of groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DuplicatePage {
    /// Groups whose every pair was dismissed are left out, so a page may hold fewer than asked.
    pub groups: Vec<DuplicateGroup>,
    /// The offset of the next page; `None` at the end.
    pub next_offset: Option<u32>,
}

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;
const MEMBERS: i64 = 50;
const MIN_PHONE_DIGITS: i64 = 7;

/// A phone column's digits: the expression of migration 0014's indexes, which SQLite uses only
/// when the query spells the same expression.
fn digits(column: &str) -> String {
    format!(
        "replace(replace(replace(replace(replace(replace(replace({column}, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', ''), '+', '')"
    )
}

const ACCOUNT_KEY: &str =
    "lower(replace(replace(replace(replace(account_number, ' ', ''), '-', ''), '.', ''), '/', ''))";
const PERSON_NAME_KEY: &str = "lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))";

/// The groups of one reason: rank, key, the group's scope (parent or organization, for names),
/// and how many share it.
fn groups_sql(kind: RecordKind, reason: DuplicateReason) -> Option<String> {
    let r = reason.rank();
    let active = "archived_at IS NULL";
    Some(match (kind, reason) {
        (RecordKind::Organization, DuplicateReason::Name) => format!(
            "SELECT {r} AS r, name_key AS k, parent_id AS g, count(*) AS n FROM organizations
             WHERE {active} AND name_key <> '' GROUP BY name_key, parent_id HAVING count(*) > 1"
        ),
        (RecordKind::Organization, DuplicateReason::Email) => format!(
            "SELECT {r} AS r, lower(email) AS k, NULL AS g, count(*) AS n FROM organizations
             WHERE {active} AND email IS NOT NULL GROUP BY lower(email) HAVING count(*) > 1"
        ),
        (RecordKind::Organization, DuplicateReason::Phone) => format!(
            "SELECT {r} AS r, {d} AS k, NULL AS g, count(*) AS n FROM organizations
             WHERE {active} AND phone IS NOT NULL AND length({d}) >= {MIN_PHONE_DIGITS}
             GROUP BY {d} HAVING count(*) > 1",
            d = digits("phone")
        ),
        (RecordKind::Organization, DuplicateReason::AccountNumber) => format!(
            "SELECT {r} AS r, {ACCOUNT_KEY} AS k, NULL AS g, count(*) AS n FROM organizations
             WHERE {active} AND account_number IS NOT NULL AND {ACCOUNT_KEY} <> ''
             GROUP BY {ACCOUNT_KEY} HAVING count(*) > 1"
        ),
        (RecordKind::Person, DuplicateReason::Name) => format!(
            "SELECT {r} AS r, {PERSON_NAME_KEY} AS k, organization_id AS g, count(*) AS n FROM people
             WHERE {active} GROUP BY {PERSON_NAME_KEY}, organization_id HAVING count(*) > 1"
        ),
        (RecordKind::Person, DuplicateReason::Email) => format!(
            "SELECT {r} AS r, lower(email) AS k, NULL AS g, count(*) AS n FROM people
             WHERE {active} AND email IS NOT NULL GROUP BY lower(email) HAVING count(*) > 1"
        ),
        // Phone and mobile together; a person whose two numbers are equal is one record.
        (RecordKind::Person, DuplicateReason::Phone) => format!(
            "SELECT {r} AS r, d AS k, NULL AS g, count(DISTINCT id) AS n FROM (
                SELECT id, {p} AS d FROM people WHERE {active} AND phone IS NOT NULL
                UNION ALL
                SELECT id, {m} AS d FROM people WHERE {active} AND mobile IS NOT NULL)
             WHERE length(d) >= {MIN_PHONE_DIGITS} GROUP BY d HAVING count(DISTINCT id) > 1",
            p = digits("phone"),
            m = digits("mobile")
        ),
        (RecordKind::Person, DuplicateReason::AccountNumber) => return None,
    })
}

/// The ids of the active records in one group (`?1` the key, `?2` the scope).
fn members_sql(kind: RecordKind, reason: DuplicateReason) -> String {
    let active = "archived_at IS NULL";
    match (kind, reason) {
        (RecordKind::Organization, DuplicateReason::Name) => {
            format!("SELECT id FROM organizations WHERE {active} AND name_key = ?1 AND parent_id IS ?2")
        }
        (RecordKind::Organization, DuplicateReason::Email) => {
            format!("SELECT id FROM organizations WHERE {active} AND email IS NOT NULL AND lower(email) = ?1")
        }
        (RecordKind::Organization, DuplicateReason::Phone) => format!(
            "SELECT id FROM organizations WHERE {active} AND phone IS NOT NULL AND {} = ?1",
            digits("phone")
        ),
        (RecordKind::Organization, DuplicateReason::AccountNumber) => format!(
            "SELECT id FROM organizations WHERE {active} AND account_number IS NOT NULL AND {ACCOUNT_KEY} = ?1"
        ),
        (RecordKind::Person, DuplicateReason::Name) => {
            format!(
                "SELECT id FROM people WHERE {active} AND {PERSON_NAME_KEY} = ?1 AND organization_id IS ?2"
            )
        }
        (RecordKind::Person, DuplicateReason::Email) => {
            format!("SELECT id FROM people WHERE {active} AND email IS NOT NULL AND lower(email) = ?1")
        }
        (RecordKind::Person, _) => format!(
            "SELECT id FROM people WHERE {active} AND phone IS NOT NULL AND {} = ?1
             UNION SELECT id FROM people WHERE {active} AND mobile IS NOT NULL AND {} = ?1",
            digits("phone"),
            digits("mobile")
        ),
    }
}

/// The name and detail of the members, by name.
fn details_sql(kind: RecordKind, ids: &str) -> String {
    match kind {
        RecordKind::Organization => format!(
            "SELECT o.id, o.name, concat_ws(' · ', o.account_number, o.city, o.email, o.phone)
             FROM organizations o WHERE o.id IN ({ids}) ORDER BY o.name COLLATE NOCASE, o.id LIMIT {MEMBERS}"
        ),
        RecordKind::Person => format!(
            "SELECT p.id, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')),
                concat_ws(' · ', coalesce(o.name, p.company_name), p.email, coalesce(p.phone, p.mobile))
             FROM people p LEFT JOIN organizations o ON o.id = p.organization_id
             WHERE p.id IN ({ids})
             ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id
             LIMIT {MEMBERS}"
        ),
    }
}

/// The duplicates service.
pub struct Duplicates<'a> {
    db: &'a Db,
}

impl<'a> Duplicates<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Likely duplicate organizations, grouped by what they share.
    pub async fn organizations(&self, query: DuplicateQuery) -> Result<DuplicatePage> {
        self.find(RecordKind::Organization, query).await
    }

    /// Likely duplicate people, grouped by what they share (account numbers do not apply).
    pub async fn people(&self, query: DuplicateQuery) -> Result<DuplicatePage> {
        self.find(RecordKind::Person, query).await
    }

    /// Marks two organizations as not duplicates of each other: the review list stops pairing them.
    pub async fn dismiss_organizations(
        &self,
        a: OrganizationId,
        b: OrganizationId,
        actor: &Actor,
    ) -> Result<()> {
        self.dismiss(RecordKind::Organization, a.uuid(), b.uuid(), actor).await
    }

    /// Marks two people as not duplicates of each other.
    pub async fn dismiss_people(&self, a: PersonId, b: PersonId, actor: &Actor) -> Result<()> {
        self.dismiss(RecordKind::Person, a.uuid(), b.uuid(), actor).await
    }

    /// Takes back a "not a duplicate" between two organizations.
    pub async fn undismiss_organizations(&self, a: OrganizationId, b: OrganizationId) -> Result<()> {
        self.undismiss(RecordKind::Organization, a.uuid(), b.uuid()).await
    }

    /// Takes back a "not a duplicate" between two people.
    pub async fn undismiss_people(&self, a: PersonId, b: PersonId) -> Result<()> {
        self.undismiss(RecordKind::Person, a.uuid(), b.uuid()).await
    }

    async fn find(&self, kind: RecordKind, query: DuplicateQuery) -> Result<DuplicatePage> {
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let offset = query.offset.unwrap_or(0);
        let reasons: Vec<DuplicateReason> = match query.reason {
            Some(reason) => vec![reason],
            None => DuplicateReason::ALL.to_vec(),
        };
        let arms: Vec<String> = reasons.iter().filter_map(|r| groups_sql(kind, *r)).collect();
        if arms.is_empty() {
            return Ok(DuplicatePage::default());
        }
        let sql = format!("{} ORDER BY r, k, g LIMIT ?1 OFFSET ?2", arms.join(" UNION ALL "));
        let mut conn = self.db.reader().acquire().await?;
        let found: Vec<(i64, String, Option<uuid::Uuid>, i64)> =
            sqlx::query_as(AssertSqlSafe(sql)).bind(limit).bind(offset).fetch_all(&mut *conn).await?;
        let next_offset = (found.len() as u32 == limit).then_some(offset + limit);
        let mut groups = Vec::new();
        for (rank, key, scope, total) in found {
            let reason = DuplicateReason::ALL[rank as usize % DuplicateReason::ALL.len()];
            let members = members(&mut conn, kind, reason, &key, scope).await?;
            if members.len() > 1 {
                groups.push(DuplicateGroup { reason, key, total: total as u64, members });
            }
        }
        Ok(DuplicatePage { groups, next_offset })
    }

    async fn dismiss(&self, kind: RecordKind, a: uuid::Uuid, b: uuid::Uuid, actor: &Actor) -> Result<()> {
        if a == b {
            return Err(Error::invalid("pair", msg("A record cannot be a duplicate of itself.", &[])));
        }
        let (first, second) = if a < b { (a, b) } else { (b, a) };
        let mut tx = self.db.begin_write().await?;
        let table = match kind {
            RecordKind::Organization => "SELECT count(*) FROM organizations WHERE id IN (?1, ?2)",
            RecordKind::Person => "SELECT count(*) FROM people WHERE id IN (?1, ?2)",
        };
        let n: i64 = sqlx::query_scalar(table).bind(first).bind(second).fetch_one(&mut *tx).await?;
        if n < 2 {
            return Err(Error::NotFound { entity: kind.as_str() });
        }
        sqlx::query(
            "INSERT INTO duplicate_dismissals (kind, first_id, second_id, actor_id, dismissed_at)
             VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (kind, first_id, second_id) DO NOTHING",
        )
        .bind(kind.as_str())
        .bind(first)
        .bind(second)
        .bind(actor.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn undismiss(&self, kind: RecordKind, a: uuid::Uuid, b: uuid::Uuid) -> Result<()> {
        let (first, second) = if a < b { (a, b) } else { (b, a) };
        let mut tx = self.db.begin_write().await?;
        sqlx::query("DELETE FROM duplicate_dismissals WHERE kind = ? AND first_id = ? AND second_id = ?")
            .bind(kind.as_str())
            .bind(first)
            .bind(second)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The members of one group, by name, each with at least one partner it was not dismissed with.
async fn members(
    conn: &mut SqliteConnection,
    kind: RecordKind,
    reason: DuplicateReason,
    key: &str,
    scope: Option<uuid::Uuid>,
) -> Result<Vec<DuplicateMember>> {
    let sql = details_sql(kind, &members_sql(kind, reason));
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(key).bind(scope).fetch_all(&mut *conn).await?;
    let mut members: Vec<DuplicateMember> = rows
        .iter()
        .map(|r| Ok(DuplicateMember { id: r.try_get(0)?, name: r.try_get(1)?, detail: r.try_get(2)? }))
        .collect::<Result<_>>()?;
    let ids: Vec<String> = members.iter().map(|m| m.id.simple().to_string()).collect();
    let ids = serde_json::to_string(&ids).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let dismissed: HashSet<(uuid::Uuid, uuid::Uuid)> = sqlx::query_as(
        "SELECT first_id, second_id FROM duplicate_dismissals
         WHERE kind = ?1 AND first_id IN (SELECT unhex(value) FROM json_each(?2))
            AND second_id IN (SELECT unhex(value) FROM json_each(?2))",
    )
    .bind(kind.as_str())
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    if dismissed.is_empty() {
        return Ok(members);
    }
    let pairs: Vec<uuid::Uuid> = members.iter().map(|m| m.id).collect();
    let paired = |a: uuid::Uuid| {
        pairs.iter().any(|&b| {
            let pair = if a < b { (a, b) } else { (b, a) };
            a != b && !dismissed.contains(&pair)
        })
    };
    members.retain(|m| paired(m.id));
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every read of organizations or people in a query plan goes through a duplicate
    /// index of 0014 (covering, when `covering`); a co-routine over such reads may be scanned.
    fn reads_by_index(steps: &[&str], covering: bool) -> bool {
        steps
            .iter()
            .filter(|s| s.starts_with("SCAN") || s.starts_with("SEARCH"))
            .filter(|s| s.contains(" organizations") || s.contains(" people"))
            .all(|s| s.contains("_dup_") && (!covering || s.contains("COVERING INDEX")))
    }

    /// Each reason's groups come from walking its index of migration 0014 alone, never from a
    /// scan of the table or reads of its rows (10x slower at 300,000 people).
    #[tokio::test]
    async fn every_reason_walks_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("plan.sqlite3")).await.unwrap();
        for kind in [RecordKind::Organization, RecordKind::Person] {
            for reason in DuplicateReason::ALL {
                let Some(sql) = groups_sql(kind, reason) else { continue };
                let plan: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                        .fetch_all(db.reader())
                        .await
                        .unwrap();
                let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
                assert!(
                    reads_by_index(&steps, true) && steps.iter().any(|s| s.contains("_dup_")),
                    "{kind:?} {reason:?}: {steps:?}"
                );
                let sql = members_sql(kind, reason);
                let plan: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                        .bind("x")
                        .bind(None::<uuid::Uuid>)
                        .fetch_all(db.reader())
                        .await
                        .unwrap();
                let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
                assert!(reads_by_index(&steps, false), "{kind:?} {reason:?} members: {steps:?}");
            }
        }
        db.close().await;
    }
}
