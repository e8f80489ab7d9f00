import { call } from "./ipc";
import type { CustomField } from "../bindings/CustomField";
import type { CustomFieldId } from "../bindings/CustomFieldId";
import type { CustomFieldInput } from "../bindings/CustomFieldInput";
import type { CustomRecord } from "../bindings/CustomRecord";
import type { CustomValue } from "../bindings/CustomValue";

export const listCustomFields = (record: CustomRecord, includeArchived = false) =>
  call<CustomField[]>("list_custom_fields", { record, includeArchived });
export const createCustomField = (input: CustomFieldInput) => call<CustomField>("create_custom_field", { input });
export const updateCustomField = (id: CustomFieldId, input: CustomFieldInput) =>
  call<CustomField>("update_custom_field", { id, input });
/** Deletes a field without values (null); one with values is archived once `confirmArchive`. */
export const removeCustomField = (id: CustomFieldId, confirmArchive: boolean) =>
  call<CustomField | null>("remove_custom_field", { id, confirmArchive });
export const restoreCustomField = (id: CustomFieldId) => call<CustomField>("restore_custom_field", { id });
export const reorderCustomFields = (record: CustomRecord, ids: CustomFieldId[]) =>
  call<CustomField[]>("reorder_custom_fields", { record, ids });
/** A record's values (organization, person, ticket or contract id). */
export const customValues = (recordId: string) => call<CustomValue[]>("custom_values", { recordId });
