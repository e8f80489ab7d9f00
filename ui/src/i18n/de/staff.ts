// Deutsche Texte: staff (every key of ../en/staff.ts, translated).
import type en from "../en/staff";

export default {
  "staff.role": "Rolle",
  "staff.form.active": "Aktiv",
  "staff.form.activeHint": "(inaktive Mitarbeiter bleiben bei ihren Einträgen genannt, können aber nicht mehr ausgewählt werden)",
  "staff.title": "Mitarbeiter",
  "staff.you.prefix": "Auf diesem Computer sind Sie",
  "staff.you.switch": "Benutzer wechseln",
  "staff.you.switchTo": "Wechseln zu",
  "staff.choose": "Auswählen…",
  "staff.add": "Mitarbeiter hinzufügen",
  "staff.showInactive": "Inaktive zeigen",
  "staff.adminOnly": "Nur ein Administrator kann Mitarbeiter hinzufügen und bearbeiten.",
  "staff.newTitle": "Neuer Mitarbeiter",
  "staff.editTitle": "{name} bearbeiten",
  "staff.inactive": "inaktiv",
  "staff.youBadge": "Sie",
  "staff.passwordsUsed": "Verwendete Passwörter",
  "staff.audit.none": "{name} hat noch kein Passwort angezeigt, kopiert oder geändert.",
  "staff.audit.action":
    "{action, select, set {gesetzt} reveal {angezeigt} copy {kopiert} delete {gelöscht} other {{action}}}",
  "staff.audit.deletedSystem":
    "{system_g, select, m {ein gelöschter} f {eine gelöschte} other {ein gelöschtes}} {System}",
  "staff.audit.onMachine": "auf {machine}",
  "staff.deleteTitle": "{name} löschen?",
  "staff.deleteMessage":
    "Nur für versehentlich angelegte Mitarbeiter: Wer bereits Notizen, Rechnungen oder andere Einträge hat, wird stattdessen deaktiviert.",
  "staff.who.title": "Wer sind Sie?",
  "staff.who.intro":
    "Fieldbook vermerkt Ihren Namen bei den Notizen, die Sie hinzufügen, den Passwörtern, die Sie anzeigen, den Rechnungen, die Sie ausstellen, und allem anderen, was Sie auf diesem Computer tun.",
  "staff.who.staff": "Mitarbeiter",
  "staff.who.notListed": "Ich stehe nicht in der Liste",
  "staff.who.first":
    "Sie sind der erste Benutzer: Sie werden Administrator und können damit Kollegen hinzufügen und {System}-Typen festlegen.",
  "staff.who.addYourself": "Sich selbst hinzufügen",
  "staff.who.adminLater": "Ein Administrator kann Sie später zum Administrator machen.",
  "staff.who.namesInRecords": "Namen, die bereits in Ihren Daten stehen:",
  "staff.who.namesHint": "Wenn Sie sich unter einem dieser Namen hinzufügen, stehen die betreffenden Einträge unter Ihrem Namen.",
  "staff.who.start": "Fieldbook verwenden",
} satisfies Record<keyof typeof en, string>;
