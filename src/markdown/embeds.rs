//! Embeds: a chart or video from another site, in a fenced ```` ```embed ```` block.
//!
//! ````markdown
//! ```embed
//! url: https://datawrapper.dwcdn.net/AbC12/3/
//! title: Arrears to UN bodies, 2017–2025
//! height: 420
//! caption: Arrears grew after 2017.
//! source: UN Secretariat; chart by the authors.
//! ```
//! ````
//!
//! The scan reads the block ([`read`]) and reports each mistake at its line; the link stage
//! checks the host against the site's `embed_hosts`; the render writes a `<figure>` with the
//! iframe and, always visible under it, a plain link to the chart ([`Embed::html`]): what
//! print, the feed and readers without JavaScript or frames get. Other Markdown renderers show
//! the block as code, which still names the chart and its address.

use std::ops::Range;

use super::figures::{Caption, figure_label};
use crate::i18n::{Arg, Interface, Key};
use crate::text::escape_html;

/// The info string of an embed block.
pub(crate) const EMBED_LANGUAGE: &str = "embed";

/// The keys an embed block accepts.
const KEYS: [&str; 6] = ["url", "title", "height", "aspect", "caption", "source"];

/// The start of an embed's frame, and its end: the feed leaves out what is between.
pub(crate) const FRAME_START: &str = "<div class=\"embed-frame\">";
pub(crate) const FRAME_END: &str = "</iframe></div>";

/// The height of the box of an embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmbedSize {
    /// `height: 420`: so many CSS pixels high, as wide as the text.
    Height(u32),
    /// `aspect: 16:9`: as wide as the text, this shape.
    Aspect(u32, u32),
}

/// An embed block, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Embed {
    /// The address as written (the link under the frame).
    pub(crate) url: String,
    /// The address the frame loads (YouTube and Vimeo pages become their players).
    pub(crate) frame_url: String,
    /// The host of `frame_url`, lower case: what `embed_hosts` must hold.
    pub(crate) host: String,
    /// Where `url:`'s value is written, in the body.
    pub(crate) url_range: Range<usize>,
    pub(crate) title: String,
    pub(crate) size: Option<EmbedSize>,
    pub(crate) caption: Caption,
}

/// A mistake in an embed block, at its place in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmbedProblem {
    pub(crate) message: String,
    pub(crate) help: String,
    pub(crate) range: Range<usize>,
}

/// What a known provider's frames need.
struct Provider {
    name: &'static str,
    hosts: &'static [&'static str],
    /// The least the provider's player works with.
    sandbox: &'static str,
    /// Permissions policy of the frame (`allow`), if it needs any.
    allow: Option<&'static str>,
    size: EmbedSize,
    /// What the link under the frame says (`Open the chart on {host}: {title}`).
    link: Key,
}

const CHART_SANDBOX: &str = "allow-scripts allow-same-origin allow-popups";
const VIDEO_SANDBOX: &str = "allow-scripts allow-same-origin allow-popups allow-presentation";

const PROVIDERS: [Provider; 6] = [
    Provider {
        name: "Datawrapper",
        hosts: &["datawrapper.dwcdn.net"],
        sandbox: CHART_SANDBOX,
        allow: None,
        size: EmbedSize::Height(400),
        link: Key::open_chart,
    },
    Provider {
        name: "Flourish",
        hosts: &["flo.uri.sh", "public.flourish.studio"],
        sandbox: CHART_SANDBOX,
        allow: None,
        size: EmbedSize::Height(500),
        link: Key::open_chart,
    },
    Provider {
        name: "Observable",
        hosts: &["observablehq.com"],
        sandbox: CHART_SANDBOX,
        allow: None,
        size: EmbedSize::Height(500),
        link: Key::open_chart,
    },
    Provider {
        name: "Infogram",
        hosts: &["e.infogram.com"],
        sandbox: CHART_SANDBOX,
        allow: None,
        size: EmbedSize::Height(500),
        link: Key::open_chart,
    },
    Provider {
        name: "YouTube",
        hosts: &["www.youtube-nocookie.com"],
        sandbox: VIDEO_SANDBOX,
        allow: Some("fullscreen; picture-in-picture; encrypted-media"),
        size: EmbedSize::Aspect(16, 9),
        link: Key::open_video,
    },
    Provider {
        name: "Vimeo",
        hosts: &["player.vimeo.com"],
        sandbox: VIDEO_SANDBOX,
        allow: Some("fullscreen; picture-in-picture"),
        size: EmbedSize::Aspect(16, 9),
        link: Key::open_video,
    },
];

/// A host brief knows nothing of: scripts, and nothing else.
const UNKNOWN: Provider = Provider {
    name: "",
    hosts: &[],
    sandbox: "allow-scripts",
    allow: None,
    size: EmbedSize::Height(400),
    link: Key::open_embed,
};

fn provider(host: &str) -> &'static Provider {
    PROVIDERS.iter().find(|p| p.hosts.contains(&host)).unwrap_or(&UNKNOWN)
}

/// Reads the embed block written at `block` (the fence lines included) of `body`.
pub(crate) fn read(body: &str, block: Range<usize>) -> Result<Embed, Vec<EmbedProblem>> {
    let text = &body[block.clone()];
    let fence_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = block.start..block.start + text[..fence_end].trim_end().len();
    let mut problems = Vec::new();
    let mut values: Vec<(&str, &str, Range<usize>, Range<usize>)> = Vec::new();
    let mut offset = block.start + fence_end;
    for line in text[fence_end..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        // The closing fence.
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            break;
        }
        let line_start = start + (content.len() - trimmed.len());
        let line_range = line_start..start + content.len();
        let Some((key, value)) = trimmed.split_once(':') else {
            problems.push(EmbedProblem {
                message: format!("`{trimmed}` is not a `key: value` line"),
                help: format!("write one setting per line, such as `title: …`; the keys are {}", keys_listed()),
                range: line_range,
            });
            continue;
        };
        let key = key.trim();
        let value_offset = trimmed.len() - trimmed[key.len() + 1..].trim_start().len();
        let value = value.trim();
        let key_range = line_start..line_start + key.len();
        let value_range = line_start + value_offset..line_start + value_offset + value.len();
        if !KEYS.contains(&key) {
            let help = crate::suggest::did_you_mean(key, KEYS.iter().copied())
                .unwrap_or_else(|| format!("the keys are {}", keys_listed()));
            problems.push(EmbedProblem { message: format!("unknown key `{key}` in an embed"), help, range: key_range });
            continue;
        }
        if values.iter().any(|(k, ..)| *k == key) {
            problems.push(EmbedProblem {
                message: format!("`{key}` is given twice"),
                help: format!("keep one `{key}:` line"),
                range: key_range,
            });
            continue;
        }
        values.push((key, value, key_range, value_range));
    }
    let get = |key: &str| values.iter().find(|(k, ..)| *k == key);
    for required in ["url", "title"] {
        match get(required) {
            None => problems.push(EmbedProblem {
                message: format!("this embed has no `{required}`"),
                help: match required {
                    "url" => "add a line `url: https://…` with the address of the chart or video".into(),
                    _ => "add a line `title: …` that says what the chart or video shows: screen readers announce it"
                        .into(),
                },
                range: fence.clone(),
            }),
            Some((_, "", key_range, _)) => problems.push(EmbedProblem {
                message: format!("the embed's `{required}` is empty"),
                help: format!("write the {required} after `{required}: `"),
                range: key_range.clone(),
            }),
            Some(_) => {}
        }
    }
    let mut size = None;
    if let Some((_, value, _, range)) = get("height") {
        match value.parse::<u32>() {
            Ok(px) if (50..=4000).contains(&px) => size = Some(EmbedSize::Height(px)),
            _ => problems.push(EmbedProblem {
                message: format!("`{value}` is not a height"),
                help: "write the height in CSS pixels, a whole number from 50 to 4000, such as `height: 420`".into(),
                range: range.clone(),
            }),
        }
    }
    if let Some((_, value, key_range, range)) = get("aspect") {
        if get("height").is_some() {
            problems.push(EmbedProblem {
                message: "an embed has a `height` or an `aspect`, not both".into(),
                help: "keep `height:` for a fixed height, or `aspect:` for a shape that follows the width".into(),
                range: key_range.clone(),
            });
        }
        match parse_aspect(value) {
            Some((w, h)) => size = size.or(Some(EmbedSize::Aspect(w, h))),
            None => problems.push(EmbedProblem {
                message: format!("`{value}` is not an aspect ratio"),
                help: "write width and height as whole numbers, such as `aspect: 16:9` or `aspect: 4:3`".into(),
                range: range.clone(),
            }),
        }
    }
    let mut frame = None;
    if let Some((_, url, _, range)) = get("url").filter(|(_, v, ..)| !v.is_empty()) {
        match frame_url(url) {
            Ok(found) => frame = Some((url.to_string(), found, range.clone())),
            Err((message, help)) => problems.push(EmbedProblem { message, help, range: range.clone() }),
        }
    }
    let title = get("title").map(|(_, v, ..)| v.to_string()).unwrap_or_default();
    let caption = Caption::of_block(get("caption").map(|(_, v, ..)| *v), get("source").map(|(_, v, ..)| *v));
    match frame {
        Some((url, (frame_url, host), url_range)) if problems.is_empty() => {
            Ok(Embed { url, frame_url, host, url_range, title, size, caption })
        }
        _ => Err(problems),
    }
}

fn keys_listed() -> String {
    KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// `source: UN` is shown as `Source: UN`; a value with its own label keeps it.
fn parse_aspect(value: &str) -> Option<(u32, u32)> {
    let (w, h) = value.split_once([':', '/'])?;
    let (w, h) = (w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?);
    ((1..=100).contains(&w) && (1..=100).contains(&h)).then_some((w, h))
}

/// The address a frame loads for `url`, and its host: YouTube and Vimeo pages become their
/// players (YouTube's without cookies). An address that is not `https://` is refused.
fn frame_url(url: &str) -> Result<(String, String), (String, String)> {
    let https_help = || "embeds load over https only: write the address that starts with `https://`".to_string();
    let Some(rest) = url.strip_prefix("https://") else {
        let message = match url.split_once("://") {
            Some((scheme, _)) => format!("`{scheme}://` addresses cannot be embedded"),
            None => format!("`{url}` is not a web address"),
        };
        return Err((message, https_help()));
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host = authority.to_ascii_lowercase();
    let valid_host = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
        });
    if !valid_host || url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>') {
        return Err((
            format!("`{url}` is not a web address brief can embed"),
            "write the address as the provider's embed or share button gives it, such as \
             `https://datawrapper.dwcdn.net/AbC12/3/` (no spaces, quotes or port)"
                .into(),
        ));
    }
    let path = &rest[authority_end..];
    let video = |id: &str| id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && !id.is_empty();
    let youtube_id = match host.as_str() {
        "youtube.com" | "www.youtube.com" | "m.youtube.com" => path
            .strip_prefix("/watch?")
            .and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("v=")))
            .or_else(|| path.strip_prefix("/embed/"))
            .or_else(|| path.strip_prefix("/shorts/"))
            .map(|id| id.split(['?', '&', '#', '/']).next().unwrap_or_default()),
        "youtu.be" => Some(path.trim_start_matches('/').split(['?', '&', '#', '/']).next().unwrap_or_default()),
        _ => None,
    };
    if let Some(id) = youtube_id.filter(|id| video(id)) {
        return Ok((format!("https://www.youtube-nocookie.com/embed/{id}"), "www.youtube-nocookie.com".into()));
    }
    if matches!(host.as_str(), "vimeo.com" | "www.vimeo.com") {
        let id = path.trim_start_matches('/').split(['?', '#', '/']).next().unwrap_or_default();
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
            return Ok((format!("https://player.vimeo.com/video/{id}"), "player.vimeo.com".into()));
        }
    }
    Ok((url.to_string(), host))
}

impl Embed {
    /// The embed as a numbered `<figure>`: the frame in a box of its size, and under it the
    /// caption, the source line and a link to the chart itself.
    pub(crate) fn html(&self, id: &str, number: usize, interface: &Interface) -> String {
        let provider = provider(&self.host);
        let size = self.size.unwrap_or(provider.size);
        let style = match size {
            EmbedSize::Height(px) => format!("height: {px}px"),
            EmbedSize::Aspect(w, h) => format!("aspect-ratio: {w} / {h}"),
        };
        let allow = provider
            .allow
            .map(|allow| {
                format!(" allow=\"{allow}\"{}", if allow.contains("fullscreen") { " allowfullscreen" } else { "" })
            })
            .unwrap_or_default();
        let label = figure_label(number, interface);
        let mut caption = self.caption.figcaption_html(&label, interface);
        let on = if provider.name.is_empty() { self.host.clone() } else { provider.name.to_string() };
        let text = interface.say(provider.link, &[("host", Arg::Text(&on)), ("title", Arg::Text(&self.title))]);
        let link =
            format!("<p class=\"embed-link\"><a href=\"{}\">{}</a></p>", escape_html(&self.url), escape_html(&text));
        caption.insert_str(caption.len() - "</figcaption>".len(), &link);
        format!(
            "<figure class=\"embed\" id=\"{id}\">\n{FRAME_START}<iframe src=\"{}\" title=\"{}\" sandbox=\"{}\"{allow} \
             loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" style=\"{style}\">{FRAME_END}\n{caption}\n</figure>\n",
            escape_html(&self.frame_url),
            escape_html(&self.title),
            provider.sandbox,
        )
    }
}

/// `html` without the frames of its embeds, for the feed: readers keep each embed's caption
/// and its link.
pub(crate) fn without_frames(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(FRAME_START) {
        let Some(end) = rest[start..].find(FRAME_END) else { break };
        out.push_str(&rest[..start]);
        rest = &rest[start + end + FRAME_END.len()..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lines: &str) -> String {
        format!("```embed\n{lines}```\n")
    }

    fn problems(lines: &str) -> Vec<(String, String)> {
        let body = block(lines);
        let found = read(&body, 0..body.len()).expect_err("problems");
        found.into_iter().map(|p| (p.message, body[p.range].to_string())).collect()
    }

    #[test]
    fn a_block_is_read_with_its_size_caption_and_source() {
        let body = block(
            "url: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: U.S. arrears, 2017–2025\nheight: 420\n\
             caption: Arrears grew.\nsource: UN Secretariat.\n",
        );
        let embed = read(&body, 0..body.len()).expect("an embed");
        assert_eq!(&body[embed.url_range.clone()], "https://datawrapper.dwcdn.net/AbC12/3/");
        assert_eq!(embed.host, "datawrapper.dwcdn.net");
        assert_eq!(embed.size, Some(EmbedSize::Height(420)));
        assert_eq!(embed.caption, Caption { text: "Arrears grew.".into(), source: Some("UN Secretariat.".into()) });
        let html = embed.html("fig-u-s-arrears-2017-2025", 2, &Interface::english());
        for part in [
            "<figure class=\"embed\" id=\"fig-u-s-arrears-2017-2025\">",
            "sandbox=\"allow-scripts allow-same-origin allow-popups\"",
            "loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" style=\"height: 420px\"",
            "<span class=\"figure-number\">Figure 2.</span> Arrears grew.</p>",
            "<p class=\"figure-source\">Source: UN Secretariat.</p>",
            "<a href=\"https://datawrapper.dwcdn.net/AbC12/3/\">Open the chart on Datawrapper: U.S. arrears, 2017–2025</a>",
        ] {
            assert!(html.contains(part), "missing {part} in {html}");
        }
        let feed = without_frames(&html);
        assert!(!feed.contains("iframe") && feed.contains("Open the chart"), "{feed}");
    }

    #[test]
    fn youtube_and_vimeo_pages_become_their_players() {
        for (url, frame) in [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://youtu.be/dQw4w9WgXcQ?si=x", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
            ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
            ("https://Public.Flourish.studio/visualisation/1/", "https://Public.Flourish.studio/visualisation/1/"),
        ] {
            assert_eq!(frame_url(url).expect(url).0, frame, "{url}");
        }
        let body = block("url: https://youtu.be/dQw4w9WgXcQ\ntitle: A talk\n");
        let html = read(&body, 0..body.len()).expect("an embed").html("fig-a-talk", 1, &Interface::english());
        assert!(html.contains("allow=\"fullscreen; picture-in-picture; encrypted-media\" allowfullscreen"), "{html}");
        assert!(html.contains("style=\"aspect-ratio: 16 / 9\""), "{html}");
        assert!(
            html.contains("<a href=\"https://youtu.be/dQw4w9WgXcQ\">Open the video on YouTube: A talk</a>"),
            "{html}"
        );
    }

    #[test]
    fn each_mistake_is_found_at_its_line() {
        assert_eq!(
            problems("url: http://datawrapper.dwcdn.net/x/\ntitel: A\nheight: tall\nno colon here\n"),
            [
                ("unknown key `titel` in an embed".to_string(), "titel".to_string()),
                ("`no colon here` is not a `key: value` line".into(), "no colon here".into()),
                ("this embed has no `title`".into(), "```embed".into()),
                ("`tall` is not a height".into(), "tall".into()),
                ("`http://` addresses cannot be embedded".into(), "http://datawrapper.dwcdn.net/x/".into()),
            ]
        );
        assert_eq!(
            problems("url: https://a.org/\"><script>\ntitle: T\naspect: 0:9\nurl: https://b.org/\n"),
            [
                ("`url` is given twice".to_string(), "url".to_string()),
                ("`0:9` is not an aspect ratio".into(), "0:9".into()),
                (
                    "`https://a.org/\"><script>` is not a web address brief can embed".into(),
                    "https://a.org/\"><script>".into()
                ),
            ]
        );
        assert_eq!(problems("title: T\n"), [("this embed has no `url`".to_string(), "```embed".to_string())]);
    }

    #[test]
    fn an_unknown_host_gets_scripts_only_and_everything_is_escaped() {
        let body = block("url: https://charts.example.org/a?b=1&c=2\ntitle: <b>\"T\"</b>\ncaption: <i>x</i>\n");
        let html = read(&body, 0..body.len()).expect("an embed").html("fig-b-t-b", 1, &Interface::english());
        assert!(html.contains("sandbox=\"allow-scripts\" loading"), "{html}");
        assert!(html.contains("src=\"https://charts.example.org/a?b=1&amp;c=2\""), "{html}");
        assert!(html.contains("title=\"&lt;b&gt;&quot;T&quot;&lt;/b&gt;\""), "{html}");
        assert!(html.contains("&lt;i&gt;x&lt;/i&gt;"), "{html}");
        assert!(html.contains("on charts.example.org:"), "{html}");
    }
}
