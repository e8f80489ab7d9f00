//! Activity stream commands: a page of a stream, posting, commenting.

use fieldbook_core::StreamEntryId;
use fieldbook_core::notes::NoteSubject;
use fieldbook_core::stream::{StreamEntry, StreamPage, StreamQuery};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn stream_page(state: State<'_, AppState>, query: StreamQuery) -> Result<StreamPage, CommandError> {
    Ok(state.core.stream().page(query).await?)
}

#[tauri::command]
pub async fn post_to_stream(
    state: State<'_, AppState>,
    subject: NoteSubject,
    body: String,
) -> Result<StreamEntry, CommandError> {
    Ok(state.core.stream().post(subject, &body, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn comment_on_entry(
    state: State<'_, AppState>,
    entry_id: StreamEntryId,
    body: String,
) -> Result<StreamEntry, CommandError> {
    Ok(state.core.stream().comment(entry_id, &body, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn delete_post(state: State<'_, AppState>, id: StreamEntryId) -> Result<(), CommandError> {
    Ok(state.core.stream().delete_post(id, &state.core.actor().await?).await?)
}
