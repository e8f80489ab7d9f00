import { describe, expect, it } from "vitest";
import { hrefFor, parseRoute } from "./routes";

describe("routes", () => {
  it("round-trips My organizations and the agenda", () => {
    expect(parseRoute("#/organizations?mine=1")).toEqual({ view: "organizations", mine: true });
    expect(hrefFor({ view: "organizations", mine: true })).toBe("#/organizations?mine=1");
    expect(parseRoute("#/organizations")).toEqual({ view: "organizations" });
    expect(parseRoute(hrefFor({ view: "agenda" }))).toEqual({ view: "agenda" });
    expect(parseRoute(hrefFor({ view: "conflicts" }))).toEqual({ view: "conflicts" });
    expect(parseRoute(hrefFor({ view: "contracts" }))).toEqual({ view: "contracts" });
    expect(parseRoute(hrefFor({ view: "tickets" }))).toEqual({ view: "tickets" });
    expect(parseRoute(hrefFor({ view: "tickets", number: 42 }))).toEqual({ view: "tickets", number: 42 });
    expect(parseRoute("#/tickets?ticket=abc")).toEqual({ view: "tickets" });
  });

  it("starts on Today, and opens the Tickets view filtered from it", () => {
    expect(parseRoute("")).toEqual({ view: "today" });
    expect(parseRoute("#/")).toEqual({ view: "today" });
    expect(parseRoute("#/nowhere")).toEqual({ view: "today" });
    expect(parseRoute(hrefFor({ view: "today" }))).toEqual({ view: "today" });
    expect(parseRoute(hrefFor({ view: "tickets", filter: "overdue" }))).toEqual({ view: "tickets", filter: "overdue" });
    expect(parseRoute(hrefFor({ view: "tickets", filter: "mine" }))).toEqual({ view: "tickets", filter: "mine" });
    expect(parseRoute("#/tickets?filter=everything")).toEqual({ view: "tickets" });
  });
});
