//! Settings commands.

use fieldbook_core::settings::{FirstRun, Settings};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    Ok(state.core.settings().get().await?)
}

#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    Ok(state.core.settings().update(settings).await?)
}

/// Whether the first-start set-up (the company for documents) is still to be offered.
#[tauri::command]
pub async fn get_first_run(state: State<'_, AppState>) -> Result<FirstRun, CommandError> {
    Ok(state.core.settings().first_run().await?)
}

/// The set-up was finished or skipped on this machine.
#[tauri::command]
pub async fn dismiss_first_run(state: State<'_, AppState>) -> Result<(), CommandError> {
    Ok(state.core.settings().dismiss_first_run().await?)
}
