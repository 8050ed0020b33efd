//! Markdown to HTML, once links are resolved.
//!
//! Takes: a Markdown body and what the link stage decided about each of its links. Gives:
//! the body's HTML and its plain text (for the search index). The events from the parser run
//! through one pass per concern: raw HTML, links and citations, heading and footnote ids,
//! code blocks.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::highlight;
use super::parser;

/// What a link of the body becomes, decided by the link stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ResolvedLink {
    /// A link to `href`; `text` replaces the link text of a bare `[[slug]]`.
    To { href: String, text: Option<String> },
    /// A citation, as its numbered marks.
    Citation(Vec<CitationMark>),
    /// Left as written (external links).
    Unchanged,
    /// Removed, keeping its text (unsafe or unresolved targets).
    Removed,
}

/// One `[n]` of a citation: its number, where it leads (the page's reference list, or the
/// sources page for text shown away from its own page, such as timeline events), and the id
/// that the reference list links back to.
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
    pub(crate) allow_raw_html: bool,
    /// Collect plain text up to this many bytes (0: none).
    pub(crate) text_budget: usize,
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
    let events = Links::new(events, context.links);
    let events = Ids {
        inner: events,
        headings: context.heading_ids,
        next: 0,
        footnotes: context.footnote_ids,
        allow_attributes: context.allow_raw_html,
    };
    let events = CodeBlocks { inner: events };
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
}

impl<'a, 'l, I> Links<'a, 'l, I> {
    fn new(inner: I, links: &'l [ResolvedLink]) -> Self {
        Links { inner, links, next: 0, open: Vec::new(), skip_depth: 0, queued: None }
    }

    fn take_resolution(&mut self) -> ResolvedLink {
        let r = self.links.get(self.next).cloned().unwrap_or(ResolvedLink::Unchanged);
        self.next += 1;
        r
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
                        ResolvedLink::To { href, text } => {
                            if let Some(text) = text {
                                self.skip_depth = 1;
                                self.queued = Some(Event::Text(text.into()));
                            }
                            (false, Some(Event::Start(Tag::Link { link_type, dest_url: href.into(), title, id })))
                        }
                        ResolvedLink::Citation(marks) => {
                            self.skip_depth = 1;
                            (true, Some(Event::InlineHtml(citation_html(&marks).into())))
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
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let emitted = match self.take_resolution() {
                        ResolvedLink::To { href, .. } => {
                            Some(Event::Start(Tag::Image { link_type, dest_url: href.into(), title, id }))
                        }
                        ResolvedLink::Unchanged => Some(Event::Start(Tag::Image { link_type, dest_url, title, id })),
                        // The image goes; its alt text stays as plain text.
                        ResolvedLink::Removed | ResolvedLink::Citation(_) => None,
                    };
                    self.open.push(emitted.is_none());
                    match emitted {
                        Some(e) => return Some(e),
                        None => continue,
                    }
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

fn citation_html(marks: &[CitationMark]) -> String {
    let mut html = String::from("<sup class=\"citation\">[");
    for (i, mark) in marks.iter().enumerate() {
        if i > 0 {
            html.push_str(", ");
        }
        let id = mark.mark_id.as_ref().map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
        html.push_str(&format!(
            "<a href=\"{}\"{id} title=\"{}\">{}</a>",
            escape_attribute(&mark.href),
            escape_attribute(&mark.title),
            mark.number
        ));
    }
    html.push_str("]</sup>");
    html
}

fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// Gives headings and footnotes the ids the parse stage chose, and drops heading attributes
/// such as `onclick` unless the site allows raw HTML. (The HTML writer would use a footnote's
/// name as the id of its definition and the link of its references.) One pass for both:
/// every event of every body goes through each pass.
struct Ids<'l, I> {
    inner: I,
    headings: &'l [String],
    next: usize,
    footnotes: &'l [(String, String)],
    allow_attributes: bool,
}

impl<'l, I> Ids<'l, I> {
    fn footnote<'a>(&self, label: CowStr<'a>) -> CowStr<'a> {
        // A body has a handful of footnotes at most: a search beats building a map.
        match self.footnotes.iter().find(|(name, _)| *name == *label) {
            Some((_, id)) => CowStr::from(id.clone()),
            None => label,
        }
    }
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
            Event::FootnoteReference(label) => Some(Event::FootnoteReference(self.footnote(label))),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Some(Event::Start(Tag::FootnoteDefinition(self.footnote(label))))
            }
            other => Some(other),
        }
    }
}

/// Replaces each fenced or indented code block with highlighted HTML.
struct CodeBlocks<I> {
    inner: I,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<I> {
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
    if piece.starts_with(['.', ',', ';', ':', '!', '?', ')']) && text.ends_with(' ') {
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
        let links = [to("/organizations/foc/", Some("Freedom Online Coalition")), ResolvedLink::Citation(vec![mark])];
        let context = BodyContext {
            links: &links,
            heading_ids: &ids,
            footnote_ids: &outline.footnotes,
            allow_raw_html: false,
            text_budget: 1000,
        };
        let rendered = render(body, &context);
        assert_eq!(rendered.excerpt, "The Freedom Online Coalition met twice. Then it stopped.");
        assert!(rendered.text.contains("twice. Then"), "{}", rendered.text);
    }

    fn render_with(body: &str, links: &[ResolvedLink], allow_raw_html: bool) -> String {
        let outline = super::super::scan(body);
        let ids = outline.heading_ids();
        let context =
            BodyContext { links, heading_ids: &ids, footnote_ids: &outline.footnotes, allow_raw_html, text_budget: 0 };
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

    #[test]
    fn citations_become_numbered_marks() {
        let mark = |n: usize, m: &str| CitationMark {
            number: n,
            mark_id: Some(m.into()),
            href: format!("#ref_{n}"),
            title: "A \"title\"".into(),
        };
        let html = render_with(
            "Claim [@a]. Both [@a; @b].",
            &[
                ResolvedLink::Citation(vec![mark(1, "cite_1_1")]),
                ResolvedLink::Citation(vec![mark(1, "cite_1_2"), mark(2, "cite_2_1")]),
            ],
            false,
        );
        assert!(html.contains("Claim <sup class=\"citation\">[<a href=\"#ref_1\" id=\"cite_1_1\" title=\"A &quot;title&quot;\">1</a>]</sup>."), "{html}");
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
            "<p>alt text <a href=\"/a/\">A</a> <a href=\"/y/\"><img src=\"/x.png\" alt=\"i\" /></a> <a href=\"/b/\">B</a></p>\n"
        );
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
        for part in ["<table>", "type=\"checkbox\"", "“Quoted”", "footnote", "<del>old</del>"] {
            assert!(html.contains(part), "missing {part} in {html}");
        }
    }

    #[test]
    fn footnotes_take_their_ids_from_the_scan_and_keep_their_numbers() {
        let html = render_with("## Intro\n\nA[^intro] b[^2] c[^intro].\n\n[^intro]: One.\n[^2]: Two.\n", &[], false);
        assert!(html.contains("<h2 id=\"intro\">"), "{html}");
        assert!(html.contains("href=\"#fn-intro\">1</a>") && html.contains("href=\"#fn-2\">2</a>"), "{html}");
        assert!(html.contains("id=\"fn-intro\"") && html.contains("id=\"fn-2\""), "{html}");
        assert_eq!(html.matches("id=\"intro\"").count(), 1, "{html}");
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
            allow_raw_html: false,
            text_budget: 100,
        };
        assert_eq!(render(body, &context).text.trim(), "T One two three.");
    }
}
