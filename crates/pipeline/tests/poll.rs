//! Feed polling end to end against a real HTTP server on 127.0.0.1 and a real SQLite store: full text for
//! teasers, conditional re-polls, dedup and updates, 301/410/429 handling, and hostile feeds that fail alone.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{Duration as Span, Utc};
use newsdesk_fetch::{FetchConfig, Fetcher};
use newsdesk_pipeline::{
    NoProgress, PollOptions, export_opml, poll_due_sources, subscribe_opml, subscribe_url,
};
use newsdesk_store::{ArticleQuery, NewSubscription, Store};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const ARTICLE_TEXT: &str = "The harbour authority confirmed on Tuesday that the new breakwater will be finished by the spring, two years later than first planned. Engineers said storms in the autumn had washed away a third of the rock armour laid last year. The authority's chief executive told reporters that the delay would add about twelve million to the cost of the project. Fishermen who use the harbour said they had been waiting for the breakwater for a decade and feared another winter without it. The contractor blamed the weather and a shortage of barges.";

const VOTE_TEXT: &str = "Councillors voted eleven to four on Monday night to approve the harbour plan, after a debate that lasted six hours and ended shortly before midnight. The plan, which has been revised twice since it was first put forward, now includes a cycle path and a new ferry terminal. Opponents said the cost had doubled and that residents of the old town had not been consulted. The mayor said the vote ended years of uncertainty and that work would begin in the summer. A legal challenge by a residents' group is still pending, and its lawyers said they would ask the court for an injunction.";

fn feed(updated: bool, addr: SocketAddr) -> String {
    let first = if updated {
        format!("{VOTE_TEXT} UPDATED: the residents' group filed its challenge on Tuesday morning.")
    } else {
        VOTE_TEXT.to_string()
    };
    // The link of item 1 gains tracking parameters on re-publication: still the same article.
    let link = if updated { "/news/vote?utm_source=rss&amp;utm_medium=feed" } else { "/news/vote" };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour Times</title><link>http://{addr}/</link><ttl>30</ttl>
<item><title>Council approves harbour plan</title><link>http://{addr}{link}</link><guid isPermaLink="false">ht-1</guid><pubDate>Mon, 02 Mar 2026 22:00:00 GMT</pubDate><description><![CDATA[<p>{first}</p>]]></description></item>
<item><title>Breakwater delayed by two years</title><link>http://{addr}/news/breakwater</link><guid isPermaLink="false">ht-2</guid><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description>The breakwater will be late. (Read more)</description></item>
</channel></rss>"#
    )
}

struct Server {
    updated: AtomicBool,
}

async fn serve() -> (SocketAddr, Arc<Server>) {
    let state = Arc::new(Server { updated: AtomicBool::new(false) });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let s = state.clone();
    let app = Router::new()
        .route("/feed.xml", get(move |headers: HeaderMap| feed_handler(s.clone(), headers, addr)))
        .route(
            "/news/breakwater",
            get(|| async {
                axum::response::Html(format!(
                    "<html><head><title>Breakwater delayed by two years</title></head><body><nav>Home | News</nav><article><h1>Breakwater delayed by two years</h1><p>{ARTICLE_TEXT}</p><p>{ARTICLE_TEXT}</p></article><footer>© Harbour Times</footer></body></html>"
                ))
            }),
        )
        .route("/robots.txt", get(|| async { "User-agent: *\nDisallow: /private\n" }))
        .route(
            "/home",
            get(move || async move {
                axum::response::Html(format!(
                    r#"<html><head><link rel="alternate" type="application/rss+xml" href="http://{addr}/feed.xml"></head><body>Home</body></html>"#
                ))
            }),
        )
        .route("/gone.xml", get(|| async { StatusCode::GONE }))
        .route("/busy.xml", get(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "7200")]) }))
        .route("/old.xml", get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/feed.xml")]) }))
        .route("/broken.xml", get(|| async { "<rss><channel><item><title>cut" }))
        .route("/huge.xml", get(|| async { "<rss>".to_string() + &"x".repeat(3 * 1024 * 1024) }))
        .route(
            "/slow.xml",
            get(|| async {
                let stream = futures_util::stream::unfold((), |()| async {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Some((Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<")), ()))
                });
                axum::body::Body::from_stream(stream)
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, state)
}

async fn feed_handler(state: Arc<Server>, headers: HeaderMap, addr: SocketAddr) -> Response {
    let updated = state.updated.load(Ordering::SeqCst);
    let etag = if updated { "\"v2\"" } else { "\"v1\"" };
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == etag) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    ([(header::ETAG, etag), (header::CONTENT_TYPE, "application/rss+xml")], feed(updated, addr))
        .into_response()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        allow_hosts: vec!["127.0.0.1".into()],
        per_host_delay: Duration::ZERO,
        per_host_concurrency: 8,
        max_body_bytes: 1024 * 1024,
        timeout: Duration::from_secs(3),
        ..FetchConfig::default()
    })
    .expect("client")
}

async fn subscribe(store: &Store, url: String, name: &str) {
    let sub =
        NewSubscription { feed_url: url, source: name.into(), title: None, site_url: None, category: None };
    assert!(store.add_subscription(&sub, Utc::now()).await.expect("add"));
}

#[tokio::test]
async fn polling_fetches_full_text_dedups_updates_and_isolates_bad_feeds() {
    let (addr, server) = serve().await;
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path()).await.expect("store");
    let f = fetcher();
    // Feed discovery from a page's <link rel="alternate">.
    let added = subscribe_url(&store, &f, &format!("http://{addr}/home"), None, Some("Local"), Utc::now())
        .await
        .expect("add");
    assert_eq!(added.feed_url, format!("http://{addr}/feed.xml"));
    assert_eq!(added.source, "Harbour Times");
    for (path, name) in [
        ("gone", "Gone"),
        ("busy", "Busy"),
        ("old", "Moved"),
        ("broken", "Broken"),
        ("huge", "Huge"),
        ("slow", "Slow"),
    ] {
        subscribe(&store, format!("http://{addr}/{path}.xml"), name).await;
    }

    let now = Utc::now();
    let options = PollOptions { now, ..PollOptions::default() };
    let started = std::time::Instant::now();
    let report = poll_due_sources(&store, &f, &options, &NoProgress).await.expect("poll");
    assert!(started.elapsed() < Duration::from_secs(15), "a slow feed must not stall the rest");
    assert_eq!(report.polled, 7);
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(report.unchanged, 2, "the moved feed serves the same items: {report:?}");
    assert_eq!(report.failed, 5, "{report:?}");
    assert_eq!(report.moved, 1);

    let articles = store.articles(&ArticleQuery { limit: 10, ..Default::default() }).await.expect("list");
    assert_eq!(articles.len(), 2);
    let breakwater = articles.iter().find(|a| a.title.contains("Breakwater")).expect("teaser article");
    assert!(breakwater.text.contains("rock armour"), "full text from the page: {}", breakwater.text);
    assert_eq!(breakwater.source, "Harbour Times");

    let subs = store.subscriptions().await.expect("subs");
    let by = |name: &str| subs.iter().find(|s| s.source == name).cloned().expect(name);
    let gone = by("Gone");
    assert!(gone.disabled && gone.last_error.as_deref().is_some_and(|e| e.contains("410")), "{gone:?}");
    let busy = by("Busy");
    assert!(busy.next_poll >= now + Span::seconds(7199), "Retry-After honoured: {busy:?}");
    assert_eq!(busy.failures, 1);
    assert!(by("Broken").last_error.as_deref().is_some_and(|e| e.contains("not a valid")));
    assert!(by("Huge").last_error.as_deref().is_some_and(|e| e.contains("larger than")), "{:?}", by("Huge"));
    assert!(by("Slow").last_error.as_deref().is_some_and(|e| e.contains("within")), "{:?}", by("Slow"));
    assert!(!subs.iter().any(|s| s.feed_url.ends_with("/old.xml")), "301 updated the stored URL");
    let harbour = subs.iter().find(|s| s.feed_url.ends_with("/feed.xml")).expect("feed");
    assert_eq!(harbour.etag.as_deref(), Some("\"v1\""));
    assert_eq!(harbour.category.as_deref(), Some("Local"));
    assert!(harbour.last_error.is_none() && harbour.failures == 0);
    assert_eq!(
        harbour.interval_secs,
        11 * 3600 / 2,
        "half the 11-hour gap between its items (above <ttl>30</ttl>)"
    );

    // Second poll, later: 304 Not Modified, nothing new.
    let later = PollOptions { now: now + Span::hours(6), ..PollOptions::default() };
    let again = poll_due_sources(&store, &f, &later, &NoProgress).await.expect("poll");
    assert_eq!(again.not_modified, 1, "{again:?}");
    assert_eq!(again.added, 0);

    // Re-published with a changed body and tracking parameters on the link: updated, not duplicated.
    server.updated.store(true, Ordering::SeqCst);
    let much_later = PollOptions { now: now + Span::hours(12), ..PollOptions::default() };
    let third = poll_due_sources(&store, &f, &much_later, &NoProgress).await.expect("poll");
    assert_eq!((third.added, third.updated), (0, 1), "{third:?}");
    let articles = store.articles(&ArticleQuery { limit: 10, ..Default::default() }).await.expect("list");
    assert_eq!(articles.len(), 2);
    assert!(articles.iter().any(|a| a.text.contains("filed its challenge")));

    // OPML export and re-import into a fresh store give the same feeds, titles and categories.
    let opml = export_opml(&store).await.expect("export");
    let dir2 = tempfile::tempdir().expect("tmp");
    let other = Store::open(dir2.path()).await.expect("store");
    let (new, known) = subscribe_opml(&other, &opml, Utc::now()).await.expect("import");
    assert_eq!((new, known), (subs.len(), 0));
    assert_eq!(export_opml(&other).await.expect("export"), opml);
}
