import { call } from "./ipc";
import type { Choice } from "../bindings/Choice";
import type { ChoiceList } from "../bindings/ChoiceList";
import type { Contact } from "../bindings/Contact";
import type { Member } from "../bindings/Member";
import type { OrganizationTeam } from "../bindings/OrganizationTeam";

export const listChoices = (list: ChoiceList) => call<Choice[]>("list_choices", { list });
export const addChoice = (list: ChoiceList, name: string) => call<Choice>("add_choice", { list, name });
export const renameChoice = (id: string, name: string) => call<Choice>("rename_choice", { id, name });
export const removeChoice = (id: string) => call<void>("remove_choice", { id });

export const organizationTeam = (organizationId: string) => call<OrganizationTeam>("organization_team", { organizationId });
export const personContactOf = (personId: string) => call<Contact[]>("person_contact_of", { personId });
export const addMember = (organizationId: string, staffId: string, roleId: string) =>
  call<Member>("add_member", { organizationId, staffId, roleId });
export const removeMember = (id: string) => call<void>("remove_member", { id });
export const addContact = (organizationId: string, personId: string, roleId: string) =>
  call<Contact>("add_contact", { organizationId, personId, roleId });
export const removeContact = (id: string) => call<void>("remove_contact", { id });
