//! Watching: which changes on disk call for a rebuild.
//!
//! Takes: the site root. Gives: batches of changed paths, debounced (an editor's save is often
//! several events), with editor temp and swap files, hidden files and plain reads left out.
//! `--poll` uses polling for file systems whose native events are unreliable.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Config, Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::fs::is_ignored_name;

/// A batch of changes that calls for a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Change {
    pub(crate) paths: Vec<PathBuf>,
    /// Every changed file is a stylesheet.
    pub(crate) css_only: bool,
}

pub(super) struct SiteWatcher {
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    watching_themes: bool,
    debounce: Duration,
}

impl SiteWatcher {
    /// Watches `content/` and `themes/` under `root` (and `root` itself, to see `themes/`
    /// appear).
    pub(super) fn new(root: &Path, poll: bool, debounce: Duration) -> notify::Result<SiteWatcher> {
        let (tx, events) = mpsc::channel();
        let watcher: Box<dyn Watcher + Send> = if poll {
            Box::new(PollWatcher::new(tx, Config::default().with_poll_interval(Duration::from_millis(300)))?)
        } else {
            Box::new(RecommendedWatcher::new(tx, Config::default())?)
        };
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let mut site = SiteWatcher { watcher, events, root, watching_themes: false, debounce };
        site.watcher.watch(&site.root, RecursiveMode::NonRecursive)?;
        let content = site.root.join("content");
        if content.is_dir() {
            site.watcher.watch(&content, RecursiveMode::Recursive)?;
        }
        site.watch_themes();
        Ok(site)
    }

    fn watch_themes(&mut self) {
        let themes = self.root.join("themes");
        if !self.watching_themes && themes.is_dir() {
            self.watching_themes = self.watcher.watch(&themes, RecursiveMode::Recursive).is_ok();
        }
    }

    /// Blocks until a relevant change has happened and the files have been quiet for the
    /// debounce time. `None` when the watcher has stopped.
    pub(super) fn next_change(&mut self) -> Option<Change> {
        loop {
            let first = self.events.recv().ok()?;
            let mut paths = self.relevant(first);
            loop {
                match self.events.recv_timeout(self.debounce) {
                    Ok(event) => paths.extend(self.relevant(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.watch_themes();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let css_only = paths.iter().all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")));
                return Some(Change { paths, css_only });
            }
        }
    }

    fn relevant(&self, event: notify::Result<Event>) -> Vec<PathBuf> {
        let Ok(event) = event else { return Vec::new() };
        if !changes_content(&event.kind) {
            return Vec::new();
        }
        event.paths.into_iter().filter(|p| is_site_input(&self.root, p)).collect()
    }
}

/// Writes, creations, removals and renames; not reads, which every build does.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any | EventKind::Other => true,
    }
}

/// Whether `path` is one the site is built from: inside `content/` or `themes/`, and not an
/// editor's temporary file.
pub(super) fn is_site_input(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let mut parts = relative.iter();
    let top = parts.next().and_then(|p| p.to_str());
    if !matches!(top, Some("content" | "themes")) {
        return false;
    }
    // `.well-known` is the one hidden folder a site publishes (see `load`).
    relative
        .iter()
        .all(|part| (part == ".well-known" || !is_ignored_name(part)) && !is_editor_temp(&part.to_string_lossy()))
}

/// Files editors write next to the one being saved.
fn is_editor_temp(name: &str) -> bool {
    name == "4913" // vim checks that it may write a folder with this file
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crswap")
        || name.ends_with(".kate-swp")
        || name.contains(".sb-") // BBEdit and Sublime save through such files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_and_themes_count_and_temp_files_do_not() {
        let root = Path::new("/site");
        for yes in [
            "/site/content/briefings/a.md",
            "/site/content/site.yaml",
            "/site/content/data/arrears.csv",
            "/site/themes/x/static/css/a.css",
            "/site/content",
        ] {
            assert!(is_site_input(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/target/x",
            "/site/content/briefings/.a.md.swp",
            "/site/content/briefings/a.md~",
            "/site/content/briefings/#a.md#",
            "/site/content/briefings/4913",
            "/site/content/briefings/a.md___jb_tmp___",
            // A spreadsheet's lock file beside the CSV it has open.
            "/site/content/data/.~lock.arrears.csv#",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_site_input(root, Path::new(no)), "{no}");
        }
    }

    #[test]
    fn reads_do_not_trigger_rebuilds() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(AccessMode::Read))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::Both))));
    }

    #[test]
    fn a_saved_file_is_reported_once_after_the_debounce() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/briefings")).unwrap();
        let mut watcher = SiteWatcher::new(dir.path(), false, Duration::from_millis(100)).unwrap();
        let file = dir.path().join("content/briefings/a.md");
        std::fs::write(&file, "one").unwrap();
        std::fs::write(&file, "two").unwrap();
        std::fs::write(dir.path().join("content/briefings/.a.md.swp"), "x").unwrap();
        let change = watcher.next_change().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        assert_eq!(change.paths, vec![root.join("content/briefings/a.md")]);
        assert!(!change.css_only);
    }
}
