//! Custom fields (issue 16): an admin defines them per kind of record; values are saved with
//! their record, checked against their kind, filter the lists; renames keep values, kind changes
//! check every value first, removing a field with values archives it.

mod common;

use common::{TestCore, assert_invalid, org_input, person_input};
use fieldbook_core::custom_fields::{
    CONFIRM_ARCHIVE, CustomFieldInput, CustomFilter, CustomKind, CustomRecord, CustomValue,
};
use fieldbook_core::organizations::{OrganizationFilter, OrganizationInput};
use fieldbook_core::people::PersonFilter;
use fieldbook_core::staff::Role;

fn field(record: CustomRecord, label: &str, kind: CustomKind) -> CustomFieldInput {
    CustomFieldInput { record, label: label.into(), kind, ..CustomFieldInput::default() }
}

fn tier_input() -> CustomFieldInput {
    CustomFieldInput {
        choices: vec!["Gold".into(), "Silver".into(), "Bronze".into()],
        ..field(CustomRecord::Organization, "Contract tier", CustomKind::Choice)
    }
}

fn with(custom: &[(fieldbook_core::CustomFieldId, &str)]) -> Option<Vec<CustomValue>> {
    Some(custom.iter().map(|(id, v)| CustomValue { field_id: *id, value: v.to_string() }).collect())
}

fn names(orgs: &[fieldbook_core::organizations::Organization]) -> Vec<&str> {
    orgs.iter().map(|o| o.name.as_str()).collect()
}

#[tokio::test]
async fn values_round_trip_through_create_edit_and_the_list_filter() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let tier = fields.create(tier_input(), &me).await.unwrap();
    let seats =
        fields.create(field(CustomRecord::Organization, "Seats", CustomKind::Number), &me).await.unwrap();
    let alarm = fields
        .create(field(CustomRecord::Organization, "Alarm code location", CustomKind::Text), &me)
        .await
        .unwrap();
    assert_eq!(
        fields
            .list(CustomRecord::Organization, false)
            .await
            .unwrap()
            .iter()
            .map(|f| &f.label)
            .collect::<Vec<_>>(),
        ["Contract tier", "Seats", "Alarm code location"]
    );

    let acme = t
        .organizations()
        .create(
            OrganizationInput {
                custom: with(&[(tier.id, "gold"), (seats.id, "1,250"), (alarm.id, " Behind reception ")]),
                ..org_input("Acme")
            },
            vec![],
        )
        .await
        .unwrap();
    let values = fields.values(acme.id).await.unwrap();
    let shown: Vec<(&fieldbook_core::CustomFieldId, &str)> =
        values.iter().map(|v| (&v.field_id, v.value.as_str())).collect();
    assert_eq!(shown, [(&tier.id, "Gold"), (&seats.id, "1250"), (&alarm.id, "Behind reception")]);

    let globex = t
        .organizations()
        .create(OrganizationInput { custom: with(&[(tier.id, "Silver")]), ..org_input("Globex") }, vec![])
        .await
        .unwrap();
    t.org("Initech").await; // no values at all

    // A bad value is refused naming the field, and nothing of the edit is saved.
    assert_invalid(
        t.organizations()
            .update(
                acme.id,
                OrganizationInput { custom: with(&[(seats.id, "a dozen")]), ..org_input("Acme Corp") },
            )
            .await,
        "custom",
        "Seats: “a dozen” is not a number.",
    );
    assert_eq!(t.organizations().get(acme.id).await.unwrap().name, "Acme");

    // An edit clears one value ("") and leaves the ones it does not send.
    t.organizations()
        .update(acme.id, OrganizationInput { custom: with(&[(alarm.id, "")]), ..org_input("Acme") })
        .await
        .unwrap();
    let values = fields.values(acme.id).await.unwrap();
    assert_eq!(values.len(), 2);
    // An update without custom values (an import, the CLI) leaves them alone.
    t.organizations().update(acme.id, org_input("Acme")).await.unwrap();
    assert_eq!(fields.values(acme.id).await.unwrap(), values);

    let filter = |value: &str| OrganizationFilter {
        custom: vec![CustomFilter { field_id: tier.id, value: value.into() }],
        ..OrganizationFilter::default()
    };
    assert_eq!(names(&t.organizations().list(filter("Gold")).await.unwrap()), ["Acme"]);
    assert_eq!(names(&t.organizations().list(filter("Silver")).await.unwrap()), ["Globex"]);
    assert_eq!(t.organizations().count(filter("Bronze")).await.unwrap(), 0);
    let _ = globex;
}

#[tokio::test]
async fn people_have_their_own_fields_and_required_ones_are_asked_for_on_the_next_edit() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let acme = t.org("Acme").await;
    let ann = t.person_at(&acme, "Ann", "Lee").await;
    let vip = fields.create(field(CustomRecord::Person, "VIP", CustomKind::YesNo), &me).await.unwrap();
    let courier = fields
        .create(
            CustomFieldInput {
                required: true,
                ..field(CustomRecord::Person, "Preferred courier", CustomKind::Text)
            },
            &me,
        )
        .await
        .unwrap();
    // Ann existed before the field became required: she is still there, unchanged.
    assert!(fields.values(ann.id).await.unwrap().is_empty());
    // Her form (which sends every field it shows) asks for it on the next save, naming it; the
    // CLI/import path (no custom values) does not.
    let form = |custom| fieldbook_core::people::PersonInput {
        organization_id: Some(acme.id),
        custom,
        ..person_input("Ann", "Lee")
    };
    assert_invalid(
        t.people().update(ann.id, form(with(&[(vip.id, "yes"), (courier.id, " ")]))).await,
        "custom",
        "Preferred courier: this field is required.",
    );
    assert!(fields.values(ann.id).await.unwrap().is_empty(), "the refused save changed nothing");
    t.people().update(ann.id, form(None)).await.unwrap();
    t.people().update(ann.id, form(with(&[(vip.id, "Y"), (courier.id, "DHL")]))).await.unwrap();
    assert_eq!(
        fields.values(ann.id).await.unwrap(),
        [
            CustomValue { field_id: vip.id, value: "yes".into() },
            CustomValue { field_id: courier.id, value: "DHL".into() }
        ]
    );
    // A person's field is not an organization's.
    assert_invalid(
        t.organizations()
            .update(acme.id, OrganizationInput { custom: with(&[(vip.id, "yes")]), ..org_input("Acme") })
            .await,
        "custom",
        "reload the form",
    );
    t.person_at(&acme, "Bob", "Ray").await;
    let vips = t
        .people()
        .list(PersonFilter {
            custom: vec![CustomFilter { field_id: vip.id, value: "yes".into() }],
            ..PersonFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(vips.iter().map(|p| p.first_name.as_deref().unwrap()).collect::<Vec<_>>(), ["Ann"]);
}

#[tokio::test]
async fn bad_definitions_are_refused_with_sentences() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    assert_invalid(
        fields.create(field(CustomRecord::Organization, "  ", CustomKind::Text), &me).await,
        "label",
        "needs a name",
    );
    assert_invalid(
        fields.create(field(CustomRecord::Organization, "E-mail", CustomKind::Email), &me).await,
        "label",
        "Organizations already have a field called “Email”",
    );
    assert_invalid(
        fields.create(field(CustomRecord::Person, "job title", CustomKind::Text), &me).await,
        "label",
        "People already have a field called “Job title”",
    );
    fields.create(tier_input(), &me).await.unwrap();
    assert_invalid(
        fields.create(field(CustomRecord::Organization, "contract  TIER", CustomKind::Text), &me).await,
        "label",
        "Organizations already have a custom field called “Contract tier”.",
    );
    // The same label on another kind of record is fine.
    fields.create(field(CustomRecord::Person, "Contract tier", CustomKind::Text), &me).await.unwrap();
    assert_invalid(
        fields.create(field(CustomRecord::Organization, "Size", CustomKind::Choice), &me).await,
        "choices",
        "at least one choice",
    );
    assert_invalid(
        fields
            .create(
                CustomFieldInput {
                    choices: vec!["S".into(), "s".into()],
                    ..field(CustomRecord::Organization, "Size", CustomKind::Choice)
                },
                &me,
            )
            .await,
        "choices",
        "“s” is there twice",
    );
    // Only an admin defines fields.
    let tech = t.colleague("Tom Tech", Role::Technician).await;
    let refused = fields.create(field(CustomRecord::Organization, "Size", CustomKind::Text), &tech).await;
    assert!(matches!(refused, Err(fieldbook_core::Error::Forbidden(_))), "{refused:?}");
}

#[tokio::test]
async fn renames_keep_values_and_kind_changes_check_every_value_first() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let seats =
        fields.create(field(CustomRecord::Organization, "Seats", CustomKind::Text), &me).await.unwrap();
    let save = |name: &'static str, value: &'static str| {
        let t = &t;
        async move {
            t.organizations()
                .create(OrganizationInput { custom: with(&[(seats.id, value)]), ..org_input(name) }, vec![])
                .await
                .unwrap()
        }
    };
    let a = save("A", "12").await;
    save("B", "about ten").await;
    save("C", "1,000").await;
    save("D", "lots").await;

    let renamed = fields
        .update(seats.id, field(CustomRecord::Organization, "Licensed seats", CustomKind::Text), &me)
        .await
        .unwrap();
    assert_eq!((renamed.label.as_str(), renamed.values), ("Licensed seats", 4));
    assert_eq!(fields.values(a.id).await.unwrap()[0].value, "12");

    // Two values are not numbers: refused with the count and an example, nothing changed.
    assert_invalid(
        fields
            .update(seats.id, field(CustomRecord::Organization, "Licensed seats", CustomKind::Number), &me)
            .await,
        "kind",
        "“Licensed seats” cannot become a number: 2 organizations have a value that is not (like “about ten”)",
    );
    assert_eq!(fields.get(seats.id).await.unwrap().kind, CustomKind::Text);

    // Once they are fixed, the change goes through and values take the number's form.
    let b = t
        .organizations()
        .list(OrganizationFilter { text: Some("B".into()), ..Default::default() })
        .await
        .unwrap();
    let d = t
        .organizations()
        .list(OrganizationFilter { text: Some("D".into()), ..Default::default() })
        .await
        .unwrap();
    for (org, value) in [(&b[0], "10"), (&d[0], "")] {
        t.organizations()
            .update(org.id, OrganizationInput { custom: with(&[(seats.id, value)]), ..org_input(&org.name) })
            .await
            .unwrap();
    }
    let number = fields
        .update(seats.id, field(CustomRecord::Organization, "Licensed seats", CustomKind::Number), &me)
        .await
        .unwrap();
    assert_eq!((number.kind, number.values), (CustomKind::Number, 3));
    let c = t
        .organizations()
        .list(OrganizationFilter { text: Some("C".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(fields.values(c[0].id).await.unwrap()[0].value, "1000");

    // A field cannot move to another kind of record.
    assert_invalid(
        fields.update(seats.id, field(CustomRecord::Person, "Licensed seats", CustomKind::Number), &me).await,
        "record",
        "is a field of organizations",
    );
}

#[tokio::test]
async fn a_choice_in_use_stays_and_removing_a_field_with_values_archives_it() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let tier = fields.create(tier_input(), &me).await.unwrap();
    let acme = t
        .organizations()
        .create(OrganizationInput { custom: with(&[(tier.id, "Bronze")]), ..org_input("Acme") }, vec![])
        .await
        .unwrap();
    assert_invalid(
        fields
            .update(
                tier.id,
                CustomFieldInput { choices: vec!["Gold".into(), "Silver".into()], ..tier_input() },
                &me,
            )
            .await,
        "choices",
        "Choices: “Bronze” is chosen on 1 organization.",
    );
    // An unused choice goes; a new one comes.
    let changed = fields
        .update(
            tier.id,
            CustomFieldInput { choices: vec!["Platinum".into(), "Bronze".into()], ..tier_input() },
            &me,
        )
        .await
        .unwrap();
    assert_eq!(changed.choices, ["Platinum", "Bronze"]);

    // A field without values is simply deleted.
    let unused =
        fields.create(field(CustomRecord::Organization, "Courier", CustomKind::Text), &me).await.unwrap();
    assert_eq!(fields.remove(unused.id, false, &me).await.unwrap(), None);
    assert!(fields.get(unused.id).await.is_err());

    // One with values asks, then archives: gone from forms and pages, values kept.
    assert_invalid(
        fields.remove(tier.id, false, &me).await,
        CONFIRM_ARCHIVE,
        "“Contract tier” has a value on 1 organization. Removing it archives it",
    );
    let archived = fields.remove(tier.id, true, &me).await.unwrap().unwrap();
    assert!(archived.archived);
    assert!(fields.list(CustomRecord::Organization, false).await.unwrap().is_empty());
    assert!(fields.values(acme.id).await.unwrap().is_empty());
    assert_invalid(
        fields.create(field(CustomRecord::Organization, "Contract Tier", CustomKind::Text), &me).await,
        "label",
        "already have an archived custom field called “Contract tier”; restore it",
    );
    // A form sending a value for it is told to reload.
    assert_invalid(
        t.organizations()
            .update(acme.id, OrganizationInput { custom: with(&[(tier.id, "Gold")]), ..org_input("Acme") })
            .await,
        "custom",
        "removed meanwhile",
    );
    let restored = fields.restore(tier.id, &me).await.unwrap();
    assert!(!restored.archived);
    assert_eq!(fields.values(acme.id).await.unwrap()[0].value, "Bronze");

    // Deleting a record as a mistake (an import's undo) takes its values with it.
    use sqlx::Connection;
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", t.database_path().display())).await.unwrap();
    let count = "SELECT count(*) FROM custom_values";
    assert_eq!(sqlx::query_scalar::<_, i64>(count).fetch_one(&mut conn).await.unwrap(), 1);
    sqlx::query("DELETE FROM organizations WHERE id = ?")
        .bind(uuid::Uuid::from(acme.id))
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(sqlx::query_scalar::<_, i64>(count).fetch_one(&mut conn).await.unwrap(), 0);
}

#[tokio::test]
async fn fields_are_reordered_as_a_whole() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let a = fields.create(field(CustomRecord::Ticket, "Asset tag", CustomKind::Text), &me).await.unwrap();
    let b =
        fields.create(field(CustomRecord::Ticket, "Callback number", CustomKind::Phone), &me).await.unwrap();
    let order = fields.reorder(CustomRecord::Ticket, vec![b.id, a.id], &me).await.unwrap();
    assert_eq!(order.iter().map(|f| f.id).collect::<Vec<_>>(), [b.id, a.id]);
    assert_invalid(fields.reorder(CustomRecord::Ticket, vec![b.id], &me).await, "order", "changed meanwhile");
}

async fn found(t: &TestCore, text: &str) -> Vec<String> {
    use fieldbook_core::search::{SearchKind, SearchQuery};
    let query = SearchQuery {
        text: text.into(),
        kinds: vec![SearchKind::Organization, SearchKind::Person],
        include_archived: false,
        limit: Some(50),
    };
    let results = t.search().run(query).await.unwrap();
    results.groups.into_iter().flat_map(|g| g.hits).map(|h| h.title).collect()
}

#[tokio::test]
async fn search_finds_records_by_their_custom_text_but_not_by_numbers_or_archived_fields() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let courier =
        fields.create(field(CustomRecord::Organization, "Courier", CustomKind::Text), &me).await.unwrap();
    let seats =
        fields.create(field(CustomRecord::Organization, "Seats", CustomKind::Number), &me).await.unwrap();
    let badge = fields.create(field(CustomRecord::Person, "Badge", CustomKind::Text), &me).await.unwrap();
    let acme = t
        .organizations()
        .create(
            OrganizationInput {
                custom: with(&[(courier.id, "Parcelforce"), (seats.id, "4242")]),
                ..org_input("Acme")
            },
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(found(&t, "parcelf").await, ["Acme"]);
    assert!(found(&t, "4242").await.is_empty(), "numbers are not searched");
    // An edit of the organization's own fields keeps it findable by its custom text.
    t.organizations()
        .update(acme.id, OrganizationInput { phone: Some("0113 496 0000".into()), ..org_input("Acme Ltd") })
        .await
        .unwrap();
    assert_eq!(found(&t, "parcelf").await, ["Acme Ltd"]);
    // A changed value replaces the old one.
    t.organizations()
        .update(
            acme.id,
            OrganizationInput {
                phone: Some("0113 496 0000".into()),
                custom: with(&[(courier.id, "DHL Express")]),
                ..org_input("Acme Ltd")
            },
        )
        .await
        .unwrap();
    assert!(found(&t, "parcelf").await.is_empty());
    assert_eq!(found(&t, "dhl").await, ["Acme Ltd"]);
    // A person's own.
    let ann = t.person_at(&acme, "Ann", "Lee").await;
    let input = fieldbook_core::people::PersonInput {
        organization_id: Some(acme.id),
        custom: with(&[(badge.id, "Visitor 7")]),
        ..person_input("Ann", "Lee")
    };
    t.people().update(ann.id, input).await.unwrap();
    assert_eq!(found(&t, "visitor").await, ["Ann Lee"]);
    // An archived field's values are not found; restored, they are again.
    fields.remove(courier.id, true, &me).await.unwrap();
    assert!(found(&t, "dhl").await.is_empty());
    fields.restore(courier.id, &me).await.unwrap();
    assert_eq!(found(&t, "dhl").await, ["Acme Ltd"]);
    // The organization's other words still work.
    assert_eq!(found(&t, "0113").await, ["Acme Ltd"]);
}

#[tokio::test]
async fn exports_have_a_column_per_custom_field_after_the_records_own() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let tier = fields.create(tier_input(), &me).await.unwrap();
    let notes =
        fields.create(field(CustomRecord::Organization, "Gate code", CustomKind::Text), &me).await.unwrap();
    let old =
        fields.create(field(CustomRecord::Organization, "Old field", CustomKind::Text), &me).await.unwrap();
    t.organizations()
        .create(
            OrganizationInput {
                custom: with(&[(tier.id, "Gold"), (notes.id, "=1+1, then #"), (old.id, "gone")]),
                ..org_input("Acme")
            },
            vec![],
        )
        .await
        .unwrap();
    t.org("Globex").await;
    fields.remove(old.id, true, &me).await.unwrap();
    let badge = fields.create(field(CustomRecord::Person, "Badge", CustomKind::Text), &me).await.unwrap();
    let acme = t.organizations().list(OrganizationFilter::default()).await.unwrap()[0].clone();
    let ann = t.person_at(&acme, "Ann", "Lee").await;
    let input = fieldbook_core::people::PersonInput {
        organization_id: Some(acme.id),
        custom: with(&[(badge.id, "V7")]),
        ..person_input("Ann", "Lee")
    };
    t.people().update(ann.id, input).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orgs.csv");
    assert_eq!(t.export().organizations(&path, false).await.unwrap(), 2);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(",Archived,Contract tier,Gate code"), "{}", lines[0]);
    assert!(lines[1].starts_with("Acme,") || lines[1].contains(",Acme,"), "{}", lines[1]);
    assert!(lines[1].ends_with(",Gold,\"'=1+1, then #\""), "values follow, formulas defused: {}", lines[1]);
    assert!(lines[2].ends_with(",,"), "Globex has none: {}", lines[2]);
    assert!(!text.contains("gone"), "an archived field is not exported");

    let path = dir.path().join("people.csv");
    t.export().people(&path, false).await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",Archived,Badge"), "{text}");
    assert!(text.lines().nth(1).unwrap().ends_with(",V7"), "{text}");
}

#[tokio::test]
async fn custom_fields_are_import_targets_checked_per_cell_and_undone_with_the_import() {
    use fieldbook_core::import::{ApplyRequest, ImportKind, ImportOptions, RowAction, Target};
    use std::sync::atomic::AtomicBool;
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let tier = fields.create(tier_input(), &me).await.unwrap();
    let seats =
        fields.create(field(CustomRecord::Organization, "Seats", CustomKind::Number), &me).await.unwrap();
    let acme = t
        .organizations()
        .create(
            OrganizationInput { custom: with(&[(tier.id, "Gold"), (seats.id, "10")]), ..org_input("Acme") },
            vec![],
        )
        .await
        .unwrap();
    let umbrella = t
        .organizations()
        .create(OrganizationInput { custom: with(&[(tier.id, "Gold")]), ..org_input("Umbrella") }, vec![])
        .await
        .unwrap();
    // A Fieldbook export, edited: Acme's and Umbrella's tiers change, a new row, a row with a bad
    // number.
    let path = t.dir.path().join("orgs.csv");
    t.export().organizations(&path, false).await.unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(lines[1].ends_with(",Gold,10"), "{}", lines[1]);
    lines[1] = lines[1].replace(",Gold,10", ",silver,10");
    assert!(lines[2].starts_with("Umbrella,") || lines[2].contains(",Umbrella,"), "{}", lines[2]);
    lines[2] = lines[2].replace(",Gold,", ",Silver,");
    let blank = ",".repeat(fieldbook_core::export::ORGANIZATION_COLUMNS.len() - 2);
    lines.push(format!(",Globex{blank},Bronze,"));
    lines.push(format!(",Initech{blank},,many"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();

    let options = ImportOptions::new(ImportKind::Organizations);
    let preview = t.import().preview(&path, options.clone()).await.unwrap();
    let n = preview.mapping.len();
    assert_eq!(
        preview.mapping[n - 2..],
        [Target::Custom(tier.id), Target::Custom(seats.id)],
        "mapped by label"
    );
    assert!(
        preview.choices.iter().any(|c| c.target == Target::Custom(tier.id) && c.label == "Contract tier")
    );
    let acme_row = preview.rows.iter().find(|r| r.label == "Acme").unwrap();
    assert_eq!(
        (acme_row.action, acme_row.changes.clone()),
        (RowAction::Update, vec!["Contract tier".to_owned()])
    );
    assert_eq!((preview.summary.create, preview.summary.update, preview.summary.errors), (1, 2, 1));
    assert_eq!(preview.errors[0].to_string(), "Row 5, column “Seats”: “many” is not a number.");

    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(&path, request, &me, &|_| {}, &AtomicBool::new(false)).await.unwrap();
    assert_eq!(fields.values(acme.id).await.unwrap()[0].value, "Silver", "canonical: the choice's spelling");
    let globex = t
        .organizations()
        .list(OrganizationFilter { text: Some("Globex".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(
        fields.values(globex[0].id).await.unwrap(),
        [CustomValue { field_id: tier.id, value: "Bronze".into() }]
    );

    // Umbrella's tier changes again where the record itself does not (as a team sync would).
    use sqlx::Connection;
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", t.database_path().display())).await.unwrap();
    sqlx::query("UPDATE custom_values SET value = 'Bronze' WHERE record_id = ?")
        .bind(uuid::Uuid::from(umbrella.id))
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);

    // Undo: Acme's tier is Gold again, Umbrella's later change stays, Globex and its values go.
    t.import().undo_last(&me).await.unwrap();
    assert_eq!(fields.values(umbrella.id).await.unwrap()[0].value, "Bronze");
    assert_eq!(
        fields.values(acme.id).await.unwrap(),
        [
            CustomValue { field_id: tier.id, value: "Gold".into() },
            CustomValue { field_id: seats.id, value: "10".into() }
        ]
    );
    assert_eq!(fields.get(tier.id).await.unwrap().values, 2);

    // A saved or sent mapping naming a field that is gone is refused, naming the column.
    fields.remove(seats.id, true, &me).await.unwrap();
    let mut stale = preview.mapping.clone();
    stale[n - 1] = Target::Custom(seats.id);
    let options = ImportOptions { mapping: Some(stale), ..ImportOptions::new(ImportKind::Organizations) };
    let refused = t.import().preview(&path, options).await.unwrap();
    assert!(
        refused
            .mapping_problem
            .as_deref()
            .is_some_and(|p| p.contains("Column “Seats” goes to a custom field that was removed")),
        "{:?}",
        refused.mapping_problem
    );
}

#[tokio::test]
async fn ticket_fields_asked_when_logging_are_required_there_and_the_others_on_its_form() {
    use fieldbook_core::service::tickets::{TicketEdit, TicketInput};
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let asset = fields
        .create(
            CustomFieldInput {
                required: true,
                ask_on_ticket: true,
                ..field(CustomRecord::Ticket, "Asset tag", CustomKind::Text)
            },
            &me,
        )
        .await
        .unwrap();
    let cause = fields
        .create(
            CustomFieldInput {
                required: true,
                ..field(CustomRecord::Ticket, "Root cause", CustomKind::Multiline)
            },
            &me,
        )
        .await
        .unwrap();
    // Only tickets take "ask when logging".
    let org_field = fields
        .create(
            CustomFieldInput {
                ask_on_ticket: true,
                ..field(CustomRecord::Organization, "Site code", CustomKind::Text)
            },
            &me,
        )
        .await
        .unwrap();
    assert!(!org_field.ask_on_ticket);
    let acme = t.org("Acme").await;
    // The new-ticket form shows the asked field alone: it is required there, the other is not.
    let log = |value: &str| TicketInput {
        organization_id: Some(acme.id),
        subject: "Printer jams".into(),
        custom: with(&[(asset.id, value)]),
        ..TicketInput::default()
    };
    assert_invalid(t.tickets().create(log("")).await, "custom", "Asset tag: this field is required.");
    let ticket = t.tickets().create(log("PR-0042")).await.unwrap().ticket;
    assert_eq!(
        fields.values(ticket.id).await.unwrap(),
        [CustomValue { field_id: asset.id, value: "PR-0042".into() }]
    );
    // Its edit form shows both: the root cause is asked for now.
    let edit = |cause_value: &str| TicketEdit {
        subject: "Printer jams".into(),
        custom: with(&[(asset.id, "PR-0042"), (cause.id, cause_value)]),
        ..TicketEdit::default()
    };
    assert_invalid(
        t.tickets().update(ticket.id, edit(" ")).await,
        "custom",
        "Root cause: this field is required.",
    );
    t.tickets().update(ticket.id, edit("Worn roller.\nReplaced.")).await.unwrap();
    assert_eq!(fields.values(ticket.id).await.unwrap()[1].value, "Worn roller.\nReplaced.");

    // The Tickets view's text search finds a ticket by its custom text too: open ones (the
    // subject's LIKE) and closed ones (the trigram index), short and long words.
    use fieldbook_core::service::tickets::{StatusFilter, TicketQuery, TicketStatus};
    let other = t.tickets().create(log("LAP-7")).await.unwrap().ticket;
    async fn desk(t: &TestCore, text: &str, status: StatusFilter) -> Vec<i64> {
        let q = TicketQuery { text: Some(text.into()), status, ..TicketQuery::default() };
        let page = t.tickets().desk(&q, 0, 50).await.unwrap();
        let count = t.tickets().desk_count(&q).await.unwrap();
        assert_eq!(count, page.len() as i64, "{q:?}");
        page.into_iter().map(|k| k.number).collect()
    }
    let found = |text: &'static str, status| desk(&t, text, status);
    assert_eq!(found("PR-0042", StatusFilter::NotClosed).await, [ticket.number]);
    assert_eq!(found("roller", StatusFilter::NotClosed).await, [ticket.number]);
    assert_eq!(found("jams", StatusFilter::NotClosed).await.len(), 2, "the subject still counts");
    t.tickets().set_status(ticket.id, TicketStatus::Closed).await.unwrap();
    assert_eq!(found("roller", StatusFilter::All).await, [ticket.number]);
    assert_eq!(found("P-", StatusFilter::All).await, [other.number]);
    assert!(found("roller", StatusFilter::NotClosed).await.is_empty());
    // An archived field's values are not searched.
    fields.remove(cause.id, true, &me).await.unwrap();
    assert!(found("roller", StatusFilter::All).await.is_empty());

    // A yes/no field filters the Tickets view, page and count alike.
    let onsite = fields.create(field(CustomRecord::Ticket, "On site", CustomKind::YesNo), &me).await.unwrap();
    let edit =
        TicketEdit { subject: "Laptop".into(), custom: with(&[(onsite.id, "yes")]), ..TicketEdit::default() };
    t.tickets().update(other.id, edit).await.unwrap();
    let q = |value: &str| TicketQuery {
        status: StatusFilter::All,
        custom: vec![CustomFilter { field_id: onsite.id, value: value.into() }],
        ..TicketQuery::default()
    };
    let numbers = |list: Vec<fieldbook_core::service::tickets::Ticket>| {
        list.iter().map(|k| k.number).collect::<Vec<_>>()
    };
    assert_eq!(numbers(t.tickets().desk(&q("yes"), 0, 50).await.unwrap()), [other.number]);
    assert_eq!(t.tickets().desk_count(&q("yes")).await.unwrap(), 1);
    assert!(t.tickets().desk(&q("no"), 0, 50).await.unwrap().is_empty());
    assert_eq!(t.tickets().desk_count(&q("no")).await.unwrap(), 0);
}

#[tokio::test]
async fn a_merge_keeps_the_kept_records_values_fills_its_blanks_and_undo_puts_everything_back() {
    use fieldbook_core::merge::OrganizationMerge;
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let fields = t.custom_fields();
    let tier = fields.create(tier_input(), &me).await.unwrap();
    let seats =
        fields.create(field(CustomRecord::Organization, "Seats", CustomKind::Number), &me).await.unwrap();
    let keep = t
        .organizations()
        .create(OrganizationInput { custom: with(&[(tier.id, "Gold")]), ..org_input("Acme") }, vec![])
        .await
        .unwrap();
    let merge = t
        .organizations()
        .create(
            OrganizationInput {
                custom: with(&[(tier.id, "Silver"), (seats.id, "12")]),
                ..org_input("ACME Ltd")
            },
            vec![],
        )
        .await
        .unwrap();
    let merged = t
        .merge()
        .organizations(OrganizationMerge { keep: keep.id, merge: merge.id, choices: Default::default() }, &me)
        .await
        .unwrap();
    assert_eq!(
        fields.values(keep.id).await.unwrap(),
        [
            CustomValue { field_id: tier.id, value: "Gold".into() },
            CustomValue { field_id: seats.id, value: "12".into() }
        ],
        "the kept record's tier stays, the seats come over"
    );
    t.merge().undo(merged.id, &me).await.unwrap();
    assert_eq!(
        fields.values(keep.id).await.unwrap(),
        [CustomValue { field_id: tier.id, value: "Gold".into() }]
    );
    assert_eq!(
        fields.values(merge.id).await.unwrap(),
        [
            CustomValue { field_id: tier.id, value: "Silver".into() },
            CustomValue { field_id: seats.id, value: "12".into() }
        ]
    );
}

#[tokio::test]
async fn a_value_thousands_of_records_hold_filters_the_same_way_as_a_rarer_one() {
    use sqlx::Connection;
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let tier = t.custom_fields().create(tier_input(), &me).await.unwrap();
    // 9,000 organizations: every third one Gold (3,000, read from the values' index), the others
    // Silver (6,000: a page walks the list in order and looks each value up).
    let mut conn =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", t.database_path().display())).await.unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9000)
         INSERT INTO organizations (id, name, name_key, created_at, updated_at)
         SELECT randomblob(16), printf('Org %05d', i), printf('org %05d', i), '2026-01-01T00:00:00Z',
            '2026-01-01T00:00:00Z' FROM n",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO custom_values (field_id, record_id, value)
         SELECT ?, id, CASE WHEN CAST(substr(name, 5) AS INTEGER) % 3 = 0 THEN 'Gold' ELSE 'Silver' END
         FROM organizations",
    )
    .bind(uuid::Uuid::from(tier.id))
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);
    let filter = |value: &str, offset| OrganizationFilter {
        custom: vec![CustomFilter { field_id: tier.id, value: value.into() }],
        limit: Some(200),
        offset: Some(offset),
        ..OrganizationFilter::default()
    };
    assert_eq!(t.custom_fields().dense_filters(&filter("Gold", 0).custom).await.unwrap(), [false]);
    assert_eq!(t.custom_fields().dense_filters(&filter("Silver", 0).custom).await.unwrap(), [true]);
    assert_eq!(t.organizations().count(filter("Gold", 0)).await.unwrap(), 3000);
    assert_eq!(t.organizations().count(filter("Silver", 0)).await.unwrap(), 6000);
    let expected = |holds: fn(u32) -> bool, skip: usize| -> Vec<String> {
        (1..=9000).filter(|i| holds(*i)).skip(skip).take(200).map(|i| format!("Org {i:05}")).collect()
    };
    for (value, holds) in [("Gold", (|i| i % 3 == 0) as fn(u32) -> bool), ("Silver", |i| i % 3 != 0)] {
        for offset in [0, 2600] {
            let page = t.organizations().list(filter(value, offset)).await.unwrap();
            assert_eq!(names(&page), expected(holds, offset as usize), "{value} from {offset}");
        }
    }
    // An archived holder is not counted (the count subtracts archived holders), nor listed.
    for name in ["Org 00003", "Org 00001", "Org 00002"] {
        let found = t
            .organizations()
            .list(OrganizationFilter { text: Some(name.into()), ..Default::default() })
            .await;
        t.organizations().archive(found.unwrap()[0].id).await.unwrap();
    }
    assert_eq!(t.organizations().count(filter("Gold", 0)).await.unwrap(), 2999);
    assert_eq!(t.organizations().count(filter("Silver", 0)).await.unwrap(), 5998);
    let with_archived = OrganizationFilter { include_archived: true, ..filter("Silver", 0) };
    assert_eq!(t.organizations().count(with_archived).await.unwrap(), 6000);
    assert_eq!(names(&t.organizations().list(filter("Silver", 0)).await.unwrap())[0], "Org 00004");
}
