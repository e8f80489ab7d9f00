//! Members and contacts commands: who looks after an organization, and people of other
//! organizations who are its contacts.

use fieldbook_core::members::{Contact, Member, OrganizationTeam};
use fieldbook_core::{ChoiceId, ContactId, MemberId, OrganizationId, PersonId, StaffId};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn organization_team(
    state: State<'_, AppState>,
    organization_id: OrganizationId,
) -> Result<OrganizationTeam, CommandError> {
    Ok(state.core.members().team(organization_id).await?)
}

#[tauri::command]
pub async fn person_contact_of(
    state: State<'_, AppState>,
    person_id: PersonId,
) -> Result<Vec<Contact>, CommandError> {
    Ok(state.core.members().contact_of(person_id).await?)
}

#[tauri::command]
pub async fn add_member(
    state: State<'_, AppState>,
    organization_id: OrganizationId,
    staff_id: StaffId,
    role_id: ChoiceId,
) -> Result<Member, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.members().add_member(organization_id, staff_id, role_id, &by).await?)
}

#[tauri::command]
pub async fn remove_member(state: State<'_, AppState>, id: MemberId) -> Result<(), CommandError> {
    Ok(state.core.members().remove_member(id, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn add_contact(
    state: State<'_, AppState>,
    organization_id: OrganizationId,
    person_id: PersonId,
    role_id: ChoiceId,
) -> Result<Contact, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.members().add_contact(organization_id, person_id, role_id, &by).await?)
}

#[tauri::command]
pub async fn remove_contact(state: State<'_, AppState>, id: ContactId) -> Result<(), CommandError> {
    Ok(state.core.members().remove_contact(id, &state.core.actor().await?).await?)
}
