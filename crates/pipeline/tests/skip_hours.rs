//! A feed that declares `<skipHours>` is not polled in those hours: end to end through `poll_due_sources`,
//! a real HTTP server on 127.0.0.1 and a real SQLite store, with the clock given.

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::{DateTime, Duration as Span, Timelike, Utc};
use newsdesk_fetch::{FetchConfig, Fetcher};
use newsdesk_pipeline::{NoProgress, PollOptions, poll_due_sources};
use newsdesk_store::{NewSubscription, Store};
use std::time::Duration;

/// Skipped hours (UTC) the feed declares: the three hours after the first poll.
const SKIP: [u32; 3] = [11, 12, 13];

fn feed() -> String {
    // Items ten minutes apart (a busy feed: the adaptive interval would be short), <ttl> of 60 minutes: the
    // next poll lands at 11:30, inside the skipped hours.
    let skip: String = SKIP.iter().map(|h| format!("<hour>{h}</hour>")).collect();
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Night Desk</title><link>http://night.example/</link>
<ttl>60</ttl><skipHours>{skip}</skipHours>
<item><title>First</title><guid>n-1</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>One.</description></item>
<item><title>Second</title><guid>n-2</guid><pubDate>Tue, 03 Mar 2026 10:10:00 GMT</pubDate><description>Two.</description></item>
<item><title>Third</title><guid>n-3</guid><pubDate>Tue, 03 Mar 2026 10:20:00 GMT</pubDate><description>Three.</description></item>
</channel></rss>"#
    )
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
}

/// The feed's ETag: a request that presents it gets 304 Not Modified.
const ETAG: &str = "\"night-1\"";

/// A server on 127.0.0.1 serving the feed with an ETag (304 to a matching If-None-Match), a fetcher allowed
/// to reach it, and a store in a temp dir with the feed subscribed at `first`.
async fn setup(first: DateTime<Utc>) -> (Fetcher, Store, tempfile::TempDir) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = Router::new().route(
        "/feed.xml",
        get(|headers: HeaderMap| async move {
            if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == ETAG) {
                return StatusCode::NOT_MODIFIED.into_response();
            }
            ([(header::CONTENT_TYPE, "application/rss+xml"), (header::ETAG, ETAG)], feed()).into_response()
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let fetcher = Fetcher::new(FetchConfig {
        allow_hosts: vec!["127.0.0.1".into()],
        per_host_delay: Duration::ZERO,
        timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    })
    .expect("client");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path()).await.expect("store");
    let sub = NewSubscription {
        feed_url: format!("http://{addr}/feed.xml"),
        source: "Night Desk".into(),
        title: None,
        site_url: None,
        category: None,
    };
    assert!(store.add_subscription(&sub, first).await.expect("add"));
    (fetcher, store, dir)
}

#[tokio::test]
async fn skip_hours_are_not_polled() {
    let first = at("2026-03-03T10:30:00Z");
    let (fetcher, store, _dir) = setup(first).await;

    let poll = |now: DateTime<Utc>| {
        let (store, fetcher) = (&store, &fetcher);
        async move {
            let options = PollOptions { now, fetch_pages: false, ..PollOptions::default() };
            poll_due_sources(store, fetcher, &options, &NoProgress).await.expect("poll")
        }
    };
    let report = poll(first).await;
    assert_eq!((report.polled, report.failed, report.items), (1, 0, 3), "{report:?}");

    let next = store.subscriptions().await.expect("subs")[0].next_poll;
    assert!(!SKIP.contains(&next.hour()), "next poll {next} falls in a skipped hour");
    assert!(next >= at("2026-03-03T14:00:00Z"), "next poll {next} is before the skipped hours end");

    // Every moment inside the skipped hours: nothing is due.
    for t in ["2026-03-03T11:00:00Z", "2026-03-03T11:30:00Z", "2026-03-03T12:45:00Z", "2026-03-03T13:59:59Z"]
    {
        assert_eq!(poll(at(t)).await.polled, 0, "polled at {t}");
    }
    // Once they are over it is polled again.
    assert_eq!(poll(next + Span::seconds(1)).await.polled, 1);
    store.close().await;
}

#[tokio::test]
async fn a_not_modified_poll_still_honours_skip_hours() {
    let first = at("2026-03-03T10:30:00Z");
    let (fetcher, store, _dir) = setup(first).await;
    let poll = |now: DateTime<Utc>| {
        let (store, fetcher) = (&store, &fetcher);
        async move {
            let options = PollOptions { now, fetch_pages: false, ..PollOptions::default() };
            poll_due_sources(store, fetcher, &options, &NoProgress).await.expect("poll")
        }
    };
    assert_eq!(poll(first).await.items, 3);
    let sub = &store.subscriptions().await.expect("subs")[0];
    assert_eq!(sub.skip_hours, SKIP.to_vec(), "skipHours are stored with the subscription");
    // The next day at 10:30 the feed is unchanged (304): an hourly interval would land at 11:30, inside the
    // skipped hours, so the next poll must move past them although the 304 carried no feed.
    let day_two = at("2026-03-04T10:30:00Z");
    let report = poll(day_two).await;
    assert_eq!((report.polled, report.not_modified, report.items), (1, 1, 0), "{report:?}");
    let sub = &store.subscriptions().await.expect("subs")[0];
    assert!(!SKIP.contains(&sub.next_poll.hour()), "next poll {} falls in a skipped hour", sub.next_poll);
    assert!(sub.next_poll >= at("2026-03-04T14:00:00Z"), "next poll {} is too early", sub.next_poll);
    assert_eq!(sub.skip_hours, SKIP.to_vec(), "a 304 keeps the stored skipHours");
    store.close().await;
}
