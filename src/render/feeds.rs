//! Feeds: the Atom feeds of briefings, the sitemap and robots.txt.
//!
//! Takes: the [`Site`], its output plan (the feeds it names; the sitemap lists the plan's
//! pages) and the briefings' rendered bodies. Gives: XML and text files, written with an XML
//! writer so every title and summary is escaped for its context, without the characters XML
//! forbids. A feed's entries carry each briefing's text with every link a full address
//! (feed readers and email show it away from the site): an HTML rewriting pass over the
//! rendered body ([`absolute_links`]) makes each `href` and `src` full, a citation or note mark
//! (`#ref_1`) the briefing's own address with its fragment, a path of the site
//! (`/briefing/topics/…`) the address under the site's host.

use std::io;
use std::sync::Arc;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Bodies, ShownBody};
use crate::date::Date;
use crate::i18n::{Interface, Key};
use crate::link::plan::{Feed, Generated, OutputFile, Page, plan};
use crate::link::{DocId, Site, Target};
use crate::model::{BriefingMeta, Kind, Meta};
use crate::text::{escape_html, xml_text};

/// How many briefings the site's feed carries: the newest.
pub(super) const FEED_ENTRIES: usize = 50;
/// How many briefings the feed of a topic, an organization or an author carries: the newest.
pub(super) const PAGE_FEED_ENTRIES: usize = 20;

type XmlWriter = Writer<Vec<u8>>;

/// A text element. Every text and attribute value goes through [`xml_text`]: a YAML escape
/// (`"\a"`) or a character reference (`&#7;`) can put a control character that XML forbids
/// into a title or a body, and one such character makes the whole feed unreadable.
fn element(w: &mut XmlWriter, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_text(value)))?;
    Ok(())
}

fn link(w: &mut XmlWriter, rel: &str, href: &str, kind: Option<&str>) -> io::Result<()> {
    let mut e = w.create_element("link").with_attribute(("rel", rel)).with_attribute(("href", &*xml_text(href)));
    if let Some(kind) = kind {
        e = e.with_attribute(("type", kind));
    }
    e.write_empty()?;
    Ok(())
}

/// The date a briefing was last changed.
fn last_changed(site: &Site, id: DocId) -> Option<Date> {
    let m = match &site.doc(id).meta {
        Meta::Briefing(m) => m,
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => return None,
    };
    Some(m.last_changed())
}

/// The briefings `feed` carries, newest first: the site's newest, or the newest of those the
/// page of a topic, organization or author lists (as it lists them).
pub(super) fn entries(site: &Site, feed: Feed) -> Vec<DocId> {
    let target = match feed {
        Feed::Site => return site.listed(Kind::Briefing).iter().copied().take(FEED_ENTRIES).collect(),
        Feed::Topic(id) => Target::Topic(id),
        Feed::Doc(id) => Target::Doc(id),
    };
    let briefings = site.backlinks(target).iter().copied().filter(|&id| site.doc(id).kind == Kind::Briefing);
    briefings.take(PAGE_FEED_ENTRIES).collect()
}

/// The title of `feed`: the site's, or the site's and its page's, joined by the language's colon
/// (`Site: Spyware`, `Site\u{a0}: Spyware`).
pub(crate) fn title(site: &Site, feed: Feed) -> String {
    let page = match feed {
        Feed::Site => return site.config.title.clone(),
        Feed::Topic(id) => site.title_of(Target::Topic(id)),
        Feed::Doc(id) => site.title_of(Target::Doc(id)),
    };
    format!("{}{}{page}", site.config.title, site.interface.word(Key::colon))
}

/// An Atom feed of the newest briefings (RFC 4287): the site's, or a page's.
pub(super) fn atom(site: &Site, bodies: &Bodies, feed: Feed) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let language = site.config.language.as_str();
    let entries = entries(site, feed);
    // The feed changes when an entry does; with no briefings it dates from the epoch, so two
    // builds of the same input stay identical.
    let updated = entries.iter().filter_map(|&id| last_changed(site, id)).max();
    let updated = updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), Date::rfc3339);
    let author = site.config.author.as_deref().unwrap_or(&site.config.title);
    let publisher = site.config.publisher();
    let page = site.base.permalink(&feed.page_path(site));
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", &*xml_text(language)))
        .write_inner_content(|w| {
            element(w, "title", &title(site, feed))?;
            if let (Feed::Site, Some(description)) = (feed, &site.config.description) {
                element(w, "subtitle", description)?;
            }
            element(w, "id", &page)?;
            link(w, "self", &site.base.permalink(&feed.file(site)), Some("application/atom+xml"))?;
            link(w, "alternate", &page, Some("text/html"))?;
            element(w, "updated", &updated)?;
            w.create_element("author").write_inner_content(|w| element(w, "name", author))?;
            element(w, "generator", "brief")?;
            for &id in &entries {
                entry(w, site, id, &bodies[id], publisher)?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// The entry of briefing `id`, by its authors or else by `publisher`.
fn entry(w: &mut XmlWriter, site: &Site, id: DocId, body: &ShownBody, publisher: &str) -> io::Result<()> {
    let doc = site.doc(id);
    let meta = match &doc.meta {
        Meta::Briefing(meta) => meta,
        Meta::Organization(_) | Meta::Topic(_) | Meta::Event(_) | Meta::Page(_) | Meta::Author(_) => return Ok(()),
    };
    let permalink = site.base.permalink(&site.docs[id].path);
    w.create_element("entry").write_inner_content(|w| {
        element(w, "title", doc.title())?;
        element(w, "id", &permalink)?;
        link(w, "alternate", &permalink, Some("text/html"))?;
        element(w, "published", &meta.date.rfc3339())?;
        element(w, "updated", &last_changed(site, id).unwrap_or(meta.date).rfc3339())?;
        let authors = &site.docs[id].refs.authors;
        if authors.is_empty() {
            w.create_element("author").write_inner_content(|w| element(w, "name", publisher))?;
        }
        for &a in authors {
            w.create_element("author").write_inner_content(|w| {
                element(w, "name", site.doc(a).title())?;
                element(w, "uri", &site.base.permalink(&site.docs[a].path))
            })?;
        }
        // Without a summary, the key points say what it finds.
        let points = (!meta.key_points.is_empty()).then(|| meta.key_points.join(" "));
        if let Some(summary) = meta.summary.as_ref().or(points.as_ref()) {
            element(w, "summary", summary)?;
        }
        for &t in &site.docs[id].refs.topics {
            let topic = &site.topics[t];
            w.create_element("category")
                .with_attribute(("term", &*xml_text(&topic.slug)))
                .with_attribute(("label", &*xml_text(&topic.title)))
                .write_empty()?;
        }
        let series = site.series_label(meta.number).map(|label| format!("<p>{}</p>\n", escape_html(&label)));
        let body = in_feeds(site, body, &permalink)?;
        let interface = &site.interface;
        let content =
            series.unwrap_or_default() + &summary_boxes(meta, interface) + &body + &changes_list(meta, interface);
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&xml_text(&content)))?;
        Ok(())
    })?;
    Ok(())
}

/// A briefing's key points and recommendations as HTML, each list under its heading, as its
/// page shows them before the text; empty when it has neither.
fn summary_boxes(meta: &BriefingMeta, interface: &Interface) -> String {
    let mut html = String::new();
    for (heading, points) in [(Key::key_points, &meta.key_points), (Key::recommendations, &meta.recommendations)] {
        if points.is_empty() {
            continue;
        }
        html.push_str(&format!("<h2>{}</h2>\n<ul>\n", escape_html(interface.word(heading))));
        for point in points {
            html.push_str(&format!("<li>{}</li>\n", escape_html(point)));
        }
        html.push_str("</ul>\n");
    }
    html
}

/// A briefing's changes as HTML under their heading, oldest first, as its page shows them
/// after the text; empty when it has none.
fn changes_list(meta: &BriefingMeta, interface: &Interface) -> String {
    if meta.changes.is_empty() {
        return String::new();
    }
    let heading = escape_html(interface.word(Key::updates_and_corrections));
    let mut html = format!("<h2>{heading}</h2>\n<ul>\n");
    for change in meta.changes_in_order() {
        html.push_str(&format!(
            "<li><strong>{}</strong> {}{}{}</li>\n",
            escape_html(interface.word(super::values::change_label(change.kind))),
            escape_html(&interface.date(change.date)),
            escape_html(interface.word(Key::colon)),
            escape_html(&change.note)
        ));
    }
    html.push_str("</ul>\n");
    html
}

/// A briefing's body as the feeds carry it: without frames (the feed keeps each embed's
/// caption and link) and with every link a full address. Made once for all the feeds that
/// carry it, for the page at `permalink`.
fn in_feeds(site: &Site, body: &ShownBody, permalink: &str) -> io::Result<Arc<str>> {
    if let Some((made_for, html)) = body.in_feeds.get() {
        if made_for == permalink {
            return Ok(html.clone());
        }
    }
    let framed = crate::markdown::embeds::without_frames(body.html());
    let html: Arc<str> = absolute_links(&framed, permalink, site.base.origin())?.into();
    // Another feed may have made it meanwhile: the same text.
    let _ = body.in_feeds.set((permalink.to_string(), html.clone()));
    Ok(html)
}

/// `html`, the body of the page at `permalink`, with each `href` and `src` a full address, as
/// a feed reader or an email needs: `#ref_1` leads to `permalink#ref_1`, a path from the
/// host's root (`/briefing/topics/t/`) to the same path at `origin`
/// (`https://example.org`), a relative one is resolved against `permalink`; a full address
/// (`https:`, `mailto:`) stays as it is. The HTML is parsed, so an address is only ever
/// changed where it is one: never in the text, nor in a code block that shows one.
pub(super) fn absolute_links(html: &str, permalink: &str, origin: &str) -> io::Result<String> {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let rewrite = |name: &'static str| {
        move |el: &mut lol_html::html_content::Element<'_, '_>| {
            if let Some(full) = el.get_attribute(name).and_then(|value| absolute(&value, permalink, origin)) {
                el.set_attribute(name, &full)?;
            }
            Ok(())
        }
    };
    let settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("[href]", rewrite("href")))
        .append_element_content_handler(element!("[src]", rewrite("src")));
    rewrite_str(html, settings).map_err(io::Error::other)
}

/// `value`, an attribute's address as written in the HTML (its `&` written `&amp;`), as a
/// full address; `None` when it is one already.
fn absolute(value: &str, permalink: &str, origin: &str) -> Option<String> {
    let value = value.trim();
    if value.starts_with('#') {
        return Some(format!("{permalink}{value}"));
    }
    if let Some(rest) = value.strip_prefix("//") {
        let scheme = origin.split_once("://").map_or("https", |(scheme, _)| scheme);
        return Some(format!("{scheme}://{rest}"));
    }
    if value.starts_with('/') {
        return Some(format!("{origin}{value}"));
    }
    let scheme = value.split_once(':').map(|(scheme, _)| scheme).filter(|scheme| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if scheme.is_some() {
        return None;
    }
    // A relative address (`chart.png`, `../x/`, `?page=2`, or nothing: this page), which
    // only raw HTML can hold: resolved as a browser would, on the page.
    let written = value.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
    let full = url::Url::parse(permalink).ok()?.join(&written).ok()?;
    Some(full.as_str().replace('&', "&amp;"))
}

/// `sitemap.xml`: every page of the plan a search engine should know, with the date it last
/// changed where there is one.
pub(super) fn sitemap(site: &Site) -> io::Result<Vec<u8>> {
    let mut urls: Vec<(String, Option<Date>)> = plan(site)
        .into_iter()
        .filter_map(|file| match file {
            OutputFile::Page(page) if page.in_sitemap() => {
                let changed = match page {
                    Page::Doc { id, .. } => last_changed(site, id),
                    Page::Site(_) | Page::Topic { .. } => None,
                };
                Some((page.path(site), changed))
            }
            OutputFile::Page(_)
            | OutputFile::CiteFile(_)
            | OutputFile::Feed(_)
            | OutputFile::Generated(_)
            | OutputFile::Static(_) => None,
        })
        .collect();
    urls.sort();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (path, changed) in &urls {
                w.create_element("url").write_inner_content(|w| {
                    element(w, "loc", &site.base.permalink(path))?;
                    if let Some(date) = changed {
                        element(w, "lastmod", &date.iso())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

pub(super) fn robots(site: &Site) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.base.permalink(Generated::Sitemap.file())).into_bytes()
}

#[cfg(test)]
mod tests {
    use quick_xml::Reader;
    use quick_xml::escape::unescape;

    use super::*;
    use crate::link::site::BaseUrl;
    use crate::link::testing::link;
    use crate::render::tests::bodies;

    const SITE: &[(&str, &str)] = &[
        ("briefings/old.md", "---\ntitle: Old\ndate: 2025-03-01\nupdated: 2026-05-01\ntopics: [t]\n---\nOld text.\n"),
        ("briefings/new.md", "---\ntitle: \"Q&A <draft>\"\ndate: 2026-04-01\nsummary: S & <b>\n---\nNew text.\n"),
        ("briefings/mid.md", "---\ntitle: Mid\ndate: 2025-09-01\n---\nMid text.\n"),
        ("briefings/hidden.md", "---\ntitle: Hidden\ndate: 2026-06-01\ndraft: true\n---\n"),
        ("organizations/o.md", "---\nname: O\n---\n"),
        ("timeline/e.md", "---\ntitle: E\ndate: 2026\n---\n"),
        ("pages/about.md", "---\ntitle: About\n---\n"),
    ];

    /// An element of an XML document: its path from the root (`feed/entry/title`), its
    /// attributes and its text.
    struct Element {
        path: String,
        attributes: Vec<(String, String)>,
        text: String,
    }

    /// Every element of `xml`, in document order, failing the test if it is not well-formed.
    fn elements(xml: &[u8]) -> Vec<Element> {
        let xml = std::str::from_utf8(xml).expect("UTF-8");
        let mut reader = Reader::from_str(xml);
        let (mut all, mut open) = (Vec::new(), Vec::<(String, usize)>::new());
        loop {
            let event = reader.read_event().unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
            let text = match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let path = open.last().map_or(name.clone(), |(parent, _)| format!("{parent}/{name}"));
                    let attribute = |a: quick_xml::events::attributes::Attribute| {
                        (String::from_utf8_lossy(a.key.as_ref()).into_owned(), a.unescape_value().unwrap().into_owned())
                    };
                    let attributes = e.attributes().map(|a| attribute(a.expect("an attribute"))).collect();
                    all.push(Element { path: path.clone(), attributes, text: String::new() });
                    if matches!(event, Event::Start(_)) {
                        open.push((path, all.len() - 1));
                    }
                    continue;
                }
                Event::End(_) => {
                    open.pop();
                    continue;
                }
                Event::Text(t) => t.decode().expect("text").into_owned(),
                Event::GeneralRef(r) => {
                    unescape(&format!("&{};", r.decode().expect("a reference"))).unwrap().into_owned()
                }
                Event::Eof => break,
                _ => continue,
            };
            if let Some(&(_, i)) = open.last() {
                all[i].text.push_str(&text);
            }
        }
        assert!(open.is_empty(), "unclosed elements in {xml}");
        all
    }

    fn texts(elements: &[Element], path: &str) -> Vec<String> {
        elements.iter().filter(|e| e.path == path).map(|e| e.text.clone()).collect()
    }

    fn atom_of(site: &Site) -> Vec<Element> {
        elements(&atom(site, &bodies(site), Feed::Site).expect("the feed"))
    }

    #[test]
    fn the_feed_lists_the_published_briefings_newest_first() {
        let (site, _) = link(SITE);
        let feed = atom_of(&site);
        assert_eq!(texts(&feed, "feed/entry/title"), ["Q&A <draft>", "Mid", "Old"]);
        assert_eq!(texts(&feed, "feed/entry/summary"), ["S & <b>"]);
        // The feed changed when its latest entry did: the old briefing's update.
        assert_eq!(texts(&feed, "feed/updated"), ["2026-05-01T00:00:00Z"]);
    }

    #[test]
    fn the_feed_escapes_titles_and_gives_absolute_links() {
        let (site, _) = link(SITE);
        let xml = String::from_utf8(atom(&site, &bodies(&site), Feed::Site).expect("the feed")).expect("UTF-8");
        assert!(xml.contains("<title>Q&amp;A &lt;draft&gt;</title>"), "{xml}");
        let feed = elements(xml.as_bytes());
        let hrefs: Vec<&str> = feed
            .iter()
            .filter(|e| e.path.ends_with("link"))
            .flat_map(|e| e.attributes.iter().filter(|(k, _)| k == "href").map(|(_, v)| v.as_str()))
            .collect();
        assert_eq!(hrefs[..2], ["https://example.org/atom.xml", "https://example.org/"]);
        assert_eq!(hrefs[2], "https://example.org/briefings/new/");
        assert!(texts(&feed, "feed/entry/id").iter().all(|id| id.starts_with("https://example.org/briefings/")));
    }

    #[test]
    fn marks_and_notes_in_the_feed_lead_to_the_page() {
        let (site, _) = link(&[(
            "briefings/n.md",
            "---\ntitle: N\ndate: 2026-01-07\n---\nA claim[^a], see [below](#more).\n\n## More\n\n[^a]: The note.\n",
        )]);
        let feed = atom_of(&site);
        let content = texts(&feed, "feed/entry/content").concat();
        let page = "https://example.org/briefings/n/";
        for href in
            [format!("href=\"{page}#fn-a\""), format!("href=\"{page}#noteref_1_1\""), format!("href=\"{page}#more\"")]
        {
            assert!(content.contains(&href), "missing {href} in {content}");
        }
        assert!(!content.contains("href=\"#"), "{content}");
        assert!(content.contains("<h2 id=\"notes\">Notes</h2>"), "{content}");
    }

    #[test]
    fn every_kind_of_address_in_a_body_becomes_a_full_one_and_full_ones_stay() {
        let page = "https://example.org/reports/briefings/a/";
        let origin = "https://example.org";
        let cases = [
            ("#ref_1", Some("https://example.org/reports/briefings/a/#ref_1")),
            ("/reports/topics/t/", Some("https://example.org/reports/topics/t/")),
            ("//cdn.example.net/x.png", Some("https://cdn.example.net/x.png")),
            ("notes/", Some("https://example.org/reports/briefings/a/notes/")),
            ("../b/?x=1&amp;y=2", Some("https://example.org/reports/briefings/b/?x=1&amp;y=2")),
            ("https://example.net/x?a=1&amp;b=2", None),
            ("mailto:jane@example.org", None),
            ("tel:+15551234", None),
        ];
        for (written, expected) in cases {
            assert_eq!(absolute(written, page, origin).as_deref(), expected, "{written}");
        }
    }

    #[test]
    fn the_rewriting_pass_changes_addresses_only_where_they_are_attributes() {
        let html = "<p>See <a href=\"#more\">below</a> and <img src=\"/img/a.png\" alt=\"A\">.</p>\n\
                    <pre><code>&lt;a href=\"/x/\"&gt;</code></pre>\n<p>Write href=\"/y/\" to link.</p>\n";
        let rewritten = absolute_links(html, "https://example.org/b/", "https://example.org").expect("rewritten");
        assert_eq!(
            rewritten,
            "<p>See <a href=\"https://example.org/b/#more\">below</a> and <img src=\"https://example.org/img/a.png\" \
             alt=\"A\">.</p>\n<pre><code>&lt;a href=\"/x/\"&gt;</code></pre>\n<p>Write href=\"/y/\" to link.</p>\n"
        );
    }

    #[test]
    fn a_topic_s_feed_carries_the_briefings_listing_it_newest_first_and_names_the_topic() {
        let (site, _) = link(SITE);
        let topic = site.topics.ids().next().expect("the topic");
        let feed = elements(&atom(&site, &bodies(&site), Feed::Topic(topic)).expect("the feed"));
        assert_eq!(texts(&feed, "feed/title"), ["Test: T"]);
        assert_eq!(texts(&feed, "feed/entry/title"), ["Old"]);
        assert_eq!(texts(&feed, "feed/id"), ["https://example.org/topics/t/"]);
        let organization = site.docs.ids().find(|&id| site.doc(id).kind == Kind::Organization).expect("o");
        let feed = elements(&atom(&site, &bodies(&site), Feed::Doc(organization)).expect("the feed"));
        assert!(texts(&feed, "feed/entry/title").is_empty(), "no briefing names the organization");
    }

    #[test]
    fn a_feed_without_briefings_dates_from_the_epoch_so_that_builds_are_identical() {
        let (site, _) = link(&[("pages/about.md", "---\ntitle: About\n---\n")]);
        let feed = atom_of(&site);
        assert_eq!(texts(&feed, "feed/updated"), ["1970-01-01T00:00:00Z"]);
        assert!(texts(&feed, "feed/entry").is_empty());
    }

    #[test]
    fn the_sitemap_lists_every_page_a_reader_may_land_on_and_no_generated_file() {
        let (site, _) = link(SITE);
        let sitemap = elements(&sitemap(&site).expect("the sitemap"));
        let locs = texts(&sitemap, "urlset/url/loc");
        let expected = [
            "",
            "about/",
            "briefings/",
            "briefings/mid/",
            "briefings/new/",
            "briefings/old/",
            "data/",
            "organizations/",
            "organizations/o/",
            "sources/",
            "timeline/",
            "topics/",
            "topics/t/",
        ];
        assert_eq!(locs, expected.map(|path| format!("https://example.org/{path}")));
        // A page of the plan that is in the sitemap is among them, and nothing else.
        for file in plan(&site) {
            if let OutputFile::Page(page) = file {
                assert_eq!(locs.contains(&site.base.permalink(&page.path(&site))), page.in_sitemap(), "{page:?}");
            }
        }
    }

    #[test]
    fn the_sitemap_dates_a_briefing_by_its_last_change() {
        let (site, _) = link(SITE);
        let sitemap = elements(&sitemap(&site).expect("the sitemap"));
        let url = sitemap.iter().position(|e| e.text == "https://example.org/briefings/old/").expect("old");
        assert_eq!(
            (sitemap[url + 1].path.as_str(), sitemap[url + 1].text.as_str()),
            ("urlset/url/lastmod", "2026-05-01")
        );
    }

    #[test]
    fn robots_txt_points_at_the_sitemap_under_the_base_url() {
        let (mut site, _) = link(SITE);
        site.base = BaseUrl::new("https://example.org/reports/");
        let robots = String::from_utf8(robots(&site)).expect("UTF-8");
        assert_eq!(robots, "User-agent: *\nAllow: /\n\nSitemap: https://example.org/reports/sitemap.xml\n");
    }
}
