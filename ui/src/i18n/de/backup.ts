// Deutsche Texte: backup (every key of ../en/backup.ts, translated).
import type en from "../en/backup";

export default {
  "backup.title": "Datensicherung",
  "backup.phase.snapshot": "Datenbank wird kopiert",
  "backup.phase.writing": "Sicherung wird geschrieben",
  "backup.phase.reading": "Sicherung wird gelesen",
  "backup.phase.checking": "Datenbank wird geprüft",
  "backup.phase.replacing": "Daten werden eingesetzt",
  "backup.summary":
    "{orgs, plural, one {# {Organization}} other {# {Organizations}}}, {persons, plural, one {# {Person}} other {# {People}}}, {files, plural, one {# Datei} other {# Dateien}} ({fileBytes}); insgesamt {size}, erstellt {made}.",
  "backup.keepInvalid": "Geben Sie an, wie viele Sicherungen aufbewahrt werden sollen.",
  "backup.automaticSaved": "Automatische Sicherungen gespeichert.",
  "backup.automaticOff": "Automatische Sicherungen sind ausgeschaltet.",
  "backup.passphraseShort": "Verwenden Sie eine Passphrase mit mindestens 8 Zeichen.",
  "backup.passphraseDiffers": "Die beiden Passphrasen stimmen nicht überein.",
  "backup.made": "Sicherung erstellt: {summary} {passwords}",
  "backup.whole": "Die Sicherung ist vollständig: {summary} {passwords}",
  "backup.restored":
    "Wiederhergestellt: {summary} Fieldbook startet jetzt neu, um sie einzusetzen; Ihre bisherigen Daten bleiben im Datenordner unter „{folder}“ erhalten.",
  "backup.last": "Letzte Sicherung: {when}.",
  "backup.lastWithFile": "Letzte Sicherung: {when} ({file}).",
  "backup.none": "Auf diesem Computer wurde noch keine Sicherung erstellt.",
  "backup.stale":
    "Es gibt keine Sicherung aus den letzten 7 Tagen. Wählen Sie einen Ordner für automatische Sicherungen, oder sichern Sie jetzt.",
  "backup.lastFailed": "Die letzte automatische Sicherung ist fehlgeschlagen: {error}",
  "backup.automatic": "Automatische Sicherungen",
  "backup.automaticHint":
    "Einmal täglich, vor jedem Import und bevor ein Update von Fieldbook die Datenbank ändert — in einen Ordner Ihrer Wahl, etwa auf einem externen Laufwerk oder in einem synchronisierten Ordner. Sie sind nicht verschlüsselt und enthalten keine Passwörter.",
  "backup.folderOff": "Aus — kein Ordner gewählt",
  "backup.chooseFolder": "Ordner wählen…",
  "backup.turnOff": "Ausschalten",
  "backup.keepNewest": "Die neuesten",
  "backup.keepUnit": "Sicherungen behalten",
  "backup.now": "Jetzt sichern",
  "backup.nowHint":
    "Eine Datei mit der Datenbank und allen angehängten Dateien und Logos. Passwörter liegen im Schlüsselbund des Systems und sind nur dann in einer Sicherung enthalten, wenn Sie sie einschließen — verschlüsselt mit der Passphrase der Sicherung.",
  "backup.encrypt": "Mit einer Passphrase verschlüsseln",
  "backup.passphrase": "Passphrase",
  "backup.repeat": "Wiederholen",
  "backup.includePasswords": "Passwörter der {Systems} einschließen",
  "backup.passphraseHint":
    "Ohne die Passphrase lässt sich nichts in der Sicherung lesen, und sie kann nicht wiederhergestellt werden.",
  "backup.nowButton": "Jetzt sichern…",
  "backup.checkOrRestore": "Sicherung prüfen oder wiederherstellen",
  "backup.chooseFile": "Sicherungsdatei wählen…",
  "backup.chosenEncrypted": "{name} (verschlüsselt)",
  "backup.check": "Prüfen",
  "backup.restore": "Wiederherstellen…",
  "backup.restoreQuestion": "Diese Sicherung wiederherstellen?",
  "backup.confirm":
    "Alles in Fieldbook durch diese Sicherung ersetzen? Sie wird zuerst vollständig geprüft; dann startet Fieldbook neu. Ihre bisherigen Daten werden im Datenordner aufbewahrt, bis Sie sie entfernen.",
  "backup.confirmFrom":
    "Alles in Fieldbook durch diese Sicherung vom {when} ersetzen? Sie wird zuerst vollständig geprüft; dann startet Fieldbook neu. Ihre bisherigen Daten werden im Datenordner aufbewahrt, bis Sie sie entfernen.",
  "backup.restoreAndRestart": "Wiederherstellen und neu starten",
  "backup.dontRestore": "Nicht wiederherstellen",
  "backup.progress": "{phase} · {done} von {total}",
  "backup.working": "In Arbeit",
  "backup.cancelling": "Wird abgebrochen…",
} satisfies Record<keyof typeof en, string>;
