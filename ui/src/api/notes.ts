import { call } from "./ipc";
import type { Note } from "../bindings/Note";
import type { NoteId } from "../bindings/NoteId";
import type { NoteInput } from "../bindings/NoteInput";
import type { NoteSubject } from "../bindings/NoteSubject";

export const listNotes = (subject: NoteSubject) => call<Note[]>("list_notes", { subject });
/** Open call-backs due before `until` (local "YYYY-MM-DDTHH:MM"). */
export const listCallbacks = (until: string) => call<Note[]>("list_callbacks", { until });
export const createNote = (subject: NoteSubject, input: NoteInput) => call<Note>("create_note", { subject, input });
export const updateNote = (id: NoteId, input: NoteInput) => call<Note>("update_note", { id, input });
export const completeCallback = (id: NoteId) => call<Note>("complete_callback", { id });
export const deleteNote = (id: NoteId) => call<void>("delete_note", { id });
