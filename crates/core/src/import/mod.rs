//! Importing organizations and people from delimited files: read (sniffed encoding, delimiter and
//! header), map columns to fields, plan every row against the database (create, update only the
//! mapped non-empty fields, skip, or an error naming row, column and reason), show that as a dry
//! run, and apply exactly what was previewed in one transaction, with progress and cancel. Every
//! applied import is kept in a history with what it did, so the last one can be undone.
//!
//! Apply reads the file twice inside its write transaction: a dry run first (which must give the
//! file hash and the counts the user confirmed, or nothing is written), then the writing pass, fed
//! from a blocking reader thread through a bounded channel — neither pass holds the file in memory.

pub mod history;
pub mod mapping;
mod organizations;
pub mod organizer;
mod people;
pub mod read;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

pub use history::ImportRecord;
pub use mapping::{FieldChoice, ImportKind, SavedMapping, Target};
pub use read::{Delimiter, FileFormat, ReadOptions, TextEncoding};

use crate::db::Db;
use crate::{Error, ImportId, Result};
use read::{Record, RecordError, Records};

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
        match &self.column {
            Some(column) => write!(f, "Row {}, column “{}”: {}", self.row, column, self.message),
            None => write!(f, "Row {}: {}", self.row, self.message),
        }
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
}

impl ImportSummary {
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

/// One row's plan, as a planner makes it.
pub(crate) struct Step {
    pub action: RowAction,
    pub label: String,
    pub changes: Vec<&'static str>,
    pub message: Option<String>,
    pub errors: Vec<RowError>,
    pub write: Option<Write>,
}

impl Step {
    pub fn error(errors: Vec<RowError>) -> Self {
        Self {
            action: RowAction::Error,
            label: String::new(),
            changes: vec![],
            message: None,
            errors,
            write: None,
        }
    }

    pub fn skip(label: String, message: &str) -> Self {
        Self {
            action: RowAction::Skip,
            label,
            changes: vec![],
            message: Some(message.to_owned()),
            errors: vec![],
            write: None,
        }
    }
}

/// What a planned row writes.
pub(crate) enum Write {
    Organization(organizations::OrgWrite),
    Person(people::PersonWrite),
}

/// An error that shows only once the whole file is read (a parent account no row provided).
pub(crate) struct LateError {
    pub was: RowAction,
    pub error: RowError,
}

/// A planner per kind.
pub(crate) enum Planner {
    Organizations(organizations::OrgPlanner),
    People(people::PersonPlanner),
}

impl Planner {
    fn plan(&mut self, record: &Record) -> Step {
        match self {
            Self::Organizations(p) => p.plan(record),
            Self::People(p) => p.plan(record),
        }
    }

    fn finish(&mut self) -> Vec<LateError> {
        match self {
            Self::Organizations(p) => p.finish(),
            Self::People(_) => Vec::new(),
        }
    }
}

/// The file's name for messages and the history (never used as a path).
fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
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
        let (format, mapping) = prepare(path, &options).await?;
        let mut conn = self.db.reader().acquire().await?;
        let planner = load_planner(&mut conn, &options, &format, &mapping).await?;
        drop(conn);
        let path_owned = path.to_owned();
        let format_c = format.clone();
        let dry = tokio::task::spawn_blocking(move || dry_run(&path_owned, &format_c, planner))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        Ok(ImportPreview {
            kind: options.kind,
            file_name: display_name(path),
            file_sha256: dry.sha256,
            format,
            mapping,
            choices: mapping::choices(options.kind),
            match_by: options.match_by,
            on_match: options.on_match,
            summary: dry.summary,
            rows: dry.rows,
            errors: dry.errors,
            truncated: dry.truncated,
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
        actor: &str,
        progress: &(dyn Fn(ApplyProgress) + Send + Sync),
        cancel: &AtomicBool,
    ) -> Result<ImportRecord> {
        let options = request.options;
        let (format, mapping) = prepare(path, &options).await?;
        let mut tx = self.db.begin_write().await?;
        // Pass 1: the dry run again, inside the write lock, so nothing can change after it.
        let planner = load_planner(&mut tx, &options, &format, &mapping).await?;
        let (path_c, format_c) = (path.to_owned(), format.clone());
        let dry = tokio::task::spawn_blocking(move || dry_run(&path_c, &format_c, planner))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        if dry.sha256 != request.file_sha256 {
            return Err(read::file_error(
                "The file changed since the preview; preview it again before importing.",
            ));
        }
        if dry.summary != request.expected {
            return Err(Error::invalid(
                "import",
                "The data changed since the preview (the counts differ); preview it again before importing.",
            ));
        }
        let total = dry.summary.create + dry.summary.update;
        if total == 0 {
            return Err(Error::invalid("import", "Nothing to import: every row is skipped or has an error."));
        }
        let import = ImportId::new();
        let stamp = history::now(&mut tx).await?;
        history::begin(
            &mut tx,
            import,
            &options,
            &display_name(path),
            &dry.sha256,
            &format,
            &mapping,
            actor,
            &stamp,
        )
        .await?;

        // Pass 2: plan again in a reader thread, write here.
        let planner = load_planner(&mut tx, &options, &format, &mapping).await?;
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<Vec<Write>>>(4);
        let (path_c, format_c, late) = (path.to_owned(), format.clone(), dry.late_rows);
        let reader =
            tokio::task::spawn_blocking(move || write_pass(&path_c, &format_c, planner, &late, &sender));
        let mut writer = Writer::new(import, stamp.clone());
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
            return Err(read::file_error(
                "The file changed while it was being imported; nothing was imported.",
            ));
        }
        writer.finish(&mut tx).await?;
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        history::finish(&mut tx, import, &dry.summary).await?;
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
    pub async fn undo_last(&self) -> Result<ImportRecord> {
        history::undo_last(self.db).await
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
        actor: &str,
    ) -> Result<ImportRecord> {
        organizer::apply(self.db, decisions, actor).await
    }

    /// Deletes a saved mapping.
    pub async fn delete_mapping(&self, kind: ImportKind, name: &str) -> Result<()> {
        history::delete_mapping(self.db, kind, name).await
    }
}

fn cancelled() -> Error {
    Error::invalid("import", "The import was cancelled; nothing was imported.")
}

/// Sniffs the format and settles the mapping (automatic unless given), checked.
async fn prepare(path: &Path, options: &ImportOptions) -> Result<(FileFormat, Vec<Target>)> {
    let (path_c, kind, read) = (path.to_owned(), options.kind, options.read);
    let format = tokio::task::spawn_blocking(move || {
        read::sniff(&path_c, read, |row| mapping::looks_like_header(kind, row))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))??;
    let mapping = match &options.mapping {
        Some(mapping) => mapping.clone(),
        None => mapping::auto_map(options.kind, &format.headers),
    };
    mapping::check(options.kind, &format.headers, &mapping)?;
    Ok((format, mapping))
}

async fn load_planner(
    conn: &mut SqliteConnection,
    options: &ImportOptions,
    format: &FileFormat,
    mapping: &[Target],
) -> Result<Planner> {
    let columns = Columns { headers: format.headers.clone(), mapping: mapping.to_vec() };
    Ok(match options.kind {
        ImportKind::Organizations => Planner::Organizations(organizations::OrgPlanner::new(
            organizations::OrgIndex::load(conn).await?,
            columns,
            options.match_by,
            options.on_match,
        )),
        ImportKind::People => Planner::People(people::PersonPlanner::new(
            organizations::OrgIndex::load(conn).await?,
            people::PersonIndex::load(conn).await?,
            columns,
            options.on_match,
        )),
    })
}

/// The file's columns and where each goes.
pub(crate) struct Columns {
    pub headers: Vec<String>,
    pub mapping: Vec<Target>,
}

impl Columns {
    /// The header of the column mapped to `target`.
    pub fn header(&self, target: Target) -> Option<String> {
        self.mapping.iter().position(|t| *t == target).map(|i| self.headers[i].clone())
    }

    /// A cell error for the column mapped to `target`.
    pub fn error(&self, row: u64, target: Target, message: impl Into<String>) -> RowError {
        RowError { row, column: self.header(target), message: message.into() }
    }
}

struct DryRun {
    sha256: String,
    summary: ImportSummary,
    rows: Vec<PreviewRow>,
    errors: Vec<RowError>,
    truncated: bool,
    /// Rows that only the end of the file showed to be errors.
    late_rows: HashSet<u64>,
}

/// Plans every row of the file (blocking: run it in `spawn_blocking`).
fn dry_run(path: &Path, format: &FileFormat, mut planner: Planner) -> Result<DryRun> {
    let mut records = Records::open(path, format)?;
    let mut summary = ImportSummary::default();
    let (mut rows, mut errors, mut truncated) = (Vec::new(), Vec::new(), false);
    let push_error = |errors: &mut Vec<RowError>, e: RowError, truncated: &mut bool| {
        if errors.len() < MAX_LISTED_ERRORS {
            errors.push(e);
        } else {
            *truncated = true;
        }
    };
    while let Some(next) = records.next_record() {
        let (row, step) = match next {
            Ok(record) => (record.row, planner.plan(&record)),
            Err(RecordError::Row { row, message }) => (
                row,
                Step::error(vec![RowError { row, column: None, message: format!("This row {message}") }]),
            ),
            Err(RecordError::File(e)) => return Err(e),
        };
        summary.rows += 1;
        summary.count(step.action, 1);
        if rows.len() < PREVIEW_ROWS {
            rows.push(PreviewRow {
                row,
                action: step.action,
                label: step.label,
                changes: step.changes.iter().map(|c| (*c).to_owned()).collect(),
                message: step.message.or_else(|| step.errors.first().map(|e| e.to_string())),
            });
        } else {
            truncated = true;
        }
        for e in step.errors {
            push_error(&mut errors, e, &mut truncated);
        }
    }
    if summary.rows == 0 {
        return Err(read::file_error(if format.has_header {
            "The file has a header row but no data rows."
        } else {
            "The file has no data rows."
        }));
    }
    let mut late_rows = HashSet::new();
    let late = planner.finish();
    let by_row: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, r)| (r.row, i)).collect();
    for LateError { was, error } in late {
        summary.count(was, -1);
        summary.count(RowAction::Error, 1);
        late_rows.insert(error.row);
        if let Some(&i) = by_row.get(&error.row) {
            rows[i].action = RowAction::Error;
            rows[i].changes.clear();
            rows[i].message = Some(error.to_string());
        }
        push_error(&mut errors, error, &mut truncated);
    }
    errors.sort_by_key(|e| e.row);
    Ok(DryRun { sha256: records.sha256(), summary, rows, errors, truncated, late_rows })
}

/// The writing pass's reader: plans rows again and sends the writes in batches; returns the hash.
fn write_pass(
    path: &Path,
    format: &FileFormat,
    mut planner: Planner,
    late: &HashSet<u64>,
    sender: &tokio::sync::mpsc::Sender<Result<Vec<Write>>>,
) -> Result<String> {
    let mut records = Records::open(path, format)?;
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(next) = records.next_record() {
        let record = match next {
            Ok(record) => record,
            Err(RecordError::Row { .. }) => continue,
            Err(RecordError::File(e)) => {
                let message = e.to_string();
                let _ = sender.blocking_send(Err(e));
                return Err(read::file_error(message));
            }
        };
        let step = planner.plan(&record);
        if late.contains(&record.row) {
            continue;
        }
        if let Some(write) = step.write {
            batch.push(write);
            if batch.len() == BATCH && sender.blocking_send(Ok(std::mem::take(&mut batch))).is_err() {
                // The writer stopped (an error or cancel); it reports why.
                return Ok(String::new());
            }
        }
    }
    if !batch.is_empty() {
        let _ = sender.blocking_send(Ok(batch));
    }
    Ok(records.sha256())
}

/// Writes planned rows on the write transaction, a batch at a time.
struct Writer {
    import: ImportId,
    stamp: String,
    /// Sites and their parent accounts, linked at the end.
    parents: Vec<(crate::OrganizationId, String)>,
}

impl Writer {
    fn new(import: ImportId, stamp: String) -> Self {
        Self { import, stamp, parents: Vec::new() }
    }

    async fn write(&mut self, conn: &mut SqliteConnection, batch: Vec<Write>) -> Result<()> {
        let (mut orgs, mut people) = (Vec::new(), Vec::new());
        for write in batch {
            match write {
                Write::Organization(w) => orgs.push(w),
                Write::Person(w) => people.push(w),
            }
        }
        if !orgs.is_empty() {
            let links = organizations::write_batch(conn, self.import, &self.stamp, orgs).await?;
            self.parents.extend(links);
        }
        if !people.is_empty() {
            people::write_batch(conn, self.import, &self.stamp, people).await?;
        }
        Ok(())
    }

    async fn finish(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        organizations::link_parents(conn, &self.parents).await
    }
}
