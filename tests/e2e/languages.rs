//! The app in German (issue 16): on a German system every view speaks German (nothing left in
//! English on screen), the German data dictionary's renamed words show with their articles, and
//! Settings → Language switches to English on this computer.

use crate::harness::Harness;

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("language-{name}{}.png", if dark { "-dark" } else { "" })
}

/// English that must not be on a German screen: common words of the UI's sentences, buttons and
/// headings (the seeded user's name and the product's are not among them).
const ENGLISH: &[&str] = &[
    " the ",
    " and ",
    " your ",
    " with ",
    " yet",
    "Loading",
    "Save",
    "Cancel",
    "Settings",
    "Search",
    "Organization",
    "People",
    "Contract",
    "Today",
    "New ",
    "Statement",
    "Duplicate",
    "Activities",
    "Add ",
    "Show ",
];

async fn screen_text(app: &Harness) -> String {
    let text = app
        .client
        .execute("return document.querySelector('nav').innerText + '\\n' + document.querySelector('main').innerText", vec![])
        .await
        .unwrap();
    text.as_str().unwrap_or_default().to_owned()
}

async fn choose(app: &Harness, select: &str, value: &str) {
    app.client
        .execute(
            "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![select.into(), value.into()],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_german_system_gets_a_german_app_with_the_german_dictionary() {
    let Some(app) = Harness::start_in_language("de_DE").await else { return };
    app.client.set_window_size(1024, 768).await.unwrap();
    app.wait_text("main h1", "Heute").await;

    // Every view of the navigation, and a form: German, nothing English on screen.
    let hrefs = app
        .client
        .execute("return [...document.querySelectorAll('nav[data-nav-main] a[href^=\"#/\"]')].map(a => a.getAttribute('href'))", vec![])
        .await
        .unwrap();
    let mut hrefs: Vec<String> =
        hrefs.as_array().unwrap().iter().filter_map(|h| h.as_str().map(str::to_owned)).collect();
    hrefs.dedup();
    hrefs.push("#/organizations/new".into());
    assert!(hrefs.len() >= 10, "{hrefs:?}");
    for href in &hrefs {
        app.client.execute("window.location.hash = arguments[0]", vec![href.clone().into()]).await.unwrap();
        app.find("main h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let text = screen_text(&app).await;
        let english: Vec<&&str> = ENGLISH.iter().filter(|w| text.contains(**w)).collect();
        assert!(english.is_empty(), "{href} shows English {english:?}:\n{text}");
        let name = href.trim_start_matches("#/").replace('/', "-");
        app.screenshot(&shot(if name.is_empty() { "start" } else { &name })).await;
    }

    // The German dictionary: a customer is "Kunde", masculine, so it is "Neuer Kunde".
    app.client.execute("window.location.hash = '#/settings'", vec![]).await.unwrap();
    app.wait_text("main h1", "Einstellungen").await;
    app.fill("term-organization-singular", "Kunde").await;
    app.fill("term-organization-plural", "Kunden").await;
    choose(&app, "select[name='term-organization-gender']", "m").await;
    app.click("button[data-action='save-terms']").await;
    app.wait_text("[data-form='terms'] [role='status']", "Gespeichert.").await;
    let form = app.find("[data-form='terms']").await;
    app.scroll_to(&form).await;
    app.screenshot(&shot("terms")).await;
    app.wait_text("nav a[href='#/organizations']", "Kunden").await;
    app.wait_text("nav a[data-nav='my-organizations']", "Meine Kunden").await;
    app.click("nav a[href='#/organizations']").await;
    app.wait_text("main h1", "Kunden").await;
    app.wait_text("main a.btn.primary", "Neuer Kunde").await;
    // Every view says "Kunde", none the usual word any more (Settings → Terms names it as such).
    for href in hrefs.iter().filter(|h| !h.starts_with("#/settings")) {
        app.client.execute("window.location.hash = arguments[0]", vec![href.clone().into()]).await.unwrap();
        app.find("main h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let text = screen_text(&app).await;
        assert!(!text.contains("Organisation"), "{href} still says Organisation:\n{text}");
    }
    app.screenshot(&shot("renamed-new")).await;

    // Settings → Language: English on this computer, with the English dictionary's words.
    app.client.execute("window.location.hash = '#/settings'", vec![]).await.unwrap();
    app.wait_text("main h1", "Einstellungen").await;
    choose(&app, "select[name='language']", "en").await;
    app.wait_text("main h1", "Settings").await;
    app.wait_text("nav a[href='#/organizations']", "Organizations").await;
    app.wait_text("[data-section='terms'] h2", "Terms").await;
    app.finish().await;
}
