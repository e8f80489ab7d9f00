//! German for the refusals of the records: organizations, people, their team, notes, systems and their types, custom fields, activities, staff, lists, the stream, search, settings and the data dictionary.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // Organizations
    ("Name is required.", "Bitte einen Namen eingeben."),
    ("“{email}” is not an email address.", "„{email}“ ist keine E-Mail-Adresse."),
    (
        "Account number {number} is already used by {name}.",
        "Die Kundennummer {number} wird schon von {name} verwendet.",
    ),
    (
        "Account number {number} is already used by {name} (archived).",
        "Die Kundennummer {number} wird schon von {name} (archiviert) verwendet.",
    ),
    (
        "{A_organization} cannot be its own parent.",
        "{Organization} und {organization_g:übergeordneter|übergeordnete|übergeordnetes} {Organization} müssen verschieden sein.",
    ),
    (
        "That parent is one of this {organization}'s own {sites}; {a_organization} cannot be above itself.",
        "Die Auswahl für „Teil von“ ist selbst {site_g:einer|eine|eines} der eigenen {Sites}; {organization_g:ein|eine|ein} {Organization} kann nicht über sich selbst stehen.",
    ),
    (
        "The chosen parent {organization} no longer exists.",
        "{organization_g:Der gewählte übergeordnete|Die gewählte übergeordnete|Das gewählte übergeordnete} {Organization} existiert nicht mehr.",
    ),
    // People
    ("Enter a first or a last name.", "Bitte einen Vor- oder Nachnamen eingeben."),
    (
        "The chosen {organization} no longer exists.",
        "{organization_g:Der|Die|Das} gewählte {Organization} existiert nicht mehr.",
    ),
    (
        "One of the chosen {people} no longer exists or is already linked to {a_organization}.",
        "{person_g:Einer|Eine|Eines} der gewählten {People} existiert nicht mehr oder ist schon mit einem Eintrag unter „{Organizations}“ verknüpft.",
    ),
    ("{name} joined {organization_name}", "{name} gehört jetzt zu {organization_name}"),
    ("{name} left {organization_name}", "{name} gehört nicht mehr zu {organization_name}"),
    // Custom fields
    ("{label}: this field is required.", "{label}: Dieses Feld ist ein Pflichtfeld."),
    ("{label}: one line only.", "{label}: nur eine Zeile."),
    ("{label}: at most {max} characters.", "{label}: höchstens {max} Zeichen."),
    ("{label}: “{value}” is not {what}.", "{label}: „{value}“ ist {what}."),
    ("a single line of text", "keine einzelne Textzeile"),
    ("text", "kein Text"),
    ("a number", "keine Zahl"),
    ("a date (YYYY-MM-DD)", "kein Datum (JJJJ-MM-TT)"),
    ("yes or no", "weder ja noch nein"),
    ("one of the choices", "keine der Auswahlen"),
    ("a web address", "keine Webadresse"),
    ("an email address", "keine E-Mail-Adresse"),
    ("a phone number", "keine Telefonnummer"),
    (
        "{label}: “{value}” is not a number as Fieldbook keeps them: write decimals with a dot (like 2.5 or 1,200.50).",
        "{label}: „{value}“ ist keine Zahl, wie Fieldbook sie speichert: Dezimalstellen mit Punkt (wie 2.5 oder 1,200.50).",
    ),
    (
        "{label}: “{value}” is not one of the choices ({choices}).",
        "{label}: „{value}“ ist keine der Auswahlen ({choices}).",
    ),
    ("add custom fields", "eigene Felder hinzufügen"),
    ("change custom fields", "eigene Felder ändern"),
    ("remove custom fields", "eigene Felder entfernen"),
    ("restore custom fields", "eigene Felder wiederherstellen"),
    ("reorder custom fields", "eigene Felder umsortieren"),
    (
        "{records} can have at most {max} custom fields.",
        "{records} können höchstens {max} eigene Felder haben.",
    ),
    (
        "“{label}” is a field of {records}; add a new field for {other} instead.",
        "„{label}“ ist ein Feld für {records}; legen Sie stattdessen ein neues Feld für {other} an.",
    ),
    (
        "“{label}” cannot become {what}: {count} has a value that is not (like “{example}”). Change it first, or keep the field as it is.",
        "„{label}“ lässt sich nicht umstellen: {count} hat einen Wert, der {what} ist (wie „{example}“). Ändern Sie ihn zuerst, oder lassen Sie das Feld, wie es ist.",
    ),
    (
        "“{label}” cannot become {what}: {count} have a value that is not (like “{example}”). Change them first, or keep the field as it is.",
        "„{label}“ lässt sich nicht umstellen: {count} haben einen Wert, der {what} ist (wie „{example}“). Ändern Sie diese Werte zuerst, oder lassen Sie das Feld, wie es ist.",
    ),
    (
        "“{label}” has a value on {count}. Removing it archives it: it disappears from forms and pages, and its values are kept in case it is restored.",
        "„{label}“ ist ausgefüllt ({count}). Beim Entfernen wird das Feld archiviert: Es verschwindet aus Formularen und Seiten, und seine Werte bleiben erhalten, falls es wiederhergestellt wird.",
    ),
    (
        "Another field of {records} is called “{label}” now; rename it first.",
        "Ein anderes Feld für {records} heißt jetzt „{label}“; benennen Sie es zuerst um.",
    ),
    (
        "The fields of {records} changed meanwhile; reload and try again.",
        "Die Felder für {records} wurden inzwischen geändert; laden Sie neu, und versuchen Sie es noch einmal.",
    ),
    ("Label: a field needs a name.", "Bezeichnung: Ein Feld braucht einen Namen."),
    ("Label: at most {max} characters.", "Bezeichnung: höchstens {max} Zeichen."),
    (
        "Help text: one line of at most {max} characters.",
        "Hilfetext: eine Zeile mit höchstens {max} Zeichen.",
    ),
    ("Choices: each at most {max} characters.", "Auswahlmöglichkeiten: jeweils höchstens {max} Zeichen."),
    ("Choices: “{choice}” is there twice.", "Auswahlmöglichkeiten: „{choice}“ steht zweimal da."),
    (
        "Choices: a choice list needs at least one choice.",
        "Auswahlmöglichkeiten: Eine Auswahlliste braucht mindestens einen Eintrag.",
    ),
    ("Choices: at most {max}.", "Auswahlmöglichkeiten: höchstens {max}."),
    (
        "Label: {records} already have a field called “{built_in}”; choose another name.",
        "Bezeichnung: {records} haben schon ein Feld namens „{built_in}“; wählen Sie einen anderen Namen.",
    ),
    (
        "Label: {records} already have an archived custom field called “{label}”; restore it, or choose another name.",
        "Bezeichnung: {records} haben schon ein archiviertes eigenes Feld namens „{label}“; stellen Sie es wieder her, oder wählen Sie einen anderen Namen.",
    ),
    (
        "Label: {records} already have a custom field called “{label}”.",
        "Bezeichnung: {records} haben schon ein eigenes Feld namens „{label}“.",
    ),
    (
        "Choices: “{old}” is chosen on {count}. Change it first, or keep the choice.",
        "Auswahlmöglichkeiten: „{old}“ ist gewählt ({count}). Ändern Sie das zuerst, oder behalten Sie die Auswahl.",
    ),
    (
        "Choices: “{old}” is chosen on {count}. Change them first, or keep the choice.",
        "Auswahlmöglichkeiten: „{old}“ ist gewählt ({count}). Ändern Sie diese zuerst, oder behalten Sie die Auswahl.",
    ),
    (
        "A custom field of {records} was removed meanwhile; reload the form.",
        "Ein eigenes Feld für {records} wurde inzwischen entfernt; laden Sie das Formular neu.",
    ),
    // Activities
    (
        "Only a planned {activity} can be changed.",
        "Nur {activity_g:ein geplanter|eine geplante|ein geplantes} {Activity} kann geändert werden.",
    ),
    ("At most {max} characters, please.", "Bitte höchstens {max} Zeichen."),
    (
        "Say how it went: the outcome goes to the stream.",
        "Sagen Sie, wie es lief: Das Ergebnis kommt in den Verlauf.",
    ),
    (
        "This {activity} is already done or cancelled.",
        "{activity_g:Dieser|Diese|Dieses} {Activity} ist schon erledigt oder abgesagt.",
    ),
    ("Enter a subject.", "Bitte einen Betreff eingeben."),
    ("At most {max} characters.", "Höchstens {max} Zeichen."),
    ("Choose a type.", "Bitte einen Typ wählen."),
    (
        "“{value}” is not a date and time (YYYY-MM-DD HH:MM).",
        "„{value}“ ist kein Datum mit Uhrzeit (JJJJ-MM-TT HH:MM).",
    ),
    ("Choose a staff member from the list.", "Bitte einen Mitarbeiter aus der Liste wählen."),
    ("{name} is inactive.", "{name} ist inaktiv."),
    ("“{value}” is not a date and time.", "„{value}“ ist kein Datum mit Uhrzeit."),
    ("That date is out of range.", "Dieses Datum liegt außerhalb des möglichen Bereichs."),
    ("{type} done: {subject}", "{type} erledigt: {subject}"),
    ("{type} cancelled: {subject}", "{type} abgesagt: {subject}"),
    // Staff
    (
        "Nobody is chosen as this machine's user yet: pick who you are in Settings → Staff.",
        "Für diesen Rechner ist noch niemand gewählt: Wählen Sie unter Einstellungen → Mitarbeiter, wer Sie sind.",
    ),
    (
        "{name} is inactive; an admin can reactivate them.",
        "{name} ist inaktiv; ein Administrator kann die Person wieder aktivieren.",
    ),
    (
        "{name} is the only active admin; make someone else an admin first.",
        "{name} ist der einzige aktive Administrator; machen Sie zuerst jemand anderen zum Administrator.",
    ),
    ("You cannot delete yourself.", "Sie können sich nicht selbst löschen."),
    ("{name} is the only active admin.", "{name} ist der einzige aktive Administrator."),
    (
        "There is already a staff member called {name}; add a middle initial or a team name.",
        "Es gibt schon einen Mitarbeiter namens {name}; ergänzen Sie eine Initiale oder einen Teamnamen.",
    ),
    ("The name is required.", "Bitte einen Namen eingeben."),
    ("The name is longer than {max} characters.", "Der Name ist länger als {max} Zeichen."),
    ("Unknown role \"{role}\".", "Unbekannte Rolle „{role}“."),
    (
        "Only an admin can {what}; {name} is {role}.",
        "Nur ein Administrator kann {what}; {name} hat die Rolle „{role}“.",
    ),
    ("an admin", "Administrator"),
    ("an office member", "Büro"),
    ("a technician", "Techniker"),
    (
        "Only an admin can add an admin: add yourself as office or technician, and ask an admin.",
        "Nur ein Administrator kann einen Administrator hinzufügen: Legen Sie sich mit der Rolle Büro oder Techniker an, und bitten Sie einen Administrator darum.",
    ),
    ("add staff members", "Mitarbeiter hinzufügen"),
    ("edit staff members", "Mitarbeiter bearbeiten"),
    ("delete staff members", "Mitarbeiter löschen"),
    (
        "{name} has records to their name and cannot be deleted; deactivate them instead.",
        "Auf {name} sind Datensätze eingetragen, daher kann der Eintrag nicht gelöscht werden; deaktivieren Sie ihn stattdessen.",
    ),
    ("\"{email}\" is not an email address.", "„{email}“ ist keine E-Mail-Adresse."),
    // The team on a customer
    ("{name} is already {role} of {organization_name}.", "{name} ist schon {role} bei {organization_name}."),
    ("Choose {a_person} from the list.", "{Person}: Bitte einen Eintrag aus der Liste wählen."),
    (
        "{name} is already one of {organization_name}'s {people}.",
        "{name} ist schon {person_g:einer|eine|eines} der {People} von {organization_name}.",
    ),
    ("{name} is now {role}", "{name} ist jetzt {role}"),
    ("{name} is no longer {role}", "{name} ist nicht mehr {role}"),
    ("{name} is now {role} of {organization_name}", "{name} ist jetzt {role} bei {organization_name}"),
    (
        "{name} is no longer {role} of {organization_name}",
        "{name} ist nicht mehr {role} bei {organization_name}",
    ),
    (
        "{name} is the billing contact of {organization_name}; choose another billing contact first.",
        "{name} ist der Rechnungskontakt von {organization_name}; wählen Sie zuerst einen anderen Rechnungskontakt.",
    ),
    // Notes
    ("The note is empty.", "Die Notiz ist leer."),
    // Systems and their types
    ("Field {n} needs a label.", "Feld {n} braucht eine Bezeichnung."),
    ("There are two fields called “{label}”.", "Es gibt zwei Felder namens „{label}“."),
    ("There is already a type called “{name}”.", "Es gibt schon einen Typ namens „{name}“."),
    (
        "“{name}” is used by {count} {systems}; it cannot be deleted.",
        "„{name}“ wird noch verwendet ({Systems}: {count}); der Typ kann nicht gelöscht werden.",
    ),
    (
        "Removing {fields} deletes what was entered there.",
        "Beim Entfernen von {fields} wird gelöscht, was dort eingetragen ist.",
    ),
    ("The type of {a_system} cannot be changed.", "{System}: Der Typ lässt sich nachträglich nicht ändern."),
    ("{label} is required.", "{label} ist ein Pflichtfeld."),
    (
        "{label}: “{value}” is not an IP address (like 192.168.1.10 or fe80::1).",
        "{label}: „{value}“ ist keine IP-Adresse (wie 192.168.1.10 oder fe80::1).",
    ),
    (
        "{label}: “{value}” is not a web address (like https://router.local).",
        "{label}: „{value}“ ist keine Webadresse (wie https://router.local).",
    ),
    ("{label}: “{value}” is not a date (YYYY-MM-DD).", "{label}: „{value}“ ist kein Datum (JJJJ-MM-TT)."),
    ("{label}: “{value}” is not a number.", "{label}: „{value}“ ist keine Zahl."),
    (
        "{label}: a version has no spaces (like 7.2.1).",
        "{label}: Eine Version enthält keine Leerzeichen (wie 7.2.1).",
    ),
    ("{label}: control characters are not allowed.", "{label}: Steuerzeichen sind nicht erlaubt."),
    ("define {system} types", "{System}-Typen festlegen"),
    ("change {system} types and their fields", "{System}-Typen und ihre Felder ändern"),
    ("delete {system} types", "{System}-Typen löschen"),
    (
        "Field {n}: a new type cannot take another type's field.",
        "Feld {n}: Ein neuer Typ kann kein Feld eines anderen Typs übernehmen.",
    ),
    ("Field {n}: that field belongs to another type.", "Feld {n}: Dieses Feld gehört zu einem anderen Typ."),
    (
        "“{label}” has values, so it cannot become or stop being a secret field. Add a new field instead.",
        "„{label}“ hat schon Werte; deshalb lässt sich nicht mehr ändern, ob es ein geheimes Feld ist. Legen Sie stattdessen ein neues Feld an.",
    ),
    ("“{label}” ({n} value)", "„{label}“ ({n} Wert)"),
    ("“{label}” ({n} values)", "„{label}“ ({n} Werte)"),
    ("Added {system} {name} ({type})", "{System} {name} hinzugefügt ({type})"),
    ("name", "Name"),
    ("notes", "Notizen"),
    ("Changed {name}: {fields}", "{name} geändert: {fields}"),
    ("Revealed the {label} of {system_name}", "{label} von {system_name} angezeigt"),
    ("Copied the {label} of {system_name}", "{label} von {system_name} kopiert"),
    (
        "see what another member did with passwords",
        "sehen, was andere Mitarbeiter mit Passwörtern getan haben",
    ),
    (
        "A secret was sent for a field that is not a secret field.",
        "Ein geheimer Wert wurde für ein Feld gesendet, das nicht geheim ist.",
    ),
    (
        "A value was sent for a field this type does not have.",
        "Ein Wert wurde für ein Feld gesendet, das dieser Typ nicht hat.",
    ),
    (
        "{label} is secret and goes to the keyring.",
        "{label} ist geheim und wird im Schlüsselbund gespeichert.",
    ),
    // The data dictionary
    (
        "“{word}” would name both {one} and {other}; give each its own word.",
        "„{word}“ würde {one} und {other} bezeichnen; geben Sie jedem ein eigenes Wort.",
    ),
    ("{term}: the gender is m, f or n.", "{term}: Der Artikel ist m, f oder n."),
    ("rename the terms", "die Begriffe umbenennen"),
    ("There is no term “{key}” to rename.", "Es gibt keinen Begriff „{key}“, der umbenannt werden könnte."),
    ("the word for one", "das Wort für eines"),
    ("the word for several", "das Wort für mehrere"),
    ("{term}: {form} has at most {max} characters.", "{term}: {form} darf höchstens {max} Zeichen haben."),
    (
        "{term}: “{word}” is not a word people can read as {form}.",
        "{term}, {form}: „{word}“ ist kein lesbares Wort.",
    ),
    // Lists (roles, activity types)
    ("member role", "Rolle im Team"),
    ("contact role", "Rolle eines Kontakts"),
    ("{activity} type", "Typ für {Activities}"),
    (
        "The {what} “{name}” is used {uses} time; it cannot be removed. Rename it instead.",
        "„{name}“ ({what}) wird an {uses} Stelle verwendet und kann nicht entfernt werden. Benennen Sie den Eintrag stattdessen um.",
    ),
    (
        "The {what} “{name}” is used {uses} times; it cannot be removed. Rename it instead.",
        "„{name}“ ({what}) wird an {uses} Stellen verwendet und kann nicht entfernt werden. Benennen Sie den Eintrag stattdessen um.",
    ),
    ("Choose a {what} from the list.", "{what}: Bitte einen Eintrag aus der Liste wählen."),
    ("“{name}” is already in the list.", "„{name}“ steht schon in der Liste."),
    // Dates
    ("“{value}” is not a date (YYYY-MM-DD).", "„{value}“ ist kein Datum (JJJJ-MM-TT)."),
    // Links
    (
        "Only phone (tel:), email (mailto:) and web (https://, http://) links can be opened.",
        "Nur Telefon- (tel:), E-Mail- (mailto:) und Weblinks (https://, http://) können geöffnet werden.",
    ),
    ("A web address starts with https:// or http://.", "Eine Webadresse beginnt mit https:// oder http://."),
    // The stream
    (
        "Only posts can be deleted; this entry records what happened.",
        "Nur Beiträge können gelöscht werden; dieser Eintrag hält fest, was geschehen ist.",
    ),
    ("delete another person's post", "den Beitrag eines anderen löschen"),
    ("Write something first.", "Schreiben Sie zuerst etwas."),
    // Search
    ("Search for at most 200 characters.", "Der Suchtext darf höchstens 200 Zeichen lang sein."),
    ("{site} of {parent}", "{Site} von {parent}"),
    ("{type} at {organization_name}", "{type} bei {organization_name}"),
    ("Urgent note on {subject}", "Dringende Notiz zu {subject}"),
    ("Note on {subject}", "Notiz zu {subject}"),
    ("File on {owner}", "Datei zu {owner}"),
    // Settings
    (
        "The size limit must be between 1 and 10240 MiB.",
        "Die Größengrenze für Anhänge muss zwischen 1 und 10240 MiB liegen.",
    ),
];
