//! The data dictionary: the words for the kinds of record in each language, as an admin
//! renamed them.

use fieldbook_core::terms::{Language, Term, TermInput};
use tauri::State;

use crate::{AppState, CommandError};

#[tauri::command]
pub async fn list_terms(state: State<'_, AppState>, language: Language) -> Result<Vec<Term>, CommandError> {
    Ok(state.core.terms().list(language).await?)
}

#[tauri::command]
pub async fn update_terms(
    state: State<'_, AppState>,
    language: Language,
    terms: Vec<TermInput>,
) -> Result<Vec<Term>, CommandError> {
    Ok(state.core.terms().update(language, terms, &state.core.actor().await?).await?)
}

/// The language the UI shows (the system's or chosen in Settings): statements, invoices and the
/// core's refusals are written in it.
#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: Language) -> Result<(), CommandError> {
    state.core.set_language(language);
    // The core's refusals take the dictionary's words of the language now in use.
    state.core.terms().list(language).await?;
    Ok(())
}

/// The operating system's language as a BCP 47 tag ("de-DE"), for the UI's language when none is
/// chosen in Settings (the webview's own can fall back to en-US where the locale is not installed).
#[tauri::command]
pub fn system_locale() -> Option<String> {
    sys_locale::get_locale()
}
