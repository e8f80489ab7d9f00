//! CSV export of organizations and people, with the column names the importer will map (so an
//! export can be imported again), streamed row by row, written to a temp file and renamed into
//! place (a failed export never leaves half a file under the chosen name). Cells that a
//! spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with `'`.
//! Secrets are not part of organizations or people, so they cannot end up here.

use std::path::Path;

use futures_util::TryStreamExt;
use sqlx::Row;

use crate::db::Db;
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

/// A cell as written: formula-looking text defused with a leading apostrophe.
pub fn cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

/// The export service.
pub struct Export<'a> {
    db: &'a Db,
}

impl<'a> Export<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Writes every organization (archived ones only when asked) to `path`; returns the rows.
    pub async fn organizations(&self, path: &Path, include_archived: bool) -> Result<u64> {
        let sql = "SELECT o.account_number, o.name, o.dba_name, p.account_number, o.address_line1,
                o.address_line2, o.city, o.region, o.postal_code, o.country, o.phone, o.email, o.website,
                o.notes, CASE WHEN o.archived_at IS NULL THEN '' ELSE 'yes' END
            FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
            WHERE ? OR o.archived_at IS NULL
            ORDER BY o.name COLLATE NOCASE, o.id";
        self.write(path, ORGANIZATION_COLUMNS, sql, include_archived).await
    }

    /// Writes every person (archived ones only when asked) to `path`, with the address in effect
    /// (inherited fields filled in); returns the rows.
    pub async fn people(&self, path: &Path, include_archived: bool) -> Result<u64> {
        let sql = "SELECT p.first_name, p.last_name, p.job_title, p.department, p.location, p.phone,
                p.mobile, p.email, coalesce(o.name, p.company_name), o.account_number,
                coalesce(p.address_line1, o.address_line1), coalesce(p.address_line2, o.address_line2),
                coalesce(p.city, o.city), coalesce(p.region, o.region),
                coalesce(p.postal_code, o.postal_code), coalesce(p.country, o.country),
                CASE WHEN p.archived_at IS NULL THEN '' ELSE 'yes' END
            FROM people p LEFT JOIN organizations o ON o.id = p.organization_id
            WHERE ? OR p.archived_at IS NULL
            ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id";
        self.write(path, PERSON_COLUMNS, sql, include_archived).await
    }

    async fn write(
        &self,
        path: &Path,
        columns: &[&str],
        sql: &'static str,
        include_archived: bool,
    ) -> Result<u64> {
        let file_name = path
            .file_name()
            .ok_or_else(|| Error::invalid("file", format!("“{}” is not a file name.", path.display())))?;
        let tmp = path.with_file_name(format!(".{}.part", file_name.to_string_lossy()));
        let result = async {
            let mut out = csv::Writer::from_path(&tmp).map_err(csv_error)?;
            out.write_record(columns).map_err(csv_error)?;
            let mut rows = sqlx::query(sql).bind(include_archived).fetch(self.db.reader());
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
    #[test]
    fn formula_looking_cells_are_defused() {
        for bad in ["=1+1", "+44 113", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(super::cell(bad), format!("'{bad}"));
        }
        assert_eq!(super::cell("Acme"), "Acme");
        assert_eq!(super::cell(""), "");
    }
}
