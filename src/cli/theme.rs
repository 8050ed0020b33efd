//! `brief theme eject [NAME]`: the default theme built into brief, written into the site's
//! `themes/NAME/` for changes deeper than `site.yaml`'s settings (logo, menu, footer, custom
//! CSS) allow. A site's theme may hold only the files it changes: brief takes the rest from
//! its built-in theme.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::fs;

#[derive(Debug, Args)]
pub(crate) struct ThemeArgs {
    #[command(subcommand)]
    command: ThemeCommand,
}

#[derive(Debug, Subcommand)]
enum ThemeCommand {
    /// Write the built-in default theme into themes/NAME/ of the site, to change it
    Eject(EjectArgs),
}

impl ThemeArgs {
    pub(crate) fn run(self) -> u8 {
        match self.command {
            ThemeCommand::Eject(args) => args.run(),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct EjectArgs {
    /// The theme's name: its folder in themes/. `default` changes the default theme in place
    #[arg(default_value = "default")]
    pub(crate) name: String,
    /// The site's folder: the one holding content/
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Write over the theme's files in a folder that exists already (its other files are kept)
    #[arg(long)]
    pub(crate) force: bool,
}

impl EjectArgs {
    pub(crate) fn run(self) -> u8 {
        if !self.root.join("content").is_dir() {
            let d = crate::load::missing_content(&self.root);
            return fail(USAGE_ERROR, format!("{}: {}", d.file.display(), d.message), d.help.as_deref());
        }
        if let Err(message) = crate::load::check_theme_name(&self.name) {
            return fail(USAGE_ERROR, message, Some("name it plainly, such as `brief theme eject house`"));
        }
        let shown = Path::new("themes").join(&self.name);
        let dir = self.root.join(&shown);
        if dir.exists() && !self.force {
            return fail(
                USAGE_ERROR,
                format!("`{}/` already exists; nothing was written", shown.display()),
                Some(
                    "choose another name, or pass `--force` to write the default theme over it (its other files are kept)",
                ),
            );
        }
        let files = crate::theme::built_in_files();
        for (path, bytes) in &files {
            let target = dir.join(path);
            let written = if self.force { fs::write(&target, bytes) } else { fs::write_new(&target, bytes) };
            if let Err(e) = written {
                return fail(CONTENT_ERROR, e, None);
            }
        }
        println!("Wrote brief's default theme into {}/ ({} files):", shown.display(), files.len());
        for (path, _) in &files {
            println!("  {}", shown.join(path).display());
        }
        if self.name == "default" {
            println!(
                "brief uses {}/ over its built-in theme: edit any of these files. Delete the ones you do not \
                 change, and brief takes them from its built-in theme (and from its newer versions).",
                shown.display()
            );
        } else {
            println!(
                "To use it, set `theme: {}` in content/site.yaml, then edit any of these files. Delete the ones \
                 you do not change, and brief takes them from its built-in theme (and from its newer versions).",
                self.name
            );
        }
        SUCCESS
    }
}
