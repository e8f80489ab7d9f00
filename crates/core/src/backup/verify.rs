//! Reading a backup back and checking all of it: every part's size and SHA-256 against the
//! manifest, SQLite's integrity check on the database, its row counts against the manifest, and
//! every blob its `blobs` table lists present with the right contents. `restore` uses the same
//! reading, keeping what it extracts.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use age::secrecy::SecretString;
use age::secrecy::zeroize::Zeroize;
use sqlx::{Connection, SqliteConnection};

use super::archive::{self, Hashing, Header, Manifest, Meter, damaged, incomplete, not_a_backup};
use super::hashing::copy_hashed;
use super::{Phase, Progress, Summary, TempFolder, open_backup, run_sql};
use crate::db::{self, Single};
use crate::files::sync_dir;
use crate::messages::msg;
use crate::{Error, Result, SecretId};

/// Reads and checks the backup `file` completely without changing anything (the database is
/// extracted into a private folder in the user's cache folder for SQLite's integrity check, then
/// removed).
///
/// Blocking: run it in `spawn_blocking`. An encrypted backup needs its `passphrase`.
pub fn verify(
    file: &Path,
    passphrase: Option<&SecretString>,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Summary> {
    let mut meter = Meter::new(progress, cancel);
    // The user's cache folder rather than /tmp, which is often a small RAM disk and shared.
    let parent = dirs::cache_dir().map_or_else(std::env::temp_dir, |d| d.join(crate::APP_IDENTIFIER));
    let temp = TempFolder::new(&parent, "verify-")?;
    let unpacked = unpack(file, passphrase, &temp.path, false, &mut meter, &|_| Ok(()))?;
    meter.phase(Phase::Checking, 0)?;
    run_sql(cancel, |stop| check_database(&unpacked.database, &unpacked.manifest, stop))?;
    meter.check()?;
    Ok(unpacked.summary())
}

/// A backup read into a folder: the manifest, the database file, the blobs (when kept) under
/// `files/`, and the passwords when the backup has them.
pub(crate) struct Unpacked {
    pub manifest: Manifest,
    pub database: PathBuf,
    pub secrets: Vec<(SecretId, SecretString)>,
    pub encrypted: bool,
    pub size: u64,
}

impl Unpacked {
    pub(crate) fn summary(&self) -> Summary {
        Summary::new(&self.manifest, self.encrypted, self.size)
    }
}

/// Reads the backup `file` into `dest`: the database always, the blobs only when `keep_blobs`
/// (else they are only hashed), synced when `durable`. `admit` sees the header before anything
/// is extracted and may refuse it. Checks every part against the manifest.
pub(crate) fn unpack(
    file: &Path,
    passphrase: Option<&SecretString>,
    dest: &Path,
    keep_blobs: bool,
    meter: &mut Meter<'_>,
    admit: &dyn Fn(&Header) -> Result<()>,
) -> Result<Unpacked> {
    let durable = keep_blobs;
    let mut input = open_backup(file)?;
    let encrypted = archive::is_encrypted(&mut input)?;
    let size = input.metadata()?.len();
    meter.phase(Phase::Reading, size)?;
    let cancel_flag = meter.cancelled_flag();
    let at_end = Cell::new(false);
    let stream = archive::open_stream(input, passphrase, |n| {
        if n == 0 {
            at_end.set(true);
        }
        meter.advance(n)
    })?;
    // Turns a read error into the right sentence: cancelled, cut short, or damaged.
    let fail = |e: io::Error| -> Error {
        if cancel_flag.load(std::sync::atomic::Ordering::Relaxed) {
            return Error::Cancelled;
        }
        log::info!("reading backup {}: {e}", file.display());
        let cut_short = e.kind() == io::ErrorKind::UnexpectedEof
            || (at_end.get() && matches!(e.kind(), io::ErrorKind::Other | io::ErrorKind::InvalidData));
        if cut_short { incomplete() } else { damaged() }
    };

    let mut tar = tar::Archive::new(stream);
    let mut entries = tar.entries().map_err(fail)?;
    let header: Header = match entries.next() {
        Some(Ok(mut entry)) if entry.path_bytes().as_ref() == archive::HEADER.as_bytes() => {
            let declared = entry.size();
            let bytes = read_small(&mut entry).map_err(fail)?;
            if (bytes.len() as u64) < declared {
                return Err(incomplete());
            }
            serde_json::from_slice(&bytes).map_err(|_| not_a_backup())?
        }
        // A plain file that is not a tar stream fails its first header's checksum.
        Some(Err(e)) if encrypted || cancel_flag.load(std::sync::atomic::Ordering::Relaxed) => {
            return Err(fail(e));
        }
        _ => return Err(not_a_backup()),
    };
    archive::check_header(&header)?;
    admit(&header)?;

    let database = dest.join(archive::DATABASE);
    let files = dest.join("files");
    let mut seen: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut manifest: Option<Manifest> = None;
    let mut secrets_json: Option<Vec<u8>> = None;
    for entry in entries {
        let mut entry = entry.map_err(fail)?;
        if manifest.is_some() {
            return Err(damaged());
        }
        let name = String::from_utf8(entry.path_bytes().into_owned()).map_err(|_| damaged())?;
        let declared = entry.size();
        let (sha, got) = if name == archive::DATABASE {
            extract(&mut entry, Some(&database), durable).map_err(fail)?
        } else if let Some(sha) = archive::blob_sha(&name) {
            let out = keep_blobs.then(|| files.join(&sha[..2]).join(sha));
            extract(&mut entry, out.as_deref(), durable).map_err(fail)?
        } else if name == archive::MANIFEST {
            // Describes the other parts, not itself.
            let bytes = read_small(&mut entry).map_err(fail)?;
            if (bytes.len() as u64) < declared {
                return Err(incomplete());
            }
            manifest = Some(serde_json::from_slice(&bytes).map_err(|_| damaged())?);
            continue;
        } else if name == archive::SECRETS {
            let bytes = read_small(&mut entry).map_err(fail)?;
            let hashed = Hashing::new(&bytes[..], None).finish_reading().map_err(fail)?;
            secrets_json = Some(bytes);
            hashed
        } else {
            return Err(damaged());
        };
        if got < declared {
            return Err(incomplete());
        }
        if seen.insert(name, (got, sha)).is_some() {
            return Err(damaged());
        }
    }
    drop(tar);
    if meter.cancelled() {
        return Err(Error::Cancelled);
    }
    let Some(manifest) = manifest else { return Err(incomplete()) };

    // Every part as recorded, nothing more, nothing less; a blob's name is its hash.
    let matches = manifest.header == header
        && manifest.parts.len() == seen.len()
        && manifest.parts.iter().all(|p| seen.get(&p.name) == Some(&(p.size, p.sha256.clone())))
        && seen.iter().all(|(name, (_, sha))| archive::blob_sha(name).is_none_or(|n| n == sha))
        && seen.contains_key(archive::DATABASE)
        && header.passwords_included == secrets_json.is_some();
    if !matches {
        return Err(damaged());
    }
    if durable {
        sync_tree(dest)?;
    }
    let secrets = match secrets_json {
        Some(mut bytes) => {
            let parsed = parse_secrets(&bytes);
            bytes.zeroize();
            parsed?
        }
        None => Vec::new(),
    };
    Ok(Unpacked { manifest, database, secrets, encrypted, size })
}

/// A JSON entry, refusing anything too large to be ours.
fn read_small(entry: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    entry.take(archive::MAX_JSON + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > archive::MAX_JSON {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "JSON entry too large"));
    }
    Ok(bytes)
}

/// Copies an entry into `out` (or only hashes it), returning its hash and size.
fn extract(entry: &mut impl Read, out: Option<&Path>, durable: bool) -> io::Result<(String, u64)> {
    let Some(path) = out else {
        let mut source = Hashing::new(entry, None);
        io::copy(&mut source, &mut io::sink())?;
        return Ok(source.finish());
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = File::create(path)?;
    // Written and hashed on two threads (the progress is metered on the file's own bytes).
    let (quiet, mut report) = (AtomicBool::new(false), |_| {});
    let hashed = copy_hashed(entry, &mut file, &mut Meter::new(&mut report, &quiet))?;
    if durable {
        file.sync_all()?;
    }
    Ok(hashed)
}

/// Syncs the folders extracted into (the files themselves were synced as they were written).
fn sync_tree(dest: &Path) -> io::Result<()> {
    let files = dest.join("files");
    if let Ok(dirs) = std::fs::read_dir(&files) {
        for dir in dirs.flatten() {
            sync_dir(&dir.path())?;
        }
        sync_dir(&files)?;
    }
    sync_dir(dest)
}

fn parse_secrets(bytes: &[u8]) -> Result<Vec<(SecretId, SecretString)>> {
    #[derive(serde::Deserialize)]
    struct Entry {
        id: SecretId,
        value: String,
    }
    let entries: Vec<Entry> = serde_json::from_slice(bytes).map_err(|_| damaged())?;
    Ok(entries.into_iter().map(|e| (e.id, SecretString::from(e.value))).collect())
}

/// What the checks and the manifest need from a database.
pub(crate) struct Facts {
    pub schema_version: i64,
    pub counts: BTreeMap<String, u64>,
    /// (sha256, size), sorted.
    pub blobs: Vec<(String, u64)>,
}

/// The schema version, the rows per table and the blobs of a database.
pub(crate) async fn facts(conn: &mut SqliteConnection) -> Result<Facts> {
    let (schema_version, blobs) = schema_and_blobs(conn).await?;
    Ok(Facts { schema_version, counts: counts(conn).await?, blobs })
}

/// The highest applied migration and the blobs (sha256, size), sorted.
pub(crate) async fn schema_and_blobs(conn: &mut SqliteConnection) -> Result<(i64, Vec<(String, u64)>)> {
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await?;
    let blobs: Vec<(String, i64)> =
        sqlx::query_as("SELECT sha256, size FROM blobs ORDER BY sha256").fetch_all(&mut *conn).await?;
    Ok((schema_version.unwrap_or(0), blobs.into_iter().map(|(sha, size)| (sha, size as u64)).collect()))
}

/// Rows per table; virtual tables are left out (their contents are in their shadow tables, which
/// are counted).
pub(crate) async fn counts(conn: &mut SqliteConnection) -> Result<BTreeMap<String, u64>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = BTreeMap::new();
    for table in tables {
        // A name from the schema itself, quoted as an identifier.
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *conn).await?;
        counts.insert(table, n as u64);
    }
    Ok(counts)
}

/// SQLite's integrity check, the schema version and row counts against the manifest, and every
/// blob the database lists present in the manifest with its size.
pub(crate) async fn check_database(path: &Path, manifest: &Manifest, stop: Arc<AtomicBool>) -> Result<()> {
    let mut conn = db::connect_one(path, Single::Copy, stop).await?;
    let result: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await?;
    if result != ["ok"] {
        log::warn!("integrity_check of the backup's database: {result:?}");
        return Err(Error::Backup(msg(
            "The database inside the backup file is damaged (SQLite's integrity check failed).",
            &[],
        )));
    }
    let facts = facts(&mut conn).await?;
    conn.close().await?;
    let parts: BTreeMap<&str, u64> = manifest.parts.iter().map(|p| (p.name.as_str(), p.size)).collect();
    let blobs_present =
        facts.blobs.iter().all(|(sha, size)| parts.get(archive::blob_entry(sha).as_str()) == Some(size));
    if facts.schema_version != manifest.header.schema_version
        || facts.counts != manifest.counts
        || !blobs_present
    {
        return Err(damaged());
    }
    Ok(())
}

impl<R: Read> Hashing<'_, '_, R> {
    /// Reads to the end, then returns the hash and size.
    pub(crate) fn finish_reading(mut self) -> io::Result<(String, u64)> {
        io::copy(&mut self, &mut io::sink())?;
        Ok(self.finish())
    }
}
