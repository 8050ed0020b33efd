//! Feeds and subpaths: every link inside a feed's entries is a full address (citation and note
//! marks included), also when the site lives under a path of its host; each topic,
//! organization and author has a feed of its newest briefings, linked from its page; a
//! `base_url` with a path is warned about, since robots.txt and `/.well-known/` must be served
//! from the host's root.

use crate::common;
use crate::figures::png;

use brief::load::LoadOptions;
use common::{TestSite, start_tags};

const SUBPATH_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/briefing/\nallow_raw_html: true\n";

/// The HTML of each entry's `<content>` in the Atom feed `xml`, unescaped.
fn contents(xml: &str) -> Vec<String> {
    xml.split("<content type=\"html\">")
        .skip(1)
        .map(|rest| {
            let escaped = rest.split("</content>").next().unwrap_or_default();
            escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
        })
        .collect()
}

/// The text of each `<element>` of `xml`, in order.
fn texts(xml: &str, element: &str) -> Vec<String> {
    let open = format!("<{element}>");
    let close = format!("</{element}>");
    xml.split(&open).skip(1).filter_map(|rest| rest.split(&close).next().map(str::to_string)).collect()
}

/// Every `href` and `src` in `html`.
fn addresses(html: &str) -> Vec<String> {
    common::all_start_tags(html)
        .into_iter()
        .flat_map(|tag| tag.attributes.into_iter().filter(|(name, _)| name == "href" || name == "src"))
        .map(|(_, value)| value)
        .collect()
}

const LINKED: &str = "---
title: Linked
date: 2026-01-07
organizations: [o]
topics: [t]
---

A claim [@s], a note[^n], the [[o]], the [timeline](/timeline/), [elsewhere](https://example.net/x?a=1&b=2),
[back up](#more) and a chart:

![A bar chart](/img/chart.png)

<a href=\"notes/\">relative</a> and <img src=\"//cdn.example.net/x.png\" alt=\"x\">

```html
<a href=\"/not-a-link/\">shown as code</a>
```

## More

[^n]: The note.
";

#[test]
fn every_link_of_a_feed_entry_is_a_full_address_under_a_base_url_with_a_path() {
    let site = TestSite::new()
        .file("content/site.yaml", SUBPATH_YAML)
        .sources("- id: s\n  title: A source\n  url: https://example.org/s\n")
        .organization("o", "An organization", "")
        .file("content/briefings/linked.md", LINKED);
    site.write("content/static/img/chart.png", &png(40, 20));
    site.build().expect_success();
    let page = "https://example.org/briefing/briefings/linked/";
    for feed in ["atom.xml", "topics/t/atom.xml", "organizations/o/atom.xml"] {
        let content = contents(&site.page(feed)).concat();
        let found = addresses(&content);
        for address in &found {
            assert!(
                address.starts_with("https://") || address.starts_with("http://"),
                "{feed}: `{address}` is not a full address in\n{content}"
            );
        }
        for expected in [
            format!("{page}#ref_1"),
            format!("{page}#fn-n"),
            format!("{page}#noteref_1_1"),
            format!("{page}#more"),
            "https://example.org/briefing/organizations/o/".to_string(),
            "https://example.org/briefing/timeline/".to_string(),
            "https://example.org/briefing/img/chart.png".to_string(),
            format!("{page}notes/"),
            "https://cdn.example.net/x.png".to_string(),
            "https://example.net/x?a=1&b=2".to_string(),
        ] {
            assert!(found.contains(&expected), "{feed}: no `{expected}` among {found:?}");
        }
        // Only addresses are rewritten: the code block still shows what was written.
        assert!(content.contains("/not-a-link/"), "{feed}: the code block lost its text:\n{content}");
        assert!(
            !content.contains("example.org/not-a-link/"),
            "{feed}: the code block's text was rewritten:\n{content}"
        );
    }
}

#[test]
fn topics_organizations_and_authors_have_feeds_of_their_newest_briefings_linked_from_their_pages() {
    let mut site = TestSite::new()
        .organization("o", "An organization", "")
        .organization("quiet", "A quiet organization", "")
        .file("content/authors/jane-doe.md", "---\nname: Jane Doe\n---\n\nShe writes.\n")
        .file(
            "content/briefings/by-jane.md",
            "---\ntitle: Briefing by-jane\ndate: 2025-06-01\nauthors: [jane-doe]\norganizations: [o]\n---\n\nText.\n",
        );
    // 22 briefings of one topic, dated a day apart.
    for day in 1..=22 {
        site = site.file(
            &format!("content/briefings/b{day:02}.md"),
            &format!("---\ntitle: B{day:02}\ndate: 2026-01-{day:02}\ntopics: [t]\n---\n\nText.\n"),
        );
    }
    site.build().expect_success();

    let topic = site.page("topics/t/atom.xml");
    assert_eq!(texts(&topic, "title")[0], "Test Briefings: T");
    let titles = &texts(&topic, "title")[1..];
    let newest: Vec<String> = (3..=22).rev().map(|day| format!("B{day:02}")).collect();
    assert_eq!(titles, newest, "the newest 20, newest first");
    assert!(topic.contains("<link rel=\"self\" href=\"https://example.org/topics/t/atom.xml\""), "{topic}");
    assert!(topic.contains("<link rel=\"alternate\" href=\"https://example.org/topics/t/\""), "{topic}");

    let organization = site.page("organizations/o/atom.xml");
    assert_eq!(texts(&organization, "title"), ["Test Briefings: An organization", "Briefing by-jane"]);
    let author = site.page("authors/jane-doe/atom.xml");
    assert_eq!(texts(&author, "title"), ["Test Briefings: Jane Doe", "Briefing by-jane"]);
    // A feed with nothing in it yet is still a feed, dated from the epoch.
    let quiet = site.page("organizations/quiet/atom.xml");
    assert_eq!(texts(&quiet, "updated"), ["1970-01-01T00:00:00Z"]);
    assert!(!quiet.contains("<entry>"));

    for (page, feed, title) in [
        ("topics/t/index.html", "/topics/t/atom.xml", "Test Briefings: T"),
        ("organizations/o/index.html", "/organizations/o/atom.xml", "Test Briefings: An organization"),
        ("authors/jane-doe/index.html", "/authors/jane-doe/atom.xml", "Test Briefings: Jane Doe"),
    ] {
        let feeds: Vec<_> = start_tags(&site.page(page), "link")
            .into_iter()
            .filter(|l| l["rel"] == "alternate" && l["type"] == "application/atom+xml")
            .collect();
        let own: Vec<_> = feeds.iter().filter(|l| l["href"] == feed).collect();
        assert_eq!(own.len(), 1, "{page} does not link {feed}: {feeds:?}");
        assert_eq!(own[0]["title"], title);
    }
    // A briefing's page links only the site's feed; briefings and pages have none of their own.
    let briefing = site.page("briefings/b01/index.html");
    assert_eq!(briefing.matches("application/atom+xml").count(), 1);
    assert!(!site.has_page("briefings/b01/atom.xml"));
}

#[test]
fn a_base_url_with_a_path_warns_that_robots_txt_and_well_known_belong_at_the_host_s_root() {
    let site = TestSite::new()
        .file("content/site.yaml", "title: Test Briefings\nbase_url: https://example.org/briefing\n")
        .file("content/static/.well-known/security.txt", "Contact: mailto:security@example.org\n")
        .briefing("a", "", "Text.\n");
    let build = site.build();
    build
        .expect_success()
        .expect_report("warning[W007]: content/site.yaml:2:11: `base_url` has a path (`/briefing/`)")
        .expect_report("crawlers read only `https://example.org/robots.txt`")
        .expect_report("`Sitemap: https://example.org/briefing/sitemap.xml`")
        .expect_report("serve `public/.well-known/security.txt` at `https://example.org/.well-known/security.txt`");
    assert_eq!(
        site.page("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/briefing/sitemap.xml\n"
    );
    assert_eq!(build.diagnostics.iter().filter(|d| d.code == "W007").count(), 1);

    // From the command line, at the flag; at the host's root, not at all.
    let flagged = LoadOptions { base_url: Some("https://example.org/reports/".into()), ..site.options() };
    site.build_with(&flagged).expect_report("warning[W007]: --base-url: `base_url` has a path (`/reports/`)");
    let at_root = LoadOptions { base_url: Some("https://briefing.example.org".into()), ..site.options() };
    let build = site.build_with(&at_root);
    assert!(!build.diagnostics.iter().any(|d| d.code == "W007"), "{}", build.report);
}
