//! Statements and invoices in the app's language (issue 16): German words, dates and amounts,
//! and the data dictionary's renamed words, read back from the PDFs with poppler's pdftotext.

mod common;

use std::process::Command;

use common::{TestCore, org_input};
use fieldbook_core::billing::BillingSettings;
use fieldbook_core::invoices::InvoiceRun;
use fieldbook_core::organizations::OrganizationInput;
use fieldbook_core::payments::{PaymentInput, PaymentKind};
use fieldbook_core::service::tickets::{TicketInput, TimeEntryInput};
use fieldbook_core::statements::{StatementKind, StatementRequest};
use fieldbook_core::terms::{Language, TermInput};

fn pdftotext(pdf: &[u8], dir: &std::path::Path) -> Option<String> {
    let path = dir.join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").args(["-layout", path.to_str().unwrap(), "-"]).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) if std::env::var_os("FIELDBOOK_E2E_REQUIRED").is_some() => panic!("pdftotext is missing"),
        Err(_) => {
            eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed");
            None
        }
    }
}

#[tokio::test]
async fn statements_and_invoices_speak_the_apps_language_with_the_dictionarys_words() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let settings = BillingSettings {
        currency: "EUR".into(),
        hourly_rate: 8_000,
        tax_rate_bp: 1_950,
        payment_terms_days: 14,
        invoice_prefix: "RE-".into(),
        company_name: "Fieldbook IT Services".into(),
        payment_details: "IBAN DE00 1234".into(),
        ..Default::default()
    };
    t.billing().update_settings(settings).await.unwrap();
    let input = OrganizationInput {
        account_number: Some("K-7".into()),
        email: Some("buero@mueller.example".into()),
        ..org_input("Müller GmbH")
    };
    let org = t.organizations().create(input, vec![]).await.unwrap().id;
    let ticket = t
        .tickets()
        .create(TicketInput { organization_id: Some(org), subject: "Drucker".into(), ..Default::default() })
        .await
        .unwrap()
        .ticket;
    // 13 h 30 min at 80.00 = 1,080.00; 19.5 % tax 210.60; 1,290.60.
    let entry =
        TimeEntryInput { work_date: "2026-10-05".into(), minutes: 810, billable: true, ..Default::default() };
    t.tickets().add_time(ticket.id, entry).await.unwrap();
    let run = InvoiceRun {
        period_from: "2026-10-01".into(),
        period_to: "2026-10-31".into(),
        issue_date: "2026-11-01".into(),
        organization_id: None,
        from_earliest: false,
    };
    let invoice = t.invoices().create_for_period(run, &me).await.unwrap().remove(0);
    let payment = PaymentInput {
        organization_id: org,
        kind: PaymentKind::Payment,
        date: "2026-11-05".into(),
        amount: 100_000,
        reference: Some("4711".into()),
        method: None,
        allocations: None,
    };
    t.payments().add(payment, &me).await.unwrap();
    // The German dictionary calls a site "Filiale"; English keeps "Site".
    let filiale = TermInput {
        key: "site".into(),
        singular: "Filiale".into(),
        plural: "Filialen".into(),
        gender: Some("f".into()),
    };
    t.terms().update(Language::De, vec![filiale], &me).await.unwrap();

    // English by default: ISO dates, 1,290.60, the English words.
    let Some(english) = pdftotext(&t.statements().invoice_pdf(invoice.id).await.unwrap(), t.dir.path())
    else {
        return;
    };
    for expected in ["Invoice date: 2026-11-01", "Site", "13.50", "Tax 19.5 %", "1,290.60 EUR", "Page 1 of 1"]
    {
        assert!(english.contains(expected), "{expected:?} missing:\n{english}");
    }

    t.set_language(Language::De);
    let german = pdftotext(&t.statements().invoice_pdf(invoice.id).await.unwrap(), t.dir.path()).unwrap();
    for expected in [
        "Rechnungsdatum: 01.11.2026",
        "Fällig am: 15.11.2026",
        "Zeitraum: 01.10.2026 – 31.10.2026",
        "Kundennummer: K-7",
        "Beschreibung",
        "Filiale",
        "Stunden",
        "13,50",
        "Zwischensumme",
        "USt. 19,5 %",
        "1.290,60 EUR",
        "Zu zahlen",
        "290,60 EUR",
        "Fällig am 15.11.2026 (14 Tage nach Rechnungsdatum).",
        "Zahlungsweise",
        "Seite 1 von 1",
        "RECHNUNG",
    ] {
        assert!(german.contains(expected), "{expected:?} missing:\n{german}");
    }
    for english_word in ["Invoice date", "Subtotal", "Payment terms", "Page 1", "Site"] {
        assert!(!german.contains(english_word), "{english_word:?} left in English:\n{german}");
    }

    let request = StatementRequest {
        organization_id: org,
        kind: StatementKind::Activity,
        as_of: "2026-11-30".into(),
        from: Some("2026-10-01".into()),
    };
    let statement = pdftotext(&t.statements().pdf(&request).await.unwrap(), t.dir.path()).unwrap();
    for expected in [
        "KONTOAUSZUG",
        "Kontoauszug",
        "Datum des Auszugs: 30.11.2026",
        "Beträge in EUR",
        "An",
        "Anfangssaldo",
        &format!("Rechnung {}", invoice.number),
        "Zahlung 4711",
        "1.290,60",
        "-1.000,00",
        "Endsaldo",
        "Altersstruktur zum 30.11.2026",
        "über 90 Tage",
        "Seite 1 von 1",
    ] {
        assert!(statement.contains(expected), "{expected:?} missing:\n{statement}");
    }
    let request = StatementRequest { kind: StatementKind::OpenItems, from: None, ..request };
    let open = pdftotext(&t.statements().pdf(&request).await.unwrap(), t.dir.path()).unwrap();
    assert!(
        open.contains("Offene Posten") && open.contains("Überfällig") && open.contains("Bezahlt"),
        "{open}"
    );

    let (file, eml) = t.statements().email_draft(&request).await.unwrap();
    assert_eq!(file, "Müller GmbH Kontoauszug 2026-11-30.eml");
    // The draft's text (base64, the part after its headers' blank line) is German too.
    use base64::Engine;
    let eml = String::from_utf8(eml).unwrap();
    let body = eml.split("Content-Transfer-Encoding: base64\r\n\r\n").nth(1).unwrap();
    let body: String = body.lines().take_while(|l| !l.is_empty() && !l.starts_with("--")).collect();
    let body = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(body).unwrap()).unwrap();
    assert!(
        body.contains("anbei erhalten Sie Ihren Kontoauszug zum 30.11.2026 (Saldo 290,60 EUR)"),
        "{body}"
    );

    refusals_speak_the_apps_language_with_the_dictionarys_words().await;
}

/// Run by the test above once German is set: the language is the process's, so the two stay in
/// one test rather than race.
async fn refusals_speak_the_apps_language_with_the_dictionarys_words() {
    use common::assert_invalid;
    use fieldbook_core::custom_fields::{CustomFieldInput, CustomKind, CustomRecord, CustomValue};
    let t = TestCore::with_me().await;
    let me = t.me().await;
    t.set_language(Language::De);
    let kunde = TermInput {
        key: "organization".into(),
        singular: "Kunde".into(),
        plural: "Kunden".into(),
        gender: Some("m".into()),
    };
    t.terms().update(Language::De, vec![kunde], &me).await.unwrap();

    assert_invalid(
        t.organizations().create(org_input(" "), vec![]).await,
        "name",
        "Bitte einen Namen eingeben.",
    );
    let bad = OrganizationInput { email: Some("nope".into()), ..org_input("Müller GmbH") };
    assert_invalid(t.organizations().create(bad, vec![]).await, "email", "„nope“ ist keine E-Mail-Adresse.");
    let org = t.organizations().create(org_input("Müller GmbH"), vec![]).await.unwrap().id;
    let itself = OrganizationInput { parent_id: Some(org), ..org_input("Müller GmbH") };
    assert_invalid(
        t.organizations().update(org, itself).await,
        "parent_id",
        "Kunde und übergeordneter Kunde müssen verschieden sein.",
    );

    let seats = CustomFieldInput {
        record: CustomRecord::Organization,
        label: "Plätze".into(),
        kind: CustomKind::Number,
        ..CustomFieldInput::default()
    };
    let seats = t.custom_fields().create(seats, &me).await.unwrap();
    let typed = OrganizationInput {
        custom: Some(vec![CustomValue { field_id: seats.id, value: "viele".into() }]),
        ..org_input("Müller GmbH")
    };
    assert_invalid(t.organizations().update(org, typed).await, "custom", "Plätze: „viele“ ist keine Zahl.");

    // A record that is gone, an import's file and row problems, in German with the dictionary's
    // word.
    let gone = t.organizations().update(fieldbook_core::OrganizationId::new(), org_input("X")).await;
    assert_eq!(gone.unwrap_err().to_string(), "Dieser Kunde existiert nicht mehr.");
    use fieldbook_core::import::{ImportKind, ImportOptions};
    let missing = t.dir.path().join("weg.csv");
    let e = t.import().preview(&missing, ImportOptions::new(ImportKind::Organizations)).await.unwrap_err();
    assert!(e.to_string().starts_with("„weg.csv“ existiert nicht"), "{e}");
    let csv = t.dir.path().join("kunden.csv");
    std::fs::write(&csv, "Name;E-Mail\nMeier AG;nope\n").unwrap();
    let p = t.import().preview(&csv, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    let errors: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors, ["Zeile 2, Spalte „E-Mail“: „nope“ ist keine E-Mail-Adresse."]);
}
