//! The integration tests, in one binary so that they run side by side in its threads: the
//! long waits (the preview's rebuilds and timeouts, Chromium) overlap instead of running one
//! file after another.
//!
//! Content is checked with in-process builds (`TestSite::build`, `TestSite::check`); the real
//! `brief` binary runs only where the command line itself is under test (exit codes, what it
//! prints, flags, `serve`), always through `common::launch`.
//!
//! Each module was a test binary of its own, `tests/NAME.rs`.

#[path = "../common/mod.rs"]
mod common;

mod accessibility;
mod browser;
mod citations;
mod cli;
mod content_lints;
mod cross_links;
mod diagnostic_codes;
mod error_budget;
mod errors;
mod file_safety;
mod hostile_input;
mod incremental;
mod latency;
mod output;
mod pages;
mod root_causes;
mod safety;
mod serve;
mod serve_attacks;
mod shipped_site;
mod smoke;
mod soak;
mod template_errors;
mod themes;
mod validity;
mod weight;
mod yaml_slips;
