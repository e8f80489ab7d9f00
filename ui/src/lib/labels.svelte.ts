// The data dictionary: the words the UI uses for its record kinds, as an admin renamed them in
// Settings → Terms ("Client" for Organization…). A reactive object: views reading it show the new
// words as soon as they are loaded or saved. CSV exports keep the canonical column names.
import type { FieldKind } from "../bindings/FieldKind";
import type { Role } from "../bindings/Role";
import type { Term } from "../bindings/Term";
import { listTerms } from "../api/terms";

export interface Labels {
  organization: string;
  organizations: string;
  person: string;
  people: string;
  site: string;
  sites: string;
  system: string;
  systems: string;
  ticket: string;
  tickets: string;
  contract: string;
  contracts: string;
  activity: string;
  activities: string;
}

/** The words before any renaming (what the CSV columns and the code call things). */
export const DEFAULT_LABELS: Labels = {
  organization: "Organization",
  organizations: "Organizations",
  person: "Person",
  people: "People",
  site: "Site",
  sites: "Sites",
  system: "System",
  systems: "Systems",
  ticket: "Ticket",
  tickets: "Tickets",
  contract: "Contract",
  contracts: "Contracts",
  activity: "Activity",
  activities: "Activities",
};

export const labels: Labels = $state({ ...DEFAULT_LABELS });

/** Which label holds each term's plural (the singular is under the term's key). */
const PLURAL_OF: Record<string, keyof Labels> = {
  organization: "organizations",
  person: "people",
  site: "sites",
  system: "systems",
  ticket: "tickets",
  contract: "contracts",
  activity: "activities",
};

/** Puts the dictionary's words in place (unknown keys from a newer version are ignored). */
export function applyTerms(terms: Term[]) {
  for (const t of terms) {
    const plural = PLURAL_OF[t.key];
    if (!plural) continue;
    labels[t.key as keyof Labels] = t.singular;
    labels[plural] = t.plural;
  }
}

/** Loads the dictionary (at start, after a save, after a team sync); the defaults stay on failure. */
export async function loadTerms() {
  try {
    applyTerms(await listTerms());
  } catch {
    // The defaults stay: better the usual words than none.
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
