//! A soak of `brief serve` in a real headless Chromium, on a copy of the shipped site: 300
//! page loads across every kind of page, back and forward through the history, and 100
//! reloads in a second tab at the same time, while a writer edits a briefing every 400 ms so
//! that loads race with rebuilds and live reloads. Every load must reach its `load` event and
//! every request it makes must be answered: one that is not fails the test by its URL.
//! Skipped with a notice where Chromium is not installed (it is in CI).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::browser::Browser;
use common::serve::Preview;
use common::shipped_site;

/// How long one load may take; a request the server left unanswered takes for ever.
const LOAD_TIMEOUT: Duration = Duration::from_secs(10);
const PAGE_LOADS: usize = 300;
const RELOADS: usize = 100;
/// A back and a forward after every this many loads.
const HISTORY_EVERY: usize = 10;
const EDIT_EVERY: Duration = Duration::from_millis(400);

/// The URL path of every page of the shipped site, by kind (the first folder, `home` for the
/// home page), plus a page that does not exist.
fn pages_by_kind() -> BTreeMap<String, Vec<String>> {
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in shipped_site().files.keys() {
        let Some(folder) = file.strip_suffix("index.html") else { continue };
        let kind = folder.split('/').next().filter(|k| !k.is_empty()).unwrap_or("home");
        kinds.entry(kind.to_string()).or_default().push(format!("/{folder}"));
    }
    kinds.insert("missing".into(), vec!["/no-such-page/".into()]);
    kinds
}

/// `PAGE_LOADS` paths taking each kind in turn, and each page of a kind in turn.
fn load_order(kinds: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let lists: Vec<&Vec<String>> = kinds.values().collect();
    (0..PAGE_LOADS)
        .map(|i| {
            let list = lists[i % lists.len()];
            list[(i / lists.len()) % list.len()].clone()
        })
        .collect()
}

/// Edits the site's briefings every [`EDIT_EVERY`] until `stop`: mostly body edits (the quick
/// rebuild), every third a changed summary (front matter, a full relink). Returns the number of
/// edits; the files are put back as they were.
fn edit_until(root: &Path, stop: &AtomicBool, made: &AtomicUsize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/briefings"))
        .expect("briefings")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let originals: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).expect("briefing")).collect();
    let mut edit = 0;
    while !stop.load(Ordering::Relaxed) {
        let which = edit % files.len();
        let original = &originals[which];
        let text = if edit % 3 == 2 {
            original.replacen("summary: \"", &format!("summary: \"(Revision {edit}.) "), 1)
        } else {
            format!("{original}\nA sentence added while the soak runs, number {edit}.\n")
        };
        std::fs::write(&files[which], text).expect("edit a briefing");
        edit += 1;
        made.store(edit, Ordering::Relaxed);
        std::thread::sleep(EDIT_EVERY);
    }
    for (file, original) in files.iter().zip(&originals) {
        std::fs::write(file, original).expect("restore a briefing");
    }
}

#[test]
fn every_load_reload_and_history_step_in_two_tabs_completes_while_briefings_change() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = common::copy_site(common::repository());
    let preview = Preview::start(site.path(), &[]);
    let kinds = pages_by_kind();
    assert!(kinds.len() >= 9, "the shipped site has only these kinds of page: {:?}", kinds.keys());
    let order = load_order(&kinds);
    let started = Instant::now();

    let stop = Arc::new(AtomicBool::new(false));
    let edits = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (root, stop, edits) = (site.path().to_path_buf(), stop.clone(), edits.clone());
        std::thread::spawn(move || edit_until(&root, &stop, &edits))
    };

    // The second tab reloads one page a hundred times, alongside the first.
    let mut second = browser.new_tab();
    second.watch_requests();
    let briefing = kinds["briefings"].iter().find(|p| p.len() > "/briefings/".len()).expect("a briefing").clone();
    second.load(&preview.url(&briefing), LOAD_TIMEOUT);
    let reloader = std::thread::spawn(move || {
        for _ in 0..RELOADS {
            second.reload(LOAD_TIMEOUT);
        }
        second
    });

    browser.watch_requests();
    let mut history_steps = 0;
    for (i, path) in order.iter().enumerate() {
        browser.load(&preview.url(path), LOAD_TIMEOUT);
        if i % HISTORY_EVERY == HISTORY_EVERY - 1 {
            browser.go(-1, LOAD_TIMEOUT);
            browser.go(1, LOAD_TIMEOUT);
            history_steps += 2;
        }
    }
    let second = reloader.join();
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("the writer");
    // A panic in the second tab is a failed reload; show it as such.
    if let Err(panic) = second {
        std::panic::resume_unwind(panic);
    }
    let edits = edits.load(Ordering::Relaxed);
    eprintln!(
        "soak: {PAGE_LOADS} loads of {} kinds of page, {history_steps} history steps and {RELOADS} reloads in a second tab, \
         {edits} edits, in {:.1} s",
        kinds.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(edits >= 20, "only {edits} edits were made during the soak");
    // The server lived through it and still serves the site.
    assert_eq!(preview.get("/").status, 200);
}
