//! The email log: .eml files recorded on a person, in their stream and their organization's,
//! with their files kept as the person's attachments; duplicates and non-emails.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::files::Owner;
use fieldbook_core::notes::NoteSubject;
use fieldbook_core::stream::{StreamKind, StreamQuery};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/email");

fn emails_of(subject: NoteSubject) -> StreamQuery {
    StreamQuery { subject, include_related: false, kinds: vec![StreamKind::Email], before: None, limit: None }
}

#[tokio::test]
async fn dropped_emails_land_in_both_streams_with_their_files_and_once_only() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let acme = t.org("Northwind Ltd").await;
    let ann = t.person_at(&acme, "Kateřina", "Nováková").await;
    let files = vec![format!("{FIXTURES}/thunderbird.eml").into(), format!("{FIXTURES}/outlook.eml").into()];
    let done = t.emails().record(ann.id, files, &me).await.unwrap();
    assert_eq!(done.recorded.len(), 2);
    assert!(done.already_recorded.is_empty());

    let report = &done.recorded[0];
    assert_eq!(report.subject.as_deref(), Some("Signed service report for the Leeds site"));
    assert_eq!(report.from.as_ref().map(|f| f.address.as_str()), Some("katerina@northwind.example"));
    assert_eq!(report.sent_at.as_deref(), Some("2026-11-28T17:42:07Z"));
    assert_eq!(report.cc[0].address, "accounts@northwind.example");
    assert_eq!(report.recorded_by.as_deref(), Some("Ann Admin"));
    assert_eq!(report.file_name.as_deref(), Some("thunderbird.eml"));
    assert_eq!(report.attachments.len(), 1);
    assert_eq!(report.attachments[0].name, "Servisní zpráva – Leeds, listopad 2026.pdf");

    // The file is the person's attachment, byte for byte.
    let attached = t.files().list(Owner::Person(ann.id)).await.unwrap();
    let pdf = attached.iter().find(|a| a.name.ends_with(".pdf")).unwrap();
    let stored = std::fs::read(t.files().contents_path(pdf.id).await.unwrap()).unwrap();
    assert_eq!(stored, std::fs::read(format!("{FIXTURES}/thunderbird-report.pdf")).unwrap());

    // In her stream and her organization's, newest first.
    let line =
        "Signed service report for the Leeds site — from Kateřina Nováková <katerina@northwind.example>";
    for subject in [NoteSubject::Person(ann.id), NoteSubject::Organization(acme.id)] {
        let page = t.stream().page(emails_of(subject)).await.unwrap();
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.entries[1].body, line);
        assert_eq!(page.entries[1].ref_id.as_deref(), Some(report.id.to_string().as_str()));
    }
    assert_eq!(t.emails().get(report.id).await.unwrap(), *report);

    // The same messages again: recognised by Message-ID, nothing added.
    let again = vec![format!("{FIXTURES}/outlook.eml").into()];
    let done = t.emails().record(ann.id, again, &me).await.unwrap();
    assert!(done.recorded.is_empty());
    assert_eq!(done.already_recorded, ["outlook.eml"]);
    assert_eq!(t.stream().page(emails_of(NoteSubject::Person(ann.id))).await.unwrap().entries.len(), 2);
}

#[tokio::test]
async fn a_file_that_is_not_an_email_stops_the_drop_with_its_name() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let acme = t.org("Acme").await;
    let bob = t.person_at(&acme, "Bob", "Stone").await;
    let files = vec![
        format!("{FIXTURES}/apple-mail.eml").into(),
        format!("{FIXTURES}/thunderbird-report.pdf").into(),
    ];
    assert_invalid(t.emails().record(bob.id, files, &me).await, "file", "“thunderbird-report.pdf”");
    assert!(t.stream().page(emails_of(NoteSubject::Person(bob.id))).await.unwrap().entries.is_empty());
    assert!(t.files().list(Owner::Person(bob.id)).await.unwrap().is_empty());

    // "Write email" is recorded; without an address it is refused.
    assert_invalid(t.emails().started(bob.id, &me).await, "email", "no email address");
}
