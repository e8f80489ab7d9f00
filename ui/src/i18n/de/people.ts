// Deutsche Texte: people (every key of ../en/people.ts, translated).
import type en from "../en/people";

export default {
  // Die Liste
  "people.list.title": "{People}",
  "people.new": "{person_g, select, m {Neuer} f {Neue} other {Neues}} {Person}",
  "people.list.searchPlaceholder": "Name, E-Mail, Telefon, Firma suchen…",
  "people.list.searchLabel": "{People} durchsuchen",
  "people.list.count": "{count, plural, one {# {Person}} other {# {People}}}",
  "people.list.noneMatch": "Keine passenden {People}.",
  "people.list.noneYet": "Noch keine {People}.",
  "people.list.organization": "{Organization}",
  "people.list.notLinked": "(nicht verknüpft)",
  // Die Seite einer Person
  "people.detail.sections": "Abschnitte von {name}",
  "people.detail.overview": "Übersicht",
  "people.detail.urgent": "{count, plural, other {# dringend}}",
  "people.detail.activities": "{Activities}",
  "people.detail.files": "Dateien",
  "people.detail.history": "Verlauf",
  "people.detail.at": "bei",
  "people.detail.notLinked": "nicht verknüpft",
  "people.detail.contact": "Kontakt",
  "people.detail.address": "Adresse",
  "people.detail.restoreTitle": "{name} wiederherstellen?",
  "people.detail.archiveTitle": "{name} archivieren?",
  "people.detail.restoreMessage": "Der Eintrag erscheint wieder in Listen.",
  "people.detail.archiveMessage":
    "Der Eintrag wird in Listen ausgeblendet (mit „Archivierte zeigen“ finden Sie ihn). Es wird nichts gelöscht.",
  // Felder (Seite und Formular)
  "people.jobTitle": "Position",
  "people.mobile": "Mobil",
  "people.location": "Büro",
  // Das Formular
  "people.form.edit": "{Person} bearbeiten",
  "people.form.saving": "Wird gespeichert…",
  "people.form.firstName": "Vorname",
  "people.form.lastName": "Nachname",
  "people.form.organization": "{Organization}",
  "people.form.company": "Firma (Freitext, wenn nicht verknüpft)",
  "people.form.department": "Abteilung",
  "people.form.locationHint": "Gebäude, Etage oder Raum.",
  "people.form.inheritHint":
    "Leere Felder übernehmen die Adresse von {name} und ändern sich mit, wenn {organization_g, select, m {der} f {die} other {das}} {Organization} umzieht.",
  "people.form.inherited": "{value} (übernommen)",
  "people.form.moreDetails": "Weitere Angaben",
} satisfies Record<keyof typeof en, string>;
