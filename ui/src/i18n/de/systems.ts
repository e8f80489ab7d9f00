// Deutsche Texte: systems (every key of ../en/systems.ts, translated).
import type en from "../en/systems";

export default {
  "systems.panel.title": "{Systems}",
  "systems.panel.add": "{System} hinzufügen",
  "systems.panel.defineTypeFirst": "Legen Sie zuerst einen {System}-Typ an",
  "systems.panel.empty": "Keine {Systems} erfasst.",
  "systems.panel.hide": "Verbergen",
  "systems.panel.reveal": "Anzeigen",
  "systems.panel.copied": "{label} kopiert. Die Zwischenablage wird in 30 Sekunden geleert.",
  "systems.panel.auditLog": "Protokoll der Passwortzugriffe",
  "systems.panel.auditAction":
    "{action, select, set {gesetzt} reveal {angezeigt} copy {kopiert} delete {gelöscht} other {{action}}}",
  "systems.panel.onMachine": "auf {machine}",
  "systems.panel.deleteTitle": "{name} löschen?",
  "systems.panel.deleteMessage":
    "Die Werte, die Passwörter im Schlüsselbund des Betriebssystems und die Dateien werden gelöscht. Das lässt sich nicht rückgängig machen; archivieren Sie stattdessen, um den Eintrag zu behalten.",
  "systems.form.editTitle": "{name} bearbeiten",
  "systems.form.newTitle": "{system_g, select, m {Neuer} f {Neue} other {Neues}} {System}",
  "systems.form.type": "Typ",
  "systems.form.storedSecret": "Im Schlüsselbund gespeichert – zum Ändern neu eingeben",
  "systems.form.removeStored": "Gespeicherten Wert entfernen",
  "systems.form.save": "{System} speichern",
  "systems.types.title": "{System}-Typen",
  "systems.types.new": "Neuer {System}-Typ",
  "systems.types.typeName": "Name des Typs",
  "systems.types.field": "Feld",
  "systems.types.required": "Pflichtfeld",
  "systems.types.fieldLabel": "Bezeichnung des Felds",
  "systems.types.fieldKind": "Art des Felds",
  "systems.types.moveUp": "Nach oben",
  "systems.types.moveDown": "Nach unten",
  "systems.types.removeField": "Feld entfernen",
  "systems.types.addField": "Feld hinzufügen",
  "systems.types.save": "Typ speichern",
  "systems.types.empty":
    "Noch keine {System}-Typen. Ein Typ legt fest, was zu einer Art von {system} erfasst wird: bei einem Router die IP-Adresse und das Admin-Passwort, bei einem Server die Version…",
  "systems.types.inUse": "{count, number} in Verwendung",
  "systems.types.removeTitle": "Felder mit Werten entfernen?",
  "systems.types.removeConfirm": "Ja, entfernen",
} satisfies Record<keyof typeof en, string>;
