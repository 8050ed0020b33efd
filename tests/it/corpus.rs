//! The generated corpus (`brief gen-corpus`, `brief::corpus`): a site that builds with no
//! error, whose briefings cite from its 500-entry `references.bib`, every entry of which a
//! reader can find again (no W070).

use std::collections::BTreeSet;

use brief::corpus::{self, CorpusSpec};
use brief::load::LoadOptions;

#[test]
fn the_corpus_cites_from_its_bib_and_builds_with_no_error() {
    let dir = tempfile::tempdir().expect("folder");
    let spec = CorpusSpec { briefings: 60, organizations: 12, topics: 8, events: 10 };
    corpus::write(&spec, dir.path()).expect("write the corpus");
    let bib = std::fs::read_to_string(dir.path().join("content/references.bib")).expect("references.bib");
    let keys: BTreeSet<&str> = bib
        .lines()
        .filter(|l| l.starts_with('@') && !l.starts_with("@comment"))
        .filter_map(|l| l.split(['{', ',']).nth(1))
        .collect();
    assert_eq!(keys.len(), 500, "the keys of references.bib are not 500 and unique");

    for i in 0..spec.briefings {
        let text = std::fs::read_to_string(dir.path().join(format!("content/briefings/b{i:05}.md"))).expect("briefing");
        let cited: BTreeSet<&str> = text
            .split("[@")
            .skip(1)
            .flat_map(|mark| mark.split(']').next().unwrap_or_default().split("; @"))
            .map(|id| id.split(',').next().unwrap_or_default())
            .collect();
        assert!((2..=6).contains(&cited.len()), "b{i:05} cites {cited:?}");
        assert!(cited.iter().all(|id| keys.contains(id)), "b{i:05} cites what references.bib lacks: {cited:?}");
    }

    let built = brief::pipeline::build(&LoadOptions { root: dir.path().to_path_buf(), ..LoadOptions::default() });
    let report = built.diagnostics.render(false);
    assert_eq!(built.diagnostics.error_count(), 0, "{report}");
    // Only what the corpus means to have: organizations, topics nothing lists (W051–W053).
    let codes: BTreeSet<&str> = built.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.iter().all(|c| ["W051", "W052", "W053"].contains(c)), "{report}");
    let output = built.output.expect("the corpus is built");
    let page = |path: &str| {
        let body = output.files.get(path).unwrap_or_else(|| panic!("no {path}"));
        String::from_utf8(body.read().expect("its bytes").into_owned()).expect("UTF-8")
    };
    let briefing = page("briefings/b00000/index.html");
    assert!(briefing.contains("id=\"references\""), "a briefing has no reference list");
    // Every cited entry is on the sources page (uncited entries of an export are left out).
    let sources = page("sources/index.html");
    let first = std::fs::read_to_string(dir.path().join("content/briefings/b00000.md")).expect("briefing");
    for key in keys.iter().filter(|key| first.contains(&format!("@{key}"))) {
        assert!(sources.contains(&format!("id=\"{key}\"")), "{key} is not on the sources page");
    }
    assert!(briefing.contains("<span class=\"citation\">("), "citations read as the style writes them");
}
