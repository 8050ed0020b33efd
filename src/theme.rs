//! Themes: the templates and static files that give a site its look.
//!
//! Takes: the site root and the theme named in `site.yaml`. Gives: a [`Theme`] holding every
//! template and static file, layered so that a theme may leave things out: the default theme
//! compiled into the binary, then `themes/default/` on disk, then the chosen theme. Also
//! gives the built-in theme's files as they are ([`built_in_files`]), for `brief theme eject`
//! to write into a site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::fs::{self, Skipped};

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template: its name in tera (`briefing.html`), its text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub(crate) text: String,
    /// For messages: `themes/x/templates/briefing.html`, or `(built-in theme)/briefing.html`.
    pub(crate) origin: PathBuf,
}

/// A static file of the theme: its bytes, built in or read from disk.
#[derive(Debug, Clone)]
pub(crate) enum ThemeFile {
    BuiltIn(&'static [u8]),
    Disk(PathBuf),
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    pub(crate) name: String,
    pub(crate) templates: BTreeMap<String, Template>,
    /// Keyed by the path under the site root where the file is served (`css/site.css`).
    pub(crate) static_files: BTreeMap<String, ThemeFile>,
    /// Folders whose changes should trigger a rebuild in `serve`.
    pub(crate) folders: Vec<PathBuf>,
}

impl Theme {
    /// The theme `name` of the site at `root`, with what its walk left out (hidden files,
    /// and symbolic links that lead outside the site, which are never followed).
    pub(crate) fn load(root: &Path, name: &str) -> Result<(Theme, Vec<Skipped>), Diagnostic> {
        let allowed = fs::allowed_folders(root);
        let mut skipped = Vec::new();
        let mut theme = Theme::built_in();
        theme.name = name.to_string();
        let themes = root.join("themes");
        let default_dir = themes.join("default");
        if default_dir.is_dir() {
            theme.overlay_dir(root, &default_dir, &allowed, &mut skipped)?;
        }
        if name != "default" {
            let dir = themes.join(name);
            if !dir.is_dir() {
                let available = available_themes(&themes);
                let help = crate::suggest::did_you_mean(name, available.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("themes available: {}", available.join(", ")));
                return Err(Diagnostic::error("E007", "content/site.yaml", format!("no theme `{name}` in `themes/`"))
                    .with_help(help));
            }
            theme.overlay_dir(root, &dir, &allowed, &mut skipped)?;
        }
        Ok((theme, skipped))
    }

    /// The default theme as compiled into the binary.
    pub(crate) fn built_in() -> Theme {
        let mut theme = Theme { name: "default".into(), ..Theme::default() };
        for file in walk_built_in(&BUILT_IN) {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                let origin = PathBuf::from("(built-in theme)").join(name);
                theme.templates.insert(name.to_string(), Template { text, origin });
            } else if let Some(served) = path.strip_prefix("static/") {
                theme.static_files.insert(served.to_string(), ThemeFile::BuiltIn(file.contents()));
            }
        }
        theme
    }

    fn overlay_dir(
        &mut self,
        root: &Path,
        dir: &Path,
        allowed: &[PathBuf],
        skipped: &mut Vec<Skipped>,
    ) -> Result<(), Diagnostic> {
        self.folders.push(dir.to_path_buf());
        for (sub, is_template) in [("templates", true), ("static", false)] {
            let base = dir.join(sub);
            let keep = (!is_template).then(|| base.join(".well-known"));
            let (entries, left_out) = fs::walk(&base, allowed, keep.as_deref());
            skipped.extend(left_out);
            for entry in entries {
                let origin = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                if entry.file_type().is_dir() {
                    continue;
                }
                if !entry.file_type().is_file() {
                    let what = fs::describe(entry.file_type());
                    return Err(Diagnostic::error("E002", origin, format!("this is {what}, not a file"))
                        .with_help("a theme holds only regular files: replace it with one, or remove it"));
                }
                let Ok(relative) = entry.path().strip_prefix(&base) else { continue };
                let key = relative.to_string_lossy().replace('\\', "/");
                if is_template {
                    let text = fs::read_to_string(entry.path())
                        .map_err(|e| Diagnostic::error("E002", origin.clone(), e.cause.to_string()))?;
                    self.templates.insert(key, Template { text, origin });
                } else {
                    self.static_files.insert(key, ThemeFile::Disk(entry.path().to_path_buf()));
                }
            }
        }
        Ok(())
    }
}

/// Every file of the default theme compiled into the binary, each with its path in a theme's
/// folder (`templates/base.html`, `static/css/site.css`), in order.
pub(crate) fn built_in_files() -> Vec<(String, &'static [u8])> {
    walk_built_in(&BUILT_IN)
        .into_iter()
        .map(|file| (file.path().to_string_lossy().replace('\\', "/"), file.contents()))
        .collect()
}

fn walk_built_in(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(walk_built_in(sub));
    }
    files.sort_by_key(|f| f.path());
    files
}

fn available_themes(themes: &Path) -> Vec<String> {
    let mut names = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(themes) {
        names.extend(
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "default"),
        );
    }
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_every_page_template() {
        let theme = Theme::built_in();
        for name in crate::render::required_templates() {
            assert!(theme.templates.contains_key(name), "missing {name}");
        }
        assert!(theme.static_files.contains_key("css/site.css"));
    }

    #[test]
    fn a_theme_overrides_some_templates_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("themes/plain/templates");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("page.html"), "PLAIN {{ page.title }}").unwrap();
        let (theme, _) = Theme::load(dir.path(), "plain").unwrap();
        assert_eq!(theme.templates["page.html"].text, "PLAIN {{ page.title }}");
        assert_eq!(theme.templates["page.html"].origin, Path::new("themes/plain/templates/page.html"));
        assert!(theme.templates["briefing.html"].origin.starts_with("(built-in theme)"));
    }

    #[test]
    fn a_missing_theme_is_an_error_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/minimal")).unwrap();
        let err = Theme::load(dir.path(), "minimol").unwrap_err();
        assert_eq!(err.message, "no theme `minimol` in `themes/`");
        assert_eq!(err.help.as_deref(), Some("did you mean `minimal`?"));
    }
}
