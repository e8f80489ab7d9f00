import { call } from "./ipc";
import type { Email } from "../bindings/Email";
import type { EmailsRecorded } from "../bindings/EmailsRecorded";

/** The open dialog for .eml files; `null` when cancelled. */
export const chooseEmailFiles = (personId: string) => call<EmailsRecorded | null>("choose_email_files", { personId });
export const getEmail = (id: string) => call<Email>("get_email", { id });
/** Opens the mail client to the person and records that an email was started. */
export const writeEmail = (personId: string) => call<void>("write_email", { personId });
