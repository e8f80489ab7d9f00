//! Tickets, time, invoices, payments and statements on a real SQLite file; statements rendered to
//! PDF and read back with poppler's pdftotext and pdffonts.

mod common;

use std::process::Command;

use common::{TestCore, org_input};
use fieldbook_core::billing::{BillingSettings, OrganizationBilling};
use fieldbook_core::invoices::{InvoiceRun, ManualInvoice, ManualLine};
use fieldbook_core::organizations::OrganizationInput;
use fieldbook_core::payments::{Allocation, PaymentInput, PaymentKind};
use fieldbook_core::service::tickets::{TicketInput, TicketStatus, TimeEntryInput};
use fieldbook_core::statements::{StatementKind, StatementRequest};
use fieldbook_core::{Error, OrganizationId};

async fn settings(t: &TestCore) {
    let s = BillingSettings {
        currency: "EUR".into(),
        hourly_rate: 8_000,
        tax_rate_bp: 1_900,
        payment_terms_days: 14,
        invoice_prefix: "RE-".into(),
        company_name: "Fieldbook IT Services".into(),
        company_address: "Hafenstraße 1\n20457 Hamburg".into(),
        company_email: "billing@fieldbook.example".into(),
        payment_details: "IBAN DE00 1234 5678 9000 0000 00".into(),
        ..Default::default()
    };
    t.billing().update_settings(s).await.unwrap();
}

async fn org(t: &TestCore, name: &str, account: &str, parent: Option<OrganizationId>) -> OrganizationId {
    let input =
        OrganizationInput { account_number: Some(account.into()), parent_id: parent, ..org_input(name) };
    t.organizations().create(input, vec![]).await.unwrap().id
}

async fn time(
    t: &TestCore,
    org: OrganizationId,
    subject: &str,
    date: &str,
    minutes: i64,
) -> fieldbook_core::TicketId {
    let ticket = t
        .tickets()
        .create(TicketInput { organization_id: Some(org), subject: subject.into(), ..Default::default() })
        .await
        .unwrap()
        .ticket;
    let entry = TimeEntryInput { work_date: date.into(), minutes, billable: true, ..Default::default() };
    t.tickets().add_time(ticket.id, entry).await.unwrap();
    ticket.id
}

fn pay(org: OrganizationId, date: &str, amount: i64) -> PaymentInput {
    PaymentInput {
        organization_id: org,
        kind: PaymentKind::Payment,
        date: date.into(),
        amount,
        method: Some("bank transfer".into()),
        reference: Some(format!("P-{date}")),
        allocations: None,
    }
}

#[tokio::test]
async fn tickets_show_news_and_time_is_billed_to_the_bill_to_organization() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let parent = org(&t, "Łódź Serwis Sp. z o.o.", "L-1", None).await;
    let site = org(&t, "Łódź Serwis – Warehouse", "L-2", Some(parent)).await;
    let other = org(&t, "Ελληνική Τεχνική", "G-1", None).await;
    let billing = OrganizationBilling {
        bill_to_parent: true,
        hourly_rate: Some(10_000),
        news: Some("Alarm code changed".into()),
        closure_news: Some("Ask for a signature".into()),
        ..Default::default()
    };
    t.billing().set_organization(site, billing).await.unwrap();
    let refused = t
        .billing()
        .set_organization(other, OrganizationBilling { bill_to_parent: true, ..Default::default() })
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Invalid { field: "bill_to_parent", .. }));

    let logged = t
        .tickets()
        .create(TicketInput {
            organization_id: Some(site),
            subject: "Printer offline".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(logged.news.as_deref(), Some("Alarm code changed"));
    assert_eq!(logged.ticket.number, 1);
    let entry =
        TimeEntryInput { work_date: "2026-10-05".into(), minutes: 90, billable: true, ..Default::default() };
    let e = t.tickets().add_time(logged.ticket.id, entry).await.unwrap();
    assert_eq!((e.rate, e.amount), (10_000, 15_000), "the site's own rate");
    let unbillable =
        TimeEntryInput { work_date: "2026-10-05".into(), minutes: 30, billable: false, ..Default::default() };
    t.tickets().add_time(logged.ticket.id, unbillable).await.unwrap();
    time(&t, parent, "Server backup", "2026-10-20", 60).await;
    time(&t, other, "Καινούργιος υπολογιστής", "2026-10-21", 45).await;
    time(&t, other, "Next month", "2026-11-02", 45).await;
    assert_eq!(t.tickets().unbilled(site).await.unwrap().amount, 15_000);

    let run = InvoiceRun {
        period_from: "2026-10-01".into(),
        period_to: "2026-10-31".into(),
        issue_date: "2026-11-01".into(),
        organization_id: None,
        from_earliest: false,
    };
    let invoices = t.invoices().create_for_period(run.clone(), &t.me().await).await.unwrap();
    assert_eq!(invoices.len(), 2, "one per bill-to organization");
    let lodz = invoices.iter().find(|i| i.organization_id == parent).unwrap();
    assert_eq!(lodz.lines.len(), 2, "the site's ticket is on the parent's invoice");
    assert_eq!(lodz.lines[0].site_name.as_deref(), Some("Łódź Serwis – Warehouse"));
    assert_eq!(lodz.subtotal, 15_000 + 8_000);
    assert_eq!(lodz.tax, 4_370);
    assert_eq!(lodz.total, 27_370);
    assert_eq!(lodz.due_date, "2026-11-15");
    let mut numbers: Vec<&str> = invoices.iter().map(|i| i.number.as_str()).collect();
    numbers.sort();
    assert_eq!(numbers, ["RE-00001", "RE-00002"]);
    assert_eq!(t.tickets().unbilled(site).await.unwrap().amount, 0);
    // Running it again finds nothing left to bill.
    assert!(t.invoices().create_for_period(run, &t.me().await).await.unwrap().is_empty());

    let closed = t.tickets().set_status(logged.ticket.id, TicketStatus::Closed).await.unwrap();
    assert_eq!(closed.news.as_deref(), Some("Ask for a signature"));
    assert!(closed.ticket.closed_at.is_some());
}

#[tokio::test]
async fn issued_invoices_cannot_change_and_voiding_frees_the_time() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let acme = org(&t, "Acme", "A-1", None).await;
    let ticket = time(&t, acme, "Router", "2026-10-05", 60).await;
    let run = InvoiceRun {
        period_from: "2026-10-01".into(),
        period_to: "2026-10-31".into(),
        issue_date: "2026-11-01".into(),
        organization_id: None,
        from_earliest: false,
    };
    let invoice = t.invoices().create_for_period(run.clone(), &t.me().await).await.unwrap().remove(0);
    let entries = t.tickets().time_entries(ticket).await.unwrap();
    let e = t.tickets().delete_time(entries[0].id).await.unwrap_err();
    assert!(e.to_string().contains("billed on invoice RE-00001"), "{e}");

    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", t.dir.path().join("fieldbook.sqlite3").display()))
            .await
            .unwrap();
    let tamper = sqlx::query("UPDATE invoices SET total = 1 WHERE number = 'RE-00001'").execute(&db).await;
    assert!(tamper.unwrap_err().to_string().contains("cannot be changed"));
    let delete = sqlx::query("DELETE FROM invoices").execute(&db).await;
    assert!(delete.unwrap_err().to_string().contains("cannot be deleted"));
    db.close().await;

    let e = t.invoices().void(invoice.id, " ", "2026-11-02", &t.me().await).await.unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "void_reason", .. }));
    let voided = t.invoices().void(invoice.id, "Wrong customer", "2026-11-02", &t.me().await).await.unwrap();
    assert_eq!(voided.void_reason.as_deref(), Some("Wrong customer"));
    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", t.dir.path().join("fieldbook.sqlite3").display()))
            .await
            .unwrap();
    let unvoid = sqlx::query("UPDATE invoices SET void_date = NULL, void_reason = NULL").execute(&db).await;
    assert!(unvoid.unwrap_err().to_string().contains("stays void"), "un-voiding would bill the time twice");
    db.close().await;
    // The activity statement shows the void on its date.
    let request = StatementRequest {
        organization_id: acme,
        kind: StatementKind::Activity,
        as_of: "2026-11-30".into(),
        from: Some("2026-11-02".into()),
    };
    let activity = t.statements().statement(&request).await.unwrap();
    assert_eq!(activity.opening_balance, Some(invoice.total));
    assert_eq!(activity.lines[0].document, "Void of invoice RE-00001");
    assert_eq!((activity.lines[0].amount, activity.balance), (-invoice.total, 0));
    // The currency cannot change under issued invoices.
    let mut s = t.billing().settings().await.unwrap();
    s.currency = "GBP".into();
    assert!(matches!(
        t.billing().update_settings(s).await.unwrap_err(),
        Error::Invalid { field: "currency", .. }
    ));
    let again = t.invoices().create_for_period(run, &t.me().await).await.unwrap();
    assert_eq!(again[0].number, "RE-00002", "numbers never repeat or skip");
    assert_eq!(again[0].total, invoice.total);
}

#[tokio::test]
async fn payments_allocate_oldest_first_and_statements_age_as_of_their_date() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let acme = org(&t, "Москва Трейдинг", "M-7", None).await;
    let manual = |date: &str, amount: i64| ManualInvoice {
        organization_id: Some(acme),
        issue_date: date.into(),
        lines: vec![ManualLine { description: "Maintenance".into(), amount }],
    };
    // Tax 19 %: 10,000 → 11,900.
    let first = t.invoices().create_manual(manual("2026-06-01", 10_000), &t.me().await).await.unwrap();
    let second = t.invoices().create_manual(manual("2026-08-01", 10_000), &t.me().await).await.unwrap();
    let third = t.invoices().create_manual(manual("2026-10-01", 10_000), &t.me().await).await.unwrap();
    let p = t.payments().add(pay(acme, "2026-09-01", 15_000), &t.me().await).await.unwrap();
    assert_eq!(p.allocated, 15_000);
    let listed = t.invoices().list(acme).await.unwrap();
    let paid = |id| listed.iter().find(|i| i.id == id).unwrap().paid;
    assert_eq!((paid(first.id), paid(second.id), paid(third.id)), (11_900, 3_100, 0));
    // A credit note chosen for the newest invoice, and money on account.
    let credit = PaymentInput {
        kind: PaymentKind::Credit,
        allocations: Some(vec![Allocation { invoice_id: third.id, amount: 1_900 }]),
        reference: None,
        ..pay(acme, "2026-10-15", 1_900)
    };
    t.payments().add(credit, &t.me().await).await.unwrap();
    let too_much = PaymentInput {
        allocations: Some(vec![Allocation { invoice_id: first.id, amount: 1 }]),
        ..pay(acme, "2026-10-16", 5)
    };
    assert!(matches!(
        t.payments().add(too_much, &t.me().await).await.unwrap_err(),
        Error::Invalid { field: "allocations", .. }
    ));
    let twice = PaymentInput {
        allocations: Some(vec![
            Allocation { invoice_id: third.id, amount: 1 },
            Allocation { invoice_id: third.id, amount: 1 },
        ]),
        ..pay(acme, "2026-10-16", 5)
    };
    assert!(matches!(
        t.payments().add(twice, &t.me().await).await.unwrap_err(),
        Error::Invalid { field: "allocations", .. }
    ));

    let request = |kind, as_of: &str, from: Option<&str>| StatementRequest {
        organization_id: acme,
        kind,
        as_of: as_of.into(),
        from: from.map(str::to_owned),
    };
    // As of 2026-11-30: 35,700 billed − 16,900 received.
    let open =
        t.statements().statement(&request(StatementKind::OpenItems, "2026-11-30", None)).await.unwrap();
    assert_eq!(open.balance, 35_700 - 16_900);
    assert_eq!(open.lines.len(), 2);
    assert_eq!((open.lines[0].balance, open.lines[0].days_overdue), (8_800, Some(107)));
    assert_eq!((open.lines[1].balance, open.lines[1].days_overdue), (10_000, Some(46)));
    assert_eq!((open.aging.over_90, open.aging.days_31_60), (8_800, 10_000));
    assert_eq!(open.aging.total(), open.balance);

    // Back-dated to 2026-08-31: the payment, the credit and the third invoice did not exist yet.
    let back =
        t.statements().statement(&request(StatementKind::OpenItems, "2026-08-31", None)).await.unwrap();
    assert_eq!(back.balance, 23_800);
    assert_eq!(back.lines.iter().map(|l| l.paid).collect::<Vec<_>>(), vec![Some(0), Some(0)]);
    assert_eq!((back.aging.days_61_90, back.aging.days_1_30), (11_900, 11_900));

    let activity = t
        .statements()
        .statement(&request(StatementKind::Activity, "2026-10-31", Some("2026-08-01")))
        .await
        .unwrap();
    assert_eq!(activity.opening_balance, Some(11_900));
    let docs: Vec<(&str, i64, i64)> =
        activity.lines.iter().map(|l| (l.document.as_str(), l.amount, l.balance)).collect();
    assert_eq!(
        docs,
        vec![
            ("Invoice RE-00002", 11_900, 23_800),
            ("Payment P-2026-09-01", -15_000, 8_800),
            ("Invoice RE-00003", 11_900, 20_700),
            ("Credit note", -1_900, 18_800),
        ]
    );
    assert_eq!(activity.balance, 18_800);

    let with_balance = t.statements().with_balance("2026-11-30").await.unwrap();
    assert_eq!(with_balance.len(), 1);
}

fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) if std::env::var_os("FIELDBOOK_E2E_REQUIRED").is_some() => {
            panic!("{tool} is missing (poppler-utils); `cargo xtask test` installs it")
        }
        Err(_) => {
            eprintln!("SKIPPED: {tool} (poppler-utils) is not installed");
            None
        }
    }
}

#[tokio::test]
async fn statement_pdfs_embed_a_subset_font_and_read_back() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let lodz = org(&t, "Łódź Serwis", "PL-0042", None).await;
    let input = OrganizationInput {
        account_number: Some("PL-0042".into()),
        address: fieldbook_core::address::Address {
            line1: Some("ul. Piotrkowska 1".into()),
            city: Some("Łódź".into()),
            postal_code: Some("90-001".into()),
            country: Some("Polska".into()),
            ..Default::default()
        },
        ..org_input("Łódź Serwis")
    };
    t.organizations().update(lodz, input).await.unwrap();
    let greek = ManualInvoice {
        organization_id: Some(lodz),
        issue_date: "2026-10-01".into(),
        lines: vec![ManualLine {
            description: "Ελληνική υποστήριξη / Москва".into(), amount: 123_456
        }],
    };
    t.invoices().create_manual(greek, &t.me().await).await.unwrap();
    // 300 lines: 299 small payments after the invoice.
    for day in 0..299 {
        let date = fieldbook_core::dates::add_days("2026-10-02", day / 10).unwrap();
        t.payments().add(pay(lodz, &date, 100), &t.me().await).await.unwrap();
    }
    let request = StatementRequest {
        organization_id: lodz,
        kind: StatementKind::Activity,
        as_of: "2026-11-30".into(),
        from: Some("2026-09-01".into()),
    };
    // The own company's logo prints at the top.
    let icon = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../icons/128x128.png");
    t.logos().set_company(&icon).await.unwrap();
    let pdf = t.statements().pdf(&request).await.unwrap();
    let path = t.dir.path().join("statement.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let file = path.to_str().unwrap();

    let Some(text) = poppler("pdftotext", &["-layout", file, "-"]) else { return };
    assert!(text.contains("Łódź Serwis"), "{text}");
    assert!(text.contains("Account: PL-0042"));
    assert!(text.contains("Fieldbook IT Services"));
    // 1,234.56 + 19 % tax = 1,469.13; minus 299 × 1.00.
    assert!(text.contains("1,469.13"));
    assert!(text.contains("Closing balance") && text.contains("1,170.13 EUR"), "{text}");
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "300 lines span pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())), "page {}:\n{page}", i + 1);
        if i + 1 < pages.len() || page.contains("Balance") {
            assert!(page.contains("Date") && page.contains("Balance"), "header on page {}", i + 1);
        }
    }

    // The manual line's non-Latin text is on the invoice, not the statement: check the glyphs
    // through a customer name instead.
    let Some(fonts) = poppler("pdffonts", &[file]) else { return };
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        // name type encoding emb sub uni object ID
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "embedded subset with ToUnicode: {row}"
        );
    }
    let Some(images) = poppler("pdfimages", &["-list", file]) else { return };
    let pictures = images.lines().skip(2).filter(|l| l.split_whitespace().nth(2) == Some("image")).count();
    assert_eq!(pictures, 1, "one logo on page 1 (its alpha is a soft mask): {images}");
    // Page 1 as an image, for a person to look at (target/statement-page-1.png).
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/statement-page-1");
    poppler(
        "pdftoppm",
        &["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, out.to_str().unwrap()],
    );
}

#[tokio::test]
async fn greek_and_cyrillic_names_render_as_text() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    for (name, account) in [("Ελληνική Τεχνική", "GR-1"), ("Москва Сервис", "RU-1")]
    {
        let id = org(&t, name, account, None).await;
        let invoice = ManualInvoice {
            organization_id: Some(id),
            issue_date: "2026-10-01".into(),
            lines: vec![ManualLine { description: "Support".into(), amount: 5_000 }],
        };
        t.invoices().create_manual(invoice, &t.me().await).await.unwrap();
        let request = StatementRequest {
            organization_id: id,
            kind: StatementKind::OpenItems,
            as_of: "2026-12-01".into(),
            from: None,
        };
        let path = t.dir.path().join(format!("{account}.pdf"));
        std::fs::write(&path, t.statements().pdf(&request).await.unwrap()).unwrap();
        let Some(text) = poppler("pdftotext", &[path.to_str().unwrap(), "-"]) else { return };
        assert!(text.contains(name), "{name} missing:\n{text}");
        assert!(text.contains("59.50") && text.contains("47 days"), "{text}");
    }
}

#[tokio::test]
async fn a_statement_email_draft_goes_to_the_billing_contact() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let acme = org(&t, "Acme Łódź", "A-9", None).await;
    let invoice = ManualInvoice {
        organization_id: Some(acme),
        issue_date: "2026-10-01".into(),
        lines: vec![ManualLine { description: "Support".into(), amount: 10_000 }],
    };
    t.invoices().create_manual(invoice, &t.me().await).await.unwrap();
    let request = StatementRequest {
        organization_id: acme,
        kind: StatementKind::OpenItems,
        as_of: "2026-11-30".into(),
        from: None,
    };
    let e = t.statements().email_draft(&request).await.unwrap_err();
    assert!(matches!(e, Error::Invalid { field: "billing_contact_id", .. }), "{e:?}");

    let ann = t
        .people()
        .create(fieldbook_core::people::PersonInput {
            organization_id: Some(acme),
            email: Some("ann@acme.example".into()),
            ..common::person_input("Ann", "Archer")
        })
        .await
        .unwrap();
    let billing = OrganizationBilling { billing_contact_id: Some(ann.id), ..Default::default() };
    t.billing().set_organization(acme, billing).await.unwrap();
    let (name, eml) = t.statements().email_draft(&request).await.unwrap();
    assert_eq!(name, "Acme Łódź statement 2026-11-30.eml");
    let text = String::from_utf8(eml).unwrap();
    assert!(text.contains("To: Ann Archer <ann@acme.example>\r\n"), "{text}");
    assert!(text.contains("From: billing@fieldbook.example\r\n"));
    assert!(text.contains("X-Unsent: 1\r\n"));
    assert!(text.contains("Content-Type: application/pdf"));
    assert!(
        text.contains("filename*=UTF-8''Acme%20%C5%81%C3%B3d%C5%BA%20statement%202026-11-30.pdf"),
        "{text}"
    );
}

#[tokio::test]
async fn a_persons_own_news_shows_with_the_organizations_when_their_ticket_is_logged_or_closed() {
    let t = TestCore::with_me().await;
    let org = t.org("Harbour Dental").await;
    let vera = t.person_at(&org, "Vera", "Voss").await;
    let other = t.person_at(&org, "Otto", "Olsen").await;
    let news = OrganizationBilling { news: Some("Alarm code changed".into()), ..Default::default() };
    t.billing().set_organization(org.id, news).await.unwrap();
    let hers = fieldbook_core::billing::PersonNews {
        news: Some("Call her mobile, not the desk".into()),
        closure_news: Some("  Send her the summary  ".into()),
    };
    let saved = t.billing().set_person_news(vera.id, hers).await.unwrap();
    assert_eq!(saved.closure_news.as_deref(), Some("Send her the summary"));
    let log = |requester| TicketInput {
        organization_id: Some(org.id),
        requester_id: Some(requester),
        subject: "Printer".into(),
        ..Default::default()
    };
    let logged = t.tickets().create(log(vera.id)).await.unwrap();
    assert_eq!(
        logged.news.as_deref(),
        Some("Alarm code changed\n\nVera Voss: Call her mobile, not the desk")
    );
    let closed = t.tickets().set_status(logged.ticket.id, TicketStatus::Closed).await.unwrap();
    assert_eq!(closed.news.as_deref(), Some("Vera Voss: Send her the summary"));
    // Someone else's ticket: the organization's news only.
    assert_eq!(t.tickets().create(log(other.id)).await.unwrap().news.as_deref(), Some("Alarm code changed"));
}

#[tokio::test]
async fn invoice_pdfs_read_back_with_their_lines_totals_terms_and_the_texts_from_the_settings() {
    let t = TestCore::with_me().await;
    settings(&t).await;
    let texts = BillingSettings {
        invoice_title: "RECHNUNG".into(),
        invoice_intro: "Thank you for your business — from the Łódź office.".into(),
        statement_title: "KONTOAUSZUG".into(),
        document_footer: "Fieldbook IT Services · VAT DE123456789".into(),
        ..t.billing().settings().await.unwrap()
    };
    t.billing().update_settings(texts.clone()).await.unwrap();
    let too_long = BillingSettings { invoice_title: "X".repeat(41), ..texts.clone() };
    assert!(matches!(
        t.billing().update_settings(too_long).await.unwrap_err(),
        Error::Invalid { field: "invoice_title", .. }
    ));
    let two_lines = BillingSettings { document_footer: "One\nTwo".into(), ..texts.clone() };
    assert!(matches!(
        t.billing().update_settings(two_lines).await.unwrap_err(),
        Error::Invalid { field: "document_footer", .. }
    ));

    let parent = org(&t, "Łódź Serwis", "PL-7", None).await;
    let site = org(&t, "Łódź Serwis – Warehouse", "PL-8", Some(parent)).await;
    t.billing()
        .set_organization(site, OrganizationBilling { bill_to_parent: true, ..Default::default() })
        .await
        .unwrap();
    let pia = t
        .people()
        .create(fieldbook_core::people::PersonInput {
            organization_id: Some(site),
            ..common::person_input("Pia", "Piątek")
        })
        .await
        .unwrap();
    let ticket = t
        .tickets()
        .create(TicketInput {
            organization_id: Some(site),
            requester_id: Some(pia.id),
            subject: "Scanner jams".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .ticket;
    let entry =
        TimeEntryInput { work_date: "2026-10-05".into(), minutes: 90, billable: true, ..Default::default() };
    t.tickets().add_time(ticket.id, entry).await.unwrap();
    // Forty more with long subjects: the lines wrap and the invoice runs over pages.
    for n in 0..40 {
        let subject =
            format!("Replace the failing uninterruptible power supply in rack {n} and test the failover");
        time(&t, parent, &subject, "2026-10-10", 30).await;
    }
    let run = InvoiceRun {
        period_from: "2026-10-01".into(),
        period_to: "2026-10-31".into(),
        issue_date: "2026-11-01".into(),
        organization_id: None,
        from_earliest: false,
    };
    let invoice = t.invoices().create_for_period(run, &t.me().await).await.unwrap().remove(0);
    t.payments().add(pay(parent, "2026-11-05", 10_000), &t.me().await).await.unwrap();

    // An e-mail draft to the organization; a void invoice is not sent (checked before the PDFs,
    // which need poppler).
    let mut input = org_input("Łódź Serwis");
    input.account_number = Some("PL-7".into());
    input.email = Some("office@lodz.example".into());
    t.organizations().update(parent, input).await.unwrap();
    let (name, eml) = t.statements().invoice_email_draft(invoice.id).await.unwrap();
    assert_eq!(name, format!("Łódź Serwis invoice {}.eml", invoice.number));
    let eml = String::from_utf8(eml).unwrap();
    assert!(eml.contains("Content-Type: application/pdf"), "{eml}");
    let manual = ManualInvoice {
        organization_id: Some(parent),
        issue_date: "2026-11-02".into(),
        lines: vec![ManualLine { description: "Wrong".into(), amount: 1_000 }],
    };
    let wrong = t.invoices().create_manual(manual, &t.me().await).await.unwrap();
    t.invoices().void(wrong.id, "Billed twice", "2026-11-03", &t.me().await).await.unwrap();
    let refused = t.statements().invoice_email_draft(wrong.id).await.unwrap_err();
    assert!(matches!(refused, Error::Invalid { field: "invoice", .. }), "{refused:?}");

    let path = t.dir.path().join("invoice.pdf");
    std::fs::write(&path, t.statements().invoice_pdf(invoice.id).await.unwrap()).unwrap();
    let file = path.to_str().unwrap();
    let Some(text) = poppler("pdftotext", &["-layout", file, "-"]) else { return };
    for expected in [
        "RECHNUNG",
        &invoice.number,
        "Invoice date: 2026-11-01",
        "Due date: 2026-11-15",
        "Period: 2026-10-01 – 2026-10-31",
        "Account: PL-7",
        "Thank you for your business — from the Łódź office.",
        "#1 Scanner jams",
        "Warehouse",
        "Pia Piątek",
        "1.50",
        "Subtotal",
        "Tax 19 %",
        "Payment terms",
        "Due on 2026-11-15 (14 days from the invoice date).",
        "How to pay",
        "IBAN DE00 1234 5678 9000 0000 00",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    // 1.5 h + 40 × 0.5 h at 80.00 = 1,720.00; 19 % tax 326.80; 2,046.80; 100.00 paid.
    assert!(text.contains("1,720.00") && text.contains("326.80") && text.contains("2,046.80 EUR"), "{text}");
    assert!(text.contains("Amount due") && text.contains("1,946.80 EUR"), "{text}");
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 2, "41 wrapped lines span pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())), "page {}:\n{page}", i + 1);
        assert!(page.contains("Fieldbook IT Services · VAT DE123456789"), "the footer on page {}", i + 1);
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/invoice-page-1");
    poppler(
        "pdftoppm",
        &["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, out.to_str().unwrap()],
    );

    // The statement reads the statement's title and the same footer.
    let request = StatementRequest {
        organization_id: parent,
        kind: StatementKind::OpenItems,
        as_of: "2026-11-30".into(),
        from: None,
    };
    std::fs::write(&path, t.statements().pdf(&request).await.unwrap()).unwrap();
    let Some(text) = poppler("pdftotext", &["-layout", file, "-"]) else { return };
    assert!(text.contains("KONTOAUSZUG") && text.contains("VAT DE123456789"), "{text}");
    // The void invoice says so.
    std::fs::write(&path, t.statements().invoice_pdf(wrong.id).await.unwrap()).unwrap();
    let Some(text) = poppler("pdftotext", &["-layout", file, "-"]) else { return };
    assert!(text.contains("VOID since 2026-11-03") && text.contains("Billed twice"), "{text}");
}

#[tokio::test]
async fn the_first_start_set_up_is_offered_until_the_company_is_named_or_it_is_skipped() {
    let t = TestCore::with_me().await;
    assert!(t.settings().first_run().await.unwrap().needed);
    // Named (here, or by a team member whose settings arrive): not offered.
    let named =
        BillingSettings { company_name: "Fieldbook IT".into(), ..t.billing().settings().await.unwrap() };
    t.billing().update_settings(named.clone()).await.unwrap();
    assert!(!t.settings().first_run().await.unwrap().needed);
    // Unnamed again and skipped on this machine: not offered again; the note stays on this machine.
    t.billing().update_settings(BillingSettings { company_name: String::new(), ..named }).await.unwrap();
    assert!(t.settings().first_run().await.unwrap().needed);
    t.settings().dismiss_first_run().await.unwrap();
    assert!(!t.settings().first_run().await.unwrap().needed);
    assert!(!fieldbook_core::sync::tables::setting_syncs("setup.dismissed"));
}
