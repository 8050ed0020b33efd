//! `brief check`: everything a build does except writing.
//!
//! Takes: the site's flags and `--deny-warnings`. Gives: the problems, the hidden files left
//! out, and a summary line; exit 1 on errors (or warnings, when denied).

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, SiteArgs, report, say};
use crate::diagnostics::plural;
use crate::output::Discard;
use crate::pipeline;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Treat warnings as errors (exit 1 if there is any)
    #[arg(long)]
    pub(crate) deny_warnings: bool,
}

impl CheckArgs {
    pub(crate) fn run(self) -> u8 {
        let built = pipeline::build_into(&self.site.load_options(), &Discard);
        report(&built.diagnostics, self.site.message_format);
        if !built.hidden.is_empty() {
            let names: Vec<String> = built.hidden.iter().map(|p| p.display().to_string()).collect();
            println!(
                "Skipped {} (hidden files are never published; only content/static/.well-known/ is): {}",
                plural(names.len(), "hidden file"),
                names.join(", ")
            );
        }
        let (errors, warnings) = (built.diagnostics.error_count(), built.diagnostics.warning_count());
        say(
            self.site.message_format,
            format_args!(
                "Checked {} in {} ms: {}, {}",
                built.counts,
                built.elapsed.as_millis(),
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        );
        if errors > 0 || (self.deny_warnings && warnings > 0) { CONTENT_ERROR } else { SUCCESS }
    }
}
