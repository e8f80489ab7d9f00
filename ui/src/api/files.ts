import { call } from "./ipc";
import type { Dropped } from "../bindings/Dropped";
import type { Attachment } from "../bindings/Attachment";
import type { AttachmentId } from "../bindings/AttachmentId";
import type { Logo } from "../bindings/Logo";
import type { OrganizationId } from "../bindings/OrganizationId";
import type { Owner } from "../bindings/Owner";

export const listFiles = (owner: Owner) => call<Attachment[]>("list_files", { owner });
/** Shows the native open dialog; null when the user cancels. */
export const attachFile = (owner: Owner) => call<Attachment | null>("attach_file", { owner });
/** Attaches what was last dropped on the window (the paths never leave the backend). */
/** Attaches the last drop; on a person, .eml files go to their email log. */
export const attachDroppedFiles = (owner: Owner) => call<Dropped>("attach_dropped_files", { owner });
export const openFile = (id: AttachmentId) => call<void>("open_file", { id });
/** Shows the native save dialog; false when the user cancels. */
export const saveFileCopy = (id: AttachmentId) => call<boolean>("save_file_copy", { id });
export const deleteFile = (id: AttachmentId) => call<void>("delete_file", { id });
export const getLogo = (id: OrganizationId) => call<Logo | null>("get_logo", { id });
export const chooseLogo = (id: OrganizationId) => call<boolean>("choose_logo", { id });
export const clearLogo = (id: OrganizationId) => call<void>("clear_logo", { id });
