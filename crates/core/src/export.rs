//! CSV export of organizations and people, with the column names the importer will map (so an
//! export can be imported again), streamed row by row, written to a temp file and renamed into
//! place (a failed export never leaves half a file under the chosen name). Text a spreadsheet
//! could run as a formula is defused with a `'` — at the start of a cell and after every
//! delimiter, tab or line break inside it, because a spreadsheet in another locale may split
//! the file on `;` or tab — and cells holding any delimiter, tab, line break or quote are always
//! quoted. The header row marks the file as Fieldbook's, so the importer knows to take the
//! apostrophes out again (and leaves a user's own `'=x` alone in any other file).
//! Secrets are not part of organizations or people, so they cannot end up here.

use std::path::Path;

use futures_util::TryStreamExt;
use sqlx::Row;

use crate::custom_fields::{CustomField, CustomRecord};
use crate::db::Db;
use crate::messages::msg;
use crate::{Error, Result};

/// The organization columns, in order.
pub const ORGANIZATION_COLUMNS: &[&str] = &[
    "Account number",
    "Name",
    "DBA name",
    "Parent account",
    "Address line 1",
    "Address line 2",
    "City",
    "Region",
    "Postal code",
    "Country",
    "Phone",
    "Email",
    "Website",
    "Notes",
    "Archived",
];

/// The people columns, in order.
pub const PERSON_COLUMNS: &[&str] = &[
    "First name",
    "Last name",
    "Job title",
    "Department",
    "Location",
    "Phone",
    "Mobile",
    "Email",
    "Company",
    "Company account number",
    "Address line 1",
    "Address line 2",
    "City",
    "Region",
    "Postal code",
    "Country",
    "Archived",
];

/// Characters that make a spreadsheet (in some locale or version) read a cell as a formula, or
/// that it strips before doing so: the ASCII ones and their full-width forms.
const FORMULA_STARTS: &[char] =
    &['=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// Where a spreadsheet splitting the file its own way may start a new cell.
const SEPARATORS: &[char] = &[',', ';', '|', '\t', '\r', '\n'];

/// Whether text starting here needs a `'` in front: it starts with a formula character, or
/// with spaces or apostrophes followed by one (so that the `'` added to `'=x` can be told
/// from the user's own).
fn needs_guard(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) => true,
        Some(' ' | '\'') => rest.trim_start_matches([' ', '\'']).starts_with(FORMULA_STARTS),
        _ => false,
    }
}

/// A value with a `'` put before every part (the cell's start, and after each delimiter, tab
/// or line break) that a spreadsheet could read as the start of a formula.
pub fn defuse(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 1);
    let mut at_start = true;
    for (i, c) in value.char_indices() {
        if at_start && needs_guard(&value[i..]) {
            out.push('\'');
        }
        out.push(c);
        at_start = SEPARATORS.contains(&c);
    }
    out
}

/// The inverse of [`defuse`], for files Fieldbook exported: exactly the apostrophes it added
/// are taken out.
pub fn undo_defuse(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut at_start = true;
    for (i, c) in cell.char_indices() {
        if at_start && c == '\'' && needs_guard(&cell[i + 1..]) {
            at_start = false;
            continue;
        }
        out.push(c);
        at_start = SEPARATORS.contains(&c);
    }
    out
}

/// A cell as written: defused, and quoted when it holds a delimiter of any locale, a tab, a
/// line break or a quote, or starts or ends with a space.
pub fn cell(value: &str) -> String {
    let defused = defuse(value);
    let quote = defused.contains([',', ';', '|', '\t', '\r', '\n', '"'])
        || defused.starts_with(' ')
        || defused.ends_with(' ');
    if quote { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

/// Whether a file's header row is one of Fieldbook's exports (the mark that its apostrophes are
/// ours to take out): its columns in order, then perhaps custom fields' columns.
pub fn is_export_header(headers: &[String]) -> bool {
    [ORGANIZATION_COLUMNS, PERSON_COLUMNS].iter().any(|columns| {
        headers.len() >= columns.len()
            && headers.iter().map(String::as_str).zip(columns.iter()).all(|(h, c)| h == *c)
    })
}

/// The custom fields' columns after the record's own: each field's label as its header and its
/// value (canonical, as stored) from a subquery on the record `id` (field ids are written in as
/// hex: they come from the database, never from the user).
fn custom_columns(fields: &[CustomField], id: &str) -> (Vec<String>, String) {
    let headers = fields.iter().map(|f| f.label.clone()).collect();
    let selects = fields
        .iter()
        .map(|f| {
            format!(
                ", (SELECT value FROM custom_values WHERE field_id = x'{}' AND record_id = {id})",
                uuid::Uuid::from(f.id).simple()
            )
        })
        .collect();
    (headers, selects)
}

/// The export service.
pub struct Export<'a> {
    db: &'a Db,
}

impl<'a> Export<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Writes every organization (archived ones only when asked) to `path`, its custom fields
    /// (not archived ones) after its own columns; returns the rows.
    pub async fn organizations(&self, path: &Path, include_archived: bool) -> Result<u64> {
        let fields = self.custom_fields(CustomRecord::Organization).await?;
        let (custom_headers, custom_selects) = custom_columns(&fields, "o.id");
        let sql = format!(
            "SELECT o.account_number, o.name, o.dba_name, p.account_number, o.address_line1,
                o.address_line2, o.city, o.region, o.postal_code, o.country, o.phone, o.email, o.website,
                o.notes, CASE WHEN o.archived_at IS NULL THEN '' ELSE 'yes' END{custom_selects}
            FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
            WHERE (? OR o.archived_at IS NULL) AND o.merged_into IS NULL
            ORDER BY o.name COLLATE NOCASE, o.id"
        );
        let columns: Vec<&str> =
            ORGANIZATION_COLUMNS.iter().copied().chain(custom_headers.iter().map(String::as_str)).collect();
        self.write(path, &columns, sql, include_archived).await
    }

    async fn custom_fields(&self, record: CustomRecord) -> Result<Vec<CustomField>> {
        crate::custom_fields::CustomFields::new(self.db).list(record, false).await
    }

    /// Writes every person (archived ones only when asked) to `path`, with the address in effect
    /// (inherited fields filled in); returns the rows.
    pub async fn people(&self, path: &Path, include_archived: bool) -> Result<u64> {
        let fields = self.custom_fields(CustomRecord::Person).await?;
        let (custom_headers, custom_selects) = custom_columns(&fields, "p.id");
        let sql = format!(
            "SELECT p.first_name, p.last_name, p.job_title, p.department, p.location, p.phone,
                p.mobile, p.email, coalesce(o.name, p.company_name), o.account_number,
                coalesce(p.address_line1, o.address_line1), coalesce(p.address_line2, o.address_line2),
                coalesce(p.city, o.city), coalesce(p.region, o.region),
                coalesce(p.postal_code, o.postal_code), coalesce(p.country, o.country),
                CASE WHEN p.archived_at IS NULL THEN '' ELSE 'yes' END{custom_selects}
            FROM people p LEFT JOIN organizations o ON o.id = p.organization_id
            WHERE (? OR p.archived_at IS NULL) AND p.merged_into IS NULL
            ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id"
        );
        let columns: Vec<&str> =
            PERSON_COLUMNS.iter().copied().chain(custom_headers.iter().map(String::as_str)).collect();
        self.write(path, &columns, sql, include_archived).await
    }

    async fn write(&self, path: &Path, columns: &[&str], sql: String, include_archived: bool) -> Result<u64> {
        let file_name = path
            .file_name()
            .ok_or_else(|| Error::invalid("file", msg("Choose a file name, not a folder.", &[])))?;
        let tmp = path.with_file_name(format!(".{}.part", file_name.to_string_lossy()));
        let result = async {
            // Quoting is done by `cell`, which quotes more than the csv crate would.
            let mut out = csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Never)
                .from_path(&tmp)
                .map_err(csv_error)?;
            // Custom fields' labels are the admin's text: quoted and defused like any cell.
            out.write_record(columns.iter().map(|c| cell(c))).map_err(csv_error)?;
            let mut rows =
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(include_archived).fetch(self.db.reader());
            let mut count = 0u64;
            while let Some(row) = rows.try_next().await? {
                let mut record = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    let value: Option<String> = row.try_get(i)?;
                    record.push(cell(value.as_deref().unwrap_or("")));
                }
                out.write_record(&record).map_err(csv_error)?;
                count += 1;
            }
            let file = out.into_inner().map_err(|e| Error::Io(e.into_error()))?;
            file.sync_all()?;
            Ok::<_, Error>(count)
        }
        .await;
        match result {
            Ok(count) => {
                std::fs::rename(&tmp, path)?;
                Ok(count)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => Error::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_cells_are_defused_at_the_start_and_after_every_separator() {
        for bad in ["=1+1", "+44 113", "-2", "@SUM(A1)", "\tx", "\rx", "\u{FF1D}1+1", " =1", "'=1"] {
            assert_eq!(defuse(bad), format!("'{bad}"));
        }
        assert_eq!(defuse("Acme;=cmd|' /C calc'!A0"), "Acme;'=cmd|' /C calc'!A0");
        assert_eq!(defuse("a\n-2\t+3,@x"), "a\n'-2\t'+3,'@x");
        assert_eq!(defuse("'t Hooft"), "'t Hooft");
        assert_eq!(defuse("Acme"), "Acme");
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("Acme Ltd"), "Acme Ltd");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn undoing_gives_back_exactly_what_was_defused() {
        let values = [
            "=1+1",
            "'=x",
            "''=x",
            " '=x",
            "'t Hooft",
            "a;'=b",
            "\t=1",
            "a\t\tb",
            "it's",
            "'",
            "''",
            "-",
            "\u{FF0B}1",
            "a;b;=c\n@d",
            "x;' ;=y",
        ];
        for value in values {
            assert_eq!(undo_defuse(&defuse(value)), value, "{value:?} → {:?}", defuse(value));
        }
    }
}
