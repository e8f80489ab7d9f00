//! German for the organization importer, duplicates and merges.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // import/organizations.rs
    ("Not a company.", "{organization_g:Kein|Keine|Kein} {Organization}."),
    ("{A_person} needs a name.", "{person_g:Ein|Eine|Ein} {Person} braucht einen Namen."),
    (
        "Duplicate: the same email as row {first_row}.",
        "Doppelt: dieselbe E-Mail-Adresse wie in Zeile {first_row}.",
    ),
    ("{A_person} of {parent}.", "{person_g:Ein|Eine|Ein} {Person} von {parent}."),
    ("{A_person}.", "{person_g:Ein|Eine|Ein} {Person}."),
    ("“{value}” says neither company nor person.", "„{value}“ bedeutet weder {Organization} noch {Person}."),
    ("No company in this row.", "In dieser Zeile steht {organization_g:kein|keine|kein} {Organization}."),
    ("Nothing to import in this row.", "In dieser Zeile gibt es nichts zu importieren."),
    ("Neither a name nor an account number.", "Weder Name noch Kundennummer."),
    (
        "The same company as row {first} (an address book has a row per {person}).",
        "{organization_g:Derselbe|Dieselbe|Dasselbe} {Organization} wie in Zeile {first} (ein Adressbuch hat eine Zeile je {Person}).",
    ),
    ("Duplicate: the same name as row {first}.", "Doppelt: derselbe Name wie in Zeile {first}."),
    (
        "Duplicate: the same account number as row {first}.",
        "Doppelt: dieselbe Kundennummer wie in Zeile {first}.",
    ),
    (
        "Matches several {organizations} ({names}); add account numbers to tell them apart.",
        "Mehrere {Organizations} kommen infrage ({names}); ergänzen Sie Kundennummern, um sie zu unterscheiden.",
    ),
    (
        "Account number “{account}” already belongs to “{name}”.",
        "Die Kundennummer „{account}“ gehört schon zu „{name}“.",
    ),
    (
        "A new {organization} needs a name.",
        "{organization_g:Ein neuer|Eine neue|Ein neues} {Organization} braucht einen Namen.",
    ),
    (
        "The contact is the same as on row {first}; taken once.",
        "{person_g:Derselbe|Dieselbe|Dasselbe} {Person} wie in Zeile {first}; nur einmal übernommen.",
    ),
    (
        "Parent “{parent}” would make a loop of parents.",
        "Teil von „{parent}“ ergäbe einen Kreis: {Organizations} wären Teil von sich selbst.",
    ),
    (
        "Parent “{parent}” is the {organization} of row {row}, which has an error.",
        "Teil von „{parent}“: Das ist {organization_g:der|die|das} {Organization} aus Zeile {row}, und diese Zeile hat einen Fehler.",
    ),
    (
        "Parent “{parent}” was not found in the file or in Fieldbook (as an account number or a name).",
        "Teil von „{parent}“: weder in der Datei noch in Fieldbook gefunden (als Kundennummer oder Name).",
    ),
    ("{name} (account {account})", "{name} (Kundennummer {account})"),
    ("{name} (in Fieldbook)", "{name} (in Fieldbook vorhanden)"),
    ("{name} (row {row})", "{name} (Zeile {row})"),
    (" and {count} more", " und {count} weitere"),
    (
        "Parent “{parent}” matches several {organizations}: {found}{more}; use the account number.",
        "Teil von „{parent}“ ist nicht eindeutig, mehrere {Organizations} kommen infrage: {found}{more}; bitte die Kundennummer verwenden.",
    ),
    // import/organizer.rs
    ("Choose at least one {person} to link.", "Keine {People} zum Verknüpfen gewählt."),
    (
        "Each new {organization} needs a name.",
        "{organization_g:Jeder neue|Jede neue|Jedes neue} {Organization} braucht einen Namen.",
    ),
    (
        "{A_person} is in two groups; keep them in one.",
        "{person_g:Ein|Eine|Ein} {Person} ist in zwei Gruppen; bitte nur in einer lassen.",
    ),
    (
        "Someone in these groups was linked or deleted meanwhile; review the groups again.",
        "Jemand in diesen Gruppen wurde inzwischen verknüpft oder gelöscht; bitte prüfen Sie die Gruppen erneut.",
    ),
    // merge.rs
    ("Merged “{merged_name}” into “{kept_name}”", "„{merged_name}“ mit „{kept_name}“ zusammengeführt"),
    (
        "“{name}” was merged into “{into}”; change “{into}” instead, or undo the merge.",
        "„{name}“ ist in „{into}“ aufgegangen; ändern Sie stattdessen „{into}“ oder machen Sie die Zusammenführung rückgängig.",
    ),
    ("“{kept}” cannot be merged into itself.", "„{kept}“ kann nicht mit sich selbst zusammengeführt werden."),
    (
        "“{merged}” was already merged into another {organization}.",
        "{Organization} „{merged}“ ist schon in einem anderen Eintrag aufgegangen.",
    ),
    (
        "“{merged}” was already merged into another {person}.",
        "{Person} „{merged}“ ist schon in einem anderen Eintrag aufgegangen.",
    ),
    (
        "“{kept}” was merged into another {organization}; merge into that one instead.",
        "{Organization} „{kept}“ ist in einem anderen Eintrag aufgegangen; behalten Sie stattdessen jenen.",
    ),
    (
        "“{kept}” was merged into another {person}; merge into that one instead.",
        "{Person} „{kept}“ ist in einem anderen Eintrag aufgegangen; behalten Sie stattdessen jenen.",
    ),
    (
        "“{kept}” is one of “{merged}”’s own {sites}; {a_organization} cannot be merged into its own {site}. Merge “{kept}” into “{merged}” instead.",
        "„{kept}“ ist {site_g:einer|eine|eines} der {Sites} von „{merged}“; {organization_g:ein|eine|ein} {Organization} kann nicht in einem Teil von sich selbst aufgehen. Lassen Sie stattdessen „{kept}“ in „{merged}“ aufgehen.",
    ),
    (
        "“{merged}”’s parent is “{kept}” or one of its {sites}, so “{kept}” cannot take it; keep “{kept}”’s own parent. Nothing was merged.",
        "„{merged}“ ist Teil von „{kept}“ oder von {site_g:einem|einer|einem} {organization_g:seiner|ihrer|seiner} {Sites}, daher kann „{kept}“ das nicht übernehmen; behalten Sie für „{kept}“ das bisherige „Teil von“. Es wurde nichts zusammengeführt.",
    ),
    // merge/fields.rs
    ("Unknown field.", "Unbekanntes Feld."),
    // merge/moving.rs
    (
        "{left} of the {table} records could not be moved. Nothing was merged.",
        "{left} Datensätze der Tabelle {table} ließen sich nicht verschieben. Es wurde nichts zusammengeführt.",
    ),
    (
        "Both records have the same {table} entry, and the merged-away record’s one has {child} records attached; merging cannot combine them. Nothing was merged.",
        "Beide Datensätze haben denselben Eintrag in {table}, und an dem des aufgehenden Datensatzes hängen Datensätze in {child}; die Zusammenführung kann sie nicht vereinen. Es wurde nichts zusammengeführt.",
    ),
    (
        "Merging would break a rule of the {table} records ({reason}). Nothing was merged.",
        "Die Zusammenführung verstieße gegen eine Regel der Tabelle {table} ({reason}). Es wurde nichts zusammengeführt.",
    ),
    (
        "Undoing this merge would break a rule of the {table} records ({reason}). Nothing was undone.",
        "Das Rückgängigmachen dieser Zusammenführung verstieße gegen eine Regel der Tabelle {table} ({reason}). Es wurde nichts rückgängig gemacht.",
    ),
    // merge/rows.rs
    (
        "Merging does not know how to move {table}.{column}, which refers to {target} through a key other than its id. Nothing was merged.",
        "Die Zusammenführung kann {table}.{column} nicht verschieben: Die Spalte verweist über einen anderen Schlüssel als die ID auf {target}. Es wurde nichts zusammengeführt.",
    ),
    // merge/undo.rs
    ("This merge was already undone.", "Diese Zusammenführung wurde schon rückgängig gemacht."),
    (
        "“{name}” was changed after this merge; undoing it would lose that change. Nothing was undone.",
        "„{name}“ wurde nach dieser Zusammenführung geändert; beim Rückgängigmachen ginge diese Änderung verloren. Es wurde nichts rückgängig gemacht.",
    ),
    (
        "Something this merge moved to “{kept_name}” ({table}) was changed, moved or removed since; undoing the merge would lose that change. Nothing was undone.",
        "Etwas, das diese Zusammenführung zu „{kept_name}“ verschoben hat ({table}), wurde seitdem geändert, verschoben oder entfernt; beim Rückgängigmachen ginge diese Änderung verloren. Es wurde nichts rückgängig gemacht.",
    ),
    (
        "Undid the merge of “{merged_name}” into “{kept_name}”",
        "Zusammenführung von „{merged_name}“ mit „{kept_name}“ rückgängig gemacht",
    ),
    // duplicates.rs
    ("A record cannot be a duplicate of itself.", "Ein Eintrag kann kein Duplikat von sich selbst sein."),
];
