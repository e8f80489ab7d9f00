//! Contracts end to end: a customer's contract added on its page (a bad end date named first),
//! listed in the Contracts view by what has expired, and the warning when a ticket is logged for
//! a customer whose contract has ended — kept on the ticket.

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("contracts-{name}{}.png", if dark { "-dark" } else { "" })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_logged_for_a_customer_whose_contract_expired_warns_and_keeps_the_warning() {
    let Some(app) = Harness::start().await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.wait_text("main h1", "Organizations").await;
    app.click_text("New organization").await;
    app.fill("name", "Harbour Dental").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;

    // A contract that ended: first with its end before its start, which is named.
    app.click("button[data-action='add-contract']").await;
    app.fill("contract-name", "Managed IT 2020").await;
    app.set_value("contract-starts", "2020-01-01").await;
    app.set_value("contract-ends", "2019-12-31").await;
    app.fill("contract-value", "1,250").await;
    app.choose("contract-cycle", "monthly").await;
    app.fill("contract-items", "Phones, 12 handsets").await;
    app.click("button[data-action='save-contract']").await;
    app.wait_text("[data-form='contract'] .field.invalid", "ends before it starts").await;
    let invalid = app.find("[data-form='contract'] h4").await;
    app.scroll_to(&invalid).await;
    app.screenshot(&shot("form")).await;
    app.set_value("contract-ends", "2020-12-31").await;
    app.click("button[data-action='save-contract']").await;
    let row = app.wait_text("[data-list='contracts'] tr[data-contract='Managed IT 2020']", "Expired").await;
    assert!(row.contains("Expired 2020-12-31") && row.contains("1,250.00 a month"), "{row}");
    // Saved, it opens with what it covers.
    app.wait_text("[data-list='contract-items']", "Phones, 12 handsets").await;
    let section = app.find("[data-section='contracts']").await;
    app.scroll_to(&section).await;
    app.screenshot(&shot("organization")).await;

    // Logging a ticket warns, as the news does; the ticket keeps the warning.
    app.fill("ticket-subject", "Server down").await;
    app.click("button[data-action='log-ticket']").await;
    let alert = app.wait_text("[data-testid='ticket-alert']", "expired on 2020-12-31").await;
    assert!(alert.contains("Harbour Dental's contract “Managed IT 2020”"), "{alert}");
    app.screenshot(&shot("ticket-alert")).await;
    app.click("button[data-action='dismiss-news']").await;
    app.wait_text("[data-testid='ticket-kept-alert']", "Managed IT 2020").await;

    // The Contracts view lists it among the expired, not among those expiring soon.
    app.click_text("Contracts").await;
    app.wait_text("main h1", "Contracts").await;
    app.click("button[data-filter='expired']").await;
    app.wait_text("[data-list='all-contracts']", "Harbour Dental").await;
    app.screenshot(&shot("view")).await;
    app.click("button[data-filter='30']").await;
    app.wait_text("[data-testid='contracts-empty']", "No contracts here.").await;
    app.finish().await;
}
