//! The pipeline, run end to end: load → parse → link → render.
//!
//! Takes: [`LoadOptions`]. Gives: every file handed to a [`Sink`] as it is rendered
//! ([`build_into`], which `brief check` runs into nothing), or kept in memory as an [`Output`]
//! ([`build`]), or written into a folder all or nothing ([`build_to`], as `brief build` does);
//! with every diagnostic, and counts for the summary line. The preview's rebuilds
//! ([`crate::incremental`]) share its load-and-link step.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::link::{self, Site};
use crate::load::{self, LoadOptions, LoadedSite};
use crate::model::{ByKind, Kind};
use crate::output::{Collector, Discard, Output, Sink};
use crate::parse::{self, ParsedSite};
use crate::render;
use crate::write::{WriteError, WriteOptions, WriteStats, Writer};

/// How much a site holds, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// By kind: documents, and for topics every topic used or described.
    pub kinds: ByKind<usize>,
    /// Each taxonomy's terms, used or described, in the site's words: `(topic, topics, 13)`.
    pub(crate) terms: Vec<(String, String, usize)>,
    pub(crate) sources: usize,
}

impl Counts {
    pub(crate) fn of(site: &Site) -> Counts {
        let terms = (site.config.taxonomy_ids())
            .map(|(id, t)| {
                let count = site.topics.iter().filter(|topic| topic.taxonomy == id).count();
                (t.singular.to_lowercase(), t.label.to_lowercase(), count)
            })
            .collect();
        Counts { kinds: ByKind::from_fn(|kind| site.count(kind)), terms, sources: site.sources.len() }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for kind in Kind::ALL {
            match kind {
                // Topics in the words of each taxonomy: `13 topics`, or `2 themes, 1 region`.
                Kind::Topic => {
                    for (one, many, n) in &self.terms {
                        write!(f, "{n} {}, ", if *n == 1 { one } else { many })?;
                    }
                }
                Kind::Briefing | Kind::Organization | Kind::Event | Kind::Page | Kind::Author => {
                    write!(f, "{}, ", kind.count(self.kinds[kind]))?
                }
            }
        }
        f.write_str(&crate::diagnostics::plural(self.sources, "source"))
    }
}

/// A site built in memory: its files when the build succeeded, and what the build found.
#[derive(Debug)]
pub struct Built {
    /// `None` when any error was found: nothing should be written or served from it.
    pub output: Option<Output>,
    /// Every error and warning of every stage, sorted causes first.
    pub diagnostics: Diagnostics,
    /// How much the site holds, for the summary line.
    pub counts: Counts,
    pub(crate) elapsed: Duration,
}

/// What a build into a [`Sink`] found.
#[derive(Debug)]
pub struct Report {
    /// Every error and warning of every stage, sorted causes first.
    pub diagnostics: Diagnostics,
    pub(crate) counts: Counts,
    pub(crate) elapsed: Duration,
    /// Hidden files of `content/` that were left out (`brief check` lists them).
    pub(crate) hidden: Vec<std::path::PathBuf>,
}

impl Report {
    /// Whether what went into the sink is the whole site, fit to publish.
    pub fn succeeded(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Prints how long each stage took when `BRIEF_TIMINGS` is set, for profiling by hand.
pub(crate) struct StageClock {
    enabled: bool,
    last: Instant,
}

impl StageClock {
    pub(crate) fn new() -> StageClock {
        StageClock { enabled: std::env::var_os("BRIEF_TIMINGS").is_some(), last: Instant::now() }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            // The peak resident size so far, where the system tells it (Linux).
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_string()))
                .unwrap_or_default();
            eprintln!("timing: {stage:<7} {:>8.2} ms  peak {peak}", self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = Instant::now();
    }
}

/// Builds the site in memory.
pub fn build(options: &LoadOptions) -> Built {
    let collector = Collector::default();
    let report = build_into(options, &collector);
    let output = report.succeeded().then(|| collector.into_output());
    Built { output, diagnostics: report.diagnostics, counts: report.counts, elapsed: report.elapsed }
}

/// Builds the site, handing each file to `sink` as it is rendered. When the content has
/// errors, pages are still rendered (to find template errors too) but go nowhere.
pub fn build_into(options: &LoadOptions, sink: &dyn Sink) -> Report {
    let started = Instant::now();
    let mut clock = StageClock::new();
    let linked = match load_and_link(options, &mut clock, parse::parse) {
        Ok(linked) => linked,
        Err(diagnostics) => {
            return Report {
                diagnostics: diagnostics.sorted(),
                counts: Counts::default(),
                elapsed: started.elapsed(),
                hidden: Vec::new(),
            };
        }
    };
    let counts = Counts::of(&linked.site);
    let Linked { site, load_problems, parse_problems, link_problems, hidden } = linked;
    let mut diagnostics = load_problems;
    diagnostics.extend(parse_problems);
    diagnostics.extend(link_problems);
    let sink = if diagnostics.has_errors() { &Discard } else { sink };
    diagnostics.extend(render::render(&site, sink));
    clock.lap("render");
    Report { diagnostics: diagnostics.sorted(), counts, elapsed: started.elapsed(), hidden }
}

/// What [`build_to`] did: the build's report and, when the build succeeded, how the commit
/// into the output folder went.
#[derive(Debug)]
pub struct Written {
    /// What the build found.
    pub report: Report,
    /// `None` when the build failed: nothing was written and the folder is as it was.
    pub commit: Option<Result<WriteStats, WriteError>>,
}

/// Builds the site into the folder `out_dir` as `brief build` does: the folder changes only
/// when the build succeeds, and then all at once. The error is a folder that could not be
/// opened for writing (nothing was built).
pub fn build_to(options: &LoadOptions, out_dir: &Path, write: WriteOptions) -> Result<Written, WriteError> {
    let writer = Writer::open(out_dir, write)?;
    let report = build_into(options, &writer);
    let commit = if report.succeeded() {
        Some(writer.commit())
    } else {
        writer.abandon();
        None
    };
    Ok(Written { report, commit })
}

/// A site loaded, parsed and linked, with what each stage found.
pub(crate) struct Linked {
    pub(crate) site: Site,
    pub(crate) load_problems: Diagnostics,
    pub(crate) parse_problems: Diagnostics,
    pub(crate) link_problems: Diagnostics,
    /// Hidden files of `content/` that the load left out.
    pub(crate) hidden: Vec<std::path::PathBuf>,
}

/// Loads, parses (with `parse`) and links the site; the load's problems when it cannot be
/// read at all.
pub(crate) fn load_and_link(
    options: &LoadOptions,
    clock: &mut StageClock,
    parse: impl FnOnce(LoadedSite) -> (ParsedSite, Diagnostics),
) -> Result<Linked, Diagnostics> {
    let (loaded, load_problems) = load::load(options);
    clock.lap("load");
    let Some(mut loaded) = loaded else { return Err(load_problems) };
    let hidden = std::mem::take(&mut loaded.hidden);
    let (parsed, mut parse_problems) = parse(loaded);
    clock.lap("parse");
    let (site, mut link_problems) = link::link(parsed);
    link::settle(&site, &mut parse_problems, &mut link_problems);
    clock.lap("link");
    Ok(Linked { site, load_problems, parse_problems, link_problems, hidden })
}
