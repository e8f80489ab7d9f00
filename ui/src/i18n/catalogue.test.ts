// The catalogues: German has every English message, translated (a sentence left in English fails),
// every message is valid ICU and formats with the arguments English gives it, and no key sits in
// two areas.
import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import en, { AREAS as EN_AREAS } from "./en";
import de, { AREAS as DE_AREAS } from "./de";
import { DEFAULT_TERMS, TERM_KEYS } from "./index.svelte";

const TERM_ARGS = new Set(
  Object.entries(TERM_KEYS).flatMap(([one, many]) => [
    one,
    many,
    `${one}_g`,
    `a_${one}`,
    one.charAt(0).toUpperCase() + one.slice(1),
    many.charAt(0).toUpperCase() + many.slice(1),
  ]),
);

/** The arguments a message uses, with how (a plural or number needs a number; a select a word). */
function argumentsOf(elements: MessageFormatElement[], into = new Map<string, "number" | "select" | "text">()) {
  for (const el of elements) {
    if (el.type === TYPE.argument) into.set(el.value, into.get(el.value) ?? "text");
    if (el.type === TYPE.number || el.type === TYPE.plural) into.set(el.value, "number");
    if (el.type === TYPE.date || el.type === TYPE.time) into.set(el.value, "text");
    if (el.type === TYPE.select) into.set(el.value, "select");
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
  }
  return into;
}

function sampleValues(args: Map<string, "number" | "select" | "text">) {
  const values: Record<string, string | number> = {};
  for (const [name, kind] of args) values[name] = kind === "number" ? 2 : kind === "select" ? "other" : "x";
  for (const [key, words] of Object.entries(DEFAULT_TERMS.de)) values[`${key}_g`] = words.gender ?? "n";
  return values;
}

/** The words a message writes itself, in every branch. */
function literalText(elements: MessageFormatElement[]): string {
  return elements
    .map((el) => {
      if (el.type === TYPE.literal) return el.value;
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        return Object.values(el.options)
          .map((o) => literalText(o.value))
          .join(" ");
      }
      return " ";
    })
    .join("");
}

const own = (args: Map<string, unknown>) => [...args.keys()].filter((a) => !TERM_ARGS.has(a)).sort();

describe("catalogues", () => {
  it("has every area in both languages with the same keys", () => {
    expect(Object.keys(DE_AREAS).sort()).toEqual(Object.keys(EN_AREAS).sort());
    for (const [area, messages] of Object.entries(EN_AREAS)) {
      const german = DE_AREAS[area as keyof typeof DE_AREAS];
      expect(Object.keys(german).sort(), area).toEqual(Object.keys(messages).sort());
    }
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it("keeps each key in its own area, once", () => {
    const seen = new Map<string, string>();
    for (const [area, messages] of Object.entries(EN_AREAS)) {
      for (const key of Object.keys(messages)) {
        expect(key.startsWith(`${area}.`), `${key} is in ${area}`).toBe(true);
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${area}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });

  it("has valid messages with the same arguments in both languages", () => {
    const problems: string[] = [];
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      try {
        const enArgs = argumentsOf(parse(en[key], { ignoreTag: true }));
        const deArgs = argumentsOf(parse(de[key], { ignoreTag: true }));
        for (const a of [...deArgs.keys()]) {
          if (!enArgs.has(a) && !TERM_ARGS.has(a)) problems.push(`${key}: German uses {${a}}, English does not`);
        }
        const missing = own(enArgs).filter((a) => !deArgs.has(a));
        if (missing.length) problems.push(`${key}: German leaves out {${missing.join("}, {")}}`);
        for (const [language, text] of [
          ["en", en[key]],
          ["de", de[key]],
        ] as const) {
          const values = { ...sampleValues(enArgs), ...sampleValues(deArgs) };
          for (const term of TERM_ARGS) if (!term.endsWith("_g")) values[term] = "Wort";
          new IntlMessageFormat(text, language, undefined, { ignoreTag: true }).format(values);
        }
      } catch (e) {
        problems.push(`${key}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("translates every sentence into German", () => {
    // A single word may be the same in both languages ("Name", "Status"); a sentence may not.
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((key) => {
      if (de[key] !== en[key]) return false;
      return /\p{L}+\s+\p{L}+/u.test(literalText(parse(en[key], { ignoreTag: true })));
    });
    expect(untranslated).toEqual([]);
  });
});
