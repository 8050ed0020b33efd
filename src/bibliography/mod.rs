//! The bibliography: `content/sources.yaml` (`yaml`), `content/*.bib` (BibTeX and BibLaTeX,
//! `bibtex`) and `content/*.json` (CSL-JSON, as Zotero exports it, `csl_json`), alone or
//! together, read into the one entry type, [`SourceEntry`], each keyed by its citation key.
//!
//! Takes: the text of each file (load). Gives: every entry with its file and where its key is
//! written. A malformed entry is one error at its line and column (E070 in a `.bib`, E071 in a
//! `.json`) and the other entries stay usable; a key used twice, in one file or two, is one
//! error (E022) naming both places. An entry a reader could not find again (no address, no
//! DOI, not both a publisher and a date, and no `note:` saying where a copy is held) is a
//! warning at its key (W070), and kept. The parsing is the biblatex crate's (the one hayagriva
//! reads BibLaTeX with) and serde_json's; this module only maps their fields.

mod bibtex;
mod csl;
mod csl_json;
pub(crate) mod style;
mod yaml;

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::TextFile;
use crate::model::SourceEntry;

use bibtex::read as read_bibtex;
use csl_json::read as read_csl_json;

/// One entry of a bibliography file, with where its key is written.
#[derive(Debug, Clone)]
pub(crate) struct Read {
    pub(crate) entry: SourceEntry,
    /// The entry as a CSL item, for the citation style.
    pub(crate) item: hayagriva::citationberg::json::Item,
    pub(crate) range: Range<usize>,
    /// Where its `url` and `archived_url` are written, when the reader knows (else at its key).
    addresses: Vec<(&'static str, Range<usize>)>,
}

/// Every entry of `files` (`sources.yaml`, `.bib` and `.json` files, in that order) as
/// `(index in files, entry)`, and whether an entry could not be read at all (a citation of an
/// unknown id may mean it).
pub(crate) fn read(files: &[TextFile], diagnostics: &mut Diagnostics) -> (Vec<(usize, Read)>, bool) {
    let mut incomplete = false;
    let mut entries = Vec::with_capacity(files.len());
    for file in files {
        let (reads, missing) = match Format::of(&file.path) {
            Format::Bibtex => read_bibtex(file, diagnostics),
            Format::CslJson => read_csl_json(file, diagnostics),
            Format::Yaml => yaml::read(file, diagnostics),
        };
        incomplete |= missing;
        entries.push(reads);
    }
    let mut merged = merge(files, entries, diagnostics);
    merged.retain(|(index, read)| {
        let file = &files[*index];
        let Some(problem) = check(read, Format::of(&file.path)) else { return true };
        // An address that is not one, or an entry a reader cannot find again, is reported
        // and the entry kept.
        let keep = matches!(problem.code, "E015" | "W070");
        let diagnostic = if problem.code.starts_with('W') {
            Diagnostic::warning(problem.code, &file.path, problem.message)
        } else {
            Diagnostic::error(problem.code, &file.path, problem.message)
        };
        diagnostics.push(diagnostic.at(&file.text, problem.at).with_help(problem.help));
        keep
    });
    (merged, incomplete)
}

/// The kinds of bibliography file, by extension (`.bib`, `.json`, else `sources.yaml`): each
/// is read by its own reader and names an entry's fields in its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Bibtex,
    CslJson,
}

impl Format {
    fn of(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some("bib") => Format::Bibtex,
            Some("json") => Format::CslJson,
            _ => Format::Yaml,
        }
    }

    /// How the file names an entry's address, DOI, publisher and date.
    fn field_names(self) -> [&'static str; 4] {
        match self {
            Format::Yaml | Format::Bibtex => ["url", "doi", "publisher", "date"],
            Format::CslJson => ["URL", "DOI", "publisher", "issued"],
        }
    }
}

/// A problem of one entry: its code, where, what is wrong and how to fix it.
struct Problem {
    code: &'static str,
    at: Range<usize>,
    message: String,
    help: String,
}

/// The first problem of an entry every reader shares: its key is not one a citation can
/// name (E072), is an id the pages use (E032), an address is not a web address (E015), or
/// a reader could not find it again (W070).
fn check(read: &Read, format: Format) -> Option<Problem> {
    let id = &read.entry.id;
    let problem = |code, at: &Range<usize>, message: String, help: &str| {
        Some(Problem { code, at: at.clone(), message, help: help.to_string() })
    };
    if !id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')) {
        return problem(
            "E072",
            &read.range,
            format!("the citation key `{id}` cannot be cited"),
            "a key is letters, digits, `-`, `_`, `:` and `.`: change it in the reference manager (in Zotero with Better BibTeX, its citation key) and export again",
        );
    }
    if crate::markdown::is_reserved_id(id) {
        return problem(
            "E032",
            &read.range,
            format!("the source id `{id}` is an id the pages use"),
            "`/sources/#<id>` leads to each source, and the theme has an element with this id there: choose another id",
        );
    }
    let entry = &read.entry;
    for (key, url) in [("url", &entry.url), ("archived_url", &entry.archived_url)] {
        let Some(url) = url else { continue };
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let at = read.addresses.iter().find(|(k, _)| *k == key).map_or(&read.range, |(_, r)| r);
            return problem(
                "E015",
                at,
                format!("`{url}` is not a web address"),
                "write the full address, starting with https://",
            );
        }
    }
    not_findable(read, format)
}

/// W070: an entry with no address, no DOI, and not both a publisher and a date gives a
/// reader nothing to find it by. A `note:` (where a copy of a source that is not public is
/// held, shown with it) answers it.
fn not_findable(read: &Read, format: Format) -> Option<Problem> {
    let entry = &read.entry;
    let findable = entry.url.is_some() || entry.doi.is_some() || (entry.publisher.is_some() && entry.date.is_some());
    if findable || entry.note.is_some() {
        return None;
    }
    let [url, doi, publisher, date] = format.field_names();
    let missing = match (entry.publisher.is_some(), entry.date.is_some()) {
        (true, _) => format!("`{url}`, `{doi}` or `{date}`"),
        (false, true) => format!("`{url}`, `{doi}` or `{publisher}`"),
        (false, false) => format!("`{url}`, `{doi}`, `{publisher}` or `{date}`"),
    };
    let help = match format {
        Format::Yaml => format!(
            "add its `{url}:`, its `{doi}:`, or its `{publisher}:` and `{date}:`; for a source that is not public, a `note:` saying where a copy is held"
        ),
        Format::Bibtex | Format::CslJson => format!(
            "add its `{url}`, its `{doi}`, or its `{publisher}` and `{date}`; a source that is not public can go in sources.yaml instead, with a `note:` saying where a copy is held"
        ),
    };
    Some(Problem {
        code: "W070",
        at: read.range.clone(),
        message: format!("a reader cannot find the source `{}` again: it has no {missing}", entry.id),
        help,
    })
}

/// The site's citation style: `citation_style` of site.yaml, a built-in name or a `.csl`
/// file of `content/` (among `styles`). A name that is neither is E073 at the setting, a CSL
/// file that cannot be used is E074 at the file; either way the default style is used, so
/// the rest of the site is still checked.
pub(crate) fn citation_style(
    config: &crate::model::SiteConfig,
    config_file: &TextFile,
    styles: &[TextFile],
    diagnostics: &mut Diagnostics,
) -> style::CitationStyle {
    let language = &config.language;
    let default = || {
        style::CitationStyle::built_in(style::DEFAULT_STYLE, language)
            .expect("the default style is built in and parses (a unit test checks it)")
    };
    let Some(name) = config.citation_style.as_deref() else { return default() };
    if let Some(found) = style::CitationStyle::built_in(name, language) {
        return found;
    }
    let file_name = |f: &TextFile| f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some(file) = styles.iter().find(|f| file_name(f) == name) {
        return match style::CitationStyle::from_xml(&file.text, language) {
            Ok(found) => found,
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error("E074", &file.path, format!("this CSL style cannot be used: {problem}"))
                        .at(&file.text, 0..0)
                        .with_help("use an independent CSL 1.0 style, as the Zotero style repository (https://www.zotero.org/styles) gives it, or a built-in style: `chicago-author-date`, `apa`, `chicago-notes`, `ieee`"),
                );
                default()
            }
        };
    }
    let mut names: Vec<String> = style::BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
    names.extend(styles.iter().map(file_name));
    let help = crate::suggest::did_you_mean(name, names.iter().map(String::as_str)).unwrap_or_else(|| {
        format!(
            "write a built-in style ({}) or the name of a `.csl` file you put in content/",
            crate::diagnostics::listed(&names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>(), "or")
        )
    });
    let whole = 0..config_file.text.len();
    let at = crate::frontmatter::Locator::new(&config_file.text, Some(&whole)).item("citation_style", name);
    diagnostics.push(
        Diagnostic::error("E073", &config_file.path, format!("no citation style `{name}`"))
            .at(&config_file.text, at)
            .with_help(help),
    );
    default()
}

/// Whether `path` is `sources.yaml`, the bibliography written by hand for the site, rather
/// than a reference manager's export (a `.bib` or `.json` file).
pub(crate) fn is_hand_written(path: &std::path::Path) -> bool {
    path.file_name().is_some_and(|n| n == "sources.yaml")
}

/// Whether `path` is a file of the bibliography (errors in it may hide an entry a citation
/// means).
pub(crate) fn is_bibliography_file(path: &std::path::Path) -> bool {
    is_hand_written(path) || path.extension().is_some_and(|e| e == "bib" || e == "json")
}

/// The entries of every file (`files[i]` read into `entries[i]`), as `(file index, entry)` in
/// file order. A key used again, in the same file or another, is E022 at the second place,
/// naming the first; the first is kept.
pub(crate) fn merge(files: &[TextFile], entries: Vec<Vec<Read>>, diagnostics: &mut Diagnostics) -> Vec<(usize, Read)> {
    let mut first: std::collections::HashMap<String, (usize, Range<usize>)> = std::collections::HashMap::new();
    let mut merged = Vec::new();
    for (index, reads) in entries.into_iter().enumerate() {
        for read in reads {
            if let Some((at_file, at_range)) = first.get(&read.entry.id) {
                let earlier = &files[*at_file];
                let place = Location::of(&earlier.text, at_range.clone());
                diagnostics.push(
                    Diagnostic::error(
                        "E022",
                        &files[index].path,
                        format!("the source id `{}` is used twice", read.entry.id),
                    )
                    .at(&files[index].text, read.range.clone())
                    .with_help(format!(
                        "it is first at {}:{}:{}: give each source its own id, or remove one of the two",
                        crate::diagnostics::display_path(&earlier.path),
                        place.line,
                        place.column
                    )),
                );
                continue;
            }
            first.insert(read.entry.id.clone(), (index, read.range.clone()));
            merged.push((index, read));
        }
    }
    merged
}

/// A source with no fields but its key and title, for the readers to fill.
pub(crate) fn blank(id: String) -> SourceEntry {
    SourceEntry {
        id,
        r#type: None,
        title: String::new(),
        author: Vec::new(),
        container: None,
        publisher: None,
        date: None,
        url: None,
        doi: None,
        pages: None,
        accessed: None,
        archived_url: None,
        note: None,
    }
}

/// A DOI as written bare: `https://doi.org/10.1/x` and `doi:10.1/x` are `10.1/x`.
fn bare_doi(doi: &str) -> String {
    let doi = doi.trim();
    let doi = doi
        .strip_prefix("https://doi.org/")
        .or_else(|| doi.strip_prefix("http://doi.org/"))
        .or_else(|| doi.strip_prefix("https://dx.doi.org/"))
        .or_else(|| doi.strip_prefix("doi:"))
        .unwrap_or(doi);
    doi.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> TextFile {
        TextFile { path: path.into(), text: text.into() }
    }

    #[test]
    fn a_key_in_two_files_is_one_error_naming_both_places() {
        let bib = file("content/a.bib", "\n@report{fh2025,\n  title = {Freedom in the World},\n}\n");
        let json = file("content/b.json", "[\n  {\"id\": \"fh2025\", \"title\": \"Other\"}\n]\n");
        let mut diagnostics = Diagnostics::new();
        let from_bib = read_bibtex(&bib, &mut diagnostics).0;
        let from_json = read_csl_json(&json, &mut diagnostics).0;
        let files = [bib, json];
        let merged = merge(&files, vec![from_bib, from_json], &mut diagnostics);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].1.entry.title, "Freedom in the World");
        let found: Vec<_> = diagnostics.iter().collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "E022");
        assert_eq!(found[0].position(), "content/b.json:2:11");
        assert!(found[0].help.as_deref().unwrap().contains("content/a.bib:2:9"), "{:?}", found[0].help);
    }

    #[test]
    fn a_doi_is_kept_bare() {
        assert_eq!(bare_doi("https://doi.org/10.1/x"), "10.1/x");
        assert_eq!(bare_doi(" doi:10.1/x"), "10.1/x");
        assert_eq!(bare_doi("10.1/x"), "10.1/x");
    }
}
