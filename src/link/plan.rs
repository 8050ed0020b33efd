//! The output plan: every file a build writes, where it goes and how it is made.
//!
//! Takes: a [`Site`]. Gives: its [`OutputFile`]s: the pages, each through its template; each
//! briefing's own reference for citation managers, `cite.bib` and `cite.ris` beside its page;
//! the Atom feeds, the site's and one beside the page of each topic, organization and author
//! (a kind whose spec says so); the whole-site files a generator makes (sitemap, robots.txt,
//! search index, exports); the static
//! files, copied as they are; the data files of `content/data/`, published at `data/` for the
//! download link under their tables. The link stage's collision check and its resolver (which paths
//! a link may name), the render stage and the preview's session all read this one list.

use std::path::PathBuf;

use crate::data::DataFile;
use crate::diagnostics::display_path;
use crate::i18n::{Interface, Key};
use crate::load::StaticFile;
use crate::model::{ChangeKind, IndexPage, Kind, Meta, PageRule, SiteConfig, TaxonomyId, every_variant};
use crate::theme::ThemeFile;

use super::site::{DocId, Site, Target, TopicId};

/// A file a build writes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OutputFile<'a> {
    /// A page, through a template.
    Page(Page),
    /// A briefing's own reference, for readers to cite it: `briefings/a/cite.bib`.
    CiteFile(CiteFile),
    /// An Atom feed of briefings: the site's, or a topic's, organization's or author's.
    Feed(Feed),
    /// A file made from the whole site.
    Generated(Generated),
    /// A static file, copied as it is.
    Static(Static<'a>),
}

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Page {
    /// A page every site has.
    Site(SitePage),
    /// A document's page of its own: `briefings/a/index.html`.
    Doc { id: DocId, template: &'static str },
    /// A topic's page, under its taxonomy: `topics/t/index.html`.
    Topic { id: TopicId, template: &'static str },
}

/// A page every site has, whatever its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SitePage {
    /// `index.html`
    Home,
    /// The page listing every document of a kind: `briefings/index.html`, the timeline.
    Index(Kind, &'static IndexPage),
    /// The page listing every term of a taxonomy: `topics/index.html`.
    Terms(TaxonomyId),
    /// `sources/index.html`: every source, with who cites it.
    Sources,
    /// `corrections/index.html`: every correction of every briefing, newest first; made only
    /// when a briefing has one.
    Corrections,
    /// `data/index.html`: what the site publishes besides its pages (the feed, the exports, the
    /// search index, the sitemap, the CSV files of its tables), for readers and programs.
    Data,
    /// `search/index.html`
    Search,
    /// `404.html`
    NotFound,
}

/// An Atom feed of the newest briefings: of the whole site, or of those a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Feed {
    /// `atom.xml`: the site's newest briefings.
    Site,
    /// `topics/t/atom.xml`: the newest briefings of a topic.
    Topic(TopicId),
    /// `organizations/o/atom.xml`, `authors/a/atom.xml`: the newest briefings of a document
    /// whose kind's spec gives its page a feed (about an organization, by an author).
    Doc(DocId),
}

/// A file made from the whole site rather than from one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Generated {
    Sitemap,
    Robots,
    /// `search-index.json`: what the search page looks through.
    SearchIndex,
    /// `organizations.json`
    OrganizationsExport,
    /// `timeline.json`
    TimelineExport,
}

/// A briefing's reference in a citation manager's format, in its page's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CiteFile {
    /// The briefing.
    pub(crate) id: DocId,
    pub(crate) format: CiteFormat,
}

/// The formats a briefing's reference is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CiteFormat {
    /// `cite.bib`: a BibLaTeX `@report` entry.
    Bibtex,
    /// `cite.ris`: an RIS record (`TY  - RPRT`).
    Ris,
}

/// A static file.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Static<'a> {
    /// A file of the site's `content/static/`.
    Site(&'a StaticFile),
    /// A file of the theme's `static/` that the site does not replace.
    Theme(&'a str, &'a ThemeFile),
    /// A file of `content/data/`, published for readers to download the data of its tables.
    Data(&'a DataFile),
}

/// Every file a build of `site` writes, in this order: the pages every site has, the site's
/// feed, the whole-site files, each document's page (a briefing's followed by its cite files,
/// an organization's or author's by its feed), each topic's page and feed, the static files,
/// the data files.
pub(crate) fn plan(site: &Site) -> Vec<OutputFile<'_>> {
    let mut files: Vec<OutputFile> = SitePage::of(site).map(|page| OutputFile::Page(Page::Site(page))).collect();
    files.push(OutputFile::Feed(Feed::Site));
    files.extend(Generated::ALL.map(OutputFile::Generated));
    for id in site.docs.ids() {
        files.extend(doc_page(site, id).map(OutputFile::Page));
        files.extend(cite_files(site, id).map(OutputFile::CiteFile));
        files.extend(doc_feed(site, id).map(OutputFile::Feed));
    }
    if let PageRule::PerTopic { template, .. } = Kind::Topic.spec().pages {
        for id in site.topics.ids() {
            files.push(OutputFile::Page(Page::Topic { id, template }));
            if Kind::Topic.spec().feed {
                files.push(OutputFile::Feed(Feed::Topic(id)));
            }
        }
    }
    files.extend(static_files(site).map(OutputFile::Static));
    files.extend(site.data.iter().map(|data| OutputFile::Static(Static::Data(&data.file))));
    files
}

/// The page of its own a document has, if its kind gives it one (a topic's file shows on its
/// topic's page, an entry on its index page).
pub(crate) fn doc_page(site: &Site, id: DocId) -> Option<Page> {
    match site.doc(id).kind.spec().pages {
        PageRule::Own { template, .. } => Some(Page::Doc { id, template }),
        PageRule::PerTopic { .. } | PageRule::Entry { .. } => None,
    }
}

/// The feed beside a document's page, if its kind's spec gives it one.
pub(crate) fn doc_feed(site: &Site, id: DocId) -> Option<Feed> {
    let kind = site.doc(id).kind;
    (kind.spec().feed && doc_page(site, id).is_some()).then_some(Feed::Doc(id))
}

/// The feed beside the page of `target`, a topic or a document, if it has one.
pub(crate) fn feed_of(site: &Site, target: Target) -> Option<Feed> {
    match target {
        Target::Doc(id) => doc_feed(site, id),
        Target::Topic(id) => Kind::Topic.spec().feed.then_some(Feed::Topic(id)),
        Target::Source(_) => None,
    }
}

/// The files readers cite a document with, beside its page: a briefing has one per
/// [`CiteFormat`], the other kinds none.
pub(crate) fn cite_files(site: &Site, id: DocId) -> impl Iterator<Item = CiteFile> + use<> {
    let formats: &[CiteFormat] = match site.doc(id).meta {
        Meta::Briefing(_) => &CiteFormat::ALL,
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => &[],
    };
    formats.iter().map(move |&format| CiteFile { id, format })
}

/// The static files: the site's own, then the theme's that the site does not replace.
pub(crate) fn static_files(site: &Site) -> impl Iterator<Item = Static<'_>> {
    let replaced = |path: &str| site.static_files.iter().any(|f| f.url_path == path);
    let theme = site.theme.static_files.iter().filter(move |(path, _)| !replaced(path));
    let own = site.static_files.iter().map(Static::Site);
    own.chain(theme.map(|(path, file)| Static::Theme(path, file)))
}

/// Every template a page of a site may go through (besides the layouts they extend).
pub(crate) fn page_templates() -> Vec<&'static str> {
    let kinds = Kind::ALL.into_iter().flat_map(|kind| match kind.spec().pages {
        PageRule::Own { template, .. } => vec![template],
        PageRule::PerTopic { template, index_template } => vec![index_template, template],
        PageRule::Entry { .. } => vec![],
    });
    let indexes = Kind::ALL.into_iter().filter_map(|kind| kind.spec().index.map(|index| index.template));
    let others = [
        SitePage::Home,
        SitePage::Sources,
        SitePage::Corrections,
        SitePage::Data,
        SitePage::Search,
        SitePage::NotFound,
    ];
    others.into_iter().map(SitePage::template).chain(indexes).chain(kinds).collect()
}

impl OutputFile<'_> {
    /// Where it is written, from the site's root: `briefings/a/index.html`.
    pub(crate) fn file(&self, site: &Site) -> String {
        match self {
            OutputFile::Page(page) => page.file(site),
            OutputFile::CiteFile(cite) => cite.file(site),
            OutputFile::Feed(feed) => feed.file(site),
            OutputFile::Generated(generated) => generated.file().to_string(),
            OutputFile::Static(file) => file.file().to_string(),
        }
    }

    /// What it is, in messages, and the file that makes it, where one does.
    pub(crate) fn what(&self, site: &Site) -> (String, Option<PathBuf>) {
        match self {
            OutputFile::Page(Page::Doc { id, .. }) => {
                let path = &site.doc(*id).path;
                (format!("`{}`", display_path(path)), Some(path.clone()))
            }
            OutputFile::Page(Page::Topic { id, .. }) => {
                (format!("the {} `{}`", site.taxonomy_of(*id).singular_lower(), site.topics[*id].slug), None)
            }
            OutputFile::Page(Page::Site(page)) => (page.what(&site.config), None),
            OutputFile::CiteFile(cite) => {
                let path = &site.doc(cite.id).path;
                (format!("the {} file citing `{}`", cite.format.name(), display_path(path)), Some(path.clone()))
            }
            OutputFile::Feed(Feed::Site) => ("the Atom feed".to_string(), None),
            OutputFile::Feed(Feed::Topic(id)) => (format!("the feed of the topic `{}`", site.topics[*id].slug), None),
            OutputFile::Feed(Feed::Doc(id)) => {
                let path = &site.doc(*id).path;
                (format!("the feed of `{}`", display_path(path)), Some(path.clone()))
            }
            OutputFile::Generated(generated) => (generated.what().to_string(), None),
            OutputFile::Static(Static::Site(file)) => {
                let shown = format!("content/static/{}", file.url_path);
                (format!("`{shown}`"), Some(PathBuf::from(shown)))
            }
            OutputFile::Static(Static::Theme(path, _)) => (format!("the theme's `static/{path}`"), None),
            OutputFile::Static(Static::Data(file)) => {
                (format!("`{}`", display_path(&file.path)), Some(file.path.clone()))
            }
        }
    }

    /// The site-relative path a link may name to reach it (`briefings/`, `atom.xml`), and the
    /// document or topic there.
    pub(crate) fn linked_as(&self, site: &Site) -> (String, Option<Target>) {
        let target = match self {
            OutputFile::Page(Page::Doc { id, .. }) => Some(Target::Doc(*id)),
            OutputFile::Page(Page::Topic { id, .. }) => Some(Target::Topic(*id)),
            OutputFile::Page(Page::Site(_))
            | OutputFile::CiteFile(_)
            | OutputFile::Feed(_)
            | OutputFile::Generated(_)
            | OutputFile::Static(_) => None,
        };
        let file = self.file(site);
        let path = file.strip_suffix("index.html").map_or(file.clone(), str::to_string);
        (path, target)
    }
}

impl Page {
    /// Its site-relative path: `briefings/a/`.
    pub(crate) fn path(self, site: &Site) -> String {
        match self {
            Page::Site(page) => page.path(&site.config),
            Page::Doc { id, .. } => site.docs[id].path.clone(),
            Page::Topic { id, .. } => site.path_of(Target::Topic(id)),
        }
    }

    pub(crate) fn file(self, site: &Site) -> String {
        match self {
            Page::Site(page) => page.file(&site.config),
            Page::Doc { .. } | Page::Topic { .. } => format!("{}index.html", self.path(site)),
        }
    }

    pub(crate) fn template(self) -> &'static str {
        match self {
            Page::Site(page) => page.template(),
            Page::Doc { template, .. } | Page::Topic { template, .. } => template,
        }
    }

    /// Whether the sitemap lists it: every page a reader may land on from a search engine.
    pub(crate) fn in_sitemap(self) -> bool {
        match self {
            Page::Site(page) => page.in_sitemap(),
            Page::Doc { .. } | Page::Topic { .. } => true,
        }
    }
}

impl SitePage {
    /// Every page a site with `config` may have: the home page, the index of each kind (each
    /// taxonomy's in the place of topics), the sources, corrections, search and not-found pages.
    pub(crate) fn all(config: &SiteConfig) -> impl Iterator<Item = SitePage> + '_ {
        let indexes = Kind::ALL.into_iter().flat_map(move |kind| match (kind, kind.spec().index.as_ref()) {
            (Kind::Topic, _) => config.taxonomy_ids().map(|(id, _)| SitePage::Terms(id)).collect::<Vec<_>>(),
            (_, Some(index)) => vec![SitePage::Index(kind, index)],
            (_, None) => Vec::new(),
        });
        std::iter::once(SitePage::Home).chain(indexes).chain([
            SitePage::Sources,
            SitePage::Corrections,
            SitePage::Data,
            SitePage::Search,
            SitePage::NotFound,
        ])
    }

    /// The pages `site` has: all of them but the index of a kind that exists only when used
    /// and has no documents here.
    pub(crate) fn of(site: &Site) -> impl Iterator<Item = SitePage> + '_ {
        SitePage::all(&site.config).filter(|page| match page {
            // Not `Site::listed`: the plan is read before the lists are made.
            SitePage::Index(kind, index) => !index.only_when_used || site.docs.iter().any(|d| d.document.kind == *kind),
            SitePage::Corrections => site.docs.iter().any(|d| match &d.document.meta {
                Meta::Briefing(m) => m.changes.iter().any(|c| c.kind == ChangeKind::Correction),
                Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => false,
            }),
            SitePage::Home
            | SitePage::Terms(_)
            | SitePage::Sources
            | SitePage::Data
            | SitePage::Search
            | SitePage::NotFound => true,
        })
    }

    pub(crate) fn file(self, config: &SiteConfig) -> String {
        match self {
            SitePage::Terms(id) => format!("{}index.html", config.taxonomy(id).index_path()),
            other => other.static_file().to_string(),
        }
    }

    /// The file of a page whose address no setting changes.
    fn static_file(self) -> &'static str {
        match self {
            SitePage::Home => "index.html",
            SitePage::Index(_, index) => index.file,
            SitePage::Terms(_) => "",
            SitePage::Sources => "sources/index.html",
            SitePage::Corrections => "corrections/index.html",
            SitePage::Data => "data/index.html",
            SitePage::Search => "search/index.html",
            SitePage::NotFound => "404.html",
        }
    }

    /// Its site-relative path: `sources/`.
    pub(crate) fn path(self, config: &SiteConfig) -> String {
        let file = self.file(config);
        file.strip_suffix("index.html").map_or(file.clone(), str::to_string)
    }

    pub(crate) fn template(self) -> &'static str {
        match self {
            SitePage::Home => "home.html",
            SitePage::Index(_, index) => index.template,
            // The topics' spec names it (`PageRule::PerTopic`).
            SitePage::Terms(_) => match Kind::Topic.spec().pages {
                PageRule::PerTopic { index_template, .. } => index_template,
                PageRule::Own { .. } | PageRule::Entry { .. } => "topics.html",
            },
            SitePage::Sources => "sources.html",
            SitePage::Corrections => "corrections.html",
            SitePage::Data => "data.html",
            SitePage::Search => "search.html",
            SitePage::NotFound => "404.html",
        }
    }

    /// Its title in the site's language, as the navigation and a `[[name]]` link say it:
    /// `Timeline`, `Chronologie`. A taxonomy's index is called by its `label`, which is the
    /// site's vocabulary rather than the interface's.
    pub(crate) fn title(self, config: &SiteConfig, interface: &Interface) -> Option<String> {
        let key = match self {
            SitePage::Index(Kind::Briefing, _) => Key::briefings,
            SitePage::Index(Kind::Organization, _) => Key::organizations,
            SitePage::Index(Kind::Event, _) => Key::timeline,
            SitePage::Index(Kind::Author, _) => Key::authors,
            SitePage::Index(Kind::Topic | Kind::Page, index) => return Some(index.name.to_string()),
            SitePage::Terms(id) => return Some(config.taxonomy(id).label.clone()),
            SitePage::Sources => Key::sources,
            SitePage::Corrections => Key::corrections,
            SitePage::Data => Key::data,
            SitePage::Search => Key::search,
            SitePage::NotFound => Key::page_not_found,
            SitePage::Home => return None,
        };
        Some(interface.word(key).to_string())
    }

    /// Whether the site's navigation leads to it: the index pages and the sources. (Every
    /// page has the search box in its header.)
    pub(crate) fn in_nav(self) -> bool {
        match self {
            SitePage::Index(..) | SitePage::Terms(_) | SitePage::Sources => true,
            SitePage::Home | SitePage::Corrections | SitePage::Data | SitePage::Search | SitePage::NotFound => false,
        }
    }

    fn in_sitemap(self) -> bool {
        match self {
            SitePage::Home
            | SitePage::Index(..)
            | SitePage::Terms(_)
            | SitePage::Sources
            | SitePage::Corrections
            | SitePage::Data => true,
            SitePage::Search | SitePage::NotFound => false,
        }
    }

    fn what(self, config: &SiteConfig) -> String {
        match self {
            SitePage::Home => "the home page".into(),
            SitePage::Index(_, index) => index.what.into(),
            SitePage::Terms(id) => config.taxonomy(id).index_what(),
            SitePage::Sources => "the sources page".into(),
            SitePage::Corrections => "the corrections page".into(),
            SitePage::Data => "the data page".into(),
            SitePage::Search => "the search page".into(),
            SitePage::NotFound => "the not-found page".into(),
        }
    }
}

impl Feed {
    /// Its file's name, beside the page whose briefings it carries: `atom.xml`.
    pub(crate) const FILE_NAME: &'static str = "atom.xml";

    /// How the data page lists the site's feed: its title, its format and what it holds.
    pub(crate) const SITE_LISTING: (Key, &'static str, Key) = (Key::data_feed_title, "Atom", Key::data_feed_about);

    /// Where it is written, from the site's root: `atom.xml`, `topics/t/atom.xml`.
    pub(crate) fn file(self, site: &Site) -> String {
        format!("{}{}", self.page_path(site), Feed::FILE_NAME)
    }

    /// The site-relative path of the page whose briefings it carries: the home page's (``),
    /// `topics/t/`.
    pub(crate) fn page_path(self, site: &Site) -> String {
        match self {
            Feed::Site => String::new(),
            Feed::Topic(id) => site.path_of(Target::Topic(id)),
            Feed::Doc(id) => site.docs[id].path.clone(),
        }
    }
}

impl Generated {
    pub(crate) const ALL: [Generated; 5] =
        every_variant![Generated: Sitemap, Robots, SearchIndex, OrganizationsExport, TimelineExport];

    pub(crate) fn file(self) -> &'static str {
        match self {
            Generated::Sitemap => "sitemap.xml",
            Generated::Robots => "robots.txt",
            Generated::SearchIndex => "search-index.json",
            Generated::OrganizationsExport => "organizations.json",
            Generated::TimelineExport => "timeline.json",
        }
    }

    /// How the data page lists it, for readers and programs to download: its title, its format
    /// and what it holds, in the interface's words; none for `robots.txt`, which is for
    /// crawlers only.
    pub(crate) fn listing(self) -> Option<(Key, &'static str, Key)> {
        match self {
            Generated::OrganizationsExport => Some((Key::organizations, "JSON", Key::data_organizations_about)),
            Generated::TimelineExport => Some((Key::timeline, "JSON", Key::data_timeline_about)),
            Generated::SearchIndex => Some((Key::data_search_index_title, "JSON", Key::data_search_index_about)),
            Generated::Sitemap => Some((Key::data_sitemap_title, "XML", Key::data_sitemap_about)),
            Generated::Robots => None,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Generated::Sitemap => "the sitemap",
            Generated::Robots => "robots.txt",
            Generated::SearchIndex => "the search index",
            Generated::OrganizationsExport => "the organizations export",
            Generated::TimelineExport => "the timeline export",
        }
    }
}

impl CiteFile {
    /// Where it is written, from the site's root: `briefings/a/cite.bib`.
    pub(crate) fn file(self, site: &Site) -> String {
        format!("{}{}", site.docs[self.id].path, self.format.file_name())
    }
}

impl CiteFormat {
    pub(crate) const ALL: [CiteFormat; 2] = every_variant![CiteFormat: Bibtex, Ris];

    /// Its file's name, the same for every briefing: `cite.bib`.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            CiteFormat::Bibtex => "cite.bib",
            CiteFormat::Ris => "cite.ris",
        }
    }

    /// Its name, in messages: `BibTeX`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            CiteFormat::Bibtex => "BibTeX",
            CiteFormat::Ris => "RIS",
        }
    }
}

impl<'a> Static<'a> {
    pub(crate) fn file(self) -> &'a str {
        match self {
            Static::Site(file) => &file.url_path,
            Static::Theme(path, _) => path,
            Static::Data(file) => &file.url_path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::{assert_in_order, link};

    #[test]
    fn the_plan_holds_every_page_the_site_has_always_had() {
        let (site, _) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [t]\n---\n"),
            ("organizations/o.md", "---\nname: O\n---\n"),
            ("timeline/e.md", "---\ntitle: E\ndate: 2026\n---\n"),
            ("topics/t.md", "---\ntitle: T\n---\n"),
            ("pages/about.md", "---\ntitle: About\n---\n"),
        ]);
        let files: Vec<String> = plan(&site).iter().map(|f| f.file(&site)).collect();
        // In this order, which the collision check's messages follow (another kind's pages
        // may come between).
        let expected = [
            "index.html",
            "briefings/index.html",
            "organizations/index.html",
            "topics/index.html",
            "timeline/index.html",
            "sources/index.html",
            "data/index.html",
            "search/index.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "search-index.json",
            "organizations.json",
            "timeline.json",
            "briefings/a/index.html",
            "briefings/a/cite.bib",
            "briefings/a/cite.ris",
            "organizations/o/index.html",
            "organizations/o/atom.xml",
            "about/index.html",
            "topics/t/index.html",
            "topics/t/atom.xml",
            "css/site.css",
        ];
        assert_in_order(&files, &expected);
        assert!(!files.iter().any(|f| f.starts_with("timeline/e")), "an entry has no page of its own");
        let cite_files = files.iter().filter(|f| f.ends_with("/cite.bib") || f.ends_with("/cite.ris"));
        assert_eq!(cite_files.count(), 2, "only a briefing is cited: {files:?}");
    }

    #[test]
    fn every_page_template_is_one_the_built_in_theme_has() {
        let theme = crate::theme::Theme::built_in();
        let templates = page_templates();
        assert!(templates.len() >= 12, "{templates:?}");
        for template in templates {
            assert!(theme.templates.contains_key(template), "{template}");
        }
    }

    #[test]
    fn the_navigation_names_the_index_pages_and_the_sources() {
        let config = crate::model::testing::config();
        let nav: Vec<String> = SitePage::all(&config)
            .filter(|p| p.in_nav())
            .map(|p| format!("{} {}", p.path(&config), p.title(&config, &Interface::english()).unwrap_or_default()))
            .collect();
        let expected = [
            "briefings/ Briefings",
            "organizations/ Organizations",
            "topics/ Topics",
            "timeline/ Timeline",
            "sources/ Sources",
        ];
        assert_in_order(&nav, &expected);
        assert_eq!(nav.last().map(String::as_str), Some("sources/ Sources"));
    }
}
