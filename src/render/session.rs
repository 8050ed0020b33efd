//! Session: rendering again after a change, redoing only what the change can reach.
//!
//! Takes: a linked [`Site`], each time it changes. Gives: the whole [`Output`], as a full
//! render would make it, but remembering between renders each body (by its Markdown and the
//! links it resolved to), each page (by its template and its `page` value) and the templates.
//! A page whose value is the same as last time keeps its bytes without going through its
//! template again. When only the bodies of some documents changed and their cards did not,
//! [`Session::bodies_changed`] re-renders just their pages and the whole-site files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Tera, Value};

use super::exports::SearchParts;
use super::values::Values;
use super::{
    Generated, Job, Pages, ShownBody, generate, generated_files, group_template_errors, jobs, load_templates,
    render_body, render_page, static_files,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{DocId, Site};
use crate::markdown::html::ResolvedLink;
use crate::model::Kind;
use crate::output::{Body, Output};
use crate::parse::Document;
use crate::theme::Template;

/// What a body's HTML is made from.
struct BodyInputs {
    /// Holds the Markdown.
    document: Arc<Document>,
    links: Vec<ResolvedLink>,
    allow_raw_html: bool,
    text_budget: usize,
}

impl PartialEq for BodyInputs {
    fn eq(&self, other: &BodyInputs) -> bool {
        let same_markdown =
            Arc::ptr_eq(&self.document, &other.document) || self.document.body_text() == other.document.body_text();
        same_markdown
            && self.links == other.links
            && self.allow_raw_html == other.allow_raw_html
            && self.text_budget == other.text_budget
    }
}

/// What a card is of, across renders (document ids change when files come and go).
#[derive(PartialEq, Eq, Hash)]
enum CardKey {
    Doc(PathBuf),
    DocRef(PathBuf),
    Topic(String),
    TopicRef(String),
    Source(String),
}

/// A page as last rendered.
struct RenderedPage {
    template: &'static str,
    value: Value,
    bytes: Arc<Vec<u8>>,
}

/// The state kept from one render to the next.
pub struct Session {
    tera: Tera,
    /// The templates `tera` was loaded from, and the `site` value it holds.
    templates: BTreeMap<String, Template>,
    site_value: Value,
    bodies_by_file: HashMap<PathBuf, (BodyInputs, Arc<ShownBody>)>,
    pages: HashMap<String, RenderedPage>,
    /// For the site last rendered, by document.
    bodies: Vec<Arc<ShownBody>>,
    values: Values,
    /// The cards of the last render, so that a card that did not change stays the very same
    /// value and pages listing it compare in no time.
    cards: HashMap<CardKey, Value>,
    search: SearchParts,
    output: Output,
    /// Files rendered by the last call, for tests and messages.
    rendered: usize,
}

impl Session {
    /// Renders every file of `site`.
    pub fn new(site: &Site) -> Result<Session, Diagnostics> {
        let tera = load_templates(site).map_err(diagnostics_of)?;
        let mut session = Session {
            tera,
            templates: site.theme.templates.clone(),
            site_value: Value::none(),
            bodies_by_file: HashMap::new(),
            pages: HashMap::new(),
            bodies: Vec::new(),
            values: Values::default(),
            cards: HashMap::new(),
            search: SearchParts::default(),
            output: Output::default(),
            rendered: 0,
        };
        session.render(site)?;
        Ok(session)
    }

    /// The files of the site last rendered.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// How many pages and generated files went through a template or generator last time.
    pub fn rendered(&self) -> usize {
        self.rendered
    }

    /// Renders `site`, which may differ from the last in any way, reusing each body and page
    /// whose inputs are unchanged. On errors the last good output is kept.
    pub fn render(&mut self, site: &Site) -> Result<(), Diagnostics> {
        if site.theme.templates != self.templates {
            self.tera = load_templates(site).map_err(diagnostics_of)?;
            self.templates = site.theme.templates.clone();
            self.pages.clear();
        }
        let site_value = super::pages::site_value(site, &super::asset_urls(site)).map_err(one)?;
        if !super::values::identical(&site_value, &self.site_value) {
            self.tera.global_context().insert_value("site", site_value.clone());
            self.site_value = site_value;
            self.pages.clear();
        }
        let bodies = self.bodies_of(site);
        let mut values = Values::build(site, &bodies).map_err(one)?;
        self.keep_unchanged_cards(site, &mut values);
        let jobs = jobs(site);
        let (pages, (generated, search)) = {
            let pages = Pages { site, values: &values, bodies: &bodies };
            // The search index is made from entries the session keeps.
            let others: Vec<Generated> = Generated::ALL.into_iter().filter(|&g| g != Generated::SearchIndex).collect();
            rayon::join(
                || self.render_jobs(site, &pages, &jobs),
                || rayon::join(|| generate(site, &bodies, &others), || SearchParts::build(site, &bodies)),
            )
        };
        let pages = pages?;
        let generated = generated_files(generated)?;
        self.rendered = pages.iter().filter(|(_, _, fresh)| *fresh).count() + Generated::ALL.len();
        let mut output = Output::default();
        output.insert(Generated::SearchIndex.file(), Body::bytes(search.join(site)));
        let mut memo = HashMap::with_capacity(pages.len());
        for (file, page, _) in pages {
            output.insert(file.clone(), Body::Bytes(page.bytes.clone()));
            memo.insert(file, page);
        }
        for (file, body) in generated.into_iter().chain(static_files(site)) {
            output.insert(file, body);
        }
        let old = (
            std::mem::replace(&mut self.pages, memo),
            std::mem::replace(&mut self.bodies, bodies),
            std::mem::replace(&mut self.values, values),
            std::mem::replace(&mut self.search, search),
            std::mem::replace(&mut self.output, output),
        );
        // Freeing the last site's tens of thousands of values takes a while: not on the way
        // to the browser.
        std::thread::spawn(move || drop(old));
        Ok(())
    }

    /// After the bodies of `changed` were edited in `site` (same front matter, same links,
    /// headings and citations, as the caller has checked), renders what that can change: the
    /// documents' own pages and the whole-site files. Returns `Ok(false)`, having done
    /// nothing that matters, when a changed body shows on other pages (an organization's or
    /// topic's summary, an event's text): the caller renders the whole site then.
    pub fn bodies_changed(&mut self, site: &Site, changed: &[DocId]) -> Result<bool, Diagnostics> {
        // A topic's text is on the topic's page, not its own; an event's is on the timeline.
        if changed.iter().any(|&id| matches!(site.doc(id).kind, Kind::Topic | Kind::Event)) {
            return Ok(false);
        }
        let fresh: Vec<(DocId, Arc<ShownBody>)> =
            changed.par_iter().map(|&id| (id, Arc::new(render_body(site, id)))).collect();
        for (id, body) in &fresh {
            let card = self.values.doc_card(site, *id, body).map_err(one)?;
            if !super::values::identical(card.value(), self.values.docs[*id].value()) {
                return Ok(false);
            }
        }
        for (id, body) in fresh {
            self.bodies[id] = body.clone();
            self.bodies_by_file.insert(site.doc(id).path.clone(), (body_inputs(site, id), body));
        }
        let jobs: Vec<Job> = changed.iter().map(|&id| Job::Doc(id)).collect();
        // Of the whole-site files, only the feed and the search index show bodies.
        let (pages, generated) = {
            let pages = Pages { site, values: &self.values, bodies: &self.bodies };
            rayon::join(|| self.render_jobs(site, &pages, &jobs), || generate(site, &self.bodies, &[Generated::Feed]))
        };
        let pages = pages?;
        let generated = generated_files(generated)?;
        for &id in changed {
            self.search.update(site, &self.bodies, id);
        }
        // The pages that went through their templates, the feed and the search index.
        self.rendered = pages.iter().filter(|(_, _, fresh)| *fresh).count() + generated.len() + 1;
        for (file, page, _) in pages {
            self.output.insert(file.clone(), Body::Bytes(page.bytes.clone()));
            self.pages.insert(file, page);
        }
        for (file, body) in generated {
            self.output.insert(file, body);
        }
        self.output.insert(Generated::SearchIndex.file(), Body::bytes(self.search.join(site)));
        Ok(true)
    }

    /// Puts back each card of the last render that is identical to its new one.
    fn keep_unchanged_cards(&mut self, site: &Site, values: &mut Values) {
        let mut before = std::mem::take(&mut self.cards);
        let mut kept = HashMap::with_capacity(before.len());
        let mut keep = |key: CardKey, value: &mut Value| {
            if let Some(old) = before.remove(&key) {
                if super::values::identical(&old, value) {
                    *value = old;
                }
            }
            kept.insert(key, value.clone());
        };
        for (id, doc) in site.documents.iter().enumerate() {
            keep(CardKey::Doc(doc.path.clone()), values.docs[id].value_mut());
            keep(CardKey::DocRef(doc.path.clone()), values.refs[id].value_mut());
        }
        for (id, topic) in site.topics.iter().enumerate() {
            keep(CardKey::Topic(topic.slug.clone()), values.topics[id].value_mut());
            keep(CardKey::TopicRef(topic.slug.clone()), values.topic_refs[id].value_mut());
        }
        for (id, source) in site.sources.iter().enumerate() {
            keep(CardKey::Source(source.entry.id.clone()), values.sources[id].value_mut());
        }
        self.cards = kept;
    }

    /// Each document's body, from the last render where its inputs are the same.
    fn bodies_of(&mut self, site: &Site) -> Vec<Arc<ShownBody>> {
        let remembered = &self.bodies_by_file;
        let made: Vec<(BodyInputs, Arc<ShownBody>)> = (0..site.documents.len())
            .into_par_iter()
            .map(|id| {
                let inputs = body_inputs(site, id);
                let body = match remembered.get(&site.doc(id).path) {
                    Some((before, body)) if *before == inputs => body.clone(),
                    _ => Arc::new(render_body(site, id)),
                };
                (inputs, body)
            })
            .collect();
        let bodies = made.iter().map(|(_, body)| body.clone()).collect();
        self.bodies_by_file = site.documents.iter().map(|doc| doc.path.clone()).zip(made).collect();
        bodies
    }

    /// Renders `jobs`, keeping the bytes of each page whose template and value are unchanged.
    /// Each result says whether the page went through its template.
    fn render_jobs(
        &self,
        site: &Site,
        pages: &Pages<'_>,
        jobs: &[Job],
    ) -> Result<Vec<(String, RenderedPage, bool)>, Diagnostics> {
        let results: Vec<Result<(String, RenderedPage, bool), Diagnostic>> = jobs
            .par_iter()
            .map(|&job| {
                let (file, template, value) = pages.page(job)?;
                if let Some(before) = self.pages.get(&file) {
                    if before.template == template && super::values::identical(&before.value, &value) {
                        let page = RenderedPage { template, value, bytes: before.bytes.clone() };
                        return Ok((file, page, false));
                    }
                }
                let bytes = render_page(&self.tera, site, &file, template, value.clone())?;
                Ok((file, RenderedPage { template, value, bytes: Arc::new(bytes) }, true))
            })
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut failures = Vec::new();
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(failure) => failures.push(failure),
            }
        }
        if failures.is_empty() { Ok(pages) } else { Err(diagnostics_of(group_template_errors(failures))) }
    }
}

fn body_inputs(site: &Site, id: DocId) -> BodyInputs {
    BodyInputs {
        document: site.documents[id].clone(),
        links: site.body_links[id].clone(),
        allow_raw_html: site.config.allow_raw_html,
        text_budget: super::search_text_budget(site.documents.len()),
    }
}

fn one(problem: Diagnostic) -> Diagnostics {
    diagnostics_of(vec![problem])
}

fn diagnostics_of(problems: Vec<Diagnostic>) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(problems);
    diagnostics
}
