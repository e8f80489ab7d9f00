//! German for the team database: the server, the replica, sync and recovery.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
