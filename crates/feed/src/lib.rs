//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) parsed with feed-rs into model values: one [`Document`] per
//! entry, carrying the entry's metadata as extraction hints; charset decoding, OPML and feed discovery. Pure.

mod decode;
mod discover;
mod opml;
mod repair;

pub use decode::{DecodedFeed, decode_feed_bytes};
pub use discover::{COMMON_FEED_PATHS, discover_feed_links, looks_like_feed};
pub use opml::{OpmlError, OpmlFeed, parse_opml, write_opml};

use chrono::{DateTime, Utc};
use newsdesk_model::{Body, Document, Hints};

/// Entries kept per feed (the first ones: feeds list newest first). A feed with 100,000 items is a mistake
/// or an attack; no real outlet has more than a few hundred current items.
pub const MAX_ENTRIES: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not a valid RSS, Atom or JSON feed: {0}")]
    Invalid(String),
}

/// A parsed feed: its own metadata and its entries as documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// The feed's description (RSS `<description>`, Atom `<subtitle>`/`<tagline>`) as plain text.
    pub description: Option<String>,
    /// The feed-level author's name: the byline of entries that name none (RFC 4287 §4.2.1).
    pub author: Option<String>,
    pub homepage: Option<String>,
    pub language: Option<String>,
    pub updated: Option<DateTime<Utc>>,
    /// RSS `<ttl>`: minutes the feed may be cached.
    pub ttl: Option<u32>,
    /// RSS `<skipHours>`: UTC hours (0–23) in which the publisher asks not to be polled.
    pub skip_hours: Vec<u32>,
    /// Entries beyond [`MAX_ENTRIES`] that were dropped.
    pub dropped_entries: usize,
    pub entries: Vec<Document>,
    /// Per entry (same order as `entries`): what the document does not carry.
    pub entry_meta: Vec<EntryMeta>,
}

/// Entry metadata beside its [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub struct EntryMeta {
    /// The entry's own summary/description (a teaser when the body is the full content), as published.
    pub summary: Option<String>,
    /// The entry's last-updated time (the document's `published` falls back to it).
    pub updated: Option<DateTime<Utc>>,
}

/// Parse feed bytes (a file: the charset comes from the bytes). `origin` names the feed in messages.
pub fn parse_feed(bytes: &[u8], origin: &str) -> Result<ParsedFeed, Error> {
    parse_feed_with_type(bytes, None, origin)
}

/// Parse feed bytes fetched over HTTP, with the response's Content-Type (its charset wins over the XML
/// declaration, RFC 7303).
pub fn parse_feed_with_type(
    bytes: &[u8],
    content_type: Option<&str>,
    origin: &str,
) -> Result<ParsedFeed, Error> {
    let decoded = decode_feed_bytes(bytes, content_type);
    let is_json = decoded.text.trim_start().starts_with('{');
    let text = if is_json { decoded.text.clone() } else { repair::repair_xml(&decoded.text) };
    let mut feed = feed_rs::parser::parse(text.as_bytes()).map_err(|e| Error::Invalid(e.to_string()))?;
    let dropped_entries = feed.entries.len().saturating_sub(MAX_ENTRIES);
    feed.entries.truncate(MAX_ENTRIES);
    let title = feed.title.as_ref().and_then(plain_text);
    let description = feed.description.as_ref().and_then(plain_text);
    let author = first_author(&feed.authors);
    let homepage = first_alternate_link(&feed.links);
    let language = feed.language.clone();
    let context = FeedContext {
        origin,
        title: title.as_deref(),
        language: language.as_deref(),
        author: author.as_deref(),
    };
    let entries =
        feed.entries.iter().enumerate().map(|(i, entry)| entry_document(entry, &context, i)).collect();
    let entry_meta = feed
        .entries
        .iter()
        .map(|e| EntryMeta { summary: e.summary.as_ref().map(|s| s.content.clone()), updated: e.updated })
        .collect();
    let skip_hours = skip_hours(&decoded.text);
    Ok(ParsedFeed {
        title,
        description,
        author,
        homepage,
        language,
        updated: feed.updated,
        ttl: feed.ttl,
        skip_hours,
        dropped_entries,
        entries,
        entry_meta,
    })
}

/// The hours listed in an RSS `<skipHours>` block (feed-rs does not model it).
fn skip_hours(text: &str) -> Vec<u32> {
    let Some(start) = text.find("<skipHours>") else { return Vec::new() };
    let block = &text[start..];
    let block = &block[..block.find("</skipHours>").unwrap_or(block.len())];
    let mut hours: Vec<u32> = block
        .split("<hour>")
        .skip(1)
        .filter_map(|h| h.split('<').next()?.trim().parse().ok())
        .filter(|h| *h < 24)
        .collect();
    hours.sort_unstable();
    hours.dedup();
    hours
}

/// What entries inherit from their feed.
struct FeedContext<'a> {
    origin: &'a str,
    title: Option<&'a str>,
    language: Option<&'a str>,
    author: Option<&'a str>,
}

fn entry_document(entry: &feed_rs::model::Entry, feed: &FeedContext<'_>, index: usize) -> Document {
    let url = first_alternate_link(&entry.links);
    // Full content when the feed carries it; otherwise the summary (often a teaser, flagged later by
    // extraction when it looks cut short).
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    let author = first_author(&entry.authors).or_else(|| feed.author.map(str::to_string));
    let guid = Some(entry.id.trim().to_string()).filter(|g| !g.is_empty());
    let label = guid.clone().or_else(|| url.clone()).unwrap_or_else(|| format!("entry {}", index + 1));
    Document {
        origin: format!("{}#{label}", feed.origin),
        body: Body::Html(body),
        hints: Hints {
            url,
            guid,
            title: entry.title.as_ref().and_then(plain_text),
            author,
            published: entry.published.or(entry.updated),
            source: feed.title.map(str::to_string),
            language: entry.language.clone().or_else(|| feed.language.map(str::to_string)),
        },
    }
}

fn first_alternate_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

fn first_author(people: &[feed_rs::model::Person]) -> Option<String> {
    people.iter().filter_map(|p| p.name.as_deref()).map(clean).find(|n| !n.is_empty())
}

/// A text construct as plain text: HTML (Atom `type="html"`/`xhtml`, markup in RSS titles) is reduced to its
/// visible text, since titles and bylines are shown as text.
fn plain_text(text: &feed_rs::model::Text) -> Option<String> {
    let content = &text.content;
    let is_html = !text.content_type.to_string().starts_with("text/plain") || looks_like_markup(content);
    let visible = if is_html { html_text(content) } else { clean(content) };
    Some(visible).filter(|t| !t.is_empty())
}

/// Markup in a text field that was not declared as HTML: an element tag or an entity reference (RSS titles
/// are often escaped HTML without saying so). A lone `<` or `&` followed by a space is left as text.
fn looks_like_markup(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.windows(2).any(|w| {
        (w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
            || (w[0] == b'&' && (w[1].is_ascii_alphanumeric() || w[1] == b'#'))
    })
}

/// Visible text of an HTML fragment (scripts and styles dropped), whitespace collapsed.
pub fn html_text(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for node in fragment.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let hidden = node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| HIDDEN_ELEMENTS.contains(&e.name())));
            if !hidden {
                out.push_str(text);
            }
        } else if node.value().as_element().is_some_and(|e| BLOCK_ELEMENTS.contains(&e.name())) {
            out.push(' ');
        }
    }
    clean(&out)
}

/// Elements whose text a reader never sees.
const HIDDEN_ELEMENTS: &[&str] = &["script", "style", "noscript", "template"];

/// Elements that break words apart when rendered (their text never runs into the neighbour's).
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "hr",
];

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link>
<item><title>Dock strike  enters day two</title><link>https://harbour.example/strike?utm_source=rss</link>
<guid>https://harbour.example/p/1</guid><pubDate>Tue, 03 Mar 2026 09:15:00 GMT</pubDate><dc:creator>Lena Ostrova</dc:creator>
<description>Short teaser</description><content:encoded><![CDATA[<p>Full text here.</p>]]></content:encoded></item>
<item><title>Only a teaser</title><link>https://harbour.example/t</link><description>Teaser text (Read more)</description></item>
</channel></rss>"#;

    #[test]
    fn rss_entries_become_documents_with_hints() {
        let feed = parse_feed(RSS.as_bytes(), "harbour.xml").expect("valid feed");
        assert_eq!(feed.title.as_deref(), Some("Harbour Times"));
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.hints.title.as_deref(), Some("Dock strike enters day two"));
        assert_eq!(first.hints.author.as_deref(), Some("Lena Ostrova"));
        assert_eq!(first.hints.source.as_deref(), Some("Harbour Times"));
        assert_eq!(first.hints.published.map(|t| t.to_rfc3339()), Some("2026-03-03T09:15:00+00:00".into()));
        assert_eq!(first.body, Body::Html("<p>Full text here.</p>".into()));
        assert_eq!(feed.entries[1].body, Body::Html("Teaser text (Read more)".into()));
    }

    #[test]
    fn json_feed_is_parsed() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Wire","items":[{"id":"1","url":"https://w.example/1","title":"T","content_text":"Body text.","date_published":"2026-03-03T10:00:00Z"}]}"#;
        let feed = parse_feed(json.as_bytes(), "wire.json").expect("valid feed");
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(feed.entries[0].hints.url.as_deref(), Some("https://w.example/1"));
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = parse_feed(b"<html><body>not a feed", "x.xml").expect_err("invalid");
        assert!(err.to_string().starts_with("not a valid RSS, Atom or JSON feed"));
    }
}
