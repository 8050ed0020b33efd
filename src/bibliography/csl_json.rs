//! A `.json` file of CSL-JSON (what Zotero's "CSL JSON" export writes): an array of items.
//!
//! The array is split into its items first (serde_json's `RawValue`, which keeps where each
//! is written), then each item is read on its own: a malformed item is one error (E071) at
//! its line and column, and the other items stay usable.

use serde_json::Value;
use serde_json::value::RawValue;

use super::{Read, bare_doi, blank};
use crate::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::TextFile;
use crate::model::{SourceEntry, SourceType};

const FORMAT_HELP: &str = "a CSL-JSON file is an array of items, `[{\"id\": \"key\", \"type\": \"report\", \"title\": \"…\"}]`, as Zotero's CSL JSON export writes it";

/// The items of a CSL-JSON file, and whether one could not be read at all.
pub(crate) fn read(file: &TextFile, diagnostics: &mut Diagnostics) -> (Vec<Read>, bool) {
    let items: Vec<&RawValue> = match serde_json::from_str(&file.text) {
        Ok(items) => items,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("E071", &file.path, format!("this is not a CSL-JSON array: {}", strip_position(&e)))
                    .at(
                        &file.text,
                        offset_of(&file.text, e.line(), e.column())..offset_of(&file.text, e.line(), e.column()),
                    )
                    .with_help(FORMAT_HELP),
            );
            return (Vec::new(), true);
        }
    };
    let mut entries = Vec::with_capacity(items.len());
    let mut incomplete = false;
    for item in items {
        let raw = item.get();
        // The item's text is a slice of the file's: its offset is where it starts.
        let start = (raw.as_ptr() as usize).saturating_sub(file.text.as_ptr() as usize);
        let range = start..start + raw.len();
        match item_entry(raw) {
            Ok((entry, id_at)) => {
                let id_range = id_at.map_or(range.start..range.start + 1, |r| start + r.start..start + r.end);
                let item = super::csl::from_csl_json(raw, &entry.id).unwrap_or_else(|| super::csl::from_entry(&entry));
                entries.push(Read { entry, item, range: id_range, addresses: Vec::new() });
            }
            Err(problem) => {
                incomplete = true;
                diagnostics.push(
                    Diagnostic::error("E071", &file.path, format!("this CSL-JSON item cannot be read: {problem}"))
                        .at(&file.text, range.start..range.start + 1)
                        .with_help(FORMAT_HELP),
                );
            }
        }
    }
    (entries, incomplete)
}

/// One item as a source, with where its id's value is written inside the item's text.
fn item_entry(raw: &str) -> Result<(SourceEntry, Option<std::ops::Range<usize>>), String> {
    let value: Value = serde_json::from_str(raw).map_err(|e| strip_position(&e))?;
    let Value::Object(item) = value else { return Err("an item is an object, `{…}`".into()) };
    let text = |key: &str| match item.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    // Better BibTeX and Zotero 7 write the citation key apart from the item's id.
    let (key_name, id) = match (text("citation-key"), text("id")) {
        (Some(key), _) => ("citation-key", key),
        (None, Some(id)) => ("id", id),
        (None, None) => return Err("it has no `id`".into()),
    };
    let mut entry = blank(id);
    entry.r#type = item.get("type").and_then(Value::as_str).and_then(source_type);
    entry.title = text("title").unwrap_or_default();
    entry.author = match item.get("author") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(names)) => names.iter().map(name).collect::<Result<_, _>>()?,
        Some(_) => return Err("`author` is a list of names, `[{\"family\": …, \"given\": …}]`".into()),
    };
    entry.container = text("container-title");
    entry.publisher = text("publisher").or_else(|| text("authority"));
    entry.url = text("URL");
    entry.doi = text("DOI").map(|d| bare_doi(&d));
    entry.pages = text("page");
    entry.date = item.get("issued").map(date).transpose().map_err(|e| format!("`issued`: {e}"))?.flatten();
    entry.accessed = item.get("accessed").map(date).transpose().map_err(|e| format!("`accessed`: {e}"))?.flatten();
    let id_at = locate_value(raw, key_name, &entry.id);
    Ok((entry, id_at))
}

fn source_type(csl: &str) -> Option<SourceType> {
    Some(match csl {
        "report" => SourceType::Report,
        "article-journal" | "article" | "article-magazine" | "review" => SourceType::Article,
        "article-newspaper" | "broadcast" => SourceType::News,
        "webpage" | "post-weblog" | "post" => SourceType::WebPage,
        "legislation" | "bill" | "regulation" | "treaty" | "hearing" => SourceType::Legislation,
        "legal_case" => SourceType::CourtCase,
        "dataset" => SourceType::Dataset,
        "book" => SourceType::Book,
        "chapter" | "paper-conference" | "entry-encyclopedia" | "entry-dictionary" => SourceType::Chapter,
        _ => return None,
    })
}

/// A CSL name as `sources.yaml` writes it: `Family, Given`, or a literal (an institution).
fn name(value: &Value) -> Result<String, String> {
    let part = |key: &str| value.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    if let Some(literal) = part("literal") {
        return Ok(literal.to_string());
    }
    let family = [part("non-dropping-particle"), part("family")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let family = match part("suffix") {
        Some(suffix) if !family.is_empty() => format!("{family}, {suffix}"),
        _ => family,
    };
    match part("given") {
        Some(given) if !family.is_empty() => Ok(format!("{family}, {given}")),
        Some(given) => Ok(given.to_string()),
        None if !family.is_empty() => Ok(family),
        None => Err("a name has no `family`, `given` or `literal`".into()),
    }
}

/// A CSL date: its first `date-parts`, or a `raw` ISO date; `None` for a `literal`.
fn date(value: &Value) -> Result<Option<PartialDate>, String> {
    if let Some(parts) = value.get("date-parts").and_then(|p| p.get(0)).and_then(Value::as_array) {
        let number =
            |i: usize| parts.get(i).and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
        let written = match (number(0), number(1), number(2)) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), None, _) => format!("{y:04}"),
            (None, _, _) => return Err("`date-parts` has no year".into()),
        };
        return PartialDate::parse(&written).map(Some);
    }
    if let Some(raw) = value.get("raw").and_then(Value::as_str) {
        return PartialDate::parse(raw.trim()).map(Some);
    }
    if value.get("literal").is_some() {
        return Ok(None);
    }
    Err("a date is `{\"date-parts\": [[2025, 2, 1]]}`".into())
}

/// Where `"key": "value"` has its value inside an item's text.
fn locate_value(raw: &str, key: &str, value: &str) -> Option<std::ops::Range<usize>> {
    let quoted_key = format!("\"{key}\"");
    let after_key = raw.find(&quoted_key)? + quoted_key.len();
    let at = after_key + raw[after_key..].find(value)?;
    Some(at..at + value.len())
}

/// serde_json's message without its " at line L column C": the report places it.
fn strip_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// The byte offset of serde_json's line and column (both from 1; a column 0 is the line's start).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_json(text: &str) -> (Vec<Read>, Vec<String>) {
        let mut diagnostics = Diagnostics::new();
        let file = TextFile { path: "content/zotero.json".into(), text: text.into() };
        let (entries, _) = read(&file, &mut diagnostics);
        (entries, diagnostics.iter().map(|d| format!("{} {} {}", d.code, d.position(), d.message)).collect())
    }

    const ZOTERO: &str = r#"[
  {
    "id": "http://zotero.org/users/1/items/ABCD",
    "citation-key": "fh2025",
    "type": "report",
    "title": "Freedom in the World 2025",
    "publisher": "Freedom House",
    "author": [{"literal": "Freedom House"}],
    "issued": {"date-parts": [["2025", 2]]},
    "accessed": {"date-parts": [[2025, 3, 1]]},
    "URL": "https://freedomhouse.org/report/freedom-world"
  },
  {
    "id": "smith2020",
    "type": "article-newspaper",
    "title": "Sanctions",
    "container-title": "The Times",
    "author": [{"family": "Berg", "non-dropping-particle": "van der", "given": "Piet"}],
    "DOI": "https://doi.org/10.1/xyz",
    "issued": {"raw": "2020-05-04"}
  }
]
"#;

    #[test]
    fn zotero_items_keep_their_citation_keys_and_fields() {
        let (entries, problems) = read_json(ZOTERO);
        assert!(problems.is_empty(), "{problems:?}");
        let fh = &entries[0].entry;
        assert_eq!(fh.id, "fh2025");
        assert_eq!(&ZOTERO[entries[0].range.clone()], "fh2025");
        assert_eq!(fh.r#type, Some(SourceType::Report));
        assert_eq!(fh.author, ["Freedom House"]);
        assert_eq!(fh.date.map(PartialDate::iso).as_deref(), Some("2025-02"));
        assert_eq!(fh.accessed.map(PartialDate::iso).as_deref(), Some("2025-03-01"));
        let smith = &entries[1].entry;
        assert_eq!(smith.r#type, Some(SourceType::News));
        assert_eq!(smith.author, ["van der Berg, Piet"]);
        assert_eq!(smith.doi.as_deref(), Some("10.1/xyz"));
        assert_eq!(smith.date.map(PartialDate::iso).as_deref(), Some("2020-05-04"));
    }

    #[test]
    fn a_malformed_item_is_one_error_at_its_line_and_the_others_are_kept() {
        let (entries, problems) = read_json(
            "[\n  {\"id\": \"a\", \"title\": \"A\"},\n  {\"title\": \"no id\"},\n  {\"id\": \"c\", \"issued\": {\"date-parts\": [[2020, 13]]}},\n  {\"id\": \"d\"}\n]",
        );
        let ids: Vec<_> = entries.iter().map(|r| r.entry.id.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0], "E071 content/zotero.json:3:3 this CSL-JSON item cannot be read: it has no `id`");
        assert!(problems[1].starts_with("E071 content/zotero.json:4:3 this CSL-JSON item cannot be read: `issued`"));
    }

    #[test]
    fn a_file_that_is_not_an_array_is_one_error_where_it_goes_wrong() {
        let (entries, problems) = read_json("[\n  {\"id\": \"a\"},\n  {\"id\": }\n]");
        assert!(entries.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("E071 content/zotero.json:3:"), "{problems:?}");
    }
}
