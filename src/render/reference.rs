//! The template reference, `docs/templates.md`: what each template receives.
//!
//! Takes: the [`Described`] shapes of the template data (`pages.rs`, `values.rs`), whose docs
//! are the structs' own `///` lines. Gives: the reference as Markdown, and tests that the file
//! in the repository is that text (`BRIEF_BLESS=1` rewrites it) and that every page of real
//! sites has exactly the fields, and the types, that it documents.

use std::collections::BTreeSet;
use std::path::Path;

use tera::Value;

use super::Pages;
use super::data::{Described, Field, Shape};
use super::pages::SiteData;
use super::{kind_page_shape, site_page_shape};
use crate::link::plan::{self, OutputFile, SitePage};
use crate::model::{Kind, PageRule};

/// Where the reference is, from the repository's root.
const FILE: &str = "docs/templates.md";

/// The templates that render pages, each with the shape of its `page`: those of the pages
/// every site has, then those of each kind's own pages, in the order of the output plan
/// ([`plan::page_templates`]).
fn page_templates() -> Vec<(&'static str, Shape)> {
    let config = crate::model::testing::config();
    let site_pages: Vec<_> =
        SitePage::all(&config).filter_map(|page| Some((page.template(), site_page_shape(page)?))).collect();
    let kinds = Kind::ALL.into_iter().filter_map(|kind| match kind.spec().pages {
        PageRule::Own { template, .. } | PageRule::PerTopic { template, .. } => {
            Some((template, kind_page_shape(kind)?))
        }
        PageRule::Entry { .. } => None,
    });
    site_pages.into_iter().chain(kinds).collect()
}

const INTRODUCTION: &str = "\
# Template reference

What each template of a theme receives. This file is written from the structs that make the
values (`src/render/pages.rs` and `src/render/values.rs`) and their docs: `cargo test` fails
when it differs from them, and `BRIEF_BLESS=1 cargo test --lib template_reference` writes it
again.

Every template that makes a page receives two variables: `site`, the same on every page, and
`page`, which depends on the template. `base.html`, and the partials a template includes, see
the variables of the template that extends or includes them.

Every word a template shows comes from the function `t`, which gives a string of the interface
in the site's language: `{{ t(key=\"reading_time\", n=page.reading_minutes) }}` (\"5 min read\",
\"5 min de lecture\" in French). Its keys, their placeholders and their texts are in
[strings.md](strings.md).

Types: *text* is escaped when printed; *markup* is HTML printed as it is; *none* is tera's
none, false in an `{% if %}`. A field that may be none says so; every other field is always
there.
";

/// The reference, as Markdown: the templates, `site`, each kind of `page`, and the parts
/// they are made of.
fn reference() -> String {
    let templates = page_templates();
    let mut out = String::from(INTRODUCTION);
    out.push_str("\n## Templates\n\n| Template | `page` |\n|---|---|\n");
    for (template, shape) in &templates {
        out.push_str(&format!("| `{template}` | {} |\n", type_name(shape)));
    }
    let site = SiteData::shape();
    out.push_str("\n## `site`\n\n");
    section_body(&site, &mut out);
    out.push_str("\n## Pages\n");
    let mut listed = BTreeSet::from([name_of(&site)]);
    let mut parts = Vec::new();
    named_in_fields(&site, &mut parts);
    for (_, shape) in &templates {
        if listed.insert(name_of(shape)) {
            out.push_str(&format!("\n### {}\n\n", title(name_of(shape))));
            section_body(shape, &mut out);
            named_in_fields(shape, &mut parts);
        }
    }
    // Every part reached from the pages, and the parts those are made of, by name.
    let mut reached = Vec::new();
    let mut next = 0;
    while next < parts.len() {
        let shape = parts[next].clone();
        next += 1;
        if listed.insert(name_of(&shape)) {
            named_in_fields(&shape, &mut parts);
            reached.push(shape);
        }
    }
    reached.sort_by_key(|shape| title(name_of(shape)));
    out.push_str("\n## Parts\n\nThe values the fields above are made of, by name.\n");
    for shape in &reached {
        out.push_str(&format!("\n### {}\n\n", title(name_of(shape))));
        section_body(shape, &mut out);
    }
    out
}

/// The doc and the fields (or members) of a record or union.
fn section_body(shape: &Shape, out: &mut String) {
    match shape {
        Shape::Record { doc, fields, .. } => {
            out.push_str(&format!("{}\n\n| Field | Type | What it is |\n|---|---|---|\n", paragraph(doc)));
            for Field { name, doc, shape } in fields {
                out.push_str(&format!(
                    "| `{name}` | {} | {} |\n",
                    type_name(shape),
                    paragraph(doc).replace('|', "\\|")
                ));
            }
        }
        Shape::OneOf { doc, members, .. } => {
            out.push_str(&format!("{}\n\nOne of:\n\n", paragraph(doc)));
            for member in members {
                out.push_str(&format!("- {}\n", type_name(member)));
            }
        }
        other => panic!("only structs and unions have a section, not {other:?}"),
    }
}

/// Adds the records and unions that the fields or members of `shape` are made of to `parts`.
fn named_in_fields(shape: &Shape, parts: &mut Vec<Shape>) {
    match shape {
        Shape::Record { fields, .. } => fields.iter().for_each(|f| named_in(&f.shape, parts)),
        Shape::OneOf { members, .. } => members.iter().for_each(|m| named_in(m, parts)),
        _ => {}
    }
}

/// Adds the records and unions in `shape` to `parts`.
fn named_in(shape: &Shape, parts: &mut Vec<Shape>) {
    match shape {
        Shape::Optional(inner) | Shape::List(inner) | Shape::TextMap(inner) => named_in(inner, parts),
        Shape::Record { .. } | Shape::OneOf { .. } => parts.push(shape.clone()),
        Shape::Text | Shape::Markup | Shape::Integer | Shape::Nothing => {}
    }
}

fn name_of(shape: &Shape) -> &'static str {
    match shape {
        Shape::Record { name, .. } | Shape::OneOf { name, .. } => name,
        other => panic!("only structs and unions have a name, not {other:?}"),
    }
}

/// `BriefingCard` → `Briefing card`.
fn title(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The anchor GitHub gives the heading `title`.
fn anchor(title: &str) -> String {
    title.to_lowercase().replace(' ', "-")
}

fn type_name(shape: &Shape) -> String {
    match shape {
        Shape::Text => "text".into(),
        Shape::Markup => "markup".into(),
        Shape::Integer => "integer".into(),
        Shape::Nothing => "none".into(),
        Shape::Optional(inner) => format!("{} or none", type_name(inner)),
        Shape::List(inner) => format!("list of {}", type_name(inner)),
        Shape::TextMap(inner) => format!("map from text to {}", type_name(inner)),
        Shape::Record { name, .. } | Shape::OneOf { name, .. } => {
            let title = title(name);
            format!("[{title}](#{})", anchor(&title))
        }
    }
}

/// The `///` lines of a doc as one paragraph.
fn paragraph(doc: &str) -> String {
    doc.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// What in `value` differs from `shape`, at `path`: a missing or unknown field, or a value of
/// another type.
fn check(value: &Value, shape: &Shape, path: &str, problems: &mut Vec<String>) {
    let mut wrong = |expected: &str| problems.push(format!("{path}: expected {expected}, found {value:?}"));
    let (is_text, is_markup) = (value.is_string() && !value.is_safe(), value.is_string() && value.is_safe());
    match shape {
        Shape::Text if !is_text => wrong("text"),
        Shape::Markup if !is_markup => wrong("markup"),
        Shape::Integer if !(value.is_i64() || value.is_u64()) => wrong("an integer"),
        Shape::Nothing if !value.is_none() => wrong("none"),
        Shape::Text | Shape::Markup | Shape::Integer | Shape::Nothing => {}
        Shape::Optional(inner) => {
            if !value.is_none() {
                check(value, inner, path, problems);
            }
        }
        Shape::List(inner) => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, inner, &format!("{path}[{i}]"), problems);
                }
            }
            None => wrong("a list"),
        },
        Shape::TextMap(inner) => match value.as_map() {
            Some(map) => {
                for (key, item) in map {
                    check(item, inner, &format!("{path}[{key}]"), problems);
                }
            }
            None => wrong("a map"),
        },
        Shape::Record { name, fields, .. } => {
            let Some(map) = value.as_map() else { return wrong(name) };
            let documented: BTreeSet<String> = fields.iter().map(|f| f.name.to_string()).collect();
            let present: BTreeSet<String> = map.keys().map(|k| k.to_string()).collect();
            for key in present.difference(&documented) {
                problems.push(format!("{path}.{key}: not in the reference of {name}"));
            }
            for field in fields {
                match map.get(&tera::value::Key::Str(field.name)) {
                    Some(item) => check(item, &field.shape, &format!("{path}.{}", field.name), problems),
                    None => problems.push(format!("{path}.{}: documented in {name}, missing", field.name)),
                }
            }
        }
        Shape::OneOf { name, members, .. } => {
            let fits = |member: &Shape| {
                let mut found = Vec::new();
                check(value, member, path, &mut found);
                found.is_empty()
            };
            if !members.iter().any(fits) {
                wrong(&format!("one of {name}"));
            }
        }
    }
}

/// Checks the `site` value and the `page` value of every page of the site at `root` against
/// the reference. Returns the templates its pages used.
fn check_site(root: &Path) -> BTreeSet<&'static str> {
    super::pages::with_pages(root, |pages| check_pages(root, pages))
}

fn check_pages(root: &Path, pages: &Pages) -> BTreeSet<&'static str> {
    let site = pages.site;
    let templates = page_templates();
    let mut problems = Vec::new();
    let site_value = super::pages::site_value(site, &super::asset_urls(site).unwrap()).unwrap();
    check(&site_value, &SiteData::shape(), "site", &mut problems);
    let mut used = BTreeSet::new();
    for output in plan::plan(site) {
        let OutputFile::Page(page) = output else { continue };
        let file = page.file(site);
        let template = page.template();
        let page = pages.value(page, &file).unwrap();
        used.insert(template);
        match templates.iter().find(|(t, _)| *t == template) {
            Some((_, shape)) => check(&page, shape, &format!("{file}: page"), &mut problems),
            None => problems.push(format!("{file}: `{template}` is not in the reference")),
        }
    }
    assert!(problems.is_empty(), "pages of {root:?} differ from the reference:\n{}", problems.join("\n"));
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reference_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        let written = reference();
        if std::env::var_os("BRIEF_BLESS").is_some() {
            std::fs::write(&path, &written).unwrap();
            return;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == written,
            "{FILE} differs from the template data's structs: run `BRIEF_BLESS=1 cargo test --lib template_reference` and commit it"
        );
    }

    #[test]
    fn every_field_of_the_reference_has_a_doc() {
        fn undocumented(shape: &Shape, out: &mut Vec<String>) {
            match shape {
                Shape::Record { name, doc, fields } => {
                    if paragraph(doc).is_empty() {
                        out.push(name.to_string());
                    }
                    for field in fields {
                        if paragraph(field.doc).is_empty() {
                            out.push(format!("{name}.{}", field.name));
                        }
                        undocumented(&field.shape, out);
                    }
                }
                Shape::OneOf { members, .. } => members.iter().for_each(|m| undocumented(m, out)),
                Shape::Optional(inner) | Shape::List(inner) | Shape::TextMap(inner) => undocumented(inner, out),
                Shape::Text | Shape::Markup | Shape::Integer | Shape::Nothing => {}
            }
        }
        let mut missing = Vec::new();
        undocumented(&SiteData::shape(), &mut missing);
        page_templates().iter().for_each(|(_, shape)| undocumented(shape, &mut missing));
        assert!(missing.is_empty(), "without a doc: {missing:?}");
    }

    #[test]
    fn the_reference_covers_every_template_but_the_layout() {
        let documented: BTreeSet<&str> = page_templates().iter().map(|(t, _)| *t).collect();
        let required: BTreeSet<&str> = plan::page_templates().into_iter().collect();
        assert_eq!(documented, required);
    }

    #[test]
    fn every_page_of_the_shipped_site_is_as_the_reference_says() {
        let used = check_site(Path::new(env!("CARGO_MANIFEST_DIR")));
        // Its editors are an author and some briefings are corrected, so it has every page;
        // the site below has what the shipped one does not (a photo, an ORCID, two authors).
        let documented: BTreeSet<&str> = page_templates().iter().map(|(t, _)| *t).collect();
        assert_eq!(used, documented, "the shipped site has a page of every template");
    }

    #[test]
    fn the_pages_of_authors_and_corrections_are_as_the_reference_says() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("content/site.yaml", "title: T\nbase_url: https://example.org/\npublisher: P\nseries: Policy Brief\n"),
            ("content/static/img/jane.jpg", "not really a picture"),
            (
                "content/authors/jane.md",
                "---\nname: Jane Doe\nrole: Fellow\naffiliation: Centre\nphoto: /img/jane.jpg\n\
                 website: https://example.org/jane\norcid: 0000-0002-1825-0097\nemail: jane@example.org\n---\nA bio.\n",
            ),
            ("content/authors/li.md", "---\nname: Li Wei\n---\n"),
            (
                "content/briefings/a.md",
                "---\ntitle: A\ndate: 2026-01-07\nauthors: [jane, li]\nnumber: 4\nchanges:\n  - date: 2026-01-09\n    \
                 note: Fixed.\n    kind: correction\n  - date: 2026-01-10\n    note: More.\n---\nText.\n",
            ),
            ("content/briefings/b.md", "---\ntitle: B\ndate: 2026-01-08\n---\nText.\n"),
        ];
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let used = check_site(dir.path());
        assert!(["author.html", "authors.html", "corrections.html"].iter().all(|t| used.contains(t)), "{used:?}");
    }

    #[test]
    fn every_page_of_a_generated_site_is_as_the_reference_says() {
        // Topics without a document of their own, and events of every precision.
        let spec = crate::corpus::CorpusSpec { briefings: 40, organizations: 12, topics: 8, events: 10 };
        let dir = tempfile::tempdir().unwrap();
        crate::corpus::write(&spec, dir.path()).unwrap();
        check_site(dir.path());
    }

    #[test]
    fn a_value_that_differs_from_its_shape_is_found() {
        let shape = Shape::record(
            "Thing",
            "A thing.",
            vec![
                Field { name: "name", doc: "Its name.", shape: Shape::Text },
                Field { name: "count", doc: "How many.", shape: Shape::Optional(Box::new(Shape::Integer)) },
            ],
        );
        let problems = |value: Value| {
            let mut found = Vec::new();
            check(&value, &shape, "page", &mut found);
            found
        };
        let map = |pairs: Vec<(&'static str, Value)>| {
            Value::from(pairs.into_iter().collect::<std::collections::BTreeMap<_, _>>())
        };
        assert!(problems(map(vec![("name", Value::from("a")), ("count", Value::none())])).is_empty());
        assert_eq!(problems(map(vec![("name", Value::from("a"))])), ["page.count: documented in Thing, missing"]);
        let extra =
            problems(map(vec![("name", Value::from("a")), ("count", Value::from(1)), ("more", Value::from(2))]));
        assert_eq!(extra, ["page.more: not in the reference of Thing"]);
        let safe = problems(map(vec![("name", Value::safe_string("<b>")), ("count", Value::from(1))]));
        assert_eq!(safe.len(), 1, "{safe:?}");
        assert!(safe[0].starts_with("page.name: expected text"), "{safe:?}");
    }
}
