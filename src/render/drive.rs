//! Drive: one pass over the files of an output plan, the same for a build and for the
//! preview's session.
//!
//! Takes: the files to make (from [`crate::link::plan`]), the pages' values, a [`Maker`] that
//! makes a page's bytes, a feed and a whole-site file, and a [`Sink`]. Gives: every file handed
//! to the sink as soon as it is made (pages in parallel; the feeds, the whole-site files and the
//! briefings' cite files alongside, handed over once every page is made; the static files
//! last), and every
//! problem: template errors grouped by template line, files that could not be made or stored.
//! Nothing in the sink is for use when a problem is an error.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::{Pages, how_to_cite};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::Site;
use crate::link::plan::{CiteFile, Feed, Generated, OutputFile, Page, Static};
use crate::output::{Body, Sink};
use crate::theme::ThemeFile;

/// How a pass makes files: afresh for a build, or reusing the last render's for a session.
pub(super) trait Maker: Sync {
    /// The bytes of `page`, written to `file`: `value` through its template.
    fn page(&self, page: Page, file: &str, value: Value) -> Result<Arc<Vec<u8>>, Diagnostic>;

    /// A whole-site file.
    fn generated(&self, generated: Generated) -> std::io::Result<Vec<u8>>;

    /// An Atom feed.
    fn feed(&self, feed: Feed) -> std::io::Result<Vec<u8>>;
}

/// Makes every file of `plan` and hands it to `sink`.
pub(super) fn drive(
    site: &Site,
    pages: &Pages<'_>,
    plan: &[OutputFile<'_>],
    maker: &dyn Maker,
    sink: &dyn Sink,
) -> Diagnostics {
    let mut page_files = Vec::new();
    let mut cite_files: Vec<CiteFile> = Vec::new();
    let mut generated = Vec::new();
    let mut statics = Vec::new();
    for output in plan {
        match *output {
            OutputFile::Page(page) => page_files.push(page),
            OutputFile::CiteFile(file) => cite_files.push(file),
            OutputFile::Feed(feed) => generated.push(Whole::Feed(feed)),
            OutputFile::Generated(file) => generated.push(Whole::Generated(file)),
            OutputFile::Static(file) => statics.push(file),
        }
    }
    let put =
        |file: &str, body: Body| sink.put(file, body).err().map(|e| Diagnostic::error("E061", file, e.to_string()));
    let render_pages = || -> Vec<Diagnostic> {
        page_files
            .par_iter()
            .filter_map(|&page| {
                let file = page.file(site);
                let made = pages.value(page, &file).and_then(|value| maker.page(page, &file, value));
                match made {
                    Ok(bytes) => put(&file, Body::Bytes(bytes)),
                    Err(failure) => Some(failure),
                }
            })
            .collect()
    };
    // The whole-site files and the cite files do not depend on the pages: make them alongside.
    // A cite file is a few hundred bytes from its briefing's front matter, made afresh each pass.
    let make_generated = || {
        let whole_site = || -> Vec<(String, std::io::Result<Vec<u8>>)> {
            generated
                .par_iter()
                .map(|&file| match file {
                    Whole::Feed(feed) => (feed.file(site), maker.feed(feed)),
                    Whole::Generated(file) => (file.file().to_string(), maker.generated(file)),
                })
                .collect()
        };
        let cited = || -> Vec<(String, Vec<u8>)> {
            cite_files.par_iter().map(|&file| (file.file(site), how_to_cite::file(site, file))).collect()
        };
        rayon::join(whole_site, cited)
    };
    let (failures, (made, cited)) = rayon::join(render_pages, make_generated);
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(group_template_errors(failures));
    if diagnostics.has_errors() {
        return diagnostics;
    }
    let mut files: Vec<(String, Body)> = Vec::with_capacity(made.len() + statics.len());
    for (file, bytes) in made {
        match bytes {
            Ok(bytes) => files.push((file, Body::bytes(bytes))),
            Err(e) => diagnostics.push(Diagnostic::error("E061", file, format!("cannot generate: {e}"))),
        }
    }
    if diagnostics.has_errors() {
        return diagnostics;
    }
    files.extend(statics.iter().map(|&file| (file.file().to_string(), copied(file))));
    let failures: Vec<Diagnostic> = files
        .into_par_iter()
        .filter_map(|(file, body)| put(&file, body))
        .chain(cited.into_par_iter().filter_map(|(file, bytes)| put(&file, Body::bytes(bytes))))
        .collect();
    diagnostics.extend(failures);
    diagnostics
}

/// A file made from more than one document: a feed, or a whole-site file.
#[derive(Debug, Clone, Copy)]
enum Whole {
    Feed(Feed),
    Generated(Generated),
}

/// A static file's contents, as they are.
pub(super) fn copied(file: Static<'_>) -> Body {
    match file {
        Static::Site(file) => Body::File(file.origin.clone()),
        Static::Theme(_, ThemeFile::BuiltIn(bytes)) => Body::BuiltIn(bytes),
        Static::Theme(_, ThemeFile::Disk(path)) => Body::File(path.clone()),
        // As read when the site was loaded: the tables shown were made from these bytes.
        // A file that could not be read stopped the build: it is never written.
        Static::Data(file) => file.bytes.clone().map_or(Body::BuiltIn(b""), Body::Bytes),
    }
}

/// One template error per template line, not one per page it broke.
fn group_template_errors(failures: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: Vec<(Diagnostic, usize)> = Vec::new();
    let mut index: HashMap<(std::path::PathBuf, Option<(usize, usize)>), usize> = HashMap::new();
    for d in failures {
        let key = (d.file.clone(), d.location.as_ref().map(|l| (l.line, l.column)));
        match index.get(&key) {
            Some(&i) => groups[i].1 += 1,
            None => {
                index.insert(key, groups.len());
                groups.push((d, 0));
            }
        }
    }
    groups
        .into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                d.message.push_str(&format!(" (and {} more {})", more, if more == 1 { "page" } else { "pages" }));
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::plan::plan;
    use crate::link::testing::link;
    use crate::output::Collector;
    use crate::render::tests::bodies;
    use crate::render::values::Values;
    use crate::render::{Build, load_templates};

    #[test]
    fn one_template_line_that_breaks_many_pages_is_one_error() {
        let error = |file: &str| Diagnostic::error("E060", file, "boom");
        let grouped = group_template_errors(vec![error("a.html"), error("a.html"), error("b.html"), error("a.html")]);
        let messages: Vec<String> = grouped.iter().map(|d| format!("{}: {}", d.file.display(), d.message)).collect();
        assert_eq!(messages, ["a.html: boom (and 2 more pages)", "b.html: boom"]);
    }

    /// A build's maker that fails on the page written to `page` and on the whole-site file
    /// `generated`, and on the site's feed when `generated` is none and `feed` is set.
    struct Failing<'a> {
        build: Build<'a>,
        page: &'a str,
        generated: Option<Generated>,
        feed: Option<Feed>,
    }

    impl Maker for Failing<'_> {
        fn page(&self, page: Page, file: &str, value: Value) -> Result<Arc<Vec<u8>>, Diagnostic> {
            if file == self.page {
                return Err(Diagnostic::error("E060", "briefing.html", format!("while rendering `{file}`: boom")));
            }
            self.build.page(page, file, value)
        }

        fn generated(&self, generated: Generated) -> std::io::Result<Vec<u8>> {
            if Some(generated) == self.generated {
                return Err(std::io::Error::other("out of ink"));
            }
            self.build.generated(generated)
        }

        fn feed(&self, feed: Feed) -> std::io::Result<Vec<u8>> {
            if Some(feed) == self.feed {
                return Err(std::io::Error::other("out of ink"));
            }
            self.build.feed(feed)
        }
    }

    /// A sink that stores every file but `refused`.
    #[derive(Default)]
    struct Refusing {
        refused: &'static str,
        kept: Collector,
    }

    impl Sink for Refusing {
        fn put(&self, path: &str, body: Body) -> Result<(), crate::fs::FsError> {
            if path == self.refused {
                let cause = std::io::Error::other("disk full");
                return Err(crate::fs::FsError { action: "write", path: path.into(), cause });
            }
            self.kept.put(path, body)
        }
    }

    const SITE: &[(&str, &str)] = &[
        ("briefings/a.md", "---\ntitle: A\ndate: 2026-01-07\n---\nText.\n"),
        ("briefings/b.md", "---\ntitle: B\ndate: 2026-01-08\n---\nText.\n"),
    ];

    /// Drives a build of [`SITE`] whose maker fails on `page` and `generated`, into `sink`.
    fn drive_failing(page: &str, generated: Option<Generated>, feed: Option<Feed>, sink: &dyn Sink) -> Vec<String> {
        let (site, _) = link(SITE);
        let tera = load_templates(&site).expect("the templates");
        let bodies = bodies(&site);
        let values = Values::build(&site, &bodies).expect("the cards");
        let pages = Pages { site: &site, values: &values, bodies: &bodies };
        let maker = Failing { build: Build { tera: &tera, site: &site, bodies: &bodies }, page, generated, feed };
        let problems = drive(&site, &pages, &plan(&site), &maker, sink);
        problems.iter().map(|d| format!("{} {}: {}", d.code, d.file.display(), d.message)).collect()
    }

    #[test]
    fn a_page_that_cannot_be_made_stops_the_whole_site_and_static_files() {
        let collector = Collector::default();
        let problems = drive_failing("briefings/a/index.html", None, None, &collector);
        assert_eq!(problems, ["E060 briefing.html: while rendering `briefings/a/index.html`: boom"]);
        let stored = collector.into_output();
        assert!(stored.get("briefings/b/index.html").is_some());
        assert!(stored.get("atom.xml").is_none() && stored.get("css/site.css").is_none(), "{:?}", stored.files.keys());
    }

    #[test]
    fn a_whole_site_file_that_cannot_be_made_is_an_error_naming_it() {
        let problems = drive_failing("", Some(Generated::Sitemap), None, &Collector::default());
        assert_eq!(problems, ["E061 sitemap.xml: cannot generate: out of ink"]);
        let problems = drive_failing("", None, Some(Feed::Site), &Collector::default());
        assert_eq!(problems, ["E061 atom.xml: cannot generate: out of ink"]);
    }

    #[test]
    fn a_file_that_cannot_be_stored_is_an_error_naming_it_and_the_others_are_stored() {
        let sink = Refusing { refused: "sitemap.xml", ..Refusing::default() };
        let problems = drive_failing("", None, None, &sink);
        assert_eq!(problems, ["E061 sitemap.xml: cannot write `sitemap.xml`: disk full"]);
        let stored = sink.kept.into_output();
        assert!(stored.get("atom.xml").is_some() && stored.get("briefings/a/index.html").is_some());
    }
}
