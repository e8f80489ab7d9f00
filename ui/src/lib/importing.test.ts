import { describe, expect, it } from "vitest";
import type { CompanyGroup } from "../bindings/CompanyGroup";
import { applySaved, decisions, headerKey, initialPlacement, targetFrom, targetKey } from "./importing";

describe("saved mappings", () => {
  it("compare headers without case, spaces or punctuation", () => {
    expect(headerKey("Kd.-Nr ")).toBe("kdnr");
    expect(headerKey("Straße")).toBe("straße");
  });
  it("override the automatic mapping and take a field from a guessed column", () => {
    const mapped = applySaved(["Town", "Firm", "Kd-Nr"], ["city", "ignore", "ignore"], [
      ["firm", "name"],
      ["KD NR", "account_number"],
      ["Other", "city"],
      ["town", "ignore"],
    ]);
    expect(mapped).toEqual(["ignore", "name", "account_number"]);
  });
});

const person = (id: string, by_domain = false) => ({ id, name: id, email: null, company_name: null, by_domain });
const groups: CompanyGroup[] = [
  { key: "delta", name: "Delta Ltd", people: [person("a"), person("b"), person("f", true)], existing: null, domain: null, same_domain: [] },
  {
    key: "gamma",
    name: "gamma",
    people: [person("d")],
    existing: { id: "org-g", name: "Gamma Inc", account_number: null },
    domain: null,
    same_domain: [],
  },
];

describe("the organization importer's review", () => {
  it("leaves people found only by email domain out at first", () => {
    expect(initialPlacement(groups)).toEqual({ a: "delta", b: "delta", f: null, d: "gamma" });
  });
  it("turns merges, moves and exclusions into decisions", () => {
    const placement = { ...initialPlacement(groups), f: "delta", b: null, d: "delta" };
    const reviews = {
      delta: { include: true, name: " Delta Ltd ", linkExisting: false },
      gamma: { include: true, name: "gamma", linkExisting: true },
    };
    expect(decisions(groups, reviews, placement)).toEqual([
      { people: ["a", "f", "d"], target: { type: "new", name: "Delta Ltd", account_number: null } },
    ]);
    const kept = { ...initialPlacement(groups) };
    expect(decisions(groups, reviews, kept)[1]).toEqual({ people: ["d"], target: { type: "existing", id: "org-g" } });
  });
});

describe("custom field targets", () => {
  it("are one string in a select and come back as the target", () => {
    expect(targetKey({ custom: "f1" })).toBe("custom:f1");
    expect(targetFrom("custom:f1")).toEqual({ custom: "f1" });
    expect(targetFrom(targetKey("email"))).toBe("email");
  });

  it("move to the column a saved mapping names", () => {
    const mapping = applySaved(["Tier", "Level"], [{ custom: "f1" }, "ignore"], [["level", { custom: "f1" }]]);
    expect(mapping).toEqual(["ignore", { custom: "f1" }]);
  });
});
