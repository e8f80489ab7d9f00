//! Contract and SLA commands: the Contracts view's list, an organization's or a person's
//! contracts, the systems a contract can cover, adding, changing and archiving one, topping up a
//! prepaid-hours block; SLAs (defined
//! by admins: the core checks the role) and which one an organization works under.

use fieldbook_core::service::contracts::{Contract, ContractInput, ContractQuery, CoverableSystem};
use fieldbook_core::service::prepaid::{Prepaid, TopUp, TopUpInput};
use fieldbook_core::service::slas::{Sla, SlaAssignment, SlaInput};
use fieldbook_core::{ContractId, OrganizationId, PersonId, SlaId};
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

/// Records a top-up of a prepaid-hours contract's block; returns where the block stands.
#[tauri::command]
pub async fn top_up_contract(
    state: State<'_, AppState>,
    id: ContractId,
    input: TopUpInput,
) -> Result<Prepaid, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.prepaid().top_up(id, input, &by).await?)
}

#[tauri::command]
pub async fn contract_top_ups(
    state: State<'_, AppState>,
    id: ContractId,
) -> Result<Vec<TopUp>, CommandError> {
    Ok(state.core.prepaid().top_ups(id).await?)
}

#[tauri::command]
pub async fn list_slas(state: State<'_, AppState>, include_archived: bool) -> Result<Vec<Sla>, CommandError> {
    Ok(state.core.slas().list(include_archived).await?)
}

#[tauri::command]
pub async fn create_sla(state: State<'_, AppState>, input: SlaInput) -> Result<Sla, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.slas().create(input, &by).await?)
}

#[tauri::command]
pub async fn update_sla(state: State<'_, AppState>, id: SlaId, input: SlaInput) -> Result<Sla, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.slas().update(id, input, &by).await?)
}

#[tauri::command]
pub async fn archive_sla(state: State<'_, AppState>, id: SlaId, archived: bool) -> Result<Sla, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.slas().set_archived(id, archived, &by).await?)
}

/// This computer's time zone, the default of a new SLA.
#[tauri::command]
pub fn local_time_zone() -> String {
    fieldbook_core::service::slas::local_time_zone()
}

#[tauri::command]
pub async fn organization_sla(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<SlaAssignment, CommandError> {
    Ok(state.core.slas().of_organization(organization).await?)
}

/// Sets an organization's own SLA (None: its parent's, or none).
#[tauri::command]
pub async fn set_organization_sla(
    state: State<'_, AppState>,
    organization: OrganizationId,
    sla: Option<SlaId>,
) -> Result<SlaAssignment, CommandError> {
    state.core.slas().assign_to_organization(organization, sla).await?;
    Ok(state.core.slas().of_organization(organization).await?)
}

#[tauri::command]
pub async fn person_sla(state: State<'_, AppState>, person: PersonId) -> Result<SlaAssignment, CommandError> {
    Ok(state.core.slas().of_person(person).await?)
}

/// Sets a person's own SLA (None: their organization's).
#[tauri::command]
pub async fn set_person_sla(
    state: State<'_, AppState>,
    person: PersonId,
    sla: Option<SlaId>,
) -> Result<SlaAssignment, CommandError> {
    state.core.slas().assign_to_person(person, sla).await?;
    Ok(state.core.slas().of_person(person).await?)
}
