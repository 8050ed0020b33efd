//! Diagnostics: every problem a stage finds, with where it is and how to fix it.
//!
//! Takes: problems reported by load, parse, link and render, each with a stable code
//! (`E0xx` for errors, `W0xx` for warnings; `docs/diagnostics.md` lists them), a file and,
//! where the problem is in the file's text, a line and column. Gives: one report, causes
//! before consequences (by stage, then by file), printed for people as
//! `error[E041]: path:line:col: message`, the offending line and a `help:` line; or for tools
//! as one JSON object per diagnostic, and as GitHub workflow annotations; [`report`] prints it
//! in the [`MessageFormat`] asked for.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where in a file a problem is: 1-based line and column (in characters), the text of that
/// line, and how many characters to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The line, counted from 1.
    pub line: usize,
    /// The column, counted from 1, in characters.
    pub column: usize,
    pub(crate) line_text: String,
    pub(crate) len: usize,
}

impl Location {
    /// The location of byte `range` in `text`. Out-of-range offsets are clamped, so a
    /// diagnostic never panics on the way to the user.
    pub(crate) fn of(text: &str, range: std::ops::Range<usize>) -> Location {
        let start = floor_char_boundary(text, range.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, range.end.clamp(start, line_end));
        let len = text[start..end].chars().count().max(1);
        let line_text = text[line_start..line_end].trim_end_matches('\r').to_string();
        Location { line, column, line_text, len }
    }

    /// The column just after the underlined text.
    pub(crate) fn end_column(&self) -> usize {
        self.column + self.len
    }
}

/// Another place that bears on a diagnostic: the pages linking to a broken file, say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub(crate) file: PathBuf,
    pub(crate) location: Option<Box<Location>>,
    pub(crate) message: String,
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem: an error (the site is not built) or a warning, with its code, its file and,
/// where it has one, its place in the file, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// Stable across versions: `E012`, `W050`. The number says the stage: 0–9 load and
    /// `site.yaml`, 10–39 parse (front matter, `sources.yaml`, bodies), 40–59 link, 60–69
    /// render, 70–79 the bibliography's files, 80–89 `brief check --external`.
    pub code: &'static str,
    /// The file as the user knows it: relative to the site root where possible.
    pub file: PathBuf,
    /// Boxed: diagnostics travel in `Err`s, which should stay small.
    pub location: Option<Box<Location>>,
    /// What is wrong, in one line: ``no organization has the slug `fco` ``.
    pub message: String,
    /// How to fix it, when brief can tell: ``did you mean `foc`?``.
    pub help: Option<String>,
    /// How far the problem reaches, when that helps (boxed: rarely there).
    pub reach: Option<Box<Reach>>,
}

/// How far a root problem reaches: a note such as "13 pages link to this file", and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// What the problem stops, in words: "13 pages link to this file".
    pub note: String,
    /// The places it stops, each with its file and, where it has one, its line.
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub(crate) fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            location: None,
            message: message.into(),
            help: None,
            reach: None,
        }
    }

    pub(crate) fn warning(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, file, message) }
    }

    /// Places the diagnostic at byte `range` of the file's `text`.
    pub(crate) fn at(mut self, text: &str, range: std::ops::Range<usize>) -> Diagnostic {
        self.location = Some(Box::new(Location::of(text, range)));
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    pub(crate) fn with_reach(mut self, note: impl Into<String>, related: Vec<Related>) -> Diagnostic {
        self.reach = Some(Box::new(Reach { note: note.into(), related }));
        self
    }

    /// Whether this is an error, which stops the site from being built, rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The stage that found the problem (0 load, 1 parse, 2 link, 3 render), from its code:
    /// 001–009 load, 010–039 and 070–079 (the bibliography) parse, 040–059 link, 060– render;
    /// what an earlier stage finds can cause what a later one does, never the reverse.
    pub(crate) fn stage(&self) -> u8 {
        match self.code.get(1..).and_then(|n| n.parse::<u16>().ok()).unwrap_or(99) {
            0..=9 => 0,
            10..=39 => 1,
            40..=59 => 2,
            // The bibliography's block: its files are read with the front matter.
            70..=79 => 1,
            _ => 3,
        }
    }

    /// `path:line:col` (or just `path` when the problem is the file as a whole).
    pub fn position(&self) -> String {
        let path = display_path(&self.file);
        match &self.location {
            Some(loc) => format!("{path}:{}:{}", loc.line, loc.column),
            None => path,
        }
    }

    /// The report for a terminal (`color`) or a log.
    pub fn render(&self, color: bool) -> String {
        let title = format!("{}: {}", self.position(), self.message);
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(&title).id(self.code));
        if let Some(loc) = &self.location {
            let start = loc.line_text.char_indices().nth(loc.column - 1).map_or(loc.line_text.len(), |(i, _)| i);
            let end =
                loc.line_text[start..].char_indices().nth(loc.len).map_or(loc.line_text.len(), |(i, _)| start + i);
            group = group.element(
                Snippet::source(&loc.line_text)
                    .line_start(loc.line)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
        }
        if let Some(reach) = &self.reach {
            group = group.element(Level::NOTE.message(&reach.note));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&[group]).to_string()
    }

    /// Errors before warnings; then by stage, so causes come before their consequences; then
    /// by file and position.
    fn sort_key(&self) -> (Severity, u8, PathBuf, usize, usize, &str) {
        let (line, column) = self.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        (self.severity, self.stage(), self.file.clone(), line, column, &self.message)
    }

    /// One JSON object, in the manner of cargo's `--message-format json`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let place = |file: &Path, location: &Option<Box<Location>>| {
            let mut value = serde_json::json!({ "file": display_path(file) });
            if let Some(loc) = location {
                value["line"] = loc.line.into();
                value["column"] = loc.column.into();
                value["end"] = serde_json::json!({ "line": loc.line, "column": loc.end_column() });
            }
            value
        };
        let mut value = place(&self.file, &self.location);
        value["reason"] = "diagnostic".into();
        value["severity"] = self.severity.name().into();
        value["code"] = self.code.into();
        value["message"] = self.message.as_str().into();
        value["help"] = self.help.as_deref().into();
        value["note"] = self.reach.as_ref().map(|r| r.note.as_str()).into();
        value["related"] = self
            .reach
            .iter()
            .flat_map(|r| &r.related)
            .map(|r| {
                let mut v = place(&r.file, &r.location);
                v["message"] = r.message.as_str().into();
                v
            })
            .collect::<Vec<_>>()
            .into();
        value["rendered"] = self.render(false).into();
        value
    }

    /// A GitHub Actions workflow command, so the problem shows on the pull request's files.
    pub(crate) fn to_github_annotation(&self) -> String {
        let mut properties = vec![format!("file={}", escape_property(&display_path(&self.file)))];
        if let Some(loc) = &self.location {
            properties.push(format!("line={}", loc.line));
            properties.push(format!("col={}", loc.column));
            properties.push(format!("endColumn={}", loc.end_column()));
        }
        properties.push(format!("title={}", escape_property(&format!("brief {}", self.code))));
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        format!("::{} {}::{}", self.severity.name(), properties.join(","), escape_data(&message))
    }
}

/// Workflow command data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Workflow command properties also escape `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Paths in messages use `/` on every platform, so output and tests agree.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How many warnings with the same message are printed before the rest are counted.
pub(crate) const SAME_WARNING_LIMIT: usize = 10;

/// All the problems of one run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// Whether any of them is an error: then the site is not built.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many are errors (the rest are warnings).
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether the run found no problem at all, not even a warning.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Each problem, in the order it is printed once sorted.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Keeps only the diagnostics `keep` accepts.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// One JSON object a line per diagnostic, then one for the build as a whole (as cargo
    /// ends with `build-finished`).
    pub(crate) fn render_json(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            let _ = writeln!(out, "{}", d.to_json());
        }
        let finished = serde_json::json!({
            "reason": "build-finished",
            "success": !self.has_errors(),
            "errors": self.error_count(),
            "warnings": self.warning_count(),
        });
        let _ = writeln!(out, "{finished}");
        out
    }

    /// A GitHub workflow command a line per diagnostic.
    pub(crate) fn render_github(&self) -> String {
        self.items.iter().map(|d| d.to_github_annotation() + "\n").collect()
    }

    /// Sorted (errors first, then by stage, file and position), duplicates removed: the same
    /// input always prints the same report, causes before consequences.
    pub(crate) fn sorted(mut self) -> Diagnostics {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self
    }

    /// Every error; warnings with the same message at most [`SAME_WARNING_LIMIT`] times, then
    /// how many more there are (a thousand briefings without a source need not print a
    /// thousand times); then a count line such as `error: 2 errors, 1 warning`.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for d in &self.items {
            if !d.is_error() {
                let count = seen.entry(&d.message).or_default();
                *count += 1;
                if *count > SAME_WARNING_LIMIT {
                    continue;
                }
            }
            let _ = writeln!(out, "{}", d.render(color));
        }
        let mut folded: Vec<(&str, usize)> = seen
            .into_iter()
            .filter(|(_, n)| *n > SAME_WARNING_LIMIT)
            .map(|(m, n)| (m, n - SAME_WARNING_LIMIT))
            .collect();
        folded.sort();
        for (message, more) in folded {
            let _ = writeln!(out, "warning: … and {more} more like this: {message}\n");
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors > 0 {
            let _ = writeln!(out, "error: {}, {}", plural(errors, "error"), plural(warnings, "warning"));
        } else if warnings > 0 {
            let _ = writeln!(out, "warning: {}", plural(warnings, "warning"));
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    /// For people: on standard error, with the offending line and a `help:` line
    Human,
    /// For tools: one JSON object per diagnostic on standard output, in the manner of cargo
    Json,
}

/// Prints every diagnostic: for people, with the count line, on standard error (and, on
/// GitHub Actions, as workflow annotations on standard output, so problems show on the pull
/// request's files); for tools, as JSON lines on standard output.
pub(crate) fn report(diagnostics: &Diagnostics, format: MessageFormat) {
    match format {
        MessageFormat::Json => print!("{}", diagnostics.render_json()),
        MessageFormat::Human => {
            if !diagnostics.is_empty() {
                eprint!("{}", diagnostics.render(stderr_color()));
            }
            if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
                print!("{}", diagnostics.render_github());
            }
        }
    }
}

/// Whether to colour messages on standard error.
pub(crate) fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `a briefing`, `an event`.
pub(crate) fn with_article(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {word}")
}

/// `a, b or c` (with `conjunction` `or`), for messages that name several things.
pub(crate) fn listed(words: &[impl AsRef<str>], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_with_commas_and_a_conjunction() {
        assert_eq!(listed(&["a", "b", "c"], "or"), "a, b or c");
        assert_eq!(listed(&["a"], "and"), "a");
        assert_eq!(listed(&[] as &[&str], "and"), "");
    }

    #[test]
    fn location_counts_lines_and_characters_from_one() {
        let text = "---\ntitle: “Über”\norganizations: [foc, fco]\n";
        let at = text.find("fco").unwrap();
        let loc = Location::of(text, at..at + 3);
        assert_eq!((loc.line, loc.column, loc.len), (3, 22, 3));
        assert_eq!(loc.line_text, "organizations: [foc, fco]");
        let uni = text.find('Ü').unwrap();
        assert_eq!(Location::of(text, uni..uni + 2).column, 9);
    }

    #[test]
    fn location_clamps_offsets_past_the_end() {
        let loc = Location::of("abc", 10..20);
        assert_eq!((loc.line, loc.column), (1, 4));
    }

    #[test]
    fn render_prints_position_message_snippet_and_help() {
        let text = "organizations: [foc, fco]";
        let d = Diagnostic::error("E040", "content/briefings/a.md", "unknown organization `fco`")
            .at(text, 21..24)
            .with_help("did you mean `foc`?");
        let out = d.render(false);
        assert!(out.starts_with("error[E040]: content/briefings/a.md:1:22: unknown organization `fco`"), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("help: did you mean `foc`?"), "{out}");
    }

    #[test]
    fn repeated_warnings_are_folded_but_errors_never_are() {
        let mut all = Diagnostics::new();
        for i in 0..15 {
            all.push(Diagnostic::warning("W050", format!("b{i:02}.md"), "this briefing cites no source"));
            all.push(Diagnostic::error("E042", format!("e{i:02}.md"), "broken"));
        }
        let out = all.sorted().render(false);
        assert_eq!(out.matches("cites no source").count(), 11, "{out}");
        assert!(out.contains("… and 5 more like this: this briefing cites no source"));
        assert_eq!(out.matches(": broken").count(), 15);
        assert!(out.ends_with("error: 15 errors, 15 warnings\n"));
    }

    #[test]
    fn report_is_sorted_and_counted() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("W050", "a.md", "w"));
        all.push(Diagnostic::error("E042", "b.md", "e"));
        all.push(Diagnostic::error("E042", "b.md", "e"));
        all.push(Diagnostic::error("E013", "c.md", "root"));
        let all = all.sorted();
        let order: Vec<_> = all.iter().map(|d| (d.code, d.file.clone())).collect();
        assert_eq!(
            order,
            [("E013", PathBuf::from("c.md")), ("E042", PathBuf::from("b.md")), ("W050", PathBuf::from("a.md"))],
            "errors first, then by stage: a front-matter error comes before the links it breaks"
        );
        assert!(all.render(false).ends_with("error: 2 errors, 1 warning\n"));
    }

    #[test]
    fn json_holds_every_field_a_tool_needs() {
        let text = "title: A\norganizations: [foc, fco]\n";
        let at = text.find("fco").unwrap();
        let d = Diagnostic::error("E040", "content/briefings/a.md", "no organization has the slug `fco`")
            .at(text, at..at + 3)
            .with_help("did you mean `foc`?")
            .with_reach(
                "1 page links here",
                vec![Related {
                    file: "content/pages/b.md".into(),
                    location: Some(Box::new(Location::of("x", 0..1))),
                    message: "linked from here".into(),
                }],
            );
        let json = d.to_json();
        assert_eq!(json["severity"], "error");
        assert_eq!(json["code"], "E040");
        assert_eq!(json["file"], "content/briefings/a.md");
        assert_eq!((json["line"].as_u64(), json["column"].as_u64()), (Some(2), Some(22)));
        assert_eq!(json["end"]["column"], 25);
        assert_eq!(json["help"], "did you mean `foc`?");
        assert_eq!(json["related"][0]["file"], "content/pages/b.md");
        assert!(json["rendered"].as_str().unwrap().starts_with("error[E040]"));
    }

    #[test]
    fn github_annotations_escape_what_the_runner_would_misread() {
        let d = Diagnostic::error("E012", "content/a,b.md", "50% of\nit").at("title: x\n", 7..8).with_help("quote it");
        assert_eq!(
            d.to_github_annotation(),
            "::error file=content/a%2Cb.md,line=1,col=8,endColumn=9,title=brief E012::50%25 of%0Ait%0Ahelp: quote it"
        );
    }
}
