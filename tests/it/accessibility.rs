//! Accessibility of the built site, checked in a real Chromium with axe-core against WCAG 2.2
//! AA, on every page of the shipped site, in the light and the dark colour scheme (the dark
//! one by the rules about colour, since colours are all it changes).
//!
//! axe-core comes from npm (`.ci/run` installs it and sets `BRIEF_AXE_JS`). Where it or
//! Chromium is missing, the test prints a notice and passes, except in CI.

use crate::common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{Browser, in_ci};
use common::serve::Preview;

/// The path of `axe.min.js`, from `BRIEF_AXE_JS` or a local `node_modules`.
fn axe_script() -> Option<String> {
    let candidates = [
        std::env::var_os("BRIEF_AXE_JS").map(PathBuf::from),
        Some(common::repository().join("node_modules/axe-core/axe.min.js")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_file());
    match found {
        Some(path) => std::fs::read_to_string(path).ok(),
        None => {
            assert!(!in_ci(), "axe-core is missing and CI=true: .ci/run must install it and set BRIEF_AXE_JS");
            eprintln!(
                "note: skipping the accessibility audit: axe-core is not installed (npm install axe-core; set BRIEF_AXE_JS)"
            );
            None
        }
    }
}

/// Every page of the built site, as site paths.
fn site_pages() -> Vec<String> {
    let mut pages: Vec<String> = common::shipped_site()
        .files
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    pages.push("/404.html".into());
    pages.push("/search/?q=freedom+online".into());
    pages
}

#[test]
fn every_shipped_page_passes_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let failures = audit_pages(&mut browser, &axe, common::repository(), &site_pages());
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Authors' pages the shipped site does not have: one with a photo, links and an email, a
/// briefing by two authors, and recommendations beside the key points.
#[test]
fn the_pages_of_authors_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::authors::site_with_authors();
    site.build().expect_success();
    let pages = ["/authors/", "/authors/jane-doe/", "/authors/li-wei/", "/briefings/both/", "/briefings/"];
    let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// A site with another vocabulary and language (`tests/fixtures/eu-position/`, in French): its
/// badges, in each of their colours, filters, and two taxonomies' pages; and a site that
/// tracks no status.
#[test]
fn the_pages_of_another_vocabulary_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::vocabulary::eu_site();
    site.build().expect_success();
    let pages = [
        "/",
        "/organizations/",
        "/organizations/conseil-de-l-europe/",
        "/organizations/fgi/",
        "/themes/",
        "/regions/europe/",
        "/briefings/convention-ia/",
        "/search/?q=commerce",
        "/timeline/",
    ];
    let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
    let plain = crate::vocabulary::site_without_a_status();
    plain.build().expect_success();
    let pages: Vec<String> = ["/", "/organizations/", "/organizations/a/"].iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, plain.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Tables from data: a narrow one, one with an empty corner, a wide one that scrolls in its
/// box, and an event's on the timeline.
#[test]
fn pages_with_tables_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = super::data_tables::site_with_tables();
    site.write("content/data/corner.csv", b",2025,2026\nUN,1,2\n");
    site.write(
        "content/pages/corner.md",
        b"---\ntitle: Corner\n---\n\n```table\ndata: corner.csv\ncaption: A corner\nsource: Us.\n```\n",
    );
    site.build().expect_success();
    let pages: Vec<String> = ["/briefings/a/", "/timeline/", "/corner/"].iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Updates and corrections (a correction marked as one), the corrections page, series labels.
#[test]
fn pages_with_changes_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::changes::site_with_changes();
    site.build().expect_success();
    let pages = ["/briefings/fixed/", "/corrections/", "/briefings/"];
    let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// An organization's status history, and status changes among the events on the timeline.
#[test]
fn pages_with_a_status_history_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::status_history::site_with_history(&crate::status_history::with_changes_on_the_timeline());
    site.build().expect_success();
    let pages: Vec<String> = ["/organizations/foc/", "/timeline/"].iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// A briefing with figures, embeds (their frames load nothing here) and links to them.
#[test]
fn pages_with_figures_and_embeds_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::figures::site_with_figures();
    site.build().expect_success();
    let pages = ["/briefings/budget/".to_string(), "/about/".to_string()];
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// The sources page with sources of every type (DOIs, archived copies, a note, a source
/// nothing cites), and a briefing and an organization that cite them.
#[test]
fn the_sources_page_passes_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::sources_page::site_with_sources(common::SITE_YAML);
    site.build().expect_success();
    // An entry highlighted as the target of a link first: a fragment of the page already open
    // would not load it again.
    let pages = ["/sources/#smith2020", "/briefings/a/", "/organizations/foc/", "/sources/"];
    let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// A site in French: its pages, and search results the script wrote in French.
#[test]
fn the_pages_of_a_site_in_french_pass_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = crate::languages::site_in_french();
    let pages = ["/", "/briefings/retrait/", "/timeline/", "/sources/", "/organizations/foc/", "/search/?q=retrait"];
    let pages: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
    let failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Audits `pages` of the site at `root`, previewed, with axe: every rule in the light scheme,
/// the colour rules in the dark one. Gives each violation.
fn audit_pages(browser: &mut Browser, axe: &str, root: &std::path::Path, pages: &[String]) -> Vec<String> {
    let preview = Preview::start(root, &[]);
    let mut failures = Vec::new();
    // Each page is loaded once and audited in both schemes: switching the emulated scheme
    // restyles the page in place, as a reader's system setting would.
    for page in pages {
        browser.color_scheme("light");
        browser.open(&preview.url(page));
        if page.starts_with("/search/?q=") {
            assert!(
                browser.wait_for("document.querySelectorAll('#search-results li').length > 0", Duration::from_secs(20))
            );
        }
        failures.extend(audit(browser, axe, page));
    }
    failures
}

/// A page with a citation's and then a note's tooltip open (by keyboard focus), audited in
/// both schemes: the tooltip is added by the script, so no audit of the built pages sees it.
#[test]
fn an_open_citation_or_note_tooltip_passes_axe_in_both_colour_schemes() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = super::popovers::site();
    let preview = Preview::start(site.root(), &[]);
    let mut failures = Vec::new();
    // An event's notes on the timeline too, under the event's title.
    for (page, mark) in
        [("/briefings/x/", ".citation a"), ("/briefings/x/", "sup.note-ref a"), ("/timeline/", "sup.note-ref a")]
    {
        browser.color_scheme("light");
        browser.open(&preview.url(page));
        super::popovers::tab_to(&mut browser, mark);
        assert!(browser.wait_for("document.querySelector('.popover[role=tooltip]') !== null", Duration::from_secs(20)));
        failures.extend(audit(&mut browser, &axe, &format!("{page} with the tooltip of {mark} open")));
        assert_eq!(
            browser.eval("document.querySelectorAll('.popover').length"),
            serde_json::json!(1),
            "the audit closed the tooltip"
        );
    }
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// "How to cite this briefing" as built (two authors, none, a series number, a hostile
/// title), then with the Copy button clicked and its status saying so.
#[test]
fn the_how_to_cite_section_passes_axe_before_and_after_copying() {
    let Some(mut browser) = Browser::launch() else { return };
    let Some(axe) = axe_script() else { return };
    let site = super::how_to_cite::site_citing_itself();
    let pages: Vec<String> =
        ["both", "anonymous", "numbered", "hostile"].iter().map(|slug| format!("/briefings/{slug}/")).collect();
    let mut failures = audit_pages(&mut browser, &axe, site.root(), &pages);
    let preview = Preview::start(site.root(), &[]);
    browser.color_scheme("light");
    super::how_to_cite::open_with_button(&mut browser, &preview.url("/briefings/hostile/"));
    super::how_to_cite::click(&mut browser, "button.copy-citation");
    let announced = "document.querySelector('.how-to-cite [role=status]').textContent !== ''";
    assert!(browser.wait_for(announced, Duration::from_secs(20)));
    failures.extend(audit(&mut browser, &axe, "/briefings/hostile/ after Copy"));
    assert!(failures.is_empty(), "axe found {} problems:\n{}", failures.len(), failures.join("\n"));
}

/// The problems axe finds in the page as it stands, in the light scheme by every rule and in
/// the dark one by the rules about colour (the only ones a scheme can change).
fn audit(browser: &mut Browser, axe: &str, page: &str) -> Vec<String> {
    browser.eval(&format!("{axe}\n;true"));
    let every_rule =
        "{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }";
    let colour_rules = "{ type: 'rule', values: ['color-contrast', 'link-in-text-block'] }";
    let mut failures = Vec::new();
    for (scheme, rules) in [("light", every_rule), ("dark", colour_rules)] {
        browser.color_scheme(scheme);
        let scheme_applied = format!("matchMedia('(prefers-color-scheme: {scheme})').matches");
        assert!(browser.wait_for(&scheme_applied, Duration::from_secs(5)), "{page}: the {scheme} scheme did not apply");
        let result = browser.eval(&format!(
            "axe.run(document, {{ runOnly: {rules} }})\
             .then(r => r.violations.map(v => v.id + ': ' + v.help + ' → ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"
        ));
        for violation in result.as_array().cloned().unwrap_or_default() {
            failures.push(format!("{scheme} {page}: {}", violation.as_str().unwrap_or_default()));
        }
    }
    failures
}
