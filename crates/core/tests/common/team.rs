//! Team sync test helpers: machines (each its own data folder and SQLite file) on one real
//! PostgreSQL server, and dumps of the synced tables to compare replicas.

use fieldbook_core::organizations::{Organization, OrganizationInput};
use fieldbook_core::sync::capture::{columns, synced_tables};
use fieldbook_core::sync::server;
use fieldbook_core::sync::tables::setting_syncs;
use fieldbook_core::sync::values::encode_row;
use sqlx::{ConnectOptions, Connection};

use super::TestCore;
use super::pg::PgServer;

/// A team server with its admin address, initialised.
pub struct TeamServer {
    pub pg: PgServer,
    pub url: String,
}

impl TeamServer {
    /// None (the test skips) without PostgreSQL or a keyring (the server password lives there).
    pub async fn start() -> Option<Self> {
        let pg = PgServer::start()?;
        if !super::keyring_works() {
            return None;
        }
        let url = pg.database("team").await;
        let pool = server::connect(&url, None).await.unwrap();
        server::init(&pool).await.unwrap();
        pool.close().await;
        Some(Self { pg, url })
    }

    pub async fn admin(&self) -> sqlx::PgPool {
        server::connect(&self.url, None).await.unwrap()
    }
}

/// Every synced table of the machine's database, row by row in key order, as JSON lines
/// (settings only the team's keys).
pub async fn dump(core: &TestCore) -> Vec<String> {
    let path = core.database_path().to_owned();
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(&path).read_only(true).connect().await.unwrap();
    let mut lines = Vec::new();
    for table in synced_tables() {
        let cols = columns(&mut conn, table).await.unwrap();
        let mut pk: Vec<_> = cols.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        let order: Vec<String> = pk.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let sql = format!("SELECT * FROM \"{table}\" ORDER BY {}", order.join(", "));
        for row in sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut conn).await.unwrap() {
            let fields = encode_row(&row).unwrap();
            if table == "settings" && !setting_syncs(fields["key"].as_str().unwrap_or_default()) {
                continue;
            }
            lines.push(format!("{table} {}", serde_json::Value::Object(fields)));
        }
    }
    conn.close().await.unwrap();
    lines
}

/// Asserts two machines hold the same synced data, showing the first difference.
pub async fn assert_same(a: &TestCore, b: &TestCore) {
    let (da, db) = (dump(a).await, dump(b).await);
    if da != db {
        let first = da.iter().zip(&db).position(|(x, y)| x != y).unwrap_or(da.len().min(db.len()));
        panic!(
            "replicas differ ({} vs {} rows) at row {first}:\n  {:?}\n  {:?}",
            da.len(),
            db.len(),
            da.get(first),
            db.get(first)
        );
    }
}

/// The form input that saves `org` unchanged.
pub fn input_of(org: &Organization) -> OrganizationInput {
    OrganizationInput {
        account_number: org.account_number.clone(),
        name: org.name.clone(),
        dba_name: org.dba_name.clone(),
        parent_id: org.parent.as_ref().map(|p| p.id),
        address: org.address.clone(),
        phone: org.phone.clone(),
        email: org.email.clone(),
        website: org.website.clone(),
        notes: org.notes.clone(),
        custom: None,
    }
}
