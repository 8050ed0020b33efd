//! Write: the output to disk, all or nothing.
//!
//! Takes: an [`Output`] and the output folder. Gives: the folder replaced by the new site. The
//! new site is written to a staging folder beside the output folder and swapped in only once
//! every file is written; if anything fails, the output folder is left as it was.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::fs::{self, FsError};
use crate::output::{Body, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `output` into `out_dir`, replacing what was there.
pub fn write(output: &Output, out_dir: &Path) -> Result<WriteStats, FsError> {
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
    let stats = match write_all(output, &staging) {
        Ok(stats) => stats,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_in(&staging, out_dir, &parent, &name)?;
    Ok(stats)
}

fn write_all(output: &Output, dir: &Path) -> Result<WriteStats, FsError> {
    fs::create_dir_all(dir)?;
    // Folders first, once each, so the parallel writes below never race to create them.
    let mut folders: Vec<&str> = output.files.keys().filter_map(|p| p.rsplit_once('/').map(|(d, _)| d)).collect();
    folders.dedup();
    for folder in folders {
        fs::create_dir_all(&dir.join(folder))?;
    }
    let sizes: Result<Vec<u64>, FsError> = output
        .files
        .par_iter()
        .map(|(path, body)| {
            let target = dir.join(path);
            match body {
                Body::Bytes(bytes) => write_file(&target, bytes).map(|_| bytes.len() as u64),
                Body::BuiltIn(bytes) => write_file(&target, bytes).map(|_| bytes.len() as u64),
                Body::File(source) => {
                    fs::copy(source, &target)?;
                    Ok(std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0))
                }
            }
        })
        .collect();
    let sizes = sizes?;
    Ok(WriteStats { files: sizes.len(), bytes: sizes.iter().sum() })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    std::fs::write(path, bytes).map_err(|source| FsError { action: "write", path: path.to_path_buf(), source })
}

/// Replaces `out_dir` with `staging`: the old site moves aside, the new one moves in, and
/// the old one is removed. If the second move fails, the old site moves back.
fn swap_in(staging: &Path, out_dir: &Path, parent: &Path, name: &str) -> Result<(), FsError> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(out_dir, &old)?;
    if let Err(e) = fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        let _ = std::fs::remove_dir_all(staging);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        let mut out = Output::default();
        for (path, text) in files {
            out.insert(*path, Body::Bytes(text.as_bytes().to_vec()));
        }
        out
    }

    #[test]
    fn writes_every_file_and_replaces_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        write(&output(&[("index.html", "old"), ("gone/index.html", "x")]), &public).unwrap();
        let stats = write(&output(&[("index.html", "new"), ("a/b/index.html", "deep")]), &public).unwrap();
        assert_eq!(stats, WriteStats { files: 2, bytes: 7 });
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "new");
        assert!(!public.join("gone").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
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
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }
}
