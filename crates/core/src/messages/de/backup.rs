//! German for backups, restores, the file store, logos and the data folder.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // backup/archive.rs
    (
        "Passwords are included, encrypted with the backup's passphrase.",
        "Passwörter sind enthalten, verschlüsselt mit der Passphrase der Sicherung.",
    ),
    (
        "Passwords are NOT in this backup: they live in the system keyring, under the service \"fieldbook\".",
        "Passwörter sind NICHT in dieser Sicherung, sondern im Schlüsselbund des Systems, unter dem Dienst „fieldbook“.",
    ),
    ("{name} changed size while being written", "Die Größe von {name} hat sich beim Schreiben geändert"),
    (
        "This backup is encrypted: enter its passphrase.",
        "Diese Sicherung ist verschlüsselt: Bitte geben Sie ihre Passphrase ein.",
    ),
    (
        "This backup is encrypted for a key, not with a passphrase; Fieldbook cannot open it.",
        "Diese Sicherung ist für einen Schlüssel verschlüsselt, nicht mit einer Passphrase; Fieldbook kann sie nicht öffnen.",
    ),
    (
        "The passphrase is not the one this backup was made with. Nothing was changed.",
        "Das ist nicht die Passphrase, mit der diese Sicherung erstellt wurde. Es wurde nichts geändert.",
    ),
    (
        "This backup's passphrase protection would take too long to open on this computer.",
        "Das Entsperren dieser Sicherung mit ihrer Passphrase würde auf diesem Computer zu lange dauern.",
    ),
    ("This file is not a Fieldbook backup.", "Diese Datei ist keine Fieldbook-Sicherung."),
    (
        "The backup file is incomplete: it ends before its contents do (was it copied completely?).",
        "Die Sicherungsdatei ist unvollständig: Ihr Inhalt bricht vorzeitig ab (wurde sie vollständig kopiert?).",
    ),
    (
        "The backup file is damaged: its contents do not match what was recorded when it was made.",
        "Die Sicherungsdatei ist beschädigt: Ihr Inhalt stimmt nicht mit dem überein, was beim Erstellen festgehalten wurde.",
    ),
    (
        "This backup was made by a newer Fieldbook; update Fieldbook first, then restore it.",
        "Diese Sicherung wurde mit einer neueren Version von Fieldbook erstellt; bitte aktualisieren Sie zuerst Fieldbook und stellen Sie sie dann wieder her.",
    ),
    // backup/auto.rs
    ("Keep between 1 and 365 backups.", "Es können zwischen 1 und 365 Sicherungen aufbewahrt werden."),
    (
        "That folder does not exist (is the drive connected?).",
        "Dieser Ordner existiert nicht (ist das Laufwerk angeschlossen?).",
    ),
    (
        "The backup folder is not there (is the drive connected?). No backup was made.",
        "Der Sicherungsordner ist nicht vorhanden (ist das Laufwerk angeschlossen?). Es wurde keine Sicherung erstellt.",
    ),
    // backup/create.rs
    (
        "Passwords can only be put in an encrypted backup: choose a passphrase.",
        "Passwörter können nur in eine verschlüsselte Sicherung aufgenommen werden: Bitte wählen Sie eine Passphrase.",
    ),
    (
        "There is no Fieldbook data to back up yet.",
        "Es gibt noch keine Fieldbook-Daten, die gesichert werden könnten.",
    ),
    (
        "An attached file in Fieldbook's file store is damaged (its contents no longer match), so the backup was not made.",
        "Eine angehängte Datei im Dateispeicher von Fieldbook ist beschädigt (ihr Inhalt stimmt nicht mehr), daher wurde die Sicherung nicht erstellt.",
    ),
    (
        "There is not enough free space in Fieldbook's data folder for the copy of the database a backup is made from. No backup file was made.",
        "Im Datenordner von Fieldbook ist nicht genug Speicherplatz frei für die Kopie der Datenbank, aus der eine Sicherung erstellt wird. Es wurde keine Sicherungsdatei angelegt.",
    ),
    // The reasons complete “… weil {why}.” below.
    (
        "there is not enough free space in the chosen folder",
        "im gewählten Ordner nicht genug Speicherplatz frei ist",
    ),
    (
        "the chosen folder is no longer there (was a drive removed?)",
        "der gewählte Ordner nicht mehr vorhanden ist (wurde ein Laufwerk entfernt?)",
    ),
    (
        "Fieldbook is not allowed to write to the chosen folder",
        "Fieldbook nicht in den gewählten Ordner schreiben darf",
    ),
    ("of an error: {error}", "ein Fehler aufgetreten ist: {error}"),
    (
        "The backup could not be written because {why}. No backup file was made.",
        "Die Sicherung konnte nicht geschrieben werden, weil {why}. Es wurde keine Sicherungsdatei angelegt.",
    ),
    ("Choose a file name for the backup.", "Bitte einen Dateinamen für die Sicherung wählen."),
    (
        "The chosen folder does not exist. No backup file was made.",
        "Der gewählte Ordner existiert nicht. Es wurde keine Sicherungsdatei angelegt.",
    ),
    (
        "The chosen name is a folder; choose a file name.",
        "Der gewählte Name ist ein Ordner; bitte einen Dateinamen wählen.",
    ),
    (
        "The backup cannot be written in the chosen folder ({error}).",
        "Die Sicherung kann im gewählten Ordner nicht geschrieben werden ({error}).",
    ),
    (
        "Another backup is being written to this file right now; wait for it to finish.",
        "In diese Datei wird gerade eine andere Sicherung geschrieben; bitte warten Sie, bis sie fertig ist.",
    ),
    (
        "{missing} attached file(s) are missing from Fieldbook's file store, so a complete backup cannot be made.",
        "{missing} angehängte Datei(en) fehlen im Dateispeicher von Fieldbook, daher kann keine vollständige Sicherung erstellt werden.",
    ),
    (
        "The passwords cannot be read for the backup: {error}",
        "Die Passwörter können für die Sicherung nicht gelesen werden: {error}",
    ),
    // backup/hashing.rs
    ("a file changed size while being backed up", "eine Datei hat während der Sicherung ihre Größe geändert"),
    // backup/mod.rs
    ("The backup file does not exist.", "Die Sicherungsdatei existiert nicht."),
    ("Fieldbook is not allowed to read the backup file.", "Fieldbook darf die Sicherungsdatei nicht lesen."),
    ("The backup file cannot be read ({error}).", "Die Sicherungsdatei kann nicht gelesen werden ({error})."),
    // backup/restore.rs
    (
        "The restore could not be completed; it will be finished the next time Fieldbook opens.",
        "Die Wiederherstellung konnte nicht abgeschlossen werden; sie wird beim nächsten Start von Fieldbook beendet.",
    ),
    (
        "A restore is already waiting to be finished: restart Fieldbook first.",
        "Eine Wiederherstellung wartet bereits darauf, abgeschlossen zu werden: Bitte starten Sie Fieldbook zuerst neu.",
    ),
    ("The database path has no file name.", "Der Pfad der Datenbank enthält keinen Dateinamen."),
    (
        "The backup's passwords cannot be put back, so nothing was restored: {error}",
        "Die Passwörter der Sicherung können nicht zurückgeschrieben werden, daher wurde nichts wiederhergestellt: {error}",
    ),
    (
        "A restore was interrupted and its record is unreadable; see the data folder.",
        "Eine Wiederherstellung wurde unterbrochen, und ihre Aufzeichnung ist nicht lesbar; bitte sehen Sie im Datenordner nach.",
    ),
    // backup/verify.rs
    (
        "The database inside the backup file is damaged (SQLite's integrity check failed).",
        "Die Datenbank in der Sicherungsdatei ist beschädigt (die Integritätsprüfung von SQLite ist fehlgeschlagen).",
    ),
    // db.rs
    (
        "SQLite's backup failed (codes {step}, {finish})",
        "Das Kopieren der Datenbank durch SQLite ist fehlgeschlagen (Codes {step}, {finish})",
    ),
    // files.rs
    ("“{name}” cannot be read: {error}.", "„{name}“ kann nicht gelesen werden: {error}."),
    ("“{name}” is a folder, not a file.", "„{name}“ ist ein Ordner, keine Datei."),
    (
        "The file is larger than the limit of {limit} MiB (Settings → Attachments). Nothing was attached.",
        "Die Datei ist größer als die Obergrenze von {limit} MiB (Einstellungen → Größter Anhang). Es wurde nichts angehängt.",
    ),
    // Entries of the stream, stored in the language they were written in.
    ("Attached {file} to {system_name}", "{file} an {system_name} angehängt"),
    (
        "Attached {file} to the {contract} “{contract_name}”",
        "{file} angehängt ({Contract} „{contract_name}“)",
    ),
    ("Attached {file}", "{file} angehängt"),
    ("Choose a file name, not a folder.", "Bitte einen Dateinamen wählen, keinen Ordner."),
    ("the file", "die Datei"),
    // locks.rs
    (
        "Fieldbook's data is being restored from a backup in another window or process; try again when that has finished.",
        "Die Daten von Fieldbook werden gerade in einem anderen Fenster oder Prozess aus einer Sicherung wiederhergestellt; bitte versuchen Sie es erneut, wenn das abgeschlossen ist.",
    ),
    (
        "Fieldbook is open in another window or process; close it and try again.",
        "Fieldbook ist in einem anderen Fenster oder Prozess geöffnet; bitte schließen Sie es und versuchen Sie es erneut.",
    ),
    // logos.rs
    ("A logo must be a PNG or JPEG image.", "Ein Logo muss ein PNG- oder JPEG-Bild sein."),
    ("A logo can be at most 5 MiB.", "Ein Logo darf höchstens 5 MiB groß sein."),
    // private_temp.rs
    (
        "{folder} is not a folder of Fieldbook's; refusing to write copies there",
        "{folder} ist kein Ordner von Fieldbook; dort werden keine Kopien abgelegt",
    ),
];
