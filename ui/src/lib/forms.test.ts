import { describe, expect, it } from "vitest";
import { formFailure } from "./forms";

describe("formFailure", () => {
  it("puts a field error next to its field", () => {
    const raw = { kind: "invalid", message: "Account number 1 is already used by Acme.", field: "account_number" };
    expect(formFailure(raw)).toEqual({ errors: { account_number: raw.message }, failure: null });
  });

  it("shows other failures for the whole form", () => {
    expect(formFailure({ kind: "internal", message: "Try again.", field: null })).toEqual({
      errors: {},
      failure: "Try again.",
    });
    expect(formFailure("plain text").failure).toBe("plain text");
  });

  it("shows an error about a field the form lacks for the whole form", () => {
    const raw = { kind: "invalid", message: "Choose the organization.", field: "organization_id" };
    expect(formFailure(raw, ["subject"])).toEqual({ errors: {}, failure: raw.message });
    expect(formFailure(raw, ["organization_id"])).toEqual({ errors: { organization_id: raw.message }, failure: null });
  });
});
