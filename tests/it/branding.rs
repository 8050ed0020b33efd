//! Branding without forking: `site.yaml`'s `logo`, `favicon`, `menu`, `footer_text`,
//! `footer_links`, `social_image` and `custom_css` (and a briefing's own `social_image`) change
//! what every page shows, with the default theme; `brief theme eject` writes the built-in theme
//! into the site, which then builds the very same pages until a file of it is changed.

use crate::common;
use crate::figures::png;

use common::{SITE_YAML, TestSite, start_tags};

const SVG_LOGO: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 60\"><rect width=\"240\" height=\"60\"/></svg>";

const BRANDED: &str = "title: Centre for Digital Policy
base_url: https://example.org/briefing/
logo: /img/logo.svg
favicon: /favicon.png
social_image: /img/card.png
custom_css: /css/house.css
footer_text: \"© 2026 Centre for Digital Policy\"
menu:
  - label: Research
    url: /briefings/
  - label: Who we are
    url: /about/
  - label: Our institute
    url: https://institute.example.net/
footer_links:
  - label: Write to us
    url: mailto:press@example.org
  - label: Topics
    url: /topics/#t
";

/// A site with every branding setting, a page, two briefings (one with a social image of its
/// own) and the files they name.
fn branded_site() -> TestSite {
    let site = TestSite::new()
        .file("content/site.yaml", BRANDED)
        .file("content/static/img/logo.svg", SVG_LOGO)
        .file("content/static/css/house.css", "body { --accent: #7a1f3d; }\n")
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are.\n")
        .briefing("plain", "topics: [t]\n", "Text.\n")
        .briefing("pictured", "social_image: /img/cards/pictured.png\n", "Text.\n");
    site.write("content/static/img/card.png", &png(1200, 630));
    site.write("content/static/img/cards/pictured.png", &png(800, 418));
    site.write("content/static/favicon.png", &png(32, 32));
    site
}

#[test]
fn site_yaml_gives_every_page_its_logo_icon_menu_footer_and_stylesheet() {
    let site = branded_site();
    site.build().expect_success();
    let home = site.page("index.html");

    let logo = &start_tags(&home, "img")[0];
    assert_eq!(logo["class"], "site-logo");
    assert_eq!(logo["src"], "/briefing/img/logo.svg");
    assert_eq!((logo["width"].as_str(), logo["height"].as_str()), ("240", "60"), "sized from the file's viewBox");
    assert_eq!(logo["alt"], "Centre for Digital Policy", "the title is the logo's text");

    let icons: Vec<_> = start_tags(&home, "link").into_iter().filter(|l| l["rel"] == "icon").collect();
    assert_eq!(icons.len(), 1, "the site's icon replaces the theme's");
    assert_eq!((icons[0]["href"].as_str(), icons[0]["type"].as_str()), ("/briefing/favicon.png", "image/png"));

    let nav = home.split("<nav class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).expect("the nav");
    let hrefs: Vec<String> = start_tags(nav, "a").into_iter().map(|a| a["href"].clone()).collect();
    assert_eq!(hrefs, ["/briefing/briefings/", "/briefing/about/", "https://institute.example.net/"]);
    let text = common::without_tags(nav.split_once('>').map_or(nav, |(_, inside)| inside));
    let labels: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(labels.join(" "), "Research Who we are Our institute", "the menu's labels, in its order");

    let footer = home.split("<footer").nth(1).expect("the footer");
    assert!(footer.contains("<p class=\"footer-text\">© 2026 Centre for Digital Policy</p>"), "{footer}");
    let footer_hrefs: Vec<String> = start_tags(footer, "a").into_iter().map(|a| a["href"].clone()).collect();
    assert_eq!(footer_hrefs[1..3], ["mailto:press@example.org", "/briefing/topics/#t"], "{footer_hrefs:?}");
    assert!(!footer_hrefs.contains(&"/briefing/about/".to_string()), "footer_links replace the pages' links");

    // The site's stylesheet comes after the theme's, so its rules win.
    let sheets: Vec<String> = start_tags(&home, "link")
        .into_iter()
        .filter(|l| l["rel"] == "stylesheet" && !l.contains_key("media"))
        .map(|l| l["href"].clone())
        .collect();
    assert_eq!(sheets.len(), 2, "{sheets:?}");
    assert!(sheets[0].starts_with("/briefing/css/site.css?v="), "{sheets:?}");
    assert!(sheets[1].starts_with("/briefing/css/house.css?v="), "versioned like the theme's: {sheets:?}");
    assert_eq!(site.page("css/house.css"), "body { --accent: #7a1f3d; }\n");

    // The menu marks the section a page belongs to.
    let briefing = site.page("briefings/plain/index.html");
    assert!(briefing.contains("<a href=\"/briefing/briefings/\" aria-current=\"page\">Research</a>"), "{briefing}");
}

/// The `content` of each `<meta>` of `html` whose `property` or `name` is `key`.
fn meta(html: &str, key: &str) -> Vec<String> {
    start_tags(html, "meta")
        .into_iter()
        .filter(|m| m.get("property").or(m.get("name")).is_some_and(|k| k == key))
        .filter_map(|m| m.get("content").cloned())
        .collect()
}

#[test]
fn social_cards_show_the_site_s_picture_or_a_briefing_s_own_with_full_addresses_and_sizes() {
    let site = branded_site();
    site.build().expect_success();
    for page in ["index.html", "briefings/plain/index.html", "about/index.html", "topics/t/index.html"] {
        let html = site.page(page);
        assert_eq!(meta(&html, "og:image"), ["https://example.org/briefing/img/card.png"], "{page}");
        assert_eq!(
            (meta(&html, "og:image:width"), meta(&html, "og:image:height")),
            (vec!["1200".into()], vec!["630".into()])
        );
        assert_eq!(meta(&html, "twitter:card"), ["summary_large_image"], "{page}");
        assert_eq!(meta(&html, "twitter:image"), ["https://example.org/briefing/img/card.png"], "{page}");
    }
    let own = site.page("briefings/pictured/index.html");
    assert_eq!(meta(&own, "og:image"), ["https://example.org/briefing/img/cards/pictured.png"]);
    assert_eq!((meta(&own, "og:image:width"), meta(&own, "og:image:height")), (vec!["800".into()], vec!["418".into()]));
}

#[test]
fn without_the_settings_a_site_keeps_the_theme_s_header_icon_navigation_and_footer() {
    let site = TestSite::new()
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are.\n")
        .briefing("a", "", "Text.\n");
    site.build().expect_success();
    let home = site.page("index.html");
    assert!(home.contains("aria-current=\"page\">Test Briefings</a>"), "the title as text");
    assert!(start_tags(&home, "img").is_empty());
    assert!(home.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"));
    assert!(site.has_page("favicon.svg"));
    for nav in ["/briefings/", "/organizations/", "/topics/", "/timeline/", "/sources/", "/about/"] {
        assert!(home.contains(&format!("<li><a href=\"{nav}\">")), "{nav} missing from the navigation");
    }
    assert!(
        home.contains("<ul class=\"footer-links\">\n<li><a href=\"/about/\">About</a></li>"),
        "the pages in the footer"
    );
    assert!(!home.contains("footer-text"));
    assert!(meta(&home, "og:image").is_empty());
    assert_eq!(meta(&home, "twitter:card"), ["summary"]);
    assert_eq!(
        start_tags(&home, "link").iter().filter(|l| l["rel"] == "stylesheet").count(),
        2,
        "site.css and print.css"
    );
}

#[test]
fn an_empty_menu_shows_no_navigation_links() {
    let site =
        TestSite::new().file("content/site.yaml", &format!("{SITE_YAML}menu: []\n")).briefing("a", "", "Text.\n");
    site.build().expect_success();
    let home = site.page("index.html");
    let nav = home.split("<nav class=\"site-nav\"").nth(1).and_then(|n| n.split("</nav>").next()).expect("the nav");
    assert!(start_tags(nav, "a").is_empty(), "{nav}");
}

/// Every file of `public/` that differs between two snapshots, or is in one only.
fn differing(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut files: Vec<String> = a.keys().chain(b.keys()).filter(|f| a.get(*f) != b.get(*f)).cloned().collect();
    files.sort();
    files.dedup();
    files
}

fn plain_site() -> TestSite {
    TestSite::new()
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nWho we are.\n")
        .organization("o", "An organization", "")
        .briefing("a", "organizations: [o]\ntopics: [t]\n", "Text about [[o]].\n")
}

#[test]
fn an_ejected_theme_builds_the_same_site_by_either_name_and_a_changed_template_changes_only_its_pages() {
    let site = plain_site();
    site.build().expect_success();
    let built_in = site.snapshot();

    let ejected = site.run(&["theme", "eject", "house"]);
    ejected
        .expect_success()
        .expect_stdout("Wrote brief's default theme into themes/house/")
        .expect_stdout("theme: house");
    assert!(ejected.stdout.contains("themes/house/templates/base.html"), "it lists what it wrote:\n{}", ejected.stdout);
    assert!(site.path("themes/house/static/css/site.css").is_file());
    site.write("content/site.yaml", format!("{SITE_YAML}theme: house\n").as_bytes());
    site.build().expect_success();
    assert_eq!(differing(&built_in, &site.snapshot()), Vec::<String>::new(), "the ejected theme builds the same site");

    // `default` is the built-in theme's own folder: used without `theme:`.
    site.write("content/site.yaml", SITE_YAML.as_bytes());
    site.run(&["theme", "eject"]).expect_success().expect_stdout("themes/default/");
    site.build().expect_success();
    assert_eq!(differing(&built_in, &site.snapshot()), Vec::<String>::new());

    // A change to one template of the theme changes only the pages made with it.
    let page = site.path("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&page).expect("the ejected page.html");
    std::fs::write(&page, text.replace("{% block main %}", "{% block main %}<p class=\"house-note\">Ours.</p>"))
        .expect("write page.html");
    site.build().expect_success();
    assert_eq!(differing(&built_in, &site.snapshot()), ["about/index.html"]);
    assert!(site.page("about/index.html").contains("<p class=\"house-note\">Ours.</p>"));
}

#[test]
fn a_site_theme_of_one_template_inherits_the_rest_and_changes_only_that_template_s_pages() {
    let site = plain_site();
    site.build().expect_success();
    let built_in = site.snapshot();
    let page = include_str!("../../themes/default/templates/organization.html");
    let site = site.file("content/site.yaml", &format!("{SITE_YAML}theme: slim\n")).file(
        "themes/slim/templates/organization.html",
        &page.replace("{% block main %}", "{% block main %}<p>Slim.</p>"),
    );
    site.build().expect_success();
    assert_eq!(differing(&built_in, &site.snapshot()), ["organizations/o/index.html"]);
}

#[test]
fn eject_refuses_a_theme_folder_that_exists_unless_forced_and_a_folder_without_a_site() {
    let site = plain_site().file("themes/house/templates/page.html", "MINE");
    site.run(&["theme", "eject", "house"])
        .expect_code(2)
        .expect_stderr("`themes/house/` already exists; nothing was written")
        .expect_stderr("--force");
    assert_eq!(std::fs::read_to_string(site.path("themes/house/templates/page.html")).unwrap(), "MINE");
    assert!(!site.path("themes/house/templates/base.html").exists(), "nothing was written");

    let site = site.file("themes/house/NOTES.md", "keep me");
    site.run(&["theme", "eject", "house", "--force"]).expect_success();
    let page = std::fs::read_to_string(site.path("themes/house/templates/page.html")).unwrap();
    assert_eq!(page, include_str!("../../themes/default/templates/page.html"), "--force writes the theme over it");
    assert_eq!(std::fs::read_to_string(site.path("themes/house/NOTES.md")).unwrap(), "keep me");

    let empty = tempfile::tempdir().expect("a folder");
    common::run_in(empty.path(), &["theme", "eject"]).expect_code(2).expect_stderr("no `content/` folder");
    assert!(!empty.path().join("themes").exists());
    site.run(&["theme", "eject", "../elsewhere"]).expect_code(2).expect_stderr("is not a theme name");
}
