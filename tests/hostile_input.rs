//! Hostile input the build must survive with a valid site or a clear error: a `base_url`
//! that would bend attributes, control characters that XML forbids, markup in text that
//! JSON files carry, and ids that would collide on a page.

mod common;

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
        let run = site.build(&[]);
        run.expect_code(1).expect_stderr("content/site.yaml:").expect_stderr("base_url");
        assert!(run.stderr.contains(shown), "{yaml}: {}", run.stderr);
        assert!(!site.path("public").exists(), "{yaml}: a failed build wrote public/");
    }
    let site = TestSite::new();
    site.build(&["--base-url", "https://example.org/\"onmouseover=x"]).expect_code(1).expect_stderr("--base-url");
}

/// Markup that would run if any output held it raw.
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
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{file}: bad attribute: {e}"));
                    let value = a.unescape_value().unwrap_or_else(|e| panic!("{file}: bad attribute value: {e}"));
                    assert!(!value.chars().any(forbidden_in_xml), "{file}: forbidden character in {value:?}");
                }
            }
            Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{file}: bad attribute: {e}"));
                    let value = a.unescape_value().unwrap_or_else(|e| panic!("{file}: bad attribute value: {e}"));
                    assert!(!value.chars().any(forbidden_in_xml), "{file}: forbidden character in {value:?}");
                }
            }
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

#[test]
fn the_feed_and_the_sitemap_are_well_formed_xml_with_control_characters_in_titles_and_bodies() {
    let site = control_character_site();
    site.build(&[]).expect_success();
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
    site.build(&[]).expect_success();
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
