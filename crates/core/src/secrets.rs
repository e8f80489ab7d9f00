//! Where secret field values live: the operating system's keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), one entry per secret under the service
//! `fieldbook`, keyed by the secret's UUID. The database holds only that reference.
//!
//! There is no fallback: without a usable keyring a secret is refused, never written anywhere
//! else. Errors never carry a secret value (the keyring's `BadEncoding` error, which does, is
//! reported without its payload).

use std::sync::Arc;

use crate::SecretId;

/// The keyring service name every Fieldbook entry is stored under.
pub const SERVICE: &str = "fieldbook";

/// Why the keyring could not do what was asked. The messages say what the user can do.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keyring service could be reached (no D-Bus session or no Secret Service on Linux).
    #[error(
        "No system keyring is available, so passwords cannot be stored or shown. Start your \
         desktop's keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service) and restart \
         Fieldbook. Nothing was saved."
    )]
    Unavailable,
    /// The keyring is there but locked, or it refused access.
    #[error(
        "The system keyring is locked or refused access. Unlock your login keyring and try \
         again. Nothing was saved."
    )]
    Locked,
    /// The keyring has no entry for this secret (deleted outside Fieldbook).
    #[error("This password is no longer in the system keyring; enter it again.")]
    Missing,
    /// Anything else the keyring reported; the detail is for the log.
    #[error("The system keyring failed ({0}). Nothing was saved.")]
    Failed(String),
}

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

fn map_error(error: keyring::Error) -> SecretError {
    use keyring::Error as E;
    match error {
        E::NoDefaultStore => SecretError::Unavailable,
        E::NoStorageAccess(_) => SecretError::Locked,
        E::NoEntry => SecretError::Missing,
        // Carries the stored bytes: never format it.
        E::BadEncoding(_) => SecretError::Failed("the stored value is not text".into()),
        E::BadDataFormat(..) => SecretError::Failed("the stored value is unreadable".into()),
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
    tokio::task::spawn_blocking(move || work(store.as_ref()))
        .await
        .unwrap_or_else(|e| Err(SecretError::Failed(format!("keyring task failed: {e}"))))
}
