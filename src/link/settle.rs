//! Settle: each mistake reported once, at its root.
//!
//! Takes: the linked [`Site`] and what the parse and link stages found. Gives: the same
//! problems less those that follow from an earlier stage's error (a citation meant for an
//! unreadable entry of `sources.yaml`, warnings that count references while front matter is
//! unreadable), with each root error saying how far it reaches.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, Location, Reach, Related};

use super::resolve::ADD_SOURCE_HELP;
use super::site::{DocId, Site};

/// Settles what the stages found so that each mistake is reported once, at its root: what
/// follows from an earlier error is taken out, and the root error says how far it reaches.
pub(crate) fn settle(site: &Site, parse_problems: &mut Diagnostics, link_problems: &mut Diagnostics) {
    // An entry of the bibliography that could not be read may be the one a citation means.
    if site.sources_incomplete {
        let mut missing: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        link_problems.retain(|d| {
            let follows = d.code == "E041" && d.help.as_deref() == Some(ADD_SOURCE_HELP);
            if follows {
                let id = d.message.split('`').nth(1).unwrap_or_default().to_string();
                missing.entry(id).or_default().push(d.file.clone());
            }
            !follows
        });
        let root =
            parse_problems.iter_mut().find(|d| d.is_error() && crate::bibliography::is_bibliography_file(&d.file));
        if let (Some(root), false) = (root, missing.is_empty()) {
            let ids: Vec<String> = missing
                .iter()
                .map(|(id, files)| format!("`{id}` ({})", crate::diagnostics::plural(files.len(), "citation")))
                .collect();
            let related = missing
                .iter()
                .flat_map(|(id, files)| files.iter().map(move |f| (id, f)))
                .take(20)
                .map(|(id, file)| {
                    let doc = site.docs.iter().map(|d| &d.document).find(|d| &d.path == file);
                    let location = doc.and_then(|d| {
                        d.text.find(id.as_str()).map(|i| Box::new(Location::of(&d.text, i..i + id.len())))
                    });
                    Related { file: file.clone(), location, message: format!("cites `{id}`") }
                })
                .collect();
            root.reach = Some(Box::new(Reach {
                note: format!("cited, but no readable entry has the id: {}", ids.join(", ")),
                related,
            }));
        }
    }
    // A file with errors still resolves; its root error says who links to it.
    for (id, linked) in site.docs.enumerate().filter(|(_, d)| d.document.broken) {
        let doc = &linked.document;
        let mut linking: Vec<DocId> = linked.backlinks.clone();
        if let Some(topic) = site.topics.iter().find(|t| t.doc == Some(id)) {
            linking.extend(&topic.backlinks);
        }
        linking.sort_unstable();
        linking.dedup();
        if linking.is_empty() {
            continue;
        }
        let Some(root) = parse_problems.iter_mut().find(|d| d.is_error() && d.file == doc.path) else { continue };
        let note = format!(
            "{} to this file; those links resolve, and need no change",
            if linking.len() == 1 { "1 page links".to_string() } else { format!("{} pages link", linking.len()) }
        );
        let related = linking
            .iter()
            .take(20)
            .map(|&b| {
                let from = site.doc(b);
                let at = from.text.find(&format!("[[{}", doc.slug)).or_else(|| from.text.find(doc.slug.as_str()));
                let location = at.map(|i| Box::new(Location::of(&from.text, i..i + doc.slug.len())));
                Related { file: from.path.clone(), location, message: format!("links to `{}`", doc.slug) }
            })
            .collect();
        root.reach = Some(Box::new(Reach { note, related }));
    }
    // While front matter or `sources.yaml` cannot be read, who refers to what is not known:
    // the warnings that count references would contradict what the writer wrote.
    let unreadable = parse_problems.iter().any(|d| d.is_error() && matches!(d.code.get(1..3), Some("01" | "02")));
    if unreadable {
        link_problems.retain(|d| !matches!(d.code, "W050" | "W051" | "W052" | "W053" | "W054"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::link_parsed;

    #[test]
    fn a_broken_file_says_who_links_to_it_and_counting_warnings_wait() {
        let (site, mut parse_problems, mut link_problems) = link_parsed(
            &[
                ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\nSee [[foc]].\n"),
                ("organizations/foc.md", "---\nname: FOC\nfounded: someday\n---\n"),
                ("organizations/other.md", "---\nname: Other\n---\n"),
            ],
            None,
        );
        assert!(link_problems.iter().any(|d| d.code == "W051"), "{link_problems:?}");
        settle(&site, &mut parse_problems, &mut link_problems);
        let root = parse_problems.iter().find(|d| d.is_error()).unwrap();
        let reach = root.reach.as_ref().unwrap();
        assert_eq!(reach.note, "1 page links to this file; those links resolve, and need no change");
        assert_eq!(reach.related[0].file, PathBuf::from("content/briefings/a.md"));
        assert!(link_problems.iter().all(|d| d.code != "W051"), "{link_problems:?}");
    }

    #[test]
    fn a_citation_of_an_unreadable_source_is_reported_at_its_entry() {
        let (site, mut parse_problems, mut link_problems) = link_parsed(
            &[("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\nSaid [@lost].\n")],
            Some("- title: No id\n"),
        );
        assert!(link_problems.iter().any(|d| d.code == "E041"));
        settle(&site, &mut parse_problems, &mut link_problems);
        assert!(link_problems.iter().all(|d| d.code != "E041"), "{link_problems:?}");
        let root = parse_problems.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(root.reach.as_ref().unwrap().note, "cited, but no readable entry has the id: `lost` (1 citation)");
    }
}
