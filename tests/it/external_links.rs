//! `brief check --external` against a web server started here, on the loopback: each path
//! answers one way (200, a permanent and a temporary redirect, 404, 500, 405 to HEAD only,
//! too slowly), a listener that never answers stands for a hung server and a closed port for
//! a dead one. The server counts the requests it has open at once, per host and in all.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use brief::external::{ExternalOptions, Limits, LinkReport, check_links};

use crate::common::TestSite;

/// What the server saw.
#[derive(Default)]
struct Stats {
    requests: AtomicUsize,
    /// Open now and at most, by host (the address the request came to).
    open: Mutex<HashMap<String, (usize, usize)>>,
    open_in_all: Mutex<(usize, usize)>,
}

impl Stats {
    fn most_at_once(&self, host: &str) -> usize {
        self.open.lock().expect("stats").get(host).map_or(0, |(_, most)| *most)
    }
    fn most_at_once_in_all(&self) -> usize {
        self.open_in_all.lock().expect("stats").1
    }
}

/// A server on `ip`, answering each path as the module's header says; gives its address.
fn serve(ip: &str, stats: Arc<Stats>) -> String {
    let listener = TcpListener::bind((ip, 0)).expect("bind the test server");
    let address = format!("http://{}", listener.local_addr().expect("its address"));
    let host = ip.to_string();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (stats, host) = (Arc::clone(&stats), host.clone());
            thread::spawn(move || answer(stream, &stats, &host));
        }
    });
    address
}

fn answer(mut stream: TcpStream, stats: &Stats, host: &str) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or("").to_string());
    stats.requests.fetch_add(1, Ordering::SeqCst);
    {
        let mut open = stats.open.lock().expect("stats");
        let entry = open.entry(host.to_string()).or_default();
        entry.0 += 1;
        entry.1 = entry.1.max(entry.0);
        let mut all = stats.open_in_all.lock().expect("stats");
        all.0 += 1;
        all.1 = all.1.max(all.0);
    }
    let (status, extra) = match (method, path.as_str()) {
        (_, "/ok" | "/archive") => ("200 OK", String::new()),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n".into()),
        (_, "/temporary") => ("302 Found", "Location: /ok\r\n".into()),
        (_, "/loop") => ("307 Temporary Redirect", "Location: loop\r\n".into()),
        (_, "/elsewhere") => ("303 See Other", "Location: /gone-too\r\n".into()),
        (_, "/broken") => ("500 Internal Server Error", String::new()),
        (_, "/forbidden") => ("403 Forbidden", String::new()),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", String::new()),
        ("GET", "/no-head") => ("200 OK", String::new()),
        (_, "/slow") => {
            thread::sleep(Duration::from_secs(6));
            ("200 OK", String::new())
        }
        (_, p) if p.starts_with("/busy/") => {
            thread::sleep(Duration::from_millis(150));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    // Closed before the answer is sent: once the client has it, it may open the next.
    {
        let mut open = stats.open.lock().expect("stats");
        if let Some(entry) = open.get_mut(host) {
            entry.0 -= 1;
        }
        stats.open_in_all.lock().expect("stats").0 -= 1;
    }
    let _ = write!(stream, "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = stream.flush();
}

/// A listener that takes connections and never answers; gives its address.
fn silent() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("its address"));
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    address
}

/// An address where nothing listens.
fn closed() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("its address"));
    drop(listener);
    address
}

fn options() -> ExternalOptions {
    let limits = Limits {
        // Long enough for a loaded machine to answer on the loopback, short enough for tests.
        connect_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    ExternalOptions { limits, ignore_cache: false }
}

fn check(site: &TestSite) -> LinkReport {
    check_links(&site.options(), &options()).expect("the site can be read")
}

/// Each warning as `code position message | help`.
fn lines(report: &LinkReport, server: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {} | {}", d.code, d.position(), d.message, d.help.clone().unwrap_or_default()))
        .map(|line| line.replace(server, "SERVER"))
        .collect()
}

#[test]
fn each_answer_is_reported_at_each_place_and_the_cache_answers_a_second_run() {
    let stats = Arc::new(Stats::default());
    let server = serve("127.0.0.1", Arc::clone(&stats));
    let (silent, closed) = (silent(), closed());
    let body = format!(
        "[@report]\n\n\
         - [ok]({server}/ok)\n\
         - [moved]({server}/moved)\n\
         - [temporary]({server}/temporary)\n\
         - [gone]({server}/gone)\n\
         - [broken]({server}/broken)\n\
         - [no head]({server}/no-head)\n\
         - [slow]({server}/slow)\n\
         - [silent]({silent}/)\n\
         - [closed]({closed}/)\n\
         - [forbidden]({server}/forbidden)\n\
         - [gone again]({server}/gone) and [mail](mailto:a@example.org)\n\
         - [loop]({server}/loop)\n\
         - [elsewhere]({server}/elsewhere)\n"
    );
    let site =
        TestSite::new().briefing("b", "", &body).organization("o", "Org", &format!("website: {server}/ok\n")).sources(
            &format!("- id: report\n  title: A report\n  url: {server}/report\n  archived_url: {server}/archive\n"),
        );
    let report = check(&site);
    let closed_why = "the connection was refused";
    assert_eq!(
        lines(&report, &server),
        [
            "W081 content/briefings/b.md:9:3 `SERVER/moved` has moved for good to `SERVER/ok` | write the new address: SERVER/ok".to_string(),
            "W080 content/briefings/b.md:11:3 `SERVER/gone` is dead: answered 404 Not Found | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            "W080 content/briefings/b.md:12:3 `SERVER/broken` is dead: answered 500 Internal Server Error | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            "W080 content/briefings/b.md:14:3 `SERVER/slow` is dead: the server did not answer in time (2 s) | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            format!("W080 content/briefings/b.md:15:3 `{silent}/` is dead: the server did not answer in time (2 s) | find where the page went, or link to an archived copy (such as the Wayback Machine's)"),
            format!("W080 content/briefings/b.md:16:3 `{closed}/` is dead: {closed_why} | find where the page went, or link to an archived copy (such as the Wayback Machine's)"),
            "W082 content/briefings/b.md:17:3 `SERVER/forbidden` could not be checked: the server answered 403 Forbidden | open it in a browser: some servers turn programs away".into(),
            "W080 content/briefings/b.md:18:3 `SERVER/gone` is dead: answered 404 Not Found | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            "W080 content/briefings/b.md:19:3 `SERVER/loop` is dead: it redirects more than 10 times | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            "W080 content/briefings/b.md:20:3 `SERVER/elsewhere` is dead: it redirects to `SERVER/gone-too`, which answered 404 Not Found | find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            "W080 content/sources.yaml:3:8 `SERVER/report` is dead: answered 404 Not Found | the archived copy is SERVER/archive: link to it, or find where the page went".into(),
        ]
    );
    assert_eq!((report.addresses, report.cached, report.dead, report.moved, report.unsure), (14, 0, 8, 1, 1));
    let asked = stats.requests.load(Ordering::SeqCst);
    assert!(site.path(".brief-cache/links.json").is_file(), "the cache is written");

    let again = check(&site);
    assert_eq!(stats.requests.load(Ordering::SeqCst), asked, "a second run asks nothing");
    assert_eq!(again.cached, 14);
    assert_eq!(lines(&again, &server), lines(&report, &server));
    assert!(again.elapsed < Duration::from_millis(500), "the second run is quick: {:?}", again.elapsed);

    // A cache that cannot be read is set aside with a warning.
    site.write(".brief-cache/links.json", b"{\"version\": 1, \"links\": {\"x\": ");
    let third = check(&site);
    assert!(stats.requests.load(Ordering::SeqCst) > asked, "every address is asked again");
    assert_eq!(third.diagnostics.iter().filter(|d| d.code == "W083").count(), 1);
    assert_eq!(third.dead, 8);
}

#[test]
fn websites_embeds_and_images_are_checked_at_their_places() {
    let stats = Arc::new(Stats::default());
    let server = serve("127.0.0.1", Arc::clone(&stats));
    let site = TestSite::new()
        .file("content/site.yaml", "title: T\nbase_url: https://example.org/\nembed_hosts: [charts.invalid]\n")
        .file("content/authors/jane.md", &format!("---\nname: Jane\nwebsite: {server}/jane\n---\n\nBio.\n"))
        .briefing(
            "b",
            "",
            &format!("![A map]({server}/map.png)\n\n```embed\nurl: https://charts.invalid/x\ntitle: A chart\n```\n"),
        );
    let report = check(&site);
    let gone = "answered 404 Not Found | find where the page went, or link to an archived copy (such as the Wayback Machine's)";
    let mut found = lines(&report, &server);
    // Embeds load over https from a named host: `.invalid` never resolves (or, with no
    // resolver at all, does not answer in time).
    let embed = found.pop().expect("the embed is reported");
    assert!(embed.starts_with("W080 content/briefings/b.md:9:6 `https://charts.invalid/x` is dead: "), "{embed}");
    assert_eq!(
        found,
        [
            format!("W080 content/authors/jane.md:3:10 `SERVER/jane` is dead: {gone}"),
            format!("W080 content/briefings/b.md:6:1 `SERVER/map.png` is dead: {gone}"),
        ]
    );
    assert_eq!(report.summary().split(" in ").next(), Some("Checked 3 external addresses (0 from the cache)"));
}

/// Addresses of a BibTeX and a CSL-JSON file are checked where they are written, like those
/// of sources.yaml.
#[test]
fn addresses_of_bib_and_csl_json_entries_are_checked_at_their_lines() {
    let stats = Arc::new(Stats::default());
    let server = serve("127.0.0.1", Arc::clone(&stats));
    let site = TestSite::new()
        .file(
            "content/refs.bib",
            &format!("@report{{fh,\n  title = {{Freedom on the Net}},\n  url = {{{server}/fh}},\n}}\n"),
        )
        .file(
            "content/zotero.json",
            &format!("[{{\"id\": \"un\", \"title\": \"Report\", \"URL\": \"{server}/un\"}}]\n"),
        )
        .briefing("b", "", "Cited [@fh] and [@un].\n");
    let report = check(&site);
    let gone = "answered 404 Not Found | find where the page went, or link to an archived copy (such as the Wayback Machine's)";
    let found = lines(&report, &server);
    assert_eq!(
        found,
        [
            format!("W080 content/refs.bib:3:10 `SERVER/fh` is dead: {gone}"),
            format!("W080 content/zotero.json:1:42 `SERVER/un` is dead: {gone}"),
        ]
    );
}

#[test]
fn requests_are_bounded_in_all_and_per_host() {
    let stats = Arc::new(Stats::default());
    let hosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"];
    let servers: Vec<String> = hosts.iter().map(|ip| serve(ip, Arc::clone(&stats))).collect();
    let mut body = String::new();
    for (i, server) in servers.iter().enumerate() {
        let many = if i == 0 { 10 } else { 3 };
        for n in 0..many {
            body.push_str(&format!("[{i}-{n}]({server}/busy/{n})\n\n"));
        }
    }
    let site = TestSite::new().briefing("b", "", &body);
    let report = check(&site);
    assert!(report.diagnostics.is_empty(), "{:?}", lines(&report, ""));
    assert_eq!(report.addresses, 25);
    assert_eq!(stats.requests.load(Ordering::SeqCst), 25, "each address is asked once, with HEAD");
    for host in hosts {
        assert!(stats.most_at_once(host) <= 2, "{host} had {} requests at once", stats.most_at_once(host));
    }
    assert_eq!(stats.most_at_once("127.0.0.1"), 2, "two at a time to the host with ten addresses");
    let in_all = stats.most_at_once_in_all();
    assert!((3..=8).contains(&in_all), "{in_all} requests at once in all");
}

#[test]
fn the_command_line_checks_external_links_only_when_asked() {
    let stats = Arc::new(Stats::default());
    let server = serve("127.0.0.1", Arc::clone(&stats));
    let site = TestSite::new()
        .briefing("b", "summary: A summary.\n", &format!("[@s] [gone]({server}/gone)\n"))
        .sources("- id: s\n  title: S\n  publisher: P\n  date: 2025\n");
    let plain = site.check_cli(&["--deny-warnings"]);
    assert_eq!(plain.code, 0, "the site is clean: {}", plain.stderr);
    assert_eq!(stats.requests.load(Ordering::SeqCst), 0, "a plain check asks nothing");
    let run = site.check_cli(&["--external", "--external-timeout", "2"]);
    assert_eq!(run.code, 0, "a dead link is a warning: {}", run.stderr);
    assert!(run.stderr.contains("warning[W080]: content/briefings/b.md:7:6: "), "{}", run.stderr);
    assert!(run.stdout.contains("Checked 1 external address (0 from the cache) in "), "{}", run.stdout);
    assert!(run.stdout.contains(": 1 dead, 0 moved, 0 not told"), "{}", run.stdout);
    let json = site.check_cli(&["--external", "--message-format", "json"]);
    let finished: Vec<&str> = json.stdout.lines().filter(|l| l.contains("build-finished")).collect();
    assert_eq!(finished, [r#"{"errors":0,"reason":"build-finished","success":true,"warnings":1}"#], "{}", json.stdout);
    assert!(json.stdout.contains(r#""code":"W080""#), "{}", json.stdout);
    let denied = site.check_cli(&["--external", "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    let misused = site.check_cli(&["--external-timeout", "2"]);
    assert_eq!(misused.code, 2, "--external-timeout needs --external: {}", misused.stderr);
    let zero = site.check_cli(&["--external", "--external-timeout", "0"]);
    assert_eq!(zero.code, 2, "{}", zero.stderr);
}
