//! Import and export: the file is chosen in a native dialog and its path stays in Rust; the
//! preview and the apply read it from there. Apply reports progress over a channel and can be
//! cancelled (nothing is written then).

use std::sync::atomic::Ordering;

use fieldbook_core::import::organizer::{CompanyGroup, GroupDecision};
use fieldbook_core::import::{
    ApplyProgress, ApplyRequest, ImportKind, ImportOptions, ImportPreview, ImportRecord, SavedMapping,
};
use fieldbook_core::messages::msg;
use tauri::State;
use tauri::ipc::Channel;

use crate::{AppState, CommandError, dialogs};

/// The file chosen for import, or an error asking for one.
fn chosen(state: &AppState) -> Result<std::path::PathBuf, CommandError> {
    state.import_file.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(|| CommandError {
        kind: crate::ErrorKind::Invalid,
        message: msg("Choose a file to import first.", &[]),
        field: Some("file".into()),
    })
}

/// Shows the open dialog for a file to import (delimited text, a workbook, vCard); returns its name (`None` when cancelled).
#[tauri::command]
pub async fn choose_import_file(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    let Some(path) = dialogs::pick_import_file(&msg("Choose a file to import", &[])).await else {
        return Ok(None);
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    *state.import_file.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(name)
}

/// The dry run of the chosen file with `options`: nothing is written.
#[tauri::command]
pub async fn preview_import(
    state: State<'_, AppState>,
    options: ImportOptions,
) -> Result<ImportPreview, CommandError> {
    let path = chosen(&state)?;
    Ok(state.core.import().preview(&path, options).await?)
}

/// Applies what the preview showed, in one transaction, reporting progress on `progress`.
#[tauri::command]
pub async fn apply_import(
    state: State<'_, AppState>,
    request: ApplyRequest,
    progress: Channel<ApplyProgress>,
) -> Result<ImportRecord, CommandError> {
    let path = chosen(&state)?;
    state.cancel_import.store(false, Ordering::Relaxed);
    // An automatic backup first, when a folder is set. A failure is recorded and shown in
    // Settings, and the import goes on: it can be undone from the history in any case.
    let before = fieldbook_core::backup::auto::Reason::BeforeImport;
    if let Err(e) = state.core.backups().run(before, |_| {}, std::sync::Arc::default()).await {
        log::warn!("the backup before the import failed: {e}");
    }
    let actor = state.core.actor().await?;
    let report = move |p: ApplyProgress| {
        let _ = progress.send(p);
    };
    let record = state.core.import().apply(&path, request, &actor, &report, &state.cancel_import).await?;
    Ok(record)
}

/// Asks a running apply to stop; it rolls back and writes nothing.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::Relaxed);
}

#[tauri::command]
pub async fn import_history(state: State<'_, AppState>) -> Result<Vec<ImportRecord>, CommandError> {
    Ok(state.core.import().history().await?)
}

#[tauri::command]
pub async fn undo_last_import(state: State<'_, AppState>) -> Result<ImportRecord, CommandError> {
    Ok(state.core.import().undo_last(&state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn list_import_mappings(
    state: State<'_, AppState>,
    kind: ImportKind,
) -> Result<Vec<SavedMapping>, CommandError> {
    Ok(state.core.import().mappings(kind).await?)
}

#[tauri::command]
pub async fn save_import_mapping(
    state: State<'_, AppState>,
    mapping: SavedMapping,
) -> Result<(), CommandError> {
    Ok(state.core.import().save_mapping(mapping).await?)
}

#[tauri::command]
pub async fn delete_import_mapping(
    state: State<'_, AppState>,
    kind: ImportKind,
    name: String,
) -> Result<(), CommandError> {
    Ok(state.core.import().delete_mapping(kind, &name).await?)
}

/// The organization importer's proposed groups.
#[tauri::command]
pub async fn company_groups(state: State<'_, AppState>) -> Result<Vec<CompanyGroup>, CommandError> {
    Ok(state.core.import().company_groups().await?)
}

#[tauri::command]
pub async fn apply_company_groups(
    state: State<'_, AppState>,
    decisions: Vec<GroupDecision>,
) -> Result<ImportRecord, CommandError> {
    let actor = state.core.actor().await?;
    Ok(state.core.import().apply_company_groups(decisions, &actor).await?)
}

/// Shows the save dialog and exports organizations or people there as CSV; returns the rows
/// written (`None` when cancelled).
#[tauri::command]
pub async fn export_csv(
    state: State<'_, AppState>,
    kind: ImportKind,
    include_archived: bool,
) -> Result<Option<u64>, CommandError> {
    let name = match kind {
        ImportKind::Organizations => "organizations.csv",
        ImportKind::People => "people.csv",
    };
    let Some(path) = dialogs::save_file(&msg("Export to CSV", &[]), name).await else { return Ok(None) };
    let export = state.core.export();
    let rows = match kind {
        ImportKind::Organizations => export.organizations(&path, include_archived).await?,
        ImportKind::People => export.people(&path, include_archived).await?,
    };
    Ok(Some(rows))
}
