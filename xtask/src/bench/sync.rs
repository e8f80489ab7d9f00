//! `cargo xtask bench sync [--orgs N]`: team sync on loopback. A throwaway PostgreSQL (run as
//! the `postgres` user, as in the tests) gets the demo data set of N organizations published to
//! it; once the server has settled (`VACUUM (ANALYZE)`, `CHECKPOINT`) an empty machine joins
//! (the first download); then an idle sync, 100 edits round trip and 10,000 edits pushed and
//! pulled — through the release CLI's hidden `bench-sync`, inside a
//! private D-Bus session with GNOME Keyring (the server password lives in the keyring). The
//! floor for the first download is timed in the same run: the same rows read with
//! `COPY … TO STDOUT` and loaded with the sqlite3 shell's `.import`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{Result, WITH_KEYRING, exec, root};

/// A PostgreSQL server in a temp folder owned by `postgres`, stopped when dropped.
pub(super) struct Pg {
    dir: PathBuf,
    bindir: PathBuf,
    port: u16,
}

impl Pg {
    pub(super) fn start() -> Result<Self> {
        let out =
            Command::new("pg_config").arg("--bindir").output().map_err(|e| format!("pg_config: {e}"))?;
        let bindir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let dir = std::env::temp_dir().join(format!("fieldbook-bench-pg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("pw"), "pw").map_err(|e| e.to_string())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let pg = Self { dir, bindir, port };
        run_quietly("chown", &["-R", "postgres", pg.path(&pg.dir)?])?;
        let data = pg.dir.join("data");
        pg.as_postgres(
            "initdb",
            &[
                "-D",
                pg.path(&data)?,
                "-A",
                "scram-sha-256",
                &format!("--pwfile={}", pg.dir.join("pw").display()),
                "-U",
                "fieldbook_admin",
            ],
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB",
            pg.dir.display()
        );
        pg.as_postgres(
            "pg_ctl",
            &["-D", pg.path(&data)?, "-l", pg.path(&pg.dir.join("log"))?, "-w", "-o", &options, "start"],
        )?;
        Ok(pg)
    }

    fn path<'p>(&self, p: &'p Path) -> Result<&'p str> {
        p.to_str().ok_or_else(|| "non-UTF-8 temp path".to_owned())
    }

    fn as_postgres(&self, program: &str, args: &[&str]) -> Result {
        let binary = self.bindir.join(program);
        let mut all = vec!["-u", "postgres", "--", binary.to_str().unwrap_or_default()];
        all.extend_from_slice(args);
        run_quietly("runuser", &all)
    }

    /// A database `team` set up as a team server by the CLI; its admin address.
    pub(super) fn team_server(&self, cli: &Path) -> Result<String> {
        let out = Command::new("psql")
            .args([&self.url("postgres"), "-c", "CREATE DATABASE team"])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(format!("CREATE DATABASE failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let url = self.url("team");
        run_quietly(cli.to_str().unwrap_or_default(), &["team", "init", "--url", &url])?;
        Ok(url)
    }

    pub(super) fn url(&self, db: &str) -> String {
        format!("postgres://fieldbook_admin:pw@127.0.0.1:{}/{db}", self.port)
    }

    fn psql(&self, sql: &str) -> Result<String> {
        let out = Command::new("psql")
            .args([&self.url("team"), "-v", "ON_ERROR_STOP=1", "-Atc", sql])
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if !out.status.success() {
            return Err(format!("psql failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.as_postgres("pg_ctl", &["-D", data.to_str().unwrap_or_default(), "-m", "fast", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(super) fn run_quietly(program: &str, args: &[&str]) -> Result {
    let out = Command::new(program).args(args).output().map_err(|e| format!("{program}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{program} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result {
    let orgs = super::number(args, "--orgs", 100_000)?;
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // The stream bench's demo set (cached); each run works on copies.
    let source = dir.join(format!("stream-{orgs}.sqlite3"));
    super::demo_set(&cli, &source, orgs)?;
    let work = dir.join("sync");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("a")).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(work.join("b")).map_err(|e| e.to_string())?;
    let a = work.join("a/fieldbook.sqlite3");
    std::fs::copy(&source, &a).map_err(|e| e.to_string())?;

    let pg = Pg::start()?;
    let url = pg.team_server(&cli)?;

    eprintln!("==> publishing {orgs} organizations' data set and joining from an empty machine");
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", WITH_KEYRING, "sh"])
        .arg(&cli)
        .arg("--db")
        .arg(&a)
        .args(["bench-sync", "--url", &url, "--other"])
        .arg(work.join("b/fieldbook.sqlite3"))
        .output()
        .map_err(|e| e.to_string())?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("bench-sync failed".into());
    }
    let json = String::from_utf8_lossy(&out.stdout);
    println!(
        "core (fieldbook-cli bench-sync, release): {}",
        json.split_whitespace().collect::<Vec<_>>().join(" ")
    );

    // The floor: the same rows out of PostgreSQL with COPY and into SQLite with .import.
    let csv = work.join("records.csv");
    let floor_db = work.join("floor.sqlite3");
    let started = Instant::now();
    let copy = format!(
        "\\copy (SELECT tbl, key, fields::text FROM fieldbook.records WHERE NOT deleted ORDER BY seq) TO '{}' WITH CSV",
        csv.display()
    );
    let out = Command::new("psql")
        .args([&url, "-v", "ON_ERROR_STOP=1", "-c", &copy])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("COPY failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let copied = started.elapsed().as_secs_f64();
    super::search::sqlite(
        &floor_db,
        &format!(
            "CREATE TABLE records (tbl TEXT, key TEXT, fields TEXT);\n.import --csv {} records\nSELECT count(*) FROM records;",
            csv.display()
        ),
    )?;
    let floor = started.elapsed().as_secs_f64();
    let rows = pg.psql("SELECT count(*) FROM fieldbook.records WHERE NOT deleted")?;
    println!(
        "floor (COPY TO STDOUT {:.0} ms + sqlite3 .import, same rows): {:.0} ms for {} records",
        copied * 1000.0,
        floor * 1000.0,
        rows.trim()
    );
    Ok(())
}
