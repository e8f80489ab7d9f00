import { call } from "./ipc";
import type { NoteSubject } from "../bindings/NoteSubject";
import type { StreamEntry } from "../bindings/StreamEntry";
import type { StreamPage } from "../bindings/StreamPage";
import type { StreamQuery } from "../bindings/StreamQuery";

export const streamPage = (query: StreamQuery) => call<StreamPage>("stream_page", { query });
export const postToStream = (subject: NoteSubject, body: string) => call<StreamEntry>("post_to_stream", { subject, body });
export const commentOnEntry = (entryId: string, body: string) => call<StreamEntry>("comment_on_entry", { entryId, body });
export const deletePost = (id: string) => call<void>("delete_post", { id });
