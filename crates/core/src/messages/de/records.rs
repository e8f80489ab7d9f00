//! German for the refusals of the records: organizations, people, their team, notes, systems and their types, custom fields, activities, staff and the data dictionary.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // Organizations
    ("Name is required.", "Bitte einen Namen eingeben."),
    ("“{email}” is not an email address.", "„{email}“ ist keine E-Mail-Adresse."),
    ("Account number {number} is already used by {name}.", "Die Kundennummer {number} hat schon {name}."),
    (
        "Account number {number} is already used by {name} (archived).",
        "Die Kundennummer {number} hat schon {name} (archiviert).",
    ),
    (
        "{A_organization} cannot be its own parent.",
        "{Organization} und {organization_g:übergeordneter|übergeordnete|übergeordnetes} {Organization} müssen verschieden sein.",
    ),
    (
        "That parent is one of this {organization}'s own {sites}; {a_organization} cannot be above itself.",
        "Die Wahl gehört selbst zu den eigenen {Sites}; nichts kann über sich selbst stehen.",
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
        "Eine der gewählten {People} gibt es nicht mehr, oder sie ist schon mit {organization_g:einem|einer|einem} {Organization} verknüpft.",
    ),
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
    ("Choose a type.", "Bitte eine Art wählen."),
    (
        "“{value}” is not a date and time (YYYY-MM-DD HH:MM).",
        "„{value}“ ist kein Datum mit Uhrzeit (JJJJ-MM-TT HH:MM).",
    ),
    ("Choose a staff member from the list.", "Bitte einen Mitarbeiter aus der Liste wählen."),
    ("{name} is inactive.", "{name} ist inaktiv."),
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
    // The team on a customer
    ("{name} is already {role} of {organization_name}.", "{name} ist schon {role} bei {organization_name}."),
    ("Choose {a_person} from the list.", "Bitte {person_g:einen|eine|ein} {Person} aus der Liste wählen."),
    (
        "{name} is already one of {organization_name}'s {people}.",
        "{name} gehört schon zu den {People} von {organization_name}.",
    ),
    // Notes
    ("The note is empty.", "Die Notiz ist leer."),
    // Systems and their types
    ("Field {n} needs a label.", "Feld {n} braucht eine Bezeichnung."),
    ("There are two fields called “{label}”.", "Es gibt zwei Felder namens „{label}“."),
    ("There is already a type called “{name}”.", "Es gibt schon eine Art namens „{name}“."),
    (
        "“{name}” is used by {count} {systems}; it cannot be deleted.",
        "„{name}“ wird von {count} {Systems} verwendet; die Art kann nicht gelöscht werden.",
    ),
    (
        "Removing {fields} deletes what was entered there.",
        "Beim Entfernen von {fields} wird gelöscht, was dort eingetragen ist.",
    ),
    ("The type of {a_system} cannot be changed.", "{System}: Die Art lässt sich nachträglich nicht ändern."),
    ("{label} is required.", "{label} ist ein Pflichtfeld."),
    // The data dictionary
    (
        "“{word}” would name both {one} and {other}; give each its own word.",
        "„{word}“ würde {one} und {other} bezeichnen; geben Sie jedem ein eigenes Wort.",
    ),
    ("{term}: the gender is m, f or n.", "{term}: Der Artikel ist m, f oder n."),
];
