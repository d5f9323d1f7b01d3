//! Our own handling of what feed-rs falls short on, as a rewrite of the (repaired) XML before feed-rs reads it:
//! - Text constructs (Atom `title`, `subtitle`/`tagline`, `summary`, `content`, `rights`/`copyright`, `info`;
//!   RSS `title`, `description`, `content:encoded`) become escaped HTML with `type="html"` (Atom) whatever
//!   they were: base64 (Atom 0.3 `mode="base64"`, or a non-text MIME type), inline XHTML (`type="xhtml"`,
//!   `application/xhtml+xml`, `mode="xml"`), escaped HTML, MIME-style types (`text/plain`, `text/html`), or
//!   markup nested without declaring it ("naked" `<p>` inside an RSS `<title>`). feed-rs rejects the MIME
//!   types and base64, and drops nested markup.
//! - Relative references are resolved (RFC 3986) against `xml:base` (inherited down the tree) or the document's
//!   own URL: Atom `link/@href` and `id`, RSS `link` and `comments`, `enclosure/@url`, and `href`/`src` inside the
//!   HTML of text constructs, so links work wherever the text is shown.
//!
//! Input that quick-xml cannot read comes back unchanged (feed-rs then reports the error).

use base64::Engine;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use url::Url;

/// Atom text-construct elements (1.0 and 0.3 names).
const ATOM_TEXT: [&str; 8] =
    ["title", "subtitle", "tagline", "summary", "content", "rights", "copyright", "info"];
/// RSS/RDF elements that hold text or HTML.
const RSS_TEXT: [&str; 3] = ["title", "description", "content:encoded"];
/// RSS/RDF elements whose text is a URL.
const RSS_URL_TEXT: [&str; 4] = ["link", "comments", "docs", "url"];
/// The link given to an RSS 1.0 item that has neither `<link>` nor `rdf:about` (removed again after parsing).
pub(crate) const NO_LINK: &str = "urn:newsdesk:no-link";

/// Attributes inside HTML whose values are URLs.
const HTML_URL_ATTRIBUTES: [&str; 3] = ["href", "src", "cite"];

#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    Atom,
    Rss,
}

/// One rewritten range of the input.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Values feed-rs does not read (or reads wrongly), collected from RSS/RDF documents by element name as
/// written (`dc:creator`, `managingEditor`, `guid@isPermaLink`, `@rdf:about` …): the channel's and each
/// `<item>`'s, in document order. The first occurrence of a name wins.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Extras {
    pub channel: Vec<(String, String)>,
    pub items: Vec<Vec<(String, String)>>,
}

impl Extras {
    /// The first non-empty value among `names` (in priority order) in `scope`.
    pub(crate) fn first(scope: &[(String, String)], names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| {
            scope.iter().find(|(k, _)| k == n).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
        })
    }
}

/// RSS person elements we read ourselves (from [`Extras`]) and hide from feed-rs: its reading takes the
/// address of `email (Name)` for the name, and it panics (slicing inside a character) when a multi-byte
/// character touches the address, e.g. `‰a@b.org` (found by fuzzing, feed-rs 3.0
/// `parse_person_name_email`).
const FEED_RS_PERSONS: [&str; 3] = ["managingEditor", "webMaster", "author"];

/// Elements of `<channel>` and `<item>` whose values are collected into [`Extras`].
const COLLECTED: [&str; 40] = [
    "itunes:keywords",
    "media:category",
    "source",
    "copyright",
    "dc:rights",
    "atom:author",
    "atom:content",
    "atom:published",
    "atom:updated",
    "title",
    "link",
    "description",
    "language",
    "author",
    "managingEditor",
    "webMaster",
    "lastBuildDate",
    "pubDate",
    "guid",
    "comments",
    "dc:title",
    "dc:creator",
    "dc:author",
    "dc:description",
    "dc:language",
    "dc:date",
    "dcterms:modified",
    "dcterms:issued",
    "dcterms:created",
    "itunes:author",
    "itunes:summary",
    "itunes:subtitle",
    "media:title",
    "media:description",
    "content:encoded",
    "body",
    "xhtml:body",
    "fullitem",
    "category",
    "dc:subject",
];

/// Rewrite `xml` (see the module comment) and collect [`Extras`]; `doc_url` is where the document came from.
pub(crate) fn normalize(xml: &str, doc_url: Option<&str>) -> (String, Extras) {
    let doc_base = doc_url.and_then(|u| Url::parse(u).ok()).filter(|u| u.scheme().starts_with("http"));
    match edits(xml, doc_base) {
        Some((edits, extras)) => {
            let mut out = String::with_capacity(xml.len() + xml.len() / 8);
            let mut at = 0;
            for e in edits {
                out.push_str(&xml[at..e.start]);
                out.push_str(&e.text);
                at = e.end;
            }
            out.push_str(&xml[at..]);
            (out, extras)
        }
        None => (xml.to_string(), Extras::default()),
    }
}

fn edits(xml: &str, doc_base: Option<Url>) -> Option<(Vec<Edit>, Extras)> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut edits = Vec::new();
    let mut extras = Extras::default();
    // Open elements: local name and xml:base-resolved base URL.
    let mut open: Vec<(String, Option<Url>)> = Vec::new();
    let mut dialect = None;
    let mut rdf = false;
    // Inside an RSS 1.0 item: its rdf:about and whether it has a <link>.
    let mut rdf_item: Option<(Option<String>, bool)> = None;
    loop {
        let before = pos(&reader);
        let event = reader.read_event().ok()?;
        match event {
            Event::Eof => break,
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let name = start.name().as_ref().to_string();
                let local = local_name(&name).to_string();
                let parent = open.last().map(|(n, _)| n.as_str()).unwrap_or("");
                let parent_base = open.last().and_then(|(_, b)| b.clone()).or_else(|| doc_base.clone());
                let base = xml_base(start, parent_base.as_ref()).or(parent_base);
                let dialect =
                    *dialect.get_or_insert(if local == "feed" { Dialect::Atom } else { Dialect::Rss });
                if open.is_empty() && local == "RDF" {
                    rdf = true;
                }
                if rdf
                    && local == "link"
                    && parent == "item"
                    && let Some((_, has_link)) = rdf_item.as_mut()
                {
                    *has_link = true;
                }
                if rdf && local == "item" && !empty {
                    rdf_item = Some((attribute(start, "rdf:about"), false));
                }
                let after = pos(&reader);
                let in_scope = dialect == Dialect::Rss && matches!(parent, "channel" | "item");
                let scope =
                    if parent == "item" { extras.items.last_mut() } else { Some(&mut extras.channel) };
                if in_scope && let Some(scope) = scope {
                    for (key, value) in start.attributes().flatten().filter_map(|a| {
                        let v = a.normalized_value(XmlVersion::Implicit1_0).ok()?.to_string();
                        Some((a.key.as_ref().to_string(), v))
                    }) {
                        let key = if key == "rdf:about" {
                            "@rdf:about".to_string()
                        } else {
                            format!("{name}@{key}")
                        };
                        scope.push((key, value));
                    }
                }
                // iTunes subcategories nest inside their category (`<itunes:category text="Technology">
                // <itunes:category text="Gadgets"/>`); each is one more category of the channel or item.
                if dialect == Dialect::Rss
                    && name == "itunes:category"
                    && parent == "category"
                    && let Some(text) = attribute(start, "text")
                {
                    let in_item = open
                        .iter()
                        .rev()
                        .find(|(n, _)| n == "item" || n == "channel")
                        .is_some_and(|(n, _)| n == "item");
                    let scope = if in_item { extras.items.last_mut() } else { Some(&mut extras.channel) };
                    if let Some(scope) = scope {
                        scope.push(("itunes:category@text".into(), text));
                    }
                }
                if dialect == Dialect::Atom && local == "entry" {
                    extras.items.push(Vec::new());
                }
                // An Atom entry's <source>: the feed it was copied from.
                let in_source = dialect == Dialect::Atom
                    && parent == "source"
                    && open.iter().rev().nth(1).is_some_and(|(n, _)| n == "entry");
                if in_source && local == "link" {
                    let rel = attribute(start, "rel").unwrap_or_default();
                    if let (true, Some(href), Some(item)) = (
                        rel.is_empty() || rel == "alternate",
                        attribute(start, "href"),
                        extras.items.last_mut(),
                    ) {
                        let href = base.as_ref().and_then(|b| resolve(b, &href)).unwrap_or(href);
                        item.push(("source/link".into(), href));
                    }
                }
                if dialect == Dialect::Rss && local == "item" {
                    extras.items.push(Vec::new());
                    if let (Some(about), Some(item)) =
                        (attribute(start, "rdf:about"), extras.items.last_mut())
                    {
                        item.push(("@rdf:about".into(), about));
                    }
                }
                let is_text = match dialect {
                    Dialect::Atom => !name.contains(':') && ATOM_TEXT.contains(&local.as_str()),
                    Dialect::Rss => RSS_TEXT.contains(&name.as_str()),
                };
                let url_valued = match dialect {
                    Dialect::Atom => local == "id" && !name.contains(':'),
                    Dialect::Rss => RSS_URL_TEXT.contains(&name.as_str()),
                };
                let collected = in_scope && COLLECTED.contains(&name.as_str());
                if let Some(tag) = rewrite_url_attributes(dialect, &local, start, base.as_ref(), empty) {
                    edits.push(Edit { start: before, end: after, text: tag });
                }
                if empty {
                    continue;
                }
                if (is_text && !open.is_empty()) || url_valued || collected {
                    // Read to the matching end tag; the inner range is rewritten whole.
                    let end_start = skip_to_end(&mut reader)?;
                    let end_after = pos(&reader);
                    let inner = &xml[after..end_start];
                    let value = if is_text && !open.is_empty() {
                        let (rewritten, value) = text_construct(dialect, &name, start, inner, base.as_ref())?;
                        if let Some(text) = rewritten {
                            edits.push(Edit { start: before, end: end_after, text });
                        }
                        if in_source
                            && local == "title"
                            && let Some(item) = extras.items.last_mut()
                        {
                            item.push(("source/title".into(), value.clone()));
                        }
                        value
                    } else if url_valued {
                        let value = unescape(inner.trim());
                        // An Atom id with no '/' is an opaque token, not a relative reference.
                        let reference = dialect == Dialect::Rss || value.contains('/');
                        match base.as_ref().filter(|_| reference).and_then(|b| resolve(b, &value)) {
                            Some(resolved) => {
                                edits.push(Edit { start: after, end: end_start, text: escape(&resolved) });
                                resolved
                            }
                            None => value,
                        }
                    } else if has_child_elements(inner) {
                        strip_cdata(inner)
                    } else {
                        unescape(inner)
                    };
                    if dialect == Dialect::Rss && parent == "image" && local == "url" {
                        extras.channel.push(("image/url".into(), value.clone()));
                    }
                    if collected && dialect == Dialect::Rss && FEED_RS_PERSONS.contains(&name.as_str()) {
                        edits.push(Edit { start: after, end: end_start, text: String::new() });
                    }
                    if collected {
                        let scope = if parent == "item" {
                            extras.items.last_mut()
                        } else {
                            Some(&mut extras.channel)
                        };
                        if let Some(scope) = scope {
                            scope.push((name, value));
                        }
                    }
                    continue;
                }
                open.push((local, base));
            }
            // feed-rs drops an RSS 1.0 item without a <link>; RSS 1.0 §5.5 makes rdf:about the item's URI (the
            // same as its link), so it stands in. With neither, a marker keeps the item.
            Event::End(_) if open.pop().is_some_and(|(n, _)| n == "item") => {
                if let Some((about, false)) = rdf_item.take() {
                    let link = about.unwrap_or_else(|| NO_LINK.to_string());
                    edits.push(Edit {
                        start: before,
                        end: before,
                        text: format!("<link>{}</link>", escape(&link)),
                    });
                }
            }
            Event::End(_) => {}
            _ => {}
        }
    }
    Some((edits, extras))
}

fn pos(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Consume events up to the end tag matching the start just read; returns the end tag's offset.
fn skip_to_end(reader: &mut Reader<&[u8]>) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let before = pos(reader);
        match reader.read_event().ok()? {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Some(before),
            Event::End(_) => depth -= 1,
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn attribute(start: &BytesStart<'_>, key: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.trim().to_string()))
}

fn xml_base(start: &BytesStart<'_>, parent: Option<&Url>) -> Option<Url> {
    let value = attribute(start, "xml:base")?;
    match parent {
        Some(p) => p.join(&value).ok(),
        None => Url::parse(&value).ok(),
    }
}

/// `reference` resolved against `base`, when it is relative (has no scheme of its own).
fn resolve(base: &Url, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.is_empty() || has_scheme(reference) {
        return None;
    }
    base.join(reference).ok().map(String::from)
}

fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else { return false };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A start tag with its URL attributes resolved (Atom `link/@href`, `enclosure/@url`), if any changed.
fn rewrite_url_attributes(
    dialect: Dialect,
    local: &str,
    start: &BytesStart<'_>,
    base: Option<&Url>,
    empty: bool,
) -> Option<String> {
    let base = base?;
    let key = match (dialect, local) {
        (Dialect::Atom, "link") => "href",
        (_, "enclosure") => "url",
        _ => return None,
    };
    let value = attribute(start, key)?;
    let resolved = resolve(base, &value)?;
    let mut tag = format!("<{}", start.name().as_ref());
    for a in start.attributes().flatten() {
        let k = a.key.as_ref().to_string();
        let v = if k == key {
            resolved.clone()
        } else {
            a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.to_string()).unwrap_or_default()
        };
        tag.push_str(&format!(" {k}=\"{}\"", escape(&v)));
    }
    tag.push_str(if empty { "/>" } else { ">" });
    Some(tag)
}

/// How a text construct's content is encoded.
#[derive(Debug, PartialEq)]
enum Encoding {
    Text,
    Html,
    Xhtml,
    Base64 { html: bool },
}

fn construct_encoding(start: &BytesStart<'_>, has_children: bool) -> Encoding {
    let mode = attribute(start, "mode").unwrap_or_default().to_ascii_lowercase();
    let kind = attribute(start, "type").unwrap_or_default().to_ascii_lowercase();
    let html_like = matches!(kind.as_str(), "html" | "text/html" | "xhtml" | "application/xhtml+xml");
    if mode == "base64" {
        return Encoding::Base64 { html: html_like || kind.is_empty() };
    }
    let is_xml = kind.ends_with("+xml") || kind.ends_with("/xml");
    let known_text = kind.is_empty() || kind == "text" || kind.starts_with("text/") || kind == "html";
    if !known_text && kind != "xhtml" && !is_xml {
        // Atom 1.0 §3.1.1: any other MIME type is base64.
        return Encoding::Base64 { html: false };
    }
    if mode == "escaped" || kind == "html" || kind == "text/html" {
        return if has_children { Encoding::Xhtml } else { Encoding::Html };
    }
    if has_children || kind == "xhtml" || is_xml {
        return Encoding::Xhtml;
    }
    Encoding::Text
}

/// The rewritten element for a text construct, or `None` to leave it as it is.
fn text_construct(
    dialect: Dialect,
    name: &str,
    start: &BytesStart<'_>,
    inner: &str,
    base: Option<&Url>,
) -> Option<(Option<String>, String)> {
    let has_children = has_child_elements(inner);
    let encoding = construct_encoding(start, has_children);
    let (value, html) = match encoding {
        Encoding::Text => (unescape(inner), false),
        Encoding::Html => (unescape(inner), true),
        Encoding::Xhtml => (strip_cdata(inner), true),
        Encoding::Base64 { html } => {
            // Content that is not base64 after all (or not text once decoded) is kept as the text it is.
            let text = unescape(inner);
            let packed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            match base64::engine::general_purpose::STANDARD.decode(packed.as_bytes()).map(String::from_utf8) {
                Ok(Ok(decoded)) => (decoded, html),
                _ => (text, false),
            }
        }
    };
    let value = match base {
        Some(base) if html => resolve_html_urls(&value, base),
        _ => value,
    };
    if dialect == Dialect::Rss && encoding != Encoding::Xhtml && base.is_none() {
        return Some((None, value)); // feed-rs reads plain RSS text well; nothing to resolve.
    }
    let mut tag = format!("<{name}");
    for a in start.attributes().flatten() {
        let k = a.key.as_ref().to_string();
        if k == "type" || k == "mode" {
            continue;
        }
        let v = a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.to_string()).unwrap_or_default();
        tag.push_str(&format!(" {k}=\"{}\"", escape(&v)));
    }
    if dialect == Dialect::Atom {
        tag.push_str(if html { " type=\"html\"" } else { " type=\"text\"" });
    }
    let element = format!("{tag}>{}</{name}>", escape(&value));
    Some((Some(element), value))
}

fn has_child_elements(inner: &str) -> bool {
    let mut reader = Reader::from_str(inner);
    reader.config_mut().check_end_names = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_) | Event::Empty(_)) => return true,
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

/// Inline markup as HTML text: CDATA sections unwrapped (their text is literal), the rest kept.
fn strip_cdata(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.find("<![CDATA[") {
        out.push_str(&rest[..at]);
        let body = &rest[at + 9..];
        let end = body.find("]]>").unwrap_or(body.len());
        out.push_str(&escape(&body[..end]));
        rest = body.get(end + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// XML character data (entity references, CDATA sections) as text.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("<![CDATA[") {
        out.push_str(&unescape_refs(&rest[..at]));
        let body = &rest[at + 9..];
        let end = body.find("]]>").unwrap_or(body.len());
        out.push_str(&body[..end]);
        rest = body.get(end + 3..).unwrap_or("");
    }
    out.push_str(&unescape_refs(rest));
    out
}

fn unescape_refs(s: &str) -> String {
    quick_xml::escape::unescape(s).map(|c| c.to_string()).unwrap_or_else(|_| s.to_string())
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).to_string()
}

/// `href`/`src`/`cite` values in an HTML fragment resolved against `base`.
fn resolve_html_urls(html: &str, base: &Url) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    'scan: while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_len = rest[lt..].find('>').map_or(rest.len() - lt, |e| e + 1);
        let tag = &rest[lt..lt + tag_len];
        rest = &rest[lt + tag_len..];
        let lower = tag.to_ascii_lowercase();
        for attr in HTML_URL_ATTRIBUTES {
            for quote in ['"', '\''] {
                let needle = format!(" {attr}={quote}");
                if let Some(at) = lower.find(&needle) {
                    let value_start = at + needle.len();
                    if let Some(len) = tag[value_start..].find(quote) {
                        let value = &tag[value_start..value_start + len];
                        let decoded = unescape_refs(value);
                        if let Some(resolved) = resolve(base, &decoded) {
                            out.push_str(&tag[..value_start]);
                            out.push_str(&resolved.replace('"', "%22").replace('\'', "%27"));
                            out.push_str(&tag[value_start + len..]);
                            continue 'scan;
                        }
                    }
                }
            }
        }
        out.push_str(tag);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_base64_and_mime_types_become_html() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="text/plain">Plain</title>
<entry><summary mode="base64">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</summary><content type="application/octet-stream">aGVsbG8=</content></entry></feed>"#;
        let out = normalize(atom, None).0;
        assert!(out.contains(r#"<title type="text">Plain</title>"#), "{out}");
        assert!(out.contains(r#"<summary type="html">Example &lt;b&gt;Atom&lt;/b&gt;</summary>"#), "{out}");
        assert!(out.contains(r#"<content type="text">hello</content>"#), "{out}");
    }

    #[test]
    fn inline_markup_is_escaped_and_relative_urls_resolved() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.com/test/"><entry xml:base="sub/">
<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <a href="t.html">link</a></div></title>
<link href="page.html"/><id>rel/id</id></entry></feed>"#;
        let out = normalize(atom, None).0;
        assert!(out.contains("href=&quot;http://example.com/test/sub/t.html&quot;"), "{out}");
        assert!(out.contains(r#"<link href="http://example.com/test/sub/page.html"/>"#), "{out}");
        assert!(out.contains("<id>http://example.com/test/sub/rel/id</id>"), "{out}");
        let rss = r#"<rss version="2.0"><channel><link>/home</link><item><title><p>Naked</p></title><link>a/b</link><guid>abc</guid></item></channel></rss>"#;
        let (out, extras) = normalize(rss, Some("http://127.0.0.1:8097/feeds/x.xml"));
        assert_eq!(Extras::first(&extras.items[0], &["guid"]).as_deref(), Some("abc"));
        assert!(out.contains("<link>http://127.0.0.1:8097/home</link>"), "{out}");
        assert!(out.contains("<link>http://127.0.0.1:8097/feeds/a/b</link>"), "{out}");
        assert!(out.contains("<title>&lt;p&gt;Naked&lt;/p&gt;</title>"), "{out}");
        assert!(out.contains("<guid>abc</guid>"), "a GUID is not a URL: {out}");
    }

    #[test]
    fn unreadable_input_is_left_alone() {
        let broken = "<rss><channel><title>x</title><link>a</link><item";
        assert_eq!(normalize(broken, Some("http://e.com/")).0, broken);
    }
}
