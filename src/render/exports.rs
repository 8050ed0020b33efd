//! Exports: the search index, `organizations.json`, `timeline.json`, and the JSON-LD of a
//! briefing, all written by [`crate::text::json`], so that no string in them is live markup.
//!
//! Takes: the [`Site`] and the rendered bodies. Gives: JSON documents, or serde_json's error
//! for the file that could not be written (the render stage reports it on that file).

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::Bodies;
use crate::link::{DocId, IdVec, Site, Target, TopicId};
use crate::model::{BriefingMeta, ChangeKind, Kind, Meta, PageRule, StatusChange, TrackedStatus};
use crate::text;

/// A whole JSON file: markup-safe (see [`crate::text::json`]) and ending with a newline.
fn to_bytes(value: &impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = text::json(value)?;
    out.push(b'\n');
    Ok(out)
}

/// One entry of the search index. Fields are declared in alphabetical order, as the file
/// has always had them.
#[derive(Serialize)]
struct SearchEntry<'a> {
    /// A briefing's authors, in byline order, for the byline of its result.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<SearchAuthor<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    kind: &'a str,
    /// A term's taxonomy's `singular` (`Region`), which its result shows in place of its kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organizations: Vec<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    text: Cow<'a, str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<&'a str>,
    url: String,
}

/// An author in the search index: searched by name, and linked from the result.
#[derive(Serialize)]
struct SearchAuthor<'a> {
    name: &'a str,
    url: String,
}

/// `search-index.json`: what the search script looks through, with links relative to the
/// site's base path so it works under a subpath.
pub(super) fn search_index(site: &Site, bodies: &Bodies) -> Result<Vec<u8>, serde_json::Error> {
    let parts = SearchParts::build(site, bodies)?;
    Ok(parts.join(site))
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
    pub(super) fn build(site: &Site, bodies: &Bodies) -> Result<SearchParts, serde_json::Error> {
        let docs = site.docs.par_ids().map(|id| doc_entry(site, bodies, id)).collect::<Result<_, _>>()?;
        let topics = site.topics.par_ids().map(|id| topic_entry(site, bodies, id)).collect::<Result<_, _>>()?;
        Ok(SearchParts { docs, topics })
    }

    /// Redoes the entry of `id` after its body changed.
    pub(super) fn update(&mut self, site: &Site, bodies: &Bodies, id: DocId) -> Result<(), serde_json::Error> {
        self.docs[id] = doc_entry(site, bodies, id)?;
        Ok(())
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

fn doc_entry(site: &Site, bodies: &Bodies, id: DocId) -> Result<Vec<u8>, serde_json::Error> {
    let doc = site.doc(id);
    let searched = match doc.kind.spec().pages {
        PageRule::Own { .. } | PageRule::Entry { .. } => doc.kind.spec().searchable,
        PageRule::PerTopic { .. } => false,
    };
    if !searched {
        return Ok(Vec::new());
    }
    let refs = &site.docs[id].refs;
    let date = doc.meta.date().map(|d| d.iso());
    let summary = doc.meta.summary().unwrap_or(&bodies[id].excerpt);
    let author = |&a: &DocId| SearchAuthor { name: site.doc(a).title(), url: site.base.href(&site.docs[a].path) };
    let entry = SearchEntry {
        authors: refs.authors.iter().map(author).collect(),
        kind: doc.kind.name(),
        label: None,
        title: doc.title(),
        url: site.base.href(&site.docs[id].path),
        date,
        // A kind with no `summary` key has none: its body's first paragraph is not one.
        summary: if doc.kind.keys().contains(&"summary") { summary } else { "" },
        organizations: refs.organizations.iter().map(|&o| org_label(site, o)).collect(),
        topics: refs.topics.iter().map(|&t| site.topics[t].title.as_str()).collect(),
        text: searched_text(&doc.meta, bodies[id].text.trim()),
    };
    text::json(&entry)
}

fn topic_entry(site: &Site, bodies: &Bodies, id: TopicId) -> Result<Vec<u8>, serde_json::Error> {
    let topic = &site.topics[id];
    let doc = topic.doc.map(|d| site.doc(d));
    let entry = SearchEntry {
        kind: "topic",
        label: Some(&site.taxonomy_of(id).singular),
        title: &topic.title,
        url: site.base.href(&site.path_of(Target::Topic(id))),
        authors: Vec::new(),
        date: None,
        summary: doc.and_then(|d| d.meta.summary()).unwrap_or(""),
        organizations: Vec::new(),
        topics: Vec::new(),
        text: Cow::Borrowed(topic.doc.map_or("", |d| bodies[d].text.trim())),
    };
    text::json(&entry)
}

/// The text a document is searched by: a briefing's key points and recommendations, then
/// its body's `text`.
fn searched_text<'a>(meta: &Meta, text: &'a str) -> Cow<'a, str> {
    let points: Vec<&str> = match meta {
        Meta::Briefing(m) => m.key_points.iter().chain(&m.recommendations).map(String::as_str).collect(),
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => Vec::new(),
    };
    if points.is_empty() { Cow::Borrowed(text) } else { Cow::Owned(format!("{} {text}", points.join(" "))) }
}

/// `Freedom Online Coalition (FOC)`
fn org_label(site: &Site, id: DocId) -> String {
    match &site.doc(id).meta {
        Meta::Organization(m) => match &m.acronym {
            Some(a) => format!("{} ({a})", m.name),
            None => m.name.clone(),
        },
        other @ (Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_)) => {
            other.title().to_string()
        }
    }
}

fn slugs(site: &Site, ids: &[DocId]) -> Vec<String> {
    ids.iter().map(|&d| site.doc(d).slug.clone()).collect()
}

/// `organizations.json`: every organization with its status and what refers to it.
pub(super) fn organizations(site: &Site) -> Result<Vec<u8>, serde_json::Error> {
    let list: Vec<Value> = site
        .listed(Kind::Organization)
        .iter()
        .filter_map(|&id| {
            let m = match &site.doc(id).meta {
                Meta::Organization(m) => m,
                Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => return None,
            };
            let briefings: Vec<DocId> =
                site.docs[id].backlinks.iter().copied().filter(|&b| site.doc(b).kind == Kind::Briefing).collect();
            let events: Vec<DocId> =
                site.docs[id].backlinks.iter().copied().filter(|&b| site.doc(b).kind == Kind::Event).collect();
            let mut entry = serde_json::Map::new();
            let mut put = |key: &str, value: Value| entry.insert(key.to_string(), value);
            put("slug", json!(site.doc(id).slug));
            put("name", json!(m.name));
            put("acronym", json!(m.acronym));
            put("kind", json!(m.kind));
            let parent = site.docs[id].refs.parent.map(|p| site.doc(p).slug.clone()).or_else(|| m.parent.clone());
            put("parent", json!(parent));
            put("founded", json!(m.founded.map(|d| d.iso())));
            put("members", json!(m.members));
            // The status under the keys the site names it by, with its label.
            if let Some(tracked) = &site.config.status {
                let value = m.status.and_then(|s| tracked.value(s));
                put(&tracked.field, json!(value.map(|v| &v.key)));
                put(&format!("{}_label", tracked.field), json!(value.map_or(&tracked.not_stated, |v| &v.label)));
                put(&tracked.date_field(), json!(m.status_date.map(|d| d.iso())));
                let history: Vec<Value> = m.status_history.iter().map(|c| status_change(tracked, c)).collect();
                put("status_history", json!(history));
            }
            put("website", json!(m.website));
            put("url", json!(site.base.permalink(&site.docs[id].path)));
            put("briefings", json!(slugs(site, &briefings)));
            put("events", json!(slugs(site, &events)));
            Some(Value::Object(entry))
        })
        .collect();
    to_bytes(&json!({ "version": 1, "site": site.base.url, "organizations": list }))
}

/// `timeline.json`: every event in timeline order, with how precise its date is.
pub(super) fn timeline(site: &Site) -> Result<Vec<u8>, serde_json::Error> {
    let list: Vec<Value> = site
        .listed(Kind::Event)
        .iter()
        .filter_map(|&id| {
            let m = match &site.doc(id).meta {
                Meta::Event(m) => m,
                Meta::Briefing(_) | Meta::Organization(_) | Meta::Topic(_) | Meta::Page(_) | Meta::Author(_) => {
                    return None;
                }
            };
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
                "sources": refs.sources.iter().map(|&s| site.sources[s].entry.id.clone()).collect::<Vec<_>>(),
                "briefings": slugs(site, &briefings),
            }))
            .map(|mut entry| {
                // Each taxonomy's terms under its key, as front matter lists them.
                for (taxonomy, t) in site.config.taxonomy_ids() {
                    let terms = refs.topics.iter().filter(|&&topic| site.topics[topic].taxonomy == taxonomy);
                    entry[&t.key] = json!(terms.map(|&topic| site.topics[topic].slug.clone()).collect::<Vec<_>>());
                }
                entry
            })
        })
        .collect();
    let order = format!("{:?}", site.config.timeline_order).to_lowercase();
    let mut export = json!({ "version": 1, "site": site.base.url, "order": order, "events": list });
    // Only a timeline that shows status changes lists them, as its page does.
    if let (true, Some(tracked)) = (site.config.timeline_status_changes, &site.config.status) {
        let changes: Vec<Value> = site
            .timeline_status_changes()
            .into_iter()
            .map(|(org, change)| {
                let mut entry = status_change(tracked, change);
                entry["organization"] = json!(site.doc(org).slug);
                entry["url"] = json!(site.base.permalink(&site.docs[org].path));
                entry
            })
            .collect();
        export["status_changes"] = json!(changes);
    }
    to_bytes(&export)
}

/// An entry of a `status_history`: its status by its key and label, its ISO date, its note
/// as text and its source's id.
fn status_change(tracked: &TrackedStatus, change: &StatusChange) -> Value {
    let value = tracked.value(change.status);
    json!({
        "status": value.map(|v| &v.key),
        "status_label": value.map(|v| &v.label),
        "date": change.date.iso(),
        "note": change.note,
        "source": change.source,
    })
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
    author: ArticleAuthor<'a>,
    publisher: Named<'a>,
    about: Vec<&'a str>,
    mentions: Vec<Named<'a>>,
    citation: Vec<Named<'a>>,
    /// The site's series (a `CreativeWorkSeries`), when the briefing has a number in it.
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    is_part_of: Option<Named<'a>>,
    /// Its number in the series.
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<u32>,
    /// Its corrections, as schema.org `CorrectionComment`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<Correction<'a>>,
}

/// A correction of a briefing, as a schema.org `CorrectionComment`.
#[derive(Serialize)]
struct Correction<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
    #[serde(rename = "datePublished")]
    date_published: String,
}

/// A briefing's `author`: its authors, or the publisher when it names none.
#[derive(Serialize)]
#[serde(untagged)]
enum ArticleAuthor<'a> {
    Publisher(Named<'a>),
    People(Vec<Person<'a>>),
}

/// An author, as a schema.org `Person` (or an `Organization`, for a team).
#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    /// Their page on the site.
    url: String,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Named<'a>>,
    /// A team's or an institution's parent (its `affiliation`), where a person has an
    /// affiliation.
    #[serde(rename = "parentOrganization", skip_serializing_if = "Option::is_none")]
    parent_organization: Option<Named<'a>>,
    /// Their ORCID record and website: other pages about the same person.
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<String>,
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

/// Author `id` as a schema.org `Person`.
fn person(site: &Site, id: DocId) -> Person<'_> {
    let meta = match &site.doc(id).meta {
        Meta::Author(meta) => Some(meta),
        Meta::Briefing(_) | Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => None,
    };
    let organization = meta.is_some_and(|m| m.organization);
    let affiliation = meta.and_then(|m| m.affiliation.as_deref()).map(|name| Named {
        kind: "Organization",
        name,
        url: None,
        publisher: None,
    });
    let (affiliation, parent_organization) = if organization { (None, affiliation) } else { (affiliation, None) };
    Person {
        // schema.org's word for a team or an institution.
        kind: if organization { "Organization" } else { "Person" },
        name: site.doc(id).title(),
        url: site.base.permalink(&site.docs[id].path),
        // A role is a person's; a team's is its description, on its page.
        job_title: meta.filter(|m| !m.organization).and_then(|m| m.role.as_deref()),
        affiliation,
        parent_organization,
        same_as: meta
            .into_iter()
            .flat_map(|m| [m.orcid.as_deref().and_then(crate::model::orcid_url), m.website.clone()])
            .flatten()
            .collect(),
    }
}

/// The JSON-LD of an author's page: a schema.org `ProfilePage` about them, as a `Person`.
pub(super) fn author_json_ld(site: &Site, id: DocId) -> Result<String, serde_json::Error> {
    #[derive(Serialize)]
    struct ProfilePage<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        url: String,
        #[serde(rename = "mainEntity")]
        main_entity: Person<'a>,
    }
    text::json_string(&ProfilePage {
        context: "https://schema.org",
        kind: "ProfilePage",
        url: site.base.permalink(&site.docs[id].path),
        main_entity: person(site, id),
    })
}

/// The JSON-LD of the briefing `id`, whose front matter is `m`.
pub(super) fn briefing_json_ld(site: &Site, id: DocId, m: &BriefingMeta) -> Result<String, serde_json::Error> {
    let refs = &site.docs[id].refs;
    let publisher = site.config.publisher();
    let organization = |name| Named { kind: "Organization", name, url: None, publisher: None };
    let author = if refs.authors.is_empty() {
        ArticleAuthor::Publisher(organization(publisher))
    } else {
        ArticleAuthor::People(refs.authors.iter().map(|&a| person(site, a)).collect())
    };
    let permalink = site.base.permalink(&site.docs[id].path);
    let article = Article {
        context: "https://schema.org",
        kind: "Article",
        headline: &m.title,
        description: m.summary.as_deref(),
        date_published: m.date.iso(),
        date_modified: m.last_changed().iso(),
        in_language: &site.config.language,
        url: permalink.clone(),
        main_entity_of_page: permalink,
        author,
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
        is_part_of: m.number.and(site.config.series.as_deref()).map(|name| Named {
            kind: "CreativeWorkSeries",
            name,
            url: None,
            publisher: None,
        }),
        position: m.number.filter(|_| site.config.series.is_some()),
        correction: m
            .changes_in_order()
            .into_iter()
            .filter(|c| c.kind == ChangeKind::Correction)
            .map(|c| Correction { kind: "CorrectionComment", text: &c.note, date_published: c.date.iso() })
            .collect(),
    };
    text::json_string(&article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testing::{link, link_with_sources};
    use crate::model::{EVENT_EXPORT_KEYS, ORGANIZATION_EXPORT_KEYS};
    use crate::render::tests::bodies;

    /// The JSON-LD of briefing `id`.
    fn json_ld(site: &Site, id: DocId) -> String {
        let Meta::Briefing(meta) = &site.doc(id).meta else { panic!("not a briefing") };
        briefing_json_ld(site, id, meta).expect("the JSON-LD")
    }

    /// Text that would end a `<script>`, open a comment in one, or end a JavaScript line.
    const BREAKOUT: &str = "</script><!-- a\u{2028}b";

    const SITE: &[(&str, &str)] = &[
        ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\norganizations: [o]\ntopics: [t]\n---\nText of A.\n"),
        ("briefings/b.md", "---\ntitle: B\ndate: 2026-02-07\n---\nText of B.\n"),
        ("briefings/plans.md", "---\ntitle: Plans\ndate: 2026-03-07\ndraft: true\n---\nSecret.\n"),
        ("organizations/o.md", "---\nname: Org\nacronym: O\nus_status: withdrawn\n---\nAn organization.\n"),
        ("organizations/p.md", "---\nname: Parent\n---\n"),
        (
            "timeline/e.md",
            "---\ntitle: E\ndate: 2025-06\norganizations: [o]\ntopics: [t]\n---\nIt happened, see [[a]].\n",
        ),
        ("timeline/f.md", "---\ntitle: F\ndate: 2024\n---\nBefore.\n"),
        ("topics/t.md", "---\ntitle: T\nsummary: About T.\n---\nA topic.\n"),
        ("pages/about.md", "---\ntitle: About\n---\nUs.\n"),
    ];

    fn parsed(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).expect("valid JSON")
    }

    fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
        value[key].as_array().map(Vec::as_slice).unwrap_or_else(|| panic!("no list `{key}` in {value}"))
    }

    fn strings(entries: &[Value], key: &str) -> Vec<String> {
        entries.iter().map(|e| e[key].as_str().unwrap_or_default().to_string()).collect()
    }

    /// Whether a string of `value` is `text`.
    fn holds(value: &Value, text: &str) -> bool {
        match value {
            Value::String(s) => s == text,
            Value::Array(items) => items.iter().any(|v| holds(v, text)),
            Value::Object(map) => map.values().any(|v| holds(v, text)),
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }

    #[test]
    fn the_search_index_has_one_entry_per_listed_document_and_topic_and_no_draft() {
        let (site, _) = link(SITE);
        let index = parsed(&search_index(&site, &bodies(&site)).expect("the search index"));
        assert_eq!(index["version"], 1);
        let entries = list(&index, "documents");
        let mut urls = strings(entries, "url");
        urls.sort();
        // The topic's file has no entry of its own: its topic's carries its text.
        let expected = [
            "/about/",
            "/briefings/a/",
            "/briefings/b/",
            "/organizations/o/",
            "/organizations/p/",
            "/timeline/#e",
            "/timeline/#f",
            "/topics/t/",
        ];
        assert_eq!(urls, expected);
        let topic = entries.iter().find(|e| e["kind"] == "topic").expect("the topic's entry");
        assert_eq!((topic["summary"].as_str(), topic["text"].as_str()), (Some("About T."), Some("A topic.")));
        let a = entries.iter().find(|e| e["url"] == "/briefings/a/").expect("A's entry");
        assert_eq!(a["organizations"], json!(["Org (O)"]));
        assert_eq!(a["topics"], json!(["T"]));
    }

    #[test]
    fn the_organizations_export_lists_each_organization_with_what_refers_to_it() {
        let (site, _) = link(SITE);
        let export = parsed(&organizations(&site).expect("the export"));
        assert_eq!(export["site"], "https://example.org/");
        let entries = list(&export, "organizations");
        assert_eq!(strings(entries, "slug"), ["o", "p"]);
        let o = &entries[0];
        assert_eq!(o["url"], "https://example.org/organizations/o/");
        assert_eq!((&o["us_status"], &o["us_status_label"]), (&json!("withdrawn"), &json!("Withdrawn")));
        assert_eq!((&o["briefings"], &o["events"]), (&json!(["a"]), &json!(["e"])));
        assert_eq!(entries[1]["us_status"], Value::Null);
        assert_eq!(entries[1]["us_status_label"], "Not stated in the sources");
    }

    /// The keys of the entries of `list`, sorted and without repeats.
    fn keys_of(entries: &[Value]) -> Vec<String> {
        let mut keys: Vec<String> =
            entries.iter().filter_map(Value::as_object).flat_map(|o| o.keys().cloned()).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    fn sorted(keys: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
        let mut keys: Vec<String> = keys.into_iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    /// The lists of keys `site.yaml`'s vocabulary is checked against are the keys written.
    #[test]
    fn each_export_writes_the_keys_its_constant_lists() {
        let (site, _) = link(SITE);
        let organizations = parsed(&organizations(&site).expect("the export"));
        let status = ["us_status", "us_status_label", "us_status_date"];
        let expected = sorted(ORGANIZATION_EXPORT_KEYS.iter().chain(&status));
        assert_eq!(keys_of(list(&organizations, "organizations")), expected);
        let timeline = parsed(&timeline(&site).expect("the export"));
        assert_eq!(keys_of(list(&timeline, "events")), sorted(EVENT_EXPORT_KEYS.iter().chain(&["topics"])));
    }

    #[test]
    fn the_timeline_export_lists_each_event_in_order_with_its_date_precision() {
        let (site, _) = link(SITE);
        let export = parsed(&timeline(&site).expect("the export"));
        let events = list(&export, "events");
        assert_eq!(strings(events, "slug"), ["f", "e"]);
        assert_eq!(strings(events, "date_precision"), ["year", "month"]);
        assert_eq!(events[1]["url"], "https://example.org/timeline/#e");
        assert_eq!((&events[1]["organizations"], &events[1]["briefings"]), (&json!(["o"]), &json!(["a"])));
    }

    #[test]
    fn no_json_output_lets_text_break_out_of_a_script() {
        let briefing = format!("---\ntitle: \"{BREAKOUT}\"\ndate: 2026-01-07\norganizations: [o]\n---\n{BREAKOUT}\n");
        let organization = format!("---\nname: \"{BREAKOUT}\"\n---\n");
        let event = format!("---\ntitle: \"{BREAKOUT}\"\ndate: 2026\norganizations: [o]\n---\n");
        let (site, _) = link(&[
            ("briefings/a.md", briefing.as_str()),
            ("organizations/o.md", organization.as_str()),
            ("timeline/e.md", event.as_str()),
        ]);
        let a = site.listed(Kind::Briefing)[0];
        let outputs = [
            ("search-index.json", search_index(&site, &bodies(&site)).expect("the search index")),
            ("organizations.json", organizations(&site).expect("the export")),
            ("timeline.json", timeline(&site).expect("the export")),
            ("JSON-LD", json_ld(&site, a).into_bytes()),
        ];
        for (name, bytes) in outputs {
            let text = String::from_utf8(bytes).expect("UTF-8");
            for raw in ["</script", "<!--", "\u{2028}"] {
                assert!(!text.contains(raw), "{name} holds {raw:?}: {text}");
            }
            assert!(holds(&parsed(text.as_bytes()), BREAKOUT), "{name} does not read back as written: {text}");
        }
    }

    #[test]
    fn a_briefings_json_ld_describes_the_article_its_organizations_and_its_sources() {
        let (site, _) = link_with_sources(
            &[
                (
                    "briefings/a.md",
                    "---\ntitle: A\ndate: 2026-01-07\nupdated: 2026-02-01\nsummary: In short.\norganizations: [o]\ntopics: [t]\n---\nAs shown [@s].\n",
                ),
                ("organizations/o.md", "---\nname: Org\n---\n"),
            ],
            "- id: s\n  title: A study\n  url: https://example.com/study\n  publisher: Press\n",
        );
        let a = site.listed(Kind::Briefing)[0];
        let ld = parsed(json_ld(&site, a).as_bytes());
        assert_eq!(
            (&ld["@type"], &ld["headline"], &ld["description"]),
            (&json!("Article"), &json!("A"), &json!("In short."))
        );
        assert_eq!((&ld["datePublished"], &ld["dateModified"]), (&json!("2026-01-07"), &json!("2026-02-01")));
        assert_eq!(ld["url"], "https://example.org/briefings/a/");
        assert_eq!(ld["about"], json!(["T"]));
        let mention = json!({"@type": "Organization", "name": "Org", "url": "https://example.org/organizations/o/"});
        assert_eq!(ld["mentions"], json!([mention]));
        let citation = json!({"@type": "CreativeWork", "name": "A study", "url": "https://example.com/study", "publisher": "Press"});
        assert_eq!(ld["citation"], json!([citation]));
    }

    #[test]
    fn a_briefing_without_a_summary_has_no_null_description_in_its_json_ld() {
        let (site, _) = link(&[("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\nText.\n")]);
        let ld = json_ld(&site, site.listed(Kind::Briefing)[0]);
        assert!(!ld.contains("description") && !ld.contains("null"), "{ld}");
    }
}
