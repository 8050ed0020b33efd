//! The sources page: the bibliography grouped by type, in a fixed order, each group headed
//! with its count and linked from a contents line; in a group, sources by author, year and
//! title; each source one reference with its DOI, address and archived copy as links, its
//! note when it is not public, and one line of the pages that cite it. Entries of `.bib` and
//! `.json` exports that nothing cites are left out with a line saying so, unless
//! `sources_page: all`; `sources.yaml` entries are always listed.

use crate::common;

use common::{SITE_YAML, TestSite, hrefs};

/// Written for the site: a memo that is not public (no type), a web page with an archived
/// copy, a hostile entry, and one that nothing cites.
const SOURCES_YAML: &str = "\
- id: memo
  title: An Internal Memo
  note: Not published; a copy is held by the authors
- id: heel-turn
  type: web-page
  title: The U.S. Heel Turn on International Cooperation
  author: Writer, Ann
  container: Example Review
  date: 2026-01-08
  accessed: 2026-01-10
  url: https://example.org/heel-turn
  archived_url: https://web.archive.org/web/2026/https://example.org/heel-turn
- id: hostile
  type: report
  title: \"<script>alert('t')</script> & \\\"Quoted\\\" Report\"
  author: \"O'Hara, \\\"Ev<i>l</i>\\\"\"
  publisher: \"<b>Bold</b> & Co\"
- id: own-spare
  type: dataset
  title: A Table Nobody Cites Yet
";

/// A reference manager's BibTeX export: the bibliography tests' report and article, then more
/// articles by the same and other authors, a book, a chapter, legislation, a court case, one
/// entry a page only links and one nothing cites.
const MORE_BIB: &str = "
@article{smith2018,
  author = {Smith, Jane},
  title = {Export Controls},
  journal = {Foreign Affairs},
  year = {2018},
  pages = {12--19},
}

@article{adams2023,
  author = {Adams, Zoe and Brown, Tom},
  title = {Why Coalitions Fail?},
  journal = {Journal of Democracy},
  year = {2023},
}

@book{deibert2020,
  author = {Deibert, Ronald},
  title = {Reset},
  publisher = {House of Anansi},
  year = {2020},
}

@incollection{kaye2019,
  author = {Kaye, David},
  title = {Speech Police},
  booktitle = {The Global Fight},
  publisher = {Columbia Global Reports},
  year = {2019},
}

@legislation{cloud2018,
  title = {CLOUD Act},
  year = {2018},
}

@jurisdiction{schrems2020,
  title = {Data Protection Commissioner v Facebook Ireland and Maximillian Schrems},
  year = {2020},
}

@book{spare1,
  title = {An Uncited Book},
  year = {1999},
}

@article{linked2021,
  author = {Linked, Lee},
  title = {Linked But Not Cited},
  journal = {Review},
  year = {2021},
}
";

/// A CSL-JSON export: a news story, a dataset, a report, and one item nothing cites.
const CSL_JSON: &str = r#"[
  {"id": "news2025", "type": "article-newspaper", "title": "Coalition Loses Its Founder",
   "author": [{"family": "Reporter", "given": "Rita"}], "container-title": "The Daily",
   "issued": {"date-parts": [[2025, 3, 4]]}, "URL": "https://example.org/news"},
  {"id": "vdem2025", "type": "dataset", "title": "Democracy Dataset v15",
   "author": [{"literal": "V-Dem Institute"}], "issued": {"date-parts": [[2025]]},
   "DOI": "10.23696/vdemds25"},
  {"id": "venice2024", "type": "report", "title": "Report on Spyware",
   "author": [{"literal": "Venice Commission"}], "publisher": "Council of Europe",
   "issued": {"date-parts": [[2024, 3]]}},
  {"id": "spare2", "type": "report", "title": "An Uncited Report"}
]
"#;

/// Sources of every type in all three formats, cited by two briefings, an organization (in
/// its text and its status history) and an event; one export entry only linked, two uncited.
pub(crate) fn site_with_sources(site_yaml: &str) -> TestSite {
    TestSite::bare()
        .file("content/site.yaml", site_yaml)
        .sources(SOURCES_YAML)
        .file("content/refs.bib", &format!("{}{MORE_BIB}", crate::bibliography::BIB))
        .file("content/zotero.json", CSL_JSON)
        .briefing(
            "a",
            "summary: A claim.\nsources: [memo]\n",
            "Claims [@fh2025; @smith2020; @smith2018; @adams2023; @deibert2020].\n\n\
             More [@kaye2019; @cloud2018; @schrems2020; @news2025; @vdem2025; @hostile].\n",
        )
        .briefing(
            "b",
            "summary: Another claim.\n",
            "Again [@fh2025]. See [the entry](/sources/#linked2021) and [[source:smith2020]].\n",
        )
        .file(
            "content/organizations/foc.md",
            "---\nname: Freedom Online Coalition\nstatus_history:\n  - status: withdrawal-announced\n    \
             date: 2026-01-07\n    source: heel-turn\n---\n\nAbout it [@venice2024].\n",
        )
        .event("founded", "2011-12-09", "organizations: [foc]\n", "Founded [@fh2025].\n")
}

/// The built sources page of [`site_with_sources`] with `site_yaml`.
fn sources_page(site_yaml: &str) -> String {
    let site = site_with_sources(site_yaml);
    site.build().expect_success();
    site.page("sources/index.html")
}

/// The groups' headings in order: `(id, heading text)`.
fn groups(page: &str) -> Vec<(String, String)> {
    page.split("<h2 id=\"")
        .skip(1)
        .map(|rest| {
            let (id, rest) = rest.split_once("\">").expect("an id");
            (id.to_string(), rest[..rest.find("</h2>").expect("its end")].to_string())
        })
        .collect()
}

/// The ids of the entries of the group `id`, in order.
fn entries_of(page: &str, id: &str) -> Vec<String> {
    let start = page.find(&format!("<h2 id=\"{id}\">")).unwrap_or_else(|| panic!("no group {id} in:\n{page}"));
    let group = &page[start..start + page[start..].find("</section>").expect("its end")];
    group.split("<li id=\"").skip(1).map(|rest| rest[..rest.find('"').expect("an id")].to_string()).collect()
}

/// The entry of the source `id`.
fn entry<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<li id=\"{id}\">")).unwrap_or_else(|| panic!("no entry {id} in:\n{page}"));
    &page[start..start + page[start..].find("</li>").expect("its end")]
}

#[test]
fn sources_are_grouped_by_type_in_a_fixed_order_each_headed_with_its_count() {
    let page = sources_page(SITE_YAML);
    let count = |n: usize| format!(" <span class=\"count\">{n}</span>");
    let expected = [
        ("type-report", "Reports", 3),
        ("type-article", "Articles", 4),
        ("type-book", "Books", 1),
        ("type-chapter", "Book chapters", 1),
        ("type-news", "News", 1),
        ("type-web-page", "Web pages", 1),
        ("type-legislation", "Legislation", 1),
        ("type-court-case", "Court cases", 1),
        ("type-dataset", "Datasets", 2),
        ("type-other", "Other", 1),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(id, title, n)| (id.to_string(), format!("{title}{}", count(*n)))).collect();
    assert_eq!(groups(&page), expected);
    // The contents line links each group, with its count.
    let nav = &page[page.find("<nav class=\"source-types\"").expect("the contents line")..];
    let nav = &nav[..nav.find("</nav>").expect("its end")];
    let links: Vec<String> = hrefs(nav);
    assert_eq!(links, expected.iter().map(|(id, _)| format!("#{id}")).collect::<Vec<_>>());
    assert!(nav.contains("<a href=\"#type-article\">Articles</a> <span class=\"count\">4</span>"), "{nav}");
    assert!(page.contains("<p class=\"lede\">16 sources the briefings rely on"), "{page}");
}

#[test]
fn a_group_is_ordered_by_author_then_year_then_title() {
    let page = sources_page(SITE_YAML);
    // Adams before Linked before Smith; Smith's 2018 before her 2020.
    assert_eq!(entries_of(&page, "type-article"), ["adams2023", "linked2021", "smith2018", "smith2020"]);
    // By author, an institution's name too; without an author, by title, without its article:
    // "A Table…" sorts under "table", before "V-Dem Institute".
    assert_eq!(entries_of(&page, "type-report"), ["fh2025", "hostile", "venice2024"]);
    assert_eq!(entries_of(&page, "type-dataset"), ["own-spare", "vdem2025"]);
}

#[test]
fn each_source_is_one_reference_with_its_doi_address_and_archived_copy_as_links() {
    // In the site's style (Chicago author-date unless set): the DOI and the address are links
    // in the reference, the archived copy beside it.
    let page = sources_page(SITE_YAML);
    let expected = [
        (
            "smith2020",
            "<p class=\"reference\">Smith, Jane. 2020. “Sanctions and Their Limits.” <i>Foreign Affairs</i>, ahead of print. \
             <a href=\"https://doi.org/10.1000/xyz123\">https://doi.org/10.1000/xyz123</a>.</p>",
        ),
        (
            "heel-turn",
            "<p class=\"reference\">Writer, Ann. 2026. “The U.S. Heel Turn on International Cooperation.” Example Review, \
             January 8. <a href=\"https://example.org/heel-turn\">https://example.org/heel-turn</a>. \
             <small class=\"archived\">(<a href=\"https://web.archive.org/web/2026/https://example.org/heel-turn\">Archived copy</a>)</small></p>",
        ),
        (
            "fh2025",
            "<p class=\"reference\">Freedom House. 2025. <i>Freedom in the World 2025</i>. Freedom House. \
             <a href=\"https://freedomhouse.org/report/freedom-world\">",
        ),
        ("smith2018", "Smith, Jane. 2018. “Export Controls.” <i>Foreign Affairs</i>, 12–19.</p>"),
        ("cloud2018", "<p class=\"reference\">CLOUD Act (2018).</p>"),
        ("kaye2019", "Kaye, David. 2019. “Speech Police.” In <i>The Global Fight</i>. Columbia Global Reports.</p>"),
        // A title that ends in its own stop gets no second one; a missing part leaves no stray comma.
        ("adams2023", "Adams, Zoe, and Tom Brown. 2023. “Why Coalitions Fail?” <i>Journal of Democracy</i>.</p>"),
        ("vdem2025", "V-Dem Institute. 2025. “Democracy Dataset V15.” <a href=\"https://doi.org/10.23696/vdemds25\">"),
    ];
    for (id, reference) in expected {
        assert!(entry(&page, id).contains(reference), "{id}: {}", entry(&page, id));
    }
}

#[test]
fn a_source_that_is_not_public_shows_its_note() {
    let page = sources_page(SITE_YAML);
    let memo = entry(&page, "memo");
    assert!(memo.contains("<p class=\"reference\">“An Internal Memo.” n.d.</p>"), "{memo}");
    assert!(
        memo.contains(
            "<p class=\"source-note\"><strong>Not public:</strong> Not published; a copy is held by the authors</p>"
        ),
        "{memo}"
    );
}

#[test]
fn each_source_lists_the_briefings_organizations_and_events_that_cite_it_on_one_line() {
    let page = sources_page(SITE_YAML);
    assert!(
        entry(&page, "fh2025").contains(
            "<p class=\"cited-by\"><span class=\"cited-by-label\">Cited by 3:</span> \
             <a href=\"/briefings/a/\">Briefing a</a>; <a href=\"/briefings/b/\">Briefing b</a>; \
             <a href=\"/timeline/#founded\">Event founded</a> <span class=\"cited-kind\">(Event)</span></p>"
        ),
        "{}",
        entry(&page, "fh2025")
    );
    // In an organization's text, and in its status history.
    for id in ["venice2024", "heel-turn"] {
        assert!(
            entry(&page, id).contains(
                "<span class=\"cited-by-label\">Cited by 1:</span> <a href=\"/organizations/foc/\">Freedom Online Coalition</a> \
                 <span class=\"cited-kind\">(Organization)</span>"
            ),
            "{}",
            entry(&page, id)
        );
    }
    // A briefing's front matter, a wikilink.
    assert!(entry(&page, "memo").contains("Cited by 1:</span> <a href=\"/briefings/a/\">"), "{page}");
    assert!(entry(&page, "smith2020").contains("Cited by 2:</span> <a href=\"/briefings/a/\">"), "{page}");
    assert!(entry(&page, "own-spare").contains("<p class=\"cited-by\">Not cited yet.</p>"), "{page}");
}

#[test]
fn uncited_entries_of_exports_are_left_out_with_a_line_saying_how_many_and_why() {
    let page = sources_page(SITE_YAML);
    for id in ["spare1", "spare2"] {
        assert!(!page.contains(&format!("id=\"{id}\"")), "{id} is listed:\n{page}");
    }
    assert!(
        page.contains(
            "<p class=\"meta\">2 more entries of the bibliography files exported from a reference manager \
             (.bib, .json) are not listed: no page cites them.</p>"
        ),
        "{page}"
    );
    // An entry of sources.yaml is listed though nothing cites it, and one of an export that a
    // page links to, as that page's.
    assert!(page.contains("<li id=\"own-spare\">"), "{page}");
    assert!(
        entry(&page, "linked2021").contains("Cited by 1:</span> <a href=\"/briefings/b/\">Briefing b</a></p>"),
        "{page}"
    );
}

#[test]
fn sources_page_all_lists_every_entry_and_leaves_nothing_out() {
    let page = sources_page(&format!("{SITE_YAML}sources_page: all\n"));
    for id in ["spare1", "spare2"] {
        assert!(entry(&page, id).contains("<p class=\"cited-by\">Not cited yet.</p>"), "{page}");
    }
    assert!(!page.contains("not listed"), "{page}");
    assert!(page.contains("<p class=\"lede\">18 sources"), "{page}");
}

#[test]
fn a_hostile_title_author_and_publisher_are_shown_as_text() {
    let page = sources_page(SITE_YAML);
    let hostile = entry(&page, "hostile");
    assert!(
        hostile.contains(
            "<p class=\"reference\">O’Hara, &quot;Ev&lt;i&gt;l&lt;/i&gt;&quot;. n.d. \
             <i>&lt;script&gt;alert(’t’)&lt;/script&gt; &amp; &quot;Quoted&quot; Report</i>. \
             &lt;b&gt;Bold&lt;/b&gt; &amp; Co.</p>"
        ),
        "{hostile}"
    );
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<b>Bold"), "{page}");
}

#[test]
fn every_link_to_a_sources_entry_on_any_page_leads_to_an_entry_there() {
    let site = site_with_sources(SITE_YAML);
    site.build().expect_success();
    let page = site.page("sources/index.html");
    let mut checked = 0;
    for (path, bytes) in site.snapshot() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for href in hrefs(&html) {
            if let Some(id) = href.strip_prefix("/sources/#") {
                assert!(page.contains(&format!("<li id=\"{id}\">")), "{path} links {href}, which is not on the page");
                checked += 1;
            }
        }
    }
    // The reference lists of both briefings and the organization, the event's marks on the
    // timeline, the wikilink and the link.
    assert!(checked >= 17, "only {checked} links to entries");
}

#[test]
fn a_site_without_sources_says_so() {
    let site = TestSite::new().briefing("a", "", "Body.\n");
    site.build().expect_success();
    let page = site.page("sources/index.html");
    assert!(page.contains("<p>No sources yet.</p>"), "{page}");
    assert!(!page.contains("source-types"), "{page}");
}
