//! German for shared credentials: the vault, key rotation, the keyring and conflicts.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // secrets.rs
    (
        "No system keyring is available, so passwords cannot be stored or shown. Start your desktop's \
         keyring (GNOME Keyring, KWallet or KeePassXC with Secret Service) and restart Fieldbook. Nothing \
         was saved.",
        "Kein Schlüsselbund des Systems ist verfügbar, daher können Passwörter weder gespeichert noch \
         angezeigt werden. Starten Sie den Schlüsselbund Ihres Desktops (GNOME Keyring, KWallet oder \
         KeePassXC mit Secret Service) und starten Sie Fieldbook neu. Es wurde nichts gespeichert.",
    ),
    (
        "The system keyring is locked or refused access. Unlock your login keyring and try again. Nothing \
         was saved.",
        "Der Schlüsselbund des Systems ist gesperrt oder hat den Zugriff verweigert. Entsperren Sie Ihren \
         Anmelde-Schlüsselbund und versuchen Sie es erneut. Es wurde nichts gespeichert.",
    ),
    (
        "This password is no longer in the system keyring; enter it again.",
        "Dieses Passwort ist nicht mehr im Schlüsselbund des Systems; geben Sie es erneut ein.",
    ),
    (
        "The system keyring failed ({detail}). Nothing was saved.",
        "Der Schlüsselbund des Systems hat einen Fehler gemeldet ({detail}). Es wurde nichts gespeichert.",
    ),
    ("the stored value is not text", "der gespeicherte Wert ist kein Text"),
    ("the stored value is unreadable", "der gespeicherte Wert ist nicht lesbar"),
    ("keyring task failed: {error}", "Zugriff auf den Schlüsselbund fehlgeschlagen: {error}"),
    // sync/team.rs
    (
        "You cannot remove your own login from this machine.",
        "Ihren eigenen Benutzernamen können Sie nicht von diesem Rechner aus entfernen.",
    ),
    (
        "Keep files of 1 to 10,000 MB offline.",
        "Die größte offline behaltene Datei muss zwischen 1 und 10.000 MB liegen.",
    ),
    (
        "In a team, invoice numbers come from the team server so that they stay gap-free across machines, \
         and it cannot be reached now. Issue the invoice when connected; {tickets}, time and payments can be \
         recorded offline.",
        "In einem Team vergibt der Team-Server die Rechnungsnummern, damit sie auf allen Rechnern lückenlos \
         bleiben, und er ist gerade nicht erreichbar. Stellen Sie die Rechnung aus, sobald eine Verbindung \
         besteht; {Tickets}, Zeiteinträge und Zahlungen lassen sich offline erfassen.",
    ),
    ("This machine is not in a team.", "Dieser Rechner ist in keinem Team."),
    (
        "That team server already holds a team's data: join it instead of publishing.",
        "Dieser Team-Server enthält bereits die Daten eines Teams: Treten Sie dem Team bei, statt zu \
         veröffentlichen.",
    ),
    (
        "This machine has records of its own ({records}). Joining replaces them with the team's data; a \
         backup is made first. Choose to replace them, or cancel.",
        "Dieser Rechner hat eigene Datensätze ({records}). Der Beitritt ersetzt sie durch die Daten des \
         Teams; vorher wird eine Sicherung angelegt. Bestätigen Sie das Ersetzen, oder brechen Sie ab.",
    ),
    ("{count} {organization}", "{count} {Organization}"),
    ("{count} {organizations}", "{count} {Organizations}"),
    ("{count} {person}", "{count} {Person}"),
    ("{count} {people}", "{count} {People}"),
    ("{count} note", "{count} Notiz"),
    ("{count} notes", "{count} Notizen"),
    ("{count} {system}", "{count} {System}"),
    ("{count} {systems}", "{count} {Systems}"),
    ("{count} {ticket}", "{count} {Ticket}"),
    ("{count} {tickets}", "{count} {Tickets}"),
    ("{count} invoice", "{count} Rechnung"),
    ("{count} invoices", "{count} Rechnungen"),
    ("{count} file", "{count} Datei"),
    ("{count} files", "{count} Dateien"),
    (
        "The team server's data is not what this machine last synced with (it was restored from an older \
         backup, or the address now leads to another team). Sync has stopped and nothing was changed; this \
         machine's changes are kept. Ask your admin, then download the team's data again.",
        "Die Daten des Team-Servers sind nicht die, mit denen dieser Rechner zuletzt synchronisiert hat (sie \
         wurden aus einer älteren Sicherung wiederhergestellt, oder die Adresse führt jetzt zu einem anderen \
         Team). Die Synchronisierung ist angehalten, und nichts wurde geändert; die Änderungen dieses \
         Rechners bleiben erhalten. Fragen Sie Ihren Administrator und laden Sie dann die Daten des Teams \
         erneut herunter.",
    ),
    (
        "Sync has not stopped; there is nothing to download again.",
        "Die Synchronisierung ist nicht angehalten; es gibt nichts erneut herunterzuladen.",
    ),
    (
        "The server now holds another team's data. Leave this team (this machine keeps its records), then \
         join that one if it is yours.",
        "Der Server enthält jetzt die Daten eines anderen Teams. Verlassen Sie dieses Team (die Datensätze \
         bleiben auf diesem Rechner) und treten Sie dann dem anderen bei, wenn es Ihres ist.",
    ),
    (
        "{count} changed records have not reached the team server yet. Sync first, or leave anyway (they \
         stay on this machine only).",
        "{count} geänderte Datensätze sind noch nicht beim Team-Server angekommen. Synchronisieren Sie \
         zuerst, oder verlassen Sie das Team trotzdem (sie bleiben dann nur auf diesem Rechner).",
    ),
    (
        "This machine is already in a team; leave it first.",
        "Dieser Rechner ist bereits in einem Team; verlassen Sie es zuerst.",
    ),
    // sync/vault.rs
    ("this machine", "dieser Rechner"),
    ("A password could not be encrypted.", "Ein Passwort konnte nicht verschlüsselt werden."),
    (
        "That machine's public key is not readable.",
        "Der öffentliche Schlüssel dieses Rechners ist nicht lesbar.",
    ),
    (
        "The team's key could not be wrapped.",
        "Der Schlüssel des Teams konnte nicht für den Rechner verschlüsselt werden.",
    ),
    (
        "This machine's team key in the system keyring is damaged; leave the team and join again.",
        "Der Team-Schlüssel dieses Rechners im Schlüsselbund des Systems ist beschädigt; verlassen Sie das \
         Team und treten Sie erneut bei.",
    ),
    (
        "{label}: the team's copy of this password could not be opened here ({reason}). Enter it again to \
         save it anew.",
        "{label}: Die Kopie dieses Passworts im Team ließ sich hier nicht öffnen ({reason}). Geben Sie es \
         erneut ein, um es neu zu speichern.",
    ),
    (
        "{label}: this password was saved on another machine of the team and has not reached this one yet; \
         sync, then try again.",
        "{label}: Dieses Passwort wurde auf einem anderen Rechner des Teams gespeichert und ist hier noch \
         nicht angekommen; synchronisieren Sie und versuchen Sie es dann erneut.",
    ),
    (
        "{label}: this password was saved on another machine of the team, and this machine no longer \
         receives the team's passwords (it was removed).",
        "{label}: Dieses Passwort wurde auf einem anderen Rechner des Teams gespeichert, und dieser Rechner \
         erhält die Passwörter des Teams nicht mehr (er wurde entfernt).",
    ),
    (
        "{label}: this password was saved on another machine of the team. Passwords reach this machine once \
         an admin approves it: Settings → Team shows its fingerprint ({fingerprint}).",
        "{label}: Dieses Passwort wurde auf einem anderen Rechner des Teams gespeichert. Passwörter \
         erreichen diesen Rechner, sobald ein Administrator ihn freigibt: Einstellungen → Team zeigt seinen \
         Fingerabdruck ({fingerprint}).",
    ),
    (
        "{label}: this password was saved on another machine of the team. Passwords reach this machine once \
         an admin approves it: Settings → Team shows its fingerprint.",
        "{label}: Dieses Passwort wurde auf einem anderen Rechner des Teams gespeichert. Passwörter \
         erreichen diesen Rechner, sobald ein Administrator ihn freigibt: Einstellungen → Team zeigt seinen \
         Fingerabdruck.",
    ),
    ("No key", "Kein Schlüssel"),
    (
        "The team's key given to this machine cannot be opened with its key pair; ask an admin to approve \
         this machine again.",
        "Der Schlüssel des Teams für diesen Rechner lässt sich mit dessen Schlüsselpaar nicht öffnen; bitten \
         Sie einen Administrator, diesen Rechner erneut freizugeben.",
    ),
    (
        "its sealed value on the team server does not open (it was changed)",
        "sein versiegelter Wert auf dem Team-Server lässt sich nicht öffnen (er wurde verändert)",
    ),
    ("The team has no machine {which}.", "Das Team hat keinen Rechner {which}."),
    (
        "That machine's public key does not match its fingerprint; do not approve it.",
        "Der öffentliche Schlüssel dieses Rechners passt nicht zu seinem Fingerabdruck; geben Sie ihn nicht \
         frei.",
    ),
    (
        "This machine has no team key yet; sync once, then approve.",
        "Dieser Rechner hat noch keinen Schlüssel des Teams; synchronisieren Sie einmal und geben Sie dann \
         frei.",
    ),
    (
        "This machine cannot read the team's passwords itself, so it cannot pass them on; approve from an \
         admin's machine that can.",
        "Dieser Rechner kann die Passwörter des Teams nicht selbst lesen und sie daher nicht weitergeben; \
         geben Sie vom Rechner eines Administrators aus frei, der sie lesen kann.",
    ),
    ("The machine is gone from the team.", "Der Rechner ist nicht mehr im Team."),
    // sync/vault.rs: the team server's refusals (server-migrations/)
    (
        "This machine's id is registered with another login or key.",
        "Die Kennung dieses Rechners ist mit einem anderen Benutzernamen oder Schlüssel angemeldet.",
    ),
    (
        "This machine's id is registered with another login.",
        "Die Kennung dieses Rechners ist mit einem anderen Benutzernamen angemeldet.",
    ),
    ("A recovery kit keeps its key.", "Ein Wiederherstellungs-Kit behält seinen Schlüssel."),
    (
        "Only an admin's machine can start the team's password vault.",
        "Nur der Rechner eines Administrators kann den Passwort-Tresor des Teams anlegen.",
    ),
    (
        "This machine is not registered with the team server.",
        "Dieser Rechner ist nicht beim Team-Server angemeldet.",
    ),
    ("Only an admin can approve a machine.", "Nur ein Administrator kann einen Rechner freigeben."),
    (
        "Approve from a machine of yours that can read the team's passwords.",
        "Geben Sie von einem Ihrer Rechner aus frei, der die Passwörter des Teams lesen kann.",
    ),
    ("No such machine.", "Diesen Rechner gibt es nicht."),
    ("That machine was removed from the team.", "Dieser Rechner wurde aus dem Team entfernt."),
    (
        "That machine registered a new key meanwhile; compare its fingerprint again.",
        "Dieser Rechner hat inzwischen einen neuen Schlüssel angemeldet; vergleichen Sie seinen \
         Fingerabdruck erneut.",
    ),
    (
        "The team's key is being changed (a machine was removed); approve again once that is done.",
        "Der Schlüssel des Teams wird gerade gewechselt (ein Rechner wurde entfernt); geben Sie erneut frei, \
         sobald das erledigt ist.",
    ),
    (
        "The team's key changed meanwhile; approve again.",
        "Der Schlüssel des Teams hat sich inzwischen geändert; geben Sie erneut frei.",
    ),
    (
        "The key this machine holds is not the team's.",
        "Der Schlüssel auf diesem Rechner ist nicht der des Teams.",
    ),
    (
        "This machine is not approved to share passwords.",
        "Dieser Rechner ist nicht zum Teilen von Passwörtern freigegeben.",
    ),
    (
        "The team's key is about to change (a machine was removed).",
        "Der Schlüssel des Teams wird gleich gewechselt (ein Rechner wurde entfernt).",
    ),
    ("The team's key changed meanwhile.", "Der Schlüssel des Teams hat sich inzwischen geändert."),
    (
        "This machine is not approved to read the team's passwords.",
        "Dieser Rechner ist nicht zum Lesen der Passwörter des Teams freigegeben.",
    ),
    (
        "Only an admin can remove a machine, from a machine of theirs that reads the team's passwords.",
        "Nur ein Administrator kann einen Rechner entfernen, und zwar von einem seiner Rechner aus, der die \
         Passwörter des Teams liest.",
    ),
    (
        "A machine cannot remove itself; remove it from another admin's machine.",
        "Ein Rechner kann sich nicht selbst entfernen; entfernen Sie ihn vom Rechner eines anderen \
         Administrators aus.",
    ),
    (
        "Only an admin can change the team's key.",
        "Nur ein Administrator kann den Schlüssel des Teams wechseln.",
    ),
    (
        "A machine was approved meanwhile; start again.",
        "Inzwischen wurde ein Rechner freigegeben; beginnen Sie erneut.",
    ),
    ("No change of the team's key is under way.", "Es läuft kein Schlüsselwechsel des Teams."),
    (
        "Only an admin can print a recovery kit, from a machine of theirs that reads the team's passwords.",
        "Nur ein Administrator kann ein Wiederherstellungs-Kit drucken, und zwar von einem seiner Rechner \
         aus, der die Passwörter des Teams liest.",
    ),
    (
        "The team's key is being changed; print the kit once that is done.",
        "Der Schlüssel des Teams wird gerade gewechselt; drucken Sie das Kit, sobald das erledigt ist.",
    ),
    (
        "Only an admin can restore with a recovery kit.",
        "Nur ein Administrator kann mit einem Wiederherstellungs-Kit wiederherstellen.",
    ),
    (
        "That recovery kit is not the team's (or it was withdrawn).",
        "Dieses Wiederherstellungs-Kit gehört nicht zum Team (oder es wurde zurückgezogen).",
    ),
    (
        "The team's key changed meanwhile; try again.",
        "Der Schlüssel des Teams hat sich inzwischen geändert; versuchen Sie es erneut.",
    ),
    (
        "The key this recovery kit opened is not the team's.",
        "Der Schlüssel, den dieses Wiederherstellungs-Kit geöffnet hat, ist nicht der des Teams.",
    ),
    // sync/rotation.rs
    (
        "This machine was not given the team's new key; finish the change on another admin's machine.",
        "Dieser Rechner hat den neuen Schlüssel des Teams nicht erhalten; schließen Sie den Wechsel auf dem \
         Rechner eines anderen Administrators ab.",
    ),
    (
        "The team's key is still being changed: some passwords have not reached this machine yet. It goes on \
         with the next sync.",
        "Der Schlüssel des Teams wird noch gewechselt: Einige Passwörter sind noch nicht auf diesem Rechner \
         angekommen. Es geht mit der nächsten Synchronisierung weiter.",
    ),
    (
        "This machine has no team key yet; sync once, then remove the machine.",
        "Dieser Rechner hat noch keinen Schlüssel des Teams; synchronisieren Sie einmal und entfernen Sie \
         dann den Rechner.",
    ),
    // sync/conflicts.rs
    ("That field no longer exists.", "Dieses Feld gibt es nicht mehr."),
    (
        "That value is not allowed for the {field}; type another.",
        "Dieser Wert ist für „{field}“ nicht zulässig; geben Sie einen anderen ein.",
    ),
    (
        "That {field} is already used by another record; choose another value.",
        "Der Wert für „{field}“ wird schon von einem anderen Datensatz verwendet; wählen Sie einen anderen \
         Wert.",
    ),
    (
        "That record no longer exists; only “keep theirs” is possible.",
        "Diesen Datensatz gibt es nicht mehr; möglich ist nur noch „Wert des Servers behalten“.",
    ),
];
