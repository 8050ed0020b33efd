//! Each bibliography entry as a CSL item (`citationberg::json::Item`), the shape a CSL
//! processor styles: a CSL-JSON item as Zotero wrote it, a BibLaTeX entry mapped field by
//! field as Pandoc's reader maps it, or a `sources.yaml` entry.
//!
//! Takes: what each reader has read. Gives: one item per entry, keyed by its citation key,
//! for [`super::style`]. Straight apostrophes in the text of names and titles become
//! typographic ones (`O'Brien` → `O’Brien`), as citeproc prints them; addresses are untouched.

use std::collections::BTreeMap;

use biblatex::{ChunksExt, DateValue as BibDate, EntryType, PermissiveType};
use hayagriva::citationberg::json::{Item, LiteralName, NameItem, NameValue, Value};

use crate::date::PartialDate;
use crate::model::{SourceEntry, SourceType};

/// The fields whose text is prose (printed as written, apostrophes and all).
const PROSE: [&str; 11] = [
    "title",
    "title-short",
    "container-title",
    "collection-title",
    "publisher",
    "publisher-place",
    "event-title",
    "event-place",
    "genre",
    "authority",
    "archive",
];

/// The item of a CSL-JSON item's text, with `id` set to `key` (Better BibTeX writes the
/// citation key apart from Zotero's id). `None` when citationberg cannot read it; the caller
/// then builds the item from the entry's fields.
pub(crate) fn from_csl_json(raw: &str, key: &str) -> Option<Item> {
    let mut item: Item = serde_json::from_str(raw).ok()?;
    item.0.insert("id".into(), Value::String(key.to_string()));
    item.0.remove("citation-key");
    Some(typographic(item))
}

/// The item of a `sources.yaml` entry (or any entry read into [`SourceEntry`] alone).
pub(crate) fn from_entry(entry: &SourceEntry) -> Item {
    let mut item = Item(BTreeMap::new());
    let mut set = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            item.0.insert(key.to_string(), value);
        }
    };
    let text = |s: &Option<String>| s.as_ref().map(|s| Value::String(s.clone()));
    set("id", Some(Value::String(entry.id.clone())));
    set("type", Some(Value::String(csl_type(entry.r#type).to_string())));
    set("title", (!entry.title.is_empty()).then(|| Value::String(entry.title.clone())));
    if !entry.author.is_empty() {
        set("author", Some(Value::Names(entry.author.iter().map(|n| written_name(n)).collect())));
    }
    set("container-title", text(&entry.container));
    set("publisher", text(&entry.publisher));
    set("issued", entry.date.as_ref().map(date));
    set("accessed", entry.accessed.as_ref().map(date));
    set("URL", text(&entry.url));
    set("DOI", text(&entry.doi));
    set("page", text(&entry.pages));
    typographic(item)
}

/// The CSL type of a source type; a source of no type is a `document`.
fn csl_type(kind: Option<SourceType>) -> &'static str {
    match kind {
        Some(SourceType::Report) => "report",
        Some(SourceType::Article) => "article-journal",
        Some(SourceType::WebPage) => "webpage",
        Some(SourceType::Legislation) => "legislation",
        Some(SourceType::CourtCase) => "legal_case",
        Some(SourceType::Dataset) => "dataset",
        Some(SourceType::News) => "article-newspaper",
        Some(SourceType::Book) => "book",
        Some(SourceType::Chapter) => "chapter",
        None => "document",
    }
}

/// A name as `sources.yaml` writes it: `Family, Given` is a person, anything else (an
/// institution, `Freedom House`) is printed as written.
fn written_name(name: &str) -> NameValue {
    match name.split_once(',') {
        Some((family, given)) if !family.trim().is_empty() && !given.trim().is_empty() => NameValue::Item(NameItem {
            family: family.trim().to_string(),
            given: Some(given.trim().to_string()),
            non_dropping_particle: None,
            dropping_particle: None,
            suffix: None,
            comma_suffix: None,
        }),
        _ => NameValue::Literal(LiteralName { literal: name.trim().to_string() }),
    }
}

fn date(date: &PartialDate) -> Value {
    let parts: Vec<i64> = date.iso().split('-').filter_map(|p| p.parse().ok()).collect();
    let value = serde_json::json!({ "date-parts": [parts] });
    // A date of parts always reads; `Value::String` is never reached.
    serde_json::from_value(value).map(Value::Date).unwrap_or_else(|_| Value::String(date.iso()))
}

/// The item of a BibLaTeX entry, mapped as Pandoc's BibLaTeX reader maps it.
pub(crate) fn from_biblatex(entry: &biblatex::Entry) -> Item {
    let field = |key: &str| {
        entry.get(key).map(|chunks| chunks.format_verbatim()).map(|s| collapse(&s)).filter(|s| !s.is_empty())
    };
    let subtype = field("entrysubtype").map(|s| s.to_lowercase());
    let kind = biblatex_type(&entry.entry_type, subtype.as_deref());
    let mut item = Item(BTreeMap::new());
    let mut set = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            item.0.insert(key.to_string(), Value::String(value));
        }
    };
    set("id", Some(entry.key.clone()));
    set("type", Some(kind.to_string()));
    let title = match (field("title"), field("subtitle")) {
        (Some(title), Some(subtitle)) => Some(format!("{title}: {subtitle}")),
        (title, _) => title,
    };
    set("title", title);
    let container = field("journaltitle").or_else(|| field("journal")).or_else(|| field("booktitle"));
    set("container-title", container.or_else(|| field("maintitle")));
    set("collection-title", field("series"));
    set("volume", field("volume"));
    set("page", field("pages"));
    set("edition", field("edition"));
    set("version", field("version"));
    set("ISBN", field("isbn"));
    set("ISSN", field("issn"));
    set("URL", field("url"));
    set("DOI", field("doi").map(|d| super::bare_doi(&d)));
    set("note", field("note").or_else(|| field("addendum")));
    set("language", field("langid").or_else(|| field("language")));
    set("event-title", field("eventtitle"));
    set("event-place", field("venue"));
    set("archive", field("archive"));
    set("archive_location", field("archiveurl"));
    set("genre", field("type"));
    // `number` is an article's issue and a report's or a law's own number.
    match kind {
        "article-journal" | "article-magazine" | "article-newspaper" | "periodical" => {
            set("issue", field("number").or_else(|| field("issue")));
        }
        "book" | "chapter" | "paper-conference" if field("series").is_some() => {
            set("collection-number", field("number"));
        }
        _ => set("number", field("number")),
    }
    let institution = field("institution").or_else(|| field("school")).or_else(|| field("organization"));
    match kind {
        // A court's name is its authority; its reporter, the container.
        "legal_case" => set("authority", institution.or_else(|| field("publisher"))),
        _ => set("publisher", field("publisher").or(institution)),
    }
    set("publisher-place", field("location").or_else(|| field("address")));
    for (biblatex, csl) in [("author", "author"), ("editor", "editor"), ("translator", "translator")] {
        let Some(Ok(people)) = entry.get(biblatex).map(|_| entry.get_as::<Vec<biblatex::Person>>(biblatex)) else {
            continue;
        };
        if !people.is_empty() {
            item.0.insert(csl.into(), Value::Names(people.iter().map(person).collect()));
        }
    }
    if let Ok(PermissiveType::Typed(d)) = entry.date() {
        item.0.insert("issued".into(), bib_date(&d));
    }
    if let Ok(PermissiveType::Typed(d)) = entry.url_date() {
        item.0.insert("accessed".into(), bib_date(&d));
    }
    typographic(item)
}

/// The CSL type of a BibLaTeX entry type, as Pandoc maps them.
fn biblatex_type(kind: &EntryType, subtype: Option<&str>) -> &'static str {
    match kind {
        EntryType::Article => match subtype {
            Some("magazine") => "article-magazine",
            Some("newspaper") => "article-newspaper",
            _ => "article-journal",
        },
        EntryType::Periodical => "periodical",
        EntryType::Book | EntryType::MvBook | EntryType::Collection | EntryType::MvCollection => "book",
        EntryType::Proceedings | EntryType::MvProceedings => "book",
        EntryType::InBook | EntryType::InCollection | EntryType::BookInBook | EntryType::SuppBook => "chapter",
        EntryType::InProceedings => "paper-conference",
        EntryType::Report | EntryType::TechReport => "report",
        EntryType::Thesis | EntryType::PhdThesis | EntryType::MastersThesis => "thesis",
        EntryType::Online => match subtype {
            Some("blog") => "post-weblog",
            _ => "webpage",
        },
        EntryType::Dataset => "dataset",
        EntryType::Manual => "book",
        EntryType::Patent => "patent",
        EntryType::Software => "software",
        EntryType::Unpublished => match subtype {
            Some("speech") => "speech",
            _ => "manuscript",
        },
        EntryType::Unknown(name) => match name.to_lowercase().as_str() {
            "legislation" => "legislation",
            "jurisdiction" => "legal_case",
            "legal" => "treaty",
            "www" | "electronic" => "webpage",
            "standard" => "standard",
            "letter" => "personal_communication",
            _ => "document",
        },
        _ => "document",
    }
}

/// A BibLaTeX name: `{{Freedom House}}` (no given name) is printed as written.
fn person(p: &biblatex::Person) -> NameValue {
    if p.given_name.is_empty() && p.prefix.is_empty() && p.suffix.is_empty() {
        return NameValue::Literal(LiteralName { literal: collapse(&p.name) });
    }
    let optional = |s: &str| (!s.is_empty()).then(|| collapse(s));
    NameValue::Item(NameItem {
        family: collapse(&p.name),
        given: optional(&p.given_name),
        non_dropping_particle: optional(&p.prefix),
        dropping_particle: None,
        suffix: optional(&p.suffix),
        comma_suffix: None,
    })
}

fn bib_date(date: &biblatex::Date) -> Value {
    let parts = |d: &biblatex::Datetime| {
        let mut parts = vec![d.year as i16];
        if let Some(month) = d.month {
            parts.push(month as i16 + 1);
            if let Some(day) = d.day {
                parts.push(day as i16 + 1);
            }
        }
        parts
    };
    let ranges = match &date.value {
        BibDate::At(d) | BibDate::After(d) | BibDate::Before(d) => vec![parts(d)],
        BibDate::Between(a, b) => vec![parts(a), parts(b)],
    };
    let value = serde_json::json!({ "date-parts": ranges });
    serde_json::from_value(value).map(Value::Date).unwrap_or_else(|_| Value::String(String::new()))
}

/// Runs of white space (a BibTeX value's line breaks) as one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Straight apostrophes in prose fields and names as typographic ones.
fn typographic(mut item: Item) -> Item {
    let curl = |s: &mut String| {
        if s.contains('\'') {
            *s = s.replace('\'', "\u{2019}");
        }
    };
    for (key, value) in item.0.iter_mut() {
        match value {
            Value::String(s) if PROSE.contains(&key.as_str()) => curl(s),
            Value::Names(names) => {
                for name in names {
                    match name {
                        NameValue::Literal(l) => curl(&mut l.literal),
                        NameValue::Item(n) => {
                            curl(&mut n.family);
                            for part in [&mut n.given, &mut n.non_dropping_particle, &mut n.dropping_particle]
                                .into_iter()
                                .flatten()
                            {
                                curl(part);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    item
}

/// An item's text value, for the tests and for grouping.
#[cfg(test)]
fn text_of<'a>(item: &'a Item, key: &str) -> Option<&'a str> {
    match item.0.get(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_biblatex_report_maps_as_pandoc_maps_it() {
        let bib = biblatex::Bibliography::parse(
            "@report{un, author = {{United Nations Human Rights Council}}, institution = {United Nations},\n\
             title = {Report of the {Special} Rapporteur}, number = {A/HRC/55/50}, date = {2024-01-15},\n\
             location = {Geneva}, type = {UN document}}",
        )
        .expect("a valid entry");
        let item = from_biblatex(bib.iter().next().expect("one entry"));
        assert_eq!(text_of(&item, "type"), Some("report"));
        assert_eq!(text_of(&item, "title"), Some("Report of the Special Rapporteur"));
        assert_eq!(text_of(&item, "publisher"), Some("United Nations"));
        assert_eq!(text_of(&item, "publisher-place"), Some("Geneva"));
        assert_eq!(text_of(&item, "number"), Some("A/HRC/55/50"));
        assert_eq!(text_of(&item, "genre"), Some("UN document"));
        let Some(Value::Names(names)) = item.0.get("author") else { panic!("no author") };
        assert_eq!(names, &[NameValue::Literal(LiteralName { literal: "United Nations Human Rights Council".into() })]);
    }

    #[test]
    fn apostrophes_curl_in_titles_and_names_but_not_in_addresses() {
        let raw = r#"{"id": "x", "type": "chapter", "title": "The Council's Session",
            "editor": [{"family": "O'Brien", "given": "Sean"}], "URL": "https://example.org/a'b"}"#;
        let item = from_csl_json(raw, "key").expect("an item");
        assert_eq!(text_of(&item, "id"), Some("key"));
        assert_eq!(text_of(&item, "title"), Some("The Council\u{2019}s Session"));
        assert_eq!(text_of(&item, "URL"), Some("https://example.org/a'b"));
        let Some(Value::Names(names)) = item.0.get("editor") else { panic!("no editor") };
        let NameValue::Item(name) = &names[0] else { panic!("a person") };
        assert_eq!(name.family, "O\u{2019}Brien");
    }

    #[test]
    fn a_sources_yaml_person_and_institution() {
        assert!(matches!(written_name("Wright, Eleanor"), NameValue::Item(n) if n.family == "Wright"));
        assert!(matches!(written_name("Freedom House"), NameValue::Literal(l) if l.literal == "Freedom House"));
    }
}
