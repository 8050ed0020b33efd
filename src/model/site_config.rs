//! `site.yaml`: the settings of the whole site, read setting by setting.
//!
//! Takes: the text of `site.yaml`. Gives: a [`SiteConfig`], each setting that cannot be read
//! replaced by its default (so the rest of the site is still checked), and the problems at
//! their lines. Each field's `///` doc is its line in `docs/front-matter.md`.

use serde::Deserialize;
use serde::de::Deserializer;

use super::{Keys, optional_text, text};
use crate::frontmatter::{Context, Fields, YamlError};

/// The settings of the whole site.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct SiteConfig {
    /// The site's name, in every page's header, the browser tab and the feed.
    pub(crate) title: String,
    /// A sentence about the site: the home page's description, and the meta description of
    /// pages without a summary of their own.
    pub(crate) description: Option<String>,
    /// The address the site is published at, ending with `/`
    /// (`https://example.org/briefing/`): every link, the feed and the sitemap are built from
    /// it. `--base-url` overrides it.
    pub(crate) base_url: String,
    /// The theme of `themes/` to use; `default` unless set.
    pub(crate) theme: String,
    /// The language of the content, a BCP 47 tag (`en`, `fr-CA`); `en` unless set.
    pub(crate) language: String,
    /// Who publishes the site, named in the feed and each briefing's metadata; the site's
    /// title unless set.
    pub(crate) author: Option<String>,
    /// The organization that publishes the briefings (`Centre for Digital Policy`): the
    /// byline of a briefing without `authors`, its `citation_publisher` and its schema.org
    /// `publisher`. The site's `author`, or else its `title`, unless set.
    pub(crate) publisher: Option<String>,
    /// The name of the site's numbered series of briefings (`Policy Brief`): a briefing with
    /// a `number` shows "Policy Brief No. 12" by its title, on its card, in its metadata and
    /// in the feed. Unset, briefings take no `number`.
    pub(crate) series: Option<String>,
    /// The timeline's order: `ascending` (oldest first, unless set) or `descending`.
    pub(crate) timeline_order: TimelineOrder,
    /// `true` adds each entry of the organizations' `status_history` to the timeline, among
    /// the events by date, marked as a status change and linked to its organization (and to
    /// `timeline.json`). `false` unless set.
    pub(crate) timeline_status_changes: bool,
    /// Which entries of the bibliography the sources page lists. `cited` (unless set): every
    /// entry of `sources.yaml`, which is written for the site, and the entries of the `.bib` and
    /// `.json` files that a page cites or links, with a line saying how many others those files
    /// hold (a reference manager's export holds far more than one site cites). `all`: every
    /// entry of every file.
    pub(crate) sources_page: SourcesListing,
    /// `true` keeps raw HTML and `javascript:` links in bodies, which can run code in
    /// readers' browsers: only for sites whose every author is trusted. `false` unless set.
    pub(crate) allow_raw_html: bool,
    /// The hosts that ```` ```embed ```` blocks may load charts and videos from, as a list
    /// of host names (`- datawrapper.dwcdn.net`). Setting it replaces the default list:
    /// `datawrapper.dwcdn.net`, `flo.uri.sh`, `public.flourish.studio`, `observablehq.com`,
    /// `e.infogram.com`, `www.youtube-nocookie.com` (YouTube addresses are embedded from there)
    /// and `player.vimeo.com` (Vimeo's). An empty list allows no embeds.
    #[serde(default = "default_embed_hosts", deserialize_with = "host_names")]
    pub(crate) embed_hosts: Vec<String>,
    /// How citations and reference lists are styled: `chicago-author-date` (unless set),
    /// `apa`, `chicago-notes` or `ieee`, or the name of a CSL file of `content/`
    /// (`house.csl`), such as one from the Zotero style repository.
    pub(crate) citation_style: Option<String>,
    /// The site's logo, shown in every page's header in place of its title (which becomes
    /// the picture's text for screen readers and search engines): an SVG, PNG, JPEG, WebP,
    /// AVIF or GIF file of `content/static/`, written from there (`/img/logo.svg`). Its size
    /// is read from the file; the theme shows it at the height of a line of the header.
    pub(crate) logo: Option<String>,
    /// The icon browsers show in tabs and bookmarks: an SVG, PNG or ICO file of
    /// `content/static/`, written from there (`/favicon.png`). The theme's `favicon.svg`
    /// unless set.
    pub(crate) favicon: Option<String>,
    /// The main navigation in every page's header, in order: a list of entries, each with a
    /// `label` and a `url` (see below). Unset, it leads to the briefings, organizations,
    /// topics, timeline and sources pages, and the about page if there is one; an empty list
    /// (`menu: []`) shows none.
    pub(crate) menu: Option<Vec<SiteLink>>,
    /// A line of plain text at the foot of every page, shown as written (not as Markdown):
    /// `© 2026 Centre for Digital Policy. All rights reserved.`
    pub(crate) footer_text: Option<String>,
    /// The links at the foot of every page, in order, written as the entries of `menu` are.
    /// Unset, a link to each page of `content/pages/`. The feed's link is always there.
    pub(crate) footer_links: Option<Vec<SiteLink>>,
    /// The picture link previews show (the Open Graph and Twitter card image) for every page,
    /// unless a briefing sets its own `social_image`: a PNG, JPEG, GIF or WebP file of
    /// `content/static/` written from there (`/img/card.png`), best 1200 × 630 pixels. Its
    /// size is read from the file. Unset, previews show no picture.
    pub(crate) social_image: Option<String>,
    /// A stylesheet of `content/static/` that every page loads after the theme's, written
    /// from there (`/css/custom.css`): its rules win over the theme's, so colours, fonts and
    /// spacing can change without copying the theme.
    pub(crate) custom_css: Option<String>,
}

impl Keys for SiteConfig {}

/// An entry of `menu` or `footer_links` in `site.yaml`: a link and what it says.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct SiteLink {
    /// What the link says (`About us`).
    pub(crate) label: String,
    /// Where it leads: a path of this site (`/about/`, `/topics/spyware/`), which the build
    /// checks against the pages and files it writes, or a full address (`https://…`,
    /// `mailto:…`).
    pub(crate) url: String,
    /// Where `url` is written in `site.yaml`, for a message about where it leads.
    #[serde(skip)]
    at: std::ops::Range<usize>,
}

impl Keys for SiteLink {}

impl SiteLink {
    /// One entry, read key by key. `None` when its label or address cannot be read.
    pub(crate) fn read(f: &mut Fields) -> Option<SiteLink> {
        let label = f.required_with("label", self::text);
        let url = f.required_with("url", link_address);
        let label = label?.trim().to_string();
        if label.is_empty() {
            let at = f.value_range("label").unwrap_or_else(|| f.start());
            f.error(at, "`label` is empty".into(), "write what the link says after `label: `", "E018");
            return None;
        }
        let at = f.value_range("url").unwrap_or_else(|| f.start());
        Some(SiteLink { label, url: url?, at })
    }

    /// Where its `url` is written in `site.yaml`.
    pub(crate) fn written_at(&self) -> std::ops::Range<usize> {
        self.at.clone()
    }

    /// Its path in the site, without the leading `/`, when it leads to a page or file of
    /// the site (`about/`), with its `#fragment` apart; `None` for a full address.
    pub(crate) fn site_path(&self) -> Option<(&str, Option<&str>)> {
        let path = self.url.strip_prefix('/')?;
        Some(match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (path, None),
        })
    }
}

/// `menu` or `footer_links`, told apart from a key that is not written (the default links):
/// an entry that cannot be read is reported and left out.
fn site_links(f: &mut Fields, key: &str) -> Option<Vec<SiteLink>> {
    let written = f.has(key);
    let links = f.entries(key, SiteLink::keys(), SiteLink::read);
    written.then_some(links)
}

/// The address of a link of `menu` or `footer_links`: a path of the site, starting with one
/// `/`, or a full `https://`, `http://` or `mailto:` address.
fn link_address<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let url = self::text(deserializer)?.trim().to_string();
    let site_path = url.starts_with('/') && !url.starts_with("//");
    let full =
        ["https://", "http://", "mailto:"].iter().any(|scheme| url.starts_with(scheme) && url.len() > scheme.len());
    if (site_path || full) && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
    {
        return Ok(url);
    }
    Err(serde::de::Error::custom(format!(
        "`{}` is not a link: write a path of this site starting with `/` (`/about/`), or a full address \
         starting with `https://` or `mailto:`",
        url.escape_debug()
    )))
}

impl SiteConfig {
    /// Reads `site.yaml` setting by setting; a setting that cannot be read takes its default,
    /// so the rest of the site is still checked.
    pub(crate) fn parse(text: &str) -> (SiteConfig, Vec<YamlError>) {
        let mut f = Fields::read(text, 0..text.len(), SiteConfig::keys(), Context::SiteYaml);
        let config = SiteConfig::read(&mut f);
        (config, f.errors)
    }

    pub(super) fn read(f: &mut Fields) -> SiteConfig {
        SiteConfig {
            title: f.required_with("title", self::text).unwrap_or_default(),
            description: f.get_with("description", optional_text).flatten(),
            base_url: f.required_with("base_url", self::text).unwrap_or_else(|| "https://example.org/".into()),
            theme: f.get_with("theme", self::text).unwrap_or_else(default_theme),
            language: f.get_with("language", self::text).unwrap_or_else(default_language),
            author: f.get_with("author", optional_text).flatten(),
            publisher: f.get_with("publisher", optional_text).flatten(),
            series: f.get_with("series", optional_text).flatten().map(|s| s.trim().to_string()),
            timeline_order: f.get::<Option<TimelineOrder>>("timeline_order").flatten().unwrap_or_default(),
            timeline_status_changes: f.get::<Option<bool>>("timeline_status_changes").flatten().unwrap_or(false),
            sources_page: f.get::<Option<SourcesListing>>("sources_page").flatten().unwrap_or_default(),
            allow_raw_html: f.get::<Option<bool>>("allow_raw_html").flatten().unwrap_or(false),
            embed_hosts: f.get_with("embed_hosts", host_names).unwrap_or_else(default_embed_hosts),
            citation_style: f.get_with("citation_style", optional_text).flatten().map(|s| s.trim().to_string()),
            logo: f.get_with("logo", optional_text).flatten().map(|s| s.trim().to_string()),
            favicon: f.get_with("favicon", optional_text).flatten().map(|s| s.trim().to_string()),
            menu: site_links(f, "menu"),
            footer_text: f.get_with("footer_text", optional_text).flatten().map(|s| s.trim().to_string()),
            footer_links: site_links(f, "footer_links"),
            social_image: f.get_with("social_image", optional_text).flatten().map(|s| s.trim().to_string()),
            custom_css: f.get_with("custom_css", optional_text).flatten().map(|s| s.trim().to_string()),
        }
    }
}

impl SiteConfig {
    /// How a briefing numbered `number` is named in the site's series: `Policy Brief No. 12`.
    pub(crate) fn series_label(&self, number: Option<u32>) -> Option<String> {
        Some(format!("{} No. {}", self.series.as_deref()?, number?))
    }

    /// Who publishes the briefings: `publisher`, or else `author`, or else `title`.
    pub(crate) fn publisher(&self) -> &str {
        self.publisher.as_deref().or(self.author.as_deref()).unwrap_or(&self.title)
    }
}

/// The hosts embeds may load from when `site.yaml` does not list its own: the common chart
/// and video hosts.
pub(crate) const DEFAULT_EMBED_HOSTS: [&str; 7] = [
    "datawrapper.dwcdn.net",
    "flo.uri.sh",
    "public.flourish.studio",
    "observablehq.com",
    "e.infogram.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
];

fn default_embed_hosts() -> Vec<String> {
    DEFAULT_EMBED_HOSTS.iter().map(|h| h.to_string()).collect()
}

/// A list of host names, lower-cased: `datawrapper.dwcdn.net`, not an address.
fn host_names<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let hosts = Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default();
    hosts
        .into_iter()
        .map(|host| {
            let host = host.trim().to_ascii_lowercase();
            let valid = !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && !label.starts_with('-')
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if valid {
                Ok(host)
            } else {
                Err(serde::de::Error::custom(format!(
                    "`{host}` in `embed_hosts` is not a host name: write a host name alone, such as \
                     `datawrapper.dwcdn.net`, without `https://` or a path"
                )))
            }
        })
        .collect()
}

fn default_theme() -> String {
    "default".into()
}

fn default_language() -> String {
    "en".into()
}

/// Which entries of the bibliography the sources page lists (`sources_page`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SourcesListing {
    /// Every entry of `sources.yaml`, and the cited entries of the other files.
    #[default]
    Cited,
    /// Every entry.
    All,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TimelineOrder {
    #[default]
    Ascending,
    Descending,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn menu(yaml: &str) -> (Option<Vec<(String, String)>>, Vec<String>) {
        let (config, errors) = SiteConfig::parse(&format!("title: T\nbase_url: https://example.org/\n{yaml}"));
        let links = config.menu.map(|links| links.into_iter().map(|l| (l.label, l.url)).collect());
        (links, errors.into_iter().map(|e| format!("{} {}", e.code, e.message)).collect())
    }

    #[test]
    fn a_menu_unset_empty_or_listed_is_told_apart() {
        assert_eq!(menu(""), (None, vec![]));
        assert_eq!(menu("menu: []\n"), (Some(vec![]), vec![]));
        let (links, errors) =
            menu("menu:\n  - label: About\n    url: /about/\n  - label: Home\n    url: https://example.net/\n");
        assert!(errors.is_empty(), "{errors:?}");
        let expected = [("About", "/about/"), ("Home", "https://example.net/")];
        assert_eq!(links, Some(expected.map(|(l, u)| (l.to_string(), u.to_string())).to_vec()));
    }

    #[test]
    fn a_menu_entry_that_cannot_be_read_is_reported_and_left_out() {
        let (links, errors) = menu(
            "menu:\n  - label: A\n    url: about\n  - label: \"\"\n    url: /b/\n  - url: /c/\n  - label: D\n    url: /d/\n",
        );
        assert_eq!(links, Some(vec![("D".to_string(), "/d/".to_string())]));
        assert_eq!(
            errors,
            ["E015 `about` is not a link", "E018 `label` is empty", "E014 missing required key `label`"]
        );
    }

    #[test]
    fn a_link_knows_its_path_in_the_site_and_its_fragment() {
        let (config, _) = SiteConfig::parse(
            "title: T\nbase_url: https://example.org/\nfooter_links:\n  - label: A\n    url: /t/#x\n",
        );
        let link = &config.footer_links.expect("the links")[0];
        assert_eq!(link.site_path(), Some(("t/", Some("x"))));
        assert_eq!(
            &"title: T\nbase_url: https://example.org/\nfooter_links:\n  - label: A\n    url: /t/#x\n"
                [link.written_at()],
            "/t/#x"
        );
    }
}
