//! Site details on the command line: system types, systems (secrets read from stdin, never from
//! the arguments, where `ps` and shell history would see them), notes and files.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::Subcommand;
use fieldbook_core::files::Owner;
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::system_types::{FieldInput, FieldKind, SystemType, SystemTypeInput};
use fieldbook_core::systems::{FieldValue, SecretChange, SecretUse, System, SystemInput};
use fieldbook_core::{AttachmentId, Core, Error, FieldId, PersonId, SystemId};

use crate::output::{Output, print_json};
use crate::resolve;

#[derive(Subcommand)]
pub enum SystemTypeCommand {
    /// Define a type: `--field "IP address:ip_address" --field "Password:secret:required"`.
    Add {
        #[arg(long)]
        name: String,
        /// LABEL:KIND[:required]; KIND is text, multiline, ip_address, url, version, date,
        /// number or secret. Repeat for each field, in order.
        #[arg(long = "field", value_name = "LABEL:KIND[:required]")]
        fields: Vec<String>,
    },
    /// List the types and their fields.
    List,
}

#[derive(Subcommand)]
pub enum SystemCommand {
    /// Add a system to an organization. Secret fields named with --secret are read from stdin,
    /// one line each, in the order given.
    Add {
        /// The organization (id or account number).
        #[arg(long)]
        org: String,
        /// The system type's name.
        #[arg(long = "type")]
        system_type: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        notes: Option<String>,
        /// FIELD=VALUE for a plain field (by its label). Repeatable.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        values: Vec<String>,
        /// The label of a secret field whose value is read from stdin. Repeatable.
        #[arg(long = "secret", value_name = "FIELD")]
        secrets: Vec<String>,
    },
    /// Change a system: plain fields with --set (an empty value clears one), secret fields
    /// named with --secret read from stdin as for add, --clear-secret removes a stored one.
    /// Fields not named keep their values. A changed password is written to the keyring under
    /// a new entry, and the old entry is removed only once the database has committed.
    Edit {
        id: SystemId,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// FIELD=VALUE for a plain field (by its label); FIELD= clears it. Repeatable.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        values: Vec<String>,
        /// The label of a secret field whose new value is read from stdin. Repeatable.
        #[arg(long = "secret", value_name = "FIELD")]
        secrets: Vec<String>,
        /// The label of a secret field whose stored value is removed. Repeatable.
        #[arg(long = "clear-secret", value_name = "FIELD")]
        clear_secrets: Vec<String>,
    },
    /// List an organization's systems.
    List {
        /// The organization (id or account number).
        #[arg(long)]
        org: String,
        /// Include archived systems.
        #[arg(long)]
        archived: bool,
    },
    /// Show a system. Secrets are masked unless --reveal (which is written to the audit trail).
    Show {
        id: SystemId,
        #[arg(long)]
        reveal: bool,
    },
}

#[derive(Subcommand)]
pub enum NoteCommand {
    /// Add a note to an organization (--org) or a person (--person).
    Add {
        #[arg(long, required_unless_present = "person", conflicts_with = "person")]
        org: Option<String>,
        #[arg(long)]
        person: Option<PersonId>,
        #[arg(long)]
        text: String,
        /// Pin it first, in red.
        #[arg(long)]
        urgent: bool,
        /// Call back at this local date and time, "YYYY-MM-DD HH:MM".
        #[arg(long)]
        callback: Option<String>,
    },
    /// List the notes of an organization or a person, urgent ones first.
    List {
        #[arg(long, required_unless_present = "person", conflicts_with = "person")]
        org: Option<String>,
        #[arg(long)]
        person: Option<PersonId>,
    },
}

#[derive(Subcommand)]
pub enum FileCommand {
    /// Attach a file to an organization, a person or a system.
    Add {
        path: PathBuf,
        #[arg(long, required_unless_present_any = ["person", "system"])]
        org: Option<String>,
        #[arg(long, conflicts_with = "org")]
        person: Option<PersonId>,
        #[arg(long, conflicts_with_all = ["org", "person"])]
        system: Option<SystemId>,
        /// The name to show instead of the file's own.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the files of an organization, a person or a system.
    List {
        #[arg(long, required_unless_present_any = ["person", "system"])]
        org: Option<String>,
        #[arg(long, conflicts_with = "org")]
        person: Option<PersonId>,
        #[arg(long, conflicts_with_all = ["org", "person"])]
        system: Option<SystemId>,
    },
    /// Write an attached file's contents to OUT.
    Get { id: AttachmentId, out: PathBuf },
    /// Delete an attached file (its contents go when nothing else refers to them).
    Delete { id: AttachmentId },
}

fn kind(text: &str) -> Result<FieldKind, Error> {
    Ok(match text {
        "text" => FieldKind::Text,
        "multiline" => FieldKind::Multiline,
        "ip_address" | "ip" => FieldKind::IpAddress,
        "url" => FieldKind::Url,
        "version" => FieldKind::Version,
        "date" => FieldKind::Date,
        "number" => FieldKind::Number,
        "secret" => FieldKind::Secret,
        other => return Err(Error::invalid("field", format!("Unknown field kind {other:?}."))),
    })
}

pub async fn system_type(core: &Core, command: SystemTypeCommand, out: &Output) -> Result<(), Error> {
    match command {
        SystemTypeCommand::Add { name, fields } => {
            let mut inputs = Vec::new();
            for spec in fields {
                let mut parts = spec.split(':');
                let label = parts.next().unwrap_or_default().to_owned();
                let kind = kind(parts.next().unwrap_or("text"))?;
                let required = match parts.next() {
                    None => false,
                    Some("required") => true,
                    Some(other) => {
                        return Err(Error::invalid("field", format!("Expected “required”, got {other:?}.")));
                    }
                };
                inputs.push(FieldInput { id: None, label, kind, required });
            }
            let created = core
                .system_types()
                .create(
                    SystemTypeInput { name, fields: inputs, confirm_removals: false },
                    &crate::staff::actor(core).await?,
                )
                .await?;
            print_types(std::slice::from_ref(&created), out);
        }
        SystemTypeCommand::List => print_types(&core.system_types().list().await?, out),
    }
    Ok(())
}

fn print_types(types: &[SystemType], out: &Output) {
    if out.json {
        return print_json(&types);
    }
    for t in types {
        println!("{}  {} ({} {})", t.id, t.name, t.systems, out.words.systems);
        for f in &t.fields {
            let required = if f.required { ", required" } else { "" };
            println!("  - {} ({:?}{required})", f.label, f.kind);
        }
    }
}

/// Reads one line per secret from stdin; on a terminal, prompts on stderr for each and reads
/// it without echo (nothing typed appears on screen or in the terminal's scrollback).
fn read_secrets(labels: &[String]) -> Result<Vec<String>, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return labels.iter().map(|label| Ok(rpassword::prompt_password(format!("{label}: "))?)).collect();
    }
    let mut lines = stdin.lock().lines();
    let mut values = Vec::new();
    for label in labels {
        let line = lines
            .next()
            .transpose()?
            .ok_or_else(|| Error::invalid("secret", format!("No value for {label} on standard input.")))?;
        values.push(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    Ok(values)
}

/// The field of `t` with this label (case-insensitive).
fn field_of(t: &SystemType, label: &str) -> Result<FieldId, Error> {
    t.fields
        .iter()
        .find(|f| f.label.eq_ignore_ascii_case(label.trim()))
        .map(|f| f.id)
        .ok_or_else(|| Error::invalid("values", format!("{} has no field {label:?}.", t.name)))
}

/// `--set FIELD=VALUE` arguments as field values.
fn plain_values(t: &SystemType, pairs: &[String]) -> Result<Vec<FieldValue>, Error> {
    pairs
        .iter()
        .map(|pair| {
            let (label, value) = pair
                .split_once('=')
                .ok_or_else(|| Error::invalid("values", format!("Expected FIELD=VALUE, got {pair:?}.")))?;
            Ok(FieldValue { field_id: field_of(t, label)?, value: value.to_owned() })
        })
        .collect()
}

/// New values of the `set` secret fields, read from stdin, and removals of the `clear` ones.
fn secret_changes(t: &SystemType, set: &[String], clear: &[String]) -> Result<Vec<SecretChange>, Error> {
    let mut changes = Vec::new();
    for label in clear {
        changes.push(SecretChange { field_id: field_of(t, label)?, value: None });
    }
    let ids = set.iter().map(|label| field_of(t, label)).collect::<Result<Vec<_>, _>>()?;
    for (field_id, value) in ids.into_iter().zip(read_secrets(set)?) {
        changes.push(SecretChange { field_id, value: Some(value) });
    }
    Ok(changes)
}

pub async fn system(core: &Core, command: SystemCommand, out: &Output) -> Result<(), Error> {
    match command {
        SystemCommand::Add { org, system_type, name, notes, values, secrets } => {
            let organization_id = resolve(core, &org).await?.id;
            let t = core.system_types().by_name(&system_type).await.map_err(|e| match e {
                Error::NotFound { .. } => {
                    Error::invalid("type", format!("No system type is called {system_type:?}."))
                }
                other => other,
            })?;
            let plain = plain_values(&t, &values)?;
            let changes = secret_changes(&t, &secrets, &[])?;
            let input = SystemInput {
                organization_id,
                system_type_id: t.id,
                name,
                notes,
                values: plain,
                secrets: changes,
            };
            let actor = crate::staff::actor(core).await?;
            let system = core.systems().create(input, &actor).await?;
            print_system(&system, &[], out);
        }
        SystemCommand::Edit { id, name, notes, values, secrets, clear_secrets } => {
            let current = core.systems().get(id).await?;
            let t = core.system_types().get(current.system_type_id).await?;
            let mut plain: Vec<FieldValue> = current
                .fields
                .iter()
                .filter_map(|f| f.value.clone().map(|value| FieldValue { field_id: f.field.id, value }))
                .collect();
            for change in plain_values(&t, &values)? {
                plain.retain(|v| v.field_id != change.field_id);
                plain.push(change);
            }
            let input = SystemInput {
                organization_id: current.organization.id,
                system_type_id: current.system_type_id,
                name: name.unwrap_or(current.name),
                notes: notes.or(current.notes),
                values: plain,
                secrets: secret_changes(&t, &secrets, &clear_secrets)?,
            };
            let actor = crate::staff::actor(core).await?;
            let system = core.systems().update(id, input, &actor).await?;
            print_system(&system, &[], out);
        }
        SystemCommand::List { org, archived } => {
            let id = resolve(core, &org).await?.id;
            let systems = core.systems().of_organization(id, archived).await?;
            if out.json {
                print_json(&systems);
                return Ok(());
            }
            for s in &systems {
                let archived = if s.archived_at.is_some() { "  [archived]" } else { "" };
                println!("{}  {} ({}){archived}", s.id, s.name, s.system_type);
            }
        }
        SystemCommand::Show { id, reveal } => {
            let system = core.systems().get(id).await?;
            let mut revealed = Vec::new();
            if reveal {
                let actor = crate::staff::actor(core).await?;
                for f in &system.fields {
                    if let Some(secret) = &f.secret {
                        let value = core.systems().read_secret(secret.id, SecretUse::Reveal, &actor).await?;
                        revealed.push((f.field.id, value));
                    }
                }
            }
            print_system(&system, &revealed, out);
        }
    }
    Ok(())
}

fn print_system(system: &System, revealed: &[(fieldbook_core::FieldId, String)], out: &Output) {
    if out.json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            system: &'a System,
            revealed: Vec<serde_json::Value>,
        }
        let revealed = revealed
            .iter()
            .map(|(field_id, value)| serde_json::json!({ "field_id": field_id, "value": value }))
            .collect();
        return print_json(&Shown { system, revealed });
    }
    println!("{}  {} ({})", system.id, system.name, system.system_type);
    println!("  at:       {}", system.organization.name);
    for f in &system.fields {
        let shown = match (&f.value, &f.secret) {
            (Some(v), _) => v.clone(),
            (None, Some(secret)) => revealed
                .iter()
                .find(|(id, _)| *id == f.field.id)
                .map_or_else(|| format!("•••••••• (changed {})", secret.updated_at), |(_, v)| v.clone()),
            (None, None) => "-".to_owned(),
        };
        println!("  {}: {shown}", f.field.label);
    }
    if let Some(notes) = &system.notes {
        println!("  notes:    {notes}");
    }
}

async fn note_subject(
    core: &Core,
    org: Option<String>,
    person: Option<PersonId>,
) -> Result<NoteSubject, Error> {
    match (org, person) {
        (Some(org), _) => Ok(NoteSubject::Organization(resolve(core, &org).await?.id)),
        (None, Some(person)) => Ok(NoteSubject::Person(core.people().get(person).await?.id)),
        (None, None) => Err(Error::invalid("org", "Name an organization (--org) or a person (--person).")),
    }
}

pub async fn note(core: &Core, command: NoteCommand, out: &Output) -> Result<(), Error> {
    let notes = match command {
        NoteCommand::Add { org, person, text, urgent, callback } => {
            let subject = note_subject(core, org, person).await?;
            let author = crate::staff::actor(core).await?;
            let input = NoteInput { body: text, urgent, callback_at: callback };
            vec![core.notes().create(subject, input, &author).await?]
        }
        NoteCommand::List { org, person } => {
            core.notes().list(note_subject(core, org, person).await?).await?
        }
    };
    if out.json {
        print_json(&notes);
        return Ok(());
    }
    for n in &notes {
        let urgent = if n.urgent { "URGENT  " } else { "" };
        let callback = n.callback_at.as_deref().map(|c| format!("  call back {c}")).unwrap_or_default();
        println!("{}  {urgent}{} by {}{callback}", n.id, n.created_at, n.author);
        for line in n.body.lines() {
            println!("    {line}");
        }
    }
    Ok(())
}

async fn file_owner(
    core: &Core,
    org: Option<String>,
    person: Option<PersonId>,
    system: Option<SystemId>,
) -> Result<Owner, Error> {
    match (org, person, system) {
        (Some(org), ..) => Ok(Owner::Organization(resolve(core, &org).await?.id)),
        (None, Some(person), _) => Ok(Owner::Person(core.people().get(person).await?.id)),
        (None, None, Some(system)) => Ok(Owner::System(core.systems().get(system).await?.id)),
        (None, None, None) => Err(Error::invalid("org", "Name an organization, a person or a system.")),
    }
}

pub async fn file(core: &Core, command: FileCommand, out: &Output) -> Result<(), Error> {
    let files = match command {
        FileCommand::Add { path, org, person, system, name } => {
            let owner = file_owner(core, org, person, system).await?;
            let limit = u64::from(core.settings().get().await?.max_attachment_mb) * 1024 * 1024;
            vec![core.files().attach(owner, &path, name, limit).await?]
        }
        FileCommand::List { org, person, system } => {
            core.files().list(file_owner(core, org, person, system).await?).await?
        }
        FileCommand::Get { id, out: dest } => {
            core.files().save_copy(id, &dest).await?;
            if out.json {
                print_json(&serde_json::json!({ "written": dest }));
            } else {
                println!("wrote {}", dest.display());
            }
            return Ok(());
        }
        FileCommand::Delete { id } => {
            core.files().delete(id).await?;
            if out.json {
                print_json(&serde_json::json!({ "deleted": id }));
            } else {
                println!("deleted {id}");
            }
            return Ok(());
        }
    };
    if out.json {
        print_json(&files);
        return Ok(());
    }
    for f in &files {
        println!("{}  {}  {} bytes  {}  {}", f.id, f.name, f.size, f.media_type, f.created_at);
    }
    Ok(())
}
