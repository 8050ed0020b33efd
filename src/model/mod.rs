//! The content model: the kinds of content (`kind`), their typed front matter, `site.yaml`
//! (`site_config`) and the entries of `sources.yaml`.
//!
//! Takes: YAML already split out of a file. Gives: typed values, read key by key through
//! [`crate::frontmatter::Fields`] (the only place YAML is parsed), with stand-ins for what cannot
//! be read. The keys each accepts are its struct's fields ([`Keys`]), and each field's `///`
//! doc is its line in `docs/front-matter.md`.

mod keys;
mod kind;
mod site_config;

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::date::{Date, PartialDate};
use crate::frontmatter::{Context, Fields, YamlError};

pub(crate) use keys::{KeyedStruct, Keys};
pub(crate) use kind::every_variant;
pub use kind::{ByKind, Kind};
pub(crate) use kind::{IndexPage, Order, PageRule};
#[cfg(test)]
pub(crate) use site_config::StatusValue;
pub(crate) use site_config::{
    NOT_STATED, SiteConfig, SiteLink, SourcesListing, StatusKey, Taxonomy, TaxonomyId, TimelineOrder, TrackedStatus,
};

/// A briefing: the analysis the site exists for, with a page of its own.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct BriefingMeta {
    /// The headline: the page's title, and the briefing's name in lists, the feed and search.
    pub(crate) title: String,
    /// The day it was published. Briefings are listed newest first.
    pub(crate) date: Date,
    /// The day it was last revised, on or after `date`: shown on the page and in the feed.
    /// The date of the latest of its `changes` unless set; when set, it cannot be earlier
    /// than that change.
    pub(crate) updated: Option<Date>,
    /// One or two sentences: what it finds and why it matters. Cards, the feed and the meta
    /// description show it; a briefing without one is warned about.
    pub(crate) summary: Option<String>,
    /// The organizations it is about, by slug: each one's page lists the briefing.
    pub(crate) organizations: Vec<String>,
    /// Its terms of each of the site's taxonomies, by slug, under the taxonomy's key
    /// (`topics: [a, b]`, `regions: [europe]`): a term exists once something lists it.
    #[serde(rename = "<taxonomy>")]
    pub(crate) terms: Terms,
    /// Sources it relies on besides those its text cites, by id from `sources.yaml`: they
    /// join its reference list.
    pub(crate) sources: Vec<String>,
    /// Its findings, each one sentence, as a list: shown in a "Key points" box at the top of
    /// the page, and used by the feed and the social card as its description.
    pub(crate) key_points: Vec<String>,
    /// What it recommends, each one sentence, as a list: shown in a "Recommendations" box
    /// after the key points.
    pub(crate) recommendations: Vec<String>,
    /// Who wrote it, by slug of `content/authors/`, in byline order: the byline, the feed
    /// and the citation metadata name them. Without authors, the byline is the site's
    /// `publisher`.
    pub(crate) authors: Vec<String>,
    /// Its place in the site's numbered series (`series` in `site.yaml`), a whole number from
    /// 1: `number: 12` shows "Policy Brief No. 12". No two briefings share a number.
    pub(crate) number: Option<u32>,
    /// Its updates and corrections since it was published, each an entry with `date`, `note`
    /// and `kind` (see below): shown, oldest first, in an "Updates and corrections" section
    /// at the end of its text; each correction is also listed on the site's corrections page.
    pub(crate) changes: Vec<Change>,
    /// The picture link previews show for it (its Open Graph and Twitter card image), in
    /// place of the site's `social_image`: a PNG, JPEG, GIF or WebP file of `content/static/`
    /// written from there (`/img/cards/exit.png`), best 1200 × 630 pixels.
    pub(crate) social_image: Option<String>,
    /// `true` leaves it out of the build unless `--drafts` is given (`brief new` writes new
    /// briefings as drafts).
    pub(crate) draft: bool,
}

impl Keys for BriefingMeta {}

impl BriefingMeta {
    /// Reads every key after `title`; a change dated before `date`, and an `updated` earlier
    /// than the latest change, are reported where they are written.
    fn read(f: &mut Fields, title: String, config: &SiteConfig) -> BriefingMeta {
        let date = f.required("date").unwrap_or(UNKNOWN_DATE);
        let updated: Option<Date> = f.get("updated");
        let summary = f.get_with("summary", optional_text).flatten();
        let organizations = f.get_with("organizations", list).unwrap_or_default();
        let terms = Terms::read(f, config);
        let sources = f.get_with("sources", list).unwrap_or_default();
        let key_points = f.sentences("key_points", "key point");
        let recommendations = f.sentences("recommendations", "recommendation");
        let authors = f.get_with("authors", list).unwrap_or_default();
        let number = f.get_with("number", series_number).flatten();
        // Each change with the line of its date, for a message about it.
        let changes: Vec<(Change, usize)> = f.entries("changes", Change::keys(), |entry| {
            let change = Change::read(entry)?;
            let at = entry.value_range("date").unwrap_or_default();
            if date != UNKNOWN_DATE && change.date < date {
                entry.error(
                    at.clone(),
                    format!("this change is dated {}, before the briefing's `date: {date}`", change.date),
                    "a change comes after publication: correct its date, or the briefing's `date`",
                    "E027",
                );
            }
            Some((change, entry.line_of(at.start)))
        });
        // The first written of the latest changes.
        let latest = changes.iter().rev().max_by_key(|(c, _)| c.date);
        if let (Some(set), Some((latest, line))) = (updated, latest) {
            if set < latest.date {
                let at = f.value_range("updated").unwrap_or_default();
                f.error(
                    at,
                    format!("`updated: {set}` is earlier than the latest change, dated {} on line {line}", latest.date),
                    "`updated` is the last revision: set it to that change's date or later, or remove it to use that date",
                    "E027",
                );
            }
        }
        let changes = changes.into_iter().map(|(c, _)| c).collect();
        BriefingMeta {
            title,
            date,
            updated,
            summary,
            organizations,
            terms,
            sources,
            key_points,
            recommendations,
            authors,
            number,
            changes,
            social_image: f.get_with("social_image", optional_text).flatten().map(|s| s.trim().to_string()),
            draft: f.get("draft").unwrap_or(false),
        }
    }

    /// The day it was last revised, if it was: `updated`, or else the date of its latest
    /// change. Everything that shows or publishes the revision date (the page, its metadata,
    /// the feed, the sitemap) reads this, so they agree.
    pub(crate) fn revised(&self) -> Option<Date> {
        self.updated.or_else(|| self.changes.iter().map(|c| c.date).max())
    }

    /// The day it last changed: its revision date, never before it was published.
    pub(crate) fn last_changed(&self) -> Date {
        self.revised().unwrap_or(self.date).max(self.date)
    }

    /// Its changes in the order they are shown: oldest first, and in the order written on
    /// one day.
    pub(crate) fn changes_in_order(&self) -> Vec<&Change> {
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by_key(|c| c.date);
        changes
    }
}

/// One entry of a briefing's `changes:`, a dated note of what changed since it was published.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Change {
    /// The day of the change, on or after the briefing's `date`.
    pub(crate) date: Date,
    /// What changed, in a sentence or two of plain text (`The figure for 2024 was 12%, not
    /// 21%.`).
    pub(crate) note: String,
    /// `update` (new information, unless set) or `correction` (an error put right): a
    /// correction is marked as one, and listed on the site's corrections page.
    pub(crate) kind: ChangeKind,
}

impl Keys for Change {}

impl Change {
    /// Reads one entry of `changes:`.
    pub(crate) fn read(f: &mut Fields) -> Option<Change> {
        let date = f.required("date");
        let note = f.required_with("note", text);
        let kind = f.get::<Option<ChangeKind>>("kind").flatten().unwrap_or_default();
        let note = note?;
        if note.trim().is_empty() {
            let at = f.value_range("note").unwrap_or_default();
            f.error(at, "`note` is empty".into(), "write what changed after `note: `", "E018");
            return None;
        }
        Some(Change { date: date?, note: note.trim().to_string(), kind })
    }
}

/// What a change to a briefing is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChangeKind {
    /// New information, or a revision that corrects nothing.
    #[default]
    Update,
    /// An error put right.
    Correction,
}

impl ChangeKind {
    /// The value written in front matter.
    pub(crate) fn key(self) -> &'static str {
        match self {
            ChangeKind::Update => "update",
            ChangeKind::Correction => "correction",
        }
    }
}

/// The largest `number:` accepted: a series numbered beyond it is a mistake.
pub(crate) const MAX_SERIES_NUMBER: u32 = 99_999;

/// An organization: a page of its own, listing the briefings and events that name it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct OrganizationMeta {
    /// Its full name: the page's title.
    pub(crate) name: String,
    /// Its short name (`FOC`), shown with its name.
    pub(crate) acronym: Option<String>,
    /// What sort of body it is, in words (`intergovernmental coalition`): the organizations
    /// index groups by it.
    pub(crate) kind: Option<String>,
    /// The body it belongs to: an organization's slug (linked), or text.
    pub(crate) parent: Option<String>,
    /// When it was founded.
    pub(crate) founded: Option<PartialDate>,
    /// Who its members are, in a few words (`more than 40 governments`).
    pub(crate) members: Option<String>,
    /// The status the site tracks (`status` in `site.yaml`), under its `field`
    /// (`position: adopted`): one of its values, or left out when the sources do not say.
    /// With a `status_history`, it is the latest entry's status: leave it out, or it must
    /// agree. Only on a site that tracks a status.
    #[serde(rename = "<status>")]
    pub(crate) status: Option<StatusKey>,
    /// When that status took effect, under the status's `field` and `_date`
    /// (`position_date`). With a `status_history`, the latest entry's date: leave it out, or
    /// it must agree.
    #[serde(rename = "<status>_date")]
    pub(crate) status_date: Option<Date>,
    /// How its status changed, as a list of entries (`- status: adopted`, with `date`, `note`
    /// and `source`; see below) in any order: the page shows them as a dated list, and the
    /// latest is its status. Two entries may not share a date. Only on a site that tracks a
    /// status.
    pub(crate) status_history: Vec<StatusChange>,
    /// Its web address, starting with `https://`.
    pub(crate) website: Option<String>,
}

impl Keys for OrganizationMeta {}

/// The keys `organizations.json` writes for an organization, besides the three the tracked
/// status is written under (its `field`, `<field>_label`, `<field>_date`): a status `field`
/// may be none of these (E009 in `site.yaml`). Here, below the renderer that writes the file,
/// so `site.yaml`'s reader can check against it; the renderer's test checks it is what the
/// file has.
pub(crate) const ORGANIZATION_EXPORT_KEYS: [&str; 12] = [
    "slug",
    "name",
    "acronym",
    "kind",
    "parent",
    "founded",
    "members",
    "status_history",
    "website",
    "url",
    "briefings",
    "events",
];

/// The keys `timeline.json` writes for an event, besides each taxonomy's key: a taxonomy's
/// key may be none of these (E009 in `site.yaml`). Checked against the file as the list above.
pub(crate) const EVENT_EXPORT_KEYS: [&str; 8] =
    ["slug", "title", "date", "date_precision", "url", "organizations", "sources", "briefings"];

/// An entry of an organization's `status_history`: one change of its status, with its date.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct StatusChange {
    /// The status from that day on: one of the values of `status` in `site.yaml`.
    pub(crate) status: StatusKey,
    /// The day it took effect.
    pub(crate) date: Date,
    /// What happened, in a sentence of plain text (shown as written, not as Markdown).
    pub(crate) note: Option<String>,
    /// The source that records it, by id from `sources.yaml`: shown as a citation mark
    /// leading to the page's references.
    pub(crate) source: Option<String>,
}

impl Keys for StatusChange {}

impl StatusChange {
    /// One entry, read key by key. `None` when its status or date cannot be read.
    pub(crate) fn read(f: &mut Fields, tracked: &TrackedStatus) -> Option<StatusChange> {
        let status = f.required_with("status", |v| tracked.read_value(v));
        let date = f.required::<Date>("date");
        let note = f.get_with("note", optional_text).flatten();
        let source = f.get_with("source", optional_text).flatten();
        Some(StatusChange { status: status?, date: date?, note, source })
    }
}

/// `status_history` read entry by entry, in date order (entries with errors left out), with
/// the status and its date taken from its latest entry, or checked against it (E028). Two
/// entries on one date are E029: which came last would be a guess.
fn read_status(f: &mut Fields, tracked: &TrackedStatus) -> (Option<StatusKey>, Option<Date>, Vec<StatusChange>) {
    let (field, date_field) = (tracked.field.as_str(), tracked.date_field());
    let written_status = f
        .get_with(field, |value| match value {
            serde_yaml::Value::Null => Ok(None),
            value => tracked.read_value(value).map(Some),
        })
        .flatten();
    let written_date = f.get::<Option<Date>>(&date_field).flatten();
    // Each entry with where its date is written and the line it starts on, for messages.
    let entries = f.entries("status_history", StatusChange::keys(), |entry| {
        let change = StatusChange::read(entry, tracked)?;
        let at = entry.value_range("date").unwrap_or_else(|| entry.start());
        Some((change, at, entry.line_of(entry.start().start)))
    });
    let mut history: Vec<(StatusChange, usize)> = Vec::with_capacity(entries.len());
    for (change, at, line) in entries {
        if let Some((first, first_line)) = history.iter().find(|(c, _)| c.date == change.date) {
            let message = format!("two entries of `status_history` are dated {}", change.date.iso());
            let help = if first.status == change.status {
                format!("the entry on line {first_line} says the same: remove one of the two")
            } else {
                format!(
                    "the entry on line {first_line} says `{}` on that day, this one `{}`: which came last cannot be told; \
                     keep the one in force at the end of the day",
                    tracked.key(first.status),
                    tracked.key(change.status)
                )
            };
            f.errors.push(YamlError::new(at, message, Some(help), "E029"));
            continue;
        }
        history.push((change, line));
    }
    history.sort_by_key(|(c, _)| c.date);
    let Some((latest, line)) = history.last() else {
        return (written_status, written_date, Vec::new());
    };
    let latest_words = format!("the latest entry of `status_history` (line {line}, {})", latest.date.iso());
    if let Some(status) = written_status.filter(|&s| s != latest.status) {
        let at = f.value_range(field).unwrap_or(0..1);
        let (written, latest) = (tracked.key(status), tracked.key(latest.status));
        let message = format!("`{field}: {written}` disagrees with {latest_words}, which says `{latest}`");
        let help = format!(
            "remove `{field}` (it is taken from the history), or, if the status changed again, add an entry \
             `- status: {written}` with the date it changed"
        );
        f.errors.push(YamlError::new(at, message, Some(help), "E028"));
    }
    if let Some(date) = written_date.filter(|&d| d != latest.date) {
        let at = f.value_range(&date_field).unwrap_or(0..1);
        let message = format!("`{date_field}: {}` disagrees with {latest_words}", date.iso());
        let help = format!("remove `{date_field}` (it is taken from the history), or correct the date of the entry");
        f.errors.push(YamlError::new(at, message, Some(help), "E028"));
    }
    let (status, date) = (latest.status, latest.date);
    (Some(status), Some(date), history.into_iter().map(|(c, _)| c).collect())
}

/// The help of an organization's unknown key that looks like a status (`…status…`): the
/// site tracks none, or tracks it under another key.
fn status_key_help(key: &str, config: &SiteConfig) -> Option<String> {
    if !key.contains("status") || key == "status_history" && config.status.is_some() {
        return None;
    }
    Some(match &config.status {
        None => format!(
            "this site tracks no status for organizations: to track one, add a `status:` setting to content/site.yaml \
             naming `{}` as its `field`, with its values (see docs/front-matter.md), or remove `{key}`",
            key.strip_suffix("_date").unwrap_or(key)
        ),
        Some(tracked) => format!(
            "this site's status is written `{}: …`, with `{}: YYYY-MM-DD` and `status_history` \
             (`status` in content/site.yaml)",
            tracked.field,
            tracked.date_field()
        ),
    })
}

/// A term's description. A term exists as soon as a briefing or event lists it; this file, in
/// its taxonomy's folder, adds a title and a text to its page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct TopicMeta {
    /// Its name: the topic page's title (a topic with no file is named from its slug).
    pub(crate) title: String,
    /// A sentence or two on what it covers, for the topics index and search.
    pub(crate) summary: Option<String>,
}

impl Keys for TopicMeta {}

/// A timeline event: an entry of the timeline, also shown on the pages of what it names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct EventMeta {
    /// What happened, in a line.
    pub(crate) title: String,
    /// When it happened, as precisely as the record allows: it places the event on the
    /// timeline.
    pub(crate) date: PartialDate,
    /// The organizations involved, by slug: each one's page lists the event.
    pub(crate) organizations: Vec<String>,
    /// Its terms of each of the site's taxonomies, by slug, under the taxonomy's key
    /// (`topics: [a, b]`).
    #[serde(rename = "<taxonomy>")]
    pub(crate) terms: Terms,
    /// The sources that record it, by id from `sources.yaml`.
    pub(crate) sources: Vec<String>,
}

impl Keys for EventMeta {}

/// A free page, such as an about page, at the top of the site.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct PageMeta {
    /// The page's title.
    pub(crate) title: String,
    /// A sentence for the meta description.
    pub(crate) summary: Option<String>,
    /// `true` leaves it out of the build unless `--drafts` is given.
    pub(crate) draft: bool,
}

impl Keys for PageMeta {}

/// An author: a page of their own with their biography (the file's text) and their
/// briefings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct AuthorMeta {
    /// Their name, as bylines show it: the page's title.
    pub(crate) name: String,
    /// Their role or title (`Senior Fellow`), shown with their name.
    pub(crate) role: Option<String>,
    /// Where they work (`Centre for Digital Policy`): shown with their name, and their
    /// affiliation in each briefing's metadata.
    pub(crate) affiliation: Option<String>,
    /// A picture of them, a file of `content/static/` written from there
    /// (`/img/authors/jane-doe.jpg`): a JPEG, PNG, WebP, AVIF, GIF or SVG image.
    pub(crate) photo: Option<String>,
    /// Their web page, starting with `https://`.
    pub(crate) website: Option<String>,
    /// Their ORCID iD, `0000-0002-1825-0097` or `https://orcid.org/0000-0002-1825-0097`:
    /// linked from their page, and checked (its last character is a checksum).
    pub(crate) orcid: Option<String>,
    /// An address to write to them: shown on their page only when given.
    pub(crate) email: Option<String>,
    /// `true` for an author that is a team or an institution (`The Editors`): cited as one
    /// name, never as a family name and given names ("Editors, The"), and described as an
    /// organization in the page's metadata.
    #[serde(default)]
    pub(crate) organization: bool,
}

impl Keys for AuthorMeta {}

/// The address of an ORCID iD written as its 16 characters in groups of four
/// (`0000-0002-1825-0097`), or as that address: `https://orcid.org/0000-0002-1825-0097`. `None`
/// when it is not one, its last character being the ISO 7064 MOD 11-2 check of the others.
pub(crate) fn orcid_url(written: &str) -> Option<String> {
    let id = ["https://orcid.org/", "http://orcid.org/", "orcid.org/"]
        .iter()
        .find_map(|prefix| written.strip_prefix(prefix))
        .unwrap_or(written);
    let groups: Vec<&str> = id.split('-').collect();
    if groups.len() != 4 || groups.iter().any(|g| g.len() != 4) {
        return None;
    }
    let chars: Vec<char> = groups.concat().chars().collect();
    let (check, digits) = chars.split_last()?;
    let mut total = 0u32;
    for c in digits {
        total = (total + c.to_digit(10)?) * 2;
    }
    let expected = match (12 - total % 11) % 11 {
        10 => 'X',
        n => char::from_digit(n, 10)?,
    };
    (*check == expected).then(|| format!("https://orcid.org/{id}"))
}

/// The terms a document lists, taxonomy by taxonomy in the order of `taxonomies` in
/// `site.yaml` (each under its taxonomy's key in front matter), by slug.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct Terms(pub(crate) Vec<Vec<String>>);

impl Terms {
    /// Each taxonomy's list, read under its key.
    fn read(f: &mut Fields, config: &SiteConfig) -> Terms {
        Terms(config.taxonomies.iter().map(|t| f.get_with(&t.key, list).unwrap_or_default()).collect())
    }

    /// The terms listed of the taxonomy `id`.
    pub(crate) fn of(&self, id: TaxonomyId) -> &[String] {
        self.0.get(id.0).map_or(&[], Vec::as_slice)
    }
}

/// The field of a briefing's or event's terms, under each taxonomy's key.
const TAXONOMY_FIELD: &str = "<taxonomy>";
/// The fields of an organization's status, under the keys `status` in `site.yaml` names.
const STATUS_FIELD: &str = "<status>";
const STATUS_DATE_FIELD: &str = "<status>_date";
const STATUS_HISTORY_FIELD: &str = "status_history";

/// Typed front matter of one content file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Meta {
    Briefing(BriefingMeta),
    Organization(OrganizationMeta),
    Topic(TopicMeta),
    Event(EventMeta),
    Page(PageMeta),
    Author(AuthorMeta),
}

/// The lists of references a front matter holds, by what they name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct References<'a> {
    pub(crate) organizations: &'a [String],
    /// The terms, taxonomy by taxonomy.
    pub(crate) terms: &'a Terms,
    pub(crate) sources: &'a [String],
    pub(crate) authors: &'a [String],
}

/// The terms of a document that lists none.
static NO_TERMS: Terms = Terms(Vec::new());

impl<'a> References<'a> {
    /// Each list with its key, for messages about what is written: a taxonomy's terms under
    /// its key.
    pub(crate) fn by_key(self, config: &'a SiteConfig) -> Vec<(&'a str, &'a [String])> {
        let mut lists = vec![("organizations", self.organizations)];
        lists.extend(config.taxonomy_ids().map(|(id, t)| (t.key.as_str(), self.terms.of(id))));
        lists.extend([("sources", self.sources), ("authors", self.authors)]);
        lists
    }
}

impl Kind {
    /// The fields of the struct this kind's front matter is read into; `<taxonomy>`, `<status>`
    /// and `<status>_date` stand for keys each site names ([`Kind::written_keys`]).
    pub(crate) fn keys(self) -> &'static [&'static str] {
        self.front_matter().keys
    }

    /// The front-matter keys this kind accepts on a site with `config`, each with the field of
    /// its struct it fills: each taxonomy's key for `<taxonomy>`, and the tracked status's
    /// keys for `<status>`, `<status>_date` and `status_history` (none when the site tracks
    /// no status).
    pub(crate) fn written_keys(self, config: &SiteConfig) -> Vec<(&'static str, String)> {
        let mut keys = Vec::with_capacity(self.keys().len() + config.taxonomies.len());
        for &field in self.keys() {
            match (field, &config.status) {
                (TAXONOMY_FIELD, _) => keys.extend(config.taxonomies.iter().map(|t| (field, t.key.clone()))),
                (STATUS_FIELD, Some(status)) => keys.push((field, status.field.clone())),
                (STATUS_DATE_FIELD, Some(status)) => keys.push((field, status.date_field())),
                (STATUS_FIELD | STATUS_DATE_FIELD | STATUS_HISTORY_FIELD, None) => {}
                _ => keys.push((field, field.to_string())),
            }
        }
        keys
    }

    /// The struct its front matter is read into.
    pub(crate) fn front_matter(self) -> KeyedStruct {
        match self {
            Kind::Briefing => KeyedStruct::of::<BriefingMeta>(),
            Kind::Organization => KeyedStruct::of::<OrganizationMeta>(),
            Kind::Topic => KeyedStruct::of::<TopicMeta>(),
            Kind::Event => KeyedStruct::of::<EventMeta>(),
            Kind::Page => KeyedStruct::of::<PageMeta>(),
            Kind::Author => KeyedStruct::of::<AuthorMeta>(),
        }
    }
}

impl Meta {
    /// Reads the front matter at `yaml` of `text` as `kind` requires on a site with
    /// `config`, key by key: what can be read is kept (the rest takes a stand-in, the slug for
    /// a title), and every problem is returned. A file with errors still exists for the rest
    /// of the site.
    pub(crate) fn parse(
        kind: Kind,
        text: &str,
        yaml: Range<usize>,
        slug: &str,
        config: &SiteConfig,
    ) -> (Meta, Vec<YamlError>) {
        let written = kind.written_keys(config);
        let keys: Vec<&str> = written.iter().map(|(_, key)| key.as_str()).collect();
        let mut fields = Fields::read(text, yaml, &keys, Context::FrontMatter);
        let meta = Meta::read(kind, &mut fields, slug, config);
        let mut errors = fields.errors;
        if kind == Kind::Organization {
            for error in errors.iter_mut().filter(|e| e.code == "E013") {
                if let Some(help) = status_key_help(&text[error.range.clone()], config) {
                    error.help = Some(help);
                }
            }
        }
        (meta, errors)
    }

    /// The stand-in front matter of a file whose front matter is missing or unreadable.
    pub(crate) fn placeholder(kind: Kind, slug: &str, config: &SiteConfig) -> Meta {
        let mut fields = Fields::read("", 0..0, &[], Context::FrontMatter);
        Meta::read(kind, &mut fields, slug, config)
    }

    /// Reads every key of `kind` from `f`; `slug` stands in for a title that cannot be read.
    pub(crate) fn read(kind: Kind, f: &mut Fields, slug: &str, config: &SiteConfig) -> Meta {
        let title = |f: &mut Fields, key: &str| f.required_with(key, text).unwrap_or_else(|| slug.to_string());
        match kind {
            Kind::Briefing => {
                let title = title(f, "title");
                Meta::Briefing(BriefingMeta::read(f, title, config))
            }
            Kind::Organization => Meta::Organization({
                let name = title(f, "name");
                let acronym = f.get_with("acronym", optional_text).flatten();
                let kind = f.get_with("kind", optional_text).flatten();
                let parent = f.get_with("parent", optional_text).flatten();
                let founded = f.get::<Option<PartialDate>>("founded").flatten();
                let members = f.get_with("members", optional_text).flatten();
                let (status, status_date, status_history) = match &config.status {
                    Some(tracked) => read_status(f, tracked),
                    None => (None, None, Vec::new()),
                };
                OrganizationMeta {
                    name,
                    acronym,
                    kind,
                    parent,
                    founded,
                    members,
                    status,
                    status_date,
                    status_history,
                    website: f.get_with("website", optional_text).flatten(),
                }
            }),
            Kind::Topic => Meta::Topic(TopicMeta {
                title: title(f, "title"),
                summary: f.get_with("summary", optional_text).flatten(),
            }),
            Kind::Event => Meta::Event(EventMeta {
                title: title(f, "title"),
                date: f.required("date").unwrap_or(PartialDate::Year(UNKNOWN_DATE.year())),
                organizations: f.get_with("organizations", list).unwrap_or_default(),
                terms: Terms::read(f, config),
                sources: f.get_with("sources", list).unwrap_or_default(),
            }),
            Kind::Page => Meta::Page(PageMeta {
                title: title(f, "title"),
                summary: f.get_with("summary", optional_text).flatten(),
                draft: f.get("draft").unwrap_or(false),
            }),
            Kind::Author => Meta::Author(AuthorMeta {
                name: title(f, "name"),
                role: f.get_with("role", optional_text).flatten(),
                affiliation: f.get_with("affiliation", optional_text).flatten(),
                photo: f.get_with("photo", optional_text).flatten(),
                website: f.get_with("website", optional_text).flatten(),
                orcid: f.get_with("orcid", optional_text).flatten(),
                email: f.get_with("email", optional_text).flatten(),
                organization: f.get("organization").unwrap_or(false),
            }),
        }
    }

    /// The title, or an organization's name.
    pub(crate) fn title(&self) -> &str {
        match self {
            Meta::Briefing(m) => &m.title,
            Meta::Organization(m) => &m.name,
            Meta::Topic(m) => &m.title,
            Meta::Event(m) => &m.title,
            Meta::Page(m) => &m.title,
            Meta::Author(m) => &m.name,
        }
    }

    pub(crate) fn summary(&self) -> Option<&str> {
        match self {
            Meta::Briefing(m) => m.summary.as_deref(),
            Meta::Topic(m) => m.summary.as_deref(),
            Meta::Page(m) => m.summary.as_deref(),
            Meta::Organization(_) | Meta::Event(_) | Meta::Author(_) => None,
        }
    }

    /// The date that places it in time: a briefing's publication, an event's.
    pub(crate) fn date(&self) -> Option<PartialDate> {
        match self {
            Meta::Briefing(m) => Some(PartialDate::Day(m.date)),
            Meta::Event(m) => Some(m.date),
            Meta::Organization(_) | Meta::Topic(_) | Meta::Page(_) | Meta::Author(_) => None,
        }
    }

    pub(crate) fn is_draft(&self) -> bool {
        match self {
            Meta::Briefing(m) => m.draft,
            Meta::Page(m) => m.draft,
            Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Author(_) => false,
        }
    }

    /// The organizations, topics and sources the front matter lists.
    pub(crate) fn references(&self) -> References<'_> {
        match self {
            Meta::Briefing(m) => References {
                organizations: &m.organizations,
                terms: &m.terms,
                sources: &m.sources,
                authors: &m.authors,
            },
            Meta::Event(m) => {
                References { organizations: &m.organizations, terms: &m.terms, sources: &m.sources, authors: &[] }
            }
            Meta::Organization(_) | Meta::Topic(_) | Meta::Page(_) | Meta::Author(_) => {
                References { organizations: &[], terms: &NO_TERMS, sources: &[], authors: &[] }
            }
        }
    }
}

/// One source of the bibliography, which is a list of entries each starting with `- id: …`;
/// briefings and events cite them by id. Entries of `content/*.bib` and `content/*.json`
/// (CSL-JSON) are read into the same fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct SourceEntry {
    /// How it is cited, `[@id]`: lower-case letters, digits and hyphens.
    pub(crate) id: String,
    /// Its title, as the reference lists show it.
    pub(crate) title: String,
    /// What it is: the reference lists group and style sources by it.
    pub(crate) r#type: Option<SourceType>,
    /// Who wrote it: one name or a list of names. A person as `Family, Given`; an institution
    /// as its name (`Freedom House`).
    pub(crate) author: Vec<String>,
    /// The journal, site or outlet it appeared in.
    pub(crate) container: Option<String>,
    /// Who published it.
    pub(crate) publisher: Option<String>,
    /// When it was published.
    pub(crate) date: Option<PartialDate>,
    /// Where to read it, starting with `https://`.
    pub(crate) url: Option<String>,
    /// Its DOI, such as `10.1000/xyz123` (without `https://doi.org/`).
    pub(crate) doi: Option<String>,
    /// The pages cited of a longer work, such as `12-19`.
    pub(crate) pages: Option<String>,
    /// When its `url` was read, for a page that may change.
    pub(crate) accessed: Option<PartialDate>,
    /// A copy kept by an archive (the Wayback Machine, perma.cc), starting with `https://`:
    /// `brief check --external` names it when `url` no longer answers.
    pub(crate) archived_url: Option<String>,
    /// For a source that is not public: where a copy is held. Shown with the source.
    pub(crate) note: Option<String>,
}

/// What kind of document a source is: the reference lists group and style sources by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum SourceType {
    Report,
    Article,
    WebPage,
    Legislation,
    CourtCase,
    Dataset,
    News,
    Book,
    Chapter,
}

impl SourceType {
    /// Every type, in the order the sources page lists its groups: the documents policy
    /// writing rests on first (reports, scholarship), then the press and the web, then the law,
    /// then data.
    pub(crate) const ALL: [SourceType; 9] =
        every_variant![SourceType: Report, Article, Book, Chapter, News, WebPage, Legislation, CourtCase, Dataset];

    /// The value written in `sources.yaml`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            SourceType::Report => "report",
            SourceType::Article => "article",
            SourceType::WebPage => "web-page",
            SourceType::Legislation => "legislation",
            SourceType::CourtCase => "court-case",
            SourceType::Dataset => "dataset",
            SourceType::News => "news",
            SourceType::Book => "book",
            SourceType::Chapter => "chapter",
        }
    }

    /// The anchor of the group of sources of type `ty` on the sources page (`type-report`),
    /// or of those without a type (`type-other`).
    pub(crate) fn group_id(ty: Option<SourceType>) -> String {
        format!("type-{}", ty.map_or("other", SourceType::key))
    }
}

impl Keys for SourceEntry {}

/// The summary `brief new` writes: visible on the page, and warned about until replaced.
pub const SUMMARY_PLACEHOLDER: &str = "Write one or two sentences: what this finds and why it matters.";

impl SourceEntry {
    /// One entry, read key by key. `None` when it has no usable `id`: nothing can cite it.
    pub(crate) fn read(f: &mut Fields) -> Option<SourceEntry> {
        let id = f.required_with("id", text);
        let title = f.required_with("title", text);
        let entry = SourceEntry {
            id: id?,
            title: title.unwrap_or_default(),
            r#type: f.get::<Option<SourceType>>("type").flatten(),
            author: f.get_with("author", names).unwrap_or_default(),
            container: f.get_with("container", optional_text).flatten(),
            publisher: f.get_with("publisher", optional_text).flatten(),
            date: f.get::<Option<PartialDate>>("date").flatten(),
            url: f.get_with("url", optional_text).flatten(),
            doi: f.get_with("doi", optional_text).flatten(),
            pages: f.get_with("pages", optional_text).flatten(),
            accessed: f.get::<Option<PartialDate>>("accessed").flatten(),
            archived_url: f.get_with("archived_url", optional_text).flatten(),
            note: f.get_with("note", optional_text).flatten(),
        };
        Some(entry)
    }
}

/// The date of a briefing whose date cannot be read: it only orders a build that fails.
const UNKNOWN_DATE: Date = Date::UNKNOWN;

/// A series number: a whole number from 1 to [`MAX_SERIES_NUMBER`], or nothing (`number:`).
fn series_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let value = Option::<serde_yaml::Value>::deserialize(deserializer)?;
    let Some(value) = value else { return Ok(None) };
    let written = match &value {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => return Ok(None),
        serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) | serde_yaml::Value::Tagged(_) => {
            "a list or mapping".to_string()
        }
    };
    match value.as_u64() {
        Some(n @ 1..) if n <= u64::from(MAX_SERIES_NUMBER) => Ok(u32::try_from(n).ok()),
        _ => Err(de::Error::custom(format!(
            "`number: {written}` is not a series number: write a whole number from 1 to {MAX_SERIES_NUMBER}, e.g. `number: 12`"
        ))),
    }
}

/// Text fields accept any scalar, so `title: 1984` is a title rather than a type error.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

fn optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(deserializer)?.map(|s| s.0).filter(|s| !s.trim().is_empty()))
}

/// Names (a source's `author`): one name, a list of names, or nothing. Unlike [`list`], a
/// comma belongs to a name (`Family, Given`).
fn names<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Scalar),
        Many(Vec<Scalar>),
    }
    let names = match Option::<OneOrMany>::deserialize(deserializer)
        .map_err(|_| de::Error::custom("write one name (`Family, Given`, or an institution), or a list of names"))?
    {
        None => Vec::new(),
        Some(OneOrMany::One(name)) => vec![name.0],
        Some(OneOrMany::Many(names)) => names.into_iter().map(|n| n.0).collect(),
    };
    Ok(names.into_iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect())
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

/// A site's settings for the tests of every stage.
#[cfg(test)]
pub(crate) mod testing {
    use super::SiteConfig;

    /// The status of the shipped site, as `site.yaml` writes it.
    pub(crate) const STATUS_YAML: &str = "status:\n  field: us_status\n  label: U.S. status\n  \
        description: where the United States stands\n  not_stated: Not stated in the sources\n  values:\n    \
        - key: withdrawal-announced\n      label: Withdrawal announced\n      colour: orange\n      icon: \"↘\"\n    \
        - key: withdrawn\n      label: Withdrawn\n      colour: red\n      icon: \"✕\"\n    \
        - key: member\n      label: Member\n      colour: green\n      icon: \"✓\"\n    \
        - key: not-affected\n      label: Not affected\n      colour: blue\n      icon: \"=\"\n    \
        - key: never-member\n      label: Never a member\n      colour: grey\n      icon: \"–\"\n    \
        - key: not-a-membership\n      label: Not a membership\n      colour: purple\n      icon: \"○\"\n";

    /// The settings of a site with the shipped site's status and the default taxonomy.
    pub(crate) fn config() -> SiteConfig {
        let (config, errors) =
            SiteConfig::parse(&format!("title: Test\nbase_url: https://example.org/\n{STATUS_YAML}"));
        assert!(errors.is_empty(), "{errors:?}");
        config
    }

    /// The key of the status `value` of [`config`].
    pub(crate) fn status_key(value: super::StatusKey) -> String {
        config().status.map(|s| s.key(value).to_string()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::testing::{config, status_key};

    fn parse(kind: Kind, text: &str) -> Result<Meta, Vec<YamlError>> {
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(kind, text, split.yaml.unwrap(), "x", &config());
        if errors.is_empty() { Ok(meta) } else { Err(errors) }
    }

    #[test]
    fn a_bad_value_costs_only_that_value() {
        let text = "---\nname: OECD\nacronym: OECD\nus_status: withdrawing\nfounded: 1961\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Organization, text, split.yaml.unwrap(), "oecd", &config());
        let Meta::Organization(m) = meta else { panic!() };
        assert_eq!((m.name.as_str(), m.acronym.as_deref(), m.status), ("OECD", Some("OECD"), None));
        assert_eq!(m.founded, Some(PartialDate::Year(1961)));
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_syntax_error_in_one_key_keeps_the_others() {
        let text = "---\ntitle: Brexit: the deal\ndate: 2026-01-07\ntopics: [trade]\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Briefing, text, split.yaml.unwrap(), "brexit", &config());
        let Meta::Briefing(m) = meta else { panic!() };
        assert_eq!(m.title, "brexit", "the slug stands in for the title");
        assert_eq!(m.terms.0, [["trade"]]);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_full_briefing_parses() {
        let text = "---\ntitle: \"Exit\"\ndate: 2026-01-07\nupdated: 2026-01-20\nsummary: One.\norganizations: [foc, venice-commission]\ntopics: spyware\nsources:\ndraft: true\n---\n";
        let Meta::Briefing(m) = parse(Kind::Briefing, text).unwrap() else { panic!() };
        assert_eq!(m.title, "Exit");
        assert_eq!(m.organizations, ["foc", "venice-commission"]);
        assert_eq!(m.terms.0, [["spyware"]]);
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
        assert_eq!(m.status.map(status_key).as_deref(), Some("withdrawal-announced"));
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
    fn orcid_ids_are_checked_by_their_last_character() {
        // The examples of ORCID's own documentation, one ending in X.
        let url = Some("https://orcid.org/0000-0002-1825-0097".to_string());
        assert_eq!(orcid_url("0000-0002-1825-0097"), url);
        assert_eq!(orcid_url("https://orcid.org/0000-0002-1825-0097"), url);
        assert!(orcid_url("0000-0002-1694-233X").is_some());
        assert_eq!(orcid_url("0000-0002-1825-0098"), None, "a wrong check character");
        assert_eq!(orcid_url("0000000218250097"), None, "not in groups");
        assert_eq!(orcid_url("0000-0002-1825-009"), None);
        assert_eq!(orcid_url("https://example.org/0000-0002-1825-0097"), None);
    }

    #[test]
    fn an_author_with_every_field_parses() {
        let text = "---\nname: Jane Doe\nrole: Senior Fellow\naffiliation: Centre\nphoto: /img/jane.jpg\nwebsite: https://example.org/\norcid: 0000-0002-1825-0097\nemail: jane@example.org\n---\n";
        let Meta::Author(m) = parse(Kind::Author, text).unwrap() else { panic!() };
        assert_eq!(
            (m.name.as_str(), m.role.as_deref(), m.email.as_deref()),
            ("Jane Doe", Some("Senior Fellow"), Some("jane@example.org"))
        );
    }

    #[test]
    fn a_status_history_is_kept_in_date_order_and_gives_the_status_and_its_date() {
        let text = "---\nname: X\nstatus_history:\n  - status: withdrawn\n    date: 2026-03-01\n  - status: member\n    \
                    date: 2011-12-09\n    note: Founding member.\n    source: s\n---\n";
        let Meta::Organization(m) = parse(Kind::Organization, text).unwrap() else { panic!("an organization") };
        let dates: Vec<String> = m.status_history.iter().map(|c| c.date.iso()).collect();
        assert_eq!(dates, ["2011-12-09", "2026-03-01"]);
        assert_eq!(m.status.map(status_key).as_deref(), Some("withdrawn"));
        assert_eq!(m.status_date.map(|d| d.iso()).as_deref(), Some("2026-03-01"));
        assert_eq!(m.status_history[0].source.as_deref(), Some("s"));
        // The same status and date written out agree; another status is one error, at `us_status`.
        let agreeing = text.replace("name: X\n", "name: X\nus_status: withdrawn\nus_status_date: 2026-03-01\n");
        assert!(parse(Kind::Organization, &agreeing).is_ok());
        let disagreeing = text.replace("name: X\n", "name: X\nus_status: member\n");
        let errors = parse(Kind::Organization, &disagreeing).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.code).collect::<Vec<_>>(), ["E028"]);
        assert!(errors[0].message.contains("(line 5, 2026-03-01)"), "{}", errors[0].message);
    }

    #[test]
    fn every_status_key_round_trips_through_yaml() {
        let tracked = config().status.expect("a status");
        for (i, value) in tracked.values.iter().enumerate() {
            let text = format!("---\nname: X\nus_status: {}\n---\n", value.key);
            let Meta::Organization(m) = parse(Kind::Organization, &text).unwrap() else { panic!() };
            assert_eq!(m.status, Some(StatusKey(i)));
        }
    }

    #[test]
    fn a_site_without_a_status_refuses_one_naming_the_setting() {
        let plain = SiteConfig::parse("title: T\nbase_url: https://example.org/\n").0;
        let text = "---\nname: X\nus_status: member\nstatus_history: []\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (_, errors) = Meta::parse(Kind::Organization, text, split.yaml.clone().unwrap(), "x", &plain);
        assert_eq!(errors.iter().map(|e| e.code).collect::<Vec<_>>(), ["E013", "E013"]);
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("add a `status:` setting")), "{errors:?}");
        // A site that names its status otherwise says how it is written there.
        let other = SiteConfig::parse(
            "title: T\nbase_url: https://example.org/\nstatus:\n  field: position\n  label: Position\n  \
             description: position\n  values:\n    - key: adopted\n      label: Adopted\n",
        );
        assert!(other.1.is_empty(), "{:?}", other.1);
        let (meta, errors) = Meta::parse(Kind::Organization, text, split.yaml.unwrap(), "x", &other.0);
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("`position: …`")), "{errors:?}");
        let text = "---\nname: X\nposition: adoptd\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (_, errors) = Meta::parse(Kind::Organization, text, split.yaml.unwrap(), "x", &other.0);
        assert_eq!(errors[0].code, "E015");
        assert!(errors[0].help.as_deref().is_some_and(|h| h.contains("did you mean `adopted`?")), "{errors:?}");
        let _ = meta;
    }

    #[test]
    fn each_taxonomy_is_read_under_its_key() {
        let config = SiteConfig::parse(
            "title: T\nbase_url: https://example.org/\ntaxonomies:\n  - key: themes\n    label: Themes\n    \
             singular: Theme\n  - key: regions\n    label: Regions\n    singular: Region\n",
        );
        assert!(config.1.is_empty(), "{:?}", config.1);
        let text = "---\ntitle: A\ndate: 2026-01-07\nregions: [europe]\nthemes: [trade, climate]\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Briefing, text, split.yaml.unwrap(), "a", &config.0);
        assert!(errors.is_empty(), "{errors:?}");
        let Meta::Briefing(m) = meta else { panic!("a briefing") };
        assert_eq!(m.terms.0, [vec!["trade", "climate"], vec!["europe"]]);
        let text = "---\ntitle: A\ndate: 2026-01-07\ntopics: [trade]\n---\n";
        let split = crate::frontmatter::split(text).unwrap();
        let (_, errors) = Meta::parse(Kind::Briefing, text, split.yaml.unwrap(), "a", &config.0);
        assert_eq!(errors[0].code, "E013", "{errors:?}");
    }

    fn source(text: &str) -> (Option<SourceEntry>, Vec<String>) {
        let mut f = Fields::read(text, 0..text.len(), SourceEntry::keys(), Context::SourceEntry);
        let entry = SourceEntry::read(&mut f);
        (entry, f.errors.iter().map(|e| e.message.clone()).collect())
    }

    #[test]
    fn a_source_reads_the_fields_a_reader_verifies_it_by() {
        let (entry, errors) = source(
            "id: fh\ntitle: Freedom in the World\ntype: report\nauthor: Freedom House\ncontainer: Annual reports\n\
             doi: 10.1000/xyz\npages: 12-19\naccessed: 2026-03-01\narchived_url: https://web.archive.org/web/2026/x\n\
             note: A copy is held by the authors\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let entry = entry.unwrap();
        assert_eq!(entry.r#type, Some(SourceType::Report));
        assert_eq!(entry.author, ["Freedom House"], "an institution is one name");
        assert_eq!(entry.doi.as_deref(), Some("10.1000/xyz"));
        assert_eq!(entry.accessed.map(|d| d.iso()).as_deref(), Some("2026-03-01"));
        assert_eq!(entry.note.as_deref(), Some("A copy is held by the authors"));
        // One person keeps the comma between family and given names; a list is one name a line.
        let (entry, _) = source("id: a\ntitle: A\nauthor: Smith, Jane\n");
        assert_eq!(entry.unwrap().author, ["Smith, Jane"]);
        let (entry, _) = source("id: a\ntitle: A\nauthor:\n  - Smith, Jane\n  - Freedom House\n");
        assert_eq!(entry.unwrap().author, ["Smith, Jane", "Freedom House"]);
        let (_, errors) = source("id: a\ntitle: A\ntype: blog\n");
        assert_eq!(errors.len(), 1, "a type that is not one is an error");
    }
}
