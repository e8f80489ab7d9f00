// The data dictionary's words for the record kinds, as headings write them ("Client" for
// Organization…), in the language in use (../i18n). Reactive: a view reading them shows a
// renamed word as soon as it is loaded or saved. Sentences take the words through `t()` instead.
import type { FieldKind } from "../bindings/FieldKind";
import type { Role } from "../bindings/Role";
import type { Term } from "../bindings/Term";
import { listTerms } from "../api/terms";
import { applyTermWords, i18n, TERM_KEYS, type TermKey } from "../i18n/index.svelte";

type PluralKey = (typeof TERM_KEYS)[TermKey];
export type Labels = Record<TermKey | PluralKey, string>;

/** Each term's singular under its key, its plural under the plural's key ("people"). */
export const labels: Labels = Object.defineProperties(
  {} as Labels,
  Object.fromEntries(
    (Object.entries(TERM_KEYS) as [TermKey, PluralKey][]).flatMap(([one, many]) => [
      [one, { enumerable: true, get: () => i18n.terms[one].singular }],
      [many, { enumerable: true, get: () => i18n.terms[one].plural }],
    ]),
  ),
);

/** Puts the dictionary's words in place (unknown keys from a newer version are ignored). */
export function applyTerms(terms: Term[]) {
  applyTermWords(terms);
}

/** Loads the dictionary in the language in use (at start, after a save, after a team sync, after
 * the language changes); the language's usual words stay on failure. */
export async function loadTerms() {
  try {
    applyTerms(await listTerms(i18n.language));
  } catch {
    // The usual words stay: better those than none.
  }
}

/** How each field kind is named in the type editor. */
export const FIELD_KINDS: { kind: FieldKind; label: string }[] = [
  { kind: "text", label: "Text" },
  { kind: "multiline", label: "Multi-line text" },
  { kind: "ip_address", label: "IP address" },
  { kind: "url", label: "Web address" },
  { kind: "version", label: "Version" },
  { kind: "date", label: "Date" },
  { kind: "number", label: "Number" },
  { kind: "secret", label: "Secret (kept in the OS keyring)" },
];

/** How each staff role is named. */
export const ROLES: { role: Role; label: string; hint: string }[] = [
  { role: "admin", label: "Admin", hint: "everything, including staff and system types" },
  { role: "office", label: "Office", hint: "records, billing and imports" },
  { role: "technician", label: "Technician", hint: "records, notes, files and time" },
];

export const roleLabel = (role: Role) => ROLES.find((r) => r.role === role)?.label ?? role;
