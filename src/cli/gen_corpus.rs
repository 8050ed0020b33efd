//! `brief gen-corpus N DIR` (hidden): a synthetic site of N briefings for benchmarks, in the
//! same shape as `../shared/bench/gen_corpus.py`.

use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, fail};
use crate::corpus::{self, CorpusSpec};

#[derive(Debug, Args)]
pub(crate) struct GenCorpusArgs {
    /// How many briefings
    pub(crate) briefings: usize,
    /// The folder to write the site into (replaced if it exists)
    pub(crate) dir: PathBuf,
    /// How many organizations
    #[arg(long, default_value_t = 200)]
    pub(crate) orgs: usize,
    /// How many topics
    #[arg(long, default_value_t = 40)]
    pub(crate) topics: usize,
    /// How many timeline events [default: briefings / 4]
    #[arg(long)]
    pub(crate) events: Option<usize>,
}

impl GenCorpusArgs {
    pub(crate) fn run(self) -> u8 {
        let spec = CorpusSpec {
            briefings: self.briefings,
            organizations: self.orgs.max(3),
            topics: self.topics.max(2),
            events: self.events.unwrap_or((self.briefings / 4).max(1)),
        };
        match corpus::write(&spec, &self.dir) {
            Ok(()) => {
                println!(
                    "{} briefings, {} organizations, {} topics, {} events -> {}",
                    spec.briefings,
                    spec.organizations,
                    spec.topics,
                    spec.events,
                    self.dir.display()
                );
                SUCCESS
            }
            Err(e) => fail(CONTENT_ERROR, e, None),
        }
    }
}
