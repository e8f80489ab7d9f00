// Deutsche Texte: components (every key of ../en/components.ts, translated).
import type en from "../en/components";

export default {
  "components.address.none": "Keine Adresse.",
  "components.address.from": "von {from}",
  "components.address.inheritedFrom": "Übernommen von {from}",
  "components.customFilters.any": "{field}: alle",
  "components.discard.title": "Änderungen verwerfen?",
  "components.discard.message": "Was Sie in diesem Formular eingegeben haben, ist noch nicht gespeichert.",
  "components.discard.keepEditing": "Weiter bearbeiten",
  "components.field.dateExample": "Geben Sie ein Datum wie {example} ein.",
  "components.dateTime.time": "Uhrzeit",
  "components.dateTime.timeHint": "hh:mm",
  "components.dateTime.example": "Geben Sie ein Datum wie {example} und eine Uhrzeit wie 14:30 ein.",
  "components.picker.placeholder": "Zum Suchen tippen…",
  "components.picker.clear": "Auswahl entfernen: {label}",
  "components.picker.choices": "Vorschläge für {label}",
} satisfies Record<keyof typeof en, string>;
