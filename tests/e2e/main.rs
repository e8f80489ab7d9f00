//! End to end: the real built app under X (Xvfb), driven through tauri-driver and
//! WebKitWebDriver, checked by what a user would see on screen.

mod harness;

use harness::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn organizations_sites_people_inheritance_validation_archive_and_plain_text() {
    let Some(app) = Harness::start().await else { return };

    // Create an organization.
    app.wait_text("main h1", "Organizations").await;
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
    app.wait_text("[data-testid='organization-name']", "Acme – York depot").await;
    app.click_text("Acme Ltd").await;
    app.wait_text("[data-list='sites']", "Acme – York depot").await;

    // Add a person: the address comes from the organization, marked as inherited.
    app.click_text("Add person").await;
    app.wait_text("[data-picked='organization']", "Acme Ltd").await;
    app.fill("first_name", "Ann").await;
    app.fill("last_name", "Archer").await;
    app.fill("job_title", "Office manager").await;
    app.click("button[data-action='save']").await;
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
    app.wait_text("[data-list='organizations']", "Acme Ltd").await;
    let list = app.find("[data-list='organizations']").await.text().await.unwrap();
    assert!(!list.contains(hostile), "archived organization still listed: {list}");
    app.click("input[name='show-archived']").await;
    app.wait_text("[data-list='organizations']", hostile).await;

    app.finish().await;
}
