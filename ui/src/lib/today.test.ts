import { describe, expect, it } from "vitest";
import { moreText, plural, ticketDue } from "./today";

describe("ticketDue", () => {
  it("is the response's due time until the customer is answered, then the resolution's", () => {
    const t = { response_due_at: "2026-11-30T10:00:00Z", resolution_due_at: "2026-12-01T10:00:00Z", first_response_at: null };
    expect(ticketDue(t)).toBe("2026-11-30T10:00:00Z");
    expect(ticketDue({ ...t, first_response_at: "2026-11-30T09:00:00Z" })).toBe("2026-12-01T10:00:00Z");
    expect(ticketDue({ response_due_at: null, resolution_due_at: null, first_response_at: null })).toBeNull();
  });
});

describe("moreText and plural", () => {
  it("count what a short list leaves out", () => {
    expect(moreText(8, 8)).toBe("");
    expect(moreText(1234, 8)).toBe("1,226 more");
    expect(plural(1, "customer", "customers")).toBe("1 customer");
    expect(plural(12000, "customer", "customers")).toBe("12,000 customers");
  });
});
