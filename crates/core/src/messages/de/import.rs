//! German for imports (files, workbooks, mappings, their history) and exports.

/// German for each English sentence.
pub(crate) const GERMAN: &[(&str, &str)] = &[
    // import/read.rs
    (
        "The sheet “{sheet}” is empty; choose another sheet.",
        "Das Tabellenblatt „{sheet}“ ist leer; bitte ein anderes wählen.",
    ),
    ("The file is empty.", "Die Datei ist leer."),
    ("The file has no text in it.", "Die Datei enthält keinen Text."),
    (
        "This does not look like a text file (it has control characters); export it as CSV or tab-delimited text.",
        "Das sieht nicht nach einer Textdatei aus (sie enthält Steuerzeichen); bitte als CSV oder als Text mit Tabulatoren exportieren.",
    ),
    ("The file has no rows.", "Die Datei hat keine Zeilen."),
    (
        "This is a workbook, not a delimited text file; choose it as a file to import instead.",
        "Das ist eine Arbeitsmappe, keine Textdatei mit Trennzeichen; bitte wählen Sie sie stattdessen als Datei zum Importieren.",
    ),
    ("This is a PDF, not a delimited text file.", "Das ist ein PDF, keine Textdatei mit Trennzeichen."),
    (
        "This does not look like a text file (it has zero bytes); export it as CSV or tab-delimited text.",
        "Das sieht nicht nach einer Textdatei aus (sie enthält Null-Bytes); bitte als CSV oder als Text mit Tabulatoren exportieren.",
    ),
    (
        "The start of the file is not valid {encoding} text (byte {byte}); choose its encoding by hand.",
        "Der Anfang der Datei ist kein gültiger {encoding}-Text (Byte {byte}); bitte die Zeichenkodierung von Hand wählen.",
    ),
    ("Column {number}", "Spalte {number}"),
    // Said after “This row” (German: „Diese Zeile“).
    (
        "runs past the {max} kB a cell may hold — an unterminated quote makes the rest of the file one cell, so nothing after this row was read. Close the quote, or save the file again from the spreadsheet.",
        "geht über die {max} kB hinaus, die eine Zelle fassen darf — ein nicht geschlossenes Anführungszeichen macht den Rest der Datei zu einer Zelle, daher wurde nach dieser Zeile nichts gelesen. Schließen Sie das Anführungszeichen, oder speichern Sie die Datei erneut aus der Tabellenkalkulation.",
    ),
    (
        "column {column} holds {size} — more than the {max} kB a cell may hold (an unterminated quote makes the rest of the file one cell).",
        "enthält in Spalte {column} {size} — mehr als die {max} kB, die eine Zelle fassen darf (ein nicht geschlossenes Anführungszeichen macht den Rest der Datei zu einer Zelle).",
    ),
    (
        "column {column} holds {size} — more than the {max} kB a cell may hold.",
        "enthält in Spalte {column} {size} — mehr als die {max} kB, die eine Zelle fassen darf.",
    ),
    (
        "has {values} values but the header has {columns} columns (is a quote left open?).",
        "hat {values} Werte, die Kopfzeile aber {columns} Spalten (ist ein Anführungszeichen offen geblieben?).",
    ),
    (
        "has {values} values but the header has {columns} columns.",
        "hat {values} Werte, die Kopfzeile aber {columns} Spalten.",
    ),
    // import/read.rs: the file
    ("The file could not be read: {detail}", "Die Datei konnte nicht gelesen werden: {detail}"),
    (
        "The file is not valid {encoding} text (around row {row}, byte {byte}): it may mix encodings. Choose its encoding by hand, or save it again as UTF-8.",
        "Die Datei ist kein gültiger {encoding}-Text (etwa Zeile {row}, Byte {byte}): Vielleicht mischt sie Zeichenkodierungen. Bitte die Zeichenkodierung von Hand wählen oder die Datei erneut als UTF-8 speichern.",
    ),
    (
        "The file is not valid {encoding} text (byte {byte}): it may mix encodings. Choose its encoding by hand, or save it again as UTF-8.",
        "Die Datei ist kein gültiger {encoding}-Text (Byte {byte}): Vielleicht mischt sie Zeichenkodierungen. Bitte die Zeichenkodierung von Hand wählen oder die Datei erneut als UTF-8 speichern.",
    ),
    (
        "“{name}” does not exist (was it moved or deleted?).",
        "„{name}“ existiert nicht (wurde die Datei verschoben oder gelöscht?).",
    ),
    ("Fieldbook may not read “{name}”.", "Fieldbook darf „{name}“ nicht lesen."),
    ("“{name}” could not be opened: {e}.", "„{name}“ konnte nicht geöffnet werden: {e}."),
    (
        "The file could not be read to the end ({e}); was it moved or changed while reading?",
        "Die Datei konnte nicht bis zum Ende gelesen werden ({e}); wurde sie beim Lesen verschoben oder geändert?",
    ),
    // import/workbook.rs
    (
        "This workbook has no visible worksheet to import.",
        "Diese Arbeitsmappe hat kein sichtbares Tabellenblatt zum Importieren.",
    ),
    ("This workbook has no sheet named “{name}”.", "Diese Arbeitsmappe hat kein Tabellenblatt „{name}“."),
    (
        "The sheet “{name}” has a cell beyond Excel's last row or column; save the workbook again from the spreadsheet.",
        "Das Tabellenblatt „{name}“ hat eine Zelle jenseits der letzten Zeile oder Spalte von Excel; bitte die Arbeitsmappe erneut aus der Tabellenkalkulation speichern.",
    ),
    (
        "This workbook could not be read ({e}); save it again and retry.",
        "Diese Arbeitsmappe konnte nicht gelesen werden ({e}); bitte erneut speichern und noch einmal versuchen.",
    ),
    (
        "The sheet “{name}” spans {rows} rows × {columns} columns, more than Fieldbook reads from an .ods file at once; save it as .xlsx or CSV (those are read a row at a time) and import that.",
        "Das Tabellenblatt „{name}“ umfasst {rows} Zeilen × {columns} Spalten, mehr als Fieldbook aus einer .ods-Datei auf einmal liest; bitte als .xlsx oder CSV speichern (diese werden Zeile für Zeile gelesen) und diese Datei importieren.",
    ),
    (
        "The sheets of this workbook span {total} cells together, more than Fieldbook reads from an .ods file at once; save it as .xlsx or CSV (those are read a row at a time) and import that.",
        "Die Tabellenblätter dieser Arbeitsmappe umfassen zusammen {total} Zellen, mehr als Fieldbook aus einer .ods-Datei auf einmal liest; bitte als .xlsx oder CSV speichern (diese werden Zeile für Zeile gelesen) und diese Datei importieren.",
    ),
    (
        "The cell holds more than the {max} kB a cell may hold.",
        "Die Zelle enthält mehr als die {max} kB, die eine Zelle fassen darf.",
    ),
    (
        "The cell shows the error {e}; fix it in the workbook first.",
        "Die Zelle zeigt den Fehler {e}; bitte zuerst in der Arbeitsmappe beheben.",
    ),
    (
        "This workbook is protected with a password. Open it in Excel or LibreOffice, remove the password (or save a copy without one), and import that copy.",
        "Diese Arbeitsmappe ist mit einem Kennwort geschützt. Öffnen Sie sie in Excel oder LibreOffice, entfernen Sie das Kennwort (oder speichern Sie eine Kopie ohne Kennwort), und importieren Sie diese Kopie.",
    ),
    (
        "This is a zip file but not a workbook Fieldbook can read (.xlsx, .xlsm, .xlsb or .ods); save it from the spreadsheet as a workbook or as CSV.",
        "Das ist eine ZIP-Datei, aber keine Arbeitsmappe, die Fieldbook lesen kann (.xlsx, .xlsm, .xlsb oder .ods); bitte aus der Tabellenkalkulation als Arbeitsmappe oder als CSV speichern.",
    ),
    (
        "This is an Office file but not a workbook Fieldbook can read (.xls); save it from the spreadsheet as .xlsx or as CSV.",
        "Das ist eine Office-Datei, aber keine Arbeitsmappe, die Fieldbook lesen kann (.xls); bitte aus der Tabellenkalkulation als .xlsx oder als CSV speichern.",
    ),
    (
        "The sheet “{name}” could not be read ({e}); save the workbook again and retry.",
        "Das Tabellenblatt „{name}“ konnte nicht gelesen werden ({e}); bitte die Arbeitsmappe erneut speichern und noch einmal versuchen.",
    ),
    // import/mapping.rs
    (
        "The mapping has {mapped} columns but the file has {columns}.",
        "Die Zuordnung hat {mapped} Spalten, die Datei aber {columns}.",
    ),
    (
        "Column “{column}” cannot go to {target} when importing {organizations}.",
        "Spalte „{column}“ kann nicht in {target} übernommen werden, wenn {Organizations} importiert werden.",
    ),
    (
        "Column “{column}” cannot go to {target} when importing {people}.",
        "Spalte „{column}“ kann nicht in {target} übernommen werden, wenn {People} importiert werden.",
    ),
    (
        "Columns “{first}” and “{second}” both go to {field}; choose “Do not import” for one.",
        "Die Spalten „{first}“ und „{second}“ gehen beide in das Feld „{field}“; bitte für eine davon „Nicht importieren“ wählen.",
    ),
    (
        "Map a Name (or Account number) column to import {organizations}.",
        "Ordnen Sie eine Spalte dem Feld „Name“ (oder „Kundennummer“) zu, um {Organizations} zu importieren.",
    ),
    (
        "Map a First name, Last name or Full name column to import {people}.",
        "Ordnen Sie eine Spalte dem Feld „Vorname“, „Nachname“ oder „Vollständiger Name“ zu, um {People} zu importieren.",
    ),
    // import/mapping.rs: the fields' labels (mapping screen, changed fields)
    ("Do not import", "Nicht importieren"),
    ("Add to notes", "Zu den Notizen hinzufügen"),
    ("a custom field", "ein eigenes Feld"),
    ("Account number", "Kundennummer"),
    ("DBA name", "Handelsname"),
    (
        "Parent (account number or name)",
        "{organization_g:Übergeordneter|Übergeordnete|Übergeordnetes} {Organization} (Kundennummer oder Name)",
    ),
    ("Address line 1", "Adresszeile 1"),
    ("Address line 2", "Adresszeile 2"),
    ("City", "Ort"),
    ("Region", "Region / Bundesland"),
    ("Postal code", "Postleitzahl"),
    ("Country", "Land"),
    ("Phone", "Telefon"),
    ("Email", "E-Mail"),
    ("Notes", "Notizen"),
    ("Archived", "Archiviert"),
    ("Contact: first name", "{Person}: Vorname"),
    ("Contact: last name", "{Person}: Nachname"),
    ("Contact: full name", "{Person}: vollständiger Name"),
    ("Contact: job title", "{Person}: Position"),
    ("Contact: email", "{Person}: E-Mail"),
    ("Contact: phone", "{Person}: Telefon"),
    ("Contact: mobile", "{Person}: Mobil"),
    (
        "Row is a company (else a person)",
        "Zeile ist {organization_g:ein|eine|ein} {Organization} (sonst {person_g:ein|eine|ein} {Person})",
    ),
    ("First name", "Vorname"),
    ("Last name", "Nachname"),
    ("Full name", "Vollständiger Name"),
    ("Job title", "Position"),
    ("Department", "Abteilung"),
    ("Location", "Büro"),
    ("Mobile", "Mobil"),
    ("Company", "{Organization}"),
    ("Company account number", "{Organization}: Kundennummer"),
    // import/exports.rs, import/vcard.rs: the exports recognised
    ("Xero contacts export", "Kontaktexport aus Xero"),
    ("QuickBooks Desktop customer list", "Kundenliste aus QuickBooks Desktop"),
    ("QuickBooks Online customer list", "Kundenliste aus QuickBooks Online"),
    ("Sage 50 customer list", "Kundenliste aus Sage 50"),
    ("Sage 50 customer export", "Kundenexport aus Sage 50"),
    ("Sage Accounting contacts export", "Kontaktexport aus Sage Accounting"),
    ("FreshBooks clients export", "Kundenexport aus FreshBooks"),
    ("Zoho Books contacts export", "Kontaktexport aus Zoho Books"),
    ("HubSpot companies export", "Firmenexport aus HubSpot"),
    ("HubSpot contacts export", "Kontaktexport aus HubSpot"),
    ("Salesforce accounts export", "Account-Export aus Salesforce"),
    ("Salesforce contacts export", "Kontaktexport aus Salesforce"),
    ("Salesforce accounts report", "Account-Bericht aus Salesforce"),
    ("Salesforce contacts report", "Kontaktbericht aus Salesforce"),
    ("Pipedrive organizations export", "Organisationsexport aus Pipedrive"),
    ("Pipedrive people export", "Personenexport aus Pipedrive"),
    ("Zoho CRM accounts export", "Account-Export aus Zoho CRM"),
    ("Zoho CRM contacts export", "Kontaktexport aus Zoho CRM"),
    ("Odoo contacts export", "Kontaktexport aus Odoo"),
    ("ITFlow clients export", "Kundenexport aus ITFlow"),
    ("ITFlow contacts export", "Kontaktexport aus ITFlow"),
    ("Autotask organizations export", "Organisationsexport aus Autotask"),
    ("Autotask contacts export", "Kontaktexport aus Autotask"),
    ("ConnectWise companies export", "Firmenexport aus ConnectWise"),
    ("HaloPSA users export", "Benutzerexport aus HaloPSA"),
    ("HaloPSA sites export", "Standortexport aus HaloPSA"),
    ("Syncro customers export", "Kundenexport aus Syncro"),
    ("Syncro contacts export", "Kontaktexport aus Syncro"),
    ("Outlook contacts export", "Kontaktexport aus Outlook"),
    ("Google Contacts export", "Export aus Google Kontakte"),
    ("Apple Contacts export", "Export aus Apple Kontakte"),
    // import/mod.rs
    ("Row {row}, column “{column}”: {message}", "Zeile {row}, Spalte „{column}“: {message}"),
    ("Row {row}: {message}", "Zeile {row}: {message}"),
    ("{export} of {company} (from the file name)", "{export} für {company} (laut Dateiname)"),
    (
        "The file changed since the preview; preview it again before importing.",
        "Die Datei hat sich seit der Vorschau geändert; bitte vor dem Import erneut eine Vorschau erstellen.",
    ),
    (
        "The data changed since the preview (the counts differ); preview it again before importing.",
        "Die Daten haben sich seit der Vorschau geändert (die Zahlen weichen ab); bitte vor dem Import erneut eine Vorschau erstellen.",
    ),
    (
        "Nothing to import: every row is skipped or has an error.",
        "Nichts zu importieren: Jede Zeile wird übersprungen oder hat einen Fehler.",
    ),
    (
        "The file changed while it was being imported; nothing was imported.",
        "Die Datei hat sich während des Imports geändert; es wurde nichts importiert.",
    ),
    (
        "The import was cancelled; nothing was imported.",
        "Der Import wurde abgebrochen; es wurde nichts importiert.",
    ),
    // import/run.rs
    (
        "A vCard file holds {people}: import it as {People} (their companies then go through the {organization} importer).",
        "Eine vCard-Datei enthält {People}: Importieren Sie sie als {People} (ihre Firmen laufen dann durch „{Organizations} aus Firmennamen“).",
    ),
    ("This row {message}", "Diese Zeile {message}"),
    ("The file has a header row but no data rows.", "Die Datei hat eine Kopfzeile, aber keine Datenzeilen."),
    ("The file has no data rows.", "Die Datei hat keine Datenzeilen."),
    // import/custom.rs
    (
        "Column “{column}” goes to a custom field that was removed or archived; choose another field for it.",
        "Spalte „{column}“ geht in ein eigenes Feld, das entfernt oder archiviert wurde; bitte ein anderes Feld dafür wählen.",
    ),
    // import/vcard.rs
    ("Line {line}: {message}", "Zeile {line}: {message}"),
    (
        "The card starting on line {start} has no END:VCARD line.",
        "Der Karte ab Zeile {start} fehlt die Zeile END:VCARD.",
    ),
    ("“{shown}” is not a vCard line (no “:”).", "„{shown}“ ist keine vCard-Zeile (kein „:“)."),
    (
        "{property} uses the character set “{label}”, which Fieldbook does not know.",
        "{property} verwendet den Zeichensatz „{label}“, den Fieldbook nicht kennt.",
    ),
    (
        "The {field} is longer than the {max} kB a cell may hold.",
        "Das Feld „{field}“ ist länger als die {max} kB, die eine Zelle fassen darf.",
    ),
    // import/history.rs (the stream entries are stored as written)
    ("a file", "einer Datei"),
    ("Created by the {organization} importer", "Angelegt durch „{Organizations} aus Firmennamen“"),
    ("Updated by the {organization} importer", "Aktualisiert durch „{Organizations} aus Firmennamen“"),
    ("{Organization} importer undone", "„{Organizations} aus Firmennamen“ rückgängig gemacht"),
    ("Created by importing {file}", "Angelegt durch den Import von {file}"),
    ("Updated by importing {file}", "Aktualisiert durch den Import von {file}"),
    ("Import of {file} undone", "Import von {file} rückgängig gemacht"),
    ("There is no import to undo.", "Es gibt keinen Import, der rückgängig gemacht werden kann."),
    (
        "undo another person's import (this one is {name}'s)",
        "den Import einer anderen Person rückgängig machen (dieser ist von {name})",
    ),
    (
        "“{name}” was changed after this import; undoing it would lose that change. Nothing was undone.",
        "„{name}“ wurde nach diesem Import geändert; das Rückgängigmachen würde diese Änderung verwerfen. Es wurde nichts rückgängig gemacht.",
    ),
    (
        "“{name}” was created by this import and has {people}, {sites}, notes, {systems}, files, {tickets}, invoices, posts or {activities} added since; archive it instead. Nothing was undone.",
        "„{name}“ wurde durch diesen Import angelegt und hat seitdem {People}, {Sites}, Notizen, {Systems}, Dateien, {Tickets}, Rechnungen, Beiträge oder {Activities} bekommen; bitte stattdessen archivieren. Es wurde nichts rückgängig gemacht.",
    ),
    (
        "“{name}” is now a billing contact or a {ticket}'s requester where this import linked them; undoing it would move them away. Nothing was undone.",
        "„{name}“ ist dort, wo dieser Import verknüpft hat, inzwischen Rechnungskontakt oder anfragende Person ({Tickets}); das Rückgängigmachen würde das aufheben. Es wurde nichts rückgängig gemacht.",
    ),
    ("Give the mapping a name.", "Bitte der Zuordnung einen Namen geben."),
    // import/people.rs (“No changes.”, “Already exists.” and “… is not yes or no.” also in import/organizations.rs)
    (
        "{A_person} needs a first or a last name.",
        "{person_g:Ein|Eine|Ein} {Person} braucht einen Vor- oder Nachnamen.",
    ),
    ("“{archived}” is not yes or no.", "„{archived}“ ist weder ja noch nein."),
    (
        "No {organization} has account number “{account}”.",
        "{organization_g:Kein|Keine|Kein} {Organization} hat die Kundennummer „{account}“.",
    ),
    ("Duplicate: the same email as row {first}.", "Doppelt: dieselbe E-Mail-Adresse wie in Zeile {first}."),
    (
        "Duplicate: the same name and company as row {first}.",
        "Doppelt: derselbe Name und {organization_g:derselbe|dieselbe|dasselbe} {Organization} wie in Zeile {first}.",
    ),
    (
        "Matches several {people} of the same name; add email addresses to tell them apart.",
        "Mehrere {People} mit diesem Namen kommen infrage; bitte E-Mail-Adressen ergänzen, um sie zu unterscheiden.",
    ),
    ("Already exists.", "Existiert bereits."),
    ("No changes.", "Keine Änderungen."),
];
