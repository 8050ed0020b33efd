//! Exports: the search index, `organizations.json`, `timeline.json`, and the JSON-LD of a
//! briefing, all written by [`crate::text::json`], so that no string in them is live markup.
//!
//! Takes: the [`Site`] and the rendered bodies. Gives: JSON documents.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::Bodies;
use crate::link::{DocId, IdVec, Site, Target, TopicId};
use crate::model::{Kind, Meta, PageRule};
use crate::text;

/// A whole JSON file: markup-safe (see [`crate::text::json`]) and ending with a newline.
fn to_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut out = text::json(value);
    out.push(b'\n');
    out
}

/// One entry of the search index. Fields are declared in alphabetical order, as the file
/// has always had them.
#[derive(Serialize)]
struct SearchEntry<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    kind: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organizations: Vec<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    text: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<&'a str>,
    url: String,
}

/// `search-index.json`: what the search script looks through, with links relative to the
/// site's base path so it works under a subpath.
pub(super) fn search_index(site: &Site, bodies: &Bodies) -> Vec<u8> {
    let parts = SearchParts::build(site, bodies);
    parts.join(site)
}

/// The entries of the search index, serialized one by one, so that the preview server can
/// redo only the entries of the documents that changed.
#[derive(Debug, Default)]
pub(super) struct SearchParts {
    /// By document; empty for documents the index leaves out (a topic's file is searched as
    /// its topic).
    docs: IdVec<DocId, Vec<u8>>,
    topics: IdVec<TopicId, Vec<u8>>,
}

impl SearchParts {
    pub(super) fn build(site: &Site, bodies: &Bodies) -> SearchParts {
        let docs = site.docs.par_ids().map(|id| doc_entry(site, bodies, id)).collect();
        let topics = site.topics.par_ids().map(|id| topic_entry(site, bodies, id)).collect();
        SearchParts { docs, topics }
    }

    /// Redoes the entry of `id` after its body changed.
    pub(super) fn update(&mut self, site: &Site, bodies: &Bodies, id: DocId) {
        self.docs[id] = doc_entry(site, bodies, id);
    }

    /// The whole file: `{"documents":[…],"version":1}`, with the searchable kinds' documents
    /// kind by kind in listing order, then the topics.
    pub(super) fn join(&self, site: &Site) -> Vec<u8> {
        let listed = Kind::ALL.into_iter().filter(|k| k.spec().searchable).flat_map(|k| site.listed(k));
        // A topic's file has no entry of its own: its topic's entry carries it.
        let docs = listed.map(|&id| &self.docs[id]).filter(|entry| !entry.is_empty());
        let topics = Kind::Topic.spec().searchable.then(|| self.topics.iter()).into_iter().flatten();
        let entries = docs.chain(topics);
        let size: usize = self.docs.iter().chain(&self.topics).map(|e| e.len() + 1).sum();
        let mut out = Vec::with_capacity(size + 40);
        out.extend_from_slice(br#"{"documents":["#);
        for (i, entry) in entries.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(entry);
        }
        out.extend_from_slice(b"],\"version\":1}\n");
        out
    }
}

fn doc_entry(site: &Site, bodies: &Bodies, id: DocId) -> Vec<u8> {
    let doc = site.doc(id);
    let searched = match doc.kind.spec().pages {
        PageRule::Own { .. } | PageRule::Entry { .. } => doc.kind.spec().searchable,
        PageRule::PerTopic { .. } => false,
    };
    if !searched {
        return Vec::new();
    }
    let refs = &site.docs[id].refs;
    let date = doc.meta.date().map(|d| d.iso());
    let summary = doc.meta.summary().unwrap_or(&bodies[id].excerpt);
    let entry = SearchEntry {
        kind: doc.kind.name(),
        title: doc.title(),
        url: site.base.href(&site.docs[id].path),
        date,
        // A kind with no `summary` key has none: its body's first paragraph is not one.
        summary: if doc.kind.keys().contains(&"summary") { summary } else { "" },
        organizations: refs.organizations.iter().map(|&o| org_label(site, o)).collect(),
        topics: refs.topics.iter().map(|&t| site.topics[t].title.as_str()).collect(),
        text: bodies[id].text.trim(),
    };
    text::json(&entry)
}

fn topic_entry(site: &Site, bodies: &Bodies, id: TopicId) -> Vec<u8> {
    let topic = &site.topics[id];
    let doc = topic.doc.map(|d| site.doc(d));
    let entry = SearchEntry {
        kind: "topic",
        title: &topic.title,
        url: site.base.href(&site.path_of(Target::Topic(id))),
        date: None,
        summary: doc.and_then(|d| d.meta.summary()).unwrap_or(""),
        organizations: Vec::new(),
        topics: Vec::new(),
        text: topic.doc.map_or("", |d| bodies[d].text.trim()),
    };
    text::json(&entry)
}

/// `Freedom Online Coalition (FOC)`
fn org_label(site: &Site, id: DocId) -> String {
    match &site.doc(id).meta {
        Meta::Organization(m) => match &m.acronym {
            Some(a) => format!("{} ({a})", m.name),
            None => m.name.clone(),
        },
        other => other.title().to_string(),
    }
}

fn slugs(site: &Site, ids: &[DocId]) -> Vec<String> {
    ids.iter().map(|&d| site.doc(d).slug.clone()).collect()
}

/// `organizations.json`: every organization with its status and what refers to it.
pub(super) fn organizations(site: &Site) -> Vec<u8> {
    let list: Vec<Value> = site
        .listed(Kind::Organization)
        .iter()
        .filter_map(|&id| {
            let Meta::Organization(m) = &site.doc(id).meta else { return None };
            let briefings: Vec<DocId> =
                site.docs[id].backlinks.iter().copied().filter(|&b| site.doc(b).kind == Kind::Briefing).collect();
            let events: Vec<DocId> =
                site.docs[id].backlinks.iter().copied().filter(|&b| site.doc(b).kind == Kind::Event).collect();
            Some(json!({
                "slug": site.doc(id).slug,
                "name": m.name,
                "acronym": m.acronym,
                "kind": m.kind,
                "parent": site.docs[id].refs.parent.map(|p| site.doc(p).slug.clone()).or_else(|| m.parent.clone()),
                "founded": m.founded.map(|d| d.iso()),
                "members": m.members,
                "us_status": m.us_status.map(|s| s.key()),
                "us_status_label": m.us_status.map_or("Not stated in the sources", |s| s.label()),
                "us_status_date": m.us_status_date.map(|d| d.iso()),
                "website": m.website,
                "url": site.base.permalink(&site.docs[id].path),
                "briefings": slugs(site, &briefings),
                "events": slugs(site, &events),
            }))
        })
        .collect();
    to_bytes(&json!({ "version": 1, "site": site.base.url, "organizations": list }))
}

/// `timeline.json`: every event in timeline order, with how precise its date is.
pub(super) fn timeline(site: &Site) -> Vec<u8> {
    let list: Vec<Value> = site
        .listed(Kind::Event)
        .iter()
        .filter_map(|&id| {
            let Meta::Event(m) = &site.doc(id).meta else { return None };
            let refs = &site.docs[id].refs;
            let precision = match m.date {
                crate::date::PartialDate::Year(_) => "year",
                crate::date::PartialDate::Month(..) => "month",
                crate::date::PartialDate::Day(_) => "day",
            };
            let briefings = site.briefings_linked_with(id);
            Some(json!({
                "slug": site.doc(id).slug,
                "title": m.title,
                "date": m.date.iso(),
                "date_precision": precision,
                "url": site.base.permalink(&site.docs[id].path),
                "organizations": slugs(site, &refs.organizations),
                "topics": refs.topics.iter().map(|&t| site.topics[t].slug.clone()).collect::<Vec<_>>(),
                "sources": refs.sources.iter().map(|&s| site.sources[s].entry.id.clone()).collect::<Vec<_>>(),
                "briefings": slugs(site, &briefings),
            }))
        })
        .collect();
    to_bytes(
        &json!({ "version": 1, "site": site.base.url, "order": format!("{:?}", site.config.timeline_order).to_lowercase(), "events": list }),
    )
}

/// The schema.org description of a briefing, ready for a `<script type="application/ld+json">`.
/// A schema.org `Article`. Absent fields are left out rather than written as `null`, which
/// schema.org readers treat as noise.
#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    url: String,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: String,
    author: Named<'a>,
    publisher: Named<'a>,
    about: Vec<&'a str>,
    mentions: Vec<Named<'a>>,
    citation: Vec<Named<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
}

pub(super) fn briefing_json_ld(site: &Site, id: DocId) -> String {
    let doc = site.doc(id);
    let Meta::Briefing(m) = &doc.meta else { return String::new() };
    let refs = &site.docs[id].refs;
    let publisher = site.config.author.as_deref().unwrap_or(&site.config.title);
    let organization = |name| Named { kind: "Organization", name, url: None, publisher: None };
    let permalink = site.base.permalink(&site.docs[id].path);
    let article = Article {
        context: "https://schema.org",
        kind: "Article",
        headline: &m.title,
        description: m.summary.as_deref(),
        date_published: m.date.iso(),
        date_modified: m.updated.unwrap_or(m.date).iso(),
        in_language: &site.config.language,
        url: permalink.clone(),
        main_entity_of_page: permalink,
        author: organization(publisher),
        publisher: organization(publisher),
        about: refs.topics.iter().map(|&t| site.topics[t].title.as_str()).collect(),
        mentions: refs
            .organizations
            .iter()
            .map(|&o| Named { url: Some(site.base.permalink(&site.docs[o].path)), ..organization(site.doc(o).title()) })
            .collect(),
        citation: site.docs[id]
            .references
            .iter()
            .map(|r| {
                let e = &site.sources[r.source].entry;
                Named { kind: "CreativeWork", name: &e.title, url: e.url.clone(), publisher: e.publisher.as_deref() }
            })
            .collect(),
    };
    text::json_string(&article)
}
