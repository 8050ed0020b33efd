//! Slugs: the names of pages in URLs, and the ids of headings.
//!
//! Takes: titles, heading text and file names. Gives: lower-case ASCII slugs.

use std::collections::{HashMap, HashSet};

/// `"The U.N. at 80"` → `"the-u-n-at-80"`; non-ASCII letters are transliterated.
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Whether `s` is a slug as brief writes them: lower-case ASCII letters and digits in
/// hyphen-separated runs.
pub(crate) fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Hands out unique heading ids in document order: a second "Background" becomes
/// `background-1`. Ids the templates use themselves are taken from the start, or refused by a
/// test ([`IdAllocator::refusing`]) when they follow a pattern.
///
/// Each base remembers the next suffix to try, so `n` identical headings cost `O(n)` probes
/// in all rather than `O(n²)`; a suffix someone else took (`## Same 1` is `same-1`) is still
/// skipped.
#[derive(Debug, Default)]
pub(crate) struct IdAllocator {
    taken: HashSet<String>,
    /// Ids never handed out nor claimed, besides `taken`.
    reserved: Option<fn(&str) -> bool>,
    next_suffix: HashMap<String, usize>,
    probes: usize,
}

impl IdAllocator {
    #[cfg(test)]
    pub(crate) fn with_reserved(reserved: &[&str]) -> IdAllocator {
        IdAllocator { taken: reserved.iter().map(|s| s.to_string()).collect(), ..IdAllocator::default() }
    }

    /// An allocator that never gives out nor accepts an id for which `reserved` holds. For
    /// every base, `reserved` must leave some `base-n` free, or allocation would not end.
    pub(crate) fn refusing(reserved: fn(&str) -> bool) -> IdAllocator {
        IdAllocator { reserved: Some(reserved), ..IdAllocator::default() }
    }

    fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !self.reserved.is_some_and(|reserved| reserved(id))
    }

    /// A fresh id for a heading with `text`.
    pub(crate) fn allocate(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        self.allocate_slug(base)
    }

    /// A fresh id starting with `base`, which is used as it is (no slugifying).
    pub(crate) fn allocate_slug(&mut self, base: String) -> String {
        self.probes += 1;
        if self.is_free(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let mut next = self.next_suffix.get(&base).copied().unwrap_or(1);
        let candidate = loop {
            self.probes += 1;
            let candidate = format!("{base}-{next}");
            next += 1;
            if self.is_free(&candidate) {
                break candidate;
            }
        };
        self.next_suffix.insert(base, next);
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Claims an id the author chose (`## Heading {#custom}`); false if it is taken or
    /// reserved.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        self.is_free(id) && self.taken.insert(id.to_string())
    }

    /// How many candidate ids have been looked up so far: the work done, for tests.
    #[cfg(test)]
    pub(crate) fn probes(&self) -> usize {
        self.probes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_lowercases_and_transliterates() {
        assert_eq!(slugify("The U.S. Heel Turn"), "the-u-s-heel-turn");
        assert_eq!(slugify("Über Café"), "uber-cafe");
    }

    #[test]
    fn valid_slugs() {
        assert!(is_valid("venice-commission"));
        assert!(is_valid("b00012"));
        assert!(!is_valid("Venice"));
        assert!(!is_valid("a--b"));
        assert!(!is_valid("-a"));
        assert!(!is_valid(""));
        assert!(!is_valid("a_b"));
    }

    #[test]
    fn repeated_headings_get_numbered_ids_and_reserved_ids_are_avoided() {
        let mut ids = IdAllocator::with_reserved(&["references"]);
        assert_eq!(ids.allocate("Background"), "background");
        assert_eq!(ids.allocate("Background"), "background-1");
        assert_eq!(ids.allocate("References"), "references-1");
        assert_eq!(ids.allocate("¿?"), "section");
    }

    #[test]
    fn identical_headings_cost_a_bounded_number_of_probes_each() {
        let mut ids = IdAllocator::default();
        let n = 30_000;
        for i in 0..n {
            let id = ids.allocate("Same");
            assert_eq!(id, if i == 0 { "same".to_string() } else { format!("same-{i}") });
        }
        // Quadratic allocation would need n²/2 (450 million) probes.
        assert!(ids.probes() <= 2 * n, "{} probes for {n} headings", ids.probes());
    }

    #[test]
    fn suffixes_taken_by_other_headings_are_still_skipped() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("Same"), "same");
        assert_eq!(ids.allocate("Same 1"), "same-1");
        assert!(ids.claim("same-2"));
        assert_eq!(ids.allocate("Same"), "same-3");
        assert_eq!(ids.allocate("Same"), "same-4");
        assert_eq!(ids.allocate("Same 4"), "same-4-1");
        assert_eq!(ids.allocate("Same 5"), "same-5");
        assert_eq!(ids.allocate("Same"), "same-6");
    }

    #[test]
    fn ids_matching_the_reserved_test_are_neither_given_nor_claimed() {
        let mut ids = IdAllocator::refusing(|id| id == "y2026" || id == "y2026-2" || id == "ref_1");
        assert_eq!(ids.allocate("Y2026"), "y2026-1");
        assert_eq!(ids.allocate("Y2026"), "y2026-3");
        assert!(!ids.claim("ref_1"));
        assert!(ids.claim("ref_2"));
        assert!(!ids.claim("ref_2"));
    }
}
