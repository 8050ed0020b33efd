//! The integration tests, in one binary so that they run side by side in its threads: the
//! long waits (the preview's rebuilds and timeouts, the Chromium soak) overlap instead of
//! running one file after another. Each module was once a test binary of its own, under the
//! same name in `tests/`.

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
