//! The email log of a person: .eml files recorded (parsed by [`super::parse_eml`]) into the
//! person's activity stream and their organization's, the files that came with them kept as the
//! person's attachments; and "Write email" recorded when the mail client is opened.
//!
//! A drop of several files is all or nothing: every file is read and parsed before anything is
//! written, and one that is not an email stops the drop with its name. Each email is then one
//! transaction (its row, its files' rows, its stream entry) after its files' contents are in
//! the file store, like any attachment: a crash leaves at most unreferenced contents, which the
//! store's collection removes. A message already recorded on the person (same Message-ID) is
//! skipped and reported.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::{MAX_EMAIL_BYTES, Mailbox, ParsedEmail, parse_eml};
use crate::db::Db;
use crate::files::{FileStore, shown_name};
use crate::messages::msg;
use crate::staff::Actor;
use crate::stream::{self, Event, StreamKind};
use crate::{AttachmentId, EmailId, Error, OrganizationId, PersonId, Result};

/// A recorded email as the app shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Email {
    pub id: EmailId,
    pub person_id: PersonId,
    pub organization_id: Option<OrganizationId>,
    pub from: Option<EmailAddress>,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    /// When it was sent (UTC), if the message says.
    pub sent_at: Option<String>,
    pub subject: Option<String>,
    /// Plain text; never HTML.
    pub body: String,
    pub body_was_html: bool,
    /// The .eml file's name (metadata).
    pub file_name: Option<String>,
    pub recorded_by: Option<String>,
    pub created_at: String,
    /// The files that came with it, kept as the person's attachments.
    pub attachments: Vec<EmailFile>,
}

/// A sender or recipient as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailAddress {
    pub name: Option<String>,
    pub address: String,
}

/// A file that came with an email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailFile {
    pub id: AttachmentId,
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// What a drop of .eml files did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EmailsRecorded {
    pub recorded: Vec<Email>,
    /// The files whose message was already in the person's log (by Message-ID).
    pub already_recorded: Vec<String>,
}

impl From<&Mailbox> for EmailAddress {
    fn from(m: &Mailbox) -> Self {
        Self { name: m.name.clone(), address: m.address.clone() }
    }
}

/// The email log service.
pub struct EmailLog<'a> {
    db: &'a Db,
    store: &'a FileStore,
}

impl<'a> EmailLog<'a> {
    pub(crate) fn new(db: &'a Db, store: &'a FileStore) -> Self {
        Self { db, store }
    }

    /// Records the .eml files at `paths` on `person` (see the module doc for what is all or
    /// nothing).
    pub async fn record(&self, person: PersonId, paths: Vec<PathBuf>, by: &Actor) -> Result<EmailsRecorded> {
        if paths.is_empty() {
            return Err(Error::invalid("file", msg("Choose at least one email file (.eml).", &[])));
        }
        let organization = person_organization(self.db, person).await?;
        // Read and parse everything first: a file that is not an email stops the drop.
        let mut parsed = Vec::with_capacity(paths.len());
        for path in paths {
            let name = shown_name(&path);
            let email = tokio::task::spawn_blocking(move || read_one(&path))
                .await
                .map_err(|e| Error::Io(std::io::Error::other(e)))?
                .map_err(|e| match e {
                    Error::Invalid { field, message } => Error::Invalid {
                        field,
                        message: msg(
                            "“{name}”: {message} Nothing was recorded.",
                            &[("name", &name), ("message", &message)],
                        ),
                    },
                    other => other,
                })?;
            parsed.push((name, email));
        }
        let mut done = EmailsRecorded { recorded: Vec::new(), already_recorded: Vec::new() };
        let _guard = self.store.lock().await?;
        for (name, email) in parsed {
            if let Some(message_id) = &email.message_id {
                let known: Option<i64> =
                    sqlx::query_scalar("SELECT 1 FROM emails WHERE person_id = ? AND message_id = ?")
                        .bind(person)
                        .bind(message_id)
                        .fetch_optional(self.db.reader())
                        .await?;
                if known.is_some() {
                    done.already_recorded.push(name);
                    continue;
                }
            }
            let mut files = Vec::with_capacity(email.attachments.len());
            for a in &email.attachments {
                let (sha, size) = self.store.put_bytes_blocking(a.bytes.clone()).await?;
                files.push((sha, size, a.name.clone(), a.content_type.clone()));
            }
            let id = EmailId::new();
            let mut tx = self.db.begin_write().await?;
            let addresses = |list: &[Mailbox]| {
                serde_json::to_string(&list.iter().map(EmailAddress::from).collect::<Vec<_>>())
                    .map_err(|e| Error::Io(std::io::Error::other(e)))
            };
            sqlx::query(
                "INSERT INTO emails (id, person_id, organization_id, message_id, from_name, from_address, to_list,
                    cc_list, sent_at, subject, body, body_was_html, file_name, recorded_by, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(id)
            .bind(person)
            .bind(organization)
            .bind(&email.message_id)
            .bind(email.from.as_ref().and_then(|f| f.name.clone()))
            .bind(email.from.as_ref().map(|f| f.address.clone()))
            .bind(addresses(&email.to)?)
            .bind(addresses(&email.cc)?)
            .bind(&email.date)
            .bind(&email.subject)
            .bind(&email.body)
            .bind(email.body_was_html)
            .bind(&name)
            .bind(by.id)
            .execute(&mut *tx)
            .await?;
            for (sha, size, file_name, media_type) in &files {
                crate::files::insert_blob(&mut tx, sha, *size).await?;
                sqlx::query(
                    "INSERT INTO attachments (id, sha256, name, media_type, size, person_id, email_id, created_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                )
                .bind(AttachmentId::new())
                .bind(sha)
                .bind(file_name)
                .bind(media_type)
                .bind(*size as i64)
                .bind(person)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            let body = summary(&email);
            let event = Event {
                organization,
                person: Some(person),
                kind: StreamKind::Email,
                body: &body,
                ref_id: Some(id.uuid()),
            };
            stream::record(&mut tx, event, Some(by)).await?;
            let recorded = fetch(&mut tx, id).await?;
            tx.commit().await?;
            done.recorded.push(recorded);
        }
        Ok(done)
    }

    /// One recorded email with its files.
    pub async fn get(&self, id: EmailId) -> Result<Email> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Records that `by` started an email to the person (the app opened the mail client).
    pub async fn started(&self, person: PersonId, by: &Actor) -> Result<()> {
        let organization = person_organization(self.db, person).await?;
        let (name, address): (String, Option<String>) = sqlx::query_as(
            "SELECT trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), email FROM people WHERE id = ?",
        )
        .bind(person)
        .fetch_one(self.db.reader())
        .await?;
        let address = address.ok_or_else(|| {
            Error::invalid("email", msg("{name} has no email address.", &[("name", &name)]))
        })?;
        // Stored in the stream as written: in the app's language at the time.
        let body = msg("Started an email to {name} <{address}>", &[("name", &name), ("address", &address)]);
        let mut tx = self.db.begin_write().await?;
        let event =
            Event { organization, person: Some(person), kind: StreamKind::Email, body: &body, ref_id: None };
        stream::record(&mut tx, event, Some(by)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Reads and parses one file, refusing a too large one before reading it.
fn read_one(path: &std::path::Path) -> Result<ParsedEmail> {
    let unreadable = |e: std::io::Error| {
        Error::invalid("file", msg("It cannot be read ({error}).", &[("error", &e.to_string())]))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(Error::invalid("file", msg("It is a folder, not an email file.", &[])));
    }
    if meta.len() > MAX_EMAIL_BYTES as u64 {
        return Err(Error::invalid(
            "file",
            msg(
                "The email is larger than {max} MiB, the most Fieldbook reads.",
                &[("max", &(MAX_EMAIL_BYTES >> 20).to_string())],
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    parse_eml(&bytes)
}

/// The stream's line for an email: "Printer quote — from Ann Lee <ann@x.example>" (stored as
/// written: in the app's language at the time).
fn summary(email: &ParsedEmail) -> String {
    let subject = match email.subject.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(subject) => subject.to_owned(),
        None => msg("(no subject)", &[]),
    };
    let from = email.from.as_ref().map(|f| match &f.name {
        Some(name) => format!("{name} <{}>", f.address),
        None => f.address.clone(),
    });
    match from {
        Some(from) => msg("{subject} — from {from}", &[("subject", &subject), ("from", &from)]),
        None => subject,
    }
}

async fn person_organization(db: &Db, person: PersonId) -> Result<Option<OrganizationId>> {
    let row: Option<(Option<OrganizationId>,)> =
        sqlx::query_as("SELECT organization_id FROM people WHERE id = ?")
            .bind(person)
            .fetch_optional(db.reader())
            .await?;
    row.map(|(o,)| o).ok_or(Error::NotFound { entity: "person" })
}

async fn fetch(conn: &mut sqlx::SqliteConnection, id: EmailId) -> Result<Email> {
    let row = sqlx::query(
        "SELECT e.id, e.person_id, e.organization_id, e.from_name, e.from_address, e.to_list, e.cc_list, e.sent_at,
            e.subject, e.body, e.body_was_html, e.file_name, s.name AS recorded_by, e.created_at
         FROM emails e LEFT JOIN staff s ON s.id = e.recorded_by WHERE e.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "email" })?;
    let list = |column: &str| -> Result<Vec<EmailAddress>> {
        let text: String = row.try_get(column)?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Db(sqlx::Error::Protocol(format!("emails.{column}: {e}"))))
    };
    let from = match (row.try_get::<Option<String>, _>("from_address")?, row.try_get("from_name")?) {
        (Some(address), name) => Some(EmailAddress { name, address }),
        (None, _) => None,
    };
    let attachments: Vec<(AttachmentId, String, i64)> =
        sqlx::query_as("SELECT id, name, size FROM attachments WHERE email_id = ? ORDER BY rowid")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Email {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        organization_id: row.try_get("organization_id")?,
        from,
        to: list("to_list")?,
        cc: list("cc_list")?,
        sent_at: row.try_get("sent_at")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        body_was_html: row.try_get("body_was_html")?,
        file_name: row.try_get("file_name")?,
        recorded_by: row.try_get("recorded_by")?,
        created_at: row.try_get("created_at")?,
        attachments: attachments
            .into_iter()
            .map(|(id, name, size)| EmailFile { id, name, size: size as u64 })
            .collect(),
    })
}
