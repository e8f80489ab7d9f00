//! Opening the SQLite database: pragmas, the one writer and the read pool, migrations.
//! This is the only place that knows how the database is opened.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};

use crate::Result;
use crate::messages::msg;

/// A write transaction on the single writer connection.
pub type WriteTx = Transaction<'static, Sqlite>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Readers beside the writer; SQLite in WAL mode lets them run while a write is in progress.
const READERS: u32 = 4;

/// Each reader's page cache (SQLite's `cache_size`, negative = KiB): 16 MiB keeps the hot part
/// of the search index in memory when the OS page cache is small (a field laptop, a VM), at most
/// 64 MiB for the four readers. SQLite's default is 2 MiB.
pub const READER_CACHE_KIB: u32 = 16 * 1024;

/// The writer's page cache: large writes (an import of 100,000 rows updates the tables, their
/// indexes and the search index in one transaction) slow down sharply when their working set
/// does not fit; 64 MiB is the most the writer can hold. SQLite's default is 2 MiB.
pub const WRITER_CACHE_KIB: u32 = 64 * 1024;

/// The highest migration version this build knows: a database (or a backup of one) with a
/// higher applied version was made by a newer Fieldbook.
pub fn newest_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Copies the live database at `src` into the new file `dest` with SQLite's online backup API,
/// every page in one step: one read transaction, so the copy is consistent however much other
/// connections and processes write meanwhile (WAL readers do not block writers), and a page
/// copy, 2-3x faster than `VACUUM INTO`, which rebuilds every table and index. The copy is a
/// temp file read once, so it is written without journal or fsync.
pub(crate) async fn snapshot(src: &Path, dest: &Path) -> Result<()> {
    use libsqlite3_sys as ffi;
    let mut from =
        SqliteConnectOptions::new().filename(src).busy_timeout(Duration::from_secs(5)).connect().await?;
    let mut to = SqliteConnectOptions::new()
        .filename(dest)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Off)
        .synchronous(SqliteSynchronous::Off)
        .connect()
        .await?;
    let (step, finish) = {
        let mut to_handle = to.lock_handle().await?;
        let mut from_handle = from.lock_handle().await?;
        let to_db = to_handle.as_raw_handle().as_ptr();
        let from_db = from_handle.as_raw_handle().as_ptr();
        // SAFETY: both pointers are open connections that sqlx has locked for us (their worker
        // threads leave them alone until the guards drop, after this block); the backup object
        // is created, stepped and finished here and never escapes.
        unsafe {
            let backup = ffi::sqlite3_backup_init(to_db, c"main".as_ptr(), from_db, c"main".as_ptr());
            if backup.is_null() {
                (ffi::sqlite3_errcode(to_db), ffi::SQLITE_OK)
            } else {
                (ffi::sqlite3_backup_step(backup, -1), ffi::sqlite3_backup_finish(backup))
            }
        }
    };
    from.close().await?;
    to.close().await?;
    if step == ffi::SQLITE_DONE && finish == ffi::SQLITE_OK {
        return Ok(());
    }
    let full = [step, finish].iter().any(|&code| code & 0xff == ffi::SQLITE_FULL);
    let kind = if full { std::io::ErrorKind::StorageFull } else { std::io::ErrorKind::Other };
    let message = msg(
        "SQLite's backup failed (codes {step}, {finish})",
        &[("step", &step.to_string()), ("finish", &finish.to_string())],
    );
    Err(std::io::Error::new(kind, message).into())
}

/// One connection outside the pools, for backups (`backup/`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Single {
    /// A fresh snapshot, switched to rollback journaling so it is one self-contained file;
    /// without fsync (`synchronous=FULL` here would flush the whole just-written file to disk,
    /// half a second per gigabyte, for a temp file read once).
    Snapshot,
    /// An extracted copy, owned by the caller: checked, counted, and switched to rollback
    /// journaling like a snapshot, durably.
    Copy,
    /// The same, only read (beside another reader of the file).
    Read,
}

/// Opens one connection to `path` for `purpose`. Setting `stop` interrupts the statement that
/// is running (an integrity check or the row counts of a large database take seconds).
pub(crate) async fn connect_one(
    path: &Path,
    purpose: Single,
    stop: Arc<AtomicBool>,
) -> Result<SqliteConnection> {
    let options = SqliteConnectOptions::new().filename(path).busy_timeout(Duration::from_secs(5));
    let options = match purpose {
        Single::Snapshot => {
            options.journal_mode(SqliteJournalMode::Delete).synchronous(SqliteSynchronous::Off)
        }
        Single::Copy => options.journal_mode(SqliteJournalMode::Delete).synchronous(SqliteSynchronous::Full),
        Single::Read => options.read_only(true),
    };
    let mut conn = options.connect().await?;
    // SQLite calls this every 10,000 virtual machine steps; false interrupts the statement.
    conn.lock_handle().await?.set_progress_handler(10_000, move || !stop.load(Ordering::Relaxed));
    Ok(conn)
}

/// The database: one writer connection (SQLite allows one writer at a time anyway, and queueing in
/// the pool is fairer than SQLITE_BUSY retries) and a small pool of read-only connections.
#[derive(Clone, Debug)]
pub struct Db {
    writer: SqlitePool,
    readers: SqlitePool,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a power cut on a field laptop must not lose a committed note.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Rebuilding indexes after a large download takes seconds by design: not a warning.
            .log_slow_statements(log::LevelFilter::Info, Duration::from_secs(1));
        // macOS's fsync() leaves the data in the drive's cache; only F_FULLFSYNC reaches the
        // disk, and SQLite uses it only when asked. (std's sync_all, used by the file store,
        // already does on Apple platforms.)
        #[cfg(target_vendor = "apple")]
        let options = options.pragma("fullfsync", "ON").pragma("checkpoint_fullfsync", "ON");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                options.clone().create_if_missing(true).pragma("cache_size", format!("-{WRITER_CACHE_KIB}")),
            )
            .await?;
        // Indexes a download set aside when it was cut short by a crash (sync/bulk.rs) go back
        // before migrations, which expect the schema they left; the search index is rebuilt after.
        crate::sync::bulk::before_migrations(&mut *writer.acquire().await?).await?;
        crate::search::rebuild::remove_leftovers(path);
        MIGRATOR.run(&writer).await?;
        crate::sync::bulk::after_migrations(&mut *writer.acquire().await?).await?;
        // Generated from the schema the migrations just made (sync/capture.rs).
        crate::sync::capture::install(&mut *writer.acquire().await?).await?;
        let readers = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options.read_only(true).pragma("cache_size", format!("-{READER_CACHE_KIB}")))
            .await?;
        Ok(Self { writer, readers, path: path.to_owned() })
    }

    /// The database file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Begins a write transaction. IMMEDIATE takes the write lock up front: a deferred transaction
    /// that reads first and writes later can fail with SQLITE_BUSY instead of waiting.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The writer connection itself, for work that must set a connection pragma outside a
    /// transaction (sync applies pulled rows with foreign keys off; see sync/replica.rs).
    pub(crate) async fn writer_conn(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>> {
        Ok(self.writer.acquire().await?)
    }

    /// The read-only pool, for queries outside a write transaction.
    pub fn reader(&self) -> &SqlitePool {
        &self.readers
    }

    /// Checkpoints the WAL into the database file (so the file alone is current) and closes
    /// both pools.
    pub async fn close(&self) {
        self.readers.close().await;
        // Busy only while another process reads; SQLite checkpoints when the last one closes.
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.writer).await;
        self.writer.close().await;
    }
}
