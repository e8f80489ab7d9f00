//! Accessibility as a check: axe-core runs inside the real webview on every view, in light and
//! dark mode, and any serious or critical violation (contrast, labels, names of buttons…) fails.

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
        for v in app.axe().await {
            found.push(format!("{name}: {v}"));
        }
    }
    // An organization's page, with its sections.
    app.client.execute("window.location.hash = '#/organizations'", vec![]).await.unwrap();
    app.click_row("organizations", "Acme Dental").await;
    app.wait_text("[data-testid='organization-name']", "Acme Dental").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    for v in app.axe().await {
        found.push(format!("organization: {v}"));
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn every_view_has_no_serious_accessibility_violations_in_light_and_dark() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fieldbook");
    crate::today::seeded(&data).await;
    let Some(app) = Harness::start_in(Some(&data)).await else { return };
    let light = walk(&app, false).await;
    app.finish().await;
    let Some(app) = Harness::start_dark_in(Some(&data)).await else { return };
    let dark = walk(&app, true).await;
    app.finish().await;
    assert!(
        light.is_empty() && dark.is_empty(),
        "light:\n{}\n\ndark:\n{}",
        light.join("\n"),
        dark.join("\n")
    );
}
