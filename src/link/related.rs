//! Related briefings: for each briefing, up to five that share the most organizations and
//! topics with it.
//!
//! Takes: the site with each document's front-matter references and the briefings listed
//! newest first. Gives: each briefing's related briefings, best first.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::Kind;

use super::site::{DocId, Id, Site};

/// How many related briefings a briefing shows.
const LIMIT: usize = 5;

/// Candidates come from inverted lists (each organization's and topic's briefings, newest
/// first), and only the [`RELATED_WINDOW`] briefings nearest in that order on either side of
/// the briefing are looked at in each list: related briefings come from the same period, and
/// the cost stays linear in the size of the archive instead of growing with its square (a
/// topic of a 100,000-briefing archive lists thousands). Ties go to the newer.
const RELATED_WINDOW: usize = 250;

/// Each briefing with its related briefings.
pub(super) fn related(site: &Site) -> Vec<(DocId, Vec<DocId>)> {
    let briefings = site.listed(Kind::Briefing);
    let n = site.docs.len();
    let refs = |b: DocId| &site.docs[b].refs;
    let mut rank = vec![usize::MAX; n];
    for (i, &b) in briefings.iter().enumerate() {
        rank[b.index()] = i;
    }
    let mut by_org: HashMap<DocId, Vec<DocId>> = HashMap::with_capacity(site.listed(Kind::Organization).len());
    let mut by_topic: Vec<Vec<DocId>> = vec![Vec::new(); site.topics.len()];
    for &b in briefings {
        for &o in &refs(b).organizations {
            by_org.entry(o).or_default().push(b);
        }
        for &t in &refs(b).topics {
            by_topic[t.index()].push(b);
        }
    }
    // One score table per chunk of briefings: rayon may call a `map_init` initializer once
    // per item, and a table per briefing made this quadratic in time and memory.
    briefings
        .par_chunks(256)
        .flat_map_iter(|chunk| {
            let mut scores = vec![0u16; n];
            let mut touched: Vec<DocId> = Vec::new();
            chunk
                .iter()
                .map(|&b| {
                    let lists = refs(b)
                        .organizations
                        .iter()
                        .filter_map(|o| by_org.get(o))
                        .chain(refs(b).topics.iter().map(|t| &by_topic[t.index()]));
                    for list in lists {
                        let at = list.partition_point(|&x| rank[x.index()] < rank[b.index()]);
                        let window =
                            &list[at.saturating_sub(RELATED_WINDOW)..(at + RELATED_WINDOW + 1).min(list.len())];
                        for &other in window {
                            if other != b {
                                if scores[other.index()] == 0 {
                                    touched.push(other);
                                }
                                scores[other.index()] = scores[other.index()].saturating_add(1);
                            }
                        }
                    }
                    let mut best: Vec<(u16, usize, DocId)> =
                        touched.iter().map(|&o| (scores[o.index()], rank[o.index()], o)).collect();
                    for &o in touched.iter() {
                        scores[o.index()] = 0;
                    }
                    touched.clear();
                    let take = LIMIT.min(best.len());
                    if take > 0 {
                        best.select_nth_unstable_by(take - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                        best.truncate(take);
                        best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    }
                    // By reference: collecting `best.into_iter()` would keep its allocation, sized
                    // for every candidate, alive in the result (hundreds of MB on a large archive).
                    (b, best.iter().map(|&(_, _, o)| o).collect())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::link::testing::link;

    #[test]
    fn related_briefings_share_the_most_and_ties_go_to_the_newer() {
        let briefing = |slug: &str, date: &str, orgs: &str, topics: &str| {
            (
                format!("briefings/{slug}.md"),
                format!("---\ntitle: {slug}\ndate: {date}\norganizations: [{orgs}]\ntopics: [{topics}]\n---\n"),
            )
        };
        let files = [
            briefing("a", "2026-01-05", "o", "t, u"),
            briefing("b", "2026-01-04", "o", "t, u"),
            briefing("c", "2026-01-03", "o", ""),
            briefing("d", "2026-01-02", "", "t"),
            briefing("e", "2026-01-01", "", ""),
            ("organizations/o.md".to_string(), "---\nname: O\n---\n".to_string()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let (site, _) = link(&files);
        let related = |slug: &str| {
            let doc = site.docs.iter().find(|d| d.document.slug == slug).unwrap();
            doc.related.iter().map(|&d| site.doc(d).slug.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(related("a"), ["b", "c", "d"]);
        assert_eq!(related("c"), ["a", "b"]);
        assert!(related("e").is_empty());
    }
}
