// Display helpers shared by the views; pure, so vitest covers them.
import type { Address } from "../bindings/Address";
import type { Person } from "../bindings/Person";

export const ADDRESS_FIELDS = ["line1", "line2", "city", "region", "postal_code", "country"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

export const ADDRESS_LABELS: Record<AddressField, string> = {
  line1: "Address line 1",
  line2: "Address line 2",
  city: "City",
  region: "Region / state",
  postal_code: "Postal code",
  country: "Country",
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
