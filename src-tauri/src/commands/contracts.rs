//! Contract commands: the Contracts view's list, an organization's or a person's contracts, the
//! systems a contract can cover, and adding, changing and archiving one.

use fieldbook_core::contracts::{Contract, ContractInput, ContractQuery, CoverableSystem};
use fieldbook_core::{ContractId, OrganizationId, PersonId};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_contracts(
    state: State<'_, AppState>,
    query: ContractQuery,
) -> Result<Vec<Contract>, CommandError> {
    Ok(state.core.contracts().list(query).await?)
}

/// An organization's contracts, or its parent's when it has none of its own (marked inherited).
#[tauri::command]
pub async fn organization_contracts(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Vec<Contract>, CommandError> {
    Ok(state.core.contracts().of_organization(organization).await?)
}

#[tauri::command]
pub async fn person_contracts(
    state: State<'_, AppState>,
    person: PersonId,
) -> Result<Vec<Contract>, CommandError> {
    Ok(state.core.contracts().of_person(person).await?)
}

#[tauri::command]
pub async fn coverable_systems(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Vec<CoverableSystem>, CommandError> {
    Ok(state.core.contracts().coverable_systems(organization).await?)
}

#[tauri::command]
pub async fn create_contract(
    state: State<'_, AppState>,
    input: ContractInput,
) -> Result<Contract, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.contracts().create(input, &by).await?)
}

#[tauri::command]
pub async fn update_contract(
    state: State<'_, AppState>,
    id: ContractId,
    input: ContractInput,
) -> Result<Contract, CommandError> {
    Ok(state.core.contracts().update(id, input).await?)
}

#[tauri::command]
pub async fn archive_contract(
    state: State<'_, AppState>,
    id: ContractId,
    archived: bool,
) -> Result<Contract, CommandError> {
    Ok(state.core.contracts().set_archived(id, archived).await?)
}
