//! The team server: a PostgreSQL database with Fieldbook's schema (`server-migrations/`), reached
//! directly over TLS. Setting one up (`init`), what it is (`info`), and the two calls sync is
//! made of: `push` a batch of changes and `pull` the changes after a cursor. Each is one
//! statement calling a `SECURITY DEFINER` function: no server transaction is held open across
//! the network.

use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::{ConnectOptions, Row};

use crate::messages::msg;
use crate::{Error, Result};

/// The server schema this Fieldbook reads and writes (the newest of `server-migrations/`).
pub const SERVER_SCHEMA: i64 = 6;

/// What a team server is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// The data set's identity; a server restored from an older backup, or another one, has
    /// another id or epoch.
    pub data_set_id: String,
    pub epoch: i64,
    /// Its schema version.
    pub schema: i64,
}

/// What a pushed entry does to its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A row created here: all its fields.
    Upsert,
    /// Fields changed here, each with the value it started from.
    Update,
    /// A row deleted here.
    Delete,
}

/// One change to push: a row's fields under an operation id (a resend is not applied twice).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushEntry {
    pub op: uuid::Uuid,
    pub tbl: String,
    pub key: String,
    pub kind: EntryKind,
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Update: the value each field had on the server when it was changed here.
    #[serde(default)]
    pub base: serde_json::Map<String, serde_json::Value>,
    /// Update: values of an earlier push that was not answered (it may have applied).
    #[serde(default)]
    pub also: serde_json::Map<String, serde_json::Value>,
    /// What this machine saw of the row (its `archived_at`), for archive-versus-edit.
    #[serde(default)]
    pub row: serde_json::Map<String, serde_json::Value>,
}

/// A batch of entries from one machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// This machine's id.
    pub device: String,
    /// The last number this machine pulled.
    pub seen: i64,
    /// The staff member using this machine (hex id), named in conflicts.
    pub actor: Option<String>,
    pub entries: Vec<PushEntry>,
}

/// A row as the server has it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerRecord {
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub deleted: bool,
}

/// What the server did with one pushed entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pushed {
    pub op: uuid::Uuid,
    /// "applied", "conflict" (something did not apply and was recorded), or "duplicate" (a
    /// resend of an operation the server has).
    pub status: String,
    /// The row as it now stands on the server.
    pub record: Option<ServerRecord>,
}

/// A row read from the server: its newest state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pulled {
    pub seq: i64,
    pub tbl: String,
    pub key: String,
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub deleted: bool,
    pub stamp: uuid::Uuid,
}

/// Opens a small pool to the server at `url` (`postgres://user@host:port/database?sslmode=…`),
/// with `password` when it is not in the address (it is kept out of addresses that are shown or
/// stored). Every session gets a statement timeout and an idle-in-transaction timeout, so a laptop
/// that drops off the network mid-call holds no lock for long.
pub async fn connect(url: &str, password: Option<&str>) -> Result<PgPool> {
    let not_postgres = || {
        Error::invalid(
            "url",
            msg("That is not a PostgreSQL address (postgres://user@host:port/database).", &[]),
        )
    };
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(not_postgres());
    }
    let options = PgConnectOptions::from_str(url)
        .map_err(|_| not_postgres())?
        .options([("statement_timeout", "30s"), ("idle_in_transaction_session_timeout", "30s")])
        .log_statements(log::LevelFilter::Debug);
    let options = match password {
        Some(password) => options.password(password),
        None => options,
    };
    let where_to = format!("{}:{}", options.get_host(), options.get_port());
    PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| server_error(e, &where_to))
}

/// The address without a password in it (what is stored and shown).
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((user, host)) if !user.contains('/') => {
            let user = user.split_once(':').map_or(user, |(name, _)| name);
            format!("{scheme}://{user}@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Creates Fieldbook's schema in an empty database. Refuses one that holds other tables, and
/// one that already is a Fieldbook team database.
pub async fn init(pool: &PgPool) -> Result<ServerInfo> {
    let ours: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'fieldbook')")
            .fetch_one(pool)
            .await?;
    if ours {
        let info = info(pool).await?;
        return Err(Error::invalid(
            "url",
            msg(
                "That database already is a Fieldbook team database (data set {data_set}).",
                &[("data_set", &info.data_set_id)],
            ),
        ));
    }
    let others: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'",
    )
    .fetch_one(pool)
    .await?;
    if others > 0 {
        return Err(Error::invalid(
            "url",
            msg(
                "That database is not empty ({others} tables or views) and not Fieldbook's; create an empty \
                 database for the team.",
                &[("others", &others.to_string())],
            ),
        ));
    }
    sqlx::migrate!("./server-migrations").run(pool).await?;
    info(pool).await
}

/// The server's identity and schema; refuses a schema this Fieldbook cannot use.
pub async fn info(pool: &PgPool) -> Result<ServerInfo> {
    // Through the function: members may read no table.
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM fieldbook.identity()")
        .fetch_all(pool)
        .await
        .map_err(|e| match &e {
            // No such schema, table or function: not a Fieldbook server.
            sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("42P01" | "3F000" | "42883")) => {
                Error::invalid(
                    "url",
                    msg(
                        "That database is not a Fieldbook team database (run `team init` on an empty one).",
                        &[],
                    ),
                )
            }
            _ => Error::Db(e),
        })?;
    let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let number = |key: &str| value(key).and_then(|v| v.parse::<i64>().ok());
    let info = ServerInfo {
        data_set_id: value("data_set_id").unwrap_or_default(),
        epoch: number("epoch").unwrap_or(0),
        schema: number("schema").unwrap_or(0),
    };
    if info.schema > SERVER_SCHEMA {
        return Err(Error::invalid(
            "url",
            msg(
                "The team server was set up by a newer Fieldbook (server schema {schema}; this one knows {known}). \
                 Update Fieldbook on this machine.",
                &[("schema", &info.schema.to_string()), ("known", &SERVER_SCHEMA.to_string())],
            ),
        ));
    }
    Ok(info)
}

/// Pushes a batch (one statement). Entries whose operation id the server has seen are not
/// applied again and come back as "duplicate".
pub async fn push(pool: &PgPool, batch: &Batch) -> Result<Vec<Pushed>> {
    let batch = serde_json::to_value(batch).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let result: serde_json::Value = sqlx::query_scalar("SELECT fieldbook.push($1)")
        .bind(batch)
        .fetch_one(pool)
        .await
        .map_err(call_error)?;
    serde_json::from_value(result).map_err(|e| Error::Io(std::io::Error::other(e)))
}

/// Writes the new rows of a first machine's batch in bulk; returns the operations written (the
/// rest go through [`push`]).
pub async fn publish(pool: &PgPool, batch: &Batch) -> Result<Vec<uuid::Uuid>> {
    let batch = serde_json::to_value(batch).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let done: serde_json::Value = sqlx::query_scalar("SELECT fieldbook.publish($1)")
        .bind(batch)
        .fetch_one(pool)
        .await
        .map_err(call_error)?;
    serde_json::from_value(done).map_err(|e| Error::Io(std::io::Error::other(e)))
}

/// The rows changed after `after` (their newest state), at most `limit`, in the server's
/// commit order.
pub async fn pull(pool: &PgPool, after: i64, limit: i64) -> Result<Vec<Pulled>> {
    decode_pulled(pull_raw(pool, after, limit).await?)
}

/// [`pull`]'s rows as they came, to be decoded by [`decode_pulled`] (on another thread while
/// the page before is applied).
pub async fn pull_raw(pool: &PgPool, after: i64, limit: i64) -> Result<Vec<PgRow>> {
    sqlx::query("SELECT seq, tbl, key, fields, deleted, stamp FROM fieldbook.pull_records($1, $2)")
        .bind(after)
        .bind(i32::try_from(limit.clamp(1, 10_000)).unwrap_or(10_000))
        .fetch_all(pool)
        .await
        .map_err(call_error)
}

/// The rows [`pull_raw`] read, decoded.
pub fn decode_pulled(rows: Vec<PgRow>) -> Result<Vec<Pulled>> {
    rows.iter()
        .map(|r| {
            let fields: serde_json::Value = r.try_get("fields")?;
            Ok(Pulled {
                seq: r.try_get("seq")?,
                tbl: r.try_get("tbl")?,
                key: r.try_get("key")?,
                fields: match fields {
                    serde_json::Value::Object(map) => map,
                    _ => serde_json::Map::new(),
                },
                deleted: r.try_get("deleted")?,
                stamp: r.try_get("stamp")?,
            })
        })
        .collect()
}

/// The stamp the server gave number `n` (None when it never gave it out) and its newest number.
pub async fn position(pool: &PgPool, n: i64) -> Result<(Option<uuid::Uuid>, i64)> {
    sqlx::query_as("SELECT stamp, newest FROM fieldbook.position($1)")
        .bind(n)
        .fetch_one(pool)
        .await
        .map_err(call_error)
}

/// The next invoice number for `prefix`, taken on the server (gap-free across machines; the
/// first one follows the highest number the team's invoices already have). Asking again for the
/// same invoice id returns the same number.
pub async fn take_invoice_number(pool: &PgPool, prefix: &str, invoice: uuid::Uuid) -> Result<i64> {
    sqlx::query_scalar("SELECT fieldbook.take_invoice_number($1, $2)")
        .bind(prefix)
        .bind(invoice)
        .fetch_one(pool)
        .await
        .map_err(call_error)
}

/// What a machine checks before each sync, in one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub data_set_id: String,
    pub schema: i64,
    /// The stamp of the number asked about (None when the server never gave it out).
    pub stamp: Option<uuid::Uuid>,
    /// The newest number: nothing to pull when it is the machine's cursor.
    pub newest: i64,
    /// The password vault as it stands for this machine (`sync/vault.rs`).
    pub vault: super::vault::VaultCheck,
}

/// [`Check`] for the machine whose cursor is `cursor` and id `device`; an older server (without
/// the function) is reported by its schema.
pub async fn check(pool: &PgPool, cursor: i64, device: &str) -> Result<Check> {
    type Row =
        (String, i32, Option<uuid::Uuid>, i64, i64, String, Option<i32>, bool, i32, bool, Option<i32>, bool);
    let row: std::result::Result<Row, sqlx::Error> = sqlx::query_as(
        "SELECT data_set_id, schema, stamp, newest, secrets_newest, device_state, key_version, has_key, waiting, admin,
                rotating_to, rotation_needed
         FROM fieldbook.check_vault($1, $2)",
    )
    .bind(cursor)
    .bind(device)
    .fetch_one(pool)
    .await;
    match row {
        Ok((
            data_set_id,
            schema,
            stamp,
            newest,
            secrets_newest,
            device_state,
            key_version,
            has_key,
            waiting,
            admin,
            rotating_to,
            rotation_needed,
        )) => {
            let vault = super::vault::VaultCheck {
                secrets_newest,
                device_state,
                key_version,
                has_key,
                waiting: u32::try_from(waiting).unwrap_or(0),
                admin,
                rotating_to,
                rotation_needed,
            };
            let check = Check { data_set_id, schema: i64::from(schema), stamp, newest, vault };
            let as_info =
                ServerInfo { data_set_id: check.data_set_id.clone(), epoch: 0, schema: check.schema };
            if check.schema > SERVER_SCHEMA {
                info(pool).await?; // the sentence for a newer server
            }
            check_schema(&as_info)?;
            Ok(check)
        }
        Err(sqlx::Error::Database(d)) if d.code().as_deref() == Some("42883") => {
            let info = info(pool).await?;
            check_schema(&info)?;
            Err(Error::invalid("url", msg("The team server could not be checked.", &[])))
        }
        Err(e) => Err(call_error(e)),
    }
}

/// Brings an older server's schema up to this Fieldbook's (`team upgrade`, with the server's
/// admin login). Returns the schema before and after.
pub async fn upgrade(pool: &PgPool) -> Result<(i64, i64)> {
    let before = info(pool).await?.schema;
    sqlx::migrate!("./server-migrations").run(pool).await?;
    Ok((before, info(pool).await?.schema))
}

/// Refuses a server whose schema this Fieldbook cannot write (older ones need `team upgrade`).
pub fn check_schema(info: &ServerInfo) -> Result<()> {
    if info.schema < SERVER_SCHEMA {
        return Err(Error::invalid(
            "url",
            msg(
                "The team server has an older schema ({schema}; this Fieldbook needs {needed}). The team's admin \
                 upgrades it with `fieldbook-cli team upgrade`; until then this machine does not sync.",
                &[("schema", &info.schema.to_string()), ("needed", &SERVER_SCHEMA.to_string())],
            ),
        ));
    }
    Ok(())
}

/// A sentence for a call that failed once connected.
pub(super) fn call_error(error: sqlx::Error) -> Error {
    match &error {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => {
            log::warn!("team server refused a call: {error}");
            Error::invalid(
                "url",
                msg("The team server refused this login (was it removed from the team?).", &[]),
            )
        }
        // The network went, the server shut down or restarted, or the session was ended.
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => {
            log::warn!("team server: {error}");
            Error::invalid("url", msg("The connection to the team server was lost.", &[]))
        }
        sqlx::Error::Database(d) if d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) => {
            log::warn!("team server: {error}");
            Error::invalid("url", msg("The connection to the team server was lost.", &[]))
        }
        _ => Error::Db(error),
    }
}

/// Adds a team member's own login to the server and returns their one-time password (to give
/// them; it is not kept). The login holds no table privileges: it may only call Fieldbook's
/// functions (`SECURITY DEFINER`, pinned `search_path`), and its sessions time out statements
/// and idle transactions. An `admin` member may also add and remove members with their own login
/// (CREATEROLE, and those grants with GRANT OPTION). Run with the server's admin login or an
/// admin member's.
pub async fn add_member(pool: &PgPool, login: &str, admin: bool) -> Result<String> {
    let login = checked_login(login)?;
    check_schema(&info(pool).await?)?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
        .bind(&login)
        .fetch_one(pool)
        .await?;
    if exists {
        return Err(Error::invalid(
            "login",
            msg("The server already has a login called {login}.", &[("login", &login)]),
        ));
    }
    // Two random UUIDs as hex (244 random bits).
    let password = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let database: String = sqlx::query_scalar("SELECT current_database()").fetch_one(pool).await?;
    let mut tx = pool.begin().await?;
    let grant_option = if admin { " WITH GRANT OPTION" } else { "" };
    // Identifiers and the password are checked to [a-z0-9_] and hex above: safe to splice.
    let run = |e: sqlx::Error| match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => Error::Forbidden(msg(
            "Only the team server's admin, or a team member added as admin, can add members.",
            &[],
        )),
        _ => Error::Db(e),
    };
    for statement in [
        // The password as a SCRAM verifier: the text never appears in a statement, so neither
        // this app's log nor the server's statement log can show it.
        format!(
            "CREATE ROLE \"{login}\" LOGIN PASSWORD '{}' NOSUPERUSER NOCREATEDB {} NOINHERIT NOREPLICATION",
            scram_verifier(&password),
            if admin { "CREATEROLE" } else { "NOCREATEROLE" }
        ),
        format!("ALTER ROLE \"{login}\" SET statement_timeout = '30s'"),
        format!("ALTER ROLE \"{login}\" SET idle_in_transaction_session_timeout = '30s'"),
        format!(
            "GRANT CONNECT ON DATABASE \"{}\" TO \"{login}\"{grant_option}",
            database.replace('"', "\"\"")
        ),
        format!("GRANT USAGE ON SCHEMA fieldbook TO \"{login}\"{grant_option}"),
        format!(
            "GRANT EXECUTE ON FUNCTION fieldbook.push(jsonb), fieldbook.pull(bigint, integer), fieldbook.identity(), \
             fieldbook.pull_records(bigint, integer), fieldbook.position(bigint), fieldbook.blobs_missing(text[]), \
             fieldbook.blob_parts_held(text), fieldbook.blob_put(text, integer, integer, bytea), \
             fieldbook.blob_get(text, integer, integer), \
             fieldbook.take_invoice_number(text, uuid), fieldbook.check(bigint), fieldbook.publish(jsonb), \
             fieldbook.is_admin(), fieldbook.key_check_ok(integer, bytea), fieldbook.check_vault(bigint, text), fieldbook.register_device(text, text, text, text), \
             fieldbook.start_vault(text, bytea, bytea), fieldbook.devices(), fieldbook.device_keys(text), \
             fieldbook.approve_device(text, integer, bytea, bytea, text), fieldbook.put_secrets(text, jsonb), \
             fieldbook.pull_secrets(text, bigint, integer), fieldbook.secret_values_of(text, uuid[]), \
             fieldbook.device_reads(text), fieldbook.rotation_needed(), \
             fieldbook.add_recovery_kit(text, text, text, text, text, integer, bytea, bytea), fieldbook.kit_key(text), \
             fieldbook.recover_with_kit(text, text, jsonb), \
             fieldbook.admin_device_ok(text), fieldbook.remove_device(text, text), fieldbook.start_rotation(text, jsonb, bytea), \
             fieldbook.secrets_to_reseal(text, integer, uuid, integer), fieldbook.secret_live(uuid), \
             fieldbook.reseal_secrets(text, integer, jsonb), \
             fieldbook.finish_rotation(text, integer) TO \"{login}\"{grant_option}"
        ),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *tx).await.map_err(run)?;
    }
    tx.commit().await?;
    Ok(password)
}

/// Disables a member's login (kept, so what they pushed stays attributed); their next call is
/// refused with a sentence.
pub async fn remove_member(pool: &PgPool, login: &str) -> Result<()> {
    let login = checked_login(login)?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
        .bind(&login)
        .fetch_one(pool)
        .await?;
    if !exists {
        return Err(Error::invalid(
            "login",
            msg("The server has no login called {login}.", &[("login", &login)]),
        ));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("ALTER ROLE \"{login}\" NOLOGIN"))).execute(pool).await.map_err(
        |e| match &e {
            sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => Error::Forbidden(msg(
                "Only the team server's admin, or a team member added as admin, can remove members.",
                &[],
            )),
            _ => Error::Db(e),
        },
    )?;
    Ok(())
}

/// PostgreSQL's SCRAM-SHA-256 verifier for `password` (RFC 5802/7677; what `\\password` in psql
/// sends): `SCRAM-SHA-256$4096:salt$StoredKey:ServerKey`.
fn scram_verifier(password: &str) -> String {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    type H = Hmac<Sha256>;
    const ITERATIONS: u32 = 4096;
    let hmac = |key: &[u8], data: &[u8]| -> [u8; 32] {
        let mut mac = H::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    };
    let salt = *uuid::Uuid::new_v4().as_bytes();
    // PBKDF2-HMAC-SHA-256, one block (the output is one hash long).
    let mut block = salt.to_vec();
    block.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac(password.as_bytes(), &block);
    let mut salted = u;
    for _ in 1..ITERATIONS {
        u = hmac(password.as_bytes(), &u);
        for (s, x) in salted.iter_mut().zip(u) {
            *s ^= x;
        }
    }
    let client_key = hmac(&salted, b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted, b"Server Key");
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("SCRAM-SHA-256${ITERATIONS}:{}${}:{}", b64(&salt), b64(&stored_key), b64(&server_key))
}

/// The login made from a staff member's name: "Ann Lee" → ann_lee (letters and digits kept,
/// accents dropped, the rest an underscore; starting with a letter).
pub fn login_for(name: &str) -> String {
    let mut login = String::new();
    for c in name.trim().to_lowercase().chars() {
        let c = match c {
            'a'..='z' | '0'..='9' => c,
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            _ => '_',
        };
        if !(c == '_' && (login.is_empty() || login.ends_with('_'))) {
            login.push(c);
        }
    }
    let login = login.trim_end_matches('_').to_owned();
    let login =
        if login.starts_with(|c: char| c.is_ascii_lowercase()) { login } else { format!("m_{login}") };
    login.chars().take(63).collect()
}

/// A login name: lower-case letters, digits and underscores, starting with a letter, at most 63.
fn checked_login(login: &str) -> Result<String> {
    let login = login.trim().to_lowercase();
    let ok = login.len() <= 63
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(Error::invalid(
            "login",
            msg(
                "A login is letters, digits and underscores, starting with a letter (at most 63), e.g. ann_lee.",
                &[],
            ),
        ));
    }
    Ok(login)
}

/// A sentence for a failure to reach or log in to the server; details go to the log.
fn server_error(error: sqlx::Error, where_to: &str) -> Error {
    log::warn!("team server {where_to}: {error}");
    let message = match &error {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("28P01") => {
            msg("The team server refused the user name or password.", &[])
        }
        sqlx::Error::Database(d) if d.code().as_deref() == Some("28000") => msg(
            "The team server does not let this login in (was it removed from the team?). Changes made on this \
                 machine stay here; `fieldbook-cli team outbox --out FILE` writes them to a file.",
            &[],
        ),
        sqlx::Error::Database(d) if d.code().as_deref() == Some("3D000") => {
            msg("The team server has no database of that name.", &[])
        }
        // rustls reports a certificate it does not trust as an I/O error.
        sqlx::Error::Io(e)
            if ["certificate", "tls", "handshake", "ssl"]
                .iter()
                .any(|w| e.to_string().to_lowercase().contains(w)) =>
        {
            msg(
                "A secure connection to {where_to} could not be made: the server's certificate is not signed by the \
                 CA file chosen, or not made for that address (TLS).",
                &[("where_to", where_to)],
            )
        }
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => msg(
            "The team server at {where_to} does not answer; check the address and the network.",
            &[("where_to", where_to)],
        ),
        sqlx::Error::Tls(_) => {
            msg("A secure connection to {where_to} could not be made (TLS).", &[("where_to", where_to)])
        }
        _ => msg("The team server at {where_to} could not be reached.", &[("where_to", where_to)]),
    };
    Error::invalid("url", message)
}

#[cfg(test)]
mod tests {
    #[test]
    fn logins_are_made_from_names() {
        assert_eq!(super::login_for("Ann Lee"), "ann_lee");
        assert_eq!(super::login_for("  José Núñez-García "), "jose_nunez_garcia");
        assert_eq!(super::login_for("42 Crew"), "m_42_crew");
    }

    #[test]
    fn a_stored_address_never_holds_the_password() {
        use super::without_password as w;
        assert_eq!(
            w("postgres://ann:s3cret@db.example:5432/team?sslmode=require"),
            "postgres://ann@db.example:5432/team?sslmode=require"
        );
        assert_eq!(w("postgres://ann@db/team"), "postgres://ann@db/team");
        assert_eq!(w("postgres://db/team"), "postgres://db/team");
    }
}
