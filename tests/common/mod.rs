//! Fixture sites for integration tests: each test writes a small site into a temporary folder,
//! runs the real `brief` binary on it and reads the pages it produced.
#![allow(dead_code)]

pub mod browser;
pub mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The `site.yaml` every fixture starts with, unless it writes its own.
pub const SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/\n";

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What a run of `brief` printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the output unless the run exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    pub fn expect_success(&self) -> &Run {
        self.expect_code(0)
    }

    /// Asserts standard error contains `text`.
    pub fn expect_stderr(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "stderr lacks {text:?}:\n{}", self.stderr);
        self
    }

    pub fn expect_stdout(&self, text: &str) -> &Run {
        assert!(self.stdout.contains(text), "stdout lacks {text:?}:\n{}", self.stdout);
        self
    }
}

impl TestSite {
    /// An empty site with [`SITE_YAML`].
    pub fn new() -> TestSite {
        TestSite::bare().file("content/site.yaml", SITE_YAML)
    }

    /// A folder with nothing in it.
    pub fn bare() -> TestSite {
        TestSite { dir: tempfile::tempdir().expect("temporary folder") }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `text` to `relative` (creating folders), replacing any file there.
    pub fn file(self, relative: &str, text: &str) -> TestSite {
        self.write(relative, text.as_bytes());
        self
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(path, bytes).expect("write fixture file");
    }

    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("remove fixture file");
    }

    /// `content/briefings/<slug>.md` with the given extra front matter lines and body.
    pub fn briefing(self, slug: &str, front_matter: &str, body: &str) -> TestSite {
        let text = format!("---\ntitle: \"Briefing {slug}\"\ndate: 2026-01-07\n{front_matter}---\n\n{body}");
        self.file(&format!("content/briefings/{slug}.md"), &text)
    }

    /// `content/organizations/<slug>.md` with `name: <name>` and the given extra lines.
    pub fn organization(self, slug: &str, name: &str, front_matter: &str) -> TestSite {
        let text = format!("---\nname: {name}\n{front_matter}---\n\nAbout {name}.\n");
        self.file(&format!("content/organizations/{slug}.md"), &text)
    }

    pub fn event(self, slug: &str, date: &str, front_matter: &str, body: &str) -> TestSite {
        let text = format!("---\ntitle: \"Event {slug}\"\ndate: {date}\n{front_matter}---\n\n{body}");
        self.file(&format!("content/timeline/{slug}.md"), &text)
    }

    pub fn sources(self, yaml: &str) -> TestSite {
        self.file("content/sources.yaml", yaml)
    }

    /// Runs `brief ARGS` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// `brief build --root DIR` plus `extra`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `brief check --root DIR` plus `extra`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["check", "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The text of `public/<relative>`.
    pub fn page(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn has_page(&self, relative: &str) -> bool {
        self.path("public").join(relative).exists()
    }

    /// Every file under `public/` with its bytes, to compare builds.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path("public"))
    }
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            files.insert(relative, std::fs::read(entry.path()).expect("read"));
        }
    }
    files
}

/// Runs `brief ARGS` in `dir`, killing it if it runs for more than a minute (a hang is a
/// failure, not a wait).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start brief");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("brief {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().expect("output");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The `href` values of `<a>` elements in `html`, in order.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter_map(|tag| {
            let start = tag.find("href=\"")? + 6;
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].replace("&amp;", "&"))
        })
        .collect()
}

/// The attributes of every `<name …>` start tag in `html`, values unescaped for `&amp;` and
/// `&quot;`: enough to read the pages brief writes, which quote every value.
#[allow(dead_code)]
pub fn start_tags(html: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let opening = format!("<{name}");
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&opening) {
        rest = &rest[at + opening.len()..];
        if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let mut attributes = BTreeMap::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let key = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let quote = after.chars().next().filter(|&c| c == '"' || c == '\'');
                let (raw, remaining) = match quote {
                    Some(q) => {
                        let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                        (&after[1..close], after.get(close + 1..).unwrap_or(""))
                    }
                    None => {
                        let close = after.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after.len());
                        (&after[..close], &after[close..])
                    }
                };
                value = raw.replace("&quot;", "\"").replace("&amp;", "&");
                rest = remaining;
            }
            attributes.insert(key, value);
        }
        tags.push(attributes);
    }
    tags
}
