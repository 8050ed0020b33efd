//! `brief serve` against clients that misbehave, over real sockets: bursts of new connections
//! while others stay open (the stalled request), running out of file descriptors, more
//! connections than the cap, slow pipelining readers with a thousand idle connections, many
//! readers of a large file, a huge header line, slowloris, idle connections, and pipelining
//! done right. Through all of it a normal request must be answered, and quickly. Each test
//! starts its own server on its own small site.

use crate::common;
use common::TestSite;
use common::serve::Preview;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// How long anything may take before the test calls it a hang.
const PATIENCE: Duration = Duration::from_secs(30);

/// What the issue asks of a normal request while the server is under attack.
const PROMPT: Duration = Duration::from_secs(1);

/// The server's limits (src/serve/mod.rs), which the tests wait out.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- helpers

fn site() -> TestSite {
    TestSite::new()
        .briefing("a", "", "Alpha text.\n")
        .briefing("b", "", "Bravo text.\n")
        .file("content/static/files/notes.txt", "plain notes\n")
}

/// A site with one page of about `megabytes` MB, held in the preview's memory.
fn site_with_a_large_page(megabytes: usize) -> TestSite {
    let paragraph = "A long paragraph of the briefing that goes on and on about the same thing. ".repeat(13);
    let body: String = (0..megabytes * 1000).map(|i| format!("Paragraph {i}. {paragraph}\n\n")).collect();
    site().briefing("large", "", &body)
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream
}

fn get_line(preview: &Preview, path: &str, keep_alive: bool) -> String {
    let connection = if keep_alive { "" } else { "Connection: close\r\n" };
    format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{connection}\r\n", preview.host())
}

/// One HTTP response read off a connection.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Reads one response (`Content-Length` or chunked; no body for HEAD, 304 and 1xx).
fn read_response(reader: &mut impl BufRead, head: bool) -> std::io::Result<Response> {
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed before a response"));
    }
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut response = Response { status, headers, body: Vec::new() };
    if head || status == 304 || status < 200 {
        return Ok(response);
    }
    if response.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            response.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = response.header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        response.body = vec![0; length];
        reader.read_exact(&mut response.body)?;
    }
    Ok(response)
}

/// A normal `GET path` on a new connection, and how long it took to be answered in full.
fn timed_get(preview: &Preview, path: &str) -> (Response, Duration) {
    let started = Instant::now();
    let mut stream = connect(preview.port);
    stream.write_all(get_line(preview, path, false).as_bytes()).expect("send");
    let response = read_response(&mut BufReader::new(stream), false)
        .unwrap_or_else(|e| panic!("GET {path} was not answered: {e}"));
    (response, started.elapsed())
}

/// Asserts that a few normal requests are each answered in full within [`PROMPT`], and
/// returns the slowest time.
fn assert_prompt(preview: &Preview, during: &str) -> Duration {
    let mut slowest = Duration::ZERO;
    for path in ["/", "/briefings/a/", "/css/print.css", "/files/notes.txt", "/no-such-page/"] {
        let (response, took) = timed_get(preview, path);
        assert!(matches!(response.status, 200 | 404), "GET {path} {during} gave {}", response.status);
        assert!(took < PROMPT, "GET {path} took {} ms {during}", took.as_millis());
        slowest = slowest.max(took);
    }
    eprintln!("{during}: slowest normal request {} ms", slowest.as_millis());
    slowest
}

/// Raises this test process's soft limit on open files to its hard limit, for the tests that
/// hold a thousand connections themselves.
fn raise_own_file_limit(needed: u64) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    setrlimit(Resource::Nofile, Rlimit { current: limit.maximum, maximum: limit.maximum })
        .expect("raise this test's soft limit on open files to its hard limit");
    // `None` is no limit.
    let hard = limit.maximum.unwrap_or(u64::MAX);
    assert!(hard >= needed, "this test needs {needed} open files; the hard limit is {hard}");
}

/// Whether the server has closed `stream` (it reads end of file or a reset), reading and
/// dropping anything else it sent first.
fn closed_by_server(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut scratch = [0u8; 65536];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut scratch) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

// ---------------------------------------------------------------- the stalled request

#[test]
fn bursts_of_new_connections_are_all_answered_while_others_stay_open() {
    // A browser loading a page opens several connections at once and keeps the old ones.
    // tiny_http 0.12's thread pool could leave one of a burst queued with no thread, until
    // some other connection closed: the request that never finished.
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    let request = get_line(&preview, "/css/print.css", true);
    let mut held: Vec<TcpStream> = Vec::new();
    for round in 0..40 {
        let burst: Vec<_> = (0..6)
            .map(|_| {
                let request = request.clone();
                std::thread::spawn(move || {
                    let mut stream = connect(port);
                    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
                    stream.write_all(request.as_bytes()).expect("send");
                    let response = read_response(&mut BufReader::new(stream.try_clone().expect("clone")), false);
                    (response.map(|r| r.status), stream)
                })
            })
            .collect();
        for thread in burst {
            let (status, stream) = thread.join().expect("client thread");
            match status {
                Ok(status) => assert_eq!(status, 200, "round {round}: /css/print.css gave {status}"),
                Err(e) => panic!("round {round}: /css/print.css on a new connection was not answered: {e}"),
            }
            held.push(stream);
        }
        // Keep-alive connections stay open, as a browser's do, and hold their threads.
        if held.len() > 30 {
            held.drain(..6);
        }
    }
}

// ---------------------------------------------------------------- file descriptors

#[test]
fn running_out_of_file_descriptors_is_waited_out_and_reported_once() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    preview.wait_for_output("press Ctrl-C to stop", PATIENCE);
    let pid = preview.pid();
    let open_now = std::fs::read_dir(format!("/proc/{pid}/fd")).expect("the server's open files").count() as u64;
    // Lower the running server's limit (only the child's) so that a few connections use it up.
    let limit = rustix::process::Rlimit { current: Some(open_now + 12), maximum: Some(open_now + 12) };
    let server = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw).expect("the server's process id");
    rustix::process::prlimit(Some(server), rustix::process::Resource::Nofile, limit)
        .unwrap_or_else(|e| panic!("cannot lower the server's limit: {e}"));

    // Each connection takes two files: 40 use the limit up and stay within the listen backlog
    // (128), so that no connect waits for the kernel to retry it.
    let idle: Vec<TcpStream> = (0..40).map(|_| connect(preview.port)).collect();
    let line = preview.wait_for_output("cannot accept connections", PATIENCE);
    assert!(line.contains("warning"), "{line}");
    // Still out of files a while later: reported once, not once per try.
    std::thread::sleep(Duration::from_millis(1500));
    let repeated: Vec<String> =
        preview.drain_output().into_iter().filter(|l| l.contains("cannot accept connections")).collect();
    assert!(repeated.is_empty(), "the error was reported again while it lasted: {repeated:?}");
    // A few files freed and soon used up again (idle connections closing while others arrive)
    // are the same shortage, not a new one: the server is still short of files.
    let mut idle = idle;
    idle.drain(..10); // the first ones are those the server took
    idle.extend((0..16).map(|_| connect(preview.port)));
    std::thread::sleep(Duration::from_millis(1500));
    let repeated: Vec<String> =
        preview.drain_output().into_iter().filter(|l| l.contains("cannot accept connections")).collect();
    assert!(repeated.is_empty(), "freeing a few files for a moment was reported as a new shortage: {repeated:?}");

    drop(idle);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let mut stream = connect(preview.port);
        stream.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
        let answered = stream
            .write_all(get_line(&preview, "/", false).as_bytes())
            .ok()
            .and_then(|_| read_response(&mut BufReader::new(stream), false).ok());
        if answered.as_ref().is_some_and(|r| r.status == 200) {
            break;
        }
        assert!(Instant::now() < deadline, "the server never answered again once the connections were closed");
        std::thread::sleep(Duration::from_millis(100));
    }
    preview.wait_for_output("Accepting connections again", PATIENCE);
}

#[test]
fn with_1024_files_1100_idle_connections_get_503_past_the_cap_and_the_server_recovers() {
    // The case: `ulimit -n 1024`, 1,100 idle connections, then all closed.
    raise_own_file_limit(1300);
    let site = site();
    let mut preview = Preview::start_with_file_limits(site.root(), &[], 1024, 1024);
    let idle: Vec<TcpStream> = (0..1100).map(|_| connect(preview.port)).collect();
    // Past the cap a connection is told so at once, and closed.
    let (busy, took) = timed_get(&preview, "/");
    assert_eq!(busy.status, 503, "a connection past the cap: {}", String::from_utf8_lossy(&busy.body));
    assert!(String::from_utf8_lossy(&busy.body).contains("too many open connections"));
    assert!(busy.header("retry-after").is_some(), "the 503 does not say when to retry");
    assert!(took < PROMPT, "the 503 took {} ms", took.as_millis());
    drop(idle);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (response, _) = timed_get(&preview, "/briefings/a/");
        if response.status == 200 {
            break;
        }
        assert_eq!(response.status, 503);
        assert!(Instant::now() < deadline, "still 503 after the idle connections closed");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(preview.is_running(), "the server stopped");
    assert_prompt(&preview, "after 1,100 connections came and went");
}

#[test]
fn a_client_past_the_cap_that_never_stops_sending_does_not_hold_up_the_accept_loop() {
    let site = site();
    // 256 files leave room for 64 connections.
    let preview = Preview::start_with_file_limits(site.root(), &[], 256, 256);
    let full: Vec<TcpStream> = (0..64).map(|_| connect(preview.port)).collect();
    let (busy, _) = timed_get(&preview, "/");
    assert_eq!(busy.status, 503, "the cap is not where the test expects it");
    let port = preview.port;
    let flood = std::thread::spawn(move || {
        let mut stream = connect(port);
        let chunk = vec![b'x'; 1 << 16];
        let mut sent = 0usize;
        while sent < 100 << 20 && stream.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    std::thread::sleep(Duration::from_millis(200));
    let (busy, took) = timed_get(&preview, "/");
    assert_eq!(busy.status, 503);
    assert!(took < PROMPT, "the next connection past the cap waited {} ms", took.as_millis());
    let sent = flood.join().expect("the flooding client");
    assert!(sent < 100 << 20, "the server read all 100 MB of a refused connection");
    drop(full);
    let deadline = Instant::now() + PATIENCE;
    while timed_get(&preview, "/").0.status != 200 {
        assert!(Instant::now() < deadline, "no answer once the connections were closed");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_soft_limit_on_open_files_is_raised_to_the_hard_limit_at_start() {
    let site = site();
    let preview = Preview::start_with_file_limits(site.root(), &[], 256, 2048);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", preview.pid())).expect("the server's limits");
    let files = limits.lines().find(|l| l.starts_with("Max open files")).expect("a line for open files");
    let numbers: Vec<&str> = files.split_whitespace().filter(|w| w.parse::<u64>().is_ok()).collect();
    assert_eq!(numbers, ["2048", "2048"], "{files}");
}

// ---------------------------------------------------------------- slow and idle clients

#[test]
fn nine_slow_pipelining_readers_and_a_thousand_idle_connections_do_not_delay_a_normal_request() {
    raise_own_file_limit(1200);
    let site = site_with_a_large_page(1);
    let preview = Preview::start(site.root(), &[]);
    // Each sends 2,000 requests at once and never reads an answer.
    let pipelined: String = (0..2000).map(|_| get_line(&preview, "/briefings/large/", true)).collect();
    let slow: Vec<TcpStream> = (0..9)
        .map(|_| {
            let mut stream = connect(preview.port);
            stream.write_all(pipelined.as_bytes()).expect("send the pipelined requests");
            stream
        })
        .collect();
    let idle: Vec<TcpStream> = (0..1000).map(|_| connect(preview.port)).collect();
    // Let the slow readers' buffers fill, so that the server is blocked writing to each.
    std::thread::sleep(Duration::from_secs(2));
    let slowest = assert_prompt(&preview, "with 9 slow pipelining readers and 1,000 idle connections");
    assert!(slowest < PROMPT);
    drop((slow, idle));
}

#[test]
fn twelve_readers_of_a_large_page_share_its_bytes_and_delay_no_one() {
    let site = site_with_a_large_page(8);
    let preview = Preview::start(site.root(), &[]);
    let (full, _) = timed_get(&preview, "/briefings/large/");
    assert_eq!(full.status, 200);
    let size = full.body.len();
    assert!(size > 7_000_000, "the large page has only {size} bytes");
    let before = preview.resident_kib();
    let readers: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut stream = connect(preview.port);
            stream.write_all(get_line(&preview, "/briefings/large/", true).as_bytes()).expect("send");
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    assert_prompt(&preview, "with 12 stalled readers of an 8 MB page");
    if let (Some(before), Some(during)) = (before, preview.resident_kib()) {
        let grown = during.saturating_sub(before);
        eprintln!("resident memory {before} KiB before, {during} KiB with 12 readers (+{grown} KiB)");
        // One copy of the page per reader would be 12 × 8 MB.
        assert!(grown < 16 * 1024, "12 readers of an 8 MB page grew the server by {grown} KiB");
    }
    // A reader that reads gets the whole page, byte for byte.
    let mut reader = BufReader::new(readers.into_iter().next().expect("a reader"));
    let again = read_response(&mut reader, false).expect("the large page");
    assert_eq!(again.status, 200);
    assert!(again.body == full.body, "a streamed large page differs from the same page read at once");
}

#[test]
fn slowloris_half_sent_requests_are_closed_and_delay_no_one() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let mut loris: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut stream = connect(preview.port);
            stream.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", preview.host()).as_bytes()).expect("send");
            stream
        })
        .collect();
    // One more header byte each second on every connection, never the end of the head.
    let started = Instant::now();
    let mut checked = false;
    let mut open = loris.len();
    while started.elapsed() < HEAD_TIMEOUT + Duration::from_secs(5) && open > 0 {
        open = 0;
        for stream in &mut loris {
            if stream.write_all(b"X").is_ok() {
                open += 1;
            }
        }
        if !checked && started.elapsed() > Duration::from_secs(2) {
            assert_prompt(&preview, "with 100 half-sent requests trickling in");
            checked = true;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    // Every one was answered 408 or closed once the head took too long.
    for (i, stream) in loris.iter_mut().enumerate() {
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        reader.get_ref().set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        if let Ok(response) = read_response(&mut reader, false) {
            assert_eq!(response.status, 408, "half-sent request {i}");
        }
        assert!(closed_by_server(stream, Duration::from_secs(5)), "half-sent request {i} is still open");
    }
}

#[test]
fn a_connection_that_never_sends_a_request_is_closed_after_the_idle_timeout() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let mut idle = connect(preview.port);
    let started = Instant::now();
    assert!(closed_by_server(&mut idle, IDLE_TIMEOUT + Duration::from_secs(10)), "an idle connection stayed open");
    assert!(started.elapsed() + Duration::from_secs(1) >= IDLE_TIMEOUT, "closed after {:?}", started.elapsed());
}

// ---------------------------------------------------------------- heads

#[test]
fn a_header_line_of_200_mb_is_refused_without_growing_the_server() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let before = preview.resident_kib();
    let mut stream = connect(preview.port);
    stream.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Huge: ", preview.host()).as_bytes()).expect("send");
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0usize;
    let started = Instant::now();
    while sent < 200 << 20 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
        assert!(started.elapsed() < PATIENCE, "the server kept reading the header line");
    }
    assert!(sent < 200 << 20, "the server took the whole 200 MB header line");
    if let (Some(before), Some(after)) = (before, preview.resident_kib()) {
        let grown = after.saturating_sub(before);
        assert!(grown < 8 * 1024, "a huge header line grew the server by {grown} KiB");
    }
    let _ = stream.shutdown(Shutdown::Write);
    assert!(closed_by_server(&mut stream, PATIENCE), "the connection with the huge header stayed open");
    assert_prompt(&preview, "after a 200 MB header line");
}

#[test]
fn a_head_over_the_cap_gets_431_and_one_under_it_is_served() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    for (name, value) in [("X-Long", "b".repeat(100 * 1024)), ("Cookie", "c=".to_string() + &"d".repeat(70 * 1024))] {
        let mut stream = connect(preview.port);
        let request = format!("GET / HTTP/1.1\r\nHost: {}\r\n{name}: {value}\r\n\r\n", preview.host());
        stream.write_all(request.as_bytes()).expect("send");
        let response = read_response(&mut BufReader::new(stream.try_clone().expect("clone")), false)
            .unwrap_or_else(|e| panic!("a {} KiB {name} header got no answer: {e}", value.len() / 1024));
        assert_eq!(response.status, 431, "a {} KiB {name} header", value.len() / 1024);
        assert!(closed_by_server(&mut stream, PATIENCE), "the connection stayed open after 431");
    }
    // Many headers that add up past the cap, too.
    let many: String = (0..2000).map(|i| format!("X-Many-{i}: {}\r\n", "e".repeat(40))).collect();
    let mut stream = connect(preview.port);
    stream.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n{many}\r\n", preview.host()).as_bytes()).expect("send");
    let response = read_response(&mut BufReader::new(stream), false).expect("an answer to many headers");
    assert_eq!(response.status, 431, "2,000 headers");
    // A large but reasonable head (a browser with many cookies) is fine.
    let mut stream = connect(preview.port);
    let cookie = "f".repeat(16 * 1024);
    let request =
        format!("GET / HTTP/1.1\r\nHost: {}\r\nCookie: a={cookie}\r\nConnection: close\r\n\r\n", preview.host());
    stream.write_all(request.as_bytes()).expect("send");
    assert_eq!(read_response(&mut BufReader::new(stream), false).expect("answer").status, 200);
}

// ---------------------------------------------------------------- pipelining

#[test]
fn pipelined_requests_are_answered_in_order_on_one_connection() {
    let site = site_with_a_large_page(1);
    let preview = Preview::start(site.root(), &[]);
    let (large, _) = timed_get(&preview, "/briefings/large/");
    let (notes, _) = timed_get(&preview, "/files/notes.txt");
    let etag = notes.header("etag").expect("an ETag").to_string();
    let host = preview.host();
    let requests = [
        ("GET", "/briefings/a/", String::new()),
        ("HEAD", "/briefings/large/", String::new()),
        ("GET", "/files/notes.txt", String::new()),
        ("GET", "/no-such-page/", String::new()),
        ("GET", "/files/notes.txt", format!("If-None-Match: {etag}\r\n")),
        ("GET", "/briefings/large/", String::new()),
        ("GET", "/briefings/b", String::new()),
        ("GET", "/../secret", String::new()),
        ("GET", "/briefings/b/", "Connection: close\r\n".to_string()),
    ];
    let all: String = requests
        .iter()
        .map(|(method, path, extra)| format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n"))
        .collect();
    let mut stream = connect(preview.port);
    stream.write_all(all.as_bytes()).expect("send");
    let mut reader = BufReader::new(stream);
    let mut answers = Vec::new();
    for (method, path, _) in &requests {
        let response = read_response(&mut reader, *method == "HEAD")
            .unwrap_or_else(|e| panic!("no answer to pipelined {method} {path}: {e}"));
        answers.push(response);
    }
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 404, 304, 200, 301, 400, 200]);
    assert!(String::from_utf8_lossy(&answers[0].body).contains("Alpha text."));
    assert!(answers[1].body.is_empty());
    assert_eq!(answers[2].body, b"plain notes\n");
    assert!(answers[5].body == large.body, "the pipelined large page differs");
    assert_eq!(answers[6].header("location"), Some("/briefings/b/"));
    assert!(String::from_utf8_lossy(&answers[8].body).contains("Bravo text."));
    // Connection: close on the last one: nothing more, and the connection ends.
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).expect("the end of the connection");
    assert!(rest.is_empty(), "bytes after the last answer: {:?}", String::from_utf8_lossy(&rest));
}
