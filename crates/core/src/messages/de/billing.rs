//! German for invoices, payments, billing settings, statements and their e-mail.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[];
