// Deutsche Texte: settings (every key of ../en/settings.ts, translated).
import type en from "../en/settings";

export default {
  "settings.title": "Einstellungen",
  "settings.setUp": "Ihre Firma einrichten…",
  "settings.maxAttachment": "Größter Anhang (MiB)",
  "settings.maxAttachment.invalid": "Geben Sie eine ganze Zahl in MiB ein.",
  "settings.autoLink": "Neue {People} automatisch mit {Organizations} verknüpfen",
  "settings.autoLink.hint":
    "Wenn eingeschaltet, wird beim Speichern mit Firmennamen {organization_g, select, m {der gleichnamige} f {die gleichnamige} other {das gleichnamige}} {Organization} verknüpft (Inc, Ltd, GmbH und Satzzeichen zählen nicht) und angelegt, falls es noch keinen Eintrag dieses Namens gibt.",
  "settings.save": "Einstellungen speichern",
  "settings.language": "Sprache",
  "settings.language.system": "Sprache des Systems ({language})",
  "settings.language.hint":
    "Die Sprache von Fieldbook auf diesem Computer: Wörter, Zahlen, Beträge und Daten am Bildschirm und in Kontoauszügen und Rechnungen.",
  "settings.dates": "Datumsformat",
  "settings.dates.legend": "Wie ein Datum geschrieben und eingegeben wird",
  "settings.dates.language": "Wie in Ihrer Sprache ({example})",
  "settings.dates.iso": "ISO (2026-12-31)",
  "settings.dates.hint": "Gilt für Listen und Datumsfelder auf diesem Computer; ISO-Daten werden immer verstanden.",
} satisfies Record<keyof typeof en, string>;
