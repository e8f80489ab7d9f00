//! People on a real SQLite file: CRUD, validation, links and the live inherited address.

mod common;

use common::{TestCore, assert_invalid, org_input, person_input};
use fieldbook_core::address::Address;
use fieldbook_core::organizations::OrganizationInput;
use fieldbook_core::people::{PersonFilter, PersonInput};

#[tokio::test]
async fn a_first_or_last_name_is_required() {
    let core = TestCore::with_me().await;
    let nameless = PersonInput { first_name: Some(" ".into()), ..PersonInput::default() };
    assert_invalid(core.people().create(nameless).await, "last_name", "first or a last name");
    let only_first = PersonInput { first_name: Some("Cher".into()), ..PersonInput::default() };
    assert_eq!(core.people().create(only_first).await.unwrap().first_name.as_deref(), Some("Cher"));
}

#[tokio::test]
async fn malformed_email_is_refused_and_nothing_written() {
    let core = TestCore::with_me().await;
    let input = PersonInput { email: Some("ann at example.com".into()), ..person_input("Ann", "Archer") };
    assert_invalid(core.people().create(input).await, "email", "not an email address");
    assert!(core.people().list(PersonFilter::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_organization_is_refused() {
    let core = TestCore::with_me().await;
    let input = PersonInput {
        organization_id: Some(fieldbook_core::OrganizationId::new()),
        ..person_input("Ann", "Archer")
    };
    assert_invalid(core.people().create(input).await, "organization_id", "no longer exists");
}

#[tokio::test]
async fn linking_drops_the_free_text_company() {
    let core = TestCore::with_me().await;
    let org = core.org("Acme").await;
    let input = PersonInput {
        organization_id: Some(org.id),
        company_name: Some("Acme typed".into()),
        ..person_input("Ann", "Archer")
    };
    let ann = core.people().create(input).await.unwrap();
    assert_eq!(ann.organization.unwrap().name, "Acme");
    assert_eq!(ann.company_name, None);
}

mod inherited_address {
    use super::*;

    fn city(name: &str) -> Address {
        Address { city: Some(name.into()), ..Address::default() }
    }

    #[tokio::test]
    async fn moving_the_company_moves_everyone_who_inherits_and_overrides_survive() {
        let core = TestCore::with_me().await;
        let input = OrganizationInput {
            address: Address { line1: Some("1 High St".into()), ..city("Leeds") },
            ..org_input("Acme")
        };
        let org = core.organizations().create(input, vec![]).await.unwrap();
        let ann = core.person_at(&org, "Ann", "Archer").await;
        let bob_input = PersonInput {
            organization_id: Some(org.id),
            address_override: city("Harrogate"),
            ..person_input("Bob", "Baker")
        };
        let bob = core.people().create(bob_input).await.unwrap();
        assert_eq!(ann.address.city.as_deref(), Some("Leeds"));
        assert_eq!(ann.address_override, Address::default());
        assert_eq!(bob.address.city.as_deref(), Some("Harrogate"));
        assert_eq!(bob.address.line1.as_deref(), Some("1 High St"), "fields are inherited one by one");

        let moved = OrganizationInput {
            address: Address { line1: Some("9 New Rd".into()), ..city("York") },
            ..org_input("Acme")
        };
        core.organizations().update(org.id, moved).await.unwrap();

        let ann = core.people().get(ann.id).await.unwrap();
        let bob = core.people().get(bob.id).await.unwrap();
        assert_eq!(ann.address.city.as_deref(), Some("York"));
        assert_eq!(ann.address.line1.as_deref(), Some("9 New Rd"));
        assert_eq!(bob.address.city.as_deref(), Some("Harrogate"), "the override survives");
        assert_eq!(bob.address.line1.as_deref(), Some("9 New Rd"));
    }

    #[tokio::test]
    async fn clearing_an_override_inherits_again() {
        let core = TestCore::with_me().await;
        let org = core.org_in("Acme", "Leeds").await;
        let input = PersonInput {
            organization_id: Some(org.id),
            address_override: city("Harrogate"),
            ..person_input("Bob", "Baker")
        };
        let bob = core.people().create(input.clone()).await.unwrap();
        let cleared = PersonInput { address_override: city(""), ..input };
        let bob = core.people().update(bob.id, cleared).await.unwrap();
        assert_eq!(bob.address.city.as_deref(), Some("Leeds"));
    }
}

#[tokio::test]
async fn list_filters_by_text_organization_and_archived() {
    let core = TestCore::with_me().await;
    let acme = core.org("Acme").await;
    let ann = core.person_at(&acme, "Ann", "Archer").await;
    core.person_with_company("Zed", "Zeta").await;
    let old = core.person_at(&acme, "Old", "Timer").await;
    core.people().archive(old.id).await.unwrap();

    let names = |people: Vec<fieldbook_core::people::Person>| {
        people.into_iter().map(|p| p.first_name.unwrap_or_default()).collect::<Vec<_>>()
    };
    let people = core.people();
    assert_eq!(names(people.list(PersonFilter::default()).await.unwrap()), ["Ann", "Zed"]);
    let at_acme = PersonFilter { organization_id: Some(acme.id), ..Default::default() };
    assert_eq!(names(people.list(at_acme).await.unwrap()), ["Ann"]);
    let all = PersonFilter { include_archived: true, ..Default::default() };
    assert_eq!(
        names(people.list(all).await.unwrap()),
        ["Ann", "Zed", "Old"],
        "by last name: Archer, Doe, Timer"
    );
    for text in ["ann arch", "acme", "zeta"] {
        let found =
            people.list(PersonFilter { text: Some(text.into()), ..Default::default() }).await.unwrap();
        assert_eq!(found.len(), 1, "{text}");
    }
    let restored = people.restore(old.id).await.unwrap();
    assert_eq!(restored.archived_at, None);
    assert_eq!(people.get(ann.id).await.unwrap().organization.unwrap().id, acme.id);
}

#[tokio::test]
async fn with_automatic_linking_a_company_name_becomes_an_organization() {
    let t = TestCore::with_me().await;
    let acme = t.org("Acme Ltd").await;
    // Off (the default): the company name stays free text.
    let free = t.person_with_company("Ann", "ACME limited").await;
    assert_eq!((free.organization, free.company_name.as_deref()), (None, Some("ACME limited")));

    let mut settings = t.settings().get().await.unwrap();
    settings.auto_link_people = true;
    assert!(t.settings().update(settings).await.unwrap().auto_link_people);
    let linked = t.person_with_company("Ben", "ACME, Inc.").await;
    assert_eq!(linked.organization.map(|o| o.id), Some(acme.id));
    assert_eq!(linked.company_name, None);

    let created = t.person_with_company("Cat", "Brand New GmbH").await;
    let org = created.organization.expect("a new organization");
    assert_eq!(org.name, "Brand New GmbH");
    // An update links too.
    let input = PersonInput { company_name: Some("acme".into()), ..person_input("Ann", "Doe") };
    let ann = t.people().update(free.id, input).await.unwrap();
    assert_eq!(ann.organization.map(|o| o.id), Some(acme.id));
}
