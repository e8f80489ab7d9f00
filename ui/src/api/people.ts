import { call } from "./ipc";
import type { Person } from "../bindings/Person";
import type { PersonFilter } from "../bindings/PersonFilter";
import type { PersonId } from "../bindings/PersonId";
import type { PersonInput } from "../bindings/PersonInput";

export const listPeople = (filter: PersonFilter) => call<Person[]>("list_people", { filter });
export const countPeople = (filter: PersonFilter) => call<number>("count_people", { filter });
export const getPerson = (id: PersonId) => call<Person>("get_person", { id });
/** Unlinked people whose typed company name normalises to `key`. */
export const peopleWithCompany = (key: string) => call<Person[]>("people_with_company", { key });
export const createPerson = (input: PersonInput) => call<Person>("create_person", { input });
export const updatePerson = (id: PersonId, input: PersonInput) =>
  call<Person>("update_person", { id, input });
export const archivePerson = (id: PersonId) => call<Person>("archive_person", { id });
export const restorePerson = (id: PersonId) => call<Person>("restore_person", { id });
