//! Fieldbook's core: the data model, its rules and its storage, with no Tauri dependency so that
//! the app, the CLI and the tests all drive the very same code.

pub mod address;
pub mod db;
pub mod error;
mod ids;
pub mod links;
pub mod organizations;
pub mod people;
mod text;

use std::path::{Path, PathBuf};

pub use error::{Error, Result};
pub use ids::{OrganizationId, PersonId};

use db::Db;
use organizations::Organizations;
use people::People;

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

/// The open database and the per-area services over it.
#[derive(Clone, Debug)]
pub struct Core {
    db: Db,
}

impl Core {
    /// Opens the database file at `path` (created and migrated as needed).
    pub async fn open(path: &Path) -> Result<Self> {
        Ok(Self { db: Db::open(path).await? })
    }

    /// Organizations: companies, departments and sites.
    pub fn organizations(&self) -> Organizations<'_> {
        Organizations::new(&self.db)
    }

    /// People: customers and contacts.
    pub fn people(&self) -> People<'_> {
        People::new(&self.db)
    }

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.db.close().await;
    }
}
