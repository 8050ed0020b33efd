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
use crate::link::plan::{Generated, OutputFile, Page, plan};
use crate::link::{DocId, Site};
use crate::model::{Kind, Meta};
use crate::text::xml_text;

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
    let Meta::Briefing(m) = &site.doc(id).meta else { return None };
    Some(m.updated.unwrap_or(m.date).max(m.date))
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
                entry(w, site, id, &bodies[id])?;
            }
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

fn entry(w: &mut XmlWriter, site: &Site, id: DocId, body: &ShownBody) -> io::Result<()> {
    let doc = site.doc(id);
    let Meta::Briefing(meta) = &doc.meta else { return Ok(()) };
    let permalink = site.base.permalink(&site.docs[id].path);
    w.create_element("entry").write_inner_content(|w| {
        element(w, "title", doc.title())?;
        element(w, "id", &permalink)?;
        link(w, "alternate", &permalink, Some("text/html"))?;
        element(w, "published", &meta.date.rfc3339())?;
        element(w, "updated", &last_changed(site, id).unwrap_or(meta.date).rfc3339())?;
        if let Some(summary) = &meta.summary {
            element(w, "summary", summary)?;
        }
        for &t in &site.docs[id].refs.topics {
            let topic = &site.topics[t];
            w.create_element("category")
                .with_attribute(("term", &*xml_text(&topic.slug)))
                .with_attribute(("label", &*xml_text(&topic.title)))
                .write_empty()?;
        }
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&xml_text(body.html())))?;
        Ok(())
    })?;
    Ok(())
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
            OutputFile::Page(_) | OutputFile::Generated(_) | OutputFile::Static(_) => None,
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
