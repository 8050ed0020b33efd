//! What earlier runs of `brief check --external` found, kept in `.brief-cache/links.json` of
//! the site so that a second run asks only about what is new or stale.
//!
//! Takes: the site's folder. Gives: the verdicts still fresh ([`LinkCache::fresh`]): a good
//! one for [`GOOD_TTL`], a bad one for [`BAD_TTL`] (a server down this morning may be up by
//! noon). A cache that cannot be read is a warning (W083) and is started afresh; one that
//! cannot be written is a warning too (W084): the check itself never fails because of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::probe::Verdict;
use crate::diagnostics::Diagnostic;

/// The cache's folder, at the root of the site; hidden, and never published.
pub(crate) const CACHE_DIR: &str = ".brief-cache";
/// The cache's file in [`CACHE_DIR`].
pub(crate) const CACHE_FILE: &str = "links.json";
/// How long an address that answered is trusted: a day.
pub const GOOD_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long an address that did not answer is left alone: an hour.
pub const BAD_TTL: Duration = Duration::from_secs(60 * 60);

/// The format of the file; a file of another version is started afresh.
const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    links: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// When it was asked, in seconds since 1970.
    checked: u64,
    #[serde(flatten)]
    verdict: Verdict,
}

/// The cache of one site, as read at the start of a run.
#[derive(Debug)]
pub(crate) struct LinkCache {
    path: PathBuf,
    links: BTreeMap<String, Entry>,
}

impl LinkCache {
    /// The cache of the site at `root`: empty when there is none, or (with W083) when it cannot
    /// be read.
    pub(crate) fn open(root: &Path) -> (LinkCache, Option<Diagnostic>) {
        let path = root.join(CACHE_DIR).join(CACHE_FILE);
        let shown = PathBuf::from(CACHE_DIR).join(CACHE_FILE);
        let mut cache = LinkCache { path, links: BTreeMap::new() };
        let text = match std::fs::read_to_string(&cache.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (cache, None),
            Err(e) => return (cache, Some(unreadable(shown, &e.to_string()))),
        };
        match serde_json::from_str::<CacheFile>(&text) {
            Ok(file) if file.version == VERSION => {
                cache.links = file.links;
                (cache, None)
            }
            Ok(file) => (cache, Some(unreadable(shown, &format!("it is of version {}", file.version)))),
            Err(e) => (cache, Some(unreadable(shown, &e.to_string()))),
        }
    }

    /// The verdict on `url` if it is still fresh at `now`.
    pub(crate) fn fresh(&self, url: &str, now: SystemTime) -> Option<&Verdict> {
        let entry = self.links.get(url)?;
        let ttl = if entry.verdict.is_good() { GOOD_TTL } else { BAD_TTL };
        let age = seconds(now).checked_sub(entry.checked)?;
        (age < ttl.as_secs()).then_some(&entry.verdict)
    }

    /// Keeps `verdict` on `url`, found at `now`.
    pub(crate) fn record(&mut self, url: &str, verdict: Verdict, now: SystemTime) {
        self.links.insert(url.to_string(), Entry { checked: seconds(now), verdict });
    }

    /// Writes the cache (through a temporary file, so a run stopped half-way leaves the old
    /// one); W084 when it cannot be written.
    pub(crate) fn save(self) -> Option<Diagnostic> {
        let file = CacheFile { version: VERSION, links: self.links };
        let result = (|| -> std::io::Result<()> {
            let dir = self.path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)?;
            let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
            let staged = dir.join(format!(".{CACHE_FILE}.{}", std::process::id()));
            std::fs::write(&staged, text)?;
            std::fs::rename(&staged, &self.path)
        })();
        result.err().map(|e| {
            Diagnostic::warning(
                "W084",
                PathBuf::from(CACHE_DIR).join(CACHE_FILE),
                format!("the cache of checked links could not be written: {e}"),
            )
            .with_help(format!("the next run asks every server again; check that {CACHE_DIR}/ can be written"))
        })
    }
}

fn unreadable(shown: PathBuf, why: &str) -> Diagnostic {
    Diagnostic::warning("W083", shown, format!("the cache of checked links cannot be read ({why}): it is ignored"))
        .with_help(format!("nothing to do: it is written afresh after this run (or delete {CACHE_DIR}/)"))
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_kept_for_their_time_to_live() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (mut cache, problem) = LinkCache::open(dir.path());
        assert!(problem.is_none());
        let then = UNIX_EPOCH + Duration::from_secs(1_000_000);
        cache.record("https://a.org/", Verdict::Alive, then);
        cache.record("https://b.org/", Verdict::Dead { why: "answered 404 Not Found".into() }, then);
        assert!(cache.save().is_none());
        let (cache, problem) = LinkCache::open(dir.path());
        assert!(problem.is_none());
        let later = then + Duration::from_secs(2 * 60 * 60);
        assert_eq!(cache.fresh("https://a.org/", later), Some(&Verdict::Alive));
        assert_eq!(cache.fresh("https://b.org/", later), None, "a failure is asked again after an hour");
        assert_eq!(cache.fresh("https://a.org/", then + GOOD_TTL), None);
        assert_eq!(cache.fresh("https://c.org/", then), None);
    }

    #[test]
    fn a_corrupted_cache_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(dir.path().join(CACHE_DIR)).expect("the cache folder");
        std::fs::write(dir.path().join(CACHE_DIR).join(CACHE_FILE), "{\"version\": 1, \"links\": [").expect("write");
        let (cache, problem) = LinkCache::open(dir.path());
        assert_eq!(problem.map(|d| d.code), Some("W083"));
        assert!(cache.links.is_empty());
    }
}
