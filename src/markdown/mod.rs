//! Markdown: the one place pulldown-cmark is configured.
//!
//! The parse stage calls [`scan`] once per file to learn its headings, links and citations
//! with their positions; the raw Markdown is kept. Once the link stage has resolved every
//! link against the whole site, the render stage calls [`html::render`], which parses the
//! same text again with the same options (so the n-th link of the scan is the n-th link of
//! the render) and runs the events through small passes, each doing one job.

pub mod highlight;
pub mod html;
pub mod scan;
pub mod tables;

use pulldown_cmark::{BrokenLink, CowStr, Options, Parser};

pub use scan::{Heading, LinkRef, LinkTarget, Outline, scan};

/// Ids the templates give to parts of a page; headings never take them, and links may
/// point at them on any page.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "contents",
    "references",
    "referenced-in",
    "related",
    "briefings",
    "timeline",
    "members",
    "footnotes",
    "search",
    "search-results",
    "organizations",
    "topics",
    "sources",
    "events",
];

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

/// `[@id]` and `[@a; @b]` are citations: CommonMark would leave them as text, so the
/// broken-link callback turns them into links whose destination is the bracket's text.
fn citation_callback<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    link.reference.trim_start().starts_with('@').then_some((link.reference, CowStr::Borrowed("")))
}

type CitationCallback = for<'a> fn(BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)>;

/// The parser every stage uses, so all see the same events.
pub fn parser(text: &str) -> Parser<'_, CitationCallback> {
    Parser::new_with_broken_link_callback(text, options(), Some(citation_callback as CitationCallback))
}

/// The source ids in a citation's text: `@a; @b` → `[a, b]`.
pub fn citation_ids(reference: &str) -> Vec<String> {
    reference
        .split([';', ','])
        .map(|part| part.trim().trim_start_matches('@').trim().to_string())
        .filter(|id| !id.is_empty())
        .collect()
}
