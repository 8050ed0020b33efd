//! Pages: what each template receives, `page` and `site`.
//!
//! Takes: the [`Site`] with its [`Values`](super::values::Values) and rendered bodies,
//! through [`Pages`]. Gives: the `page` value of each page, made from one struct per kind of
//! page, and the `site` value every page sees. `docs/templates.md` is written from these
//! structs (see `reference.rs`).

use std::collections::BTreeMap;

use tera::Value;

use super::data::{Safe, Shared, cannot_make, template_data, to_value};
use super::values::{
    AuthorCard, BriefingCard, ChangeEntry, DateValue, DocCard, EventCard, Link, OrganizationCard, OrganizationLink,
    Reference, SourceCard, Status, StatusChangeCard, TaxonomyValue, TermList, TocSection, TopicCard, change_entries,
    excerpt, shorten, source_card, static_href, toc,
};
use super::{Pages, exports, feeds, how_to_cite};
use crate::date::{Date, PartialDate};
use crate::diagnostics::Diagnostic;
use crate::i18n::{Arg, Key};
use crate::link::plan::{self, CiteFile, CiteFormat, Feed, Generated, SitePage};
use crate::link::{DocId, Site, SiteHref, SourceId, Target, TopicId};
use crate::model::{
    ChangeKind, Kind, Meta, SourceType, SourcesListing, StatusChange, StatusKey, TaxonomyId, TimelineOrder,
};

/// Briefings on the home page.
const HOME_BRIEFINGS: usize = 6;
/// Timeline events on the home page.
const HOME_EVENTS: usize = 5;
/// The longest description, in characters.
const DESCRIPTION_CHARS: usize = 160;

template_data! {
    /// The site, as `site` on every page.
    pub(crate) struct SiteData<'a> {
        /// The site's `title` in `site.yaml`.
        pub(crate) title: &'a str,
        /// Its `description`, or none.
        pub(crate) description: Option<&'a str>,
        /// Its `author`, or none.
        pub(crate) author: Option<&'a str>,
        /// Who publishes it: its `publisher`, or else its `author`, or else its `title`. The
        /// byline of a briefing without authors.
        pub(crate) publisher: &'a str,
        /// Its `language` (`en`), for `<html lang>`.
        pub(crate) language: &'a str,
        /// Its language as `og:locale` writes it, with a territory: `en_US`, `fr_FR`.
        pub(crate) og_locale: String,
        /// `rtl` when the language is written right to left (`ar`, `he`, `fa`…), for
        /// `<html dir>`; none otherwise.
        pub(crate) direction: Option<&'static str>,
        /// The strings of the interface the theme's script uses, in the site's language, as a
        /// JSON object that holds no live markup (`<script type="application/json">`): a text
        /// by key, or for a counted string its forms by CLDR plural category.
        pub(crate) script_strings: Safe,
        /// Its `base_url` (`https://example.org/reports/`), with the final `/`.
        pub(crate) base_url: &'a str,
        /// The path of `base_url` (`/reports/`): prefix it to a path inside the site.
        pub(crate) base_path: &'a str,
        /// The home page's address (the same as `base_path`).
        pub(crate) home_url: &'a str,
        /// The Atom feed's address.
        pub(crate) feed_url: String,
        /// The address of the search index, `search-index.json`.
        pub(crate) search_index_url: String,
        /// The main navigation: the entries of `menu` in `site.yaml`, or else the briefings and
        /// organizations pages, each taxonomy's index, the timeline and sources pages, and the
        /// about page if there is one.
        pub(crate) nav: Vec<NavItem>,
        /// The status the site tracks for each organization (`status` in `site.yaml`), or
        /// none.
        pub(crate) status: Option<TrackedStatusData<'a>>,
        /// Its taxonomies (`taxonomies` in `site.yaml`), in order.
        pub(crate) taxonomies: Vec<TaxonomyValue>,
        /// Every page of `content/pages/`, by title.
        pub(crate) pages: Vec<ListedPage<'a>>,
        /// The site's logo (`logo` in `site.yaml`), to show in place of its title, or none.
        pub(crate) logo: Option<Picture>,
        /// The site's icon: its `favicon`, or else the theme's `favicon.svg`.
        pub(crate) favicon: Icon,
        /// A line of plain text for the foot of every page (`footer_text`), or none.
        pub(crate) footer_text: Option<&'a str>,
        /// The links at the foot of every page: the entries of `footer_links`, or else every
        /// page of `content/pages/`, by title.
        pub(crate) footer_links: Vec<NavItem>,
        /// The address of the site's own stylesheet (`custom_css`), with its version, to load
        /// after the theme's; or none.
        pub(crate) custom_css: Option<String>,
        /// The address of each stylesheet and script by its path (`site.assets["css/site.css"]`),
        /// with its version (`/css/site.css?v=1a2b3c4d`), so a changed file is fetched again.
        pub(crate) assets: BTreeMap<String, String>,
        /// `brief` and its version, for `<meta name="generator">`.
        pub(crate) generator: &'static str,
    }
}

template_data! {
    /// An entry of the main navigation.
    pub(crate) struct NavItem {
        /// What it leads to, equal to `page.section` on the pages it covers: `briefings`,
        /// `organizations`, a taxonomy's key (`topics`), `timeline`, `sources` or `about`.
        pub(crate) key: String,
        /// Its label.
        pub(crate) title: String,
        /// Its address.
        pub(crate) url: String,
    }
}

template_data! {
    /// The status the site tracks for each organization (`status` in `site.yaml`).
    pub(crate) struct TrackedStatusData<'a> {
        /// Its `field` (`position`): the key organizations write it under.
        pub(crate) field: &'a str,
        /// Its `label` (`EU position`).
        pub(crate) label: &'a str,
        /// Its `description`, words that complete "grouped by …" (`where the EU stands`).
        pub(crate) description: &'a str,
        /// Its values in order, then the status of an organization that gives none.
        pub(crate) values: Vec<Status>,
    }
}

template_data! {
    /// A picture of the site with its size, so that the page does not move as it loads.
    pub(crate) struct Picture {
        /// Its address (`/img/logo.svg`; a social image's is a full address,
        /// `https://example.org/img/card.png`, as link previews need).
        pub(crate) url: String,
        /// Its width in pixels, read from the file.
        pub(crate) width: usize,
        /// Its height in pixels, read from the file.
        pub(crate) height: usize,
    }
}

template_data! {
    /// The site's icon, for `<link rel="icon">`.
    pub(crate) struct Icon {
        /// Its address (`/favicon.svg`).
        pub(crate) url: String,
        /// Its media type: `image/svg+xml`, `image/png` or `image/x-icon`.
        pub(crate) media_type: &'static str,
    }
}

template_data! {
    /// A page of `content/pages/`, as `site.pages` lists it.
    pub(crate) struct ListedPage<'a> {
        /// Its title.
        pub(crate) title: &'a str,
        /// Its address.
        pub(crate) url: String,
        /// Its name in addresses: the file name without `.md`.
        pub(crate) slug: &'a str,
    }
}

template_data! {
    /// What every page has. `search.html` and `404.html` receive just this.
    pub(crate) struct PageBase<'a> {
        /// What the page is, for classes and conditions: `home`, `briefings`,
        /// `organizations`, `topics` (a taxonomy's index), `timeline`, `sources`, `data`,
        /// `search` or `404`, or the kind of document it shows (`briefing`, `organization`,
        /// `topic` (a term of a taxonomy) or `page`).
        pub(crate) kind: &'a str,
        /// The `key` of the entry of `site.nav` it belongs to (`briefings` for a briefing),
        /// to mark that entry current; for a page of `content/pages/`, its slug.
        pub(crate) section: &'a str,
        /// Its title.
        pub(crate) title: &'a str,
        /// Its address from the site's root (`/briefings/slug/`).
        pub(crate) url: String,
        /// Its full address (`https://example.org/briefings/slug/`), for canonical links.
        pub(crate) permalink: String,
        /// A sentence for `<meta name="description">`: the page's summary or first paragraph,
        /// shortened to about 160 characters, or else the site's `description`, or none.
        pub(crate) description: Option<String>,
        /// The description of its social card (`og:description`): a briefing's key points, when
        /// it has them, shortened like `description`; otherwise `description`.
        pub(crate) card_description: Option<String>,
        /// The picture of its social card (`og:image`), with a full address: a briefing's
        /// `social_image`, or else the site's; none when neither is set.
        pub(crate) card_image: Option<Picture>,
        /// The Atom feed of the briefings it lists (a topic's, an organization's or an
        /// author's), for `<link rel="alternate">`; none on other pages.
        pub(crate) feed: Option<FeedLink>,
    }
}

template_data! {
    /// A page's own Atom feed.
    pub(crate) struct FeedLink {
        /// The feed's address: `/topics/trade/atom.xml`.
        pub(crate) url: String,
        /// Its title, as feed readers list it: `Policy Review: Trade`.
        pub(crate) title: String,
    }
}

template_data! {
    /// What the page of a document has.
    pub(crate) struct DocPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// Its name in addresses: the file name without `.md`.
        pub(crate) slug: &'a str,
        /// Its text as HTML; none only for a topic without a document of its own.
        pub(crate) content: Option<Safe>,
        /// The table of contents: the text's `##` headings with their `###` headings.
        pub(crate) toc: Vec<TocSection>,
        /// The reference list: the sources the text cites (and those its front matter lists),
        /// in the order of the site's citation style.
        pub(crate) references: Vec<Reference>,
        /// How many words the text has.
        pub(crate) words: usize,
        /// The links of the text that lead away from it, in order: on paper, each is numbered
        /// in the text and listed at the end with its full address (print-only).
        pub(crate) endnotes: &'a [Endnote],
    }
}

template_data! {
    /// A link of a page's text, as its printed copy lists it.
    pub(crate) struct Endnote {
        /// The link's text, as HTML.
        pub(crate) text: Safe,
        /// Its full address (`https://example.org/topics/cybercrime/`), as HTML.
        pub(crate) url: Safe,
    }
}

template_data! {
    /// The page of a briefing: `briefing.html`.
    pub(crate) struct BriefingPage<'a> {
        /// What the page of every document has.
        #[serde(flatten)]
        pub(crate) doc: DocPage<'a>,
        /// When it was published.
        pub(crate) date: DateValue,
        /// When it was last revised (its `updated`, or its latest change), or none.
        pub(crate) updated: Option<DateValue>,
        /// Its place in the site's series (`Policy Brief No. 12`), or none.
        pub(crate) series: Option<String>,
        /// The series' name alone (`Policy Brief`), when it has a number, for
        /// `citation_series_title`.
        pub(crate) series_title: Option<&'a str>,
        /// Its `number` in the series, when the site has one.
        pub(crate) number: Option<usize>,
        /// Its `summary`, or none.
        pub(crate) summary: Option<&'a str>,
        /// The organizations it is about, as its front matter lists them.
        pub(crate) organizations: Vec<Shared<OrganizationLink>>,
        /// Its terms, taxonomy by taxonomy: each taxonomy it lists terms of, with them.
        pub(crate) terms: Vec<TermList>,
        /// Its authors, in byline order; none means the byline is `site.publisher`.
        pub(crate) authors: Vec<Shared<Link>>,
        /// Its `key_points`, each a sentence; empty when it has none.
        pub(crate) key_points: Vec<&'a str>,
        /// Its `recommendations`, each a sentence; empty when it has none.
        pub(crate) recommendations: Vec<&'a str>,
        /// About how long it takes to read, in minutes (at 220 words a minute, at least 1).
        pub(crate) reading_minutes: usize,
        /// Its updates and corrections, oldest first; empty when it has none.
        pub(crate) changes: Vec<ChangeEntry>,
        /// The address of the site's corrections page when one of its changes is a correction;
        /// none otherwise.
        pub(crate) corrections_url: Option<String>,
        /// The documents that link to it.
        pub(crate) backlinks: Vec<DocCard>,
        /// The briefings most like it, by the organizations and topics they share.
        pub(crate) related: Vec<Shared<BriefingCard>>,
        /// Its schema.org description (JSON), for `<script type="application/ld+json">`.
        pub(crate) json_ld: Safe,
        /// How to cite it: its reference, and its files for citation managers.
        pub(crate) how_to_cite: HowToCite,
    }
}

template_data! {
    /// How to cite a briefing, for the section that ends its page.
    pub(crate) struct HowToCite {
        /// Its reference in the site's `citation_style`, as HTML, for readers to copy: its
        /// authors (or else the site's `publisher`), year, title, series and number, publisher
        /// and address (`Doe, Jane, and Li Wei. 2026. <i>Title</i>. Policy Brief No. 12.
        /// Publisher. <a href="…">https://example.org/briefings/slug/</a>.`).
        pub(crate) text: Safe,
        /// The address of its BibTeX file (a BibLaTeX `@report` entry): `/briefings/slug/cite.bib`.
        pub(crate) bib_url: String,
        /// The address of its RIS file, which reference managers such as Zotero, EndNote and
        /// Mendeley import: `/briefings/slug/cite.ris`.
        pub(crate) ris_url: String,
    }
}

template_data! {
    /// The page of an organization: `organization.html`.
    pub(crate) struct OrganizationPage<'a> {
        /// What the page of every document has.
        #[serde(flatten)]
        pub(crate) doc: DocPage<'a>,
        /// Its acronym (`FOC`), or none.
        pub(crate) acronym: Option<&'a str>,
        /// Its `kind` in front matter (`Intergovernmental organization`), or none.
        pub(crate) org_kind: Option<&'a str>,
        /// What it is part of, or none.
        pub(crate) parent: Option<Parent<'a>>,
        /// When it was founded (`1945`, `June 1945`, `June 26, 1945`), or none.
        pub(crate) founded: Option<String>,
        /// Its `members` in front matter (`193 member states`), or none.
        pub(crate) members: Option<&'a str>,
        /// Its status, of those the site tracks (`site.status`); none on a site that tracks
        /// no status.
        pub(crate) status: Option<Status>,
        /// Since when its status holds, or none.
        pub(crate) status_date: Option<DateValue>,
        /// How its status changed (`status_history`), oldest first; empty without one.
        pub(crate) status_history: Vec<StatusChangeCard>,
        /// Its website, or none.
        pub(crate) website: Option<&'a str>,
        /// The briefings about it.
        pub(crate) briefings: Vec<Shared<BriefingCard>>,
        /// The timeline events it is part of.
        pub(crate) events: Vec<Shared<EventCard>>,
        /// The organizations whose `parent` it is.
        pub(crate) children: Vec<Shared<OrganizationCard>>,
        /// The other documents that link to it (pages, topics, organizations).
        pub(crate) backlinks: Vec<DocCard>,
    }
}

template_data! {
    /// What an organization is part of: another organization of the site, or a name.
    pub(crate) enum Parent<'a> {
        Organization(Shared<OrganizationLink>),
        Named(NamedParent<'a>),
    }
}

template_data! {
    /// A `parent` that names no organization of the site.
    pub(crate) struct NamedParent<'a> {
        /// The name, as written.
        pub(crate) title: &'a str,
        /// Always none: it has no page here.
        pub(crate) url: (),
    }
}

template_data! {
    /// The page of a topic, a term of one of the site's taxonomies: `topic.html`. Every term
    /// that a document lists has one, with or without a document of its own in its
    /// taxonomy's folder (`content/topics/`).
    pub(crate) struct TopicPage<'a> {
        /// What the page of every document has (with no content, no table of contents and no
        /// references for a topic without a document).
        #[serde(flatten)]
        pub(crate) doc: DocPage<'a>,
        /// The taxonomy it is a term of.
        pub(crate) taxonomy: TaxonomyValue,
        /// The `summary` of its document, or none.
        pub(crate) summary: Option<&'a str>,
        /// The briefings that list it.
        pub(crate) briefings: Vec<Shared<BriefingCard>>,
        /// The timeline events that list it.
        pub(crate) events: Vec<Shared<EventCard>>,
        /// The other documents that list it or link to it.
        pub(crate) backlinks: Vec<DocCard>,
    }
}

template_data! {
    /// The page of a document of `content/pages/`: `page.html`.
    pub(crate) struct FreePage<'a> {
        /// What the page of every document has.
        #[serde(flatten)]
        pub(crate) doc: DocPage<'a>,
        /// Its `summary`, or none.
        pub(crate) summary: Option<&'a str>,
        /// The documents that link to it.
        pub(crate) backlinks: Vec<DocCard>,
    }
}

template_data! {
    /// The page of an author: `author.html`. Their biography is `content`.
    pub(crate) struct AuthorPage<'a> {
        /// What the page of every document has.
        #[serde(flatten)]
        pub(crate) doc: DocPage<'a>,
        /// Their `role` (`Senior Fellow`), or none.
        pub(crate) role: Option<&'a str>,
        /// Their `affiliation`, or none.
        pub(crate) affiliation: Option<&'a str>,
        /// The address of their `photo`, or none.
        pub(crate) photo: Option<String>,
        /// Their `website`, or none.
        pub(crate) website: Option<&'a str>,
        /// The address of their ORCID record (`https://orcid.org/0000-0002-1825-0097`), or none.
        pub(crate) orcid: Option<String>,
        /// Their `email`, or none: shown only when given.
        pub(crate) email: Option<&'a str>,
        /// The briefings they wrote, newest first.
        pub(crate) briefings: Vec<Shared<BriefingCard>>,
        /// The other documents that link to them.
        pub(crate) backlinks: Vec<DocCard>,
        /// Their schema.org description (a `ProfilePage` about a `Person`, JSON), for
        /// `<script type="application/ld+json">`.
        pub(crate) json_ld: Safe,
    }
}

template_data! {
    /// The index of authors: `authors.html`, made only when the site has authors.
    pub(crate) struct AuthorsPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// Every author, by name.
        pub(crate) authors: Vec<Shared<AuthorCard>>,
    }
}

template_data! {
    /// The home page: `home.html`.
    pub(crate) struct HomePage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The newest briefings (six).
        pub(crate) briefings: Vec<Shared<BriefingCard>>,
        /// The organizations, grouped by their status (`site.status`); none on a site that
        /// tracks no status.
        pub(crate) status_groups: Vec<StatusGroup>,
        /// The latest timeline events (five).
        pub(crate) events: Vec<Shared<EventCard>>,
        /// How many there are of each kind.
        pub(crate) counts: Counts,
    }
}

template_data! {
    /// How many documents the site has of each kind.
    pub(crate) struct Counts {
        /// Briefings.
        pub(crate) briefings: usize,
        /// Organizations.
        pub(crate) organizations: usize,
        /// The terms of each taxonomy, with or without a document of their own.
        pub(crate) terms: Vec<TermCount>,
        /// Timeline events.
        pub(crate) events: usize,
    }
}

template_data! {
    /// How many terms a taxonomy has.
    pub(crate) struct TermCount {
        /// The taxonomy: `key`, `label`, `singular`, `name` and `url`.
        #[serde(flatten)]
        pub(crate) taxonomy: TaxonomyValue,
        /// How many terms it has.
        pub(crate) count: usize,
    }
}

template_data! {
    /// The organizations with one status.
    pub(crate) struct StatusGroup {
        /// The status; none on the organizations index of a site that tracks no status, which
        /// has one group.
        pub(crate) status: Option<Status>,
        /// How many organizations have it.
        pub(crate) count: usize,
        /// The organizations, by name.
        pub(crate) organizations: Vec<Shared<OrganizationCard>>,
    }
}

template_data! {
    /// The organizations with one status, also grouped by kind.
    pub(crate) struct StatusGroupByKind<'a> {
        /// `status`, `count` and `organizations`, as in any status group.
        #[serde(flatten)]
        pub(crate) group: StatusGroup,
        /// The same organizations by their `kind`, kinds in alphabetical order.
        pub(crate) kinds: Vec<KindGroup<'a>>,
    }
}

template_data! {
    /// The organizations of one kind.
    pub(crate) struct KindGroup<'a> {
        /// The kind (`Intergovernmental organization`); `Other` for organizations without one.
        pub(crate) kind: &'a str,
        /// The organizations, by name.
        pub(crate) organizations: Vec<Shared<OrganizationCard>>,
    }
}

template_data! {
    /// The index of briefings: `briefings.html`.
    pub(crate) struct BriefingsPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The briefings by year, newest first.
        pub(crate) years: Vec<BriefingYear>,
        /// How many briefings there are.
        pub(crate) count: usize,
    }
}

template_data! {
    /// The briefings of one year.
    pub(crate) struct BriefingYear {
        /// The year.
        pub(crate) year: i32,
        /// Its briefings, newest first.
        pub(crate) items: Vec<Shared<BriefingCard>>,
    }
}

template_data! {
    /// The index of organizations: `organizations.html`.
    pub(crate) struct OrganizationsPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The organizations by status (`site.status`), and by kind within each; one group,
        /// with no status, on a site that tracks none.
        pub(crate) groups: Vec<StatusGroupByKind<'a>>,
        /// Every kind of organization, in alphabetical order (`Other` for those without one).
        pub(crate) kinds: Vec<&'a str>,
        /// How many organizations there are.
        pub(crate) count: usize,
    }
}

template_data! {
    /// The index of a taxonomy's terms: `topics.html`, at `/topics/` (the taxonomy's key).
    pub(crate) struct TopicsPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The taxonomy.
        pub(crate) taxonomy: TaxonomyValue,
        /// Every term of it, by title.
        pub(crate) topics: Vec<Shared<TopicCard>>,
    }
}

template_data! {
    /// The timeline: `timeline.html`.
    pub(crate) struct TimelinePage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The events by year, in the timeline's order.
        pub(crate) years: Vec<EventYear>,
        /// How many events there are.
        pub(crate) count: usize,
        /// How many status changes it shows (none unless `timeline_status_changes: true`).
        pub(crate) status_change_count: usize,
        /// The timeline's order, `timeline_order` in `site.yaml`: `ascending` or `descending`.
        pub(crate) order: String,
        /// Every organization an event lists, by name, for filters.
        pub(crate) organizations: Vec<Shared<OrganizationLink>>,
        /// Every term an event lists, taxonomy by taxonomy, each by title, for filters.
        pub(crate) terms: Vec<TermList>,
    }
}

template_data! {
    /// The timeline events of one year.
    pub(crate) struct EventYear {
        /// The year.
        pub(crate) year: i32,
        /// Its events, and with `timeline_status_changes: true` the organizations' status
        /// changes, in the timeline's order: look at `kind` (`event` or `status-change`).
        pub(crate) items: Vec<TimelineItem>,
    }
}

template_data! {
    /// An entry of the timeline: an event, or a change of an organization's status.
    pub(crate) enum TimelineItem {
        Event(Shared<EventCard>),
        StatusChange(Box<StatusChangeCard>),
    }
}

template_data! {
    /// The sources page: `sources.html`.
    pub(crate) struct SourcesPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The sources listed, by type: reports, articles, books, book chapters, news, web
        /// pages, legislation, court cases, datasets, then sources without a `type` (`Other`).
        /// A type without sources has no group. With `sources_page: cited` (the default), every
        /// entry of `sources.yaml` and the entries of `.bib` and `.json` files that a page cites
        /// or links; with `all`, every entry.
        pub(crate) groups: Vec<SourceGroup<'a>>,
        /// How many sources are listed.
        pub(crate) count: usize,
        /// How many entries of the `.bib` and `.json` files are not listed because no page
        /// cites them (with `sources_page: cited`); 0 when none is left out.
        pub(crate) left_out: usize,
    }
}

template_data! {
    /// The sources of one type on the sources page.
    pub(crate) struct SourceGroup<'a> {
        /// Its anchor: `type-` and the type (`type-report`, `type-web-page`), or `type-other`
        /// for sources without a type.
        pub(crate) id: String,
        /// Its heading, in the site's language: `Reports`, `Web pages`, …, `Other`.
        pub(crate) title: &'a str,
        /// Its sources, by author (by title for a source without one), then year, then title.
        pub(crate) sources: Vec<ListedSource>,
    }
}

template_data! {
    /// A source on the sources page.
    pub(crate) struct ListedSource {
        /// What citations show of it (`id` is its anchor, `href` this entry).
        #[serde(flatten)]
        pub(crate) source: SourceCard,
        /// Its reference as the site's `citation_style` writes it, as HTML: authors, year,
        /// title, container, publisher, the DOI and the address as links. The sources of a
        /// group are in the style's order.
        pub(crate) reference: Safe,
        /// A copy kept by an archive (its `archived_url`), or none.
        pub(crate) archived_url: Option<String>,
        /// The documents that cite it or link its entry, in the site's order.
        pub(crate) cited_by: Vec<DocCard>,
    }
}

/// The `site` value: the same on every page.
pub(super) fn site_value(site: &Site, assets: &[(String, String)]) -> Result<Value, Diagnostic> {
    let config = &site.config;
    let branding = &site.branding;
    let listed = site.listed(Kind::Page);
    let nav = match &branding.menu {
        Some(menu) => nav_items(menu),
        None => {
            let mut nav: Vec<NavItem> = SitePage::of(site)
                .filter(|page| page.in_nav())
                .map(|page| {
                    let path = page.path(config);
                    let key = path.trim_end_matches('/').to_string();
                    let title = page.title(config, &site.interface).unwrap_or_else(|| key.clone());
                    NavItem { title, key, url: site.base.href(&path) }
                })
                .collect();
            if let Some(&about) = listed.iter().find(|&&p| site.doc(p).slug == "about") {
                nav.push(NavItem {
                    key: "about".into(),
                    title: site.interface.word(Key::about).into(),
                    url: site.base.href(&site.docs[about].path),
                });
            }
            nav
        }
    };
    let status = config.status.as_ref().map(|tracked| TrackedStatusData {
        field: &tracked.field,
        label: &tracked.label,
        description: &tracked.description,
        values: (0..tracked.values.len())
            .map(|i| Some(StatusKey(i)))
            .chain([None])
            .filter_map(|key| Status::of(config, key))
            .collect(),
    });
    let pages: Vec<ListedPage> = listed
        .iter()
        .map(|&p| ListedPage {
            title: site.doc(p).title(),
            url: site.base.href(&site.docs[p].path),
            slug: &site.doc(p).slug,
        })
        .collect();
    let footer_links = match &branding.footer_links {
        Some(links) => nav_items(links),
        None => pages
            .iter()
            .map(|p| NavItem { key: p.slug.to_string(), title: p.title.to_string(), url: p.url.clone() })
            .collect(),
    };
    let logo = config.logo.as_deref().zip(branding.logo.as_ref()).map(|(written, picture)| Picture {
        url: static_href(site, written),
        width: picture.width as usize,
        height: picture.height as usize,
    });
    let favicon = match (config.favicon.as_deref(), &branding.favicon) {
        (Some(written), Some(path)) => Icon { url: static_href(site, written), media_type: icon_type(path) },
        _ => Icon { url: site.base.href("favicon.svg"), media_type: icon_type("favicon.svg") },
    };
    let custom_css = branding
        .custom_css
        .as_ref()
        .and_then(|path| assets.iter().find(|(asset, _)| asset == path))
        .map(|(_, url)| url.clone());
    let data = SiteData {
        title: &config.title,
        description: config.description.as_deref(),
        author: config.author.as_deref(),
        publisher: config.publisher(),
        language: &config.language,
        og_locale: site.interface.og_locale(),
        direction: site.interface.right_to_left().then_some("rtl"),
        script_strings: Safe::new(
            &crate::text::json_string(&site.interface.script_strings())
                .map_err(|e| cannot_make(&site.config_file.path, tera::Error::message(e.to_string())))?,
        ),
        base_url: &site.base.url,
        base_path: &site.base.path,
        home_url: &site.base.path,
        feed_url: site.base.href(&Feed::Site.file(site)),
        search_index_url: site.base.href(Generated::SearchIndex.file()),
        nav,
        status,
        taxonomies: config.taxonomies.iter().map(|t| TaxonomyValue::of(site, t)).collect(),
        pages,
        logo,
        favicon,
        footer_text: config.footer_text.as_deref(),
        footer_links,
        custom_css,
        assets: assets.iter().cloned().collect(),
        generator: concat!("brief ", env!("CARGO_PKG_VERSION")),
    };
    to_value(&data).map_err(|e| cannot_make(&site.config_file.path, e))
}

/// The links of `menu` or `footer_links`, as the navigation lists them.
fn nav_items(links: &[SiteHref]) -> Vec<NavItem> {
    links
        .iter()
        .map(|link| NavItem { key: link.key.clone(), title: link.label.clone(), url: link.href.clone() })
        .collect()
}

/// The media type of an icon, by its file's ending: `image/svg+xml`.
fn icon_type(path: &str) -> &'static str {
    match path.rsplit('.').next().map(str::to_ascii_lowercase).as_deref() {
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "image/svg+xml",
    }
}

impl<'s> Pages<'s> {
    fn base(
        &self,
        kind: &'s str,
        section: &'s str,
        title: &'s str,
        path: &str,
        description: Option<&str>,
    ) -> PageBase<'s> {
        let site = self.site;
        let description =
            description.map(|d| shorten(d, DESCRIPTION_CHARS)).or_else(|| site.config.description.clone());
        PageBase {
            kind,
            section,
            title,
            url: site.base.href(path),
            permalink: site.base.permalink(path),
            card_description: description.clone(),
            description,
            card_image: self.card_image(site.config.social_image.as_deref(), site.branding.social_image.as_ref()),
            feed: None,
        }
    }

    /// A social card's picture, `written` in front matter or `site.yaml` and found: with a
    /// full address, which link previews need.
    fn card_image(&self, written: Option<&str>, found: Option<&crate::link::Picture>) -> Option<Picture> {
        let (written, found) = written.zip(found)?;
        let url = self.site.base.permalink(written.trim_start_matches('/'));
        Some(Picture { url, width: found.width as usize, height: found.height as usize })
    }

    /// The link to the feed beside the page of `target`, if it has one.
    fn feed_link(&self, target: Target) -> Option<FeedLink> {
        let feed = plan::feed_of(self.site, target)?;
        Some(FeedLink { url: self.site.base.href(&feed.file(self.site)), title: feeds::title(self.site, feed) })
    }

    fn doc_fields(&self, id: DocId, section: &'s str) -> DocPage<'s> {
        let site = self.site;
        let doc = site.doc(id);
        let description = doc.meta.summary().map(str::to_string).or_else(|| excerpt(&self.bodies[id]));
        let mut base = self.base(doc.kind.name(), section, doc.title(), &site.docs[id].path, description.as_deref());
        base.feed = self.feed_link(Target::Doc(id));
        DocPage {
            base,
            slug: &doc.slug,
            content: Some(Safe::shared(&self.bodies[id].content)),
            // A body with a footnote ends with Notes: one with no note is an error (E033).
            toc: toc(
                &doc.outline.headings,
                (!doc.outline.footnotes.is_empty() || self.has_citation_notes(id))
                    .then(|| site.interface.word(Key::notes)),
            ),
            references: self.references(id),
            words: doc.outline.words,
            endnotes: &self.bodies[id].endnotes,
        }
    }

    /// Whether the text cites in a note style, whose citations are notes.
    fn has_citation_notes(&self, id: DocId) -> bool {
        self.site.docs[id]
            .body_links
            .iter()
            .any(|link| matches!(link, crate::markdown::html::ResolvedLink::Citation(c) if c.raised))
    }

    fn references(&self, id: DocId) -> Vec<Reference> {
        let reference = |r: &crate::link::Reference| Reference {
            number: r.number,
            id: crate::markdown::anchors::reference_anchor(r.number),
            html: Safe::new(&r.html),
            source: self.values.source(r.source),
            marks: r.marks.clone(),
        };
        self.site.docs[id].references.iter().map(reference).collect()
    }

    /// The briefings among the documents that refer to `target`.
    fn briefings_about(&self, target: Target) -> Vec<Shared<BriefingCard>> {
        self.values.briefing_cards(self.site.backlinks(target).iter().copied())
    }

    /// The events among the documents that refer to `target`.
    fn events_about(&self, target: Target) -> Vec<Shared<EventCard>> {
        self.values.event_cards(self.site.backlinks(target).iter().copied())
    }

    pub(super) fn briefing(&self, id: DocId) -> Result<Value, tera::Error> {
        let site = self.site;
        let m = match &site.doc(id).meta {
            Meta::Briefing(m) => m,
            Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => {
                return Ok(Value::none());
            }
        };
        let refs = &site.docs[id].refs;
        let mut doc = self.doc_fields(id, "briefings");
        if !m.key_points.is_empty() {
            doc.base.card_description = Some(shorten(&m.key_points.join(" "), DESCRIPTION_CHARS));
        }
        if let Some(own) = self.card_image(m.social_image.as_deref(), refs.social_image.as_ref()) {
            doc.base.card_image = Some(own);
        }
        let corrected = m.changes.iter().any(|c| c.kind == ChangeKind::Correction);
        let cite_url = |format| site.base.href(&CiteFile { id, format }.file(site));
        let how_to_cite = HowToCite {
            text: Safe::new(
                &how_to_cite::item(site, id).map(|item| how_to_cite::citation_text(site, &item)).unwrap_or_default(),
            ),
            bib_url: cite_url(CiteFormat::Bibtex),
            ris_url: cite_url(CiteFormat::Ris),
        };
        to_value(&BriefingPage {
            doc,
            date: DateValue::of(m.date, &site.interface),
            updated: m.revised().map(|d| DateValue::of(d, &site.interface)),
            series: site.series_label(m.number),
            series_title: m.number.and(site.config.series.as_deref()),
            number: m.number.filter(|_| site.config.series.is_some()).map(|n| n as usize),
            summary: m.summary.as_deref(),
            organizations: self.values.organization_links(&refs.organizations),
            terms: self.values.term_lists(site, &refs.topics),
            authors: self.values.links(&refs.authors),
            key_points: m.key_points.iter().map(String::as_str).collect(),
            recommendations: m.recommendations.iter().map(String::as_str).collect(),
            reading_minutes: site.doc(id).outline.words.div_ceil(220).max(1),
            changes: change_entries(m, &site.interface),
            corrections_url: corrected.then(|| site.base.href(&SitePage::Corrections.path(&site.config))),
            backlinks: self.values.cards(&site.docs[id].backlinks),
            related: self.values.briefing_cards(site.docs[id].related.iter().copied()),
            json_ld: Safe::new(
                &exports::briefing_json_ld(site, id, m)
                    .map_err(|e| tera::Error::message(format!("cannot write its JSON-LD: {e}")))?,
            ),
            how_to_cite,
        })
    }

    pub(super) fn organization(&self, id: DocId) -> Result<Value, tera::Error> {
        let site = self.site;
        let m = match &site.doc(id).meta {
            Meta::Organization(m) => m,
            Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => {
                return Ok(Value::none());
            }
        };
        let target = Target::Doc(id);
        let parent = match (site.docs[id].refs.parent, &m.parent) {
            (Some(p), _) => self.values.organization_link(p).map(Parent::Organization),
            (None, Some(name)) => Some(Parent::Named(NamedParent { title: name, url: () })),
            (None, None) => None,
        };
        let children =
            site.listed(Kind::Organization).iter().copied().filter(|&o| site.docs[o].refs.parent == Some(id));
        to_value(&OrganizationPage {
            doc: self.doc_fields(id, "organizations"),
            acronym: m.acronym.as_deref(),
            org_kind: m.kind.as_deref(),
            parent,
            founded: m.founded.map(|d| site.interface.partial_date(d)),
            members: m.members.as_deref(),
            status: Status::of(&site.config, m.status),
            status_date: m
                .status_date
                .filter(|_| site.config.status.is_some())
                .map(|d| DateValue::of(d, &site.interface)),
            status_history: self.values.status_history(site, id),
            website: m.website.as_deref(),
            briefings: self.briefings_about(target),
            events: self.events_about(target),
            children: self.values.organization_cards(children),
            backlinks: self.values.backlinks_except(site, target, &[Kind::Briefing, Kind::Event]),
        })
    }

    pub(super) fn topic(&self, id: TopicId) -> Result<Value, tera::Error> {
        let site = self.site;
        let topic = &site.topics[id];
        let taxonomy = site.taxonomy_of(id);
        let target = Target::Topic(id);
        let doc = match topic.doc {
            Some(doc) => {
                let mut page = self.doc_fields(doc, &taxonomy.key);
                page.base.kind = "topic";
                page
            }
            None => DocPage {
                base: self.base("topic", &taxonomy.key, &topic.title, &site.path_of(target), None),
                slug: &topic.slug,
                content: None,
                toc: Vec::new(),
                references: Vec::new(),
                words: 0,
                endnotes: &[],
            },
        };
        let mut doc = doc;
        doc.base.feed = self.feed_link(target);
        to_value(&TopicPage {
            doc,
            taxonomy: TaxonomyValue::of(site, taxonomy),
            summary: topic.doc.and_then(|d| site.doc(d).meta.summary()),
            briefings: self.briefings_about(target),
            events: self.events_about(target),
            backlinks: self.values.backlinks_except(site, target, &[Kind::Briefing, Kind::Event]),
        })
    }

    pub(super) fn free_page(&self, id: DocId) -> Result<Value, tera::Error> {
        let site = self.site;
        to_value(&FreePage {
            doc: self.doc_fields(id, &site.doc(id).slug),
            summary: site.doc(id).meta.summary(),
            backlinks: self.values.cards(&site.docs[id].backlinks),
        })
    }

    pub(super) fn author(&self, id: DocId) -> Result<Value, tera::Error> {
        let site = self.site;
        let m = match &site.doc(id).meta {
            Meta::Author(m) => m,
            Meta::Briefing(_) | Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => {
                return Ok(Value::none());
            }
        };
        let target = Target::Doc(id);
        let mut doc = self.doc_fields(id, "authors");
        // A role and an affiliation say who someone is better than a bio's first words.
        let who: Vec<&str> = [m.role.as_deref(), m.affiliation.as_deref()].into_iter().flatten().collect();
        if !who.is_empty() {
            doc.base.description = Some(shorten(&format!("{}, {}", m.name, who.join(", ")), DESCRIPTION_CHARS));
        }
        to_value(&AuthorPage {
            doc,
            role: m.role.as_deref(),
            affiliation: m.affiliation.as_deref(),
            photo: m.photo.as_deref().map(|p| static_href(site, p)),
            website: m.website.as_deref(),
            orcid: m.orcid.as_deref().and_then(crate::model::orcid_url),
            email: m.email.as_deref(),
            briefings: self.briefings_about(target),
            backlinks: self.values.backlinks_except(site, target, &[Kind::Briefing]),
            json_ld: Safe::new(
                &exports::author_json_ld(site, id)
                    .map_err(|e| tera::Error::message(format!("cannot write its JSON-LD: {e}")))?,
            ),
        })
    }

    pub(super) fn authors(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let words = |key| site.interface.word(key);
        to_value(&AuthorsPage {
            base: self.base(
                "authors",
                "authors",
                words(Key::authors),
                "authors/",
                Some(words(Key::authors_description)),
            ),
            authors: self.values.author_cards(site.listed(Kind::Author).iter().copied()),
        })
    }

    pub(super) fn home(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let mut recent: Vec<DocId> = site.listed(Kind::Event).to_vec();
        recent.sort_by(|&a, &b| {
            event_date(site, b).cmp(&event_date(site, a)).then(site.doc(a).slug.cmp(&site.doc(b).slug))
        });
        let status_groups =
            self.status_groups().into_iter().map(|(status, members)| self.status_group(status, &members));
        to_value(&HomePage {
            base: self.base("home", "home", &site.config.title, "", site.config.description.as_deref()),
            briefings: self.values.briefing_cards(site.listed(Kind::Briefing).iter().take(HOME_BRIEFINGS).copied()),
            status_groups: status_groups.collect(),
            events: self.values.event_cards(recent.into_iter().take(HOME_EVENTS)),
            counts: Counts {
                briefings: site.count(Kind::Briefing),
                organizations: site.count(Kind::Organization),
                terms: (site.config.taxonomy_ids())
                    .map(|(taxonomy, t)| TermCount {
                        taxonomy: TaxonomyValue::of(site, t),
                        count: site.topics.iter().filter(|topic| topic.taxonomy == taxonomy).count(),
                    })
                    .collect(),
                events: site.count(Kind::Event),
            },
        })
    }

    /// The organizations by status, in the order of the status's `values` and "not stated"
    /// last, leaving out statuses no organization has; none on a site that tracks no status.
    fn status_groups(&self) -> Vec<(Option<StatusKey>, Vec<DocId>)> {
        let site = self.site;
        let Some(tracked) = &site.config.status else { return Vec::new() };
        let members = |status| -> Vec<DocId> {
            site.listed(Kind::Organization).iter().copied().filter(|&o| org_status(site, o) == status).collect()
        };
        let statuses = (0..tracked.values.len()).map(|i| Some(StatusKey(i))).chain([None]);
        statuses.map(|status| (status, members(status))).filter(|(_, members)| !members.is_empty()).collect()
    }

    fn status_group(&self, status: Option<StatusKey>, members: &[DocId]) -> StatusGroup {
        StatusGroup {
            status: Status::of(&self.site.config, status),
            count: members.len(),
            organizations: self.values.organization_cards(members.iter().copied()),
        }
    }

    pub(super) fn briefings(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let years = by_year(site.listed(Kind::Briefing), |id| briefing_year(site, id));
        to_value(&BriefingsPage {
            base: self.base(
                "briefings",
                "briefings",
                site.interface.word(Key::briefings),
                "briefings/",
                Some(site.interface.word(Key::briefings_description)),
            ),
            years: years
                .into_iter()
                .map(|(year, ids)| BriefingYear { year, items: self.values.briefing_cards(ids) })
                .collect(),
            count: site.count(Kind::Briefing),
        })
    }

    pub(super) fn organizations(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let kinds_of = |members: &[DocId]| {
            let mut kinds: Vec<&'s str> = members.iter().map(|&o| org_kind(site, o)).collect();
            kinds.sort_unstable_by_key(|k| k.to_lowercase());
            kinds.dedup();
            kinds
        };
        let mut groups = self.status_groups();
        if site.config.status.is_none() && !site.listed(Kind::Organization).is_empty() {
            groups.push((None, site.listed(Kind::Organization).to_vec()));
        }
        let groups = groups.into_iter().map(|(status, members)| {
            let kinds = kinds_of(&members).into_iter().map(|kind| {
                let of_kind = members.iter().copied().filter(|&o| org_kind(site, o) == kind);
                KindGroup { kind, organizations: self.values.organization_cards(of_kind) }
            });
            StatusGroupByKind { kinds: kinds.collect(), group: self.status_group(status, &members) }
        });
        let description = site.interface.word(Key::organizations_description);
        let title = site.interface.word(Key::organizations);
        to_value(&OrganizationsPage {
            base: self.base("organizations", "organizations", title, "organizations/", Some(description)),
            groups: groups.collect(),
            kinds: kinds_of(site.listed(Kind::Organization)),
            count: site.count(Kind::Organization),
        })
    }

    /// The index of the terms of `taxonomy`.
    pub(super) fn topics(&self, taxonomy: TaxonomyId) -> Result<Value, tera::Error> {
        let site = self.site;
        let of = site.config.taxonomy(taxonomy);
        let mut order: Vec<TopicId> = site.topics.ids().filter(|&t| site.topics[t].taxonomy == taxonomy).collect();
        order.sort_by_key(|&t| site.topics[t].title.to_lowercase());
        let description = site.interface.say(Key::terms_description, &[("taxonomy", Arg::Text(&of.label))]);
        let path = of.index_path();
        to_value(&TopicsPage {
            base: self.base("topics", &of.key, &of.label, &path, Some(&description)),
            taxonomy: TaxonomyValue::of(site, of),
            topics: order.into_iter().map(|t| self.values.topic_card(t)).collect(),
        })
    }

    pub(super) fn timeline(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let changes = self.timeline_status_changes();
        let mut orgs: Vec<DocId> = site
            .listed(Kind::Event)
            .iter()
            .flat_map(|&e| site.docs[e].refs.organizations.iter().copied())
            .chain(changes.iter().map(|(org, _, _)| *org))
            .collect();
        orgs.sort_by_key(|&o| (site.doc(o).title().to_lowercase(), o));
        orgs.dedup();
        let mut topics: Vec<TopicId> =
            site.listed(Kind::Event).iter().flat_map(|&e| site.docs[e].refs.topics.iter().copied()).collect();
        topics.sort_by_key(|&t| (site.topics[t].title.to_lowercase(), t));
        topics.dedup();
        let status_change_count = changes.len();
        let description = site.interface.word(Key::timeline_description);
        to_value(&TimelinePage {
            base: self.base("timeline", "timeline", site.interface.word(Key::timeline), "timeline/", Some(description)),
            years: self.timeline_years(changes),
            count: site.count(Kind::Event),
            status_change_count,
            order: format!("{:?}", site.config.timeline_order).to_lowercase(),
            organizations: self.values.organization_links(&orgs),
            terms: self.values.term_lists(site, &topics),
        })
    }

    /// The organizations' status changes the timeline shows, in its order, with their dates.
    fn timeline_status_changes(&self) -> Vec<(DocId, Date, StatusChangeCard)> {
        let site = self.site;
        let card = |(org, change): (DocId, &StatusChange)| {
            Some((org, change.date, self.values.status_change(site, org, change, false)?))
        };
        site.timeline_status_changes().into_iter().filter_map(card).collect()
    }

    /// The timeline's entries by year: the events in their order, and `changes` (in the same
    /// order) placed among them by date, after the events of the same day.
    fn timeline_years(&self, changes: Vec<(DocId, Date, StatusChangeCard)>) -> Vec<EventYear> {
        let site = self.site;
        let descending = site.config.timeline_order == TimelineOrder::Descending;
        let event_key = |id: DocId| event_date(site, id).map_or((0, 0, 0), |d| d.sort_key());
        let events = site.listed(Kind::Event);
        let cards = self.values.event_cards(events.iter().copied());
        let mut items: Vec<(i32, TimelineItem)> = Vec::with_capacity(events.len() + changes.len());
        let mut changes = changes.into_iter().map(|(_, date, card)| (date, card)).peekable();
        for (&id, card) in events.iter().zip(cards) {
            let key = event_key(id);
            while let Some((date, change)) = changes.next_if(|(date, _)| {
                let change_key = PartialDate::Day(*date).sort_key();
                if descending { change_key > key } else { change_key < key }
            }) {
                items.push((date.year(), TimelineItem::StatusChange(Box::new(change))));
            }
            items.push((key.0, TimelineItem::Event(card)));
        }
        items.extend(changes.map(|(date, c)| (date.year(), TimelineItem::StatusChange(Box::new(c)))));
        let mut years: Vec<EventYear> = Vec::new();
        for (year, item) in items {
            match years.last_mut() {
                Some(last) if last.year == year => last.items.push(item),
                _ => years.push(EventYear { year, items: vec![item] }),
            }
        }
        years
    }

    pub(super) fn sources(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let description = site.interface.word(Key::sources_description);
        let every = site.config.sources_page == SourcesListing::All;
        let (listed, left_out): (Vec<SourceId>, Vec<SourceId>) = site
            .sources
            .ids()
            .partition(|&s| every || site.sources[s].hand_written || !site.sources[s].backlinks.is_empty());
        let groups: Vec<SourceGroup> = SourceType::ALL
            .map(Some)
            .into_iter()
            .chain([None])
            .filter_map(|ty| {
                let ids: Vec<SourceId> =
                    listed.iter().copied().filter(|&s| site.sources[s].entry.r#type == ty).collect();
                if ids.is_empty() {
                    return None;
                }
                // In the order and words of the site's citation style.
                let items: Vec<_> = ids.iter().map(|&s| &site.sources[s].item).collect();
                let mut styled = site.citation_style.references(&items);
                let mut shown = vec![false; ids.len()];
                for (index, _) in &styled {
                    shown[*index] = true;
                }
                // A style with no bibliography, or one that drops an entry: its full citation.
                for index in (0..ids.len()).filter(|&i| !shown[i]) {
                    styled.push((index, site.citation_style.full(items[index])));
                }
                let sources = styled.into_iter().map(|(index, html)| self.listed_source(ids[index], &html)).collect();
                let title = site.interface.word(source_type_heading(ty));
                Some(SourceGroup { id: SourceType::group_id(ty), title, sources })
            })
            .collect();
        to_value(&SourcesPage {
            base: self.base("sources", "sources", site.interface.word(Key::sources), "sources/", Some(description)),
            groups,
            count: listed.len(),
            left_out: left_out.len(),
        })
    }

    fn listed_source(&self, id: SourceId, reference: &str) -> ListedSource {
        let source = &self.site.sources[id];
        let entry = &source.entry;
        ListedSource {
            source: source_card(self.site, id),
            reference: Safe::new(reference),
            archived_url: entry.archived_url.clone(),
            cited_by: self.values.cards(&source.backlinks),
        }
    }

    pub(super) fn corrections(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let description = site.interface.word(Key::corrections_description);
        let mut corrections: Vec<ListedCorrection> = Vec::new();
        for &id in site.listed(Kind::Briefing) {
            let m = match &site.doc(id).meta {
                Meta::Briefing(m) => m,
                Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => continue,
            };
            let Some(briefing) = self.values.links(&[id]).pop() else { continue };
            for change in
                change_entries(m, &site.interface).into_iter().filter(|c| c.kind == ChangeKind::Correction.key())
            {
                let url = format!("{}#{}", site.base.href(&site.path_of(Target::Doc(id))), change.id);
                corrections.push(ListedCorrection { briefing: briefing.clone(), url, change });
            }
        }
        // Newest first; a day's corrections in the briefings' order, as written.
        corrections.sort_by(|a, b| b.change.date.iso.cmp(&a.change.date.iso));
        to_value(&CorrectionsPage {
            base: self.base(
                "corrections",
                "corrections",
                site.interface.word(Key::corrections),
                "corrections/",
                Some(description),
            ),
            corrections,
        })
    }

    pub(super) fn data(&self) -> Result<Value, tera::Error> {
        let site = self.site;
        let words = |key| site.interface.word(key);
        // What readers take first (the feed, the exports), then what programs use.
        let mut listed = Generated::ALL;
        listed.sort_by_key(|g| (matches!(g, Generated::SearchIndex | Generated::Sitemap), *g == Generated::Sitemap));
        let feed = Feed::Site.file(site);
        let exports = std::iter::once((feed, Some(Feed::SITE_LISTING)))
            .chain(listed.into_iter().map(|generated| (generated.file().to_string(), generated.listing())))
            .filter_map(|(file, listing)| {
                let (title, format, description) = listing?;
                Some(DataExport {
                    url: site.base.href(&file),
                    file,
                    title: words(title),
                    format,
                    description: words(description),
                })
            })
            .collect();
        let tables =
            site.data
                .iter()
                .map(|data| {
                    let shown_in = site.docs.ids().filter(|&id| {
                        site.docs[id].tables.iter().flatten().any(|table| table.file_name == data.file.name)
                    });
                    DataTableFile {
                        name: &data.file.name,
                        url: site.base.href(&data.file.url_path),
                        shown_in: self.values.links(&shown_in.collect::<Vec<_>>()),
                    }
                })
                .collect();
        to_value(&DataPage {
            base: self.base(
                "data",
                "data",
                words(Key::data),
                &SitePage::Data.path(&site.config),
                Some(words(Key::data_description)),
            ),
            exports,
            tables,
        })
    }

    pub(super) fn search(&self) -> Result<Value, tera::Error> {
        let words = |key| self.site.interface.word(key);
        to_value(&self.base("search", "search", words(Key::search), "search/", Some(words(Key::search_description))))
    }

    pub(super) fn not_found(&self) -> Result<Value, tera::Error> {
        let words = |key| self.site.interface.word(key);
        let description = Some(words(Key::not_found_description));
        to_value(&self.base("404", "404", words(Key::page_not_found), "404.html", description))
    }
}

template_data! {
    /// The corrections page: `corrections.html`.
    pub(crate) struct CorrectionsPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// Every correction of every briefing, newest first.
        pub(crate) corrections: Vec<ListedCorrection>,
    }
}

template_data! {
    /// The data page: `data.html`. What the site publishes besides its pages, for readers to
    /// download and programs to read.
    pub(crate) struct DataPage<'a> {
        /// What every page has.
        #[serde(flatten)]
        pub(crate) base: PageBase<'a>,
        /// The files made from the whole site: the Atom feed, the organizations and timeline
        /// exports, the search index and the sitemap.
        pub(crate) exports: Vec<DataExport<'a>>,
        /// The CSV files of `content/data/`, by name; empty when there are none.
        pub(crate) tables: Vec<DataTableFile<'a>>,
    }
}

template_data! {
    /// A file made from the whole site, on the data page.
    pub(crate) struct DataExport<'a> {
        /// Its file name: `organizations.json`.
        pub(crate) file: String,
        /// Its address.
        pub(crate) url: String,
        /// What it is: `Organizations`.
        pub(crate) title: &'a str,
        /// Its format: `Atom`, `JSON` or `XML`.
        pub(crate) format: &'static str,
        /// What it holds, in a sentence.
        pub(crate) description: &'a str,
    }
}

template_data! {
    /// A CSV file of `content/data/`, on the data page.
    pub(crate) struct DataTableFile<'a> {
        /// Its file name: `arrears.csv`.
        pub(crate) name: &'a str,
        /// Its address: `/data/arrears.csv`.
        pub(crate) url: String,
        /// The documents whose tables show it, in the site's order.
        pub(crate) shown_in: Vec<Shared<Link>>,
    }
}

template_data! {
    /// A correction on the corrections page.
    pub(crate) struct ListedCorrection {
        /// The briefing corrected.
        pub(crate) briefing: Shared<Link>,
        /// The correction's place on the briefing's page.
        pub(crate) url: String,
        /// The correction: its date, label and note.
        pub(crate) change: ChangeEntry,
    }
}

/// `ids` grouped by `year`, keeping their order.
fn by_year(ids: &[DocId], year: impl Fn(DocId) -> i32) -> Vec<(i32, Vec<DocId>)> {
    let mut groups: Vec<(i32, Vec<DocId>)> = Vec::new();
    for &id in ids {
        let y = year(id);
        match groups.last_mut() {
            Some((last, items)) if *last == y => items.push(id),
            _ => groups.push((y, vec![id])),
        }
    }
    groups
}

fn org_status(site: &Site, id: DocId) -> Option<StatusKey> {
    match &site.doc(id).meta {
        Meta::Organization(m) => m.status,
        Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => None,
    }
}

fn org_kind(site: &Site, id: DocId) -> &str {
    let other = site.interface.word(Key::other_kind);
    match &site.doc(id).meta {
        Meta::Organization(m) => m.kind.as_deref().unwrap_or(other),
        Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => other,
    }
}

/// The string that heads the sources of type `ty` (or without one) on the sources page.
fn source_type_heading(ty: Option<SourceType>) -> Key {
    match ty {
        Some(SourceType::Report) => Key::source_type_report,
        Some(SourceType::Article) => Key::source_type_article,
        Some(SourceType::Book) => Key::source_type_book,
        Some(SourceType::Chapter) => Key::source_type_chapter,
        Some(SourceType::News) => Key::source_type_news,
        Some(SourceType::WebPage) => Key::source_type_web_page,
        Some(SourceType::Legislation) => Key::source_type_legislation,
        Some(SourceType::CourtCase) => Key::source_type_court_case,
        Some(SourceType::Dataset) => Key::source_type_dataset,
        None => Key::source_type_other,
    }
}

fn briefing_year(site: &Site, id: DocId) -> i32 {
    match &site.doc(id).meta {
        Meta::Briefing(m) => m.date.year(),
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => 0,
    }
}

fn event_date(site: &Site, id: DocId) -> Option<crate::date::PartialDate> {
    match &site.doc(id).meta {
        Meta::Event(m) => Some(m.date),
        Meta::Briefing(_) | Meta::Organization(_) | Meta::Topic(_) | Meta::Page(_) | Meta::Author(_) => None,
    }
}

/// Makes the pages of the site at `root` (loaded, parsed and linked) and hands them to `f`.
#[cfg(test)]
pub(super) fn with_pages<R>(root: &std::path::Path, f: impl FnOnce(&Pages) -> R) -> R {
    use std::sync::Arc;
    let options = crate::load::LoadOptions { root: root.to_path_buf(), ..Default::default() };
    let mut clock = crate::pipeline::StageClock::new();
    let linked = crate::pipeline::load_and_link(&options, &mut clock, crate::parse::parse)
        .unwrap_or_else(|problems| panic!("{root:?} does not load: {problems:?}"));
    let site = linked.site;
    let bodies: super::Bodies = site.docs.ids().map(|id| Arc::new(super::render_body(&site, id))).collect();
    let values = super::values::Values::build(&site, &bodies).unwrap_or_else(|problem| panic!("{problem:?}"));
    f(&Pages { site: &site, values: &values, bodies: &bodies })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'v>(value: &'v Value, key: &'static str) -> &'v Value {
        value.as_map().and_then(|m| m.get(&tera::value::Key::Str(key))).unwrap_or_else(|| panic!("no `{key}`"))
    }

    /// The preview compares a page with its last render and stops at values that are the very
    /// same: pages must hold the shared body and cards, not copies.
    #[test]
    fn pages_hold_the_shared_bodies_and_cards_not_copies() {
        with_pages(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), |pages| {
            let site = pages.site;
            let id = site
                .listed(Kind::Briefing)
                .iter()
                .copied()
                .find(|&b| !site.docs[b].related.is_empty())
                .expect("a related briefing");
            let page = pages.briefing(id).unwrap();
            let content = field(&page, "content");
            assert!(content.is_safe());
            assert!(std::ptr::eq(content.as_str().unwrap(), pages.bodies[id].html()));
            let related = field(&page, "related").as_array().unwrap();
            let card = pages.values.card(site.docs[id].related[0]);
            assert!(std::ptr::eq(related[0].as_map().unwrap(), card.value().as_map().unwrap()));
            let organization = &field(&page, "organizations").as_array().unwrap()[0];
            let link = pages.values.organization_link(site.docs[id].refs.organizations[0]).unwrap();
            assert!(std::ptr::eq(organization.as_map().unwrap(), link.value().as_map().unwrap()));

            let timeline = pages.timeline().unwrap();
            let event = &field(&field(&timeline, "years").as_array().unwrap()[0], "items").as_array().unwrap()[0];
            let shown = site.listed(Kind::Event)[0];
            assert!(std::ptr::eq(event.as_map().unwrap(), pages.values.card(shown).value().as_map().unwrap()));
            assert!(std::ptr::eq(field(event, "content").as_str().unwrap(), pages.bodies[shown].html()));
        });
    }

    /// The pages of the site of `files` (linked in memory) handed to `f`.
    fn with_site<R>(files: &[(&str, &str)], f: impl FnOnce(&Pages) -> R) -> R {
        let (site, _) = crate::link::testing::link(files);
        let bodies = crate::render::tests::bodies(&site);
        let values =
            super::super::values::Values::build(&site, &bodies).unwrap_or_else(|problem| panic!("{problem:?}"));
        f(&Pages { site: &site, values: &values, bodies: &bodies })
    }

    /// A page's value as JSON, for comparing.
    fn json(value: Result<Value, tera::Error>) -> serde_json::Value {
        serde_json::to_value(value.expect("the page's value")).expect("JSON")
    }

    fn titles(list: &serde_json::Value) -> Vec<&str> {
        list.as_array().into_iter().flatten().filter_map(|card| card["title"].as_str()).collect()
    }

    const ORGANIZATIONS: &[(&str, &str)] = &[
        ("organizations/who.md", "---\nname: WHO\nkind: Agency\nus_status: withdrawn\n---\n"),
        ("organizations/un.md", "---\nname: UN\nkind: Body\nus_status: member\n---\n"),
        ("organizations/nato.md", "---\nname: NATO\nkind: Alliance\nus_status: member\n---\n"),
        ("organizations/club.md", "---\nname: Club\n---\n"),
    ];

    #[test]
    fn the_home_page_counts_each_kind_and_every_topic_used_or_described() {
        let files = [
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [used, described]\n---\n"),
            ("briefings/b.md", "---\ntitle: B\ndate: 2026-01-08\n---\n"),
            ("briefings/draft.md", "---\ntitle: D\ndate: 2026-01-09\ndraft: true\n---\n"),
            ("organizations/o.md", "---\nname: O\n---\n"),
            ("timeline/e.md", "---\ntitle: E\ndate: 2026\n---\n"),
            ("topics/described.md", "---\ntitle: Described\n---\n"),
            ("topics/alone.md", "---\ntitle: Alone\n---\n"),
        ];
        let home = with_site(&files, |pages| json(pages.home()));
        let terms = serde_json::json!([{"key": "topics", "label": "Topics", "singular": "Topic", "name": "topic",
            "url": "/topics/", "count": 3}]);
        let counts = serde_json::json!({"briefings": 2, "organizations": 1, "terms": terms, "events": 1});
        assert_eq!(home["counts"], counts);
        assert_eq!(titles(&home["briefings"]), ["B", "A"]);
        assert_eq!(home["kind"], "home");
    }

    #[test]
    fn the_home_page_groups_the_organizations_by_status_not_stated_last() {
        let home = with_site(ORGANIZATIONS, |pages| json(pages.home()));
        let groups = home["status_groups"].as_array().expect("groups");
        let statuses: Vec<&str> = groups.iter().filter_map(|g| g["status"]["key"].as_str()).collect();
        assert_eq!(statuses, ["withdrawn", "member", "not-stated"]);
        assert_eq!(groups[1]["count"], 2);
        assert_eq!(titles(&groups[1]["organizations"]), ["NATO", "UN"]);
    }

    #[test]
    fn the_organizations_index_groups_by_status_then_by_kind() {
        let index = with_site(ORGANIZATIONS, |pages| json(pages.organizations()));
        assert_eq!(index["count"], 4);
        assert_eq!(index["kinds"], serde_json::json!(["Agency", "Alliance", "Body", "Other"]));
        let member = &index["groups"][1];
        assert_eq!(member["status"]["label"], "Member");
        let kinds: Vec<&str> =
            member["kinds"].as_array().into_iter().flatten().filter_map(|k| k["kind"].as_str()).collect();
        assert_eq!(kinds, ["Alliance", "Body"]);
        assert_eq!(titles(&member["kinds"][0]["organizations"]), ["NATO"]);
        assert_eq!(index["groups"][2]["kinds"][0]["kind"], "Other");
    }

    #[test]
    fn a_topic_without_a_document_has_a_page_with_no_content_listing_what_uses_it() {
        let files = [
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [bare-topic]\n---\n"),
            ("timeline/e.md", "---\ntitle: E\ndate: 2026\ntopics: [bare-topic]\n---\n"),
        ];
        let page = with_site(&files, |pages| json(pages.topic(pages.site.topics.ids().next().expect("the topic"))));
        assert_eq!(
            (&page["kind"], &page["section"], &page["slug"]),
            (&"topic".into(), &"topics".into(), &"bare-topic".into())
        );
        assert_eq!(page["url"], "/topics/bare-topic/");
        assert_eq!((&page["content"], &page["summary"]), (&serde_json::Value::Null, &serde_json::Value::Null));
        assert_eq!((page["toc"].as_array().map(Vec::len), page["words"].as_u64()), (Some(0), Some(0)));
        assert_eq!((titles(&page["briefings"]), titles(&page["events"])), (vec!["A"], vec!["E"]));
    }

    #[test]
    fn a_topic_with_a_document_shows_its_text_and_summary() {
        let files = [
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [t]\n---\n"),
            ("topics/t.md", "---\ntitle: The topic\nsummary: In short.\n---\n## Scope\n\nWhat it covers.\n"),
        ];
        let page = with_site(&files, |pages| json(pages.topic(pages.site.topics.ids().next().expect("the topic"))));
        assert_eq!(
            (&page["kind"], &page["title"], &page["summary"]),
            (&"topic".into(), &"The topic".into(), &"In short.".into())
        );
        assert!(page["content"].as_str().is_some_and(|html| html.contains("What it covers.")), "{page}");
        assert_eq!(page["toc"][0]["title"], "Scope");
    }
}
