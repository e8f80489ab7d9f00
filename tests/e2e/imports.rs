//! Importing the files people have: an Excel workbook through the dialog (its sheet chosen, a
//! title line above the table left out) and a Xero export recognised by its headers, its
//! primary person coming along as the contact.
//! Screenshots get a "-dark" suffix when run with GTK_THEME=Adwaita:dark.

use rust_xlsxwriter::{Format, Workbook};

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("import-{name}{}.png", if dark { "-dark" } else { "" })
}

#[tokio::test(flavor = "multi_thread")]
async fn an_xlsx_workbook_imports_through_the_dialog() {
    let Some(app) = Harness::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let book_path = dir.path().join("Kundenliste.xlsx");
    let mut book = Workbook::new();
    let readme = book.add_worksheet();
    readme.set_name("Hinweise").unwrap();
    readme.write_string(0, 0, "Stand: Dezember").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Kunden").unwrap();
    sheet.merge_range(0, 0, 0, 3, "Kundenliste 2026", &Format::new().set_bold()).unwrap();
    for (c, header) in ["Kundennummer", "Firma", "Telefon", "Ort"].iter().enumerate() {
        sheet.write_string(1, c as u16, *header).unwrap();
    }
    sheet.write_string(2, 0, "000815").unwrap();
    sheet.write_string(2, 1, "Bäckerei Sonnenschein").unwrap();
    sheet.write_number(2, 2, 4_989_123_456.0).unwrap();
    sheet.write_string(2, 3, "München").unwrap();
    sheet.write_string(3, 0, "000816").unwrap();
    sheet.write_string(3, 1, "Elektro Ost GmbH").unwrap();
    sheet.write_string(3, 3, "Dresden").unwrap();
    book.save(&book_path).unwrap();

    app.open_organizations().await;
    app.click_text("Import & export").await;
    app.wait_text("main h1", "Import and export").await;
    app.click("button[data-action='choose-import-file']").await;
    app.answer_file_dialog("Choose a file to import", &book_path).await;

    // The sheet with the table is chosen, the title line above it is left out.
    app.wait_text("[data-testid='import-summary']", "2 create").await;
    let chosen = app.find("select[name='sheet']").await.prop("value").await.unwrap();
    assert_eq!(chosen.as_deref(), Some("Kunden"));
    app.wait_text("main", "The table starts on row 2").await;
    let firma = app.find("select[data-column='Firma']").await.prop("value").await.unwrap();
    assert_eq!(firma.as_deref(), Some("name"));
    app.wait_text("[data-testid='import-preview']", "Bäckerei Sonnenschein").await;
    app.screenshot(&shot("xlsx")).await;

    // The other sheet has nothing to map: its column shows with what is missing.
    app.choose("sheet", "Hinweise").await;
    app.wait_text("[data-testid='mapping-problem']", "Map a Name (or Account number) column").await;
    app.choose("sheet", "Kunden").await;
    app.wait_text("[data-testid='import-summary']", "2 create").await;

    app.click("button[data-action='apply-import']").await;
    app.wait_text("[data-testid='import-result']", "2 created").await;
    app.wait_text("[data-testid='import-history']", "Kundenliste.xlsx").await;
    app.click_text("Organizations").await;
    app.wait_content("[data-list='organizations']", "Bäckerei Sonnenschein").await;
    app.click_row("organizations", "Bäckerei Sonnenschein").await;
    // The account number keeps its zeros and the phone is the number as typed.
    app.wait_text("main", "000815").await;
    app.wait_text("main", "4989123456").await;

    // A Xero export is recognised by its headers.
    let xero = dir.path().join("Contacts.csv");
    std::fs::write(
        &xero,
        "*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POAttentionTo,POAddressLine1,POCity,POPostalCode,SAAddressLine1,SACity,PhoneNumber,LegalName\n\
         Harbour Dental,C-43,,Ana,Silva,,PO Box 7,Wellington,6011,,,04 555 0101,Harbour Dental Limited\n",
    )
    .unwrap();
    app.click_text("Import & export").await;
    app.click("button[data-action='choose-import-file']").await;
    app.answer_file_dialog("Choose a file to import", &xero).await;
    app.wait_text("[data-testid='import-recognised']", "Looks like a Xero contacts export").await;
    app.wait_text("[data-testid='import-summary']", "1 create").await;
    // Its primary person comes along as the organization's contact.
    app.wait_text("[data-testid='import-contacts']", "people with them: 1 new").await;
    let name = app.find("select[data-column='*ContactName']").await.prop("value").await.unwrap();
    assert_eq!(name.as_deref(), Some("name"));
    app.screenshot(&shot("xero")).await;
    app.finish().await;
}
