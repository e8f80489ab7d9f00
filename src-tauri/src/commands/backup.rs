//! Settings → Backup: back up now (a save dialog; optionally encrypted, optionally with the
//! passwords), check a backup file, restore one (checked, then the app restarts and its next
//! open puts it in place), and the automatic backups' folder and last result. Backups report
//! progress through a channel and stop on Cancel. File paths come from the native dialogs only,
//! never from the webview.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fieldbook_core::backup::auto::{AutoBackupSettings, BackupStatus};
use fieldbook_core::backup::{self, CreateOptions, Progress, Restored, SecretString, Summary};
use fieldbook_core::messages::msg;
use fieldbook_core::secrets::OsKeyring;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::{AppState, CommandError, dialogs};

/// What "Back up now" asks for. The passphrase is typed by the user and never stored.
#[derive(Clone, Deserialize, TS)]
pub struct BackupRequest {
    pub passphrase: Option<String>,
    #[serde(default)]
    pub include_passwords: bool,
}

impl std::fmt::Debug for BackupRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackupRequest")
            .field("passphrase", &self.passphrase.as_ref().map(|_| "<redacted>"))
            .field("include_passwords", &self.include_passwords)
            .finish()
    }
}

/// The backup file chosen for checking or restoring: its name, and whether it needs a passphrase.
#[derive(Clone, Debug, Serialize, TS)]
pub struct ChosenBackup {
    pub name: String,
    pub encrypted: bool,
}

#[tauri::command]
pub async fn get_backup_status(state: State<'_, AppState>) -> Result<BackupStatus, CommandError> {
    Ok(state.core.backups().status().await?)
}

#[tauri::command]
pub async fn set_backup_settings(
    state: State<'_, AppState>,
    settings: AutoBackupSettings,
) -> Result<BackupStatus, CommandError> {
    Ok(state.core.backups().set_settings(settings).await?)
}

/// Asks for the automatic backups' folder and saves it; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn choose_backup_folder(state: State<'_, AppState>) -> Result<Option<BackupStatus>, CommandError> {
    let Some(folder) = dialogs::pick_folder(&msg("Keep automatic backups in", &[])).await else {
        return Ok(None);
    };
    let keep = state.core.backups().status().await?.settings.keep;
    let settings = AutoBackupSettings { folder: Some(folder.to_string_lossy().into_owned()), keep };
    Ok(Some(state.core.backups().set_settings(settings).await?))
}

/// Asks where to save a backup and makes it; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn backup_now(
    state: State<'_, AppState>,
    request: BackupRequest,
    progress: Channel<Progress>,
) -> Result<Option<Summary>, CommandError> {
    let today = state.core.billing().today().await?;
    let name = format!("Fieldbook backup {today}.fbbackup");
    let Some(dest) = dialogs::save_file(&msg("Save the backup", &[]), &name).await else { return Ok(None) };
    let options = CreateOptions {
        passphrase: request.passphrase.filter(|p| !p.is_empty()).map(SecretString::from),
        include_passwords: request.include_passwords,
    };
    let db_path = state.core.database_path().to_owned();
    let cancel = fresh_cancel(&state);
    let file_name = fieldbook_core::files::shown_name(&dest);
    let made = tokio::task::spawn_blocking(move || {
        let mut report = |p: Progress| {
            let _ = progress.send(p);
        };
        backup::create(&db_path, &dest, &options, &OsKeyring, &mut report, &cancel)
    })
    .await
    .map_err(|e| CommandError::internal(msg("The backup failed.", &[]), e))?;
    // A backup the user made counts as the last good one (a cancel is no failure to show).
    if !matches!(made, Err(fieldbook_core::Error::Cancelled)) {
        state.core.backups().record(made.as_ref().map(|_| file_name.as_str())).await?;
    }
    Ok(Some(made?))
}

/// Stops a running backup, check or restore (before its data is replaced); nothing is kept.
#[tauri::command]
pub fn cancel_backup(state: State<'_, AppState>) {
    state.cancel_backup.lock().unwrap_or_else(|e| e.into_inner()).store(true, Ordering::Relaxed);
}

/// Asks for a backup file to check or restore; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn choose_backup_file(state: State<'_, AppState>) -> Result<Option<ChosenBackup>, CommandError> {
    let Some(path) = dialogs::pick_backup(&msg("Choose a backup", &[])).await else { return Ok(None) };
    let probe = path.clone();
    let encrypted = tokio::task::spawn_blocking(move || backup::is_encrypted(&probe))
        .await
        .map_err(|e| CommandError::internal(msg("The backup file cannot be read.", &[]), e))??;
    let name = fieldbook_core::files::shown_name(&path);
    *state.backup_file.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(Some(ChosenBackup { name, encrypted }))
}

/// Checks the chosen backup file whole: every part's hash, the database's integrity, the counts.
#[tauri::command]
pub async fn verify_backup(
    state: State<'_, AppState>,
    passphrase: Option<String>,
    progress: Channel<Progress>,
) -> Result<Summary, CommandError> {
    let file = chosen(&state)?;
    let cancel = fresh_cancel(&state);
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(SecretString::from);
    Ok(tokio::task::spawn_blocking(move || {
        let mut report = |p: Progress| {
            let _ = progress.send(p);
        };
        backup::verify(&file, passphrase.as_ref(), &mut report, &cancel)
    })
    .await
    .map_err(|e| CommandError::internal(msg("The backup could not be checked.", &[]), e))??)
}

/// Restores the chosen backup: extracted and checked in full first (nothing changes if that
/// fails or is cancelled), then Fieldbook restarts and puts it in place, keeping the current
/// data aside in the data folder (`replaced` names that folder).
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: Option<String>,
    progress: Channel<Progress>,
) -> Result<Restored, CommandError> {
    let file = chosen(&state)?;
    let cancel = fresh_cancel(&state);
    let passphrase = passphrase.filter(|p| !p.is_empty()).map(SecretString::from);
    let db_path = state.core.database_path().to_owned();
    let restored = tokio::task::spawn_blocking(move || {
        let mut report = |p: Progress| {
            let _ = progress.send(p);
        };
        backup::stage(&db_path, &file, passphrase.as_ref(), &OsKeyring, &mut report, &cancel)
    })
    .await
    .map_err(|e| CommandError::internal(msg("The restore failed.", &[]), e))??;
    // The answer reaches the window first; then the restart, whose open replaces the data.
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        tauri_plugin_single_instance::destroy(&app);
        app.restart();
    });
    Ok(restored)
}

/// A new cancel flag for the operation about to start (an old operation keeps its own).
fn fresh_cancel(state: &AppState) -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    *state.cancel_backup.lock().unwrap_or_else(|e| e.into_inner()) = Arc::clone(&flag);
    flag
}

fn chosen(state: &AppState) -> Result<std::path::PathBuf, CommandError> {
    state.backup_file.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(|| CommandError {
        kind: crate::ErrorKind::Invalid,
        message: msg("Choose a backup file first.", &[]),
        field: Some("file".into()),
    })
}
