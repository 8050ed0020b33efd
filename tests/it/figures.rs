//! Figures and embeds: an image with a caption and a source line is a numbered `<figure>`
//! with its size from the file; an ```` ```embed ```` block is a figure with a sandboxed,
//! sized, lazy frame from an allowed host and a link that print, the feed and readers without
//! frames get; `[[#fig-…]]` links are checked and read "Figure N".

use crate::common;

use common::{TestSite, start_tags};

/// A valid greyscale PNG of `width` × `height` pixels, its image data stored uncompressed.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let row = 1 + width as usize;
    let raw: Vec<u8> = (0..height as usize * row).map(|i| if i % row == 0 { 0 } else { 0x99 }).collect();
    // zlib: a header, stored blocks of at most 65,535 bytes, the Adler-32 of the data.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = width.to_be_bytes().to_vec();
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

const BUDGET: &str = "---
title: The UN budget
date: 2026-01-07
summary: Who pays for the United Nations.
---

The budget is shared among members.

![Bar chart: share of the UN regular budget paid by the ten largest contributors](/charts/budget.png)
The United States paid about a fifth of the regular budget in *2025*.
Source: UN Secretariat, 2025 assessment.

As [[#fig-budget]] shows, and [[#fig-arrears|the line chart]] confirms, arrears grew.
See also [[#fig-u-s-arrears-to-un-bodies-2017-2025]].

```embed
url: https://datawrapper.dwcdn.net/AbC12/3/
title: U.S. arrears to UN bodies, 2017–2025
height: 420
caption: Arrears grew after 2017.
source: UN Secretariat; chart by the authors.
```

## Arrears

![Line chart of U.S. arrears by year, rising after 2017](/charts/arrears.svg)
Arrears by year.
Credit: The authors <b>&amp;</b> “friends”.

```embed
url: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3
title: <script>alert(1)</script> A talk on the budget, in 🇺🇳 terms
caption: \"Quoted\" & <i>escaped</i>.
```

A map ![Small map of UN headquarters](https://example.org/map.png) in the text.

![Photo of the General Assembly hall](https://example.org/hall.jpg)
An outside picture has no size.
";

/// A briefing with two figures (a PNG and an SVG), two embeds (Datawrapper, and YouTube by
/// its watch address, with hostile text), an inline image and an outside one, and a page that
/// links a figure from elsewhere.
pub(crate) fn site_with_figures() -> TestSite {
    let site = TestSite::new()
        .file("content/briefings/budget.md", BUDGET)
        .file(
            "content/static/charts/arrears.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 150\"><rect width=\"300\" height=\"150\" fill=\"#999\"/></svg>\n",
        )
        .file("content/pages/about.md", "---\ntitle: About\n---\n\nRead [[budget#fig-budget]] and [[budget#fig-arrears]].\n");
    site.write("content/static/charts/budget.png", &png(640, 360));
    site
}

#[test]
fn an_image_with_a_caption_is_a_numbered_figure_with_its_size() {
    let site = site_with_figures();
    site.build().expect_success();
    let page = site.page("briefings/budget/index.html");
    assert!(
        page.contains(
            "<figure id=\"fig-budget\">\n<img src=\"/charts/budget.png\" alt=\"Bar chart: share of the UN regular budget paid by the ten largest contributors\" \
             width=\"640\" height=\"360\" decoding=\"async\">\n<figcaption><p><span class=\"figure-number\">Figure 1.</span> \
             The United States paid about a fifth of the regular budget in <em>2025</em>.</p>\n\
             <p class=\"figure-source\">Source: UN Secretariat, 2025 assessment.</p></figcaption>\n</figure>"
        ),
        "{page}"
    );
    // The SVG is measured from its viewBox; it is below the fold, so it loads lazily. Its
    // credit line is text, whatever it holds.
    assert!(
        page.contains(
            "<figure id=\"fig-arrears\">\n<img src=\"/charts/arrears.svg\" alt=\"Line chart of U.S. arrears by year, rising after 2017\" \
             width=\"300\" height=\"150\" loading=\"lazy\" decoding=\"async\">\n<figcaption><p><span class=\"figure-number\">Figure 3.</span> Arrears by year.</p>\n\
             <p class=\"figure-source\">Credit: The authors &lt;b&gt;&amp;&lt;/b&gt; “friends”.</p></figcaption>"
        ),
        "{page}"
    );
    // An image in running text stays an image; one from outside has no size.
    assert!(page.contains("<p>A map <img src=\"https://example.org/map.png\" alt=\"Small map of UN headquarters\" loading=\"lazy\" decoding=\"async\"> in the text.</p>"), "{page}");
    assert!(page.contains("<figure id=\"fig-hall\">\n<img src=\"https://example.org/hall.jpg\" alt=\"Photo of the General Assembly hall\" loading=\"lazy\" decoding=\"async\">"), "{page}");
    assert!(page.contains("Figure 5.</span> An outside picture has no size."), "{page}");
    // Exactly one image loads at once: the first, near the top.
    let images = start_tags(&page, "img");
    assert_eq!(images.iter().filter(|img| !img.contains_key("loading")).count(), 1, "{images:?}");
}

#[test]
fn links_to_figures_read_figure_n_on_the_page_and_from_elsewhere() {
    let site = site_with_figures();
    site.build().expect_success();
    let page = site.page("briefings/budget/index.html");
    assert!(
        page.contains(
            "As <a href=\"#fig-budget\">Figure 1</a> shows, and <a href=\"#fig-arrears\">the line chart</a> confirms"
        ),
        "{page}"
    );
    assert!(page.contains("See also <a href=\"#fig-u-s-arrears-to-un-bodies-2017-2025\">Figure 2</a>."), "{page}");
    let about = site.page("about/index.html");
    assert!(
        about.contains("Read <a href=\"/briefings/budget/#fig-budget\">The UN budget, Figure 1</a> and <a href=\"/briefings/budget/#fig-arrears\">The UN budget, Figure 3</a>."),
        "{about}"
    );
}

#[test]
fn an_embed_is_a_sandboxed_sized_lazy_frame_with_its_caption_and_a_link() {
    let site = site_with_figures();
    site.build().expect_success();
    let page = site.page("briefings/budget/index.html");
    assert!(
        page.contains(
            "<figure class=\"embed\" id=\"fig-u-s-arrears-to-un-bodies-2017-2025\">\n<div class=\"embed-frame\">\
             <iframe src=\"https://datawrapper.dwcdn.net/AbC12/3/\" title=\"U.S. arrears to UN bodies, 2017–2025\" \
             sandbox=\"allow-scripts allow-same-origin allow-popups\" loading=\"lazy\" \
             referrerpolicy=\"strict-origin-when-cross-origin\" style=\"height: 420px\"></iframe></div>\n\
             <figcaption><p><span class=\"figure-number\">Figure 2.</span> Arrears grew after 2017.</p>\
             <p class=\"figure-source\">Source: UN Secretariat; chart by the authors.</p>\
             <p class=\"embed-link\"><a href=\"https://datawrapper.dwcdn.net/AbC12/3/\">Open the chart on Datawrapper: \
             U.S. arrears to UN bodies, 2017–2025</a></p></figcaption>\n</figure>"
        ),
        "{page}"
    );
    // A YouTube page is played from its no-cookie host, with what a video needs; the link
    // leads to the page as written; every text is escaped.
    let frames = start_tags(&page, "iframe");
    assert_eq!(frames.len(), 2, "{frames:?}");
    let video = &frames[1];
    assert_eq!(video["src"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    assert_eq!(video["sandbox"], "allow-scripts allow-same-origin allow-popups allow-presentation");
    assert_eq!(video["allow"], "fullscreen; picture-in-picture; encrypted-media");
    assert_eq!(video["style"], "aspect-ratio: 16 / 9");
    assert!(video.contains_key("allowfullscreen"));
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("title=\"&lt;script&gt;alert(1)&lt;/script&gt; A talk on the budget, in 🇺🇳 terms\""),
        "{page}"
    );
    assert!(page.contains("Figure 4.</span> &quot;Quoted&quot; &amp; &lt;i&gt;escaped&lt;/i&gt;.</p>"), "{page}");
    assert!(
        page.contains("<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=3\">Open the video on YouTube:"),
        "{page}"
    );
    // Print hides the frames and keeps the link, with its address.
    let print = site.page("css/print.css");
    assert!(print.contains(".embed-frame { display: none !important; }"), "{print}");
}

#[test]
fn the_feed_keeps_captions_and_links_but_no_frames_and_search_reads_captions() {
    let site = site_with_figures();
    site.build().expect_success();
    let feed = site.page("atom.xml");
    let entry = &feed[feed.find("<title>The UN budget</title>").expect("the entry")..];
    assert!(!entry.contains("iframe"), "{entry}");
    assert!(
        entry.contains("&lt;figure class=&quot;embed&quot; id=&quot;fig-u-s-arrears-to-un-bodies-2017-2025&quot;&gt;"),
        "{entry}"
    );
    assert!(entry.contains("Open the chart on Datawrapper"), "{entry}");
    assert!(entry.contains("Source: UN Secretariat, 2025 assessment."), "{entry}");
    assert!(entry.contains("href=&quot;https://example.org/briefings/budget/#fig-budget&quot;"), "{entry}");
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).expect("JSON");
    let entry = index["documents"].as_array().expect("documents").iter().find(|d| d["url"] == "/briefings/budget/");
    let text = entry.expect("the briefing")["text"].as_str().expect("text");
    assert!(text.contains("regular budget in 2025. Source: UN Secretariat"), "{text}");
}

#[test]
fn embed_hosts_replaces_the_default_list() {
    let embed = |url: &str| format!("```embed\nurl: {url}\ntitle: A chart\n```\n");
    let site = TestSite::new()
        .file("content/site.yaml", &format!("{}embed_hosts:\n  - Charts.Example.net\n", common::SITE_YAML))
        .briefing("a", "summary: A.\n", &embed("https://charts.example.net/c/1?x=<1>"));
    let build = site.build();
    build.expect_failure();
    build.expect_report("error[E035]: content/briefings/a.md:8:6: `https://charts.example.net/c/1?x=<1>` is not a web address brief can embed");
    let site = site.briefing("a", "summary: A.\n", &embed("https://charts.example.net/c/1"));
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    let frame = &start_tags(&page, "iframe")[0];
    assert_eq!(frame["sandbox"], "allow-scripts", "a host brief does not know gets scripts only");
    assert_eq!(frame["style"], "height: 400px");
    assert!(page.contains(">Open the embedded content on charts.example.net: A chart</a>"), "{page}");
    // The default hosts are no longer allowed.
    let site = site.briefing("a", "summary: A.\n", &embed("https://datawrapper.dwcdn.net/AbC12/3/"));
    site.build().expect_report(
        "error[E054]: content/briefings/a.md:8:6: embeds from `datawrapper.dwcdn.net` are not allowed by `embed_hosts` in site.yaml",
    );
    // The site's own host is never embedded, even when listed: its frame could lift its own
    // sandbox.
    let site = site.file("content/site.yaml", &format!("{}embed_hosts: [example.org]\n", common::SITE_YAML)).briefing(
        "a",
        "summary: A.\n",
        &embed("https://EXAMPLE.org/about/"),
    );
    site.build().expect_report(
        "error[E054]: content/briefings/a.md:8:6: `example.org` is this site's own host: it cannot be embedded",
    );
    // An empty list allows none.
    let site = site.file("content/site.yaml", &format!("{}embed_hosts: []\n", common::SITE_YAML));
    site.build().expect_report("error[E054]: content/briefings/a.md:8:6");
}

#[test]
fn figure_ids_stay_unique_beside_headings_and_each_other() {
    let site = TestSite::new().briefing(
        "a",
        "summary: A.\n",
        "## Fig budget\n\n![A chart](https://example.org/budget.png)\nOne.\n\n![The same chart](https://example.org/budget.png)\nTwo.\n\n\
         ```embed\nurl: https://datawrapper.dwcdn.net/AbC12/3/\ntitle: ¿?\n```\n\nSee [[#fig-budget-1]], [[#fig-budget-2]] and [[#fig-figure]].\n",
    );
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert!(page.contains("<h2 id=\"fig-budget\">"), "{page}");
    assert!(page.contains("<figure id=\"fig-budget-1\">") && page.contains("<figure id=\"fig-budget-2\">"), "{page}");
    assert!(page.contains("<figure class=\"embed\" id=\"fig-figure\">"), "{page}");
    assert!(
        page.contains(">Figure 1</a>, <a href=\"#fig-budget-2\">Figure 2</a> and <a href=\"#fig-figure\">Figure 3</a>"),
        "{page}"
    );
}

#[test]
fn a_huge_caption_and_many_figures_build() {
    let caption = "Word ".repeat(2_000);
    let mut body = String::new();
    for i in 0..300 {
        body.push_str(&format!("![Chart {i}](https://example.org/c{i}.png)\n{caption}\nSource: S{i}.\n\n"));
    }
    body.push_str("See [[#fig-c299]].\n");
    let site = TestSite::new().briefing("a", "summary: A.\n", &body);
    site.build().expect_success();
    let page = site.page("briefings/a/index.html");
    assert_eq!(page.matches("<figure id=").count(), 300);
    assert!(page.contains("<a href=\"#fig-c299\">Figure 300</a>"));
}

#[test]
fn brief_new_and_init_show_figures_embeds_and_embed_hosts() {
    let site = TestSite::new();
    assert_eq!(site.run(&["new", "briefing", "A title for it", "--slug", "a-title-for-it"]).code, 0);
    let written = std::fs::read_to_string(site.path("content/briefings/a-title-for-it.md")).expect("written");
    for part in [
        "`![What it shows, for readers who cannot see it](/charts/file.png)`",
        "`Source:`",
        "`[[#fig-file]]`",
        "`embed` block",
    ] {
        assert!(written.contains(part), "missing {part} in {written}");
    }
    // The new briefing, a draft, builds with its guidance as text.
    site.build_cli(&["--drafts"]).expect_success();
    let dir = TestSite::bare();
    dir.run(&["init", "site"]).expect_success();
    let yaml = std::fs::read_to_string(dir.path("site/content/site.yaml")).expect("site.yaml");
    assert!(yaml.contains("\n# embed_hosts: [datawrapper.dwcdn.net, flo.uri.sh,"), "{yaml}");
}
