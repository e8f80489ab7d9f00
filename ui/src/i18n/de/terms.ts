// Deutsche Texte: terms (every key of ../en/terms.ts, translated).
import type en from "../en/terms";

export default {
  "terms.title": "Begriffe",
  "terms.hint":
    "Die Wörter, die Ihre Firma für das verwendet, was Fieldbook verwaltet, auf {language}: Benennen Sie sie um, und sie erscheinen überall in der App. Ein leeres Feld steht für das übliche Wort. Exporte behalten die üblichen Spaltennamen, damit Dateien überall importiert werden können.",
  "terms.usual": "Übliches Wort",
  "terms.one": "Ihr Wort für eines",
  "terms.several": "Für mehrere",
  "terms.gender": "Artikel",
  "terms.one.label": "{word}: das Wort für eines",
  "terms.several.label": "{word}: das Wort für mehrere",
  "terms.gender.label": "{word}: Artikel",
  "terms.gender.m": "der",
  "terms.gender.f": "die",
  "terms.gender.n": "das",
  "terms.save": "Begriffe speichern",
} satisfies Record<keyof typeof en, string>;
