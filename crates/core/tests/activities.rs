//! Planned activities and My agenda (with the note call-backs).

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::activities::{ActivityInput, ActivityStatus, AgendaFor, AgendaItem, AgendaQuery};
use fieldbook_core::choices::ChoiceList;
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::staff::Role;
use fieldbook_core::stream::{StreamKind, StreamQuery};

async fn kind(t: &TestCore, name: &str) -> Option<fieldbook_core::ChoiceId> {
    t.choices()
        .list(ChoiceList::ActivityType)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| c.id)
}

fn titles(items: &[AgendaItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            AgendaItem::Activity(a) => format!("{} {}", a.due_at, a.subject),
            AgendaItem::Callback { due_at, body, .. } => format!("{due_at} call back: {body}"),
        })
        .collect()
}

#[tokio::test]
async fn plan_see_on_my_agenda_complete_and_the_outcome_is_in_the_stream() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let bob = t.colleague("Bob", Role::Technician).await;
    let acme = t.org("Acme").await;
    let ann = t.person_at(&acme, "Ann", "Archer").await;
    let about = NoteSubject::Organization(acme.id);
    let plan = |subject: &str, due: &str, who| ActivityInput {
        type_id: None,
        subject: subject.into(),
        due_at: due.into(),
        assignee_id: who,
    };
    let visit = kind(&t, "Visit").await;
    let review = kind(&t, "Review").await;
    let overdue = t
        .activities()
        .create(
            about,
            ActivityInput { type_id: review, ..plan("Annual review", "2026-11-27 10:00", Some(me.id)) },
            &me,
        )
        .await
        .unwrap();
    t.activities()
        .create(
            about,
            ActivityInput { type_id: visit, ..plan("Swap the UPS", "2026-11-30 15:00", Some(me.id)) },
            &me,
        )
        .await
        .unwrap();
    t.activities()
        .create(
            NoteSubject::Person(ann.id),
            ActivityInput { type_id: visit, ..plan("Training", "2026-12-03T09:30", None) },
            &me,
        )
        .await
        .unwrap();
    t.activities()
        .create(
            about,
            ActivityInput { type_id: visit, ..plan("Bob's visit", "2026-11-30 16:00", Some(bob.id)) },
            &me,
        )
        .await
        .unwrap();
    t.activities()
        .create(
            about,
            ActivityInput { type_id: visit, ..plan("Next year", "2027-06-01 09:00", Some(me.id)) },
            &me,
        )
        .await
        .unwrap();
    let callback = NoteInput {
        body: "Call about the renewal".into(),
        callback_at: Some("2026-11-30 11:00".into()),
        ..NoteInput::default()
    };
    t.notes().create(about, callback, &me).await.unwrap();

    // Bad input names the field.
    assert_invalid(
        t.activities().create(about, plan("x", "2026-11-30 10:00", None), &me).await,
        "type_id",
        "Choose a type",
    );
    assert_invalid(
        t.activities()
            .create(about, ActivityInput { type_id: visit, ..plan("x", "tomorrow", None) }, &me)
            .await,
        "due_at",
        "not a date",
    );
    let member_role = t.choices().list(ChoiceList::MemberRole).await.unwrap()[0].id;
    assert_invalid(
        t.activities()
            .create(
                about,
                ActivityInput { type_id: Some(member_role), ..plan("x", "2026-11-30 10:00", None) },
                &me,
            )
            .await,
        "type_id",
        "activity type",
    );

    let now = "2026-11-30T12:00".to_owned();
    let agenda = t
        .activities()
        .agenda(AgendaQuery { who: AgendaFor::Staff(me.id), now: now.clone(), days: None })
        .await
        .unwrap();
    assert_eq!(
        titles(&agenda.overdue),
        ["2026-11-27T10:00 Annual review", "2026-11-30T11:00 call back: Call about the renewal"]
    );
    assert_eq!(titles(&agenda.today), ["2026-11-30T15:00 Swap the UPS"]);
    assert_eq!(
        titles(&agenda.upcoming),
        ["2026-12-03T09:30 Training"],
        "unassigned work is everyone's; next June is beyond 14 days"
    );
    let anyone =
        t.activities().agenda(AgendaQuery { who: AgendaFor::Anyone, now, days: None }).await.unwrap();
    assert_eq!(titles(&anyone.today), ["2026-11-30T15:00 Swap the UPS", "2026-11-30T16:00 Bob's visit"]);

    // Done needs an outcome; the outcome goes to the stream; a done activity stays done.
    assert_invalid(t.activities().complete(overdue.id, "  ", &me).await, "outcome", "Say how it went");
    let done = t.activities().complete(overdue.id, "Renewed for two years", &me).await.unwrap();
    assert_eq!(done.status, ActivityStatus::Done);
    assert_invalid(t.activities().cancel(overdue.id, "", &me).await, "status", "already done");
    let stream = t
        .stream()
        .page(StreamQuery {
            subject: about,
            include_related: false,
            kinds: vec![StreamKind::Activity],
            before: None,
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(stream.entries[0].body, "Review done: Annual review — Renewed for two years");
    let list = t.activities().list(about).await.unwrap();
    assert_eq!(
        list.last().map(|a| a.subject.as_str()),
        Some("Annual review"),
        "closed ones after the planned"
    );
}
