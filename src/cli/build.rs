//! `brief build`: the site into its output folder.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, SiteArgs, USAGE_ERROR, fail, report, say};
use crate::pipeline;
use crate::write::Writer;

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public]
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Print only problems
    #[arg(long, short)]
    pub quiet: bool,
}

impl BuildArgs {
    pub fn run(self) -> u8 {
        let out_dir = self.output.clone().unwrap_or_else(|| self.site.root.join("public"));
        let out_dir = out_dir.strip_prefix(".").map(Path::to_path_buf).unwrap_or(out_dir);
        if let Err(problem) = check_output_dir(&self.site.root, &out_dir) {
            return fail(USAGE_ERROR, problem, Some("choose a folder of its own for the output, such as ROOT/public"));
        }
        let writer = match Writer::open(&out_dir) {
            Ok(writer) => writer,
            Err(e) => return fail(CONTENT_ERROR, e, Some("check that the output folder's parent is writable")),
        };
        let built = pipeline::build_into(&self.site.load_options(), &writer);
        report(&built.diagnostics, self.site.message_format);
        if !built.succeeded() {
            writer.abandon();
            eprintln!("error: the build failed; `{}` was not changed", out_dir.display());
            return CONTENT_ERROR;
        }
        match writer.commit() {
            Ok(stats) => {
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
            Err(e) => fail(CONTENT_ERROR, e, Some("check that the output folder is writable")),
        }
    }
}

/// The output replaces a whole folder: refuse folders that hold the site itself.
fn check_output_dir(root: &Path, out_dir: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (absolute(root), absolute(out_dir));
    let inside = |dir: &Path| out.starts_with(dir);
    if root.starts_with(&out) {
        return Err(format!("the output folder `{}` holds the site itself and would be replaced", out_dir.display()));
    }
    for protected in ["content", "themes", "src", ".git"] {
        if inside(&root.join(protected)) {
            return Err(format!("the output folder `{}` is inside `{protected}/`", out_dir.display()));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(format!("`{}` exists and is not a folder", out_dir.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_may_not_hold_or_sit_inside_the_site() {
        let root = Path::new("/tmp/site");
        assert!(check_output_dir(root, Path::new("/tmp/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/elsewhere")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/site")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp")).is_err());
        assert!(check_output_dir(root, Path::new("/tmp/site/content/out")).is_err());
    }
}
