//! What each page of a built site shows: the home page, the indexes, organization, topic,
//! timeline, sources and free pages, and how Markdown bodies render (headings, code, tables,
//! footnotes, drafts, raw HTML and unsafe links).

use crate::common;

use brief::load::LoadOptions;
use common::{SITE_YAML, TestSite, hrefs};

/// The `<section>` whose heading has `id="{id}"`, up to its `</section>`; panics if absent.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\">")).unwrap_or_else(|| panic!("no heading {id:?} in:\n{html}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// The rendered Markdown body of a page.
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("the page has a prose body");
    let rest = &html[start..];
    let end = ["<section", "</article>"].iter().filter_map(|m| rest.find(m)).min().unwrap_or(rest.len());
    &rest[..end]
}

/// Asserts that `needles` occur in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut last = 0;
    let mut previous = "";
    for needle in needles {
        let at = haystack.find(needle).unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"));
        assert!(at >= last, "{needle:?} should come after {previous:?} in:\n{haystack}");
        last = at;
        previous = needle;
    }
}

fn briefing_dated(site: TestSite, slug: &str, title: &str, date: &str, extra: &str) -> TestSite {
    site.file(
        &format!("content/briefings/{slug}.md"),
        &format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n\nBody of {title}.\n"),
    )
}

// ---------------------------------------------------------------- home

#[test]
fn home_page_lists_the_latest_briefings_newest_first() {
    let site = TestSite::new();
    let site = briefing_dated(site, "middle", "Middle briefing", "2025-06-01", "");
    let site = briefing_dated(site, "oldest", "Oldest briefing", "2024-02-01", "");
    let site = briefing_dated(site, "newest", "Newest briefing", "2026-01-07", "summary: \"The newest one.\"\n");
    site.build().expect_success();
    let home = site.page("index.html");
    let latest = section(&home, "latest");
    assert!(latest.contains("Latest briefings"), "{latest}");
    assert_in_order(latest, &["Newest briefing", "Middle briefing", "Oldest briefing"]);
    assert!(latest.contains("<a href=\"/briefings/newest/\">Newest briefing</a>"), "{latest}");
    assert!(latest.contains("The newest one."), "the summary is shown: {latest}");
    assert!(latest.contains("January 7, 2026"), "{latest}");
}

#[test]
fn home_page_groups_organizations_by_us_status_with_labels() {
    let site = TestSite::new()
        .organization("foc", "Freedom Online Coalition", "us_status: withdrawal-announced\n")
        .organization("itu", "International Telecommunication Union", "us_status: member\n")
        .organization("unknown", "Unknown Body", "")
        .briefing("a", "organizations: [foc, itu, unknown]\n", "Body.\n");
    site.build().expect_success();
    let home = site.page("index.html");
    let glance = section(&home, "at-a-glance");
    assert_in_order(
        glance,
        &[
            "Withdrawal announced",
            "<a href=\"/organizations/foc/\">Freedom Online Coalition</a>",
            "Member",
            "<a href=\"/organizations/itu/\">International Telecommunication Union</a>",
            "Not stated in the sources",
            "<a href=\"/organizations/unknown/\">Unknown Body</a>",
        ],
    );
    assert!(!glance.contains("Withdrawn<"), "a status nobody has is not shown: {glance}");
}

#[test]
fn home_page_shows_recent_timeline_entries_newest_first() {
    let site = TestSite::new()
        .event("founded", "2011", "", "Founded.\n")
        .event("withdrawal", "2026-01-07", "", "Withdrawal announced.\n")
        .event("treaty", "2024-12", "", "Treaty adopted.\n")
        .briefing("a", "", "Body.\n");
    site.build().expect_success();
    let home = site.page("index.html");
    let recent = section(&home, "recent-events");
    assert!(recent.contains("Most recent on the timeline"), "{recent}");
    assert_in_order(recent, &["Event withdrawal", "Event treaty", "Event founded"]);
    assert!(recent.contains("Withdrawal announced."), "the event's text is shown: {recent}");
    assert!(recent.contains("href=\"/timeline/#withdrawal\""), "{recent}");
}

// ---------------------------------------------------------------- briefings index

#[test]
fn briefings_index_groups_briefings_by_year_newest_first() {
    let site = TestSite::new();
    let site = briefing_dated(site, "b2025", "Spring 2025", "2025-04-01", "");
    let site = briefing_dated(site, "a2026", "January 2026", "2026-01-07", "");
    let site = briefing_dated(site, "c2025", "Autumn 2025", "2025-10-01", "");
    site.build().expect_success();
    let page = site.page("briefings/index.html");
    assert!(page.contains("3 briefings, newest first."), "{page}");
    assert_in_order(
        &page,
        &["<h2 id=\"y2026\">2026</h2>", "January 2026", "<h2 id=\"y2025\">2025</h2>", "Autumn 2025", "Spring 2025"],
    );
    let y2025 = section(&page, "y2025");
    assert!(!y2025.contains("January 2026"), "{y2025}");
}

// ---------------------------------------------------------------- organizations

#[test]
fn organizations_index_groups_by_status_each_by_name_with_its_kind() {
    let site = TestSite::new()
        .organization(
            "foc",
            "Freedom Online Coalition",
            "kind: intergovernmental coalition\nus_status: withdrawal-announced\n",
        )
        .organization(
            "gfce",
            "Global Forum on Cyber Expertise",
            "kind: intergovernmental coalition\nus_status: withdrawal-announced\n",
        )
        .organization(
            "iec",
            "International Electrotechnical Commission",
            "kind: standards body\nus_status: withdrawal-announced\n",
        )
        .organization("itu", "International Telecommunication Union", "kind: UN agency\nus_status: member\n")
        .organization("mystery", "Mystery Forum", "")
        .briefing("a", "organizations: [foc, gfce, iec, itu, mystery]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/index.html");
    assert!(page.contains("5 organizations"), "{page}");
    assert_in_order(
        &page,
        &["<h2 id=\"status-withdrawal-announced\">", "<h2 id=\"status-member\">", "<h2 id=\"status-not-stated\">"],
    );

    let announced = section(&page, "status-withdrawal-announced");
    assert!(announced.contains("Withdrawal announced"), "{announced}");
    assert!(announced.contains("<span class=\"count\">3</span>"), "{announced}");
    // By name, each with its kind as a label: no group of one kind.
    assert_in_order(
        announced,
        &[
            ">Freedom Online Coalition</a>\n<span class=\"org-kind\">intergovernmental coalition · 1 briefing</span>",
            ">Global Forum on Cyber Expertise</a>\n<span class=\"org-kind\">intergovernmental coalition · 1 briefing</span>",
            ">International Electrotechnical Commission</a>\n<span class=\"org-kind\">standards body · 1 briefing</span>",
        ],
    );
    assert!(!announced.contains("<h3>"), "{announced}");
    assert!(!announced.contains("International Telecommunication Union"), "{announced}");

    let member = section(&page, "status-member");
    assert!(member.contains("Member"), "{member}");
    assert!(member.contains("<span class=\"org-kind\">UN agency · 1 briefing</span>"), "{member}");
    assert!(member.contains("<a href=\"/organizations/itu/\">International Telecommunication Union</a>"), "{member}");

    let not_stated = section(&page, "status-not-stated");
    assert!(not_stated.contains("Not stated in the sources"), "{not_stated}");
    assert!(not_stated.contains("<a href=\"/organizations/mystery/\">Mystery Forum</a>"), "{not_stated}");
}

#[test]
fn organization_page_shows_its_metadata() {
    let site = TestSite::new()
        .organization(
            "foc",
            "Freedom Online Coalition",
            "acronym: FOC\nkind: intergovernmental coalition\nfounded: 2011\nmembers: \"more than 40 governments\"\n\
             us_status: withdrawal-announced\nus_status_date: 2026-01-07\nwebsite: https://freedomonlinecoalition.com/\n",
        )
        .briefing("a", "organizations: [foc]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    assert!(page.contains("<h1>Freedom Online Coalition <span class=\"acronym\">(FOC)</span></h1>"), "{page}");
    assert!(page.contains("<dt>Kind</dt><dd>intergovernmental coalition</dd>"), "{page}");
    assert!(page.contains("<dt>Founded</dt><dd>2011</dd>"), "{page}");
    assert!(page.contains("<dt>Members</dt><dd>more than 40 governments</dd>"), "{page}");
    assert!(
        page.contains(
            "<span class=\"status-caption\">U.S. status:</span> <span class=\"status status-orange\"><span class=\"status-icon\" \
             aria-hidden=\"true\">↘</span>Withdrawal announced</span>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"meta\">since <time datetime=\"2026-01-07\">January 7, 2026</time></span>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<a href=\"https://freedomonlinecoalition.com/\" rel=\"external\">https://freedomonlinecoalition.com/</a>"
        ),
        "{page}"
    );
    assert!(page.contains("About Freedom Online Coalition."), "the body is shown: {page}");
}

#[test]
fn organization_without_a_status_says_it_is_not_stated() {
    let site = TestSite::new().organization("x", "Some Body", "").briefing("a", "organizations: [x]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/x/index.html");
    assert!(
        page.contains("<span class=\"status-caption\">U.S. status:</span> <span class=\"status status-not-stated\">"),
        "{page}"
    );
    assert!(page.contains("Not stated in the sources</span>"), "{page}");
    assert_eq!(page.matches("U.S. status").count(), 1, "the status is said once, under the name: {page}");
    assert!(!page.contains("<dt>Founded</dt>") && !page.contains("<dt>Website</dt>"), "{page}");
}

#[test]
fn organization_page_shows_its_slice_of_the_timeline_in_order() {
    let site = TestSite::new()
        .organization("foc", "Freedom Online Coalition", "")
        .event("foc-chair", "2023", "organizations: [foc]\n", "The U.S. chairs the coalition.\n")
        .event("foc-founded", "2011-12", "organizations: [foc]\n", "The coalition is founded.\n")
        .event("unrelated", "2020", "", "Something else.\n")
        .briefing("a", "organizations: [foc]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    let timeline = section(&page, "timeline");
    assert_in_order(timeline, &["The coalition is founded.", "The U.S. chairs the coalition."]);
    assert!(timeline.contains("December 2011"), "{timeline}");
    assert!(!timeline.contains("Something else."), "{timeline}");
}

// ---------------------------------------------------------------- topics

#[test]
fn topics_index_counts_briefings_and_events() {
    let site = TestSite::new()
        .file(
            "content/topics/spyware.md",
            "---\ntitle: Spyware\nsummary: \"Commercial surveillance tools.\"\n---\n\nText.\n",
        )
        .file("content/topics/cybercrime.md", "---\ntitle: Cybercrime\n---\n\nText.\n")
        .briefing("a", "topics: [spyware, cybercrime]\n", "Body.\n")
        .briefing("b", "topics: [spyware]\n", "Body.\n")
        .event("e1", "2024", "topics: [spyware]\n", "Event.\n");
    site.build().expect_success();
    let page = site.page("topics/index.html");
    assert!(page.contains("2 topics"), "{page}");
    assert!(
        page.contains("<a href=\"/topics/spyware/\">Spyware</a> <span class=\"count\">2 briefings, 1 event</span>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<a href=\"/topics/cybercrime/\">Cybercrime</a> <span class=\"count\">1 briefing, 0 events</span>"
        ),
        "{page}"
    );
    assert!(page.contains("Commercial surveillance tools."), "{page}");
    assert_in_order(&page, &[">Cybercrime</a>", ">Spyware</a>"]);
}

#[test]
fn topic_without_a_file_is_titled_from_its_slug() {
    let site = TestSite::new().briefing("a", "topics: [internet-governance]\n", "Body.\n").briefing(
        "b",
        "topics: [internet-governance]\n",
        "Body.\n",
    );
    site.build().expect_success();
    let topic = site.page("topics/internet-governance/index.html");
    assert!(topic.contains("<h1>Internet governance</h1>"), "{topic}");
    assert!(topic.contains("<a href=\"/briefings/a/\">Briefing a</a>"), "{topic}");
    let index = site.page("topics/index.html");
    assert!(index.contains("<a href=\"/topics/internet-governance/\">Internet governance</a>"), "{index}");
    let briefing = site.page("briefings/a/index.html");
    assert!(briefing.contains("<a href=\"/topics/internet-governance/\">Internet governance</a>"), "{briefing}");
}

// ---------------------------------------------------------------- timeline

fn timeline_site(site_yaml: &str) -> TestSite {
    // Slugs sort the opposite way to dates, so only the dates can give the order.
    TestSite::new()
        .file("content/site.yaml", site_yaml)
        .event("a-day", "2024-12-24", "", "Day precision.\n")
        .event("b-month", "2024-12", "", "Month precision.\n")
        .event("c-year", "2024", "", "Year precision.\n")
        .event("d-old", "1948", "", "Long ago.\n")
        .briefing("x", "", "Body.\n")
}

#[test]
fn timeline_is_grouped_by_year_in_ascending_order_by_default() {
    let site = timeline_site(SITE_YAML);
    site.build().expect_success();
    let page = site.page("timeline/index.html");
    assert!(page.contains("4 events, earliest first."), "{page}");
    assert_in_order(
        &page,
        &[
            "<h2 id=\"y1948\">1948</h2>",
            "Long ago.",
            "<h2 id=\"y2024\">2024</h2>",
            "Day precision.",
            "Month precision.",
            "Year precision.",
        ],
    );
    let y1948 = section(&page, "y1948");
    assert!(!y1948.contains("precision"), "{y1948}");
}

#[test]
fn timeline_is_descending_with_timeline_order_descending() {
    let site = timeline_site(&format!("{SITE_YAML}timeline_order: descending\n"));
    site.build().expect_success();
    let page = site.page("timeline/index.html");
    assert!(page.contains("4 events, latest first."), "{page}");
    assert_in_order(
        &page,
        &[
            "<h2 id=\"y2024\">2024</h2>",
            "Year precision.",
            "Month precision.",
            "Day precision.",
            "<h2 id=\"y1948\">1948</h2>",
            "Long ago.",
        ],
    );
}

#[test]
fn imprecise_dates_are_displayed_as_precisely_as_written() {
    let site = timeline_site(SITE_YAML);
    site.build().expect_success();
    let page = site.page("timeline/index.html");
    for expected in [
        "<time datetime=\"1948\">1948</time>",
        "<time datetime=\"2024\">2024</time>",
        "<time datetime=\"2024-12\">December 2024</time>",
        "<time datetime=\"2024-12-24\">December 24, 2024</time>",
    ] {
        assert!(page.contains(expected), "missing {expected} in:\n{page}");
    }
    assert_in_order(
        &page,
        &[
            "<li class=\"event\" id=\"d-old\"",
            "<li class=\"event\" id=\"a-day\"",
            "<li class=\"event\" id=\"b-month\"",
            "<li class=\"event\" id=\"c-year\"",
        ],
    );
}

// ---------------------------------------------------------------- sources, free pages, 404, search

#[test]
fn sources_page_lists_every_source_with_its_details() {
    let site = TestSite::new()
        .sources(
            "- id: heel-turn\n  title: \"The U.S. Heel Turn\"\n  author: \"A. Writer\"\n  publisher: \"Example Review\"\n  \
             date: 2026-01-08\n  url: https://example.org/heel-turn\n\
             - id: plain\n  title: \"A plain source\"\n",
        )
        .briefing("a", "sources: [heel-turn, plain]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("sources/index.html");
    // Without a type, both are under "Other", in the order of the site's citation style
    // (Chicago author-date: by author, or else by title).
    assert_in_order(&page, &["<h2 id=\"type-other\">Other", "<li id=\"plain\">", "<li id=\"heel-turn\">"]);
    assert!(
        page.contains(
            "<p class=\"reference\">A. Writer. 2026. “The U.S. Heel Turn.” Example Review, January 8. \
             <a href=\"https://example.org/heel-turn\">https://example.org/heel-turn</a>.</p>"
        ),
        "{page}"
    );
    assert!(page.contains("<p class=\"reference\">“A Plain Source.” n.d.</p>"), "{page}");
}

#[test]
fn free_page_is_served_at_its_slug() {
    let site = TestSite::new()
        .file(
            "content/pages/methodology.md",
            "---\ntitle: Methodology\nsummary: \"How we work.\"\n---\n\nWe read the sources.\n",
        )
        .briefing("a", "", "Body.\n");
    site.build().expect_success();
    let page = site.page("methodology/index.html");
    assert!(page.contains("<h1>Methodology</h1>"), "{page}");
    assert!(page.contains("How we work."), "{page}");
    assert!(page.contains("<p>We read the sources.</p>"), "{page}");
    assert!(hrefs(&site.page("index.html")).contains(&"/methodology/".to_string()), "the footer links free pages");
}

#[test]
fn not_found_page_exists() {
    let site = TestSite::new().briefing("a", "", "Body.\n");
    site.build().expect_success();
    let page = site.page("404.html");
    assert!(page.contains("<h1>Page not found</h1>"), "{page}");
    assert!(hrefs(&page).contains(&"/briefings/".to_string()), "{page}");
}

#[test]
fn search_page_exists_at_search() {
    let site = TestSite::new().briefing("a", "", "Searchable words.\n");
    site.build().expect_success();
    let page = site.page("search/index.html");
    assert!(page.contains("<h1>Search</h1>"), "{page}");
    assert!(page.contains("data-index=\"/search-index.json\""), "{page}");
    let index = site.page("search-index.json");
    assert!(index.contains("Briefing a"), "{index}");
}

// ---------------------------------------------------------------- Markdown bodies

#[test]
fn headings_get_unique_ids_and_a_table_of_contents() {
    let site = TestSite::new().briefing(
        "a",
        "",
        "Intro.\n\n## Background\n\nOne.\n\n### Earlier history\n\nTwo.\n\n## Background\n\nThree.\n",
    );
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let body = prose(&page);
    assert!(body.contains("<h2 id=\"background\">Background</h2>"), "{body}");
    assert!(body.contains("<h3 id=\"earlier-history\">Earlier history</h3>"), "{body}");
    assert!(body.contains("<h2 id=\"background-1\">Background</h2>"), "{body}");
    let toc = section(&page, "contents");
    assert!(toc.contains("Contents"), "{toc}");
    assert_in_order(
        toc,
        &[
            "<a href=\"#background\">Background</a>",
            "<a href=\"#earlier-history\">Earlier history</a>",
            "<a href=\"#background-1\">Background</a>",
        ],
    );
}

#[test]
fn code_blocks_are_highlighted() {
    let site = TestSite::new().briefing("a", "", "Example:\n\n```yaml\nus_status: withdrawn\n```\n");
    site.build().expect_success();
    let body = site.page("briefings/a/index.html");
    let body = prose(&body);
    assert!(body.contains("<pre class=\"code\" data-lang=\"yaml\">"), "{body}");
    assert!(body.contains("class=\"hl-"), "{body}");
    assert!(body.contains("withdrawn"), "{body}");
}

#[test]
fn tables_footnotes_and_task_lists_render() {
    let site = TestSite::new().briefing(
        "a",
        "",
        "| Body | Status |\n|---|---|\n| FOC | withdrawn |\n\n- [x] done\n- [ ] to do\n\nA claim[^note] ~~old~~.\n\n[^note]: The note.\n",
    );
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let body = prose(&page);
    assert!(body.contains("<table>"), "{body}");
    assert!(body.contains("<th>Body</th>") && body.contains("<td>withdrawn</td>"), "{body}");
    assert_eq!(body.matches("type=\"checkbox\"").count(), 2, "{body}");
    assert!(body.contains("checked"), "{body}");
    assert!(body.contains("<sup class=\"note-ref\">"), "{body}");
    assert!(page.contains("<section class=\"notes\""), "{body}");
    assert!(page.contains("The note."), "{body}");
    assert!(body.contains("<del>old</del>"), "{body}");
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = TestSite::new().briefing("published", "", "Body.\n").briefing("wip", "draft: true\n", "Not ready.\n");
    site.build().expect_success();
    assert!(site.has_page("briefings/published/index.html"));
    assert!(!site.has_page("briefings/wip/index.html"), "the draft was built");
    for page in ["index.html", "briefings/index.html", "search-index.json", "sitemap.xml", "atom.xml"] {
        assert!(!site.page(page).contains("Briefing wip"), "the draft is listed in {page}");
    }
}

#[test]
fn drafts_are_included_with_the_drafts_flag() {
    let site = TestSite::new().briefing("published", "", "Body.\n").briefing("wip", "draft: true\n", "Not ready.\n");
    site.build_with(&LoadOptions { drafts: true, ..site.options() }).expect_success();
    let page = site.page("briefings/wip/index.html");
    assert!(page.contains("<h1>Briefing wip</h1>") && page.contains("Not ready."), "{page}");
    assert!(site.page("briefings/index.html").contains("<a href=\"/briefings/wip/\">Briefing wip</a>"));
}

#[test]
fn raw_html_is_shown_escaped_by_default_with_a_warning() {
    let site = TestSite::new().briefing(
        "a",
        "",
        "Intro.\n\n<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b>.\n",
    );
    site.build()
        .expect_success()
        .expect_report("warning")
        .expect_report("content/briefings/a.md:8:1")
        .expect_report("raw HTML is shown as text");
    let page = site.page("briefings/a/index.html");
    let body = prose(&page);
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{body}");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(!page.contains("<b onclick"), "{page}");
    assert!(body.contains("&lt;b onclick="), "{body}");
}

#[test]
fn raw_html_passes_through_when_allowed() {
    let site = TestSite::new().file("content/site.yaml", &format!("{SITE_YAML}allow_raw_html: true\n")).briefing(
        "a",
        "",
        "Intro.\n\n<div class=\"callout\">Note</div>\n\nInline <b onclick=\"x()\">bold</b>.\n",
    );
    let build = site.build();
    build.expect_success();
    assert!(!build.report.contains("raw HTML"), "{}", build.report);
    let body = site.page("briefings/a/index.html");
    let body = prose(&body);
    assert!(body.contains("<div class=\"callout\">Note</div>"), "{body}");
    assert!(body.contains("<b onclick=\"x()\">bold</b>"), "{body}");
}

#[test]
fn javascript_links_are_removed_keeping_their_text() {
    let site = TestSite::new().briefing("a", "", "Do not [click me](javascript:alert(1)) here.\n");
    site.build().expect_success().expect_report("`javascript:` link removed");
    let page = site.page("briefings/a/index.html");
    assert!(prose(&page).contains("Do not click me here."), "{}", prose(&page));
    assert!(!page.to_lowercase().contains("javascript:"), "{page}");
}

#[test]
fn data_links_are_removed_keeping_their_text() {
    let site = TestSite::new().briefing("a", "", "Open [this](data:text/html;base64,PHNjcmlwdD4=) now.\n");
    site.build().expect_success().expect_report("`data:` link removed");
    let page = site.page("briefings/a/index.html");
    assert!(prose(&page).contains("Open this now."), "{}", prose(&page));
    assert!(!page.contains("data:text/html"), "{page}");
}

#[test]
fn heading_attributes_such_as_onclick_are_dropped() {
    let site = TestSite::new().briefing("a", "", "Intro.\n\n## Overview {onclick=alert(1)}\n\nText.\n");
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(prose(&page).contains("<h2 id=\"overview\">Overview</h2>"), "{}", prose(&page));
    assert!(!page.contains("onclick"), "{page}");
}
