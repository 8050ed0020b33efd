//! Session: rendering again after a change, redoing only what the change can reach.
//!
//! Takes: a linked [`Site`], each time it changes. Gives: the whole [`Output`], as a full
//! render would make it, but remembering between renders each body (by its Markdown and the
//! links it resolved to), each page (by its template and its `page` value) and the templates.
//! A page whose value is the same as last time keeps its bytes without going through its
//! template again. When only the bodies of some documents changed and their cards did not,
//! [`Session::bodies_changed`] re-renders just their pages and the whole-site files. Each
//! render is a pass of the same driver as a build's ([`super::drive`]) over the output plan.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rayon::prelude::*;
use tera::{Tera, Value};

use super::drive::{Maker, drive};
use super::exports::SearchParts;
use super::values::{Values, identical};
use super::{Bodies, Pages, ShownBody, load_templates, make_generated, render_body, render_page};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Interface;
use crate::link::plan::{self, Feed, Generated, OutputFile, Page};
use crate::link::{DocId, ResolvedTable, Site};
use crate::markdown::html::ResolvedLink;
use crate::output::{Collector, Output};
use crate::parse::Document;
use crate::theme::Template;

/// What a body's HTML is made from.
struct BodyInputs {
    /// Holds the Markdown.
    document: Arc<Document>,
    links: Vec<ResolvedLink>,
    /// The tables of its table blocks (a CSV edited changes them, not the Markdown).
    tables: Vec<Option<ResolvedTable>>,
    allow_raw_html: bool,
    text_budget: usize,
    /// The site's language: a body writes its Notes' heading and figures' labels in it.
    interface: Arc<Interface>,
}

impl PartialEq for BodyInputs {
    fn eq(&self, other: &BodyInputs) -> bool {
        let same_markdown =
            Arc::ptr_eq(&self.document, &other.document) || self.document.body_text() == other.document.body_text();
        same_markdown
            && self.links == other.links
            && self.tables == other.tables
            && self.allow_raw_html == other.allow_raw_html
            && self.text_budget == other.text_budget
            && (Arc::ptr_eq(&self.interface, &other.interface) || self.interface == other.interface)
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
pub(crate) struct Session {
    tera: Tera,
    /// The templates `tera` was loaded from, the interface its `t()` speaks, and the `site`
    /// value it holds.
    templates: BTreeMap<String, Template>,
    interface: Arc<Interface>,
    site_value: Value,
    bodies_by_file: HashMap<PathBuf, (BodyInputs, Arc<ShownBody>)>,
    pages: HashMap<String, RenderedPage>,
    /// For the site last rendered, by document.
    bodies: Bodies,
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
    pub(crate) fn new(site: &Site) -> Result<Session, Diagnostics> {
        let tera = load_templates(site).map_err(diagnostics_of)?;
        let mut session = Session {
            tera,
            templates: site.theme.templates.clone(),
            interface: Arc::clone(&site.interface),
            site_value: Value::none(),
            bodies_by_file: HashMap::new(),
            pages: HashMap::new(),
            bodies: Bodies::default(),
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
    pub(crate) fn output(&self) -> &Output {
        &self.output
    }

    /// How many pages and generated files went through a template or generator last time.
    pub(crate) fn rendered(&self) -> usize {
        self.rendered
    }

    /// Renders `site`, which may differ from the last in any way, reusing each body and page
    /// whose inputs are unchanged. On errors the last good output is kept.
    pub(crate) fn render(&mut self, site: &Site) -> Result<(), Diagnostics> {
        if site.theme.templates != self.templates {
            self.tera = load_templates(site).map_err(diagnostics_of)?;
            self.templates = site.theme.templates.clone();
            self.interface = Arc::clone(&site.interface);
            self.pages.clear();
        }
        // What `t()` says is not in any page's value: a page is made again when it changes.
        if site.interface != self.interface {
            super::templates::speak(&mut self.tera, &site.interface);
            self.interface = Arc::clone(&site.interface);
            self.pages.clear();
        }
        let assets = super::asset_urls(site).map_err(diagnostics_of)?;
        let site_value = super::pages::site_value(site, &assets).map_err(one)?;
        if !identical(&site_value, &self.site_value) {
            self.tera.global_context().insert_value("site", site_value.clone());
            self.site_value = site_value;
            self.pages.clear();
        }
        let bodies = self.bodies_of(site);
        let mut values = Values::build(site, &bodies).map_err(one)?;
        self.keep_unchanged_cards(site, &mut values);
        let plan = plan::plan(site);
        let pass = Pass::new(self, site, &bodies, SearchParts::default(), None);
        let collector = Collector::default();
        let problems = drive(site, &Pages { site, values: &values, bodies: &bodies }, &plan, &pass, &collector);
        if problems.has_errors() {
            return Err(problems);
        }
        let generated = plan.iter().filter(|f| matches!(f, OutputFile::Generated(_) | OutputFile::Feed(_))).count();
        let (pages, fresh, search) = pass.finish();
        self.rendered = fresh + generated;
        let old = (
            std::mem::replace(&mut self.pages, pages),
            std::mem::replace(&mut self.bodies, bodies),
            std::mem::replace(&mut self.values, values),
            std::mem::replace(&mut self.search, search),
            std::mem::replace(&mut self.output, collector.into_output()),
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
    pub(crate) fn bodies_changed(&mut self, site: &Site, changed: &[DocId]) -> Result<bool, Diagnostics> {
        // A topic's text is on the topic's page, not its own; an event's is on the timeline.
        if changed.iter().any(|&id| site.doc(id).kind.text_shown_elsewhere()) {
            return Ok(false);
        }
        let fresh: Vec<(DocId, Arc<ShownBody>)> =
            changed.par_iter().map(|&id| (id, Arc::new(render_body(site, id)))).collect();
        for (id, body) in &fresh {
            let card = self.values.doc_card(site, *id, body).map_err(one)?;
            if !identical(card.value(), self.values.docs[*id].value()) {
                return Ok(false);
            }
        }
        for (id, body) in fresh {
            self.bodies[id] = body.clone();
            self.bodies_by_file.insert(site.doc(id).path.clone(), (body_inputs(site, id), body));
        }
        // Their own pages, the feeds that carry them, and of the whole-site files the one that
        // shows bodies: the search index.
        let mut files: Vec<OutputFile> =
            changed.iter().filter_map(|&id| plan::doc_page(site, id)).map(OutputFile::Page).collect();
        let carried = |feed: &Feed| super::feeds::entries(site, *feed).iter().any(|id| changed.contains(id));
        let feeds = plan::plan(site).into_iter().filter(|file| matches!(file, OutputFile::Feed(feed) if carried(feed)));
        files.extend(feeds);
        let whole = files.len() - files.iter().filter(|f| matches!(f, OutputFile::Page(_))).count() + 1;
        files.push(OutputFile::Generated(Generated::SearchIndex));
        let search = std::mem::take(&mut self.search);
        let pass = Pass::new(self, site, &self.bodies, search, Some(changed));
        let collector = Collector::default();
        let pages = Pages { site, values: &self.values, bodies: &self.bodies };
        let problems = drive(site, &pages, &files, &pass, &collector);
        let (pages, fresh, search) = pass.finish();
        self.search = search;
        if problems.has_errors() {
            return Err(problems);
        }
        self.rendered = fresh + whole;
        self.pages.extend(pages);
        for (file, body) in collector.into_output().files {
            self.output.insert(file, body);
        }
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
        for (id, linked) in site.docs.enumerate() {
            let path = &linked.document.path;
            keep(CardKey::Doc(path.clone()), values.docs[id].value_mut());
            keep(CardKey::DocRef(path.clone()), values.refs[id].value_mut());
        }
        for id in site.topics.ids() {
            // By its path, which names its taxonomy too.
            let path = site.path_of(crate::link::Target::Topic(id));
            keep(CardKey::Topic(path.clone()), values.topics[id].value_mut());
            keep(CardKey::TopicRef(path), values.topic_refs[id].value_mut());
        }
        for (id, source) in site.sources.enumerate() {
            keep(CardKey::Source(source.entry.id.clone()), values.sources[id].value_mut());
        }
        self.cards = kept;
    }

    /// Each document's body, from the last render where its inputs are the same.
    fn bodies_of(&mut self, site: &Site) -> Bodies {
        let remembered = &self.bodies_by_file;
        let made: Vec<(BodyInputs, Arc<ShownBody>)> = site
            .docs
            .par_ids()
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
        self.bodies_by_file = site.docs.iter().map(|linked| linked.document.path.clone()).zip(made).collect();
        bodies
    }
}

/// A session's pass: a page whose template and value are those of the last render keeps its
/// bytes, and the search index is made of entries the session keeps.
struct Pass<'a> {
    tera: &'a Tera,
    site: &'a Site,
    bodies: &'a Bodies,
    /// The pages as last rendered.
    last: &'a HashMap<String, RenderedPage>,
    /// The pages as this pass renders them.
    pages: Mutex<HashMap<String, RenderedPage>>,
    /// How many pages went through their template.
    fresh: AtomicUsize,
    search: Mutex<SearchParts>,
    /// The documents whose search entries to redo; all of them when `None`.
    changed: Option<&'a [DocId]>,
}

impl<'a> Pass<'a> {
    fn new(
        session: &'a Session,
        site: &'a Site,
        bodies: &'a Bodies,
        search: SearchParts,
        changed: Option<&'a [DocId]>,
    ) -> Pass<'a> {
        Pass {
            tera: &session.tera,
            site,
            bodies,
            last: &session.pages,
            pages: Mutex::new(HashMap::new()),
            fresh: AtomicUsize::new(0),
            search: Mutex::new(search),
            changed,
        }
    }

    /// The pages it rendered, how many went through their template, and the search entries.
    fn finish(self) -> (HashMap<String, RenderedPage>, usize, SearchParts) {
        let pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        let search = self.search.into_inner().unwrap_or_else(|e| e.into_inner());
        (pages, self.fresh.into_inner(), search)
    }
}

impl Maker for Pass<'_> {
    fn page(&self, page: Page, file: &str, value: Value) -> Result<Arc<Vec<u8>>, Diagnostic> {
        let template = page.template();
        let bytes = match self.last.get(file) {
            Some(before) if before.template == template && identical(&before.value, &value) => before.bytes.clone(),
            _ => {
                self.fresh.fetch_add(1, Ordering::Relaxed);
                Arc::new(render_page(self.tera, self.site, file, template, value.clone())?)
            }
        };
        lock(&self.pages).insert(file.to_string(), RenderedPage { template, value, bytes: bytes.clone() });
        Ok(bytes)
    }

    fn feed(&self, feed: Feed) -> std::io::Result<Vec<u8>> {
        super::feeds::atom(self.site, self.bodies, feed)
    }

    fn generated(&self, generated: Generated) -> std::io::Result<Vec<u8>> {
        if generated != Generated::SearchIndex {
            return make_generated(self.site, self.bodies, generated);
        }
        let mut search = lock(&self.search);
        match self.changed {
            Some(changed) => {
                for &id in changed {
                    search.update(self.site, self.bodies, id)?;
                }
            }
            None => *search = SearchParts::build(self.site, self.bodies)?,
        }
        Ok(search.join(self.site))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn body_inputs(site: &Site, id: DocId) -> BodyInputs {
    BodyInputs {
        document: site.docs[id].document.clone(),
        links: site.docs[id].body_links.clone(),
        tables: site.docs[id].tables.clone(),
        allow_raw_html: site.config.allow_raw_html,
        text_budget: super::search_text_budget(site.docs.len()),
        interface: Arc::clone(&site.interface),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::link;
    use crate::model::Kind;
    use crate::theme::Template;

    /// A briefing with a summary (so its card does not show its text), the organization it is
    /// about, an event and a described topic.
    fn files(briefing_text: &str, event_text: &str, topic_text: &str) -> Vec<(&'static str, String)> {
        vec![
            (
                "briefings/a.md",
                format!(
                    "---\ntitle: A\ndate: 2026-01-07\nsummary: In short.\norganizations: [o]\ntopics: [t]\n---\n{briefing_text}\n"
                ),
            ),
            (
                "briefings/b.md",
                "---\ntitle: B\ndate: 2026-01-08\nsummary: B.\norganizations: [o]\n---\nSee [[a]].\n".into(),
            ),
            ("organizations/o.md", "---\nname: O\nus_status: member\n---\nAn organization.\n".into()),
            ("timeline/e.md", format!("---\ntitle: E\ndate: 2026\norganizations: [o]\n---\n{event_text}\n")),
            ("topics/t.md", format!("---\ntitle: T\n---\n{topic_text}\n")),
        ]
    }

    fn site_of(files: &[(&'static str, String)]) -> Site {
        let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
        link(&files).0
    }

    fn original() -> Site {
        site_of(&files("The first text.", "It happened.", "A topic."))
    }

    fn fresh_render(site: &Site) -> Output {
        let collector = Collector::default();
        let problems = crate::render::render(site, &collector);
        assert!(!problems.has_errors(), "{problems:?}");
        collector.into_output()
    }

    /// How many files of the plan are made by a generator, not a template.
    fn whole_site_files(site: &Site) -> usize {
        plan::plan(site).iter().filter(|f| matches!(f, OutputFile::Generated(_) | OutputFile::Feed(_))).count()
    }

    /// What [`Session::bodies_changed`] answers, an error failing the test.
    fn bodies_changed(session: &mut Session, site: &Site, changed: &[DocId]) -> bool {
        session.bodies_changed(site, changed).unwrap_or_else(|problems| panic!("{problems:?}"))
    }

    fn doc(site: &Site, kind: Kind, slug: &str) -> DocId {
        site.docs.ids().find(|&id| site.doc(id).kind == kind && site.doc(id).slug == slug).expect("the document")
    }

    #[test]
    fn a_new_session_renders_what_a_build_does() {
        let site = original();
        let session = Session::new(&site).expect("a session");
        assert_eq!(session.output(), &fresh_render(&site));
    }

    #[test]
    fn rendering_an_unchanged_site_again_puts_no_page_through_its_template() {
        let site = original();
        let mut session = Session::new(&site).expect("a session");
        let before = session.output().clone();
        session.render(&original()).expect("a second render");
        assert_eq!(session.rendered(), whole_site_files(&site), "only the whole-site files are made again");
        assert_eq!(session.output(), &before);
    }

    #[test]
    fn a_body_edit_renders_its_page_the_feed_and_the_search_index_as_a_build_would() {
        let mut session = Session::new(&original()).expect("a session");
        let edited = site_of(&files("The second text.", "It happened.", "A topic."));
        let a = doc(&edited, Kind::Briefing, "a");
        assert!(bodies_changed(&mut session, &edited, &[a]));
        // Its page, the search index and the feeds that carry it: the site's, its
        // organization's and its topic's.
        assert_eq!(session.rendered(), 5);
        assert_eq!(session.output(), &fresh_render(&edited));
        assert!(session.output().text("briefings/a/index.html").unwrap().contains("The second text."));
    }

    #[test]
    fn a_full_render_after_a_body_edit_redoes_only_that_page_and_the_whole_site_files() {
        let site = original();
        let mut session = Session::new(&site).expect("a session");
        let edited = site_of(&files("The second text.", "It happened.", "A topic."));
        session.render(&edited).expect("a render");
        assert_eq!(session.rendered(), whole_site_files(&site) + 1);
        assert_eq!(session.output(), &fresh_render(&edited));
    }

    #[test]
    fn an_edit_to_a_text_shown_on_other_pages_asks_for_a_full_render() {
        let mut session = Session::new(&original()).expect("a session");
        let before = session.output().clone();
        let event_edited = site_of(&files("The first text.", "It happened again.", "A topic."));
        assert!(!bodies_changed(&mut session, &event_edited, &[doc(&event_edited, Kind::Event, "e")]));
        let topic_edited = site_of(&files("The first text.", "It happened.", "Another topic."));
        assert!(!bodies_changed(&mut session, &topic_edited, &[doc(&topic_edited, Kind::Topic, "t")]));
        assert_eq!(session.output(), &before);
    }

    #[test]
    fn an_edit_that_changes_a_card_asks_for_a_full_render() {
        let organization = |text: &str| vec![("organizations/o.md", format!("---\nname: O\n---\n{text}\n"))];
        let mut session = Session::new(&site_of(&organization("The first text."))).expect("a session");
        // An organization's card shows the first paragraph of its text.
        let edited = site_of(&organization("The second text."));
        assert!(!bodies_changed(&mut session, &edited, &[doc(&edited, Kind::Organization, "o")]));
    }

    #[test]
    fn a_template_that_does_not_load_keeps_the_last_good_output() {
        let site = original();
        let mut session = Session::new(&site).expect("a session");
        let before = session.output().clone();
        let mut broken = original();
        let template = Template { text: "{{ page.title | no_such_filter }}".into(), origin: "briefing.html".into() };
        broken.theme.templates.insert("briefing.html".into(), template);
        assert!(session.render(&broken).is_err());
        assert_eq!(session.output(), &before);
        session.render(&site).expect("the site renders again once the template is fixed");
        assert_eq!(session.output(), &before);
    }

    #[test]
    fn a_template_that_fails_on_a_page_names_the_page_and_keeps_the_last_good_output() {
        let site = original();
        let mut session = Session::new(&site).expect("a session");
        let before = session.output().clone();
        let mut broken = original();
        let template = Template { text: "{{ page.no_such_field.title }}".into(), origin: "briefing.html".into() };
        broken.theme.templates.insert("briefing.html".into(), template);
        let problems = session.render(&broken).expect_err("a template error");
        let named = |d: &Diagnostic| d.file.ends_with("briefing.html") && d.message.contains("`/briefings/a/`");
        assert!(problems.iter().any(named), "{problems:?}");
        assert_eq!(session.output(), &before);
    }
}
