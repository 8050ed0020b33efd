//! The site `brief init` writes, as a new user meets it: it checks with no error and no
//! warning, each of its example briefings shows its feature, and its GitHub Pages workflow is
//! valid YAML whose build step, run here as the workflow runs it, publishes a site whose every
//! link resolves under the repository's path.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{TestSite, all_start_tags, run_in, snapshot};

/// The address `actions/configure-pages` gives a project site: no `/` at the end.
const PAGES_BASE_URL: &str = "https://owner.github.io/repo";
/// Its host, where the links of its pages lead.
const PAGES_HOST: &str = "https://owner.github.io";

/// A new site in `site/` of a fresh folder.
fn new_site() -> TestSite {
    let dir = TestSite::bare();
    dir.run(&["init", "site"]).expect_success();
    dir
}

fn workflow(dir: &TestSite) -> serde_yaml::Value {
    let text = std::fs::read_to_string(dir.path("site/.github/workflows/pages.yml")).expect("the workflow");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("the workflow is not YAML: {e}\n{text}"))
}

/// The steps of the workflow's job `job`.
fn steps<'a>(workflow: &'a serde_yaml::Value, job: &str) -> &'a [serde_yaml::Value] {
    workflow["jobs"][job]["steps"].as_sequence().map_or(&[], |s| s.as_slice())
}

fn text<'a>(value: &'a serde_yaml::Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

#[test]
fn a_new_site_checks_with_no_error_and_no_warning() {
    let dir = new_site();
    let run = run_in(&dir.path("site"), &["check", "--deny-warnings"]);
    run.expect_success().expect_stdout("0 errors, 0 warnings");
    for kind in ["9 briefings", "1 organization", "1 topic", "1 event", "1 page", "1 author", "2 sources"] {
        assert!(run.stdout.contains(kind), "no {kind}:\n{}", run.stdout);
    }
}

#[test]
fn the_welcome_briefing_is_dated_today_and_the_examples_before_it() {
    let dir = new_site();
    let today = chrono::Local::now().date_naive();
    let welcome = std::fs::read_to_string(dir.path("site/content/briefings/welcome.md")).expect("welcome");
    assert!(welcome.contains(&format!("\ndate: {}\n", today.format("%Y-%m-%d"))), "{welcome}");
    let yesterday = today.pred_opt().expect("a day before");
    let tables = std::fs::read_to_string(dir.path("site/content/briefings/tables.md")).expect("tables");
    assert!(tables.contains(&format!("\ndate: {}\n", yesterday.format("%Y-%m-%d"))), "{tables}");
}

#[test]
fn the_workflow_is_yaml_that_builds_with_brief_and_deploys_to_pages() {
    let dir = new_site();
    let workflow = workflow(&dir);
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    let build = steps(&workflow, "build");
    let names: Vec<&str> = build.iter().map(|s| text(s, "name")).collect();
    assert!(names.iter().all(|n| !n.is_empty()), "a step has no name: {names:?}");
    let uses: Vec<&str> = build.iter().map(|s| text(s, "uses")).filter(|u| !u.is_empty()).collect();
    for action in ["actions/checkout@", "actions/configure-pages@", "actions/upload-pages-artifact@"] {
        assert!(uses.iter().any(|u| u.starts_with(action)), "no {action} in {uses:?}");
    }
    let upload = build.iter().find(|s| text(s, "uses").starts_with("actions/upload-pages-artifact@")).expect("upload");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    let pages = build.iter().find(|s| text(s, "uses").starts_with("actions/configure-pages@")).expect("pages");
    assert_eq!(pages["id"].as_str(), Some("pages"), "the build step reads steps.pages.outputs.base_url");
    assert!(names.contains(&"Install brief") && names.contains(&"Build the site"), "{names:?}");
    let deploy = steps(&workflow, "deploy");
    assert!(deploy.iter().any(|s| text(s, "uses").starts_with("actions/deploy-pages@")), "{deploy:?}");
    assert_eq!(workflow["jobs"]["deploy"]["needs"].as_str(), Some("build"));
}

/// The build step's command, with what GitHub fills in: `brief` and its arguments.
fn build_command(workflow: &serde_yaml::Value) -> Vec<String> {
    let step = steps(workflow, "build").iter().find(|s| text(s, "name") == "Build the site").expect("a build step");
    let run = text(step, "run").trim().replace("${{ steps.pages.outputs.base_url }}", PAGES_BASE_URL);
    assert!(!run.contains("${{"), "the build step reads more than the Pages address: {run}");
    // Words, and double-quoted words, as the shell splits this line (it has no other quoting).
    let mut words = Vec::new();
    for (i, part) in run.split('"').enumerate() {
        if i % 2 == 1 {
            words.push(part.to_string());
        } else {
            words.extend(part.split_whitespace().map(str::to_string));
        }
    }
    assert_eq!(words.first().map(String::as_str), Some("brief"), "{run}");
    words.split_off(1)
}

/// `path` of a site path under `/repo/`, as a static file server maps it into `public/`.
fn served_file(path: &str) -> String {
    let path = path.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

#[test]
fn the_workflows_build_step_publishes_every_page_under_the_repositorys_path() {
    let dir = new_site();
    let args = build_command(&workflow(&dir));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_in(&dir.path("site"), &args);
    run.expect_success();
    let files: BTreeMap<String, Vec<u8>> = snapshot(&dir.path("site/public"));
    let mut checked = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for tag in all_start_tags(&html) {
            for (name, value) in &tag.attributes {
                if !matches!(name.as_str(), "href" | "src") {
                    continue;
                }
                let site_path = if let Some(path) = value.strip_prefix(PAGES_HOST) {
                    path
                } else if value.starts_with('/') && !value.starts_with("//") {
                    value
                } else {
                    continue;
                };
                let Some(in_public) = site_path.strip_prefix("/repo/") else {
                    panic!("{page}: {} leads out of /repo/", tag.text)
                };
                let file = served_file(in_public);
                assert!(files.contains_key(&file), "{page}: {} leads to /repo/{in_public}, not served", tag.text);
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn each_example_briefing_shows_its_feature() {
    let dir = new_site();
    run_in(&dir.path("site"), &["build"]).expect_success();
    let page = |slug: &str| {
        std::fs::read_to_string(dir.path(&format!("site/public/briefings/{slug}/index.html")))
            .unwrap_or_else(|e| panic!("{slug}: {e}"))
    };
    let shows = |slug: &str, what: &str, parts: &[&str]| {
        let html = page(slug);
        for part in parts {
            assert!(html.contains(part), "{slug} does not show {what}: no {part:?}");
        }
    };
    shows(
        "linking",
        "links to an organization, a topic, an event and a heading",
        &[
            "href=\"/organizations/example-forum/\"",
            "href=\"/topics/internet-governance/\"",
            "href=\"/timeline/#example-event\"",
            "href=\"/briefings/welcome/#next-steps\"",
        ],
    );
    shows("citing", "citations with locators", &["Example Institute 2026, 4</a>", "Doe 2025, 12–14</a>"]);
    shows("notes", "footnotes", &["id=\"fn-where\"", "id=\"fn-back\""]);
    shows(
        "key-points",
        "key points and recommendations",
        &["A reader who stops here knows what the briefing found.", "Say who should do what, and by when."],
    );
    shows(
        "figures",
        "a figure from a local SVG",
        &["<figure id=\"fig-example-chart\"", "src=\"/img/example-chart.svg\""],
    );
    shows("tables", "a table from CSV", &["id=\"tbl-example-members\"", "href=\"/data/example-members.csv\""]);
    shows(
        "updates-and-corrections",
        "an update and a correction",
        &["Added the forum&#39;s membership in 2021.", "The forum was founded in 2011, not 2012."],
    );
    shows("bylines", "an author", &["href=\"/authors/your-name/\""]);
    let corrections = std::fs::read_to_string(dir.path("site/public/corrections/index.html")).expect("corrections");
    assert!(corrections.contains("/briefings/updates-and-corrections/"), "{corrections}");
    let welcome = page("welcome");
    for slug in ["linking", "citing", "notes", "key-points", "figures", "tables", "updates-and-corrections", "bylines"]
    {
        assert!(welcome.contains(&format!("href=\"/briefings/{slug}/\"")), "the welcome briefing does not link {slug}");
    }
    assert!(Path::new(&dir.path("site/public/img/example-chart.svg")).is_file());
}
