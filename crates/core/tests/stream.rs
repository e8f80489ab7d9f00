//! The activity stream: posts and comments, the entries every area writes for what happened,
//! paging newest first, the kind filter, and an organization's stream with its sites and people.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::service::tickets::{TicketInput, TicketStatus};
use fieldbook_core::staff::Role;
use fieldbook_core::stream::{StreamKind, StreamQuery};

fn query(subject: NoteSubject) -> StreamQuery {
    StreamQuery { subject, include_related: false, kinds: vec![], before: None, limit: None }
}

async fn bodies(t: &TestCore, q: StreamQuery) -> Vec<String> {
    t.stream().page(q).await.unwrap().entries.into_iter().map(|e| e.body).collect()
}

#[tokio::test]
async fn posts_comments_and_what_happened_newest_first() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let acme = t.org("Acme").await;
    let subject = NoteSubject::Organization(acme.id);
    let post = t.stream().post(subject, "  Renewal meeting went well <b>really</b>  ", &me).await.unwrap();
    assert_eq!(post.body, "Renewal meeting went well <b>really</b>", "plain text, trimmed, stored as typed");
    assert_eq!(post.actor.as_deref(), Some("Ann Admin"));
    let bob = t.colleague("Bob", Role::Technician).await;
    let commented = t.stream().comment(post.id, "Great — I'll send the quote", &bob).await.unwrap();
    assert_eq!(commented.comments.len(), 1);
    assert_eq!(commented.comments[0].actor.as_deref(), Some("Bob"));

    let note = NoteInput { body: "Alarm code changed".into(), ..NoteInput::default() };
    t.notes().create(subject, note, &bob).await.unwrap();
    let ticket = TicketInput {
        organization_id: Some(acme.id),
        subject: "Printer jams".into(),
        ..TicketInput::default()
    };
    let ticket = t.tickets().create(ticket).await.unwrap().ticket;
    t.tickets().set_status(ticket.id, TicketStatus::Closed).await.unwrap();

    let page = t.stream().page(query(subject)).await.unwrap();
    let shown: Vec<(StreamKind, &str, Option<&str>)> =
        page.entries.iter().map(|e| (e.kind, e.body.as_str(), e.actor.as_deref())).collect();
    assert_eq!(
        shown,
        [
            (StreamKind::Ticket, "Closed ticket #1: Printer jams", Some("Ann Admin")),
            (StreamKind::Ticket, "Logged ticket #1: Printer jams", Some("Ann Admin")),
            (StreamKind::Note, "Alarm code changed", Some("Bob")),
            (StreamKind::Post, "Renewal meeting went well <b>really</b>", Some("Ann Admin")),
        ]
    );
    assert!(!page.more);

    // Only posts; a blank post is refused; another person's post only an admin deletes.
    let posts = bodies(&t, StreamQuery { kinds: vec![StreamKind::Post], ..query(subject) }).await;
    assert_eq!(posts, ["Renewal meeting went well <b>really</b>"]);
    assert_invalid(t.stream().post(subject, "   ", &me).await, "body", "Write something");
    let refused = t.stream().delete_post(post.id, &bob).await.unwrap_err().to_string();
    assert!(refused.contains("Only an admin can delete another person's post"), "{refused}");
    let note_entry = page.entries[2].id;
    assert_invalid(t.stream().delete_post(note_entry, &me).await, "stream", "Only posts");
    t.stream().delete_post(post.id, &me).await.unwrap();
    assert!(bodies(&t, StreamQuery { kinds: vec![StreamKind::Post], ..query(subject) }).await.is_empty());
}

#[tokio::test]
async fn pages_follow_each_other_without_gaps_or_repeats() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let acme = t.org("Acme").await;
    let subject = NoteSubject::Organization(acme.id);
    for i in 0..25 {
        t.stream().post(subject, &format!("post {i}"), &me).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = t.stream().page(StreamQuery { before, limit: Some(10), ..query(subject) }).await.unwrap();
        seen.extend(page.entries.iter().map(|e| e.body.clone()));
        before = page.entries.last().map(|e| e.id);
        if !page.more {
            break;
        }
    }
    let expected: Vec<String> = (0..25).rev().map(|i| format!("post {i}")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn an_organization_stream_can_include_its_sites_and_people() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let acme = t.org("Acme").await;
    let york = t.site_of(&acme, "Acme York").await;
    let ann = t.person_at(&york, "Ann", "Archer").await;
    t.stream().post(NoteSubject::Organization(acme.id), "head office", &me).await.unwrap();
    t.stream().post(NoteSubject::Organization(york.id), "at the site", &me).await.unwrap();
    t.stream().post(NoteSubject::Person(ann.id), "about Ann", &me).await.unwrap();

    let own = bodies(
        &t,
        StreamQuery { kinds: vec![StreamKind::Post], ..query(NoteSubject::Organization(acme.id)) },
    )
    .await;
    assert_eq!(own, ["head office"]);
    let all = StreamQuery {
        include_related: true,
        kinds: vec![StreamKind::Post],
        ..query(NoteSubject::Organization(acme.id))
    };
    assert_eq!(bodies(&t, all).await, ["about Ann", "at the site", "head office"]);
    // Ann joining York is in York's stream and hers.
    let york_links =
        StreamQuery { kinds: vec![StreamKind::Link], ..query(NoteSubject::Organization(york.id)) };
    assert_eq!(bodies(&t, york_links).await, ["Ann Archer joined Acme York"]);
    let hers = bodies(&t, query(NoteSubject::Person(ann.id))).await;
    assert_eq!(hers, ["about Ann", "Ann Archer joined Acme York"]);
}

#[tokio::test]
async fn billing_and_imports_are_in_the_stream_and_an_undo_says_so() {
    use fieldbook_core::billing::BillingSettings;
    use fieldbook_core::invoices::{ManualInvoice, ManualLine};
    use fieldbook_core::payments::{PaymentInput, PaymentKind};
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let settings = BillingSettings { currency: "EUR".into(), ..t.billing().settings().await.unwrap() };
    t.billing().update_settings(settings).await.unwrap();
    let acme = t.org("Acme").await;
    let invoice = ManualInvoice {
        organization_id: Some(acme.id),
        issue_date: "2026-11-01".into(),
        lines: vec![ManualLine { description: "Router".into(), amount: 24_900 }],
    };
    let invoice = t.invoices().create_manual(invoice, &me).await.unwrap();
    let payment = PaymentInput {
        organization_id: acme.id,
        kind: PaymentKind::Payment,
        date: "2026-11-10".into(),
        amount: 10_000,
        method: None,
        reference: None,
        allocations: None,
    };
    t.payments().add(payment, &me).await.unwrap();
    let q = StreamQuery {
        kinds: vec![StreamKind::Invoice, StreamKind::Payment],
        ..query(NoteSubject::Organization(acme.id))
    };
    assert_eq!(
        bodies(&t, q).await,
        [
            "Recorded a payment of EUR 100.00",
            format!("Issued invoice {} over EUR 249.00", invoice.number).as_str()
        ]
    );

    // An import's entries: created and updated records say so; undo removes the created
    // records with theirs and tells the updated ones.
    let path = t.dir.path().join("clients.csv");
    std::fs::write(&path, "Name,City\nAcme,Leeds\nNewco,York\n").unwrap();
    use fieldbook_core::import::{ApplyRequest, ImportKind, ImportOptions, MatchBy, OnMatch};
    let options = ImportOptions {
        match_by: MatchBy::Name,
        on_match: OnMatch::Update,
        ..ImportOptions::new(ImportKind::Organizations)
    };
    let preview = t.import().preview(&path, options.clone()).await.unwrap();
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(&path, request, &me, &|_| {}, &std::sync::atomic::AtomicBool::new(false)).await.unwrap();
    let imports =
        StreamQuery { kinds: vec![StreamKind::Import], ..query(NoteSubject::Organization(acme.id)) };
    assert_eq!(bodies(&t, imports.clone()).await, ["Updated by importing clients.csv"]);
    t.import().undo_last(&me).await.unwrap();
    assert_eq!(
        bodies(&t, imports).await,
        ["Import of clients.csv undone", "Updated by importing clients.csv"]
    );
}
