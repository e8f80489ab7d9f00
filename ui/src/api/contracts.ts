// Service contracts: the Contracts view, an organization's or a person's contracts, the systems a
// contract can cover, adding, changing and archiving.
import { call } from "./ipc";
import type { Contract } from "../bindings/Contract";
import type { ContractInput } from "../bindings/ContractInput";
import type { ContractQuery } from "../bindings/ContractQuery";
import type { CoverableSystem } from "../bindings/CoverableSystem";

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
