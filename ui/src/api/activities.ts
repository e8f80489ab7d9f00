import { call } from "./ipc";
import type { Activity } from "../bindings/Activity";
import type { ActivityInput } from "../bindings/ActivityInput";
import type { Agenda } from "../bindings/Agenda";
import type { AgendaQuery } from "../bindings/AgendaQuery";
import type { NoteSubject } from "../bindings/NoteSubject";

export const listActivities = (about: NoteSubject) => call<Activity[]>("list_activities", { about });
export const createActivity = (about: NoteSubject, input: ActivityInput) => call<Activity>("create_activity", { about, input });
export const updateActivity = (id: string, input: ActivityInput) => call<Activity>("update_activity", { id, input });
export const completeActivity = (id: string, outcome: string) => call<Activity>("complete_activity", { id, outcome });
export const cancelActivity = (id: string, reason: string) => call<Activity>("cancel_activity", { id, reason });
export const agenda = (query: AgendaQuery) => call<Agenda>("agenda", { query });
