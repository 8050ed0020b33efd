//! `brief build`: the site into its output folder.
//!
//! Takes: the site's flags, `--output`, `--force` and `--quiet`. Gives: the folder written all
//! or nothing ([`crate::pipeline::build_to`]) after checking it is a folder of its own, the
//! problems, and a summary line; exit 1 when the content has errors or the folder could not
//! be written, 2 when the folder is not one to build into.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, SiteArgs, USAGE_ERROR, fail, report, say};
use crate::diagnostics::{Diagnostic, Diagnostics, plural};
use crate::fs;
use crate::pipeline;
use crate::write::{WriteError, WriteOptions};

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Where to write the site [default: ROOT/public]
    #[arg(long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Print only problems
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Build into an output folder that already holds files brief did not write (a first
    /// build refuses to). They are kept: brief replaces and removes only files it wrote.
    #[arg(long)]
    pub(crate) force: bool,
}

impl BuildArgs {
    pub(crate) fn run(self) -> u8 {
        let out_dir = self.output.clone().unwrap_or_else(|| self.site.root.join("public"));
        let out_dir = out_dir.strip_prefix(".").map(Path::to_path_buf).unwrap_or(out_dir);
        if let Err(problem) = check_output_dir(&self.site.root, &out_dir) {
            return fail(USAGE_ERROR, problem, Some("choose a folder of its own for the output, such as ROOT/public"));
        }
        let written = match pipeline::build_to(&self.site.load_options(), &out_dir, WriteOptions { force: self.force })
        {
            Ok(written) => written,
            Err(e) => return fail(exit_code(&e), &e, Some(e.help())),
        };
        let built = written.report;
        report(&built.diagnostics, self.site.message_format);
        let Some(commit) = written.commit else {
            eprintln!("error: the build failed; `{}` was not changed", out_dir.display());
            return CONTENT_ERROR;
        };
        match commit {
            Ok(stats) => {
                if let Some(recovered) = &stats.recovered {
                    eprintln!("note: `{}`: {recovered}", out_dir.display());
                }
                if !stats.kept.is_empty() {
                    let (n, them) = (stats.kept.len(), if stats.kept.len() == 1 { "it" } else { "them" });
                    let kept = Diagnostic::warning(
                        "W006",
                        &out_dir,
                        format!("kept {} that brief did not write: {}", plural(n, "file"), list(&stats.kept)),
                    )
                    .with_help(format!("put {them} in content/static/ to publish {them} on purpose"));
                    report(&Diagnostics::from_iter([kept]), self.site.message_format);
                }
                if !self.quiet {
                    say(
                        self.site.message_format,
                        format_args!(
                            "Built {} into {} ({} files, {} KiB; {} written, {} removed) in {} ms",
                            built.counts,
                            out_dir.display(),
                            stats.files,
                            stats.bytes / 1024,
                            stats.written,
                            stats.removed,
                            built.elapsed.as_millis()
                        ),
                    );
                }
                SUCCESS
            }
            Err(e) => fail(exit_code(&e), &e, Some(e.help())),
        }
    }
}

/// A folder that is not brief's to build into is a usage error, like any other wrong
/// `--output`; the rest are files that could not be written.
fn exit_code(error: &WriteError) -> u8 {
    match error {
        WriteError::NotEmpty { .. } | WriteError::Busy { .. } => USAGE_ERROR,
        _ => CONTENT_ERROR,
    }
}

/// The first few of `files`, and how many more there are.
fn list(files: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = files.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if files.len() > SHOWN {
        text.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    text
}

/// The output folder must be a folder of its own: compared after resolving `..` and
/// symbolic links, it may not be or hold the site, lie inside `content/`, `themes/` or
/// `.git/`, or be `/`, the home folder or the current folder or one of its parents.
fn check_output_dir(root: &Path, out_dir: &Path) -> Result<(), String> {
    let (site, out) = (fs::resolve(root), fs::resolve(out_dir));
    let shown = out_dir.display();
    if site.starts_with(&out) {
        return Err(format!("the output folder `{shown}` holds the site itself and would be replaced"));
    }
    for protected in ["content", "themes", ".git"] {
        if out.starts_with(fs::resolve(&site.join(protected))) {
            return Err(format!("the output folder `{shown}` is inside `{protected}/`"));
        }
    }
    if out.parent().is_none() {
        return Err(format!("the output folder `{shown}` is the root of the file system"));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if out == fs::resolve(Path::new(&home)) {
            return Err(format!("the output folder `{shown}` is your home folder"));
        }
    }
    if let Ok(current) = std::env::current_dir() {
        if fs::resolve(&current).starts_with(&out) {
            return Err(format!("the output folder `{shown}` holds the current folder"));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(format!("`{shown}` exists and is not a folder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_may_not_hold_or_sit_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("themes/house")).unwrap();
        std::os::unix::fs::symlink(&root, dir.path().join("link")).unwrap();
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        assert!(check_output_dir(&root, &dir.path().join("elsewhere")).is_ok());
        for bad in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("public/.."),
            root.join("public/../.."),
            root.join("missing/../content/out"),
            root.join("content/out"),
            root.join("themes/house/x"),
            dir.path().join("link"),
            dir.path().join("link/content"),
            PathBuf::from("/"),
        ] {
            assert!(check_output_dir(&root, &bad).is_err(), "{} was accepted", bad.display());
        }
    }
}
