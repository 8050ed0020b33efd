//! Warnings about content that builds but reads badly. `brief check --deny-warnings` turns them
//! into a failure, which is how the shipped site is held to them (`shipped_site`); these
//! checks run in-process, where that is a check with no problem at all (`expect_clean`).

use crate::common;

use common::TestSite;

const SOURCE: &str = "- id: s\n  title: A source\n  url: https://example.org/s\n";

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
    clean_site().check().expect_clean();
}

#[test]
fn a_briefing_that_cites_no_source_is_a_warning() {
    let site =
        clean_site().briefing("b", "organizations: [foc]\ntopics: [spyware]\nsummary: \"B.\"\n", "An uncited claim.\n");
    let build = site.check();
    build.expect_success().expect_report("warning[W050]: content/briefings/b.md:1:1: this briefing cites no source");
    build.expect_report("help: add `sources: [id]` to the front matter, or cite inline with [@id]");
    build.expect_problems();
}

#[test]
fn a_source_listed_in_front_matter_counts_as_cited() {
    let site = clean_site().briefing("b", "sources: [s]\nsummary: \"B.\"\n", "Relies on the source as a whole.\n");
    site.check().expect_clean();
}

#[test]
fn an_organization_nothing_refers_to_is_a_warning() {
    let site = clean_site().organization("lonely", "Lonely Body", "");
    let build = site.check();
    build.expect_problems().expect_report(
        "warning[W051]: content/organizations/lonely.md: no briefing or event refers to this organization",
    );
    build.expect_report("help: list `lonely` in the `organizations` of the briefings and events about it");
}

#[test]
fn an_organization_named_only_by_an_event_is_fine() {
    let site = clean_site().organization("other", "Other Body", "").event(
        "e2",
        "2025",
        "organizations: [other]\ntopics: [spyware]\nsources: [s]\n",
        "Another event.\n",
    );
    site.check().expect_clean();
}

#[test]
fn a_topic_used_once_without_a_description_is_a_warning_with_the_closest_topic() {
    let site = clean_site().briefing("b", "topics: [spywear]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n");
    let build = site.check();
    build.expect_problems().expect_report(
        "warning[W052]: content/briefings/b.md:4:10: the topic `spywear` is used only here and has no description",
    );
    build.expect_report("help: did you mean `spyware`? If not, describe the topic in `content/topics/spywear.md`");
}

#[test]
fn a_topic_used_twice_or_described_is_fine() {
    let twice = clean_site()
        .briefing("b", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n")
        .briefing("c", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n");
    twice.check().expect_clean();
    let described = clean_site()
        .briefing("b", "topics: [encryption]\nsources: [s]\nsummary: \"B.\"\n", "Body.\n")
        .file("content/topics/encryption.md", "---\ntitle: Encryption\n---\n\nAbout encryption.\n");
    described.check().expect_clean();
}

#[test]
fn a_described_topic_that_nothing_lists_is_a_warning() {
    let site = clean_site().file("content/topics/unused.md", "---\ntitle: Unused\n---\n\nNobody lists it.\n");
    site.check()
        .expect_problems()
        .expect_report("warning[W053]: content/topics/unused.md: no briefing or event lists this topic");
}

#[test]
fn a_source_never_cited_is_a_warning_at_its_id() {
    let site =
        clean_site().sources(&format!("{SOURCE}- id: spare\n  title: Never cited\n  url: https://example.org/spare\n"));
    site.check()
        .expect_problems()
        .expect_report("warning[W054]: content/sources.yaml:4:7: the source `spare` is never cited");
}
