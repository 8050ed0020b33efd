//! Collisions: no two things may write the same output file.
//!
//! Takes: the gathered [`Site`] and its output plan. Gives: an error (E052) for each file that
//! two things would write (a page named like a generated page, a static file where a page
//! goes), naming both.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::plan::plan;
use super::site::Site;

/// Reports every output file that two things would write: each file of the plan is claimed
/// in its order, and a second claim is the error.
pub(super) fn check(site: &Site, diagnostics: &mut Diagnostics) {
    let plan = plan(site);
    // Each file's first writer, by its place in the plan: what it is is only worded for a clash.
    let mut writers: HashMap<String, usize> = HashMap::with_capacity(plan.len());
    for (index, output) in plan.iter().enumerate() {
        let file = output.file(site);
        match writers.get(&file) {
            Some(&first) => {
                let (who, at) = output.what(site);
                let (first, _) = plan[first].what(site);
                diagnostics.push(
                    Diagnostic::error(
                        "E052",
                        at.unwrap_or_else(|| PathBuf::from("content")),
                        format!("{who} and {first} both write `{file}`"),
                    )
                    .with_help("rename one of them"),
                )
            }
            None => {
                writers.insert(file, index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::link::testing::link;

    #[test]
    fn a_page_named_like_a_generated_page_collides_with_it() {
        let (_, found) = link(&[
            ("pages/timeline.md", "---\ntitle: T\n---\n"),
            ("pages/briefings.md", "---\ntitle: B\n---\n"),
            ("pages/fine.md", "---\ntitle: F\n---\n"),
        ]);
        let messages: Vec<(&str, String)> = found.iter().map(|d| (d.code, d.file.display().to_string())).collect();
        assert_eq!(
            messages,
            [("E052", "content/pages/timeline.md".into()), ("E052", "content/pages/briefings.md".into())]
        );
        assert_eq!(
            found.iter().next().map(|d| d.message.as_str()),
            Some("`content/pages/timeline.md` and the timeline both write `timeline/index.html`")
        );
    }

    #[test]
    fn a_site_of_distinct_names_has_no_collision() {
        let (_, found) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [a]\n---\n"),
            ("organizations/a.md", "---\nname: A\n---\n"),
            ("pages/a.md", "---\ntitle: A\n---\n"),
        ]);
        assert!(found.iter().all(|d| d.code != "E052"), "{found:?}");
    }
}
