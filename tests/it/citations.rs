//! Citations: `[@id]` marks, their numbering, and the References list at the end of a page.

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

/// The `<li>` of reference `n` in the References section.
fn reference(html: &str, n: usize) -> &str {
    let refs = references(html);
    let start =
        refs.find(&format!("<li id=\"ref_{n}\" value=\"{n}\">")).unwrap_or_else(|| panic!("no ref_{n} in:\n{refs}"));
    let rest = &refs[start..];
    &rest[..rest.find("</li>").unwrap_or(rest.len())]
}

fn mark(number: usize, occurrence: usize, title: &str) -> String {
    format!("<a href=\"#ref_{number}\" id=\"cite_{number}_{occurrence}\" title=\"{title}\">{number}</a>")
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    // `b` is second in sources.yaml but cited first, so it is [1].
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "First [@b]. Then [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    assert!(body.contains(&format!("First<sup class=\"citation\">[{}]</sup>.", mark(1, 1, "Source B"))), "{body}");
    assert!(body.contains(&format!("Then<sup class=\"citation\">[{}]</sup>.", mark(2, 1, "Source A"))), "{body}");
    assert!(!body.contains("[@"), "{body}");
    assert!(reference(&page, 1).contains("Source B"), "{}", references(&page));
    assert!(reference(&page, 2).contains("Source A"), "{}", references(&page));
    let refs = references(&page);
    assert!(refs.find("ref_1").unwrap() < refs.find("ref_2").unwrap(), "{refs}");
}

#[test]
fn repeated_citations_keep_their_number_and_each_mark_gets_its_own_id() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "One [@a]. Two [@b]. Three [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    assert!(body.contains(&format!("One<sup class=\"citation\">[{}]</sup>", mark(1, 1, "Source A"))), "{body}");
    assert!(body.contains(&format!("Two<sup class=\"citation\">[{}]</sup>", mark(2, 1, "Source B"))), "{body}");
    assert!(body.contains(&format!("Three<sup class=\"citation\">[{}]</sup>", mark(1, 2, "Source A"))), "{body}");
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
fn a_citation_of_several_sources_gives_one_mark_each() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Both agree [@a; @b].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let body = prose(&page);
    let expected =
        format!("Both agree<sup class=\"citation\">[{}, {}]</sup>.", mark(1, 1, "Source A"), mark(2, 1, "Source B"));
    assert!(body.contains(&expected), "{body}");
    assert!(!body.contains("@a") && !body.contains("@b"), "{body}");
    assert!(reference(&page, 1).contains("href=\"#cite_1_1\""));
    assert!(reference(&page, 2).contains("href=\"#cite_2_1\""));
}

#[test]
fn front_matter_sources_not_cited_inline_follow_the_cited_ones() {
    // Front matter lists c and a; the text cites only b then a.
    let site = TestSite::new().sources(SOURCES).briefing("x", "sources: [c, a]\n", "Claim [@b]. Another [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    assert!(reference(&page, 1).contains("Source B"), "{}", references(&page));
    assert!(reference(&page, 2).contains("Source A"), "{}", references(&page));
    let third = reference(&page, 3);
    assert!(third.contains("Source C"), "{third}");
    assert!(!third.contains("#cite_"), "an uncited source has no back links: {third}");
    assert_eq!(references(&page).matches("<li id=\"ref_").count(), 3, "{}", references(&page));
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
fn the_reference_shows_title_author_publisher_date_and_url() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Claim [@b].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let entry = reference(&page, 1);
    assert!(entry.contains("<cite><a href=\"https://example.org/b\">Source B</a></cite>"), "{entry}");
    assert!(entry.contains("Jane Analyst"), "{entry}");
    assert!(entry.contains("Example Institute"), "{entry}");
    assert!(entry.contains("<time datetime=\"2025-03\">March 2025</time>"), "{entry}");
    assert!(entry.contains("href=\"/sources/#b\""), "the entry links to the sources page: {entry}");
}

#[test]
fn a_reference_without_a_url_shows_its_title_as_text() {
    let site = TestSite::new().sources(SOURCES).briefing("x", "", "Claim [@a].\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let entry = reference(&page, 1);
    assert!(entry.contains("<cite>Source A</cite>"), "{entry}");
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
    assert!(prose(&page).contains(&mark(1, 1, "Source B")), "{}", prose(&page));
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
        timeline.matches("<a href=\"/sources/#heel-turn\" title=\"The Heel Turn\">1</a>").count(),
        2,
        "{timeline}"
    );
    assert!(!timeline.contains("href=\"#ref_"), "{timeline}");
    assert!(!timeline.contains("id=\"cite_"), "ids would repeat across events: {timeline}");
}
