//! Search as you type (the Ctrl/Cmd+K palette).

use fieldbook_core::search::{SearchQuery, SearchResults};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: SearchQuery) -> Result<SearchResults, CommandError> {
    Ok(state.core.search().run(query).await?)
}
