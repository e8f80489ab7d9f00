//! Automatic backups: once a day, before every import and before every migration, into a folder
//! the user picks (an external drive, a synced folder), keeping the newest N. The settings and
//! the last result live in the `settings` table (`backup.*` keys; local to this machine: the
//! folder is a path on it). Automatic backups are not encrypted and hold no passwords (the
//! passphrase would have to be stored somewhere); "Back up now…" offers both.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CreateOptions, Progress, Summary, utc_now};
use crate::db::Db;
use crate::messages::msg;
use crate::secrets::SecretStore;
use crate::settings::{put_setting, read_settings};
use crate::{Error, Result};

/// How many automatic backups are kept unless the user says otherwise.
pub const DEFAULT_KEEP: u32 = 7;
/// A warning shows when the last good backup is older than this.
pub const STALE_AFTER_DAYS: i64 = 7;
/// Automatic backup files are `fieldbook-<UTC time>-<reason>.fbbackup`; only these are pruned.
const PREFIX: &str = "fieldbook-";
const EXTENSION: &str = ".fbbackup";

const FOLDER: &str = "backup.folder";
const KEEP: &str = "backup.keep";
const LAST_OK: &str = "backup.last_ok_at";
const LAST_ATTEMPT: &str = "backup.last_attempt_at";
const LAST_ERROR: &str = "backup.last_error";
const LAST_FILE: &str = "backup.last_file";

/// Where automatic backups go and how many are kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoBackupSettings {
    /// The folder, or `None`: automatic backups are off.
    pub folder: Option<String>,
    /// How many automatic backups are kept (1–365); older ones are removed.
    pub keep: u32,
}

/// What Settings → Backup shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct BackupStatus {
    pub settings: AutoBackupSettings,
    /// When the last backup that succeeded was made (UTC, ISO 8601).
    pub last_ok_at: Option<String>,
    /// When the last one was tried.
    pub last_attempt_at: Option<String>,
    /// Why the last one failed, when it did.
    pub last_error: Option<String>,
    /// The file name of the last good automatic backup.
    pub last_file: Option<String>,
    /// No good backup in the last [`STALE_AFTER_DAYS`] days (or none at all).
    pub stale: bool,
}

/// Why an automatic backup is made; it names the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Daily,
    BeforeImport,
    BeforeMigration,
}

impl Reason {
    fn tag(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::BeforeImport => "before-import",
            Self::BeforeMigration => "before-update",
        }
    }
}

/// The automatic backups service.
pub struct Backups<'a> {
    db: &'a Db,
    db_path: &'a Path,
    secrets: &'a Arc<dyn SecretStore>,
}

impl<'a> Backups<'a> {
    pub(crate) fn new(db: &'a Db, db_path: &'a Path, secrets: &'a Arc<dyn SecretStore>) -> Self {
        Self { db, db_path, secrets }
    }

    /// The settings and the last result.
    pub async fn status(&self) -> Result<BackupStatus> {
        let values = read_settings(self.db.reader(), "backup.").await?;
        let get = |key: &str| values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let last_ok_at = get(LAST_OK);
        let stale = last_ok_at.as_deref().is_none_or(|at| older_than(at, STALE_AFTER_DAYS * 86_400));
        Ok(BackupStatus {
            settings: AutoBackupSettings {
                folder: get(FOLDER),
                keep: get(KEEP).and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP),
            },
            last_ok_at,
            last_attempt_at: get(LAST_ATTEMPT),
            last_error: get(LAST_ERROR),
            last_file: get(LAST_FILE),
            stale,
        })
    }

    /// Saves where automatic backups go (the folder must exist) and how many are kept.
    pub async fn set_settings(&self, settings: AutoBackupSettings) -> Result<BackupStatus> {
        if !(1..=365).contains(&settings.keep) {
            return Err(Error::invalid("keep", msg("Keep between 1 and 365 backups.", &[])));
        }
        let folder = settings.folder.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
        if let Some(folder) = &folder
            && !Path::new(folder).is_dir()
        {
            return Err(Error::invalid(
                "folder",
                msg("That folder does not exist (is the drive connected?).", &[]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        put_setting(&mut tx, FOLDER, folder.as_deref()).await?;
        put_setting(&mut tx, KEEP, Some(&settings.keep.to_string())).await?;
        tx.commit().await?;
        self.status().await
    }

    /// Whether the daily backup is due: a folder is set and no backup was tried in 24 hours.
    pub async fn due(&self) -> Result<bool> {
        let status = self.status().await?;
        Ok(status.settings.folder.is_some()
            && status.last_attempt_at.as_deref().is_none_or(|at| older_than(at, 86_400)))
    }

    /// Makes an automatic backup into the folder from the settings, removes the oldest beyond
    /// the number to keep, and records the result (a failure too, for Settings to show).
    /// `Ok(None)` when automatic backups are off.
    pub async fn run(
        &self,
        reason: Reason,
        progress: impl FnMut(Progress) + Send + 'static,
        cancel: Arc<AtomicBool>,
    ) -> Result<Option<Summary>> {
        let status = self.status().await?;
        let Some(folder) = status.settings.folder else { return Ok(None) };
        let (db_path, secrets) = (self.db_path.to_owned(), Arc::clone(self.secrets));
        let keep = status.settings.keep;
        let made = tokio::task::spawn_blocking(move || {
            make(&db_path, Path::new(&folder), reason, keep, secrets.as_ref(), progress, &cancel)
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        self.record(made.as_ref().map(|(_, name)| name.as_str())).await?;
        made.map(|(summary, _)| Some(summary))
    }

    /// Records a backup's outcome (an automatic one, or one the user made with "Back up now"):
    /// the file name when it was made, the sentence when it failed.
    pub async fn record(&self, outcome: std::result::Result<&str, &Error>) -> Result<()> {
        let (now, _) = utc_now();
        let mut tx = self.db.begin_write().await?;
        put_setting(&mut tx, LAST_ATTEMPT, Some(&now)).await?;
        match outcome {
            Ok(name) => {
                put_setting(&mut tx, LAST_OK, Some(&now)).await?;
                put_setting(&mut tx, LAST_FILE, Some(name)).await?;
                put_setting(&mut tx, LAST_ERROR, None).await?;
            }
            Err(e) => put_setting(&mut tx, LAST_ERROR, Some(&e.to_string())).await?,
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Writes one automatic backup into `folder` and prunes; returns it and its file name.
fn make(
    db_path: &Path,
    folder: &Path,
    reason: Reason,
    keep: u32,
    secrets: &dyn SecretStore,
    mut progress: impl FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<(Summary, String)> {
    if !folder.is_dir() {
        return Err(Error::Backup(msg(
            "The backup folder is not there (is the drive connected?). No backup was made.",
            &[],
        )));
    }
    let (_, stamp) = utc_now();
    // Two in the same second (a daily one, then one before an import) keep both.
    let name = (1..)
        .map(|n| match n {
            1 => format!("{PREFIX}{stamp}-{}{EXTENSION}", reason.tag()),
            n => format!("{PREFIX}{stamp}-{}-{n}{EXTENSION}", reason.tag()),
        })
        .find(|name| !folder.join(name).exists())
        .unwrap_or_default();
    let summary = super::create(
        db_path,
        &folder.join(&name),
        &CreateOptions::default(),
        secrets,
        &mut progress,
        cancel,
    )?;
    prune(folder, keep);
    Ok((summary, name))
}

/// Removes the oldest automatic backups in `folder` beyond the newest `keep`; other files are
/// never touched.
pub fn prune(folder: &Path, keep: u32) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut ours: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(EXTENSION) && is_stamped(&n))
        })
        .collect();
    // By the time in the name, then (for two in one second) by when the file was written.
    ours.sort_by_cached_key(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stamp = name.get(..PREFIX.len() + 15).unwrap_or_default().to_owned();
        (stamp, std::fs::metadata(p).and_then(|m| m.modified()).ok(), name)
    });
    let excess = ours.len().saturating_sub(keep as usize);
    ours.into_iter().take(excess).filter(|p| std::fs::remove_file(p).is_ok()).collect()
}

/// `fieldbook-YYYYMMDD-HHMMSS-…`: a name this module made.
fn is_stamped(name: &str) -> bool {
    let stamp = &name.as_bytes()[PREFIX.len().min(name.len())..];
    stamp.len() > 15
        && stamp[..8].iter().all(u8::is_ascii_digit)
        && stamp[8] == b'-'
        && stamp[9..15].iter().all(u8::is_ascii_digit)
}

/// Whether the UTC instant `at` (ISO 8601) is more than `seconds` ago.
fn older_than(at: &str, seconds: i64) -> bool {
    let (now, _) = utc_now();
    match (instant_seconds(at), instant_seconds(&now)) {
        (Some(then), Some(now)) => now - then > seconds,
        _ => true,
    }
}

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS…`.
fn instant_seconds(at: &str) -> Option<i64> {
    let day = crate::dates::day_number(at.get(..10)?)?;
    let (h, m, s) = (
        at.get(11..13)?.parse::<i64>().ok()?,
        at.get(14..16)?.parse::<i64>().ok()?,
        at.get(17..19)?.parse::<i64>().ok()?,
    );
    Some(day * 86_400 + h * 3600 + m * 60 + s)
}

/// Before the migrations of a newer Fieldbook run on the database at `db_path`: when it exists,
/// needs migrating and automatic backups have a folder, a backup is made there first. A failed
/// backup is logged, not fatal (a missing external drive must not keep the app from starting).
pub(crate) async fn before_migration(db_path: &Path) {
    let Some((folder, keep)) = pending_with_folder(db_path).await else { return };
    let db_path = db_path.to_owned();
    let made = tokio::task::spawn_blocking(move || {
        make(
            &db_path,
            &folder,
            Reason::BeforeMigration,
            keep,
            &crate::secrets::OsKeyring,
            |_| {},
            &AtomicBool::new(false),
        )
    })
    .await;
    match made {
        Ok(Ok((_, name))) => log::info!("backed up to {name} before updating the database"),
        Ok(Err(e)) => log::warn!("the backup before updating the database failed: {e}"),
        Err(e) => log::warn!("the backup before updating the database failed: {e}"),
    }
}

/// The backup folder and how many to keep, when the database at `db_path` exists, has
/// migrations to apply and a folder is set.
async fn pending_with_folder(db_path: &Path) -> Option<(PathBuf, u32)> {
    use sqlx::{ConnectOptions, Connection};
    if !db_path.is_file() {
        return None;
    }
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(db_path).read_only(true).connect().await.ok()?;
    let applied: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .ok()?;
    let folder: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(FOLDER)
        .fetch_optional(&mut conn)
        .await
        .ok()
        .flatten();
    let keep: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(KEEP)
        .fetch_optional(&mut conn)
        .await
        .ok()
        .flatten();
    let _ = conn.close().await;
    (applied? < crate::db::newest_migration()).then_some(())?;
    Some((PathBuf::from(folder?), keep.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_automatic_backup_names_are_pruned_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "fieldbook-20261101-000000-daily.fbbackup",
            "fieldbook-20261102-000000-before-import.fbbackup",
            "fieldbook-20261103-000000-daily.fbbackup",
            "fieldbook-mine.fbbackup",
            "holiday.jpg",
        ];
        for n in names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        let removed = prune(dir.path(), 2);
        assert_eq!(removed, vec![dir.path().join(names[0])]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        left.sort();
        assert_eq!(left, [names[1], names[2], names[3], names[4]]);
    }

    #[tokio::test]
    async fn a_database_a_migration_behind_is_backed_up_into_the_folder_first() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let path = dir.path().join("fieldbook.sqlite3");
        let db = Db::open(&path).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        put_setting(&mut tx, FOLDER, folder.path().to_str()).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(pending_with_folder(&path).await, None, "an up-to-date database needs no backup");
        // As a database of the previous version looks to this one.
        let mut tx = db.begin_write().await.unwrap();
        sqlx::query("UPDATE _sqlx_migrations SET version = -1 WHERE version = ?")
            .bind(crate::db::newest_migration())
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        db.close().await;
        assert_eq!(pending_with_folder(&path).await, Some((folder.path().to_owned(), DEFAULT_KEEP)));
        before_migration(&path).await;
        let made: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(made.len(), 1);
        assert!(
            made[0].starts_with("fieldbook-") && made[0].ends_with("-before-update.fbbackup"),
            "{made:?}"
        );
    }

    #[test]
    fn instants_compare_in_seconds() {
        assert_eq!(instant_seconds("1970-01-02T00:00:01Z"), Some(86_401));
        assert!(older_than("2000-01-01T00:00:00Z", 60));
        assert!(!older_than(&utc_now().0, 60));
        assert!(older_than("garbage", 60));
    }
}
