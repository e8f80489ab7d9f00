//! A ticket's thread: internal notes and replies to the customer, each with the time spent (a
//! time entry of the ticket), and the history the core writes — status changes, reassignments, a
//! new priority or requester — oldest first, by whoever did it.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::service::slas::Priority;
use fieldbook_core::service::thread::{UpdateInput, UpdateKind};
use fieldbook_core::service::tickets::{Ticket, TicketEdit, TicketInput, TicketStatus};
use fieldbook_core::staff::Role;
use fieldbook_core::{Error, TicketId};

fn edit_of(t: &Ticket) -> TicketEdit {
    TicketEdit {
        organization_id: None,
        subject: t.subject.clone(),
        description: t.description.clone(),
        requester_id: t.requester_id,
        priority: t.priority,
        assignee_id: t.assignee_id,
        system_id: t.system_id,
        requester_department: t.requester_department.clone(),
        requester_location: t.requester_location.clone(),
        requester_phone: t.requester_phone.clone(),
        requester_email: t.requester_email.clone(),
        custom: None,
    }
}

fn note(kind: UpdateKind, body: &str, minutes: Option<i64>) -> UpdateInput {
    UpdateInput { kind, body: body.into(), minutes, billable: true, work_date: Some("2026-11-02".into()) }
}

async fn lines(core: &TestCore, ticket: TicketId) -> Vec<(UpdateKind, String, Option<String>, Option<i64>)> {
    core.thread()
        .list(ticket)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.kind, u.body, u.author_name, u.minutes))
        .collect()
}

#[tokio::test]
async fn notes_and_replies_log_their_time_and_the_history_follows_every_change() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let pia = core.person_at(&acme, "Pia", "Patient").await;
    let tom = core.colleague("Tom Tech", Role::Technician).await;
    let cy = core.colleague("Cy Office", Role::Office).await;
    let ticket = core
        .tickets()
        .create(TicketInput {
            organization_id: Some(acme.id),
            subject: "Printer offline".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .ticket;

    // Tom's internal note with half an hour: logged as the ticket's time, first line as its text.
    let posted = core
        .thread()
        .post(ticket.id, note(UpdateKind::Note, "Toner empty\nOrdered a new one", Some(30)), &tom)
        .await
        .unwrap();
    assert_eq!((posted.minutes, posted.billable), (Some(30), Some(true)));
    let entries = core.tickets().time_entries(ticket.id).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].minutes, entries[0].work_date.as_str(), entries[0].description.as_deref()),
        (30, "2026-11-02", Some("Toner empty"))
    );
    assert!(core.tickets().get(ticket.id).await.unwrap().first_response_at.is_none(), "a note is no reply");
    // A reply is the first response.
    core.thread()
        .post(ticket.id, note(UpdateKind::Reply, "The toner arrives tomorrow.", None), &tom)
        .await
        .unwrap();
    let answered = core.tickets().get(ticket.id).await.unwrap().first_response_at.expect("answered");
    core.thread().post(ticket.id, note(UpdateKind::Reply, "Fitted.", Some(10)), &tom).await.unwrap();
    assert_eq!(
        core.tickets().get(ticket.id).await.unwrap().first_response_at.unwrap(),
        answered,
        "the first stays"
    );

    // The history, by this machine's user (Ann): reassignments, priority, requester, status.
    let t = core.tickets().get(ticket.id).await.unwrap();
    core.tickets()
        .update(
            ticket.id,
            TicketEdit { assignee_id: Some(tom.id), priority: Priority::Urgent, ..edit_of(&t) },
        )
        .await
        .unwrap();
    let t = core.tickets().get(ticket.id).await.unwrap();
    core.tickets()
        .update(ticket.id, TicketEdit { assignee_id: Some(cy.id), requester_id: Some(pia.id), ..edit_of(&t) })
        .await
        .unwrap();
    // Saving unchanged writes nothing.
    let t = core.tickets().get(ticket.id).await.unwrap();
    core.tickets().update(ticket.id, edit_of(&t)).await.unwrap();
    core.tickets().set_status(ticket.id, TicketStatus::Waiting).await.unwrap();
    core.tickets().set_status(ticket.id, TicketStatus::Closed).await.unwrap();

    let ann = Some("Ann Admin".to_owned());
    let tom_name = Some("Tom Tech".to_owned());
    assert_eq!(
        lines(&core, ticket.id).await,
        [
            (UpdateKind::Note, "Toner empty\nOrdered a new one".into(), tom_name.clone(), Some(30)),
            (UpdateKind::Reply, "The toner arrives tomorrow.".into(), tom_name.clone(), None),
            (UpdateKind::Reply, "Fitted.".into(), tom_name.clone(), Some(10)),
            (UpdateKind::Change, "Assigned to Tom Tech".into(), ann.clone(), None),
            (UpdateKind::Change, "Priority: Normal → Urgent".into(), ann.clone(), None),
            (UpdateKind::Change, "Reassigned from Tom Tech to Cy Office".into(), ann.clone(), None),
            (UpdateKind::Change, "Requester: nobody → Pia Patient".into(), ann.clone(), None),
            (UpdateKind::Change, "Status: Open → Waiting".into(), ann.clone(), None),
            (UpdateKind::Change, "Status: Waiting → Closed".into(), ann.clone(), None),
        ]
    );
    let _ = me;
}

#[tokio::test]
async fn a_bad_update_is_refused_whole_and_deleting_its_time_keeps_the_update() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let ticket = core
        .tickets()
        .create(TicketInput {
            organization_id: Some(acme.id),
            subject: "Server".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .ticket;
    let thread = core.thread();
    assert_invalid(
        thread.post(ticket.id, note(UpdateKind::Note, "  ", Some(30)), &me).await,
        "body",
        "Write",
    );
    assert_invalid(
        thread.post(ticket.id, note(UpdateKind::Change, "Status: faked", None), &me).await,
        "kind",
        "note",
    );
    assert_invalid(
        thread.post(ticket.id, note(UpdateKind::Note, "Long day", Some(2000)), &me).await,
        "minutes",
        "1440",
    );
    assert_invalid(
        thread
            .post(
                ticket.id,
                UpdateInput { work_date: Some("yesterday".into()), ..note(UpdateKind::Note, "x", Some(5)) },
                &me,
            )
            .await,
        "work_date",
        "yesterday",
    );
    assert_invalid(
        thread.post(ticket.id, note(UpdateKind::Note, &"x".repeat(20_001), None), &me).await,
        "body",
        "20,000",
    );
    let missing = thread.post(TicketId::new(), note(UpdateKind::Note, "Hello", Some(5)), &me).await;
    assert!(matches!(missing, Err(Error::NotFound { .. })), "{missing:?}");
    assert!(thread.list(ticket.id).await.unwrap().is_empty(), "nothing half-written");
    assert!(core.tickets().time_entries(ticket.id).await.unwrap().is_empty());

    let posted = thread.post(ticket.id, note(UpdateKind::Note, "Rebooted", Some(15)), &me).await.unwrap();
    core.tickets().delete_time(posted.time_entry_id.unwrap()).await.unwrap();
    assert_eq!(
        lines(&core, ticket.id).await,
        [(UpdateKind::Note, "Rebooted".into(), Some("Ann Admin".into()), None)]
    );
}

#[tokio::test]
async fn a_ticket_moves_to_another_organization_until_its_time_is_billed() {
    use fieldbook_core::invoices::InvoiceRun;
    use fieldbook_core::service::tickets::TimeEntryInput;
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let bolt = core.org("Bolt Logistics").await;
    let pia = core.person_at(&acme, "Pia", "Patient").await;
    let ben = core.person_at(&bolt, "Ben", "Bolt").await;
    let ticket = core
        .tickets()
        .create(TicketInput {
            organization_id: Some(acme.id),
            requester_id: Some(pia.id),
            subject: "Van tracker offline".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .ticket;
    // Logged at the wrong customer: Pia is not one of Bolt's people.
    let to_bolt = TicketEdit { organization_id: Some(bolt.id), ..edit_of(&ticket) };
    assert_invalid(
        core.tickets().update(ticket.id, to_bolt.clone()).await,
        "requester_id",
        "organization's people",
    );
    let moved =
        core.tickets().update(ticket.id, TicketEdit { requester_id: Some(ben.id), ..to_bolt }).await.unwrap();
    assert_eq!((moved.organization_id, moved.requester_name.as_deref()), (bolt.id, Some("Ben Bolt")));
    let history = lines(&core, ticket.id).await;
    assert!(history.iter().any(|l| l.1 == "Moved from Acme Dental to Bolt Logistics"), "{history:?}");

    // Once its time is on an invoice it stays, until the invoice is voided.
    let entry =
        TimeEntryInput { work_date: "2026-10-05".into(), minutes: 30, billable: true, ..Default::default() };
    core.tickets().add_time(ticket.id, entry).await.unwrap();
    let run = InvoiceRun {
        period_from: "2026-10-01".into(),
        period_to: "2026-10-31".into(),
        issue_date: "2026-11-01".into(),
        organization_id: None,
        from_earliest: false,
    };
    let invoice = core.invoices().create_for_period(run, &me).await.unwrap().remove(0);
    let back = TicketEdit { organization_id: Some(acme.id), requester_id: None, ..edit_of(&moved) };
    assert_invalid(
        core.tickets().update(ticket.id, back.clone()).await,
        "organization_id",
        &format!("billed to Bolt Logistics on invoice {}", invoice.number),
    );
    assert_eq!(core.tickets().get(ticket.id).await.unwrap().organization_id, bolt.id, "nothing half-written");
    core.invoices().void(invoice.id, "Wrong customer", "2026-11-02", &me).await.unwrap();
    assert_eq!(core.tickets().update(ticket.id, back).await.unwrap().organization_id, acme.id);
}
