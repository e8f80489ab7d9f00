//! Settings → Team and the Conflicts view: where this machine stands, publishing its data to an
//! empty team server or joining one (the password goes to the OS keyring, in the core), a sync
//! round now, the conflicts and their resolution, and leaving. Rounds, publish, join and leave
//! take turns with the background sync (`team_sync`). The CA file for a verified TLS connection
//! is chosen in the native dialog; the webview's address may carry no file path.

use std::path::Path;

use fieldbook_core::messages::msg;
use fieldbook_core::sync::rotation::{MemberRemoval, Removal};
use fieldbook_core::sync::team::{Conflict, Resolution, SyncProgress, SyncReport, TeamStatus};
use fieldbook_core::sync::vault::TeamDevice;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::{AppState, CommandError, ErrorKind, dialogs, team_sync};

#[tauri::command]
pub async fn get_team_status(state: State<'_, AppState>) -> Result<TeamStatus, CommandError> {
    Ok(state.core.team().status().await?)
}

/// Whether this machine fetches the team's files in the background, and up to which size.
#[tauri::command]
pub async fn set_offline_files(
    state: State<'_, AppState>,
    keep: bool,
    limit_mb: u32,
) -> Result<TeamStatus, CommandError> {
    Ok(state.core.team().set_offline_files(keep, limit_mb).await?)
}

/// Asks for the team server's CA certificate (for "Verify"); its name, or `None` when cancelled.
#[tauri::command]
pub async fn choose_team_ca_file(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    let Some(path) = dialogs::pick_certificate(&msg("Choose the team server's CA certificate", &[])).await
    else {
        return Ok(None);
    };
    let name = fieldbook_core::files::shown_name(&path);
    *state.team_ca_file.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(Some(name))
}

/// Makes this machine the team's first: its data goes to the empty server at `url`.
#[tauri::command]
pub async fn team_publish<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
    password: String,
) -> Result<SyncReport, CommandError> {
    let url = with_chosen_ca(&url, state.team_ca_file.lock().unwrap_or_else(|e| e.into_inner()).as_deref())?;
    let report = {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().publish(&url, &password).await?
    };
    team_sync::announce(&app, &state.core).await;
    state.team_sync.wake();
    Ok(report)
}

/// Joins the team at `url`. A machine with records of its own is refused with a sentence
/// (field "replace") unless `replace`; then the core backs it up first.
#[tauri::command]
pub async fn team_join<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
    password: String,
    replace: bool,
    progress: Channel<SyncProgress>,
) -> Result<SyncReport, CommandError> {
    let url = with_chosen_ca(&url, state.team_ca_file.lock().unwrap_or_else(|e| e.into_inner()).as_deref())?;
    let report = {
        let _alone = state.team_sync.exclusive().await;
        state
            .core
            .team()
            .with_progress(move |p| {
                let _ = progress.send(p);
            })
            .join(&url, &password, replace)
            .await?
    };
    team_sync::announce(&app, &state.core).await;
    state.team_sync.wake();
    Ok(report)
}

/// A sync round now (after the background one, if one runs).
#[tauri::command]
pub async fn team_sync_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SyncReport, CommandError> {
    Ok(state.team_sync.round(&app, &state.core).await?)
}

/// The team's machines with their fingerprints (Settings → Team, for approving one).
#[tauri::command]
pub async fn list_team_devices(state: State<'_, AppState>) -> Result<Vec<TeamDevice>, CommandError> {
    Ok(state.core.team().devices().await?)
}

/// Approves a machine to read the team's passwords (an admin; the server checks), after the
/// fingerprints were compared; a round is asked for so the status follows.
#[tauri::command]
pub async fn approve_team_device(
    state: State<'_, AppState>,
    device: String,
) -> Result<TeamDevice, CommandError> {
    let approved = state.core.team().approve_device(&device).await?;
    state.team_sync.wake();
    Ok(approved)
}

/// Removes a machine from the team's passwords (an admin; the server checks): the team's key
/// changes and the passwords it could read are listed, to change at the customers.
#[tauri::command]
pub async fn remove_team_device(state: State<'_, AppState>, device: String) -> Result<Removal, CommandError> {
    let removal = {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().remove_device(&device).await?
    };
    state.team_sync.wake();
    Ok(removal)
}

/// Removes a member (an admin; the server checks): their login to the team server is disabled,
/// their machines are removed from the team's passwords with one key change, and the passwords
/// they could read are listed, to change at the customers.
#[tauri::command]
pub async fn remove_team_member(
    state: State<'_, AppState>,
    login: String,
) -> Result<MemberRemoval, CommandError> {
    let removal = {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().remove_member(&login).await?
    };
    state.team_sync.wake();
    Ok(removal)
}

/// Prints a recovery kit (an admin): where the page goes is asked first in the native save
/// dialog, then the kit is made and its PDF written there. Returns the file's name and the kit's
/// fingerprint, or `None` when the dialog was cancelled (no kit is made).
#[tauri::command]
pub async fn save_recovery_kit(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Option<(String, String)>, CommandError> {
    // (The core checks it too; here before the dialog, so nothing is chosen for nothing.)
    if passphrase.chars().count() < 12 {
        return Err(fieldbook_core::Error::invalid(
            "passphrase",
            msg("Choose a passphrase of at least 12 characters (a few words are easiest).", &[]),
        )
        .into());
    }
    let Some(path) =
        dialogs::save_file(&msg("Save the recovery kit", &[]), "fieldbook-recovery-kit.pdf").await
    else {
        return Ok(None);
    };
    let kit = state.core.team().recovery_kit(&passphrase).await?;
    fieldbook_core::files::write_atomically(&path, &kit.pdf)
        .map_err(|e| CommandError::internal(msg("The recovery kit could not be written there.", &[]), e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Some((name, kit.fingerprint)))
}

/// Lets this machine (an admin's) read the team's passwords with a recovery kit's code and
/// passphrase; the round that follows brings them.
#[tauri::command]
pub async fn recover_with_kit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
    passphrase: String,
) -> Result<SyncReport, CommandError> {
    let report = {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().recover(&code, &passphrase).await?
    };
    team_sync::announce(&app, &state.core).await;
    Ok(report)
}

/// Open conflicts, and resolved ones too when `all`.
#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>, all: bool) -> Result<Vec<Conflict>, CommandError> {
    Ok(state.core.team().conflicts(all).await?)
}

/// Resolves a conflict; the chosen value syncs with the next round, which is asked for now.
#[tauri::command]
pub async fn resolve_conflict<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    resolution: Resolution,
) -> Result<(), CommandError> {
    state.core.team().resolve(&id, resolution).await?;
    team_sync::announce(&app, &state.core).await;
    state.team_sync.wake();
    Ok(())
}

/// After sync stopped (the server was restored from an older backup): sends the waiting
/// changes, backs this machine up and downloads the team's data again.
#[tauri::command]
pub async fn team_download_again<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SyncReport, CommandError> {
    let report = {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().download_again().await?
    };
    team_sync::announce(&app, &state.core).await;
    Ok(report)
}

/// Leaves the team (refused while changes wait, unless `force`); the records stay.
#[tauri::command]
pub async fn team_leave<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    force: bool,
) -> Result<(), CommandError> {
    {
        let _alone = state.team_sync.exclusive().await;
        state.core.team().leave(force).await?;
    }
    team_sync::announce(&app, &state.core).await;
    Ok(())
}

/// The address the form built (`postgres://LOGIN@HOST:PORT/DATABASE?sslmode=…`) with the CA
/// file chosen in the dialog added for `verify-full`. The webview may set `sslmode` only: any
/// other parameter could name a file (a certificate, a key, a socket folder).
pub fn with_chosen_ca(url: &str, ca: Option<&Path>) -> Result<String, CommandError> {
    let refuse = |field: &str, message: String| CommandError {
        kind: ErrorKind::Invalid,
        message,
        field: Some(field.to_owned()),
    };
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut mode = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", value)) => mode = Some(value),
            _ => {
                return Err(refuse(
                    "url",
                    msg(
                        "The server address may only say how to secure the connection (sslmode); choose the CA file \
                     with “Choose CA file…”.",
                        &[],
                    ),
                ));
            }
        }
    }
    match mode {
        Some("verify-full" | "verify-ca") => {
            let Some(ca) = ca else {
                return Err(refuse(
                    "ca",
                    msg("Choose the CA certificate the team server's certificate is signed with.", &[]),
                ));
            };
            let Some(path) = ca.to_str() else {
                return Err(refuse(
                    "ca",
                    msg("That CA file's location cannot be used; move it to a plainer folder name.", &[]),
                ));
            };
            Ok(format!("{base}?{query}&sslrootcert={}", encode(path)))
        }
        _ => Ok(url.to_owned()),
    }
}

/// Percent-encodes a path for a URL query value (sqlx decodes it again).
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_ca_file_is_added_for_verify_full_only() {
        let ca = Path::new("/home/ann/My certs/ca.pem");
        let url = "postgres://ann@db.example:5432/team?sslmode=verify-full";
        assert_eq!(
            with_chosen_ca(url, Some(ca)).unwrap(),
            "postgres://ann@db.example:5432/team?sslmode=verify-full&sslrootcert=/home/ann/My%20certs/ca.pem"
        );
        let plain = "postgres://ann@db.example:5432/team?sslmode=require";
        assert_eq!(with_chosen_ca(plain, Some(ca)).unwrap(), plain);
        assert_eq!(with_chosen_ca(url, None).unwrap_err().field.as_deref(), Some("ca"));
    }

    #[test]
    fn the_webview_cannot_name_a_file_in_the_address() {
        for url in [
            "postgres://ann@db/team?sslmode=require&sslrootcert=/etc/passwd",
            "postgres://ann@db/team?sslkey=/home/ann/.ssh/id_rsa",
            "postgres://ann@db/team?host=/var/run/postgresql",
        ] {
            assert_eq!(with_chosen_ca(url, None).unwrap_err().field.as_deref(), Some("url"), "{url}");
        }
    }
}
