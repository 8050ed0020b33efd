//! What the default theme shows a reader, as a policy publication would: a briefing opens with
//! its title, dek, byline and dates, names its organizations and topics in one quiet line (a
//! few, the rest behind "+N more"), then its key points and its text; a card carries at most
//! three tags; the organizations index does not split into one-item groups; the footer has no
//! files for programs, which the data page lists; and a printed page lists the addresses of
//! its text's links at its end.

use crate::common;

use common::TestSite;

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut last = 0;
    for needle in needles {
        let at =
            haystack[last..].find(needle).unwrap_or_else(|| panic!("{needle:?} not found in order in:\n{haystack}"));
        last += at + needle.len();
    }
}

/// A briefing about five organizations and four topics, with key points and a text that
/// links to an organization, to another site, to a place on its page, cites and has a note.
fn site() -> TestSite {
    let mut site = TestSite::new().sources("- id: s\n  title: A source\n  url: https://example.com/source\n");
    for (slug, acronym) in [("aa", "AA"), ("bb", ""), ("cc", "CC"), ("dd", ""), ("ee", "EE")] {
        let front = if acronym.is_empty() { String::new() } else { format!("acronym: {acronym}\nkind: agency\n") };
        site = site.organization(slug, &format!("Body {}", slug.to_uppercase()), &front);
    }
    site.briefing(
        "lead",
        "summary: \"The dek.\"\norganizations: [aa, bb, cc, dd, ee]\ntopics: [alpha, beta, gamma, delta]\n\
         key_points:\n  - The first point.\n",
        "## First\n\nSee [[aa]], [a site](https://example.com/page?a=1&b=2) and [below](#second) [@s].[^n]\n\n\
         ## Second\n\nMore.\n\n[^n]: A note with [a link](https://example.com/note).\n",
    )
    .briefing("short", "organizations: [aa]\ntopics: [alpha]\n", "Text.\n")
}

#[test]
fn a_briefing_opens_with_title_dek_byline_dates_and_one_quiet_line_of_what_it_is_about() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/lead/index.html");
    assert_in_order(
        &page,
        &[
            "<h1>Briefing lead</h1>",
            "<p class=\"lede\">The dek.</p>",
            "<p class=\"byline\">",
            "<p class=\"meta\"><time",
            "<div class=\"about-line\">",
            "<section class=\"summary-box key-points\"",
            "<div class=\"prose\">",
        ],
    );
    let line = &page[page.find("<div class=\"about-line\"").expect("the line")..];
    let line = &line[..line.find("</header>").expect("the header's end")];
    // Three organizations, then the other two behind "+2 more", named for screen readers.
    assert_in_order(
        line,
        &[
            "<span class=\"about-label\">Organizations</span> <a href=\"/organizations/aa/\">Body AA</a>, ",
            "<a href=\"/organizations/cc/\">Body CC</a><details class=\"about-more\">",
            "<summary>+2 more<span class=\"visually-hidden\"> organizations</span></summary>",
            "<a href=\"/organizations/dd/\">Body DD</a>, <a href=\"/organizations/ee/\">Body EE</a></details>",
            "<span class=\"about-label\">Topics</span>",
        ],
    );
    // Four topics are all shown: a "+1 more" button would hide one name behind a click.
    let topics = &line[line.find("<span class=\"about-label\">Topics</span>").expect("the topics")..];
    assert_eq!(topics.matches("<a href=").count(), 4, "{topics}");
    assert!(!topics.contains("<details"), "{topics}");
    assert!(!page.contains("about-list"), "no block of links before the text");
}

#[test]
fn a_card_carries_at_most_three_tags_and_counts_the_rest() {
    let site = site();
    site.build().expect_success();
    let index = site.page("briefings/index.html");
    let card = &index[index.find("<a href=\"/briefings/lead/\">").expect("the card")..];
    let card = &card[..card.find("</li>").expect("the card's end")];
    assert_eq!(card.matches("class=\"tag tag-").count(), 3, "{card}");
    assert!(card.contains("<a class=\"tag tag-org\" href=\"/organizations/aa/\">AA</a>"), "{card}");
    assert!(
        card.contains(
            "<span class=\"tag-more\" title=\"Body DD, Body EE, Alpha, Beta, Gamma, Delta\">+6\
             <span class=\"visually-hidden\"> more</span></span>"
        ),
        "{card}"
    );
    let short = &index[index.find("<a href=\"/briefings/short/\">").expect("the other card")..];
    let short = &short[..short.find("</li>").expect("its end")];
    assert_eq!(short.matches("class=\"tag tag-").count(), 2, "{short}");
    assert!(!short.contains("tag-more"), "nothing to count: {short}");
}

#[test]
fn the_organizations_index_lists_each_status_by_name_with_the_kind_as_a_label() {
    let site = site();
    site.build().expect_success();
    let index = site.page("organizations/index.html");
    assert!(!index.contains("<h3>"), "no group of one kind: {index}");
    assert_in_order(
        &index,
        &[
            "<a href=\"/organizations/aa/\">Body AA</a> <span class=\"acronym\">(AA)</span>",
            "<span class=\"org-kind\">agency · 2 briefings</span>",
            "<a href=\"/organizations/bb/\">Body BB</a>",
            "<span class=\"org-kind\">1 briefing</span>",
        ],
    );
}

#[test]
fn the_footer_links_the_data_page_which_lists_the_feed_and_exports() {
    let site = crate::data_tables::site_with_tables();
    site.build().expect_success();
    let home = site.page("index.html");
    let footer = &home[home.find("<footer").expect("a footer")..];
    assert!(footer.contains("<a href=\"/data/\">Data</a>"), "{footer}");
    assert!(!footer.contains(".json") && !footer.contains("atom.xml"), "no files for programs: {footer}");
    let data = site.page("data/index.html");
    assert_in_order(
        &data,
        &[
            "<h1>Data</h1>",
            "<a href=\"/atom.xml\">Briefings feed</a> <span class=\"data-format\">Atom</span>",
            "<a href=\"/organizations.json\">Organizations</a>",
            "<a href=\"/timeline.json\">Timeline</a>",
            "<a href=\"/search-index.json\">Search index</a>",
            "<a href=\"/sitemap.xml\">Sitemap</a>",
            "<h2 id=\"data-tables\">Data behind the tables</h2>",
            "<a href=\"/data/arrears.csv\" download>arrears.csv</a>",
            "Shown in <a href=\"/briefings/a/\">",
            "<a href=\"/data/members.csv\" download>members.csv</a>",
            "Shown in <a href=\"/timeline/#count\">",
            "<a href=\"/data/wide.csv\" download>wide.csv</a>",
        ],
    );
    assert!(!data.contains("robots.txt"), "{data}");
    assert!(site.page("sitemap.xml").contains("<loc>https://example.org/data/</loc>"));
}

#[test]
fn a_printed_page_lists_the_addresses_of_its_texts_links_at_its_end() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/lead/index.html");
    let notes = &page[page.find("<section class=\"endnotes print-only\"").expect("the list")..];
    let notes = &notes[..notes.find("</section>").expect("its end")];
    // In the order of the text, notes included; links to a place on the page are not listed,
    // and neither are citations, which the references hold.
    assert_in_order(
        notes,
        &[
            "<h2 id=\"links-in-the-text\">Links in the text</h2>",
            "<li>Body AA: https://example.org/organizations/aa/</li>",
            "<li>a site: https://example.com/page?a=1&amp;b=2</li>",
            "<li>a link: https://example.com/note</li>",
        ],
    );
    assert_eq!(notes.matches("<li>").count(), 3, "{notes}");
    let print = site.page("css/print.css");
    assert!(print.contains(".prose a[href]:not([href^=\"#\"]) { counter-increment: endnote; }"), "{print}");
    assert!(print.contains("@bottom-right { content: counter(page)"), "page numbers: {print}");
}
