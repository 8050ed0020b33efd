//! Status history: an organization's `status_history` (entries of status, date, note and
//! source, written in any order) shown on its page as a dated list with its sources as
//! citation marks, its latest entry the organization's `us_status`; with
//! `timeline_status_changes: true`, each entry on the timeline among the events and in
//! `timeline.json`; every history in `organizations.json`. The broken variants are in
//! `errors.rs` (E026, E028, E029, E041) and below.

use serde_json::Value;

use crate::common;

use common::{SITE_YAML, TestSite};

/// The front matter lines of the coalition's history: written newest first, with a note that
/// holds markup and a source.
const FOC_HISTORY: &str = "status_history:\n  - status: withdrawal-announced\n    date: 2026-01-07\n    \
                           note: \"The memo <b>withdraws</b> from 66 bodies & more.\"\n    source: memo\n  \
                           - status: member\n    date: 2011-12-09\n    note: A founding member.\n";

/// An organization with a history (and one without), an event between its two entries and
/// one on the day of the second, a briefing about it; `site_yaml` is the whole `site.yaml`.
pub(crate) fn site_with_history(site_yaml: &str) -> TestSite {
    TestSite::bare()
        .file("content/site.yaml", site_yaml)
        .sources(
            "- id: memo\n  title: \"The <i>memo</i>\"\n  publisher: Ministry\n  date: 2026\n- id: report\n  title: A report\n  publisher: Ministry\n  date: 2025\n",
        )
        .file(
            "content/organizations/foc.md",
            &format!("---\nname: Freedom Online Coalition\nacronym: FOC\n{FOC_HISTORY}---\n\nAbout it [@report].\n"),
        )
        .organization("unu", "United Nations University", "us_status: member\n")
        .event("founded", "2011-12-09", "organizations: [foc]\n", "Founded in The Hague.\n")
        .event("memo-out", "2026-01-07", "organizations: [foc, unu]\n", "The memo is out.\n")
        .event("middle", "2020", "organizations: [unu]\n", "Something in between.\n")
        .briefing("exit", "summary: The exit.\norganizations: [foc, unu]\nsources: [memo]\n", "Text.\n")
}

/// `site.yaml` with status changes on the timeline.
pub(crate) fn with_changes_on_the_timeline() -> String {
    format!("{SITE_YAML}timeline_status_changes: true\n")
}

#[test]
fn the_organization_page_shows_the_history_oldest_first_with_its_sources_as_marks() {
    let site = site_with_history(SITE_YAML);
    site.build().expect_clean();
    let page = site.page("organizations/foc/index.html");
    let at = page.find(r#"<section class="status-history" aria-labelledby="status-history">"#).expect("the section");
    let section = &page[at..at + page[at..].find("</section>").expect("its end")];
    assert_eq!(
        section,
        "<section class=\"status-history\" aria-labelledby=\"status-history\">\n\
         <h2 id=\"status-history\">Status history</h2>\n<ol class=\"status-changes\">\n\
         <li class=\"status-change\"><p class=\"status-change-head\"><span><time datetime=\"2011-12-09\">December 9, 2011</time></span> \
         <span class=\"status status-green\"><span class=\"status-icon\" aria-hidden=\"true\">✓</span>Member</span>\n</p>\n\
         <p class=\"status-change-note\">A founding member.</p></li>\n\
         <li class=\"status-change\"><p class=\"status-change-head\"><span><time datetime=\"2026-01-07\">January 7, 2026</time> \
         <span class=\"citation\"><a href=\"#ref_2\" title=\"The &lt;i&gt;memo&lt;/i&gt;\">(“The &lt;i&gt;memo&lt;/i&gt;” 2026)</a></span></span> \
         <span class=\"status status-orange\"><span class=\"status-icon\" aria-hidden=\"true\">↘</span>Withdrawal announced</span>\n</p>\n\
         <p class=\"status-change-note\">The memo &lt;b&gt;withdraws&lt;/b&gt; from 66 bodies &amp; more.</p></li>\n</ol>\n"
    );
    // The history's source joins the page's references after the text's, and the mark leads there.
    assert!(page.contains(r#"<li id="ref_1"><span class="reference">“A Report.” 2025. Ministry."#), "{page}");
    assert!(
        page.contains(r#"<li id="ref_2"><span class="reference">“The &lt;i&gt;memo&lt;/i&gt;.” 2026. Ministry."#),
        "{page}"
    );
    // The latest entry is the status, in the header and the facts.
    assert!(page.contains("Withdrawal announced</span>\n <span class=\"meta\">since <time datetime=\"2026-01-07\">"));
    let index = site.page("organizations/index.html");
    assert!(index.contains(r#"<h2 id="status-withdrawal-announced""#), "grouped by the latest status");
    // No empty section without a history, and the sources page counts the organization as citing.
    assert!(!site.page("organizations/unu/index.html").contains("status-history"));
    let sources = site.page("sources/index.html");
    let memo = &sources[sources.find(r#"id="memo""#).expect("the memo")..];
    assert!(memo[..memo.find("</ul>").expect("its end")].contains("/organizations/foc/"), "{memo}");
}

#[test]
fn the_timeline_leaves_status_changes_out_unless_the_setting_is_on() {
    let site = site_with_history(SITE_YAML);
    site.build().expect_clean();
    let timeline = site.page("timeline/index.html");
    assert!(!timeline.contains("status-change"));
    assert!(timeline.contains("<p class=\"lede\">3 events, earliest first."));
    let export: Value = serde_json::from_str(&site.page("timeline.json")).expect("JSON");
    assert!(export.get("status_changes").is_none());
}

#[test]
fn with_the_setting_on_each_change_is_a_timeline_entry_among_the_events_by_date() {
    let site = site_with_history(&with_changes_on_the_timeline());
    site.build().expect_clean();
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains("<p class=\"lede\">3 events and 2 changes of U.S. status, earliest first."));
    // In date order; on one day, the events first.
    let entries: Vec<&str> = timeline
        .split("<li class=\"event")
        .skip(1)
        .map(
            |e| if e.starts_with(" status-change") { "change" } else { &e[e.find("id=\"").expect("an id") + 4..][..8] },
        )
        .collect();
    assert_eq!(entries, ["founded\"", "change", "middle\" ", "memo-out", "change"]);
    let change = &timeline[timeline.rfind("<li class=\"event status-change\"").expect("a change")..];
    let change = &change[..change.find("</li>").expect("its end")];
    assert_eq!(
        change,
        "<li class=\"event status-change\" data-organizations=\"foc \">\n\
         <p class=\"event-date\"><time datetime=\"2026-01-07\">January 7, 2026</time></p>\n<div class=\"event-body\">\n\
         <h3 class=\"event-title\"><span class=\"status-change-label\">Status change:</span> \
         <a href=\"/organizations/foc/\">Freedom Online Coalition</a></h3>\n\
         <p class=\"status-line\">U.S. status from this day: <span class=\"status status-orange\">\
         <span class=\"status-icon\" aria-hidden=\"true\">↘</span>Withdrawal announced</span>\n</p>\n\
         <p class=\"status-change-note\">The memo &lt;b&gt;withdraws&lt;/b&gt; from 66 bodies &amp; more.</p>\n\
         <p class=\"event-sources\">Source: <a href=\"/sources/#memo\">The &lt;i&gt;memo&lt;/i&gt;</a></p>\n</div>\n"
    );
    // The organization filter offers the organization of a change.
    assert!(timeline.contains(r#"<option value="foc">Freedom Online Coalition</option>"#));
    // No id of a change could meet an event's: changes have none.
    assert!(!timeline.contains("status-change\" id="));

    let export: Value = serde_json::from_str(&site.page("timeline.json")).expect("JSON");
    let changes = export["status_changes"].as_array().expect("the changes");
    let summary: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| (c["date"].as_str().unwrap(), c["organization"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(summary, [("2011-12-09", "foc", "member"), ("2026-01-07", "foc", "withdrawal-announced")]);
    assert_eq!(changes[1]["note"], "The memo <b>withdraws</b> from 66 bodies & more.");
    assert_eq!(changes[1]["source"], "memo");
    assert_eq!(changes[1]["url"], "https://example.org/organizations/foc/");
    assert_eq!(changes[0]["source"], Value::Null);
    assert_eq!(export["events"].as_array().map(Vec::len), Some(3), "the events stay as they were");
}

#[test]
fn a_descending_timeline_puts_the_latest_change_first() {
    let site = site_with_history(&format!("{}timeline_order: descending\n", with_changes_on_the_timeline()));
    site.build().expect_clean();
    let timeline = site.page("timeline/index.html");
    let first_change = timeline.find("status-change\"").expect("a change");
    assert!(timeline[first_change..].find("2026-01-07").expect("the latest") < 200);
    assert!(timeline.find("id=\"memo-out\"").expect("the event") < first_change, "the event of the day first");
    let export: Value = serde_json::from_str(&site.page("timeline.json")).expect("JSON");
    assert_eq!(export["status_changes"][0]["date"], "2026-01-07");
}

#[test]
fn organizations_json_carries_each_history_and_keeps_us_status() {
    let site = site_with_history(SITE_YAML);
    site.build().expect_clean();
    let export: Value = serde_json::from_str(&site.page("organizations.json")).expect("JSON");
    let orgs = export["organizations"].as_array().expect("organizations");
    let foc = orgs.iter().find(|o| o["slug"] == "foc").expect("foc");
    assert_eq!(foc["us_status"], "withdrawal-announced");
    assert_eq!(foc["us_status_date"], "2026-01-07");
    assert_eq!(
        foc["status_history"],
        serde_json::json!([
            { "status": "member", "status_label": "Member", "date": "2011-12-09", "note": "A founding member.", "source": null },
            { "status": "withdrawal-announced", "status_label": "Withdrawal announced", "date": "2026-01-07",
              "note": "The memo <b>withdraws</b> from 66 bodies & more.", "source": "memo" },
        ])
    );
    let unu = orgs.iter().find(|o| o["slug"] == "unu").expect("unu");
    assert_eq!((&unu["us_status"], &unu["status_history"]), (&Value::from("member"), &serde_json::json!([])));
    // Escaped as the exports are: no `<` in the file.
    assert!(!site.page("organizations.json").contains('<'));
}

#[test]
fn us_status_may_repeat_the_latest_entry_and_is_optional_with_a_history() {
    let agreeing = format!("us_status: withdrawal-announced\nus_status_date: 2026-01-07\n{FOC_HISTORY}");
    let site = site_with_history(SITE_YAML).organization("foc", "Freedom Online Coalition", &agreeing);
    site.build().expect_success();
    let late = format!("us_status_date: 2026-02-01\n{FOC_HISTORY}");
    let site = site_with_history(SITE_YAML).organization("foc", "Freedom Online Coalition", &late);
    site.build()
        .expect_failure()
        .expect_report("error[E028]: content/organizations/foc.md:3:17: `us_status_date: 2026-02-01` disagrees with the latest entry of `status_history` (line 5, 2026-01-07)")
        .expect_report("help: remove `us_status_date` (it is taken from the history), or correct the date of the entry");
}

#[test]
fn each_broken_entry_is_reported_at_its_own_line_and_the_rest_still_read() {
    let history = "status_history:\n  - status: withdrawl\n    date: 2026-01-07\n  - date: 2026-02-30\n    status: member\n  \
                   - status: member\n    dat: 2011-12-09\n    sorce: memo\n  - note: nothing else\n";
    let site = site_with_history(SITE_YAML).organization("foc", "Freedom Online Coalition", history);
    let build = site.build();
    build
        .expect_failure()
        .expect_report("error[E015]: content/organizations/foc.md:4:13: unknown value `withdrawl`")
        .expect_report("help: did you mean `withdrawn`?")
        .expect_report("error[E015]: content/organizations/foc.md:6:11: invalid date `2026-02-30`")
        .expect_report("error[E013]: content/organizations/foc.md:9:5: unknown key `dat`")
        .expect_report("help: did you mean `date`?")
        .expect_report("error[E013]: content/organizations/foc.md:10:5: unknown key `sorce`")
        .expect_report("help: did you mean `source`?")
        .expect_report("error[E014]: content/organizations/foc.md:11:3: missing required key `status`")
        .expect_report("error[E014]: content/organizations/foc.md:11:3: missing required key `date`")
        .expect_report("help: add a line `  status: …` to this entry, lined up with its other keys");
    // A misspelt `dat` is not also reported missing.
    assert!(!build.report.contains("foc.md:8:3: missing required key `date`"), "{}", build.report);
    assert_eq!(build.diagnostics.error_count(), 6, "{}", build.report);
}

#[test]
fn hostile_histories_are_refused_or_shown_escaped() {
    // Not a list; an empty list; a flow list; odd Unicode and a huge note.
    let site = site_with_history(SITE_YAML).organization("foc", "F", "status_history: withdrawn\n");
    site.build()
        .expect_failure()
        .expect_report("error[E026]: content/organizations/foc.md:3:17: `status_history` is a list of entries, each starting with `- `");
    let site = site_with_history(SITE_YAML).organization("foc", "F", "status_history: []\nus_status: member\n");
    site.build().expect_success();
    assert!(!site.page("organizations/foc/index.html").contains("status-history"));
    let flow = "status_history: [{status: withdrawn, date: 2026-01-20, note: \"\u{202e}RTL \u{200b}zero-width — “quotes” 🏳️‍🌈\"}]\n";
    let site = site_with_history(&with_changes_on_the_timeline()).organization("foc", "F", flow);
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    assert!(page.contains("<p class=\"status-change-note\">\u{202e}RTL \u{200b}zero-width — “quotes” 🏳️‍🌈</p>"));
    let flow_bad = "status_history: [{status: withdrawn, date: 2026-01-20, nope: 1}]\n";
    let site = site_with_history(SITE_YAML).organization("foc", "F", flow_bad);
    site.build().expect_failure().expect_report("error[E013]: content/organizations/foc.md:3:17: unknown key `nope`");
    let huge = "x".repeat(40_000);
    let site = site_with_history(SITE_YAML).organization(
        "foc",
        "F",
        &format!("status_history:\n  - status: withdrawn\n    date: 2026-01-20\n    note: {huge}\n"),
    );
    site.build().expect_success();
    assert!(site.page("organizations/foc/index.html").contains(&huge));
}

#[test]
fn a_history_entry_without_a_source_has_no_mark_and_sources_are_counted_once() {
    let history = "status_history:\n  - status: member\n    date: 2011-12-09\n    source: report\n  \
                   - status: withdrawn\n    date: 2026-01-20\n    source: report\n";
    let site = site_with_history(SITE_YAML).organization("foc", "Freedom Online Coalition", history);
    site.build().expect_success();
    let page = site.page("organizations/foc/index.html");
    assert_eq!(page.matches("<li id=\"ref_").count(), 1, "one source, one reference");
    assert_eq!(page.matches("<span class=\"citation\"><a href=\"#ref_1\"").count(), 2);
}

/// In Chromium: the timeline's filter counts entries (not events) and an organization's
/// filter keeps its status changes; at 390 px neither page scrolls sideways, even with a
/// note that is one long word.
#[test]
fn in_a_browser_the_filter_counts_entries_and_narrow_screens_do_not_scroll_sideways() {
    let Some(mut browser) = common::browser::Browser::launch() else { return };
    let long_word = format!("Long{}", "x".repeat(120));
    let site = site_with_history(&with_changes_on_the_timeline()).organization(
        "cdt",
        "Center for Democracy & Technology",
        &format!("status_history:\n  - status: not-a-membership\n    date: 2025-05-01\n    note: {long_word}\n"),
    );
    let preview = common::serve::Preview::start(site.root(), &[]);
    browser.open(&preview.url("/timeline/"));
    let count = "document.querySelector('.filter-count').textContent";
    assert!(
        browser.wait_for(&format!("{count} === '6 entries.'"), std::time::Duration::from_secs(20)),
        "{}",
        browser.eval(count)
    );
    browser.open(&preview.url("/timeline/?organization=unu"));
    assert!(browser.wait_for(&format!("{count} === 'Showing 2 of 6 entries.'"), std::time::Duration::from_secs(20)));
    let shown = "Array.from(document.querySelectorAll('.status-change')).filter(e => !e.hidden).length";
    assert_eq!(browser.eval(shown), serde_json::json!(0));
    browser.open(&preview.url("/timeline/?organization=foc"));
    assert!(browser.wait_for(&format!("{count} === 'Showing 4 of 6 entries.'"), std::time::Duration::from_secs(20)));
    assert_eq!(browser.eval(shown), serde_json::json!(2));
    browser.viewport(390, 800);
    for page in ["/timeline/", "/organizations/cdt/", "/organizations/foc/"] {
        browser.open(&preview.url(page));
        let width = browser.eval("document.documentElement.scrollWidth");
        assert!(width.as_u64().is_some_and(|w| w <= 390), "{page} is {width} px wide at 390 px");
    }
}

#[test]
fn entries_at_the_key_s_indentation_and_with_crlf_lines_are_read_at_their_lines() {
    let history = "status_history:\n- status: member\n  date: 2011-12-09\n- status: withdrawn\n  date: 2026-12-09\n  sourc: memo\n";
    let site = site_with_history(SITE_YAML).organization("foc", "F", history);
    site.build()
        .expect_failure()
        .expect_report("error[E013]: content/organizations/foc.md:8:3: unknown key `sourc`")
        .expect_report("help: did you mean `source`?");
    let crlf = "---\r\nname: F\r\nstatus_history:\r\n  - status: member\r\n    date: 2011-12-09\r\n  - status: withdrawn\r\n    \
                date: 2011-12-09\r\n---\r\n\r\nAbout.\r\n";
    let site = site_with_history(SITE_YAML).file("content/organizations/foc.md", crlf);
    site.build()
        .expect_failure()
        .expect_report(
            "error[E029]: content/organizations/foc.md:7:11: two entries of `status_history` are dated 2011-12-09",
        )
        .expect_report("help: the entry on line 4 says `member` on that day, this one `withdrawn`");
}
