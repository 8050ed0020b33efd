//! Parse: the front matter and Markdown outline of every content file.
//!
//! Takes: a [`LoadedSite`]. Gives: a [`ParsedSite`]: each file's typed front matter and
//! [`Outline`] (headings, links, citations with positions), with the raw Markdown kept, since
//! links can only be resolved once every file is known (the link stage's job); and the
//! entries of `sources.yaml`. Files run in parallel. A file with errors is reported and still
//! kept, with whatever of its front matter could be read, so links to it resolve and the rest
//! of the site is checked as if it were right; a bad entry of `sources.yaml` is reported and
//! the other entries are kept. Each data file of `content/data/` is read as a table
//! ([`crate::data`]); one that is not is reported once, at its own line and column, with a
//! note naming the first table block that shows it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography;
use crate::data::{DataFile, DataTable};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Related};
use crate::frontmatter::{self, Locator};
use crate::load::{ContentFile, LoadedSite, StaticFile, TextFile};
use crate::markdown::{self, LinkTarget, Outline};
use crate::model::{Kind, Meta, SUMMARY_PLACEHOLDER, SiteConfig, SourceEntry};
use crate::slugs;
use crate::theme::Theme;

/// A content file, parsed.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) kind: Kind,
    pub(crate) slug: String,
    /// Relative to the site root: `content/briefings/a.md`.
    pub(crate) path: PathBuf,
    /// The whole file, front matter included, so positions can be shown in context.
    pub(crate) text: String,
    pub(crate) yaml: Option<Range<usize>>,
    pub(crate) body: Range<usize>,
    pub(crate) meta: Meta,
    pub(crate) outline: Outline,
    /// Its front matter has errors: parts of `meta` are stand-ins, and the build fails.
    pub(crate) broken: bool,
}

impl Document {
    pub(crate) fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }

    pub(crate) fn locator(&self) -> Locator<'_> {
        Locator::new(&self.text, self.yaml.as_ref())
    }

    pub(crate) fn title(&self) -> &str {
        self.meta.title()
    }

    /// A diagnostic at `range` of the body (ranges from the outline are body-relative).
    pub(crate) fn error_in_body(
        &self,
        code: &'static str,
        range: &Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.path, message)
            .at(&self.text, self.body.start + range.start..self.body.start + range.end)
    }

    pub(crate) fn warning_in_body(
        &self,
        code: &'static str,
        range: &Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::warning(code, &self.path, message)
            .at(&self.text, self.body.start + range.start..self.body.start + range.end)
    }
}

/// An entry of the bibliography, with where its id is written.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) entry: SourceEntry,
    /// The entry as a CSL item, for the citation style.
    pub(crate) item: hayagriva::citationberg::json::Item,
    /// Its file, in [`ParsedSite::source_files`].
    pub(crate) file: usize,
    pub(crate) range: Range<usize>,
    /// Whether it is an entry of `sources.yaml`, written for this site, rather than of a
    /// reference manager's export (a `.bib` or `.json` file), which holds more than the site cites.
    pub(crate) hand_written: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct ParsedSite {
    /// The site's folder, as given.
    pub(crate) root: PathBuf,
    pub(crate) config: SiteConfig,
    pub(crate) config_file: TextFile,
    pub(crate) documents: Vec<Arc<Document>>,
    /// Slugs of drafts left out of this build, by kind, so links to them get a clear message.
    pub(crate) drafts: Vec<(Kind, String)>,
    pub(crate) sources: Vec<Source>,
    /// The bibliography's files: `sources.yaml`, then the `.bib` and `.json` files.
    pub(crate) source_files: Vec<TextFile>,
    /// `sources.yaml` has an entry that could not be read at all (no id, or broken YAML):
    /// citations of ids no entry has may be meant for it.
    pub(crate) sources_incomplete: bool,
    /// The style citations and reference lists follow.
    pub(crate) citation_style: crate::bibliography::style::CitationStyle,
    pub(crate) static_files: Vec<StaticFile>,
    /// The files of `content/data/`, each with its table when it could be read as one.
    pub(crate) data: Vec<DataSet>,
    pub(crate) theme: Theme,
}

/// A file of `content/data/` and its table.
#[derive(Debug, Clone)]
pub(crate) struct DataSet {
    pub(crate) file: DataFile,
    /// `None` when the file is not a table (E037), or could not be read (E002).
    pub(crate) table: Option<Arc<DataTable>>,
}

/// Parses every file of `site`.
pub(crate) fn parse(mut site: LoadedSite) -> (ParsedSite, Diagnostics) {
    let allow_raw_html = site.config.allow_raw_html;
    let content = std::mem::take(&mut site.content);
    let results: Vec<Parsed> = content.into_par_iter().map(|file| parse_file(file, allow_raw_html)).collect();
    assemble(site, results)
}

/// The files parsed by the last build, by path, so the next parses only those whose text
/// changed (the preview server keeps one).
#[derive(Debug, Default)]
pub(crate) struct ParseCache {
    allow_raw_html: bool,
    files: HashMap<PathBuf, CachedFile>,
}

/// A file's document (kept even when it has errors) and its problems.
pub(crate) type Parsed = (Option<Arc<Document>>, Vec<Diagnostic>);

#[derive(Debug)]
struct CachedFile {
    kind: Kind,
    slug: String,
    /// The file's text when no document holds it.
    text: Option<String>,
    parsed: Parsed,
}

impl CachedFile {
    fn new(file: ContentFile, parsed: Parsed) -> CachedFile {
        let text = parsed.0.is_none().then_some(file.text);
        CachedFile { kind: file.kind, slug: file.slug, text, parsed }
    }

    fn is_of(&self, file: &ContentFile) -> bool {
        let text = self.parsed.0.as_ref().map_or(self.text.as_deref().unwrap_or_default(), |d| d.text.as_str());
        self.kind == file.kind && self.slug == file.slug && text == file.text
    }
}

impl ParseCache {
    /// The problems of every file as last parsed.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.values().flat_map(|f| &f.parsed.1)
    }

    /// The problems of the file at `path` as last parsed.
    pub(crate) fn problems(&self, path: &std::path::Path) -> Option<&[Diagnostic]> {
        self.files.get(path).map(|f| f.parsed.1.as_slice())
    }

    /// Records `file` as parsed into `parsed`.
    pub(crate) fn insert(&mut self, file: ContentFile, parsed: Parsed) {
        self.files.insert(file.path.clone(), CachedFile::new(file, parsed));
    }
}

/// Parses every file of `site` as [`parse`] does, taking from `cache` the files whose text
/// is unchanged and leaving in it exactly the files of `site`.
pub(crate) fn parse_with(mut site: LoadedSite, cache: &mut ParseCache) -> (ParsedSite, Diagnostics) {
    let allow_raw_html = site.config.allow_raw_html;
    if cache.allow_raw_html != allow_raw_html {
        cache.files.clear();
        cache.allow_raw_html = allow_raw_html;
    }
    let before = std::mem::take(&mut cache.files);
    let content = std::mem::take(&mut site.content);
    let parsed: Vec<(ContentFile, Parsed)> = content
        .into_par_iter()
        .map(|file| match before.get(&file.path) {
            Some(same) if same.is_of(&file) => (file, same.parsed.clone()),
            _ => {
                let parsed = parse_file(file.clone(), allow_raw_html);
                (file, parsed)
            }
        })
        .collect();
    drop(before);
    let mut results = Vec::with_capacity(parsed.len());
    for (file, result) in parsed {
        results.push(result.clone());
        cache.insert(file, result);
    }
    assemble(site, results)
}

/// The parsed site from the files' results, leaving drafts out unless asked for.
fn assemble(site: LoadedSite, results: Vec<Parsed>) -> (ParsedSite, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut documents = Vec::with_capacity(results.len());
    let mut drafts = Vec::new();
    for (document, problems) in results {
        diagnostics.extend(problems);
        if let Some(document) = document {
            if document.meta.is_draft() && !site.drafts {
                drafts.push((document.kind, document.slug.clone()));
            } else {
                documents.push(document);
            }
        }
    }
    let (sources, sources_incomplete) = bibliography::read(&site.sources, &mut diagnostics);
    let sources = sources
        .into_iter()
        .map(|(file, read)| {
            let hand_written = site.sources.get(file).is_some_and(|f| bibliography::is_hand_written(&f.path));
            Source { entry: read.entry, item: read.item, file, range: read.range, hand_written }
        })
        .collect();
    let citation_style = bibliography::citation_style(&site.config, &site.config_file, &site.styles, &mut diagnostics);
    let data = read_data(site.data_files, &documents, &mut diagnostics);
    let parsed = ParsedSite {
        root: site.root,
        config: site.config,
        config_file: site.config_file,
        documents,
        drafts,
        sources,
        source_files: site.sources,
        sources_incomplete,
        citation_style,
        static_files: site.static_files,
        data,
        theme: site.theme,
    };
    (parsed, diagnostics)
}

/// Each data file read as a table, in parallel. A file that is not one is reported once, at
/// its own line and column, with a note naming the first table block that shows it.
fn read_data(files: Vec<DataFile>, documents: &[Arc<Document>], diagnostics: &mut Diagnostics) -> Vec<DataSet> {
    let read: Vec<(DataFile, Result<DataTable, Option<Diagnostic>>)> = files
        .into_par_iter()
        .map(|file| {
            let table = crate::data::read_table(&file);
            (file, table)
        })
        .collect();
    read.into_iter()
        .map(|(file, table)| {
            let table = match table {
                Ok(table) => Some(Arc::new(table)),
                Err(None) => None,
                Err(Some(problem)) => {
                    diagnostics.push(match first_use(&file.name, documents) {
                        Some(used) => {
                            problem.with_reach(format!("the table block at {} shows this file", used.0), vec![used.1])
                        }
                        None => problem,
                    });
                    None
                }
            };
            DataSet { file, table }
        })
        .collect()
}

/// Where the first table block naming the data file `name` is, as `file:line:col` and as a
/// related place.
fn first_use(name: &str, documents: &[Arc<Document>]) -> Option<(String, Related)> {
    documents.iter().find_map(|doc| {
        let block = doc.outline.tables.iter().find(|t| t.data.as_deref() == Some(name))?;
        let start = doc.body.start + block.data_range.start;
        let location = Location::of(&doc.text, start..doc.body.start + block.data_range.end);
        let shown = format!("{}:{}:{}", crate::diagnostics::display_path(&doc.path), location.line, location.column);
        let related = Related {
            file: doc.path.clone(),
            location: Some(Box::new(location)),
            message: "the table block that shows the file".into(),
        };
        Some((shown, related))
    })
}

/// Parses one content file. It always gives a document, with stand-ins for what cannot be
/// read, so the rest of the site sees the file as it exists.
pub(crate) fn parse_file(file: ContentFile, allow_raw_html: bool) -> Parsed {
    let ContentFile { kind, slug, path, text } = file;
    let error = |code: &'static str, range: Range<usize>, message: String, help: Option<String>| {
        Diagnostic::error(code, &path, message).at(&text, range).with_help_opt(help)
    };
    let mut problems = Vec::new();
    let (yaml, body, split) = match frontmatter::split(&text) {
        Ok(split) => (split.yaml, split.body, true),
        Err(e) => {
            problems.push(error(e.code, e.range, e.message, e.help));
            // Where the body starts is not known: the rest of the file stands in for it, so
            // links to its headings still resolve.
            let after_first_line = text.find('\n').map_or(text.len(), |i| i + 1);
            (None, after_first_line..text.len(), false)
        }
    };
    let meta = match &yaml {
        Some(yaml) => {
            let (meta, errors) = Meta::parse(kind, &text, yaml.clone(), &slug);
            problems.extend(errors.into_iter().map(|e| error(e.code, e.range, e.message, e.help)));
            meta
        }
        None => {
            if problems.is_empty() {
                let title_key = kind.spec().title_key;
                let help =
                    format!("start the file with a line `---`, then `{title_key}: …` and the other keys, then `---`");
                problems.push(error("E011", 0..0, format!("this {kind} has no front matter"), Some(help)));
            }
            Meta::placeholder(kind, &slug)
        }
    };
    let outline = markdown::scan(&text[body.clone()]);
    let broken = !problems.is_empty();
    let document = Document { kind, slug, path: path.clone(), text: text.clone(), yaml, body, meta, outline, broken };
    if split {
        // An unclosed front matter makes the body unknown: its checks would be about YAML.
        problems.extend(check_document(&document, allow_raw_html));
    }
    (Some(Arc::new(document)), problems)
}

/// Checks of one file that need no other file: values, headings, raw HTML.
fn check_document(doc: &Document, allow_raw_html: bool) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let locator = doc.locator();
    let title_key = doc.kind.spec().title_key;
    if doc.title().trim().is_empty() {
        problems.push(
            Diagnostic::error("E018", &doc.path, format!("the {title_key} is empty"))
                .at(&doc.text, locator.key(title_key))
                .with_help(format!("give the {} a {title_key}", doc.kind)),
        );
    }
    // An entry's slug is an id on its index page.
    if doc.kind.is_entry() && markdown::is_reserved_id(&doc.slug) {
        let kind = doc.kind;
        let at = kind.path("<slug>");
        problems.push(
            Diagnostic::error("E032", &doc.path, format!("the {kind} slug `{}` is an id the pages use", doc.slug))
                .with_help(format!(
                    "`/{at}` leads to each {kind}, and the theme has an element with this id there: rename the file"
                )),
        );
    }
    for (key, values) in doc.meta.references().by_key() {
        let mut seen = HashSet::new();
        for value in values {
            let range = locator.item(key, value);
            if !slugs::is_valid(value) {
                problems.push(
                    Diagnostic::error("E019", &doc.path, format!("`{value}` in `{key}` is not a slug"))
                        .at(&doc.text, range)
                        .with_help(format!(
                            "slugs are lower-case letters, digits and hyphens: `{}`",
                            slugs::slugify(value)
                        )),
                );
            } else if !seen.insert(value) {
                problems.push(
                    Diagnostic::warning("W011", &doc.path, format!("`{value}` is listed twice in `{key}`"))
                        .at(&doc.text, range)
                        .with_help("remove the repetition"),
                );
            }
        }
    }
    let website = match &doc.meta {
        Meta::Organization(org) => org.website.as_deref(),
        Meta::Author(author) => author.website.as_deref(),
        Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => None,
    };
    if let Some(site) = website {
        if !(site.starts_with("https://") || site.starts_with("http://")) {
            problems.push(
                Diagnostic::error("E015", &doc.path, format!("`{site}` is not a web address"))
                    .at(&doc.text, locator.item("website", site))
                    .with_help("write the full address, starting with https://"),
            );
        }
    }
    if let Meta::Author(author) = &doc.meta {
        if let Some(orcid) = author.orcid.as_deref().filter(|o| crate::model::orcid_url(o).is_none()) {
            problems.push(
                Diagnostic::error("E024", &doc.path, format!("`{orcid}` is not an ORCID iD"))
                    .at(&doc.text, locator.item("orcid", orcid))
                    .with_help(
                        "an ORCID iD is four groups of four digits, the last character a digit or X that checks \
                         the others (`0000-0002-1825-0097`): copy it from the author's ORCID record",
                    ),
            );
        }
        if let Some(email) = author.email.as_deref().filter(|e| !is_email(e)) {
            problems.push(
                Diagnostic::error("E015", &doc.path, format!("`{email}` is not an email address"))
                    .at(&doc.text, locator.item("email", email))
                    .with_help("write the address alone, such as `jane.doe@example.org`"),
            );
        }
    }
    let organization = match &doc.meta {
        Meta::Organization(org) => Some(org),
        Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => None,
    };
    if let Some(org) = organization {
        // With errors in the front matter, `us_status` may be there but unreadable.
        if org.us_status_date.is_some() && org.us_status.is_none() && !doc.broken {
            problems.push(
                Diagnostic::warning("W010", &doc.path, "`us_status_date` is set but `us_status` is not")
                    .at(&doc.text, locator.key("us_status_date"))
                    .with_help("add the `us_status` the date refers to, or remove the date"),
            );
        }
    }
    check_summary_and_dates(doc, &mut problems);
    check_headings(doc, &mut problems);
    for row in &doc.outline.overfull_rows {
        problems.push(
            doc.error_in_body(
                "E031",
                &row.range,
                format!(
                    "this table row has {} cells and its header {}: readers would not see the extra cells",
                    row.cells, row.header_cells
                ),
            )
            .with_help("write a `|` that belongs to the text as `\\|`, or add a column to the header"),
        );
    }
    for (label, range) in &doc.outline.undefined_footnotes {
        problems.push(
            doc.error_in_body("E033", range, format!("no note `[^{label}]` is defined: readers would see `[^{label}]`"))
                .with_help(format!(
                    "write the note on a line of its own, such as `[^{label}]: The text of the note.`, or write `\\[^{label}]` for the text itself"
                )),
        );
    }
    for (label, range) in &doc.outline.unmarked_footnotes {
        problems.push(
            doc.warning_in_body(
                "W034",
                range,
                format!("no `[^{label}]` in the text marks this note: readers would find it among the notes with nothing leading to it"),
            )
            .with_help(format!("put `[^{label}]` after the words the note is about, or delete the note")),
        );
    }
    for block in &doc.outline.tables {
        for problem in &block.problems {
            problems.push(doc.error_in_body("E036", &problem.range, &problem.message).with_help(&problem.help));
        }
    }
    for range in &doc.outline.images_without_alt {
        problems.push(doc.error_in_body("E034", range, "this image has no alt text").with_help(
            "describe the image between the brackets, `![What it shows](…)`, for a reader who cannot see it: \
                     for a chart, its kind and what it shows",
        ));
    }
    for problem in &doc.outline.embed_problems {
        problems
            .push(doc.error_in_body("E035", &problem.range, problem.message.clone()).with_help(problem.help.clone()));
    }
    for link in &doc.outline.links {
        if let LinkTarget::Unsafe(scheme) = &link.target {
            if !allow_raw_html {
                problems.push(
                    doc.warning_in_body(
                        "W032",
                        &link.range,
                        format!("`{scheme}:` link removed: it could run code in a reader's browser"),
                    )
                    .with_help("link to an https:// address instead"),
                );
            }
        }
    }
    if !allow_raw_html {
        if let Some(range) = doc.outline.raw_html.first() {
            let more = doc.outline.raw_html.len() - 1;
            let message = match more {
                0 => "raw HTML is shown as text".to_string(),
                n => format!("raw HTML is shown as text (here and {n} more places)"),
            };
            problems.push(doc.warning_in_body("W033", range, message).with_help(
                "write it in Markdown, or set `allow_raw_html: true` in site.yaml if you trust every author",
            ));
        }
    }
    problems
}

/// One address, `name@host.tld`, with nothing around it (a `mailto:` link is made from it).
fn is_email(text: &str) -> bool {
    let Some((name, host)) = text.split_once('@') else { return false };
    let plain =
        |part: &str| !part.is_empty() && !part.chars().any(|c| c.is_whitespace() || "<>\"'@,;:()[]".contains(c));
    plain(name) && plain(host) && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
}

/// A briefing's summary feeds its card, the feed and the meta description; `updated` says
/// when it last changed, so it cannot come before `date`.
fn check_summary_and_dates(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let locator = doc.locator();
    let written = |key: &str| doc.locator().has_key(key);
    if doc.meta.summary().is_some_and(|s| s.trim() == SUMMARY_PLACEHOLDER) {
        problems.push(
            Diagnostic::warning("W013", &doc.path, "the summary is still the placeholder of `brief new`")
                .at(&doc.text, locator.key("summary"))
                .with_help("write one or two sentences: what it finds and why it matters"),
        );
    }
    let briefing = match &doc.meta {
        Meta::Briefing(m) => Some(m),
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => None,
    };
    if let Some(m) = briefing {
        // A summary that did not parse is reported already.
        if m.summary.is_none() && !doc.broken {
            let message = if written("summary") { "the summary is empty" } else { "this briefing has no summary" };
            problems.push(
                Diagnostic::warning("W012", &doc.path, message)
                    .at(&doc.text, locator.key(if written("summary") { "summary" } else { "title" }))
                    .with_help(
                        "add `summary: \"One or two sentences.\"`: cards, the feed and the meta description show it",
                    ),
            );
        }
        for point in &m.key_points {
            if let Some(second) = second_sentence(point) {
                let shown: String = point[second..].chars().take(40).collect();
                problems.push(
                    Diagnostic::warning(
                        "W015",
                        &doc.path,
                        format!("this key point has more than one sentence: the next begins \"{shown}…\""),
                    )
                    .at(&doc.text, locator.item("key_points", point))
                    .with_help("a key point is one finding in one sentence: make the next sentence a key point of its own, or move it into the text"),
                );
            }
        }
        if let Some(updated) = m.updated.filter(|u| *u < m.date) {
            problems.push(
                Diagnostic::warning(
                    "W014",
                    &doc.path,
                    format!("`updated: {updated}` is earlier than `date: {}`", m.date),
                )
                .at(&doc.text, locator.item("updated", &updated.to_string()))
                .with_help("`updated` is the last revision: give a date on or after `date`, or swap the two"),
            );
        }
    }
}

/// Where a second sentence of `text` begins, if it has one: after a `.`, `!` or `?` (and any
/// closing quote or bracket), a space and a capital letter. A full stop after an initial
/// (`J. Smith`), inside an abbreviation (`U.S. Senate`) or after a common abbreviation
/// (`Dr. Kim`, `No. 12`) ends no sentence.
fn second_sentence(text: &str) -> Option<usize> {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "arts", "para", "vs", "cf", "etc", "al", "gen",
        "gov", "sen", "rep", "amb", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "inc", "ltd", "co", "corp", "approx", "fig", "vol", "ch", "sec", "p", "pp",
    ];
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let word = text[..at].rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or_default();
        let abbreviated = c == '.'
            && (word.contains('.')
                || word.chars().count() == 1
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str()));
        while chars.next_if(|(_, c)| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']')).is_some() {}
        if chars.next_if(|(_, c)| c.is_whitespace()).is_none() {
            continue;
        }
        while chars.next_if(|(_, c)| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '(')).is_some() {}
        if let Some(&(start, next)) = chars.peek() {
            if next.is_uppercase() && !abbreviated {
                return Some(start);
            }
        }
    }
    None
}

/// The title is a page's only `h1`, and levels go down one at a time, so the outline reads
/// well to screen readers.
fn check_headings(doc: &Document, problems: &mut Vec<Diagnostic>) {
    let mut previous = 1u8;
    for heading in &doc.outline.headings {
        if heading.level == 1 {
            problems.push(
                doc.warning_in_body(
                    "W030",
                    &heading.range,
                    "a `#` heading in the body: the title is already the page's heading",
                )
                .with_help("start sections at `##`"),
            );
        } else if heading.level > previous + 1 {
            problems.push(
                doc.warning_in_body(
                    "W031",
                    &heading.range,
                    format!("heading level jumps from h{previous} to h{}", heading.level),
                )
                .with_help(format!("use {} here", "#".repeat(previous as usize + 1))),
            );
        }
        if heading.duplicate_custom_id {
            problems.push(
                doc.error_in_body(
                    "E030",
                    &heading.range,
                    format!("the heading id `{}` is taken on this page", heading.id),
                )
                .with_help(markdown::TAKEN_ID_HELP),
            );
        }
        previous = heading.level;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_sentence_is_found_after_a_full_stop_but_not_after_an_abbreviation() {
        fn second(text: &str) -> Option<&str> {
            second_sentence(text).map(|at| &text[at..])
        }
        assert_eq!(second("The U.S. left 66 bodies. Allies stayed."), Some("Allies stayed."));
        assert_eq!(second("Funding fell by half! \"Others\" paid."), Some("Others\" paid."));
        assert_eq!(second("Why now? (The budget.)"), Some("The budget.)"));
        for one in [
            "The U.S. Senate was not consulted.",
            "Dr. Kim and J. Smith disagree with No. 12 of the list.",
            "Arrears reached $1.5 billion.",
            "It ends here.",
            "Several bodies (e.g. UNESCO) were named, i.e. 66.",
            "",
        ] {
            assert_eq!(second(one), None, "{one}");
        }
    }

    fn file(kind: Kind, slug: &str, text: &str) -> ContentFile {
        let path = PathBuf::from(format!("content/{}/{slug}.md", kind.folder()));
        ContentFile { kind, slug: slug.into(), path, text: text.into() }
    }

    fn problems(kind: Kind, text: &str) -> Vec<Diagnostic> {
        parse_file(file(kind, "x", text), false).1
    }

    fn loaded(files: Vec<ContentFile>) -> LoadedSite {
        LoadedSite {
            root: PathBuf::from("."),
            config: SiteConfig {
                title: "T".into(),
                description: None,
                base_url: "https://example.org/".into(),
                theme: "default".into(),
                language: "en".into(),
                series: None,
                author: None,
                publisher: None,
                timeline_order: Default::default(),
                timeline_status_changes: false,
                sources_page: Default::default(),
                allow_raw_html: false,
                embed_hosts: Vec::new(),
                citation_style: None,
                strings: Default::default(),
            },
            config_file: TextFile { path: "content/site.yaml".into(), text: String::new() },
            content: files,
            sources: Vec::new(),
            styles: Vec::new(),
            static_files: Vec::new(),
            data_files: Vec::new(),
            theme: Theme::built_in(),
            drafts: false,
            hidden: Vec::new(),
        }
    }

    #[test]
    fn the_cache_reparses_only_files_whose_text_changed() {
        let a = file(Kind::Briefing, "a", "---\ntitle: A\ndate: 2026-01-07\n---\nOne.\n");
        let b = file(Kind::Briefing, "b", "---\ntitle: B\ndate: 2026-01-07\n---\nTwo.\n");
        let mut cache = ParseCache::default();
        let (first, _) = parse_with(loaded(vec![a.clone(), b.clone()]), &mut cache);
        let b2 = file(Kind::Briefing, "b", "---\ntitle: B\ndate: 2026-01-07\n---\nTwo, edited.\n");
        let (second, _) = parse_with(loaded(vec![a, b2]), &mut cache);
        assert!(Arc::ptr_eq(&first.documents[0], &second.documents[0]), "the unchanged file was parsed again");
        assert_eq!(second.documents[1].body_text(), "Two, edited.\n");
        let broken = file(Kind::Briefing, "b", "---\ntitle: [\n---\n");
        let (third, problems) = parse_with(loaded(vec![broken]), &mut cache);
        assert!(problems.has_errors());
        assert!(third.documents[0].broken, "a broken file is kept, marked broken");
        assert_eq!(cache.files.len(), 1, "files gone from the site leave the cache");
        assert!(cache.problems(std::path::Path::new("content/briefings/b.md")).is_some_and(|p| !p.is_empty()));
    }

    #[test]
    fn a_briefing_keeps_its_body_and_outline() {
        let (doc, problems) = parse_file(
            file(Kind::Briefing, "a", "---\ntitle: A\ndate: 2026-01-07\nsummary: S.\n---\n## One\n\n[[foc]]\n"),
            false,
        );
        let doc = doc.unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.body_text(), "## One\n\n[[foc]]\n");
        assert_eq!(doc.outline.headings[0].id, "one");
        assert_eq!(doc.outline.links.len(), 1);
    }

    #[test]
    fn missing_front_matter_is_an_error_with_an_example() {
        let p = problems(Kind::Briefing, "Just text\n");
        assert_eq!(p[0].message, "this briefing has no front matter");
        assert!(p[0].help.as_deref().unwrap().contains("`title: …`"));
    }

    #[test]
    fn front_matter_errors_have_positions() {
        let p = problems(Kind::Briefing, "---\ntitle: A\ndate: 2026-13-01\n---\n");
        let loc = p[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 7));
    }

    #[test]
    fn non_slug_references_are_errors_with_the_slug() {
        let p = problems(Kind::Briefing, "---\ntitle: A\ndate: 2026-01-07\ntopics: [Spyware]\n---\n");
        assert_eq!(p[0].message, "`Spyware` in `topics` is not a slug");
        assert_eq!(p[0].location.as_ref().unwrap().column, 10);
    }

    #[test]
    fn heading_problems_are_warnings() {
        let p = problems(Kind::Page, "---\ntitle: A\n---\n# Big\n\n## Ok\n\n#### Deep\n");
        let messages: Vec<_> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["a `#` heading in the body: the title is already the page's heading", "heading level jumps from h2 to h4"]
        );
        assert!(p.iter().all(|d| !d.is_error()));
        assert_eq!(p[1].location.as_ref().unwrap().line, 8);
    }

    #[test]
    fn raw_html_and_unsafe_links_are_reported_once_each() {
        let p = problems(Kind::Page, "---\ntitle: A\n---\n<b>x</b> <i>y</i>\n\n[z](javascript:alert(1))\n");
        let messages: Vec<_> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`javascript:` link removed: it could run code in a reader's browser",
                "raw HTML is shown as text (here and 3 more places)"
            ]
        );
    }
}
