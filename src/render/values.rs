//! Values: what templates see, built once per document and shared.
//!
//! Takes: the [`Site`] and each document's rendered body. Gives: a card per document, topic
//! and source (tera values are reference-counted, so a card listed on a thousand pages is
//! built once and shared, not cloned), and the `page` value of each kind of page.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Value;

use super::{Bodies, ShownBody};
use crate::date::{Date, PartialDate};
use crate::link::{DocId, IdVec, Site, SourceId, Target, TopicId};
use crate::markdown::Heading;
use crate::model::{Kind, Meta, STATUS_NOT_STATED, UsStatus};

/// A template object from `(key, value)` pairs.
pub fn obj(fields: Vec<(&'static str, Value)>) -> Value {
    Value::from(fields.into_iter().collect::<BTreeMap<&'static str, Value>>())
}

pub fn list(values: impl IntoIterator<Item = Value>) -> Value {
    Value::from(values.into_iter().collect::<Vec<Value>>())
}

fn text(s: &str) -> Value {
    Value::from(s)
}

fn opt(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

/// `{iso, human, year}` of a date.
pub fn date_value(date: Date) -> Value {
    obj(vec![("iso", text(&date.iso())), ("human", text(&date.human())), ("year", Value::from(date.year()))])
}

pub fn partial_date_value(date: PartialDate) -> Value {
    obj(vec![("iso", text(&date.iso())), ("human", text(&date.human())), ("year", Value::from(date.year()))])
}

/// `{key, label}` of a U.S. status; an organization without one is "not stated".
pub fn status_value(status: Option<UsStatus>) -> Value {
    let (key, label) = status.map_or(STATUS_NOT_STATED, |s| (s.key(), s.label()));
    obj(vec![("key", text(key)), ("label", text(label))])
}

/// The cards of everything a page can list.
#[derive(Default)]
pub struct Values {
    /// Per document: a card with what lists show of it.
    pub docs: IdVec<DocId, Value>,
    /// Per document: `{kind, slug, title, url}` and, for organizations, acronym and status.
    pub refs: IdVec<DocId, Value>,
    pub topics: IdVec<TopicId, Value>,
    pub topic_refs: IdVec<TopicId, Value>,
    pub sources: IdVec<SourceId, Value>,
}

impl Values {
    pub fn build(site: &Site, bodies: &Bodies) -> Values {
        let href = |target: Target| site.base.href(&site.path_of(target));
        let refs = site.docs.ids().map(|id| doc_ref(site, id, &href(Target::Doc(id)))).collect();
        let topic_refs = site
            .topics
            .enumerate()
            .map(|(id, t)| {
                obj(vec![
                    ("kind", text("topic")),
                    ("slug", text(&t.slug)),
                    ("title", text(&t.title)),
                    ("url", text(&href(Target::Topic(id)))),
                ])
            })
            .collect();
        let sources = site
            .sources
            .enumerate()
            .map(|(id, s)| {
                let e = &s.entry;
                obj(vec![
                    ("id", text(&e.id)),
                    ("title", text(&e.title)),
                    ("publisher", opt(e.publisher.as_deref())),
                    ("author", opt(e.author.as_deref())),
                    ("date", e.date.map_or_else(Value::none, partial_date_value)),
                    ("url", opt(e.url.as_deref())),
                    ("href", text(&href(Target::Source(id)))),
                ])
            })
            .collect();
        let mut values = Values { docs: IdVec::default(), refs, topics: IdVec::default(), topic_refs, sources };
        values.topics = site.topics.ids().map(|t| values.topic_card(site, t, bodies)).collect();
        let docs = site.docs.par_ids().map(|id| values.doc_card(site, id, &bodies[id])).collect();
        values.docs = docs;
        values
    }

    pub(super) fn topic_card(&self, site: &Site, id: TopicId, bodies: &Bodies) -> Value {
        let topic = &site.topics[id];
        let users = &site.topics[id].backlinks;
        let count = |kind: Kind| users.iter().filter(|&&d| site.doc(d).kind == kind).count();
        let summary =
            topic.doc.and_then(|d| site.doc(d).meta.summary().map(str::to_string).or_else(|| excerpt(&bodies[d])));
        let mut fields = ref_fields(&self.topic_refs[id]);
        fields.extend([
            ("summary", opt(summary.as_deref())),
            ("briefing_count", Value::from(count(Kind::Briefing))),
            ("event_count", Value::from(count(Kind::Event))),
            ("count", Value::from(users.len())),
        ]);
        obj(fields)
    }

    pub(super) fn doc_card(&self, site: &Site, id: DocId, body: &ShownBody) -> Value {
        let doc = site.doc(id);
        let refs = &site.docs[id].refs;
        let mut fields = ref_fields(&self.refs[id]);
        match &doc.meta {
            Meta::Briefing(m) => fields.extend([
                ("date", date_value(m.date)),
                ("updated", m.updated.map_or_else(Value::none, date_value)),
                ("summary", opt(m.summary.as_deref())),
                ("organizations", list(refs.organizations.iter().map(|&o| self.refs[o].clone()))),
                ("topics", list(refs.topics.iter().map(|&t| self.topic_refs[t].clone()))),
            ]),
            Meta::Organization(m) => fields.extend([
                ("org_kind", opt(m.kind.as_deref())),
                ("summary", opt(excerpt(body).as_deref())),
                ("status_date", m.us_status_date.map_or_else(Value::none, date_value)),
                (
                    "briefing_count",
                    Value::from(
                        site.docs[id].backlinks.iter().filter(|&&b| site.doc(b).kind == Kind::Briefing).count(),
                    ),
                ),
            ]),
            Meta::Event(m) => fields.extend([
                ("date", partial_date_value(m.date)),
                ("content", body.content.clone()),
                ("organizations", list(refs.organizations.iter().map(|&o| self.refs[o].clone()))),
                ("topics", list(refs.topics.iter().map(|&t| self.topic_refs[t].clone()))),
                ("sources", list(refs.sources.iter().map(|&s| self.sources[s].clone()))),
                // Refs, not cards: the briefings' cards are built after the events'.
                ("briefings", list(site.briefings_linked_with(id).into_iter().map(|d| self.refs[d].clone()))),
            ]),
            Meta::Topic(_) | Meta::Page(_) => fields.push(("summary", opt(doc.meta.summary()))),
        }
        obj(fields)
    }

    /// Cards of the documents of `kind` that refer to `target`.
    pub fn backlinks_of_kind(&self, site: &Site, target: Target, kind: Kind) -> Value {
        list(site.backlinks(target).iter().filter(|&&d| site.doc(d).kind == kind).map(|&d| self.docs[d].clone()))
    }

    /// Cards of the documents not of `kinds` that refer to `target`.
    pub fn backlinks_except(&self, site: &Site, target: Target, kinds: &[Kind]) -> Value {
        list(
            site.backlinks(target)
                .iter()
                .filter(|&&d| !kinds.contains(&site.doc(d).kind))
                .map(|&d| self.docs[d].clone()),
        )
    }
}

fn doc_ref(site: &Site, id: DocId, url: &str) -> Value {
    let doc = site.doc(id);
    let mut fields = vec![
        ("kind", text(doc.kind.name())),
        ("slug", text(&doc.slug)),
        ("title", text(doc.title())),
        ("url", text(url)),
    ];
    if let Meta::Organization(m) = &doc.meta {
        fields.push(("acronym", opt(m.acronym.as_deref())));
        fields.push(("status", status_value(m.us_status)));
    }
    obj(fields)
}

/// Whether two values would render the same in any template: the same kinds, the same
/// strings marked safe or not, the same map keys in the same order. (tera's own `==` treats
/// `1` and `1.0`, a safe and an escaped string, and reordered maps as equal.)
///
/// Maps, lists and long strings are shared: one that is the very same is not looked into.
pub fn identical(a: &Value, b: &Value) -> bool {
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

/// The fields of a ref, to extend into a card.
fn ref_fields(value: &Value) -> Vec<(&'static str, Value)> {
    const KEYS: [&str; 6] = ["kind", "slug", "title", "url", "acronym", "status"];
    let Some(map) = value.as_map() else { return Vec::new() };
    KEYS.iter().filter_map(|&k| map.get(&tera::value::Key::from(k)).map(|v| (k, v.clone()))).collect()
}

/// The first paragraph of a document's body, shortened for lists and descriptions.
pub fn excerpt(body: &ShownBody) -> Option<String> {
    (!body.excerpt.is_empty()).then(|| shorten(&body.excerpt, 200))
}

/// `text` cut at a word boundary to at most about `max` characters, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':', '.', ' ']);
    format!("{cut}…")
}

/// The table of contents: `h2`s with their `h3`s.
pub fn toc(headings: &[Heading]) -> Value {
    let mut entries: Vec<(Value, Vec<Value>)> = Vec::new();
    for h in headings {
        let entry = obj(vec![("id", text(&h.id)), ("title", text(&h.text))]);
        match h.level {
            2 => entries.push((entry, Vec::new())),
            3 => match entries.last_mut() {
                Some((_, children)) => children.push(entry),
                None => entries.push((entry, Vec::new())),
            },
            _ => {}
        }
    }
    list(entries.into_iter().map(|(entry, children)| {
        let mut map = entry.as_map().cloned().unwrap_or_default();
        map.insert("children".into(), list(children));
        Value::from(map)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_values_differ_in_what_templates_would_show() {
        assert!(identical(&obj(vec![("a", text("x"))]), &obj(vec![("a", text("x"))])));
        assert!(!identical(&Value::safe_string("<b>"), &Value::from("<b>")));
        assert!(!identical(&Value::from(1), &Value::from(1.0)));
        assert!(!identical(&list([text("a"), text("b")]), &list([text("b"), text("a")])));
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
        let toc = toc(&[h(2, "a"), h(3, "a1"), h(4, "deep"), h(2, "b")]);
        let rendered = toc.to_string();
        assert!(rendered.contains("a1"), "{rendered}");
        assert_eq!(toc.as_array().unwrap().len(), 2);
        assert!(!rendered.contains("deep"));
    }
}
