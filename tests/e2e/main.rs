//! End to end: the real built app under X (Xvfb), driven through tauri-driver and
//! WebKitWebDriver, checked by what a user would see on screen.

mod accessibility;
mod contracts;
mod custom_fields;
mod harness;
mod imports;
mod languages;
mod sync;
mod team;
mod today;

use harness::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn organizations_sites_people_inheritance_validation_archive_and_plain_text() {
    let Some(app) = Harness::start().await else { return };

    // Create an organization.
    app.open_organizations().await;
    app.wait_body("No organizations yet").await;
    app.click_text("New organization").await;
    app.fill("name", "Acme Ltd").await;
    app.fill("account_number", "1001").await;
    app.fill("line1", "1 High Street").await;
    app.fill("city", "Leeds").await;
    app.fill("phone", "+44 113 496 0000").await;
    app.fill("email", "office@acme.example").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Acme Ltd").await;
    app.wait_text("[data-testid='account-number']", "1001").await;
    let tel = app.find("a[data-link='tel']").await;
    assert_eq!(tel.attr("href").await.unwrap().as_deref(), Some("tel:+441134960000"));

    // Add a site: the form knows its parent.
    app.click_text("Add site").await;
    app.wait_text("[data-picked='parent']", "Acme Ltd").await;
    app.fill("name", "Acme – York depot").await;
    app.fill("city", "York").await;
    app.click("button[data-action='save']").await;
    // Back on the parent, with its new site.
    app.wait_text("[data-list='sites']", "Acme – York depot").await;
    app.wait_text("[data-testid='organization-name']", "Acme Ltd").await;

    // Add a person: the address comes from the organization, marked as inherited.
    app.click_text("Add person").await;
    app.wait_text("[data-picked='organization']", "Acme Ltd").await;
    app.fill("first_name", "Ann").await;
    app.fill("last_name", "Archer").await;
    app.fill("job_title", "Office manager").await;
    app.click("button[data-action='save']").await;
    // Back on the organization, with its new person.
    app.wait_content("[data-list='people']", "Ann Archer").await;
    app.click_row("people", "Ann Archer").await;
    app.wait_text("[data-testid='person-name']", "Ann Archer").await;
    let city = app.wait_text("[data-address-field='city']", "Leeds").await;
    assert!(city.contains("from Acme Ltd"), "inherited city not marked: {city:?}");

    // Move the company: the person moves with it.
    app.click_text("Acme Ltd").await;
    app.wait_text("[data-testid='organization-name']", "Acme Ltd").await;
    app.click_text("Edit").await;
    app.fill("city", "Sheffield").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-section='address']", "Sheffield").await;
    app.screenshot("organization-view.png").await;
    app.click_row("people", "Ann Archer").await;
    let city = app.wait_text("[data-address-field='city']", "Sheffield").await;
    assert!(city.contains("from Acme Ltd"), "{city:?}");

    // A duplicate account number is refused next to the field, naming the holder.
    app.click_text("Organizations").await;
    app.click_text("New organization").await;
    app.fill("name", "Beta").await;
    app.fill("account_number", "1001").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-field-error='account_number']", "already used by Acme Ltd").await;

    // Markup in a name is shown as text, never run.
    let hostile = "<img src=x onerror=alert(1)>";
    app.fill("account_number", "").await;
    app.fill("name", hostile).await;
    app.click("button[data-action='save']").await;
    let shown = app.wait_text("[data-testid='organization-name']", hostile).await;
    assert_eq!(shown.trim(), hostile);
    let heading = app.find("[data-testid='organization-name']").await;
    assert!(heading.find(fantoccini::Locator::Css("img")).await.is_err(), "an <img> was rendered");
    assert!(app.client.get_alert_text().await.is_err(), "an alert opened");

    // Archive hides it from the list; "Show archived" brings it back.
    app.click("button[data-action='archive']").await;
    app.click("dialog button[data-action='confirm']").await;
    app.find("[data-testid='archived-badge']").await;
    app.click_text("Organizations").await;
    app.wait_content("[data-list='organizations']", "Acme Ltd").await;
    let list = app.content("[data-list='organizations']").await;
    assert!(!list.contains(hostile), "archived organization still listed: {list}");
    app.click("input[name='show-archived']").await;
    app.wait_content("[data-list='organizations']", hostile).await;

    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn site_details_secret_reveal_urgent_note_and_a_file_from_the_gtk_dialog() {
    let Some(app) = Harness::start().await else { return };

    // An organization to work on.
    app.open_organizations().await;
    app.click_text("New organization").await;
    app.fill("name", "Harbour Dental").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;

    // Settings → a system type with an IP address and a secret password.
    app.click_text("Settings").await;
    app.click_text("New system type").await;
    app.fill("type-name", "Router").await;
    app.fill("field-label-0", "IP address").await;
    app.choose("field-kind-0", "ip_address").await;
    app.click_text("Add field").await;
    app.fill("field-label-1", "Password").await;
    app.choose("field-kind-1", "secret").await;
    app.click("button[data-action='save-type']").await;
    app.wait_text("[data-list='system-types']", "Router").await;

    // A system with its password; shown masked, Reveal shows it.
    app.click_text("Organizations").await;
    app.click_row("organizations", "Harbour Dental").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    app.click_text("Add system").await;
    app.fill("system-name", "Gateway").await;
    app.fill("value-IP address", "192.168.1.1").await;
    app.fill("secret-Password", "e2e-Secret-42").await;
    app.click("button[data-action='save-system']").await;
    app.wait_text("[data-system='Gateway'] [data-secret='Password']", "••••••••").await;
    let card = app.find("[data-system='Gateway']").await.text().await.unwrap();
    assert!(card.contains("192.168.1.1") && !card.contains("e2e-Secret-42"), "{card}");
    app.click("[data-system='Gateway'] button[data-action='reveal']").await;
    app.wait_text("[data-system='Gateway'] [data-secret='Password']", "e2e-Secret-42").await;
    // Copy goes from Rust to the clipboard; both are in the system's access log.
    app.click("[data-system='Gateway'] button[data-action='copy-secret']").await;
    app.wait_body("Password copied. The clipboard is cleared in 30 seconds.").await;
    assert_eq!(app.clipboard(), "e2e-Secret-42");
    // Marked for clipboard managers to leave out of their history (KDE's hint, which Klipper,
    // GPaste and CopyQ honour).
    let targets = app.clipboard_targets();
    assert!(targets.contains("x-kde-passwordManagerHint"), "no history exclusion offered: {targets}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.clipboard() == "e2e-Secret-42" {
        assert!(std::time::Instant::now() < deadline, "the copied secret was never cleared");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    app.click("[data-system='Gateway'] summary").await;
    app.wait_text("[data-system='Gateway'] [data-list='secret-audit']", "copy").await;
    let log = app.find("[data-system='Gateway'] [data-list='secret-audit']").await.text().await.unwrap();
    assert!(log.contains("reveal") && log.contains("set"), "{log}");

    // Notes: the urgent one is listed first, in the urgent style.
    app.click_text("Add note").await;
    app.fill("note-body", "Routine visit, all fine").await;
    app.click("button[data-action='save-note']").await;
    app.wait_text("[data-list='notes']", "Routine visit").await;
    app.click_text("Add note").await;
    app.fill("note-body", "Alarm code changed — ask Ann").await;
    app.click("input[name='note-urgent']").await;
    // The call-back typed as the screen writes dates (not a picker of another country's), the
    // time with am/pm or on a 24-hour clock.
    let shown = app.shown_date("2026-12-01").await;
    app.fill("note-callback", &shown).await;
    app.fill("note-callback-time", "9:30 am").await;
    app.screenshot("note-callback-form.png").await;
    app.click("button[data-action='save-note']").await;
    app.wait_text("[data-list='notes'] li:first-child", "Alarm code changed").await;
    app.wait_text("[data-list='notes'] li:first-child header", &format!("{shown} 09:30")).await;
    let first = app.find("[data-list='notes'] li:first-child").await;
    assert_eq!(first.attr("data-urgent").await.unwrap().as_deref(), Some("true"));
    let header_color = app
        .client
        .execute(
            "return getComputedStyle(document.querySelector(\"[data-list='notes'] li:first-child header\")).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    let second = app.find("[data-list='notes'] li:nth-child(2)").await;
    assert_eq!(second.attr("data-urgent").await.unwrap().as_deref(), Some("false"));
    assert!(
        matches!(header_color.as_str(), Some("rgb(179, 38, 30)") | Some("rgb(242, 135, 126)")),
        "urgent header is not red: {header_color}"
    );
    // Its call-back badge reads like the rest of the red header (it was grey on red).
    let badge_color = app
        .client
        .execute(
            "return getComputedStyle(document.querySelector(\"[data-list='notes'] li:first-child header .badge\")).color",
            vec![],
        )
        .await
        .unwrap();
    // (White on the light theme's dark red; near-black on the dark theme's light red.)
    assert!(
        matches!(badge_color.as_str(), Some("rgb(255, 255, 255)") | Some("rgb(42, 11, 8)")),
        "call-back badge on the urgent header: {badge_color}"
    );
    let notes = app.find("[data-list='notes']").await;
    app.scroll_to(&notes).await;
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    app.screenshot(if dark { "urgent-note-dark.png" } else { "urgent-note.png" }).await;

    // A file attached through the real GTK open dialog, answered with xdotool.
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("site-map.pdf");
    std::fs::write(&map, vec![b'%'; 12_345]).unwrap();
    app.click("[data-files='organization'] button[data-action='attach-file']").await;
    app.answer_file_dialog("Attach a file", &map).await;
    app.wait_text("[data-list='files-organization']", "site-map.pdf").await;
    let size = app.find("[data-list='files-organization'] td[data-size]").await;
    assert_eq!(size.attr("data-size").await.unwrap().as_deref(), Some("12345"));
    assert_eq!(size.text().await.unwrap().trim(), "12.1 KB");

    // A logo through the same kind of dialog: it shows in the header.
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, ONE_PIXEL_PNG).unwrap();
    app.click_text("Set logo…").await;
    app.answer_file_dialog("Choose a logo", &logo).await;
    let img = app.find("img[data-testid='logo']").await;
    assert!(img.attr("src").await.unwrap().unwrap_or_default().starts_with("data:image/png;base64,"));
    app.screenshot("site-details.png").await;

    // Ctrl+K from another view; Esc from the search field closes it (a search field's own Esc
    // only clears it), and so does a click on the backdrop.
    app.click_text("People").await;
    app.wait_text("main h1", "People").await;
    let palette_gone = async || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let open = app
                .client
                .execute("return document.querySelector(\"[data-testid='search-palette']\") !== null", vec![])
                .await
                .unwrap();
            if open.as_bool() == Some(false) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the palette stayed open");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    app.ctrl('k').await;
    app.find("[data-testid='search-palette'] input[name='search']").await;
    app.type_keys("xy").await;
    app.type_keys(&fantoccini::key::Key::Escape.to_string()).await;
    palette_gone().await;
    app.ctrl('k').await;
    app.find("[data-testid='search-palette'] input[name='search']").await;
    // (WebDriver clicks an element's middle; the backdrop is the dialog outside its box.)
    app.client
        .execute(
            "document.querySelector(\"[data-testid='search-palette']\").dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 2, clientY: 2 }))",
            vec![],
        )
        .await
        .unwrap();
    palette_gone().await;

    // Ctrl+K, three letters, Enter: the organization opens.
    app.ctrl('k').await;
    app.find("[data-testid='search-palette'] input[name='search']").await;
    app.type_keys("har").await;
    // (WebKitWebDriver reports no visible text for the hit buttons; their textContent it is.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let hits = app
            .client
            .execute("return [...document.querySelectorAll(\"[data-hit='organization']\")].map(e => e.textContent).join('|')", vec![])
            .await
            .unwrap();
        if hits.as_str().is_some_and(|h| h.contains("Harbour Dental")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no organization hit for \"har\": {hits}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.type_keys(&fantoccini::key::Key::Enter.to_string()).await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;

    // A second launch on the same data folder hands over to this window and exits at once,
    // instead of opening the database twice; this one goes on working.
    let second = app.launch_again(std::time::Duration::from_secs(20));
    assert!(second.is_some_and(|s| s.success()), "the second launch did not hand over: {second:?}");
    app.click_text("People").await;
    app.wait_text("main h1", "People").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_a_file_through_the_dialog_preview_apply_and_undo() {
    let Some(app) = Harness::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kunden.csv");
    std::fs::write(
        &file,
        "Kundennummer;Firma;PLZ;Ort;E-Mail\n\
         K-1;Müller Haustechnik GmbH;80331;München;info@mueller.example\n\
         K-2;Schulz & Söhne;50667;Köln;\n\
         K-3;Kaputt KG;10115;Berlin;not-an-email\n",
    )
    .unwrap();

    app.open_organizations().await;
    app.click_text("Import & export").await;
    app.wait_text("main h1", "Import and export").await;
    app.click("button[data-action='choose-import-file']").await;
    app.answer_file_dialog("Choose a file to import", &file).await;

    // The dry run: how it was read and mapped, and what each row will do. Nothing written yet.
    app.wait_text("[data-testid='import-summary']", "2 create").await;
    let summary = app.find("[data-testid='import-summary']").await.text().await.unwrap();
    assert!(summary.contains("1 errors") && summary.contains("3 rows"), "{summary}");
    let encoding = app.find("select[name='encoding']").await.prop("value").await.unwrap();
    assert_eq!(encoding.as_deref(), Some("utf8"));
    let delimiter = app.find("select[name='delimiter']").await.prop("value").await.unwrap();
    assert_eq!(delimiter.as_deref(), Some("semicolon"));
    let firma = app.find("select[data-column='Firma']").await.prop("value").await.unwrap();
    assert_eq!(firma.as_deref(), Some("name"));
    app.wait_text(
        "[data-testid='import-errors']",
        "Row 4, column “E-Mail”: “not-an-email” is not an email address.",
    )
    .await;
    app.wait_text("[data-testid='import-preview']", "Müller Haustechnik GmbH").await;
    app.screenshot("import-preview.png").await;

    app.click("button[data-action='apply-import']").await;
    app.wait_text("[data-testid='import-result']", "2 created").await;
    app.wait_text("[data-testid='import-history']", "kunden.csv").await;
    app.screenshot("import.png").await;

    // The organizations are in the list, the refused row is not.
    app.click_text("Organizations").await;
    app.wait_content("[data-list='organizations']", "Müller Haustechnik GmbH").await;
    let list = app.content("[data-list='organizations']").await;
    assert!(list.contains("Schulz & Söhne") && !list.contains("Kaputt"), "{list}");

    // Undo takes them away again.
    app.click_text("Import & export").await;
    app.click("button[data-action='undo-import']").await;
    app.click("dialog button[data-action='confirm']").await;
    app.wait_text("[data-testid='import-history']", "(undone)").await;
    app.click_text("Organizations").await;
    app.wait_text("main h1", "Organizations").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.find("main").await.text().await.unwrap().contains("Müller Haustechnik") {
        assert!(std::time::Instant::now() < deadline, "the undone import is still listed");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn back_up_through_the_save_dialog_and_check_the_file() {
    let Some(app) = Harness::start().await else { return };
    app.open_organizations().await;
    // No backup yet: the navigation says so.
    app.wait_text("[data-testid='backup-warning']", "No backup in the last 7 days").await;
    app.click_text("New organization").await;
    app.fill("name", "Backup Bakery").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Backup Bakery").await;

    // Settings → Backup → Back up now, encrypted, saved through the GTK dialog.
    app.click_text("Settings").await;
    app.wait_text("[data-testid='last-backup']", "No backup has been made").await;
    app.click("input[name='backup-encrypt']").await;
    app.fill("backup-passphrase", "correct horse battery").await;
    app.fill("backup-passphrase-2", "correct horse battery").await;
    app.screenshot("backup-settings.png").await;
    let dir = tempfile::tempdir().unwrap();
    app.click("button[data-action='backup-now']").await;
    // GTK selects the suggested name without its extension, so typing replaces just the name.
    app.answer_file_dialog("Save the backup", &dir.path().join("office")).await;
    app.wait_text("[data-testid='backup-result']", "Backup made: 1 organizations").await;
    app.wait_text("[data-testid='last-backup']", "office.fbbackup").await;
    let file = dir.path().join("office.fbbackup");

    // The file checks out outside the app, with the passphrase only.
    let check = |pass: &str| {
        let phrase = fieldbook_core::backup::SecretString::from(pass.to_owned());
        let never = std::sync::atomic::AtomicBool::new(false);
        fieldbook_core::backup::verify(&file, Some(&phrase), &mut |_| {}, &never)
    };
    let summary = check("correct horse battery").expect("the backup does not verify");
    assert!(summary.encrypted && !summary.passwords_included);
    assert_eq!(summary.counts["organizations"], 1);
    assert!(check("wrong").is_err());

    // In the app: choose it, a wrong passphrase is a sentence, the right one checks it whole.
    app.click("button[data-action='choose-backup-file']").await;
    app.answer_file_dialog("Choose a backup", &file).await;
    app.wait_text("[data-testid='chosen-backup']", "office.fbbackup (encrypted)").await;
    app.fill("restore-passphrase", "not the passphrase").await;
    app.click("button[data-action='verify-backup']").await;
    app.wait_text("[data-testid='backup-failure']", "not the one this backup was made with").await;
    app.fill("restore-passphrase", "correct horse battery").await;
    app.click("button[data-action='verify-backup']").await;
    app.wait_text("[data-testid='backup-result']", "The backup is whole: 1 organizations").await;
    app.screenshot("backup-checked.png").await;
    // With a backup made, the navigation's warning is gone once the view changes.
    app.click_text("Organizations").await;
    app.wait_text("main h1", "Organizations").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.client.find(fantoccini::Locator::Css("[data-testid='backup-warning']")).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "the no-backup warning stayed");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn log_a_ticket_with_time_invoice_it_take_a_payment_and_save_a_statement() {
    let Some(app) = Harness::start().await else { return };

    // An organization with news, and the own company's name for the statement.
    app.open_organizations().await;
    app.click_text("Settings").await;
    app.fill("company_name", "Fieldbook IT Services").await;
    app.fill("document_footer", "Fieldbook IT Services · VAT PL1234567890").await;
    let texts = app.find("[data-form='billing-settings'] fieldset.texts").await;
    app.scroll_to(&texts).await;
    app.screenshot("billing-settings.png").await;
    app.click("button[data-action='save-billing-settings']").await;
    app.wait_text("[data-testid='billing-settings-saved']", "Saved.").await;
    app.click_text("Organizations").await;
    app.click_text("New organization").await;
    app.fill("name", "Łódź Serwis").await;
    app.fill("account_number", "PL-42").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Łódź Serwis").await;
    app.click("[data-section='billing-details'] summary").await;
    app.fill("billing-news", "New alarm code: ask Ann").await;
    app.fill("billing-rate", "100").await;
    app.click("button[data-action='save-billing']").await;
    app.wait_text("[data-testid='billing-details-saved']", "Saved.").await;

    // Logging a ticket pops up the news.
    app.click("button[data-action='open-log-ticket']").await;
    app.fill("ticket-subject", "Printer offline").await;
    app.click("button[data-action='log-ticket']").await;
    app.wait_text("[data-testid='news']", "New alarm code: ask Ann").await;
    app.click("button[data-action='dismiss-news']").await;
    // The list reloads after the news is dismissed: click the row until it opens.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.client.find(fantoccini::Locator::Css("input[name='time-minutes']")).await.is_err() {
        assert!(std::time::Instant::now() < deadline, "the ticket never opened");
        if let Ok(cell) =
            app.client.find(fantoccini::Locator::Css("[data-list='tickets'] tr[data-ticket='1'] td")).await
        {
            let _ = cell.click().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    app.set_value("time-date", "2026-10-05").await;
    app.fill("time-minutes", "90").await;
    app.click("button[data-action='add-time']").await;
    app.wait_text("[data-list='time-entries']", "150.00").await;
    // Dates are written and typed as the app's language writes them (the date above was typed as
    // ISO, which is always understood); Settings can make them ISO.
    let shown = app.shown_date("2026-10-05").await;
    app.wait_text("[data-list='time-entries']", &shown).await;

    // Invoice October, pay part of it.
    app.click("button[data-action='open-invoice-run']").await;
    app.set_value("invoice-from", "2026-10-01").await;
    app.set_value("invoice-to", "2026-10-31").await;
    app.set_value("invoice-issue-date", "2026-11-01").await;
    app.click("button[data-action='create-invoice']").await;
    app.wait_text("[data-list='invoices']", "INV-00001").await;
    app.click("button[data-action='open-record-payment']").await;
    app.fill("payment-amount", "50").await;
    app.set_value("payment-date", "2026-11-10").await;
    app.click("button[data-action='record-payment']").await;
    app.wait_text("[data-list='payments']", "50.00").await;

    // The statement as of the end of the year, shown and saved through the GTK dialog.
    app.choose("statement-kind", "open_items").await;
    app.set_value("statement-as-of", "2026-12-31").await;
    app.click("button[data-action='show-statement']").await;
    app.wait_text("[data-testid='statement-balance']", "100.00").await;
    app.wait_text("[data-testid='statement-aging']", "100.00").await;
    app.screenshot("billing.png").await;
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("statement.pdf");
    app.click("button[data-action='save-statement']").await;
    // GTK selects the suggested name without its ".pdf", so typing replaces just the name.
    app.answer_file_dialog("Save the statement", &dir.path().join("statement")).await;
    app.wait_text("[data-testid='statement-notice']", "Saved statement.pdf").await;
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let (stdout, stderr) = (String::from_utf8_lossy(&text.stdout), String::from_utf8_lossy(&text.stderr));
    assert!(
        stdout.contains("Łódź Serwis") && stdout.contains("PL-42") && stdout.contains("100.00"),
        "{stdout}{stderr} (the folder holds {:?})",
        std::fs::read_dir(dir.path()).map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>()),
    );

    // The page's sections by keyboard: a jump link (Enter) scrolls its section under the header,
    // which stays on top, and moves the focus to the section's heading.
    app.client.execute("document.querySelector(\"[data-jump-to='billing']\").focus()", vec![]).await.unwrap();
    app.type_keys("\u{e007}").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let seen = loop {
        let seen = app
            .client
            .execute(
                "const name = document.querySelector(\"[data-testid='organization-name']\").getBoundingClientRect(); \
                 const sticky = document.querySelector('.record-page .sticky').getBoundingClientRect(); \
                 return [document.activeElement.textContent.trim(), \
                   document.activeElement.getBoundingClientRect().top >= sticky.bottom, \
                   document.querySelector(\"[data-jump-to='billing']\").getAttribute('aria-current'), \
                   name.top >= 0 && name.bottom <= window.innerHeight, \
                   document.querySelector('main').scrollTop > 0];",
                vec![],
            )
            .await
            .unwrap();
        if seen == serde_json::json!(["Billing", true, "location", true, true])
            || std::time::Instant::now() > deadline
        {
            break seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(seen, serde_json::json!(["Billing", true, "location", true, true]));
    app.screenshot("organization-jump-billing.png").await;

    // The invoice as the customer reads it, saved as PDF.
    app.click_row("invoices", "INV-00001").await;
    app.wait_text("[data-testid='invoice-lines']", "Printer offline").await;
    app.click("button[data-action='save-invoice-pdf']").await;
    app.answer_file_dialog("Save the invoice", &dir.path().join("invoice")).await;
    app.wait_text("[data-testid='invoice-notice']", "Saved invoice.pdf").await;
    let text = std::process::Command::new("pdftotext")
        .arg(dir.path().join("invoice.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("INVOICE")
            && stdout.contains("INV-00001")
            && stdout.contains("#1 Printer offline")
            && stdout.contains("VAT PL1234567890"),
        "{stdout}"
    );

    // Dates in ISO instead, chosen in Settings (on this computer).
    let issued = app.shown_date("2026-11-01").await;
    app.wait_text("[data-list='invoices']", &issued).await;
    app.click_text("Settings").await;
    app.click("input[name='date-style'][value='iso']").await;
    app.screenshot("settings-dates.png").await;
    app.click("button[data-action='back']").await;
    app.wait_text("[data-list='invoices']", "2026-11-01").await;
    app.finish().await;
}

/// Not a test: the figures for BENCHMARKS.md. Needs the database `cargo xtask bench search`
/// generates. Run with `cargo test --test e2e -- --ignored --nocapture first_paint`; set
/// FIELDBOOK_E2E_APP=target/release/fieldbook to measure a release build.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark; needs target/bench/search-100000.sqlite3 from `cargo xtask bench search`"]
async fn first_paint_and_peak_rss_with_100k_organizations() {
    // FIELDBOOK_FIRST_PAINT_DB measures another set (a small one shows what is WebKit's own).
    let db = std::env::var_os("FIELDBOOK_FIRST_PAINT_DB").filter(|v| !v.is_empty()).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/search-100000.sqlite3"),
        std::path::PathBuf::from,
    );
    assert!(db.exists(), "run `cargo xtask bench search` first");
    let dir = tempfile::tempdir().unwrap();
    std::fs::hard_link(&db, dir.path().join("fieldbook.sqlite3")).unwrap();
    let started = std::time::Instant::now();
    let Some(app) = Harness::start_in(Some(dir.path())).await else { return };
    let session = started.elapsed();
    // The app starts on Today; the list is one click away (its figures include Today's load).
    app.open_organizations().await;
    app.find("[data-list='organizations'] tbody tr td.name").await;
    let first_paint = started.elapsed();
    // From the app's own launch: rows in the DOM, then the frame that shows them.
    let in_dom = since_launch_to_mark(&app, "organizations: rows in DOM").await;
    let painted = since_launch_to_mark(&app, "organizations: first rows").await;
    let count = app.wait_text("[data-testid='organization-count']", "organizations").await;
    let rows = app
        .client
        .execute("return document.querySelectorAll(\"[data-list='organizations'] tbody tr\").length", vec![])
        .await
        .unwrap();
    // Jump to the middle: how long until its rows are on screen; the DOM stays small.
    app.client
        .execute("const v = document.querySelector('.viewport'); v.scrollTop = v.scrollHeight / 2;", vec![])
        .await
        .unwrap();
    let jumped = std::time::Instant::now();
    let rows_mid = loop {
        let n = app
            .client
            .execute(
                "const top = document.querySelector(\"[data-list='organizations'] tbody tr.spacer:first-child\"); \
                 return top ? document.querySelectorAll(\"[data-list='organizations'] tbody tr td.name\").length : 0",
                vec![],
            )
            .await
            .unwrap();
        if n.as_u64().unwrap_or(0) > 0 || jumped.elapsed() > std::time::Duration::from_secs(10) {
            break n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let mid_wait = jumped.elapsed();
    let rss = peak_rss_kib();
    println!(
        "session up {session:.2?}; first list rows {first_paint:.2?} after start; after the app process started: rows \
         in the DOM {in_dom:.2?}, painted {painted:.2?}; {}; {rows} rows in the DOM at the top, \
         {rows_mid} named rows mid-list {mid_wait:.2?} after the jump; peak RSS {} MiB (app {} + WebKit {})",
        count.trim(),
        (rss.0 + rss.1) / 1024,
        rss.0 / 1024,
        rss.1 / 1024
    );
    app.finish().await;
}

/// How long after the app process started the page set the performance mark `name`: the
/// process start from /proc (clock ticks since boot, 10 ms), the mark from the page's clock.
async fn since_launch_to_mark(app: &Harness, name: &str) -> std::time::Duration {
    let script = format!(
        "const m = performance.getEntriesByName({name:?})[0]; \
         return m ? Date.now() - (performance.timeOrigin + m.startTime) : null"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let ago_ms = loop {
        let ago = app.client.execute(&script, vec![]).await.unwrap();
        if let Some(ms) = ago.as_f64() {
            break ms;
        }
        assert!(std::time::Instant::now() < deadline, "the page never set the mark {name:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let started_ticks = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let (head, rest) = stat.rsplit_once(") ")?;
            (head.ends_with("(fieldbook")).then(|| rest.split_whitespace().nth(19)?.parse::<f64>().ok())?
        })
        // The newest: the previous run's app may still be on its way out.
        .reduce(f64::max)
        .expect("the app process");
    // USER_HZ is 100 on Linux.
    let age = uptime - started_ticks / 100.0;
    std::time::Duration::from_secs_f64((age - ago_ms / 1000.0).max(0.0))
}

/// Peak resident memory (VmHWM, KiB) of the app process and of its WebKit helper processes.
fn peak_rss_kib() -> (u64, u64) {
    let (mut app, mut webkit) = (0, 0);
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let name = status.lines().next().unwrap_or_default().trim_start_matches("Name:").trim().to_owned();
        let hwm: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        if name == "fieldbook" {
            app += hwm;
        } else if name.starts_with("WebKitWebProces") || name.starts_with("WebKitNetworkPr") {
            webkit += hwm;
        }
    }
    (app, webkit)
}

/// A valid 1×1 PNG (a green pixel).
const ONE_PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00,
    0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x90, 0xcd, 0x76, 0x02, 0x00, 0x01, 0x73,
    0x00, 0xcb, 0x8a, 0xdc, 0x33, 0x73, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
    0x82,
];
