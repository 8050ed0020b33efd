//! `content/sources.yaml`: a list of entries each starting with `- id: …`, read entry by
//! entry through [`crate::frontmatter`] into [`SourceEntry`], so a bad entry is reported at
//! its line and the others are kept.

use std::ops::Range;

use super::Read;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter;
use crate::load::TextFile;
use crate::model::{Keys, SourceEntry};
use crate::slugs;

/// The entries of `sources.yaml`, and whether an entry could not be read at all.
pub(crate) fn read(file: &TextFile, diagnostics: &mut Diagnostics) -> (Vec<Read>, bool) {
    let (entries, problems) = frontmatter::read_list(&file.text, SourceEntry::keys());
    let report = |diagnostics: &mut Diagnostics, e: frontmatter::YamlError| {
        diagnostics
            .push(Diagnostic::error(e.code, &file.path, e.message).at(&file.text, e.range).with_help_opt(e.help));
    };
    let mut incomplete = !problems.is_empty();
    for e in problems {
        report(diagnostics, e);
    }
    let mut sources = Vec::with_capacity(entries.len());
    let mut search_from = 0;
    for mut fields in entries {
        let entry = SourceEntry::read(&mut fields);
        let id_range = fields.value_range("id");
        for e in std::mem::take(&mut fields.errors) {
            report(diagnostics, e);
        }
        let Some(entry) = entry else {
            incomplete = true;
            continue;
        };
        let range = id_range.unwrap_or_else(|| locate_id(&file.text, &entry.id, search_from));
        search_from = range.end;
        if !slugs::is_valid(&entry.id) {
            diagnostics.push(
                Diagnostic::error("E021", &file.path, format!("the source id `{}` is not a slug", entry.id))
                    .at(&file.text, range.clone())
                    .with_help(format!(
                        "ids are lower-case letters, digits and hyphens: `{}`",
                        slugs::slugify(&entry.id)
                    )),
            );
            incomplete = true;
            continue;
        }
        let addresses =
            ["url", "archived_url"].into_iter().filter_map(|key| Some((key, fields.value_range(key)?))).collect();
        let item = super::csl::from_entry(&entry);
        sources.push(Read { entry, item, range, addresses });
    }
    (sources, incomplete)
}

/// Where `id: <id>` is written, searching from `from` so repeated ids point at each entry.
fn locate_id(text: &str, id: &str, from: usize) -> Range<usize> {
    let mut at = from.min(text.len());
    while let Some(i) = text[at..].find("id:") {
        let key_end = at + i + 3;
        let value_start =
            key_end + (text[key_end..].len() - text[key_end..].trim_start_matches([' ', '"', '\'']).len());
        if text[value_start..].starts_with(id) {
            return value_start..value_start + id.len();
        }
        at = key_end;
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_parsed_and_checked() {
        let text = "- id: heel-turn\n  title: A\n- id: heel-turn\n  title: B\n- id: Bad Id\n  title: C\n- id: x\n  title: D\n  publsher: P\n";
        let mut diagnostics = Diagnostics::new();
        let (sources, incomplete) = super::super::read(
            std::slice::from_ref(&TextFile { path: "content/sources.yaml".into(), text: text.into() }),
            &mut diagnostics,
        );
        let ids: Vec<_> = sources.iter().map(|(_, s)| s.entry.id.as_str()).collect();
        assert_eq!(ids, ["heel-turn", "x"], "a bad entry costs only itself");
        assert!(incomplete, "the entry with a bad id may be what a citation means");
        // Each entry gives a reader nothing to find it by (W070): only the errors are under test.
        let mut found: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.location.as_ref().unwrap().line, d.message.as_str()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (3, "the source id `heel-turn` is used twice"),
                (5, "the source id `Bad Id` is not a slug"),
                (9, "unknown key `publsher`")
            ]
        );

        let text = "- id: heel-turn\n  title: A\n- id: heel-turn\n  title: B\n- id: Bad Id\n  title: C\n";
        let mut diagnostics = Diagnostics::new();
        let (sources, _) = super::super::read(
            std::slice::from_ref(&TextFile { path: "content/sources.yaml".into(), text: text.into() }),
            &mut diagnostics,
        );
        assert_eq!(sources.len(), 1);
        let mut lines: Vec<_> =
            diagnostics.iter().filter(|d| d.is_error()).map(|d| d.location.as_ref().unwrap().line).collect();
        lines.sort();
        assert_eq!(lines, [3, 5]);
    }
}
