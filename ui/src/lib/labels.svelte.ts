// The data dictionary's words for the record kinds, as headings write them ("Client" for
// Organization…), in the language in use (../i18n). Reactive: a view reading them shows a
// renamed word as soon as it is loaded or saved. Sentences take the words through `t()` instead.
import type { FieldKind } from "../bindings/FieldKind";
import type { Role } from "../bindings/Role";
import { listTerms, setDocumentLanguage } from "../api/terms";
import { applyTermWords, i18n, t, TERM_KEYS, type TermKey } from "../i18n/index.svelte";

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

/** Loads the dictionary in the language in use (at start, after a save, after a team sync, after
 * the language changes); the language's usual words stay on failure. */
export async function loadTerms() {
  setDocumentLanguage(i18n.language).catch(() => {
    // The documents stay in the language they had.
  });
  try {
    applyTermWords(await listTerms(i18n.language));
  } catch {
    // The usual words stay: better those than none.
  }
}

/** How each field kind is named in the type editor (`label` reads the language in use). */
export const FIELD_KINDS: { kind: FieldKind; readonly label: string }[] = (
  [
    ["text", "lib.fieldKind.text"],
    ["multiline", "lib.fieldKind.multiline"],
    ["ip_address", "lib.fieldKind.ipAddress"],
    ["url", "lib.fieldKind.url"],
    ["version", "lib.fieldKind.version"],
    ["date", "common.date"],
    ["number", "lib.fieldKind.number"],
    ["secret", "lib.fieldKind.secret"],
  ] as const
).map(([kind, key]) => ({
  kind,
  get label() {
    return t(key);
  },
}));

/** How each staff role is named, with what it may do (read in the language in use). */
export const ROLES: { role: Role; readonly label: string; readonly hint: string }[] = (
  [
    ["admin", "lib.role.admin", "lib.role.admin.hint"],
    ["office", "lib.role.office", "lib.role.office.hint"],
    ["technician", "lib.role.technician", "lib.role.technician.hint"],
  ] as const
).map(([role, label, hint]) => ({
  role,
  get label() {
    return t(label);
  },
  get hint() {
    return t(hint);
  },
}));

export const roleLabel = (role: Role) => ROLES.find((r) => r.role === role)?.label ?? role;
