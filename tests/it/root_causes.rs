//! One mistake, one error, at its root: a file with errors still exists for the rest of the
//! site, a bad entry of `sources.yaml` costs only that entry, a bad `site.yaml` does not hide
//! the other mistakes, and nothing that follows from an earlier error is reported again.
//! Each case is a small fixture site built in-process, and the whole set of diagnostics is
//! asserted: no extra errors, no contradicting warnings.

use crate::common;

use brief::diagnostics::Diagnostics;
use common::TestSite;

const SOURCES: &str = "\
- id: cfr-dataflows
  title: Data flows
  publisher: CFR
  date: 2019-05-22
  url: https://example.org/cfr-dataflows
- id: heel-turn
  title: The Heel Turn
  url: https://example.org/heel-turn
";

/// A site without problems: an organization, two briefings citing both sources, an event.
fn good_site() -> TestSite {
    TestSite::new()
        .sources(SOURCES)
        .organization("oecd", "OECD", "acronym: OECD\nus_status: member\n")
        .briefing(
            "data",
            "summary: \"Data.\"\norganizations: [oecd]\nsources: [cfr-dataflows]\n",
            "The [[oecd]] on data [@cfr-dataflows].\n",
        )
        .briefing(
            "turn",
            "summary: \"Turn.\"\norganizations: [oecd]\n",
            "## Background\n\nSee [[data]] and [[oecd|the club]] [@heel-turn].\n",
        )
        .event("signed", "2024-12", "organizations: [oecd]\nsources: [heel-turn]\n", "Signed.\n")
}

/// `CODE file:line:col` of every diagnostic, in report order.
fn found(diagnostics: &Diagnostics) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| match &d.location {
            Some(l) => format!("{} {}:{}:{}", d.code, d.file.display(), l.line, l.column),
            None => format!("{} {}", d.code, d.file.display()),
        })
        .collect()
}

fn assert_exactly(diagnostics: &Diagnostics, expected: &[&str]) {
    assert_eq!(found(diagnostics), expected, "\n{}", diagnostics.render(false));
}

#[test]
fn the_good_site_has_no_problems() {
    assert_exactly(&good_site().check().diagnostics, &[]);
}

#[test]
fn one_broken_front_matter_with_thirteen_links_to_it_is_one_error() {
    let mut site = good_site().organization("oecd", "OECD: the club", "acronym: OECD\n");
    for i in 0..10 {
        site = site.briefing(&format!("b{i:02}"), "summary: \"S.\"\nsources: [heel-turn]\n", "About [[oecd]].\n");
    }
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E012 content/organizations/oecd.md:2:11"]);
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(d.help.as_deref(), Some("put the value in quotes: `name: \"OECD: the club\"`"));
    let reach = d.reach.as_ref().expect("the root error says how far it reaches");
    assert_eq!(reach.note, "13 pages link to this file; those links resolve, and need no change");
    assert_eq!(reach.related.len(), 13);
}

#[test]
fn an_organization_with_a_bad_status_is_one_error_and_still_exists() {
    let site = good_site().organization("oecd", "OECD", "acronym: OECD\nus_status: withdrawing\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E015 content/organizations/oecd.md:4:12"]);
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(d.message, "unknown value `withdrawing`");
    assert!(d.help.as_deref().unwrap().contains("Accepted values: withdrawal-announced, withdrawn, member"), "{d:?}");
}

#[test]
fn a_misspelt_key_in_a_briefing_others_link_to_is_one_error() {
    let site = good_site().file(
        "content/briefings/data.md",
        "---\ntitel: Data\ndate: 2026-01-07\nsummary: \"Data.\"\nsources: [cfr-dataflows]\n---\n\nText [@cfr-dataflows].\n",
    );
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E013 content/briefings/data.md:2:1"]);
    assert!(diagnostics.iter().next().unwrap().help.as_deref().unwrap().starts_with("did you mean `title`?"));
}

#[test]
fn a_misspelt_key_in_sources_yaml_is_one_error_and_the_entry_stays() {
    let site = good_site().sources(&SOURCES.replace("  publisher: CFR", "  publsher: CFR"));
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E013 content/sources.yaml:3:3"]);
    assert!(diagnostics.iter().next().unwrap().help.as_deref().unwrap().starts_with("did you mean `publisher`?"));
}

#[test]
fn a_date_in_words_in_sources_yaml_is_one_error_at_the_date() {
    let site = good_site().sources(&SOURCES.replace("2019-05-22", "22 May 2019"));
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E015 content/sources.yaml:4:9"]);
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(d.message, "invalid date `22 May 2019`");
    assert!(d.help.as_deref().unwrap().starts_with("write YYYY-MM-DD, YYYY-MM or YYYY"), "{d:?}");
}

#[test]
fn a_source_with_no_id_is_one_error_at_its_entry_and_names_what_is_cited() {
    let text = format!("# The bibliography.\n{}", SOURCES.replace("- id: cfr-dataflows\n  title", "- title"));
    let site = good_site().sources(&text);
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E014 content/sources.yaml:2:1"]);
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(d.message, "missing required key `id`");
    let help = d.help.as_deref().unwrap();
    assert!(help.contains("to this entry") && !help.contains("front matter"), "{help}");
    let reach = d.reach.as_ref().unwrap();
    assert_eq!(reach.note, "cited, but no readable entry has the id: `cfr-dataflows` (2 citations)");
}

#[test]
fn sources_yaml_that_does_not_parse_hides_no_other_mistake_and_adds_none() {
    let site = good_site()
        .sources(&SOURCES.replace("  title: Data flows", "  title: Data flows: a survey"))
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nSee [[oecdd]].\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E012 content/sources.yaml:2:20", "E042 content/pages/about.md:5:5"]);
}

#[test]
fn a_broken_site_yaml_is_one_error_and_everything_else_is_still_checked() {
    let site = good_site()
        .file(
            "content/site.yaml",
            &format!(
                "title: Briefings\nbase_url: https://example.org/\ntimeline_order: upwards\n{}",
                common::STATUS_YAML
            ),
        )
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nSee [[oecdd]].\n");
    let built = brief::pipeline::build(&site.options());
    assert_exactly(&built.diagnostics, &["E015 content/site.yaml:3:17", "E042 content/pages/about.md:5:5"]);
    assert!(built.output.is_none(), "a failed build gives nothing to write");
}

#[test]
fn a_misspelt_front_matter_source_does_not_also_say_the_briefing_cites_nothing() {
    let site = good_site().briefing("lone", "summary: \"S.\"\nsources: [cfr-dataflow]\n", "No inline citation.\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E041 content/briefings/lone.md:5:11"]);
}

#[test]
fn wikilinks_with_text_in_a_table_link_without_escaping() {
    let table = "| Body | Status |\n|---|---|\n| [[oecd|the OECD]] | [[turn#background|see the background]] |\n";
    let site = good_site().file("content/pages/about.md", &format!("---\ntitle: About\n---\n\n{table}"));
    let built = brief::pipeline::build(&site.options());
    assert_exactly(&built.diagnostics, &[]);
    let output = built.output.unwrap();
    let page = String::from_utf8(output.get("about/index.html").unwrap().read().unwrap().to_vec()).unwrap();
    assert!(page.contains("<td><a href=\"/organizations/oecd/\">the OECD</a></td>"), "{page}");
    assert!(page.contains("<a href=\"/briefings/turn/#background\">see the background</a>"), "{page}");
    assert!(!page.contains("[[oecd"), "{page}");
}

#[test]
fn a_broken_wikilink_in_a_table_points_into_the_original_text() {
    let table = "| Body | Status |\n|---|---|\n| x | [[oecdd|the OECD]] |\n";
    let site = good_site().file("content/pages/about.md", &format!("---\ntitle: About\n---\n\n{table}"));
    assert_exactly(&site.check().diagnostics, &["E042 content/pages/about.md:7:7"]);
}

#[test]
fn a_table_row_that_still_breaks_is_an_error() {
    let table = "| Body | Status |\n|---|---|\n| OECD | `a|b` |\n";
    let site = good_site().file("content/pages/about.md", &format!("---\ntitle: About\n---\n\n{table}"));
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E031 content/pages/about.md:7:1"]);
    assert!(diagnostics.iter().next().unwrap().help.as_deref().unwrap().contains("`\\|`"));
}

#[test]
fn writer_slips_are_warnings_with_the_fix() {
    let site = good_site()
        .briefing("nosum", "sources: [heel-turn]\n", "Text.\n")
        .briefing("later", "summary: \"S.\"\nupdated: 2025-12-01\nsources: [heel-turn]\n", "See the [[timeline]].\n")
        .briefing(
            "fresh",
            &format!("summary: \"{}\"\nsources: [heel-turn]\n", brief::model::SUMMARY_PLACEHOLDER),
            "Text.\n",
        );
    let diagnostics = site.check().diagnostics;
    assert_exactly(
        &diagnostics,
        &[
            "W013 content/briefings/fresh.md:4:1",
            "W014 content/briefings/later.md:5:10",
            "W012 content/briefings/nosum.md:2:1",
            "W041 content/briefings/later.md:9:9",
        ],
    );
    let help = |code: &str| diagnostics.iter().find(|d| d.code == code).and_then(|d| d.help.clone()).unwrap();
    assert_eq!(help("W041"), "link the page as a path: `[timeline](/timeline/)`");
}

#[test]
fn a_generated_page_wikilink_is_linked_to_that_page() {
    let site = good_site().briefing("later", "summary: \"S.\"\nsources: [heel-turn]\n", "See [[sources]].\n");
    let built = brief::pipeline::build(&site.options());
    let d = built.diagnostics.iter().next().unwrap();
    assert_eq!((d.code, d.is_error()), ("W041", false));
    let page =
        String::from_utf8(built.output.unwrap().get("briefings/later/index.html").unwrap().read().unwrap().to_vec())
            .unwrap();
    assert!(page.contains("<a href=\"/sources/\">Sources</a>"), "{page}");
}

#[test]
fn a_missing_image_says_where_to_put_the_file() {
    let site = good_site().file("content/pages/about.md", "---\ntitle: About\n---\n\n![A map](map.png)\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E049 content/pages/about.md:5:1"]);
    let help = diagnostics.iter().next().unwrap().help.clone().unwrap();
    assert!(help.starts_with("put the file in `content/static/`"), "{help}");
}

#[test]
fn an_unclosed_front_matter_is_one_error_and_links_to_its_headings_still_resolve() {
    let site = good_site().file(
        "content/briefings/turn.md",
        "---\ntitle: Turn\ndate: 2026-01-07\nsummary: \"Turn.\"\n\n## Background\n\nText [@heel-turn].\n",
    );
    let site = site.file("content/pages/about.md", "---\ntitle: About\n---\n\nSee [[turn#background]].\n");
    assert_exactly(&site.check().diagnostics, &["E010 content/briefings/turn.md:1:1"]);
}

#[test]
fn a_file_without_front_matter_is_one_error_and_links_to_it_resolve() {
    let site = good_site().file("content/briefings/turn.md", "## Background\n\nText [@heel-turn].\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E011 content/briefings/turn.md:1:1"]);
}

#[test]
fn a_missing_theme_and_a_broken_link_are_both_reported() {
    let site = good_site()
        .file("content/site.yaml", &format!("{}theme: nosuch\n", common::SITE_YAML))
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nSee [[oecdd]].\n");
    let diagnostics = site.check().diagnostics;
    assert_exactly(&diagnostics, &["E007 content/site.yaml", "E042 content/pages/about.md:5:5"]);
}
