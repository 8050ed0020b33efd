//! `brief new KIND "Title"`: a content file with valid front matter, named by a short slug
//! (`--slug` to choose it; an organization's acronym when one is given; otherwise the first
//! words of the title that say something).
//!
//! Takes: the command line and the site's `site.yaml` (its taxonomies and status). Gives: the
//! file, written as the kind's spec says (its `new_file`, from [`crate::model::Kind::spec`]);
//! the kinds offered are the specs', a term by its taxonomy's name (`topic`, `region`).

use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::date::Date;
use crate::fs;
use crate::model::{Kind, SUMMARY_PLACEHOLDER, SiteConfig, Taxonomy};
use crate::slugs;

/// What `brief new` says it creates: `a briefing, organization, topic, event, page or author`.
pub(super) fn what_it_creates() -> String {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    format!(
        "Create a content file: a {} (a term of another taxonomy of the site by its singular: `region`)",
        crate::diagnostics::listed(&names, "or")
    )
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What to create: briefing, organization, event, page, author, or a term of one of the
    /// site's taxonomies by its singular (topic)
    #[arg(value_name = "KIND")]
    pub(crate) kind: String,
    /// Its title (an organization's name)
    pub(crate) title: String,
    /// The file's name and the page's address (lower-case letters, digits and hyphens);
    /// by default a short one made from the acronym or the title
    #[arg(long)]
    pub(crate) slug: Option<String>,
    /// An organization's acronym, written into its front matter (and its default slug)
    #[arg(long)]
    pub(crate) acronym: Option<String>,
    /// The site's folder: the one holding content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
}

impl NewArgs {
    pub(crate) fn run(self) -> u8 {
        let config = site_config(&self.root);
        let (kind, taxonomy) = match config.taxonomy_named(&self.kind) {
            Some(taxonomy) => (Kind::Topic, Some(taxonomy)),
            None => match Kind::from_name(&self.kind).filter(|&k| k != Kind::Topic) {
                Some(kind) => (kind, None),
                None => {
                    let names = config.kind_names();
                    let help = match crate::suggest::did_you_mean(&self.kind, names.iter().map(String::as_str)) {
                        Some(close) => close,
                        None => format!("write {}", crate::diagnostics::listed(&names, "or")),
                    };
                    return fail(
                        USAGE_ERROR,
                        format!("`{}` is not a kind of content of this site", self.kind),
                        Some(&help),
                    );
                }
            },
        };
        if self.acronym.is_some() && !takes_acronym(kind) {
            let takers: Vec<Kind> = Kind::ALL.into_iter().filter(|&k| takes_acronym(k)).collect();
            let plurals: Vec<&str> = takers.iter().map(|k| k.spec().plural).collect();
            let commands: Vec<String> = takers.iter().map(|k| format!("`brief new {k}`")).collect();
            return fail(
                USAGE_ERROR,
                format!("`--acronym` is for {}", crate::diagnostics::listed(&plurals, "and")),
                Some(&format!("leave it out, or use {}", crate::diagnostics::listed(&commands, "or"))),
            );
        }
        let slug = match &self.slug {
            Some(slug) if slugs::is_valid(slug) => slug.clone(),
            Some(slug) => {
                let help = format!(
                    "slugs are lower-case letters, digits and single hyphens, such as `{}`",
                    slugs::slugify(slug)
                );
                return fail(USAGE_ERROR, format!("`{slug}` is not a slug"), Some(&help));
            }
            None => default_slug(&self.title, self.acronym.as_deref()),
        };
        if slug.is_empty() {
            return fail(
                USAGE_ERROR,
                format!("cannot make a file name from the title {:?}", self.title),
                Some("give a title with letters or digits, or a slug with --slug"),
            );
        }
        let content = self.root.join("content");
        if !content.is_dir() {
            let problem = crate::load::missing_content(&self.root);
            return fail(
                USAGE_ERROR,
                format!("{} (in `{}`)", problem.message, self.root.display()),
                problem.help.as_deref(),
            );
        }
        let folder = match taxonomy {
            Some(t) => config.taxonomy(t).folder(),
            None => kind.folder().unwrap_or(kind.spec().plural),
        };
        let path = content.join(folder).join(format!("{slug}.md"));
        if path.exists() {
            return fail(
                CONTENT_ERROR,
                format!("`{}` already exists; nothing was written", path.display()),
                Some("choose another slug with --slug"),
            );
        }
        let text = scaffold(kind, &config, &self.title, self.acronym.as_deref(), Date::today());
        match fs::write_new(&path, text.as_bytes()) {
            Ok(()) => {
                println!("Created {}", path.display());
                if kind.spec().new_file.contains(DRAFT) {
                    println!(
                        "It is a draft: preview it with `brief serve --drafts`; remove `draft: true` to publish it."
                    );
                }
                SUCCESS
            }
            Err(e) => fail(CONTENT_ERROR, e, None),
        }
    }
}

/// How many words of a title a default slug keeps: enough to tell files apart, short enough
/// for an address.
const SLUG_WORDS: usize = 6;

/// Words a slug can do without.
const SMALL_WORDS: &[&str] =
    &["a", "an", "the", "of", "and", "for", "to", "in", "on", "at", "by", "with", "from", "its"];

/// A short slug: an organization's acronym when given; otherwise the title's first
/// [`SLUG_WORDS`] words that say something.
pub(super) fn default_slug(title: &str, acronym: Option<&str>) -> String {
    if let Some(slug) = acronym.map(slugs::slugify).filter(|s| !s.is_empty()) {
        return slug;
    }
    let full = slugs::slugify(title);
    let words: Vec<&str> = full.split('-').filter(|w| !w.is_empty()).collect();
    let meaningful: Vec<&str> = words.iter().copied().filter(|w| !SMALL_WORDS.contains(w)).collect();
    let chosen = if meaningful.is_empty() { &words } else { &meaningful };
    chosen.iter().take(SLUG_WORDS).copied().collect::<Vec<_>>().join("-")
}

/// The line of a new file that makes it a draft.
const DRAFT: &str = "\ndraft: true\n";

/// The settings of the site at `root`, as far as they can be read (its taxonomies and status
/// shape the file): a site whose `site.yaml` cannot be read has the default ones.
fn site_config(root: &std::path::Path) -> SiteConfig {
    let text = crate::load::read_text(root, &root.join("content").join("site.yaml")).map(|f| f.text);
    SiteConfig::parse(&text.unwrap_or_default()).0
}

/// Whether the file `brief new` writes for `kind` has an acronym.
fn takes_acronym(kind: Kind) -> bool {
    kind.spec().new_file.contains("{acronym}")
}

/// The text of a new file of `kind` on a site with `config`: its spec's `new_file`
/// ([`Kind::spec`]) with the blanks filled. Titles are written as double-quoted YAML scalars
/// ([`quoted`]), so any title is safe. Summaries start as a placeholder that shows on the page
/// and is warned about until it is replaced.
pub(super) fn scaffold(kind: Kind, config: &SiteConfig, title: &str, acronym: Option<&str>, today: Date) -> String {
    let terms: String = config.taxonomies.iter().map(|t: &Taxonomy| format!("{}: []\n", t.key)).collect();
    let status = match &config.status {
        Some(tracked) => {
            let keys: Vec<&str> = tracked.values.iter().map(|v| v.key.as_str()).collect();
            let first = keys.first().copied().unwrap_or("a-value");
            format!(
                "# {}: {}; leave it out when the sources do not say\n{}:\n{}:\n\
                 # Or how it changed, in any order; the latest entry is then its {}:\n\
                 # status_history:\n#   - status: {first}\n#     date: {today}\n\
                 #     note: What happened, in a sentence.\n#     source: a-source-id\n",
                tracked.label,
                keys.join(" | "),
                tracked.field,
                tracked.date_field(),
                tracked.field,
            )
        }
        None => String::new(),
    };
    let blanks = [
        ("{title}", quoted(title)),
        ("{today}", today.to_string()),
        ("{summary}", quoted(SUMMARY_PLACEHOLDER)),
        ("{acronym}", acronym.map(quoted).unwrap_or_default()),
        ("{terms}", terms),
        ("{status}", status),
    ];
    // One pass over the template, so that a title holding `{today}` stays as written.
    let mut text = kind.spec().new_file;
    let mut out = String::with_capacity(text.len() + title.len() + 100);
    while let Some(at) = text.find('{') {
        out.push_str(&text[..at]);
        text = &text[at..];
        match blanks.iter().find(|(blank, _)| text.starts_with(blank)) {
            Some((blank, value)) => {
                out.push_str(value);
                text = &text[blank.len()..];
            }
            None => {
                out.push('{');
                text = &text[1..];
            }
        }
    }
    out.push_str(text);
    out
}

/// `text` as a double-quoted YAML scalar: quotes and backslashes escaped, and every control
/// character written as an escape, since a content file may not hold one raw.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter;
    use crate::model::Meta;
    use crate::model::testing::config;

    #[test]
    fn scaffold_bodies_hold_no_links_that_could_fail_to_resolve() {
        let today = Date::parse("2026-02-01").unwrap();
        for kind in Kind::ALL {
            let text = scaffold(kind, &config(), "T", None, today);
            let body = &text[frontmatter::split(&text).unwrap().body];
            assert!(crate::markdown::scan(body).links.is_empty(), "{kind}: {body}");
        }
    }

    #[test]
    fn every_scaffold_parses_even_with_quotes_in_the_title() {
        let today = Date::parse("2026-02-01").unwrap();
        for kind in Kind::ALL {
            let text = scaffold(kind, &config(), "The \"Heel\" Turn: a #1 story", Some("HT: \"x\""), today);
            let split = frontmatter::split(&text).unwrap();
            let (meta, errors) = Meta::parse(kind, &text, split.yaml.unwrap(), "t", &config());
            assert!(errors.is_empty(), "{kind}: {errors:?}");
            assert_eq!(meta.title(), "The \"Heel\" Turn: a #1 story");
        }
    }

    #[test]
    fn a_title_with_control_characters_and_backslashes_is_written_escaped_and_reads_back() {
        let today = Date::parse("2026-02-01").unwrap();
        let title = "Tab\there, bell\u{7}, C1\u{85}, \\path\\ and \u{ffff}";
        let text = scaffold(Kind::Briefing, &config(), title, None, today);
        assert!(crate::text::find_forbidden_control(&text).is_none(), "{text}");
        let split = frontmatter::split(&text).unwrap();
        let (meta, errors) = Meta::parse(Kind::Briefing, &text, split.yaml.unwrap(), "t", &config());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(meta.title(), title);
    }

    #[test]
    fn the_organization_scaffold_shows_a_status_history_that_reads_once_uncommented() {
        let today = Date::parse("2026-02-01").unwrap();
        let text = scaffold(Kind::Organization, &config(), "Org", None, today);
        assert!(text.contains("# status_history:\n#   - status: withdrawal-announced\n"), "{text}");
        assert!(text.contains("\nus_status:\nus_status_date:\n"), "{text}");
        let uncommented: String = text
            .lines()
            .map(|l| if l.starts_with("# status_history") || l.starts_with("#   ") { &l[2..] } else { l })
            .map(|l| format!("{l}\n"))
            .collect();
        let split = frontmatter::split(&uncommented).unwrap();
        let (meta, errors) = Meta::parse(Kind::Organization, &uncommented, split.yaml.unwrap(), "t", &config());
        assert!(errors.is_empty(), "{errors:?}");
        let Meta::Organization(org) = meta else { panic!("an organization") };
        assert_eq!(org.status_history.len(), 1);
        assert_eq!(org.status.map(crate::model::testing::status_key).as_deref(), Some("withdrawal-announced"));
    }

    #[test]
    fn a_site_without_a_status_gets_organizations_without_one_and_its_own_taxonomies() {
        let today = Date::parse("2026-02-01").unwrap();
        let plain = SiteConfig::parse(
            "title: T\nbase_url: https://example.org/\ntaxonomies:\n  - key: regions\n    label: Regions\n    singular: Region\n",
        )
        .0;
        let org = scaffold(Kind::Organization, &plain, "Org", None, today);
        assert!(!org.contains("status"), "{org}");
        let briefing = scaffold(Kind::Briefing, &plain, "B", None, today);
        assert!(briefing.contains("\nregions: []\n") && !briefing.contains("topics:"), "{briefing}");
        for (kind, text) in [(Kind::Organization, org), (Kind::Briefing, briefing)] {
            let split = frontmatter::split(&text).unwrap();
            assert!(Meta::parse(kind, &text, split.yaml.unwrap(), "t", &plain).1.is_empty(), "{text}");
        }
    }

    #[test]
    fn default_slugs_are_short() {
        assert_eq!(default_slug("Organisation for Economic Co-operation and Development", Some("OECD")), "oecd");
        assert_eq!(
            default_slug("The United States' January 2026 withdrawal from 66 international organizations", None),
            "united-states-january-2026-withdrawal-66"
        );
        assert_eq!(default_slug("Brexit: the deal", None), "brexit-deal");
        assert_eq!(default_slug("The The", None), "the-the");
    }
}
