//! Live reload: the script injected into served pages, the event stream that tells them a
//! build happened, and the page shown when no build has succeeded yet.
//!
//! Takes: snapshots of the shared state. Gives: bytes for the browser.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tiny_http::Request;

use super::state::{Shared, Snapshot};

/// The script, served at `/__brief/live.js`.
pub(super) const SCRIPT: &str = include_str!("live.js");

/// How often an idle stream sends a comment, so that a closed tab is noticed (a write to it
/// fails) and its thread and connection are given back soon.
const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// `html` with the live-reload script added before `</body>`.
pub(super) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let (at, tag) = insertion(html, generation);
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(&tag);
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the live-reload script goes in `html` (before `</body>`, else at the end), and the
/// tag itself: a page is sent as its shared bytes with the tag in between, not copied.
pub(super) fn insertion(html: &[u8], generation: u64) -> (usize, Vec<u8>) {
    let tag = format!("<script src=\"/__brief/live.js\" data-generation=\"{generation}\"></script>\n");
    (find_last(html, b"</body>").unwrap_or(html.len()), tag.into_bytes())
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The page served while no build has succeeded: the errors, escaped, and the script, which
/// shows them in the overlay and reloads once a build works.
pub(super) fn failed_page(snapshot: &Snapshot) -> Vec<u8> {
    let mut items = String::new();
    for error in &snapshot.errors {
        items.push_str(&format!("<li><code>{}</code><br>{}", escape(&error.position), escape(&error.message)));
        if let Some(help) = &error.help {
            items.push_str(&format!("<br>help: {}", escape(help)));
        }
        items.push_str("</li>\n");
    }
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build failed · brief</title></head>\n\
         <body>\n<main>\n<h1>The site does not build yet</h1>\n<p>Fix these errors and save; this page reloads by itself.</p>\n\
         <ol>\n{items}</ol>\n</main>\n</body>\n</html>\n"
    );
    inject(html.as_bytes(), snapshot.generation)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Streams server-sent events on `request`'s connection until the client goes away or the
/// server stops: the current state at once, then one event per build.
pub(super) fn stream(request: Request, shared: Arc<Shared>, stopping: Arc<AtomicBool>) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_err() {
        return;
    }
    let mut snapshot = Some(shared.snapshot());
    loop {
        let sent = match &snapshot {
            Some(s) => match crate::text::json_string(&s.message()) {
                Ok(data) => writer.write_all(format!("event: state\ndata: {data}\n\n").as_bytes()),
                // The page would wait for news that never comes: say why, and close the stream.
                Err(e) => {
                    eprintln!("brief serve: cannot tell the open pages about the build: {e}");
                    return;
                }
            },
            None => writer.write_all(b": keep-alive\n\n"),
        };
        if sent.and_then(|_| writer.flush()).is_err() || stopping.load(Ordering::Relaxed) {
            return;
        }
        let seen = snapshot.as_ref().map_or_else(|| shared.snapshot().generation, |s| s.generation);
        snapshot = shared.wait_newer(seen, KEEP_ALIVE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::state::ErrorView;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        let text = String::from_utf8(html).unwrap();
        assert!(
            text.ends_with("<script src=\"/__brief/live.js\" data-generation=\"7\"></script>\n</body></html>"),
            "{text}"
        );
        assert!(String::from_utf8(inject(b"<p>no body", 1)).unwrap().starts_with("<p>no body<script"));
    }

    #[test]
    fn the_failure_page_escapes_what_the_errors_say() {
        let snapshot = Snapshot {
            generation: 1,
            errors: vec![ErrorView {
                position: "content/a.md:1:1".into(),
                message: "title <script>alert(1)</script>".into(),
                help: None,
            }],
            ..Snapshot::default()
        };
        let page = String::from_utf8(failed_page(&snapshot)).unwrap();
        assert!(page.contains("title &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert"));
    }
}
