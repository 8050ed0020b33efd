//! A long day with the preview open: `brief serve` on a generated corpus of 1,000 briefings,
//! two tabs of a headless Chromium open on it (so every rebuild live-reloads them), and 2,000
//! successive edits of mixed kinds, each waited for until its rebuild is done: body edits,
//! front-matter edits, new headings, new links, briefings added and removed, and builds broken
//! and fixed again. Prints the server's resident memory (`VmRSS` in `/proc/PID/status`) along
//! the way, to see that it does not keep growing. A measurement, not a test; run it in
//! release mode, with the release binary built first:
//!
//!     cargo build --release && cargo run --release --example long_day -- [EDITS] [BRIEFINGS]
//!
//! Needs Chromium (`$BRIEF_CHROMIUM`, or `chromium` on the PATH) and Linux's `/proc`.

#[path = "../tests/common/browser.rs"]
mod browser;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Edits after which the resident memory is printed.
const REPORT_AT: &[usize] = &[1, 100, 250, 500, 1000, 1500, 2000];
/// How long one rebuild may take before the run gives up.
const REBUILD_PATIENCE: Duration = Duration::from_secs(120);

fn main() {
    let mut args = std::env::args().skip(1);
    let edits: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let briefings: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let binary = brief_binary();
    let corpus = tempfile::tempdir().expect("a temporary folder");
    let root = corpus.path().join("site");
    let generated = Command::new(&binary)
        .args(["gen-corpus", &briefings.to_string()])
        .arg(&root)
        .status()
        .expect("run brief gen-corpus");
    assert!(generated.success(), "brief gen-corpus failed");

    let (server, lines, url) = start_server(&binary, &root);
    let pid = server.0.id();
    let started = Instant::now();
    println!("{briefings} briefings served at {url} by process {pid}: {} KiB resident", resident_kib(pid));

    let Some(mut browser) = browser::Browser::launch() else {
        drop(server);
        std::process::exit(2);
    };
    browser.open(&format!("{url}briefings/b00500/"));
    let mut second = browser.new_tab();
    second.load(&url, Duration::from_secs(60));

    let mut writer = Writer::new(&root);
    for edit in 1..=edits {
        let what = writer.edit(edit);
        wait_for_rebuild(&lines, &what);
        if edit % 50 == 0 {
            // Read what the tabs reported meanwhile (their live reloads), so it does not pile up.
            let one = serde_json::json!({ "expression": "1" });
            let _ = browser.try_call("Runtime.evaluate", one.clone());
            let _ = second.try_call("Runtime.evaluate", one);
        }
        if REPORT_AT.contains(&edit) || edit == edits {
            println!(
                "after edit {edit:>5} ({:>4} s): {:>7} KiB resident (last: {what})",
                started.elapsed().as_secs(),
                resident_kib(pid)
            );
        }
    }
    writer.restore();
}

/// The running server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `target/<profile>/brief`, next to this example's folder.
fn brief_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("this program's path");
    let binary = exe.parent().and_then(Path::parent).map(|dir| dir.join("brief")).expect("the target folder");
    assert!(binary.is_file(), "{} is missing: run `cargo build --release` first", binary.display());
    binary
}

/// Starts `brief serve` on `root` and returns it, its printed lines and its URL.
fn start_server(binary: &Path, root: &Path) -> (Server, Receiver<String>, String) {
    let child = Command::new(binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start brief serve");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    loop {
        let line = lines.recv_timeout(REBUILD_PATIENCE).expect("brief serve did not start");
        if let Some(at) = line.find("http://") {
            return (server, lines, line[at..].trim().to_string());
        }
    }
}

/// Waits for the server to print the end of a rebuild.
fn wait_for_rebuild(lines: &Receiver<String>, what: &str) {
    loop {
        match lines.recv_timeout(REBUILD_PATIENCE) {
            Ok(line) if line.starts_with("Rebuilt after") => return,
            Ok(_) => {}
            Err(_) => panic!("no rebuild after: {what}"),
        }
    }
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Makes the edits, on a rotating set of briefings, keeping the originals to put back.
struct Writer {
    briefings: Vec<(PathBuf, String)>,
    folder: PathBuf,
}

impl Writer {
    fn new(root: &Path) -> Writer {
        let folder = root.join("content/briefings");
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(&folder).expect("briefings").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        let briefings = paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).expect("read"))).collect();
        Writer { briefings, folder }
    }

    /// Makes edit number `n` and says what it was.
    fn edit(&mut self, n: usize) -> String {
        let (path, original) = &self.briefings[(n * 7) % self.briefings.len()];
        let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let other =
            self.briefings[(n * 13 + 1) % self.briefings.len()].0.file_stem().map(|s| s.to_string_lossy().into_owned());
        let other = other.unwrap_or_default();
        let extra = self.folder.join(format!("added-{}.md", n / 20));
        let (text, what) = match n % 20 {
            // A new briefing now, gone again a few edits later.
            7 => {
                let text =
                    format!("---\ntitle: \"Added {n}\"\ndate: 2026-01-07\n---\n\nA briefing added during the day.\n");
                std::fs::write(&extra, text).expect("add a briefing");
                return format!("added {}", extra.display());
            }
            11 => {
                let _ = std::fs::remove_file(&extra);
                return format!("removed {}", extra.display());
            }
            // A broken link, fixed by the next edit (the same briefing, its original text).
            15 => (format!("{original}\nSee [[no-such-briefing-{n}]].\n"), format!("broke {slug}")),
            16 => {
                let (path, original) = &self.briefings[((n - 1) * 7) % self.briefings.len()];
                std::fs::write(path, original).expect("fix a briefing");
                return "fixed the broken link".into();
            }
            3 | 9 => (
                original.replacen("summary: \"", &format!("summary: \"Revised ({n}). "), 1),
                format!("summary of {slug}"),
            ),
            5 => (
                format!("{original}\n## A heading added at edit {n}\n\nWith a paragraph.\n"),
                format!("heading in {slug}"),
            ),
            13 => (format!("{original}\nSee also [[{other}]].\n"), format!("link from {slug} to {other}")),
            _ => (format!("{original}\nA sentence added at edit {n}.\n"), format!("body of {slug}")),
        };
        std::fs::write(path, text).expect("edit a briefing");
        what
    }

    fn restore(&self) {
        for (path, original) in &self.briefings {
            let _ = std::fs::write(path, original);
        }
    }
}
