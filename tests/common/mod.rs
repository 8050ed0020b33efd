//! Fixture sites for integration tests: each test writes a small site into a temporary folder,
//! runs the real `brief` binary on it and reads the pages it produced.
#![allow(dead_code)]

pub mod browser;
pub mod serve;

#[allow(unused_imports)]
pub use browser::in_ci;

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

/// Whether this process runs as root (some file-system tests need to, or must not).
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The repository's root, which holds the shipped site.
pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped site, built into `public/` of a temporary folder (kept while the guard lives).
pub struct ShippedSite {
    _dir: tempfile::TempDir,
    pub public: PathBuf,
}

impl ShippedSite {
    pub fn build() -> ShippedSite {
        let dir = tempfile::tempdir().expect("output folder");
        let public = dir.path().join("public");
        let root = repository().to_string_lossy().into_owned();
        run_in(repository(), &["build", "--root", &root, "--output", &public.to_string_lossy()]).expect_success();
        ShippedSite { _dir: dir, public }
    }

    /// Every file of the built site with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.public)
    }
}

/// Copies the folder `from` to `to`, files and folders alike.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of a site's `content/` and `themes/` in a temporary folder, to edit freely.
pub fn copy_site(root: &Path) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("folder");
    for part in ["content", "themes"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_dir(&from, &site.path().join(part));
        }
    }
    site
}

/// Every file under `dir` with its bytes.
/// Every file of the site in `dir`, with its bytes; brief's own record (`.brief/`) is left
/// out.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == ".brief"));
    for entry in walker {
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
    run_in_env(dir, args, &[])
}

/// [`run_in`] with more environment variables.
pub fn run_in_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
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

/// A start tag as a browser's tokenizer reads it: quoted values are skipped whole, so a `>`
/// inside one does not end the tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    pub name: String,
    /// Attribute names (lowercased) and values (with `&amp;` and `&quot;` unescaped), in order.
    pub attributes: Vec<(String, String)>,
    /// The start of the tag's source, for messages.
    pub source: String,
}

/// Every start tag in `html`, in order.
pub fn all_start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(start) = html[i..].find('<').map(|s| s + i) {
        i = start + 1;
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'>' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let key_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>') {
                i += 1;
            }
            let key = html[key_start..i].to_ascii_lowercase();
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close = html[i + 1..].find(q as char).map_or(html.len(), |end| i + 1 + end);
                        value = &html[i + 1..close];
                        i = (close + 1).min(html.len());
                    }
                    _ => {
                        let value_start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                            i += 1;
                        }
                        value = &html[value_start..i];
                    }
                }
            }
            attributes.push((key, value.replace("&quot;", "\"").replace("&amp;", "&")));
        }
        let mut end = i.min(start + 120);
        while !html.is_char_boundary(end) {
            end -= 1;
        }
        tags.push(StartTag { name, attributes, source: html[start..end].to_string() });
    }
    tags
}

/// The attributes of every `<name …>` start tag in `html`.
pub fn start_tags(html: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    all_start_tags(html).into_iter().filter(|t| t.name == name).map(|t| t.attributes.into_iter().collect()).collect()
}

/// Builds `site` in-process with the library's pipeline (for tests where the command line
/// is not what is tested) and gives every diagnostic, sorted as the report prints them.
pub fn build_in_process(site: &TestSite) -> brief::diagnostics::Diagnostics {
    let options = brief::load::LoadOptions { root: site.root().to_path_buf(), ..Default::default() };
    brief::pipeline::build(&options).diagnostics
}
