//! Figures: an image with a caption and a source line, numbered on its page.
//!
//! A figure is a paragraph whose first line is an image alone; the paragraph's next lines are
//! its caption, and a last line that starts with `Source:` or `Credit:` (or their plurals, or
//! the same in French, German or Spanish: `Source :`, `Quelle:`, `Fuente:`) is its source line:
//!
//! ```markdown
//! ![Bar chart: share of the UN regular budget paid by the ten largest contributors](/budget.png)
//! The largest contributor paid about a fifth of the regular budget in 2025.
//! Source: UN Secretariat, 2025 assessment.
//! ```
//!
//! Other Markdown renderers show an image followed by two lines of text. An image inside
//! running text, or alone in its paragraph with no caption, stays an image. The scan
//! ([`super::scan`]) and the render ([`super::html`]) both decide with [`figure_shape`] over
//! a paragraph's events, so they agree on which paragraphs are figures. Embeds
//! ([`super::embeds`]) are figures too, numbered with them; [`Caption`] and the source-line
//! rule are shared by everything that carries a caption.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::i18n::{Arg, Interface, Key};
use crate::text::escape_html;

/// The words that start a source or credit line, followed by a colon (`Source:`, and with
/// French typography `Source :`), at the start of a caption's last line: in English, French,
/// German and Spanish, whatever the site's language (a site may quote another language's
/// figure).
pub(crate) const SOURCE_LABELS: [&str; 13] = [
    "Source",
    "Sources",
    "Credit",
    "Credits",
    "Crédit",
    "Crédits",
    "Quelle",
    "Quellen",
    "Bildnachweis",
    "Fuente",
    "Fuentes",
    "Crédito",
    "Créditos",
];

/// What a figure, an embed or a table says under itself, as plain text: its caption, and its
/// source or credit line (`Source: UN Secretariat.`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Caption {
    pub(crate) text: String,
    /// As written: a block's `source:` may leave out the label, which the page adds in its
    /// language ([`Caption::source_line`]).
    pub(crate) source: Option<String>,
}

impl Caption {
    /// The caption of a block (```` ```embed ````, ```` ```table ````) from its `caption:` and
    /// `source:` values.
    pub(crate) fn of_block(caption: Option<&str>, source: Option<&str>) -> Caption {
        let source = source.filter(|v| !v.is_empty()).map(str::to_string);
        Caption { text: caption.unwrap_or_default().to_string(), source }
    }

    /// The source line as the page shows it: with the label `Source:` in the site's language
    /// unless it has one (`Credit: …`).
    pub(crate) fn source_line(&self, interface: &Interface) -> Option<String> {
        let source = self.source.as_deref()?;
        Some(match is_source_line(source) {
            true => source.to_string(),
            false => interface.say(Key::source_line, &[("source", Arg::Text(source))]),
        })
    }

    /// The `<figcaption>` of a caption written as plain text: `label` (`Figure 2`) and the
    /// text in a first paragraph, the source line in a second.
    pub(crate) fn figcaption_html(&self, label: &str, interface: &Interface) -> String {
        let mut html = String::from("<figcaption>");
        html.push_str(&caption_start(label));
        if !self.text.is_empty() {
            html.push(' ');
            html.push_str(&escape_html(&self.text));
        }
        html.push_str("</p>");
        if let Some(source) = self.source_line(interface) {
            html.push_str(&format!("{SOURCE_START}{}</p>", escape_html(&source)));
        }
        html.push_str("</figcaption>");
        html
    }
}

/// Whether `line` is a source or credit line: a label of [`SOURCE_LABELS`], then a colon,
/// with or without a space (or a no-break space) before it.
pub(crate) fn is_source_line(line: &str) -> bool {
    let line = line.trim_start();
    SOURCE_LABELS.iter().any(|label| {
        line.strip_prefix(label)
            .map(|rest| rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']))
            .is_some_and(|rest| rest.starts_with(':'))
    })
}

/// The id of a figure of the image at `path`: `fig-` and the slug of the file's stem
/// (`/charts/budget.png` → `fig-budget`), before the page's allocator makes it unique.
pub(crate) fn image_figure_id(path: &str) -> String {
    let file = path.split(['?', '#']).next().unwrap_or_default().rsplit('/').next().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    figure_id(stem)
}

/// How the id of every figure starts.
pub(crate) const FIGURE_ID_PREFIX: &str = "fig-";

/// `fig-` and the slug of `text`; `fig-figure` when nothing of it is left.
pub(crate) fn figure_id(text: &str) -> String {
    match crate::slugs::slugify(text) {
        s if s.is_empty() => format!("{FIGURE_ID_PREFIX}figure"),
        s => format!("{FIGURE_ID_PREFIX}{s}"),
    }
}

/// What a figure is called where it is numbered and linked: `Figure 2`.
pub(crate) fn figure_label(number: usize, interface: &Interface) -> String {
    interface.count(Key::figure, number)
}

/// The start of a figcaption's first paragraph, with the figure's number.
pub(crate) fn caption_start(label: &str) -> String {
    format!("<p><span class=\"figure-number\">{}.</span>", escape_html(label))
}

/// The start of a caption's source line.
pub(crate) const SOURCE_START: &str = "<p class=\"figure-source\">";

/// Where the parts of a figure stand among the events inside its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FigureShape {
    /// The index of the image's end: the image is `0..=image_end`.
    pub(crate) image_end: usize,
    /// The index of the first event of the source line, if the caption has one.
    pub(crate) source_start: Option<usize>,
}

impl FigureShape {
    /// The caption text's events: after the line break that ends the image's line, up to the
    /// source line (without the break before it).
    pub(crate) fn caption(&self, len: usize) -> std::ops::Range<usize> {
        self.image_end + 2..self.source_start.map_or(len, |s| s - 1).max(self.image_end + 2)
    }
}

/// Whether the events inside a paragraph (without its start and end) make a figure: the
/// paragraph starts with an image that is alone on its line, and a caption line follows.
pub(crate) fn figure_shape(events: &[Event<'_>]) -> Option<FigureShape> {
    if !matches!(events.first(), Some(Event::Start(Tag::Image { .. }))) {
        return None;
    }
    let mut depth = 0usize;
    let mut image_end = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    image_end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let image_end = image_end?;
    if !matches!(events.get(image_end + 1), Some(Event::SoftBreak | Event::HardBreak)) || events.len() <= image_end + 2
    {
        return None;
    }
    // The last line break outside any inline element starts the last line.
    let mut depth = 0usize;
    let mut last_break = None;
    for (i, event) in events.iter().enumerate().skip(image_end + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::SoftBreak | Event::HardBreak if depth == 0 => last_break = Some(i),
            _ => {}
        }
    }
    let source_start =
        last_break.map(|b| b + 1).filter(|&s| matches!(events.get(s), Some(Event::Text(text)) if is_source_line(text)));
    Some(FigureShape { image_end, source_start })
}

/// The plain text of `events` (text and code, line breaks as spaces).
pub(crate) fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The size of an SVG picture in CSS pixels, from its root element: its `width` and `height`
/// (unitless or in `px`), or else its `viewBox`.
pub(crate) fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start + 4..end];
    let attribute = |name: &str| {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().next_back();
            rest = &rest[at + name.len()..];
            let after = rest.trim_start();
            if before.is_some_and(char::is_whitespace) && after.starts_with('=') {
                let value = after[1..].trim_start();
                let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let value = &value[1..];
                return value.find(quote).map(|close| value[..close].trim());
            }
        }
    };
    let pixels = |value: &str| -> Option<u32> {
        let number: f64 = value.strip_suffix("px").unwrap_or(value).trim().parse().ok()?;
        (1.0..100_000.0).contains(&number).then(|| number.round() as u32)
    };
    if let (Some(w), Some(h)) = (attribute("width").and_then(pixels), attribute("height").and_then(pixels)) {
        return Some((w, h));
    }
    let view_box: Vec<&str> = attribute("viewBox")?.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    match view_box[..] {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(markdown: &str) -> Vec<Event<'_>> {
        let events: Vec<Event<'_>> = super::super::parser(markdown).collect();
        events[1..events.len() - 1].to_vec()
    }

    #[test]
    fn an_image_alone_on_the_first_line_with_a_caption_is_a_figure() {
        let events = paragraph("![A chart](/a.png)\nThe caption, *with* emphasis.\nSource: UN.\n");
        let shape = figure_shape(&events).expect("a figure");
        assert_eq!(plain_text(&events[shape.caption(events.len())]), "The caption, with emphasis.");
        assert_eq!(plain_text(&events[shape.source_start.expect("a source")..]), "Source: UN.");

        let events = paragraph("![A chart](/a.png)\nOnly a caption.\n");
        let shape = figure_shape(&events).expect("a figure");
        assert_eq!(shape.source_start, None);
        assert_eq!(plain_text(&events[shape.caption(events.len())]), "Only a caption.");

        let events = paragraph("![A chart](/a.png)\nCredit: Jane Doe.\n");
        let shape = figure_shape(&events).expect("a figure");
        assert_eq!(plain_text(&events[shape.caption(events.len())]), "");
    }

    #[test]
    fn images_in_running_text_or_alone_are_not_figures() {
        for markdown in [
            "See ![a chart](/a.png)\nin the text.\n",
            "![A chart](/a.png) and more on its line\nA caption.\n",
            "![A chart](/a.png)\n",
            "[![A chart](/a.png)](/b/)\nA caption.\n",
        ] {
            assert_eq!(figure_shape(&paragraph(markdown)), None, "{markdown}");
        }
    }

    #[test]
    fn a_source_label_inside_the_caption_or_emphasised_is_caption_text() {
        let events = paragraph("![A](/a.png)\nSource: first line.\nThe rest.\n");
        assert_eq!(figure_shape(&events).expect("a figure").source_start, None);
        let events = paragraph("![A](/a.png)\nText *with\nSource: inside* it.\n");
        assert_eq!(figure_shape(&events).expect("a figure").source_start, None);
    }

    #[test]
    fn source_lines_start_with_a_label_in_any_of_the_languages() {
        for line in
            ["Source: UN.", "Sources : INSEE.", "Source\u{a0}: INSEE.", "Quelle: BMF.", "Fuente: INE.", "Credits:x"]
        {
            assert!(is_source_line(line), "{line}");
        }
        for line in ["Sourced from the UN.", "Source UN.", "The source: UN."] {
            assert!(!is_source_line(line), "{line}");
        }
    }

    #[test]
    fn a_plain_caption_is_escaped_with_its_source_apart() {
        assert_eq!(
            Caption { text: "<b>".into(), source: Some("Source: \"x\"".into()) }
                .figcaption_html("Figure 1", &Interface::english()),
            "<figcaption><p><span class=\"figure-number\">Figure 1.</span> &lt;b&gt;</p>\
             <p class=\"figure-source\">Source: &quot;x&quot;</p></figcaption>"
        );
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        assert_eq!(
            svg_size("<?xml version=\"1.0\"?>\n<svg xmlns=\"x\" width=\"640px\" height='480'>"),
            Some((640, 480))
        );
        assert_eq!(svg_size("<svg stroke-width=\"2\" viewBox=\"0 0 800.4 600\">"), Some((800, 600)));
        assert_eq!(svg_size("<svg width=\"100%\" height=\"100%\" viewBox=\"0,0,300,150\">"), Some((300, 150)));
        assert_eq!(svg_size("<svg width=\"10em\">"), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn figure_ids_come_from_the_file_or_the_title() {
        assert_eq!(image_figure_id("/charts/Budget Share.v2.png?x=1"), "fig-budget-share-v2");
        assert_eq!(image_figure_id("budget"), "fig-budget");
        assert_eq!(image_figure_id("/¿?.png"), "fig-figure");
        assert_eq!(figure_id("U.S. arrears, 2017–2025"), "fig-u-s-arrears-2017-2025");
    }
}
