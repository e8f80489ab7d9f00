//! Your own staff and the customer relationship in the real app: the first start asks who you
//! are; an admin adds a colleague, a technician cannot; members, posts, comments and activities on
//! My agenda; emails dropped on a person.

use crate::harness::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn first_start_asks_who_you_are_then_an_admin_adds_a_colleague() {
    let Some(app) = Harness::start_first_time().await else { return };

    // Nobody is this machine's user: the app asks before showing anything else.
    app.wait_text("h1", "Who are you?").await;
    app.wait_body("You are the first: you will be the admin").await;
    app.fill("name", "").await;
    app.click("button[data-action='save-me']").await;
    app.wait_text("[data-field-error='name']", "The name is required.").await;
    app.screenshot("who-are-you.png").await;
    app.fill("name", "Quinn Office").await;
    app.fill("email", "quinn@ourco.example").await;
    app.click("button[data-action='save-me']").await;

    // Then the company for documents: a name is needed to save (skipping is the other way on).
    app.wait_text("h1", "Your company").await;
    app.click("button[data-action='save-setup']").await;
    app.wait_text("[data-field-error='setup-company-name']", "Enter your company's name").await;
    app.fill("setup-company-name", "OurCo IT Ltd").await;
    app.fill("setup-company-address", "1 Mill Lane, Leeds LS1 1AA").await;
    app.fill("setup-currency", "GBP").await;
    app.screenshot("first-run-setup.png").await;
    app.click("button[data-action='save-setup']").await;
    app.wait_text("[data-testid='nav-me']", "Quinn Office · Admin").await;
    app.wait_text("main h1", "Today").await;
    // Saved where Settings → Billing shows it, and Settings opens the set-up again.
    app.click_text("Settings").await;
    let shown = app.find("input[name='company_name']").await.prop("value").await.unwrap();
    assert_eq!(shown.as_deref(), Some("OurCo IT Ltd"));
    let currency = app.find("input[name='currency']").await.prop("value").await.unwrap();
    assert_eq!(currency.as_deref(), Some("GBP"));
    app.click("button[data-action='open-setup']").await;
    app.wait_text("h1", "Your company").await;
    app.click("button[data-action='skip-setup']").await;
    app.wait_text("main h1", "Settings").await;

    // Settings → Staff: add a technician.
    app.click_text("Settings").await;
    app.wait_text("[data-testid='me-name']", "Quinn Office").await;
    app.click("button[data-action='add-staff']").await;
    app.fill("name", "Rae Field").await;
    app.fill("phone", "+44 7700 900123").await;
    app.click("input[data-role='technician']").await;
    app.click("button[data-action='save-staff']").await;
    app.wait_text("tr[data-staff='Rae Field']", "Technician").await;
    // The same name twice is refused next to the field.
    app.click("button[data-action='add-staff']").await;
    app.fill("name", "rae field").await;
    app.click("button[data-action='save-staff']").await;
    app.wait_text("[data-field-error='name']", "There is already a staff member called Rae Field").await;
    app.click_text("Cancel").await;
    app.screenshot("staff-settings.png").await;

    // Switching to the technician: the staff list stays visible but cannot be changed.
    app.click("button[data-action='switch-user']").await;
    app.choose_text("switch_user", "Rae Field").await;
    app.wait_text("[data-testid='nav-me']", "Rae Field · Technician").await;
    app.wait_body("Only an admin adds and edits staff.").await;
    let add = app.client.find_all(fantoccini::Locator::Css("button[data-action='add-staff']")).await.unwrap();
    assert!(add.is_empty(), "a technician was offered Add a staff member");

    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_a_post_with_a_comment_and_an_activity_on_my_agenda() {
    let Some(app) = Harness::start().await else { return };
    app.open_organizations().await;
    app.click_text("New organization").await;
    app.fill("name", "Globex Corp").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Globex Corp").await;

    // Team: add myself as account manager; Globex is then in My organizations.
    app.click("button[data-action='add-member']").await;
    app.choose_text("member_staff", "Erin Admin").await;
    app.choose_text("member_role", "Account manager").await;
    app.click("button[data-action='save-member']").await;
    app.wait_text("[data-list='members']", "Erin Admin").await;
    app.wait_text("[data-list='members']", "Account manager").await;

    // Post (markup stays text) and comment.
    app.fill("post_body", "Renewal due in March <script>alert(1)</script>").await;
    app.click("button[data-action='post']").await;
    app.wait_text(
        "[data-list='stream'] li[data-kind='post']",
        "Renewal due in March <script>alert(1)</script>",
    )
    .await;
    app.click("[data-list='stream'] li[data-kind='post'] button[data-action='comment']").await;
    app.fill("comment_body", "I will call them in February").await;
    app.click("button[data-action='send-comment']").await;
    app.wait_text("[data-testid='comment']", "I will call them in February").await;
    app.wait_text("[data-list='stream']", "Erin Admin is now Account manager").await;
    app.screenshot("organization-stream.png").await;

    // Plan a visit for today (late evening, so it is not overdue) and see it on My agenda.
    app.click("button[data-action='plan-activity']").await;
    app.choose_text("activity_type", "Visit").await;
    app.fill("activity_subject", "Check the server room").await;
    let today = app
        .client
        .execute(
            "const d = new Date(); const p = (n) => String(n).padStart(2, '0'); \
             return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;",
            vec![],
        )
        .await
        .unwrap();
    app.set_value("activity_due", &format!("{}T23:58", today.as_str().unwrap())).await;
    app.click("button[data-action='save-activity']").await;
    app.wait_text("[data-list='activities']", "Check the server room").await;
    app.screenshot("organization-team-stream.png").await;

    app.click_text("My agenda").await;
    app.wait_text("[data-list='agenda-today']", "Check the server room").await;
    app.wait_text("[data-list='agenda-today']", "Globex Corp").await;
    app.screenshot("agenda.png").await;

    // Done with an outcome: it leaves the agenda and the outcome is in the stream.
    app.click_text("Globex Corp").await;
    app.click("button[data-action='complete-activity']").await;
    app.click("button[data-action='save-outcome']").await;
    app.wait_text("[data-field-error='outcome']", "Say how it went").await;
    app.fill("activity_outcome", "All fans replaced").await;
    app.click("button[data-action='save-outcome']").await;
    app.wait_text("[data-list='stream']", "Visit done: Check the server room — All fans replaced").await;

    app.click("[data-nav='my-organizations']").await;
    app.wait_text("main h1", "My organizations").await;
    app.wait_content("[data-list='organizations']", "Globex Corp").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn emails_dropped_or_chosen_on_a_person_land_in_the_stream_with_their_files() {
    let Some(app) = Harness::start().await else { return };
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/fixtures/email");
    app.open_organizations().await;
    app.click_text("New organization").await;
    app.fill("name", "Northwind Ltd").await;
    app.click("button[data-action='save']").await;
    app.wait_text("[data-testid='organization-name']", "Northwind Ltd").await;
    app.click_text("Add person").await;
    app.fill("first_name", "Kateřina").await;
    app.fill("last_name", "Nováková").await;
    app.fill("email", "katerina@northwind.example").await;
    app.click("button[data-action='save']").await;
    app.click_row("people", "Kateřina Nováková").await;
    app.wait_text("main h1", "Kateřina Nováková").await;

    // Dropped from a file manager: the .eml goes to the log, its PDF to her files.
    app.drop_files(&[&fixtures.join("thunderbird.eml")]).await;
    let line =
        "Signed service report for the Leeds site — from Kateřina Nováková <katerina@northwind.example>";
    app.wait_text("[data-list='stream'] li[data-kind='email']", line).await;
    app.wait_body("Servisní zpráva – Leeds, listopad 2026.pdf").await;
    app.click("button[data-action='show-email']").await;
    app.wait_text("[data-testid='email-body']", "the new UPS in the server room works fine").await;
    app.screenshot("person-email.png").await;

    // Chosen in the dialog; the same file again is recognised.
    app.click("button[data-action='add-emails']").await;
    app.answer_file_dialog("Add emails", &fixtures.join("apple-mail.eml")).await;
    app.wait_text("[data-list='stream']", "Printer in reception again").await;
    app.click("button[data-action='add-emails']").await;
    app.answer_file_dialog("Add emails", &fixtures.join("apple-mail.eml")).await;
    app.wait_body("Already in the log: apple-mail.eml.").await;

    // In her organization's stream too.
    app.click_text("Northwind Ltd").await;
    app.wait_text("[data-list='stream']", line).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_organizations_with_the_same_name_are_merged_field_by_field_and_undone() {
    let Some(app) = Harness::start().await else { return };
    for (name, phone) in [("Initech", "+44 113 496 0001"), ("Initech Ltd", "+44 113 496 0002")] {
        app.open_organizations().await;
        app.click_text("New organization").await;
        app.fill("name", name).await;
        app.fill("phone", phone).await;
        app.click("button[data-action='save']").await;
        app.wait_text("[data-testid='organization-name']", name).await;
        app.click_text("Organizations").await;
    }
    app.click_text("Duplicates").await;
    app.wait_text("[data-list='duplicates']", "Initech Ltd").await;
    // Keep "Initech", take the other's phone number.
    app.click("[data-list='duplicates'] tr[data-member='Initech'] input[type='radio']").await;
    app.click("[data-list='duplicates'] tr[data-member='Initech Ltd'] button[data-action='merge']").await;
    app.wait_text("[data-list='merge-fields']", "+44 113 496 0002").await;
    app.click("tr[data-field='phone'] input[value='merged']").await;
    app.screenshot("merge-dialog.png").await;
    app.click("button[data-action='confirm-merge']").await;
    app.wait_text("[data-testid='merged']", "Merged “Initech Ltd” into “Initech”").await;
    app.wait_body("No likely duplicates.").await;

    // The kept record has the phone, and its stream the merge, which can be undone from there.
    app.click_text("Organizations").await;
    app.wait_text("[data-testid='organization-count']", "1 organization").await;
    app.click_row("organizations", "Initech").await;
    app.wait_text("[data-testid='organization-name']", "Initech").await;
    app.wait_body("+44 113 496 0002").await;
    app.wait_text("[data-list='stream']", "Merged “Initech Ltd” into “Initech”").await;
    app.click("button[data-action='undo-merge']").await;
    app.wait_text("[data-list='stream']", "Undid the merge of “Initech Ltd” into “Initech”").await;
    app.click_text("Organizations").await;
    app.wait_text("[data-testid='organization-count']", "2 organizations").await;
    app.finish().await;
}
