//! System types, systems and their secrets. A revealed secret goes to the webview only when the
//! user asked to see it; a copied one goes from Rust straight to the clipboard and is cleared
//! after 30 seconds if the clipboard still holds it.

use std::time::Duration;

use fieldbook_core::messages::msg;
use fieldbook_core::system_types::{SystemType, SystemTypeInput};
use fieldbook_core::systems::{SecretAccess, SecretUse, System, SystemInput};
use fieldbook_core::{OrganizationId, SecretId, SystemId, SystemTypeId};
use tauri::State;

use crate::{AppState, CommandError};

/// How long a copied secret stays on the clipboard.
const CLIPBOARD_SECONDS: u64 = 30;

/// The clipboard delay: 30 s, or `FIELDBOOK_CLIPBOARD_SECONDS` (1–30) so the e2e suite need not
/// wait half a minute.
fn clipboard_delay() -> Duration {
    let seconds = std::env::var("FIELDBOOK_CLIPBOARD_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|s| (1..=CLIPBOARD_SECONDS).contains(s))
        .unwrap_or(CLIPBOARD_SECONDS);
    Duration::from_secs(seconds)
}

#[tauri::command]
pub async fn list_system_types(state: State<'_, AppState>) -> Result<Vec<SystemType>, CommandError> {
    Ok(state.core.system_types().list().await?)
}

#[tauri::command]
pub async fn create_system_type(
    state: State<'_, AppState>,
    input: SystemTypeInput,
) -> Result<SystemType, CommandError> {
    Ok(state.core.system_types().create(input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn update_system_type(
    state: State<'_, AppState>,
    id: SystemTypeId,
    input: SystemTypeInput,
) -> Result<SystemType, CommandError> {
    Ok(state.core.system_types().update(id, input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn delete_system_type(state: State<'_, AppState>, id: SystemTypeId) -> Result<(), CommandError> {
    Ok(state.core.system_types().delete(id, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn list_systems(
    state: State<'_, AppState>,
    organization_id: OrganizationId,
    include_archived: bool,
) -> Result<Vec<System>, CommandError> {
    Ok(state.core.systems().of_organization(organization_id, include_archived).await?)
}

#[tauri::command]
pub async fn get_system(state: State<'_, AppState>, id: SystemId) -> Result<System, CommandError> {
    Ok(state.core.systems().get(id).await?)
}

#[tauri::command]
pub async fn create_system(state: State<'_, AppState>, input: SystemInput) -> Result<System, CommandError> {
    let actor = state.core.actor().await?;
    Ok(state.core.systems().create(input, &actor).await?)
}

#[tauri::command]
pub async fn update_system(
    state: State<'_, AppState>,
    id: SystemId,
    input: SystemInput,
) -> Result<System, CommandError> {
    let actor = state.core.actor().await?;
    Ok(state.core.systems().update(id, input, &actor).await?)
}

#[tauri::command]
pub async fn archive_system(state: State<'_, AppState>, id: SystemId) -> Result<System, CommandError> {
    Ok(state.core.systems().archive(id).await?)
}

#[tauri::command]
pub async fn restore_system(state: State<'_, AppState>, id: SystemId) -> Result<System, CommandError> {
    Ok(state.core.systems().restore(id).await?)
}

#[tauri::command]
pub async fn delete_system(state: State<'_, AppState>, id: SystemId) -> Result<(), CommandError> {
    Ok(state.core.delete_system(id).await?)
}

/// The secret's value, to show it; audited.
#[tauri::command]
pub async fn reveal_secret(state: State<'_, AppState>, id: SecretId) -> Result<String, CommandError> {
    let actor = state.core.actor().await?;
    Ok(state.core.systems().read_secret(id, SecretUse::Reveal, &actor).await?)
}

/// Puts the secret on the clipboard (it never passes through the webview), marked to stay out
/// of clipboard history; audited. After 30 s the clipboard is cleared if it still holds the
/// secret.
#[tauri::command]
pub async fn copy_secret(state: State<'_, AppState>, id: SecretId) -> Result<(), CommandError> {
    let actor = state.core.actor().await?;
    let value = state.core.systems().read_secret(id, SecretUse::Copy, &actor).await?;
    let clipboard = state.clipboard.clone();
    let fingerprint = tokio::task::spawn_blocking(move || clipboard.copy(value))
        .await
        .map_err(|e| CommandError::internal(msg("Copying failed.", &[]), e))?
        .map_err(|e| CommandError::internal(msg("The clipboard is not available.", &[]), e))?;
    let clipboard = state.clipboard.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(clipboard_delay()).await;
        let _ = tokio::task::spawn_blocking(move || clipboard.clear_if_holding(&fingerprint)).await;
    });
    Ok(())
}

/// A staff member's password access log (Settings → Staff).
#[tauri::command]
pub async fn staff_secret_audit(
    state: State<'_, AppState>,
    id: fieldbook_core::StaffId,
) -> Result<Vec<fieldbook_core::systems::StaffSecretAccess>, CommandError> {
    let by = state.core.staff().actor().await?;
    Ok(state.core.systems().audit_of_staff(id, &by).await?)
}

#[tauri::command]
pub async fn secret_audit(
    state: State<'_, AppState>,
    id: SystemId,
) -> Result<Vec<SecretAccess>, CommandError> {
    Ok(state.core.systems().audit_trail(id).await?)
}
