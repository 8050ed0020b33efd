//! Series numbers: each briefing's `number:` is its place in the site's `series`.
//!
//! Takes: the gathered [`Site`]. Gives: an error for a `number` on a site without a
//! `series`, and for each briefing whose number an earlier one (in file order) already has,
//! naming that one, so a duplicate is reported once, at the briefing that repeats it.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::Meta;

use super::site::{DocId, Site};

pub(super) fn check(site: &Site, problems: &mut Diagnostics) {
    let mut first: HashMap<u32, DocId> = HashMap::new();
    for id in site.docs.ids() {
        let doc = site.doc(id);
        let number = match &doc.meta {
            Meta::Briefing(m) => m.number,
            Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => None,
        };
        let Some(number) = number else { continue };
        let at = doc.locator().item("number", &number.to_string());
        if site.config.series.is_none() {
            problems.push(
                Diagnostic::error(
                    "E057",
                    &doc.path,
                    format!("`number: {number}` is a number in a series, and the site has none"),
                )
                .at(&doc.text, at)
                .with_help("name the series in `content/site.yaml` (`series: Policy Brief`), or remove `number`"),
            );
            continue;
        }
        match first.get(&number) {
            None => {
                first.insert(number, id);
            }
            Some(&earlier) => {
                let other = site.doc(earlier);
                let line =
                    other.text[..other.locator().item("number", &number.to_string()).start].matches('\n').count() + 1;
                problems.push(
                    Diagnostic::error(
                        "E058",
                        &doc.path,
                        format!(
                            "`number: {number}` is already the number of `{}` ({}:{line})",
                            other.title(),
                            display_path(&other.path)
                        ),
                    )
                    .at(&doc.text, at)
                    .with_help(
                        "give each briefing of the series its own number: the next free one, or correct one of the two",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::link::testing::link_parsed;

    fn briefing(number: &str) -> String {
        format!("---\ntitle: T{number}\ndate: 2026-01-07\nsummary: S.\nnumber: {number}\n---\nText.\n")
    }

    #[test]
    fn a_number_without_a_series_is_an_error_at_the_number() {
        let b = briefing("3");
        let (_, parsed, linked) = link_parsed(&[("briefings/a.md", &b)], None);
        assert!(parsed.is_empty(), "{parsed:?}");
        let found: Vec<String> = linked
            .iter()
            .filter(|d| d.code.starts_with('E'))
            .map(|d| format!("{} {} {}", d.code, d.position(), d.message))
            .collect();
        assert_eq!(
            found,
            ["E057 content/briefings/a.md:5:9 `number: 3` is a number in a series, and the site has none"]
        );
    }
}
