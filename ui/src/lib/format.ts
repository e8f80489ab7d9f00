// Display helpers shared by the views; pure, so vitest covers them.
import type { Address } from "../bindings/Address";
import type { Person } from "../bindings/Person";
import { showDate } from "./datestyle.svelte";
import { locale, t } from "../i18n/index.svelte";

export const ADDRESS_FIELDS = ["line1", "line2", "city", "region", "postal_code", "country"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** Each address field's name, in the language in use (getters: read them where they are shown). */
export const ADDRESS_LABELS: Readonly<Record<AddressField, string>> = {
  get line1() {
    return t("lib.address.line1");
  },
  get line2() {
    return t("lib.address.line2");
  },
  get city() {
    return t("lib.address.city");
  },
  get region() {
    return t("lib.address.region");
  },
  get postal_code() {
    return t("lib.address.postalCode");
  },
  get country() {
    return t("lib.address.country");
  },
};

export function emptyAddress(): Address {
  return { line1: null, line2: null, city: null, region: null, postal_code: null, country: null };
}

/** "Ann Archer", or whichever half is known. */
export function personName(p: Pick<Person, "first_name" | "last_name">): string {
  return [p.first_name, p.last_name].filter(Boolean).join(" ");
}

/** The address as display lines: street lines, "postcode city", region, country. */
export function addressLines(a: Address): string[] {
  const place = [a.postal_code, a.city].filter(Boolean).join(" ");
  return [a.line1, a.line2, place, a.region, a.country].filter((l): l is string => !!l);
}

/** Which effective address fields a person inherits from their organization. */
export function inheritedFields(p: Person): AddressField[] {
  if (!p.organization) return [];
  return ADDRESS_FIELDS.filter((f) => p.address_override[f] === null && p.address[f] !== null);
}

/** A tel: link for a phone number as typed: keeps digits, a leading + and extension markers. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  const plus = trimmed.startsWith("+") ? "+" : "";
  return `tel:${plus}${trimmed.replace(/[^0-9,;*#]/g, "")}`;
}

export function mailtoHref(email: string): string {
  return `mailto:${email.trim()}`;
}

/** A web address as typed made into an https: link. */
export function webHref(website: string): string {
  const w = website.trim();
  if (/^https:\/\//i.test(w)) return w;
  return `https://${w.replace(/^http:\/\//i, "")}`;
}

/** Turns "" into null, as the backend stores blank text. */
export function nullIfBlank(value: string | null | undefined): string | null {
  const v = (value ?? "").trim();
  return v === "" ? null : v;
}

/** Calls `fn` once `ms` have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A byte count as people read it: "512 B", "1.4 KB", "23.0 MB" (1 KB = 1024 B; "1,4 KB" in German). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(value);
  return `${shown} ${units[unit]}`;
}

/** A local date and time as the backend stores call-backs: "YYYY-MM-DDTHH:MM". */
export function localMinute(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The first minute of tomorrow, local: call-backs before it are due today or overdue. */
export function endOfToday(now: Date = new Date()): string {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return localMinute(tomorrow);
}

/** "2026-11-22T15:30" as the screen writes dates and the time: "22.11.2026 15:30", say. */
export function showMinute(value: string): string {
  const [date, time] = value.split("T");
  return time === undefined ? showDate(value) : `${showDate(date)} ${time}`;
}

/** An ISO instant ("…Z") in the user's local time, to the minute. */
export function showInstant(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : showMinute(localMinute(d));
}
