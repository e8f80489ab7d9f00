//! The data dictionary: the words for the kinds of record, as an admin renamed them.

use fieldbook_core::terms::{Term, TermInput};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_terms(state: State<'_, AppState>) -> Result<Vec<Term>, CommandError> {
    Ok(state.core.terms().list().await?)
}

#[tauri::command]
pub async fn update_terms(
    state: State<'_, AppState>,
    terms: Vec<TermInput>,
) -> Result<Vec<Term>, CommandError> {
    Ok(state.core.terms().update(terms, &state.core.actor().await?).await?)
}
