//! Lints: warnings about content that builds but reads badly.
//!
//! Takes: the linked [`Site`] and `sources.yaml`. Gives: a warning for a briefing that cites
//! no source (W050), an organization nothing refers to (W051), a topic used once without a
//! description (W052), a described topic nothing lists (W053), and a source never cited
//! (W054).

use crate::diagnostics::{Diagnostic, Diagnostics, listed};
use crate::load::TextFile;
use crate::markdown::LinkTarget;
use crate::model::Kind;
use crate::suggest;

use super::site::Site;

/// The kinds whose front matter has `key`, by name (`briefing or event`) or in the plural
/// (`briefings and events`).
fn kinds_listing(key: &str, plural: bool) -> String {
    let kinds = Kind::ALL.into_iter().filter(|k| k.keys().contains(&key));
    match plural {
        false => listed(&kinds.map(|k| k.name()).collect::<Vec<_>>(), "or"),
        true => listed(&kinds.map(|k| k.spec().plural).collect::<Vec<_>>(), "and"),
    }
}

pub(super) fn lint(site: &Site, source_files: &[TextFile], diagnostics: &mut Diagnostics) {
    for &id in site.listed(Kind::Briefing) {
        // What is written counts: a citation of a source that is broken is reported there.
        let doc = site.doc(id);
        let cites = doc.outline.links.iter().any(|l| matches!(l.target, LinkTarget::Citation(_)));
        if site.docs[id].references.is_empty() && !cites && doc.meta.references().sources.is_empty() {
            diagnostics.push(
                Diagnostic::warning("W050", &doc.path, "this briefing cites no source")
                    .at(&doc.text, doc.locator().key("sources"))
                    .with_help("add `sources: [id]` to the front matter, or cite inline with [@id]"),
            );
        }
    }
    let listing_organizations: Vec<Kind> =
        Kind::ALL.into_iter().filter(|k| k.keys().contains(&"organizations")).collect();
    for &id in site.listed(Kind::Organization) {
        let referred = site.docs[id].backlinks.iter().any(|&b| listing_organizations.contains(&site.doc(b).kind));
        if !referred {
            let doc = site.doc(id);
            diagnostics.push(
                Diagnostic::warning(
                    "W051",
                    &doc.path,
                    format!("no {} refers to this organization", kinds_listing("organizations", false)),
                )
                .with_help(format!(
                    "list `{}` in the `organizations` of the {} about it",
                    doc.slug,
                    kinds_listing("organizations", true)
                )),
            );
        }
    }
    for topic in site.topics.iter() {
        let taxonomy = site.config.taxonomy(topic.taxonomy);
        let (key, folder, term) = (&taxonomy.key, taxonomy.folder(), taxonomy.singular_lower());
        if topic.doc.is_none() && topic.uses <= 1 {
            let Some(&user) = topic.backlinks.first() else { continue };
            let doc = site.doc(user);
            let others = (site.topics.iter())
                .filter(|t| t.taxonomy == topic.taxonomy && t.slug != topic.slug)
                .map(|t| t.slug.as_str());
            let slug = &topic.slug;
            let help = match suggest::closest(slug, others) {
                Some(close) => {
                    format!("did you mean `{close}`? If not, describe the {term} in `content/{folder}/{slug}.md`")
                }
                None => format!("describe the {term} in `content/{folder}/{slug}.md`, or use an existing {term}"),
            };
            diagnostics.push(
                Diagnostic::warning(
                    "W052",
                    &doc.path,
                    format!("the {term} `{slug}` is used only here and has no description"),
                )
                .at(&doc.text, doc.locator().item(key, slug))
                .with_help(help),
            );
        }
        if let Some(doc_id) = topic.doc {
            if topic.uses == 0 {
                let doc = site.doc(doc_id);
                diagnostics.push(
                    Diagnostic::warning(
                        "W053",
                        &doc.path,
                        format!("no {} lists this {term}", kinds_listing("<taxonomy>", false)),
                    )
                    .with_help(format!("add `{}` to the `{key}` of the content about it", topic.slug)),
                );
            }
        }
    }
    // A `.bib` or CSL-JSON export of a reference manager holds more than one site cites.
    for source in site.sources.iter().filter(|s| s.backlinks.is_empty() && s.hand_written) {
        if let Some(file) = source_files.get(source.file) {
            diagnostics.push(
                Diagnostic::warning("W054", &file.path, format!("the source `{}` is never cited", source.entry.id))
                    .at(&file.text, source.range.clone())
                    .with_help(format!("cite it with [@{}], or remove it", source.entry.id)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::link::testing::{link, link_with_sources};

    fn warnings(found: &crate::diagnostics::Diagnostics) -> Vec<(&str, String, &str)> {
        found.iter().map(|d| (d.code, d.file.display().to_string(), d.message.as_str())).collect()
    }

    #[test]
    fn what_nothing_uses_is_warned_about_once() {
        let (_, found) = link_with_sources(
            &[
                ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [lone]\n---\nText.\n"),
                ("organizations/foc.md", "---\nname: FOC\n---\n"),
                ("topics/unused.md", "---\ntitle: Unused\n---\n"),
            ],
            "- id: never\n  title: Never\n",
        );
        assert_eq!(
            warnings(&found),
            [
                ("W050", "content/briefings/a.md".into(), "this briefing cites no source"),
                ("W051", "content/organizations/foc.md".into(), "no briefing or event refers to this organization"),
                ("W052", "content/briefings/a.md".into(), "the topic `lone` is used only here and has no description"),
                ("W053", "content/topics/unused.md".into(), "no briefing or event lists this topic"),
                ("W054", "content/sources.yaml".into(), "the source `never` is never cited"),
            ]
        );
    }

    #[test]
    fn content_that_is_used_is_not_warned_about() {
        let (_, found) = link_with_sources(
            &[
                ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\norganizations: [foc]\ntopics: [t]\n---\n[@s]\n"),
                ("timeline/e.md", "---\ntitle: E\ndate: 2026\ntopics: [t]\n---\n"),
                ("organizations/foc.md", "---\nname: FOC\n---\n"),
            ],
            "- id: s\n  title: S\n",
        );
        assert!(warnings(&found).is_empty(), "{found:?}");
        let (_, found) = link(&[("briefings/b.md", "---\ntitle: B\ndate: 2026-01-07\nsources: [gone]\n---\n")]);
        assert!(found.iter().all(|d| d.code != "W050"), "a listed source counts, even when broken: {found:?}");
    }
}
