//! The e2e harness: a display (the caller's, or an Xvfb of our own), tauri-driver in front of
//! WebKitWebDriver, and a WebDriver session that starts the real Fieldbook binary with its data
//! in a temp dir. Every process is stopped on drop: the WebDriver session is ended by the test
//! (`Harness::finish`), then tauri-driver gets SIGTERM (it stops WebKitWebDriver itself), then
//! Xvfb. Nothing is killed by process group: only the children this harness started.
//!
//! Progress goes straight to stderr (past libtest's capture), so a CI log shows how far a run
//! got even when the test process is killed.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Set by `cargo xtask test`: a missing display or driver fails instead of skipping.
const REQUIRED: &str = "FIELDBOOK_E2E_REQUIRED";

pub struct Harness {
    pub client: Client,
    /// The X display the app is on (for xdotool).
    pub display: String,
    /// The app's data and the webview's caches; removed when the harness drops.
    data: tempfile::TempDir,
    /// The app's data folder (FIELDBOOK_DATA_DIR).
    pub data_dir: PathBuf,
    /// tauri-driver first, then Xvfb (if ours): stopped in that order.
    children: Vec<Child>,
    /// Xvfb's stdout, kept open so a late write of its cannot die of SIGPIPE.
    _xvfb_stdout: Option<BufReader<ChildStdout>>,
    /// Tells the watchdog the scenario is over (its pids may be reused from now on).
    done: Arc<AtomicBool>,
}

/// Writes one progress line to the real stderr, bypassing libtest's output capture.
pub fn progress(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "e2e: {line}");
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        for child in &mut self.children {
            stop(child);
        }
        progress("stopped");
    }
}

/// A scenario gets this long; then its driver and display are killed, so the WebDriver call it
/// hangs in fails and the test ends with a panic instead of holding up the whole run.
const SCENARIO_LIMIT: Duration = Duration::from_secs(240);

fn watchdog(pids: Vec<u32>, done: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let deadline = Instant::now() + SCENARIO_LIMIT;
        while Instant::now() < deadline {
            if done.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        progress(&format!("scenario still running after {SCENARIO_LIMIT:?}: killing its driver"));
        for pid in pids {
            let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).stderr(Stdio::null()).status();
        }
    });
}

/// SIGTERM, up to five seconds to exit, then SIGKILL.
fn stop(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).stderr(Stdio::null()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn find_program(name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).chain(extra.iter().cloned()).map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Why the e2e run cannot start here, or `None` when it can.
fn missing() -> Option<String> {
    let cargo_bin = dirs_cargo_bin();
    let mut gaps = Vec::new();
    if find_program("tauri-driver", &cargo_bin).is_none() {
        gaps.push("tauri-driver (cargo install tauri-driver --locked)");
    }
    if !Path::new("/usr/bin/WebKitWebDriver").exists() {
        gaps.push("/usr/bin/WebKitWebDriver (apt-get install webkit2gtk-driver)");
    }
    if std::env::var_os("DISPLAY").is_none() && find_program("Xvfb", &[]).is_none() {
        gaps.push("a display: DISPLAY or Xvfb (apt-get install xvfb)");
    }
    (!gaps.is_empty()).then(|| gaps.join(", "))
}

fn dirs_cargo_bin() -> Vec<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| vec![c.join("bin")])
        .unwrap_or_default()
}

/// Starts an Xvfb on a free display number and returns it with its ":N" name.
fn start_xvfb() -> (Child, BufReader<ChildStdout>, String) {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb did not start");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(!line.trim().is_empty(), "Xvfb printed no display number");
    let display = format!(":{}", line.trim());
    (child, stdout, display)
}

/// Makes sure the database in `data_dir` has a machine user, as after the first start: the
/// first admin if there is one, else a new admin "Erin Admin"; the company set-up was skipped.
async fn seed_me(data_dir: &Path) {
    use fieldbook_core::staff::{Role, StaffInput};
    std::fs::create_dir_all(data_dir).unwrap();
    let core = fieldbook_core::Core::open(&data_dir.join(fieldbook_core::DB_FILE)).await.unwrap();
    let who = core.staff().who_am_i().await.unwrap();
    if who.me.is_none() {
        let me = match who.staff.iter().find(|m| m.role == Role::Admin) {
            Some(m) => m.id,
            None => {
                let input = StaffInput {
                    name: "Erin Admin".into(),
                    email: None,
                    phone: None,
                    role: Role::Admin,
                    active: true,
                };
                core.staff().create(input, None).await.unwrap().id
            }
        };
        core.staff().set_me(me).await.unwrap();
    }
    // As after a first start whose company set-up was skipped.
    core.settings().dismiss_first_run().await.unwrap();
    core.close().await;
}

impl Harness {
    /// Starts everything, or returns `None` (after saying why, loudly) when this machine cannot
    /// run the e2e suite and `FIELDBOOK_E2E_REQUIRED` is not set.
    /// The machine's user is already chosen ("Erin Admin", see [`seed_me`]).
    pub async fn start() -> Option<Self> {
        Self::launch(None, true).await
    }

    /// As `start`, with the app's data in `data_dir` (which holds a fieldbook.sqlite3) instead of
    /// a fresh temp dir; the webview's caches still go to a temp dir.
    pub async fn start_in(data_dir: Option<&Path>) -> Option<Self> {
        Self::launch(data_dir, true).await
    }

    /// As `start_in`, with GTK's dark theme (the webview then prefers a dark colour scheme),
    /// whatever the test process's own GTK_THEME.
    pub async fn start_dark_in(data_dir: Option<&Path>) -> Option<Self> {
        Self::launch_themed(data_dir, true, Some("Adwaita:dark"), "en_GB").await
    }

    /// As `start`, on a system whose language is `locale` ("de_DE"): the app speaks it.
    pub async fn start_in_language(locale: &str) -> Option<Self> {
        Self::launch_themed(None, true, None, locale).await
    }

    /// A first start: nobody is this machine's user yet, so the app asks "Who are you?".
    pub async fn start_first_time() -> Option<Self> {
        Self::launch(None, false).await
    }

    async fn launch(data_dir: Option<&Path>, with_me: bool) -> Option<Self> {
        Self::launch_themed(data_dir, with_me, None, "en_GB").await
    }

    async fn launch_themed(
        data_dir: Option<&Path>,
        with_me: bool,
        theme: Option<&str>,
        locale: &str,
    ) -> Option<Self> {
        if let Some(gaps) = missing() {
            if std::env::var_os(REQUIRED).is_some() {
                panic!("e2e cannot run, missing: {gaps}");
            }
            eprintln!("\n*** e2e SKIPPED: missing {gaps}. `cargo xtask test` installs them. ***\n");
            return None;
        }
        let mut xvfb = None;
        let display = match std::env::var("DISPLAY") {
            Ok(d) => d,
            Err(_) => {
                let (child, stdout, display) = start_xvfb();
                xvfb = Some((child, stdout));
                display
            }
        };
        progress(&format!("display {display}"));
        let data = tempfile::tempdir().unwrap();
        let app_data = data_dir.map_or_else(|| data.path().join("fieldbook"), Path::to_path_buf);
        if with_me {
            seed_me(&app_data).await;
        }
        let (port, native_port) = (free_port(), free_port());
        let driver = find_program("tauri-driver", &dirs_cargo_bin()).unwrap();
        let mut command = Command::new(driver);
        if let Some(theme) = theme {
            command.env("GTK_THEME", theme);
        }
        // A language whose dates are not ISO (31/12/2026), so the date style is exercised; the
        // "C" locale of a bare machine gives ISO.
        let language = locale.split('_').next().unwrap_or("en");
        command
            .env("LANG", format!("{locale}.UTF-8"))
            .env("LANGUAGE", format!("{locale}:{language}"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        let child = command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display)
            // The app, started by the driver, inherits these: its data and caches stay in the
            // temp dir, never in the user's own.
            .env("XDG_DATA_HOME", data.path().join("data"))
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .env("XDG_CACHE_HOME", data.path().join("cache"))
            .env("FIELDBOOK_DATA_DIR", &app_data)
            // A copied secret is cleared after 2 s instead of 30, so the test can watch it go.
            .env("FIELDBOOK_CLIPBOARD_SECONDS", "2")
            // In a team, the others' changes are fetched every 3 s instead of every 30.
            .env("FIELDBOOK_SYNC_IDLE_SECONDS", "3")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver did not start");
        progress(&format!("tauri-driver pid {} on port {port}", child.id()));
        let mut children = vec![child];
        let xvfb_stdout = xvfb.map(|(child, stdout)| {
            children.push(child);
            stdout
        });

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        // FIELDBOOK_E2E_APP runs another build (the release binary, for the benchmark scenario).
        let application =
            std::env::var("FIELDBOOK_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_fieldbook").into());
        caps.insert("tauri:options".into(), json!({ "application": application }));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        };
        progress("session started, app running");
        let done = Arc::new(AtomicBool::new(false));
        watchdog(children.iter().map(Child::id).collect(), done.clone());
        Some(Self { client, display, data, data_dir: app_data, children, _xvfb_stdout: xvfb_stdout, done })
    }

    /// Ends the WebDriver session (WebKitWebDriver closes the app); the drop stops the rest.
    pub async fn finish(self) {
        if let Err(e) = self.client.clone().close().await {
            progress(&format!("closing the session failed: {e}"));
        }
        progress("session closed");
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    /// Waits until the element matched by `css` shows `expected` (trimmed) and returns its text.
    pub async fn wait_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if text.trim().contains(expected) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never showed {expected:?}; last text {last:?}");
    }

    /// The text content of the element matched by `css` (cells' texts joined by spaces): also
    /// text a cell cuts short with "…" — WebKit's WebDriver leaves cells with overflow hidden
    /// (the long lists' fixed columns) out of an element's rendered text.
    pub async fn content(&self, css: &str) -> String {
        let script = "const e = document.querySelector(arguments[0]); \
            return e ? [...e.querySelectorAll('th, td')].map((c) => c.textContent.trim()).join(' ') || e.textContent : '';";
        let v = self.client.execute(script, vec![json!(css)]).await.unwrap_or_default();
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until the element matched by `css` holds `expected` in its [`Self::content`] and
    /// returns that.
    pub async fn wait_content(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        while Instant::now() < deadline {
            last = self.content(css).await;
            if last.contains(expected) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never held {expected:?}; last {last:?}");
    }

    /// Opens the Organizations list from the navigation (the app starts on Today).
    pub async fn open_organizations(&self) {
        self.click("nav a[href='#/organizations']").await;
        self.wait_text("main h1", "Organizations").await;
    }

    /// Waits until the page's visible text contains `expected`.
    pub async fn wait_body(&self, expected: &str) {
        self.wait_text("body", expected).await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.scroll_to(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Scrolls `el` to the middle of its scrolling box, as a user scrolls to what they want to
    /// reach: WebKitWebDriver does not scroll inside an element that scrolls (our `main`), and
    /// an element below its fold is "not interactable".
    pub async fn scroll_to(&self, el: &fantoccini::elements::Element) {
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })",
                vec![serde_json::to_value(el).unwrap()],
            )
            .await
            .unwrap();
    }

    async fn click_xpath(&self, xpath: &str, what: &str) {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no {what}: {e}"));
        self.scroll_to(&el).await;
        el.click().await.unwrap_or_else(|e| panic!("click {what}: {e:?}"));
    }

    /// Clicks the first button or link whose visible text is exactly `text`.
    pub async fn click_text(&self, text: &str) {
        let xpath = format!(
            "//*[self::button or self::a][normalize-space(.)='{text}' and not(ancestor::*[@hidden])]"
        );
        self.click_xpath(&xpath, &format!("button or link {text:?}")).await;
    }

    /// Clicks the row of the list `list` (its data-list) that contains `text`. The first cell
    /// takes the click: WebKitWebDriver finds no click point on a table row itself. The click is
    /// the DOM's own (the row's handler runs as for a user's click): a pointer click at the
    /// cell's centre missed now and then on a loaded CI machine while the page was still laying
    /// out what loads below it.
    pub async fn click_row(&self, list: &str, text: &str) {
        let xpath = format!("//*[@data-list='{list}']//tr[contains(normalize-space(.), '{text}')]/td[1]");
        let what = format!("row {text:?} in {list}");
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no {what}: {e}"));
        self.scroll_to(&el).await;
        self.client
            .execute("arguments[0].click()", vec![serde_json::to_value(&el).unwrap()])
            .await
            .unwrap_or_else(|e| panic!("click {what}: {e:?}"));
    }

    /// Replaces the value of the input named `name` as a user would by typing.
    pub async fn fill(&self, name: &str, value: &str) {
        let css = format!("input[name='{name}'], textarea[name='{name}']");
        let el = self.find(&css).await;
        self.scroll_to(&el).await;
        el.clear().await.unwrap();
        // clear() fires no input event in every driver; make sure the form sees the empty value.
        self.client
            .execute(
                "arguments[0].dispatchEvent(new Event('input', { bubbles: true }))",
                vec![serde_json::to_value(&el).unwrap()],
            )
            .await
            .unwrap();
        if !value.is_empty() {
            el.send_keys(value).await.unwrap();
        }
    }

    /// Sets the input named `name` to `value` the way a picker does (date inputs take no typing
    /// in a fixed format: WebKit shows them in the locale's order), with input and change events.
    pub async fn set_value(&self, name: &str, value: &str) {
        let el = self.find(&format!("input[name='{name}']")).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }))",
                vec![serde_json::to_value(&el).unwrap(), json!(value)],
            )
            .await
            .unwrap();
    }

    /// Picks `value` in the select named `name`, as a user's choice would (a change event).
    pub async fn choose(&self, name: &str, value: &str) {
        let el = self.find(&format!("select[name='{name}']")).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }))",
                vec![serde_json::to_value(&el).unwrap(), json!(value)],
            )
            .await
            .unwrap();
    }

    /// Drags `files` onto the app window and drops them, as from a file manager: a small GTK
    /// window (tests/e2e/drag_source.py) offers them as text/uri-list, and xdotool presses the
    /// button on it, moves onto the app and lets go.
    pub async fn drop_files(&self, files: &[&Path]) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/drag_source.py");
        let mut source = Command::new("/usr/bin/python3")
            .arg(&script)
            .args(["1080", "680"])
            .args(files)
            .env("DISPLAY", &self.display)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the drag source (python3-gi) did not start");
        let mut ready = String::new();
        let stdout = source.stdout.take().expect("piped");
        std::io::BufReader::new(stdout).read_line(&mut ready).unwrap();
        assert_eq!(ready.trim(), "ready", "the drag source did not come up");
        let xdotool = |args: &[&str]| {
            let status = Command::new("xdotool").args(args).env("DISPLAY", &self.display).status().unwrap();
            assert!(status.success(), "xdotool {args:?} failed");
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["mousemove", "--sync", "1150", "715"]);
        xdotool(&["mousedown", "1"]);
        // Past GTK's drag threshold in small steps, then over the app, pausing as a hand would.
        for (x, y) in [(1140, 710), (1120, 700), (1080, 680), (1000, 640), (800, 520), (620, 420), (600, 400)]
        {
            xdotool(&["mousemove", "--sync", &x.to_string(), &y.to_string()]);
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["mouseup", "1"]);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if source.try_wait().unwrap().is_some() {
                break;
            }
            if Instant::now() > deadline {
                let _ = source.kill();
                panic!("the drag never ended on the app window");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Picks the option whose visible text is `text` in the select named `name`, waiting for
    /// it to be offered (options often load after the select appears).
    pub async fn choose_text(&self, name: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let el = self.find(&format!("select[name='{name}']")).await;
            let found = self
                .client
                .execute(
                    "const s = arguments[0]; const o = [...s.options].find((o) => o.text.trim() === arguments[1]); \
                     if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); \
                     return true;",
                    vec![serde_json::to_value(&el).unwrap(), json!(text)],
                )
                .await
                .unwrap();
            if found == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "no option {text:?} in {name}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Answers the native GTK file dialog titled `title` with `path`, as a user typing it would:
    /// xdotool focuses the dialog (there is no window manager), opens the location field with
    /// Ctrl+L, types the path and presses Enter.
    pub async fn answer_file_dialog(&self, title: &str, path: &Path) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let window = loop {
            let found = Command::new("xdotool")
                // Visible ones only: an earlier dialog of the same title may linger unmapped.
                .args(["search", "--onlyvisible", "--name", title])
                .env("DISPLAY", &self.display)
                .output()
                .expect("xdotool did not run");
            let text = String::from_utf8_lossy(&found.stdout);
            if let Some(id) = text.lines().next().filter(|l| !l.trim().is_empty()) {
                break id.trim().to_owned();
            }
            assert!(Instant::now() < deadline, "no window titled {title:?} appeared");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // The dialog maps a moment after it is found; let it settle before typing.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let xdotool = |args: &[&str]| {
            let status = Command::new("xdotool").args(args).env("DISPLAY", &self.display).status().unwrap();
            assert!(status.success(), "xdotool {args:?} failed");
        };
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "--window", &window, "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["type", "--window", &window, "--delay", "30", path.to_str().unwrap()]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["key", "--window", &window, "Return"]);
    }

    /// The clipboard's text on the app's display (xclip), or "" when it holds none.
    pub fn clipboard(&self) -> String {
        self.xclip(&["-o", "-selection", "clipboard"])
    }

    /// The formats the clipboard's owner offers (xclip's TARGETS), one a line.
    pub fn clipboard_targets(&self) -> String {
        self.xclip(&["-o", "-selection", "clipboard", "-t", "TARGETS"])
    }

    fn xclip(&self, args: &[&str]) -> String {
        let out = Command::new("xclip")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .expect("xclip did not run");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts the app binary once more, by hand, with the environment the driver gave the
    /// first (same display, D-Bus session, data and caches); returns how it ended, or `None`
    /// if it was still running after `limit` (then it is killed).
    pub fn launch_again(&self, limit: Duration) -> Option<std::process::ExitStatus> {
        let application =
            std::env::var("FIELDBOOK_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_fieldbook").into());
        let mut child = Command::new(application)
            .env("DISPLAY", &self.display)
            .env("XDG_DATA_HOME", self.data.path().join("data"))
            .env("XDG_CONFIG_HOME", self.data.path().join("config"))
            .env("XDG_CACHE_HOME", self.data.path().join("cache"))
            .env("FIELDBOOK_DATA_DIR", &self.data_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the app did not start");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        stop(&mut child);
        None
    }

    /// Presses Ctrl (held) and `key`, as a keyboard shortcut.
    pub async fn ctrl(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: Key::Control.into() })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: Key::Control.into() });
        self.client.perform_actions(keys).await.unwrap_or_else(|e| panic!("ctrl+{key}: {e}"));
    }

    /// Types `text` into whatever has the focus.
    pub async fn type_keys(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut keys = KeyActions::new("typing".into());
        for c in text.chars() {
            keys = keys.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(keys).await.unwrap_or_else(|e| panic!("typing {text:?}: {e}"));
    }

    /// An ISO date as the app writes it in its language's style (ui/src/lib/dates.ts: the parts'
    /// order and the first separator of the short date of the locale the page's lang names).
    pub async fn shown_date(&self, iso: &str) -> String {
        let script = "const [y, m, d] = arguments[0].split('-'); \
            let parts; \
            try { parts = new Intl.DateTimeFormat(document.documentElement.lang || navigator.language, { year: 'numeric', month: '2-digit', day: '2-digit' }) \
              .formatToParts(new Date(2026, 11, 31)); } catch (e) { return arguments[0]; } \
            const order = parts.map((p) => p.type).filter((t) => t === 'day' || t === 'month' || t === 'year'); \
            const sep = (parts.find((p) => p.type === 'literal') || { value: '-' }).value.trim() || '-'; \
            const value = { year: y, month: m, day: d }; \
            return order.map((o) => value[o]).join(sep);";
        let shown = self.client.execute(script, vec![json!(iso)]).await.unwrap();
        shown.as_str().unwrap_or_default().to_owned()
    }

    /// Runs axe-core (ui/node_modules/axe-core, installed with the UI's packages) on the page as it
    /// is: the serious and critical violations, each as "rule: help — where".
    pub async fn axe(&self) -> Vec<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `npm install` in ui/)", path.display()));
        let loaded = self.client.execute("return typeof window.axe", vec![]).await.unwrap();
        if loaded != json!("object") {
            self.client
                .execute(&format!("{source}\n;return typeof window.axe"), vec![])
                .await
                .unwrap_or_else(|e| panic!("axe-core did not load: {e}"));
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations \
                   .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
                   .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | ')}`)), \
                   (e) => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(found).unwrap()
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // What the DOM holds is on screen two frames later (a screenshot taken at once can show
        // the previous frame, or none on a first start).
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}
