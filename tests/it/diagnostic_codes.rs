//! Every diagnostic code used in `src/` is documented in `docs/diagnostics.md`, with an example,
//! and every code documented there is used.

use std::collections::BTreeSet;
use std::path::Path;

/// The codes written as `"E012"` or `"W050"` in `text`.
fn codes_in(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut codes = BTreeSet::new();
    for i in 0..bytes.len().saturating_sub(5) {
        let code = &bytes[i + 1..i + 5];
        if bytes[i] == b'"'
            && bytes[i + 5] == b'"'
            && matches!(code[0], b'E' | b'W')
            && code[1..].iter().all(u8::is_ascii_digit)
        {
            codes.insert(String::from_utf8_lossy(code).into_owned());
        }
    }
    codes
}

fn codes_in_src() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(src)
        .into_iter()
        .map(|e| e.expect("walk src"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .flat_map(|e| codes_in(&std::fs::read_to_string(e.path()).expect("read a file of src/")))
        .collect()
}

/// The documented codes, each with its example block.
fn documented() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
        .expect("docs/diagnostics.md");
    doc.split("\n## ").skip(1).map(|section| (section[..4].to_string(), section.to_string())).collect()
}

#[test]
fn every_code_in_src_is_documented_and_every_documented_code_is_used() {
    let used = codes_in_src();
    assert!(used.len() > 40, "too few codes found: {used:?}");
    let documented: BTreeSet<String> = documented().into_iter().map(|(code, _)| code).collect();
    let undocumented: Vec<_> = used.difference(&documented).collect();
    let unused: Vec<_> = documented.difference(&used).collect();
    assert!(undocumented.is_empty(), "codes missing from docs/diagnostics.md: {undocumented:?}");
    assert!(unused.is_empty(), "codes documented but never used: {unused:?}");
}

#[test]
fn every_documented_code_has_an_example_with_its_code() {
    for (code, section) in documented() {
        let severity = if code.starts_with('E') { "error" } else { "warning" };
        assert!(
            section.contains(&format!("```\n{severity}[{code}]: ")),
            "the section of {code} has no example report starting `{severity}[{code}]: `"
        );
    }
}
