import { describe, expect, it } from "vitest";
import type { Conflict } from "../bindings/Conflict";
import type { TeamStatus } from "../bindings/TeamStatus";
import {
  blankServer,
  conflictActions,
  conflictRecord,
  conflictValue,
  describeServer,
  fieldLabel,
  indicator,
  parseServerUrl,
  serverUrl,
} from "./team";

const status = (over: Partial<TeamStatus> = {}): TeamStatus => ({
  joined: true,
  url: "postgres://ann@db:5432/team?sslmode=require",
  data_set_id: "d1",
  waiting: 0,
  conflicts: 0,
  last_sync: "2026-11-30T10:00:00Z",
  last_error: null,
  offline: false,
  stopped: null,
  cursor: 0,
  keep_files_offline: true,
  offline_limit_mb: 50,
  passwords: { state: "approved", fingerprint: "3F2A-9C1B-77D0-E412-0B5D", admin: false, waiting: 0, error: null },
  ...over,
});

const conflict = (over: Partial<Conflict> = {}): Conflict => ({
  id: "c1",
  kind: "edit",
  table: "organizations",
  row_key: '["01"]',
  field: "phone",
  record: "Acme Ltd",
  base: "1",
  mine: "2",
  theirs: "3",
  message: "changed on two machines",
  actor: "Ann",
  at: "2026-11-30T10:00:00Z",
  resolved_at: null,
  ...over,
});

describe("server address", () => {
  it("is built from the form without a password, with the TLS mode", () => {
    const form = { ...blankServer(), host: " db.example.com ", database: "team", login: "ann_lee" };
    expect(serverUrl(form)).toEqual({ url: "postgres://ann_lee@db.example.com:5432/team?sslmode=require" });
    expect(serverUrl({ ...form, tls: "off", port: "55432" })).toEqual({
      url: "postgres://ann_lee@db.example.com:55432/team?sslmode=disable",
    });
    expect(serverUrl({ ...form, tls: "verify" })).toEqual({
      url: "postgres://ann_lee@db.example.com:5432/team?sslmode=verify-full",
    });
  });

  it("encodes odd names and brackets an IPv6 address", () => {
    const form = { ...blankServer(), host: "fd00::5", database: "our team", login: "ann@home" };
    expect(serverUrl(form)).toEqual({ url: "postgres://ann%40home@[fd00::5]:5432/our%20team?sslmode=require" });
  });

  it("names every missing or wrong field", () => {
    const result = serverUrl({ ...blankServer(), host: "db/x", port: "99999" });
    expect(result).toEqual({
      errors: {
        host: expect.any(String),
        port: expect.any(String),
        database: expect.any(String),
        login: expect.any(String),
      },
    });
  });

  it("reads a stored address back, for showing it", () => {
    const url = "postgres://ann_lee@db.example.com:6432/team?sslmode=verify-full&sslrootcert=/home/ann/ca.pem";
    expect(parseServerUrl(url)).toEqual({ host: "db.example.com", port: "6432", database: "team", login: "ann_lee", tls: "verify" });
    expect(describeServer(url)).toBe("db.example.com:6432, database team, as ann_lee (encrypted, certificate checked)");
    expect(parseServerUrl("postgres://ann%40home@[fd00::5]:5432/our%20team?sslmode=disable")).toEqual({
      host: "fd00::5",
      port: "5432",
      database: "our team",
      login: "ann@home",
      tls: "off",
    });
    expect(parseServerUrl("not an address")).toBeNull();
  });
});

describe("sync indicator", () => {
  it("is absent outside a team", () => {
    expect(indicator(null)).toBeNull();
    expect(indicator(status({ joined: false }))).toBeNull();
  });

  it("says synced, waiting, offline, conflicts, error and stopped", () => {
    expect(indicator(status())?.label).toBe("Synced");
    expect(indicator(status({ waiting: 1 }))?.label).toBe("1 change waiting");
    expect(indicator(status({ waiting: 3 }))?.label).toBe("3 changes waiting");
    const offline = indicator(status({ offline: true, last_error: "The team server at db:5432 does not answer", waiting: 2 }));
    expect(offline?.label).toBe("Offline · 2 waiting");
    expect(offline?.title).toContain("does not answer");
    const conflicts = indicator(status({ conflicts: 2, waiting: 1 }));
    expect(conflicts).toMatchObject({ label: "2 conflicts", conflicts: true });
    const error = indicator(status({ last_error: "The team server refused the user name or password.", conflicts: 2 }));
    expect(error).toMatchObject({ label: "Sync error", tone: "error", title: "The team server refused the user name or password." });
    expect(indicator(status({ stopped: "restored from an older backup", conflicts: 1 }))).toMatchObject({
      label: "Sync stopped",
      title: "restored from an older backup",
    });
  });
});

describe("conflicts", () => {
  it("names the record, else its kind, and the field in words", () => {
    expect(conflictRecord(conflict())).toBe("Acme Ltd");
    expect(conflictRecord(conflict({ record: null, table: "tickets" }))).toBe("Ticket");
    expect(fieldLabel("postal_code")).toBe("Postal code");
    expect(fieldLabel("address_line1")).toBe("Address line 1");
    expect(fieldLabel("account_number")).toBe("Account number");
  });

  it("shows archive sides as archived or not, and empty values as such", () => {
    const archived = conflict({ kind: "archive", field: "archived_at", mine: null, theirs: "2026-11-30T09:00:00Z" });
    expect(conflictValue(archived, archived.mine)).toBe("Not archived");
    expect(conflictValue(archived, archived.theirs)).toBe("Archived");
    expect(conflictValue(conflict(), null)).toBe("(empty)");
    expect(conflictValue(conflict(), 42)).toBe("42");
    const deleted = conflict({ kind: "deleted", field: "*", mine: { name: "Acme", city: "Leeds", updated_at: "x" }, theirs: null });
    expect(conflictValue(deleted, deleted.mine)).toBe("Name: Acme; City: Leeds");
    expect(conflictValue(deleted, deleted.theirs)).toBe("Deleted");
  });

  it("offers only OK for a deleted record and a typed value for a taken number", () => {
    expect(conflictActions(conflict({ kind: "deleted" }))).toEqual({ theirs: "OK", mine: null, typed: false });
    expect(conflictActions(conflict({ kind: "unique" }))).toMatchObject({ mine: null, typed: true });
    expect(conflictActions(conflict())).toEqual({ theirs: "Keep server's", mine: "Use this edit", typed: true });
    expect(conflictActions(conflict({ kind: "archive" })).typed).toBe(false);
  });
});
