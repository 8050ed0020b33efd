//! The preview server in a real headless Chromium: pages update themselves when content
//! changes, keep their scroll position, show build errors in an overlay and clear it.
//! Skipped with a notice where Chromium is not installed (it is in CI).

use crate::common;

use std::time::{Duration, Instant};

use common::TestSite;
use common::browser::Browser;
use common::serve::Preview;

const WAIT: Duration = Duration::from_secs(20);

fn site() -> TestSite {
    let long_body: String = (1..=60).map(|i| format!("## Section {i}\n\nParagraph {i} of the briefing.\n\n")).collect();
    TestSite::new()
        .sources("- id: s\n  title: A source\n")
        .briefing("exit", "sources: [s]\n", "The first version of the text [@s].\n")
        .briefing("long", "sources: [s]\n", &format!("{long_body}Last line [@s].\n"))
}

fn rewrite(site: &TestSite, slug: &str, front_matter: &str, body: &str) {
    site.write(
        &format!("content/briefings/{slug}.md"),
        format!("---\ntitle: \"Briefing {slug}\"\ndate: 2026-01-07\n{front_matter}---\n\n{body}").as_bytes(),
    );
}

#[test]
fn an_edit_appears_in_the_open_page_without_a_manual_reload() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/exit/"));
    assert!(browser.text().contains("The first version of the text"));

    let saved = Instant::now();
    rewrite(&site, "exit", "sources: [s]\n", "A second version, written later [@s].\n");
    assert!(browser.wait_for("document.body.innerText.includes('A second version, written later')", WAIT));
    eprintln!("save → visible: {} ms", saved.elapsed().as_millis());
    assert!(!browser.text().contains("The first version"));
}

#[test]
fn the_reader_stays_where_they_were_scrolled() {
    let Some(mut browser) = Browser::launch_sized(1000, 700) else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/long/"));
    browser.eval("window.scrollTo(0, 1500)");
    assert!(browser.wait_for("Math.abs(window.scrollY - 1500) < 2", WAIT));

    let long_body: String = (1..=60).map(|i| format!("## Section {i}\n\nParagraph {i}, revised.\n\n")).collect();
    rewrite(&site, "long", "sources: [s]\n", &format!("{long_body}Last line [@s].\n"));
    assert!(browser.wait_for("document.body.innerText.includes('Paragraph 3, revised.')", WAIT));
    assert!(
        browser.wait_for("Math.abs(window.scrollY - 1500) < 2", WAIT),
        "scrolled to {}",
        browser.eval("window.scrollY")
    );
}

#[test]
fn broken_front_matter_shows_an_overlay_that_fixing_clears() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/exit/"));

    rewrite(&site, "exit", "organizations: [\"<b>Bad</b> slug\"]\nsources: [s]\n", "Broken now [@s].\n");
    assert!(browser.wait_for("document.getElementById('brief-error-overlay') !== null", WAIT), "no overlay");
    let overlay = browser.eval("document.getElementById('brief-error-overlay').innerText");
    let overlay = overlay.as_str().unwrap_or_default();
    assert!(overlay.contains("content/briefings/exit.md:4:18"), "{overlay}");
    assert!(overlay.contains("`<b>Bad</b> slug` in `organizations` is not a slug"), "{overlay}");
    assert_eq!(
        browser.eval("document.querySelectorAll('#brief-error-overlay b').length"),
        serde_json::json!(0),
        "markup was not escaped"
    );
    assert!(browser.text().contains("The first version of the text"), "the last good page is kept under the overlay");
    // Opaque: the page's text does not show through the messages.
    let background = browser.eval("getComputedStyle(document.getElementById('brief-error-overlay')).backgroundColor");
    assert_eq!(background.as_str(), Some("rgb(20, 20, 24)"), "the overlay's background lets the page show through");

    rewrite(&site, "exit", "sources: [s]\n", "Fixed and rebuilt [@s].\n");
    assert!(browser.wait_for("document.getElementById('brief-error-overlay') === null && document.body.innerText.includes('Fixed and rebuilt')", WAIT));
}

#[test]
fn a_stylesheet_change_is_swapped_in_without_reloading_the_page() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site().file("content/static/css/site.css", "body { background: rgb(1, 2, 3); }\n");
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/exit/"));
    browser.eval("window.__stillHere = true");
    assert_eq!(browser.eval("getComputedStyle(document.body).backgroundColor"), serde_json::json!("rgb(1, 2, 3)"));

    site.write("content/static/css/site.css", b"body { background: rgb(4, 5, 6); }\n");
    assert!(browser.wait_for("getComputedStyle(document.body).backgroundColor === 'rgb(4, 5, 6)'", WAIT));
    assert_eq!(browser.eval("window.__stillHere === true"), serde_json::json!(true), "the page was reloaded");
}

#[test]
fn a_deleted_page_turns_into_a_not_found_page_that_still_listens() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/briefings/exit/"));

    site.remove("content/briefings/exit.md");
    assert!(browser.wait_for("document.body.innerText.includes('Page not found')", WAIT));
    assert!(browser.wait_for("document.querySelector('script[src=\"/__brief/live.js\"]') !== null", WAIT));

    rewrite(&site, "exit", "sources: [s]\n", "Back again [@s].\n");
    assert!(browser.wait_for("document.body.innerText.includes('Back again')", WAIT));
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_the_site_once_fixed() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = TestSite::new().briefing("a", "date: not-a-date\n", "Body.\n");
    let preview = Preview::start(site.root(), &[]);
    browser.open(&preview.url("/"));
    assert!(browser.wait_for("document.getElementById('brief-error-overlay') !== null", WAIT));
    assert!(browser.text().contains("content/briefings/a.md"));

    site.write("content/briefings/a.md", b"---\ntitle: Fixed\ndate: 2026-01-07\n---\n\nNow it builds.\n");
    assert!(browser.wait_for(
        "document.getElementById('brief-error-overlay') === null && document.title.includes('Test Briefings')",
        WAIT
    ));
}

/// Regression: a left page kept its event stream open, and after six pages in one tab the
/// browser had no connection left to this server, so the seventh took a minute to load.
#[test]
fn a_tab_keeps_loading_pages_after_visiting_many() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let pages = ["/", "/briefings/", "/briefings/exit/", "/briefings/long/", "/sources/", "/topics/", "/timeline/"];
    for round in 0..2 {
        for page in pages {
            browser.open(&preview.url(page));
            assert!(browser.eval("location.pathname").as_str().is_some_and(|p| p == page), "round {round}: {page}");
            // Not a speed check: the bug held the request back for about a minute, waiting
            // for a free connection; without it the request goes out at once.
            let queued = browser.eval("performance.getEntriesByType('navigation')[0].requestStart");
            assert!(queued.as_f64().is_some_and(|ms| ms < 10_000.0), "round {round}: {page} waited {queued} ms");
        }
    }
}
