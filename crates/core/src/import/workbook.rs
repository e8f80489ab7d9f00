//! Reading spreadsheets as Excel and LibreOffice save them (.xlsx, .xlsm, .xlsb, .xls, .ods) into
//! rows of text, the text a user sees in the cell: formulas give their last computed value,
//! whole numbers stay whole ("100000000000", never "1E+11"), dates read as ISO dates
//! ("2024-03-01"), text keeps its leading zeros, and so does a number shown with a zero-padded
//! format ("00124" for 124 under `00000`, ZIP+4 and similar digit masks; .xlsx only, the other
//! readers do not give the format). The sheet is chosen by name (the first visible
//! one by default); hidden sheets are not offered. An .xlsx sheet is streamed cell by cell, so a
//! stray cell in row 1,048,576 costs nothing; the reader lays other sheets out as whole
//! rectangles (an .ods file's every sheet as soon as it is opened), so an .ods file's size is
//! measured first (.xls cannot exceed 65,536 × 256 cells; .xlsb, rare, is read like .xls).

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, SheetType, SheetVisible, Sheets, open_workbook_auto_from_rs};

use super::read::{MAX_CELL_BYTES, file_error};
use crate::Result;
use crate::messages::msg;

/// Excel's limits: a cell beyond them is a broken (or hostile) file.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// Rows read from a whole file at once (a workbook's sheet, the cards of a vCard file).
pub(crate) struct Table {
    /// Rows with data, in order; blank rows are left out.
    pub rows: Vec<TableRow>,
}

/// One row of a [`Table`]: its number as the user knows it, and its cells or why it is unreadable.
pub(crate) struct TableRow {
    pub row: u64,
    pub cells: std::result::Result<Vec<String>, Unreadable>,
}

/// Why a row of a [`Table`] cannot be read: a sentence, and the column it is about (0-based).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unreadable {
    pub column: Option<usize>,
    pub message: String,
}

/// A zip (.xlsx, .xlsm, .xlsb, .ods) or an OLE compound file (.xls, or any Office file saved
/// with a password).
pub(crate) fn is_workbook(sample: &[u8]) -> bool {
    sample.starts_with(b"PK\x03\x04") || sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The worksheets a user can pick: visible ones, in workbook order.
pub(crate) fn sheet_names(bytes: &[u8]) -> Result<Vec<String>> {
    let book = open(bytes)?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if names.is_empty() {
        return Err(file_error(msg("This workbook has no visible worksheet to import.", &[])));
    }
    Ok(names)
}

/// Reads the sheet `name` of the workbook in `bytes`.
pub(crate) fn read_sheet(bytes: &[u8], name: &str) -> Result<Table> {
    let mut book = open(bytes)?;
    if !book.sheet_names().iter().any(|n| n == name) {
        return Err(file_error(msg("This workbook has no sheet named “{name}”.", &[("name", name)])));
    }
    let mut cells: Vec<(u32, u32, std::result::Result<String, String>)> = Vec::new();
    match &mut book {
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| sheet_error(name, &e))?;
            while let Some((cell, style)) =
                reader.next_cell_with_style_id().map_err(|e| sheet_error(name, &e))?
            {
                let (row, col) = cell.get_position();
                check_position(name, row, col)?;
                let mask = reader.styles().get(style).and_then(|s| s.number_format.as_ref());
                let text = match cell.get_value() {
                    DataRef::SharedString(s) => Ok((*s).to_owned()),
                    DataRef::Float(f) => {
                        Ok(mask.and_then(|m| masked(*f, &m.format_code)).unwrap_or_else(|| number(*f)))
                    }
                    DataRef::Int(i) => Ok(mask
                        .and_then(|m| masked(*i as f64, &m.format_code))
                        .unwrap_or_else(|| i.to_string())),
                    other => text(&Data::from(other.clone())),
                };
                if !matches!(&text, Ok(t) if t.trim().is_empty()) {
                    cells.push((row, col, text));
                }
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(|e| sheet_error(name, &e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, row) in range.rows().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    let text = text(value);
                    if !matches!(&text, Ok(t) if t.trim().is_empty()) {
                        cells.push((top + r as u32, left + c as u32, text));
                    }
                }
            }
        }
    }
    Ok(Table { rows: into_rows(cells) })
}

/// A cell beyond Excel's last row or column: a broken (or hostile) file.
fn check_position(name: &str, row: u32, col: u32) -> Result<()> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        return Err(file_error(msg(
            "The sheet “{name}” has a cell beyond Excel's last row or column; save the workbook again from the spreadsheet.",
            &[("name", name)],
        )));
    }
    Ok(())
}

/// Cells an .ods sheet may span (its used rows × columns): the reader lays the whole rectangle
/// out in memory (about 60 bytes a cell), so a sheet much larger than this would take gigabytes;
/// .xlsx and CSV are streamed and have no such limit.
const MAX_ODS_CELLS: u64 = 5_000_000;

/// Whether a zip is an OpenDocument spreadsheet (its `mimetype` entry says so).
fn is_ods(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return false };
    let Ok(entry) = zip.by_name("mimetype") else { return false };
    let mut kind = String::new();
    entry.take(100).read_to_string(&mut kind).is_ok()
        && kind.trim() == "application/vnd.oasis.opendocument.spreadsheet"
}

/// Measures the used rectangle of every sheet of an .ods file from its XML, repeated rows and
/// columns counted as the reader expands them, and refuses the file when they come to more than
/// [`MAX_ODS_CELLS`] — before the reader, which lays out every sheet as soon as the file is
/// opened, allocates anything.
fn check_ods_size(bytes: &[u8]) -> Result<()> {
    use quick_xml::events::Event;
    let unreadable = |e: &dyn std::fmt::Display| {
        file_error(msg(
            "This workbook could not be read ({e}); save it again and retry.",
            &[("e", &e.to_string())],
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| unreadable(&e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    // A repeat of 0 (or none) counts once, as the reader counts it.
    let repeat = |e: &quick_xml::events::BytesStart, attribute: &str| -> u64 {
        e.try_get_attribute(attribute)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let (mut buf, mut skip) = (Vec::new(), Vec::new());
    // The sheet being read: its name, the next row, and the used rectangle so far.
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let mut row_used: Option<(u64, u64)> = None;
    let (mut top, mut bottom, mut left, mut right) = (u64::MAX, 0u64, u64::MAX, 0u64);
    // Each sheet's size (cells, rows, columns).
    let mut sizes: Vec<(String, u64, u64, u64)> = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| unreadable(&e))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone().into_owned()), false),
            Event::Empty(e) => (Some(e.clone().into_owned()), true),
            _ => (None, false),
        };
        match (&event, start) {
            (Event::Eof, _) => break,
            (_, Some(e)) if e.name().as_ref() == "table:table" && !empty => {
                let name = e.try_get_attribute("table:name").ok().flatten().and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
                });
                sheet = Some(name.unwrap_or_default());
                (row, top, bottom, left, right) = (0, u64::MAX, 0, u64::MAX, 0);
            }
            (_, Some(e)) if sheet.is_some() && e.name().as_ref() == "table:table-row" => {
                (col, row_repeat, row_used) = (0, repeat(&e, "table:number-rows-repeated"), None);
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            (_, Some(e))
                if sheet.is_some()
                    && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let span = repeat(&e, "table:number-columns-repeated").min(u64::from(MAX_COLUMNS));
                // A cell with a value, or with text (or anything) inside, is used.
                let used = e.try_get_attribute("office:value-type").ok().flatten().is_some() || !empty;
                if !empty {
                    reader.read_to_end_into(e.to_end().name(), &mut skip).map_err(|err| unreadable(&err))?;
                    skip.clear();
                }
                if used {
                    let (first, last) = row_used.unwrap_or((col, col));
                    row_used = Some((first.min(col), last.max(col.saturating_add(span - 1))));
                }
                col = col.saturating_add(span);
            }
            (Event::End(e), _) if sheet.is_some() && e.name().as_ref() == "table:table-row" => {
                if let Some((first, last)) = row_used {
                    top = top.min(row);
                    bottom = bottom.max(row.saturating_add(row_repeat - 1).min(u64::from(MAX_ROWS) - 1));
                    (left, right) = (left.min(first), right.max(last));
                }
                row = row.saturating_add(row_repeat);
            }
            (Event::End(e), _) if e.name().as_ref() == "table:table" => {
                if let Some(name) = sheet.take()
                    && top != u64::MAX
                {
                    let (rows, columns) = (bottom - top + 1, right.saturating_sub(left) + 1);
                    sizes.push((name, rows.saturating_mul(columns), rows, columns));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    let total: u64 = sizes.iter().map(|s| s.1).fold(0, u64::saturating_add);
    if total <= MAX_ODS_CELLS {
        return Ok(());
    }
    match sizes.iter().max_by_key(|s| s.1) {
        Some((name, cells, rows, columns)) if *cells > MAX_ODS_CELLS => Err(file_error(msg(
            "The sheet “{name}” spans {rows} rows × {columns} columns, more than Fieldbook reads from an .ods \
             file at once; save it as .xlsx or CSV (those are read a row at a time) and import that.",
            &[("name", name), ("rows", &rows.to_string()), ("columns", &columns.to_string())],
        ))),
        _ => Err(file_error(msg(
            "The sheets of this workbook span {total} cells together, more than Fieldbook reads from an .ods \
             file at once; save it as .xlsx or CSV (those are read a row at a time) and import that.",
            &[("total", &total.to_string())],
        ))),
    }
}

/// Lays cells out in rows: columns start at the leftmost used one, blank rows are left out.
fn into_rows(mut cells: Vec<(u32, u32, std::result::Result<String, String>)>) -> Vec<TableRow> {
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let left = cells.iter().map(|(_, col, _)| *col).min().unwrap_or(0);
    let mut rows: Vec<TableRow> = Vec::new();
    for (row, col, value) in cells {
        let number = u64::from(row) + 1;
        if rows.last().is_none_or(|r| r.row != number) {
            rows.push(TableRow { row: number, cells: Ok(Vec::new()) });
        }
        let Some(last) = rows.last_mut() else { continue };
        let column = (col - left) as usize;
        match (&mut last.cells, value) {
            (Ok(cells), Ok(text)) => {
                if text.len() > MAX_CELL_BYTES {
                    let message = msg(
                        "The cell holds more than the {max} kB a cell may hold.",
                        &[("max", &(MAX_CELL_BYTES / 1000).to_string())],
                    );
                    last.cells = Err(Unreadable { column: Some(column), message });
                    continue;
                }
                cells.resize(column, String::new());
                cells.push(text.trim().to_owned());
            }
            (Ok(_), Err(message)) => last.cells = Err(Unreadable { column: Some(column), message }),
            (Err(_), _) => {}
        }
    }
    rows
}

/// A cell as the text Excel shows for it (in ISO form for dates).
fn text(value: &Data) -> std::result::Result<String, String> {
    Ok(match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::Error(e) => {
            return Err(msg(
                "The cell shows the error {e}; fix it in the workbook first.",
                &[("e", &e.to_string())],
            ));
        }
    })
}

/// A number as a spreadsheet shows it in a general cell: whole numbers without a fraction or an
/// exponent, others to the 15 significant digits Excel keeps (0.1 + 0.2 shows 0.3).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    if !f.is_finite() || f == 0.0 {
        return f.to_string();
    }
    let magnitude = f.abs().log10().floor() as i32;
    let decimals = (14 - magnitude).clamp(0, 30) as usize;
    let text = format!("{f:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    text.to_owned()
}

/// A whole number under a digit mask, as Excel shows it: `00000` pads 124 to "00124", ZIP+4's
/// `00000\-0000` gives "12345-6789". Only masks of `0` and `#` placeholders with literal
/// separators (escaped, quoted, or `-`, space, `(`, `)`, `/`) count; anything else (decimals,
/// thousands, dates, currency, colours) reads as a general number.
fn masked(value: f64, code: &str) -> Option<String> {
    if value.fract() != 0.0 || !(0.0..1e15).contains(&value) {
        return None;
    }
    enum Part {
        Zero,
        Hash,
        Literal(String),
    }
    let section = code.split(';').next()?;
    let mut parts = Vec::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        parts.push(match c {
            '0' => Part::Zero,
            '#' => Part::Hash,
            '\\' => Part::Literal(chars.next()?.to_string()),
            '"' => Part::Literal(chars.by_ref().take_while(|c| *c != '"').collect()),
            '-' | ' ' | '(' | ')' | '/' => Part::Literal(c.to_string()),
            _ => return None,
        });
    }
    let zeros = parts.iter().filter(|p| matches!(p, Part::Zero)).count();
    let literal = parts.iter().any(|p| matches!(p, Part::Literal(_)));
    if zeros == 0 || (zeros < 2 && !literal) {
        return None;
    }
    // Placeholders take the digits from the right; what is left over goes before the first one.
    let mut digits: Vec<char> = format!("{value:.0}").chars().collect();
    let mut out: Vec<String> = Vec::new();
    for part in parts.iter().rev() {
        out.push(match part {
            Part::Zero => digits.pop().unwrap_or('0').to_string(),
            Part::Hash => digits.pop().map(String::from).unwrap_or_default(),
            Part::Literal(text) => text.clone(),
        });
    }
    let first = parts.iter().position(|p| !matches!(p, Part::Literal(_)))?;
    let rest: String = digits.into_iter().collect();
    let mut text: Vec<String> = out.into_iter().rev().collect();
    text.insert(first, rest);
    Some(text.concat())
}

fn open(bytes: &[u8]) -> Result<Sheets<Cursor<&[u8]>>> {
    if bytes.starts_with(b"PK\x03\x04") && is_ods(bytes) {
        check_ods_size(bytes)?;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && is_encrypted(bytes) {
        return Err(file_error(msg(
            "This workbook is protected with a password. Open it in Excel or LibreOffice, remove the \
             password (or save a copy without one), and import that copy.",
            &[],
        )));
    }
    open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(b"PK\x03\x04") {
            file_error(msg(
                "This is a zip file but not a workbook Fieldbook can read (.xlsx, .xlsm, .xlsb or .ods); \
                 save it from the spreadsheet as a workbook or as CSV.",
                &[],
            ))
        } else {
            file_error(msg(
                "This is an Office file but not a workbook Fieldbook can read (.xls); save it from the \
                 spreadsheet as .xlsx or as CSV.",
                &[],
            ))
        }
    })
}

/// An Office file saved with a password is a compound file holding an "EncryptedPackage" stream.
fn is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn sheet_error(name: &str, e: &dyn std::fmt::Display) -> crate::Error {
    file_error(msg(
        "The sheet “{name}” could not be read ({e}); save the workbook again and retry.",
        &[("name", name), ("e", &e.to_string())],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number(100_000_000_000.0), "100000000000");
        assert_eq!(number(42.0), "42");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(1.0 / 3.0), "0.333333333333333");
        assert_eq!(number(-2.75), "-2.75");
    }

    #[test]
    fn digit_masks_show_the_number_as_excel_does() {
        assert_eq!(masked(124.0, "00000").as_deref(), Some("00124"));
        assert_eq!(masked(123456.0, "0000").as_deref(), Some("123456"));
        assert_eq!(masked(123456789.0, "00000\\-0000").as_deref(), Some("12345-6789"));
        assert_eq!(masked(12345678.0, "000\\-00\\-0000").as_deref(), Some("012-34-5678"));
        assert_eq!(masked(7.0, "\"C\"0000").as_deref(), Some("C0007"));
        assert_eq!(masked(4420794600.0, "(000) 000-0000").as_deref(), Some("(442) 079-4600"));
        // General, decimals, thousands, dates, a single 0 and fractions are not masks.
        for code in ["General", "0.00", "#,##0", "dd/mm/yyyy", "0", "@"] {
            assert_eq!(masked(124.0, code), None, "{code}");
        }
        assert_eq!(masked(12.5, "00000"), None);
        assert_eq!(masked(-5.0, "00000"), None);
    }

    #[test]
    fn cells_are_laid_out_from_the_leftmost_used_column_without_blank_rows() {
        let cells = vec![
            (4, 2, Ok("x".to_owned())),
            (1, 1, Ok("Name".to_owned())),
            (1, 3, Ok("City".to_owned())),
            (2, 1, Ok("Acme".to_owned())),
            (2, 2, Err("bad".to_owned())),
        ];
        let rows = into_rows(cells);
        let shown: Vec<(u64, std::result::Result<Vec<String>, Unreadable>)> =
            rows.into_iter().map(|r| (r.row, r.cells)).collect();
        assert_eq!(
            shown,
            vec![
                (2, Ok(vec!["Name".into(), String::new(), "City".into()])),
                (3, Err(Unreadable { column: Some(1), message: "bad".into() })),
                (5, Ok(vec![String::new(), "x".into()])),
            ]
        );
    }
}
