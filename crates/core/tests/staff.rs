//! Staff members, who uses this machine, roles on the admin-only actions, and the rows written
//! before staff existed.

mod common;

use common::{TestCore, assert_invalid, staff_input};
use fieldbook_core::Error;
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::staff::{Actor, Role, StaffInput};
use fieldbook_core::system_types::SystemTypeInput;

fn forbidden<T: std::fmt::Debug>(result: fieldbook_core::Result<T>, needle: &str) {
    match result {
        Err(Error::Forbidden(message)) => {
            assert!(message.contains(needle), "refusal {message:?} does not mention {needle:?}")
        }
        other => panic!("expected a refusal mentioning {needle:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn first_start_the_first_member_is_an_admin_and_becomes_me() {
    let t = TestCore::new().await;
    let who = t.staff().who_am_i().await.unwrap();
    assert_eq!(who.me, None);
    assert!(who.staff.is_empty());
    // Nothing is recorded without a user: the refusal says where to pick one.
    assert_invalid(t.actor().await, "me", "pick who you are");

    // Whatever role the form said, the first member is an admin (someone must manage staff).
    let first = t.staff().create(staff_input("Dana Field", Role::Technician), None).await.unwrap();
    assert_eq!(first.role, Role::Admin);
    t.staff().set_me(first.id).await.unwrap();
    let actor = t.actor().await.unwrap();
    assert_eq!((actor.name.as_str(), actor.role), ("Dana Field", Role::Admin));
    assert_eq!(t.staff().who_am_i().await.unwrap().me.unwrap().id, first.id);
}

#[tokio::test]
async fn without_an_admin_nobody_adds_an_admin_but_a_newcomer_may_add_themselves() {
    let t = TestCore::with_me().await;
    // A second machine whose user is not chosen yet: they may add themselves, not as admin.
    forbidden(
        t.staff().create(staff_input("Eve", Role::Admin), None).await,
        "Only an admin can add an admin",
    );
    let eve = t.staff().create(staff_input("Eve", Role::Technician), None).await.unwrap();
    assert_eq!(eve.role, Role::Technician);
    // Once someone is chosen, only an admin adds and edits staff.
    let eve = Actor::from(&eve);
    forbidden(t.staff().create(staff_input("Fay", Role::Office), Some(&eve)).await, "add staff");
    let promote = StaffInput { role: Role::Admin, ..staff_input("Eve", Role::Admin) };
    forbidden(t.staff().update(eve.id, promote.clone(), &eve).await, "edit staff");
    let eve2 = t.staff().update(eve.id, promote, &t.me().await).await.unwrap();
    assert_eq!(eve2.role, Role::Admin);
}

#[tokio::test]
async fn names_are_unique_required_and_emails_checked() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    assert_invalid(
        t.staff().create(staff_input("  ann ADMIN ", Role::Office), Some(&me)).await,
        "name",
        "already",
    );
    assert_invalid(t.staff().create(staff_input("   ", Role::Office), Some(&me)).await, "name", "required");
    let bad = StaffInput { email: Some("not an address".into()), ..staff_input("Gil", Role::Office) };
    assert_invalid(t.staff().create(bad, Some(&me)).await, "email", "not an email");
}

#[tokio::test]
async fn the_last_admin_stays_an_admin() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let demote = staff_input("Ann Admin", Role::Office);
    assert_invalid(t.staff().update(me.id, demote.clone(), &me).await, "role", "only active admin");
    let inactive = StaffInput { active: false, ..staff_input("Ann Admin", Role::Admin) };
    assert_invalid(t.staff().update(me.id, inactive, &me).await, "role", "only active admin");
    // With a second admin it is allowed.
    t.colleague("Hal", Role::Admin).await;
    assert_eq!(t.staff().update(me.id, demote, &me).await.unwrap().role, Role::Office);
}

#[tokio::test]
async fn a_member_with_records_is_deactivated_not_deleted() {
    let t = TestCore::with_me().await;
    let org = t.org("Acme").await;
    let ivy = t.colleague("Ivy", Role::Technician).await;
    let note = NoteInput { body: "replaced the UPS".into(), ..NoteInput::default() };
    t.notes().create(NoteSubject::Organization(org.id), note, &ivy).await.unwrap();
    assert_invalid(t.staff().delete(ivy.id, &t.me().await).await, "staff", "deactivate them instead");
    assert!(t.staff().get(ivy.id).await.is_ok(), "the refused delete removed the member");

    // A member added by mistake, with nothing to their name, can be deleted.
    let typo = t.colleague("Ivyy", Role::Technician).await;
    t.staff().delete(typo.id, &t.me().await).await.unwrap();
    assert!(matches!(t.staff().get(typo.id).await, Err(Error::NotFound { .. })));

    // Deactivated: gone from the pick list, the note still names them, and a machine whose
    // user they were asks again.
    t.staff().set_me(ivy.id).await.unwrap();
    let off = StaffInput { active: false, ..staff_input("Ivy", Role::Technician) };
    let admin =
        Actor { id: t.staff().list(false).await.unwrap()[0].id, name: "Ann Admin".into(), role: Role::Admin };
    t.staff().update(ivy.id, off, &admin).await.unwrap();
    let who = t.staff().who_am_i().await.unwrap();
    assert_eq!(who.me, None);
    assert!(who.staff.iter().all(|m| m.name != "Ivy"));
    assert_eq!(t.staff().list(true).await.unwrap().len(), 2);
    assert_invalid(t.staff().set_me(ivy.id).await, "me", "inactive");
    let notes = t.notes().list(NoteSubject::Organization(org.id)).await.unwrap();
    assert_eq!(notes[0].author, "Ivy");
}

#[tokio::test]
async fn only_an_admin_defines_system_types() {
    let t = TestCore::with_me().await;
    let tech = t.colleague("Jo", Role::Technician).await;
    let input = SystemTypeInput { name: "Router".into(), fields: vec![], confirm_removals: false };
    forbidden(
        t.system_types().create(input.clone(), &tech).await,
        "Only an admin can define system types; Jo is a technician",
    );
    let router = t.system_types().create(input.clone(), &t.me().await).await.unwrap();
    forbidden(t.system_types().update(router.id, input, &tech).await, "change system types");
    forbidden(t.system_types().delete(router.id, &tech).await, "delete system types");
    assert_eq!(t.system_types().list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn rows_from_before_staff_are_linked_when_their_author_joins() {
    use sqlx::Connection;
    let t = TestCore::new().await;
    let org = t.org("Acme").await;
    // Notes written by an older version: only the Settings name as text.
    let path = t.dir.path().join("fieldbook.sqlite3");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    for (body, author) in [("old one", "kim"), ("older one", "Kim "), ("someone else's", "lee")] {
        sqlx::query(
            "INSERT INTO notes (id, organization_id, body, author, urgent, created_at, updated_at)
             VALUES (randomblob(16), ?, ?, ?, 0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
        )
        .bind(org.id)
        .bind(body)
        .bind(author)
        .execute(&mut conn)
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ('user_name', 'Kim', '2025-01-01')")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    // The first-start screen offers the names in the records, most used first.
    let who = t.staff().who_am_i().await.unwrap();
    let offered: Vec<(&str, i64)> = who.names_in_records.iter().map(|n| (n.name.as_str(), n.rows)).collect();
    assert_eq!(offered, [("kim", 2), ("lee", 1)]);

    let kim = t.staff().create(staff_input("Kim", Role::Office), None).await.unwrap();
    let notes = t.notes().list(NoteSubject::Organization(org.id)).await.unwrap();
    let by_kim: Vec<&str> =
        notes.iter().filter(|n| n.author_id == Some(kim.id)).map(|n| n.body.as_str()).collect();
    assert_eq!(by_kim.len(), 2, "{notes:?}");
    assert!(notes.iter().all(|n| n.author_id != Some(kim.id) || n.author == "Kim"));
    let lee = notes.iter().find(|n| n.body == "someone else's").unwrap();
    assert_eq!((lee.author.as_str(), lee.author_id), ("lee", None));
    let who = t.staff().who_am_i().await.unwrap();
    assert_eq!(who.names_in_records.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["lee"]);
}
