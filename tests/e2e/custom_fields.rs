//! Custom fields end to end (issue 16): defined in Settings (a label a built-in field has is
//! refused, named), filled in on an organization's form (a value that does not fit its kind is
//! named under its field), shown on its page, filtered on in the list, and archived with a
//! question when removed while it holds values; a ticket field asked when logging a ticket.

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("custom-fields-{name}{}.png", if dark { "-dark" } else { "" })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_custom_field_is_defined_filled_in_shown_filtered_on_and_archived() {
    let Some(app) = Harness::start().await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.open_organizations().await;

    // Settings → Custom fields: "Email" is taken by a built-in field.
    app.click_text("Settings").await;
    app.click("button[data-action='new-custom-field']").await;
    app.fill("custom-label", "E-mail").await;
    app.click("button[data-action='save-custom-field']").await;
    app.wait_text(
        "[data-form='custom-field'] .field.invalid",
        "Organizations already have a field called “Email”",
    )
    .await;
    // A choice list.
    app.fill("custom-label", "Contract tier").await;
    app.choose("custom-kind", "choice").await;
    // One per line, as typed with Enter between them.
    app.fill("custom-choices", "Gold\u{E007}Silver\u{E007}Bronze").await;
    app.fill("custom-help", "From the signed contract.").await;
    let form = app.find("[data-form='custom-field']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("editor")).await;
    app.click("button[data-action='save-custom-field']").await;
    app.wait_text("[data-list='custom-fields']", "Contract tier").await;
    // A number, and a web address.
    for (label, kind) in [("Seats", "number"), ("Customer portal", "url")] {
        app.click("button[data-action='new-custom-field']").await;
        app.fill("custom-label", label).await;
        app.choose("custom-kind", kind).await;
        app.click("button[data-action='save-custom-field']").await;
        app.wait_text("[data-list='custom-fields']", label).await;
    }
    let listed = app.wait_text("[data-list='custom-fields']", "Choice list: Gold, Silver, Bronze").await;
    assert!(listed.contains("Web address"), "{listed}");
    let section = app.find("[data-section='custom-fields']").await;
    app.scroll_to(&section).await;
    app.screenshot(&shot("settings")).await;

    // A new organization with its custom fields; a value that is not a number is named.
    app.click_text("Organizations").await;
    app.click_text("New organization").await;
    app.fill("name", "Harbour Dental").await;
    app.choose("custom:Contract tier", "Gold").await;
    app.fill("custom:Seats", "a dozen").await;
    app.fill("custom:Customer portal", "portal.harbour.example").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='custom-fields'] .field.invalid", "Seats: “a dozen” is not a number.").await;
    let fields = app.find("[data-testid='custom-fields']").await;
    app.scroll_to(&fields).await;
    app.screenshot(&shot("form-error")).await;
    app.fill("custom:Seats", "1,250").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    let shown = app.wait_text("[data-testid='custom-values']", "Gold").await;
    assert!(shown.contains("Contract tier"), "{shown}");
    assert!(shown.contains("1,250"), "numbers are shown grouped: {shown}");
    let portal = app.find("[data-custom-value='Customer portal'] a").await;
    assert_eq!(portal.text().await.unwrap(), "https://portal.harbour.example");
    let href = portal.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.starts_with("https://portal.harbour.example"), "{href}");
    app.screenshot(&shot("organization")).await;

    // Another organization, Silver; the list filters on the tier.
    app.click_text("Organizations").await;
    app.click_text("New organization").await;
    app.fill("name", "Riverside Clinic").await;
    app.choose("custom:Contract tier", "Silver").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Riverside Clinic").await;
    app.open_organizations().await;
    app.wait_text("[data-testid='organization-count']", "2 organizations").await;
    app.choose("custom-filter:Contract tier", "Gold").await;
    app.wait_text("[data-testid='organization-count']", "1 organization").await;
    let list = app.wait_content("[data-list='organizations']", "Harbour Dental").await;
    assert!(!list.contains("Riverside"), "{list}");
    app.screenshot(&shot("list-filter")).await;

    // Removing the tier asks, then archives it: its values are kept.
    app.click_text("Settings").await;
    app.click("[data-custom-field-row='Contract tier'] button[data-action='remove-custom-field']").await;
    app.wait_text("dialog", "“Contract tier” has a value on 2 organizations. Removing it archives it").await;
    app.click_text("Archive it").await;
    app.wait_text("[data-list='archived-custom-fields']", "Contract tier").await;
    let kept = app.wait_text("[data-list='archived-custom-fields']", "2 kept").await;
    assert!(kept.contains("Choice list"), "{kept}");

    // A ticket field asked when logging one: required in the Log ticket form, shown on the ticket.
    app.choose("custom-record", "ticket").await;
    app.wait_body("No custom fields of tickets yet.").await;
    app.click("button[data-action='new-custom-field']").await;
    app.fill("custom-label", "Asset tag").await;
    app.click("input[name='custom-required']").await;
    app.click("input[name='custom-ask-on-ticket']").await;
    app.click("button[data-action='save-custom-field']").await;
    let listed = app.wait_text("[data-list='custom-fields']", "Asked on new tickets").await;
    assert!(listed.contains("Required"), "{listed}");
    app.open_organizations().await;
    app.click_row("organizations", "Harbour Dental").await;
    app.click("button[data-action='open-log-ticket']").await;
    app.fill("ticket-subject", "Printer jams").await;
    app.click("button[data-action='log-ticket']").await;
    app.wait_text("[data-form='ticket'] [data-testid='custom-fields']", "Asset tag: this field is required.")
        .await;
    let form = app.find("[data-form='ticket']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("ticket-form")).await;
    app.fill("custom:Asset tag", "PR-0042").await;
    app.click("button[data-action='log-ticket']").await;
    let shown = app.wait_text("[data-section='tickets'] [data-testid='custom-values']", "PR-0042").await;
    assert!(shown.contains("Asset tag"), "{shown}");
    // The Tickets view finds it by the field's text.
    app.client.execute("window.location.hash = '#/tickets'", vec![]).await.unwrap();
    app.wait_text("main h1", "Tickets").await;
    app.fill("desk-text", "PR-9999").await;
    app.find("[data-testid='desk-empty']").await;
    app.fill("desk-text", "PR-0042").await;
    app.find("[data-list='desk'] tr[data-ticket='1']").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn renamed_terms_show_in_the_navigation_lists_and_forms() {
    let Some(app) = Harness::start().await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.open_organizations().await;
    app.click_text("Settings").await;
    // One word for two terms is refused, naming both.
    app.fill("term-organization-singular", "Client").await;
    app.fill("term-organization-plural", "Clients").await;
    app.fill("term-site-singular", "Client").await;
    app.click("button[data-action='save-terms']").await;
    app.wait_text("[data-field-error='terms']", "“Client” would name both Organizations and Sites").await;
    app.fill("term-site-singular", "").await;
    app.fill("term-person-singular", "Contact").await;
    app.fill("term-person-plural", "Contacts").await;
    app.click("button[data-action='save-terms']").await;
    app.wait_text("[data-form='terms'] [role='status']", "Saved.").await;
    let form = app.find("[data-form='terms']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("terms")).await;
    // The navigation, the list and its form use the new words.
    app.wait_text("nav a[href='#/organizations']", "Clients").await;
    app.wait_text("nav a[data-nav='my-organizations']", "My clients").await;
    app.wait_text("nav a[href='#/people']", "Contacts").await;
    app.click("nav a[href='#/organizations']").await;
    app.wait_text("main h1", "Clients").await;
    app.click_text("New client").await;
    app.wait_text("main h1", "New client").await;
    app.screenshot(&shot("renamed-form")).await;
    app.finish().await;
}
