//! "Did you mean": the closest existing name to a misspelt one.
//!
//! Takes: a name and the names that exist. Gives: the most similar, if any is close enough.

/// The candidate closest to `name`: within a small edit distance (transpositions count as
/// one edit) or with a Jaro-Winkler similarity of at least 0.8. Fewer edits win, then higher
/// similarity, then alphabetical order, so the suggestion is stable.
pub(crate) fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let budget = (name.chars().count() / 4).max(1);
    let mut best: Option<(usize, f64, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let edits = strsim::damerau_levenshtein(name, candidate);
        let similarity = strsim::jaro_winkler(name, candidate);
        if edits > budget && similarity < 0.8 {
            continue;
        }
        let better = match best {
            None => true,
            Some((e, s, c)) => (edits, -similarity, candidate) < (e, -s, c),
        };
        if better {
            best = Some((edits, similarity, candidate));
        }
    }
    best.map(|(_, _, c)| c)
}

/// `Some("did you mean `x`?")` when a close name exists.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closest_name() {
        let names = ["venice-commission", "foc", "council-of-europe"];
        assert_eq!(closest("venice-comission", names), Some("venice-commission"));
        assert_eq!(closest("titel", ["title", "date", "summary"]), Some("title"));
    }

    #[test]
    fn transposed_letters_in_short_names_are_found() {
        assert_eq!(closest("fco", ["foc", "itu", "iso"]), Some("foc"));
    }

    #[test]
    fn suggests_nothing_when_nothing_is_close() {
        assert_eq!(closest("zzzz", ["venice-commission", "foc"]), None);
    }

    #[test]
    fn ties_break_alphabetically() {
        assert_eq!(closest("abc", ["abe", "abd"]), Some("abd"));
    }
}
