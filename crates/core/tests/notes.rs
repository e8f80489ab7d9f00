//! Notes and call-backs on a real SQLite file.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::staff::Role;

fn note(body: &str) -> NoteInput {
    NoteInput { body: body.into(), ..NoteInput::default() }
}

#[tokio::test]
async fn urgent_notes_come_first_then_newest() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let subject = NoteSubject::Organization(org.id);
    let bob = core.colleague("Bob", Role::Technician).await;
    core.notes().create(subject, note("first"), &core.me().await).await.unwrap();
    core.notes()
        .create(subject, NoteInput { urgent: true, ..note("alarm code changed") }, &bob)
        .await
        .unwrap();
    core.notes().create(subject, note("latest"), &core.me().await).await.unwrap();
    let notes = core.notes().list(subject).await.unwrap();
    let bodies: Vec<&str> = notes.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(bodies, ["alarm code changed", "latest", "first"]);
    assert!(notes[0].urgent);
    assert_eq!(notes[0].author, "Bob");
    assert_eq!(notes[0].author_id, Some(bob.id));
    assert_eq!(notes[0].subject_name, "Acme");

    // Un-flagging moves it back into date order; delete removes it.
    let unflagged = core.notes().update(notes[0].id, note("alarm code changed")).await.unwrap();
    assert!(!unflagged.urgent);
    core.notes().delete(notes[1].id).await.unwrap();
    let bodies: Vec<String> = core.notes().list(subject).await.unwrap().into_iter().map(|n| n.body).collect();
    assert_eq!(bodies, ["alarm code changed", "first"]);
    assert_invalid(core.notes().create(subject, note("  "), &core.me().await).await, "body", "empty");
}

#[tokio::test]
async fn callbacks_list_due_and_overdue_ones_until_done() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let person = core.person_at(&org, "Ann", "Lee").await;
    let call = |at: &str| NoteInput { callback_at: Some(at.into()), ..note(&format!("call {at}")) };
    core.notes()
        .create(NoteSubject::Organization(org.id), call("2026-11-20 09:00"), &core.me().await)
        .await
        .unwrap();
    let today = core
        .notes()
        .create(NoteSubject::Person(person.id), call("2026-11-22T15:30"), &core.me().await)
        .await
        .unwrap();
    core.notes()
        .create(NoteSubject::Organization(org.id), call("2026-11-25 10:00"), &core.me().await)
        .await
        .unwrap();
    core.notes()
        .create(NoteSubject::Organization(org.id), note("no call-back"), &core.me().await)
        .await
        .unwrap();

    let due = core.notes().callbacks("2026-11-23T00:00").await.unwrap();
    let when: Vec<&str> = due.iter().map(|n| n.callback_at.as_deref().unwrap()).collect();
    assert_eq!(when, ["2026-11-20T09:00", "2026-11-22T15:30"]);
    assert_eq!(due[1].subject_name, "Ann Lee");

    core.notes().complete_callback(today.id).await.unwrap();
    assert_eq!(core.notes().callbacks("2026-11-23T00:00").await.unwrap().len(), 1);
    // A new call-back time reopens it.
    core.notes().update(today.id, call("2026-11-22T17:00")).await.unwrap();
    assert_eq!(core.notes().callbacks("2026-11-23T00:00").await.unwrap().len(), 2);

    let bad = NoteInput { callback_at: Some("31/11/2026".into()), ..note("x") };
    assert_invalid(
        core.notes().create(NoteSubject::Organization(org.id), bad, &core.me().await).await,
        "callback_at",
        "31/11/2026",
    );
}
