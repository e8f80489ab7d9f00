import { describe, expect, it } from "vitest";
import { pagesFor, visibleRange } from "./virtual";

describe("virtual list arithmetic", () => {
  it("renders the rows in view plus the overscan, never past the ends", () => {
    expect(visibleRange(0, 380, 38, 100_000, 10)).toEqual({ start: 0, end: 20 });
    expect(visibleRange(38 * 5000, 380, 38, 100_000, 10)).toEqual({ start: 4990, end: 5020 });
    expect(visibleRange(38 * 99_999, 380, 38, 100_000, 10)).toEqual({ start: 99_989, end: 100_000 });
    expect(visibleRange(0, 380, 38, 3, 10)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(500, 380, 38, 0, 10)).toEqual({ start: 0, end: 0 });
  });
  it("keeps the DOM small however long the list", () => {
    const { start, end } = visibleRange(38 * 50_000, 1080, 38, 100_000);
    expect(end - start).toBeLessThan(100);
  });
  it("finds the pages that hold a range", () => {
    expect(pagesFor({ start: 0, end: 20 }, 200)).toEqual([0]);
    expect(pagesFor({ start: 190, end: 210 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 5, end: 5 }, 200)).toEqual([]);
  });
});
