//! `cargo xtask bench backup [--orgs N] [--files N]`: on the demo set of `bench search` (N
//! organizations, default 100,000, generated once into `target/bench/`) copied into its own data
//! folder with attachments added (default 200 files of 256 KiB–2 MiB of random bytes), times the
//! release CLI's `backup create` (plain and encrypted), `backup verify` and `backup restore`
//! (into an empty data folder) beside the floor: `sqlite3 .backup` plus `tar cf` of `files/`
//! (and, for restore, copying the database, `tar xf` and `PRAGMA integrity_check`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::search::sqlite;
use crate::{Result, ensure_packages, exec, root};

/// Where cargo puts its output: `CARGO_TARGET_DIR` when set (a shared target), else `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    let files = super::number(args, "--files", 200)?;
    ensure_packages(&["sqlite3", "time", "tar"])?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let target = target_dir();
    let cli = target.join("release/fieldbook-cli");
    let bench = target.join("bench");
    let data = bench.join(format!("backup-{orgs}-{files}"));
    let db = data.join("fieldbook.sqlite3");
    prepare(&cli, &bench, &data, orgs, files)?;
    let db_size = size(&db);
    let files_size = tree_size(&data.join("files"));
    println!(
        "data set: {} — database {:.0} MiB, {files} attached files {:.0} MiB",
        sqlite(&db, COUNTS)?.trim(),
        mib(db_size),
        mib(files_size)
    );

    let out = bench.join("backup-out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let (db_arg, out_s) = (path(&db)?, path(&out)?.to_owned());
    // Every step starts with nothing waiting to be written back (`sync`, not timed), so that one
    // step's writeback does not land in the next one's time.
    for round in 1..=3 {
        println!("-- round {round}");
        let _ = std::fs::remove_file(out.join("floor.sqlite3"));
        settle()?;
        let floor_db = shell(&format!("sqlite3 '{db_arg}' \".backup '{out_s}/floor.sqlite3'\""))?;
        settle()?;
        let floor_tar = shell(&format!(
            "tar cf '{out_s}/files.tar' -C '{}' files && sync '{out_s}/files.tar'",
            path(&data)?
        ))?;
        let floor = floor_db + floor_tar;
        settle()?;
        println!(
            "floor: sqlite3 .backup {floor_db:.2} s + tar cf files/ (and sync) {floor_tar:.2} s = {floor:.2} s"
        );
        let backup_file = out.join("fieldbook.backup");
        let (create, rss) = timed(&cli, &["--db", db_arg, "backup", "create", path(&backup_file)?], None)?;
        println!(
            "backup create: {create:.2} s ({:.2}× the floor), {:.0} MiB file, peak RSS {} MiB",
            create / floor,
            mib(size(&backup_file)),
            rss / 1024
        );
        settle()?;
        let encrypted = out.join("encrypted.backup");
        let args = ["--db", db_arg, "backup", "create", path(&encrypted)?, "--encrypt"];
        let (create_enc, _) = timed(&cli, &args, Some("bench passphrase\n"))?;
        println!("backup create --encrypt: {create_enc:.2} s ({:.2}× the floor)", create_enc / floor);
        settle()?;
        let (verify, rss) = timed(&cli, &["--db", db_arg, "backup", "verify", path(&backup_file)?], None)?;
        println!("backup verify: {verify:.2} s, peak RSS {} MiB", rss / 1024);
        let args = ["--db", db_arg, "backup", "verify", path(&encrypted)?];
        let (verify_enc, _) = timed(&cli, &args, Some("bench passphrase\n"))?;
        println!("backup verify (encrypted): {verify_enc:.2} s");

        let restored = out.join("restored");
        let _ = std::fs::remove_dir_all(&restored);
        settle()?;
        let into = restored.join("fieldbook.sqlite3");
        let (restore, rss) =
            timed(&cli, &["--db", path(&into)?, "backup", "restore", path(&backup_file)?], None)?;
        let by_hand = out.join("by-hand");
        let _ = std::fs::remove_dir_all(&by_hand);
        std::fs::create_dir_all(&by_hand).map_err(|e| e.to_string())?;
        let hand = path(&by_hand)?;
        settle()?;
        let floor_restore = shell(&format!(
            "cp '{out_s}/floor.sqlite3' '{hand}/fieldbook.sqlite3' && tar xf '{out_s}/files.tar' -C '{hand}' \
             && sqlite3 '{hand}/fieldbook.sqlite3' 'PRAGMA integrity_check' >/dev/null && sync -f '{hand}'"
        ))?;
        println!(
            "backup restore (into an empty folder, checked before it replaces anything): {restore:.2} s, \
             peak RSS {} MiB; by hand (cp + tar xf + integrity_check + sync): {floor_restore:.2} s ({:.2}×)",
            rss / 1024,
            restore / floor_restore
        );
        let _ = std::fs::remove_dir_all(&restored);
        let _ = std::fs::remove_dir_all(&by_hand);
    }
    Ok(())
}

const COUNTS: &str = "SELECT (SELECT count(*) FROM organizations) || ' organizations, ' || \
    (SELECT count(*) FROM people) || ' people, ' || (SELECT count(*) FROM systems) || ' systems, ' || \
    (SELECT count(*) FROM notes) || ' notes';";

/// The bench's data folder: the search bench's demo set (made if missing) copied with the
/// sqlite3 shell's `.backup`, plus `files` attachments. Made once.
fn prepare(cli: &Path, bench: &Path, data: &Path, orgs: u64, files: u64) -> Result {
    let ready = data.join("ready");
    if ready.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(bench).map_err(|e| e.to_string())?;
    let source = bench.join(format!("search-{orgs}.sqlite3"));
    super::demo_set(cli, &source, orgs)?;
    let _ = std::fs::remove_dir_all(data);
    std::fs::create_dir_all(data).map_err(|e| e.to_string())?;
    let db = data.join("fieldbook.sqlite3");
    sqlite(&source, &format!(".backup '{}'\n", path(&db)?))?;
    let org = "BENCH-FILES";
    run_cli(cli, &db, &["org", "add", "--name", "Bench Files Ltd", "--account", org])?;
    let scratch = data.join("attach.bin");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    eprintln!("==> attaching {files} files of 256 KiB–2 MiB");
    for _ in 0..files {
        let len = 256 * 1024 + (next() % (1792 * 1024)) as usize;
        let bytes: Vec<u8> = (0..len.div_ceil(8)).flat_map(|_| next().to_le_bytes()).take(len).collect();
        std::fs::write(&scratch, bytes).map_err(|e| e.to_string())?;
        run_cli(cli, &db, &["file", "add", path(&scratch)?, "--org", org])?;
    }
    std::fs::remove_file(&scratch).map_err(|e| e.to_string())?;
    sqlite(&db, "PRAGMA wal_checkpoint(TRUNCATE);")?;
    std::fs::write(ready, b"").map_err(|e| e.to_string())
}

fn run_cli(cli: &Path, db: &Path, args: &[&str]) -> Result {
    let out = Command::new(cli).arg("--db").arg(db).args(args).output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{args:?}: {}", String::from_utf8_lossy(&out.stderr)))
    }
}

/// Runs the CLI under GNU time (stdin from `input`); wall seconds and peak RSS in KiB.
fn timed(cli: &Path, args: &[&str], input: Option<&str>) -> Result<(f64, u64)> {
    let started = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .args(["-f", "maxrss=%M"])
        .arg(cli)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("time: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.unwrap_or("").as_bytes()).map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{args:?} failed: {stderr}"));
    }
    let rss = stderr.lines().find_map(|l| l.strip_prefix("maxrss=")).and_then(|v| v.trim().parse().ok());
    Ok((seconds, rss.unwrap_or(0)))
}

/// Flushes what is waiting to be written back, untimed.
fn settle() -> Result {
    shell("sync").map(|_| ())
}

/// Runs a shell line and returns its wall time.
fn shell(line: &str) -> Result<f64> {
    let started = Instant::now();
    let status = Command::new("sh").args(["-c", line]).status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("`{line}` failed"));
    }
    Ok(started.elapsed().as_secs_f64())
}

fn path(p: &Path) -> Result<&str> {
    p.to_str().ok_or_else(|| format!("non-UTF-8 path {}", p.display()))
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn tree_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| if e.path().is_dir() { tree_size(&e.path()) } else { size(&e.path()) })
        .sum()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1048576.0
}
