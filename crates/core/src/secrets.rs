//! Where secret field values live: the operating system's keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), one entry per secret under the service
//! `fieldbook`, keyed by the secret's UUID. The database holds only that reference.
//!
//! There is no fallback: without a usable keyring a secret is refused, never written anywhere
//! else. Errors never carry a secret value (the keyring's `BadEncoding` error, which does, is
//! reported without its payload).

use std::sync::Arc;

use sqlx::SqliteConnection;

use crate::SecretId;
use crate::db::Db;
use crate::messages::msg;

/// The keyring service name every Fieldbook entry is stored under.
pub const SERVICE: &str = "fieldbook";

/// Why the keyring could not do what was asked. The messages say what the user can do.
#[derive(Debug)]
pub enum SecretError {
    /// No keyring service could be reached (no D-Bus session or no Secret Service on Linux).
    Unavailable,
    /// The keyring is there but locked, or it refused access.
    Locked,
    /// The keyring has no entry for this secret (deleted outside Fieldbook).
    Missing,
    /// Anything else the keyring reported; the detail is for the log.
    Failed(String),
}

impl std::fmt::Display for SecretError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Unavailable => msg(
                "No system keyring is available, so passwords cannot be stored or shown. Start your \
                 desktop's keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service) and restart \
                 Fieldbook. Nothing was saved.",
                &[],
            ),
            Self::Locked => msg(
                "The system keyring is locked or refused access. Unlock your login keyring and try \
                 again. Nothing was saved.",
                &[],
            ),
            Self::Missing => msg("This password is no longer in the system keyring; enter it again.", &[]),
            Self::Failed(detail) => {
                msg("The system keyring failed ({detail}). Nothing was saved.", &[("detail", detail)])
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for SecretError {}

/// A place secrets can be kept. The app and the tests use [`OsKeyring`]; the trait is the seam
/// for another platform store, not for a mock.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// Creates or overwrites the entry for `id`.
    fn set(&self, id: SecretId, value: &str) -> Result<(), SecretError>;
    /// Reads the entry for `id`.
    fn get(&self, id: SecretId) -> Result<String, SecretError>;
    /// Deletes the entry for `id`; an entry that is already gone is fine.
    fn delete(&self, id: SecretId) -> Result<(), SecretError>;
}

/// The operating system's keyring through the `keyring` crate.
#[derive(Debug, Default)]
pub struct OsKeyring;

impl OsKeyring {
    fn entry(id: SecretId) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(SERVICE, &id.to_string()).map_err(map_error)
    }
}

impl SecretStore for OsKeyring {
    fn set(&self, id: SecretId, value: &str) -> Result<(), SecretError> {
        Self::entry(id)?.set_password(value).map_err(map_error)
    }

    fn get(&self, id: SecretId) -> Result<String, SecretError> {
        Self::entry(id)?.get_password().map_err(map_error)
    }

    fn delete(&self, id: SecretId) -> Result<(), SecretError> {
        match Self::entry(id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

pub(crate) fn map_error(error: keyring::Error) -> SecretError {
    use keyring::Error as E;
    match error {
        E::NoDefaultStore => SecretError::Unavailable,
        E::NoStorageAccess(_) => SecretError::Locked,
        E::NoEntry => SecretError::Missing,
        // Carries the stored bytes: never format it.
        E::BadEncoding(_) => SecretError::Failed(msg("the stored value is not text", &[])),
        E::BadDataFormat(..) => SecretError::Failed(msg("the stored value is unreadable", &[])),
        E::PlatformFailure(e) => {
            let text = e.to_string();
            // zbus reports a missing bus or service as a platform failure.
            if text.contains("org.freedesktop.secrets") || text.contains("DBus") || text.contains("D-Bus") {
                SecretError::Unavailable
            } else {
                SecretError::Failed(text)
            }
        }
        other => SecretError::Failed(other.to_string()),
    }
}

/// Runs keyring calls off the async threads (they block on D-Bus, or on an unlock prompt).
pub(crate) async fn blocking<T: Send + 'static>(
    store: &Arc<dyn SecretStore>,
    work: impl FnOnce(&dyn SecretStore) -> Result<T, SecretError> + Send + 'static,
) -> Result<T, SecretError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || work(store.as_ref())).await.unwrap_or_else(|e| {
        Err(SecretError::Failed(msg("keyring task failed: {error}", &[("error", &e.to_string())])))
    })
}

/// How long an id stays in the clean-up journal before the sweep may act on it: far longer
/// than any save between its keyring write and its commit, in this process or another.
pub const CLEANUP_GRACE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Notes `ids` in the clean-up journal, committed, before their keyring entries are written: if
/// the save then fails and its own clean-up fails too (or the process dies), the sweep finds
/// them.
pub(crate) async fn note_pending(db: &Db, ids: &[SecretId]) -> crate::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    for id in ids {
        sqlx::query(
            "INSERT INTO keyring_cleanup (secret_id, noted_at)
             VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (secret_id) DO NOTHING",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes `ids` out of the journal inside the transaction that makes rows reference them.
pub(crate) async fn settle(conn: &mut SqliteConnection, ids: &[SecretId]) -> crate::Result<()> {
    for id in ids {
        sqlx::query("DELETE FROM keyring_cleanup WHERE secret_id = ?").bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Deletes the keyring entries of `ids`, which no row references (the caller has committed
/// that, or its transaction failed), and then their journal lines. Best effort: what fails
/// stays in the journal for the sweep. Returns how many entries were deleted.
pub(crate) async fn discard(db: &Db, store: &Arc<dyn SecretStore>, ids: Vec<SecretId>) -> usize {
    if ids.is_empty() {
        return 0;
    }
    let deleted = blocking(store, move |store| {
        Ok(ids.into_iter().filter(|id| store.delete(*id).is_ok()).collect::<Vec<_>>())
    })
    .await
    .unwrap_or_default();
    let Ok(mut tx) = db.begin_write().await else { return deleted.len() };
    // Only ids no row has come to reference meanwhile (none should: ids are never reused).
    for id in &deleted {
        let _ = sqlx::query(
            "DELETE FROM keyring_cleanup WHERE secret_id = ?1
               AND NOT EXISTS (SELECT 1 FROM secrets WHERE id = ?1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await;
    }
    let _ = tx.commit().await;
    deleted.len()
}

/// Removes the keyring entries that no row of this database references, among those noted in
/// the journal at least `grace` ago, and returns how many were removed. Ids a row references
/// (a save that committed but died before settling) only leave the journal.
pub async fn sweep(
    db: &Db,
    store: &Arc<dyn SecretStore>,
    grace: std::time::Duration,
) -> crate::Result<usize> {
    let cutoff = format!("-{} seconds", grace.as_secs());
    let rows: Vec<(SecretId, bool)> = sqlx::query_as(
        "SELECT secret_id, EXISTS (SELECT 1 FROM secrets s WHERE s.id = k.secret_id)
         FROM keyring_cleanup k
         WHERE noted_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
    )
    .bind(cutoff)
    .fetch_all(db.reader())
    .await?;
    let (referenced, orphans): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, used)| *used);
    let orphans: Vec<SecretId> = orphans.into_iter().map(|(id, _)| id).collect();
    if !referenced.is_empty() {
        let mut tx = db.begin_write().await?;
        let ids: Vec<SecretId> = referenced.into_iter().map(|(id, _)| id).collect();
        // Still referenced inside the write lock: settle them.
        for id in &ids {
            sqlx::query(
                "DELETE FROM keyring_cleanup WHERE secret_id = ?1
                   AND EXISTS (SELECT 1 FROM secrets WHERE id = ?1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(discard(db, store, orphans).await)
}
