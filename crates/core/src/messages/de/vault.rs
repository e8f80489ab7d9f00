//! German for shared credentials: the vault, key rotation, the keyring and conflicts.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
