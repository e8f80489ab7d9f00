// Deutsche Texte: lib (every key of ../en/lib.ts, translated).
import type en from "../en/lib";

export default {
  "lib.address.line1": "Adresszeile 1",
  "lib.address.line2": "Adresszeile 2",
  "lib.address.city": "Ort",
  "lib.address.region": "Region / Bundesland",
  "lib.address.postalCode": "Postleitzahl",
  "lib.address.country": "Land",
  "lib.fieldKind.text": "Text",
  "lib.fieldKind.multiline": "Mehrzeiliger Text",
  "lib.fieldKind.ipAddress": "IP-Adresse",
  "lib.fieldKind.url": "Webadresse",
  "lib.fieldKind.version": "Version",
  "lib.fieldKind.number": "Zahl",
  "lib.fieldKind.secret": "Geheim (im Schlüsselbund des Betriebssystems)",
  "lib.role.admin": "Administrator",
  "lib.role.admin.hint": "alles, auch Mitarbeiter und {System}-Typen",
  "lib.role.office": "Büro",
  "lib.role.office.hint": "Datensätze, Abrechnung und Importe",
  "lib.role.technician": "Techniker",
  "lib.role.technician.hint": "Datensätze, Notizen, Dateien und Zeiten",
  "lib.customKind.yesNo": "Ja/Nein",
  "lib.customKind.choice": "Auswahlliste",
} satisfies Record<keyof typeof en, string>;
