//! Diagnostics: every problem a stage finds, with where it is and how to fix it.
//!
//! Takes: problems reported by load, parse, link and render, each with a file and, where the
//! problem is in the file's text, a line and column. Gives: one sorted report, printed as
//! `error: path:line:col: message`, the offending line, and a `help:` line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in a file a problem is: 1-based line and column (in characters), the text of that
/// line, and how many characters to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    pub len: usize,
}

impl Location {
    /// The location of byte `range` in `text`. Out-of-range offsets are clamped, so a
    /// diagnostic never panics on the way to the user.
    pub fn of(text: &str, range: std::ops::Range<usize>) -> Location {
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
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user knows it: relative to the site root where possible.
    pub file: PathBuf,
    /// Boxed: diagnostics travel in `Err`s, which should stay small.
    pub location: Option<Box<Location>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, file: file.into(), location: None, message: message.into(), help: None }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, message) }
    }

    /// Places the diagnostic at byte `range` of the file's `text`.
    pub fn at(mut self, text: &str, range: std::ops::Range<usize>) -> Diagnostic {
        self.location = Some(Box::new(Location::of(text, range)));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
        let mut group = Group::with_title(level.primary_title(&title));
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
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&[group]).to_string()
    }

    fn sort_key(&self) -> (PathBuf, usize, usize, Severity, &str) {
        let (line, column) = self.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
        (self.file.clone(), line, column, self.severity, &self.message)
    }
}

/// Paths in messages use `/` on every platform, so output and tests agree.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// How many warnings with the same message are printed before the rest are counted.
pub const SAME_WARNING_LIMIT: usize = 10;

/// All the problems of one run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file and position, duplicates removed: the same input always prints the
    /// same report.
    pub fn sorted(mut self) -> Diagnostics {
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

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let d = Diagnostic::error("content/briefings/a.md", "unknown organization `fco`")
            .at(text, 21..24)
            .with_help("did you mean `foc`?");
        let out = d.render(false);
        assert!(out.starts_with("error: content/briefings/a.md:1:22: unknown organization `fco`"), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("help: did you mean `foc`?"), "{out}");
    }

    #[test]
    fn repeated_warnings_are_folded_but_errors_never_are() {
        let mut all = Diagnostics::new();
        for i in 0..15 {
            all.push(Diagnostic::warning(format!("b{i:02}.md"), "this briefing cites no source"));
            all.push(Diagnostic::error(format!("e{i:02}.md"), "broken"));
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
        all.push(Diagnostic::warning("b.md", "w"));
        all.push(Diagnostic::error("a.md", "e"));
        all.push(Diagnostic::error("a.md", "e"));
        let all = all.sorted();
        let files: Vec<_> = all.iter().map(|d| d.file.clone()).collect();
        assert_eq!(files, [PathBuf::from("a.md"), PathBuf::from("b.md")]);
        assert!(all.render(false).ends_with("error: 1 error, 1 warning\n"));
    }
}
