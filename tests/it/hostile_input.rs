//! Hostile input the build must survive with a valid site or a clear error: a `base_url`
//! that would bend attributes, control characters that XML forbids, markup in text that
//! JSON files carry, and ids that would collide on a page.

use crate::common;

use brief::load::LoadOptions;

use common::TestSite;

#[test]
fn a_base_url_with_a_tab_control_character_quote_backslash_backtick_or_space_is_an_error() {
    for (yaml, shown) in [
        (r#""https://example.org/a\tb/""#, "a tab"),
        (r#""https://example.org/\a""#, "U+0007"),
        (r#""https://example.org/\"x""#, "`\"`"),
        (r#"'https://example.org/''x'"#, "`'`"),
        (r#""https://example.org\\evil.org/""#, "`\\`"),
        ("\"https://example.org/`x`\"", "contains ```"),
        (r#""https://example.org/a b/""#, "whitespace"),
    ] {
        let site = TestSite::new().file("content/site.yaml", &format!("title: Test Briefings\nbase_url: {yaml}\n"));
        let build = site.build();
        build.expect_failure().expect_report("content/site.yaml:").expect_report("base_url");
        assert!(build.report.contains(shown), "{yaml}: {}", build.report);
        assert!(!site.path("public").exists(), "{yaml}: a failed build wrote public/");
    }
    let site = TestSite::new();
    site.build_with(&LoadOptions { base_url: Some("https://example.org/\"onmouseover=x".into()), ..site.options() })
        .expect_failure()
        .expect_report("--base-url");
}

/// Markup that would build if any output held it raw.
const MARKUP: &str = "</script><script>alert(1)</script><!--&amp;";

/// A site whose titles, summaries and bodies hold control characters XML forbids, made the
/// ways a writer can make them without typing one: YAML escapes and character references.
fn control_character_site() -> TestSite {
    let quoted = serde_json::to_string(MARKUP).expect("json");
    let markup_yaml = &quoted[1..quoted.len() - 1];
    TestSite::new()
        .file(
            "content/site.yaml",
            "title: \"Site \\a bell\"\ndescription: \"Escape \\e[31m red \\x01\"\nauthor: \"Form\\ffeed\"\nbase_url: https://example.org/\n",
        )
        .sources(&format!("- id: s\n  title: \"Source \\x07 {markup_yaml}\"\n  publisher: \"P\\x0b\"\n"))
        .organization("org", &format!("\"Org \\a {markup_yaml}\""), "acronym: \"O\\x02\"\nkind: \"K\\x03\"\n")
        .file(
            "content/briefings/x.md",
            &format!(
                "---\ntitle: \"Bell \\a and NUL \\0 {markup_yaml}\"\ndate: 2026-01-07\nsummary: \"Sum \\x08 mary\"\n\
                 organizations: [org]\ntopics: [t]\nsources: [s]\n---\n\n\
                 ## Head &#7; ing\n\nBody &#1;&#x1F;&#27;[31m text, &#xFFFE; and `code &#7;` [@s].\n"
            ),
        )
        .file("content/topics/t.md", "---\ntitle: \"Topic \\a t\"\nsummary: \"\\x1f\"\n---\n\nAbout &#7; [[x]].\n")
        .file(
            "content/timeline/e.md",
            &format!("---\ntitle: \"Event \\a {markup_yaml}\"\ndate: 2026-01-07\norganizations: [org]\n---\n\nHappened &#7;.\n"),
        )
        .file("content/pages/about.md", &format!("---\ntitle: \"About \\a {markup_yaml}\"\n---\n\nAbout.\n"))
}

/// Characters XML 1.0 does not allow anywhere in a document.
fn forbidden_in_xml(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Parses `xml` to the end, checking that every character, raw or escaped, is one XML allows.
/// Returns the text of the elements named `name`.
fn parse_well_formed(file: &str, xml: &str, name: &str) -> Vec<String> {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    if let Some(c) = xml.chars().find(|&c| forbidden_in_xml(c)) {
        panic!("{file} holds U+{:04X}, which XML forbids", c as u32);
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut texts = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{file} is not well-formed: {e}")) {
            Event::Start(e) => {
                depth += 1;
                inside = e.name().as_ref() == name.as_bytes();
                if inside {
                    texts.push(String::new());
                }
                check_attributes(file, &e);
            }
            Event::Empty(e) => check_attributes(file, &e),
            Event::Text(t) => {
                let text = t.decode().unwrap_or_else(|e| panic!("{file}: {e}")).into_owned();
                if inside {
                    texts.last_mut().expect("open element").push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let reference = format!("&{name};");
                let text = quick_xml::escape::unescape(&reference)
                    .unwrap_or_else(|e| panic!("{file}: bad reference {reference}: {e}"));
                assert!(!text.chars().any(forbidden_in_xml), "{file}: &{name}; is a forbidden character");
                if inside {
                    texts.last_mut().expect("open element").push_str(&text);
                }
            }
            Event::End(_) => {
                depth = depth.checked_sub(1).unwrap_or_else(|| panic!("{file}: unbalanced end tag"));
                inside = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{file}: unclosed elements");
    texts
}

/// Every attribute of `element` is well-formed and holds only characters XML allows.
fn check_attributes(file: &str, element: &quick_xml::events::BytesStart) {
    for a in element.attributes() {
        let a = a.unwrap_or_else(|e| panic!("{file}: bad attribute: {e}"));
        let value = a.unescape_value().unwrap_or_else(|e| panic!("{file}: bad attribute value: {e}"));
        assert!(!value.chars().any(forbidden_in_xml), "{file}: forbidden character in {value:?}");
    }
}

#[test]
fn the_feed_and_the_sitemap_are_well_formed_xml_with_control_characters_in_titles_and_bodies() {
    let site = control_character_site();
    site.build().expect_success();
    let atom = site.page("atom.xml");
    let titles = parse_well_formed("atom.xml", &atom, "title");
    assert!(titles.iter().any(|t| t == "Site  bell"), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Bell  and NUL  </script>")), "{titles:?}");
    let content = parse_well_formed("atom.xml", &atom, "content").concat();
    assert!(content.contains("Body [31m text") && content.contains("Head  ing"), "{content}");
    assert!(parse_well_formed("atom.xml", &atom, "summary").iter().any(|s| s == "Sum  mary"));
    let sitemap = site.page("sitemap.xml");
    let locations = parse_well_formed("sitemap.xml", &sitemap, "loc");
    assert!(locations.contains(&"https://example.org/briefings/x/".to_string()), "{locations:?}");
    for (path, bytes) in site.snapshot() {
        if path.ends_with(".xml") {
            parse_well_formed(&path, &String::from_utf8(bytes).expect("UTF-8"), "");
        }
    }
}

/// The JSON-LD blocks of an HTML page.
fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open).skip(1).map(|rest| rest.split("</script>").next().unwrap_or(rest)).collect()
}

#[test]
fn no_json_output_holds_raw_markup_characters() {
    let site = control_character_site();
    site.build().expect_success();
    let files = site.snapshot();
    let mut json_files = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".json") {
            continue;
        }
        json_files += 1;
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(c), "{path} holds a raw {c:?}");
        }
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(value.to_string().contains(MARKUP), "{path} lost the title's text");
    }
    assert!(json_files >= 3, "expected search-index.json, organizations.json and timeline.json");
    let page = site.page("briefings/x/index.html");
    let blocks = json_ld_blocks(&page);
    assert_eq!(blocks.len(), 1, "{page}");
    for c in ['<', '>', '&'] {
        assert!(!blocks[0].contains(c), "JSON-LD holds a raw {c:?}: {}", blocks[0]);
    }
    let article: serde_json::Value = serde_json::from_str(blocks[0]).expect("JSON-LD parses");
    assert!(article["headline"].as_str().is_some_and(|h| h.ends_with(MARKUP)), "{article}");
}

/// A site whose headings, footnotes and slugs are named like the ids the theme and the
/// other content use: on every page, each id must still appear once.
fn colliding_ids_site() -> TestSite {
    let theme_like_headings = "## Main\n\n## Site search q\n\n## Contents\n\n## References\n\n## Related\n\n\
                               ## Referenced in\n\n## Y2026\n\n## Status: withdrawn\n\n## Latest\n\n## Footnotes\n\n";
    TestSite::new()
        .sources("- id: s\n  title: Source S\n- id: t\n  title: Source T\n")
        .organization("org", "Org", "us_status: withdrawn\n")
        .file(
            "content/organizations/org.md",
            "---\nname: Org\nus_status: withdrawn\n---\n\n## History\n\nText [@s].\n\n## Timeline\n\n## Briefings\n\n\
             ## Members\n\n## Intro\n\nNote[^intro].\n\n[^intro]: An org note.\n",
        )
        .organization("child", "Child", "parent: org\nus_status: member\n")
        .briefing(
            "b",
            "organizations: [org]\ntopics: [t]\nsources: [s]\n",
            &format!(
                "{theme_like_headings}## Intro\n\nA claim[^intro] [@s] and another[^main] [@t] [@s].\n\n\
                 ## Fn intro\n\n## Own {{#own-id}}\n\n## Same\n\n## Same\n\n## Same 1\n\n\
                 [^intro]: The first note.\n[^main]: A note named like the main element.\n"
            ),
        )
        .briefing("b2", "organizations: [org]\ntopics: [t]\nsources: [s]\n", "See [[b]] [@s].\n\n## Intro\n\n## Related\n")
        .file(
            "content/topics/t.md",
            "---\ntitle: T\n---\n\n## Briefings\n\n## Timeline\n\n## History\n\nNote[^intro].\n\n[^intro]: A topic note.\n",
        )
        .event(
            "history",
            "2026-01-07",
            "organizations: [org]\ntopics: [t]\nsources: [s]\n",
            "## Intro\n\nHappened[^intro] [@s].\n\n## Y2026\n\n[^intro]: An event note.\n",
        )
        .event(
            "intro",
            "2026-01-08",
            "organizations: [org]\ntopics: [t]\n",
            "## Intro\n\n## History\n\nAlso[^intro].\n\n[^intro]: Another event note.\n",
        )
        .event("y2025-review", "2025-05", "organizations: [org]\n", "## Main\n\n## Filter topic\n")
        .file("content/pages/about.md", "---\ntitle: About\n---\n\n## Search\n\n## Main\n\n## Search results\n\nNote[^1].\n\n[^1]: N.\n")
}

/// Every `id` attribute of `html`, in order.
fn ids_of(html: &str) -> Vec<String> {
    common::all_start_tags(html)
        .into_iter()
        .flat_map(|tag| tag.attributes.into_iter().filter(|(name, _)| name == "id").map(|(_, value)| value))
        .collect()
}

#[test]
fn no_page_has_an_id_twice_however_headings_footnotes_and_slugs_are_named() {
    let site = colliding_ids_site();
    site.build().expect_success();
    let mut pages = 0;
    for (path, bytes) in site.snapshot() {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("UTF-8");
        let mut seen = std::collections::BTreeSet::new();
        for id in ids_of(&html) {
            assert!(seen.insert(id.clone()), "{path}: the id `{id}` appears twice");
        }
    }
    assert!(pages >= 12, "only {pages} pages");

    let briefing = site.page("briefings/b/index.html");
    let ids = ids_of(&briefing);
    for id in ["main", "site-search-q", "main-1", "site-search-q-1", "references", "references-1", "y2026-1"] {
        assert!(ids.contains(&id.to_string()), "briefing lacks id {id}: {ids:?}");
    }
    for id in
        ["intro", "fn-intro", "fn-intro-1", "fn-main", "own-id", "same", "same-1", "same-1-1", "ref_1", "cite_1_1"]
    {
        assert!(ids.contains(&id.to_string()), "briefing lacks id {id}: {ids:?}");
    }
    assert!(briefing.contains("href=\"#fn-intro\""), "footnote references follow their new ids");

    let timeline = site.page("timeline/index.html");
    let ids = ids_of(&timeline);
    for id in
        ["history", "intro", "y2025-review", "y2026", "y2025", "history--intro", "intro--intro", "history--fn-intro"]
    {
        assert!(ids.contains(&id.to_string()), "timeline lacks id {id}: {ids:?}");
    }
    assert!(timeline.contains("href=\"#history--fn-intro\""), "event footnotes link to their own note");
    assert!(ids.contains(&"y2025-review--main-1".to_string()), "{ids:?}");
}

#[test]
fn a_heading_id_that_the_page_or_the_theme_already_uses_is_an_error() {
    for (body, line) in [
        ("## One {#x}\n\n## Two {#x}\n", 9),
        ("## References list {#ref_1}\n\nText [@s].\n", 7),
        ("## Mark {#cite_1_1}\n\nText [@s].\n", 7),
        ("## Search box {#site-search-q}\n", 7),
        ("Text[^a].\n\n## Note {#fn-a}\n\n[^a]: N.\n", 9),
        ("## Year {#y2026}\n", 7),
        ("## Dashes {#e1--intro}\n", 7),
    ] {
        let site = TestSite::new().sources("- id: s\n  title: S\n").briefing("b", "sources: [s]\n", body);
        let build = site.build();
        build
            .expect_failure()
            .expect_report(&format!("content/briefings/b.md:{line}:"))
            .expect_report("is taken on this page")
            .expect_report("help: ");
        assert!(!site.path("public").exists());
    }
}

#[test]
fn an_event_slug_or_a_source_id_that_the_theme_uses_as_an_id_is_an_error() {
    for slug in ["main", "site-search-q", "filter-topic", "y2026"] {
        let site = TestSite::new().event(slug, "2026-01-07", "", "Text.\n");
        site.build()
            .expect_failure()
            .expect_report(&format!("content/timeline/{slug}.md: the event slug `{slug}` is an id the pages use"))
            .expect_report("rename the file");
    }
    let site = TestSite::new().sources("- id: s\n  title: S\n- id: main\n  title: M\n");
    site.build().expect_failure().expect_report("content/sources.yaml:3:").expect_report("the source id `main`");
}

#[test]
fn a_raw_control_character_in_any_content_file_is_an_error_at_its_line_and_column() {
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "content/briefings/x.md",
            b"---\ntitle: \"X\"\ndate: 2026-01-07\nsummary: \"S.\"\n---\n\nText \x1b[31m red.\n",
            ":7:6",
        ),
        ("content/sources.yaml", b"- id: s\n  title: \"Bell \x07\"\n  publisher: \"P\"\n", ":2:16"),
        ("content/site.yaml", b"title: \"T\x00\"\nbase_url: https://example.org/\n", ":1:10"),
        ("content/pages/about.md", b"---\ntitle: \"About\"\n---\n\nA \x7f and \x08.\n", ":5:3"),
    ];
    for (path, bytes, at) in cases {
        let site = TestSite::new().briefing("a", "", "Alpha.\n");
        site.build().expect_success();
        let before = site.snapshot();
        site.write(path, bytes);
        let build = site.build();
        build
            .expect_failure()
            .expect_report(&format!("{path}{at}"))
            .expect_report("control character")
            .expect_report("delete it");
        assert!(
            !build.report.contains('\x1b') && !build.report.contains('\x07'),
            "{path}: a raw control character reached the terminal"
        );
        assert_eq!(site.snapshot(), before, "{path}: a failed build touched public/");
    }
}
