// Team sync in words: the server address from the Settings form (and back), the indicator's
// label, and how a conflict is shown. Pure, so vitest covers them.
import type { Conflict } from "../bindings/Conflict";
import type { TeamStatus } from "../bindings/TeamStatus";
import { t, type MessageKey } from "../i18n/index.svelte";

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
  if (!host) errors.host = t("team.server.hostMissing");
  else if (/[\s/?#@]/.test(host)) errors.host = t("team.server.hostInvalid");
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = t("team.server.portInvalid");
  if (!database) errors.database = t("team.server.databaseMissing");
  if (!login) errors.login = t("team.server.loginMissing");
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
  const tls = t(`team.server.tls.${s.tls}`);
  const values = { host: s.host, port: s.port, database: s.database, login: s.login, tls };
  return s.login ? t("team.server.describeAs", values) : t("team.server.describe", values);
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

/** Sentences joined with a space (the reason, then what follows). */
const sentences = (...parts: string[]) => parts.filter(Boolean).join(" ");

/** The navigation's sync indicator; null when this machine is not in a team. */
export function indicator(status: TeamStatus | null): Indicator | null {
  if (!status?.joined) return null;
  const waiting = status.waiting > 0 ? t("team.indicator.waitsToBeSent", { count: status.waiting }) : "";
  if (status.stopped) return { label: t("team.indicator.stopped"), tone: "error", title: status.stopped, conflicts: false };
  if (status.last_error && !status.offline) {
    return { label: t("team.indicator.error"), tone: "error", title: sentences(status.last_error, waiting), conflicts: false };
  }
  if (status.conflicts > 0) {
    return {
      label: t("team.indicator.conflicts", { count: status.conflicts }),
      tone: "warn",
      title: t("team.indicator.conflicts.title"),
      conflicts: true,
    };
  }
  if (status.offline) {
    return {
      label: status.waiting > 0 ? t("team.indicator.offlineWaiting", { count: status.waiting }) : t("team.indicator.offline"),
      tone: "busy",
      title: sentences(status.last_error ?? t("team.indicator.unreachable"), t("team.indicator.offline.title"), waiting),
      conflicts: false,
    };
  }
  if (status.waiting > 0) {
    return {
      label: t("team.indicator.waiting", { count: status.waiting }),
      tone: "busy",
      title: t("team.indicator.waiting.title"),
      conflicts: false,
    };
  }
  return {
    label: t("team.indicator.synced"),
    tone: "ok",
    title: status.last_sync ? t("team.indicator.upToDate") : t("team.indicator.notSynced"),
    conflicts: false,
  };
}

/** The message naming each synced table's records (read when shown: the language may change). */
const TABLES: Record<string, MessageKey> = {
  organizations: "team.table.organization",
  people: "team.table.person",
  notes: "team.table.note",
  attachments: "team.table.file",
  system_types: "team.table.systemType",
  system_type_fields: "team.table.systemTypeField",
  systems: "team.table.system",
  system_values: "team.table.systemDetail",
  secrets: "team.table.password",
  tickets: "team.table.ticket",
  time_entries: "team.table.timeEntry",
  invoices: "team.table.invoice",
  invoice_lines: "team.table.invoiceLine",
  payments: "team.table.payment",
  allocations: "team.table.allocation",
  staff: "team.table.staff",
  choices: "team.table.choice",
  organization_members: "team.table.teamMember",
  organization_contacts: "team.table.contact",
  stream_entries: "team.table.post",
  stream_comments: "team.table.comment",
  activities: "team.table.activity",
  emails: "common.email",
  settings: "team.table.setting",
};

/** The message naming each column people see in a conflict. */
const FIELDS: Record<string, MessageKey> = {
  name: "common.name",
  account_number: "team.field.accountNumber",
  dba_name: "team.field.tradingAs",
  parent_id: "team.field.partOf",
  address_line1: "team.field.addressLine1",
  address_line2: "team.field.addressLine2",
  postal_code: "team.field.postalCode",
  region: "team.field.region",
  email: "common.email",
  website: "common.website",
  first_name: "team.field.firstName",
  last_name: "team.field.lastName",
  job_title: "team.field.jobTitle",
  organization_id: "team.field.organization",
  company_name: "team.field.companyName",
  archived_at: "common.archived",
  number: "team.field.number",
  hourly_rate: "team.field.hourlyRate",
  bill_to_parent: "team.field.billToParent",
  billing_contact_id: "team.field.billingContact",
  closure_news: "team.field.closureNews",
  due_at: "common.due",
  callback_on: "team.field.callbackOn",
  "*": "team.field.wholeRecord",
};

/** What kind of record a conflict is about ("Organization", "Ticket"…). */
export function tableLabel(table: string): string {
  const key = TABLES[table];
  return key ? t(key) : humanize(table);
}

/** A column as people name it ("Postal code"). */
export function fieldLabel(field: string): string {
  const key = FIELDS[field];
  return key ? t(key) : humanize(field);
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
  if (c.kind === "archive" || c.field === "archived_at") {
    return value === null || value === undefined ? t("team.conflict.notArchived") : t("common.archived");
  }
  if (c.kind === "deleted" && value === null) return t("team.conflict.deleted");
  if (value === null || value === undefined || value === "") return t("team.conflict.empty");
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !["id", "created_at", "updated_at", "name_key", "company_key"].includes(k))
      .map(([k, v]) => t("team.conflict.fieldValue", { field: fieldLabel(k), value: v === null ? t("team.conflict.empty") : String(v) }))
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
      return { theirs: t("team.conflict.keepTheirs"), mine: t("team.conflict.useMine"), typed: false };
    case "unique":
      // The edit's value is taken by another record: a new one is the way out.
      return { theirs: t("team.conflict.keepTheirs"), mine: null, typed: true };
    default:
      return { theirs: t("team.conflict.keepTheirs"), mine: t("team.conflict.useMine"), typed: true };
  }
}

/** The server's sentence, capitalised ("Changed on two machines"). */
export function conflictReason(c: Conflict): string {
  return c.message ? c.message.charAt(0).toUpperCase() + c.message.slice(1) : "";
}
