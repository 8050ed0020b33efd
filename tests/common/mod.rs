//! Fixture sites for integration tests: each test writes a small site into a temporary folder,
//! builds it in-process with the library (or, where the command line is under test, runs the
//! real `brief` binary on it through [`launch`]) and reads what it produced.

pub(crate) mod browser;
pub(crate) mod launch;
pub(crate) mod serve;

pub(crate) use browser::in_ci;
pub(crate) use launch::{Brief, Run};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use brief::diagnostics::Diagnostics;
use brief::load::LoadOptions;
use brief::output::Discard;
use brief::write::{WriteError, WriteOptions, WriteStats};

/// The `site.yaml` every fixture starts with, unless it writes its own: a site that tracks the
/// status of organizations the shipped site tracks ([`STATUS_YAML`]).
pub(crate) const SITE_YAML: &str = concat!("title: Test Briefings\nbase_url: https://example.org/\n", status_yaml!());

/// A `site.yaml` with no status and the default taxonomy.
pub(crate) const PLAIN_SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/\n";

/// The status of the shipped site (`content/site.yaml`): where the United States stands.
pub(crate) const STATUS_YAML: &str = status_yaml!();

macro_rules! status_yaml {
    () => {
        "status:\n  field: us_status\n  label: U.S. status\n  description: where the United States stands\n  \
         not_stated: Not stated in the sources\n  values:\n    \
         - key: withdrawal-announced\n      label: Withdrawal announced\n      colour: orange\n      icon: \"↘\"\n    \
         - key: withdrawn\n      label: Withdrawn\n      colour: red\n      icon: \"✕\"\n    \
         - key: member\n      label: Member\n      colour: green\n      icon: \"✓\"\n    \
         - key: not-affected\n      label: Not affected\n      colour: blue\n      icon: \"=\"\n    \
         - key: never-member\n      label: Never a member\n      colour: grey\n      icon: \"–\"\n    \
         - key: not-a-membership\n      label: Not a membership\n      colour: purple\n      icon: \"○\"\n"
    };
}
use status_yaml;

/// A site in a temporary folder.
pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

/// What an in-process build or check found, and what the build wrote.
#[derive(Debug)]
pub(crate) struct Build {
    pub diagnostics: Diagnostics,
    /// The diagnostics as `brief` prints them on standard error, without colour.
    pub report: String,
    /// What writing into the output folder did; `None` for a check, or a build that failed
    /// (which writes nothing).
    pub written: Option<WriteStats>,
}

impl Build {
    fn of(diagnostics: Diagnostics, written: Option<WriteStats>) -> Build {
        Build { report: diagnostics.render(false), diagnostics, written }
    }

    /// Asserts there was no error (so `brief build` would exit 0), and gives the build.
    pub(crate) fn expect_success(&self) -> &Build {
        assert!(!self.diagnostics.has_errors(), "the build failed:\n{}", self.report);
        self
    }

    /// Asserts there was an error (so `brief build` would exit 1 and write nothing).
    pub(crate) fn expect_failure(&self) -> &Build {
        assert!(self.diagnostics.has_errors(), "the build succeeded:\n{}", self.report);
        assert!(self.written.is_none(), "a failed build wrote files");
        self
    }

    /// Asserts there was neither an error nor a warning (so `brief check --deny-warnings`
    /// would exit 0).
    pub(crate) fn expect_clean(&self) -> &Build {
        assert!(self.diagnostics.is_empty(), "expected no error and no warning:\n{}", self.report);
        self
    }

    /// Asserts there was an error or a warning (so `brief check --deny-warnings` would exit 1).
    pub(crate) fn expect_problems(&self) -> &Build {
        assert!(!self.diagnostics.is_empty(), "expected an error or a warning, and there was none");
        self
    }

    /// Asserts the report contains `text`.
    pub(crate) fn expect_report(&self, text: &str) -> &Build {
        assert!(self.report.contains(text), "the report lacks {text:?}:\n{}", self.report);
        self
    }

    /// What the build wrote; panics if it wrote nothing.
    pub(crate) fn written(&self) -> &WriteStats {
        self.written.as_ref().unwrap_or_else(|| panic!("the build wrote nothing:\n{}", self.report))
    }
}

impl TestSite {
    /// An empty site with [`SITE_YAML`].
    pub(crate) fn new() -> TestSite {
        TestSite::bare().file("content/site.yaml", SITE_YAML)
    }

    /// A folder with nothing in it.
    pub(crate) fn bare() -> TestSite {
        TestSite { dir: tempfile::tempdir().expect("temporary folder") }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes `text` to `relative` (creating folders), replacing any file there.
    pub(crate) fn file(self, relative: &str, text: &str) -> TestSite {
        self.write(relative, text.as_bytes());
        self
    }

    pub(crate) fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
        std::fs::write(path, bytes).expect("write fixture file");
    }

    pub(crate) fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("remove fixture file");
    }

    /// `content/briefings/<slug>.md` with the given extra front matter lines and body.
    pub(crate) fn briefing(self, slug: &str, front_matter: &str, body: &str) -> TestSite {
        let text = format!("---\ntitle: \"Briefing {slug}\"\ndate: 2026-01-07\n{front_matter}---\n\n{body}");
        self.file(&format!("content/briefings/{slug}.md"), &text)
    }

    /// `content/organizations/<slug>.md` with `name: <name>` and the given extra lines.
    pub(crate) fn organization(self, slug: &str, name: &str, front_matter: &str) -> TestSite {
        let text = format!("---\nname: {name}\n{front_matter}---\n\nAbout {name}.\n");
        self.file(&format!("content/organizations/{slug}.md"), &text)
    }

    pub(crate) fn event(self, slug: &str, date: &str, front_matter: &str, body: &str) -> TestSite {
        let text = format!("---\ntitle: \"Event {slug}\"\ndate: {date}\n{front_matter}---\n\n{body}");
        self.file(&format!("content/timeline/{slug}.md"), &text)
    }

    pub(crate) fn sources(self, yaml: &str) -> TestSite {
        self.file("content/sources.yaml", yaml)
    }

    /// The options `brief build --root DIR` builds the site with.
    pub(crate) fn options(&self) -> LoadOptions {
        LoadOptions { root: self.root().to_path_buf(), ..LoadOptions::default() }
    }

    /// Builds the site in-process into `public/`, as `brief build --root DIR` does.
    pub(crate) fn build(&self) -> Build {
        self.build_with(&self.options())
    }

    /// [`TestSite::build`] with other options (`--drafts`, `--base-url`).
    pub(crate) fn build_with(&self, options: &LoadOptions) -> Build {
        self.build_to(options, &self.path("public"))
    }

    /// Builds the site in-process into `out_dir`, as `brief build --output OUT_DIR` does.
    /// Panics if the folder cannot be written: tests of that run the binary.
    ///
    /// The build holds the folder's lock in this process, and a child process another test
    /// starts meanwhile holds a copy of it until it runs its program; so a build that finds
    /// the folder busy tries again, and the lock is free again before this returns (for a
    /// `brief build` that follows).
    pub(crate) fn build_to(&self, options: &LoadOptions, out_dir: &Path) -> Build {
        let deadline = Instant::now() + LOCK_PATIENCE;
        let written = loop {
            match brief::pipeline::build_to(options, out_dir, WriteOptions::default()) {
                Err(WriteError::Busy { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                written => break written,
            }
        };
        let written = written.unwrap_or_else(|e| panic!("cannot build into {}: {e}", out_dir.display()));
        let stats = written.commit.map(|commit| commit.unwrap_or_else(|e| panic!("the commit failed: {e}")));
        wait_until_unlocked(out_dir);
        Build::of(written.report.diagnostics, stats)
    }

    /// Checks the site in-process, as `brief check --root DIR` does: builds it, writes nothing.
    pub(crate) fn check(&self) -> Build {
        Build::of(brief::pipeline::build_into(&self.options(), &Discard).diagnostics, None)
    }

    /// Runs `brief ARGS` in the site's folder.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// Runs `brief build --root DIR EXTRA…` in the site's folder.
    pub(crate) fn build_cli(&self, extra: &[&str]) -> Run {
        self.run_on_root("build", extra)
    }

    /// Runs `brief check --root DIR EXTRA…` in the site's folder.
    pub(crate) fn check_cli(&self, extra: &[&str]) -> Run {
        self.run_on_root("check", extra)
    }

    fn run_on_root(&self, command: &str, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec![command, "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The text of `public/<relative>`.
    pub(crate) fn page(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub(crate) fn has_page(&self, relative: &str) -> bool {
        self.path("public").join(relative).exists()
    }

    /// Every file under `public/` with its bytes, to compare builds.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path("public"))
    }
}

/// How long the tests wait for an output folder's lock that a starting child process holds.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

/// Waits until no process holds the lock of the output folder `out_dir` (if it has one).
fn wait_until_unlocked(out_dir: &Path) {
    let Ok(lock) = std::fs::File::open(out_dir.join(brief::write::STATE_DIR).join("lock")) else { return };
    let deadline = Instant::now() + LOCK_PATIENCE;
    loop {
        match rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return,
            Err(rustix::io::Errno::WOULDBLOCK) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("the lock of {} is still held: {e}", out_dir.display()),
        }
    }
}

/// Whether this process runs as root (some file-system tests need to, or must not).
pub(crate) fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The repository's root, which holds the shipped site.
pub(crate) fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped site, built in-process once for every test that reads it.
pub(crate) struct ShippedSite {
    /// Every file of the built site with its bytes, by path.
    pub files: BTreeMap<String, Vec<u8>>,
    pub diagnostics: Diagnostics,
}

/// The shipped site as `brief build` in the repository's root builds it.
pub(crate) fn shipped_site() -> &'static ShippedSite {
    static BUILT: OnceLock<ShippedSite> = OnceLock::new();
    BUILT.get_or_init(|| {
        let built = brief::pipeline::build(&LoadOptions { root: repository().to_path_buf(), ..LoadOptions::default() });
        let output = built
            .output
            .unwrap_or_else(|| panic!("the shipped site does not build:\n{}", built.diagnostics.render(false)));
        let files = output
            .files
            .iter()
            .map(|(path, body)| (path.clone(), body.read().unwrap_or_else(|e| panic!("{path}: {e}")).into_owned()))
            .collect();
        ShippedSite { files, diagnostics: built.diagnostics }
    })
}

/// Copies the folder `from` to `to`, files and folders alike.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
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
pub(crate) fn copy_site(root: &Path) -> tempfile::TempDir {
    let site = tempfile::tempdir().expect("folder");
    for part in ["content", "themes"] {
        let from = root.join(part);
        if from.is_dir() {
            copy_dir(&from, &site.path().join(part));
        }
    }
    site
}

/// Every file of the site in `dir`, with its bytes; brief's own record (`.brief/`) is left
/// out.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

/// Runs `brief ARGS` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    Brief::new(args).in_dir(dir).run()
}

/// The `href` values of `<a>` elements in `html`, in order.
/// `html` with its tags taken out; entities stay as written.
pub(crate) fn without_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

pub(crate) fn hrefs(html: &str) -> Vec<String> {
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
pub(crate) struct StartTag {
    pub name: String,
    /// Attribute names (lowercased) and values (with `&amp;` and `&quot;` unescaped), in order.
    pub attributes: Vec<(String, String)>,
    /// The tag as written in the HTML, for messages.
    pub text: String,
}

/// Every start tag in `html`, in order.
pub(crate) fn all_start_tags(html: &str) -> Vec<StartTag> {
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
        tags.push(StartTag { name, attributes, text: html[start..end].to_string() });
    }
    tags
}

/// The attributes of every `<name …>` start tag in `html`.
pub(crate) fn start_tags(html: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    all_start_tags(html).into_iter().filter(|t| t.name == name).map(|t| t.attributes.into_iter().collect()).collect()
}
