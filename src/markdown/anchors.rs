//! Anchors: the one scheme of the ids that tie each citation mark to its entry in a page's
//! reference list, and each note mark to the note it leads to.
//!
//! Takes: a reference's or note's number (and a mark's place among those citing it). Gives:
//! the anchor of the entry (`ref_1`), of each citation mark (`cite_1_2`) and of each note mark
//! (`noteref_1_2`; the notes themselves are `fn-<label>`, from the scan, and a note style's
//! citations become notes at `citenote_1`), of each change to a
//! briefing (`change-2026-03-01`), and whether an id is of this scheme. The link stage numbers citations with these anchors, the render stage
//! writes them, and the id allocator ([`super::is_reserved_id`]) keeps headings off them.

/// The id of the Notes section a body ends with, and of its heading.
pub(crate) const NOTES_SECTION: &str = "notes";

/// The anchor of entry `number` of a page's reference list: `ref_3`.
pub(crate) fn reference_anchor(number: usize) -> String {
    format!("ref_{number}")
}

/// The anchor of the `nth` mark citing entry `number`: `cite_3_1`.
pub(crate) fn mark_anchor(number: usize, nth: usize) -> String {
    format!("cite_{number}_{nth}")
}

/// The anchor of the `nth` mark of note `number`, which the note links back to: `noteref_2_1`.
pub(crate) fn note_mark_anchor(number: usize, nth: usize) -> String {
    format!("noteref_{number}_{nth}")
}

/// The anchor of the note that a note style's citation `nth` (from 1) becomes:
/// `citenote_2`.
pub(crate) fn citation_note_anchor(nth: usize) -> String {
    format!("citenote_{nth}")
}

/// The anchor of a briefing's change of `date` (`2026-03-01`), the `nth` of that day (from
/// 1): `change-2026-03-01`, then `change-2026-03-01-2`. The corrections page links to it.
pub(crate) fn change_anchor(date: &str, nth: usize) -> String {
    if nth <= 1 { format!("change-{date}") } else { format!("change-{date}-{nth}") }
}

/// Whether `id` is, or could be, an anchor of this scheme, so that no heading takes it.
pub(crate) fn is_anchor(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    id.strip_prefix("ref_").is_some_and(digits)
        || id.strip_prefix("citenote_").is_some_and(digits)
        || id.strip_prefix("change-").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        || ["cite_", "noteref_"].iter().any(|prefix| {
            id.strip_prefix(prefix).and_then(|rest| rest.split_once('_')).is_some_and(|(a, b)| digits(a) && digits(b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_of_the_scheme_are_recognised_and_others_are_not() {
        assert!(
            is_anchor(&reference_anchor(12)) && is_anchor(&mark_anchor(3, 1)) && is_anchor(&note_mark_anchor(2, 4))
        );
        for id in ["cite_1", "ref_", "ref_x", "references-1", "cite_a_1", "noteref_1", "noteref_x_1"] {
            assert!(!is_anchor(id), "{id}");
        }
    }
}
