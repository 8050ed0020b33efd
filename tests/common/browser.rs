//! A headless Chromium for tests, driven over the DevTools protocol: open a page, run
//! JavaScript in it, wait for the page to show something.
//!
//! Where Chromium is not installed, [`Browser::launch`] prints a notice and returns `None`, so
//! `cargo test` passes on a fresh machine; in CI (`CI=true`), where `.ci/run` installs it, a
//! missing Chromium fails the test.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The flags the project starts Chromium with (no sandbox as root, no background traffic).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
];

pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// Finds Chromium: `$BRIEF_CHROMIUM`, or `chromium` / `chromium-browser` / `google-chrome` on
/// the PATH.
pub fn chromium_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BRIEF_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&paths) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Whether tests run in CI, where every outside tool must be present.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

impl Browser {
    /// Starts Chromium with `width`×`height` windows, or explains why not.
    pub fn launch_sized(width: u32, height: u32) -> Option<Browser> {
        let Some(binary) = chromium_path() else {
            assert!(!in_ci(), "Chromium is not installed, and CI=true: .ci/run must install it");
            eprintln!("note: skipping a browser test: Chromium is not installed (apt-get install chromium)");
            return None;
        };
        let profile = tempfile::tempdir().expect("profile folder");
        let child = Command::new(&binary)
            .args(CHROMIUM_FLAGS)
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let port_file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(60);
        let port: u16 = loop {
            if let Some(port) = std::fs::read_to_string(&port_file).ok().and_then(|t| t.lines().next()?.parse().ok()) {
                break port;
            }
            assert!(Instant::now() < deadline, "Chromium did not open its debugging port");
            std::thread::sleep(Duration::from_millis(50));
        };
        let page = page_socket_url(port);
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to Chromium");
        stream.set_read_timeout(Some(Duration::from_secs(180))).expect("timeout");
        let (socket, _) = tungstenite::client(page.as_str(), stream).expect("DevTools handshake");
        let mut browser = Browser { child, socket, next_id: 1, _profile: profile };
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        Some(browser)
    }

    pub fn launch() -> Option<Browser> {
        Browser::launch_sized(1200, 900)
    }

    /// Sends a DevTools command and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(Message::Text(message.into())).expect("send to Chromium");
        loop {
            let reply = self.socket.read().expect("read from Chromium");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["id"] == json!(id) {
                if let Some(error) = value.get("error") {
                    panic!("{method} failed: {error}");
                }
                return value["result"].clone();
            }
        }
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        // Marks the page being left, so the wait below cannot mistake it for the new one.
        self.eval("window.__briefLeaving = true");
        self.call("Page.navigate", json!({ "url": url }));
        assert!(
            self.wait_for(
                "!window.__briefLeaving && document.readyState === 'complete' && location.href !== 'about:blank'",
                Duration::from_secs(30)
            ),
            "{url} did not load"
        );
    }

    /// Evaluates `expression` in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }));
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Polls `condition` (a JavaScript expression) until it is true; false after `timeout`.
    /// A page that is reloading between two polls counts as not yet true.
    pub fn wait_for(&mut self, condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let guarded = format!("(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()");
        while Instant::now() < deadline {
            if self.eval(&guarded) == json!(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// The page's visible text.
    pub fn text(&mut self) -> String {
        self.eval("document.body ? document.body.innerText : ''").as_str().unwrap_or_default().to_string()
    }

    /// A PNG of the page as it is shown (`full_page` for all of it).
    pub fn screenshot(&mut self, full_page: bool) -> Vec<u8> {
        let result =
            self.call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": full_page }));
        decode_base64(result["data"].as_str().expect("screenshot data"))
    }

    /// Emulates the reader's colour scheme (`"dark"` or `"light"`).
    pub fn color_scheme(&mut self, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Sets the viewport width and height.
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DevTools WebSocket address of the first page target.
fn page_socket_url(port: u16) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(url) = http_get(port, "/json/list").ok().and_then(|body| {
            let targets: Value = serde_json::from_str(&body).ok()?;
            targets.as_array()?.iter().find(|t| t["type"] == "page")?["webSocketDebuggerUrl"].as_str().map(String::from)
        }) {
            return url;
        }
        assert!(Instant::now() < deadline, "Chromium has no page target");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A GET to the DevTools HTTP endpoint, which keeps connections open: the body is read by
/// its Content-Length, not to the end of the stream.
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")?;
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buffer[..n]);
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|len| received.len() >= end + 4 + len) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&received).into_owned();
    Ok(text.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default())
}

fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).expect("base64 from Chromium")
}
