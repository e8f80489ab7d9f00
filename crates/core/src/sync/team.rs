//! Being in a team: publishing this machine's data to an empty team server, joining one (the
//! team's data replaces this machine's, after a backup), a sync round (check the server is the
//! one this machine last saw, push the outbox, pull what changed), the status the indicator
//! shows, the conflicts people resolve, and leaving. The server password lives in the OS
//! keyring, never in the database or a file.

use std::sync::atomic::AtomicBool;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;
use sqlx::postgres::PgPool;
use ts_rs::TS;

pub use super::conflicts::{Conflict, Resolution};
use super::replica::{self, BATCH};
use super::server::{self, Batch};
use super::values::{Schema, hex};
use crate::messages::msg;
use crate::{Core, Error, Result};

/// Rows per batch when a first machine publishes its data.
pub const PUBLISH_BATCH: usize = 5_000;

/// Rows per pull page (one local transaction each).
pub const PAGE: i64 = 2_000;

/// The keyring entry of the team server's password (per machine: its device id).
fn password_entry(device: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(crate::secrets::SERVICE, &format!("team-server:{device}"))
        .map_err(|e| keyring_error(crate::secrets::map_error(e)))
}

fn keyring_error(e: crate::secrets::SecretError) -> Error {
    Error::Keyring { field: "password", message: e.to_string() }
}

/// Whether a failed round's sentence says only that the server is out of reach (offline), in
/// the language it was written in.
fn out_of_reach(text: &str) -> bool {
    if text.contains(&msg("The connection to the team server was lost.", &[])) {
        return true;
    }
    // The address in the middle is the server's: look for the sentence around it.
    let answer = msg(
        "The team server at {where_to} does not answer; check the address and the network.",
        &[("where_to", "\u{0}")],
    );
    answer.split_once('\u{0}').is_some_and(|(before, after)| {
        text.find(before).is_some_and(|at| text[at + before.len()..].contains(after))
    })
}

/// What one sync round did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// Rows sent to the server.
    pub pushed: u32,
    /// Rows received from it.
    pub pulled: u32,
    /// Rows received that wait for a local change to reach the server first.
    pub waiting_to_apply: u32,
    /// Open conflicts after the round.
    pub conflicts: u32,
    /// Files fetched to keep them offline.
    pub files: u32,
    /// Passwords sealed here and sent to the team's vault, and received from it into the
    /// keyring.
    pub passwords_sent: u32,
    pub passwords_received: u32,
}

/// This machine's place in a team, for the indicator and `team status`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TeamStatus {
    /// Whether this machine is in a team.
    pub joined: bool,
    /// The server's address (never with a password).
    pub url: Option<String>,
    pub data_set_id: Option<String>,
    /// Changed rows not yet accepted by the server.
    pub waiting: u32,
    /// Conflicts nobody has resolved.
    pub conflicts: u32,
    /// When the last sync round finished (UTC).
    pub last_sync: Option<String>,
    /// Why the last attempt failed, when it did.
    pub last_error: Option<String>,
    /// Whether the last failure was only the server being out of reach (offline).
    pub offline: bool,
    /// Sync has stopped until someone decides (the server's data set changed).
    pub stopped: Option<String>,
    /// The server's newest number this machine has pulled.
    #[ts(type = "number")]
    pub cursor: i64,
    /// Whether files are fetched in the background (on by default), and up to which size.
    pub keep_files_offline: bool,
    pub offline_limit_mb: u32,
    /// The team's passwords on this machine: registered, waiting for approval, approved.
    pub passwords: super::vault::VaultStatus,
}

/// Files are kept offline up to this size by default.
pub const DEFAULT_OFFLINE_LIMIT_MB: u32 = 50;

/// Where a sync round is cut short (see [`Team::sync_with_fault`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    /// After a batch was taken from the outbox, before it was sent.
    BeforePush,
    /// After the server committed a batch, before its answer arrived.
    ReplyLost,
    /// After the first pulled page was applied.
    MidPull,
    /// The process dies after the first pulled page was applied: nothing else runs (a large
    /// download's indexes stay set aside until the next open).
    KilledMidPull,
}

/// What a round pulls: the pages after `cursor` (about `about` rows), in bulk or not, cut short
/// at `fault`.
struct Download {
    cursor: i64,
    about: u32,
    bulk: bool,
    fault: Fault,
}

async fn read_row_for_export(
    db: &crate::db::Db,
    table: &str,
    columns: &[super::capture::Column],
    key: &str,
) -> Result<Option<serde_json::Map<String, Value>>> {
    let mut conn = db.reader().acquire().await?;
    replica::read_row(&mut conn, table, columns, key).await
}

/// A setting of this machine (see `tables::LOCAL_SETTINGS`).
async fn setting(db: &crate::db::Db, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(db.reader())
        .await?)
}

/// How far a download has come: rows received and, roughly, how many there are (the server's
/// numbers since the cursor; some are changes of the same row).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub received: u32,
    pub of_about: u32,
    /// Every row is in; the indexes set aside for a large download are being built.
    pub indexing: bool,
}

/// Where [`SyncProgress`] goes.
pub type ProgressSink = std::sync::Arc<dyn Fn(SyncProgress) + Send + Sync>;

/// The team service of an open [`Core`].
pub struct Team<'a> {
    pub(super) core: &'a Core,
    progress: Option<ProgressSink>,
    bulk: Option<bool>,
}

impl<'a> Team<'a> {
    pub(crate) fn new(core: &'a Core) -> Self {
        Self { core, progress: None, bulk: None }
    }

    /// Reports how a download advances (the first one after joining takes a while), page by page.
    pub fn with_progress(mut self, sink: impl Fn(SyncProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(std::sync::Arc::new(sink));
        self
    }

    /// Whether downloads set indexes aside and build them at the end ([`super::bulk`]): always,
    /// never, or (None, the default) when the download is large.
    pub fn with_bulk(mut self, bulk: Option<bool>) -> Self {
        self.bulk = bulk;
        self
    }

    pub(super) fn db(&self) -> &crate::db::Db {
        self.core.db()
    }

    /// Where this machine stands; reads nothing from the network.
    pub async fn status(&self) -> Result<TeamStatus> {
        let db = self.db();
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM sync_state").fetch_all(db.reader()).await?;
        let get = |k: &str| rows.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let conflicts: i64 =
            sqlx::query_scalar("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL")
                .fetch_one(db.reader())
                .await?;
        Ok(TeamStatus {
            joined: get("device").is_some(),
            url: get("url"),
            data_set_id: get("data_set_id"),
            waiting: replica::waiting(db).await? as u32,
            conflicts: conflicts as u32,
            last_sync: get("last_sync"),
            last_error: get("last_error"),
            offline: get("offline").as_deref() == Some("1"),
            stopped: get("stopped"),
            cursor: get("cursor").and_then(|c| c.parse().ok()).unwrap_or(0),
            keep_files_offline: setting(db, "sync.keep_files_offline").await?.as_deref() != Some("0"),
            offline_limit_mb: setting(db, "sync.offline_limit_mb")
                .await?
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_OFFLINE_LIMIT_MB),
            passwords: super::vault::status(db).await?,
        })
    }

    /// The machines of the team, with their fingerprints and whether they read the team's
    /// passwords.
    pub async fn devices(&self) -> Result<Vec<super::vault::TeamDevice>> {
        let pool = self.connect().await?;
        let devices = super::vault::devices(self.core, &pool).await;
        pool.close().await;
        devices
    }

    /// Approves a machine waiting to read the team's passwords (an admin, from a machine of
    /// theirs that reads them), after comparing its fingerprint; `which` is its fingerprint or
    /// device id. It receives the passwords with its next sync.
    pub async fn approve_device(&self, which: &str) -> Result<super::vault::TeamDevice> {
        let pool = self.connect().await?;
        let approved = super::vault::approve(self.core, &pool, which).await;
        pool.close().await;
        approved
    }

    /// Removes a member (an admin, from a machine of theirs that reads the team's passwords):
    /// their server login is disabled (what they pushed stays theirs), their machines are
    /// removed from the team's passwords with one key change, and the passwords they could read
    /// are listed, to change at the customers.
    pub async fn remove_member(&self, login: &str) -> Result<super::rotation::MemberRemoval> {
        let own = replica::state(self.db(), "url").await?.and_then(|u| {
            u.split_once("://").and_then(|(_, r)| r.split_once('@')).map(|(user, _)| user.to_owned())
        });
        if own.as_deref() == Some(login.trim()) {
            return Err(Error::invalid(
                "login",
                msg("You cannot remove your own login from this machine.", &[]),
            ));
        }
        let pool = self.connect().await?;
        let result = async {
            server::remove_member(&pool, login).await?;
            super::rotation::remove_member_machines(self.core, &pool, login.trim()).await
        }
        .await;
        pool.close().await;
        result
    }

    /// Prints a recovery kit (an admin, on a machine of theirs that reads the team's
    /// passwords): a code on a PDF page that, with `passphrase`, lets an admin's new machine in
    /// when every admin's machine is lost.
    pub async fn recovery_kit(&self, passphrase: &str) -> Result<super::recovery::RecoveryKit> {
        let pool = self.connect().await?;
        let kit = super::recovery::make(self.core, &pool, passphrase).await;
        pool.close().await;
        kit
    }

    /// Lets this machine (an admin's, in the team) read the team's passwords with a recovery
    /// kit's code and passphrase; a sync follows, which brings them.
    pub async fn recover(&self, code: &str, passphrase: &str) -> Result<SyncReport> {
        let pool = self.connect().await?;
        let result = async {
            super::recovery::recover(self.core, &pool, code, passphrase).await?;
            self.sync_with(&pool).await
        }
        .await;
        pool.close().await;
        result
    }

    /// Removes a machine from the team's passwords (an admin, from a machine of theirs that
    /// reads them): the team's key changes, every password is sealed anew for the machines that
    /// stay, and the passwords the removed machine could read are listed, to be changed at the
    /// customers. `which` is its fingerprint or device id.
    pub async fn remove_device(&self, which: &str) -> Result<super::rotation::Removal> {
        self.remove_device_cut(which, None).await
    }

    /// [`Team::remove_device`], its key change cut short after `batches` batches as a crash or
    /// a lost connection would cut it (the tests' kill points); the next admin's sync finishes it.
    #[doc(hidden)]
    pub async fn remove_device_cut(
        &self,
        which: &str,
        batches: Option<usize>,
    ) -> Result<super::rotation::Removal> {
        let pool = self.connect().await?;
        let removed = super::rotation::remove(self.core, &pool, which, batches).await;
        pool.close().await;
        removed
    }

    /// Whether files are fetched in the background, and up to which size (this machine's
    /// choice: a laptop with a small disk keeps fewer).
    pub async fn set_offline_files(&self, keep: bool, limit_mb: u32) -> Result<TeamStatus> {
        if !(1..=10_000).contains(&limit_mb) {
            return Err(Error::invalid(
                "offline_limit_mb",
                msg("Keep files of 1 to 10,000 MB offline.", &[]),
            ));
        }
        let mut tx = self.db().begin_write().await?;
        for (key, value) in [
            ("sync.keep_files_offline", if keep { "1" } else { "0" }.to_owned()),
            ("sync.offline_limit_mb", limit_mb.to_string()),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.status().await
    }

    /// Makes sure the file contents `sha` are on this machine, fetching them from the team
    /// server when they are not (a file opened before the background fetch reached it).
    pub async fn ensure_file(&self, sha: &str) -> Result<()> {
        let here: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)")
            .bind(sha)
            .fetch_one(self.db().reader())
            .await?;
        if here && self.core.file_store().blob_path(sha).is_file() {
            return Ok(());
        }
        if !replica::in_team(self.db()).await? {
            return Err(Error::NotFound { entity: "file contents" });
        }
        let pool = self.connect().await?;
        let result = super::blobs::fetch(&pool, self.db(), self.core.file_store(), sha).await;
        pool.close().await;
        result.map(|_| ())
    }

    /// For issuing invoices: None outside a team (numbers are this machine's); in a team, a
    /// connection to the server that gives the numbers out, or a sentence when it cannot be
    /// reached (everything else works offline; invoices wait for a connection).
    pub(crate) async fn numbering(&self) -> Result<Option<PgPool>> {
        if !replica::in_team(self.db()).await? {
            return Ok(None);
        }
        match self.connect().await {
            Ok(pool) => Ok(Some(pool)),
            Err(e) => {
                log::info!("invoice numbers: {e}");
                Err(Error::invalid(
                    "team",
                    msg(
                        "In a team, invoice numbers come from the team server so that they stay gap-free \
                         across machines, and it cannot be reached now. Issue the invoice when connected; \
                         {tickets}, time and payments can be recorded offline.",
                        &[],
                    ),
                ))
            }
        }
    }

    /// A connection to this machine's team server with the password from the keyring.
    async fn connect(&self) -> Result<PgPool> {
        let (url, device) =
            match (replica::state(self.db(), "url").await?, replica::state(self.db(), "device").await?) {
                (Some(url), Some(device)) => (url, device),
                _ => return Err(Error::invalid("team", msg("This machine is not in a team.", &[]))),
            };
        let password = tokio::task::spawn_blocking(move || {
            password_entry(&device)?.get_password().map_err(|e| keyring_error(crate::secrets::map_error(e)))
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        server::connect(&url, Some(&password)).await
    }

    /// Publishes this machine's data to an empty team server and makes it the team's first
    /// machine. `url` has no password; `password` goes to the keyring.
    pub async fn publish(&self, url: &str, password: &str) -> Result<SyncReport> {
        self.refuse_if_joined().await?;
        let pool = server::connect(url, Some(password)).await?;
        let info = server::info(&pool).await?;
        server::check_schema(&info)?;
        if !server::pull(&pool, 0, 1).await?.is_empty() {
            return Err(Error::invalid(
                "url",
                msg("That team server already holds a team's data: join it instead of publishing.", &[]),
            ));
        }
        let device = self.start(url, password, &info).await?;
        let schema = self.schema().await?;
        replica::publish_all(self.db(), &schema).await?;
        log::info!("publishing this machine's data as device {device}");
        // In bulk first (files before the rows that refer to them); what is left (none, unless
        // another machine published at the same time) goes through the ordinary push below.
        let shas = super::blobs::referenced_by_outbox(self.db()).await?;
        super::blobs::upload(&pool, self.core.file_store(), &shas).await?;
        let mut published = 0;
        loop {
            let entries = replica::take_batch(self.db(), &schema, PUBLISH_BATCH).await?;
            if entries.is_empty() {
                break;
            }
            let batch = Batch { device: device.clone(), seen: 0, actor: None, entries };
            let done = server::publish(&pool, &batch).await?;
            let replies: Vec<server::Pushed> = done
                .into_iter()
                .map(|op| server::Pushed { op, status: "applied".into(), record: None })
                .collect();
            replica::answer(self.db(), &schema, &batch.entries, &replies).await?;
            published += replies.len() as u32;
            if replies.len() < batch.entries.len() {
                break;
            }
        }
        let mut report = self.sync_with(&pool).await?;
        report.pushed += published;
        Ok(report)
    }

    /// Joins a team: downloads the team's data. A machine with records of its own is refused
    /// unless `replace` is set; then a backup is made first (its file name is logged and kept in
    /// the data folder) and the team's data replaces them.
    pub async fn join(&self, url: &str, password: &str, replace: bool) -> Result<SyncReport> {
        self.refuse_if_joined().await?;
        let pool = server::connect(url, Some(password)).await?;
        let info = server::info(&pool).await?;
        server::check_schema(&info)?;
        let own = self.own_records().await?;
        if !own.is_empty() && !replace {
            return Err(Error::invalid(
                "replace",
                msg(
                    "This machine has records of its own ({records}). Joining replaces them with the team's \
                     data; a backup is made first. Choose to replace them, or cancel.",
                    &[("records", &own.join(", "))],
                ),
            ));
        }
        if !own.is_empty() {
            self.backup_before_join().await?;
        }
        let me = self.core.staff().me().await?.map(|m| m.name);
        let schema = self.schema().await?;
        replica::clear_for_join(self.db(), &schema).await?;
        self.start(url, password, &info).await?;
        let report = self.sync_with(&pool).await?;
        // Who uses this machine: the team's member of the same name, else ask again.
        if let Some(name) = me {
            let id: Option<Vec<u8>> = sqlx::query_scalar(
                "SELECT id FROM staff WHERE lower(trim(name)) = lower(trim(?)) AND active = 1",
            )
            .bind(&name)
            .fetch_optional(self.db().reader())
            .await?;
            if let Some(id) = id.and_then(|b| uuid::Uuid::from_slice(&b).ok()) {
                self.core.staff().set_me(crate::StaffId::from_uuid(id)).await?;
            }
        }
        Ok(report)
    }

    /// Pulls pages after `cursor` until caught up, each applied in its own transaction. Three
    /// stages overlap: reading the next pages from the server, decoding them and building their
    /// statements (on blocking threads), and applying them in order on the writer.
    async fn pull_pages(
        &self,
        pool: &PgPool,
        schema: &Schema,
        download: Download,
        report: &mut SyncReport,
    ) -> Result<()> {
        let Download { cursor, about, bulk, fault } = download;
        type Decoding = tokio::task::JoinHandle<Result<replica::Prepared>>;
        let db = self.db();
        let shared = std::sync::Arc::new(schema.clone());
        let one_page = matches!(fault, Fault::MidPull | Fault::KilledMidPull);
        let (sender, mut pages) = tokio::sync::mpsc::channel::<Result<Decoding>>(2);
        let read = async move {
            let mut after = cursor;
            loop {
                let rows = match server::pull_raw(pool, after, PAGE).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        let _ = sender.send(Err(e)).await;
                        return;
                    }
                };
                let last = rows.last().map(|r| r.try_get::<i64, _>("seq"));
                let full = rows.len() as i64 >= PAGE;
                let schema = std::sync::Arc::clone(&shared);
                let decoding = tokio::task::spawn_blocking(move || {
                    replica::prepare(&schema, server::decode_pulled(rows)?)
                });
                if sender.send(Ok(decoding)).await.is_err() || !full || one_page {
                    return;
                }
                match last {
                    Some(Ok(seq)) => after = seq,
                    Some(Err(e)) => {
                        let _ = sender.send(Err(e.into())).await;
                        return;
                    }
                    None => return,
                }
            }
        };
        let apply = async {
            // Where the time goes (the log): waiting for decoded pages, or applying them.
            let (mut waited, mut applying) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
            let result = async {
                loop {
                    let started = std::time::Instant::now();
                    let Some(decoding) = pages.recv().await else { break };
                    let prepared = decoding?.await.map_err(|e| Error::Io(std::io::Error::other(e)))??;
                    waited += started.elapsed();
                    if prepared.page.is_empty() {
                        break;
                    }
                    let started = std::time::Instant::now();
                    report.pulled += replica::apply_prepared(db, schema, prepared, bulk).await?.rows as u32;
                    applying += started.elapsed();
                    if let Some(sink) = &self.progress {
                        let of_about = about.max(report.pulled);
                        sink(SyncProgress { received: report.pulled, of_about, indexing: false });
                    }
                    if one_page {
                        return Err(Error::invalid(
                            "team",
                            msg("The connection to the team server was lost.", &[]),
                        ));
                    }
                }
                Ok(())
            }
            .await;
            log::info!("sync: pages applied in {applying:.1?}, {waited:.1?} waiting for pages");
            // The reading stops at its next page once nobody takes them.
            pages.close();
            result
        };
        let ((), applied) = tokio::join!(read, apply);
        applied
    }

    /// One sync round with the password from the keyring. A failure is recorded for the status
    /// (an unreachable server as "offline", which is not an error to show in a dialog).
    pub async fn sync(&self) -> Result<SyncReport> {
        let result = async {
            let pool = self.connect().await?;
            let report = self.sync_with(&pool).await;
            pool.close().await;
            report
        }
        .await;
        if let Err(e) = &result {
            let offline = out_of_reach(&e.to_string());
            replica::set_state(
                self.db(),
                &[
                    ("last_error", Some(e.to_string())),
                    ("offline", Some(if offline { "1" } else { "0" }.into())),
                ],
            )
            .await?;
        }
        result
    }

    /// One sync round on an open connection: check the server, push the outbox in batches, pull
    /// pages until caught up, retry rows that waited.
    pub async fn sync_with(&self, pool: &PgPool) -> Result<SyncReport> {
        self.sync_with_fault(pool, Fault::None).await
    }

    /// [`Team::sync_with`], cut short at `fault` as a crash or a dropped network would cut it
    /// (the simulation test's kill points); `Fault::None` is a whole round.
    pub async fn sync_with_fault(&self, pool: &PgPool, fault: Fault) -> Result<SyncReport> {
        let db = self.db();
        if let Some(stopped) = replica::state(db, "stopped").await? {
            return Err(Error::invalid("team", stopped));
        }
        let known = replica::state(db, "data_set_id").await?;
        let cursor: i64 = replica::state(db, "cursor").await?.and_then(|c| c.parse().ok()).unwrap_or(0);
        let stamp = replica::state(db, "cursor_stamp").await?;
        // One call: the data set, its schema, the stamp of this machine's cursor, the newest number.
        let device = replica::state(db, "device").await?.unwrap_or_default();
        let check = server::check(pool, cursor, &device).await?;
        let moved = known.as_deref() != Some(check.data_set_id.as_str())
            || (cursor > 0 && check.stamp.map(|s| s.to_string()) != stamp);
        if moved {
            // Kept as the sentence, in the language in use now: shown until someone decides.
            let why = msg(
                "The team server's data is not what this machine last synced with (it was restored from an \
                 older backup, or the address now leads to another team). Sync has stopped and nothing was \
                 changed; this machine's changes are kept. Ask your admin, then download the team's data \
                 again.",
                &[],
            );
            replica::set_state(db, &[("stopped", Some(why.clone()))]).await?;
            return Err(Error::invalid("team", why));
        }
        let idle = check.newest == cursor
            && replica::waiting(db).await? == 0
            && sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sync_deferred")
                .fetch_one(db.reader())
                .await?
                == 0
            && super::vault::idle(self.core, &check.vault).await?;
        if idle && fault == Fault::None {
            // Nothing to do: the time of the last sync is written at most once a minute (a
            // write is a disk flush; the indicator shows minutes).
            let (now, _) = crate::backup::utc_now();
            let last = replica::state(db, "last_sync").await?;
            let failed = replica::state(db, "last_error").await?.is_some();
            if failed || last.is_none_or(|l| l.get(..16) != now.get(..16)) {
                replica::set_state(db, &[("last_sync", Some(now)), ("last_error", None), ("offline", None)])
                    .await?;
            }
            let status = self.status().await?;
            let mut report = SyncReport { conflicts: status.conflicts, ..SyncReport::default() };
            // Files still to keep offline are fetched on rounds that moved something, and here.
            if status.keep_files_offline {
                report.files = self.fetch_offline(pool, &status).await;
            }
            return Ok(report);
        }
        let schema = self.schema().await?;
        let actor = self.core.staff().me().await?.map(|m| hex(m.id.uuid().as_bytes()));
        let mut report = SyncReport::default();
        // Files first: a row reaches the server only after the contents it refers to.
        let shas = super::blobs::referenced_by_outbox(db).await?;
        super::blobs::upload(pool, self.core.file_store(), &shas).await?;
        // Push first: the server's answer settles unique values before pulled rows need them.
        loop {
            let entries = replica::take_batch(db, &schema, BATCH).await?;
            if entries.is_empty() {
                break;
            }
            let batch = Batch { device: device.clone(), seen: cursor, actor: actor.clone(), entries };
            if fault == Fault::BeforePush {
                return Err(Error::invalid("team", msg("The connection to the team server was lost.", &[])));
            }
            let replies = server::push(pool, &batch).await?;
            if fault == Fault::ReplyLost {
                return Err(Error::invalid("team", msg("The connection to the team server was lost.", &[])));
            }
            replica::answer(db, &schema, &batch.entries, &replies).await?;
            report.pushed += batch.entries.len() as u32;
            if batch.entries.len() < BATCH / 2 && replica::waiting(db).await? == 0 {
                break;
            }
        }
        let about = u32::try_from(check.newest.saturating_sub(cursor)).unwrap_or(u32::MAX);
        // A large download sets indexes aside and builds them once at the end (sync/bulk.rs),
        // also when it stops early.
        let bulk = match self.bulk {
            Some(bulk) => bulk && about > 0,
            None => super::bulk::worth_it(db, about).await?,
        };
        if bulk {
            super::bulk::begin(db).await?;
        }
        let started = std::time::Instant::now();
        let download = Download { cursor, about, bulk, fault };
        let pulled = self.pull_pages(pool, &schema, download, &mut report).await;
        log::info!("sync: {} rows pulled in {:.1?} (in bulk: {bulk})", report.pulled, started.elapsed());
        if fault == Fault::KilledMidPull {
            return pulled.map(|()| report);
        }
        // Also when an earlier round's end failed: the indexes are aside until this succeeds.
        if bulk || super::bulk::pending(db).await? {
            if let Some(sink) = &self.progress {
                let of_about = about.max(report.pulled);
                sink(SyncProgress { received: report.pulled, of_about, indexing: true });
            }
            let started = std::time::Instant::now();
            match super::bulk::end(db).await {
                Ok(()) => log::info!("sync: indexes set aside built in {:.1?}", started.elapsed()),
                // The pull's own error says more; this one goes to the log.
                Err(e) if pulled.is_err() => log::warn!("sync: indexes set aside not built yet: {e}"),
                Err(e) => return Err(e),
            }
        }
        pulled?;
        report.waiting_to_apply = replica::retry_deferred(db, &schema).await? as u32;
        // The team's passwords, once the rows they belong to are here (its failure is shown in
        // the status; the records synced).
        let passwords = super::vault::step(self.core, pool, &check.vault).await;
        (report.passwords_sent, report.passwords_received) = (passwords.sent, passwords.received);
        // Keep files offline: fetch what rows refer to (a file not on the server yet waits).
        let status = self.status().await?;
        if status.keep_files_offline {
            report.files = self.fetch_offline(pool, &status).await;
        }
        let (now, _) = crate::backup::utc_now();
        replica::set_state(db, &[("last_sync", Some(now)), ("last_error", None), ("offline", None)]).await?;
        report.conflicts = self.status().await?.conflicts;
        Ok(report)
    }

    /// Fetches the files rows refer to that this machine lacks (up to the size limit); one not
    /// on the server yet waits for a later round. Returns how many arrived.
    async fn fetch_offline(&self, pool: &PgPool, status: &TeamStatus) -> u32 {
        let limit = u64::from(status.offline_limit_mb) * 1024 * 1024;
        let Ok(missing) = super::blobs::not_here(self.db(), limit).await else { return 0 };
        let mut fetched = 0;
        for sha in missing {
            match super::blobs::fetch(pool, self.db(), self.core.file_store(), &sha).await {
                Ok(_) => fetched += 1,
                Err(e) => log::info!("sync: file {sha} not fetched: {e}"),
            }
        }
        fetched
    }

    /// Writes the changes waiting for the server to `dest` as JSON (table, row key, field, the
    /// value it started from, the new value, when): for a member removed from the team, or a
    /// server gone for good, so nothing typed here is lost. Returns how many changes.
    pub async fn export_outbox(&self, dest: &std::path::Path) -> Result<usize> {
        let rows = sqlx::query("SELECT tbl, key, field, base, new, changed_at FROM sync_outbox ORDER BY seq")
            .fetch_all(self.db().reader())
            .await?;
        let mut changes = Vec::with_capacity(rows.len());
        for row in &rows {
            let field: String = row.try_get("field")?;
            let (tbl, key): (String, String) = (row.try_get("tbl")?, row.try_get("key")?);
            let mut change = serde_json::json!({
                "table": tbl,
                "key": key,
                "changed_at": row.try_get::<String, _>("changed_at")?,
            });
            match field.as_str() {
                // A row created here: all of it, as it is now.
                "+" => {
                    let schema = self.schema().await?;
                    let columns = schema.table(&tbl).unwrap_or(&[]);
                    let now = read_row_for_export(self.db(), &tbl, columns, &key).await?;
                    change["created"] = Value::Object(now.unwrap_or_default());
                }
                "-" => change["deleted"] = Value::Bool(true),
                _ => {
                    change["field"] = Value::String(field);
                    change["from"] = super::values::encode(row, 3)?;
                    change["to"] = super::values::encode(row, 4)?;
                }
            }
            changes.push(change);
        }
        let text = serde_json::to_vec_pretty(&changes).map_err(|e| Error::Io(std::io::Error::other(e)))?;
        crate::files::write_atomically(dest, &text)?;
        Ok(changes.len())
    }

    /// After sync stopped because the server's data is not what this machine last saw (restored
    /// from an older backup): sends this machine's waiting changes to the server as it now is,
    /// then makes a backup here and downloads the team's data again. Refused when the address
    /// now leads to another team's data (leave, then join that one).
    pub async fn download_again(&self) -> Result<SyncReport> {
        let db = self.db();
        if replica::state(db, "stopped").await?.is_none() {
            return Err(Error::invalid(
                "team",
                msg("Sync has not stopped; there is nothing to download again.", &[]),
            ));
        }
        let pool = self.connect().await?;
        let device = replica::state(db, "device").await?.unwrap_or_default();
        let check = server::check(&pool, 0, &device).await?;
        if replica::state(db, "data_set_id").await?.as_deref() != Some(check.data_set_id.as_str()) {
            return Err(Error::invalid(
                "team",
                msg(
                    "The server now holds another team's data. Leave this team (this machine keeps its \
                     records), then join that one if it is yours.",
                    &[],
                ),
            ));
        }
        // The waiting changes first, against the server as it is now: they apply, or become
        // conflicts there; none is dropped.
        replica::set_state(db, &[("stopped", None), ("cursor", Some("0".into())), ("cursor_stamp", None)])
            .await?;
        let schema = self.schema().await?;
        let actor = self.core.staff().me().await?.map(|m| hex(m.id.uuid().as_bytes()));
        let shas = super::blobs::referenced_by_outbox(db).await?;
        super::blobs::upload(&pool, self.core.file_store(), &shas).await?;
        loop {
            let entries = replica::take_batch(db, &schema, BATCH).await?;
            if entries.is_empty() {
                break;
            }
            let batch = Batch { device: device.clone(), seen: 0, actor: actor.clone(), entries };
            let replies = server::push(&pool, &batch).await?;
            replica::answer(db, &schema, &batch.entries, &replies).await?;
        }
        self.backup_before_join().await?;
        let me = self.core.staff().me().await?.map(|m| m.id);
        replica::clear_for_join(db, &schema).await?;
        let report = self.sync_with(&pool).await;
        if let Some(id) = me {
            let _ = self.core.staff().set_me(id).await;
        }
        pool.close().await;
        report
    }

    /// Leaves the team: sync stops, the records stay on this machine, the password leaves the
    /// keyring. Refused while changes wait, unless `force`.
    pub async fn leave(&self, force: bool) -> Result<()> {
        let status = self.status().await?;
        if !status.joined {
            return Err(Error::invalid("team", msg("This machine is not in a team.", &[])));
        }
        if status.waiting > 0 && !force {
            return Err(Error::invalid(
                "team",
                msg(
                    "{count} changed records have not reached the team server yet. Sync first, or leave \
                     anyway (they stay on this machine only).",
                    &[("count", &status.waiting.to_string())],
                ),
            ));
        }
        if let Some(device) = replica::state(self.db(), "device").await? {
            super::vault::forget_identity(&device).await;
            let _ =
                tokio::task::spawn_blocking(move || password_entry(&device).map(|e| e.delete_credential()))
                    .await;
        }
        replica::leave(self.db()).await
    }

    async fn refuse_if_joined(&self) -> Result<()> {
        if replica::state(self.db(), "device").await?.is_some() {
            return Err(Error::invalid(
                "team",
                msg("This machine is already in a team; leave it first.", &[]),
            ));
        }
        Ok(())
    }

    /// Records this machine's team: a new device id, the server, the password in the keyring.
    async fn start(&self, url: &str, password: &str, info: &server::ServerInfo) -> Result<String> {
        let device = uuid::Uuid::now_v7().simple().to_string();
        let (d, p) = (device.clone(), password.to_owned());
        tokio::task::spawn_blocking(move || {
            password_entry(&d)?.set_password(&p).map_err(|e| keyring_error(crate::secrets::map_error(e)))
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        replica::set_state(
            self.db(),
            &[
                ("device", Some(device.clone())),
                ("url", Some(server::without_password(url))),
                ("data_set_id", Some(info.data_set_id.clone())),
                ("epoch", Some(info.epoch.to_string())),
                ("cursor", Some("0".into())),
                ("cursor_stamp", None),
                ("stopped", None),
            ],
        )
        .await?;
        Ok(device)
    }

    pub(super) async fn schema(&self) -> Result<Schema> {
        Schema::load(&mut *self.db().writer_conn().await?).await
    }

    /// Counts of this machine's own records (staff, lists and settings do not count: a fresh
    /// machine has them).
    async fn own_records(&self) -> Result<Vec<String>> {
        let mut own = Vec::new();
        for (table, one, many) in [
            ("organizations", "{count} {organization}", "{count} {organizations}"),
            ("people", "{count} {person}", "{count} {people}"),
            ("notes", "{count} note", "{count} notes"),
            ("systems", "{count} {system}", "{count} {systems}"),
            ("tickets", "{count} {ticket}", "{count} {tickets}"),
            ("invoices", "{count} invoice", "{count} invoices"),
            ("attachments", "{count} file", "{count} files"),
        ] {
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(self.db().reader())
                .await?;
            if n > 0 {
                own.push(msg(if n == 1 { one } else { many }, &[("count", &n.to_string())]));
            }
        }
        Ok(own)
    }

    /// A backup of this machine's data in its data folder before joining replaces it.
    async fn backup_before_join(&self) -> Result<()> {
        let db_path = self.core.database_path().to_owned();
        let (_, stamp) = crate::backup::utc_now();
        let dest = crate::backup::data_dir(&db_path).join(format!("before-joining-a-team-{stamp}.fbbackup"));
        tokio::task::spawn_blocking(move || {
            crate::backup::create(
                &db_path,
                &dest,
                &crate::backup::CreateOptions::default(),
                &crate::secrets::OsKeyring,
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .map(|_| log::info!("backed up to {} before joining a team", dest.display()))
        })
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }
}
