//! Kinds of content: everything the pipeline knows about a kind, in one [`KindSpec`] each.
//!
//! Takes: nothing. Gives: the [`Kind`]s and their specs (folder, names, title key, pages and
//! addresses, index page, listing order, place in mixed lists, search, the file `brief new`
//! writes) and [`ByKind`], a value per kind. Every list of kinds in the code reads from here;
//! adding a kind is a variant, its spec, its front-matter struct (in [`super`]), its templates
//! and its page value. Code that must treat each kind its own way matches on [`Kind`] (or on
//! [`super::Meta`]) without a `_` arm, so the compiler lists what a new kind has to decide;
//! [`Kind::ALL`] is written with `every_variant!`, which refuses a list that leaves one out.

use std::fmt;
use std::ops::{Index, IndexMut};

use serde::Serialize;

/// Every variant of a fieldless enum, as an array, checked against the enum: the list is also
/// the arms of a `match` with no `_` arm, so a variant left out (or listed twice) stops the
/// build. `every_variant![Kind: Briefing, Organization]` is `[Kind::Briefing, Kind::Organization]`.
macro_rules! every_variant {
    ($enum:ident: $($variant:ident),+ $(,)?) => {{
        const fn _lists_every_variant(value: $enum) {
            match value {
                $($enum::$variant => {})+
            }
        }
        [$($enum::$variant),+]
    }};
}
pub(crate) use every_variant;

/// The kinds of content file, each in its own folder of `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An analysis with a date, the content the site exists for (`content/briefings/`).
    Briefing,
    /// A body that briefings and events name (`content/organizations/`).
    Organization,
    /// A term of one of the site's taxonomies (`taxonomies` in `site.yaml`; topics unless set),
    /// which briefings and events list; it exists by being used, and a file in its taxonomy's
    /// folder (`content/topics/`) describes it.
    Topic,
    /// A dated happening on the timeline, precise to the day, month or year
    /// (`content/timeline/`).
    Event,
    /// A page of its own outside the lists, such as "About" (`content/pages/`).
    Page,
    /// A person who writes briefings, with a page listing them (`content/authors/`).
    Author,
}

/// Everything the pipeline knows about a kind.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct KindSpec {
    /// The folder of `content/` holding it: `briefings`. None for topics: each taxonomy of
    /// the site has its own folder.
    pub(crate) folder: Option<&'static str>,
    /// Its name in messages, in `[[briefing:slug]]`, in `brief new briefing` and in the
    /// `kind` templates see.
    pub(crate) name: &'static str,
    /// The name of several, for counts: `8 briefings`.
    pub(crate) plural: &'static str,
    /// The front-matter key holding its title (an organization's is `name`).
    pub(crate) title_key: &'static str,
    /// Which pages its files make, and so where each document is on the site.
    pub(crate) pages: PageRule,
    /// The page listing every document of the kind, if there is one.
    pub(crate) index: Option<IndexPage>,
    /// The order of its documents wherever the site lists them.
    pub(crate) order: Order,
    /// Where its documents come in lists that mix kinds (the pages linking here): lower first.
    pub(crate) mixed_rank: u8,
    /// Whether the search index has an entry for each document (a topic's file is searched
    /// as its topic).
    pub(crate) searchable: bool,
    /// Whether the page of each of its documents (or of each topic) has an Atom feed beside
    /// it, `atom.xml`, of the newest briefings it lists: the briefings about an organization
    /// or a topic, or by an author.
    pub(crate) feed: bool,
    /// The file `brief new` writes: `{title}`, `{summary}`, `{acronym}`, `{today}`, `{terms}`
    /// (a line `key: []` per taxonomy of the site) and `{status}` (the lines of the site's
    /// tracked status, if it has one) are filled in.
    pub(crate) new_file: &'static str,
}

/// Which pages a kind's files make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageRule {
    /// Each document has a page of its own, at `{under}{slug}/`, through `template`.
    Own { under: &'static str, template: &'static str },
    /// Each topic has a page at `{taxonomy}/{slug}/` through `template`, whether a file
    /// describes it or not (topics exist by being used); a file's text shows on its topic's
    /// page. Each taxonomy has an index page at `{taxonomy}/`, through `index_template`.
    PerTopic { template: &'static str, index_template: &'static str },
    /// No page of its own: each document is an entry of the page `on` (its kind's index), at
    /// `#slug`, and its text is shown there and on the pages of what it names.
    Entry { on: &'static str },
}

/// The page listing every document of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct IndexPage {
    /// `briefings/index.html`
    pub(crate) file: &'static str,
    pub(crate) template: &'static str,
    /// Its name in the site's navigation and for `[[briefings]]`: `Briefings`.
    pub(crate) name: &'static str,
    /// What it is, in messages: `the briefings index`.
    pub(crate) what: &'static str,
    /// Whether it exists only when the site has documents of its kind: a site with no
    /// authors has no authors index, and no entry for it in the navigation.
    pub(crate) only_when_used: bool,
}

impl IndexPage {
    /// Its site-relative path: `briefings/`.
    pub(crate) fn path(&self) -> &'static str {
        self.file.strip_suffix("index.html").unwrap_or(self.file)
    }
}

/// How a kind's documents are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Newest first, then by slug.
    NewestFirst,
    /// By title, ignoring case, then by slug.
    ByTitle,
    BySlug,
    /// By date, then by slug: oldest first, or newest first when `site.yaml` sets
    /// `timeline_order: descending`.
    Timeline,
}

const BRIEFING: KindSpec = KindSpec {
    folder: Some("briefings"),
    name: "briefing",
    plural: "briefings",
    title_key: "title",
    pages: PageRule::Own { under: "briefings/", template: "briefing.html" },
    index: Some(IndexPage {
        file: "briefings/index.html",
        template: "briefings.html",
        name: "Briefings",
        what: "the briefings index",
        only_when_used: false,
    }),
    order: Order::NewestFirst,
    mixed_rank: 0,
    searchable: true,
    feed: false,
    new_file: "---\ntitle: {title}\ndate: {today}\nsummary: {summary}\nauthors: []\n# findings, one sentence each: a list of lines starting with `- `\nkey_points: []\nrecommendations: []\norganizations: []\n{terms}sources: []\n\
               # its number in the site's series (set `series:` in content/site.yaml first)\n# number: 1\n\
               # after publication, each update or correction: `- date: YYYY-MM-DD`, then `note: …` and\n\
               # `kind: correction` (or `update`, the default) lined up under `date`\nchanges: []\n\
               draft: true\n---\n\nState the finding in two or three sentences.\n\n## Background\n\n\
               Cite sources with `[@source-id]` (ids from content/sources.yaml) and link organizations, topics and\n\
               other briefings with `[[slug]]`.\n\n\
               A figure is a picture of content/static/ alone on a line, `![What it shows, for readers who cannot see it](/charts/file.png)`,\n\
               with its caption on the next lines and a last line starting `Source:`; link it with `[[#fig-file]]`. A chart or\n\
               video from Datawrapper, Flourish, Observable, YouTube or Vimeo goes in an `embed` block with `url:` and `title:`.\n",
};

const ORGANIZATION: KindSpec = KindSpec {
    folder: Some("organizations"),
    name: "organization",
    plural: "organizations",
    title_key: "name",
    pages: PageRule::Own { under: "organizations/", template: "organization.html" },
    index: Some(IndexPage {
        file: "organizations/index.html",
        template: "organizations.html",
        name: "Organizations",
        what: "the organizations index",
        only_when_used: false,
    }),
    order: Order::ByTitle,
    mixed_rank: 2,
    searchable: true,
    feed: true,
    new_file: "---\nname: {title}\nacronym: {acronym}\nkind:\nparent:\nfounded:\nmembers:\n\
               {status}website:\n---\n\nWhat the organization is and does, in a paragraph or two.\n",
};

const TOPIC: KindSpec = KindSpec {
    folder: None,
    name: "topic",
    plural: "topics",
    title_key: "title",
    pages: PageRule::PerTopic { template: "topic.html", index_template: "topics.html" },
    // One per taxonomy: `PageRule::PerTopic`.
    index: None,
    order: Order::BySlug,
    mixed_rank: 3,
    searchable: true,
    feed: true,
    new_file: "---\ntitle: {title}\nsummary: {summary}\n---\n\nWhat it covers, in a paragraph or two.\n",
};

const EVENT: KindSpec = KindSpec {
    folder: Some("timeline"),
    name: "event",
    plural: "events",
    title_key: "title",
    pages: PageRule::Entry { on: "timeline/" },
    index: Some(IndexPage {
        file: "timeline/index.html",
        template: "timeline.html",
        name: "Timeline",
        what: "the timeline",
        only_when_used: false,
    }),
    order: Order::Timeline,
    mixed_rank: 1,
    searchable: true,
    feed: false,
    new_file: "---\ntitle: {title}\n# YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known\ndate: {today}\n\
               organizations: []\n{terms}sources: []\n---\n\n\
               What happened, in one to three sentences, linking the briefings about it.\n",
};

const PAGE: KindSpec = KindSpec {
    folder: Some("pages"),
    name: "page",
    plural: "pages",
    title_key: "title",
    pages: PageRule::Own { under: "", template: "page.html" },
    index: None,
    order: Order::BySlug,
    mixed_rank: 4,
    searchable: true,
    feed: false,
    new_file: "---\ntitle: {title}\nsummary: {summary}\n---\n\nWrite the page here.\n",
};

const AUTHOR: KindSpec = KindSpec {
    folder: Some("authors"),
    name: "author",
    plural: "authors",
    title_key: "name",
    pages: PageRule::Own { under: "authors/", template: "author.html" },
    index: Some(IndexPage {
        file: "authors/index.html",
        template: "authors.html",
        name: "Authors",
        what: "the authors index",
        only_when_used: true,
    }),
    order: Order::ByTitle,
    mixed_rank: 5,
    searchable: true,
    feed: true,
    new_file: "---\nname: {title}\n# Senior Fellow, Program Director…\nrole:\naffiliation:\n\
               # a picture in content/static/, such as /img/authors/jane-doe.jpg\nphoto:\nwebsite:\n\
               # 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097\norcid:\n\
               # shown on the author's page only when given\nemail:\n---\n\n\
               A short biography: what the author works on, in two or three sentences.\n",
};

impl Kind {
    /// Every kind, in the order counts, the navigation and the search index list them.
    pub(crate) const ALL: [Kind; 6] = every_variant![Kind: Briefing, Organization, Topic, Event, Page, Author];

    pub(crate) const COUNT: usize = Kind::ALL.len();

    pub(crate) fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Briefing => &BRIEFING,
            Kind::Organization => &ORGANIZATION,
            Kind::Topic => &TOPIC,
            Kind::Event => &EVENT,
            Kind::Page => &PAGE,
            Kind::Author => &AUTHOR,
        }
    }

    /// The folder of `content/` holding this kind; none for topics, whose folders are the
    /// site's taxonomies' ([`super::SiteConfig::folder_kind`]).
    pub(crate) fn folder(self) -> Option<&'static str> {
        self.spec().folder
    }

    /// The name used in messages and in `[[kind:slug]]`.
    pub(crate) fn name(self) -> &'static str {
        self.spec().name
    }

    /// The kind of `content/<folder>/`, but for the taxonomies' folders
    /// ([`super::SiteConfig::folder_kind`] knows those too).
    pub(crate) fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == Some(folder))
    }

    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The site-relative path of the document `slug`: `briefings/a/`, `timeline/#e1`; a
    /// topic's is under its taxonomy's key, `topics/a/`.
    pub(crate) fn path(self, slug: &str, taxonomy: Option<&super::Taxonomy>) -> String {
        match self.spec().pages {
            PageRule::Own { under, .. } => format!("{under}{slug}/"),
            PageRule::PerTopic { .. } => taxonomy.map_or_else(|| format!("{slug}/"), |t| t.path(slug)),
            PageRule::Entry { on } => format!("{on}#{slug}"),
        }
    }

    /// Whether a document's text is shown on pages other than its own: an event's on the
    /// timeline, a topic file's on its topic's page.
    pub(crate) fn text_shown_elsewhere(self) -> bool {
        match self.spec().pages {
            PageRule::Own { .. } => false,
            PageRule::PerTopic { .. } | PageRule::Entry { .. } => true,
        }
    }

    /// Whether a document is an entry of another page rather than a page: its text sits
    /// beside others of its kind, with no reference list or headings of its own to link to.
    pub(crate) fn is_entry(self) -> bool {
        matches!(self.spec().pages, PageRule::Entry { .. })
    }

    /// `1 briefing`, `8 briefings`.
    pub(crate) fn count(self, n: usize) -> String {
        let spec = self.spec();
        if n == 1 { format!("1 {}", spec.name) } else { format!("{n} {}", spec.plural) }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One value per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByKind<T>([T; Kind::COUNT]);

impl<T> ByKind<T> {
    pub(crate) fn from_fn(f: impl FnMut(Kind) -> T) -> ByKind<T> {
        ByKind(Kind::ALL.map(f))
    }
}

impl<T> Index<Kind> for ByKind<T> {
    type Output = T;
    fn index(&self, kind: Kind) -> &T {
        &self.0[kind as usize]
    }
}

impl<T> IndexMut<Kind> for ByKind<T> {
    fn index_mut(&mut self, kind: Kind) -> &mut T {
        &mut self.0[kind as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_in_the_order_of_its_variant() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "{kind}");
        }
    }

    #[test]
    fn folders_and_names_are_unique_and_find_their_kind() {
        for kind in Kind::ALL {
            if let Some(folder) = kind.folder() {
                assert_eq!(Kind::from_folder(folder), Some(kind));
            }
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn an_entry_is_on_its_kinds_index_page() {
        for kind in Kind::ALL {
            if let PageRule::Entry { on } = kind.spec().pages {
                assert_eq!(kind.spec().index.map(|i| i.path()), Some(on), "{kind}");
            }
        }
    }

    #[test]
    fn documents_have_the_addresses_the_site_has_always_used() {
        let topics = super::super::Taxonomy { key: "topics".into(), label: "Topics".into(), singular: "Topic".into() };
        let paths: Vec<String> = Kind::ALL.into_iter().map(|k| k.path("a", Some(&topics))).collect();
        assert_eq!(paths, ["briefings/a/", "organizations/a/", "topics/a/", "timeline/#a", "a/", "authors/a/"]);
    }

    #[test]
    fn mixed_lists_rank_every_kind_apart() {
        let mut ranks: Vec<u8> = Kind::ALL.iter().map(|k| k.spec().mixed_rank).collect();
        ranks.sort_unstable();
        ranks.dedup();
        assert_eq!(ranks.len(), Kind::COUNT);
    }

    #[test]
    fn counts_use_the_plural() {
        assert_eq!(Kind::Event.count(1), "1 event");
        assert_eq!(Kind::Event.count(2), "2 events");
        assert_eq!(ByKind::from_fn(|k| k as usize)[Kind::Page], 4);
    }
}
