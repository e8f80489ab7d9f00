//! Which tables sync and which stay on this machine — declared here and nowhere else. A test
//! (`crates/core/tests/sync_tables.rs`) reads every table of a migrated database and fails when
//! one is not declared, so a table added by a later migration cannot be forgotten by sync.
//!
//! - **Synced**: the team's data. Every row has a primary key (a UUID, or the ids of what it
//!   joins) and is to be captured for the outbox.
//! - **Local**: this machine's own state or data derived from synced rows, with the reason.
//! - **Per key**: `settings` holds both (the company profile and billing rules are the team's;
//!   who uses this machine and where its backups go are not): [`setting_syncs`] decides.

/// How a table takes part in sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The team's data: changes go to the server and come from it.
    Synced,
    /// Stays on this machine; the sentence says why.
    Local(&'static str),
    /// Some rows sync and some do not; see [`setting_syncs`].
    PerKey,
}

/// Every table of the schema and its scope (FTS5's own tables are matched by
/// [`LOCAL_PREFIXES`]).
pub const TABLES: &[(&str, Scope)] = &[
    // Records.
    ("organizations", Scope::Synced),
    ("people", Scope::Synced),
    ("notes", Scope::Synced),
    ("attachments", Scope::Synced),
    ("system_types", Scope::Synced),
    ("system_type_fields", Scope::Synced),
    ("systems", Scope::Synced),
    ("system_values", Scope::Synced),
    // The reference, label and change time of a secret; its value lives in the keyring and
    // travels end-to-end encrypted (issue "Shared credentials"), never in this table.
    ("secrets", Scope::Synced),
    ("secret_audit", Scope::Synced),
    // Billing. Invoice numbers are taken on the server in a team (see `counters`).
    ("tickets", Scope::Synced),
    ("time_entries", Scope::Synced),
    ("invoices", Scope::Synced),
    ("invoice_lines", Scope::Synced),
    ("payments", Scope::Synced),
    ("allocations", Scope::Synced),
    // Staff and the customer relationship.
    ("staff", Scope::Synced),
    ("choices", Scope::Synced),
    ("organization_members", Scope::Synced),
    ("organization_contacts", Scope::Synced),
    ("stream_entries", Scope::Synced),
    ("stream_comments", Scope::Synced),
    ("activities", Scope::Synced),
    ("emails", Scope::Synced),
    ("duplicate_dismissals", Scope::Synced),
    // Service contracts and what they cover.
    ("contracts", Scope::Synced),
    ("contract_items", Scope::Synced),
    // A ticket's thread: notes, replies and its history.
    ("ticket_updates", Scope::Synced),
    // Prepaid hours: a block's top-ups, and what invoices drew on it (deleted when one is voided).
    ("prepaid_top_ups", Scope::Synced),
    ("prepaid_draws", Scope::Synced),
    // Service level agreements (assigned on organizations and people, recorded on tickets).
    ("slas", Scope::Synced),
    // Custom fields an admin defined, and their values on records (issue 16).
    ("custom_fields", Scope::Synced),
    ("custom_values", Scope::Synced),
    // Conflicts the server recorded: everyone sees them, and resolving one syncs.
    ("sync_conflicts", Scope::Synced),
    // Per key.
    ("settings", Scope::PerKey),
    // This machine's own state.
    ("_sqlx_migrations", Scope::Local("the migrations this database file has applied")),
    ("keyring_cleanup", Scope::Local("keyring entries of this machine's keyring waiting to be removed")),
    (
        "blobs",
        Scope::Local("which file contents this machine's store holds; attachments carry the hash that syncs"),
    ),
    (
        "counters",
        Scope::Local(
            "the next ticket and invoice numbers on this machine; in a team, gap-free invoice numbers are taken \
             on the server",
        ),
    ),
    (
        "imports",
        Scope::Local("the import history and its undo record: an import is undone where it was applied"),
    ),
    ("import_changes", Scope::Local("the undo record of this machine's imports")),
    ("import_mappings", Scope::Local("column mappings saved on this machine")),
    (
        "merges",
        Scope::Local("the undo journal of merges made here; what a merge changed syncs as ordinary edits"),
    ),
    ("merge_rows", Scope::Local("the undo journal of merges made here")),
    // Team sync's own state (sync/).
    (
        "sync_control",
        Scope::Local("whether this machine captures changes, and which capture triggers it has"),
    ),
    ("sync_state", Scope::Local("this machine's server, data set, cursor and last sync")),
    ("sync_outbox", Scope::Local("this machine's changes the server has not accepted yet")),
    ("sync_deferred", Scope::Local("pulled rows waiting for a local change to reach the server first")),
    // Shared credentials (sync/vault.rs): secret ids only, never a value.
    (
        "vault_outbox",
        Scope::Local("secrets saved here whose sealed value the team server has not received yet"),
    ),
    ("vault_pending", Scope::Local("sealed values that arrived before their secret's row")),
    ("vault_failed", Scope::Local("sealed values this machine could not open, with why")),
    // Derived from synced rows by triggers, rebuilt on each machine.
    ("search_docs", Scope::Local("the search index's documents, kept by triggers from the records")),
    (
        "unpaid_invoices",
        Scope::Local("invoices with something still owed, kept by triggers from invoices and allocations"),
    ),
];

/// Table-name prefixes that are local: FTS5 creates these tables itself.
pub const LOCAL_PREFIXES: &[(&str, &str)] = &[
    ("search_fts_", "the full-text index, rebuilt from search_docs"),
    ("tickets_fts", "the trigram index of ticket subjects, rebuilt from the tickets"),
];

/// Settings keys (or key prefixes ending in '.') that stay on this machine; every other key is
/// the team's (billing rules, the company profile, the attachment limit, auto-linking).
pub const LOCAL_SETTINGS: &[(&str, &str)] = &[
    ("me", "who uses this machine"),
    ("user_name", "the name used before staff existed, offered when choosing who you are"),
    ("backup.", "this machine's automatic backups: folder, how many to keep, the last result"),
    ("sync.", "this machine's choices for the team: keep files offline and their size limit"),
    ("setup.", "this machine's first-start set-up: when it was finished or skipped"),
];

/// Columns computed from another column of the same row (table, derived, source): they follow
/// their source on the server (never a conflict of their own) and when a conflict is resolved.
/// The server's push (`server-migrations/0002_three_way.sql`) names the same pairs.
pub const DERIVED: &[(&str, &str, &str)] =
    &[("organizations", "name_key", "name"), ("people", "company_key", "company_name")];

/// Bookkeeping columns: the latest value wins on the server, never a conflict.
pub const BOOKKEEPING: &[&str] = &["updated_at"];

/// How `table` takes part in sync; `None` when it is not declared (a test fails on that).
pub fn scope(table: &str) -> Option<Scope> {
    if let Some((_, scope)) = TABLES.iter().find(|(name, _)| *name == table) {
        return Some(*scope);
    }
    LOCAL_PREFIXES.iter().find(|(prefix, _)| table.starts_with(prefix)).map(|(_, why)| Scope::Local(why))
}

/// Whether the setting `key` is the team's (true) or this machine's (false).
pub fn setting_syncs(key: &str) -> bool {
    !LOCAL_SETTINGS
        .iter()
        .any(|(local, _)| if local.ends_with('.') { key.starts_with(local) } else { key == *local })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_declared_once_and_settings_keys_split() {
        for (i, (name, _)) in TABLES.iter().enumerate() {
            assert!(!TABLES[i + 1..].iter().any(|(other, _)| other == name), "{name} is declared twice");
        }
        assert_eq!(
            scope("search_fts_note_data"),
            Some(Scope::Local("the full-text index, rebuilt from search_docs"))
        );
        assert_eq!(scope("no_such_table"), None);
        assert!(!setting_syncs("me"));
        assert!(!setting_syncs("backup.folder"));
        assert!(setting_syncs("billing.currency"));
        assert!(setting_syncs("meeting")); // "me" is a whole key, not a prefix
    }
}
