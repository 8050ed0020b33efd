//! A `.bib` file (BibTeX or BibLaTeX) read with the biblatex crate, entry by entry.
//!
//! biblatex stops at the first malformed entry. Each one it stops at is reported (E070) and
//! blanked out (its bytes turned to spaces, so every offset stays true) before the file is
//! read again: one bad entry costs only itself.

use std::collections::HashMap;
use std::ops::Range;

use biblatex::{
    Bibliography, ChunksExt, DateValue, EntryType, ParseErrorKind, PermissiveType, RawBibliography, RetrievalError,
};

use super::{Read, bare_doi, blank as blank_source};
use crate::date::{Date, PartialDate};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};
use crate::load::TextFile;
use crate::model::SourceType;

/// The entries of a `.bib` file, and whether one could not be read at all (a citation of an
/// unknown key may mean it).
pub(crate) fn read(file: &TextFile, diagnostics: &mut Diagnostics) -> (Vec<Read>, bool) {
    let mut text = file.text.clone();
    let mut incomplete = false;
    // Each round blanks at least one `@`, so there are at most as many rounds as entries.
    let rounds = text.matches('@').count() + 1;
    let mut read = None;
    for _ in 0..rounds {
        let error = match RawBibliography::parse(&text) {
            Err(e) => e,
            Ok(raw) => {
                let keys: Vec<(String, Range<usize>)> =
                    raw.entries.iter().map(|e| (e.v.key.v.to_string(), e.v.key.span.clone())).collect();
                match Bibliography::from_raw(raw) {
                    Ok(bibliography) => {
                        read = Some((bibliography, keys));
                        break;
                    }
                    Err(e) => {
                        if let ParseErrorKind::DuplicateKey(key) = &e.kind {
                            let (diagnostic, second) = duplicate(file, key, &keys);
                            diagnostics.push(diagnostic);
                            // Its first entry is read: nothing is missing.
                            match broken_entry(&text, second.start) {
                                Some(second) => blank(&mut text, second),
                                None => break,
                            }
                            continue;
                        }
                        e
                    }
                }
            }
        };
        let at = error.span.start.min(text.len());
        let Some(broken) = broken_entry(&text, at) else { break };
        // Run into the next entry: the broken one is the entry before, which never closed.
        let (range, message) = if broken.start < at && text[at..].starts_with('@') {
            let first_line = text[broken.clone()].find('\n').map_or(broken.end, |i| broken.start + i);
            (broken.start..first_line, "it does not close before the next entry".to_string())
        } else {
            (at..error.span.end.clamp(at, text.len()), error.kind.to_string())
        };
        diagnostics.push(
            Diagnostic::error("E070", &file.path, format!("this BibTeX entry cannot be read: {message}"))
                .at(&file.text, range)
                .with_help("each entry is `@type{key, field = {value}, …}` with its braces balanced; the other entries are read"),
        );
        incomplete = true;
        blank(&mut text, broken);
    }
    let Some((bibliography, keys)) = read else { return (Vec::new(), true) };
    let key_range: HashMap<&str, Range<usize>> = keys.iter().map(|(k, r)| (k.as_str(), r.clone())).collect();
    let mut entries = Vec::with_capacity(bibliography.len());
    for entry in bibliography.iter() {
        let range = key_range.get(entry.key.as_str()).cloned().unwrap_or(0..0);
        entries.push(Read {
            entry: source_entry(entry, file, diagnostics),
            item: super::csl::from_biblatex(entry),
            range,
            addresses: Vec::new(),
        });
    }
    (entries, incomplete)
}

/// E022 for the second entry with `key`, naming the first, and where that second key is.
fn duplicate(file: &TextFile, key: &str, keys: &[(String, Range<usize>)]) -> (Diagnostic, Range<usize>) {
    let mut places = keys.iter().filter(|(k, _)| k == key).map(|(_, r)| r.clone());
    let first = places.next().unwrap_or(0..0);
    let second = places.next().unwrap_or(first.clone());
    let at = Location::of(&file.text, first);
    let diagnostic = Diagnostic::error("E022", &file.path, format!("the source id `{key}` is used twice"))
        .at(&file.text, second.clone())
        .with_help(format!(
            "it is first at {}:{}:{}: give each source its own id, or remove one of the two",
            display_path(&file.path),
            at.line,
            at.column
        ));
    (diagnostic, second)
}

/// The entry a parse error at byte `at` belongs to: from the `@` before it to the next `@`
/// that starts a line. When `at` is itself such an `@`, the entry before it (which ran into
/// it). `None` when that is already blank.
fn broken_entry(text: &str, at: usize) -> Option<Range<usize>> {
    let at_next_entry = text[at..].starts_with('@') && (at == 0 || text[..at].ends_with('\n'));
    let start = match text[..at].rfind('@') {
        Some(start) if at_next_entry || !text[at..].starts_with('@') => start,
        _ => at,
    };
    let end = if at_next_entry && start < at { at } else { text[at..].find("\n@").map_or(text.len(), |i| at + i + 1) };
    (!text[start..end].trim().is_empty()).then_some(start..end)
}

/// Turns `range` of `text` into spaces, newlines kept, so every offset stays true.
fn blank(text: &mut String, range: Range<usize>) {
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' { "\n".to_string() } else { " ".repeat(c.len_utf8()) })
        .collect();
    text.replace_range(range, &blanked);
}

/// The fields brief uses, from an entry biblatex has read.
fn source_entry(entry: &biblatex::Entry, file: &TextFile, diagnostics: &mut Diagnostics) -> crate::model::SourceEntry {
    let field = |key: &str| entry.get(key).map(|chunks| chunks.format_verbatim()).filter(|s| !s.trim().is_empty());
    let mut source = blank_source(entry.key.clone());
    source.r#type = source_type(entry);
    source.title = field("title").unwrap_or_default();
    source.author = match entry.author() {
        Ok(people) => people.iter().map(person).collect(),
        Err(_) => Vec::new(),
    };
    source.container = field("journaltitle").or_else(|| field("journal")).or_else(|| field("booktitle"));
    source.publisher = field("publisher").or_else(|| field("institution")).or_else(|| field("organization"));
    source.url = field("url");
    source.doi = field("doi").map(|d| bare_doi(&d));
    source.pages = field("pages");
    source.date = date(entry.date(), "date", entry, file, diagnostics);
    source.accessed = date(entry.url_date(), "urldate", entry, file, diagnostics);
    source
}

/// A name as `sources.yaml` writes it: `Family, Given`, or one braced name (an institution).
fn person(p: &biblatex::Person) -> String {
    let family =
        [p.prefix.as_str(), p.name.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let family = if p.suffix.is_empty() { family } else { format!("{family}, {}", p.suffix) };
    if p.given_name.is_empty() { family } else { format!("{family}, {}", p.given_name) }
}

fn source_type(entry: &biblatex::Entry) -> Option<SourceType> {
    let subtype = entry.get("entrysubtype").map(|c| c.format_verbatim().to_lowercase());
    Some(match &entry.entry_type {
        EntryType::Report | EntryType::TechReport => SourceType::Report,
        EntryType::Article if matches!(subtype.as_deref(), Some("newspaper" | "magazine")) => SourceType::News,
        EntryType::Article | EntryType::Periodical => SourceType::Article,
        EntryType::Online => SourceType::WebPage,
        EntryType::Dataset => SourceType::Dataset,
        EntryType::Book | EntryType::MvBook | EntryType::Collection | EntryType::MvCollection => SourceType::Book,
        EntryType::InBook | EntryType::InCollection | EntryType::InProceedings | EntryType::BookInBook => {
            SourceType::Chapter
        }
        EntryType::Unknown(name) => match name.to_lowercase().as_str() {
            "legislation" | "legal" => SourceType::Legislation,
            "jurisdiction" => SourceType::CourtCase,
            "www" | "electronic" => SourceType::WebPage,
            _ => return None,
        },
        _ => return None,
    })
}

/// A date field as a [`PartialDate`]; a date biblatex cannot read is E070 at the field.
fn date(
    found: Result<PermissiveType<biblatex::Date>, RetrievalError>,
    key: &str,
    entry: &biblatex::Entry,
    file: &TextFile,
    diagnostics: &mut Diagnostics,
) -> Option<PartialDate> {
    let at = entry.get(key).and_then(|c| Some(c.first()?.span.start..c.last()?.span.end)).unwrap_or(0..0);
    let problem = match found {
        Ok(PermissiveType::Typed(date)) => {
            let datetime = match date.value {
                DateValue::At(d) | DateValue::After(d) | DateValue::Before(d) | DateValue::Between(d, _) => d,
            };
            let written = match (datetime.month, datetime.day) {
                (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", datetime.year, m + 1, d + 1),
                (Some(m), None) => format!("{:04}-{:02}", datetime.year, m + 1),
                _ => format!("{:04}", datetime.year),
            };
            match PartialDate::parse(&written) {
                Ok(date) => return Some(date),
                Err(e) => e,
            }
        }
        Ok(PermissiveType::Chunks(chunks)) => format!("`{}` is not a date", chunks.format_verbatim()),
        Err(RetrievalError::Missing(_)) => return None,
        Err(RetrievalError::TypeError(e)) => e.kind.to_string(),
    };
    diagnostics.push(
        Diagnostic::error("E070", &file.path, format!("the {key} of `{}` cannot be read: {problem}", entry.key))
            .at(&file.text, at)
            .with_help(format!("write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. `{key} = {{{}}}`", Date::today().iso())),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_bib(text: &str) -> (Vec<Read>, Vec<String>) {
        let mut diagnostics = Diagnostics::new();
        let file = TextFile { path: "content/refs.bib".into(), text: text.into() };
        let (entries, _) = read(&file, &mut diagnostics);
        (entries, diagnostics.iter().map(|d| format!("{} {} {}", d.code, d.position(), d.message)).collect())
    }

    #[test]
    fn entries_keep_their_keys_and_the_fields_brief_uses() {
        let (entries, problems) = read_bib(
            "@report{fh2025,\n  author = {{Freedom House}},\n  title = {Freedom in the World 2025},\n  institution = {Freedom House},\n  date = {2025-02},\n  url = {https://freedomhouse.org/report/freedom-world},\n  urldate = {2025-03-01},\n}\n\n@article{smith2020,\n  author = {Smith, Jane and van der Berg, Piet},\n  title = {Sanctions},\n  journal = {Foreign Affairs},\n  year = {2020},\n  month = may,\n  doi = {https://doi.org/10.1/xyz},\n  pages = {12--19},\n}\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let fh = &entries[0].entry;
        assert_eq!(fh.id, "fh2025");
        assert_eq!(fh.r#type, Some(SourceType::Report));
        assert_eq!(fh.author, ["Freedom House"]);
        assert_eq!(fh.publisher.as_deref(), Some("Freedom House"));
        assert_eq!(fh.date.map(PartialDate::iso).as_deref(), Some("2025-02"));
        assert_eq!(fh.accessed.map(PartialDate::iso).as_deref(), Some("2025-03-01"));
        assert_eq!(entries[0].range, 8..14);
        let smith = &entries[1].entry;
        assert_eq!(smith.author, ["Smith, Jane", "van der Berg, Piet"]);
        assert_eq!(smith.container.as_deref(), Some("Foreign Affairs"));
        assert_eq!(smith.date.map(PartialDate::iso).as_deref(), Some("2020-05"));
        assert_eq!(smith.doi.as_deref(), Some("10.1/xyz"));
        assert_eq!(smith.r#type, Some(SourceType::Article));
    }

    #[test]
    fn a_malformed_entry_is_one_error_at_its_line_and_the_others_are_kept() {
        let (entries, problems) = read_bib(
            "@book{a,\n  title = {A},\n}\n@book{b,\n  title = {B\n}\n@book{c,\n  title = {C},\n}\n@misc{d, title = \"D\"}\n",
        );
        let ids: Vec<_> = entries.iter().map(|r| r.entry.id.as_str()).collect();
        assert_eq!(
            problems,
            ["E070 content/refs.bib:4:1 this BibTeX entry cannot be read: it does not close before the next entry"]
        );
        assert_eq!(ids, ["a", "c", "d"]);
    }

    #[test]
    fn a_key_twice_in_one_file_is_reported_and_the_first_kept() {
        let (entries, problems) = read_bib("@book{a, title = {A}}\n@book{a, title = {B}}\n");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].entry.title, "A");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0], "E022 content/refs.bib:2:7 the source id `a` is used twice");
    }

    #[test]
    fn a_date_that_is_not_one_is_reported_at_its_field() {
        let (entries, problems) = read_bib("@book{a,\n  title = {A},\n  date = {sometime},\n}\n");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].entry.date, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("E070 content/refs.bib:3:"), "{problems:?}");
    }

    #[test]
    fn legislation_and_court_cases_have_their_types() {
        let (entries, _) = read_bib("@legislation{act, title = {An Act}}\n@jurisdiction{case, title = {A v. B}}\n");
        assert_eq!(entries[0].entry.r#type, Some(SourceType::Legislation));
        assert_eq!(entries[1].entry.r#type, Some(SourceType::CourtCase));
    }
}
