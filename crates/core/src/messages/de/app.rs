//! German for the app's own sentences (`src-tauri`: dialogs' titles and filters, refusals of its
//! commands) and the core's general ones (a record that is gone, a cancel, a failure).

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // A record that is gone (messages::not_found)
    (
        "That {organization} no longer exists.",
        "{organization_g:Dieser|Diese|Dieses} {Organization} existiert nicht mehr.",
    ),
    ("That {person} no longer exists.", "{person_g:Dieser|Diese|Dieses} {Person} existiert nicht mehr."),
    ("That {system} no longer exists.", "{system_g:Dieser|Diese|Dieses} {System} existiert nicht mehr."),
    ("That {ticket} no longer exists.", "{ticket_g:Dieser|Diese|Dieses} {Ticket} existiert nicht mehr."),
    (
        "That {contract} no longer exists.",
        "{contract_g:Dieser|Diese|Dieses} {Contract} existiert nicht mehr.",
    ),
    (
        "That {activity} no longer exists.",
        "{activity_g:Dieser|Diese|Dieses} {Activity} existiert nicht mehr.",
    ),
    ("That note no longer exists.", "Diese Notiz existiert nicht mehr."),
    ("That system type no longer exists.", "Dieser {System}-Typ existiert nicht mehr."),
    ("That entry no longer exists.", "Dieser Eintrag existiert nicht mehr."),
    ("That merge no longer exists.", "Diese Zusammenführung existiert nicht mehr."),
    ("That invoice no longer exists.", "Diese Rechnung existiert nicht mehr."),
    ("That conflict is already resolved.", "Dieser Konflikt ist schon gelöst."),
    ("That SLA no longer exists.", "Dieses SLA existiert nicht mehr."),
    ("That time entry no longer exists.", "Dieser Zeiteintrag existiert nicht mehr."),
    ("That staff member no longer exists.", "Dieser Mitarbeiter existiert nicht mehr."),
    ("That password no longer exists.", "Dieses Passwort existiert nicht mehr."),
    ("That team member no longer exists.", "Dieses Teammitglied existiert nicht mehr."),
    ("That list entry no longer exists.", "Dieser Listeneintrag existiert nicht mehr."),
    ("That import no longer exists.", "Dieser Import existiert nicht mehr."),
    ("That file no longer exists.", "Diese Datei existiert nicht mehr."),
    ("That email no longer exists.", "Diese E-Mail existiert nicht mehr."),
    ("That custom field no longer exists.", "Dieses eigene Feld existiert nicht mehr."),
    ("That call-back no longer exists.", "Dieser Rückruf existiert nicht mehr."),
    ("That record no longer exists.", "Dieser Datensatz existiert nicht mehr."),
    // General
    ("Cancelled; nothing was changed.", "Abgebrochen; es wurde nichts geändert."),
    (
        "Fieldbook could not complete that. Please try again; if it keeps happening, restart the app.",
        "Fieldbook konnte das nicht abschließen. Bitte versuchen Sie es noch einmal; wenn es wieder passiert, starten Sie die App neu.",
    ),
    // Dialogs: titles
    ("Add emails", "E-Mails hinzufügen"),
    ("Attach a file", "Datei anhängen"),
    ("Choose a backup", "Sicherung wählen"),
    ("Choose a file to import", "Datei zum Importieren wählen"),
    ("Choose a logo", "Logo wählen"),
    ("Choose the company logo", "Firmenlogo wählen"),
    ("Choose the team server's CA certificate", "CA-Zertifikat des Team-Servers wählen"),
    ("Export to CSV", "Als CSV exportieren"),
    ("Keep automatic backups in", "Automatische Sicherungen speichern in"),
    ("Save a copy", "Kopie speichern"),
    ("Save the backup", "Sicherung speichern"),
    ("Save the invoice", "Rechnung speichern"),
    ("Save the recovery kit", "Wiederherstellungs-Kit speichern"),
    ("Save the statement", "Kontoauszug speichern"),
    ("Save the statements in", "Kontoauszüge speichern in"),
    // Dialogs: file types
    ("All files", "Alle Dateien"),
    ("Certificates (PEM, CRT)", "Zertifikate (PEM, CRT)"),
    ("Email files (EML)", "E-Mail-Dateien (EML)"),
    ("Fieldbook backups", "Fieldbook-Sicherungen"),
    ("Images", "Bilder"),
    (
        "Spreadsheets and contacts (CSV, TSV, TXT, XLSX, XLS, ODS, VCF)",
        "Tabellen und Kontakte (CSV, TSV, TXT, XLSX, XLS, ODS, VCF)",
    ),
    // The app's refusals
    ("Choose a backup file first.", "Bitte zuerst eine Sicherung wählen."),
    ("Choose a file to import first.", "Bitte zuerst eine Datei zum Importieren wählen."),
    (
        "Choose a passphrase of at least 12 characters (a few words are easiest).",
        "Wählen Sie eine Passphrase mit mindestens 12 Zeichen (ein paar Wörter merken sich am leichtesten).",
    ),
    (
        "Choose the CA certificate the team server's certificate is signed with.",
        "Wählen Sie das CA-Zertifikat, mit dem das Zertifikat des Team-Servers signiert ist.",
    ),
    (
        "That CA file's location cannot be used; move it to a plainer folder name.",
        "Der Ort dieser CA-Datei ist nicht verwendbar; legen Sie sie in einen Ordner mit einfacherem Namen.",
    ),
    (
        "The server address may only say how to secure the connection (sslmode); choose the CA file with “Choose CA file…”.",
        "Die Serveradresse darf nur angeben, wie die Verbindung gesichert wird (sslmode); wählen Sie die CA-Datei mit „CA-Datei wählen…“.",
    ),
    ("Copying failed.", "Das Kopieren ist fehlgeschlagen."),
    ("The clipboard is not available.", "Die Zwischenablage ist nicht verfügbar."),
    (
        "No application on this computer could open it.",
        "Kein Programm auf diesem Computer konnte die Datei öffnen.",
    ),
    (
        "No application on this computer could open that file.",
        "Kein Programm auf diesem Computer konnte diese Datei öffnen.",
    ),
    (
        "No application on this computer could open that link.",
        "Kein Programm auf diesem Computer konnte diesen Link öffnen.",
    ),
    ("That record id is not valid.", "Diese Datensatz-ID ist ungültig."),
    (
        "This {person} has no email address.",
        "{person_g:Dieser|Diese|Dieses} {Person} hat keine E-Mail-Adresse.",
    ),
    ("The backup could not be checked.", "Die Sicherung konnte nicht geprüft werden."),
    ("The backup failed.", "Die Sicherung ist fehlgeschlagen."),
    ("The backup file cannot be read.", "Die Sicherungsdatei kann nicht gelesen werden."),
    (
        "The recovery kit could not be written there.",
        "Das Wiederherstellungs-Kit konnte dort nicht gespeichert werden.",
    ),
    ("The restore failed.", "Die Wiederherstellung ist fehlgeschlagen."),
    ("The statement could not be written there.", "Der Kontoauszug konnte dort nicht gespeichert werden."),
    ("The statement could not be written.", "Der Kontoauszug konnte nicht geschrieben werden."),
];
