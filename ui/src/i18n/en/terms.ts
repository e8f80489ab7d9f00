// English messages: terms (Settings → Terms). See ../index.svelte.ts for the term arguments.
export default {
  "terms.title": "Terms",
  "terms.hint":
    "The words your company uses for what Fieldbook keeps, in {language}: rename them and they show everywhere in the app. Leave a word blank for the usual one. Exports keep the usual column names, so files import anywhere.",
  "terms.usual": "Usual word",
  "terms.one": "Your word for one",
  "terms.several": "For several",
  "terms.gender": "Gender",
  "terms.one.label": "{word}: the word for one",
  "terms.several.label": "{word}: the word for several",
  "terms.gender.label": "{word}: gender",
  "terms.gender.m": "masculine",
  "terms.gender.f": "feminine",
  "terms.gender.n": "neuter",
  "terms.save": "Save terms",
} satisfies Record<`terms.${string}`, string>;
