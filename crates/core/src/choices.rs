//! Editable lists: the roles staff members have on an organization (Account manager,
//! Technician, Sales, …), the roles of contacts (Billing contact, Accountant, …) and the types of
//! activities (Review, Visit, Call, Meeting, Task). An entry in use cannot be removed.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::text::clean;
use crate::{ChoiceId, Error, Result};

/// Which list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceList {
    MemberRole,
    ContactRole,
    ActivityType,
}

impl ChoiceList {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::MemberRole => "member_role",
            Self::ContactRole => "contact_role",
            Self::ActivityType => "activity_type",
        }
    }

    /// "member role", "activity type" …: for sentences, in the app's language.
    fn what(self) -> String {
        match self {
            Self::MemberRole => msg("member role", &[]),
            Self::ContactRole => msg("contact role", &[]),
            Self::ActivityType => msg("{activity} type", &[]),
        }
    }
}

/// One entry of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct Choice {
    pub id: ChoiceId,
    pub name: String,
}

/// The lists service.
pub struct Choices<'a> {
    db: &'a Db,
}

impl<'a> Choices<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// A list's entries, in their order.
    pub async fn list(&self, list: ChoiceList) -> Result<Vec<Choice>> {
        Ok(sqlx::query_as(
            "SELECT id, name FROM choices WHERE list = ? ORDER BY position, lower(name) LIMIT 500",
        )
        .bind(list.as_str())
        .fetch_all(self.db.reader())
        .await?)
    }

    /// Adds an entry at the end of a list.
    pub async fn add(&self, list: ChoiceList, name: &str) -> Result<Choice> {
        let name = checked(name)?;
        let mut tx = self.db.begin_write().await?;
        unique(&mut tx, list, &name, None).await?;
        let id = ChoiceId::new();
        sqlx::query(
            "INSERT INTO choices (id, list, name, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM choices WHERE list = ?2),
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(list.as_str())
        .bind(&name)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Choice { id, name })
    }

    /// Renames an entry; everything that uses it shows the new name.
    pub async fn rename(&self, id: ChoiceId, name: &str) -> Result<Choice> {
        let name = checked(name)?;
        let mut tx = self.db.begin_write().await?;
        let list = list_of(&mut tx, id).await?;
        unique(&mut tx, list, &name, Some(id)).await?;
        sqlx::query(
            "UPDATE choices SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(&name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Choice { id, name })
    }

    /// Removes an entry nothing uses; one in use is refused with how many use it.
    pub async fn remove(&self, id: ChoiceId) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        let list = list_of(&mut tx, id).await?;
        let name: String =
            sqlx::query_scalar("SELECT name FROM choices WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        // Every column pointing at choices, from the schema: a table added later counts too.
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = 'choices'",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut uses = 0i64;
        for (table, column) in columns {
            // Names from the schema itself, quoted.
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = ?"
            )))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            uses += n;
        }
        if uses > 0 {
            let (what, count) = (list.what(), uses.to_string());
            let values = [("what", what.as_str()), ("name", name.as_str()), ("uses", count.as_str())];
            return Err(Error::invalid(
                "choice",
                if uses == 1 {
                    msg(
                        "The {what} “{name}” is used {uses} time; it cannot be removed. Rename it instead.",
                        &values,
                    )
                } else {
                    msg(
                        "The {what} “{name}” is used {uses} times; it cannot be removed. Rename it instead.",
                        &values,
                    )
                },
            ));
        }
        sqlx::query("DELETE FROM choices WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Checks `id` is an entry of `list` (a role from another list is refused).
pub(crate) async fn check(
    conn: &mut SqliteConnection,
    list: ChoiceList,
    id: ChoiceId,
    field: &'static str,
) -> Result<String> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM choices WHERE id = ? AND list = ?")
        .bind(id)
        .bind(list.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    name.ok_or_else(|| {
        Error::invalid(field, msg("Choose a {what} from the list.", &[("what", &list.what())]))
    })
}

async fn list_of(conn: &mut SqliteConnection, id: ChoiceId) -> Result<ChoiceList> {
    let list: Option<String> = sqlx::query_scalar("SELECT list FROM choices WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match list.as_deref() {
        Some("member_role") => Ok(ChoiceList::MemberRole),
        Some("contact_role") => Ok(ChoiceList::ContactRole),
        Some("activity_type") => Ok(ChoiceList::ActivityType),
        _ => Err(Error::NotFound { entity: "list entry" }),
    }
}

async fn unique(
    conn: &mut SqliteConnection,
    list: ChoiceList,
    name: &str,
    except: Option<ChoiceId>,
) -> Result<()> {
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM choices WHERE list = ? AND lower(trim(name)) = lower(trim(?)) AND id IS NOT ?",
    )
    .bind(list.as_str())
    .bind(name)
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Err(Error::invalid("name", msg("“{name}” is already in the list.", &[("name", name)])));
    }
    Ok(())
}

fn checked(name: &str) -> Result<String> {
    let name = clean(Some(name.to_owned()))
        .ok_or_else(|| Error::invalid("name", msg("The name is required.", &[])))?;
    if name.chars().count() > 100 {
        return Err(Error::invalid("name", msg("At most {max} characters.", &[("max", "100")])));
    }
    Ok(name)
}
