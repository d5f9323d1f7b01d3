//! Feed polling and subscribing: poll every due subscription once (conditional GET, parse, full text for
//! excerpt-only items, then the same prepare → cluster → store steps as file import), record each feed's
//! health and next poll time; add a feed, a page (feed discovery) or an OPML list as subscriptions.

use crate::import::{ToStore, store_articles};
use crate::prepare::prepare_document;
use crate::{Problem, Progress, Result, summarize_dirty_stories};
use chrono::{DateTime, Utc};
use newsdesk_cluster::ClusterConfig;
use newsdesk_extract::{decode_html_bytes, extract_article};
use newsdesk_feed::{COMMON_FEED_PATHS, discover_feed_links, looks_like_feed, parse_feed_with_type};
use newsdesk_fetch::schedule::{PollBounds, backoff, next_interval, next_poll_at};
use newsdesk_fetch::{Fetcher, Validators};
use newsdesk_model::{Body, Document};
use newsdesk_store::{NewSubscription, PollFailure, PollSuccess, Store, Subscription};
use newsdesk_text::Analyzer;
use rayon::prelude::*;
use std::sync::Arc;

/// A feed item whose text (tags stripped) is shorter than this is treated as a teaser and its page fetched:
/// teasers run one to three sentences (150–400 characters); full articles are rarely under 1,000.
const EXCERPT_MAX_CHARS: usize = 600;
/// Endings that mark a cut-off teaser whatever its length (WordPress, Blogger, Substack, news CMSs).
/// Matched against the text's end after closing brackets, arrows and spaces are trimmed.
const READ_MORE_MARKERS: &[&str] =
    &["read more", "read more.", "continue reading", "continue reading.", "…", "..."];
/// Article pages fetched per feed per poll: the rest keep their feed text until the next poll finds them
/// again (bounds one poll's duration and the load on one publisher).
const MAX_PAGES_PER_FEED: usize = 25;
/// Feeds fetched at once (across hosts; per-host limits are the fetcher's).
const FEED_CONCURRENCY: usize = 8;

#[derive(Debug, Clone)]
pub struct PollOptions {
    pub cluster: ClusterConfig,
    pub bounds: PollBounds,
    pub now: DateTime<Utc>,
    /// Most subscriptions polled in one run (the most overdue first).
    pub max_sources: u32,
    /// Fetch article pages for excerpt-only items.
    pub fetch_pages: bool,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            cluster: ClusterConfig::default(),
            bounds: PollBounds::default(),
            now: Utc::now(),
            max_sources: 10_000,
            fetch_pages: true,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollReport {
    pub polled: usize,
    pub not_modified: usize,
    pub failed: usize,
    pub disabled: usize,
    pub moved: usize,
    pub items: usize,
    pub pages_fetched: usize,
    /// Excerpt-only items whose page could not be fetched or extracted: they keep the feed's text.
    pub pages_kept_feed_text: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_stories: usize,
    pub stories_summarized: usize,
    pub problems: Vec<Problem>,
}

/// What polling one feed gave.
enum FeedOutcome {
    NotModified { validators: Validators, moved_to: Option<String> },
    Items(Box<FeedItems>),
    Failed { error: String, retry_after: Option<std::time::Duration>, gone: bool },
}

struct FeedItems {
    documents: Vec<Document>,
    validators: Validators,
    moved_to: Option<String>,
    title: Option<String>,
    homepage: Option<String>,
    interval: std::time::Duration,
    skip_hours: Vec<u32>,
    pages_fetched: usize,
    pages_kept_feed_text: usize,
}

/// Poll every due subscription once.
pub async fn poll_due_sources(
    store: &Store,
    fetcher: &Fetcher,
    options: &PollOptions,
    progress: &dyn Progress,
) -> Result<PollReport> {
    let due = store.due_subscriptions(options.now, options.max_sources).await?;
    let mut report = PollReport { polled: due.len(), ..Default::default() };
    progress.phase("fetching feeds", due.len() as u64);
    let outcomes = fetch_all(fetcher, &due, options, progress).await;
    let mut to_store = Vec::new();
    for (sub, outcome) in due.iter().zip(&outcomes) {
        if let FeedOutcome::Items(items) = outcome {
            report.items += items.documents.len();
            report.pages_fetched += items.pages_fetched;
            report.pages_kept_feed_text += items.pages_kept_feed_text;
            to_store.extend(items.documents.iter().map(|d| (sub, d)));
        }
    }
    let analyzer = Analyzer::english();
    let prepared: Vec<std::result::Result<ToStore, Problem>> = to_store
        .par_iter()
        .map(|(sub, doc)| {
            let new = prepare_document(doc, &analyzer, Some(&sub.source), options.now)
                .map_err(|reason| Problem { origin: doc.origin.clone(), reason })?;
            // The feed GUID is a second identity: an item whose link changed is still the same article.
            let extra_keys = doc.hints.guid.iter().map(|g| format!("guid:{g}")).collect();
            Ok(ToStore { new, extra_keys, match_text: true })
        })
        .collect();
    let mut articles = Vec::new();
    for item in prepared {
        match item {
            Ok(a) => articles.push(a),
            Err(p) => report.problems.push(p),
        }
    }
    articles.sort_by(|a, b| {
        let (a, b) = (&a.new, &b.new);
        a.article.time().cmp(&b.article.time()).then_with(|| a.identity_key.cmp(&b.identity_key))
    });
    let stored = store_articles(store, articles, options.cluster, progress).await?;
    report.added = stored.added;
    report.updated = stored.updated;
    report.unchanged = stored.unchanged;
    report.new_stories = stored.new_stories;
    // Health and schedule are recorded after the articles are in: a crash before this re-polls with the old
    // validators and loses nothing.
    for (sub, outcome) in due.iter().zip(outcomes) {
        record_outcome(store, sub, outcome, options, &mut report).await?;
    }
    report.stories_summarized = summarize_dirty_stories(store, progress).await?;
    Ok(report)
}

async fn fetch_all(
    fetcher: &Fetcher,
    due: &[Subscription],
    options: &PollOptions,
    progress: &dyn Progress,
) -> Vec<FeedOutcome> {
    let limit = Arc::new(tokio::sync::Semaphore::new(FEED_CONCURRENCY));
    let mut tasks = Vec::with_capacity(due.len());
    for sub in due {
        let (fetcher, sub, limit) = (fetcher.clone(), sub.clone(), limit.clone());
        let (fetch_pages, bounds) = (options.fetch_pages, options.bounds);
        tasks.push(tokio::spawn(async move {
            let _slot = limit.acquire_owned().await.ok();
            poll_feed(&fetcher, &sub, fetch_pages, bounds).await
        }));
    }
    let mut outcomes = Vec::with_capacity(tasks.len());
    for task in tasks {
        outcomes.push(task.await.unwrap_or_else(|e| FeedOutcome::Failed {
            error: format!("poll task failed: {e}"),
            retry_after: None,
            gone: false,
        }));
        progress.advance(1);
    }
    outcomes
}

async fn poll_feed(
    fetcher: &Fetcher,
    sub: &Subscription,
    fetch_pages: bool,
    bounds: PollBounds,
) -> FeedOutcome {
    let validators = Validators { etag: sub.etag.clone(), last_modified: sub.last_modified.clone() };
    let response = match fetcher.fetch_feed(&sub.feed_url, &validators).await {
        Ok(r) => r,
        Err(e) => {
            let gone = matches!(e, newsdesk_fetch::Error::Gone { .. });
            return FeedOutcome::Failed { error: e.to_string(), retry_after: e.retry_after(), gone };
        }
    };
    if response.not_modified {
        return FeedOutcome::NotModified { validators, moved_to: response.moved_to };
    }
    let feed = match parse_feed_with_type(&response.body, response.content_type.as_deref(), &response.url) {
        Ok(f) => f,
        Err(e) => return FeedOutcome::Failed { error: e.to_string(), retry_after: None, gone: false },
    };
    let published: Vec<DateTime<Utc>> = feed.entries.iter().filter_map(|d| d.hints.published).collect();
    let interval = next_interval(&published, feed.ttl, bounds);
    let mut items = FeedItems {
        documents: Vec::with_capacity(feed.entries.len()),
        validators: response.validators,
        moved_to: response.moved_to,
        title: feed.title.clone(),
        homepage: feed.homepage.clone(),
        interval,
        skip_hours: feed.skip_hours.clone(),
        pages_fetched: 0,
        pages_kept_feed_text: 0,
    };
    for mut doc in feed.entries {
        // Articles belong to the subscribed outlet, whatever the feed calls itself.
        doc.hints.source = Some(sub.source.clone());
        if fetch_pages
            && items.pages_fetched + items.pages_kept_feed_text < MAX_PAGES_PER_FEED
            && is_excerpt(&doc)
        {
            match full_text_document(fetcher, &doc).await {
                Some(page) => {
                    items.pages_fetched += 1;
                    doc = page;
                }
                None => items.pages_kept_feed_text += 1,
            }
        }
        items.documents.push(doc);
    }
    FeedOutcome::Items(Box::new(items))
}

/// Does a feed item carry only a teaser (short, empty, or ending in "Read more")?
pub fn is_excerpt(doc: &Document) -> bool {
    let (Body::Html(body) | Body::Text(body)) = &doc.body;
    let text = strip_tags(body);
    let text = text.trim();
    let lower = text.to_lowercase();
    let tail = lower.trim_end_matches([')', ']', ' ', '»', '→', '>']);
    text.chars().count() < EXCERPT_MAX_CHARS || READ_MORE_MARKERS.iter().any(|m| tail.ends_with(m))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The item's article page as a document, if it can be fetched (robots.txt allowing) and has an article;
/// `None` keeps the feed's text.
async fn full_text_document(fetcher: &Fetcher, item: &Document) -> Option<Document> {
    let url = item.hints.url.as_deref()?;
    let page = fetcher.fetch_page(url).await.ok()?;
    let html = decode_html_bytes(&page.body, page.content_type.as_deref());
    let doc = Document { origin: page.url.clone(), body: Body::Html(html), hints: item.hints.clone() };
    let extracted = extract_article(&doc).article?;
    let (Body::Html(feed_body) | Body::Text(feed_body)) = &item.body;
    // A page whose article is shorter than the teaser was not the article (a paywall or consent page).
    (extracted.text.chars().count() > strip_tags(feed_body).chars().count()).then_some(doc)
}

async fn record_outcome(
    store: &Store,
    sub: &Subscription,
    outcome: FeedOutcome,
    options: &PollOptions,
    report: &mut PollReport,
) -> Result<()> {
    let now = options.now;
    match outcome {
        FeedOutcome::NotModified { validators, moved_to } => {
            report.not_modified += 1;
            let url = move_if_needed(store, sub, moved_to, report).await?;
            let interval = std::time::Duration::from_secs(sub.interval_secs.max(0) as u64)
                .clamp(options.bounds.min, options.bounds.max);
            let ok = PollSuccess {
                etag: validators.etag,
                last_modified: validators.last_modified,
                interval_secs: interval.as_secs() as i64,
                ..Default::default()
            };
            // A 304 carries no feed: the skipHours stored at the last full poll still apply.
            store.record_poll_success(&url, &ok, now, next_poll_at(now, interval, &sub.skip_hours)).await?;
        }
        FeedOutcome::Items(items) => {
            let url = move_if_needed(store, sub, items.moved_to.clone(), report).await?;
            let interval = items.interval.clamp(options.bounds.min, options.bounds.max);
            let ok = PollSuccess {
                etag: items.validators.etag.clone(),
                last_modified: items.validators.last_modified.clone(),
                title: items.title.clone(),
                site_url: items.homepage.clone(),
                interval_secs: interval.as_secs() as i64,
                skip_hours: Some(items.skip_hours.clone()),
            };
            store.record_poll_success(&url, &ok, now, next_poll_at(now, interval, &items.skip_hours)).await?;
        }
        FeedOutcome::Failed { error, retry_after, gone } => {
            report.failed += 1;
            report.disabled += usize::from(gone);
            report.problems.push(Problem { origin: sub.feed_url.clone(), reason: error.clone() });
            let wait = backoff(sub.failures + 1, retry_after, options.bounds);
            let failure = PollFailure { error, disable: gone };
            store.record_poll_failure(&sub.feed_url, &failure, now, next_poll_at(now, wait, &[])).await?;
        }
    }
    Ok(())
}

async fn move_if_needed(
    store: &Store,
    sub: &Subscription,
    moved_to: Option<String>,
    report: &mut PollReport,
) -> Result<String> {
    match moved_to.filter(|m| *m != sub.feed_url) {
        Some(new_url) => {
            report.moved += 1;
            Ok(store.move_subscription(&sub.feed_url, &new_url).await?)
        }
        None => Ok(sub.feed_url.clone()),
    }
}

/// What `add` subscribed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub feed_url: String,
    pub source: String,
    pub title: Option<String>,
    /// False when the feed was already subscribed.
    pub new: bool,
}

/// Subscribe to a feed URL, or to the feed a web page links to (`<link rel="alternate">`, then the common
/// feed paths on its site). `name` overrides the outlet name (default: the feed's title, else the host).
pub async fn subscribe_url(
    store: &Store,
    fetcher: &Fetcher,
    url: &str,
    name: Option<&str>,
    category: Option<&str>,
    now: DateTime<Utc>,
) -> std::result::Result<Added, String> {
    let first = fetcher.fetch_feed(url, &Validators::default()).await.map_err(|e| e.to_string())?;
    let (feed_url, body, content_type) = if looks_like_feed(&first.body) {
        (first.url.clone(), first.body, first.content_type)
    } else {
        let html = decode_html_bytes(&first.body, first.content_type.as_deref());
        let mut candidates = discover_feed_links(&html, &first.url);
        if let Ok(base) = url::Url::parse(&first.url) {
            candidates
                .extend(COMMON_FEED_PATHS.iter().filter_map(|p| base.join(p).ok().map(|u| u.to_string())));
        }
        let mut found = None;
        for candidate in candidates {
            if let Ok(r) = fetcher.fetch_feed(&candidate, &Validators::default()).await
                && looks_like_feed(&r.body)
            {
                found = Some((r.url, r.body, r.content_type));
                break;
            }
        }
        found.ok_or_else(|| {
            format!("no feed found at {url} (no <link rel=\"alternate\"> feed, none at the common paths)")
        })?
    };
    let feed = parse_feed_with_type(&body, content_type.as_deref(), &feed_url).map_err(|e| e.to_string())?;
    let source = name
        .map(str::to_string)
        .or_else(|| feed.title.clone())
        .or_else(|| url::Url::parse(&feed_url).ok().and_then(|u| u.host_str().map(str::to_string)))
        .unwrap_or_else(|| feed_url.clone());
    let sub = NewSubscription {
        feed_url: feed_url.clone(),
        source: source.clone(),
        title: feed.title.clone(),
        site_url: feed.homepage.clone(),
        category: category.map(str::to_string),
    };
    let new = store.add_subscription(&sub, now).await.map_err(|e| e.to_string())?;
    Ok(Added { feed_url, source, title: feed.title, new })
}

/// Subscribe to every feed of an OPML list (no network: feeds are checked on the first poll). Returns how
/// many were new and how many already subscribed.
pub async fn subscribe_opml(
    store: &Store,
    text: &str,
    now: DateTime<Utc>,
) -> std::result::Result<(usize, usize), String> {
    let feeds = newsdesk_feed::parse_opml(text).map_err(|e| e.to_string())?;
    let (mut new, mut known) = (0, 0);
    for f in feeds {
        let sub = NewSubscription {
            feed_url: f.xml_url,
            source: f.title.clone(),
            title: Some(f.title),
            site_url: f.html_url,
            category: f.category,
        };
        if store.add_subscription(&sub, now).await.map_err(|e| e.to_string())? {
            new += 1;
        } else {
            known += 1;
        }
    }
    Ok((new, known))
}

/// The subscriptions as an OPML 2.0 document.
pub async fn export_opml(store: &Store) -> Result<String> {
    let feeds: Vec<newsdesk_feed::OpmlFeed> = store
        .subscriptions()
        .await?
        .into_iter()
        .map(|s| newsdesk_feed::OpmlFeed {
            title: s.title.unwrap_or_else(|| s.source.clone()),
            xml_url: s.feed_url,
            html_url: s.site_url,
            category: s.category,
        })
        .collect();
    Ok(newsdesk_feed::write_opml("Newsdesk subscriptions", &feeds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::Hints;

    fn doc(body: &str) -> Document {
        Document { origin: "t".into(), body: Body::Html(body.into()), hints: Hints::default() }
    }

    #[test]
    fn teasers_are_recognised() {
        assert!(is_excerpt(&doc("")));
        assert!(is_excerpt(&doc("<p>The council voted on Tuesday.</p>")));
        let long = "The council voted on Tuesday to approve the new harbour plan. ".repeat(20);
        assert!(!is_excerpt(&doc(&format!("<p>{long}</p>"))));
        assert!(is_excerpt(&doc(&format!("<p>{long} <a href='/x'>Read more</a></p>"))));
        assert!(is_excerpt(&doc(&format!("<p>{long} […]</p>"))));
    }
}
