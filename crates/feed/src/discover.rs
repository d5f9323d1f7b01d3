//! Feed discovery: `<link rel="alternate">` feed links in a page, the common feed paths to try when there are
//! none, and sniffing whether bytes are a feed at all.

use url::Url;

/// `type` values of `<link rel="alternate">` that name a feed.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
];

/// Paths tried on a site whose page links no feed, most common first (WordPress, generic, Hugo/Jekyll,
/// Blogger, Ghost, Substack).
pub const COMMON_FEED_PATHS: &[&str] = &[
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
    "/rss/",
    "/feed/",
];

/// Absolute URLs of the feeds a page links to, in document order, without duplicates.
pub fn discover_feed_links(html: &str, page_url: &str) -> Vec<String> {
    let base = Url::parse(page_url).ok();
    let document = scraper::Html::parse_document(html);
    let Ok(selector) = scraper::Selector::parse("link[href]") else { return Vec::new() };
    let mut found = Vec::new();
    for link in document.select(&selector) {
        let el = link.value();
        let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let kind = el.attr("type").unwrap_or_default().trim().to_ascii_lowercase();
        // rel="alternate" with a feed type; also rel="feed" (HTML5 microformat, rarely typed).
        let is_feed = (rel.split_whitespace().any(|r| r == "alternate")
            && FEED_TYPES.contains(&kind.as_str()))
            || rel.split_whitespace().any(|r| r == "feed");
        if !is_feed {
            continue;
        }
        let Some(href) = el.attr("href").map(str::trim).filter(|h| !h.is_empty()) else { continue };
        let resolved = match &base {
            Some(b) => b.join(href).ok().map(|u| u.to_string()),
            None => Url::parse(href).ok().map(|u| u.to_string()),
        };
        if let Some(url) = resolved.filter(|u| !found.contains(u)) {
            found.push(url);
        }
    }
    found
}

/// Does this look like an RSS, Atom, RDF or JSON feed (rather than a web page)? Looks at the first 2 KB.
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        return text.contains("jsonfeed.org/version");
    }
    text.contains("<rss") || text.contains("<feed") || text.contains("<rdf:rdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_alternate_links_resolved_against_the_page() {
        let html = r#"<html><head>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="All" href="/feed.xml">
<link rel="Alternate" type="application/atom+xml" href="https://cdn.example/atom">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
</head><body></body></html>"#;
        assert_eq!(
            discover_feed_links(html, "https://site.example/news/today"),
            vec!["https://site.example/feed.xml".to_string(), "https://cdn.example/atom".to_string()]
        );
    }

    #[test]
    fn sniffs_feeds() {
        assert!(looks_like_feed(b"<?xml version='1.0'?><rss version='2.0'>"));
        assert!(looks_like_feed(b"\xef\xbb\xbf <feed xmlns='http://www.w3.org/2005/Atom'>"));
        assert!(looks_like_feed(br#"{"version":"https://jsonfeed.org/version/1.1"}"#));
        assert!(!looks_like_feed(b"<!doctype html><html><body>"));
    }
}
