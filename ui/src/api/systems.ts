import { call } from "./ipc";
import type { OrganizationId } from "../bindings/OrganizationId";
import type { SecretAccess } from "../bindings/SecretAccess";
import type { StaffId } from "../bindings/StaffId";
import type { StaffSecretAccess } from "../bindings/StaffSecretAccess";
import type { SecretId } from "../bindings/SecretId";
import type { System } from "../bindings/System";
import type { SystemId } from "../bindings/SystemId";
import type { SystemInput } from "../bindings/SystemInput";
import type { SystemType } from "../bindings/SystemType";
import type { SystemTypeId } from "../bindings/SystemTypeId";
import type { SystemTypeInput } from "../bindings/SystemTypeInput";

export const listSystemTypes = () => call<SystemType[]>("list_system_types");
export const createSystemType = (input: SystemTypeInput) => call<SystemType>("create_system_type", { input });
export const updateSystemType = (id: SystemTypeId, input: SystemTypeInput) =>
  call<SystemType>("update_system_type", { id, input });
export const deleteSystemType = (id: SystemTypeId) => call<void>("delete_system_type", { id });

export const listSystems = (organizationId: OrganizationId, includeArchived: boolean) =>
  call<System[]>("list_systems", { organizationId, includeArchived });
export const getSystem = (id: SystemId) => call<System>("get_system", { id });
export const createSystem = (input: SystemInput) => call<System>("create_system", { input });
export const updateSystem = (id: SystemId, input: SystemInput) => call<System>("update_system", { id, input });
export const archiveSystem = (id: SystemId) => call<System>("archive_system", { id });
export const restoreSystem = (id: SystemId) => call<System>("restore_system", { id });
export const deleteSystem = (id: SystemId) => call<void>("delete_system", { id });
/** The secret's value; the backend writes an audit entry. */
export const revealSecret = (id: SecretId) => call<string>("reveal_secret", { id });
/** Copies the secret to the clipboard in the backend (cleared after 30 s); audited. */
export const copySecret = (id: SecretId) => call<void>("copy_secret", { id });
export const secretAudit = (id: SystemId) => call<SecretAccess[]>("secret_audit", { id });
/** What a staff member did with passwords (reveal, copy, set, delete), newest first. */
export const staffSecretAudit = (id: StaffId) => call<StaffSecretAccess[]>("staff_secret_audit", { id });
