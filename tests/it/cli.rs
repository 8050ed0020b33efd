//! The command line: help, usage errors, `new`, `init`, `check` and `build` exit codes and
//! messages.

use crate::common;
use common::{Brief, Run, TestSite, run_in, snapshot};

/// The site's folder as an argument.
fn root_arg(site: &TestSite) -> String {
    site.root().to_string_lossy().into_owned()
}

fn read(site: &TestSite, relative: &str) -> String {
    let path = site.path(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `brief new KIND TITLE --root SITE`.
fn new(site: &TestSite, kind: &str, title: &str) -> Run {
    let root = root_arg(site);
    site.run(&["new", kind, title, "--root", &root])
}

fn assert_mentions(run: &Run, words: &[&str]) {
    for word in words {
        assert!(run.stdout.contains(word), "help lacks {word:?}:\n{}", run.stdout);
    }
}

// ---------------------------------------------------------------- help and usage errors

#[test]
fn help_lists_every_command() {
    let site = TestSite::bare();
    let run = site.run(&["--help"]);
    run.expect_success();
    assert_mentions(&run, &["Usage: brief", "build", "check", "new", "init"]);
}

#[test]
fn build_help_mentions_its_options() {
    let site = TestSite::bare();
    let run = site.run(&["build", "--help"]);
    run.expect_success();
    assert_mentions(&run, &["--root", "--output", "--drafts", "--base-url"]);
}

#[test]
fn check_help_mentions_its_options() {
    let site = TestSite::bare();
    let run = site.run(&["check", "--help"]);
    run.expect_success();
    assert_mentions(&run, &["--root", "--drafts", "--base-url", "--deny-warnings"]);
}

#[test]
fn new_help_mentions_its_options_and_kinds() {
    let site = TestSite::bare();
    let run = site.run(&["new", "--help"]);
    run.expect_success();
    assert_mentions(&run, &["--root", "briefing", "organization", "topic", "event", "page"]);
}

#[test]
fn init_help_mentions_its_folder_argument() {
    let site = TestSite::bare();
    let run = site.run(&["init", "--help"]);
    run.expect_success();
    assert_mentions(&run, &["Usage: brief init", "DIR"]);
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let site = TestSite::new().briefing("a", "", "Body.\n");
    let root = root_arg(&site);
    site.run(&["build", "--root", &root, "--no-such-flag"]).expect_code(2).expect_stderr("--no-such-flag");
    site.run(&["check", "--root", &root, "--no-such-flag"]).expect_code(2);
    assert!(!site.has_page("index.html"), "a usage error built the site");
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    TestSite::bare().run(&["publish"]).expect_code(2);
}

// ---------------------------------------------------------------- brief new

#[test]
fn new_briefing_writes_a_file_with_a_short_slug_that_checks() {
    let site = TestSite::new();
    new(&site, "briefing", "The U.S. Heel Turn").expect_success();
    let text = read(&site, "content/briefings/u-s-heel-turn.md");
    assert!(text.starts_with("---\n"), "{text}");
    assert!(text.contains("title: \"The U.S. Heel Turn\""), "{text}");
    // The new briefing is a draft: a check including drafts reads its front matter and body.
    // Its summary is a placeholder, warned about until it is written.
    site.check_cli(&["--drafts"])
        .expect_success()
        .expect_stderr("warning[W013]: content/briefings/u-s-heel-turn.md:4:1: the summary is still the placeholder");
    let written = text.replace(brief::model::SUMMARY_PLACEHOLDER, "What the turn means.");
    site.write("content/briefings/u-s-heel-turn.md", written.as_bytes());
    let run = site.check_cli(&["--drafts"]);
    assert!(!run.stderr.contains("W013"), "{}", run.stderr);
}

#[test]
fn new_takes_a_slug_and_an_organization_s_acronym() {
    let site = TestSite::new();
    let root = root_arg(&site);
    site.run(&["new", "briefing", "The long title of a briefing about many things at once", "--root", &root])
        .expect_success();
    assert!(site.path("content/briefings/long-title-briefing-about-many-things.md").is_file());
    site.run(&["new", "briefing", "Anything", "--slug", "heel-turn", "--root", &root]).expect_success();
    assert!(site.path("content/briefings/heel-turn.md").is_file());
    site.run(&["new", "briefing", "Anything", "--slug", "Heel Turn", "--root", &root])
        .expect_code(2)
        .expect_stderr("`heel-turn`");
    site.run(&[
        "new",
        "organization",
        "Organisation for Economic Co-operation and Development",
        "--acronym",
        "OECD",
        "--root",
        &root,
    ])
    .expect_success();
    let text = read(&site, "content/organizations/oecd.md");
    assert!(text.contains("acronym: \"OECD\""), "{text}");
}

#[test]
fn running_inside_content_says_to_run_from_the_site_folder() {
    let site = TestSite::new();
    let inside = site.path("content");
    let run = common::run_in(&inside, &["check"]);
    run.expect_code(1).expect_stderr("help: run brief from the site folder, or pass `--root ..`");
    common::run_in(&inside, &["new", "briefing", "X"]).expect_code(2).expect_stderr("--root ..");
}

#[test]
fn new_never_overwrites_an_existing_file() {
    let site = TestSite::new();
    new(&site, "briefing", "The U.S. Heel Turn").expect_success();
    let path = "content/briefings/u-s-heel-turn.md";
    let edited = format!("{}\nThe analyst's own words.\n", read(&site, path));
    site.write(path, edited.as_bytes());
    new(&site, "briefing", "The U.S. Heel Turn").expect_code(1).expect_stderr("already exists");
    assert_eq!(read(&site, path), edited, "the second `brief new` changed the file");
}

#[test]
fn new_writes_each_kind_into_its_folder() {
    let site = TestSite::new();
    for (kind, title, file) in [
        ("organization", "Freedom Online Coalition", "content/organizations/freedom-online-coalition.md"),
        ("topic", "Internet Governance", "content/topics/internet-governance.md"),
        ("event", "WTSA New Delhi", "content/timeline/wtsa-new-delhi.md"),
        ("page", "About Us", "content/pages/about-us.md"),
    ] {
        new(&site, kind, title).expect_success();
        let text = read(&site, file);
        assert!(text.starts_with("---\n"), "{file}:\n{text}");
        assert!(text.contains(&format!("\"{title}\"")), "{file} lacks its title:\n{text}");
    }
    site.check_cli(&[]).expect_success();
}

#[test]
fn new_without_a_content_folder_is_a_usage_error() {
    let site = TestSite::bare();
    new(&site, "briefing", "Anything").expect_code(2).expect_stderr("content/");
    assert!(snapshot(site.root()).is_empty(), "files were written: {:?}", snapshot(site.root()).keys());
}

// ---------------------------------------------------------------- brief init

#[test]
fn init_makes_a_site_that_builds_without_warnings() {
    let dir = TestSite::bare();
    dir.run(&["init", "site"]).expect_success();
    assert!(dir.path("site/content/site.yaml").is_file());
    let root = dir.path("site").to_string_lossy().into_owned();
    let run = run_in(dir.root(), &["build", "--root", &root]);
    run.expect_success();
    assert!(!run.stderr.contains("warning"), "a new site has warnings:\n{}", run.stderr);
    assert!(dir.path("site/public/index.html").is_file(), "no site/public/index.html");
}

#[test]
fn init_refuses_a_folder_that_already_has_content() {
    let site = TestSite::new().briefing("a", "", "Body.\n");
    let before = snapshot(site.root());
    let root = root_arg(&site);
    site.run(&["init", &root]).expect_code(2).expect_stderr("content/");
    assert_eq!(snapshot(site.root()), before, "`brief init` changed an existing site");
}

// ---------------------------------------------------------------- brief check

/// A site with no problems: a briefing that cites its source and names its organization.
fn clean_site() -> TestSite {
    TestSite::new()
        .sources("- id: s\n  title: \"A source\"\n  url: https://example.org/s\n")
        .organization("foc", "Freedom Online Coalition", "")
        .briefing("a", "summary: \"A claim.\"\norganizations: [foc]\n", "A claim [@s].\n")
}

#[test]
fn check_prints_a_summary_and_exits_0_when_all_is_well() {
    let site = clean_site();
    let run = site.check_cli(&[]);
    run.expect_success();
    assert!(run.stdout.lines().any(|l| l.starts_with("Checked ")), "no summary line:\n{}", run.stdout);
    assert!(run.stdout.contains("0 errors, 0 warnings"), "{}", run.stdout);
    assert!(!site.path("public").exists(), "check wrote the site");
}

#[test]
fn check_exits_1_when_there_is_an_error() {
    let site = clean_site().briefing("b", "organizations: [fco]\n", "A claim [@s].\n");
    let run = site.check_cli(&[]);
    run.expect_code(1).expect_stderr("content/briefings/b.md:4:17").expect_stderr("did you mean `foc`?");
    assert!(run.stdout.lines().any(|l| l.starts_with("Checked ")), "no summary line:\n{}", run.stdout);
    assert!(run.stdout.contains("1 error"), "{}", run.stdout);
}

#[test]
fn check_deny_warnings_turns_warnings_into_exit_1() {
    // A briefing that cites no source is a warning.
    let site = clean_site().briefing("b", "summary: \"None.\"\norganizations: [foc]\n", "No source here.\n");
    let run = site.check_cli(&[]);
    run.expect_success().expect_stderr("warning").expect_stderr("cites no source");
    assert!(run.stdout.contains("0 errors, 1 warning"), "{}", run.stdout);
    site.check_cli(&["--deny-warnings"]).expect_code(1).expect_stderr("cites no source");
    clean_site().check_cli(&["--deny-warnings"]).expect_success();
}

// ---------------------------------------------------------------- brief build

#[test]
fn build_without_a_content_folder_exits_1_naming_content() {
    let site = TestSite::bare();
    site.build_cli(&[]).expect_code(1).expect_stderr("content/");
    assert!(!site.path("public").exists(), "a failed build wrote public/");
}

#[test]
fn build_writes_into_the_output_folder() {
    let site = clean_site();
    let out = site.path("elsewhere").to_string_lossy().into_owned();
    site.build_cli(&["--output", &out]).expect_success();
    assert!(site.path("elsewhere/briefings/a/index.html").is_file());
    assert!(!site.path("public").exists(), "--output also wrote public/");
}

#[test]
fn build_base_url_replaces_the_one_in_site_yaml() {
    let site = clean_site();
    site.build_cli(&["--base-url", "https://briefs.example.net/sub/"]).expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://briefs.example.net/sub/briefings/a/\">"), "{page}");
    assert!(page.contains("href=\"/sub/organizations/foc/\""), "{page}");
}

#[test]
fn a_failed_build_leaves_the_output_folder_as_it_was() {
    let site = clean_site();
    site.build_cli(&[]).expect_success();
    let before = site.snapshot();
    site.write("content/briefings/a.md", b"---\ntitle: \"A\"\ndate: 2026-01-07\n---\n\nSee [[nowhere]].\n");
    site.build_cli(&[]).expect_code(1).expect_stderr("content/briefings/a.md:6:5");
    assert_eq!(site.snapshot(), before, "a failed build changed public/");
}

// ---------------------------------------------------------------- diagnostics for tools

/// A site with one broken reference, for the formats tools read.
fn site_with_a_typo() -> TestSite {
    clean_site().briefing("b", "summary: \"B.\"\norganizations: [fco]\n", "A claim [@s].\n")
}

#[test]
fn message_format_json_prints_one_object_per_diagnostic_on_stdout() {
    let site = site_with_a_typo();
    let run = site.check_cli(&["--message-format", "json"]);
    run.expect_code(1);
    let objects: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(objects.len(), 2, "{}", run.stdout);
    let d = &objects[0];
    assert_eq!(d["reason"], "diagnostic");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E040");
    assert_eq!(d["file"], "content/briefings/b.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(5), Some(17)));
    assert_eq!(d["end"]["column"], 20);
    assert_eq!(d["message"], "no organization has the slug `fco`");
    assert_eq!(d["help"], "did you mean `foc`?");
    assert!(d["related"].as_array().is_some());
    assert_eq!(objects[1]["reason"], "build-finished");
    assert_eq!(objects[1]["success"], false);
    assert!(!run.stderr.contains("error["), "people's format leaked:\n{}", run.stderr);
    site.build_cli(&["--message-format", "json"]).expect_code(1);
}

#[test]
fn on_github_actions_problems_are_also_workflow_annotations() {
    let site = site_with_a_typo();
    let root = root_arg(&site);
    let annotated = Brief::new(&["check", "--root", &root]).env("GITHUB_ACTIONS", "true").run();
    let annotation =
        annotated.stdout.lines().find(|l| l.starts_with("::error ")).unwrap_or_else(|| panic!("{}", annotated.stdout));
    assert_eq!(
        annotation,
        "::error file=content/briefings/b.md,line=5,col=17,endColumn=20,title=brief E040::no organization has the slug `fco`%0Ahelp: did you mean `foc`?"
    );
    // The launcher leaves GITHUB_ACTIONS out unless a test sets it.
    let plain = Brief::new(&["check", "--root", &root]).run().stdout;
    assert!(!plain.contains("::error"), "annotations outside GitHub Actions:\n{plain}");
}
