import { describe, expect, it } from "vitest";
import type { CustomField } from "../bindings/CustomField";
import { fieldOfMessage, filterOptions, shownValue, valuesByField, valuesToSend } from "./customFields";

function field(over: Partial<CustomField>): CustomField {
  return {
    id: "f1",
    record: "organization",
    label: "Tier",
    kind: "text",
    required: false,
    help: null,
    choices: [],
    ask_on_ticket: false,
    position: 0,
    archived: false,
    values: 0,
    ...over,
  };
}

describe("custom fields", () => {
  const tier = field({ id: "a", label: "Tier", kind: "choice", choices: ["Gold", "Silver"] });
  const level = field({ id: "b", label: "Tier level", kind: "number" });

  it("keys values by field and sends every field shown, blank ones cleared", () => {
    const map = valuesByField([tier, level], [
      { field_id: "a", value: "Gold" },
      { field_id: "gone", value: "x" },
    ]);
    expect(map).toEqual({ a: "Gold", b: "" });
    map.b = " 12 ";
    expect(valuesToSend([tier, level], map)).toEqual([
      { field_id: "a", value: "Gold" },
      { field_id: "b", value: "12" },
    ]);
  });

  it("finds the field a message is about by its label, the longest label first", () => {
    expect(fieldOfMessage([tier, level], "Tier level: “x” is not a number.")?.id).toBe("b");
    expect(fieldOfMessage([tier, level], "Tier: this field is required.")?.id).toBe("a");
    expect(fieldOfMessage([tier, level], "A custom field was removed meanwhile; reload the form.")).toBeNull();
  });

  it("shows yes/no as words and numbers grouped, and offers a filter's options", () => {
    expect(shownValue(field({ kind: "yes_no" }), "yes")).toBe("Yes");
    expect(shownValue(field({ kind: "number" }), "1250.5", "en-GB")).toBe("1,250.5");
    expect(shownValue(field({ kind: "number" }), "1250.5", "de-DE")).toBe("1.250,5");
    expect(filterOptions(tier).map((o) => o.value)).toEqual(["Gold", "Silver"]);
    expect(filterOptions(field({ kind: "yes_no" })).map((o) => o.label)).toEqual(["Yes", "No"]);
  });
});
