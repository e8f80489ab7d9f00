//! Reading vCard files (.vcf; versions 2.1, 3.0 and 4.0, many cards per file) as a table of
//! people: one row per card, under fixed column names the people mapping knows. Folded lines,
//! quoted-printable values (with their soft line breaks) and per-value character sets are
//! decoded; photos and other properties are skipped. A card for a company (Apple's
//! `X-ABShowAs:COMPANY`) is not a person and is left out: its name still reaches Fieldbook as the
//! company of the people who work there, which the organization importer turns into organizations.

use super::workbook::{Table, TableRow, Unreadable};
use crate::Result;
use crate::messages::msg;

/// The columns of the table, in order.
pub(crate) const HEADERS: [&str; 15] = [
    "First name",
    "Last name",
    "Full name",
    "Company",
    "Department",
    "Job title",
    "Email",
    "Phone",
    "Mobile",
    "Address line 1",
    "Address line 2",
    "City",
    "Region",
    "Postal code",
    "Country",
];

/// True when the text starts (after a BOM and blank lines) with `BEGIN:VCARD`.
pub(crate) fn is_vcard(sample: &[u8]) -> bool {
    let sample = sample.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(sample);
    let start = sample.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(sample.len());
    sample[start..].len() >= 11 && sample[start..start + 11].eq_ignore_ascii_case(b"BEGIN:VCARD")
}

/// The address book that wrote the cards, told by the marks it leaves in them: Apple's
/// `PRODID:-//Apple Inc.//…` and `X-AB…` properties, Outlook's `X-MS-OL-…` ones.
pub(crate) fn producer(sample: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(sample).to_ascii_uppercase();
    let property = |mark: &str| {
        text.lines().any(|line| {
            // A property may carry a group ("item1.X-ABLABEL").
            let name = line.split([':', ';']).next().unwrap_or("");
            name.rsplit('.').next().unwrap_or(name).starts_with(mark)
        })
    };
    if text.contains("PRODID:-//APPLE") || property("X-AB") {
        Some("Apple Contacts export")
    } else if property("X-MS-OL-") {
        Some("Outlook contacts export")
    } else {
        None
    }
}

/// One property line, unfolded: its name, parameters (lower case) and raw value bytes.
struct Property {
    name: String,
    params: Vec<String>,
    charset: Option<String>,
    quoted_printable: bool,
    value: Vec<u8>,
}

/// Reads every card of the file; a card that cannot be read is a row error naming its line.
pub(crate) fn read(bytes: &[u8]) -> Result<Table> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let mut rows = Vec::new();
    let mut card: Option<(u64, usize, Vec<Property>, Option<String>)> = None;
    let mut number = 0u64;
    for (line_no, line) in logical_lines(bytes) {
        let text = String::from_utf8_lossy(&line);
        let upper = text.trim().to_ascii_uppercase();
        if upper == "BEGIN:VCARD" {
            if let Some((n, start, _, _)) = card.take() {
                rows.push(unfinished(n, start));
            }
            number += 1;
            card = Some((number, line_no, Vec::new(), None));
            continue;
        }
        let Some((n, _, properties, problem)) = card.as_mut() else { continue };
        if upper == "END:VCARD" {
            let read = match problem.take() {
                Some(message) => Err(message),
                None => cells(properties),
            };
            match read {
                Ok(None) => {}
                Ok(Some(cells)) => rows.push(TableRow { row: *n, cells: Ok(cells) }),
                Err(message) => {
                    rows.push(TableRow { row: *n, cells: Err(Unreadable { column: None, message }) })
                }
            }
            card = None;
            continue;
        }
        if text.trim().is_empty() || problem.is_some() {
            continue;
        }
        match parse_property(&line) {
            Ok(Some(p)) => properties.push(p),
            Ok(None) => {}
            Err(message) => {
                *problem = Some(msg(
                    "Line {line}: {message}",
                    &[("line", &line_no.to_string()), ("message", &message)],
                ))
            }
        }
    }
    if let Some((n, start, _, _)) = card {
        rows.push(unfinished(n, start));
    }
    Ok(Table { rows })
}

fn unfinished(row: u64, start: usize) -> TableRow {
    let message =
        msg("The card starting on line {start} has no END:VCARD line.", &[("start", &start.to_string())]);
    TableRow { row, cells: Err(Unreadable { column: None, message }) }
}

/// Lines with folding undone (a line starting with a space or tab continues the one before; a
/// quoted-printable line ending in "=" continues on the next), each with its first line number.
fn logical_lines(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut soft_break = false;
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let continues =
            soft_break || (raw.first().is_some_and(|b| *b == b' ' || *b == b'\t') && !lines.is_empty());
        if continues && let Some((_, last)) = lines.last_mut() {
            if soft_break {
                last.pop(); // the "=" of the soft break
                last.extend_from_slice(raw);
            } else {
                last.extend_from_slice(&raw[1..]);
            }
        } else {
            lines.push((i + 1, raw.to_vec()));
        }
        let last = &lines.last().map(|(_, l)| l.as_slice()).unwrap_or_default();
        soft_break = last.ends_with(b"=") && is_quoted_printable_line(last);
    }
    lines
}

/// Where the value starts: the first ":" outside double quotes (a parameter may quote one, as in
/// `GEO="geo:12.3,78.9"`).
fn value_start(line: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for (i, b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits the name and parameters on ";" outside double quotes.
fn split_head(head: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (i, c) in head.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&head[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&head[start..]);
    parts
}

fn is_quoted_printable_line(line: &[u8]) -> bool {
    let Some(colon) = value_start(line) else { return false };
    String::from_utf8_lossy(&line[..colon]).to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

fn parse_property(line: &[u8]) -> std::result::Result<Option<Property>, String> {
    let Some(colon) = value_start(line) else {
        let shown: String = String::from_utf8_lossy(line).chars().take(40).collect();
        return Err(msg("“{shown}” is not a vCard line (no “:”).", &[("shown", &shown)]));
    };
    let head = String::from_utf8_lossy(&line[..colon]).into_owned();
    let mut parts = split_head(&head).into_iter();
    let name = parts.next().unwrap_or_default();
    // "item1.EMAIL": the group is not needed.
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
    let (mut params, mut charset, mut quoted_printable) = (Vec::new(), None, false);
    for param in parts {
        let (key, value) = param.split_once('=').unwrap_or(("type", param));
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches('"');
        match key.as_str() {
            "charset" => charset = Some(value.to_owned()),
            "encoding" if value.eq_ignore_ascii_case("quoted-printable") => quoted_printable = true,
            // vCard 4.0: PREF=1 (any value) marks the preferred one.
            "pref" => params.push("pref".to_owned()),
            _ if value.eq_ignore_ascii_case("quoted-printable") => quoted_printable = true,
            _ => params.extend(value.split(',').map(|v| v.trim().to_ascii_lowercase())),
        }
    }
    Ok(Some(Property { name, params, charset, quoted_printable, value: line[colon + 1..].to_vec() }))
}

impl Property {
    /// The value as text: quoted-printable undone, then decoded from its character set (UTF-8
    /// unless named; Windows-1252 when a 2.1 card's bytes are not UTF-8).
    fn text(&self) -> std::result::Result<String, String> {
        let bytes =
            if self.quoted_printable { decode_quoted_printable(&self.value) } else { self.value.clone() };
        match &self.charset {
            Some(label) => {
                let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
                    return Err(msg(
                        "{property} uses the character set “{label}”, which Fieldbook does not know.",
                        &[("property", &self.name), ("label", label)],
                    ));
                };
                Ok(encoding.decode_without_bom_handling(&bytes).0.into_owned())
            }
            None => match String::from_utf8(bytes) {
                Ok(text) => Ok(text),
                Err(e) => {
                    Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes()).0.into_owned())
                }
            },
        }
    }

    fn has(&self, param: &str) -> bool {
        self.params.iter().any(|p| p == param)
    }
}

fn decode_quoted_printable(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'='
            && let Some(hex) = value.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(&String::from_utf8_lossy(hex), 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(value[i]);
        i += 1;
    }
    out
}

/// Splits a structured value on unescaped ";" and undoes the escapes (\n, \, \; \\).
fn components(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => parts.last_mut().map_or((), |p| p.push('\n')),
                Some(other) => parts.last_mut().map_or((), |p| p.push(other)),
                None => {}
            },
            ';' => parts.push(String::new()),
            c => parts.last_mut().map_or((), |p| p.push(c)),
        }
    }
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

/// The row for a card; `Ok(None)` for a company card; an error when a value cannot be decoded.
fn cells(properties: &[Property]) -> std::result::Result<Option<Vec<String>>, String> {
    let mut row = vec![String::new(); HEADERS.len()];
    let value = |p: &Property| p.text().map(|t| components(&t));
    let first = |name: &str| properties.iter().find(|p| p.name == name);
    if first("X-ABSHOWAS")
        .map(|p| p.text())
        .transpose()?
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("company"))
    {
        return Ok(None);
    }
    if let Some(n) = first("N") {
        let n = value(n)?;
        let get = |i: usize| n.get(i).cloned().unwrap_or_default();
        row[1] = get(0);
        row[0] = [get(1), get(2)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    }
    if let Some(fn_) = first("FN") {
        row[2] = value(fn_)?.join(";");
    }
    if let Some(org) = first("ORG") {
        let org = value(org)?;
        row[3] = org.first().cloned().unwrap_or_default();
        row[4] = org.get(1).cloned().unwrap_or_default();
    }
    if let Some(title) = first("TITLE") {
        row[5] = value(title)?.join(";");
    }
    let best = |name: &str, wanted: &dyn Fn(&Property) -> bool, prefer: &[&str]| {
        let candidates: Vec<&Property> = properties.iter().filter(|p| p.name == name && wanted(p)).collect();
        prefer.iter().find_map(|tag| candidates.iter().find(|p| p.has(tag))).or(candidates.first()).copied()
    };
    if let Some(email) = best("EMAIL", &|_| true, &["work", "pref"]) {
        row[6] = value(email)?.join(";");
    }
    let is_mobile = |p: &Property| p.has("cell") || p.has("mobile") || p.has("iphone");
    let is_fax = |p: &Property| p.has("fax");
    // vCard 4.0 writes numbers as URIs: "tel:+1-555-0100;ext=5".
    let number = |p: &Property| -> std::result::Result<String, String> {
        let text = p.text()?;
        let text = text.trim();
        let text = text.strip_prefix("tel:").unwrap_or(text);
        Ok(text.split(";ext=").next().unwrap_or(text).trim().to_owned())
    };
    if let Some(tel) = best("TEL", &|p| !is_mobile(p) && !is_fax(p), &["work", "main", "pref"]) {
        row[7] = number(tel)?;
    }
    if let Some(mobile) = best("TEL", &is_mobile, &["pref"]) {
        row[8] = number(mobile)?;
    }
    if let Some(adr) = best("ADR", &|_| true, &["work", "pref", "postal"]) {
        let adr = value(adr)?;
        let get = |i: usize| adr.get(i).cloned().unwrap_or_default();
        let (po_box, extended, street) = (get(0), get(1), get(2));
        row[9] = if street.is_empty() && !po_box.is_empty() { format!("PO Box {po_box}") } else { street };
        row[10] = extended;
        row[11] = get(3);
        row[12] = get(4);
        row[13] = get(5);
        row[14] = get(6);
    }
    if let Some(long) = row.iter().position(|c| c.len() > super::read::MAX_CELL_BYTES) {
        // The column's label inside the sentence: lower case in English ("The job title is…"), as
        // the language writes it otherwise.
        let field = msg(HEADERS[long], &[]);
        let field = if field == HEADERS[long] { field.to_lowercase() } else { field };
        return Err(msg(
            "The {field} is longer than the {max} kB a cell may hold.",
            &[("field", &field), ("max", &(super::read::MAX_CELL_BYTES / 1000).to_string())],
        ));
    }
    Ok(Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u64, std::result::Result<Vec<String>, String>)> {
        let table = read(text.as_bytes()).unwrap();
        table.rows.into_iter().map(|r| (r.row, r.cells.map_err(|e| e.message))).collect()
    }

    #[test]
    fn versions_folding_and_quoted_printable() {
        let file = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n\
            TEL;WORK;VOICE:+49 30 1234\r\nTEL;CELL:+49 170 5555\r\nADR;WORK;ENCODING=QUOTED-PRINTABLE:;;Hauptstra=DFe 5=0D=0A=\r\nHinterhaus;Berlin;;10115;Germany\r\n\
            END:VCARD\r\n\
            BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;Dr.;\nFN:Dr. Jane Doe\nORG:Acme\\, Inc.;Support\nTITLE:Head of\n  Support\n\
            item1.EMAIL;type=INTERNET;type=HOME:jane@home.example\nitem2.EMAIL;type=INTERNET;type=WORK:jane@acme.example\n\
            PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\n AAAQABAAD\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nFN:Acme Inc.\nORG:Acme Inc.\nX-ABShowAs:COMPANY\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:4.0\nFN:Ana Lima\nBROKEN LINE\nEND:VCARD\n";
        let got = rows(file);
        assert_eq!(got.len(), 3, "{got:?}");
        let first = got[0].1.as_ref().unwrap();
        assert_eq!((first[0].as_str(), first[1].as_str()), ("Jürgen", "Müller"));
        assert_eq!((first[7].as_str(), first[8].as_str()), ("+49 30 1234", "+49 170 5555"));
        assert_eq!((first[9].as_str(), first[11].as_str()), ("Hauptstraße 5\r\nHinterhaus", "Berlin"));
        let second = got[1].1.as_ref().unwrap();
        assert_eq!(
            second[..7],
            ["Jane", "Doe", "Dr. Jane Doe", "Acme, Inc.", "Support", "Head of Support", "jane@acme.example"]
        );
        assert_eq!(got[2].0, 4);
        assert_eq!(got[2].1, Err("Line 31: “BROKEN LINE” is not a vCard line (no “:”).".to_owned()));
    }

    #[test]
    fn quoted_parameters_uri_numbers_and_pref() {
        let got = rows(
            "BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\nADR;GEO=\"geo:12.3,78.9\";LABEL=\"Mail Drop: TNE QB\";TYPE=work:;;123 Main Street;Any Town;CA;91921;USA\n\
             TEL;VALUE=uri;TYPE=voice:tel:+1-555-555-0100;ext=5\nTEL;VALUE=uri;TYPE=\"voice,work\";PREF=1:tel:+1-555-555-0199\n\
             EMAIL:ann@home.example\nEMAIL;PREF=1:ann@work.example\nEND:VCARD\n",
        );
        let card = got[0].1.as_ref().unwrap();
        assert_eq!(
            (card[9].as_str(), card[11].as_str(), card[14].as_str()),
            ("123 Main Street", "Any Town", "USA")
        );
        assert_eq!(card[7], "+1-555-555-0199");
        assert_eq!(card[6], "ann@work.example");
    }

    #[test]
    fn unknown_charsets_and_unfinished_cards_are_errors() {
        let got = rows("BEGIN:VCARD\nN;CHARSET=X-NOPE:Doe;J\nEND:VCARD\nBEGIN:VCARD\nFN:Open\n");
        assert_eq!(
            got[0].1,
            Err("N uses the character set “X-NOPE”, which Fieldbook does not know.".to_owned())
        );
        assert_eq!(got[1].1, Err("The card starting on line 4 has no END:VCARD line.".to_owned()));
        assert!(is_vcard(b"\xEF\xBB\xBF\r\n begin:vcard\r\n"));
        assert!(!is_vcard(b"Name,City\n"));
    }
}
