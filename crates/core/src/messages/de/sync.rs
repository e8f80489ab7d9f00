//! German for the team database: the server, the replica, sync and recovery.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // sync/server.rs
    (
        "That is not a PostgreSQL address (postgres://user@host:port/database).",
        "Das ist keine PostgreSQL-Adresse (postgres://benutzer@host:port/datenbank).",
    ),
    (
        "That database already is a Fieldbook team database (data set {data_set}).",
        "Diese Datenbank ist bereits eine Fieldbook-Team-Datenbank (Datenbestand {data_set}).",
    ),
    (
        "That database is not empty ({others} tables or views) and not Fieldbook's; create an empty \
         database for the team.",
        "Diese Datenbank ist nicht leer ({others} Tabellen oder Sichten) und gehört nicht zu Fieldbook; \
         legen Sie eine leere Datenbank für das Team an.",
    ),
    (
        "That database is not a Fieldbook team database (run `team init` on an empty one).",
        "Diese Datenbank ist keine Fieldbook-Team-Datenbank (führen Sie `team init` auf einer leeren aus).",
    ),
    (
        "The team server was set up by a newer Fieldbook (server schema {schema}; this one knows {known}). \
         Update Fieldbook on this machine.",
        "Der Team-Server wurde von einer neueren Fieldbook-Version eingerichtet (Server-Schema {schema}; \
         diese kennt {known}). Aktualisieren Sie Fieldbook auf diesem Rechner.",
    ),
    ("The team server could not be checked.", "Der Team-Server konnte nicht geprüft werden."),
    (
        "The team server has an older schema ({schema}; this Fieldbook needs {needed}). The team's admin \
         upgrades it with `fieldbook-cli team upgrade`; until then this machine does not sync.",
        "Der Team-Server hat ein älteres Schema ({schema}; diese Fieldbook-Version braucht {needed}). Der \
         Administrator des Teams aktualisiert es mit `fieldbook-cli team upgrade`; bis dahin synchronisiert \
         dieser Rechner nicht.",
    ),
    (
        "The team server refused this login (was it removed from the team?).",
        "Der Team-Server hat diese Anmeldung abgelehnt (wurde der Benutzer aus dem Team entfernt?).",
    ),
    ("The connection to the team server was lost.", "Die Verbindung zum Team-Server ist abgebrochen."),
    (
        "The server already has a login called {login}.",
        "Auf dem Server gibt es bereits den Benutzernamen {login}.",
    ),
    (
        "Only the team server's admin, or a team member added as admin, can add members.",
        "Nur der Administrator des Team-Servers oder ein als Administrator hinzugefügtes Teammitglied kann \
         Mitglieder hinzufügen.",
    ),
    ("The server has no login called {login}.", "Auf dem Server gibt es keinen Benutzernamen {login}."),
    (
        "Only the team server's admin, or a team member added as admin, can remove members.",
        "Nur der Administrator des Team-Servers oder ein als Administrator hinzugefügtes Teammitglied kann \
         Mitglieder entfernen.",
    ),
    (
        "A login is letters, digits and underscores, starting with a letter (at most 63), e.g. ann_lee.",
        "Ein Benutzername besteht aus Buchstaben, Ziffern und Unterstrichen und beginnt mit einem Buchstaben \
         (höchstens 63 Zeichen), z. B. ann_lee.",
    ),
    (
        "The team server refused the user name or password.",
        "Der Team-Server hat den Benutzernamen oder das Passwort abgelehnt.",
    ),
    (
        "The team server does not let this login in (was it removed from the team?). Changes made on this \
         machine stay here; `fieldbook-cli team outbox --out FILE` writes them to a file.",
        "Der Team-Server lässt diese Anmeldung nicht zu (wurde der Benutzer aus dem Team entfernt?). \
         Änderungen auf diesem Rechner bleiben hier; `fieldbook-cli team outbox --out FILE` schreibt sie in \
         eine Datei.",
    ),
    (
        "The team server has no database of that name.",
        "Der Team-Server hat keine Datenbank mit diesem Namen.",
    ),
    (
        "A secure connection to {where_to} could not be made: the server's certificate is not signed by the \
         CA file chosen, or not made for that address (TLS).",
        "Eine sichere Verbindung zu {where_to} kam nicht zustande: Das Zertifikat des Servers ist nicht von \
         der gewählten CA-Datei signiert oder nicht für diese Adresse ausgestellt (TLS).",
    ),
    (
        "The team server at {where_to} does not answer; check the address and the network.",
        "Der Team-Server unter {where_to} antwortet nicht; prüfen Sie die Adresse und das Netzwerk.",
    ),
    (
        "A secure connection to {where_to} could not be made (TLS).",
        "Eine sichere Verbindung zu {where_to} kam nicht zustande (TLS).",
    ),
    (
        "The team server at {where_to} could not be reached.",
        "Der Team-Server unter {where_to} konnte nicht erreicht werden.",
    ),
    // sync/recovery.rs
    (
        "The recovery kit's key could not be made.",
        "Der Schlüssel des Wiederherstellungs-Kits konnte nicht erzeugt werden.",
    ),
    ("The recovery kit could not be sealed.", "Das Wiederherstellungs-Kit konnte nicht versiegelt werden."),
    (
        "That is not a Fieldbook recovery kit code (check what was typed).",
        "Das ist kein Code eines Fieldbook-Wiederherstellungs-Kits (prüfen Sie die Eingabe).",
    ),
    (
        "The code has {count} of its {total} characters (after FB1); check what was typed.",
        "Der Code hat {count} von {total} Zeichen (nach FB1); prüfen Sie die Eingabe.",
    ),
    (
        "The passphrase does not open this recovery kit (or the code was mistyped).",
        "Die Passphrase öffnet dieses Wiederherstellungs-Kit nicht (oder der Code wurde falsch eingegeben).",
    ),
    (
        "Choose a passphrase of at least {min} characters (a few words are easiest).",
        "Wählen Sie eine Passphrase mit mindestens {min} Zeichen (am einfachsten sind ein paar Wörter).",
    ),
    (
        "This machine has no team key yet; sync once, then print the kit.",
        "Dieser Rechner hat noch keinen Schlüssel des Teams; synchronisieren Sie einmal und drucken Sie dann \
         das Kit.",
    ),
    (
        "The team has no password vault yet (an admin's machine starts it when it syncs).",
        "Das Team hat noch keinen Passwort-Tresor (der Rechner eines Administrators legt ihn beim \
         Synchronisieren an).",
    ),
    (
        "This machine cannot read the team's passwords itself; print the kit on an admin's machine that can.",
        "Dieser Rechner kann die Passwörter des Teams nicht selbst lesen; drucken Sie das Kit auf einem \
         Administrator-Rechner, der sie lesen kann.",
    ),
    ("Recovery kit {date}", "Wiederherstellungs-Kit {date}"),
    ("Fieldbook — recovery kit for the team's passwords", "Fieldbook — Wiederherstellungs-Kit (Passwörter)"),
    ("Team server: {url}", "Team-Server: {url}"),
    ("Printed by {by}, {when}", "Gedruckt von {by}, {when}"),
    ("Kit fingerprint: {fingerprint}", "Fingerabdruck des Kits: {fingerprint}"),
    ("Recovery code", "Wiederherstellungscode"),
    // The page's lines are broken by hand: each at most as wide as the English's longest.
    (
        "Keep this page offline, somewhere safe (a safe, a sealed envelope with the company's papers).\n\
         It opens the team's passwords only together with the passphrase chosen when it was printed,\n\
         which is not on this page. Keep the passphrase apart from the page.",
        "Bewahren Sie diese Seite offline an einem sicheren Ort auf (in einem Tresor oder versiegelt\n\
         bei den Firmenunterlagen). Sie öffnet die Passwörter des Teams nur zusammen mit der beim\n\
         Drucken gewählten Passphrase, die nicht auf dieser Seite steht. Bewahren Sie beide getrennt auf.",
    ),
    (
        "When every admin's machine is lost: on a new machine, join the team with an admin's login,\n\
         then Settings → Team → Passwords → Restore with a recovery kit (or fieldbook-cli team recover),\n\
         and type this code and the passphrase. That machine can then approve the others again.",
        "Wenn die Rechner aller Administratoren verloren sind: Treten Sie auf einem neuen Rechner mit\n\
         dem Benutzernamen eines Administrators dem Team bei, wählen Sie Einstellungen → Team →\n\
         Passwörter → Mit einem Wiederherstellungs-Kit wiederherstellen (oder fieldbook-cli team recover)\n\
         und geben Sie diesen Code und die Passphrase ein. Danach kann dieser Rechner die\n\
         anderen wieder freigeben.",
    ),
    (
        "A lost or stolen kit: remove it in Settings → Team (the team's key changes), then print a new one.",
        "Ein verlorenes oder gestohlenes Kit: Entfernen Sie es unter Einstellungen → Team (der Schlüssel\n\
         des Teams ändert sich) und drucken Sie dann ein neues.",
    ),
    ("Fieldbook recovery kit", "Fieldbook-Wiederherstellungs-Kit"),
    (
        "This machine has not registered with the team yet; sync once, then restore.",
        "Dieser Rechner ist noch nicht beim Team angemeldet; synchronisieren Sie einmal und stellen Sie dann \
         wieder her.",
    ),
    (
        "The team server holds no key for this kit (it was withdrawn, or belongs to another team).",
        "Der Team-Server hat keinen Schlüssel für dieses Kit (es wurde zurückgezogen oder gehört zu einem \
         anderen Team).",
    ),
    // sync/blobs.rs
    (
        "This file has not reached the team server yet (the machine that added it has not synced).",
        "Diese Datei ist noch nicht auf dem Team-Server angekommen (der Rechner, der sie hinzugefügt hat, hat \
         noch nicht synchronisiert).",
    ),
    (
        "The file arrived damaged from the team server; try again.",
        "Die Datei kam beschädigt vom Team-Server an; versuchen Sie es erneut.",
    ),
    // sync/bulk.rs
    (
        "The indexes a team download set aside cannot be read back; the database needs repair.",
        "Die bei einem Team-Download zurückgestellten Indizes lassen sich nicht wiederherstellen; die \
         Datenbank muss repariert werden.",
    ),
    // sync/values.rs
    (
        "The team server sent a value for {column} that is not valid.",
        "Der Team-Server hat einen ungültigen Wert für {column} gesendet.",
    ),
    (
        "The team server sent a row key that is not valid.",
        "Der Team-Server hat einen ungültigen Zeilenschlüssel gesendet.",
    ),
];
