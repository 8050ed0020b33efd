//! Full builds of generated corpora (the content model of `brief gen-corpus`): the whole
//! pipeline in memory (what `check` and each `serve` rebuild do), and `build` into an output
//! folder, both into an empty one and over its previous output, as a user rebuilds.
//!
//!     cargo bench --bench build
//!
//! For wall time and peak memory of the binary against Hugo, see benches/README.md.

use std::path::Path;

use brief::corpus::{self, CorpusSpec};
use brief::load::LoadOptions;
use brief::output::{Discard, Sink};
use brief::pipeline;
use brief::write::{WriteOptions, Writer};
use criterion::{BenchmarkId, Criterion, criterion_main};

fn corpus(dir: &Path, briefings: usize) -> LoadOptions {
    let spec = CorpusSpec { briefings, organizations: 200, topics: 40, events: briefings / 4 };
    corpus::write(&spec, dir).expect("write the corpus");
    LoadOptions { root: dir.to_path_buf(), ..Default::default() }
}

fn build_into(options: &LoadOptions, out: &Path) {
    let writer = Writer::open(out, WriteOptions::default()).expect("output folder");
    let report = pipeline::build_into(options, &writer as &dyn Sink);
    assert!(report.succeeded(), "the corpus does not build");
    writer.commit().expect("commit");
}

fn builds(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for briefings in [100, 1_000] {
        let dir = tempfile::tempdir().expect("folder");
        let options = corpus(dir.path(), briefings);
        group.bench_with_input(BenchmarkId::new("in_memory", briefings), &options, |b, options| {
            b.iter(|| assert!(pipeline::build_into(options, &Discard).succeeded()))
        });
        let out = dir.path().join("public");
        group.bench_with_input(BenchmarkId::new("over_previous_output", briefings), &options, |b, options| {
            b.iter(|| build_into(options, &out))
        });
        group.bench_with_input(BenchmarkId::new("into_empty_folder", briefings), &options, |b, options| {
            b.iter_batched(
                || {
                    let _ = std::fs::remove_dir_all(&out);
                },
                |()| build_into(options, &out),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Every benchmark of this file, with criterion set up from the command line: what
/// `criterion_group!` would write, but private and documented, as the crate's lints ask.
fn benches() {
    let mut criterion = Criterion::default().configure_from_args();
    builds(&mut criterion);
}

criterion_main!(benches);
