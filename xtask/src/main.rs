//! `cargo xtask run|test|bundle`: installs whatever is missing (system packages on
//! Debian/Ubuntu, the Rust components and tools, the UI's npm packages), then does the job.
//! Plain std only, so that it builds in seconds on a fresh machine.

mod bench;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// What the app needs to build and run on Debian/Ubuntu.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
];

/// What the tests need on top: a display, the WebKit WebDriver, the sqlite3 shell, a private
/// D-Bus session with GNOME Keyring as the Secret Service, xdotool to answer file dialogs and
/// drag files, xclip to read the clipboard, Python's GTK bindings for the drag source, and
/// PostgreSQL for the team-server tests (each starts a throwaway server of its own; openssl makes
/// the test CA for the TLS one).
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "sqlite3",
    "dbus",
    "dbus-daemon",
    "gnome-keyring",
    "libsecret-tools",
    "poppler-utils",
    "xdotool",
    "xclip",
    "python3-gi",
    "gir1.2-gtk-3.0",
    "postgresql",
    "openssl",
];

/// Runs its arguments inside the D-Bus session `dbus-run-session` made, after starting GNOME
/// Keyring there with an unlocked login keyring in a throwaway home: the tests use the real
/// Secret Service and never the user's own keyring.
const WITH_KEYRING: &str = r#"set -e
keyring_home=$(mktemp -d)
export XDG_RUNTIME_DIR=$(mktemp -d)
printf fieldbook-test | HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/data" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
set +e
"$@"
status=$?
rm -rf "$keyring_home"
exit $status"#;

const HELP: &str = "\
cargo xtask — set up and run Fieldbook

USAGE:
    cargo xtask run       install what is missing, build the UI, start the app
    cargo xtask test      install what is missing, then every check: rustfmt, clippy -D warnings,
                          svelte-check, vitest, core/CLI/command tests and the e2e suite
    cargo xtask bundle    build release bundles (.deb and AppImage) with the Tauri CLI
    cargo xtask bench search [--orgs N]
                          generate a demo database of N organizations (default 100000; cached in
                          target/bench/) and time 1,000 prefix searches through the core and the
                          same FTS5 queries in the sqlite3 shell
    cargo xtask bench import [--rows N]
                          write a realistic company file of N rows (default 100000) and time the
                          CLI's dry run and apply against the floor: the sqlite3 shell loading
                          the same rows into the same schema, indexes and triggers
    cargo xtask bench statements
                          time a 200-line statement, a batch of 1,000, and headless Chromium
                          printing the same statement from HTML
    cargo xtask bench backup [--orgs N] [--files N]
                          on the search bench's demo set (default 100000 organizations) plus N
                          attached files (default 200, 256 KiB-2 MiB), time the CLI's backup
                          create, verify and restore against sqlite3 .backup + tar
    cargo xtask bench stream [--orgs N]
                          generate a demo database of N organizations (default 100000) with staff,
                          members, activities and ~10 stream entries each, and time an
                          organization's first stream page and My agenda against the same SQL in
                          the sqlite3 shell
    cargo xtask bench sync [--orgs N]
                          publish the stream bench's demo set (default 100000 organizations) to a
                          throwaway PostgreSQL on loopback, join from an empty machine, and time
                          the first download (beside COPY + sqlite3 .import of the same rows), an
                          idle sync, 100 edits round trip and 10,000 edits pushed and pulled
    cargo xtask bench vault [--secrets N] [--devices N] [--keep-keyring]
                          save N passwords (default 10000), publish them sealed to a throwaway
                          PostgreSQL, approve N machines (default 20; one joins for real and
                          receives every password), remove one (the key changes over every value)
                          and time reveals on the joined machine; --keep-keyring: the joined
                          machine finds the values in the shared keyring (GNOME Keyring's write
                          cost grows with the items it holds)
    cargo xtask bench tickets [--orgs N] [--tickets-per-org K]
                          generate a demo database of N organizations (default 100000) with SLAs,
                          contracts and about K tickets each (default 5) with time and updates,
                          and time the Tickets view's first page and count per filter and an
                          organization's contracts against the same SQL in the sqlite3 shell
                          (the set also has its past months' time invoiced, most of it paid)
    cargo xtask bench today [--orgs N] [--tickets-per-org K]
                          the same data set; time the Today page through the core for every
                          staff member
    cargo xtask bench custom [--orgs N]
                          the search bench's demo set with 10 custom fields on organizations and
                          10 on people, filled in; time the lists' first page and count filtered
                          on choice and yes/no fields, a record's values and searches for custom
                          text through the core against the same list SQL in the sqlite3 shell

On Debian/Ubuntu system packages are installed with apt-get (through sudo when not root).
On macOS and Windows only Rust and Node.js are needed; run says so if one is missing.";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let started = Instant::now();
    let result = match task.as_str() {
        "run" => run(),
        "test" => test(),
        "bundle" => bundle(),
        "bench" => {
            let rest: Vec<String> = std::env::args().skip(2).collect();
            match rest.first().map(String::as_str) {
                Some("search") => bench::search::run(&rest[1..]),
                Some("import") => bench::import::run(&rest[1..]),
                Some("statements") => bench::statements::run(&rest[1..]),
                Some("backup") => bench::backup::run(&rest[1..]),
                Some("stream") => bench::stream::run(&rest[1..]),
                Some("sync") => bench::sync::run(&rest[1..]),
                Some("vault") => bench::vault::run(&rest[1..]),
                Some("tickets") => bench::tickets::run(&rest[1..]),
                Some("today") => bench::today::run(&rest[1..]),
                Some("custom") => bench::custom::run(&rest[1..]),
                _ => Err(format!(
                    "usage: cargo xtask bench search [--orgs N] | import [--rows N] | statements | \
                     backup [--orgs N] [--files N] | stream [--orgs N] | sync [--orgs N] | \
                     vault [--secrets N] [--devices N] | tickets [--orgs N] [--tickets-per-org K] | \
                     today [--orgs N] [--tickets-per-org K] | custom [--orgs N]\n\n{HELP}"
                )),
            }
        }
        "" | "help" | "-h" | "--help" => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown task {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => {
            // `test` ends on its tally line instead.
            if task != "test" {
                eprintln!("xtask {task}: done in {:.0?}", started.elapsed());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("xtask {task}: FAILED after {:.0?}: {message}", started.elapsed());
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn ui() -> PathBuf {
    root().join("ui")
}

/// Runs a command in `dir`, echoing it, and fails with its name when it fails.
fn exec(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result {
    eprintln!("\n==> {program} {}", args.join(" "));
    let step = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("cannot start {program}: {e}"))?;
    eprintln!("<== {program} {} ({:.1?})", args.first().copied().unwrap_or(""), step.elapsed());
    if status.success() { Ok(()) } else { Err(format!("`{program} {}` failed ({status})", args.join(" "))) }
}

fn has(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
}

fn npm() -> &'static str {
    if cfg!(windows) { "npm.cmd" } else { "npm" }
}

/// Rust and Node.js must be there already (rustup and a Node installer are the user's choice).
fn check_toolchains() -> Result {
    if !has(npm(), "--version") || !has("node", "--version") {
        return Err("Node.js (with npm) is required: install Node.js 20 or newer from your package \
                    manager or nodejs.org, then run this again"
            .into());
    }
    Ok(())
}

fn is_debian_like() -> bool {
    cfg!(target_os = "linux")
        && Path::new("/usr/bin/dpkg-query").exists()
        && Path::new("/usr/bin/apt-get").exists()
}

fn package_installed(name: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", name])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Installs the Debian packages in `wanted` that are missing, with sudo when not root.
fn ensure_packages(wanted: &[&str]) -> Result {
    if !is_debian_like() {
        if cfg!(target_os = "linux") {
            eprintln!("note: not a Debian/Ubuntu system; install the equivalents of {wanted:?} yourself");
        }
        return Ok(());
    }
    let missing: Vec<&str> = wanted.iter().copied().filter(|p| !package_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing system packages: {}", missing.join(" "));
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    let (program, mut prefix): (&str, Vec<&str>) =
        if is_root { ("apt-get", vec![]) } else { ("sudo", vec!["apt-get"]) };
    let mut update = prefix.clone();
    update.extend(["update", "-q"]);
    exec(&root(), program, &update, &[])?;
    prefix.extend(["install", "-y", "-q", "--no-install-recommends"]);
    prefix.extend(missing.iter().copied());
    exec(&root(), program, &prefix, &[("DEBIAN_FRONTEND", "noninteractive")])
}

/// Installs the UI's npm packages when package-lock.json is newer than what is installed.
fn ensure_npm_packages() -> Result {
    let lock = ui().join("package-lock.json");
    let installed = ui().join("node_modules/.package-lock.json");
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let stale = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => lock > installed,
        _ => true,
    };
    if stale {
        // `npm install`, not `npm ci`: npm 11 writes lock files without the other platforms'
        // optional packages (the Tauri CLI's and rollup's per-OS binaries), which `npm ci`
        // then rejects as out of sync. The versions in the lock file are still the ones used.
        exec(&ui(), npm(), &["install", "--no-audit", "--no-fund"], &[])?;
    }
    Ok(())
}

fn build_ui() -> Result {
    exec(&ui(), npm(), &["run", "build"], &[])
}

fn ensure_rust_components() -> Result {
    for (probe, component) in [("cargo-fmt", "rustfmt"), ("cargo-clippy", "clippy")] {
        if !has(probe, "--version") {
            exec(&root(), "rustup", &["component", "add", component], &[])?;
        }
    }
    Ok(())
}

fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin").join(name)
}

fn ensure_tauri_driver() -> Result {
    if has("tauri-driver", "--help") || cargo_bin("tauri-driver").exists() {
        return Ok(());
    }
    exec(&root(), "cargo", &["install", "tauri-driver", "--locked"], &[])
}

fn run() -> Result {
    check_toolchains()?;
    ensure_packages(BUILD_PACKAGES)?;
    ensure_npm_packages()?;
    build_ui()?;
    exec(&root(), "cargo", &["run", "--package", "fieldbook"], &[])
}

fn test() -> Result {
    check_toolchains()?;
    let mut packages = BUILD_PACKAGES.to_vec();
    packages.extend_from_slice(TEST_PACKAGES);
    ensure_packages(&packages)?;
    ensure_rust_components()?;
    ensure_npm_packages()?;
    // The app embeds ui/dist at compile time, so the UI is built before anything else compiles.
    build_ui()?;
    exec(&root(), "cargo", &["fmt", "--all", "--check"], &[])?;
    exec(&ui(), npm(), &["run", "check"], &[])?;
    exec(&ui(), npm(), &["test"], &[])?;
    exec(
        &root(),
        "cargo",
        &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
        &[],
    )?;
    if cfg!(target_os = "linux") {
        ensure_tauri_driver()?;
    }
    // A missing display, driver, keyring or PostgreSQL fails the tests here instead of skipping
    // them.
    let required: &[(&str, &str)] = if cfg!(target_os = "linux") {
        &[
            ("FIELDBOOK_E2E_REQUIRED", "1"),
            ("FIELDBOOK_KEYRING_REQUIRED", "1"),
            ("FIELDBOOK_PG_REQUIRED", "1"),
        ]
    } else {
        &[("FIELDBOOK_KEYRING_REQUIRED", "1")]
    };
    let (passed, failed) = cargo_test(required)?;
    eprintln!("xtask test: every check passed");
    // The closing line a reader (or CI) looks for; doc-test runs with 0 tests come last otherwise.
    println!("tests: {passed} passed, {failed} failed");
    Ok(())
}

/// Runs `cargo test --workspace`, echoing its output, and adds up its "test result" lines.
fn cargo_test(env: &[(&str, &str)]) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    let args = ["test", "--workspace", "--locked"];
    eprintln!("\n==> cargo {}", args.join(" "));
    let step = Instant::now();
    // On Linux the keyring tests need a Secret Service: a private one, in a private D-Bus session.
    let mut command = if cfg!(target_os = "linux") {
        let mut c = Command::new("dbus-run-session");
        c.args(["--", "sh", "-c", WITH_KEYRING, "sh", "cargo"]);
        c
    } else {
        Command::new("cargo")
    };
    let mut child = command
        .args(args)
        .current_dir(root())
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(std::result::Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                passed += count(rest, " passed");
                failed += count(rest, " failed");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("cargo test: {e}"))?;
    eprintln!("<== cargo test ({:.1?})", step.elapsed());
    if status.success() { Ok((passed, failed)) } else { Err(format!("`cargo test` failed ({status})")) }
}

/// The number before `label` in a line like "ok. 5 passed; 0 failed; 0 ignored".
fn count(line: &str, label: &str) -> u64 {
    line.split(';')
        .find_map(|part| part.trim_end().strip_suffix(label))
        .and_then(|n| n.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn bundle() -> Result {
    check_toolchains()?;
    ensure_packages(BUILD_PACKAGES)?;
    ensure_npm_packages()?;
    let cli = ui().join("node_modules/.bin").join(if cfg!(windows) { "tauri.cmd" } else { "tauri" });
    let cli = cli.to_string_lossy().into_owned();
    build_ui()?;
    // `tauri build` turns on `custom-protocol` and makes the first bundle; `tauri bundle`
    // packages the same release binary again.
    let (first, more): (&str, &[&str]) = if cfg!(target_os = "linux") {
        ("deb", &["appimage"])
    } else if cfg!(windows) {
        ("msi", &[])
    } else {
        ("dmg", &[])
    };
    exec(&root(), &cli, &["build", "--bundles", first], &[])?;
    for target in more {
        // AppImage tooling (linuxdeploy) is downloaded by the Tauri CLI on first use; without
        // network this step fails, and the bundles made before it are still there.
        exec(&root(), &cli, &["bundle", "--bundles", target], &[])?;
    }
    eprintln!("bundles are in {}", root().join("target/release/bundle").display());
    Ok(())
}
