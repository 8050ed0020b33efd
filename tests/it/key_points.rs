//! Key points and recommendations: each a labelled box at the top of a briefing, before its
//! text; the key points are the social card's description and, without a summary, the feed
//! entry's; both lists lead the feed entry's content and are searched.

use crate::common;

use common::{TestSite, start_tags};

/// A briefing with key points and recommendations (one with markup-like text), and one
/// with neither.
pub(crate) fn site_with_key_points() -> TestSite {
    TestSite::new()
        .file(
            "content/briefings/points.md",
            "---\ntitle: Points\ndate: 2026-01-07\nkey_points:\n  - The exit costs a seat at the table.\n  \
             - \"Rules <b>still</b> apply & bind.\"\nrecommendations:\n  - Rejoin the coalition.\n---\n\n\
             ## Background\n\nThe text.\n",
        )
        .file("content/briefings/plain.md", "---\ntitle: Plain\ndate: 2026-01-06\nsummary: Plain.\n---\n\nText.\n")
}

#[test]
fn key_points_and_recommendations_are_labelled_boxes_before_the_text() {
    let site = site_with_key_points();
    site.build().expect_success();
    let page = site.page("briefings/points/index.html");
    let key_points =
        page.find(r#"<section class="summary-box key-points" aria-labelledby="key-points">"#).expect("box");
    assert!(page[key_points..].starts_with(
        "<section class=\"summary-box key-points\" aria-labelledby=\"key-points\">\n<h2 id=\"key-points\">Key points</h2>\n<ul>\n\
         <li>The exit costs a seat at the table.</li>\n<li>Rules &lt;b&gt;still&lt;/b&gt; apply &amp; bind.</li>\n</ul>\n</section>"
    ));
    let recommendations = page.find(r#"aria-labelledby="recommendations""#).expect("the recommendations box");
    assert!(page.contains(r#"<h2 id="recommendations">Recommendations</h2>"#));
    let body = page.find(r#"<div class="prose">"#).expect("the text");
    assert!(key_points < recommendations && recommendations < body, "key points, recommendations, then the text");
    let plain = site.page("briefings/plain/index.html");
    assert!(!plain.contains("summary-box"), "no empty boxes");
}

#[test]
fn the_key_points_describe_the_social_card_and_the_feed_entry() {
    let site = site_with_key_points();
    site.build().expect_success();
    let page = site.page("briefings/points/index.html");
    let meta = start_tags(&page, "meta");
    let content = |attribute: &str, name: &str| {
        meta.iter().find(|m| m.get(attribute).map(String::as_str) == Some(name)).and_then(|m| m.get("content")).cloned()
    };
    let expected = "The exit costs a seat at the table. Rules &lt;b&gt;still&lt;/b&gt; apply & bind.";
    assert_eq!(content("property", "og:description").as_deref(), Some(expected));
    assert_eq!(content("name", "twitter:description").as_deref(), Some(expected));
    // The meta description stays the page's own.
    assert_ne!(content("name", "description").as_deref(), Some(expected));
    let plain = start_tags(&site.page("briefings/plain/index.html"), "meta");
    let og = plain.iter().find(|m| m.get("property").map(String::as_str) == Some("og:description"));
    assert_eq!(og.and_then(|m| m.get("content")).map(String::as_str), Some("Plain."));

    let feed = site.page("atom.xml");
    let entry = &feed[feed.find("<entry>").expect("an entry")..];
    let entry = &entry[..entry.find("</entry>").expect("its end")];
    assert!(
        entry.contains(
            "<summary>The exit costs a seat at the table. Rules &lt;b&gt;still&lt;/b&gt; apply &amp; bind.</summary>"
        ),
        "{entry}"
    );
    // The content is HTML as text: the lists come first, their text escaped twice.
    let content_at = entry.find("<content type=\"html\">").expect("content");
    let content = &entry[content_at..];
    assert!(content.contains("&lt;h2&gt;Key points&lt;/h2&gt;"), "{content}");
    assert!(
        content.contains("&lt;li&gt;Rules &amp;lt;b&amp;gt;still&amp;lt;/b&amp;gt; apply &amp;amp; bind.&lt;/li&gt;"),
        "{content}"
    );
    assert!(content.find("Recommendations").expect("recommendations") < content.find("The text.").expect("text"));
}

#[test]
fn a_key_point_of_two_sentences_is_a_warning_at_it_and_abbreviations_are_not_sentences() {
    let site = TestSite::new().file(
        "content/briefings/two.md",
        "---\ntitle: Two\ndate: 2026-01-07\nsummary: S.\nkey_points:\n  - The U.S. Senate was not asked.\n  \
         - Funding fell. Allies paid more.\nrecommendations:\n  - Ask first. Then act.\n---\n\nText.\n",
    );
    let checked = site.check();
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code != "W050")
        .map(|d| format!("{} {} {}", d.code, d.position(), d.message))
        .collect();
    // Recommendations may take more than one sentence: only key points are findings.
    assert_eq!(
        found,
        [
            "W015 content/briefings/two.md:7:5 this key point has more than one sentence: the next begins \"Allies paid more.…\""
        ]
    );
    site.build().expect_success();
}

#[test]
fn key_points_are_searched() {
    let site = site_with_key_points();
    site.build().expect_success();
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).expect("JSON");
    let entry = index["documents"].as_array().expect("documents").iter().find(|d| d["url"] == "/briefings/points/");
    let text = entry.expect("the briefing")["text"].as_str().expect("text");
    assert!(
        text.starts_with("The exit costs a seat at the table.") && text.contains("Rejoin the coalition."),
        "{text}"
    );
}

#[test]
fn brief_new_briefing_offers_key_points_and_recommendations() {
    let site = TestSite::new();
    assert_eq!(site.run(&["new", "briefing", "A title for it", "--slug", "a-title-for-it"]).code, 0);
    let written = std::fs::read_to_string(site.path("content/briefings/a-title-for-it.md")).expect("written");
    assert!(written.contains("\nkey_points: []\n") && written.contains("\nrecommendations: []\n"), "{written}");
    assert!(written.contains("\nauthors: []\n"), "{written}");
}
