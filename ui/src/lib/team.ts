// Team sync in words: the server address from the Settings form (and back), the indicator's
// label, and how a conflict is shown. Pure, so vitest covers them.
import type { Conflict } from "../bindings/Conflict";
import type { TeamStatus } from "../bindings/TeamStatus";
import { labels } from "./labels.svelte";

/** Off (a lab or a trusted network), Require (encrypted), Verify (encrypted, certificate checked). */
export type Tls = "off" | "require" | "verify";

export interface ServerForm {
  host: string;
  port: string;
  database: string;
  login: string;
  tls: Tls;
}

const SSLMODE: Record<Tls, string> = { off: "disable", require: "require", verify: "verify-full" };

export function blankServer(): ServerForm {
  return { host: "", port: "5432", database: "", login: "", tls: "require" };
}

/**
 * The address for the core (`postgres://LOGIN@HOST:PORT/DATABASE?sslmode=…`), never with a
 * password or a file in it (the CA file is added by the backend from the native dialog), or the
 * form's errors by field.
 */
export function serverUrl(form: ServerForm): { url: string } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const host = form.host.trim();
  const login = form.login.trim();
  const database = form.database.trim();
  const port = Number(form.port.trim());
  if (!host) errors.host = "Enter the server's name or address.";
  else if (/[\s/?#@]/.test(host)) errors.host = "Enter just the server's name or address (no spaces, slashes or @).";
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = "Enter a port number (usually 5432).";
  if (!database) errors.database = "Enter the team database's name.";
  if (!login) errors.login = "Enter your server login.";
  if (Object.keys(errors).length > 0) return { errors };
  // An IPv6 address goes in brackets.
  const where = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  const e = encodeURIComponent;
  return { url: `postgres://${e(login)}@${where}:${port}/${e(database)}?sslmode=${SSLMODE[form.tls]}` };
}

/** The parts of a stored address, for showing it (null when it is not one). */
export function parseServerUrl(url: string): ServerForm | null {
  const m = /^postgres(?:ql)?:\/\/(?:([^@/:]*)(?::[^@/]*)?@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?(?:\/([^?]*))?(?:\?(.*))?$/.exec(url);
  if (!m) return null;
  const params = new URLSearchParams(m[5] ?? "");
  const mode = params.get("sslmode");
  const tls: Tls = mode === "disable" ? "off" : mode === "verify-full" || mode === "verify-ca" ? "verify" : "require";
  const d = (s: string | undefined) => {
    try {
      return decodeURIComponent(s ?? "");
    } catch {
      return s ?? "";
    }
  };
  return { login: d(m[1]), host: m[2].replace(/^\[|\]$/g, ""), port: m[3] ?? "5432", database: d(m[4]), tls };
}

/** "db.example:5432, database team, as ann_lee (TLS, certificate checked)". */
export function describeServer(url: string | null): string {
  const s = url ? parseServerUrl(url) : null;
  if (!s) return url ?? "";
  const tls = { off: "not encrypted", require: "encrypted", verify: "encrypted, certificate checked" }[s.tls];
  return `${s.host}:${s.port}, database ${s.database}${s.login ? `, as ${s.login}` : ""} (${tls})`;
}

export type Tone = "ok" | "busy" | "warn" | "error";

export interface Indicator {
  label: string;
  tone: Tone;
  /** The reason or detail, for the tooltip. */
  title: string;
  /** The label opens the Conflicts view. */
  conflicts: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The navigation's sync indicator; null when this machine is not in a team. */
export function indicator(status: TeamStatus | null): Indicator | null {
  if (!status?.joined) return null;
  const waiting = status.waiting > 0 ? ` ${plural(status.waiting, "change waits", "changes wait")} to be sent.` : "";
  if (status.stopped) return { label: "Sync stopped", tone: "error", title: status.stopped, conflicts: false };
  if (status.last_error && !status.offline) {
    return { label: "Sync error", tone: "error", title: `${status.last_error}${waiting}`, conflicts: false };
  }
  if (status.conflicts > 0) {
    return {
      label: plural(status.conflicts, "conflict", "conflicts"),
      tone: "warn",
      title: "Two machines changed the same thing: choose what to keep.",
      conflicts: true,
    };
  }
  if (status.offline) {
    return {
      label: status.waiting > 0 ? `Offline · ${status.waiting} waiting` : "Offline",
      tone: "busy",
      title: `${status.last_error ?? "The team server cannot be reached."} Work goes on here; it syncs when the server can be reached.${waiting}`,
      conflicts: false,
    };
  }
  if (status.waiting > 0) {
    return {
      label: plural(status.waiting, "change waiting", "changes waiting"),
      tone: "busy",
      title: "Sent with the next sync, in a few seconds.",
      conflicts: false,
    };
  }
  return { label: "Synced", tone: "ok", title: status.last_sync ? "Up to date with the team server." : "Not synced yet.", conflicts: false };
}

const TABLES: Record<string, () => string> = {
  organizations: () => labels.organization,
  people: () => labels.person,
  notes: () => "Note",
  attachments: () => "File",
  system_types: () => "System type",
  system_type_fields: () => "System type field",
  systems: () => "System",
  system_values: () => "System detail",
  secrets: () => "Password",
  tickets: () => "Ticket",
  time_entries: () => "Time entry",
  invoices: () => "Invoice",
  invoice_lines: () => "Invoice line",
  payments: () => "Payment",
  allocations: () => "Payment allocation",
  staff: () => "Staff member",
  choices: () => "List entry",
  organization_members: () => "Team member",
  organization_contacts: () => "Contact",
  stream_entries: () => "Post",
  stream_comments: () => "Comment",
  activities: () => "Activity",
  emails: () => "Email",
  settings: () => "Setting",
};

const FIELDS: Record<string, string> = {
  name: "Name",
  account_number: "Account number",
  dba_name: "Trading as",
  parent_id: "Part of",
  address_line1: "Address line 1",
  address_line2: "Address line 2",
  postal_code: "Postal code",
  region: "Region / state",
  email: "Email",
  website: "Website",
  first_name: "First name",
  last_name: "Last name",
  job_title: "Job title",
  organization_id: labels.organization,
  company_name: "Company name",
  archived_at: "Archived",
  number: "Number",
  hourly_rate: "Hourly rate",
  bill_to_parent: "Bill to parent",
  billing_contact_id: "Billing contact",
  closure_news: "News on closing",
  due_at: "Due",
  callback_on: "Call back on",
  "*": "The whole record",
};

/** What kind of record a conflict is about ("Organization", "Ticket"…). */
export function tableLabel(table: string): string {
  return TABLES[table]?.() ?? humanize(table);
}

/** A column as people name it ("Postal code"). */
export function fieldLabel(field: string): string {
  return FIELDS[field] ?? humanize(field);
}

function humanize(name: string): string {
  const words = name.replace(/_id$/, "").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The record a conflict is about: its name, else its kind. */
export function conflictRecord(c: Conflict): string {
  return c.record?.trim() ? c.record : tableLabel(c.table);
}

/** A side of a conflict as text (archive conflicts say Archived / Not archived). */
export function conflictValue(c: Conflict, value: unknown): string {
  if (c.kind === "archive" || c.field === "archived_at") return value === null || value === undefined ? "Not archived" : "Archived";
  if (c.kind === "deleted" && value === null) return "Deleted";
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !["id", "created_at", "updated_at", "name_key", "company_key"].includes(k))
      .map(([k, v]) => `${fieldLabel(k)}: ${v === null ? "(empty)" : String(v)}`)
      .join("; ");
  }
  return JSON.stringify(value);
}

/** The choices a conflict offers. */
export function conflictActions(c: Conflict): { theirs: string; mine: string | null; typed: boolean } {
  switch (c.kind) {
    case "deleted":
      return { theirs: "OK", mine: null, typed: false };
    case "archive":
      return { theirs: "Keep server's", mine: "Use this edit", typed: false };
    case "unique":
      // The edit's value is taken by another record: a new one is the way out.
      return { theirs: "Keep server's", mine: null, typed: true };
    default:
      return { theirs: "Keep server's", mine: "Use this edit", typed: true };
  }
}

/** The server's sentence, capitalised ("Changed on two machines"). */
export function conflictReason(c: Conflict): string {
  return c.message ? c.message.charAt(0).toUpperCase() + c.message.slice(1) : "";
}
