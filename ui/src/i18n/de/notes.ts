// Deutsche Texte: notes (every key of ../en/notes.ts, translated).
import type en from "../en/notes";

export default {
  // Fällige Rückrufe
  "notes.callbacks.title": "Rückrufe",
  "notes.callbacks.intro": "Heute fällig und überfällig.",
  "notes.callbacks.none": "Heute ist kein Rückruf fällig.",
  // Die Notizen eines Eintrags
  "notes.add": "Notiz hinzufügen",
  "notes.note": "Notiz",
  "notes.urgent": "Dringend",
  "notes.callBack": "Rückruf",
  "notes.callBackAt": "Rückruf {time}",
  "notes.callBackDone": "erledigt",
  "notes.save": "Notiz speichern",
  "notes.none": "Keine Notizen.",
  "notes.calledBack": "Zurückgerufen",
  "notes.deleteTitle": "Diese Notiz löschen?",
  "notes.deleteMessage": "Sie wird für alle entfernt. Das kann nicht rückgängig gemacht werden.",
} satisfies Record<keyof typeof en, string>;
