//! Render: the site graph to files in memory.
//!
//! Takes: a linked [`Site`]. Gives: an [`Output`] holding every file of the site, or the
//! template errors (each naming the template, its line and the page). Bodies and pages render
//! in parallel; `build` writes the output and `serve` answers from it, so the preview is what
//! deploys.

mod data;
mod exports;
mod feeds;
mod pages;
#[cfg(test)]
mod reference;
mod session;
pub mod templates;
mod values;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{DocId, Site, Target, TopicId};
use crate::markdown::{
    self,
    html::{self, BodyContext, RenderedBody},
};
use crate::model::Kind;
use crate::output::{Body, Sink};
use crate::theme::ThemeFile;
use values::Values;

pub use session::Session;

/// Templates every theme must end up with (the default theme provides them all).
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "briefing.html",
    "briefings.html",
    "organization.html",
    "organizations.html",
    "topic.html",
    "topics.html",
    "timeline.html",
    "sources.html",
    "page.html",
    "search.html",
    "404.html",
];

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
pub fn render(site: &Site, sink: &dyn Sink) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let tera = match load_templates(site) {
        Ok(tera) => tera,
        Err(problems) => {
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    let bodies: Vec<Arc<ShownBody>> =
        site.documents.par_iter().enumerate().map(|(id, _)| Arc::new(render_body(site, id))).collect();
    let values = match Values::build(site, &bodies) {
        Ok(values) => values,
        Err(problem) => {
            diagnostics.push(problem);
            return diagnostics;
        }
    };
    let pages = Pages { site, values: &values, bodies: &bodies };

    let jobs = jobs(site);
    let render_pages = || -> Vec<Diagnostic> {
        jobs.par_iter()
            .filter_map(|&job| {
                let (file, template, page) = match pages.page(job) {
                    Ok(page) => page,
                    Err(problem) => return Some(problem),
                };
                match render_page(&tera, site, &file, template, page) {
                    Ok(bytes) => sink
                        .put(&file, Body::bytes(bytes))
                        .err()
                        .map(|e| Diagnostic::error("E061", &file, e.to_string())),
                    Err(failure) => Some(failure),
                }
            })
            .collect()
    };
    // The whole-site files do not depend on the pages: make them alongside.
    let (failures, generated) = rayon::join(render_pages, || generate(site, &bodies, &Generated::ALL));
    diagnostics.extend(group_template_errors(failures));
    if diagnostics.has_errors() {
        return diagnostics;
    }
    // The rendered bodies are the largest thing held; free them before the last files.
    drop(values);
    drop(bodies);
    let mut files = match generated_files(generated) {
        Ok(files) => files,
        Err(problems) => {
            diagnostics.extend(problems);
            return diagnostics;
        }
    };
    files.extend(static_files(site));
    let failures: Vec<Diagnostic> = files
        .into_par_iter()
        .filter_map(|(path, body)| sink.put(&path, body).err().map(|e| Diagnostic::error("E061", &path, e.to_string())))
        .collect();
    diagnostics.extend(failures);
    diagnostics
}

/// The theme's templates, with the `site` value every page sees.
fn load_templates(site: &Site) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = templates::load(&site.theme)?;
    let assets = asset_urls(site);
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

/// The files made from the whole site rather than one page: feeds, sitemap, exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Generated {
    Feed,
    Sitemap,
    Robots,
    SearchIndex,
    Organizations,
    Timeline,
}

impl Generated {
    const ALL: [Generated; 6] = [
        Generated::Feed,
        Generated::Sitemap,
        Generated::Robots,
        Generated::SearchIndex,
        Generated::Organizations,
        Generated::Timeline,
    ];

    fn file(self) -> &'static str {
        match self {
            Generated::Feed => "atom.xml",
            Generated::Sitemap => "sitemap.xml",
            Generated::Robots => "robots.txt",
            Generated::SearchIndex => "search-index.json",
            Generated::Organizations => "organizations.json",
            Generated::Timeline => "timeline.json",
        }
    }

    fn make(self, site: &Site, bodies: &[Arc<ShownBody>]) -> std::io::Result<Vec<u8>> {
        match self {
            Generated::Feed => feeds::atom(site, bodies),
            Generated::Sitemap => feeds::sitemap(site),
            Generated::Robots => Ok(feeds::robots(site)),
            Generated::SearchIndex => Ok(exports::search_index(site, bodies)),
            Generated::Organizations => Ok(exports::organizations(site)),
            Generated::Timeline => Ok(exports::timeline(site)),
        }
    }
}

fn generate(
    site: &Site,
    bodies: &[Arc<ShownBody>],
    which: &[Generated],
) -> Vec<(&'static str, std::io::Result<Vec<u8>>)> {
    which.par_iter().map(|&generated| (generated.file(), generated.make(site, bodies))).collect()
}

/// The generated files, or why one could not be made.
fn generated_files(
    generated: Vec<(&'static str, std::io::Result<Vec<u8>>)>,
) -> Result<Vec<(String, Body)>, Diagnostics> {
    let mut files = Vec::with_capacity(generated.len());
    let mut diagnostics = Diagnostics::new();
    for (file, bytes) in generated {
        match bytes {
            Ok(bytes) => files.push((file.to_string(), Body::bytes(bytes))),
            Err(e) => diagnostics.push(Diagnostic::error("E061", file, format!("cannot generate: {e}"))),
        }
    }
    if diagnostics.is_empty() { Ok(files) } else { Err(diagnostics) }
}

/// The static files of the theme and of the site, copied as they are.
fn static_files(site: &Site) -> Vec<(String, Body)> {
    let theme = site.theme.static_files.iter().map(|(path, file)| {
        let body = match file {
            ThemeFile::BuiltIn(bytes) => Body::BuiltIn(bytes),
            ThemeFile::Disk(path) => Body::File(path.clone()),
        };
        (path.clone(), body)
    });
    let own = site.static_files.iter().map(|file| (file.url_path.clone(), Body::File(file.source.clone())));
    theme.chain(own).collect()
}

/// One template error per template line, not one per page it broke.
fn group_template_errors(failures: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: HashMap<(std::path::PathBuf, Option<(usize, usize)>), usize> = HashMap::new();
    for d in failures {
        let key = (d.file.clone(), d.location.as_ref().map(|l| (l.line, l.column)));
        match index.get(&key) {
            Some(&i) => groups[i].1 += 1,
            None => {
                index.insert(key, groups.len());
                groups.push((d, 0));
            }
        }
    }
    groups
        .into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                d.message.push_str(&format!(" (and {} more {})", more, if more == 1 { "page" } else { "pages" }));
            }
            d
        })
        .collect()
}

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
    // An event's text is only shown on other pages (the timeline, the home page, its
    // organizations and topics), beside other events: its ids carry its slug.
    if doc.kind == Kind::Event {
        for heading_id in &mut ids {
            *heading_id = markdown::shown_away_id(&doc.slug, heading_id);
        }
        for (_, footnote_id) in &mut footnotes {
            *footnote_id = markdown::shown_away_id(&doc.slug, footnote_id);
        }
    }
    let context = BodyContext {
        links: &site.body_links[id],
        heading_ids: &ids,
        footnote_ids: &footnotes,
        allow_raw_html: site.config.allow_raw_html,
        text_budget: search_text_budget(site.documents.len()),
    };
    ShownBody::new(html::render(doc.body_text(), &context))
}

/// Cache-busting URLs of the stylesheets and scripts, `css/site.css?v=…`, versioned by the
/// file that is actually served: the site's own `content/static/` copy when it replaces the
/// theme's.
fn asset_urls(site: &Site) -> Vec<(String, String)> {
    let is_asset = |path: &str| path.ends_with(".css") || path.ends_with(".js");
    let mut files: std::collections::BTreeMap<&str, Vec<u8>> = std::collections::BTreeMap::new();
    for (path, file) in site.theme.static_files.iter().filter(|(p, _)| is_asset(p)) {
        let bytes = match file {
            ThemeFile::BuiltIn(b) => b.to_vec(),
            ThemeFile::Disk(p) => crate::fs::read_capped(p, crate::fs::STATIC_CAP).unwrap_or_default(),
        };
        files.insert(path, bytes);
    }
    for file in site.static_files.iter().filter(|f| is_asset(&f.url_path)) {
        files.insert(&file.url_path, crate::fs::read_capped(&file.source, crate::fs::STATIC_CAP).unwrap_or_default());
    }
    files
        .into_iter()
        .map(|(path, bytes)| (path.to_string(), format!("{}?v={:08x}", site.base.href(path), fnv1a(&bytes) as u32)))
        .collect()
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// A page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Briefings,
    Organizations,
    Topics,
    Timeline,
    Sources,
    Search,
    NotFound,
    Doc(DocId),
    Topic(TopicId),
}

fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Briefings,
        Job::Organizations,
        Job::Topics,
        Job::Timeline,
        Job::Sources,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend(site.briefings.iter().chain(&site.organizations).chain(&site.pages).map(|&d| Job::Doc(d)));
    jobs.extend((0..site.topics.len()).map(Job::Topic));
    jobs
}

/// What the `page` values are made from; `pages.rs` makes the value of each kind of page.
struct Pages<'a> {
    site: &'a Site,
    values: &'a Values,
    bodies: &'a [Arc<ShownBody>],
}

impl Pages<'_> {
    /// The output file, template and `page` value of a job.
    fn page(&self, job: Job) -> Result<(String, &'static str, Value), Diagnostic> {
        let (file, template, page) = match job {
            Job::Home => ("index.html".into(), "home.html", self.home()),
            Job::Briefings => ("briefings/index.html".into(), "briefings.html", self.briefings()),
            Job::Organizations => ("organizations/index.html".into(), "organizations.html", self.organizations()),
            Job::Topics => ("topics/index.html".into(), "topics.html", self.topics()),
            Job::Timeline => ("timeline/index.html".into(), "timeline.html", self.timeline()),
            Job::Sources => ("sources/index.html".into(), "sources.html", self.sources()),
            Job::Search => ("search/index.html".into(), "search.html", self.search()),
            Job::NotFound => ("404.html".into(), "404.html", self.not_found()),
            Job::Topic(t) => {
                (format!("{}index.html", self.site.path_of(Target::Topic(t))), "topic.html", self.topic(t))
            }
            Job::Doc(d) => {
                let file = format!("{}index.html", self.site.paths[d]);
                match self.site.doc(d).kind {
                    Kind::Briefing => (file, "briefing.html", self.briefing(d)),
                    Kind::Organization => (file, "organization.html", self.organization(d)),
                    _ => (file, "page.html", self.free_page(d)),
                }
            }
        };
        let page = page.map_err(|e| data::cannot_make(&file, e))?;
        Ok((file, template, page))
    }
}
