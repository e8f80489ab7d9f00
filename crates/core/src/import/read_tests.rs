//! Unit tests of the reading path: sniffing, decoding, records and their errors, the export
//! mark and the hash.

use super::*;

fn organizations_header(row: &[String]) -> bool {
    crate::import::mapping::looks_like_header(crate::import::ImportKind::Organizations, row)
}

fn format(bytes: &[u8]) -> FileFormat {
    sniff_bytes(bytes, ReadOptions::default(), organizations_header).unwrap()
}

fn read_all(bytes: &[u8], options: ReadOptions) -> Result<(FileFormat, Vec<Vec<String>>, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.csv");
    std::fs::write(&path, bytes).unwrap();
    let format = sniff(&path, options, organizations_header)?;
    let mut records = Records::open(&path, &format)?;
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    while let Some(next) = records.next_record() {
        match next {
            Ok(record) => rows.push(record.cells),
            Err(RecordError::Row { row, message }) => errors.push(format!("row {row} {message}")),
            Err(RecordError::Cell { row, column, message }) => {
                errors.push(format!("row {row} {column:?} {message}"))
            }
            Err(RecordError::File(e)) => return Err(e),
        }
    }
    Ok((format, rows, errors))
}

#[test]
fn delimiters_are_sniffed() {
    assert_eq!(format(b"Name,City\nAcme,Leeds\n").delimiter, Delimiter::Comma);
    assert_eq!(format(b"Name;City;Zip\nAcme;Leeds, UK;1\n").delimiter, Delimiter::Semicolon);
    assert_eq!(format(b"Name\tCity\nAcme, Inc\tLeeds\n").delimiter, Delimiter::Tab);
    assert_eq!(format(b"Name|City\nAcme|Leeds\n").delimiter, Delimiter::Pipe);
    // A comma inside quotes does not count.
    assert_eq!(format(b"Name;City\n\"Acme, Inc\";Leeds\n\"B, C\";York\n").delimiter, Delimiter::Semicolon);
}

#[test]
fn encodings_are_sniffed_and_decoded() {
    let (f, rows, _) =
        read_all("\u{feff}Name,City\nMüller,Köln\n".as_bytes(), ReadOptions::default()).unwrap();
    assert_eq!(
        (f.encoding, f.headers[0].as_str(), rows[0][0].as_str()),
        (TextEncoding::Utf8, "Name", "Müller")
    );

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Name\tCity\r\nŁódź Sp\tWarszawa\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let (f, rows, _) = read_all(&utf16, ReadOptions::default()).unwrap();
    assert_eq!((f.encoding, f.delimiter), (TextEncoding::Utf16Le, Delimiter::Tab));
    assert_eq!(rows, vec![vec!["Łódź Sp".to_owned(), "Warszawa".to_owned()]]);

    let mut be = vec![0xFE, 0xFF];
    for unit in "Name,City\nA,B\n".encode_utf16() {
        be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(read_all(&be, ReadOptions::default()).unwrap().1, vec![vec!["A", "B"]]);

    // German Excel: Windows-1252 with ä, ß and €.
    let cp1252 = b"Firma;Ort;Betrag\nB\xe4ckerei Gro\xdf;M\xfcnchen;5 \x80\n";
    let (f, rows, _) = read_all(cp1252, ReadOptions::default()).unwrap();
    assert_eq!(f.encoding, TextEncoding::Windows1252);
    assert_eq!(rows[0], vec!["Bäckerei Groß", "München", "5 €"]);

    // Windows-1252 that is also valid UTF-8: "Groß€" would read as N'Ko in UTF-8.
    let paired = b"Firma;Ort\nGro\xdf\x80;Ulm\n";
    let (f, rows, _) = read_all(paired, ReadOptions::default()).unwrap();
    assert_eq!(f.encoding, TextEncoding::Windows1252);
    assert_eq!(rows[0], vec!["Groß€", "Ulm"]);
}

#[test]
fn quoted_fields_crlf_and_headers() {
    let (f, rows, errors) = read_all(
        b"Name,Notes\r\n\"Acme, Inc\",\"two\r\nlines, \"\"quoted\"\"\"\r\n\r\nBeta,x\r\n",
        ReadOptions::default(),
    )
    .unwrap();
    assert!(f.has_header && errors.is_empty());
    assert_eq!(rows, vec![vec!["Acme, Inc", "two\r\nlines, \"quoted\""], vec!["Beta", "x"]]);

    let (f, rows, _) = read_all(b"Acme,12 High St\nBeta,3 Low Rd\n", ReadOptions::default()).unwrap();
    assert!(!f.has_header);
    assert_eq!(f.headers, vec!["Column 1", "Column 2"]);
    assert_eq!(rows.len(), 2);

    let forced = ReadOptions { has_header: Some(true), ..Default::default() };
    assert_eq!(read_all(b"Acme,12 High St\nBeta,3 Low Rd\n", forced).unwrap().1.len(), 1);
}

#[test]
fn repeated_and_blank_headers_get_distinct_names() {
    let f = sniff_bytes(b"Phone,phone,,Name\n1,2,3,x\n", ReadOptions::default(), |_| true).unwrap();
    assert_eq!(f.headers, vec!["Phone", "phone (2)", "Column 3", "Name"]);
}

#[test]
fn bad_files_get_clear_messages() {
    let message = |bytes: &[u8]| read_all(bytes, ReadOptions::default()).unwrap_err().to_string();
    assert!(message(b"").contains("empty"), "{}", message(b""));
    assert!(
        message(b"PK\x03\x04rest").contains("zip file but not a workbook"),
        "{}",
        message(b"PK\x03\x04rest")
    );
    assert!(message(b"\xD0\xCF\x11\xE0rest").contains("not a workbook"));
    assert!(message(b"%PDF-1.7").contains("PDF"));
    assert!(message(b"\x00\x01\x02\x03binary\x00\x00\x07").contains("text file"));
    // UTF-8 at the top, Windows-1252 further down (past the sniffed sample).
    let mut mixed = b"Name,City\n".to_vec();
    while mixed.len() < SAMPLE_BYTES + 100 {
        mixed.extend_from_slice("Müller,Köln\n".as_bytes());
    }
    mixed.extend_from_slice(b"M\xfcller,K\xf6ln\n");
    let m = message(&mixed);
    assert!(m.contains("not valid UTF-8") && m.contains("row "), "{m}");
}

#[test]
fn ragged_rows_long_cells_and_open_quotes_are_row_errors() {
    let long = "x".repeat(MAX_CELL_BYTES + 1);
    let file = format!("Name,City\nA,B\nC,D,E\nF\n{long},G\nH,I,\n\"J,K\nL,M\n");
    let (_, rows, errors) = read_all(file.as_bytes(), ReadOptions::default()).unwrap();
    assert_eq!(rows, vec![vec!["A", "B"], vec!["H", "I"]]);
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("row 3 has 3 values"));
    assert!(errors[1].starts_with("row 4 has 1 values"));
    assert!(errors[2].starts_with("row 5 column 1 holds"));
    assert!(errors[3].contains("quote left open"), "{errors:?}");
}

#[test]
fn apostrophes_are_taken_out_only_in_fieldbook_exports() {
    let export = format!(
        "{}\n'+44 113,'=SUM(A1),'t Hooft,  Acme ,a;'=b\n",
        crate::export::ORGANIZATION_COLUMNS[..5].join(",")
    );
    let comma = ReadOptions { delimiter: Some(Delimiter::Comma), ..ReadOptions::default() };
    let (_, rows, _) = read_all(export.as_bytes(), comma.clone()).unwrap();
    // Only five of the export's columns: not an export header, so nothing is taken out.
    assert_eq!(rows[0], vec!["'+44 113", "'=SUM(A1)", "'t Hooft", "Acme", "a;'=b"]);
    let mut cells = vec!["'+44 113", "'=SUM(A1)", "'t Hooft", "  Acme ", "\"a;'=b\""];
    cells.resize(crate::export::ORGANIZATION_COLUMNS.len(), "");
    let export = format!("{}\n{}\n", crate::export::ORGANIZATION_COLUMNS.join(","), cells.join(","));
    let (_, rows, errors) = read_all(export.as_bytes(), comma).unwrap();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(rows[0][..5], ["+44 113", "=SUM(A1)", "'t Hooft", "Acme", "a;=b"]);
}

#[test]
fn an_unterminated_quote_stops_at_the_cell_limit_instead_of_buffering_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open-quote.csv");
    let mut bytes = b"Name,City\nAcme,Leeds\n\"Broken,York\n".to_vec();
    let line = b"Beta,Hull\n";
    while bytes.len() < 8_000_000 {
        bytes.extend_from_slice(line);
    }
    std::fs::write(&path, &bytes).unwrap();
    let format = sniff(&path, ReadOptions::default(), |_| true).unwrap();
    let mut records = Records::open(&path, &format).unwrap();
    let first = records.next_record().unwrap().unwrap();
    assert_eq!(first.cells, vec!["Acme", "Leeds"]);
    match records.next_record() {
        Some(Err(RecordError::Row { row, message })) => {
            assert_eq!(row, 3);
            assert!(message.contains("unterminated quote") && message.contains("nothing after"), "{message}");
        }
        other => panic!("expected a row error, got {other:?}"),
    }
    assert!(records.next_record().is_none());
    // What the parser buffered stayed near the limit (2 cells of 100 kB and the read-ahead),
    // not the 8 MB left in the file.
    let Source::Text(text) = &records.0 else { panic!("a text file") };
    assert!(text.record.as_byte_record().as_slice().len() < 1_000_000);
    // The hash still covers every byte, so an apply can compare it with the preview's.
    assert_eq!(records.sha256(), hex(&Sha256::digest(&bytes)));
}

#[test]
fn the_hash_covers_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    let bytes = b"Name,City\nAcme,Leeds\n";
    std::fs::write(&path, bytes).unwrap();
    let format = sniff(&path, ReadOptions::default(), |_| true).unwrap();
    let mut records = Records::open(&path, &format).unwrap();
    while records.next_record().is_some() {}
    assert_eq!(records.sha256(), hex(&Sha256::digest(bytes)));
}
