//! The e2e harness: a display (the caller's, or an Xvfb of our own), tauri-driver in front of
//! WebKitWebDriver, and a WebDriver session that starts the real Fieldbook binary with its data
//! in a temp dir. Every process is killed on drop.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Set by `cargo xtask test`: a missing display or driver fails instead of skipping.
const REQUIRED: &str = "FIELDBOOK_E2E_REQUIRED";

pub struct Harness {
    pub client: Client,
    /// The app's data and the webview's caches; removed when the harness drops.
    _data: tempfile::TempDir,
    children: Vec<Child>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        for child in &mut self.children {
            // Each child leads its own process group: tauri-driver's WebKitWebDriver and the
            // app it started go down with it instead of lingering.
            let _ = Command::new("kill").arg("-TERM").arg(format!("-{}", child.id())).status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
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
fn start_xvfb() -> (Child, String) {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("Xvfb did not start");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let display = format!(":{}", line.trim());
    (child, display)
}

impl Harness {
    /// Starts everything, or returns `None` (after saying why, loudly) when this machine cannot
    /// run the e2e suite and `FIELDBOOK_E2E_REQUIRED` is not set.
    pub async fn start() -> Option<Self> {
        if let Some(gaps) = missing() {
            if std::env::var_os(REQUIRED).is_some() {
                panic!("e2e cannot run, missing: {gaps}");
            }
            eprintln!("\n*** e2e SKIPPED: missing {gaps}. `cargo xtask test` installs them. ***\n");
            return None;
        }
        let mut children = Vec::new();
        let display = match std::env::var("DISPLAY") {
            Ok(d) => d,
            Err(_) => {
                let (xvfb, display) = start_xvfb();
                children.push(xvfb);
                display
            }
        };
        let data = tempfile::tempdir().unwrap();
        let (port, native_port) = (free_port(), free_port());
        let driver = find_program("tauri-driver", &dirs_cargo_bin()).unwrap();
        let child = Command::new(driver)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display)
            // The app, started by the driver, inherits these: its data and caches stay in the
            // temp dir, never in the user's own.
            .env("XDG_DATA_HOME", data.path().join("data"))
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .env("XDG_CACHE_HOME", data.path().join("cache"))
            .env("FIELDBOOK_DATA_DIR", data.path().join("fieldbook"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .expect("tauri-driver did not start");
        children.push(child);

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": env!("CARGO_BIN_EXE_fieldbook") }));
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
        Some(Self { client, _data: data, children })
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

    /// Waits until the page's visible text contains `expected`.
    pub async fn wait_body(&self, expected: &str) {
        self.wait_text("body", expected).await;
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn click_xpath(&self, xpath: &str, what: &str) {
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no {what}: {e}"));
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
    /// takes the click: WebKitWebDriver finds no click point on a table row itself.
    pub async fn click_row(&self, list: &str, text: &str) {
        let xpath = format!("//*[@data-list='{list}']//tr[contains(normalize-space(.), '{text}')]/td[1]");
        self.click_xpath(&xpath, &format!("row {text:?} in {list}")).await;
    }

    /// Replaces the value of the input named `name` as a user would by typing.
    pub async fn fill(&self, name: &str, value: &str) {
        let css = format!("input[name='{name}'], textarea[name='{name}']");
        let el = self.find(&css).await;
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

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}
