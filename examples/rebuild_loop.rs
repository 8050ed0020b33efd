//! Rebuilds a site in one process as `brief serve` does and prints each rebuild's time: a
//! first full build, then edits to one briefing's body (the quick way), then a change to its
//! front matter (the long way), each undone at the end. For profiling by hand.
//!
//!     cargo run --release --example rebuild_loop -- ROOT [TIMES]

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let times: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(5);
    let options = brief::load::LoadOptions { root: root.clone(), ..Default::default() };
    let mut builder = brief::incremental::Incremental::new(options);
    report("first build", &mut builder, &[]);

    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/briefings"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let Some(file) = files.get(files.len() / 2).cloned() else {
        eprintln!("no briefings in {}", root.display());
        return;
    };
    let original = std::fs::read_to_string(&file).unwrap_or_default();
    for i in 0..times {
        std::fs::write(&file, format!("{original}\nAn added sentence, number {i}.\n")).ok();
        report(&format!("body edit {i}"), &mut builder, std::slice::from_ref(&file));
    }
    std::fs::write(&file, original.replacen("title: ", "title: Retitled ", 1)).ok();
    report("title edit", &mut builder, std::slice::from_ref(&file));
    std::fs::write(&file, &original).ok();
    report("undo", &mut builder, std::slice::from_ref(&file));
}

fn report(what: &str, builder: &mut brief::incremental::Incremental, changed: &[PathBuf]) {
    let started = Instant::now();
    let built = builder.build(changed);
    let how = builder.last_rebuild();
    println!(
        "{what}: {} ms ({} errors, {} files rendered{})",
        started.elapsed().as_millis(),
        built.diagnostics.error_count(),
        how.rendered,
        if how.bodies_only { ", bodies only" } else { "" }
    );
}
