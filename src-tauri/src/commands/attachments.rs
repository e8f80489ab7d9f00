//! Attached files and logos: the native dialogs pick paths in Rust, drops arrive from the OS
//! through the window's drag-and-drop event, and the webview never hands the app a path.

use fieldbook_core::email::log::EmailsRecorded;
use fieldbook_core::files::{Attachment, Owner};
use fieldbook_core::logos::Logo;
use fieldbook_core::messages::msg;
use fieldbook_core::{AttachmentId, OrganizationId};
use tauri::State;

use crate::{AppState, CommandError, dialogs};

const MIB: u64 = 1024 * 1024;

async fn limit(state: &AppState) -> Result<u64, CommandError> {
    Ok(u64::from(state.core.settings().get().await?.max_attachment_mb) * MIB)
}

#[tauri::command]
pub async fn list_files(state: State<'_, AppState>, owner: Owner) -> Result<Vec<Attachment>, CommandError> {
    Ok(state.core.files().list(owner).await?)
}

/// Shows the open dialog and attaches the chosen file; `None` when the user cancels.
#[tauri::command]
pub async fn attach_file(
    state: State<'_, AppState>,
    owner: Owner,
) -> Result<Option<Attachment>, CommandError> {
    let Some(path) = dialogs::pick_file(&msg("Attach a file", &[])).await else { return Ok(None) };
    let limit = limit(&state).await?;
    Ok(Some(state.core.files().attach(owner, &path, None, limit).await?))
}

/// What a drop onto the window did.
#[derive(Clone, Debug, serde::Serialize, ts_rs::TS)]
pub struct Dropped {
    pub attached: Vec<Attachment>,
    /// On a person, .eml files go to their email log instead.
    pub emails: Option<EmailsRecorded>,
}

/// Attaches the files of the last drop onto the window (paths the OS gave the app, kept in
/// Rust); on a person, .eml files are recorded in their email log. Emails first: a file that
/// is not an email stops the drop before anything is attached.
#[tauri::command]
pub async fn attach_dropped_files(state: State<'_, AppState>, owner: Owner) -> Result<Dropped, CommandError> {
    let paths = std::mem::take(&mut *state.dropped.lock().unwrap_or_else(|e| e.into_inner()));
    let is_eml = |p: &std::path::Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("eml"));
    let (emls, others): (Vec<_>, Vec<_>) = paths.into_iter().filter(|p| p.is_file()).partition(|p| is_eml(p));
    let (others, emails) = match owner {
        Owner::Person(person) if !emls.is_empty() => {
            let by = state.core.actor().await?;
            (others, Some(state.core.emails().record(person, emls, &by).await?))
        }
        _ => (others.into_iter().chain(emls).collect(), None),
    };
    let limit = limit(&state).await?;
    let mut attached = Vec::with_capacity(others.len());
    for path in &others {
        attached.push(state.core.files().attach(owner, path, None, limit).await?);
    }
    Ok(Dropped { attached, emails })
}

/// Opens the file with the OS default application, from a temp copy with a safe name.
#[tauri::command]
pub async fn open_file(state: State<'_, AppState>, id: AttachmentId) -> Result<(), CommandError> {
    state.core.ensure_attachment(id).await?;
    let path = state.core.files().copy_for_opening(id, &state.temp).await?;
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| {
        CommandError::internal(msg("No application on this computer could open that file.", &[]), e)
    })
}

/// Shows the save dialog and writes a copy there; false when the user cancels.
#[tauri::command]
pub async fn save_file_copy(state: State<'_, AppState>, id: AttachmentId) -> Result<bool, CommandError> {
    let attachment = state.core.files().get(id).await?;
    let suggested = fieldbook_core::files::safe_file_name(&attachment.name);
    let Some(dest) = dialogs::save_file(&msg("Save a copy", &[]), &suggested).await else { return Ok(false) };
    state.core.ensure_attachment(id).await?;
    state.core.files().save_copy(id, &dest).await?;
    Ok(true)
}

#[tauri::command]
pub async fn delete_file(state: State<'_, AppState>, id: AttachmentId) -> Result<(), CommandError> {
    Ok(state.core.files().delete(id).await?)
}

#[tauri::command]
pub async fn get_logo(state: State<'_, AppState>, id: OrganizationId) -> Result<Option<Logo>, CommandError> {
    Ok(state.core.logos().get(id).await?)
}

/// Shows the open dialog for a PNG or JPEG and makes it the logo; false when cancelled.
#[tauri::command]
pub async fn choose_logo(state: State<'_, AppState>, id: OrganizationId) -> Result<bool, CommandError> {
    let Some(path) = dialogs::pick_image(&msg("Choose a logo", &[])).await else { return Ok(false) };
    state.core.logos().set(id, &path).await?;
    Ok(true)
}

#[tauri::command]
pub async fn clear_logo(state: State<'_, AppState>, id: OrganizationId) -> Result<(), CommandError> {
    Ok(state.core.logos().clear(id).await?)
}
