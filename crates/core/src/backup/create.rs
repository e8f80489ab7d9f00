//! Making a backup: a snapshot of the live database by SQLite's online backup API (one read
//! transaction, so it is consistent while other processes write), the blobs it lists pinned by hard links while
//! the file store is locked, the passwords read from the keyring when asked for, then one
//! streaming pass that writes the archive into a temp file beside the destination, which is
//! synced and renamed into place: a file under the chosen name is always complete.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use age::secrecy::zeroize::Zeroize;

use super::archive::{self, Hashing, Header, Manifest, Meter, Part, Writer};
use super::{CreateOptions, Phase, Progress, Summary, TempFolder, WORK_PREFIX, data_dir, run_sql, utc_now};
use sqlx::Connection;

use crate::db::{self, Single};
use crate::files::sync_dir;
use crate::locks;
use crate::messages::msg;
use crate::secrets::{SecretError, SecretStore};
use crate::{Error, Result, SecretId};

/// Makes a backup of the database at `db_path` (and its file store) into `dest`.
///
/// Blocking: run it in `spawn_blocking`. `progress` is called as the work advances; setting
/// `cancel` stops it, removing the temp file (the result is then [`Error::Cancelled`]). The
/// passwords are read from `secrets` only when `options.include_passwords` is set, which needs
/// a passphrase. An existing file under `dest` is replaced only once the new one is complete.
pub fn create(
    db_path: &Path,
    dest: &Path,
    options: &CreateOptions,
    secrets: &dyn SecretStore,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Summary> {
    if options.include_passwords && options.passphrase.is_none() {
        return Err(Error::invalid(
            "include_passwords",
            msg("Passwords can only be put in an encrypted backup: choose a passphrase.", &[]),
        ));
    }
    let mut meter = Meter::new(progress, cancel);
    let dir = data_dir(db_path);
    // Shared: a restore cannot swap the database while we read it.
    let _data = locks::open_shared(&dir)?;
    if !db_path.is_file() {
        return Err(Error::Backup(msg("There is no Fieldbook data to back up yet.", &[])));
    }
    let mut target = Target::prepare(dest)?;
    let work = WorkDir::new(&dir)?;
    meter.phase(Phase::Snapshot, 0)?;

    // Shared with other backups, exclusive of attach/delete/collection: no blob the snapshot
    // refers to can be removed until it is pinned (or, where hard links fail, copied).
    let store_root = dir.join("files");
    let store_lock = locks::store(&dir, false)?;
    let snapshot_path = work.folder.path.join(archive::DATABASE);
    let snap = run_sql(cancel, |stop| snapshot(db_path, &snapshot_path, stop)).map_err(snapshot_error)?;
    meter.check()?;
    let sources = pin_blobs(&store_root, &work.folder.path, &snap.blobs)?;
    let _store_lock = if sources.pinned {
        drop(store_lock);
        None
    } else {
        Some(store_lock)
    };

    // Read before anything is written: a locked keyring fails here, with nothing to undo.
    let mut secrets_json =
        if options.include_passwords { Some(read_secrets(secrets, &snap.secret_ids)?) } else { None };
    meter.check()?;

    let (created_at, _) = utc_now();
    let header = Header::new(snap.schema_version, created_at, options.include_passwords);
    let part = target.create_part()?;
    let written = std::thread::scope(|scope| -> Result<(Manifest, File)> {
        // Counting the rows of a large database takes a while; the counts go in the manifest at
        // the end, so they are counted while the parts are written.
        let counting = scope.spawn(|| run_sql(cancel, |stop| count_rows(&snapshot_path, stop)));
        let mut writer = Writer::new(part, options.passphrase.as_ref())?;
        let header_json = serde_json::to_vec_pretty(&header).map_err(std::io::Error::other)?;
        writer.add(archive::HEADER, header_json.len() as u64, &header_json[..])?;
        let db_size = std::fs::metadata(&snapshot_path)?.len();
        meter.phase(Phase::Writing, db_size + snap.blobs.iter().map(|(_, size)| size).sum::<u64>())?;
        let mut parts = Vec::with_capacity(snap.blobs.len() + 2);
        let (sha256, size) = writer.add_file(archive::DATABASE, &snapshot_path, &mut meter)?;
        parts.push(Part { name: archive::DATABASE.into(), size, sha256 });
        // Gone now, its pages need never reach the disk: they would be written back beside the
        // backup itself. (Where an open file cannot be removed, the work folder goes at the end.)
        let _ = std::fs::remove_file(&snapshot_path);
        for (sha, _) in &snap.blobs {
            let name = archive::blob_entry(sha);
            let (actual, size) = writer.add_file(&name, &sources.path(sha), &mut meter)?;
            if actual != *sha {
                log::error!("blob {sha} in the file store does not match its hash");
                return Err(Error::Backup(msg(
                    "An attached file in Fieldbook's file store is damaged (its contents no longer \
                     match), so the backup was not made.",
                    &[],
                )));
            }
            parts.push(Part { name, size, sha256: actual });
        }
        if let Some(json) = &secrets_json {
            let mut source = Hashing::new(&json[..], None);
            writer.add(archive::SECRETS, json.len() as u64, &mut source)?;
            let (sha256, size) = source.finish();
            parts.push(Part { name: archive::SECRETS.into(), size, sha256 });
        }
        let counts = counting.join().map_err(|_| std::io::Error::other("the counting thread panicked"))??;
        let manifest = Manifest { header: header.clone(), counts, parts };
        let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        writer.add(archive::MANIFEST, json.len() as u64, &json[..])?;
        Ok((manifest, writer.finish()?))
    });
    if let Some(json) = secrets_json.as_mut() {
        json.zeroize();
    }
    let (manifest, part) = written.map_err(|e| write_error(e, &meter, dest))?;
    meter.check()?;
    let size = target.commit(part).map_err(|e| write_error(e.into(), &meter, dest))?;
    Ok(Summary::new(&manifest, options.passphrase.is_some(), size))
}

/// A sentence for a snapshot that could not be written (it goes into the data folder first).
fn snapshot_error(error: Error) -> Error {
    let full = match &error {
        Error::Db(sqlx::Error::Database(e)) => e.code().as_deref() == Some("13"),
        Error::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
        _ => false,
    };
    if !full {
        return error;
    }
    log::warn!("snapshot for a backup: {error}");
    Error::Backup(msg(
        "There is not enough free space in Fieldbook's data folder for the copy of the database a \
         backup is made from. No backup file was made.",
        &[],
    ))
}

/// A sentence for a failure while writing (the path goes to the log only).
fn write_error(error: Error, meter: &Meter<'_>, dest: &Path) -> Error {
    if meter.cancelled() {
        return Error::Cancelled;
    }
    let Error::Io(io) = error else { return error };
    log::info!("writing the backup {} failed: {io}", dest.display());
    use std::io::ErrorKind as K;
    let why = match io.kind() {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => {
            msg("there is not enough free space in the chosen folder", &[])
        }
        K::NotFound => msg("the chosen folder is no longer there (was a drive removed?)", &[]),
        K::PermissionDenied | K::ReadOnlyFilesystem => {
            msg("Fieldbook is not allowed to write to the chosen folder", &[])
        }
        _ => msg("of an error: {error}", &[("error", &io.to_string())]),
    };
    Error::Backup(msg(
        "The backup could not be written because {why}. No backup file was made.",
        &[("why", &why)],
    ))
}

/// The destination and its temp file (`.NAME.part` beside it, locked while being written).
struct Target {
    dest: PathBuf,
    part: PathBuf,
    folder: PathBuf,
    created: bool,
    done: bool,
}

impl Target {
    fn prepare(dest: &Path) -> Result<Self> {
        let name = dest
            .file_name()
            .ok_or_else(|| Error::invalid("file", msg("Choose a file name for the backup.", &[])))?
            .to_string_lossy()
            .into_owned();
        let folder = data_dir(dest);
        if !folder.is_dir() {
            log::info!("backup folder {} does not exist", folder.display());
            return Err(Error::Backup(msg(
                "The chosen folder does not exist. No backup file was made.",
                &[],
            )));
        }
        if dest.is_dir() {
            return Err(Error::invalid("file", msg("The chosen name is a folder; choose a file name.", &[])));
        }
        Ok(Self {
            dest: dest.to_owned(),
            part: folder.join(format!(".{name}.part")),
            folder,
            created: false,
            done: false,
        })
    }

    /// Creates (or takes over a stale) temp file, locked so that two backups to one name do not
    /// write into each other.
    fn create_part(&mut self) -> Result<File> {
        let file =
            OpenOptions::new().write(true).create(true).truncate(false).open(&self.part).map_err(|e| {
                log::info!("cannot create {}: {e}", self.part.display());
                Error::Backup(msg(
                    "The backup cannot be written in the chosen folder ({error}).",
                    &[("error", &e.to_string())],
                ))
            })?;
        if !locks::try_lock(&file, true)? {
            return Err(Error::Backup(msg(
                "Another backup is being written to this file right now; wait for it to finish.",
                &[],
            )));
        }
        // Ours from here on: removed if we fail (never before: it may be another backup's).
        self.created = true;
        file.set_len(0)?;
        Ok(file)
    }

    /// Syncs the complete temp file, renames it into place and syncs the folder; its size.
    fn commit(mut self, file: File) -> std::io::Result<u64> {
        file.sync_all()?;
        let size = file.metadata()?.len();
        std::fs::rename(&self.part, &self.dest)?;
        self.done = true;
        sync_dir(&self.folder)?;
        drop(file);
        Ok(size)
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if self.created && !self.done {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}

/// The work folder in the data folder (`backup-work-…`): the snapshot and the pinned blobs.
/// A `.lock` inside, held while we work, tells a sweep whether its owner still runs.
pub(super) struct WorkDir {
    pub(super) folder: TempFolder,
    lock: Option<File>,
}

impl WorkDir {
    pub(super) fn new(data_dir: &Path) -> Result<Self> {
        let folder = TempFolder::new(data_dir, WORK_PREFIX)?;
        let lock = OpenOptions::new().write(true).create_new(true).open(folder.path.join(".lock"))?;
        lock.lock()?;
        Ok(Self { folder, lock: Some(lock) })
    }

    /// Lets go of the lock (Windows cannot rename a folder with a file open inside) and returns
    /// the folder's path.
    pub(super) fn release(&mut self) -> std::path::PathBuf {
        self.lock = None;
        self.folder.path.clone()
    }
}

/// Whether a work folder was left by a process that is gone (its lock can be taken).
pub(super) fn work_dir_is_stale(path: &Path) -> bool {
    match OpenOptions::new().write(true).open(path.join(".lock")) {
        Ok(file) => locks::try_lock(&file, true).unwrap_or(false),
        // Killed before it made its lock.
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// What the snapshot holds (its row counts are counted while the archive is written).
struct Snapshot {
    schema_version: i64,
    /// (sha256, size), sorted.
    blobs: Vec<(String, u64)>,
    secret_ids: Vec<SecretId>,
}

async fn snapshot(db_path: &Path, out: &Path, stop: Arc<AtomicBool>) -> Result<Snapshot> {
    db::snapshot(db_path, out).await?;
    // Also makes the copy a rollback-journal database: one self-contained file.
    let mut copy = db::connect_one(out, Single::Snapshot, stop).await?;
    let (schema_version, blobs) = super::verify::schema_and_blobs(&mut copy).await?;
    let secret_ids = sqlx::query_scalar("SELECT id FROM secrets ORDER BY id").fetch_all(&mut copy).await?;
    copy.close().await?;
    Ok(Snapshot { schema_version, blobs, secret_ids })
}

async fn count_rows(
    snapshot: &Path,
    stop: Arc<AtomicBool>,
) -> Result<std::collections::BTreeMap<String, u64>> {
    let mut conn = db::connect_one(snapshot, Single::Read, stop).await?;
    let counts = super::verify::counts(&mut conn).await?;
    conn.close().await?;
    Ok(counts)
}

/// Where each blob is read from while writing.
struct Sources {
    pinned: bool,
    pinned_dir: PathBuf,
    store_root: PathBuf,
}

impl Sources {
    fn path(&self, sha: &str) -> PathBuf {
        if self.pinned { self.pinned_dir.join(sha) } else { self.store_root.join(&sha[..2]).join(sha) }
    }
}

/// Hard-links every blob into the work folder, so a delete after the store lock is released
/// cannot take its contents away. Where the file system has no hard links, reports that and the
/// caller keeps the lock while it writes instead.
fn pin_blobs(store_root: &Path, work: &Path, blobs: &[(String, u64)]) -> Result<Sources> {
    let missing = blobs.iter().filter(|(sha, _)| !store_root.join(&sha[..2]).join(sha).is_file()).count();
    if missing > 0 {
        log::error!("{missing} blobs listed in the database are missing from the file store");
        log::info!("file store: {}", store_root.display());
        return Err(Error::Backup(msg(
            "{missing} attached file(s) are missing from Fieldbook's file store, so a complete \
             backup cannot be made.",
            &[("missing", &missing.to_string())],
        )));
    }
    let pinned_dir = work.join("blobs");
    std::fs::create_dir_all(&pinned_dir)?;
    let mut sources = Sources { pinned: true, pinned_dir, store_root: store_root.to_owned() };
    for (sha, _) in blobs {
        if let Err(e) = std::fs::hard_link(store_root.join(&sha[..2]).join(sha), sources.pinned_dir.join(sha))
        {
            log::info!("no hard links in the file store ({e}); holding its lock while backing up");
            sources.pinned = false;
            break;
        }
    }
    Ok(sources)
}

/// Reads every password the snapshot refers to, as `secrets.json`. A password missing from the
/// keyring (removed outside Fieldbook) is left out; a locked or absent keyring fails.
fn read_secrets(store: &dyn SecretStore, ids: &[SecretId]) -> Result<Vec<u8>> {
    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        match store.get(*id) {
            Ok(value) => entries.push(serde_json::json!({ "id": id, "value": value })),
            Err(SecretError::Missing) => log::warn!("secret {id} is not in the keyring; left out"),
            Err(e) => {
                return Err(Error::Keyring {
                    field: "include_passwords",
                    message: msg(
                        "The passwords cannot be read for the backup: {error}",
                        &[("error", &e.to_string())],
                    ),
                });
            }
        }
    }
    let json = serde_json::to_vec(&entries).map_err(std::io::Error::other)?;
    Ok(json)
}
