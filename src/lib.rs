//! brief: a static site generator for policy briefings.
//!
//! The pipeline runs one way: [`load`] → [`parse`] → [`link`] → [`render`] → [`write`].
//! Each stage takes the previous stage's type and never reaches back.

pub mod cli;
pub mod corpus;
pub mod date;
pub mod diagnostics;
pub mod frontmatter;
pub mod fs;
pub mod incremental;
pub mod language;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod slugs;
pub mod suggest;
pub mod text;
pub mod theme;
pub mod write;

#[cfg(test)]
mod layers;
