//! The citation style: CSL processing by hayagriva, written out as the site's HTML.
//!
//! Takes: the site's `citation_style` (a built-in name or the text of a CSL file), its
//! language, the CSL items of [`super::csl`], and a page's citations in reading order (each
//! with its locator and whether the author is suppressed). Gives: each citation's in-text
//! mark as pieces of HTML (the part of each cited entry apart, so the page can link it to
//! its reference), and the reference list in the style's order, as HTML.
//!
//! The built-in styles are CSL files kept unchanged in `styles/` (see its README for their
//! origin and licence); the locales are hayagriva's. Both are read once per process.

use std::sync::{Arc, OnceLock};

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style, StyleClass, TextDecoration,
    VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatting, LocatorPayload, SpecificLocator,
};

use crate::markdown::html::Piece;
use crate::text::escape_html;

/// The built-in styles: the name `citation_style` takes, and the CSL file.
pub(crate) const BUILT_IN: [(&str, &str); 4] = [
    ("chicago-author-date", include_str!("styles/chicago-author-date.csl")),
    ("apa", include_str!("styles/apa.csl")),
    ("chicago-notes", include_str!("styles/chicago-notes.csl")),
    ("ieee", include_str!("styles/ieee.csl")),
];

/// The style used when `citation_style` is not set.
pub(crate) const DEFAULT_STYLE: &str = "chicago-author-date";

/// A site's citation style, ready to use.
#[derive(Clone)]
pub(crate) struct CitationStyle {
    style: Arc<IndependentStyle>,
    locale: Option<LocaleCode>,
}

impl std::fmt::Debug for CitationStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CitationStyle").field("title", &self.style.info.title.value).finish()
    }
}

/// One cited entry of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cite {
    /// Its place in the items given to [`CitationStyle::page`].
    pub(crate) item: usize,
    /// Text written before its key: `see`.
    pub(crate) prefix: Option<String>,
    /// Where in it, as written after the key: `p. 12`, `chap. 3`, `310-312`.
    pub(crate) locator: Option<String>,
    /// `[-@id]`: the year (and locator) without the author, for text that names the author.
    pub(crate) suppress_author: bool,
}

/// What a page's citations become.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StyledPage {
    /// Each citation, in the order given.
    pub(crate) citations: Vec<Vec<Piece>>,
    /// The reference list in the style's order: (item, its entry as HTML). Empty for a style
    /// with no bibliography.
    pub(crate) references: Vec<(usize, String)>,
}

fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(hayagriva::archive::locales)
}

/// The built-in styles, each parsed once.
fn built_in_style(index: usize) -> Option<Arc<IndependentStyle>> {
    static PARSED: OnceLock<Vec<Option<Arc<IndependentStyle>>>> = OnceLock::new();
    let parsed = PARSED
        .get_or_init(|| BUILT_IN.iter().map(|(_, xml)| IndependentStyle::from_xml(xml).ok().map(Arc::new)).collect());
    parsed.get(index).cloned().flatten()
}

impl CitationStyle {
    /// The built-in style `name`, for a site in `language` (a BCP 47 tag).
    pub(crate) fn built_in(name: &str, language: &str) -> Option<CitationStyle> {
        let index = BUILT_IN.iter().position(|(n, _)| *n == name)?;
        Some(CitationStyle { style: built_in_style(index)?, locale: locale(language) })
    }

    /// The style of a CSL file's text, or what is wrong with it.
    pub(crate) fn from_xml(xml: &str, language: &str) -> Result<CitationStyle, String> {
        match Style::from_xml(xml) {
            Ok(Style::Independent(style)) => Ok(CitationStyle { style: Arc::new(style), locale: locale(language) }),
            Ok(Style::Dependent(style)) => Err(format!(
                "it is a dependent style, which only names its parent: use the parent's file ({})",
                style.parent_link.href
            )),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Whether the style cites in notes (Chicago notes and bibliography) rather than in the
    /// text.
    pub(crate) fn is_note_style(&self) -> bool {
        self.style.settings.class == StyleClass::Note
    }

    /// The citations of a page, and its reference list: every item of `listed` (indices
    /// into `items`) that no citation cites is listed too, as a source of the whole page.
    pub(crate) fn page(&self, items: &[&Item], citations: &[Vec<Cite>], listed: &[usize]) -> StyledPage {
        let locales = locales();
        // Read before the driver, which borrows them.
        let locators: Vec<Vec<ParsedLocator>> =
            citations.iter().map(|cites| cites.iter().map(|c| parse_locator(c.locator.as_deref())).collect()).collect();
        let mut driver = BibliographyDriver::new();
        let mut requests: Vec<Request> = Vec::with_capacity(citations.len());
        for (cites, locators) in citations.iter().zip(&locators) {
            match cites.as_slice() {
                // hayagriva has no suppressed author: the prose form, "Freedom House (2025,
                // 12)", less the author form's text at its start.
                [cite] if cite.suppress_author => {
                    let item = items[cite.item];
                    let prose = CitationItem::new(item, specific(&locators[0]), None, false, Some(CitePurpose::Prose));
                    driver.citation(self.request(vec![prose], locales));
                    let author = CitationItem::new(item, None, None, false, Some(CitePurpose::Author));
                    driver.citation(self.request(vec![author], locales));
                    requests.push(Request::SuppressedAuthor(cite.prefix.clone()));
                }
                _ => {
                    let request_items = cites
                        .iter()
                        .zip(locators)
                        .map(|(cite, locator)| CitationItem::with_locator(items[cite.item], specific(locator)))
                        .collect();
                    driver.citation(self.request(request_items, locales));
                    let affixes =
                        cites.iter().zip(locators).map(|(c, l)| (c.prefix.clone(), l.suffix.clone())).collect();
                    requests.push(Request::Plain(affixes));
                }
            }
        }
        for &index in listed {
            let hidden = CitationItem::new(items[index], None, None, true, None);
            driver.citation(self.request(vec![hidden], locales));
        }
        let rendered = driver.finish(BibliographyRequest::new(&self.style, self.locale.clone(), locales));
        let mut rendered_citations = rendered.citations.iter().map(|c| &c.citation);
        let mut styled = Vec::with_capacity(requests.len());
        for request in requests {
            let pieces = match request {
                Request::SuppressedAuthor(prefix) => {
                    let prose = rendered_citations.next().map(plain).unwrap_or_default();
                    let author = rendered_citations.next().map(plain).unwrap_or_default();
                    let rest = prose.strip_prefix(author.as_str()).unwrap_or(&prose).trim_start();
                    let prefix = prefix.map(|p| escape_html(&p) + " ").unwrap_or_default();
                    vec![Piece::Cite(0, prefix + &escape_html(rest))]
                }
                Request::Plain(affixes) => rendered_citations.next().map(|c| pieces(c, &affixes)).unwrap_or_default(),
            };
            styled.push(pieces);
        }
        let position = |key: &str| items.iter().position(|item| item.id().is_some_and(|id| id == key));
        let references = rendered
            .bibliography
            .map(|b| {
                b.items
                    .iter()
                    .filter_map(|entry| {
                        let mut html = String::new();
                        if let Some(first) = &entry.first_field {
                            html.push_str("<span class=\"csl-left-margin\">");
                            write_child(&mut html, first);
                            html.push_str("</span><span class=\"csl-right-inline\">");
                            write_children(&mut html, &entry.content);
                            html.push_str("</span>");
                        } else {
                            write_children(&mut html, &entry.content);
                        }
                        Some((position(&entry.key)?, tidy(&html)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        StyledPage { citations: styled, references }
    }

    /// One item as the style's bibliography writes it (or, for a style with none, as its
    /// full citation), as HTML.
    pub(crate) fn full(&self, item: &Item) -> String {
        if let Some((_, html)) = self.references(&[item]).pop() {
            return html;
        }
        let locales = locales();
        let mut driver = BibliographyDriver::new();
        let full = CitationItem::new(item, None, None, false, Some(CitePurpose::Full));
        driver.citation(self.request(vec![full], locales));
        let rendered = driver.finish(BibliographyRequest::new(&self.style, self.locale.clone(), locales));
        let mut html = String::new();
        if let Some(citation) = rendered.citations.first() {
            write_children(&mut html, &citation.citation);
        }
        tidy(&html)
    }

    /// How the text cites `item` alone, as HTML: `(Freedom House 2025)`, `[1]`; for a note
    /// style, whose citations are notes, its author in parentheses. For marks outside a
    /// text (a status history's sources).
    pub(crate) fn in_text(&self, item: &Item) -> String {
        if self.is_note_style() {
            let locales = locales();
            let mut driver = BibliographyDriver::new();
            let author = CitationItem::new(item, None, None, false, Some(CitePurpose::Author));
            driver.citation(self.request(vec![author], locales));
            let rendered = driver.finish(BibliographyRequest::new(&self.style, self.locale.clone(), locales));
            let author = rendered.citations.first().map(|c| plain(&c.citation)).unwrap_or_default();
            return format!("({})", escape_html(author.trim()));
        }
        let cite = Cite { item: 0, prefix: None, locator: None, suppress_author: false };
        let page = self.page(&[item], &[vec![cite]], &[]);
        page.citations
            .into_iter()
            .flatten()
            .map(|piece| match piece {
                Piece::Text(text) | Piece::Cite(_, text) => text,
            })
            .collect()
    }

    /// The reference list of `items` alone, in the style's order (the sources page).
    pub(crate) fn references(&self, items: &[&Item]) -> Vec<(usize, String)> {
        let all: Vec<usize> = (0..items.len()).collect();
        self.page(items, &[], &all).references
    }

    fn request<'a>(&'a self, items: Vec<CitationItem<'a, Item>>, locales: &'a [Locale]) -> CitationRequest<'a, Item> {
        CitationRequest::new(items, &self.style, self.locale.clone(), locales, None)
    }
}

/// What became of each citation asked of the driver.
enum Request {
    /// One driver citation; each cite's prefix and suffix (text the style cannot label).
    Plain(Vec<(Option<String>, Option<String>)>),
    /// Two driver citations: its prose form, then its author alone; and the cite's prefix.
    SuppressedAuthor(Option<String>),
}

/// The locale for a site's language: `fr-CH` and `fr` both ask for French.
fn locale(language: &str) -> Option<LocaleCode> {
    let language = language.trim();
    (!language.is_empty()).then(|| LocaleCode(language.to_string()))
}

/// A locator as written after the key, read as its kind and value; text the style cannot
/// label (`[@id, for the figures]`) is kept as a suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ParsedLocator {
    kind: Option<(Locator, String)>,
    suffix: Option<String>,
}

/// The labels a locator may start with, as Pandoc reads them (English terms).
const LABELS: [(&str, Locator); 27] = [
    ("p.", Locator::Page),
    ("pp.", Locator::Page),
    ("page", Locator::Page),
    ("pages", Locator::Page),
    ("chap.", Locator::Chapter),
    ("chaps.", Locator::Chapter),
    ("chapter", Locator::Chapter),
    ("sec.", Locator::Section),
    ("secs.", Locator::Section),
    ("section", Locator::Section),
    ("§", Locator::Section),
    ("§§", Locator::Section),
    ("para.", Locator::Paragraph),
    ("paras.", Locator::Paragraph),
    ("¶", Locator::Paragraph),
    ("fig.", Locator::Figure),
    ("figs.", Locator::Figure),
    ("vol.", Locator::Volume),
    ("vols.", Locator::Volume),
    ("no.", Locator::Issue),
    ("n.", Locator::Note),
    ("nn.", Locator::Note),
    ("l.", Locator::Line),
    ("ll.", Locator::Line),
    ("col.", Locator::Column),
    ("pt.", Locator::Part),
    ("art.", Locator::Section),
];

fn parse_locator(written: Option<&str>) -> ParsedLocator {
    let Some(written) = written.map(str::trim).filter(|w| !w.is_empty()) else {
        return ParsedLocator { kind: None, suffix: None };
    };
    let starts_with_number = written.chars().next().is_some_and(|c| c.is_ascii_digit() || "ivxlcdm".contains(c));
    let (label, rest) = written.split_once([' ', '\u{a0}']).unwrap_or((written, ""));
    let found = LABELS.iter().find(|(l, _)| l.eq_ignore_ascii_case(label));
    let (kind, value) = match found {
        Some((_, kind)) if !rest.trim().is_empty() => (*kind, rest.trim()),
        // A bare number or range is a page, as in Pandoc.
        _ if starts_with_number && written.chars().all(|c| c.is_alphanumeric() || "-–, ".contains(c)) => {
            (Locator::Page, written)
        }
        _ => return ParsedLocator { kind: None, suffix: Some(written.to_string()) },
    };
    ParsedLocator { kind: Some((kind, en_dashes(value))), suffix: None }
}

/// A locator's ranges with en dashes, as citeproc gives them: `14-19` → `14–19` (a hyphen
/// between two letters or digits).
fn en_dashes(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between =
                i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c == '-' && between { '\u{2013}' } else { c }
        })
        .collect()
}

fn specific(locator: &ParsedLocator) -> Option<SpecificLocator<'_>> {
    locator.kind.as_ref().map(|(kind, value)| SpecificLocator(*kind, LocatorPayload::Str(value)))
}

fn plain(children: &ElemChildren) -> String {
    let mut text = String::new();
    // Writing to a String does not fail.
    let _ = children.write_buf(&mut text, BufWriteFormat::Plain);
    text
}

/// A rendered citation as pieces: each cited entry's part apart, with its prefix and suffix.
fn pieces(children: &ElemChildren, affixes: &[(Option<String>, Option<String>)]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut on_entry = |index: usize, html: String| {
        let Some((prefix, suffix)) = affixes.get(index) else { return (index, html) };
        let mut with = prefix.as_ref().map(|p| escape_html(p) + " ").unwrap_or_default();
        with.push_str(&html);
        if let Some(suffix) = suffix {
            with.push_str(", ");
            with.push_str(&escape_html(suffix));
        }
        (index, with)
    };
    collect(children, &mut text, &mut pieces, &mut on_entry);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(html) => Piece::Text(tidy(&html)),
            Piece::Cite(index, html) => Piece::Cite(index, tidy(&html)),
        })
        .collect()
}

fn collect(
    children: &ElemChildren,
    text: &mut String,
    pieces: &mut Vec<Piece>,
    on_entry: &mut impl FnMut(usize, String) -> (usize, String),
) {
    for child in &children.0 {
        match child {
            ElemChild::Elem(elem) if matches!(elem.meta, Some(ElemMeta::Entry(_))) => {
                let Some(ElemMeta::Entry(index)) = elem.meta else { continue };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(text)));
                }
                let mut html = String::new();
                write_children(&mut html, &elem.children);
                let (index, html) = on_entry(index, html);
                pieces.push(Piece::Cite(index, html));
            }
            ElemChild::Elem(elem) => collect(&elem.children, text, pieces, on_entry),
            other => write_child(text, other),
        }
    }
}

fn write_children(html: &mut String, children: &ElemChildren) {
    for child in &children.0 {
        write_child(html, child);
    }
}

/// One rendered element as HTML: formatting as `<i>`, `<b>`, `<sup>`…; blocks as spans
/// with a class (they sit inside a list item or a paragraph); links only to web addresses.
fn write_child(html: &mut String, child: &ElemChild) {
    match child {
        ElemChild::Text(t) => formatted(html, &t.formatting, &escape_html(&t.text)),
        ElemChild::Markup(m) => html.push_str(&escape_html(m)),
        ElemChild::Link { text, url } => {
            let inner = escape_html(&text.text);
            if url.starts_with("https://") || url.starts_with("http://") {
                let mut link = format!("<a href=\"{}\">", escape_html(url));
                formatted(&mut link, &text.formatting, &inner);
                link.push_str("</a>");
                html.push_str(&link);
            } else {
                formatted(html, &text.formatting, &inner);
            }
        }
        ElemChild::Elem(elem) => {
            let class = match elem.display {
                Some(hayagriva::citationberg::Display::Block) => Some("csl-block"),
                Some(hayagriva::citationberg::Display::Indent) => Some("csl-indent"),
                Some(hayagriva::citationberg::Display::LeftMargin) => Some("csl-left-margin"),
                Some(hayagriva::citationberg::Display::RightInline) => Some("csl-right-inline"),
                None => None,
            };
            if let Some(class) = class {
                html.push_str(&format!("<span class=\"{class}\">"));
            }
            write_children(html, &elem.children);
            if class.is_some() {
                html.push_str("</span>");
            }
        }
        ElemChild::Transparent { .. } => {}
    }
}

/// `html` without the doubled punctuation hayagriva leaves where a part of an entry is
/// missing or ends with its own stop: `Fail?.”` → `Fail?”`, `<i>Review</i>,.` → `<i>Review</i>.`,
/// `V15.”.` → `V15.”`. Text inside links (addresses) is left as it is.
fn tidy(html: &str) -> String {
    const DOUBLED: [(&str, &str); 6] = [
        ("?.\u{201d}", "?\u{201d}"),
        ("!.\u{201d}", "!\u{201d}"),
        (".\u{201d}.", ".\u{201d}"),
        ("?.", "?"),
        ("!.", "!"),
        (",.", "."),
    ];
    let mut out = String::with_capacity(html.len());
    let mut in_link = false;
    // The last character of text written, across tags: `<i>Over?</i>.` ends its title's stop.
    let mut last = None;
    let mut rest = html;
    while !rest.is_empty() {
        let (text, after) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
        let text = match text.strip_prefix('.') {
            Some(stopped) if !in_link && matches!(last, Some('?' | '!' | '.')) => stopped,
            _ => text,
        };
        if in_link || !DOUBLED.iter().any(|(from, _)| text.contains(from)) {
            out.push_str(text);
        } else {
            let mut text = text.to_string();
            for (from, to) in DOUBLED {
                text = text.replace(from, to);
            }
            out.push_str(&text);
        }
        last = text.chars().last().or(last);
        let tag_end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..tag_end];
        if tag.starts_with("<a ") {
            in_link = true;
        } else if tag == "</a>" {
            in_link = false;
        }
        out.push_str(tag);
        rest = &after[tag_end..];
    }
    out
}

/// `inner` (already HTML) inside the tags its formatting asks for.
fn formatted(html: &mut String, formatting: &Formatting, inner: &str) {
    let mut close = Vec::new();
    let mut open = |tag: &'static str, closing: &'static str| {
        html.push_str(tag);
        close.push(closing);
    };
    if matches!(formatting.font_style, FontStyle::Italic) {
        open("<i>", "</i>");
    }
    if matches!(formatting.font_weight, FontWeight::Bold) {
        open("<b>", "</b>");
    }
    if matches!(formatting.font_variant, FontVariant::SmallCaps) {
        open("<span class=\"csl-small-caps\">", "</span>");
    }
    if matches!(formatting.text_decoration, TextDecoration::Underline) {
        open("<u>", "</u>");
    }
    match formatting.vertical_align {
        VerticalAlign::Sup => open("<sup>", "</sup>"),
        VerticalAlign::Sub => open("<sub>", "</sub>"),
        _ => {}
    }
    html.push_str(inner);
    for closing in close.into_iter().rev() {
        html.push_str(closing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: &str) -> Item {
        serde_json::from_str(json).expect("a CSL-JSON item")
    }

    fn fh() -> Item {
        item(
            r#"{"id": "fh", "type": "report", "author": [{"literal": "Freedom House"}],
                "title": "Freedom in the World 2025", "publisher": "Freedom House",
                "issued": {"date-parts": [[2025]]}, "URL": "https://example.org/fiw"}"#,
        )
    }

    fn cite(item: usize, locator: Option<&str>) -> Cite {
        Cite { item, prefix: None, locator: locator.map(String::from), suppress_author: false }
    }

    fn text_of(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Cite(_, t) => t.as_str(),
            })
            .collect()
    }

    #[test]
    fn every_built_in_style_parses() {
        for (name, _) in BUILT_IN {
            assert!(CitationStyle::built_in(name, "en").is_some(), "{name}");
        }
        assert!(CitationStyle::built_in("chicago-notes", "en").is_some_and(|s| s.is_note_style()));
    }

    #[test]
    fn chicago_author_date_cites_with_a_page_and_lists_the_reference() {
        let style = CitationStyle::built_in("chicago-author-date", "en-US").expect("built in");
        let fh = fh();
        let page = style.page(&[&fh], &[vec![cite(0, Some("p. 12"))]], &[]);
        assert_eq!(text_of(&page.citations[0]), "(Freedom House 2025, 12)");
        assert!(matches!(&page.citations[0][1], Piece::Cite(0, t) if t == "Freedom House 2025, 12"), "{page:?}");
        assert_eq!(page.references.len(), 1);
        let (index, html) = &page.references[0];
        assert_eq!(*index, 0);
        assert!(html.starts_with("Freedom House. 2025. <i>Freedom in the World 2025</i>."), "{html}");
        assert!(html.contains("<a href=\"https://example.org/fiw\">https://example.org/fiw</a>"), "{html}");
    }

    #[test]
    fn a_suppressed_author_leaves_the_year_and_the_locator() {
        let style = CitationStyle::built_in("chicago-author-date", "en-US").expect("built in");
        let fh = fh();
        let suppressed = Cite { item: 0, prefix: None, locator: Some("12".into()), suppress_author: true };
        let page = style.page(&[&fh], &[vec![suppressed]], &[]);
        assert_eq!(text_of(&page.citations[0]), "(2025, 12)");
    }

    #[test]
    fn locators_are_read_as_pandoc_reads_them() {
        let kind = |w: &str| parse_locator(Some(w)).kind.map(|(k, v)| (format!("{k:?}"), v));
        assert_eq!(kind("p. 12"), Some(("Page".into(), "12".into())));
        assert_eq!(kind("pp. 310-312"), Some(("Page".into(), "310\u{2013}312".into())));
        assert_eq!(kind("chap. 3"), Some(("Chapter".into(), "3".into())));
        assert_eq!(kind("paras. 14-19"), Some(("Paragraph".into(), "14\u{2013}19".into())));
        assert_eq!(kind("12"), Some(("Page".into(), "12".into())));
        assert_eq!(parse_locator(Some("for the figures")).suffix.as_deref(), Some("for the figures"));
    }

    #[test]
    fn doubled_punctuation_is_tidied_but_not_in_addresses() {
        assert_eq!(
            tidy("“Why Fail?.” <i>Review</i>,. <a href=\"x\">https://a.org/?.b</a>."),
            "“Why Fail?” <i>Review</i>. <a href=\"x\">https://a.org/?.b</a>."
        );
    }

    #[test]
    fn markup_in_a_title_is_text() {
        let style = CitationStyle::built_in("apa", "en-US").expect("built in");
        let hostile = item(
            r#"{"id": "x", "type": "webpage", "title": "<script>alert(1)</script> & co", "issued": {"date-parts": [[2020]]}}"#,
        );
        let references = style.references(&[&hostile]);
        assert!(references[0].1.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), "{references:?}");
    }

    #[test]
    fn a_dependent_style_says_to_use_its_parent() {
        let dependent = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info><title>A journal</title><id>http://www.zotero.org/styles/a-journal</id>
    <link href="http://www.zotero.org/styles/a-journal" rel="self"/>
    <link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>
    <updated>2020-01-01T00:00:00+00:00</updated></info>
</style>"#;
        let error = CitationStyle::from_xml(dependent, "en").expect_err("a dependent style");
        assert!(error.contains("http://www.zotero.org/styles/apa"), "{error}");
    }
}
