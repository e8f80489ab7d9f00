//! Importing the files people have besides CSV: Excel and OpenDocument workbooks made in the test,
//! and vCard files with many cards — read as a user sees them, and refused with a sentence when
//! they cannot be.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use common::TestCore;
use fieldbook_core::import::{
    ApplyRequest, FileSource, ImportKind, ImportOptions, ImportPreview, ReadOptions, Target,
};
use fieldbook_core::organizations::OrganizationFilter;
use fieldbook_core::people::PersonFilter;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

async fn apply(t: &TestCore, path: &Path, preview: &ImportPreview, options: ImportOptions) {
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap();
}

fn customers_workbook(path: &Path) {
    let mut book = Workbook::new();
    let readme = book.add_worksheet();
    readme.set_name("Read me").unwrap();
    readme.write_string(0, 0, "Exported from the old system").unwrap();
    let lookup = book.add_worksheet();
    lookup.set_name("Lookup").unwrap();
    lookup.write_string(0, 0, "secret codes").unwrap();
    lookup.set_hidden(true);
    let sheet = book.add_worksheet();
    sheet.set_name("Customers").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // A merged title over the table, which starts in column B.
    sheet.merge_range(0, 1, 0, 5, "Customer list 2026", &Format::new()).unwrap();
    for (c, header) in ["Account number", "Company Name", "Phone", "Notes", "Employees"].iter().enumerate() {
        sheet.write_string(2, 1 + c as u16, *header).unwrap();
    }
    sheet.write_string(3, 1, "00123").unwrap();
    sheet.write_string(3, 2, "Müller & Söhne GmbH").unwrap();
    sheet.write_number(3, 3, 4_420_794_600_000.0).unwrap();
    sheet.write_datetime_with_format(3, 4, ExcelDateTime::from_ymd(2024, 3, 1).unwrap(), &date).unwrap();
    sheet.write_formula(3, 5, Formula::new("=20+22").set_result("42")).unwrap();
    // An account number kept as a number, shown with leading zeros by its format.
    sheet.write_number_with_format(5, 1, 124.0, &Format::new().set_num_format("00000")).unwrap();
    sheet.write_string(5, 2, "Line\nBreak Ltd").unwrap();
    sheet.write_number(5, 3, 12.5).unwrap();
    book.save(path).unwrap();
}

#[tokio::test]
async fn an_xlsx_sheet_is_chosen_and_read_as_the_user_sees_it() {
    let t = TestCore::with_me().await;
    let path = t.dir.path().join("customers.xlsx");
    customers_workbook(&path);
    // The first sheet with a table is read ("Read me" is passed over); hidden sheets are not offered.
    let p = t.import().preview(&path, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    assert_eq!(p.format.sheet.as_deref(), Some("Customers"));
    assert_eq!(p.format.sheets, vec!["Read me", "Customers"]);
    // Another sheet can be chosen; one without names to map shows its columns and what is missing.
    let mut options = ImportOptions::new(ImportKind::Organizations);
    options.read = ReadOptions { sheet: Some("Read me".into()), ..Default::default() };
    let readme = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(readme.format.headers, vec!["Column 1"]);
    assert_eq!(
        readme.mapping_problem.as_deref(),
        Some("Map a Name (or Account number) column to import organizations.")
    );
    assert_eq!(readme.summary.rows, 0);
    options.read.sheet = Some("Customers".into());
    let p = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(p.format.source, FileSource::Workbook);
    // The merged title above the table is skipped: the header is row 3, the table starts at B.
    assert_eq!(p.format.first_row, 3);
    assert_eq!(p.format.headers, vec!["Account number", "Company Name", "Phone", "Notes", "Employees"]);
    assert_eq!(
        p.mapping,
        vec![Target::AccountNumber, Target::Name, Target::Phone, Target::Notes, Target::Ignore]
    );
    options.mapping =
        Some(vec![Target::AccountNumber, Target::Name, Target::Phone, Target::Notes, Target::AppendToNotes]);
    let p = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!((p.summary.rows, p.summary.create, p.summary.errors), (2, 2, 0), "{:?}", p.errors);
    // Row numbers are the sheet's.
    assert_eq!(p.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 6]);
    apply(&t, &path, &p, options).await;
    // Text keeps its leading zeros (so does a number under a zero-padded format), whole numbers
    // stay whole, dates read as dates, formulas give their value.
    let org = t.organizations().by_account_number("00123").await.unwrap();
    assert_eq!(org.name, "Müller & Söhne GmbH");
    assert_eq!(org.phone.as_deref(), Some("4420794600000"));
    assert_eq!(org.notes.as_deref(), Some("2024-03-01\nEmployees: 42"));
    let other = t.organizations().by_account_number("00124").await.unwrap();
    assert_eq!((other.name.as_str(), other.phone.as_deref()), ("Line\nBreak Ltd", Some("12.5")));
}

/// A minimal OpenDocument spreadsheet, as LibreOffice saves one (content only).
fn ods(path: &Path, rows: &[&[&str]]) {
    let mut content = String::new();
    for row in rows {
        content.push_str("<table:table-row>");
        for cell in *row {
            // Text that looks like a number ("01067") is kept as text, as a spreadsheet does
            // when it is typed with a leading apostrophe or into a text column.
            if let Ok(n) = cell.parse::<f64>()
                && !cell.starts_with('0')
            {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{cell}</text:p></table:table-cell>"#
                ));
            } else {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
                ));
            }
        }
        content.push_str("</table:table-row>");
    }
    ods_rows(path, &content);
}

/// An OpenDocument spreadsheet whose sheet "Kontakte" holds `rows` (the rows' XML).
fn ods_rows(path: &Path, rows: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Kontakte">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn an_ods_workbook_imports_people() {
    let t = TestCore::with_me().await;
    let path = t.dir.path().join("kontakte.ods");
    ods(
        &path,
        &[
            &["Vorname", "Name", "Firma", "Telefon", "PLZ"],
            &["Jürgen", "Weiß", "Weiß &amp; Co", "030 1234", "01067"],
            &["Anna", "Berg", "", "4915112345678", "80331"],
        ],
    );
    let options = ImportOptions::new(ImportKind::People);
    let p = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(p.format.sheets, vec!["Kontakte"]);
    assert_eq!(
        p.mapping,
        vec![Target::FirstName, Target::LastName, Target::Company, Target::Phone, Target::PostalCode]
    );
    assert_eq!((p.summary.create, p.summary.errors), (2, 0), "{:?}", p.errors);
    apply(&t, &path, &p, options).await;
    let people = t.people().list(PersonFilter::default()).await.unwrap();
    let weiss = people.iter().find(|p| p.last_name.as_deref() == Some("Weiß")).unwrap();
    assert_eq!(weiss.company_name.as_deref(), Some("Weiß & Co"));
    assert_eq!(weiss.address_override.postal_code.as_deref(), Some("01067"));
    let berg = people.iter().find(|p| p.last_name.as_deref() == Some("Berg")).unwrap();
    assert_eq!(berg.phone.as_deref(), Some("4915112345678"));
}

#[tokio::test]
async fn a_vcard_file_imports_its_people_and_names_bad_cards() {
    let t = TestCore::with_me().await;
    let acme = t.org("Acme Ltd").await;
    let path = t.dir.path().join("contacts.vcf");
    std::fs::write(
        &path,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme Ltd;Support\r\nTITLE:Team lead\r\n\
         EMAIL;TYPE=INTERNET,WORK:jane@acme.example\r\nTEL;TYPE=CELL:+44 7700 900123\r\nTEL;TYPE=WORK,VOICE:+44 20 7946 0000\r\n\
         PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDA\r\n UIDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5\r\n\
         END:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe\r\n\
         ORG:Bosporus Handel\r\nADR;WORK:;;Istiklal Cd. 5;Istanbul;;34430;Turkey\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Broken Card\r\nthis line has no colon\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let options = ImportOptions::new(ImportKind::People);
    let p = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(p.format.source, FileSource::Vcard);
    // No address book's marks in these cards.
    assert_eq!(p.recognised, None);
    assert_eq!((p.summary.rows, p.summary.create, p.summary.errors), (3, 2, 1));
    assert_eq!(
        p.errors[0].to_string(),
        "Row 3: Line 22: “this line has no colon” is not a vCard line (no “:”)."
    );
    apply(&t, &path, &p, options).await;
    let people = t.people().list(PersonFilter::default()).await.unwrap();
    let jane = people.iter().find(|p| p.first_name.as_deref() == Some("Jane")).unwrap();
    assert_eq!(jane.organization.as_ref().map(|o| o.id), Some(acme.id));
    assert_eq!(
        (jane.department.as_deref(), jane.job_title.as_deref(), jane.email.as_deref()),
        (Some("Support"), Some("Team lead"), Some("jane@acme.example"))
    );
    assert_eq!(
        (jane.phone.as_deref(), jane.mobile.as_deref()),
        (Some("+44 20 7946 0000"), Some("+44 7700 900123"))
    );
    let ayse = people.iter().find(|p| p.last_name.as_deref() == Some("Öztürk")).unwrap();
    assert_eq!(ayse.first_name.as_deref(), Some("Ayşe"));
    assert_eq!(ayse.company_name.as_deref(), Some("Bosporus Handel"));
    assert_eq!(ayse.address_override.city.as_deref(), Some("Istanbul"));
    // Their companies then go through the organization importer.
    let groups = t.import().company_groups().await.unwrap();
    assert!(groups.iter().any(|g| g.name == "Bosporus Handel"), "{groups:?}");
}

#[tokio::test]
async fn workbooks_that_cannot_be_read_get_a_sentence_and_nothing_is_written() {
    let t = TestCore::with_me().await;
    let t = &t;
    let preview = |path: PathBuf, sheet: Option<&str>| {
        let mut options = ImportOptions::new(ImportKind::Organizations);
        options.read.sheet = sheet.map(str::to_owned);
        async move { t.import().preview(&path, options).await.unwrap_err().to_string() }
    };
    // An Office file saved with a password is a compound file with an encrypted package.
    let mut locked = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    locked.extend(vec![0u8; 600]);
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let path = t.dir.path().join("locked.xlsx");
    std::fs::write(&path, locked).unwrap();
    assert!(preview(path, None).await.contains("protected with a password"));
    let path = t.dir.path().join("report.docx");
    std::fs::write(&path, b"PK\x03\x04 not really a workbook").unwrap();
    assert!(preview(path, None).await.contains("zip file but not a workbook"));
    let path = t.dir.path().join("customers.xlsx");
    customers_workbook(&path);
    assert_eq!(preview(path.clone(), Some("Nope")).await, "This workbook has no sheet named “Nope”.");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Empty").unwrap();
    let empty = t.dir.path().join("empty.xlsx");
    book.save(&empty).unwrap();
    assert_eq!(preview(empty, None).await, "The sheet “Empty” is empty; choose another sheet.");
    let all = t.organizations().list(OrganizationFilter::default()).await.unwrap();
    assert!(all.is_empty());
}

#[tokio::test]
async fn an_ods_sheet_too_large_to_lay_out_is_refused_before_it_is_read() {
    let t = TestCore::with_me().await;
    let cell = |text: &str| {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
    };
    // LibreOffice ends a sheet with its empty rows and columns repeated to the last ones: not used.
    let tail = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let fine = t.dir.path().join("fine.ods");
    ods_rows(
        &fine,
        &format!(
            "<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row>{tail}",
            cell("Firma"),
            cell("Ort"),
            cell("Acme GmbH"),
            cell("Köln")
        ),
    );
    let p = t.import().preview(&fine, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    assert_eq!((p.summary.rows, p.summary.create), (1, 1), "{:?}", p.errors);
    // A row of ten values repeated a million times would be ten million cells in memory.
    let huge = t.dir.path().join("huge.ods");
    let repeated = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="10" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    ods_rows(
        &huge,
        &format!("<table:table-row>{}{}</table:table-row>{repeated}", cell("Firma"), cell("Ort")),
    );
    let err = t.import().preview(&huge, ImportOptions::new(ImportKind::Organizations)).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "The sheet “Kontakte” spans 1000001 rows × 10 columns, more than Fieldbook reads from an .ods file at once; \
         save it as .xlsx or CSV (those are read a row at a time) and import that."
    );
}

#[tokio::test]
async fn cards_from_apple_contacts_and_outlook_are_told_apart() {
    let t = TestCore::with_me().await;
    let apple = t.dir.path().join("Kontakte.vcf");
    std::fs::write(
        &apple,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 15.1//EN\r\nN:Weber;Lena;;;\r\nFN:Lena Weber\r\n\
         item1.EMAIL;type=INTERNET;type=pref:lena@weber.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let p = t.import().preview(&apple, ImportOptions::new(ImportKind::People)).await.unwrap();
    assert_eq!(p.recognised.as_deref(), Some("Apple Contacts export (vCard)"));
    assert_eq!(p.summary.create, 1);
    let outlook = t.dir.path().join("Jan Novak.vcf");
    std::fs::write(
        &outlook,
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Novák;Jan\r\nFN:Jan Novák\r\nX-MS-OL-DEFAULT-POSTAL-ADDRESS:2\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let p = t.import().preview(&outlook, ImportOptions::new(ImportKind::People)).await.unwrap();
    assert_eq!(p.recognised.as_deref(), Some("Outlook contacts export (vCard)"));
}
