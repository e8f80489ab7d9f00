// Deutsche Texte: search (every key of ../en/search.ts, translated).
import type en from "../en/search";

export default {
  "search.label": "Suche",
  "search.placeholder": "Namen, Kundennummern, Telefonnummern, IPs, Notizen, Dateien suchen…",
  "search.includeArchived": "Archivierte einbeziehen",
  "search.kind.organization": "{Organizations}",
  "search.kind.person": "{People}",
  "search.kind.system": "{Systems}",
  "search.kind.note": "Notizen",
  "search.kind.file": "Dateien",
  "search.kind.ticket": "{Tickets}",
  "search.nothingFound": "Nichts gefunden.",
  "search.keys": "↑ ↓ zum Wechseln · Enter zum Öffnen · Esc zum Schließen",
} satisfies Record<keyof typeof en, string>;
