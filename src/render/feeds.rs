//! Feeds: the Atom feed of briefings, the sitemap and robots.txt.
//!
//! Takes: the [`Site`], its output plan (the sitemap lists the plan's pages) and the
//! briefings' rendered bodies. Gives: XML and text files, written with an XML writer so every
//! title and summary is escaped for its context, without the characters XML forbids.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Bodies, ShownBody};
use crate::date::Date;
use crate::i18n::{Interface, Key};
use crate::link::plan::{Generated, OutputFile, Page, plan};
use crate::link::{DocId, Site};
use crate::model::{BriefingMeta, Kind, Meta};
use crate::text::{escape_html, xml_text};

/// How many briefings the feed carries: the newest.
pub(super) const FEED_ENTRIES: usize = 50;

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

/// The Atom feed of the newest briefings (RFC 4287).
pub(super) fn atom(site: &Site, bodies: &Bodies) -> io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let language = site.config.language.as_str();
    let entries: Vec<DocId> = site.listed(Kind::Briefing).iter().copied().take(FEED_ENTRIES).collect();
    // The feed changes when an entry does; with no briefings it dates from the epoch, so two
    // builds of the same input stay identical.
    let updated = entries.iter().filter_map(|&id| last_changed(site, id)).max();
    let updated = updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), Date::rfc3339);
    let author = site.config.author.as_deref().unwrap_or(&site.config.title);
    let publisher = site.config.publisher();
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", &*xml_text(language)))
        .write_inner_content(|w| {
            element(w, "title", &site.config.title)?;
            if let Some(description) = &site.config.description {
                element(w, "subtitle", description)?;
            }
            element(w, "id", &site.base.url)?;
            link(w, "self", &site.base.permalink(Generated::Feed.file()), Some("application/atom+xml"))?;
            link(w, "alternate", &site.base.url, Some("text/html"))?;
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
        // Frames stay on the page: the feed keeps each embed's caption and link.
        let body = crate::markdown::embeds::without_frames(body.html());
        let interface = &site.interface;
        let content =
            series.unwrap_or_default() + &summary_boxes(meta, interface) + &body + &changes_list(meta, interface);
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&xml_text(&anchored_at(&content, &permalink))))?;
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

/// `html` with its links within the page (citation and note marks, the notes' links back)
/// leading to `permalink`: a feed reader would take `#ref_1` as a place in the feed.
fn anchored_at(html: &str, permalink: &str) -> String {
    html.replace("href=\"#", &format!("href=\"{permalink}#"))
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
            OutputFile::Page(_) | OutputFile::CiteFile(_) | OutputFile::Generated(_) | OutputFile::Static(_) => None,
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
        elements(&atom(site, &bodies(site)).expect("the feed"))
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
        let xml = String::from_utf8(atom(&site, &bodies(&site)).expect("the feed")).expect("UTF-8");
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
