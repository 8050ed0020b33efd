//! A synthetic briefing site for benchmarks: N briefings with organizations, topics, events
//! and sources, in brief's content model, in the same shape as `../shared/bench/gen_corpus.py`
//! (and, like it, the same for the same N). Beside `sources.yaml`, which front matter names,
//! the briefings cite from `references.bib`, a 500-entry BibLaTeX export (`references`), 2 to
//! 6 entries each.
//!
//! Takes: a [`CorpusSpec`]. Gives: a site folder on disk.

mod references;

use std::path::Path;

use fastrand::Rng;
use rayon::prelude::*;

use crate::fs::{self, FsError};

const WORDS: &[&str] = &[
    "policy",
    "governance",
    "rights",
    "online",
    "coalition",
    "standards",
    "treaty",
    "member",
    "states",
    "accession",
    "multilateral",
    "forum",
    "internet",
    "spyware",
    "surveillance",
    "encryption",
    "cooperation",
    "democracy",
    "rule",
    "law",
    "convention",
    "negotiation",
    "civil",
    "society",
    "expert",
    "network",
    "security",
    "access",
    "information",
    "shutdown",
    "election",
    "journalist",
    "privacy",
    "expression",
    "artificial",
    "intelligence",
    "regulation",
    "market",
    "trade",
    "alliance",
    "europe",
    "authoritarian",
    "influence",
    "accountability",
    "mandate",
    "technical",
    "development",
];

/// The corpus's `site.yaml`: the status it tracks is its own, with these values.
const SITE_YAML: &str = "title: Bench Briefing\nbase_url: http://localhost/\nstatus:\n  field: standing\n  \
    label: Standing\n  description: standing\n  values:\n    - key: member\n      label: Member\n      colour: green\n    \
    - key: leaving\n      label: Leaving\n      colour: orange\n    - key: left\n      label: Left\n      colour: red\n    \
    - key: observer\n      label: Observer\n      colour: blue\n    - key: outside\n      label: Outside\n      colour: grey\n";
const STATUSES: &[&str] = &["member", "leaving", "left", "observer", "outside"];
const SOURCES: usize = 12;

/// How big a synthetic site to write: how many of each kind of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Briefings, each naming some organizations and topics and citing sources.
    pub briefings: usize,
    /// Organizations, each with a page that the briefings and events naming it list.
    pub organizations: usize,
    /// Topics that the briefings and events list, each described in a file of its own.
    pub topics: usize,
    /// Events on the timeline.
    pub events: usize,
}

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut s: Vec<String> = (0..words).map(|_| WORDS[r.usize(..WORDS.len())].to_string()).collect();
    if let Some(first) = s.first_mut() {
        *first = first[..1].to_uppercase() + &first[1..];
    }
    s.join(" ") + "."
}

/// A paragraph of 3 to 6 sentences, some bold, some linking one of `links`, and each citation
/// mark of `marks` after one of its sentences.
fn paragraph(r: &mut Rng, links: &[String], marks: &[String]) -> String {
    let count = r.usize(3..=6);
    let mut parts = Vec::with_capacity(count);
    for _ in 0..count {
        let n = r.usize(8..=22);
        let mut s = sentence(r, n);
        let k = r.f64();
        if k < 0.15 {
            let mut words: Vec<String> = s.trim_end_matches('.').split(' ').map(String::from).collect();
            let j = r.usize(1..words.len());
            words[j] = format!("**{}**", words[j]);
            s = words.join(" ") + ".";
        } else if k < 0.35 && !links.is_empty() {
            s = format!("{} (see {}).", s.trim_end_matches('.'), links[r.usize(..links.len())]);
        }
        parts.push(s);
    }
    for mark in marks {
        let j = r.usize(..parts.len());
        parts[j] = format!("{} {mark}.", parts[j].trim_end_matches('.'));
    }
    parts.join(" ")
}

/// A briefing's body: an opening paragraph and four sections, the citation marks `marks`
/// spread over their paragraphs.
fn body(r: &mut Rng, i: usize, links: &[String], marks: &[String]) -> String {
    let mut cited: [Vec<String>; 5] = Default::default();
    for mark in marks {
        cited[r.usize(..5)].push(mark.clone());
    }
    let mut out = vec![paragraph(r, links, &cited[0]) + "[^1]", String::new()];
    for h in 0..4 {
        out.push(format!("## {}", sentence(r, 4).trim_end_matches('.')));
        out.push(String::new());
        out.push(paragraph(r, links, &cited[h + 1]));
        out.push(String::new());
        if h == 1 {
            out.extend((0..5).map(|_| format!("- {}", sentence(r, 6))));
            out.push(String::new());
        }
        if h == 2 {
            out.push("| Body | Status | Year |".into());
            out.push("|---|---|---|".into());
            for _ in 0..4 {
                let status = ["member", "left", "observer"][r.usize(..3)];
                out.push(format!("| {} | {status} | {} |", WORDS[r.usize(..WORDS.len())], r.usize(1945..=2026)));
            }
            out.push(String::new());
        }
        if h == 3 && i % 5 == 0 {
            out.extend(
                ["```yaml", "organization: example", "status: left", "members:", "  - alpha", "  - beta", "```", ""]
                    .map(String::from),
            );
        }
    }
    out.push(format!("[^1]: {}", sentence(r, 10)));
    out.join("\n") + "\n"
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// The file that marks a folder as a corpus this module wrote, and so one it may replace.
pub(crate) const MARKER: &str = ".brief-corpus";

/// Writes the corpus into `dir`: a new or empty folder, or one holding a corpus written
/// earlier (which it replaces). Any other folder is refused untouched.
pub fn write(spec: &CorpusSpec, dir: &Path) -> Result<(), FsError> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => {}
        Ok(m) if m.is_dir() && dir.join(MARKER).is_file() => fs::remove_dir_all(dir)?,
        Ok(m) if m.is_dir() && std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false) => {}
        Ok(_) => {
            let cause = std::io::Error::other(
                "it is not empty and holds no corpus written by gen-corpus: choose a new or empty folder",
            );
            return Err(FsError { action: "write a corpus into", path: dir.to_path_buf(), cause });
        }
    }
    fs::write(&dir.join(MARKER), b"")?;
    let content = dir.join("content");
    let orgs: Vec<String> = (0..spec.organizations).map(|k| format!("org-{k:03}")).collect();
    let topics: Vec<String> = (0..spec.topics).map(|k| format!("topic-{k:02}")).collect();
    fs::write(&content.join("site.yaml"), SITE_YAML.as_bytes())?;
    let sources: String = (0..SOURCES)
        .map(|k| {
            format!(
                "- id: source-{k:02}\n  title: \"Source {k}\"\n  publisher: \"Publisher {k}\"\n  date: 20{:02}\n",
                10 + k
            )
        })
        .collect();
    fs::write(&content.join("sources.yaml"), sources.as_bytes())?;
    let bibliography = references::references();
    fs::write(&content.join("references.bib"), bibliography.text.as_bytes())?;

    let mut r = Rng::with_seed(7);
    for (k, org) in orgs.iter().enumerate() {
        let text = format!(
            "---\nname: Organization {k:03}\nacronym: O{k:03}\nkind: forum\nstanding: {}\n---\n\n{}\n",
            STATUSES[k % STATUSES.len()],
            paragraph(&mut r, &[], &[])
        );
        fs::write(&content.join(format!("organizations/{org}.md")), text.as_bytes())?;
    }
    for (k, topic) in topics.iter().enumerate().filter(|(k, _)| k % 4 == 0) {
        let text = format!(
            "---\ntitle: Topic {k:02}\nsummary: \"{}\"\n---\n\n{}\n",
            sentence(&mut r, 8),
            paragraph(&mut r, &[], &[])
        );
        fs::write(&content.join(format!("topics/{topic}.md")), text.as_bytes())?;
    }
    (0..spec.briefings).into_par_iter().try_for_each(|i| {
        let mut r = Rng::with_seed(1000 + i as u64);
        let date = format!("{:04}-{:02}-{:02}", 2000 + i % 26, 1 + i % 12, 1 + i % 28);
        let mut po: Vec<String> = (0..3).map(|_| orgs[r.usize(..orgs.len())].clone()).collect();
        po.sort();
        po.dedup();
        let mut pt: Vec<String> = (0..2).map(|_| topics[r.usize(..topics.len())].clone()).collect();
        pt.sort();
        pt.dedup();
        let title = sentence(&mut r, 6).trim_end_matches('.').to_string();
        let summary = sentence(&mut r, 12).trim_end_matches('.').to_string();
        let links: Vec<String> = po.iter().map(|o| format!("[[{o}]]")).collect();
        let marks = references::citations(&mut r, &bibliography.keys);
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nsummary: \"{summary}\"\norganizations: {}\ntopics: {}\nsources: [source-{:02}]\n---\n\n{}",
            list(&po),
            list(&pt),
            i % SOURCES,
            body(&mut r, i, &links, &marks)
        );
        fs::write(&content.join(format!("briefings/b{i:05}.md")), text.as_bytes())
    })?;
    (0..spec.events).into_par_iter().try_for_each(|k| {
        let mut r = Rng::with_seed(500_000 + k as u64);
        let date = format!("{:04}-{:02}-{:02}", 1990 + k % 36, 1 + k % 12, 1 + k % 28);
        let org = &orgs[r.usize(..orgs.len())];
        let topic = &topics[r.usize(..topics.len())];
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {date}\norganizations: [{org}]\ntopics: [{topic}]\nsources: [source-{:02}]\n---\n\n{}\n",
            sentence(&mut r, 5).trim_end_matches('.'),
            k % SOURCES,
            sentence(&mut r, 14)
        );
        fs::write(&content.join(format!("timeline/e{k:05}.md")), text.as_bytes())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_corpus_of_its_own_is_replaced() {
        let spec = CorpusSpec { briefings: 2, organizations: 3, topics: 2, events: 1 };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.docx"), "years of work").unwrap();
        let err = write(&spec, dir.path()).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("thesis.docx")).unwrap(), "years of work");
        let corpus = dir.path().join("corpus");
        write(&spec, &corpus).unwrap();
        std::fs::write(corpus.join("content/briefings/extra.md"), "x").unwrap();
        write(&spec, &corpus).unwrap();
        assert!(!corpus.join("content/briefings/extra.md").exists(), "the old corpus was not replaced");
    }

    #[test]
    fn the_same_spec_writes_the_same_corpus() {
        let spec = CorpusSpec { briefings: 5, organizations: 6, topics: 4, events: 2 };
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write(&spec, a.path()).unwrap();
        write(&spec, b.path()).unwrap();
        for file in [
            "content/briefings/b00003.md",
            "content/timeline/e00001.md",
            "content/organizations/org-005.md",
            "content/references.bib",
        ] {
            assert_eq!(std::fs::read(a.path().join(file)).unwrap(), std::fs::read(b.path().join(file)).unwrap());
        }
    }
}
