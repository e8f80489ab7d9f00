// The data dictionary: the words the UI uses for its record kinds. Settings will let an admin
// rename them ("Client" for Organization…); every view takes its words from here.
import type { FieldKind } from "../bindings/FieldKind";
import type { Role } from "../bindings/Role";


export interface Labels {
  organization: string;
  organizations: string;
  person: string;
  people: string;
  site: string;
  sites: string;
}

export const labels: Labels = {
  organization: "Organization",
  organizations: "Organizations",
  person: "Person",
  people: "People",
  site: "Site",
  sites: "Sites",
};

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
