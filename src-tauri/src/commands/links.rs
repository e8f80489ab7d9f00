//! Handing phone, mail and web links to the operating system.

use fieldbook_core::messages::msg;

use crate::{CommandError, ErrorKind};

/// Opens a `tel:`, `mailto:` or `https://` link with the OS default handler (dialer, mail
/// client, browser). Anything else is refused before it reaches the OS.
#[tauri::command]
pub async fn open_link(url: String) -> Result<(), CommandError> {
    let url = fieldbook_core::links::external(&url)?;
    tauri_plugin_opener::open_url(&url, None::<&str>).map_err(|error| {
        log::warn!("opening a link failed: {error}");
        CommandError {
            kind: ErrorKind::Internal,
            message: msg("No application on this computer could open that link.", &[]),
            field: None,
        }
    })
}
