//! Contracts and SLAs end to end: an SLA defined in Settings (hours a user mistyped named first),
//! a customer's contract added on its page (a bad end date named first) and its SLA chosen there,
//! the warning when a ticket is logged for a customer whose contract has ended — kept on the
//! ticket — the ticket due under the SLA, worked from the Tickets view (assigned, a note and a
//! reply in its thread) and closed within it; the Contracts view's filters; prepaid hours.

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("contracts-{name}{}.png", if dark { "-dark" } else { "" })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_logged_for_a_customer_whose_contract_expired_warns_and_keeps_the_warning() {
    let Some(app) = Harness::start().await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.open_organizations().await;

    // An SLA round the clock (so the test runs at any hour): hours mistyped first, then right.
    app.click_text("Settings").await;
    app.click("button[data-action='add-sla']").await;
    app.fill("sla-name", "Always on").await;
    app.fill("sla-time-zone", "Europe/Berlin").await;
    for day in 1..=7 {
        app.fill(&format!("sla-day-{day}"), if day == 1 { "9 to 5" } else { "00:00-24:00" }).await;
    }
    app.fill("sla-response-urgent", "1h").await;
    app.fill("sla-resolution-urgent", "4h").await;
    app.click("button[data-action='save-sla']").await;
    app.wait_text("[data-field-error='sla-hours']", "Monday: write hours as 09:00–17:00").await;
    app.fill("sla-day-1", "00:00-24:00").await;
    let form = app.find("[data-form='sla']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("sla-form")).await;
    app.click("button[data-action='save-sla']").await;
    let listed = app.wait_text("[data-list='slas']", "Always on").await;
    assert!(listed.contains("Urgent: respond 1h, resolve 4h"), "{listed}");

    app.click_text("Organizations").await;
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
    let expired = format!("Expired {}", app.shown_date("2020-12-31").await);
    assert!(row.contains(&expired) && row.contains("1,250.00 a month"), "{row}");
    // Saved, it opens with what it covers.
    app.wait_text("[data-list='contract-items']", "Phones, 12 handsets").await;
    // The signed contract attached as its document.
    let dir = tempfile::tempdir().unwrap();
    let signed = dir.path().join("Managed IT 2020 signed.pdf");
    std::fs::write(&signed, b"%PDF-1.4 signed").unwrap();
    app.click("[data-files='contract'] button[data-action='attach-file']").await;
    app.answer_file_dialog("Attach a file", &signed).await;
    app.wait_text("[data-list='files-contract']", "Managed IT 2020 signed.pdf").await;
    // It is one of the organization's files too.
    app.wait_text("[data-list='files-organization']", "Managed IT 2020 signed.pdf").await;
    let section = app.find("[data-section='contracts']").await;
    app.scroll_to(&section).await;
    app.screenshot(&shot("organization")).await;

    // The organization works under the SLA.
    app.choose_text("organization-sla", "Always on").await;

    // Logging a ticket warns, as the news does; the ticket keeps the warning.
    app.click("button[data-action='open-log-ticket']").await;
    app.fill("ticket-subject", "Server down").await;
    app.choose("ticket-priority", "urgent").await;
    app.click("button[data-action='log-ticket']").await;
    let alert = app.wait_text("[data-testid='ticket-alert']", "expired on 2020-12-31").await;
    assert!(alert.contains("Harbour Dental's contract “Managed IT 2020”"), "{alert}");
    app.screenshot(&shot("ticket-alert")).await;
    app.click("button[data-action='dismiss-news']").await;
    app.wait_text("[data-testid='ticket-kept-alert']", "Managed IT 2020").await;

    // Due under the SLA; answered and closed within it: met.
    let sla = app.wait_text("[data-testid='ticket-sla']", "Always on, urgent priority").await;
    assert!(sla.contains("First response") && sla.contains("due in"), "{sla}");
    app.wait_text("[data-testid='ticket-due']", "due in").await;
    let detail = app.find("[data-testid='ticket-sla']").await;
    app.scroll_to(&detail).await;
    app.screenshot(&shot("ticket-due")).await;

    // Worked from the Tickets view: found among the urgent ones, assigned, answered, closed
    // within the SLA.
    app.click_text("Tickets").await;
    app.wait_text("main h1", "Tickets").await;
    app.choose("desk-priority", "urgent").await;
    app.wait_text("[data-testid='desk-count']", "1 ticket").await;
    app.click_row("desk", "Server down").await;
    app.click("button[data-action='edit-ticket']").await;
    app.choose_text("edit-assignee", "Erin Admin").await;
    let form = app.find("[data-form='edit-ticket']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("desk-edit")).await;
    app.click("button[data-action='save-ticket']").await;
    app.wait_text("[data-testid='desk-ticket']", "Erin Admin").await;
    // Its thread: the reassignment in its history, an internal note with the time spent, then a
    // reply to the customer — the first response.
    app.wait_text("[data-testid='desk-ticket'] [data-list='thread']", "Assigned to Erin Admin").await;
    app.fill("update-body", "Disk full on the file server: cleared the old backups").await;
    app.fill("update-minutes", "25").await;
    app.click("[data-testid='desk-ticket'] button[data-action='post-update']").await;
    app.wait_text("[data-testid='desk-ticket'] [data-list='thread'] [data-kind='note']", "25 min").await;
    app.wait_text("[data-testid='desk-ticket'] [data-list='time-entries']", "Disk full on the file server")
        .await;
    app.click("[data-testid='desk-ticket'] input[name='update-kind'][value='reply']").await;
    app.fill("update-body", "Fixed: the server had run out of space.").await;
    app.click("[data-testid='desk-ticket'] button[data-action='post-update']").await;
    app.wait_text("[data-testid='desk-ticket'] [data-list='thread'] [data-kind='reply']", "run out of space")
        .await;
    app.wait_text("[data-testid='desk-ticket'] [data-testid='ticket-sla']", "answered").await;
    let thread = app.find("[data-testid='desk-ticket'] [data-section='ticket-thread']").await;
    app.scroll_to(&thread).await;
    app.screenshot(&shot("desk")).await;
    app.click("[data-testid='desk-ticket'] button[data-action='close-ticket']").await;
    app.wait_text("[data-testid='desk-ticket'] [data-testid='ticket-sla-met']", "met").await;
    // Closed, it leaves the default list.
    app.choose("desk-priority", "").await;
    app.wait_text("[data-testid='desk-empty']", "No tickets here.").await;
    // Ctrl+K finds it by number and opens it here.
    app.ctrl('k').await;
    app.find("[data-testid='search-palette'] input[name='search']").await;
    app.type_keys("#1").await;
    // (WebKitWebDriver reports no visible text for the hit buttons; their textContent it is.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let hits = app
            .client
            .execute("return [...document.querySelectorAll(\"[data-hit='ticket']\")].map(e => e.textContent).join('|')", vec![])
            .await
            .unwrap();
        if hits.as_str().is_some_and(|h| h.contains("#1 Server down")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no ticket hit: {hits:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.type_keys(&fantoccini::key::Key::Enter.to_string()).await;
    app.wait_text("[data-testid='desk-ticket'] h2", "#1 Server down").await;

    // The Contracts view lists it among the expired, not among those expiring soon.
    app.click_text("Contracts").await;
    app.wait_text("main h1", "Contracts").await;
    app.click("button[data-filter='expired']").await;
    app.wait_text("[data-list='all-contracts']", "Harbour Dental").await;
    app.screenshot(&shot("view")).await;
    app.click("button[data-filter='30']").await;
    app.wait_text("[data-testid='contracts-empty']", "No contracts here.").await;

    // One of its people works under the organization's SLA unless given their own.
    app.click("button[data-filter='all']").await;
    app.click_row("all-contracts", "Harbour Dental").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    app.click_text("Add person").await;
    app.fill("first_name", "Pia").await;
    app.fill("last_name", "Patient").await;
    app.click("button[data-action='save']").await;
    app.click_row("people", "Pia Patient").await;
    app.wait_text("[data-testid='person-name']", "Pia Patient").await;
    let service = app.wait_text("[data-section='person-service']", "Always on (from Harbour Dental)").await;
    assert!(service.contains("Tickets they asked for"), "{service}");
    let section = app.find("[data-section='person-service']").await;
    app.scroll_to(&section).await;
    // Her own news shows with the organization's when a ticket she asks for is logged.
    app.click("[data-section='person-service'] details.news summary").await;
    app.fill("person-news", "Hard of hearing: email her").await;
    app.click("button[data-action='save-person-news']").await;
    app.wait_text("[data-form='person-news']", "Saved.").await;
    app.screenshot(&shot("person")).await;
    app.click_text("Harbour Dental").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    app.click("button[data-action='open-log-ticket']").await;
    app.fill("ticket-subject", "Email bounces").await;
    app.choose_text("ticket-requester", "Pia Patient").await;
    // Her details come onto the ticket, editable before it is logged.
    app.fill("ticket-requester-location", "Room 4").await;
    app.click("button[data-action='log-ticket']").await;
    app.wait_text("[data-testid='news']", "Pia Patient: Hard of hearing: email her").await;
    app.click("button[data-action='dismiss-news']").await;
    app.wait_text("[data-testid='ticket-requester']", "For Pia Patient · Room 4").await;
    app.finish().await;
}

/// Prepaid hours: a block added with its contract (hours mistyped first), time logged on a ticket
/// paid from it (the unbilled amount says so, the block shows none left at once), a top-up.
#[tokio::test(flavor = "multi_thread")]
async fn prepaid_hours_pay_for_time_first_and_are_topped_up() {
    let Some(app) = Harness::start().await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.open_organizations().await;
    app.click_text("New organization").await;
    app.fill("name", "Kiel Marine").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Kiel Marine").await;

    app.click("button[data-action='add-contract']").await;
    app.fill("contract-name", "Support block").await;
    app.choose("contract-kind", "prepaid_hours").await;
    app.set_value("contract-starts", "2026-01-01").await;
    app.fill("contract-prepaid-hours", "two").await;
    app.click("button[data-action='save-contract']").await;
    app.wait_text("[data-form='contract'] .field.invalid", "Enter hours such as 10").await;
    app.fill("contract-prepaid-hours", "2").await;
    app.click("button[data-action='save-contract']").await;
    app.wait_text("[data-list='contracts'] tr[data-contract='Support block']", "2 h left").await;
    app.wait_text(
        "[data-prepaid='Support block'] [data-testid='prepaid-line']",
        "0 min used of 2 h · 2 h left",
    )
    .await;

    // Three hours on a ticket: two from the block, one to invoice.
    app.click("button[data-action='open-log-ticket']").await;
    app.fill("ticket-subject", "Radar offline").await;
    app.click("button[data-action='log-ticket']").await;
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
    app.fill("time-minutes", "180").await;
    app.click("button[data-action='add-time']").await;
    app.wait_text("[data-testid='unbilled']", "Unbilled: 3 h (2 h prepaid)").await;
    app.wait_text("[data-list='contracts'] tr[data-contract='Support block']", "none left").await;

    // Topped up by five hours (a mistyped amount named first): the block now pays all three.
    // (The contract's detail stays open since it was saved.)
    app.click("[data-prepaid='Support block'] button[data-action='top-up']").await;
    app.fill("top-up-hours", "5 hours").await;
    app.click("button[data-action='save-top-up']").await;
    app.wait_text("[data-form='top-up'] .field.invalid", "Enter hours such as 10").await;
    app.fill("top-up-hours", "5").await;
    app.fill("top-up-note", "Ordered by phone").await;
    app.click("button[data-action='save-top-up']").await;
    app.wait_text(
        "[data-prepaid='Support block'] [data-testid='prepaid-line']",
        "3 h used of 7 h (3 h not yet invoiced) · 4 h left",
    )
    .await;
    app.wait_text("[data-testid='unbilled']", "Unbilled: 3 h (3 h prepaid), 0.00").await;
    app.click("[data-prepaid='Support block'] button[data-action='top-up-history']").await;
    app.wait_text("[data-list='top-ups']", "Ordered by phone").await;
    let block = app.find("[data-section='contracts']").await;
    app.scroll_to(&block).await;
    app.screenshot(&shot("prepaid")).await;
    app.finish().await;
}
