//! The Today page: what is due across customers, for this machine's user.

use fieldbook_core::today::{Today, TodayQuery, UnbilledSummary};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn today_page(state: State<'_, AppState>, query: TodayQuery) -> Result<Today, CommandError> {
    let me = state.core.actor().await?;
    Ok(state.core.today().get(me.id, query).await?)
}

#[tauri::command]
pub async fn today_unbilled(
    state: State<'_, AppState>,
    query: TodayQuery,
) -> Result<UnbilledSummary, CommandError> {
    Ok(state.core.today().unbilled(query).await?)
}
