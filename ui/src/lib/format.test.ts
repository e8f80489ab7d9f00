import { describe, expect, it } from "vitest";
import { addressLines, inheritedFields, personName, telHref, webHref, emptyAddress } from "./format";
import type { Person } from "../bindings/Person";

function person(over: Partial<Person>): Person {
  return {
    id: "p",
    first_name: "Ann",
    last_name: "Archer",
    job_title: null,
    department: null,
    location: null,
    phone: null,
    mobile: null,
    email: null,
    organization: null,
    company_name: null,
    address: emptyAddress(),
    address_override: emptyAddress(),
    created_at: "",
    updated_at: "",
    archived_at: null,
    ...over,
  };
}

describe("format", () => {
  it("names a person by whichever names are known", () => {
    expect(personName({ first_name: "Ann", last_name: "Archer" })).toBe("Ann Archer");
    expect(personName({ first_name: null, last_name: "Archer" })).toBe("Archer");
  });

  it("lays out an address without blank lines", () => {
    expect(addressLines({ ...emptyAddress(), line1: "1 High St", city: "Leeds", postal_code: "LS1" })).toEqual([
      "1 High St",
      "LS1 Leeds",
    ]);
  });

  it("marks only the fields a linked person inherits", () => {
    const org = { id: "o", name: "Acme", account_number: null };
    const p = person({
      organization: org,
      address: { ...emptyAddress(), city: "Harrogate", line1: "1 High St" },
      address_override: { ...emptyAddress(), city: "Harrogate" },
    });
    expect(inheritedFields(p)).toEqual(["line1"]);
    expect(inheritedFields({ ...p, organization: null })).toEqual([]);
  });

  it("builds tel: and https: links", () => {
    expect(telHref("+44 (113) 496-0000 ext. 12")).toBe("tel:+44113496000012");
    expect(webHref("example.com")).toBe("https://example.com");
    expect(webHref("http://example.com")).toBe("https://example.com");
    expect(webHref("https://x.io/a")).toBe("https://x.io/a");
  });
});

describe("router", () => {
  it("round-trips routes through the hash", async () => {
    // router.svelte.ts touches window at import; keep the pure functions testable without it.
    const { parseRoute, hrefFor } = await import("./routes");
    for (const hash of ["#/organizations", "#/organizations/abc", "#/organizations/new?parent=p1", "#/people/x/edit", "#/settings", "#/statements", "#/import", "#/import/companies"]) {
      expect(hrefFor(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute("#/nonsense")).toEqual({ view: "today" });
  });
});

describe("files and times", async () => {
  const { fileSize, localMinute, endOfToday, showMinute } = await import("./format");
  it("shows sizes in binary units", () => {
    expect(fileSize(0)).toBe("0 B");
    expect(fileSize(1023)).toBe("1023 B");
    expect(fileSize(1536)).toBe("1.5 KB");
    expect(fileSize(5 * 1024 * 1024)).toBe("5.0 MB");
  });
  it("writes local minutes and the end of today", () => {
    const d = new Date(2026, 10, 22, 9, 5);
    expect(localMinute(d)).toBe("2026-11-22T09:05");
    expect(endOfToday(d)).toBe("2026-11-23T00:00");
    expect(endOfToday(new Date(2026, 11, 31, 23, 59))).toBe("2027-01-01T00:00");
    expect(showMinute("2026-11-22T09:05")).toBe("2026-11-22 09:05");
  });
});
