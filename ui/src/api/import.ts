import { call, progressChannel } from "./ipc";
import type { ApplyProgress } from "../bindings/ApplyProgress";
import type { ApplyRequest } from "../bindings/ApplyRequest";
import type { CompanyGroup } from "../bindings/CompanyGroup";
import type { GroupDecision } from "../bindings/GroupDecision";
import type { ImportKind } from "../bindings/ImportKind";
import type { ImportOptions } from "../bindings/ImportOptions";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportRecord } from "../bindings/ImportRecord";
import type { SavedMapping } from "../bindings/SavedMapping";

/** Shows the native open dialog; the file's name, or null when the user cancels. */
export const chooseImportFile = () => call<string | null>("choose_import_file");
/** The dry run of the chosen file: nothing is written. */
export const previewImport = (options: ImportOptions) => call<ImportPreview>("preview_import", { options });
/** Applies what was previewed in one transaction; `onprogress` hears how far it got. */
export const applyImport = (request: ApplyRequest, onprogress: (p: ApplyProgress) => void) =>
  call<ImportRecord>("apply_import", { request, progress: progressChannel(onprogress) });
export const cancelImport = () => call<void>("cancel_import");
export const importHistory = () => call<ImportRecord[]>("import_history");
export const undoLastImport = () => call<ImportRecord>("undo_last_import");
export const listImportMappings = (kind: ImportKind) => call<SavedMapping[]>("list_import_mappings", { kind });
export const saveImportMapping = (mapping: SavedMapping) => call<void>("save_import_mapping", { mapping });
export const deleteImportMapping = (kind: ImportKind, name: string) =>
  call<void>("delete_import_mapping", { kind, name });
export const companyGroups = () => call<CompanyGroup[]>("company_groups");
export const applyCompanyGroups = (decisions: GroupDecision[]) =>
  call<ImportRecord>("apply_company_groups", { decisions });
/** Shows the native save dialog and exports; the rows written, or null when cancelled. */
export const exportCsv = (kind: ImportKind, includeArchived: boolean) =>
  call<number | null>("export_csv", { kind, includeArchived });
