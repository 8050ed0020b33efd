//! Write: the output to disk, all or nothing, touching only what changed.
//!
//! Takes: files as render produces them (a [`Writer`] is an output [`Sink`]) and the output
//! folder. Gives: the folder holding exactly the new site.
//!
//! A file whose bytes are already in the output folder is not written again; a new or changed
//! one goes to a staging folder beside the output folder. Only once the whole build has
//! succeeded does [`Writer::commit`] move the staged files into place and delete the files the
//! site no longer has. If the build fails, [`Writer::abandon`] removes the staging folder and
//! the output folder is left byte for byte as it was. A rebuild of an unchanged site therefore
//! writes nothing, and no old copy of the site is deleted on the way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs::{self, FsError};
use crate::output::{Body, Output, Sink};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files the site has.
    pub files: usize,
    pub bytes: u64,
    /// Files written or replaced (the rest were already there, unchanged).
    pub written: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

/// Writes a site into an output folder; see the module header.
#[derive(Debug)]
pub struct Writer {
    out_dir: PathBuf,
    staging: PathBuf,
    /// Files already in the output folder, by site path, with their sizes. `None` when the
    /// output folder does not exist yet: then the staging folder becomes it whole. Read on a
    /// thread of its own while the site builds, and waited for at the first file put.
    existing: Option<Existing>,
    /// Every file put: its site path, its size, and whether it was staged (new or changed).
    produced: std::sync::Mutex<Vec<Produced>>,
}

impl Writer {
    /// Prepares to write into `out_dir`: reads what it holds and makes an empty staging
    /// folder beside it.
    pub fn open(out_dir: &Path) -> Result<Writer, FsError> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out_dir.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir_all(&staging)?;
        let existing = out_dir.is_dir().then(|| Existing::scan(out_dir));
        Ok(Writer { out_dir: out_dir.to_path_buf(), staging, existing, produced: std::sync::Mutex::new(Vec::new()) })
    }

    /// Whether the output folder already holds exactly `bytes` at `path`.
    fn unchanged(&self, path: &str, bytes: &[u8]) -> Result<bool, FsError> {
        let Some(existing) = &self.existing else { return Ok(false) };
        if existing.files()?.get(path) != Some(&(bytes.len() as u64)) {
            return Ok(false);
        }
        Ok(std::fs::read(self.out_dir.join(path)).is_ok_and(|old| old == bytes))
    }

    /// Moves the staged files into the output folder and removes the files the site no
    /// longer has.
    pub fn commit(self) -> Result<WriteStats, FsError> {
        let produced = std::mem::take(&mut *self.produced.lock().unwrap_or_else(|e| e.into_inner()));
        let files = produced.len();
        let bytes = produced.iter().map(|p| p.size).sum();
        let Some(existing) = &self.existing else {
            fs::rename(&self.staging, &self.out_dir)?;
            return Ok(WriteStats { files, bytes, written: files, removed: 0 });
        };
        let existing = existing.files()?;
        let mut written = 0;
        for path in produced.iter().filter(|p| p.staged).map(|p| &p.path) {
            let target = self.out_dir.join(path);
            make_room_for(&self.out_dir, &target)?;
            fs::rename(&self.staging.join(path), &target)?;
            written += 1;
        }
        let keep: std::collections::HashSet<&str> = produced.iter().map(|p| p.path.as_str()).collect();
        let mut removed = 0;
        let mut emptied: Vec<PathBuf> = Vec::new();
        for path in existing.keys().filter(|p| !keep.contains(p.as_str())) {
            let target = self.out_dir.join(path);
            if target.is_dir() {
                continue; // a new file's folder took its place
            }
            match std::fs::remove_file(&target) {
                Ok(()) => removed += 1,
                // Already gone with a folder that a new file replaced.
                Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {}
                Err(source) => return Err(FsError { action: "remove", path: target, source }),
            }
            emptied.extend(target.parent().map(Path::to_path_buf));
        }
        remove_empty_folders(&self.out_dir, emptied);
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(WriteStats { files, bytes, written, removed })
    }

    /// Drops everything staged; the output folder stays as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Sink for Writer {
    fn put(&self, path: &str, body: Body) -> Result<(), FsError> {
        let bytes = match &body {
            Body::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Body::BuiltIn(b) => std::borrow::Cow::Borrowed(*b),
            Body::File(source) => std::borrow::Cow::Owned(fs::read(source)?),
        };
        let staged = !self.unchanged(path, &bytes)?;
        if staged {
            let target = self.staging.join(path);
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder)?;
            }
            fs::write(&target, &bytes)?;
        }
        let produced = Produced { path: path.to_string(), size: bytes.len() as u64, staged };
        self.produced.lock().unwrap_or_else(|e| e.into_inner()).push(produced);
        Ok(())
    }
}

#[derive(Debug)]
struct Produced {
    path: String,
    size: u64,
    staged: bool,
}

/// Site paths of files with their sizes.
type FileSizes = HashMap<String, u64>;

/// The files of the output folder, being read on another thread.
#[derive(Debug)]
struct Existing {
    dir: PathBuf,
    scan: std::sync::Mutex<Option<std::thread::JoinHandle<Result<FileSizes, FsError>>>>,
    files: std::sync::OnceLock<Result<FileSizes, String>>,
}

impl Existing {
    fn scan(dir: &Path) -> Existing {
        let owned = dir.to_path_buf();
        Existing {
            dir: dir.to_path_buf(),
            scan: std::sync::Mutex::new(Some(std::thread::spawn(move || existing_files(&owned)))),
            files: std::sync::OnceLock::new(),
        }
    }

    fn files(&self) -> Result<&FileSizes, FsError> {
        let found = self.files.get_or_init(|| {
            let handle = self.scan.lock().unwrap_or_else(|e| e.into_inner()).take();
            match handle.map(std::thread::JoinHandle::join) {
                Some(Ok(Ok(files))) => Ok(files),
                Some(Ok(Err(e))) => Err(e.to_string()),
                _ => Err("the output folder could not be read".into()),
            }
        });
        found.as_ref().map_err(|message| FsError {
            action: "read",
            path: self.dir.clone(),
            source: std::io::Error::other(message.clone()),
        })
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its size.
fn existing_files(dir: &Path) -> Result<FileSizes, FsError> {
    let mut files = HashMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| FsError {
            action: "read",
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("folder loop")),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else { continue };
        let size = entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        files.insert(relative.to_string_lossy().replace('\\', "/"), size);
    }
    Ok(files)
}

/// Clears the way for a file at `target`: its folders exist, and neither a file where one of
/// them should be nor a folder where the file should be is in the way.
fn make_room_for(out_dir: &Path, target: &Path) -> Result<(), FsError> {
    if target.is_dir() {
        fs::remove_dir_all(target)?;
    }
    let Some(folder) = target.parent() else { return Ok(()) };
    let mut ancestor = folder;
    while ancestor != out_dir && ancestor.starts_with(out_dir) {
        if ancestor.is_file() {
            std::fs::remove_file(ancestor).map_err(|source| FsError {
                action: "remove",
                path: ancestor.to_path_buf(),
                source,
            })?;
            break;
        }
        match ancestor.parent() {
            Some(p) => ancestor = p,
            None => break,
        }
    }
    fs::create_dir_all(folder)
}

/// Removes the folders in `candidates`, and their parents up to `out_dir`, that are empty.
fn remove_empty_folders(out_dir: &Path, mut candidates: Vec<PathBuf>) {
    // Deepest first, so a parent is tried after its children.
    candidates.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    candidates.dedup();
    for folder in candidates {
        let mut current = folder.as_path();
        while current != out_dir && current.starts_with(out_dir) {
            if std::fs::remove_dir(current).is_err() {
                break; // not empty, or already gone
            }
            match current.parent() {
                Some(p) => current = p,
                None => break,
            }
        }
    }
}

/// Writes a whole in-memory `output` into `out_dir` (tests and callers that already hold
/// the site in memory).
pub fn write(output: &Output, out_dir: &Path) -> Result<WriteStats, FsError> {
    let writer = Writer::open(out_dir)?;
    let put: Result<(), FsError> = output.files.par_iter().try_for_each(|(path, body)| writer.put(path, body.clone()));
    match put {
        Ok(()) => writer.commit(),
        Err(e) => {
            writer.abandon();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        let mut out = Output::default();
        for (path, text) in files {
            out.insert(*path, Body::bytes(text.as_bytes().to_vec()));
        }
        out
    }

    fn leftovers(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect()
    }

    #[test]
    fn writes_every_file_and_replaces_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&output(&[("index.html", "old"), ("gone/index.html", "x")]), &public).unwrap();
        let stats = write(&output(&[("index.html", "new"), ("a/b/index.html", "deep")]), &public).unwrap();
        assert_eq!(stats, WriteStats { files: 2, bytes: 7, written: 2, removed: 1 });
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "new");
        assert!(!public.join("gone").exists());
        assert_eq!(leftovers(dir.path()), ["public"]);
    }

    #[test]
    fn unchanged_files_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&output(&[("index.html", "same"), ("a/index.html", "one")]), &public).unwrap();
        let before = std::fs::metadata(public.join("index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = write(&output(&[("index.html", "same"), ("a/index.html", "two")]), &public).unwrap();
        assert_eq!((stats.written, stats.removed), (1, 0));
        assert_eq!(std::fs::metadata(public.join("index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "two");
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&output(&[("a", "file"), ("b/index.html", "in a folder")]), &public).unwrap();
        write(&output(&[("a/index.html", "now a folder"), ("b", "now a file")]), &public).unwrap();
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "now a folder");
        assert_eq!(std::fs::read_to_string(public.join("b")).unwrap(), "now a file");
    }

    #[test]
    fn a_failed_write_leaves_the_old_site_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&output(&[("index.html", "old")]), &public).unwrap();
        let mut bad = output(&[("index.html", "new")]);
        bad.insert("missing.png", Body::File(dir.path().join("no-such-file.png")));
        let err = write(&bad, &public).unwrap_err();
        assert!(err.to_string().contains("no-such-file.png"), "{err}");
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "old");
        assert_eq!(leftovers(dir.path()), ["public"]);
    }
}
