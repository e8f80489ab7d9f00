import { describe, expect, it } from "vitest";
import { endLine } from "./contracts";

const base = { starts_on: "2026-01-01", notice_by: null, renewal: "none" as const };

describe("contracts", () => {
  it("says when a contract ends, renews or ended", () => {
    expect(endLine({ ...base, status: "active", current_end: "2026-12-31", days_left: 45 })).toBe(
      "Ends 2026-12-31 (in 45 days)",
    );
    expect(endLine({ ...base, status: "expiring", current_end: "2026-12-31", days_left: 0 })).toBe("Ends 2026-12-31 (today)");
    expect(endLine({ ...base, status: "expired", current_end: "2026-10-31", days_left: -1 })).toBe(
      "Expired 2026-10-31 (1 day ago)",
    );
    expect(
      endLine({ ...base, renewal: "automatic", status: "active", current_end: "2027-12-31", days_left: 300, notice_by: "2027-12-01" }),
    ).toBe("Renews 2027-12-31; cancel by 2027-12-01");
    expect(
      endLine({ ...base, renewal: "notice", status: "expiring", current_end: "2026-12-31", days_left: 10, notice_by: "2026-12-01" }),
    ).toBe("Ends 2026-12-31 (in 10 days); renew by 2026-12-01");
    expect(endLine({ ...base, status: "active", current_end: null, days_left: null })).toBe("Open-ended");
    expect(endLine({ ...base, status: "upcoming", current_end: "2027-12-31", days_left: 400 })).toBe("Starts 2026-01-01");
  });
});
