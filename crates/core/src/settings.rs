//! Settings kept in the database: the attachment size limit and whether people are linked to
//! organizations automatically. (Who uses this machine is a staff member: see [`crate::staff`];
//! the old free-text `user_name` key is kept only to be offered when the user picks who they are.)

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::{Error, Result};

/// Files larger than this are refused unless the setting says otherwise (100 MiB).
pub const DEFAULT_MAX_ATTACHMENT_MB: u32 = 100;

/// The settings the app shows and edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The largest file that may be attached, in MiB (1–10240).
    pub max_attachment_mb: u32,
    /// Saving a person with a free-text company name links them to the organization of that
    /// (normalised) name, creating it when there is none.
    #[serde(default)]
    pub auto_link_people: bool,
}

/// Whether the first-start set-up (the own company's name, address, logo and currency for
/// documents) is still to be offered on this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FirstRun {
    /// True while the company has no name (documents would say "Your company") and this
    /// machine's user has neither finished nor skipped the set-up.
    pub needed: bool,
}

/// This machine's note ("yes"; the row's `updated_at` says when) that the set-up was finished or skipped (a local key: a laptop joining a
/// team whose company is already named is not asked; one that skipped is not asked again).
const FIRST_RUN_DISMISSED: &str = "setup.dismissed";

/// The settings service.
pub struct SettingsService<'a> {
    db: &'a Db,
}

impl<'a> SettingsService<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// The current settings, defaults filled in.
    pub async fn get(&self) -> Result<Settings> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM settings").fetch_all(self.db.reader()).await?;
        let value = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        Ok(Settings {
            max_attachment_mb: value("max_attachment_mb")
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_MAX_ATTACHMENT_MB),
            auto_link_people: value("auto_link_people").as_deref() == Some("yes"),
        })
    }

    /// Whether the first-start set-up is still to be offered.
    pub async fn first_run(&self) -> Result<FirstRun> {
        let (named, dismissed): (bool, bool) = sqlx::query_as(
            "SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'billing.company_name' AND trim(value) <> ''),
                    EXISTS (SELECT 1 FROM settings WHERE key = ?)",
        )
        .bind(FIRST_RUN_DISMISSED)
        .fetch_one(self.db.reader())
        .await?;
        Ok(FirstRun { needed: !named && !dismissed })
    }

    /// The set-up was finished or skipped on this machine: not offered at start again (Settings
    /// still opens it).
    pub async fn dismiss_first_run(&self) -> Result<()> {
        let mut tx = self.db.begin_write().await?;
        put_setting(&mut tx, FIRST_RUN_DISMISSED, Some("yes")).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves the settings.
    pub async fn update(&self, settings: Settings) -> Result<Settings> {
        if !(1..=10_240).contains(&settings.max_attachment_mb) {
            return Err(Error::invalid(
                "max_attachment_mb",
                msg("The size limit must be between 1 and 10240 MiB.", &[]),
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let pairs = [
            ("max_attachment_mb", Some(settings.max_attachment_mb.to_string())),
            ("auto_link_people", settings.auto_link_people.then(|| "yes".to_owned())),
        ];
        for (key, value) in pairs {
            put_setting(&mut tx, key, value.as_deref()).await?;
        }
        tx.commit().await?;
        self.get().await
    }
}

/// Sets (or with `None` removes) one setting, inside the caller's transaction.
pub(crate) async fn put_setting(
    conn: &mut sqlx::SqliteConnection,
    key: &str,
    value: Option<&str>,
) -> Result<()> {
    match value {
        Some(value) => {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM settings WHERE key = ?").bind(key).execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// The settings whose keys start with `prefix`, as (key, value).
pub(crate) async fn read_settings(pool: &sqlx::SqlitePool, prefix: &str) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1")
        .bind(prefix)
        .fetch_all(pool)
        .await?)
}
