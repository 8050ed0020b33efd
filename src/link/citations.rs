//! Citations: the numbers of the sources a page cites, and each mark's anchor and link.
//!
//! Takes: a page's citations, in reading order. Gives: each mark's number, anchor and link
//! (`[1]` at `#cite_1_2`, leading to `#ref_1`), and the page's reference list. The anchors
//! follow the one scheme of [`crate::markdown::anchors`].

use std::collections::HashMap;

use crate::markdown::anchors::{mark_anchor, reference_anchor};
use crate::markdown::html::CitationMark;

use super::site::{Reference, SourceId};

/// Numbers sources in the order a page first cites them.
#[derive(Debug, Default)]
pub(super) struct Citations {
    order: Vec<SourceId>,
    marks: HashMap<SourceId, Vec<String>>,
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

    /// The sources cited, in the order of their numbers.
    pub(super) fn cited(&self) -> &[SourceId] {
        &self.order
    }

    pub(super) fn into_references(mut self) -> Vec<Reference> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, &source)| Reference {
                source,
                number: i + 1,
                marks: self.marks.remove(&source).unwrap_or_default(),
            })
            .collect()
    }
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
        let refs = c.into_references();
        assert_eq!(refs.iter().map(|r| r.source).collect::<Vec<_>>(), [s(7), s(3), s(9)]);
        assert_eq!(refs[0].marks, ["cite_1_1", "cite_1_2"]);
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
            [("b", 1, vec!["cite_1_1".into(), "cite_1_2".into()]), ("a", 2, vec!["cite_2_1".into()]), ("c", 3, vec![]),]
        );
    }

    #[test]
    fn an_entrys_marks_lead_to_the_sources_page() {
        let (site, _) = link_with_sources(
            &[("timeline/e.md", "---\ntitle: E\ndate: 2026\n---\nSaid [@a].\n")],
            "- id: a\n  title: A\n",
        );
        let doc = site.docs.iter().next().unwrap();
        let crate::markdown::html::ResolvedLink::Citation(marks) = &doc.body_links[0] else { panic!() };
        assert_eq!((marks[0].href.as_str(), marks[0].mark_id.as_deref()), ("/sources/#a", None));
    }
}
