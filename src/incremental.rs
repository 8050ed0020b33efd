//! Incremental: the pipeline run again after a change, redoing only what the change reaches.
//!
//! Takes: [`LoadOptions`] once, then after each change the paths the watcher saw. Gives: the
//! same [`Built`] a full build gives, byte for byte, for the preview server to publish.
//!
//! Two ways through, chosen per change:
//! - **Bodies**: every changed path is a document of the last good site whose front matter is
//!   unchanged and whose body has the same headings, links and citations. Nothing the link
//!   stage computes can change, so only those files are read and parsed, and the render
//!   session redoes their pages and the whole-site files.
//! - **Everything else** (new, renamed or deleted files, front matter, themes, `site.yaml`):
//!   the site is loaded and linked again, but only files whose text changed are parsed, only
//!   bodies whose inputs changed are rendered, and only pages whose `page` value changed go
//!   through their template.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{DocId, Site};
use crate::load::{self, ContentFile, LoadOptions};
use crate::parse::{self, ParseCache};
use crate::pipeline::{Built, Counts, Linked, StageClock, load_and_link};
use crate::render::Session;

/// How the last rebuild went, for the server's message and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuild {
    /// Only edited bodies were read and parsed; the site was not loaded or linked again.
    pub bodies_only: bool,
    /// Pages and whole-site files that went through a template or generator.
    pub rendered: usize,
}

/// Builds a site again and again, keeping what each build learned.
pub struct Incremental {
    options: LoadOptions,
    parse_cache: ParseCache,
    session: Option<Session>,
    /// The last build, when it succeeded: what the bodies-only way needs.
    last: Option<LastGood>,
    rebuild: Rebuild,
}

struct LastGood {
    site: Site,
    load_problems: Diagnostics,
    link_problems: Diagnostics,
    /// All of them, sorted, as the last build reported them.
    diagnostics: Diagnostics,
    /// Each document, by the absolute path of its file.
    by_file: HashMap<PathBuf, DocId>,
    counts: Counts,
}

impl Incremental {
    /// A builder for the site `options` name that has built nothing yet: its first
    /// [`build`](Incremental::build) is a full one.
    pub fn new(options: LoadOptions) -> Incremental {
        Incremental {
            options,
            parse_cache: ParseCache::default(),
            session: None,
            last: None,
            rebuild: Rebuild { bodies_only: false, rendered: 0 },
        }
    }

    /// How the last call to [`Incremental::build`] went.
    pub fn last_rebuild(&self) -> Rebuild {
        self.rebuild
    }

    /// Builds the site after `changed` (absolute paths, or relative to the working folder)
    /// changed; with no paths, or the first time, everything is looked at.
    pub fn build(&mut self, changed: &[PathBuf]) -> Built {
        let started = Instant::now();
        let mut built = match self.bodies_only(changed) {
            Some(built) => built,
            None => self.everything(),
        };
        built.elapsed = started.elapsed();
        built
    }

    /// The bodies-only way, or `None` when the change is not one it can take.
    fn bodies_only(&mut self, changed: &[PathBuf]) -> Option<Built> {
        let last = self.last.as_ref()?;
        if changed.is_empty() || self.session.is_none() {
            return None;
        }
        let mut edits = Vec::new();
        for path in changed {
            let path = absolute(path)?;
            let Some(&id) = last.by_file.get(&path) else {
                if self.was_transient(last, &path) {
                    continue;
                }
                return None;
            };
            let before = last.site.doc(id);
            // A file that cannot be read now is the full way's to report (E002), not skipped.
            let read = load::read_text(&self.options.root, &self.options.root.join(&before.path)).ok()?;
            if read.text == before.text {
                continue;
            }
            let file = ContentFile {
                kind: before.kind,
                taxonomy: before.taxonomy,
                slug: before.slug.clone(),
                path: read.path,
                text: read.text,
            };
            let (Some(after), problems) = parse::parse_file(file.clone(), &last.site.config) else {
                return None;
            };
            let front_matter_same = after.text[..after.body.start] == before.text[..before.body.start];
            if problems.iter().any(Diagnostic::is_error)
                || !front_matter_same
                || !after.outline.same_shape(&before.outline)
            {
                return None;
            }
            // Problems the link stage found in the body would move with the text: let a full
            // link find them again.
            let body_line = before.text[..before.body.start].matches('\n').count() + 1;
            let in_body =
                |d: &Diagnostic| d.file == before.path && d.location.as_ref().is_some_and(|l| l.line >= body_line);
            if last.link_problems.iter().any(in_body) {
                return None;
            }
            edits.push((id, file, after, problems));
        }

        let last = self.last.as_mut()?;
        let session = self.session.as_mut()?;
        if edits.is_empty() {
            // Saved without a change: the same site again.
            self.rebuild = Rebuild { bodies_only: true, rendered: 0 };
            let output = Some(session.output().clone());
            return Some(Built {
                output,
                diagnostics: last.diagnostics.clone(),
                counts: last.counts.clone(),
                elapsed: Default::default(),
            });
        }
        let ids: Vec<DocId> = edits.iter().map(|(id, ..)| *id).collect();
        // Usually the edited files' problems are as before, and so is the whole sorted list.
        let same_problems =
            edits.iter().all(|(_, file, _, problems)| self.parse_cache.problems(&file.path) == Some(problems));
        for (id, file, after, problems) in edits {
            last.site.docs[id].document = after.clone();
            self.parse_cache.insert(file, (Some(after), problems));
        }
        let rendered = match session.bodies_changed(&last.site, &ids) {
            Ok(true) => Ok(()),
            Ok(false) => session.render(&last.site),
            Err(problems) => Err(problems),
        };
        let mut diagnostics = if same_problems {
            last.diagnostics.clone()
        } else {
            let mut all = Diagnostics::new();
            all.extend(last.load_problems.iter().cloned());
            all.extend(self.parse_cache.diagnostics().cloned());
            all.extend(last.link_problems.iter().cloned());
            last.diagnostics = all.sorted();
            last.diagnostics.clone()
        };
        let counts = last.counts.clone();
        let output = match rendered {
            Ok(()) => Some(session.output().clone()),
            Err(problems) => {
                diagnostics.extend(problems);
                diagnostics = diagnostics.sorted();
                // The session no longer matches the site: the next change takes the long way.
                self.last = None;
                None
            }
        };
        self.rebuild = Rebuild { bodies_only: true, rendered: session.rendered() };
        Some(Built { output, diagnostics, counts, elapsed: Default::default() })
    }

    /// Whether `path`, which is not a document, is a file that came and went between two
    /// builds (`sed -i`'s or an editor's temporary file) and so changes nothing: it is gone,
    /// it was a file directly inside one of the content folders, which are still there, it
    /// was not Markdown, and the last build did not see it (it would have warned about it).
    fn was_transient(&self, last: &LastGood, path: &Path) -> bool {
        let Some(root) = absolute(&self.options.root) else { return false };
        let Ok(inside) = path.strip_prefix(&root) else { return false };
        let parts: Vec<&str> = inside.iter().filter_map(|p| p.to_str()).collect();
        let ["content", folder, name] = parts.as_slice() else { return false };
        let seen = last.load_problems.iter().chain(last.link_problems.iter()).any(|d| d.file == inside);
        last.site.config.folder_kind(folder).is_some()
            && !name.ends_with(".md")
            && !seen
            && root.join("content").join(folder).is_dir()
            && !path.exists()
    }

    /// Load, parse, link and render, each reusing what it can.
    fn everything(&mut self) -> Built {
        self.last = None;
        self.rebuild = Rebuild { bodies_only: false, rendered: 0 };
        let mut clock = StageClock::new();
        let parse_cache = &mut self.parse_cache;
        let linked = match load_and_link(&self.options, &mut clock, |loaded| parse::parse_with(loaded, parse_cache)) {
            Ok(linked) => linked,
            Err(problems) => {
                let diagnostics = problems.sorted();
                return Built { output: None, diagnostics, counts: Counts::default(), elapsed: Default::default() };
            }
        };
        let Linked { site, load_problems, parse_problems, link_problems, .. } = linked;
        let counts = Counts::of(&site);
        let mut diagnostics = load_problems.clone();
        diagnostics.extend(parse_problems);
        diagnostics.extend(link_problems.iter().cloned());
        let content_ok = !diagnostics.has_errors();
        // Pages are rendered even when the content has errors, to report template errors too.
        let rendered = match &mut self.session {
            Some(session) => session.render(&site),
            None => Session::new(&site).map(|session| {
                self.session = Some(session);
            }),
        };
        if let Err(problems) = rendered {
            diagnostics.extend(problems);
        }
        clock.lap("render");
        let session = self.session.as_ref();
        self.rebuild.rendered = session.map_or(0, Session::rendered);
        let output = match session {
            Some(session) if !diagnostics.has_errors() => Some(session.output().clone()),
            _ => None,
        };
        let diagnostics = diagnostics.sorted();
        if content_ok && output.is_some() {
            let by_file = site
                .docs
                .enumerate()
                .filter_map(|(id, linked)| Some((absolute(&self.options.root.join(&linked.document.path))?, id)))
                .collect();
            self.last = Some(LastGood {
                site,
                load_problems,
                link_problems,
                diagnostics: diagnostics.clone(),
                by_file,
                counts: counts.clone(),
            });
        }
        Built { output, diagnostics, counts, elapsed: Default::default() }
    }
}

/// `path` made absolute, with `.` and `..` taken out (without following links, as the
/// watcher reports paths).
fn absolute(path: &Path) -> Option<PathBuf> {
    let mut clean = PathBuf::new();
    for part in std::path::absolute(path).ok()?.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Some(clean)
}
