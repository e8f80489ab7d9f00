//! Staff commands: the company's own people, and who uses this machine.

use fieldbook_core::StaffId;
use fieldbook_core::staff::{StaffInput, StaffMember, WhoAmI};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn who_am_i(state: State<'_, AppState>) -> Result<WhoAmI, CommandError> {
    Ok(state.core.staff().who_am_i().await?)
}

#[tauri::command]
pub async fn set_me(state: State<'_, AppState>, id: StaffId) -> Result<StaffMember, CommandError> {
    Ok(state.core.staff().set_me(id).await?)
}

/// Adds a member; with `me`, a newcomer adds themselves and becomes this machine's user.
#[tauri::command]
pub async fn create_staff(
    state: State<'_, AppState>,
    input: StaffInput,
    me: bool,
) -> Result<StaffMember, CommandError> {
    let by = if me {
        state.core.staff().me().await?.map(|m| (&m).into())
    } else {
        Some(state.core.actor().await?)
    };
    let member = state.core.staff().create(input, by.as_ref()).await?;
    if me {
        state.core.staff().set_me(member.id).await?;
    }
    Ok(member)
}

#[tauri::command]
pub async fn list_staff(
    state: State<'_, AppState>,
    include_inactive: bool,
) -> Result<Vec<StaffMember>, CommandError> {
    Ok(state.core.staff().list(include_inactive).await?)
}

#[tauri::command]
pub async fn update_staff(
    state: State<'_, AppState>,
    id: StaffId,
    input: StaffInput,
) -> Result<StaffMember, CommandError> {
    Ok(state.core.staff().update(id, input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn delete_staff(state: State<'_, AppState>, id: StaffId) -> Result<(), CommandError> {
    Ok(state.core.staff().delete(id, &state.core.actor().await?).await?)
}
