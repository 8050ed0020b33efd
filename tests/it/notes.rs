//! Notes read like a publication's: footnotes gathered in a numbered Notes section at the end
//! of the body, after the text and before the References, each with a link back to every
//! mark; note marks are bare raised numerals, citation marks bracketed numbers; a mark keeps
//! to the word before it; a footnote reference without a note is an error where it stands.

use crate::common;

use common::TestSite;

const SOURCES: &str = "- id: a\n  title: Source A\n  url: https://example.org/a\n";

fn site() -> TestSite {
    TestSite::new().sources(SOURCES).briefing(
        "x",
        "",
        "## Background\n\nA claim [@a] with a note[^why].\n\n[^why]: Because of the memo.\n\n\
         ## Later\n\nAnother note[^more], and the first again[^why].\n\n[^more]: A second note.\n",
    )
}

#[test]
fn notes_come_after_the_text_and_before_the_references() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle} in {page}"));
    let last_paragraph = at("and the first again");
    let notes = at("<section class=\"notes\" aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes</h2>");
    let references = at("<h2 id=\"references\">References</h2>");
    assert!(last_paragraph < notes && notes < references, "{page}");
    // The notes, numbered in order of first use, in an ordered list.
    let first = at("<li id=\"fn-why\">");
    let second = at("<li id=\"fn-more\">");
    assert!(notes < first && first < second && second < references, "{page}");
    assert!(!page.contains("footnote-definition"), "no note stands under its paragraph any more");
    // The contents list the Notes before the References.
    let contents = at("<h2 id=\"contents\">Contents</h2>");
    let in_contents = at("<li><a href=\"#notes\">Notes</a></li>");
    assert!(contents < in_contents && in_contents < at("<li><a href=\"#references\">References</a></li>"), "{page}");
}

#[test]
fn a_note_used_twice_has_two_marks_with_their_own_ids_and_two_links_back() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    assert!(
        page.contains(
            "note<sup class=\"note-ref\"><a href=\"#fn-why\" id=\"noteref_1_1\" aria-label=\"Note 1\">1</a></sup>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "again<sup class=\"note-ref\"><a href=\"#fn-why\" id=\"noteref_1_2\" aria-label=\"Note 1\">1</a></sup>"
        ),
        "{page}"
    );
    assert!(page.contains("note<sup class=\"note-ref\"><a href=\"#fn-more\" id=\"noteref_2_1\""), "{page}");
    let note = &page[page.find("<li id=\"fn-why\">").expect("note 1")..];
    let note = &note[..note.find("</li>").expect("the note ends")];
    let back_1 = note.find("href=\"#noteref_1_1\"").expect(note);
    let back_2 = note.find("href=\"#noteref_1_2\"").expect(note);
    assert!(back_1 < back_2, "{note}");
    // Every id of the page once, every fragment link to an id of the page.
    let ids: Vec<&str> = page.split(" id=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or_default()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    for href in common::hrefs(&page).iter().filter_map(|h| h.strip_prefix('#')) {
        assert!(ids.contains(&href), "#{href} leads nowhere on the page");
    }
}

#[test]
fn note_marks_and_citation_marks_never_look_alike() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    // A citation reads in the line as its style writes it; a note is a raised numeral,
    // counted on its own.
    assert!(page.contains("A claim\u{a0}<span class=\"citation\">(<a href=\"#ref_1\""), "{page}");
    let note_marks: Vec<&str> = page.split("<sup class=\"note-ref\">").skip(1).collect();
    assert_eq!(note_marks.len(), 3);
    for mark in note_marks {
        let mark = &mark[..mark.find("</sup>").expect("the mark ends")];
        assert!(!mark.contains('['), "{mark}");
    }
}

#[test]
fn no_mark_is_parted_from_the_word_before_it() {
    let site = site();
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    for html in [" <sup class=\"citation\">", "\n<sup class=\"citation\">", " <sup class=\"note-ref\">"] {
        assert!(!page.contains(html), "{html:?} in {page}");
    }
}

#[test]
fn a_footnote_reference_without_a_note_is_an_error_where_it_stands() {
    let site = TestSite::new().briefing("x", "", "Text.\n\nA claim[^gone] here.\n");
    site.build().expect_failure().expect_report("content/briefings/x.md:8:8").expect_report("E033");
}

#[test]
fn a_note_no_mark_leads_to_is_a_warning_at_its_label_and_is_still_shown() {
    let site = TestSite::new().briefing("x", "", "A claim[^a].\n\n[^a]: Marked.\n\n[^Orphan]: Not marked.\n");
    let checked = site.check();
    // The fixture briefing has no summary and cites nothing: those warnings are not this test's.
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| !["W012", "W050"].contains(&d.code))
        .map(|d| format!("{} {}", d.code, d.position()))
        .collect();
    assert_eq!(found, ["W034 content/briefings/x.md:10:1"], "{:?}", checked.diagnostics);
    let warning = checked.diagnostics.iter().find(|d| d.code == "W034").expect("the warning");
    assert!(warning.message.starts_with("no `[^Orphan]` in the text marks this note"), "{}", warning.message);
    site.build().expect_success();
    assert!(site.page("briefings/x/index.html").contains("Not marked."));
}

#[test]
fn a_heading_named_notes_leaves_the_id_to_the_notes_section() {
    let site = TestSite::new().briefing("x", "", "## Notes\n\nOwn notes[^a].\n\n[^a]: A note.\n");
    site.build().expect_success();
    let page = site.page("briefings/x/index.html");
    assert!(page.contains("<h2 id=\"notes-1\">Notes</h2>") && page.contains("<h2 id=\"notes\">Notes</h2>"), "{page}");
}
