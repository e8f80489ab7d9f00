//! The ticket desk: every organization's tickets filtered by status, priority, organization (with
//! its sites), assignee, overdue and SLA breached, found by number or subject, sorted by due time;
//! and editing a ticket (a new priority moves its due times under its SLA).

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::service::hours::{Schedule, Window};
use fieldbook_core::service::slas::{Priority, SlaInput, SlaTarget};
use fieldbook_core::service::tickets::{
    StatusFilter, Ticket, TicketEdit, TicketInput, TicketQuery, TicketStatus,
};
use fieldbook_core::staff::Role;

fn always_on() -> SlaInput {
    let target = |priority, response, resolution| SlaTarget {
        priority,
        response_minutes: Some(response),
        resolution_minutes: Some(resolution),
    };
    SlaInput {
        name: "Always on".into(),
        schedule: Schedule {
            time_zone: "UTC".into(),
            windows: (1..=7).map(|weekday| Window { weekday, open: 0, close: 1440 }).collect(),
            holidays: vec![],
        },
        targets: vec![target(Priority::Urgent, 30, 120), target(Priority::Normal, 240, 2880)],
    }
}

fn numbers(tickets: &[Ticket]) -> Vec<i64> {
    tickets.iter().map(|t| t.number).collect()
}

/// Sets a column of a ticket directly (to put a due time in the past).
async fn set(core: &TestCore, number: i64, column: &str, value: &str) {
    use sqlx::{ConnectOptions, Connection};
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(core.database_path()).connect().await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE tickets SET {column} = ? WHERE number = ?")))
        .bind(value)
        .bind(number)
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn the_desk_filters_every_organizations_tickets_and_sorts_them_by_due_time() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let sla = core.slas().create(always_on(), &me).await.unwrap();
    let acme = core.org("Acme Dental").await;
    let north = core.site_of(&acme, "Acme North").await;
    let bolt = core.org("Bolt Logistics").await;
    core.slas().assign_to_organization(acme.id, Some(sla.id)).await.unwrap();
    let tech = core.colleague("Tom Tech", Role::Technician).await;
    let log = async |org: &fieldbook_core::organizations::Organization, subject: &str, priority| {
        let input = TicketInput {
            organization_id: Some(org.id),
            subject: subject.into(),
            priority,
            ..TicketInput::default()
        };
        core.tickets().create(input).await.unwrap().ticket
    };
    let printer = log(&acme, "Printer offline", Priority::Normal).await; // due in 48 h
    let server = log(&north, "Server down", Priority::Urgent).await; // due in 2 h
    let laptop = log(&bolt, "New laptop", Priority::High).await; // no SLA
    let mail = log(&acme, "Mail bounces", Priority::Normal).await;
    core.tickets().set_status(mail.id, TicketStatus::Closed).await.unwrap();
    let edit = |t: &Ticket, assignee| TicketEdit {
        subject: t.subject.clone(),
        description: None,
        requester_id: None,
        priority: t.priority,
        assignee_id: assignee,
        ..TicketEdit::default()
    };
    core.tickets().update(server.id, edit(&server, Some(tech.id))).await.unwrap();

    let core = &core;
    let desk = async |q: TicketQuery| {
        let list = core.tickets().desk(&q, 0, 100).await.unwrap();
        assert_eq!(core.tickets().desk_count(&q).await.unwrap(), list.len() as i64, "{q:?}");
        numbers(&list)
    };
    // Not closed, soonest due first, those without a due time last.
    assert_eq!(desk(TicketQuery::default()).await, [server.number, printer.number, laptop.number]);
    assert_eq!(desk(TicketQuery { status: StatusFilter::All, ..Default::default() }).await.len(), 4);
    assert_eq!(desk(TicketQuery { status: StatusFilter::Closed, ..Default::default() }).await, [mail.number]);
    assert_eq!(
        desk(TicketQuery { priority: Some(Priority::Urgent), ..Default::default() }).await,
        [server.number]
    );
    // An organization with its sites.
    assert_eq!(
        desk(TicketQuery { organization_id: Some(acme.id), ..Default::default() }).await,
        [server.number, printer.number]
    );
    assert_eq!(desk(TicketQuery { assignee_id: Some(tech.id), ..Default::default() }).await, [server.number]);
    assert_eq!(
        desk(TicketQuery { unassigned: true, ..Default::default() }).await,
        [printer.number, laptop.number]
    );
    // One person's (their page).
    let pat = core.person_at(&bolt, "Pat", "Bolt").await;
    let asked = TicketInput {
        organization_id: Some(bolt.id),
        requester_id: Some(pat.id),
        subject: "Scanner".into(),
        ..TicketInput::default()
    };
    let scanner = core.tickets().create(asked).await.unwrap().ticket;
    assert_eq!(
        desk(TicketQuery { requester_id: Some(pat.id), ..Default::default() }).await,
        [scanner.number]
    );
    core.tickets().set_status(scanner.id, TicketStatus::Closed).await.unwrap();
    // By number or words of the subject (LIKE's wildcards are plain characters).
    assert_eq!(
        desk(TicketQuery { text: Some(format!("#{}", laptop.number)), ..Default::default() }).await,
        [laptop.number]
    );
    assert_eq!(
        desk(TicketQuery { text: Some("printer".into()), ..Default::default() }).await,
        [printer.number]
    );
    assert!(desk(TicketQuery { text: Some("%".into()), ..Default::default() }).await.is_empty());
    // Three letters or more go through the trigram index: anywhere in the subject, any case; a
    // quote is a plain character; a changed subject is found by its new words only.
    let all =
        |text: &str| TicketQuery { text: Some(text.into()), status: StatusFilter::All, ..Default::default() };
    assert_eq!(desk(all("INTER")).await, [printer.number]);
    assert_eq!(desk(all("ail bou")).await, [mail.number]);
    assert!(desk(all("\"printer")).await.is_empty());
    let t = core.tickets().get(scanner.id).await.unwrap();
    let renamed = TicketEdit {
        subject: "Flatbed copier".into(),
        description: None,
        requester_id: t.requester_id,
        priority: t.priority,
        ..TicketEdit::default()
    };
    core.tickets().update(scanner.id, renamed).await.unwrap();
    assert_eq!(desk(all("flatbed")).await, [scanner.number]);
    assert!(desk(all("scanner")).await.is_empty(), "the old subject is out of the index");
    // Closed ones: the latest closed first (the scanner was closed after the mail ticket).
    assert_eq!(
        desk(TicketQuery { status: StatusFilter::Closed, ..Default::default() }).await,
        [scanner.number, mail.number]
    );
    assert_eq!(
        desk(TicketQuery { status: StatusFilter::All, ..Default::default() }).await[3..],
        [scanner.number, mail.number],
        "after those not closed"
    );

    // Overdue: past its response (not answered) or resolution due time; breached: that, or
    // closed with the SLA breached.
    set(core, printer.number, "response_due_at", "2020-01-01T00:00:00.000Z").await;
    assert_eq!(desk(TicketQuery { overdue: true, ..Default::default() }).await, [printer.number]);
    core.tickets().record_response(printer.id).await.unwrap();
    assert!(
        desk(TicketQuery { overdue: true, ..Default::default() }).await.is_empty(),
        "answered: no longer late"
    );
    set(core, server.number, "resolution_due_at", "2020-01-01T00:00:00.000Z").await;
    core.tickets().set_status(server.id, TicketStatus::Closed).await.unwrap();
    let breached = TicketQuery { breached: true, status: StatusFilter::All, ..Default::default() };
    assert_eq!(desk(breached).await, [server.number]);
}

#[tokio::test]
async fn editing_a_ticket_checks_what_it_is_given_and_a_new_priority_moves_its_due_times() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let sla = core.slas().create(always_on(), &me).await.unwrap();
    let acme = core.org("Acme Dental").await;
    let other = core.org("Cole Farms").await;
    let stranger = core.person_at(&other, "Cal", "Cole").await;
    let ann = core
        .people()
        .create(fieldbook_core::people::PersonInput {
            organization_id: Some(acme.id),
            department: Some("Reception".into()),
            location: Some("Ground floor".into()),
            mobile: Some("+44 7700 900123".into()),
            email: Some("ann@acme.example".into()),
            ..common::person_input("Ann", "Acme")
        })
        .await
        .unwrap();
    core.slas().assign_to_organization(acme.id, Some(sla.id)).await.unwrap();
    let input =
        TicketInput { organization_id: Some(acme.id), subject: "Printer".into(), ..TicketInput::default() };
    let t = core.tickets().create(input).await.unwrap().ticket;
    let opened = t.opened_at.parse::<jiff::Timestamp>().unwrap().as_second();
    let due =
        |at: &Option<String>| at.as_deref().unwrap().parse::<jiff::Timestamp>().unwrap().as_second() - opened;
    assert_eq!((due(&t.response_due_at), due(&t.resolution_due_at)), (240 * 60, 2880 * 60));

    // Logged for a requester: their details are copied onto the ticket.
    let asked = TicketInput {
        requester_id: Some(ann.id),
        ..TicketInput { organization_id: Some(acme.id), subject: "Badge".into(), ..TicketInput::default() }
    };
    let badge = core.tickets().create(asked).await.unwrap().ticket;
    assert_eq!(
        (
            badge.requester_department.as_deref(),
            badge.requester_location.as_deref(),
            badge.requester_phone.as_deref(),
            badge.requester_email.as_deref()
        ),
        (Some("Reception"), Some("Ground floor"), Some("+44 7700 900123"), Some("ann@acme.example"))
    );
    // Details the form changed before logging are kept as given.
    let typed = TicketInput {
        organization_id: Some(acme.id),
        requester_id: Some(ann.id),
        subject: "Badge again".into(),
        requester_location: Some("Visiting the warehouse".into()),
        requester_email: Some("ann@acme.example".into()),
        ..TicketInput::default()
    };
    let typed = core.tickets().create(typed).await.unwrap().ticket;
    assert_eq!(
        (typed.requester_location.as_deref(), typed.requester_department.as_deref()),
        (Some("Visiting the warehouse"), None)
    );
    let bad = TicketInput {
        requester_email: Some("nope".into()),
        ..TicketInput { organization_id: Some(acme.id), subject: "x".into(), ..TicketInput::default() }
    };
    assert_invalid(core.tickets().create(bad).await, "requester_email", "not an email address");
    let edit = TicketEdit {
        organization_id: None,
        subject: "Printer on fire".into(),
        description: Some("Second floor".into()),
        requester_id: Some(ann.id),
        priority: Priority::Urgent,
        assignee_id: Some(me.id),
        requester_department: Some("Reception".into()),
        requester_location: Some("Second floor, by the window".into()),
        requester_phone: Some("+44 7700 900123".into()),
        requester_email: Some("ann@acme.example".into()),
        system_id: None,
        custom: None,
    };
    let changed = core.tickets().update(t.id, edit.clone()).await.unwrap();
    assert_eq!(
        (changed.subject.as_str(), changed.requester_name.as_deref(), changed.assignee_name.as_deref()),
        ("Printer on fire", Some("Ann Acme"), Some("Ann Admin"))
    );
    assert_eq!((due(&changed.response_due_at), due(&changed.resolution_due_at)), (30 * 60, 120 * 60));
    assert_eq!(
        changed.requester_location.as_deref(),
        Some("Second floor, by the window"),
        "edited on the ticket"
    );
    assert_invalid(
        core.tickets()
            .update(t.id, TicketEdit { requester_email: Some("not an address".into()), ..edit.clone() })
            .await,
        "requester_email",
        "not an email address",
    );

    assert_invalid(
        core.tickets().update(t.id, TicketEdit { subject: " ".into(), ..edit.clone() }).await,
        "subject",
        "subject",
    );
    assert_invalid(
        core.tickets().update(t.id, TicketEdit { requester_id: Some(stranger.id), ..edit.clone() }).await,
        "requester_id",
        "one of the organization's people",
    );
    let gone = core.colleague("Gone Staff", Role::Technician).await;
    let inactive = fieldbook_core::staff::StaffInput {
        active: false,
        ..common::staff_input("Gone Staff", Role::Technician)
    };
    core.staff().update(gone.id, inactive, &me).await.unwrap();
    assert_invalid(
        core.tickets().update(t.id, TicketEdit { assignee_id: Some(gone.id), ..edit.clone() }).await,
        "assignee_id",
        "active",
    );
    assert_eq!(core.tickets().get(t.id).await.unwrap(), changed, "a refused edit changes nothing");
    // A member who left stays on the tickets they had: those can still be edited.
    let before_leaving = core.colleague("Lee Leaving", Role::Technician).await;
    let theirs = core
        .tickets()
        .update(t.id, TicketEdit { assignee_id: Some(before_leaving.id), ..edit.clone() })
        .await
        .unwrap();
    let left = fieldbook_core::staff::StaffInput {
        active: false,
        ..common::staff_input("Lee Leaving", Role::Technician)
    };
    core.staff().update(before_leaving.id, left, &me).await.unwrap();
    let fixed =
        TicketEdit { subject: "Printer on fire (2nd floor)".into(), assignee_id: theirs.assignee_id, ..edit };
    assert_eq!(
        core.tickets().update(t.id, fixed).await.unwrap().assignee_name.as_deref(),
        Some("Lee Leaving")
    );
}
