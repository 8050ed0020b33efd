//! Resolve: every reference of a document, against the whole site.
//!
//! Takes: the gathered [`Site`] and the drafts this build leaves out. Gives, for each document
//! (in parallel): what its front matter points at, where each link of its body leads, its
//! reference list (numbered by [`super::citations`]), the table of each table block, what it
//! refers to (a source it cites, or whose entry on the sources page it links), and a diagnostic for each reference that does not resolve, with the closest
//! existing name. Front-matter lists, wikilinks, `.md` links, site paths, citations,
//! `#anchors` (headings, figures and tables: `[[#fig-…]]`, `[[#tbl-…]]`), the data files of
//! table blocks, and the `source` of each entry of an organization's `status_history` (which
//! joins its reference list after the sources its text cites) are all checked here; images of
//! the site are measured, and embeds' hosts checked against `embed_hosts`. What `site.yaml`
//! names for the site's look is found the same way ([`Branding`]): its logo, icon, social
//! image and stylesheet among the static files (as an author's `photo` and a briefing's
//! `social_image` are), and each path of `menu` and `footer_links` among the plan's files.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, display_path, listed, with_article};
use crate::frontmatter::Locator;
use crate::load::StaticFile;
use crate::markdown::figures::{FIGURE_ID_PREFIX, svg_size};
use crate::markdown::html::{CitationMark, ResolvedLink};
use crate::markdown::scan::FigureKind;
use crate::markdown::table_blocks::TABLE_ID_PREFIX;
use crate::markdown::{LinkRef, LinkTarget, is_theme_id};
use crate::model::{Kind, Meta, PageRule, References, SiteLink, TaxonomyId};
use crate::parse::Document;
use crate::suggest;
use crate::theme::ThemeFile;

use super::citations::Citations;
use super::plan::{SitePage, Static, plan, static_files};
use super::site::{
    Branding, DocId, DocRefs, IdVec, Picture, Reference, ResolvedTable, Site, SiteHref, SourceId, Target, TopicId,
};

/// The help of a citation no entry of `sources.yaml` has, with no close id either.
pub(super) const ADD_SOURCE_HELP: &str = "add the source to `content/sources.yaml`";

/// What a file of `content/static/` that front matter or `site.yaml` names is for: which
/// files it may be, and whether its size is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaticUse {
    /// An author's `photo`.
    Photo,
    /// The site's `logo`.
    Logo,
    /// The site's `favicon`.
    Favicon,
    /// The site's or a briefing's `social_image`.
    SocialImage,
    /// The site's `custom_css`.
    Stylesheet,
}

impl StaticUse {
    /// The endings its file may have.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            StaticUse::Photo | StaticUse::Logo => &["jpg", "jpeg", "png", "webp", "avif", "gif", "svg"],
            StaticUse::Favicon => &["svg", "png", "ico"],
            // What link previews (Open Graph, Twitter cards) show: no SVG, no AVIF.
            StaticUse::SocialImage => &["png", "jpg", "jpeg", "gif", "webp"],
            StaticUse::Stylesheet => &["css"],
        }
    }

    /// Its name in messages: `the photo`.
    fn name(self) -> &'static str {
        match self {
            StaticUse::Photo => "the photo",
            StaticUse::Logo => "the logo",
            StaticUse::Favicon => "the icon",
            StaticUse::SocialImage => "the social image",
            StaticUse::Stylesheet => "the stylesheet",
        }
    }

    /// What its file must be, in messages: `an image`.
    fn must_be(self) -> &'static str {
        match self {
            StaticUse::Photo | StaticUse::Logo => "an image",
            StaticUse::Favicon => "an icon (SVG, PNG or ICO)",
            StaticUse::SocialImage => "a picture link previews can show (PNG, JPEG, GIF or WebP)",
            StaticUse::Stylesheet => "a stylesheet (`.css`)",
        }
    }

    /// Whether pages give it its width and height, read from the file.
    fn measured(self) -> bool {
        match self {
            StaticUse::Logo | StaticUse::SocialImage => true,
            StaticUse::Photo | StaticUse::Favicon | StaticUse::Stylesheet => false,
        }
    }
}

/// A file of `content/static/` that front matter or `site.yaml` names, found: its
/// site-relative path and, for a picture whose size pages give, its size.
struct FoundStatic {
    path: String,
    size: Option<(u32, u32)>,
}

impl FoundStatic {
    /// As a measured picture (a logo, a social image).
    fn picture(self) -> Option<Picture> {
        let (width, height) = self.size?;
        Some(Picture { path: self.path, width, height })
    }
}

/// What resolving one document found.
pub(super) struct Resolved {
    pub(crate) refs: DocRefs,
    /// One per link of the body, in order.
    pub(crate) links: Vec<ResolvedLink>,
    /// One per table block of the body, in order.
    pub(crate) tables: Vec<Option<ResolvedTable>>,
    /// What the body refers to.
    pub(crate) targets: Vec<Target>,
    pub(crate) references: Vec<Reference>,
    pub(crate) problems: Vec<Diagnostic>,
}

/// Resolves every document of `site`, in parallel, and what `site.yaml` names for the site's
/// look and links, with the problems of those.
pub(super) fn resolve(site: &Site, drafts: &[(Kind, String)]) -> (IdVec<DocId, Resolved>, (Branding, Vec<Diagnostic>)) {
    let resolver = Resolver::new(site, drafts);
    let resolved = site.docs.par_ids().map(|id| resolver.resolve(id)).collect();
    (resolved, resolver.branding())
}

/// The site, with the lookups every resolution reads.
struct Resolver<'a> {
    site: &'a Site,
    /// Documents by kind and slug: front-matter lists, `[[organization:foc]]`.
    by_kind: HashMap<(Kind, &'a str), DocId>,
    /// Topics by taxonomy and slug.
    topics: HashMap<(TaxonomyId, &'a str), TopicId>,
    sources: HashMap<&'a str, SourceId>,
    /// What a bare `[[slug]]` may mean.
    by_slug: HashMap<&'a str, Vec<Target>>,
    /// Documents by file: `.md` links.
    by_file: HashMap<&'a Path, DocId>,
    /// Drafts this build leaves out: a link to one says so.
    drafts: HashSet<(Kind, &'a str)>,
    /// Every site-relative path a link may name (pages end with `/`), with what is there.
    site_paths: HashMap<String, Option<Target>>,
    /// The static files by path, for images.
    static_files: HashMap<&'a str, Static<'a>>,
    /// Each picture's size in pixels once measured: a picture shown on many pages is read once.
    picture_sizes: Mutex<HashMap<&'a str, Option<(u32, u32)>>>,
}

impl<'a> Resolver<'a> {
    fn new(site: &'a Site, drafts: &'a [(Kind, String)]) -> Resolver<'a> {
        let n = site.docs.len();
        let mut by_kind = HashMap::with_capacity(n);
        let mut by_slug: HashMap<&str, Vec<Target>> = HashMap::with_capacity(n + site.topics.len());
        let mut by_file = HashMap::with_capacity(n);
        for (id, linked) in site.docs.enumerate() {
            let doc = &linked.document;
            by_kind.insert((doc.kind, doc.slug.as_str()), id);
            by_file.insert(doc.path.as_path(), id);
            match doc.kind.spec().pages {
                PageRule::Own { .. } | PageRule::Entry { .. } => {
                    by_slug.entry(&doc.slug).or_default().push(Target::Doc(id))
                }
                // A topic's file is found as its topic.
                PageRule::PerTopic { .. } => {}
            }
        }
        let mut topics = HashMap::with_capacity(site.topics.len());
        for (id, topic) in site.topics.enumerate() {
            topics.insert((topic.taxonomy, topic.slug.as_str()), id);
            by_slug.entry(&topic.slug).or_default().push(Target::Topic(id));
        }
        let mut site_paths = HashMap::with_capacity(n * 2);
        for output in plan(site) {
            match output.linked_as(site) {
                (path, Some(target)) => {
                    site_paths.entry(path).or_insert(Some(target));
                }
                // A generated or static file wins a path that content claims too: the clash
                // is reported (E052).
                (path, None) => {
                    site_paths.insert(path, None);
                }
            }
        }
        let sources = site.sources.enumerate().map(|(id, s)| (s.entry.id.as_str(), id)).collect();
        let drafts = drafts.iter().map(|(k, s)| (*k, s.as_str())).collect();
        let static_files = static_files(site).map(|file| (file.file(), file)).collect();
        let picture_sizes = Mutex::new(HashMap::new());
        Resolver { site, by_kind, topics, sources, by_slug, by_file, drafts, site_paths, static_files, picture_sizes }
    }

    fn resolve(&self, id: DocId) -> Resolved {
        let doc = self.site.doc(id);
        let mut problems = Vec::new();
        let refs = self.resolve_front_matter(doc, &mut problems);
        self.check_embed_hosts(doc, &mut problems);
        let mut links = Vec::with_capacity(doc.outline.links.len());
        let mut targets = Vec::new();
        let mut citations = Citations::default();
        for link in &doc.outline.links {
            if let Some((resolved, warning)) = self.generated_page_link(doc, link) {
                links.push(resolved);
                problems.push(warning);
                continue;
            }
            match self.resolve_link(id, doc, link, links.len(), &mut citations) {
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
        targets.extend(citations.cited().iter().map(|&s| Target::Source(s)));
        let tables = doc.outline.tables.iter().map(|block| self.resolve_table(doc, block, &mut problems)).collect();
        let references = citations.finish(self.site, &mut links);
        Resolved { refs, links, tables, targets, references, problems }
    }

    /// The file of `content/data/` a table block names, or E056 with the closest name. A
    /// block whose `data:` could not be read, or whose file is not a table, was reported
    /// before (E036, E037).
    fn resolve_table(
        &self,
        doc: &Document,
        block: &crate::markdown::table_blocks::TableBlock,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<ResolvedTable> {
        let name = block.data.as_deref()?;
        let Some(found) = self.site.data.iter().find(|d| d.file.name == name) else {
            let names = self.site.data.iter().map(|d| d.file.name.as_str());
            let in_folder = name.rsplit('/').next().filter(|&file| self.site.data.iter().any(|d| d.file.name == file));
            let help = match in_folder {
                Some(file) => Some(format!("did you mean `{file}`? name the file alone, without its folder")),
                None => suggest::did_you_mean(name, names),
            };
            let listed: Vec<String> = self.site.data.iter().take(5).map(|d| format!("`{}`", d.file.name)).collect();
            let help = help.unwrap_or_else(|| {
                if listed.is_empty() {
                    format!("put `{name}` in content/data/")
                } else {
                    format!("put `{name}` in content/data/, or name one of its files: {}", listed.join(", "))
                }
            });
            problems.push(
                Diagnostic::error("E056", &doc.path, format!("no data file `{name}` in content/data/"))
                    .at(&doc.text, doc.body.start + block.data_range.start..doc.body.start + block.data_range.end)
                    .with_help(help),
            );
            return None;
        };
        let table = found.table.clone()?;
        let href = self.site.base.href(&found.file.url_path);
        Some(ResolvedTable { table, file_name: found.file.name.clone(), href })
    }

    /// `[[timeline]]`, `[[topics]]`, `[[sources]]` and the like, when no content has that
    /// slug: the writer means the generated page. It is linked, with a warning that says how
    /// to link it on purpose.
    fn generated_page_link(&self, doc: &Document, link: &LinkRef) -> Option<(ResolvedLink, Diagnostic)> {
        let LinkTarget::Wiki { kind: None, slug, anchor, has_text } = &link.target else { return None };
        if slug.is_empty() || self.by_slug.contains_key(slug.as_str()) {
            return None;
        }
        let config = &self.site.config;
        let (path, title) = SitePage::of(self.site)
            .filter_map(|page| Some((page.path(config), page.title(config, &self.site.interface)?)))
            .find(|(path, _)| path.trim_end_matches('/') == slug)?;
        let fragment = anchor.as_deref().filter(|a| !a.is_empty()).map(|a| format!("#{a}")).unwrap_or_default();
        let href = self.site.base.href(&path) + &fragment;
        let resolved = ResolvedLink::To { href, text: (!has_text).then(|| title.to_string()) };
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
        let References { organizations, terms, sources, authors } = doc.meta.references();
        refs.organizations = self.documents_listed(doc, Kind::Organization, "organizations", organizations, problems);
        refs.authors = self.documents_listed(doc, Kind::Author, "authors", authors, problems);
        // Topics exist by being listed: every valid slug is one, taxonomy by taxonomy.
        refs.topics = (self.site.config.taxonomy_ids())
            .flat_map(|(taxonomy, _)| terms.of(taxonomy).iter().map(move |slug| (taxonomy, slug.as_str())))
            .filter_map(|key| self.topics.get(&key).copied())
            .collect();
        for id in sources {
            match self.sources.get(id.as_str()) {
                Some(&source) => refs.sources.push(source),
                None if !crate::slugs::is_valid(id) => {}
                None => problems.push(self.source_not_found(doc, id).at(&doc.text, locator.item("sources", id))),
            }
        }
        let (parent, history) = match &doc.meta {
            Meta::Organization(org) => (org.parent.as_ref(), org.status_history.as_slice()),
            Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => (None, &[][..]),
        };
        // The sources of a status history join the page's references, after its text's.
        let history_sources: Vec<&str> = history.iter().filter_map(|change| change.source.as_deref()).collect();
        for (i, &id) in history_sources.iter().enumerate() {
            match self.sources.get(id) {
                Some(source) if refs.sources.contains(source) => {}
                Some(&source) => refs.sources.push(source),
                // An unknown id written twice is one mistake, reported where it is first written.
                None if history_sources[..i].contains(&id) => {}
                None => problems.push(self.source_not_found(doc, id).at(&doc.text, locator.item("status_history", id))),
            }
        }
        let (key, named, used) = match &doc.meta {
            Meta::Author(author) => ("photo", author.photo.as_deref(), StaticUse::Photo),
            Meta::Briefing(briefing) => ("social_image", briefing.social_image.as_deref(), StaticUse::SocialImage),
            Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => ("", None, StaticUse::Photo),
        };
        if let Some(written) = named {
            match self.find_static(&doc.path, written, used) {
                Ok(found) if used == StaticUse::SocialImage => refs.social_image = found.picture(),
                Ok(_) => {}
                Err(problem) => problems.push(problem.at(&doc.text, locator.item(key, written))),
            }
        }
        if let Some(parent) = parent {
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
        refs
    }

    /// The documents of `kind` that the front-matter list `key` names; each slug that names
    /// none is reported, with the closest one.
    fn documents_listed(
        &self,
        doc: &Document,
        kind: Kind,
        key: &str,
        slugs: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<DocId> {
        let mut found = Vec::with_capacity(slugs.len());
        for slug in slugs {
            match self.by_kind.get(&(kind, slug.as_str())) {
                Some(&id) => found.push(id),
                None if !crate::slugs::is_valid(slug) => {}
                None => problems.push(self.not_found(doc, kind, slug).at(&doc.text, doc.locator().item(key, slug))),
            }
        }
        found
    }

    /// A file of the site's `content/static/` that `file` names (`/img/logo.svg`, written
    /// from there) for `used`: one of the files it may be, there, and measured if pages give
    /// its size. The problem has no position: the caller knows where the name is written.
    fn find_static(&self, file: &Path, written: &str, used: StaticUse) -> Result<FoundStatic, Diagnostic> {
        let relative = percent_decode(written.trim_start_matches('/'));
        let extension = Path::new(&relative).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let extensions = used.extensions();
        if !extension.as_deref().is_some_and(|e| extensions.contains(&e)) {
            return Err(Diagnostic::error("E053", file, format!("`{written}` is not {}", used.must_be())).with_help(
                format!("give a file of `content/static/` whose name ends in .{}", extensions.join(", .")),
            ));
        }
        let Some(found) = self.site.static_files.iter().find(|f| f.url_path == relative) else {
            let statics = self.site.static_files.iter().map(|f| f.url_path.as_str());
            let name = Path::new(&relative).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let help = match suggest::closest(&relative, statics) {
                Some(close) => format!("did you mean `/{close}`?"),
                None if written.contains("://") => {
                    format!("brief uses the site's own files: put it in `content/static/` and write `/{name}`")
                }
                None => format!("put the file in `content/static/` as `content/static/{relative}`"),
            };
            return Err(Diagnostic::error(
                "E053",
                file,
                format!("{} `{written}` is not a file in content/static/", used.name()),
            )
            .with_help(help));
        };
        let size = match used.measured() {
            true => Some(self.picture_size(Static::Site(found)).ok_or_else(|| unmeasured(file, &found.url_path))?),
            false => None,
        };
        Ok(FoundStatic { path: found.url_path.clone(), size })
    }

    /// The size in pixels of a picture among the static files, read once however many pages
    /// show it.
    fn picture_size(&self, file: Static<'a>) -> Option<(u32, u32)> {
        let measured = self.picture_sizes.lock().ok().and_then(|sizes| sizes.get(file.file()).copied());
        measured.unwrap_or_else(|| {
            let size = pixel_size(file, file.file());
            if let Ok(mut sizes) = self.picture_sizes.lock() {
                sizes.insert(file.file(), size);
            }
            size
        })
    }

    /// What `site.yaml` names for the site's look and links, each found in the site: its
    /// logo, icon, social image and stylesheet among the files of `content/static/`, and each
    /// path of `menu` and `footer_links` among the files the build writes. Each that is not
    /// found is an error at its place in `site.yaml`, and left out.
    fn branding(&self) -> (Branding, Vec<Diagnostic>) {
        let config = &self.site.config;
        let file = &self.site.config_file;
        let whole = 0..file.text.len();
        let locator = Locator::new(&file.text, Some(&whole));
        let mut problems = Vec::new();
        let mut find = |key: &str, written: Option<&String>, used: StaticUse| {
            let written = written?;
            match self.find_static(&file.path, written, used) {
                Ok(found) => Some(found),
                Err(problem) => {
                    problems.push(problem.at(&file.text, locator.item(key, written)));
                    None
                }
            }
        };
        let logo = find("logo", config.logo.as_ref(), StaticUse::Logo).and_then(FoundStatic::picture);
        let favicon = find("favicon", config.favicon.as_ref(), StaticUse::Favicon).map(|f| f.path);
        let social_image =
            find("social_image", config.social_image.as_ref(), StaticUse::SocialImage).and_then(FoundStatic::picture);
        let custom_css = find("custom_css", config.custom_css.as_ref(), StaticUse::Stylesheet).map(|f| f.path);
        let mut links = |links: &Option<Vec<SiteLink>>| {
            let links = links.as_ref()?;
            Some(links.iter().filter_map(|link| self.site_link(link).map_err(|p| problems.push(p)).ok()).collect())
        };
        let menu = links(&config.menu);
        let footer_links = links(&config.footer_links);
        (Branding { logo, favicon, social_image, custom_css, menu, footer_links }, problems)
    }

    /// A link of `menu` or `footer_links`: a path of the site must lead to a page or file the
    /// build writes (E050, with the closest path, at its place in `site.yaml`).
    fn site_link(&self, link: &SiteLink) -> Result<SiteHref, Diagnostic> {
        let Some((path, fragment)) = link.site_path() else {
            return Ok(SiteHref { label: link.label.clone(), href: link.url.clone(), key: String::new() });
        };
        let relative = percent_decode(path);
        let Some(found) = self.find_site_path(&relative) else {
            let file = &self.site.config_file;
            let help = suggest::closest(&relative, self.site_paths.keys().map(String::as_str))
                .map(|close| format!("did you mean `/{close}`?"))
                .unwrap_or_else(|| "write the path of a page of this site, such as `/about/`".into());
            return Err(Diagnostic::error(
                "E050",
                &file.path,
                format!("`{}` is not a page or file of this site", link.url),
            )
            .at(&file.text, link.written_at())
            .with_help(help));
        };
        // A fragment on a page of a document is checked as one in a text is (E046).
        let fragment = match (self.site_paths[&found], fragment) {
            (Some(target), fragment) => self.anchor_of(target, fragment).map_err(|(message, help)| {
                let file = &self.site.config_file;
                Diagnostic::error("E046", &file.path, message).at(&file.text, link.written_at()).with_help(help)
            })?,
            (None, fragment) => fragment.map(|f| format!("#{f}")).unwrap_or_default(),
        };
        let key = match found.trim_end_matches('/') {
            "" => "home".to_string(),
            section => section.to_string(),
        };
        Ok(SiteHref { label: link.label.clone(), href: self.site.base.href(&found) + &fragment, key })
    }

    fn slugs_of(&self, kind: Kind) -> impl Iterator<Item = &'a str> + '_ {
        self.site.docs.iter().map(|d| &d.document).filter(move |d| d.kind == kind).map(|d| d.slug.as_str())
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
            let folder = kind.folder().unwrap_or(kind.spec().plural);
            format!("there is no `content/{folder}/{slug}.md`; create it with `brief new {kind} \"…\"`")
        });
        Diagnostic::error("E040", &doc.path, format!("no {kind} has the slug `{slug}`")).with_help(help)
    }

    fn source_not_found(&self, doc: &Document, id: &str) -> Diagnostic {
        let help = suggest::did_you_mean(id, self.site.sources.iter().map(|s| s.entry.id.as_str()))
            .unwrap_or_else(|| ADD_SOURCE_HELP.into());
        Diagnostic::error("E041", &doc.path, format!("no source has the id `{id}`")).with_help(help)
    }

    fn resolve_link(
        &self,
        id: DocId,
        doc: &Document,
        link: &LinkRef,
        index: usize,
        citations: &mut Citations,
    ) -> Result<(ResolvedLink, Option<Target>), Diagnostic> {
        match &link.target {
            // `[[#fig-budget]]`, `[[#tbl-arrears]]`, `[[#background]]`: a part of this page,
            // named for what is there.
            LinkTarget::Wiki { kind: None, slug, anchor: Some(anchor), has_text } if slug.is_empty() => {
                let fragment = self.check_anchor(doc, link, Target::Doc(id), Some(anchor))?;
                let text = (!has_text)
                    .then(|| doc.outline.anchor_label(anchor, &self.site.interface).unwrap_or_else(|| anchor.clone()));
                Ok((ResolvedLink::To { href: fragment, text }, None))
            }
            LinkTarget::Wiki { kind, slug, anchor, has_text } => {
                let target = self.resolve_wiki(doc, link, kind.as_deref(), slug)?;
                let fragment = self.check_anchor(doc, link, target, anchor.as_deref())?;
                let href = self.site.base.href(&self.site.path_of(target)) + &fragment;
                let text = (!has_text).then(|| {
                    match (target, anchor) {
                        // A figure or a table of another page reads "Its title, Figure 2"; a
                        // heading, the page's title.
                        (Target::Doc(d), Some(anchor))
                            if anchor.starts_with(FIGURE_ID_PREFIX) || anchor.starts_with(TABLE_ID_PREFIX) =>
                        {
                            let label = self.site.doc(d).outline.anchor_label(anchor, &self.site.interface);
                            label.map(|label| format!("{}, {label}", self.site.title_of(target)))
                        }
                        _ => None,
                    }
                    .unwrap_or_else(|| self.site.title_of(target).to_string())
                });
                Ok((ResolvedLink::To { href, text }, Some(target)))
            }
            LinkTarget::Relative { path, anchor } => self.resolve_relative(doc, link, path, anchor.as_deref()),
            LinkTarget::Anchor(anchor) => {
                self.check_anchor(doc, link, Target::Doc(id), Some(anchor))?;
                Ok((ResolvedLink::Unchanged, None))
            }
            LinkTarget::Site { path, anchor } => self.resolve_site_path(doc, link, path, anchor.as_deref()),
            LinkTarget::Citation(cites) => {
                let mut found = Vec::with_capacity(cites.len());
                for cite in cites {
                    let Some(&source) = self.sources.get(cite.id.as_str()) else {
                        return Err(self.source_not_found(doc, &cite.id).at(&doc.text, body_range(doc, link)));
                    };
                    found.push((source, cite.clone()));
                }
                let mut marks = Vec::with_capacity(cites.len());
                for &(source, _) in &found {
                    let title = self.site.sources[source].entry.title.clone();
                    // An entry's text (an event's) is shown on other pages, which have no
                    // reference list of its own: its marks lead to the sources page instead.
                    let mark = if doc.kind.is_entry() {
                        let number = citations.number(source);
                        let href = self.site.base.href(&self.site.path_of(Target::Source(source)));
                        CitationMark { number, href, mark_id: None, title }
                    } else if self.site.citation_style.is_note_style() {
                        // The citation becomes a note, which links to the reference; the
                        // note's mark is the one its text links back to.
                        let number = citations.number(source);
                        let href = format!("#{}", crate::markdown::anchors::reference_anchor(number));
                        CitationMark { number, href, mark_id: None, title }
                    } else {
                        citations.cite(source, title)
                    };
                    marks.push(mark);
                }
                citations.record(index, found);
                Ok((super::citations::unstyled(marks, self.site.citation_style.is_note_style()), None))
            }
            LinkTarget::Unsafe(_) if !self.site.config.allow_raw_html => Ok((ResolvedLink::Removed, None)),
            LinkTarget::Unsafe(_) | LinkTarget::External(_) | LinkTarget::Empty => Ok((ResolvedLink::Unchanged, None)),
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
        let config = &self.site.config;
        let kind_names = || config.kind_names();
        match kind {
            Some("source") => {
                self.sources.get(slug).map(|&s| Target::Source(s)).ok_or_else(|| at(self.source_not_found(doc, slug)))
            }
            Some(name) => {
                if let Some(taxonomy) = config.taxonomy_named(name) {
                    return self
                        .topics
                        .get(&(taxonomy, slug))
                        .map(|&t| Target::Topic(t))
                        .ok_or_else(|| at(self.term_not_found(doc, taxonomy, slug)));
                }
                let Some(kind) = Kind::from_name(name).filter(|&k| k != Kind::Topic) else {
                    let prefixes: Vec<String> =
                        kind_names().into_iter().chain(["source".into()]).map(|k| format!("{k}:")).collect();
                    return Err(at(Diagnostic::error(
                        "E044",
                        &doc.path,
                        format!("`{name}:` is not a kind of content"),
                    )
                    .with_help(format!("write {} before the slug", listed(&prefixes, "or")))));
                };
                self.by_kind
                    .get(&(kind, slug))
                    .map(|&d| Target::Doc(d))
                    .ok_or_else(|| at(self.not_found(doc, kind, slug)))
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
                    let kinds = listed(&kind_names(), "or");
                    let help = suggest::did_you_mean(slug, self.by_slug.keys().copied())
                        .unwrap_or_else(|| format!("link a {kinds} by the name of its file"));
                    Err(at(Diagnostic::error("E042", &doc.path, format!("`[[{slug}]]` matches no {kinds}"))
                        .with_help(help)))
                }
            },
        }
    }

    /// The name `[[name:slug]]` gives what `target` is: its kind's, a topic's by its taxonomy.
    fn kind_name(&self, target: Target) -> String {
        match target {
            Target::Doc(d) => self.site.doc(d).kind.name().to_string(),
            Target::Topic(t) => self.site.taxonomy_of(t).name(),
            Target::Source(_) => "source".to_string(),
        }
    }

    /// No term of `taxonomy` has `slug`: the closest one, or how terms come to exist.
    fn term_not_found(&self, doc: &Document, taxonomy: TaxonomyId, slug: &str) -> Diagnostic {
        let of = self.site.config.taxonomy(taxonomy);
        let terms = self.site.topics.iter().filter(|t| t.taxonomy == taxonomy).map(|t| t.slug.as_str());
        let help = suggest::did_you_mean(slug, terms).unwrap_or_else(|| {
            let listing: Vec<&str> =
                Kind::ALL.iter().filter(|k| k.keys().contains(&"<taxonomy>")).map(|k| k.name()).collect();
            format!(
                "a {} exists once a {} lists it under `{}`, or with a file in content/{}/",
                of.singular_lower(),
                listed(&listing, "or"),
                of.key,
                of.folder()
            )
        });
        Diagnostic::error("E040", &doc.path, format!("no {} has the slug `{slug}`", of.singular_lower()))
            .with_help(help)
    }

    /// Checks `anchor` against the headings of `target`; gives the `#fragment` to append.
    fn check_anchor(
        &self,
        doc: &Document,
        link: &LinkRef,
        target: Target,
        anchor: Option<&str>,
    ) -> Result<String, Diagnostic> {
        self.anchor_of(target, anchor).map_err(|(message, help)| {
            Diagnostic::error("E046", &doc.path, message).at(&doc.text, body_range(doc, link)).with_help(help)
        })
    }

    /// `#anchor` on the page of `target`, if it has that heading, figure or table; or what is
    /// wrong (E046's message) and its help.
    fn anchor_of(&self, target: Target, anchor: Option<&str>) -> Result<String, (String, String)> {
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else { return Ok(String::new()) };
        let outline = match target {
            Target::Doc(d) => Some(&self.site.doc(d).outline),
            Target::Topic(t) => self.site.topics[t].doc.map(|d| &self.site.doc(d).outline),
            Target::Source(_) => None,
        };
        // An entry's headings are renamed where it is shown: none can be linked.
        let is_entry = matches!(target, Target::Doc(d) if self.site.doc(d).kind.is_entry());
        let found = !is_entry && outline.map_or(is_theme_id(anchor), |o| o.has_anchor(anchor));
        if found {
            return Ok(format!("#{anchor}"));
        }
        // A figure's id starts with `fig-`, a table's with `tbl-`: such an anchor is checked
        // against the figures or the tables, and any other against the headings.
        let (what, ids): (&str, Vec<&str>) = match outline {
            Some(o) if anchor.starts_with(FIGURE_ID_PREFIX) => {
                ("figure", o.figures.iter().map(|f| f.id.as_str()).collect())
            }
            Some(o) if anchor.starts_with(TABLE_ID_PREFIX) => {
                ("table", o.tables.iter().map(|t| t.id.as_str()).collect())
            }
            Some(o) => ("heading", o.headings.iter().map(|h| h.id.as_str()).collect()),
            None => ("heading", Vec::new()),
        };
        let name = self.site.title_of(target);
        let help = suggest::did_you_mean(anchor, ids.iter().copied()).unwrap_or_else(|| {
            if ids.is_empty() {
                format!("“{name}” has no {what}s to link to")
            } else {
                format!("its {what}s are: {}", ids.iter().map(|h| format!("#{h}")).collect::<Vec<_>>().join(", "))
            }
        });
        Err((format!("no {what} `#{anchor}` in “{name}”"), help))
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
            let Some(&target) = self.by_file.get(normalized.as_path()) else {
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
            let href = self.site.base.href(&self.site.path_of(target)) + &fragment;
            return Ok((ResolvedLink::To { href, text: None }, Some(target)));
        }
        if let Ok(inner) = normalized.strip_prefix("content/static") {
            let url_path = display_path(inner);
            if self.site_paths.contains_key(&url_path) {
                if link.is_image {
                    return Ok((self.image(doc, link, &url_path)?, None));
                }
                return Ok((ResolvedLink::To { href: self.site.base.href(&url_path), text: None }, None));
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

    /// An image among the static files, at `url_path`, with its size in pixels: a picture
    /// whose size cannot be read is an error (E055), since its page would move as it loads.
    fn image(&self, doc: &Document, link: &LinkRef, url_path: &str) -> Result<ResolvedLink, Diagnostic> {
        let href = self.site.base.href(url_path);
        // A path of the site that is a page, not a file (`/timeline/`), is not measured.
        let Some(&file) = self.static_files.get(url_path) else {
            return Ok(ResolvedLink::Image { href, size: None });
        };
        match self.picture_size(file) {
            Some(size) => Ok(ResolvedLink::Image { href, size: Some(size) }),
            None => Err(unmeasured(&doc.path, url_path).at(&doc.text, body_range(doc, link))),
        }
    }

    /// Each embed of `doc` whose frame would load from a host the site does not allow (E054).
    fn check_embed_hosts(&self, doc: &Document, problems: &mut Vec<Diagnostic>) {
        let hosts = &self.site.config.embed_hosts;
        for figure in &doc.outline.figures {
            let FigureKind::Embed(embed) = &figure.kind else { continue };
            let range = doc.body.start + embed.url_range.start..doc.body.start + embed.url_range.end;
            if embed.host == self.site.base.host() {
                // A frame of the page's own origin, with scripts and that origin, could lift
                // its own sandbox.
                problems.push(
                    Diagnostic::error(
                        "E054",
                        &doc.path,
                        format!("`{}` is this site's own host: it cannot be embedded", embed.host),
                    )
                    .at(&doc.text, range)
                    .with_help("link the page instead, with [[slug]] or its path"),
                );
                continue;
            }
            if hosts.contains(&embed.host) {
                continue;
            }
            let help = match suggest::did_you_mean(&embed.host, hosts.iter().map(String::as_str)) {
                Some(close) => format!(
                    "{close} To embed from `{}`, add `- {}` to `embed_hosts` in site.yaml",
                    embed.host, embed.host
                ),
                None => format!(
                    "add `- {}` to `embed_hosts` in site.yaml if you trust it: setting `embed_hosts` replaces the \
                     default list, so list every host the site embeds from",
                    embed.host
                ),
            };
            problems.push(
                Diagnostic::error(
                    "E054",
                    &doc.path,
                    format!("embeds from `{}` are not allowed by `embed_hosts` in site.yaml", embed.host),
                )
                .at(&doc.text, range)
                .with_help(help),
            );
        }
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
        let Some(found) = self.find_site_path(&relative) else {
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
        let mut target = self.site_paths[&found];
        if link.is_image && target.is_none() && anchor.is_none() {
            return Ok((self.image(doc, link, &found)?, None));
        }
        let fragment = match (target, anchor) {
            (Some(target), _) => self.check_anchor(doc, link, target, anchor)?,
            (None, Some(a)) if !a.is_empty() => self.check_page_anchor(doc, link, &found, a)?,
            (None, Some(a)) => format!("#{a}"),
            (None, None) => String::new(),
        };
        // A link to a source's entry on the sources page refers to the source, as a citation
        // does: the page is among those the entry lists, and the entry is listed.
        if found == SitePage::Sources.path(&self.site.config) {
            target = anchor.and_then(|a| self.sources.get(a)).map(|&s| Target::Source(s));
        }
        Ok((ResolvedLink::To { href: self.site.base.href(&found) + &fragment, text: None }, target))
    }

    /// The path of the site a link names by `relative` (`about`, `about/`, `about/index.html`
    /// all name `about/`), if the build writes something there.
    fn find_site_path(&self, relative: &str) -> Option<String> {
        [relative.to_string(), format!("{relative}/"), relative.trim_end_matches("index.html").to_string()]
            .into_iter()
            .find(|p| self.site_paths.contains_key(p))
    }

    /// `#a` on the generated page at `page`: an entry of a kind listed there (`/timeline/#e1`),
    /// a source on the sources page, or any anchor elsewhere.
    fn check_page_anchor(&self, doc: &Document, link: &LinkRef, page: &str, a: &str) -> Result<String, Diagnostic> {
        let entries = Kind::ALL.into_iter().find(|k| matches!(k.spec().pages, PageRule::Entry { on } if on == page));
        if let Some(kind) = entries {
            if self.by_kind.contains_key(&(kind, a)) || is_theme_id(a) {
                return Ok(format!("#{a}"));
            }
            let what = kind.spec().index.map_or(page, |index| index.what);
            let help = suggest::did_you_mean(a, self.slugs_of(kind))
                .unwrap_or_else(|| format!("link {} by its slug", with_article(kind.name())));
            return Err(Diagnostic::error("E051", &doc.path, format!("no {kind} `#{a}` on {what}"))
                .at(&doc.text, body_range(doc, link))
                .with_help(help));
        }
        if page == SitePage::Sources.path(&self.site.config) {
            return match self.sources.contains_key(a) {
                true => Ok(format!("#{a}")),
                false => Err(self.source_not_found(doc, a).at(&doc.text, body_range(doc, link))),
            };
        }
        Ok(format!("#{a}"))
    }
}

/// The width and height of a picture in pixels, if it is one brief can measure.
fn pixel_size(file: Static<'_>, url_path: &str) -> Option<(u32, u32)> {
    let is_svg = Path::new(url_path).extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    // A raster's size is in its first bytes: imagesize reads no more.
    let bytes = match file {
        Static::Site(StaticFile { origin, .. }) | Static::Theme(_, ThemeFile::Disk(origin)) if !is_svg => {
            return dimensions(imagesize::size(origin).ok()?);
        }
        Static::Site(StaticFile { origin, .. }) | Static::Theme(_, ThemeFile::Disk(origin)) => {
            std::borrow::Cow::Owned(crate::fs::read_capped(origin, crate::fs::STATIC_CAP).ok()?)
        }
        Static::Theme(_, ThemeFile::BuiltIn(bytes)) => std::borrow::Cow::Borrowed(*bytes),
        // A CSV file of content/data/ is no picture.
        Static::Data(_) => return None,
    };
    if is_svg { svg_size(std::str::from_utf8(&bytes).ok()?) } else { dimensions(imagesize::blob_size(&bytes).ok()?) }
}

/// E055: the size of the picture at `url_path`, which `file` shows, cannot be read.
fn unmeasured(file: &Path, url_path: &str) -> Diagnostic {
    Diagnostic::error("E055", file, format!("the size of the picture `/{url_path}` cannot be read")).with_help(
        "use a PNG, JPEG, GIF, WebP or AVIF file, or an SVG whose <svg> has `width` and `height` or a `viewBox`: \
         pages give every image its size so the text does not move as it loads",
    )
}

fn dimensions(size: imagesize::ImageSize) -> Option<(u32, u32)> {
    let (width, height) = (u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?);
    (width > 0 && height > 0).then_some((width, height))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::link;

    /// Each body link of the file `slug`, as resolved.
    fn links(site: &Site, slug: &str) -> Vec<ResolvedLink> {
        site.docs.iter().find(|d| d.document.slug == slug).map(|d| d.body_links.clone()).unwrap_or_default()
    }

    fn to(href: &str, text: Option<&str>) -> ResolvedLink {
        ResolvedLink::To { href: href.into(), text: text.map(str::to_string) }
    }

    /// The code, message and help of each problem resolving found (not the lints').
    fn problems(diagnostics: &crate::diagnostics::Diagnostics) -> Vec<(&str, &str, &str)> {
        diagnostics
            .iter()
            .filter(|d| !d.code.starts_with("W05"))
            .map(|d| (d.code, d.message.as_str(), d.help.as_deref().unwrap_or_default()))
            .collect()
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
    fn every_way_of_linking_a_page_leads_to_it() {
        let (site, found) = link(&[
            (
                "briefings/a.md",
                "---\ntitle: A\ndate: 2026-01-07\n---\n[[foc]], [[organization:foc|it]], \
                 [FOC](../organizations/foc.md#history), [it](/organizations/foc/), [[topic:t]], [[e]], [up](#a-head)\n\n\
                 ## A head\n",
            ),
            ("organizations/foc.md", "---\nname: Freedom Online Coalition\n---\n## History\n"),
            ("timeline/e.md", "---\ntitle: Event\ndate: 2026\ntopics: [t]\n---\n"),
        ]);
        assert!(problems(&found).is_empty(), "{found:?}");
        assert_eq!(
            links(&site, "a"),
            [
                to("/organizations/foc/", Some("Freedom Online Coalition")),
                to("/organizations/foc/", None),
                to("/organizations/foc/#history", None),
                to("/organizations/foc/", None),
                to("/topics/t/", Some("T")),
                to("/timeline/#e", Some("Event")),
                ResolvedLink::Unchanged,
            ]
        );
    }

    #[test]
    fn a_broken_reference_names_the_closest_and_is_removed() {
        let (site, found) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\norganizations: [fco]\n---\n[[fco]] [[nosuch:x]]\n"),
            ("organizations/foc.md", "---\nname: FOC\n---\n"),
        ]);
        assert_eq!(
            problems(&found),
            [
                ("E040", "no organization has the slug `fco`", "did you mean `foc`?"),
                (
                    "E042",
                    "`[[fco]]` matches no briefing, organization, topic, event, page or author",
                    "did you mean `foc`?"
                ),
                (
                    "E044",
                    "`nosuch:` is not a kind of content",
                    "write briefing:, organization:, topic:, event:, page:, author: or source: before the slug"
                ),
            ]
        );
        assert_eq!(links(&site, "a"), [ResolvedLink::Removed, ResolvedLink::Removed]);
        assert!(site.docs.iter().all(|d| d.refs.organizations.is_empty()));
    }

    #[test]
    fn a_slug_of_two_kinds_must_say_which() {
        let (_, found) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\n[[x]]\n"),
            ("pages/x.md", "---\ntitle: X\n---\n"),
            ("timeline/x.md", "---\ntitle: X\ndate: 2026\n---\n"),
        ]);
        assert_eq!(
            problems(&found),
            [("E043", "`[[x]]` is ambiguous: 2 items have this slug", "write [[page:x]] or [[event:x]]")]
        );
    }

    #[test]
    fn a_link_to_a_draft_says_it_is_one() {
        let (_, found) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\n[[plans]] [p](plans.md)\n"),
            ("briefings/plans.md", "---\ntitle: Plans\ndate: 2026-01-07\ndraft: true\n---\n"),
        ]);
        let messages: Vec<&str> = problems(&found).into_iter().map(|(_, message, _)| message).collect();
        assert_eq!(messages, ["the briefing `plans` is a draft, which this build leaves out"; 2]);
    }

    #[test]
    fn anchors_are_checked_against_headings_and_entries() {
        let (_, found) = link(&[
            ("pages/p.md", "---\ntitle: P\n---\n[[q#nope]] [t](/timeline/#e2) [t](/timeline/#e1) [s](/sources/#x)\n"),
            ("pages/q.md", "---\ntitle: Q\n---\n## Yes\n"),
            ("timeline/e1.md", "---\ntitle: E\ndate: 2026\n---\n## Inside\n"),
        ]);
        assert_eq!(
            problems(&found),
            [
                ("E046", "no heading `#nope` in “Q”", "its headings are: #yes"),
                ("E051", "no event `#e2` on the timeline", "did you mean `e1`?"),
                ("E041", "no source has the id `x`", ADD_SOURCE_HELP),
            ]
        );
    }

    #[test]
    fn a_generated_page_by_name_is_linked_with_a_warning() {
        let (site, found) = link(&[("pages/p.md", "---\ntitle: P\n---\n[[timeline]]\n")]);
        assert_eq!(problems(&found)[0].0, "W041");
        assert_eq!(links(&site, "p"), [to("/timeline/", Some("Timeline"))]);
    }
}
