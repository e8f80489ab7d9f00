import { describe, expect, it } from "vitest";
import { dayText, dueText, durationText, parseDay, parseDuration } from "./slas";

describe("slas", () => {
  it("reads and writes a day's business hours", () => {
    expect(parseDay("09:00-12:00, 13:00–17:30", 1)).toEqual([
      { weekday: 1, open: 540, close: 720 },
      { weekday: 1, open: 780, close: 1050 },
    ]);
    expect(parseDay("", 6)).toEqual([]);
    expect(parseDay("0:00-24:00", 7)).toEqual([{ weekday: 7, open: 0, close: 1440 }]);
    expect(parseDay("9 to 5", 1)).toBeNull();
    expect(parseDay("25:00-26:00", 1)).toBeNull();
    const windows = [
      { weekday: 1, open: 780, close: 1050 },
      { weekday: 1, open: 540, close: 720 },
      { weekday: 2, open: 0, close: 1440 },
    ];
    expect(dayText(windows, 1)).toBe("09:00–12:00, 13:00–17:30");
    expect(dayText(windows, 2)).toBe("00:00–24:00");
    expect(dayText(windows, 3)).toBe("");
  });

  it("reads and writes targets as durations", () => {
    expect(parseDuration("4h")).toBe(240);
    expect(parseDuration("1h 30m")).toBe(90);
    expect(parseDuration("1.5h")).toBe(90);
    expect(parseDuration("45m")).toBe(45);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("soon")).toBeUndefined();
    expect(durationText(90)).toBe("1h 30m");
    expect(durationText(240)).toBe("4h");
    expect(durationText(null)).toBe("");
  });

  it("says how long until a due time, or how long since", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    expect(dueText("2026-11-30T12:10:00.000Z", now)).toBe("due in 2h 10m");
    expect(dueText("2026-11-30T09:25:00.000Z", now)).toBe("overdue by 35m");
    expect(dueText("2026-11-30T10:00:00.000Z", now)).toBe("due now");
  });
});
