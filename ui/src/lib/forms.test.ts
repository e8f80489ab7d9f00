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
});
