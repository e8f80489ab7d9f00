//! Members of organizations (inherited by sites), My organizations, contacts across
//! organizations, and the editable role lists.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::billing::OrganizationBilling;
use fieldbook_core::choices::ChoiceList;
use fieldbook_core::organizations::OrganizationFilter;
use fieldbook_core::staff::Role;

async fn role(t: &TestCore, list: ChoiceList, name: &str) -> fieldbook_core::ChoiceId {
    t.choices().list(list).await.unwrap().into_iter().find(|c| c.name == name).unwrap().id
}

#[tokio::test]
async fn members_are_inherited_by_sites_without_their_own_and_make_my_organizations() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let tech = t.colleague("Tom Tech", Role::Technician).await;
    let acme = t.org("Acme").await;
    let york = t.site_of(&acme, "Acme York").await;
    let york_depot = t.site_of(&york, "Acme York Depot").await;
    let leeds = t.site_of(&acme, "Acme Leeds").await;
    let other = t.org("Other Ltd").await;
    let manager = role(&t, ChoiceList::MemberRole, "Account manager").await;
    let technician = role(&t, ChoiceList::MemberRole, "Technician").await;

    t.members().add_member(acme.id, me.id, manager, &me).await.unwrap();
    t.members().add_member(leeds.id, tech.id, technician, &me).await.unwrap();

    // York (and its own site) inherit Acme's members; Leeds has its own.
    let team = t.members().team(york_depot.id).await.unwrap();
    assert_eq!(team.inherited_from.as_ref().map(|o| o.name.as_str()), Some("Acme"));
    assert_eq!(
        team.members.iter().map(|m| (m.staff_name.as_str(), m.role.as_str())).collect::<Vec<_>>(),
        [("Ann Admin", "Account manager")]
    );
    let leeds_team = t.members().team(leeds.id).await.unwrap();
    assert_eq!(leeds_team.inherited_from, None);
    assert_eq!(leeds_team.members[0].staff_name, "Tom Tech");
    assert!(t.members().team(other.id).await.unwrap().members.is_empty());

    // My organizations: Acme and the sites that inherit from it, not Leeds or Other.
    let mine = t
        .organizations()
        .list(OrganizationFilter { member_id: Some(me.id), ..Default::default() })
        .await
        .unwrap();
    let names: Vec<&str> = mine.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Acme York", "Acme York Depot"]);
    let toms = t
        .organizations()
        .list(OrganizationFilter { member_id: Some(tech.id), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(toms.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Acme Leeds"]);
    assert_eq!(
        t.organizations()
            .count(OrganizationFilter { member_id: Some(me.id), ..Default::default() })
            .await
            .unwrap(),
        3
    );

    // The same role twice is refused; a contact role is not a member role.
    assert_invalid(
        t.members().add_member(acme.id, me.id, manager, &me).await,
        "staff_id",
        "already Account manager of Acme",
    );
    let billing = role(&t, ChoiceList::ContactRole, "Billing contact").await;
    assert_invalid(t.members().add_member(acme.id, tech.id, billing, &me).await, "role_id", "member role");

    // A member role in use cannot be removed from the list; an unused one can.
    assert_invalid(t.choices().remove(manager).await, "choice", "used 1 time");
    let sales = role(&t, ChoiceList::MemberRole, "Sales").await;
    t.choices().remove(sales).await.unwrap();
    assert_invalid(
        t.choices().add(ChoiceList::MemberRole, " technician ").await,
        "name",
        "already in the list",
    );

    // Removing the membership: York no longer inherits anyone (and the stream keeps both).
    let membership = t.members().team(acme.id).await.unwrap().members[0].id;
    t.members().remove_member(membership, &me).await.unwrap();
    assert!(t.members().team(york.id).await.unwrap().members.is_empty());
}

#[tokio::test]
async fn a_person_is_a_contact_of_other_organizations_and_can_be_their_billing_contact() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let books = t.org("Books & Co").await;
    let accountant = t.person_at(&books, "Alice", "Counter").await;
    let acme = t.org("Acme").await;
    let beta = t.org("Beta").await;
    let acc = role(&t, ChoiceList::ContactRole, "Accountant").await;
    let billing = role(&t, ChoiceList::ContactRole, "Billing contact").await;

    // Not yet a contact: she cannot be Acme's billing contact.
    let set_billing =
        |contact| OrganizationBilling { billing_contact_id: Some(contact), ..OrganizationBilling::default() };
    assert_invalid(
        t.billing().set_organization(acme.id, set_billing(accountant.id)).await,
        "billing_contact_id",
        "people or contacts",
    );

    t.members().add_contact(acme.id, accountant.id, billing, &me).await.unwrap();
    t.members().add_contact(beta.id, accountant.id, acc, &me).await.unwrap();
    t.billing().set_organization(acme.id, set_billing(accountant.id)).await.unwrap();

    // Shown on both sides.
    let team = t.members().team(acme.id).await.unwrap();
    assert_eq!(team.contacts.len(), 1);
    assert_eq!(
        (
            team.contacts[0].person_name.as_str(),
            team.contacts[0].role.as_str(),
            team.contacts[0].person_organization.as_deref()
        ),
        ("Alice Counter", "Billing contact", Some("Books & Co"))
    );
    let of: Vec<(String, String)> = t
        .members()
        .contact_of(accountant.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.organization_name, c.role))
        .collect();
    assert_eq!(
        of,
        [("Acme".to_owned(), "Billing contact".to_owned()), ("Beta".to_owned(), "Accountant".to_owned())]
    );

    // Her own organization is not an "other" organization; the billing contact role stays
    // while she is the billing contact.
    assert_invalid(
        t.members().add_contact(books.id, accountant.id, acc, &me).await,
        "person_id",
        "already one of Books & Co's people",
    );
    assert_invalid(
        t.members().remove_contact(team.contacts[0].id, &me).await,
        "contact",
        "billing contact of Acme",
    );
}
