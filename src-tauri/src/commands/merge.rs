//! Duplicates and merging: likely duplicates for review, "not a duplicate", merging two
//! organizations or two people field by field, and undoing a merge.

use fieldbook_core::duplicates::{DuplicatePage, DuplicateQuery};
use fieldbook_core::merge::{MergePreview, MergeRecord, OrganizationMerge, PersonMerge, RecordKind};
use fieldbook_core::messages::msg;
use fieldbook_core::{MergeId, OrganizationId, PersonId};
use tauri::State;

use crate::{AppState, CommandError};

/// An id of either kind, as the duplicates list gives it.
fn parse<T: std::str::FromStr>(id: &str) -> Result<T, CommandError> {
    id.parse().map_err(|_| CommandError {
        kind: crate::ErrorKind::Invalid,
        message: msg("That record id is not valid.", &[]),
        field: None,
    })
}

#[tauri::command]
pub async fn find_duplicates(
    state: State<'_, AppState>,
    kind: RecordKind,
    query: DuplicateQuery,
) -> Result<DuplicatePage, CommandError> {
    Ok(match kind {
        RecordKind::Organization => state.core.duplicates().organizations(query).await?,
        RecordKind::Person => state.core.duplicates().people(query).await?,
    })
}

#[tauri::command]
pub async fn dismiss_duplicate(
    state: State<'_, AppState>,
    kind: RecordKind,
    a: String,
    b: String,
) -> Result<(), CommandError> {
    let by = state.core.actor().await?;
    let d = state.core.duplicates();
    match kind {
        RecordKind::Organization => d.dismiss_organizations(parse(&a)?, parse(&b)?, &by).await?,
        RecordKind::Person => d.dismiss_people(parse(&a)?, parse(&b)?, &by).await?,
    }
    Ok(())
}

#[tauri::command]
pub async fn preview_merge(
    state: State<'_, AppState>,
    kind: RecordKind,
    keep: String,
    merge: String,
) -> Result<MergePreview, CommandError> {
    let m = state.core.merge();
    Ok(match kind {
        RecordKind::Organization => {
            m.preview_organizations(parse::<OrganizationId>(&keep)?, parse::<OrganizationId>(&merge)?).await?
        }
        RecordKind::Person => m.preview_people(parse::<PersonId>(&keep)?, parse::<PersonId>(&merge)?).await?,
    })
}

#[tauri::command]
pub async fn merge_organizations(
    state: State<'_, AppState>,
    input: OrganizationMerge,
) -> Result<MergeRecord, CommandError> {
    Ok(state.core.merge().organizations(input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn merge_people(
    state: State<'_, AppState>,
    input: PersonMerge,
) -> Result<MergeRecord, CommandError> {
    Ok(state.core.merge().people(input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>, id: MergeId) -> Result<MergeRecord, CommandError> {
    Ok(state.core.merge().undo(id, &state.core.actor().await?).await?)
}
