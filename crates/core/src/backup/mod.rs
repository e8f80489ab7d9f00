//! Backup and restore: one file holding a consistent snapshot of the database, every attached
//! file and logo it refers to, and a manifest to check them by (see [`archive`] for the layout);
//! optionally encrypted with a passphrase, optionally with the passwords from the keyring.
//!
//! The three operations are blocking functions that take a progress callback and a cancel flag,
//! so the app runs them in `spawn_blocking` (moving clones of what they need in) and the CLI
//! calls them directly; they use no async runtime of the caller's. Each leaves nothing behind
//! when it fails or is cancelled: [`create`] writes a temp file beside the destination and
//! renames it into place only once it is complete and synced; [`restore`] stages and verifies
//! everything before it moves the current data aside (see [`restore`] for crash safety).
//! Automatic backups build on [`create`] (a folder, a file name with the date, then removing the
//! oldest beyond N).

pub(crate) mod archive;
pub mod auto;
mod create;
mod hashing;
pub(crate) mod restore;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use age::secrecy::SecretString;
pub use create::create;
pub use restore::{MARKER, REPLACED_PREFIX, restore, stage};
pub use verify::verify;

use crate::messages::msg;
use crate::{Error, Result};

/// Prefixes of the working folders inside the data folder; whatever a killed process left under
/// them is removed at the next open.
pub(crate) const WORK_PREFIX: &str = "backup-work-";

/// What a long backup operation is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Copying the database into a consistent snapshot (no byte counts).
    Snapshot,
    /// Writing the backup file.
    Writing,
    /// Reading (and checking) a backup file.
    Reading,
    /// SQLite's integrity check and the row counts (no byte counts).
    Checking,
    /// Moving the current data aside and the restored data in.
    Replacing,
}

/// Progress of a long operation: bytes done of `total` in this phase (`total` 0: unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub phase: Phase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// How to make a backup.
#[derive(Clone, Debug, Default)]
pub struct CreateOptions {
    /// Encrypt the whole file with this passphrase (age, scrypt).
    pub passphrase: Option<SecretString>,
    /// Put the passwords from the keyring inside (only with a passphrase).
    pub include_passwords: bool,
}

/// What a backup holds, as `create`, `verify` and `restore` report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Summary {
    /// When the snapshot was taken (UTC, ISO 8601).
    pub created_at: String,
    /// The Fieldbook version that made it.
    pub app_version: String,
    /// The newest database migration it has.
    #[ts(type = "number")]
    pub schema_version: i64,
    pub encrypted: bool,
    pub passwords_included: bool,
    /// Where the passwords are, in a sentence for the user.
    pub passwords: String,
    /// Rows per table.
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, u64>,
    /// Attached files and logos (distinct contents).
    #[ts(type = "number")]
    pub files: u64,
    /// Their total size in bytes.
    #[ts(type = "number")]
    pub file_bytes: u64,
    /// The backup file's size in bytes.
    #[ts(type = "number")]
    pub size: u64,
}

impl Summary {
    fn new(manifest: &archive::Manifest, encrypted: bool, size: u64) -> Self {
        let blobs: Vec<&archive::Part> =
            manifest.parts.iter().filter(|p| archive::blob_sha(&p.name).is_some()).collect();
        Self {
            created_at: manifest.header.created_at.clone(),
            app_version: manifest.header.app_version.clone(),
            schema_version: manifest.header.schema_version,
            encrypted,
            passwords_included: manifest.header.passwords_included,
            passwords: archive::passwords_sentence(manifest.header.passwords_included),
            counts: manifest.counts.clone(),
            files: blobs.len() as u64,
            file_bytes: blobs.iter().map(|p| p.size).sum(),
            size,
        }
    }
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Restored {
    pub summary: Summary,
    /// The folder inside the data folder where the data that was replaced is kept (until the
    /// user removes it); `None` when there was nothing to replace.
    pub replaced: Option<String>,
    /// Passwords written back to the keyring (they were missing there).
    pub passwords_restored: u32,
    /// Passwords already in the keyring, left as they were.
    pub passwords_kept: u32,
}

/// Whether a backup file is encrypted (needs a passphrase), by its first bytes.
pub fn is_encrypted(file: &Path) -> Result<bool> {
    let mut f = open_backup(file)?;
    Ok(archive::is_encrypted(&mut f)?)
}

/// Opens a backup file for reading, with sentences for the usual failures.
pub(crate) fn open_backup(file: &Path) -> Result<std::fs::File> {
    let opened = std::fs::File::open(file).and_then(|f| {
        if f.metadata()?.is_dir() {
            Err(std::io::Error::from(std::io::ErrorKind::IsADirectory))
        } else {
            Ok(f)
        }
    });
    opened.map_err(|e| {
        log::info!("backup file {}: {e}", file.display());
        match e.kind() {
            std::io::ErrorKind::NotFound => Error::Backup(msg("The backup file does not exist.", &[])),
            std::io::ErrorKind::PermissionDenied => {
                Error::Backup(msg("Fieldbook is not allowed to read the backup file.", &[]))
            }
            std::io::ErrorKind::IsADirectory => archive::not_a_backup(),
            _ => {
                Error::Backup(msg("The backup file cannot be read ({error}).", &[("error", &e.to_string())]))
            }
        }
    })
}

/// The folder the database lives in (its files, locks and backup work folders beside it).
pub(crate) fn data_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Runs database work on a private single-threaded runtime in a thread of its own (the backup
/// functions are blocking and must work whatever runtime, if any, their caller is on). `work`
/// gets a flag that is set when `cancel` is: connections opened with it stop their statement.
pub(crate) fn run_sql<T: Send, F: Future<Output = Result<T>> + Send>(
    cancel: &AtomicBool,
    work: impl FnOnce(Arc<AtomicBool>) -> F + Send,
) -> Result<T> {
    let stop = Arc::new(AtomicBool::new(false));
    let finished = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        // The caller's flag is borrowed; SQLite's interrupt callback needs an owned one.
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                if cancel.load(Ordering::Relaxed) {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        let result = scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?
                    .block_on(work(Arc::clone(&stop)))
            })
            .join()
            .unwrap_or_else(|_| Err(Error::Io(std::io::Error::other("the database thread panicked"))));
        finished.store(true, Ordering::Relaxed);
        result
    });
    if cancel.load(Ordering::Relaxed) { Err(Error::Cancelled) } else { result }
}

/// Removes what killed backups and restores left in the data folder: backup work folders no
/// process holds, and restore staging folders (called only when no restore is running and none
/// is left to finish).
pub(crate) fn sweep_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = if name.starts_with(WORK_PREFIX) {
            create::work_dir_is_stale(&entry.path())
        } else {
            name.starts_with(restore::STAGING_PREFIX)
        };
        if stale {
            log::info!("removing {} left by an interrupted backup or restore", entry.path().display());
            let _ = std::fs::remove_dir_all(entry.path());
        } else if name == format!(".{}.part", restore::MARKER) {
            // A marker being written when a restore was killed: that restore never began.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A folder that is removed when dropped, unless kept.
pub(crate) struct TempFolder {
    pub path: PathBuf,
    pub keep: bool,
}

impl TempFolder {
    /// Creates `parent/<prefix><uuid>`, readable by this user only (it holds customer data).
    pub(crate) fn new(parent: &Path, prefix: &str) -> Result<Self> {
        std::fs::create_dir_all(parent)?;
        let path = parent.join(format!("{prefix}{}", uuid::Uuid::now_v7().simple()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path)?;
        Ok(Self { path, keep: false })
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Now in UTC: ISO 8601 (`2026-11-23T22:45:01Z`) and compact for a folder name
/// (`20261123-224501`).
pub(crate) fn utc_now() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let date = crate::dates::from_day_number(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    let (h, m, s) = (t / 3600, t % 3600 / 60, t % 60);
    (format!("{date}T{h:02}:{m:02}:{s:02}Z"), format!("{}-{h:02}{m:02}{s:02}", date.replace('-', "")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_now_is_iso_8601_and_a_folder_name() {
        let (iso, compact) = super::utc_now();
        assert_eq!(iso.len(), 20, "{iso}");
        assert!(iso.ends_with('Z') && iso.as_bytes()[10] == b'T', "{iso}");
        assert_eq!(compact.len(), 15, "{compact}");
        assert!(compact.chars().all(|c| c.is_ascii_digit() || c == '-'), "{compact}");
    }
}
