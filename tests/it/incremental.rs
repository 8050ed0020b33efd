//! Rebuilds in `brief serve` are incremental: after each kind of change (a body edited, front
//! matter edited, files added, renamed and deleted, a broken file and its fix, the theme and
//! `site.yaml` changed) the incremental result equals a full build byte for byte, with the
//! same diagnostics, and a body edit re-renders only the pages that show it; so do long
//! random sequences of such edits.

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use brief::incremental::Incremental;
use brief::load::LoadOptions;
use brief::model::Kind;
use brief::pipeline::{self, Built};
use common::TestSite;

/// A small site whose documents refer to each other in every way a change can travel.
fn site() -> TestSite {
    TestSite::new()
        .sources("- id: memo\n  title: The Memorandum\n  publisher: Example Press\n  date: 2026-01-07\n")
        .organization("foc", "Freedom Online Coalition", "acronym: FOC\nus_status: withdrawal-announced\n")
        .organization("unu", "United Nations University", "us_status: member\n")
        .briefing(
            "exit",
            "summary: \"What the exit means.\"\norganizations: [foc]\ntopics: [spyware]\nauthors: [jane]\n",
            "## Background\n\nThe [[foc]] is leaving [@memo]. See [[withdrawal]].\n\n## What changes\n\nMuch.\n",
        )
        .briefing(
            "research",
            "organizations: [unu, foc]\ntopics: [spyware]\nsources: [memo]\n",
            "The [[unu]] stays.\n\nSee [[exit#background]].\n\n```table\ndata: arrears.csv\ncaption: Arrears\n```\n",
        )
        .file("content/data/arrears.csv", "Body,Arrears\nUN,\"1,500\"\nWHO,3\n")
        .file("content/data/members.csv", "Year,Members\n2025,193\n")
        .event("withdrawal", "2026-01-07", "organizations: [foc]\ntopics: [spyware]\n", "The memorandum is signed.\n")
        .file("content/topics/spyware.md", "---\ntitle: Spyware\n---\n\nTools that watch.\n")
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are. Read [[exit]].\n")
        .file("content/static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        .file("content/static/img/jane.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        .file(
            "content/authors/jane.md",
            "---\nname: Jane Doe\nrole: Fellow\naffiliation: Centre\nphoto: /img/jane.svg\n\
             orcid: 0000-0002-1825-0097\n---\n\nJane writes about spyware.\n",
        )
        .file("content/authors/li.md", "---\nname: Li Wei\n---\n\nLi writes about trade.\n")
        .file(
            "content/static/img/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"200\"><rect width=\"320\" height=\"200\"/></svg>\n",
        )
}

/// Drives an [`Incremental`] and checks each result against a full build.
struct Session {
    site: TestSite,
    options: LoadOptions,
    builder: Incremental,
}

impl Session {
    fn start(site: TestSite) -> Session {
        let options = LoadOptions { root: site.root().to_path_buf(), base_url: None, drafts: false };
        let mut session = Session { builder: Incremental::new(options.clone()), options, site };
        session.rebuild_matches_full_build(&[]);
        session
    }

    /// Rebuilds after `changed` (relative paths) changed and asserts that the result is
    /// the full build's. Returns the full build.
    fn rebuild_matches_full_build(&mut self, changed: &[&str]) -> Built {
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.site.path(p)).collect();
        self.rebuild_with_paths(&paths)
    }

    /// As [`Session::rebuild_matches_full_build`], with the paths exactly as given.
    fn rebuild_with_paths(&mut self, paths: &[PathBuf]) -> Built {
        let incremental = self.builder.build(paths);
        let full = pipeline::build(&self.options);
        assert_eq!(messages(&incremental), messages(&full), "diagnostics after changing {paths:?}");
        assert_eq!(incremental.counts, full.counts);
        match (&incremental.output, &full.output) {
            (Some(a), Some(b)) => {
                let (a, b) = (files(a), files(b));
                assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "files after {paths:?}");
                for (path, bytes) in &b {
                    assert!(a[path] == *bytes, "{path} differs from a full build after changing {paths:?}");
                }
            }
            (None, None) => {}
            (a, b) => panic!("after {paths:?}: incremental built {}, full built {}", a.is_some(), b.is_some()),
        }
        full
    }

    /// Replaces `from` with `to` in `relative`, then rebuilds after that one file changed.
    fn change(&mut self, relative: &str, from: &str, to: &str) -> Built {
        self.edit(relative, from, to);
        self.rebuild_matches_full_build(&[relative])
    }

    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.site.path(relative)).expect("read fixture");
        assert!(text.contains(from), "{relative} has no {from:?}");
        self.site.write(relative, text.replacen(from, to, 1).as_bytes());
    }

    fn bodies_only(&self) -> bool {
        self.builder.last_rebuild().bodies_only
    }

    fn rendered(&self) -> usize {
        self.builder.last_rebuild().rendered
    }
}

/// Every file of `output` with its bytes; a file the output names but that cannot be read
/// (a static file deleted from disk) shows as `<unreadable: …>`.
fn files(output: &brief::output::Output) -> BTreeMap<String, Vec<u8>> {
    output
        .files
        .iter()
        .map(|(path, body)| {
            let bytes = match body.read() {
                Ok(bytes) => bytes.into_owned(),
                Err(e) => format!("<unreadable: {e}>").into_bytes(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

fn messages(built: &Built) -> Vec<String> {
    let mut all: Vec<String> = built.diagnostics.iter().map(|d| d.render(false)).collect();
    all.sort();
    all
}

#[test]
fn a_body_edit_rerenders_only_its_page_the_feeds_carrying_it_and_the_search_index() {
    let mut s = Session::start(site());
    s.change("content/briefings/exit.md", "Much.", "Much more than before, and **bold**.");
    assert!(s.bodies_only());
    assert_eq!(
        s.rendered(),
        6,
        "the briefing's page, search-index.json, and the feeds carrying it: atom.xml, its organization's, its topic's \
         and its author's"
    );

    let full =
        s.change("content/briefings/exit.md", "## Background\n\n", "## Background\n\nA new first paragraph.\n\n");
    assert!(s.bodies_only());
    let page = full.output.expect("built").text("briefings/exit/index.html").expect("page");
    assert!(page.contains("A new first paragraph."), "{page}");
}

#[test]
fn a_save_through_a_temporary_file_still_takes_the_quick_way() {
    let mut s = Session::start(site().file("content/briefings/notes.txt", "Not content.\n"));
    // `sed -i` writes `sedXXXXXX` beside the file and renames it over the file.
    s.edit("content/briefings/exit.md", "Much.", "Much, via sed.");
    s.rebuild_matches_full_build(&["content/briefings/sedAb12Cd", "content/briefings/exit.md"]);
    assert!(s.bodies_only());
    // A file the last build warned about is not temporary: its removal changes the warnings.
    s.site.remove("content/briefings/notes.txt");
    s.edit("content/briefings/exit.md", "via sed", "via sed again");
    s.rebuild_matches_full_build(&["content/briefings/notes.txt", "content/briefings/exit.md"]);
    assert!(!s.bodies_only());
}

#[test]
fn body_edits_that_show_on_other_pages_reach_them() {
    let mut s = Session::start(site());
    // An organization's first paragraph is its summary on every list.
    let full =
        s.change("content/organizations/unu.md", "About United Nations University.", "A university of the UN system.");
    let output = full.output.expect("built");
    let shown: Vec<&String> =
        output.files.keys().filter(|f| output.text(f).is_some_and(|t| t.contains("UN system"))).collect();
    assert!(shown.len() > 2, "{shown:?}");
    // An event's text is on the timeline; a topic's on the topic index.
    s.change("content/timeline/withdrawal.md", "is signed.", "is signed in Washington.");
    s.change("content/topics/spyware.md", "Tools that watch.", "Software that watches.");
}

#[test]
fn edits_to_links_headings_and_front_matter_relink_the_site() {
    let mut s = Session::start(site());
    s.change("content/briefings/exit.md", "Much.", "Much; see [[research]].");
    assert!(!s.bodies_only(), "a new link changes backlinks");
    s.change("content/briefings/exit.md", "## What changes", "## What it changes");
    assert!(!s.bodies_only(), "a new heading id");
    let full =
        s.change("content/briefings/exit.md", "summary: \"What the exit means.\"", "summary: \"What leaving means.\"");
    assert!(!s.bodies_only());
    let home = full.output.expect("built").text("index.html").expect("home");
    assert!(home.contains("What leaving means."), "{home}");
    // Only the pages whose values changed go through their templates again.
    assert!(
        s.rendered() < full.counts.kinds[Kind::Briefing] + full.counts.kinds[Kind::Organization] + 10 + 6,
        "{}",
        s.rendered()
    );
}

#[test]
fn added_renamed_and_deleted_files_match_a_full_build() {
    let mut s = Session::start(site());
    s.site.write(
        "content/briefings/new.md",
        b"---\ntitle: A new briefing\ndate: 2026-02-01\norganizations: [unu]\nsources: [memo]\n---\n\nNew. See [[exit]].\n",
    );
    s.rebuild_matches_full_build(&["content/briefings/new.md"]);

    std::fs::rename(s.site.path("content/briefings/new.md"), s.site.path("content/briefings/renamed.md"))
        .expect("rename");
    let full = s.rebuild_matches_full_build(&["content/briefings/new.md", "content/briefings/renamed.md"]);
    let output = full.output.expect("built");
    assert!(output.get("briefings/renamed/index.html").is_some());
    assert!(output.get("briefings/new/index.html").is_none());

    s.site.remove("content/briefings/renamed.md");
    s.rebuild_matches_full_build(&["content/briefings/renamed.md"]);
    s.site.write("content/static/img/second.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    s.rebuild_matches_full_build(&["content/static/img/second.svg"]);
}

#[test]
fn a_broken_change_fails_like_a_full_build_and_its_fix_recovers() {
    let mut s = Session::start(site());
    let unu = std::fs::read_to_string(s.site.path("content/organizations/unu.md")).expect("read");
    s.site.remove("content/organizations/unu.md");
    let full = s.rebuild_matches_full_build(&["content/organizations/unu.md"]);
    assert!(full.output.is_none(), "a link to a deleted organization is an error");
    s.site.write("content/organizations/unu.md", unu.as_bytes());
    s.rebuild_matches_full_build(&["content/organizations/unu.md"]);

    // A body edit that breaks a link, then the quick way again once it is fixed.
    let full = s.change("content/briefings/exit.md", "See [[withdrawal]].", "See [[withdrawl]].");
    assert!(full.output.is_none());
    s.change("content/briefings/exit.md", "See [[withdrawl]].", "See [[withdrawal]].");
    s.change("content/briefings/exit.md", "Much.", "Much, again.");
    assert!(s.bodies_only());
}

#[test]
fn edits_to_authors_and_bylines_match_a_full_build() {
    let mut s = Session::start(site());
    // Each field of an author, shown on their page, on bylines and in metadata.
    let full = s.change("content/authors/jane.md", "name: Jane Doe", "name: Jane Q. Doe");
    let output = full.output.expect("built");
    assert!(output.text("briefings/index.html").expect("index").contains(">Jane Q. Doe</a>"));
    // Her name in the citation of each briefing she wrote, and in its cite files.
    assert!(output.text("briefings/exit/index.html").expect("page").contains("Doe, Jane Q. 2026."));
    assert!(output.text("briefings/exit/cite.bib").expect("BibTeX").contains("author = {Doe, Jane Q.},"));
    assert!(output.text("briefings/exit/cite.ris").expect("RIS").contains("AU  - Doe, Jane Q.\r\n"));
    s.change("content/authors/jane.md", "role: Fellow", "role: Senior Fellow");
    s.change("content/authors/jane.md", "affiliation: Centre", "affiliation: Institute");
    s.change("content/authors/jane.md", "photo: /img/jane.svg", "photo: /img/jane.svg\nwebsite: https://example.org/");
    s.change("content/authors/jane.md", "orcid: 0000-0002-1825-0097", "orcid: 0000-0002-1694-233X");
    s.change("content/authors/jane.md", "\n---\n\n", "\nemail: jane@example.org\n---\n\n");
    s.change("content/authors/jane.md", "Jane writes", "Jane Q. writes");
    assert!(s.bodies_only(), "a bio is a body");
    // A briefing's authors: added, reordered, removed.
    s.change("content/briefings/research.md", "sources: [memo]", "sources: [memo]\nauthors: [li, jane]");
    s.change("content/briefings/research.md", "authors: [li, jane]", "authors: [jane, li]");
    s.change("content/briefings/exit.md", "authors: [jane]", "authors: []");
    // A broken author, then fixed.
    let full = s.change("content/briefings/exit.md", "authors: []", "authors: [jame]");
    assert!(full.output.is_none());
    s.change("content/briefings/exit.md", "authors: [jame]", "authors: [jane]");
    // The publisher, the byline of briefings without authors.
    s.change("content/site.yaml", "title: ", "publisher: The Centre\ntitle: ");
    // The last authors go, and with them the authors index and its entry in the navigation.
    s.edit("content/briefings/exit.md", "authors: [jane]", "authors: []");
    s.edit("content/briefings/research.md", "authors: [jane, li]", "authors: []");
    std::fs::remove_file(s.site.path("content/authors/jane.md")).expect("remove");
    std::fs::remove_file(s.site.path("content/authors/li.md")).expect("remove");
    let full = s.rebuild_matches_full_build(&[
        "content/briefings/exit.md",
        "content/briefings/research.md",
        "content/authors/jane.md",
        "content/authors/li.md",
    ]);
    assert!(full.output.expect("built").text("authors/index.html").is_none());
    s.site.write("content/authors/li.md", b"---\nname: Li Wei\n---\n\nBack.\n");
    let full = s.rebuild_matches_full_build(&["content/authors/li.md"]);
    assert!(full.output.expect("built").text("authors/index.html").is_some());
}

#[test]
fn edits_to_what_a_briefing_is_cited_by_match_a_full_build() {
    let mut s = Session::start(site());
    let exit = "content/briefings/exit.md";
    let cite = |built: Built, file: &str| built.output.expect("built").text(file).expect("a cite file").to_string();
    let full = s.change(exit, "title: \"Briefing exit\"", "title: \"Leaving {the} FOC: 100% & more\"");
    assert!(
        cite(full, "briefings/exit/cite.bib")
            .contains("title = {{Leaving \\textbraceleft{}the\\textbraceright{} FOC: 100\\% \\& more}},")
    );
    let full = s.change(exit, "date: 2026-01-07", "date: 2025-11-30");
    assert!(cite(full, "briefings/exit/cite.ris").contains("ID  - exit-2025\r\n"));
    s.change(exit, "summary: \"What the exit means.\"", "summary: \"What leaving means.\"\nupdated: 2026-02-01");
    // The publisher is the author of a briefing without authors, and the series names its number.
    s.change("content/site.yaml", "title: ", "publisher: The Centre\nseries: Policy Brief\ntitle: ");
    let full = s.change(exit, "authors: [jane]", "authors: []\nnumber: 3");
    let bib = cite(full, "briefings/exit/cite.bib");
    assert!(
        bib.contains("author = {{The Centre}},") && bib.contains("type = {Policy Brief},\n  number = {3},"),
        "{bib}"
    );
    // A body edit leaves them as they were, and takes the quick way.
    s.change(exit, "Much.", "Much more.");
    assert!(s.bodies_only());
    let full =
        s.change("content/site.yaml", "base_url: https://example.org/", "base_url: https://example.org/reports/");
    assert!(cite(full, "briefings/exit/cite.bib").contains("url = {https://example.org/reports/briefings/exit/},"));
}

#[test]
fn edits_to_key_points_and_recommendations_match_a_full_build() {
    let mut s = Session::start(site());
    let exit = "content/briefings/exit.md";
    s.change(exit, "authors: [jane]", "authors: [jane]\nkey_points:\n  - It costs a seat.");
    s.change(exit, "  - It costs a seat.", "  - It costs a seat.\n  - It costs a voice.");
    s.change(exit, "It costs a voice.", "It costs a vote.");
    s.change(exit, "key_points:", "recommendations:\n  - Rejoin.\nkey_points:");
    // A bad item fails like a full build, and its fix recovers.
    let full = s.change(exit, "  - Rejoin.", "  - Rejoin: soon");
    assert!(full.output.is_none());
    s.change(exit, "  - Rejoin: soon", "  - \"Rejoin: soon.\"");
    s.change(exit, "summary: \"What the exit means.\"\n", "");
    s.change(exit, "key_points:\n  - It costs a seat.\n  - It costs a vote.\n", "");
    s.change(exit, "recommendations:\n  - \"Rejoin: soon.\"\n", "");
}

#[test]
fn edits_to_data_files_and_table_blocks_match_a_full_build() {
    let mut s = Session::start(site());
    let research = "content/briefings/research.md";
    let csv = "content/data/arrears.csv";
    // A cell, a row, a column that stops being numeric.
    let full = s.change(csv, "WHO,3", "WHO,4");
    let output = full.output.expect("built");
    assert!(output.text("briefings/research/index.html").expect("page").contains(">4</td>"));
    // The page showing it, the five whole-site files and the feeds, not every page.
    let feeds = output.files.keys().filter(|file| file.ends_with("atom.xml")).count();
    assert!(s.rendered() <= 6 + feeds, "a CSV edit re-renders the page showing it, not the site: {}", s.rendered());
    s.change(csv, "WHO,4\n", "WHO,4\nILO,12\n");
    s.change(csv, "ILO,12", "ILO,unknown");
    // Saved as a spreadsheet would: a byte-order mark and CRLF line ends.
    let text = std::fs::read_to_string(s.site.path(csv)).expect("read");
    s.site.write(csv, format!("\u{feff}{}", text.replace('\n', "\r\n")).as_bytes());
    s.rebuild_matches_full_build(&[csv]);
    // Broken, then fixed.
    let full = s.change(csv, "WHO,4", "WHO,4,5");
    assert!(full.output.is_none(), "a broken CSV fails");
    s.change(csv, "WHO,4,5", "WHO,4");
    // The block: its caption and source, another file, a link to it, a second block, gone.
    s.change(research, "caption: Arrears", "caption: Arrears by body");
    s.change(research, "caption: Arrears by body", "caption: Arrears by body\nsource: UN.");
    s.change(research, "data: arrears.csv", "data: members.csv");
    s.change(research, "The [[unu]] stays.", "The [[unu]] stays ([[#tbl-members]]).");
    s.change(research, "See [[exit#background]].", "See [[exit#background]].\n\n```table\ndata: arrears.csv\n```\n");
    s.change("content/pages/about.md", "Read [[exit]].", "Read [[exit]] and [[research#tbl-arrears]].");
    // A file the block names goes, then comes back.
    s.site.remove("content/data/members.csv");
    let full = s.rebuild_matches_full_build(&["content/data/members.csv"]);
    assert!(full.output.is_none(), "a table of a missing file fails");
    s.site.write("content/data/members.csv", b"Year,Members\n2025,193\n2026,192\n");
    s.rebuild_matches_full_build(&["content/data/members.csv"]);
    s.change(research, "([[#tbl-members]])", "");
    s.change(research, "```table\ndata: members.csv\ncaption: Arrears by body\nsource: UN.\n```\n", "");
}

#[test]
fn edits_to_changes_and_series_numbers_match_a_full_build() {
    let mut s = Session::start(site());
    let exit = "content/briefings/exit.md";
    let research = "content/briefings/research.md";
    // The first change: the section, the revision date everywhere.
    s.change(exit, "authors: [jane]", "authors: [jane]\nchanges:\n  - date: 2026-02-01\n    note: New data.");
    // The first correction: the corrections page appears.
    s.change(
        exit,
        "    note: New data.",
        "    note: New data.\n  - date: 2026-02-03\n    kind: correction\n    note: A typo.",
    );
    s.change(exit, "note: A typo.", "note: A name was misspelt.");
    s.change(exit, "date: 2026-02-03", "date: 2026-01-30");
    // A correction on another briefing, then a bad one fails like a full build and recovers.
    s.change(
        research,
        "sources: [memo]",
        "sources: [memo]\nchanges:\n  - date: 2026-03-01\n    kind: correction\n    note: Fixed.",
    );
    let full = s.change(research, "kind: correction", "kind: corection");
    assert!(full.output.is_none());
    s.change(research, "kind: corection", "kind: update");
    // `updated` set, then earlier than the latest change (an error), then removed.
    s.change(exit, "authors: [jane]", "updated: 2026-02-10\nauthors: [jane]");
    let full = s.change(exit, "updated: 2026-02-10", "updated: 2026-01-31");
    assert!(full.output.is_none());
    s.change(exit, "updated: 2026-01-31\n", "");
    // The last correction goes: so does the corrections page.
    s.change(exit, "  - date: 2026-01-30\n    kind: correction\n    note: A name was misspelt.\n", "");
    // Series numbers: without a series an error, then the series, a number, a duplicate.
    let full = s.change(exit, "authors: [jane]", "number: 3\nauthors: [jane]");
    assert!(full.output.is_none());
    s.change("content/site.yaml", "title: ", "series: Policy Brief\ntitle: ");
    s.change("content/site.yaml", "series: Policy Brief", "series: Working Paper");
    let full = s.change(research, "sources: [memo]", "sources: [memo]\nnumber: 3");
    assert!(full.output.is_none());
    s.change(research, "number: 3", "number: 4");
    s.change(exit, "number: 3\n", "");
    s.change("content/site.yaml", "series: Working Paper\n", "");
    let full = s.change(research, "number: 4", "number: 4");
    assert!(full.output.is_none(), "a number without a series");
    s.change(research, "number: 4\n", "");
}

#[test]
fn edits_to_status_histories_and_the_timeline_setting_match_a_full_build() {
    let mut s = Session::start(site());
    let foc = "content/organizations/foc.md";
    // A history arrives, agreeing with us_status, then takes its place.
    let history = "status_history:\n  - status: member\n    date: 2011-12-09\n  - status: withdrawal-announced\n    \
                   date: 2026-01-07\n    note: The memo.\n    source: memo\n";
    let full =
        s.change(foc, "us_status: withdrawal-announced\n", &format!("us_status: withdrawal-announced\n{history}"));
    assert!(full.output.expect("built").text("organizations/foc/index.html").expect("page").contains("status-history"));
    s.change(foc, "us_status: withdrawal-announced\n", "");
    // Each field of an entry, and the order they are written in.
    s.change(foc, "note: The memo.", "note: The memo <b>out</b>.");
    s.change(foc, "    source: memo\n", "");
    s.change(foc, "date: 2026-01-07", "date: 2026-01-08");
    s.change(foc, "status: withdrawal-announced", "status: withdrawn");
    s.change(foc, "  - status: member\n    date: 2011-12-09\n", "");
    s.change(foc, "status_history:\n", "status_history:\n  - status: member\n    date: 2011-12-09\n    source: memo\n");
    // A contradiction fails like a full build, and its fix recovers.
    let full = s.change(foc, "acronym: FOC\n", "acronym: FOC\nus_status: member\n");
    assert!(full.output.is_none());
    s.change(foc, "us_status: member\n", "");
    // The timeline setting, on and off, with an edit between.
    let full = s.change("content/site.yaml", "title: ", "timeline_status_changes: true\ntitle: ");
    assert!(full.output.expect("built").text("timeline/index.html").expect("timeline").contains("status-change"));
    s.change(foc, "date: 2026-01-08", "date: 2026-01-06");
    s.change(foc, "note: The memo <b>out</b>.", "note: Out.");
    s.change(
        "content/site.yaml",
        "timeline_status_changes: true\n",
        "timeline_status_changes: true\ntimeline_order: descending\n",
    );
    let full = s.change("content/site.yaml", "timeline_status_changes: true\n", "");
    assert!(!full.output.expect("built").text("timeline/index.html").expect("timeline").contains("status-change"));
    // The history goes.
    s.change(foc, "status_history:\n  - status: member\n    date: 2011-12-09\n    source: memo\n  - status: withdrawn\n    date: 2026-01-06\n    note: Out.\n", "");
}

#[test]
fn edits_to_figures_and_embeds_match_a_full_build() {
    let mut s = Session::start(site());
    let (exit, research) = ("content/briefings/exit.md", "content/briefings/research.md");
    s.change(exit, "Much.\n", "Much.\n\n![A chart of exits](/img/chart.svg)\nExits by year.\n");
    assert!(!s.bodies_only(), "a new figure is a new anchor");
    // Its caption, its alt text and a source line change only its page.
    s.change(exit, "Exits by year.", "Exits by *year*.");
    assert!(s.bodies_only());
    s.change(exit, "A chart of exits", "A bar chart of exits");
    s.change(exit, "Exits by *year*.\n", "Exits by *year*.\nSource: The memo.\n");
    assert!(s.bodies_only());
    // Linked from another page, the figure's number is its link text.
    s.change(research, "See [[exit#background]].", "See [[exit#background]] and [[exit#fig-chart]].");
    s.change(exit, "## Background\n", "## Background\n\n![An earlier chart](/img/chart.svg)\nFirst.\n");
    // The picture changes size.
    s.site.write(
        "content/static/img/chart.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 400\"/>\n",
    );
    s.rebuild_matches_full_build(&["content/static/img/chart.svg"]);
    // An embed: added, its caption edited, its host changed to one not allowed and back.
    s.change(
        exit,
        "Much.\n",
        "Much.\n\n```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: Exits\ncaption: Grew.\n```\n",
    );
    s.change(exit, "caption: Grew.", "caption: Grew fast.\nsource: The memo.\nheight: 300");
    assert!(s.bodies_only());
    let full = s.change(exit, "https://datawrapper.dwcdn.net/", "https://charts.example.net/");
    assert!(full.output.is_none(), "a host not on the list is an error");
    s.change("content/site.yaml", "title: ", "embed_hosts: [charts.example.net]\ntitle: ");
    s.change(
        "content/site.yaml",
        "embed_hosts: [charts.example.net]\n",
        "embed_hosts: [charts.example.net, datawrapper.dwcdn.net]\n",
    );
    s.change(exit, "https://charts.example.net/", "https://datawrapper.dwcdn.net/");
    s.change("content/site.yaml", "embed_hosts: [charts.example.net, datawrapper.dwcdn.net]\n", "");
    // A missing alt fails, and its fix recovers; a figure that loses its caption loses its
    // number and id, and a link to it fails once no figure has that id.
    let full = s.change(exit, "![An earlier chart]", "![]");
    assert!(full.output.is_none());
    s.change(exit, "![]", "![An earlier chart]");
    // The first figure loses its caption: the second takes its id and number.
    s.change(exit, "First.\n", "");
    let full = s.change(exit, "Exits by *year*.\nSource: The memo.\n", "");
    assert!(full.output.is_none(), "[[exit#fig-chart]] names no figure now");
    s.change(research, " and [[exit#fig-chart]]", "");
}

/// The language and the site's own strings reach every page, bodies included (their notes'
/// headings and figures' labels), and a body edited afterwards is written in the new language.
#[test]
fn changes_of_language_and_strings_match_a_full_build() {
    let mut s = Session::start(site().briefing("noted", "", "Said[^1].\n\n[^1]: A note.\n"));
    let page = |built: Built, file: &str| built.output.expect("built").text(file).expect("page").to_string();
    let full = s.change("content/site.yaml", "title: ", "language: fr\ntitle: ");
    let exit = page(full, "briefings/exit/index.html");
    assert!(exit.contains("<h2 id=\"contents\">Sommaire</h2>") && exit.contains("lang=\"fr\""), "{exit}");
    let full = s.change("content/site.yaml", "language: fr\n", "language: fr\nstrings:\n  notes: Renvois\n");
    assert!(page(full, "briefings/noted/index.html").contains(">Renvois</h2>"));
    let full = s.change("content/briefings/noted.md", "Said", "Written");
    assert!(page(full, "briefings/noted/index.html").contains(">Renvois</h2>"));
    let full = s.change("content/site.yaml", "  notes: Renvois\n", "  contents: Table des matières\n");
    let noted = page(full, "briefings/noted/index.html");
    assert!(noted.contains(">Notes</h2>") && !noted.contains("Renvois"), "{noted}");
    let full = s.change("content/site.yaml", "language: fr", "language: de");
    assert!(page(full, "briefings/noted/index.html").contains(">Anmerkungen</h2>"));
    s.change("content/site.yaml", "language: de\nstrings:\n  contents: Table des matières\n", "");
}

#[test]
fn theme_and_site_settings_changes_match_a_full_build() {
    let mut s = Session::start(site());
    s.change("content/site.yaml", "title: ", "title: Renamed ");

    s.edit("content/site.yaml", "title: ", "theme: plain\ntitle: ");
    s.site.write(
        "themes/plain/templates/page.html",
        b"<!doctype html><title>{{ page.title }}</title><main>{{ page.content }}</main>\n",
    );
    s.rebuild_matches_full_build(&["content/site.yaml", "themes/plain/templates/page.html"]);
    s.site.write(
        "themes/plain/templates/page.html",
        b"<!doctype html><title>{{ page.title }}!</title><main>{{ page.content }}</main>\n",
    );
    let full = s.rebuild_matches_full_build(&["themes/plain/templates/page.html"]);
    assert!(full.output.expect("built").text("about/index.html").expect("page").contains("<title>About!</title>"));
    s.site.write("themes/plain/templates/page.html", b"{{ page.title | nonsense }}\n");
    let full = s.rebuild_matches_full_build(&["themes/plain/templates/page.html"]);
    assert!(full.output.is_none(), "a broken template is an error");
    s.site.write("themes/plain/templates/page.html", b"<p>{{ page.title }}</p>\n");
    s.rebuild_matches_full_build(&["themes/plain/templates/page.html"]);
}

#[test]
fn edits_to_the_citation_style_and_the_bibliography_match_a_full_build() {
    let mut s = Session::start(site());
    // A locator and a suppressed author: the body's citations change, so the site relinks.
    s.change("content/briefings/exit.md", "leaving [@memo]", "leaving [@memo, p. 4]");
    s.change("content/briefings/exit.md", "leaving [@memo, p. 4]", "leaving [-@memo, pp. 4-6]");
    // Each built-in style, then a CSL file of the site, edited, broken and fixed.
    for style in ["apa", "ieee", "chicago-notes", "chicago-author-date"] {
        s.edit("content/site.yaml", "title: ", &format!("citation_style: {style}\ntitle: "));
        let built = s.rebuild_matches_full_build(&["content/site.yaml"]);
        assert!(built.output.is_some(), "{style}: {:?}", messages(&built));
        s.edit("content/site.yaml", &format!("citation_style: {style}\n"), "");
        s.rebuild_matches_full_build(&["content/site.yaml"]);
    }
    let apa = std::fs::read_to_string(common::repository().join("src/bibliography/styles/apa.csl")).expect("apa.csl");
    s.site.write("content/house.csl", apa.as_bytes());
    s.edit("content/site.yaml", "title: ", "citation_style: house.csl\ntitle: ");
    s.rebuild_matches_full_build(&["content/house.csl", "content/site.yaml"]);
    s.site.write("content/house.csl", apa.replace("et-al-min=\"21\"", "et-al-min=\"2\"").as_bytes());
    s.rebuild_matches_full_build(&["content/house.csl"]);
    s.site.write("content/house.csl", b"<style>broken");
    let broken = s.rebuild_matches_full_build(&["content/house.csl"]);
    assert!(broken.output.is_none(), "a broken CSL file is an error");
    s.site.write("content/house.csl", apa.as_bytes());
    s.rebuild_matches_full_build(&["content/house.csl"]);
    // A .bib beside sources.yaml: added, cited, an entry edited, broken and fixed, removed.
    s.site.write(
        "content/refs.bib",
        b"@report{fh2025, author = {{Freedom House}}, title = {Freedom in the World}, date = {2025}}\n",
    );
    s.rebuild_matches_full_build(&["content/refs.bib"]);
    s.change("content/briefings/research.md", "The [[unu]] stays.", "The [[unu]] stays [@fh2025, 12].");
    s.change("content/refs.bib", "Freedom in the World}", "Freedom in the World 2025}");
    s.change("content/refs.bib", "date = {2025}}", "date = {2025}");
    s.change("content/refs.bib", "date = {2025}\n", "date = {2025}}\n");
    s.change("content/sources.yaml", "title: The Memorandum", "title: The Memorandum, Revised");
    s.change("content/briefings/research.md", " [@fh2025, 12]", "");
    s.site.remove("content/refs.bib");
    s.rebuild_matches_full_build(&["content/refs.bib"]);
}

/// The Markdown files of the site, relative to its root.
fn content_files(site: &TestSite) -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["briefings", "organizations", "timeline", "topics", "pages", "authors"] {
        let Ok(entries) = std::fs::read_dir(site.path(&format!("content/{folder}"))) else { continue };
        for entry in entries.flatten() {
            files.push(format!("content/{folder}/{}", entry.file_name().to_string_lossy()));
        }
    }
    files.sort();
    files
}

fn slug_of(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file).trim_end_matches(".md")
}

/// Makes each replacement in every content file; returns the files it changed.
fn relink(site: &TestSite, replacements: &[(String, String)]) -> Vec<String> {
    let mut changed = Vec::new();
    for file in content_files(site) {
        let old = std::fs::read_to_string(site.path(&file)).expect("read");
        let new = replacements.iter().fold(old.clone(), |text, (from, to)| text.replace(from, to));
        if new != old {
            site.write(&file, new.as_bytes());
            changed.push(file);
        }
    }
    changed
}

/// Inserts `text` at the start of the body of the file at `relative`.
fn prepend_to_body(site: &TestSite, relative: &str, text: &str) {
    let old = std::fs::read_to_string(site.path(relative)).expect("read");
    let end = old[3..].find("\n---\n").map_or(0, |i| i + 3 + 5);
    site.write(relative, format!("{}{text}{}", &old[..end], &old[end..]).as_bytes());
}

#[test]
fn random_sequences_of_edits_match_a_full_build_after_every_step() {
    for seed in [1, 2, 3, 4] {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut s = Session::start(site());
        let mut quick = 0;
        for step in 0..50 {
            let files = content_files(&s.site);
            let file = files[rng.usize(..files.len())].clone();
            let other = slug_of(&files[rng.usize(..files.len())]).to_string();
            let mut changed = vec![file.clone()];
            match rng.u8(..15) {
                0..=2 => {
                    let old = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    s.site.write(&file, format!("{old}\nSentence {step}, with *emphasis*.\n").as_bytes());
                }
                3 => prepend_to_body(&s.site, &file, &format!("A new opening, step {step}.\n\n")),
                4 => {
                    let old = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    s.site.write(&file, format!("{old}\nSee [[{other}]].\n").as_bytes());
                }
                5 => {
                    let old = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    s.site.write(&file, format!("{old}\n## Section {step}\n\nText [@memo].\n").as_bytes());
                }
                6 => {
                    let path = format!("content/briefings/n{step}.md");
                    let text = format!(
                        "---\ntitle: Briefing n{step}\ndate: 2026-0{}-1{}\norganizations: [foc]\nsources: [memo]\n---\n\nNew, about [[{other}]].\n",
                        rng.u8(1..10),
                        rng.u8(0..10)
                    );
                    s.site.write(&path, text.as_bytes());
                    changed = vec![path];
                }
                // Renamed or deleted, with the links to it fixed, as a writer would.
                7 if file.starts_with("content/briefings/") => {
                    let renamed = format!("content/briefings/r{step}.md");
                    std::fs::rename(s.site.path(&file), s.site.path(&renamed)).expect("rename");
                    let new = slug_of(&renamed).to_string();
                    let old = slug_of(&file);
                    changed.extend(relink(
                        &s.site,
                        &[(format!("[[{old}]]"), format!("[[{new}]]")), (format!("[[{old}#"), format!("[[{new}#"))],
                    ));
                    changed.push(renamed);
                }
                8 if file.starts_with("content/briefings/") && files.len() > 8 => {
                    s.site.remove(&file);
                    let old = slug_of(&file);
                    changed.extend(relink(
                        &s.site,
                        &[
                            (format!("[[{old}]]"), old.into()),
                            (format!("[[{old}#background]]"), "its background".into()),
                        ],
                    ));
                }
                // Front matter: a briefing moves a year back, and so down every list; other
                // files get a comment, which changes their text and nothing else.
                9 if file.starts_with("content/briefings/")
                    && std::fs::read_to_string(s.site.path(&file)).expect("read").contains("\ndate: 20") =>
                {
                    s.edit(&file, "\ndate: 20", "\ndate: 19")
                }
                // Bylines: a briefing gains, reorders or loses authors; an author is renamed.
                10 if file.starts_with("content/briefings/") => {
                    let text = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    if text.contains("authors: [jane]") {
                        s.edit(&file, "authors: [jane]", "authors: [li, jane]");
                    } else if text.contains("authors: [li, jane]") {
                        s.edit(&file, "authors: [li, jane]", "authors: []");
                    } else if text.contains("authors: []") {
                        s.edit(&file, "authors: []", "authors: [jane]");
                    } else {
                        s.edit(&file, "\n---\n", "\nauthors: [jane]\n---\n");
                    }
                }
                10 if file.starts_with("content/authors/") => s.edit(&file, "name: ", &format!("name: S{step} ")),
                // Key points or recommendations: one more item.
                11 if file.starts_with("content/briefings/") => {
                    let text = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    let key = if step % 2 == 0 { "key_points" } else { "recommendations" };
                    if text.contains(&format!("\n{key}:\n")) {
                        s.edit(&file, &format!("\n{key}:\n"), &format!("\n{key}:\n  - Point {step}.\n"));
                    } else {
                        s.edit(&file, "\n---\n", &format!("\n{key}:\n  - Point {step}.\n---\n"));
                    }
                }
                // The data of a table: a row more, or the table's caption.
                12 if step % 2 == 0 => {
                    let csv = "content/data/arrears.csv";
                    let old = std::fs::read_to_string(s.site.path(csv)).expect("read");
                    s.site.write(csv, format!("{old}Body {step},{step}\n").as_bytes());
                    changed = vec![csv.to_string()];
                }
                12 if file == "content/briefings/research.md" => {
                    s.edit(&file, "caption: ", &format!("caption: S{step} "))
                }
                // An update or a correction: one more change, after any briefing's date.
                13 if file.starts_with("content/briefings/") => {
                    let text = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    let kind = if step % 2 == 0 { "correction" } else { "update" };
                    let entry =
                        format!("  - date: 2026-12-{:02}\n    kind: {kind}\n    note: Change {step}.\n", step % 28 + 1);
                    if text.contains("\nchanges:\n") {
                        s.edit(&file, "\nchanges:\n", &format!("\nchanges:\n{entry}"));
                    } else {
                        s.edit(&file, "\n---\n", &format!("\nchanges:\n{entry}---\n"));
                    }
                }
                // A status history gains an entry (and `us_status` goes, as the history gives it);
                // from a page, the timeline's setting for status changes flips.
                11 if file.starts_with("content/organizations/") => {
                    let text = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    let text: String = text.split_inclusive('\n').filter(|l| !l.starts_with("us_status:")).collect();
                    let status = ["member", "withdrawn", "withdrawal-announced"][rng.usize(..3)];
                    let entry =
                        format!("  - status: {status}\n    date: {}-01-01\n    note: Step {step}.\n", 1970 + step);
                    let text = if text.contains("\nstatus_history:\n") {
                        text.replacen("\nstatus_history:\n", &format!("\nstatus_history:\n{entry}"), 1)
                    } else {
                        text.replacen("\n---\n", &format!("\nstatus_history:\n{entry}---\n"), 1)
                    };
                    s.site.write(&file, text.as_bytes());
                }
                11 if file.starts_with("content/pages/") => {
                    let yaml = std::fs::read_to_string(s.site.path("content/site.yaml")).expect("read");
                    let flipped = match yaml.strip_suffix("timeline_status_changes: true\n") {
                        Some(rest) => rest.to_string(),
                        None => format!("{yaml}timeline_status_changes: true\n"),
                    };
                    s.site.write("content/site.yaml", flipped.as_bytes());
                    changed = vec!["content/site.yaml".into()];
                }
                // A figure or an embed, with a link to it.
                14 if file.starts_with("content/briefings/") => {
                    let old = std::fs::read_to_string(s.site.path(&file)).expect("read");
                    let added = if step % 2 == 0 {
                        format!(
                            "\n![Chart {step}](/img/chart.svg)\nCaption {step}.\nSource: S{step}.\n\nSee [[#fig-chart]].\n"
                        )
                    } else {
                        format!(
                            "\n```embed\nurl: https://youtu.be/v{step}\ntitle: Video {step}\n```\n\nSee [[#fig-video-{step}]].\n"
                        )
                    };
                    s.site.write(&file, format!("{old}{added}").as_bytes());
                }
                9 => s.edit(&file, "\n---\n", &format!("\n# edited at step {step}\n---\n")),
                _ => {
                    // The same text written again: nothing changes.
                    let old = std::fs::read(s.site.path(&file)).expect("read");
                    s.site.write(&file, &old);
                }
            }
            let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
            let full = s.rebuild_matches_full_build(&changed);
            assert!(full.output.is_some(), "seed {seed} step {step}:\n{}", full.diagnostics.render(false));
            quick += usize::from(s.bodies_only());
        }
        assert!(quick > 10, "seed {seed}: only {quick} of 50 steps took the quick way");
    }
}

/// Moves `relative` out of the site (as `mv dir /elsewhere` would: one event, for the folder).
fn move_out(s: &Session, relative: &str) -> tempfile::TempDir {
    let away = tempfile::tempdir().expect("temporary folder");
    std::fs::rename(s.site.path(relative), away.path().join("moved")).expect("move out");
    away
}

// ------------------------------------------------- paths that look temporary but matter

#[test]
fn a_content_folder_moved_out_of_the_site_is_not_a_temporary_file() {
    let mut s = Session::start(site());
    // `mv content/pages ~/attic`: the watcher sees the folder go; nothing warned about it.
    let _away = move_out(&s, "content/pages");
    let full = s.rebuild_matches_full_build(&["content/pages"]);
    assert!(full.output.expect("built").get("about/index.html").is_none());
}

#[test]
fn the_content_folder_moved_out_of_the_site_is_not_a_temporary_file() {
    let mut s = Session::start(site());
    let _away = move_out(&s, "content");
    let full = s.rebuild_matches_full_build(&["content"]);
    assert!(full.output.is_none(), "no content/ is an error");
}

#[test]
fn a_static_file_deleted_and_named_through_dot_dot_is_not_a_temporary_file() {
    let mut s = Session::start(site());
    s.site.remove("content/static/img/logo.svg");
    // What `std::path::absolute` makes of `../static/img/logo.svg` given from content/pages.
    let path = s.site.path("content/pages/../static/img/logo.svg");
    let full = s.rebuild_with_paths(&[path]);
    assert!(full.output.expect("built").get("img/logo.svg").is_none());
}

// ------------------------------------------------- what a body edit can and cannot reach

/// Body warnings (heading jumps, raw HTML) move with the text: their lines, columns and the
/// quoted line must be those of a full build, edit after edit.
#[test]
fn body_warnings_move_with_the_text() {
    let mut s = Session::start(site().file(
        "content/pages/about.md",
        "---\ntitle: About\n---\n\nWho we are. Read [[exit]].\n\n#### Deep\n\nA <b>bold</b> claim.\n",
    ));
    s.change("content/pages/about.md", "Who we are.", "Who we are.\n\nA new paragraph.");
    assert!(s.bodies_only());
    s.change("content/pages/about.md", "#### Deep", "\n\nAnother paragraph.\n\n#### Deep");
    assert!(s.bodies_only());
    s.change("content/pages/about.md", "A <b>bold</b> claim.", "A claim, <i>in italics</i>.");
    assert!(s.bodies_only());
    // Back to the first text: the warnings as the first build had them.
    s.change("content/pages/about.md", "Who we are.\n\nA new paragraph.", "Who we are.");
}

/// Several files at once, one of them listed twice and one restored to its earlier text.
#[test]
fn several_files_at_once_one_listed_twice_one_restored() {
    let mut s = Session::start(site());
    s.change("content/briefings/exit.md", "Much.", "Much, first edit.");
    s.edit("content/briefings/exit.md", "Much, first edit.", "Much.");
    s.edit("content/briefings/research.md", "stays.", "stays, for now.");
    s.edit("content/pages/about.md", "Who we are.", "Who we are, and why.");
    s.rebuild_matches_full_build(&[
        "content/briefings/exit.md",
        "content/briefings/research.md",
        "content/pages/about.md",
        "content/briefings/research.md",
    ]);
    assert!(s.bodies_only());
    // The same file named absolutely and with a `.` in its path.
    s.edit("content/briefings/research.md", "for now", "for the time being");
    let plain = s.site.path("content/briefings/research.md");
    let dotted = s.site.path("content/./briefings/research.md");
    s.rebuild_with_paths(&[plain, dotted]);
    assert!(s.bodies_only());
}

/// An organization's first paragraph is its card's summary, cut at 200 characters: edits
/// past the cut, and past the first paragraph, keep the card but change its own page.
#[test]
fn organization_body_edits_around_the_summary_cut() {
    let long = "word ".repeat(60);
    let mut s = Session::start(site().file(
        "content/organizations/unu.md",
        &format!("---\nname: United Nations University\nus_status: member\n---\n\n{long}end.\n\nMore.\n"),
    ));
    s.change("content/organizations/unu.md", "end.", "finish.");
    assert!(s.bodies_only());
    s.change("content/organizations/unu.md", "More.", "More, and more.");
    s.change("content/organizations/unu.md", "word word", "term word");
}

/// Reading time, word counts, footnotes, code blocks and a new paragraph under a heading
/// another briefing links to.
#[test]
fn body_only_details_of_a_briefing() {
    let mut s = Session::start(site());
    s.edit(
        "content/briefings/exit.md",
        "Much.",
        &format!("{}\n\nA note.[^1]\n\n[^1]: The footnote.\n\n```rust\nfn a() {{}}\n```\n", "many words ".repeat(300)),
    );
    s.rebuild_matches_full_build(&["content/briefings/exit.md"]);
    assert!(!s.bodies_only(), "a first code block is a change of shape");
    s.edit("content/briefings/exit.md", "```rust", "```yaml");
    s.edit("content/briefings/exit.md", "The footnote.", "The footnote, longer.");
    s.change("content/briefings/exit.md", "## Background\n\n", "## Background\n\nA new first paragraph.\n\n");
    assert!(s.bodies_only());
}

/// Notes: a mark added, a note's text and order changed, a note referenced twice, a mark
/// whose note goes missing (an error) and comes back, and a note in an event's text, which
/// the timeline shows beside others.
#[test]
fn note_edits() {
    let mut s = Session::start(site());
    // The first note of a body adds Notes to its page's contents.
    s.change("content/briefings/exit.md", "Much.", "Much[^first].\n\n[^first]: The first note.");
    s.change("content/briefings/exit.md", "Much[^first].\n\n[^first]: The first note.", "Much.");
    s.change("content/briefings/exit.md", "Much.", "Much[^a] and more[^b] [@memo].\n\n[^a]: Note A.\n\n[^b]: Note B.");
    s.change("content/briefings/exit.md", "Note A.", "Note A, longer.");
    assert!(s.bodies_only());
    s.change("content/briefings/exit.md", "and more[^b]", "and more[^b], again[^a]");
    s.change("content/briefings/exit.md", "Much[^a] and more[^b]", "Much[^b] and more[^a]");
    let broken = s.change("content/briefings/exit.md", "[^a]: Note A, longer.", "");
    assert!(broken.diagnostics.iter().any(|d| d.code == "E033"), "{:?}", broken.diagnostics);
    s.change("content/briefings/exit.md", "[^b]: Note B.", "[^b]: Note B.\n\n[^a]: Note A again.");
    s.change("content/timeline/withdrawal.md", "is signed.", "is signed[^s].\n\n[^s]: In Geneva.");
    s.change("content/timeline/withdrawal.md", "In Geneva.", "In Geneva, at noon.");
}

/// With raw HTML allowed, the HTML itself is the edit.
#[test]
fn raw_html_edits_when_allowed() {
    let mut s = Session::start(
        site()
            .file("content/site.yaml", &format!("{}allow_raw_html: true\n", common::SITE_YAML))
            .file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are. <b>Read</b> [[exit]].\n"),
    );
    s.change("content/pages/about.md", "<b>Read</b>", "<em class=\"x\">Read</em>");
    assert!(s.bodies_only());
}

/// Topic and event bodies show on other pages: the quick way hands them to a full render.
#[test]
fn topic_and_event_bodies_with_a_briefing_in_the_same_change() {
    let mut s = Session::start(site());
    s.edit("content/topics/spyware.md", "Tools that watch.", "Tools that watch people.");
    s.edit("content/timeline/withdrawal.md", "is signed.", "is signed [@memo].");
    s.rebuild_matches_full_build(&["content/topics/spyware.md", "content/timeline/withdrawal.md"]);
    s.edit("content/timeline/withdrawal.md", "is signed [@memo].", "is signed today [@memo].");
    s.edit("content/briefings/exit.md", "Much.", "Much else.");
    s.rebuild_matches_full_build(&["content/briefings/exit.md", "content/timeline/withdrawal.md"]);
}

/// A temporary file that really came and went, named with `..`, is still harmless.
#[test]
fn a_temporary_file_beside_an_edit() {
    let mut s = Session::start(site());
    s.edit("content/briefings/exit.md", "Much.", "Much, saved by an editor.");
    let paths = [
        s.site.path("content/briefings/.exit.md.swp"),
        s.site.path("content/pages/../briefings/4913"),
        s.site.path("content/briefings/exit.md"),
    ];
    s.rebuild_with_paths(&paths);
    assert!(s.bodies_only());
}

/// The long way with the parse cache and the body memo: raw HTML allowed and forbidden again
/// (parse warnings and bodies both depend on it), a briefing made a draft and published again,
/// a file moved to another kind's folder under the same slug.
#[test]
fn settings_drafts_and_moves_through_the_caches() {
    let mut s = Session::start(
        site().file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are. <b>Read</b> [[exit]].\n"),
    );
    s.change("content/site.yaml", "title: ", "allow_raw_html: true\ntitle: ");
    s.change("content/site.yaml", "allow_raw_html: true\n", "");

    s.change("content/briefings/research.md", "sources: [memo]\n", "sources: [memo]\ndraft: true\n");
    s.change("content/briefings/research.md", "draft: true\n", "");

    std::fs::create_dir_all(s.site.path("content/briefings")).expect("folder");
    s.site.write(
        "content/briefings/about.md",
        b"---\ntitle: About\ndate: 2026-01-08\n---\n\nWho we are. Read [[exit]].\n",
    );
    s.site.remove("content/pages/about.md");
    s.rebuild_matches_full_build(&["content/pages/about.md", "content/briefings/about.md"]);
}
