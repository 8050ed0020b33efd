//! The layout of the default theme in a real Chromium: at five widths, from a small phone to a
//! wide desktop screen, no two of a page's landmark boxes (the masthead, every navigation, the
//! main content, every named section, side columns, the footer, and the sticky contents box)
//! overlap, wherever the page is scrolled (a sticky box moves as it scrolls), and nothing makes
//! the page wider than the window. Checked on the shipped site's home page, a briefing with
//! contents and related briefings, and an organization, and on a short briefing whose contents
//! are taller than its text, with references and related briefings after it.
//!
//! Skipped with a notice where Chromium is not installed (it is in CI).

use crate::common;

use std::time::Duration;

use common::TestSite;
use common::browser::Browser;
use common::serve::Preview;

const WIDTHS: [u32; 5] = [320, 390, 768, 1400, 2560];
const HEIGHT: u32 = 900;

/// Each landmark box of the page that is shown, and each pair of them that overlaps (neither
/// holding the other), named by their tags and classes; then whether the page is wider than
/// the window. Run with the page scrolled by a third of the window at a time, to its end.
const FIND_OVERLAPS: &str = r#"(async () => {
  const selector = 'header, nav, main, aside, footer, [role=banner], [role=navigation], [role=main], ' +
    '[role=complementary], [role=contentinfo], [role=search], section[aria-labelledby], section[aria-label], .toc';
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
    (e.getAttribute('aria-labelledby') ? '[' + e.getAttribute('aria-labelledby') + ']' : '');
  // A header or footer inside an article or a section is not a landmark.
  const landmark = (e) => !(['HEADER', 'FOOTER'].includes(e.tagName) && e.parentElement.closest('article, section, aside, nav, main'));
  const boxes = [...document.querySelectorAll(selector)].filter(landmark);
  const found = [];
  const end = document.documentElement.scrollHeight - innerHeight;
  const stops = [];
  for (let y = 0; y < end; y += Math.round(innerHeight / 3)) stops.push(y);
  for (const y of stops.concat([Math.max(end, 0)])) {
    // At once: the theme scrolls smoothly where motion is not reduced.
    window.scrollTo({ top: y, behavior: 'instant' });
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const shown = boxes.map((e) => [e, e.getBoundingClientRect()]).filter(([e, r]) =>
      r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden');
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const [a, ra] = shown[i], [b, rb] = shown[j];
        if (a.contains(b) || b.contains(a)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        const pair = `${name(a)} and ${name(b)}`;
        if (w > 1 && h > 1 && !found.some((f) => f.startsWith(pair))) found.push(`${pair} overlap by ${Math.round(w)}×${Math.round(h)} px, scrolled to ${y} px`);
      }
    }
  }
  window.scrollTo({ top: 0, behavior: 'instant' });
  const wide = document.documentElement.scrollWidth;
  if (wide > innerWidth) found.push(`the page is ${wide} px wide in a window of ${innerWidth} px`);
  return found;
})()"#;

/// The shipped site's pages to check: the home page, the first briefing (by address) that has
/// contents and related briefings, and the first organization.
fn pages() -> Vec<String> {
    let files = &common::shipped_site().files;
    let page = |prefix: &str, wanted: &dyn Fn(&str) -> bool| {
        files
            .iter()
            .filter(|(path, _)| {
                path.starts_with(prefix) && path.ends_with("/index.html") && path.matches('/').count() == 2
            })
            .find(|(_, bytes)| wanted(&String::from_utf8_lossy(bytes)))
            .map(|(path, _)| format!("/{}", path.trim_end_matches("index.html")))
    };
    let briefing = page("briefings/", &|html| html.contains("with-toc") && html.contains("class=\"related\""));
    let organization = page("organizations/", &|_| true);
    let mut pages = vec!["/".to_string()];
    pages.extend(briefing.into_iter().chain(organization));
    assert_eq!(
        pages.len(),
        3,
        "the shipped site has a briefing with contents and related briefings, and an organization"
    );
    pages
}

#[test]
fn no_landmarks_overlap_at_any_width_on_the_home_briefing_and_organization_pages() {
    let Some(mut browser) = Browser::launch() else { return };
    let failures = overlaps(&mut browser, common::repository(), &pages());
    assert!(failures.is_empty(), "{} layout problems:\n{}", failures.len(), failures.join("\n"));
}

/// A briefing whose contents run longer than its text: on a wide screen the sticky box must
/// stop before the related briefings (it once covered the third card).
#[test]
fn the_contents_of_a_short_briefing_stay_clear_of_its_related_briefings() {
    let Some(mut browser) = Browser::launch() else { return };
    let headings: String = (1..=8).map(|i| format!("## Part {i}\n\nA line [@s].\n\n")).collect();
    let mut site = TestSite::new()
        .sources("- id: s\n  title: A source\n  url: https://example.com/s\n")
        .organization("o", "An Organization", "")
        .briefing("short", "organizations: [o]\n", &headings);
    for slug in ["b", "c", "d"] {
        site = site.briefing(slug, "organizations: [o]\nsummary: A briefing about the same body.\n", "Text.\n");
    }
    site.build().expect_success();
    let failures = overlaps(&mut browser, site.root(), &["/briefings/short/".to_string()]);
    assert!(failures.is_empty(), "{} layout problems:\n{}", failures.len(), failures.join("\n"));
}

/// The overlaps [`FIND_OVERLAPS`] finds on `pages` of the site at `root`, previewed, at each
/// of [`WIDTHS`].
fn overlaps(browser: &mut Browser, root: &std::path::Path, pages: &[String]) -> Vec<String> {
    let preview = Preview::start(root, &[]);
    let mut failures = Vec::new();
    for page in pages {
        for width in WIDTHS {
            browser.viewport(width, HEIGHT);
            browser.open(&preview.url(page));
            assert!(browser.wait_for("document.readyState === 'complete'", Duration::from_secs(20)));
            let found = browser.eval(FIND_OVERLAPS);
            for problem in found.as_array().cloned().unwrap_or_default() {
                failures.push(format!("{page} at {width} px: {}", problem.as_str().unwrap_or_default()));
            }
        }
    }
    failures
}

/// The check itself: a sticky box laid over a named section is found.
#[test]
fn the_overlap_check_finds_a_box_laid_over_another() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = TestSite::new().briefing("a", "", "## One\n\nText.\n\n## Two\n\nMore text.\n");
    site.write(
        "content/static/css/site.css",
        b".toc { position: fixed; top: 0; left: 0; width: 100vw; height: 100vh; }\n",
    );
    site.build().expect_success();
    let preview = Preview::start(site.root(), &[]);
    browser.viewport(1400, HEIGHT);
    browser.open(&preview.url("/briefings/a/"));
    let found = browser.eval(FIND_OVERLAPS);
    let found: Vec<&str> = found.as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    assert!(found.iter().any(|f| f.contains("nav.toc") && f.contains("header.site-header")), "{found:?}");
}
