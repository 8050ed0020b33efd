//! What a reader's browser downloads: the shipped site stays light and self-contained. CSS
//! under 30 KB and JavaScript under 20 KB in total, nothing fetched from another host (no
//! web fonts, no CDN), and no script that blocks rendering.

use crate::common;

use std::time::Duration;

use common::browser::Browser;
use common::serve::Preview;
use common::shipped_site;

const CSS_BUDGET: usize = 30 * 1024;
const JS_BUDGET: usize = 20 * 1024;

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8")
}

/// Whether `url`, as written in a page, stays on the site: a path, not `//host` or a scheme.
fn stays_on_site(url: &str) -> bool {
    !url.starts_with("//") && !url.contains("://") && !url.starts_with("data:")
}

#[test]
fn stylesheets_and_scripts_stay_within_their_budgets() {
    let files = &shipped_site().files;
    let total = |ext: &str| files.iter().filter(|(p, _)| p.ends_with(ext)).map(|(_, b)| b.len()).sum::<usize>();
    let (css, js) = (total(".css"), total(".js"));
    eprintln!("shipped site: {css} bytes of CSS, {js} bytes of JavaScript");
    assert!(css > 0 && css < CSS_BUDGET, "CSS is {css} bytes, over {CSS_BUDGET}");
    assert!(js > 0 && js < JS_BUDGET, "JavaScript is {js} bytes, over {JS_BUDGET}");
}

#[test]
fn no_page_loads_anything_from_another_host() {
    let files = &shipped_site().files;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = text(bytes);
        for (tag, attribute) in [
            ("script", "src"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("embed", "src"),
            ("object", "data"),
        ] {
            for found in common::start_tags(html, tag) {
                if let Some(url) = found.get(attribute) {
                    assert!(stays_on_site(url), "{path}: <{tag} {attribute}=\"{url}\"> loads from another host");
                }
            }
        }
        for link in common::start_tags(html, "link") {
            let rel = link.get("rel").map(String::as_str).unwrap_or_default();
            // Canonical and alternate links name the deployed address; they load nothing.
            if matches!(rel, "canonical" | "alternate") {
                continue;
            }
            let href = link.get("href").map(String::as_str).unwrap_or_default();
            assert!(stays_on_site(href), "{path}: <link rel=\"{rel}\" href=\"{href}\"> loads from another host");
        }
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".css")) {
        let css = text(bytes).to_ascii_lowercase();
        assert!(!css.contains("@import"), "{path} imports another stylesheet");
        assert!(!css.contains("@font-face"), "{path} loads a web font");
        for (at, _) in css.match_indices("url(") {
            let target = css[at + 4..].trim_start_matches(['"', '\'', ' ']);
            assert!(stays_on_site(target), "{path}: url({}) loads from another host", &target[..target.len().min(60)]);
        }
    }
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".js")) {
        let js = text(bytes);
        assert!(!js.contains("http://") && !js.contains("https://"), "{path} names another host");
    }
}

#[test]
fn no_script_blocks_rendering() {
    let files = &shipped_site().files;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for script in common::start_tags(text(bytes), "script") {
            let kind = script.get("type").map(String::as_str).unwrap_or_default();
            if kind == "application/ld+json" || kind == "application/json" {
                continue; // data, never run
            }
            assert!(script.contains_key("src"), "{path}: an inline script runs while the page is parsed");
            assert!(
                script.contains_key("defer") || script.contains_key("async") || kind == "module",
                "{path}: <script src=\"{}\"> blocks rendering (add defer)",
                script["src"]
            );
        }
    }
}

/// The same, as a browser sees it: every resource a page fetched came from the site.
#[test]
fn a_browser_fetches_nothing_from_another_host() {
    let Some(mut browser) = Browser::launch() else { return };
    let preview = Preview::start(common::repository(), &[]);
    for page in ["/", "/briefings/withdrawal-announcement/", "/organizations/foc/", "/timeline/", "/search/?q=itu"] {
        browser.open(&preview.url(page));
        if page.starts_with("/search/") {
            assert!(
                browser.wait_for("document.querySelectorAll('#search-results li').length > 0", Duration::from_secs(20))
            );
        }
        let foreign = browser.eval(
            "performance.getEntriesByType('resource').map(e => e.name).filter(u => new URL(u).origin !== location.origin)",
        );
        assert_eq!(foreign, serde_json::json!([]), "{page} fetched from another host");
        let fonts = browser.eval("[...document.fonts].filter(f => f.status === 'loaded').length");
        assert_eq!(fonts, serde_json::json!(0), "{page} loaded a web font");
    }
}
