//! The golden set (`tests/golden/`): citation styling checked against Pandoc's citeproc.
//!
//! `tests/golden/make-expected.sh` rendered 45 references and 17 in-text citation cases
//! with Pandoc's citeproc, in Chicago author-date and APA, into `expected/STYLE.json`. This
//! module renders the same inputs with a [`Renderer`], compares entry by entry after
//! whitespace normalisation, and prints the match rate and every difference (run with
//! `cargo test --test it golden -- --nocapture` to read them when they pass).
//!
//! Until brief has its own styling, the renderers are hayagriva used directly, once from the
//! CSL-JSON and once from the BibLaTeX copy, so the rates measure where hayagriva stands
//! against citeproc. When brief styles references itself, add a renderer that goes through
//! brief's bibliography code and the same comparison applies. Each test asserts a floor:
//! the count of identical entries measured when it was set, so that a regression fails;
//! raise it as the styling improves (issue 16 asks for 95% of the entries).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest, CitePurpose, ElemChildren,
    LocatorPayload, SpecificLocator,
};
use serde::Deserialize;

/// The styles of the golden set, by the name of their file in `tests/golden/styles/`.
const STYLES: [&str; 2] = ["chicago-author-date", "apa"];

/// Pandoc's output for one style, as `make-expected.sh` writes it.
#[derive(Deserialize)]
struct Expected {
    generator: String,
    bibliography: Vec<ExpectedEntry>,
    citations: Vec<ExpectedCitation>,
}

/// One reference-list entry, in the style's order. `html` is kept for when brief's
/// output is compared with its markup; the comparison here is on the text.
#[derive(Deserialize)]
struct ExpectedEntry {
    id: String,
    text: String,
}

/// One in-text citation case of `citations.md`.
#[derive(Deserialize)]
struct ExpectedCitation {
    case: String,
    items: Vec<PandocCite>,
    text: String,
}

/// One reference cited in a case, as Pandoc parsed `[@id, p. 12]` or `[-@id]`.
#[derive(Deserialize)]
struct PandocCite {
    id: String,
    /// `NormalCitation`, `SuppressAuthor` or `AuthorInText`.
    mode: String,
    /// What followed the id, such as ", p. 12" (with a no-break space).
    suffix: String,
}

/// One reference cited in a case, ready for a renderer.
pub(crate) struct Cite {
    pub(crate) id: String,
    /// The locator's kind and value: (`Locator::Page`, "12").
    pub(crate) locator: Option<(Locator, String)>,
    pub(crate) suppress_author: bool,
}

/// A citation case: its name in `citations.md` and the references it cites, in order.
pub(crate) struct Case {
    pub(crate) name: String,
    pub(crate) cites: Vec<Cite>,
}

/// What a renderer gives back: the reference list in the style's order as (id, text), and
/// each case's in-text citation as (case name, text).
pub(crate) struct Rendering {
    pub(crate) bibliography: Vec<(String, String)>,
    pub(crate) citations: Vec<(String, String)>,
}

/// Renders every reference of the golden set and the cases, in the style of
/// `tests/golden/styles/STYLE.csl`, as plain text. All references are listed, cited or not
/// (Pandoc's `nocite: '@*'`).
pub(crate) type Renderer = fn(style: &str, cases: &[Case]) -> Rendering;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn expected(style: &str) -> Expected {
    let path = golden_dir().join("expected").join(format!("{style}.json"));
    serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Pandoc's locator labels as the cases use them (citeproc's English terms).
fn locator_of(suffix: &str) -> Option<(Locator, String)> {
    let suffix = suffix.trim_start_matches(',').trim();
    if suffix.is_empty() {
        return None;
    }
    let (label, value) =
        suffix.split_once(['\u{a0}', ' ']).unwrap_or_else(|| panic!("a locator with no label: {suffix:?}"));
    let kind = match label {
        "p." | "pp." => Locator::Page,
        "chap." => Locator::Chapter,
        "sec." => Locator::Section,
        other => panic!("add the locator label {other:?} to locator_of"),
    };
    Some((kind, value.trim().to_string()))
}

fn cases(expected: &Expected) -> Vec<Case> {
    expected
        .citations
        .iter()
        .map(|case| Case {
            name: case.case.clone(),
            cites: case
                .items
                .iter()
                .map(|item| Cite {
                    id: item.id.clone(),
                    locator: locator_of(&item.suffix),
                    suppress_author: item.mode == "SuppressAuthor",
                })
                .collect(),
        })
        .collect()
}

/// Whitespace runs (no-break spaces included) become one space; ends are trimmed.
fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The comparison of one rendering with Pandoc's, for one style.
struct Comparison {
    entries_identical: usize,
    entries_total: usize,
    citations_identical: usize,
    citations_total: usize,
    /// The report: the rates, each differing entry and case, and the order if it differs.
    report: String,
}

fn compare(label: &str, expected: &Expected, rendering: &Rendering) -> Comparison {
    let mut report = String::new();
    let mut entries_identical = 0;
    for entry in &expected.bibliography {
        let want = normalise(&entry.text);
        match rendering.bibliography.iter().find(|(id, _)| *id == entry.id) {
            Some((_, got)) if normalise(got) == want => entries_identical += 1,
            Some((_, got)) => {
                let _ = write!(report, "  entry {}\n    pandoc: {want}\n    ours:   {}\n", entry.id, normalise(got));
            }
            None => {
                let _ = write!(report, "  entry {}\n    pandoc: {want}\n    ours:   (missing)\n", entry.id);
            }
        }
    }
    for (id, _) in &rendering.bibliography {
        if !expected.bibliography.iter().any(|e| e.id == *id) {
            let _ = writeln!(report, "  entry {id}: ours only");
        }
    }
    let mut citations_identical = 0;
    for case in &expected.citations {
        let want = normalise(&case.text);
        let got = rendering.citations.iter().find(|(name, _)| *name == case.case).map(|(_, text)| normalise(text));
        if got.as_deref() == Some(want.as_str()) {
            citations_identical += 1;
        } else {
            let got = got.unwrap_or_else(|| "(missing)".into());
            let _ = write!(report, "  citation {}\n    pandoc: {want}\n    ours:   {got}\n", case.case);
        }
    }
    let want_order: Vec<&str> = expected.bibliography.iter().map(|e| e.id.as_str()).collect();
    let got_order: Vec<&str> = rendering.bibliography.iter().map(|(id, _)| id.as_str()).collect();
    if want_order != got_order {
        let _ = write!(
            report,
            "  order differs\n    pandoc: {}\n    ours:   {}\n",
            want_order.join(" "),
            got_order.join(" ")
        );
    }
    let entries_total = expected.bibliography.len();
    let citations_total = expected.citations.len();
    let percent = |n: usize, of: usize| if of == 0 { 0.0 } else { 100.0 * n as f64 / of as f64 };
    let header = format!(
        "golden set, {label} against {}: {entries_identical}/{entries_total} entries identical ({:.0}%), \
         {citations_identical}/{citations_total} citations identical ({:.0}%)\n",
        expected.generator,
        percent(entries_identical, entries_total),
        percent(citations_identical, citations_total),
    );
    Comparison { entries_identical, entries_total, citations_identical, citations_total, report: header + &report }
}

/// Renders with `render` in every style, prints each comparison, and checks the floors:
/// `floors[i]` is (identical entries, identical citations) at least, for `STYLES[i]`.
fn check(input: &str, render: Renderer, floors: [(usize, usize); 2]) {
    let mut below = Vec::new();
    for (style, (entry_floor, citation_floor)) in STYLES.iter().zip(floors) {
        let expected = expected(style);
        let rendering = render(style, &cases(&expected));
        let comparison = compare(&format!("{style} from {input}"), &expected, &rendering);
        println!("{}", comparison.report);
        if comparison.entries_identical < entry_floor || comparison.citations_identical < citation_floor {
            below.push(format!(
                "{style}: {}/{} entries (floor {entry_floor}), {}/{} citations (floor {citation_floor})",
                comparison.entries_identical,
                comparison.entries_total,
                comparison.citations_identical,
                comparison.citations_total
            ));
        }
    }
    assert!(below.is_empty(), "the golden set matches less than before, from {input}:\n{}", below.join("\n"));
}

fn style_named(name: &str) -> IndependentStyle {
    let path = golden_dir().join("styles").join(format!("{name}.csl"));
    IndependentStyle::from_xml(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A cite's locator as hayagriva takes it.
fn locator(cite: &Cite) -> Option<SpecificLocator<'_>> {
    cite.locator.as_ref().map(|(kind, value)| SpecificLocator(*kind, LocatorPayload::Str(value)))
}

fn plain(children: &ElemChildren) -> String {
    let mut text = String::new();
    children.write_buf(&mut text, BufWriteFormat::Plain).expect("writing to a String cannot fail");
    text
}

/// Renders `entries` (any type hayagriva styles: its own `Entry` or a CSL-JSON `Item`;
/// the trait it needs is private, hence a macro) through one `BibliographyDriver`: every
/// entry is cited once, hidden, so that all are listed, then each case is cited in order.
///
/// hayagriva has no "suppress author" item: its `CitePurpose::Year` drops the year suffix
/// ("2025" for "2025a"), the locator and the layout's parentheses. Its `Prose` purpose
/// renders "Freedom House (2025a, 12)", with the rest of the citation in the suppressed-author
/// form inside; so a case whose one item suppresses its author is cited twice, as `Prose`
/// and as `Author`, and the author's text is cut from the front of the prose.
macro_rules! render_with_hayagriva {
    ($style:expr, $cases:expr, $entries:expr, $id_of:expr) => {{
        let style = style_named($style);
        let locales: Vec<Locale> = hayagriva::archive::locales();
        let entries = $entries;
        let by_id = |id: &str| {
            entries.iter().find(|e| $id_of(e) == id).unwrap_or_else(|| panic!("no reference {id} in the golden set"))
        };
        let mut driver = BibliographyDriver::new();
        for entry in entries.iter() {
            let item = CitationItem::new(entry, None, None, true, None);
            driver.citation(CitationRequest::from_items(vec![item], &style, &locales));
        }
        let cases: &[Case] = $cases;
        for case in cases {
            match case.cites.as_slice() {
                [cite] if cite.suppress_author => {
                    let prose =
                        CitationItem::new(by_id(&cite.id), locator(cite), None, false, Some(CitePurpose::Prose));
                    driver.citation(CitationRequest::from_items(vec![prose], &style, &locales));
                    let author = CitationItem::new(by_id(&cite.id), None, None, false, Some(CitePurpose::Author));
                    driver.citation(CitationRequest::from_items(vec![author], &style, &locales));
                }
                cites => {
                    assert!(
                        !cites.iter().any(|cite| cite.suppress_author),
                        "case {}: a suppressed author among several cites is not rendered here yet",
                        case.name
                    );
                    let items = cites
                        .iter()
                        .map(|cite| CitationItem::new(by_id(&cite.id), locator(cite), None, false, None))
                        .collect();
                    driver.citation(CitationRequest::from_items(items, &style, &locales));
                }
            }
        }
        let rendered = driver.finish(BibliographyRequest::new(&style, None, &locales));
        let bibliography = rendered
            .bibliography
            .map(|b| b.items.iter().map(|item| (item.key.clone(), plain(&item.content))).collect())
            .unwrap_or_default();
        let mut rendered_citations = rendered.citations.iter().skip(entries.len()).map(|c| plain(&c.citation));
        let citations = cases
            .iter()
            .map(|case| {
                let text = rendered_citations.next().unwrap_or_default();
                let text = match case.cites.as_slice() {
                    [cite] if cite.suppress_author => {
                        let author = rendered_citations.next().unwrap_or_default();
                        text.strip_prefix(author.as_str()).map(str::trim_start).unwrap_or(&text).to_string()
                    }
                    _ => text,
                };
                (case.name.clone(), text)
            })
            .collect();
        Rendering { bibliography, citations }
    }};
}

/// hayagriva styling the CSL-JSON items as they are (its `csl-json` feature).
fn hayagriva_from_csl_json(style: &str, cases: &[Case]) -> Rendering {
    let path = golden_dir().join("references.json");
    let items: Vec<hayagriva::citationberg::json::Item> =
        serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    render_with_hayagriva!(style, cases, items, |item: &hayagriva::citationberg::json::Item| item
        .id()
        .map(|id| id.into_owned())
        .unwrap_or_default())
}

/// hayagriva styling its own entries, read from the BibLaTeX copy.
fn hayagriva_from_biblatex(style: &str, cases: &[Case]) -> Rendering {
    let path = golden_dir().join("references.bib");
    let library = hayagriva::io::from_biblatex_str(&read(&path))
        .unwrap_or_else(|errors| panic!("{}: {errors:?}", path.display()));
    let entries: Vec<hayagriva::Entry> = library.into_iter().collect();
    render_with_hayagriva!(style, cases, entries, |entry: &hayagriva::Entry| entry.key().to_string())
}

#[test]
fn hayagriva_from_csl_json_against_pandoc() {
    check("references.json by hayagriva", hayagriva_from_csl_json, [(33, 15), (34, 16)]);
}

#[test]
fn hayagriva_from_biblatex_against_pandoc() {
    check("references.bib by hayagriva", hayagriva_from_biblatex, [(12, 12), (7, 14)]);
}

#[test]
fn the_golden_set_is_whole() {
    let references: Vec<serde_json::Value> =
        serde_json::from_str(&read(&golden_dir().join("references.json"))).expect("references.json is JSON");
    assert!(references.len() >= 40, "issue 16 asks for at least 40 references, there are {}", references.len());
    let bib = read(&golden_dir().join("references.bib"));
    for reference in &references {
        let id = reference["id"].as_str().expect("every reference has an id");
        assert!(bib.contains(&format!("{{{id},")), "{id} is missing from references.bib");
    }
    for style in STYLES {
        let expected = expected(style);
        assert_eq!(expected.bibliography.len(), references.len(), "{style}.json lists every reference");
        for case in cases(&expected) {
            assert!(!case.cites.is_empty(), "{style}: case {} cites nothing", case.name);
        }
    }
}

#[test]
fn normalising_collapses_every_kind_of_space() {
    assert_eq!(normalise("  (Freedom House\u{a0}2025,\n 12) "), "(Freedom House 2025, 12)");
    assert_eq!(locator_of(", p.\u{a0}12"), Some((Locator::Page, "12".into())));
    assert_eq!(locator_of(""), None);
}
