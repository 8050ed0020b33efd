//! The bibliography's files: `content/sources.yaml`, `content/*.bib` and `content/*.json`
//! (CSL-JSON), alone or together, each entry cited by its key; a broken entry is one error at
//! its place and the others stay citable; an entry a reader cannot find again (no address, no
//! DOI, not both a publisher and a date) is a warning at its key (W070), unless its `note:`
//! says where a copy of a source that is not public is held, which is shown on the pages.

use crate::common;

use common::TestSite;

/// Also the start of the sources page's fixture (`sources_page.rs`).
pub(crate) const BIB: &str = "\
@report{fh2025,
  author = {{Freedom House}},
  title = {Freedom in the World 2025},
  institution = {Freedom House},
  date = {2025-02},
  url = {https://freedomhouse.org/report/freedom-world},
}

@article{smith2020,
  author = {Smith, Jane},
  title = {Sanctions and Their Limits},
  journal = {Foreign Affairs},
  year = {2020},
  doi = {10.1000/xyz123},
}
";

const CSL_JSON: &str = r#"[
  {
    "id": "http://zotero.org/users/1/items/ABCD",
    "citation-key": "venice2024",
    "type": "report",
    "title": "Report on Spyware",
    "author": [{"literal": "Venice Commission"}],
    "publisher": "Council of Europe",
    "issued": {"date-parts": [[2024, 3]]}
  }
]
"#;

/// A site whose briefing cites `ids`, with no `sources.yaml` of its own.
fn citing(ids: &str) -> TestSite {
    TestSite::new().briefing("a", "summary: \"A claim.\"\n", &format!("Claim [{ids}].\n"))
}

#[test]
fn a_bib_file_alone_is_the_bibliography() {
    let site = citing("@fh2025; @smith2020").file("content/refs.bib", BIB);
    site.check().expect_clean();
    site.build().expect_success();
    let page = site.page("sources/index.html");
    assert!(page.contains("Freedom in the World 2025") && page.contains("Sanctions and Their Limits"), "{page}");
}

#[test]
fn a_csl_json_file_alone_is_the_bibliography_and_keeps_the_citation_key() {
    let site = citing("@venice2024").file("content/zotero.json", CSL_JSON);
    site.check().expect_clean();
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(page.contains("Report on Spyware"), "{page}");
}

#[test]
fn sources_yaml_a_bib_and_a_json_are_read_together() {
    let site = citing("@own; @fh2025; @venice2024")
        .sources("- id: own\n  title: Our Own Note\n  url: https://example.org/note\n")
        .file("content/refs.bib", BIB)
        .file("content/zotero.json", CSL_JSON);
    let build = site.check();
    build.expect_clean();
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    for title in ["Our Own Note", "Freedom in the World 2025", "Report on Spyware"] {
        assert!(page.contains(title), "{title} missing: {page}");
    }
}

#[test]
fn a_broken_bib_entry_is_one_error_and_the_next_entry_is_still_cited() {
    let broken = BIB.replace("title = {Freedom in the World 2025},", "title = {Freedom in the World 2025,");
    let site = citing("@smith2020").file("content/refs.bib", &broken);
    let build = site.check();
    build.expect_failure().expect_report(
        "error[E070]: content/refs.bib:1:1: this BibTeX entry cannot be read: it does not close before the next entry",
    );
    assert_eq!(build.diagnostics.error_count(), 1, "{}", build.diagnostics.render(false));
}

#[test]
fn a_broken_csl_json_item_is_one_error_and_the_other_items_are_still_cited() {
    let json = CSL_JSON.replace("[\n  {", "[\n  {\"title\": \"no id\"},\n  {");
    let site = citing("@venice2024").file("content/zotero.json", &json);
    let build = site.check();
    build
        .expect_failure()
        .expect_report("error[E071]: content/zotero.json:2:3: this CSL-JSON item cannot be read: it has no `id`");
    assert_eq!(build.diagnostics.error_count(), 1, "{}", build.diagnostics.render(false));
}

#[test]
fn a_csl_json_file_that_is_not_an_array_is_one_error_where_it_goes_wrong() {
    let site = citing("@venice2024").file("content/zotero.json", "{\"items\": []}\n");
    let build = site.check();
    build.expect_failure().expect_report("error[E071]: content/zotero.json:1:1: this is not a CSL-JSON array");
}

#[test]
fn a_key_in_two_files_is_one_error_naming_both_places() {
    let json = CSL_JSON.replace("venice2024", "fh2025");
    let site = citing("@fh2025").file("content/refs.bib", BIB).file("content/zotero.json", &json);
    let build = site.check();
    build
        .expect_failure()
        .expect_report("error[E022]: content/zotero.json:4:22: the source id `fh2025` is used twice")
        .expect_report("help: it is first at content/refs.bib:1:9");
    assert_eq!(build.diagnostics.error_count(), 1, "{}", build.diagnostics.render(false));
}

#[test]
fn a_not_public_source_with_a_note_has_the_note_shown() {
    let site = citing("@memo")
        .sources("- id: memo\n  title: An Internal Memo\n  note: Not published; a copy is held by the authors\n");
    site.check().expect_clean();
    site.build().expect_success();
    let briefing = site.page("briefings/a/index.html");
    assert!(briefing.contains("Not public: Not published; a copy is held by the authors"), "{briefing}");
    let sources = site.page("sources/index.html");
    assert!(
        sources.contains("<strong>Not public:</strong> Not published; a copy is held by the authors</p>"),
        "{sources}"
    );
}

#[test]
fn an_uncited_entry_of_a_bib_export_is_no_warning() {
    // A reference manager's export holds more than the site cites (W054 is for sources.yaml).
    let bib = format!("{BIB}\n@book{{spare, title = {{Uncited}}, url = {{https://example.org/spare}}}}\n");
    citing("@fh2025; @smith2020").file("content/refs.bib", &bib).check().expect_clean();
}

#[test]
fn an_address_in_a_bib_that_is_not_a_web_address_is_an_error_at_the_key() {
    let bib = BIB.replace("url = {https://freedomhouse.org/report/freedom-world}", "url = {freedomhouse.org}");
    let build = citing("@fh2025").file("content/refs.bib", &bib).check();
    build.expect_failure().expect_report("error[E015]: content/refs.bib:1:9: `freedomhouse.org` is not a web address");
    assert_eq!(build.diagnostics.error_count(), 1, "{}", build.report);
}

/// Each diagnostic as `CODE file:line:col message`, then its help.
fn reported(build: &common::Build) -> Vec<String> {
    build
        .diagnostics
        .iter()
        .flat_map(|d| [format!("{} {} {}", d.code, d.position(), d.message), d.help.clone().unwrap_or_default()])
        .collect()
}

#[test]
fn an_entry_a_reader_cannot_find_again_is_a_warning_at_its_key_in_each_format() {
    let site = citing("@memo; @bare; @undated; @item")
        .sources("- id: memo\n  title: A Memo\n  publisher: Ministry of Foreign Affairs\n")
        .file("content/refs.bib", "@report{bare,\n  title = {A Report},\n}\n\n@book{undated,\n  title = {A Book},\n  publisher = {A Press},\n}\n")
        .file("content/zotero.json", "[\n  {\"id\": \"item\", \"title\": \"A Page\", \"issued\": {\"date-parts\": [[2024]]}}\n]\n");
    let build = site.check();
    build.expect_success();
    assert_eq!(
        reported(&build),
        [
            "W070 content/refs.bib:1:9 a reader cannot find the source `bare` again: it has no `url`, `doi`, `publisher` or `date`",
            "add its `url`, its `doi`, or its `publisher` and `date`; a source that is not public can go in sources.yaml instead, with a `note:` saying where a copy is held",
            "W070 content/refs.bib:5:7 a reader cannot find the source `undated` again: it has no `url`, `doi` or `date`",
            "add its `url`, its `doi`, or its `publisher` and `date`; a source that is not public can go in sources.yaml instead, with a `note:` saying where a copy is held",
            "W070 content/sources.yaml:1:7 a reader cannot find the source `memo` again: it has no `url`, `doi` or `date`",
            "add its `url:`, its `doi:`, or its `publisher:` and `date:`; for a source that is not public, a `note:` saying where a copy is held",
            "W070 content/zotero.json:2:11 a reader cannot find the source `item` again: it has no `URL`, `DOI` or `publisher`",
            "add its `URL`, its `DOI`, or its `publisher` and `issued`; a source that is not public can go in sources.yaml instead, with a `note:` saying where a copy is held",
        ]
    );
    // A warning keeps the entry: the build succeeds and cites all four.
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    for title in ["A Memo", "A Report", "A Book", "A Page"] {
        assert!(page.contains(title), "{title} missing: {page}");
    }
}

#[test]
fn an_address_a_doi_or_a_publisher_and_date_is_enough_to_find_an_entry_again() {
    let site = citing("@by-url; @by-date; @bydoi; @byurl")
        .sources(
            "- id: by-url\n  title: A\n  url: https://example.org/a\n- id: by-date\n  title: B\n  publisher: P\n  date: 2024-05\n",
        )
        .file("content/refs.bib", "@article{bydoi,\n  title = {C},\n  doi = {10.1000/c},\n}\n")
        .file("content/zotero.json", "[{\"id\": \"byurl\", \"title\": \"D\", \"URL\": \"https://example.org/d\"}]\n");
    site.check().expect_clean();
}
