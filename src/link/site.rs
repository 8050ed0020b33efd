//! The linked site: one record per document, the topics, the sources, and each kind's
//! documents in the order the site lists them.
//!
//! Takes: a [`ParsedSite`] (`Site::gather`) and what the resolver finds. Gives:
//! [`Site`], where each [`LinkedDoc`] holds a document with its address, what it refers to and
//! who refers to it. Documents, topics and sources are addressed by [`DocId`], [`TopicId`]
//! and [`SourceId`], which cannot be mixed up, in [`IdVec`]s that only their own id indexes.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};
use std::sync::Arc;

use rayon::prelude::*;

use crate::data::DataTable;
use crate::diagnostics::Diagnostics;
use crate::i18n::{Arg, Interface, Key};
use crate::load::{StaticFile, TextFile};
use crate::markdown::html::ResolvedLink;
use crate::model::{
    ByKind, Kind, Meta, Order, PageRule, SiteConfig, SourceEntry, StatusChange, Taxonomy, TaxonomyId, TimelineOrder,
};
use crate::parse::{DataSet, Document, ParsedSite};
use crate::theme::Theme;

use super::plan::SitePage;
use super::resolve::Resolved;

/// An id: a place in an [`IdVec`] of its own kind of thing.
pub(crate) trait Id: Copy + Send + Sync {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) struct $name(usize);

        impl Id for $name {
            fn new(index: usize) -> $name {
                $name(index)
            }
            fn index(self) -> usize {
                self.0
            }
        }
    };
}

id!(
    /// A document: its place in [`Site::docs`].
    DocId
);
id!(
    /// A topic: its place in [`Site::topics`].
    TopicId
);
id!(
    /// An entry of `sources.yaml`: its place in [`Site::sources`].
    SourceId
);

/// Values indexed by one kind of id, and by no other.
#[derive(Debug, Clone)]
pub(crate) struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn() -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Each value with its id.
    pub(crate) fn enumerate(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, item)| (I::new(i), item))
    }

    /// The ids, in parallel and in order (collecting keeps it).
    pub(crate) fn par_ids(&self) -> impl IndexedParallelIterator<Item = I> + use<I, T> {
        (0..self.items.len()).into_par_iter().map(I::new)
    }
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> IdVec<I, T> {
        IdVec { items: Vec::new(), id: PhantomData }
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> IdVec<I, T> {
        IdVec { items, id: PhantomData }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> IdVec<I, T> {
        IdVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I, T: Send> FromParallelIterator<T> for IdVec<I, T> {
    fn from_par_iter<It: IntoParallelIterator<Item = T>>(iter: It) -> IdVec<I, T> {
        IdVec::from(iter.into_par_iter().collect::<Vec<T>>())
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> std::vec::IntoIter<T> {
        self.items.into_iter()
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> std::slice::Iter<'a, T> {
        self.items.iter()
    }
}

/// Anything a reference can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Target {
    Doc(DocId),
    Topic(TopicId),
    Source(SourceId),
}

/// A document with what linking found about it.
#[derive(Debug, Clone)]
pub(crate) struct LinkedDoc {
    pub(crate) document: Arc<Document>,
    /// Its site-relative path: `briefings/a/`, `timeline/#e`.
    pub(crate) path: String,
    /// What its front matter points at.
    pub(crate) refs: DocRefs,
    /// One per link of its body, in order: where each leads.
    pub(crate) body_links: Vec<ResolvedLink>,
    /// One per table block of its body, in order: its table, when its file is one.
    pub(crate) tables: Vec<Option<ResolvedTable>>,
    /// Its reference list.
    pub(crate) references: Vec<Reference>,
    /// The documents its body links to.
    pub(crate) mentions: Vec<DocId>,
    /// Who refers to it, in listing order.
    pub(crate) backlinks: Vec<DocId>,
    /// The briefings most like it (for briefings).
    pub(crate) related: Vec<DocId>,
    /// Its place in the order the site lists everything (see `Site::order`).
    pub(crate) rank: usize,
}

/// The file a table block shows, found: its table, and the address it is published at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedTable {
    pub(crate) table: Arc<DataTable>,
    /// Its file's name: `arrears.csv`.
    pub(crate) file_name: String,
    /// Where the reader downloads it.
    pub(crate) href: String,
}

/// A topic, a term of one of the site's taxonomies: it exists because some content uses it; a
/// file in its taxonomy's folder (`content/topics/`) adds a description.
#[derive(Debug, Clone)]
pub(crate) struct Topic {
    /// The taxonomy it is a term of.
    pub(crate) taxonomy: TaxonomyId,
    pub(crate) slug: String,
    pub(crate) title: String,
    /// The file that describes it.
    pub(crate) doc: Option<DocId>,
    /// How many front matters list it.
    pub(crate) uses: usize,
    /// Who refers to it, in listing order.
    pub(crate) backlinks: Vec<DocId>,
}

/// An entry of the bibliography, with who cites it.
#[derive(Debug, Clone)]
pub(crate) struct LinkedSource {
    pub(crate) entry: SourceEntry,
    /// The entry as a CSL item, for the citation style.
    pub(crate) item: hayagriva::citationberg::json::Item,
    /// Its file, in the parse's `source_files`.
    pub(crate) file: usize,
    /// Where its id is written in its file.
    pub(crate) range: Range<usize>,
    /// Whether it is an entry of `sources.yaml` rather than of a `.bib` or `.json` export.
    pub(crate) hand_written: bool,
    /// Who cites it, in listing order.
    pub(crate) backlinks: Vec<DocId>,
}

/// One entry of a page's reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) source: SourceId,
    /// Its number in the order the page first cites it: its anchor (`ref_2`).
    pub(crate) number: usize,
    /// Its entry in the site's citation style, as HTML.
    pub(crate) html: String,
    /// Ids of the marks citing it in the text, for links back.
    pub(crate) marks: Vec<String>,
}

/// What a document's front matter points at, resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocRefs {
    pub(crate) organizations: Vec<DocId>,
    pub(crate) topics: Vec<TopicId>,
    pub(crate) sources: Vec<SourceId>,
    /// A briefing's authors, in byline order.
    pub(crate) authors: Vec<DocId>,
    /// An organization's `parent`, when it names another organization.
    pub(crate) parent: Option<DocId>,
    /// A briefing's `social_image`, found and measured.
    pub(crate) social_image: Option<Picture>,
}

/// A picture of `content/static/`, found and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Picture {
    /// Its site-relative path: `img/logo.svg`.
    pub(crate) path: String,
    /// Its size in pixels.
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// What `site.yaml` names for the site's look and its links, each found in the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Branding {
    pub(crate) logo: Option<Picture>,
    /// The site-relative path of the icon (`favicon.png`), when the site has its own.
    pub(crate) favicon: Option<String>,
    /// The picture of every page's social card, unless a briefing has its own.
    pub(crate) social_image: Option<Picture>,
    /// The site-relative path of the stylesheet loaded after the theme's (`css/custom.css`).
    pub(crate) custom_css: Option<String>,
    /// The links of `menu`, in order; `None` when it is not set (the default navigation).
    pub(crate) menu: Option<Vec<SiteHref>>,
    /// The links of `footer_links`, in order; `None` when it is not set.
    pub(crate) footer_links: Option<Vec<SiteHref>>,
}

/// A link of `menu` or `footer_links`, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteHref {
    /// What it says.
    pub(crate) label: String,
    /// Its address: `/briefing/about/`, or a full address as written.
    pub(crate) href: String,
    /// The section of the site it leads to (`about`, `briefings`, `home`), which a page's
    /// `section` equals on the page it leads to; empty for a full address.
    pub(crate) key: String,
}

/// The base URL, split for building links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// `https://example.org/briefing/`
    pub(crate) url: String,
    /// `/briefing/`
    pub(crate) path: String,
}

impl BaseUrl {
    pub(crate) fn new(url: &str) -> BaseUrl {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let path = url[after_scheme..].find('/').map_or("/".to_string(), |i| url[after_scheme + i..].to_string());
        BaseUrl { url: url.to_string(), path }
    }

    /// The link to a site-relative path: `briefings/a/` → `/briefing/briefings/a/`.
    pub(crate) fn href(&self, path: &str) -> String {
        format!("{}{path}", self.path)
    }

    /// The host of the site's address, lower case: `example.org`.
    pub(crate) fn host(&self) -> String {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        host.split(':').next().unwrap_or_default().to_ascii_lowercase()
    }

    /// The absolute address of a site-relative path.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The scheme and host, without the path: `https://example.org`. A path from the host's
    /// root (`/briefing/a/`, as [`BaseUrl::href`] makes) after it is a full address.
    pub(crate) fn origin(&self) -> &str {
        &self.url[..self.url.len() - self.path.len()]
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The site's folder, as given (messages show paths relative to it).
    pub(crate) root: std::path::PathBuf,
    pub(crate) config: SiteConfig,
    pub(crate) config_file: TextFile,
    pub(crate) base: BaseUrl,
    pub(crate) theme: Theme,
    pub(crate) static_files: Vec<StaticFile>,
    /// The files of `content/data/`, by name, with their tables; each is published.
    pub(crate) data: Vec<DataSet>,
    pub(crate) docs: IdVec<DocId, LinkedDoc>,
    pub(crate) topics: IdVec<TopicId, Topic>,
    pub(crate) sources: IdVec<SourceId, LinkedSource>,
    /// The style citations and reference lists follow.
    pub(crate) citation_style: crate::bibliography::style::CitationStyle,
    /// The interface in the site's language: its strings, numbers and dates.
    pub(crate) interface: Arc<Interface>,
    /// Each kind's documents in the order the site lists them.
    listed: ByKind<Vec<DocId>>,
    /// `sources.yaml` has an entry that could not be read at all.
    pub(crate) sources_incomplete: bool,
    /// The logo, icon, social image, stylesheet and links `site.yaml` names.
    pub(crate) branding: Branding,
}

impl Site {
    /// The site as parsed: every document at its address, the topics its files describe and
    /// its front matters list, the sources; nothing resolved yet, and no lists.
    pub(super) fn gather(parsed: ParsedSite) -> Site {
        let ParsedSite {
            root,
            config,
            config_file,
            documents,
            sources,
            sources_incomplete,
            citation_style,
            static_files,
            data,
            theme,
            ..
        } = parsed;
        let docs: IdVec<DocId, LinkedDoc> = documents
            .into_iter()
            .map(|document| LinkedDoc {
                path: document.kind.path(&document.slug, document.taxonomy.map(|t| config.taxonomy(t))),
                document,
                refs: DocRefs::default(),
                body_links: Vec::new(),
                tables: Vec::new(),
                references: Vec::new(),
                mentions: Vec::new(),
                backlinks: Vec::new(),
                related: Vec::new(),
                rank: 0,
            })
            .collect();
        let topics = gather_topics(&docs, &config);
        let sources = sources
            .into_iter()
            .map(|s| LinkedSource {
                entry: s.entry,
                item: s.item,
                file: s.file,
                range: s.range,
                hand_written: s.hand_written,
                backlinks: Vec::new(),
            })
            .collect();
        Site {
            root,
            base: BaseUrl::new(&config.base_url),
            interface: Arc::new(Interface::new(&config.language, &config.strings)),
            config,
            config_file,
            theme,
            static_files,
            data,
            docs,
            topics,
            sources,
            citation_style,
            listed: ByKind::default(),
            sources_incomplete,
            branding: Branding::default(),
        }
    }

    /// Takes in what resolving each document found: where its links lead, its reference list,
    /// what it mentions; and so who refers to each document, topic and source. The problems
    /// it found go to `problems`.
    pub(super) fn record(&mut self, resolved: IdVec<DocId, Resolved>, problems: &mut Diagnostics) {
        let mut backlinks: Vec<(Target, DocId)> = Vec::new();
        for (id, r) in self.docs.ids().zip(resolved) {
            problems.extend(r.problems);
            let mut mentions: Vec<DocId> = r
                .targets
                .iter()
                .filter_map(|t| if let Target::Doc(d) = t { Some(*d) } else { None })
                .filter(|&d| d != id)
                .collect();
            mentions.sort_unstable();
            mentions.dedup();
            let mut targets: Vec<Target> = r.targets;
            targets.extend(r.refs.organizations.iter().map(|&o| Target::Doc(o)));
            targets.extend(r.refs.authors.iter().map(|&a| Target::Doc(a)));
            targets.extend(r.refs.topics.iter().map(|&t| Target::Topic(t)));
            targets.extend(r.refs.sources.iter().map(|&s| Target::Source(s)));
            targets.extend(r.refs.parent.map(Target::Doc));
            targets.sort_unstable();
            targets.dedup();
            // A page does not link itself, nor a topic's file its topic.
            let is_self = |target: &Target| match *target {
                Target::Doc(d) => d == id,
                Target::Topic(t) => self.topics[t].doc == Some(id),
                Target::Source(_) => false,
            };
            backlinks.extend(targets.into_iter().filter(|t| !is_self(t)).map(|t| (t, id)));
            let doc = &mut self.docs[id];
            doc.refs = r.refs;
            doc.body_links = r.links;
            doc.tables = r.tables;
            doc.references = r.references;
            doc.mentions = mentions;
        }
        for (target, from) in backlinks {
            match target {
                Target::Doc(d) => self.docs[d].backlinks.push(from),
                Target::Topic(t) => self.topics[t].backlinks.push(from),
                Target::Source(s) => self.sources[s].backlinks.push(from),
            }
        }
    }

    /// Puts each kind's documents in its listing order, ranks everything in the order the
    /// site lists it (kind by kind as each spec's `mixed_rank` says, [`crate::model::Kind::spec`]),
    /// and sorts every list of documents by that rank.
    pub(super) fn order(&mut self) {
        let timeline_order = self.config.timeline_order;
        let docs = &self.docs;
        self.listed = ByKind::from_fn(|kind| {
            let mut ids: Vec<DocId> = docs.ids().filter(|&d| docs[d].document.kind == kind).collect();
            let order = kind.spec().order;
            ids.sort_by(|&a, &b| compare(order, &docs[a].document, &docs[b].document));
            if order == Order::Timeline && timeline_order == TimelineOrder::Descending {
                ids.reverse();
            }
            ids
        });
        let mut kinds = Kind::ALL;
        kinds.sort_by_key(|k| k.spec().mixed_rank);
        let ranked: Vec<DocId> = kinds.iter().flat_map(|&k| self.listed[k].iter().copied()).collect();
        for (rank, id) in ranked.into_iter().enumerate() {
            self.docs[id].rank = rank;
        }
        let rank: Vec<usize> = self.docs.iter().map(|d| d.rank).collect();
        let by_rank = |list: &mut Vec<DocId>| list.sort_by_key(|d| rank[d.index()]);
        for doc in self.docs.items.iter_mut() {
            by_rank(&mut doc.backlinks);
            by_rank(&mut doc.mentions);
        }
        for topic in self.topics.items.iter_mut() {
            by_rank(&mut topic.backlinks);
        }
        for source in self.sources.items.iter_mut() {
            by_rank(&mut source.backlinks);
        }
    }

    pub(crate) fn doc(&self, id: DocId) -> &Document {
        &self.docs[id].document
    }

    /// The documents of `kind` in the order the site lists them.
    pub(crate) fn listed(&self, kind: Kind) -> &[DocId] {
        &self.listed[kind]
    }

    /// How many of `kind` the site has: its documents, or for topics every topic used or
    /// described.
    pub(crate) fn count(&self, kind: Kind) -> usize {
        match kind.spec().pages {
            PageRule::PerTopic { .. } => self.topics.len(),
            PageRule::Own { .. } | PageRule::Entry { .. } => self.listed(kind).len(),
        }
    }

    /// The site-relative path of any target.
    pub(crate) fn path_of(&self, target: Target) -> String {
        match target {
            Target::Doc(id) => self.docs[id].path.clone(),
            Target::Topic(id) => self.taxonomy_of(id).path(&self.topics[id].slug),
            Target::Source(id) => format!("{}#{}", SitePage::Sources.path(&self.config), self.sources[id].entry.id),
        }
    }

    /// The taxonomy topic `id` is a term of.
    pub(crate) fn taxonomy_of(&self, id: TopicId) -> &Taxonomy {
        self.config.taxonomy(self.topics[id].taxonomy)
    }

    /// How a briefing numbered `number` is named in the site's series: `Policy Brief No. 12`.
    pub(crate) fn series_label(&self, number: Option<u32>) -> Option<String> {
        let (series, number) = (self.config.series.as_deref()?, number?.to_string());
        Some(self.interface.say(Key::series_number, &[("series", Arg::Text(series)), ("number", Arg::Text(&number))]))
    }

    pub(crate) fn title_of(&self, target: Target) -> &str {
        match target {
            Target::Doc(id) => self.doc(id).title(),
            Target::Topic(id) => &self.topics[id].title,
            Target::Source(id) => &self.sources[id].entry.title,
        }
    }

    /// Who refers to `target`, in listing order.
    pub(crate) fn backlinks(&self, target: Target) -> &[DocId] {
        match target {
            Target::Doc(id) => &self.docs[id].backlinks,
            Target::Topic(id) => &self.topics[id].backlinks,
            Target::Source(id) => &self.sources[id].backlinks,
        }
    }

    /// The organizations' status changes the timeline shows, in its order (by date, then by
    /// organization, oldest or latest first as `timeline_order` says): every entry of every
    /// `status_history` with `timeline_status_changes: true`, none otherwise.
    pub(crate) fn timeline_status_changes(&self) -> Vec<(DocId, &StatusChange)> {
        if !self.config.timeline_status_changes {
            return Vec::new();
        }
        let history = |org: DocId| match &self.doc(org).meta {
            Meta::Organization(m) => m.status_history.as_slice(),
            Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => &[],
        };
        let mut changes: Vec<(DocId, &StatusChange)> = self
            .listed(Kind::Organization)
            .iter()
            .flat_map(|&org| history(org).iter().map(move |c| (org, c)))
            .collect();
        changes.sort_by_key(|(org, change)| (change.date, *org));
        if self.config.timeline_order == TimelineOrder::Descending {
            changes.reverse();
        }
        changes
    }

    /// The briefings tied to a document either way: those that link it and those it links
    /// (an event's text names the briefings about it), in listing order.
    pub(crate) fn briefings_linked_with(&self, id: DocId) -> Vec<DocId> {
        let doc = &self.docs[id];
        let mut ids: Vec<DocId> = doc
            .backlinks
            .iter()
            .chain(&doc.mentions)
            .copied()
            .filter(|&d| self.doc(d).kind == Kind::Briefing)
            .collect();
        ids.sort_by_key(|&d| self.docs[d].rank);
        ids.dedup();
        ids
    }
}

/// Two documents of one kind, in the kind's order.
fn compare(order: Order, a: &Document, b: &Document) -> std::cmp::Ordering {
    let by_slug = || a.slug.cmp(&b.slug);
    match order {
        Order::NewestFirst => b.meta.date().cmp(&a.meta.date()).then_with(by_slug),
        Order::ByTitle => a.title().to_lowercase().cmp(&b.title().to_lowercase()).then_with(by_slug),
        Order::BySlug => by_slug(),
        Order::Timeline => a.meta.date().cmp(&b.meta.date()).then_with(by_slug),
    }
}

/// The topics, taxonomy by taxonomy: each described by a file, and each listed by a front
/// matter (a valid slug).
fn gather_topics(docs: &IdVec<DocId, LinkedDoc>, config: &SiteConfig) -> IdVec<TopicId, Topic> {
    let mut topics: BTreeMap<(TaxonomyId, &str), Topic> = BTreeMap::new();
    let new = |taxonomy: TaxonomyId, slug: &str| Topic {
        taxonomy,
        slug: slug.to_string(),
        title: String::new(),
        doc: None,
        uses: 0,
        backlinks: Vec::new(),
    };
    for (id, linked) in docs.enumerate() {
        let doc = &linked.document;
        if let (Kind::Topic, Some(taxonomy)) = (doc.kind, doc.taxonomy) {
            let topic = topics.entry((taxonomy, &doc.slug)).or_insert_with(|| new(taxonomy, &doc.slug));
            topic.title = doc.title().to_string();
            topic.doc = Some(id);
        }
        let terms = doc.meta.references().terms;
        for (taxonomy, _) in config.taxonomy_ids() {
            for slug in terms.of(taxonomy).iter().filter(|slug| crate::slugs::is_valid(slug)) {
                let topic = topics
                    .entry((taxonomy, slug))
                    .or_insert_with(|| Topic { title: humanize(slug), ..new(taxonomy, slug) });
                topic.uses += 1;
            }
        }
    }
    topics.into_values().collect()
}

/// A topic with no file is titled from its slug: `internet-governance` → `Internet governance`.
fn humanize(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::link;

    #[test]
    fn base_urls_split_into_address_and_path() {
        let base = BaseUrl::new("https://example.org/briefing/");
        assert_eq!(base.path, "/briefing/");
        assert_eq!(base.href("organizations/foc/"), "/briefing/organizations/foc/");
        assert_eq!(base.permalink("atom.xml"), "https://example.org/briefing/atom.xml");
        assert_eq!(BaseUrl::new("http://localhost:1111/").path, "/");
    }

    #[test]
    fn topics_without_files_are_titled_from_the_slug() {
        assert_eq!(humanize("internet-governance"), "Internet governance");
    }

    #[test]
    fn topics_exist_by_use_or_by_file() {
        let (site, _) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [spyware, trade]\n---\n"),
            ("topics/trade.md", "---\ntitle: Trade and tariffs\n---\n"),
            ("topics/quiet.md", "---\ntitle: Quiet\n---\n"),
        ]);
        let topics: Vec<(&str, &str, usize, bool)> =
            site.topics.iter().map(|t| (t.slug.as_str(), t.title.as_str(), t.uses, t.doc.is_some())).collect();
        assert_eq!(
            topics,
            [("quiet", "Quiet", 0, true), ("spyware", "Spyware", 1, false), ("trade", "Trade and tariffs", 1, true)]
        );
    }

    #[test]
    fn each_kind_is_listed_in_its_order_and_everything_ranks_kind_by_kind() {
        let (site, _) = link(&[
            ("briefings/old.md", "---\ntitle: Old\ndate: 2025-01-01\n---\n"),
            ("briefings/new.md", "---\ntitle: New\ndate: 2026-01-01\n---\n"),
            ("organizations/b.md", "---\nname: alpha\n---\n"),
            ("organizations/a.md", "---\nname: Beta\n---\n"),
            ("timeline/later.md", "---\ntitle: L\ndate: 2024\n---\n"),
            ("timeline/sooner.md", "---\ntitle: S\ndate: 2024-06\n---\n"),
            ("pages/about.md", "---\ntitle: About\n---\n"),
        ]);
        let slugs = |kind| site.listed(kind).iter().map(|&d| site.doc(d).slug.as_str()).collect::<Vec<_>>();
        assert_eq!(slugs(Kind::Briefing), ["new", "old"]);
        assert_eq!(slugs(Kind::Organization), ["b", "a"], "by name, ignoring case");
        assert_eq!(slugs(Kind::Event), ["sooner", "later"], "a year alone comes after its months");
        let mut by_rank: Vec<&LinkedDoc> = site.docs.iter().collect();
        by_rank.sort_by_key(|d| d.rank);
        let kinds: Vec<Kind> = by_rank.iter().map(|d| d.document.kind).collect();
        use Kind::*;
        assert_eq!(kinds, [Briefing, Briefing, Event, Event, Organization, Organization, Page]);
        assert_eq!(site.count(Kind::Briefing), 2);
    }

    #[test]
    fn backlinks_come_from_front_matter_and_bodies_but_not_from_oneself() {
        let (site, problems) = link(&[
            (
                "briefings/a.md",
                "---\ntitle: A\ndate: 2026-01-07\norganizations: [foc]\ntopics: [t]\n---\n[[a]] [[e]]\n",
            ),
            ("timeline/e.md", "---\ntitle: E\ndate: 2025\norganizations: [foc]\n---\nSee [[a]].\n"),
            ("organizations/foc.md", "---\nname: FOC\n---\n"),
            ("topics/t.md", "---\ntitle: T\n---\n[[topic:t]]\n"),
        ]);
        assert!(!problems.has_errors(), "{problems:?}");
        let id = |slug: &str| site.docs.ids().find(|&d| site.doc(d).slug == slug).unwrap();
        let slugs = |ids: &[DocId]| ids.iter().map(|&d| site.doc(d).slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&site.docs[id("foc")].backlinks), ["a", "e"], "briefings before events");
        assert_eq!(slugs(&site.docs[id("a")].backlinks), ["e"]);
        assert_eq!(slugs(&site.docs[id("a")].mentions), ["e"]);
        assert_eq!(slugs(&site.topics[TopicId::new(0)].backlinks), ["a"], "not its own file");
        assert_eq!(slugs(&site.briefings_linked_with(id("e"))), ["a"]);
    }
}
