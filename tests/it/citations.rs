//! Citations: `[@id]` in the site's citation style (Chicago author-date unless set), locators,
//! prefixes and a suppressed author, the References list at the end of a page in the style's
//! order, note styles, a site's own CSL file, and the errors of a style that cannot be used.

use crate::common;
use common::TestSite;

/// Two sources, `a` listed first and `b` second, with full details on `b`.
const SOURCES: &str = "\
- id: a
  title: \"Source A\"
- id: b
  title: \"Source B\"
  author: \"Jane Analyst\"
  publisher: \"Example Institute\"
  date: 2025-03
  url: https://example.org/b
- id: c
  title: \"Source C\"
";

/// The rendered body of a briefing (its prose, before the References section).
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("the page has a prose body");
    let rest = &html[start..];
    let end = ["<section", "</article>"].iter().filter_map(|m| rest.find(m)).min().unwrap_or(rest.len());
    &rest[..end]
}

/// The References section of a page.
fn references(html: &str) -> &str {
    let start =
        html.find("<h2 id=\"references\">References</h2>").unwrap_or_else(|| panic!("no References in:\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The `<li>` of reference `n` (its anchor, `ref_n`: numbered by first citation) in the
/// References section.
fn reference(html: &str, n: usize) -> &str {
    let refs = references(html);
    let start = refs.find(&format!("<li id=\"ref_{n}\">")).unwrap_or_else(|| panic!("no ref_{n} in:\n{refs}"));
    let rest = &refs[start..];
    &rest[..rest.find("</li>").unwrap_or(rest.len())]
}

/// A citation's link to reference `number`, its `occurrence`-th mark, with its text.
fn mark(number: usize, occurrence: usize, title: &str, text: &str) -> String {
    format!("<a href=\"#ref_{number}\" id=\"cite_{number}_{occurrence}\" title=\"{title}\">{text}</a>")
}

/// The ids of the references in the order the list shows them.
fn listed(html: &str) -> Vec<String> {
    references(html).split("<li id=\"").skip(1).map(|l| l.split('"').next().unwrap_or_default().to_string()).collect()
}

#[test]
fn citations_read_as_chicago_author_date_unless_the_site_says_otherwise() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "First [@b]. Then [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    // A no-break space keeps the citation with the word before it.
    let first =
        format!("First\u{a0}<span class=\"citation\">({})</span>.", mark(1, 1, "Source B", "Jane Analyst 2025"));
    assert!(body.contains(&first), "{body}");
    let then = format!("Then\u{a0}<span class=\"citation\">({})</span>.", mark(2, 1, "Source A", "“Source A,” n.d."));
    assert!(body.contains(&then), "{body}");
    assert!(!body.contains("[@"), "{body}");
    // The list is in the style's order (by author, or title), whatever the order of citing.
    assert_eq!(listed(&page), ["ref_2", "ref_1"], "{}", references(&page));
    let entry = "Jane Analyst. 2025. “Source B.” Example Institute, March. <a href=\"https://example.org/b\">";
    assert!(reference(&page, 1).contains(entry), "{}", references(&page));
}

#[test]
fn repeated_citations_keep_their_number_and_each_mark_gets_its_own_id() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "One [@a]. Two [@b]. Three [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    assert!(body.contains(&mark(1, 1, "Source A", "“Source A,” n.d.")), "{body}");
    assert!(body.contains(&mark(2, 1, "Source B", "Jane Analyst 2025")), "{body}");
    assert!(body.contains(&mark(1, 2, "Source A", "“Source A,” n.d.")), "{body}");
    // The reference links back to each of its marks, in order.
    let first = reference(&page, 1);
    let back_1 = first.find("href=\"#cite_1_1\"").unwrap_or_else(|| panic!("no back link to cite_1_1: {first}"));
    let back_2 = first.find("href=\"#cite_1_2\"").unwrap_or_else(|| panic!("no back link to cite_1_2: {first}"));
    assert!(back_1 < back_2, "{first}");
    let second = reference(&page, 2);
    assert!(second.contains("href=\"#cite_2_1\""), "{second}");
    assert!(!second.contains("#cite_1_"), "{second}");
    assert_eq!(references(&page).matches("<li id=\"ref_").count(), 2, "a repeated source is listed once");
}

#[test]
fn a_citation_of_several_sources_links_each_to_its_reference() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Both agree [@a; @b].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    let expected = format!(
        "Both agree\u{a0}<span class=\"citation\">({}; {})</span>.",
        mark(1, 1, "Source A", "“Source A,” n.d."),
        mark(2, 1, "Source B", "Jane Analyst 2025")
    );
    assert!(body.contains(&expected), "{body}");
    assert!(reference(&page, 1).contains("href=\"#cite_1_1\""));
    assert!(reference(&page, 2).contains("href=\"#cite_2_1\""));
}

#[test]
fn locators_prefixes_and_a_suppressed_author_read_as_pandoc_writes_them() {
    let site = TestSite::new().sources(SOURCES).briefing(
        "x",
        "",
        "Page [@b, p. 12]. Range [@b, pp. 3-7]. Chapter [@b, chap. 2]. Bare [@b, 40].\n\n\
         Jane Analyst argues [-@b, 9]. Also [see @b, 4; @a].\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/x/index.html")).to_string();
    for text in [
        ">Jane Analyst 2025, 12</a>)",
        ">Jane Analyst 2025, 3–7</a>)",
        ">Jane Analyst 2025, chap. 2</a>)",
        ">Jane Analyst 2025, 40</a>)",
        "argues\u{a0}<span class=\"citation\"><a href=\"#ref_1\" id=\"cite_1_5\" title=\"Source B\">(2025, 9)</a></span>",
        ">see Jane Analyst 2025, 4</a>; <a",
    ] {
        assert!(body.contains(text), "{text} in {body}");
    }
}

#[test]
fn front_matter_sources_not_cited_inline_are_listed_too() {
    // Front matter lists c and a; the text cites only b then a.
    let site = TestSite::new().sources(SOURCES).briefing("x", "sources: [c, a]\n", "Claim [@b]. Another [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    assert!(reference(&page, 1).contains("Source B"), "{}", references(&page));
    assert!(reference(&page, 2).contains("Source A"), "{}", references(&page));
    let third = reference(&page, 3);
    assert!(third.contains("Source C"), "{third}");
    assert!(!third.contains("#cite_"), "an uncited source has no back links: {third}");
    assert_eq!(listed(&page), ["ref_2", "ref_3", "ref_1"], "{}", references(&page));
}

#[test]
fn front_matter_sources_alone_make_a_reference_list() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "sources: [c]\n", "No inline citations.\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    assert!(reference(&page, 1).contains("Source C"), "{}", references(&page));
    assert!(!prose(&page).contains("class=\"citation\""));
}

#[test]
fn the_reference_links_its_address_and_the_sources_page() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Claim [@b].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let entry = reference(&page, 1);
    assert!(entry.contains("<a href=\"https://example.org/b\">https://example.org/b</a>"), "{entry}");
    assert!(entry.contains("Example Institute"), "{entry}");
    assert!(entry.contains("href=\"/sources/#b\""), "the entry links to the sources page: {entry}");
}

#[test]
fn each_built_in_style_and_a_csl_file_of_the_site_style_the_page() {
    let bib = "@article{smith2020, author = {Smith, Jane}, title = {Sanctions and Their Limits},\n\
               journal = {Foreign Affairs}, volume = {99}, number = {2}, pages = {10-20}, date = {2020},\n\
               doi = {10.1000/xyz123}}\n";
    let apa = std::fs::read_to_string(common::repository().join("src/bibliography/styles/apa.csl")).expect("apa.csl");
    for (style, mark_text, entry) in [
        (
            "apa",
            "Smith, 2020, p. 12",
            "Smith, J. (2020). Sanctions and Their Limits. <i>Foreign Affairs</i>, <i>99</i>(2), 10–20.",
        ),
        (
            "ieee",
            "[1, p. 12]",
            "J. Smith, “Sanctions and Their Limits,” <i>Foreign Affairs</i>, vol. 99, no. 2, pp. 10–20, 2020",
        ),
        (
            "chicago-author-date",
            "Smith 2020, 12",
            "Smith, Jane. 2020. “Sanctions and Their Limits.” <i>Foreign Affairs</i> 99 (2): 10–20.",
        ),
        ("house.csl", "Smith, 2020, p. 12", "Smith, J. (2020). Sanctions and Their Limits."),
    ] {
        let site = TestSite::new()
            .file("content/site.yaml", &format!("title: T\nbase_url: https://example.org/\ncitation_style: {style}\n"))
            .file("content/refs.bib", bib)
            .file("content/house.csl", &apa)
            .briefing("x", "", "Claim [@smith2020, p. 12].\n");
        site.build().expect_success();
        let page = site.page("briefings/x/index.html");
        assert!(
            prose(&page).contains(&format!("title=\"Sanctions and Their Limits\">{mark_text}</a>")),
            "{style}: {}",
            prose(&page)
        );
        assert!(references(&page).contains(entry), "{style}: {}", references(&page));
    }
}

#[test]
fn a_note_style_makes_each_citation_a_note_among_the_footnotes() {
    let site = TestSite::new()
        .file("content/site.yaml", "title: T\nbase_url: https://example.org/\ncitation_style: chicago-notes\n")
        .sources(SOURCES)
        .briefing("x", "", "Claim [@b, p. 3] and a note.[^n] Again [@a].\n\n[^n]: A plain note.\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    // The citations are raised note marks, numbered with the footnote between them.
    assert!(
        body.contains(
            "Claim<sup class=\"note-ref\"><a href=\"#citenote_1\" id=\"noteref_1_1\" aria-label=\"Note 1\">1</a></sup>"
        ),
        "{body}"
    );
    assert!(body.contains("<a href=\"#fn-n\" id=\"noteref_2_1\" aria-label=\"Note 2\">2</a>"), "{body}");
    assert!(body.contains("<a href=\"#citenote_2\" id=\"noteref_3_1\""), "{body}");
    let notes = &page[page.find("<section class=\"notes\"").expect("a Notes section")..];
    let first = notes.find("<li id=\"citenote_1\">").expect("the first citation's note");
    let plain = notes.find("<li id=\"fn-n\">").expect("the footnote");
    let second = notes.find("<li id=\"citenote_2\">").expect("the second citation's note");
    assert!(first < plain && plain < second, "{notes}");
    // A full note holds the address as its own link; a link cannot hold another.
    assert!(
        notes.contains(
            "<p>Jane Analyst, “Source B,” Example Institute, March 2025, 3, <a href=\"https://example.org/b\">"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("<a href=\"#ref_2\">“Source A,” n.d.</a>"),
        "a note without an address links its reference: {notes}"
    );
    // The bibliography follows.
    assert!(references(&page).contains("Source B"), "{page}");
}

#[test]
fn an_unknown_style_and_a_broken_csl_file_are_errors_with_the_fix() {
    let site = TestSite::new()
        .file("content/site.yaml", "title: T\nbase_url: https://example.org/\ncitation_style: chicago-autor-date\n")
        .sources(SOURCES)
        .briefing("x", "", "Claim [@b].\n");
    site.build()
        .expect_failure()
        .expect_report("E073")
        .expect_report("content/site.yaml:3:17")
        .expect_report("no citation style `chicago-autor-date`")
        .expect_report("did you mean `chicago-author-date`?");
    let site = TestSite::new()
        .file("content/site.yaml", "title: T\nbase_url: https://example.org/\ncitation_style: house.csl\n")
        .file("content/house.csl", "<style>not a style")
        .sources(SOURCES)
        .briefing("x", "", "Claim [@b].\n");
    site.build()
        .expect_failure()
        .expect_report("E074")
        .expect_report("content/house.csl")
        .expect_report("this CSL style cannot be used");
}

#[test]
fn a_page_without_citations_has_no_references_section() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Nothing cited.\n").briefing("y", "", "[@a]\n");
    site.build().expect_success();
    assert!(!site.page("briefings/x/index.html").contains("id=\"references\""));
}

#[test]
fn citation_numbers_are_per_page() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Claim [@a]. Then [@b].\n").briefing(
        "y",
        "",
        "Claim [@b].\n",
    );
    site.build().expect_success();
    let page = site.page("briefings/y/index.html");
    assert!(prose(&page).contains(&mark(1, 1, "Source B", "Jane Analyst 2025")), "{}", prose(&page));
    assert!(reference(&page, 1).contains("Source B"));
}

#[test]
fn an_unknown_citation_is_an_error_with_its_position_and_a_suggestion() {
    let site = TestSite::new().sources("- id: heel-turn\n  title: \"The U.S. Heel Turn\"\n").briefing(
        "x",
        "",
        "Intro.\n\nA claim [@heel-trun] here.\n",
    );
    site.build()
        .expect_failure()
        .expect_report("content/briefings/x.md:8:9")
        .expect_report("no source has the id `heel-trun`")
        .expect_report("did you mean `heel-turn`?");
    assert!(!site.has_page("briefings/x/index.html"), "a failed build wrote the page");
}

#[test]
fn an_unknown_id_among_several_is_an_error() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Both [@a; @bb].\n");
    site.build()
        .expect_failure()
        .expect_report("content/briefings/x.md:6:6")
        .expect_report("no source has the id `bb`")
        .expect_report("did you mean `b`?");
}

#[test]
fn an_unknown_front_matter_source_is_an_error_at_its_position() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "sources: [a, cc]\n", "Body.\n");
    site.build()
        .expect_failure()
        .expect_report("content/briefings/x.md:4:14")
        .expect_report("no source has the id `cc`")
        .expect_report("did you mean `c`?");
}

#[test]
fn citations_in_timeline_events_lead_to_the_sources_page() {
    // An event's text appears on the timeline, the home page and organization pages, none of
    // which has a reference list for it: its marks link the source itself.
    let site = TestSite::new()
        .sources("- id: heel-turn\n  title: The Heel Turn\n")
        .briefing("a", "sources: [heel-turn]\n", "About [[e1]].\n")
        .event("e1", "2024", "sources: [heel-turn]\n", "It happened [@heel-turn]. See [[a]].\n")
        .event("e2", "2025", "sources: [heel-turn]\n", "Again [@heel-turn]. See [[a]].\n");
    site.build().expect_success();
    let timeline = site.page("timeline/index.html");
    assert_eq!(
        timeline.matches("<a href=\"/sources/#heel-turn\" title=\"The Heel Turn\">“The Heel Turn,” n.d.</a>").count(),
        2,
        "{timeline}"
    );
    assert!(!timeline.contains("href=\"#ref_"), "{timeline}");
    assert!(!timeline.contains("id=\"cite_"), "ids would repeat across events: {timeline}");
}
