//! Render: the site graph to files.
//!
//! Takes: a linked [`Site`] and its output plan ([`crate::link::plan`]). Gives: every file of
//! the plan, handed to a [`Sink`] as it is made (each page through its template with its
//! `page` value, each briefing's cite files from its reference (`how_to_cite.rs`), the
//! whole-site files from their generators, the static files as they are),
//! or the problems, each on its file: template errors (naming the template, its line and the
//! page), a stylesheet or script that cannot be read for the version in its address (E002),
//! data that cannot be serialized and files that cannot be stored (E061). Bodies and pages
//! render in parallel. A build ([`render`]) and the preview's [`Session`] are two passes of
//! one driver (`drive`), so the preview is what deploys.

mod data;
mod drive;
mod exports;
mod feeds;
mod how_to_cite;
mod pages;
#[cfg(test)]
mod reference;
mod session;
pub(crate) mod templates;
mod values;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::plan::{self, Feed, Generated, Page, SitePage};
use crate::link::{DocId, IdVec, Site};
use crate::markdown::{
    self,
    html::{self, BodyContext, RenderedBody},
};
use crate::model::Kind;
use crate::output::Sink;
use values::Values;

pub(crate) use session::Session;

/// Templates every theme must end up with (the default theme provides them all): the layout
/// every page extends and the template of each page of the output plan.
pub(crate) fn required_templates() -> Vec<&'static str> {
    std::iter::once("base.html").chain(plan::page_templates()).collect()
}

/// How much of each body the search index carries: up to 6,000 bytes, less on a large site,
/// so that the body text of the whole index stays near 4 MB, a download a reader can wait for.
/// Titles, summaries, organizations and topics are always indexed in full.
const SEARCH_TEXT_BYTES: usize = 6_000;
const SEARCH_TEXT_TOTAL: usize = 4_000_000;
const SEARCH_TEXT_FLOOR: usize = 400;

fn search_text_budget(documents: usize) -> usize {
    (SEARCH_TEXT_TOTAL / documents.max(1)).clamp(SEARCH_TEXT_FLOOR, SEARCH_TEXT_BYTES)
}

/// Renders every file of `site` into `sink`, pages in parallel, each handed over as soon as
/// it is made (so a large site never sits in memory whole). Returns the problems: template
/// errors (each naming the template, its line and the page) and failures to store a file.
/// Nothing in `sink` is meant for use when any is an error.
pub(crate) fn render(site: &Site, sink: &dyn Sink) -> Diagnostics {
    let tera = match load_templates(site) {
        Ok(tera) => tera,
        Err(problems) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    let bodies: Bodies = site.docs.par_ids().map(|id| Arc::new(render_body(site, id))).collect();
    let values = match Values::build(site, &bodies) {
        Ok(values) => values,
        Err(problem) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(problem);
            return diagnostics;
        }
    };
    let pages = Pages { site, values: &values, bodies: &bodies };
    let maker = Build { tera: &tera, site, bodies: &bodies };
    drive::drive(site, &pages, &plan::plan(site), &maker, sink)
}

/// A build's pass: every file made afresh.
struct Build<'a> {
    tera: &'a Tera,
    site: &'a Site,
    bodies: &'a Bodies,
}

impl drive::Maker for Build<'_> {
    fn page(&self, page: Page, file: &str, value: Value) -> Result<Arc<Vec<u8>>, Diagnostic> {
        render_page(self.tera, self.site, file, page.template(), value).map(Arc::new)
    }

    fn generated(&self, generated: Generated) -> std::io::Result<Vec<u8>> {
        make_generated(self.site, self.bodies, generated)
    }

    fn feed(&self, feed: Feed) -> std::io::Result<Vec<u8>> {
        feeds::atom(self.site, self.bodies, feed)
    }
}

/// The theme's templates, with the `site` value every page sees and the site's interface
/// strings (`t()`).
fn load_templates(site: &Site) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = templates::load(&site.theme, &site.interface)?;
    let assets = asset_urls(site)?;
    tera.global_context().insert_value("site", pages::site_value(site, &assets).map_err(|problem| vec![problem])?);
    Ok(tera)
}

/// One page, through its template.
fn render_page(tera: &Tera, site: &Site, file: &str, template: &str, page: Value) -> Result<Vec<u8>, Diagnostic> {
    let url = site.base.href(file.trim_end_matches("index.html"));
    let mut context = Context::new();
    context.insert_value("page", page);
    templates::render(tera, &site.theme, template, &context, &url)
}

/// A whole-site file, made from the site and its bodies.
fn make_generated(site: &Site, bodies: &Bodies, generated: Generated) -> std::io::Result<Vec<u8>> {
    match generated {
        Generated::Sitemap => feeds::sitemap(site),
        Generated::Robots => Ok(feeds::robots(site)),
        Generated::SearchIndex => Ok(exports::search_index(site, bodies)?),
        Generated::OrganizationsExport => Ok(exports::organizations(site)?),
        Generated::TimelineExport => Ok(exports::timeline(site)?),
    }
}

/// Every document's body, by document.
pub(crate) type Bodies = IdVec<DocId, Arc<ShownBody>>;

/// A document's body as pages use it: the HTML as a template value (one copy, shared by the
/// pages and cards that show it, and compared by pointer between renders), and the plain
/// text for the search index and excerpts.
pub(crate) struct ShownBody {
    pub(crate) content: Value,
    pub(crate) text: String,
    pub(crate) excerpt: String,
    /// The HTML as the feeds carry it, every link a full address, with the page's address it
    /// was made for: made once, for the first feed that carries it (a briefing is in the
    /// site's feed and in those of its topics, organizations and authors).
    pub(crate) in_feeds: std::sync::OnceLock<(String, Arc<str>)>,
    /// The links of the HTML that lead away from it, in order, for the printed page's endnotes.
    endnotes: Vec<pages::Endnote>,
}

impl ShownBody {
    fn new(body: RenderedBody, base: &crate::link::site::BaseUrl) -> ShownBody {
        let endnotes = endnotes(&body.html, base);
        ShownBody {
            content: Value::safe_string(&body.html),
            text: body.text,
            excerpt: body.excerpt,
            in_feeds: std::sync::OnceLock::new(),
            endnotes,
        }
    }

    pub(crate) fn html(&self) -> &str {
        self.content.as_str().unwrap_or_default()
    }
}

fn render_body(site: &Site, id: DocId) -> ShownBody {
    let doc = site.doc(id);
    let mut ids = doc.outline.heading_ids();
    let mut footnotes = doc.outline.footnotes.clone();
    // An entry's text (an event's) is only shown on other pages (the timeline, the home page,
    // its organizations and topics), beside other entries: its ids carry its slug.
    if doc.kind.is_entry() {
        for heading_id in &mut ids {
            *heading_id = markdown::shown_away_id(&doc.slug, heading_id);
        }
        for (_, footnote_id) in &mut footnotes {
            *footnote_id = markdown::shown_away_id(&doc.slug, footnote_id);
        }
    }
    let tables = table_html(doc, &site.docs[id].tables, &site.interface);
    let context = BodyContext {
        links: &site.docs[id].body_links,
        heading_ids: &ids,
        footnote_ids: &footnotes,
        shown_away: doc.kind.is_entry().then_some(doc.slug.as_str()),
        figures: &doc.outline.figures,
        eager_image: doc.outline.eager_image,
        allow_raw_html: site.config.allow_raw_html,
        tables: &tables,
        text_budget: search_text_budget(site.docs.len()),
        interface: &site.interface,
    };
    ShownBody::new(html::render(doc.body_text(), &context), &site.base)
}

/// The links of a body's `html` that lead away from it (every `<a href>` but those to a place
/// on the page, `#…`), in order, each with its text and its full address: on paper, each such
/// link is numbered in the text (print.css counts the same links, `.prose a[href]:not([href^="#"])`)
/// and listed at the end with its address.
fn endnotes(html: &str, base: &crate::link::site::BaseUrl) -> Vec<pages::Endnote> {
    let origin = base.url.strip_suffix(base.path.as_str()).unwrap_or(&base.url);
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        rest = &rest[start + 3..];
        let Some(tag_end) = rest.find('>') else { break };
        let Some(href) = attribute(&rest[..tag_end], "href") else { continue };
        let Some(close) = rest.find("</a>") else { break };
        let inner = &rest[tag_end + 1..close];
        rest = &rest[close..];
        if href.starts_with('#') {
            continue;
        }
        let url = if href.starts_with('/') { format!("{origin}{href}") } else { href.to_string() };
        found.push(pages::Endnote { text: data::Safe::new(without_tags(inner).trim()), url: data::Safe::new(&url) });
    }
    found
}

/// The value of `name` in the attributes of a start tag as brief writes them (`name="…"`).
fn attribute<'h>(attributes: &'h str, name: &str) -> Option<&'h str> {
    let at = attributes
        .split_once(&format!(" {name}=\""))
        .map(|(_, after)| after)
        .or_else(|| attributes.strip_prefix(&format!("{name}=\"")))?;
    at.split_once('"').map(|(value, _)| value)
}

/// HTML text with its tags taken out (its character references kept, so it stays HTML).
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The HTML of each table block of `doc`, with its id as the page shows it (an event's carry
/// its slug); nothing for a block whose file is not a table, which stops the build anyway.
fn table_html(
    doc: &crate::parse::Document,
    tables: &[Option<crate::link::ResolvedTable>],
    interface: &crate::i18n::Interface,
) -> Vec<String> {
    doc.outline
        .tables
        .iter()
        .zip(tables)
        .map(|(block, resolved)| match resolved {
            Some(found) => {
                let id =
                    if doc.kind.is_entry() { markdown::shown_away_id(&doc.slug, &block.id) } else { block.id.clone() };
                markdown::table_blocks::html(block, &id, &found.table, &found.href, &found.file_name, interface)
            }
            None => String::new(),
        })
        .collect()
}

/// Cache-busting URLs of the stylesheets and scripts, `css/site.css?v=…`, versioned by the
/// file that is actually served: the site's own `content/static/` copy when it replaces the
/// theme's. A file that cannot be read is an error on that file (E002): a version made of
/// nothing would keep readers on a stale copy.
fn asset_urls(site: &Site) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let is_asset = |path: &str| path.ends_with(".css") || path.ends_with(".js");
    let mut assets = Vec::new();
    let mut problems = Vec::new();
    for file in plan::static_files(site).filter(|file| is_asset(file.file())) {
        match drive::copied(file).read() {
            Ok(bytes) => {
                let path = file.file();
                let hash = fnv1a(&bytes);
                assets.push((path.to_string(), format!("{}?v={:08x}", site.base.href(path), hash as u32)));
            }
            Err(e) => problems.push(crate::load::unreadable(&site.root, &e)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    assets.sort();
    Ok(assets)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// What the pages of a render are made of: the site, the cards and the bodies. `pages.rs`
/// makes the value of each kind of page.
struct Pages<'a> {
    site: &'a Site,
    values: &'a Values,
    bodies: &'a Bodies,
}

impl Pages<'_> {
    /// The `page` value of `page`, written to `file`.
    fn value(&self, page: Page, file: &str) -> Result<Value, Diagnostic> {
        let value = match page {
            Page::Site(SitePage::Home) => self.home(),
            Page::Site(SitePage::Index(kind, _)) => self.index(kind).unwrap_or_else(|| Ok(Value::none())),
            Page::Site(SitePage::Terms(taxonomy)) => self.topics(taxonomy),
            Page::Site(SitePage::Sources) => self.sources(),
            Page::Site(SitePage::Corrections) => self.corrections(),
            Page::Site(SitePage::Data) => self.data(),
            Page::Site(SitePage::Search) => self.search(),
            Page::Site(SitePage::NotFound) => self.not_found(),
            Page::Doc { id, .. } => self.doc_page(id).unwrap_or_else(|| Ok(Value::none())),
            Page::Topic { id, .. } => self.topic(id),
        };
        value.map_err(|e| data::cannot_make(file, e))
    }

    /// The value of `kind`'s index page, for the kinds whose spec has one (each taxonomy's
    /// index is a page of its own, [`SitePage::Terms`]).
    fn index(&self, kind: Kind) -> Option<Result<Value, tera::Error>> {
        match kind {
            Kind::Briefing => Some(self.briefings()),
            Kind::Organization => Some(self.organizations()),
            Kind::Event => Some(self.timeline()),
            Kind::Author => Some(self.authors()),
            Kind::Page | Kind::Topic => None,
        }
    }

    /// The value of a document's page of its own, for the kinds whose spec gives one.
    fn doc_page(&self, id: DocId) -> Option<Result<Value, tera::Error>> {
        match self.site.doc(id).kind {
            Kind::Briefing => Some(self.briefing(id)),
            Kind::Organization => Some(self.organization(id)),
            Kind::Page => Some(self.free_page(id)),
            Kind::Author => Some(self.author(id)),
            // A topic's file shows on its topic's page, an event on the timeline.
            Kind::Topic | Kind::Event => None,
        }
    }
}

/// The shape of the `page` value [`Pages::value`] makes for a page every site has, for the
/// template reference. Its matches mirror `value`'s, so a new page cannot be left out of it.
#[cfg(test)]
fn site_page_shape(page: SitePage) -> Option<data::Shape> {
    use data::Described;
    use pages::*;
    match page {
        SitePage::Home => Some(HomePage::shape()),
        SitePage::Index(kind, _) => match kind {
            Kind::Briefing => Some(BriefingsPage::shape()),
            Kind::Organization => Some(OrganizationsPage::shape()),
            Kind::Event => Some(TimelinePage::shape()),
            Kind::Author => Some(AuthorsPage::shape()),
            Kind::Page | Kind::Topic => None,
        },
        SitePage::Terms(_) => Some(TopicsPage::shape()),
        SitePage::Sources => Some(SourcesPage::shape()),
        SitePage::Corrections => Some(CorrectionsPage::shape()),
        SitePage::Data => Some(DataPage::shape()),
        SitePage::Search | SitePage::NotFound => Some(PageBase::shape()),
    }
}

/// The shape of the `page` value of a page of `kind`'s own (a document's, or a topic's), as
/// [`Pages::doc_page`] and [`Pages::topic`] make it.
#[cfg(test)]
fn kind_page_shape(kind: Kind) -> Option<data::Shape> {
    use data::Described;
    use pages::*;
    match kind {
        Kind::Briefing => Some(BriefingPage::shape()),
        Kind::Organization => Some(OrganizationPage::shape()),
        Kind::Page => Some(FreePage::shape()),
        Kind::Author => Some(AuthorPage::shape()),
        Kind::Topic => Some(TopicPage::shape()),
        Kind::Event => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::link::testing::{assert_in_order, link};
    use crate::output::Collector;

    /// One file of each kind, linking each other.
    const SITE: &[(&str, &str)] = &[
        ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\norganizations: [o]\ntopics: [t]\n---\nSee [[e]].\n"),
        ("organizations/o.md", "---\nname: O\n---\nAn organization.\n"),
        ("timeline/e.md", "---\ntitle: E\ndate: 2026\norganizations: [o]\n---\nIt happened.\n"),
        ("topics/t.md", "---\ntitle: T\n---\nA topic.\n"),
        ("pages/about.md", "---\ntitle: About\n---\nUs.\n"),
    ];

    /// Every document's body, as a render makes them.
    pub(super) fn bodies(site: &Site) -> Bodies {
        site.docs.par_ids().map(|id| Arc::new(render_body(site, id))).collect()
    }

    #[test]
    fn every_page_the_specs_give_has_a_value() {
        let (site, _) = link(SITE);
        let bodies = bodies(&site);
        let values = Values::build(&site, &bodies).expect("cards");
        let pages = Pages { site: &site, values: &values, bodies: &bodies };
        for kind in Kind::ALL {
            assert_eq!(pages.index(kind).is_some(), kind.spec().index.is_some(), "{kind}");
        }
        for id in site.docs.ids() {
            let kind = site.doc(id).kind;
            assert_eq!(pages.doc_page(id).is_some(), plan::doc_page(&site, id).is_some(), "{kind}");
        }
    }

    #[test]
    fn a_build_writes_exactly_the_files_of_the_plan() {
        let (site, _) = link(SITE);
        let collector = Collector::default();
        let problems = render(&site, &collector);
        assert!(problems.is_empty(), "{problems:?}");
        let written: BTreeSet<String> = collector.into_output().files.into_keys().collect();
        let planned: BTreeSet<String> = plan::plan(&site).iter().map(|file| file.file(&site)).collect();
        assert_eq!(written, planned);
    }

    #[test]
    fn the_navigation_leads_to_the_index_pages_the_sources_and_the_about_page() {
        let (site, _) = link(SITE);
        let value = pages::site_value(&site, &[]).expect("the site value");
        let nav = value.as_map().and_then(|m| m.get(&tera::value::Key::from("nav"))).and_then(Value::as_array);
        let keys: Vec<String> = nav
            .into_iter()
            .flatten()
            .map(|entry| {
                entry
                    .as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("key")))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        assert_in_order(&keys, &["briefings", "organizations", "topics", "timeline", "sources", "about"]);
        assert_eq!(keys[keys.len() - 2..], ["sources", "about"]);
    }
}
