//! German for backups, restores, the file store, logos and the data folder.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
