//! The Today page: the app starts on it; what is due across customers shows in short lists that
//! link to their records; a call-back is done from it; "Create invoices" bills all unbilled time
//! after asking. Screenshots get a "-dark" suffix when run with GTK_THEME=Adwaita:dark.

use fieldbook_core::billing::BillingSettings;
use fieldbook_core::invoices::{ManualInvoice, ManualLine};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::service::contracts::{ContractInput, ContractKind, Renewal};
use fieldbook_core::service::tickets::{TicketEdit, TicketInput, TimeEntryInput};
use fieldbook_core::staff::{Role, StaffInput};

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("today-{name}{}.png", if dark { "-dark" } else { "" })
}

/// A data folder with this machine's user (Erin Admin) and a morning's worth of work.
pub(crate) async fn seeded(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let core = fieldbook_core::Core::open(&dir.join(fieldbook_core::DB_FILE)).await.unwrap();
    let input =
        StaffInput { name: "Erin Admin".into(), email: None, phone: None, role: Role::Admin, active: true };
    let me = core.staff().create(input, None).await.unwrap();
    core.staff().set_me(me.id).await.unwrap();
    let me = core.actor().await.unwrap();
    let settings = BillingSettings {
        currency: "EUR".into(),
        hourly_rate: 8_000,
        invoice_prefix: "RE-".into(),
        payment_terms_days: 14,
        ..Default::default()
    };
    core.billing().update_settings(settings).await.unwrap();
    let today = core.billing().today().await.unwrap();
    let day = |days| fieldbook_core::dates::add_days(&today, days).unwrap();
    let org = async |name: &str| {
        let input =
            fieldbook_core::organizations::OrganizationInput { name: name.into(), ..Default::default() };
        core.organizations().create(input, vec![]).await.unwrap()
    };
    let acme = org("Acme Dental").await;
    let bolt = org("Bolt Logistics").await;

    // My ticket with 90 minutes of billable time this week.
    let input = TicketInput {
        organization_id: Some(acme.id),
        subject: "Printer offline".into(),
        ..Default::default()
    };
    let ticket = core.tickets().create(input).await.unwrap().ticket;
    let edit =
        TicketEdit { subject: "Printer offline".into(), assignee_id: Some(me.id), ..Default::default() };
    core.tickets().update(ticket.id, edit).await.unwrap();
    let work = TimeEntryInput { work_date: day(-1), minutes: 90, billable: true, ..Default::default() };
    core.tickets().add_time(ticket.id, work).await.unwrap();

    // Bolt's invoice of two months ago, overdue.
    let invoice = ManualInvoice {
        organization_id: Some(bolt.id),
        issue_date: day(-60),
        lines: vec![ManualLine { description: "Network audit".into(), amount: 45_000 }],
    };
    core.invoices().create_manual(invoice, &me).await.unwrap();

    // A support contract ending in 20 days; a call-back I promised for yesterday.
    let contract = ContractInput {
        organization_id: Some(bolt.id),
        person_id: None,
        name: "Bolt support 2026".into(),
        kind: ContractKind::Support,
        starts_on: day(-345),
        ends_on: Some(day(20)),
        renewal: Renewal::None,
        notice_days: None,
        value: None,
        billing_cycle: None,
        notes: None,
        items: vec![],
        prepaid_minutes: None,
        custom: None,
    };
    core.contracts().create(contract, &me).await.unwrap();
    let note = NoteInput {
        body: "Call about the new scanner".into(),
        urgent: false,
        callback_at: Some(format!("{}T10:00", day(-1))),
    };
    core.notes().create(NoteSubject::Organization(acme.id), note, &me).await.unwrap();
    core.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn today_shows_what_is_due_across_customers_and_bills_the_unbilled_time() {
    let dir = tempfile::tempdir().unwrap();
    seeded(dir.path()).await;
    let Some(app) = Harness::start_in(Some(dir.path())).await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();

    // The app opens on Today.
    app.wait_text("main h1", "Today").await;
    app.wait_text("[data-section='today-agenda']", "Call about the new scanner").await;
    app.wait_text("[data-section='today-my-tickets']", "#1 Printer offline").await;
    app.wait_text("[data-section='today-unbilled']", "Acme Dental").await;
    app.wait_text("[data-testid='unbilled-total']", "1 customer: 1 h 30 min, 120.00 EUR before tax").await;
    let invoices = app.wait_text("[data-section='today-invoices']", "Bolt Logistics").await;
    assert!(
        invoices.contains("RE-00001") && invoices.contains("Overdue") && invoices.contains("450.00"),
        "{invoices}"
    );
    app.wait_text("[data-section='today-contracts']", "Bolt support 2026").await;
    app.wait_text("[data-section='today-contracts']", "in 20 days").await;
    app.wait_text("[data-testid='today-backup']", "No backup has been made yet.").await;
    app.wait_text("[data-section='today-overdue-tickets']", "No ticket is past its due time.").await;
    app.screenshot(&shot("page")).await;

    // The call-back is done from here.
    app.click("[data-section='today-agenda'] button").await;
    app.wait_text("[data-section='today-agenda']", "Nothing due today.").await;

    // "Create invoices…" asks first, then bills the time: one invoice more, nothing unbilled.
    app.click("button[data-action='invoice-all']").await;
    let question =
        app.wait_text("[data-section='today-unbilled'] .confirm", "Create one invoice per customer").await;
    assert!(question.contains("Create 1 invoice"), "{question}");
    app.screenshot(&shot("create-invoices")).await;
    app.click("button[data-action='confirm-invoices']").await;
    app.wait_text("[data-section='today-unbilled'] [role='status']", "1 invoice created: RE-00002.").await;
    app.wait_text("[data-section='today-unbilled']", "No billable time waits to be invoiced.").await;
    app.wait_text("[data-testid='invoice-totals']", "Not yet due: 1 invoice, 120.00 EUR").await;

    // A record opens from its line; "All my tickets" opens the Tickets view filtered to mine.
    app.click("[data-section='today-invoices'] a").await;
    app.wait_text("[data-testid='organization-name']", "Bolt Logistics").await;
    // A statement before the company's own name is set: the app asks first (the PDF would say
    // "Your company"); Cancel makes nothing.
    app.click("button[data-action='show-statement']").await;
    app.wait_text("[data-testid='statement-balance']", "450.00").await;
    app.click("button[data-action='save-statement']").await;
    app.wait_text("dialog[open] h2", "Your company's name is not set").await;
    app.screenshot(&shot("company-name-warning")).await;
    app.click("dialog[open] button[data-action='cancel']").await;
    // No save dialog follows (the page would wait for it, its buttons disabled) and nothing is saved.
    let save = app.find("button[data-action='save-statement']").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !save.is_enabled().await.unwrap() {
        assert!(
            std::time::Instant::now() < deadline,
            "the statement buttons stay busy: a save dialog is waiting"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.client.find(fantoccini::Locator::Css("[data-testid='statement-notice']")).await.is_err());
    app.click("nav a[data-nav='today']").await;
    app.wait_text("main h1", "Today").await;
    app.click_text("All my tickets").await;
    app.wait_text("main h1", "Tickets").await;
    app.wait_text("[data-testid='desk-count']", "1 ticket").await;
    app.find("[data-list='desk'] tr[data-ticket='1']").await;
    let assignee = app.find("select[name='desk-assignee']").await.prop("value").await.unwrap();
    assert_ne!(assignee.as_deref(), Some(""), "the assignee filter is me");
    app.screenshot(&shot("my-tickets")).await;
    app.finish().await;
}

/// The main area's scroll position.
async fn scroll_top(app: &Harness) -> f64 {
    let v = app.client.execute("return document.querySelector('main').scrollTop", vec![]).await.unwrap();
    v.as_f64().unwrap_or(-1.0)
}

/// Waits until the main area is scrolled to about `top`.
async fn wait_scroll(app: &Harness, top: f64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = scroll_top(app).await;
        if (now - top).abs() <= 2.0 {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "the view is at {now}, not {top}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn back_and_forward_return_to_each_view_where_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    seeded(dir.path()).await;
    let Some(app) = Harness::start_in(Some(dir.path())).await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.wait_text("main h1", "Today").await;
    app.open_organizations().await;
    app.click_row("organizations", "Bolt Logistics").await;
    app.wait_text("[data-testid='organization-name']", "Bolt Logistics").await;
    app.find("[data-section='statement']").await;
    app.client.execute("document.querySelector('main').scrollTop = 600", vec![]).await.unwrap();
    wait_scroll(&app, 600.0).await;

    // A view opened anew starts at the top.
    app.click("nav a[data-nav='today']").await;
    app.wait_text("main h1", "Today").await;
    wait_scroll(&app, 0.0).await;

    // Alt+Left: the organization again, where it was left.
    let key = |k: &str| {
        format!(
            "window.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}', altKey: true, bubbles: true }}))"
        )
    };
    app.client.execute(&key("ArrowLeft"), vec![]).await.unwrap();
    app.wait_text("[data-testid='organization-name']", "Bolt Logistics").await;
    wait_scroll(&app, 600.0).await;
    // Alt+Right: Today, at its top; the mouse's back button and the Back control go back too.
    app.client.execute(&key("ArrowRight"), vec![]).await.unwrap();
    app.wait_text("main h1", "Today").await;
    wait_scroll(&app, 0.0).await;
    app.client
        .execute("window.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true }))", vec![])
        .await
        .unwrap();
    app.wait_text("[data-testid='organization-name']", "Bolt Logistics").await;
    app.click("nav button[data-action='back']").await;
    app.wait_text("main h1", "Organizations").await;
    app.click("nav button[data-action='forward']").await;
    app.wait_text("[data-testid='organization-name']", "Bolt Logistics").await;
    wait_scroll(&app, 600.0).await;
    app.finish().await;
}

/// Not a test: the figures for BENCHMARKS.md. Needs the set `cargo xtask bench today` generates.
/// Run with `cargo test --test e2e -- --ignored --nocapture today_first_paint`; set
/// FIELDBOOK_E2E_APP=target/release/fieldbook to measure a release build.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark; needs target/bench/tickets-100000-5-billed.sqlite3 from `cargo xtask bench today`"]
async fn today_first_paint_after_navigation_at_100k_organizations() {
    let db =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/tickets-100000-5-billed.sqlite3");
    assert!(db.exists(), "run `cargo xtask bench today` first");
    let dir = tempfile::tempdir().unwrap();
    std::fs::hard_link(&db, dir.path().join("fieldbook.sqlite3")).unwrap();
    let Some(app) = Harness::start_in(Some(dir.path())).await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.wait_text("main h1", "Today").await;
    let (mut in_dom, mut painted) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        app.open_organizations().await;
        app.client
            .execute(
                "performance.clearMarks(); window.__navAt = performance.now(); location.hash = '#/today';",
                vec![],
            )
            .await
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let times = loop {
            let v = app
                .client
                .execute(
                    "const d = performance.getEntriesByName('today: in DOM')[0]; \
                     const p = performance.getEntriesByName('today: painted')[0]; \
                     return p ? [d.startTime - window.__navAt, p.startTime - window.__navAt] : null",
                    vec![],
                )
                .await
                .unwrap();
            if let Some(pair) = v.as_array() {
                break (pair[0].as_f64().unwrap(), pair[1].as_f64().unwrap());
            }
            assert!(std::time::Instant::now() < deadline, "Today never painted");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        in_dom.push(times.0);
        painted.push(times.1);
        app.wait_text("[data-section='today-unbilled']", "before tax").await;
    }
    let summary = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        format!("p50 {:.0} ms, max {:.0} ms", v[v.len() / 2], v[v.len() - 1])
    };
    println!("Today after navigation, 10 runs: in the DOM {}; painted {}", summary(in_dom), summary(painted));
    app.finish().await;
}

/// The name of the element that has the focus.
async fn focused(app: &Harness) -> String {
    let v = app
        .client
        .execute("return document.activeElement?.getAttribute('name') ?? ''", vec![])
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Presses Esc in the element that has the focus.
async fn escape(app: &Harness) {
    app.client
        .execute(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))",
            vec![],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn forms_focus_their_first_field_esc_asks_before_discarding_and_a_failed_save_focuses_the_field() {
    let Some(app) = Harness::start().await else { return };
    app.open_organizations().await;

    // A new form: its first field has the focus; Esc with nothing typed leaves at once.
    app.click_text("New organization").await;
    app.wait_text("main h1", "New organization").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while focused(&app).await != "name" {
        assert!(std::time::Instant::now() < deadline, "the name field never got the focus");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    escape(&app).await;
    app.wait_text("main h1", "Organizations").await;

    // With something typed, Esc asks; Stay keeps what was typed, Discard leaves.
    app.click_text("New organization").await;
    app.wait_text("main h1", "New organization").await;
    app.fill("city", "Leeds").await;
    escape(&app).await;
    app.wait_text("dialog[open] h2", "Discard your changes?").await;
    app.screenshot(&shot("discard-changes")).await;
    app.click("dialog[open] button[data-action='cancel']").await;
    let city = app.find("input[name='city']").await.prop("value").await.unwrap();
    assert_eq!(city.as_deref(), Some("Leeds"), "staying keeps what was typed");
    assert!(app.client.find(fantoccini::Locator::Css("dialog[open]")).await.is_err());

    // A failed save: the field in error gets the focus, its message beside it.
    app.click("button[data-action='save']").await;
    app.wait_text("[data-field-error='name']", "required").await;
    assert_eq!(focused(&app).await, "name");

    // Leaving another way asks the same: a link in the navigation (staying keeps the form), then
    // Back (discarding leaves).
    app.click("nav a[href='#/people']").await;
    app.wait_text("dialog[open] h2", "Discard your changes?").await;
    app.click("dialog[open] button[data-action='cancel']").await;
    app.wait_text("main h1", "New organization").await;
    let city = app.find("input[name='city']").await.prop("value").await.unwrap();
    assert_eq!(city.as_deref(), Some("Leeds"), "staying keeps what was typed");
    app.click("button[data-action='back']").await;
    app.wait_text("dialog[open] h2", "Discard your changes?").await;
    app.click("dialog[open] button[data-action='confirm']").await;
    app.wait_text("main h1", "Organizations").await;
    // Nothing typed: a link leaves at once.
    app.click_text("New organization").await;
    app.wait_text("main h1", "New organization").await;
    app.click("nav a[href='#/people']").await;
    app.wait_text("main h1", "People").await;
    app.finish().await;
}
