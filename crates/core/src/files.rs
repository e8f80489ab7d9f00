//! Attached files and organization logos, in a content-addressed store:
//! `<data dir>/files/ab/abcdef…` named by the SHA-256 of the contents, so identical files are
//! stored once. A file is copied to `files/tmp/`, fsynced, renamed into place and its directory
//! fsynced before the database row that points at it is committed: a crash at any moment leaves
//! at worst an unreferenced file (removed by [`Files::collect_garbage`]), never a row pointing at
//! a missing or partial file. The user's file name is a label only and never becomes a path.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use ts_rs::TS;

use crate::db::Db;
use crate::messages::msg;
use crate::{AttachmentId, ContractId, Error, OrganizationId, PersonId, Result, SystemId};

/// What a file is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Owner {
    Organization(OrganizationId),
    Person(PersonId),
    System(SystemId),
    /// A contract's documents: attachments of its organization that name the contract.
    Contract(ContractId),
}

/// An attached file as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attachment {
    pub id: AttachmentId,
    /// The name it had when attached: a label, shown as text.
    pub name: String,
    pub media_type: String,
    /// Bytes.
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
    pub created_at: String,
}

/// Labels are cut to this many bytes (a file system's usual name limit).
const MAX_NAME_BYTES: usize = 255;

/// Where blobs live, and the locks that keep an attach and a delete of the same contents from
/// crossing (a delete removes the file after its commit; an attach of the same contents must not
/// commit a row in between): a mutex in this process, and inside it an OS file lock
/// (`files.lock` in the data folder) for other processes on it (the app and the CLI).
#[derive(Clone, Debug)]
pub struct FileStore {
    root: PathBuf,
    data_dir: PathBuf,
    mutex: Arc<tokio::sync::Mutex<()>>,
}

/// Held while attaching, deleting or collecting: the in-process mutex and the OS lock.
pub(crate) struct StoreGuard {
    _file: std::fs::File,
    _mutex: tokio::sync::OwnedMutexGuard<()>,
}

impl FileStore {
    /// The store under `data_dir/files`.
    pub fn new(data_dir: &Path) -> Self {
        Self { root: data_dir.join("files"), data_dir: data_dir.to_owned(), mutex: Arc::default() }
    }

    /// Takes the store's locks for an attach, a delete or a collection. The OS lock is waited
    /// for off the async threads (a backup may hold it shared for a few seconds).
    pub(crate) async fn lock(&self) -> Result<StoreGuard> {
        let mutex = Arc::clone(&self.mutex).lock_owned().await;
        let dir = self.data_dir.clone();
        let file = tokio::task::spawn_blocking(move || crate::locks::store(&dir, true))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        Ok(StoreGuard { _file: file, _mutex: mutex })
    }

    /// The path of the blob with this hash.
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    /// Removes blob files after the rows that referred to them are gone (committed).
    pub(crate) fn remove(&self, shas: &[String]) {
        for sha in shas {
            let _ = std::fs::remove_file(self.blob_path(sha));
        }
    }

    /// Copies `source` into the store (at most `limit` bytes) off the async threads, and
    /// returns its hash and size.
    pub(crate) async fn put_blocking(&self, source: &Path, limit: u64) -> Result<(String, u64)> {
        let (store, source) = (self.clone(), source.to_owned());
        tokio::task::spawn_blocking(move || store.put(&source, limit))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }

    /// Stores `bytes` (a file that came with an email) off the async threads, and returns its
    /// hash and size.
    pub(crate) async fn put_bytes_blocking(&self, bytes: Vec<u8>) -> Result<(String, u64)> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.put_from(&mut bytes.as_slice(), u64::MAX))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }

    /// Copies `source` into the store (at most `limit` bytes) and returns its hash and size.
    fn put(&self, source: &Path, limit: u64) -> Result<(String, u64)> {
        let mut input = std::fs::File::open(source).map_err(|e| {
            Error::invalid(
                "file",
                msg(
                    "“{name}” cannot be read: {error}.",
                    &[("name", &shown_name(source)), ("error", &e.to_string())],
                ),
            )
        })?;
        if input.metadata()?.is_dir() {
            return Err(Error::invalid(
                "file",
                msg("“{name}” is a folder, not a file.", &[("name", &shown_name(source))]),
            ));
        }
        self.put_from(&mut input, limit)
    }

    /// Copies what `input` holds into the store: a temp file, fsynced, renamed by its hash.
    fn put_from(&self, input: &mut dyn Read, limit: u64) -> Result<(String, u64)> {
        let tmp_dir = self.root.join("tmp");
        std::fs::create_dir_all(&tmp_dir)?;
        let tmp = tmp_dir.join(format!("{}.part", uuid::Uuid::now_v7()));
        let result = (|| {
            let mut out = std::fs::File::create(&tmp)?;
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            let mut buf = vec![0u8; 256 * 1024];
            loop {
                let n = input.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                size += n as u64;
                if size > limit {
                    return Err(too_large(limit));
                }
                hasher.update(&buf[..n]);
                out.write_all(&buf[..n])?;
            }
            out.sync_all()?;
            Ok((hex(&hasher.finalize()), size))
        })();
        let (sha, size) = match result {
            Ok(done) => done,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let path = self.blob_path(&sha);
        let dir = path.parent().ok_or_else(|| std::io::Error::other("a blob path has no folder"))?;
        // Reused contents get a fresh time, so that a collection (which spares blobs younger
        // than an hour) never takes a blob a new row is about to refer to; if the time cannot
        // be set, the new copy replaces it instead.
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == size) && touch(&path).is_ok() {
            std::fs::remove_file(&tmp)?;
        } else {
            let new_dir = !dir.exists();
            std::fs::create_dir_all(dir)?;
            std::fs::rename(&tmp, &path)?;
            sync_dir(dir)?;
            if new_dir {
                sync_dir(&self.root)?;
            }
        }
        Ok((sha, size))
    }
}

fn too_large(limit: u64) -> Error {
    Error::invalid(
        "file",
        msg(
            "The file is larger than the limit of {limit} MiB (Settings → Attachments). Nothing was attached.",
            &[("limit", &(limit / (1024 * 1024)).to_string())],
        ),
    )
}

/// Sets a file's modification time to now.
fn touch(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).open(path)?.set_modified(std::time::SystemTime::now())
}

/// Syncs a directory, so that a rename or a new entry in it survives a power cut.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Windows cannot open a directory as a file; NTFS journals the rename itself.
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The files service.
pub struct Files<'a> {
    db: &'a Db,
    store: &'a FileStore,
}

impl<'a> Files<'a> {
    pub(crate) fn new(db: &'a Db, store: &'a FileStore) -> Self {
        Self { db, store }
    }

    /// Attaches the file at `source` to `owner`, labelled `name` (default: the file's own name).
    /// `limit_bytes` is the size limit from the settings.
    pub async fn attach(
        &self,
        owner: Owner,
        source: &Path,
        name: Option<String>,
        limit_bytes: u64,
    ) -> Result<Attachment> {
        let name =
            label(name.as_deref().or_else(|| source.file_name().and_then(|n| n.to_str())).unwrap_or(""));
        let _guard = self.store.lock().await?;
        let (sha, size) = self.store.put_blocking(source, limit_bytes).await?;
        let media_type = media_type(&name, &self.store.blob_path(&sha));
        let id = AttachmentId::new();
        let mut tx = self.db.begin_write().await?;
        let Columns { org, person, system, contract } = owner_columns(&mut tx, owner).await?;
        insert_blob(&mut tx, &sha, size).await?;
        sqlx::query(
            "INSERT INTO attachments (id, sha256, name, media_type, size, organization_id, person_id,
                system_id, contract_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )
        .bind(id)
        .bind(&sha)
        .bind(&name)
        .bind(&media_type)
        .bind(size as i64)
        .bind(org)
        .bind(person)
        .bind(system)
        .bind(contract)
        .execute(&mut *tx)
        .await?;
        let attachment = fetch(&mut tx, id).await?;
        // In the stream of the organization or person (a system's file: its site's).
        let (stream_org, body) = match system {
            Some(system) => {
                let (site, system_name): (OrganizationId, String) =
                    sqlx::query_as("SELECT organization_id, name FROM systems WHERE id = ?")
                        .bind(system)
                        .fetch_one(&mut *tx)
                        .await?;
                let body = msg(
                    "Attached {file} to {system_name}",
                    &[("file", &attachment.name), ("system_name", &system_name)],
                );
                (Some(site), body)
            }
            None => match contract {
                Some(contract) => {
                    let name: String = sqlx::query_scalar("SELECT name FROM contracts WHERE id = ?")
                        .bind(contract)
                        .fetch_one(&mut *tx)
                        .await?;
                    let body = msg(
                        "Attached {file} to the {contract} “{contract_name}”",
                        &[("file", &attachment.name), ("contract_name", &name)],
                    );
                    (org, body)
                }
                None => (org, msg("Attached {file}", &[("file", &attachment.name)])),
            },
        };
        let event = crate::stream::Event {
            organization: stream_org,
            person,
            kind: crate::stream::StreamKind::File,
            body: &body,
            ref_id: Some(id.uuid()),
        };
        crate::stream::record(&mut tx, event, None).await?;
        tx.commit().await?;
        Ok(attachment)
    }

    /// The files attached to `owner`, newest first (an organization's include its contracts').
    pub async fn list(&self, owner: Owner) -> Result<Vec<Attachment>> {
        let query = match owner {
            Owner::Contract(contract) => sqlx::query_as::<_, AttachmentRow>(
                "SELECT id, name, media_type, size, sha256, created_at FROM attachments
                 WHERE contract_id = ? ORDER BY created_at DESC, id DESC LIMIT 1000",
            )
            .bind(contract),
            Owner::Organization(id) => sqlx::query_as(
                "SELECT id, name, media_type, size, sha256, created_at FROM attachments
                 WHERE organization_id = ? ORDER BY created_at DESC, id DESC LIMIT 1000",
            )
            .bind(id),
            Owner::Person(id) => sqlx::query_as(
                "SELECT id, name, media_type, size, sha256, created_at FROM attachments
                 WHERE person_id = ? ORDER BY created_at DESC, id DESC LIMIT 1000",
            )
            .bind(id),
            Owner::System(id) => sqlx::query_as(
                "SELECT id, name, media_type, size, sha256, created_at FROM attachments
                 WHERE system_id = ? ORDER BY created_at DESC, id DESC LIMIT 1000",
            )
            .bind(id),
        };
        let rows = query.fetch_all(self.db.reader()).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// One attachment.
    pub async fn get(&self, id: AttachmentId) -> Result<Attachment> {
        let mut conn = self.db.reader().acquire().await?;
        fetch(&mut conn, id).await
    }

    /// Where an attachment's contents are (read-only: never hand this path to the user to edit).
    pub async fn contents_path(&self, id: AttachmentId) -> Result<PathBuf> {
        Ok(self.store.blob_path(&self.get(id).await?.sha256))
    }

    /// Writes a copy of the attachment to `dest` (the path the user chose in a save dialog).
    pub async fn save_copy(&self, id: AttachmentId, dest: &Path) -> Result<()> {
        let source = self.contents_path(id).await?;
        let dest = dest.to_owned();
        tokio::task::spawn_blocking(move || std::fs::copy(source, dest))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        Ok(())
    }

    /// Copies the attachment into a private temp folder under a safe version of its name, for
    /// the OS to open; returns that path.
    pub async fn copy_for_opening(
        &self,
        id: AttachmentId,
        temp: &crate::private_temp::PrivateTemp,
    ) -> Result<PathBuf> {
        let attachment = self.get(id).await?;
        let (temp, source) = (temp.clone(), self.store.blob_path(&attachment.sha256));
        tokio::task::spawn_blocking(move || temp.copy(&attachment.name, &source))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
    }

    /// Deletes an attachment; its contents go too when nothing else refers to them.
    pub async fn delete(&self, id: AttachmentId) -> Result<()> {
        let _guard = self.store.lock().await?;
        let mut tx = self.db.begin_write().await?;
        let attachment = fetch(&mut tx, id).await?;
        sqlx::query("DELETE FROM attachments WHERE id = ?").bind(id).execute(&mut *tx).await?;
        let gone = drop_unreferenced(&mut tx, &[attachment.sha256]).await?;
        tx.commit().await?;
        self.remove_blobs(&gone);
        Ok(())
    }

    /// Removes blob files after the rows that referred to them are gone.
    pub(crate) fn remove_blobs(&self, shas: &[String]) {
        self.store.remove(shas);
    }

    /// Removes blob files no row refers to and partial copies left by an interrupted attach
    /// (older than an hour, so an attach in progress in another process is left alone).
    /// Returns how many files were removed.
    pub async fn collect_garbage(&self) -> Result<usize> {
        let _guard = self.store.lock().await?;
        let known: std::collections::HashSet<String> = sqlx::query_scalar("SELECT sha256 FROM blobs")
            .fetch_all(self.db.reader())
            .await?
            .into_iter()
            .collect();
        let cutoff = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let old = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).is_ok_and(|t| t < cutoff);
        let mut removed = 0;
        let Ok(dirs) = std::fs::read_dir(&self.store.root) else { return Ok(0) };
        for dir in dirs.flatten() {
            let Ok(entries) = std::fs::read_dir(dir.path()) else { continue };
            let is_tmp = dir.file_name() == "tmp";
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let orphan = is_tmp || !known.contains(&name);
                if orphan && old(&entry.path()) && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: AttachmentId,
    name: String,
    media_type: String,
    size: i64,
    sha256: String,
    created_at: String,
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            media_type: r.media_type,
            size: r.size,
            sha256: r.sha256,
            created_at: r.created_at,
        }
    }
}

async fn fetch(conn: &mut SqliteConnection, id: AttachmentId) -> Result<Attachment> {
    let row = sqlx::query_as::<_, AttachmentRow>(
        "SELECT id, name, media_type, size, sha256, created_at FROM attachments WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(Error::NotFound { entity: "file" })?;
    Ok(row.into())
}

/// The columns an attachment of `owner` fills in.
struct Columns {
    org: Option<OrganizationId>,
    person: Option<PersonId>,
    system: Option<SystemId>,
    contract: Option<ContractId>,
}

/// The columns for `owner`, which must exist (a contract's documents are its organization's).
async fn owner_columns(conn: &mut SqliteConnection, owner: Owner) -> Result<Columns> {
    let none = Columns { org: None, person: None, system: None, contract: None };
    let (sql, entity, id) = match owner {
        Owner::Organization(id) => ("SELECT id FROM organizations WHERE id = ?", "organization", id.uuid()),
        Owner::Person(id) => ("SELECT id FROM people WHERE id = ?", "person", id.uuid()),
        Owner::System(id) => ("SELECT id FROM systems WHERE id = ?", "system", id.uuid()),
        Owner::Contract(id) => ("SELECT organization_id FROM contracts WHERE id = ?", "contract", id.uuid()),
    };
    let found: Option<uuid::Uuid> = sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *conn).await?;
    let found = found.ok_or(Error::NotFound { entity })?;
    Ok(match owner {
        Owner::Organization(id) => Columns { org: Some(id), ..none },
        Owner::Person(id) => Columns { person: Some(id), ..none },
        Owner::System(id) => Columns { system: Some(id), ..none },
        Owner::Contract(id) => {
            Columns { org: Some(OrganizationId::from_uuid(found)), contract: Some(id), ..none }
        }
    })
}

pub(crate) async fn insert_blob(conn: &mut SqliteConnection, sha: &str, size: u64) -> Result<()> {
    sqlx::query(
        "INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha)
    .bind(size as i64)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes the `blobs` rows among `shas` that nothing refers to any more and returns them; the
/// caller removes their files after committing.
pub(crate) async fn drop_unreferenced(conn: &mut SqliteConnection, shas: &[String]) -> Result<Vec<String>> {
    let mut gone = Vec::new();
    for sha in shas {
        let deleted = sqlx::query(
            "DELETE FROM blobs WHERE sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?1)
               AND NOT EXISTS (SELECT 1 FROM organizations WHERE logo_sha256 = ?1)
               AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'billing.logo_sha256' AND value = ?1)",
        )
        .bind(sha)
        .execute(&mut *conn)
        .await?;
        if deleted.rows_affected() > 0 {
            gone.push(sha.clone());
        }
    }
    Ok(gone)
}

/// Writes `bytes` to `path` through a temp file beside it, fsynced and renamed into place: a
/// failed write never leaves half a file under the chosen name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("file", msg("Choose a file name, not a folder.", &[])))?;
    let tmp = path.with_file_name(format!(".{}.part", name.to_string_lossy()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(written?)
}

/// How a path appears in a message for the user: its file name only (the folders above it,
/// the user's home among them, belong in the log, not on the screen).
pub fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(|| msg("the file", &[]), |n| n.to_string_lossy().into_owned())
}

/// A file name as a label: control characters dropped, at most 255 bytes, never empty.
pub fn label(name: &str) -> String {
    let mut out: String = name.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
    if out.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    if out.is_empty() { "file".to_owned() } else { out }
}

/// A name safe to create in a folder of ours: no separators, no `..`, no control or reserved
/// characters, no leading dot, no trailing dot or space (Windows drops them), never a Windows
/// device name (CON, NUL, COM1…, with any extension), at most 100 bytes, extension kept.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 10 && !ext.contains(' ') => {
            (stem, Some(ext))
        }
        _ => (cleaned, None),
    };
    let budget = 100 - ext.map_or(0, |e| e.len() + 1);
    let mut stem = stem.to_owned();
    if stem.len() > budget {
        let mut end = budget;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
    }
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.trim().is_empty() {
        "file".to_owned()
    } else if is_windows_device(stem) {
        format!("_{stem}")
    } else {
        stem.to_owned()
    };
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

/// Whether Windows reserves `stem` for a device: CON, PRN, AUX, NUL, COM0–9 and LPT0–9 (with
/// the superscript digits), in any case, whatever extension follows.
fn is_windows_device(stem: &str) -> bool {
    let upper = stem.split('.').next().unwrap_or(stem).trim_end().to_uppercase();
    if matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$") {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && (rest[0].is_ascii_digit() || matches!(rest[0], '\u{B9}' | '\u{B2}' | '\u{B3}'))
}

/// PNG or JPEG by their first bytes.
pub(crate) fn image_type(path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    match &head[..n] {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a] => Some("image/png"),
        [0xff, 0xd8, 0xff, ..] => Some("image/jpeg"),
        _ => None,
    }
}

/// The media type: by the contents for images and PDFs, else by the extension.
fn media_type(name: &str, path: &Path) -> String {
    if let Some(t) = image_type(path) {
        return t.to_owned();
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" | "log" | "cfg" | "conf" | "ini" => "text/plain",
        "csv" => "text/csv",
        "xml" => "application/xml",
        "json" => "application/json",
        "zip" => "application/zip",
        "gz" | "tgz" => "application/gzip",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "doc" | "docx" => "application/msword",
        "xls" | "xlsx" => "application/vnd.ms-excel",
        _ => "application/octet-stream",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_drop_control_characters_and_stay_within_255_bytes() {
        assert_eq!(label("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(label("../../etc/passwd"), "../../etc/passwd");
        let long = "é".repeat(300);
        assert!(label(&long).len() <= 255);
        assert_eq!(label("  "), "file");
    }

    #[test]
    fn safe_names_have_no_separators_or_dots_in_front() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("..\\..\\boot.ini"), "_.._boot.ini");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name("a\u{7}b.pdf"), "a_b.pdf");
        assert!(safe_file_name(&format!("{}.pdf", "x".repeat(400))).ends_with(".pdf"));
        assert!(safe_file_name(&"x".repeat(400)).len() <= 100);
        assert_eq!(safe_file_name(""), "file");
    }

    #[test]
    fn windows_device_names_and_trailing_dots_never_become_file_names() {
        assert_eq!(safe_file_name("NUL"), "_NUL");
        assert_eq!(safe_file_name("con.pdf"), "_con.pdf");
        assert_eq!(safe_file_name("Com1.statement.pdf"), "_Com1.statement.pdf");
        assert_eq!(safe_file_name("LPT\u{B9}.txt"), "_LPT\u{B9}.txt");
        assert_eq!(safe_file_name("aux .txt"), "_aux.txt");
        assert_eq!(safe_file_name("report..."), "report");
        assert_eq!(safe_file_name("Console.pdf"), "Console.pdf");
        assert_eq!(safe_file_name("COM10.pdf"), "COM10.pdf");
    }
}
