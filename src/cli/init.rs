//! `brief init DIR`: a new site that builds as it is, with one example of each kind of
//! content, a short briefing per feature, a GitHub Pages workflow, and no theme folder (the
//! default theme is built in).
//!
//! Takes: the folder and today's date. Gives: the files of `src/cli/init/`, each written once
//! (never over a file), with the example briefings dated from today.

use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, SUCCESS, USAGE_ERROR, fail};
use crate::date::Date;
use crate::fs;

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (created if missing; must not hold a site already)
    pub(crate) dir: PathBuf,
}

impl InitArgs {
    pub(crate) fn run(self) -> u8 {
        if self.dir.join("content").exists() {
            return fail(
                USAGE_ERROR,
                format!("`{}` already holds a `content/` folder; nothing was written", self.dir.display()),
                Some("choose a new folder"),
            );
        }
        for (path, text) in files(Date::today()) {
            if let Err(e) = fs::write_new(&self.dir.join(path), text.as_bytes()) {
                return fail(CONTENT_ERROR, e, None);
            }
        }
        println!("Created a new site in {}", self.dir.display());
        println!(
            "Next: `brief serve --root {0}` to preview it, `brief build --root {0}` to build it.",
            self.dir.display()
        );
        SUCCESS
    }
}

/// The files of a new site: its path in the site, and its text in `src/cli/init/`. In a text,
/// `{{today}}` is the day `brief init` runs and `{{today-N}}` the day N days before it (N from
/// 1 to 9), so a new site's briefings are recent whenever it is made.
const FILES: [(&str, &str); 20] = [
    (".gitignore", include_str!("init/gitignore")),
    (".github/workflows/pages.yml", include_str!("init/github/pages.yml")),
    ("content/site.yaml", include_str!("init/content/site.yaml")),
    ("content/sources.yaml", include_str!("init/content/sources.yaml")),
    ("content/briefings/welcome.md", include_str!("init/content/briefings/welcome.md")),
    ("content/briefings/linking.md", include_str!("init/content/briefings/linking.md")),
    ("content/briefings/citing.md", include_str!("init/content/briefings/citing.md")),
    ("content/briefings/notes.md", include_str!("init/content/briefings/notes.md")),
    ("content/briefings/key-points.md", include_str!("init/content/briefings/key-points.md")),
    ("content/briefings/figures.md", include_str!("init/content/briefings/figures.md")),
    ("content/briefings/tables.md", include_str!("init/content/briefings/tables.md")),
    ("content/briefings/updates-and-corrections.md", include_str!("init/content/briefings/updates-and-corrections.md")),
    ("content/briefings/bylines.md", include_str!("init/content/briefings/bylines.md")),
    ("content/authors/your-name.md", include_str!("init/content/authors/your-name.md")),
    ("content/organizations/example-forum.md", include_str!("init/content/organizations/example-forum.md")),
    ("content/topics/internet-governance.md", include_str!("init/content/topics/internet-governance.md")),
    ("content/timeline/example-event.md", include_str!("init/content/timeline/example-event.md")),
    ("content/pages/about.md", include_str!("init/content/pages/about.md")),
    ("content/data/example-members.csv", include_str!("init/content/data/example-members.csv")),
    ("content/static/img/example-chart.svg", include_str!("init/content/static/img/example-chart.svg")),
];

/// The files of a new site made on `today`.
pub(super) fn files(today: Date) -> Vec<(&'static str, String)> {
    FILES.iter().map(|&(path, text)| (path, dated(text, today))).collect()
}

/// `text` with `{{today}}` and `{{today-N}}` written as dates.
fn dated(text: &str, today: Date) -> String {
    let mut text = text.replace("{{today}}", &today.iso());
    for days in 1..=9 {
        text = text.replace(&format!("{{{{today-{days}}}}}"), &today.days_before(days).iso());
    }
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn every_file_of_src_cli_init_is_written_once() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli/init");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(|e| e.expect("a readable entry"))
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).expect("inside").to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let mut written: Vec<String> = FILES
            .iter()
            .map(|(path, _)| path.replacen(".github/workflows/", "github/", 1).replacen(".gitignore", "gitignore", 1))
            .collect();
        written.sort();
        assert_eq!(written, on_disk, "src/cli/init/ and FILES in src/cli/init.rs disagree");
    }

    #[test]
    fn the_briefings_are_dated_from_today() {
        let today = Date::parse("2026-03-02").unwrap();
        let files = files(today);
        for (path, text) in &files {
            assert!(!text.contains("{{today"), "{path} has a date left to write");
        }
        let text = |name: &str| files.iter().find(|(p, _)| *p == name).map(|(_, t)| t.as_str()).unwrap();
        assert!(text("content/briefings/welcome.md").contains("\ndate: 2026-03-02\n"));
        assert!(text("content/briefings/tables.md").contains("\ndate: 2026-03-01\n"));
        assert!(text("content/briefings/updates-and-corrections.md").contains("\ndate: 2026-02-23\n"));
    }
}
