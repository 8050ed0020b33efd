//! `brief check --external`: whether the web addresses a site points at still answer. Never
//! part of a build or a plain check: it asks servers that are not the site's.
//!
//! Takes: [`LoadOptions`] and [`ExternalOptions`]. Gives: a [`LinkReport`]: a warning at each
//! place an address is written when it is dead (W080), moved for good (W081) or could not be
//! told (W082), and counts for the summary line. The addresses are the `http`/`https` ones of
//! bodies (links, images, embeds), of front matter (`website:` of authors and organizations)
//! and of `sources.yaml` (`url:`, `archived_url:`); each is asked once however often it is
//! written ([`probe`]), unless the cache of an earlier run still holds it ([`cache`]). A dead
//! address of a source that has an archived copy names that copy.

mod cache;
mod probe;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

pub use cache::{BAD_TTL, GOOD_TTL};
pub use probe::Limits;
use probe::Verdict;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::markdown::LinkTarget;
use crate::markdown::scan::FigureKind;
use crate::model::Meta;
use crate::parse::{self, ParsedSite};

/// How `brief check --external` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExternalOptions {
    /// How many requests at once, and how long each may take.
    pub limits: Limits,
    /// Ask every address again, whatever the cache holds.
    pub ignore_cache: bool,
}

/// What `brief check --external` found.
#[derive(Debug)]
pub struct LinkReport {
    /// A warning at each place of each address that does not answer as it should; W083 or
    /// W084 when the cache could not be read or written.
    pub diagnostics: Diagnostics,
    /// Distinct addresses checked.
    pub addresses: usize,
    /// Of those, how many the cache answered.
    pub cached: usize,
    /// Addresses that are dead.
    pub dead: usize,
    /// Addresses that redirect for good.
    pub moved: usize,
    /// Addresses whose server answered neither yes nor no (401, 403, 429…).
    pub unsure: usize,
    /// How long it took.
    pub elapsed: Duration,
}

impl LinkReport {
    /// The summary line: "Checked 12 external addresses (4 from the cache) in 1.2 s: 1 dead,
    /// 1 moved, 0 not told".
    pub fn summary(&self) -> String {
        format!(
            "Checked {} external {} ({} from the cache) in {:.1} s: {} dead, {} moved, {} not told",
            self.addresses,
            if self.addresses == 1 { "address" } else { "addresses" },
            self.cached,
            self.elapsed.as_secs_f64(),
            self.dead,
            self.moved,
            self.unsure
        )
    }
}

/// One place an address is written.
struct Place<'a> {
    path: &'a Path,
    text: &'a str,
    range: Range<usize>,
    /// The archived copy of the source whose `url:` this is.
    archived: Option<&'a str>,
}

/// Checks every external address of the site at `options.root`. `None` when the site cannot
/// be read at all (the plain check has said why).
pub fn check_links(options: &LoadOptions, external: &ExternalOptions) -> Option<LinkReport> {
    let started = Instant::now();
    let (loaded, _) = load::load(options);
    let (site, _) = parse::parse(loaded?);
    let places = gather(&site);
    let mut diagnostics = Diagnostics::new();
    let (mut cache, problem) = cache::LinkCache::open(&site.root);
    diagnostics.extend(problem);
    let now = SystemTime::now();
    let mut verdicts: BTreeMap<&str, Verdict> = BTreeMap::new();
    let mut asked = Vec::new();
    for url in places.keys() {
        match cache.fresh(url, now).filter(|_| !external.ignore_cache) {
            Some(verdict) => {
                verdicts.insert(url, verdict.clone());
            }
            None => asked.push(url.to_string()),
        }
    }
    let cached = verdicts.len();
    for (url, verdict) in asked.iter().zip(probe::probe_all(&asked, external.limits)) {
        cache.record(url, verdict.clone(), now);
        verdicts.insert(url, verdict);
    }
    diagnostics.extend(cache.save());
    let mut report = LinkReport {
        diagnostics: Diagnostics::new(),
        addresses: places.len(),
        cached,
        dead: 0,
        moved: 0,
        unsure: 0,
        elapsed: Duration::ZERO,
    };
    for (url, places) in &places {
        let Some(verdict) = verdicts.get(url.as_str()) else { continue };
        match verdict {
            Verdict::Alive => {}
            Verdict::Moved { .. } => report.moved += 1,
            Verdict::Dead { .. } => report.dead += 1,
            Verdict::Unsure { .. } => report.unsure += 1,
        }
        for place in places {
            diagnostics.extend(diagnostic(url, verdict, place, external.limits));
        }
    }
    report.diagnostics = diagnostics.sorted();
    report.elapsed = started.elapsed();
    Some(report)
}

/// The warning for `verdict` at `place`, if it calls for one.
fn diagnostic(url: &str, verdict: &Verdict, place: &Place, limits: Limits) -> Option<Diagnostic> {
    let warning =
        |code, message: String| Diagnostic::warning(code, place.path, message).at(place.text, place.range.clone());
    Some(match verdict {
        Verdict::Alive => return None,
        Verdict::Moved { to } => warning("W081", format!("`{url}` has moved for good to `{to}`"))
            .with_help(format!("write the new address: {to}")),
        Verdict::Dead { why } => {
            let why = if why.contains("in time") {
                format!("{why} ({} s)", limits.total_timeout.as_secs_f64())
            } else {
                why.clone()
            };
            let help = match place.archived {
                Some(archived) => format!("the archived copy is {archived}: link to it, or find where the page went"),
                None => "find where the page went, or link to an archived copy (such as the Wayback Machine's)".into(),
            };
            warning("W080", format!("`{url}` is dead: {why}")).with_help(help)
        }
        Verdict::Unsure { why } => warning("W082", format!("`{url}` could not be checked: the server {why}"))
            .with_help("open it in a browser: some servers turn programs away"),
    })
}

/// Every external address of the site, each with the places it is written, in address order.
fn gather<'a>(site: &'a ParsedSite) -> BTreeMap<String, Vec<Place<'a>>> {
    let mut places: BTreeMap<String, Vec<Place<'a>>> = BTreeMap::new();
    let mut add = |url: &str, place: Place<'a>| {
        if is_web_address(url) {
            places.entry(url.to_string()).or_default().push(place);
        }
    };
    for doc in &site.documents {
        let in_body = |range: &Range<usize>| doc.body.start + range.start..doc.body.start + range.end;
        let place = |range| Place { path: &doc.path, text: &doc.text, range, archived: None };
        let website = match &doc.meta {
            Meta::Organization(org) => org.website.as_deref(),
            Meta::Author(author) => author.website.as_deref(),
            Meta::Briefing(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) => None,
        };
        if let Some(url) = website {
            add(url, place(doc.locator().item("website", url)));
        }
        for link in &doc.outline.links {
            if let LinkTarget::External(url) = &link.target {
                add(url, place(in_body(&link.range)));
            }
        }
        for figure in &doc.outline.figures {
            if let FigureKind::Embed(embed) = &figure.kind {
                add(&embed.url, place(in_body(&embed.url_range)));
            }
        }
    }
    // Every entry of the bibliography, from sources.yaml, a `.bib` or a CSL-JSON file.
    for source in &site.sources {
        let Some(file) = site.source_files.get(source.file) else { continue };
        let entry = &source.entry;
        let archived = entry.archived_url.as_deref().filter(|a| is_web_address(a));
        for (url, archived) in [(&entry.url, archived), (&entry.archived_url, None)] {
            let Some(url) = url else { continue };
            let range = written_after(&file.text, url, source.range.start).unwrap_or(source.range.clone());
            add(url, Place { path: &file.path, text: &file.text, range, archived });
        }
    }
    places
}

/// Where `url` is first written in `text` from `from` on.
fn written_after(text: &str, url: &str, from: usize) -> Option<Range<usize>> {
    let start = from + text.get(from..)?.find(url)?;
    Some(start..start + url.len())
}

fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_checked() {
        assert!(is_web_address("https://a.org/"));
        assert!(is_web_address("HTTP://a.org/"));
        assert!(!is_web_address("mailto:a@b.org"));
        assert!(!is_web_address("//a.org/"));
        assert!(!is_web_address("ftp://a.org/"));
    }

    #[test]
    fn an_address_is_found_after_its_entry() {
        let text = "- id: a\n  url: https://x.org/\n- id: b\n  url: https://x.org/\n";
        let b = text.find("id: b").expect("entry b");
        let range = written_after(text, "https://x.org/", b).expect("written");
        assert!(range.start > b);
        assert_eq!(&text[range], "https://x.org/");
    }
}
