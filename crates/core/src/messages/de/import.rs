//! German for imports (files, workbooks, mappings, their history) and exports.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
