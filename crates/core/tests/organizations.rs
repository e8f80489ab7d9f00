//! Organizations on a real SQLite file: CRUD, validation, sites, archive, name suggestions.

mod common;

use common::{TestCore, assert_invalid, org_input};
use fieldbook_core::address::Address;
use fieldbook_core::organizations::{OrganizationFilter, OrganizationInput, OrganizationSort};

mod create {
    use super::*;

    #[tokio::test]
    async fn stores_every_field_trimmed() {
        let core = TestCore::with_me().await;
        let input = OrganizationInput {
            account_number: Some(" 1001 ".into()),
            name: "  Acme Ltd ".into(),
            dba_name: Some("Acme".into()),
            address: Address {
                line1: Some("1 High St".into()),
                city: Some("Leeds".into()),
                postal_code: Some("LS1 1AA".into()),
                country: Some("UK".into()),
                ..Address::default()
            },
            phone: Some("+44 113 000".into()),
            email: Some("office@acme.example".into()),
            website: Some("acme.example".into()),
            notes: Some("  ".into()),
            ..OrganizationInput::default()
        };
        let org = core.organizations().create(input, vec![]).await.unwrap();
        assert_eq!(org.name, "Acme Ltd");
        assert_eq!(org.account_number.as_deref(), Some("1001"));
        assert_eq!(org.notes, None, "blank text is stored as empty");
        assert_eq!(org.address.city.as_deref(), Some("Leeds"));
        assert!(org.created_at.ends_with('Z'));
        assert_eq!(core.organizations().get(org.id).await.unwrap(), org);
    }

    #[tokio::test]
    async fn ids_are_uuid_v7() {
        let core = TestCore::with_me().await;
        let org = core.org("Acme").await;
        let text = org.id.to_string();
        assert_eq!(text.as_bytes()[14], b'7', "{text} is not a version 7 uuid");
    }

    #[tokio::test]
    async fn empty_name_is_refused_and_nothing_written() {
        let core = TestCore::with_me().await;
        assert_invalid(core.organizations().create(org_input("   "), vec![]).await, "name", "required");
        assert!(core.organizations().list(OrganizationFilter::default()).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn malformed_email_is_refused() {
        let core = TestCore::with_me().await;
        let input = OrganizationInput { email: Some("office@".into()), ..org_input("Acme") };
        assert_invalid(core.organizations().create(input, vec![]).await, "email", "office@");
        assert!(core.organizations().list(OrganizationFilter::default()).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn duplicate_account_number_names_the_holder() {
        let core = TestCore::with_me().await;
        let first = OrganizationInput { account_number: Some("1001".into()), ..org_input("Acme Ltd") };
        core.organizations().create(first, vec![]).await.unwrap();
        let second = OrganizationInput { account_number: Some("1001".into()), ..org_input("Beta") };
        assert_invalid(
            core.organizations().create(second, vec![]).await,
            "account_number",
            "already used by Acme Ltd",
        );
        let all = core.organizations().list(OrganizationFilter::default()).await.unwrap();
        assert_eq!(all.len(), 1);
    }

    #[tokio::test]
    async fn missing_parent_is_refused() {
        let core = TestCore::with_me().await;
        let gone = fieldbook_core::OrganizationId::new();
        let input = OrganizationInput { parent_id: Some(gone), ..org_input("Site") };
        assert_invalid(core.organizations().create(input, vec![]).await, "parent_id", "no longer exists");
    }
}

mod update {
    use super::*;

    #[tokio::test]
    async fn replaces_fields_and_bumps_updated_at() {
        let core = TestCore::with_me().await;
        let org = core.org_in("Acme", "Leeds").await;
        let input = OrganizationInput {
            address: Address { city: Some("York".into()), ..Address::default() },
            ..org_input("Acme Holdings")
        };
        let updated = core.organizations().update(org.id, input).await.unwrap();
        assert_eq!(updated.name, "Acme Holdings");
        assert_eq!(updated.address.city.as_deref(), Some("York"));
        assert!(updated.updated_at >= org.updated_at);
        assert_eq!(updated.created_at, org.created_at);
    }

    #[tokio::test]
    async fn keeping_its_own_account_number_is_fine() {
        let core = TestCore::with_me().await;
        let input = OrganizationInput { account_number: Some("7".into()), ..org_input("Acme") };
        let org = core.organizations().create(input.clone(), vec![]).await.unwrap();
        core.organizations().update(org.id, input).await.unwrap();
    }

    #[tokio::test]
    async fn parent_cycles_are_refused() {
        let core = TestCore::with_me().await;
        let top = core.org("Acme").await;
        let site = core.site_of(&top, "Acme Leeds").await;
        let sub = core.site_of(&site, "Acme Leeds Warehouse").await;
        let to_sub = OrganizationInput { parent_id: Some(sub.id), ..org_input("Acme") };
        assert_invalid(
            core.organizations().update(top.id, to_sub).await,
            "parent_id",
            "cannot be above itself",
        );
        let to_self = OrganizationInput { parent_id: Some(top.id), ..org_input("Acme") };
        assert_invalid(core.organizations().update(top.id, to_self).await, "parent_id", "own parent");
        assert_eq!(core.organizations().get(top.id).await.unwrap().parent, None, "nothing written");
    }

    #[tokio::test]
    async fn unknown_organization_is_not_found() {
        let core = TestCore::with_me().await;
        let err = core
            .organizations()
            .update(fieldbook_core::OrganizationId::new(), org_input("X"))
            .await
            .unwrap_err();
        assert!(matches!(err, fieldbook_core::Error::NotFound { entity: "organization" }));
    }
}

mod sites_and_detail {
    use super::*;

    #[tokio::test]
    async fn detail_lists_sites_and_people_and_sites_name_their_parent() {
        let core = TestCore::with_me().await;
        let parent = core.org("Acme").await;
        let leeds = core.site_of(&parent, "Acme – Leeds").await;
        let ann = core.person_at(&parent, "Ann", "Archer").await;
        let detail = core.organizations().detail(parent.id).await.unwrap();
        assert_eq!(detail.sites, vec![leeds.clone()]);
        assert_eq!(detail.people, vec![ann]);
        assert_eq!(leeds.parent.unwrap().name, "Acme");
    }

    #[tokio::test]
    async fn archiving_a_parent_keeps_its_sites() {
        let core = TestCore::with_me().await;
        let parent = core.org("Acme").await;
        let site = core.site_of(&parent, "Acme – Leeds").await;
        core.organizations().archive(parent.id).await.unwrap();
        let detail = core.organizations().detail(parent.id).await.unwrap();
        assert_eq!(detail.sites, vec![site]);
    }
}

mod list {
    use super::*;

    fn names(orgs: &[fieldbook_core::organizations::Organization]) -> Vec<&str> {
        orgs.iter().map(|o| o.name.as_str()).collect()
    }

    #[tokio::test]
    async fn filters_by_text_city_and_archived() {
        let core = TestCore::with_me().await;
        core.org_in("Acme", "Leeds").await;
        core.org_in("Beta 100%", "York").await;
        let gamma = core.org_in("Gamma", "leeds").await;
        core.organizations().archive(gamma.id).await.unwrap();
        let orgs = core.organizations();

        let all = orgs.list(OrganizationFilter::default()).await.unwrap();
        assert_eq!(names(&all), ["Acme", "Beta 100%"]);
        let with_archived =
            orgs.list(OrganizationFilter { include_archived: true, ..Default::default() }).await.unwrap();
        assert_eq!(names(&with_archived), ["Acme", "Beta 100%", "Gamma"]);
        let leeds =
            OrganizationFilter { city: Some("LEEDS".into()), include_archived: true, ..Default::default() };
        assert_eq!(names(&orgs.list(leeds).await.unwrap()), ["Acme", "Gamma"]);
        let text = OrganizationFilter { text: Some("york".into()), ..Default::default() };
        assert_eq!(names(&orgs.list(text).await.unwrap()), ["Beta 100%"]);
        let percent = OrganizationFilter { text: Some("0%".into()), ..Default::default() };
        assert_eq!(names(&orgs.list(percent).await.unwrap()), ["Beta 100%"], "% is literal");
        assert_eq!(orgs.cities().await.unwrap(), ["Leeds", "leeds", "York"]);
    }

    #[tokio::test]
    async fn sorts_by_account_and_city_with_blanks_last() {
        let core = TestCore::with_me().await;
        for (name, account, city) in
            [("A", Some("300"), "Zurich"), ("B", None, "Bern"), ("C", Some("100"), "")]
        {
            let input = OrganizationInput {
                account_number: account.map(Into::into),
                address: Address { city: Some(city.into()), ..Address::default() },
                ..org_input(name)
            };
            core.organizations().create(input, vec![]).await.unwrap();
        }
        let orgs = core.organizations();
        for (sort, expected) in [
            (OrganizationSort::Name, ["A", "B", "C"]),
            (OrganizationSort::AccountNumber, ["C", "A", "B"]),
            (OrganizationSort::City, ["B", "A", "C"]),
        ] {
            let listed = orgs.list(OrganizationFilter { sort, ..Default::default() }).await.unwrap();
            assert_eq!(names(&listed), expected, "{sort:?}");
        }
    }
}

mod pages {
    use super::*;
    use fieldbook_core::people::PersonFilter;

    /// The virtual lists fetch pages by offset: the pages must join up to the whole list, in
    /// every sort and with every filter, and the count must agree.
    #[tokio::test]
    async fn pages_join_up_to_the_whole_list_with_any_filter_and_sort() {
        let core = TestCore::with_me().await;
        let cities = ["Leeds", "York", "leeds", ""];
        for i in 0..23u32 {
            let input = OrganizationInput {
                account_number: (i % 3 != 0).then(|| format!("A-{:03}", (i * 7) % 23)),
                address: Address { city: Some(cities[i as usize % 4].into()), ..Address::default() },
                // Equal names too: the id breaks ties, so no row is on two pages.
                ..org_input(&format!("Org {}", i % 9))
            };
            let org = core.organizations().create(input, vec![]).await.unwrap();
            let person = common::person_input(&format!("P{i}"), &format!("Last {}", i % 5));
            let person = fieldbook_core::people::PersonInput { organization_id: Some(org.id), ..person };
            let person = core.people().create(person).await.unwrap();
            if i % 5 == 1 {
                core.organizations().archive(org.id).await.unwrap();
                core.people().archive(person.id).await.unwrap();
            }
        }
        let orgs = core.organizations();
        for sort in [OrganizationSort::Name, OrganizationSort::AccountNumber, OrganizationSort::City] {
            for archived in [false, true] {
                for (text, city) in
                    [(None, None), (Some("org 1"), None), (None, Some("LEEDS")), (Some("a-0"), Some("york"))]
                {
                    let filter = OrganizationFilter {
                        text: text.map(Into::into),
                        city: city.map(Into::into),
                        include_archived: archived,
                        sort,
                        ..Default::default()
                    };
                    let whole = orgs.list(filter.clone()).await.unwrap();
                    let mut paged = Vec::new();
                    for page in 0..6 {
                        let f =
                            OrganizationFilter { limit: Some(4), offset: Some(page * 4), ..filter.clone() };
                        paged.extend(orgs.list(f).await.unwrap());
                    }
                    let ids = |list: &[fieldbook_core::organizations::Organization]| {
                        list.iter().map(|o| o.id).collect::<Vec<_>>()
                    };
                    assert_eq!(ids(&paged), ids(&whole), "{filter:?}");
                    assert_eq!(orgs.count(filter.clone()).await.unwrap(), whole.len() as u64, "{filter:?}");
                    assert!(archived || whole.iter().all(|o| o.archived_at.is_none()));
                    assert!(!whole.is_empty(), "{filter:?} finds nothing: the comparison proves little");
                }
            }
        }
        for archived in [false, true] {
            for text in [None, Some("last 2"), Some("org 3")] {
                let filter = PersonFilter {
                    text: text.map(Into::into),
                    include_archived: archived,
                    ..Default::default()
                };
                let whole = core.people().list(filter.clone()).await.unwrap();
                let mut paged = Vec::new();
                for page in 0..6 {
                    let f = PersonFilter { limit: Some(4), offset: Some(page * 4), ..filter.clone() };
                    paged.extend(core.people().list(f).await.unwrap());
                }
                assert_eq!(
                    paged.iter().map(|p| p.id).collect::<Vec<_>>(),
                    whole.iter().map(|p| p.id).collect::<Vec<_>>(),
                    "{filter:?}"
                );
                assert_eq!(core.people().count(filter.clone()).await.unwrap(), whole.len() as u64);
                assert!(!whole.is_empty(), "{filter:?} finds nobody: the comparison proves little");
            }
        }
        let all =
            orgs.list(OrganizationFilter { include_archived: true, ..Default::default() }).await.unwrap();
        assert_eq!(all.len(), 23);
    }
}

mod archive {
    use super::*;

    #[tokio::test]
    async fn archive_and_restore_round_trip() {
        let core = TestCore::with_me().await;
        let org = core.org("Acme").await;
        let archived = core.organizations().archive(org.id).await.unwrap();
        assert!(archived.archived_at.is_some());
        let again = core.organizations().archive(org.id).await.unwrap();
        assert_eq!(again.archived_at, archived.archived_at, "archiving twice keeps the first time");
        let restored = core.organizations().restore(org.id).await.unwrap();
        assert_eq!(restored.archived_at, None);
    }
}

mod suggestions {
    use super::*;

    #[tokio::test]
    async fn near_duplicates_are_flagged_ignoring_case_punctuation_and_suffixes() {
        let core = TestCore::with_me().await;
        core.org("ACME, Inc.").await;
        core.org("Acme Rockets").await;
        let found = core.organizations().suggest_names("acme ltd").await.unwrap();
        let flagged: Vec<_> =
            found.organizations.iter().map(|m| (m.organization.name.as_str(), m.near_duplicate)).collect();
        assert_eq!(flagged, [("ACME, Inc.", true), ("Acme Rockets", false)]);
    }

    #[tokio::test]
    async fn free_text_company_names_are_offered_and_linking_moves_the_people() {
        let core = TestCore::with_me().await;
        let ann = core.person_with_company("Ann", "Zeta GmbH").await;
        let bob = core.person_with_company("Bob", "zeta").await;
        let cat = core.person_with_company("Cat", "Zeta GmbH").await;
        core.person_with_company("Dan", "Other Co").await;

        let found = core.organizations().suggest_names("Zet").await.unwrap();
        assert_eq!(found.company_names.len(), 1);
        let company = &found.company_names[0];
        assert_eq!((company.name.as_str(), company.people), ("Zeta GmbH", 3));

        let people = core.people().with_company_key(&company.key).await.unwrap();
        assert_eq!(people.len(), 3);
        let org = core.organizations().create(org_input("Zeta GmbH"), vec![ann.id, bob.id]).await.unwrap();

        let linked = core.organizations().detail(org.id).await.unwrap().people;
        let mut linked_ids: Vec<_> = linked.iter().map(|p| p.id).collect();
        linked_ids.sort();
        assert_eq!(linked_ids, [ann.id, bob.id]);
        assert!(linked.iter().all(|p| p.company_name.is_none()));
        let cat = core.people().get(cat.id).await.unwrap();
        assert_eq!(cat.organization, None, "unticked people stay as they were");
        assert_eq!(cat.company_name.as_deref(), Some("Zeta GmbH"));
        let left = core.organizations().suggest_names("Zeta").await.unwrap();
        assert_eq!(left.company_names[0].people, 1);
    }

    #[tokio::test]
    async fn linking_someone_already_linked_writes_nothing() {
        let core = TestCore::with_me().await;
        let other = core.org("Other").await;
        let ann = core.person_at(&other, "Ann", "Archer").await;
        let result = core.organizations().create(org_input("New Co"), vec![ann.id]).await;
        assert_invalid(result, "link_people", "already linked");
        let all = core.organizations().list(OrganizationFilter::default()).await.unwrap();
        assert_eq!(all.len(), 1, "the new organization was rolled back");
    }
}
