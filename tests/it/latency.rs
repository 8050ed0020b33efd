//! How long from saving a briefing to the browser showing the change, through `brief serve`
//! and a headless Chromium. A measurement, not a test: run it by hand on the site to measure,
//! in release mode, and read the figures it prints:
//!
//!     BRIEF_LATENCY_SITE=/path/to/site cargo test --release --test it latency -- --ignored --nocapture
//!
//! The site is copied to a temporary folder first; the original is not touched.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::browser::Browser;
use common::serve::Preview;

const EDITS: usize = 7;

#[test]
#[ignore = "a measurement: run by hand with BRIEF_LATENCY_SITE set"]
fn save_to_visible_latency() {
    let Some(root) = std::env::var_os("BRIEF_LATENCY_SITE") else {
        eprintln!("set BRIEF_LATENCY_SITE to the root of the site to measure");
        return;
    };
    let Some(mut browser) = Browser::launch() else { return };
    let site = common::copy_site(Path::new(&root));
    let briefings = site.path().join("content/briefings");
    let mut files: Vec<_> =
        std::fs::read_dir(&briefings).expect("briefings").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let file = &files[files.len() / 2];
    let slug = file.file_stem().expect("stem").to_string_lossy().into_owned();
    let original = std::fs::read_to_string(file).expect("briefing");

    let started = Instant::now();
    let preview = Preview::start(site.path(), &[]);
    eprintln!("first build and start: {} ms", started.elapsed().as_millis());
    browser.open(&preview.url(&format!("/briefings/{slug}/")));

    let mut times = Vec::new();
    for edit in 0..EDITS {
        let marker = format!("Latency marker {edit}.");
        let saved = Instant::now();
        std::fs::write(file, format!("{original}\n{marker}\n")).expect("save");
        assert!(browser.wait_for(&format!("document.body.innerText.includes('{marker}')"), Duration::from_secs(120)));
        times.push(saved.elapsed().as_millis());
        std::thread::sleep(Duration::from_millis(300));
    }
    times.sort();
    eprintln!(
        "save → visible over {EDITS} edits of /briefings/{slug}/: median {} ms, min {} ms, max {} ms",
        times[EDITS / 2],
        times[0],
        times[EDITS - 1]
    );
}
