//! Output: where the files render makes go.
//!
//! Takes: each file as render makes it, by output path (`briefings/a/index.html`). Gives:
//! [`Body`], the contents of one file (made in memory, built into the binary, or a static file
//! copied from disk); [`Sink`], what render hands each file to: [`Collector`] for the preview
//! and tests, `write::Writer` for `build`, [`Discard`] for `check`; and [`Output`], the sorted
//! map a [`Collector`] fills, which `serve` answers requests from.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The contents of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Generated contents, shared so that the preview's next site can keep a page that did
    /// not change without copying it.
    Bytes(Arc<Vec<u8>>),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
    /// A static file copied from disk as it is.
    File(PathBuf),
}

impl Body {
    pub(crate) fn bytes(bytes: Vec<u8>) -> Body {
        Body::Bytes(Arc::new(bytes))
    }

    /// The contents, reading a copied file from disk (an error names that file).
    pub fn read(&self) -> crate::fs::Result<Cow<'_, [u8]>> {
        match self {
            Body::Bytes(b) => Ok(Cow::Borrowed(b.as_slice())),
            Body::BuiltIn(b) => Ok(Cow::Borrowed(b)),
            Body::File(path) => crate::fs::read_capped(path, crate::fs::STATIC_CAP).map(Cow::Owned),
        }
    }
}

/// Where rendered files go as they are made: memory for `serve` ([`Collector`]), the output
/// folder for `build` (`write::Writer`), nowhere for `check` ([`Discard`]). Called from
/// several threads at once.
pub trait Sink: Sync {
    /// Takes the file at `path` (`briefings/a/index.html`); an error names the file that could
    /// not be stored.
    fn put(&self, path: &str, body: Body) -> Result<(), crate::fs::FsError>;
}

/// Keeps every file in memory.
#[derive(Debug, Default)]
pub(crate) struct Collector(std::sync::Mutex<Output>);

impl Collector {
    pub(crate) fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collector {
    fn put(&self, path: &str, body: Body) -> Result<(), crate::fs::FsError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(path, body);
        Ok(())
    }
}

/// Keeps nothing: for checking a site without writing it.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Body) -> Result<(), crate::fs::FsError> {
        Ok(())
    }
}

/// A built site in memory, as `serve` answers from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Every file, by its path in the output folder (`briefings/a/index.html`), in order.
    pub files: BTreeMap<String, Body>,
}

impl Output {
    pub(crate) fn insert(&mut self, path: impl Into<String>, body: Body) {
        self.files.insert(path.into(), body);
    }

    /// The file at `path` in the output folder, if the site has one there.
    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    /// The text of a file made in memory: a page, a whole-site file, a file of the built-in
    /// theme (tests read pages this way). `None` when there is no such file, or when it is
    /// copied from disk, which only [`Body::read`] reads, reporting why it cannot.
    pub fn text(&self, path: &str) -> Option<String> {
        match self.files.get(path)? {
            Body::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Body::BuiltIn(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Body::File(_) => None,
        }
    }
}
