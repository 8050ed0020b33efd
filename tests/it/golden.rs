//! The golden set (`tests/golden/`): citation styling checked against Pandoc's citeproc.
//!
//! `tests/golden/make-expected.sh` rendered 45 references and 17 in-text citation cases
//! with Pandoc's citeproc, in Chicago author-date and APA, into `expected/STYLE.json`. This
//! module renders the same inputs with a [`Renderer`], compares entry by entry after
//! whitespace normalisation, and prints the match rate and every difference (run with
//! `cargo test --test it golden -- --nocapture` to read them when they pass).
//!
//! The renderer is brief itself: a site whose bibliography is the CSL-JSON, or the BibLaTeX
//! copy, built with `citation_style` set to each style, its page read back as text (see
//! [`render_with_brief`]). Each test asserts a floor:
//! the count of identical entries measured when it was set, so that a regression fails;
//! raise it as the styling improves (issue 16 asks for 95% of the entries).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The styles of the golden set: built-in styles, whose CSL files are in `src/bibliography/styles/`.
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
    /// The locator as a writer types it after the key: `p. 12`.
    pub(crate) written_locator: Option<String>,
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
                    written_locator: Some(item.suffix.trim_start_matches(',').trim().replace('\u{a0}', " "))
                        .filter(|l| !l.is_empty()),
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

/// The golden set as a brief site renders it: `file` (the CSL-JSON or the BibLaTeX copy) as
/// the site's bibliography, `citation_style: STYLE`, and one briefing whose front matter lists
/// every reference (so all are in its reference list, as with Pandoc's `nocite: '@*'`) and
/// whose body holds each case under a heading named for it. The reference list and each
/// case's citation are read back from the page, as text.
fn render_with_brief(file: &str, style: &str, cases: &[Case]) -> Rendering {
    let references: Vec<serde_json::Value> =
        serde_json::from_str(&read(&golden_dir().join("references.json"))).expect("references.json is JSON");
    let ids: Vec<&str> = references.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut body = String::new();
    for case in cases {
        let cites: Vec<String> = case
            .cites
            .iter()
            .map(|cite| {
                let dash = if cite.suppress_author { "-" } else { "" };
                match &cite.written_locator {
                    Some(locator) => format!("{dash}@{}, {locator}", cite.id),
                    None => format!("{dash}@{}", cite.id),
                }
            })
            .collect();
        body.push_str(&format!("## {}\n\nText [{}].\n\n", case.name, cites.join("; ")));
    }
    let site = crate::common::TestSite::new()
        .file("content/site.yaml", &format!("title: Golden\nbase_url: https://example.org/\ncitation_style: {style}\n"))
        .file(&format!("content/{file}"), &read(&golden_dir().join(file)))
        .briefing("golden", &format!("summary: The golden set.\nsources: [{}]\n", ids.join(", ")), &body);
    site.build().expect_success();
    let page = site.page("briefings/golden/index.html");
    let list =
        page.split("<ul class=\"reference-list\">").nth(1).and_then(|l| l.split("</ul>").next()).unwrap_or_default();
    let bibliography = list
        .split("<li id=")
        .skip(1)
        .map(|entry| {
            let id = entry.split("href=\"/sources/#").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
            let reference = entry.split("<span class=\"reference\">").nth(1).unwrap_or_default();
            let reference = reference.rsplit_once("</span>").map_or(reference, |(r, _)| r);
            let reference = reference.split(" <a class=\"source-link\"").next().unwrap_or(reference);
            let reference = reference.split(" <a class=\"archived\"").next().unwrap_or(reference);
            (id.to_string(), text(reference))
        })
        .collect();
    let citations = cases
        .iter()
        .map(|case| {
            let after = page.split(&format!("id=\"{}\"", case.name)).nth(1).unwrap_or_default();
            let citation = after.split("<span class=\"citation\">").nth(1).unwrap_or_default();
            // The citation ends where its last link's closing text does: `</a>)</span>`.
            let citation = citation.split("</span>.").next().unwrap_or(citation);
            (case.name.clone(), text(citation))
        })
        .collect();
    Rendering { bibliography, citations }
}

/// The text of an HTML fragment: its tags dropped, its entities decoded.
fn text(html: &str) -> String {
    crate::common::without_tags(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn brief_from_csl_json(style: &str, cases: &[Case]) -> Rendering {
    render_with_brief("references.json", style, cases)
}

fn brief_from_biblatex(style: &str, cases: &[Case]) -> Rendering {
    render_with_brief("references.bib", style, cases)
}

#[test]
fn brief_from_csl_json_against_pandoc() {
    check("references.json by brief", brief_from_csl_json, [(44, 15), (45, 16)]);
}

#[test]
fn brief_from_biblatex_against_pandoc() {
    check("references.bib by brief", brief_from_biblatex, [(44, 15), (44, 16)]);
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
}
