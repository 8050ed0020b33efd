//! `site.yaml`: the settings of the whole site, read setting by setting.
//!
//! Takes: the text of `site.yaml`. Gives: a [`SiteConfig`], each setting that cannot be read
//! replaced by its default (so the rest of the site is still checked), and the problems at
//! their lines. Each field's `///` doc is its line in `docs/front-matter.md`.

use std::ops::Range;

use serde::Deserialize;
use serde::de::Deserializer;

use super::{EVENT_EXPORT_KEYS, Keys, Kind, ORGANIZATION_EXPORT_KEYS, OrganizationMeta, optional_text, text};
use crate::frontmatter::{Context, Fields, YamlError};
use crate::i18n::StringTable;
use crate::slugs;

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
    /// The status the site tracks for each organization, as a set of settings indented under
    /// `status:` (see below): its front-matter key, its name, and its values with their labels
    /// and colours, in the order organizations are grouped by them. Unset, the site tracks no
    /// status: organizations have no status badges, filters, groups or `status_history`, and a
    /// status in their front matter is an error.
    pub(crate) status: Option<TrackedStatus>,
    /// What briefings and events are classified by, as a list of entries, each `- key: …` with
    /// `label` and `singular` (see below): each taxonomy has its front-matter key, its folder of
    /// term descriptions in `content/`, an index page and a page per term. Unset, the site has one,
    /// `topics` (`Topics`, `Topic`); an empty list, none.
    pub(crate) taxonomies: Vec<Taxonomy>,
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
    /// Unset, a link to each page of `content/pages/`. The link to the data page, which lists
    /// the feed and the exports, is always there.
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
    /// The site's own words for strings of the interface, in place of those of its `language`:
    /// `name: text` lines indented under `strings:` (`notes: Endnotes`); a counted string takes
    /// a text per plural category (`one: "{n} paper"`, `other: "{n} papers"`).
    /// [docs/strings.md](strings.md) lists every name, with its English, French, German and
    /// Spanish text.
    pub(crate) strings: StringTable,
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
            status: f.section("status", TrackedStatus::keys(), TrackedStatus::read),
            taxonomies: read_taxonomies(f),
            logo: f.get_with("logo", optional_text).flatten().map(|s| s.trim().to_string()),
            favicon: f.get_with("favicon", optional_text).flatten().map(|s| s.trim().to_string()),
            menu: site_links(f, "menu"),
            footer_text: f.get_with("footer_text", optional_text).flatten().map(|s| s.trim().to_string()),
            footer_links: site_links(f, "footer_links"),
            social_image: f.get_with("social_image", optional_text).flatten().map(|s| s.trim().to_string()),
            custom_css: f.get_with("custom_css", optional_text).flatten().map(|s| s.trim().to_string()),
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

    /// The taxonomy `id`.
    pub(crate) fn taxonomy(&self, id: TaxonomyId) -> &Taxonomy {
        &self.taxonomies[id.0]
    }

    /// Each taxonomy with its id, in the order of `taxonomies`.
    pub(crate) fn taxonomy_ids(&self) -> impl Iterator<Item = (TaxonomyId, &Taxonomy)> {
        self.taxonomies.iter().enumerate().map(|(i, t)| (TaxonomyId(i), t))
    }

    /// The taxonomy whose terms `content/<folder>/` describes.
    pub(crate) fn taxonomy_of_folder(&self, folder: &str) -> Option<TaxonomyId> {
        self.taxonomy_ids().find(|(_, t)| t.key == folder).map(|(id, _)| id)
    }

    /// The taxonomy named `name` in links and commands (`[[region:europe]]`): its singular,
    /// lower-cased as a slug.
    pub(crate) fn taxonomy_named(&self, name: &str) -> Option<TaxonomyId> {
        self.taxonomy_ids().find(|(_, t)| t.name() == name).map(|(id, _)| id)
    }

    /// The kind of the documents of `content/<folder>/`, and for a term's description its
    /// taxonomy.
    pub(crate) fn folder_kind(&self, folder: &str) -> Option<(Kind, Option<TaxonomyId>)> {
        match Kind::from_folder(folder) {
            Some(kind) => Some((kind, None)),
            None => self.taxonomy_of_folder(folder).map(|t| (Kind::Topic, Some(t))),
        }
    }

    /// The folders of `content/` that hold documents: each kind's, and each taxonomy's.
    pub(crate) fn content_folders(&self) -> Vec<&str> {
        let kinds = Kind::ALL.into_iter().filter_map(|k| k.spec().folder);
        let mut folders: Vec<&str> = kinds.collect();
        folders.extend(self.taxonomies.iter().map(|t| t.key.as_str()));
        folders
    }

    /// The names a `[[kind:slug]]` link and `brief new` take: each kind's, a term's by its
    /// taxonomy's (`topic`, `region`) in the place of topics.
    pub(crate) fn kind_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for kind in Kind::ALL {
            match kind {
                Kind::Topic => names.extend(self.taxonomies.iter().map(Taxonomy::name)),
                Kind::Briefing | Kind::Organization | Kind::Event | Kind::Page | Kind::Author => {
                    names.push(kind.name().to_string())
                }
            }
        }
        names
    }
}

/// A taxonomy of the site: its place in `taxonomies`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TaxonomyId(pub(crate) usize);

/// The status the site tracks for each organization: `status:` in `site.yaml`, its settings
/// indented under it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct TrackedStatus {
    /// The key organizations write it under, lower-case letters, digits and underscores
    /// (`position`, for `position: adopted`); the day it took effect is written under the same
    /// key followed by `_date` (`position_date`). `organizations.json` names it so too.
    pub(crate) field: String,
    /// Its name for readers (`EU position`): the caption of an organization's status, the name
    /// of the filter of the organizations index and of each status change.
    pub(crate) label: String,
    /// What grouping organizations by it means, in words that complete "grouped by …"
    /// (`where the EU stands`): the organizations index says "grouped by where the EU stands
    /// and by kind".
    pub(crate) description: String,
    /// The label of an organization whose front matter gives no status (`Not stated in the
    /// sources`); `Not stated` unless set. Its key, for classes and filters, is `not-stated`.
    pub(crate) not_stated: String,
    /// Its values, as a list of entries, each `- key: …` with `label`, `colour` and `icon`
    /// (see below), in the order the site groups and lists organizations by them.
    pub(crate) values: Vec<StatusValue>,
}

impl Keys for TrackedStatus {}

/// The key of the status of an organization whose front matter gives none.
pub(crate) const NOT_STATED: &str = "not-stated";

/// A value of the status a site tracks: an entry of `values` under `status:` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct StatusValue {
    /// What front matter writes (`adopted`), lower-case letters, digits and hyphens: the value
    /// of `organizations.json`, the filters and the classes of its badges.
    pub(crate) key: String,
    /// Its name for readers (`Adopted`): its badges, its group of organizations, the filters.
    pub(crate) label: String,
    /// The colour of its badges: `green`, `orange`, `red`, `blue`, `grey` (unless set) or
    /// `purple`. The theme gives each a background and a text colour that read well, light or
    /// dark; the label always says the status too.
    pub(crate) colour: StatusColour,
    /// A character or two shown before the label on its badges (`✓`), hidden from screen
    /// readers, whom the label tells; none unless set.
    pub(crate) icon: Option<String>,
}

impl Keys for StatusValue {}

/// The colour of a status's badges, which the theme turns into colours that read well in its
/// light and dark schemes (`.status-green`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum StatusColour {
    Green,
    Orange,
    Red,
    Blue,
    #[default]
    Grey,
    Purple,
}

impl StatusColour {
    /// Its name, as written and in the badge's class.
    pub(crate) fn key(self) -> &'static str {
        match self {
            StatusColour::Green => "green",
            StatusColour::Orange => "orange",
            StatusColour::Red => "red",
            StatusColour::Blue => "blue",
            StatusColour::Grey => "grey",
            StatusColour::Purple => "purple",
        }
    }
}

/// A value of the tracked status, as front matter stores it: its place in the `values` of
/// `status` in `site.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub(crate) struct StatusKey(pub(crate) usize);

impl TrackedStatus {
    /// The key the date of the status is written under: `position_date`.
    pub(crate) fn date_field(&self) -> String {
        format!("{}_date", self.field)
    }

    /// The value `key` stands for.
    pub(crate) fn value(&self, key: StatusKey) -> Option<&StatusValue> {
        self.values.get(key.0)
    }

    /// The value written `written`, or the error a reader of a value gives (E015 with the
    /// closest value, through the front matter's reader).
    pub(crate) fn read_value(&self, written: serde_yaml::Value) -> Result<StatusKey, serde_yaml::Error> {
        let written: String = match written {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            other => return Err(serde::de::Error::custom(format!("`{other:?}` is not a status value"))),
        };
        let written = written.trim();
        if let Some(i) = self.values.iter().position(|v| v.key == written) {
            return Ok(StatusKey(i));
        }
        let keys: Vec<String> = self.values.iter().map(|v| format!("`{}`", v.key)).collect();
        Err(serde::de::Error::custom(format!("unknown variant `{written}`, expected one of {}", keys.join(", "))))
    }

    /// One of `values`, or the key `value` stands for, for messages.
    pub(crate) fn key(&self, value: StatusKey) -> &str {
        self.value(value).map_or(NOT_STATED, |v| v.key.as_str())
    }

    /// Reads the settings under `status:`, and checks that they make a vocabulary: a key
    /// organizations do not use otherwise, and values with distinct keys.
    pub(super) fn read(f: &mut Fields) -> Option<TrackedStatus> {
        let field = f.required_with("field", text);
        let label = f.required_with("label", text);
        let label = one_line(f, "label", label, "its name for readers");
        let description = f.required_with("description", text);
        let description = one_line(f, "description", description, "what grouping by it means");
        let not_stated = f.get_with("not_stated", optional_text).flatten();
        let not_stated = one_line(f, "not_stated", not_stated, "");
        let values: Vec<(StatusValue, Range<usize>)> = f.entries("values", StatusValue::keys(), |entry| {
            let value = StatusValue::read(entry)?;
            Some((value, entry.value_range("key").unwrap_or_else(|| entry.start())))
        });
        let field = field?.trim().to_string();
        let at = f.value_range("field").unwrap_or_else(|| f.start());
        let is_key = field.starts_with(|c: char| c.is_ascii_lowercase())
            && field.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !is_key {
            let message = format!("`{field}` is not a front-matter key");
            let help = format!(
                "write lower-case letters, digits and underscores, such as `{}`",
                slugs::slugify(&field).replace('-', "_")
            );
            f.error(at.clone(), message, &help, "E015");
        }
        // The keys of an organization's front matter and of its entry of `organizations.json`,
        // which the status's keys would overwrite.
        let front_matter = OrganizationMeta::keys().iter().copied().filter(|k| !k.starts_with('<'));
        let taken = taken_keys(front_matter.chain(ORGANIZATION_EXPORT_KEYS));
        for key in [field.clone(), format!("{field}_date"), format!("{field}_label")] {
            if taken.contains(&key.as_str()) {
                let message =
                    format!("`{key}` is a key organizations already have, in front matter or organizations.json");
                let help = format!(
                    "choose a name of its own for the status, such as `{field}_status`; organizations' keys are {}",
                    taken.join(", ")
                );
                f.error(at.clone(), message, &help, "E009");
                break;
            }
        }
        let mut kept: Vec<StatusValue> = Vec::with_capacity(values.len());
        for (value, at) in values {
            if value.key == NOT_STATED {
                let message = format!("`{NOT_STATED}` is the status of an organization that gives none");
                let help = "choose another key; set the label of `not-stated` with `not_stated:` under `status:`";
                f.error(at, message, help, "E009");
            } else if kept.iter().any(|v| v.key == value.key) {
                let message = format!("the status value `{}` is given twice", value.key);
                f.error(at, message, "keep one of the two entries: each value has one key", "E009");
            } else {
                kept.push(value);
            }
        }
        if kept.is_empty() && f.has("field") {
            let at = f.value_range("values").unwrap_or_else(|| f.start());
            let message = "the status has no values".to_string();
            let help = "list its values under `values:`, each `- key: …` with its `label` and `colour`";
            f.error(at, message, help, "E009");
        }
        let label = label.unwrap_or_else(|| field.clone());
        Some(TrackedStatus {
            description: description.unwrap_or_else(|| label.clone()),
            label,
            field,
            not_stated: not_stated.unwrap_or_else(|| "Not stated".into()),
            values: kept,
        })
    }
}

impl StatusValue {
    /// One entry of `values`. `None` when its key is missing or not a slug (reported).
    pub(super) fn read(f: &mut Fields) -> Option<StatusValue> {
        let key = f.required_with("key", text);
        let label = f.required_with("label", text);
        let label = one_line(f, "label", label, "its name for readers");
        let colour = f.get::<Option<StatusColour>>("colour").flatten().unwrap_or_default();
        let icon = f.get_with("icon", optional_text).flatten();
        let icon = one_line(f, "icon", icon, "");
        let key = key?.trim().to_string();
        if !slugs::is_valid(&key) {
            let at = f.value_range("key").unwrap_or_else(|| f.start());
            let help = format!("a status value is lower-case letters, digits and hyphens: `{}`", slugs::slugify(&key));
            f.error(at, format!("`{key}` is not a status value"), &help, "E015");
            return None;
        }
        Some(StatusValue { label: label.unwrap_or_else(|| key.clone()), key, colour, icon })
    }
}

/// A taxonomy: what briefings and events are classified by (topics, regions), an entry of
/// `taxonomies` in `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Taxonomy {
    /// Its name in front matter, folders and addresses, lower-case letters, digits and hyphens
    /// (`regions`): briefings and events list terms under it (`regions: [europe]`),
    /// `content/regions/<slug>.md` describes a term, and its pages are `/regions/` and
    /// `/regions/<slug>/`.
    pub(crate) key: String,
    /// Its name for readers (`Regions`): its index page's title and its entry of the navigation.
    pub(crate) label: String,
    /// One of its terms, for readers (`Region`), above a term's title. As a slug, it is the
    /// name links and commands give a term: `[[region:europe]]`, `brief new region "Europe"`.
    pub(crate) singular: String,
}

impl Keys for Taxonomy {}

impl Taxonomy {
    /// One entry of `taxonomies`. `None` when its key is missing or not a slug (reported).
    pub(super) fn read(f: &mut Fields) -> Option<Taxonomy> {
        let key = f.required_with("key", text);
        let label = f.required_with("label", text);
        let label = one_line(f, "label", label, "its name for readers");
        let singular = f.required_with("singular", text);
        let singular = one_line(f, "singular", singular, "the name of one of its terms");
        let key = key?.trim().to_string();
        if !slugs::is_valid(&key) {
            let at = f.value_range("key").unwrap_or_else(|| f.start());
            let help = format!(
                "it is a folder of content/ and an address: lower-case letters, digits and hyphens, such as `{}`",
                slugs::slugify(&key)
            );
            f.error(at, format!("`{key}` is not a taxonomy key"), &help, "E015");
            return None;
        }
        let label = label.unwrap_or_else(|| key.clone());
        let singular = singular.unwrap_or_else(|| label.clone());
        Some(Taxonomy { key, label, singular })
    }

    /// The name links and commands give one of its terms: its singular as a slug (`region`).
    pub(crate) fn name(&self) -> String {
        slugs::slugify(&self.singular)
    }

    /// The folder of `content/` describing its terms, and its index page's path: `regions`.
    pub(crate) fn folder(&self) -> &str {
        &self.key
    }

    /// The site-relative path of its term `slug`: `regions/europe/`.
    pub(crate) fn path(&self, slug: &str) -> String {
        format!("{}/{slug}/", self.key)
    }

    /// The site-relative path of its index page: `regions/`.
    pub(crate) fn index_path(&self) -> String {
        format!("{}/", self.key)
    }

    /// What its index page is, in messages: `the regions index`.
    pub(crate) fn index_what(&self) -> String {
        format!("the {} index", self.key)
    }

    /// One of its terms, in messages: `region`.
    pub(crate) fn singular_lower(&self) -> String {
        self.singular.to_lowercase()
    }
}

/// The taxonomy of a site whose `site.yaml` names none.
fn default_taxonomies() -> Vec<Taxonomy> {
    vec![Taxonomy { key: "topics".into(), label: "Topics".into(), singular: "Topic".into() }]
}

/// Names a taxonomy's key cannot take: the folders of `content/` and the pages every site has
/// (its index would be written where theirs is; the output plan's collision check would stop
/// the build, this says why earlier).
const NOT_TAXONOMY_KEYS: [&str; 5] = ["static", "data", "sources", "search", "corrections"];

/// `taxonomies`, each entry read and checked: a key that is a slug of its own, not another
/// kind's folder, and a singular that names no other kind.
fn read_taxonomies(f: &mut Fields) -> Vec<Taxonomy> {
    if !f.has("taxonomies") {
        // Still asked, so the reference lists it.
        f.entries("taxonomies", Taxonomy::keys(), |_| None::<()>);
        return default_taxonomies();
    }
    let read = f.entries("taxonomies", Taxonomy::keys(), |entry| {
        let taxonomy = Taxonomy::read(entry)?;
        let key_at = entry.value_range("key").unwrap_or_else(|| entry.start());
        let singular_at = entry.value_range("singular").unwrap_or_else(|| entry.start());
        Some((taxonomy, key_at, singular_at))
    });
    let kinds = Kind::ALL.into_iter().filter(|k| *k != Kind::Topic);
    let taken_folders: Vec<&str> = kinds.clone().filter_map(|k| k.spec().folder).chain(NOT_TAXONOMY_KEYS).collect();
    let taken_names: Vec<&str> = kinds.map(Kind::name).chain(["source"]).collect();
    // The keys of the front matter that lists terms, and of the entries of `timeline.json`,
    // which lists them under the taxonomy's key: it would stand for one of them.
    let front_matter = [Kind::Briefing, Kind::Event].into_iter().flat_map(|k| k.keys().iter().copied());
    // (`search-index.json` writes no taxonomy's key: its `topics` are every term's title.)
    let taken_keys = taken_keys(front_matter.filter(|k| !k.starts_with('<')).chain(EVENT_EXPORT_KEYS));
    let mut kept: Vec<Taxonomy> = Vec::with_capacity(read.len());
    for (taxonomy, key_at, singular_at) in read {
        let key = &taxonomy.key;
        let name = taxonomy.name();
        if taken_folders.contains(&key.as_str()) {
            let message = format!("`{key}` is taken: the site's `content/{key}/` or `/{key}/` is something else");
            let help = format!("choose another key; these are taken: {}", taken_folders.join(", "));
            f.error(key_at, message, &help, "E009");
        } else if taken_keys.contains(&key.as_str()) {
            let message =
                format!("`{key}` is a key briefings or events already have, in front matter or the JSON exports");
            let help = format!("choose another key; these are taken: {}", taken_keys.join(", "));
            f.error(key_at, message, &help, "E009");
        } else if kept.iter().any(|t| &t.key == key) {
            let message = format!("the taxonomy `{key}` is given twice");
            f.error(key_at, message, "keep one of the two entries", "E009");
        } else if name.is_empty() || taken_names.contains(&name.as_str()) || kept.iter().any(|t| t.name() == name) {
            let message =
                format!("`{}` cannot name a term of `{key}`: links would not know it from another", taxonomy.singular);
            let help = format!(
                "give `singular` a word of its own (`[[{}:…]]` names a term in links); taken: {}",
                if name.is_empty() { "region" } else { &name },
                taken_names.join(", ")
            );
            f.error(singular_at, message, &help, "E009");
        } else {
            kept.push(taxonomy);
        }
    }
    kept
}

/// The text `written` under `key`, trimmed, when it is one line of text: a line break or a
/// control character is E015 (the text goes into headings, sentences and the comments of
/// the files `brief new` writes), an empty text E018 (`what` says what to write). `None`
/// when missing or reported.
fn one_line(f: &mut Fields, key: &str, written: Option<String>, what: &str) -> Option<String> {
    let written = written?.trim().to_string();
    let at = f.value_range(key).unwrap_or_else(|| f.start());
    if written.is_empty() {
        f.error(at, format!("`{key}` is empty"), &format!("write {what} after `{key}: `"), "E018");
        None
    } else if written.chars().any(char::is_control) {
        let message = format!("`{key}` is not one line of text");
        let help = "write it on one line, without line breaks, tabs or control characters";
        f.error(at, message, help, "E015");
        None
    } else {
        Some(written)
    }
}

/// `keys` without repeats, in their first order.
fn taken_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
    let mut taken: Vec<&str> = Vec::new();
    for key in keys {
        if !taken.contains(&key) {
            taken.push(key);
        }
    }
    taken
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

    /// A taxonomy's name ([`Taxonomy::name`]) is what the help lists, what `brief new` takes
    /// and what a link's prefix is read as, whatever its singular.
    #[test]
    fn a_taxonomys_name_is_a_prefix_links_read() {
        use crate::markdown::LinkTarget;
        use crate::markdown::scan::classify;
        use pulldown_cmark::LinkType;
        for singular in ["Region", "Policy area", "2nd level", "Zone économique"] {
            let yaml = format!(
                "title: T\nbase_url: https://example.org/\ntaxonomies:\n  - key: terms\n    label: Terms\n    singular: {singular}\n"
            );
            let (config, errors) = SiteConfig::parse(&yaml);
            assert!(errors.is_empty(), "{singular}: {errors:?}");
            let name = config.taxonomy(TaxonomyId(0)).name();
            assert!(config.kind_names().contains(&name), "{name} in the help");
            assert_eq!(config.taxonomy_named(&name), Some(TaxonomyId(0)), "{name} for brief new");
            let link = classify(LinkType::WikiLink { has_pothole: false }, &format!("{name}:a-term"));
            let read =
                LinkTarget::Wiki { kind: Some(name.clone()), slug: "a-term".into(), anchor: None, has_text: false };
            assert_eq!(link, read, "{singular}");
        }
    }

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
