//! Updates and corrections (`changes:`) and series numbers (`series:`, `number:`): the
//! section after a briefing's text, the revision date every output agrees on, the corrections
//! page, the series label on the page, its card, its metadata and the feed; and every broken
//! variant, with its exact diagnostic.

use crate::common;

use common::TestSite;

const SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/\nseries: \"Policy <Brief> & Co\"\n";

/// A numbered briefing with an update and a correction (written newest first, the note with
/// markup-like text), a numbered one without changes, and a plain one.
pub(crate) fn site_with_changes() -> TestSite {
    TestSite::new()
        .file("content/site.yaml", SITE_YAML)
        .file(
            "content/briefings/fixed.md",
            "---\ntitle: Fixed\ndate: 2026-01-07\nsummary: In short.\nnumber: 12\nchanges:\n  - date: 2026-02-01\n    \
             note: Added the <b>March</b> figures & a table.\n  - date: 2026-01-20\n    kind: correction\n    \
             note: The budget was $12m, not $21m.\n---\n\n## Background\n\nThe text.\n\n## Outlook\n\nMore.\n",
        )
        .file(
            "content/briefings/other.md",
            "---\ntitle: Other\ndate: 2026-01-06\nsummary: Plain.\nnumber: 11\n---\n\nText.\n",
        )
        .file("content/briefings/plain.md", "---\ntitle: Plain\ndate: 2026-01-05\nsummary: Plain.\n---\n\nText.\n")
}

/// The errors of a check of `site`, each as `code file:line:col message`.
fn errors(site: &TestSite) -> Vec<String> {
    let build = site.check();
    build
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('E'))
        .map(|d| format!("{} {} {}", d.code, d.position(), d.message))
        .collect()
}

#[test]
fn changes_are_shown_oldest_first_after_the_text_and_a_correction_says_so() {
    let site = site_with_changes();
    site.build().expect_success();
    let page = site.page("briefings/fixed/index.html");
    let section = page.find(r#"<section class="changes" aria-labelledby="updates-and-corrections">"#).expect("section");
    assert!(page[section..].starts_with(
        "<section class=\"changes\" aria-labelledby=\"updates-and-corrections\">\n\
         <h2 id=\"updates-and-corrections\">Updates and corrections</h2>\n<ol class=\"change-list\">\n\
         <li id=\"change-2026-01-20\" class=\"change change-correction\"><p><strong class=\"change-label\">Correction</strong> \
         <time datetime=\"2026-01-20\">January 20, 2026</time>: The budget was $12m, not $21m.</p></li>\n\
         <li id=\"change-2026-02-01\" class=\"change change-update\"><p><strong class=\"change-label\">Update</strong> \
         <time datetime=\"2026-02-01\">February 1, 2026</time>: Added the &lt;b&gt;March&lt;/b&gt; figures &amp; a table.</p></li>\n\
         </ol>\n<p class=\"changes-more\"><a href=\"/corrections/\">All corrections</a></p>\n</section>"
    ));
    let body = page.find(r#"<div class="prose">"#).expect("the text");
    assert!(body < section, "after the text");
    assert!(page.contains(r##"<a href="#updates-and-corrections">Updates and corrections</a>"##), "in the contents");
    assert!(page.contains(r##" · <a href="#updates-and-corrections">Corrected</a> · "##), "marked at the top");
    let plain = site.page("briefings/plain/index.html");
    assert!(!plain.contains("updates-and-corrections"), "no empty section");
}

#[test]
fn the_latest_change_is_the_revision_date_everywhere() {
    let site = site_with_changes();
    site.build().expect_success();
    let page = site.page("briefings/fixed/index.html");
    assert!(page.contains(r#" · Updated <time datetime="2026-02-01">February 1, 2026</time>"#));
    assert!(page.contains(r#"<meta property="article:modified_time" content="2026-02-01">"#));
    assert!(page.contains(r#""dateModified":"2026-02-01""#));
    let list = site.page("briefings/index.html");
    assert!(list.contains(r#"updated <time datetime="2026-02-01">"#), "the card");
    let feed = site.page("atom.xml");
    let entry = &feed[feed.find("<title>Fixed</title>").expect("the entry")..];
    assert!(entry.contains("<updated>2026-02-01T00:00:00Z</updated>"), "{entry}");
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/briefings/fixed/</loc>\n    <lastmod>2026-02-01</lastmod>"));
}

#[test]
fn the_corrections_page_lists_each_correction_newest_first_and_exists_only_with_one() {
    let site = site_with_changes().file(
        "content/briefings/later.md",
        "---\ntitle: \"Later <i>one</i>\"\ndate: 2026-01-08\nsummary: S.\nchanges:\n  - date: 2026-03-01\n    kind: correction\n    note: A name was misspelt.\n  - date: 2026-03-02\n    note: Only an update.\n---\nText.\n",
    );
    site.build().expect_success();
    let page = site.page("corrections/index.html");
    let later = page.find(r#"<a href="/briefings/later/#change-2026-03-01">Later &lt;i&gt;one&lt;/i&gt;</a>"#);
    let fixed = page.find(r#"<a href="/briefings/fixed/#change-2026-01-20">Fixed</a>"#);
    assert!(later.is_some() && fixed.is_some() && later < fixed, "newest first: {page}");
    assert!(!page.contains("Only an update"), "updates are not corrections");
    assert!(site.page("sitemap.xml").contains("<loc>https://example.org/corrections/</loc>"));
    let without = TestSite::new()
        .file("content/briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\nsummary: S.\nchanges:\n  - date: 2026-01-08\n    note: New data.\n---\nText.\n");
    without.build().expect_success();
    assert!(!without.root().join("public/corrections").exists(), "no corrections, no page");
}

#[test]
fn a_series_number_shows_by_the_title_on_the_card_in_metadata_and_in_the_feed() {
    let site = site_with_changes();
    site.build().expect_success();
    let page = site.page("briefings/fixed/index.html");
    // The series names what the briefing is, in place of the kind: "Policy Brief No. 12".
    assert!(
        page.contains(
            r#"<a href="/briefings/"><span class="series">Policy &lt;Brief&gt; &amp; Co No. 12</span></a></p>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<meta name="citation_series_title" content="Policy &lt;Brief&gt; &amp; Co">"#));
    assert!(page.contains(r#"<meta name="citation_technical_report_number" content="12">"#));
    assert!(
        page.contains(
            r#""isPartOf":{"@type":"CreativeWorkSeries","name":"Policy \u003cBrief\u003e \u0026 Co"},"position":12"#
        ) || page.contains(r#""isPartOf":{"@type":"CreativeWorkSeries","name":"Policy <Brief> & Co"},"position":12"#)
            || page.contains("\"isPartOf\":{\"@type\":\"CreativeWorkSeries\""),
        "{page}"
    );
    assert!(page.contains(r#""correction":[{"@type":"CorrectionComment","text":"The budget was $12m, not $21m.","datePublished":"2026-01-20"}]"#));
    let list = site.page("briefings/index.html");
    assert!(list.contains(r#"<p class="meta"><span class="series">Policy &lt;Brief&gt; &amp; Co No. 11</span> · "#));
    let feed = site.page("atom.xml");
    assert!(feed.contains("&lt;p&gt;Policy &amp;lt;Brief&amp;gt; &amp;amp; Co No. 12&lt;/p&gt;"), "{feed}");
    let plain = site.page("briefings/plain/index.html");
    assert!(!plain.contains("class=\"series\"") && !plain.contains("citation_technical_report_number"));
}

/// A briefing with `front` as the rest of its front matter.
fn briefing(title: &str, front: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2026-01-07\nsummary: S.\n{front}---\nText.\n")
}

#[test]
fn each_broken_change_is_reported_at_its_own_line() {
    let site = TestSite::new().file(
        "content/briefings/a.md",
        &briefing(
            "A",
            "changes:\n  - date: 2026-01-01\n    note: Before.\n  - date: 2026-02-30\n    note: No such day.\n  \
             - date: 2026-02-01\n    kind: corection\n    note: X.\n  - date: 2026-02-02\n    nte: y\n  - just text\n  \
             - note: No date.\n  - date: 2026-02-03\n    note: \"  \"\n",
        ),
    );
    assert_eq!(
        errors(&site),
        [
            "E027 content/briefings/a.md:6:11 this change is dated 2026-01-01, before the briefing's `date: 2026-01-07`",
            "E015 content/briefings/a.md:8:11 invalid date `2026-02-30`: there is no such day in the calendar",
            "E015 content/briefings/a.md:11:11 unknown value `corection`",
            "E013 content/briefings/a.md:14:5 unknown key `nte`",
            "E026 content/briefings/a.md:15:5 entry 5 of `changes` is not a set of `key: value` lines",
            "E014 content/briefings/a.md:16:3 missing required key `date`",
            "E018 content/briefings/a.md:18:11 `note` is empty",
        ]
    );
    let report = site.check().report;
    assert!(report.contains("help: did you mean `correction`? Accepted values: update, correction"), "{report}");
    assert!(report.contains("help: did you mean `note`? Known keys: date, note, kind"), "{report}");
}

#[test]
fn changes_that_are_not_a_list_and_an_updated_before_the_latest_change_are_errors() {
    let site = TestSite::new()
        .file("content/briefings/a.md", &briefing("A", "changes: Fixed a typo.\n"))
        .file(
            "content/briefings/b.md",
            &briefing("B", "updated: 2026-01-10\nchanges:\n  - date: 2026-01-15\n    note: Later.\n  - date: 2026-01-09\n    note: Earlier.\n"),
        )
        .file("content/briefings/c.md", &briefing("C", "changes: [{date: 2026-01-08, note: Flow., kind: fix}]\n"))
        .file("content/briefings/d.md", &briefing("D", "changes: []\n"));
    assert_eq!(
        errors(&site),
        [
            "E026 content/briefings/a.md:5:10 `changes` is a list of entries, each starting with `- `",
            "E027 content/briefings/b.md:5:10 `updated: 2026-01-10` is earlier than the latest change, dated 2026-01-15 on line 7",
            "E015 content/briefings/c.md:5:10 unknown value `fix`",
        ]
    );
}

#[test]
fn broken_series_numbers_are_errors_once_each() {
    let numbered = |n: &str| briefing(&format!("N{}", n.len()), &format!("number: {n}\n"));
    let site = TestSite::new()
        .file("content/site.yaml", SITE_YAML)
        .file("content/briefings/a.md", &numbered("12"))
        .file("content/briefings/b.md", &numbered("12"))
        .file("content/briefings/c.md", &numbered("12"))
        .file("content/briefings/d.md", &numbered("0"))
        .file("content/briefings/e.md", &numbered("-3"))
        .file("content/briefings/f.md", &numbered("2.5"))
        .file("content/briefings/g.md", &numbered("100000"))
        .file("content/briefings/h.md", &numbered("twelve"));
    assert_eq!(
        errors(&site),
        [
            "E015 content/briefings/d.md:5:9 `number: 0` is not a series number",
            "E015 content/briefings/e.md:5:9 `number: -3` is not a series number",
            "E015 content/briefings/f.md:5:9 `number: 2.5` is not a series number",
            "E015 content/briefings/g.md:5:9 `number: 100000` is not a series number",
            "E015 content/briefings/h.md:5:9 `number: twelve` is not a series number",
            "E058 content/briefings/b.md:5:9 `number: 12` is already the number of `N2` (content/briefings/a.md:5)",
            "E058 content/briefings/c.md:5:9 `number: 12` is already the number of `N2` (content/briefings/a.md:5)",
        ]
    );
    let report = site.check().report;
    assert!(report.contains("help: write a whole number from 1 to 99999, e.g. `number: 12`"), "{report}");
    let without = TestSite::new().file("content/briefings/a.md", &numbered("3"));
    assert_eq!(
        errors(&without),
        ["E057 content/briefings/a.md:5:9 `number: 3` is a number in a series, and the site has none"]
    );
    assert!(without.check().report.contains("help: name the series in `content/site.yaml` (`series: Policy Brief`)"));
}
