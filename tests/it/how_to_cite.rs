//! "How to cite this briefing": the section that ends each briefing's page (its reference as
//! text, a Copy button the script adds, the two downloads) and the two files beside the page,
//! `cite.bib` and `cite.ris`, byte for byte: by two authors, by none (the publisher is the
//! author), numbered in the site's series, and with a title made to break out of a field.

use crate::common;

use std::time::Duration;

use serde_json::json;

use common::TestSite;
use common::browser::Browser;
use common::serve::Preview;

const SITE_YAML: &str = "title: Test Briefings\nbase_url: https://example.org/reports/\n\
                         publisher: Centre for Digital Policy\nseries: Policy Brief\n";

/// Two authors, and four briefings: by both (revised since), by nobody, numbered 12 in the
/// series, and one whose title and summary hold every character that ends a BibTeX field, an
/// RIS line or an HTML element.
pub(crate) fn site_citing_itself() -> TestSite {
    TestSite::new()
        .file("content/site.yaml", SITE_YAML)
        .file("content/authors/jane-doe.md", "---\nname: Jane Doe\n---\n\nJane studies internet governance.\n")
        .file("content/authors/li-wei.md", "---\nname: Li Wei\n---\n\nLi covers trade.\n")
        .file(
            "content/briefings/both.md",
            "---\ntitle: \"Exit: What Changes\"\ndate: 2026-01-07\nupdated: 2026-02-01\nauthors: [jane-doe, li-wei]\n\
             summary: What the exit means.\n---\n\nText.\n",
        )
        .file(
            "content/briefings/anonymous.md",
            "---\ntitle: Unsigned\ndate: 2025-12-30\nsummary: By the house.\n---\n\nText.\n",
        )
        .file(
            "content/briefings/numbered.md",
            "---\ntitle: The Twelfth\ndate: 2026-03-02\nauthors: [jane-doe]\nnumber: 12\nsummary: Twelve.\n---\n\nText.\n",
        )
        .file(
            "content/briefings/hostile.md",
            "---\ntitle: \"Zoë’s \\\"Fish\\\" & {Chips}:\\n100% \\\\ <script>alert(1)</script> ~^_#$\"\ndate: 2026-01-09\n\
             authors: [li-wei]\nsummary: \"Ends } early { and % comments\\nER  - \"\n---\n\nText.\n",
        )
}

/// `lines`, each ended by CR LF, as an RIS file has them.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\r\n")).collect()
}

#[test]
fn each_briefing_has_its_bibtex_and_ris_files_beside_its_page() {
    let site = site_citing_itself();
    site.build().expect_success();
    let expected: [(&str, &str, &[&str]); 4] = [
        (
            "both",
            r#"@report{both-2026,
  author = {Doe, Jane and Wei, Li},
  title = {{Exit: What Changes}},
  institution = {Centre for Digital Policy},
  date = {2026-01-07},
  url = {https://example.org/reports/briefings/both/},
  note = {Updated February 1, 2026.},
  abstract = {What the exit means.},
}
"#,
            &[
                "TY  - RPRT",
                "ID  - both-2026",
                "AU  - Doe, Jane",
                "AU  - Wei, Li",
                "TI  - Exit: What Changes",
                "PY  - 2026",
                "DA  - 2026/01/07/",
                "PB  - Centre for Digital Policy",
                "UR  - https://example.org/reports/briefings/both/",
                "AB  - What the exit means.",
                "N1  - Updated February 1, 2026.",
                "LA  - en",
                "ER  - ",
            ],
        ),
        (
            "anonymous",
            r#"@report{anonymous-2025,
  author = {{Centre for Digital Policy}},
  title = {{Unsigned}},
  institution = {Centre for Digital Policy},
  date = {2025-12-30},
  url = {https://example.org/reports/briefings/anonymous/},
  abstract = {By the house.},
}
"#,
            &[
                "TY  - RPRT",
                "ID  - anonymous-2025",
                "AU  - Centre for Digital Policy",
                "TI  - Unsigned",
                "PY  - 2025",
                "DA  - 2025/12/30/",
                "PB  - Centre for Digital Policy",
                "UR  - https://example.org/reports/briefings/anonymous/",
                "AB  - By the house.",
                "LA  - en",
                "ER  - ",
            ],
        ),
        (
            "numbered",
            r#"@report{numbered-2026,
  author = {Doe, Jane},
  title = {{The Twelfth}},
  type = {Policy Brief},
  number = {12},
  institution = {Centre for Digital Policy},
  date = {2026-03-02},
  url = {https://example.org/reports/briefings/numbered/},
  abstract = {Twelve.},
}
"#,
            &[
                "TY  - RPRT",
                "ID  - numbered-2026",
                "AU  - Doe, Jane",
                "TI  - The Twelfth",
                "PY  - 2026",
                "DA  - 2026/03/02/",
                "M3  - Policy Brief",
                "SN  - 12",
                "PB  - Centre for Digital Policy",
                "UR  - https://example.org/reports/briefings/numbered/",
                "AB  - Twelve.",
                "LA  - en",
                "ER  - ",
            ],
        ),
        (
            "hostile",
            r#"@report{hostile-2026,
  author = {Wei, Li},
  title = {{Zoë’s "Fish" \& \textbraceleft{}Chips\textbraceright{}: 100\% \textbackslash{} \textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{} \textasciitilde{}\textasciicircum{}\_\#\$}},
  institution = {Centre for Digital Policy},
  date = {2026-01-09},
  url = {https://example.org/reports/briefings/hostile/},
  abstract = {Ends \textbraceright{} early \textbraceleft{} and \% comments ER -},
}
"#,
            &[
                "TY  - RPRT",
                "ID  - hostile-2026",
                "AU  - Wei, Li",
                r#"TI  - Zoë’s "Fish" & {Chips}: 100% \ <script>alert(1)</script> ~^_#$"#,
                "PY  - 2026",
                "DA  - 2026/01/09/",
                "PB  - Centre for Digital Policy",
                "UR  - https://example.org/reports/briefings/hostile/",
                "AB  - Ends } early { and % comments ER -",
                "LA  - en",
                "ER  - ",
            ],
        ),
    ];
    for (slug, bib, ris) in expected {
        assert_eq!(site.page(&format!("briefings/{slug}/cite.bib")), bib, "{slug}");
        assert_eq!(site.page(&format!("briefings/{slug}/cite.ris")), crlf(ris), "{slug}");
    }
}

#[test]
fn a_briefing_page_ends_with_how_to_cite_it() {
    let site = site_citing_itself();
    site.build().expect_success();
    let page = site.page("briefings/numbered/index.html");
    let section = "<section class=\"how-to-cite\" aria-labelledby=\"how-to-cite\">
<h2 id=\"how-to-cite\">How to cite this briefing</h2>
<p class=\"citation-text\">Doe, Jane. 2026. <i>The Twelfth</i>. Policy Brief No. 12. Centre for Digital Policy. \
<a href=\"https://example.org/reports/briefings/numbered/\">https://example.org/reports/briefings/numbered/</a>.</p>
<p class=\"cite-files\">Download the reference: \
<a href=\"/reports/briefings/numbered/cite.bib\" download=\"numbered.bib\" type=\"application/x-bibtex\">BibTeX</a> · \
<a href=\"/reports/briefings/numbered/cite.ris\" download=\"numbered.ris\" type=\"application/x-research-info-systems\">RIS</a></p>
</section>
</article>";
    // As built, without the script: no Copy button, which the script adds.
    assert!(page.contains(section), "{page}");
    // Two authors, and without any the publisher; the text escaped as any text is (here with
    // the style's own markup, italics and the address's link, taken out).
    let text = |slug: &str| {
        let page = site.page(&format!("briefings/{slug}/index.html"));
        let start = page.find("<p class=\"citation-text\">").expect("the citation") + 25;
        common::without_tags(&page[start..start + page[start..].find("</p>").expect("its end")])
    };
    assert_eq!(
        text("both"),
        "Doe, Jane, and Li Wei. 2026. Exit: What Changes. Centre for Digital Policy. \
         https://example.org/reports/briefings/both/."
    );
    assert_eq!(
        text("anonymous"),
        "Centre for Digital Policy. 2025. Unsigned. Centre for Digital Policy. \
         https://example.org/reports/briefings/anonymous/."
    );
    assert_eq!(
        text("hostile"),
        "Wei, Li. 2026. Zoë’s &quot;Fish&quot; &amp; {Chips}: 100% \\ &lt;script&gt;alert(1)&lt;/script&gt; ~^_#$. \
         Centre for Digital Policy. https://example.org/reports/briefings/hostile/."
    );
}

#[test]
fn only_briefings_have_cite_files_and_the_sitemap_lists_none() {
    let site = site_citing_itself();
    site.build().expect_success();
    let files: Vec<String> = site.snapshot().into_keys().filter(|f| f.contains("cite.")).collect();
    let expected: Vec<String> = ["anonymous", "both", "hostile", "numbered"]
        .iter()
        .flat_map(|slug| [format!("briefings/{slug}/cite.bib"), format!("briefings/{slug}/cite.ris")])
        .collect();
    assert_eq!(files, expected);
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/reports/briefings/both/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("cite."), "{sitemap}");
}

#[test]
fn another_site_reads_the_cite_files_back_as_sources() {
    let site = site_citing_itself();
    site.build().expect_success();
    let bib: String = ["both", "anonymous", "numbered", "hostile"]
        .iter()
        .map(|s| site.page(&format!("briefings/{s}/cite.bib")))
        .collect();
    let citing = TestSite::new().file("content/briefs.bib", &bib).briefing(
        "reading",
        "",
        "As shown [@both-2026; @hostile-2026], and [@numbered-2026; @anonymous-2025].\n",
    );
    citing.build().expect_success();
    let page = citing.page("briefings/reading/index.html");
    for title in [
        "Exit: What Changes",
        "Unsigned",
        "The Twelfth",
        "Zoë’s &quot;Fish&quot; &amp; {Chips}: 100% \\ &lt;script&gt;alert(1)&lt;/script&gt; ~^_#$",
    ] {
        assert!(page.contains(title), "{title} is not among the references:\n{page}");
    }
}

#[test]
fn a_static_file_where_a_cite_file_goes_is_a_collision() {
    let site = site_citing_itself().file("content/static/briefings/both/cite.ris", "TY  - GEN\r\nER  - \r\n");
    site.check().expect_failure().expect_report(
        "error[E052]: content/static/briefings/both/cite.ris: `content/static/briefings/both/cite.ris` and the RIS file citing \
         `content/briefings/both.md` both write `briefings/both/cite.ris`",
    );
}

/// Clicks the element matching `selector` with the mouse, as a reader does.
pub(crate) fn click(browser: &mut Browser, selector: &str) {
    let (x, y) = crate::popovers::centre(browser, selector);
    for kind in ["mousePressed", "mouseReleased"] {
        browser.call(
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
        );
    }
}

const WAIT: Duration = Duration::from_secs(20);

/// Opens `url` and waits until its script has added the Copy button (the page can be loaded
/// again meanwhile, as the preview's first build ends).
pub(crate) fn open_with_button(browser: &mut Browser, url: &str) {
    browser.open(url);
    let ready = "document.readyState === 'complete' && document.querySelector('button.copy-citation') !== null";
    assert!(browser.wait_for(ready, WAIT), "no Copy button on {url}");
}

/// The text of the status message beside the Copy button.
const STATUS: &str = "document.querySelector('.how-to-cite [role=status]').textContent";

#[test]
fn the_copy_button_copies_the_reference_and_says_so() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site_citing_itself();
    let preview = Preview::start(site.root(), &[]);
    // The preview's address is a secure context: the page may write to the clipboard once the
    // reader clicks, and the test may read it back.
    let origin = preview.url("");
    let permissions = json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": origin.trim_end_matches('/') });
    browser.call("Browser.grantPermissions", permissions);
    browser.call("Emulation.setFocusEmulationEnabled", json!({ "enabled": true }));
    open_with_button(&mut browser, &preview.url("/briefings/both/"));
    assert_eq!(browser.eval(STATUS), json!(""), "the status is in place, empty, before anything is copied");
    assert_eq!(browser.eval("document.querySelector('button.copy-citation').textContent"), json!("Copy citation"));
    click(&mut browser, "button.copy-citation");
    assert!(browser.wait_for(&format!("{STATUS} === 'Copied'"), WAIT), "no announcement: {}", browser.eval(STATUS));
    let shown = browser.eval("document.querySelector('.citation-text').textContent");
    let copied = browser.eval("navigator.clipboard.readText()");
    assert_eq!(copied, shown);
    assert!(copied.as_str().unwrap_or_default().starts_with("Doe, Jane, and Li Wei. 2026. Exit: What Changes."));
    // Print leaves the button out.
    browser.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    assert_eq!(browser.eval("getComputedStyle(document.querySelector('.copy-row')).display"), json!("none"));
}

#[test]
fn without_the_clipboard_api_the_copy_button_copies_the_selection_or_leaves_it_selected() {
    let Some(mut browser) = Browser::launch() else { return };
    let site = site_citing_itself();
    let preview = Preview::start(site.root(), &[]);
    open_with_button(&mut browser, &preview.url("/briefings/hostile/"));
    // As on a site served over plain HTTP, where browsers give pages no clipboard.
    browser.eval("Object.defineProperty(navigator, 'clipboard', { value: undefined }); true");
    click(&mut browser, "button.copy-citation");
    assert!(browser.wait_for(&format!("{STATUS} !== ''"), WAIT), "no announcement");
    let status = browser.eval(STATUS);
    let selected = browser.eval("getSelection().toString()");
    match status.as_str() {
        Some("Copied") => assert_eq!(selected, json!(""), "the selection is put back once copied"),
        Some(other) => {
            assert!(other.starts_with("Selected: press Ctrl+C"), "{other}");
            assert_eq!(selected, browser.eval("document.querySelector('.citation-text').textContent"));
        }
        None => panic!("{status}"),
    }
}
