//! Importing organizations and people from delimited files: read (sniffed encoding, delimiter and
//! header), map columns to fields, plan every row against the database (create, update only the
//! mapped non-empty fields, skip, or an error naming row, column and reason), show that as a dry
//! run, and apply exactly what was previewed in one transaction, with progress and cancel. Every
//! applied import is kept in a history with what it did, so the last one can be undone.
//!
//! Apply reads the file twice inside its write transaction: a dry run first (which must give the
//! file hash and the counts the user confirmed, or nothing is written), then the writing pass, fed
//! from a blocking reader thread through a bounded channel — neither pass holds the file in memory.

mod custom;
mod decode;
pub mod exports;
mod headers;
pub mod history;
pub mod mapping;
mod organizations;
pub mod organizer;
mod people;
pub mod read;
mod run;
mod vcard;
mod workbook;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use history::ImportRecord;
pub use mapping::{FieldChoice, ImportKind, SavedMapping, Target};
pub use read::{Delimiter, FileFormat, FileSource, ReadOptions, TextEncoding};

use crate::db::Db;
use crate::messages::msg;
use crate::staff::Actor;
use crate::{Error, ImportId, Result};
pub(crate) use run::{Columns, LateError, Step, Write};
use run::{Writer, dry_run, load_planner, prepare, prepare_unchecked, write_pass};

/// Preview rows sent back at most (the summary and the errors cover every row).
pub const PREVIEW_ROWS: usize = 1000;
/// Row errors listed at most; the summary still counts them all.
pub const MAX_LISTED_ERRORS: usize = 10_000;
/// Rows written between two progress reports (and cancel checks).
const BATCH: usize = 1000;

/// Which existing record a row is matched to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchBy {
    /// Organizations: the account number, or the normalised name for rows without one.
    /// People: the email address, or first and last name within the same company.
    #[default]
    AccountNumber,
    /// Organizations: the normalised name only (case, spacing, punctuation and legal suffixes
    /// ignored). People: as `AccountNumber`.
    Name,
}

/// What happens to a row that matches an existing record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnMatch {
    /// Update the mapped fields that are not empty in the file.
    #[default]
    Update,
    /// Leave the existing record as it is.
    Skip,
}

/// How to read and map a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    pub kind: ImportKind,
    #[serde(default)]
    pub read: ReadOptions,
    /// One target per column; `None` maps the headers automatically.
    #[serde(default)]
    pub mapping: Option<Vec<Target>>,
    #[serde(default)]
    pub match_by: MatchBy,
    #[serde(default)]
    pub on_match: OnMatch,
}

impl ImportOptions {
    pub fn new(kind: ImportKind) -> Self {
        Self {
            kind,
            read: ReadOptions::default(),
            mapping: None,
            match_by: MatchBy::default(),
            on_match: OnMatch::default(),
        }
    }
}

/// What will happen (or happened) to a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
    Skip,
    Error,
}

/// One row of the preview table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    /// The row number as a spreadsheet shows it (the header is row 1).
    #[ts(type = "number")]
    pub row: u64,
    pub action: RowAction,
    /// The record's name as it will read.
    pub label: String,
    /// For an update: the fields that change.
    pub changes: Vec<String>,
    /// Why a row is skipped or refused.
    pub message: Option<String>,
}

/// A problem with one row: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowError {
    #[ts(type = "number")]
    pub row: u64,
    /// The column's header, when the problem is in one cell.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let row = self.row.to_string();
        let text = match &self.column {
            Some(column) => msg(
                "Row {row}, column “{column}”: {message}",
                &[("row", &row), ("column", column), ("message", &self.message)],
            ),
            None => msg("Row {row}: {message}", &[("row", &row), ("message", &self.message)]),
        };
        f.write_str(&text)
    }
}

/// The counts of a dry run (and of an apply).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    /// Data rows read (blank lines not counted).
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub create: u64,
    #[ts(type = "number")]
    pub update: u64,
    #[ts(type = "number")]
    pub skip: u64,
    #[ts(type = "number")]
    pub errors: u64,
    /// People created and updated by an organizations import: rows' contacts, and the person
    /// rows of a file that mixes companies and people.
    #[ts(type = "number")]
    pub contacts_create: u64,
    #[ts(type = "number")]
    pub contacts_update: u64,
}

impl ImportSummary {
    fn count_contact(&mut self, action: RowAction, by: i64) {
        let slot = match action {
            RowAction::Create => &mut self.contacts_create,
            RowAction::Update => &mut self.contacts_update,
            RowAction::Skip | RowAction::Error => return,
        };
        *slot = slot.saturating_add_signed(by);
    }

    fn count(&mut self, action: RowAction, by: i64) {
        let slot = match action {
            RowAction::Create => &mut self.create,
            RowAction::Update => &mut self.update,
            RowAction::Skip => &mut self.skip,
            RowAction::Error => &mut self.errors,
        };
        *slot = slot.saturating_add_signed(by);
    }
}

/// The dry run: how the file is read and mapped, and what would happen to every row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub kind: ImportKind,
    pub file_name: String,
    /// Hand this back to apply: it proves the file is still the one previewed.
    pub file_sha256: String,
    pub format: FileFormat,
    /// The export the headers were recognised as ("Xero contacts export"), if any; with the
    /// organization its file name gives every row, when it names one ("ITFlow contacts export of
    /// Riverside Clinic (from the file name)"); for a vCard file, the address book that wrote it
    /// ("Apple Contacts export (vCard)").
    pub recognised: Option<String>,
    pub mapping: Vec<Target>,
    /// The targets the mapping screen offers for this kind.
    pub choices: Vec<FieldChoice>,
    pub match_by: MatchBy,
    pub on_match: OnMatch,
    pub summary: ImportSummary,
    /// The first rows (at most [`PREVIEW_ROWS`]).
    pub rows: Vec<PreviewRow>,
    /// Every row error (at most [`MAX_LISTED_ERRORS`]).
    pub errors: Vec<RowError>,
    /// Why the rows were not planned: the mapping is not complete yet ("Map a Name column…");
    /// the columns are shown so that the user can complete it.
    pub mapping_problem: Option<String>,
    /// True when the file had more rows or errors than listed.
    pub truncated: bool,
}

/// What the user confirmed: the options previewed, and the file hash and counts they saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApplyRequest {
    pub options: ImportOptions,
    pub file_sha256: String,
    pub expected: ImportSummary,
}

/// Progress of an apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApplyProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The import service.
pub struct Import<'a> {
    db: &'a Db,
}

impl<'a> Import<'a> {
    pub(crate) fn new(db: &'a Db) -> Self {
        Self { db }
    }

    /// Reads the file at `path` and plans every row without writing anything.
    pub async fn preview(&self, path: &Path, options: ImportOptions) -> Result<ImportPreview> {
        let fields = custom::fields(&mut *self.db.reader().acquire().await?, options.kind).await?;
        let terms = crate::terms::Terms::new(self.db).renamed("organization").await?;
        let (format, mapping) = prepare_unchecked(path, &options, true, &fields, &terms).await?;
        if let Err(problem) = mapping::check(options.kind, &format.headers, &mapping)
            .and_then(|()| custom::check(&format.headers, &mapping, &fields))
        {
            return Ok(ImportPreview {
                kind: options.kind,
                file_name: crate::files::shown_name(path),
                file_sha256: String::new(),
                recognised: mapping::recognise(&format.headers).map(|e| msg(e.name, &[])),
                format,
                mapping,
                choices: custom::choices(mapping::choices(options.kind), &fields),
                match_by: options.match_by,
                on_match: options.on_match,
                summary: ImportSummary::default(),
                rows: Vec::new(),
                errors: Vec::new(),
                truncated: false,
                mapping_problem: Some(problem.to_string()),
            });
        }
        let mut conn = self.db.reader().acquire().await?;
        let planner = load_planner(&mut conn, path, &options, &format, &mapping).await?;
        drop(conn);
        let recognised = if format.source == read::FileSource::Vcard {
            vcard_producer(path).await.map(|p| format!("{} (vCard)", msg(p, &[])))
        } else {
            mapping::recognise(&format.headers).map(|e| match planner.file_company() {
                Some(company) => msg(
                    "{export} of {company} (from the file name)",
                    &[("export", &msg(e.name, &[])), ("company", &company)],
                ),
                None => msg(e.name, &[]),
            })
        };
        let path_owned = path.to_owned();
        let format_c = format.clone();
        let dry = tokio::task::spawn_blocking(move || dry_run(&path_owned, &format_c, planner))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        Ok(ImportPreview {
            kind: options.kind,
            file_name: crate::files::shown_name(path),
            file_sha256: dry.sha256,
            recognised,
            format,
            mapping,
            choices: custom::choices(mapping::choices(options.kind), &fields),
            match_by: options.match_by,
            on_match: options.on_match,
            summary: dry.summary,
            rows: dry.rows,
            errors: dry.errors,
            truncated: dry.truncated,
            mapping_problem: None,
        })
    }

    /// Applies what `request` confirmed, in one transaction: the rows planned as create or
    /// update are written, errors and skips are not. Refuses (writing nothing) when the file or
    /// the database changed since the preview so that the counts differ, and when `cancel` is
    /// set before the commit.
    pub async fn apply(
        &self,
        path: &Path,
        request: ApplyRequest,
        actor: &Actor,
        progress: &(dyn Fn(ApplyProgress) + Send + Sync),
        cancel: &AtomicBool,
    ) -> Result<ImportRecord> {
        let options = request.options;
        let fields = custom::fields(&mut *self.db.reader().acquire().await?, options.kind).await?;
        let terms = crate::terms::Terms::new(self.db).renamed("organization").await?;
        let (format, mapping) = prepare(path, &options, &fields, &terms).await?;
        let mut tx = self.db.begin_write().await?;
        // Pass 1: the dry run again, inside the write lock, so nothing can change after it.
        let planner = load_planner(&mut tx, path, &options, &format, &mapping).await?;
        let (path_c, format_c) = (path.to_owned(), format.clone());
        let dry = tokio::task::spawn_blocking(move || dry_run(&path_c, &format_c, planner))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        if dry.sha256 != request.file_sha256 {
            return Err(read::file_error(msg(
                "The file changed since the preview; preview it again before importing.",
                &[],
            )));
        }
        if dry.summary != request.expected {
            return Err(Error::invalid(
                "import",
                msg(
                    "The data changed since the preview (the counts differ); preview it again before importing.",
                    &[],
                ),
            ));
        }
        let total = dry.summary.create + dry.summary.update;
        if total == 0 {
            return Err(Error::invalid(
                "import",
                msg("Nothing to import: every row is skipped or has an error.", &[]),
            ));
        }
        let import = ImportId::new();
        let stamp = history::now(&mut tx).await?;
        history::begin(
            &mut tx,
            import,
            &options,
            &crate::files::shown_name(path),
            &dry.sha256,
            &format,
            &mapping,
            actor,
            &stamp,
        )
        .await?;

        // Pass 2: plan again in a reader thread (same index of the database: nothing can have
        // changed under the write lock), write here.
        let (planner, parent_links) = (dry.planner, dry.parent_links);
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<Vec<Write>>>(4);
        let (path_c, format_c, late) = (path.to_owned(), format.clone(), dry.late_rows);
        let reader =
            tokio::task::spawn_blocking(move || write_pass(&path_c, &format_c, planner, &late, &sender));
        let mut writer = Writer::new(import, stamp.clone(), parent_links);
        let mut done = 0u64;
        progress(ApplyProgress { done, total });
        while let Some(batch) = receiver.recv().await {
            if cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
            let batch = batch?;
            done += batch.len() as u64;
            writer.write(&mut tx, batch).await?;
            progress(ApplyProgress { done, total });
        }
        let sha256 = reader.await.map_err(|e| Error::Io(std::io::Error::other(e)))??;
        if sha256 != dry.sha256 || done != total {
            return Err(read::file_error(msg(
                "The file changed while it was being imported; nothing was imported.",
                &[],
            )));
        }
        writer.finish(&mut tx).await?;
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        history::finish(&mut tx, import, &dry.summary).await?;
        history::stream_entries(&mut tx, import, false).await?;
        let record = history::get(&mut tx, import).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Applied imports, newest first.
    pub async fn history(&self) -> Result<Vec<ImportRecord>> {
        history::list(self.db).await
    }

    /// Undoes the newest import not yet undone: removes what it created, restores what it
    /// updated. Refused, changing nothing, when a record it touched was changed since.
    /// Only an admin may undo another person's import.
    pub async fn undo_last(&self, by: &Actor) -> Result<ImportRecord> {
        history::undo_last(self.db, by).await
    }

    /// Saves a mapping under a name (replacing one of the same name and kind).
    pub async fn save_mapping(&self, mapping: SavedMapping) -> Result<()> {
        history::save_mapping(self.db, mapping).await
    }

    /// Saved mappings of `kind`.
    pub async fn mappings(&self, kind: ImportKind) -> Result<Vec<SavedMapping>> {
        history::mappings(self.db, kind).await
    }

    /// The organization importer's proposals: unlinked people grouped by company name.
    pub async fn company_groups(&self) -> Result<Vec<organizer::CompanyGroup>> {
        organizer::proposals(self.db).await
    }

    /// Applies the reviewed groups in one transaction (kept in the history; undo reverses it).
    pub async fn apply_company_groups(
        &self,
        decisions: Vec<organizer::GroupDecision>,
        actor: &Actor,
    ) -> Result<ImportRecord> {
        organizer::apply(self.db, decisions, actor).await
    }

    /// Deletes a saved mapping.
    pub async fn delete_mapping(&self, kind: ImportKind, name: &str) -> Result<()> {
        history::delete_mapping(self.db, kind, name).await
    }
}

/// The address book that wrote a vCard file, from its first 256 kB.
async fn vcard_producer(path: &Path) -> Option<&'static str> {
    use tokio::io::AsyncReadExt;
    let mut sample = Vec::new();
    let file = tokio::fs::File::open(path).await.ok()?;
    file.take(256 * 1024).read_to_end(&mut sample).await.ok()?;
    vcard::producer(&sample)
}

fn cancelled() -> Error {
    Error::invalid("import", msg("The import was cancelled; nothing was imported.", &[]))
}
