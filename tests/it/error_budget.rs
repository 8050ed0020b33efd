//! The error budget, measured on the shipped site: break each front-matter field of five
//! files, one at a time (a misspelt key, a bad value, a missing colon, a tab before the key),
//! build in-process, and count the
//! errors (and all diagnostics: a misspelt topic makes a new topic, which is a warning, not
//! an error). The target is one error per break, and one diagnostic. Run it with
//!
//!     cargo test --test it error_budget -- --ignored --nocapture
//!
//! It prints the distribution and every break that did not give exactly one error.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

/// A briefing, an organization, an event, a topic and a page, each linked from elsewhere.
const FILES: &[&str] = &[
    "content/briefings/foc-and-us-leadership.md",
    "content/organizations/foc.md",
    "content/timeline/cybercrime-convention-adopted-2024.md",
    "content/topics/spyware.md",
    "content/pages/about.md",
];

/// The key with its last two letters swapped: `title` → `titel`.
fn misspell(key: &str) -> String {
    let mut chars: Vec<char> = key.chars().collect();
    let n = chars.len();
    chars.swap(n - 1, n - 2);
    if chars.iter().collect::<String>() == key {
        chars.push('s');
    }
    chars.into_iter().collect()
}

/// The value broken the way a writer would break a value of this key.
fn break_value(key: &str, value: &str) -> String {
    match key {
        "date" | "updated" | "us_status_date" => "22 May 2019".into(),
        "founded" => "long ago".into(),
        "us_status" => "withdrawing".into(),
        "website" => "example.org".into(),
        "draft" => "yes".into(),
        // One slug misspelt: the first.
        "organizations" | "topics" | "sources" => match value.find(',') {
            Some(_) => value.replacen(',', "x,", 1),
            None => value.replacen(']', "x]", 1),
        },
        _ if value.starts_with('"') => value.trim_end_matches('"').to_string(),
        _ => match value.split_once(' ') {
            Some((first, rest)) => format!("{first}: {rest}"),
            None => format!("{value}: more"),
        },
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
#[ignore = "a measurement: run by hand with --ignored --nocapture"]
fn errors_per_break_on_the_shipped_site() {
    let repository = common::repository();
    let mut distribution: BTreeMap<usize, usize> = BTreeMap::new();
    let mut all_distribution: BTreeMap<usize, usize> = BTreeMap::new();
    let mut off_target = Vec::new();
    let mut breaks = 0;
    for file in FILES {
        let text = std::fs::read_to_string(repository.join(file)).expect("read");
        let end = text[4..].find("\n---").map(|i| i + 4).expect("front matter");
        let lines: Vec<&str> = text[4..end].lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some((key, value)) = line.split_once(": ") else { continue };
            for (how, broken) in [
                ("misspelt key", format!("{}: {value}", misspell(key))),
                ("bad value", format!("{key}: {}", break_value(key, value))),
                ("no colon", format!("{key} {value}")),
                ("tab indent", format!("\t{key}: {value}")),
            ] {
                let dir = tempfile::tempdir().expect("temporary folder");
                copy_tree(&repository.join("content"), &dir.path().join("content"));
                let mut front: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                front[i] = broken.clone();
                let new_text = format!("---\n{}{}", front.join("\n"), &text[end..]);
                std::fs::write(dir.path().join(file), new_text).expect("write");
                let options = brief::load::LoadOptions { root: dir.path().to_path_buf(), ..Default::default() };
                let diagnostics = brief::pipeline::build(&options).diagnostics;
                let errors = diagnostics.error_count();
                breaks += 1;
                *distribution.entry(errors).or_default() += 1;
                *all_distribution.entry(diagnostics.iter().count()).or_default() += 1;
                let expected_errors = usize::from(!(key == "topics" && how == "bad value"));
                if errors != expected_errors || diagnostics.iter().count() != 1 {
                    let found: Vec<String> =
                        diagnostics.iter().map(|d| format!("    {}: {} {}", d.code, d.position(), d.message)).collect();
                    off_target.push(format!("{file}: {how} `{broken}` gave {errors}:\n{}", found.join("\n")));
                }
            }
        }
    }
    println!("{breaks} breaks of {} files; errors per break:", FILES.len());
    for (errors, count) in &distribution {
        println!("  {errors} error(s): {count} break(s)");
    }
    println!("diagnostics of any kind per break:");
    for (all, count) in &all_distribution {
        println!("  {all} diagnostic(s): {count} break(s)");
    }
    for line in &off_target {
        println!("{line}");
    }
    assert!(off_target.is_empty(), "{} breaks gave other than one diagnostic", off_target.len());
}
