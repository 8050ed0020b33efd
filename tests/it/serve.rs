//! `brief serve`, the live-reload preview, over real sockets: routes, redirects, content types,
//! HEAD and ETags, path traversal, the Host check, rebuilds on create/modify/delete/rename,
//! the event stream, many open tabs, a failed first build, editor temp files, a taken port,
//! `--bind`, `--drafts`, `--open`, `public/` and Ctrl-C. Each test starts its own server on its
//! own small site.

use crate::common;
use common::TestSite;
use common::launch::{Brief, Pipe};
use common::serve::{Preview, Reply};

use brief::load::LoadOptions;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a rebuild, a startup or an event may take before the test calls it a hang.
const PATIENCE: Duration = Duration::from_secs(30);

/// The line the server prints after every rebuild, good or bad.
const REBUILT: &str = "Rebuilt after";

// ---------------------------------------------------------------- helpers

/// Waits for the next rebuild line and asserts that the rebuild succeeded.
fn wait_for_good_rebuild(preview: &Preview) -> String {
    let line = preview.wait_for_output(REBUILT, PATIENCE);
    assert!(!line.contains("failed"), "the rebuild failed: {line}");
    line
}

/// Collects what the server prints until every one of `needles` has appeared in some line, in
/// any order (its standard output and standard error arrive through separate pipes, so their
/// relative order is not fixed).
fn wait_for_lines(preview: &Preview, needles: &[&str], timeout: Duration) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        seen.extend(preview.drain_output());
        if needles.iter().all(|n| seen.iter().any(|l| l.contains(n))) {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "brief serve never printed all of {needles:?}; it printed:\n{}",
            seen.join("\n")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_status(reply: &Reply, status: u16, what: &str) {
    assert_eq!(reply.status, status, "{what}: expected {status}, got {} with body:\n{}", reply.status, reply.text());
}

/// The media type of a Content-Type, without parameters, in lower case.
fn media_type(reply: &Reply) -> String {
    reply.header("content-type").unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// `GET path` as a browser sends it when a page on `origin` asks.
fn get_with_origin(preview: &Preview, method: &str, path: &str, host: &str) -> Reply {
    preview.request(method, path, &[("Host", host), ("Origin", "http://evil.example")])
}

fn assert_no_cors(reply: &Reply, what: &str) {
    assert!(
        reply.header("access-control-allow-origin").is_none(),
        "{what} carries Access-Control-Allow-Origin: {:?}",
        reply.header("access-control-allow-origin")
    );
}

/// A briefing's front matter and body, as `TestSite::briefing` writes them.
fn briefing_text(title: &str, front_matter: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2026-01-07\n{front_matter}---\n\n{body}")
}

/// An open `/__brief/events` stream read over a plain socket.
struct EventStream {
    reader: BufReader<TcpStream>,
    status: u16,
    headers: Vec<(String, String)>,
}

impl EventStream {
    /// Opens the stream with the right Host.
    fn open(preview: &Preview) -> EventStream {
        EventStream::open_with(preview.port, &[("Host", &preview.host())])
    }

    /// Sends `GET /__brief/events` with exactly `headers` and reads the response head.
    fn open_with(port: u16, headers: &[(&str, &str)]) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut raw = String::from("GET /__brief/events HTTP/1.1\r\nAccept: text/event-stream\r\n");
        for (name, value) in headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("\r\n");
        stream.write_all(raw.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).expect("the event stream's status line");
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            let read = reader.read_line(&mut line).expect("the event stream's headers");
            if read == 0 || line.trim_end().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        EventStream { reader, status, headers }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The rest of the response, for a stream the server refused (it closes the connection).
    fn rest(mut self) -> String {
        let mut body = String::new();
        let _ = self.reader.read_to_string(&mut body);
        body
    }

    /// The data of the next `state` event, parsed.
    fn next_state(&mut self, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "no state event within {timeout:?}");
            self.reader.get_ref().set_read_timeout(Some(left)).expect("timeout");
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("the server closed the event stream"),
                Ok(_) => {}
                Err(e) => panic!("no state event within {timeout:?}: {e}"),
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if event == "state" {
                    return serde_json::from_str(&data).unwrap_or_else(|e| panic!("state is not JSON ({e}): {data}"));
                }
                event.clear();
                data.clear();
            } else if let Some(value) = line.strip_prefix("event:") {
                event = value.trim().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value.strip_prefix(' ').unwrap_or(value));
            }
        }
    }

    /// The first state whose generation is above `seen`.
    fn state_after(&mut self, seen: u64, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let state = self.next_state(deadline.saturating_duration_since(Instant::now()));
            if generation(&state) > seen {
                return state;
            }
        }
    }
}

fn generation(state: &Value) -> u64 {
    state["generation"].as_u64().unwrap_or_else(|| panic!("state without a numeric generation: {state}"))
}

/// `brief serve --root ROOT ARGS…`, to start directly (not through [`Preview`], which always
/// asks for port 0 and keeps only what the server prints once it listens).
fn serve(root: &Path, args: &[&str]) -> Brief {
    let mut all = vec!["serve".as_ref(), "--root".as_ref(), root.as_os_str()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    Brief::new(&all)
}

/// A plain `GET path` to 127.0.0.1:`port`.
fn get_on(port: u16, path: &str) -> Reply {
    get_on_as(port, path, &format!("127.0.0.1:{port}"))
}

/// `GET path` to 127.0.0.1:`port` with the Host `host`.
fn get_on_as(port: u16, path: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let raw = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(raw.as_bytes()).expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.as_bytes().to_vec()).unwrap_or_default();
    Reply { status, headers: Vec::new(), body }
}

// ---------------------------------------------------------------- routes and redirects

#[test]
fn pages_are_served_at_their_urls() {
    let site = TestSite::new().briefing("a", "", "Alpha text.\n");
    let preview = Preview::start(site.root(), &[]);
    for path in ["/", "/briefings/", "/briefings/a/", "/organizations/", "/topics/", "/timeline/", "/sources/"] {
        let reply = preview.get(path);
        assert_status(&reply, 200, path);
        assert_eq!(media_type(&reply), "text/html", "{path}");
        assert!(reply.text().contains("/__brief/live.js"), "{path} lacks the live-reload script");
    }
    assert!(preview.get("/briefings/a/").text().contains("Alpha text."));
    let query = preview.get("/briefings/a/?utm=1");
    assert_status(&query, 200, "a page with a query string");
    assert!(query.text().contains("Alpha text."));
}

#[test]
fn a_folder_without_its_slash_redirects_and_keeps_the_query_string() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let plain = preview.get("/briefings/a");
    assert!(matches!(plain.status, 301 | 302 | 307 | 308), "/briefings/a gave {}", plain.status);
    assert_eq!(plain.header("location"), Some("/briefings/a/"));
    let listing = preview.get("/briefings");
    assert!(matches!(listing.status, 301 | 302 | 307 | 308), "/briefings gave {}", listing.status);
    assert_eq!(listing.header("location"), Some("/briefings/"));
    let query = preview.get("/briefings/a?x=1&y=two");
    assert!(matches!(query.status, 301 | 302 | 307 | 308), "/briefings/a?x=1&y=two gave {}", query.status);
    assert_eq!(query.header("location"), Some("/briefings/a/?x=1&y=two"));
}

#[test]
fn an_unknown_path_gets_the_sites_404_page_with_the_live_reload_script() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    for path in ["/no-such-page/", "/briefings/no-such-briefing/", "/missing.css", "/briefings/a/extra"] {
        let reply = preview.get(path);
        assert_status(&reply, 404, path);
        assert_eq!(media_type(&reply), "text/html", "{path}");
        let text = reply.text();
        assert!(text.contains("Page not found"), "{path} is not the site's 404 page:\n{text}");
        assert!(text.contains("Test Briefings"), "{path}: the 404 page lacks the site's title");
        assert!(text.contains("/__brief/live.js"), "{path}: the 404 page lacks the live-reload script");
    }
}

#[test]
fn post_and_other_methods_get_405() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let host = preview.host();
    for (method, path) in [
        ("POST", "/"),
        ("POST", "/briefings/a/"),
        ("PUT", "/"),
        ("DELETE", "/briefings/a/"),
        ("POST", "/__brief/events"),
    ] {
        let reply = preview.request(method, path, &[("Host", &host), ("Content-Length", "0")]);
        assert_status(&reply, 405, &format!("{method} {path}"));
        let allow = reply.header("allow").unwrap_or("");
        assert!(allow.contains("GET") && allow.contains("HEAD"), "{method} {path}: Allow is {allow:?}");
    }
    assert_status(&preview.get("/briefings/a/"), 200, "the page after the refused methods");
}

#[test]
fn the_live_reload_script_is_served_as_javascript() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let reply = preview.get("/__brief/live.js");
    assert_status(&reply, 200, "/__brief/live.js");
    assert_eq!(media_type(&reply), "text/javascript");
    assert!(reply.text().contains("/__brief/events"));
}

#[test]
fn the_preview_serves_what_brief_build_writes() {
    let site = TestSite::new()
        .organization("org", "Org", "")
        .briefing("a", "organizations: [org]\ntopics: [shared]\n", "See [[b]].\n\n## Section\n\nText.\n")
        .briefing("b", "topics: [shared]\n", "Bravo.\n")
        .event("e1", "2025-03", "", "Something happened.\n")
        .file("content/static/files/notes.txt", "notes\n");
    let preview = Preview::start(site.root(), &[]);
    let out = tempfile::tempdir().expect("temporary folder");
    let out_dir = out.path().join("site");
    let base = preview.url("/");
    site.build_to(&LoadOptions { base_url: Some(base), ..site.options() }, &out_dir).expect_success();
    let built = common::snapshot(&out_dir);
    assert!(built.len() > 10, "the build wrote only {} files", built.len());
    for (file, bytes) in &built {
        let path = match file.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{file}"),
        };
        if file == "404.html" {
            continue; // served for missing pages, below
        }
        let reply = preview.get(&path);
        assert_status(&reply, 200, &path);
        let mut served = reply.body.clone();
        if file.ends_with(".html") {
            let text = String::from_utf8(served).expect("UTF-8 page");
            let start =
                text.find("<script src=\"/__brief/live.js\"").unwrap_or_else(|| panic!("{path} lacks the script"));
            let end = start + text[start..].find("</script>\n").expect("end of the script tag") + "</script>\n".len();
            served = format!("{}{}", &text[..start], &text[end..]).into_bytes();
        }
        assert!(served == *bytes, "{path} differs from what `brief build` writes to {file}");
    }
    let served_404 = preview.get("/no-such-page/").text();
    let built_404 = String::from_utf8_lossy(&built["404.html"]).into_owned();
    let title = built_404.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).expect("a title");
    assert!(served_404.contains(title), "the served 404 page is not the built one");
}

/// `name` percent-encoded as a browser sends it in a path: everything but unreserved
/// characters and `/`.
fn percent_encode_path(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn static_files_with_any_name_the_build_writes_are_served_at_their_encoded_urls() {
    let names = [
        "a b.txt",
        "100%.txt",
        "%41.txt",
        "100%25.txt",
        "a+b.txt",
        "café/naïve ✓.txt",
        "日本語.txt",
        "semi;colon,comma=equals&amp.txt",
        "question?.txt",
        "hash#.txt",
        "[brackets] (parens) {braces}.txt",
        "quote'\"double\".txt",
        "back\\slash.txt",
        "dots..in...name.txt",
        "tilde~.txt",
        "at@colon:.txt",
        "emoji 🎉.txt",
    ];
    let mut site = TestSite::new().briefing("a", "", "Alpha.\n");
    for (i, name) in names.iter().enumerate() {
        site = site.file(&format!("content/static/odd/{name}"), &format!("file {i}\n"));
    }
    let preview = Preview::start(site.root(), &[]);
    let out = tempfile::tempdir().expect("temporary folder");
    site.build_to(&site.options(), out.path()).expect_success();
    for (i, name) in names.iter().enumerate() {
        let file = format!("odd/{name}");
        let built =
            std::fs::read(out.path().join(&file)).unwrap_or_else(|e| panic!("`brief build` wrote no {file}: {e}"));
        let path = format!("/{}", percent_encode_path(&file));
        let reply = preview.get(&path);
        assert_status(&reply, 200, &format!("{path} (the file {file:?})"));
        assert_eq!(reply.text(), format!("file {i}\n"), "{path} served another file");
        assert_eq!(reply.body, built, "{path} differs from what `brief build` wrote");
    }
    // A `%` that is not an escape, an encoded slash, and climbing out stay refused.
    for path in [
        "/odd/100%.txt",
        "/odd%2Fa%20b.txt",
        "/odd/%2e%2e/%2e%2e/site.yaml",
        "/odd/..%5C..%5Csite.yaml",
        "/odd/a%00b.txt",
    ] {
        let reply = preview.get(path);
        assert_status(&reply, 400, path);
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").briefing("wip", "draft: true\n", "Work in progress.\n");
    let plain = Preview::start(site.root(), &[]);
    assert_status(&plain.get("/briefings/wip/"), 404, "a draft without --drafts");
    assert!(!plain.get("/briefings/").text().contains("/briefings/wip/"));
    drop(plain);
    let drafts = Preview::start(site.root(), &["--drafts"]);
    let reply = drafts.get("/briefings/wip/");
    assert_status(&reply, 200, "a draft with --drafts");
    assert!(reply.text().contains("Work in progress."));
}

#[test]
fn open_hands_the_printed_url_to_the_browser() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let bin = tempfile::tempdir().expect("temporary folder");
    let record = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$*\" > '{}.part' && mv '{0}.part' '{0}'\n", record.display()),
    )
    .expect("write the fake browser opener");
    let mut permissions = std::fs::metadata(&script).expect("metadata").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&script, permissions).expect("make the opener executable");
    let path = std::env::join_paths(
        std::iter::once(bin.path().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH");
    let server = serve(site.root(), &["--port", "0", "--open"]).env("PATH", &path).spawn();
    let port = server.port();
    let deadline = Instant::now() + PATIENCE;
    while !record.exists() {
        assert!(Instant::now() < deadline, "--open did not run the browser opener:\n{}", server.transcript());
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(&record).expect("read what was opened");
    assert_eq!(opened.trim(), format!("http://127.0.0.1:{port}/"));
}

// ---------------------------------------------------------------- content types, HEAD, ETag

/// Small files of every type a site serves, with the media type each must be served as (more
/// than one where both are correct).
const TYPED_FILES: &[(&str, &[u8], &[&str])] = &[
    ("page.html", b"<!doctype html><html><body><p>static page</p></body></html>", &["text/html"]),
    ("style.css", b"body { color: #123456; }\n", &["text/css"]),
    ("app.js", b"console.log('static script');\n", &["text/javascript", "application/javascript"]),
    ("data.json", b"{\"static\": true}\n", &["application/json"]),
    ("feed.xml", b"<?xml version=\"1.0\"?><feed/>\n", &["application/xml", "text/xml"]),
    ("icon.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n", &["image/svg+xml"]),
    ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &["image/png"]),
    ("photo.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF\0", &["image/jpeg"]),
    ("photo.webp", b"RIFF\x1a\0\0\0WEBPVP8 ", &["image/webp"]),
    ("font.woff2", b"wOF2\0\x01\0\0", &["font/woff2"]),
    ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", &["application/pdf"]),
    ("notes.txt", b"plain static notes\n", &["text/plain"]),
];

fn typed_site() -> TestSite {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    for (name, bytes, _) in TYPED_FILES {
        site.write(&format!("content/static/files/{name}"), bytes);
    }
    site
}

#[test]
fn every_file_type_is_served_with_its_content_type() {
    let site = typed_site();
    let preview = Preview::start(site.root(), &[]);
    for (name, bytes, types) in TYPED_FILES {
        let path = format!("/files/{name}");
        let reply = preview.get(&path);
        assert_status(&reply, 200, &path);
        let media = media_type(&reply);
        assert!(
            types.contains(&media.as_str()),
            "{path} is served as {:?}, not one of {types:?}",
            reply.header("content-type")
        );
        if !name.ends_with(".html") {
            assert_eq!(&reply.body, bytes, "{path} is not served byte for byte");
        }
    }
    // The files the build generates, too.
    for (path, media) in [
        ("/", "text/html"),
        ("/css/site.css", "text/css"),
        ("/js/site.js", "text/javascript"),
        ("/favicon.svg", "image/svg+xml"),
        ("/search-index.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/briefings/a/cite.bib", "application/x-bibtex"),
        ("/briefings/a/cite.ris", "application/x-research-info-systems"),
    ] {
        let reply = preview.get(path);
        assert_status(&reply, 200, path);
        let served = media_type(&reply);
        let ok = served == media
            || (media == "application/xml" && matches!(served.as_str(), "text/xml" | "application/atom+xml"));
        assert!(ok, "{path} is served as {served:?}, not {media:?}");
    }
}

#[test]
fn head_gives_the_headers_of_get_and_an_empty_body() {
    let site = typed_site();
    let preview = Preview::start(site.root(), &[]);
    let host = preview.host();
    for path in ["/", "/briefings/a/", "/files/style.css", "/files/image.png", "/files/report.pdf"] {
        let get = preview.get(path);
        let head = preview.request("HEAD", path, &[("Host", &host)]);
        assert_status(&head, 200, &format!("HEAD {path}"));
        assert!(head.body.is_empty(), "HEAD {path} sent a body of {} bytes", head.body.len());
        assert_eq!(head.header("content-type"), get.header("content-type"), "HEAD {path}: Content-Type");
        assert_eq!(head.header("etag"), get.header("etag"), "HEAD {path}: ETag");
        if let Some(length) = head.header("content-length") {
            assert_eq!(length, get.body.len().to_string(), "HEAD {path}: Content-Length");
        }
    }
    let missing = preview.request("HEAD", "/no-such-page/", &[("Host", &host)]);
    assert_status(&missing, 404, "HEAD of a missing page");
    assert!(missing.body.is_empty(), "HEAD of a missing page sent a body");
}

#[test]
fn an_etag_sent_back_gives_304_without_a_body() {
    let site = typed_site();
    let preview = Preview::start(site.root(), &[]);
    let host = preview.host();
    for path in ["/files/style.css", "/files/image.png", "/briefings/a/", "/"] {
        let first = preview.get(path);
        assert_status(&first, 200, path);
        let etag = first.header("etag").unwrap_or_else(|| panic!("{path} has no ETag")).to_string();
        let again = preview.request("GET", path, &[("Host", &host), ("If-None-Match", &etag)]);
        assert_status(&again, 304, &format!("{path} with If-None-Match: {etag}"));
        assert!(again.body.is_empty(), "the 304 for {path} has a body: {}", again.text());
        assert_eq!(again.header("etag"), Some(etag.as_str()), "the 304 for {path} lacks the ETag");
        let other = preview.request("GET", path, &[("Host", &host), ("If-None-Match", "\"not-the-etag\"")]);
        assert_status(&other, 200, &format!("{path} with a stale ETag"));
        assert_eq!(other.body, first.body, "{path} with a stale ETag");
    }
}

// ---------------------------------------------------------------- security: paths

const SECRET: &str = "SECRET-7f3c9a1e-never-serve-this";

#[test]
fn traversal_in_any_form_is_refused_and_nothing_outside_the_site_is_served() {
    let site = TestSite::new()
        .briefing("a", "", "Alpha.\n")
        .file("secret.txt", SECRET)
        .file("content/static/ok.txt", "fine\n");
    let secret = site.path("secret.txt");
    std::os::unix::fs::symlink(&secret, site.path("content/static/leak.txt")).expect("symlink to a file");
    std::os::unix::fs::symlink("../../secret.txt", site.path("content/static/relative-leak.txt"))
        .expect("relative symlink");
    std::os::unix::fs::symlink(site.root(), site.path("content/static/up")).expect("symlink to a folder");
    let preview = Preview::start(site.root(), &[]);
    let host = preview.host();
    let absolute = secret.to_string_lossy().into_owned();

    let mut paths: Vec<String> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/../../../secret.txt",
        "/../../../../../../../../etc/passwd",
        "/briefings/../../secret.txt",
        "/briefings/a/../../../../secret.txt",
        "/./secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/.%2e/.%2e/secret.txt",
        "/%2e./%2e./secret.txt",
        "/%252e%252e/%252e%252e/secret.txt",
        "/%252e%252e%252f%252e%252e%252fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/..%5Csecret.txt",
        "/%5c..%5c..%5csecret.txt",
        "/..\\..\\secret.txt",
        "/\\..\\..\\secret.txt",
        "/files\\..\\..\\secret.txt",
        "//etc/passwd",
        "//secret.txt",
        "/%2f%2fetc/passwd",
        "/%2fetc/passwd",
        "/secret.txt%00.html",
        "/ok.txt%00",
        "/%00../secret.txt",
        "/ok.txt\0",
        "/\0../../secret.txt",
        "/..%c0%af..%c0%afsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/leak.txt",
        "/relative-leak.txt",
        "/up/secret.txt",
        "/up/",
        "/up",
        "/up/content/static/ok.txt",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    paths.push(format!("/{}", "a/".repeat(1500)));
    paths.push(format!("/{}", "x".repeat(5000)));
    paths.push(format!("/{}secret.txt", "../".repeat(3000)));
    paths.push(format!("/{}", "%2e%2e/".repeat(3000)));
    paths.push(format!("/{absolute}"));
    paths.push(format!("//{}", absolute.trim_start_matches('/')));
    paths.push(format!("/{}", absolute.replace('/', "%2f")));
    paths.push(format!("/../../../../../../..{absolute}"));

    for path in &paths {
        let shown: String = path.chars().take(80).collect::<String>().replace('\0', "\\0");
        let reply = preview.request("GET", path, &[("Host", &host)]);
        assert!(matches!(reply.status, 400 | 404), "GET {shown} gave {} (expected 400 or 404)", reply.status);
        let text = reply.text();
        assert!(!text.contains(SECRET), "GET {shown} served the secret file");
        assert!(!text.contains("root:x:0:0"), "GET {shown} served /etc/passwd");
        let head = preview.request("HEAD", path, &[("Host", &host)]);
        assert!(matches!(head.status, 400 | 404), "HEAD {shown} gave {} (expected 400 or 404)", head.status);
    }
    // The same requests sent with nothing but the request line and a Host.
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%5csecret.txt", "//etc/passwd"] {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = preview.send_raw(raw.as_bytes());
        assert!(matches!(reply.status, 400 | 404), "raw GET {path} gave {}", reply.status);
        assert!(!reply.text().contains(SECRET), "raw GET {path} served the secret file");
    }
    let raw_nul =
        preview.send_raw(format!("GET /ok.txt\0/../../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
    assert!(!raw_nul.text().contains(SECRET), "a request line with a NUL byte served the secret file");
    // The site's own files still come through.
    let fine = preview.get("/ok.txt");
    assert_status(&fine, 200, "/ok.txt");
    assert_eq!(fine.text(), "fine\n");
}

#[test]
fn a_static_file_swapped_for_a_symlink_is_not_followed_while_the_last_good_site_is_served() {
    // A checkout that breaks a briefing and replaces a static file with a symlink to a private
    // file: the rebuilds fail, the last good site stays, and its static file must not now be
    // read through the symlink (`brief build` never follows symlinks in content/).
    let site = TestSite::new()
        .briefing("a", "", "Alpha.\n")
        .file("secret.txt", SECRET)
        .file("content/static/notes.txt", "public notes\n");
    let preview = Preview::start(site.root(), &[]);
    assert_eq!(preview.get("/notes.txt").text(), "public notes\n");
    // Broken first, so that however the changes are batched the last good site is the one
    // that had the regular file.
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "See [[no-such-thing]].\n").as_bytes());
    preview.wait_for_output("the build failed", PATIENCE);
    site.remove("content/static/notes.txt");
    std::os::unix::fs::symlink(site.path("secret.txt"), site.path("content/static/notes.txt")).expect("symlink");
    preview.wait_for_output("the build failed", PATIENCE);
    let reply = preview.get("/notes.txt");
    assert!(
        !reply.text().contains(SECRET),
        "the last good site's /notes.txt was read through the new symlink and served the file outside the site (status {})",
        reply.status
    );
    assert!(
        reply.status == 404 || reply.text() == "public notes\n",
        "/notes.txt gave {} with {:?}",
        reply.status,
        reply.text()
    );
}

// ---------------------------------------------------------------- security: Host and CORS

#[test]
fn a_request_for_another_host_gets_403_and_so_does_the_event_stream() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    let other_port = if port == 65535 { 1 } else { port + 1 };
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{other_port}"),
        format!("localhost:{other_port}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        format!("10.0.0.2:{port}"),
        String::new(),
    ] {
        for path in ["/", "/briefings/a/", "/__brief/live.js", "/no-such-page/"] {
            let reply = preview.request("GET", path, &[("Host", &host)]);
            assert_status(&reply, 403, &format!("GET {path} with Host {host:?}"));
            assert!(!reply.text().contains("Alpha."), "GET {path} with Host {host:?} served the page");
        }
        let events = EventStream::open_with(port, &[("Host", &host), ("Connection", "close")]);
        assert_eq!(events.status, 403, "/__brief/events with Host {host:?} gave {}", events.status);
        assert!(!events.rest().contains("event: state"), "/__brief/events with Host {host:?} streamed events");
    }
}

#[test]
fn a_request_without_a_host_gets_403() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.request("GET", "/", &[]), 403, "HTTP/1.1 without a Host");
    let old = preview.send_raw(b"GET / HTTP/1.0\r\n\r\n");
    assert_status(&old, 403, "HTTP/1.0 without a Host");
    let events = EventStream::open_with(preview.port, &[("Connection", "close")]);
    assert_eq!(events.status, 403, "/__brief/events without a Host gave {}", events.status);
}

#[test]
fn localhost_and_loopback_addresses_with_the_port_are_accepted() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    for host in
        [format!("localhost:{port}"), format!("LocalHost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")]
    {
        let reply = preview.request("GET", "/briefings/a/", &[("Host", &host)]);
        assert_status(&reply, 200, &format!("Host {host}"));
        assert!(reply.text().contains("Alpha."));
        let mut events = EventStream::open_with(port, &[("Host", &host)]);
        assert_eq!(events.status, 200, "/__brief/events with Host {host}");
        assert_eq!(events.next_state(PATIENCE)["ok"], Value::Bool(true));
    }
}

#[test]
fn no_response_allows_other_origins() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("content/static/x.css", "a{}\n");
    let preview = Preview::start(site.root(), &[]);
    let host = preview.host();
    let evil = format!("evil.example:{}", preview.port);
    for (method, path, host) in [
        ("GET", "/", host.as_str()),
        ("GET", "/briefings/a/", host.as_str()),
        ("GET", "/briefings/a", host.as_str()),
        ("GET", "/x.css", host.as_str()),
        ("GET", "/search-index.json", host.as_str()),
        ("GET", "/__brief/live.js", host.as_str()),
        ("GET", "/no-such-page/", host.as_str()),
        ("GET", "/../secret", host.as_str()),
        ("HEAD", "/", host.as_str()),
        ("POST", "/", host.as_str()),
        ("OPTIONS", "/search-index.json", host.as_str()),
        ("GET", "/", evil.as_str()),
        ("GET", "/__brief/events", evil.as_str()),
    ] {
        let reply = get_with_origin(&preview, method, path, host);
        assert_ne!(reply.status, 0, "{method} {path} got no answer");
        assert_no_cors(&reply, &format!("{method} {path} (Host {host})"));
    }
    let events = EventStream::open_with(preview.port, &[("Host", &host), ("Origin", "http://evil.example")]);
    assert_eq!(events.status, 200);
    assert!(events.header("access-control-allow-origin").is_none(), "the event stream allows other origins");
}

// ---------------------------------------------------------------- rebuilds

#[test]
fn editing_a_briefing_shows_the_new_text_after_the_rebuild() {
    let site = TestSite::new().briefing("a", "", "The first version.\n");
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/briefings/a/").text().contains("The first version."));
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "The second version.\n").as_bytes());
    let line = wait_for_good_rebuild(&preview);
    assert!(line.contains("content/briefings/a.md"), "the rebuild line does not name the file: {line}");
    let page = preview.get("/briefings/a/").text();
    assert!(page.contains("The second version."), "the page still shows the old text:\n{page}");
    assert!(!page.contains("The first version."));
}

#[test]
fn the_preview_rerenders_only_what_a_body_edit_reaches_and_relinks_after_a_rename() {
    let site = TestSite::new()
        .organization("org", "Org", "")
        .briefing("a", "summary: \"A.\"\norganizations: [org]\n", "The first version.\n")
        .briefing("b", "organizations: [org]\n", "See [[a]].\n");
    let preview = Preview::start(site.root(), &[]);
    // The preview's own script carries the build's generation; the rest must not change.
    let without_script =
        |page: String| page.lines().filter(|l| !l.contains("/__brief/live.js")).collect::<Vec<_>>().join("\n");
    let other = without_script(preview.get("/briefings/b/").text());
    site.write(
        "content/briefings/a.md",
        briefing_text("Briefing a", "summary: \"A.\"\norganizations: [org]\n", "The second, searchable version.\n")
            .as_bytes(),
    );
    let line = wait_for_good_rebuild(&preview);
    // Its page, the search index, and the feeds carrying it: the site's and its organization's.
    assert!(line.contains("(4 files rendered)"), "the edit re-rendered more than it reaches: {line}");
    assert!(preview.get("/briefings/a/").text().contains("The second, searchable version."));
    assert!(preview.get("/search-index.json").text().contains("searchable version"));
    assert_eq!(without_script(preview.get("/briefings/b/").text()), other, "a page the edit does not reach changed");

    // A renamed file takes the long way round, and is renamed everywhere.
    std::fs::rename(site.path("content/briefings/a.md"), site.path("content/briefings/c.md")).expect("rename");
    site.write(
        "content/briefings/b.md",
        briefing_text("Briefing b", "organizations: [org]\n", "See [[c]].\n").as_bytes(),
    );
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/briefings/a/"), 404, "the briefing under its old name");
    assert!(preview.get("/briefings/c/").text().contains("The second, searchable version."));
    assert!(preview.get("/organizations/org/").text().contains("/briefings/c/"));
}

#[test]
fn a_created_briefing_gets_a_page_and_is_listed() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.get("/briefings/fresh/"), 404, "the briefing before it exists");
    site.write("content/briefings/fresh.md", briefing_text("Freshly written", "", "New text.\n").as_bytes());
    wait_for_good_rebuild(&preview);
    let page = preview.get("/briefings/fresh/");
    assert_status(&page, 200, "the created briefing");
    assert!(page.text().contains("New text."));
    let list = preview.get("/briefings/").text();
    assert!(
        list.contains("/briefings/fresh/") && list.contains("Freshly written"),
        "/briefings/ does not list it:\n{list}"
    );
}

/// The pages and files that list briefings.
const LISTS: &[&str] =
    &["/", "/briefings/", "/organizations/org/", "/topics/shared/", "/atom.xml", "/sitemap.xml", "/search-index.json"];

#[test]
fn a_deleted_briefing_disappears_from_every_list() {
    let site = TestSite::new()
        .organization("org", "Org", "")
        .briefing("stays", "organizations: [org]\ntopics: [shared]\n", "Staying.\n")
        .briefing("gone", "organizations: [org]\ntopics: [shared]\n", "Going.\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.get("/briefings/gone/"), 200, "the briefing before it is deleted");
    for list in LISTS {
        let reply = preview.get(list);
        assert_status(&reply, 200, list);
        assert!(reply.text().contains("briefings/gone/"), "{list} does not list the briefing to begin with");
    }
    site.remove("content/briefings/gone.md");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/briefings/gone/"), 404, "the deleted briefing");
    for list in LISTS {
        let reply = preview.get(list);
        assert_status(&reply, 200, list);
        let text = reply.text();
        assert!(!text.contains("briefings/gone/"), "{list} still lists the deleted briefing");
        assert!(!text.contains("Briefing gone"), "{list} still names the deleted briefing");
        assert!(text.contains("briefings/stays/"), "{list} no longer lists the briefing that stays");
    }
}

#[test]
fn deleting_a_linked_briefing_reports_the_broken_link_and_keeps_the_last_good_site() {
    // The link is on line 6, column 5 of a.md: three lines of front matter between the fences,
    // a blank line, then "See [[b]] now."
    let site = TestSite::new().briefing("a", "", "See [[b]] now.\n").briefing("b", "", "Bravo text.\n");
    let preview = Preview::start(site.root(), &[]);
    let before = preview.get("/briefings/a/").text();
    assert!(before.contains("/briefings/b/"), "a does not link b to begin with");
    let mut events = EventStream::open(&preview);
    let first = events.next_state(PATIENCE);
    assert_eq!(first["ok"], Value::Bool(true));

    site.remove("content/briefings/b.md");
    let state = events.state_after(generation(&first), PATIENCE);
    assert_eq!(state["ok"], Value::Bool(false), "the state after the broken rebuild: {state}");
    let errors = state["errors"].as_array().expect("errors");
    assert!(!errors.is_empty(), "no errors in {state}");
    let error = errors
        .iter()
        .find(|e| e["position"].as_str().is_some_and(|p| p.contains("content/briefings/a.md")))
        .unwrap_or_else(|| panic!("no error names content/briefings/a.md: {state}"));
    assert_eq!(error["position"], "content/briefings/a.md:6:5", "{error}");
    let message = error["message"].as_str().expect("message");
    assert!(message.contains("[[b]]") || message.contains("`b`"), "the message does not name the link: {message}");

    let printed = wait_for_lines(&preview, &["content/briefings/a.md:6:5", "the build failed"], PATIENCE);
    assert!(
        printed.iter().any(|l| l.contains("last good")),
        "the server does not say it keeps the last good site:\n{}",
        printed.join("\n")
    );

    // The last good site is still served, b included.
    let a = preview.get("/briefings/a/");
    assert_status(&a, 200, "the linking briefing after the broken rebuild");
    assert!(a.text().contains("/briefings/b/"));
    let b = preview.get("/briefings/b/");
    assert_status(&b, 200, "the deleted briefing, from the last good site");
    assert!(b.text().contains("Bravo text."));
    assert!(preview.get("/briefings/").text().contains("/briefings/b/"));

    // Fixing the link clears the errors.
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "See nothing now.\n").as_bytes());
    let fixed = events.state_after(generation(&state), PATIENCE);
    assert_eq!(fixed["ok"], Value::Bool(true), "after the fix: {fixed}");
    assert_eq!(fixed["errors"].as_array().map(Vec::len), Some(0), "after the fix: {fixed}");
    assert_status(&preview.get("/briefings/b/"), 404, "the deleted briefing after a good rebuild");
}

#[test]
fn a_renamed_briefing_moves_to_its_new_url() {
    let site = TestSite::new().briefing("old-name", "", "Moving text.\n").briefing("other", "", "Other.\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.get("/briefings/old-name/"), 200, "before the rename");
    std::fs::rename(site.path("content/briefings/old-name.md"), site.path("content/briefings/new-name.md"))
        .expect("rename");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/briefings/old-name/"), 404, "the old URL");
    let new = preview.get("/briefings/new-name/");
    assert_status(&new, 200, "the new URL");
    assert!(new.text().contains("Moving text."));
    let list = preview.get("/briefings/").text();
    assert!(list.contains("/briefings/new-name/"), "/briefings/ lacks the new URL");
    assert!(!list.contains("/briefings/old-name/"), "/briefings/ still has the old URL");
}

#[test]
fn a_briefing_moved_out_of_content_disappears() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").briefing("leaving", "", "Leaving.\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.get("/briefings/leaving/"), 200, "before the move");
    std::fs::rename(site.path("content/briefings/leaving.md"), site.path("leaving.md")).expect("move out");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/briefings/leaving/"), 404, "after moving the file out of content/");
    assert!(!preview.get("/briefings/").text().contains("/briefings/leaving/"));
}

#[test]
fn changing_only_a_stylesheet_is_a_css_only_rebuild() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("content/static/x.css", "body { color: red; }\n");
    let preview = Preview::start(site.root(), &[]);
    let mut events = EventStream::open(&preview);
    let first = events.next_state(PATIENCE);
    site.write("content/static/x.css", b"body { color: blue; }\n");
    let state = events.state_after(generation(&first), PATIENCE);
    assert_eq!(state["ok"], Value::Bool(true), "{state}");
    assert_eq!(state["css_only"], Value::Bool(true), "a stylesheet change is not css_only: {state}");
    wait_for_good_rebuild(&preview);
    assert_eq!(preview.get("/x.css").text(), "body { color: blue; }\n");

    // A new stylesheet is served once the rebuild has happened.
    site.write("content/static/added.css", b"p { margin: 0; }\n");
    let added = events.state_after(generation(&state), PATIENCE);
    assert_eq!(added["css_only"], Value::Bool(true), "{added}");
    wait_for_good_rebuild(&preview);
    let reply = preview.get("/added.css");
    assert_status(&reply, 200, "a stylesheet created while serving");
    assert_eq!(reply.text(), "p { margin: 0; }\n");
}

#[test]
fn a_static_file_created_deleted_or_renamed_is_served_accordingly() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("content/static/docs/one.txt", "one\n");
    let preview = Preview::start(site.root(), &[]);
    assert_status(&preview.get("/docs/one.txt"), 200, "the static file");
    site.write("content/static/docs/two.txt", b"two\n");
    wait_for_good_rebuild(&preview);
    assert_eq!(preview.get("/docs/two.txt").text(), "two\n");
    std::fs::rename(site.path("content/static/docs/two.txt"), site.path("content/static/docs/three.txt"))
        .expect("rename");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/docs/two.txt"), 404, "the renamed static file's old path");
    assert_eq!(preview.get("/docs/three.txt").text(), "two\n");
    site.remove("content/static/docs/one.txt");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/docs/one.txt"), 404, "the deleted static file");
}

#[test]
fn changing_the_site_title_in_site_yaml_shows_on_every_page() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/").text().contains("Test Briefings"));
    site.write("content/site.yaml", b"title: Renamed Site Title\nbase_url: https://example.org/\n");
    let line = wait_for_good_rebuild(&preview);
    assert!(line.contains("site.yaml"), "the rebuild line does not name site.yaml: {line}");
    for path in ["/", "/briefings/", "/briefings/a/", "/no-such-page/"] {
        let text = preview.get(path).text();
        assert!(text.contains("Renamed Site Title"), "{path} does not show the new title");
        assert!(!text.contains("Test Briefings"), "{path} still shows the old title");
    }
}

#[test]
fn editing_the_sites_theme_rebuilds() {
    let not_found = |marker: &str| {
        format!("{{% extends \"base.html\" %}}\n{{% block main %}}\n<h1>{marker}</h1>\n{{% endblock main %}}\n")
    };
    let site = TestSite::bare()
        .file("content/site.yaml", "title: Test Briefings\nbase_url: https://example.org/\ntheme: custom\n")
        .briefing("a", "", "Alpha.\n")
        .file("themes/custom/templates/404.html", &not_found("Custom lost, first"));
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/no-such-page/").text().contains("Custom lost, first"));
    site.write("themes/custom/templates/404.html", not_found("Custom lost, second").as_bytes());
    wait_for_good_rebuild(&preview);
    let text = preview.get("/no-such-page/").text();
    assert!(text.contains("Custom lost, second"), "the theme's edited template is not used:\n{text}");
}

// ---------------------------------------------------------------- the event stream

#[test]
fn the_event_stream_sends_the_state_at_once_and_again_after_each_build() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    let mut events = EventStream::open(&preview);
    assert_eq!(events.status, 200);
    let kind = events.header("content-type").unwrap_or("").to_ascii_lowercase();
    assert!(kind.starts_with("text/event-stream"), "the event stream is served as {kind:?}");
    let first = events.next_state(Duration::from_secs(10));
    assert_eq!(first["ok"], Value::Bool(true), "{first}");
    assert!(generation(&first) >= 1, "{first}");
    assert_eq!(first["errors"].as_array().map(Vec::len), Some(0), "{first}");

    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "Alpha, edited.\n").as_bytes());
    let second = events.next_state(PATIENCE);
    assert!(generation(&second) > generation(&first), "{second} after {first}");
    assert_eq!(second["ok"], Value::Bool(true), "{second}");
    assert_eq!(second["css_only"], Value::Bool(false), "a Markdown edit is not css_only: {second}");

    // Pages carry the generation they were built at.
    wait_for_good_rebuild(&preview);
    let page = preview.get("/briefings/a/").text();
    assert!(page.contains(&format!("data-generation=\"{}\"", generation(&second))), "{page}");
}

#[test]
fn ten_open_event_streams_do_not_block_other_requests() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("content/static/x.css", "a{}\n");
    let preview = Preview::start(site.root(), &[]);
    let mut tabs: Vec<EventStream> = (0..10).map(|_| EventStream::open(&preview)).collect();
    let mut seen = Vec::new();
    for (i, tab) in tabs.iter_mut().enumerate() {
        assert_eq!(tab.status, 200, "tab {i}");
        seen.push(generation(&tab.next_state(PATIENCE)));
    }
    // With every stream open, ordinary requests still answer (a hang reads as status 0).
    for path in
        ["/", "/briefings/a/", "/x.css", "/__brief/live.js", "/no-such-page/", "/briefings/", "/", "/", "/", "/"]
    {
        let reply = preview.get(path);
        assert!(matches!(reply.status, 200 | 404), "{path} with ten streams open gave {}", reply.status);
    }
    assert_status(&preview.get("/"), 200, "the home page with ten streams open");
    // One more tab still gets its state, and every tab hears about the next build.
    let mut eleventh = EventStream::open(&preview);
    eleventh.next_state(PATIENCE);
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "Alpha, edited.\n").as_bytes());
    for (i, tab) in tabs.iter_mut().enumerate() {
        let state = tab.state_after(seen[i], PATIENCE);
        assert_eq!(state["ok"], Value::Bool(true), "tab {i}: {state}");
    }
    wait_for_good_rebuild(&preview);
    assert!(preview.get("/briefings/a/").text().contains("Alpha, edited."));
}

// ---------------------------------------------------------------- a failed first build

#[test]
fn a_failed_first_build_still_serves_and_shows_the_errors_escaped() {
    let site = TestSite::new()
        .file("content/briefings/x.md", &briefing_text("<script>alert(1)</script>", "", "Target.\n"))
        .briefing("y", "", "See [[x#nowhere]].\n");
    let preview = Preview::start(site.root(), &[]);
    let home = preview.get("/");
    assert_status(&home, 500, "the home page when nothing has built");
    assert_eq!(media_type(&home), "text/html");
    let text = home.text();
    assert!(text.contains("content/briefings/y.md:6:5"), "the page does not say where the error is:\n{text}");
    assert!(text.contains("#nowhere"), "the page does not give the message:\n{text}");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title is not escaped:\n{text}");
    assert!(!text.contains("<script>alert(1)</script>"), "the title's markup is served raw:\n{text}");
    assert!(text.contains("/__brief/live.js"), "the error page lacks the live-reload script");
    let other = preview.get("/briefings/y/");
    assert_status(&other, 500, "another page when nothing has built");
    assert!(!other.text().contains("<script>alert(1)</script>"));

    let mut events = EventStream::open(&preview);
    let state = events.next_state(PATIENCE);
    assert_eq!(state["ok"], Value::Bool(false), "{state}");
    assert!(
        state["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["position"] == "content/briefings/y.md:6:5")),
        "{state}"
    );

    site.write("content/briefings/y.md", briefing_text("Briefing y", "", "See [[x]].\n").as_bytes());
    let fixed = events.state_after(generation(&state), PATIENCE);
    assert_eq!(fixed["ok"], Value::Bool(true), "{fixed}");
    wait_for_good_rebuild(&preview);
    assert_status(&preview.get("/"), 200, "the home page after the fix");
    let target = preview.get("/briefings/x/");
    assert_status(&target, 200, "the briefing with markup in its title");
    assert!(!target.text().contains("<script>alert(1)</script>"), "the built page shows the title's markup raw");
}

// ---------------------------------------------------------------- editor temp files

#[test]
fn editor_swap_and_temp_files_do_not_trigger_a_rebuild() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let preview = Preview::start(site.root(), &[]);
    for name in [".a.md.swp", "a.md~", "4913", ".a.md.swx", "#a.md#", ".#a.md", "a.md.tmp", "a.md___jb_tmp___"] {
        site.write(&format!("content/briefings/{name}"), b"scratch");
    }
    site.remove("content/briefings/4913");
    site.remove("content/briefings/.a.md.swp");
    // Nothing should happen; this is the one place a quiet period is waited out.
    std::thread::sleep(Duration::from_millis(1500));
    let printed = preview.drain_output();
    assert!(!printed.iter().any(|l| l.contains(REBUILT)), "temp files triggered a rebuild:\n{}", printed.join("\n"));

    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "A real edit.\n").as_bytes());
    let line = wait_for_good_rebuild(&preview);
    assert!(
        line.contains("Rebuilt after content/briefings/a.md "),
        "the rebuild is not for the real edit alone: {line}"
    );
    assert!(preview.get("/briefings/a/").text().contains("A real edit."));
}

// ---------------------------------------------------------------- port, bind, public/, Ctrl-C

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let holder = TcpListener::bind("127.0.0.1:0").expect("hold a port");
    let taken = holder.local_addr().expect("address").port();
    let server = serve(site.root(), &["--port", &taken.to_string()]).spawn();
    let port = server.port();
    assert!(port > taken, "serving on {port}, not after the taken {taken}");
    let printed = server.lines();
    let said = printed.iter().any(|(_, l)| l.contains(&taken.to_string()) && l.contains("in use"));
    assert!(said, "brief serve did not say port {taken} is in use:\n{}", server.transcript());
    let serving = printed.iter().find(|(_, l)| l.contains(" at http://")).map(|(_, l)| l.clone()).unwrap_or_default();
    assert!(serving.contains(&format!(":{port}/")), "{serving}");
    let reply = get_on(port, "/briefings/a/");
    assert_status(&reply, 200, "the page on the port it moved to");
    assert!(reply.text().contains("Alpha."));
    drop(holder);
}

#[test]
fn binding_every_address_warns_that_the_network_can_reach_it() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let open = serve(site.root(), &["--port", "0", "--bind", "0.0.0.0"]).spawn();
    let port = open.port();
    let (pipe, warning) = open.printed_line("network", PATIENCE);
    assert_eq!(pipe, Pipe::Stderr, "the warning is not on standard error: {warning}");
    assert!(warning.to_ascii_lowercase().contains("warning"), "{warning}");
    assert_status(&get_on(port, "/"), 200, "the page through 127.0.0.1 when bound to 0.0.0.0");
    assert_status(&get_on_as(port, "/", &format!("localhost:{port}")), 200, "localhost when bound to 0.0.0.0");
    for host in [format!("evil.example:{port}"), format!("rebind.example:{port}"), String::new()] {
        assert_status(&get_on_as(port, "/", &host), 403, &format!("Host {host:?} when bound to 0.0.0.0"));
        assert_status(&get_on_as(port, "/__brief/events", &host), 403, &format!("the event stream for Host {host:?}"));
    }
    drop(open);

    let loopback = serve(site.root(), &["--port", "0"]).spawn();
    let port = loopback.port();
    assert_status(&get_on(port, "/"), 200, "the page on the default bind");
    let printed = loopback.finish();
    assert!(
        !printed.iter().any(|(_, l)| l.contains("network")),
        "the default bind warns about the network: {printed:?}"
    );
}

#[test]
fn the_default_bind_is_loopback_only() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let server = serve(site.root(), &["--port", "0"]).spawn();
    let (_, line) = server.printed_line(" at http://", PATIENCE);
    assert!(line.contains("http://127.0.0.1:"), "the printed URL is not on 127.0.0.1: {line}");
}

#[test]
fn public_is_never_written() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("content/static/x.css", "a{}\n");
    let preview = Preview::start(site.root(), &[]);
    for path in ["/", "/briefings/a/", "/x.css", "/no-such-page/"] {
        preview.get(path);
    }
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "Edited.\n").as_bytes());
    wait_for_good_rebuild(&preview);
    assert!(preview.get("/briefings/a/").text().contains("Edited."));
    assert!(!site.path("public").exists(), "brief serve created public/");
}

#[test]
fn an_existing_public_folder_is_left_as_it_was() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n").file("public/index.html", "an old deployment\n");
    let before = site.snapshot();
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/").text().contains("Briefing a"), "the preview serves public/ instead of building");
    site.write("content/briefings/a.md", briefing_text("Briefing a", "", "Edited.\n").as_bytes());
    wait_for_good_rebuild(&preview);
    assert_eq!(site.snapshot(), before, "brief serve changed public/");
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let mut preview = Preview::start(site.root(), &[]);
    preview.wait_for_output("press Ctrl-C to stop", PATIENCE);
    assert_status(&preview.get("/"), 200, "before Ctrl-C");
    preview.server().interrupt();
    let status = preview.server().wait_for_exit(Duration::from_secs(20));
    assert!(status.success(), "brief serve exited with {status} after Ctrl-C (a signal here means it was not handled)");
    preview.wait_for_output("Stopped", Duration::from_secs(5));
}

#[test]
fn ctrl_c_stops_the_server_cleanly_with_a_page_open() {
    let site = TestSite::new().briefing("a", "", "Alpha.\n");
    let mut preview = Preview::start(site.root(), &[]);
    preview.wait_for_output("press Ctrl-C to stop", PATIENCE);
    let mut events = EventStream::open(&preview);
    events.next_state(PATIENCE);
    preview.server().interrupt();
    let status = preview.server().wait_for_exit(Duration::from_secs(20));
    assert!(status.success(), "brief serve exited with {status} after Ctrl-C (a signal here means it was not handled)");
    preview.wait_for_output("Stopped", Duration::from_secs(5));
}
