//! Slugs: the names of pages in URLs, and the ids of headings.
//!
//! Takes: titles, heading text and file names. Gives: lower-case ASCII slugs.

/// `"The U.S. Heel Turn"` → `"the-u-s-heel-turn"`; non-ASCII letters are transliterated.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Whether `s` is a slug as brief writes them: lower-case ASCII letters and digits in
/// hyphen-separated runs.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Hands out unique heading ids in document order: a second "Background" becomes
/// `background-1`. Ids the templates use themselves are taken from the start.
#[derive(Debug, Default)]
pub struct IdAllocator {
    taken: std::collections::HashSet<String>,
}

impl IdAllocator {
    pub fn with_reserved(reserved: &[&str]) -> IdAllocator {
        IdAllocator { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    pub fn allocate(&mut self, text: &str) -> String {
        let base = match slugify(text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Claims an id the author chose (`## Heading {#custom}`); false if it is taken.
    pub fn claim(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
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
}
