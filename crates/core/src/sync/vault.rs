//! Shared credentials (issue "Shared credentials"): the team's passwords travel end-to-end
//! encrypted, the OS keyring stays the only place one is stored in clear on a machine.
//!
//! - **Device identity**: each machine in a team has an age X25519 key pair; the private key
//!   lives in the OS keyring (`team-device:<device>`, a few dozen bytes), the public key and a
//!   short fingerprint are registered with the server (`fieldbook.devices`).
//! - **Vault key**: 32 random bytes per key version, stored on the server once per approved
//!   device, wrapped to its public key. The first admin's machine starts the vault; an admin
//!   approves another machine after comparing its fingerprint, by wrapping the key for it. Until
//!   then that machine syncs everything but passwords, and says why.
//! - **Values**: sealed with XChaCha20-Poly1305 under the vault key, bound to the data set, the
//!   secret, its system and field and the key version (associated data): the server cannot move a
//!   value to another record or hand out an old one as new. A new password is a new secret (its
//!   own id), so a sealed value never changes.
//!
//! One step of each sync round ([`step`]), after the records: register, start the vault,
//! fetch sealed values into the keyring, send those saved here (`vault_outbox`). Its failures
//! are kept for the status and do not fail the round (records still sync).

use std::collections::HashMap;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgPool;
use ts_rs::TS;

use super::replica;
use super::values::hex;
use crate::db::Db;
use crate::messages::msg;
use crate::secrets::{SecretError, SecretStore};
use crate::{Core, Error, Result, SecretId};

/// Sealed values per call, either way.
const BATCH: usize = 200;

/// The vault's state for this machine, as the last round saw it (`sync_state` key `vault`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VaultStatus {
    /// "none" (not registered yet), "waiting" (for an admin's approval), "approved" or
    /// "removed".
    pub state: String,
    /// This machine's fingerprint, to compare with the one an admin sees.
    pub fingerprint: Option<String>,
    /// Whether this machine's login is an admin's (may approve machines).
    pub admin: bool,
    /// Machines waiting for an admin's approval.
    pub waiting: u32,
    /// Why passwords did not travel in the last round (the keyring locked, a value that could
    /// not be opened, …).
    pub error: Option<String>,
}

/// A machine of the team, as Settings → Team and `team devices` list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamDevice {
    pub device: String,
    /// The server login it syncs with.
    pub login: String,
    /// The machine's name (its host name when it registered).
    pub name: String,
    pub fingerprint: String,
    pub registered_at: String,
    /// The admin login that approved it, and when.
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub removed_at: Option<String>,
    /// Whether it holds the current key (reads the team's passwords).
    pub has_key: bool,
    /// "machine", or "recovery" (a printed recovery kit).
    pub kind: String,
    /// This machine.
    pub this_machine: bool,
}

/// What the server's idle check says about the vault for this machine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VaultCheck {
    pub secrets_newest: i64,
    pub device_state: String,
    pub key_version: Option<i32>,
    pub has_key: bool,
    pub waiting: u32,
    pub admin: bool,
    /// The key version a rotation (after a machine was removed) is moving to.
    pub rotating_to: Option<i32>,
    /// A removed machine holds the current key and no rotation runs: an admin's machine starts one.
    pub rotation_needed: bool,
}

/// This machine's name (its host name), for the team's list of machines and the password audit.
pub(crate) fn machine_name() -> String {
    let name: String = gethostname::gethostname().to_string_lossy().trim().chars().take(200).collect();
    // Kept with the machine on the server and in the password audit: in the language of the day.
    if name.is_empty() { msg("this machine", &[]) } else { name }
}

/// The short fingerprint of a public key, shown on both machines when one is approved: the
/// first 80 bits of its SHA-256, as five groups of four hex digits.
pub fn fingerprint(recipient: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(recipient.as_bytes());
    hash[..10].chunks(2).map(|pair| format!("{:02X}{:02X}", pair[0], pair[1])).collect::<Vec<_>>().join("-")
}

/// The associated data a value is sealed with: it only opens for this data set, secret, system,
/// field and key version.
pub fn bound_to(
    data_set: &str,
    secret: SecretId,
    system: uuid::Uuid,
    field: uuid::Uuid,
    version: i32,
) -> Vec<u8> {
    format!("fieldbook-secret-v1\0{data_set}\0{}\0{system}\0{field}\0{version}", secret.uuid()).into_bytes()
}

/// Seals `value` under `key`: (nonce, ciphertext with its tag).
pub fn seal(key: &[u8; 32], aad: &[u8], value: &str) -> Result<([u8; 24], Vec<u8>)> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = cipher
        .encrypt(&nonce, Payload { msg: value.as_bytes(), aad })
        .map_err(|_| Error::invalid("secrets", msg("A password could not be encrypted.", &[])))?;
    Ok((nonce.into(), sealed))
}

/// Opens a sealed value; `None` when it was changed or sealed for something else.
pub fn open(key: &[u8; 32], aad: &[u8], nonce: &[u8], sealed: &[u8]) -> Option<String> {
    let nonce: [u8; 24] = nonce.try_into().ok()?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let plain = cipher.decrypt(&XNonce::from(nonce), Payload { msg: sealed, aad }).ok()?;
    String::from_utf8(plain).ok()
}

/// A key version's check value: shows that a machine passing a key on holds the team's key.
pub(super) fn key_check(key: &[u8; 32]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"fieldbook-key-check-v1");
    mac.finalize().into_bytes().to_vec()
}

/// The vault key wrapped to a device's public key.
pub(super) fn wrap(recipient: &str, key: &[u8; 32]) -> Result<Vec<u8>> {
    let recipient: age::x25519::Recipient = recipient
        .parse()
        .map_err(|_| Error::invalid("device", msg("That machine's public key is not readable.", &[])))?;
    age::encrypt(&recipient, key)
        .map_err(|_| Error::invalid("device", msg("The team's key could not be wrapped.", &[])))
}

/// A wrapped vault key opened with this machine's private key.
pub(super) fn unwrap(identity: &age::x25519::Identity, wrapped: &[u8]) -> Option<[u8; 32]> {
    age::decrypt(identity, wrapped).ok()?.try_into().ok()
}

/// The keyring entry of this machine's private key in the team (per device id).
fn identity_entry(device: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(crate::secrets::SERVICE, &format!("team-device:{device}"))
        .map_err(|e| identity_error(crate::secrets::map_error(e)))
}

fn identity_error(e: SecretError) -> Error {
    Error::Keyring { field: "device", message: e.to_string() }
}

/// This machine's key pair from the keyring; with `create`, a new one is made and stored when
/// there is none.
pub(super) async fn identity(device: &str, create: bool) -> Result<Option<age::x25519::Identity>> {
    let device = device.to_owned();
    tokio::task::spawn_blocking(move || {
        use age::secrecy::ExposeSecret;
        let entry = identity_entry(&device)?;
        match entry.get_password() {
            Ok(text) => text.parse::<age::x25519::Identity>().map(Some).map_err(|_| Error::Keyring {
                field: "device",
                message: msg(
                    "This machine's team key in the system keyring is damaged; leave the team and join \
                     again.",
                    &[],
                ),
            }),
            Err(keyring::Error::NoEntry) if create => {
                let identity = age::x25519::Identity::generate();
                entry
                    .set_password(identity.to_string().expose_secret())
                    .map_err(|e| identity_error(crate::secrets::map_error(e)))?;
                Ok(Some(identity))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(identity_error(crate::secrets::map_error(e))),
        }
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))?
}

/// Removes this machine's key pair from the keyring (leaving the team).
pub(super) async fn forget_identity(device: &str) {
    let device = device.to_owned();
    let _ = tokio::task::spawn_blocking(move || identity_entry(&device).map(|e| e.delete_credential())).await;
}

/// The status the last round saw.
pub async fn status(db: &Db) -> Result<VaultStatus> {
    Ok(replica::state(db, "vault")
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| VaultStatus { state: "none".into(), ..VaultStatus::default() }))
}

/// Why a secret of the team is not in this machine's keyring, as a sentence for its label.
pub(crate) async fn why_missing(db: &Db, id: SecretId, label: &str) -> Result<String> {
    let failed: Option<String> = sqlx::query_scalar("SELECT reason FROM vault_failed WHERE secret_id = ?")
        .bind(id)
        .fetch_optional(db.reader())
        .await?;
    if let Some(reason) = failed {
        // `reason` was written in the language of the round that failed (see `store`).
        return Ok(msg(
            "{label}: the team's copy of this password could not be opened here ({reason}). Enter it again \
             to save it anew.",
            &[("label", label), ("reason", &reason)],
        ));
    }
    let status = status(db).await?;
    Ok(match (status.state.as_str(), status.fingerprint) {
        ("approved", _) => msg(
            "{label}: this password was saved on another machine of the team and has not reached this one \
             yet; sync, then try again.",
            &[("label", label)],
        ),
        ("removed", _) => msg(
            "{label}: this password was saved on another machine of the team, and this machine no longer \
             receives the team's passwords (it was removed).",
            &[("label", label)],
        ),
        (_, Some(fingerprint)) => msg(
            "{label}: this password was saved on another machine of the team. Passwords reach this machine \
             once an admin approves it: Settings → Team shows its fingerprint ({fingerprint}).",
            &[("label", label), ("fingerprint", &fingerprint)],
        ),
        (_, None) => msg(
            "{label}: this password was saved on another machine of the team. Passwords reach this machine \
             once an admin approves it: Settings → Team shows its fingerprint.",
            &[("label", label)],
        ),
    })
}

async fn save_status(core: &Core, status: &VaultStatus) -> Result<()> {
    let json = serde_json::to_string(status).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    if replica::state(core.db(), "vault").await?.as_deref() != Some(json.as_str()) {
        replica::set_state(core.db(), &[("vault", Some(json))]).await?;
    }
    Ok(())
}

/// Whether a round has nothing to do for the vault (so an idle round stays one call).
pub(super) async fn idle(core: &Core, check: &VaultCheck) -> Result<bool> {
    let db = core.db();
    let seen = status(db).await?;
    let changed = seen.state != check.device_state
        || seen.waiting != check.waiting
        || seen.admin != check.admin
        || seen.error.is_some();
    if changed {
        return Ok(false);
    }
    if (check.rotating_to.is_some() || check.rotation_needed) && check.admin {
        return Ok(false);
    }
    // A key pair gone from the keyring is registered anew by the step (a keyring that cannot be
    // read: the step says why).
    if matches!(check.device_state.as_str(), "waiting" | "approved") {
        let device = replica::state(db, "device").await?.unwrap_or_default();
        if !matches!(identity(&device, false).await, Ok(Some(_))) {
            return Ok(false);
        }
    }
    match check.device_state.as_str() {
        "waiting" | "removed" => Ok(true),
        "approved" if check.has_key => {
            let cursor: i64 =
                replica::state(db, "secrets_cursor").await?.and_then(|c| c.parse().ok()).unwrap_or(0);
            let waiting: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM vault_outbox) OR EXISTS (SELECT 1 FROM vault_pending)",
            )
            .fetch_one(db.reader())
            .await?;
            Ok(cursor == check.secrets_newest && !waiting)
        }
        _ => Ok(false),
    }
}

/// What a vault step moved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VaultReport {
    pub sent: u32,
    pub received: u32,
}

/// The vault's part of a sync round. Its failure is kept in the status (and logged) rather than
/// failing the round.
pub(super) async fn step(core: &Core, pool: &PgPool, check: &VaultCheck) -> VaultReport {
    match run(core, pool, check).await {
        Ok((report, mut status)) => {
            status.error = None;
            if let Err(e) = save_status(core, &status).await {
                log::warn!("vault: status not saved: {e}");
            }
            report
        }
        Err(e) => {
            log::warn!("vault: {e}");
            let mut status = status(core.db()).await.unwrap_or_default();
            status.error = Some(e.to_string());
            if let Err(e) = save_status(core, &status).await {
                log::warn!("vault: status not saved: {e}");
            }
            VaultReport::default()
        }
    }
}

async fn run(core: &Core, pool: &PgPool, check: &VaultCheck) -> Result<(VaultReport, VaultStatus)> {
    let db = core.db();
    let device = replica::state(db, "device").await?.unwrap_or_default();
    let data_set = replica::state(db, "data_set_id").await?.unwrap_or_default();
    let mut state = check.device_state.clone();
    let identity =
        identity(&device, true).await?.ok_or_else(|| Error::invalid("device", msg("No key", &[])))?;
    let recipient = identity.to_public().to_string();
    let mut status = VaultStatus {
        state: state.clone(),
        fingerprint: Some(fingerprint(&recipient)),
        admin: check.admin,
        waiting: check.waiting,
        error: None,
    };
    // A machine of the team whose key pair is gone from the keyring (a new one was made above, or
    // an earlier registration of it did not go through) registers the one it has: the server
    // retires the old key and the machine waits for an admin again.
    let lost = if matches!(state.as_str(), "waiting" | "approved") {
        let registered: Option<String> =
            sqlx::query_scalar("SELECT recipient FROM fieldbook.devices() WHERE device = $1")
                .bind(&device)
                .fetch_optional(pool)
                .await
                .map_err(call_error)?;
        registered.is_some_and(|r| r != recipient)
    } else {
        false
    };
    if state == "none" || lost {
        if state != "none" {
            log::warn!(
                "vault: this machine's key pair was missing from the system keyring; registering a new one"
            );
            let mut tx = db.begin_write().await?;
            sqlx::query("DELETE FROM sync_state WHERE key = 'secrets_cursor'").execute(&mut *tx).await?;
            sqlx::query("DELETE FROM vault_failed").execute(&mut *tx).await?;
            tx.commit().await?;
        }
        let name = machine_name();
        state = sqlx::query_scalar("SELECT fieldbook.register_device($1, $2, $3, $4)")
            .bind(&device)
            .bind(&name)
            .bind(&recipient)
            .bind(fingerprint(&recipient))
            .fetch_one(pool)
            .await
            .map_err(call_error)?;
        log::info!("vault: this machine registered ({state})");
    }
    let mut has_key = check.has_key;
    if check.key_version.is_none() && check.admin && state != "removed" {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let key: [u8; 32] = key.into();
        let started: i32 = sqlx::query_scalar("SELECT fieldbook.start_vault($1, $2, $3)")
            .bind(&device)
            .bind(wrap(&recipient, &key)?)
            .bind(key_check(&key))
            .fetch_one(pool)
            .await
            .map_err(call_error)?;
        if started == 1 {
            log::info!("vault: started the team's password vault on this machine");
            state = "approved".into();
            has_key = true;
        }
    }
    status.state = state.clone();
    if state != "approved" || !has_key {
        return Ok((VaultReport::default(), status));
    }
    let keys = my_keys(pool, &device, &identity).await?;
    let mut current = check.key_version.unwrap_or(1);
    if !keys.contains_key(&current) {
        return Err(Error::invalid(
            "device",
            msg(
                "The team's key given to this machine cannot be opened with its key pair; ask an admin to \
                 approve this machine again.",
                &[],
            ),
        ));
    }
    // A key change a removal needs (not started, given up, or left unfinished by a machine that
    // stopped) is done by the next admin's machine that syncs. If it cannot end yet, passwords
    // still travel (under the new key) and the status says why.
    let mut keys = keys;
    let mut rotation_error = None;
    if check.admin && (check.rotating_to.is_some() || check.rotation_needed) {
        match super::rotation::rotate(
            core,
            pool,
            &device,
            &data_set,
            &identity,
            &mut keys,
            check.rotating_to,
            None,
        )
        .await
        {
            Ok((version, _)) => current = version,
            Err(e) => rotation_error = Some(e),
        }
    }
    // While a key change runs, new values are sealed under the new key.
    let pending =
        sqlx::query_scalar::<_, Option<i32>>("SELECT rotating_to FROM fieldbook.check_vault(0, $1)")
            .bind(&device)
            .fetch_one(pool)
            .await
            .map_err(call_error)?;
    let seal_under = pending.filter(|v| keys.contains_key(v)).unwrap_or(current);
    // Once approved, every secret saved here before is to be sent too.
    if replica::state(db, "vault_seeded").await?.is_none() {
        let mut tx = db.begin_write().await?;
        sqlx::query(
            "INSERT INTO vault_outbox (secret_id) SELECT id FROM secrets WHERE true ON CONFLICT DO NOTHING",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO sync_state (key, value) VALUES ('vault_seeded', '1') ON CONFLICT (key) DO NOTHING",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    let mut report = VaultReport::default();
    report.received += fetch(core, pool, &device, &data_set, &keys, check.secrets_newest).await?;
    if let Some(key) = keys.get(&seal_under) {
        report.sent += send(core, pool, &device, &data_set, seal_under, key).await?;
    }
    if let Some(e) = rotation_error {
        return Err(e);
    }
    Ok((report, status))
}

/// A sealed value as pulled: number, secret, key version, nonce, ciphertext, whether its secret
/// is live.
type SealedRow = (i64, uuid::Uuid, i32, Vec<u8>, Vec<u8>, bool);

/// Fetches sealed values after this machine's cursor (and those that waited for their row),
/// opens them and stores them in the keyring.
async fn fetch(
    core: &Core,
    pool: &PgPool,
    device: &str,
    data_set: &str,
    keys: &HashMap<i32, [u8; 32]>,
    newest: i64,
) -> Result<u32> {
    let db = core.db();
    let mut received = 0;
    let pending: Vec<SecretId> =
        sqlx::query_scalar("SELECT secret_id FROM vault_pending").fetch_all(db.reader()).await?;
    if !pending.is_empty() {
        let ids: Vec<uuid::Uuid> = pending.iter().map(|id| id.uuid()).collect();
        let rows: Vec<SealedRow> = sqlx::query_as(
            "SELECT seq, secret, version, nonce, sealed, live FROM fieldbook.secret_values_of($1, $2)",
        )
        .bind(device)
        .bind(&ids)
        .fetch_all(pool)
        .await
        .map_err(call_error)?;
        // Those the server no longer holds, or holds for a deleted secret, wait no more.
        let gone: Vec<SecretId> =
            pending.iter().filter(|id| !rows.iter().any(|r| r.1 == id.uuid() && r.5)).copied().collect();
        let mut tx = db.begin_write().await?;
        for id in &gone {
            sqlx::query("DELETE FROM vault_pending WHERE secret_id = ?").bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        received += store(core, data_set, keys, rows, None).await?.0;
    }
    loop {
        let cursor: i64 =
            replica::state(db, "secrets_cursor").await?.and_then(|c| c.parse().ok()).unwrap_or(0);
        let rows: Vec<SealedRow> = sqlx::query_as(
            "SELECT seq, secret, version, nonce, sealed, live FROM fieldbook.pull_secrets($1, $2, $3)",
        )
        .bind(device)
        .bind(cursor)
        .bind(BATCH as i32)
        .fetch_all(pool)
        .await
        .map_err(call_error)?;
        let Some(last) = rows.last().map(|r| r.0) else {
            // Numbers given out to nothing (a re-seal that changed no row): caught up all the same.
            if cursor < newest {
                replica::set_state(db, &[("secrets_cursor", Some(newest.to_string()))]).await?;
            }
            break;
        };
        let full = rows.len() >= BATCH;
        let (stored, complete) = store(core, data_set, keys, rows, Some(last)).await?;
        received += stored;
        if !full || !complete {
            break;
        }
    }
    Ok(received)
}

/// Opens `rows` and writes their values to the keyring; rows whose secret is not here yet wait
/// in `vault_pending`, values that do not open go to `vault_failed`, values of deleted secrets
/// are passed over. Moves the cursor in the same transaction: to `cursor`, or, when a value is
/// under a key version this machine has not fetched yet (a key change began meanwhile), to just
/// before it, and says so (false): the next round fetches the keys again.
async fn store(
    core: &Core,
    data_set: &str,
    keys: &HashMap<i32, [u8; 32]>,
    rows: Vec<SealedRow>,
    cursor: Option<i64>,
) -> Result<(u32, bool)> {
    let db = core.db();
    let mut opened: Vec<(SecretId, String)> = Vec::new();
    let mut waiting: Vec<SecretId> = Vec::new();
    let mut failed: Vec<(SecretId, String)> = Vec::new();
    let mut cursor = cursor;
    let mut complete = true;
    let mut previous = None;
    for (seq, secret, version, nonce, sealed, live) in rows {
        let id = SecretId::from_uuid(secret);
        if !keys.contains_key(&version) {
            cursor = cursor.and(previous);
            complete = false;
            break;
        }
        previous = Some(seq);
        if !live {
            continue;
        }
        let row: Option<(uuid::Uuid, uuid::Uuid)> =
            sqlx::query_as("SELECT system_id, field_id FROM secrets WHERE id = ?")
                .bind(id)
                .fetch_optional(db.reader())
                .await?;
        let Some((system, field)) = row else {
            waiting.push(id);
            continue;
        };
        let Some(key) = keys.get(&version) else { continue };
        match open(key, &bound_to(data_set, id, system, field, version), &nonce, &sealed) {
            Some(value) => opened.push((id, value)),
            None => {
                // Kept in `vault_failed` and shown later in a sentence (`why_missing`).
                let why = msg("its sealed value on the team server does not open (it was changed)", &[]);
                failed.push((id, why));
            }
        }
    }
    let ids: Vec<SecretId> = opened.iter().map(|(id, _)| *id).collect();
    crate::secrets::note_pending(db, &ids).await?;
    let store: std::sync::Arc<dyn SecretStore> = std::sync::Arc::clone(core.secret_store());
    // A value the keyring holds already (saved here, or re-sealed by a key change) is not
    // written again: a write costs far more than a read (GNOME Keyring rewrites its file).
    crate::secrets::blocking(&store, move |store| {
        for (id, value) in &opened {
            match store.get(*id) {
                Ok(held) if held == *value => {}
                _ => store.set(*id, value)?,
            }
        }
        Ok(())
    })
    .await
    .map_err(|e| Error::Keyring { field: "secrets", message: e.to_string() })?;
    let mut tx = db.begin_write().await?;
    crate::secrets::settle(&mut tx, &ids).await?;
    for id in &ids {
        for sql in [
            "DELETE FROM vault_pending WHERE secret_id = ?",
            "DELETE FROM vault_failed WHERE secret_id = ?",
            "DELETE FROM vault_outbox WHERE secret_id = ?",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
    }
    for id in &waiting {
        sqlx::query("INSERT INTO vault_pending (secret_id) VALUES (?) ON CONFLICT DO NOTHING")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for (id, why) in &failed {
        log::warn!("vault: secret {} not opened: {why}", id.uuid());
        sqlx::query("DELETE FROM vault_pending WHERE secret_id = ?").bind(id).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO vault_failed (secret_id, reason) VALUES (?, ?)
             ON CONFLICT (secret_id) DO UPDATE SET reason = excluded.reason",
        )
        .bind(id)
        .bind(why)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(cursor) = cursor {
        sqlx::query(
            "INSERT INTO sync_state (key, value) VALUES ('secrets_cursor', ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(cursor.to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((ids.len() as u32, complete))
}

/// Seals the values saved here (`vault_outbox`) and sends them. A value no longer in this
/// machine's keyring (it was saved elsewhere, or replaced) is not sent from here.
async fn send(
    core: &Core,
    pool: &PgPool,
    device: &str,
    data_set: &str,
    version: i32,
    key: &[u8; 32],
) -> Result<u32> {
    let db = core.db();
    let mut sent = 0;
    loop {
        let rows: Vec<(SecretId, Option<uuid::Uuid>, Option<uuid::Uuid>)> = sqlx::query_as(
            "SELECT o.secret_id, s.system_id, s.field_id FROM vault_outbox o
             LEFT JOIN secrets s ON s.id = o.secret_id ORDER BY o.secret_id LIMIT ?",
        )
        .bind(BATCH as i64)
        .fetch_all(db.reader())
        .await?;
        if rows.is_empty() {
            return Ok(sent);
        }
        let ids: Vec<SecretId> = rows.iter().map(|r| r.0).collect();
        let store: std::sync::Arc<dyn SecretStore> = std::sync::Arc::clone(core.secret_store());
        let wanted = ids.clone();
        let values: Vec<Option<String>> = crate::secrets::blocking(&store, move |store| {
            wanted
                .iter()
                .map(|id| match store.get(*id) {
                    Ok(value) => Ok(Some(value)),
                    Err(SecretError::Missing) => Ok(None),
                    Err(e) => Err(e),
                })
                .collect()
        })
        .await
        .map_err(|e| Error::Keyring { field: "secrets", message: e.to_string() })?;
        let mut batch = Vec::new();
        for ((id, system, field), value) in rows.iter().zip(values) {
            let (Some(system), Some(field), Some(value)) = (system, field, value) else { continue };
            let (nonce, sealed) = seal(key, &bound_to(data_set, *id, *system, *field, version), &value)?;
            batch.push(serde_json::json!({
                "secret": id.uuid(),
                "version": version,
                "nonce": hex(&nonce),
                "sealed": hex(&sealed),
            }));
        }
        if !batch.is_empty() {
            let stored: i32 = sqlx::query_scalar("SELECT fieldbook.put_secrets($1, $2)")
                .bind(device)
                .bind(serde_json::Value::Array(batch))
                .fetch_one(pool)
                .await
                .map_err(call_error)?;
            sent += stored as u32;
        }
        let mut tx = db.begin_write().await?;
        for id in &ids {
            sqlx::query("DELETE FROM vault_outbox WHERE secret_id = ?").bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
}

/// The machines of the team.
pub async fn devices(core: &Core, pool: &PgPool) -> Result<Vec<TeamDevice>> {
    let me = replica::state(core.db(), "device").await?.unwrap_or_default();
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT device, login, name, recipient, fingerprint, registered_at::text, approved_by, approved_at::text,
                removed_by, removed_at::text, has_key, kind FROM fieldbook.devices()",
    )
    .fetch_all(pool)
    .await
    .map_err(call_error)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                device,
                login,
                name,
                _,
                fingerprint,
                registered_at,
                approved_by,
                approved_at,
                _,
                removed_at,
                has_key,
                kind,
            )| {
                TeamDevice {
                    this_machine: device == me,
                    device,
                    login,
                    name,
                    fingerprint,
                    registered_at,
                    approved_by,
                    approved_at,
                    removed_at,
                    has_key,
                    kind,
                }
            },
        )
        .collect())
}

/// The keys this machine was given (every version it holds), opened with its key pair.
pub(super) async fn my_keys(
    pool: &PgPool,
    device: &str,
    identity: &age::x25519::Identity,
) -> Result<HashMap<i32, [u8; 32]>> {
    let wrapped: Vec<(i32, Vec<u8>)> =
        sqlx::query_as("SELECT version, wrapped FROM fieldbook.device_keys($1)")
            .bind(device)
            .fetch_all(pool)
            .await
            .map_err(call_error)?;
    Ok(wrapped.iter().filter_map(|(v, w)| unwrap(identity, w).map(|k| (*v, k))).collect())
}

/// A machine of the team by its fingerprint or device id.
pub(super) async fn find_device(core: &Core, pool: &PgPool, which: &str) -> Result<TeamDevice> {
    let wanted = which.trim().to_uppercase();
    devices(core, pool)
        .await?
        .into_iter()
        .find(|d| d.device.to_uppercase() == wanted || d.fingerprint == wanted)
        .ok_or_else(|| Error::invalid("device", msg("The team has no machine {which}.", &[("which", which)])))
}

/// Approves a waiting machine (an admin, on a machine of theirs that reads the team's
/// passwords): the current key is wrapped for the machine's public key. `which` is its device
/// id or its fingerprint.
pub async fn approve(core: &Core, pool: &PgPool, which: &str) -> Result<TeamDevice> {
    let db = core.db();
    let device = replica::state(db, "device").await?.unwrap_or_default();
    let target = find_device(core, pool, which).await?;
    let recipient: String = sqlx::query_scalar("SELECT recipient FROM fieldbook.devices() WHERE device = $1")
        .bind(&target.device)
        .fetch_one(pool)
        .await
        .map_err(call_error)?;
    if fingerprint(&recipient) != target.fingerprint {
        return Err(Error::invalid(
            "device",
            msg("That machine's public key does not match its fingerprint; do not approve it.", &[]),
        ));
    }
    let identity = identity(&device, false).await?.ok_or_else(|| {
        Error::invalid("device", msg("This machine has no team key yet; sync once, then approve.", &[]))
    })?;
    let Some((version, key)) = my_keys(pool, &device, &identity).await?.into_iter().max_by_key(|(v, _)| *v)
    else {
        return Err(Error::Forbidden(msg(
            "This machine cannot read the team's passwords itself, so it cannot pass them on; approve from \
             an admin's machine that can.",
            &[],
        )));
    };
    sqlx::query("SELECT fieldbook.approve_device($1, $2, $3, $4, $5)")
        .bind(&target.device)
        .bind(version)
        .bind(wrap(&recipient, &key)?)
        .bind(key_check(&key))
        .bind(&recipient)
        .execute(pool)
        .await
        .map_err(call_error)?;
    devices(core, pool)
        .await?
        .into_iter()
        .find(|d| d.device == target.device)
        .ok_or_else(|| Error::invalid("device", msg("The machine is gone from the team.", &[])))
}

/// A server function's refusal as a sentence (its message is ours, never a value).
pub(super) fn call_error(e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("42501") => {
            Error::Forbidden(server_sentence(d.message()))
        }
        sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("22000" | "40001")) => {
            Error::invalid("device", server_sentence(d.message()))
        }
        _ => super::server::call_error(e),
    }
}

/// A refusal of the server's functions (`server-migrations/`, written in English there) in the
/// language in use; one this Fieldbook does not know (a newer server's) as the server wrote it.
fn server_sentence(message: &str) -> String {
    match message {
        "this machine's id is registered with another login or key" => {
            msg("This machine's id is registered with another login or key.", &[])
        }
        "this machine's id is registered with another login" => {
            msg("This machine's id is registered with another login.", &[])
        }
        "a recovery kit keeps its key" => msg("A recovery kit keeps its key.", &[]),
        "only an admin's machine can start the team's password vault" => {
            msg("Only an admin's machine can start the team's password vault.", &[])
        }
        "this machine is not registered with the team server" => {
            msg("This machine is not registered with the team server.", &[])
        }
        "only an admin can approve a machine" => msg("Only an admin can approve a machine.", &[]),
        "approve from a machine of yours that can read the team's passwords" => {
            msg("Approve from a machine of yours that can read the team's passwords.", &[])
        }
        "no such machine" => msg("No such machine.", &[]),
        "that machine was removed from the team" => msg("That machine was removed from the team.", &[]),
        "that machine registered a new key meanwhile; compare its fingerprint again" => {
            msg("That machine registered a new key meanwhile; compare its fingerprint again.", &[])
        }
        "the team's key is being changed (a machine was removed); approve again once that is done" => msg(
            "The team's key is being changed (a machine was removed); approve again once that is done.",
            &[],
        ),
        "the team's key changed meanwhile; approve again" => {
            msg("The team's key changed meanwhile; approve again.", &[])
        }
        "the key this machine holds is not the team's" => {
            msg("The key this machine holds is not the team's.", &[])
        }
        "this machine is not approved to share passwords" => {
            msg("This machine is not approved to share passwords.", &[])
        }
        "the team's key is about to change (a machine was removed)" => {
            msg("The team's key is about to change (a machine was removed).", &[])
        }
        "the team's key changed meanwhile" => msg("The team's key changed meanwhile.", &[]),
        "this machine is not approved to read the team's passwords" => {
            msg("This machine is not approved to read the team's passwords.", &[])
        }
        "only an admin can remove a machine, from a machine of theirs that reads the team's passwords" => {
            msg(
                "Only an admin can remove a machine, from a machine of theirs that reads the team's \
                 passwords.",
                &[],
            )
        }
        "a machine cannot remove itself; remove it from another admin's machine" => {
            msg("A machine cannot remove itself; remove it from another admin's machine.", &[])
        }
        "only an admin can change the team's key" => msg("Only an admin can change the team's key.", &[]),
        "a machine was approved meanwhile; start again" => {
            msg("A machine was approved meanwhile; start again.", &[])
        }
        "no change of the team's key is under way" => msg("No change of the team's key is under way.", &[]),
        "only an admin can print a recovery kit, from a machine of theirs that reads the team's passwords" => {
            msg(
                "Only an admin can print a recovery kit, from a machine of theirs that reads the team's \
                 passwords.",
                &[],
            )
        }
        "the team's key is being changed; print the kit once that is done" => {
            msg("The team's key is being changed; print the kit once that is done.", &[])
        }
        "only an admin can restore with a recovery kit" => {
            msg("Only an admin can restore with a recovery kit.", &[])
        }
        "that recovery kit is not the team's (or it was withdrawn)" => {
            msg("That recovery kit is not the team's (or it was withdrawn).", &[])
        }
        "the team's key changed meanwhile; try again" => {
            msg("The team's key changed meanwhile; try again.", &[])
        }
        "the key this recovery kit opened is not the team's" => {
            msg("The key this recovery kit opened is not the team's.", &[])
        }
        other => capitalised(other),
    }
}

fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_where_it_was_bound() {
        let key = [7u8; 32];
        let secret = SecretId::from_uuid(uuid::Uuid::now_v7());
        let (system, field) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        let aad = bound_to("set", secret, system, field, 1);
        let (nonce, sealed) = seal(&key, &aad, "hunter2").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(open(&key, &aad, &nonce, &sealed).as_deref(), Some("hunter2"));
        // Another record, field, version, data set or key: nothing.
        let other = uuid::Uuid::now_v7();
        assert_eq!(open(&key, &bound_to("set", secret, other, field, 1), &nonce, &sealed), None);
        assert_eq!(open(&key, &bound_to("set", secret, system, other, 1), &nonce, &sealed), None);
        assert_eq!(open(&key, &bound_to("set", secret, system, field, 2), &nonce, &sealed), None);
        assert_eq!(open(&key, &bound_to("other", secret, system, field, 1), &nonce, &sealed), None);
        assert_eq!(open(&[8u8; 32], &aad, &nonce, &sealed), None);
        // One byte changed: nothing.
        let mut tampered = sealed.clone();
        tampered[3] ^= 1;
        assert_eq!(open(&key, &aad, &nonce, &tampered), None);
    }

    #[test]
    fn a_wrapped_key_opens_only_with_its_device_key() {
        let mine = age::x25519::Identity::generate();
        let theirs = age::x25519::Identity::generate();
        let key = [9u8; 32];
        let wrapped = wrap(&mine.to_public().to_string(), &key).unwrap();
        assert_eq!(unwrap(&mine, &wrapped), Some(key));
        assert_eq!(unwrap(&theirs, &wrapped), None);
    }

    #[test]
    fn fingerprints_are_short_and_follow_the_key() {
        let a = age::x25519::Identity::generate().to_public().to_string();
        let b = age::x25519::Identity::generate().to_public().to_string();
        assert_eq!(fingerprint(&a).len(), 24);
        assert_eq!(fingerprint(&a), fingerprint(&a));
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }
}
