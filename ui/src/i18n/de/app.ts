// Deutsche Texte: app (every key of ../en/app.ts, translated).
import type en from "../en/app";

export default {
  "app.nav.label": "Hauptnavigation",
  "app.back": "Zurück",
  "app.back.title": "Zurück (Alt+Pfeil links)",
  "app.forward": "Vorwärts",
  "app.forward.title": "Vorwärts (Alt+Pfeil rechts)",
  "app.search.shortcut": "Strg K",
  "app.nav.today": "Heute",
  "app.nav.agenda": "Meine Agenda",
  "app.nav.myOrganizations": "Meine {Organizations}",
  "app.nav.organizations": "{Organizations}",
  "app.nav.people": "{People}",
  "app.nav.tickets": "{Tickets}",
  "app.nav.contracts": "{Contracts}",
  "app.nav.statements": "Kontoauszüge",
  "app.nav.duplicates": "Duplikate",
  "app.nav.import": "Import & Export",
  "app.nav.conflicts": "Konflikte",
  "app.nav.settings": "Einstellungen",
  "app.backupWarning": "Keine Sicherung in den letzten 7 Tagen",
  "app.me.title": "Benutzer in den Einstellungen wechseln",
  "app.somethingWrong": "Etwas ist schiefgegangen.",
} satisfies Record<keyof typeof en, string>;
