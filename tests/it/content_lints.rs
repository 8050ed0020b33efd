//! Warnings about content that builds but reads badly. `brief check --deny-warnings` turns them
//! into a failure, which is how the shipped site is held to them (tests/shipped_site.rs).

use crate::common;

use common::TestSite;

const SOURCE: &str = "- id: s\n  title: A source\n";

/// A site with no warnings: a briefing citing its source, about an organization that an
/// event also names, with two topics each described.
fn clean_site() -> TestSite {
    TestSite::new()
        .sources(SOURCE)
        .organization("foc", "Freedom Online Coalition", "")
        .briefing("a", "summary: \"A claim.\"\norganizations: [foc]\ntopics: [spyware]\n", "Claim [@s].\n")
        .event("e", "2024", "organizations: [foc]\ntopics: [spyware]\nsources: [s]\n", "Event.\n")
        .file("content/topics/spyware.md", "---\ntitle: Spyware\n---\n\nAbout spyware.\n")
}

#[test]
fn a_clean_site_has_no_warnings() {
    let run = clean_site().check(&["--deny-warnings"]);
    run.expect_success().expect_stdout("0 errors, 0 warnings");
}

#[test]
fn a_briefing_that_cites_no_source_is_a_warning() {
    let site =
        clean_site().briefing("b", "organizations: [foc]\ntopics: [spyware]\nsummary: \"B.\"\n", "An uncited claim.\n");
    let run = site.check(&[]);
    run.expect_success().expect_stderr("warning[W050]: content/briefings/b.md:1:1: this briefing cites no source");
    run.expect_stderr("help: add `sources: [id]` to the front matter, or cite inline with [@id]");
    site.check(&["--deny-warnings"]).expect_code(1);
}

#[test]
fn a_source_listed_in_front_matter_counts_as_cited() {
    let site = clean_site().briefing("b", "sources: [s]\nsummary: \"B.\"\n", "Relies on the source as a whole.\n");
    site.check(&["--deny-warnings"]).expect_success();
}

#[test]
fn an_organization_nothing_refers_to_is_a_warning() {
    let site = clean_site().organization("lonely", "Lonely Body", "");
    let run = site.check(&["--deny-warnings"]);
    run.expect_code(1).expect_stderr(
        "warning[W051]: content/organizations/lonely.md: no briefing or timeline event refers to this organization",
    );
    run.expect_stderr("help: list `lonely` in the `organizations` of the briefings and events about it");
}

#[test]
fn an_organization_named_only_by_an_event_is_fine() {
    let site = clean_site().organization("other", "Other Body", "").event(
        "e2",
        "2025",
        "organizations: [other]\ntopics: [spyware]\nsources: [s]\n",
        "Another event.\n",
    );
    site.check(&["--deny-warnings"]).expect_success();
}

#[test]
fn a_topic_used_once_without_a_description_is_a_warning_with_the_closest_topic() {
    let site = clean_site().briefing("b", "topics: [spywear]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n");
    let run = site.check(&["--deny-warnings"]);
    run.expect_code(1).expect_stderr(
        "warning[W052]: content/briefings/b.md:4:10: the topic `spywear` is used only here and has no description",
    );
    run.expect_stderr("help: did you mean `spyware`? If not, describe the topic in `content/topics/spywear.md`");
}

#[test]
fn a_topic_used_twice_or_described_is_fine() {
    let twice = clean_site()
        .briefing("b", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n")
        .briefing("c", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n");
    twice.check(&["--deny-warnings"]).expect_success();
    let described = clean_site()
        .briefing("b", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n")
        .file("content/topics/encryption.md", "---\ntitle: Encryption\n---\n\nAbout encryption.\n");
    described.check(&["--deny-warnings"]).expect_success();
}

#[test]
fn a_described_topic_that_nothing_lists_is_a_warning() {
    let site = clean_site().file("content/topics/unused.md", "---\ntitle: Unused\n---\n\nNobody lists it.\n");
    site.check(&["--deny-warnings"])
        .expect_code(1)
        .expect_stderr("warning[W053]: content/topics/unused.md: no briefing or event lists this topic");
}

#[test]
fn a_source_never_cited_is_a_warning_at_its_id() {
    let site = clean_site().sources("- id: s\n  title: A source\n- id: spare\n  title: Never cited\n");
    site.check(&["--deny-warnings"])
        .expect_code(1)
        .expect_stderr("warning[W054]: content/sources.yaml:3:7: the source `spare` is never cited");
}
