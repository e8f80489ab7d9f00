//! Staff in the real app: the first start asks who you are; an admin adds a colleague; a
//! technician sees the staff but cannot change them.

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
    app.wait_text("[data-testid='nav-me']", "Quinn Office · Admin").await;
    app.wait_text("main h1", "Organizations").await;

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
