//! The content model: the kinds of content file, their typed front matter, `site.yaml` and
//! `sources.yaml`, as DESIGN.md gives them.
//!
//! Takes: YAML already split out of a file. Gives: typed values, read key by key through
//! [`crate::frontmatter::Fields`] (the only place YAML is parsed), with stand-ins for what cannot
//! be read, and the list of keys each kind accepts.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::{Date, PartialDate};
use crate::frontmatter::{Context, Fields, YamlError};

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

#[derive(Debug, Clone, PartialEq)]
pub struct BriefingMeta {
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub organizations: Vec<String>,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationMeta {
    pub name: String,
    pub acronym: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub founded: Option<PartialDate>,
    pub members: Option<String>,
    pub us_status: Option<UsStatus>,
    pub us_status_date: Option<Date>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicMeta {
    pub title: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventMeta {
    pub title: String,
    pub date: PartialDate,
    pub organizations: Vec<String>,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    pub title: String,
    pub summary: Option<String>,
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
    /// Reads the front matter at `yaml` of `text` as `kind` requires, key by key: what can be
    /// read is kept (the rest takes a stand-in, the slug for a title), and every problem is
    /// returned. A file with errors still exists for the rest of the site.
    pub fn parse(kind: Kind, text: &str, yaml: Range<usize>, slug: &str) -> (Meta, Vec<YamlError>) {
        let mut fields = Fields::read(text, yaml, kind.keys(), Context::FrontMatter);
        let meta = Meta::from_fields(kind, &mut fields, slug);
        (meta, fields.errors)
    }

    /// The stand-in front matter of a file whose front matter is missing or unreadable.
    pub fn placeholder(kind: Kind, slug: &str) -> Meta {
        let mut fields = Fields::read("", 0..0, kind.keys(), Context::FrontMatter);
        Meta::from_fields(kind, &mut fields, slug)
    }

    fn from_fields(kind: Kind, f: &mut Fields, slug: &str) -> Meta {
        let title = |f: &mut Fields, key: &str| f.required_with(key, text).unwrap_or_else(|| slug.to_string());
        match kind {
            Kind::Briefing => Meta::Briefing(BriefingMeta {
                title: title(f, "title"),
                date: f.required("date").unwrap_or(UNKNOWN_DATE),
                updated: f.get("updated"),
                summary: f.get_with("summary", optional_text).flatten(),
                organizations: f.get_with("organizations", list).unwrap_or_default(),
                topics: f.get_with("topics", list).unwrap_or_default(),
                sources: f.get_with("sources", list).unwrap_or_default(),
                draft: f.get("draft").unwrap_or(false),
            }),
            Kind::Organization => Meta::Organization(OrganizationMeta {
                name: title(f, "name"),
                acronym: f.get_with("acronym", optional_text).flatten(),
                kind: f.get_with("kind", optional_text).flatten(),
                parent: f.get_with("parent", optional_text).flatten(),
                founded: f.get::<Option<PartialDate>>("founded").flatten(),
                members: f.get_with("members", optional_text).flatten(),
                us_status: f.get::<Option<UsStatus>>("us_status").flatten(),
                us_status_date: f.get::<Option<Date>>("us_status_date").flatten(),
                website: f.get_with("website", optional_text).flatten(),
            }),
            Kind::Topic => Meta::Topic(TopicMeta {
                title: title(f, "title"),
                summary: f.get_with("summary", optional_text).flatten(),
            }),
            Kind::Event => Meta::Event(EventMeta {
                title: title(f, "title"),
                date: f.required("date").unwrap_or(PartialDate::Year(UNKNOWN_DATE.year())),
                organizations: f.get_with("organizations", list).unwrap_or_default(),
                topics: f.get_with("topics", list).unwrap_or_default(),
                sources: f.get_with("sources", list).unwrap_or_default(),
            }),
            Kind::Page => Meta::Page(PageMeta {
                title: title(f, "title"),
                summary: f.get_with("summary", optional_text).flatten(),
                draft: f.get("draft").unwrap_or(false),
            }),
        }
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
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub theme: String,
    pub language: String,
    pub author: Option<String>,
    pub timeline_order: TimelineOrder,
    pub allow_raw_html: bool,
}

impl SiteConfig {
    /// Reads `site.yaml` setting by setting; a setting that cannot be read takes its default,
    /// so the rest of the site is still checked.
    pub fn parse(text: &str) -> (SiteConfig, Vec<YamlError>) {
        let mut f = Fields::read(text, 0..text.len(), SITE_KEYS, Context::SiteYaml);
        let config = SiteConfig {
            title: f.required_with("title", self::text).unwrap_or_default(),
            description: f.get_with("description", optional_text).flatten(),
            base_url: f.required_with("base_url", self::text).unwrap_or_else(|| "https://example.org/".into()),
            theme: f.get_with("theme", self::text).unwrap_or_else(default_theme),
            language: f.get_with("language", self::text).unwrap_or_else(default_language),
            author: f.get_with("author", optional_text).flatten(),
            timeline_order: f.get::<Option<TimelineOrder>>("timeline_order").flatten().unwrap_or_default(),
            allow_raw_html: f.get::<Option<bool>>("allow_raw_html").flatten().unwrap_or(false),
        };
        (config, f.errors)
    }
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
#[derive(Debug, Clone, PartialEq)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
}

/// The summary `brief new` writes: visible on the page, and warned about until replaced.
pub const SUMMARY_PLACEHOLDER: &str = "Write one or two sentences: what this finds and why it matters.";

/// The keys of an entry of `sources.yaml`.
pub const SOURCE_KEYS: &[&str] = &["id", "title", "publisher", "author", "date", "url"];

impl SourceEntry {
    /// One entry, read key by key. `None` when it has no usable `id`: nothing can cite it.
    pub fn from_fields(f: &mut Fields) -> Option<SourceEntry> {
        let id = f.required_with("id", text);
        let title = f.required_with("title", text);
        let entry = SourceEntry {
            id: id?,
            title: title.unwrap_or_default(),
            publisher: f.get_with("publisher", optional_text).flatten(),
            author: f.get_with("author", optional_text).flatten(),
            date: f.get::<Option<PartialDate>>("date").flatten(),
            url: f.get_with("url", optional_text).flatten(),
        };
        Some(entry)
    }
}

/// The date of a briefing whose date cannot be read: it only orders a build that fails.
const UNKNOWN_DATE: Date = Date::UNKNOWN;

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
            if v.contains(',') {
                let items: Vec<&str> = v.split(',').map(str::trim).collect();
                return Err(E::custom(format!(
                    "`{v}` is one value, not a list: write a list in brackets, `[{}]`",
                    items.join(", ")
                )));
            }
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
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(kind, text, split.yaml.unwrap(), "x");
        if errors.is_empty() { Ok(meta) } else { Err(errors) }
    }

    #[test]
    fn a_bad_value_costs_only_that_value() {
        let text = "---\nname: OECD\nacronym: OECD\nus_status: withdrawing\nfounded: 1961\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Organization, text, split.yaml.unwrap(), "oecd");
        let Meta::Organization(m) = meta else { panic!() };
        assert_eq!((m.name.as_str(), m.acronym.as_deref(), m.us_status), ("OECD", Some("OECD"), None));
        assert_eq!(m.founded, Some(PartialDate::Year(1961)));
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_syntax_error_in_one_key_keeps_the_others() {
        let text = "---\ntitle: Brexit: the deal\ndate: 2026-01-07\ntopics: [trade]\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Briefing, text, split.yaml.unwrap(), "brexit");
        let Meta::Briefing(m) = meta else { panic!() };
        assert_eq!(m.title, "brexit", "the slug stands in for the title");
        assert_eq!(m.topics, ["trade"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
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
        assert!(errors[0].help.as_deref().unwrap().contains("a slug or a list of slugs"), "{errors:?}");
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
