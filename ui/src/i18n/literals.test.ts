// Views write no words of their own: every text a person reads comes from the catalogues (so it
// is translated) and every record-kind word from the data dictionary (so a renamed term shows
// everywhere). Fails naming the file, the line and the text.
import { describe, expect, it } from "vitest";

/** Every view, component and module of the UI (not the catalogues, bindings or tests), as text. */
const SOURCES = Object.entries(
  import.meta.glob<string>(["../**/*.svelte", "../**/*.ts", "!../**/*.test.ts", "!../i18n/**", "!../bindings/**"], {
    query: "?raw",
    import: "default",
    eager: true,
  }),
).map(([path, text]) => ({ file: path.replace(/^\.\.\//, ""), text }));

/** Words that are names, the same in every language, and may stand alone in markup. */
const NAMES = new Set(["Fieldbook", "PostgreSQL", "CSV", "PDF", "vCard", "ISO", "OK"]);

/** Attributes a person reads (the others — class, name, data-*, href — are for the code). */
const READ_ATTRIBUTES = [
  "title", "placeholder", "aria-label", "alt", "aria-description", "aria-roledescription",
  // the components' props that are shown (Field, ConfirmDialog …)
  "label", "hint", "message", "confirmLabel", "help",
];

/** The default English words of the dictionary, as they would appear written out. */
const TERM_WORDS =
  /\b(Organi[sz]ations?|Sites?|Persons?|People|Systems?|Tickets?|Contracts?|Activit(y|ies))\b/;

/** Blanks out a range, keeping line breaks so line numbers stay right. */
const blank = (text: string) => text.replace(/[^\n]/g, " ");

/** Removes `{ … }` expressions (nested braces and strings inside them included). */
function withoutExpressions(markup: string): string {
  let out = "";
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < markup.length; i++) {
    const c = markup[i];
    if (depth === 0) {
      if (c === "{") {
        depth = 1;
        out += " ";
      } else out += c;
      continue;
    }
    if (quote) {
      if (c === "\\") {
        out += blank(markup.slice(i, i + 2));
        i++;
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
    out += c === "\n" ? "\n" : " ";
  }
  return out;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

/** Literal words in a component's markup: text between tags and read attributes. */
function markupProblems(source: string): string[] {
  let markup = source
    .replace(/<script[\s\S]*?<\/script>/g, blank)
    .replace(/<style[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank);
  markup = withoutExpressions(markup);
  const problems: string[] = [];
  const words = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w) && !NAMES.has(w));
  for (const m of markup.matchAll(/>([^<>]+)</g)) {
    if (words(m[1]).length) problems.push(`${lineOf(markup, m.index)}: text “${m[1].trim()}”`);
  }
  for (const attr of READ_ATTRIBUTES) {
    for (const m of markup.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, "g"))) {
      if (words(m[1]).length) problems.push(`${lineOf(markup, m.index)}: ${attr}="${m[1].trim()}"`);
    }
  }
  return problems;
}

/** String literals in code that read as words for people, or write a default term. */
function termProblems(code: string): string[] {
  const problems: string[] = [];
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:"'`])\/\/.*$/gm, (m) => blank(m));
  for (const m of withoutComments.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)) {
    const text = m[1] ?? m[2] ?? m[3] ?? "";
    if (/^(\.\.?\/|[a-z_:-]+$)/.test(text)) continue; // an import path or a code value
    // A default term anywhere, or anything that reads as a sentence ("Could not save.").
    if (TERM_WORDS.test(text) || /^\p{Lu}\p{Ll}*\s+\p{L}/u.test(text.replace(/\$\{[^}]*\}/g, "x"))) {
      problems.push(`${lineOf(withoutComments, m.index)}: “${text.slice(0, 80)}”`);
    }
  }
  return problems;
}

function scriptOf(source: string): string {
  return [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
}

describe("views take their words from the catalogues", () => {
  it("write no literal text in markup", () => {
    const problems = SOURCES.filter((s) => s.file.endsWith(".svelte")).flatMap((s) =>
      markupProblems(s.text).map((p) => `${s.file}:${p}`),
    );
    expect(problems).toEqual([]);
  });

  it("write no sentence and no default term in code", () => {
    const problems = SOURCES.flatMap((s) => {
      const code = s.file.endsWith(".svelte") ? scriptOf(s.text) : s.text;
      return termProblems(code).map((p) => `${s.file}:${p}`);
    });
    expect(problems).toEqual([]);
  });
});
