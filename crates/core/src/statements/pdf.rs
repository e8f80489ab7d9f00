//! Renders a statement as an A4 PDF with printpdf (the only place that uses it). The text is set
//! in DejaVu Sans (bundled; Latin, Greek and Cyrillic among others), subset to the glyphs the
//! statement uses and embedded, so "Łódź Serwis", "Ελληνική" and "Москва" print on any machine
//! and stay copyable. Long statements run over pages; every page repeats the table header and
//! says "Page x of y".

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, TextItem,
    XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use super::{Statement, StatementKind, Words};
use crate::{Error, Result};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub(super) const PAGE_W: f32 = 210.0;
pub(super) const PAGE_H: f32 = 297.0;
pub(super) const LEFT: f32 = 18.0;
pub(super) const RIGHT: f32 = PAGE_W - 18.0;
pub(super) const ROW: f32 = 5.6;
pub(super) const BODY: f32 = 9.0;
/// Where the table's header row sits on the first page and on the following ones.
const FIRST_TABLE_TOP: f32 = 206.0;
const NEXT_TABLE_TOP: f32 = 262.0;
/// The lowest a table row may sit (above the footer).
pub(super) const TABLE_BOTTOM: f32 = 26.0;

#[derive(Clone, Copy)]
pub(super) enum Align {
    Left,
    Right,
}

struct Column {
    title: &'static str,
    /// Left edge (left-aligned) or right edge (right-aligned), in mm.
    x: f32,
    align: Align,
}

fn columns(kind: StatementKind, w: &Words) -> Vec<Column> {
    let c = |title, x, align| Column { title: w.t(title), x, align };
    match kind {
        StatementKind::Activity => vec![
            c("Date", LEFT, Align::Left),
            c("Document", LEFT + 24.0, Align::Left),
            c("Due", LEFT + 98.0, Align::Left),
            c("Amount", RIGHT - 32.0, Align::Right),
            c("Balance", RIGHT, Align::Right),
        ],
        StatementKind::OpenItems => vec![
            c("Date", LEFT, Align::Left),
            c("Invoice", LEFT + 24.0, Align::Left),
            c("Due", LEFT + 70.0, Align::Left),
            c("Amount", LEFT + 118.0, Align::Right),
            c("Paid", LEFT + 142.0, Align::Right),
            c("Open", LEFT + 164.0, Align::Right),
            c("Overdue", RIGHT, Align::Right),
        ],
    }
}

fn cells(statement: &Statement) -> Vec<Vec<String>> {
    let w = &statement.words;
    let date = |d: &Option<String>| d.as_deref().map(|d| w.date(d)).unwrap_or_default();
    statement
        .lines
        .iter()
        .map(|l| match statement.kind {
            StatementKind::Activity => vec![
                w.date(&l.date),
                l.document.clone(),
                date(&l.due_date),
                w.money(l.amount),
                w.money(l.balance),
            ],
            StatementKind::OpenItems => vec![
                w.date(&l.date),
                l.document.trim_start_matches(&format!("{} ", w.t("Invoice"))).to_owned(),
                date(&l.due_date),
                w.money(l.amount),
                w.money(l.paid.unwrap_or(0)),
                w.money(l.balance),
                match l.days_overdue {
                    Some(0) | None => String::new(),
                    Some(d) => w.fill("{days} days", &[("days", &d.to_string())]),
                },
            ],
        })
        .collect()
}

/// A font subset to the characters a document uses, ready to measure and embed.
pub(super) struct Face {
    font: ParsedFont,
    units_per_em: f32,
}

impl Face {
    fn load(ttf: &[u8], family: &str, text: &BTreeSet<char>) -> Result<Self> {
        let pdf_error = |what: &str| Error::Io(std::io::Error::other(format!("PDF font {family}: {what}")));
        let full = ParsedFont::from_bytes(ttf, 0, &mut Vec::new()).ok_or_else(|| pdf_error("unreadable"))?;
        let mut glyphs: BTreeSet<u16> =
            text.iter().filter_map(|c| full.lookup_glyph_index(*c as u32)).collect();
        glyphs.remove(&0);
        let ids: Vec<u16> = std::iter::once(0).chain(glyphs.iter().copied()).collect();
        let subset = {
            use allsorts::binary::read::ReadScope;
            use allsorts::font_data::FontData;
            use allsorts::subset::{CmapTarget, SubsetProfile, subset};
            let data = ReadScope::new(ttf).read::<FontData<'_>>().map_err(|e| pdf_error(&e.to_string()))?;
            let provider = data.table_provider(0).map_err(|e| pdf_error(&e.to_string()))?;
            subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
                .map_err(|e| pdf_error(&e.to_string()))?
        };
        let mut font = ParsedFont::from_bytes(&subset, 0, &mut Vec::new())
            .ok_or_else(|| pdf_error("subset unreadable"))?;
        // The PDF convention for a subset: a tag of six capitals before the name (ISO 32000-1,
        // 9.6.4), here derived from the glyphs kept.
        let digest = Sha256::digest(ids.iter().flat_map(|g| g.to_be_bytes()).collect::<Vec<u8>>());
        let tag: String = digest.iter().take(6).map(|b| char::from(b'A' + b % 26)).collect();
        font.font_name = Some(format!("{tag}+{family}"));
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        Ok(Self { font, units_per_em })
    }

    /// The width of `text` at `size` points, in mm.
    pub(super) fn width_mm(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text
            .chars()
            .map(|c| {
                let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
                f32::from(self.font.get_glyph_width(gid).unwrap_or(0))
            })
            .sum();
        units / self.units_per_em * size * 25.4 / 72.0
    }
}

pub(super) struct Fonts {
    pub(super) regular: Face,
    bold: Face,
    regular_id: FontId,
    bold_id: FontId,
}

/// The company logo placed top left: at most this wide and high, aspect kept.
const LOGO_MAX_W: f32 = 45.0;
const LOGO_MAX_H: f32 = 18.0;

pub(super) struct PlacedLogo {
    id: XObjectId,
    dpi: f32,
    width_mm: f32,
    height_mm: f32,
}

/// Decodes the logo and works out its size; a logo that cannot be decoded is left out (the
/// statement matters more than the picture).
pub(super) fn logo(doc: &mut PdfDocument, bytes: &[u8]) -> Option<PlacedLogo> {
    let image = RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?;
    let (w, h) = (image.width as f32, image.height as f32);
    if w < 1.0 || h < 1.0 {
        return None;
    }
    let mm_per_px = (LOGO_MAX_W / w).min(LOGO_MAX_H / h);
    let placed = PlacedLogo {
        id: doc.add_image(&image),
        dpi: 25.4 / mm_per_px,
        width_mm: w * mm_per_px,
        height_mm: h * mm_per_px,
    };
    Some(placed)
}

/// Ops of one page.
pub(super) struct Page<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) ops: Vec<Op>,
}

impl<'f> Page<'f> {
    pub(super) fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, ops: Vec::new() }
    }

    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let (face, id) = if bold {
            (&self.fonts.bold, &self.fonts.bold_id)
        } else {
            (&self.fonts.regular, &self.fonts.regular_id)
        };
        let x = match align {
            Align::Left => x,
            Align::Right => x - face.width_mm(text, size),
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(size) },
            Op::SetTextCursor { pos: Point::new(Mm(x), Mm(y)) },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    pub(super) fn rule(&mut self, y: f32, thickness: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine {
            line: Line {
                is_closed: false,
                points: vec![
                    LinePoint { p: Point::new(Mm(LEFT), Mm(y)), bezier: false },
                    LinePoint { p: Point::new(Mm(RIGHT), Mm(y)), bezier: false },
                ],
            },
        });
    }

    pub(super) fn shade(&mut self, y: f32, height: f32) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(0.9, None)) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Mm(LEFT).into(),
                y: Mm(y).into(),
                width: Mm(RIGHT - LEFT).into(),
                height: Mm(height).into(),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
        self.ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale::new(0.0, None)) });
    }

    fn table_header(&mut self, columns: &[Column], top: f32) {
        self.shade(top - 1.8, ROW);
        for c in columns {
            self.text(c.x, top, BODY, true, c.align, c.title);
        }
    }
}

/// Every character the statement prints, for the font subsets.
fn characters(statement: &Statement, rows: &[Vec<String>], fixed: &str) -> BTreeSet<char> {
    let mut text = String::from(fixed);
    text.push_str(&statement.words.all_text());
    let parties = [&statement.company, &statement.customer];
    for p in parties {
        text.push_str(&p.name);
        text.push_str(p.account_number.as_deref().unwrap_or(""));
        text.push_str(p.email.as_deref().unwrap_or(""));
        for l in &p.address_lines {
            text.push_str(l);
        }
    }
    text.push_str(statement.payment_details.as_deref().unwrap_or(""));
    text.push_str(&statement.title);
    text.push_str(statement.intro.as_deref().unwrap_or(""));
    text.push_str(statement.footer.as_deref().unwrap_or(""));
    text.push_str(&statement.currency);
    for row in rows {
        for cell in row {
            text.push_str(cell);
        }
    }
    text.chars().collect()
}

const FIXED_TEXT: &str = "STATEMENT OF ACCOUNT Activity statement Open items Statement date Account Period \
    Page of To Opening balance Balance due Closing balance Aging current 1–30 31–60 61–90 90+ days \
    Date Document Invoice Due Amount Paid Open Overdue Total Unapplied payments and credits How to pay \
    Amounts in 0123456789.,-–:()/·… ";

/// The document's fonts, subset to `chars` and added to it.
pub(super) fn fonts(doc: &mut PdfDocument, chars: &BTreeSet<char>) -> Result<Fonts> {
    let regular = Face::load(REGULAR, "DejaVuSans", chars)?;
    let bold = Face::load(BOLD, "DejaVuSans-Bold", chars)?;
    let regular_id = doc.add_font(&regular.font);
    let bold_id = doc.add_font(&bold.font);
    Ok(Fonts { regular, bold, regular_id, bold_id })
}

/// The PDF of `pages`.
pub(super) fn save(mut doc: PdfDocument, pages: Vec<PdfPage>) -> Vec<u8> {
    // The font is subset above (printpdf's own subsetting needs its layout engine).
    // Lossless images: a logo is line art, JPEG would smear it.
    let images = ImageOptimizationOptions {
        format: Some(ImageCompression::Flate),
        ..ImageOptimizationOptions::default()
    };
    let options = PdfSaveOptions {
        subset_fonts: false,
        optimize: true,
        image_optimization: Some(images),
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    doc.with_pages(pages).save(&options, &mut warnings)
}

/// `text` broken into lines no wider than `width` mm at `size` points (words longer than a line
/// are cut); at most `max` lines, the last ending in "…" when text was left out.
pub(super) fn wrap(face: &Face, text: &str, size: f32, width: f32, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if face.width_mm(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line: cut it.
            let mut rest = word.to_owned();
            while face.width_mm(&rest, size) > width {
                let mut cut = String::new();
                for c in rest.chars() {
                    if face.width_mm(&format!("{cut}{c}"), size) > width {
                        break;
                    }
                    cut.push(c);
                }
                if cut.is_empty() {
                    break;
                }
                rest = rest[cut.len()..].to_owned();
                lines.push(cut);
            }
            line = rest;
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && face.width_mm(&format!("{last}…"), size) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Renders `statement`; returns the PDF bytes.
pub fn render(statement: &Statement) -> Result<Vec<u8>> {
    let rows = cells(statement);
    let chars = characters(statement, &rows, FIXED_TEXT);
    let w = &statement.words;
    let mut doc = PdfDocument::new(&w.fill(
        "Statement {customer} {date}",
        &[("customer", &statement.customer.name), ("date", &w.date(&statement.as_of))],
    ));
    let fonts = fonts(&mut doc, &chars)?;
    let logo = statement.logo.as_ref().and_then(|(_, bytes)| logo(&mut doc, bytes));
    let columns = columns(statement.kind, w);

    // Lay the rows out over pages: the first page has the letterhead, the rest only the table.
    let first_rows = ((FIRST_TABLE_TOP - ROW - TABLE_BOTTOM) / ROW) as usize;
    let next_rows = ((NEXT_TABLE_TOP - ROW - TABLE_BOTTOM) / ROW) as usize;
    let mut chunks: Vec<&[Vec<String>]> = Vec::new();
    let mut rest: &[Vec<String>] = &rows;
    let mut capacity = first_rows;
    loop {
        let take = rest.len().min(capacity);
        chunks.push(&rest[..take]);
        rest = &rest[take..];
        if rest.is_empty() {
            break;
        }
        capacity = next_rows;
    }
    // The totals and aging need room below the last rows; else they go on a page of their own.
    const SUMMARY_HEIGHT: f32 = 58.0;
    let last_top = if chunks.len() == 1 { FIRST_TABLE_TOP } else { NEXT_TABLE_TOP };
    let last_bottom = last_top - ROW * (chunks.last().map_or(0, |c| c.len()) as f32 + 1.0);
    let summary_on_new_page = last_bottom - SUMMARY_HEIGHT < TABLE_BOTTOM;
    let total_pages = chunks.len() + usize::from(summary_on_new_page);

    let mut pages = Vec::with_capacity(total_pages);
    for (n, chunk) in chunks.iter().enumerate() {
        let mut page = Page::new(&fonts);
        let top = if n == 0 {
            letterhead(&mut page, statement, logo.as_ref());
            FIRST_TABLE_TOP
        } else {
            running_head(&mut page, statement);
            NEXT_TABLE_TOP
        };
        page.table_header(&columns, top);
        let mut y = top - ROW;
        if n == 0
            && let Some(opening) = statement.opening_balance
        {
            page.text(columns[1].x, y, BODY, false, Align::Left, w.t("Opening balance"));
            page.text(RIGHT, y, BODY, false, Align::Right, &w.money(opening));
            y -= ROW;
        }
        for row in chunk.iter() {
            for (c, cell) in columns.iter().zip(row) {
                page.text(c.x, y, BODY, false, c.align, cell);
            }
            y -= ROW;
        }
        if n + 1 == chunks.len() && !summary_on_new_page {
            summary(&mut page, statement, y);
        }
        footer(&mut page, statement, n + 1, total_pages);
        pages.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops));
    }
    if summary_on_new_page {
        let mut page = Page::new(&fonts);
        running_head(&mut page, statement);
        summary(&mut page, statement, NEXT_TABLE_TOP);
        footer(&mut page, statement, total_pages, total_pages);
        pages.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops));
    }
    Ok(save(doc, pages))
}

fn kind_title(statement: &Statement) -> &'static str {
    statement.words.t(match statement.kind {
        StatementKind::Activity => "Activity statement",
        StatementKind::OpenItems => "Open items",
    })
}

fn letterhead(page: &mut Page<'_>, s: &Statement, logo: Option<&PlacedLogo>) {
    company_block(page, &s.company, logo);
    let mut y = PAGE_H - 22.0;
    page.text(RIGHT, y, 14.0, true, Align::Right, &s.title);
    y -= 6.0;
    page.text(RIGHT, y, 10.0, false, Align::Right, kind_title(s));
    y -= 5.0;
    let w = &s.words;
    let as_of = w.date(&s.as_of);
    page.text(RIGHT, y, BODY, false, Align::Right, &w.fill("Statement date: {date}", &[("date", &as_of)]));
    if let Some(from) = &s.from {
        y -= 4.6;
        let period = w.fill("Period: {from} – {to}", &[("from", &w.date(from)), ("to", &as_of)]);
        page.text(RIGHT, y, BODY, false, Align::Right, &period);
    }
    if let Some(account) = &s.customer.account_number {
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
        &w.fill("Amounts in {currency}", &[("currency", &s.currency)]),
    );
    customer_block(page, &s.customer, w);
    let due = format!("{} {}", w.money(s.balance), s.currency);
    page.text(RIGHT, 222.0, 11.0, true, Align::Right, &w.fill("Balance due: {amount}", &[("amount", &due)]));
    page.rule(216.0, 0.6);
    if let Some(intro) = &s.intro {
        intro_line(page, intro);
    }
}

/// The logo top left, the company's name, address and email beside it.
pub(super) fn company_block(page: &mut Page<'_>, company: &super::Party, logo: Option<&PlacedLogo>) {
    let mut y = PAGE_H - 22.0;
    let mut x = LEFT;
    if let Some(logo) = logo {
        page.ops.push(Op::UseXobject {
            id: logo.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Mm(LEFT).into()),
                translate_y: Some(Mm(PAGE_H - 16.0 - logo.height_mm).into()),
                dpi: Some(logo.dpi),
                ..XObjectTransform::default()
            },
        });
        x = LEFT + logo.width_mm + 5.0;
    }
    page.text(x, y, 14.0, true, Align::Left, &company.name);
    for line in company.address_lines.iter().chain(company.email.iter()) {
        y -= 4.6;
        page.text(x, y, BODY, false, Align::Left, line);
    }
}

/// "To", the customer's name and address, left under the letterhead.
pub(super) fn customer_block(page: &mut Page<'_>, customer: &super::Party, w: &Words) {
    let mut y = 248.0;
    page.text(LEFT, y, 8.0, false, Align::Left, w.t("To"));
    y -= 5.0;
    page.text(LEFT, y, 11.0, true, Align::Left, &customer.name);
    for line in &customer.address_lines {
        y -= 4.6;
        page.text(LEFT, y, BODY, false, Align::Left, line);
    }
}

fn running_head(page: &mut Page<'_>, s: &Statement) {
    let w = &s.words;
    let account = s
        .customer
        .account_number
        .as_deref()
        .map(|a| w.fill(" · Account {account}", &[("account", a)]))
        .unwrap_or_default();
    page.text(LEFT, PAGE_H - 20.0, 10.0, true, Align::Left, &format!("{}{account}", s.customer.name));
    page.text(
        RIGHT,
        PAGE_H - 20.0,
        BODY,
        false,
        Align::Right,
        &format!("{} · {}", kind_title(s), w.fill("Statement date {date}", &[("date", &w.date(&s.as_of))])),
    );
    page.rule(PAGE_H - 23.0, 0.4);
}

fn summary(page: &mut Page<'_>, s: &Statement, top: f32) {
    let w = &s.words;
    let mut y = top - 2.0;
    page.rule(y + 3.6, 0.6);
    let label = match s.kind {
        StatementKind::Activity => "Closing balance",
        StatementKind::OpenItems => "Balance due",
    };
    page.text(RIGHT - 50.0, y, 10.0, true, Align::Right, w.t(label));
    page.text(RIGHT, y, 10.0, true, Align::Right, &format!("{} {}", w.money(s.balance), s.currency));
    if s.unapplied != 0 {
        y -= ROW;
        page.text(RIGHT - 50.0, y, BODY, false, Align::Right, w.t("Unapplied payments and credits"));
        page.text(RIGHT, y, BODY, false, Align::Right, &w.money(-s.unapplied));
    }
    y -= ROW * 2.0;
    page.text(
        LEFT,
        y,
        10.0,
        true,
        Align::Left,
        &w.fill("Aging as of {date}", &[("date", &w.date(&s.as_of))]),
    );
    y -= ROW + 1.0;
    let buckets = [
        ("Current", s.aging.current),
        ("1–30 days", s.aging.days_1_30),
        ("31–60 days", s.aging.days_31_60),
        ("61–90 days", s.aging.days_61_90),
        ("90+ days", s.aging.over_90),
        ("Total", s.aging.total()),
    ];
    let width = (RIGHT - LEFT) / buckets.len() as f32;
    page.shade(y - 1.8, ROW);
    for (i, (title, _)) in buckets.iter().enumerate() {
        page.text(LEFT + width * (i as f32 + 1.0) - 2.0, y, BODY, true, Align::Right, w.t(title));
    }
    y -= ROW;
    for (i, (_, amount)) in buckets.iter().enumerate() {
        page.text(LEFT + width * (i as f32 + 1.0) - 2.0, y, BODY, false, Align::Right, &w.money(*amount));
    }
    if let Some(details) = &s.payment_details {
        y -= ROW * 2.0;
        page.text(LEFT, y, BODY, true, Align::Left, w.t("How to pay"));
        for line in details.lines().take(4) {
            y -= 4.6;
            page.text(LEFT, y, BODY, false, Align::Left, line);
        }
    }
}

fn footer(page: &mut Page<'_>, s: &Statement, n: usize, of: usize) {
    page_footer(page, s.footer.as_deref().unwrap_or(&s.company.name), n, of, &s.words);
}

/// The intro line under the letterhead's rule, above the table: one line, cut with "…" when it
/// does not fit.
pub(super) fn intro_line(page: &mut Page<'_>, intro: &str) {
    let line = wrap(&page.fonts.regular, intro, BODY, RIGHT - LEFT, 1).into_iter().next().unwrap_or_default();
    page.text(LEFT, 211.2, BODY, false, Align::Left, &line);
}

/// The footer of every page: the footer text (or the company's name) and "Page n of m".
pub(super) fn page_footer(page: &mut Page<'_>, text: &str, n: usize, of: usize, w: &Words) {
    page.rule(16.0, 0.3);
    page.text(LEFT, 11.0, 8.0, false, Align::Left, text);
    let page_of = w.fill("Page {n} of {of}", &[("n", &n.to_string()), ("of", &of.to_string())]);
    page.text(RIGHT, 11.0, 8.0, false, Align::Right, &page_of);
}

/// One line of a plain page ([`plain_page`]): its size in points, bold or not, the text, and the
/// space before it in mm.
pub(crate) struct PlainLine {
    pub size: f32,
    pub bold: bool,
    pub text: String,
    pub gap: f32,
}

/// A one-page A4 PDF of text lines from the top, in the statements' font (the recovery kit of
/// the team's passwords uses it). Lines that do not fit are left out; keep it short.
pub(crate) fn plain_page(title: &str, lines: &[PlainLine]) -> Result<Vec<u8>> {
    let chars: BTreeSet<char> = lines.iter().flat_map(|l| l.text.chars()).chain(title.chars()).collect();
    let mut doc = PdfDocument::new(title);
    let fonts = fonts(&mut doc, &chars)?;
    let mut page = Page::new(&fonts);
    let mut y = PAGE_H - 20.0;
    for line in lines {
        y -= line.gap + line.size * 25.4 / 72.0 * 1.25;
        if y < 12.0 {
            break;
        }
        page.text(LEFT, y, line.size, line.bold, Align::Left, &line.text);
    }
    let pdf_page = PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops);
    let options = PdfSaveOptions { subset_fonts: false, optimize: true, ..PdfSaveOptions::default() };
    let mut warnings = Vec::new();
    Ok(doc.with_pages(vec![pdf_page]).save(&options, &mut warnings))
}
