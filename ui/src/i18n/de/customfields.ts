// Deutsche Texte: customfields (every key of ../en/customfields.ts, translated).
import type en from "../en/customfields";

export default {
  "customfields.title": "Eigene Felder",
  "customfields.recordChoice": "Felder für",
  "customfields.new": "Neues Feld",
  "customfields.intro":
    "Angaben, die Ihre Firma festhält und für die Fieldbook kein Feld hat (Servicestufe, Ort des Alarmcodes, bevorzugter Kurierdienst …). Sie erscheinen in Formularen und auf den Seiten; Auswahl- und Ja/Nein-Felder filtern die Listen.",
  "customfields.editor.new":
    "Neues Feld für {record, select, organization {{Organizations}} person {{People}} ticket {{Tickets}} other {{Contracts}}}",
  "customfields.editor.edit": "„{label}“ bearbeiten",
  "customfields.label": "Bezeichnung",
  "customfields.kindChange":
    "Vorher wird jeder Wert geprüft: {count, plural, one {# Datensatz hat einen} other {# Datensätze haben einen}}.",
  "customfields.choices": "Auswahlmöglichkeiten, eine pro Zeile",
  "customfields.help": "Hilfetext",
  "customfields.help.hint": "Wird in Formularen unter dem Feld angezeigt.",
  "customfields.required": "Pflichtfeld",
  "customfields.required.later":
    "Bereits gespeicherte Datensätze bleiben, wie sie sind; ihr Formular fragt beim nächsten Bearbeiten danach.",
  "customfields.askOnTicket": "Abfragen, wenn {ticket_g, select, f {eine} other {ein}} {Ticket} erfasst wird",
  "customfields.save": "Feld speichern",
  "customfields.empty":
    "Noch keine eigenen Felder für {record, select, organization {{Organizations}} person {{People}} ticket {{Tickets}} other {{Contracts}}}.",
  "customfields.column.field": "Feld",
  "customfields.column.inUse": "Verwendet",
  "customfields.column.actions": "Aktionen",
  "customfields.askedOnTickets": "Abfrage bei neuen {Tickets}",
  "customfields.moveUp": "{label} nach oben verschieben",
  "customfields.moveDown": "{label} nach unten verschieben",
  "customfields.kept": "{count} aufbewahrt",
  "customfields.archive.title": "„{label}“ archivieren?",
  "customfields.archive.confirm": "Archivieren",
} satisfies Record<keyof typeof en, string>;
