//! Editable lists: member roles, contact roles, activity types.

use fieldbook_core::ChoiceId;
use fieldbook_core::choices::{Choice, ChoiceList};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_choices(state: State<'_, AppState>, list: ChoiceList) -> Result<Vec<Choice>, CommandError> {
    Ok(state.core.choices().list(list).await?)
}

#[tauri::command]
pub async fn add_choice(
    state: State<'_, AppState>,
    list: ChoiceList,
    name: String,
) -> Result<Choice, CommandError> {
    Ok(state.core.choices().add(list, &name).await?)
}

#[tauri::command]
pub async fn rename_choice(
    state: State<'_, AppState>,
    id: ChoiceId,
    name: String,
) -> Result<Choice, CommandError> {
    Ok(state.core.choices().rename(id, &name).await?)
}

#[tauri::command]
pub async fn remove_choice(state: State<'_, AppState>, id: ChoiceId) -> Result<(), CommandError> {
    Ok(state.core.choices().remove(id).await?)
}
