//! Link: the site graph.
//!
//! Takes: a [`ParsedSite`]. Gives: a [`Site`]: every document at its address; the topics
//! (which exist by being used); every front-matter reference, wikilink, `.md` link, site path,
//! citation and `#anchor` resolved against the whole site, or reported with the closest
//! existing name; citation numbers; backlinks; each kind's listing order; related briefings;
//! and a check that no two things write the same output file. [`settle`] then takes out what
//! follows from an earlier stage's error and tells each root error how far it reaches.
//!
//! One file per step: [`site`] (the linked site and its ids), `collisions` (against the
//! output [`plan`], every file a build writes), `resolve` (with [`citations`], which numbers
//! a page's citations), `related`, `lints` and `settle`.

pub(crate) mod citations;
mod collisions;
mod lints;
pub(crate) mod plan;
mod related;
mod resolve;
mod settle;
pub(crate) mod site;

use crate::diagnostics::Diagnostics;
use crate::parse::ParsedSite;

pub(crate) use settle::settle;
pub(crate) use site::{DocId, IdVec, Reference, Site, SourceId, Target, TopicId};

/// Builds the site graph from `parsed`, reporting every reference that does not resolve.
pub(crate) fn link(mut parsed: ParsedSite) -> (Site, Diagnostics) {
    let drafts = std::mem::take(&mut parsed.drafts);
    let sources_file = parsed.sources_file.take();
    let mut problems = Diagnostics::new();
    // Every document at its address, with the topics and the sources.
    let mut site = Site::gather(parsed);
    collisions::check(&site, &mut problems);
    // Every reference of every document, in parallel; then who refers to what.
    let resolved = resolve::resolve(&site, &drafts);
    site.record(resolved, &mut problems);
    // Each kind in its order, and every list of documents in the site's.
    site.order();
    for (briefing, related) in related::related(&site) {
        site.docs[briefing].related = related;
    }
    lints::lint(&site, sources_file.as_ref(), &mut problems);
    (site, problems)
}

/// Sites linked from a handful of files in memory, for the tests of each step.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::diagnostics::Diagnostics;
    use crate::load::{ContentFile, LoadedSite, SourceText};
    use crate::model::{Kind, SiteConfig};
    use crate::theme::Theme;

    use super::Site;

    /// Parses and links `files`, `(path under content/, text)`, with `sources` as
    /// `sources.yaml`: the site, the parse's problems and the link's.
    pub(crate) fn link_parsed(files: &[(&str, &str)], sources: Option<&str>) -> (Site, Diagnostics, Diagnostics) {
        let content = files
            .iter()
            .map(|(path, text)| {
                let (folder, file) = path.split_once('/').expect("a path such as briefings/a.md");
                ContentFile {
                    kind: Kind::from_folder(folder).expect("a content folder"),
                    slug: file.strip_suffix(".md").expect("a .md file").to_string(),
                    source: SourceText { path: PathBuf::from("content").join(path), text: text.to_string() },
                }
            })
            .collect();
        let site_yaml = "title: Test\nbase_url: https://example.org/\n";
        let loaded = LoadedSite {
            config: SiteConfig::parse(site_yaml).0,
            config_file: SourceText { path: "content/site.yaml".into(), text: site_yaml.into() },
            content,
            sources: sources.map(|text| SourceText { path: "content/sources.yaml".into(), text: text.into() }),
            static_files: Vec::new(),
            theme: Theme::built_in(),
            drafts: false,
            hidden: Vec::new(),
        };
        let (parsed, parse_problems) = crate::parse::parse(loaded);
        let (site, link_problems) = super::link(parsed);
        (site, parse_problems, link_problems)
    }

    /// The linked site of `files` and the link stage's problems.
    pub(crate) fn link(files: &[(&str, &str)]) -> (Site, Diagnostics) {
        let (site, _, problems) = link_parsed(files, None);
        (site, problems)
    }

    /// Asserts that `all` holds each of `expected`, in that order (with anything between).
    pub(crate) fn assert_in_order(all: &[String], expected: &[&str]) {
        let mut rest = all.iter();
        for item in expected {
            assert!(rest.any(|a| a == item), "`{item}` missing or out of order in {all:?}");
        }
    }

    /// The same, with `sources` as `sources.yaml`.
    pub(crate) fn link_with_sources(files: &[(&str, &str)], sources: &str) -> (Site, Diagnostics) {
        let (site, _, problems) = link_parsed(files, Some(sources));
        (site, problems)
    }
}
