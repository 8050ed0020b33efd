//! Markdown: the one place pulldown-cmark is configured.
//!
//! The parse stage calls [`scan`] once per file to learn its headings, links and citations
//! with their positions; the raw Markdown is kept. Once the link stage has resolved every
//! link against the whole site, the render stage calls [`html::render`], which parses the
//! same text again with the same options (so the n-th link of the scan is the n-th link of
//! the render) and runs the events through small passes, each doing one job.
//!
//! It also knows which ids a page already uses ([`is_theme_id`], [`is_reserved_id`]), so
//! that heading and footnote ids, event slugs and source ids never take one, and how the ids
//! of an event's text are written where it is shown ([`shown_away_id`]). The anchors of
//! citation marks, reference entries and note marks have one scheme, in [`anchors`]. Which
//! paragraphs are figures, and what a caption is, is decided once, in [`figures`]; embed
//! blocks are read in [`embeds`].

pub(crate) mod anchors;
pub(crate) mod citations;
pub(crate) mod embeds;
pub(crate) mod figures;
pub(crate) mod highlight;
pub(crate) mod html;
pub(crate) mod scan;
pub(crate) mod table_blocks;
pub(crate) mod tables;

use pulldown_cmark::{BrokenLink, CowStr, Options, Parser};

use crate::model::{Kind, SourceType};

pub(crate) use scan::{Heading, LinkRef, LinkTarget, Outline, scan};

/// Ids the built-in theme's templates give to parts of a page, besides those named after
/// kinds ([`is_theme_id`]); headings and footnotes never take them, nor event slugs or source
/// ids (which pages also use as ids), and links may point at them on any page. A test checks
/// that every `id="…"` of the built-in templates is a theme id or matched by
/// [`is_reserved_id`].
const RESERVED_IDS: &[&str] = &[
    "main",
    "site-search-q",
    // The interface's strings for the theme's script.
    "brief-strings",
    "contents",
    "references",
    "referenced-in",
    // An organization's status history.
    "status-history",
    "related",
    "members",
    "footnotes",
    anchors::NOTES_SECTION,
    "search",
    "search-q",
    "search-help",
    "search-results",
    "sources",
    "latest",
    "at-a-glance",
    // A briefing's boxes before its text.
    "key-points",
    "recommendations",
    // A briefing's changes after its text (each change's own id is an anchor).
    "updates-and-corrections",
    // The section that ends a briefing: how to cite it.
    "how-to-cite",
    "recent-events",
    "filter-status",
    "filter-kind",
    "filter-organization",
    "filter-topic",
    // A page's printed list of the addresses its text links to.
    "links-in-the-text",
    // The data page's sections.
    "data-exports",
    "data-tables",
    // The preview's error overlay (src/serve/live.js).
    "brief-error-overlay",
];

/// Whether `id` is one the theme gives to a part of a page: one of `RESERVED_IDS`, or a
/// section named after a kind that has an index page, by its plural or its index page
/// (`briefings`, `events`, `timeline`), as pages listing those documents name their sections.
pub(crate) fn is_theme_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id)
        || Kind::ALL.iter().any(|kind| {
            let spec = kind.spec();
            spec.index.is_some_and(|index| spec.plural == id || index.path().trim_end_matches('/') == id)
        })
}

/// Whether a page may already use `id`: a theme id ([`is_theme_id`]), or one the templates
/// build from data: a year heading (`y2026`), a group of the sources page (`type-report`), or
/// the anchors of citations ([`anchors::is_anchor`]). No pattern matches `<id>-<n>`, so the
/// allocator always finds a free numbered id. (The organizations index names its status
/// groups after the site's status values, `status-adopted`; it shows no text of a document,
/// so no heading or slug meets them.)
pub(crate) fn is_reserved_id(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    is_theme_id(id)
        || id.strip_prefix('y').is_some_and(digits)
        || id.starts_with("type-")
            && SourceType::ALL.map(Some).into_iter().chain([None]).any(|t| SourceType::group_id(t) == id)
        || anchors::is_anchor(id)
}

/// What to do about a `{#id}` that is taken.
pub(crate) const TAKEN_ID_HELP: &str = "another heading or footnote of the page has it, or the theme uses it (such as `main`, \
                                 `references`, `ref_1`, `cite_1_1`, `y2026`); ids with `--` are kept for timeline \
                                 events: give this heading a different `{#id}`";

/// Between an event's slug and the id of a heading or footnote of its text, which is shown on
/// the timeline and other pages beside other events and the page's own headings:
/// `e1--background`. Slugs and generated ids never hold `--`, so these ids cannot meet them;
/// authors' `{#id}` may not hold it either.
pub(crate) const SHOWN_AWAY_SEPARATOR: &str = "--";

/// The id of `id`, from the text of the event `slug`, where that text is shown.
pub(crate) fn shown_away_id(slug: &str, id: &str) -> String {
    format!("{slug}{SHOWN_AWAY_SEPARATOR}{id}")
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// `[@id]`, `[@id, p. 12]` and `[@a; @b]` are citations ([`citations`]): CommonMark would
/// leave them as text, so the broken-link callback turns them into links whose destination
/// is the bracket's text.
fn citation_callback<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    citations::parse(&link.reference).is_some().then_some((link.reference, CowStr::Borrowed("")))
}

type CitationCallback = for<'a> fn(BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)>;

/// The parser every stage uses, so all see the same events.
pub(crate) fn parser(text: &str) -> Parser<'_, CitationCallback> {
    Parser::new_with_broken_link_callback(text, options(), Some(citation_callback as CitationCallback))
}

/// What tells footnote labels apart: `[^Note]` marks the note `[^note]:`, as the parser
/// matches them regardless of case.
pub(crate) fn footnote_key(label: &str) -> String {
    label.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `id="…"` value in the built-in templates, as written.
    fn template_ids() -> Vec<(String, String)> {
        let theme = crate::theme::Theme::built_in();
        let mut ids = Vec::new();
        for (name, template) in &theme.templates {
            for part in template.text.split(" id=\"").skip(1) {
                let value = part.split('"').next().unwrap_or_default();
                ids.push((name.clone(), value.to_string()));
            }
        }
        ids
    }

    #[test]
    fn every_id_the_built_in_templates_write_is_reserved() {
        let ids = template_ids();
        assert!(ids.len() > 20, "{ids:?}");
        for (template, id) in &ids {
            // Ids built from data: each form is listed here with the values it can take, so a
            // new one in a template fails this test until it is reserved.
            let values: Vec<String> = match id.as_str() {
                "y{{ y.year }}" => vec!["y2026".into(), "y1".into(), "y0".into()],
                // The status groups of the organizations index, which shows no document's text.
                "status-{{ g.status.key }}" if template == "organizations.html" => vec![],
                // A taxonomy's filter on the timeline: each taxonomy's own is refused as an event
                // slug by the parse stage (E032); the default taxonomy's is reserved.
                "filter-{{ g.name }}" => vec!["filter-topic".into()],
                "{{ g.id }}" => crate::model::SourceType::ALL
                    .map(Some)
                    .into_iter()
                    .chain([None])
                    .map(crate::model::SourceType::group_id)
                    .collect(),
                "{{ r.id }}" => vec!["ref_1".into(), "ref_12".into()],
                "{{ c.id }}" => vec!["change-2026-03-01".into(), "change-2026-03-01-2".into()],
                // Event slugs and source ids: the parse stage refuses reserved ones.
                "{{ e.slug }}" | "{{ s.id }}" => vec![],
                literal if !literal.contains("{{") && !literal.contains("{%") => vec![literal.to_string()],
                other => panic!("{template} builds the id `{other}` from data: reserve what it can be"),
            };
            for value in values {
                assert!(is_reserved_id(&value), "{template} writes id=\"{value}\", which is not reserved");
            }
        }
    }

    #[test]
    fn ids_from_data_are_recognised_and_numbered_ids_stay_free() {
        let reserved = ["cite_1_1", "cite_12_3", "ref_7", "y2026", "type-web-page", "type-other", "main"];
        for id in reserved {
            assert!(is_reserved_id(id), "{id}");
        }
        let free = [
            "cite_1",
            "ref_",
            "ref_x",
            "y",
            "y2026-1",
            "status-quo",
            "year",
            "type-",
            "type-reports",
            "references-1",
            "main-1",
        ];
        for id in free {
            assert!(!is_reserved_id(id), "{id}");
        }
    }
}
