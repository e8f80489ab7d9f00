//! `CommandError`: the one error shape the UI sees, built from the core's errors.

use fieldbook_core::messages::msg;
use serde::Serialize;
use ts_rs::TS;

/// What kind of failure a command met; the UI picks its presentation from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The record is gone (deleted elsewhere, or a stale link).
    NotFound,
    /// The input breaks a rule; `field` names the input to mark.
    Invalid,
    /// The OS keyring is missing, locked or failed; the message says what to do.
    Keyring,
    /// The staff member using this machine may not do that; the message says who may.
    Forbidden,
    /// Something failed that the user cannot fix by editing the form; details are in the log.
    Internal,
}

/// The error every command returns: a sentence the user can act on, and the form field it is
/// about when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
}

impl CommandError {
    /// An internal failure with a sentence for the user; `detail` goes to the log only.
    pub fn internal(message: String, detail: impl std::fmt::Display) -> Self {
        log::error!("{message} {detail}");
        Self { kind: ErrorKind::Internal, message, field: None }
    }

    /// Refused input that is not about one field of a form.
    pub fn invalid(message: String) -> Self {
        Self { kind: ErrorKind::Invalid, message, field: None }
    }
}

impl From<fieldbook_core::Error> for CommandError {
    fn from(error: fieldbook_core::Error) -> Self {
        use fieldbook_core::Error as E;
        match error {
            E::NotFound { entity } => Self {
                kind: ErrorKind::NotFound,
                message: fieldbook_core::messages::not_found(entity),
                field: None,
            },
            E::Invalid { field, message } => {
                Self { kind: ErrorKind::Invalid, message, field: Some(field.to_owned()) }
            }
            E::Keyring { field, message } => {
                // The message names the field and the remedy, never a secret value.
                log::warn!("keyring: {message}");
                Self { kind: ErrorKind::Keyring, message, field: Some(field.to_owned()) }
            }
            // Sentences that say what to do (a damaged or newer backup, a full disk, the data in
            // use elsewhere, a cancel), naming no paths.
            E::Backup(message) | E::InUse(message) => Self { kind: ErrorKind::Invalid, message, field: None },
            E::Forbidden(message) => Self { kind: ErrorKind::Forbidden, message, field: None },
            E::Cancelled => Self::invalid(E::Cancelled.to_string()),
            other => {
                log::error!("command failed: {other}");
                Self {
                    kind: ErrorKind::Internal,
                    message: msg(
                        "Fieldbook could not complete that. Please try again; if it keeps happening, \
                         restart the app.",
                        &[],
                    ),
                    field: None,
                }
            }
        }
    }
}
