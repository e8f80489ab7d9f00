//! Service contracts: what a customer has signed, what it covers, where it stands today, and the
//! warning logging a ticket gives when every contract of the customer has ended.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::dates::add_days;
use fieldbook_core::organizations::Organization;
use fieldbook_core::service::contracts::{
    ContractFilter, ContractInput, ContractItemInput, ContractKind, ContractQuery, ContractStatus, Renewal,
};
use fieldbook_core::service::tickets::TicketInput;
use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
use fieldbook_core::systems::{System, SystemInput};

async fn today(core: &TestCore) -> String {
    core.billing().today().await.unwrap()
}

/// `days` from today.
async fn day(core: &TestCore, days: i64) -> String {
    add_days(&today(core).await, days).unwrap()
}

fn contract(org: &Organization, name: &str, starts: &str, ends: Option<&str>) -> ContractInput {
    ContractInput {
        organization_id: Some(org.id),
        person_id: None,
        name: name.into(),
        kind: ContractKind::ManagedService,
        starts_on: starts.into(),
        ends_on: ends.map(str::to_owned),
        renewal: Renewal::None,
        notice_days: None,
        value: Some(125_000),
        billing_cycle: None,
        notes: None,
        items: vec![],
        prepaid_minutes: None,
        custom: None,
    }
}

fn input_of(c: &fieldbook_core::service::contracts::Contract) -> ContractInput {
    ContractInput {
        organization_id: Some(c.organization_id),
        person_id: c.person_id,
        name: c.name.clone(),
        kind: c.kind,
        starts_on: c.starts_on.clone(),
        ends_on: c.ends_on.clone(),
        renewal: c.renewal,
        notice_days: c.notice_days,
        value: c.value,
        billing_cycle: c.billing_cycle,
        notes: c.notes.clone(),
        items: vec![],
        prepaid_minutes: None,
        custom: None,
    }
}

fn saved_items(c: &fieldbook_core::service::contracts::Contract) -> Vec<ContractItemInput> {
    c.items
        .iter()
        .map(|i| ContractItemInput { system_id: i.system_id, description: i.description.clone() })
        .collect()
}

async fn system_at(core: &TestCore, org: &Organization, name: &str) -> System {
    let me = core.me().await;
    let types = core.system_types().list().await.unwrap();
    let t = match types.into_iter().find(|t| t.name == "Server") {
        Some(t) => t,
        None => {
            let field =
                FieldInput { id: None, label: "Version".into(), kind: FieldKind::Text, required: false };
            let input =
                SystemTypeInput { name: "Server".into(), fields: vec![field], confirm_removals: false };
            core.system_types().create(input, &me).await.unwrap()
        }
    };
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: name.into(),
        notes: None,
        values: vec![],
        secrets: vec![],
    };
    core.systems().create(input, &me).await.unwrap()
}

#[tokio::test]
async fn a_contract_covers_systems_of_its_organization_and_sites_and_sites_work_under_it() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let north = core.site_of(&acme, "Acme North").await;
    let server = system_at(&core, &north, "North file server").await;
    let mut input = contract(&acme, "Managed IT", &day(&core, -100).await, Some(&day(&core, 265).await));
    input.items = vec![
        ContractItemInput { system_id: Some(server.id), description: None },
        ContractItemInput { system_id: None, description: Some("  Phones, 12 handsets ".into()) },
        ContractItemInput { system_id: None, description: Some("   ".into()) },
        ContractItemInput { system_id: Some(server.id), description: None },
    ];
    let saved = core.contracts().create(input, &me).await.unwrap();
    assert_eq!(saved.status, ContractStatus::Active);
    assert_eq!(saved.days_left, Some(265));
    let items: Vec<(Option<&str>, Option<&str>, Option<&str>)> = saved
        .items
        .iter()
        .map(|i| (i.system_name.as_deref(), i.site_name.as_deref(), i.description.as_deref()))
        .collect();
    assert_eq!(
        items,
        [(Some("North file server"), Some("Acme North"), None), (None, None, Some("Phones, 12 handsets"))],
        "blank lines and a system twice are left out"
    );

    // The site has none of its own: it works under its parent's.
    let at_site = core.contracts().of_organization(north.id).await.unwrap();
    assert_eq!(at_site.len(), 1);
    assert_eq!(at_site[0].inherited_from.as_deref(), Some("Acme Dental"));
    // A contract with one of its people covers that person; the site still works under its
    // parent's.
    let nora = core.person_at(&north, "Nora", "North").await;
    let personal = ContractInput {
        person_id: Some(nora.id),
        ..contract(&north, "Nora's laptop", &day(&core, -10).await, None)
    };
    let personal = core.contracts().create(personal, &me).await.unwrap();
    let at_site = core.contracts().of_organization(north.id).await.unwrap();
    assert_eq!(
        at_site.iter().map(|c| (c.name.as_str(), c.inherited_from.as_deref())).collect::<Vec<_>>(),
        [("Nora's laptop", None), ("Managed IT", Some("Acme Dental"))]
    );
    core.contracts().set_archived(personal.id, true).await.unwrap();
    // Saving the same items again keeps their rows (a team syncs no churn).
    let again = core
        .contracts()
        .update(saved.id, ContractInput { items: saved_items(&saved), ..input_of(&saved) })
        .await
        .unwrap();
    assert_eq!(again.items, saved.items);
    // Once it has its own, those are its contracts.
    let own = core
        .contracts()
        .create(contract(&north, "Warranty", &day(&core, -10).await, None), &me)
        .await
        .unwrap();
    let at_site = core.contracts().of_organization(north.id).await.unwrap();
    assert_eq!(
        at_site
            .iter()
            .map(|c| (c.id, c.inherited_from.is_some(), c.archived_at.is_some()))
            .collect::<Vec<_>>(),
        [(own.id, false, false), (personal.id, false, true)],
        "its own, archived ones last"
    );
    // The organization's filter in the Contracts view includes its sites'.
    let query = ContractQuery { organization_id: Some(acme.id), ..ContractQuery::default() };
    assert_eq!(core.contracts().list(query).await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_contracts_view_filters_by_what_expires_when() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let org = core.org("Bolt Logistics").await;
    let c = core.contracts();
    c.create(contract(&org, "Ended", &day(&core, -400).await, Some(&day(&core, -35).await)), &me)
        .await
        .unwrap();
    c.create(contract(&org, "In 20 days", &day(&core, -345).await, Some(&day(&core, 20).await)), &me)
        .await
        .unwrap();
    c.create(contract(&org, "In 50 days", &day(&core, -315).await, Some(&day(&core, 50).await)), &me)
        .await
        .unwrap();
    c.create(contract(&org, "Open-ended", &day(&core, -5).await, None), &me).await.unwrap();
    c.create(contract(&org, "Next year", &day(&core, 30).await, Some(&day(&core, 395).await)), &me)
        .await
        .unwrap();
    let mut renews = contract(&org, "Renews", &day(&core, -400).await, Some(&day(&core, -36).await));
    renews.renewal = Renewal::Automatic;
    c.create(renews, &me).await.unwrap();
    let names = |list: Vec<fieldbook_core::service::contracts::Contract>| {
        list.into_iter().map(|c| (c.name, c.status)).collect::<Vec<_>>()
    };
    let query = |filter, within_days| ContractQuery { filter, within_days, ..ContractQuery::default() };
    assert_eq!(
        names(c.list(query(ContractFilter::Expired, None)).await.unwrap()),
        [("Ended".into(), ContractStatus::Expired)]
    );
    assert_eq!(
        names(c.list(query(ContractFilter::Expiring, Some(30))).await.unwrap()),
        [("In 20 days".into(), ContractStatus::Expiring)]
    );
    assert_eq!(
        names(c.list(query(ContractFilter::Expiring, Some(60))).await.unwrap()),
        [("In 20 days".into(), ContractStatus::Expiring), ("In 50 days".into(), ContractStatus::Active)]
    );
    let active: Vec<String> =
        names(c.list(query(ContractFilter::Active, None)).await.unwrap()).into_iter().map(|n| n.0).collect();
    assert_eq!(active, ["In 20 days", "In 50 days", "Renews", "Open-ended"]);
    let all = c.list(ContractQuery::default()).await.unwrap();
    assert_eq!(all.len(), 6);
    let renewed = all.iter().find(|c| c.name == "Renews").unwrap();
    assert_eq!(renewed.status, ContractStatus::Active, "an automatically renewing contract rolls on");
    assert!(renewed.current_end.as_deref() > Some(today(&core).await.as_str()), "{renewed:?}");
    assert_eq!(all.iter().find(|c| c.name == "Next year").unwrap().status, ContractStatus::Upcoming);
}

#[tokio::test]
async fn bad_contracts_are_refused_with_the_field_named_and_nothing_saved() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let other = core.org("Cole Farms").await;
    let theirs = system_at(&core, &other, "Cole barn router").await;
    let stranger = core.person_at(&other, "Cal", "Cole").await;
    let c = core.contracts();
    let base = || contract(&acme, "Support", "2026-01-01", Some("2026-12-31"));

    assert_invalid(
        c.create(ContractInput { ends_on: Some("2025-12-31".into()), ..base() }, &me).await,
        "ends_on",
        "ends before it starts",
    );
    assert_invalid(
        c.create(ContractInput { starts_on: "2026-02-30".into(), ..base() }, &me).await,
        "starts_on",
        "not a date",
    );
    assert_invalid(c.create(ContractInput { name: "  ".into(), ..base() }, &me).await, "name", "name");
    assert_invalid(
        c.create(ContractInput { ends_on: None, renewal: Renewal::Automatic, ..base() }, &me).await,
        "renewal",
        "nothing to renew",
    );
    assert_invalid(
        c.create(ContractInput { notice_days: Some(-1), ..base() }, &me).await,
        "notice_days",
        "notice",
    );
    assert_invalid(c.create(ContractInput { value: Some(-5), ..base() }, &me).await, "value", "negative");
    assert_invalid(
        c.create(ContractInput { person_id: Some(stranger.id), ..base() }, &me).await,
        "person_id",
        "one of the organization's people",
    );
    let covering_theirs = ContractInput {
        items: vec![ContractItemInput { system_id: Some(theirs.id), description: None }],
        ..base()
    };
    assert_invalid(
        c.create(covering_theirs, &me).await,
        "items",
        "“Cole barn router” belongs to another customer",
    );
    assert!(
        c.list(ContractQuery { include_archived: true, ..ContractQuery::default() })
            .await
            .unwrap()
            .is_empty()
    );

    // A bad change leaves the contract as it was.
    let saved = c.create(base(), &me).await.unwrap();
    let bad = ContractInput { name: "Changed".into(), ends_on: Some("2025-01-01".into()), ..base() };
    assert_invalid(c.update(saved.id, bad).await, "ends_on", "ends before it starts");
    assert_eq!(c.get(saved.id).await.unwrap(), saved);
}

#[tokio::test]
async fn logging_a_ticket_warns_when_every_contract_of_the_customer_has_ended_and_the_ticket_keeps_it() {
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme Dental").await;
    let site = core.site_of(&acme, "Acme South").await;
    let none = core.org("No Contract Ltd").await;
    let ended = day(&core, -3).await;
    let old = core
        .contracts()
        .create(contract(&acme, "Managed IT 2025", &day(&core, -368).await, Some(&ended)), &me)
        .await
        .unwrap();
    let ticket = |org: &Organization| TicketInput {
        organization_id: Some(org.id),
        subject: "Printer offline".into(),
        ..TicketInput::default()
    };

    let logged = core.tickets().create(ticket(&acme)).await.unwrap();
    assert_eq!(logged.alerts, [format!("Acme Dental's contract “Managed IT 2025” expired on {ended}.")]);
    assert_eq!(
        core.tickets().get(logged.ticket.id).await.unwrap().alerts,
        logged.alerts,
        "kept on the ticket"
    );
    // A site works under its parent's contracts, also when one of its people has their own.
    let sam = core.person_at(&site, "Sam", "South").await;
    let theirs = ContractInput {
        person_id: Some(sam.id),
        ..contract(&site, "Sam's phone", &day(&core, -5).await, None)
    };
    core.contracts().create(theirs, &me).await.unwrap();
    assert_eq!(core.tickets().create(ticket(&site)).await.unwrap().alerts, logged.alerts);
    // …whose own contract is in force: no warning when Sam asks.
    let asked = TicketInput { requester_id: Some(sam.id), ..ticket(&site) };
    assert!(core.tickets().create(asked).await.unwrap().alerts.is_empty());
    // No contracts at all: nothing to warn about.
    assert!(core.tickets().create(ticket(&none)).await.unwrap().alerts.is_empty());

    // Renewed: no warning; archived, the old one no longer counts. A ticket about a system the
    // contract in force does not cover warns of that; one it covers does not.
    let covered = system_at(&core, &site, "South file server").await;
    let other = system_at(&core, &acme, "Old fax server").await;
    let stranger = system_at(&core, &none, "Their router").await;
    core.contracts()
        .create(contract(&acme, "Managed IT 2026", &day(&core, -2).await, Some(&day(&core, 363).await)), &me)
        .await
        .unwrap();
    assert!(core.tickets().create(ticket(&acme)).await.unwrap().alerts.is_empty());
    let about = |org: &Organization, system: fieldbook_core::SystemId| TicketInput {
        system_id: Some(system),
        ..ticket(org)
    };
    assert_eq!(
        core.tickets().create(about(&site, other.id)).await.unwrap().alerts,
        ["“Old fax server” is not covered by a contract in force."]
    );
    assert_invalid(
        core.tickets().create(about(&acme, stranger.id)).await,
        "system_id",
        "one of this customer's",
    );
    let renewed = core.contracts().list(ContractQuery::default()).await.unwrap();
    let renewed = renewed.iter().find(|c| c.name == "Managed IT 2026").unwrap();
    let mut input = ContractInput {
        items: vec![ContractItemInput { system_id: Some(covered.id), description: None }],
        ..input_of(renewed)
    };
    input.name = renewed.name.clone();
    core.contracts().update(renewed.id, input).await.unwrap();
    assert!(core.tickets().create(about(&site, covered.id)).await.unwrap().alerts.is_empty());
    // The site gets a small contract of its own; its server stays covered by the parent's.
    core.contracts().create(contract(&site, "Site phones", &day(&core, -1).await, None), &me).await.unwrap();
    assert!(core.tickets().create(about(&site, covered.id)).await.unwrap().alerts.is_empty());
    core.contracts().set_archived(old.id, true).await.unwrap();
    assert_eq!(
        core.contracts().of_organization(acme.id).await.unwrap().len(),
        2,
        "archived ones are still listed"
    );
    assert!(core.tickets().create(ticket(&acme)).await.unwrap().alerts.is_empty());
}

#[tokio::test]
async fn a_contracts_documents_show_on_it_and_among_its_organizations_files() {
    use fieldbook_core::files::Owner;
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let acme = core.org("Acme").await;
    let other = core.org("Other").await;
    let c = core.contracts().create(contract(&acme, "Managed IT", "2026-01-01", None), &me).await.unwrap();
    let theirs = core.contracts().create(contract(&other, "Theirs", "2026-01-01", None), &me).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let signed = dir.path().join("Managed IT – signed.pdf");
    std::fs::write(&signed, b"%PDF-1.4 signed").unwrap();
    let site_map = dir.path().join("site map.png");
    std::fs::write(&site_map, b"not really a png").unwrap();

    let doc = core.files().attach(Owner::Contract(c.id), &signed, None, 1 << 20).await.unwrap();
    core.files().attach(Owner::Organization(acme.id), &site_map, None, 1 << 20).await.unwrap();
    let names =
        |files: Vec<fieldbook_core::files::Attachment>| files.into_iter().map(|f| f.name).collect::<Vec<_>>();
    assert_eq!(names(core.files().list(Owner::Contract(c.id)).await.unwrap()), ["Managed IT – signed.pdf"]);
    let mut all = names(core.files().list(Owner::Organization(acme.id)).await.unwrap());
    all.sort();
    assert_eq!(
        all,
        ["Managed IT – signed.pdf", "site map.png"],
        "the organization's files include its contracts'"
    );
    assert!(core.files().list(Owner::Contract(theirs.id)).await.unwrap().is_empty());
    let missing =
        core.files().attach(Owner::Contract(fieldbook_core::ContractId::new()), &signed, None, 1 << 20).await;
    assert!(matches!(missing, Err(fieldbook_core::Error::NotFound { entity: "contract" })), "{missing:?}");
    // Deleting it from either place removes it from both.
    core.files().delete(doc.id).await.unwrap();
    assert!(core.files().list(Owner::Contract(c.id)).await.unwrap().is_empty());
    assert_eq!(names(core.files().list(Owner::Organization(acme.id)).await.unwrap()), ["site map.png"]);
}

#[tokio::test]
async fn the_contracts_view_filters_on_a_choice_field() {
    use fieldbook_core::custom_fields::{
        CustomFieldInput, CustomFilter, CustomKind, CustomRecord, CustomValue,
    };
    let core = TestCore::with_me().await;
    let me = core.me().await;
    let org = core.org("Bolt Logistics").await;
    let tier = CustomFieldInput {
        record: CustomRecord::Contract,
        label: "Tier".into(),
        kind: CustomKind::Choice,
        choices: vec!["Gold".into(), "Silver".into()],
        ..CustomFieldInput::default()
    };
    let tier = core.custom_fields().create(tier, &me).await.unwrap();
    let c = core.contracts();
    let with_tier = |name: &str, value: &str| ContractInput {
        custom: Some(vec![CustomValue { field_id: tier.id, value: value.into() }]),
        ..contract(&org, name, "2026-01-01", None)
    };
    c.create(with_tier("Support", "Gold"), &me).await.unwrap();
    c.create(with_tier("Backup", "Silver"), &me).await.unwrap();
    c.create(contract(&org, "Printing", "2026-01-01", None), &me).await.unwrap();
    let by_tier = |value: &str| ContractQuery {
        custom: vec![CustomFilter { field_id: tier.id, value: value.into() }],
        ..ContractQuery::default()
    };
    let names = |list: Vec<fieldbook_core::service::contracts::Contract>| {
        list.into_iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(names(c.list(by_tier("Gold")).await.unwrap()), ["Support"]);
    assert_eq!(names(c.list(by_tier("Silver")).await.unwrap()), ["Backup"]);
    // Together with another filter: the organization's.
    let query = ContractQuery {
        organization_id: Some(org.id),
        custom: vec![CustomFilter { field_id: tier.id, value: "Gold".into() }],
        ..ContractQuery::default()
    };
    assert_eq!(c.list(query).await.unwrap().len(), 1);
    assert_eq!(c.list(ContractQuery::default()).await.unwrap().len(), 3);

    // Text finds a contract by its name or its custom text (a choice's too), not archived fields'.
    let text = |text: &str| ContractQuery { text: Some(text.into()), ..ContractQuery::default() };
    assert_eq!(names(c.list(text("print")).await.unwrap()), ["Printing"]);
    assert_eq!(names(c.list(text("silv")).await.unwrap()), ["Backup"]);
    assert!(c.list(text("50%")).await.unwrap().is_empty());
    core.custom_fields().remove(tier.id, true, &me).await.unwrap();
    assert!(c.list(text("silv")).await.unwrap().is_empty());
}
