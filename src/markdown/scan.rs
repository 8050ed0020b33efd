//! Scan: what the parse stage learns from a Markdown body without resolving anything.
//!
//! Takes: a Markdown body. Gives: an [`Outline`]: headings and footnotes with ids unique on
//! the page (none the theme uses), every link, image and citation with its byte range and
//! what its destination names ([`classify`]), raw HTML, table rows with more cells than their
//! header, `[^label]` marks with no note, figures and embeds (numbered, with ids from the
//! headings' allocator), images without alt text, mistakes in embed blocks, the
//! ```` ```table ```` blocks ([`table_blocks`]), whether there is code to highlight, and the
//! word count.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Tag, TagEnd};

use super::citations::{self, CiteRef};
use super::embeds::{self, EMBED_LANGUAGE, Embed, EmbedProblem};
use super::figures::{self, figure_label, figure_shape};
use super::table_blocks::{self, TableBlock, table_label};
use super::tables::{self, OverfullRow};
use super::{SHOWN_AWAY_SEPARATOR, footnote_key, is_reserved_id, is_theme_id, parser};
use crate::i18n::Interface;
use crate::slugs::IdAllocator;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) text: String,
    pub(crate) id: String,
    /// The author wrote `{#id}` and it is already taken: by another heading, a footnote or
    /// the theme, or it holds `--`, which is kept for the text of timeline events.
    pub(crate) duplicate_custom_id: bool,
    pub(crate) range: Range<usize>,
}

/// What a link or image points at, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// `[[slug]]`, `[[kind:slug#anchor|text]]`
    Wiki { kind: Option<String>, slug: String, anchor: Option<String>, has_text: bool },
    /// A relative path: `../organizations/foc.md#members`, `../static/map.png`
    Relative { path: String, anchor: Option<String> },
    /// `#anchor` on the same page
    Anchor(String),
    /// `/organizations/foc/#members`: a path on this site
    Site { path: String, anchor: Option<String> },
    /// `[@id]`, `[@id, p. 12]`, `[@a; @b]`, `[-@id]`
    Citation(Vec<CiteRef>),
    /// `https://…`, `mailto:…`, as written: checked only by `brief check --external`
    External(String),
    /// `javascript:`, `vbscript:`, `data:`
    Unsafe(String),
    /// `[text]()`
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkRef {
    pub(crate) target: LinkTarget,
    pub(crate) is_image: bool,
    pub(crate) range: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    pub(crate) headings: Vec<Heading>,
    /// Links and images in document order: the render stage counts them the same way.
    pub(crate) links: Vec<LinkRef>,
    pub(crate) raw_html: Vec<Range<usize>>,
    pub(crate) has_code: bool,
    pub(crate) words: usize,
    /// Each footnote label with its id (`[^intro]` → `fn-intro`), from the same allocator as
    /// the headings, in order of first use. pulldown-cmark would give a footnote its label as
    /// id, which a heading "Intro" has too.
    pub(crate) footnotes: Vec<(String, String)>,
    /// Table rows with more cells than their header.
    pub(crate) overfull_rows: Vec<OverfullRow>,
    /// `[^label]` written where no `[^label]: …` defines the note: the parser leaves it as
    /// text, which readers would see as `[^label]`. Each label with its range.
    pub(crate) undefined_footnotes: Vec<(String, Range<usize>)>,
    /// `[^label]: …` notes that no `[^label]` marks: shown among the Notes with nothing in
    /// the text leading to them. Each label with the range of its `[^label]:`.
    pub(crate) unmarked_footnotes: Vec<(String, Range<usize>)>,
    /// The ```` ```table ```` blocks, in order: each shows a CSV file of `content/data/`.
    pub(crate) tables: Vec<TableBlock>,
    /// Figures and embeds in document order, numbered from 1.
    pub(crate) figures: Vec<Figure>,
    /// The one image loaded at once, by its index in `links`: the first image, when it stands
    /// in the first [`EAGER_BLOCKS`] blocks of the body. Every other image loads lazily.
    pub(crate) eager_image: Option<usize>,
    /// Images whose alt text is empty, by their range.
    pub(crate) images_without_alt: Vec<Range<usize>>,
    /// Mistakes in embed blocks.
    pub(crate) embed_problems: Vec<EmbedProblem>,
}

/// How many blocks from the top of a body an image may stand in and still be loaded at once
/// (without `loading="lazy"`): the first screen of a page.
pub(crate) const EAGER_BLOCKS: usize = 3;

/// A figure or an embed: numbered, with an id links can name (`[[#fig-budget]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Figure {
    pub(crate) id: String,
    pub(crate) number: usize,
    pub(crate) kind: FigureKind,
    pub(crate) range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FigureKind {
    /// An image with a caption; its caption as plain text.
    Image {
        caption: figures::Caption,
    },
    Embed(Embed),
}

impl Figure {
    /// What the link stage reads of a figure: its id and number, and an embed's host.
    fn shape(&self) -> (&str, usize, Option<&str>) {
        let host = match &self.kind {
            FigureKind::Embed(embed) => Some(embed.host.as_str()),
            FigureKind::Image { .. } => None,
        };
        (&self.id, self.number, host)
    }
}

impl Outline {
    pub(crate) fn heading_ids(&self) -> Vec<String> {
        self.headings.iter().map(|h| h.id.clone()).collect()
    }

    /// Whether `other` has the same headings, links, images, citations, raw HTML and code,
    /// wherever in the body they stand: all that the link stage and other pages see of a body.
    pub(crate) fn same_shape(&self, other: &Outline) -> bool {
        let same_heading = |(a, b): (&Heading, &Heading)| {
            (a.level, &a.text, &a.id, a.duplicate_custom_id) == (b.level, &b.text, &b.id, b.duplicate_custom_id)
        };
        let same_link = |(a, b): (&LinkRef, &LinkRef)| a.target == b.target && a.is_image == b.is_image;
        self.headings.len() == other.headings.len()
            && self.headings.iter().zip(&other.headings).all(same_heading)
            && self.links.len() == other.links.len()
            && self.links.iter().zip(&other.links).all(same_link)
            && self.raw_html.len() == other.raw_html.len()
            && self.has_code == other.has_code
            && self.tables.len() == other.tables.len()
            && self.tables.iter().zip(&other.tables).all(|(a, b)| a.same_shape(b))
            && self.figures.iter().map(Figure::shape).eq(other.figures.iter().map(Figure::shape))
    }

    pub(crate) fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.id == anchor)
            || self.tables.iter().any(|t| t.id == anchor)
            || self.figure(anchor).is_some()
            || is_theme_id(anchor)
    }

    /// The figure with the id `anchor`.
    pub(crate) fn figure(&self, anchor: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == anchor)
    }

    /// What a link to `anchor` says when its writer gave no text (`[[#tbl-arrears]]`): the
    /// heading's text, "Table N" or "Figure N" in the site's language.
    pub(crate) fn anchor_label(&self, anchor: &str, interface: &Interface) -> Option<String> {
        let heading = self.headings.iter().find(|h| h.id == anchor).map(|h| h.text.clone());
        heading
            .or_else(|| self.tables.iter().find(|t| t.id == anchor).map(|t| table_label(t.number, interface)))
            .or_else(|| self.figure(anchor).map(|f| figure_label(f.number, interface)))
    }
}

/// Reads a Markdown body once and records its outline.
pub(crate) fn scan(body: &str) -> Outline {
    let mut outline = Outline::default();
    let mut ids = IdAllocator::refusing(is_reserved_id);
    let mut footnotes: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut marked: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut definitions: Vec<(String, Range<usize>)> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String, Range<usize>)> = None;
    let mut code_depth = 0usize;
    // Ranges are of the prepared text (pipes of wikilinks in tables escaped); they are
    // mapped back so positions point into what the writer wrote.
    let prepared = tables::prepare(body);
    // Tables first: `[[#tbl-arrears]]` names the table of `arrears.csv`, so a heading that
    // slugs to the same id takes the next one, wherever it stands.
    if table_blocks::may_hold_one(body) {
        for (event, raw) in parser(&prepared.text).into_offset_iter() {
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
                if table_blocks::is_table_info(&info) {
                    let range = prepared.original(raw.start)..prepared.original(raw.end);
                    let number = outline.tables.len() + 1;
                    outline.tables.push(table_blocks::read(body, range, number, &mut ids));
                }
            }
        }
    }
    let events: Vec<(Event<'_>, Range<usize>)> = parser(&prepared.text).into_offset_iter().collect();
    // Top-level blocks seen so far, and how deep in blocks and inlines the scan is.
    let (mut blocks, mut depth) = (0usize, 0usize);

    for (index, (event, raw)) in events.iter().enumerate() {
        let (event, raw) = (event.clone(), raw.clone());
        let range = prepared.original(raw.start)..prepared.original(raw.end);
        match &event {
            Event::Start(_) | Event::Rule if depth == 0 => blocks += 1,
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                let inner = &events[index + 1..];
                let end = inner.iter().position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph))).unwrap_or(0);
                let inner: Vec<Event<'_>> = inner[..end].iter().map(|(e, _)| e.clone()).collect();
                if let Some(shape) = figure_shape(&inner) {
                    let Event::Start(Tag::Image { dest_url, .. }) = &inner[0] else { continue };
                    let caption_end = shape.source_start.map_or(inner.len(), |s| s - 1);
                    let caption = figures::Caption {
                        text: figures::plain_text(&inner[shape.image_end + 2..caption_end.max(shape.image_end + 2)]),
                        source: shape.source_start.map(|s| figures::plain_text(&inner[s..])),
                    };
                    let id = ids.allocate_slug(figures::image_figure_id(dest_url));
                    let number = outline.figures.len() + 1;
                    outline.figures.push(Figure { id, number, kind: FigureKind::Image { caption }, range });
                }
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level as u8, id.map(|s| s.to_string()), String::new(), range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, text, range)) = heading.take() {
                    let text = text.trim().to_string();
                    let (id, duplicate_custom_id) = match custom {
                        Some(custom) => {
                            let fresh = !custom.contains(SHOWN_AWAY_SEPARATOR) && ids.claim(&custom);
                            (custom, !fresh)
                        }
                        None => (ids.allocate(&text), false),
                    };
                    outline.headings.push(Heading { level, text, id, duplicate_custom_id, range });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let target = classify(link_type, &dest_url);
                outline.links.push(LinkRef { target, is_image: false, range });
            }
            Event::Start(Tag::Image { link_type, dest_url, .. }) => {
                let target = match classify(link_type, &dest_url) {
                    LinkTarget::Citation(_) | LinkTarget::Wiki { .. } => {
                        LinkTarget::Relative { path: dest_url.to_string(), anchor: None }
                    }
                    other => other,
                };
                let alt = alt_text(&events[index + 1..]);
                if alt.trim().is_empty() {
                    outline.images_without_alt.push(range.clone());
                }
                let first_image = !outline.links.iter().any(|l| l.is_image);
                if first_image && blocks <= EAGER_BLOCKS {
                    outline.eager_image = Some(outline.links.len());
                }
                outline.links.push(LinkRef { target, is_image: true, range });
            }
            Event::FootnoteReference(ref label) | Event::Start(Tag::FootnoteDefinition(ref label)) => {
                let key = footnote_key(label);
                if matches!(event, Event::FootnoteReference(_)) {
                    marked.insert(key.clone());
                } else {
                    // The `[^label]:` that opens the note.
                    let head = prepared.text[raw.clone()].find("]:").map_or(raw.end, |end| raw.start + end + 2);
                    definitions.push((label.to_string(), prepared.original(raw.start)..prepared.original(head)));
                }
                if footnotes.insert(key) {
                    let id = ids.allocate_slug(format!("fn-{}", slugify_or(label, "note")));
                    outline.footnotes.push((label.to_string(), id));
                }
            }
            Event::Start(Tag::Table(_)) => {
                outline.overfull_rows.extend(tables::overfull_rows(&prepared, raw));
            }
            // Read before the loop.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) if table_blocks::is_table_info(info) => {
                code_depth += 1;
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(language)))
                if is_embed_block(&language) =>
            {
                code_depth += 1;
                match embeds::read(body, range.clone()) {
                    Ok(embed) => {
                        let id = ids.allocate_slug(figures::figure_id(&embed.title));
                        let number = outline.figures.len() + 1;
                        outline.figures.push(Figure { id, number, kind: FigureKind::Embed(embed), range });
                    }
                    Err(problems) => outline.embed_problems.extend(problems),
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                outline.has_code = true;
                code_depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => outline.raw_html.push(range),
            Event::Text(ref text) | Event::Code(ref text) => {
                if code_depth == 0 && matches!(event, Event::Text(_)) {
                    outline.undefined_footnotes.extend(
                        undefined_footnotes(&prepared.text, raw.clone())
                            .map(|(label, at)| (label, prepared.original(at.start)..prepared.original(at.end))),
                    );
                }
                if code_depth == 0 {
                    outline.words += text.split_whitespace().count();
                }
                if let Some((_, _, heading_text, _)) = heading.as_mut() {
                    heading_text.push_str(text);
                }
            }
            _ => {}
        }
    }
    outline.unmarked_footnotes =
        definitions.into_iter().filter(|(label, _)| !marked.contains(&footnote_key(label))).collect();
    outline
}

/// The `[^label]` of `text` starting in `within`, a text event's range: a footnote reference
/// the parser left as text, because no definition gives that label. An escaped `\\[^x]` is
/// text the writer meant.
fn undefined_footnotes(text: &str, within: Range<usize>) -> impl Iterator<Item = (String, Range<usize>)> + '_ {
    // The parser may give `[` as a text event of its own: the label is read past `within`.
    text[within.clone()].match_indices('[').filter_map(move |(offset, _)| {
        let start = within.start + offset;
        if !text[start..].starts_with("[^") || text[..start].ends_with('\\') {
            return None;
        }
        let rest = &text[start + 2..];
        let end = rest.find([']', '\n', '['])?;
        let label = &rest[..end];
        let closed = rest[end..].starts_with(']') && !label.trim().is_empty();
        closed.then(|| (label.to_string(), start..start + 2 + end + 1))
    })
}

/// Whether a fenced block's info string makes it an embed.
pub(crate) fn is_embed_block(info: &str) -> bool {
    info.split_whitespace().next() == Some(EMBED_LANGUAGE)
}

/// The alt text of an image, from the events after its start.
fn alt_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut depth = 1usize;
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// `text` as a slug, or `fallback` when nothing of it is left (`[^¿?]`).
fn slugify_or(text: &str, fallback: &str) -> String {
    match crate::slugs::slugify(text) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    }
}

/// What a destination points at.
pub(crate) fn classify(link_type: LinkType, dest: &str) -> LinkTarget {
    if let LinkType::WikiLink { has_pothole } = link_type {
        // In a table, the pipe of `[[slug|text]]` must be written `\|`; the backslash stays
        // with the target.
        let dest = dest.strip_suffix('\\').unwrap_or(dest);
        let (kind, rest) = match dest.split_once(':') {
            // A kind's name, or a taxonomy's (its singular as a slug, `policy-area`:
            // `Taxonomy::name`, which the help and `brief new` give too).
            Some((kind, rest)) if crate::slugs::is_valid(kind) => (Some(kind.to_string()), rest),
            _ => (None, dest),
        };
        let (slug, anchor) = split_anchor(rest);
        return LinkTarget::Wiki { kind, slug: slug.trim().to_string(), anchor, has_text: has_pothole };
    }
    let unknown_reference =
        matches!(link_type, LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown);
    if unknown_reference && let Some(cites) = citations::parse(dest) {
        return LinkTarget::Citation(cites);
    }
    let dest = dest.trim();
    if dest.is_empty() {
        return LinkTarget::Empty;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(anchor.to_string());
    }
    if let Some(scheme) = scheme_of(dest) {
        return if matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
            LinkTarget::Unsafe(scheme)
        } else {
            LinkTarget::External(dest.to_string())
        };
    }
    if dest.starts_with("//") {
        return LinkTarget::External(dest.to_string());
    }
    let (path, anchor) = split_anchor(dest);
    let path = path.split('?').next().unwrap_or(path).to_string();
    if dest.starts_with('/') { LinkTarget::Site { path, anchor } } else { LinkTarget::Relative { path, anchor } }
}

fn split_anchor(s: &str) -> (&str, Option<String>) {
    match s.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (s, None),
    }
}

/// The scheme of a URL, lower-cased, ignoring the whitespace and control characters that
/// browsers skip (`java\tscript:`).
fn scheme_of(dest: &str) -> Option<String> {
    let cleaned: String = dest.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(body: &str) -> Vec<LinkTarget> {
        scan(body).links.into_iter().map(|l| l.target).collect()
    }

    #[test]
    fn moving_text_keeps_the_shape_but_new_links_and_headings_change_it() {
        let before = scan("## One\n\nSee [[foc]] [@memo].\n");
        assert!(before.same_shape(&scan("An added paragraph.\n\n## One\n\nNow see [[foc]], [@memo].\n")));
        assert!(!before.same_shape(&scan("## One\n\nSee [[foc]] [@memo] and [[unu]].\n")));
        assert!(!before.same_shape(&scan("## Two\n\nSee [[foc]] [@memo].\n")));
        assert!(!before.same_shape(&scan("## One\n\nSee [[foc]] [@other].\n")));
        assert!(!before.same_shape(&scan("## One\n\nSee [[foc]] [@memo].\n\n```rust\nfn x() {}\n```\n")));
        let table = scan("## One\n\n```table\ndata: a.csv\n```\n");
        assert!(table.same_shape(&scan("Moved down.\n\n## One\n\n```table\ndata: a.csv\n```\n")));
        assert!(!table.same_shape(&scan("## One\n\n```table\ndata: a.csv\ncaption: C\n```\n")));
        assert!(!table.same_shape(&scan("## One\n\n```table\ndata: b.csv\n```\n")));
    }

    #[test]
    fn footnote_references_without_a_note_are_found_where_they_stand() {
        let body =
            "A[^a] b[^missing] and [^also gone].\n\n`[^code]` \\[^escaped]\n\n```\n[^block]\n```\n\n[^a]: Note.\n";
        let o = scan(body);
        let found: Vec<(&str, &str)> =
            o.undefined_footnotes.iter().map(|(label, range)| (label.as_str(), &body[range.clone()])).collect();
        assert_eq!(found, [("missing", "[^missing]"), ("also gone", "[^also gone]")]);
        assert!(scan("Fine[^a].\n\n[^a]: Note.\n").undefined_footnotes.is_empty());
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids_are_kept() {
        let o = scan("## Background\n\n## Background\n\n### The *U.S.* role\n\n## Own {#mine}\n\n## References\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["background", "background-1", "the-u-s-role", "mine", "references-1"]);
        assert_eq!(o.headings[2].text, "The U.S. role");
        assert_eq!(o.headings[2].level, 3);
    }

    #[test]
    fn reserved_and_shown_away_ids_are_not_taken_by_custom_heading_ids() {
        let o = scan(
            "## A {#ref_1}\n\n## B {#cite_2_1}\n\n## C {#site-search-q}\n\n## D {#e1--x}\n\n## E {#y2026}\n\n## F {#own}\n",
        );
        let taken: Vec<_> = o.headings.iter().map(|h| h.duplicate_custom_id).collect();
        assert_eq!(taken, [true, true, true, true, true, false]);
    }

    #[test]
    fn headings_never_take_the_ids_the_theme_builds() {
        let o = scan("## Y2026\n\n## Type: report\n\n## Site search q\n\n## Latest\n");
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["y2026-1", "type-report-1", "site-search-q-1", "latest-1"]);
    }

    #[test]
    fn notes_that_no_mark_leads_to_are_found_at_their_label() {
        let body = "Marked[^a].\n\n[^a]: Used.\n\n[^B]: Unused.\n\n[^c]: Marked in another case.[^C]\n";
        let o = scan(body);
        let unmarked: Vec<(&str, &str)> =
            o.unmarked_footnotes.iter().map(|(label, range)| (label.as_str(), &body[range.clone()])).collect();
        assert_eq!(unmarked, [("B", "[^B]:")]);
    }

    #[test]
    fn footnotes_get_ids_from_the_heading_allocator() {
        let o = scan(
            "## Intro\n\nText[^intro] and[^Fn intro] and[^¿?].\n\n## Fn intro\n\n[^intro]: Note.\n[^Fn intro]: Other.\n[^¿?]: Odd.\n",
        );
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "fn-intro-1"]);
        let footnotes: Vec<_> = o.footnotes.iter().map(|(label, id)| (label.as_str(), id.as_str())).collect();
        assert_eq!(footnotes, [("intro", "fn-intro"), ("Fn intro", "fn-fn-intro"), ("¿?", "fn-note")]);
    }

    #[test]
    fn every_kind_of_link_is_classified() {
        let body = "[[foc]] [[topic:spyware#intro|spyware]] [a](../organizations/foc.md#members) \
                    [b](#top) [c](/timeline/#e1) [@heel-turn] [@a; @b] [d](https://x.org) \
                    [e](JavaScript:alert(1)) [f](<java script:x>) [g]() ![i](img/map.png)";
        assert_eq!(
            targets(body),
            [
                LinkTarget::Wiki { kind: None, slug: "foc".into(), anchor: None, has_text: false },
                LinkTarget::Wiki {
                    kind: Some("topic".into()),
                    slug: "spyware".into(),
                    anchor: Some("intro".into()),
                    has_text: true
                },
                LinkTarget::Relative { path: "../organizations/foc.md".into(), anchor: Some("members".into()) },
                LinkTarget::Anchor("top".into()),
                LinkTarget::Site { path: "/timeline/".into(), anchor: Some("e1".into()) },
                LinkTarget::Citation(vec![CiteRef::plain("heel-turn")]),
                LinkTarget::Citation(vec![CiteRef::plain("a"), CiteRef::plain("b")]),
                LinkTarget::External("https://x.org".into()),
                LinkTarget::Unsafe("javascript".into()),
                LinkTarget::Unsafe("javascript".into()),
                LinkTarget::Empty,
                LinkTarget::Relative { path: "img/map.png".into(), anchor: None },
            ]
        );
    }

    #[test]
    fn link_ranges_point_at_the_written_text() {
        let body = "Intro.\n\nSee [[venice-comission]] now.";
        let link = &scan(body).links[0];
        assert_eq!(&body[link.range.clone()], "[[venice-comission]]");
    }

    #[test]
    fn plain_square_brackets_are_not_citations() {
        assert!(targets("a [note] b [x]: not").is_empty());
    }

    #[test]
    fn a_wikilink_with_an_escaped_pipe_in_a_table_keeps_its_slug() {
        let links = scan("| a | b |\n|---|---|\n| x | [[foc\\|the coalition]] |\n").links;
        assert_eq!(links.len(), 1);
        assert!(
            matches!(&links[0].target, LinkTarget::Wiki { slug, has_text: true, .. } if slug == "foc"),
            "{:?}",
            links[0].target
        );
    }

    #[test]
    fn wikilinks_with_text_in_a_table_need_no_escape_and_keep_their_positions() {
        let body = "| a | b |\n|---|---|\n| [[oecd|OECD]] | [[foc#history|the FOC]] |\n";
        let o = scan(body);
        let found: Vec<_> = o.links.iter().map(|l| (&l.target, &body[l.range.clone()])).collect();
        assert_eq!(
            found,
            [
                (&LinkTarget::Wiki { kind: None, slug: "oecd".into(), anchor: None, has_text: true }, "[[oecd|OECD]]"),
                (
                    &LinkTarget::Wiki {
                        kind: None,
                        slug: "foc".into(),
                        anchor: Some("history".into()),
                        has_text: true
                    },
                    "[[foc#history|the FOC]]"
                ),
            ]
        );
        assert!(o.overfull_rows.is_empty());
    }

    #[test]
    fn words_html_and_code_are_recorded() {
        let o = scan("First *para* here.\nNext line.\n\n<div>x</div>\n\n```rust\nlet a = 1;\n```\n");
        assert_eq!(o.words, 5);
        assert!(o.has_code);
        assert_eq!(o.raw_html.len(), 1);
    }
}
