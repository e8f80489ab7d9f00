//! Everything the core can refuse or fail at.

/// Everything the core can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record the caller named does not exist.
    #[error("{}", crate::messages::not_found(entity))]
    NotFound { entity: &'static str },
    /// Input that breaks a rule; `field` lets the form put the message next to the input.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    /// The OS keyring is unavailable, locked or failed; the message says what to do and never
    /// contains a secret.
    #[error("{message}")]
    Keyring { field: &'static str, message: String },
    /// The database refused or failed; details belong in the log, not in front of the user.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration could not be applied (a newer database, or a damaged file).
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file or directory the core needs could not be read or written.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A backup could not be made, read or restored (not a backup, damaged, cut short, from a
    /// newer Fieldbook, a full disk); the sentence says what to do and names no paths.
    #[error("{0}")]
    Backup(String),
    /// The data folder is in use by another window or process (a restore needs it to itself,
    /// and nothing may open it while a restore runs).
    #[error("{0}")]
    InUse(String),
    /// The staff member using this machine may not do that (an admin-only action); the
    /// sentence says who may.
    #[error("{0}")]
    Forbidden(String),
    /// The user cancelled a long operation; nothing was changed.
    #[error("{}", crate::messages::msg("Cancelled; nothing was changed.", &[]))]
    Cancelled,
}

impl Error {
    /// An [`Error::Invalid`] for `field`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, message: message.into() }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
