//! How an import runs: the per-kind planners behind one enum, the dry run over the whole file,
//! the writing pass's reader thread and the batch writer. `mod.rs` holds the types the app sees
//! and the service that drives these.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use sqlx::SqliteConnection;

use super::read::{self, FileFormat, Record, RecordError, Records};
use super::{
    BATCH, ImportKind, ImportOptions, ImportSummary, MAX_LISTED_ERRORS, PREVIEW_ROWS, PreviewRow, RowAction,
    RowError, Target, mapping, organizations, people,
};
use crate::custom_fields::CustomField;
use crate::messages::msg;
use crate::{Error, ImportId, Result};

/// One row's plan, as a planner makes it.
pub(crate) struct Step {
    pub action: RowAction,
    pub label: String,
    pub changes: Vec<String>,
    pub message: Option<String>,
    pub errors: Vec<RowError>,
    pub write: Option<Write>,
    /// What happens to the row's contact person (organizations with contact columns).
    pub contact: Option<RowAction>,
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
            contact: None,
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
            contact: None,
        }
    }
}

/// What a planned row writes.
pub(crate) enum Write {
    Organization(organizations::OrgWrite),
    Person(people::PersonWrite),
    /// A person's row in a file of companies and people: linked to their organization at the end.
    PersonOf {
        row: u64,
        person: people::PersonWrite,
    },
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

    /// Forgets what one pass over the file learnt, keeping the index of the database.
    fn reset(&mut self) {
        match self {
            Self::Organizations(p) => p.reset(),
            Self::People(p) => p.reset(),
        }
    }

    fn finish(&mut self) -> Vec<LateError> {
        match self {
            Self::Organizations(p) => p.finish(),
            Self::People(_) => Vec::new(),
        }
    }

    /// The company a known export's file name gave every row, when it is one organization.
    pub fn file_company(&self) -> Option<String> {
        match self {
            Self::Organizations(_) => None,
            Self::People(p) => p.file_company(),
        }
    }

    fn take_parent_links(&mut self) -> HashMap<u64, organizations::ParentLink> {
        match self {
            Self::Organizations(p) => p.take_links(),
            Self::People(_) => HashMap::new(),
        }
    }
}

/// Sniffs the format and settles the mapping (automatic unless given), checked.
pub(super) async fn prepare(
    path: &Path,
    options: &ImportOptions,
    fields: &[CustomField],
    terms: &[String],
) -> Result<(FileFormat, Vec<Target>)> {
    let (format, mapping) = prepare_unchecked(path, options, false, fields, terms).await?;
    mapping::check(options.kind, &format.headers, &mapping)?;
    super::custom::check(&format.headers, &mapping, fields)?;
    Ok((format, mapping))
}

/// Sniffs the format and settles the mapping, not yet checked (a preview shows a mapping that
/// lacks a name column so that the user can complete it). `lenient`: a mapping made for other
/// columns (another sheet) gives way to the automatic one; otherwise the check refuses it.
pub(super) async fn prepare_unchecked(
    path: &Path,
    options: &ImportOptions,
    lenient: bool,
    fields: &[CustomField],
    terms: &[String],
) -> Result<(FileFormat, Vec<Target>)> {
    let (path_c, kind, read) = (path.to_owned(), options.kind, options.read.clone());
    let format = tokio::task::spawn_blocking(move || {
        read::sniff(&path_c, read, |row| mapping::looks_like_header(kind, row))
    })
    .await
    .map_err(|e| Error::Io(std::io::Error::other(e)))??;
    if format.source == read::FileSource::Vcard && options.kind == super::ImportKind::Organizations {
        return Err(read::file_error(msg(
            "A vCard file holds {people}: import it as {People} (their companies then go through the {organization} importer).",
            &[],
        )));
    }
    let mapping = match &options.mapping {
        Some(mapping) if mapping.len() == format.headers.len() || !lenient => mapping.clone(),
        _ => {
            let mut mapping = mapping::auto_map(options.kind, &format.headers);
            super::custom::auto_map(&mut mapping, &format.headers, fields);
            super::headers::auto_map_terms(options.kind, &mut mapping, &format.headers, terms);
            mapping
        }
    };
    Ok((format, mapping))
}

pub(super) async fn load_planner(
    conn: &mut SqliteConnection,
    path: &Path,
    options: &ImportOptions,
    format: &FileFormat,
    mapping: &[Target],
) -> Result<Planner> {
    let columns = Columns { headers: format.headers.clone(), mapping: mapping.to_vec() };
    let fields = super::custom::fields(conn, options.kind).await?;
    super::custom::check(&format.headers, mapping, &fields)?;
    let custom = super::custom::CustomColumns::load(conn, mapping, &fields).await?;
    Ok(match options.kind {
        ImportKind::Organizations => {
            let contacts = mapping.iter().any(|t| organizations::CONTACT.contains(t));
            let people = if contacts { Some(Box::new(people::PersonIndex::load(conn).await?)) } else { None };
            Planner::Organizations(
                organizations::OrgPlanner::new(
                    organizations::OrgIndex::load(conn).await?,
                    people,
                    columns,
                    options.match_by,
                    options.on_match,
                )
                .with_custom(custom),
            )
        }
        ImportKind::People => Planner::People(
            people::PersonPlanner::new(
                organizations::OrgIndex::load(conn).await?,
                people::PersonIndex::load(conn).await?,
                columns,
                options.on_match,
            )
            .with_file_company(&crate::files::shown_name(path))
            .with_custom(custom),
        ),
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

pub(super) struct DryRun {
    pub(super) sha256: String,
    pub(super) summary: ImportSummary,
    pub(super) rows: Vec<PreviewRow>,
    pub(super) errors: Vec<RowError>,
    pub(super) truncated: bool,
    /// Rows that only the end of the file showed to be errors.
    pub(super) late_rows: HashSet<u64>,
    /// Where each site's parent is, by the site's row.
    pub(super) parent_links: HashMap<u64, organizations::ParentLink>,
    /// The planner, reset for another pass over the file (its index of the database kept).
    pub(super) planner: Planner,
}

/// Plans every row of the file (blocking: run it in `spawn_blocking`).
pub(super) fn dry_run(path: &Path, format: &FileFormat, mut planner: Planner) -> Result<DryRun> {
    let mut records = Records::open(path, format)?;
    let mut summary = ImportSummary::default();
    let (mut rows, mut errors, mut truncated) = (Vec::new(), Vec::new(), false);
    // Rows' contact actions, to take back when the end of the file refuses the row.
    let mut contacts: HashMap<u64, RowAction> = HashMap::new();
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
                Step::error(vec![RowError {
                    row,
                    column: None,
                    message: msg("This row {message}", &[("message", &message)]),
                }]),
            ),
            Err(RecordError::Cell { row, column, message }) => {
                (row, Step::error(vec![RowError { row, column, message }]))
            }
            Err(RecordError::File(e)) => return Err(e),
        };
        summary.rows += 1;
        summary.count(step.action, 1);
        if let Some(contact) = step.contact {
            summary.count_contact(contact, 1);
            contacts.insert(row, contact);
        }
        if rows.len() < PREVIEW_ROWS {
            rows.push(PreviewRow {
                row,
                action: step.action,
                label: step.label,
                changes: step.changes.clone(),
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
            msg("The file has a header row but no data rows.", &[])
        } else {
            msg("The file has no data rows.", &[])
        }));
    }
    let mut late_rows = HashSet::new();
    let late = planner.finish();
    let by_row: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, r)| (r.row, i)).collect();
    for LateError { was, error } in late {
        summary.count(was, -1);
        summary.count(RowAction::Error, 1);
        if let Some(contact) = contacts.get(&error.row) {
            summary.count_contact(*contact, -1);
        }
        late_rows.insert(error.row);
        if let Some(&i) = by_row.get(&error.row) {
            rows[i].action = RowAction::Error;
            rows[i].changes.clear();
            rows[i].message = Some(error.to_string());
        }
        push_error(&mut errors, error, &mut truncated);
    }
    errors.sort_by_key(|e| e.row);
    let parent_links = planner.take_parent_links();
    planner.reset();
    Ok(DryRun {
        sha256: records.sha256(),
        summary,
        rows,
        errors,
        truncated,
        late_rows,
        parent_links,
        planner,
    })
}

/// The writing pass's reader: plans rows again and sends the writes in batches; returns the hash.
pub(super) fn write_pass(
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
            Err(RecordError::Row { .. } | RecordError::Cell { .. }) => continue,
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
pub(super) struct Writer {
    import: ImportId,
    stamp: String,
    /// Sites and their parents, linked at the end.
    parents: organizations::ParentLinks,
}

impl Writer {
    pub(super) fn new(
        import: ImportId,
        stamp: String,
        parent_links: HashMap<u64, organizations::ParentLink>,
    ) -> Self {
        Self { import, stamp, parents: organizations::ParentLinks::new(parent_links) }
    }

    pub(super) async fn write(&mut self, conn: &mut SqliteConnection, batch: Vec<Write>) -> Result<()> {
        let (mut orgs, mut people) = (Vec::new(), Vec::new());
        for write in batch {
            match write {
                Write::Organization(w) => orgs.push(w),
                Write::Person(w) => people.push(w),
                Write::PersonOf { row, person } => {
                    self.parents.people.push((person.id(), row));
                    people.push(person);
                }
            }
        }
        if !orgs.is_empty() {
            let contacts =
                organizations::write_batch(conn, self.import, &self.stamp, orgs, &mut self.parents).await?;
            people.extend(contacts);
        }
        if !people.is_empty() {
            people::write_batch(conn, self.import, &self.stamp, people).await?;
        }
        Ok(())
    }

    pub(super) async fn finish(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        organizations::link_parents(conn, &self.parents).await
    }
}
