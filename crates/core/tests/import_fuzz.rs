//! Fuzzing the import's reading path (sniff → decode → parse → map) with proptest: arbitrary
//! bytes never panic and always end in records or a clear message; generated spreadsheets in
//! every delimiter and encoding read back cell for cell. Bounded: FIELDBOOK_FUZZ_CASES cases per
//! property (default 300; `cargo xtask test` runs the default, raise it for a longer hunt).

use std::io::Write;

use fieldbook_core::import::read::{self, ReadOptions, RecordError, Records};
use fieldbook_core::import::{ImportKind, mapping};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("FIELDBOOK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
}

/// Reads a file the way the import does; the cells of every good record, or the file's error.
fn read_all(bytes: &[u8], options: ReadOptions) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    let kind = ImportKind::Organizations;
    let format = read::sniff(file.path(), options, |row| mapping::looks_like_header(kind, row))
        .map_err(|e| e.to_string())?;
    let auto = mapping::auto_map(kind, &format.headers);
    assert_eq!(auto.len(), format.headers.len());
    let _ = mapping::check(kind, &format.headers, &auto);
    let mut records = Records::open(file.path(), &format).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    while let Some(next) = records.next_record() {
        match next {
            Ok(record) => {
                assert_eq!(record.cells.len(), format.headers.len());
                rows.push(record.cells);
            }
            Err(RecordError::Row { message, .. } | RecordError::Cell { message, .. }) => {
                assert!(!message.is_empty())
            }
            Err(RecordError::File(e)) => return Err(e.to_string()),
        }
    }
    assert_eq!(records.sha256().len(), 64);
    Ok((format.headers, rows))
}

/// Cells with the characters that break naive readers.
fn cell() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-z0-9 äöüßéÆ€,;|\t\"'\n=+@-]{0,12}").unwrap()
}

fn encode(text: &str, encoding: u8) -> Option<Vec<u8>> {
    match encoding {
        0 => Some(text.as_bytes().to_vec()),
        1 => Some([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()),
        2 => Some([0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()),
        3 => Some([0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect()),
        _ => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            (!unmappable).then(|| bytes.into_owned())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(message) = read_all(&bytes, ReadOptions::default()) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn vcard_like_text_never_panics(text in "[A-Za-z;:=,.\\\\ \r\n\t0-9äß=]{0,400}", fold in any::<bool>()) {
        let text = if fold { text.replace('\n', "\n ") } else { text };
        let bytes = format!("BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:{text}\r\nEND:VCARD\r\nBEGIN:VCARD\r\n{text}");
        if let Err(message) = read_all(bytes.as_bytes(), ReadOptions::default()) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn workbook_like_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ole in any::<bool>()) {
        let magic: &[u8] = if ole { &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] } else { b"PK\x03\x04" };
        let file = [magic, &bytes].concat();
        if let Err(message) = read_all(&file, ReadOptions::default()) {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn text_like_bytes_never_panic(text in "[a-z,;\t|\"\r\n äß€0-9@]{0,400}", encoding in 0u8..5) {
        if let Some(bytes) = encode(&text, encoding) {
            let _ = read_all(&bytes, ReadOptions::default());
        }
    }

    #[test]
    fn written_spreadsheets_read_back_cell_for_cell(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 1..20),
        delimiter in 0usize..4,
        encoding in 0u8..5,
        crlf in any::<bool>(),
    ) {
        let (byte, which) = [
            (b',', read::Delimiter::Comma),
            (b';', read::Delimiter::Semicolon),
            (b'\t', read::Delimiter::Tab),
            (b'|', read::Delimiter::Pipe),
        ][delimiter];
        let mut writer = csv::WriterBuilder::new()
            .delimiter(byte)
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        writer.write_record(["Company", "City", "Notes"]).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let Some(bytes) = encode(&text, encoding) else { return Ok(()) };
        // The delimiter is given: a file of one-word cells is ambiguous even to a person. So is a
        // Windows-1252 file whose bytes are also valid UTF-8 ("Æ€" is C6 80, "ƀ"; "ä€€" is
        // E4 80 80, "䀀"): the reader takes UTF-8 unless that gives letters no one writes here
        // (read_tests), and the user picks Windows-1252 on the import screen, as this does.
        let ambiguous = encoding >= 4 && !text.is_ascii() && std::str::from_utf8(&bytes).is_ok();
        let encoding = ambiguous.then_some(read::TextEncoding::Windows1252);
        let options = ReadOptions { encoding, delimiter: Some(which), has_header: Some(true), ..ReadOptions::default() };
        let (headers, read) = read_all(&bytes, options).map_err(TestCaseError::fail)?;
        prop_assert_eq!(headers, vec!["Company", "City", "Notes"]);
        let expected: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
            .collect();
        prop_assert_eq!(read, expected);
    }

    #[test]
    fn exported_cells_start_no_formula_however_split_and_read_back_exactly(
        value in "[a-z '=+@\\-;,|\t\r\n\u{FF1D}\u{FF0B}]{0,16}",
    ) {
        let defused = fieldbook_core::export::defuse(&value);
        prop_assert_eq!(fieldbook_core::export::undo_defuse(&defused), value);
        let formula = ['=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}'];
        for part in defused.split([';', ',', '|', '\t', '\r', '\n']) {
            prop_assert!(!part.trim_start().starts_with(formula), "{:?} starts a formula in {:?}", part, defused);
        }
    }
}
