//! HTTP for the preview: which requests are answered, and with what.
//!
//! Takes: a tiny_http request and the current [`Snapshot`]. Gives: a response. Only files of
//! the built site are ever served: the path is checked and decoded once, then looked up in the
//! in-memory output, never joined to a folder on disk. The Host header must name this server,
//! so a web page elsewhere cannot read the preview through DNS rebinding.

use std::io::Cursor;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live;
use super::state::Snapshot;
use crate::output::Body;

/// Longest request path accepted.
pub const MAX_PATH: usize = 2048;

/// The folders a served file read from disk must lie in, resolved once: a static file that
/// has since become a symlink to elsewhere, or sits in a folder that has, is not served.
#[derive(Debug, Clone, Default)]
pub struct StaticRoots {
    roots: Vec<PathBuf>,
}

impl StaticRoots {
    /// `content/static/` and `themes/` of the site at `root`.
    pub fn of(root: &Path) -> StaticRoots {
        let roots = [root.join("content/static"), root.join("themes")]
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        StaticRoots { roots }
    }

    /// The bytes of `path` if it is a regular file whose real location is inside a root.
    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        let metadata = std::fs::symlink_metadata(path).ok()?;
        if !metadata.is_file() {
            return None;
        }
        let real = std::fs::canonicalize(path).ok()?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return None;
        }
        std::fs::read(&real).ok()
    }
}

/// Which Host headers are this server.
#[derive(Debug, Clone)]
pub struct HostCheck {
    allowed: Vec<String>,
    any_ip_literal: bool,
    port: u16,
}

impl HostCheck {
    pub fn new(bind: IpAddr, port: u16) -> HostCheck {
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
    pub fn allows(&self, host: &str) -> bool {
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
pub enum BadPath {
    TooLong,
    Malformed(&'static str),
}

/// The site path of a request URL: `/briefings/a/?x=1` → `briefings/a/`. Refuses anything that
/// could name a file outside the site: `..` and `.` segments (raw or encoded once), encoded
/// percent signs (double encoding), backslashes, NUL and control characters, empty segments.
pub fn site_path(url: &str) -> Result<String, BadPath> {
    if url.len() > MAX_PATH {
        return Err(BadPath::TooLong);
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else { return Err(BadPath::Malformed("the path must start with /")) };
    let decoded = percent_decode(rest).ok_or(BadPath::Malformed("bad percent-encoding"))?;
    if decoded.chars().any(|c| c == '\\' || c == '%' || c.is_control()) {
        return Err(BadPath::Malformed("the path holds characters that no page of the site has"));
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *segment == ".." || *segment == "." || (segment.is_empty() && !last) {
            return Err(BadPath::Malformed("the path climbs or has empty segments"));
        }
    }
    Ok(decoded)
}

/// Decodes `%XX` escapes once; `None` on a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a served file, by its extension.
pub fn content_type(path: &str) -> &'static str {
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
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// What to send back.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", format!("{text}\n").into_bytes())
    }

    /// For a Host that is not this server.
    pub fn forbidden() -> Reply {
        Reply::text(403, "403 Forbidden: this preview only answers requests addressed to it (check the Host)")
    }

    /// For an event stream beyond the limit.
    pub fn busy() -> Reply {
        let mut reply = Reply::text(503, "503 Service Unavailable: too many open pages");
        reply.headers.push(("Retry-After", "5".into()));
        reply
    }

    pub fn script(source: &str) -> Reply {
        Reply::new(200, "text/javascript; charset=utf-8", source.as_bytes().to_vec())
    }

    pub fn send(self, request: Request) {
        let mut response = Response::new(
            StatusCode(self.status),
            Vec::new(),
            Cursor::new(self.body.clone()),
            Some(self.body.len()),
            None,
        );
        let mut headers = self.headers;
        headers.push(("X-Content-Type-Options", "nosniff".into()));
        headers.push(("Cache-Control", "no-cache".into()));
        headers.push(("Referrer-Policy", "no-referrer".into()));
        for (name, value) in headers {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        // A client that went away is not an error worth reporting.
        let _ = request.respond(response);
    }
}

/// The answer to a request for a site path (not the live-reload endpoints).
pub fn answer(
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
        return Reply::new(500, "text/html; charset=utf-8", live::failed_page(snapshot));
    };
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if let Some(body) = output.get(&file) {
        return file_reply(200, &file, body, snapshot, if_none_match, files);
    }
    if output.get(&format!("{path}/index.html")).is_some() {
        let query = url.find('?').map_or("", |i| &url[i..]);
        let mut reply = Reply::text(301, "301 Moved Permanently");
        reply.headers.push(("Location", format!("/{path}/{query}")));
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
    let bytes = match body {
        Body::Bytes(bytes) => bytes.to_vec(),
        Body::BuiltIn(bytes) => bytes.to_vec(),
        Body::File(path) => match files.read(path) {
            Some(bytes) => bytes,
            None => return Reply::text(404, "404 Not Found"),
        },
    };
    let kind = content_type(file);
    let bytes = if kind.starts_with("text/html") { live::inject(&bytes, snapshot.generation) } else { bytes };
    let etag = format!("\"{:016x}\"", fnv1a(&bytes));
    if status == 200 && if_none_match.is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        let mut reply = Reply::new(304, kind, Vec::new());
        reply.headers.push(("ETag", etag));
        return reply;
    }
    let mut reply = Reply::new(status, kind, bytes);
    reply.headers.push(("ETag", etag));
    reply
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The value of header `name`, if the request has it.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
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
            "/%252e%252e/etc/passwd",
            "/..%5cetc",
            "/a\\b",
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
        assert!(String::from_utf8_lossy(&home.body).contains("/__brief/live.js"));
        let css = answer(&Method::Get, "/css/site.css?v=1", None, &snap, &StaticRoots::default());
        assert_eq!((css.status, css.body.as_slice()), (200, &b"body{}"[..]));
        assert_eq!(css.headers[0].1, "text/css; charset=utf-8");
        let redirect = answer(&Method::Get, "/briefings/a?x=1", None, &snap, &StaticRoots::default());
        assert_eq!(redirect.status, 301);
        assert!(redirect.headers.iter().any(|(k, v)| *k == "Location" && v == "/briefings/a/?x=1"));
        let missing = answer(&Method::Get, "/nope/", None, &snap, &StaticRoots::default());
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(&missing.body).contains("missing"));
        assert_eq!(answer(&Method::Post, "/", None, &snap, &StaticRoots::default()).status, 405);
    }

    #[test]
    fn etags_give_not_modified() {
        let snap = snapshot();
        let first = answer(&Method::Get, "/css/site.css", None, &snap, &StaticRoots::default());
        let etag = first.headers.iter().find(|(k, _)| *k == "ETag").unwrap().1.clone();
        let again = answer(&Method::Get, "/css/site.css", Some(&etag), &snap, &StaticRoots::default());
        assert_eq!(again.status, 304);
        assert!(again.body.is_empty());
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
        ] {
            assert_eq!(content_type(file), kind);
        }
    }
}
