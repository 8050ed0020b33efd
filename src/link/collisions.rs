//! Collisions: no two things may write the same output file.
//!
//! Takes: the gathered [`Site`]. Gives: an error (E052) for each file that two things would
//! write (a page named like a generated page, a static file where a page goes), naming both.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::PageRule;

use super::site::{Site, Target};

/// The pages and files brief generates besides the content's own pages: `(output file,
/// what it is)`. Render writes exactly these.
pub const GENERATED: &[(&str, &str)] = &[
    ("index.html", "the home page"),
    ("briefings/index.html", "the briefings index"),
    ("organizations/index.html", "the organizations index"),
    ("topics/index.html", "the topics index"),
    ("timeline/index.html", "the timeline"),
    ("sources/index.html", "the sources page"),
    ("search/index.html", "the search page"),
    ("404.html", "the not-found page"),
    ("atom.xml", "the Atom feed"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("search-index.json", "the search index"),
    ("organizations.json", "the organizations export"),
    ("timeline.json", "the timeline export"),
];

/// Reports every output file that two things would write.
pub(super) fn check(site: &Site, diagnostics: &mut Diagnostics) {
    let mut writers: HashMap<String, String> = HashMap::new();
    let mut claim = |file: String, who: String, at: Option<&Path>, diagnostics: &mut Diagnostics| {
        if let Some(first) = writers.get(&file) {
            let message = format!("{who} and {first} both write `{file}`");
            let d = Diagnostic::error("E052", at.map_or_else(|| PathBuf::from("content"), Path::to_path_buf), message)
                .with_help("rename one of them");
            diagnostics.push(d);
        } else {
            writers.insert(file, who);
        }
    };
    for (file, what) in GENERATED {
        claim(file.to_string(), what.to_string(), None, diagnostics);
    }
    for linked in site.docs.iter() {
        let doc = &linked.document;
        match doc.kind.spec().pages {
            PageRule::Own { .. } => {
                let file = format!("{}index.html", linked.path);
                claim(file, format!("`{}`", display_path(&doc.path)), Some(&doc.path), diagnostics);
            }
            // A topic's file writes its topic's page, claimed below; an entry writes none.
            PageRule::PerTopic { .. } | PageRule::Entry { .. } => {}
        }
    }
    for (id, topic) in site.topics.enumerate() {
        claim(
            format!("{}index.html", site.path_of(Target::Topic(id))),
            format!("the topic `{}`", topic.slug),
            None,
            diagnostics,
        );
    }
    for file in &site.static_files {
        let shown = format!("content/static/{}", file.url_path);
        claim(file.url_path.clone(), format!("`{shown}`"), Some(Path::new(&shown)), diagnostics);
    }
    // A site's own static files replace the theme's of the same name; that is not a clash.
    let overridden: HashSet<&str> = site.static_files.iter().map(|f| f.url_path.as_str()).collect();
    for file in site.theme.static_files.keys().filter(|f| !overridden.contains(f.as_str())) {
        claim(file.clone(), format!("the theme's `static/{file}`"), None, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use crate::link::testing::link;

    #[test]
    fn a_page_named_like_a_generated_page_collides_with_it() {
        let (_, found) = link(&[
            ("pages/timeline.md", "---\ntitle: T\n---\n"),
            ("pages/briefings.md", "---\ntitle: B\n---\n"),
            ("pages/fine.md", "---\ntitle: F\n---\n"),
        ]);
        let messages: Vec<(&str, String)> = found.iter().map(|d| (d.code, d.file.display().to_string())).collect();
        assert_eq!(
            messages,
            [("E052", "content/pages/timeline.md".into()), ("E052", "content/pages/briefings.md".into())]
        );
        assert_eq!(
            found.iter().next().map(|d| d.message.as_str()),
            Some("`content/pages/timeline.md` and the timeline both write `timeline/index.html`")
        );
    }

    #[test]
    fn a_site_of_distinct_names_has_no_collision() {
        let (_, found) = link(&[
            ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\ntopics: [a]\n---\n"),
            ("organizations/a.md", "---\nname: A\n---\n"),
            ("pages/a.md", "---\ntitle: A\n---\n"),
        ]);
        assert!(found.iter().all(|d| d.code != "E052"), "{found:?}");
    }
}
