//! Link: the site graph.
//!
//! Takes: a [`ParsedSite`]. Gives: a [`Site`]: every document at its address; the topics
//! (which exist by being used); every front-matter reference, wikilink, `.md` link, site path,
//! citation and `#anchor` resolved against the whole site, or reported with the closest
//! existing name; what `site.yaml` names for the site's look and links (its logo, icon, social
//! image, stylesheet, menu and footer links), found in the site; citation numbers; backlinks; each kind's listing order; related briefings;
//! and a check that no two things write the same output file. [`settle`] then takes out what
//! follows from an earlier stage's error and tells each root error how far it reaches.
//!
//! One file per step: [`site`] (the linked site and its ids), `collisions` (against the
//! output [`plan`], every file a build writes), `resolve` (with [`citations`], which numbers
//! a page's citations), `related`, `series` (series numbers), `lints` and `settle`.

pub(crate) mod citations;
mod collisions;
mod lints;
pub(crate) mod plan;
mod related;
mod resolve;
mod series;
mod settle;
pub(crate) mod site;

use crate::diagnostics::Diagnostics;
use crate::parse::ParsedSite;

pub(crate) use settle::settle;
pub(crate) use site::{DocId, IdVec, Picture, Reference, ResolvedTable, Site, SiteHref, SourceId, Target, TopicId};

/// Builds the site graph from `parsed`, reporting every reference that does not resolve.
pub(crate) fn link(mut parsed: ParsedSite) -> (Site, Diagnostics) {
    let drafts = std::mem::take(&mut parsed.drafts);
    let source_files = std::mem::take(&mut parsed.source_files);
    let mut problems = Diagnostics::new();
    // Every document at its address, with the topics and the sources.
    let mut site = Site::gather(parsed);
    collisions::check(&site, &mut problems);
    series::check(&site, &mut problems);
    // Every reference of every document, in parallel; then who refers to what.
    let (resolved, (branding, branding_problems)) = resolve::resolve(&site, &drafts);
    site.record(resolved, &mut problems);
    site.branding = branding;
    problems.extend(branding_problems);
    // Each kind in its order, and every list of documents in the site's.
    site.order();
    for (briefing, related) in related::related(&site) {
        site.docs[briefing].related = related;
    }
    lints::lint(&site, &source_files, &mut problems);
    (site, problems)
}

/// Sites linked from a handful of files in memory, for the tests of each step.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::diagnostics::Diagnostics;
    use crate::load::{ContentFile, LoadedSite, TextFile};
    use crate::model::SiteConfig;
    use crate::theme::Theme;

    use super::Site;

    /// Parses and links `files`, `(path under content/, text)`, with `sources` as
    /// `sources.yaml`: the site, the parse's problems and the link's.
    pub(crate) fn link_parsed(files: &[(&str, &str)], sources: Option<&str>) -> (Site, Diagnostics, Diagnostics) {
        let site_yaml = format!("title: Test\nbase_url: https://example.org/\n{}", crate::model::testing::STATUS_YAML);
        link_parsed_with(files, sources, &site_yaml)
    }

    /// [`link_parsed`] with `site_yaml` as `site.yaml`.
    fn link_parsed_with(
        files: &[(&str, &str)],
        sources: Option<&str>,
        site_yaml: &str,
    ) -> (Site, Diagnostics, Diagnostics) {
        let config = SiteConfig::parse(site_yaml).0;
        let content = files
            .iter()
            .map(|(path, text)| {
                let (folder, file) = path.split_once('/').expect("a path such as briefings/a.md");
                let (kind, taxonomy) = config.folder_kind(folder).expect("a content folder");
                ContentFile {
                    kind,
                    taxonomy,
                    slug: file.strip_suffix(".md").expect("a .md file").to_string(),
                    path: PathBuf::from("content").join(path),
                    text: text.to_string(),
                }
            })
            .collect();
        let loaded = LoadedSite {
            root: PathBuf::from("."),
            config,
            config_file: TextFile { path: "content/site.yaml".into(), text: site_yaml.to_string() },
            content,
            sources: sources
                .map(|text| TextFile { path: "content/sources.yaml".into(), text: text.into() })
                .into_iter()
                .collect(),
            styles: Vec::new(),
            static_files: Vec::new(),
            data_files: Vec::new(),
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

    /// The linked site of `files` with `site_yaml` as `site.yaml`, and the link stage's problems.
    pub(crate) fn link_with_site_yaml(files: &[(&str, &str)], site_yaml: &str) -> (Site, Diagnostics) {
        let (site, _, problems) = link_parsed_with(files, None, site_yaml);
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

#[cfg(test)]
mod tests {
    use super::testing::{link, link_with_sources};
    use super::*;
    use crate::model::Kind;

    /// A small site where everything is used: two briefings about one organization, citing
    /// two sources, an event, a described topic and a page.
    const SITE: &[(&str, &str)] = &[
        (
            "briefings/old.md",
            "---\ntitle: Old\ndate: 2025-01-07\norganizations: [o]\ntopics: [t]\n---\nFirst [@s2], then [@s1] and [@s2].\n",
        ),
        (
            "briefings/new.md",
            "---\ntitle: New\ndate: 2026-01-07\norganizations: [o]\ntopics: [t]\n---\nAfter [[old]] [@s1].\n",
        ),
        ("organizations/o.md", "---\nname: O\n---\nAn organization.\n"),
        ("timeline/e.md", "---\ntitle: E\ndate: 2025\norganizations: [o]\ntopics: [t]\n---\n"),
        ("topics/t.md", "---\ntitle: T\n---\nA topic.\n"),
        ("pages/about.md", "---\ntitle: About\n---\nSee [[new]].\n"),
    ];
    const SOURCES: &str = "- id: s1\n  title: One\n- id: s2\n  title: Two\n";

    fn doc(site: &Site, slug: &str) -> DocId {
        site.docs.ids().find(|&id| site.doc(id).slug == slug).unwrap_or_else(|| panic!("no `{slug}`"))
    }

    fn slugs(site: &Site, ids: &[DocId]) -> Vec<String> {
        ids.iter().map(|&id| site.doc(id).slug.clone()).collect()
    }

    #[test]
    fn a_site_where_everything_resolves_links_without_a_problem() {
        let (_, problems) = link_with_sources(SITE, SOURCES);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn every_document_is_at_its_address_and_listed_in_its_kinds_order() {
        let (site, _) = link_with_sources(SITE, SOURCES);
        let paths: Vec<&str> =
            ["old", "o", "e", "about"].map(|slug| site.docs[doc(&site, slug)].path.as_str()).to_vec();
        assert_eq!(paths, ["briefings/old/", "organizations/o/", "timeline/#e", "about/"]);
        assert_eq!(slugs(&site, site.listed(Kind::Briefing)), ["new", "old"]);
        assert_eq!(site.topics.iter().map(|t| (t.slug.as_str(), t.doc.is_some())).collect::<Vec<_>>(), [("t", true)]);
    }

    #[test]
    fn front_matter_bodies_and_citations_are_resolved_with_who_refers_to_what() {
        let (site, _) = link_with_sources(SITE, SOURCES);
        let (old, new, o) = (doc(&site, "old"), doc(&site, "new"), doc(&site, "o"));
        assert_eq!(site.docs[new].refs.organizations, [o]);
        assert_eq!(slugs(&site, &site.docs[o].backlinks), ["new", "old", "e"]);
        assert_eq!(slugs(&site, &site.docs[old].backlinks), ["new"]);
        assert_eq!(slugs(&site, &site.docs[new].backlinks), ["about"]);
        // Numbered in order of first citation, each once however often it is cited; listed
        // in the style's order.
        let mut cited: Vec<(usize, &str, usize)> = site.docs[old]
            .references
            .iter()
            .map(|r| (r.number, site.sources[r.source].entry.id.as_str(), r.marks.len()))
            .collect();
        cited.sort();
        assert_eq!(cited, [(1, "s2", 2), (2, "s1", 1)]);
        assert_eq!(slugs(&site, &site.docs[new].related), ["old"]);
    }

    #[test]
    fn every_problem_is_reported_and_the_rest_of_the_site_still_links() {
        let (site, problems) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\norganizations: [fco, foc]\n---\n[[nowhere]]\n"),
            ("organizations/foc.md", "---\nname: FOC\n---\n"),
            ("pages/search.md", "---\ntitle: Search\n---\n"),
        ]);
        let found: Vec<(&str, String)> = problems.iter().map(|d| (d.code, d.file.display().to_string())).collect();
        assert_eq!(
            found,
            [
                ("E052", "content/pages/search.md".into()),
                ("E040", "content/briefings/a.md".into()),
                ("E042", "content/briefings/a.md".into()),
                ("W050", "content/briefings/a.md".into()),
            ]
        );
        let unknown = problems.iter().find(|d| d.code == "E040").expect("the unknown organization");
        assert!(unknown.location.is_some() && unknown.help.as_deref() == Some("did you mean `foc`?"), "{unknown:?}");
        assert_eq!(site.docs[doc(&site, "a")].refs.organizations, [doc(&site, "foc")]);
    }
}
