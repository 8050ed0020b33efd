//! The content model: the kinds of content file, their typed front matter, `site.yaml` and
//! `sources.yaml`, as DESIGN.md gives them.
//!
//! Takes: YAML already split out of a file. Gives: typed values (through [`crate::frontmatter`],
//! the only place YAML is parsed) and the list of keys each kind accepts.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::{Date, PartialDate};
use crate::frontmatter::{self, YamlError};

/// The kinds of content file, each in its own folder of `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Briefing,
    Organization,
    Topic,
    Event,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Briefing, Kind::Organization, Kind::Topic, Kind::Event, Kind::Page];

    /// The folder of `content/` holding this kind.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Briefing => "briefings",
            Kind::Organization => "organizations",
            Kind::Topic => "topics",
            Kind::Event => "timeline",
            Kind::Page => "pages",
        }
    }

    /// The name used in messages and in `[[kind:slug]]`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Briefing => "briefing",
            Kind::Organization => "organization",
            Kind::Topic => "topic",
            Kind::Event => "event",
            Kind::Page => "page",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The front-matter keys this kind accepts.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Briefing => &["title", "date", "updated", "summary", "organizations", "topics", "sources", "draft"],
            Kind::Organization => {
                &["name", "acronym", "kind", "parent", "founded", "members", "us_status", "us_status_date", "website"]
            }
            Kind::Topic => &["title", "summary"],
            Kind::Event => &["title", "date", "organizations", "topics", "sources"],
            Kind::Page => &["title", "summary", "draft"],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingMeta {
    #[serde(deserialize_with = "text")]
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default, deserialize_with = "optional_text")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub organizations: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub topics: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub sources: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationMeta {
    #[serde(deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub acronym: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub parent: Option<String>,
    #[serde(default)]
    pub founded: Option<PartialDate>,
    #[serde(default, deserialize_with = "optional_text")]
    pub members: Option<String>,
    #[serde(default)]
    pub us_status: Option<UsStatus>,
    #[serde(default)]
    pub us_status_date: Option<Date>,
    #[serde(default, deserialize_with = "optional_text")]
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMeta {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    #[serde(deserialize_with = "text")]
    pub title: String,
    pub date: PartialDate,
    #[serde(default, deserialize_with = "list")]
    pub organizations: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub topics: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

/// Where the United States stands with an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsStatus {
    Member,
    WithdrawalAnnounced,
    Withdrawn,
    NotAffected,
    NeverMember,
    /// Membership does not apply: an agency of the U.S. government, a foreign regulator, a
    /// civil-society group.
    NotAMembership,
}

impl UsStatus {
    pub const ALL: [UsStatus; 6] = [
        UsStatus::WithdrawalAnnounced,
        UsStatus::Withdrawn,
        UsStatus::Member,
        UsStatus::NotAffected,
        UsStatus::NeverMember,
        UsStatus::NotAMembership,
    ];

    /// The value written in front matter.
    pub fn key(self) -> &'static str {
        match self {
            UsStatus::Member => "member",
            UsStatus::WithdrawalAnnounced => "withdrawal-announced",
            UsStatus::Withdrawn => "withdrawn",
            UsStatus::NotAffected => "not-affected",
            UsStatus::NeverMember => "never-member",
            UsStatus::NotAMembership => "not-a-membership",
        }
    }

    /// The words shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            UsStatus::Member => "Member",
            UsStatus::WithdrawalAnnounced => "Withdrawal announced",
            UsStatus::Withdrawn => "Withdrawn",
            UsStatus::NotAffected => "Not affected",
            UsStatus::NeverMember => "Never a member",
            UsStatus::NotAMembership => "Not a membership",
        }
    }
}

/// The label and key of an organization with no `us_status`.
pub const STATUS_NOT_STATED: (&str, &str) = ("not-stated", "Not stated in the sources");

/// Typed front matter of one content file.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Briefing(BriefingMeta),
    Organization(OrganizationMeta),
    Topic(TopicMeta),
    Event(EventMeta),
    Page(PageMeta),
}

impl Meta {
    /// Parses the front matter at `yaml` of `text` as `kind` requires.
    pub fn parse(kind: Kind, text: &str, yaml: Range<usize>) -> Result<Meta, Vec<YamlError>> {
        let keys = kind.keys();
        Ok(match kind {
            Kind::Briefing => Meta::Briefing(frontmatter::parse(text, yaml, keys)?),
            Kind::Organization => Meta::Organization(frontmatter::parse(text, yaml, keys)?),
            Kind::Topic => Meta::Topic(frontmatter::parse(text, yaml, keys)?),
            Kind::Event => Meta::Event(frontmatter::parse(text, yaml, keys)?),
            Kind::Page => Meta::Page(frontmatter::parse(text, yaml, keys)?),
        })
    }

    /// The title, or an organization's name.
    pub fn title(&self) -> &str {
        match self {
            Meta::Briefing(m) => &m.title,
            Meta::Organization(m) => &m.name,
            Meta::Topic(m) => &m.title,
            Meta::Event(m) => &m.title,
            Meta::Page(m) => &m.title,
        }
    }

    pub fn summary(&self) -> Option<&str> {
        match self {
            Meta::Briefing(m) => m.summary.as_deref(),
            Meta::Topic(m) => m.summary.as_deref(),
            Meta::Page(m) => m.summary.as_deref(),
            Meta::Organization(_) | Meta::Event(_) => None,
        }
    }

    pub fn is_draft(&self) -> bool {
        match self {
            Meta::Briefing(m) => m.draft,
            Meta::Page(m) => m.draft,
            _ => false,
        }
    }

    /// The front-matter references: `(key, slugs)` for organizations, topics and sources.
    pub fn references(&self) -> [(&'static str, &[String]); 3] {
        const NONE: &[String] = &[];
        match self {
            Meta::Briefing(m) => [("organizations", &m.organizations), ("topics", &m.topics), ("sources", &m.sources)],
            Meta::Event(m) => [("organizations", &m.organizations), ("topics", &m.topics), ("sources", &m.sources)],
            _ => [("organizations", NONE), ("topics", NONE), ("sources", NONE)],
        }
    }
}

/// `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub author: Option<String>,
    #[serde(default)]
    pub timeline_order: TimelineOrder,
    #[serde(default)]
    pub allow_raw_html: bool,
}

pub const SITE_KEYS: &[&str] =
    &["title", "description", "base_url", "theme", "language", "author", "timeline_order", "allow_raw_html"];

fn default_theme() -> String {
    "default".into()
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelineOrder {
    #[default]
    Ascending,
    Descending,
}

/// One entry of `sources.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    #[serde(deserialize_with = "text")]
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "optional_text")]
    pub publisher: Option<String>,
    #[serde(default, deserialize_with = "optional_text")]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default, deserialize_with = "optional_text")]
    pub url: Option<String>,
}

/// Text fields accept any scalar, so `title: 1984` is a title rather than a type error.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

fn optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(deserializer)?.map(|s| s.0).filter(|s| !s.trim().is_empty()))
}

/// Lists accept a YAML sequence, a single value, or nothing (`topics:` with no value). A
/// visitor rather than an untagged enum, so a wrong type keeps serde_yaml's position.
fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a slug or a list of slugs")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<String>, D::Error> {
            deserializer.deserialize_any(ListVisitor)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(Scalar(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    deserializer.deserialize_any(ListVisitor)
}

struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor).map(Scalar)
    }
}

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(kind: Kind, text: &str) -> Result<Meta, Vec<YamlError>> {
        let split = frontmatter::split(text).unwrap();
        Meta::parse(kind, text, split.yaml.unwrap())
    }

    #[test]
    fn a_full_briefing_parses() {
        let text = "---\ntitle: \"Exit\"\ndate: 2026-01-07\nupdated: 2026-01-20\nsummary: One.\norganizations: [foc, venice-commission]\ntopics: spyware\nsources:\ndraft: true\n---\n";
        let Meta::Briefing(m) = parse(Kind::Briefing, text).unwrap() else { panic!() };
        assert_eq!(m.title, "Exit");
        assert_eq!(m.organizations, ["foc", "venice-commission"]);
        assert_eq!(m.topics, ["spyware"]);
        assert!(m.sources.is_empty());
        assert!(m.draft);
    }

    #[test]
    fn a_list_of_the_wrong_type_is_reported_at_the_value() {
        let text = "---\ntitle: A\ndate: 2026-01-07\norganizations: {a: 1}\n---\n";
        let errors = parse(Kind::Briefing, text).unwrap_err();
        assert!(errors[0].message.contains("expected a slug or a list of slugs"), "{errors:?}");
        assert!(text[errors[0].range.clone()].starts_with('{'), "{errors:?}");
    }

    #[test]
    fn numbers_are_accepted_as_titles() {
        let Meta::Page(m) = parse(Kind::Page, "---\ntitle: 1984\n---\n").unwrap() else { panic!() };
        assert_eq!(m.title, "1984");
    }

    #[test]
    fn an_organization_with_every_field_parses() {
        let text = "---\nname: Freedom Online Coalition\nacronym: FOC\nkind: coalition\nparent: UN system\nfounded: 2011\nmembers: \"40+ governments\"\nus_status: withdrawal-announced\nus_status_date: 2026-01-07\nwebsite: https://freedomonlinecoalition.com/\n---\n";
        let Meta::Organization(m) = parse(Kind::Organization, text).unwrap() else { panic!() };
        assert_eq!(m.us_status, Some(UsStatus::WithdrawalAnnounced));
        assert_eq!(m.founded, Some(PartialDate::Year(2011)));
    }

    #[test]
    fn a_misspelt_status_suggests_the_right_one() {
        let errors = parse(Kind::Organization, "---\nname: X\nus_status: withdrawl-announced\n---\n").unwrap_err();
        assert!(errors[0].help.as_deref().unwrap().contains("did you mean `withdrawal-announced`?"));
    }

    #[test]
    fn an_invalid_date_names_the_format() {
        let text = "---\ntitle: X\ndate: 2026-02-30\n---\n";
        let errors = parse(Kind::Briefing, text).unwrap_err();
        assert!(errors[0].message.contains("no such day"), "{errors:?}");
        assert_eq!(&text[errors[0].range.clone()], "2026-02-30");
    }

    #[test]
    fn events_take_imprecise_dates() {
        let Meta::Event(m) = parse(Kind::Event, "---\ntitle: X\ndate: 2024-12\n---\n").unwrap() else { panic!() };
        assert_eq!(m.date, PartialDate::Month(2024, 12));
        let Meta::Event(m) = parse(Kind::Event, "---\ntitle: X\ndate: 1948\n---\n").unwrap() else { panic!() };
        assert_eq!(m.date, PartialDate::Year(1948));
    }

    #[test]
    fn every_status_key_round_trips_through_yaml() {
        for status in UsStatus::ALL {
            let text = format!("---\nname: X\nus_status: {}\n---\n", status.key());
            let Meta::Organization(m) = parse(Kind::Organization, &text).unwrap() else { panic!() };
            assert_eq!(m.us_status, Some(status));
        }
    }
}
