import { call } from "./ipc";
import type { Term } from "../bindings/Term";
import type { TermInput } from "../bindings/TermInput";

export const listTerms = () => call<Term[]>("list_terms");
/** Renames terms (blank: the default); every word is checked before any is saved. */
export const updateTerms = (terms: TermInput[]) => call<Term[]>("update_terms", { terms });
