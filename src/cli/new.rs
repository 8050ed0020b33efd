//! `brief new KIND "Title"`: a content file with valid front matter, named after its title.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::date::Date;
use crate::fs;
use crate::model::Kind;
use crate::slugs;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    Briefing,
    Organization,
    Topic,
    Event,
    Page,
}

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Briefing => Kind::Briefing,
            NewKind::Organization => Kind::Organization,
            NewKind::Topic => Kind::Topic,
            NewKind::Event => Kind::Event,
            NewKind::Page => Kind::Page,
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create
    pub kind: NewKind,
    /// Its title (an organization's name); the file is named after it
    pub title: String,
    /// The site's folder: the one holding content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

impl NewArgs {
    pub fn run(self) -> u8 {
        let slug = slugs::slugify(&self.title);
        if slug.is_empty() {
            return fail(
                USAGE_ERROR,
                format!("cannot make a file name from the title {:?}", self.title),
                Some("give a title with letters or digits"),
            );
        }
        let content = self.root.join("content");
        if !content.is_dir() {
            return fail(
                USAGE_ERROR,
                format!("no `content/` folder in `{}`", self.root.display()),
                Some("run this in a site's folder, pass --root, or create a site with `brief init DIR`"),
            );
        }
        let kind = self.kind.kind();
        let path = content.join(kind.folder()).join(format!("{slug}.md"));
        if path.exists() {
            return fail(
                CONTENT_ERROR,
                format!("`{}` already exists; nothing was written", path.display()),
                Some("choose another title"),
            );
        }
        let text = scaffold(kind, &self.title, Date::today());
        match fs::write_new(&path, text.as_bytes()) {
            Ok(()) => {
                println!("Created {}", path.display());
                if kind == Kind::Briefing {
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

/// The text of a new file of `kind`. Titles are written as JSON strings, which YAML reads as
/// double-quoted scalars, so any title is safe.
pub fn scaffold(kind: Kind, title: &str, today: Date) -> String {
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
    match kind {
        Kind::Briefing => format!(
            "---\ntitle: {quoted}\ndate: {today}\nsummary: \"\"\norganizations: []\ntopics: []\nsources: []\ndraft: true\n---\n\n\
             State the finding in two or three sentences.\n\n## Background\n\n\
             Cite sources with `[@source-id]` (ids from content/sources.yaml) and link organizations, topics and\n\
             other briefings with `[[slug]]`.\n"
        ),
        Kind::Organization => format!(
            "---\nname: {quoted}\nacronym:\nkind:\nparent:\nfounded:\nmembers:\n\
             # member | withdrawal-announced | withdrawn | not-affected | never-member | not-a-membership\n\
             us_status:\nus_status_date:\nwebsite:\n---\n\nWhat the organization is and does, in a paragraph or two.\n"
        ),
        Kind::Topic => {
            format!("---\ntitle: {quoted}\nsummary: \"\"\n---\n\nWhat this topic covers, in a paragraph or two.\n")
        }
        Kind::Event => format!(
            "---\ntitle: {quoted}\n# YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known\ndate: {today}\n\
             organizations: []\ntopics: []\nsources: []\n---\n\nWhat happened, in one to three sentences, linking the briefings about it.\n"
        ),
        Kind::Page => format!("---\ntitle: {quoted}\nsummary: \"\"\n---\n\nWrite the page here.\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter;
    use crate::model::Meta;

    #[test]
    fn scaffold_bodies_hold_no_links_that_could_fail_to_resolve() {
        let today = Date::parse("2026-02-01").unwrap();
        for kind in Kind::ALL {
            let text = scaffold(kind, "T", today);
            let body = &text[frontmatter::split(&text).unwrap().body];
            assert!(crate::markdown::scan(body).links.is_empty(), "{kind}: {body}");
        }
    }

    #[test]
    fn every_scaffold_parses_even_with_quotes_in_the_title() {
        let today = Date::parse("2026-02-01").unwrap();
        for kind in Kind::ALL {
            let text = scaffold(kind, "The \"Heel\" Turn: a #1 story", today);
            let split = frontmatter::split(&text).unwrap();
            let (meta, errors) = Meta::parse(kind, &text, split.yaml.unwrap(), "t");
            assert!(errors.is_empty(), "{kind}: {errors:?}");
            assert_eq!(meta.title(), "The \"Heel\" Turn: a #1 story");
        }
    }
}
