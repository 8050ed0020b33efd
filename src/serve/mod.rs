//! Serve: the live-reload preview.
//!
//! Takes: [`ServeOptions`]. Gives: an HTTP server (tiny_http, threads, no async runtime) that
//! answers from the site built in memory by the same pipeline as `brief build`, rebuilds when
//! `content/`, the theme or `site.yaml` change, and tells every open page over server-sent
//! events. `public/` is never touched. A failed rebuild keeps serving the last good site and
//! shows its errors in an overlay on every open page.
//!
//! No client can hold up another: every connection has its own thread in tiny_http (a patched
//! copy in `vendor/tiny_http`, see its header), every request is answered on a thread of its
//! own, and reads, writes and request heads have time and size limits, so each request is
//! answered or its connection closed. The number of open connections is capped by the file
//! descriptors the process may hold (its soft limit is raised to the hard one at start).

mod http;
mod live;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tiny_http::{ConfigListenAddr, Limits, Method, Server, ServerConfig};

use crate::incremental::Incremental;
use crate::load::LoadOptions;
pub(crate) use http::HostCheck;
pub(crate) use state::Shared;

/// Most event streams open at once (a tab each).
const MAX_STREAMS: usize = 256;
/// Most connections open at once, however many files the process may open.
const MAX_CONNECTIONS: usize = 4096;
/// File descriptors kept for everything but connections: the watcher, static files, pipes.
const RESERVED_FILES: u64 = 64;
/// File descriptors one connection may take: two for its socket (tiny_http reads and writes
/// through separate handles) and one for a static file being sent.
const FILES_PER_CONNECTION: u64 = 3;
/// How long a connection may wait for its next request before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request's line and headers may take to arrive once they have started.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Most bytes of a request's line and headers; browsers send a few hundred.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// How many ports after the asked one to try when it is taken.
const PORT_ATTEMPTS: u16 = 20;

#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub(crate) root: PathBuf,
    pub(crate) bind: IpAddr,
    /// 0 lets the system choose.
    pub(crate) port: u16,
    pub(crate) drafts: bool,
    pub(crate) open: bool,
    pub(crate) poll: bool,
    pub(crate) debounce: Duration,
}

#[derive(Debug)]
pub(crate) enum ServeError {
    Bind(String),
    Watch(notify::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind(why) => write!(f, "{why}"),
            ServeError::Watch(e) => write!(f, "cannot watch the site's files: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Runs the preview until Ctrl-C.
pub(crate) fn run(options: ServeOptions) -> Result<(), ServeError> {
    // Ctrl-C is caught from the start, so it always ends in a clean stop.
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    let handler = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    });
    if handler.is_err() {
        eprintln!("warning: cannot catch Ctrl-C; stop the preview by ending the process");
    }
    let files_allowed = raise_file_limit();
    let limits = Limits {
        max_connections: max_connections(files_allowed),
        idle_timeout: Some(IDLE_TIMEOUT),
        head_timeout: Some(HEAD_TIMEOUT),
        write_timeout: Some(WRITE_TIMEOUT),
        max_head_bytes: MAX_HEAD_BYTES,
    };
    let (server, port) = bind(options.bind, options.port, &limits)?;
    let host = match options.bind {
        IpAddr::V6(v6) if !v6.is_unspecified() => format!("[{v6}]"),
        IpAddr::V4(v4) if !v4.is_unspecified() => v4.to_string(),
        _ => "127.0.0.1".to_string(),
    };
    let url = format!("http://{host}:{port}/");
    let load_options = LoadOptions { root: options.root.clone(), base_url: Some(url.clone()), drafts: options.drafts };

    let shared = Arc::new(Shared::new());
    let stopping = Arc::new(AtomicBool::new(false));
    let mut watcher =
        watch::SiteWatcher::new(&options.root, options.poll, options.debounce).map_err(ServeError::Watch)?;
    let mut builder = Incremental::new(load_options.clone());
    rebuild(&mut builder, &[], &shared, false, "Built");

    let hosts = HostCheck::new(options.bind, port);
    let files = http::StaticRoots::of(&options.root);
    let handler = Arc::new(Handler {
        shared: shared.clone(),
        stopping: stopping.clone(),
        hosts,
        files,
        streams: AtomicUsize::new(0),
    });
    let dispatcher = {
        let stopping = stopping.clone();
        std::thread::spawn(move || dispatch(&server, &handler, &stopping))
    };

    println!("Serving {} at {url}", options.root.display());
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: --bind {} makes the preview reachable from the network: anyone who can reach this machine on port {port} can read it, drafts included",
            options.bind
        );
    }
    println!("Watching content/, themes/ and site.yaml; press Ctrl-C to stop.");
    if options.open {
        open_browser(&url);
    }

    {
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Some(change) = watcher.next_change() {
                let what = describe(&change.paths, &load_options.root);
                rebuild(&mut builder, &change.paths, &shared, change.css_only, &format!("Rebuilt after {what}"));
            }
        });
    }

    let _ = stop_rx.recv();
    stopping.store(true, Ordering::Relaxed);
    // The dispatcher notices the flag within one poll interval; requests still being answered
    // end with the process.
    let _ = dispatcher.join();
    println!("\nStopped.");
    Ok(())
}

/// Raises the soft limit on open files to the hard limit, so that a preview left open all day
/// in many tabs does not run out; returns the limit in force.
#[cfg(unix)]
fn raise_file_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    // `None` is no limit.
    let count = |limit: Option<u64>| limit.unwrap_or(u64::MAX);
    let limit = getrlimit(Resource::Nofile);
    let mut current = limit.current;
    // macOS refuses an unlimited soft limit; its most per process is OPEN_MAX, 10,240.
    for target in [limit.maximum, Some(count(limit.maximum).min(10_240))] {
        if count(target) <= count(current) {
            break;
        }
        if setrlimit(Resource::Nofile, Rlimit { current: target, maximum: limit.maximum }).is_ok() {
            current = target;
            break;
        }
    }
    count(current)
}

/// Where sockets do not count against a limit on open files.
#[cfg(not(unix))]
fn raise_file_limit() -> u64 {
    u64::MAX
}

/// How many connections fit in `files_allowed` file descriptors, beside what the rest of the
/// preview needs.
fn max_connections(files_allowed: u64) -> usize {
    let fit = files_allowed.saturating_sub(RESERVED_FILES) / FILES_PER_CONNECTION;
    usize::try_from(fit).unwrap_or(usize::MAX).clamp(8, MAX_CONNECTIONS)
}

/// Binds `port`, or the next free one, saying so when it moves.
fn bind(ip: IpAddr, port: u16, limits: &Limits) -> Result<(Server, u16), ServeError> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last_error = String::new();
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else { break };
        let config = ServerConfig {
            addr: ConfigListenAddr::IP(vec![SocketAddr::new(ip, candidate)]),
            ssl: None,
            limits: limits.clone(),
        };
        match Server::new(config) {
            Ok(server) => {
                let actual = server.server_addr().to_ip().map_or(candidate, |a| a.port());
                if offset > 0 {
                    println!("Port {port} is in use; using {actual}.");
                }
                return Ok((server, actual));
            }
            Err(e) => {
                last_error = e.to_string();
                if port != 0 && offset == 0 {
                    eprintln!("Port {port} is in use ({last_error}); trying the next ones.");
                }
            }
        }
    }
    Err(ServeError::Bind(format!(
        "cannot listen on {ip} at port {port} or the {} after it: {last_error}",
        attempts.saturating_sub(1)
    )))
}

/// How long the dispatcher waits for a request before looking at the stop flag again.
const POLL: Duration = Duration::from_millis(200);

/// Hands each request to a thread of its own, so that a client that reads slowly (or not at
/// all) holds only the thread sending to it. There is at most one request in progress per
/// connection (tiny_http reads the next only once the last is answered), so the threads are
/// bounded by the cap on connections.
fn dispatch(server: &Server, handler: &Arc<Handler>, stopping: &AtomicBool) {
    let mut accept_failing = false;
    while !stopping.load(Ordering::Relaxed) {
        match server.recv_timeout(POLL) {
            Ok(Some(request)) => {
                if std::mem::take(&mut accept_failing) {
                    println!("Accepting connections again.");
                }
                let handler = handler.clone();
                let started =
                    std::thread::Builder::new().name("brief request".into()).spawn(move || handler.answer(request));
                // On failure the request is dropped with the closure, which answers 500.
                if let Err(e) = started {
                    eprintln!("warning: cannot start a thread to answer a request: {e}");
                }
            }
            Ok(None) => {}
            // tiny_http reports a shortage once (not again until a minute passes without an
            // accept error), and keeps accepting after it.
            Err(e) => {
                accept_failing = true;
                eprintln!(
                    "warning: cannot accept connections: {e}; waiting for open connections or files to be closed"
                );
            }
        }
    }
}

/// Answers requests: what every request thread shares.
struct Handler {
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    hosts: HostCheck,
    files: http::StaticRoots,
    /// Event streams open now.
    streams: AtomicUsize,
}

impl Handler {
    fn answer(&self, request: tiny_http::Request) {
        let host_ok = http::header(&request, "Host").is_some_and(|h| self.hosts.allows(h));
        if !host_ok {
            http::Reply::forbidden().send(request);
            return;
        }
        let path = request.url().split('?').next().unwrap_or("");
        match (request.method(), path) {
            (Method::Get, "/__brief/events") => {
                if self.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
                    self.streams.fetch_sub(1, Ordering::SeqCst);
                    http::Reply::busy().send(request);
                    return;
                }
                live::stream(request, self.shared.clone(), self.stopping.clone());
                self.streams.fetch_sub(1, Ordering::SeqCst);
            }
            (Method::Get | Method::Head, "/__brief/live.js") => http::Reply::script(live::SCRIPT).send(request),
            _ => {
                let snapshot = self.shared.snapshot();
                let if_none_match = http::header(&request, "If-None-Match");
                let reply = http::answer(request.method(), request.url(), if_none_match, &snapshot, &self.files);
                reply.send(request);
            }
        }
    }
}

/// Builds the site after `changed` changed and publishes the result, printing what happened.
fn rebuild(builder: &mut Incremental, changed: &[PathBuf], shared: &Shared, css_only: bool, what: &str) {
    let started = Instant::now();
    let built = builder.build(changed);
    let ok = built.output.is_some();
    // Open pages hear of the new site first; the terminal can wait.
    let snapshot = shared.publish(built.output, &built.diagnostics, css_only);
    let ms = started.elapsed().as_millis();
    if !built.diagnostics.is_empty() {
        crate::diagnostics::report(&built.diagnostics, crate::diagnostics::MessageFormat::Human);
    }
    if ok {
        let rendered = builder.last_rebuild().rendered;
        println!("{what} in {ms} ms ({} rendered).", crate::diagnostics::plural(rendered, "file"));
    } else if snapshot.output.is_some() {
        println!("{what}: the build failed after {ms} ms; still serving the last good version.");
    } else {
        println!("{what}: the build failed after {ms} ms; open pages show the errors.");
    }
}

/// `content/briefings/a.md`, or `3 files`.
fn describe(paths: &[PathBuf], root: &std::path::Path) -> String {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    match paths {
        [one] => one.strip_prefix(&root).unwrap_or(one).display().to_string(),
        many => format!("{} changes", many.len()),
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let started = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        eprintln!("warning: cannot open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_capped_by_the_files_the_process_may_open() {
        assert_eq!(max_connections(1024), 320);
        assert_eq!(max_connections(256), 64);
        assert_eq!(max_connections(20_000), MAX_CONNECTIONS);
        assert_eq!(max_connections(u64::MAX), MAX_CONNECTIONS);
        assert_eq!(max_connections(10), 8);
    }
}
