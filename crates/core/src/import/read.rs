//! Reading the files people import. Delimited text as spreadsheets write it: the encoding (UTF-8
//! with or without BOM, UTF-16 with BOM as Excel's "Unicode Text", Windows-1252), the delimiter
//! (comma, semicolon, tab, pipe) and whether the first row is a header are sniffed from the first
//! 64 KiB, each with a manual override; its records are streamed, never held in memory whole.
//! Workbooks (.xlsx, .xls, .ods — see `workbook.rs`) and vCard files (`vcard.rs`) are recognised
//! by their first bytes and read whole into a table. Either way the file's SHA-256 is computed on
//! the way, so an apply can prove it read the previewed file.

use std::fs::File;
use std::io::{self, BufReader, Read};

use super::decode::{Bounded, Decoding, Hashing, Malformed, RecordTooLong};
use super::vcard;
use super::workbook::{self, Table};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::messages::msg;
use crate::{Error, Result};

/// How much of the file the sniffing looks at.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The longest value accepted in one cell (a 10 MB cell is a broken file, not an address).
pub const MAX_CELL_BYTES: usize = 100_000;

/// A text encoding Fieldbook can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub(super) fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Self::Utf8 => encoding_rs::UTF_8,
            Self::Utf16Le => encoding_rs::UTF_16LE,
            Self::Utf16Be => encoding_rs::UTF_16BE,
            Self::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }

    /// The name a user knows it by.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16 LE",
            Self::Utf16Be => "UTF-16 BE",
            Self::Windows1252 => "Windows-1252",
        }
    }
}

/// A field delimiter Fieldbook can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

impl Delimiter {
    pub const ALL: [Delimiter; 4] = [Self::Comma, Self::Semicolon, Self::Tab, Self::Pipe];

    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
            Self::Pipe => b'|',
        }
    }
}

/// What the user chose by hand; `None` means "sniff it".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReadOptions {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<Delimiter>,
    pub has_header: Option<bool>,
    /// A workbook's sheet, by name (the first visible one when `None`).
    pub sheet: Option<String>,
}

/// What kind of file it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileSource {
    /// Delimited text (CSV, semicolon- or tab-separated).
    #[default]
    Text,
    /// An Excel or OpenDocument workbook.
    Workbook,
    /// vCard: one row per card (the row number is the card's number).
    Vcard,
}

/// How a file will be read: what was sniffed, with the overrides applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FileFormat {
    pub source: FileSource,
    /// A workbook's visible sheets, in order (empty for other files).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// The row the table starts on (its header, when it has one): 1, or in a workbook the row
    /// below title lines ("Customer list 2026" over the real header).
    #[ts(type = "number")]
    pub first_row: u64,
    /// For text files; UTF-8 for the others.
    pub encoding: TextEncoding,
    /// For text files; comma for the others.
    pub delimiter: Delimiter,
    pub has_header: bool,
    /// Column names: the header row (blank ones named "Column N", repeated ones numbered), or
    /// "Column 1…N" when there is no header.
    pub headers: Vec<String>,
}

/// Sniffs the format of the file at `path`, honouring `options`. `looks_like_header` says
/// whether a row of cells reads as column names (the mapping knows the names).
pub fn sniff(
    path: &Path,
    options: ReadOptions,
    looks_like_header: impl Fn(&[String]) -> bool,
) -> Result<FileFormat> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    File::open(path)
        .map_err(|e| open_error(path, e))?
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| read_error(&e))?;
    if workbook::is_workbook(&sample) {
        let bytes = std::fs::read(path).map_err(|e| open_error(path, e))?;
        let sheets = workbook::sheet_names(&bytes)?;
        let top_rows = |sheet: &str| -> Result<Vec<(u64, Vec<String>)>> {
            let table = workbook::read_sheet(&bytes, sheet)?;
            Ok(table.rows.into_iter().take(10).filter_map(|r| r.cells.ok().map(|c| (r.row, c))).collect())
        };
        // The chosen sheet; else the first with a row that names fields (a "Read me" sheet
        // before the data is passed over); else the first that is not empty.
        let (sheet, top) = match &options.sheet {
            Some(sheet) => (sheet.clone(), top_rows(sheet)?),
            None => {
                let mut found = None;
                for sheet in &sheets {
                    let top = top_rows(sheet)?;
                    if top.iter().any(|(_, cells)| looks_like_header(cells)) {
                        found = Some((sheet.clone(), top));
                        break;
                    }
                }
                match found {
                    Some(found) => found,
                    None => {
                        let mut first = None;
                        for sheet in &sheets {
                            let top = top_rows(sheet)?;
                            if !top.is_empty() {
                                first = Some((sheet.clone(), top));
                                break;
                            }
                        }
                        first.unwrap_or_else(|| (sheets[0].clone(), Vec::new()))
                    }
                }
            }
        };
        if top.is_empty() {
            return Err(file_error(msg(
                "The sheet “{sheet}” is empty; choose another sheet.",
                &[("sheet", &sheet)],
            )));
        }
        // Title lines above the table are skipped: it starts at the first row that names fields.
        let start = match options.has_header {
            Some(false) => 0,
            _ => top.iter().position(|(_, cells)| looks_like_header(cells)).unwrap_or(0),
        };
        let first_row = top[start].0;
        let rows: Vec<Vec<String>> = top.into_iter().skip(start).map(|(_, cells)| cells).collect();
        let first = &rows[0];
        let has_header = options
            .has_header
            .unwrap_or_else(|| looks_like_header(first) || reads_as_header(&rows[..rows.len().min(2)]));
        // Data under a column without a header still gets a column ("Column 5").
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let headers = if has_header {
            let mut first = first.clone();
            first.resize(width, String::new());
            header_names(&first)
        } else {
            (1..=width).map(column_name).collect()
        };
        return Ok(FileFormat {
            source: FileSource::Workbook,
            sheets,
            sheet: Some(sheet),
            first_row,
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Comma,
            has_header,
            headers,
        });
    }
    if vcard::is_vcard(&sample) {
        return Ok(FileFormat {
            source: FileSource::Vcard,
            sheets: Vec::new(),
            sheet: None,
            first_row: 1,
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Comma,
            has_header: true,
            headers: vcard::HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        });
    }
    sniff_bytes(&sample, options, looks_like_header)
}

/// Sniffing over the first bytes of a file (public for the fuzz tests).
pub fn sniff_bytes(
    sample: &[u8],
    options: ReadOptions,
    looks_like_header: impl Fn(&[String]) -> bool,
) -> Result<FileFormat> {
    if sample.is_empty() {
        return Err(file_error(msg("The file is empty.", &[])));
    }
    refuse_known_binaries(sample)?;
    let encoding = match options.encoding {
        Some(encoding) => encoding,
        None => sniff_encoding(sample)?,
    };
    let text = decode_sample(sample, encoding)?;
    if text.trim().is_empty() {
        return Err(file_error(msg("The file has no text in it.", &[])));
    }
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')).count();
    if controls * 100 > text.chars().count() {
        return Err(file_error(msg(
            "This does not look like a text file (it has control characters); export it as CSV or tab-delimited text.",
            &[],
        )));
    }
    let truncated = sample.len() == SAMPLE_BYTES;
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => sniff_delimiter(&text, truncated),
    };
    let rows = sample_rows(&text, delimiter, truncated, 2);
    let Some(first) = rows.first() else {
        return Err(file_error(msg("The file has no rows.", &[])));
    };
    let has_header = options.has_header.unwrap_or_else(|| looks_like_header(first) || reads_as_header(&rows));
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let headers = if has_header { header_names(first) } else { (1..=width).map(column_name).collect() };
    Ok(FileFormat {
        source: FileSource::Text,
        sheets: Vec::new(),
        sheet: None,
        first_row: 1,
        encoding,
        delimiter,
        has_header,
        headers,
    })
}

fn refuse_known_binaries(sample: &[u8]) -> Result<()> {
    let message = if workbook::is_workbook(sample) {
        msg("This is a workbook, not a delimited text file; choose it as a file to import instead.", &[])
    } else if sample.starts_with(b"%PDF") {
        msg("This is a PDF, not a delimited text file.", &[])
    } else {
        return Ok(());
    };
    Err(file_error(message))
}

fn sniff_encoding(sample: &[u8]) -> Result<TextEncoding> {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(TextEncoding::Utf8);
    }
    if sample.starts_with(&[0xFF, 0xFE]) {
        return Ok(TextEncoding::Utf16Le);
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return Ok(TextEncoding::Utf16Be);
    }
    // UTF-16 without a BOM: ASCII text leaves every other byte zero.
    let pairs = sample.len() / 2;
    if pairs >= 2 {
        let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        if odd * 10 >= pairs * 3 && even * 10 < pairs {
            return Ok(TextEncoding::Utf16Le);
        }
        if even * 10 >= pairs * 3 && odd * 10 < pairs {
            return Ok(TextEncoding::Utf16Be);
        }
    }
    if sample.contains(&0) {
        return Err(file_error(msg(
            "This does not look like a text file (it has zero bytes); export it as CSV or tab-delimited text.",
            &[],
        )));
    }
    match std::str::from_utf8(sample) {
        // Valid UTF-8 that decodes to C1 control codes or to Syriac, Thaana or N'Ko letters is
        // Windows-1252 that happens to pair up ("ß€" is the bytes DF 80, N'Ko's "߀").
        Ok(text) if text.chars().any(|c| matches!(c, '\u{80}'..='\u{9F}' | '\u{700}'..='\u{7FF}')) => {
            Ok(TextEncoding::Windows1252)
        }
        Ok(_) => Ok(TextEncoding::Utf8),
        // A sample cut in the middle of a character is still UTF-8.
        Err(e) if e.error_len().is_none() => Ok(TextEncoding::Utf8),
        Err(_) => Ok(TextEncoding::Windows1252),
    }
}

fn decode_sample(sample: &[u8], encoding: TextEncoding) -> Result<String> {
    let mut decoder = encoding.encoding().new_decoder_with_bom_removal();
    let mut text = String::with_capacity(sample.len() + 16);
    let capacity =
        decoder.max_utf8_buffer_length_without_replacement(sample.len()).unwrap_or(sample.len() * 3);
    text.reserve(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(sample, &mut text, false);
    match result {
        encoding_rs::DecoderResult::Malformed(_, _) => Err(file_error(msg(
            "The start of the file is not valid {encoding} text (byte {byte}); choose its encoding by hand.",
            &[("encoding", encoding.label()), ("byte", &read.to_string())],
        ))),
        _ => Ok(text),
    }
}

/// The delimiter whose split gives the most rows with the same, largest number of fields.
fn sniff_delimiter(text: &str, truncated: bool) -> Delimiter {
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for delimiter in Delimiter::ALL {
        let rows = sample_rows(text, delimiter, truncated, 50);
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for row in &rows {
            *counts.entry(row.len()).or_default() += 1;
        }
        let Some((&width, &same)) = counts.iter().filter(|(w, _)| **w > 1).max_by_key(|(w, n)| (**n, **w))
        else {
            continue;
        };
        if (same, width) > (best.1, best.2) {
            best = (delimiter, same, width);
        }
    }
    best.0
}

/// Parses the first `limit` records of the sample (the last one dropped when the sample was cut).
fn sample_rows(text: &str, delimiter: Delimiter, truncated: bool, limit: usize) -> Vec<Vec<String>> {
    let mut reader = csv_builder(delimiter).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for record in reader.records().take(limit + 1) {
        let Ok(record) = record else { break };
        if is_blank(&record) {
            continue;
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    if truncated && rows.len() > limit.min(1) {
        rows.pop();
    }
    rows.truncate(limit);
    rows
}

/// Without known column names: a first row of distinct, non-empty text cells over a second row
/// that has numbers, emails or blanks reads as a header.
fn reads_as_header(rows: &[Vec<String>]) -> bool {
    let Some(first) = rows.first() else { return false };
    let looks_like_data = |cell: &str| {
        let cell = cell.trim();
        cell.is_empty() || cell.contains('@') || cell.chars().any(|c| c.is_ascii_digit())
    };
    let mut seen = std::collections::HashSet::new();
    let names = first.iter().all(|c| !looks_like_data(c) && seen.insert(c.trim().to_lowercase()));
    names && rows.get(1).is_some_and(|second| second.iter().any(|c| looks_like_data(c)))
}

/// The name of a column without a header ("Column 5"; 1-based).
fn column_name(number: usize) -> String {
    msg("Column {number}", &[("number", &number.to_string())])
}

fn header_names(row: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(row.len());
    for (i, cell) in row.iter().enumerate() {
        let base = match cell.trim() {
            "" => column_name(i + 1),
            name => name.to_owned(),
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.iter().any(|existing| existing.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.push(name);
    }
    names
}

fn csv_builder(delimiter: Delimiter) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.delimiter(delimiter.byte()).has_headers(false).flexible(true);
    builder
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// One data record: its row number as a spreadsheet shows it (the header is row 1) and its cells.
#[derive(Debug)]
pub struct Record {
    pub row: u64,
    pub cells: Vec<String>,
}

/// Why a record could not be read; the file as a whole can still be read past most of these.
#[derive(Debug)]
pub enum RecordError {
    /// A bad row: the rest of the file is still read.
    Row { row: u64, message: String },
    /// A bad row, said in a whole sentence, about one column when known.
    Cell { row: u64, column: Option<String>, message: String },
    /// The file itself failed (cannot be decoded, vanished); reading stops.
    File(Error),
}

/// The records of a file in `format`: streamed from text, hashing the bytes as they are read, or
/// taken from a table read whole (a workbook's sheet, a vCard file).
pub struct Records(Source);

enum Source {
    Text(Box<TextRecords>),
    Table {
        rows: std::vec::IntoIter<workbook::TableRow>,
        headers: Vec<String>,
        /// Rows before this one are title lines; this one is the header when there is one.
        first_row: u64,
        skip_header: bool,
        sha256: String,
    },
}

impl Records {
    pub fn open(path: &Path, format: &FileFormat) -> Result<Self> {
        let table = |read: &dyn Fn(&[u8]) -> Result<Table>| -> Result<Self> {
            let bytes = std::fs::read(path).map_err(|e| open_error(path, e))?;
            let sha256 = hex(&Sha256::digest(&bytes));
            let table = read(&bytes)?;
            Ok(Self(Source::Table {
                rows: table.rows.into_iter(),
                headers: format.headers.clone(),
                first_row: format.first_row,
                // A vCard file's header is not in the file.
                skip_header: format.source == FileSource::Workbook && format.has_header,
                sha256,
            }))
        };
        match format.source {
            FileSource::Text => Ok(Self(Source::Text(Box::new(TextRecords::open(path, format)?)))),
            FileSource::Workbook => {
                let sheet = format.sheet.clone().unwrap_or_default();
                table(&|bytes| workbook::read_sheet(bytes, &sheet))
            }
            FileSource::Vcard => table(&vcard::read),
        }
    }

    /// The SHA-256 (hex) of the file: whole once the records ran out.
    pub fn sha256(&self) -> String {
        match &self.0 {
            Source::Text(text) => text.sha256(),
            Source::Table { sha256, .. } => sha256.clone(),
        }
    }

    /// The next record, skipping blank rows and the header; `None` at the end of the file.
    pub fn next_record(&mut self) -> Option<std::result::Result<Record, RecordError>> {
        match &mut self.0 {
            Source::Text(text) => text.next_record(),
            Source::Table { rows, headers, first_row, skip_header, .. } => {
                let next = rows.find(|r| r.row > *first_row || (r.row == *first_row && !*skip_header))?;
                let width = headers.len();
                Some(match next.cells {
                    Ok(cells) if cells.iter().skip(width).any(|c| !c.is_empty()) => Err(RecordError::Row {
                        row: next.row,
                        message: values_error(cells.len(), width, false),
                    }),
                    Ok(mut cells) => {
                        cells.resize(width, String::new());
                        Ok(Record { row: next.row, cells })
                    }
                    Err(e) => Err(RecordError::Cell {
                        row: next.row,
                        column: e.column.and_then(|c| headers.get(c).cloned()),
                        message: e.message,
                    }),
                })
            }
        }
    }
}

/// Streams the records of a delimited text file, hashing the bytes as they are read.
struct TextRecords {
    reader: csv::Reader<Bounded<Decoding<Hashing<BufReader<File>>>>>,
    /// Bytes the parser has taken since it last finished a record (reset after each one).
    since_record: std::sync::Arc<std::sync::atomic::AtomicU64>,
    record: csv::StringRecord,
    has_header: bool,
    width: usize,
    encoding: TextEncoding,
    done: bool,
    /// The row of the last record read, to place a decoding error.
    last_row: u64,
    /// The header is one of Fieldbook's exports: the apostrophes its export put before
    /// formula-looking text are taken out (a user's own `'=x` elsewhere stays as typed).
    exported: bool,
}

impl TextRecords {
    fn open(path: &Path, format: &FileFormat) -> Result<Self> {
        let file = File::open(path).map_err(|e| open_error(path, e))?;
        let hashing = Hashing { inner: BufReader::with_capacity(256 * 1024, file), hasher: Sha256::new() };
        let decoding = Decoding::new(hashing, format.encoding);
        let since_record = std::sync::Arc::default();
        // Every cell at its limit, and the parser's read-ahead: what one good record can take.
        let limit = (format.headers.len().max(1) * MAX_CELL_BYTES + 256 * 1024) as u64;
        let bounded = Bounded { inner: decoding, since_record: std::sync::Arc::clone(&since_record), limit };
        Ok(Self {
            reader: csv_builder(format.delimiter).from_reader(bounded),
            since_record,
            record: csv::StringRecord::new(),
            has_header: format.has_header,
            width: format.headers.len(),
            encoding: format.encoding,
            done: false,
            last_row: 0,
            exported: format.has_header && crate::export::is_export_header(&format.headers),
        })
    }

    /// The SHA-256 (hex) of every byte read so far: of the whole file once the records ran out.
    fn sha256(&self) -> String {
        hex(&self.reader.get_ref().inner.inner.hasher.clone().finalize())
    }

    fn next_record(&mut self) -> Option<std::result::Result<Record, RecordError>> {
        loop {
            if self.done {
                return None;
            }
            let read = self.reader.read_record(&mut self.record);
            self.since_record.store(0, std::sync::atomic::Ordering::Relaxed);
            match read {
                Ok(false) => {
                    self.done = true;
                    // Drain what csv did not need (a trailing BOM-less tail) so the hash is whole.
                    let mut rest = Vec::new();
                    if let Err(e) = self.reader.get_mut().read_to_end(&mut rest) {
                        return Some(Err(RecordError::File(decode_or_read_error(e, self.encoding, None))));
                    }
                    return None;
                }
                Ok(true) => {}
                Err(e) if is_too_long(&e) => {
                    self.done = true;
                    let row = self.last_row + 1;
                    // The rest is not parsed, only hashed: apply compares the whole file's hash.
                    let hashing = &mut self.reader.get_mut().inner.inner;
                    if let Err(e) = io::copy(hashing, &mut io::sink()) {
                        return Some(Err(RecordError::File(read_error(&e))));
                    }
                    return Some(Err(RecordError::Row {
                        row,
                        message: msg(
                            "runs past the {max} kB a cell may hold — an unterminated quote makes the rest of the \
                             file one cell, so nothing after this row was read. Close the quote, or save the \
                             file again from the spreadsheet.",
                            &[("max", &(MAX_CELL_BYTES / 1000).to_string())],
                        ),
                    }));
                }
                Err(e) => {
                    self.done = true;
                    let row = e.position().map_or(self.last_row + 1, |p| p.record() + 1);
                    return Some(Err(RecordError::File(match e.into_kind() {
                        csv::ErrorKind::Io(io) => decode_or_read_error(io, self.encoding, Some(row)),
                        other => file_error(msg(
                            "The file could not be read: {detail}",
                            &[("detail", &format!("{other:?}"))],
                        )),
                    })));
                }
            }
            let row = self.record.position().map_or(0, |p| p.record() + 1);
            self.last_row = row;
            if row == 1 && self.has_header {
                continue;
            }
            if is_blank(&self.record) {
                continue;
            }
            return Some(self.check(row));
        }
    }

    fn check(&self, row: u64) -> std::result::Result<Record, RecordError> {
        let record = &self.record;
        if let Some(long) = record.iter().position(|c| c.len() > MAX_CELL_BYTES) {
            let size = record.get(long).map_or(0, str::len);
            let values = [
                ("column", (long + 1).to_string()),
                ("size", human_size(size)),
                ("max", (MAX_CELL_BYTES / 1000).to_string()),
            ];
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let message = if record.len() < self.width || size > 1_000_000 {
                msg(
                    "column {column} holds {size} — more than the {max} kB a cell may hold (an unterminated \
                     quote makes the rest of the file one cell).",
                    &values,
                )
            } else {
                msg("column {column} holds {size} — more than the {max} kB a cell may hold.", &values)
            };
            return Err(RecordError::Row { row, message });
        }
        let extra = record.iter().skip(self.width).any(|c| !c.trim().is_empty());
        if extra {
            return Err(RecordError::Row { row, message: values_error(record.len(), self.width, false) });
        }
        if record.len() < self.width {
            let open_quote = record.iter().any(|c| c.contains('\n'));
            return Err(RecordError::Row {
                row,
                message: values_error(record.len(), self.width, open_quote),
            });
        }
        let cells = record.iter().take(self.width);
        let cells = if self.exported {
            cells.map(|c| crate::export::undo_defuse(c).trim().to_owned()).collect()
        } else {
            cells.map(|c| c.trim().to_owned()).collect()
        };
        Ok(Record { row, cells })
    }
}

/// A row's values that do not fit the header (said after "This row"); `open_quote`: a cell has a
/// line break, so a quote may be left open.
fn values_error(values: usize, columns: usize, open_quote: bool) -> String {
    let values = [("values", values.to_string()), ("columns", columns.to_string())];
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if open_quote {
        msg("has {values} values but the header has {columns} columns (is a quote left open?).", &values)
    } else {
        msg("has {values} values but the header has {columns} columns.", &values)
    }
}

fn is_too_long(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()))
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1_000_000 { format!("{:.1} MB", bytes as f64 / 1e6) } else { format!("{} kB", bytes / 1000) }
}

fn decode_or_read_error(e: io::Error, encoding: TextEncoding, row: Option<u64>) -> Error {
    if let Some(bad) = e.get_ref().and_then(|inner| inner.downcast_ref::<Malformed>()) {
        let (encoding, byte) = (encoding.label(), bad.offset.to_string());
        return file_error(match row {
            Some(row) => msg(
                "The file is not valid {encoding} text (around row {row}, byte {byte}): it may mix encodings. Choose its encoding by hand, or save it again as UTF-8.",
                &[("encoding", encoding), ("row", &row.to_string()), ("byte", &byte)],
            ),
            None => msg(
                "The file is not valid {encoding} text (byte {byte}): it may mix encodings. Choose its encoding by hand, or save it again as UTF-8.",
                &[("encoding", encoding), ("byte", &byte)],
            ),
        });
    }
    read_error(&e)
}

fn open_error(path: &Path, e: io::Error) -> Error {
    let name = crate::files::shown_name(path);
    match e.kind() {
        io::ErrorKind::NotFound => {
            file_error(msg("“{name}” does not exist (was it moved or deleted?).", &[("name", &name)]))
        }
        io::ErrorKind::PermissionDenied => {
            file_error(msg("Fieldbook may not read “{name}”.", &[("name", &name)]))
        }
        _ if path.is_dir() => file_error(msg("“{name}” is a folder, not a file.", &[("name", &name)])),
        _ => file_error(msg("“{name}” could not be opened: {e}.", &[("name", &name), ("e", &e.to_string())])),
    }
}

fn read_error(e: &io::Error) -> Error {
    file_error(msg(
        "The file could not be read to the end ({e}); was it moved or changed while reading?",
        &[("e", &e.to_string())],
    ))
}

pub(crate) fn file_error(message: impl Into<String>) -> Error {
    Error::invalid("file", message)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
