//! An invoice as the customer reads it: the invoice with its lines (ticket, site, requester, time
//! and what prepaid hours paid), tax and totals, payment terms and how to pay, the company's
//! details and logo, and the texts from the billing settings — rendered to PDF by `invoice_pdf.rs`
//! with the statements' fonts, saved, opened, or attached to an e-mail draft.

use super::{Party, Statements, company, email, invoice_pdf, party};
use crate::invoices::{self, Invoice};
use crate::messages::msg;
use crate::{Error, InvoiceId, Result, billing, dates};

/// An invoice ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceDocument {
    pub invoice: Invoice,
    pub company: Party,
    pub customer: Party,
    pub title: String,
    pub intro: Option<String>,
    pub footer: Option<String>,
    pub payment_details: Option<String>,
    /// Days from the invoice date to its due date.
    pub payment_terms_days: i64,
    /// The own company's logo (media type, bytes).
    pub logo: Option<(String, Vec<u8>)>,
    /// The words, dates and amounts in the app's language.
    pub words: super::Words,
}

/// The file name an invoice is saved under: "<customer> invoice <number>.pdf", made safe.
pub fn file_name(document: &InvoiceDocument) -> String {
    crate::files::safe_file_name(&crate::messages::msg(
        "{customer} invoice {number}.pdf",
        &[("customer", &document.customer.name), ("number", &document.invoice.number)],
    ))
}

impl Statements<'_> {
    /// An invoice as the customer reads it.
    pub async fn invoice_document(&self, id: InvoiceId) -> Result<InvoiceDocument> {
        // One read transaction: the invoice, its customer and the settings as they stand together.
        let mut snapshot = self.db.reader().begin().await?;
        let invoice = invoices::fetch(&mut snapshot, id).await?;
        let settings = billing::settings(&mut snapshot).await?;
        let customer = party(&mut snapshot, invoice.organization_id).await?;
        snapshot.commit().await?;
        let words = self.words().await?;
        let payment_terms_days = dates::days_between(&invoice.issue_date, &invoice.due_date).unwrap_or(0);
        Ok(InvoiceDocument {
            company: company(&settings, &words),
            customer,
            title: words.title(&settings.invoice_title),
            intro: Some(settings.invoice_intro.clone()).filter(|t| !t.is_empty()),
            footer: Some(settings.document_footer.clone()).filter(|t| !t.is_empty()),
            payment_details: Some(settings.payment_details.clone()).filter(|d| !d.is_empty()),
            payment_terms_days,
            logo: crate::logos::Logos::new(self.db, self.files).company_bytes().await?,
            words,
            invoice,
        })
    }

    /// Renders an invoice (off the async threads: it is CPU work).
    pub async fn render_invoice(&self, document: InvoiceDocument) -> Result<Vec<u8>> {
        tokio::task::spawn_blocking(move || invoice_pdf::render(&document))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }

    /// An invoice as PDF.
    pub async fn invoice_pdf(&self, id: InvoiceId) -> Result<Vec<u8>> {
        self.render_invoice(self.invoice_document(id).await?).await
    }

    /// The invoice as an e-mail draft (.eml) to the billing contact, PDF attached; returns a file
    /// name for it and its bytes.
    pub async fn invoice_email_draft(&self, id: InvoiceId) -> Result<(String, Vec<u8>)> {
        let document = self.invoice_document(id).await?;
        if document.invoice.void_date.is_some() {
            return Err(Error::invalid(
                "invoice",
                msg("Invoice {number} is void; it is not sent.", &[("number", &document.invoice.number)]),
            ));
        }
        let (to_name, to_email) = {
            let mut conn = self.db.reader().acquire().await?;
            email::recipient(&mut conn, document.invoice.organization_id).await?
        };
        let file = file_name(&document);
        let i = &document.invoice;
        let w = &document.words;
        let subject = w.fill(
            "Invoice {number} – {customer}",
            &[("number", &i.number), ("customer", &document.customer.name)],
        );
        let total = format!("{} {}", w.money(i.total), i.currency);
        let body = w.fill(
            "Dear {name},\n\nplease find attached invoice {number} of {date} over {amount}, due on {due}.\n\nKind regards\n{company}\n",
            &[
                ("name", &to_name),
                ("number", &i.number),
                ("date", &w.date(&i.issue_date)),
                ("amount", &total),
                ("due", &w.date(&i.due_date)),
                ("company", &document.company.name),
            ],
        );
        let from = document.company.email.clone();
        let pdf = self.render_invoice(document).await?;
        let eml = email::draft(&to_name, &to_email, from.as_deref(), &subject, &body, &file, &pdf);
        Ok((format!("{}.eml", file.trim_end_matches(".pdf")), eml))
    }
}
