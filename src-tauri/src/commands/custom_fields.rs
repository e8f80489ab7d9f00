//! Custom fields: the admin's definitions, and a record's values (saved with the record itself,
//! through its own create and update commands).

use fieldbook_core::CustomFieldId;
use fieldbook_core::custom_fields::{CustomField, CustomFieldInput, CustomRecord, CustomValue};
use tauri::State;

use crate::{AppState, CommandError};

/// The fields of one kind of record in order; archived ones after the others when asked for.
#[tauri::command]
pub async fn list_custom_fields(
    state: State<'_, AppState>,
    record: CustomRecord,
    include_archived: bool,
) -> Result<Vec<CustomField>, CommandError> {
    Ok(state.core.custom_fields().list(record, include_archived).await?)
}

#[tauri::command]
pub async fn create_custom_field(
    state: State<'_, AppState>,
    input: CustomFieldInput,
) -> Result<CustomField, CommandError> {
    Ok(state.core.custom_fields().create(input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn update_custom_field(
    state: State<'_, AppState>,
    id: CustomFieldId,
    input: CustomFieldInput,
) -> Result<CustomField, CommandError> {
    Ok(state.core.custom_fields().update(id, input, &state.core.actor().await?).await?)
}

/// Deletes a field without values (`null`), or archives one with values once confirmed.
#[tauri::command]
pub async fn remove_custom_field(
    state: State<'_, AppState>,
    id: CustomFieldId,
    confirm_archive: bool,
) -> Result<Option<CustomField>, CommandError> {
    Ok(state.core.custom_fields().remove(id, confirm_archive, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn restore_custom_field(
    state: State<'_, AppState>,
    id: CustomFieldId,
) -> Result<CustomField, CommandError> {
    Ok(state.core.custom_fields().restore(id, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn reorder_custom_fields(
    state: State<'_, AppState>,
    record: CustomRecord,
    ids: Vec<CustomFieldId>,
) -> Result<Vec<CustomField>, CommandError> {
    Ok(state.core.custom_fields().reorder(record, ids, &state.core.actor().await?).await?)
}

/// A record's values (organization, person, ticket or contract id), in its fields' order.
#[tauri::command]
pub async fn custom_values(
    state: State<'_, AppState>,
    record_id: uuid::Uuid,
) -> Result<Vec<CustomValue>, CommandError> {
    Ok(state.core.custom_fields().values(record_id).await?)
}
