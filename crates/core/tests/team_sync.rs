//! Team sync end to end in the core: machines with their own SQLite files on one real
//! PostgreSQL server (started per test) — publishing, joining, edits both ways, conflicts and
//! their resolution, unique values across machines, deletes, a restored server, schema skew.

mod common;

use common::team::{TeamServer, assert_same, dump, input_of};
use common::{TestCore, assert_invalid, schema_objects, search_documents};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::organizations::OrganizationInput;
use fieldbook_core::search::SearchQuery;
use fieldbook_core::sync::server;
use fieldbook_core::sync::team::{Fault, Resolution};

/// A machine with records (an admin, two organizations, a person, a note) that publishes.
async fn first_machine(team: &TeamServer) -> TestCore {
    let a = TestCore::with_me().await;
    let acme = a.org_in("Acme Dental", "Leeds").await;
    a.person_at(&acme, "Jo", "Bloggs").await;
    a.org("Bolt Logistics").await;
    let me = a.me().await;
    a.notes()
        .create(
            NoteSubject::Organization(acme.id),
            NoteInput { body: "Alarm code changed".into(), ..Default::default() },
            &me,
        )
        .await
        .unwrap();
    let report = a.team().publish(&team.url, "pw").await.unwrap();
    assert!(report.pushed >= 5, "{report:?}");
    a
}

async fn org_named(core: &TestCore, name: &str) -> fieldbook_core::organizations::Organization {
    let all = core.organizations().list(Default::default()).await.unwrap();
    all.into_iter().find(|o| o.name == name).unwrap_or_else(|| panic!("{name} is not on this machine"))
}

#[tokio::test]
async fn a_machine_publishes_another_joins_and_edits_travel_both_ways() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let status = a.team().status().await.unwrap();
    assert!(
        status.joined && status.waiting == 0 && status.url.as_deref().is_some_and(|u| !u.contains(":pw@")),
        "{status:?}"
    );

    let b = TestCore::new().await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    let report = b
        .team()
        .with_progress(move |p| sink.lock().unwrap().push(p))
        .join(&team.url, "pw", false)
        .await
        .unwrap();
    assert!(report.pulled >= 5, "{report:?}");
    // The download reported how far it came.
    let last = *seen.lock().unwrap().last().expect("no progress reported");
    assert_eq!(last.received, report.pulled);
    assert!(last.of_about >= last.received, "{last:?}");
    assert_same(&a, &b).await;
    // The joined machine's search index knows the pulled records.
    let hits = b.search().run(SearchQuery { text: "alarm".into(), ..Default::default() }).await.unwrap();
    assert_eq!(hits.groups.iter().map(|g| g.hits.len()).sum::<usize>(), 1, "{hits:?}");

    // Different fields of the same organization on two machines: both apply.
    let acme_a = org_named(&a, "Acme Dental").await;
    let mut input = input_of(&acme_a);
    input.phone = Some("0113 496 0000".into());
    a.organizations().update(acme_a.id, input).await.unwrap();
    let mut input = input_of(&org_named(&b, "Acme Dental").await);
    input.website = Some("acme.example".into());
    b.organizations().update(acme_a.id, input).await.unwrap();
    assert_eq!(b.team().status().await.unwrap().waiting, 1);
    a.team().sync().await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    let merged = org_named(&a, "Acme Dental").await;
    assert_eq!(
        (merged.phone.as_deref(), merged.website.as_deref()),
        (Some("0113 496 0000"), Some("acme.example"))
    );
    assert_same(&a, &b).await;

    // A note deleted on one machine is gone on the other.
    let notes = b.notes().list(NoteSubject::Organization(acme_a.id)).await.unwrap();
    b.notes().delete(notes[0].id).await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    assert!(a.notes().list(NoteSubject::Organization(acme_a.id)).await.unwrap().is_empty());
    assert_same(&a, &b).await;
    assert_eq!(a.team().status().await.unwrap().conflicts, 0);
}

#[tokio::test]
async fn the_same_field_changed_on_two_machines_is_a_conflict_resolved_in_either() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let b = TestCore::new().await;
    b.team().join(&team.url, "pw", false).await.unwrap();
    let id = org_named(&a, "Bolt Logistics").await.id;

    let mut input = input_of(&org_named(&a, "Bolt Logistics").await);
    input.name = "Bolt Logistics Ltd".into();
    a.organizations().update(id, input).await.unwrap();
    let mut input = input_of(&org_named(&b, "Bolt Logistics").await);
    input.name = "Bolt Freight".into();
    b.organizations().update(id, input).await.unwrap();
    a.team().sync().await.unwrap();
    let report = b.team().sync().await.unwrap();
    assert_eq!(report.conflicts, 1, "{report:?}");
    a.team().sync().await.unwrap();
    // The server kept the first value everywhere; both machines list the conflict.
    assert_eq!(b.organizations().get(id).await.unwrap().name, "Bolt Logistics Ltd");
    assert_same(&a, &b).await;
    let conflicts = a.team().conflicts(false).await.unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!((c.kind.as_str(), c.table.as_str(), c.field.as_str()), ("edit", "organizations", "name"));
    assert_eq!((c.mine.as_str(), c.theirs.as_str()), (Some("Bolt Freight"), Some("Bolt Logistics Ltd")));
    assert_eq!(c.record.as_deref(), Some("Bolt Logistics Ltd"));
    assert_eq!(c.actor, None, "the joined machine had not chosen who uses it");

    // Resolved on A with B's value: it syncs as an edit, and the conflict closes everywhere.
    a.team().resolve(&c.id, Resolution::Mine).await.unwrap();
    assert_invalid(a.team().resolve(&c.id, Resolution::Theirs).await, "conflict", "already resolved");
    a.team().sync().await.unwrap();
    b.team().sync().await.unwrap();
    assert_eq!(b.organizations().get(id).await.unwrap().name, "Bolt Freight");
    assert!(b.team().conflicts(false).await.unwrap().is_empty());
    assert_eq!(b.team().conflicts(true).await.unwrap().len(), 1);
    assert_same(&a, &b).await;
}

#[tokio::test]
async fn an_account_number_taken_on_two_laptops_and_archive_versus_edit_are_conflicts() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let b = TestCore::with_me().await;
    b.team().join(&team.url, "pw", false).await.unwrap();
    // B's own "Ann Admin" is the team's: this machine's user is mapped by name.
    assert_eq!(b.staff().me().await.unwrap().unwrap().name, "Ann Admin");

    let mut first = common::org_input("Crane Hire");
    first.account_number = Some("C-100".into());
    a.organizations().create(first, vec![]).await.unwrap();
    let mut second = common::org_input("Crane Services");
    second.account_number = Some("C-100".into());
    let late = b.organizations().create(second, vec![]).await.unwrap();
    a.team().sync().await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    let saved = b.organizations().get(late.id).await.unwrap();
    assert_eq!(saved.account_number, None, "saved without the number taken elsewhere");
    let conflict = &b.team().conflicts(false).await.unwrap()[0];
    assert_eq!((conflict.kind.as_str(), conflict.mine.as_str()), ("unique", Some("C-100")));
    assert_eq!(conflict.actor.as_deref(), Some("Ann Admin"));
    // Taking "mine" while the other organization holds it is refused with a sentence.
    assert_invalid(b.team().resolve(&conflict.id, Resolution::Mine).await, "conflict", "already used");
    b.team().resolve(&conflict.id, Resolution::Value("C-101".into())).await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    assert_eq!(a.organizations().get(late.id).await.unwrap().account_number.as_deref(), Some("C-101"));

    // Archived on A while B (not having seen it) edits: the edit applies, the archive stays,
    // and a conflict asks whether it should be restored.
    let acme = org_named(&a, "Acme Dental").await;
    a.organizations().archive(acme.id).await.unwrap();
    a.team().sync().await.unwrap();
    let mut input = input_of(&b.organizations().get(acme.id).await.unwrap());
    input.email = Some("front@acme.example".into());
    b.organizations().update(acme.id, input).await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    let now = a.organizations().get(acme.id).await.unwrap();
    assert!(now.archived_at.is_some());
    assert_eq!(now.email.as_deref(), Some("front@acme.example"));
    let kinds: Vec<String> = a.team().conflicts(false).await.unwrap().into_iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["archive"]);
    assert_same(&a, &b).await;
}

#[tokio::test]
async fn joining_a_machine_with_its_own_records_needs_consent_and_makes_a_backup() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let b = TestCore::with_me().await;
    b.org("Our own customer").await;
    assert_invalid(b.team().join(&team.url, "pw", false).await, "replace", "(1 organization)");
    assert!(!b.team().status().await.unwrap().joined);
    b.team().join(&team.url, "pw", true).await.unwrap();
    let backups: Vec<_> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("before-joining-a-team-"))
        .collect();
    assert_eq!(backups.len(), 1);
    assert_same(&a, &b).await;
    // A second publish or join is refused while in a team.
    assert_invalid(b.team().publish(&team.url, "pw").await, "team", "already in a team");
    // Publishing to a server that holds data is refused.
    let c = TestCore::new().await;
    assert_invalid(c.team().publish(&team.url, "pw").await, "url", "join it instead");
}

#[tokio::test]
async fn a_restored_server_stops_sync_and_a_skewed_schema_is_a_sentence() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    // A backup of the server now (its tables copied), then more work reaches it…
    let admin = team.admin().await;
    for table in ["records", "changes", "counter"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE TABLE public.bk_{table} AS SELECT * FROM fieldbook.{table}"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
    a.org("Crane Hire").await;
    a.team().sync().await.unwrap();
    let before = dump(&a).await;
    // …and the server is restored from that backup: what this machine saw last is gone.
    for table in ["records", "changes", "counter"] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DELETE FROM fieldbook.{table}; INSERT INTO fieldbook.{table} SELECT * FROM public.bk_{table}"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
    let mut input = input_of(&org_named(&a, "Bolt Logistics").await);
    input.address.city = Some("Hull".into());
    a.organizations().update(org_named(&a, "Bolt Logistics").await.id, input).await.unwrap();
    assert_invalid(a.team().sync().await, "team", "restored from an older backup");
    let status = a.team().status().await.unwrap();
    assert!(status.stopped.is_some() && status.waiting == 1, "{status:?}");
    assert_eq!(dump(&a).await.len(), before.len(), "nothing rewound");
    // Downloading again sends the waiting change to the server as it now is, then replaces this
    // machine's data with the server's (after a backup).
    let report = a.team().download_again().await.unwrap();
    let status = a.team().status().await.unwrap();
    assert!(status.stopped.is_none() && status.waiting == 0, "{status:?} {report:?}");
    assert_eq!(org_named(&a, "Bolt Logistics").await.address.city.as_deref(), Some("Hull"));
    // What reached only the lost part of the server is gone from it, and from here now (the
    // backup made before the download keeps it).
    assert!(a.organizations().list(Default::default()).await.unwrap().iter().all(|o| o.name != "Crane Hire"));
    a.team().sync().await.unwrap();

    // An older server schema: this Fieldbook refuses to write until it is upgraded.
    sqlx::query("UPDATE fieldbook.meta SET value = '1' WHERE key = 'schema'").execute(&admin).await.unwrap();
    let e = server::check_schema(&server::info(&admin).await.unwrap()).unwrap_err();
    assert!(e.to_string().contains("team upgrade"), "{e}");
}

#[tokio::test]
async fn a_system_syncs_with_its_secret_label_but_never_the_value() {
    use fieldbook_core::secrets::{OsKeyring, SecretStore};
    use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
    use fieldbook_core::systems::{FieldValue, SecretChange, SecretUse, SystemInput};
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let field = |label: &str, kind| FieldInput { id: None, label: label.into(), kind, required: false };
    let input = SystemTypeInput {
        name: "Router".into(),
        fields: vec![field("IP address", FieldKind::IpAddress), field("Password", FieldKind::Secret)],
        confirm_removals: false,
    };
    let t = a.system_types().create(input, &a.me().await).await.unwrap();
    let acme = org_named(&a, "Acme Dental").await;
    let system = SystemInput {
        organization_id: acme.id,
        system_type_id: t.id,
        name: "Gateway".into(),
        notes: None,
        values: vec![FieldValue { field_id: t.fields[0].id, value: "192.168.1.1".into() }],
        secrets: vec![SecretChange { field_id: t.fields[1].id, value: Some("Tr0ub4dor&3-sync".into()) }],
    };
    let system = a.systems().create(system, &a.me().await).await.unwrap();
    let secret_id = system.fields[1].secret.as_ref().unwrap().id;
    a.team().sync().await.unwrap();

    // Nothing on the server holds the value.
    let admin = team.admin().await;
    let leaked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM fieldbook.records WHERE fields::text LIKE '%Tr0ub4dor%'")
            .fetch_one(&admin)
            .await
            .unwrap();
    assert_eq!(leaked, 0);

    let b = TestCore::with_me().await;
    b.team().join(&team.url, "pw", false).await.unwrap();
    let there = b.systems().get(system.id).await.unwrap();
    assert_eq!(there.fields[0].value.as_deref(), Some("192.168.1.1"));
    assert_eq!(
        there.fields[1].secret.as_ref().map(|s| s.id),
        Some(secret_id),
        "the label and reference sync"
    );
    // On another machine the keyring has no such entry (one keyring serves both here: remove it).
    OsKeyring.delete(secret_id).unwrap();
    let e = b.systems().read_secret(secret_id, SecretUse::Reveal, &b.me().await).await.unwrap_err();
    assert!(e.to_string().contains("saved on another machine"), "{e}");
}

#[tokio::test]
async fn files_go_up_before_their_rows_come_down_when_kept_offline_or_opened_and_a_cut_upload_resumes() {
    use fieldbook_core::files::Owner;
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let acme = org_named(&a, "Acme Dental").await;
    // Just over two parts: uploaded in three.
    let big: Vec<u8> = (0..(2 * 1024 * 1024 + 10)).map(|i| (i % 251) as u8).collect();
    let source = a.dir.path().join("site map.pdf");
    std::fs::write(&source, &big).unwrap();
    let map = a.files().attach(Owner::Organization(acme.id), &source, None, 100 << 20).await.unwrap();
    std::fs::write(&source, b"small backup").unwrap();
    let small = a
        .files()
        .attach(Owner::Organization(acme.id), &source, Some("backup.cfg".into()), 100 << 20)
        .await
        .unwrap();

    // A cut upload: the server holds the first part only; the next sync sends the rest.
    let admin = team.admin().await;
    let part: Vec<u8> = big[..1024 * 1024].to_vec();
    let state: String = sqlx::query_scalar("SELECT fieldbook.blob_put($1, 0, 3, $2)")
        .bind(&map.sha256)
        .bind(part)
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(state, "partial");
    // Wrong contents under a hash are refused by the server.
    let wrong = sqlx::query_scalar::<_, String>("SELECT fieldbook.blob_put($1, 0, 1, $2)")
        .bind("0".repeat(64))
        .bind(b"not that".to_vec())
        .fetch_one(&admin)
        .await
        .unwrap_err();
    assert!(wrong.to_string().contains("arrived damaged"), "{wrong}");
    a.team().sync().await.unwrap();
    let stored: i64 = sqlx::query_scalar("SELECT size FROM fieldbook.blobs WHERE sha256 = $1")
        .bind(&map.sha256)
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(stored, big.len() as i64);

    // B keeps files offline (the default): both arrive with the sync.
    let b = TestCore::with_me().await;
    let report = b.team().join(&team.url, "pw", false).await.unwrap();
    assert_eq!(report.files, 2, "{report:?}");
    assert_eq!(std::fs::read(b.files().contents_path(map.id).await.unwrap()).unwrap(), big);

    // C keeps none offline: a file is fetched when it is opened.
    let c = TestCore::with_me().await;
    c.team().set_offline_files(false, 50).await.unwrap();
    let report = c.team().join(&team.url, "pw", false).await.unwrap();
    assert_eq!(report.files, 0);
    let path = c.files().contents_path(small.id).await.unwrap();
    assert!(!path.exists());
    c.team().ensure_file(&small.sha256).await.unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"small backup");
}

#[tokio::test]
async fn a_member_removed_while_offline_is_refused_with_a_sentence_and_keeps_the_changes() {
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let admin = team.admin().await;
    let password = server::add_member(&admin, "ben_field", false).await.unwrap();
    let ben_url = team.url.replace("fieldbook_admin:pw@", "ben_field@");
    let b = TestCore::with_me().await;
    b.team().join(&ben_url, &password, false).await.unwrap();
    let acme = org_named(&b, "Acme Dental").await;
    let mut input = input_of(&acme);
    input.phone = Some("0113 000 0000".into());
    b.organizations().update(acme.id, input).await.unwrap();

    server::remove_member(&admin, "ben_field").await.unwrap();
    assert_invalid(b.team().sync().await, "url", "removed from the team");
    let status = b.team().status().await.unwrap();
    assert_eq!((status.waiting, status.offline), (1, false), "{status:?}");
    let file = b.dir.path().join("outbox.json");
    assert_eq!(b.team().export_outbox(&file).await.unwrap(), 2, "the phone and its change time");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("0113 000 0000") && text.contains("\"organizations\""), "{text}");
    // Nothing reached the others.
    a.team().sync().await.unwrap();
    assert_eq!(a.organizations().get(acme.id).await.unwrap().phone, None);
}

#[tokio::test]
async fn invoice_numbers_come_from_the_server_and_issued_invoices_stay_as_issued() {
    use fieldbook_core::invoices::{ManualInvoice, ManualLine};
    let Some(team) = TeamServer::start().await else { return };
    let a = first_machine(&team).await;
    let b = TestCore::with_me().await;
    b.team().join(&team.url, "pw", false).await.unwrap();
    let acme = org_named(&a, "Acme Dental").await;
    let manual = |org| ManualInvoice {
        organization_id: Some(org),
        issue_date: "2026-11-30".into(),
        lines: vec![ManualLine { description: "Call-out".into(), amount: 9500 }],
    };
    // Both machines issue without syncing in between: the numbers still run on.
    let first = a.invoices().create_manual(manual(acme.id), &a.me().await).await.unwrap();
    let second = b.invoices().create_manual(manual(acme.id), &b.me().await).await.unwrap();
    let third = a.invoices().create_manual(manual(acme.id), &a.me().await).await.unwrap();
    let numbers = [&first.number, &second.number, &third.number].map(|n| n[n.len() - 5..].to_owned());
    assert_eq!(numbers, ["00001", "00002", "00003"]);
    a.team().sync().await.unwrap();
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    assert_same(&a, &b).await;

    // An issued invoice changed behind the app's back on one machine is refused by the server.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", b.database_path().display())).await.unwrap();
    sqlx::query("DROP TRIGGER invoices_immutable").execute(&raw).await.unwrap();
    sqlx::query("UPDATE invoices SET issue_date = '2020-01-01' WHERE number = ?")
        .bind(&second.number)
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    b.team().sync().await.unwrap();
    a.team().sync().await.unwrap();
    assert_eq!(a.invoices().by_number(&second.number).await.unwrap().issue_date, "2026-11-30");
    // (B's own copy keeps what was done behind the app's back: fixed columns are never
    // rewritten on a machine, where SQLite's triggers guard them.)
    let kinds: Vec<String> = a.team().conflicts(false).await.unwrap().into_iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["immutable"]);

    // A void made on one machine reaches the other; no pulled invoice row is left waiting.
    b.invoices().void(first.id, "Sent twice", "2026-11-30", &b.me().await).await.unwrap();
    let report = b.team().sync().await.unwrap();
    assert_eq!(report.waiting_to_apply, 0, "{report:?}");
    let report = a.team().sync().await.unwrap();
    assert_eq!(report.waiting_to_apply, 0, "{report:?}");
    assert_eq!(a.invoices().get(first.id).await.unwrap().void_reason.as_deref(), Some("Sent twice"));

    // Offline, issuing an invoice says why it cannot, and nothing is written.
    drop(team);
    let e = a.invoices().create_manual(manual(acme.id), &a.me().await).await.unwrap_err();
    assert!(e.to_string().contains("invoice numbers come from the team server"), "{e}");
    assert_eq!(a.invoices().list(acme.id).await.unwrap().len(), 3);
}

/// Asserts a schema is `expected`, naming what is missing or extra (the first lines of each).
fn assert_schema(actual: Vec<String>, expected: &[String], what: &str) {
    let first_line = |s: &&String| s.lines().next().unwrap_or_default().to_owned();
    let missing: Vec<String> =
        expected.iter().filter(|o| !actual.contains(o)).map(|o| first_line(&o)).collect();
    let extra: Vec<String> =
        actual.iter().filter(|o| !expected.contains(o)).map(|o| first_line(&o)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{what}: missing {missing:?}, extra {extra:?}");
}

/// A large download sets the plain indexes and the search triggers aside and builds them once at
/// the end: it ends with the same rows, schema and search index as a download row by row. One
/// killed midway has them put back when the database is next opened, and carries on.
#[tokio::test]
async fn a_download_in_bulk_ends_as_one_row_by_row_and_a_killed_one_is_repaired_at_open() {
    let Some(team) = TeamServer::start().await else { return };
    let a = TestCore::with_me().await;
    a.demo().generate(30, 5, |_| {}).await.unwrap();
    a.team().publish(&team.url, "pw").await.unwrap();
    let bulk = TestCore::new().await;
    let schema = schema_objects(&bulk).await;
    bulk.team().with_bulk(Some(true)).join(&team.url, "pw", false).await.unwrap();
    let by_row = TestCore::new().await;
    by_row.team().with_bulk(Some(false)).join(&team.url, "pw", false).await.unwrap();
    assert_same(&bulk, &by_row).await;
    assert_schema(schema_objects(&bulk).await, &schema, "the schema is whole again");
    let documents = search_documents(&by_row).await;
    assert!(documents.len() > 200, "too few documents to compare ({})", documents.len());
    assert_eq!(search_documents(&bulk).await, documents);
    let hits =
        bulk.search().run(SearchQuery { text: "d0000001".into(), ..Default::default() }).await.unwrap();
    assert_eq!(hits.groups.len(), 1, "{hits:?}");
    // The FTS5 indexes were built beside the database and copied in: sound, the same hits as the
    // ones kept current row by row, no files left over, and they take edits as before.
    fts_integrity(&bulk).await;
    for text in search_words(&by_row).await {
        assert_eq!(found(&bulk, &text).await, found(&by_row, &text).await, "searching {text:?}");
    }
    let folder = bulk.database_path().parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("-search-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let org = bulk.organizations().list(Default::default()).await.unwrap().remove(0);
    let renamed = OrganizationInput { name: "Zwolinski Surveys".into(), ..input_of(&org) };
    bulk.organizations().update(org.id, renamed).await.unwrap();
    assert_eq!(found(&bulk, "zwolinski surv").await, vec![uuid::Uuid::from(org.id)]);
    assert!(!found(&bulk, &org.name).await.contains(&org.id.into()), "the old name is out of the index");
    fts_integrity(&bulk).await;

    // More records on the first machine; the download is killed after its first page.
    let org = a.org("Quillfeather Surveys").await;
    let me = a.me().await;
    for i in 0..30 {
        let note = NoteInput { body: format!("Visit {i} went well"), ..Default::default() };
        a.notes().create(NoteSubject::Organization(org.id), note, &me).await.unwrap();
    }
    a.team().sync().await.unwrap();
    let pool = team.admin().await;
    let e = bulk.team().with_bulk(Some(true)).sync_with_fault(&pool, Fault::KilledMidPull).await.unwrap_err();
    assert!(e.to_string().contains("lost"), "{e}");
    let aside = schema_objects(&bulk).await;
    assert!(aside.len() + 50 < schema.len(), "the indexes are aside while the download runs");
    let path = bulk.database_path().to_owned();
    bulk.close().await;
    let reopened = fieldbook_core::Core::open(&path).await.unwrap();
    assert_schema(schema_objects(&reopened).await, &schema, "put back at the next open");
    reopened.team().sync().await.unwrap();
    by_row.team().sync().await.unwrap();
    assert_eq!(search_documents(&reopened).await, search_documents(&by_row).await);
    let found =
        reopened.search().run(SearchQuery { text: "quillf".into(), ..Default::default() }).await.unwrap();
    assert_eq!(found.groups.len(), 1, "{found:?}");
}

/// Fails unless every kind's FTS5 index agrees with its documents (FTS5's integrity check).
async fn fts_integrity(core: &TestCore) {
    use sqlx::ConnectOptions;
    let mut conn =
        sqlx::sqlite::SqliteConnectOptions::new().filename(core.database_path()).connect().await.unwrap();
    for kind in ["organization", "person", "system", "note", "file"] {
        let fts = format!("search_fts_{kind}");
        sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{fts}: {e}"));
    }
}

/// Words to search for, from the documents: a word of some titles and bodies, and the last six
/// digits of some phone numbers.
async fn search_words(core: &TestCore) -> Vec<String> {
    let mut words = Vec::new();
    for document in search_documents(core).await.iter().step_by(17) {
        let fields: Vec<&str> = document.split('|').collect();
        let (title, body, digits) = (fields[3], fields[4], fields[5]);
        words.extend(title.split_whitespace().next().map(str::to_owned));
        words.extend(body.split_whitespace().nth(1).map(|w| w.chars().take(4).collect::<String>()));
        if let Some(number) = digits.split_whitespace().next().filter(|d| d.len() >= 6) {
            words.push(number[number.len() - 6..].to_owned());
        }
    }
    assert!(words.len() > 20, "too few words to search for: {words:?}");
    words
}

/// The records `text` finds (every kind, archived too), as a sorted list of ids.
async fn found(core: &TestCore, text: &str) -> Vec<uuid::Uuid> {
    let query =
        SearchQuery { text: text.into(), include_archived: true, limit: Some(200), ..Default::default() };
    let results = core.search().run(query).await.unwrap();
    let mut ids: Vec<uuid::Uuid> = results.groups.iter().flat_map(|g| g.hits.iter().map(|h| h.id)).collect();
    ids.sort();
    ids
}
