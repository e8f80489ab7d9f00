//! People commands.

use fieldbook_core::PersonId;
use fieldbook_core::people::{Person, PersonFilter, PersonInput};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_people(
    state: State<'_, AppState>,
    filter: PersonFilter,
) -> Result<Vec<Person>, CommandError> {
    Ok(state.core.people().list(filter).await?)
}

/// How many people match (for the virtual list's scrollbar).
#[tauri::command]
pub async fn count_people(state: State<'_, AppState>, filter: PersonFilter) -> Result<u64, CommandError> {
    Ok(state.core.people().count(filter).await?)
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: PersonId) -> Result<Person, CommandError> {
    Ok(state.core.people().get(id).await?)
}

/// Unlinked people whose free-text company name has the normalised form `key`.
#[tauri::command]
pub async fn people_with_company(
    state: State<'_, AppState>,
    key: String,
) -> Result<Vec<Person>, CommandError> {
    Ok(state.core.people().with_company_key(&key).await?)
}

#[tauri::command]
pub async fn create_person(state: State<'_, AppState>, input: PersonInput) -> Result<Person, CommandError> {
    Ok(state.core.people().create(input).await?)
}

#[tauri::command]
pub async fn update_person(
    state: State<'_, AppState>,
    id: PersonId,
    input: PersonInput,
) -> Result<Person, CommandError> {
    Ok(state.core.people().update(id, input).await?)
}

#[tauri::command]
pub async fn archive_person(state: State<'_, AppState>, id: PersonId) -> Result<Person, CommandError> {
    Ok(state.core.people().archive(id).await?)
}

#[tauri::command]
pub async fn restore_person(state: State<'_, AppState>, id: PersonId) -> Result<Person, CommandError> {
    Ok(state.core.people().restore(id).await?)
}
