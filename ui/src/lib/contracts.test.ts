import { describe, expect, it } from "vitest";
import { endLine, parseHours, prepaidLine } from "./contracts";

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

  it("reads hours as typed", () => {
    expect(parseHours("10")).toBe(600);
    expect(parseHours(" 7.5 ")).toBe(450);
    expect(parseHours("7,25")).toBe(435);
    expect(parseHours("7:30")).toBe(450);
    expect(parseHours("2 h")).toBe(120);
    expect(parseHours("-2")).toBeNull();
    expect(parseHours("-2", true)).toBe(-120);
    expect(parseHours("0")).toBeNull();
    expect(parseHours("7:75")).toBeNull();
    expect(parseHours("ten")).toBeNull();
  });

  it("says how much of a block is used and left", () => {
    const p = (total: number, invoiced: number, pending: number, left: number) => ({
      total_minutes: total,
      invoiced_minutes: invoiced,
      pending_minutes: pending,
      left_minutes: left,
    });
    expect(prepaidLine(p(600, 240, 0, 360))).toBe("4 h used of 10 h · 6 h left");
    expect(prepaidLine(p(600, 240, 120, 240))).toBe("6 h used of 10 h (2 h not yet invoiced) · 4 h left");
    expect(prepaidLine(p(600, 690, 0, -90))).toBe("11 h 30 min used of 10 h · overdrawn by 1 h 30 min");
    expect(prepaidLine(p(120, 120, 0, 0))).toBe("2 h used of 2 h · none left");
  });
});
