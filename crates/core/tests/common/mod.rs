//! Shared test set-up: a real SQLite file in a fresh temp dir per test; `pg` starts a real
//! PostgreSQL for the team-server tests.
#![allow(dead_code)]

pub mod pg;
pub mod team;

use fieldbook_core::Core;
use fieldbook_core::address::Address;
use fieldbook_core::organizations::{Organization, OrganizationInput};
use fieldbook_core::people::{Person, PersonInput};
use fieldbook_core::staff::{Actor, Role, StaffInput};

pub fn staff_input(name: &str, role: Role) -> StaffInput {
    StaffInput { name: name.into(), email: None, phone: None, role, active: true }
}

pub struct TestCore {
    pub core: Core,
    pub dir: tempfile::TempDir,
}

impl std::ops::Deref for TestCore {
    type Target = Core;
    fn deref(&self) -> &Core {
        &self.core
    }
}

impl TestCore {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::open(&dir.path().join("fieldbook.sqlite3")).await.unwrap();
        Self { core, dir }
    }

    /// A core whose machine user is an admin called "Ann Admin" (the first staff member).
    pub async fn with_me() -> Self {
        let t = Self::new().await;
        let me = t.staff().create(staff_input("Ann Admin", Role::Admin), None).await.unwrap();
        t.staff().set_me(me.id).await.unwrap();
        t
    }

    /// The system and field a secret belongs to (what its sealed value is bound to).
    pub async fn secret_owner(&self, id: fieldbook_core::SecretId) -> Option<(uuid::Uuid, uuid::Uuid)> {
        let mut conn = read_only(self).await;
        let id = uuid::Uuid::parse_str(&id.to_string()).unwrap();
        sqlx::query_as("SELECT system_id, field_id FROM secrets WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut conn)
            .await
            .unwrap()
    }

    /// Adds a staff member (by the admin) and returns them as an actor.
    pub async fn colleague(&self, name: &str, role: Role) -> Actor {
        let m = self.staff().create(staff_input(name, role), Some(&self.me().await)).await.unwrap();
        Actor::from(&m)
    }

    /// The machine user's actor (see [`TestCore::with_me`]).
    pub async fn me(&self) -> Actor {
        self.core.actor().await.unwrap()
    }

    pub async fn org(&self, name: &str) -> Organization {
        self.organizations().create(org_input(name), vec![]).await.unwrap()
    }

    pub async fn org_in(&self, name: &str, city: &str) -> Organization {
        let input = OrganizationInput {
            address: Address { city: Some(city.into()), ..Address::default() },
            ..org_input(name)
        };
        self.organizations().create(input, vec![]).await.unwrap()
    }

    pub async fn site_of(&self, parent: &Organization, name: &str) -> Organization {
        let input = OrganizationInput { parent_id: Some(parent.id), ..org_input(name) };
        self.organizations().create(input, vec![]).await.unwrap()
    }

    pub async fn person_at(&self, org: &Organization, first: &str, last: &str) -> Person {
        let input = PersonInput { organization_id: Some(org.id), ..person_input(first, last) };
        self.people().create(input).await.unwrap()
    }

    pub async fn person_with_company(&self, first: &str, company: &str) -> Person {
        let input = PersonInput { company_name: Some(company.into()), ..person_input(first, "Doe") };
        self.people().create(input).await.unwrap()
    }
}

/// The input that saves `t` unchanged but for every field being optional.
pub fn all_fields_optional(
    t: &fieldbook_core::system_types::SystemType,
) -> fieldbook_core::system_types::SystemTypeInput {
    use fieldbook_core::system_types::{FieldInput, SystemTypeInput};
    SystemTypeInput {
        name: t.name.clone(),
        fields: t
            .fields
            .iter()
            .map(|f| FieldInput { id: Some(f.id), label: f.label.clone(), kind: f.kind, required: false })
            .collect(),
        confirm_removals: false,
    }
}

pub fn org_input(name: &str) -> OrganizationInput {
    OrganizationInput { name: name.into(), ..OrganizationInput::default() }
}

pub fn person_input(first: &str, last: &str) -> PersonInput {
    PersonInput { first_name: Some(first.into()), last_name: Some(last.into()), ..PersonInput::default() }
}

/// Asserts `result` is an `Invalid` error on `field` whose message contains `needle`.
pub fn assert_invalid<T: std::fmt::Debug>(result: fieldbook_core::Result<T>, field: &str, needle: &str) {
    match result {
        Err(fieldbook_core::Error::Invalid { field: f, message }) => {
            assert_eq!(f, field, "wrong field; message: {message}");
            assert!(message.contains(needle), "{message:?} lacks {needle:?}");
        }
        other => panic!("expected Invalid on {field}, got {other:?}"),
    }
}

/// Set by `cargo xtask test` (which starts a Secret Service): a missing keyring fails instead of
/// skipping.
const KEYRING_REQUIRED: &str = "FIELDBOOK_KEYRING_REQUIRED";

/// Whether the OS keyring takes, returns and deletes an entry here. When it cannot and
/// `FIELDBOOK_KEYRING_REQUIRED` is unset, says so loudly and returns false (the caller skips).
pub fn keyring_works() -> bool {
    use fieldbook_core::secrets::{OsKeyring, SecretStore};
    let probe = fieldbook_core::SecretId::new();
    let result = OsKeyring.set(probe, "probe").and_then(|()| OsKeyring.get(probe)).and_then(|v| {
        OsKeyring.delete(probe)?;
        Ok(v)
    });
    match result {
        Ok(v) if v == "probe" => true,
        other => {
            if std::env::var_os(KEYRING_REQUIRED).is_some() {
                panic!("the OS keyring does not work here: {other:?}");
            }
            eprintln!(
                "\n*** keyring test SKIPPED: no usable Secret Service ({other:?}). `cargo xtask test` starts one. ***\n"
            );
            false
        }
    }
}

/// A read-only connection of its own to the machine's database file.
pub async fn read_only(core: &Core) -> sqlx::SqliteConnection {
    use sqlx::ConnectOptions;
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(core.database_path())
        .read_only(true)
        .connect()
        .await
        .unwrap()
}

/// Every document of the search index, without its number (which depends on the order rows
/// came in), as sorted text.
pub async fn search_documents(core: &Core) -> std::collections::BTreeSet<String> {
    let mut conn = read_only(core).await;
    sqlx::query_scalar(
        "SELECT kind || '|' || hex(ref_id) || '|' || archived || '|' || title || '|' || body || '|' || digits
           FROM search_docs",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// The database's schema: every table, index, trigger and view with its SQL, by name.
pub async fn schema_objects(core: &Core) -> Vec<String> {
    let mut conn = read_only(core).await;
    sqlx::query_scalar(
        "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}
