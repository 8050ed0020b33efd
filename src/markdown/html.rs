//! Markdown to HTML, once links are resolved.
//!
//! Takes: a Markdown body and what the link stage decided about each of its links. Gives:
//! the body's HTML and its plain text (for the search index). The events from the parser run
//! through one pass per concern: raw HTML, figures and embeds, links, images and citations,
//! heading ids, notes (collected at the end), marks kept on their word's line, code blocks
//! (and table blocks, replaced by their tables, made by the render stage from their CSV
//! files).
//!
//! Marks of two kinds stand in the text and must never be taken for one another: a citation
//! is a bracketed number, `[1]`, leading to the page's reference list; a note is a bare raised
//! numeral, `¹`, numbered on its own in order of first use and leading to the Notes section,
//! which the body ends with (before the page's References).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use std::collections::VecDeque;

use super::anchors::{NOTES_SECTION, citation_note_anchor, note_mark_anchor};
use super::figures::{SOURCE_START, caption_start, figure_label, figure_shape};
use super::highlight;
use super::scan::{Figure, FigureKind, is_embed_block};
use super::{footnote_key, parser, shown_away_id};
use crate::i18n::{Arg, Interface, Key};

/// What a link of the body becomes, decided by the link stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ResolvedLink {
    /// A link to `href`; `text` replaces the link text of a bare `[[slug]]`.
    To { href: String, text: Option<String> },
    /// An image of the site at `href`, with its size in pixels when it could be read.
    Image { href: String, size: Option<(u32, u32)> },
    /// A citation, as the site's style writes it.
    Citation(StyledCitation),
    /// Left as written (external links).
    Unchanged,
    /// Removed, keeping its text (unsafe or unresolved targets).
    Removed,
}

/// A piece of a styled citation, as HTML: text of the style's own (parentheses,
/// separators), or the part that stands for one cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    /// The part for the cited source at this position in the citation.
    Cite(usize, String),
}

/// A citation of the body, styled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StyledCitation {
    /// One per cited source, in the order written.
    pub(crate) marks: Vec<CitationMark>,
    /// The citation's text: the style's own, and each cited source's part, which links to
    /// its mark's reference.
    pub(crate) pieces: Vec<Piece>,
    /// A note style's mark, raised; else the citation reads in the line (`(Freedom House
    /// 2025, 12)`, `[3]`).
    pub(crate) raised: bool,
}

/// One cited source of a citation: its number, where it leads (the page's reference list,
/// or the sources page for text shown away from its own page, such as timeline events), and
/// the id that the reference list links back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CitationMark {
    pub(crate) number: usize,
    pub(crate) href: String,
    pub(crate) mark_id: Option<String>,
    pub(crate) title: String,
}

pub(crate) struct BodyContext<'a> {
    /// One per link or image of the body, in document order.
    pub(crate) links: &'a [ResolvedLink],
    /// One per heading, in document order.
    pub(crate) heading_ids: &'a [String],
    /// Each footnote label with the id it takes (see [`super::Outline::footnotes`]).
    pub(crate) footnote_ids: &'a [(String, String)],
    /// The slug of an entry whose text is shown away from its own page, beside others (an
    /// event's, on the timeline): the ids the body makes up carry it ([`shown_away_id`]).
    pub(crate) shown_away: Option<&'a str>,
    /// The body's figures and embeds ([`super::Outline::figures`]).
    pub(crate) figures: &'a [Figure],
    /// The image loaded at once ([`super::Outline::eager_image`]); the others load lazily.
    pub(crate) eager_image: Option<usize>,
    pub(crate) allow_raw_html: bool,
    /// The HTML of each ```` ```table ```` block, in order ([`super::table_blocks::html`]).
    pub(crate) tables: &'a [String],
    /// Collect plain text up to this many bytes (0: none).
    pub(crate) text_budget: usize,
    /// The site's language: the Notes' heading, the figures' labels, what marks say to screen
    /// readers.
    pub(crate) interface: &'a Interface,
}

pub(crate) struct RenderedBody {
    pub(crate) html: String,
    /// Plain text of the start of the body, for the search index.
    pub(crate) text: String,
    /// The first paragraph as plain text (links as their text, citation marks left out), for
    /// descriptions and cards of documents without a summary.
    pub(crate) excerpt: String,
}

/// Renders `body` to HTML.
pub(crate) fn render(body: &str, context: &BodyContext<'_>) -> RenderedBody {
    // The same preparation as the scan's, so the n-th link here is the n-th link there.
    let prepared = super::tables::prepare(body);
    let events = parser(&prepared.text);
    let events = RawHtml { inner: events, allow: context.allow_raw_html };
    let events = Figures {
        inner: events,
        figures: context.figures,
        shown_away: context.shown_away,
        interface: context.interface,
        next: 0,
        queued: VecDeque::new(),
    };
    let events = Links::new(events, context.links, context.eager_image);
    let events =
        Ids { inner: events, headings: context.heading_ids, next: 0, allow_attributes: context.allow_raw_html };
    let events = Notes::new(events, context, citation_notes(context.links));
    let events = Attach { inner: events, held: None, queued: None };
    let events = CodeBlocks { inner: events, tables: context.tables.iter() };
    let mut text =
        PlainText { inner: events, text: String::new(), budget: context.text_budget, excerpt: Excerpt::Before };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut text);
    let excerpt = match text.excerpt {
        Excerpt::Done(t) | Excerpt::In(t) => t.trim().to_string(),
        Excerpt::Before => String::new(),
    };
    RenderedBody { html, text: text.text, excerpt }
}

/// Raw HTML becomes visible text unless the site allows it.
struct RawHtml<I> {
    inner: I,
    allow: bool,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for RawHtml<I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Html(html) | Event::InlineHtml(html) if !self.allow => Some(Event::Text(html)),
            other => Some(other),
        }
    }
}

/// Rewrites links and images as the link stage resolved them, and turns citations into marks.
struct Links<'a, 'l, I> {
    inner: I,
    links: &'l [ResolvedLink],
    next: usize,
    /// For each open link or image: whether its end tag is dropped.
    open: Vec<bool>,
    /// While > 0, the events inside a link whose content was replaced are swallowed.
    skip_depth: usize,
    queued: Option<Event<'a>>,
    eager_image: Option<usize>,
    /// How many of a note style's citations have become note marks.
    citation_notes: usize,
}

impl<'a, 'l, I> Links<'a, 'l, I> {
    fn new(inner: I, links: &'l [ResolvedLink], eager_image: Option<usize>) -> Self {
        Links { inner, links, next: 0, open: Vec::new(), skip_depth: 0, queued: None, eager_image, citation_notes: 0 }
    }

    fn take_resolution(&mut self) -> ResolvedLink {
        let r = self.links.get(self.next).cloned().unwrap_or(ResolvedLink::Unchanged);
        self.next += 1;
        r
    }

    /// The alt text of an image whose start was just read, up to its end, which is
    /// consumed. Links inside it still take their resolutions, so later links stay aligned.
    fn alt_text(&mut self) -> String
    where
        I: Iterator<Item = Event<'a>>,
    {
        let mut depth = 1usize;
        let mut alt = String::new();
        for event in self.inner.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => {
                    self.next += 1;
                    depth += 1;
                }
                Event::Start(Tag::Link { .. }) => self.next += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }

    /// The end of a link or image: emitted unless its start was dropped.
    fn close(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        if self.open.pop() == Some(true) { None } else { Some(event) }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Links<'a, '_, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.queued.take() {
            return Some(e);
        }
        loop {
            let event = self.inner.next()?;
            if self.skip_depth > 0 {
                match event {
                    // Links inside replaced content still count, so later links stay aligned.
                    Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                        self.next += 1;
                        self.skip_depth += 1;
                    }
                    Event::End(TagEnd::Link | TagEnd::Image) => {
                        self.skip_depth -= 1;
                        if self.skip_depth == 0 {
                            match self.close(event) {
                                Some(end) => return Some(end),
                                None => continue,
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let resolution = self.take_resolution();
                    let (drop_end, emitted) = match resolution {
                        ResolvedLink::Image { href, .. } => {
                            (false, Some(Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id })))
                        }
                        ResolvedLink::To { href, text } => {
                            if let Some(text) = text {
                                self.skip_depth = 1;
                                self.queued = Some(Event::Text(text.into()));
                            }
                            (false, Some(Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id })))
                        }
                        // A note style's citation is a note: the Notes pass numbers it among
                        // the footnotes and lists its text with theirs.
                        ResolvedLink::Citation(citation) if citation.raised => {
                            self.skip_depth = 1;
                            self.citation_notes += 1;
                            (true, Some(Event::FootnoteReference(citation_note_label(self.citation_notes).into())))
                        }
                        ResolvedLink::Citation(citation) => {
                            self.skip_depth = 1;
                            (true, Some(Event::InlineHtml(citation_html(&citation).into())))
                        }
                        ResolvedLink::Unchanged => {
                            (false, Some(Event::Start(Tag::Link { link_type, dest_url, title, id })))
                        }
                        ResolvedLink::Removed => (true, None),
                    };
                    self.open.push(drop_end);
                    match emitted {
                        Some(e) => return Some(e),
                        None => continue,
                    }
                }
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let eager = self.eager_image == Some(self.next);
                    let (href, size) = match self.take_resolution() {
                        ResolvedLink::To { href, .. } => (href, None),
                        ResolvedLink::Image { href, size } => (href, size),
                        ResolvedLink::Unchanged => (dest_url.to_string(), None),
                        // The image goes; its alt text stays as plain text.
                        ResolvedLink::Removed | ResolvedLink::Citation(_) => {
                            self.open.push(true);
                            continue;
                        }
                    };
                    let alt = self.alt_text();
                    return Some(Event::InlineHtml(image_html(&href, &alt, &title, size, eager).into()));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => match self.close(event) {
                    Some(end) => return Some(end),
                    None => continue,
                },
                other => return Some(other),
            }
        }
    }
}

/// The start of a citation in the line, as [`citation_html`] writes it.
const IN_LINE_CITATION: &str = "<span class=\"citation\">";
/// The start of a raised citation (a note style's).
const RAISED_CITATION: &str = "<sup class=\"citation\">";

/// The footnote label a note style's citation `nth` takes: no label written in Markdown can
/// hold its first character.
fn citation_note_label(nth: usize) -> String {
    format!("\u{0}{nth}")
}

/// The notes a note style's citations become, in order: each citation's text, each cited
/// source's part a link to its reference.
fn citation_notes(links: &[ResolvedLink]) -> Vec<String> {
    links
        .iter()
        .filter_map(|link| match link {
            ResolvedLink::Citation(citation) if citation.raised => {
                let mut html = String::new();
                for piece in &citation.pieces {
                    match piece {
                        Piece::Text(text) => html.push_str(text),
                        // A full note holds links of its own (the address, the DOI): a link
                        // cannot hold another, and the reference list is one line away.
                        Piece::Cite(index, text) => match citation.marks.get(*index) {
                            Some(mark) if !text.contains("<a ") => {
                                html.push_str(&format!("<a href=\"{}\">{text}</a>", escape_attribute(&mark.href)))
                            }
                            _ => html.push_str(text),
                        },
                    }
                }
                Some(html)
            }
            _ => None,
        })
        .collect()
}

/// A citation as its style's pieces, each cited source's part a link to its reference.
fn citation_html(citation: &StyledCitation) -> String {
    let (open, close) = if citation.raised { (RAISED_CITATION, "</sup>") } else { (IN_LINE_CITATION, "</span>") };
    let mut html = String::from(open);
    for piece in &citation.pieces {
        match piece {
            Piece::Text(text) => html.push_str(text),
            Piece::Cite(index, text) => match citation.marks.get(*index) {
                Some(mark) if !text.contains("<a ") => {
                    let id = mark.mark_id.as_ref().map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
                    html.push_str(&format!(
                        "<a href=\"{}\"{id} title=\"{}\">{text}</a>",
                        escape_attribute(&mark.href),
                        escape_attribute(&mark.title),
                    ));
                }
                _ => html.push_str(text),
            },
        }
    }
    html.push_str(close);
    html
}

/// An `<img>` with its size, when known, so the page does not move as it loads; every image
/// but the one near the top loads lazily.
fn image_html(href: &str, alt: &str, title: &str, size: Option<(u32, u32)>, eager: bool) -> String {
    let mut html = format!("<img src=\"{}\" alt=\"{}\"", escape_attribute(href), escape_attribute(alt));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attribute(title)));
    }
    if let Some((width, height)) = size {
        html.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
    }
    if !eager {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\">");
    html
}

/// Figures and embeds ([`super::figures`]): a paragraph that is an image with a caption
/// becomes a numbered `<figure>` with its `<figcaption>`; an embed block, its figure with a
/// frame. Numbers and ids are the scan's, taken in the same order.
struct Figures<'a, 'l, I> {
    inner: I,
    figures: &'l [Figure],
    shown_away: Option<&'l str>,
    interface: &'l Interface,
    next: usize,
    queued: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Figures<'a, '_, I> {
    /// The next figure of the scan, with its id as shown on this page.
    fn take(&mut self) -> Option<(String, &Figure)> {
        let figure = self.figures.get(self.next)?;
        self.next += 1;
        let id = match self.shown_away {
            Some(slug) => shown_away_id(slug, &figure.id),
            None => figure.id.clone(),
        };
        Some((id, figure))
    }

    /// A paragraph's events, up to its end (consumed): as a figure, or as they were.
    fn paragraph(&mut self) {
        let interface = self.interface;
        let mut inner = Vec::new();
        for event in self.inner.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
            inner.push(event);
        }
        let figure = figure_shape(&inner).and_then(|shape| Some((shape, self.take()?)));
        let Some((shape, (id, figure))) = figure else {
            self.queued.push_back(Event::Start(Tag::Paragraph));
            self.queued.extend(inner);
            self.queued.push_back(Event::End(TagEnd::Paragraph));
            return;
        };
        let label = figure_label(figure.number, interface);
        let caption = shape.caption(inner.len());
        let has_text = !caption.is_empty();
        let source = shape.source_start.map(|start| start..inner.len());
        let mut events = inner.into_iter().enumerate();
        self.queued.push_back(Event::Html(format!("<figure id=\"{}\">\n", escape_attribute(&id)).into()));
        for (i, event) in events.by_ref() {
            self.queued.push_back(event);
            if i == shape.image_end {
                break;
            }
        }
        self.queued.push_back(Event::Html(format!("\n<figcaption>{}", caption_start(&label)).into()));
        if has_text {
            self.queued.push_back(Event::Text(" ".into()));
        }
        for (i, event) in events {
            if caption.contains(&i) {
                self.queued.push_back(event);
            } else if source.as_ref().is_some_and(|s| s.start == i) {
                self.queued.push_back(Event::Html("</p>".into()));
                // A break, so that the search text keeps the source apart from the caption.
                self.queued.push_back(Event::SoftBreak);
                self.queued.push_back(Event::Html(SOURCE_START.into()));
                self.queued.push_back(event);
            } else if source.as_ref().is_some_and(|s| s.contains(&i)) {
                self.queued.push_back(event);
            }
        }
        self.queued.push_back(Event::Html("</p></figcaption>\n</figure>\n".into()));
    }

    /// An embed block's events, up to its end (consumed), as its figure.
    fn embed(&mut self) {
        let interface = self.interface;
        for event in self.inner.by_ref() {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                break;
            }
        }
        // A block the scan could not read is an error: the build stops before any page.
        if let Some((id, Figure { kind: FigureKind::Embed(embed), number, .. })) = self.take() {
            let html = embed.html(&escape_attribute(&id), *number, interface);
            self.queued.push_back(Event::Html(html.into()));
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Figures<'a, '_, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.pop_front() {
            return Some(event);
        }
        match self.inner.next()? {
            Event::Start(Tag::Paragraph) => self.paragraph(),
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) if is_embed_block(&info) => {
                self.embed()
            }
            other => return Some(other),
        }
        self.queued.pop_front().or_else(|| self.next())
    }
}

fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Gives headings the ids the parse stage chose, and drops heading attributes such as
/// `onclick` unless the site allows raw HTML.
struct Ids<'l, I> {
    inner: I,
    headings: &'l [String],
    next: usize,
    allow_attributes: bool,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Ids<'_, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let chosen = self.headings.get(self.next).cloned().map(CowStr::from).or(id);
                self.next += 1;
                let attrs = if self.allow_attributes { attrs } else { Vec::new() };
                Some(Event::Start(Tag::Heading { level, id: chosen, classes, attrs }))
            }
            other => Some(other),
        }
    }
}

/// Footnotes as a publication's notes: each `[^label]` becomes a raised numeral (numbered in
/// order of first use, apart from citations), and the definitions, wherever they were
/// written, leave the flow of the text for a numbered Notes section at the end of the body,
/// each note with a link back to every mark of it. The ids are the parse stage's (the
/// HTML writer would use a footnote's label, which a heading "Intro" has too).
struct Notes<'a, 'l, I> {
    inner: I,
    ids: &'l [(String, String)],
    shown_away: Option<&'l str>,
    interface: &'l Interface,
    /// Labels in order of first use, with how many marks each has so far.
    used: Vec<(CowStr<'a>, usize)>,
    /// Each definition's label and content, in the order written.
    definitions: Vec<(CowStr<'a>, Vec<Event<'a>>)>,
    /// The Notes section, once the body's own events have run out.
    section: Option<std::vec::IntoIter<Event<'a>>>,
}

impl<'a, 'l, I: Iterator<Item = Event<'a>>> Notes<'a, 'l, I> {
    /// `citation_notes`: the text of each note a note style's citation becomes, in order.
    fn new(inner: I, context: &BodyContext<'l>, citation_notes: Vec<String>) -> Self {
        let definitions = citation_notes
            .into_iter()
            .enumerate()
            .map(|(i, html)| {
                let content =
                    vec![Event::Start(Tag::Paragraph), Event::InlineHtml(html.into()), Event::End(TagEnd::Paragraph)];
                (citation_note_label(i + 1).into(), content)
            })
            .collect();
        Notes {
            inner,
            ids: context.footnote_ids,
            shown_away: context.shown_away,
            interface: context.interface,
            used: Vec::new(),
            definitions,
            section: None,
        }
    }

    /// The id of the note `label`, as the scan chose it.
    fn note_id(&self, label: &str) -> String {
        if let Some(nth) = label.strip_prefix('\u{0}').and_then(|n| n.parse().ok()) {
            return self.made_up_id(citation_note_anchor(nth));
        }
        // A body has a handful of footnotes at most: a search beats building a map.
        let key = footnote_key(label);
        match self.ids.iter().find(|(name, _)| footnote_key(name) == key) {
            Some((_, id)) => id.clone(),
            None => label.to_string(),
        }
    }

    /// An id the body makes up, carrying the entry's slug where its text is shown away.
    fn made_up_id(&self, id: String) -> String {
        match self.shown_away {
            Some(slug) => shown_away_id(slug, &id),
            None => id,
        }
    }

    /// The mark of `[^label]`: its number, and its place among the marks of that note.
    fn mark(&mut self, label: CowStr<'a>) -> Event<'a> {
        let number = match self.used.iter().position(|(used, _)| footnote_key(used) == footnote_key(&label)) {
            Some(i) => i + 1,
            None => {
                self.used.push((label.clone(), 0));
                self.used.len()
            }
        };
        self.used[number - 1].1 += 1;
        let mark_id = self.made_up_id(note_mark_anchor(number, self.used[number - 1].1));
        let href = self.note_id(&label);
        let label = self.interface.count(Key::note_mark, number);
        Event::InlineHtml(
            format!(
                "<sup class=\"note-ref\"><a href=\"#{}\" id=\"{mark_id}\" aria-label=\"{}\">{number}</a></sup>",
                escape_attribute(&href),
                escape_attribute(&label)
            )
            .into(),
        )
    }

    /// A definition's content, up to its end, with the marks inside it (a note may cite
    /// another) already made.
    fn definition(&mut self) -> Vec<Event<'a>> {
        let mut content = Vec::new();
        while let Some(event) = self.inner.next() {
            match event {
                Event::End(TagEnd::FootnoteDefinition) => break,
                Event::FootnoteReference(label) => content.push(self.mark(label)),
                other => content.push(other),
            }
        }
        content
    }

    /// The Notes section: used notes in the order of their numbers, then any never used.
    fn section(&mut self) -> Vec<Event<'a>> {
        let mut definitions = std::mem::take(&mut self.definitions);
        if definitions.is_empty() {
            return Vec::new();
        }
        let heading_id = self.made_up_id(NOTES_SECTION.into());
        // A page's Notes stand beside its References (h2); an entry's text is shown under its
        // title, an h3 on every page that lists entries.
        let level = if self.shown_away.is_some() { 4 } else { 2 };
        let heading = escape_attribute(self.interface.word(Key::notes));
        let mut events = vec![Event::Html(
            format!(
                "<section class=\"notes\" aria-labelledby=\"{heading_id}\">\n<h{level} id=\"{heading_id}\">{heading}</h{level}>\n<ol>\n"
            )
            .into(),
        )];
        let rank = |label: &CowStr<'a>| {
            let key = footnote_key(label);
            self.used.iter().position(|(used, _)| footnote_key(used) == key).unwrap_or(usize::MAX)
        };
        definitions.sort_by_key(|(label, _)| rank(label));
        for (label, mut content) in definitions {
            let number = rank(&label).saturating_add(1);
            let marks = self.used.get(number.wrapping_sub(1)).map_or(0, |(_, marks)| *marks);
            let mut back = String::new();
            for nth in 1..=marks {
                let mark_id = self.made_up_id(note_mark_anchor(number, nth));
                let which = if marks == 1 { String::new() } else { format!("<sup>{nth}</sup>") };
                let label = self.interface.say(
                    Key::back_to_note_mark,
                    &[("mark", Arg::Number(nth as i64)), ("n", Arg::Number(number as i64))],
                );
                back.push_str(&format!(
                    " <a class=\"note-back\" href=\"#{mark_id}\" aria-label=\"{}\">↩︎{which}</a>",
                    escape_attribute(&label)
                ));
            }
            events.push(Event::Html(format!("<li id=\"{}\">", escape_attribute(&self.note_id(&label))).into()));
            // The links back close the note's last paragraph, as they would a printed note.
            let closes_paragraph = matches!(content.last(), Some(Event::End(TagEnd::Paragraph)));
            let end = if closes_paragraph { content.pop() } else { None };
            events.extend(content);
            events.push(Event::InlineHtml(back.into()));
            events.extend(end);
            events.push(Event::Html("</li>\n".into()));
        }
        events.push(Event::Html("</ol>\n</section>\n".into()));
        events
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Notes<'a, '_, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(section) = &mut self.section {
                return section.next();
            }
            match self.inner.next() {
                Some(Event::FootnoteReference(label)) => return Some(self.mark(label)),
                Some(Event::Start(Tag::FootnoteDefinition(label))) => {
                    let content = self.definition();
                    self.definitions.push((label, content));
                }
                Some(other) => return Some(other),
                None => self.section = Some(self.section().into_iter()),
            }
        }
    }
}

/// Keeps each citation and note mark on the line of the word before it: the space or line
/// break between them goes (`text [@a]` reads `text[1]`), so a mark can never begin a line
/// on its own.
struct Attach<'a, I> {
    inner: I,
    /// Text ending in a space, or a line break, waiting to see whether a mark follows.
    held: Option<Event<'a>>,
    queued: Option<Event<'a>>,
}

/// How a mark keeps to the word before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A raised mark touches the word: `text¹`.
    Touching,
    /// A citation in the line keeps a space that does not break: `text (Freedom House 2025)`.
    NoBreak,
}

/// Whether `event` is a citation or note mark, as `citation_html` and `Notes::mark` write
/// them, and how it keeps to its word.
fn is_mark(event: &Event<'_>) -> Option<Keep> {
    let Event::InlineHtml(html) = event else { return None };
    if html.starts_with(RAISED_CITATION) || html.starts_with("<sup class=\"note-ref\">") {
        Some(Keep::Touching)
    } else if html.starts_with(IN_LINE_CITATION) {
        Some(Keep::NoBreak)
    } else {
        None
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Attach<'a, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.take() {
            return Some(event);
        }
        loop {
            let Some(event) = self.inner.next() else { return self.held.take() };
            let holds = match &event {
                Event::Text(text) => text.ends_with(char::is_whitespace),
                Event::SoftBreak => true,
                _ => false,
            };
            let before = match (self.held.take(), is_mark(&event)) {
                (Some(Event::Text(text)), Some(keep)) => {
                    let word = text.trim_end();
                    match keep {
                        Keep::Touching => (!word.is_empty()).then(|| Event::Text(word.to_string().into())),
                        Keep::NoBreak => Some(Event::Text(format!("{word}\u{a0}").into())),
                    }
                }
                (Some(Event::SoftBreak), Some(Keep::Touching)) => None,
                (Some(Event::SoftBreak), Some(Keep::NoBreak)) => Some(Event::Text("\u{a0}".into())),
                (held, _) => held,
            };
            if holds {
                self.held = Some(event);
                match before {
                    Some(before) => return Some(before),
                    None => continue,
                }
            }
            match before {
                Some(before) => {
                    self.queued = Some(event);
                    return Some(before);
                }
                None => return Some(event),
            }
        }
    }
}

/// Code blocks, highlighted; a table block becomes its table.
struct CodeBlocks<'t, I> {
    inner: I,
    tables: std::slice::Iter<'t, String>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<'_, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(lang) => lang.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for event in self.inner.by_ref() {
                    match event {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => code.push_str(&text),
                        _ => {}
                    }
                }
                if super::table_blocks::is_table_info(&lang) {
                    return Some(Event::Html(self.tables.next().cloned().unwrap_or_default().into()));
                }
                Some(Event::Html(highlight::code_block(&code, &lang).into()))
            }
            other => Some(other),
        }
    }
}

/// Collects the visible text of the body, up to a budget, for the search index.
struct PlainText<I> {
    inner: I,
    text: String,
    budget: usize,
    excerpt: Excerpt,
}

/// Where the first paragraph is: not reached, being read, read.
enum Excerpt {
    Before,
    In(String),
    Done(String),
}

/// Appends `piece` to `text`, without a space before punctuation: a citation mark left out
/// of `freedom [@a].` must not leave `freedom .`.
fn push_text(text: &mut String, piece: &str) {
    // A citation left out leaves the space before it (a no-break one, see `Attach`).
    let before_punctuation = piece.starts_with(['.', ',', ';', ':', '!', '?', ')']) && text.ends_with([' ', '\u{a0}']);
    if before_punctuation || text.ends_with('\u{a0}') && piece.starts_with(char::is_whitespace) {
        text.pop();
    }
    text.push_str(piece);
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for PlainText<I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        match (&event, &mut self.excerpt) {
            (Event::Start(Tag::Paragraph), Excerpt::Before) => self.excerpt = Excerpt::In(String::new()),
            (Event::End(TagEnd::Paragraph), Excerpt::In(t)) => self.excerpt = Excerpt::Done(std::mem::take(t)),
            (Event::Text(piece) | Event::Code(piece), Excerpt::In(t)) => push_text(t, piece),
            (Event::SoftBreak | Event::HardBreak, Excerpt::In(t)) => t.push(' '),
            _ => {}
        }
        if self.text.len() < self.budget {
            match &event {
                Event::Text(t) | Event::Code(t) => push_text(&mut self.text, t),
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
                ) if !self.text.ends_with(' ') => self.text.push(' '),
                _ => {}
            }
        }
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_excerpt_is_the_first_paragraph_with_links_as_text_and_no_citation_marks() {
        let body = "# Title\n\nThe [[foc]] met *twice* [@a].\nThen it stopped.\n\nSecond paragraph.\n";
        let outline = super::super::scan(body);
        let ids = outline.heading_ids();
        let mark = CitationMark { number: 1, mark_id: None, href: "#ref_1".into(), title: "A".into() };
        let links = [to("/organizations/foc/", Some("Freedom Online Coalition")), bracketed(vec![mark], false)];
        let context = BodyContext {
            links: &links,
            heading_ids: &ids,
            footnote_ids: &outline.footnotes,
            shown_away: None,
            figures: &outline.figures,
            eager_image: outline.eager_image,
            allow_raw_html: false,
            tables: &[],
            text_budget: 1000,
            interface: &crate::i18n::Interface::english(),
        };
        let rendered = render(body, &context);
        assert_eq!(rendered.excerpt, "The Freedom Online Coalition met twice. Then it stopped.");
        assert!(rendered.text.contains("twice. Then"), "{}", rendered.text);
    }

    fn render_with(body: &str, links: &[ResolvedLink], allow_raw_html: bool) -> String {
        let outline = super::super::scan(body);
        let ids = outline.heading_ids();
        let context = BodyContext {
            links,
            heading_ids: &ids,
            footnote_ids: &outline.footnotes,
            shown_away: None,
            figures: &outline.figures,
            eager_image: outline.eager_image,
            allow_raw_html,
            tables: &[],
            text_budget: 0,
            interface: &crate::i18n::Interface::english(),
        };
        render(body, &context).html
    }

    fn to(href: &str, text: Option<&str>) -> ResolvedLink {
        ResolvedLink::To { href: href.into(), text: text.map(Into::into) }
    }

    #[test]
    fn wikilinks_take_the_resolved_url_and_title() {
        let html = render_with(
            "See [[foc]] and [[venice-commission|the Commission]].",
            &[
                to("/organizations/foc/", Some("Freedom Online Coalition")),
                to("/organizations/venice-commission/", None),
            ],
            false,
        );
        assert_eq!(
            html,
            "<p>See <a href=\"/organizations/foc/\">Freedom Online Coalition</a> and \
             <a href=\"/organizations/venice-commission/\">the Commission</a>.</p>\n"
        );
    }

    /// A citation styled as a numeric style writes it: `[1, 2]`.
    fn bracketed(marks: Vec<CitationMark>, raised: bool) -> ResolvedLink {
        let mut pieces = vec![Piece::Text("[".into())];
        for (i, mark) in marks.iter().enumerate() {
            if i > 0 {
                pieces.push(Piece::Text(", ".into()));
            }
            pieces.push(Piece::Cite(i, mark.number.to_string()));
        }
        pieces.push(Piece::Text("]".into()));
        ResolvedLink::Citation(StyledCitation { marks, pieces, raised })
    }

    #[test]
    fn citations_become_their_styles_text_each_source_linked() {
        let mark = |n: usize, m: &str| CitationMark {
            number: n,
            mark_id: Some(m.into()),
            href: format!("#ref_{n}"),
            title: "A \"title\"".into(),
        };
        let html = render_with(
            "Claim [@a]. Both [@a; @b].",
            &[
                bracketed(vec![mark(1, "cite_1_1")], false),
                bracketed(vec![mark(1, "cite_1_2"), mark(2, "cite_2_1")], false),
            ],
            false,
        );
        assert!(html.contains("Claim\u{a0}<span class=\"citation\">[<a href=\"#ref_1\" id=\"cite_1_1\" title=\"A &quot;title&quot;\">1</a>]</span>."), "{html}");
        assert!(html.contains(">1</a>, <a href=\"#ref_2\" id=\"cite_2_1\""), "{html}");
        assert!(!html.contains("@a"), "{html}");
    }

    #[test]
    fn removed_links_keep_their_text() {
        let html = render_with("[click](javascript:alert(1)) after", &[ResolvedLink::Removed], false);
        assert_eq!(html, "<p>click after</p>\n");
    }

    #[test]
    fn removed_images_keep_their_alt_text_and_links_stay_aligned() {
        let html = render_with(
            "![alt text](data:image/png;base64,xx) [[a]] [![i](x.png)](/y/) [[b]]",
            &[ResolvedLink::Removed, to("/a/", Some("A")), to("/y/", None), to("/x.png", None), to("/b/", Some("B"))],
            false,
        );
        assert_eq!(
            html,
            "<p>alt text <a href=\"/a/\">A</a> <a href=\"/y/\"><img src=\"/x.png\" alt=\"i\" loading=\"lazy\" decoding=\"async\"></a> <a href=\"/b/\">B</a></p>\n"
        );
    }

    #[test]
    fn an_image_with_a_caption_is_a_numbered_figure_with_its_size() {
        let body = "Intro.\n\n![A *bar* chart](/budget.png)\nThe U.S. paid [[un|a fifth]].\nSource: UN, 2025.\n\n\
                    Text ![inline](/x.png) here.\n\n![Second](/b.png)\nCredit: Jane <Doe>.\n";
        let links = [
            ResolvedLink::Image { href: "/budget.png".into(), size: Some((640, 480)) },
            to("/organizations/un/", None),
            ResolvedLink::Image { href: "/x.png".into(), size: None },
            ResolvedLink::Image { href: "/b.png".into(), size: Some((10, 20)) },
        ];
        let html = render_with(body, &links, false);
        assert!(
            html.contains(
                "<figure id=\"fig-budget\">\n<img src=\"/budget.png\" alt=\"A bar chart\" width=\"640\" height=\"480\" decoding=\"async\">\n\
                 <figcaption><p><span class=\"figure-number\">Figure 1.</span> The U.S. paid <a href=\"/organizations/un/\">a fifth</a>.</p>\n\
                 <p class=\"figure-source\">Source: UN, 2025.</p></figcaption>\n</figure>\n"
            ),
            "{html}"
        );
        assert!(
            html.contains("<p>Text <img src=\"/x.png\" alt=\"inline\" loading=\"lazy\" decoding=\"async\"> here.</p>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<figure id=\"fig-b\">\n<img src=\"/b.png\" alt=\"Second\" width=\"10\" height=\"20\" loading=\"lazy\" decoding=\"async\">\n\
                 <figcaption><p><span class=\"figure-number\">Figure 2.</span></p>\n<p class=\"figure-source\">Credit: Jane &lt;Doe&gt;.</p>"
            ),
            "{html}"
        );
    }

    #[test]
    fn an_embed_block_is_a_figure_numbered_with_the_images() {
        let body = "![A](/a.png)\nOne.\n\n```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: Arrears\n```\n";
        let html = render_with(body, &[ResolvedLink::Unchanged], false);
        assert!(
            html.contains("<figure class=\"embed\" id=\"fig-arrears\">\n<div class=\"embed-frame\"><iframe"),
            "{html}"
        );
        assert!(html.contains("Figure 2."), "{html}");
        assert!(!html.contains("<pre") && !html.contains("url:"), "{html}");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let body = "<script>alert(1)</script>\n\nInline <b onclick=\"x\">b</b>.";
        let html = render_with(body, &[], false);
        assert!(!html.contains("<script>") && !html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = render_with(body, &[], true);
        assert!(html.contains("<script>alert(1)</script>"), "{html}");
    }

    #[test]
    fn heading_ids_come_from_the_scan_and_event_attributes_are_dropped() {
        let html = render_with("## Intro {onclick=evil .note}\n\n## Intro\n", &[], false);
        assert_eq!(html, "<h2 id=\"intro\" class=\"note\">Intro</h2>\n<h2 id=\"intro-1\">Intro</h2>\n");
    }

    #[test]
    fn tables_footnotes_tasks_and_smart_quotes_render() {
        let html = render_with(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n\"Quoted\" text[^1] ~~old~~\n\n[^1]: Note.\n",
            &[],
            false,
        );
        for part in ["<table>", "type=\"checkbox\"", "“Quoted”", "note-ref", "<del>old</del>"] {
            assert!(html.contains(part), "missing {part} in {html}");
        }
    }

    #[test]
    fn footnotes_take_their_ids_from_the_scan_and_their_numbers_from_first_use() {
        let html = render_with("## Intro\n\nA[^intro] b[^2] c[^intro].\n\n[^2]: Two.\n[^intro]: One.\n", &[], false);
        assert!(html.contains("<h2 id=\"intro\">"), "{html}");
        assert!(
            html.contains(
                "A<sup class=\"note-ref\"><a href=\"#fn-intro\" id=\"noteref_1_1\" aria-label=\"Note 1\">1</a></sup>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "b<sup class=\"note-ref\"><a href=\"#fn-2\" id=\"noteref_2_1\" aria-label=\"Note 2\">2</a></sup>"
            ),
            "{html}"
        );
        assert!(html.contains("c<sup class=\"note-ref\"><a href=\"#fn-intro\" id=\"noteref_1_2\""), "{html}");
        assert_eq!(html.matches("id=\"intro\"").count(), 1, "{html}");
        // Note 1 comes first in the Notes section, whatever order the definitions were in.
        let one = html.find("<li id=\"fn-intro\">").expect("note 1");
        let two = html.find("<li id=\"fn-2\">").expect("note 2");
        assert!(one < two, "{html}");
    }

    #[test]
    fn notes_leave_the_text_for_a_section_at_the_end_with_a_link_back_to_every_mark() {
        let html = render_with(
            "First[^a] paragraph.\n\n[^a]: The note, with a [link](https://example.org/).\n\nSecond[^b], again[^a].\n\n[^b]: B.\n",
            &[ResolvedLink::Unchanged],
            false,
        );
        let section = html
            .find("<section class=\"notes\" aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes</h2>\n<ol>")
            .expect(&html);
        assert!(html.find("Second").expect(&html) < section, "the note no longer stands under its paragraph: {html}");
        assert!(html.ends_with("</ol>\n</section>\n"), "{html}");
        assert!(
            html.contains(
                "<li id=\"fn-a\">\n<p>The note, with a <a href=\"https://example.org/\">link</a>. \
                 <a class=\"note-back\" href=\"#noteref_1_1\" aria-label=\"Back to mark 1 of note 1\">↩︎<sup>1</sup></a> \
                 <a class=\"note-back\" href=\"#noteref_1_2\" aria-label=\"Back to mark 2 of note 1\">↩︎<sup>2</sup></a></p>\n</li>"
            ),
            "{html}"
        );
        assert!(html.contains("<li id=\"fn-b\">\n<p>B. <a class=\"note-back\" href=\"#noteref_2_1\" aria-label=\"Back to mark 1 of note 2\">↩︎</a></p>"), "{html}");
        assert!(!html.contains("footnote-definition"), "{html}");
    }

    #[test]
    fn labels_that_differ_only_in_case_are_one_note() {
        let html = render_with("A[^Note] b[^note].\n\n[^NOTE]: The note.\n", &[], false);
        assert!(html.contains("A<sup class=\"note-ref\"><a href=\"#fn-note\" id=\"noteref_1_1\""), "{html}");
        assert!(html.contains("b<sup class=\"note-ref\"><a href=\"#fn-note\" id=\"noteref_1_2\""), "{html}");
        assert_eq!(html.matches("<li id=").count(), 1, "{html}");
        assert!(html.contains("href=\"#noteref_1_2\""), "{html}");
    }

    #[test]
    fn a_body_without_notes_has_no_notes_section() {
        assert!(!render_with("Text [@a].\n", &[ResolvedLink::Removed], false).contains("notes"));
    }

    #[test]
    fn marks_in_an_entry_shown_away_carry_its_slug() {
        let body = "Said[^x].\n\n[^x]: Note.\n";
        let outline = super::super::scan(body);
        let footnotes: Vec<(String, String)> = outline
            .footnotes
            .iter()
            .map(|(label, id)| (label.clone(), crate::markdown::shown_away_id("e1", id)))
            .collect();
        let context = BodyContext {
            links: &[],
            heading_ids: &[],
            footnote_ids: &footnotes,
            shown_away: Some("e1"),
            figures: &outline.figures,
            eager_image: outline.eager_image,
            allow_raw_html: false,
            tables: &[],
            text_budget: 0,
            interface: &crate::i18n::Interface::english(),
        };
        let html = render(body, &context).html;
        for id in [
            "id=\"e1--noteref_1_1\"",
            "href=\"#e1--fn-x\"",
            "<h4 id=\"e1--notes\">Notes</h4>",
            "<li id=\"e1--fn-x\">",
            "href=\"#e1--noteref_1_1\"",
        ] {
            assert!(html.contains(id), "missing {id} in {html}");
        }
    }

    #[test]
    fn citation_and_note_marks_keep_to_the_word_before_them() {
        let mark = CitationMark { number: 1, mark_id: None, href: "#ref_1".into(), title: "A".into() };
        // A note style's citation is a note mark, which touches its word.
        let raised = || bracketed(vec![mark.clone()], true);
        let html = render_with(
            "Claim [@a] and *this* [@a]\n[@a] and a note [^n].\n\n[^n]: N.\n",
            &[raised(), raised(), raised()],
            false,
        );
        assert!(html.starts_with("<p>Claim<sup class=\"note-ref\"><a href=\"#citenote_1\""), "{html}");
        assert!(html.contains("</sup> and <em>this</em><sup class=\"note-ref\">"), "{html}");
        assert!(
            html.contains("</sup><sup class=\"note-ref\"><a href=\"#citenote_3\""),
            "a line break before a mark goes too: {html}"
        );
        assert!(html.contains("a note<sup class=\"note-ref\">"), "{html}");
        // Other text keeps its spaces.
        assert!(html.contains("</sup> and a note"), "{html}");
        // A citation in the line keeps its space, one that does not break.
        let in_line = || bracketed(vec![mark.clone()], false);
        let html = render_with("Claim [@a] and\n[@a].\n", &[in_line(), in_line()], false);
        assert!(html.starts_with("<p>Claim\u{a0}<span class=\"citation\">"), "{html}");
        assert!(
            html.contains("and\u{a0}<span class=\"citation\">"),
            "a line break before a citation becomes the space: {html}"
        );
    }

    #[test]
    fn code_blocks_are_highlighted() {
        let html = render_with("```yaml\nstatus: withdrawn\n```\n", &[], false);
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn plain_text_is_collected_within_the_budget() {
        let body = "# T\n\nOne *two* three.\n";
        let outline = super::super::scan(body);
        let ids = outline.heading_ids();
        let context = BodyContext {
            links: &[],
            heading_ids: &ids,
            footnote_ids: &outline.footnotes,
            shown_away: None,
            figures: &outline.figures,
            eager_image: outline.eager_image,
            allow_raw_html: false,
            tables: &[],
            text_budget: 100,
            interface: &crate::i18n::Interface::english(),
        };
        assert_eq!(render(body, &context).text.trim(), "T One two three.");
    }
}
