//! `cargo xtask bench vault [--secrets N] [--devices N] [--keep-keyring]`: shared credentials on loopback. A
//! throwaway PostgreSQL (run as the `postgres` user) gets N passwords published sealed by an
//! admin's machine; N machines in all are approved (one joins for real and receives every
//! password into its keyring); one is removed, which changes the team's key over every value; and
//! reveals on the joined machine are timed — through the release CLI's hidden `bench-vault`, inside
//! a private D-Bus session with GNOME Keyring (the passwords and key pairs live there).

use std::process::Command;

use super::sync::{Pg, run_quietly};
use crate::{Result, WITH_KEYRING, exec, root};

pub fn run(args: &[String]) -> Result {
    let secrets = super::number(args, "--secrets", 10_000)?;
    let devices = super::number(args, "--devices", 20)?;
    let keep_keyring = args.iter().any(|a| a == "--keep-keyring");
    exec(&root(), "cargo", &["build", "--release", "--locked", "-p", "fieldbook-cli"], &[])?;
    let cli = root().join("target/release/fieldbook-cli");
    let work = root().join("target/bench/vault");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let pg = Pg::start()?;
    let url = pg.team_server(&cli)?;
    eprintln!("==> {secrets} passwords, {devices} machines");
    let a = work.join("a.sqlite3");
    // The admin's machine: a staff member who is this machine's user.
    run_quietly(
        cli.to_str().unwrap_or_default(),
        &["--db", a.to_str().unwrap_or_default(), "staff", "add", "Bench Admin", "--role", "admin", "--me"],
    )?;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", WITH_KEYRING, "sh"])
        .arg(&cli)
        .arg("--db")
        .arg(&a)
        .args(["bench-vault", "--url", &url, "--other"])
        .arg(work.join("b.sqlite3"))
        .args(["--secrets", &secrets.to_string(), "--devices", &devices.to_string()])
        .args(keep_keyring.then_some("--keep-keyring"))
        .output()
        .map_err(|e| e.to_string())?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err("bench-vault failed".into());
    }
    let json = String::from_utf8_lossy(&out.stdout);
    println!(
        "core (fieldbook-cli bench-vault, release): {}",
        json.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    Ok(())
}
