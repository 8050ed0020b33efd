//! The site that ships in `content/`: it checks with no error and no warning, has what the
//! briefing site must hold, and every link of the built site leads somewhere.

use crate::common;

use std::collections::{BTreeMap, HashSet};

use common::{hrefs, repository, shipped_site};

fn markdown_files(folder: &str) -> Vec<(String, String)> {
    let dir = repository().join("content").join(folder);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (p.file_stem().expect("stem").to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// The Markdown body of a content file (after the front matter).
fn body(text: &str) -> &str {
    text.splitn(3, "---\n").nth(2).unwrap_or("")
}

fn front_matter(text: &str) -> &str {
    text.split("---\n").nth(1).unwrap_or("")
}

#[test]
fn the_shipped_site_checks_with_no_error_and_no_warning() {
    let diagnostics = &shipped_site().diagnostics;
    assert!(diagnostics.is_empty(), "{}", diagnostics.render(false));
}

#[test]
fn the_shipped_site_has_what_the_briefing_site_must_hold() {
    let briefings = markdown_files("briefings");
    assert!(briefings.len() >= 8, "only {} briefings", briefings.len());
    for (slug, text) in &briefings {
        let words = body(text).split_whitespace().count();
        assert!((500..=1200).contains(&words), "{slug}: {words} words");
        let front = front_matter(text);
        for key in ["summary:", "organizations:", "topics:", "sources:", "authors:", "key_points:"] {
            assert!(front.contains(key), "{slug} has no {key}");
        }
        assert!(body(text).matches("\n## ").count() >= 2, "{slug} has too few sections");
        assert!(body(text).contains("[@"), "{slug} cites nothing inline");
        assert!(body(text).matches("[[").count() >= 3, "{slug} links too little");
    }
    assert!(markdown_files("organizations").len() >= 14);
    let topics = markdown_files("topics");
    assert!(topics.len() >= 10);
    for (slug, text) in &topics {
        assert!(body(text).split_whitespace().count() >= 40, "topic {slug} needs a real description");
    }
    let events = markdown_files("timeline");
    assert!(events.len() >= 15);
    for slug in ["about", "methodology"] {
        assert!(repository().join(format!("content/pages/{slug}.md")).is_file(), "no {slug} page");
    }
    let sources = std::fs::read_to_string(repository().join("content/sources.yaml")).expect("sources.yaml");
    assert!(sources.matches("- id:").count() >= 2);
}

#[test]
fn every_timeline_event_links_a_briefing() {
    let briefings: HashSet<String> = markdown_files("briefings").into_iter().map(|(slug, _)| slug).collect();
    for (slug, text) in markdown_files("timeline") {
        let linked = body(&text)
            .split("[[")
            .skip(1)
            .filter_map(|link| link.split([']', '|', '#']).next())
            .map(|target| target.trim_start_matches("briefing:"))
            .any(|target| briefings.contains(target));
        assert!(linked, "the event {slug} links no briefing");
    }
}

fn ids(html: &str) -> HashSet<String> {
    html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(String::from).collect()
}

/// The output file a site path names: `/briefings/a/` → `briefings/a/index.html`.
fn file_of(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

#[test]
fn every_link_of_the_built_site_leads_to_a_page_and_its_anchor() {
    let files = &shipped_site().files;
    let pages: BTreeMap<&str, String> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.as_str(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    assert!(pages.len() >= 45, "only {} pages", pages.len());
    let mut checked = 0;
    for (page, html) in &pages {
        for href in hrefs(html) {
            if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = href.split_once('#').map_or((href.as_str(), None), |(p, a)| (p, Some(a)));
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() { page.to_string() } else { file_of(path) };
            assert!(files.contains_key(&target), "{page} links {href}, but there is no {target}");
            if let (Some(anchor), Some(target_html)) = (anchor, pages.get(target.as_str())) {
                assert!(ids(target_html).contains(anchor), "{page} links {href}, but {target} has no id {anchor:?}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn no_built_page_is_a_dead_end() {
    let files = &shipped_site().files;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let main = html.split("<main").nth(1).unwrap_or("");
        assert!(
            hrefs(main).iter().any(|h| h.starts_with('/')),
            "{path} has no link to another page in its main content"
        );
    }
    assert!(repository().join("content").is_dir());
}
