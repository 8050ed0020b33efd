//! Cross-links: every way a page can link another (wikilinks, `.md` links, site paths, static
//! files) and the backlinks and related briefings the links produce, read from the built HTML.

use crate::common;

use brief::load::LoadOptions;
use common::{TestSite, hrefs};

/// The rendered Markdown body of a page: from `<div class="prose">` to the first section or
/// the end of the article after it.
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("the page has a prose body");
    let rest = &html[start..];
    let end = ["<section", "</article>"].iter().filter_map(|m| rest.find(m)).min().unwrap_or(rest.len());
    &rest[..end]
}

/// The `<section>` whose heading has `id="{id}"`, up to its `</section>`; panics if absent.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("<h2 id=\"{id}\">");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no section {id:?} in:\n{html}"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

fn has_section(html: &str, id: &str) -> bool {
    html.contains(&format!("<h2 id=\"{id}\">"))
}

/// The position of `needle` in `haystack`, panicking with the haystack if it is missing.
fn position(haystack: &str, needle: &str) -> usize {
    haystack.find(needle).unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

const FOC: &str = "Freedom Online Coalition";

// ---------------------------------------------------------------- wikilinks

#[test]
fn wikilink_without_text_uses_the_target_title() {
    let site =
        TestSite::new().organization("foc", FOC, "").briefing("a", "organizations: [foc]\n", "The [[foc]] met.\n");
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("The <a href=\"/organizations/foc/\">Freedom Online Coalition</a> met."), "{body}");
    assert!(!body.contains("[["), "{body}");
}

#[test]
fn wikilink_with_text_keeps_the_written_text() {
    let site = TestSite::new().organization("foc", FOC, "").briefing(
        "a",
        "organizations: [foc]\n",
        "Ask [[foc|the coalition]] first.\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("Ask <a href=\"/organizations/foc/\">the coalition</a> first."), "{body}");
    assert!(!body.contains(FOC), "the target's title replaced the written text: {body}");
}

#[test]
fn wikilink_kind_prefixes_pick_the_topic_or_the_organization_sharing_a_slug() {
    // `cybercrime` is both an organization and a topic; the prefix chooses.
    let site = TestSite::new().organization("cybercrime", "Cybercrime Convention Committee", "").briefing(
        "a",
        "organizations: [cybercrime]\ntopics: [cybercrime]\n",
        "The topic [[topic:cybercrime]] and the body [[organization:cybercrime]].\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("The topic <a href=\"/topics/cybercrime/\">Cybercrime</a>"), "{body}");
    assert!(
        body.contains("the body <a href=\"/organizations/cybercrime/\">Cybercrime Convention Committee</a>."),
        "{body}"
    );
}

#[test]
fn source_wikilink_points_at_the_entry_on_the_sources_page() {
    let site = TestSite::new().sources("- id: heel-turn\n  title: \"The U.S. Heel Turn\"\n").briefing(
        "a",
        "sources: [heel-turn]\n",
        "Read [[source:heel-turn]] and [[source:heel-turn|the article]].\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("Read <a href=\"/sources/#heel-turn\">The U.S. Heel Turn</a>"), "{body}");
    assert!(body.contains("<a href=\"/sources/#heel-turn\">the article</a>"), "{body}");
    assert!(site.page("sources/index.html").contains("<li id=\"heel-turn\">"));
}

#[test]
fn wikilink_to_a_heading_keeps_the_anchor() {
    let site = TestSite::new()
        .file(
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\n---\n\n## History\n\nFounded in 2011.\n",
        )
        .briefing("a", "organizations: [foc]\n", "See [[foc#history]] and [[foc#history|its history]].\n");
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("See <a href=\"/organizations/foc/#history\">Freedom Online Coalition</a>"), "{body}");
    assert!(body.contains("<a href=\"/organizations/foc/#history\">its history</a>"), "{body}");
    assert!(site.page("organizations/foc/index.html").contains("<h2 id=\"history\">History</h2>"));
}

#[test]
fn wikilink_to_a_missing_heading_is_an_error_suggesting_the_closest_heading() {
    let site = TestSite::new()
        .file("content/organizations/foc.md", "---\nname: Freedom Online Coalition\n---\n\n## History\n\nText.\n")
        .briefing("a", "organizations: [foc]\n", "See [[foc#histroy]].\n");
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:7:5")
        .expect_report("no heading `#histroy`")
        .expect_report("did you mean `history`?");
    assert!(!site.has_page("index.html"), "a failed build wrote files");
}

#[test]
fn event_wikilink_points_at_its_anchor_on_the_timeline() {
    let site = TestSite::new().event("wtsa-2024", "2024-10-15", "", "The assembly met.\n").briefing(
        "a",
        "",
        "As at [[wtsa-2024]] and [[event:wtsa-2024|the assembly]].\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("As at <a href=\"/timeline/#wtsa-2024\">Event wtsa-2024</a>"), "{body}");
    assert!(body.contains("<a href=\"/timeline/#wtsa-2024\">the assembly</a>"), "{body}");
    assert!(site.page("timeline/index.html").contains("id=\"wtsa-2024\""));
}

#[test]
fn page_wikilink_points_at_the_page_url() {
    let site = TestSite::new()
        .file("content/pages/about.md", "---\ntitle: About these briefings\n---\n\nWho we are.\n")
        .briefing("a", "", "Read [[about]].\n");
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("Read <a href=\"/about/\">About these briefings</a>."), "{body}");
    assert!(site.page("about/index.html").contains("<h1>About these briefings</h1>"));
}

#[test]
fn wikilink_to_an_unknown_slug_is_an_error_with_the_closest_slug() {
    let site = TestSite::new().organization("venice-commission", "Venice Commission", "").briefing(
        "a",
        "organizations: [venice-commission]\n",
        "Intro.\n\nSee [[venice-comission]] now.\n",
    );
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:9:5")
        .expect_report("`[[venice-comission]]` matches no")
        .expect_report("did you mean `venice-commission`?");
}

#[test]
fn wikilinks_follow_the_base_url_path() {
    let site =
        TestSite::new().organization("foc", FOC, "").briefing("a", "organizations: [foc]\n", "The [[foc]] met.\n");
    site.build_with(&LoadOptions { base_url: Some("https://example.org/briefing/".into()), ..site.options() })
        .expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("<a href=\"/briefing/organizations/foc/\">Freedom Online Coalition</a>"), "{body}");
}

// ---------------------------------------------------------------- .md links, static files, site paths

#[test]
fn relative_md_link_becomes_the_page_url_with_its_anchor() {
    let site = TestSite::new()
        .file("content/organizations/foc.md", "---\nname: Freedom Online Coalition\n---\n\n## History\n\nText.\n")
        .briefing(
            "a",
            "organizations: [foc]\n",
            "The [FOC](../organizations/foc.md#history) and [it](../organizations/foc.md).\n",
        );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("The <a href=\"/organizations/foc/#history\">FOC</a>"), "{body}");
    assert!(body.contains("<a href=\"/organizations/foc/\">it</a>"), "{body}");
    assert!(!body.contains(".md"), "{body}");
}

#[test]
fn relative_md_link_to_a_missing_file_is_an_error() {
    let site = TestSite::new().organization("foc", FOC, "").briefing(
        "a",
        "organizations: [foc]\n",
        "The [FOC](../organizations/fco.md).\n",
    );
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:7:5")
        .expect_report("which is not a content file")
        .expect_report("content/organizations/foc.md");
}

#[test]
fn relative_link_to_a_static_file_points_at_the_copied_file() {
    let site = TestSite::new().file("content/static/x.pdf", "%PDF-1.4 test\n").briefing(
        "a",
        "",
        "Download [the report](../static/x.pdf).\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("Download <a href=\"/x.pdf\">the report</a>."), "{body}");
    assert_eq!(site.page("x.pdf"), "%PDF-1.4 test\n");
}

#[test]
fn relative_link_to_a_missing_static_file_is_an_error() {
    let site = TestSite::new().briefing("a", "", "Download [the report](../static/missing.pdf).\n");
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:6:10")
        .expect_report("neither a content file nor a file in content/static/");
}

#[test]
fn site_path_link_is_kept() {
    let site = TestSite::new().event("e1", "2024-12-24", "", "It happened.\n").briefing(
        "a",
        "",
        "See [the event](/timeline/#e1) and [all organizations](/organizations/).\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("See <a href=\"/timeline/#e1\">the event</a>"), "{body}");
    assert!(body.contains("<a href=\"/organizations/\">all organizations</a>"), "{body}");
}

#[test]
fn site_path_to_a_missing_event_is_an_error() {
    let site = TestSite::new().event("e1", "2024-12-24", "", "It happened.\n").briefing(
        "a",
        "",
        "See [the event](/timeline/#e2).\n",
    );
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:6:5")
        .expect_report("no event `#e2` on the timeline")
        .expect_report("did you mean `e1`?");
}

#[test]
fn site_path_to_a_missing_page_is_an_error() {
    let site = TestSite::new().briefing("a", "", "See [the list](/organisations/).\n");
    site.build()
        .expect_failure()
        .expect_report("content/briefings/a.md:6:5")
        .expect_report("`/organisations/` is not a page or file of this site")
        .expect_report("did you mean `/organizations/`?");
}

#[test]
fn ambiguous_wikilink_is_an_error_naming_the_prefixed_forms() {
    // A briefing and a topic are both called `x`.
    let site =
        TestSite::new().briefing("x", "topics: [x]\n", "About x.\n").briefing("a", "topics: [x]\n", "See [[x]].\n");
    let build = site.build();
    build
        .expect_failure()
        .expect_report("content/briefings/a.md:7:5")
        .expect_report("`[[x]]` is ambiguous")
        .expect_report("[[topic:x]]")
        .expect_report("[[briefing:x]]");
    assert!(!site.has_page("index.html"), "a failed build wrote files");
}

#[test]
fn prefixed_wikilink_resolves_a_slug_that_is_otherwise_ambiguous() {
    let site = TestSite::new().briefing("x", "topics: [x]\n", "About x.\n").briefing(
        "a",
        "topics: [x]\n",
        "See [[topic:x]] and [[briefing:x]].\n",
    );
    site.build().expect_success();
    let body = prose(&site.page("briefings/a/index.html")).to_string();
    assert!(body.contains("See <a href=\"/topics/x/\">X</a> and <a href=\"/briefings/x/\">Briefing x</a>."), "{body}");
}

// ---------------------------------------------------------------- backlinks

#[test]
fn organization_page_lists_the_briefings_that_name_it() {
    let site = TestSite::new()
        .organization("foc", FOC, "")
        .organization("itu", "International Telecommunication Union", "")
        .briefing("a", "organizations: [foc]\n", "Body.\n")
        .briefing("b", "organizations: [itu]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    let briefings = section(&page, "briefings");
    assert!(briefings.contains("<h2 id=\"briefings\">Briefings</h2>"), "{briefings}");
    assert!(hrefs(briefings).contains(&"/briefings/a/".to_string()), "{briefings}");
    assert!(briefings.contains(">Briefing a</a>"), "{briefings}");
    assert!(!briefings.contains("/briefings/b/"), "{briefings}");
}

#[test]
fn organization_page_lists_the_events_naming_it_in_its_timeline() {
    let site = TestSite::new()
        .organization("foc", FOC, "")
        .briefing("a", "organizations: [foc]\n", "Body.\n")
        .event("foc-founded", "2011-12", "organizations: [foc]\n", "The coalition is founded.\n")
        .event("other", "2012", "", "Unrelated.\n");
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    let timeline = section(&page, "timeline");
    assert!(timeline.contains("<h2 id=\"timeline\">Timeline</h2>"), "{timeline}");
    // The event's anchor is on /timeline/; here its id could meet one of the page's own.
    assert!(timeline.contains("href=\"/timeline/#foc-founded\""), "{timeline}");
    assert!(!timeline.contains("id=\"foc-founded\""), "{timeline}");
    assert!(timeline.contains(">Event foc-founded</a>"), "{timeline}");
    assert!(timeline.contains("The coalition is founded."), "{timeline}");
    assert!(timeline.contains("December 2011"), "{timeline}");
    assert!(!timeline.contains("Event other"), "{timeline}");
}

#[test]
fn topic_page_lists_the_briefings_and_events_using_it() {
    let site = TestSite::new()
        .file("content/topics/spyware.md", "---\ntitle: Commercial spyware\n---\n\nWhat spyware is.\n")
        .briefing("a", "topics: [spyware]\n", "Body.\n")
        .briefing("b", "topics: [other]\n", "Body.\n")
        .event("pegasus", "2021-07-18", "topics: [spyware]\n", "Revelations.\n");
    site.build().expect_success();
    let page = site.page("topics/spyware/index.html");
    assert!(page.contains("<h1>Commercial spyware</h1>"), "{page}");
    let briefings = section(&page, "briefings");
    assert!(briefings.contains("<a href=\"/briefings/a/\">Briefing a</a>"), "{briefings}");
    assert!(!briefings.contains("/briefings/b/"), "{briefings}");
    let timeline = section(&page, "timeline");
    assert!(timeline.contains("href=\"/timeline/#pegasus\""), "{timeline}");
    assert!(timeline.contains(">Event pegasus</a>"), "{timeline}");
}

#[test]
fn sources_page_lists_what_cites_each_source() {
    let site = TestSite::new()
        .sources(
            "- id: cited\n  title: \"Cited source\"\n\
             - id: listed\n  title: \"Listed source\"\n\
             - id: unused\n  title: \"Unused source\"\n",
        )
        .briefing("a", "", "A claim [@cited].\n")
        .event("e1", "2024", "sources: [listed]\n", "It happened.\n");
    site.build().expect_success();
    let page = site.page("sources/index.html");
    let entry = |id: &str| {
        let start = position(&page, &format!("<li id=\"{id}\">"));
        let rest = &page[start..];
        rest[..rest.find("</li>").unwrap_or(rest.len())].to_string()
    };
    let cited = entry("cited");
    assert!(cited.contains("Cited by 1:</span> <a href=\"/briefings/a/\">Briefing a</a></p>"), "{cited}");
    let listed = entry("listed");
    assert!(
        listed.contains(
            "Cited by 1:</span> <a href=\"/timeline/#e1\">Event e1</a> <span class=\"cited-kind\">(Event)</span></p>"
        ),
        "{listed}"
    );
    let unused = entry("unused");
    assert!(!unused.contains("Cited by"), "{unused}");
    assert!(unused.contains("Not cited yet."), "{unused}");
}

#[test]
fn briefing_linked_from_another_briefing_lists_it_under_referenced_in() {
    let site = TestSite::new()
        .briefing("a", "", "Background.\n")
        .briefing("b", "", "This builds on [[a]].\n")
        .briefing("c", "", "Unrelated.\n");
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let backlinks = section(&page, "referenced-in");
    assert!(backlinks.contains("<h2 id=\"referenced-in\">Referenced in</h2>"), "{backlinks}");
    assert!(
        backlinks.contains("<a href=\"/briefings/b/\">Briefing b</a> <span class=\"kind\">Briefing</span>"),
        "{backlinks}"
    );
    assert!(!backlinks.contains("/briefings/c/"), "{backlinks}");
    // The linking briefing itself is not referenced by anything.
    assert!(!has_section(&site.page("briefings/b/index.html"), "referenced-in"));
}

#[test]
fn organization_parent_slug_links_to_the_parent_which_lists_it() {
    let site = TestSite::new()
        .organization("council-of-europe", "Council of Europe", "")
        .organization("venice-commission", "Venice Commission", "parent: council-of-europe\nus_status: member\n")
        .briefing("a", "organizations: [council-of-europe, venice-commission]\n", "Body.\n");
    site.build().expect_success();
    let child = site.page("organizations/venice-commission/index.html");
    assert!(
        child.contains("<dt>Part of</dt><dd><a href=\"/organizations/council-of-europe/\">Council of Europe</a></dd>"),
        "{child}"
    );
    let parent = site.page("organizations/council-of-europe/index.html");
    let members = section(&parent, "members");
    assert!(members.contains("<h2 id=\"members\">Bodies within it</h2>"), "{members}");
    assert!(members.contains("<a href=\"/organizations/venice-commission/\">Venice Commission</a>"), "{members}");
    assert!(members.contains("Member"), "the child's U.S. status is shown: {members}");
    assert!(!has_section(&child, "members"), "the child has no bodies within it");
}

#[test]
fn organization_free_text_parent_is_shown_as_text() {
    let site = TestSite::new()
        .organization("itu", "International Telecommunication Union", "parent: UN system\n")
        .briefing("a", "organizations: [itu]\n", "Body.\n");
    site.build().expect_success();
    let page = site.page("organizations/itu/index.html");
    assert!(page.contains("<dt>Part of</dt><dd>UN system</dd>"), "{page}");
}

// ---------------------------------------------------------------- related briefings

#[test]
fn related_briefings_rank_by_shared_organizations_and_topics() {
    // B shares two organizations and one topic with A, C one topic, D nothing. C is newer
    // than B, so only the overlap can put B first.
    let site = TestSite::new()
        .organization("o1", "Org One", "")
        .organization("o2", "Org Two", "")
        .organization("o3", "Org Three", "")
        .file(
            "content/briefings/a.md",
            "---\ntitle: \"Briefing A\"\ndate: 2025-06-01\norganizations: [o1, o2]\ntopics: [t1, t2]\n---\n\nA.\n",
        )
        .file(
            "content/briefings/b.md",
            "---\ntitle: \"Briefing B\"\ndate: 2025-01-01\norganizations: [o1, o2]\ntopics: [t1]\n---\n\nB.\n",
        )
        .file("content/briefings/c.md", "---\ntitle: \"Briefing C\"\ndate: 2026-01-05\ntopics: [t2]\n---\n\nC.\n")
        .file(
            "content/briefings/d.md",
            "---\ntitle: \"Briefing D\"\ndate: 2026-01-06\norganizations: [o3]\ntopics: [t3]\n---\n\nD.\n",
        );
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let related = section(&page, "related");
    assert!(related.contains("<h2 id=\"related\">Related briefings</h2>"), "{related}");
    let b = position(related, "<a href=\"/briefings/b/\">Briefing B</a>");
    let c = position(related, "<a href=\"/briefings/c/\">Briefing C</a>");
    assert!(b < c, "B (3 shared) should come before C (1 shared):\n{related}");
    assert!(!related.contains("/briefings/d/"), "D shares nothing: {related}");
    assert!(!related.contains("/briefings/a/\">"), "a briefing is not related to itself: {related}");
}
