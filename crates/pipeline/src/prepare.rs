//! One document through the pure stages: extract → article with identity and summary → clustering profile.

use chrono::{DateTime, Utc};
use newsdesk_cluster::profile_text;
use newsdesk_extract::{Extracted, canonicalize_url, extract_article};
use newsdesk_model::{Article, ArticleId, Document};
use newsdesk_store::NewArticle;
use newsdesk_summarize::{SummaryInput, summarize_article};
use newsdesk_text::{Analyzer, content_hash, short_hash};

/// Outlet name used when nothing names the outlet (plain-text captures without a `--source`).
pub const UNKNOWN_SOURCE: &str = "Unknown outlet";

/// Turn a document into an article ready to store, or the reason there is none.
pub fn prepare_document(
    doc: &Document,
    analyzer: &Analyzer,
    default_source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<NewArticle, String> {
    let extraction = extract_article(doc);
    let Some(extracted) = extraction.article else {
        let why = extraction.diagnostics.notes.join("; ");
        return Err(if why.is_empty() {
            "no article found".into()
        } else {
            format!("no article found: {why}")
        });
    };
    let url = doc.hints.url.as_deref().and_then(canonicalize_url).or_else(|| extracted.canonical_url.clone());
    let hash = content_hash(&extracted.text);
    let identity = identity_key(url.as_deref(), doc.hints.guid.as_deref(), hash);
    let id = ArticleId(short_hash(&identity));
    let source = pick_source(doc, &extracted, url.as_deref(), default_source);
    let terms = profile_text(analyzer, &extracted.title, &extracted.text);
    let mut article = Article {
        id,
        url,
        title: extracted.title,
        byline: extracted.byline,
        published: extracted.published,
        seen_at: now,
        source,
        language: extracted.language,
        text: extracted.text,
        html: extracted.html,
        truncated: extracted.truncated,
        content_hash: hash,
        summary: Vec::new(),
        story: None,
    };
    article.summary = summarize_article(SummaryInput {
        id: &article.id,
        title: &article.title,
        text: &article.text,
        time: article.published,
    });
    let enrichment = crate::enrich::enrich_for_store(&article.title, &article.text, article.published);
    Ok(NewArticle { article, identity_key: identity, origin: doc.origin.clone(), terms, enrichment })
}

/// What makes two inputs the same article: the canonical URL, else the feed GUID, else the text itself.
pub fn identity_key(url: Option<&str>, guid: Option<&str>, content_hash: u64) -> String {
    match (url, guid) {
        (Some(url), _) => format!("url:{url}"),
        (None, Some(guid)) => format!("guid:{guid}"),
        (None, None) => format!("text:{content_hash:016x}"),
    }
}

/// The outlet: what the input says, else what the page says, else the URL's host, else the default.
fn pick_source(doc: &Document, extracted: &Extracted, url: Option<&str>, default: Option<&str>) -> String {
    doc.hints
        .source
        .clone()
        .or_else(|| extracted.site_name.clone())
        .or_else(|| url.and_then(host_name))
        .or_else(|| default.map(str::to_string))
        .unwrap_or_else(|| UNKNOWN_SOURCE.to_string())
}

fn host_name(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    Some(host.to_string()).filter(|h| !h.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_prefers_url_then_guid_then_text() {
        assert_eq!(identity_key(Some("https://a.example/x"), Some("g"), 1), "url:https://a.example/x");
        assert_eq!(identity_key(None, Some("g"), 1), "guid:g");
        assert_eq!(identity_key(None, None, 255), "text:00000000000000ff");
    }

    #[test]
    fn host_name_drops_www_and_port() {
        assert_eq!(host_name("https://www.herald.example:8080/a?b").as_deref(), Some("herald.example"));
    }
}
