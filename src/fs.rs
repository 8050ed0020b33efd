//! File-system helpers whose errors always name the path (after mdBook's `fs` module).
//!
//! Takes: paths. Gives: `std::fs` results whose error says what was attempted, on which path.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct FsError {
    pub action: &'static str,
    pub path: PathBuf,
    pub source: io::Error,
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot {} `{}`: {}", self.action, self.path.display(), self.source)
    }
}

impl std::error::Error for FsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub type Result<T> = std::result::Result<T, FsError>;

fn wrap<T>(action: &'static str, path: &Path, result: io::Result<T>) -> Result<T> {
    result.map_err(|source| FsError { action, path: path.to_path_buf(), source })
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    wrap("read", path, std::fs::read(path))
}

pub fn read_to_string(path: &Path) -> Result<String> {
    wrap("read", path, std::fs::read_to_string(path))
}

/// Writes `contents`, creating the parent folders first.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    wrap("write", path, std::fs::write(path, contents))
}

/// Writes `contents` only if the file does not exist yet.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let mut file = wrap("create", path, std::fs::OpenOptions::new().write(true).create_new(true).open(path))?;
    wrap("write", path, file.write_all(contents))
}

pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    wrap("copy", from, std::fs::copy(from, to).map(|_| ()))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    wrap("create folder", path, std::fs::create_dir_all(path))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    wrap("remove", path, std::fs::remove_dir_all(path))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    wrap("rename", from, std::fs::rename(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_and_the_action() {
        let err = read(Path::new("/no/such/file.md")).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("cannot read `/no/such/file.md`:"), "{text}");
    }

    #[test]
    fn write_new_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_new(&path, b"one").unwrap();
        assert!(write_new(&path, b"two").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
    }
}
