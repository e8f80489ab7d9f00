//! The Fieldbook app: the Tauri builder, its state and the command list. The work is in
//! `fieldbook-core`; the commands in `commands/` only adapt it to IPC.

pub mod clipboard;
pub mod commands;
pub mod dialogs;
pub mod error;
pub mod team_sync;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use fieldbook_core::Core;
use fieldbook_core::private_temp::PrivateTemp;
use tauri::{Emitter, Manager, Runtime};

pub use error::{CommandError, ErrorKind};

/// What every command can reach.
pub struct AppState {
    pub core: Core,
    /// The clipboard for copied secrets.
    pub clipboard: clipboard::SecretClipboard,
    /// Where copies for other programs (opened files, statement PDFs, e-mail drafts) go.
    pub temp: PrivateTemp,
    /// The paths of the last drop onto the window, until the view attaches them.
    pub dropped: Mutex<Vec<PathBuf>>,
    /// The file chosen for import in the native dialog; the webview only ever sees its name.
    pub import_file: Mutex<Option<PathBuf>>,
    /// Set by `cancel_import`; a running apply rolls back when it sees it.
    pub cancel_import: AtomicBool,
    /// Set by `cancel_batch_statements`; a running batch stops after the current statement.
    pub cancel_batch: AtomicBool,
    /// The running backup, check or restore's cancel flag (each gets a fresh one).
    pub cancel_backup: Mutex<Arc<AtomicBool>>,
    /// The backup file chosen in the native dialog for checking or restoring.
    pub backup_file: Mutex<Option<PathBuf>>,
    /// The background team sync (started by `run`, not by the command tests).
    pub team_sync: Arc<team_sync::TeamSync>,
    /// The team server's CA certificate chosen in the native dialog.
    pub team_ca_file: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn new(core: Core, temp: PrivateTemp) -> Self {
        Self {
            core,
            clipboard: clipboard::SecretClipboard::default(),
            temp,
            dropped: Mutex::default(),
            import_file: Mutex::default(),
            cancel_import: AtomicBool::new(false),
            cancel_batch: AtomicBool::new(false),
            cancel_backup: Mutex::default(),
            backup_file: Mutex::default(),
            team_sync: Arc::default(),
            team_ca_file: Mutex::default(),
        }
    }
}

/// The event the webview gets when files are dropped on the window; the paths stay in Rust.
pub const FILES_DROPPED: &str = "files-dropped";

/// Registers Fieldbook's commands on `builder`; shared by the app and the command tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::organizations::list_organizations,
        commands::organizations::count_organizations,
        commands::organizations::list_cities,
        commands::organizations::get_organization,
        commands::organizations::create_organization,
        commands::organizations::update_organization,
        commands::organizations::archive_organization,
        commands::organizations::restore_organization,
        commands::organizations::suggest_organization_names,
        commands::people::list_people,
        commands::people::count_people,
        commands::people::get_person,
        commands::people::people_with_company,
        commands::people::create_person,
        commands::people::update_person,
        commands::people::archive_person,
        commands::people::restore_person,
        commands::links::open_link,
        commands::settings::get_settings,
        commands::settings::update_settings,
        commands::settings::get_first_run,
        commands::settings::dismiss_first_run,
        commands::staff::who_am_i,
        commands::staff::set_me,
        commands::staff::create_staff,
        commands::staff::list_staff,
        commands::staff::update_staff,
        commands::staff::delete_staff,
        commands::choices::list_choices,
        commands::choices::add_choice,
        commands::choices::rename_choice,
        commands::choices::remove_choice,
        commands::members::organization_team,
        commands::members::person_contact_of,
        commands::members::add_member,
        commands::members::remove_member,
        commands::members::add_contact,
        commands::members::remove_contact,
        commands::stream::stream_page,
        commands::stream::post_to_stream,
        commands::stream::comment_on_entry,
        commands::stream::delete_post,
        commands::activities::list_activities,
        commands::activities::create_activity,
        commands::activities::update_activity,
        commands::activities::complete_activity,
        commands::activities::cancel_activity,
        commands::activities::agenda,
        commands::today::today_page,
        commands::today::today_unbilled,
        commands::emails::choose_email_files,
        commands::emails::get_email,
        commands::emails::write_email,
        commands::merge::find_duplicates,
        commands::merge::dismiss_duplicate,
        commands::merge::preview_merge,
        commands::merge::merge_organizations,
        commands::merge::merge_people,
        commands::merge::undo_merge,
        commands::terms::list_terms,
        commands::terms::update_terms,
        commands::terms::set_language,
        commands::terms::system_locale,
        commands::custom_fields::list_custom_fields,
        commands::custom_fields::create_custom_field,
        commands::custom_fields::update_custom_field,
        commands::custom_fields::remove_custom_field,
        commands::custom_fields::restore_custom_field,
        commands::custom_fields::reorder_custom_fields,
        commands::custom_fields::custom_values,
        commands::systems::list_system_types,
        commands::systems::create_system_type,
        commands::systems::update_system_type,
        commands::systems::delete_system_type,
        commands::systems::list_systems,
        commands::systems::get_system,
        commands::systems::create_system,
        commands::systems::update_system,
        commands::systems::archive_system,
        commands::systems::restore_system,
        commands::systems::delete_system,
        commands::systems::reveal_secret,
        commands::systems::copy_secret,
        commands::systems::secret_audit,
        commands::systems::staff_secret_audit,
        commands::notes::list_notes,
        commands::notes::list_callbacks,
        commands::notes::create_note,
        commands::notes::update_note,
        commands::notes::complete_callback,
        commands::notes::delete_note,
        commands::attachments::list_files,
        commands::attachments::attach_file,
        commands::attachments::attach_dropped_files,
        commands::attachments::open_file,
        commands::attachments::save_file_copy,
        commands::attachments::delete_file,
        commands::attachments::get_logo,
        commands::attachments::choose_logo,
        commands::attachments::clear_logo,
        commands::search::search,
        commands::import::choose_import_file,
        commands::import::preview_import,
        commands::import::apply_import,
        commands::import::cancel_import,
        commands::import::import_history,
        commands::import::undo_last_import,
        commands::import::list_import_mappings,
        commands::import::save_import_mapping,
        commands::import::delete_import_mapping,
        commands::import::company_groups,
        commands::import::apply_company_groups,
        commands::import::export_csv,
        commands::contracts::list_contracts,
        commands::contracts::organization_contracts,
        commands::contracts::person_contracts,
        commands::contracts::coverable_systems,
        commands::contracts::create_contract,
        commands::contracts::update_contract,
        commands::contracts::archive_contract,
        commands::contracts::top_up_contract,
        commands::contracts::contract_top_ups,
        commands::contracts::list_slas,
        commands::contracts::create_sla,
        commands::contracts::update_sla,
        commands::contracts::archive_sla,
        commands::contracts::local_time_zone,
        commands::contracts::organization_sla,
        commands::contracts::set_organization_sla,
        commands::contracts::person_sla,
        commands::contracts::set_person_sla,
        commands::billing::record_ticket_response,
        commands::billing::desk_tickets,
        commands::billing::desk_ticket_count,
        commands::billing::update_ticket,
        commands::billing::get_person_news,
        commands::billing::set_person_news,
        commands::billing::get_billing_settings,
        commands::billing::update_billing_settings,
        commands::billing::get_company_logo,
        commands::billing::choose_company_logo,
        commands::billing::clear_company_logo,
        commands::billing::get_organization_billing,
        commands::billing::set_organization_billing,
        commands::billing::today,
        commands::billing::list_tickets,
        commands::billing::create_ticket,
        commands::billing::set_ticket_status,
        commands::billing::ticket_thread,
        commands::billing::post_ticket_update,
        commands::billing::list_time_entries,
        commands::billing::add_time_entry,
        commands::billing::delete_time_entry,
        commands::billing::unbilled_time,
        commands::billing::list_invoices,
        commands::billing::get_invoice,
        commands::billing::create_invoices,
        commands::billing::create_manual_invoice,
        commands::billing::void_invoice,
        commands::billing::list_payments,
        commands::billing::add_payment,
        commands::billing::get_statement,
        commands::billing::save_statement_pdf,
        commands::billing::open_statement_pdf,
        commands::billing::email_statement,
        commands::billing::save_invoice_pdf,
        commands::billing::open_invoice_pdf,
        commands::billing::email_invoice,
        commands::billing::batch_statements,
        commands::billing::cancel_batch_statements,
        commands::backup::get_backup_status,
        commands::backup::set_backup_settings,
        commands::backup::choose_backup_folder,
        commands::backup::backup_now,
        commands::backup::cancel_backup,
        commands::backup::choose_backup_file,
        commands::backup::verify_backup,
        commands::backup::restore_backup,
        commands::team::get_team_status,
        commands::team::choose_team_ca_file,
        commands::team::team_publish,
        commands::team::team_join,
        commands::team::team_sync_now,
        commands::team::list_conflicts,
        commands::team::resolve_conflict,
        commands::team::team_leave,
        commands::team::list_team_devices,
        commands::team::approve_team_device,
        commands::team::remove_team_device,
        commands::team::remove_team_member,
        commands::team::save_recovery_kit,
        commands::team::recover_with_kit,
        commands::team::set_offline_files,
        commands::team::team_download_again,
    ])
}

/// The data folder: `FIELDBOOK_DATA_DIR` when set, else the OS app-data directory.
fn data_dir() -> Result<PathBuf, String> {
    match std::env::var_os("FIELDBOOK_DATA_DIR") {
        Some(dir) => Ok(dir.into()),
        None => fieldbook_core::default_data_dir()
            .ok_or_else(|| "the operating system reports no data directory for this user".to_owned()),
    }
}

/// The single-instance name of a data folder: a second launch on the same folder hands over to
/// the first (which comes to the front) instead of opening the database twice; other data
/// folders (`FIELDBOOK_DATA_DIR`) run side by side. On Linux it is a D-Bus name; Windows and
/// macOS use the app identifier, one instance in all.
fn instance_id(dir: &std::path::Path) -> String {
    use sha2::{Digest, Sha256};
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let hash = Sha256::digest(dir.to_string_lossy().as_bytes());
    let short: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("com.fieldbook.desktop.d{short}")
}

/// Makes the daily automatic backup when it is due; a failure is recorded for Settings to show.
async fn daily_backup(core: &Core) {
    use fieldbook_core::backup::auto::Reason;
    match core.backups().due().await {
        Ok(true) => match core.backups().run(Reason::Daily, |_| {}, Arc::default()).await {
            Ok(_) => log::info!("daily backup made"),
            Err(e) => log::warn!("daily backup failed: {e}"),
        },
        Ok(false) => {}
        Err(e) => log::warn!("cannot tell whether a backup is due: {e}"),
    }
}

/// Starts the app.
pub fn run() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let dir = match data_dir() {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("Fieldbook could not start: {error}");
            std::process::exit(1);
        }
    };
    // Before anything opens the database: a second launch on this data folder stops here.
    let single = tauri_plugin_single_instance::Builder::new()
        .callback(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .dbus_id(instance_id(&dir))
        .build();
    let builder = tauri::Builder::default().plugin(single).setup(move |app| {
        let path = dir.join(fieldbook_core::DB_FILE);
        log::info!("opening {}", path.display());
        let core = tauri::async_runtime::block_on(Core::open(&path))
            .map_err(|e| format!("cannot open the database {}: {e}", path.display()))?;
        let temp_root = PrivateTemp::default_root().unwrap_or_else(|| dir.join("opened"));
        let temp = PrivateTemp::open(&temp_root)
            .map_err(|e| format!("cannot prepare the folder for opened files: {e}"))?;
        let removed = temp.sweep(fieldbook_core::private_temp::KEEP_COPIES);
        if removed > 0 {
            log::info!("removed {removed} old copies of opened files");
        }
        // Partial copies left by a crash and contents no record refers to any more.
        let sweeper = core.clone();
        tauri::async_runtime::spawn(async move {
            match sweeper.files().collect_garbage().await {
                Ok(0) => {}
                Ok(n) => log::info!("removed {n} unreferenced attachment files"),
                Err(e) => log::warn!("attachment clean-up failed: {e}"),
            }
            // Keyring entries a crash mid-save left without a record (counts only, never values).
            match sweeper.sweep_secrets().await {
                Ok(0) => {}
                Ok(n) => log::info!("removed {n} keyring entries no record refers to"),
                Err(e) => log::warn!("keyring clean-up failed: {e}"),
            }
        });
        // The daily automatic backup: looked at a minute after start, then every hour.
        let scheduler = core.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            loop {
                daily_backup(&scheduler).await;
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            }
        });
        let state = AppState::new(core.clone(), temp);
        // Team sync in the background while this machine is in a team.
        state.team_sync.start(app.handle().clone(), core);
        app.manage(state);
        Ok(())
    });
    let builder = builder.on_window_event(|window, event| {
        if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
            let state = window.state::<AppState>();
            *state.dropped.lock().unwrap_or_else(|e| e.into_inner()) = paths.clone();
            let _ = window.emit(FILES_DROPPED, paths.len());
        }
    });
    let app = match with_commands(builder).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("Fieldbook could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event
            && let Some(state) = app.try_state::<AppState>()
        {
            // A copied secret does not outlive the app on the clipboard; team sync stops (a round
            // in flight is dropped, as a lost network would drop it); the WAL is checkpointed and
            // the database closed, so nothing is left for the next start to recover.
            state.clipboard.clear_on_exit();
            tauri::async_runtime::block_on(async {
                state.team_sync.shut_down(std::time::Duration::from_secs(5)).await;
                state.core.close().await;
            });
            log::info!("closed the database");
        }
    });
}
