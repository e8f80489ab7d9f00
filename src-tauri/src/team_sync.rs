//! Team sync in the background: while this machine is in a team, a sync round every few seconds
//! when changes wait (every half minute otherwise, or after a failed round), and whenever a
//! command asks ("Sync now", after joining or publishing). One round at a time, here or in a
//! command. After every round the status goes to the window for the indicator (an unreachable
//! server is a state it shows, never a dialog); a round that pulled rows also sends its report,
//! so open lists reload. Stopped at shutdown, mid-round if need be: a round cut short is what a
//! dropped network does to it, and the next one picks up from there.

use std::time::{Duration, Instant};

use fieldbook_core::sync::team::{SyncReport, TeamStatus};
use fieldbook_core::{Core, Error};
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::{Mutex, MutexGuard, Notify, watch};

/// The event with the [`TeamStatus`] after every round (and when it changes between rounds).
pub const TEAM_STATUS: &str = "team-status";
/// The event with the [`SyncReport`] of a round that received rows.
pub const TEAM_SYNCED: &str = "team-synced";

/// How often the status is looked at (locally); a round follows when changes wait.
const TICK: Duration = Duration::from_secs(5);
/// A round at least this often while joined, to receive the others' changes.
const IDLE_SECONDS: u64 = 30;

/// The idle interval: 30 s, or `FIELDBOOK_SYNC_IDLE_SECONDS` (1–30) so the e2e suite need not
/// wait half a minute for the other machine's change.
fn idle_interval() -> Duration {
    let seconds = std::env::var("FIELDBOOK_SYNC_IDLE_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|s| (1..=IDLE_SECONDS).contains(s))
        .unwrap_or(IDLE_SECONDS);
    Duration::from_secs(seconds)
}

/// The background sync's handles, shared by the loop and the commands.
pub struct TeamSync {
    /// Held for a whole round (and by publish, join and leave), so only one runs at a time.
    round: Mutex<()>,
    /// Asks the loop for a round now (a permit is kept if it is busy).
    wake: Notify,
    stop: watch::Sender<bool>,
    task: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

impl Default for TeamSync {
    fn default() -> Self {
        Self {
            round: Mutex::new(()),
            wake: Notify::new(),
            stop: watch::Sender::new(false),
            task: Default::default(),
        }
    }
}

impl TeamSync {
    /// Waits until no round runs and keeps others out while the guard lives.
    pub async fn exclusive(&self) -> MutexGuard<'_, ()> {
        self.round.lock().await
    }

    /// One sync round (after any running one), then the events for the window.
    pub async fn round<R: Runtime>(&self, app: &AppHandle<R>, core: &Core) -> Result<SyncReport, Error> {
        let _one = self.round.lock().await;
        let result = core.team().sync().await;
        match &result {
            Ok(report) if report.pulled > 0 => {
                let _ = app.emit(TEAM_SYNCED, report);
            }
            Ok(_) => {}
            Err(e) => log::info!("team sync round failed: {e}"),
        }
        announce(app, core).await;
        result
    }

    /// Asks the loop for a round soon (after joining or publishing, after a resolution).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts the loop on this app's runtime.
    pub fn start<R: Runtime>(self: &std::sync::Arc<Self>, app: AppHandle<R>, core: Core) {
        let this = std::sync::Arc::clone(self);
        let handle = tauri::async_runtime::spawn(async move { this.run(app, core).await });
        *self.task.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
    }

    /// Stops the loop (a round in flight is dropped) and waits up to `limit` for it to end.
    pub async fn shut_down(&self, limit: Duration) {
        self.stop.send_replace(true);
        let task = self.task.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(task) = task
            && tokio::time::timeout(limit, task).await.is_err()
        {
            log::warn!("the team sync did not stop within {limit:?}");
        }
    }

    async fn run<R: Runtime>(&self, app: AppHandle<R>, core: Core) {
        let mut stop = self.stop.subscribe();
        let idle = idle_interval();
        let mut last_round: Option<Instant> = None;
        let mut last_failed = false;
        let mut shown: Option<TeamStatus> = None;
        let mut woken = false;
        loop {
            let status = match core.team().status().await {
                Ok(status) => status,
                Err(e) => {
                    log::warn!("cannot read the team status: {e}");
                    TeamStatus::default()
                }
            };
            // Edits made since the last round change the count the indicator shows.
            if shown.as_ref() != Some(&status) {
                let _ = app.emit(TEAM_STATUS, &status);
                shown = Some(status.clone());
            }
            let idle_over = last_round.is_none_or(|t| t.elapsed() >= idle);
            let due = status.joined
                && status.stopped.is_none()
                && (woken || idle_over || (status.waiting > 0 && !last_failed));
            if due {
                tokio::select! {
                    result = self.round(&app, &core) => last_failed = result.is_err(),
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                last_round = Some(Instant::now());
                shown = None;
            }
            tokio::select! {
                _ = tokio::time::sleep(TICK) => woken = false,
                _ = self.wake.notified() => woken = true,
                _ = stop.wait_for(|stopped| *stopped) => return,
            }
        }
    }
}

/// Sends the current status to the window.
pub async fn announce<R: Runtime>(app: &AppHandle<R>, core: &Core) {
    match core.team().status().await {
        Ok(status) => {
            let _ = app.emit(TEAM_STATUS, status);
        }
        Err(e) => log::warn!("cannot read the team status: {e}"),
    }
}
