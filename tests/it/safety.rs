//! Hostile text in front matter stays text: a title or summary such as
//! `</script><script>alert(1)</script>" onmouseover=x` is inert in `<title>`, in attributes,
//! in JSON-LD, in the feed, the search index, the sitemap and the exports, and in a browser.

use crate::common;

use std::time::Duration;

use common::TestSite;
use common::browser::Browser;
use common::serve::Preview;

const HOSTILE: &str = "</script><script>alert(1)</script>\" onmouseover=x";

fn hostile_site() -> TestSite {
    let quoted = serde_json::to_string(HOSTILE).expect("json");
    TestSite::new()
        .sources(&format!("- id: s\n  title: {quoted}\n  publisher: {quoted}\n"))
        .organization("org", &quoted, &format!("acronym: {quoted}\nkind: {quoted}\nmembers: {quoted}\n"))
        .file(
            "content/briefings/x.md",
            &format!(
                "---\ntitle: {quoted}\ndate: 2026-01-07\nsummary: {quoted}\norganizations: [org]\ntopics: [t]\nsources: [s]\n---\n\n\
                 ## {HOSTILE}\n\nText [@s] about [[org]].\n"
            ),
        )
        .file("content/topics/t.md", &format!("---\ntitle: {quoted}\nsummary: {quoted}\n---\n\nAbout [[x]].\n"))
        .event("e", "2026-01-07", "organizations: [org]\ntopics: [t]\nsources: [s]\n", "See [[x]].\n")
}

/// The attribute names of every start tag in `html`, with the tag for messages.
fn attribute_names(html: &str) -> Vec<(String, String)> {
    common::all_start_tags(html)
        .into_iter()
        .flat_map(|tag| tag.attributes.into_iter().map(move |(name, _)| (name, tag.text.clone())))
        .collect()
}

/// No `<script>` opens from the payload and no event-handler attribute appears on any tag.
fn assert_inert_html(page: &str, html: &str) {
    assert!(!html.contains("<script>alert(1)"), "{page}: the payload opened a script");
    for (name, tag) in attribute_names(html) {
        assert!(!name.starts_with("on"), "{page}: an event-handler attribute appeared: {tag}");
    }
}

#[test]
fn the_attribute_reader_finds_injected_handlers() {
    let names: Vec<String> =
        attribute_names("<a href=\"x\" title='a > b'>t</a><img src=x onerror=y>").into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["href", "title", "src", "onerror"]);
}

#[test]
fn a_hostile_title_is_text_in_the_title_element_and_attributes() {
    let site = hostile_site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=x";
    assert!(page.contains(&format!("<title>{escaped} · Test Briefings</title>")), "{page}");
    assert!(page.contains(&format!("<meta property=\"og:title\" content=\"{escaped}\">")), "{page}");
    assert!(page.contains(&format!("<meta name=\"description\" content=\"{escaped}\">")), "{page}");
    for file in [
        "briefings/x/index.html",
        "index.html",
        "briefings/index.html",
        "organizations/index.html",
        "organizations/org/index.html",
        "topics/index.html",
        "topics/t/index.html",
        "timeline/index.html",
        "sources/index.html",
    ] {
        assert_inert_html(file, &site.page(file));
    }
}

#[test]
fn a_hostile_title_cannot_close_the_json_ld_script() {
    let site = hostile_site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let start = page.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    let end = start + page[start..].find("</script>").expect("end of JSON-LD");
    let json = &page[start..end];
    assert!(!json.contains('<') && !json.contains('>'), "{json}");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON-LD parses");
    assert_eq!(value["headline"], HOSTILE);
    assert_eq!(value["description"], HOSTILE);
}

#[test]
fn a_hostile_title_is_text_in_the_feed_and_the_sitemap() {
    let site = hostile_site();
    site.build().expect_success();
    let feed = site.page("atom.xml");
    assert!(!feed.contains("<script>"), "{feed}");
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut titles = Vec::new();
    let mut in_title = false;
    loop {
        match reader.read_event().expect("atom.xml is well-formed") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"title" => in_title = true,
            quick_xml::events::Event::End(e) if e.name().as_ref() == b"title" => in_title = false,
            quick_xml::events::Event::Text(t) if in_title => titles.push(t.decode().expect("utf-8").into_owned()),
            quick_xml::events::Event::GeneralRef(r) if in_title => {
                let name = String::from_utf8_lossy(&r).into_owned();
                titles.push(quick_xml::escape::unescape(&format!("&{name};")).expect("entity").into_owned());
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(titles.concat().contains(HOSTILE), "{titles:?}");
    let sitemap = site.page("sitemap.xml");
    assert!(!sitemap.contains("<script"), "{sitemap}");
    let mut reader = quick_xml::Reader::from_str(&sitemap);
    while !matches!(reader.read_event().expect("sitemap.xml is well-formed"), quick_xml::events::Event::Eof) {}
}

#[test]
fn a_hostile_title_is_data_in_the_search_index_and_the_exports() {
    let site = hostile_site();
    site.build().expect_success();
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).expect("search index");
    let briefing =
        index["documents"].as_array().expect("documents").iter().find(|d| d["kind"] == "briefing").expect("entry");
    assert_eq!(briefing["title"], HOSTILE);
    assert_eq!(briefing["summary"], HOSTILE);
    let orgs: serde_json::Value = serde_json::from_str(&site.page("organizations.json")).expect("organizations.json");
    assert_eq!(orgs["organizations"][0]["name"], HOSTILE);
    let timeline: serde_json::Value = serde_json::from_str(&site.page("timeline.json")).expect("timeline.json");
    assert_eq!(timeline["events"][0]["briefings"][0], "x");
}

#[test]
fn a_hostile_title_runs_nothing_in_a_browser_and_search_shows_it_as_text() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = hostile_site();
    let preview = Preview::start(site.root(), &[]);
    for page in ["/briefings/x/", "/organizations/org/", "/topics/t/", "/timeline/", "/sources/", "/"] {
        browser.open(&preview.url(page));
        assert_eq!(browser.eval("document.querySelectorAll('[onmouseover]').length"), serde_json::json!(0), "{page}");
        let inline = browser
            .eval("Array.from(document.scripts).filter(s => !s.src && !s.type.startsWith('application/')).length");
        assert_eq!(inline, serde_json::json!(0), "{page}: an inline script appeared");
        if page == "/briefings/x/" {
            assert_eq!(browser.eval("document.querySelector('h1').textContent"), serde_json::json!(HOSTILE));
        }
    }
    browser.open(&preview.url("/search/?q=onmouseover"));
    assert!(browser.wait_for("document.querySelectorAll('#search-results li').length > 0", Duration::from_secs(20)));
    let first = browser.eval("document.querySelector('#search-results a').textContent");
    assert_eq!(first, serde_json::json!(HOSTILE));
    assert_eq!(
        browser.eval("document.querySelectorAll('#search-results script, [onmouseover]').length"),
        serde_json::json!(0)
    );
}
