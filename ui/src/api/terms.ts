import { call } from "./ipc";
import type { Term } from "../bindings/Term";
import type { TermInput } from "../bindings/TermInput";
import type { Language } from "../bindings/Language";

/** The operating system's language ("de-DE"), or null. */
export const systemLocale = () => call<string | null>("system_locale");

/** Tells the core the language the UI shows: statements and invoices are written in it. */
export const setDocumentLanguage = (language: Language) => call<void>("set_language", { language });

/** The dictionary in `language` (each language has its own words). */
export const listTerms = (language: Language) => call<Term[]>("list_terms", { language });
/** Renames terms (blank: the default); every word is checked before any is saved. */
export const updateTerms = (language: Language, terms: TermInput[]) =>
  call<Term[]>("update_terms", { language, terms });
