//! The fields a merge takes from either record: which columns move together, how a field is
//! shown side by side, and which side it comes from when the user makes no choice.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sqlx::{AssertSqlSafe, Row, SqliteConnection};

use super::{MergeSide, RecordKind, is_within};
use crate::messages::msg;
use crate::{Error, Result};

/// A field: the columns that move together, and how it is shown (an SQL expression over `r`).
pub(super) struct FieldSpec {
    pub(super) name: &'static str,
    pub(super) columns: &'static [&'static str],
    pub(super) shown: &'static str,
}

/// What a merge needs to know about organizations or people.
pub(super) struct Kind {
    pub(super) kind: RecordKind,
    pub(super) table: &'static str,
    pub(super) entity: &'static str,
    /// The record's name, over `r`.
    pub(super) name: &'static str,
    pub(super) fields: &'static [FieldSpec],
}

const ADDRESS: &[&str] = &["address_line1", "address_line2", "city", "region", "postal_code", "country"];
const ADDRESS_SHOWN: &str = "nullif(concat_ws(', ', r.address_line1, r.address_line2, r.city, r.region, r.postal_code, r.country), '')";

const fn plain(name: &'static str, columns: &'static [&'static str], shown: &'static str) -> FieldSpec {
    FieldSpec { name, columns, shown }
}

pub(super) static ORGANIZATIONS: Kind = Kind {
    kind: RecordKind::Organization,
    table: "organizations",
    entity: "organization",
    name: "r.name",
    fields: &[
        plain("account_number", &["account_number"], "r.account_number"),
        plain("name", &["name", "name_key"], "r.name"),
        plain("dba_name", &["dba_name"], "r.dba_name"),
        plain(
            "parent",
            &["parent_id", "bill_to_parent"],
            "(SELECT p.name FROM organizations p WHERE p.id = r.parent_id)",
        ),
        plain("address", ADDRESS, ADDRESS_SHOWN),
        plain("phone", &["phone"], "r.phone"),
        plain("email", &["email"], "r.email"),
        plain("website", &["website"], "r.website"),
        plain("notes", &["notes"], "r.notes"),
        plain("logo", &["logo_sha256", "logo_media_type"], "r.logo_sha256"),
        plain("hourly_rate", &["hourly_rate"], "r.hourly_rate"),
        plain("news", &["news"], "r.news"),
        plain("closure_news", &["closure_news"], "r.closure_news"),
        plain(
            "billing_contact",
            &["billing_contact_id"],
            "(SELECT trim(coalesce(b.first_name, '') || ' ' || coalesce(b.last_name, ''))
              FROM people b WHERE b.id = r.billing_contact_id)",
        ),
    ],
};

pub(super) static PEOPLE: Kind = Kind {
    kind: RecordKind::Person,
    table: "people",
    entity: "person",
    name: "trim(coalesce(r.first_name, '') || ' ' || coalesce(r.last_name, ''))",
    fields: &[
        plain(
            "name",
            &["first_name", "last_name"],
            "trim(coalesce(r.first_name, '') || ' ' || coalesce(r.last_name, ''))",
        ),
        plain("job_title", &["job_title"], "r.job_title"),
        plain("department", &["department"], "r.department"),
        plain("location", &["location"], "r.location"),
        plain("phone", &["phone"], "r.phone"),
        plain("mobile", &["mobile"], "r.mobile"),
        plain("email", &["email"], "r.email"),
        plain(
            "organization",
            &["organization_id", "company_name", "company_key"],
            "coalesce((SELECT o.name FROM organizations o WHERE o.id = r.organization_id), r.company_name)",
        ),
        plain("address", ADDRESS, ADDRESS_SHOWN),
    ],
};

/// The choices keyed by field name (the enums' serde names, which are the specs' names).
pub(super) fn names<F: Serialize>(choices: &BTreeMap<F, MergeSide>) -> Result<HashMap<String, MergeSide>> {
    choices
        .iter()
        .map(|(field, side)| match serde_json::to_value(field) {
            Ok(serde_json::Value::String(name)) => Ok((name, *side)),
            _ => Err(Error::invalid("choices", msg("Unknown field.", &[]))),
        })
        .collect()
}

/// Each field's side when no choice is made: kept, unless only the merged-away record has a
/// value. A parent the kept organization could not take (itself or one of its sites: a site
/// merged into its parent) stays the kept one's.
pub(super) async fn defaults(
    conn: &mut SqliteConnection,
    kind: &Kind,
    keep: uuid::Uuid,
    merge: uuid::Uuid,
    kept: &[Option<String>],
    merged: &[Option<String>],
) -> Result<Vec<MergeSide>> {
    let mut sides = Vec::new();
    for (f, (kept, merged)) in kind.fields.iter().zip(kept.iter().zip(merged)) {
        let mut side = if kept.is_none() && merged.is_some() { MergeSide::Merged } else { MergeSide::Kept };
        if side == MergeSide::Merged && kind.kind == RecordKind::Organization && f.name == "parent" {
            let parent: Option<uuid::Uuid> =
                sqlx::query_scalar("SELECT parent_id FROM organizations WHERE id = ?")
                    .bind(merge)
                    .fetch_one(&mut *conn)
                    .await?;
            if let Some(parent) = parent
                && is_within(conn, parent, keep).await?
            {
                side = MergeSide::Kept;
            }
        }
        sides.push(side);
    }
    Ok(sides)
}

/// The fields as shown, `None` when empty.
pub(super) async fn shown(
    conn: &mut SqliteConnection,
    kind: &Kind,
    id: uuid::Uuid,
) -> Result<Vec<Option<String>>> {
    // i18n: not for people (SQL)
    let columns: Vec<String> = kind.fields.iter().map(|f| format!("CAST({} AS TEXT)", f.shown)).collect();
    let sql = format!("SELECT {} FROM {} r WHERE r.id = ?", columns.join(", "), kind.table);
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: kind.entity })?;
    (0..kind.fields.len())
        .map(|i| Ok(row.try_get::<Option<String>, _>(i)?.filter(|v| !v.trim().is_empty())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::{OrganizationField, PersonField};

    #[test]
    fn every_field_has_a_spec_and_every_spec_a_field() {
        use OrganizationField as O;
        use PersonField as P;
        let orgs = [
            O::AccountNumber,
            O::Name,
            O::DbaName,
            O::Parent,
            O::Address,
            O::Phone,
            O::Email,
            O::Website,
            O::Notes,
            O::Logo,
            O::HourlyRate,
            O::News,
            O::ClosureNews,
            O::BillingContact,
        ];
        let orgs: BTreeMap<_, _> = orgs.iter().map(|f| (*f, MergeSide::Kept)).collect();
        let mut names: Vec<String> = super::names(&orgs).unwrap().into_keys().collect();
        let mut specs: Vec<String> = ORGANIZATIONS.fields.iter().map(|f| f.name.to_owned()).collect();
        names.sort();
        specs.sort();
        assert_eq!(names, specs);
        let people = [
            P::Name,
            P::JobTitle,
            P::Department,
            P::Location,
            P::Phone,
            P::Mobile,
            P::Email,
            P::Organization,
            P::Address,
        ];
        let people: BTreeMap<_, _> = people.iter().map(|f| (*f, MergeSide::Kept)).collect();
        let mut names: Vec<String> = super::names(&people).unwrap().into_keys().collect();
        let mut specs: Vec<String> = PEOPLE.fields.iter().map(|f| f.name.to_owned()).collect();
        names.sort();
        specs.sort();
        assert_eq!(names, specs);
    }
}
