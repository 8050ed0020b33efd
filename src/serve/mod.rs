//! Serve: the live-reload preview.
//!
//! Takes: [`ServeOptions`]. Gives: an HTTP server (tiny_http, threads, no async runtime) that
//! answers from the site built in memory by the same pipeline as `brief build`, rebuilds when
//! `content/`, the theme or `site.yaml` change, and tells every open page over server-sent
//! events. `public/` is never touched. A failed rebuild keeps serving the last good site and
//! shows its errors in an overlay on every open page.

mod http;
mod live;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tiny_http::{Method, Server};

use crate::incremental::Incremental;
use crate::load::LoadOptions;
pub use http::{BadPath, HostCheck, content_type, site_path};
pub use state::{ErrorView, Shared, Snapshot};

/// Threads answering ordinary requests; event streams get threads of their own.
const WORKERS: usize = 8;
/// Most event streams open at once (a tab each).
const MAX_STREAMS: usize = 256;
/// How many ports after the asked one to try when it is taken.
const PORT_ATTEMPTS: u16 = 20;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose.
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
    pub poll: bool,
    pub debounce: Duration,
}

#[derive(Debug)]
pub enum ServeError {
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
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    // Ctrl-C is caught from the start, so it always ends in a clean stop.
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    let handler = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    });
    if handler.is_err() {
        eprintln!("warning: cannot catch Ctrl-C; stop the preview by ending the process");
    }
    let (server, port) = bind(options.bind, options.port)?;
    let server = Arc::new(server);
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
    let streams = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let worker = Worker {
                server: server.clone(),
                shared: shared.clone(),
                stopping: stopping.clone(),
                hosts: hosts.clone(),
                files: files.clone(),
                streams: streams.clone(),
            };
            std::thread::spawn(move || worker.serve())
        })
        .collect();

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
    // Each worker notices the flag within one poll interval.
    for worker in workers {
        let _ = worker.join();
    }
    println!("\nStopped.");
    Ok(())
}

/// Binds `port`, or the next free one, saying so when it moves.
fn bind(ip: IpAddr, port: u16) -> Result<(Server, u16), ServeError> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last_error = String::new();
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else { break };
        match Server::http(SocketAddr::new(ip, candidate)) {
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

/// How long a worker waits for a request before looking at the stop flag again.
const POLL: Duration = Duration::from_millis(200);

/// A thread answering requests.
struct Worker {
    server: Arc<Server>,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    hosts: HostCheck,
    files: http::StaticRoots,
    streams: Arc<AtomicUsize>,
}

impl Worker {
    fn serve(self) {
        while !self.stopping.load(Ordering::Relaxed) {
            match self.server.recv_timeout(POLL) {
                Ok(Some(request)) => self.answer(request),
                Ok(None) => {}
                Err(_) => return,
            }
        }
    }

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
                let (shared, stopping, streams) = (self.shared.clone(), self.stopping.clone(), self.streams.clone());
                std::thread::spawn(move || {
                    live::stream(request, shared, stopping);
                    streams.fetch_sub(1, Ordering::SeqCst);
                });
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
        crate::cli::report(&built.diagnostics, crate::cli::MessageFormat::Human);
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
