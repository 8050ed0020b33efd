//! Themes: a site theme may replace some templates and keep the rest of the default theme; a
//! theme that does not exist is an error; a site without `themes/` uses the built-in theme.

use crate::common;

use common::{SITE_YAML, TestSite};

const CUSTOM_PAGE: &str = "<!doctype html>\n<html lang=\"{{ site.language }}\">\n<title>{{ page.title }}</title>\n\
<body class=\"custom-theme\">\n<h1 class=\"custom-title\">{{ page.title }}</h1>\n{{ page.content | safe }}\n</body>\n</html>\n";

fn site_with_theme(theme: &str) -> TestSite {
    TestSite::new()
        .file("content/site.yaml", &format!("{SITE_YAML}theme: {theme}\n"))
        .sources("- id: heel-turn\n  title: The Heel Turn\n  url: https://example.org/heel-turn\n")
        .briefing("exit", "sources: [heel-turn]\n", "## Background\n\nText.\n")
        .file("content/pages/about.md", "---\ntitle: About us\n---\n\nWho we are.\n")
}

#[test]
fn a_theme_template_is_used_for_free_pages_and_the_default_theme_for_the_rest() {
    let site = site_with_theme("custom").file("themes/custom/templates/page.html", CUSTOM_PAGE);
    site.build().expect_success();

    let about = site.page("about/index.html");
    assert!(about.contains("<body class=\"custom-theme\">"), "{about}");
    assert!(about.contains("<h1 class=\"custom-title\">About us</h1>"), "{about}");
    assert!(about.contains("<p>Who we are.</p>"), "{about}");
    assert!(!about.contains("site-header"), "the free page still uses the default template:\n{about}");

    let briefing = site.page("briefings/exit/index.html");
    assert!(!briefing.contains("custom-theme"), "the briefing uses the theme's page template:\n{briefing}");
    assert!(briefing.contains("<h1>Briefing exit</h1>"), "{briefing}");
    assert!(briefing.contains("site-header"), "the briefing lost the default layout:\n{briefing}");
    assert!(site.page("index.html").contains("site-header"));
    // The theme has no static files: the default theme's stylesheet is still there.
    assert!(site.has_page("css/site.css"));
}

#[test]
fn a_missing_theme_is_an_error_suggesting_an_existing_one() {
    let site = site_with_theme("custm")
        .file("themes/custom/templates/page.html", CUSTOM_PAGE)
        .file("themes/zebra/templates/page.html", CUSTOM_PAGE);
    let build = site.build();
    build
        .expect_failure()
        .expect_report("error[E007]: content/site.yaml")
        .expect_report("no theme `custm` in `themes/`")
        .expect_report("help: did you mean `custom`?");
    assert!(!site.path("public").exists(), "a failed build wrote public/");
}

#[test]
fn a_missing_theme_with_nothing_close_lists_the_themes() {
    let site = site_with_theme("brutalist").file("themes/custom/templates/page.html", CUSTOM_PAGE);
    let build = site.build();
    build
        .expect_failure()
        .expect_report("no theme `brutalist` in `themes/`")
        .expect_report("help: themes available: custom, default");
}

#[test]
fn a_site_without_a_themes_folder_uses_the_built_in_theme() {
    let site = site_with_theme("default");
    assert!(!site.path("themes").exists());
    site.build().expect_success();
    let built_in = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/css/site.css"))
        .expect("the default theme's stylesheet");
    let written = std::fs::read(site.path("public/css/site.css")).expect("public/css/site.css");
    assert!(written == built_in, "public/css/site.css is not the built-in theme's stylesheet");
    assert!(site.has_page("css/print.css"));
    assert!(site.has_page("js/site.js"));
    let page = site.page("briefings/exit/index.html");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/css/site.css?v="), "{page}");
}

#[test]
fn a_site_yaml_without_a_theme_uses_the_built_in_theme() {
    let site = TestSite::new().briefing("a", "", "Hello.\n");
    site.build().expect_success();
    assert!(site.has_page("css/site.css"));
    assert!(site.page("briefings/a/index.html").contains("site-header"));
}
