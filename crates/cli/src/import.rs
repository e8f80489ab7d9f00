//! `fieldbook-cli import …`: import organizations and people from delimited files, the history
//! and undo, and the organization importer.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand, ValueEnum};
use fieldbook_core::import::organizer::{GroupDecision, GroupTarget};
use fieldbook_core::import::{
    ApplyRequest, Delimiter, FileSource, ImportKind, ImportOptions, ImportPreview, ImportRecord, MatchBy,
    OnMatch, ReadOptions, Target, TextEncoding, mapping,
};
use fieldbook_core::{Core, Error};

use crate::output::{self, Output};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import organizations from a comma-, semicolon-, tab- or pipe-delimited file, or a workbook
    /// (.xlsx, .xls, .ods; --sheet chooses the sheet). Shows the plan, then applies it in one transaction; rows with errors refuse the whole import unless
    /// --skip-errors is given.
    Orgs(FileArgs),
    /// Import people the same way (also from a vCard .vcf file); a company column links to the organization with that account
    /// number or name, else it is kept as a free-text company name.
    People(FileArgs),
    /// Undo the newest import: remove what it created, restore what it updated.
    Undo,
    /// List applied imports, newest first.
    History,
    /// The organization importer: group people's free-text company names into organizations.
    /// Lists the groups; with --apply links every group (to the existing organization of that
    /// name, else a new one), leaving out people matched only by email domain.
    Companies {
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Args)]
pub struct FileArgs {
    file: PathBuf,
    /// Only show what would happen; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Match existing records by account number (people: email) or by normalised name.
    #[arg(long = "match", value_enum, default_value_t = MatchArg::Account)]
    match_by: MatchArg,
    /// Leave matched records alone instead of updating them.
    #[arg(long)]
    skip_existing: bool,
    /// Apply the rows without errors and leave the rest (default: refuse if any row has an error).
    #[arg(long)]
    skip_errors: bool,
    /// A JSON object of "column header": "field" (fields: account_number, name, dba_name,
    /// parent_account, first_name, last_name, full_name, job_title, department, location,
    /// company, company_account_number, address_line1, address_line2, city, region,
    /// postal_code, country, phone, mobile, email, website, notes, archived, append_to_notes,
    /// ignore). Columns it does not name are mapped by their header.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// The file's encoding (default: detected).
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// The delimiter (default: detected).
    #[arg(long, value_enum)]
    delimiter: Option<DelimiterArg>,
    /// Whether the first row is a header (default: detected).
    #[arg(long)]
    header: Option<bool>,
    /// A workbook's sheet to read (default: the first visible one).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MatchArg {
    Account,
    Name,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    Utf8,
    Utf16le,
    Utf16be,
    Windows1252,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DelimiterArg {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

pub async fn import(core: &Core, command: ImportCommand, out: &Output) -> Result<(), Error> {
    match command {
        ImportCommand::Orgs(args) => import_file(core, ImportKind::Organizations, args, out).await,
        ImportCommand::People(args) => import_file(core, ImportKind::People, args, out).await,
        ImportCommand::Undo => {
            let record = core.import().undo_last(&crate::staff::actor(core).await?).await?;
            if out.json {
                output::print_json(&record);
            } else {
                println!(
                    "undid the import of {} ({})",
                    record.file_name.as_deref().unwrap_or(&record.kind),
                    record.applied_at
                );
            }
            Ok(())
        }
        ImportCommand::History => {
            let records = core.import().history().await?;
            if out.json {
                output::print_json(&records);
            } else {
                for r in &records {
                    print_record(r);
                }
            }
            Ok(())
        }
        ImportCommand::Companies { apply } => companies(core, apply, out).await,
    }
}

fn print_record(r: &ImportRecord) {
    println!(
        "{}  {:<13} {:<30} created {}, updated {}, skipped {}, errors {}{}",
        r.applied_at,
        r.kind,
        r.file_name.as_deref().unwrap_or("-"),
        r.created,
        r.updated,
        r.skipped,
        r.errors,
        if r.undone_at.is_some() { "  (undone)" } else { "" }
    );
}

async fn import_file(core: &Core, kind: ImportKind, args: FileArgs, out: &Output) -> Result<(), Error> {
    let read = ReadOptions {
        encoding: args.encoding.map(|e| match e {
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::Utf16le => TextEncoding::Utf16Le,
            EncodingArg::Utf16be => TextEncoding::Utf16Be,
            EncodingArg::Windows1252 => TextEncoding::Windows1252,
        }),
        delimiter: args.delimiter.map(|d| match d {
            DelimiterArg::Comma => Delimiter::Comma,
            DelimiterArg::Semicolon => Delimiter::Semicolon,
            DelimiterArg::Tab => Delimiter::Tab,
            DelimiterArg::Pipe => Delimiter::Pipe,
        }),
        has_header: args.header,
        sheet: args.sheet.clone(),
    };
    let mut options = ImportOptions {
        kind,
        read,
        mapping: None,
        match_by: match args.match_by {
            MatchArg::Account => MatchBy::AccountNumber,
            MatchArg::Name => MatchBy::Name,
        },
        on_match: if args.skip_existing { OnMatch::Skip } else { OnMatch::Update },
    };
    let mut preview = core.import().preview(&args.file, options.clone()).await?;
    if let Some(mapping_file) = &args.mapping {
        let saved = read_mapping(mapping_file)?;
        options.mapping = Some(mapping::apply_saved(kind, &preview.format.headers, &saved));
        options.read = ReadOptions {
            encoding: Some(preview.format.encoding),
            delimiter: Some(preview.format.delimiter),
            has_header: Some(preview.format.has_header),
            sheet: preview.format.sheet.clone(),
        };
        preview = core.import().preview(&args.file, options.clone()).await?;
    }
    if let Some(problem) = &preview.mapping_problem {
        report(&preview, None, out);
        return Err(Error::invalid(
            "mapping",
            format!("{problem} Name the columns' fields in a --mapping file."),
        ));
    }
    let refused = preview.summary.errors > 0 && !args.skip_errors;
    let nothing = preview.summary.create + preview.summary.update == 0;
    if args.dry_run || refused || nothing {
        report(&preview, None, out);
        if refused && !args.dry_run {
            return Err(Error::invalid(
                "file",
                format!(
                    "{} rows have errors; nothing was imported. Fix them, or pass --skip-errors to import the rest.",
                    preview.summary.errors
                ),
            ));
        }
        return Ok(());
    }
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    let actor = crate::staff::actor(core).await?;
    let json = out.json;
    let record = core
        .import()
        .apply(
            &args.file,
            request,
            &actor,
            &move |p| {
                if !json && p.total >= 10_000 && (p.done % 10_000 == 0 || p.done == p.total) {
                    eprintln!("  {} of {} rows written", p.done, p.total);
                }
            },
            &AtomicBool::new(false),
        )
        .await?;
    report(&preview, Some(&record), out);
    Ok(())
}

fn read_mapping(path: &Path) -> Result<Vec<(String, Target)>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("mapping", format!("The mapping file could not be read: {e}.")))?;
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)
        .map_err(|e| Error::invalid("mapping", format!("The mapping file is not a JSON object: {e}.")))?;
    object
        .into_iter()
        .map(|(header, target)| {
            let parsed = serde_json::from_value::<Target>(target.clone()).map_err(|_| {
                Error::invalid(
                    "mapping",
                    format!(
                        "“{}” (for column “{header}”) is not a field Fieldbook knows.",
                        target.as_str().unwrap_or("?")
                    ),
                )
            })?;
            Ok((header, parsed))
        })
        .collect()
}

fn report(preview: &ImportPreview, record: Option<&ImportRecord>, out: &Output) {
    if out.json {
        output::print_json(&serde_json::json!({
            "file": preview.file_name,
            "recognised": preview.recognised,
            "format": preview.format,
            "mapping": preview.format.headers.iter().zip(&preview.mapping).collect::<Vec<_>>(),
            "summary": preview.summary,
            "errors": preview.errors,
            "applied": record,
        }));
        return;
    }
    let f = &preview.format;
    let header = if f.has_header { "with a header row" } else { "no header row" };
    match f.source {
        FileSource::Text => println!(
            "{}: {}, {}-delimited, {header}",
            preview.file_name,
            f.encoding.label(),
            format!("{:?}", f.delimiter).to_lowercase(),
        ),
        FileSource::Workbook => println!(
            "{}: workbook, sheet “{}” (of {}), {header}",
            preview.file_name,
            f.sheet.as_deref().unwrap_or(""),
            f.sheets.join(", ")
        ),
        FileSource::Vcard => println!("{}: vCard, one row per card", preview.file_name),
    }
    if let Some(export) = &preview.recognised {
        let article =
            if export.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        println!("Looks like {article} {export}.");
    }
    for (header, target) in f.headers.iter().zip(&preview.mapping) {
        let label = preview.choices.iter().find(|c| c.target == *target).map(|c| c.label.as_str());
        println!("  {header:<28} → {}", label.unwrap_or_else(|| mapping::label(preview.kind, *target)));
    }
    let s = &preview.summary;
    let verb = match record {
        Some(_) => "done",
        None if s.create + s.update == 0 => "nothing to import",
        None => "would",
    };
    println!(
        "{verb}: {} create, {} update, {} skip, {} errors ({} rows)",
        s.create, s.update, s.skip, s.errors, s.rows
    );
    if s.contacts_create + s.contacts_update > 0 {
        println!("  people with them: {} new, {} updated", s.contacts_create, s.contacts_update);
    }
    for e in &preview.errors {
        println!("  {e}");
    }
}

async fn companies(core: &Core, apply: bool, out: &Output) -> Result<(), Error> {
    let groups = core.import().company_groups().await?;
    if !apply {
        if out.json {
            output::print_json(&groups);
        } else {
            for g in &groups {
                let target = match &g.existing {
                    Some(o) => format!("link to “{}”", o.name),
                    None => format!("new {}", out.words.organization),
                };
                let named = g.people.iter().filter(|p| !p.by_domain).count();
                println!("{:<32} {named} {}  {target}", g.name, out.words.people);
                for hint in g.people.iter().filter(|p| p.by_domain) {
                    println!(
                        "    + {} ({}) by email domain only",
                        hint.name,
                        hint.email.as_deref().unwrap_or("")
                    );
                }
            }
        }
        return Ok(());
    }
    let decisions: Vec<GroupDecision> = groups
        .iter()
        .map(|g| GroupDecision {
            people: g.people.iter().filter(|p| !p.by_domain).map(|p| p.id).collect(),
            target: match &g.existing {
                Some(o) => GroupTarget::Existing { id: o.id },
                None => GroupTarget::New { name: g.name.clone(), account_number: None },
            },
        })
        .collect();
    let actor = crate::staff::actor(core).await?;
    let record = core.import().apply_company_groups(decisions, &actor).await?;
    if out.json {
        output::print_json(&record);
    } else {
        let w = &out.words;
        println!("created {} {} and linked {} {}", record.created, w.organizations, record.updated, w.people);
    }
    Ok(())
}
