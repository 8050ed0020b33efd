//! `site.yaml`: the settings of the whole site, read setting by setting.
//!
//! Takes: the text of `site.yaml`. Gives: a [`SiteConfig`], each setting that cannot be read
//! replaced by its default (so the rest of the site is still checked), and the problems at
//! their lines. Each field's `///` doc is its line in `docs/front-matter.md`.

use serde::Deserialize;
use serde::de::Deserializer;

use super::{Keys, optional_text, text};
use crate::frontmatter::{Context, Fields, YamlError};
use crate::i18n::StringTable;

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
    /// The language of the content and the interface, a BCP 47 tag (`en`, `fr`, `fr-CA`,
    /// `pt-BR`); `en` unless set. Dates and numbers are written as the language writes them;
    /// the interface's words are built in for English, French, German and Spanish, and any
    /// other language takes them from `strings`.
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
    /// The site's own words for strings of the interface, in place of those of its `language`:
    /// `name: text` lines indented under `strings:` (`notes: Endnotes`); a counted string takes
    /// a text per plural category (`one: "{n} paper"`, `other: "{n} papers"`).
    /// [docs/strings.md](strings.md) lists every name, with its English, French, German and
    /// Spanish text.
    pub(crate) strings: StringTable,
}

impl Keys for SiteConfig {}

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
            strings: f
                .mapping("strings", crate::i18n::key_names(), Context::Strings)
                .map(|mut inner| {
                    let table = crate::i18n::read_table(&mut inner);
                    f.errors.append(&mut inner.errors);
                    table
                })
                .unwrap_or_default(),
        }
    }
}

impl SiteConfig {
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
