// The app's language: message catalogues (one per language, one file per area under en/ and de/)
// in ICU MessageFormat (plural rules, selects — FormatJS's intl-messageformat, the reference
// implementation), the data dictionary's words put into every message, and the locale the numbers,
// money and dates on screen follow.
//
// Views never write words themselves: `t("org.list.empty")` looks the message up in the chosen
// language (English when a key is missing, which the catalogue test forbids). Every message may use
// the dictionary's words for the kinds of record:
//   {organization} / {organizations}  the word inside a sentence ("organization"; German keeps its
//                                     capital: "Organisation")
//   {Organization} / {Organizations}  the word starting a heading or sentence ("Organization")
//   {organization_g}                  its grammatical gender where the language has one: m, f or n
//                                     (German: {organization_g, select, m {der} f {die} other {das}})
//   {a_organization}                  English: the word with "a" or "an" ("an organization",
//                                     "a client" once renamed)
// and the same for site, person (plural: people), system, ticket, contract and activity.
//
// The language is the operating system's when Fieldbook has it, else English; Settings → Language
// overrides it on this computer (kept in the webview's storage, like the date style).
import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import en, { type MessageKey } from "./en";
import de from "./de";
import { numberStyleOf, setNumberStyle } from "../lib/money";

export type Language = "en" | "de";
export type { MessageKey };

/** The languages Fieldbook speaks, each named in itself (for the Settings choice). */
export const LANGUAGES: { code: Language; name: string }[] = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
];

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, de };

const KEY = "fieldbook.language";

/** The dictionary's term keys, with the key of each plural. */
export const TERM_KEYS = {
  organization: "organizations",
  site: "sites",
  person: "people",
  system: "systems",
  ticket: "tickets",
  contract: "contracts",
  activity: "activities",
} as const;
export type TermKey = keyof typeof TERM_KEYS;
type PluralKey = (typeof TERM_KEYS)[TermKey];

export type Gender = "m" | "f" | "n";

/** One term's words in the language in use. */
export interface TermWords {
  singular: string;
  plural: string;
  gender: Gender | null;
}

/** Each language's words before an admin renames them (the Rust core has the same table). */
export const DEFAULT_TERMS: Record<Language, Record<TermKey, TermWords>> = {
  en: {
    organization: { singular: "Organization", plural: "Organizations", gender: null },
    site: { singular: "Site", plural: "Sites", gender: null },
    person: { singular: "Person", plural: "People", gender: null },
    system: { singular: "System", plural: "Systems", gender: null },
    ticket: { singular: "Ticket", plural: "Tickets", gender: null },
    contract: { singular: "Contract", plural: "Contracts", gender: null },
    activity: { singular: "Activity", plural: "Activities", gender: null },
  },
  de: {
    organization: { singular: "Organisation", plural: "Organisationen", gender: "f" },
    site: { singular: "Standort", plural: "Standorte", gender: "m" },
    person: { singular: "Person", plural: "Personen", gender: "f" },
    system: { singular: "System", plural: "Systeme", gender: "n" },
    ticket: { singular: "Ticket", plural: "Tickets", gender: "n" },
    contract: { singular: "Vertrag", plural: "Verträge", gender: "m" },
    activity: { singular: "Aktivität", plural: "Aktivitäten", gender: "f" },
  },
};

/** A language code for a BCP 47 tag ("de-AT" → "de"); English for any Fieldbook does not speak. */
export function languageOf(tag: string | null | undefined): Language {
  const code = (tag ?? "").toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.some((l) => l.code === code) ? (code as Language) : "en";
}

/** The operating system's language as the app's shell reports it (see useSystemLocale). */
let systemTag: string | null = null;

function osTag(): string {
  if (systemTag) return systemTag;
  return (typeof navigator === "undefined" ? null : validTag(navigator.language)) ?? "en-US";
}

function storedChoice(): Language | null {
  try {
    const v = localStorage.getItem(KEY);
    return LANGUAGES.some((l) => l.code === v) ? (v as Language) : null;
  } catch {
    return null;
  }
}

/** The language in use, whether it is the system's or chosen here, and the dictionary's words. */
export const i18n = $state<{ language: Language; chosen: Language | null; terms: Record<TermKey, TermWords> }>({
  language: storedChoice() ?? languageOf(osTag()),
  chosen: storedChoice(),
  terms: { ...DEFAULT_TERMS[storedChoice() ?? languageOf(osTag())] },
});

/**
 * The locale numbers, money and dates follow: the system's own ("en-GB", "de-AT") when it is in
 * the language in use, else the language's usual one.
 */
export function locale(): string {
  const os = osTag();
  if (languageOf(os) === i18n.language) return os;
  return i18n.language === "de" ? "de-DE" : "en-US";
}

setNumberStyle(numberStyleOf(locale()));

/** A locale tag Intl understands ("de_DE" → "de-DE"); null for "C", "POSIX" or nonsense. */
export function validTag(tag: string | null | undefined): string | null {
  if (!tag || /^(c|posix)([._-].*)?$/i.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, "-").replace(/[.@].*$/, ""))[0] ?? null;
  } catch {
    return null;
  }
}

/** The operating system's language tag ("de-DE"). */
export function systemLocaleTag(): string {
  return osTag();
}

/**
 * Takes the operating system's language from the shell ("de-DE"; the webview's own may fall back
 * to en-US where the locale is not installed), before the first view is shown.
 */
export function useSystemLocale(tag: string | null) {
  systemTag = validTag(tag);
  if (!i18n.chosen) setLanguage(null);
}

/** Chooses the language on this computer (null: the system's again). */
export function setLanguage(choice: Language | null) {
  try {
    if (choice) localStorage.setItem(KEY, choice);
    else localStorage.removeItem(KEY);
  } catch {
    // Not kept for the next start; this session still uses it.
  }
  i18n.chosen = choice;
  i18n.language = choice ?? languageOf(osTag());
  i18n.terms = { ...DEFAULT_TERMS[i18n.language] };
  setNumberStyle(numberStyleOf(locale()));
}

/** Puts the dictionary's words for the language in use in place (from the core's list_terms). */
export function applyTermWords(words: { key: string; singular: string; plural: string; gender: string | null }[]) {
  const next = { ...i18n.terms };
  for (const w of words) {
    if (!(w.key in TERM_KEYS)) continue;
    const gender = w.gender === "m" || w.gender === "f" || w.gender === "n" ? w.gender : null;
    next[w.key as TermKey] = { singular: w.singular, plural: w.plural, gender };
  }
  i18n.terms = next;
}

/**
 * A word as it stands inside an English sentence: each word's capital goes unless the word is an
 * abbreviation ("IT Asset" → "IT asset"). German nouns keep theirs.
 */
export function inSentence(word: string, language: Language): string {
  if (language === "de") return word;
  return word
    .split(" ")
    .map((w) => (/^\p{Lu}[^\p{Lu}]*$/u.test(w) ? w.charAt(0).toLowerCase() + w.slice(1) : w))
    .join(" ");
}

/** A word starting a heading or sentence. */
function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

let cached: { terms: unknown; language: Language; values: Record<string, string> } | null = null;

/**
 * The dictionary's words as message arguments (see the top of this file). Worked out once per
 * set of words: `i18n.terms` is replaced, never changed in place, when a word changes.
 */
export function termValues(): Record<string, string> {
  const terms = i18n.terms;
  const language = i18n.language;
  if (cached && cached.terms === terms && cached.language === language) return cached.values;
  const values: Record<string, string> = {};
  for (const [key, pluralKey] of Object.entries(TERM_KEYS) as [TermKey, PluralKey][]) {
    const words = terms[key];
    values[key] = inSentence(words.singular, i18n.language);
    values[pluralKey] = inSentence(words.plural, i18n.language);
    values[capitalised(key)] = capitalised(words.singular);
    values[capitalised(pluralKey)] = capitalised(words.plural);
    values[`${key}_g`] = words.gender ?? "n";
    // English: the word with its indefinite article ("an organization", "a client").
    values[`a_${key}`] = `${/^[aeiou]/i.test(values[key]) ? "an" : "a"} ${values[key]}`;
  }
  cached = { terms, language, values };
  return values;
}

const compiled = new Map<string, IntlMessageFormat>();

function formatter(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let f = compiled.get(id);
  if (!f) {
    const text = CATALOGUES[language][key] ?? CATALOGUES.en[key] ?? key;
    f = new IntlMessageFormat(text, language, undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/**
 * The message `key` in the language in use, with `values` and the dictionary's words put in.
 * Reactive: a view showing it updates when the language or a term changes.
 */
export function t(key: MessageKey, values?: Record<string, PrimitiveType>): string {
  const language = i18n.language;
  const all = values ? { ...termValues(), ...values } : termValues();
  const out = formatter(language, key).format(all);
  return Array.isArray(out) ? out.join("") : String(out);
}

/** A number as the locale writes it (1,234 / 1.234). */
export function formatNumber(n: number | bigint): string {
  return new Intl.NumberFormat(locale()).format(n);
}
