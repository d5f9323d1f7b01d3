//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) parsed with feed-rs into model values: one [`Document`] per
//! entry, carrying the entry's metadata as extraction hints; charset decoding, OPML and feed discovery. Pure.

mod decode;
mod discover;
mod normalize;
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
    /// The feed's image (RSS `<image><url>`, Atom `<logo>`, else `<icon>`): shown beside the source's name.
    pub image: Option<String>,
    /// The feed's categories (RSS `<category>`, Atom `category/@term`): topic labels for the source.
    pub categories: Vec<String>,
    /// The publisher's rights statement (RSS `<copyright>`, `dc:rights`, Atom `<rights>`): shown with the
    /// source, and what says whether full text may be kept or shared (a Creative Commons licence, say).
    pub rights: Option<String>,
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
    /// The entry's categories/tags (RSS `<category>`, `dc:subject`, Atom `category/@term`), as published.
    pub categories: Vec<String>,
    /// Attached media (RSS `<enclosure>`, Atom `link rel="enclosure"`, Media RSS content): podcasts, photos.
    pub enclosures: Vec<Enclosure>,
    /// For an entry copied from another feed (Atom `<source>`): that feed's title, the outlet it came from.
    pub source_title: Option<String>,
    /// The copied entry's original feed's home link (Atom `<source><link>`).
    pub source_link: Option<String>,
    /// The entry's own rights statement (Atom `<rights>`, `dc:rights`), when it differs from the feed's.
    pub rights: Option<String>,
}

/// A media attachment of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    /// The declared MIME type, as published.
    pub mime_type: Option<String>,
    /// The declared length in bytes.
    pub length: Option<u64>,
}

/// Parse feed bytes (a file: the charset comes from the bytes). `origin` names the feed in messages.
pub fn parse_feed(bytes: &[u8], origin: &str) -> Result<ParsedFeed, Error> {
    parse_feed_with_type(bytes, None, origin)
}

/// Parse feed bytes fetched over HTTP, with the response's Content-Type (its charset wins over the XML
/// declaration, RFC 7303). When `origin` is an http(s) URL (the URL the feed was fetched from), relative
/// links in the feed are resolved against it.
pub fn parse_feed_with_type(
    bytes: &[u8],
    content_type: Option<&str>,
    origin: &str,
) -> Result<ParsedFeed, Error> {
    parse_feed_at(bytes, content_type, Some(origin), origin)
}

/// The text handed to feed-rs is UTF-8 already, so an XML declaration anywhere but at the very start can only
/// mislead: quick-xml panics when one naming an encoding turns up late (the repair pass drops those it sees,
/// but one can hide inside a malformed DOCTYPE or be rebuilt by normalisation). Renaming its target makes it
/// an ordinary processing instruction, which feed readers ignore.
fn without_late_declarations(text: &str) -> std::borrow::Cow<'_, str> {
    let start = text.len() - text.trim_start().len();
    let late = |i: usize| i > start && text[i + 5..].starts_with(|c: char| c.is_whitespace() || c == '?');
    if !text.match_indices("<?xml").any(|(i, _)| late(i)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for (i, _) in text.match_indices("<?xml") {
        if late(i) {
            out.push_str(&text[last..i]);
            out.push_str("<?_xml");
            last = i + 5;
        }
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// feed-rs splits a person field around an e-mail address by slicing one byte past it, which panics when a
/// multi-byte character touches the address (`dc:creator`, `itunes:author` … "Ana‰ana@x.org"). A space is put
/// between such a character and an address-like run (ASCII, no '/', so URLs are left alone).
fn spaced_addresses(text: &str) -> std::borrow::Cow<'_, str> {
    let is_run =
        |c: char| c.is_ascii() && !c.is_ascii_whitespace() && !matches!(c, '/' | '<' | '>' | '"' | '\'');
    let mut inserts: Vec<usize> = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start =
            text[..at].char_indices().rev().find(|(_, c)| !is_run(*c)).map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..].char_indices().find(|(_, c)| !is_run(*c)).map_or(text.len(), |(i, _)| at + i);
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        // Only a local part and a domain with nothing of a URL path around them.
        if start == at || end <= at + 1 || before == Some('/') || after == Some('/') {
            continue;
        }
        if before.is_some_and(|c| !c.is_ascii()) {
            inserts.push(start);
        }
        if after.is_some_and(|c| !c.is_ascii()) {
            inserts.push(end);
        }
    }
    if inserts.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    inserts.sort_unstable();
    inserts.dedup();
    let mut out = String::with_capacity(text.len() + inserts.len());
    let mut last = 0;
    for i in inserts {
        out.push_str(&text[last..i]);
        out.push(' ');
        last = i;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// Parse feed bytes with an explicit base URL for relative references (`xml:base` inside the feed refines
/// it); `origin` names the feed in messages.
pub fn parse_feed_at(
    bytes: &[u8],
    content_type: Option<&str>,
    base_url: Option<&str>,
    origin: &str,
) -> Result<ParsedFeed, Error> {
    let decoded = decode_feed_bytes(bytes, content_type);
    let is_json = decoded.text.trim_start().starts_with('{');
    let (text, extras) = if is_json {
        (repair_json(&decoded.text), normalize::Extras::default())
    } else {
        normalize::normalize(&repair::repair_xml(&decoded.text), base_url)
    };
    // feed-rs has panicked on odd input before (see normalize::FEED_RS_PERSONS); one bad feed must not take
    // the poller down with it.
    let text = without_late_declarations(&text);
    let text = spaced_addresses(&text);
    let parsed = std::panic::catch_unwind(|| feed_rs::parser::parse(text.as_bytes()))
        .map_err(|_| Error::Invalid("the feed parser failed on this document".into()))?;
    let mut feed = parsed.map_err(|e| Error::Invalid(e.to_string()))?;
    let dropped_entries = feed.entries.len().saturating_sub(MAX_ENTRIES);
    feed.entries.truncate(MAX_ENTRIES);
    let channel = &extras.channel;
    let first = normalize::Extras::first;
    // feed-rs first; our own reading of the RSS elements it skips (Dublin Core, iTunes, managingEditor …) fills
    // what it left empty.
    let title = feed.title.as_ref().and_then(plain_text).or_else(|| text_of(first(channel, RSS_TITLE)));
    let description =
        feed.description.as_ref().and_then(plain_text).or_else(|| text_of(first(channel, RSS_DESCRIPTION)));
    // RSS person strings are read by us (feed-rs takes the address of `email (Name)` for the name).
    let author =
        first(channel, RSS_FEED_AUTHOR).and_then(|p| person_name(&p)).or_else(|| first_author(&feed.authors));
    // In RSS the last <link> wins, as in feedparser and gofeed (a later `<link href>` overrides).
    let homepage = last_link(channel).or_else(|| first_alternate_link(&feed.links));
    let language = feed.language.clone().or_else(|| first(channel, RSS_LANGUAGE));
    let updated = feed.updated.or_else(|| first(channel, RSS_FEED_UPDATED).and_then(|d| parse_date(&d)));
    let rights = feed.rights.as_ref().and_then(plain_text).or_else(|| text_of(first(channel, RSS_RIGHTS)));
    let image = feed
        .logo
        .as_ref()
        .or(feed.icon.as_ref())
        .map(|i| i.uri.trim().to_string())
        .filter(|u| !u.is_empty())
        .or_else(|| {
            let image_link =
                first(channel, &["itunes:link@rel"]).is_some_and(|r| r.eq_ignore_ascii_case("image"));
            let names: Vec<&str> =
                RSS_IMAGE.iter().copied().filter(|n| image_link || *n != "itunes:link@href").collect();
            first(channel, &names)
        });
    let mut categories = category_terms(&feed.categories);
    add_extra_categories(&mut categories, channel);
    let context = FeedContext {
        origin,
        title: title.as_deref(),
        language: language.as_deref(),
        author: author.as_deref(),
    };
    // Item extras line up with feed-rs's entries only when both saw the same items.
    let item_extras: Vec<&[(String, String)]> = if extras.items.len() == feed.entries.len() + dropped_entries
    {
        extras.items.iter().map(Vec::as_slice).collect()
    } else {
        Vec::new()
    };
    let mut entries = Vec::with_capacity(feed.entries.len());
    let mut entry_meta = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.iter().enumerate() {
        let item = item_extras.get(i).copied().unwrap_or_default();
        let (doc, meta) = entry_document(entry, item, &context, i);
        entries.push(doc);
        entry_meta.push(meta);
    }
    let skip_hours = skip_hours(&decoded.text);
    Ok(ParsedFeed {
        title,
        description,
        author,
        homepage,
        language,
        updated,
        ttl: feed.ttl,
        skip_hours,
        image,
        categories,
        rights,
        dropped_entries,
        entries,
        entry_meta,
    })
}

/// JSON Feed text feed-rs accepts: it requires a `https://jsonfeed.org/version/…` version and a `title`,
/// which real feeds (and JSON Feed 1.0 drafts, `"version": "1.0"`) do not always have.
fn repair_json(text: &str) -> String {
    let Ok(serde_json::Value::Object(mut feed)) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_string();
    };
    let version = feed.get("version").and_then(|v| v.as_str()).unwrap_or_default();
    if !version.starts_with(JSON_FEED_VERSION_PREFIX) {
        let v = if version.trim().starts_with("1.0") { "1" } else { "1.1" };
        feed.insert("version".into(), format!("{JSON_FEED_VERSION_PREFIX}{v}").into());
    }
    feed.entry("title").or_insert_with(|| "".into());
    serde_json::Value::Object(feed).to_string()
}

/// How JSON Feed versions are written (`https://jsonfeed.org/version/1.1`).
const JSON_FEED_VERSION_PREFIX: &str = "https://jsonfeed.org/version/";

/// RSS elements read when feed-rs found nothing, in priority order (RSS core first, then Dublin Core, then
/// iTunes/Media RSS, as feedparser and gofeed do).
const RSS_TITLE: &[&str] = &["title", "dc:title", "media:title"];
const RSS_DESCRIPTION: &[&str] =
    &["description", "dc:description", "itunes:summary", "itunes:subtitle", "media:description"];
const RSS_FEED_AUTHOR: &[&str] =
    &["managingEditor", "webMaster", "author", "dc:author", "dc:creator", "itunes:author"];
const RSS_ITEM_AUTHOR: &[&str] = &["author", "dc:author", "dc:creator", "itunes:author", "atom:author"];
const RSS_LANGUAGE: &[&str] = &["language", "dc:language"];
const RSS_FEED_UPDATED: &[&str] = &["lastBuildDate", "dc:date", "dcterms:modified"];
const RSS_PUBLISHED: &[&str] = &["pubDate", "dc:date", "dcterms:issued", "dcterms:created", "atom:published"];
const RSS_UPDATED: &[&str] = &["dcterms:modified", "atom:updated"];
const RSS_CONTENT: &[&str] = &["content:encoded", "xhtml:body", "body", "fullitem", "atom:content"];
/// Category-like values, taken in document order: iTunes keywords are one comma-separated list.
const RSS_CATEGORIES: &[&str] =
    &["category", "dc:subject", "media:category", "itunes:category@text", "itunes:keywords"];
const RSS_RIGHTS: &[&str] = &["copyright", "dc:rights"];
/// `itunes:image@url` is a common mistake for `@href`; `itunes:link@href` is the pre-2005 iTunes image (with
/// `rel="image"`, checked where it is read).
const RSS_IMAGE: &[&str] = &[
    "image/url",
    "itunes:image@href",
    "itunes:image@url",
    "itunes:link@href",
    "media:thumbnail@url",
    "media:content@url",
];

/// The last RSS `<link>` (text, or an `href` attribute) of a channel or item.
fn last_link(scope: &[(String, String)]) -> Option<String> {
    scope
        .iter()
        .rev()
        .find(|(k, v)| (k == "link" || k == "link@href") && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
}

fn text_of(value: Option<String>) -> Option<String> {
    let value = value?;
    let visible = if looks_like_markup(&value) { html_text(&value) } else { clean(&value) };
    Some(visible).filter(|t| !t.is_empty())
}

/// The name in an RSS person string: `email (Name)`, `Name (email)`, `Name <email>`, or a bare name (a bare
/// e-mail address names no one); an Atom person element's `<name>` when given its markup.
fn person_name(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some(at) = raw.find("name>") {
        let rest = &raw[at + "name>".len()..];
        return Some(clean(&rest[..rest.find('<').unwrap_or(rest.len())])).filter(|n| !n.is_empty());
    }
    let name = if let (Some(open), Some(close)) = (raw.find('('), raw.rfind(')')) {
        let (inside, outside) =
            if open < close { (&raw[open + 1..close], raw[..open].trim()) } else { (raw, "") };
        // Of the part in parentheses and the part outside, the name is the one that is not an address.
        if outside.is_empty() || outside.contains('@') { inside } else { outside }
    } else if let Some(lt) = raw.find('<') {
        &raw[..lt]
    } else if raw.contains('@') && !raw.contains(' ') {
        ""
    } else {
        raw
    };
    // What is left being a bare address names no one.
    Some(clean(name)).filter(|n| !n.is_empty() && (!n.contains('@') || n.contains(' ')))
}

/// A date as RSS and Dublin Core write them: RFC 2822, RFC 3339/W3C-DTF (also a bare date).
fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    DateTime::parse_from_rfc2822(raw)
        .or_else(|_| DateTime::parse_from_rfc3339(raw))
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|d| d.and_utc())
        })
}

fn category_terms(categories: &[feed_rs::model::Category]) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for c in categories {
        let term = clean(&c.term);
        if !term.is_empty() && !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms
}

/// The categories among a channel's or item's extras (see [`RSS_CATEGORIES`]) added to `terms`, once each.
fn add_extra_categories(terms: &mut Vec<String>, scope: &[(String, String)]) {
    for (key, value) in scope.iter().filter(|(k, _)| RSS_CATEGORIES.contains(&k.as_str())) {
        let parts: Vec<&str> =
            if key == "itunes:keywords" { value.split(',').collect() } else { vec![value.as_str()] };
        for part in parts {
            let term = clean(part);
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
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

fn entry_document(
    entry: &feed_rs::model::Entry,
    item: &[(String, String)],
    feed: &FeedContext<'_>,
    index: usize,
) -> (Document, EntryMeta) {
    let first = normalize::Extras::first;
    // An RSS 1.0 item's rdf:about is its identifier (RSS 1.0 §5.5); feed-rs puts a hash of its own there.
    let guid = first(item, &["guid", "@rdf:about"])
        .or_else(|| Some(entry.id.trim().to_string()).filter(|g| !g.is_empty()));
    // An RSS GUID that is a permalink (the default) is the item's link when it has no <link>.
    let permalink = first(item, &["guid"]).filter(|g| {
        first(item, &["guid@isPermaLink"]).is_none_or(|p| !p.eq_ignore_ascii_case("false"))
            && (g.starts_with("http://") || g.starts_with("https://"))
    });
    let url = last_link(item)
        .or_else(|| first_alternate_link(&entry.links).filter(|u| u != normalize::NO_LINK))
        .or(permalink);
    let summary = entry
        .summary
        .as_ref()
        .map(|s| s.content.clone())
        .filter(|s| !s.trim().is_empty())
        .or_else(|| first(item, RSS_DESCRIPTION));
    // Full content when the feed carries it; otherwise the summary (often a teaser, flagged later by
    // extraction when it looks cut short).
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| first(item, RSS_CONTENT))
        .or_else(|| summary.clone())
        .unwrap_or_default();
    let author = first(item, RSS_ITEM_AUTHOR)
        .and_then(|p| person_name(&p))
        .or_else(|| first_author(&entry.authors))
        .or_else(|| feed.author.map(str::to_string));
    let label = guid.clone().or_else(|| url.clone()).unwrap_or_else(|| format!("entry {}", index + 1));
    let updated = entry.updated.or_else(|| first(item, RSS_UPDATED).and_then(|d| parse_date(&d)));
    let published = entry.published.or_else(|| first(item, RSS_PUBLISHED).and_then(|d| parse_date(&d)));
    let mut categories = category_terms(&entry.categories);
    add_extra_categories(&mut categories, item);
    let doc = Document {
        origin: format!("{}#{label}", feed.origin),
        body: Body::Html(body),
        hints: Hints {
            url,
            guid,
            title: entry.title.as_ref().and_then(plain_text).or_else(|| text_of(first(item, RSS_TITLE))),
            author,
            published: published.or(updated),
            source: feed.title.map(str::to_string),
            language: entry.language.clone().or_else(|| feed.language.map(str::to_string)),
        },
    };
    let meta = EntryMeta {
        summary,
        updated,
        categories,
        enclosures: enclosures(entry),
        // Atom <source> (title, alternate link) or RSS <source url="…">title</source>.
        source_title: text_of(first(item, &["source/title", "source"])),
        source_link: first(item, &["source/link", "source@url"]),
        rights: entry.rights.as_ref().and_then(plain_text).or_else(|| text_of(first(item, RSS_RIGHTS))),
    };
    (doc, meta)
}

/// An entry's media: feed-rs gathers RSS enclosures, Atom enclosure links and Media RSS into `media`.
fn enclosures(entry: &feed_rs::model::Entry) -> Vec<Enclosure> {
    let mut out: Vec<Enclosure> = Vec::new();
    for content in entry.media.iter().flat_map(|m| &m.content) {
        let Some(url) = content.url.as_ref().map(|u| u.to_string()) else { continue };
        if out.iter().any(|e| e.url == url) {
            continue;
        }
        out.push(Enclosure {
            url,
            mime_type: content.content_type.as_ref().map(|m| m.to_string()),
            length: content.size,
        });
    }
    for link in entry.links.iter().filter(|l| l.rel.as_deref() == Some("enclosure")) {
        if !out.iter().any(|e| e.url == link.href) {
            out.push(Enclosure {
                url: link.href.clone(),
                mime_type: link.media_type.clone(),
                length: link.length,
            });
        }
    }
    out
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
    people.iter().filter_map(|p| p.name.as_deref()).filter_map(person_name).next()
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

/// Whitespace collapsed, control characters (not allowed in XML 1.0 text) dropped.
fn clean(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    fn addresses_touching_multibyte_text_are_spaced() {
        assert_eq!(spaced_addresses("Ana‰ana@x.org‰"), "Ana‰ ana@x.org ‰");
        assert_eq!(spaced_addresses("é(ana@x.org)"), "é (ana@x.org)");
        assert_eq!(spaced_addresses("https://x.org/@é"), "https://x.org/@é", "URLs are left alone");
        assert!(matches!(spaced_addresses("Ana <ana@x.org>"), std::borrow::Cow::Borrowed(_)));
        let feed = "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T</title>\
            <item><title>A</title><link>https://x.org/a</link><dc:creator>Ann (mailto:r‰l@e.org)</dc:creator></item></channel></rss>";
        let parsed = parse_feed(feed.as_bytes(), "f.xml").expect("a creator beside multi-byte text parses");
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn late_xml_declarations_become_plain_instructions() {
        let text = "  <?xml version=\"1.0\"?><rss><!DOCTYPE x <?xml encoding=\"latin1\"?>><?xml-stylesheet href=\"s\"?></rss>";
        let out = without_late_declarations(text);
        assert!(out.starts_with("  <?xml version"), "the leading declaration stays: {out}");
        assert!(out.contains("<?_xml encoding"), "{out}");
        assert!(out.contains("<?xml-stylesheet"), "other instructions stay: {out}");
        assert!(matches!(without_late_declarations(RSS), std::borrow::Cow::Borrowed(_)));
    }

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
    fn what_feed_rs_skips_is_filled_in() {
        // RSS 1.0 item without <link> (feed-rs drops those), Dublin Core and managingEditor fallbacks, a
        // relative link resolved against the document URL.
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://e.org/index.rdf"><dc:title>Wire</dc:title><dc:language>en</dc:language></channel>
<item rdf:about="http://e.org/1"><title>First</title><dc:creator>Ann Reporter</dc:creator><dc:date>2026-03-03T10:00:00Z</dc:date></item>
</rdf:RDF>"#;
        let feed = parse_feed(rdf.as_bytes(), "wire.rdf").expect("valid feed");
        assert_eq!((feed.title.as_deref(), feed.language.as_deref()), (Some("Wire"), Some("en")));
        assert_eq!(feed.entries.len(), 1);
        let item = &feed.entries[0].hints;
        assert_eq!(item.title.as_deref(), Some("First"));
        assert_eq!(item.url.as_deref(), Some("http://e.org/1"));
        assert_eq!(item.author.as_deref(), Some("Ann Reporter"));
        assert!(item.published.is_some());
        let rss = r#"<rss version="2.0"><channel><managingEditor>desk@e.org (Night Desk)</managingEditor>
<copyright>CC BY 4.0</copyright><item><title>T</title><link>/a/1</link><category>Ports</category>
<enclosure url="/a/1.mp3" type="audio/mpeg" length="123"/></item></channel></rss>"#;
        let feed = parse_feed_at(rss.as_bytes(), None, Some("https://e.org/feed.xml"), "rss").expect("valid");
        assert_eq!(feed.author.as_deref(), Some("Night Desk"));
        assert_eq!(feed.rights.as_deref(), Some("CC BY 4.0"));
        assert_eq!(feed.entries[0].hints.url.as_deref(), Some("https://e.org/a/1"));
        assert_eq!(feed.entry_meta[0].categories, vec!["Ports".to_string()]);
        let enclosure = &feed.entry_meta[0].enclosures[0];
        assert_eq!(enclosure.url, "https://e.org/a/1.mp3");
        assert_eq!((enclosure.mime_type.as_deref(), enclosure.length), (Some("audio/mpeg"), Some(123)));
    }

    #[test]
    fn itunes_media_and_source_extras() {
        let rss = r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Pod</title><itunes:keywords>Harbours, Shipping ,</itunes:keywords>
<itunes:category text="News"><itunes:category text="Politics"/></itunes:category>
<itunes:image url="http://e.org/cover.png"/>
<item><title>Ep 1</title><itunes:category text="Technology"><itunes:category text="Gadgets"></itunes:category></itunes:category>
<media:category>cat1</media:category><media:category>cat2</media:category>
<source url="http://wire.example/rss">The Wire</source></item></channel></rss>"#;
        let feed = parse_feed(rss.as_bytes(), "pod").expect("valid feed");
        // feed-rs reads the top-level iTunes category itself; ours follow in document order.
        assert_eq!(feed.categories, ["News", "Harbours", "Shipping", "Politics"]);
        assert_eq!(feed.image.as_deref(), Some("http://e.org/cover.png"));
        let meta = &feed.entry_meta[0];
        assert_eq!(meta.categories, ["Technology", "Gadgets", "cat1", "cat2"]);
        assert_eq!(meta.source_title.as_deref(), Some("The Wire"));
        assert_eq!(meta.source_link.as_deref(), Some("http://wire.example/rss"));
        // The old iTunes image link counts only with rel="image".
        let link = |rel: &str| {
            format!(
                r#"<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><itunes:link rel="{rel}" href="http://e.org/l.jpg"/></channel></rss>"#
            )
        };
        let image = |xml: String| parse_feed(xml.as_bytes(), "pod").expect("valid feed").image;
        assert_eq!(image(link("image")).as_deref(), Some("http://e.org/l.jpg"));
        assert_eq!(image(link("alternate")), None);
    }

    #[test]
    fn rss_quirks_read_like_other_readers() {
        // RSS 2.0 in the Userland namespace with a prefix, a module element sharing a core local name, a C1
        // windows-1252 reference, and an RSS 1.0 item identified only by rdf:about.
        let rss = r#"<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2" xmlns:x="urn:x"><r:channel>
<r:title>NS</r:title><r:item><r:title>Item</r:title><x:description>wrong</x:description>
<r:description>don&#146;t</r:description></r:item></r:channel></r:rss>"#;
        let feed = parse_feed(rss.as_bytes(), "ns").expect("valid feed");
        assert_eq!(feed.title.as_deref(), Some("NS"));
        assert_eq!(feed.entries[0].hints.title.as_deref(), Some("Item"));
        assert_eq!(feed.entry_meta[0].summary.as_deref(), Some("don\u{2019}t"));
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://e.org/index.rdf"><title>W</title></channel><item rdf:about="http://e.org/1"></item></rdf:RDF>"#;
        let feed = parse_feed(rdf.as_bytes(), "rdf").expect("valid feed");
        assert_eq!(feed.entries[0].hints.guid.as_deref(), Some("http://e.org/1"));
    }

    #[test]
    fn multibyte_text_beside_an_address_is_read() {
        // feed-rs 3.0 panicked slicing inside '‰' / '—' next to an e-mail address (found by fuzzing).
        let rss = "<rss version=\"2.0\"><channel><title>t</title><managingEditor>x\u{2030}desk@e.org</managingEditor>\
<item><title>i</title><author>\u{2014}ann@e.org (Ann Lee)</author></item></channel></rss>";
        let feed = parse_feed(rss.as_bytes(), "persons").expect("valid feed");
        assert_eq!(feed.title.as_deref(), Some("t"));
        assert_eq!(feed.entries[0].hints.author.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn json_feed_without_a_version_url_is_read() {
        let json = r#"{"version":"1.0","title":"Wire","items":[{"id":"1","url":"https://w.example/1","content_text":"Body."}]}"#;
        let feed = parse_feed(json.as_bytes(), "wire.json").expect("valid feed");
        assert_eq!(feed.title.as_deref(), Some("Wire"));
        assert_eq!(feed.entries.len(), 1);
    }

    #[test]
    fn person_strings() {
        assert_eq!(person_name("desk@e.org (Night Desk)").as_deref(), Some("Night Desk"));
        assert_eq!(person_name("Night Desk (desk@e.org)").as_deref(), Some("Night Desk"));
        assert_eq!(person_name("Night Desk <desk@e.org>").as_deref(), Some("Night Desk"));
        assert_eq!(person_name("desk@e.org"), None);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = parse_feed(b"<html><body>not a feed", "x.xml").expect_err("invalid");
        assert!(err.to_string().starts_with("not a valid RSS, Atom or JSON feed"));
    }
}
