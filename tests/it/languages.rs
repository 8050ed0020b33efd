//! Languages: a site with `language: fr` (or `de`, `es`) reads in its language: `lang`, dates
//! and numbers as CLDR writes them, the interface's words, the notes, figures and tables of its
//! bodies, the feed and the cite files; what `strings:` in `site.yaml` says comes first; a
//! language brief does not ship falls back to English, with a warning that says so.

use crate::common;

use common::TestSite;

/// A French site that shows every kind of text brief writes: a numbered briefing with an
/// author, key points, a correction, a note, a figure, a table and citations (a web page with
/// an `accessed` date, a report with many authors); an organization; an event dated to the
/// month; a topic.
pub(crate) fn site_in(language: &str, strings: &str) -> TestSite {
    let site_yaml = format!(
        "title: Observatoire\ndescription: Des analyses.\nbase_url: https://example.org/\nlanguage: {language}\n\
         series: Note de politique\n{strings}"
    );
    TestSite::new()
        .file("content/site.yaml", &site_yaml)
        .sources(
            "- id: rapport\n  title: Rapport annuel\n  type: report\n  author: [\"Martin, Paul\", \"Durand, Marie\", \
             \"Petit, Luc\", \"Moreau, Anne\"]\n  publisher: Institut\n  date: 2025-03-01\n  url: https://example.org/rapport\n\
             - id: web\n  title: Page de la coalition\n  type: web-page\n  publisher: Coalition\n  \
             url: https://example.org/coalition\n  accessed: 2026-01-10\n",
        )
        .organization(
            "foc",
            "Freedom Online Coalition",
            "acronym: FOC\nkind: coalition\nfounded: 2011-12\n",
        )
        .event("fondation", "2011-12", "organizations: [foc]\ntopics: [gouvernance]\nsources: [rapport]\n", "Fondée.\n")
        .file("content/topics/gouvernance.md", "---\ntitle: Gouvernance\nsummary: Qui gouverne.\n---\n\nLe thème.\n")
        .file("content/authors/jeanne.md", "---\nname: Jeanne Dupont\nrole: Chercheuse\n---\n\nJeanne.\n")
        .file("content/data/budget.csv", "Année,Budget\n2024,1500\n2025,12\n")
        .file("content/static/budget.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\"/>\n")
        .file(
            "content/briefings/retrait.md",
            "---\ntitle: Le retrait\ndate: 2026-01-12\nupdated: 2026-02-03\nsummary: \"Ce qui change.\"\n\
             organizations: [foc]\ntopics: [gouvernance]\nauthors: [jeanne]\nnumber: 12\n\
             key_points:\n  - La coalition perd un membre.\n\
             changes:\n  - date: 2026-02-03\n    kind: correction\n    note: Le budget était de 12 M$.\n---\n\n\
             ## Contexte\n\nLa [[foc]] est née en 2011 [@rapport; @web].[^1] Voir [[#fig-budget]] et [[#tbl-budget]].\n\n\
             ![Le budget, en barres](/budget.svg)\nLe budget.\nSource : Secrétariat.\n\n\
             ```table\ndata: budget.csv\ncaption: Budget par année\nsource: Secrétariat.\n```\n\n\
             ## Suite\n\nLa suite.\n\n[^1]: Une note.\n",
        )
}

/// [`site_in`] in French, built.
pub(crate) fn site_in_french() -> TestSite {
    let site = site_in("fr", "");
    site.build().expect_clean();
    site
}

/// `text` without its tags, its entities read, its spaces as they are (no-break ones too).
fn words(html: &str) -> String {
    common::without_tags(html).replace("&#39;", "’")
}

#[test]
fn a_french_site_reads_in_french() {
    let site = site_in_french();
    let page = site.page("briefings/retrait/index.html");
    let text = words(&page);
    assert!(page.starts_with("<!doctype html>\n<html lang=\"fr\">"), "{page:.80}");
    assert!(page.contains("<meta property=\"og:locale\" content=\"fr_FR\">"));
    for expected in [
        "12 janvier 2026",
        "Mise à jour le 3 février 2026",
        "1\u{a0}min de lecture",
        "Par Jeanne Dupont",
        "Note de politique n°\u{a0}12",
        "Points clés",
        "Sommaire",
        "Mises à jour et rectificatifs",
        "Rectificatif 3 février 2026\u{a0}: Le budget était de 12 M$.",
        "Voir Figure 1 et Tableau 1.",
        "Figure 1. Le budget.",
        "Tableau 1. Budget par année",
        "Source\u{a0}: Secrétariat.",
        "Télécharger les données (budget.csv)",
        "Notes",
        "Références",
        "Toutes les citations",
        "Comment citer cette analyse",
        "Télécharger la référence\u{a0}:",
        "Aller au contenu",
        "Réalisé avec brief",
    ] {
        assert!(text.contains(expected), "the briefing does not say {expected:?}:\n{text}");
    }
    assert!(page.contains("<time datetime=\"2026-02-03\">3 février 2026</time>"), "machine dates stay ISO");
    assert!(page.contains("aria-label=\"Note 1\"") && page.contains("aria-label=\"Retour à l’appel 1 de la note 1\""));
    assert!(
        page.contains("aria-label=\"Menu principal\"")
            && page.contains("aria-label=\"Retour à la citation 1 de cette source\"")
    );
    for english in ["January", "February", "min read", "Key points", "Contents", "How to cite", "Updated", "Download"] {
        assert!(!text.contains(english), "the French briefing still says {english:?}:\n{text}");
    }
    // The citation style speaks French too: its quotation marks, its "Consulté le".
    assert!(text.contains("«\u{a0}Page de la coalition\u{a0}»"), "{text}");
    assert!(text.contains("Consulté le 10 janvier 2026"), "{text}");
}

#[test]
fn every_page_of_a_french_site_speaks_french() {
    let site = site_in_french();
    let home = words(&site.page("index.html"));
    for expected in
        ["Dernières analyses", "1\u{a0}analyse · 1\u{a0}organisation", "décembre 2011", "mise à jour le 3 février 2026"]
    {
        assert!(home.contains(expected), "the home page does not say {expected:?}:\n{home}");
    }
    let timeline = words(&site.page("timeline/index.html"));
    assert!(timeline.contains("1\u{a0}événement, du plus ancien au plus récent."), "{timeline}");
    assert!(timeline.contains("Tout afficher"), "{timeline}");
    let organization = site.page("organizations/foc/index.html");
    assert!(organization.contains("<dt>Création</dt><dd>décembre 2011</dd>"), "{organization}");
    let sources = words(&site.page("sources/index.html"));
    for expected in ["2\u{a0}sources sur lesquelles", "Rapports", "Pages web", "Citée dans 2\u{a0}pages\u{a0}:"] {
        assert!(sources.contains(expected), "the sources page does not say {expected:?}:\n{sources}");
    }
    let not_found = words(&site.page("404.html"));
    assert!(not_found.contains("Page introuvable") && not_found.contains("La page d’accueil"), "{not_found}");
    let feed = site.page("atom.xml");
    for expected in ["Points clés", "Mises à jour et rectificatifs", "3 février 2026", "Note de politique n°\u{a0}12"]
    {
        assert!(feed.contains(expected), "the feed does not say {expected:?}");
    }
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"));
    let bib = site.page("briefings/retrait/cite.bib");
    assert!(bib.contains("note = {Mise à jour le 3 février 2026.}"), "{bib}");
}

#[test]
fn the_script_gets_its_words_from_the_page() {
    let site = site_in_french();
    let page = site.page("search/index.html");
    let start = page.find("<script type=\"application/json\" id=\"brief-strings\">").expect("the strings");
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let strings: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(strings["copy_citation"], "Copier la référence");
    assert_eq!(strings["search_results"]["other"], "{n}\u{a0}résultats pour «\u{a0}{query}\u{a0}».");
    assert!(!site.page("js/site.js").contains("\"Copy citation\""), "the script holds no words of its own");
}

#[test]
fn german_and_spanish_sites_write_their_own_dates_and_words() {
    let german = site_in("de", "");
    german.build().expect_clean();
    let page = german.page("briefings/retrait/index.html");
    assert!(page.contains("<a href=\"#notes\">Anmerkungen</a>"), "the contents name the notes in German");
    let text = words(&page);
    for expected in [
        "12. Januar 2026",
        "Aktualisiert am 3. Februar 2026",
        "Abbildung 1. Le budget.",
        "Tabelle 1.",
        "Quelle: Secrétariat.",
        "Anmerkungen",
        "Note de politique Nr.\u{a0}12",
        "So zitieren Sie diese Analyse",
    ] {
        assert!(text.contains(expected), "the German briefing does not say {expected:?}:\n{text}");
    }
    let spanish = site_in("es", "");
    spanish.build().expect_clean();
    let text = words(&spanish.page("briefings/retrait/index.html"));
    for expected in [
        "12 de enero de 2026",
        "Actualizado el 3 de febrero de 2026",
        "Figura 1.",
        "Tabla 1.",
        "Fuente: Secrétariat.",
        "Notas",
        "Cómo citar este análisis",
    ] {
        assert!(text.contains(expected), "the Spanish briefing does not say {expected:?}:\n{text}");
    }
    let timeline = words(&spanish.page("timeline/index.html"));
    assert!(timeline.contains("diciembre de 2011"), "{timeline}");
}

#[test]
fn the_site_s_strings_come_before_its_language_s() {
    let strings = "strings:\n  briefings: Notes de politique\n  kind_briefing: Note\n  count_briefings:\n    one: \"{n} note\"\n    other: \"{n} notes\"\n";
    let site = site_in("fr", strings);
    site.build().expect_clean();
    let home = site.page("index.html");
    assert!(home.contains(">Notes de politique</a>"), "the navigation");
    assert!(words(&home).contains("1 note · 1\u{a0}organisation"), "{}", words(&home));
    let briefing = site.page("briefings/retrait/index.html");
    // The script names a briefing among search results in the site's word for it.
    assert!(briefing.contains("\"kind_briefing\":\"Note\"") && words(&briefing).contains("Points clés"));
    assert!(words(&site.page("briefings/index.html")).contains("Notes de politique"));
}

#[test]
fn a_language_brief_does_not_ship_falls_back_to_english_with_a_warning() {
    let site = site_in("pt-BR", "");
    let built = site.build();
    built.expect_success();
    let warning = built.diagnostics.iter().find(|d| d.code == "W008").expect("W008");
    assert!(warning.message.starts_with("brief has no interface strings for `pt-BR`: "), "{}", warning.message);
    assert!(warning.help.as_deref().unwrap().contains("under `strings:` in site.yaml"));
    let text = words(&site.page("briefings/retrait/index.html"));
    // Dates follow the language; the words are English.
    assert!(text.contains("12 de janeiro de 2026") && text.contains("1 min read"), "{text}");
}

#[test]
fn a_site_that_writes_every_string_is_not_warned() {
    let reference = std::fs::read_to_string(common::repository().join("docs/strings.md")).unwrap();
    let keys: Vec<&str> = reference
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|line| line.split_once('`').map(|(key, _)| key))
        .collect();
    assert!(keys.len() > 100, "docs/strings.md lists the keys: {keys:?}");
    let strings: String = keys.iter().map(|key| format!("  {key}: \"[{key}]\"\n")).collect();
    let site = site_in("pt", &format!("strings:\n{strings}"));
    let built = site.build();
    assert!(built.diagnostics.iter().all(|d| d.code != "W008"), "{:?}", built.diagnostics);
    let page = site.page("briefings/retrait/index.html");
    assert!(page.contains("[how_to_cite]") && page.contains("[figure]"), "every key of the reference is a string");
}

/// What the script writes is in the page's language: the timeline filter's count, search
/// results (their count, kind, date and byline) and the copy button.
#[test]
fn in_a_browser_the_script_speaks_the_site_s_language() {
    let Some(mut browser) = common::browser::Browser::launch() else { return };
    let site = site_in_french();
    let preview = common::serve::Preview::start(site.root(), &[]);
    let wait = |browser: &mut common::browser::Browser, condition: &str| {
        assert!(browser.wait_for(condition, std::time::Duration::from_secs(20)), "{condition}")
    };
    browser.open(&preview.url("/timeline/"));
    let count = "document.querySelector('.filter-count').textContent";
    wait(&mut browser, &format!("{count} === '1\u{a0}événement.'"));
    browser.open(&preview.url("/timeline/?organization=foc"));
    wait(&mut browser, &format!("{count} === '1 sur 1\u{a0}événement.'"));
    browser.open(&preview.url("/search/?q=retrait"));
    wait(&mut browser, "document.querySelectorAll('#search-results li').length > 0");
    let status = browser.eval("document.querySelector('.search-status').textContent");
    assert_eq!(status, serde_json::json!("1\u{a0}résultat pour «\u{a0}retrait\u{a0}»."));
    let meta = browser.eval("document.querySelector('#search-results li .meta').textContent");
    assert_eq!(meta, serde_json::json!("Analyse · 12 janvier 2026 · Par Jeanne Dupont"));
    browser.open(&preview.url("/search/?q=zzzz"));
    wait(&mut browser, "document.querySelector('.search-status').textContent.startsWith('Aucun résultat')");
    browser.open(&preview.url("/briefings/retrait/"));
    wait(&mut browser, "document.querySelector('button.copy-citation') !== null");
    let button = browser.eval("document.querySelector('button.copy-citation').textContent");
    assert_eq!(button, serde_json::json!("Copier la référence"));
}

/// A site's strings are text wherever they go: escaped in the page, and unable to close the
/// script's JSON.
#[test]
fn a_site_s_strings_cannot_become_markup() {
    let hostile = "</script><script>alert(1)</script>\\\" onmouseover=x";
    let strings =
        format!("strings:\n  copied: \"{hostile}\"\n  contents: \"{hostile}\"\n  main_navigation: \"{hostile}\"\n");
    let site = site_in("en", &strings);
    site.build().expect_success();
    let page = site.page("briefings/retrait/index.html");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    let handlers =
        common::all_start_tags(&page).into_iter().filter(|t| t.attributes.iter().any(|(a, _)| a == "onmouseover"));
    assert_eq!(handlers.count(), 0, "{page}");
    assert!(
        page.contains(
            "<h2 id=\"contents\">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=x</h2>"
        )
    );
    let start = page.find("id=\"brief-strings\">").expect("the strings") + "id=\"brief-strings\">".len();
    let json = &page[start..start + page[start..].find("</script>").expect("its end")];
    let strings: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(strings["copied"], "</script><script>alert(1)</script>\" onmouseover=x");
}

#[test]
fn a_language_written_right_to_left_sets_the_direction_of_every_page() {
    let site = site_in("ar", "");
    site.build().expect_success();
    for page in ["index.html", "briefings/retrait/index.html", "organizations/index.html", "404.html"] {
        assert!(site.page(page).contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    }
    let site = site_in("fr", "");
    site.build().expect_success();
    assert!(!site.page("index.html").contains(" dir="), "French is left to right, the default");
}
