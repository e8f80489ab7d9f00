// The i18n layer: messages in the language in use with the dictionary's words, German genders,
// English articles, and a language or word change showing at once.
import { afterEach, describe, expect, it } from "vitest";
import { applyTermWords, DEFAULT_TERMS, i18n, inSentence, setLanguage, t, validTag } from "./index.svelte";

afterEach(() => setLanguage("en"));

describe("t", () => {
  it("puts the dictionary's words into English and German messages", () => {
    setLanguage("en");
    expect(t("organizations.new")).toBe("New organization");
    expect(t("common.organizationCount", { count: 1234 })).toBe("1,234 organizations");
    applyTermWords([{ key: "organization", singular: "Client", plural: "Clients", gender: null }]);
    expect(t("organizations.new")).toBe("New client");
    expect(t("members.contactOf.chooseOrganization")).toBe("Choose a client.");
    expect(t("app.nav.organizations")).toBe("Clients");

    setLanguage("de");
    expect(i18n.terms.organization.singular).toBe("Organisation");
    expect(t("organizations.new")).toBe("Neue Organisation");
    expect(t("common.organizationCount", { count: 1234 })).toBe("1.234 Organisationen");
    applyTermWords([{ key: "organization", singular: "Kunde", plural: "Kunden", gender: "m" }]);
    expect(t("organizations.new")).toBe("Neuer Kunde");
    expect(t("common.organizationCount", { count: 1 })).toBe("1 Kunde");
  });

  it("keeps abbreviations' capitals inside an English sentence, and German nouns'", () => {
    expect(inSentence("IT Asset", "en")).toBe("IT asset");
    expect(inSentence("Client Site", "en")).toBe("client site");
    expect(inSentence("Kunde", "de")).toBe("Kunde");
  });

  it("takes only locale tags Intl understands", () => {
    expect(validTag("de_DE")).toBe("de-DE");
    expect(validTag("de_AT.UTF-8")).toBe("de-AT");
    expect(validTag("C")).toBeNull();
    expect(validTag("C.UTF-8")).toBeNull();
    expect(validTag("POSIX")).toBeNull();
    expect(validTag(null)).toBeNull();
  });
});

describe("DEFAULT_TERMS", () => {
  it("has the core's default words and genders (crates/core/src/terms.rs), so a refusal and a view name the same thing", async () => {
    const source = (await import("../../../crates/core/src/terms.rs?raw")).default as string;
    const entries = [
      ...source.matchAll(/key: "(\w+)",\s*en: \("([^"]+)", "([^"]+)",[^)]*\),\s*de: \("([^"]+)", "([^"]+)", "([mfn])",/g),
    ];
    const core = Object.fromEntries(
      entries.flatMap(([, key, enOne, enMany, deOne, deMany, gender]) => [
        [`en.${key}`, { singular: enOne, plural: enMany, gender: null }],
        [`de.${key}`, { singular: deOne, plural: deMany, gender }],
      ]),
    );
    const ui = Object.fromEntries(
      (["en", "de"] as const).flatMap((language) =>
        Object.entries(DEFAULT_TERMS[language]).map(([key, words]) => [`${language}.${key}`, words]),
      ),
    );
    expect(entries.length).toBeGreaterThanOrEqual(7);
    expect(ui).toEqual(core);
  });
});
