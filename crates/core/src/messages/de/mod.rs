//! German for the core's sentences, one table per area like the UI's catalogues
//! (`ui/src/i18n/de/`). The English sentence is the key.

mod app;
mod backup;
mod billing;
mod import;
mod merge;
mod records;
mod service;
mod sync;
mod vault;

/// Every area's table.
pub(super) const TABLES: &[&[(&str, &str)]] = &[
    app::GERMAN,
    backup::GERMAN,
    billing::GERMAN,
    import::GERMAN,
    merge::GERMAN,
    records::GERMAN,
    service::GERMAN,
    sync::GERMAN,
    vault::GERMAN,
];
