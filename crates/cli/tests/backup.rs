//! Backups through the CLI binary on real data folders, killed with SIGKILL at random points, and
//! two processes (this test's core and the CLI) attaching and deleting the same file in a loop.
//! `FIELDBOOK_KILL_TRIALS=N` runs N kill trials in all (default 20, half create, half restore).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use fieldbook_core::Core;
use fieldbook_core::files::Owner;
use serde_json::Value;
use sha2::Digest;

const DB: &str = "fieldbook.sqlite3";

fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fieldbook-cli"));
    c.arg("--db").arg(db).args(args).env_remove("FIELDBOOK_DB").stdin(Stdio::null());
    c
}

fn run(db: &Path, args: &[&str]) -> Output {
    let out = command(db, args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_slice(&run(db, &all).stdout).unwrap()
}

/// The error line: the last of stderr (log lines may come before it).
fn error_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or_default().to_owned()
}

fn sqlite(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("the sqlite3 shell is needed");
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// xorshift; the seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed =
            std::env::var("FIELDBOOK_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
            });
        eprintln!("kill trials: FIELDBOOK_KILL_SEED={seed}");
        Self(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn trials() -> (u64, u64) {
    let total: u64 = std::env::var("FIELDBOOK_KILL_TRIALS").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    (total / 2, total - total / 2)
}

/// A data folder with 1,500 demo organizations and ~6 MiB of attachments: big enough that a
/// kill lands in the middle of the work.
fn data_folder(rng: &mut Rng) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join(DB);
    run(&db, &["demo", "--orgs", "1500"]);
    run(&db, &["org", "add", "--name", "Files Ltd", "--account", "1001"]);
    for i in 0..4 {
        let file = dir.path().join(format!("scan{i}.bin"));
        std::fs::write(&file, rng.bytes(1_500_000)).unwrap();
        run(&db, &["file", "add", file.to_str().unwrap(), "--org", "1001"]);
    }
    (dir, db)
}

/// The data's identity: organizations, attachments and the blobs they use. Checks on the way
/// that the database is intact and every attachment's file is complete.
fn state(db: &Path) -> (u64, u64, Vec<String>) {
    assert_eq!(sqlite(db, "PRAGMA integrity_check"), "ok");
    let dir = db.parent().unwrap();
    let rows = sqlite(db, "SELECT a.sha256 || '|' || b.size FROM attachments a JOIN blobs b USING (sha256)");
    let mut shas = Vec::new();
    for line in rows.lines() {
        let (sha, size) = line.split_once('|').unwrap();
        let blob = dir.join("files").join(&sha[..2]).join(sha);
        let bytes = std::fs::read(&blob).unwrap_or_else(|e| panic!("a row points at a missing file: {e}"));
        assert_eq!(bytes.len().to_string(), size, "partial blob");
        assert_eq!(format!("{:x}", sha2::Sha256::digest(&bytes)), sha, "blob contents do not match");
        shas.push(sha.to_owned());
    }
    shas.sort();
    let orgs = sqlite(db, "SELECT count(*) FROM organizations").parse().unwrap();
    (orgs, shas.len() as u64, shas)
}

/// Starts `args`, kills it (SIGKILL) after `delay`, and reaps it; whether it had finished.
fn kill_after(db: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = command(db, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    run(db, args);
    started.elapsed()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("backup-work-") || n.starts_with("restore-") || n.ends_with(".part"))
        .collect()
}

#[test]
fn a_killed_backup_create_leaves_the_data_alone_and_nothing_bad_under_the_final_name() {
    let mut rng = Rng::new();
    let (dir, db) = data_folder(&mut rng);
    let before = state(&db);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dest = out.join("fieldbook.backup");
    let dest_arg = dest.to_str().unwrap();
    let full = timed(&db, &["backup", "create", dest_arg]);
    std::fs::remove_file(&dest).unwrap();

    let (trials, _) = trials();
    let mut finished = 0;
    for _ in 0..trials {
        let delay = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 6 / 5).max(1));
        finished += u32::from(kill_after(&db, &["backup", "create", dest_arg], delay));
        if dest.exists() {
            run(&db, &["backup", "verify", dest_arg]);
        }
        assert_eq!(state(&db), before, "a killed backup changed the data");
    }
    eprintln!("create: {trials} kills within {full:?}, {finished} had finished");
    // A stale temp file and work folder are taken over and cleaned up.
    run(&db, &["backup", "create", dest_arg]);
    run(&db, &["backup", "verify", dest_arg]);
    run(&db, &["org", "list"]);
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert_eq!(leftovers(db.parent().unwrap()), Vec::<String>::new());
}

#[test]
fn a_killed_restore_leaves_the_old_or_the_new_data_entirely() {
    let mut rng = Rng::new();
    let (dir, db) = data_folder(&mut rng);
    let file = dir.path().join("s1.backup");
    let file_arg = file.to_str().unwrap();
    run(&db, &["backup", "create", file_arg]);
    let s1 = state(&db);
    // Newer data than the backup: one more organization and one more file.
    run(&db, &["org", "add", "--name", "Later Ltd"]);
    let extra = dir.path().join("later.bin");
    std::fs::write(&extra, rng.bytes(800_000)).unwrap();
    run(&db, &["file", "add", extra.to_str().unwrap(), "--org", "1001"]);
    let s2 = state(&db);
    assert_ne!(s1, s2);
    let template = db.parent().unwrap().to_owned();

    let copy = |to: &Path| {
        let status = Command::new("cp").arg("-a").arg(&template).arg(to).status().unwrap();
        assert!(status.success());
        to.join(DB)
    };
    let timing = copy(&dir.path().join("timing"));
    let full = timed(&timing, &["backup", "restore", file_arg]);
    assert_eq!(state(&timing), s1);

    let (_, trials) = trials();
    let (mut old, mut new) = (0, 0);
    for i in 0..trials {
        let trial = copy(&dir.path().join(format!("trial{i}")));
        let delay = Duration::from_micros(rng.next() % (full.as_micros() as u64 * 6 / 5).max(1));
        kill_after(&trial, &["backup", "restore", file_arg], delay);
        // The next open finishes an interrupted restore (or sweeps an unfinished staging).
        run(&trial, &["org", "list"]);
        let now = state(&trial);
        if now == s1 {
            new += 1;
        } else if now == s2 {
            old += 1;
        } else {
            panic!("trial {i} ({delay:?}): neither the old nor the restored data: {:?}", (now.0, now.1));
        }
        assert_eq!(leftovers(trial.parent().unwrap()), Vec::<String>::new(), "trial {i} left something");
        std::fs::remove_dir_all(trial.parent().unwrap()).unwrap();
    }
    eprintln!("restore: {trials} kills within {full:?}: {old} left the old data, {new} the restored data");
}

#[test]
fn restore_refuses_while_the_data_is_open_and_bad_files_get_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB);
    run(&db, &["org", "add", "--name", "Acme", "--account", "1001"]);
    let file = dir.path().join("x.backup");
    let created = String::from_utf8(run(&db, &["backup", "create", file.to_str().unwrap()]).stdout).unwrap();
    assert!(created.contains("Passwords are NOT in this backup"), "{created}");

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let core = rt.block_on(Core::open(&db)).unwrap();
    let out = command(&db, &["backup", "restore", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        error_line(&out),
        "error: Fieldbook is open in another window or process; close it and try again."
    );
    rt.block_on(core.close());
    drop(core);

    let junk = dir.path().join("junk.backup");
    std::fs::write(&junk, b"not a backup at all").unwrap();
    let out = command(&db, &["backup", "verify", junk.to_str().unwrap()]).output().unwrap();
    assert_eq!(error_line(&out), "error: This file is not a Fieldbook backup.");

    // Encrypted: the passphrase from stdin; a wrong one is a sentence.
    let enc = dir.path().join("enc.backup");
    let mut child = command(&db, &["backup", "create", enc.to_str().unwrap(), "--encrypt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"hunter2\n").unwrap();
    let made = child.wait_with_output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let mut child = command(&db, &["backup", "verify", enc.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"hunter3\n").unwrap();
    let wrong = child.wait_with_output().unwrap();
    assert_eq!(
        error_line(&wrong),
        "error: The passphrase is not the one this backup was made with. Nothing was changed."
    );
    let out = command(&db, &["backup", "create", "x", "--include-passwords"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--include-passwords without --encrypt");
}

#[test]
fn two_processes_attaching_and_deleting_the_same_file_never_leave_a_row_without_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB);
    let org = json(&db, &["org", "add", "--name", "Shared Ltd", "--account", "1001"]);
    let org_id: fieldbook_core::OrganizationId = serde_json::from_value(org["id"].clone()).unwrap();
    let content = dir.path().join("same.bin");
    std::fs::write(&content, Rng(7).bytes(200_000)).unwrap();
    let rounds = 25;

    // The other process: the CLI attaching and deleting the same contents.
    let cli = {
        let (db, content) = (db.clone(), content.clone());
        std::thread::spawn(move || {
            for _ in 0..rounds {
                let added = json(&db, &["file", "add", content.to_str().unwrap(), "--org", "1001"]);
                let id = added[0]["id"].as_str().unwrap().to_owned();
                run(&db, &["file", "delete", &id]);
            }
        })
    };
    // This process: a core doing the same, checking between rounds (under the store's lock,
    // so no attach or delete is half done) that every row has its complete file.
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let core = Core::open(&db).await.unwrap();
        let mut round = 0;
        while round < rounds || !cli.is_finished() {
            let attached =
                core.files().attach(Owner::Organization(org_id), &content, None, 1 << 20).await.unwrap();
            let lock = std::fs::OpenOptions::new()
                .write(true)
                .open(dir.path().join(fieldbook_core::locks::STORE_LOCK_FILE))
                .unwrap();
            lock.lock().unwrap();
            for file in core.files().list(Owner::Organization(org_id)).await.unwrap() {
                let path = core.files().contents_path(file.id).await.unwrap();
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("round {round}: missing file: {e}"));
                assert_eq!(bytes.len() as i64, file.size);
            }
            drop(lock);
            core.files().delete(attached.id).await.unwrap();
            round += 1;
        }
        core.close().await;
    });
    cli.join().unwrap();
    state(&db);
}

#[test]
fn a_full_disk_is_a_sentence_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join(DB);
    run(&db, &["org", "add", "--name", "Acme", "--account", "1001"]);
    let big = dir.path().join("big.bin");
    std::fs::write(&big, Rng(9).bytes(3_000_000)).unwrap();
    run(&db, &["file", "add", big.to_str().unwrap(), "--org", "1001"]);
    let before = state(&db);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let dest = out.join("x.backup");
    // A file size limit (with SIGXFSZ ignored, writes past it fail with EFBIG) stands in for a
    // full disk: the small database's snapshot fits, the backup with its 3 MB file does not.
    let failed = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 1500; exec \"$@\"", "bash"])
        .arg(env!("CARGO_BIN_EXE_fieldbook-cli"))
        .arg("--db")
        .arg(&db)
        .args(["backup", "create"])
        .arg(&dest)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        error_line(&failed),
        "error: The backup could not be written because there is not enough free space in the chosen \
         folder. No backup file was made."
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "something was left in the folder");
    assert_eq!(state(&db), before);
    run(&db, &["org", "list"]);
    assert_eq!(leftovers(db.parent().unwrap()), Vec::<String>::new());
}
