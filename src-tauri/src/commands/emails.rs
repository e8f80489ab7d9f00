//! The email log of a person: .eml files chosen in the dialog (drops arrive through
//! `attach_dropped_files`), one email with its files, and "Write email".

use fieldbook_core::email::log::{Email, EmailsRecorded};
use fieldbook_core::messages::msg;
use fieldbook_core::{EmailId, PersonId};
use tauri::State;

use crate::{AppState, CommandError, dialogs};

/// Shows the open dialog (several .eml files may be chosen) and records them on the person;
/// `None` when the user cancels.
#[tauri::command]
pub async fn choose_email_files(
    state: State<'_, AppState>,
    person_id: PersonId,
) -> Result<Option<EmailsRecorded>, CommandError> {
    let paths = dialogs::pick_emails(&msg("Add emails", &[])).await;
    if paths.is_empty() {
        return Ok(None);
    }
    let by = state.core.actor().await?;
    Ok(Some(state.core.emails().record(person_id, paths, &by).await?))
}

#[tauri::command]
pub async fn get_email(state: State<'_, AppState>, id: EmailId) -> Result<Email, CommandError> {
    Ok(state.core.emails().get(id).await?)
}

/// Opens the mail client on a new message to the person and records that an email was started.
#[tauri::command]
pub async fn write_email(state: State<'_, AppState>, person_id: PersonId) -> Result<(), CommandError> {
    let person = state.core.people().get(person_id).await?;
    let address = person.email.ok_or_else(|| CommandError {
        kind: crate::ErrorKind::Invalid,
        message: msg("This {person} has no email address.", &[]),
        field: Some("email".to_owned()),
    })?;
    super::links::open_link(format!("mailto:{address}")).await?;
    Ok(state.core.emails().started(person_id, &state.core.actor().await?).await?)
}
