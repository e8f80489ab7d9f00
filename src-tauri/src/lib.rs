//! The Fieldbook app: the Tauri builder, its state and the command list. The work is in
//! `fieldbook-core`; the commands in `commands/` only adapt it to IPC.

pub mod commands;
pub mod error;

use fieldbook_core::Core;
use tauri::{Manager, Runtime};

pub use error::{CommandError, ErrorKind};

/// What every command can reach.
pub struct AppState {
    pub core: Core,
}

/// Registers Fieldbook's commands on `builder`; shared by the app and the command tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::organizations::list_organizations,
        commands::organizations::list_cities,
        commands::organizations::get_organization,
        commands::organizations::create_organization,
        commands::organizations::update_organization,
        commands::organizations::archive_organization,
        commands::organizations::restore_organization,
        commands::organizations::suggest_organization_names,
        commands::people::list_people,
        commands::people::get_person,
        commands::people::people_with_company,
        commands::people::create_person,
        commands::people::update_person,
        commands::people::archive_person,
        commands::people::restore_person,
        commands::links::open_link,
    ])
}

/// The database path: `FIELDBOOK_DATA_DIR` when set, else the OS app-data directory.
fn database_path() -> Result<std::path::PathBuf, String> {
    let dir = match std::env::var_os("FIELDBOOK_DATA_DIR") {
        Some(dir) => dir.into(),
        None => fieldbook_core::default_data_dir()
            .ok_or("the operating system reports no data directory for this user")?,
    };
    Ok(dir.join(fieldbook_core::DB_FILE))
}

/// Starts the app.
pub fn run() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let builder = tauri::Builder::default().setup(|app| {
        let path = database_path()?;
        log::info!("opening {}", path.display());
        let core = tauri::async_runtime::block_on(Core::open(&path))
            .map_err(|e| format!("cannot open the database {}: {e}", path.display()))?;
        app.manage(AppState { core });
        Ok(())
    });
    if let Err(error) = with_commands(builder).run(tauri::generate_context!()) {
        eprintln!("Fieldbook could not start: {error}");
        std::process::exit(1);
    }
}
