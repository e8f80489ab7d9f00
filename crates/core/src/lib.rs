//! Fieldbook's core: the data model, its rules and its storage, with no Tauri dependency so that
//! the app, the CLI and the tests all drive the very same code.

pub mod activities;
pub mod address;
pub mod backup;
pub mod billing;
pub mod choices;
pub mod custom_fields;
pub mod dates;
pub mod db;
pub mod demo;
pub mod duplicates;
pub mod email;
pub mod error;
pub mod export;
pub mod files;
mod ids;
pub mod import;
pub mod invoices;
pub mod links;
pub mod locks;
pub mod logos;
pub mod members;
pub mod merge;
pub mod messages;
pub mod notes;
pub mod organizations;
pub mod payments;
pub mod people;
pub mod private_temp;
pub mod search;
pub mod secrets;
pub mod service;
pub mod settings;
pub mod staff;
pub mod statements;
pub mod stream;
pub mod sync;
pub mod system_types;
pub mod systems;
pub mod terms;
mod text;
pub mod today;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::{Error, Result};
pub use ids::{
    ActivityId, AttachmentId, ChoiceId, CommentId, ContactId, ContractId, CustomFieldId, EmailId, FieldId,
    ImportId, InvoiceId, MemberId, MergeId, NoteId, OrganizationId, PaymentId, PersonId, SecretId, SlaId,
    StaffId, StreamEntryId, SystemId, SystemTypeId, TicketId, TicketUpdateId, TimeEntryId, TopUpId,
};

use db::Db;
use files::{FileStore, Files};
use notes::Notes;
use organizations::Organizations;
use people::People;
use search::Search;
use secrets::{OsKeyring, SecretStore};
use settings::SettingsService;
use system_types::SystemTypes;
use systems::Systems;

/// The application identifier; it names the data directory, as Tauri's `app_data_dir` does.
pub const APP_IDENTIFIER: &str = "com.fieldbook.desktop";

/// The database file name inside the data directory.
pub const DB_FILE: &str = "fieldbook.sqlite3";

/// Where Fieldbook keeps its data by default: the OS app-data directory
/// (`~/.local/share/com.fieldbook.desktop` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows). `None` only when the OS reports no home directory.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
}

/// The open database, the secret store and the file store, and the per-area services over them.
#[derive(Clone, Debug)]
pub struct Core {
    db: Db,
    secrets: Arc<dyn SecretStore>,
    files: FileStore,
    path: PathBuf,
    /// Shared hold on the data folder for as long as any clone lives (see [`locks`]).
    _lock: Arc<locks::DataLock>,
}

impl Core {
    /// Opens the database file at `path` (created and migrated as needed); attachments live in
    /// `files/` beside it and secrets in the OS keyring. First takes the data folder's shared
    /// lock, finishing a restore that was interrupted (see [`backup::restore`]); refuses while a
    /// restore runs.
    pub async fn open(path: &Path) -> Result<Self> {
        let dir = backup::data_dir(path);
        let lock_dir = dir.clone();
        let lock = tokio::task::spawn_blocking(move || locks::open_shared(&lock_dir))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        // A newer Fieldbook's migrations run in Db::open: the automatic backup comes first.
        backup::auto::before_migration(path).await;
        Ok(Self {
            db: Db::open(path).await?,
            secrets: Arc::new(OsKeyring),
            files: FileStore::new(&dir),
            path: path.to_owned(),
            _lock: Arc::new(lock),
        })
    }

    /// Sets the language this machine's user reads (the app's choice; the CLI's from the
    /// environment): documents and refusals are written in it. One per process (see
    /// [`messages`]).
    pub fn set_language(&self, language: terms::Language) {
        messages::set_language(language);
    }

    /// The language documents and refusals are written in.
    pub fn language(&self) -> terms::Language {
        messages::language()
    }

    /// The team: publishing, joining, syncing, conflicts (issue "Team database").
    pub fn team(&self) -> sync::team::Team<'_> {
        sync::team::Team::new(self)
    }

    /// Makes sure an attachment's contents are on this machine: in a team a file added on
    /// another machine is fetched from the team server the first time it is opened.
    pub async fn ensure_attachment(&self, id: AttachmentId) -> Result<()> {
        let sha = self.files().get(id).await?.sha256;
        self.team().ensure_file(&sha).await
    }

    pub(crate) fn secret_store(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    pub(crate) fn file_store(&self) -> &FileStore {
        &self.files
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    /// The database file this core has open (backups are made from it).
    pub fn database_path(&self) -> &Path {
        &self.path
    }

    /// Organizations: companies, departments and sites.
    pub fn organizations(&self) -> Organizations<'_> {
        Organizations::new(&self.db)
    }

    /// People: customers and contacts.
    pub fn people(&self) -> People<'_> {
        People::new(&self.db)
    }

    /// Settings: the user's name, the attachment size limit.
    pub fn settings(&self) -> SettingsService<'_> {
        SettingsService::new(&self.db)
    }

    /// System types, defined by an admin.
    pub fn system_types(&self) -> SystemTypes<'_> {
        SystemTypes::new(&self.db, &self.secrets)
    }

    /// Systems installed at sites, with their secrets in the keyring.
    pub fn systems(&self) -> Systems<'_> {
        Systems::new(&self.db, &self.secrets)
    }

    /// Staff: the company's own people, and who uses this machine.
    pub fn staff(&self) -> staff::Staff<'_> {
        staff::Staff::new(&self.db)
    }

    /// The staff member using this machine, as the actor of what they do; a clear refusal
    /// until someone is chosen.
    pub async fn actor(&self) -> Result<staff::Actor> {
        self.staff().actor().await
    }

    /// Deletes a system with its values, secrets and files.
    pub async fn delete_system(&self, id: SystemId) -> Result<()> {
        let actor = self.actor().await?;
        // Held like an attach or a file delete: its unreferenced contents are removed below.
        let _guard = self.files.lock().await?;
        let gone = self.systems().delete(id, &actor).await?;
        self.files().remove_blobs(&gone);
        Ok(())
    }

    /// Automatic backups: their folder, the last result, and running one.
    pub fn backups(&self) -> backup::auto::Backups<'_> {
        backup::auto::Backups::new(&self.db, &self.path, &self.secrets)
    }

    /// Removes keyring entries this database queued for clean-up that no row references, once
    /// they have waited [`secrets::CLEANUP_GRACE`] (left by a crash mid-save, or a keyring that
    /// was locked when they were due). Returns how many were removed.
    pub async fn sweep_secrets(&self) -> Result<usize> {
        secrets::sweep(&self.db, &self.secrets, secrets::CLEANUP_GRACE).await
    }

    /// Planned activities and My agenda.
    pub fn activities(&self) -> activities::Activities<'_> {
        activities::Activities::new(&self.db)
    }

    /// The data dictionary: the words for the kinds of record.
    pub fn terms(&self) -> terms::Terms<'_> {
        terms::Terms::new(&self.db)
    }

    /// Custom fields of organizations, people, tickets and contracts.
    pub fn custom_fields(&self) -> custom_fields::CustomFields<'_> {
        custom_fields::CustomFields::new(&self.db)
    }

    /// Editable lists: member roles, contact roles, activity types.
    pub fn choices(&self) -> choices::Choices<'_> {
        choices::Choices::new(&self.db)
    }

    /// Staff members of organizations, and contacts across organizations.
    pub fn members(&self) -> members::Members<'_> {
        members::Members::new(&self.db)
    }

    /// The activity stream of organizations and people: posts, comments, what happened.
    pub fn stream(&self) -> stream::Stream<'_> {
        stream::Stream::new(&self.db)
    }

    /// Notes and call-backs.
    pub fn notes(&self) -> Notes<'_> {
        Notes::new(&self.db)
    }

    /// Attached files.
    pub fn files(&self) -> Files<'_> {
        Files::new(&self.db, &self.files)
    }

    /// The email log of people: .eml files recorded in the stream, "Write email".
    pub fn emails(&self) -> email::log::EmailLog<'_> {
        email::log::EmailLog::new(&self.db, &self.files)
    }

    /// Organization logos.
    pub fn logos(&self) -> logos::Logos<'_> {
        logos::Logos::new(&self.db, &self.files)
    }

    /// Likely duplicate organizations and people for review, and pairs marked "not a duplicate".
    pub fn duplicates(&self) -> duplicates::Duplicates<'_> {
        duplicates::Duplicates::new(&self.db)
    }

    /// Merging two organizations or two people, its history and undo.
    pub fn merge(&self) -> merge::Merges<'_> {
        merge::Merges::new(&self.db)
    }

    /// Search as you type across every kind of record.
    pub fn search(&self) -> Search<'_> {
        Search::new(&self.db)
    }

    /// CSV export of organizations and people.
    pub fn export(&self) -> export::Export<'_> {
        export::Export::new(&self.db)
    }

    /// Import of organizations and people from delimited files, its history and undo, and the
    /// organization importer.
    pub fn import(&self) -> import::Import<'_> {
        import::Import::new(&self.db)
    }

    /// Billing settings and organizations' billing details.
    pub fn billing(&self) -> billing::Billing<'_> {
        billing::Billing::new(&self.db)
    }

    /// Tickets and the time spent on them.
    pub fn tickets(&self) -> service::tickets::Tickets<'_> {
        service::tickets::Tickets::new(&self.db)
    }

    /// Service level agreements: business hours and targets per priority (admins define them).
    pub fn slas(&self) -> service::slas::Slas<'_> {
        service::slas::Slas::new(&self.db)
    }

    /// Service contracts: what each customer has, what it covers, when it ends.
    pub fn contracts(&self) -> service::contracts::Contracts<'_> {
        service::contracts::Contracts::new(&self.db)
    }

    /// Tickets' threads: notes, replies and history.
    pub fn thread(&self) -> service::thread::Thread<'_> {
        service::thread::Thread::new(&self.db)
    }

    /// Prepaid hours: contracts' blocks of hours, their top-ups.
    pub fn prepaid(&self) -> service::prepaid::PrepaidHours<'_> {
        service::prepaid::PrepaidHours::new(&self.db)
    }

    /// Invoices: compiled from unbilled time, manual ones, voiding.
    pub fn invoices(&self) -> invoices::Invoices<'_> {
        invoices::Invoices::new(&self.db, self.team())
    }

    /// Payments received and credit notes, allocated to invoices.
    pub fn payments(&self) -> payments::Payments<'_> {
        payments::Payments::new(&self.db)
    }

    /// Account statements (activity and open items) as data and as PDF.
    pub fn statements(&self) -> statements::Statements<'_> {
        statements::Statements::new(&self.db, &self.files, self.language())
    }

    /// The Today page: what is due across customers.
    pub fn today(&self) -> today::TodayPage<'_> {
        today::TodayPage::new(self)
    }

    /// The demo data generator (demos and benchmarks).
    pub fn demo(&self) -> demo::Demo<'_> {
        demo::Demo::new(&self.db, &self.secrets)
    }

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.db.close().await;
    }
}
