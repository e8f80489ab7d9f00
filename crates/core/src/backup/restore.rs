//! Restoring a backup over the data folder, safe against a crash at any point:
//!
//! 1. take the data folder's lock exclusively (refused while any process has it open);
//! 2. extract into `restore-staging-…` inside the data folder and check everything as `verify`
//!    does; put passwords that are missing back into the keyring;
//! 3. write the marker `restore-in-progress.json` (synced) naming the staging folder and the
//!    folder the current data goes to (`replaced-<UTC time>`);
//! 4. move the current database (with `-wal`/`-shm`) and `files/` aside, the staged ones in
//!    (every step can be repeated or skipped when already done), then remove the marker.
//!
//! Killed before 3, the current data was never touched (the staging folder is swept at the next
//! open); after 3, the next [`crate::Core::open`] finishes step 4 before it opens the database.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use age::secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::archive::{self, Meter};
use super::verify::{check_database, unpack};
use super::{Phase, Progress, Restored, TempFolder, data_dir, run_sql, sweep_leftovers, utc_now};
use crate::files::{sync_dir, write_atomically};
use crate::locks;
use crate::messages::msg;
use crate::secrets::{SecretError, SecretStore};
use crate::{Error, Result};

/// The marker of a restore between its check and its last move, in the data folder.
pub const MARKER: &str = "restore-in-progress.json";
/// Prefix of the staging folder in the data folder.
pub(crate) const STAGING_PREFIX: &str = "restore-staging-";
/// Prefix of the folder the replaced data is kept in.
pub const REPLACED_PREFIX: &str = "replaced-";

/// What the marker records, as names inside the data folder (the folder may have moved).
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    staging: String,
    aside: String,
    database: String,
}

/// Replaces the database at `db_path` and its file store with the contents of the backup
/// `file`, keeping the current ones in a `replaced-…` folder in the data folder.
///
/// Blocking: run it in `spawn_blocking`, with no [`crate::Core`] open on this data folder in
/// this process or any other (it is refused otherwise). Nothing is replaced unless the whole
/// backup checked out; `cancel` works until the replacing starts. Passwords in the backup are
/// written to `secrets` where an entry is missing; existing entries are left alone.
pub fn restore(
    db_path: &Path,
    file: &Path,
    passphrase: Option<&SecretString>,
    secrets: &dyn SecretStore,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Restored> {
    let dir = data_dir(db_path);
    let database = db_file_name(db_path)?;
    let _lock = locks::exclusive(&dir)?;
    if interrupted(&dir) {
        finish_interrupted(&dir)?;
    }
    sweep_leftovers(&dir);
    let mut meter = Meter::new(progress, cancel);
    let mut staging = TempFolder::new(&dir, STAGING_PREFIX)?;
    let checked = unpack_checked(&staging.path, file, passphrase, secrets, &mut meter, cancel)?;
    meter.phase(Phase::Replacing, 0)?;
    let marker = write_marker(&dir, &staging.path, database)?;
    // From here the marker owns the staging folder: a failure leaves it for the next open.
    staging.keep = true;
    finish(&dir, &marker).map_err(|e| {
        log::error!("finishing the restore in {}: {e}", dir.display());
        Error::Backup(msg(
            "The restore could not be completed; it will be finished the next time Fieldbook opens.",
            &[],
        ))
    })?;
    let replaced = dir.join(&marker.aside).exists().then_some(marker.aside);
    Ok(Restored { replaced, ..checked })
}

/// The first half of a restore for a process that has the database open (the app): the backup
/// is extracted and checked as [`restore`] does, then the marker is written, and the current
/// data is replaced by the next [`crate::Core::open`] on this folder — the app restarts at once.
/// Nothing is replaced if the check fails or is cancelled; writes made between this and the
/// restart stay with the replaced data. `replaced` names the folder the current data will go to.
pub fn stage(
    db_path: &Path,
    file: &Path,
    passphrase: Option<&SecretString>,
    secrets: &dyn SecretStore,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Restored> {
    let dir = data_dir(db_path);
    let database = db_file_name(db_path)?;
    if interrupted(&dir) {
        return Err(Error::Backup(msg(
            "A restore is already waiting to be finished: restart Fieldbook first.",
            &[],
        )));
    }
    let mut meter = Meter::new(progress, cancel);
    // Staged in a work folder whose held lock keeps another process's sweep away while the
    // database is open (a `restore-staging-` folder without a marker is swept at any open).
    let mut work = super::create::WorkDir::new(&dir)?;
    let checked = unpack_checked(&work.folder.path, file, passphrase, secrets, &mut meter, cancel)?;
    meter.phase(Phase::Replacing, 0)?;
    let staging = dir.join(format!("{STAGING_PREFIX}{}", uuid::Uuid::now_v7().simple()));
    work.folder.keep = true;
    let work_path = work.release();
    std::fs::rename(&work_path, &staging)?;
    let _ = std::fs::remove_file(staging.join(".lock"));
    let marker = write_marker(&dir, &staging, database).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;
    Ok(Restored { replaced: Some(marker.aside), ..checked })
}

fn db_file_name(db_path: &Path) -> Result<String> {
    Ok(db_path
        .file_name()
        .ok_or_else(|| Error::invalid("db", msg("The database path has no file name.", &[])))?
        .to_string_lossy()
        .into_owned())
}

/// Extracts the backup into `staging` and checks it all, writes back the passwords the keyring
/// lacks; the result has no `replaced` yet.
fn unpack_checked(
    staging: &Path,
    file: &Path,
    passphrase: Option<&SecretString>,
    secrets: &dyn SecretStore,
    meter: &mut Meter,
    cancel: &AtomicBool,
) -> Result<Restored> {
    let newest = crate::db::newest_migration();
    let admit = |header: &archive::Header| {
        if header.schema_version > newest { Err(archive::newer()) } else { Ok(()) }
    };
    let unpacked = unpack(file, passphrase, staging, true, meter, &admit)?;
    meter.phase(Phase::Checking, 0)?;
    run_sql(cancel, |stop| check_database(&unpacked.database, &unpacked.manifest, stop))?;
    std::fs::create_dir_all(staging.join("files"))?;
    meter.check()?;
    let (passwords_restored, passwords_kept) = put_secrets(secrets, &unpacked.secrets)?;
    meter.check()?;
    Ok(Restored { summary: unpacked.summary(), replaced: None, passwords_restored, passwords_kept })
}

/// Writes the synced marker that hands `staging` to [`finish`], with a fresh name for the folder
/// the current data goes to.
fn write_marker(dir: &Path, staging: &Path, database: String) -> Result<Marker> {
    let (_, stamp) = utc_now();
    let mut aside = format!("{REPLACED_PREFIX}{stamp}");
    for n in 2.. {
        if !dir.join(&aside).exists() {
            break;
        }
        aside = format!("{REPLACED_PREFIX}{stamp}-{n}");
    }
    let staging_name = staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let marker = Marker { staging: staging_name, aside, database };
    let json = serde_json::to_vec_pretty(&marker).map_err(std::io::Error::other)?;
    write_atomically(&dir.join(MARKER), &json)?;
    sync_dir(dir)?;
    Ok(marker)
}

/// Writes back the passwords the keyring lacks; returns (written, already there).
fn put_secrets(store: &dyn SecretStore, secrets: &[(crate::SecretId, SecretString)]) -> Result<(u32, u32)> {
    let keyring = |e: SecretError| Error::Keyring {
        field: "passwords",
        message: msg(
            "The backup's passwords cannot be put back, so nothing was restored: {error}",
            &[("error", &e.to_string())],
        ),
    };
    let (mut written, mut kept) = (0, 0);
    for (id, value) in secrets {
        match store.get(*id) {
            Ok(_) => kept += 1,
            Err(SecretError::Missing) => {
                store.set(*id, value.expose_secret()).map_err(keyring)?;
                written += 1;
            }
            Err(e) => return Err(keyring(e)),
        }
    }
    Ok((written, kept))
}

/// Whether a restore was interrupted after its check (its marker is there).
pub(crate) fn interrupted(dir: &Path) -> bool {
    dir.join(MARKER).exists()
}

/// Finishes an interrupted restore. The caller holds the data folder's lock exclusively.
pub(crate) fn finish_interrupted(dir: &Path) -> Result<()> {
    let bytes = std::fs::read(dir.join(MARKER))?;
    // Written atomically, so it is whole or absent; anything else is not ours to act on.
    let marker: Marker = serde_json::from_slice(&bytes).map_err(|_| {
        Error::Backup(msg(
            "A restore was interrupted and its record is unreadable; see the data folder.",
            &[],
        ))
    })?;
    log::info!("finishing the restore interrupted in {}", dir.display());
    Ok(finish(dir, &marker)?)
}

/// Moves the current data aside and the staged data in; each step is skipped once done, so this
/// can be run again after a crash at any point.
fn finish(dir: &Path, marker: &Marker) -> std::io::Result<()> {
    let staging = dir.join(&marker.staging);
    let aside = dir.join(&marker.aside);
    std::fs::create_dir_all(&aside)?;
    let live_db = dir.join(&marker.database);
    let staged_db = staging.join(archive::DATABASE);
    if staged_db.exists() {
        // While the staged database is still waiting, whatever is live is the old data.
        for suffix in ["-wal", "-shm", ""] {
            let name = format!("{}{suffix}", marker.database);
            move_if_there(&dir.join(&name), &aside.join(&name))?;
        }
        std::fs::rename(&staged_db, &live_db)?;
    }
    let staged_files = staging.join("files");
    if staged_files.exists() {
        move_if_there(&dir.join("files"), &aside.join("files"))?;
        std::fs::rename(&staged_files, dir.join("files"))?;
    }
    sync_dir(&aside)?;
    sync_dir(dir)?;
    match std::fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    // Nothing was there to replace (a fresh data folder).
    if std::fs::read_dir(&aside)?.next().is_none() {
        std::fs::remove_dir(&aside)?;
    }
    std::fs::remove_file(dir.join(MARKER))?;
    sync_dir(dir)
}

fn move_if_there(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}
