import { call } from "./ipc";
import type { DuplicatePage } from "../bindings/DuplicatePage";
import type { DuplicateQuery } from "../bindings/DuplicateQuery";
import type { MergePreview } from "../bindings/MergePreview";
import type { MergeRecord } from "../bindings/MergeRecord";
import type { OrganizationMerge } from "../bindings/OrganizationMerge";
import type { PersonMerge } from "../bindings/PersonMerge";
import type { RecordKind } from "../bindings/RecordKind";

export const findDuplicates = (kind: RecordKind, query: DuplicateQuery) =>
  call<DuplicatePage>("find_duplicates", { kind, query });
export const dismissDuplicate = (kind: RecordKind, a: string, b: string) => call<void>("dismiss_duplicate", { kind, a, b });
export const previewMerge = (kind: RecordKind, keep: string, merge: string) =>
  call<MergePreview>("preview_merge", { kind, keep, merge });
export const mergeOrganizations = (input: OrganizationMerge) => call<MergeRecord>("merge_organizations", { input });
export const mergePeople = (input: PersonMerge) => call<MergeRecord>("merge_people", { input });
export const undoMerge = (id: string) => call<MergeRecord>("undo_merge", { id });
