//! The writing of the site that ships in `content/`, read as files: it explains a thing once
//! and links to it (no sentence of twelve words or more in two files, no section heading
//! shared by more than two briefings), its table of its own claims names files that exist,
//! every paragraph a citation points to exists in the source, and no briefing carries a
//! revision date that no change explains. That the site builds with no error and no warning
//! is `shipped_site::the_shipped_site_checks_with_no_error_and_no_warning`.

use crate::common::repository;

use std::collections::{BTreeMap, BTreeSet};

/// A sentence this long or longer is an explanation, which the site writes in one place.
const MIN_WORDS: usize = 12;

/// The table of the claims the site makes in its own voice, beyond its two sources.
const FACT_CHECK: &str = "content/data/fact-check.csv";

/// The paragraphs of each source's held copy, as the methodology page counts them.
const PARAGRAPHS: [(&str, u32); 2] = [("heel-turn", 13), ("carr-ryan-itu", 12)];

/// Every Markdown and YAML file of `content/`, by its path from the repository, with its text.
fn content_files() -> Vec<(String, String)> {
    let root = repository();
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk content/"))
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "md" || e == "yaml"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
            (relative, std::fs::read_to_string(entry.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// The text between `open` and `close` at each place, replaced by what `keep` makes of it.
fn replace_spans(text: &str, open: &str, close: &str, keep: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let Some(len) = rest[start + open.len()..].find(close) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&keep(&rest[start + open.len()..start + open.len() + len]));
        rest = &rest[start + open.len() + len + close.len()..];
    }
    out.push_str(rest);
    out
}

/// A line as a reader reads it: no YAML key, list mark, heading mark, emphasis, citation,
/// note mark or link target; a wikilink reads as its text.
fn plain_line(line: &str) -> String {
    let mut line = line.trim_start().trim_start_matches("- ").trim_start_matches('#').trim_start();
    if let Some((key, value)) = line.split_once(": ") {
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            line = value;
        }
    }
    if let Some(rest) = line.strip_prefix("[^") {
        line = rest.split_once("]:").map_or(line, |(_, note)| note);
    }
    let line = replace_spans(line, "[[", "]]", |link| link.rsplit('|').next().unwrap_or(link).to_string());
    let line = replace_spans(&line, "[@", "]", |_| String::new());
    let line = replace_spans(&line, "[^", "]", |_| String::new());
    let line = replace_spans(&line, "](", ")", |_| String::new());
    line.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']' | '|' | '>')).collect()
}

/// Whether a full stop after `word` ends a sentence: not after an initial (`U.S.`) or an
/// abbreviation the site writes (`para. 4`, `Dec. 23`).
fn ends_sentence(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let letters = word.trim_end_matches('.');
    let abbreviation = ["para", "paras", "No", "Jan", "Dec", "Nov", "Oct", "e.g", "i.e", "vs"].contains(&letters);
    let initials = letters.split('.').all(|part| part.chars().count() == 1);
    !abbreviation && !initials
}

/// The sentences of a file's text, each as its lower-case words, the long ones only.
fn long_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    for line in text.lines() {
        let mut sentence: Vec<String> = Vec::new();
        for word in plain_line(line).split_whitespace() {
            let normal: String = word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
            if !normal.is_empty() {
                sentence.push(normal);
            }
            let end = word.trim_end_matches(['"', '\'', '”', '’', ')']);
            if end.ends_with(['?', '!']) || (end.ends_with('.') && ends_sentence(end)) {
                sentences.push(std::mem::take(&mut sentence));
            }
        }
        sentences.push(sentence);
    }
    sentences.into_iter().filter(|s| s.len() >= MIN_WORDS).map(|s| s.join(" ")).collect()
}

#[test]
fn sentences_split_as_a_reader_reads_them() {
    let text = "The U.S. left on Dec. 23 [@heel-turn, para. 7]. See [[foc|the coalition]].\n\
                - item: one two three four five six seven eight nine ten eleven twelve.";
    assert_eq!(plain_line(text.lines().next().expect("a line")), "The U.S. left on Dec. 23 . See the coalition.");
    assert_eq!(long_sentences(text), ["one two three four five six seven eight nine ten eleven twelve"]);
    let one = "The U.S. government kept a role over those functions in Jan. 2016 and later on.";
    assert_eq!(long_sentences(one).len(), 1, "initials and abbreviations end no sentence");
}

#[test]
fn no_long_sentence_is_written_in_two_files() {
    let mut places: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = content_files();
    assert!(files.len() > 50, "only {} files read", files.len());
    for (path, text) in &files {
        for sentence in long_sentences(text) {
            places.entry(sentence).or_default().insert(path.clone());
        }
    }
    let repeated: Vec<String> = places
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(sentence, files)| format!("\"{sentence}\" in {}", files.iter().cloned().collect::<Vec<_>>().join(", ")))
        .collect();
    assert!(places.len() > 300, "only {} long sentences found", places.len());
    assert!(
        repeated.is_empty(),
        "written in more than one file (say it once and link to it):\n{}",
        repeated.join("\n")
    );
}

#[test]
fn no_section_heading_is_shared_by_more_than_two_briefings() {
    let mut briefings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in content_files().iter().filter(|(p, _)| p.starts_with("content/briefings/")) {
        for heading in text.lines().filter_map(|l| l.strip_prefix("## ")) {
            let heading = heading.split(" {#").next().unwrap_or(heading).trim().to_lowercase();
            briefings.entry(heading).or_default().insert(path.clone());
        }
    }
    for (heading, files) in &briefings {
        assert!(files.len() <= 2, "the heading \"{heading}\" ends or splits {} briefings: {files:?}", files.len());
    }
}

#[test]
fn the_table_of_the_sites_own_claims_names_files_that_exist() {
    let root = repository();
    let mut table = csv::Reader::from_path(root.join(FACT_CHECK)).unwrap_or_else(|e| panic!("{FACT_CHECK}: {e}"));
    let header: Vec<String> = table.headers().expect("a header").iter().map(str::to_lowercase).collect();
    assert_eq!(header.len(), 3, "{FACT_CHECK}: claim, file, basis");
    assert!(header[0].starts_with("claim") && header[1] == "file" && header[2] == "basis", "{header:?}");
    let mut rows = 0;
    for (i, row) in table.records().enumerate() {
        let row = row.unwrap_or_else(|e| panic!("{FACT_CHECK}, row {}: {e}", i + 2));
        let (claim, file, basis) = (&row[0], &row[1], &row[2]);
        assert!(
            !claim.trim().is_empty() && !basis.trim().is_empty(),
            "{FACT_CHECK}, row {}: a claim and its basis",
            i + 2
        );
        assert!(
            file.starts_with("content/") && root.join(file).is_file(),
            "{FACT_CHECK}, row {}: no file {file}",
            i + 2
        );
        rows += 1;
    }
    assert!((1..=15).contains(&rows), "{rows} claims beyond the sources: the table should stay short");
    let methodology = std::fs::read_to_string(root.join("content/pages/methodology.md")).expect("methodology");
    assert!(methodology.contains("data: fact-check.csv"), "the methodology page shows the table to readers");
}

/// The paragraph numbers of the locators of `[@id, para. 4]`, `[@id, paras. 2–3]` and
/// `[@id, paras. 4, 9]` in `text`.
fn cited_paragraphs(text: &str, id: &str) -> Vec<u32> {
    let mention = format!("@{id},");
    let mut paragraphs = Vec::new();
    for (at, _) in text.match_indices(&mention) {
        let locator = text[at + mention.len()..].split([';', ']']).next().unwrap_or("").trim();
        let numbers = locator.strip_prefix("paras.").or_else(|| locator.strip_prefix("para.")).unwrap_or("");
        paragraphs.extend(
            numbers
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse::<u32>().expect("a number")),
        );
    }
    paragraphs
}

#[test]
fn every_paragraph_a_citation_names_is_in_its_source() {
    let mut cited = 0;
    for (path, text) in content_files() {
        for (id, paragraphs) in PARAGRAPHS {
            for n in cited_paragraphs(&text, id) {
                assert!((1..=paragraphs).contains(&n), "{path}: {id} has {paragraphs} paragraphs, not {n}");
                cited += 1;
            }
        }
    }
    assert!(cited > 200, "only {cited} paragraph locators");
    assert_eq!(cited_paragraphs("x [@a, paras. 2–3; @b] [@a, para. 7]", "a"), [2, 3, 7]);
}

#[test]
fn no_briefing_has_a_revision_date_that_no_change_explains() {
    for (path, text) in content_files().iter().filter(|(p, _)| p.starts_with("content/briefings/")) {
        let front = text.split("---\n").nth(1).unwrap_or("");
        assert!(
            !front.lines().any(|l| l.starts_with("updated:")),
            "{path}: its revision date comes from its `changes`, each saying what changed"
        );
    }
}
