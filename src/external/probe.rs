//! Asking servers whether addresses still answer: a small pool of threads, each request
//! through ureq (blocking, rustls; no async runtime).
//!
//! Takes: the addresses and the [`Limits`]. Gives: a [`Verdict`] per address. At most
//! `Limits::requests` requests are open at once, and at most `Limits::per_host` to one host
//! (by name, whatever the port): a worker takes the first queued address whose host is free,
//! and takes the host of each redirect again before following it. Each address is asked with
//! HEAD, then GET when HEAD is refused or fails (many servers answer HEAD wrongly); a 5xx is
//! asked once more after [`RETRY_PAUSE`]. Redirects are followed by hand, up to
//! [`MAX_REDIRECTS`], so that a permanent one (301, 308) can be told from a temporary one.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How many redirects an address may go through before it is reported.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// The pause before asking again an address that answered 5xx.
pub(crate) const RETRY_PAUSE: Duration = Duration::from_millis(500);

/// What brief says it is, to the servers it asks.
pub(crate) const USER_AGENT: &str = concat!("brief/", env!("CARGO_PKG_VERSION"), " (link checker)");

/// How much brief asks of the servers at once, and how long it waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests open at once, over all hosts.
    pub requests: usize,
    /// Requests open at once to one host.
    pub per_host: usize,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long one request may take in all, from the connection to the answer's headers.
    pub total_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            requests: 8,
            per_host: 2,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(20),
        }
    }
}

/// What asking an address found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub(crate) enum Verdict {
    /// It answers (after temporary redirects, if any).
    Alive,
    /// It answers, through at least one permanent redirect: `to` is where it ends.
    Moved { to: String },
    /// It does not answer, or answers that it is gone: `why`, in words.
    Dead { why: String },
    /// It answered with a status that says neither (401, 403, 429…): `why`, in words.
    Unsure { why: String },
}

impl Verdict {
    /// Whether the same answer is likely tomorrow: alive or moved.
    pub(crate) fn is_good(&self) -> bool {
        matches!(self, Verdict::Alive | Verdict::Moved { .. })
    }
}

/// Asks every address of `urls`, `limits.requests` at a time, and gives their verdicts in the
/// same order.
pub(crate) fn probe_all(urls: &[String], limits: Limits) -> Vec<Verdict> {
    let agent = agent(limits);
    let pool = Pool {
        state: Mutex::new(PoolState {
            queue: urls.iter().cloned().enumerate().collect(),
            busy: HashMap::new(),
            verdicts: vec![None; urls.len()],
        }),
        changed: Condvar::new(),
        per_host: limits.per_host.max(1),
    };
    let workers = limits.requests.max(1).min(urls.len());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((index, url)) = pool.next() {
                    let verdict = probe(&agent, &pool, &url);
                    pool.lock().verdicts[index] = Some(verdict);
                }
            });
        }
    });
    let state = pool.state.into_inner().unwrap_or_else(PoisonError::into_inner);
    state
        .verdicts
        .into_iter()
        .map(|v| v.unwrap_or_else(|| Verdict::Dead { why: "it could not be checked".into() }))
        .collect()
}

fn agent(limits: Limits) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(USER_AGENT)
        .timeout_connect(Some(limits.connect_timeout))
        .timeout_global(Some(limits.total_timeout))
        .build()
        .new_agent()
}

/// The queue of addresses and how many requests each host has open.
struct Pool {
    state: Mutex<PoolState>,
    changed: Condvar,
    per_host: usize,
}

struct PoolState {
    queue: VecDeque<(usize, String)>,
    busy: HashMap<String, usize>,
    verdicts: Vec<Option<Verdict>>,
}

impl Pool {
    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next address whose host has room, its host taken; `None` when none is left.
    fn next(&self) -> Option<(usize, String)> {
        let mut state = self.lock();
        loop {
            if state.queue.is_empty() {
                return None;
            }
            let free = state
                .queue
                .iter()
                .position(|(_, url)| state.busy.get(&host_of(url)).copied().unwrap_or(0) < self.per_host);
            if let Some(position) = free {
                let (index, url) = state.queue.remove(position)?;
                *state.busy.entry(host_of(&url)).or_insert(0) += 1;
                return Some((index, url));
            }
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Waits until `host` has room, and takes it.
    fn take(&self, host: &str) {
        let mut state = self.lock();
        while state.busy.get(host).copied().unwrap_or(0) >= self.per_host {
            state = self.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        *state.busy.entry(host.to_string()).or_insert(0) += 1;
    }

    fn give_back(&self, host: &str) {
        let mut state = self.lock();
        if let Some(n) = state.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        drop(state);
        self.changed.notify_all();
    }
}

/// One address, through its redirects. Its host is taken on entry (by [`Pool::next`]); each
/// hop gives its host back before the next takes its own, so no worker holds two.
fn probe(agent: &ureq::Agent, pool: &Pool, url: &str) -> Verdict {
    let mut current = url.to_string();
    let mut permanent = false;
    for hop in 0..=MAX_REDIRECTS {
        let host = host_of(&current);
        if hop > 0 {
            pool.take(&host);
        }
        let answer = ask(agent, &current);
        pool.give_back(&host);
        match answer {
            Answer::Status(status) if (200..300).contains(&status) => {
                return if permanent { Verdict::Moved { to: current } } else { Verdict::Alive };
            }
            Answer::Redirect { status, location } => {
                permanent |= matches!(status, 301 | 308);
                current = join(&current, &location);
            }
            Answer::Status(status) => {
                let why = status_words(status);
                let why = if current == url { why } else { format!("it redirects to `{current}`, which {why}") };
                return if matches!(status, 404 | 410) || status >= 500 {
                    Verdict::Dead { why }
                } else {
                    Verdict::Unsure { why }
                };
            }
            Answer::Failed { why, .. } => {
                let why = if current == url { why } else { format!("it redirects to `{current}`, and {why}") };
                return Verdict::Dead { why };
            }
        }
    }
    Verdict::Dead { why: format!("it redirects more than {MAX_REDIRECTS} times") }
}

/// What one address answered, after HEAD, GET and a retry as needed.
enum Answer {
    Status(u16),
    Redirect {
        status: u16,
        location: String,
    },
    /// No answer: the reason in words ("the connection was refused"), and whether a GET
    /// might still succeed (not after a timeout or an unknown host: no server would answer it).
    Failed {
        why: String,
        try_get: bool,
    },
}

fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let head = request(agent.head(url).call());
    let answer = match head {
        Answer::Status(status) if status >= 400 => request(agent.get(url).call()),
        Answer::Failed { try_get: true, .. } => request(agent.get(url).call()),
        answer => answer,
    };
    match answer {
        Answer::Status(status) if status >= 500 => {
            thread::sleep(RETRY_PAUSE);
            request(agent.get(url).call())
        }
        answer => answer,
    }
}

fn request(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|v| v.to_str().ok());
            match (status, location) {
                (300..=399, Some(location)) => Answer::Redirect { status, location: location.to_string() },
                _ => Answer::Status(status),
            }
        }
        Err(error) => {
            let try_get = !matches!(&error, ureq::Error::Timeout(_) | ureq::Error::HostNotFound) && !is_lookup(&error);
            Answer::Failed { why: failure_words(&error), try_get }
        }
    }
}

fn failure_words(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "the server did not answer in time".into(),
        ureq::Error::HostNotFound => "its host was not found".into(),
        error if is_lookup(error) => "its host was not found (the name did not resolve)".into(),
        ureq::Error::ConnectionFailed => "the connection was refused".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => "the connection was refused".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => "the server did not answer in time".into(),
        ureq::Error::BadUri(_) => "it is not a valid address".into(),
        other => format!("the request failed: {other}"),
    }
}

/// Whether the host's name could not be resolved: the system's resolver gives an I/O error
/// of no particular kind, known by its words.
fn is_lookup(error: &ureq::Error) -> bool {
    matches!(error, ureq::Error::Io(e) if e.to_string().contains("failed to lookup address"))
}

/// "answered 404 Not Found".
fn status_words(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("answered {status} {reason}"),
        None => format!("answered {status}"),
    }
}

/// The host of an address, lower case and without its port: `example.org`.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.split(':').next().unwrap_or(authority),
    };
    host.to_ascii_lowercase()
}

/// Where `location`, a redirect's `Location`, leads from `base`.
pub(crate) fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(network_path) = location.strip_prefix("//") {
        return format!("{scheme}://{network_path}");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    let directory = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{directory}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_named_without_port_or_user() {
        assert_eq!(host_of("https://Example.org:8443/a?b"), "example.org");
        assert_eq!(host_of("http://user@127.0.0.2:80"), "127.0.0.2");
        assert_eq!(host_of("http://[::1]:8080/"), "::1");
    }

    #[test]
    fn redirects_are_resolved_against_the_address() {
        assert_eq!(join("https://a.org/x/y?q", "z"), "https://a.org/x/z");
        assert_eq!(join("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(join("https://a.org", "z"), "https://a.org/z");
        assert_eq!(join("http://a.org/x", "//b.org/c"), "http://b.org/c");
        assert_eq!(join("http://a.org/x", "https://b.org/"), "https://b.org/");
    }

    #[test]
    fn a_name_that_does_not_resolve_is_a_host_not_found() {
        let lookup = ureq::Error::Io(std::io::Error::other("failed to lookup address information: Name unknown"));
        assert!(is_lookup(&lookup));
        assert_eq!(failure_words(&lookup), "its host was not found (the name did not resolve)");
        let refused = ureq::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert_eq!(failure_words(&refused), "the connection was refused");
    }

    #[test]
    fn statuses_are_put_in_words() {
        assert_eq!(status_words(404), "answered 404 Not Found");
        assert_eq!(status_words(599), "answered 599");
    }
}
