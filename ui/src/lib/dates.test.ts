import { describe, expect, it } from "vitest";
import { datePattern, firstOfMonth, formatDate, invoicePeriod, localDate, parseDate, parseTime, previousMonth } from "./dates";

describe("dates", () => {
  it("finds the first of the month", () => {
    expect(firstOfMonth("2026-03-17")).toBe("2026-03-01");
    expect(firstOfMonth("2026-12-31")).toBe("2026-12-01");
  });

  it("spans the previous month, across year ends and leap years", () => {
    expect(previousMonth("2026-03-17")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(previousMonth("2024-03-01")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(previousMonth("2026-01-15")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(previousMonth("2026-05-31")).toEqual({ from: "2026-04-01", to: "2026-04-30" });
  });

  it("writes a local date", () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});

describe("invoicePeriod", () => {
  it("offers last month, from older waiting time on, or this month when that is all there is", () => {
    expect(invoicePeriod("2026-11-30", null)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(invoicePeriod("2026-11-30", "2026-10-12")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(invoicePeriod("2026-11-30", "2026-08-03")).toEqual({ from: "2026-08-03", to: "2026-10-31" });
    expect(invoicePeriod("2026-11-30", "2026-11-02")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(invoicePeriod("2026-01-15", "2026-01-02")).toEqual({ from: "2026-01-01", to: "2026-01-15" });
  });
});

describe("dates as a language writes them", () => {
  it("takes the order and separator from the language", () => {
    expect(datePattern("de-DE").hint).toBe("TT.MM.JJJJ");
    expect(datePattern("en-GB").hint).toBe("DD/MM/YYYY");
    expect(datePattern("en-US").hint).toBe("MM/DD/YYYY");
    expect(datePattern(null).hint).toBe("YYYY-MM-DD");
  });

  it("writes and reads dates both ways", () => {
    const de = datePattern("de-DE");
    expect(formatDate("2026-12-31", de)).toBe("31.12.2026");
    expect(parseDate("31.12.2026", de)).toBe("2026-12-31");
    expect(parseDate("1.2.26", de)).toBe("2026-02-01");
    // ISO is understood whatever the language.
    expect(parseDate("2026-02-01", datePattern("en-US"))).toBe("2026-02-01");
    expect(parseDate("02/01/2026", datePattern("en-US"))).toBe("2026-02-01");
    expect(parseDate("02/01/2026", datePattern("en-GB"))).toBe("2026-01-02");
    expect(formatDate("not a date", de)).toBe("not a date");
  });

  it("refuses what is no real date", () => {
    const de = datePattern("de-DE");
    for (const text of ["31.02.2026", "00.01.2026", "1.13.2026", "12.2026", "tomorrow", "1.1.123", ""]) {
      expect(parseDate(text, de), text).toBeNull();
    }
  });
});

describe("parseTime", () => {
  it("reads a time of day as people type it, on a 24-hour clock or with am/pm", () => {
    expect(parseTime("14:30")).toBe("14:30");
    expect(parseTime(" 9:05 ")).toBe("09:05");
    expect(parseTime("9.05")).toBe("09:05");
    expect(parseTime("0930")).toBe("09:30");
    expect(parseTime("930")).toBe("09:30");
    expect(parseTime("9")).toBe("09:00");
    expect(parseTime("9:30 pm")).toBe("21:30");
    expect(parseTime("12 am")).toBe("00:00");
    expect(parseTime("12:15 PM")).toBe("12:15");
    expect(parseTime("14h30")).toBe("14:30");
  });

  it("refuses what is no time", () => {
    for (const bad of ["", "24:00", "9:60", "13 pm", "0 am", "noon", "9:5", "1:30:00"]) {
      expect(parseTime(bad), bad).toBeNull();
    }
  });
});
