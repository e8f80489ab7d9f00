import { describe, expect, it } from "vitest";
import {
  formatMinutes,
  formatMoney,
  formatPercent,
  numberStyleOf,
  parseMoney,
  parsePercent,
  parseWholeNumber,
  setNumberStyle,
} from "./money";

describe("formatMoney", () => {
  it("shows minor units with two decimals and thousands commas", () => {
    expect(formatMoney(123456)).toBe("1,234.56");
    expect(formatMoney(0)).toBe("0.00");
    expect(formatMoney(5)).toBe("0.05");
    expect(formatMoney(100)).toBe("1.00");
    expect(formatMoney(123456789)).toBe("1,234,567.89");
    expect(formatMoney(99999)).toBe("999.99");
  });

  it("puts a minus sign before negatives", () => {
    expect(formatMoney(-300)).toBe("-3.00");
    expect(formatMoney(-123456)).toBe("-1,234.56");
    expect(formatMoney(-5)).toBe("-0.05");
  });
});

describe("parseMoney", () => {
  it("reads plain and comma-grouped amounts", () => {
    expect(parseMoney("1234.5")).toBe(123450);
    expect(parseMoney("1,234.50")).toBe(123450);
    expect(parseMoney("1234")).toBe(123400);
    expect(parseMoney(" 12.34 ")).toBe(1234);
    expect(parseMoney("0.07")).toBe(7);
    expect(parseMoney(".5")).toBe(50);
    expect(parseMoney("12.")).toBe(1200);
    expect(parseMoney("1,234,567.89")).toBe(123456789);
  });

  it("reads negatives", () => {
    expect(parseMoney("-3")).toBe(-300);
    expect(parseMoney("-1,234.56")).toBe(-123456);
    expect(Object.is(parseMoney("-0"), 0)).toBe(true);
  });

  it("refuses junk and more than two decimals", () => {
    for (const bad of ["", " ", "-", ".", "abc", "12.345", "1.2.3", "12,34", "1,2345", ",123", "1e3", "€12", "12 34", "--3", "+-3"]) {
      expect(parseMoney(bad), bad).toBeNull();
    }
  });

  it("round-trips what formatMoney shows", () => {
    for (const minor of [0, 1, 99, 100, 123456, -98765, 100000000]) {
      expect(parseMoney(formatMoney(minor))).toBe(minor);
    }
  });
});

describe("percent", () => {
  it("turns basis points into a percentage and back", () => {
    expect(formatPercent(1900)).toBe("19");
    expect(formatPercent(725)).toBe("7.25");
    expect(formatPercent(750)).toBe("7.5");
    expect(formatPercent(5)).toBe("0.05");
    expect(formatPercent(0)).toBe("0");
    expect(parsePercent("19")).toBe(1900);
    expect(parsePercent("7.5")).toBe(750);
    expect(parsePercent("7.25 %")).toBe(725);
    expect(parsePercent("0")).toBe(0);
    for (const bp of [0, 5, 750, 725, 1900, 10000]) expect(parsePercent(formatPercent(bp))).toBe(bp);
  });

  it("refuses more than two decimals, negatives and junk", () => {
    for (const bad of ["", "7.255", "-1", "ten", "1,5"]) expect(parsePercent(bad), bad).toBeNull();
  });
});

describe("formatMinutes", () => {
  it("shows hours and minutes", () => {
    expect(formatMinutes(90)).toBe("1 h 30 min");
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(0)).toBe("0 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(61)).toBe("1 h 1 min");
  });

  it("accepts the bindings' bigint", () => {
    expect(formatMinutes(BigInt(75))).toBe("1 h 15 min");
  });
});

describe("parseWholeNumber", () => {
  it("reads whole numbers only", () => {
    expect(parseWholeNumber(" 45 ")).toBe(45);
    expect(parseWholeNumber("0")).toBe(0);
    for (const bad of ["", "1.5", "-3", "1h", "abc"]) expect(parseWholeNumber(bad), bad).toBeNull();
  });
});

describe("German separators", () => {
  it("writes and reads money and percentages as German does", () => {
    setNumberStyle(numberStyleOf("de-DE"));
    try {
      expect(formatMoney(123456789)).toBe("1.234.567,89");
      expect(formatMoney(-5)).toBe("-0,05");
      expect(parseMoney("1.234,5")).toBe(123450);
      expect(parseMoney("2,50")).toBe(250);
      expect(parseMoney("12.50")).toBeNull(); // a misplaced thousands point, not 12 euros 50
      expect(formatPercent(725)).toBe("7,25");
      expect(parsePercent("7,5 %")).toBe(750);
      expect(parsePercent("7.5")).toBeNull();
    } finally {
      setNumberStyle(numberStyleOf("en-US"));
    }
    expect(formatMoney(123456)).toBe("1,234.56");
    expect(parseMoney("1,234.50")).toBe(123450);
  });

  it("takes a locale's separators from the platform", () => {
    expect(numberStyleOf("de-DE")).toEqual({ group: ".", decimal: "," });
    expect(numberStyleOf("en-GB")).toEqual({ group: ",", decimal: "." });
    expect(numberStyleOf("de-CH").decimal).toBe(".");
  });
});

describe("reading in the separators a value was written in", () => {
  it("reads an amount typed before the language changed", () => {
    const english = numberStyleOf("en-US");
    setNumberStyle(numberStyleOf("de-DE"));
    try {
      expect(parseMoney("1,234.50", english)).toBe(123450);
      expect(parsePercent("7.5", english)).toBe(750);
      expect(formatMoney(123450)).toBe("1.234,50");
    } finally {
      setNumberStyle(english);
    }
  });
});
