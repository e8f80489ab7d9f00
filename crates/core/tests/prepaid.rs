//! Prepaid hours: a contract's block pays for billable time on the tickets it covers before
//! anything is invoiced; only the overage reaches invoices, once; voiding an invoice returns the
//! hours; top-ups are recorded; logging a ticket warns once the block is used up.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::billing::BillingSettings;
use fieldbook_core::invoices::InvoiceRun;
use fieldbook_core::organizations::Organization;
use fieldbook_core::service::contracts::{Contract, ContractInput, ContractKind, Renewal};
use fieldbook_core::service::prepaid::{Prepaid, TopUpInput};
use fieldbook_core::service::tickets::{TicketInput, TimeEntryInput};
use fieldbook_core::{PersonId, TicketId};

/// €80 an hour, no tax: an hour is 8,000 cents.
async fn settings(t: &TestCore) {
    let s = BillingSettings {
        currency: "EUR".into(),
        hourly_rate: 8_000,
        tax_rate_bp: 0,
        payment_terms_days: 14,
        invoice_prefix: "RE-".into(),
        ..Default::default()
    };
    t.billing().update_settings(s).await.unwrap();
}

fn block(org: &Organization, person: Option<PersonId>, name: &str, hours: i64, ends: &str) -> ContractInput {
    ContractInput {
        organization_id: Some(org.id),
        person_id: person,
        name: name.into(),
        kind: ContractKind::PrepaidHours,
        starts_on: "2026-01-01".into(),
        ends_on: Some(ends.into()),
        renewal: Renewal::None,
        notice_days: None,
        value: None,
        billing_cycle: None,
        notes: None,
        items: vec![],
        prepaid_minutes: Some(hours * 60),
        custom: None,
    }
}

async fn ticket(t: &TestCore, org: &Organization, requester: Option<PersonId>, subject: &str) -> TicketId {
    let input = TicketInput {
        organization_id: Some(org.id),
        requester_id: requester,
        subject: subject.into(),
        ..Default::default()
    };
    t.tickets().create(input).await.unwrap().ticket.id
}

async fn work(t: &TestCore, ticket: TicketId, date: &str, minutes: i64) {
    let entry = TimeEntryInput { work_date: date.into(), minutes, billable: true, ..Default::default() };
    t.tickets().add_time(ticket, entry).await.unwrap();
}

fn run(from: &str, to: &str, issue: &str) -> InvoiceRun {
    InvoiceRun {
        period_from: from.into(),
        period_to: to.into(),
        issue_date: issue.into(),
        organization_id: None,
        from_earliest: false,
    }
}

async fn standing(t: &TestCore, contract: &Contract) -> Prepaid {
    t.contracts().get(contract.id).await.unwrap().prepaid.expect("a prepaid-hours contract shows its block")
}

fn hours(total: i64, invoiced: i64, pending: i64, left: i64) -> Prepaid {
    Prepaid {
        total_minutes: total * 60,
        invoiced_minutes: invoiced * 60,
        pending_minutes: pending * 60,
        left_minutes: left * 60,
    }
}

#[tokio::test]
async fn the_block_pays_first_the_overage_is_invoiced_once_and_voiding_returns_the_hours() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let c =
        t.contracts().create(block(&acme, None, "Support block 2026", 10, "2026-12-31"), &me).await.unwrap();
    assert_eq!(standing(&t, &c).await, hours(10, 0, 0, 10));

    let printer = ticket(&t, &acme, None, "Printer offline").await;
    let server = ticket(&t, &acme, None, "Server migration").await;
    work(&t, printer, "2026-03-02", 6 * 60).await;
    work(&t, server, "2026-03-03", 6 * 60).await;
    // Logged, not invoiced: pending, and the unbilled amount is the overage's only.
    assert_eq!(standing(&t, &c).await, hours(10, 0, 10, 0));
    let unbilled = t.tickets().unbilled(acme.id).await.unwrap();
    assert_eq!((unbilled.minutes, unbilled.prepaid_minutes, unbilled.amount), (720, 600, 2 * 8_000));

    let march = run("2026-03-01", "2026-03-31", "2026-04-01");
    let invoice = t.invoices().create_for_period(march.clone(), &me).await.unwrap().remove(0);
    // Earliest work first: the printer's 6 h from the block, 4 h of the server's, 2 h billed.
    assert_eq!(invoice.lines.len(), 2);
    let (first, second) = (&invoice.lines[0], &invoice.lines[1]);
    assert_eq!((first.minutes, first.prepaid_minutes, first.amount), (Some(360), Some(360), 0));
    assert_eq!((second.minutes, second.prepaid_minutes, second.amount), (Some(360), Some(240), 2 * 8_000));
    assert_eq!(first.description, format!("#1 Printer offline (6 h from prepaid hours)"));
    assert!(second.description.ends_with("(4 h from prepaid hours)"), "{}", second.description);
    assert_eq!(invoice.total, 16_000);
    assert_eq!(standing(&t, &c).await, hours(10, 10, 0, 0));
    // Invoiced once: running the period again finds nothing.
    assert!(t.invoices().create_for_period(march.clone(), &me).await.unwrap().is_empty());
    // More work once the block is used up is billed in full.
    work(&t, printer, "2026-04-02", 60).await;
    let april =
        t.invoices().create_for_period(run("2026-04-01", "2026-04-30", "2026-05-01"), &me).await.unwrap();
    assert_eq!((april[0].lines[0].prepaid_minutes, april[0].total), (None, 8_000));

    // Voiding the March invoice returns its 10 hours; a top-up of 5 h is recorded; compiled
    // again, the block (now 15 h) pays for all 12 h.
    t.invoices().void(invoice.id, "Wrong period", "2026-04-02", &me).await.unwrap();
    assert_eq!(standing(&t, &c).await, hours(10, 0, 10, 0));
    let top =
        TopUpInput { minutes: 5 * 60, added_on: "2026-04-03".into(), note: Some("Ordered 5 more".into()) };
    assert_eq!(t.prepaid().top_up(c.id, top, &me).await.unwrap(), hours(15, 0, 12, 3));
    let again = t.invoices().create_for_period(march, &me).await.unwrap().remove(0);
    assert_eq!(again.total, 0, "all of it prepaid");
    assert_eq!(standing(&t, &c).await, hours(15, 12, 0, 3));
    let top_ups = t.prepaid().top_ups(c.id).await.unwrap();
    assert_eq!(top_ups.len(), 2);
    assert_eq!((top_ups[0].minutes, top_ups[0].note.as_deref()), (300, Some("Ordered 5 more")));
    assert_eq!(top_ups[0].added_by.as_deref(), Some("Ann Admin"));
    assert_eq!((top_ups[1].minutes, top_ups[1].added_on.as_str()), (600, "2026-01-01"));
}

#[tokio::test]
async fn a_block_covers_its_sites_and_the_persons_own_block_is_used_first_while_in_force() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let depot = t.site_of(&acme, "Acme Depot").await;
    let boss = t.person_at(&acme, "Bea", "Boss").await;
    let company =
        t.contracts().create(block(&acme, None, "Company block", 3, "2026-06-30"), &me).await.unwrap();
    let personal =
        t.contracts().create(block(&acme, Some(boss.id), "Bea's block", 1, "2026-12-31"), &me).await.unwrap();

    let hers = ticket(&t, &acme, Some(boss.id), "Laptop").await;
    let at_depot = ticket(&t, &depot, None, "Scanner").await;
    work(&t, hers, "2026-02-01", 90).await;
    work(&t, at_depot, "2026-02-02", 60).await;
    // After the company block has ended, nothing covers the depot.
    work(&t, at_depot, "2026-07-01", 60).await;
    let invoices =
        t.invoices().create_for_period(run("2026-01-01", "2026-12-31", "2027-01-05"), &me).await.unwrap();
    let depot_invoice = invoices.iter().find(|i| i.organization_id == depot.id).unwrap();
    let amounts: Vec<(Option<i64>, i64)> =
        depot_invoice.lines.iter().map(|l| (l.prepaid_minutes, l.amount)).collect();
    assert_eq!(amounts, [(Some(60), 8_000)], "February's hour prepaid, July's billed");
    assert_eq!(standing(&t, &personal).await.invoiced_minutes, 60, "her own hour first");
    assert_eq!(
        standing(&t, &company).await.invoiced_minutes,
        30 + 60,
        "her other half hour and the depot's February hour from the company's"
    );
}

#[tokio::test]
async fn bad_top_ups_and_kind_changes_are_refused_with_a_sentence() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let c = t.contracts().create(block(&acme, None, "Block", 2, "2026-12-31"), &me).await.unwrap();
    let printer = ticket(&t, &acme, None, "Printer").await;
    work(&t, printer, "2026-03-02", 90).await;
    t.invoices().create_for_period(run("2026-03-01", "2026-03-31", "2026-04-01"), &me).await.unwrap();

    let top = |minutes| TopUpInput { minutes, added_on: "2026-04-01".into(), note: None };
    assert_invalid(t.prepaid().top_up(c.id, top(0), &me).await, "minutes", "hours");
    // Correcting the block below what was invoiced would leave the invoice paying with hours
    // that never were.
    assert_invalid(t.prepaid().top_up(c.id, top(-60), &me).await, "minutes", "1 h 30 min already invoiced");
    assert_eq!(t.prepaid().top_up(c.id, top(-30), &me).await.unwrap().left_minutes, 0);
    assert_invalid(
        t.prepaid().top_up(c.id, TopUpInput { added_on: "soon".into(), ..top(60) }, &me).await,
        "added_on",
        "soon",
    );
    let support = ContractInput {
        kind: ContractKind::Support,
        prepaid_minutes: None,
        ..block(&acme, None, "S", 1, "2026-12-31")
    };
    assert_invalid(
        t.prepaid().top_up(t.contracts().create(support.clone(), &me).await.unwrap().id, top(60), &me).await,
        "minutes",
        "prepaid-hours",
    );
    assert_invalid(
        t.contracts().create(ContractInput { prepaid_minutes: Some(60), ..support.clone() }, &me).await,
        "prepaid_minutes",
        "prepaid-hours",
    );
    // A block in use stays a block.
    assert_invalid(
        t.contracts().update(c.id, ContractInput { prepaid_minutes: None, ..support }).await,
        "kind",
        "prepaid hours on record",
    );
    assert_eq!(t.prepaid().top_ups(c.id).await.unwrap().len(), 2, "nothing half-written");
}

#[tokio::test]
async fn logging_a_ticket_warns_when_the_prepaid_hours_are_used_up_and_two_runs_at_once_draw_once() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let today = t.billing().today().await.unwrap();
    let acme = t.org("Acme").await;
    let input = ContractInput {
        starts_on: fieldbook_core::dates::add_days(&today, -30).unwrap(),
        ends_on: Some(fieldbook_core::dates::add_days(&today, 300).unwrap()),
        ..block(&acme, None, "Support block", 1, "2099-01-01")
    };
    let c = t.contracts().create(input, &me).await.unwrap();
    let first = ticket(&t, &acme, None, "First").await;
    assert!(t.tickets().get(first).await.unwrap().alerts.is_empty());
    work(&t, first, &today, 60).await;
    let logged = t
        .tickets()
        .create(TicketInput {
            organization_id: Some(acme.id),
            subject: "Second".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        logged.ticket.alerts,
        ["The prepaid hours of “Support block” are used up: time on this ticket will be invoiced."]
    );
    // Two runs at once (another window, a retry): the writer takes them one after the other,
    // and the block is drawn once.
    work(&t, logged.ticket.id, &today, 60).await;
    let period = run(&today, &today, &today);
    let (one, other) = (t.invoices(), t.invoices());
    let (a, b) =
        tokio::join!(one.create_for_period(period.clone(), &me), other.create_for_period(period, &me));
    let invoices: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
    assert_eq!(invoices.len(), 1);
    assert_eq!(invoices[0].total, 8_000, "one hour from the block, one billed");
    assert_eq!(standing(&t, &c).await, hours(1, 1, 0, 0));
}

#[tokio::test]
async fn voiding_returns_hours_to_both_blocks_an_entry_drew_on_and_an_overdrawn_block_takes_a_top_up() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let bea = t.person_at(&acme, "Bea", "Boss").await;
    let company =
        t.contracts().create(block(&acme, None, "Company block", 2, "2026-12-31"), &me).await.unwrap();
    let hers =
        t.contracts().create(block(&acme, Some(bea.id), "Bea's block", 1, "2026-12-31"), &me).await.unwrap();
    // Four hours in one entry: one from hers, two from the company's, one billed.
    let laptop = ticket(&t, &acme, Some(bea.id), "Laptop").await;
    work(&t, laptop, "2026-03-02", 240).await;
    let invoice = t
        .invoices()
        .create_for_period(run("2026-03-01", "2026-03-31", "2026-04-01"), &me)
        .await
        .unwrap()
        .remove(0);
    assert_eq!((invoice.lines[0].prepaid_minutes, invoice.total), (Some(180), 8_000));
    assert_eq!(standing(&t, &hers).await, hours(1, 1, 0, 0));
    assert_eq!(standing(&t, &company).await, hours(2, 2, 0, 0));
    t.invoices().void(invoice.id, "Wrong month", "2026-04-02", &me).await.unwrap();
    assert_eq!(standing(&t, &hers).await, hours(1, 0, 1, 0), "pending again, nothing invoiced");
    assert_eq!(standing(&t, &company).await, hours(2, 0, 2, 0));

    // Another machine of the team drew on the company's block before this one's draws arrived:
    // overdrawn by an hour. A top-up smaller than that is still taken.
    let invoice = t
        .invoices()
        .create_for_period(run("2026-03-01", "2026-03-31", "2026-04-03"), &me)
        .await
        .unwrap()
        .remove(0);
    let entry = t.tickets().time_entries(laptop).await.unwrap()[0].id;
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn =
            sqlx::sqlite::SqliteConnectOptions::new().filename(t.database_path()).connect().await.unwrap();
        sqlx::query(
            "INSERT INTO prepaid_draws (id, contract_id, time_entry_id, invoice_id, minutes, created_at)
             VALUES (?, ?, ?, ?, 60, '2026-04-03T10:00:00.000Z')",
        )
        .bind(uuid::Uuid::now_v7())
        .bind(uuid::Uuid::parse_str(&company.id.to_string()).unwrap())
        .bind(uuid::Uuid::parse_str(&entry.to_string()).unwrap())
        .bind(uuid::Uuid::parse_str(&invoice.id.to_string()).unwrap())
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    assert_eq!(standing(&t, &company).await.left_minutes, -60, "overdrawn");
    let top = TopUpInput { minutes: 30, added_on: "2026-04-04".into(), note: None };
    assert_eq!(t.prepaid().top_up(company.id, top, &me).await.unwrap().left_minutes, -30);
}
