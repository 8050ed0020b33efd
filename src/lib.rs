//! brief: a static site generator for policy briefings.
//!
//! The pipeline runs one way: [`load`] → [`parse`] → [`link`] → [`render`] → [`write`].
//! Each stage takes the previous stage's type and never reaches back.

pub(crate) mod bibliography;
pub mod cli;
pub mod corpus;
pub(crate) mod data;
pub(crate) mod date;
pub mod diagnostics;
pub mod external;
pub(crate) mod frontmatter;
pub mod fs;
pub(crate) mod i18n;
pub mod incremental;
pub(crate) mod language;
pub(crate) mod link;
pub mod load;
pub(crate) mod markdown;
pub mod model;
pub mod output;
pub(crate) mod parse;
pub mod pipeline;
pub(crate) mod render;
pub(crate) mod serve;
pub(crate) mod slugs;
pub(crate) mod suggest;
pub(crate) mod text;
pub(crate) mod theme;
pub mod write;

#[cfg(test)]
mod layers;
