//! Who looks after each customer, and contacts across organizations.
//!
//! **Members**: staff linked to an organization with a role from an editable list (Account
//! manager, Technician, …). A site without members of its own inherits those of its nearest
//! ancestor that has some. "My organizations" are those whose (own or inherited) members
//! include me.
//!
//! **Contacts**: a person can be a contact of organizations other than their own, with a role
//! (an outside accountant who is the billing contact of three companies). Shown on both sides;
//! such a contact can be the organization's billing contact.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::choices::{self, ChoiceList};
use crate::db::Db;
use crate::messages::msg;
use crate::organizations::OrganizationRef;
use crate::staff::Actor;
use crate::stream::{self, Event, StreamKind};
use crate::{ChoiceId, ContactId, Error, MemberId, OrganizationId, PersonId, Result, StaffId};

/// A staff member's role on an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct Member {
    pub id: MemberId,
    pub organization_id: OrganizationId,
    pub staff_id: StaffId,
    pub staff_name: String,
    /// Inactive staff stay listed (marked) until removed.
    pub staff_active: bool,
    pub role_id: ChoiceId,
    pub role: String,
}

/// A person's role as a contact of an organization other than their own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct Contact {
    pub id: ContactId,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub person_id: PersonId,
    pub person_name: String,
    /// The person's own organization, if any.
    pub person_organization: Option<String>,
    pub role_id: ChoiceId,
    pub role: String,
}

/// Who looks after an organization and who else it deals with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrganizationTeam {
    /// Its own members, or (when it has none) those it inherits.
    pub members: Vec<Member>,
    /// The ancestor the members come from, when inherited.
    pub inherited_from: Option<OrganizationRef>,
    /// People of other organizations who are contacts of this one.
    pub contacts: Vec<Contact>,
}

const SELECT_MEMBERS: &str = "SELECT m.id, m.organization_id, m.staff_id, s.name AS staff_name,
        s.active AS staff_active, m.role_id, c.name AS role
    FROM organization_members m JOIN staff s ON s.id = m.staff_id JOIN choices c ON c.id = m.role_id ";

const SELECT_CONTACTS: &str = "SELECT k.id, k.organization_id, o.name AS organization_name, k.person_id,
        trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) AS person_name,
        po.name AS person_organization, k.role_id, c.name AS role
    FROM organization_contacts k JOIN organizations o ON o.id = k.organization_id
    JOIN people p ON p.id = k.person_id LEFT JOIN organizations po ON po.id = p.organization_id
    JOIN choices c ON c.id = k.role_id ";

/// The members and contacts service.
pub struct Members<'a> {
    db: &'a Db,
}

impl<'a> Members<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// An organization's members (own or inherited) and contacts.
    pub async fn team(&self, organization: OrganizationId) -> Result<OrganizationTeam> {
        let mut conn = self.db.reader().acquire().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM organizations WHERE id = ?")
            .bind(organization)
            .fetch_optional(&mut *conn)
            .await?;
        if exists.is_none() {
            return Err(Error::NotFound { entity: "organization" });
        }
        // The nearest of itself and its ancestors that has members.
        let source: Option<(OrganizationId, String, Option<String>, i64)> = sqlx::query_as(
            "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0 UNION ALL
                SELECT o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.id
                WHERE o.parent_id IS NOT NULL AND up.depth < 50)
             SELECT o.id, o.name, o.account_number, up.depth FROM up JOIN organizations o ON o.id = up.id
             WHERE EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = up.id)
             ORDER BY up.depth LIMIT 1",
        )
        .bind(organization)
        .fetch_optional(&mut *conn)
        .await?;
        let (members, inherited_from) = match source {
            None => (Vec::new(), None),
            Some((id, name, account_number, depth)) => {
                let members: Vec<Member> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{SELECT_MEMBERS} WHERE m.organization_id = ? ORDER BY c.position, lower(s.name) LIMIT 200"
                )))
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
                (members, (depth > 0).then_some(OrganizationRef { id, name, account_number }))
            }
        };
        let contacts: Vec<Contact> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_CONTACTS} WHERE k.organization_id = ? ORDER BY c.position, lower(p.last_name), lower(p.first_name) LIMIT 500"
        )))
        .bind(organization)
        .fetch_all(&mut *conn)
        .await?;
        Ok(OrganizationTeam { members, inherited_from, contacts })
    }

    /// The organizations a person is a contact of (besides their own).
    pub async fn contact_of(&self, person: PersonId) -> Result<Vec<Contact>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_CONTACTS} WHERE k.person_id = ? ORDER BY lower(o.name), c.position LIMIT 500"
        )))
        .bind(person)
        .fetch_all(self.db.reader())
        .await?)
    }

    /// Makes a staff member a member of an organization with a role.
    pub async fn add_member(
        &self,
        organization: OrganizationId,
        staff: StaffId,
        role: ChoiceId,
        by: &Actor,
    ) -> Result<Member> {
        let mut tx = self.db.begin_write().await?;
        let org_name = organization_name(&mut tx, organization).await?;
        let member = crate::staff::fetch(&mut tx, staff)
            .await
            .map_err(|_| Error::invalid("staff_id", msg("Choose a staff member from the list.", &[])))?;
        if !member.active {
            return Err(Error::invalid("staff_id", msg("{name} is inactive.", &[("name", &member.name)])));
        }
        let role_name = choices::check(&mut tx, ChoiceList::MemberRole, role, "role_id").await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM organization_members WHERE organization_id = ? AND staff_id = ? AND role_id = ?",
        )
        .bind(organization)
        .bind(staff)
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(Error::invalid(
                "staff_id",
                msg(
                    "{name} is already {role} of {organization_name}.",
                    &[("name", &member.name), ("role", &role_name), ("organization_name", &org_name)],
                ),
            ));
        }
        let id = MemberId::new();
        sqlx::query(
            "INSERT INTO organization_members (id, organization_id, staff_id, role_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(organization)
        .bind(staff)
        .bind(role)
        .execute(&mut *tx)
        .await?;
        let body = msg("{name} is now {role}", &[("name", &member.name), ("role", &role_name)]);
        let event = Event {
            organization: Some(organization),
            person: None,
            kind: StreamKind::Member,
            body: &body,
            ref_id: None,
        };
        stream::record(&mut tx, event, Some(by)).await?;
        let added: Member = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_MEMBERS} WHERE m.id = ?")))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Ends a membership (the stream keeps that it was).
    pub async fn remove_member(&self, id: MemberId, by: &Actor) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let member: Member = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_MEMBERS} WHERE m.id = ?")))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound { entity: "member" })?;
        sqlx::query("DELETE FROM organization_members WHERE id = ?").bind(id).execute(&mut *tx).await?;
        let body = msg("{name} is no longer {role}", &[("name", &member.staff_name), ("role", &member.role)]);
        let event = Event {
            organization: Some(member.organization_id),
            person: None,
            kind: StreamKind::Member,
            body: &body,
            ref_id: None,
        };
        stream::record(&mut tx, event, Some(by)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes a person a contact of an organization other than their own, with a role.
    pub async fn add_contact(
        &self,
        organization: OrganizationId,
        person: PersonId,
        role: ChoiceId,
        by: &Actor,
    ) -> Result<Contact> {
        let mut tx = self.db.begin_write().await?;
        let org_name = organization_name(&mut tx, organization).await?;
        let own: Option<(Option<OrganizationId>, String)> = sqlx::query_as(
            "SELECT organization_id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) FROM people WHERE id = ?",
        )
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
        let (own_org, person_name) =
            own.ok_or_else(|| Error::invalid("person_id", msg("Choose {a_person} from the list.", &[])))?;
        if own_org == Some(organization) {
            return Err(Error::invalid(
                "person_id",
                msg(
                    "{name} is already one of {organization_name}'s {people}.",
                    &[("name", &person_name), ("organization_name", &org_name)],
                ),
            ));
        }
        let role_name = choices::check(&mut tx, ChoiceList::ContactRole, role, "role_id").await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM organization_contacts WHERE organization_id = ? AND person_id = ? AND role_id = ?",
        )
        .bind(organization)
        .bind(person)
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(Error::invalid(
                "person_id",
                msg(
                    "{name} is already {role} of {organization_name}.",
                    &[("name", &person_name), ("role", &role_name), ("organization_name", &org_name)],
                ),
            ));
        }
        let id = ContactId::new();
        sqlx::query(
            "INSERT INTO organization_contacts (id, organization_id, person_id, role_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(organization)
        .bind(person)
        .bind(role)
        .execute(&mut *tx)
        .await?;
        let body = msg(
            "{name} is now {role} of {organization_name}",
            &[("name", &person_name), ("role", &role_name), ("organization_name", &org_name)],
        );
        let event = Event {
            organization: Some(organization),
            person: Some(person),
            kind: StreamKind::Link,
            body: &body,
            ref_id: None,
        };
        stream::record(&mut tx, event, Some(by)).await?;
        let added: Contact = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_CONTACTS} WHERE k.id = ?")))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Ends a contact role. Refused while the person is the organization's billing contact
    /// through it and has no other role there.
    pub async fn remove_contact(&self, id: ContactId, by: &Actor) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let contact: Contact =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_CONTACTS} WHERE k.id = ?")))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(Error::NotFound { entity: "contact" })?;
        let billing: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM organizations o WHERE o.id = ?1 AND o.billing_contact_id = ?2
               AND NOT EXISTS (SELECT 1 FROM organization_contacts k WHERE k.organization_id = ?1
                   AND k.person_id = ?2 AND k.id <> ?3)",
        )
        .bind(contact.organization_id)
        .bind(contact.person_id)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if billing.is_some() {
            return Err(Error::invalid(
                "contact",
                msg(
                    "{name} is the billing contact of {organization_name}; choose another billing contact first.",
                    &[("name", &contact.person_name), ("organization_name", &contact.organization_name)],
                ),
            ));
        }
        sqlx::query("DELETE FROM organization_contacts WHERE id = ?").bind(id).execute(&mut *tx).await?;
        let body = msg(
            "{name} is no longer {role} of {organization_name}",
            &[
                ("name", &contact.person_name),
                ("role", &contact.role),
                ("organization_name", &contact.organization_name),
            ],
        );
        let event = Event {
            organization: Some(contact.organization_id),
            person: Some(contact.person_id),
            kind: StreamKind::Link,
            body: &body,
            ref_id: None,
        };
        stream::record(&mut tx, event, Some(by)).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn organization_name(conn: &mut SqliteConnection, id: OrganizationId) -> Result<String> {
    sqlx::query_scalar("SELECT name FROM organizations WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::NotFound { entity: "organization" })
}

/// Appends " AND o.id IN (…)": organization `o` is one of `staff`'s (own membership, or
/// inherited from the nearest ancestor with members), for the organizations list's filter.
pub(crate) fn push_mine(query: &mut sqlx::QueryBuilder<sqlx::Sqlite>, staff: StaffId) {
    query
        .push(
            " AND o.id IN (WITH RECURSIVE mine(id, depth) AS (
                SELECT DISTINCT organization_id, 0 FROM organization_members WHERE staff_id = ",
        )
        .push_bind(staff)
        .push(
            " UNION ALL SELECT c.id, mine.depth + 1 FROM organizations c JOIN mine ON c.parent_id = mine.id
                WHERE mine.depth < 50
                  AND NOT EXISTS (SELECT 1 FROM organization_members x WHERE x.organization_id = c.id))
             SELECT id FROM mine)",
        );
}
