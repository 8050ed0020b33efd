//! The site's vocabulary: the status a site tracks for organizations (`status` in `site.yaml`)
//! and its taxonomies (`taxonomies`). The fixture `tests/fixtures/eu-position/` is a French
//! publication (`language: fr`) that tracks the EU's position (`position_ue`) with values
//! adoptée, en négociation and bloquée, and classifies its briefings by thèmes and régions:
//! its badges, filters, groups, exports, term pages and messages follow that vocabulary, its
//! interface reads in French and nothing of the shipped site's shows. A site with no status
//! has none of it; and the engine and the default theme hold no words of the shipped site's
//! own subject.

use serde_json::Value;

use crate::common;

use common::{PLAIN_SITE_YAML, TestSite, copy_dir, repository};

/// The fixture site of `tests/fixtures/eu-position/`, in French, copied into a temporary folder.
pub(crate) fn eu_site() -> TestSite {
    let site = TestSite::bare();
    copy_dir(&repository().join("tests/fixtures/eu-position/content"), &site.path("content"));
    site
}

fn json(site: &TestSite, file: &str) -> Value {
    serde_json::from_str(&site.page(file)).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

/// The text of the element that starts with `start` in `html`, up to `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let rest = &html[at..];
    &rest[..rest.find(end).map_or(rest.len(), |i| i + end.len())]
}

#[test]
fn the_fixture_builds_clean_and_says_nothing_of_the_shipped_sites_subject() {
    let site = eu_site();
    site.build().expect_clean();
    for (path, bytes) in common::snapshot(&site.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        for word in ["U.S.", "United States", "us_status", "ithdraw"] {
            assert!(!text.contains(word), "{path} says {word:?}");
        }
    }
}

/// English texts of the interface (the `en` table of `src/i18n/keys.rs`), one or more from
/// each kind of page: none shows on a page of a French site.
const ENGLISH: &[&str] = &[
    "Skip to content",
    "Search the site",
    "\"Site search\"",
    "Latest briefings",
    "All briefings",
    "Organizations at a glance",
    "All organizations",
    "Most recent on the timeline",
    "The whole timeline",
    "min read",
    "Key points",
    "How to cite this briefing",
    "Download the reference",
    "All citations",
    "Referenced in",
    "Links in the text",
    "Status history",
    "Status change",
    "from this day",
    "earliest first",
    "Dates are as precise",
    "Search runs in your browser",
    "Every word must match",
    "grouped by",
    "each with its kind",
    "with the number of briefings",
    "what the briefings cover",
    "timeline event",
    "Built with",
    ">Founded<",
    ">Members<",
    ">Website<",
    "\"Years\"",
];

#[test]
fn the_fixture_is_a_french_publication_on_every_page() {
    let site = eu_site();
    site.check().expect_clean();
    let run = site.check_cli(&[]);
    let summary = run.expect_success().stdout.lines().find(|l| l.starts_with("Checked ")).unwrap_or_default();
    assert!(summary.ends_with(": 0 errors, 0 warnings"), "{summary}");
    site.build().expect_clean();
    let pages: Vec<String> =
        common::snapshot(&site.path("public")).into_keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() >= 20, "{pages:?}");
    for page in &pages {
        assert!(site.page(page).starts_with("<!doctype html>\n<html lang=\"fr\">"), "{page} is not in French");
    }
    for page in [
        "index.html",
        "briefings/convention-ia/index.html",
        "organizations/conseil-de-l-europe/index.html",
        "organizations/index.html",
        "timeline/index.html",
        "search/index.html",
        "themes/index.html",
        "regions/europe/index.html",
    ] {
        let html = site.page(page);
        for english in ENGLISH {
            assert!(!html.contains(english), "{page} says {english:?} in English");
        }
    }
    let home = site.page("index.html");
    let nav = common::without_tags(between(&home, "<nav class=\"site-nav\"", "</nav>"));
    let labels: Vec<&str> = nav.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(labels, ["Analyses", "Organisations", "Thèmes", "Régions", "Chronologie", "Sources", "À propos"]);
    for expected in ["Dernières analyses", "Les organisations en un coup d’œil", "Toute la chronologie", "2 avril 2025"]
    {
        assert!(home.contains(expected), "the home page lacks {expected:?}");
    }
    let briefing = site.page("briefings/convention-ia/index.html");
    for expected in [
        "<time datetime=\"2024-09-10\">10 septembre 2024</time>",
        "1\u{a0}min de lecture",
        "Points clés",
        "Comment citer cette analyse",
        "Peu de chose pour l’UE elle-même\u{a0}: le traité du <a href=\"/organizations/conseil-de-l-europe/\"",
    ] {
        assert!(briefing.contains(expected), "the briefing lacks {expected:?}:\n{briefing}");
    }
    let timeline = site.page("timeline/index.html");
    for expected in ["Changement de statut\u{a0}:", "14 juin 2022", ">juin 2022<", "Tout afficher"] {
        assert!(timeline.contains(expected), "the timeline lacks {expected:?}");
    }
}

#[test]
fn badges_show_the_configured_label_colour_and_icon() {
    let site = eu_site();
    site.build().expect_success();
    let wto = site.page("organizations/omc/index.html");
    assert!(
        wto.contains(
            "<p class=\"status-line\"><span class=\"status-caption\">Position de l’UE\u{a0}:</span> <span class=\"status \
             status-orange\"><span class=\"status-icon\" aria-hidden=\"true\">…</span>En négociation</span>\n <span \
             class=\"meta\">depuis le <time datetime=\"2019-01-25\">25 janvier 2019</time></span></p>"
        ),
        "{wto}"
    );
    assert_eq!(wto.matches("Position de l’UE").count(), 1, "the status is said once: {wto}");
    // The latest entry of a history is the status; each entry has its badge.
    let coe = site.page("organizations/conseil-de-l-europe/index.html");
    let history = between(&coe, "<section class=\"status-history\"", "</section>");
    let badges: Vec<&str> = history.matches("<span class=\"status status-").collect();
    assert_eq!(badges.len(), 2, "{history}");
    assert!(history.contains("status-green\"><span class=\"status-icon\" aria-hidden=\"true\">✓</span>Adoptée"));
    assert!(history.contains("<h2 id=\"status-history\">Historique du statut</h2>"), "{history}");
    // An organization that says nothing is "not stated" in the site's words.
    let igf = site.page("organizations/fgi/index.html");
    assert!(igf.contains("<span class=\"status status-not-stated\"><span class=\"status-icon\" aria-hidden=\"true\">?</span>Pas encore connue</span>"), "{igf}");
}

#[test]
fn the_organizations_index_groups_and_filters_by_the_configured_values_in_their_order() {
    let site = eu_site();
    site.build().expect_success();
    let index = site.page("organizations/index.html");
    assert!(
        index.contains(
            "<p class=\"lede\">5\u{a0}organisations, regroupées selon la position de l’UE, chacune avec son type.</p>"
        ),
        "{index}"
    );
    assert!(index.contains("<label for=\"filter-status\">Position de l’UE</label>"), "{index}");
    let options: Vec<String> =
        common::start_tags(between(&index, "<select id=\"filter-status\"", "</select>"), "option")
            .into_iter()
            .map(|o| o.get("value").cloned().unwrap_or_default())
            .collect();
    assert_eq!(options, ["", "adoptee", "en-negociation", "bloquee", "not-stated"]);
    let groups: Vec<String> =
        common::start_tags(&index, "section").into_iter().filter_map(|s| s.get("data-status").cloned()).collect();
    assert_eq!(groups, ["adoptee", "en-negociation", "bloquee", "not-stated"]);
    assert!(index.contains("<li data-status=\"adoptee\" data-kind=\"forum intergouvernemental\">"), "{index}");
    // The home page's panel groups them the same way.
    let home = site.page("index.html");
    let panel = between(&home, "<section class=\"home-organizations\"", "</section>");
    let headings: Vec<&str> = panel.match_indices("</span>Adoptée").map(|(_, s)| s).collect();
    assert_eq!(headings.len(), 1, "{panel}");
    assert!(
        panel.find("Adoptée") < panel.find("En négociation") && panel.find("En négociation") < panel.find("Bloquée")
    );
}

#[test]
fn each_taxonomy_has_its_key_folder_index_pages_label_and_filter() {
    let site = eu_site();
    site.build().expect_success();
    for path in
        ["themes/index.html", "themes/commerce-numerique/index.html", "regions/index.html", "regions/europe/index.html"]
    {
        assert!(site.has_page(path), "{path}");
    }
    assert!(!site.path("public/topics").exists(), "no taxonomy of the site is called topics");
    let home = site.page("index.html");
    let nav = between(&home, "<nav class=\"site-nav\"", "</nav>");
    let links = common::hrefs(nav);
    assert_eq!(
        links,
        ["/briefings/", "/organizations/", "/themes/", "/regions/", "/timeline/", "/sources/", "/about/"]
    );
    let themes = site.page("themes/index.html");
    assert!(themes.contains("<h1>Thèmes</h1>\n<p class=\"lede\">2\u{a0}thèmes, avec le nombre d’analyses"), "{themes}");
    assert!(
        themes.contains(
            "<meta name=\"description\" content=\"Thèmes\u{a0}: les sujets des analyses, avec le nombre de fois où \
             chacun revient.\">"
        ),
        "{themes}"
    );
    let europe = site.page("regions/europe/index.html");
    assert!(europe.contains("<p class=\"eyebrow\"><a href=\"/regions/\">Région</a></p>\n<h1>Europe</h1>"), "{europe}");
    assert!(europe.contains("href=\"/briefings/convention-ia/\""), "the briefing listing the region: {europe}");
    // A term's feed is named with the language's colon.
    assert!(europe.contains("title=\"Observatoire des politiques numériques de l’UE\u{a0}: Europe\""), "{europe}");
    // A briefing lists each taxonomy's terms under its label, and links them in its text.
    let briefing = site.page("briefings/convention-ia/index.html");
    assert!(
        briefing.contains("<span class=\"about-label\">Thèmes</span> <a href=\"/themes/intelligence-artificielle/\">"),
        "{briefing}"
    );
    assert!(
        briefing.contains("<span class=\"about-label\">Régions</span> <a href=\"/regions/europe/\">Europe</a></div>")
    );
    assert!(
        briefing.contains("<a href=\"/themes/commerce-numerique/\">Commerce numérique</a>"),
        "[[theme:commerce-numerique]]: the singular Thème is `theme` in links"
    );
    // The timeline filters by each taxonomy; its events carry their terms for the script.
    let timeline = site.page("timeline/index.html");
    assert!(timeline.contains(
        "<label for=\"filter-theme\">Thème</label>\n<select id=\"filter-theme\" name=\"theme\" data-list=\"themes\">"
    ));
    assert!(timeline.contains("<label for=\"filter-region\">Région</label>"), "{timeline}");
    assert!(
        timeline.contains(" data-themes=\"commerce-numerique intelligence-artificielle \" data-regions=\"monde \">")
    );
    assert!(
        timeline.contains("2\u{a0}événements et 2\u{a0}changements de «\u{a0}Position de l’UE\u{a0}», du plus ancien"),
        "{timeline}"
    );
    assert!(timeline.contains("<p class=\"status-line\">Position de l’UE à partir de ce jour\u{a0}: "), "{timeline}");
}

#[test]
fn exports_name_the_status_and_the_taxonomies_by_their_keys() {
    let site = eu_site();
    site.build().expect_success();
    let organizations = json(&site, "organizations.json");
    let coe = &organizations["organizations"][0];
    assert_eq!(coe["slug"], "conseil-de-l-europe");
    assert_eq!((&coe["position_ue"], &coe["position_ue_label"]), (&"adoptee".into(), &"Adoptée".into()));
    assert_eq!(coe["position_ue_date"], "2024-09-05");
    assert_eq!(coe["status_history"][0]["status_label"], "En négociation");
    assert!(coe.get("us_status").is_none(), "{coe}");
    let igf = organizations["organizations"].as_array().into_iter().flatten().find(|o| o["slug"] == "fgi");
    let igf = igf.expect("the forum");
    assert_eq!((&igf["position_ue"], &igf["position_ue_label"]), (&Value::Null, &"Pas encore connue".into()));
    let timeline = json(&site, "timeline.json");
    let event = &timeline["events"][1];
    assert_eq!(event["themes"], serde_json::json!(["commerce-numerique", "intelligence-artificielle"]));
    assert_eq!(event["regions"], serde_json::json!(["monde"]));
    assert!(event.get("topics").is_none(), "{event}");
    assert_eq!(timeline["status_changes"][0]["status"], "en-negociation");
    let search = json(&site, "search-index.json");
    let briefing = search["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["url"] == "/briefings/negociations-commerce-electronique/");
    assert_eq!(briefing.expect("the briefing")["topics"], serde_json::json!(["Commerce numérique", "Monde"]));
    let europe = search["documents"].as_array().into_iter().flatten().find(|d| d["url"] == "/regions/europe/");
    let europe = europe.expect("the region's entry");
    assert_eq!((&europe["kind"], &europe["label"]), (&"topic".into(), &"Région".into()));
    let feed = site.page("atom.xml");
    assert!(feed.contains("<category term=\"europe\" label=\"Europe\"/>"), "{feed}");
}

#[test]
fn front_matter_is_checked_against_the_configured_vocabulary() {
    let site = eu_site()
        .organization("one", "One", "us_status: member\n")
        .organization("two", "Two", "position_ue: adopte\n")
        .organization("three", "Three", "status_history:\n  - status: bloqee\n    date: 2020-01-01\n")
        .organization(
            "four",
            "Four",
            "position_ue: bloquee\nstatus_history:\n  - status: adoptee\n    date: 2020-01-01\n",
        )
        .organization("five", "Five", "position_ue_date: 2020-01-01\n")
        .briefing(
            "b",
            "organizations: [one, two, three, four, five]\ntopics: [trade]\nregions: [europe]\n",
            "[[topic:trade]] [[theme:commerce-numeriqe]] [[region:asia]]\n",
        );
    let built = site.build();
    built
        .expect_failure()
        .expect_report("error[E013]: content/organizations/one.md:3:1: unknown key `us_status`")
        .expect_report("this site's status is written `position_ue: …`, with `position_ue_date: YYYY-MM-DD`")
        .expect_report("error[E015]: content/organizations/two.md:3:14: unknown value `adopte`")
        .expect_report("did you mean `adoptee`?")
        .expect_report("error[E015]: content/organizations/three.md:4:13: unknown value `bloqee`")
        .expect_report(
            "error[E028]: content/organizations/four.md:3:14: `position_ue: bloquee` disagrees with the latest entry",
        )
        .expect_report(
            "warning[W010]: content/organizations/five.md:3:1: `position_ue_date` is set but `position_ue` is not",
        )
        .expect_report("error[E013]: content/briefings/b.md:5:1: unknown key `topics`")
        .expect_report("error[E044]: content/briefings/b.md:9:1: `topic:` is not a kind of content")
        .expect_report(
            "write briefing:, organization:, theme:, region:, event:, page:, author: or source: before the slug",
        )
        .expect_report("error[E040]: content/briefings/b.md:9:17: no thème has the slug `commerce-numeriqe`")
        .expect_report("did you mean `commerce-numerique`?")
        .expect_report("error[E040]: content/briefings/b.md:9:45: no région has the slug `asia`");
}

/// A site with no `status` in `site.yaml`: two organizations of two kinds, a briefing about
/// them with a described topic.
pub(crate) fn site_without_a_status() -> TestSite {
    TestSite::bare()
        .file("content/site.yaml", PLAIN_SITE_YAML)
        .organization("a", "Alpha", "kind: forum\n")
        .organization("b", "Beta", "kind: agency\n")
        .briefing("x", "summary: S.\norganizations: [a, b]\ntopics: [trade]\nsources: [s]\n", "Text.\n")
        .file("content/topics/trade.md", "---\ntitle: Trade\n---\n")
        .sources("- id: s\n  title: S\n  url: https://example.org/s\n")
}

/// The timeline's filter of a taxonomy has the id `filter-` and its singular: no event may.
#[test]
fn an_event_slug_that_is_a_taxonomys_filter_is_refused() {
    let site = eu_site().event("filter-region", "2024", "", "Text.\n");
    site.check().expect_failure().expect_report(
        "error[E032]: content/timeline/filter-region.md: the event slug `filter-region` is an id the pages use",
    );
}

#[test]
fn a_site_without_a_status_has_no_badges_filters_groups_or_status_fields() {
    let site = site_without_a_status();
    site.build().expect_clean();
    for page in ["index.html", "organizations/index.html", "organizations/a/index.html", "timeline/index.html"] {
        let html = site.page(page);
        assert!(
            !html.contains("class=\"status status-") && !html.contains("status-line"),
            "{page} has a status:\n{html}"
        );
        assert!(!html.contains("filter-status"), "{page}");
    }
    let index = site.page("organizations/index.html");
    assert!(index.contains("<p class=\"lede\">2 organizations, each with its kind.</p>"), "{index}");
    assert!(index.contains("<li data-kind=\"agency\">"), "{index}");
    assert!(!site.page("index.html").contains("at-a-glance"), "no panel of statuses on the home page");
    let organizations = json(&site, "organizations.json");
    let alpha = &organizations["organizations"][0];
    assert!(alpha.get("status_history").is_none() && !alpha.to_string().contains("status"), "{alpha}");
    // A status written there is an error that names the setting to add.
    site.write("content/organizations/a.md", b"---\nname: Alpha\nus_status: member\n---\n");
    site.build()
        .expect_failure()
        .expect_report("error[E013]: content/organizations/a.md:3:1: unknown key `us_status`")
        .expect_report(
            "this site tracks no status for organizations: to track one, add a `status:` setting to content/site.yaml",
        );
}

#[test]
fn a_vocabulary_that_contradicts_itself_is_reported_in_site_yaml() {
    let site = TestSite::bare()
        .file(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\nstatus:\n  field: kind\n  label: Stance\n  description: stance\n  \
             values:\n    - key: for\n      label: For\n      colour: gren\n    - key: for\n      label: Again\n    \
             - key: not-stated\n      label: Unknown\ntaxonomies:\n  - key: briefings\n    label: B\n    singular: B\n  \
             - key: themes\n    label: Themes\n    singular: Event\n",
        )
        .briefing("a", "summary: S.\n", "Text.\n");
    site.check()
        .expect_failure()
        .expect_report("error[E009]: content/site.yaml:4:10: `kind` is a key organizations already have")
        .expect_report("error[E015]: content/site.yaml:10:15: unknown value `gren`")
        .expect_report("did you mean `green`?")
        .expect_report("error[E009]: content/site.yaml:11:12: the status value `for` is given twice")
        .expect_report(
            "error[E009]: content/site.yaml:13:12: `not-stated` is the status of an organization that gives none",
        )
        .expect_report("error[E009]: content/site.yaml:16:10: `briefings` is taken")
        .expect_report("error[E009]: content/site.yaml:21:15: `Event` cannot name a term of `themes`");
}

/// A status or a taxonomy under a key brief writes or reads itself would overwrite it: in
/// `organizations.json`, `timeline.json`, or the front matter of briefings and events.
#[test]
fn a_status_or_taxonomy_key_that_brief_uses_itself_is_refused_in_site_yaml() {
    for field in ["slug", "url", "briefings", "events", "name", "status_history"] {
        let yaml = format!(
            "title: T\nbase_url: https://example.org/\nstatus:\n  field: {field}\n  label: Stance\n  \
             description: stance\n  values:\n    - key: for\n      label: For\n"
        );
        let site = TestSite::bare().file("content/site.yaml", &yaml).briefing("a", "summary: S.\n", "Text.\n");
        site.check().expect_failure().expect_report(&format!(
            "error[E009]: content/site.yaml:4:10: `{field}` is a key organizations already have, in front matter or \
             organizations.json"
        ));
    }
    let site = TestSite::bare()
        .file(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\ntaxonomies:\n  - key: url\n    label: U\n    singular: U\n  \
             - key: slug\n    label: S\n    singular: S\n  - key: title\n    label: Ti\n    singular: Ti\n  \
             - key: draft\n    label: D\n    singular: D\n  - key: themes\n    label: Themes\n    singular: Theme\n",
        )
        .briefing("a", "summary: S.\n", "Text.\n");
    let run = site.check();
    run.expect_failure();
    for (line, key) in [(4, "url"), (7, "slug"), (10, "title"), (13, "draft")] {
        run.expect_report(&format!(
            "error[E009]: content/site.yaml:{line}:10: `{key}` is a key briefings or events already have, in front \
             matter or the JSON exports"
        ));
    }
    // The briefing itself is read as it always is: no error on its own keys.
    let briefing_errors = run.report.lines().filter(|l| l.starts_with("error[") && l.contains("briefings/a.md"));
    assert_eq!(briefing_errors.count(), 0, "{}", run.report);
}

/// The labels of a vocabulary go into headings, sentences and the files `brief new` writes:
/// each is one line of text, and not empty.
#[test]
fn a_vocabulary_label_that_is_empty_or_not_one_line_is_refused() {
    let site = TestSite::bare()
        .file(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\nstatus:\n  field: stance\n  label: \"Stance\\nnow\"\n  \
             description: \"\"\n  not_stated: \"Not\\tstated\"\n  values:\n    - key: for\n      label: \"\"\n      \
             icon: \"\\u0007\"\ntaxonomies:\n  - key: themes\n    label: \"The\\rmes\"\n    singular: \"\"\n",
        )
        .briefing("a", "summary: S.\n", "Text.\n");
    site.check()
        .expect_failure()
        .expect_report("error[E015]: content/site.yaml:5:10: `label` is not one line of text")
        .expect_report("error[E018]: content/site.yaml:6:16: `description` is empty")
        .expect_report("error[E015]: content/site.yaml:7:15: `not_stated` is not one line of text")
        .expect_report("error[E018]: content/site.yaml:10:14: `label` is empty")
        .expect_report("error[E015]: content/site.yaml:11:13: `icon` is not one line of text")
        .expect_report("error[E015]: content/site.yaml:14:12: `label` is not one line of text")
        .expect_report("error[E018]: content/site.yaml:15:15: `singular` is empty");
}

/// A singular of several words names its terms as a slug, in links as in the help and
/// `brief new`.
#[test]
fn a_taxonomy_of_several_words_names_its_terms_in_links_as_brief_new_does() {
    let site = TestSite::bare()
        .file(
            "content/site.yaml",
            "title: T\nbase_url: https://example.org/\ntaxonomies:\n  - key: kinds\n    label: Policy areas\n    \
             singular: Policy area\n",
        )
        .briefing("a", "summary: S.\nkinds: [long]\n", "See [[policy-area:long]].\n");
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(page.contains("href=\"/kinds/long/\""), "{page}");
    site.run(&["new", "policy-area", "Short term"]).expect_success();
    assert!(site.path("content/kinds/short-term.md").is_file());
}

#[test]
fn brief_new_writes_a_term_into_its_taxonomys_folder_and_the_sites_status_into_an_organization() {
    let site = eu_site();
    // The summary line counts each taxonomy's terms in its own words.
    let run = site.check_cli(&[]);
    let summary =
        run.expect_success().stdout.lines().find(|l| l.starts_with("Checked ")).unwrap_or_default().to_string();
    assert!(summary.contains(" 5 organizations, 2 thèmes, 2 régions, 2 events, "), "{summary}");
    site.run(&["new", "region", "Asie et Pacifique", "--slug", "asie-pacifique"]).expect_success();
    assert!(site.path("content/regions/asie-pacifique.md").is_file());
    site.run(&["new", "organization", "Forum numérique"]).expect_success();
    let org = std::fs::read_to_string(site.path("content/organizations/forum-numerique.md")).expect("the file");
    assert!(org.contains("# Position de l’UE: adoptee | en-negociation | bloquee;"), "{org}");
    assert!(org.contains("\nposition_ue:\nposition_ue_date:\n"), "{org}");
    site.run(&["new", "briefing", "Une note"]).expect_success();
    let briefing = std::fs::read_to_string(site.path("content/briefings/une-note.md")).expect("the file");
    assert!(briefing.contains("\nthemes: []\nregions: []\n") && !briefing.contains("topics:"), "{briefing}");
    site.run(&["new", "topic", "Trade"]).expect_code(2).expect_stderr("`topic` is not a kind of content of this site");
}

/// The shipped site tracks the U.S. status through `content/site.yaml`, as it always showed it.
#[test]
fn the_shipped_site_keeps_its_status_labels_colours_and_icons() {
    let files = &common::shipped_site().files;
    let text = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
    let foc = text("organizations/foc/index.html");
    assert!(foc.contains("<span class=\"status-caption\">U.S. status:</span> <span class=\"status status-orange\"><span class=\"status-icon\" aria-hidden=\"true\">↘</span>Withdrawal announced</span>"), "{foc}");
    let index = text("organizations/index.html");
    assert!(index.contains("grouped by where the United States stands, each with its kind."), "{index}");
    assert!(index.contains("<label for=\"filter-status\">U.S. status</label>"));
    let organizations: Value = serde_json::from_slice(&files["organizations.json"]).expect("JSON");
    let first = &organizations["organizations"][0];
    assert!(first.get("us_status").is_some() && first.get("us_status_label").is_some(), "{first}");
}

/// No words of the shipped site's subject (the United States' withdrawal from international
/// organizations) in the engine or the default theme: that vocabulary is the shipped site's,
/// in `content/site.yaml`. Unit tests at the end of a source file (`mod tests`, `mod testing`)
/// are fixtures, and the citation styles are data of their own.
#[test]
fn the_engine_and_the_default_theme_hold_no_policy_words_of_the_shipped_site() {
    const WORDS: &[&str] =
        &["u.s.", "united states", "us_status", "usstatus", "withdraw", "white house", "trump", "biden"];
    let root = repository();
    let mut found = Vec::new();
    for folder in ["src", "themes/default"] {
        for entry in walkdir::WalkDir::new(root.join(folder)) {
            let entry = entry.expect("walk");
            let path = entry.path();
            let data = path.extension().is_some_and(|e| e == "csl");
            if !entry.file_type().is_file() || data {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let tests = ["#[cfg(test)]\nmod tests {", "#[cfg(test)]\npub(crate) mod testing {"];
            let end = tests.iter().filter_map(|t| text.find(t)).min().unwrap_or(text.len());
            let engine = &text[..end];
            let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
            // A file only the tests compile.
            if shown == "src/render/reference.rs" {
                continue;
            }
            for (n, line) in engine.lines().enumerate() {
                let lower = line.to_lowercase();
                for word in WORDS.iter().filter(|w| lower.contains(*w)) {
                    found.push(format!("{shown}:{}: {word:?} in {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "words of the shipped site's subject in the engine or the theme:\n{}", found.join("\n"));
}
