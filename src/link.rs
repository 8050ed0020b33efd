//! Link: the site graph.
//!
//! Takes: a [`ParsedSite`]. Gives: a [`Site`]: every document with its URL; the topics (which
//! exist by being used); every front-matter reference, wikilink, `.md` link, site path,
//! citation and `#anchor` resolved against the whole site, or reported with the closest
//! existing name; citation numbers; backlinks; the timeline order; related briefings; and a
//! check that no two things write the same output file. [`settle`] then takes out what follows
//! from an earlier stage's error (a citation meant for an unreadable entry of `sources.yaml`,
//! warnings that count references while front matter is unreadable) and tells each root
//! error how far it reaches.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Reach, Related, display_path};
use crate::load::{SourceText, StaticFile};
use crate::markdown::html::{CitationMark, ResolvedLink};
use crate::markdown::is_theme_id;
use crate::markdown::{LinkRef, LinkTarget};
use crate::model::{Kind, Meta, SiteConfig, TimelineOrder};
use crate::parse::{Document, ParsedSite, Source};
use crate::suggest;
use crate::theme::Theme;

pub type DocId = usize;
pub type TopicId = usize;
pub type SourceId = usize;

/// Anything a reference can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Doc(DocId),
    Topic(TopicId),
    Source(SourceId),
}

/// The pages and files brief generates besides the content's own pages: `(output file,
/// what it is)`. Render writes exactly these.
pub const GENERATED: &[(&str, &str)] = &[
    ("index.html", "the home page"),
    ("briefings/index.html", "the briefings index"),
    ("organizations/index.html", "the organizations index"),
    ("topics/index.html", "the topics index"),
    ("timeline/index.html", "the timeline"),
    ("sources/index.html", "the sources page"),
    ("search/index.html", "the search page"),
    ("404.html", "the not-found page"),
    ("atom.xml", "the Atom feed"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("search-index.json", "the search index"),
    ("organizations.json", "the organizations export"),
    ("timeline.json", "the timeline export"),
];

/// The help of a citation no entry of `sources.yaml` has, with no close id either.
const ADD_SOURCE_HELP: &str = "add the source to `content/sources.yaml`";

/// The generated pages a writer may mean by `[[name]]`: `(path, title)`.
const GENERATED_PAGES: &[(&str, &str)] = &[
    ("timeline/", "Timeline"),
    ("topics/", "Topics"),
    ("sources/", "Sources"),
    ("briefings/", "Briefings"),
    ("organizations/", "Organizations"),
    ("search/", "Search"),
];

/// A topic: it exists because some content uses it; a file in `topics/` adds a description.
#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    pub doc: Option<DocId>,
    /// How many front matters list it.
    pub uses: usize,
}

/// One entry of a page's reference list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub source: SourceId,
    pub number: usize,
    /// Ids of the marks citing it in the text, for links back.
    pub marks: Vec<String>,
}

/// What a document's front matter points at, resolved.
#[derive(Debug, Clone, Default)]
pub struct DocRefs {
    pub organizations: Vec<DocId>,
    pub topics: Vec<TopicId>,
    pub sources: Vec<SourceId>,
    /// An organization's `parent`, when it names another organization.
    pub parent: Option<DocId>,
}

/// The base URL, split for building links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org/briefing/`
    pub url: String,
    /// `/briefing/`
    pub path: String,
}

impl BaseUrl {
    pub fn new(url: &str) -> BaseUrl {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let path = url[after_scheme..].find('/').map_or("/".to_string(), |i| url[after_scheme + i..].to_string());
        BaseUrl { url: url.to_string(), path }
    }

    /// The link to a site-relative path: `briefings/a/` → `/briefing/briefings/a/`.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.path)
    }

    /// The absolute address of a site-relative path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub config_file: SourceText,
    pub base: BaseUrl,
    pub theme: Theme,
    pub static_files: Vec<StaticFile>,
    pub documents: Vec<Arc<Document>>,
    pub topics: Vec<Topic>,
    pub sources: Vec<Source>,
    /// Per document: its site-relative path (`briefings/a/`, `timeline/#e`).
    pub paths: Vec<String>,
    /// Briefings, newest first.
    pub briefings: Vec<DocId>,
    /// Organizations by name.
    pub organizations: Vec<DocId>,
    /// Timeline events in the order of `site.yaml`.
    pub events: Vec<DocId>,
    pub pages: Vec<DocId>,
    /// Topic files by slug.
    pub topic_docs: Vec<DocId>,
    /// Per document.
    pub refs: Vec<DocRefs>,
    pub body_links: Vec<Vec<ResolvedLink>>,
    pub references: Vec<Vec<Reference>>,
    pub related: Vec<Vec<DocId>>,
    /// Per document: the documents its body links to.
    pub mentions: Vec<Vec<DocId>>,
    /// Per document: its place in the order the site lists things (briefings newest first,
    /// events, organizations, topics, pages).
    pub rank: Vec<usize>,
    /// Who refers to each document, topic and source, in reading order.
    pub doc_backlinks: Vec<Vec<DocId>>,
    pub topic_backlinks: Vec<Vec<DocId>>,
    pub source_backlinks: Vec<Vec<DocId>>,
    /// `sources.yaml` has an entry that could not be read at all.
    pub sources_incomplete: bool,
}

impl Site {
    pub fn doc(&self, id: DocId) -> &Document {
        &self.documents[id]
    }

    /// The site-relative path of any target.
    pub fn path_of(&self, target: Target) -> String {
        match target {
            Target::Doc(id) => self.paths[id].clone(),
            Target::Topic(id) => topic_path(&self.topics[id].slug),
            Target::Source(id) => format!("sources/#{}", self.sources[id].entry.id),
        }
    }

    pub fn title_of(&self, target: Target) -> &str {
        match target {
            Target::Doc(id) => self.documents[id].title(),
            Target::Topic(id) => &self.topics[id].title,
            Target::Source(id) => &self.sources[id].entry.title,
        }
    }

    /// The briefings tied to a document either way: those that link it and those it links
    /// (an event's text names the briefings about it), in listing order.
    pub fn briefings_linked_with(&self, id: DocId) -> Vec<DocId> {
        let mut ids: Vec<DocId> = self.doc_backlinks[id]
            .iter()
            .chain(&self.mentions[id])
            .copied()
            .filter(|&d| self.documents[d].kind == Kind::Briefing)
            .collect();
        ids.sort_by_key(|&d| self.rank[d]);
        ids.dedup();
        ids
    }

    /// The documents of `kind` in the order the site lists them.
    pub fn listed(&self, kind: Kind) -> &[DocId] {
        match kind {
            Kind::Briefing => &self.briefings,
            Kind::Organization => &self.organizations,
            Kind::Topic => &self.topic_docs,
            Kind::Event => &self.events,
            Kind::Page => &self.pages,
        }
    }

    /// How many of `kind` the site has: documents, or for topics every topic used or described.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Briefing => self.briefings.len(),
            Kind::Organization => self.organizations.len(),
            Kind::Topic => self.topics.len(),
            Kind::Event => self.events.len(),
            Kind::Page => self.pages.len(),
        }
    }

    pub fn backlinks(&self, target: Target) -> &[DocId] {
        match target {
            Target::Doc(id) => &self.doc_backlinks[id],
            Target::Topic(id) => &self.topic_backlinks[id],
            Target::Source(id) => &self.source_backlinks[id],
        }
    }
}

fn topic_path(slug: &str) -> String {
    format!("topics/{slug}/")
}

/// The site-relative path of a document.
fn doc_path(kind: Kind, slug: &str) -> String {
    kind.path(slug)
}

/// A topic with no file is titled from its slug: `internet-governance` → `Internet governance`.
fn humanize(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The indexes every resolution reads.
struct Index<'a> {
    docs: &'a [Arc<Document>],
    topics: &'a [Topic],
    sources: &'a [Source],
    paths: &'a [String],
    base: &'a BaseUrl,
    by_kind: HashMap<(Kind, &'a str), DocId>,
    topic_ids: HashMap<&'a str, TopicId>,
    source_ids: HashMap<&'a str, SourceId>,
    by_slug: HashMap<&'a str, Vec<Target>>,
    by_file: HashMap<PathBuf, DocId>,
    drafts: HashSet<(Kind, &'a str)>,
    /// Every site-relative path a link may point at (pages end with `/`).
    site_paths: HashMap<String, Option<Target>>,
    allow_raw_html: bool,
}

/// What one document's resolution produced.
struct Resolved {
    refs: DocRefs,
    links: Vec<ResolvedLink>,
    targets: Vec<Target>,
    references: Vec<Reference>,
    problems: Vec<Diagnostic>,
}

/// Builds the site graph from `parsed`, reporting every reference that does not resolve.
pub fn link(parsed: ParsedSite) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let ParsedSite {
        root,
        config,
        config_file,
        documents,
        drafts,
        sources,
        sources_file,
        sources_incomplete,
        static_files,
        theme,
    } = parsed;
    let base = BaseUrl::new(&config.base_url);
    let topics = collect_topics(&documents);
    let paths: Vec<String> = documents.iter().map(|d| doc_path(d.kind, &d.slug)).collect();

    check_output_collisions(&documents, &topics, &static_files, &theme, &mut diagnostics);

    let resolved: Vec<Resolved> = {
        let index = Index::new(
            &documents,
            &topics,
            &sources,
            &paths,
            &base,
            &drafts,
            &static_files,
            &theme,
            config.allow_raw_html,
        );
        documents.par_iter().enumerate().map(|(id, doc)| index.resolve(id, doc)).collect()
    };

    let n = documents.len();
    let mut refs = Vec::with_capacity(n);
    let mut body_links = Vec::with_capacity(n);
    let mut references = Vec::with_capacity(n);
    let mut doc_backlinks = vec![Vec::new(); n];
    let mut topic_backlinks = vec![Vec::new(); topics.len()];
    let mut source_backlinks = vec![Vec::new(); sources.len()];
    let mut mentions = Vec::with_capacity(n);
    for (id, r) in resolved.into_iter().enumerate() {
        diagnostics.extend(r.problems);
        let mut mentioned: Vec<DocId> = r
            .targets
            .iter()
            .filter_map(|t| if let Target::Doc(d) = t { Some(*d) } else { None })
            .filter(|&d| d != id)
            .collect();
        mentioned.sort_unstable();
        mentioned.dedup();
        mentions.push(mentioned);
        let mut targets: Vec<Target> = r.targets;
        targets.extend(r.refs.organizations.iter().map(|&o| Target::Doc(o)));
        targets.extend(r.refs.topics.iter().map(|&t| Target::Topic(t)));
        targets.extend(r.refs.sources.iter().map(|&s| Target::Source(s)));
        targets.extend(r.refs.parent.map(Target::Doc));
        targets.sort_unstable();
        targets.dedup();
        for target in targets {
            match target {
                Target::Doc(t) if t != id => doc_backlinks[t].push(id),
                Target::Topic(t) if documents[id].kind != Kind::Topic || topics[t].doc != Some(id) => {
                    topic_backlinks[t].push(id)
                }
                Target::Source(s) => source_backlinks[s].push(id),
                _ => {}
            }
        }
        refs.push(r.refs);
        body_links.push(r.links);
        references.push(r.references);
    }

    let briefings = ordered(&documents, Kind::Briefing, briefing_order);
    let organizations = ordered(&documents, Kind::Organization, |a, b| {
        a.title().to_lowercase().cmp(&b.title().to_lowercase()).then_with(|| a.slug.cmp(&b.slug))
    });
    let mut events =
        ordered(&documents, Kind::Event, |a, b| event_date(a).cmp(&event_date(b)).then_with(|| a.slug.cmp(&b.slug)));
    if config.timeline_order == TimelineOrder::Descending {
        events.reverse();
    }
    let pages = ordered(&documents, Kind::Page, |a, b| a.slug.cmp(&b.slug));

    // Backlinks read in the order the site lists things: briefings, events, organizations,
    // topics, pages.
    let mut rank = vec![0usize; n];
    let topic_docs = ordered(&documents, Kind::Topic, |a, b| a.slug.cmp(&b.slug));
    for (i, &id) in briefings.iter().chain(&events).chain(&organizations).chain(&topic_docs).chain(&pages).enumerate() {
        rank[id] = i;
    }
    for list in doc_backlinks
        .iter_mut()
        .chain(topic_backlinks.iter_mut())
        .chain(source_backlinks.iter_mut())
        .chain(mentions.iter_mut())
    {
        list.sort_by_key(|&id| rank[id]);
    }

    let related = related_briefings(&documents, &refs, &briefings, &organizations, topics.len());

    let site = Site {
        root,
        config,
        config_file,
        base,
        theme,
        static_files,
        documents,
        topics,
        sources,
        paths,
        briefings,
        organizations,
        events,
        pages,
        topic_docs,
        refs,
        body_links,
        references,
        related,
        mentions,
        rank,
        doc_backlinks,
        topic_backlinks,
        source_backlinks,
        sources_incomplete,
    };
    lint(&site, sources_file.as_ref(), &mut diagnostics);
    (site, diagnostics)
}

fn collect_topics(documents: &[Arc<Document>]) -> Vec<Topic> {
    let mut topics: BTreeMap<&str, Topic> = BTreeMap::new();
    for (id, doc) in documents.iter().enumerate() {
        if doc.kind == Kind::Topic {
            let topic = topics.entry(&doc.slug).or_insert_with(|| Topic {
                slug: doc.slug.clone(),
                title: String::new(),
                doc: None,
                uses: 0,
            });
            topic.title = doc.title().to_string();
            topic.doc = Some(id);
        }
        for slug in doc.meta.references().topics {
            if crate::slugs::is_valid(slug) {
                let topic = topics.entry(slug).or_insert_with(|| Topic {
                    slug: slug.clone(),
                    title: humanize(slug),
                    doc: None,
                    uses: 0,
                });
                topic.uses += 1;
            }
        }
    }
    topics.into_values().collect()
}

fn ordered(
    documents: &[Arc<Document>],
    kind: Kind,
    cmp: impl Fn(&Document, &Document) -> std::cmp::Ordering,
) -> Vec<DocId> {
    let mut ids: Vec<DocId> = (0..documents.len()).filter(|&i| documents[i].kind == kind).collect();
    ids.sort_by(|&a, &b| cmp(&documents[a], &documents[b]));
    ids
}

fn briefing_date(doc: &Document) -> Option<crate::date::Date> {
    match &doc.meta {
        Meta::Briefing(m) => Some(m.date),
        _ => None,
    }
}

/// Newest first, then by slug, so lists are stable.
fn briefing_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    briefing_date(b).cmp(&briefing_date(a)).then_with(|| a.slug.cmp(&b.slug))
}

fn event_date(doc: &Document) -> Option<crate::date::PartialDate> {
    match &doc.meta {
        Meta::Event(m) => Some(m.date),
        _ => None,
    }
}

impl<'a> Index<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        docs: &'a [Arc<Document>],
        topics: &'a [Topic],
        sources: &'a [Source],
        paths: &'a [String],
        base: &'a BaseUrl,
        drafts: &'a [(Kind, String)],
        static_files: &'a [StaticFile],
        theme: &'a Theme,
        allow_raw_html: bool,
    ) -> Index<'a> {
        let mut by_kind = HashMap::with_capacity(docs.len());
        let mut by_slug: HashMap<&str, Vec<Target>> = HashMap::with_capacity(docs.len() + topics.len());
        let mut by_file = HashMap::with_capacity(docs.len());
        let mut site_paths = HashMap::with_capacity(docs.len() * 2);
        for (id, doc) in docs.iter().enumerate() {
            by_kind.insert((doc.kind, doc.slug.as_str()), id);
            by_file.insert(doc.path.clone(), id);
            if doc.kind != Kind::Topic {
                by_slug.entry(&doc.slug).or_default().push(Target::Doc(id));
            }
            if doc.kind != Kind::Event && doc.kind != Kind::Topic {
                site_paths.insert(paths[id].clone(), Some(Target::Doc(id)));
            }
        }
        let mut topic_ids = HashMap::with_capacity(topics.len());
        for (id, topic) in topics.iter().enumerate() {
            topic_ids.insert(topic.slug.as_str(), id);
            by_slug.entry(&topic.slug).or_default().push(Target::Topic(id));
            site_paths.insert(topic_path(&topic.slug), Some(Target::Topic(id)));
        }
        for (file, _) in GENERATED {
            let path = file.strip_suffix("index.html").unwrap_or(file);
            site_paths.insert(path.to_string(), None);
        }
        for file in theme.static_files.keys() {
            site_paths.insert(file.clone(), None);
        }
        for file in static_files {
            site_paths.insert(file.url_path.clone(), None);
        }
        let source_ids = sources.iter().enumerate().map(|(i, s)| (s.entry.id.as_str(), i)).collect();
        let drafts = drafts.iter().map(|(k, s)| (*k, s.as_str())).collect();
        Index {
            docs,
            topics,
            sources,
            paths,
            base,
            by_kind,
            topic_ids,
            source_ids,
            by_slug,
            by_file,
            drafts,
            site_paths,
            allow_raw_html,
        }
    }

    fn resolve(&self, id: DocId, doc: &Document) -> Resolved {
        let mut problems = Vec::new();
        let refs = self.resolve_front_matter(doc, &mut problems);
        let mut links = Vec::with_capacity(doc.outline.links.len());
        let mut targets = Vec::new();
        let mut citations = Citations::default();
        for link in &doc.outline.links {
            if let Some((resolved, warning)) = self.generated_page_link(doc, link) {
                links.push(resolved);
                problems.push(warning);
                continue;
            }
            match self.resolve_link(id, doc, link, &mut citations) {
                Ok((resolved, target)) => {
                    links.push(resolved);
                    targets.extend(target);
                }
                Err(problem) => {
                    links.push(ResolvedLink::Removed);
                    problems.push(problem);
                }
            }
        }
        for &source in &refs.sources {
            citations.number(source);
        }
        targets.extend(citations.order.iter().map(|&s| Target::Source(s)));
        Resolved { refs, links, targets, references: citations.into_references(), problems }
    }

    /// `[[timeline]]`, `[[topics]]`, `[[sources]]` and the like, when no content has that
    /// slug: the writer means the generated page. It is linked, with a warning that says how
    /// to link it on purpose.
    fn generated_page_link(&self, doc: &Document, link: &LinkRef) -> Option<(ResolvedLink, Diagnostic)> {
        let LinkTarget::Wiki { kind: None, slug, anchor, has_text } = &link.target else { return None };
        if self.by_slug.contains_key(slug.as_str()) {
            return None;
        }
        let (path, title) = GENERATED_PAGES.iter().find(|(path, _)| path.trim_end_matches('/') == slug)?;
        let fragment = anchor.as_deref().filter(|a| !a.is_empty()).map(|a| format!("#{a}")).unwrap_or_default();
        let resolved =
            ResolvedLink::To { href: self.base.href(path) + &fragment, text: (!has_text).then(|| title.to_string()) };
        let warning = Diagnostic::warning(
            "W041",
            &doc.path,
            format!("`[[{slug}]]` names no content; it was linked to the generated page /{path}"),
        )
        .at(&doc.text, body_range(doc, link))
        .with_help(format!("link the page as a path: `[{}](/{path}{fragment})`", title.to_lowercase()));
        Some((resolved, warning))
    }

    fn resolve_front_matter(&self, doc: &Document, problems: &mut Vec<Diagnostic>) -> DocRefs {
        let mut refs = DocRefs::default();
        let locator = doc.locator();
        let crate::model::References { organizations, topics, sources } = doc.meta.references();
        for slug in organizations {
            match self.by_kind.get(&(Kind::Organization, slug.as_str())) {
                Some(&org) => refs.organizations.push(org),
                None if !crate::slugs::is_valid(slug) => {}
                None => problems.push(
                    self.not_found(doc, Kind::Organization, slug).at(&doc.text, locator.item("organizations", slug)),
                ),
            }
        }
        refs.topics = topics.iter().filter_map(|slug| self.topic_ids.get(slug.as_str()).copied()).collect();
        for id in sources {
            match self.source_ids.get(id.as_str()) {
                Some(&source) => refs.sources.push(source),
                None if !crate::slugs::is_valid(id) => {}
                None => problems.push(self.source_not_found(doc, id).at(&doc.text, locator.item("sources", id))),
            }
        }
        if let Meta::Organization(org) = &doc.meta {
            if let Some(parent) = &org.parent {
                match self.by_kind.get(&(Kind::Organization, parent.as_str())) {
                    Some(&p) => refs.parent = Some(p),
                    None if crate::slugs::is_valid(parent) => {
                        let names = self.slugs_of(Kind::Organization);
                        if let Some(close) = suggest::closest(parent, names) {
                            problems.push(
                                Diagnostic::warning(
                                    "W040",
                                    &doc.path,
                                    format!("`parent: {parent}` names no organization, so it shows as text"),
                                )
                                .at(&doc.text, locator.item("parent", parent))
                                .with_help(format!("did you mean `{close}`?")),
                            );
                        }
                    }
                    None => {}
                }
            }
        }
        refs
    }

    fn slugs_of(&self, kind: Kind) -> impl Iterator<Item = &'a str> + '_ {
        self.docs.iter().filter(move |d| d.kind == kind).map(|d| d.slug.as_str())
    }

    fn not_found(&self, doc: &Document, kind: Kind, slug: &str) -> Diagnostic {
        if self.drafts.contains(&(kind, slug)) {
            return Diagnostic::error(
                "E045",
                &doc.path,
                format!("the {kind} `{slug}` is a draft, which this build leaves out"),
            )
            .with_help("build with `--drafts`, publish it, or remove the reference");
        }
        let help = suggest::did_you_mean(slug, self.slugs_of(kind)).unwrap_or_else(|| {
            format!("there is no `content/{}/{slug}.md`; create it with `brief new {kind} \"…\"`", kind.folder())
        });
        Diagnostic::error("E040", &doc.path, format!("no {kind} has the slug `{slug}`")).with_help(help)
    }

    fn source_not_found(&self, doc: &Document, id: &str) -> Diagnostic {
        let help = suggest::did_you_mean(id, self.sources.iter().map(|s| s.entry.id.as_str()))
            .unwrap_or_else(|| ADD_SOURCE_HELP.into());
        Diagnostic::error("E041", &doc.path, format!("no source has the id `{id}`")).with_help(help)
    }

    fn resolve_link(
        &self,
        id: DocId,
        doc: &Document,
        link: &LinkRef,
        citations: &mut Citations,
    ) -> Result<(ResolvedLink, Option<Target>), Diagnostic> {
        match &link.target {
            LinkTarget::Wiki { kind, slug, anchor, has_text } => {
                let target = self.resolve_wiki(doc, link, kind.as_deref(), slug)?;
                let fragment = self.check_anchor(doc, link, target, anchor.as_deref())?;
                let href = self.base.href(&self.path_of(target)) + &fragment;
                let text = (!has_text).then(|| self.title_of(target).to_string());
                Ok((ResolvedLink::To { href, text }, Some(target)))
            }
            LinkTarget::Relative { path, anchor } => self.resolve_relative(doc, link, path, anchor.as_deref()),
            LinkTarget::Anchor(anchor) => {
                self.check_anchor(doc, link, Target::Doc(id), Some(anchor))?;
                Ok((ResolvedLink::Unchanged, None))
            }
            LinkTarget::Site { path, anchor } => self.resolve_site_path(doc, link, path, anchor.as_deref()),
            LinkTarget::Citation(ids) => {
                let mut marks = Vec::with_capacity(ids.len());
                for source_id in ids {
                    let Some(&source) = self.source_ids.get(source_id.as_str()) else {
                        return Err(self.source_not_found(doc, source_id).at(&doc.text, body_range(doc, link)));
                    };
                    let title = self.sources[source].entry.title.clone();
                    // An event's text is shown on other pages, which have no reference list
                    // of its own: its marks lead to the sources page instead.
                    let mark = if doc.kind == Kind::Event {
                        let number = citations.number(source);
                        CitationMark {
                            number,
                            href: self.base.href(&format!("sources/#{source_id}")),
                            mark_id: None,
                            title,
                        }
                    } else {
                        citations.cite(source, title)
                    };
                    marks.push(mark);
                }
                Ok((ResolvedLink::Citation(marks), None))
            }
            LinkTarget::Unsafe(_) if !self.allow_raw_html => Ok((ResolvedLink::Removed, None)),
            LinkTarget::Unsafe(_) | LinkTarget::External | LinkTarget::Empty => Ok((ResolvedLink::Unchanged, None)),
        }
    }

    fn resolve_wiki(
        &self,
        doc: &Document,
        link: &LinkRef,
        kind: Option<&str>,
        slug: &str,
    ) -> Result<Target, Diagnostic> {
        let at = |d: Diagnostic| d.at(&doc.text, body_range(doc, link));
        match kind {
            Some("source") => self
                .source_ids
                .get(slug)
                .map(|&s| Target::Source(s))
                .ok_or_else(|| at(self.source_not_found(doc, slug))),
            Some(name) => {
                let Some(kind) = Kind::from_name(name) else {
                    return Err(at(Diagnostic::error(
                        "E044",
                        &doc.path,
                        format!("`{name}:` is not a kind of content"),
                    )
                    .with_help("write briefing:, organization:, topic:, event:, page: or source: before the slug")));
                };
                let found = if kind == Kind::Topic {
                    self.topic_ids.get(slug).map(|&t| Target::Topic(t))
                } else {
                    self.by_kind.get(&(kind, slug)).map(|&d| Target::Doc(d))
                };
                found.ok_or_else(|| {
                    if kind == Kind::Topic {
                        let help = suggest::did_you_mean(slug, self.topics.iter().map(|t| t.slug.as_str()))
                            .unwrap_or_else(|| {
                                "topics exist once a briefing or event lists them, or with a file in content/topics/"
                                    .into()
                            });
                        at(Diagnostic::error("E040", &doc.path, format!("no topic has the slug `{slug}`"))
                            .with_help(help))
                    } else {
                        at(self.not_found(doc, kind, slug))
                    }
                })
            }
            None => match self.by_slug.get(slug).map(Vec::as_slice) {
                Some([one]) => Ok(*one),
                Some(many) if !many.is_empty() => {
                    let options: Vec<String> =
                        many.iter().map(|t| format!("[[{}:{slug}]]", self.kind_name(*t))).collect();
                    Err(at(Diagnostic::error(
                        "E043",
                        &doc.path,
                        format!("`[[{slug}]]` is ambiguous: {} items have this slug", many.len()),
                    )
                    .with_help(format!("write {}", options.join(" or ")))))
                }
                _ => {
                    let draft = Kind::ALL.into_iter().find(|&k| self.drafts.contains(&(k, slug)));
                    if let Some(kind) = draft {
                        return Err(at(self.not_found(doc, kind, slug)));
                    }
                    let help = suggest::did_you_mean(slug, self.by_slug.keys().copied()).unwrap_or_else(|| {
                        "link a briefing, organization, topic, event or page by the name of its file".into()
                    });
                    Err(at(Diagnostic::error(
                        "E042",
                        &doc.path,
                        format!("`[[{slug}]]` matches no briefing, organization, topic, event or page"),
                    )
                    .with_help(help)))
                }
            },
        }
    }

    fn kind_name(&self, target: Target) -> &'static str {
        match target {
            Target::Doc(d) => self.docs[d].kind.name(),
            Target::Topic(_) => "topic",
            Target::Source(_) => "source",
        }
    }

    fn path_of(&self, target: Target) -> String {
        match target {
            Target::Doc(d) if self.docs[d].kind == Kind::Topic => topic_path(&self.docs[d].slug),
            Target::Doc(d) => self.paths[d].clone(),
            Target::Topic(t) => topic_path(&self.topics[t].slug),
            Target::Source(s) => format!("sources/#{}", self.sources[s].entry.id),
        }
    }

    fn title_of(&self, target: Target) -> &str {
        match target {
            Target::Doc(d) => self.docs[d].title(),
            Target::Topic(t) => &self.topics[t].title,
            Target::Source(s) => &self.sources[s].entry.title,
        }
    }

    /// Checks `anchor` against the headings of `target`; gives the `#fragment` to append.
    fn check_anchor(
        &self,
        doc: &Document,
        link: &LinkRef,
        target: Target,
        anchor: Option<&str>,
    ) -> Result<String, Diagnostic> {
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else { return Ok(String::new()) };
        let outline = match target {
            Target::Doc(d) => Some(&self.docs[d].outline),
            Target::Topic(t) => self.topics[t].doc.map(|d| &self.docs[d].outline),
            Target::Source(_) => None,
        };
        let is_event = matches!(target, Target::Doc(d) if self.docs[d].kind == Kind::Event);
        let found = !is_event && outline.map_or(is_theme_id(anchor), |o| o.has_anchor(anchor));
        if found {
            return Ok(format!("#{anchor}"));
        }
        let headings: Vec<&str> =
            outline.map(|o| o.headings.iter().map(|h| h.id.as_str()).collect()).unwrap_or_default();
        let name = self.title_of(target);
        let help = suggest::did_you_mean(anchor, headings.iter().copied()).unwrap_or_else(|| {
            if headings.is_empty() {
                format!("“{name}” has no headings to link to")
            } else {
                format!("its headings are: {}", headings.iter().map(|h| format!("#{h}")).collect::<Vec<_>>().join(", "))
            }
        });
        Err(Diagnostic::error("E046", &doc.path, format!("no heading `#{anchor}` in “{name}”"))
            .at(&doc.text, body_range(doc, link))
            .with_help(help))
    }

    /// `../organizations/foc.md#x` → the page of that file; `../static/a.png` → the file.
    fn resolve_relative(
        &self,
        doc: &Document,
        link: &LinkRef,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<(ResolvedLink, Option<Target>), Diagnostic> {
        let at = |d: Diagnostic| d.at(&doc.text, body_range(doc, link));
        let decoded = percent_decode(path);
        let joined = doc.path.parent().unwrap_or(Path::new("")).join(&decoded);
        let Some(normalized) = normalize(&joined) else {
            return Err(at(Diagnostic::error("E048", &doc.path, format!("`{path}` leads outside the site"))));
        };
        if decoded.ends_with(".md") {
            let Some(&target) = self.by_file.get(&normalized) else {
                if let Some((kind, slug)) = self.draft_file(&normalized) {
                    return Err(at(self.not_found(doc, kind, slug)));
                }
                let shown = display_path(&normalized);
                let files: Vec<String> = self.by_file.keys().map(|p| display_path(p)).collect();
                let help = suggest::did_you_mean(&shown, files.iter().map(String::as_str))
                    .unwrap_or_else(|| "link a content file by its path from this file, or use [[slug]]".into());
                return Err(at(Diagnostic::error(
                    "E047",
                    &doc.path,
                    format!("`{path}` leads to `{shown}`, which is not a content file"),
                )
                .with_help(help)));
            };
            let target = Target::Doc(target);
            let fragment = self.check_anchor(doc, link, target, anchor)?;
            return Ok((
                ResolvedLink::To { href: self.base.href(&self.path_of(target)) + &fragment, text: None },
                Some(target),
            ));
        }
        if let Ok(inner) = normalized.strip_prefix("content/static") {
            let url_path = display_path(inner);
            if self.site_paths.contains_key(&url_path) {
                return Ok((ResolvedLink::To { href: self.base.href(&url_path), text: None }, None));
            }
        }
        let help = if link.is_image {
            let name = Path::new(&decoded).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            format!("put the file in `content/static/` and write its path from there, such as `/{name}`")
        } else {
            "link pages with [[slug]] or their `.md` file, and other pages of the site with a path such as /timeline/"
                .to_string()
        };
        Err(at(Diagnostic::error(
            "E049",
            &doc.path,
            format!("`{path}` is neither a content file nor a file in content/static/"),
        )
        .with_help(help)))
    }

    /// The draft a path such as `content/briefings/plans.md` names, if it is one.
    fn draft_file<'p>(&self, path: &'p Path) -> Option<(Kind, &'p str)> {
        let mut parts = path.iter().map(|p| p.to_str());
        let (Some(Some("content")), Some(Some(folder)), Some(Some(file)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let kind = Kind::from_folder(folder)?;
        let slug = file.strip_suffix(".md")?;
        self.drafts.contains(&(kind, slug)).then_some((kind, slug))
    }

    /// `/organizations/foc/#x`: a path on this site, written from its base.
    fn resolve_site_path(
        &self,
        doc: &Document,
        link: &LinkRef,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<(ResolvedLink, Option<Target>), Diagnostic> {
        let relative = percent_decode(path.trim_start_matches('/'));
        let found = [relative.clone(), format!("{relative}/"), relative.trim_end_matches("index.html").to_string()]
            .into_iter()
            .find(|p| self.site_paths.contains_key(p));
        let Some(found) = found else {
            let all: Vec<&str> = self.site_paths.keys().map(String::as_str).collect();
            let help = suggest::closest(&relative, all.iter().copied())
                .map(|close| format!("did you mean `/{close}`?"))
                .unwrap_or_else(|| {
                    if link.is_image {
                        format!("put the file in `content/static/` as `content/static/{relative}`")
                    } else {
                        "write the path of a page of this site, such as /organizations/".into()
                    }
                });
            return Err(Diagnostic::error("E050", &doc.path, format!("`{path}` is not a page or file of this site"))
                .at(&doc.text, body_range(doc, link))
                .with_help(help));
        };
        let target = self.site_paths[&found];
        let fragment = match (target, anchor) {
            (Some(target), _) => self.check_anchor(doc, link, target, anchor)?,
            (None, Some(a)) if found == "timeline/" && !a.is_empty() => {
                if self.by_kind.contains_key(&(Kind::Event, a)) || is_theme_id(a) {
                    format!("#{a}")
                } else {
                    let help = suggest::did_you_mean(a, self.slugs_of(Kind::Event))
                        .unwrap_or_else(|| "link an event by its slug".into());
                    return Err(Diagnostic::error("E051", &doc.path, format!("no event `#{a}` on the timeline"))
                        .at(&doc.text, body_range(doc, link))
                        .with_help(help));
                }
            }
            (None, Some(a)) if found == "sources/" && !a.is_empty() => {
                if self.source_ids.contains_key(a) {
                    format!("#{a}")
                } else {
                    return Err(self.source_not_found(doc, a).at(&doc.text, body_range(doc, link)));
                }
            }
            (None, Some(a)) => format!("#{a}"),
            (None, None) => String::new(),
        };
        Ok((ResolvedLink::To { href: self.base.href(&found) + &fragment, text: None }, target))
    }
}

/// The range of a body link in the whole file.
fn body_range(doc: &Document, link: &LinkRef) -> std::ops::Range<usize> {
    doc.body.start + link.range.start..doc.body.start + link.range.end
}

/// Resolves `.` and `..` without touching the disk; `None` if the path climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Numbers sources in the order a page first cites them.
#[derive(Default)]
struct Citations {
    order: Vec<SourceId>,
    marks: HashMap<SourceId, Vec<String>>,
}

impl Citations {
    fn number(&mut self, source: SourceId) -> usize {
        match self.order.iter().position(|&s| s == source) {
            Some(i) => i + 1,
            None => {
                self.order.push(source);
                self.order.len()
            }
        }
    }

    fn cite(&mut self, source: SourceId, title: String) -> CitationMark {
        let number = self.number(source);
        let marks = self.marks.entry(source).or_default();
        let mark_id = format!("cite_{number}_{}", marks.len() + 1);
        marks.push(mark_id.clone());
        CitationMark { number, href: format!("#ref_{number}"), mark_id: Some(mark_id), title }
    }

    fn into_references(mut self) -> Vec<Reference> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, &source)| Reference {
                source,
                number: i + 1,
                marks: self.marks.remove(&source).unwrap_or_default(),
            })
            .collect()
    }
}

/// Up to five briefings sharing the most organizations and topics with each briefing; ties
/// go to the newer. Candidates come from inverted lists (each organization's and topic's
/// briefings, newest first), and only the [`RELATED_WINDOW`] briefings nearest in that order
/// on either side of the briefing are looked at in each list: related briefings come from the
/// same period, and the cost stays linear in the size of the archive instead of growing with
/// its square (a topic of a 100,000-briefing archive lists thousands).
const RELATED_WINDOW: usize = 250;

fn related_briefings(
    documents: &[Arc<Document>],
    refs: &[DocRefs],
    briefings: &[DocId],
    organizations: &[DocId],
    topic_count: usize,
) -> Vec<Vec<DocId>> {
    const LIMIT: usize = 5;
    let n = documents.len();
    let mut rank = vec![usize::MAX; n];
    for (i, &b) in briefings.iter().enumerate() {
        rank[b] = i;
    }
    let mut by_org: HashMap<DocId, Vec<DocId>> = HashMap::with_capacity(organizations.len());
    let mut by_topic: Vec<Vec<DocId>> = vec![Vec::new(); topic_count];
    for &b in briefings {
        for &o in &refs[b].organizations {
            by_org.entry(o).or_default().push(b);
        }
        for &t in &refs[b].topics {
            by_topic[t].push(b);
        }
    }
    // One score table per chunk of briefings: rayon may call a `map_init` initializer once
    // per item, and a table per briefing made this quadratic in time and memory.
    let scored: Vec<(DocId, Vec<DocId>)> = briefings
        .par_chunks(256)
        .flat_map_iter(|chunk| {
            let mut scores = vec![0u16; n];
            let mut touched: Vec<DocId> = Vec::new();
            chunk
                .iter()
                .map(|&b| {
                    let lists = refs[b]
                        .organizations
                        .iter()
                        .filter_map(|o| by_org.get(o))
                        .chain(refs[b].topics.iter().map(|&t| &by_topic[t]));
                    for list in lists {
                        let at = list.partition_point(|&x| rank[x] < rank[b]);
                        let window =
                            &list[at.saturating_sub(RELATED_WINDOW)..(at + RELATED_WINDOW + 1).min(list.len())];
                        for &other in window {
                            if other != b {
                                if scores[other] == 0 {
                                    touched.push(other);
                                }
                                scores[other] = scores[other].saturating_add(1);
                            }
                        }
                    }
                    let mut best: Vec<(u16, usize, DocId)> = touched.iter().map(|&o| (scores[o], rank[o], o)).collect();
                    for &o in touched.iter() {
                        scores[o] = 0;
                    }
                    touched.clear();
                    let take = LIMIT.min(best.len());
                    if take > 0 {
                        best.select_nth_unstable_by(take - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                        best.truncate(take);
                        best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                    }
                    // By reference: collecting `best.into_iter()` would keep its allocation, sized
                    // for every candidate, alive in the result (hundreds of MB on a large archive).
                    (b, best.iter().map(|&(_, _, o)| o).collect())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut related = vec![Vec::new(); n];
    for (b, list) in scored {
        related[b] = list;
    }
    related
}

/// No two things may write the same file.
fn check_output_collisions(
    documents: &[Arc<Document>],
    topics: &[Topic],
    static_files: &[StaticFile],
    theme: &Theme,
    diagnostics: &mut Diagnostics,
) {
    let mut writers: HashMap<String, String> = HashMap::new();
    let mut claim = |file: String, who: String, at: Option<&Path>, diagnostics: &mut Diagnostics| {
        if let Some(first) = writers.get(&file) {
            let message = format!("{who} and {first} both write `{file}`");
            let d = Diagnostic::error("E052", at.map_or_else(|| PathBuf::from("content"), Path::to_path_buf), message)
                .with_help("rename one of them");
            diagnostics.push(d);
        } else {
            writers.insert(file, who);
        }
    };
    for (file, what) in GENERATED {
        claim(file.to_string(), what.to_string(), None, diagnostics);
    }
    for doc in documents.iter().filter(|d| !matches!(d.kind, Kind::Event | Kind::Topic)) {
        let file = format!("{}index.html", doc_path(doc.kind, &doc.slug));
        claim(file, format!("`{}`", display_path(&doc.path)), Some(&doc.path), diagnostics);
    }
    for topic in topics {
        claim(
            format!("{}index.html", topic_path(&topic.slug)),
            format!("the topic `{}`", topic.slug),
            None,
            diagnostics,
        );
    }
    for file in static_files {
        let shown = format!("content/static/{}", file.url_path);
        claim(file.url_path.clone(), format!("`{shown}`"), Some(Path::new(&shown)), diagnostics);
    }
    // A site's own static files replace the theme's of the same name; that is not a clash.
    let overridden: HashSet<&str> = static_files.iter().map(|f| f.url_path.as_str()).collect();
    for file in theme.static_files.keys().filter(|f| !overridden.contains(f.as_str())) {
        claim(file.clone(), format!("the theme's `static/{file}`"), None, diagnostics);
    }
}

/// Settles what the stages found so that each mistake is reported once, at its root: what
/// follows from an earlier error is taken out, and the root error says how far it reaches.
pub fn settle(site: &Site, parse_problems: &mut Diagnostics, link_problems: &mut Diagnostics) {
    // An entry of `sources.yaml` that could not be read may be the one a citation means.
    if site.sources_incomplete {
        let mut missing: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        link_problems.retain(|d| {
            let follows = d.code == "E041" && d.help.as_deref() == Some(ADD_SOURCE_HELP);
            if follows {
                let id = d.message.split('`').nth(1).unwrap_or_default().to_string();
                missing.entry(id).or_default().push(d.file.clone());
            }
            !follows
        });
        let root =
            parse_problems.iter_mut().find(|d| d.is_error() && d.file.file_name().is_some_and(|n| n == "sources.yaml"));
        if let (Some(root), false) = (root, missing.is_empty()) {
            let ids: Vec<String> = missing
                .iter()
                .map(|(id, files)| format!("`{id}` ({})", crate::diagnostics::plural(files.len(), "citation")))
                .collect();
            let related = missing
                .iter()
                .flat_map(|(id, files)| files.iter().map(move |f| (id, f)))
                .take(20)
                .map(|(id, file)| {
                    let doc = site.documents.iter().find(|d| &d.path == file);
                    let location = doc.and_then(|d| {
                        d.text.find(id.as_str()).map(|i| Box::new(Location::of(&d.text, i..i + id.len())))
                    });
                    Related { file: file.clone(), location, message: format!("cites `{id}`") }
                })
                .collect();
            root.reach = Some(Box::new(Reach {
                note: format!("cited, but no readable entry has the id: {}", ids.join(", ")),
                related,
            }));
        }
    }
    // A file with errors still resolves; its root error says who links to it.
    for (id, doc) in site.documents.iter().enumerate().filter(|(_, d)| d.broken) {
        let mut linking: Vec<DocId> = site.doc_backlinks[id].clone();
        if let Some(t) = site.topics.iter().position(|t| t.doc == Some(id)) {
            linking.extend(&site.topic_backlinks[t]);
        }
        linking.sort_unstable();
        linking.dedup();
        if linking.is_empty() {
            continue;
        }
        let Some(root) = parse_problems.iter_mut().find(|d| d.is_error() && d.file == doc.path) else { continue };
        let note = format!(
            "{} to this file; those links resolve, and need no change",
            if linking.len() == 1 { "1 page links".to_string() } else { format!("{} pages link", linking.len()) }
        );
        let related = linking
            .iter()
            .take(20)
            .map(|&b| {
                let from = site.doc(b);
                let at = from.text.find(&format!("[[{}", doc.slug)).or_else(|| from.text.find(doc.slug.as_str()));
                let location = at.map(|i| Box::new(Location::of(&from.text, i..i + doc.slug.len())));
                Related { file: from.path.clone(), location, message: format!("links to `{}`", doc.slug) }
            })
            .collect();
        root.reach = Some(Box::new(Reach { note, related }));
    }
    // While front matter or `sources.yaml` cannot be read, who refers to what is not known:
    // the warnings that count references would contradict what the writer wrote.
    let unreadable = parse_problems.iter().any(|d| d.is_error() && matches!(d.code.get(1..3), Some("01" | "02")));
    if unreadable {
        link_problems.retain(|d| !matches!(d.code, "W050" | "W051" | "W052" | "W053" | "W054"));
    }
}

/// Warnings about content that builds but reads badly: a briefing without a source, an
/// organization nothing refers to, a topic used once without a description, an uncited source.
fn lint(site: &Site, sources_file: Option<&SourceText>, diagnostics: &mut Diagnostics) {
    for &id in &site.briefings {
        // What is written counts: a citation of a source that is broken is reported there.
        let doc = site.doc(id);
        let cites = doc.outline.links.iter().any(|l| matches!(l.target, LinkTarget::Citation(_)));
        if site.references[id].is_empty() && !cites && doc.meta.references().sources.is_empty() {
            let doc = site.doc(id);
            diagnostics.push(
                Diagnostic::warning("W050", &doc.path, "this briefing cites no source")
                    .at(&doc.text, doc.locator().key("sources"))
                    .with_help("add `sources: [id]` to the front matter, or cite inline with [@id]"),
            );
        }
    }
    for &id in &site.organizations {
        let referred = site.doc_backlinks[id].iter().any(|&b| matches!(site.doc(b).kind, Kind::Briefing | Kind::Event));
        if !referred {
            let doc = site.doc(id);
            diagnostics.push(
                Diagnostic::warning("W051", &doc.path, "no briefing or timeline event refers to this organization")
                    .with_help(format!(
                        "list `{}` in the `organizations` of the briefings and events about it",
                        doc.slug
                    )),
            );
        }
    }
    for (id, topic) in site.topics.iter().enumerate() {
        if topic.doc.is_none() && topic.uses <= 1 {
            let Some(&user) = site.topic_backlinks[id].first() else { continue };
            let doc = site.doc(user);
            let others = site.topics.iter().filter(|t| t.slug != topic.slug).map(|t| t.slug.as_str());
            let help = match suggest::closest(&topic.slug, others) {
                Some(close) => {
                    format!("did you mean `{close}`? If not, describe the topic in `content/topics/{}.md`", topic.slug)
                }
                None => format!("describe the topic in `content/topics/{}.md`, or use an existing topic", topic.slug),
            };
            diagnostics.push(
                Diagnostic::warning(
                    "W052",
                    &doc.path,
                    format!("the topic `{}` is used only here and has no description", topic.slug),
                )
                .at(&doc.text, doc.locator().item("topics", &topic.slug))
                .with_help(help),
            );
        }
        if let Some(doc_id) = topic.doc {
            if topic.uses == 0 {
                let doc = site.doc(doc_id);
                diagnostics.push(
                    Diagnostic::warning("W053", &doc.path, "no briefing or event lists this topic")
                        .with_help(format!("add `{}` to the `topics` of the content about it", topic.slug)),
                );
            }
        }
    }
    if let Some(file) = sources_file {
        for (id, source) in site.sources.iter().enumerate() {
            if site.source_backlinks[id].is_empty() {
                diagnostics.push(
                    Diagnostic::warning("W054", &file.path, format!("the source `{}` is never cited", source.entry.id))
                        .at(&file.text, source.range.clone())
                        .with_help(format!("cite it with [@{}], or remove it", source.entry.id)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_split_into_address_and_path() {
        let base = BaseUrl::new("https://example.org/briefing/");
        assert_eq!(base.path, "/briefing/");
        assert_eq!(base.href("organizations/foc/"), "/briefing/organizations/foc/");
        assert_eq!(base.permalink("atom.xml"), "https://example.org/briefing/atom.xml");
        assert_eq!(BaseUrl::new("http://localhost:1111/").path, "/");
    }

    #[test]
    fn paths_are_normalized_without_escaping() {
        assert_eq!(
            normalize(Path::new("content/briefings/../organizations/foc.md")),
            Some(PathBuf::from("content/organizations/foc.md"))
        );
        assert_eq!(normalize(Path::new("content/../../etc")), None);
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%é%"), "%é%");
    }

    #[test]
    fn topics_without_files_are_titled_from_the_slug() {
        assert_eq!(humanize("internet-governance"), "Internet governance");
    }

    #[test]
    fn citations_number_in_order_of_first_use() {
        let mut c = Citations::default();
        assert_eq!(c.cite(7, "A".into()).number, 1);
        assert_eq!(c.cite(3, "B".into()).number, 2);
        let again = c.cite(7, "A".into());
        assert_eq!((again.number, again.mark_id.as_deref(), again.href.as_str()), (1, Some("cite_1_2"), "#ref_1"));
        assert_eq!(c.number(9), 3);
        let refs = c.into_references();
        assert_eq!(refs.iter().map(|r| r.source).collect::<Vec<_>>(), [7, 3, 9]);
        assert_eq!(refs[0].marks, ["cite_1_1", "cite_1_2"]);
    }
}
