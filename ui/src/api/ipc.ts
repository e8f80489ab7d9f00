// The only file that calls invoke(): every backend call goes through `call`, which turns the
// backend's CommandError into an AppError the views can show next to a field.
import { Channel, invoke, type InvokeArgs } from "@tauri-apps/api/core";
import { t } from "../i18n/index.svelte";
import type { CommandError } from "../bindings/CommandError";
import type { ErrorKind } from "../bindings/ErrorKind";

/** Every command the backend registers (src-tauri/src/lib.rs). */
export type Command =
  | "list_organizations"
  | "count_organizations"
  | "list_cities"
  | "get_organization"
  | "create_organization"
  | "update_organization"
  | "archive_organization"
  | "restore_organization"
  | "suggest_organization_names"
  | "list_people"
  | "count_people"
  | "get_person"
  | "people_with_company"
  | "create_person"
  | "update_person"
  | "archive_person"
  | "restore_person"
  | "open_link"
  | "get_settings"
  | "update_settings"
  | "get_first_run"
  | "dismiss_first_run"
  | "who_am_i"
  | "set_me"
  | "create_staff"
  | "list_staff"
  | "update_staff"
  | "delete_staff"
  | "list_choices"
  | "add_choice"
  | "rename_choice"
  | "remove_choice"
  | "organization_team"
  | "person_contact_of"
  | "add_member"
  | "remove_member"
  | "add_contact"
  | "remove_contact"
  | "stream_page"
  | "post_to_stream"
  | "comment_on_entry"
  | "delete_post"
  | "list_activities"
  | "create_activity"
  | "update_activity"
  | "complete_activity"
  | "cancel_activity"
  | "agenda"
  | "today_page"
  | "today_unbilled"
  | "choose_email_files"
  | "get_email"
  | "write_email"
  | "find_duplicates"
  | "dismiss_duplicate"
  | "preview_merge"
  | "merge_organizations"
  | "merge_people"
  | "undo_merge"
  | "list_terms"
  | "set_language"
  | "system_locale"
  | "update_terms"
  | "list_custom_fields"
  | "create_custom_field"
  | "update_custom_field"
  | "remove_custom_field"
  | "restore_custom_field"
  | "reorder_custom_fields"
  | "custom_values"
  | "list_system_types"
  | "create_system_type"
  | "update_system_type"
  | "delete_system_type"
  | "list_systems"
  | "get_system"
  | "create_system"
  | "update_system"
  | "archive_system"
  | "restore_system"
  | "delete_system"
  | "reveal_secret"
  | "copy_secret"
  | "secret_audit"
  | "staff_secret_audit"
  | "list_notes"
  | "list_callbacks"
  | "create_note"
  | "update_note"
  | "complete_callback"
  | "delete_note"
  | "list_files"
  | "attach_file"
  | "attach_dropped_files"
  | "open_file"
  | "save_file_copy"
  | "delete_file"
  | "get_logo"
  | "choose_logo"
  | "clear_logo"
  | "search"
  | "choose_import_file"
  | "preview_import"
  | "apply_import"
  | "cancel_import"
  | "import_history"
  | "undo_last_import"
  | "list_import_mappings"
  | "save_import_mapping"
  | "delete_import_mapping"
  | "company_groups"
  | "apply_company_groups"
  | "export_csv"
  | "get_billing_settings"
  | "update_billing_settings"
  | "get_company_logo"
  | "choose_company_logo"
  | "clear_company_logo"
  | "get_organization_billing"
  | "set_organization_billing"
  | "today"
  | "list_tickets"
  | "create_ticket"
  | "set_ticket_status"
  | "ticket_thread"
  | "post_ticket_update"
  | "list_time_entries"
  | "add_time_entry"
  | "delete_time_entry"
  | "unbilled_time"
  | "list_invoices"
  | "get_invoice"
  | "create_invoices"
  | "create_manual_invoice"
  | "void_invoice"
  | "list_payments"
  | "add_payment"
  | "get_statement"
  | "save_statement_pdf"
  | "open_statement_pdf"
  | "email_statement"
  | "save_invoice_pdf"
  | "open_invoice_pdf"
  | "email_invoice"
  | "batch_statements"
  | "cancel_batch_statements"
  | "get_backup_status"
  | "set_backup_settings"
  | "choose_backup_folder"
  | "backup_now"
  | "cancel_backup"
  | "choose_backup_file"
  | "verify_backup"
  | "restore_backup"
  | "get_team_status"
  | "choose_team_ca_file"
  | "team_publish"
  | "team_join"
  | "team_sync_now"
  | "list_conflicts"
  | "resolve_conflict"
  | "team_leave"
  | "set_offline_files"
  | "team_download_again"
  | "list_team_devices"
  | "approve_team_device"
  | "remove_team_device"
  | "remove_team_member"
  | "list_contracts"
  | "organization_contracts"
  | "person_contracts"
  | "coverable_systems"
  | "create_contract"
  | "update_contract"
  | "archive_contract"
  | "top_up_contract"
  | "contract_top_ups"
  | "list_slas"
  | "create_sla"
  | "update_sla"
  | "archive_sla"
  | "local_time_zone"
  | "organization_sla"
  | "set_organization_sla"
  | "person_sla"
  | "set_person_sla"
  | "record_ticket_response"
  | "desk_tickets"
  | "desk_ticket_count"
  | "update_ticket"
  | "get_person_news"
  | "set_person_news"
  | "save_recovery_kit"
  | "recover_with_kit";

/** A failed backend call: what to tell the user, and which form field it is about. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | null;

  constructor(kind: ErrorKind, message: string, field: string | null = null) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  /** Builds an AppError from whatever invoke() rejected with. */
  static from(raw: unknown): AppError {
    if (raw instanceof AppError) return raw;
    if (isCommandError(raw)) return new AppError(raw.kind, raw.message, raw.field);
    const text = typeof raw === "string" ? raw : raw instanceof Error ? raw.message : String(raw);
    return new AppError("internal", text || t("app.somethingWrong"));
  }
}

function isCommandError(raw: unknown): raw is CommandError {
  return (
    typeof raw === "object" &&
    raw !== null &&
    typeof (raw as CommandError).kind === "string" &&
    typeof (raw as CommandError).message === "string"
  );
}

export async function call<T>(command: Command, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw AppError.from(raw);
  }
}

/** A channel for a command's progress reports (the command streams them while it runs). */
export function progressChannel<T>(onmessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onmessage;
  return channel;
}
