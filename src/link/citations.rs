//! Citations: the numbers of the sources a page cites, each mark's anchor and link, and
//! what the site's citation style makes of them.
//!
//! Takes: a page's citations, in reading order, each with its locators. Gives: each mark's
//! number, anchor and link (the mark at `#cite_1_2` leads to `#ref_1`), each citation's text
//! in the style (`(Freedom House 2025, 12)`), and the page's reference list in the style's
//! order and words. The anchors follow the one scheme of [`crate::markdown::anchors`].

use std::collections::HashMap;

use crate::bibliography::style::Cite;
use crate::markdown::anchors::{mark_anchor, reference_anchor};
use crate::markdown::citations::CiteRef;
use crate::markdown::html::{CitationMark, ResolvedLink, StyledCitation};

use super::site::{Reference, Site, SourceId};

/// Numbers sources in the order a page first cites them, and keeps each citation for the
/// style.
#[derive(Debug, Default)]
pub(super) struct Citations {
    order: Vec<SourceId>,
    marks: HashMap<SourceId, Vec<String>>,
    /// Each citation of the text: the place of its link among the body's links, and what it
    /// cites.
    citations: Vec<(usize, Vec<(SourceId, CiteRef)>)>,
}

impl Citations {
    /// The number of `source` on this page, giving it the next one if it has none yet.
    pub(super) fn number(&mut self, source: SourceId) -> usize {
        match self.order.iter().position(|&s| s == source) {
            Some(i) => i + 1,
            None => {
                self.order.push(source);
                self.order.len()
            }
        }
    }

    /// A mark citing `source`, leading to its entry in the page's reference list.
    pub(super) fn cite(&mut self, source: SourceId, title: String) -> CitationMark {
        let number = self.number(source);
        let marks = self.marks.entry(source).or_default();
        let mark_id = mark_anchor(number, marks.len() + 1);
        marks.push(mark_id.clone());
        CitationMark { number, href: format!("#{}", reference_anchor(number)), mark_id: Some(mark_id), title }
    }

    /// Keeps the citation of the body's link `index`, citing `cites`, for the style.
    pub(super) fn record(&mut self, index: usize, cites: Vec<(SourceId, CiteRef)>) {
        self.citations.push((index, cites));
    }

    /// The sources cited, in the order of their numbers.
    pub(super) fn cited(&self) -> &[SourceId] {
        &self.order
    }

    /// Styles the page's citations in `links` (each recorded citation's pieces) and gives its
    /// reference list, in the style's order.
    pub(super) fn finish(mut self, site: &Site, links: &mut [ResolvedLink]) -> Vec<Reference> {
        if self.order.is_empty() {
            return Vec::new();
        }
        let items: Vec<_> = self.order.iter().map(|&s| &site.sources[s].item).collect();
        let position = |source: SourceId| self.order.iter().position(|&s| s == source).unwrap_or(0);
        let clusters: Vec<Vec<Cite>> = self
            .citations
            .iter()
            .map(|(_, cites)| {
                cites
                    .iter()
                    .map(|(source, cite)| Cite {
                        item: position(*source),
                        prefix: cite.prefix.clone(),
                        locator: cite.locator.clone(),
                        suppress_author: cite.suppress_author,
                    })
                    .collect()
            })
            .collect();
        let mut cited = vec![false; items.len()];
        for cite in clusters.iter().flatten() {
            cited[cite.item] = true;
        }
        let listed: Vec<usize> = (0..items.len()).filter(|&i| !cited[i]).collect();
        let styled = site.citation_style.page(&items, &clusters, &listed);
        for ((index, _), pieces) in self.citations.iter().zip(styled.citations) {
            if let Some(ResolvedLink::Citation(citation)) = links.get_mut(*index) {
                citation.pieces = pieces;
            }
        }
        let mut references = Vec::with_capacity(items.len());
        let mut listed_yet = vec![false; items.len()];
        for (item, html) in styled.references {
            listed_yet[item] = true;
            references.push((item, html));
        }
        // A style with no bibliography, or one that drops an entry: each as a full citation.
        for (item, _) in listed_yet.iter().enumerate().filter(|(_, listed)| !**listed) {
            references.push((item, site.citation_style.full(items[item])));
        }
        references
            .into_iter()
            .map(|(item, html)| {
                let source = self.order[item];
                Reference { source, number: item + 1, html, marks: self.marks.remove(&source).unwrap_or_default() }
            })
            .collect()
    }
}

/// A citation whose pieces the style has yet to give.
pub(super) fn unstyled(marks: Vec<CitationMark>, raised: bool) -> ResolvedLink {
    ResolvedLink::Citation(StyledCitation { marks, pieces: Vec::new(), raised })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::site::Id;
    use crate::link::testing::link_with_sources;

    #[test]
    fn citations_number_in_order_of_first_use() {
        let s = SourceId::new;
        let mut c = Citations::default();
        assert_eq!(c.cite(s(7), "A".into()).number, 1);
        assert_eq!(c.cite(s(3), "B".into()).number, 2);
        let again = c.cite(s(7), "A".into());
        assert_eq!((again.number, again.mark_id.as_deref(), again.href.as_str()), (1, Some("cite_1_2"), "#ref_1"));
        assert_eq!(c.number(s(9)), 3);
        assert_eq!(c.cited(), [s(7), s(3), s(9)]);
        assert_eq!(c.marks[&s(7)], ["cite_1_1", "cite_1_2"]);
    }

    #[test]
    fn a_page_lists_what_its_text_and_front_matter_cite() {
        let sources = "- id: a\n  title: A\n- id: b\n  title: B\n- id: c\n  title: C\n";
        let (site, problems) = link_with_sources(
            &[("briefings/x.md", "---\ntitle: X\ndate: 2026-01-07\nsources: [c]\n---\nOne [@b]. Two [@a; @b].\n")],
            sources,
        );
        assert!(!problems.has_errors(), "{problems:?}");
        let doc = site.docs.iter().next().unwrap();
        let listed: Vec<(&str, usize, Vec<String>)> = doc
            .references
            .iter()
            .map(|r| (site.sources[r.source].entry.id.as_str(), r.number, r.marks.clone()))
            .collect();
        assert_eq!(
            listed,
            // In the style's order (by title, as these have no author); numbered by first use.
            [("a", 2, vec!["cite_2_1".into()]), ("b", 1, vec!["cite_1_1".into(), "cite_1_2".into()]), ("c", 3, vec![]),]
        );
    }

    #[test]
    fn each_citation_reads_as_the_style_writes_it() {
        let sources = "- id: fh\n  title: Freedom in the World\n  author: Freedom House\n  date: 2025\n\
                       - id: sm\n  title: Sanctions\n  author: Smith, Jane\n  date: 2020\n";
        let (site, problems) = link_with_sources(
            &[("briefings/x.md", "---\ntitle: X\ndate: 2026-01-07\n---\nOne [@fh, p. 12]. Two [see @sm; -@fh].\n")],
            sources,
        );
        assert!(!problems.has_errors(), "{problems:?}");
        let doc = site.docs.iter().next().unwrap();
        let texts: Vec<String> = doc
            .body_links
            .iter()
            .map(|link| {
                let crate::markdown::html::ResolvedLink::Citation(c) = link else { panic!("{link:?}") };
                c.pieces
                    .iter()
                    .map(|p| match p {
                        crate::markdown::html::Piece::Text(t) | crate::markdown::html::Piece::Cite(_, t) => t.as_str(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(texts, ["(Freedom House 2025, 12)", "(see Smith 2020; Freedom House 2025)"]);
    }

    #[test]
    fn an_entrys_marks_lead_to_the_sources_page() {
        let (site, _) = link_with_sources(
            &[("timeline/e.md", "---\ntitle: E\ndate: 2026\n---\nSaid [@a].\n")],
            "- id: a\n  title: A\n",
        );
        let doc = site.docs.iter().next().unwrap();
        let crate::markdown::html::ResolvedLink::Citation(citation) = &doc.body_links[0] else { panic!() };
        let mark = &citation.marks[0];
        assert_eq!((mark.href.as_str(), mark.mark_id.as_deref()), ("/sources/#a", None));
    }
}
