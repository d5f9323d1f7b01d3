//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) parsed with feed-rs into model values: one [`Document`] per
//! entry, carrying the entry's metadata as extraction hints. Pure.

use chrono::{DateTime, Utc};
use newsdesk_model::{Body, Document, Hints};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not a valid RSS, Atom or JSON feed: {0}")]
    Invalid(String),
}

/// A parsed feed: its own metadata and its entries as documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub homepage: Option<String>,
    pub language: Option<String>,
    pub updated: Option<DateTime<Utc>>,
    pub entries: Vec<Document>,
}

/// Parse feed bytes. `origin` names the feed in messages (a path or URL).
pub fn parse_feed(bytes: &[u8], origin: &str) -> Result<ParsedFeed, Error> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| Error::Invalid(e.to_string()))?;
    let title = feed.title.as_ref().map(|t| clean(&t.content)).filter(|t| !t.is_empty());
    let homepage = first_alternate_link(&feed.links);
    let language = feed.language.clone();
    let entries = feed
        .entries
        .iter()
        .enumerate()
        .map(|(i, entry)| entry_document(entry, origin, i, title.as_deref(), language.as_deref()))
        .collect();
    Ok(ParsedFeed { title, homepage, language, updated: feed.updated, entries })
}

fn entry_document(
    entry: &feed_rs::model::Entry,
    origin: &str,
    index: usize,
    feed_title: Option<&str>,
    feed_language: Option<&str>,
) -> Document {
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
    let author = entry.authors.iter().filter_map(|p| p.name.as_deref()).map(clean).find(|n| !n.is_empty());
    let guid = Some(entry.id.trim().to_string()).filter(|g| !g.is_empty());
    let label = guid.clone().or_else(|| url.clone()).unwrap_or_else(|| format!("entry {}", index + 1));
    Document {
        origin: format!("{origin}#{label}"),
        body: Body::Html(body),
        hints: Hints {
            url,
            guid,
            title: entry.title.as_ref().map(|t| clean(&t.content)).filter(|t| !t.is_empty()),
            author,
            published: entry.published.or(entry.updated),
            source: feed_title.map(str::to_string),
            language: entry.language.clone().or_else(|| feed_language.map(str::to_string)),
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
