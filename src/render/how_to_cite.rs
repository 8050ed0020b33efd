//! How to cite a briefing: its own reference, as its page shows it and as readers download it.
//!
//! Takes: a briefing of a linked [`Site`]. Gives: its reference as a CSL-JSON item ([`item`]),
//! which every other form is made from: the text at the end of its page ([`citation_text`]),
//! a BibLaTeX `@report` entry ([`bibtex`], its `cite.bib`) and an RIS record ([`ris`], its
//! `cite.ris`).
//!
//! The item is a `report`, not a `webpage`: a briefing is a dated publication of an
//! institution, often numbered in a series, which is what styles print a report as (author,
//! year, title, series and number, publisher, address); a web page is cited as a part of a
//! site, with the date it was read, which a publication with a date of its own does not need.
//! The series name is the item's `genre` and its place the `number` (Zotero's "Report type"
//! and "Report number"), so that Chicago and APA print "Policy Brief No. 12", as the page
//! does; as `collection-title` they print "No. 12. Policy Brief." (Pandoc's citeproc on the
//! golden set's `think-tank-energy`). CSL has no date of revision: the revision, when there is
//! one, is a `note` ("Updated February 1, 2026."). Nothing reads the clock: there is no
//! `accessed` date, which is the reader's to add.

use std::collections::BTreeMap;

use hayagriva::citationberg::json::{
    DateValue as CslDate, Item, LiteralName, NameItem, NameValue, Value, VecDate, VecDateRange,
};

use crate::date::Date;
use crate::i18n::{Arg, Key};
use crate::link::plan::{CiteFile, CiteFormat};
use crate::link::{DocId, Site};
use crate::model::Meta;

/// The reference of briefing `id` as a CSL-JSON item; none for a document of another kind.
pub(crate) fn item(site: &Site, id: DocId) -> Option<Item> {
    let doc = site.doc(id);
    let m = match &doc.meta {
        Meta::Briefing(m) => m,
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => return None,
    };
    let config = &site.config;
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    let mut set = |key: &str, value: Value| fields.insert(key.to_string(), value);
    set("id", Value::String(citation_key(&doc.slug, m.date.year())));
    set("type", Value::String("report".into()));
    set("title", text(&m.title));
    let authors: Vec<NameValue> = site.docs[id]
        .refs
        .authors
        .iter()
        .filter_map(|&author| match &site.doc(author).meta {
            Meta::Author(a) if a.organization => Some(literal(&a.name)),
            Meta::Author(a) => Some(person(&a.name)),
            Meta::Briefing(_) | Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => None,
        })
        .collect();
    let authors = if authors.is_empty() { vec![literal(config.publisher())] } else { authors };
    set("author", Value::Names(authors));
    set("publisher", text(config.publisher()));
    if let Some(issued) = date(m.date) {
        set("issued", issued);
    }
    if let (Some(series), Some(number)) = (&config.series, m.number) {
        set("genre", text(series));
        set("number", Value::String(number.to_string()));
    }
    set("URL", Value::String(site.base.permalink(&site.docs[id].path)));
    if let Some(summary) = m.summary.as_deref().map(one_line).filter(|s| !s.is_empty()) {
        set("abstract", Value::String(summary));
    }
    if let Some(revised) = m.revised() {
        let date = site.interface.date(revised);
        set("note", Value::String(site.interface.say(Key::cite_updated, &[("date", Arg::Text(&date))])));
    }
    set("language", text(&config.language));
    Some(Item(fields))
}

/// The reference as the page shows it, for readers to copy, as HTML: the item as the site's
/// citation style writes an entry of its reference list.
pub(crate) fn citation_text(site: &Site, item: &Item) -> String {
    site.citation_style.full(item)
}

/// The item as a BibLaTeX `@report` entry: every value in braces with TeX's special characters
/// written as commands (so that the braces balance, whatever the text, and LaTeX prints it as
/// written), the title in a second pair of braces (so that no style changes its case),
/// non-ASCII letters as they are (UTF-8), and the address as it is, for `\url`.
pub(crate) fn bibtex(item: &Item) -> String {
    let mut entry = format!("@report{{{},\n", bibtex_key(item));
    let mut field = |name: &str, value: String| {
        if !value.is_empty() {
            entry.push_str(&format!("  {name} = {{{value}}},\n"));
        }
    };
    let authors: Vec<String> = names(item, "author").iter().map(bibtex_name).collect();
    field("author", authors.join(" and "));
    field("title", string(item, "title").map(|t| format!("{{{}}}", tex(t))).unwrap_or_default());
    field("type", string(item, "genre").map(tex).unwrap_or_default());
    field("number", string(item, "number").map(tex).unwrap_or_default());
    field("institution", string(item, "publisher").map(tex).unwrap_or_default());
    field("date", issued(item).map(|(y, m, d)| iso_date(y, m, d, "-")).unwrap_or_default());
    field("url", string(item, "URL").map(url).unwrap_or_default());
    field("note", string(item, "note").map(tex).unwrap_or_default());
    field("abstract", string(item, "abstract").map(tex).unwrap_or_default());
    entry.push_str("}\n");
    entry
}

/// The item as an RIS record (`TY  - RPRT` … `ER  - `), each line ended by CR LF as the format
/// asks, each value on one line, in UTF-8. Authors are `Family, Given` (`Family, Given,
/// Suffix`), an institution by its name alone; the series is `M3` (type of work) and its number
/// `SN` (report number), as reference managers read a report's.
pub(crate) fn ris(item: &Item) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "RPRT".into())];
    lines.extend(string(item, "id").map(|id| ("ID", id.to_string())));
    lines.extend(names(item, "author").iter().map(|name| ("AU", ris_name(name))));
    lines.extend(string(item, "title").map(|t| ("TI", t.to_string())));
    if let Some((year, month, day)) = issued(item) {
        lines.push(("PY", year.to_string()));
        lines.push(("DA", format!("{}/", iso_date(year, month, day, "/"))));
    }
    let rest = [("M3", "genre"), ("SN", "number"), ("PB", "publisher"), ("UR", "URL"), ("AB", "abstract")];
    lines.extend(rest.iter().filter_map(|&(tag, key)| string(item, key).map(|v| (tag, v.to_string()))));
    lines.extend(string(item, "note").map(|n| ("N1", n.to_string())));
    lines.extend(string(item, "language").map(|l| ("LA", l.to_string())));
    let mut record = String::new();
    for (tag, value) in lines {
        let value = one_line(&value);
        if !value.is_empty() {
            record.push_str(&format!("{tag}  - {value}\r\n"));
        }
    }
    record.push_str("ER  - \r\n");
    record
}

/// The bytes of a briefing's cite file.
pub(super) fn file(site: &Site, file: CiteFile) -> Vec<u8> {
    let Some(item) = item(site, file.id) else { return Vec::new() };
    match file.format {
        CiteFormat::Bibtex => bibtex(&item),
        CiteFormat::Ris => ris(&item),
    }
    .into_bytes()
}

/// The key readers cite the briefing by: its slug and year, in the letters, digits and hyphens
/// that every BibTeX tool accepts (`exit-2026`).
fn citation_key(slug: &str, year: i32) -> String {
    let slug = slug::slugify(slug);
    let slug = if slug.is_empty() { "briefing" } else { slug.as_str() };
    format!("{slug}-{year}")
}

/// The item's key, as safe as [`citation_key`] makes it whatever item is given.
fn bibtex_key(item: &Item) -> String {
    let key: String = string(item, "id")
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    if key.is_empty() { "briefing".to_string() } else { key }
}

/// Suffixes written as the last word of a name, not its family name.
const SUFFIXES: [&str; 8] = ["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "Jnr"];

/// A person's name as their author file writes it, in byline order ("Jane Doe", "Ludwig van
/// Beethoven", "Martin Luther King Jr.", "Martin Luther King, Jr."), in CSL's parts: the last
/// word is the family name, the lowercase words before it its particle (`van`, `de la`), what
/// follows a comma or a last word such as `Jr.` the suffix. A comma after a single word is the
/// sort order ("Doe, Jane"). A name of one word is kept whole. (Where the family name comes
/// first in the byline, as in "Li Wei", the parts are wrong; an author file cannot say so yet.)
fn person(name: &str) -> NameValue {
    let name = one_line(name);
    let (main, after_comma) = match name.split_once(',') {
        Some((main, rest)) => (main.trim(), Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (name.as_str(), None),
    };
    let mut words: Vec<&str> = main.split_whitespace().collect();
    if let (&[family], Some(given)) = (words.as_slice(), after_comma) {
        if !SUFFIXES.contains(&given) {
            return name_item(family, given, None, None);
        }
    }
    let mut suffix = after_comma;
    if suffix.is_none() && words.len() > 2 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        suffix = words.pop();
    }
    let Some((family, rest)) = words.split_last().filter(|(_, rest)| !rest.is_empty()) else {
        return literal(&name);
    };
    // The lowercase words before the family name, but never the first word.
    let mut start = rest.len();
    while start > 1 && rest[start - 1].chars().next().is_some_and(char::is_lowercase) {
        start -= 1;
    }
    let particle = rest[start..].join(" ");
    name_item(family, &rest[..start].join(" "), Some(particle.as_str()).filter(|p| !p.is_empty()), suffix)
}

fn name_item(family: &str, given: &str, particle: Option<&str>, suffix: Option<&str>) -> NameValue {
    NameValue::Item(NameItem {
        family: family.to_string(),
        given: Some(given.to_string()).filter(|g| !g.is_empty()),
        non_dropping_particle: particle.map(str::to_string),
        dropping_particle: None,
        suffix: suffix.map(str::to_string),
        comma_suffix: None,
    })
}

/// An institution, or a name kept whole.
fn literal(name: &str) -> NameValue {
    NameValue::Literal(LiteralName { literal: one_line(name) })
}

fn text(value: &str) -> Value {
    Value::String(one_line(value))
}

/// `date` as CSL's date parts; none for a year CSL cannot hold (only a failed build has one).
fn date(date: Date) -> Option<Value> {
    let year = i16::try_from(date.year()).ok()?;
    let parts = vec![year, date.month() as i16, date.day() as i16];
    Some(Value::Date(CslDate::DateParts {
        date_parts: VecDateRange(vec![VecDate(parts)]),
        literal: None,
        season: None,
        circa: false,
    }))
}

/// The item's `key` as text, when it is text or a number.
fn string<'a>(item: &'a Item, key: &str) -> Option<&'a str> {
    match item.0.get(key)? {
        Value::String(s) => Some(s.as_str()).filter(|s| !s.trim().is_empty()),
        Value::Number(_) | Value::Names(_) | Value::Date(_) => None,
    }
}

fn names<'a>(item: &'a Item, key: &str) -> &'a [NameValue] {
    match item.0.get(key) {
        Some(Value::Names(names)) => names,
        Some(Value::String(_) | Value::Number(_) | Value::Date(_)) | None => &[],
    }
}

/// The year, month and day the item was published, as far as it says.
fn issued(item: &Item) -> Option<(i16, Option<i16>, Option<i16>)> {
    let parts = match item.0.get("issued")? {
        Value::Date(CslDate::DateParts { date_parts, .. }) => date_parts.0.first()?.0.clone(),
        Value::Date(CslDate::Raw { raw, .. }) => VecDate::from(raw.start).0,
        Value::String(_) | Value::Number(_) | Value::Names(_) => return None,
    };
    Some((*parts.first()?, parts.get(1).copied(), parts.get(2).copied()))
}

/// `2026-01-07`, `2026-01` or `2026`, with `separator` between the parts.
fn iso_date(year: i16, month: Option<i16>, day: Option<i16>, separator: &str) -> String {
    let mut date = format!("{year:04}");
    for part in [month, day.filter(|_| month.is_some())].into_iter().flatten() {
        date.push_str(&format!("{separator}{part:02}"));
    }
    date
}

/// A name as BibTeX reads one: `von Last, Jr, First` (a part holding a comma or the word
/// "and" in braces, so that it stays one part), an institution whole in braces.
fn bibtex_name(name: &NameValue) -> String {
    let part = |text: &str| {
        let escaped = tex(text);
        let splits = text.contains(',') || text.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"));
        if splits { format!("{{{escaped}}}") } else { escaped }
    };
    match name {
        NameValue::Literal(literal) => format!("{{{}}}", tex(&literal.literal)),
        NameValue::Item(n) => {
            let last = match n.non_dropping_particle.as_deref() {
                Some(particle) => format!("{} {}", part(particle), part(&n.family)),
                None => part(&n.family),
            };
            let mut written = vec![last];
            written.extend(n.suffix.as_deref().map(part));
            written.extend(n.given.as_deref().map(part));
            written.join(", ")
        }
    }
}

/// A name as RIS writes one: `Family, Given` or `Family, Given, Suffix`; an institution alone.
fn ris_name(name: &NameValue) -> String {
    match name {
        NameValue::Literal(literal) => literal.literal.clone(),
        NameValue::Item(n) => {
            let family = match n.non_dropping_particle.as_deref() {
                Some(particle) => format!("{particle} {}", n.family),
                None => n.family.clone(),
            };
            let mut written = vec![family];
            written.extend(n.given.clone());
            written.extend(n.suffix.clone());
            written.join(", ")
        }
    }
}

/// `text` on one line: every run of white space (line breaks included) one space, control
/// characters gone, no space at either end.
fn one_line(text: &str) -> String {
    let kept: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as the value of a BibTeX field, printed by LaTeX as written: `\`, `{` and `}` as the
/// commands that print them (an escaped brace would still count in BibTeX's brace matching),
/// `% & $ # _` escaped, `~ ^ < >` as commands (LaTeX's default font would print `<` as `¡`),
/// the rest as it is.
fn tex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            c => out.push(c),
        }
    }
    out
}

/// An address as `\url` reads it: as it is, but for what would unbalance the field's braces or
/// end it (`{`, `}`, `\`, spaces), percent-encoded.
fn url(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    for c in address.trim().chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::link_with_site_yaml;

    const SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/reports/\n\
                             publisher: Centre for Digital Policy\nseries: Policy Brief\n";

    /// A site with `briefings` (path, text) and two authors, `jane` and `li`, whose
    /// `site.yaml` is [`SITE_YAML`].
    fn site(briefings: &[(&str, &str)]) -> Site {
        let mut files =
            vec![("authors/jane.md", "---\nname: Jane Doe\n---\n"), ("authors/li.md", "---\nname: Li Wei\n---\n")];
        files.extend_from_slice(briefings);
        let (site, problems) = link_with_site_yaml(&files, SITE_YAML);
        assert!(!problems.has_errors(), "{problems:?}");
        site
    }

    fn briefing(site: &Site, slug: &str) -> Item {
        let id = site.docs.ids().find(|&id| site.doc(id).slug == slug).expect("the briefing");
        item(site, id).expect("a briefing's item")
    }

    const TWO_AUTHORS: (&str, &str) = (
        "briefings/exit.md",
        "---\ntitle: \"Exit: What Changes\"\ndate: 2026-01-07\nupdated: 2026-02-01\nauthors: [jane, li]\n\
         number: 12\nsummary: What the exit means.\n---\nText.\n",
    );

    #[test]
    fn a_briefing_is_a_report_with_its_authors_dates_series_and_address() {
        let site = site(&[TWO_AUTHORS]);
        let json = serde_json::to_value(briefing(&site, "exit")).expect("JSON");
        assert_eq!(
            json,
            serde_json::json!({
                "id": "exit-2026",
                "type": "report",
                "title": "Exit: What Changes",
                "author": [{"family": "Doe", "given": "Jane", "non-dropping-particle": null, "dropping-particle": null,
                            "suffix": null, "comma-suffix": null},
                           {"family": "Wei", "given": "Li", "non-dropping-particle": null, "dropping-particle": null,
                            "suffix": null, "comma-suffix": null}],
                "publisher": "Centre for Digital Policy",
                "issued": [[2026, 1, 7]],
                "genre": "Policy Brief",
                "number": "12",
                "URL": "https://example.org/reports/briefings/exit/",
                "abstract": "What the exit means.",
                "note": "Updated February 1, 2026.",
                "language": "en",
            })
        );
    }

    #[test]
    fn without_authors_the_publisher_is_the_author_and_without_a_series_there_is_no_number() {
        let site = site(&[("briefings/plain.md", "---\ntitle: Plain\ndate: 2025-12-31\n---\nText.\n")]);
        let item = briefing(&site, "plain");
        assert_eq!(
            names(&item, "author"),
            [NameValue::Literal(LiteralName { literal: "Centre for Digital Policy".into() })]
        );
        for absent in ["genre", "number", "abstract", "note", "accessed"] {
            assert!(!item.0.contains_key(absent), "{absent}");
        }
        assert_eq!(
            text(&citation_text(&site, &item)),
            "Centre for Digital Policy. 2025. Plain. Centre for Digital Policy. https://example.org/reports/briefings/plain/."
        );
    }

    #[test]
    fn a_team_is_cited_as_one_name() {
        let mut files = vec![(
            "authors/editors.md",
            "---\nname: The Editors\norganization: true\naffiliation: Centre for Digital Policy\n---\n",
        )];
        files.push(("briefings/team.md", "---\ntitle: Team Work\ndate: 2026-03-02\nauthors: [editors]\n---\nText.\n"));
        let (site, problems) = link_with_site_yaml(&files, SITE_YAML);
        assert!(!problems.has_errors(), "{problems:?}");
        let item = briefing(&site, "team");
        assert_eq!(names(&item, "author"), [NameValue::Literal(LiteralName { literal: "The Editors".into() })]);
        assert!(text(&citation_text(&site, &item)).starts_with("The Editors. 2026. Team Work."));
    }

    /// The text of a citation's HTML: tags dropped, `&amp;` read.
    fn text(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&amp;", "&")
    }

    #[test]
    fn the_citation_text_reads_as_chicago_author_date_unless_the_site_says_otherwise() {
        let site = site(&[TWO_AUTHORS]);
        let html = citation_text(&site, &briefing(&site, "exit"));
        assert_eq!(
            html,
            "Doe, Jane, and Li Wei. 2026. <i>Exit: What Changes</i>. Policy Brief No. 12. Centre for Digital Policy. \
             <a href=\"https://example.org/reports/briefings/exit/\">https://example.org/reports/briefings/exit/</a>."
        );
        let mut many = briefing(&site, "exit");
        let people: Vec<NameValue> = ["Ana Ruiz", "Bo Li", "Cy Young"].iter().map(|n| person(n)).collect();
        many.0.insert("author".into(), Value::Names(people.clone()));
        let html = citation_text(&site, &many);
        assert!(text(&html).starts_with("Ruiz, Ana, Bo Li, and Cy Young. 2026."), "{html}");
        many.0.insert("title".into(), Value::String("Is It Over?".into()));
        let html = citation_text(&site, &many);
        // Title case leaves the CSL stop words ("over") in lower case; no second stop after "?".
        assert!(text(&html).contains(" Is It over? Policy Brief"), "{html}");
        let files = [
            ("authors/jane.md", "---\nname: Jane Doe\n---\n"),
            ("authors/li.md", "---\nname: Li Wei\n---\n"),
            TWO_AUTHORS,
        ];
        let apa = link_with_site_yaml(&files, &format!("{SITE_YAML}citation_style: apa\n")).0;
        assert_eq!(
            text(&citation_text(&apa, &briefing(&apa, "exit"))),
            "Doe, J., & Wei, L. (2026). Exit: What Changes (Policy Brief No. 12). Centre for Digital Policy. \
             https://example.org/reports/briefings/exit/"
        );
    }

    #[test]
    fn names_split_into_family_given_particle_and_suffix() {
        let shown = |name: &str| {
            let person = person(name);
            (bibtex_name(&person), ris_name(&person))
        };
        let expect = |_: &str, b: &str, c: &str| (b.to_string(), c.to_string());
        assert_eq!(shown("Jane Doe"), expect("Doe, Jane", "Doe, Jane", "Doe, Jane"));
        assert_eq!(shown("  Jane\n Q.  Doe "), expect("Doe, Jane Q.", "Doe, Jane Q.", "Doe, Jane Q."));
        assert_eq!(
            shown("Ludwig van Beethoven"),
            expect("Beethoven, Ludwig van", "van Beethoven, Ludwig", "van Beethoven, Ludwig")
        );
        assert_eq!(
            shown("Jean de la Fontaine"),
            expect("Fontaine, Jean de la", "de la Fontaine, Jean", "de la Fontaine, Jean")
        );
        assert_eq!(
            shown("Martin Luther King Jr."),
            expect("King, Martin Luther, Jr.", "King, Jr., Martin Luther", "King, Martin Luther, Jr.")
        );
        assert_eq!(
            shown("Martin Luther King, Jr."),
            expect("King, Martin Luther, Jr.", "King, Jr., Martin Luther", "King, Martin Luther, Jr.")
        );
        assert_eq!(shown("Doe, Jane"), expect("Doe, Jane", "Doe, Jane", "Doe, Jane"));
        assert_eq!(shown("bell hooks"), expect("hooks, bell", "hooks, bell", "hooks, bell"));
        assert_eq!(shown("Madonna"), expect("Madonna", "{Madonna}", "Madonna"));
        // A part that BibTeX would split at its comma or its "and" stays one part.
        assert_eq!(bibtex_name(&person("Jane Smith and Sons")), "{and} Sons, Jane Smith");
        assert_eq!(bibtex_name(&person("Ann And Bob")), "Bob, {Ann And}");
    }

    #[test]
    fn the_bibtex_entry_is_a_report_with_every_field() {
        let site = site(&[TWO_AUTHORS]);
        assert_eq!(
            bibtex(&briefing(&site, "exit")),
            "@report{exit-2026,\n  author = {Doe, Jane and Wei, Li},\n  title = {{Exit: What Changes}},\n  \
             type = {Policy Brief},\n  number = {12},\n  institution = {Centre for Digital Policy},\n  \
             date = {2026-01-07},\n  url = {https://example.org/reports/briefings/exit/},\n  \
             note = {Updated February 1, 2026.},\n  abstract = {What the exit means.},\n}\n"
        );
    }

    #[test]
    fn the_ris_record_has_crlf_lines_and_ends_with_er() {
        let site = site(&[TWO_AUTHORS]);
        assert_eq!(
            ris(&briefing(&site, "exit")),
            "TY  - RPRT\r\nID  - exit-2026\r\nAU  - Doe, Jane\r\nAU  - Wei, Li\r\nTI  - Exit: What Changes\r\n\
             PY  - 2026\r\nDA  - 2026/01/07/\r\nM3  - Policy Brief\r\nSN  - 12\r\nPB  - Centre for Digital Policy\r\n\
             UR  - https://example.org/reports/briefings/exit/\r\nAB  - What the exit means.\r\n\
             N1  - Updated February 1, 2026.\r\nLA  - en\r\nER  - \r\n"
        );
    }

    /// A title, a name and a summary with every character that could break out of a BibTeX
    /// field or an RIS line, or become markup.
    fn hostile() -> Item {
        let site = site(&[(
            "briefings/bad.md",
            "---\ntitle: \"A \\\"quoted\\\" {brace} \\\\ back 100% & $5 #1 a_b ~x^2 <script>alert(1)</script>\\nline two}\"\n\
             date: 2026-01-07\nsummary: \"Ends } early { and % comments\\r\\nER  - \"\n---\nText.\n",
        )]);
        let mut item = briefing(&site, "bad");
        item.0.insert("author".into(), Value::Names(vec![person("Zoë {Brace} O'Neil, Jr."), literal("A & B, {Ltd}")]));
        item
    }

    #[test]
    fn a_hostile_title_stays_inside_its_bibtex_field_and_reads_back_as_written() {
        let item = hostile();
        let entry = bibtex(&item);
        assert_eq!(
            entry.lines().nth(2),
            Some(
                "  title = {{A \"quoted\" \\textbraceleft{}brace\\textbraceright{} \\textbackslash{} back 100\\% \\& \\$5 \
                 \\#1 a\\_b \\textasciitilde{}x\\textasciicircum{}2 \\textless{}script\\textgreater{}alert(1)\
                 \\textless{}/script\\textgreater{} line two\\textbraceright{}}},"
            )
        );
        // Every field on its own line, every brace of a value matched before its line ends.
        for line in entry.lines().skip(1).filter(|l| *l != "}") {
            let mut depth = 0i32;
            for c in line.chars() {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                assert!(depth >= 0, "{line}");
            }
            assert_eq!(depth, 0, "{line}");
        }
        // BibTeX tools read the fields back as they were written.
        let bibliography = biblatex::Bibliography::parse(&entry).expect("a readable entry");
        let read = bibliography.get("bad-2026").expect("the entry, by its key");
        use biblatex::ChunksExt;
        assert_eq!(
            read.title().expect("a title").format_verbatim(),
            "A \"quoted\" {brace} \\ back 100% & $5 #1 a_b ~x^2 <script>alert(1)</script> line two}"
        );
        let authors = read.author().expect("authors");
        assert_eq!(authors.len(), 2);
        assert_eq!((authors[0].name.as_str(), authors[0].given_name.as_str()), ("O'Neil", "Zoë {Brace}"));
        assert_eq!(authors[1].name, "A & B, {Ltd}");
        assert!(entry.contains("Zoë"), "UTF-8 as it is: {entry}");
    }

    #[test]
    fn a_hostile_title_stays_on_its_ris_line() {
        let record = ris(&hostile());
        assert!(record.ends_with("ER  - \r\n"));
        assert_eq!(record.matches("ER  - ").count(), 1, "{record}");
        assert!(!record.replace("\r\n", "").contains(['\r', '\n']), "a bare line break: {record:?}");
        for line in record.split_terminator("\r\n") {
            assert!(line.len() >= 6 && &line[2..6] == "  - ", "{line:?}");
        }
        assert!(record.contains(
            "\r\nTI  - A \"quoted\" {brace} \\ back 100% & $5 #1 a_b ~x^2 <script>alert(1)</script> line two}\r\n"
        ));
        assert!(record.contains("\r\nAB  - Ends } early { and % comments ER -\r\n"), "{record:?}");
        assert!(record.contains("\r\nAU  - O'Neil, Zoë {Brace}, Jr.\r\nAU  - A & B, {Ltd}\r\n"), "{record:?}");
    }

    #[test]
    fn a_key_is_the_slug_and_year_in_safe_characters() {
        assert_eq!(citation_key("exit", 2026), "exit-2026");
        assert_eq!(citation_key("Données_été 2026", 2025), "donnees-ete-2026-2025");
        assert_eq!(citation_key("{}", 2026), "briefing-2026");
        let mut item = Item(BTreeMap::new());
        item.0.insert("id".into(), Value::String("a,b}{ c=d".into()));
        assert!(bibtex(&item).starts_with("@report{abcd,\n"));
    }

    #[test]
    fn an_address_keeps_its_characters_but_those_that_end_a_field() {
        assert_eq!(url("https://example.org/a_b/%7E/?q=1&r=2#x"), "https://example.org/a_b/%7E/?q=1&r=2#x");
        assert_eq!(url("https://example.org/{a}\\b c/"), "https://example.org/%7Ba%7D%5Cb%20c/");
    }
}
