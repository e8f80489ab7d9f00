//! Full-text search on a real SQLite file: what a user types finds what they mean, and the index
//! follows every change (checked against a brute-force scan over random edits).

mod common;

use std::collections::BTreeSet;

use common::{TestCore, keyring_works, org_input, person_input, search_documents};
use std::sync::atomic::AtomicBool;

use fieldbook_core::files::Owner;
use fieldbook_core::import::{ApplyRequest, ImportKind, ImportOptions, MatchBy};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::organizations::OrganizationInput;
use fieldbook_core::people::PersonInput;
use fieldbook_core::search::{SearchKind, SearchQuery};
use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
use fieldbook_core::systems::{FieldValue, SecretChange, SystemInput};

async fn find(core: &TestCore, text: &str, kind: SearchKind, archived: bool) -> Vec<String> {
    let query =
        SearchQuery { text: text.into(), kinds: vec![kind], include_archived: archived, limit: Some(200) };
    let results = core.search().run(query).await.unwrap();
    results.groups.into_iter().flat_map(|g| g.hits).map(|h| h.title).collect()
}

#[tokio::test]
async fn typing_a_fragment_of_anything_finds_it() {
    let core = TestCore::with_me().await;
    let input = OrganizationInput {
        phone: Some("+44 (113) 496-0000".into()),
        account_number: Some("AC-1001".into()),
        ..org_input("Müller Haustechnik GmbH")
    };
    let muller = core.organizations().create(input, vec![]).await.unwrap();
    core.organizations().create(org_input("Mullion Cove Hotel"), vec![]).await.unwrap();
    let person = PersonInput {
        email: Some("ann.archer@example.com".into()),
        mobile: Some("07700 900123".into()),
        job_title: Some("Practice manager".into()),
        organization_id: Some(muller.id),
        ..person_input("Ann", "Archer")
    };
    core.people().create(person).await.unwrap();

    use SearchKind::*;
    assert_eq!(find(&core, "Mul", Organization, false).await.len(), 2, "prefix");
    assert_eq!(
        find(&core, "Muller", Organization, false).await,
        ["Müller Haustechnik GmbH"],
        "diacritics folded"
    );
    assert_eq!(
        find(&core, "müll haus", Organization, false).await,
        ["Müller Haustechnik GmbH"],
        "every word"
    );
    assert_eq!(find(&core, "ac-1001", Organization, false).await, ["Müller Haustechnik GmbH"], "account");
    assert_eq!(
        find(&core, "4960000", Organization, false).await,
        ["Müller Haustechnik GmbH"],
        "phone digits"
    );
    assert_eq!(
        find(&core, "113 496", Organization, false).await,
        ["Müller Haustechnik GmbH"],
        "spaced phone"
    );
    assert_eq!(
        find(&core, "(113)496-00", Organization, false).await,
        ["Müller Haustechnik GmbH"],
        "punctuated"
    );
    assert_eq!(find(&core, "07700900", Person, false).await, ["Ann Archer"], "mobile");
    assert_eq!(find(&core, "practice", Person, false).await, ["Ann Archer"], "job title");
    assert_eq!(find(&core, "ann.archer@ex", Person, false).await, ["Ann Archer"], "email");
    assert!(find(&core, "Mullion Archer", Organization, false).await.is_empty(), "all words must match");
    assert!(find(&core, "\"*) OR (", Organization, false).await.is_empty(), "FTS syntax is just text");

    // Grouped by kind, best first; opening a person goes to the person.
    let all = core.search().run(SearchQuery { text: "ann".into(), ..SearchQuery::default() }).await.unwrap();
    assert_eq!(all.groups[0].kind, Person);

    // Archived only when asked.
    core.organizations().archive(muller.id).await.unwrap();
    assert!(find(&core, "Muller", Organization, false).await.is_empty());
    assert_eq!(find(&core, "Muller", Organization, true).await.len(), 1);
}

#[tokio::test]
async fn names_that_start_with_what_was_typed_come_first() {
    let core = TestCore::with_me().await;
    core.organizations().create(org_input("The Leeds Bakery"), vec![]).await.unwrap();
    core.organizations().create(org_input("Leeds Dental Practice"), vec![]).await.unwrap();
    core.organizations().create(org_input("Leeds Dental"), vec![]).await.unwrap();
    let mut in_leeds = org_input("Harbour Clinic");
    in_leeds.address.city = Some("Leeds".into());
    core.organizations().create(in_leeds, vec![]).await.unwrap();
    core.people().create(person_input("Lee", "Leeson")).await.unwrap();

    let order = find(&core, "leeds", SearchKind::Organization, false).await;
    assert_eq!(order, ["Leeds Dental", "Leeds Dental Practice", "The Leeds Bakery", "Harbour Clinic"]);
    assert_eq!(find(&core, "lee den", SearchKind::Organization, false).await[0], "Leeds Dental");
    // Across kinds, the group with the better best hit comes first, whatever the kinds' order:
    // the person's name contains "leeson", the organization only has it as its city.
    let mut in_leeson = org_input("Harbour Clinic Two");
    in_leeson.address.city = Some("Leeson".into());
    core.organizations().create(in_leeson, vec![]).await.unwrap();
    let kinds = |text: &str| {
        let query = SearchQuery { text: text.into(), ..SearchQuery::default() };
        let search = core.search();
        async move { search.run(query).await.unwrap().groups.iter().map(|g| g.kind).collect::<Vec<_>>() }
    };
    assert_eq!(kinds("leeson").await, [SearchKind::Person, SearchKind::Organization]);
    // "Leeds Dental" starts with "lee"; "Lee Leeson" too, and a tie keeps the kinds' order.
    assert_eq!(kinds("lee").await, [SearchKind::Organization, SearchKind::Person]);
}

#[tokio::test]
async fn a_name_that_starts_with_the_words_is_found_however_many_names_contain_them() {
    let core = TestCore::with_me().await;
    core.organizations().create(org_input("Dental Care"), vec![]).await.unwrap();
    // 150 newer names that contain the word: more than the 100 newest title matches ranked.
    for i in 0..150 {
        core.organizations().create(org_input(&format!("Northern Dental {i}")), vec![]).await.unwrap();
    }
    // As the palette asks: 8 hits per kind.
    let first = |text: &str| {
        let query = SearchQuery { text: text.into(), ..SearchQuery::default() };
        let search = core.search();
        async move {
            search.run(query).await.unwrap().groups[0]
                .hits
                .iter()
                .map(|h| h.title.clone())
                .collect::<Vec<_>>()
        }
    };
    let dental = first("dental").await;
    assert_eq!((dental.len(), dental[0].as_str()), (8, "Dental Care"));
    assert_eq!(first("dent car").await, ["Dental Care"]);
}

#[tokio::test]
async fn systems_notes_and_files_are_found_but_never_a_secret() {
    let core = TestCore::with_me().await;
    let org = core.org("Harbour Dental").await;
    let t = core
        .system_types()
        .create(
            SystemTypeInput {
                name: "Firewall".into(),
                fields: vec![
                    FieldInput { id: None, label: "IP".into(), kind: FieldKind::IpAddress, required: false },
                    FieldInput {
                        id: None,
                        label: "Password".into(),
                        kind: FieldKind::Secret,
                        required: false,
                    },
                ],
                confirm_removals: false,
            },
            &core.me().await,
        )
        .await
        .unwrap();
    let planted = "Zebraquokka7731";
    let secrets = if keyring_works() {
        vec![SecretChange { field_id: t.fields[1].id, value: Some(planted.into()) }]
    } else {
        vec![]
    };
    let input = SystemInput {
        organization_id: org.id,
        system_type_id: t.id,
        name: "Edge FW".into(),
        notes: None,
        values: vec![FieldValue { field_id: t.fields[0].id, value: "10.20.30.40".into() }],
        secrets,
    };
    let system = core.systems().create(input, &core.me().await).await.unwrap();
    let subject = NoteSubject::Organization(org.id);
    let note = core
        .notes()
        .create(
            subject,
            NoteInput { body: "Alarm code changed on Friday".into(), ..NoteInput::default() },
            &core.me().await,
        )
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site-map.pdf");
    std::fs::write(&path, b"%PDF").unwrap();
    core.files().attach(Owner::System(system.id), &path, None, 1 << 20).await.unwrap();

    use SearchKind::*;
    assert_eq!(find(&core, "10.20.30", System, false).await, ["Edge FW"]);
    assert_eq!(find(&core, "firew", System, false).await, ["Edge FW"], "the type's name");
    assert_eq!(find(&core, "alarm cod", Note, false).await, ["Alarm code changed on Friday"]);
    assert_eq!(find(&core, "site-m", File, false).await, ["site-map.pdf"]);
    let everything =
        core.search().run(SearchQuery { text: planted.into(), ..SearchQuery::default() }).await.unwrap();
    assert!(everything.groups.is_empty(), "a secret is in the index: {everything:?}");
    let quokka =
        core.search().run(SearchQuery { text: "zebraq".into(), ..SearchQuery::default() }).await.unwrap();
    assert!(quokka.groups.is_empty());

    // Renaming the type re-indexes its systems; deleting a note or a system removes them.
    let renamed = SystemTypeInput { name: "Router".into(), ..common::all_fields_optional(&t) };
    core.system_types().update(t.id, renamed, &core.me().await).await.unwrap();
    assert!(find(&core, "firew", System, false).await.is_empty());
    assert_eq!(find(&core, "router", System, false).await, ["Edge FW"]);
    core.notes().delete(note.id).await.unwrap();
    assert!(find(&core, "alarm", Note, false).await.is_empty());
    core.delete_system(system.id).await.unwrap();
    assert!(find(&core, "10.20", System, false).await.is_empty());
    assert!(find(&core, "site-m", File, false).await.is_empty(), "the system's file went with it");
}

/// A tiny deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "Müller",
    "Mueller",
    "Schröder",
    "Café",
    "Cafe",
    "Garçon",
    "Harbour",
    "Harbor",
    "Dental",
    "Dentist",
    "North",
    "Northern",
    "Leeds",
    "Lee",
    "Acme",
    "Acorn",
    "Zürich",
    "Zurich",
    "Service",
    "Services",
];

/// What the index should find: every query word is a prefix of some word of the text, with
/// case and diacritics ignored.
fn folded_words(text: &str) -> Vec<String> {
    let fold = |c: char| match c {
        'ü' | 'Ü' => 'u',
        'ö' | 'Ö' => 'o',
        'é' | 'É' => 'e',
        'ç' | 'Ç' => 'c',
        other => other.to_ascii_lowercase(),
    };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect())
        .collect()
}

/// Every word typed (split at spaces) must appear in one of the fields as its run of words, the
/// last of them as a prefix: "mul har" finds "Müller Harbour", "ac-1001" finds "AC-1001". The
/// fields are the index's columns: a run does not continue from the name into the city.
fn brute_force_matches(fields: &[&str], query: &str) -> bool {
    let fields: Vec<Vec<String>> = fields.iter().map(|f| folded_words(f)).collect();
    query.split_whitespace().map(folded_words).filter(|q| !q.is_empty()).all(|phrase| {
        let Some((last, whole)) = phrase.split_last() else { return true };
        fields.iter().any(|words| {
            words.windows(phrase.len()).any(|run| {
                whole.iter().zip(run).all(|(q, w)| q == w) && run[whole.len()].starts_with(last.as_str())
            })
        })
    })
}

/// Imports organizations from a semicolon file (matched by name: a row naming an existing
/// organization updates its city), as a user would, through preview and apply.
async fn import_orgs(core: &TestCore, step: usize, rows: &[(String, String)]) {
    let path = core.dir.path().join(format!("import-{step}.csv"));
    let mut text = String::from("Company;City\n");
    for (name, city) in rows {
        text.push_str(&format!("{name};{city}\n"));
    }
    std::fs::write(&path, text).unwrap();
    let options = ImportOptions { match_by: MatchBy::Name, ..ImportOptions::new(ImportKind::Organizations) };
    let preview = core.import().preview(&path, options.clone()).await.unwrap();
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    core.import().apply(&path, request, &core.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap();
}

async fn all_orgs(core: &TestCore) -> Vec<fieldbook_core::organizations::Organization> {
    let filter =
        fieldbook_core::organizations::OrganizationFilter { include_archived: true, ..Default::default() };
    core.organizations().list(filter).await.unwrap()
}

#[tokio::test]
async fn the_index_agrees_with_a_brute_force_scan_through_random_edits() {
    let core = TestCore::with_me().await;
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut orgs = Vec::new();
    let mut notes = Vec::new();
    let mut imports = 0;
    for step in 0..300 {
        match rng.next() % 8 {
            0 | 1 => {
                let name = format!("{} {} {step}", rng.pick(WORDS), rng.pick(WORDS));
                let input = OrganizationInput { dba_name: Some(rng.pick(WORDS).into()), ..org_input(&name) };
                orgs.push(core.organizations().create(input, vec![]).await.unwrap());
            }
            2 if !orgs.is_empty() => {
                let i = (rng.next() % orgs.len() as u64) as usize;
                let mut input = org_input(&format!("{} {}", rng.pick(WORDS), step));
                input.address.city = Some(rng.pick(WORDS).into());
                orgs[i] = core.organizations().update(orgs[i].id, input).await.unwrap();
            }
            3 if !orgs.is_empty() => {
                let i = (rng.next() % orgs.len() as u64) as usize;
                orgs[i] = if orgs[i].archived_at.is_some() {
                    core.organizations().restore(orgs[i].id).await.unwrap()
                } else {
                    core.organizations().archive(orgs[i].id).await.unwrap()
                };
            }
            4 if !orgs.is_empty() => {
                let i = (rng.next() % orgs.len() as u64) as usize;
                let body = format!("{} {} {}", rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS));
                let input = NoteInput { body, ..NoteInput::default() };
                notes.push(
                    core.notes()
                        .create(NoteSubject::Organization(orgs[i].id), input, &core.me().await)
                        .await
                        .unwrap(),
                );
            }
            6 if !orgs.is_empty() => {
                let existing = &orgs[(rng.next() % orgs.len() as u64) as usize];
                let rows = [
                    (existing.name.clone(), rng.pick(WORDS).to_owned()),
                    (
                        format!("{} {} import {step}", rng.pick(WORDS), rng.pick(WORDS)),
                        rng.pick(WORDS).to_owned(),
                    ),
                ];
                import_orgs(&core, step, &rows).await;
                imports += 1;
                orgs = all_orgs(&core).await;
            }
            7 => {
                // Undo is refused when an imported record was edited since; either way the
                // index must agree with the data.
                let _ = core.import().undo_last(&core.me().await).await;
                orgs = all_orgs(&core).await;
            }
            5 if !notes.is_empty() => {
                let i = (rng.next() % notes.len() as u64) as usize;
                if rng.next().is_multiple_of(2) {
                    core.notes().delete(notes.remove(i).id).await.unwrap();
                } else {
                    let input =
                        NoteInput { body: format!("{} again", rng.pick(WORDS)), ..NoteInput::default() };
                    notes[i] = core.notes().update(notes[i].id, input).await.unwrap();
                }
            }
            _ => {}
        }
    }
    let mut queries: BTreeSet<String> = BTreeSet::new();
    for w in WORDS {
        let lower = w.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        queries.insert(chars[..2.min(chars.len())].iter().collect());
        queries.insert(chars[..4.min(chars.len())].iter().collect());
        queries.insert(lower.clone());
    }
    queries.insert("mul har".into());
    queries.insert("cafe dent".into());
    queries.insert("harbour-dent".into());
    queries.insert("dental leeds".into());
    queries.insert("import 1".into());
    let mut non_empty = 0;
    for q in &queries {
        for archived in [false, true] {
            let expected: BTreeSet<String> = orgs
                .iter()
                .filter(|o| archived || o.archived_at.is_none())
                .filter(|o| {
                    let other = [o.dba_name.as_deref(), o.address.city.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    brute_force_matches(&[&o.name, &other], q)
                })
                .map(|o| o.name.clone())
                .collect();
            let got: BTreeSet<String> =
                find(&core, q, SearchKind::Organization, archived).await.into_iter().collect();
            assert_eq!(got, expected, "organizations for {q:?} (archived: {archived})");
            non_empty += usize::from(!expected.is_empty());
        }
        let expected: BTreeSet<String> =
            notes.iter().filter(|n| brute_force_matches(&[&n.body], q)).map(|n| n.body.clone()).collect();
        let got: BTreeSet<String> = find(&core, q, SearchKind::Note, true).await.into_iter().collect();
        assert_eq!(got, expected, "notes for {q:?}");
        non_empty += usize::from(!expected.is_empty());
    }
    assert!(imports > 10, "too few imports ({imports})");
    assert!(non_empty > 40, "too few queries found anything ({non_empty}): the comparison proves little");
}

#[tokio::test]
async fn the_demo_data_set_is_searchable_and_deterministic() {
    let core = TestCore::with_me().await;
    let mut reported = Vec::new();
    let counts = core.demo().generate(60, 7, |done| reported.push(done)).await.unwrap();
    assert_eq!(counts.organizations, 60);
    assert!(counts.people >= 60 && counts.notes >= 300 && counts.systems > 20, "{counts:?}");
    assert_eq!(reported.last(), Some(&60));
    // The lists' counts (for the virtual lists' scrollbars) agree.
    assert_eq!(core.organizations().count(Default::default()).await.unwrap(), 60);
    assert_eq!(core.people().count(Default::default()).await.unwrap(), counts.people);
    let leeds = fieldbook_core::organizations::OrganizationFilter {
        text: Some("leeds".into()),
        ..Default::default()
    };
    let listed = core.organizations().list(leeds.clone()).await.unwrap().len() as u64;
    assert_eq!(core.organizations().count(leeds).await.unwrap(), listed);
    // Sites hang off parents; every organization has people.
    let orgs = core.organizations().list(Default::default()).await.unwrap();
    assert!(orgs.iter().any(|o| o.parent.is_some()), "no sites generated");
    let query = SearchQuery {
        text: "D0000001".into(),
        kinds: vec![SearchKind::Organization],
        ..SearchQuery::default()
    };
    let found = core.search().run(query).await.unwrap();
    assert_eq!(found.groups[0].hits.len(), 1, "account numbers are searchable");

    let again = TestCore::with_me().await;
    again.demo().generate(60, 7, |_| {}).await.unwrap();
    let names = |list: Vec<fieldbook_core::organizations::Organization>| {
        list.into_iter().map(|o| o.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(again.organizations().list(Default::default()).await.unwrap()),
        names(orgs),
        "same seed, same data"
    );
}

#[tokio::test]
async fn rebuilding_the_index_gives_what_the_triggers_wrote() {
    let core = TestCore::with_me().await;
    core.demo().generate(40, 11, |_| {}).await.unwrap();
    let orgs = all_orgs(&core).await;
    // A merged organization and person (no document), an archived one, a file's name.
    let merge = fieldbook_core::merge::OrganizationMerge {
        keep: orgs[0].id,
        merge: orgs[1].id,
        choices: Default::default(),
    };
    core.merge().organizations(merge, &core.me().await).await.unwrap();
    core.organizations().archive(orgs[2].id).await.unwrap();
    let people = core.people().list(Default::default()).await.unwrap();
    let merge = fieldbook_core::merge::PersonMerge {
        keep: people[0].id,
        merge: people[1].id,
        choices: Default::default(),
    };
    core.merge().people(merge, &core.me().await).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Rack layout.pdf");
    std::fs::write(&path, b"%PDF").unwrap();
    core.files().attach(Owner::Organization(orgs[3].id), &path, None, 1 << 20).await.unwrap();
    // Custom text values end their records' documents (an archived field's do not).
    use fieldbook_core::custom_fields::{CustomFieldInput, CustomKind, CustomRecord, CustomValue};
    let me = core.me().await;
    let field = |record, label: &str| CustomFieldInput {
        record,
        label: label.into(),
        kind: CustomKind::Text,
        ..CustomFieldInput::default()
    };
    let courier =
        core.custom_fields().create(field(CustomRecord::Organization, "Courier"), &me).await.unwrap();
    let alarm =
        core.custom_fields().create(field(CustomRecord::Organization, "Alarm panel"), &me).await.unwrap();
    let badge = core.custom_fields().create(field(CustomRecord::Person, "Badge"), &me).await.unwrap();
    let value = |field_id, value: &str| CustomValue { field_id, value: value.into() };
    let org = core.organizations().get(orgs[4].id).await.unwrap();
    let input = common::team::input_of(&org);
    let custom = Some(vec![value(courier.id, "Parcelforce"), value(alarm.id, "Behind reception")]);
    core.organizations().update(org.id, OrganizationInput { custom, ..input }).await.unwrap();
    let person = &people[2];
    let input = PersonInput {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        organization_id: person.organization.as_ref().map(|o| o.id),
        custom: Some(vec![value(badge.id, "Visitor 7")]),
        ..PersonInput::default()
    };
    core.people().update(person.id, input).await.unwrap();
    core.custom_fields().remove(alarm.id, true, &me).await.unwrap();
    let words = [
        "ac", "leeds", "0113", "firewall", "rack", "d000001", "x", "10.", "smith", "call", "parcelf",
        "visitor",
    ];
    let mut found = Vec::new();
    for word in words {
        for kind in SearchKind::ALL {
            found.push(find(&core, word, kind, true).await);
        }
    }
    let written = search_documents(&core).await;
    assert!(written.len() > 300, "the demo set is too small to compare ({})", written.len());

    core.search().rebuild_index().await.unwrap();
    assert_eq!(search_documents(&core).await, written);
    let mut again = Vec::new();
    for word in words {
        for kind in SearchKind::ALL {
            again.push(find(&core, word, kind, true).await);
        }
    }
    assert_eq!(again, found);
    assert!(found.iter().filter(|f| !f.is_empty()).count() > 10, "too few searches found anything");
    // The triggers are back: a new record is found at once.
    core.org("Quillfeather Surveys").await;
    assert_eq!(find(&core, "quillf", SearchKind::Organization, false).await, ["Quillfeather Surveys"]);
}
