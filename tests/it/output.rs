//! What `brief build` writes: the same bytes for the same input, links built from the base
//! URL, the output folder, static files, and the generated feeds, sitemap and exports. The
//! output folder's flags run the binary; the rest builds in-process.

use crate::common;

use brief::load::LoadOptions;

use std::path::Path;

use common::{TestSite, hrefs, snapshot};
use quick_xml::events::Event;
use serde_json::Value;

const SOURCES: &str = "\
- id: heel-turn
  title: The Heel Turn
  publisher: Example Press
  author: A. Writer
  date: 2026-01-08
  url: https://example.org/heel-turn
- id: convention-text
  title: The Convention
  publisher: United Nations
  date: 2024-12
  url: https://un.example/convention
";

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";

/// A site with some of everything: briefings, organizations, events, topics (one described,
/// one not), sources, a free page and static files; its bodies use every kind of link.
fn rich_site(site_yaml: &str) -> TestSite {
    TestSite::new()
        .file("content/site.yaml", site_yaml)
        .sources(SOURCES)
        .organization(
            "foc",
            "Freedom Online Coalition",
            "acronym: FOC\nkind: intergovernmental coalition\nus_status: withdrawal-announced\nus_status_date: 2026-01-07\nwebsite: https://freedomonlinecoalition.com/\n",
        )
        .organization("venice-commission", "Venice Commission", "parent: Council of Europe\nus_status: member\n")
        .briefing(
            "exit",
            "updated: 2026-01-20\nsummary: \"What the exit means.\"\norganizations: [foc, venice-commission]\ntopics: [internet-governance, spyware]\nsources: [heel-turn]\n",
            "## Background\n\nThe [[foc]] is leaving [@heel-turn]. See [the commission](../organizations/venice-commission.md), \
             the [[topic:spyware]] topic, the [[withdrawal]] and [the timeline](/timeline/#withdrawal).\n\n\
             ![Logo](../static/img/logo.svg)\n\n## What changes\n\nBack to [the background](#background); \
             download [the report](/downloads/report.txt).\n",
        )
        .file(
            "content/briefings/cybercrime.md",
            "---\ntitle: \"Briefing cybercrime\"\ndate: 2025-11-30\nsummary: \"The convention.\"\norganizations: [foc]\n\
             topics: [cybercrime, spyware]\nsources: [convention-text]\n---\n\n## The treaty\n\nSee [[exit#background]] and [[convention]].\n",
        )
        .event(
            "withdrawal",
            "2026-01-07",
            "organizations: [foc, venice-commission]\ntopics: [internet-governance]\nsources: [heel-turn]\n",
            "The memorandum is signed.\n",
        )
        .event("convention", "2024-12", "organizations: [foc]\ntopics: [cybercrime]\n", "The convention is adopted.\n")
        .file("content/topics/spyware.md", "---\ntitle: Spyware\nsummary: Tools that watch.\n---\n\nAbout spyware.\n")
        .file("content/pages/about.md", "---\ntitle: About\nsummary: Who we are.\n---\n\nAbout this site. Read [[exit]].\n")
        .file("content/static/img/logo.svg", LOGO)
        .file("content/static/downloads/report.txt", "The report.\n")
}

fn site_yaml(base_url: &str) -> String {
    format!("title: Test Briefings\ndescription: Briefings for tests.\nbase_url: {base_url}\n{}", common::STATUS_YAML)
}

/// The values of every `NAME="…"` attribute in `html` (any element), in order.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            html[start..end].replace("&amp;", "&")
        })
        .collect()
}

/// The `content` of `<meta property="PROPERTY">`.
fn meta_property(html: &str, property: &str) -> Option<String> {
    let needle = format!("<meta property=\"{property}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// The `href` of `<link rel="REL" …>`.
fn link_rel(html: &str, rel: &str) -> Option<String> {
    let needle = format!("<link rel=\"{rel}\"");
    let start = html.find(&needle)?;
    let tag = &html[start..start + html[start..].find('>')?];
    attribute_values(tag, "href").into_iter().next()
}

/// An element of an XML document: its path from the root (`feed/entry/link`), attributes
/// and text.
#[derive(Debug, Default)]
struct Element {
    path: String,
    attributes: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Parses `xml`, panicking if it is not well-formed; gives every element in document order.
fn parse_xml(xml: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"));
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = String::from_utf8(e.name().as_ref().to_vec()).expect("UTF-8 name");
            let path = match open.last() {
                Some((parent, _)) => format!("{parent}/{name}"),
                None => name,
            };
            let attributes = e
                .attributes()
                .map(|a| {
                    let a = a.expect("attribute");
                    let key = String::from_utf8(a.key.as_ref().to_vec()).expect("UTF-8 key");
                    (key, a.unescape_value().expect("attribute value").into_owned())
                })
                .collect();
            elements.push(Element { path: path.clone(), attributes, text: String::new() });
            if !empty {
                open.push((path, elements.len() - 1));
            }
            continue;
        }
        match event {
            Event::End(_) => {
                open.pop().expect("an end tag closes an open element");
            }
            Event::Text(t) => {
                if let Some(&(_, i)) = open.last() {
                    elements[i].text.push_str(&t.decode().expect("text"));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&(_, i)) = open.last() {
                    let name = r.decode().expect("reference");
                    let c = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => {
                            let code = other.strip_prefix("#x").map_or_else(
                                || other.strip_prefix('#').and_then(|n| n.parse().ok()),
                                |hex| u32::from_str_radix(hex, 16).ok(),
                            );
                            let c = code.and_then(char::from_u32).unwrap_or_else(|| panic!("unknown entity &{other};"));
                            elements[i].text.push(c);
                            continue;
                        }
                    };
                    elements[i].text.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements at the end of the document");
    elements
}

fn json(site: &TestSite, file: &str) -> Value {
    serde_json::from_str(&site.page(file)).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// Whether `href` stays within a site served at `base_path`.
fn is_internal_or_allowed(href: &str, base_path: &str) -> bool {
    href.starts_with(base_path) || href.starts_with('#') || href.starts_with("https://")
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let (one, two) = (elsewhere.path().join("one"), elsewhere.path().join("two"));
    site.build_to(&site.options(), &one).expect_success();
    site.build_to(&site.options(), &two).expect_success();
    let (first, second) = (snapshot(&one), snapshot(&two));
    for file in [
        "index.html",
        "briefings/exit/index.html",
        "organizations/foc/index.html",
        "topics/spyware/index.html",
        "timeline/index.html",
        "sources/index.html",
        "about/index.html",
        "img/logo.svg",
        "atom.xml",
        "sitemap.xml",
        "search-index.json",
        "organizations.json",
        "timeline.json",
    ] {
        assert!(first.contains_key(file), "the build wrote no {file}");
    }
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (file, bytes) in &first {
        assert!(second[file] == *bytes, "{file} differs between two builds of the same site");
    }
}

#[test]
fn a_rebuild_into_the_same_folder_is_byte_identical() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let first = site.snapshot();
    site.build().expect_success();
    assert!(first == site.snapshot(), "rebuilding the same site changed public/");
}

#[test]
fn a_rebuild_writes_only_what_changed_and_removes_what_is_gone() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let unchanged = site.build();
    let stats = unchanged.expect_success().written();
    assert_eq!((stats.written, stats.removed), (0, 0), "{stats:?}");
    // A changed briefing and a deleted page: the next build rewrites the one and the pages
    // that show its title, removes the other, and ends equal to a build into an empty folder.
    let page = site.path("content/briefings/cybercrime.md");
    let text = std::fs::read_to_string(&page).expect("briefing").replacen("title: ", "title: Renamed ", 1);
    site.write("content/briefings/cybercrime.md", text.as_bytes());
    site.remove("content/pages/about.md");
    assert_eq!(site.build().expect_success().written().removed, 1);
    assert!(!site.path("public/about").exists(), "the emptied folder stays behind");
    let fresh = tempfile::tempdir().expect("folder");
    let out = fresh.path().join("out");
    assert_eq!(site.build_to(&site.options(), &out).expect_success().written().removed, 0);
    assert!(snapshot(&out) == site.snapshot(), "an incremental write differs from a build into an empty folder");
}

// ---------------------------------------------------------------------------------------------
// Base URL

#[test]
fn a_base_url_with_a_subpath_prefixes_every_internal_link() {
    let site = rich_site(&site_yaml("https://example.org/briefing/"));
    site.build().expect_success();
    for file in ["index.html", "briefings/exit/index.html", "briefings/cybercrime/index.html", "about/index.html"] {
        let html = site.page(file);
        let links = hrefs(&html);
        assert!(links.len() > 10, "{file} has too few links: {links:?}");
        for href in &links {
            assert!(is_internal_or_allowed(href, "/briefing/"), "{file}: link `{href}` ignores the base path");
        }
        for href in attribute_values(&html, "href").iter().chain(&attribute_values(&html, "src")) {
            assert!(is_internal_or_allowed(href, "/briefing/"), "{file}: `{href}` ignores the base path");
        }
        for action in attribute_values(&html, "action") {
            assert!(action.starts_with("/briefing/"), "{file}: form action `{action}` ignores the base path");
        }
    }
}

#[test]
fn a_base_url_with_a_subpath_is_used_for_body_links() {
    let site = rich_site(&site_yaml("https://example.org/briefing/"));
    site.build().expect_success();
    let links = hrefs(&site.page("briefings/exit/index.html"));
    for expected in [
        "/briefing/organizations/foc/",
        "/briefing/organizations/venice-commission/",
        "/briefing/topics/spyware/",
        "/briefing/timeline/#withdrawal",
        "/briefing/downloads/report.txt",
        "#background",
    ] {
        assert!(links.iter().any(|h| h == expected), "no link to `{expected}` in {links:?}");
    }
    let sources = attribute_values(&site.page("briefings/exit/index.html"), "src");
    assert!(sources.iter().any(|s| s == "/briefing/img/logo.svg"), "{sources:?}");
}

#[test]
fn a_base_url_with_a_subpath_gives_absolute_canonical_addresses() {
    let site = rich_site(&site_yaml("https://example.org/briefing/"));
    site.build().expect_success();
    let page = site.page("briefings/exit/index.html");
    assert_eq!(link_rel(&page, "canonical").as_deref(), Some("https://example.org/briefing/briefings/exit/"));
    assert_eq!(meta_property(&page, "og:url").as_deref(), Some("https://example.org/briefing/briefings/exit/"));
    let home = site.page("index.html");
    assert_eq!(link_rel(&home, "canonical").as_deref(), Some("https://example.org/briefing/"));
    assert_eq!(meta_property(&home, "og:url").as_deref(), Some("https://example.org/briefing/"));
    let stylesheet = link_rel(&page, "stylesheet").expect("a stylesheet link");
    assert!(stylesheet.starts_with("/briefing/css/"), "{stylesheet}");
}

#[test]
fn a_base_url_with_a_subpath_is_used_in_the_feed_sitemap_robots_and_exports() {
    let site = rich_site(&site_yaml("https://example.org/briefing/"));
    site.build().expect_success();

    let feed = parse_xml(&site.page("atom.xml"));
    let entry_ids: Vec<&str> = feed.iter().filter(|e| e.path == "feed/entry/id").map(|e| e.text.as_str()).collect();
    assert_eq!(
        entry_ids,
        ["https://example.org/briefing/briefings/exit/", "https://example.org/briefing/briefings/cybercrime/"]
    );
    let entry_links: Vec<&str> =
        feed.iter().filter(|e| e.path == "feed/entry/link").filter_map(|e| e.attribute("href")).collect();
    assert_eq!(entry_links.len(), 2);
    for href in entry_links {
        assert!(href.starts_with("https://example.org/briefing/briefings/"), "{href}");
    }
    let self_link = feed.iter().find(|e| e.path == "feed/link" && e.attribute("rel") == Some("self"));
    assert_eq!(self_link.and_then(|e| e.attribute("href")), Some("https://example.org/briefing/atom.xml"));

    let sitemap = parse_xml(&site.page("sitemap.xml"));
    let locs: Vec<&str> = sitemap.iter().filter(|e| e.path == "urlset/url/loc").map(|e| e.text.as_str()).collect();
    assert!(locs.contains(&"https://example.org/briefing/briefings/exit/"), "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with("https://example.org/briefing/"), "{loc}");
    }

    assert!(site.page("robots.txt").contains("Sitemap: https://example.org/briefing/sitemap.xml"));

    let index = json(&site, "search-index.json");
    let documents = index["documents"].as_array().expect("documents");
    assert!(!documents.is_empty());
    for document in documents {
        let url = document["url"].as_str().expect("url");
        assert!(url.starts_with("/briefing/"), "search index url `{url}`");
    }

    let organizations = json(&site, "organizations.json");
    for org in organizations["organizations"].as_array().expect("organizations") {
        let url = org["url"].as_str().expect("url");
        assert!(url.starts_with("https://example.org/briefing/organizations/"), "{url}");
    }
    let timeline = json(&site, "timeline.json");
    for event in timeline["events"].as_array().expect("events") {
        let url = event["url"].as_str().expect("url");
        assert!(url.starts_with("https://example.org/briefing/timeline/#"), "{url}");
    }
}

#[test]
fn the_base_url_flag_overrides_site_yaml() {
    let site = rich_site(&site_yaml("https://example.org/briefing/"));
    site.build_with(&LoadOptions { base_url: Some("https://other.org/x/".into()), ..site.options() }).expect_success();
    let page = site.page("briefings/exit/index.html");
    assert_eq!(link_rel(&page, "canonical").as_deref(), Some("https://other.org/x/briefings/exit/"));
    assert_eq!(meta_property(&page, "og:url").as_deref(), Some("https://other.org/x/briefings/exit/"));
    for href in hrefs(&page) {
        assert!(is_internal_or_allowed(&href, "/x/"), "link `{href}` ignores --base-url");
    }
    assert!(!page.contains("/briefing/"), "the base path of site.yaml is still used");
    assert!(site.page("robots.txt").contains("Sitemap: https://other.org/x/sitemap.xml"));
    assert!(site.page("atom.xml").contains("https://other.org/x/briefings/exit/"));
    assert!(!site.page("sitemap.xml").contains("example.org/briefing"));
}

#[test]
fn a_base_url_without_a_scheme_is_an_error() {
    let site = rich_site(&format!("title: Test Briefings\nbase_url: example.org\n{}", common::STATUS_YAML));
    let build = site.build();
    build
        .expect_failure()
        .expect_report("error[E006]: content/site.yaml:2:11: `example.org` is not a site address")
        .expect_report("help: write a full address such as `https://example.org/`");
    assert!(!site.path("public").exists(), "a failed build wrote public/");
}

#[test]
fn a_base_url_that_would_send_readers_to_another_host_or_publish_a_password_is_an_error() {
    for (url, says) in [
        ("https://example.org//cdn.evil.example/", "`//` starts another host"),
        ("https://editor:secret@example.org/", "holds a user name or password"),
    ] {
        let site = rich_site(&format!("title: Test Briefings\nbase_url: {url}\n{}", common::STATUS_YAML));
        let build = site.build();
        build.expect_failure().expect_report("error[E006]: content/site.yaml:2:11: ").expect_report(says);
        assert!(!site.path("public").exists(), "a failed build wrote public/");
    }
}

#[test]
fn a_base_url_flag_without_a_scheme_is_an_error() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let build = site.build_with(&LoadOptions { base_url: Some("example.org".into()), ..site.options() });
    build.expect_failure().expect_report("`example.org` is not a site address");
    assert!(!site.path("public").exists(), "a failed build wrote public/");
}

// ---------------------------------------------------------------------------------------------
// The output folder

#[test]
fn the_output_flag_writes_there_and_leaves_public_absent() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let elsewhere = tempfile::tempdir().expect("temporary folder");
    let out = elsewhere.path().join("deploy");
    site.build_cli(&["--output", out.to_str().unwrap()]).expect_success();
    assert!(out.join("index.html").is_file());
    assert!(out.join("briefings/exit/index.html").is_file());
    assert!(out.join("css/site.css").is_file());
    assert!(!site.path("public").exists(), "public/ was written although --output was given");
}

#[test]
fn a_relative_output_folder_is_taken_from_the_current_folder() {
    let site = rich_site(&site_yaml("https://example.org/"));
    // The helper runs brief in the site's folder.
    site.build_cli(&["--output", "dist"]).expect_success();
    assert!(site.path("dist/index.html").is_file());
    assert!(!site.path("public").exists());
}

#[test]
fn the_output_may_not_be_the_site_root() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let root = site.root().to_str().unwrap().to_string();
    let run = site.build_cli(&["--output", &root]);
    run.expect_code(2).expect_stderr("holds the site itself");
    assert!(site.path("content/site.yaml").is_file(), "the site was touched");
    assert!(site.path("content/briefings/exit.md").is_file(), "the site was touched");
    assert!(!site.path("index.html").exists(), "the site was written into its own root");
}

#[test]
fn the_output_may_not_be_the_content_folder() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let content = site.path("content");
    let run = site.build_cli(&["--output", content.to_str().unwrap()]);
    run.expect_code(2).expect_stderr("is inside `content/`");
    assert!(site.path("content/briefings/exit.md").is_file(), "the content was touched");
    assert!(!site.path("content/index.html").exists(), "the site was written into content/");
    let run = site.build_cli(&["--output", "content/out"]);
    run.expect_code(2).expect_stderr("is inside `content/`");
    assert!(!site.path("content/out").exists());
}

fn leftover_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.staging-") || n.starts_with(".public.old-"))
        .collect()
}

#[test]
fn a_removed_file_disappears_from_the_next_build() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    assert!(site.has_page("briefings/cybercrime/index.html"));
    assert!(site.has_page("img/logo.svg"));
    site.remove("content/briefings/cybercrime.md");
    site.remove("content/static/img/logo.svg");
    // The briefing linked the logo; replace that line so the site stays valid.
    let exit = std::fs::read_to_string(site.path("content/briefings/exit.md")).unwrap();
    site.write("content/briefings/exit.md", exit.replace("![Logo](../static/img/logo.svg)", "No logo.").as_bytes());
    site.build().expect_success();
    assert!(!site.has_page("briefings/cybercrime/index.html"), "a stale page survived the rebuild");
    assert!(!site.has_page("briefings/cybercrime"), "a stale folder survived the rebuild");
    assert!(!site.has_page("img/logo.svg"), "a stale static file survived the rebuild");
    assert!(!site.page("sitemap.xml").contains("/briefings/cybercrime/"));
    assert!(!site.page("search-index.json").contains("/briefings/cybercrime/"));
    assert!(!site.page("briefings/index.html").contains("/briefings/cybercrime/"));
    assert_eq!(leftover_folders(site.root()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Static files

#[test]
fn static_files_are_copied_as_they_are() {
    let site = rich_site(&site_yaml("https://example.org/"));
    let bytes: Vec<u8> = (0..=255u8).collect();
    site.write("content/static/data/raw.bin", &bytes);
    site.build().expect_success();
    assert_eq!(site.page("img/logo.svg"), LOGO);
    assert_eq!(site.page("downloads/report.txt"), "The report.\n");
    assert_eq!(std::fs::read(site.path("public/data/raw.bin")).unwrap(), bytes);
}

#[test]
fn a_site_stylesheet_replaces_the_themes() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let theme_css = site.page("css/site.css");
    assert!(theme_css.len() > 100, "the theme's stylesheet is missing");
    let own = "body { color: rebeccapurple; }\n";
    site.write("content/static/css/site.css", own.as_bytes());
    site.build().expect_success();
    assert_eq!(site.page("css/site.css"), own);
    // The theme's other files are still there.
    assert!(site.has_page("css/print.css"));
    assert!(site.has_page("js/site.js"));
}

#[test]
fn a_site_stylesheet_gets_its_own_version_in_links() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let theme_link = link_rel(&site.page("index.html"), "stylesheet").expect("stylesheet link");
    site.write("content/static/css/site.css", b"body { color: rebeccapurple; }\n");
    site.build().expect_success();
    let own_link = link_rel(&site.page("index.html"), "stylesheet").expect("stylesheet link");
    assert!(own_link.starts_with("/css/site.css"), "{own_link}");
    assert_ne!(own_link, theme_link, "the stylesheet changed but its link did not, so browsers keep the old one");
}

// ---------------------------------------------------------------------------------------------
// Generated files

#[test]
fn the_atom_feed_lists_the_briefings_newest_first() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let feed = parse_xml(&site.page("atom.xml"));
    assert_eq!(feed[0].path, "feed");
    assert_eq!(feed[0].attribute("xmlns"), Some("http://www.w3.org/2005/Atom"));
    let titles: Vec<&str> = feed.iter().filter(|e| e.path == "feed/entry/title").map(|e| e.text.as_str()).collect();
    assert_eq!(titles, ["Briefing exit", "Briefing cybercrime"]);
    let updated: Vec<&str> = feed.iter().filter(|e| e.path == "feed/entry/updated").map(|e| e.text.as_str()).collect();
    assert!(updated.contains(&"2026-01-20T00:00:00Z"), "{updated:?}");
    let feed_updated = feed.iter().find(|e| e.path == "feed/updated").map(|e| e.text.as_str());
    assert_eq!(feed_updated, Some("2026-01-20T00:00:00Z"));
    let summary = feed.iter().find(|e| e.path == "feed/entry/summary").map(|e| e.text.as_str());
    assert!(summary.is_some());
}

#[test]
fn the_sitemap_lists_every_page() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let sitemap = parse_xml(&site.page("sitemap.xml"));
    assert_eq!(sitemap[0].path, "urlset");
    let locs: Vec<&str> = sitemap.iter().filter(|e| e.path == "urlset/url/loc").map(|e| e.text.as_str()).collect();
    for page in [
        "https://example.org/",
        "https://example.org/briefings/",
        "https://example.org/briefings/exit/",
        "https://example.org/briefings/cybercrime/",
        "https://example.org/organizations/foc/",
        "https://example.org/topics/spyware/",
        "https://example.org/topics/cybercrime/",
        "https://example.org/timeline/",
        "https://example.org/sources/",
        "https://example.org/about/",
    ] {
        assert!(locs.contains(&page), "the sitemap lacks {page}: {locs:?}");
    }
    let mut unique = locs.clone();
    unique.dedup();
    assert_eq!(unique.len(), locs.len(), "the sitemap repeats a page");
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let robots = site.page("robots.txt");
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(robots.lines().any(|l| l == "Sitemap: https://example.org/sitemap.xml"), "{robots}");
}

#[test]
fn the_search_index_holds_every_kind_of_page() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let index = json(&site, "search-index.json");
    let documents = index["documents"].as_array().expect("documents");
    let find = |url: &str| documents.iter().find(|d| d["url"] == url).unwrap_or_else(|| panic!("no entry for {url}"));
    let exit = find("/briefings/exit/");
    assert_eq!(exit["kind"], "briefing");
    assert_eq!(exit["title"], "Briefing exit");
    assert_eq!(exit["date"], "2026-01-07");
    assert_eq!(exit["summary"], "What the exit means.");
    assert!(exit["text"].as_str().unwrap().contains("is leaving"));
    assert_eq!(find("/organizations/foc/")["kind"], "organization");
    assert_eq!(find("/timeline/#withdrawal")["kind"], "event");
    assert_eq!(find("/topics/spyware/")["kind"], "topic");
    assert_eq!(find("/topics/cybercrime/")["kind"], "topic");
    assert_eq!(find("/about/")["kind"], "page");
}

#[test]
fn the_organizations_export_has_every_organization_with_its_status() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let export = json(&site, "organizations.json");
    let organizations = export["organizations"].as_array().expect("organizations");
    let slugs: Vec<&str> = organizations.iter().map(|o| o["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["foc", "venice-commission"]);
    let foc = &organizations[0];
    assert_eq!(foc["name"], "Freedom Online Coalition");
    assert_eq!(foc["acronym"], "FOC");
    assert_eq!(foc["us_status"], "withdrawal-announced");
    assert_eq!(foc["us_status_date"], "2026-01-07");
    assert_eq!(foc["url"], "https://example.org/organizations/foc/");
    let mut briefings: Vec<&str> = foc["briefings"].as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
    briefings.sort();
    assert_eq!(briefings, ["cybercrime", "exit"]);
    assert_eq!(organizations[1]["us_status"], "member");
}

#[test]
fn the_timeline_export_has_every_event_in_order() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    let export = json(&site, "timeline.json");
    let events = export["events"].as_array().expect("events");
    let slugs: Vec<&str> = events.iter().map(|e| e["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["convention", "withdrawal"]);
    assert_eq!(events[0]["date"], "2024-12");
    assert_eq!(events[0]["date_precision"], "month");
    assert_eq!(events[1]["date"], "2026-01-07");
    assert_eq!(events[1]["date_precision"], "day");
    assert_eq!(events[1]["url"], "https://example.org/timeline/#withdrawal");
    assert_eq!(events[1]["sources"], serde_json::json!(["heel-turn"]));
}

#[test]
fn every_generated_file_exists() {
    let site = rich_site(&site_yaml("https://example.org/"));
    site.build().expect_success();
    for file in [
        "index.html",
        "404.html",
        "briefings/index.html",
        "organizations/index.html",
        "topics/index.html",
        "timeline/index.html",
        "sources/index.html",
        "search/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "search-index.json",
        "organizations.json",
        "timeline.json",
        "css/site.css",
    ] {
        assert!(site.has_page(file), "public/{file} is missing");
    }
}
