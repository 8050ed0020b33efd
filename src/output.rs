//! Output: the built site as files in memory.
//!
//! Takes: what render produced. Gives: a sorted map from output path (`briefings/a/index.html`)
//! to contents, which `build` writes to disk and `serve` answers requests from.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The contents of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
    /// A static file copied from disk as it is.
    File(PathBuf),
}

impl Body {
    /// The contents, reading a copied file from disk.
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Body::Bytes(b) => Ok(Cow::Borrowed(b)),
            Body::BuiltIn(b) => Ok(Cow::Borrowed(b)),
            Body::File(path) => std::fs::read(path).map(Cow::Owned),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Body>,
}

impl Output {
    pub fn insert(&mut self, path: impl Into<String>, body: Body) {
        self.files.insert(path.into(), body);
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text of a generated file (tests and the preview server read pages this way).
    pub fn text(&self, path: &str) -> Option<String> {
        match self.files.get(path)? {
            Body::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            other => other.read().ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
        }
    }
}
