//! German for the organization importer, duplicates and merges.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
