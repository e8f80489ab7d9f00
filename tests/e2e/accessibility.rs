//! Accessibility as a check: axe-core runs inside the real webview on every view, in light and
//! dark mode, and any serious or critical violation (contrast, labels, names of buttons…) fails,
//! as does a table cut off at 1,024 px or at the narrowest window; a main task done from the
//! keyboard alone.

use crate::harness::Harness;

/// The views, by how to reach them: (name, link text in the navigation or a hash).
const VIEWS: &[(&str, &str)] = &[
    ("today", "#/today"),
    ("agenda", "#/agenda"),
    ("organizations", "#/organizations"),
    ("people", "#/people"),
    ("tickets", "#/tickets"),
    ("contracts", "#/contracts"),
    ("statements", "#/statements"),
    ("duplicates", "#/duplicates"),
    ("import", "#/import"),
    ("settings", "#/settings"),
    ("new organization", "#/organizations/new"),
];

/// What a view cuts off at the window's width: a page that scrolls sideways, a table wider than
/// its box (its last columns behind a scrollbar) or sticking out of the main area.
async fn cut(app: &Harness) -> Vec<String> {
    let found = app
        .client
        .execute(
            r#"const out = [];
            const page = document.documentElement;
            if (page.scrollWidth > page.clientWidth + 1) out.push(`the page scrolls sideways (${page.scrollWidth}px in ${page.clientWidth}px)`);
            const main = document.querySelector('main');
            const edge = main.getBoundingClientRect().right;
            for (const table of main.querySelectorAll('table')) {
              if (table.offsetParent === null) continue;
              const name = table.dataset.list || table.querySelector('th')?.textContent?.trim() || 'a table';
              let box = table.parentElement;
              while (box && box !== main && !/(auto|scroll|hidden)/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
              if (box && box.scrollWidth > box.clientWidth + 1) out.push(`the table “${name}” is ${box.scrollWidth}px wide in ${box.clientWidth}px`);
              else if (table.getBoundingClientRect().right > edge + 1) out.push(`the table “${name}” sticks out ${Math.round(table.getBoundingClientRect().right - edge)}px`);
            }
            return out;"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap_or_default()
}

async fn walk(app: &Harness, dark: bool) -> Vec<String> {
    // The theme asked for is the one the page sees.
    let scheme = app
        .client
        .execute("return matchMedia('(prefers-color-scheme: dark)').matches", vec![])
        .await
        .unwrap();
    assert_eq!(scheme, serde_json::json!(dark), "the webview's colour scheme");
    let mut found = Vec::new();
    for (name, hash) in VIEWS {
        app.client.execute(&format!("window.location.hash = '{hash}'"), vec![]).await.unwrap();
        app.wait_text("main h1", "").await;
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        for v in app.axe().await.into_iter().chain(cut(app).await) {
            found.push(format!("{name}: {v}"));
        }
        if dark {
            app.screenshot(&format!("narrow-{}.png", name.replace(' ', "-"))).await;
        }
    }
    // An organization's page, with its sections.
    app.client.execute("window.location.hash = '#/organizations'", vec![]).await.unwrap();
    app.click_row("organizations", "Acme Dental").await;
    app.wait_text("[data-testid='organization-name']", "Acme Dental").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for v in app.axe().await.into_iter().chain(cut(app).await) {
        found.push(format!("organization: {v}"));
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn every_view_has_no_serious_accessibility_violations_in_light_and_dark() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fieldbook");
    crate::today::seeded(&data).await;
    // Light at the width the app is made for, dark at the narrowest window it allows (tauri.conf's
    // minWidth): less important columns hide, nothing is cut off.
    let Some(app) = Harness::start_in(Some(&data)).await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    let light = walk(&app, false).await;
    app.finish().await;
    let Some(app) = Harness::start_dark_in(Some(&data)).await else { return };
    app.client.set_window_size(760, 700).await.unwrap();
    let dark = walk(&app, true).await;
    app.finish().await;
    assert!(
        light.is_empty() && dark.is_empty(),
        "light:\n{}\n\ndark:\n{}",
        light.join("\n"),
        dark.join("\n")
    );
}

/// What has the focus: its tag, its text or name, and its data-jump-to / data-action.
async fn focus(app: &Harness) -> String {
    let v = app
        .client
        .execute(
            "const e = document.activeElement; \
             return e ? `${e.tagName.toLowerCase()} ${e.getAttribute('data-jump-to') || e.getAttribute('data-action') || e.getAttribute('name') || ''} ${(e.textContent || '').trim().slice(0, 40)}` : '';",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Presses Tab until the focus is on what `wanted` describes (a part of [`focus`]'s answer).
async fn tab_to(app: &Harness, wanted: &str) {
    let mut seen = Vec::new();
    for _ in 0..25 {
        let now = focus(app).await;
        if now.contains(wanted) {
            return;
        }
        seen.push(now);
        app.type_keys("\u{e004}").await;
    }
    panic!("Tab never reached {wanted:?}; it went through {seen:#?}");
}

/// Waits until the focus is on what `wanted` describes.
async fn focus_on(app: &Harness, wanted: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let now = focus(app).await;
        if now.contains(wanted) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "the focus is on {now:?}, not {wanted:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_is_found_and_a_note_added_from_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let Some(app) = acme_from_the_keyboard(dir.path()).await else { return };

    // Tab reaches the jump links; Enter on Notes brings the focus to its heading; Tab then
    // reaches Add note, whose form takes the text; Tab reaches Save.
    jump_to(&app, "notes").await;
    tab_to(&app, "Add note").await;
    app.type_keys("\u{e007}").await;
    focus_on(&app, "textarea note-body").await;
    app.type_keys("Called about the printer, all fine").await;
    tab_to(&app, "save-note").await;
    app.type_keys("\u{e007}").await;
    app.wait_text("[data-section='notes']", "Called about the printer, all fine").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_is_logged_its_time_entered_and_a_payment_recorded_from_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let Some(app) = acme_from_the_keyboard(dir.path()).await else { return };

    // The Billing jump link, Log a ticket (its subject takes the focus), Enter logs it.
    jump_to(&app, "billing").await;
    tab_to(&app, "open-log-ticket").await;
    app.type_keys("\u{e007}").await;
    focus_on(&app, "input ticket-subject").await;
    // Esc leaves the empty form, the focus back on the button that opened it.
    app.type_keys("\u{e00c}").await;
    focus_on(&app, "open-log-ticket").await;
    app.type_keys("\u{e007}").await;
    focus_on(&app, "input ticket-subject").await;
    app.type_keys("Scanner offline").await;
    app.type_keys("\u{e007}").await;
    app.wait_text("[data-section='tickets'] [data-list='tickets']", "Scanner offline").await;

    // It opens with the focus on its number; Tab reaches the minutes; Enter adds the time.
    focus_on(&app, "button  2").await;
    tab_to(&app, "input time-minutes").await;
    app.type_keys("45").await;
    app.type_keys("\u{e007}").await;
    app.find("[data-list='tickets'] tr[data-ticket='2'] td[data-minutes='45']").await;

    // A payment: its form opens on the amount, Enter records it, the focus returns to the button.
    tab_to(&app, "open-record-payment").await;
    app.type_keys("\u{e007}").await;
    focus_on(&app, "input payment-amount").await;
    app.type_keys("100").await;
    app.type_keys("\u{e007}").await;
    app.wait_text("[data-list='payments']", "100.00").await;
    focus_on(&app, "open-record-payment").await;
    app.finish().await;
}

/// The seeded data in `dir`, the app on it, and Acme Dental's page opened from the palette.
async fn acme_from_the_keyboard(dir: &std::path::Path) -> Option<Harness> {
    let data = dir.join("fieldbook");
    crate::today::seeded(&data).await;
    let app = Harness::start_in(Some(&data)).await?;
    app.wait_text("main h1", "Today").await;
    open_from_palette(&app).await;
    Some(app)
}

/// Tab to a jump link, Enter: the focus is on the section's heading.
async fn jump_to(app: &Harness, section: &str) {
    tab_to(app, section).await;
    app.type_keys("\u{e007}").await;
    focus_on(app, "h2").await;
}

/// Ctrl+K, "Acme", Enter: Acme Dental's page opens with the focus on its name.
async fn open_from_palette(app: &Harness) {
    app.ctrl('k').await;
    app.find("[data-testid='search-palette'] input[name='search']").await;
    app.type_keys("Acme").await;
    // (The results' own text, as WebDriver's text() of the list leaves the hits out.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = app
            .client
            .execute(
                "return document.querySelector(\"[data-list='search-results']\")?.textContent ?? ''",
                vec![],
            )
            .await
            .unwrap();
        if found.as_str().is_some_and(|t| t.contains("Acme Dental")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no Acme Dental among the results: {found}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.type_keys("\u{e007}").await;
    app.wait_text("[data-testid='organization-name']", "Acme Dental").await;
    focus_on(app, "h1").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_list_keeps_its_column_widths_while_scrolling_and_fits_a_narrow_window() {
    use fieldbook_core::organizations::OrganizationInput;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fieldbook");
    crate::today::seeded(&data).await;
    {
        // 150 more, the later ones (by name) with long names and cities: an automatic layout
        // widened their columns as they scrolled in.
        let core = fieldbook_core::Core::open(&data.join(fieldbook_core::DB_FILE)).await.unwrap();
        for i in 0..150 {
            let long = i >= 100;
            let mut input = OrganizationInput {
                name: if long {
                    format!("Zeta {i:03} Regional Veterinary Hospital and Referral Centre of the North")
                } else {
                    format!("Alpha {i:03}")
                },
                phone: Some(format!("+49 30 {i:06}")),
                ..Default::default()
            };
            input.address.city = Some(if long { "Castrop-Rauxel-Habinghorst".into() } else { "Ulm".into() });
            core.organizations().create(input, vec![]).await.unwrap();
        }
    }
    let Some(app) = Harness::start_in(Some(&data)).await else { return };
    app.client.set_window_size(760, 700).await.unwrap();
    app.open_organizations().await;
    app.find("[data-list='organizations'] tbody tr[tabindex]").await;
    let widths = || async {
        let v = app
            .client
            .execute(
                "return [...document.querySelectorAll(\"[data-list='organizations'] thead th\")].map((th) => Math.round(th.getBoundingClientRect().width))",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value::<Vec<i64>>(v).unwrap()
    };
    let top = widths().await;
    app.client
        .execute(
            "const v = document.querySelector(\"[data-list='organizations']\").closest('.viewport'); v.scrollTop = v.scrollHeight;",
            vec![],
        )
        .await
        .unwrap();
    app.wait_content("[data-list='organizations']", "Zeta 149").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(widths().await, top, "the columns moved while scrolling");
    assert!(cut(&app).await.is_empty(), "{:?}", cut(&app).await);
    app.screenshot("narrow-long-list.png").await;
    app.finish().await;
}
