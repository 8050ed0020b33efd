//! Every mistake a user can make in a site, and what `brief build` says about it: the file,
//! line and column, the message, the `help:` line, exit code 1, and an output folder left
//! exactly as the last good build wrote it.

use crate::common;

use std::collections::BTreeMap;

use common::{Run, TestSite};

const SOURCES: &str = "\
- id: heel-turn
  title: The Heel Turn
  publisher: Example Press
  date: 2026-01-08
  url: https://example.org/heel-turn
";

/// `content/briefings/exit.md` of [`good_site`], as the fixture helper writes it.
const EXIT: &str = "---
title: \"Briefing exit\"
date: 2026-01-07
summary: \"Why it matters.\"
organizations: [venice-commission, foc]
topics: [internet-governance]
sources: [heel-turn]
---

## Background

The [[foc]] and the [[venice-commission]] [@heel-turn].

## What changes

More.
";

/// `content/pages/about.md` of [`good_site`].
const ABOUT: &str = "---\ntitle: About\n---\n\nAbout this site. Read [[exit]].\n";

/// A small site that builds without errors or warnings: a briefing, two organizations, an
/// event, a described topic, a source and a free page.
fn good_site() -> TestSite {
    TestSite::new()
        .sources(SOURCES)
        .organization("venice-commission", "Venice Commission", "us_status: member\n")
        .organization("foc", "Freedom Online Coalition", "acronym: FOC\nus_status: withdrawal-announced\n")
        .file("content/briefings/exit.md", EXIT)
        .event(
            "withdrawal",
            "2026-01-07",
            "organizations: [foc]\ntopics: [internet-governance]\nsources: [heel-turn]\n",
            "The memorandum is signed.\n",
        )
        .file(
            "content/topics/internet-governance.md",
            "---\ntitle: Internet governance\nsummary: Who runs the internet.\n---\n\nAbout the topic.\n",
        )
        .file("content/pages/about.md", ABOUT)
}

/// Builds `site`, which must build, keeps what it wrote, lets `breakage` break the site and
/// builds again. The second build must exit 1, say the output was not changed, leave
/// `public/` byte-identical and leave no staging folder beside it. Gives the failed run.
fn fails_leaving_public_untouched(site: &TestSite, breakage: impl FnOnce(&TestSite)) -> Run {
    site.build(&[]).expect_success();
    let before = site.snapshot();
    assert!(before.contains_key("index.html"), "the good build wrote no home page");
    breakage(site);
    let run = site.build(&[]);
    run.expect_code(1).expect_stderr("was not changed");
    assert_same_files(&before, &site.snapshot());
    assert_no_leftover_folders(site);
    run
}

/// The two snapshots hold the same files with the same bytes.
fn assert_same_files(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let old: Vec<&String> = before.keys().collect();
    let new: Vec<&String> = after.keys().collect();
    assert_eq!(old, new, "the failed build changed which files public/ holds");
    for (file, bytes) in before {
        assert!(after[file] == *bytes, "the failed build changed public/{file}");
    }
}

/// No `.public.staging-*` or `.public.old-*` folder is left in the site's root.
fn assert_no_leftover_folders(site: &TestSite) {
    let names: Vec<String> = std::fs::read_dir(site.root())
        .expect("list the site root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let leftovers: Vec<&String> = names.iter().filter(|n| n.contains("staging") || n.contains(".old-")).collect();
    assert!(leftovers.is_empty(), "folders left beside public/: {leftovers:?}");
}

/// Asserts the report holds `error[CODE]: POSITION: MESSAGE` (`MESSAGE` may be the start of
/// the message).
fn expect_error(run: &Run, position: &str, message: &str) {
    let line = error_line(run, position);
    assert!(
        line.contains(&format!("]: {position}: {message}")),
        "stderr lacks {message:?} at {position}:\n{}",
        run.stderr
    );
}

/// The `error[CODE]: POSITION: …` line of the report.
fn error_line<'a>(run: &'a Run, position: &str) -> &'a str {
    let at = format!("]: {position}:");
    run.stderr
        .lines()
        .find(|line| line.starts_with("error[") && line.contains(&at))
        .unwrap_or_else(|| panic!("no error at {position}:\n{}", run.stderr))
}

#[test]
fn the_good_site_builds_without_problems() {
    let site = good_site();
    let run = site.build(&[]);
    run.expect_success();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn an_unknown_front_matter_key_suggests_the_closest_known_one() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/briefings/exit.md", EXIT.replace("title:", "titel:").as_bytes());
    });
    expect_error(&run, "content/briefings/exit.md:2:1", "unknown key `titel`");
    run.expect_stderr("help: did you mean `title`?");
}

#[test]
fn a_missing_required_key_is_named() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/briefings/exit.md", EXIT.replace("date: 2026-01-07\n", "").as_bytes());
    });
    expect_error(&run, "content/briefings/exit.md:2:1", "missing required key `date`");
    run.expect_stderr("help: add a line `date: …` to the front matter");
}

#[test]
fn a_value_of_the_wrong_type_is_reported_at_the_value() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = EXIT.replace("organizations: [venice-commission, foc]", "organizations: {a: 1}");
        site.write("content/briefings/exit.md", text.as_bytes());
    });
    // Line 5 is `organizations: {a: 1}`; the value starts at column 16.
    let line = error_line(&run, "content/briefings/exit.md:5:16");
    assert!(line.contains("organizations"), "the message does not name the key: {line}");
    assert!(!line.contains("untagged") && !line.contains("OneOrMany"), "the message leaks internals: {line}");
}

#[test]
fn a_date_that_is_not_in_the_calendar_is_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/briefings/exit.md", EXIT.replace("2026-01-07", "2026-02-30").as_bytes());
    });
    let line = error_line(&run, "content/briefings/exit.md:3:7");
    assert!(line.contains("invalid date `2026-02-30`: there is no such day in the calendar"), "{line}");
}

#[test]
fn a_date_in_another_format_is_refused_with_the_format_to_use() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/briefings/exit.md", EXIT.replace("2026-01-07", "7 Jan 2026").as_bytes());
    });
    let line = error_line(&run, "content/briefings/exit.md:3:7");
    assert!(line.contains("invalid date `7 Jan 2026`"), "{line}");
    run.expect_stderr("help: write it as YYYY-MM-DD, e.g. 2026-01-07");
}

#[test]
fn an_unknown_us_status_suggests_the_closest_value() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/organizations/foc.md",
            b"---\nname: Freedom Online Coalition\nacronym: FOC\nus_status: withdrawl-announced\n---\n\nAbout.\n",
        );
    });
    expect_error(&run, "content/organizations/foc.md:4:12", "unknown value `withdrawl-announced`");
    run.expect_stderr("help: did you mean `withdrawal-announced`?");
}

#[test]
fn unclosed_front_matter_is_reported_at_its_opening_line() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/about.md", b"---\ntitle: About\n\nAbout this site.\n");
    });
    expect_error(&run, "content/pages/about.md:1:1", "the front matter is not closed");
    run.expect_stderr("help: end the front matter with a line holding only `---`");
}

#[test]
fn a_file_without_front_matter_is_reported() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/about.md", b"About this site.\n");
    });
    expect_error(&run, "content/pages/about.md:1:1", "this page has no front matter");
    run.expect_stderr("help: start the file with a line `---`, then `title: …`");
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout this caf\xe9.\n");
    });
    expect_error(&run, "content/pages/about.md", "the file is not valid UTF-8 (line 5");
    run.expect_stderr("help: save the file as UTF-8 text");
}

#[test]
fn a_file_name_that_is_not_a_slug_is_refused_with_the_name_to_use() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/briefings/My Note.md", b"---\ntitle: Note\ndate: 2026-01-09\n---\n\nText.\n");
    });
    expect_error(&run, "content/briefings/My Note.md", "`My Note` is not a valid slug for a file name");
    run.expect_stderr("rename the file to `my-note.md`");
}

// ---------------------------------------------------------------------------------------------
// References

#[test]
fn an_unresolved_wikilink_suggests_the_closest_slug() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/pages/about.md",
            b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [[venice-comission]].\n",
        );
    });
    expect_error(
        &run,
        "content/pages/about.md:7:5",
        "`[[venice-comission]]` matches no briefing, organization, topic, event or page",
    );
    run.expect_stderr("help: did you mean `venice-commission`?");
}

#[test]
fn an_unresolved_organization_in_front_matter_points_at_the_slug() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = EXIT.replace("[venice-commission, foc]", "[foc, venice-comission]");
        site.write("content/briefings/exit.md", text.as_bytes());
    });
    // `organizations: [foc, ` is 21 characters: the slug starts at column 22.
    expect_error(&run, "content/briefings/exit.md:5:22", "no organization has the slug `venice-comission`");
    run.expect_stderr("help: did you mean `venice-commission`?");
    run.expect_stderr("5 | organizations: [foc, venice-comission]");
}

#[test]
fn an_unknown_source_id_in_front_matter_is_reported() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/briefings/exit.md",
            EXIT.replace("sources: [heel-turn]", "sources: [heel-trun]").as_bytes(),
        );
    });
    expect_error(&run, "content/briefings/exit.md:7:11", "no source has the id `heel-trun`");
    run.expect_stderr("help: did you mean `heel-turn`?");
}

#[test]
fn a_broken_anchor_to_another_page_suggests_the_closest_heading() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/pages/about.md",
            b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [[exit#backgroud]].\n",
        );
    });
    expect_error(&run, "content/pages/about.md:7:5", "no heading `#backgroud` in “Briefing exit”");
    run.expect_stderr("help: did you mean `background`?");
}

#[test]
fn a_link_to_a_missing_markdown_file_suggests_the_closest_file() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/pages/about.md",
            b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [the coalition](../organizations/fco.md).\n",
        );
    });
    expect_error(
        &run,
        "content/pages/about.md:7:5",
        "`../organizations/fco.md` leads to `content/organizations/fco.md`, which is not a content file",
    );
    run.expect_stderr("help: did you mean `content/organizations/foc.md`?");
}

/// The good site plus a draft briefing, `plans`, which a normal build leaves out.
fn site_with_a_draft() -> TestSite {
    good_site().file(
        "content/briefings/plans.md",
        "---\ntitle: Plans\ndate: 2026-01-09\ndraft: true\nsources: [heel-turn]\n---\n\nNot yet.\n",
    )
}

#[test]
fn a_wikilink_to_a_draft_says_it_is_a_draft() {
    let site = site_with_a_draft();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [[plans]].\n");
    });
    expect_error(&run, "content/pages/about.md:7:5", "the briefing `plans` is a draft, which this build leaves out");
    run.expect_stderr("--drafts");
    // The help is right: with drafts the link resolves.
    site.build(&["--drafts"]).expect_success();
    assert!(site.page("about/index.html").contains("href=\"/briefings/plans/\""));
}

#[test]
fn a_markdown_link_to_a_draft_says_it_is_a_draft() {
    let site = site_with_a_draft();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "content/pages/about.md",
            b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [the plans](../briefings/plans.md).\n",
        );
    });
    let line = error_line(&run, "content/pages/about.md:7:5");
    assert!(line.contains("draft"), "the message does not say the target is a draft: {line}");
    run.expect_stderr("--drafts");
}

#[test]
fn a_wikilink_with_an_unknown_kind_lists_the_kinds() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout this site.\n\nSee [[nosuchkind:x]].\n");
    });
    expect_error(&run, "content/pages/about.md:7:5", "`nosuchkind:` is not a kind of content");
    run.expect_stderr("help: write briefing:, organization:, topic:, event:, page: or source: before the slug");
}

// ---------------------------------------------------------------------------------------------
// Output collisions

#[test]
fn a_page_named_timeline_collides_with_the_timeline() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/timeline.md", b"---\ntitle: Our timeline\n---\n\nText.\n");
    });
    expect_error(
        &run,
        "content/pages/timeline.md",
        "`content/pages/timeline.md` and the timeline both write `timeline/index.html`",
    );
    run.expect_stderr("help: rename one of them");
}

#[test]
fn a_page_named_briefings_collides_with_the_briefings_index() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write("content/pages/briefings.md", b"---\ntitle: Our briefings\n---\n\nText.\n");
    });
    expect_error(
        &run,
        "content/pages/briefings.md",
        "`content/pages/briefings.md` and the briefings index both write `briefings/index.html`",
    );
}

// ---------------------------------------------------------------------------------------------
// Themes

const CUSTOM_PAGE: &str =
    "<!doctype html>\n<title>{{ page.title }}</title>\n<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n";

fn site_with_custom_theme() -> TestSite {
    good_site()
        .file("content/site.yaml", &format!("{}theme: custom\n", common::SITE_YAML))
        .file("themes/custom/templates/page.html", CUSTOM_PAGE)
}

#[test]
fn a_template_syntax_error_names_the_template_and_its_line() {
    let site = site_with_custom_theme();
    let run = fails_leaving_public_untouched(&site, |site| {
        site.write(
            "themes/custom/templates/page.html",
            CUSTOM_PAGE.replace("{{ page.title }}</h1>", "{{ page.title </h1>").as_bytes(),
        );
    });
    let line = error_line(&run, "themes/custom/templates/page.html:3:19");
    assert!(line.contains("expected }}"), "{line}");
    run.expect_stderr("3 | <h1>{{ page.title </h1>");
}

#[test]
fn a_template_that_fails_while_rendering_names_the_template_and_the_page() {
    let site = site_with_custom_theme();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = CUSTOM_PAGE.replace("{{ page.content | safe }}", "<p>{{ page.nope.deeper }}</p>");
        site.write("themes/custom/templates/page.html", text.as_bytes());
    });
    let line = error_line(&run, "themes/custom/templates/page.html:4:12");
    assert!(line.contains("while rendering `/about/`"), "{line}");
    assert!(line.contains("`nope`"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// Many errors at once

#[test]
fn errors_in_several_files_are_all_reported_causes_first_then_by_file_then_counted() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        // A file with errors stays in the site, so nothing else breaks in cascade.
        site.write(
            "content/timeline/withdrawal.md",
            b"---\ntitle: Withdrawal\ndate: 2026-01-07\norganizations: [foc]\ntopics: [internet-governance]\nsources: [heel-trun]\n---\n\nSigned.\n",
        );
        site.write("content/pages/about.md", b"---\ntitle: About\n---\n\nAbout [[exti]].\n");
        let text = EXIT.replace("[[foc]] and the [[venice-commission]]", "[[fco]] and the [[venice-comission]]");
        site.write("content/briefings/exit.md", text.as_bytes());
        site.write("content/topics/internet-governance.md", b"---\ntitel: Internet governance\n---\n\nAbout.\n");
    });
    // The front-matter error comes first: the parse stage runs before the link stage.
    let positions = [
        "content/topics/internet-governance.md:2:1",
        "content/briefings/exit.md:12:5",
        "content/briefings/exit.md:12:21",
        "content/pages/about.md:5:7",
        "content/timeline/withdrawal.md:6:11",
    ];
    let mut previous = 0;
    for position in positions {
        let at = run
            .stderr
            .find(&format!("]: {position}: "))
            .unwrap_or_else(|| panic!("no error at {position}:\n{}", run.stderr));
        assert!(at >= previous, "{position} is out of order:\n{}", run.stderr);
        previous = at;
    }
    run.expect_stderr("help: did you mean `foc`?");
    run.expect_stderr("help: did you mean `venice-commission`?");
    run.expect_stderr("help: did you mean `exit`?");
    run.expect_stderr("help: did you mean `heel-turn`?");
    run.expect_stderr("help: did you mean `title`?");
    let count = run.stderr.lines().find(|l| l.starts_with("error: ") && l.contains(" errors, ")).unwrap_or("");
    assert_eq!(count, "error: 5 errors, 0 warnings", "{}", run.stderr);
    assert!(run.stderr.find(count).unwrap() > previous, "the count line comes before the errors:\n{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Hostile YAML: each fails at once with a message, instead of hanging or eating memory

#[test]
fn an_alias_bomb_in_front_matter_is_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let mut yaml = String::from(
            "title: Bomb\ndate: 2026-01-07\nlol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..30 {
            let previous = format!("*a{}", i - 1);
            yaml.push_str(&format!("lol{i}: &a{i} [{}]\n", vec![previous; 9].join(",")));
        }
        site.write("content/briefings/exit.md", format!("---\n{yaml}---\n\nBody.\n").as_bytes());
    });
    let line = error_line(&run, "content/briefings/exit.md:11");
    assert!(line.contains("the YAML uses more than 64 anchors and aliases"), "{line}");
    run.expect_stderr("help: write the values out instead of using `&anchor` and `*alias`");
}

#[test]
fn an_alias_bomb_in_sources_yaml_is_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let mut yaml = String::from(SOURCES);
        yaml.push_str(
            "- id: bomb\n  title: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..30 {
            let previous = format!("*a{}", i - 1);
            yaml.push_str(&format!("  publisher{i}: &a{i} [{}]\n", vec![previous; 9].join(",")));
        }
        site.write("content/sources.yaml", yaml.as_bytes());
    });
    let line = error_line(&run, "content/sources.yaml:14");
    assert!(line.contains("the YAML uses more than 64 anchors and aliases"), "{line}");
}

#[test]
fn twenty_thousand_nested_brackets_in_a_title_are_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = format!("---\ntitle: {}\ndate: 2026-01-07\n---\n\nBody.\n", "{a: [".repeat(20_000));
        site.write("content/briefings/exit.md", text.as_bytes());
    });
    // 100,000 bytes of brackets: the size cap stops it before the parser sees it.
    let line = error_line(&run, "content/briefings/exit.md:2:1");
    assert!(line.contains("this YAML is 97 KiB; the limit is 64 KiB"), "{line}");
}

#[test]
fn deeply_nested_brackets_within_the_size_cap_are_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = format!("---\ntitle: {}\ndate: 2026-01-07\n---\n\nBody.\n", "{a: [".repeat(10_000));
        site.write("content/briefings/exit.md", text.as_bytes());
    });
    let line = error_line(&run, "content/briefings/exit.md:2");
    assert!(line.contains("the YAML nests deeper than 32 levels"), "{line}");
    run.expect_stderr("help: front matter holds flat keys and short lists; flatten this value");
}

#[test]
fn a_hundred_kilobytes_of_front_matter_are_refused() {
    let site = good_site();
    let run = fails_leaving_public_untouched(&site, |site| {
        let text = format!("---\ntitle: Long\ndate: 2026-01-07\nsummary: \"{}\"\n---\n\nBody.\n", "x".repeat(100_000));
        site.write("content/briefings/exit.md", text.as_bytes());
    });
    let line = error_line(&run, "content/briefings/exit.md:2:1");
    assert!(line.contains("the limit is 64 KiB"), "{line}");
    run.expect_stderr("help: move long text into the Markdown body");
}

// ---------------------------------------------------------------------------------------------
// What is accepted

#[test]
fn a_byte_order_mark_is_accepted() {
    let site = good_site();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(b"---\ntitle: \"Marked title\"\ndate: 2026-01-09\nsources: [heel-turn]\n---\n\nText.\n");
    site.write("content/briefings/marked.md", &bytes);
    site.build(&[]).expect_success();
    let page = site.page("briefings/marked/index.html");
    assert!(page.contains("<h1>Marked title</h1>"), "{page}");
    assert!(page.contains("<title>Marked title · Test Briefings</title>"), "{page}");
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn crlf_line_endings_are_accepted() {
    let site = good_site();
    let text = "---\ntitle: \"Windows title\"\ndate: 2026-01-09\norganizations: [foc]\ntopics: [internet-governance]\nsources: [heel-turn]\n---\n\n## Section one\n\nSee [[exit#background]].\n";
    site.write("content/briefings/windows.md", text.replace('\n', "\r\n").as_bytes());
    let site_yaml = format!("{}description: A site.\n", common::SITE_YAML).replace('\n', "\r\n");
    site.write("content/site.yaml", site_yaml.as_bytes());
    site.build(&[]).expect_success();
    let page = site.page("briefings/windows/index.html");
    assert!(page.contains("<h1>Windows title</h1>"), "{page}");
    assert!(page.contains("<title>Windows title · Test Briefings</title>"), "{page}");
    assert!(page.contains("id=\"section-one\""), "{page}");
    assert!(page.contains("href=\"/briefings/exit/#background\""), "{page}");
    assert!(site.page("organizations/foc/index.html").contains("/briefings/windows/"));
    assert!(!page.contains('\r'), "a carriage return reached the page");
}
