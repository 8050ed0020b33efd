//! The command line: each subcommand is an `Args` struct (parsed by clap) in its own file, with
//! a `run()`; this file holds the flags every site command shares ([`SiteArgs`]) and the ways
//! they print ([`report`] for problems, [`say`] for the summary line, [`fail`] for one error).
//!
//! Takes: `std::env::args`. Gives: an exit code: 0 success, 1 content errors (or files that
//! could not be written), 2 usage errors.

mod build;
mod check;
mod gen_corpus;
mod init;
mod new;
mod serve;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::diagnostics::{MessageFormat, report};
use crate::load::LoadOptions;

/// brief: a static site generator for policy briefings.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into its output folder (public/ by default)
    Build(build::BuildArgs),
    /// Check the site as a build would, without writing anything
    Check(check::CheckArgs),
    #[command(about = new::what_it_creates())]
    New(new::NewArgs),
    /// Create a new site, ready to build
    Init(init::InitArgs),
    /// Preview the site with live reload while you write
    Serve(serve::ServeArgs),
    /// Work with the site's theme: `brief theme eject` copies the built-in one into themes/
    Theme(theme::ThemeArgs),
    /// Write a synthetic site of N briefings, for benchmarks
    #[command(hide = true)]
    GenCorpus(gen_corpus::GenCorpusArgs),
}

/// The options every command that reads a site takes.
#[derive(Debug, Clone, Args)]
pub(crate) struct SiteArgs {
    /// The site's folder: the one holding content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Include content marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Use this base URL instead of the one in site.yaml
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// How to print problems: `human`, or `json` (one object a line on standard output, for
    /// editors and CI)
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "human")]
    pub(crate) message_format: MessageFormat,
}

impl SiteArgs {
    pub(crate) fn load_options(&self) -> LoadOptions {
        LoadOptions { root: self.root.clone(), base_url: self.base_url.clone(), drafts: self.drafts }
    }
}

/// Exit codes.
pub(crate) const SUCCESS: u8 = 0;
pub(crate) const CONTENT_ERROR: u8 = 1;
pub(crate) const USAGE_ERROR: u8 = 2;

/// Runs the command the arguments name and gives its exit code: 0 success, 1 content errors
/// (or files that could not be written), 2 usage errors.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build(args) => args.run(),
        Command::Check(args) => args.run(),
        Command::New(args) => args.run(),
        Command::Init(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::Theme(args) => args.run(),
        Command::GenCorpus(args) => args.run(),
    };
    ExitCode::from(code)
}

/// A line for people about the run: on standard output, unless standard output carries JSON.
pub(crate) fn say(format: MessageFormat, line: std::fmt::Arguments) {
    match format {
        MessageFormat::Human => println!("{line}"),
        MessageFormat::Json => eprintln!("{line}"),
    }
}

/// A one-line error for problems that are not about content (usage, files).
pub(crate) fn fail(code: u8, message: impl std::fmt::Display, help: Option<&str>) -> u8 {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("  = help: {help}");
    }
    code
}
