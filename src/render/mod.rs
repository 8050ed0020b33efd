//! Render: the site graph to files.
//!
//! Takes: a linked [`Site`] and its output plan ([`crate::link::plan`]). Gives: every file of
//! the plan, handed to a [`Sink`] as it is made (each page through its template with its
//! `page` value, the whole-site files from their generators, the static files as they are),
//! or the template errors (each naming the template, its line and the page). Bodies and pages
//! render in parallel. A build ([`render`]) and the preview's [`Session`] are two passes of
//! one driver (`drive`), so the preview is what deploys.

mod drive;
mod exports;
mod feeds;
mod session;
pub mod templates;
mod values;

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::plan::{self, Generated, Page, SitePage};
use crate::link::{DocId, IdVec, Site, Target, TopicId, citations};
use crate::markdown::{
    self,
    html::{self, BodyContext, RenderedBody},
};
use crate::model::{Kind, Meta, UsStatus};
use crate::output::Sink;
use values::{Values, date_value, list, obj, shorten, status_value, toc};

pub use session::Session;

/// Templates every theme must end up with (the default theme provides them all): the layout
/// every page extends and the template of each page of the output plan.
pub fn required_templates() -> Vec<&'static str> {
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
/// Briefings on the home page.
const HOME_BRIEFINGS: usize = 6;
/// Timeline events on the home page.
const HOME_EVENTS: usize = 5;
/// Related briefings are computed by the link stage; the page shows them all.
const DESCRIPTION_CHARS: usize = 160;

/// Renders every file of `site` into `sink`, pages in parallel, each handed over as soon as
/// it is made (so a large site never sits in memory whole). Returns the problems: template
/// errors (each naming the template, its line and the page) and failures to store a file.
/// Nothing in `sink` is meant for use when any is an error.
pub fn render(site: &Site, sink: &dyn Sink) -> Diagnostics {
    let tera = match load_templates(site) {
        Ok(tera) => tera,
        Err(problems) => {
            let mut diagnostics = Diagnostics::new();
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    let bodies: Bodies = site.docs.par_ids().map(|id| Arc::new(render_body(site, id))).collect();
    let values = Values::build(site, &bodies);
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
}

/// The theme's templates, with the `site` value every page sees.
fn load_templates(site: &Site) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = templates::load(&site.theme)?;
    let assets = asset_urls(site);
    tera.global_context().insert_value("site", site_value(site, &assets));
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
        Generated::Feed => feeds::atom(site, bodies),
        Generated::Sitemap => feeds::sitemap(site),
        Generated::Robots => Ok(feeds::robots(site)),
        Generated::SearchIndex => Ok(exports::search_index(site, bodies)),
        Generated::OrganizationsExport => Ok(exports::organizations(site)),
        Generated::TimelineExport => Ok(exports::timeline(site)),
    }
}

/// Every document's body, by document.
pub type Bodies = IdVec<DocId, Arc<ShownBody>>;

/// A document's body as pages use it: the HTML as a template value (one copy, shared by the
/// pages and cards that show it, and compared by pointer between renders), and the plain
/// text for the search index and excerpts.
pub struct ShownBody {
    pub content: Value,
    pub text: String,
    pub excerpt: String,
}

impl ShownBody {
    fn new(body: RenderedBody) -> ShownBody {
        ShownBody { content: Value::safe_string(&body.html), text: body.text, excerpt: body.excerpt }
    }

    pub fn html(&self) -> &str {
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
    let context = BodyContext {
        links: &site.docs[id].body_links,
        heading_ids: &ids,
        footnote_ids: &footnotes,
        allow_raw_html: site.config.allow_raw_html,
        text_budget: search_text_budget(site.docs.len()),
    };
    ShownBody::new(html::render(doc.body_text(), &context))
}

/// Cache-busting URLs of the stylesheets and scripts, `css/site.css?v=…`, versioned by the
/// file that is actually served: the site's own `content/static/` copy when it replaces the
/// theme's.
fn asset_urls(site: &Site) -> Vec<(String, String)> {
    let is_asset = |path: &str| path.ends_with(".css") || path.ends_with(".js");
    let mut assets: Vec<(String, String)> = plan::static_files(site)
        .filter(|file| is_asset(file.file()))
        .map(|file| {
            let body = drive::copied(file);
            let hash = fnv1a(&body.read().unwrap_or_default());
            let path = file.file();
            (path.to_string(), format!("{}?v={:08x}", site.base.href(path), hash as u32))
        })
        .collect();
    assets.sort();
    assets
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn site_value(site: &Site, assets: &[(String, String)]) -> Value {
    let config = &site.config;
    let mut nav: Vec<Value> = SitePage::all()
        .filter(|page| page.in_nav())
        .map(|page| {
            let key = page.path().trim_end_matches('/');
            obj(vec![
                ("key", Value::from(key)),
                ("title", Value::from(page.name().unwrap_or(key))),
                ("url", Value::from(site.base.href(page.path()))),
            ])
        })
        .collect();
    if let Some(&about) = site.listed(Kind::Page).iter().find(|&&p| site.doc(p).slug == "about") {
        nav.push(obj(vec![
            ("key", Value::from("about")),
            ("title", Value::from("About")),
            ("url", Value::from(site.base.href(&site.docs[about].path))),
        ]));
    }
    let pages = list(site.listed(Kind::Page).iter().map(|&p| {
        obj(vec![
            ("title", Value::from(site.doc(p).title())),
            ("url", Value::from(site.base.href(&site.docs[p].path))),
            ("slug", Value::from(site.doc(p).slug.as_str())),
        ])
    }));
    let asset_map = Value::from(assets.iter().cloned().collect::<std::collections::BTreeMap<String, String>>());
    obj(vec![
        ("title", Value::from(config.title.as_str())),
        ("description", config.description.as_deref().map_or_else(Value::none, Value::from)),
        ("author", config.author.as_deref().map_or_else(Value::none, Value::from)),
        ("language", Value::from(config.language.as_str())),
        ("base_url", Value::from(site.base.url.as_str())),
        ("base_path", Value::from(site.base.path.as_str())),
        ("home_url", Value::from(site.base.path.as_str())),
        ("feed_url", Value::from(site.base.href(Generated::Feed.file()))),
        ("search_index_url", Value::from(site.base.href(Generated::SearchIndex.file()))),
        ("nav", Value::from(nav)),
        ("pages", pages),
        ("assets", asset_map),
        ("generator", Value::from(concat!("brief ", env!("CARGO_PKG_VERSION")))),
    ])
}

/// What the pages of a render are made of: the site, the cards and the bodies.
struct Pages<'a> {
    site: &'a Site,
    values: &'a Values,
    bodies: &'a Bodies,
}

impl Pages<'_> {
    /// The `page` value of `page`.
    fn value(&self, page: Page) -> Value {
        match page {
            Page::Site(SitePage::Home) => self.home(),
            Page::Site(SitePage::Index(kind, _)) => self.index(kind).unwrap_or_else(Value::none),
            Page::Site(SitePage::Sources) => self.sources(),
            Page::Site(SitePage::Search) => self.search(),
            Page::Site(SitePage::NotFound) => self.not_found(),
            Page::Doc { id, .. } => self.doc_page(id).unwrap_or_else(Value::none),
            Page::Topic { id, .. } => self.topic(id),
        }
    }

    /// The value of `kind`'s index page, for the kinds whose spec has one.
    fn index(&self, kind: Kind) -> Option<Value> {
        match kind {
            Kind::Briefing => Some(self.briefings()),
            Kind::Organization => Some(self.organizations()),
            Kind::Topic => Some(self.topics()),
            Kind::Event => Some(self.timeline()),
            Kind::Page => None,
        }
    }

    /// The value of a document's page of its own, for the kinds whose spec gives one.
    fn doc_page(&self, id: DocId) -> Option<Value> {
        match self.site.doc(id).kind {
            Kind::Briefing => Some(self.briefing(id)),
            Kind::Organization => Some(self.organization(id)),
            Kind::Page => Some(self.free_page(id)),
            // A topic's file shows on its topic's page, an event on the timeline.
            Kind::Topic | Kind::Event => None,
        }
    }

    /// The fields every page has.
    fn base(
        &self,
        kind: &str,
        section: &str,
        title: &str,
        path: &str,
        description: Option<&str>,
    ) -> Vec<(&'static str, Value)> {
        let site = self.site;
        let description =
            description.map(|d| shorten(d, DESCRIPTION_CHARS)).or_else(|| site.config.description.clone());
        vec![
            ("kind", Value::from(kind)),
            ("section", Value::from(section)),
            ("title", Value::from(title)),
            ("url", Value::from(site.base.href(path))),
            ("permalink", Value::from(site.base.permalink(path))),
            ("description", description.map_or_else(Value::none, Value::from)),
        ]
    }

    fn doc_base(&self, id: DocId, section: &str) -> Vec<(&'static str, Value)> {
        let site = self.site;
        let doc = site.doc(id);
        let description = doc.meta.summary().map(str::to_string).or_else(|| values::excerpt(&self.bodies[id]));
        let mut fields = self.base(doc.kind.name(), section, doc.title(), &site.docs[id].path, description.as_deref());
        fields.extend([
            ("slug", Value::from(doc.slug.as_str())),
            ("content", self.bodies[id].content.clone()),
            ("toc", toc(&doc.outline.headings)),
            ("references", self.references(id)),
            ("words", Value::from(doc.outline.words)),
        ]);
        fields
    }

    fn references(&self, id: DocId) -> Value {
        list(self.site.docs[id].references.iter().map(|r| {
            obj(vec![
                ("number", Value::from(r.number)),
                ("id", Value::from(citations::reference_anchor(r.number))),
                ("source", self.values.sources[r.source].clone()),
                ("marks", Value::from(r.marks.clone())),
            ])
        }))
    }

    fn briefing(&self, id: DocId) -> Value {
        let site = self.site;
        let Meta::Briefing(m) = &site.doc(id).meta else { return Value::none() };
        let card = &self.values.docs[id];
        let mut fields = self.doc_base(id, "briefings");
        fields.extend([
            ("date", date_value(m.date)),
            ("updated", m.updated.map_or_else(Value::none, date_value)),
            ("summary", m.summary.as_deref().map_or_else(Value::none, Value::from)),
            ("organizations", field(card, "organizations")),
            ("topics", field(card, "topics")),
            ("reading_minutes", Value::from(site.doc(id).outline.words.div_ceil(220).max(1))),
            ("backlinks", list(site.docs[id].backlinks.iter().map(|&d| self.values.docs[d].clone()))),
            ("related", list(site.docs[id].related.iter().map(|&d| self.values.docs[d].clone()))),
            ("json_ld", Value::safe_string(&exports::briefing_json_ld(site, id))),
        ]);
        obj(fields)
    }

    fn organization(&self, id: DocId) -> Value {
        let site = self.site;
        let Meta::Organization(m) = &site.doc(id).meta else { return Value::none() };
        let target = Target::Doc(id);
        let parent = match (site.docs[id].refs.parent, &m.parent) {
            (Some(p), _) => self.values.refs[p].clone(),
            (None, Some(text)) => obj(vec![("title", Value::from(text.as_str())), ("url", Value::none())]),
            (None, None) => Value::none(),
        };
        let mut fields = self.doc_base(id, "organizations");
        fields.extend([
            ("acronym", m.acronym.as_deref().map_or_else(Value::none, Value::from)),
            ("org_kind", m.kind.as_deref().map_or_else(Value::none, Value::from)),
            ("parent", parent),
            ("founded", m.founded.map_or_else(Value::none, |d| Value::from(d.human()))),
            ("members", m.members.as_deref().map_or_else(Value::none, Value::from)),
            ("status", status_value(m.us_status)),
            ("status_date", m.us_status_date.map_or_else(Value::none, date_value)),
            ("website", m.website.as_deref().map_or_else(Value::none, Value::from)),
            ("briefings", self.values.backlinks_of_kind(site, target, Kind::Briefing)),
            ("events", self.values.backlinks_of_kind(site, target, Kind::Event)),
            (
                "children",
                list(
                    site.listed(Kind::Organization)
                        .iter()
                        .filter(|&&o| site.docs[o].refs.parent == Some(id))
                        .map(|&o| self.values.docs[o].clone()),
                ),
            ),
            ("backlinks", self.values.backlinks_except(site, target, &[Kind::Briefing, Kind::Event])),
        ]);
        obj(fields)
    }

    fn topic(&self, id: TopicId) -> Value {
        let site = self.site;
        let topic = &site.topics[id];
        let target = Target::Topic(id);
        let mut fields = match topic.doc {
            Some(doc) => {
                let mut f = self.doc_base(doc, "topics");
                f.push(("summary", site.doc(doc).meta.summary().map_or_else(Value::none, Value::from)));
                f
            }
            None => {
                let mut f = self.base("topic", "topics", &topic.title, &site.path_of(target), None);
                f.extend([
                    ("slug", Value::from(topic.slug.as_str())),
                    ("content", Value::none()),
                    ("toc", list([])),
                    ("references", list([])),
                    ("summary", Value::none()),
                ]);
                f
            }
        };
        fields.extend([
            ("kind", Value::from("topic")),
            ("briefings", self.values.backlinks_of_kind(site, target, Kind::Briefing)),
            ("events", self.values.backlinks_of_kind(site, target, Kind::Event)),
            ("backlinks", self.values.backlinks_except(site, target, &[Kind::Briefing, Kind::Event])),
        ]);
        obj(fields)
    }

    fn free_page(&self, id: DocId) -> Value {
        let site = self.site;
        let mut fields = self.doc_base(id, &site.doc(id).slug);
        fields.extend([
            ("summary", site.doc(id).meta.summary().map_or_else(Value::none, Value::from)),
            ("backlinks", list(site.docs[id].backlinks.iter().map(|&d| self.values.docs[d].clone()))),
        ]);
        obj(fields)
    }

    fn home(&self) -> Value {
        let site = self.site;
        let mut recent: Vec<DocId> = site.listed(Kind::Event).to_vec();
        recent.sort_by(|&a, &b| {
            event_date(site, b).cmp(&event_date(site, a)).then(site.doc(a).slug.cmp(&site.doc(b).slug))
        });
        let mut fields = self.base("home", "home", &site.config.title, "", site.config.description.as_deref());
        fields.extend([
            (
                "briefings",
                list(site.listed(Kind::Briefing).iter().take(HOME_BRIEFINGS).map(|&d| self.values.docs[d].clone())),
            ),
            ("status_groups", self.status_groups(false)),
            ("events", list(recent.iter().take(HOME_EVENTS).map(|&d| self.values.docs[d].clone()))),
            (
                "counts",
                obj(vec![
                    ("briefings", Value::from(site.listed(Kind::Briefing).len())),
                    ("organizations", Value::from(site.listed(Kind::Organization).len())),
                    ("topics", Value::from(site.topics.len())),
                    ("events", Value::from(site.listed(Kind::Event).len())),
                ]),
            ),
        ]);
        obj(fields)
    }

    /// Organizations by U.S. status (and, for the index, by kind within each status).
    fn status_groups(&self, by_kind: bool) -> Value {
        let site = self.site;
        let statuses: Vec<Option<UsStatus>> = UsStatus::ALL.iter().copied().map(Some).chain([None]).collect();
        list(statuses.into_iter().filter_map(|status| {
            let members: Vec<DocId> =
                site.listed(Kind::Organization).iter().copied().filter(|&o| org_status(site, o) == status).collect();
            if members.is_empty() {
                return None;
            }
            let mut fields = vec![("status", status_value(status)), ("count", Value::from(members.len()))];
            fields.push(("organizations", list(members.iter().map(|&o| self.values.docs[o].clone()))));
            if by_kind {
                let mut kinds: Vec<&str> = members.iter().map(|&o| org_kind(site, o)).collect();
                kinds.sort_unstable_by_key(|k| k.to_lowercase());
                kinds.dedup();
                fields.push((
                    "kinds",
                    list(kinds.into_iter().map(|kind| {
                        let in_kind = members
                            .iter()
                            .filter(|&&o| org_kind(site, o) == kind)
                            .map(|&o| self.values.docs[o].clone());
                        obj(vec![("kind", Value::from(kind)), ("organizations", list(in_kind))])
                    })),
                ));
            }
            Some(obj(fields))
        }))
    }

    fn briefings(&self) -> Value {
        let site = self.site;
        let mut fields =
            self.base("briefings", "briefings", "Briefings", "briefings/", Some("Every briefing, newest first."));
        fields.push(("years", self.by_year(site.listed(Kind::Briefing), |id| briefing_year(site, id))));
        fields.push(("count", Value::from(site.listed(Kind::Briefing).len())));
        obj(fields)
    }

    fn organizations(&self) -> Value {
        let site = self.site;
        let mut kinds: Vec<&str> = site.listed(Kind::Organization).iter().map(|&o| org_kind(site, o)).collect();
        kinds.sort_unstable_by_key(|k| k.to_lowercase());
        kinds.dedup();
        let description = "Every organization these briefings discuss, grouped by where the United States stands.";
        let mut fields =
            self.base("organizations", "organizations", "Organizations", "organizations/", Some(description));
        fields.extend([
            ("groups", self.status_groups(true)),
            ("kinds", Value::from(kinds.into_iter().map(String::from).collect::<Vec<_>>())),
            ("count", Value::from(site.listed(Kind::Organization).len())),
        ]);
        obj(fields)
    }

    fn topics(&self) -> Value {
        let mut fields = self.base(
            "topics",
            "topics",
            "Topics",
            "topics/",
            Some("The themes the briefings cover, with how often each appears."),
        );
        let mut order: Vec<TopicId> = self.site.topics.ids().collect();
        order.sort_by_key(|&t| self.site.topics[t].title.to_lowercase());
        fields.push(("topics", list(order.into_iter().map(|t| self.values.topics[t].clone()))));
        obj(fields)
    }

    fn timeline(&self) -> Value {
        let site = self.site;
        let description = "The events behind the briefings, in order.";
        let mut fields = self.base("timeline", "timeline", "Timeline", "timeline/", Some(description));
        let mut orgs: Vec<DocId> =
            site.listed(Kind::Event).iter().flat_map(|&e| site.docs[e].refs.organizations.iter().copied()).collect();
        orgs.sort_by_key(|&o| site.doc(o).title().to_lowercase());
        orgs.dedup();
        let mut topics: Vec<TopicId> =
            site.listed(Kind::Event).iter().flat_map(|&e| site.docs[e].refs.topics.iter().copied()).collect();
        topics.sort_by_key(|&t| site.topics[t].title.to_lowercase());
        topics.dedup();
        fields.extend([
            ("years", self.by_year(site.listed(Kind::Event), |id| event_date(site, id).map_or(0, |d| d.year()))),
            ("count", Value::from(site.listed(Kind::Event).len())),
            ("order", Value::from(format!("{:?}", site.config.timeline_order).to_lowercase())),
            ("organizations", list(orgs.into_iter().map(|o| self.values.refs[o].clone()))),
            ("topics", list(topics.into_iter().map(|t| self.values.topic_refs[t].clone()))),
        ]);
        obj(fields)
    }

    /// `[{year, items}]`, keeping the order of `ids`.
    fn by_year(&self, ids: &[DocId], year: impl Fn(DocId) -> i32) -> Value {
        let mut groups: Vec<(i32, Vec<Value>)> = Vec::new();
        for &id in ids {
            let y = year(id);
            match groups.last_mut() {
                Some((last, items)) if *last == y => items.push(self.values.docs[id].clone()),
                _ => groups.push((y, vec![self.values.docs[id].clone()])),
            }
        }
        list(groups.into_iter().map(|(y, items)| obj(vec![("year", Value::from(y)), ("items", list(items))])))
    }

    fn sources(&self) -> Value {
        let site = self.site;
        let description = "The sources the briefings rely on, and where each is cited.";
        let mut fields = self.base("sources", "sources", "Sources", "sources/", Some(description));
        fields.push((
            "sources",
            list(site.sources.ids().map(|s| {
                let mut source = self.values.sources[s].as_map().cloned().unwrap_or_default();
                let cited_by = list(site.sources[s].backlinks.iter().map(|&d| self.values.docs[d].clone()));
                source.insert("cited_by".into(), cited_by);
                Value::from(source)
            })),
        ));
        obj(fields)
    }

    fn search(&self) -> Value {
        obj(self.base(
            "search",
            "search",
            "Search",
            "search/",
            Some("Search the briefings, organizations, topics, timeline and pages."),
        ))
    }

    fn not_found(&self) -> Value {
        obj(self.base("404", "404", "Page not found", "404.html", Some("This page does not exist.")))
    }
}

fn field(value: &Value, key: &'static str) -> Value {
    value.as_map().and_then(|m| m.get(&tera::value::Key::from(key)).cloned()).unwrap_or_else(Value::none)
}

fn org_status(site: &Site, id: DocId) -> Option<UsStatus> {
    match &site.doc(id).meta {
        Meta::Organization(m) => m.us_status,
        _ => None,
    }
}

fn org_kind(site: &Site, id: DocId) -> &str {
    match &site.doc(id).meta {
        Meta::Organization(m) => m.kind.as_deref().unwrap_or("Other"),
        _ => "Other",
    }
}

fn briefing_year(site: &Site, id: DocId) -> i32 {
    match &site.doc(id).meta {
        Meta::Briefing(m) => m.date.year(),
        _ => 0,
    }
}

fn event_date(site: &Site, id: DocId) -> Option<crate::date::PartialDate> {
    match &site.doc(id).meta {
        Meta::Event(m) => Some(m.date),
        _ => None,
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

    #[test]
    fn every_page_the_specs_give_has_a_value() {
        let (site, _) = link(SITE);
        let bodies: Bodies = site.docs.par_ids().map(|id| Arc::new(render_body(&site, id))).collect();
        let values = Values::build(&site, &bodies);
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
        let value = site_value(&site, &[]);
        let nav = value.as_map().and_then(|m| m.get(&tera::value::Key::from("nav"))).and_then(Value::as_array);
        let keys: Vec<String> = nav
            .into_iter()
            .flatten()
            .map(|entry| field(entry, "key").as_str().unwrap_or_default().to_string())
            .collect();
        assert_in_order(&keys, &["briefings", "organizations", "topics", "timeline", "sources", "about"]);
        assert_eq!(keys[keys.len() - 2..], ["sources", "about"]);
    }
}
