//! The backup file: an uncompressed tar stream (optionally encrypted as a whole by `age` with a
//! passphrase) whose entries are, in this order:
//!
//! ```text
//! fieldbook-backup.json   the header: format, app and schema version, created_at, passwords
//! database.sqlite3        the snapshot (rollback journal, one self-contained file)
//! files/ab/abcdef…        every blob the snapshot's `blobs` table lists, named by SHA-256
//! secrets.json            only in an encrypted backup made with passwords included
//! manifest.json           the header again, row counts per table, size and SHA-256 per part
//! ```
//!
//! The header comes first so that a backup from a newer Fieldbook is refused before anything is
//! extracted; the manifest comes last because the snapshot's hash is known only once it has been
//! streamed (hashing it beforehand would read the whole database one more time). Uncompressed:
//! attachments are mostly compressed already, and speed matters more than size here.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Phase, Progress};
use crate::messages::msg;
use crate::{Error, Result};

/// The format this build writes and the newest it reads.
pub(crate) const FORMAT: u32 = 1;
/// Names of the entries.
pub(crate) const HEADER: &str = "fieldbook-backup.json";
pub(crate) const DATABASE: &str = "database.sqlite3";
pub(crate) const SECRETS: &str = "secrets.json";
pub(crate) const MANIFEST: &str = "manifest.json";
/// What `app` says in every header.
const APP: &str = "Fieldbook";
/// How an age file begins.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";
/// Big enough that a system call or an age chunk (64 KiB) moves a lot at once.
const BUFFER: usize = 1024 * 1024;
/// Reading ahead less: whether an error came at the end of the file (cut short) or before it
/// (damaged) is told by whether the file had been read to its end.
const READ_BUFFER: usize = 256 * 1024;
/// The JSON entries are small; anything larger is not ours.
pub(crate) const MAX_JSON: u64 = 64 * 1024 * 1024;

/// What a backup says about itself before anything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Header {
    pub app: String,
    pub format: u32,
    pub app_version: String,
    /// The highest migration applied to the snapshot.
    pub schema_version: i64,
    pub created_at: String,
    pub passwords_included: bool,
    /// The same in a sentence, for whoever opens the file by hand.
    pub passwords: String,
}

impl Header {
    pub(crate) fn new(schema_version: i64, created_at: String, passwords_included: bool) -> Self {
        Self {
            app: APP.into(),
            format: FORMAT,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version,
            created_at,
            passwords_included,
            passwords: passwords_sentence(passwords_included),
        }
    }
}

/// Says plainly where passwords are.
pub(crate) fn passwords_sentence(included: bool) -> String {
    if included {
        msg("Passwords are included, encrypted with the backup's passphrase.", &[])
    } else {
        msg(
            "Passwords are NOT in this backup: they live in the system keyring, under the service \
             \"fieldbook\".",
            &[],
        )
    }
}

/// The last entry: everything needed to check the others.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Manifest {
    #[serde(flatten)]
    pub header: Header,
    /// Rows per table of the snapshot.
    pub counts: BTreeMap<String, u64>,
    pub parts: Vec<Part>,
}

/// One entry's size and SHA-256 (lowercase hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Part {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// The entry name of a blob.
pub(crate) fn blob_entry(sha: &str) -> String {
    format!("files/{}/{sha}", &sha[..2])
}

/// A blob's hash from its entry name, if the name is one (`files/ab/ab…`, 64 lowercase hex).
pub(crate) fn blob_sha(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("files/")?;
    let (dir, sha) = rest.split_once('/')?;
    let hex = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hex && sha.starts_with(dir) && dir.len() == 2).then_some(sha)
}

/// Lowercase hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts bytes for the progress report and stops the work when cancelled.
pub(crate) struct Meter<'a> {
    report: &'a mut dyn FnMut(Progress),
    cancel: &'a AtomicBool,
    phase: Phase,
    done: u64,
    total: u64,
    reported: u64,
}

/// Report at most every this many bytes.
const REPORT_EVERY: u64 = 4 * 1024 * 1024;

impl<'a> Meter<'a> {
    pub(crate) fn new(report: &'a mut dyn FnMut(Progress), cancel: &'a AtomicBool) -> Self {
        Self { report, cancel, phase: Phase::Snapshot, done: 0, total: 0, reported: 0 }
    }

    /// Starts a phase of `total` bytes (0: unknown) and reports it.
    pub(crate) fn phase(&mut self, phase: Phase, total: u64) -> Result<()> {
        (self.phase, self.done, self.total, self.reported) = (phase, 0, total, 0);
        self.check()?;
        (self.report)(Progress { phase, done: 0, total });
        Ok(())
    }

    /// Adds `n` bytes done; fails with [`Error::Cancelled`] (as an I/O error, so it can pass
    /// through `Read`/`Write`) once the flag is set.
    pub(crate) fn advance(&mut self, n: u64) -> io::Result<()> {
        self.done += n;
        if self.cancelled() {
            return Err(io::Error::other("cancelled"));
        }
        if self.done - self.reported >= REPORT_EVERY || (self.total > 0 && self.done >= self.total) {
            self.reported = self.done;
            (self.report)(Progress { phase: self.phase, done: self.done, total: self.total });
        }
        Ok(())
    }

    /// The cancel flag itself, for code that outlives a borrow of the meter.
    pub(crate) fn cancelled_flag(&self) -> &'a AtomicBool {
        self.cancel
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// [`Error::Cancelled`] when the flag is set.
    pub(crate) fn check(&self) -> Result<()> {
        if self.cancelled() { Err(Error::Cancelled) } else { Ok(()) }
    }
}

/// A reader that hashes and counts what passes through it, optionally metering it.
pub(crate) struct Hashing<'m, 'a, R> {
    inner: R,
    hasher: Sha256,
    pub size: u64,
    meter: Option<&'m mut Meter<'a>>,
}

impl<'m, 'a, R: Read> Hashing<'m, 'a, R> {
    pub(crate) fn new(inner: R, meter: Option<&'m mut Meter<'a>>) -> Self {
        Self { inner, hasher: Sha256::new(), size: 0, meter }
    }

    /// The hash and size of everything read.
    pub(crate) fn finish(self) -> (String, u64) {
        (hex(&self.hasher.finalize()), self.size)
    }
}

impl<R: Read> Read for Hashing<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        if let Some(meter) = self.meter.as_deref_mut() {
            meter.advance(n as u64)?;
        }
        Ok(n)
    }
}

/// Where the tar stream goes: the file, through age when encrypted.
enum Sink {
    Plain(BufWriter<File>),
    Encrypted(age::stream::StreamWriter<BufWriter<File>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Encrypted(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Encrypted(w) => w.flush(),
        }
    }
}

/// Writes entries into a backup file.
pub(crate) struct Writer {
    tar: tar::Builder<Sink>,
    mtime: u64,
}

impl Writer {
    /// Starts the archive in `file`, encrypted with `passphrase` when given.
    pub(crate) fn new(file: File, passphrase: Option<&SecretString>) -> Result<Self> {
        let out = BufWriter::with_capacity(BUFFER, file);
        let sink = match passphrase {
            None => Sink::Plain(out),
            Some(passphrase) => {
                Sink::Encrypted(age::Encryptor::with_user_passphrase(passphrase.clone()).wrap_output(out)?)
            }
        };
        let mtime = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        Ok(Self { tar: tar::Builder::new(sink), mtime })
    }

    fn header(&self, name: &str, size: u64) -> io::Result<tar::Header> {
        let mut header = tar::Header::new_ustar();
        header.set_path(name)?;
        header.set_size(size);
        header.set_mode(0o644);
        header.set_mtime(self.mtime);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        Ok(header)
    }

    /// Appends a large entry of `size` bytes read from `data`, hashing it on a second thread
    /// as it goes (see [`super::hashing`]); returns its SHA-256 and size.
    pub(crate) fn add_hashed(
        &mut self,
        name: &str,
        size: u64,
        data: impl Read,
        meter: &mut Meter<'_>,
    ) -> io::Result<(String, u64)> {
        let header = self.header(name, size)?;
        // The tar stream is header, data, zeros to the next 512-byte block; the builder only
        // adds the end marker, so writing an entry by hand beside it is sound.
        let out = self.tar.get_mut();
        out.write_all(header.as_bytes())?;
        let (sha, written) = super::hashing::copy_hashed(&mut data.take(size), out, meter)?;
        if written != size {
            return Err(io::Error::other(msg("{name} changed size while being written", &[("name", name)])));
        }
        out.write_all(&[0u8; 512][..((512 - size % 512) % 512) as usize])?;
        Ok((sha, written))
    }

    /// Appends the file at `path` (one nobody changes meanwhile), hashing it as it goes; returns
    /// its SHA-256 and size. Into a plain backup the kernel copies it.
    pub(crate) fn add_file(
        &mut self,
        name: &str,
        path: &Path,
        meter: &mut Meter<'_>,
    ) -> io::Result<(String, u64)> {
        let size = std::fs::metadata(path)?.len();
        let header = self.header(name, size)?;
        let Sink::Plain(out) = self.tar.get_mut() else {
            return self.add_hashed(name, size, File::open(path)?, meter);
        };
        out.write_all(header.as_bytes())?;
        out.flush()?;
        let (sha, written) = super::hashing::copy_file_hashed(path, out.get_mut(), meter)?;
        if written != size {
            return Err(io::Error::other(msg("{name} changed size while being written", &[("name", name)])));
        }
        out.write_all(&[0u8; 512][..((512 - size % 512) % 512) as usize])?;
        Ok((sha, written))
    }

    /// Appends a small entry of `size` bytes read from `data`.
    pub(crate) fn add(&mut self, name: &str, size: u64, data: impl Read) -> io::Result<()> {
        let header = self.header(name, size)?;
        // `take` + a length check: a source that changed size would otherwise corrupt the
        // stream after it (tar trusts the header's size).
        let mut counted = CountingReader { inner: data.take(size), n: 0 };
        self.tar.append(&header, &mut counted)?;
        if counted.n != size {
            return Err(io::Error::other(msg("{name} changed size while being written", &[("name", name)])));
        }
        Ok(())
    }

    /// Ends the tar stream and the encryption, and returns the file (flushed, not yet synced).
    pub(crate) fn finish(self) -> io::Result<File> {
        let out = match self.tar.into_inner()? {
            Sink::Plain(w) => w,
            Sink::Encrypted(w) => w.finish()?,
        };
        out.into_inner().map_err(|e| e.into_error())
    }
}

struct CountingReader<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

/// Whether the file at hand is encrypted (an age file), by its first bytes.
pub(crate) fn is_encrypted(file: &mut File) -> io::Result<bool> {
    use std::io::Seek;
    let mut head = [0u8; AGE_MAGIC.len()];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..])? {
            0 => break,
            m => n += m,
        }
    }
    file.seek(io::SeekFrom::Start(0))?;
    Ok(&head[..n] == AGE_MAGIC)
}

/// The tar stream of a backup file, decrypted when it is encrypted. `raw` meters the file's
/// own bytes (progress and cancel).
pub(crate) fn open_stream<'r>(
    mut file: File,
    passphrase: Option<&SecretString>,
    raw: impl FnMut(u64) -> io::Result<()> + 'r,
) -> Result<Box<dyn Read + 'r>> {
    let encrypted = is_encrypted(&mut file)?;
    let input = BufReader::with_capacity(READ_BUFFER, RawReader { file, tick: raw });
    if !encrypted {
        return Ok(Box::new(input));
    }
    let Some(passphrase) = passphrase else {
        return Err(Error::invalid(
            "passphrase",
            msg("This backup is encrypted: enter its passphrase.", &[]),
        ));
    };
    let decryptor = age::Decryptor::new_buffered(input).map_err(|e| match e {
        age::DecryptError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => incomplete(),
        _ => damaged(),
    })?;
    if !decryptor.is_scrypt() {
        return Err(Error::Backup(msg(
            "This backup is encrypted for a key, not with a passphrase; Fieldbook cannot open it.",
            &[],
        )));
    }
    let identity = age::scrypt::Identity::new(passphrase.clone());
    let stream =
        decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => Error::invalid(
                "passphrase",
                msg("The passphrase is not the one this backup was made with. Nothing was changed.", &[]),
            ),
            age::DecryptError::ExcessiveWork { .. } => Error::Backup(msg(
                "This backup's passphrase protection would take too long to open on this computer.",
                &[],
            )),
            _ => damaged(),
        })?;
    Ok(Box::new(stream))
}

struct RawReader<F> {
    file: File,
    tick: F,
}

impl<F: FnMut(u64) -> io::Result<()>> Read for RawReader<F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        (self.tick)(n as u64)?;
        Ok(n)
    }
}

/// The sentences for unusable backup files.
pub(crate) fn not_a_backup() -> Error {
    Error::Backup(msg("This file is not a Fieldbook backup.", &[]))
}

pub(crate) fn incomplete() -> Error {
    Error::Backup(msg(
        "The backup file is incomplete: it ends before its contents do (was it copied completely?).",
        &[],
    ))
}

pub(crate) fn damaged() -> Error {
    Error::Backup(msg(
        "The backup file is damaged: its contents do not match what was recorded when it was made.",
        &[],
    ))
}

/// Checks a header read from a file: ours, and a format this build reads.
pub(crate) fn check_header(header: &Header) -> Result<()> {
    if header.app != APP {
        return Err(not_a_backup());
    }
    if header.format > FORMAT {
        return Err(newer());
    }
    Ok(())
}

pub(crate) fn newer() -> Error {
    Error::Backup(msg(
        "This backup was made by a newer Fieldbook; update Fieldbook first, then restore it.",
        &[],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_blob_names_are_blobs() {
        let sha = "ab".repeat(32);
        assert_eq!(blob_sha(&blob_entry(&sha)), Some(sha.as_str()));
        assert_eq!(blob_sha(&format!("files/cd/{sha}")), None, "folder must be the hash's start");
        assert_eq!(blob_sha(&format!("files/ab/{}", "AB".repeat(32))), None, "lowercase only");
        assert_eq!(blob_sha("files/ab/../../etc/passwd"), None);
        assert_eq!(blob_sha(&format!("files/ab/{sha}/x")), None);
        assert_eq!(blob_sha(DATABASE), None);
    }

    #[test]
    fn a_header_from_another_app_or_a_newer_format_is_refused() {
        let header = Header::new(9, "2026-11-23T10:00:00Z".into(), false);
        assert!(check_header(&header).is_ok());
        let other = Header { app: "Other".into(), ..header.clone() };
        assert!(
            matches!(check_header(&other), Err(Error::Backup(m)) if m.contains("not a Fieldbook backup"))
        );
        let newer = Header { format: FORMAT + 1, ..header };
        assert!(matches!(check_header(&newer), Err(Error::Backup(m)) if m.contains("newer Fieldbook")));
    }
}
