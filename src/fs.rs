//! File-system helpers whose errors always name the path (after mdBook's `fs` module).
//!
//! Takes: paths. Gives: `std::fs` results whose error says what was attempted, on which path;
//! reads that accept only regular files under a size cap (a named pipe or `/dev/zero` never
//! hangs a build or fills memory); and [`walk`], the one walk of a folder of the site, which
//! never follows a symbolic link out of the site ([`allowed_folders`]).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A file-system operation that failed: what was attempted, on which path, and why. It prints
/// as ``cannot write `public/a.html`: Permission denied (os error 13)``.
#[derive(Debug)]
pub struct FsError {
    pub(crate) action: &'static str,
    pub(crate) path: PathBuf,
    /// What went wrong.
    pub(crate) cause: io::Error,
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot {} `{}`: {}", self.action, self.path.display(), self.cause)
    }
}

impl std::error::Error for FsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

pub(crate) type Result<T> = std::result::Result<T, FsError>;

fn wrap<T>(action: &'static str, path: &Path, result: io::Result<T>) -> Result<T> {
    result.map_err(|cause| FsError { action, path: path.to_path_buf(), cause })
}

/// The largest text file brief reads: a Markdown file, `site.yaml`, `sources.yaml`, a
/// template.
pub(crate) const TEXT_CAP: u64 = 16 * 1024 * 1024;
/// The largest static file brief copies: it is held in memory while the site is written.
pub(crate) const STATIC_CAP: u64 = 1024 * 1024 * 1024;

/// Opens a regular file for reading. Anything else (a named pipe, a device, a socket, a
/// folder) is refused without blocking, with an error that says what it is.
pub(crate) fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata)> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, so that opening a named pipe with no writer returns at once; the type
    // is then checked on the open file, so a swap between a check and the open changes
    // nothing.
    let file = wrap(
        "read",
        path,
        std::fs::OpenOptions::new().read(true).custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32).open(path),
    )?;
    let metadata = wrap("read", path, file.metadata())?;
    if !metadata.is_file() {
        let what = describe(metadata.file_type());
        return Err(FsError { action: "read", path: path.to_path_buf(), cause: not_a_file(what) });
    }
    Ok((file, metadata))
}

/// Reads a regular file of at most `cap` bytes, refusing anything else as [`open_regular`]
/// does.
pub(crate) fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let (file, metadata) = open_regular(path)?;
    if metadata.len() > cap {
        return Err(FsError { action: "read", path: path.to_path_buf(), cause: too_large(metadata.len(), cap) });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    wrap("read", path, file.take(cap + 1).read_to_end(&mut bytes))?;
    if bytes.len() as u64 > cap {
        return Err(FsError { action: "read", path: path.to_path_buf(), cause: too_large(bytes.len() as u64, cap) });
    }
    Ok(bytes)
}

fn not_a_file(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("it is {what}, not a file"))
}

fn too_large(size: u64, cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("it is {} MiB, more than the {} MiB brief reads", size.div_ceil(1 << 20), cap >> 20),
    )
}

/// What a file-system entry is, in words: "a named pipe", "a folder".
pub(crate) fn describe(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_file() {
        "a file"
    } else {
        "a special file"
    }
}

/// Reads a text file (see [`TEXT_CAP`]).
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    read_capped(path, TEXT_CAP)
}

/// Reads a text file as UTF-8.
pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| FsError {
        action: "read",
        path: path.to_path_buf(),
        cause: io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

/// Writes `contents`, creating the parent folders first.
pub(crate) fn write(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    wrap("write", path, std::fs::write(path, contents))
}

/// Writes `contents` only if the file does not exist yet.
pub(crate) fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let mut file = wrap("create", path, std::fs::OpenOptions::new().write(true).create_new(true).open(path))?;
    wrap("write", path, file.write_all(contents))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    wrap("create folder", path, std::fs::create_dir_all(path))
}

pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    wrap("remove", path, std::fs::remove_dir_all(path))
}

pub(crate) fn remove_file(path: &Path) -> Result<()> {
    wrap("remove", path, std::fs::remove_file(path))
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    wrap("rename", from, std::fs::rename(from, to))
}

/// `path` made absolute with every `..` and symbolic link resolved, as far as it exists; the
/// part that does not exist yet is resolved by its names alone.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match std::fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    resolved
}

/// Editor backups, swap files and hidden files are never part of a site.
pub(crate) fn is_ignored_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || is_editor_temporary(&name)
}

fn is_editor_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// What [`walk`] left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Skipped {
    /// A hidden file or folder (its name starts with `.`).
    Hidden(PathBuf),
    /// A symbolic link whose target lies outside the folders a walk may enter.
    OutsideLink { path: PathBuf, target: PathBuf },
    /// A symbolic link to nothing.
    BrokenLink(PathBuf),
    /// A symbolic link to a folder that holds it.
    Loop(PathBuf),
    /// An entry that could not be read.
    Unreadable { path: PathBuf, error: String },
}

/// The canonical folders that symbolic links may lead into: the two that make the site,
/// `content/` and `themes/` (either may itself be a link to a checkout elsewhere). A link to
/// anything else, the site's own root included, is never followed: the build and the preview
/// both publish only what these folders hold.
pub(crate) fn allowed_folders(root: &Path) -> Vec<PathBuf> {
    [root.join("content"), root.join("themes")].iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect()
}

/// Whether `target` is the folder that holds `link`, or one above it.
fn holds_link(target: &Path, link: &Path) -> bool {
    link.parent().and_then(|parent| std::fs::canonicalize(parent).ok()).is_some_and(|parent| parent.starts_with(target))
}

/// Every entry under `dir`, sorted by name, following symbolic links only where they lead
/// inside one of `allowed` (canonical folders: the site's `content/` and `themes/`), and never
/// to a folder that holds the link.
/// Hidden entries are left out, except `keep` (`static/.well-known`); editor temporaries are
/// left out without a word. The entries' types are those of the links' targets.
pub(crate) fn walk(dir: &Path, allowed: &[PathBuf], keep: Option<&Path>) -> (Vec<walkdir::DirEntry>, Vec<Skipped>) {
    let skipped = std::cell::RefCell::new(Vec::new());
    let inside = |target: &Path| allowed.iter().any(|base| target.starts_with(base));
    let admit = |entry: &walkdir::DirEntry| -> bool {
        let name = entry.file_name();
        if is_ignored_name(name) && keep != Some(entry.path()) {
            if name.to_string_lossy().starts_with('.') && !is_editor_temporary(&name.to_string_lossy()) {
                skipped.borrow_mut().push(Skipped::Hidden(entry.path().to_path_buf()));
            }
            return false;
        }
        if entry.path_is_symlink() {
            match std::fs::canonicalize(entry.path()) {
                // A link to a folder that holds it would publish the site inside itself; the
                // walk's own loop check sees only the folders it has walked through.
                Ok(target) if holds_link(&target, entry.path()) => {
                    skipped.borrow_mut().push(Skipped::Loop(entry.path().to_path_buf()));
                    return false;
                }
                Ok(target) if inside(&target) => {}
                Ok(target) => {
                    skipped.borrow_mut().push(Skipped::OutsideLink { path: entry.path().to_path_buf(), target });
                    return false;
                }
                Err(_) => {
                    skipped.borrow_mut().push(Skipped::BrokenLink(entry.path().to_path_buf()));
                    return false;
                }
            }
        }
        true
    };
    // The folder itself may be a link (a theme's `static/`, say): the same rule holds.
    match std::fs::canonicalize(dir) {
        Ok(target) if inside(&target) => {}
        Ok(target) => return (Vec::new(), vec![Skipped::OutsideLink { path: dir.to_path_buf(), target }]),
        Err(_) if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) => {
            return (Vec::new(), vec![Skipped::BrokenLink(dir.to_path_buf())]);
        }
        Err(_) => return (Vec::new(), Vec::new()),
    }
    let mut entries = Vec::new();
    let walker =
        walkdir::WalkDir::new(dir).min_depth(1).follow_links(true).sort_by_file_name().into_iter().filter_entry(admit);
    for entry in walker {
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let skip = if e.loop_ancestor().is_some() {
                    Skipped::Loop(path)
                } else if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    Skipped::BrokenLink(path)
                } else {
                    Skipped::Unreadable { path, error: e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()) }
                };
                skipped.borrow_mut().push(skip);
            }
        }
    }
    (entries, skipped.into_inner())
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
