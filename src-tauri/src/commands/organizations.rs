//! Organization commands.

use fieldbook_core::OrganizationId;
use fieldbook_core::PersonId;
use fieldbook_core::organizations::{
    NameSuggestions, Organization, OrganizationDetail, OrganizationFilter, OrganizationInput,
};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_organizations(
    state: State<'_, AppState>,
    filter: OrganizationFilter,
) -> Result<Vec<Organization>, CommandError> {
    Ok(state.core.organizations().list(filter).await?)
}

/// How many organizations match (for the virtual list's scrollbar).
#[tauri::command]
pub async fn count_organizations(
    state: State<'_, AppState>,
    filter: OrganizationFilter,
) -> Result<u64, CommandError> {
    Ok(state.core.organizations().count(filter).await?)
}

#[tauri::command]
pub async fn list_cities(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    Ok(state.core.organizations().cities().await?)
}

#[tauri::command]
pub async fn get_organization(
    state: State<'_, AppState>,
    id: OrganizationId,
) -> Result<OrganizationDetail, CommandError> {
    Ok(state.core.organizations().detail(id).await?)
}

#[tauri::command]
pub async fn create_organization(
    state: State<'_, AppState>,
    input: OrganizationInput,
    link_people: Vec<PersonId>,
) -> Result<Organization, CommandError> {
    Ok(state.core.organizations().create(input, link_people).await?)
}

#[tauri::command]
pub async fn update_organization(
    state: State<'_, AppState>,
    id: OrganizationId,
    input: OrganizationInput,
) -> Result<Organization, CommandError> {
    Ok(state.core.organizations().update(id, input).await?)
}

#[tauri::command]
pub async fn archive_organization(
    state: State<'_, AppState>,
    id: OrganizationId,
) -> Result<Organization, CommandError> {
    Ok(state.core.organizations().archive(id).await?)
}

#[tauri::command]
pub async fn restore_organization(
    state: State<'_, AppState>,
    id: OrganizationId,
) -> Result<Organization, CommandError> {
    Ok(state.core.organizations().restore(id).await?)
}

#[tauri::command]
pub async fn suggest_organization_names(
    state: State<'_, AppState>,
    typed: String,
) -> Result<NameSuggestions, CommandError> {
    Ok(state.core.organizations().suggest_names(&typed).await?)
}
