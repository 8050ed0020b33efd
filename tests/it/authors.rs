//! Authors: their pages and index, bylines on briefings, cards and search results, and what
//! citation managers, feed readers and search engines read of them (Highwire Press tags as
//! Zotero's Embedded Metadata translator reads them, JSON-LD, Atom). A site without authors
//! has no authors index, and its briefings are by the site's `publisher`.

use crate::common;

use common::{TestSite, start_tags};

const SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/\npublisher: Centre for Digital Policy\n";

/// A site with two authors (one with every field, one with a name alone), a briefing by both
/// (with key points and recommendations),
/// one by the first, and one by nobody.
pub(crate) fn site_with_authors() -> TestSite {
    TestSite::new()
        .file("content/site.yaml", SITE_YAML)
        .file("content/static/img/jane-doe.jpg", "a picture")
        .file(
            "content/authors/jane-doe.md",
            "---\nname: Jane \"JD\" Doe & <Co>\nrole: Senior Fellow\naffiliation: Centre for Digital Policy\n\
             photo: /img/jane-doe.jpg\nwebsite: https://example.org/jane\norcid: 0000-0002-1825-0097\n\
             email: jane@example.org\n---\n\nJane studies internet governance.\n",
        )
        .file("content/authors/li-wei.md", "---\nname: Li Wei\n---\n\nLi covers trade.\n")
        .file(
            "content/briefings/both.md",
            "---\ntitle: \"Exit: \\\"what\\\" <changes>\"\ndate: 2026-01-07\nauthors: [jane-doe, li-wei]\nsummary: Both.\nkey_points:\n  - One finding.\n  - \"Another <one>.\"\nrecommendations:\n  - Act.\n---\n\nText.\n",
        )
        .file(
            "content/briefings/alone.md",
            "---\ntitle: Alone\ndate: 2026-01-05\nauthors: [jane-doe]\nsummary: One.\n---\n\nText.\n",
        )
        .file(
            "content/briefings/anonymous.md",
            "---\ntitle: Anonymous\ndate: 2026-01-03\nsummary: None.\n---\n\nText.\n",
        )
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#x27;` and `&#x2F;` decoded, as a browser does in an
/// attribute value.
fn decode(value: &str) -> String {
    value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// What Zotero's Embedded Metadata translator reads from a page, by its documented rules:
/// the `<meta name="citation_…" content="…">` tags of the `<head>`; `citation_title` is the
/// title as written; each `citation_author`, in order, is one creator; the date is
/// `citation_publication_date` (or `citation_date`), read as `YYYY/MM/DD` or an ISO date;
/// `citation_publisher` and `citation_public_url` are the publisher and the URL.
#[derive(Debug, Default, PartialEq)]
struct Zotero {
    title: Option<String>,
    creators: Vec<String>,
    date: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
}

fn zotero(html: &str) -> Zotero {
    let head = &html[..html.find("</head>").expect("a </head>")];
    let mut item = Zotero::default();
    for meta in start_tags(head, "meta") {
        let (Some(name), Some(content)) = (meta.get("name"), meta.get("content")) else { continue };
        let content = decode(content);
        match name.as_str() {
            "citation_title" => item.title = Some(content),
            "citation_author" => item.creators.push(content),
            "citation_publication_date" | "citation_date" => {
                let iso = content.replace('/', "-");
                let parts: Vec<&str> = iso.split('-').collect();
                let valid = parts.len() == 3
                    && parts[0].len() == 4
                    && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
                assert!(valid, "Zotero reads YYYY/MM/DD or YYYY-MM-DD, not `{content}`");
                item.date = Some(iso);
            }
            "citation_publisher" => item.publisher = Some(content),
            "citation_public_url" => item.url = Some(content),
            _ => {}
        }
    }
    item
}

#[test]
fn zotero_reads_the_title_each_author_in_order_the_date_publisher_and_address() {
    let site = site_with_authors();
    site.build().expect_success();
    let both = zotero(&site.page("briefings/both/index.html"));
    assert_eq!(
        both,
        Zotero {
            title: Some("Exit: \"what\" <changes>".into()),
            creators: vec!["Jane \"JD\" Doe & <Co>".into(), "Li Wei".into()],
            date: Some("2026-01-07".into()),
            publisher: Some("Centre for Digital Policy".into()),
            url: Some("https://example.org/briefings/both/".into()),
        }
    );
    // Without authors, no creator is made up; the publisher is still there.
    let anonymous = zotero(&site.page("briefings/anonymous/index.html"));
    assert!(anonymous.creators.is_empty(), "{anonymous:?}");
    assert_eq!(anonymous.publisher.as_deref(), Some("Centre for Digital Policy"));
}

#[test]
fn a_briefing_has_a_byline_of_linked_names_or_the_publisher() {
    let site = site_with_authors();
    site.build().expect_success();
    let both = site.page("briefings/both/index.html");
    assert!(
        both.contains(
            r#"<p class="byline">By <a href="/authors/jane-doe/" rel="author">Jane &quot;JD&quot; Doe &amp; &lt;Co&gt;</a> and <a href="/authors/li-wei/" rel="author">Li Wei</a></p>"#
        ),
        "{both}"
    );
    let anonymous = site.page("briefings/anonymous/index.html");
    assert!(anonymous.contains(r#"<p class="byline">By Centre for Digital Policy</p>"#), "{anonymous}");
    // On cards too: the briefings index lists all three.
    let index = site.page("briefings/index.html");
    assert_eq!(index.matches(r#"<p class="byline">"#).count(), 3, "{index}");
    assert!(index.contains(r#" and <a href="/authors/li-wei/" rel="author">Li Wei</a></p>"#));
}

#[test]
fn an_author_page_shows_who_they_are_and_their_briefings_and_the_index_lists_everyone() {
    let site = site_with_authors();
    site.build().expect_success();
    let jane = site.page("authors/jane-doe/index.html");
    for expected in [
        "<h1>Jane &quot;JD&quot; Doe &amp; &lt;Co&gt;</h1>",
        "Senior Fellow, Centre for Digital Policy",
        r#"<img class="author-photo" src="/img/jane-doe.jpg" alt="""#,
        r#"<a href="https://orcid.org/0000-0002-1825-0097" rel="external">"#,
        r#"<a href="mailto:jane@example.org">jane@example.org</a>"#,
        "Jane studies internet governance.",
        r#"<a href="/briefings/both/">"#,
        r#"<a href="/briefings/alone/">"#,
    ] {
        assert!(jane.contains(expected), "no `{expected}` in:\n{jane}");
    }
    let li = site.page("authors/li-wei/index.html");
    assert!(!li.contains("mailto:") && !li.contains("ORCID") && !li.contains("<img"), "{li}");
    assert!(li.contains(r#"<a href="/briefings/both/">"#) && !li.contains(r#"<a href="/briefings/alone/">"#));
    let index = site.page("authors/index.html");
    let jane_at = index.find("/authors/jane-doe/").expect("Jane listed");
    let li_at = index.find("/authors/li-wei/").expect("Li listed");
    assert!(jane_at < li_at, "by name");
    assert!(index.contains("2 briefings") && index.contains("1 briefing<"), "{index}");
    // The navigation leads to it, and the sitemap lists every new page.
    assert!(site.page("index.html").contains(r#"href="/authors/""#));
    let sitemap = site.page("sitemap.xml");
    for page in ["authors/", "authors/jane-doe/", "authors/li-wei/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/{page}</loc>")), "{page} missing:\n{sitemap}");
    }
}

#[test]
fn search_entries_carry_the_authors_and_authors_are_searched() {
    let site = site_with_authors();
    site.build().expect_success();
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).expect("JSON");
    let docs = index["documents"].as_array().expect("documents");
    let entry = |url: &str| docs.iter().find(|d| d["url"] == url).unwrap_or_else(|| panic!("no {url}"));
    assert_eq!(
        entry("/briefings/both/")["authors"],
        serde_json::json!([
            {"name": "Jane \"JD\" Doe & <Co>", "url": "/authors/jane-doe/"},
            {"name": "Li Wei", "url": "/authors/li-wei/"}
        ])
    );
    assert!(entry("/briefings/anonymous/").get("authors").is_none());
    assert_eq!(entry("/authors/li-wei/")["kind"], "author");
    // The theme's script shows them: it reads `authors` and links each name.
    let script = site.page("js/site.js");
    assert!(script.contains("doc.authors") && script.contains("author.url"), "the search script ignores authors");
}

#[test]
fn json_ld_names_each_author_as_a_person_and_the_feed_each_entrys_authors() {
    let site = site_with_authors();
    site.build().expect_success();
    let page = site.page("briefings/both/index.html");
    let start = page.find(r#"<script type="application/ld+json">"#).expect("JSON-LD") + 35;
    let end = start + page[start..].find("</script>").expect("its end");
    let json: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON");
    assert_eq!(json["author"][0]["@type"], "Person");
    assert_eq!(json["author"][0]["name"], "Jane \"JD\" Doe & <Co>");
    assert_eq!(json["author"][0]["url"], "https://example.org/authors/jane-doe/");
    assert_eq!(json["author"][0]["jobTitle"], "Senior Fellow");
    assert_eq!(
        json["author"][0]["affiliation"],
        serde_json::json!({"@type": "Organization", "name": "Centre for Digital Policy"})
    );
    assert_eq!(
        json["author"][0]["sameAs"],
        serde_json::json!(["https://orcid.org/0000-0002-1825-0097", "https://example.org/jane"])
    );
    assert_eq!(
        json["author"][1],
        serde_json::json!({"@type": "Person", "name": "Li Wei", "url": "https://example.org/authors/li-wei/"})
    );
    assert_eq!(json["publisher"]["name"], "Centre for Digital Policy");
    let anonymous = site.page("briefings/anonymous/index.html");
    assert!(
        anonymous.contains(r#""author":{"@type":"Organization","name":"Centre for Digital Policy"}"#),
        "{anonymous}"
    );

    let feed = site.page("atom.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 3);
    let names = |entry: &str| -> Vec<String> {
        entry
            .split("<author>")
            .skip(1)
            .map(|a| a[a.find("<name>").unwrap() + 6..a.find("</name>").unwrap()].to_string())
            .collect()
    };
    assert_eq!(names(entries[0]), ["Jane &quot;JD&quot; Doe &amp; &lt;Co&gt;", "Li Wei"]);
    assert!(entries[0].contains("<uri>https://example.org/authors/li-wei/</uri>"));
    assert_eq!(names(entries[2]), ["Centre for Digital Policy"]);
}

#[test]
fn a_site_without_authors_has_no_authors_index_and_is_by_its_publisher() {
    let site = TestSite::new().briefing("a", "summary: S.\n", "Text.\n");
    site.build().expect_success();
    assert!(!site.has_page("authors/index.html"));
    assert!(!site.page("index.html").contains("/authors/"));
    assert!(!site.page("sitemap.xml").contains("/authors/"));
    // With no `publisher` (nor `author`), the site's title publishes it.
    assert!(site.page("briefings/a/index.html").contains(r#"<p class="byline">By Test Briefings</p>"#));
    let tags = start_tags(&site.page("briefings/a/index.html"), "meta");
    assert!(tags.iter().any(|t| t.get("name").map(String::as_str) == Some("citation_publisher")
        && t.get("content").map(String::as_str) == Some("Test Briefings")));
}

#[test]
fn brief_new_author_writes_an_author_that_builds() {
    let site = TestSite::new();
    let run = site.run(&["new", "author", "Jane Doe"]);
    assert_eq!(run.code, 0, "{run:?}");
    let written = std::fs::read_to_string(site.path("content/authors/jane-doe.md")).expect("the new author");
    assert!(written.starts_with("---\nname: \"Jane Doe\"\n"), "{written}");
    for key in ["role:", "affiliation:", "photo:", "website:", "orcid:", "email:"] {
        assert!(written.contains(key), "no `{key}` in:\n{written}");
    }
    let site = site.briefing("a", "summary: S.\nauthors: [jane-doe]\n", "Text.\n");
    site.build().expect_success();
    assert!(site.page("authors/jane-doe/index.html").contains("/briefings/a/"));
}

#[test]
fn search_results_show_the_byline_with_linked_names_as_text() {
    let Some(mut browser) = common::browser::Browser::launch() else { return };
    let site = site_with_authors();
    site.build().expect_success();
    let preview = common::serve::Preview::start(site.root(), &[]);
    browser.open(&preview.url("/search/?q=exit"));
    let results = "document.querySelectorAll('#search-results li').length > 0";
    assert!(browser.wait_for(results, std::time::Duration::from_secs(20)));
    let byline = browser.eval(
        "Array.from(document.querySelectorAll('#search-results li .meta a')).map(a => [a.textContent, a.getAttribute('href')])",
    );
    assert_eq!(
        byline,
        serde_json::json!([["Jane \"JD\" Doe & <Co>", "/authors/jane-doe/"], ["Li Wei", "/authors/li-wei/"]])
    );
    let meta = browser.eval("document.querySelector('#search-results li .meta').textContent");
    assert!(meta.as_str().is_some_and(|m| m.ends_with(" · By Jane \"JD\" Doe & <Co> and Li Wei")), "{meta}");
    assert_eq!(browser.eval("document.querySelectorAll('#search-results Co').length"), serde_json::json!(0));
    // An author's name finds their briefings.
    browser.open(&preview.url("/search/?q=li+wei"));
    assert!(browser.wait_for(results, std::time::Duration::from_secs(20)));
    let titles =
        browser.eval("Array.from(document.querySelectorAll('#search-results li > a')).map(a => a.textContent)");
    assert!(titles.as_array().is_some_and(|t| t.iter().any(|t| t == "Exit: \"what\" <changes>")), "{titles}");
}
