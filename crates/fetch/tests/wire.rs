//! Wire behaviour against a real HTTP server on 127.0.0.1 (axum, in this process): conditional GET,
//! compression, redirects, status handling, the private-address guard, caps, politeness, robots.txt.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use newsdesk_fetch::{Error, FetchConfig, Fetcher, Validators};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title></item></channel></rss>"#;

#[derive(Default)]
struct Seen {
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    hits: AtomicUsize,
    user_agent: std::sync::Mutex<String>,
}

async fn serve() -> (SocketAddr, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/feed", get(conditional))
        .route("/gzip", get(|| async { encoded("gzip", gzip(FEED.as_bytes())) }))
        .route("/deflate", get(|| async { encoded("deflate", zlib(FEED.as_bytes())) }))
        .route("/br", get(|| async { encoded("br", brotli_bytes(FEED.as_bytes())) }))
        .route("/moved", get(|| async { redirect(StatusCode::MOVED_PERMANENTLY, "/moved2") }))
        .route("/moved2", get(|| async { redirect(StatusCode::PERMANENT_REDIRECT, "/feed") }))
        .route("/temp", get(|| async { redirect(StatusCode::FOUND, "/feed") }))
        .route("/loop-a", get(|| async { redirect(StatusCode::FOUND, "/loop-b") }))
        .route("/loop-b", get(|| async { redirect(StatusCode::FOUND, "/loop-a") }))
        .route("/chain/{n}", get(chain))
        .route("/to-localhost", get(to_localhost))
        .route("/to-private", get(|| async { redirect(StatusCode::FOUND, "http://10.0.0.1/feed") }))
        .route("/gone", get(|| async { StatusCode::GONE }))
        .route("/busy", get(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "120")]) }))
        .route("/down", get(|| async { (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "Fri, 01 Jan 2100 00:00:00 GMT")]) }))
        .route("/huge", get(huge))
        .route("/bomb", get(|| async { encoded("gzip", gzip(&vec![0u8; 64 * 1024 * 1024])) }))
        .route("/incompressible", get(|| async { encoded("gzip", gzip(&noise(2 * 1024 * 1024))) }))
        .route("/slow", get(slow))
        .route("/polite/{n}", get(polite))
        .route("/robots.txt", get(|| async { "User-agent: OtherBot\nDisallow: /public\n\nUser-agent: *\nDisallow: /private\nCrawl-delay: 0.2\n" }))
        .route("/private/feed", get(|| async { FEED }))
        .route("/private/page", get(|| async { "<html>hidden</html>" }))
        .route("/public/page", get(|| async { "<html>open</html>" }))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (addr, seen)
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).expect("client")
}

fn loopback() -> FetchConfig {
    FetchConfig {
        allow_hosts: vec!["127.0.0.1".into()],
        per_host_delay: Duration::ZERO,
        per_host_concurrency: 8,
        contact_url: Some("https://ops.example/newsdesk".into()),
        ..FetchConfig::default()
    }
}

async fn conditional(State(seen): State<Arc<Seen>>, headers: HeaderMap) -> Response {
    seen.hits.fetch_add(1, Ordering::SeqCst);
    *seen.user_agent.lock().expect("lock") =
        headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let etag = "\"v1\"";
    let modified = "Tue, 03 Mar 2026 09:00:00 GMT";
    let matches = headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == etag)
        || headers.get(header::IF_MODIFIED_SINCE).is_some_and(|v| v == modified);
    if matches {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::ETAG, etag),
            (header::LAST_MODIFIED, modified),
            (header::CONTENT_TYPE, "application/rss+xml"),
        ],
        FEED,
    )
        .into_response()
}

fn encoded(encoding: &'static str, body: Vec<u8>) -> Response {
    ([(header::CONTENT_ENCODING, encoding), (header::CONTENT_TYPE, "application/rss+xml")], body)
        .into_response()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("zlib");
    e.finish().expect("zlib")
}

fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        w.write_all(data).expect("brotli");
    }
    out
}

fn redirect(status: StatusCode, to: &str) -> Response {
    (status, [(header::LOCATION, to.to_string())]).into_response()
}

async fn chain(axum::extract::Path(n): axum::extract::Path<u32>) -> Response {
    if n == 0 { FEED.into_response() } else { redirect(StatusCode::FOUND, &format!("/chain/{}", n - 1)) }
}

async fn to_localhost(headers: HeaderMap) -> Response {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let port = host.rsplit(':').next().unwrap_or_default();
    redirect(StatusCode::FOUND, &format!("http://localhost:{port}/feed"))
}

/// 1 GB of body, made lazily in 64 KB chunks: the client must cut it, the server never holds it.
async fn huge() -> Response {
    let chunk = bytes_chunk(64 * 1024);
    let stream =
        futures_util::stream::iter((0..16 * 1024).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    ([(header::CONTENT_TYPE, "application/rss+xml")], Body::from_stream(stream)).into_response()
}

fn bytes_chunk(n: usize) -> axum::body::Bytes {
    axum::body::Bytes::from(vec![b'x'; n])
}

/// One byte per second, forever.
async fn slow() -> Response {
    let stream = futures_util::stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        Some((Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"<")), ()))
    });
    Body::from_stream(stream).into_response()
}

async fn polite(State(seen): State<Arc<Seen>>) -> &'static str {
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(50)).await;
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    FEED
}

#[tokio::test]
async fn conditional_get_sends_validators_and_handles_304() {
    let (addr, seen) = serve().await;
    let f = fetcher(loopback());
    let url = format!("http://{addr}/feed");
    let first = f.fetch_feed(&url, &Validators::default()).await.expect("fetch");
    assert!(!first.not_modified);
    assert_eq!(first.body, FEED.as_bytes());
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(first.content_type.as_deref(), Some("application/rss+xml"));
    let second = f.fetch_feed(&url, &first.validators).await.expect("fetch");
    assert!(second.not_modified);
    assert!(second.body.is_empty());
    let by_date = Validators { etag: None, last_modified: first.validators.last_modified.clone() };
    assert!(f.fetch_feed(&url, &by_date).await.expect("fetch").not_modified);
    assert_eq!(seen.hits.load(Ordering::SeqCst), 3);
    let agent = seen.user_agent.lock().expect("lock").clone();
    assert!(agent.starts_with("Newsdesk/") && agent.contains("+https://ops.example/newsdesk"), "{agent}");
}

#[tokio::test]
async fn gzip_deflate_and_brotli_are_decoded() {
    let (addr, _) = serve().await;
    let f = fetcher(loopback());
    for path in ["gzip", "deflate", "br"] {
        let r = f.fetch_feed(&format!("http://{addr}/{path}"), &Validators::default()).await.expect(path);
        assert_eq!(String::from_utf8_lossy(&r.body), FEED, "{path}");
    }
}

#[tokio::test]
async fn redirects_are_followed_capped_and_permanent_moves_reported() {
    let (addr, _) = serve().await;
    let f = fetcher(FetchConfig { max_redirects: 3, ..loopback() });
    let moved = f.fetch_feed(&format!("http://{addr}/moved"), &Validators::default()).await.expect("moved");
    assert_eq!(moved.url, format!("http://{addr}/feed"));
    assert_eq!(moved.moved_to.as_deref(), Some(format!("http://{addr}/feed").as_str()));
    let temp = f.fetch_feed(&format!("http://{addr}/temp"), &Validators::default()).await.expect("temp");
    assert_eq!(temp.moved_to, None, "a 302 does not move the subscription");
    assert!(f.fetch_feed(&format!("http://{addr}/chain/3"), &Validators::default()).await.is_ok());
    let long = f.fetch_feed(&format!("http://{addr}/chain/4"), &Validators::default()).await;
    assert!(matches!(long, Err(Error::TooManyRedirects { limit: 3, .. })), "{long:?}");
    let looped = f.fetch_feed(&format!("http://{addr}/loop-a"), &Validators::default()).await;
    assert!(matches!(looped, Err(Error::RedirectLoop { .. })), "{looped:?}");
}

#[tokio::test]
async fn gone_and_retry_after_are_reported() {
    let (addr, _) = serve().await;
    let f = fetcher(loopback());
    let gone = f.fetch_feed(&format!("http://{addr}/gone"), &Validators::default()).await;
    assert!(matches!(gone, Err(Error::Gone { .. })), "{gone:?}");
    let busy = f.fetch_feed(&format!("http://{addr}/busy"), &Validators::default()).await.expect_err("429");
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(120)));
    assert!(busy.to_string().contains("HTTP 429"), "{busy}");
    let down = f.fetch_feed(&format!("http://{addr}/down"), &Validators::default()).await.expect_err("503");
    assert!(down.retry_after().is_some_and(|d| d >= Duration::from_secs(24 * 3600)), "{down:?}");
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let (addr, _) = serve().await;
    let guarded = fetcher(FetchConfig::default());
    let literal = guarded.fetch_feed(&format!("http://{addr}/feed"), &Validators::default()).await;
    assert!(matches!(literal, Err(Error::Blocked { .. })), "{literal:?}");
    // A name is checked after DNS resolution: localhost resolves to loopback.
    let named =
        guarded.fetch_feed(&format!("http://localhost:{}/feed", addr.port()), &Validators::default()).await;
    assert!(matches!(named, Err(Error::Blocked { .. })), "{named:?}");
    // Allowed host, but a redirect to a name that resolves to loopback, or to a private literal, is refused.
    let allowed = fetcher(loopback());
    let hop = allowed.fetch_feed(&format!("http://{addr}/to-localhost"), &Validators::default()).await;
    assert!(matches!(hop, Err(Error::Blocked { .. })), "{hop:?}");
    let private = allowed.fetch_feed(&format!("http://{addr}/to-private"), &Validators::default()).await;
    assert!(matches!(private, Err(Error::Blocked { .. })), "{private:?}");
    let scheme = allowed.fetch_feed("file:///etc/passwd", &Validators::default()).await;
    assert!(matches!(scheme, Err(Error::InvalidUrl { .. })), "{scheme:?}");
}

#[tokio::test]
async fn one_gigabyte_body_is_cut_at_the_cap() {
    let (addr, _) = serve().await;
    let f = fetcher(FetchConfig { max_body_bytes: 1024 * 1024, ..loopback() });
    let started = Instant::now();
    let r = f.fetch_feed(&format!("http://{addr}/huge"), &Validators::default()).await;
    assert!(matches!(r, Err(Error::TooLarge { limit: 1048576, .. })), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "cut early, not after reading 1 GB");
}

#[tokio::test]
async fn gzip_bomb_is_cut_at_the_decompressed_cap() {
    let (addr, _) = serve().await;
    let f = fetcher(FetchConfig { max_body_bytes: 1024 * 1024, ..loopback() });
    let r = f.fetch_feed(&format!("http://{addr}/bomb"), &Validators::default()).await;
    assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
}

/// Bytes gzip cannot shrink (an xorshift stream), so the compressed body is as big as the decoded one.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[tokio::test]
async fn raw_bytes_have_their_own_cap() {
    let (addr, _) = serve().await;
    // 2 MB of gzip on the wire: the decoded cap (16 MB) would allow it, the raw cap (1 MB) does not.
    let f = fetcher(FetchConfig { max_body_bytes: 16 << 20, max_raw_bytes: 1 << 20, ..loopback() });
    let r = f.fetch_feed(&format!("http://{addr}/incompressible"), &Validators::default()).await;
    assert!(matches!(r, Err(Error::TooLargeOnWire { limit: 1048576, .. })), "{r:?}");
    // With room on the wire the same response is read and decoded in full.
    let f = fetcher(FetchConfig { max_body_bytes: 16 << 20, max_raw_bytes: 4 << 20, ..loopback() });
    let r = f.fetch_feed(&format!("http://{addr}/incompressible"), &Validators::default()).await;
    assert_eq!(r.expect("fits").body.len(), 2 * 1024 * 1024);
    // A bomb is small on the wire and is still cut by the decoded cap.
    let f = fetcher(FetchConfig { max_body_bytes: 1 << 20, max_raw_bytes: 1 << 20, ..loopback() });
    let r = f.fetch_feed(&format!("http://{addr}/bomb"), &Validators::default()).await;
    assert!(matches!(r, Err(Error::TooLarge { limit: 1048576, .. })), "{r:?}");
}

#[tokio::test]
async fn slow_drip_server_hits_the_time_cap() {
    let (addr, _) = serve().await;
    let f = fetcher(FetchConfig { timeout: Duration::from_secs(2), ..loopback() });
    let started = Instant::now();
    let r = f.fetch_feed(&format!("http://{addr}/slow"), &Validators::default()).await;
    assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn per_host_concurrency_and_spacing_are_kept() {
    let (addr, seen) = serve().await;
    let f = fetcher(FetchConfig {
        per_host_concurrency: 1,
        per_host_delay: Duration::from_millis(150),
        ..loopback()
    });
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..4 {
        let f = f.clone();
        let url = format!("http://{addr}/polite/{n}");
        tasks.push(tokio::spawn(async move { f.fetch_feed(&url, &Validators::default()).await.map(|_| ()) }));
    }
    for t in tasks {
        t.await.expect("join").expect("fetch");
    }
    assert_eq!(seen.max_in_flight.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() >= Duration::from_millis(450), "{:?}", started.elapsed());
}

#[tokio::test]
async fn robots_txt_governs_pages_but_not_subscribed_feeds() {
    let (addr, _) = serve().await;
    let f = fetcher(loopback());
    let blocked = f.fetch_page(&format!("http://{addr}/private/page")).await;
    assert!(matches!(blocked, Err(Error::Robots { .. })), "{blocked:?}");
    // Another agent's group does not bind us; the Crawl-delay spaces our page fetches.
    let started = Instant::now();
    assert!(f.fetch_page(&format!("http://{addr}/public/page")).await.is_ok());
    assert!(f.fetch_page(&format!("http://{addr}/public/page")).await.is_ok());
    assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
    assert!(f.fetch_feed(&format!("http://{addr}/private/feed"), &Validators::default()).await.is_ok());
}
