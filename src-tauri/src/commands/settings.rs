//! Settings commands.

use fieldbook_core::settings::Settings;
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
