//! Atom feeds out (RFC 4287): top stories, one outlet's stories, a storyline's stories and a saved search's
//! matching stories. Each entry is a story: its headline, its summary as text, a link to its page.

use crate::api::ApiError;
use crate::api::dto::rfc3339;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use newsdesk_model::{Story, StoryId};
use newsdesk_search::SearchQuery;
use newsdesk_store::{Store, StoryQuery};

/// Entries per feed: readers poll often, so only the latest matter.
const FEED_ENTRIES: u32 = 30;
const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";

/// A feed ready to render.
struct Feed {
    /// Path of this feed (`/feeds/top`), also its id.
    path: String,
    title: String,
    stories: Vec<Story>,
}

pub async fn top_stories(State(store): State<Store>, headers: HeaderMap) -> Result<Response, ApiError> {
    let stories = store.stories(&StoryQuery { limit: FEED_ENTRIES, offset: 0, source: None }).await?;
    Ok(render(&headers, Feed { path: "/feeds/top".into(), title: "Newsdesk: top stories".into(), stories }))
}

pub async fn source(
    State(store): State<Store>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if store.source(&name).await?.is_none() {
        return Err(ApiError::NotFound("source".into()));
    }
    let query = StoryQuery { limit: FEED_ENTRIES, offset: 0, source: Some(name.clone()) };
    let stories = store.stories(&query).await?;
    let path = format!("/feeds/sources/{}", percent_encode(&name));
    Ok(render(&headers, Feed { path, title: format!("Newsdesk: {name}"), stories }))
}

pub async fn storyline(
    State(store): State<Store>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(detail) = store.storyline(&id).await? else {
        return Err(ApiError::NotFound("storyline".into()));
    };
    let mut stories = detail.stories;
    stories.sort_by_key(|s| std::cmp::Reverse(s.last_published));
    stories.truncate(FEED_ENTRIES as usize);
    let path = format!("/feeds/storylines/{}", percent_encode(&id));
    Ok(render(
        &headers,
        Feed { path, title: format!("Newsdesk storyline: {}", detail.storyline.name), stories },
    ))
}

pub async fn saved_search(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(saved) = state.store.saved_search(&id).await? else {
        return Err(ApiError::NotFound("saved search".into()));
    };
    let mut query = SearchQuery::parse(&saved.query);
    query.limit = FEED_ENTRIES as usize;
    let handle = state.search.clone();
    let found = handle
        .run_blocking(move |index| index.search_stories(&query))
        .await
        .map_err(|e| ApiError::Unavailable(format!("search ({e})")))?
        .map_err(|error| {
            tracing::warn!(%error, "saved-search feed failed");
            ApiError::Unavailable("search".into())
        })?;
    let mut stories = Vec::new();
    for hit in &found.stories {
        if let Some(id) = hit.story_id.clone()
            && let Some(story) = state.store.story(&StoryId(id)).await?
        {
            stories.push(story);
        }
    }
    let path = format!("/feeds/searches/{}", percent_encode(&id));
    Ok(render(&headers, Feed { path, title: format!("Newsdesk search: {}", saved.name), stories }))
}

fn render(headers: &HeaderMap, feed: Feed) -> Response {
    let base = base_url(headers);
    let updated = feed.stories.iter().map(|s| s.last_published).max().unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    push_element(&mut xml, "id", &format!("{base}{}", feed.path));
    push_element(&mut xml, "title", &feed.title);
    push_element(&mut xml, "updated", &rfc3339(updated));
    xml.push_str(&format!("  <link rel=\"self\" href=\"{}\"/>\n", escape(&format!("{base}{}", feed.path))));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{base}/"))
    ));
    xml.push_str("  <author><name>Newsdesk</name></author>\n  <generator>Newsdesk</generator>\n");
    for story in &feed.stories {
        let link = format!("{base}/stories/{}", percent_encode(&story.id.0));
        xml.push_str("  <entry>\n");
        push_element(&mut xml, "id", &format!("urn:newsdesk:story:{}", story.id.0));
        push_element(&mut xml, "title", &story.headline);
        push_element(&mut xml, "published", &rfc3339(story.first_published));
        push_element(&mut xml, "updated", &rfc3339(story.last_published));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        for outlet in &story.outlets {
            xml.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                escape(outlet),
                escape(outlet)
            ));
        }
        let summary: Vec<&str> = story.summary.iter().map(|s| s.text.as_str()).collect();
        let summary = if summary.is_empty() { story.headline.clone() } else { summary.join(" ") };
        xml.push_str(&format!(
            "    <summary type=\"text\">{} ({} articles from {} outlets)</summary>\n",
            escape(&summary),
            story.article_count,
            story.outlets.len()
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    ([(header::CONTENT_TYPE, HeaderValue::from_static(ATOM_TYPE))], xml).into_response()
}

fn push_element(xml: &mut String, name: &str, text: &str) {
    xml.push_str(&format!("  <{name}>{}</{name}>\n", escape(text)));
}

/// Links in a feed must be absolute: built from the request's Host (the server binds locally; a proxy in
/// front passes its Host through).
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')))
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Path segments: everything but unreserved characters percent-encoded.
fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
