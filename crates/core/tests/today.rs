//! The Today page: across every customer, my call-backs due, my open tickets and everyone's
//! overdue ones, unbilled time by the customer it is billed to (prepaid hours taken off), unpaid
//! and overdue invoices, contracts ending soon, and the backups' state.

mod common;

use common::TestCore;
use fieldbook_core::billing::{BillingSettings, OrganizationBilling};
use fieldbook_core::invoices::{ManualInvoice, ManualLine};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::payments::{PaymentInput, PaymentKind};
use fieldbook_core::service::contracts::{ContractInput, ContractKind, Renewal};
use fieldbook_core::service::tickets::{TicketEdit, TicketInput, TimeEntryInput};
use fieldbook_core::staff::Role;
use fieldbook_core::today::{Today, TodayQuery, UnbilledSummary};

async fn settings(t: &TestCore) {
    let s = BillingSettings {
        currency: "EUR".into(),
        hourly_rate: 6_000,
        tax_rate_bp: 0,
        payment_terms_days: 14,
        invoice_prefix: "RE-".into(),
        ..Default::default()
    };
    t.billing().update_settings(s).await.unwrap();
}

fn contract_input() -> ContractInput {
    ContractInput {
        organization_id: None,
        person_id: None,
        name: String::new(),
        kind: ContractKind::Support,
        starts_on: String::new(),
        ends_on: None,
        renewal: Renewal::None,
        notice_days: None,
        value: None,
        billing_cycle: None,
        notes: None,
        items: vec![],
        prepaid_minutes: None,
        custom: None,
    }
}

/// The page and its unbilled time (which the app asks for apart).
struct Page {
    page: Today,
    unbilled: UnbilledSummary,
}

impl std::ops::Deref for Page {
    type Target = Today;
    fn deref(&self) -> &Today {
        &self.page
    }
}

async fn today(t: &TestCore, now: &str) -> Page {
    let me = t.me().await;
    let page = t.today().get(me.id, TodayQuery { now: now.into() }).await.unwrap();
    let unbilled = t.today().unbilled(TodayQuery { now: now.into() }).await.unwrap();
    Page { page, unbilled }
}

#[tokio::test]
async fn an_empty_database_has_an_empty_page() {
    let t = TestCore::with_me().await;
    let page = today(&t, "2026-11-30T09:00").await;
    assert_eq!(page.date, "2026-11-30");
    assert!(
        page.agenda.overdue.is_empty() && page.agenda.today.is_empty() && page.agenda.upcoming.is_empty()
    );
    assert_eq!((page.my_tickets.count, page.overdue_tickets.count), (0, 0));
    assert_eq!(
        (page.unbilled.customer_count, page.unbilled.amount, page.unbilled.since.as_deref()),
        (0, 0, None)
    );
    assert_eq!((page.invoices.overdue_count, page.invoices.unpaid_count), (0, 0));
    assert_eq!(page.contracts.count, 0);
    assert!(page.backup.stale, "no backup yet");
    let bad = t.today().get(t.me().await.id, TodayQuery { now: "tomorrow".into() }).await;
    common::assert_invalid(bad, "now", "tomorrow");
}

#[tokio::test]
async fn unbilled_time_is_summed_per_customer_it_is_billed_to_less_prepaid_hours() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let depot = t.site_of(&acme, "Acme Depot").await;
    let bolt = t.org("Bolt").await;
    // The depot bills to Acme: its time is Acme's.
    let billing = OrganizationBilling { bill_to_parent: true, ..Default::default() };
    t.billing().set_organization(depot.id, billing).await.unwrap();
    let log =
        async |org: &fieldbook_core::organizations::Organization, subject: &str, date: &str, minutes| {
            let input =
                TicketInput { organization_id: Some(org.id), subject: subject.into(), ..Default::default() };
            let ticket = t.tickets().create(input).await.unwrap().ticket;
            let entry =
                TimeEntryInput { work_date: date.into(), minutes, billable: true, ..Default::default() };
            t.tickets().add_time(ticket.id, entry).await.unwrap();
            ticket
        };
    log(&acme, "Printer", "2026-11-03", 60).await;
    log(&depot, "Scanner", "2026-10-20", 30).await;
    let bolt_ticket = log(&bolt, "Server", "2026-11-10", 180).await;
    // Not billable: not counted.
    let free = TimeEntryInput {
        work_date: "2026-11-11".into(),
        minutes: 600,
        billable: false,
        ..Default::default()
    };
    t.tickets().add_time(bolt_ticket.id, free).await.unwrap();

    let page = today(&t, "2026-11-30T09:00").await;
    let rows: Vec<(&str, i64, i64, &str)> = page
        .unbilled
        .customers
        .iter()
        .map(|c| (c.name.as_str(), c.minutes, c.amount, c.since.as_str()))
        .collect();
    assert_eq!(rows, [("Bolt", 180, 18_000, "2026-11-10"), ("Acme", 90, 9_000, "2026-10-20")]);
    assert_eq!(
        (
            page.unbilled.customer_count,
            page.unbilled.minutes,
            page.unbilled.amount,
            page.unbilled.since.as_deref()
        ),
        (2, 270, 27_000, Some("2026-10-20"))
    );

    // A two-hour prepaid block for Bolt: two of its three hours are paid from it.
    let block = ContractInput {
        organization_id: Some(bolt.id),
        name: "Bolt block".into(),
        kind: ContractKind::PrepaidHours,
        starts_on: "2026-01-01".into(),
        ends_on: Some("2026-12-31".into()),
        renewal: Renewal::None,
        prepaid_minutes: Some(120),
        ..contract_input()
    };
    t.contracts().create(block, &me).await.unwrap();
    let page = today(&t, "2026-11-30T09:00").await;
    let bolt_row = page.unbilled.customers.iter().find(|c| c.name == "Bolt").unwrap();
    assert_eq!((bolt_row.minutes, bolt_row.prepaid_minutes, bolt_row.amount), (180, 120, 6_000));
    assert_eq!((page.unbilled.prepaid_minutes, page.unbilled.amount), (120, 15_000));

    // Invoiced: gone from the page.
    let run = fieldbook_core::invoices::InvoiceRun {
        period_from: page.unbilled.since.clone().unwrap(),
        period_to: page.date.clone(),
        issue_date: page.date.clone(),
        organization_id: None,
        from_earliest: false,
    };
    let made = t.invoices().create_for_period(run, &me).await.unwrap();
    assert_eq!(made.len(), 2, "one invoice per customer: Acme's with its depot's time, Bolt's");
    let page = today(&t, "2026-11-30T09:00").await;
    assert_eq!((page.unbilled.customer_count, page.unbilled.amount), (0, 0));
    assert_eq!(page.invoices.unpaid_count, 2, "the new invoices are unpaid, due in 14 days");
}

#[tokio::test]
async fn unpaid_invoices_overdue_first_paid_and_void_ones_left_out() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let acme = t.org("Acme").await;
    let bolt = t.org("Bolt").await;
    let invoice = async |org: &fieldbook_core::organizations::Organization, issued: &str, cents| {
        let input = ManualInvoice {
            organization_id: Some(org.id),
            issue_date: issued.into(),
            lines: vec![ManualLine { description: "Work".into(), amount: cents }],
        };
        t.invoices().create_manual(input, &me).await.unwrap()
    };
    let old = invoice(&acme, "2026-10-01", 10_000).await; // due 2026-10-15
    let paid = invoice(&acme, "2026-10-05", 5_000).await;
    let void = invoice(&bolt, "2026-10-06", 7_000).await;
    let recent = invoice(&bolt, "2026-11-25", 2_000).await; // due 2026-12-09
    let pay = |cents, on: &fieldbook_core::invoices::Invoice| PaymentInput {
        organization_id: on.organization_id,
        kind: PaymentKind::Payment,
        date: "2026-11-01".into(),
        amount: cents,
        method: None,
        reference: None,
        allocations: Some(vec![fieldbook_core::payments::Allocation { invoice_id: on.id, amount: cents }]),
    };
    t.payments().add(pay(5_000, &paid), &me).await.unwrap();
    t.payments().add(pay(4_000, &old), &me).await.unwrap();
    t.invoices().void(void.id, "Sent twice", "2026-10-07", &me).await.unwrap();

    let page = today(&t, "2026-11-30T09:00").await;
    let rows: Vec<(&str, i64, bool)> =
        page.invoices.invoices.iter().map(|i| (i.number.as_str(), i.open, i.overdue)).collect();
    assert_eq!(rows, [(old.number.as_str(), 6_000, true), (recent.number.as_str(), 2_000, false)]);
    let s = &page.invoices;
    assert_eq!((s.overdue_count, s.overdue_amount, s.unpaid_count, s.unpaid_amount), (1, 6_000, 1, 2_000));
    assert_eq!(page.invoices.invoices[0].organization_name, "Acme");
}

#[tokio::test]
async fn my_tickets_my_callbacks_and_contracts_ending_soon() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let tech = t.colleague("Tom Tech", Role::Technician).await;
    let acme = t.org("Acme").await;
    let log = async |subject: &str, assignee| {
        let input =
            TicketInput { organization_id: Some(acme.id), subject: subject.into(), ..Default::default() };
        let ticket = t.tickets().create(input).await.unwrap().ticket;
        let edit = TicketEdit { subject: subject.into(), assignee_id: assignee, ..Default::default() };
        t.tickets().update(ticket.id, edit).await.unwrap()
    };
    log("Mine", Some(me.id)).await;
    log("Tom's", Some(tech.id)).await;
    log("Nobody's", None).await;
    let page = today(&t, "2026-11-30T09:00").await;
    let subjects: Vec<&str> = page.my_tickets.tickets.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!((subjects, page.my_tickets.count), (vec!["Mine"], 1));

    // My call-back due this morning and one of yesterday; next week's is not today's business.
    for at in ["2026-11-29T15:00", "2026-11-30T11:00", "2026-12-07T10:00"] {
        let note = NoteInput { body: format!("Call back {at}"), urgent: false, callback_at: Some(at.into()) };
        t.notes().create(NoteSubject::Organization(acme.id), note, &me).await.unwrap();
    }
    let page = today(&t, "2026-11-30T09:00").await;
    assert_eq!((page.agenda.overdue.len(), page.agenda.today.len(), page.agenda.upcoming.len()), (1, 1, 0));

    // A contract ending in 20 days (not renewing by itself) is listed; one in 60 days is not,
    // nor one that renews automatically.
    // Counted from the page's date, not the computer's.
    let today_date = "2026-11-30".to_owned();
    let ends = |days| fieldbook_core::dates::add_days(&today_date, days).unwrap();
    let contract = |name: &str, days, renewal| ContractInput {
        organization_id: Some(acme.id),
        name: name.into(),
        kind: ContractKind::Support,
        starts_on: "2020-01-01".into(),
        ends_on: Some(ends(days)),
        renewal,
        ..contract_input()
    };
    t.contracts().create(contract("Ends soon", 20, Renewal::None), &me).await.unwrap();
    t.contracts().create(contract("Ends later", 60, Renewal::None), &me).await.unwrap();
    t.contracts().create(contract("Renews", 10, Renewal::Automatic), &me).await.unwrap();
    let page = today(&t, "2026-11-30T09:00").await;
    let names: Vec<&str> = page.contracts.contracts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!((names, page.contracts.count), (vec!["Ends soon"], 1));
}

#[tokio::test]
async fn a_demo_set_has_invoices_in_every_state_and_only_this_months_time_unbilled() {
    let t = TestCore::with_me().await;
    t.demo().generate(150, 3, |_| {}).await.unwrap();
    t.demo().service(4, 3, |_| {}).await.unwrap();
    let counts = t.demo().billing(3, |_| {}).await.unwrap();
    assert!(counts.invoices > 100 && counts.payments > 50, "{counts:?}");

    let date = t.billing().today().await.unwrap();
    let month_start = format!("{}-01", &date[..7]);
    let mut conn = common::read_only(&t).await;
    // Every billable entry before this month is on an invoice that is not void; each invoice's
    // total is its lines'; what was paid never exceeds it.
    let stray: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM time_entries e LEFT JOIN invoices i ON i.id = e.invoice_id
         WHERE e.billable = 1 AND e.work_date < ? AND (e.invoice_id IS NULL OR i.void_date IS NOT NULL)",
    )
    .bind(&month_start)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(stray, 0);
    let wrong: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM invoices i WHERE i.subtotal <> (SELECT sum(amount) FROM invoice_lines l WHERE l.invoice_id = i.id)
            OR (SELECT coalesce(sum(amount), 0) FROM allocations a WHERE a.invoice_id = i.id) > i.total",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(wrong, 0);
    // The table the triggers keep is exactly the invoices with something owed.
    let differ: i64 = sqlx::query_scalar(
        "WITH truth AS (SELECT i.id, i.due_date, i.total - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id), 0) AS open
                        FROM invoices i WHERE i.void_date IS NULL),
              owed AS (SELECT * FROM truth WHERE open > 0)
         SELECT (SELECT count(*) FROM (SELECT * FROM owed EXCEPT SELECT invoice_id, due_date, open FROM unpaid_invoices))
              + (SELECT count(*) FROM (SELECT invoice_id, due_date, open FROM unpaid_invoices EXCEPT SELECT * FROM owed))",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(differ, 0);

    let page = today(&t, &format!("{date}T12:00")).await;
    let s = &page.invoices;
    assert!(s.overdue_count > 0 && s.overdue_amount > 0, "some invoices are overdue: {s:?}");
    assert!(page.invoices.invoices.iter().all(|i| i.open > 0));
    if let Some(since) = &page.unbilled.since {
        assert!(since.as_str() >= month_start.as_str(), "only this month's time is unbilled: {since}");
    }
    // The same invoices read back through the core: the numbers are the settings' prefix.
    let first = &page.invoices.invoices[0];
    assert_eq!(t.invoices().get(first.id).await.unwrap().number, first.number);
    assert!(first.number.starts_with("INV-"));

    // What the page says the unbilled time comes to (after prepaid hours) is what invoicing it
    // all makes (no tax in the default settings).
    if let Some(since) = page.unbilled.since.clone() {
        let run = fieldbook_core::invoices::InvoiceRun {
            period_from: since,
            period_to: date.clone(),
            issue_date: date.clone(),
            organization_id: None,
            from_earliest: true,
        };
        let made = t.invoices().create_for_period(run, &t.me().await).await.unwrap();
        assert_eq!(made.len() as i64, page.unbilled.customer_count);
        assert_eq!(made.iter().map(|i| i.total).sum::<i64>(), page.unbilled.amount);
        let prepaid: i64 = made.iter().flat_map(|i| &i.lines).filter_map(|l| l.prepaid_minutes).sum();
        assert_eq!(prepaid, page.unbilled.prepaid_minutes);
    }
}

#[tokio::test]
async fn time_dated_after_today_waits_the_list_is_by_amount_after_prepaid_and_invoices_start_at_their_own_time()
 {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    settings(&t).await;
    let log = async |org: &fieldbook_core::organizations::Organization, date: &str, minutes| {
        let input =
            TicketInput { organization_id: Some(org.id), subject: "Work".into(), ..Default::default() };
        let ticket = t.tickets().create(input).await.unwrap().ticket;
        let entry = TimeEntryInput { work_date: date.into(), minutes, billable: true, ..Default::default() };
        t.tickets().add_time(ticket.id, entry).await.unwrap();
    };
    // Ten customers with 1..10 hours; the one with 10 hours has them all prepaid.
    let mut orgs = Vec::new();
    for hours in 1..=10 {
        let org = t.org(&format!("Customer {hours:02}")).await;
        log(&org, "2026-11-02", hours * 60).await;
        orgs.push(org);
    }
    let block = ContractInput {
        organization_id: Some(orgs[9].id),
        name: "Block".into(),
        kind: ContractKind::PrepaidHours,
        starts_on: "2026-01-01".into(),
        ends_on: Some("2026-12-31".into()),
        prepaid_minutes: Some(600),
        ..contract_input()
    };
    t.contracts().create(block, &me).await.unwrap();
    // An old forgotten entry, and one dated next year by mistake.
    log(&orgs[0], "2025-03-01", 30).await;
    log(&orgs[1], "2027-01-05", 45).await;

    let page = today(&t, "2026-11-30T09:00").await;
    let names: Vec<&str> = page.unbilled.customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Customer 09",
            "Customer 08",
            "Customer 07",
            "Customer 06",
            "Customer 05",
            "Customer 04",
            "Customer 03",
            "Customer 02"
        ],
        "largest amount after prepaid hours first: the fully prepaid customer is not on top"
    );
    assert_eq!(page.unbilled.customer_count, 10);
    // 55 hours and the old half hour; next year's 45 minutes wait for their day.
    assert_eq!(page.unbilled.minutes, 55 * 60 + 30);
    assert_eq!((page.unbilled.prepaid_minutes, page.unbilled.amount), (600, 45 * 6_000 + 3_000));
    assert_eq!(page.unbilled.since.as_deref(), Some("2025-03-01"));

    // "Create invoices" from Today: all of it up to today, each invoice's period from its own
    // earliest work.
    let run = fieldbook_core::invoices::InvoiceRun {
        period_from: page.unbilled.since.clone().unwrap(),
        period_to: page.date.clone(),
        issue_date: page.date.clone(),
        organization_id: None,
        from_earliest: true,
    };
    let made = t.invoices().create_for_period(run, &me).await.unwrap();
    assert_eq!(made.len(), 10);
    let period = |name: &str| {
        let i = made.iter().find(|i| i.organization_name == name).unwrap();
        (i.period_from.clone().unwrap(), i.period_to.clone().unwrap())
    };
    assert_eq!(period("Customer 01"), ("2025-03-01".into(), "2026-11-30".into()));
    assert_eq!(period("Customer 05"), ("2026-11-02".into(), "2026-11-30".into()));
    let page = today(&t, "2026-11-30T09:00").await;
    assert_eq!(page.unbilled.customer_count, 0, "next year's entry is still to come");
    let page = today(&t, "2027-01-05T09:00").await;
    assert_eq!((page.unbilled.customer_count, page.unbilled.minutes), (1, 45));
}
