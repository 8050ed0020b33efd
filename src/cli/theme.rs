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
        if let Some((path, what)) = obstacle(&self.root, &shown, files.iter().map(|(path, _)| Path::new(path.as_str())))
        {
            return fail(
                USAGE_ERROR,
                format!("`{}` is {what}; nothing was written", path.display()),
                Some("brief writes a theme only into folders of the site: move it away, or choose another name"),
            );
        }
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

/// The first path on the way to the theme's files that brief must not write through or over:
/// a link (which could lead out of the site, or nowhere), a file where a folder goes, or a
/// folder where a file goes. Shown from the site's root, with what it is.
fn obstacle<'a>(root: &Path, theme: &Path, files: impl Iterator<Item = &'a Path>) -> Option<(PathBuf, &'static str)> {
    let mut folders: Vec<PathBuf> = vec![PathBuf::from("themes"), theme.to_path_buf()];
    let mut targets = Vec::new();
    for file in files {
        let mut folder = theme.to_path_buf();
        for part in file.parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            folders.push(folder.clone());
        }
        targets.push(theme.join(file));
    }
    folders.dedup();
    let kind = |path: &Path| std::fs::symlink_metadata(root.join(path)).ok().map(|m| m.file_type());
    for folder in &folders {
        match kind(folder) {
            Some(t) if t.is_symlink() => return Some((folder.clone(), "a link")),
            Some(t) if !t.is_dir() => return Some((folder.clone(), "a file where the theme needs a folder")),
            _ => {}
        }
    }
    for target in targets {
        match kind(&target) {
            Some(t) if t.is_symlink() => return Some((target, "a link")),
            Some(t) if t.is_dir() => return Some((target, "a folder where the theme needs a file")),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_files_in_the_way_are_found_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let theme = Path::new("themes/house");
        let files = [Path::new("templates/base.html"), Path::new("static/css/site.css")];
        assert_eq!(obstacle(root, theme, files.iter().copied()), None);
        std::fs::create_dir_all(root.join("themes/house/static")).unwrap();
        std::fs::write(root.join("themes/house/static/css"), "x").unwrap();
        assert_eq!(
            obstacle(root, theme, files.iter().copied()),
            Some((PathBuf::from("themes/house/static/css"), "a file where the theme needs a folder"))
        );
        std::fs::remove_file(root.join("themes/house/static/css")).unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("themes/house/templates")).unwrap();
        assert_eq!(
            obstacle(root, theme, files.iter().copied()),
            Some((PathBuf::from("themes/house/templates"), "a link"))
        );
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("themes/dangling")).unwrap();
        assert_eq!(
            obstacle(root, Path::new("themes/dangling"), files.iter().copied()),
            Some((PathBuf::from("themes/dangling"), "a link"))
        );
    }
}
