//! Activities commands: plan, change, complete, cancel, and My agenda.

use fieldbook_core::ActivityId;
use fieldbook_core::activities::{Activity, ActivityInput, Agenda, AgendaQuery};
use fieldbook_core::notes::NoteSubject;
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_activities(
    state: State<'_, AppState>,
    about: NoteSubject,
) -> Result<Vec<Activity>, CommandError> {
    Ok(state.core.activities().list(about).await?)
}

#[tauri::command]
pub async fn create_activity(
    state: State<'_, AppState>,
    about: NoteSubject,
    input: ActivityInput,
) -> Result<Activity, CommandError> {
    Ok(state.core.activities().create(about, input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn update_activity(
    state: State<'_, AppState>,
    id: ActivityId,
    input: ActivityInput,
) -> Result<Activity, CommandError> {
    Ok(state.core.activities().update(id, input).await?)
}

#[tauri::command]
pub async fn complete_activity(
    state: State<'_, AppState>,
    id: ActivityId,
    outcome: String,
) -> Result<Activity, CommandError> {
    Ok(state.core.activities().complete(id, &outcome, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn cancel_activity(
    state: State<'_, AppState>,
    id: ActivityId,
    reason: String,
) -> Result<Activity, CommandError> {
    Ok(state.core.activities().cancel(id, &reason, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn agenda(state: State<'_, AppState>, query: AgendaQuery) -> Result<Agenda, CommandError> {
    Ok(state.core.activities().agenda(query).await?)
}
