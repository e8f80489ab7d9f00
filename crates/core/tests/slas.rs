//! SLAs: defined by an admin (business hours in a time zone, holidays, targets per priority),
//! assigned to an organization (its sites inherit) or a person; a ticket logged under one gets its
//! due times in business hours, and closing it records whether the SLA was met.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::Error;
use fieldbook_core::service::hours::{Hours, Schedule, Window};
use fieldbook_core::service::slas::{Priority, SlaInput, SlaTarget};
use fieldbook_core::service::tickets::{TicketInput, TicketStatus};
use fieldbook_core::staff::Role;

fn office_hours() -> Schedule {
    Schedule {
        time_zone: "Europe/Berlin".into(),
        windows: (1..=5).map(|weekday| Window { weekday, open: 9 * 60, close: 17 * 60 }).collect(),
        holidays: vec!["2026-12-25".into(), "2026-12-24".into()],
    }
}

fn gold() -> SlaInput {
    SlaInput {
        name: "Gold".into(),
        schedule: office_hours(),
        targets: vec![
            SlaTarget {
                priority: Priority::Urgent,
                response_minutes: Some(60),
                resolution_minutes: Some(240),
            },
            SlaTarget {
                priority: Priority::Normal,
                response_minutes: Some(240),
                resolution_minutes: Some(2400),
            },
        ],
    }
}

fn seconds(instant: &str) -> i64 {
    instant.parse::<jiff::Timestamp>().unwrap().as_second()
}

#[tokio::test]
async fn an_admin_defines_slas_and_bad_ones_are_refused_with_the_field_named() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let slas = core.slas();
    let saved = slas.create(gold(), &me).await.unwrap();
    assert_eq!(saved.schedule.holidays, ["2026-12-24", "2026-12-25"], "sorted");
    assert_eq!(saved.targets[0].priority, Priority::Urgent);

    let tech = core.colleague("Tom Tech", Role::Technician).await;
    assert!(matches!(
        slas.create(SlaInput { name: "Silver".into(), ..gold() }, &tech).await,
        Err(Error::Forbidden(_))
    ));

    let with = |f: &dyn Fn(&mut SlaInput)| {
        let mut input = SlaInput { name: "Silver".into(), ..gold() };
        f(&mut input);
        input
    };
    assert_invalid(
        slas.create(with(&|i| i.schedule.windows.clear()), &me).await,
        "windows",
        "business hours",
    );
    assert_invalid(
        slas.create(with(&|i| i.schedule.time_zone = "Nowhere/Town".into()), &me).await,
        "time_zone",
        "not a time zone",
    );
    assert_invalid(
        slas.create(with(&|i| i.targets[0].resolution_minutes = Some(30)), &me).await,
        "targets",
        "sooner than its first response",
    );
    assert_invalid(
        slas.create(with(&|i| i.name = " gold ".into()), &me).await,
        "name",
        "already an SLA called",
    );
    assert_invalid(
        slas.create(with(&|i| i.targets[1].resolution_minutes = Some(500_000)), &me).await,
        "targets",
        "more business time than these hours give",
    );
    let every_day = |i: &mut SlaInput| {
        let mut day: jiff::civil::Date = jiff::Zoned::now().date();
        i.schedule.holidays = (0..3 * 366 + 7)
            .map(|_| {
                let text = day.to_string();
                day = day.tomorrow().unwrap();
                text
            })
            .collect();
    };
    assert_invalid(slas.create(with(&every_day), &me).await, "holidays", "every working day");
    assert_eq!(slas.list(true).await.unwrap().len(), 1, "nothing half-saved");
}

#[tokio::test]
async fn a_ticket_is_due_in_business_hours_under_the_sla_of_its_requester_or_organization() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let gold = core.slas().create(gold(), &me).await.unwrap();
    let mut bronze = SlaInput { name: "Bronze".into(), ..gold_input_with_hours() };
    bronze.targets =
        vec![SlaTarget { priority: Priority::Normal, response_minutes: Some(480), resolution_minutes: None }];
    let bronze = core.slas().create(bronze, &me).await.unwrap();
    let acme = core.org("Acme Dental").await;
    let site = core.site_of(&acme, "Acme North").await;
    let vip = core.person_at(&site, "Vera", "Ip").await;
    core.slas().assign_to_organization(acme.id, Some(gold.id)).await.unwrap();
    core.slas().assign_to_person(vip.id, Some(bronze.id)).await.unwrap();
    let shown = core.slas().of_organization(site.id).await.unwrap();
    assert_eq!(
        (shown.own, shown.effective.as_deref(), shown.inherited_from.as_deref()),
        (None, Some("Gold"), Some("Acme Dental"))
    );
    let theirs = core.slas().of_person(vip.id).await.unwrap();
    assert_eq!(
        (theirs.own, theirs.effective.as_deref(), theirs.inherited_from),
        (Some(bronze.id), Some("Bronze"), None)
    );
    let colleague = core.person_at(&site, "Carl", "Co").await;
    let shown = core.slas().of_person(colleague.id).await.unwrap();
    assert_eq!(
        (shown.own, shown.effective.as_deref(), shown.inherited_from.as_deref()),
        (None, Some("Gold"), Some("Acme Dental"))
    );
    let shown = core.slas().of_organization(acme.id).await.unwrap();
    assert_eq!(
        (shown.own, shown.effective.as_deref(), shown.inherited_from),
        (Some(gold.id), Some("Gold"), None)
    );

    let log = |org, requester, priority| TicketInput {
        organization_id: Some(org),
        requester_id: requester,
        subject: "Server down".into(),
        priority,
        ..TicketInput::default()
    };
    // The site works under its parent's SLA: due in Gold's business hours from when it was logged.
    let t = core.tickets().create(log(site.id, None, Priority::Urgent)).await.unwrap().ticket;
    assert_eq!((t.sla_name.as_deref(), t.priority), (Some("Gold"), Priority::Urgent));
    let hours = Hours::new(&office_hours()).unwrap();
    let opened = seconds(&t.opened_at);
    assert_eq!(seconds(t.response_due_at.as_deref().unwrap()), hours.due(opened, 60).unwrap());
    assert_eq!(seconds(t.resolution_due_at.as_deref().unwrap()), hours.due(opened, 240).unwrap());
    // A priority without a target: under the SLA, nothing due.
    let low = core.tickets().create(log(acme.id, None, Priority::Low)).await.unwrap().ticket;
    assert_eq!((low.sla_name.as_deref(), low.response_due_at.as_deref()), (Some("Gold"), None));
    // The requester's own SLA overrides the organization's.
    let theirs = core.tickets().create(log(site.id, Some(vip.id), Priority::Normal)).await.unwrap().ticket;
    assert_eq!(theirs.sla_name.as_deref(), Some("Bronze"));
    assert!(theirs.response_due_at.is_some() && theirs.resolution_due_at.is_none());
    // No SLA anywhere: no due times.
    let other = core.org("Cole Farms").await;
    let plain = core.tickets().create(log(other.id, None, Priority::High)).await.unwrap().ticket;
    assert_eq!((plain.sla_name, plain.response_due_at), (None, None));
    // An archived SLA no longer applies to new tickets; the old ones keep it.
    core.slas().set_archived(bronze.id, true, &me).await.unwrap();
    let after = core.tickets().create(log(site.id, Some(vip.id), Priority::Normal)).await.unwrap().ticket;
    assert_eq!(after.sla_name.as_deref(), Some("Gold"));
    assert_eq!(core.tickets().get(theirs.id).await.unwrap().sla_name.as_deref(), Some("Bronze"));
}

/// Gold's hours round the clock, so a test's ticket is always inside them.
fn gold_input_with_hours() -> SlaInput {
    let mut input = gold();
    input.schedule.windows = (1..=7).map(|weekday| Window { weekday, open: 0, close: 1440 }).collect();
    input.schedule.holidays.clear();
    input
}

#[tokio::test]
async fn closing_records_whether_the_sla_was_met() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let sla = core
        .slas()
        .create(SlaInput { name: "Always on".into(), ..gold_input_with_hours() }, &me)
        .await
        .unwrap();
    let org = core.org("Acme Dental").await;
    core.slas().assign_to_organization(org.id, Some(sla.id)).await.unwrap();
    let input = || TicketInput {
        organization_id: Some(org.id),
        subject: "Printer".into(),
        priority: Priority::Urgent,
        ..TicketInput::default()
    };
    // Answered and closed well within an hour and four: met.
    let quick = core.tickets().create(input()).await.unwrap().ticket;
    let answered = core.tickets().record_response(quick.id).await.unwrap();
    let first = answered.first_response_at.clone().unwrap();
    assert_eq!(
        core.tickets().record_response(quick.id).await.unwrap().first_response_at,
        Some(first),
        "the first stays"
    );
    let closed = core.tickets().set_status(quick.id, TicketStatus::Closed).await.unwrap().ticket;
    assert_eq!(closed.sla_result.as_deref(), Some("met"));
    // Reopened: no result until it is closed again.
    let reopened = core.tickets().set_status(quick.id, TicketStatus::Open).await.unwrap().ticket;
    assert_eq!(reopened.sla_result, None);

    // A ticket whose response was due before it was answered: breached.
    let late = core.tickets().create(input()).await.unwrap().ticket;
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(core.database_path()).connect().await.unwrap();
        sqlx::query("UPDATE tickets SET response_due_at = '2020-01-01T00:00:00.000Z' WHERE number = ?")
            .bind(late.number)
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    let closed = core.tickets().set_status(late.id, TicketStatus::Closed).await.unwrap().ticket;
    assert_eq!(closed.sla_result.as_deref(), Some("breached"));
}
