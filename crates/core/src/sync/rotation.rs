//! Changing the team's key (issue "Shared credentials", item 4): removing a machine or a member
//! marks them removed, makes a new key version wrapped for every machine that stays, seals every
//! value anew under it in batches (an interrupted change resumes where it stopped, from any
//! admin's machine that holds the new key) and lists the passwords the removed could read, to be
//! changed at the customers.

use std::collections::HashMap;

use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::{KeyInit, OsRng};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgPool;
use ts_rs::TS;

use super::replica;
use super::values::hex;
use super::vault::{
    TeamDevice, bound_to, call_error, devices, find_device, identity, key_check, my_keys, open, seal, unwrap,
    wrap,
};
use crate::messages::msg;
use crate::{Core, Error, Result, SecretId};

/// A password a removed machine could read: to be changed at the customer, since its user may
/// remember or have copied it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PasswordToChange {
    pub organization: String,
    pub system: String,
    pub label: String,
}

/// What removing a machine did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Removal {
    pub device: TeamDevice,
    /// The team's key version now in use.
    pub key_version: i32,
    /// Values sealed anew under it.
    pub resealed: u32,
    /// Every password the machine could read (empty when it was never approved).
    pub passwords_to_change: Vec<PasswordToChange>,
    /// Why the key change has not ended yet (it goes on with the next sync of an admin's
    /// machine); None when it is done.
    pub still_changing: Option<String>,
}

/// Rows re-sealed per call during a rotation.
const RESEAL_BATCH: usize = 100;

/// A value to seal anew: secret, version, nonce, ciphertext, whether its secret is live.
type Resealable = (uuid::Uuid, i32, Vec<u8>, Vec<u8>, bool);

/// Moves the team to a new key version: started here (wrapped for every machine that stays),
/// or resumed at `pending`; every value sealed under an older version is opened and sealed anew
/// (values of deleted secrets are dropped), then the version is switched. Returns the version in
/// use and how many values were sealed anew. `stop_after` cuts it short after that many batches
/// (the tests' kill points); what was done stays done and the next call resumes.
#[allow(clippy::too_many_arguments)]
pub(super) async fn rotate(
    core: &Core,
    pool: &PgPool,
    device: &str,
    data_set: &str,
    identity: &age::x25519::Identity,
    keys: &mut HashMap<i32, [u8; 32]>,
    pending: Option<i32>,
    stop_after: Option<usize>,
) -> Result<(i32, u32)> {
    let next = match pending {
        Some(next) => next,
        None => {
            let key: [u8; 32] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
            let stays: Vec<(String, String)> =
                sqlx::query_as("SELECT device, recipient FROM fieldbook.devices() WHERE approved_at IS NOT NULL AND removed_at IS NULL")
                    .fetch_all(pool)
                    .await
                    .map_err(call_error)?;
            let mut wrapped = Vec::new();
            for (device, recipient) in &stays {
                wrapped
                    .push(serde_json::json!({ "device": device, "wrapped": hex(&wrap(recipient, &key)?) }));
            }
            let next: i32 = sqlx::query_scalar("SELECT fieldbook.start_rotation($1, $2, $3)")
                .bind(device)
                .bind(serde_json::Value::Array(wrapped))
                .bind(key_check(&key))
                .fetch_one(pool)
                .await
                .map_err(call_error)?;
            log::info!("vault: changing the team's key to version {next}");
            next
        }
    };
    // The new key as the server holds it for this machine (also when resuming).
    if let std::collections::hash_map::Entry::Vacant(slot) = keys.entry(next) {
        let wrapped: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT wrapped FROM fieldbook.device_keys($1) WHERE version = $2")
                .bind(device)
                .bind(next)
                .fetch_optional(pool)
                .await
                .map_err(call_error)?;
        let key = wrapped.and_then(|w| unwrap(identity, &w)).ok_or_else(|| {
            Error::invalid(
                "device",
                msg(
                    "This machine was not given the team's new key; finish the change on another admin's \
                     machine.",
                    &[],
                ),
            )
        })?;
        slot.insert(key);
    }
    let new_key = keys[&next];
    let db = core.db();
    let mut resealed = 0;
    let mut batches = 0;
    let mut after = uuid::Uuid::nil();
    loop {
        if stop_after.is_some_and(|n| batches >= n) {
            return Err(Error::invalid("team", msg("The connection to the team server was lost.", &[])));
        }
        let rows: Vec<Resealable> = sqlx::query_as(
            "SELECT secret, version, nonce, sealed, live FROM fieldbook.secrets_to_reseal($1, $2, $3, $4)",
        )
        .bind(device)
        .bind(next)
        .bind(after)
        .bind(RESEAL_BATCH as i32)
        .fetch_all(pool)
        .await
        .map_err(call_error)?;
        let Some(last) = rows.last().map(|r| r.0) else { break };
        after = last;
        let mut batch = Vec::new();
        for (secret, version, nonce, sealed, live) in rows {
            let id = SecretId::from_uuid(secret);
            if !live {
                batch.push(serde_json::json!({ "secret": secret, "drop": true }));
                continue;
            }
            let row: Option<(uuid::Uuid, uuid::Uuid)> =
                sqlx::query_as("SELECT system_id, field_id FROM secrets WHERE id = ?")
                    .bind(id)
                    .fetch_optional(db.reader())
                    .await?;
            // A secret this machine has not received yet: left for a later round.
            let (Some((system, field)), Some(old)) = (row, keys.get(&version)) else { continue };
            let Some(value) = open(old, &bound_to(data_set, id, system, field, version), &nonce, &sealed)
            else {
                // Changed on the server: nobody can read it, and it would hold the change up.
                log::warn!("vault: secret {secret} does not open under key version {version}; dropped");
                batch.push(serde_json::json!({ "secret": secret, "drop": true, "unreadable": true }));
                continue;
            };
            let (nonce, sealed) = seal(&new_key, &bound_to(data_set, id, system, field, next), &value)?;
            batch.push(serde_json::json!({
                "secret": secret,
                "nonce": hex(&nonce),
                "sealed": hex(&sealed),
            }));
        }
        if !batch.is_empty() {
            let done: i32 = sqlx::query_scalar("SELECT fieldbook.reseal_secrets($1, $2, $3)")
                .bind(device)
                .bind(next)
                .bind(serde_json::Value::Array(batch))
                .fetch_one(pool)
                .await
                .map_err(call_error)?;
            resealed += done as u32;
        }
        batches += 1;
    }
    let finished: bool = sqlx::query_scalar("SELECT fieldbook.finish_rotation($1, $2)")
        .bind(device)
        .bind(next)
        .fetch_one(pool)
        .await
        .map_err(call_error)?;
    if !finished {
        return Err(Error::invalid(
            "team",
            msg(
                "The team's key is still being changed: some passwords have not reached this machine yet. It \
                 goes on with the next sync.",
                &[],
            ),
        ));
    }
    log::info!("vault: the team's key is now version {next} ({resealed} values sealed anew)");
    Ok((next, resealed))
}

/// Removes a machine from the team's passwords (an admin, on a machine of theirs that reads
/// them): it is marked removed, the team's key changes and every value is sealed anew for the
/// machines that stay, and the passwords it could read are listed to be changed at the
/// customers. `which` is its fingerprint or device id. `stop_after`: see [`rotate`].
pub async fn remove(core: &Core, pool: &PgPool, which: &str, stop_after: Option<usize>) -> Result<Removal> {
    let target = find_device(core, pool, which).await?;
    let done = remove_all(core, pool, std::slice::from_ref(&target), stop_after).await?;
    let device = done.machines.into_iter().next().unwrap_or(target);
    Ok(Removal {
        device,
        key_version: done.key_version,
        resealed: done.resealed,
        passwords_to_change: done.passwords_to_change,
        still_changing: done.still_changing,
    })
}

/// What removing a member did (their login disabled, their machines removed, one key change).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberRemoval {
    pub login: String,
    /// Their machines, now removed.
    pub machines: Vec<TeamDevice>,
    pub key_version: i32,
    pub resealed: u32,
    /// Every password their machines could read (empty when none was ever approved).
    pub passwords_to_change: Vec<PasswordToChange>,
    pub still_changing: Option<String>,
}

/// Removes every machine of `login` from the team's passwords with one key change (their login
/// is disabled by the caller).
pub async fn remove_member_machines(core: &Core, pool: &PgPool, login: &str) -> Result<MemberRemoval> {
    let theirs: Vec<TeamDevice> = devices(core, pool)
        .await?
        .into_iter()
        // Their machines and the recovery kits they printed (a departed admin keeps the paper).
        .filter(|d| d.login == login && d.removed_at.is_none())
        .collect();
    let mut done = remove_all(core, pool, &theirs, None).await?;
    done.login = login.to_owned();
    Ok(done)
}

/// Marks `targets` removed (the list of passwords first: whatever happens to the key change, the
/// admin gets it), then changes the key once.
async fn remove_all(
    core: &Core,
    pool: &PgPool,
    targets: &[TeamDevice],
    stop_after: Option<usize>,
) -> Result<MemberRemoval> {
    let db = core.db();
    let device = replica::state(db, "device").await?.unwrap_or_default();
    let data_set = replica::state(db, "data_set_id").await?.unwrap_or_default();
    let mut could_read = false;
    for target in targets {
        could_read |= sqlx::query_scalar::<_, bool>("SELECT fieldbook.remove_device($1, $2)")
            .bind(&device)
            .bind(&target.device)
            .fetch_one(pool)
            .await
            .map_err(call_error)?;
    }
    let passwords_to_change = if could_read {
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT o.name, s.name, x.label FROM secrets x JOIN systems s ON s.id = x.system_id
             JOIN organizations o ON o.id = s.organization_id ORDER BY o.name, s.name, x.label",
        )
        .fetch_all(db.reader())
        .await?
        .into_iter()
        .map(|(organization, system, label)| PasswordToChange { organization, system, label })
        .collect()
    } else {
        Vec::new()
    };
    let check = super::server::check(pool, 0, &device).await?;
    let mut key_version = check.vault.key_version.unwrap_or(1);
    let (mut resealed, mut still_changing) = (0, None);
    if check.vault.rotating_to.is_some() || check.vault.rotation_needed {
        let identity = identity(&device, false).await?.ok_or_else(|| {
            Error::invalid(
                "device",
                msg("This machine has no team key yet; sync once, then remove the machine.", &[]),
            )
        })?;
        let mut keys = my_keys(pool, &device, &identity).await?;
        let pending = check.vault.rotating_to;
        match rotate(core, pool, &device, &data_set, &identity, &mut keys, pending, stop_after).await {
            Ok((version, done)) => (key_version, resealed) = (version, done),
            Err(e) => still_changing = Some(e.to_string()),
        }
    }
    let now = devices(core, pool).await?;
    let machines = targets
        .iter()
        .map(|t| now.iter().find(|d| d.device == t.device).cloned().unwrap_or_else(|| t.clone()))
        .collect();
    Ok(MemberRemoval {
        login: String::new(),
        machines,
        key_version,
        resealed,
        passwords_to_change,
        still_changing,
    })
}
