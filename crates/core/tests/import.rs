//! Import: preview, apply, undo, people, the organization importer — on real SQLite files.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use common::TestCore;
use fieldbook_core::import::organizer::{GroupDecision, GroupTarget};
use fieldbook_core::import::{
    ApplyProgress, ApplyRequest, ImportKind, ImportOptions, ImportPreview, ImportRecord, MatchBy, OnMatch,
    RowAction, Target,
};
use fieldbook_core::organizations::OrganizationFilter;
use fieldbook_core::people::PersonFilter;

fn file(t: &TestCore, name: &str, contents: &[u8]) -> PathBuf {
    let path = t.dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

async fn preview(t: &TestCore, path: &Path, options: ImportOptions) -> ImportPreview {
    t.import().preview(path, options).await.unwrap()
}

async fn apply(t: &TestCore, path: &Path, preview: &ImportPreview, options: ImportOptions) -> ImportRecord {
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap()
}

fn orgs() -> ImportOptions {
    ImportOptions::new(ImportKind::Organizations)
}

async fn org_names(t: &TestCore) -> Vec<String> {
    let filter = OrganizationFilter { include_archived: true, ..Default::default() };
    t.organizations().list(filter).await.unwrap().into_iter().map(|o| o.name).collect()
}

/// Every column of organizations and people, as text, in id order: the state undo must restore.
async fn dump(t: &TestCore) -> Vec<String> {
    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", t.dir.path().join("fieldbook.sqlite3").display()))
            .await
            .unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT quote(id) || json_array(account_number, name, name_key, dba_name, quote(parent_id), address_line1,
            address_line2, city, region, postal_code, country, phone, email, website, notes, created_at,
            updated_at, archived_at) FROM organizations ORDER BY id",
        "SELECT quote(id) || json_array(first_name, last_name, job_title, department, location, phone, mobile,
            email, quote(organization_id), company_name, company_key, address_line1, city, created_at, updated_at,
            archived_at) FROM people ORDER BY id",
    ] {
        out.extend(sqlx::query_scalar::<_, String>(sql).fetch_all(&db).await.unwrap());
    }
    db.close().await;
    out
}

#[tokio::test]
async fn a_preview_shows_every_row_and_writes_nothing() {
    let t = TestCore::with_me().await;
    let path = file(
        &t,
        "clients.csv",
        "Customer ID;Company Name;City;E-Mail;Parent Account\n\
         A-2;Acme Leeds;Leeds;leeds@acme.example;A-1\n\
         A-1;Acme Ltd;London;info@acme.example;\n\
         A-3;Broken Mail;York;not-an-email;\n\
         A-1;Acme again;Hull;;\n\
         A-4;Orphan Site;Bath;;Z-9\n\
         ;;;;\n\
         A-5;Epsilon;;;\n"
            .as_bytes(),
    );
    let p = preview(&t, &path, orgs()).await;
    assert_eq!(p.format.headers.len(), 5);
    assert_eq!(
        p.mapping,
        vec![Target::AccountNumber, Target::Name, Target::City, Target::Email, Target::ParentAccount]
    );
    assert_eq!((p.summary.rows, p.summary.create, p.summary.update, p.summary.errors), (6, 3, 0, 3));
    let messages: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "Row 4, column “E-Mail”: “not-an-email” is not an email address.",
            "Row 5, column “Customer ID”: Duplicate: the same account number as row 3.",
            "Row 6, column “Parent Account”: Parent “Z-9” was not found in the file or in Fieldbook (as an account number or a name).",
        ]
    );
    // The site comes before its parent in the file and is still fine.
    assert_eq!(p.rows[0].action, RowAction::Create);
    assert_eq!(p.rows[4].action, RowAction::Error);
    assert!(org_names(&t).await.is_empty(), "a preview writes nothing");
}

#[tokio::test]
async fn apply_creates_links_sites_and_a_reimport_changes_nothing() {
    let t = TestCore::with_me().await;
    let existing = t.org("Existing Parent").await;
    t.organizations()
        .update(
            existing.id,
            fieldbook_core::organizations::OrganizationInput {
                account_number: Some("P-0".into()),
                ..common::org_input("Existing Parent")
            },
        )
        .await
        .unwrap();
    let path = file(&t,
        "sites.csv",
        b"Account number,Name,Parent account,City\nS-2,Site Two,S-1,York\nS-1,Site One,P-0,Leeds\nS-3,Site Three,,Hull\n",
    );
    let p = preview(&t, &path, orgs()).await;
    assert_eq!((p.summary.create, p.summary.errors), (3, 0));
    let request = ApplyRequest { options: orgs(), file_sha256: p.file_sha256.clone(), expected: p.summary };
    let collected = std::sync::Mutex::new(Vec::new());
    let record = t
        .import()
        .apply(&path, request, &t.me().await, &|p| collected.lock().unwrap().push(p), &AtomicBool::new(false))
        .await
        .unwrap();
    assert_eq!((record.created, record.updated, record.file_name.as_deref()), (3, 0, Some("sites.csv")));
    assert_eq!(collected.lock().unwrap().last(), Some(&ApplyProgress { done: 3, total: 3 }));

    let two = t.organizations().by_account_number("S-2").await.unwrap();
    assert_eq!(two.parent.as_ref().map(|p| p.name.as_str()), Some("Site One"));
    let one = t.organizations().by_account_number("S-1").await.unwrap();
    assert_eq!(one.parent.map(|p| p.id), Some(existing.id));

    let again = preview(&t, &path, orgs()).await;
    assert_eq!((again.summary.create, again.summary.update, again.summary.skip), (0, 0, 3));
    assert_eq!(again.rows[0].message.as_deref(), Some("No changes."));
}

#[tokio::test]
async fn parents_are_found_by_name_in_the_file_or_in_fieldbook_and_an_ambiguous_name_is_refused() {
    let t = TestCore::with_me().await;
    let existing = t.org("Globex Corporation").await;
    for (name, account) in [("Initech", "I-1"), ("Initech Ltd", "I-2")] {
        let input = fieldbook_core::organizations::OrganizationInput {
            account_number: Some(account.into()),
            ..common::org_input(name)
        };
        t.organizations().create(input, vec![]).await.unwrap();
    }
    let path = file(
        &t,
        "sites.csv",
        "Name,Parent Company,City\n\
         Globex Springfield,\"GLOBEX CORP.\",Springfield\n\
         Umbrella Lab,Umbrella Holdings,Raccoon City\n\
         Umbrella Holdings,,London\n\
         Initech Austin,Initech,Austin\n\
         Loop A,Loop B,\n\
         Loop B,Loop A,\n\
         Loop C,Loop A,\n\
         Globex Corporation,,not-a-city-but-fine\n\
         Initech Dallas,Initech Austin,Dallas\n"
            .as_bytes(),
    );
    let p = preview(&t, &path, orgs()).await;
    assert_eq!(p.mapping, vec![Target::Name, Target::ParentAccount, Target::City]);
    let messages: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "Row 5, column “Parent Company”: Parent “Initech” matches several organizations: Initech (account I-1), Initech Ltd (account I-2); use the account number.",
            "Row 6, column “Parent Company”: Parent “Loop B” would make a loop of parents.",
            "Row 7, column “Parent Company”: Parent “Loop A” would make a loop of parents.",
            // Not in the loop itself, but its parent is refused.
            "Row 8, column “Parent Company”: Parent “Loop A” is the organization of row 6, which has an error.",
            "Row 10, column “Parent Company”: Parent “Initech Austin” is the organization of row 5, which has an error.",
        ]
    );
    apply(&t, &path, &p, orgs()).await;
    let all = t.organizations().list(OrganizationFilter::default()).await.unwrap();
    let parent_of =
        |name: &str| all.iter().find(|o| o.name == name).unwrap().parent.as_ref().map(|p| p.name.clone());
    assert_eq!(parent_of("Globex Springfield").as_deref(), Some("Globex Corporation"));
    assert_eq!(parent_of("Umbrella Lab").as_deref(), Some("Umbrella Holdings"));
    assert!(all.iter().all(|o| o.name != "Initech Austin" && o.name != "Loop A"));
    // Naming the parent a site already has, by name, is not a change.
    let again = preview(&t, &path, ImportOptions { match_by: MatchBy::Name, ..orgs() }).await;
    assert_eq!((again.summary.update, again.summary.skip), (0, 4), "{:?}", again.rows);
    let _ = existing;
}

#[tokio::test]
async fn updates_touch_only_mapped_non_empty_fields_and_undo_restores_exactly() {
    let t = TestCore::with_me().await;
    let first = file(
        &t,
        "first.csv",
        b"Account,Name,City,Phone\nK-1,Kappa GmbH,Berlin,030 1\nK-2,Lambda AG,Bonn,0228 2\n",
    );
    let p = preview(&t, &first, orgs()).await;
    apply(&t, &first, &p, orgs()).await;
    let before = dump(&t).await;

    // City empty for K-1: kept. Phone not mapped at all: kept. K-3 is new.
    let second = file(
        &t,
        "second.csv",
        "Account,Name,City\nK-1,Kappa GmbH & Co. KG,\nK-2,Lambda AG,Köln\nK-3,Mu,Ulm\n".as_bytes(),
    );
    let p = preview(&t, &second, orgs()).await;
    assert_eq!((p.summary.create, p.summary.update, p.summary.skip), (1, 2, 0));
    assert_eq!(p.rows[1].changes, vec!["City"]);
    apply(&t, &second, &p, orgs()).await;
    let k1 = t.organizations().by_account_number("K-1").await.unwrap();
    assert_eq!(
        (k1.name.as_str(), k1.address.city.as_deref(), k1.phone.as_deref()),
        ("Kappa GmbH & Co. KG", Some("Berlin"), Some("030 1"))
    );
    assert!(t.search().run(search("Mu")).await.unwrap().groups.iter().any(|g| !g.hits.is_empty()));

    // Someone else's import: only an admin undoes it, and the refusal says whose it is.
    let tech = t.colleague("Theo", fieldbook_core::staff::Role::Technician).await;
    let refused = t.import().undo_last(&tech).await.unwrap_err().to_string();
    assert!(
        refused.contains("Only an admin can undo another person's import (this one is Ann Admin's)"),
        "{refused}"
    );
    let undone = t.import().undo_last(&t.me().await).await.unwrap();
    assert!(undone.undone_at.is_some());
    assert_eq!((undone.actor.as_str(), undone.actor_id), ("Ann Admin", Some(t.me().await.id)));
    assert_eq!(dump(&t).await, before, "undo restores the exact prior state");
    assert!(t.search().run(search("Mu")).await.unwrap().groups.iter().all(|g| g.hits.is_empty()));

    // The first import is now the last one; an edit since then makes undo refuse.
    let k2 = t.organizations().by_account_number("K-2").await.unwrap();
    let input = fieldbook_core::organizations::OrganizationInput {
        account_number: Some("K-2".into()),
        notes: Some("edited by hand".into()),
        ..common::org_input("Lambda AG")
    };
    t.organizations().update(k2.id, input).await.unwrap();
    let refused = t.import().undo_last(&t.me().await).await.unwrap_err().to_string();
    assert!(refused.contains("“Lambda AG” was changed after this import"), "{refused}");
    assert_eq!(org_names(&t).await.len(), 2);
    let history = t.import().history().await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].undone_at.is_some() && history[1].undone_at.is_none());
}

fn search(text: &str) -> fieldbook_core::search::SearchQuery {
    fieldbook_core::search::SearchQuery { text: text.into(), ..Default::default() }
}

#[tokio::test]
async fn matching_by_name_ignores_case_punctuation_and_legal_suffixes() {
    let t = TestCore::with_me().await;
    t.org("Acme, Inc.").await;
    let path = file(&t, "names.csv", b"Company,Phone\nACME LLC,0113 1\nNew Co Ltd,0113 2\n");
    let options = ImportOptions { match_by: MatchBy::Name, ..orgs() };
    let p = preview(&t, &path, options.clone()).await;
    assert_eq!((p.summary.update, p.summary.create), (1, 1));
    apply(&t, &path, &p, options.clone()).await;
    assert_eq!(org_names(&t).await, vec!["Acme, Inc.", "New Co Ltd"]);

    let skip = ImportOptions { on_match: OnMatch::Skip, ..options };
    let p = preview(&t, &file(&t, "n2.csv", b"Company,Phone\nacme,999\n"), skip).await;
    assert_eq!((p.summary.skip, p.rows[0].message.as_deref()), (1, Some("Already exists.")));
}

#[tokio::test]
async fn a_changed_file_or_a_cancel_writes_nothing() {
    let t = TestCore::with_me().await;
    let path = file(&t, "a.csv", b"Name,City\nAlpha,Leeds\nBeta,York\n");
    let p = preview(&t, &path, orgs()).await;
    std::fs::write(&path, b"Name,City\nAlpha,Leeds\nBeta,Hull\n").unwrap();
    let request = ApplyRequest { options: orgs(), file_sha256: p.file_sha256.clone(), expected: p.summary };
    let e =
        t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap_err();
    assert!(e.to_string().contains("changed since the preview"), "{e}");

    let p = preview(&t, &path, orgs()).await;
    let request = ApplyRequest { options: orgs(), file_sha256: p.file_sha256.clone(), expected: p.summary };
    let e =
        t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(true)).await.unwrap_err();
    assert!(e.to_string().contains("cancelled"), "{e}");
    assert!(org_names(&t).await.is_empty());
    assert!(t.import().history().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failure_at_row_99_999_leaves_nothing_behind() {
    let t = TestCore::with_me().await;
    let mut text = String::from("Account number,Name,City\n");
    for i in 1..=100_000 {
        text.push_str(&format!("N-{i},Company {i},City {}\n", i % 50));
    }
    let path = file(&t, "big.csv", text.as_bytes());
    let p = preview(&t, &path, orgs()).await;
    assert_eq!(p.summary.create, 100_000);
    // A database rule the importer does not know about refuses one row near the end.
    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", t.dir.path().join("fieldbook.sqlite3").display()))
            .await
            .unwrap();
    sqlx::query(
        "CREATE TRIGGER forced_failure BEFORE INSERT ON organizations WHEN NEW.account_number = 'N-99998'
         BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
    )
    .execute(&db)
    .await
    .unwrap();
    db.close().await;
    let request = ApplyRequest { options: orgs(), file_sha256: p.file_sha256.clone(), expected: p.summary };
    let e = t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await;
    assert!(e.is_err());
    let count = t
        .organizations()
        .count(OrganizationFilter { include_archived: true, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(count, 0, "all or nothing");
    assert!(t.import().history().await.unwrap().is_empty());
    assert!(t.search().run(search("Company")).await.unwrap().groups.iter().all(|g| g.hits.is_empty()));
}

#[tokio::test]
async fn export_then_import_round_trips() {
    let t = TestCore::with_me().await;
    let parent = t.org_in("Zeta Holdings", "Leeds").await;
    let input = fieldbook_core::organizations::OrganizationInput {
        account_number: Some("Z-1".into()),
        phone: Some("+44 113 496 0000".into()),
        notes: Some("=not a formula\nsecond line, with comma".into()),
        ..common::org_input("Zeta Holdings")
    };
    let parent = t.organizations().update(parent.id, input).await.unwrap();
    let site = fieldbook_core::organizations::OrganizationInput {
        account_number: Some("Z-2".into()),
        parent_id: Some(parent.id),
        ..common::org_input("Zeta Site")
    };
    t.organizations().create(site, vec![]).await.unwrap();
    t.person_at(&parent, "Ana", "Ärger").await;
    t.person_with_company("Bo", "Free Text Co").await;
    let orgs_csv = t.dir.path().join("orgs.csv");
    let people_csv = t.dir.path().join("people.csv");
    t.export().organizations(&orgs_csv, true).await.unwrap();
    t.export().people(&people_csv, true).await.unwrap();

    // Into the same database: nothing changes.
    let p = preview(&t, &orgs_csv, orgs()).await;
    assert_eq!((p.summary.skip, p.summary.errors), (2, 0), "{:?}", p.rows);
    let people = ImportOptions::new(ImportKind::People);
    let p = preview(&t, &people_csv, people.clone()).await;
    assert_eq!((p.summary.skip, p.summary.errors), (2, 0), "{:?}", p.rows);

    // Into an empty database: the same records come back.
    let fresh = TestCore::with_me().await;
    let p = preview(&fresh, &orgs_csv, orgs()).await;
    apply(&fresh, &orgs_csv, &p, orgs()).await;
    let p = preview(&fresh, &people_csv, people.clone()).await;
    assert_eq!(p.summary.create, 2);
    apply(&fresh, &people_csv, &p, people).await;
    let z1 = fresh.organizations().by_account_number("Z-1").await.unwrap();
    assert_eq!(z1.phone.as_deref(), Some("+44 113 496 0000"));
    assert_eq!(z1.notes.as_deref(), Some("=not a formula\nsecond line, with comma"));
    let z2 = fresh.organizations().by_account_number("Z-2").await.unwrap();
    assert_eq!(z2.parent.map(|p| p.id), Some(z1.id));
    let ana =
        fresh.people().list(PersonFilter { text: Some("Ana".into()), ..Default::default() }).await.unwrap();
    assert_eq!(ana[0].organization.as_ref().map(|o| o.id), Some(z1.id));
    assert!(ana[0].address_override.is_empty(), "the company's address stays inherited");
    let bo =
        fresh.people().list(PersonFilter { text: Some("Bo".into()), ..Default::default() }).await.unwrap();
    assert_eq!(bo[0].company_name.as_deref(), Some("Free Text Co"));
}

#[tokio::test]
async fn people_import_splits_names_and_links_companies() {
    let t = TestCore::with_me().await;
    let acme = t.org("Acme Ltd").await;
    let input = fieldbook_core::organizations::OrganizationInput {
        account_number: Some("A-1".into()),
        ..common::org_input("Beta GmbH")
    };
    let beta = t.organizations().create(input, vec![]).await.unwrap();
    let path = file(
        &t,
        "contacts.tsv",
        "Name\tEmail\tCompany\tKundennummer\n\
         Doe, Jane\tjane@acme.example\tACME, Inc.\t\n\
         Max Müller\tmax@beta.example\t\tA-1\n\
         Solo\t\tNowhere Co\t\n\
         Jane Doe\tJANE@acme.example\t\t\n\
         Lost\t\t\tZ-404\n"
            .as_bytes(),
    );
    let options = ImportOptions::new(ImportKind::People);
    let p = preview(&t, &path, options.clone()).await;
    assert_eq!(
        p.mapping,
        vec![Target::FullName, Target::Email, Target::Company, Target::CompanyAccountNumber]
    );
    assert_eq!((p.summary.create, p.summary.errors), (3, 2), "{:?}", p.errors);
    assert!(p.errors[0].to_string().contains("Duplicate: the same email as row 2"), "{:?}", p.errors);
    assert_eq!(
        p.errors[1].to_string(),
        "Row 6, column “Kundennummer”: No organization has account number “Z-404”."
    );
    apply(&t, &path, &p, options).await;
    let all = t.people().list(PersonFilter::default()).await.unwrap();
    let find = |last: &str| all.iter().find(|p| p.last_name.as_deref() == Some(last)).unwrap();
    assert_eq!(find("Doe").first_name.as_deref(), Some("Jane"));
    assert_eq!(find("Doe").organization.as_ref().map(|o| o.id), Some(acme.id));
    assert_eq!(find("Müller").organization.as_ref().map(|o| o.id), Some(beta.id));
    assert_eq!(find("Solo").company_name.as_deref(), Some("Nowhere Co"));
}

#[tokio::test]
async fn the_organization_importer_groups_links_and_can_be_undone() {
    let t = TestCore::with_me().await;
    let existing = t.org("Gamma Inc").await;
    for (first, company, email) in [
        ("Ann", "Delta Ltd", "ann@delta.example"),
        ("Ben", "DELTA LIMITED", "ben@delta.example"),
        ("Cat", "Delta", "cat@gmail.com"),
        ("Dan", "gamma", "dan@gamma.example"),
        ("Eve", "Delta Services", "eve@delta.example"),
    ] {
        let input = fieldbook_core::people::PersonInput {
            company_name: Some(company.into()),
            email: Some(email.into()),
            ..common::person_input(first, "Test")
        };
        t.people().create(input).await.unwrap();
    }
    let no_company = fieldbook_core::people::PersonInput {
        email: Some("fay@delta.example".into()),
        ..common::person_input("Fay", "Test")
    };
    t.people().create(no_company).await.unwrap();

    let groups = t.import().company_groups().await.unwrap();
    let delta = groups.iter().find(|g| g.key == "delta").unwrap();
    assert_eq!(delta.people.iter().filter(|p| !p.by_domain).count(), 3);
    assert_eq!(delta.domain.as_deref(), Some("delta.example"));
    assert_eq!(delta.same_domain, vec!["delta services"]);
    assert!(delta.people.iter().any(|p| p.by_domain && p.name == "Fay Test"));
    let gamma = groups.iter().find(|g| g.key == "gamma").unwrap();
    assert_eq!(gamma.existing.as_ref().map(|o| o.id), Some(existing.id));

    // Merge "Delta Services" into Delta, include Fay (found by domain), exclude Cat.
    let services = groups.iter().find(|g| g.key == "delta services").unwrap();
    let mut people: Vec<_> = delta.people.iter().filter(|p| p.name != "Cat Test").map(|p| p.id).collect();
    people.extend(services.people.iter().map(|p| p.id));
    let decisions = vec![
        GroupDecision {
            people,
            target: GroupTarget::New { name: "Delta Ltd".into(), account_number: Some("D-1".into()) },
        },
        GroupDecision {
            people: gamma.people.iter().map(|p| p.id).collect(),
            target: GroupTarget::Existing { id: existing.id },
        },
    ];
    let record = t.import().apply_company_groups(decisions, &t.me().await).await.unwrap();
    assert_eq!((record.kind.as_str(), record.created, record.updated), ("organizer", 1, 5));
    let delta_org = t.organizations().by_account_number("D-1").await.unwrap();
    let detail = t.organizations().detail(delta_org.id).await.unwrap();
    assert_eq!(detail.people.len(), 4);
    let left = t.import().company_groups().await.unwrap();
    assert_eq!(left.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), vec!["delta"], "only Cat is left");

    // Once Dan (linked to the existing Gamma Inc) requests a ticket there, undo would move him
    // away from it: refused.
    let gamma_people = t.organizations().detail(existing.id).await.unwrap().people;
    let ticket = fieldbook_core::service::tickets::TicketInput {
        organization_id: Some(existing.id),
        requester_id: Some(gamma_people[0].id),
        subject: "Printer".into(),
        ..Default::default()
    };
    t.tickets().create(ticket).await.unwrap();
    let refused = t.import().undo_last(&t.me().await).await.unwrap_err().to_string();
    assert!(refused.contains("“Dan Test” is now a billing contact or a ticket's requester"), "{refused}");
}

#[tokio::test]
async fn the_organization_importer_can_be_undone_exactly() {
    let t = TestCore::with_me().await;
    for first in ["Ann", "Ben"] {
        let input = fieldbook_core::people::PersonInput {
            company_name: Some("Delta Ltd".into()),
            ..common::person_input(first, "Test")
        };
        t.people().create(input).await.unwrap();
    }
    let before = dump(&t).await;
    let groups = t.import().company_groups().await.unwrap();
    let decisions = vec![GroupDecision {
        people: groups[0].people.iter().map(|p| p.id).collect(),
        target: GroupTarget::New { name: "Delta Ltd".into(), account_number: None },
    }];
    t.import().apply_company_groups(decisions, &t.me().await).await.unwrap();
    t.import().undo_last(&t.me().await).await.unwrap();
    assert_eq!(dump(&t).await, before);
}

#[tokio::test]
async fn bad_files_are_refused_with_a_sentence_and_nothing_written() {
    let t = TestCore::with_me().await;
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.csv", b"", "The file is empty."),
        ("header.csv", b"Name,City\r\n", "The file has a header row but no data rows."),
        ("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "not a workbook Fieldbook can read"),
        ("nul.csv", b"Name,City\n\x00\x01\x02\x00\x00\x00\x00\x00", "not look like a text file"),
    ];
    for (name, bytes, expected) in cases {
        let path = file(&t, name, bytes);
        let e = t.import().preview(&path, orgs()).await.unwrap_err();
        assert!(e.to_string().contains(expected), "{name}: {e}");
        assert!(matches!(e, fieldbook_core::Error::Invalid { field: "file", .. }), "{name}: {e:?}");
    }
    // A file deleted between the preview and the apply.
    let path = file(&t, "gone.csv", b"Name\nAlpha\n");
    let p = preview(&t, &path, orgs()).await;
    std::fs::remove_file(&path).unwrap();
    let request = ApplyRequest { options: orgs(), file_sha256: p.file_sha256.clone(), expected: p.summary };
    let e =
        t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap_err();
    assert!(e.to_string().contains("“gone.csv” does not exist"), "{e}");
    assert!(org_names(&t).await.is_empty());
}

#[tokio::test]
async fn mappings_are_saved_by_name_and_kind() {
    let t = TestCore::with_me().await;
    let mapping = fieldbook_core::import::SavedMapping {
        name: "Old CRM".into(),
        kind: ImportKind::Organizations,
        columns: vec![("Firm".into(), Target::Name), ("Town".into(), Target::City)],
    };
    t.import().save_mapping(mapping.clone()).await.unwrap();
    let renamed =
        fieldbook_core::import::SavedMapping { columns: vec![("Firm".into(), Target::DbaName)], ..mapping };
    t.import().save_mapping(renamed.clone()).await.unwrap();
    assert_eq!(t.import().mappings(ImportKind::Organizations).await.unwrap(), vec![renamed]);
    assert!(t.import().mappings(ImportKind::People).await.unwrap().is_empty());
    let blank =
        fieldbook_core::import::SavedMapping { name: " ".into(), kind: ImportKind::People, columns: vec![] };
    assert!(t.import().save_mapping(blank).await.is_err());
    t.import().delete_mapping(ImportKind::Organizations, "Old CRM").await.unwrap();
    assert!(t.import().mappings(ImportKind::Organizations).await.unwrap().is_empty());
}
