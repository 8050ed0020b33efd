//! Values: the parts of template data that many pages show, made once per render and shared.
//!
//! Takes: the [`Site`] and each document's rendered body ([`Bodies`]). Gives: [`Values`], the
//! card and the link of every document and topic and the card of every source, each made once
//! as a [`Shared`] template value (a card listed on a thousand pages is one value, and the
//! preview compares it by pointer), or the error (E061) on the file whose card could not be
//! made; the smaller parts pages are made of (dates, statuses, reference-list entries, a
//! the table of contents, excerpts), each a `template_data!` struct whose `///` docs are its
//! section of `docs/templates.md`; and [`identical`], the comparison by which the preview
//! skips a page that did not change.

use rayon::prelude::*;
use tera::Value;

use super::data::{Safe, Shared, cannot_make, template_data};
use super::{Bodies, ShownBody};
use crate::date::{Date, PartialDate};
use crate::diagnostics::Diagnostic;
use crate::i18n::{Interface, Key};
use crate::link::{DocId, IdVec, Site, SourceId, Target, TopicId};
use crate::markdown::Heading;
use crate::model::{
    BriefingMeta, ChangeKind, Kind, Meta, NOT_STATED, SiteConfig, StatusChange, StatusKey, Taxonomy, TaxonomyId,
};

template_data! {
    /// A date, or as much of one as is known (an event may be dated to the month or the
    /// year only).
    pub(crate) struct DateValue {
        /// For readers, in the site's language: `January 7, 2026`, `January 2026` or `2026`
        /// (`7 janvier 2026` in French).
        pub(crate) human: String,
        /// For machines (`<time datetime>`): `2026-01-07`, `2026-01` or `2026`.
        pub(crate) iso: String,
        /// The year.
        pub(crate) year: i32,
    }
}

template_data! {
    /// One of a briefing's `changes`, as its page shows it.
    pub(crate) struct ChangeEntry {
        /// Its anchor on the briefing's page (`change-2026-03-01`), which the corrections
        /// page links to.
        pub(crate) id: String,
        /// When it was made.
        pub(crate) date: DateValue,
        /// `update` or `correction`.
        pub(crate) kind: &'static str,
        /// `Update` or `Correction`, for readers, in the site's language.
        pub(crate) label: String,
        /// What changed, as plain text.
        pub(crate) note: String,
    }
}

/// The changes of a briefing `m` as its page shows them: oldest first, each with its anchor.
pub(super) fn change_entries(m: &BriefingMeta, interface: &Interface) -> Vec<ChangeEntry> {
    let mut entries: Vec<ChangeEntry> = Vec::with_capacity(m.changes.len());
    for change in m.changes_in_order() {
        let date = change.date.iso();
        let nth = 1 + entries.iter().filter(|e| e.date.iso == date).count();
        entries.push(ChangeEntry {
            id: crate::markdown::anchors::change_anchor(&date, nth),
            date: DateValue::of(change.date, interface),
            kind: change.kind.key(),
            label: interface.word(change_label(change.kind)).to_string(),
            note: change.note.clone(),
        });
    }
    entries
}

/// The string that names a change of kind `kind`: `Update` or `Correction`.
pub(super) fn change_label(kind: ChangeKind) -> Key {
    match kind {
        ChangeKind::Update => Key::change_update,
        ChangeKind::Correction => Key::change_correction,
    }
}

impl DateValue {
    pub(super) fn of(date: Date, interface: &Interface) -> DateValue {
        DateValue { human: interface.date(date), iso: date.iso(), year: date.year() }
    }

    pub(super) fn of_partial(date: PartialDate, interface: &Interface) -> DateValue {
        DateValue { human: interface.partial_date(date), iso: date.iso(), year: date.year() }
    }
}

template_data! {
    /// An organization's status, among those the site tracks (`status` in `site.yaml`).
    #[derive(Clone)]
    pub(crate) struct Status {
        /// Its `key` in `site.yaml` (`adopted`), for classes and filters, or `not-stated` when
        /// the organization does not say.
        pub(crate) key: String,
        /// Its `label` for readers (`Adopted`), or the status's `not_stated` label.
        pub(crate) label: String,
        /// The colour of its badge, `green`, `orange`, `red`, `blue`, `grey` or `purple`, or
        /// `not-stated`: the badge's class is `status-` and it.
        pub(crate) colour: &'static str,
        /// What its badge shows before the label (its `icon`, `?` when not stated), or none.
        pub(crate) icon: Option<String>,
    }
}

impl Status {
    /// The status `key` of an organization (not stated when none) on a site with `config`;
    /// none when the site tracks no status.
    pub(super) fn of(config: &SiteConfig, key: Option<StatusKey>) -> Option<Status> {
        let tracked = config.status.as_ref()?;
        Some(match key.and_then(|k| tracked.value(k)) {
            Some(value) => Status {
                key: value.key.clone(),
                label: value.label.clone(),
                colour: value.colour.key(),
                icon: value.icon.clone(),
            },
            None => Status {
                key: NOT_STATED.into(),
                label: tracked.not_stated.clone(),
                colour: NOT_STATED,
                icon: Some("?".into()),
            },
        })
    }
}

template_data! {
    /// A taxonomy of the site (`taxonomies` in `site.yaml`).
    #[derive(Clone)]
    pub(crate) struct TaxonomyValue {
        /// Its `key` (`topics`): its front-matter key, folder and address.
        pub(crate) key: String,
        /// Its `label` (`Topics`).
        pub(crate) label: String,
        /// Its `singular` (`Topic`).
        pub(crate) singular: String,
        /// What links call one of its terms, its singular as a slug (`topic`, for
        /// `[[topic:slug]]`).
        pub(crate) name: String,
        /// The address of its index page (`/topics/`).
        pub(crate) url: String,
    }
}

impl TaxonomyValue {
    pub(super) fn of(site: &Site, taxonomy: &Taxonomy) -> TaxonomyValue {
        TaxonomyValue {
            key: taxonomy.key.clone(),
            label: taxonomy.label.clone(),
            singular: taxonomy.singular.clone(),
            name: taxonomy.name(),
            url: site.base.href(&taxonomy.index_path()),
        }
    }
}

template_data! {
    /// The terms a document lists of one of the site's taxonomies.
    pub(crate) struct TermList {
        /// The taxonomy: `key`, `label`, `singular`, `name` and `url`.
        #[serde(flatten)]
        pub(crate) taxonomy: TaxonomyValue,
        /// Its terms, in the order listed.
        pub(crate) terms: Vec<Shared<Link>>,
    }
}

template_data! {
    /// A change of an organization's status: an entry of its `status_history`, on its page
    /// and, with `timeline_status_changes: true`, on the timeline.
    pub(crate) struct StatusChangeCard {
        /// Always `status-change`: tells it from an event where both are listed.
        pub(crate) kind: &'static str,
        /// The organization whose status changed.
        pub(crate) organization: Shared<OrganizationLink>,
        /// The day it took effect.
        pub(crate) date: DateValue,
        /// The status from that day on.
        pub(crate) status: Status,
        /// What happened, as plain text (escape it), or none.
        pub(crate) note: Option<String>,
        /// The source that records it, or none.
        pub(crate) source: Option<Shared<SourceCard>>,
        /// On the organization's page, the source's mark: its number in the page's
        /// references and the link to it. None elsewhere, and without a source.
        pub(crate) mark: Option<ReferenceMark>,
    }
}

template_data! {
    /// A citation mark outside the text, leading to the page's reference list.
    pub(crate) struct ReferenceMark {
        /// The source's number in the order the page first cites it.
        pub(crate) number: usize,
        /// The link to its entry, `#ref_2`.
        pub(crate) href: String,
        /// How the site's citation style cites it, as HTML: `(Freedom House 2025)`.
        pub(crate) text: Safe,
    }
}

template_data! {
    /// A link to a briefing, event, topic or page.
    pub(crate) struct Link {
        /// What it leads to: `briefing`, `organization`, `event`, `topic` or `page`.
        pub(crate) kind: &'static str,
        /// Its name in addresses: the file name without `.md`.
        pub(crate) slug: String,
        /// Its title (an organization's name).
        pub(crate) title: String,
        /// Its address, from the site's root (`/briefings/slug/`, `/timeline/#slug`).
        pub(crate) url: String,
    }
}

template_data! {
    /// A link to an organization.
    pub(crate) struct OrganizationLink {
        /// `kind` (`organization`), `slug`, `title` (its name) and `url`, as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// Its acronym (`FOC`), or none.
        pub(crate) acronym: Option<String>,
        /// Its status, of those the site tracks; none on a site that tracks no status.
        pub(crate) status: Option<Status>,
    }
}

template_data! {
    /// A source of `sources.yaml`, as citations show it.
    pub(crate) struct SourceCard {
        /// Its id in `sources.yaml`, also its anchor on the sources page.
        pub(crate) id: String,
        /// Its title.
        pub(crate) title: String,
        /// Who published it, or none.
        pub(crate) publisher: Option<String>,
        /// Who wrote it, or none.
        pub(crate) author: Option<String>,
        /// When it was published, or none.
        pub(crate) date: Option<DateValue>,
        /// Where to read it, or none.
        pub(crate) url: Option<String>,
        /// For a source that is not public, where a copy is held (its `note:`), or none.
        pub(crate) note: Option<String>,
        /// A copy kept by an archive (its `archived_url`), or none.
        pub(crate) archived_url: Option<String>,
        /// Its entry on the site's sources page, with every page that cites it.
        pub(crate) href: String,
    }
}

template_data! {
    /// A briefing as lists show it.
    pub(crate) struct BriefingCard {
        /// `kind` (`briefing`), `slug`, `title` and `url`, as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// When it was published.
        pub(crate) date: DateValue,
        /// When it was last revised (its `updated`, or its latest change), or none.
        pub(crate) updated: Option<DateValue>,
        /// Its place in the site's series (`Policy Brief No. 12`), or none.
        pub(crate) series: Option<String>,
        /// Its `summary`, or none.
        pub(crate) summary: Option<String>,
        /// The organizations it is about, as its front matter lists them.
        pub(crate) organizations: Vec<Shared<OrganizationLink>>,
        /// Its terms, taxonomy by taxonomy: each taxonomy it lists terms of, with them.
        pub(crate) terms: Vec<TermList>,
        /// Its authors, in byline order; none means the byline is `site.publisher`.
        pub(crate) authors: Vec<Shared<Link>>,
    }
}

template_data! {
    /// An author as lists show them.
    pub(crate) struct AuthorCard {
        /// `kind` (`author`), `slug`, `title` (their name) and `url`, as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// Their `role` (`Senior Fellow`), or none.
        pub(crate) role: Option<String>,
        /// Their `affiliation`, or none.
        pub(crate) affiliation: Option<String>,
        /// The address of their `photo`, or none.
        pub(crate) photo: Option<String>,
        /// How many briefings they wrote.
        pub(crate) briefing_count: usize,
    }
}

template_data! {
    /// An organization as lists show it.
    pub(crate) struct OrganizationCard {
        /// `kind` (`organization`), `slug`, `title`, `url`, `acronym` and `status`, as any
        /// link to an organization.
        #[serde(flatten)]
        pub(crate) link: OrganizationLink,
        /// Its `kind` in front matter (`Intergovernmental organization`), or none.
        pub(crate) org_kind: Option<String>,
        /// The first paragraph of its text, shortened, or none.
        pub(crate) summary: Option<String>,
        /// Since when its status holds, or none.
        pub(crate) status_date: Option<DateValue>,
        /// How many briefings are about it.
        pub(crate) briefing_count: usize,
    }
}

template_data! {
    /// A timeline event as lists show it: events have no page of their own, their text is
    /// shown wherever they are listed.
    pub(crate) struct EventCard {
        /// `kind` (`event`), `slug`, `title` and `url` (its place on the timeline), as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// When it happened, as precisely as known.
        pub(crate) date: DateValue,
        /// Its text as HTML.
        pub(crate) content: Safe,
        /// The organizations involved, as its front matter lists them.
        pub(crate) organizations: Vec<Shared<OrganizationLink>>,
        /// Its terms, taxonomy by taxonomy: each taxonomy it lists terms of, with them.
        pub(crate) terms: Vec<TermList>,
        /// Its sources, as its front matter lists them.
        pub(crate) sources: Vec<Shared<SourceCard>>,
        /// The briefings that link to it or that its text links to.
        pub(crate) briefings: Vec<Shared<Link>>,
    }
}

template_data! {
    /// A topic's own document or a page, as lists of backlinks show it.
    pub(crate) struct PageCard {
        /// `kind` (`topic` or `page`), `slug`, `title` and `url`, as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// Its `summary`, or none.
        pub(crate) summary: Option<String>,
    }
}

template_data! {
    /// A document as lists of backlinks show it: the card of its kind (look at `kind`).
    #[derive(Clone)]
    pub(crate) enum DocCard {
        Briefing(Shared<BriefingCard>),
        Organization(Shared<OrganizationCard>),
        Event(Shared<EventCard>),
        Page(Shared<PageCard>),
        Author(Shared<AuthorCard>),
    }
}

impl DocCard {
    pub(super) fn value(&self) -> &Value {
        match self {
            DocCard::Briefing(card) => card.value(),
            DocCard::Organization(card) => card.value(),
            DocCard::Event(card) => card.value(),
            DocCard::Page(card) => card.value(),
            DocCard::Author(card) => card.value(),
        }
    }

    /// See [`Shared::value_mut`].
    pub(super) fn value_mut(&mut self) -> &mut Value {
        match self {
            DocCard::Briefing(card) => card.value_mut(),
            DocCard::Organization(card) => card.value_mut(),
            DocCard::Event(card) => card.value_mut(),
            DocCard::Page(card) => card.value_mut(),
            DocCard::Author(card) => card.value_mut(),
        }
    }
}

template_data! {
    /// A topic as lists show it.
    pub(crate) struct TopicCard {
        /// `kind` (`topic`), `slug`, `title` and `url`, as any link.
        #[serde(flatten)]
        pub(crate) link: Link,
        /// The `summary` of its own document, or its first paragraph, shortened; none for a
        /// topic without a document.
        pub(crate) summary: Option<String>,
        /// How many briefings list it.
        pub(crate) briefing_count: usize,
        /// How many timeline events list it.
        pub(crate) event_count: usize,
        /// How many documents of any kind list it.
        pub(crate) count: usize,
    }
}

template_data! {
    /// A citation: one entry of a page's reference list.
    pub(crate) struct Reference {
        /// Its number in the order the page first cites it (a numeric style's marks show it).
        pub(crate) number: usize,
        /// Its anchor (`ref_3`), which the marks in the text link to.
        pub(crate) id: String,
        /// The entry as the site's `citation_style` writes it, as HTML (authors, year, title,
        /// container, publisher, DOI and address as links), in the style's order.
        pub(crate) html: Safe,
        /// What it cites.
        pub(crate) source: Shared<SourceCard>,
        /// The anchors of the marks that cite it, in order, for links back to the text.
        pub(crate) marks: Vec<String>,
    }
}

template_data! {
    /// A heading of the table of contents.
    pub(crate) struct TocHeading {
        /// The heading's anchor.
        pub(crate) id: String,
        /// The heading's text.
        pub(crate) title: String,
    }
}

template_data! {
    /// A section of the table of contents: a `##` heading with its `###` headings.
    pub(crate) struct TocSection {
        /// `id` and `title` of the `##` heading.
        #[serde(flatten)]
        pub(crate) heading: TocHeading,
        /// The `###` headings under it.
        pub(crate) children: Vec<TocHeading>,
    }
}

/// A link to a document: to an organization, or to one of another kind.
pub(super) enum DocLink {
    Organization(Shared<OrganizationLink>),
    Other(Shared<Link>),
}

impl DocLink {
    /// See [`Shared::value_mut`].
    pub(super) fn value_mut(&mut self) -> &mut Value {
        match self {
            DocLink::Organization(link) => link.value_mut(),
            DocLink::Other(link) => link.value_mut(),
        }
    }
}

/// The cards and links of everything a page can list.
#[derive(Default)]
pub(super) struct Values {
    /// Per document: a card with what lists show of it.
    pub(super) docs: IdVec<DocId, DocCard>,
    /// Per document: a link to it.
    pub(super) refs: IdVec<DocId, DocLink>,
    /// Per topic.
    pub(super) topics: IdVec<TopicId, Shared<TopicCard>>,
    pub(super) topic_refs: IdVec<TopicId, Shared<Link>>,
    /// Per taxonomy, in the order of `taxonomies`.
    pub(super) taxonomies: Vec<TaxonomyValue>,
    /// Per source.
    pub(super) sources: IdVec<SourceId, Shared<SourceCard>>,
}

impl Values {
    pub(super) fn build(site: &Site, bodies: &Bodies) -> Result<Values, Diagnostic> {
        let whole_site = |e| cannot_make(&site.config_file.path, e);
        let refs = site
            .docs
            .ids()
            .map(|id| doc_link(site, id).map_err(|e| cannot_make(&site.doc(id).path, e)))
            .collect::<Result<_, _>>()?;
        let topic_refs = site
            .topics
            .ids()
            .map(|id| Shared::new(&topic_link(site, id)))
            .collect::<Result<_, _>>()
            .map_err(whole_site)?;
        let sources = site
            .sources
            .ids()
            .map(|id| Shared::new(&source_card(site, id)))
            .collect::<Result<_, _>>()
            .map_err(whole_site)?;
        let taxonomies = site.config.taxonomies.iter().map(|t| TaxonomyValue::of(site, t)).collect();
        let mut values =
            Values { docs: IdVec::default(), refs, topics: IdVec::default(), topic_refs, taxonomies, sources };
        values.topics = site
            .topics
            .ids()
            .map(|t| values.make_topic_card(site, t, bodies))
            .collect::<Result<_, _>>()
            .map_err(whole_site)?;
        let docs = site.docs.par_ids().map(|id| values.doc_card(site, id, &bodies[id])).collect::<Result<_, _>>()?;
        values.docs = docs;
        Ok(values)
    }

    fn make_topic_card(&self, site: &Site, id: TopicId, bodies: &Bodies) -> Result<Shared<TopicCard>, tera::Error> {
        let topic = &site.topics[id];
        let users = &site.topics[id].backlinks;
        let count = |kind: Kind| users.iter().filter(|&&d| site.doc(d).kind == kind).count();
        let summary =
            topic.doc.and_then(|d| site.doc(d).meta.summary().map(str::to_string).or_else(|| excerpt(&bodies[d])));
        Shared::new(&TopicCard {
            link: topic_link(site, id),
            summary,
            briefing_count: count(Kind::Briefing),
            event_count: count(Kind::Event),
            count: users.len(),
        })
    }

    /// The card of document `id`, whose body is `body`.
    pub(super) fn doc_card(&self, site: &Site, id: DocId, body: &ShownBody) -> Result<DocCard, Diagnostic> {
        self.make_doc_card(site, id, body).map_err(|e| cannot_make(&site.doc(id).path, e))
    }

    fn make_doc_card(&self, site: &Site, id: DocId, body: &ShownBody) -> Result<DocCard, tera::Error> {
        let doc = site.doc(id);
        let refs = &site.docs[id].refs;
        let link = || plain_link(site, id);
        Ok(match &doc.meta {
            Meta::Briefing(m) => DocCard::Briefing(Shared::new(&BriefingCard {
                link: link(),
                date: DateValue::of(m.date, &site.interface),
                updated: m.revised().map(|d| DateValue::of(d, &site.interface)),
                series: site.series_label(m.number),
                summary: m.summary.clone(),
                organizations: self.organization_links(&refs.organizations),
                terms: self.term_lists(site, &refs.topics),
                authors: self.links(&refs.authors),
            })?),
            Meta::Organization(m) => DocCard::Organization(Shared::new(&OrganizationCard {
                link: organization_link(site, id),
                org_kind: m.kind.clone(),
                summary: excerpt(body),
                status_date: m
                    .status_date
                    .filter(|_| site.config.status.is_some())
                    .map(|d| DateValue::of(d, &site.interface)),
                briefing_count: site.docs[id].backlinks.iter().filter(|&&b| site.doc(b).kind == Kind::Briefing).count(),
            })?),
            Meta::Event(m) => DocCard::Event(Shared::new(&EventCard {
                link: link(),
                date: DateValue::of_partial(m.date, &site.interface),
                content: Safe::shared(&body.content),
                organizations: self.organization_links(&refs.organizations),
                terms: self.term_lists(site, &refs.topics),
                sources: refs.sources.iter().map(|&s| self.sources[s].clone()).collect(),
                // Links, not cards: the briefings' cards are made after the events'.
                briefings: self.links(&site.briefings_linked_with(id)),
            })?),
            Meta::Author(m) => DocCard::Author(Shared::new(&AuthorCard {
                link: link(),
                role: m.role.clone(),
                affiliation: m.affiliation.clone(),
                photo: m.photo.as_deref().map(|p| static_href(site, p)),
                briefing_count: site.docs[id].backlinks.iter().filter(|&&b| site.doc(b).kind == Kind::Briefing).count(),
            })?),
            Meta::Topic(_) | Meta::Page(_) => {
                DocCard::Page(Shared::new(&PageCard { link: link(), summary: doc.meta.summary().map(str::to_string) })?)
            }
        })
    }

    /// The card of document `id`.
    pub(super) fn card(&self, id: DocId) -> DocCard {
        self.docs[id].clone()
    }

    /// The cards of `ids`.
    pub(super) fn cards(&self, ids: &[DocId]) -> Vec<DocCard> {
        ids.iter().map(|&id| self.card(id)).collect()
    }

    /// The cards of those of `ids` that are briefings.
    pub(super) fn briefing_cards(&self, ids: impl IntoIterator<Item = DocId>) -> Vec<Shared<BriefingCard>> {
        let card = |id| match &self.docs[id] {
            DocCard::Briefing(card) => Some(card.clone()),
            DocCard::Organization(_) | DocCard::Event(_) | DocCard::Page(_) | DocCard::Author(_) => None,
        };
        ids.into_iter().filter_map(card).collect()
    }

    /// The cards of those of `ids` that are organizations.
    pub(super) fn organization_cards(&self, ids: impl IntoIterator<Item = DocId>) -> Vec<Shared<OrganizationCard>> {
        let card = |id| match &self.docs[id] {
            DocCard::Organization(card) => Some(card.clone()),
            DocCard::Briefing(_) | DocCard::Event(_) | DocCard::Page(_) | DocCard::Author(_) => None,
        };
        ids.into_iter().filter_map(card).collect()
    }

    /// The cards of those of `ids` that are events.
    pub(super) fn event_cards(&self, ids: impl IntoIterator<Item = DocId>) -> Vec<Shared<EventCard>> {
        let card = |id| match &self.docs[id] {
            DocCard::Event(card) => Some(card.clone()),
            DocCard::Briefing(_) | DocCard::Organization(_) | DocCard::Page(_) | DocCard::Author(_) => None,
        };
        ids.into_iter().filter_map(card).collect()
    }

    /// The cards of those of `ids` that are authors.
    pub(super) fn author_cards(&self, ids: impl IntoIterator<Item = DocId>) -> Vec<Shared<AuthorCard>> {
        let card = |id| match &self.docs[id] {
            DocCard::Author(card) => Some(card.clone()),
            DocCard::Briefing(_) | DocCard::Organization(_) | DocCard::Event(_) | DocCard::Page(_) => None,
        };
        ids.into_iter().filter_map(card).collect()
    }

    /// The link to organization `id`, or none when `id` is not one.
    pub(super) fn organization_link(&self, id: DocId) -> Option<Shared<OrganizationLink>> {
        match &self.refs[id] {
            DocLink::Organization(link) => Some(link.clone()),
            DocLink::Other(_) => None,
        }
    }

    /// The links to those of `ids` that are organizations.
    pub(super) fn organization_links(&self, ids: &[DocId]) -> Vec<Shared<OrganizationLink>> {
        ids.iter().filter_map(|&id| self.organization_link(id)).collect()
    }

    /// The links to those of `ids` that are not organizations.
    pub(super) fn links(&self, ids: &[DocId]) -> Vec<Shared<Link>> {
        let link = |&id: &DocId| match &self.refs[id] {
            DocLink::Other(link) => Some(link.clone()),
            DocLink::Organization(_) => None,
        };
        ids.iter().filter_map(link).collect()
    }

    pub(super) fn topic_card(&self, id: TopicId) -> Shared<TopicCard> {
        self.topics[id].clone()
    }

    /// The topics `ids` taxonomy by taxonomy, in the order of `taxonomies`, each in the order
    /// given; a taxonomy none of them is a term of is left out.
    pub(super) fn term_lists(&self, site: &Site, ids: &[TopicId]) -> Vec<TermList> {
        let of = |taxonomy: TaxonomyId| ids.iter().copied().filter(move |&t| site.topics[t].taxonomy == taxonomy);
        (site.config.taxonomy_ids())
            .filter_map(|(taxonomy, _)| {
                let terms: Vec<Shared<Link>> = of(taxonomy).map(|t| self.topic_refs[t].clone()).collect();
                let taxonomy = self.taxonomies.get(taxonomy.0)?.clone();
                (!terms.is_empty()).then_some(TermList { taxonomy, terms })
            })
            .collect()
    }

    pub(super) fn source(&self, id: SourceId) -> Shared<SourceCard> {
        self.sources[id].clone()
    }

    /// The `status_history` of organization `id`, in date order, each source as a mark
    /// leading to the organization page's references.
    pub(super) fn status_history(&self, site: &Site, id: DocId) -> Vec<StatusChangeCard> {
        match &site.doc(id).meta {
            Meta::Organization(m) => {
                m.status_history.iter().filter_map(|c| self.status_change(site, id, c, true)).collect()
            }
            Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => Vec::new(),
        }
    }

    /// The entry `change` of organization `org`'s `status_history`; with `mark`, its source
    /// as a mark leading to the organization page's references. None when `org` is not an
    /// organization.
    pub(super) fn status_change(
        &self,
        site: &Site,
        org: DocId,
        change: &StatusChange,
        mark: bool,
    ) -> Option<StatusChangeCard> {
        let linked = &site.docs[org];
        let source = change
            .source
            .as_deref()
            .and_then(|written| linked.refs.sources.iter().copied().find(|&s| site.sources[s].entry.id == written));
        let reference = source.filter(|_| mark).and_then(|s| linked.references.iter().find(|r| r.source == s));
        Some(StatusChangeCard {
            kind: "status-change",
            organization: self.organization_link(org)?,
            date: DateValue::of(change.date, &site.interface),
            status: Status::of(&site.config, Some(change.status))?,
            note: change.note.clone(),
            source: source.map(|s| self.source(s)),
            mark: reference.map(|r| ReferenceMark {
                number: r.number,
                href: format!("#{}", crate::markdown::anchors::reference_anchor(r.number)),
                text: Safe::new(&site.citation_style.in_text(&site.sources[r.source].item)),
            }),
        })
    }

    /// The cards of the documents not of `kinds` that refer to `target`.
    pub(super) fn backlinks_except(&self, site: &Site, target: Target, kinds: &[Kind]) -> Vec<DocCard> {
        site.backlinks(target).iter().filter(|&&d| !kinds.contains(&site.doc(d).kind)).map(|&d| self.card(d)).collect()
    }
}

/// The link to document `id`, as what lists show of any document.
fn plain_link(site: &Site, id: DocId) -> Link {
    let doc = site.doc(id);
    Link {
        kind: doc.kind.name(),
        slug: doc.slug.clone(),
        title: doc.title().to_string(),
        url: site.base.href(&site.path_of(Target::Doc(id))),
    }
}

/// The link to document `id`, with an organization's acronym and status.
fn organization_link(site: &Site, id: DocId) -> OrganizationLink {
    let (acronym, status) = match &site.doc(id).meta {
        Meta::Organization(m) => (m.acronym.clone(), m.status),
        Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => (None, None),
    };
    OrganizationLink { link: plain_link(site, id), acronym, status: Status::of(&site.config, status) }
}

fn doc_link(site: &Site, id: DocId) -> Result<DocLink, tera::Error> {
    Ok(match site.doc(id).kind {
        Kind::Organization => DocLink::Organization(Shared::new(&organization_link(site, id))?),
        Kind::Briefing | Kind::Event | Kind::Topic | Kind::Page | Kind::Author => {
            DocLink::Other(Shared::new(&plain_link(site, id))?)
        }
    })
}

/// The address of a file of `content/static/` written from there: `/img/a.jpg`.
pub(super) fn static_href(site: &Site, written: &str) -> String {
    site.base.href(written.trim_start_matches('/'))
}

fn topic_link(site: &Site, id: TopicId) -> Link {
    let topic = &site.topics[id];
    Link {
        kind: "topic",
        slug: topic.slug.clone(),
        title: topic.title.clone(),
        url: site.base.href(&site.path_of(Target::Topic(id))),
    }
}

/// The source `id` as citations show it.
pub(super) fn source_card(site: &Site, id: SourceId) -> SourceCard {
    let entry = &site.sources[id].entry;
    SourceCard {
        id: entry.id.clone(),
        title: entry.title.clone(),
        publisher: entry.publisher.clone(),
        author: (!entry.author.is_empty()).then(|| entry.author.join("; ")),
        date: entry.date.map(|d| DateValue::of_partial(d, &site.interface)),
        url: entry.url.clone(),
        note: entry.note.clone(),
        archived_url: entry.archived_url.clone(),
        href: site.base.href(&site.path_of(Target::Source(id))),
    }
}

/// Whether two values would render the same in any template: the same kinds, the same
/// strings marked safe or not, the same map keys in the same order. (tera's own `==` treats
/// `1` and `1.0`, a safe and an escaped string, and reordered maps as equal.)
///
/// Maps, lists and long strings are shared: one that is the very same is not looked into.
pub(super) fn identical(a: &Value, b: &Value) -> bool {
    if a.kind() != b.kind() {
        return false;
    }
    if let (Some(x), Some(y)) = (a.as_map(), b.as_map()) {
        return std::ptr::eq(x, y)
            || x.len() == y.len() && x.iter().zip(y.iter()).all(|((k1, v1), (k2, v2))| k1 == k2 && identical(v1, v2));
    }
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        return std::ptr::eq(x, y) || x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| identical(v1, v2));
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return (std::ptr::eq(x, y) || x == y) && a.is_safe() == b.is_safe();
    }
    a == b
}

/// The first paragraph of a document's body, shortened for lists and descriptions.
pub(super) fn excerpt(body: &ShownBody) -> Option<String> {
    (!body.excerpt.is_empty()).then(|| shorten(&body.excerpt, 200))
}

/// `text` cut at a word boundary to at most about `max` characters, with an ellipsis.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':', '.', ' ']);
    format!("{cut}…")
}

/// The table of contents: `h2`s with their `h3`s, then the Notes section (`notes`, its heading
/// in the site's language) if the body ends with one.
pub(super) fn toc(headings: &[Heading], notes: Option<&str>) -> Vec<TocSection> {
    let mut sections: Vec<TocSection> = Vec::new();
    for h in headings {
        let heading = TocHeading { id: h.id.clone(), title: h.text.clone() };
        match (h.level, sections.last_mut()) {
            (2, _) | (3, None) => sections.push(TocSection { heading, children: Vec::new() }),
            (3, Some(section)) => section.children.push(heading),
            _ => {}
        }
    }
    if let Some(notes) = notes {
        let heading = TocHeading { id: crate::markdown::anchors::NOTES_SECTION.into(), title: notes.into() };
        sections.push(TocSection { heading, children: Vec::new() });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::data::to_value;

    #[test]
    fn identical_values_differ_in_what_templates_would_show() {
        let map = |v: &str| to_value(&TocHeading { id: "a".into(), title: v.into() }).unwrap();
        let list = |items: &[&str]| Value::from(items.iter().map(|&s| Value::from(s)).collect::<Vec<_>>());
        assert!(identical(&map("x"), &map("x")));
        assert!(!identical(&map("x"), &map("y")));
        assert!(!identical(&Value::safe_string("<b>"), &Value::from("<b>")));
        assert!(!identical(&Value::from(1), &Value::from(1.0)));
        assert!(!identical(&list(&["a", "b"]), &list(&["b", "a"])));
        assert!(!identical(&Value::none(), &Value::from("")));
    }

    #[test]
    fn long_text_is_shortened_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
    }

    #[test]
    fn the_table_of_contents_nests_h3_under_h2() {
        let h = |level, id: &str| Heading {
            level,
            text: id.to_uppercase(),
            id: id.into(),
            duplicate_custom_id: false,
            range: 0..0,
        };
        let toc = toc(&[h(3, "first"), h(2, "a"), h(3, "a1"), h(4, "deep"), h(2, "b")], None);
        let ids: Vec<(&str, Vec<&str>)> =
            toc.iter().map(|s| (s.heading.id.as_str(), s.children.iter().map(|c| c.id.as_str()).collect())).collect();
        assert_eq!(ids, [("first", vec![]), ("a", vec!["a1"]), ("b", vec![])]);
        let with_notes = super::toc(&[h(2, "a")], Some("Notes"));
        assert_eq!((with_notes[1].heading.id.as_str(), with_notes[1].heading.title.as_str()), ("notes", "Notes"));
    }
}
