//! Notes and call-backs commands.

use fieldbook_core::NoteId;
use fieldbook_core::notes::{Note, NoteInput, NoteSubject};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_notes(state: State<'_, AppState>, subject: NoteSubject) -> Result<Vec<Note>, CommandError> {
    Ok(state.core.notes().list(subject).await?)
}

/// Open call-backs due before `until` (local "YYYY-MM-DDTHH:MM", the UI's end of today).
#[tauri::command]
pub async fn list_callbacks(state: State<'_, AppState>, until: String) -> Result<Vec<Note>, CommandError> {
    Ok(state.core.notes().callbacks(&until).await?)
}

#[tauri::command]
pub async fn create_note(
    state: State<'_, AppState>,
    subject: NoteSubject,
    input: NoteInput,
) -> Result<Note, CommandError> {
    let author = state.core.actor().await?;
    Ok(state.core.notes().create(subject, input, &author).await?)
}

#[tauri::command]
pub async fn update_note(
    state: State<'_, AppState>,
    id: NoteId,
    input: NoteInput,
) -> Result<Note, CommandError> {
    Ok(state.core.notes().update(id, input).await?)
}

#[tauri::command]
pub async fn complete_callback(state: State<'_, AppState>, id: NoteId) -> Result<Note, CommandError> {
    Ok(state.core.notes().complete_callback(id).await?)
}

#[tauri::command]
pub async fn delete_note(state: State<'_, AppState>, id: NoteId) -> Result<(), CommandError> {
    Ok(state.core.notes().delete(id).await?)
}
