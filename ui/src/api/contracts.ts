// Service contracts and SLAs: the Contracts view, an organization's or a person's contracts, the
// systems a contract can cover, adding, changing and archiving, prepaid-hours top-ups; SLAs and their assignment.
import { call } from "./ipc";
import type { Contract } from "../bindings/Contract";
import type { ContractInput } from "../bindings/ContractInput";
import type { ContractQuery } from "../bindings/ContractQuery";
import type { CoverableSystem } from "../bindings/CoverableSystem";
import type { Prepaid } from "../bindings/Prepaid";
import type { TopUp } from "../bindings/TopUp";
import type { TopUpInput } from "../bindings/TopUpInput";
import type { Sla } from "../bindings/Sla";
import type { SlaAssignment } from "../bindings/SlaAssignment";
import type { SlaInput } from "../bindings/SlaInput";

export const listContracts = (query: ContractQuery) => call<Contract[]>("list_contracts", { query });
/** Its own contracts, or its parent's (marked inherited) when it has none. */
export const organizationContracts = (organization: string) =>
  call<Contract[]>("organization_contracts", { organization });
export const personContracts = (person: string) => call<Contract[]>("person_contracts", { person });
/** The systems of the organization and its sites. */
export const coverableSystems = (organization: string) =>
  call<CoverableSystem[]>("coverable_systems", { organization });
export const createContract = (input: ContractInput) => call<Contract>("create_contract", { input });
export const updateContract = (id: string, input: ContractInput) => call<Contract>("update_contract", { id, input });
export const archiveContract = (id: string, archived: boolean) =>
  call<Contract>("archive_contract", { id, archived });
/** Adds hours to a prepaid-hours block (negative: a correction); returns where it stands. */
export const topUpContract = (id: string, input: TopUpInput) => call<Prepaid>("top_up_contract", { id, input });
export const contractTopUps = (id: string) => call<TopUp[]>("contract_top_ups", { id });

// SLAs: defined by admins (the core checks the role), assigned to organizations.

export const listSlas = (includeArchived: boolean) => call<Sla[]>("list_slas", { includeArchived });
export const createSla = (input: SlaInput) => call<Sla>("create_sla", { input });
export const updateSla = (id: string, input: SlaInput) => call<Sla>("update_sla", { id, input });
export const archiveSla = (id: string, archived: boolean) => call<Sla>("archive_sla", { id, archived });
/** This computer's time zone, for a new SLA. */
export const localTimeZone = () => call<string>("local_time_zone");
export const organizationSla = (organization: string) => call<SlaAssignment>("organization_sla", { organization });
export const setOrganizationSla = (organization: string, sla: string | null) =>
  call<SlaAssignment>("set_organization_sla", { organization, sla });
export const personSla = (person: string) => call<SlaAssignment>("person_sla", { person });
export const setPersonSla = (person: string, sla: string | null) => call<SlaAssignment>("set_person_sla", { person, sla });
