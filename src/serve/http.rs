//! HTTP for the preview: which requests are answered, and with what.
//!
//! Takes: a tiny_http request and the current [`Snapshot`]. Gives: a response. Only files of
//! the built site are ever served: the path is checked and decoded once, then looked up in the
//! in-memory output, never joined to a folder on disk. The Host header must name this server,
//! so a web page elsewhere cannot read the preview through DNS rebinding. Bodies are streamed
//! in chunks from the site's shared memory (or from the static file on disk), never copied
//! whole for each client, and a client that reads too slowly is cut off.

use std::fs::File;
use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live;
use super::state::Snapshot;
use crate::output::Body;

/// Longest request path accepted.
pub(super) const MAX_PATH: usize = 2048;

/// The folders a served file read from disk must lie in, resolved once: the same folders a
/// build's walk may follow links into ([`crate::fs::allowed_folders`]), so the preview
/// serves what `brief build` writes. A static file that has since become a link to
/// elsewhere, or sits in a folder that has, is not served.
#[derive(Debug, Clone, Default)]
pub(super) struct StaticRoots {
    roots: Vec<PathBuf>,
}

impl StaticRoots {
    /// `content/` and `themes/` of the site at `root`.
    pub(super) fn of(root: &Path) -> StaticRoots {
        StaticRoots { roots: crate::fs::allowed_folders(root) }
    }

    /// `path` opened, if it is a regular file whose real location is inside a root.
    fn open(&self, path: &Path) -> Result<File, Unserved> {
        // Gone since the build (a rebuild is on its way), or its real location is elsewhere.
        let real = std::fs::canonicalize(path).map_err(|_| Unserved::NotFound)?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(Unserved::NotFound);
        }
        crate::fs::open_regular(&real).map(|(file, _)| file).map_err(|e| Unserved::Unreadable(e.cause))
    }

    /// The bytes of `path` if it is a regular file whose real location is inside a root.
    #[cfg(test)]
    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        self.open(path).ok()?.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// Why a file of the site is not served from disk.
enum Unserved {
    /// Not there, or not inside the site: as if the site had no such file.
    NotFound,
    /// There but unreadable (its permissions, or no longer a regular file): the reader is
    /// told why rather than that it does not exist.
    Unreadable(std::io::Error),
}

impl Unserved {
    fn reply(self) -> Reply {
        match self {
            Unserved::NotFound => Reply::text(404, "404 Not Found"),
            Unserved::Unreadable(cause) => Reply::text(500, &format!("500 cannot read this file: {cause}")),
        }
    }
}

/// Which Host headers are this server.
#[derive(Debug, Clone)]
pub(crate) struct HostCheck {
    allowed: Vec<String>,
    any_ip_literal: bool,
    port: u16,
}

impl HostCheck {
    pub(crate) fn new(bind: IpAddr, port: u16) -> HostCheck {
        let mut names = vec!["127.0.0.1".to_string(), "localhost".into(), "[::1]".into()];
        names.push(match bind {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        });
        let mut allowed: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            allowed.extend(names);
        }
        HostCheck { allowed, any_ip_literal: bind.is_unspecified(), port }
    }

    /// Whether `host` (a Host header) names this server.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.allowed.contains(&host) {
            return true;
        }
        // Bound to every address: any IP address of this machine, with the port, is fine;
        // names other than localhost are not (they are how DNS rebinding arrives).
        if self.any_ip_literal {
            if let Some(name) = host.strip_suffix(&format!(":{}", self.port)) {
                let name = name.trim_start_matches('[').trim_end_matches(']');
                return name.parse::<IpAddr>().is_ok();
            }
        }
        false
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadPath {
    TooLong,
    Malformed(&'static str),
}

/// The site path of a request URL: `/briefings/a/?x=1` → `briefings/a/`, `/a%20b%25.txt` →
/// `a b%.txt`. Each segment is decoded once, so any name a file can have is reachable by its
/// percent-encoded URL. Refuses anything that could name a file outside the site: `..` and
/// `.` segments (raw or encoded, also between backslashes), encoded slashes, raw backslashes,
/// NUL and control characters, empty segments.
pub(crate) fn site_path(url: &str) -> Result<String, BadPath> {
    if url.len() > MAX_PATH {
        return Err(BadPath::TooLong);
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else { return Err(BadPath::Malformed("the path must start with /")) };
    if rest.contains('\\') {
        return Err(BadPath::Malformed("the path holds a backslash; encode it as %5C if a file's name has one"));
    }
    let raw_segments: Vec<&str> = rest.split('/').collect();
    let mut segments = Vec::with_capacity(raw_segments.len());
    for (i, raw) in raw_segments.iter().enumerate() {
        let segment = percent_decode(raw).ok_or(BadPath::Malformed("bad percent-encoding"))?;
        let last = i + 1 == raw_segments.len();
        if segment.contains('/') {
            return Err(BadPath::Malformed("the path holds an encoded slash"));
        }
        if segment.chars().any(char::is_control) {
            return Err(BadPath::Malformed("the path holds characters that no page of the site has"));
        }
        if (segment.is_empty() && !last) || segment.split('\\').any(|part| part == "." || part == "..") {
            return Err(BadPath::Malformed("the path climbs or has empty segments"));
        }
        segments.push(segment);
    }
    Ok(segments.join("/"))
}

/// Decodes `%XX` escapes once; `None` on a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a served file, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        // A briefing's cite files, in UTF-8.
        "bib" => "application/x-bibtex; charset=utf-8",
        "ris" => "application/x-research-info-systems; charset=utf-8",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Bytes the site holds in memory, shared by every request that sends them.
#[derive(Clone)]
pub(super) enum Shared {
    Heap(Arc<Vec<u8>>),
    Static(&'static [u8]),
}

impl Shared {
    fn as_slice(&self) -> &[u8] {
        match self {
            Shared::Heap(bytes) => bytes,
            Shared::Static(bytes) => bytes,
        }
    }
}

/// A response body.
pub(super) enum Payload {
    /// Text made for this answer (errors, redirects).
    Owned(Vec<u8>),
    /// A file of the site, or a page with the live-reload tag put in at `at`.
    Memory { bytes: Shared, insert: Option<(usize, Vec<u8>)> },
    /// A static file, read from disk as it is sent.
    File { file: File, len: u64 },
}

impl Payload {
    /// How many bytes the body has.
    pub(super) fn size(&self) -> u64 {
        match self {
            Payload::Owned(bytes) => bytes.len() as u64,
            Payload::Memory { bytes, insert } => {
                (bytes.as_slice().len() + insert.as_ref().map_or(0, |(_, tag)| tag.len())) as u64
            }
            Payload::File { len, .. } => *len,
        }
    }

    /// The whole body, for tests.
    #[cfg(test)]
    pub(super) fn into_bytes(self) -> Vec<u8> {
        let mut out = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        BodyReader::new(self, deadline).read_to_end(&mut out).expect("read the body");
        out
    }
}

/// Slowest a client may read a response (bytes per second, after a first grace period)
/// before the server gives up on it and closes the connection.
const MIN_READ_RATE: u64 = 64 * 1024;
/// How long any response may take, whatever its size, before the rate applies.
const SEND_GRACE: Duration = Duration::from_secs(30);

/// Streams a [`Payload`] in the chunks the writer asks for, straight from the shared bytes,
/// and fails once the response has taken longer than its size allows at [`MIN_READ_RATE`].
struct BodyReader {
    payload: Payload,
    at: usize,
    deadline: Instant,
}

impl BodyReader {
    fn new(payload: Payload, deadline: Instant) -> BodyReader {
        BodyReader { payload, at: 0, deadline }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the client reads too slowly"));
        }
        let n = match &mut self.payload {
            Payload::File { file, .. } => return file.read(buf),
            Payload::Owned(bytes) => copy_from(&[bytes], self.at, buf),
            Payload::Memory { bytes, insert: None } => copy_from(&[bytes.as_slice()], self.at, buf),
            Payload::Memory { bytes, insert: Some((at, tag)) } => {
                let (before, after) = bytes.as_slice().split_at(*at);
                copy_from(&[before, tag, after], self.at, buf)
            }
        };
        self.at += n;
        Ok(n)
    }
}

/// Copies into `buf` what follows byte `from` of the concatenation of `parts`.
fn copy_from(parts: &[&[u8]], mut from: usize, buf: &mut [u8]) -> usize {
    for part in parts {
        if from < part.len() {
            let n = (part.len() - from).min(buf.len());
            buf[..n].copy_from_slice(&part[from..from + n]);
            return n;
        }
        from -= part.len();
    }
    0
}

/// What to send back.
pub(super) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Payload,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Payload) -> Reply {
        Reply { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", Payload::Owned(format!("{text}\n").into_bytes()))
    }

    /// For a Host that is not this server.
    pub(super) fn forbidden() -> Reply {
        Reply::text(403, "403 Forbidden: this preview only answers requests addressed to it (check the Host)")
    }

    /// For an event stream beyond the limit.
    pub(super) fn busy() -> Reply {
        let mut reply = Reply::text(503, "503 Service Unavailable: too many open pages");
        reply.headers.push(("Retry-After", "5".into()));
        reply
    }

    pub(super) fn script(code: &'static str) -> Reply {
        let body = Payload::Memory { bytes: Shared::Static(code.as_bytes()), insert: None };
        Reply::new(200, "text/javascript; charset=utf-8", body)
    }

    pub(super) fn send(self, request: Request) {
        let len = self.body.size();
        let allowance = Duration::from_secs(len / MIN_READ_RATE);
        let reader = BodyReader::new(self.body, Instant::now() + SEND_GRACE + allowance);
        let length = usize::try_from(len).ok();
        let mut response = Response::new(StatusCode(self.status), Vec::new(), reader, length, None);
        let mut headers = self.headers;
        headers.push(("X-Content-Type-Options", "nosniff".into()));
        headers.push(("Cache-Control", "no-cache".into()));
        headers.push(("Referrer-Policy", "no-referrer".into()));
        for (name, value) in headers {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        // A client that went away, or read too slowly and was cut off, is not an error worth
        // reporting.
        let _ = request.respond(response);
    }
}

/// The answer to a request for a site path (not the live-reload endpoints).
pub(super) fn answer(
    method: &Method,
    url: &str,
    if_none_match: Option<&str>,
    snapshot: &Snapshot,
    files: &StaticRoots,
) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        let mut reply = Reply::text(405, "405 Method Not Allowed: the preview only answers GET and HEAD");
        reply.headers.push(("Allow", "GET, HEAD".into()));
        return reply;
    }
    let path = match site_path(url) {
        Ok(path) => path,
        Err(BadPath::TooLong) => {
            return Reply::text(400, "400 Bad Request: the path is longer than any page of the site");
        }
        Err(BadPath::Malformed(why)) => return Reply::text(400, &format!("400 Bad Request: {why}")),
    };
    let Some(output) = &snapshot.output else {
        return Reply::new(500, "text/html; charset=utf-8", Payload::Owned(live::failed_page(snapshot)));
    };
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if let Some(body) = output.get(&file) {
        return file_reply(200, &file, body, snapshot, if_none_match, files);
    }
    if output.get(&format!("{path}/index.html")).is_some() {
        let query = url.find('?').map_or("", |i| &url[i..]);
        let raw_path = url.split(['?', '#']).next().unwrap_or("/");
        let mut reply = Reply::text(301, "301 Moved Permanently");
        reply.headers.push(("Location", format!("{raw_path}/{query}")));
        return reply;
    }
    match output.get("404.html") {
        Some(body) => file_reply(404, "404.html", body, snapshot, None, files),
        None => Reply::text(404, "404 Not Found"),
    }
}

fn file_reply(
    status: u16,
    file: &str,
    body: &Body,
    snapshot: &Snapshot,
    if_none_match: Option<&str>,
    files: &StaticRoots,
) -> Reply {
    let kind = content_type(file);
    let html = kind.starts_with("text/html");
    let (payload, etag) = match body {
        Body::Bytes(bytes) => memory_payload(Shared::Heap(bytes.clone()), html, snapshot.generation),
        Body::BuiltIn(bytes) => memory_payload(Shared::Static(bytes), html, snapshot.generation),
        Body::File(path) => {
            let mut opened = match files.open(path) {
                Ok(opened) => opened,
                Err(unserved) => return unserved.reply(),
            };
            let metadata = match opened.metadata() {
                Ok(metadata) => metadata,
                Err(cause) => return Unserved::Unreadable(cause).reply(),
            };
            if html {
                // A static page gets the live-reload script too, so it is read whole.
                let mut bytes = Vec::new();
                if let Err(cause) = opened.read_to_end(&mut bytes) {
                    return Unserved::Unreadable(cause).reply();
                }
                memory_payload(Shared::Heap(Arc::new(bytes)), html, snapshot.generation)
            } else {
                let etag = file_etag(&metadata);
                (Payload::File { file: opened, len: metadata.len() }, etag)
            }
        }
    };
    if status == 200 && if_none_match.is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        let mut reply = Reply::new(304, kind, Payload::Owned(Vec::new()));
        reply.headers.push(("ETag", etag));
        return reply;
    }
    let mut reply = Reply::new(status, kind, payload);
    reply.headers.push(("ETag", etag));
    reply
}

/// A file held in memory, with the live-reload tag if it is a page, and its ETag (which
/// changes with the generation for pages, since the tag carries it).
fn memory_payload(bytes: Shared, html: bool, generation: u64) -> (Payload, String) {
    let hash = fnv1a(bytes.as_slice());
    if !html {
        return (Payload::Memory { bytes, insert: None }, format!("\"{hash:016x}\""));
    }
    let (at, tag) = live::insertion(bytes.as_slice(), generation);
    (Payload::Memory { bytes, insert: Some((at, tag)) }, format!("\"{hash:016x}-{generation}\""))
}

/// The ETag of a file on disk, from what its metadata says of its identity and last change.
fn file_etag(metadata: &std::fs::Metadata) -> String {
    let modified = metadata.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    let nanos = modified.map_or(0, |d| d.as_nanos());
    format!("\"f{:x}-{nanos:x}\"", metadata.len())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The value of header `name`, if the request has it.
pub(super) fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;
    use std::net::Ipv4Addr;
    use std::sync::Arc;

    fn snapshot() -> Snapshot {
        let mut output = Output::default();
        output.insert("index.html", Body::bytes(b"<html><body>home</body></html>".to_vec()));
        output.insert("briefings/a/index.html", Body::bytes(b"<html><body>a</body></html>".to_vec()));
        output.insert("404.html", Body::bytes(b"<html><body>missing</body></html>".to_vec()));
        output.insert("css/site.css", Body::bytes(b"body{}".to_vec()));
        Snapshot { generation: 3, output: Some(Arc::new(output)), ..Snapshot::default() }
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5cetc",
            "/a%5c..%5cb",
            "/a\\b",
            "/a%2fb",
            "/a%2Fb",
            "/a%2",
            "/a%+1",
            "/.%2e/x",
            "//etc/passwd",
            "/a%00b",
            "/./index.html",
            "/%zz",
            "/%ff",
            "relative",
        ] {
            assert!(site_path(bad).is_err(), "{bad} was accepted");
        }
        assert_eq!(site_path(&format!("/{}", "a".repeat(MAX_PATH))), Err(BadPath::TooLong));
        assert_eq!(site_path("/briefings/a/?q=1#x").unwrap(), "briefings/a/");
        assert_eq!(site_path("/caf%C3%A9.png").unwrap(), "café.png");
        // Any name a file can have is reachable by its percent-encoded URL.
        assert_eq!(site_path("/100%25%20sure+ok.txt").unwrap(), "100% sure+ok.txt");
        assert_eq!(site_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
        assert_eq!(site_path("/back%5Cslash.txt").unwrap(), "back\\slash.txt");
        assert_eq!(site_path("/a/%E2%9C%93%3F%23.txt").unwrap(), "a/✓?#.txt");
    }

    #[test]
    fn files_are_read_only_from_inside_the_static_folders() {
        let dir = tempfile::tempdir().unwrap();
        let statics = dir.path().join("content/static");
        std::fs::create_dir_all(&statics).unwrap();
        std::fs::write(statics.join("a.txt"), "inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), statics.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), statics.join("up")).unwrap();
        let roots = StaticRoots::of(dir.path());
        assert_eq!(roots.read(&statics.join("a.txt")).as_deref(), Some(&b"inside"[..]));
        assert_eq!(roots.read(&statics.join("link.txt")), None);
        assert_eq!(roots.read(&statics.join("up/secret.txt")), None);
        assert_eq!(roots.read(&dir.path().join("secret.txt")), None);
        // A link that stays inside content/ is read, as the build copies it; a named pipe is
        // refused without blocking.
        std::os::unix::fs::symlink(statics.join("a.txt"), statics.join("same.txt")).unwrap();
        assert_eq!(roots.read(&statics.join("same.txt")).as_deref(), Some(&b"inside"[..]));
        rustix::fs::mknodat(
            rustix::fs::CWD,
            statics.join("pipe"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert_eq!(roots.read(&statics.join("pipe")), None);
        // What is outside or gone is not found; what is inside and unreadable says why.
        let status = |path: &Path| match roots.open(path) {
            Ok(_) => 200,
            Err(unserved) => unserved.reply().status,
        };
        assert_eq!(status(&statics.join("link.txt")), 404);
        assert_eq!(status(&statics.join("gone.txt")), 404);
        let reply = roots.open(&statics.join("pipe")).err().map(Unserved::reply).expect("refused");
        assert_eq!(reply.status, 500);
        let Payload::Owned(text) = reply.body else { panic!("a text reply") };
        assert_eq!(String::from_utf8_lossy(&text), "500 cannot read this file: it is a named pipe, not a file\n");
    }

    #[test]
    fn hosts_must_name_this_server() {
        let check = HostCheck::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111);
        for good in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(check.allows(good), "{good}");
        }
        for bad in ["evil.example:1111", "127.0.0.1:2222", "localhost", "", "10.0.0.2:1111"] {
            assert!(!check.allows(bad), "{bad}");
        }
        let everywhere = HostCheck::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 1111);
        assert!(everywhere.allows("192.168.1.20:1111"));
        assert!(!everywhere.allows("rebind.example:1111"));
    }

    #[test]
    fn pages_files_redirects_and_not_found() {
        let snap = snapshot();
        let home = answer(&Method::Get, "/", None, &snap, &StaticRoots::default());
        assert_eq!(home.status, 200);
        assert_eq!(
            String::from_utf8(home.body.into_bytes()).unwrap(),
            "<html><body>home<script src=\"/__brief/live.js\" data-generation=\"3\"></script>\n</body></html>"
        );
        let css = answer(&Method::Get, "/css/site.css?v=1", None, &snap, &StaticRoots::default());
        assert_eq!(css.status, 200);
        assert_eq!(css.headers[0].1, "text/css; charset=utf-8");
        assert_eq!(css.body.into_bytes(), b"body{}");
        let redirect = answer(&Method::Get, "/briefings/a?x=1", None, &snap, &StaticRoots::default());
        assert_eq!(redirect.status, 301);
        assert!(redirect.headers.iter().any(|(k, v)| *k == "Location" && v == "/briefings/a/?x=1"));
        let missing = answer(&Method::Get, "/nope/", None, &snap, &StaticRoots::default());
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(&missing.body.into_bytes()).contains("missing"));
        assert_eq!(answer(&Method::Post, "/", None, &snap, &StaticRoots::default()).status, 405);
    }

    #[test]
    fn a_page_streams_in_chunks_with_the_tag_in_between() {
        let html = Shared::Heap(Arc::new(b"<p>a</p></body>".to_vec()));
        let (payload, _) = memory_payload(html, true, 9);
        let size = payload.size();
        let mut reader = BodyReader::new(payload, Instant::now() + Duration::from_secs(5));
        let mut chunks = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            chunks.push(buf[..n].to_vec());
        }
        assert!(chunks.iter().all(|c| c.len() <= 7));
        let whole = chunks.concat();
        assert_eq!(whole.len() as u64, size);
        assert_eq!(whole, live::inject(b"<p>a</p></body>", 9));
    }

    #[test]
    fn a_reader_too_slow_for_the_deadline_is_cut_off() {
        let body = Payload::Owned(vec![1; 10]);
        let mut reader = BodyReader::new(body, Instant::now() - Duration::from_millis(1));
        assert_eq!(reader.read(&mut [0u8; 4]).unwrap_err().kind(), std::io::ErrorKind::TimedOut);
    }

    #[test]
    fn etags_give_not_modified() {
        let snap = snapshot();
        let first = answer(&Method::Get, "/css/site.css", None, &snap, &StaticRoots::default());
        let etag = first.headers.iter().find(|(k, _)| *k == "ETag").unwrap().1.clone();
        let again = answer(&Method::Get, "/css/site.css", Some(&etag), &snap, &StaticRoots::default());
        assert_eq!(again.status, 304);
        assert_eq!(again.body.size(), 0);
    }

    #[test]
    fn content_types_cover_the_files_a_site_serves() {
        for (file, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("a.pdf", "application/pdf"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("briefings/a/cite.bib", "application/x-bibtex; charset=utf-8"),
            ("briefings/a/cite.ris", "application/x-research-info-systems; charset=utf-8"),
        ] {
            assert_eq!(content_type(file), kind);
        }
    }
}
