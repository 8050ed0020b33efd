//! Load: reads a site from disk.
//!
//! Takes: the site root (the folder holding `content/`). Gives: a [`LoadedSite`]: the parsed
//! `site.yaml`, every content file's text (UTF-8, byte-order mark removed) tagged with its kind
//! and slug, the text of the bibliography (`sources.yaml`, `*.bib`, `*.json`), the static files, the data files of `content/data/`
//! (CSV, as bytes: the parse stage reads them as tables), and the theme. Problems with single
//! files are reported and the file is skipped; a broken `site.yaml` or theme is reported and
//! replaced by defaults so the rest is still checked; only a missing `content/` stops the load.
//! A file of the site read later (by the preview, or for a stylesheet's version) is read and
//! reported the same way: [`read_text`], [`unreadable`].

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::data::{DATA_CAP, DATA_FOLDER, DataFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter;
use crate::fs::{self, Skipped};
use crate::model::{Kind, SiteConfig, TaxonomyId};
use crate::slugs;
use crate::theme::Theme;

/// What a build was asked to do, from the command line.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The site's folder: the one holding `content/` (`--root`).
    pub root: PathBuf,
    /// Replaces `base_url` from `site.yaml` (`--base-url`, or the preview server's address).
    pub base_url: Option<String>,
    /// Include content marked `draft: true`.
    pub drafts: bool,
}

/// A file's text and its path relative to the site root (as messages show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextFile {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

/// A Markdown file of one of the content kinds.
#[derive(Debug, Clone)]
pub(crate) struct ContentFile {
    pub(crate) kind: Kind,
    /// For a term's description, its taxonomy, whose folder holds it.
    pub(crate) taxonomy: Option<TaxonomyId>,
    pub(crate) slug: String,
    /// Relative to the site root, as messages show it.
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

/// A file of `content/static/`, copied as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaticFile {
    /// Where it is served, relative to the site's base: `img/logo.png`.
    pub(crate) url_path: String,
    /// Where it is on disk.
    pub(crate) origin: PathBuf,
}

#[derive(Debug, Clone)]
pub(crate) struct LoadedSite {
    /// The site's folder, as given (messages show paths relative to it).
    pub(crate) root: PathBuf,
    pub(crate) config: SiteConfig,
    pub(crate) config_file: TextFile,
    pub(crate) content: Vec<ContentFile>,
    /// The bibliography: `sources.yaml`, then the `.bib` and `.json` files of `content/`.
    pub(crate) sources: Vec<TextFile>,
    /// The CSL files of `content/`, for `citation_style`.
    pub(crate) styles: Vec<TextFile>,
    pub(crate) static_files: Vec<StaticFile>,
    /// The CSV files of `content/data/`, by name.
    pub(crate) data_files: Vec<DataFile>,
    pub(crate) theme: Theme,
    pub(crate) drafts: bool,
    /// Hidden files and folders of `content/` that were left out (`brief check` lists them).
    pub(crate) hidden: Vec<PathBuf>,
}

/// Reads the site at `options.root`. Returns the site (if it could be read at all) and every
/// problem met on the way.
pub(crate) fn load(options: &LoadOptions) -> (Option<LoadedSite>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let root = &options.root;
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(missing_content(root));
        return (None, diagnostics);
    }
    let config_path = content_dir.join("site.yaml");
    // A broken `site.yaml` is reported, and the rest of the site is still checked with its
    // defaults, so one run reports every independent mistake.
    let (config_file, config) = match read_text(root, &config_path) {
        Ok(file) => {
            let config = parse_config(&file, options, &mut diagnostics);
            (file, config)
        }
        Err(d) => {
            // A file that is there but cannot be read keeps the reader's help; a missing one says
            // what every site needs.
            let d = match config_path.symlink_metadata() {
                Ok(_) => d,
                Err(_) => d.with_help("every site needs `content/site.yaml` with at least `title` and `base_url`"),
            };
            diagnostics.push(d);
            let file = TextFile { path: relative(root, &config_path), text: String::new() };
            // Its missing keys follow from the missing file: not reported again.
            let config = parse_config(&file, options, &mut Diagnostics::new());
            (file, config)
        }
    };
    let theme = match Theme::load(root, &config.theme) {
        Ok((theme, skipped)) => {
            diagnostics.extend(skipped.iter().filter_map(|skip| skipped_warning(root, skip)));
            theme
        }
        Err(d) => {
            diagnostics.push(d);
            Theme::built_in()
        }
    };

    let mut found = walk_content(root, &content_dir, &config, &mut diagnostics);
    diagnostics.extend(served_below_root(&config_file, &config, options.base_url.is_some(), &found.static_files));
    let read: Vec<_> =
        found.markdown.par_iter().map(|(place, slug, path)| (place, slug, read_text(root, path))).collect();
    let mut content = Vec::with_capacity(read.len());
    for (&(kind, taxonomy), slug, result) in read {
        match result {
            Ok(TextFile { path, text }) => content.push(ContentFile { kind, taxonomy, slug: slug.clone(), path, text }),
            Err(d) => diagnostics.push(d),
        }
    }
    // A file that cannot be read is kept without its bytes: a block showing it is not blamed.
    let read_data: Vec<(DataFile, Option<Diagnostic>)> =
        found.data.par_iter().map(|(name, path)| read_data(root, name, path)).collect();
    let mut data_files = Vec::with_capacity(read_data.len());
    for (file, problem) in read_data {
        diagnostics.extend(problem);
        data_files.push(file);
    }
    data_files.sort_by(|a, b| a.name.cmp(&b.name));
    // `sources.yaml` first, then the `.bib` and `.json` files by name: a key used twice is
    // reported at its later place.
    found.bibliographies.sort();
    let mut sources = Vec::new();
    for path in found.sources.iter().chain(&found.bibliographies) {
        match read_text(root, path) {
            Ok(file) => sources.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    found.styles.sort();
    let mut styles = Vec::new();
    for path in &found.styles {
        match read_text(root, path) {
            Ok(file) => styles.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    let site = LoadedSite {
        root: root.clone(),
        config,
        config_file,
        content,
        sources,
        styles,
        static_files: found.static_files,
        data_files,
        theme,
        drafts: options.drafts,
        hidden: found.hidden,
    };
    (Some(site), diagnostics)
}

#[derive(Default)]
struct Found {
    /// Each Markdown file with its kind (and taxonomy), slug and path.
    markdown: Vec<((Kind, Option<TaxonomyId>), String, PathBuf)>,
    sources: Option<PathBuf>,
    /// The `.bib` and `.json` files at the top of `content/`.
    bibliographies: Vec<PathBuf>,
    /// The `.csl` files at the top of `content/`.
    styles: Vec<PathBuf>,
    static_files: Vec<StaticFile>,
    /// Each data file's name and path.
    data: Vec<(String, PathBuf)>,
    hidden: Vec<PathBuf>,
}

/// A warning for something a walk of the site left out, or `None` for a hidden file (which
/// `brief check` lists instead).
pub(crate) fn skipped_warning(root: &Path, skipped: &Skipped) -> Option<Diagnostic> {
    let help = "brief follows symbolic links only into `content/` and `themes/`: copy the files in instead";
    Some(match skipped {
        Skipped::Hidden(_) => return None,
        Skipped::OutsideLink { path, target } => Diagnostic::warning(
            "W005",
            relative(root, path),
            format!("skipped: a symbolic link to `{}`, outside `content/` and `themes/`", target.display()),
        )
        .with_help(help),
        Skipped::BrokenLink(path) => {
            Diagnostic::warning("W005", relative(root, path), "skipped: a symbolic link to nothing")
                .with_help("remove the link, or point it at a file inside the site")
        }
        Skipped::Loop(path) => {
            Diagnostic::warning("W005", relative(root, path), "skipped: a symbolic link to a folder that holds it")
                .with_help("remove the link")
        }
        Skipped::Unreadable { path, error } => {
            Diagnostic::error("E002", relative(root, path), format!("cannot read: {error}"))
                .with_help("check its permissions")
        }
    })
}

fn walk_content(root: &Path, content_dir: &Path, config: &SiteConfig, diagnostics: &mut Diagnostics) -> Found {
    let mut found = Found::default();
    let well_known = content_dir.join("static").join(".well-known");
    let (entries, skipped) = fs::walk(content_dir, &fs::allowed_folders(root), Some(&well_known));
    for skip in &skipped {
        match skip {
            Skipped::Hidden(path) => found.hidden.push(relative(root, path)),
            other => diagnostics.extend(skipped_warning(root, other)),
        }
    }
    for entry in entries {
        let Ok(inner) = entry.path().strip_prefix(content_dir) else { continue };
        let parts: Vec<&str> = inner.iter().map(|p| p.to_str().unwrap_or("\u{fffd}")).collect();
        let file_type = entry.file_type();
        let is_file = file_type.is_file();
        if !is_file && !file_type.is_dir() {
            let what = fs::describe(file_type);
            diagnostics.push(
                Diagnostic::error("E002", relative(root, entry.path()), format!("this is {what}, not a file"))
                    .with_help("brief reads only regular files: replace it with one, or remove it"),
            );
            continue;
        }
        match parts.as_slice() {
            ["static", rest @ ..] if is_file => {
                found.static_files.push(StaticFile { url_path: rest.join("/"), origin: entry.path().to_path_buf() })
            }
            ["static", ..] => {}
            ["site.yaml"] => {}
            [DATA_FOLDER] if !is_file => {}
            [DATA_FOLDER, name, rest @ ..] => {
                let shown = relative(root, entry.path());
                match (rest, is_file) {
                    ([], true) => match name.strip_suffix(".csv") {
                        Some(stem) if slugs::is_valid(stem) => {
                            found.data.push((name.to_string(), entry.path().to_path_buf()))
                        }
                        Some(stem) => diagnostics.push(
                            Diagnostic::error("E004", shown, format!("`{stem}` is not a valid slug for a file name"))
                                .with_help(format!(
                                    "slugs are lower-case letters, digits and single hyphens: rename the file to `{}.csv`",
                                    slugs::slugify(stem)
                                )),
                        ),
                        None => diagnostics.push(
                            Diagnostic::warning("W001", shown, "ignored: `content/data/` holds CSV files (`.csv`)")
                                .with_help("save the table as CSV, or put other downloads in `content/static/`"),
                        ),
                    },
                    ([], false) => diagnostics.push(
                        Diagnostic::warning("W002", shown, "folders inside `content/data/` are ignored")
                            .with_help("move its `.csv` files up into `content/data/`"),
                    ),
                    _ => {}
                }
            }
            ["sources.yaml"] if is_file => found.sources = Some(entry.path().to_path_buf()),
            [name] if is_file && (name.ends_with(".bib") || name.ends_with(".json")) => {
                found.bibliographies.push(entry.path().to_path_buf());
            }
            [name] if is_file && name.ends_with(".csl") => found.styles.push(entry.path().to_path_buf()),
            [folder] if !is_file && config.folder_kind(folder).is_some() => {}
            [folder, file] if config.folder_kind(folder).is_some() => {
                let place = config.folder_kind(folder).unwrap_or((Kind::Page, None));
                let shown = relative(root, entry.path());
                match file.strip_suffix(".md") {
                    Some(slug) if is_file && slugs::is_valid(slug) => {
                        found.markdown.push((place, slug.to_string(), entry.path().to_path_buf()))
                    }
                    Some(slug) if is_file => diagnostics.push(
                        Diagnostic::error("E004", shown, format!("`{slug}` is not a valid slug for a file name"))
                            .with_help(format!(
                                "slugs are lower-case letters, digits and single hyphens: rename the file to `{}.md`",
                                slugs::slugify(slug)
                            )),
                    ),
                    _ if !is_file => diagnostics.push(
                        Diagnostic::warning("W002", shown, "folders inside content folders are ignored")
                            .with_help(format!("move its `.md` files up into `content/{folder}/`")),
                    ),
                    _ => diagnostics.push(
                        Diagnostic::warning("W003", shown, "ignored: only `.md` files are content")
                            .with_help("put images and downloads in `content/static/`"),
                    ),
                }
            }
            [_, _, ..] if parts.first().and_then(|f| config.folder_kind(f)).is_some() => {}
            _ => {
                let what = if is_file { "file" } else { "folder" };
                let folders: Vec<String> = config.content_folders().iter().map(|f| format!("{f}/")).collect();
                let help = format!(
                    "content/ holds site.yaml, sources.yaml, `.bib` and `.json` bibliographies, `.csl` styles, static/, data/ and the folders {}",
                    crate::diagnostics::listed(&folders, "and")
                );
                diagnostics.push(
                    Diagnostic::warning(
                        "W001",
                        relative(root, entry.path()),
                        format!("ignored: this {what} is not part of a brief site"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    found
}

/// The error for a root without `content/`; when the root is itself a `content/` folder, the
/// writer ran brief one folder too deep.
pub(crate) fn missing_content(root: &Path) -> Diagnostic {
    let inside = root.join("site.yaml").is_file()
        || std::path::absolute(root).ok().and_then(|p| p.file_name().map(|n| n == "content")).unwrap_or(false);
    if inside {
        Diagnostic::error("E001", root.join("content"), "this folder is a site's `content/`, not the site")
            .with_help("run brief from the site folder, or pass `--root ..`")
    } else {
        Diagnostic::error("E001", root.join("content"), "no `content/` folder: this is not a brief site")
            .with_help("pass the site's folder with `--root`, or create a site with `brief init DIR`")
    }
}

fn parse_config(file: &TextFile, options: &LoadOptions, diagnostics: &mut Diagnostics) -> SiteConfig {
    let (mut config, errors) = SiteConfig::parse(&file.text);
    for e in errors {
        diagnostics
            .push(Diagnostic::error(e.code, &file.path, e.message).at(&file.text, e.range).with_help_opt(e.help));
    }
    let whole = 0..file.text.len();
    if let Err(message) = check_theme_name(&config.theme) {
        let at = frontmatter::Locator::new(&file.text, Some(&whole)).item("theme", &config.theme);
        diagnostics.push(
            Diagnostic::error("E008", &file.path, message)
                .at(&file.text, at)
                .with_help("write the name of a folder in `themes/`, such as `theme: house`, or leave `theme` out"),
        );
        // The rest of the site is still checked, with the built-in theme.
        config.theme = "default".into();
    }
    let locator = frontmatter::Locator::new(&file.text, None);
    check_language(file, &mut config, diagnostics);
    let from_flag = options.base_url.is_some();
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
    }
    match normalize_base_url(&config.base_url) {
        Ok(url) => config.base_url = url,
        Err(message) => {
            let at = file.text.find(&config.base_url).map_or(0..0, |i| i..i + config.base_url.len());
            let d = if from_flag {
                Diagnostic::error("E006", "--base-url", message)
            } else {
                Diagnostic::error("E006", &file.path, message)
                    .at(&file.text, if at.is_empty() { locator.key("base_url") } else { at })
            };
            diagnostics.push(
                d.with_help("write a full address such as `https://example.org/` or `https://example.org/briefing/`"),
            );
            config.base_url = "https://example.org/".into();
        }
    }
    config
}

/// W007: a site whose address has a path (`https://example.org/briefing/`) is published under
/// it, robots.txt and the files of `content/static/.well-known/` too; crawlers and other
/// clients look for those only at the host's root. Says how to serve them there.
fn served_below_root(
    file: &TextFile,
    config: &SiteConfig,
    from_flag: bool,
    static_files: &[StaticFile],
) -> Option<Diagnostic> {
    let url = &config.base_url;
    let host_end = url.find("://").map(|i| i + 3).and_then(|start| url[start..].find('/').map(|i| start + i))?;
    let (origin, path) = url.split_at(host_end);
    if path == "/" {
        return None;
    }
    let message = format!(
        "`base_url` has a path (`{path}`): robots.txt and `/.well-known/` files must be served from the root of \
         `{origin}/`, not under it"
    );
    let mut help = format!(
        "crawlers read only `{origin}/robots.txt`: copy the robots.txt brief writes (`public/robots.txt`) there, \
         or add its line `Sitemap: {url}sitemap.xml` to the robots.txt already served there"
    );
    let well_known: Vec<&str> =
        static_files.iter().map(|f| f.url_path.as_str()).filter(|p| p.starts_with(".well-known/")).collect();
    for file in well_known.iter().take(3) {
        help.push_str(&format!("; serve `public/{file}` at `{origin}/{file}`"));
    }
    if well_known.len() > 3 {
        help.push_str(&format!(", and the other {} files of `.well-known/` likewise", well_known.len() - 3));
    }
    let d = if from_flag {
        Diagnostic::warning("W007", "--base-url", message)
    } else {
        let written = url.trim_end_matches('/');
        let at = file.text.find(written).map_or(0..0, |i| i..i + written.len());
        Diagnostic::warning("W007", &file.path, message).at(&file.text, at)
    };
    Some(d.with_help(help))
}

/// `language` must be a BCP 47 tag (E020; the site is still checked, in English); a language
/// without the interface's strings built in, whose site does not write them all under
/// `strings:`, falls back to English for the rest, and is told so (W008).
fn check_language(file: &TextFile, config: &mut SiteConfig, diagnostics: &mut Diagnostics) {
    let whole = 0..file.text.len();
    let written = frontmatter::Locator::new(&file.text, Some(&whole));
    let at = || match written.has_key("language") {
        true => written.item("language", &config.language),
        false => 0..0,
    };
    if let Err(suggestion) = crate::language::check(&config.language) {
        let help = match suggestion {
            Some(tag) => format!("did you mean `{tag}`? `language` takes a BCP 47 tag such as `en`, `fr` or `pt-BR`"),
            None => "`language` takes a BCP 47 tag such as `en`, `fr` or `pt-BR`".to_string(),
        };
        diagnostics.push(
            Diagnostic::error("E020", &file.path, format!("`{}` is not a language tag", config.language))
                .at(&file.text, at())
                .with_help(help),
        );
        config.language = "en".into();
        return;
    }
    let missing = crate::i18n::Interface::missing(&config.language, &config.strings);
    if missing > 0 {
        let built_in: Vec<String> = crate::i18n::languages_with_tables().iter().map(|l| format!("`{l}`")).collect();
        diagnostics.push(
            Diagnostic::warning(
                "W008",
                &file.path,
                format!(
                    "brief has no interface strings for `{}`: {missing} of {} fall back to English (dates and numbers follow `{}`)",
                    config.language,
                    crate::i18n::Key::ALL.len(),
                    config.language
                ),
            )
            .at(&file.text, at())
            .with_help(format!(
                "write each string in the language under `strings:` in site.yaml (docs/strings.md lists them all, with their English text); the languages built in are {}",
                crate::diagnostics::listed(&built_in, "and")
            )),
        );
    }
}

/// A theme is a folder of `themes/` named plainly: no path, so that `site.yaml` cannot point
/// the build at a folder outside the site.
pub(crate) fn check_theme_name(name: &str) -> Result<(), String> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control);
    if plain { Ok(()) } else { Err(format!("`{name}` is not a theme name: a theme is a folder of `themes/`")) }
}

/// Checks that `url` is an absolute http(s) address and makes it end with `/`. Every link of
/// the site starts with it, and it is written into attributes, XML and JSON, so characters
/// that would end or bend those (quotes, `<`, `\\`, a backtick, whitespace, control
/// characters) are refused rather than escaped into a broken address. So is what would send
/// readers elsewhere or publish a secret: an empty path segment (`//cdn.example/` after the
/// host reads as another host in every root-relative link), a `.` or `..` segment, a user name
/// or password. A host or path outside ASCII is written as browsers send it (punycode,
/// percent-encoding), so pages, the feed and the sitemap agree.
pub(crate) fn normalize_base_url(url: &str) -> Result<String, String> {
    let shown = url.escape_debug();
    if let Some(bad) = url
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '\\' | '`' | '<' | '>' | '?' | '#'))
    {
        let what = match bad {
            '\t' => "a tab".to_string(),
            c if c.is_whitespace() => format!("whitespace (U+{:04X})", c as u32),
            c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
            c => format!("`{c}`"),
        };
        return Err(format!("base_url `{shown}` contains {what}, which a site address cannot hold"));
    }
    let not_an_address =
        || format!("`{shown}` is not a site address: base_url must start with https:// or http:// and name a host");
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(not_an_address)?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(not_an_address());
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("`{shown}` is not a site address: {e}"))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "base_url `{shown}` holds a user name or password, which every page would publish in its addresses"
        ));
    }
    // The path as written, between the host and the end: segments must name folders.
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let inner = path.strip_prefix('/').unwrap_or(path);
    let segments: Vec<&str> = inner.strip_suffix('/').unwrap_or(inner).split('/').collect();
    if path.len() > 1 && segments.iter().any(|s| s.is_empty() || *s == "." || *s == "..") {
        return Err(format!(
            "base_url `{shown}` has an empty, `.` or `..` folder in its path: links would lead elsewhere \
             (`//` starts another host)"
        ));
    }
    let written = parsed.as_str();
    Ok(if written.ends_with('/') { written.to_string() } else { format!("{written}/") })
}

/// A data file, read whole up to [`DATA_CAP`]: a larger one is an error that says why.
fn read_data(root: &Path, name: &str, path: &Path) -> (DataFile, Option<Diagnostic>) {
    let shown = relative(root, path);
    let problem = match fs::read_capped(path, DATA_CAP) {
        Ok(bytes) => return (DataFile::new(name.to_string(), shown, Some(bytes)), None),
        Err(e) if e.cause.kind() == std::io::ErrorKind::FileTooLarge => {
            Diagnostic::error("E002", &shown, e.cause.to_string()).with_help(
                "a table on a page is read, not searched: show a summary of the data in content/data/, and \
                 publish the whole file from content/static/ with a link to it",
            )
        }
        Err(e) => unreadable(root, &e),
    };
    (DataFile::new(name.to_string(), shown, None), Some(problem))
}

/// E002 for a file of the site at `root` that could not be read, with help that fits why.
pub fn unreadable(root: &Path, e: &fs::FsError) -> Diagnostic {
    let help = match e.cause.kind() {
        std::io::ErrorKind::InvalidInput => "brief reads only regular files: replace it with one",
        std::io::ErrorKind::FileTooLarge => "split it into smaller files",
        std::io::ErrorKind::NotFound => "create it, or check the path",
        _ => "check that the file is readable",
    };
    Diagnostic::error("E002", relative(root, &e.path), e.cause.to_string()).with_help(help)
}

/// Reads `path` as UTF-8 text, dropping a byte-order mark.
pub(crate) fn read_text(root: &Path, path: &Path) -> Result<TextFile, Diagnostic> {
    let shown = relative(root, path);
    let bytes = fs::read(path).map_err(|e| unreadable(root, &e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    match String::from_utf8(bytes) {
        Ok(text) => match crate::text::forbidden_control(&shown, &text) {
            Some(diagnostic) => Err(diagnostic),
            None => Ok(TextFile { path: shown, text }),
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let line = before.matches('\n').count() + 1;
            Err(Diagnostic::error("E003", shown, format!("the file is not valid UTF-8 (line {line}, byte {at})"))
                .with_help("save the file as UTF-8 text"))
        }
    }
}

/// `path` relative to the site root, as messages show it.
pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        dir
    }

    fn load_dir(dir: &Path) -> (Option<LoadedSite>, Diagnostics) {
        load(&LoadOptions { root: dir.to_path_buf(), ..LoadOptions::default() })
    }

    const CONFIG: (&str, &[u8]) = ("content/site.yaml", b"title: T\nbase_url: https://example.org\n");

    #[test]
    fn files_are_sorted_into_kinds_with_their_slugs() {
        let dir = site(&[
            CONFIG,
            ("content/briefings/b.md", b"x"),
            ("content/briefings/a.md", b"x"),
            ("content/timeline/e.md", b"x"),
            ("content/static/img/logo.png", b"png"),
            ("content/briefings/.a.md.swp", b"x"),
            ("content/briefings/a.md~", b"x"),
        ]);
        let (site, diagnostics) = load_dir(dir.path());
        let site = site.unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let found: Vec<_> = site.content.iter().map(|f| (f.kind, f.slug.as_str())).collect();
        assert_eq!(found, [(Kind::Briefing, "a"), (Kind::Briefing, "b"), (Kind::Event, "e")]);
        assert_eq!(site.static_files[0].url_path, "img/logo.png");
        assert_eq!(site.config.base_url, "https://example.org/");
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_non_utf8_is_an_error() {
        let dir =
            site(&[CONFIG, ("content/pages/a.md", b"\xEF\xBB\xBF---\n"), ("content/pages/b.md", b"ok\n\xFF\xFE")]);
        let (site, diagnostics) = load_dir(dir.path());
        assert_eq!(site.unwrap().content[0].text, "---\n");
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.file, Path::new("content/pages/b.md"));
        assert!(d.message.contains("not valid UTF-8 (line 2"), "{}", d.message);
    }

    #[test]
    fn file_names_that_are_not_slugs_are_errors_with_the_slug_to_use() {
        let dir = site(&[CONFIG, ("content/briefings/My Note.md", b"x")]);
        let (_, diagnostics) = load_dir(dir.path());
        let d = diagnostics.iter().next().unwrap();
        assert!(d.is_error());
        assert!(d.help.as_deref().unwrap().contains("`my-note.md`"));
    }

    #[test]
    fn stray_files_are_warned_about() {
        let dir = site(&[CONFIG, ("content/notes.txt", b"x"), ("content/briefings/img.png", b"x")]);
        let (_, diagnostics) = load_dir(dir.path());
        assert_eq!(diagnostics.warning_count(), 2);
    }

    #[test]
    fn a_missing_content_folder_stops_the_load_but_a_missing_site_yaml_does_not() {
        let dir = site(&[]);
        let (loaded, diagnostics) = load_dir(dir.path());
        assert!(loaded.is_none());
        assert!(diagnostics.iter().next().unwrap().message.contains("no `content/` folder"));
        let dir = site(&[("content/briefings/a.md", b"x")]);
        let (loaded, diagnostics) = load_dir(dir.path());
        assert_eq!(diagnostics.error_count(), 1, "one missing file, one error: {diagnostics:?}");
        assert_eq!(loaded.unwrap().content.len(), 1, "the content is still read, to be checked");
    }

    #[test]
    fn running_inside_content_says_to_run_from_the_site_folder() {
        let dir = site(&[CONFIG]);
        let (_, diagnostics) = load_dir(&dir.path().join("content"));
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.help.as_deref(), Some("run brief from the site folder, or pass `--root ..`"));
    }

    #[test]
    fn a_bad_setting_takes_its_default_and_the_rest_is_read() {
        let dir = site(&[
            (
                "content/site.yaml",
                b"title: T
base_url: https://example.org
timeline_order: upward
language: french
",
            ),
            ("content/briefings/a.md", b"x"),
        ]);
        let (loaded, diagnostics) = load_dir(dir.path());
        let loaded = loaded.unwrap();
        assert_eq!(loaded.config.base_url, "https://example.org/");
        let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.location.as_ref().unwrap().line)).collect();
        assert_eq!(found, [("E015", 3), ("E020", 4)]);
        assert!(diagnostics.iter().nth(1).unwrap().help.as_deref().unwrap().starts_with("did you mean `fr`?"));
        assert_eq!(loaded.config.language, "en");
    }

    #[test]
    fn base_urls_must_be_absolute() {
        assert_eq!(normalize_base_url("https://example.org/briefing").unwrap(), "https://example.org/briefing/");
        assert!(normalize_base_url("/briefing/").is_err());
        assert!(normalize_base_url("example.org").is_err());
        assert!(normalize_base_url("https://").is_err());
    }

    #[test]
    fn base_urls_with_whitespace_controls_quotes_or_backslashes_are_refused() {
        for bad in [
            "https://example.org/a\tb/",
            "https://example.org/\u{7}/",
            "https://example.org/\u{0}",
            "https://exa\u{1b}mple.org/",
            "https://example.org/\u{85}",
            "https://example.org/\"onmouseover=x",
            "https://example.org/'x",
            "https://example.org\\evil.org/",
            "https://example.org/`x`",
            "https://example.org/a b/",
            " https://example.org/",
            "https://example.org/\n",
            "https://example.org/\u{a0}x",
            "https://example.org/\u{2028}",
            "https://example.org/<x>",
            "https://example.org/?q=1",
            "https://example.org/#top",
        ] {
            let message = normalize_base_url(bad).expect_err(bad);
            assert!(message.contains("base_url"), "{message}");
            assert!(!message.chars().any(char::is_control), "raw control character in {message:?}");
        }
        let message = normalize_base_url("https://example.org/a\tb/").unwrap_err();
        assert!(message.contains("a tab") && message.contains("a\\tb"), "{message}");
        assert!(normalize_base_url("https://example.org/\u{7}").unwrap_err().contains("U+0007"));
        assert_eq!(normalize_base_url("http://127.0.0.1:1111").unwrap(), "http://127.0.0.1:1111/");
        assert_eq!(normalize_base_url("https://example.org/b%C3%A9/").unwrap(), "https://example.org/b%C3%A9/");
        assert_eq!(normalize_base_url("https://example.org/bé/").unwrap(), "https://example.org/b%C3%A9/");
        assert_eq!(normalize_base_url("https://Exämple.org").unwrap(), "https://xn--exmple-cua.org/");
    }

    #[test]
    fn base_urls_that_would_lead_elsewhere_or_publish_a_secret_are_refused() {
        for bad in [
            "https://example.org//cdn.evil.example/",
            "https://example.org/a//b/",
            "https://example.org/a/../b/",
            "https://example.org/./",
            "https://user:pw@example.org/",
            "https://user@example.org/",
            "https://example.org:99999/",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
        assert!(normalize_base_url("https://example.org//x/").unwrap_err().contains("`//` starts another host"));
        assert!(normalize_base_url("https://a:b@example.org/").unwrap_err().contains("user name or password"));
    }
}
