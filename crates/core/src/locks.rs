//! OS file locks that keep processes on one data folder (the app, the CLI, a second window) from
//! stepping on each other:
//!
//! - [`DATA_LOCK_FILE`] in the data folder: every open [`crate::Core`] (and a backup being made)
//!   holds it *shared* for its lifetime; a restore takes it *exclusively*, so it never swaps the
//!   database under a process that has it open.
//! - [`STORE_LOCK_FILE`] in `files/`: attach, delete and garbage collection take it
//!   *exclusively* (inside the in-process mutex); a backup takes it *shared* while it snapshots
//!   the database and pins the blobs the snapshot refers to, so none of them can disappear.
//!
//! These are `flock`-style locks (std's `File::lock*`: `flock` on Unix, `LockFileEx` on Windows):
//! they belong to an open file, so two opens in one process exclude each other like two
//! processes do, and the OS drops them when the process dies — a killed process never leaves a
//! stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::Duration;

use crate::messages::msg;
use crate::{Error, Result};

/// The lock file in the data folder (next to the database).
pub const DATA_LOCK_FILE: &str = "fieldbook.lock";

/// The file store's lock file, in the data folder beside `files/` (not inside it, where every
/// entry is a folder of blobs).
pub const STORE_LOCK_FILE: &str = "files.lock";

/// How long opening waits for another process that is finishing an interrupted restore or
/// holds the folder for a moment, before saying so.
// Long enough for the app that staged a restore to exit while its restarted self waits.
const OPEN_WAIT: Duration = Duration::from_secs(10);

/// Shared hold on a data folder; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

/// Opens `path` for locking, creating it if needed.
fn lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)
}

/// Takes the shared data-folder lock for a process that opens the database: first finishing a
/// restore that was interrupted (see `backup::restore`), then removing what killed backups and
/// restores left behind. Blocking: call it off the async threads.
pub(crate) fn open_shared(dir: &Path) -> Result<DataLock> {
    std::fs::create_dir_all(dir)?;
    let file = lock_file(&dir.join(DATA_LOCK_FILE))?;
    let started = std::time::Instant::now();
    loop {
        if crate::backup::restore::interrupted(dir) {
            // Finishing needs the folder to itself; whoever else holds it is finishing it too.
            if try_lock(&file, true)? {
                let finished = crate::backup::restore::finish_interrupted(dir);
                file.unlock()?;
                finished?;
            }
        } else if try_lock(&file, false)? {
            // A restore may have written its marker and died between our look and our lock.
            if !crate::backup::restore::interrupted(dir) {
                crate::backup::sweep_leftovers(dir);
                return Ok(DataLock { _file: file });
            }
            file.unlock()?;
            continue;
        }
        if started.elapsed() > OPEN_WAIT {
            return Err(Error::InUse(msg(
                "Fieldbook's data is being restored from a backup in another window or process; \
                 try again when that has finished.",
                &[],
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Exclusive hold on a data folder for a restore. Refuses at once when any process has it.
pub(crate) fn exclusive(dir: &Path) -> Result<DataLock> {
    std::fs::create_dir_all(dir)?;
    let file = lock_file(&dir.join(DATA_LOCK_FILE))?;
    if try_lock(&file, true)? {
        Ok(DataLock { _file: file })
    } else {
        Err(Error::InUse(msg("Fieldbook is open in another window or process; close it and try again.", &[])))
    }
}

/// The file store's lock in `data_dir`: exclusive for attach, delete and collection, shared for
/// a backup. Blocks until it is free: call it off the async threads.
pub(crate) fn store(data_dir: &Path, exclusive: bool) -> std::io::Result<File> {
    std::fs::create_dir_all(data_dir)?;
    let file = lock_file(&data_dir.join(STORE_LOCK_FILE))?;
    if exclusive {
        file.lock()?
    } else {
        file.lock_shared()?
    }
    Ok(file)
}

/// Tries a lock without waiting: `Ok(false)` when another open file holds it.
pub(crate) fn try_lock(file: &File, exclusive: bool) -> std::io::Result<bool> {
    let result = if exclusive { file.try_lock() } else { file.try_lock_shared() };
    match result {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(e),
    }
}
