//! Renders an invoice as an A4 PDF with the statements' primitives (`pdf.rs`: the bundled DejaVu
//! Sans subset to the glyphs used, the logo, the footer): letterhead, the customer, the invoice's
//! dates, its lines (description, site, requester, hours, amount; long texts wrap), subtotal, tax
//! and total, what is paid and due, the payment terms and how to pay. Long invoices run over pages;
//! every page repeats the table header. A void invoice says so at the top.

use std::collections::BTreeSet;

use printpdf::{Mm, PdfDocument, PdfPage};

use super::invoice::InvoiceDocument;
use super::pdf::{self, Align, BODY, LEFT, PAGE_H, PAGE_W, Page, RIGHT, ROW, TABLE_BOTTOM};
use crate::Result;

/// Where the table's header row sits on the first page and on the following ones.
const FIRST_TABLE_TOP: f32 = 206.0;
const NEXT_TABLE_TOP: f32 = 262.0;
/// Room the totals, terms and payment details need below the last line.
const SUMMARY_HEIGHT: f32 = 62.0;
/// A wrapped line's height within a row.
const LINE: f32 = 4.2;

struct Column {
    title: &'static str,
    x: f32,
    width: f32,
    align: Align,
}

const COLUMNS: [Column; 5] = [
    Column { title: "Description", x: LEFT, width: 68.0, align: Align::Left },
    Column { title: "Site", x: LEFT + 70.0, width: 32.0, align: Align::Left },
    Column { title: "Requester", x: LEFT + 104.0, width: 28.0, align: Align::Left },
    Column { title: "Hours", x: RIGHT - 24.0, width: 16.0, align: Align::Right },
    Column { title: "Amount", x: RIGHT, width: 22.0, align: Align::Right },
];

const FIXED_TEXT: &str = "Invoice date Due date Period Account Amounts in To Description Site Requester Hours \
    Amount Subtotal Tax Total Paid Amount due Payment terms due on days from the invoice date How to pay \
    VOID since Page of Invoice 0123456789.,-–:()/·…% ";

/// Minutes as decimal hours: 90 → "1.50".
fn hours(minutes: i64) -> String {
    let hundredths = (minutes * 100 + 30) / 60;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The tax rate as printed: 1900 → "19", 750 → "7.5".
fn percent(bp: u32) -> String {
    let text = format!("{}.{:02}", bp / 100, bp % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One invoice line, wrapped: its cells' lines.
struct Row {
    cells: [Vec<String>; 5],
}

impl Row {
    fn height(&self) -> f32 {
        let lines = self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        ROW + LINE * (lines as f32 - 1.0)
    }
}

/// Renders `document`; returns the PDF bytes.
pub fn render(document: &InvoiceDocument) -> Result<Vec<u8>> {
    let i = &document.invoice;
    let w = &document.words;
    let mut text = String::from(FIXED_TEXT);
    text.push_str(&w.all_text());
    for p in [&document.company, &document.customer] {
        text.push_str(&p.name);
        text.push_str(p.account_number.as_deref().unwrap_or(""));
        text.push_str(p.email.as_deref().unwrap_or(""));
        p.address_lines.iter().for_each(|l| text.push_str(l));
    }
    for t in [&document.intro, &document.footer, &document.payment_details, &i.void_reason] {
        text.push_str(t.as_deref().unwrap_or(""));
    }
    text.push_str(&document.title);
    text.push_str(&i.number);
    text.push_str(&i.currency);
    for l in &i.lines {
        text.push_str(&l.description);
        text.push_str(l.site_name.as_deref().unwrap_or(""));
        text.push_str(l.requester.as_deref().unwrap_or(""));
    }
    let chars: BTreeSet<char> = text.chars().collect();
    let mut doc = PdfDocument::new(&w.fill(
        "Invoice {number} {customer}",
        &[("number", &i.number), ("customer", &document.customer.name)],
    ));
    let fonts = pdf::fonts(&mut doc, &chars)?;
    let logo = document.logo.as_ref().and_then(|(_, bytes)| pdf::logo(&mut doc, bytes));

    let face = &fonts.regular;
    let rows: Vec<Row> = i
        .lines
        .iter()
        .map(|l| {
            let wrap =
                |text: &str, column: usize, max| pdf::wrap(face, text, BODY, COLUMNS[column].width, max);
            Row {
                cells: [
                    wrap(&l.description, 0, 4),
                    wrap(l.site_name.as_deref().unwrap_or(""), 1, 2),
                    wrap(l.requester.as_deref().unwrap_or(""), 2, 2),
                    l.minutes.map(|m| w.numbers(hours(m))).into_iter().collect(),
                    vec![w.money(l.amount)],
                ],
            }
        })
        .collect();

    // Lay the rows out over pages.
    let mut chunks: Vec<Vec<&Row>> = vec![Vec::new()];
    let mut y = FIRST_TABLE_TOP - ROW;
    for row in &rows {
        if y - row.height() + ROW < TABLE_BOTTOM {
            chunks.push(Vec::new());
            y = NEXT_TABLE_TOP - ROW;
        }
        if let Some(page) = chunks.last_mut() {
            page.push(row);
        }
        y -= row.height();
    }
    let summary_on_new_page = y - SUMMARY_HEIGHT < TABLE_BOTTOM;
    let total_pages = chunks.len() + usize::from(summary_on_new_page);
    let footer = document.footer.as_deref().unwrap_or(&document.company.name);

    let mut pages = Vec::with_capacity(total_pages);
    for (n, chunk) in chunks.iter().enumerate() {
        let mut page = Page::new(&fonts);
        let top = if n == 0 {
            letterhead(&mut page, document, logo.as_ref());
            FIRST_TABLE_TOP
        } else {
            running_head(&mut page, document);
            NEXT_TABLE_TOP
        };
        page.shade(top - 1.8, ROW);
        for c in &COLUMNS {
            // The site column is headed by the dictionary's word for a site.
            let title = if c.title == "Site" { w.site.as_str() } else { w.t(c.title) };
            page.text(c.x, top, BODY, true, c.align, title);
        }
        let mut y = top - ROW;
        for row in chunk {
            for (c, lines) in COLUMNS.iter().zip(&row.cells) {
                for (k, line) in lines.iter().enumerate() {
                    page.text(c.x, y - LINE * k as f32, BODY, false, c.align, line);
                }
            }
            y -= row.height();
        }
        if n + 1 == chunks.len() && !summary_on_new_page {
            summary(&mut page, document, y);
        }
        pdf::page_footer(&mut page, footer, n + 1, total_pages, w);
        pages.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops));
    }
    if summary_on_new_page {
        let mut page = Page::new(&fonts);
        running_head(&mut page, document);
        summary(&mut page, document, NEXT_TABLE_TOP);
        pdf::page_footer(&mut page, footer, total_pages, total_pages, w);
        pages.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops));
    }
    Ok(pdf::save(doc, pages))
}

fn letterhead(page: &mut Page<'_>, d: &InvoiceDocument, logo: Option<&pdf::PlacedLogo>) {
    let i = &d.invoice;
    let w = &d.words;
    pdf::company_block(page, &d.company, logo);
    let mut y = PAGE_H - 22.0;
    page.text(RIGHT, y, 14.0, true, Align::Right, &d.title);
    y -= 6.0;
    page.text(RIGHT, y, 10.0, true, Align::Right, &i.number);
    y -= 5.0;
    let issued = w.fill("Invoice date: {date}", &[("date", &w.date(&i.issue_date))]);
    page.text(RIGHT, y, BODY, false, Align::Right, &issued);
    y -= 4.6;
    page.text(
        RIGHT,
        y,
        BODY,
        false,
        Align::Right,
        &w.fill("Due date: {date}", &[("date", &w.date(&i.due_date))]),
    );
    if let (Some(from), Some(to)) = (&i.period_from, &i.period_to) {
        y -= 4.6;
        let period = w.fill("Period: {from} – {to}", &[("from", &w.date(from)), ("to", &w.date(to))]);
        page.text(RIGHT, y, BODY, false, Align::Right, &period);
    }
    if let Some(account) = &d.customer.account_number {
        y -= 4.6;
        page.text(
            RIGHT,
            y,
            BODY,
            false,
            Align::Right,
            &w.fill("Account: {account}", &[("account", account)]),
        );
    }
    y -= 4.6;
    page.text(
        RIGHT,
        y,
        BODY,
        false,
        Align::Right,
        &w.fill("Amounts in {currency}", &[("currency", &i.currency)]),
    );
    pdf::customer_block(page, &d.customer, w);
    if let Some(void) = &i.void_date {
        let reason = i.void_reason.as_deref().unwrap_or_default();
        page.text(
            RIGHT,
            229.0,
            11.0,
            true,
            Align::Right,
            &w.fill("VOID since {date}", &[("date", &w.date(void))]),
        );
        let line =
            pdf::wrap(&page.fonts.regular, reason, BODY, 80.0, 1).into_iter().next().unwrap_or_default();
        page.text(RIGHT, 224.4, BODY, false, Align::Right, &line);
    } else {
        let due = i.total - i.paid;
        page.text(
            RIGHT,
            222.0,
            11.0,
            true,
            Align::Right,
            &w.fill("Amount due: {amount}", &[("amount", &format!("{} {}", w.money(due), i.currency))]),
        );
    }
    page.rule(216.0, 0.6);
    if let Some(intro) = &d.intro {
        pdf::intro_line(page, intro);
    }
}

fn running_head(page: &mut Page<'_>, d: &InvoiceDocument) {
    let w = &d.words;
    let title = w.fill(
        "{customer} · Invoice {number} · {date}",
        &[
            ("customer", &d.customer.name),
            ("number", &d.invoice.number),
            ("date", &w.date(&d.invoice.issue_date)),
        ],
    );
    page.text(LEFT, PAGE_H - 20.0, 10.0, true, Align::Left, &title);
    page.rule(PAGE_H - 23.0, 0.4);
}

fn summary(page: &mut Page<'_>, d: &InvoiceDocument, top: f32) {
    let i = &d.invoice;
    let w = &d.words;
    let mut y = top - 2.0;
    page.rule(y + 3.6, 0.6);
    let label_x = RIGHT - 40.0;
    let line = |page: &mut Page<'_>, y: f32, label: &str, amount: String, bold: bool| {
        let size = if bold { 10.0 } else { BODY };
        page.text(label_x, y, size, bold, Align::Right, label);
        page.text(RIGHT, y, size, bold, Align::Right, &amount);
    };
    line(page, y, w.t("Subtotal"), w.money(i.subtotal), false);
    if i.tax_rate_bp > 0 {
        y -= ROW;
        let rate = w.numbers(percent(i.tax_rate_bp));
        line(page, y, &w.fill("Tax {rate} %", &[("rate", &rate)]), w.money(i.tax), false);
    }
    y -= ROW;
    line(page, y, w.t("Total"), format!("{} {}", w.money(i.total), i.currency), true);
    if i.paid > 0 && i.void_date.is_none() {
        y -= ROW;
        line(page, y, w.t("Paid"), w.money(-i.paid), false);
        y -= ROW;
        line(page, y, w.t("Amount due"), format!("{} {}", w.money(i.total - i.paid), i.currency), true);
    }
    y -= ROW * 2.0;
    page.text(LEFT, y, BODY, true, Align::Left, w.t("Payment terms"));
    y -= 4.6;
    // The document's words (words.rs), not the app's sentences: `words.t` as `w.fill` does.
    let terms = crate::messages::fill(
        d.words.t("Due on {date} ({days} days from the invoice date)."),
        &[("date", &w.date(&i.due_date)), ("days", &d.payment_terms_days.to_string())],
    );
    page.text(LEFT, y, BODY, false, Align::Left, &terms);
    if let Some(details) = &d.payment_details {
        y -= ROW * 1.5;
        page.text(LEFT, y, BODY, true, Align::Left, w.t("How to pay"));
        for l in details.lines().take(4) {
            y -= 4.6;
            page.text(LEFT, y, BODY, false, Align::Left, l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{hours, percent};

    #[test]
    fn hours_and_rates_print_as_on_an_invoice() {
        assert_eq!(hours(90), "1.50");
        assert_eq!(hours(20), "0.33");
        assert_eq!(hours(600), "10.00");
        assert_eq!(percent(1900), "19");
        assert_eq!(percent(750), "7.5");
        assert_eq!(percent(1), "0.01");
    }
}
