//! A headless Chromium for tests, driven over the DevTools protocol: open a page, run
//! JavaScript in it, wait for the page to show something, open more tabs, and load, reload
//! or go back and forward while watching every request, so that one that never finishes is
//! named.
//!
//! Where Chromium is not installed, [`Browser::launch`] prints a notice and returns `None`, so
//! `cargo test` passes on a fresh machine; in CI (`CI=true`), where `.ci/run` installs it, a
//! missing Chromium fails the test.
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// The flags the project starts Chromium with (no sandbox as root, no background traffic).
pub(crate) const CHROMIUM_FLAGS: &[&str] = &[
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

pub(crate) struct Browser {
    child: Child,
    /// The first tab; the browser's own methods are its.
    tab: Tab,
    devtools_port: u16,
    _profile: tempfile::TempDir,
}

/// One tab (a page target), driven over its own DevTools connection.
pub(crate) struct Tab {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events that arrived while waiting for a command's answer, oldest first.
    events: VecDeque<Value>,
    /// The tab's main frame, whose requests [`Tab::navigate_and_wait`] follows.
    frame: String,
}

/// Most events kept for a tab that nobody reads them from.
const MAX_EVENTS: usize = 10_000;

impl std::ops::Deref for Browser {
    type Target = Tab;
    fn deref(&self) -> &Tab {
        &self.tab
    }
}

impl std::ops::DerefMut for Browser {
    fn deref_mut(&mut self) -> &mut Tab {
        &mut self.tab
    }
}

/// Finds Chromium: `$BRIEF_CHROMIUM`, or `chromium` / `chromium-browser` / `google-chrome` on
/// the PATH.
pub(crate) fn chromium_path() -> Option<PathBuf> {
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
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

impl Browser {
    /// Starts Chromium with `width`×`height` windows, or explains why not.
    pub(crate) fn launch_sized(width: u32, height: u32) -> Option<Browser> {
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
        let tab = Tab::connect(port, &page);
        Some(Browser { child, tab, devtools_port: port, _profile: profile })
    }

    /// Opens another tab on `about:blank`.
    pub(crate) fn new_tab(&self) -> Tab {
        let body = http_request(self.devtools_port, "PUT", "/json/new?about:blank").expect("open a tab");
        let target: Value = serde_json::from_str(&body).expect("the new tab's description");
        let url = target["webSocketDebuggerUrl"].as_str().expect("the new tab's DevTools address");
        Tab::connect(self.devtools_port, url)
    }

    pub(crate) fn launch() -> Option<Browser> {
        Browser::launch_sized(1200, 900)
    }
}

impl Tab {
    fn connect(port: u16, url: &str) -> Tab {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to Chromium");
        stream.set_read_timeout(Some(Duration::from_secs(180))).expect("timeout");
        let (socket, _) = tungstenite::client(url, stream).expect("DevTools handshake");
        let mut tab = Tab { socket, next_id: 1, events: VecDeque::new(), frame: String::new() };
        tab.call("Page.enable", json!({}));
        tab.call("Runtime.enable", json!({}));
        let tree = tab.call("Page.getFrameTree", json!({}));
        tab.frame = tree["frameTree"]["frame"]["id"].as_str().unwrap_or_default().to_string();
        tab
    }

    /// Sends a DevTools command and returns its result; events that come first are kept.
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params).unwrap_or_else(|error| panic!("{method} failed: {error}"))
    }

    /// [`Tab::call`], with the error Chromium gave instead of a panic.
    pub(crate) fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(Message::Text(message.into())).expect("send to Chromium");
        loop {
            let Some(value) = self.read_message(None) else { continue };
            if value["id"] == json!(id) {
                if let Some(error) = value.get("error") {
                    return Err(error.clone());
                }
                return Ok(value["result"].clone());
            }
            if value.get("method").is_some() {
                if self.events.len() == MAX_EVENTS {
                    self.events.pop_front();
                }
                self.events.push_back(value);
            }
        }
    }

    /// The next message from Chromium, or `None` once `deadline` has passed.
    fn read_message(&mut self, deadline: Option<Instant>) -> Option<Value> {
        let timeout = match deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1)),
            None => Duration::from_secs(180),
        };
        self.socket.get_ref().set_read_timeout(Some(timeout)).expect("timeout");
        match self.socket.read() {
            Ok(Message::Text(text)) => Some(serde_json::from_str(text.as_str()).expect("DevTools JSON")),
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if deadline.is_some()
                    && matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                None
            }
            Err(e) => panic!("read from Chromium: {e}"),
        }
    }

    /// The next event, kept or new, or `None` once `deadline` has passed.
    fn next_event(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            if let Some(event) = self.events.pop_front() {
                return Some(event);
            }
            if Instant::now() >= deadline {
                return None;
            }
            if let Some(value) = self.read_message(Some(deadline)) {
                if value.get("method").is_some() {
                    self.events.push_back(value);
                }
            }
        }
    }

    /// Reports every request from now on, for [`Tab::load`] and friends.
    pub(crate) fn watch_requests(&mut self) {
        self.call("Network.enable", json!({}));
    }

    /// Opens `url` and waits for its `load` event (see [`Tab::navigate_and_wait`]).
    pub(crate) fn load(&mut self, url: &str, timeout: Duration) {
        self.navigate_and_wait(&format!("load {url}"), "Page.navigate", json!({ "url": url }), true, timeout);
    }

    /// Reloads the page and waits for its `load` event.
    pub(crate) fn reload(&mut self, timeout: Duration) {
        let url = self.try_call("Runtime.evaluate", json!({ "expression": "location.href", "returnByValue": true }));
        let url = url.map(|u| u["result"]["value"].clone()).unwrap_or_default();
        self.navigate_and_wait(&format!("reload {url}"), "Page.reload", json!({}), true, timeout);
    }

    /// Goes `by` entries back (negative) or forward in the tab's history and waits until the
    /// page there is complete: a page restored from the back/forward cache fires no `load`.
    pub(crate) fn go(&mut self, by: i64, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let history = loop {
            match self.try_call("Page.getNavigationHistory", json!({})) {
                Ok(history) => break history,
                Err(error) => assert!(Instant::now() < deadline, "go {by}: no history: {error}"),
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let index = history["currentIndex"].as_i64().expect("history index") + by;
        let entry = &history["entries"][usize::try_from(index).expect("an entry in the history")];
        let what = format!("go {by} to {}", entry["url"]);
        let params = json!({ "entryId": entry["id"] });
        self.navigate_and_wait(&what, "Page.navigateToHistoryEntry", params, false, timeout);
    }

    /// Runs the navigation `method` and waits until the page has loaded (its `load` event, if
    /// `needs_load`) and every request the tab made since has been answered, failed or been
    /// cancelled. Past `timeout` it panics naming the requests still unanswered: a request the
    /// server never answers shows up here by its URL. Event streams, which never end, do not
    /// count, and neither do other tabs' requests, which Chromium sometimes reports here.
    pub(crate) fn navigate_and_wait(
        &mut self,
        what: &str,
        method: &str,
        params: Value,
        needs_load: bool,
        timeout: Duration,
    ) {
        self.events.clear();
        let deadline = Instant::now() + timeout;
        // Request id → (the document it is for, its URL).
        let mut pending: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut loaded = false;
        // A page in the middle of replacing itself (a live reload) takes no command for a moment.
        while let Err(error) = self.try_call(method, params.clone()) {
            assert!(Instant::now() < deadline, "{what}: {method} failed: {error}");
            std::thread::sleep(Duration::from_millis(20));
        }
        loop {
            if (loaded || !needs_load) && pending.is_empty() {
                // The page may be replaced (a live reload) while this runs: then it is not ready.
                let expression = "document.readyState === 'complete' && location.href !== 'about:blank'";
                let ready =
                    self.try_call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true }));
                if ready.is_ok_and(|r| r["result"]["value"] == json!(true)) {
                    return;
                }
            }
            let event = self.next_event(deadline.min(Instant::now() + Duration::from_millis(50)));
            if Instant::now() >= deadline {
                let urls: Vec<&String> = pending.values().map(|(_, url)| url).collect();
                panic!(
                    "{what}: no {} within {timeout:?}; requests not answered: {urls:?}",
                    if loaded { "end of its requests" } else { "load event" }
                );
            }
            let Some(event) = event else { continue };
            let params = &event["params"];
            if params["frameId"].as_str().is_some_and(|frame| frame != self.frame) {
                continue;
            }
            let id = params["requestId"].as_str().unwrap_or_default().to_string();
            match event["method"].as_str().unwrap_or_default() {
                "Page.loadEventFired" => loaded = true,
                // A new document replaced the old (a live reload, say): the old one's requests
                // end with it, and Chromium does not always say so.
                "Page.frameNavigated" => {
                    let loader = params["frame"]["loaderId"].as_str().unwrap_or_default();
                    if params["frame"]["id"] == self.frame.as_str() {
                        pending.retain(|_, (of, _)| of == loader);
                    }
                }
                "Network.requestWillBeSent" => {
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    let loader = params["loaderId"].as_str().unwrap_or_default();
                    if params["type"] != "EventSource" && url.starts_with("http") {
                        pending.insert(id, (loader.to_string(), url.to_string()));
                    }
                }
                // Answered: the load event waits for the bodies of what the page needs.
                "Network.responseReceived" | "Network.loadingFinished" | "Network.loadingFailed" => {
                    pending.remove(&id);
                }
                _ => {}
            }
        }
    }

    /// Opens `url` and waits until it has loaded.
    pub(crate) fn open(&mut self, url: &str) {
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
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }));
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Polls `condition` (a JavaScript expression) until it is true; false after `timeout`.
    /// A page that is reloading between two polls counts as not yet true.
    pub(crate) fn wait_for(&mut self, condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let guarded = format!("(() => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }})()");
        let params = json!({ "expression": guarded, "returnByValue": true });
        while Instant::now() < deadline {
            // A page being replaced answers with an error ("Inspected target navigated").
            if self.try_call("Runtime.evaluate", params.clone()).is_ok_and(|r| r["result"]["value"] == json!(true)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// The page's visible text.
    pub(crate) fn text(&mut self) -> String {
        self.eval("document.body ? document.body.innerText : ''").as_str().unwrap_or_default().to_string()
    }

    /// A PNG of the page as it is shown (`full_page` for all of it).
    pub(crate) fn screenshot(&mut self, full_page: bool) -> Vec<u8> {
        let result =
            self.call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": full_page }));
        decode_base64(result["data"].as_str().expect("screenshot data"))
    }

    /// Emulates the reader's colour scheme (`"dark"` or `"light"`).
    pub(crate) fn color_scheme(&mut self, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Sets the viewport width and height.
    pub(crate) fn viewport(&mut self, width: u32, height: u32) {
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
        if let Some(url) = http_request(port, "GET", "/json/list").ok().and_then(|body| {
            let targets: Value = serde_json::from_str(&body).ok()?;
            targets.as_array()?.iter().find(|t| t["type"] == "page")?["webSocketDebuggerUrl"].as_str().map(String::from)
        }) {
            return url;
        }
        assert!(Instant::now() < deadline, "Chromium has no page target");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A request to the DevTools HTTP endpoint, which keeps connections open: the body is read by
/// its Content-Length, not to the end of the stream.
fn http_request(port: u16, method: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")?;
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
