import { call } from "./ipc";
import type { NameSuggestions } from "../bindings/NameSuggestions";
import type { Organization } from "../bindings/Organization";
import type { OrganizationDetail } from "../bindings/OrganizationDetail";
import type { OrganizationFilter } from "../bindings/OrganizationFilter";
import type { OrganizationId } from "../bindings/OrganizationId";
import type { OrganizationInput } from "../bindings/OrganizationInput";
import type { PersonId } from "../bindings/PersonId";

export const listOrganizations = (filter: OrganizationFilter) =>
  call<Organization[]>("list_organizations", { filter });
export const countOrganizations = (filter: OrganizationFilter) => call<number>("count_organizations", { filter });
export const listCities = () => call<string[]>("list_cities");
export const getOrganization = (id: OrganizationId) =>
  call<OrganizationDetail>("get_organization", { id });
export const createOrganization = (input: OrganizationInput, linkPeople: PersonId[] = []) =>
  call<Organization>("create_organization", { input, linkPeople });
export const updateOrganization = (id: OrganizationId, input: OrganizationInput) =>
  call<Organization>("update_organization", { id, input });
export const archiveOrganization = (id: OrganizationId) =>
  call<Organization>("archive_organization", { id });
export const restoreOrganization = (id: OrganizationId) =>
  call<Organization>("restore_organization", { id });
export const suggestOrganizationNames = (typed: string) =>
  call<NameSuggestions>("suggest_organization_names", { typed });
