//! Duplicates and merging on real SQLite files: finding likely duplicates by each reason,
//! dismissing pairs, merging organizations and people (every reference moves, found from the
//! schema), the refusals, and undo (exact, and refused after a later change). The database is
//! also read with the sqlite3 shell, independently of the core, to enumerate the references and
//! to compare whole-table dumps.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{TestCore, assert_invalid, org_input, person_input};
use fieldbook_core::activities::ActivityInput;
use fieldbook_core::billing::OrganizationBilling;
use fieldbook_core::choices::ChoiceList;
use fieldbook_core::duplicates::{DuplicateGroup, DuplicateQuery, DuplicateReason};
use fieldbook_core::files::Owner;
use fieldbook_core::invoices::{ManualInvoice, ManualLine};
use fieldbook_core::merge::{MergeSide, OrganizationField, OrganizationMerge, PersonField, PersonMerge};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::organizations::{Organization, OrganizationFilter, OrganizationInput};
use fieldbook_core::payments::{PaymentInput, PaymentKind};
use fieldbook_core::people::{Person, PersonFilter, PersonInput};
use fieldbook_core::search::{SearchKind, SearchQuery};
use fieldbook_core::service::tickets::TicketInput;
use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
use fieldbook_core::systems::SystemInput;
use fieldbook_core::{OrganizationId, PersonId};

/// Runs `sql` with the sqlite3 shell on the test's database: one line per row, values as SQL
/// literals (blobs as X'…'), so that dumps compare exactly.
fn shell(t: &TestCore, sql: &str) -> Vec<String> {
    let output = Command::new("sqlite3")
        .args(["-batch", "-cmd", ".mode quote"])
        .arg(t.database_path())
        .arg(sql)
        .output()
        // The sqlite3 shell is a test dependency installed by `cargo xtask test`.
        .expect("sqlite3 CLI missing: run `cargo xtask test`, which installs it");
    assert!(output.status.success(), "{sql}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect()
}

fn count(t: &TestCore, sql: &str) -> i64 {
    shell(t, sql)[0].parse().unwrap()
}

/// An id as an SQL blob literal.
fn blob(id: impl std::fmt::Display) -> String {
    format!("X'{}'", id.to_string().replace('-', ""))
}

/// Every table's rows, sorted. Left out, and why: the FTS5 indexes (`search_fts*`, derived from
/// search_docs by triggers), the merge journal itself (`merges`, `merge_rows`), search_docs'
/// `doc` number (undo writes a merged-away record's search document again, under a new number),
/// and the stream's entries about the merge and its undo (history that stays).
fn dump(t: &TestCore) -> BTreeMap<String, Vec<String>> {
    let tables = shell(
        t,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name NOT LIKE 'search_fts%' AND name NOT IN ('merges', 'merge_rows') ORDER BY name",
    );
    tables
        .into_iter()
        .map(|quoted| {
            let name = quoted.trim_matches('\'').to_owned();
            let sql = if name == "search_docs" {
                "SELECT kind, ref_id, archived, title, body, digits FROM search_docs".to_owned()
            } else if name == "stream_entries" {
                // A merge and its undo say so in the stream: that history stays.
                "SELECT * FROM stream_entries WHERE kind <> 'merge'".to_owned()
            } else {
                format!("SELECT * FROM \"{name}\"")
            };
            let mut rows = shell(t, &sql);
            rows.sort();
            (name, rows)
        })
        .collect()
}

fn assert_same(before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) {
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (table, rows) in before {
        assert_eq!(rows, &after[table], "table {table} differs");
    }
}

/// Every (table, column) whose foreign key references organizations or people, read from the
/// schema by the sqlite3 shell, not by the core.
fn references(t: &TestCore) -> Vec<(String, String, String)> {
    shell(
        t,
        "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND lower(f.\"table\") IN ('organizations', 'people') ORDER BY 1, 2",
    )
    .iter()
    .map(|line| {
        let parts: Vec<String> = line.split(',').map(|p| p.trim_matches('\'').to_owned()).collect();
        (parts[0].clone(), parts[1].clone(), parts[2].clone())
    })
    .collect()
}

fn merge_orgs(keep: &Organization, merge: &Organization) -> OrganizationMerge {
    OrganizationMerge { keep: keep.id, merge: merge.id, choices: BTreeMap::new() }
}

fn merge_people(keep: &Person, merge: &Person) -> PersonMerge {
    PersonMerge { keep: keep.id, merge: merge.id, choices: BTreeMap::new() }
}

async fn org_with(t: &TestCore, input: OrganizationInput) -> Organization {
    t.organizations().create(input, vec![]).await.unwrap()
}

async fn person_with(t: &TestCore, input: PersonInput) -> Person {
    t.people().create(input).await.unwrap()
}

async fn note(t: &TestCore, subject: NoteSubject, body: &str) {
    let input = NoteInput { body: body.into(), ..NoteInput::default() };
    t.notes().create(subject, input, &t.me().await).await.unwrap();
}

mod moving {
    use super::*;

    /// Makes one row of `table.column` that points at `org` (for references to organizations) or
    /// `person` (to people). A reference this does not know fails the test, naming it: a table
    /// added later must be taught here, so that no kind of dependant is forgotten by the merge.
    async fn make_row(t: &TestCore, table: &str, column: &str, org: &Organization, person: &Person) {
        let file = t.dir.path().join("contract.txt");
        std::fs::write(&file, format!("{table}.{column}")).unwrap();
        match (table, column) {
            ("organizations", "parent_id") => {
                t.site_of(org, &format!("{} – Depot", org.name)).await;
            }
            ("organizations", "billing_contact_id") => {
                let billing =
                    OrganizationBilling { billing_contact_id: Some(person.id), ..Default::default() };
                let payer = person.organization.as_ref().unwrap().id;
                t.billing().set_organization(payer, billing).await.unwrap();
            }
            ("organizations", "merged_into") => {
                let older = t.org(&format!("{} (old)", org.name)).await;
                t.merge().organizations(merge_orgs(org, &older), &t.me().await).await.unwrap();
            }
            ("people", "organization_id") => {
                t.person_at(org, "Pat", "Staff").await;
            }
            ("people", "merged_into") => {
                let input = PersonInput {
                    organization_id: person.organization.as_ref().map(|o| o.id),
                    ..person_input("Old", "Copy")
                };
                let older = person_with(t, input).await;
                t.merge().people(merge_people(person, &older), &t.me().await).await.unwrap();
            }
            ("systems", "organization_id") => {
                let kind = SystemTypeInput {
                    name: format!("Router {}", org.name),
                    fields: vec![FieldInput {
                        id: None,
                        label: "IP".into(),
                        kind: FieldKind::IpAddress,
                        required: false,
                    }],
                    confirm_removals: false,
                };
                let kind = t.system_types().create(kind, &t.me().await).await.unwrap();
                let system = SystemInput {
                    organization_id: org.id,
                    system_type_id: kind.id,
                    name: "Edge router".into(),
                    notes: None,
                    values: vec![],
                    secrets: vec![],
                };
                t.systems().create(system, &t.me().await).await.unwrap();
            }
            ("notes", "organization_id") => {
                note(t, NoteSubject::Organization(org.id), "Alarm code changed").await
            }
            ("notes", "person_id") => note(t, NoteSubject::Person(person.id), "Prefers email").await,
            ("attachments", "organization_id") => {
                t.files().attach(Owner::Organization(org.id), &file, None, 1 << 20).await.unwrap();
            }
            ("attachments", "person_id") => {
                t.files()
                    .attach(Owner::Person(person.id), &file, Some("cv.txt".into()), 1 << 20)
                    .await
                    .unwrap();
            }
            ("tickets", "organization_id") => {
                let input = TicketInput {
                    organization_id: Some(org.id),
                    subject: "Printer jams".into(),
                    ..Default::default()
                };
                t.tickets().create(input).await.unwrap();
            }
            ("tickets", "requester_id") => {
                let input = TicketInput {
                    organization_id: person.organization.as_ref().map(|o| o.id),
                    requester_id: Some(person.id),
                    subject: "New laptop".into(),
                    ..Default::default()
                };
                t.tickets().create(input).await.unwrap();
            }
            ("contracts", "organization_id") => {
                t.contracts().create(contract(org.id, None, "Managed IT"), &t.me().await).await.unwrap();
            }
            ("contracts", "person_id") => {
                let org = person.organization.as_ref().map(|o| o.id).expect("the person has an organization");
                t.contracts()
                    .create(contract(org, Some(person.id), "Laptop warranty"), &t.me().await)
                    .await
                    .unwrap();
            }
            ("invoices", "organization_id") => {
                let invoice = ManualInvoice {
                    organization_id: Some(org.id),
                    issue_date: "2026-03-01".into(),
                    lines: vec![ManualLine { description: "Maintenance".into(), amount: 10_000 }],
                };
                t.invoices().create_manual(invoice, &t.me().await).await.unwrap();
            }
            ("payments", "organization_id") => {
                let payment = PaymentInput {
                    organization_id: org.id,
                    kind: PaymentKind::Payment,
                    date: "2026-03-10".into(),
                    amount: 5_000,
                    method: None,
                    reference: Some("P-1".into()),
                    allocations: None,
                };
                t.payments().add(payment, &t.me().await).await.unwrap();
            }
            ("organization_members", "organization_id") => {
                let role = t.choices().list(ChoiceList::MemberRole).await.unwrap()[0].id;
                let me = t.me().await;
                t.members().add_member(org.id, me.id, role, &me).await.unwrap();
            }
            ("organization_contacts", "organization_id") => {
                let role = t.choices().list(ChoiceList::ContactRole).await.unwrap()[0].id;
                let outsider = t.org(&format!("{} Accountants", org.name)).await;
                let accountant = t.person_at(&outsider, "Alice", "Counter").await;
                t.members().add_contact(org.id, accountant.id, role, &t.me().await).await.unwrap();
            }
            ("organization_contacts", "person_id") => {
                let role = t.choices().list(ChoiceList::ContactRole).await.unwrap()[1].id;
                let client = t.org(&format!("Client of {}", org.name)).await;
                t.members().add_contact(client.id, person.id, role, &t.me().await).await.unwrap();
            }
            ("stream_entries", "organization_id") => {
                t.stream()
                    .post(NoteSubject::Organization(org.id), "Renewal in March", &t.me().await)
                    .await
                    .unwrap();
            }
            ("stream_entries", "person_id") => {
                t.stream()
                    .post(NoteSubject::Person(person.id), "Prefers calls", &t.me().await)
                    .await
                    .unwrap();
            }
            ("activities", column) => {
                let about = if column == "organization_id" {
                    NoteSubject::Organization(org.id)
                } else {
                    NoteSubject::Person(person.id)
                };
                let kind = t.choices().list(ChoiceList::ActivityType).await.unwrap()[0].id;
                let input = ActivityInput {
                    type_id: Some(kind),
                    subject: "Annual review".into(),
                    due_at: "2026-12-01 10:00".into(),
                    assignee_id: None,
                };
                t.activities().create(about, input, &t.me().await).await.unwrap();
            }
            ("emails", _) => {
                let eml = format!("{}/tests/fixtures/email/apple-mail.eml", env!("CARGO_MANIFEST_DIR"));
                let copy = t.dir.path().join(format!("{}-{}.eml", person.id, column));
                // A fresh Message-ID each time, so a second row is recorded.
                let text = std::fs::read_to_string(&eml).unwrap();
                let text = text.replacen("Message-Id: <", &format!("Message-Id: <{column}-"), 1).replacen(
                    "Message-ID: <",
                    &format!("Message-ID: <{column}-"),
                    1,
                );
                std::fs::write(&copy, text).unwrap();
                t.emails().record(person.id, vec![copy], &t.me().await).await.unwrap();
            }
            _ => panic!(
                "{table}.{column} references organizations or people, and this test does not know how to \
                 make a row of it: teach `make_row`, and check that merging moves it (or leaves it, and why)"
            ),
        }
    }

    fn contract(
        organization: fieldbook_core::OrganizationId,
        person: Option<fieldbook_core::PersonId>,
        name: &str,
    ) -> fieldbook_core::service::contracts::ContractInput {
        fieldbook_core::service::contracts::ContractInput {
            organization_id: Some(organization),
            person_id: person,
            name: name.into(),
            kind: fieldbook_core::service::contracts::ContractKind::Support,
            starts_on: "2026-01-01".into(),
            ends_on: None,
            renewal: fieldbook_core::service::contracts::Renewal::None,
            notice_days: None,
            value: None,
            billing_cycle: None,
            notes: None,
            items: vec![],
            prepaid_minutes: None,
            custom: None,
        }
    }

    /// Columns that stay where they are: `merged_into` is the history of earlier merges.
    fn stays(table: &str, column: &str) -> bool {
        column == "merged_into" && (table == "organizations" || table == "people")
    }

    #[tokio::test]
    async fn every_reference_to_organizations_and_people_moves_and_undo_restores_every_table() {
        let t = TestCore::with_me().await;
        let kept = t.org("Harbour Logistics").await;
        let gone = t.org("Harbour Logistics Ltd").await;
        let kept_person = t.person_at(&kept, "Ann", "Archer").await;
        let gone_person = t.person_at(&gone, "Ann", "Archer").await;

        let references = references(&t);
        assert!(references.len() >= 14, "the schema has fewer references than today: {references:?}");
        for (table, column, target) in &references {
            make_row(&t, table, column, &gone, &gone_person).await;
            let id = if target == "organizations" { gone.id.to_string() } else { gone_person.id.to_string() };
            let n = count(&t, &format!("SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = {}", blob(id)));
            assert!(n >= 1, "no row of {table}.{column} points at the record to merge away");
        }
        let before = dump(&t);
        let pointing = |target: &str, kept: String, gone: String| -> Vec<(String, String, i64, i64)> {
            references
                .iter()
                .filter(|(_, _, to)| to == target)
                .map(|(table, column, _)| {
                    let at = |id: &str| {
                        count(
                            &t,
                            &format!("SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = {}", blob(id)),
                        )
                    };
                    (table.clone(), column.clone(), at(&kept), at(&gone))
                })
                .collect()
        };

        let orgs_before = pointing("organizations", kept.id.to_string(), gone.id.to_string());
        let org_merge = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        let orgs_after = pointing("organizations", kept.id.to_string(), gone.id.to_string());
        for ((table, column, kept_n, gone_n), (_, _, kept_after, gone_after)) in
            orgs_before.iter().zip(&orgs_after)
        {
            if stays(table, column) {
                // Not moved; and the merged-away record itself now points at the kept one.
                assert_eq!((*kept_after, *gone_after), (kept_n + 1, *gone_n), "{table}.{column} moved");
            } else {
                // The merge itself adds its entry to the kept record's stream.
                let own = i64::from(table == "stream_entries" && column == "organization_id");
                assert_eq!(
                    (*kept_after, *gone_after),
                    (kept_n + gone_n + own, 0),
                    "{table}.{column} did not move"
                );
            }
        }

        // The merged-away person now works at the kept organization; merge them too.
        let people_before = pointing("people", kept_person.id.to_string(), gone_person.id.to_string());
        let person_merge =
            t.merge().people(merge_people(&kept_person, &gone_person), &t.me().await).await.unwrap();
        let people_after = pointing("people", kept_person.id.to_string(), gone_person.id.to_string());
        for ((table, column, kept_n, gone_n), (_, _, kept_after, gone_after)) in
            people_before.iter().zip(&people_after)
        {
            if stays(table, column) {
                // Not moved; and the merged-away record itself now points at the kept one.
                assert_eq!((*kept_after, *gone_after), (kept_n + 1, *gone_n), "{table}.{column} moved");
            } else {
                // The merge itself adds its entry to the kept record's stream.
                let own = i64::from(table == "stream_entries" && column == "person_id");
                assert_eq!(
                    (*kept_after, *gone_after),
                    (kept_n + gone_n + own, 0),
                    "{table}.{column} did not move"
                );
            }
        }
        assert!(org_merge.moved >= 10 && person_merge.moved >= 4, "{org_merge:?} {person_merge:?}");

        // Undo, newest first, gives back every table exactly.
        t.merge().undo(person_merge.id, &t.me().await).await.unwrap();
        t.merge().undo(org_merge.id, &t.me().await).await.unwrap();
        assert_same(&before, &dump(&t));
        assert!(t.merge().get(org_merge.id).await.unwrap().undone_at.is_some());
    }

    #[tokio::test]
    async fn a_site_merged_into_its_parent_hands_its_sites_and_people_up() {
        let t = TestCore::with_me().await;
        let parent = t.org("Acme").await;
        let site = t.site_of(&parent, "Acme – Leeds").await;
        let depot = t.site_of(&site, "Acme – Leeds Depot").await;
        let person = t.person_at(&site, "Bo", "Brown").await;
        t.merge().organizations(merge_orgs(&parent, &site), &t.me().await).await.unwrap();
        let detail = t.organizations().detail(parent.id).await.unwrap();
        assert_eq!(detail.sites.iter().map(|s| s.id).collect::<Vec<_>>(), vec![depot.id]);
        assert_eq!(detail.people.iter().map(|p| p.id).collect::<Vec<_>>(), vec![person.id]);
        assert!(t.organizations().get(site.id).await.unwrap().archived_at.is_some());
    }

    #[tokio::test]
    async fn a_row_the_kept_record_already_has_is_removed_and_undo_puts_it_back() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        // A table the merge has never heard of, as a later migration might add: members of an
        // organization, one per role.
        shell(
            &t,
            "CREATE TABLE test_members (
                id BLOB PRIMARY KEY NOT NULL,
                organization_id BLOB NOT NULL REFERENCES organizations (id),
                role TEXT NOT NULL,
                note TEXT,
                updated_at TEXT NOT NULL,
                UNIQUE (organization_id, role))",
        );
        shell(
            &t,
            &format!(
                "INSERT INTO test_members VALUES
                    (X'01', {k}, 'admin', 'kept admin', '2026-01-01'),
                    (X'02', {g}, 'admin', 'merged admin', '2026-01-02'),
                    (X'03', {g}, 'billing', NULL, '2026-01-03')",
                k = blob(kept.id),
                g = blob(gone.id)
            ),
        );
        let before = dump(&t);
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        assert_eq!((merged.moved, merged.removed_duplicates), (1, 1));
        let rows = shell(&t, "SELECT hex(id), role, note FROM test_members ORDER BY id");
        assert_eq!(rows, ["'01','admin','kept admin'", "'03','billing',NULL"]);
        assert_eq!(
            count(
                &t,
                &format!("SELECT count(*) FROM test_members WHERE organization_id = {}", blob(kept.id))
            ),
            2
        );

        t.merge().undo(merged.id, &t.me().await).await.unwrap();
        assert_same(&before, &dump(&t));
    }

    #[tokio::test]
    async fn a_duplicate_row_with_records_hanging_off_it_stops_the_merge_and_nothing_changes() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        note(&t, NoteSubject::Organization(gone.id), "Gate code 1234").await;
        shell(
            &t,
            "CREATE TABLE test_members (id BLOB PRIMARY KEY NOT NULL,
                organization_id BLOB NOT NULL REFERENCES organizations (id), role TEXT NOT NULL,
                UNIQUE (organization_id, role));
             CREATE TABLE test_member_keys (id BLOB PRIMARY KEY NOT NULL,
                member_id BLOB NOT NULL REFERENCES test_members (id))",
        );
        shell(
            &t,
            &format!(
                "INSERT INTO test_members VALUES (X'01', {}, 'admin'), (X'02', {}, 'admin');
                 INSERT INTO test_member_keys VALUES (X'10', X'02')",
                blob(kept.id),
                blob(gone.id)
            ),
        );
        let before = dump(&t);
        let refused = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await;
        assert_invalid(refused, "merge", "test_member_keys");
        assert_same(&before, &dump(&t));
    }

    #[tokio::test]
    async fn an_issued_invoice_moves_only_in_a_merge() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        let invoice = ManualInvoice {
            organization_id: Some(gone.id),
            issue_date: "2026-03-01".into(),
            lines: vec![ManualLine { description: "Maintenance".into(), amount: 10_000 }],
        };
        let invoice = t.invoices().create_manual(invoice, &t.me().await).await.unwrap();
        let moved = format!(
            "UPDATE invoices SET organization_id = {} WHERE number = '{}'",
            blob(kept.id),
            invoice.number
        );
        let output = Command::new("sqlite3").arg(t.database_path()).arg(&moved).output().unwrap();
        assert!(String::from_utf8_lossy(&output.stderr).contains("an issued invoice cannot be changed"));
        t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        assert_eq!(t.invoices().list(kept.id).await.unwrap().len(), 1);
    }
}

mod refusing {
    use super::*;

    #[tokio::test]
    async fn a_record_cannot_be_merged_into_itself() {
        let t = TestCore::with_me().await;
        let acme = t.org("Acme").await;
        let ann = t.person_at(&acme, "Ann", "Archer").await;
        assert_invalid(
            t.merge().organizations(merge_orgs(&acme, &acme), &t.me().await).await,
            "merge",
            "into itself",
        );
        assert_invalid(
            t.merge().people(merge_people(&ann, &ann), &t.me().await).await,
            "merge",
            "into itself",
        );
        assert_invalid(t.merge().preview_organizations(acme.id, acme.id).await, "merge", "into itself");
    }

    #[tokio::test]
    async fn an_organization_cannot_be_merged_into_its_own_site_and_nothing_changes() {
        let t = TestCore::with_me().await;
        let parent = t.org("Acme").await;
        let site = t.site_of(&parent, "Acme – Leeds").await;
        let depot = t.site_of(&site, "Acme – Leeds Depot").await;
        t.person_at(&parent, "Ann", "Archer").await;
        let before = dump(&t);
        for own in [&site, &depot] {
            let refused = t.merge().organizations(merge_orgs(own, &parent), &t.me().await).await;
            assert_invalid(refused, "merge", "cannot be merged into its own site");
        }
        assert_same(&before, &dump(&t));
    }

    #[tokio::test]
    async fn taking_a_parent_that_would_put_the_kept_organization_under_itself_is_refused() {
        let t = TestCore::with_me().await;
        let parent = t.org("Acme").await;
        let site = t.site_of(&parent, "Acme – Leeds").await;
        let before = dump(&t);
        let mut input = merge_orgs(&parent, &site);
        input.choices.insert(OrganizationField::Parent, MergeSide::Merged);
        assert_invalid(t.merge().organizations(input, &t.me().await).await, "parent", "cannot take it");
        assert_same(&before, &dump(&t));
    }

    #[tokio::test]
    async fn a_merged_away_record_cannot_be_merged_again_or_edited_or_restored() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        let other = t.org("Other").await;
        t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        assert_invalid(
            t.merge().organizations(merge_orgs(&other, &gone), &t.me().await).await,
            "merge",
            "already merged",
        );
        assert_invalid(
            t.merge().organizations(merge_orgs(&gone, &other), &t.me().await).await,
            "merge",
            "merge into that one",
        );
        assert_invalid(t.organizations().restore(gone.id).await, "merged", "was merged into “Acme”");
        assert_invalid(
            t.organizations().update(gone.id, org_input("ACME")).await,
            "merged",
            "undo the merge",
        );
    }
}

mod fields {
    use super::*;

    #[tokio::test]
    async fn the_account_number_moves_to_the_kept_organization_and_back_on_undo() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone =
            org_with(&t, OrganizationInput { account_number: Some("A-100".into()), ..org_input("ACME Inc") })
                .await;
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        assert!(merged.fields.contains(&"account_number".to_owned()));
        assert_eq!(t.organizations().by_account_number("A-100").await.unwrap().id, kept.id);
        assert_eq!(t.organizations().get(gone.id).await.unwrap().account_number, None);
        t.merge().undo(merged.id, &t.me().await).await.unwrap();
        assert_eq!(t.organizations().by_account_number("A-100").await.unwrap().id, gone.id);
        assert_eq!(t.organizations().get(kept.id).await.unwrap().account_number, None);
    }

    #[tokio::test]
    async fn an_account_number_not_taken_is_freed_and_comes_back_on_undo() {
        let t = TestCore::with_me().await;
        let kept =
            org_with(&t, OrganizationInput { account_number: Some("A-1".into()), ..org_input("Acme") }).await;
        let gone =
            org_with(&t, OrganizationInput { account_number: Some("A-2".into()), ..org_input("ACME Inc") })
                .await;
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        assert_eq!(t.organizations().get(kept.id).await.unwrap().account_number.as_deref(), Some("A-1"));
        assert!(t.organizations().by_account_number("A-2").await.is_err());
        // Free for another organization meanwhile would block the undo; here it is not taken.
        t.merge().undo(merged.id, &t.me().await).await.unwrap();
        assert_eq!(t.organizations().by_account_number("A-2").await.unwrap().id, gone.id);
    }

    #[tokio::test]
    async fn field_choices_are_applied_and_empty_fields_are_filled_from_the_other_record() {
        let t = TestCore::with_me().await;
        let kept = org_with(
            &t,
            OrganizationInput {
                phone: Some("0113 496 0000".into()),
                email: Some("office@acme.example".into()),
                ..org_input("Acme")
            },
        )
        .await;
        let gone = org_with(
            &t,
            OrganizationInput {
                phone: Some("0113 496 9999".into()),
                email: Some("hello@acme.example".into()),
                website: Some("acme.example".into()),
                notes: Some("Back door after 6pm".into()),
                ..org_input("ACME Incorporated")
            },
        )
        .await;
        let preview = t.merge().preview_organizations(kept.id, gone.id).await.unwrap();
        let default_of = |field: &str| preview.fields.iter().find(|f| f.field == field).unwrap().default;
        assert_eq!(default_of("phone"), MergeSide::Kept);
        assert_eq!(default_of("website"), MergeSide::Merged);
        let mut input = merge_orgs(&kept, &gone);
        input.choices.insert(OrganizationField::Name, MergeSide::Merged);
        input.choices.insert(OrganizationField::Email, MergeSide::Merged);
        input.choices.insert(OrganizationField::Notes, MergeSide::Kept);
        t.merge().organizations(input, &t.me().await).await.unwrap();
        let now = t.organizations().get(kept.id).await.unwrap();
        assert_eq!(now.name, "ACME Incorporated");
        assert_eq!(now.phone.as_deref(), Some("0113 496 0000"));
        assert_eq!(now.email.as_deref(), Some("hello@acme.example"));
        assert_eq!(now.website.as_deref(), Some("acme.example"));
        assert_eq!(now.notes, None);

        let ann = person_with(
            &t,
            PersonInput { email: Some("ann@acme.example".into()), ..person_input("Ann", "Archer") },
        )
        .await;
        let annie = person_with(
            &t,
            PersonInput {
                organization_id: Some(kept.id),
                mobile: Some("07700 900123".into()),
                job_title: Some("Office manager".into()),
                ..person_input("Annie", "Archer")
            },
        )
        .await;
        let mut input = merge_people(&ann, &annie);
        input.choices.insert(PersonField::Name, MergeSide::Merged);
        input.choices.insert(PersonField::JobTitle, MergeSide::Kept);
        t.merge().people(input, &t.me().await).await.unwrap();
        let now = t.people().get(ann.id).await.unwrap();
        assert_eq!(now.first_name.as_deref(), Some("Annie"));
        assert_eq!(now.job_title, None);
        assert_eq!(now.mobile.as_deref(), Some("07700 900123"));
        assert_eq!(now.email.as_deref(), Some("ann@acme.example"));
        assert_eq!(now.organization.map(|o| o.id), Some(kept.id));
    }

    #[tokio::test]
    async fn the_preview_counts_what_will_move() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        t.person_at(&gone, "Ann", "Archer").await;
        t.person_at(&gone, "Bo", "Brown").await;
        t.site_of(&gone, "ACME – Leeds").await;
        let preview = t.merge().preview_organizations(kept.id, gone.id).await.unwrap();
        let moving: Vec<(String, String, u64)> =
            preview.dependants.iter().map(|d| (d.table.clone(), d.column.clone(), d.rows)).collect();
        assert_eq!(
            moving,
            [
                ("organizations".into(), "parent_id".into(), 1),
                ("people".into(), "organization_id".into(), 2),
                // "Ann Archer joined ACME Inc", "Bo Brown joined ACME Inc"
                ("stream_entries".into(), "organization_id".into(), 2),
            ]
        );
    }
}

mod undoing {
    use super::*;

    #[tokio::test]
    async fn undo_is_refused_once_the_kept_record_changed_and_nothing_is_undone() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        t.organizations().update(kept.id, org_input("Acme Group")).await.unwrap();
        let before = dump(&t);
        assert_invalid(
            t.merge().undo(merged.id, &t.me().await).await,
            "merge",
            "“Acme” was changed after this merge",
        );
        assert_same(&before, &dump(&t));
    }

    #[tokio::test]
    async fn undo_is_refused_once_a_moved_row_changed() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        let ann = t.person_at(&gone, "Ann", "Archer").await;
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        let input = PersonInput {
            organization_id: Some(kept.id),
            phone: Some("0113 496 0000".into()),
            ..person_input("Ann", "Archer")
        };
        t.people().update(ann.id, input).await.unwrap();
        assert_invalid(t.merge().undo(merged.id, &t.me().await).await, "merge", "(people) was changed");
    }

    #[tokio::test]
    async fn undo_happens_once_and_rows_added_since_stay_with_the_kept_record() {
        let t = TestCore::with_me().await;
        let kept = t.org("Acme").await;
        let gone = t.org("ACME Inc").await;
        let merged = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        note(&t, NoteSubject::Organization(kept.id), "Added after the merge").await;
        t.merge().undo(merged.id, &t.me().await).await.unwrap();
        assert_eq!(t.notes().list(NoteSubject::Organization(kept.id)).await.unwrap().len(), 1);
        assert_invalid(t.merge().undo(merged.id, &t.me().await).await, "merge", "already undone");
        let history = t.merge().of_organization(gone.id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].undone_by.as_deref(), Some("Ann Admin"));
    }

    #[tokio::test]
    async fn search_and_lists_lose_the_merged_away_record_and_find_it_again_after_undo() {
        let t = TestCore::with_me().await;
        let kept = org_with(
            &t,
            OrganizationInput { dba_name: Some("Quarry Group".into()), ..org_input("Quarry Supplies") },
        )
        .await;
        let gone = org_with(
            &t,
            OrganizationInput {
                dba_name: Some("Zanzibar Trading".into()),
                ..org_input("Quarry Supplies Ltd")
            },
        )
        .await;
        let ann = t.person_at(&kept, "Ann", "Quillfeather").await;
        let annie = t.person_at(&gone, "Annie", "Quillfeather").await;
        let found = async |text: &str, kind: SearchKind| -> Vec<String> {
            let query =
                SearchQuery { text: text.into(), kinds: vec![kind], include_archived: true, limit: None };
            let results = t.search().run(query).await.unwrap();
            results.groups.into_iter().flat_map(|g| g.hits).map(|h| h.id.to_string()).collect()
        };
        let all_orgs = OrganizationFilter { include_archived: true, ..Default::default() };
        let all_people = PersonFilter { include_archived: true, ..Default::default() };
        assert_eq!(found("zanzibar", SearchKind::Organization).await.len(), 1);

        let org_merge = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
        let person_merge = t.merge().people(merge_people(&ann, &annie), &t.me().await).await.unwrap();
        assert!(found("zanzibar", SearchKind::Organization).await.is_empty());
        assert_eq!(found("quarry", SearchKind::Organization).await.len(), 1);
        assert_eq!(found("quillfeather", SearchKind::Person).await.len(), 1);
        let listed: Vec<OrganizationId> =
            t.organizations().list(all_orgs.clone()).await.unwrap().iter().map(|o| o.id).collect();
        assert_eq!(listed, [kept.id]);
        assert_eq!(t.organizations().count(all_orgs.clone()).await.unwrap(), 1);
        let listed: Vec<PersonId> =
            t.people().list(all_people.clone()).await.unwrap().iter().map(|p| p.id).collect();
        assert_eq!(listed, [ann.id]);
        // Editing the merged-away record through a trigger path cannot bring its document back.
        shell(&t, &format!("UPDATE organizations SET city = 'Leeds' WHERE id = {}", blob(gone.id)));
        assert!(found("zanzibar", SearchKind::Organization).await.is_empty());
        shell(&t, &format!("UPDATE organizations SET city = NULL WHERE id = {}", blob(gone.id)));

        t.merge().undo(person_merge.id, &t.me().await).await.unwrap();
        t.merge().undo(org_merge.id, &t.me().await).await.unwrap();
        assert_eq!(found("zanzibar", SearchKind::Organization).await, [gone.id.to_string()]);
        assert_eq!(found("quillfeather", SearchKind::Person).await.len(), 2);
        assert_eq!(t.organizations().count(all_orgs).await.unwrap(), 2);
    }
}

mod finding {
    use super::*;

    fn query(reason: DuplicateReason) -> DuplicateQuery {
        DuplicateQuery { reason: Some(reason), ..Default::default() }
    }

    fn names(groups: &[DuplicateGroup]) -> Vec<Vec<String>> {
        groups.iter().map(|g| g.members.iter().map(|m| m.name.clone()).collect()).collect()
    }

    #[tokio::test]
    async fn organizations_are_found_by_name_email_phone_and_account_number() {
        let t = TestCore::with_me().await;
        let with = |name: &str| org_input(name);
        org_with(&t, OrganizationInput { account_number: Some("ab-100".into()), ..with("Acme Ltd") }).await;
        org_with(&t, OrganizationInput { account_number: Some("AB 100".into()), ..with("ACME, Inc.") }).await;
        org_with(
            &t,
            OrganizationInput { email: Some("Office@Baltic.example".into()), ..with("Baltic Freight") },
        )
        .await;
        org_with(
            &t,
            OrganizationInput { email: Some("office@baltic.example".into()), ..with("Baltic Shipping") },
        )
        .await;
        org_with(&t, OrganizationInput { phone: Some("+44 113 496 0000".into()), ..with("Cedar Dental") })
            .await;
        org_with(&t, OrganizationInput { phone: Some("(44) 113-496-0000".into()), ..with("Cedar Clinic") })
            .await;
        org_with(&t, OrganizationInput { phone: Some("123 45".into()), ..with("Short One") }).await;
        org_with(&t, OrganizationInput { phone: Some("12345".into()), ..with("Short Two") }).await;
        // Archived records and sites of different parents are no candidates.
        let archived = t.org("Delta Works").await;
        t.org("Delta Works GmbH").await;
        t.organizations().archive(archived.id).await.unwrap();
        let p1 = t.org("Emerald").await;
        let p2 = t.org("Falcon").await;
        t.site_of(&p1, "Leeds office").await;
        t.site_of(&p2, "Leeds office").await;
        t.site_of(&p2, "Leeds Office Ltd").await;

        let d = t.duplicates();
        let by_name = d.organizations(query(DuplicateReason::Name)).await.unwrap().groups;
        assert_eq!(
            names(&by_name),
            [vec!["Acme Ltd", "ACME, Inc."], vec!["Leeds office", "Leeds Office Ltd"]]
        );
        assert_eq!(by_name[0].key, "acme");
        let by_email = d.organizations(query(DuplicateReason::Email)).await.unwrap().groups;
        assert_eq!(names(&by_email), [vec!["Baltic Freight", "Baltic Shipping"]]);
        let by_phone = d.organizations(query(DuplicateReason::Phone)).await.unwrap().groups;
        assert_eq!(names(&by_phone), [vec!["Cedar Clinic", "Cedar Dental"]]);
        assert_eq!(by_phone[0].key, "441134960000");
        let by_account = d.organizations(query(DuplicateReason::AccountNumber)).await.unwrap().groups;
        assert_eq!(names(&by_account), [vec!["Acme Ltd", "ACME, Inc."]]);

        let all = d.organizations(DuplicateQuery::default()).await.unwrap();
        let reasons: Vec<DuplicateReason> = all.groups.iter().map(|g| g.reason).collect();
        use DuplicateReason::*;
        assert_eq!(reasons, [Name, Name, Email, Phone, AccountNumber]);
        assert_eq!(all.next_offset, None);
        let first = d.organizations(DuplicateQuery { limit: Some(2), ..Default::default() }).await.unwrap();
        assert_eq!(first.groups.len(), 2);
        let rest = d
            .organizations(DuplicateQuery { offset: first.next_offset, ..Default::default() })
            .await
            .unwrap();
        assert_eq!(rest.groups.iter().map(|g| g.reason).collect::<Vec<_>>(), [Email, Phone, AccountNumber]);
    }

    #[tokio::test]
    async fn people_are_found_by_name_within_an_organization_email_and_phone_or_mobile() {
        let t = TestCore::with_me().await;
        let acme = t.org("Acme").await;
        let other = t.org("Other").await;
        t.person_at(&acme, "Ann", "Archer").await;
        t.person_at(&acme, "ann", "ARCHER").await;
        t.person_at(&other, "Ann", "Archer").await;
        person_with(&t, PersonInput { email: Some("bo@x.example".into()), ..person_input("Bo", "Brown") })
            .await;
        person_with(
            &t,
            PersonInput { email: Some("BO@x.example".into()), ..person_input("Robert", "Brown") },
        )
        .await;
        person_with(&t, PersonInput { phone: Some("07700 900123".into()), ..person_input("Cy", "Cole") })
            .await;
        person_with(
            &t,
            PersonInput { mobile: Some("07700-900-123".into()), ..person_input("Cyrus", "Cole") },
        )
        .await;
        // The same number as phone and mobile of one person is no duplicate.
        let both = Some("0113 496 1111".to_owned());
        person_with(&t, PersonInput { phone: both.clone(), mobile: both, ..person_input("Di", "Dale") })
            .await;

        let d = t.duplicates();
        let by_name = d.people(query(DuplicateReason::Name)).await.unwrap().groups;
        assert_eq!(names(&by_name), [vec!["Ann Archer", "ann ARCHER"]]);
        let by_email = d.people(query(DuplicateReason::Email)).await.unwrap().groups;
        assert_eq!(names(&by_email), [vec!["Bo Brown", "Robert Brown"]]);
        let by_phone = d.people(query(DuplicateReason::Phone)).await.unwrap().groups;
        assert_eq!(names(&by_phone), [vec!["Cy Cole", "Cyrus Cole"]]);
        assert!(d.people(query(DuplicateReason::AccountNumber)).await.unwrap().groups.is_empty());
    }

    #[tokio::test]
    async fn dismissed_pairs_are_not_shown_and_merged_records_leave_the_list() {
        let t = TestCore::with_me().await;
        let a = t.org("Granite Ltd").await;
        let b = t.org("Granite Limited").await;
        let c = t.org("GRANITE").await;
        let d = t.duplicates();
        let groups = || async { d.organizations(query(DuplicateReason::Name)).await.unwrap().groups };
        assert_eq!(groups().await[0].members.len(), 3);

        // One pair dismissed: each of the three still has a partner.
        d.dismiss_organizations(a.id, b.id, &t.me().await).await.unwrap();
        assert_eq!(groups().await[0].members.len(), 3);
        // C is no duplicate of either: only A and B remain, whose pair is dismissed too.
        d.dismiss_organizations(c.id, a.id, &t.me().await).await.unwrap();
        d.dismiss_organizations(b.id, c.id, &t.me().await).await.unwrap();
        d.dismiss_organizations(b.id, c.id, &t.me().await).await.unwrap();
        assert!(groups().await.is_empty());
        d.undismiss_organizations(b.id, a.id).await.unwrap();
        assert_eq!(names(&groups().await), [vec!["Granite Limited", "Granite Ltd"]]);
        assert_invalid(d.dismiss_organizations(a.id, a.id, &t.me().await).await, "pair", "itself");

        t.merge().organizations(merge_orgs(&a, &b), &t.me().await).await.unwrap();
        assert!(groups().await.is_empty());

        let ann = t.person_at(&a, "Ann", "Archer").await;
        let ann2 = t.person_at(&a, "Ann", "Archer").await;
        d.dismiss_people(ann.id, ann2.id, &t.me().await).await.unwrap();
        assert!(d.people(query(DuplicateReason::Name)).await.unwrap().groups.is_empty());
    }
}

#[tokio::test]
async fn the_merge_and_its_undo_are_in_the_stream_by_who_did_them() {
    use fieldbook_core::stream::{StreamKind, StreamQuery};
    let t = TestCore::with_me().await;
    let kept = t.org("Acme").await;
    let gone = t.org("ACME Inc").await;
    t.stream()
        .post(NoteSubject::Organization(gone.id), "Moving offices in May", &t.me().await)
        .await
        .unwrap();
    let merge = t.merge().organizations(merge_orgs(&kept, &gone), &t.me().await).await.unwrap();
    assert_eq!(merge.actor.as_deref(), Some("Ann Admin"));
    let stream = |id: OrganizationId| {
        let t = &t;
        async move {
            let q = StreamQuery {
                subject: NoteSubject::Organization(id),
                include_related: false,
                kinds: vec![StreamKind::Merge, StreamKind::Post],
                before: None,
                limit: None,
            };
            t.stream().page(q).await.unwrap().entries.into_iter().map(|e| e.body).collect::<Vec<_>>()
        }
    };
    assert_eq!(stream(kept.id).await, ["Merged “ACME Inc” into “Acme”", "Moving offices in May"]);
    t.merge().undo(merge.id, &t.me().await).await.unwrap();
    assert_eq!(
        stream(kept.id).await,
        ["Undid the merge of “ACME Inc” into “Acme”", "Merged “ACME Inc” into “Acme”"]
    );
    assert_eq!(stream(gone.id).await, ["Undid the merge of “ACME Inc” into “Acme”", "Moving offices in May"]);
}
