//! The integration tests, in one binary so that they run side by side in its threads: the
//! long waits (the preview's rebuilds and timeouts, Chromium) overlap instead of running one
//! file after another. `.cargo/config.toml` gives the binary more threads than the machine
//! has cores, since most of its tests wait rather than compute.
//!
//! Content is checked with in-process builds (`TestSite::build`, `TestSite::check`); the real
//! `brief` binary runs only where the command line itself is under test (exit codes, what it
//! prints, flags, `serve`), always through `common::launch`.
//!
//! Each module was a test binary of its own, `tests/NAME.rs`, but for `browser_soak` (was
//! `tests/soak.rs`): the test runner starts tests in the order of their names, and the soak,
//! by far the longest, is named to start first so that everything else runs beside it.

#[path = "../common/mod.rs"]
mod common;

mod accessibility;
mod authors;
mod bibliography;
mod branding;
mod browser;
mod browser_soak;
mod changes;
mod citations;
mod cli;
mod content_lints;
mod corpus;
mod cross_links;
mod data_tables;
mod diagnostic_codes;
mod error_budget;
mod errors;
mod external_links;
mod feeds;
mod figures;
mod file_safety;
mod golden;
mod hostile_input;
mod house_style;
mod how_to_cite;
mod incremental;
mod key_points;
mod languages;
mod latency;
mod layout;
mod new_site;
mod notes;
mod output;
mod pages;
mod popovers;
mod root_causes;
mod safety;
mod serve;
mod serve_attacks;
mod shipped_content;
mod shipped_site;
mod smoke;
mod sources_page;
mod status_history;
mod template_errors;
mod themes;
mod validity;
mod vocabulary;
mod weight;
mod yaml_slips;
