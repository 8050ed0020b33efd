//! `brief check`: everything a build does except writing.
//!
//! Takes: the site's flags, `--deny-warnings` and `--external` (with its timeout and cache
//! flags). Gives: the problems, the hidden files left out, and a summary line; with
//! `--external`, the dead and moved web addresses ([`crate::external`]) and a second summary
//! line; exit 1 on errors (or warnings, when denied).

use std::time::Duration;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, SiteArgs, report, say};
use crate::diagnostics::plural;
use crate::external::{self, ExternalOptions, Limits};
use crate::output::Discard;
use crate::pipeline;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Treat warnings as errors (exit 1 if there is any)
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Also ask every external web address (links, images, embeds, websites, sources)
    /// whether it still answers; results are cached in .brief-cache/
    #[arg(long)]
    pub(crate) external: bool,
    /// With --external: how long one request may take, in seconds (connecting: at most 10)
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=300), requires = "external")]
    pub(crate) external_timeout: u64,
    /// With --external: ask every address again, whatever the cache holds
    #[arg(long, requires = "external")]
    pub(crate) external_fresh: bool,
}

impl CheckArgs {
    fn external_options(&self) -> ExternalOptions {
        let total = Duration::from_secs(self.external_timeout);
        let limits =
            Limits { total_timeout: total, connect_timeout: total.min(Duration::from_secs(10)), ..Limits::default() };
        ExternalOptions { limits, ignore_cache: self.external_fresh }
    }

    pub(crate) fn run(self) -> u8 {
        let built = pipeline::build_into(&self.site.load_options(), &Discard);
        // The addresses' warnings join the site's, so tools read one report and one count.
        let links = if self.external {
            external::check_links(&self.site.load_options(), &self.external_options())
        } else {
            None
        };
        let mut diagnostics = built.diagnostics;
        if let Some(links) = &links {
            diagnostics.extend(links.diagnostics.iter().cloned());
            diagnostics = diagnostics.sorted();
        }
        report(&diagnostics, self.site.message_format);
        if !built.hidden.is_empty() {
            let names: Vec<String> = built.hidden.iter().map(|p| p.display().to_string()).collect();
            println!(
                "Skipped {} (hidden files are never published; only content/static/.well-known/ is): {}",
                plural(names.len(), "hidden file"),
                names.join(", ")
            );
        }
        let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
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
        if let Some(links) = &links {
            say(self.site.message_format, format_args!("{}", links.summary()));
        }
        if errors > 0 || (self.deny_warnings && warnings > 0) { CONTENT_ERROR } else { SUCCESS }
    }
}
