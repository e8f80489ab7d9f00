//! `backup create|verify|restore`: one file with the database, every attached file and logo,
//! and a manifest to check them by. Passphrases come from stdin (without echo on a terminal),
//! never from the command line, where other users could see them.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use fieldbook_core::Error;
use fieldbook_core::backup::{self, CreateOptions, Phase, Progress, SecretString, Summary};
use fieldbook_core::secrets::OsKeyring;

use crate::output::{self, Output};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Write a backup of the database and every attached file and logo to FILE (a temp file
    /// beside it is renamed into place once complete). Passwords stay in the system keyring and
    /// are NOT in the backup unless --include-passwords.
    Create {
        file: PathBuf,
        /// Encrypt the backup with a passphrase (read from stdin; asked twice on a terminal).
        #[arg(long)]
        encrypt: bool,
        /// Also put the passwords from the system keyring inside (needs --encrypt).
        #[arg(long, requires = "encrypt")]
        include_passwords: bool,
    },
    /// Check a backup file completely (every part's checksum, SQLite's integrity check, the row
    /// counts, every attached file) without changing anything. An encrypted backup's
    /// passphrase is read from stdin.
    Verify { file: PathBuf },
    /// Replace the current data with a backup's, after checking all of it. The current data is
    /// kept in a replaced-<time> folder in the data folder. Refused while the app or another
    /// command has the data open. An encrypted backup's passphrase is read from stdin.
    Restore { file: PathBuf },
}

pub fn backup(db: &Path, command: BackupCommand, out: &Output) -> Result<(), Error> {
    let cancel = AtomicBool::new(false);
    let mut meter = Meter::new(!out.json && std::io::stderr().is_terminal());
    match command {
        BackupCommand::Create { file, encrypt, include_passwords } => {
            let passphrase = if encrypt { Some(read_passphrase(true)?) } else { None };
            let options = CreateOptions { passphrase, include_passwords };
            let summary = backup::create(db, &file, &options, &OsKeyring, &mut |p| meter.show(p), &cancel)?;
            meter.done();
            print_summary(out, &summary, &format!("wrote the backup {}", file.display()), None);
        }
        BackupCommand::Verify { file } => {
            let passphrase = passphrase_for(&file)?;
            let summary = backup::verify(&file, passphrase.as_ref(), &mut |p| meter.show(p), &cancel)?;
            meter.done();
            print_summary(
                out,
                &summary,
                &format!("the backup {} is complete and intact", file.display()),
                None,
            );
        }
        BackupCommand::Restore { file } => {
            let passphrase = passphrase_for(&file)?;
            let restored =
                backup::restore(db, &file, passphrase.as_ref(), &OsKeyring, &mut |p| meter.show(p), &cancel)?;
            meter.done();
            let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut notes = Vec::new();
            if restored.summary.passwords_included {
                notes.push(format!(
                    "{} password(s) written back to the system keyring, {} already there",
                    restored.passwords_restored, restored.passwords_kept
                ));
            }
            match &restored.replaced {
                Some(name) => notes.push(format!(
                    "the data it replaced is kept in {}; remove that folder when you no longer need it",
                    dir.join(name).display()
                )),
                None => notes.push("there was no data to replace".into()),
            }
            if out.json {
                output::print_json(&serde_json::json!({
                    "summary": restored.summary,
                    "replaced": restored.replaced.as_ref().map(|n| dir.join(n)),
                    "passwords_restored": restored.passwords_restored,
                    "passwords_kept": restored.passwords_kept,
                }));
            } else {
                print_summary(
                    out,
                    &restored.summary,
                    &format!("restored from {}", file.display()),
                    Some(&notes),
                );
            }
        }
    }
    Ok(())
}

/// The passphrase when the backup is encrypted (and only then: stdin stays unread otherwise).
fn passphrase_for(file: &Path) -> Result<Option<SecretString>, Error> {
    if backup::is_encrypted(file)? { Ok(Some(read_passphrase(false)?)) } else { Ok(None) }
}

/// Reads a passphrase: without echo, and twice when `confirm`, from a terminal; one line from a
/// pipe.
fn read_passphrase(confirm: bool) -> Result<SecretString, Error> {
    let stdin = std::io::stdin();
    let value = if stdin.is_terminal() {
        let first = rpassword::prompt_password("Backup passphrase: ")?;
        if confirm && rpassword::prompt_password("The same passphrase again: ")? != first {
            return Err(Error::invalid("passphrase", "The two passphrases differ. Nothing was written."));
        }
        first
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    if value.is_empty() {
        return Err(Error::invalid(
            "passphrase",
            "No passphrase was given (it is read from standard input, one line).",
        ));
    }
    Ok(SecretString::from(value))
}

fn print_summary(out: &Output, summary: &Summary, headline: &str, notes: Option<&[String]>) {
    if out.json {
        return output::print_json(summary);
    }
    let count = |table: &str| summary.counts.get(table).copied().unwrap_or(0);
    println!("{headline}");
    println!(
        "  made {} by Fieldbook {} (schema {}); {}{}",
        summary.created_at,
        summary.app_version,
        summary.schema_version,
        mib(summary.size),
        if summary.encrypted { ", encrypted" } else { "" }
    );
    println!(
        "  {} organizations, {} people, {} systems, {} notes, {} files and logos ({})",
        count("organizations"),
        count("people"),
        count("systems"),
        count("notes"),
        summary.files,
        mib(summary.file_bytes)
    );
    println!("  {}", summary.passwords);
    for note in notes.unwrap_or_default() {
        println!("  {note}");
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Progress on a terminal: the phase and a percentage on one line.
struct Meter {
    show: bool,
    last: Option<(Phase, u64)>,
}

impl Meter {
    fn new(show: bool) -> Self {
        Self { show, last: None }
    }

    fn show(&mut self, p: Progress) {
        if !self.show {
            return;
        }
        let percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
        if self.last == Some((p.phase, percent)) {
            return;
        }
        self.last = Some((p.phase, percent));
        let phase = match p.phase {
            Phase::Snapshot => "taking a snapshot of the database",
            Phase::Writing => "writing",
            Phase::Reading => "reading and checking",
            Phase::Checking => "checking the database",
            Phase::Replacing => "replacing the data",
        };
        let mut err = std::io::stderr();
        if p.total > 0 {
            let _ = write!(err, "\r\x1b[K  {phase} {percent}%");
        } else {
            let _ = write!(err, "\r\x1b[K  {phase}…");
        }
        let _ = err.flush();
    }

    fn done(&mut self) {
        if self.show && self.last.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}
