// Custom fields in forms and pages: values keyed by field, what a form sends, which input a
// backend message is about, and how a value reads.
import type { CustomField } from "../bindings/CustomField";
import type { CustomKind } from "../bindings/CustomKind";
import type { CustomRecord } from "../bindings/CustomRecord";
import type { CustomValue } from "../bindings/CustomValue";
import { t } from "../i18n/index.svelte";
import { labels } from "./labels.svelte";

/** How each kind is named in the field editor (`label` reads the language in use). */
export const CUSTOM_KINDS: { kind: CustomKind; readonly label: string }[] = (
  [
    ["text", "lib.fieldKind.text"],
    ["multiline", "lib.fieldKind.multiline"],
    ["number", "lib.fieldKind.number"],
    ["date", "common.date"],
    ["yes_no", "lib.customKind.yesNo"],
    ["choice", "lib.customKind.choice"],
    ["url", "lib.fieldKind.url"],
    ["email", "common.email"],
    ["phone", "common.phone"],
  ] as const
).map(([kind, key]) => ({
  kind,
  get label() {
    return t(key);
  },
}));

export const customKindLabel = (kind: CustomKind) => CUSTOM_KINDS.find((k) => k.kind === kind)?.label ?? kind;

/** The kinds of record that take custom fields, named in the dictionary's words. */
export function customRecords(): { record: CustomRecord; label: string }[] {
  return [
    { record: "organization", label: labels.organizations },
    { record: "person", label: labels.people },
    { record: "ticket", label: labels.tickets },
    { record: "contract", label: labels.contracts },
  ];
}

/** A record's values by field id ("" for a field without one). */
export function valuesByField(fields: CustomField[], values: CustomValue[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const f of fields) map[f.id] = "";
  for (const v of values) if (v.field_id in map) map[v.field_id] = v.value;
  return map;
}

/** What a form sends: every field shown, blank ones as "" (which clears them). */
export function valuesToSend(fields: CustomField[], map: Record<string, string>): CustomValue[] {
  return fields.map((f) => ({ field_id: f.id, value: (map[f.id] ?? "").trim() }));
}

/**
 * The field a backend message ("Seats: “ten” is not a number.") is about: the one whose label
 * starts it (the longest such label, so "Tier level" wins over "Tier"); null for a message about
 * the whole set.
 */
export function fieldOfMessage(fields: CustomField[], message: string): CustomField | null {
  const matching = fields.filter((f) => message.startsWith(`${f.label}:`));
  matching.sort((a, b) => b.label.length - a.label.length);
  return matching[0] ?? null;
}

/** A value as a page shows it (dates are shown by the page in the user's date style). */
export function shownValue(field: CustomField, value: string, locale?: string): string {
  switch (field.kind) {
    case "yes_no":
      return value === "yes" ? t("common.yes") : value === "no" ? t("common.no") : value;
    case "number": {
      const n = Number(value);
      // Past 2^53 a number is not exact any more (a long id typed as a number): shown as stored.
      return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER
        ? n.toLocaleString(locale, { maximumFractionDigits: 20 })
        : value;
    }
    default:
      return value;
  }
}

/** The fields a list can be filtered on: choice and yes/no fields. */
export const filterable = (fields: CustomField[]) => fields.filter((f) => f.kind === "choice" || f.kind === "yes_no");

/** A filter's options: a choice list's choices, or Yes and No. */
export function filterOptions(field: CustomField): { value: string; label: string }[] {
  if (field.kind === "yes_no") {
    return [
      { value: "yes", label: t("common.yes") },
      { value: "no", label: t("common.no") },
    ];
  }
  return field.choices.map((c) => ({ value: c, label: c }));
}

/** The list filter for what was picked in a list's custom filters ("" = any). */
export function chosenFilters(chosen: Record<string, string>): { field_id: string; value: string }[] {
  return Object.entries(chosen)
    .filter(([, value]) => value)
    .map(([field_id, value]) => ({ field_id, value }));
}
