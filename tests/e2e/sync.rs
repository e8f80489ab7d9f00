//! Team sync in the real app: two machines — two app instances side by side, each with its own
//! data folder — on one throwaway PostgreSQL. A publishes through Settings → Team; B, which has a
//! record of its own, is asked before the team's data replaces it, then joins; an edit made on A
//! appears in B's open view; the same field changed on both while the server holds back becomes a
//! conflict, resolved in A's Conflicts view, after which both indicators say "Synced".
//! Screenshots get a "-dark" suffix when run with GTK_THEME=Adwaita:dark.

#[path = "../../crates/core/tests/common/pg.rs"]
#[allow(dead_code)] // (the TLS server is for the core tests)
mod pg;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fieldbook_core::sync::server;

use crate::harness::Harness;

/// Waits up to `secs` for the element matched by `css` to show `expected`.
async fn wait_long(app: &Harness, css: &str, expected: &str, secs: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(el) = app.client.find(Locator::Css(css)).await
            && let Ok(text) = el.text().await
        {
            if text.contains(expected) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{css} never showed {expected:?} within {secs} s; last text {last:?}");
}

/// Scrolls the element matched by `css` to the top of its scrolling box (for a screenshot).
async fn scroll_top(app: &Harness, css: &str) {
    let el = app.find(css).await;
    app.client
        .execute("arguments[0].scrollIntoView({ block: 'start' })", vec![serde_json::to_value(&el).unwrap()])
        .await
        .unwrap();
}

fn shot(name: &str) -> String {
    let dark = std::env::var("GTK_THEME").is_ok_and(|t| t.to_lowercase().contains("dark"));
    format!("sync-{name}{}.png", if dark { "-dark" } else { "" })
}

/// Fills Settings → Team with the server's address and `login`, TLS off (a lab server).
async fn fill_server(app: &Harness, port: &str, login: &str, password: &str) {
    app.click_text("Settings").await;
    app.wait_text("[data-testid='team-settings']", "Publish this machine's data").await;
    app.fill("team-host", "127.0.0.1").await;
    app.fill("team-port", port).await;
    app.fill("team-database", "team").await;
    app.fill("team-login", login).await;
    app.fill("team-password", password).await;
    app.click("input[name='team-tls'][value='off']").await;
}

async fn edit_phone(app: &Harness, phone: &str) {
    app.click_text("Edit").await;
    app.fill("phone", phone).await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    app.wait_body(phone).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_machines_publish_join_sync_an_edit_and_resolve_a_conflict_in_the_app() {
    let Some(pg) = pg::PgServer::start() else { return };
    let admin_url = pg.database("team").await;
    let port = admin_url.rsplit(':').next().and_then(|p| p.split('/').next()).unwrap().to_owned();
    let admin = server::connect(&admin_url, None).await.unwrap();
    server::init(&admin).await.unwrap();
    let password_a = server::add_member(&admin, "erin_a", false).await.unwrap();
    let password_b = server::add_member(&admin, "erin_b", false).await.unwrap();

    // Machine A: an organization, then Settings → Team → Publish.
    let Some(a) = Harness::start().await else { return };
    a.open_organizations().await;
    assert!(
        a.client.find(Locator::Css("[data-testid='sync-indicator']")).await.is_err(),
        "an indicator outside a team"
    );
    a.click_text("New organization").await;
    a.fill("name", "Harbour Dental").await;
    a.fill("phone", "+44 113 496 0100").await;
    a.click("button[data-action='save']").await;
    a.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    fill_server(&a, &port, "erin_a", &password_a).await;
    // Verify: the CA file comes from the native dialog; this lab server speaks no TLS at all,
    // which is a sentence, not a crash, and changes nothing.
    a.click("input[name='team-tls'][value='verify']").await;
    a.click("button[data-action='team-publish']").await;
    a.wait_text("[data-field-error='ca']", "Choose the CA certificate file.").await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("office-ca.pem");
    std::fs::write(&ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").unwrap();
    a.click("button[data-action='choose-team-ca']").await;
    a.answer_file_dialog("Choose the team server's CA certificate", &ca).await;
    a.wait_text("[data-testid='team-ca-file']", "office-ca.pem").await;
    a.click("button[data-action='team-publish']").await;
    let refused = wait_long(&a, "[data-testid='team-failure']", "127.0.0.1", 30).await;
    assert!(refused.contains("secure connection") || refused.contains("TLS"), "{refused}");
    scroll_top(&a, "[data-testid='team-settings']").await;
    a.screenshot(&shot("settings-tls-refused")).await;
    a.click("input[name='team-tls'][value='off']").await;
    scroll_top(&a, "[data-testid='team-settings']").await;
    a.screenshot(&shot("settings-form")).await;
    a.click("button[data-action='team-publish']").await;
    wait_long(&a, "[data-testid='team-notice']", "Published", 30).await;
    wait_long(&a, "[data-testid='sync-indicator']", "Synced", 20).await;
    a.wait_text("[data-testid='team-server']", "127.0.0.1:").await;
    scroll_top(&a, "[data-testid='team-settings']").await;
    a.screenshot(&shot("settings-joined")).await;

    // Machine B has a record of its own: joining asks first, then replaces it after a backup.
    let Some(b) = Harness::start().await else { return };
    b.open_organizations().await;
    b.click_text("New organization").await;
    b.fill("name", "Local Only Ltd").await;
    b.click("button[data-action='save']").await;
    b.wait_text("[data-testid='organization-name']", "Local Only Ltd").await;
    fill_server(&b, &port, "erin_b", &password_b).await;
    b.click("button[data-action='team-join']").await;
    wait_long(
        &b,
        "[data-testid='team-join-refused']",
        "This machine has records of its own (1 organization)",
        30,
    )
    .await;
    scroll_top(&b, "[data-testid='team-settings']").await;
    b.screenshot(&shot("join-refused")).await;
    b.click("button[data-action='team-replace']").await;
    wait_long(&b, "[data-testid='team-notice']", "Joined the team", 30).await;
    wait_long(&b, "[data-testid='sync-indicator']", "Synced", 20).await;
    let backups: Vec<_> = std::fs::read_dir(&b.data_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("before-joining-a-team-"))
        .collect();
    assert_eq!(backups.len(), 1, "no backup before the team's data replaced B's");
    b.click_text("Organizations").await;
    b.wait_content("[data-list='organizations']", "Harbour Dental").await;
    let list = b.content("[data-list='organizations']").await;
    assert!(!list.contains("Local Only"), "B's own record survived the join: {list}");
    b.click_row("organizations", "Harbour Dental").await;
    b.wait_text("[data-testid='organization-name']", "Harbour Dental").await;

    // An edit on A shows in B's open view once the rounds carry it (no navigation on B).
    a.click_text("Organizations").await;
    a.click_row("organizations", "Harbour Dental").await;
    a.wait_text("[data-testid='organization-name']", "Harbour Dental").await;
    a.click_text("Edit").await;
    a.fill("city", "Leeds").await;
    a.click("button[data-action='save']").await;
    a.wait_text("[data-section='address']", "Leeds").await;
    wait_long(&b, "[data-section='address']", "Leeds", 30).await;
    wait_long(&a, "[data-testid='sync-indicator']", "Synced", 20).await;

    // The same field changed on both while the server holds every sync back (a lock standing in
    // for two laptops offline at once): whichever arrives second is a conflict.
    let mut hold = admin.begin().await.unwrap();
    sqlx::query("LOCK TABLE fieldbook.records IN ACCESS EXCLUSIVE MODE").execute(&mut *hold).await.unwrap();
    edit_phone(&a, "+44 113 496 0101").await;
    edit_phone(&b, "+44 113 496 0102").await;
    hold.rollback().await.unwrap();
    wait_long(&a, "[data-testid='sync-indicator']", "1 conflict", 40).await;
    wait_long(&b, "[data-testid='sync-indicator']", "1 conflict", 40).await;
    a.wait_text("[data-nav='conflicts']", "1").await;
    a.screenshot(&shot("indicator-conflict")).await;

    // A's Conflicts view: the record, the field in words, both values side by side.
    a.click("[data-testid='sync-indicator']").await;
    a.wait_text("main h1", "Conflicts").await;
    let card = wait_long(&a, "[data-list='conflicts'] li[data-kind='edit']", "Harbour Dental", 10).await;
    assert!(card.contains("Phone"), "{card}");
    assert!(card.contains("+44 113 496 0101") && card.contains("+44 113 496 0102"), "{card}");
    // (The side headings are shown in capitals; WebDriver reports the text as shown.)
    let headings = card.to_lowercase();
    assert!(headings.contains("edit not applied") && headings.contains("kept on the server"), "{card}");
    // At the narrowest width the app is made for, too.
    a.client.set_window_size(1024, 768).await.unwrap();
    a.screenshot(&shot("conflicts")).await;
    a.click("button[data-action='type-value']").await;
    a.fill("conflict-value", "+44 113 496 0199").await;
    a.click("button[data-action='resolve-value']").await;
    a.wait_text("[data-testid='no-conflicts']", "No conflicts to resolve").await;
    wait_long(&a, "[data-testid='sync-indicator']", "Synced", 30).await;
    a.click("input[name='show-resolved']").await;
    a.wait_text("[data-list='conflicts']", "Resolved").await;
    a.screenshot(&shot("conflicts-resolved")).await;

    // B receives the resolution: its indicator clears and its view shows the chosen number.
    wait_long(&b, "[data-testid='sync-indicator']", "Synced", 30).await;
    b.click_text("Organizations").await;
    b.click_row("organizations", "Harbour Dental").await;
    wait_long(&b, "main", "+44 113 496 0199", 20).await;
    b.screenshot(&shot("b-after-resolve")).await;

    // Leaving: the confirmation, then no indicator and no Conflicts entry.
    b.click_text("Settings").await;
    b.click("button[data-action='team-leave']").await;
    b.click("dialog button[data-action='confirm']").await;
    wait_long(&b, "[data-testid='team-notice']", "left the team", 20).await;
    assert!(b.client.find(Locator::Css("[data-testid='sync-indicator']")).await.is_err());
    assert!(b.client.find(Locator::Css("[data-nav='conflicts']")).await.is_err());

    b.finish().await;
    a.finish().await;
    admin.close().await;
}

/// The admin's machine, made before its app starts: an organization with a router whose
/// password is `value`, published to the team server as `login`. Returns the secret's id.
async fn published_with_password(
    dir: &std::path::Path,
    url: &str,
    password: &str,
    value: &str,
) -> fieldbook_core::SecretId {
    use fieldbook_core::staff::{Role, StaffInput};
    use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
    use fieldbook_core::systems::{SecretChange, SystemInput};
    let core = fieldbook_core::Core::open(&dir.join(fieldbook_core::DB_FILE)).await.unwrap();
    // (The name every e2e machine's user has: the laptop finds its user among the team's.)
    let input =
        StaffInput { name: "Erin Admin".into(), email: None, phone: None, role: Role::Admin, active: true };
    let ann = core.staff().create(input, None).await.unwrap();
    core.staff().set_me(ann.id).await.unwrap();
    let me = core.staff().actor().await.unwrap();
    let input = fieldbook_core::organizations::OrganizationInput {
        name: "Harbour Dental".into(),
        ..Default::default()
    };
    let org = core.organizations().create(input, vec![]).await.unwrap();
    let field = FieldInput { id: None, label: "Password".into(), kind: FieldKind::Secret, required: false };
    let input = SystemTypeInput { name: "Router".into(), fields: vec![field], confirm_removals: false };
    let router = core.system_types().create(input, &me).await.unwrap();
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: router.id,
        name: "Gateway".into(),
        notes: None,
        values: vec![],
        secrets: vec![SecretChange { field_id: router.fields[0].id, value: Some(value.into()) }],
    };
    let system = core.systems().create(input, &me).await.unwrap();
    let report = core.team().publish(url, password).await.unwrap();
    assert_eq!(report.passwords_sent, 1, "{report:?}");
    core.close().await;
    system.fields[0].secret.as_ref().unwrap().id
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_approves_a_laptop_by_its_fingerprint_and_the_password_is_revealed_there() {
    use fieldbook_core::secrets::{OsKeyring, SecretStore};
    let Some(pg) = pg::PgServer::start() else { return };
    let admin_url = pg.database("team").await;
    let port = admin_url.rsplit(':').next().and_then(|p| p.split('/').next()).unwrap().to_owned();
    let admin = server::connect(&admin_url, None).await.unwrap();
    server::init(&admin).await.unwrap();
    let password_a = server::add_member(&admin, "ann_admin", true).await.unwrap();
    let password_b = server::add_member(&admin, "ben_field", false).await.unwrap();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let planted = format!("Planted-{nanos:x}");

    // The office: the admin's machine published with its router password.
    let a_dir = tempfile::tempdir().unwrap();
    let a_url = format!("postgres://ann_admin@127.0.0.1:{port}/team");
    let secret = published_with_password(a_dir.path(), &a_url, &password_a, &planted).await;
    let Some(a) = Harness::start_in(Some(a_dir.path())).await else { return };
    a.open_organizations().await;

    // The technician's laptop joins in its app: everything but passwords arrives.
    let Some(b) = Harness::start().await else { return };
    b.open_organizations().await;
    fill_server(&b, &port, "ben_field", &password_b).await;
    b.click("button[data-action='team-join']").await;
    wait_long(&b, "[data-testid='team-notice']", "Joined the team", 30).await;
    // (One keyring serves both apps here: the office's copy goes, so what the laptop reveals
    // later came to it through the vault.)
    OsKeyring.delete(secret).unwrap();
    wait_long(&b, "[data-testid='vault-state']", "Waiting for an admin to approve this machine", 20).await;
    let fingerprint = b.find("[data-testid='vault-fingerprint']").await.text().await.unwrap();
    assert_eq!(fingerprint.len(), 24, "{fingerprint}");
    scroll_top(&b, "[data-testid='team-passwords']").await;
    b.screenshot(&shot("passwords-waiting")).await;
    b.click_text("Organizations").await;
    b.click_row("organizations", "Harbour Dental").await;
    b.click("[data-system='Gateway'] button[data-action='reveal']").await;
    b.wait_body("an admin approves it").await;
    b.wait_body(&fingerprint).await;

    // The office: Settings → Team lists the laptop with the same fingerprint; approved by it.
    a.click_text("Settings").await;
    let row = wait_long(&a, "[data-testid='team-devices']", "ben_field", 20).await;
    assert!(row.contains(&fingerprint), "{row}");
    // At the narrowest width the app is made for.
    a.client.set_window_size(1024, 768).await.unwrap();
    scroll_top(&a, "[data-testid='team-passwords']").await;
    a.screenshot(&shot("passwords-devices")).await;
    a.click("[data-testid='team-devices'] button[data-action='approve-device']").await;
    let question = a.find("dialog").await.text().await.unwrap();
    assert!(question.contains(&fingerprint), "{question}");
    a.screenshot(&shot("passwords-approve")).await;
    a.click("dialog button[data-action='confirm']").await;
    wait_long(&a, "[data-testid='vault-notice']", "Approved", 20).await;
    wait_long(&a, "[data-testid='team-devices']", "approved by ann_admin", 10).await;

    // The laptop's next round brings the password; Reveal shows it there.
    b.click_text("Settings").await;
    b.click("button[data-action='team-sync-now']").await;
    wait_long(&b, "[data-testid='vault-state']", "This machine reads the team's passwords", 30).await;
    b.click_text("Organizations").await;
    b.click_row("organizations", "Harbour Dental").await;
    b.click("[data-system='Gateway'] button[data-action='reveal']").await;
    b.wait_text("[data-system='Gateway'] [data-secret='Password']", &planted).await;
    b.screenshot(&shot("passwords-revealed")).await;
    // Its next round sends the reveal to the team (the office's sync brings it in).
    b.click_text("Settings").await;
    b.click("button[data-action='team-sync-now']").await;
    wait_long(&b, "button[data-action='team-sync-now']", "Sync now", 30).await;
    a.click("button[data-action='team-sync-now']").await;
    wait_long(&a, "button[data-action='team-sync-now']", "Sync now", 30).await;

    // Removing just the laptop asks first, naming it by its fingerprint (cancelled here; the
    // core's tests remove machines).
    a.click("[data-testid='team-devices'] tr[data-device] button[data-action='remove-device']").await;
    let question = a.find("dialog").await.text().await.unwrap();
    assert!(question.contains("ben_field") && question.contains(&fingerprint), "{question}");
    a.click("dialog button[data-action='cancel']").await;

    // Ben leaves the company: the admin removes him — his login is disabled, his laptop removed,
    // the key changes and the passwords he could read are listed.
    a.click("[data-list='team-members'] button[data-action='remove-member'][data-login='ben_field']").await;
    let question = a.find("dialog").await.text().await.unwrap();
    assert!(
        question.contains("Remove ben_field from the team?") && question.contains("disabled"),
        "{question}"
    );
    a.screenshot(&shot("passwords-remove-member")).await;
    a.click("dialog button[data-action='confirm']").await;
    let removed = wait_long(&a, "[data-testid='vault-removal']", "change it at the customers", 30).await;
    assert!(
        removed.contains("Removed ben_field from the team")
            && removed.contains("Harbour Dental")
            && removed.contains("Gateway")
            && removed.contains("version 2"),
        "{removed}"
    );
    scroll_top(&a, "[data-testid='team-passwords']").await;
    a.screenshot(&shot("passwords-removed")).await;
    let offered = a.client.find_all(Locator::Css("button[data-action='remove-member']")).await.unwrap();
    assert!(offered.is_empty(), "a removed member is offered again");
    // The laptop can no longer reach the team server with his login.
    b.click("button[data-action='team-sync-now']").await;
    let said = wait_long(&b, "[data-testid='team-reason']", "", 30).await;
    assert!(!said.trim().is_empty(), "the laptop says why it cannot sync");

    // The office prints a recovery kit: the passphrase twice, the page where the dialog says.
    a.click("button[data-action='print-recovery-kit']").await;
    a.fill("kit-passphrase", "four words to remember").await;
    a.fill("kit-passphrase-again", "four words to remember").await;
    a.screenshot(&shot("passwords-kit")).await;
    a.click("button[data-action='save-recovery-kit']").await;
    let dir = tempfile::tempdir().unwrap();
    a.answer_file_dialog("Save the recovery kit", &dir.path().join("kit")).await;
    wait_long(&a, "[data-testid='vault-notice']", "Saved the recovery kit", 30).await;
    let text = std::process::Command::new("pdftotext")
        .arg(dir.path().join("kit.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("recovery kit") && text.contains("FB1"), "{text}");
    assert!(!text.contains("four words"), "the passphrase is on the page");
    wait_long(&a, "[data-testid='team-devices']", "(printed)", 10).await;

    // Settings → Staff: what the user did with passwords on either machine, with the machine.
    a.click("[data-staff='Erin Admin'] button[data-action='staff-audit']").await;
    let log =
        wait_long(&a, "[data-list='staff-secret-audit']", "Harbour Dental · Gateway · Password", 20).await;
    assert!(log.contains("reveal"), "{log}");
    let machine = a.find("[data-list='staff-secret-audit'] td.muted").await.text().await.unwrap();
    assert!(machine.starts_with("on ") && machine.len() > 3, "{machine}");
    a.screenshot(&shot("staff-passwords-used")).await;

    b.finish().await;
    a.finish().await;
    admin.close().await;
}
