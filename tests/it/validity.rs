//! Every page of the shipped site passes the Nu HTML Checker, and the feed is valid Atom.
//!
//! The checker is `vnu.jar` from the npm package `vnu-jar`, run with the machine's Java
//! (`.ci/run` installs it and sets `BRIEF_VNU_JAR`). Where it is missing, the test prints a
//! notice and passes, except in CI.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::browser::in_ci;
use common::{repository, shipped_site};
use quick_xml::Reader;
use quick_xml::events::Event;

fn vnu_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BRIEF_VNU_JAR").map(PathBuf::from),
        Some(repository().join("node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    let jar = candidates.into_iter().flatten().find(|p| p.is_file());
    let java = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    match jar {
        Some(jar) if java => Some(jar),
        _ => {
            assert!(!in_ci(), "the Nu HTML Checker (vnu.jar and java) is missing and CI=true: .ci/run must install it");
            eprintln!(
                "note: skipping HTML validation: install the npm package vnu-jar and Java, and set BRIEF_VNU_JAR"
            );
            None
        }
    }
}

#[test]
fn every_shipped_page_passes_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let dir = tempfile::tempdir().expect("temporary folder");
    let public = dir.path().join("public");
    for (path, bytes) in &shipped_site().files {
        let file = public.join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("create folders");
        std::fs::write(file, bytes).expect("write the built site");
    }
    let pages = common::snapshot(&public).into_keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages >= 45, "only {pages} pages");
    assert_nu_valid(&jar, &public);
}

/// The pages the shipped site does not have: authors, their index, bylines, key points.
#[test]
fn the_pages_of_authors_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::authors::site_with_authors();
    site.build().expect_success();
    assert_nu_valid(&jar, &site.path("public"));
}

/// Updates and corrections, the corrections page and series numbers.
#[test]
fn pages_with_changes_and_series_numbers_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::changes::site_with_changes();
    site.build().expect_success();
    assert_nu_valid(&jar, &site.path("public"));
}

/// Figures, embeds and links to them, with hostile text in captions and titles.
#[test]
fn pages_with_figures_and_embeds_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::figures::site_with_figures();
    site.build().expect_success();
    assert_nu_valid(&jar, &site.path("public"));
}

/// An organization's status history, and status changes among the events on the timeline.
#[test]
fn pages_with_a_status_history_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::status_history::site_with_history(&crate::status_history::with_changes_on_the_timeline());
    site.build().expect_success();
    assert!(site.page("timeline/index.html").contains("status-change"));
    assert_nu_valid(&jar, &site.path("public"));
}

/// A site with another vocabulary and language: its status's badges and filter, two
/// taxonomies' pages and filters, in French (`tests/fixtures/eu-position/`); and a site that
/// tracks no status.
#[test]
fn pages_of_another_vocabulary_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::vocabulary::eu_site();
    site.build().expect_success();
    assert!(site.page("index.html").contains("<html lang=\"fr\">"));
    assert_nu_valid(&jar, &site.path("public"));
    let plain = crate::vocabulary::site_without_a_status();
    plain.build().expect_success();
    assert_nu_valid(&jar, &plain.path("public"));
}

/// Notes, their marks and links back, in a briefing and in an event's text on the timeline.
#[test]
fn pages_with_notes_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = super::popovers::site();
    let dir = tempfile::tempdir().expect("temporary folder");
    site.build_to(&site.options(), dir.path()).expect_success();
    assert!(
        std::fs::read_to_string(dir.path().join("timeline/index.html"))
            .expect("the timeline")
            .contains("signed--notes")
    );
    assert_nu_valid(&jar, dir.path());
}

/// Tables from data: captions, header cells, row headers, the scroll box, an event's table on
/// the timeline.
#[test]
fn pages_with_tables_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = super::data_tables::site_with_tables();
    let dir = tempfile::tempdir().expect("temporary folder");
    site.build_to(&site.options(), dir.path()).expect_success();
    assert!(
        std::fs::read_to_string(dir.path().join("timeline/index.html"))
            .expect("the timeline")
            .contains("class=\"table-caption\"")
    );
    assert_nu_valid(&jar, dir.path());
}

/// The sources page with sources of every type, links to DOIs and archived copies, a note,
/// hostile text, and the reference lists of the pages that cite them.
#[test]
fn pages_with_sources_of_every_type_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::sources_page::site_with_sources(common::SITE_YAML);
    site.build().expect_success();
    assert!(site.page("sources/index.html").contains("type-court-case"));
    assert_nu_valid(&jar, &site.path("public"));
}

/// "How to cite this briefing" with two authors, none, a series number and a hostile title.
#[test]
fn pages_that_say_how_to_cite_them_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = super::how_to_cite::site_citing_itself();
    site.build().expect_success();
    assert!(site.page("briefings/hostile/index.html").contains("class=\"how-to-cite\""));
    assert_nu_valid(&jar, &site.path("public"));
}

/// A site in French: `lang="fr"`, its strings in attributes and in the script's JSON, French
/// dates in `<time>` elements.
#[test]
fn the_pages_of_a_site_in_french_pass_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else { return };
    let site = crate::languages::site_in_french();
    assert!(site.page("index.html").contains("<html lang=\"fr\">"));
    assert_nu_valid(&jar, &site.path("public"));
}

/// Runs the Nu checker over every HTML file under `folder`; fails with its report.
fn assert_nu_valid(jar: &std::path::Path, folder: &std::path::Path) {
    let result = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(folder)
        .output()
        .expect("run vnu");
    let report = String::from_utf8_lossy(&result.stderr).into_owned() + &String::from_utf8_lossy(&result.stdout);
    // The one message let through: Nu's own default reports it as a warning ("Potentially bad
    // value"), and `--errors-only` as an error. A frame with both `allow-scripts` and
    // `allow-same-origin` could lift its own sandbox if it were of the page's origin; embeds
    // are frames of other hosts only (the link stage refuses the site's own, E054), and
    // YouTube, Vimeo and the chart hosts do not work without their own origin.
    let errors: Vec<&str> = report
        .lines()
        .filter(|line| !line.trim().is_empty())
        .filter(|line| !line.contains("Setting both “allow-scripts” and “allow-same-origin” is not recommended"))
        .collect();
    assert!(errors.is_empty(), "the Nu checker found errors:\n{}", errors.join("\n"));
}

/// An element of an XML document: its path (`feed/entry/title`), text and attributes.
type Element = (String, String, BTreeMap<String, String>);

/// The elements of an XML document, or the parse error.
fn elements(xml: &str) -> Result<Vec<Element>, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut found: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                stack.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                found.push((stack.join("/"), String::new(), attributes(&e)));
            }
            Event::Empty(e) => {
                let path = format!("{}/{}", stack.join("/"), String::from_utf8_lossy(e.name().as_ref()));
                found.push((path, String::new(), attributes(&e)));
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?.into_owned();
                let text = quick_xml::escape::unescape(&text).map_err(|e| e.to_string())?.into_owned();
                if let Some(last) = found.iter_mut().rev().find(|(p, _, _)| *p == stack.join("/")) {
                    last.1.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let text = quick_xml::escape::unescape(&format!("&{name};")).map_err(|e| e.to_string())?.into_owned();
                if let Some(last) = found.iter_mut().rev().find(|(p, _, _)| *p == stack.join("/")) {
                    last.1.push_str(&text);
                }
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

fn attributes(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            (key, a.unescape_value().map(|v| v.into_owned()).unwrap_or_default())
        })
        .collect()
}

/// RFC 3339 as Atom wants it: `2026-01-07T00:00:00Z`.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s.contains('+'))
}

#[test]
fn the_feed_is_atom_with_every_required_element() {
    let files = &shipped_site().files;
    let xml = String::from_utf8(files["atom.xml"].clone()).expect("atom.xml is UTF-8");
    let found = elements(&xml).unwrap_or_else(|e| panic!("atom.xml is not well-formed XML: {e}"));
    let get = |path: &'static str| found.iter().filter(move |(p, _, _)| p == path);
    let (_, _, feed) = get("feed").next().expect("a feed element");
    assert_eq!(feed.get("xmlns").map(String::as_str), Some("http://www.w3.org/2005/Atom"));
    for required in ["feed/id", "feed/title", "feed/updated", "feed/author/name"] {
        let (_, text, _) = get(required).next().unwrap_or_else(|| panic!("no {required}"));
        assert!(!text.trim().is_empty(), "{required} is empty");
    }
    assert!(is_rfc3339(&get("feed/updated").next().expect("updated").1));
    assert!(get("feed/link").any(|(_, _, a)| a.get("rel").map(String::as_str) == Some("self")), "no rel=self link");
    let entries = get("feed/entry").count();
    let briefings = std::fs::read_dir(repository().join("content/briefings"))
        .expect("content/briefings")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md")))
        .count();
    assert_eq!(entries, briefings, "one entry per briefing");
    for required in [
        "feed/entry/id",
        "feed/entry/title",
        "feed/entry/updated",
        "feed/entry/link",
        "feed/entry/content",
        "feed/entry/summary",
    ] {
        assert_eq!(get(required).count(), entries, "every entry needs {required}");
    }
    for (_, updated, _) in get("feed/entry/updated") {
        assert!(is_rfc3339(updated), "{updated}");
    }
    let ids: std::collections::HashSet<&String> = get("feed/entry/id").map(|(_, t, _)| t).collect();
    assert_eq!(ids.len(), entries, "entry ids must be unique");
    assert!(ids.iter().all(|id| id.starts_with("https://")), "entry ids are absolute URLs");
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).expect("sitemap.xml is UTF-8");
    elements(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));
}
