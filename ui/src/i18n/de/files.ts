// Deutsche Texte: files (every key of ../en/files.ts, translated).
import type en from "../en/files";

export default {
  "files.title": "Dateien",
  "files.dropHint": "Ziehen Sie Dateien auf das Fenster, um sie anzuhängen.",
  "files.attach": "Datei anhängen…",
  "files.none": "Keine Dateien.",
  "files.size": "Größe",
  "files.type": "Typ",
  "files.added": "Hinzugefügt",
  "files.open": "Öffnen",
  "files.saveCopy": "Kopie speichern…",
  "files.alreadyRecorded": "Bereits im E-Mail-Protokoll: {names}.",
  "files.deleteTitle": "{name} löschen?",
  "files.deleteMessage": "Die Datei wird von diesem Eintrag entfernt. Das kann nicht rückgängig gemacht werden.",
} satisfies Record<keyof typeof en, string>;
