//! Staff: the company's own people, with a role (admin, office, technician) and an active flag.
//! Each machine says who is using it ("me", a local setting); that member is the actor of every
//! note, secret reveal, import, invoice and payment made there.
//!
//! Roles are a guard against mistakes, not security: anyone at the machine can pick any name.
//! The admin-only actions that exist (defining system types and their fields, editing staff,
//! undoing another person's import) check [`Actor::require_admin`].

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::settings::put_setting;
use crate::text::{clean, is_email};
use crate::{Error, Result, StaffId};

/// The setting that names this machine's user (local to the machine: never synced).
const ME: &str = "me";

/// What a staff member may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including defining system types and editing staff.
    Admin,
    /// Office work: records, billing, imports.
    Office,
    /// Field work: records, notes, files, time.
    Technician,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::Technician => "technician",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "admin" => Ok(Role::Admin),
            "office" => Ok(Role::Office),
            "technician" => Ok(Role::Technician),
            other => Err(Error::invalid("role", msg("Unknown role \"{role}\".", &[("role", other)]))),
        }
    }
}

/// A staff member as the app shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StaffMember {
    pub id: StaffId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What the staff form sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StaffInput {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub role: Role,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Who is doing something: the staff member using this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Actor {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Refuses unless the actor is an admin; `what` completes "Only an admin can …", in the
    /// app's language (the caller passes it through `msg`).
    pub fn require_admin(&self, what: &str) -> Result<()> {
        if self.role == Role::Admin {
            return Ok(());
        }
        Err(Error::Forbidden(msg(
            "Only an admin can {what}; {name} is {role}.",
            &[("what", what), ("name", &self.name), ("role", &self.role.described())],
        )))
    }
}

impl Role {
    /// "an office member", "a technician" — for refusals.
    fn described(self) -> String {
        match self {
            Role::Admin => msg("an admin", &[]),
            Role::Office => msg("an office member", &[]),
            Role::Technician => msg("a technician", &[]),
        }
    }
}

impl From<&StaffMember> for Actor {
    fn from(m: &StaffMember) -> Self {
        Self { id: m.id, name: m.name.clone(), role: m.role }
    }
}

/// A name found in records written before staff existed (note authors, secret audit, imports),
/// offered when the user says who they are, so picking it links those rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NameInRecords {
    pub name: String,
    /// How many rows carry it without a staff member.
    pub rows: i64,
}

/// Who uses this machine and whom they can pick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WhoAmI {
    /// The member chosen on this machine; `None` on first start.
    pub me: Option<StaffMember>,
    /// Active members to pick from.
    pub staff: Vec<StaffMember>,
    /// Names in older records (and the old Settings name) no member has yet, most used first.
    pub names_in_records: Vec<NameInRecords>,
}

/// The tables and columns that hold an actor as text, with their staff column: creating a
/// member links the rows whose text is their name.
const NAMED_ACTORS: &[(&str, &str, &str)] = &[
    ("notes", "author", "author_id"),
    ("secret_audit", "actor", "actor_id"),
    ("imports", "actor", "actor_id"),
];

/// The staff service.
pub struct Staff<'a> {
    db: &'a Db,
}

impl<'a> Staff<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Every member (inactive ones too when `include_inactive`), by name.
    pub async fn list(&self, include_inactive: bool) -> Result<Vec<StaffMember>> {
        let rows = sqlx::query(
            "SELECT id, name, email, phone, role, active, created_at, updated_at FROM staff
             WHERE active = 1 OR ?1 ORDER BY lower(name), id LIMIT 1000",
        )
        .bind(include_inactive)
        .fetch_all(self.db.reader())
        .await?;
        rows.iter().map(member).collect()
    }

    /// One member.
    pub async fn get(&self, id: StaffId) -> Result<StaffMember> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// The member using this machine, if one was chosen.
    pub async fn me(&self) -> Result<Option<StaffMember>> {
        let id: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(ME)
            .fetch_optional(self.db.reader())
            .await?;
        let Some(id) = id.and_then(|s| s.parse::<StaffId>().ok()) else { return Ok(None) };
        match self.get(id).await {
            Ok(m) if m.active => Ok(Some(m)),
            // Deleted or deactivated (perhaps on another machine): ask again.
            Ok(_) | Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The actor for what happens on this machine; a clear refusal until someone is chosen.
    pub async fn actor(&self) -> Result<Actor> {
        match self.me().await? {
            Some(m) => Ok(Actor::from(&m)),
            None => Err(Error::invalid(
                "me",
                msg(
                    "Nobody is chosen as this machine's user yet: pick who you are in Settings → Staff.",
                    &[],
                ),
            )),
        }
    }

    /// What the "who are you?" screen shows.
    pub async fn who_am_i(&self) -> Result<WhoAmI> {
        let me = self.me().await?;
        let staff = self.list(false).await?;
        let mut names: Vec<NameInRecords> = Vec::new();
        for (table, text, id) in NAMED_ACTORS {
            let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                // Constant table and column names from NAMED_ACTORS.
                "SELECT trim({text}), count(*) FROM {table} WHERE {id} IS NULL
                 AND NOT EXISTS (SELECT 1 FROM staff s WHERE lower(trim(s.name)) = lower(trim({text})))
                 GROUP BY lower(trim({text})) LIMIT 50"
            )))
            .fetch_all(self.db.reader())
            .await?;
            for (name, rows) in rows {
                match names.iter_mut().find(|n| n.name.eq_ignore_ascii_case(&name)) {
                    Some(n) => n.rows += rows,
                    None => names.push(NameInRecords { name, rows }),
                }
            }
        }
        // The old Settings name ("who is using this copy") is the likeliest answer.
        let old: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'user_name'")
            .fetch_optional(self.db.reader())
            .await?;
        if let Some(old) = old.filter(|o| !staff.iter().any(|m| m.name.eq_ignore_ascii_case(o.trim())))
            && !names.iter().any(|n| n.name.eq_ignore_ascii_case(old.trim()))
        {
            names.push(NameInRecords { name: old.trim().to_owned(), rows: 0 });
        }
        names.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.name.cmp(&b.name)));
        names.retain(|n| !n.name.is_empty());
        Ok(WhoAmI { me, staff, names_in_records: names })
    }

    /// Chooses the member using this machine (an active one).
    pub async fn set_me(&self, id: StaffId) -> Result<StaffMember> {
        let mut tx = self.db.begin_write().await?;
        let m = fetch(&mut tx, id).await?;
        if !m.active {
            return Err(Error::invalid(
                "me",
                msg("{name} is inactive; an admin can reactivate them.", &[("name", &m.name)]),
            ));
        }
        put_setting(&mut tx, ME, Some(&id.to_string())).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// Adds a member. `by` is the actor; only an admin may add staff, except on first start:
    /// the very first member (who becomes an admin whatever the form said, so someone can
    /// manage staff) and a user adding themselves as office or technician when nobody is
    /// chosen on this machine (`by` is `None`). Rows whose author text is this name are linked.
    pub async fn create(&self, input: StaffInput, by: Option<&Actor>) -> Result<StaffMember> {
        let mut input = validated(input)?;
        let id = StaffId::new();
        let mut tx = self.db.begin_write().await?;
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM staff").fetch_one(&mut *tx).await?;
        match by {
            _ if count == 0 => {
                input.role = Role::Admin;
                input.active = true;
            }
            Some(actor) => actor.require_admin(&msg("add staff members", &[]))?,
            None if input.role == Role::Admin => {
                return Err(Error::Forbidden(msg(
                    "Only an admin can add an admin: add yourself as office or technician, and ask an admin.",
                    &[],
                )));
            }
            None => {}
        }
        unique_name(&mut tx, &input.name, None).await?;
        sqlx::query(
            "INSERT INTO staff (id, name, email, phone, role, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&input.name)
        .bind(&input.email)
        .bind(&input.phone)
        .bind(input.role.as_str())
        .bind(input.active)
        .execute(&mut *tx)
        .await?;
        link_names(&mut tx, id, &input.name).await?;
        let m = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// Changes a member (admins only). The last active admin stays an active admin.
    pub async fn update(&self, id: StaffId, input: StaffInput, by: &Actor) -> Result<StaffMember> {
        by.require_admin(&msg("edit staff members", &[]))?;
        let input = validated(input)?;
        let mut tx = self.db.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        unique_name(&mut tx, &input.name, Some(id)).await?;
        if before.role == Role::Admin && before.active && (input.role != Role::Admin || !input.active) {
            let admins: i64 =
                sqlx::query_scalar("SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1")
                    .fetch_one(&mut *tx)
                    .await?;
            if admins <= 1 {
                return Err(Error::invalid(
                    "role",
                    msg(
                        "{name} is the only active admin; make someone else an admin first.",
                        &[("name", &before.name)],
                    ),
                ));
            }
        }
        sqlx::query(
            "UPDATE staff SET name = ?, email = ?, phone = ?, role = ?, active = ?,
                updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        )
        .bind(&input.name)
        .bind(&input.email)
        .bind(&input.phone)
        .bind(input.role.as_str())
        .bind(input.active)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let m = fetch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(m)
    }

    /// Deletes a member added by mistake (admins only). Once anything points at them (a note,
    /// an invoice, a membership, …) they are deactivated instead, and this says so.
    pub async fn delete(&self, id: StaffId, by: &Actor) -> Result<()> {
        by.require_admin(&msg("delete staff members", &[]))?;
        if by.id == id {
            return Err(Error::invalid("staff", msg("You cannot delete yourself.", &[])));
        }
        let mut tx = self.db.begin_write().await?;
        let m = fetch(&mut tx, id).await?;
        for (table, column) in referencing_columns(&mut tx).await? {
            let used: bool =
                // Names from the schema itself, quoted.
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE \"{column}\" = ?)"
                )))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if used {
                return Err(Error::invalid(
                    "staff",
                    msg(
                        "{name} has records to their name and cannot be deleted; deactivate them instead.",
                        &[("name", &m.name)],
                    ),
                ));
            }
        }
        if m.role == Role::Admin && m.active {
            let admins: i64 =
                sqlx::query_scalar("SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1")
                    .fetch_one(&mut *tx)
                    .await?;
            if admins <= 1 {
                return Err(Error::invalid(
                    "staff",
                    msg("{name} is the only active admin.", &[("name", &m.name)]),
                ));
            }
        }
        sqlx::query("DELETE FROM staff WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Every (table, column) with a foreign key to `staff`, from the schema, so a table added later
/// is checked too.
async fn referencing_columns(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT m.name, f.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'staff'",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Links the rows written before staff existed whose actor text is `name` to member `id`.
async fn link_names(conn: &mut SqliteConnection, id: StaffId, name: &str) -> Result<()> {
    for (table, text, column) in NAMED_ACTORS {
        // Constant table and column names from NAMED_ACTORS.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET {column} = ?1 WHERE {column} IS NULL AND lower(trim({text})) = lower(trim(?2))"
        )))
        .bind(id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn unique_name(conn: &mut SqliteConnection, name: &str, except: Option<StaffId>) -> Result<()> {
    let taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM staff WHERE lower(trim(name)) = lower(trim(?1)) AND id IS NOT ?2",
    )
    .bind(name)
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?;
    match taken {
        Some(other) => Err(Error::invalid(
            "name",
            msg(
                "There is already a staff member called {name}; add a middle initial or a team name.",
                &[("name", &other)],
            ),
        )),
        None => Ok(()),
    }
}

fn validated(input: StaffInput) -> Result<StaffInput> {
    let name =
        clean(Some(input.name)).ok_or_else(|| Error::invalid("name", msg("The name is required.", &[])))?;
    if name.chars().count() > 200 {
        return Err(Error::invalid(
            "name",
            msg("The name is longer than {max} characters.", &[("max", "200")]),
        ));
    }
    let email = clean(input.email);
    if let Some(e) = &email
        && !is_email(e)
    {
        return Err(Error::invalid("email", msg("\"{email}\" is not an email address.", &[("email", e)])));
    }
    Ok(StaffInput { name, email, phone: clean(input.phone), ..input })
}

pub(crate) async fn fetch(conn: &mut SqliteConnection, id: StaffId) -> Result<StaffMember> {
    let row = sqlx::query(
        "SELECT id, name, email, phone, role, active, created_at, updated_at FROM staff WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "staff member" })?;
    member(&row)
}

fn member(row: &sqlx::sqlite::SqliteRow) -> Result<StaffMember> {
    Ok(StaffMember {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        role: Role::parse(&row.try_get::<String, _>("role")?)?,
        active: row.try_get("active")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
