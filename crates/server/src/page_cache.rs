//! A short-lived cache of rendered pages (the front page with its filters and pages, story pages): at
//! 100,000 articles a front page takes 10-30 ms of SQLite and template work and a story page a handful of
//! queries, which 50 concurrent readers on 2 cores would otherwise repeat for every request.
//!
//! A page at most [`FRESH_FOR`] old is served from memory. When it expires, one request re-renders it while
//! the others keep getting the previous copy (stale-while-revalidate); when a page is not cached at all, one
//! request renders it and concurrent requests for the same URL wait for that render instead of starting their
//! own (single flight: a cold or evicted page never costs 50 renders). A render that fails or is abandoned
//! (client gone) hands the job to the next request. Freshness bound: a page reflects the store as it was at
//! most `FRESH_FOR` plus one render time ago.
//!
//! A cached page is also kept gzip-compressed (compressed once, when rendered) and served so to clients that
//! accept gzip: compressing the same front page again for every request was the largest single cost of
//! serving it from the cache.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How stale a cached page may be: news moves in minutes, imports commit in batches.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// Distinct URLs (filter combinations, stories) kept; beyond this the oldest entries are dropped.
const MAX_ENTRIES: usize = 4096;
/// Bytes of page bodies kept; beyond this the oldest entries are dropped too (story pages of big stories
/// are large, so a count alone does not bound memory).
const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Pages are small; a larger body is passed through uncached.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// Bodies shorter than this are not worth compressing (the gzip header and a round trip cost more).
const MIN_GZIP: usize = 1024;
/// A request waiting for another's render of the same page gives up waiting after this and renders itself
/// (only a wedged render takes this long; the request timeout is far longer).
const WAIT_FOR_RENDER: Duration = Duration::from_secs(5);

#[derive(Clone, Default)]
pub struct PageCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    /// The last good render; `None` while the first render is in flight.
    page: Option<Page>,
    /// A request is rendering this URL now.
    refreshing: bool,
    /// Woken when that render ends (stored, failed or abandoned).
    rendered: Arc<Notify>,
}

#[derive(Clone)]
struct Page {
    made: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The body gzip-compressed, when it was worth it.
    gzip: Option<Bytes>,
}

impl PageCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a request does about its URL.
enum Plan {
    Serve(Page),
    Wait(Arc<Notify>),
    Render(Arc<Notify>),
}

pub async fn cached(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    let gzip = accepts_gzip(request.headers());
    let began = Instant::now();
    loop {
        let plan = plan(&cache, &key, began.elapsed() >= WAIT_FOR_RENDER);
        match plan {
            Plan::Serve(page) => return respond(&page, gzip),
            Plan::Wait(rendered) => {
                let notified = rendered.notified();
                tokio::pin!(notified);
                // Registered before checking again, so a render finishing in between is not missed.
                notified.as_mut().enable();
                if matches!(plan_peek(&cache, &key), Some(true)) {
                    let _ = tokio::time::timeout(WAIT_FOR_RENDER, notified).await;
                }
            }
            Plan::Render(rendered) => {
                let guard = Rendering { cache: cache.clone(), key: key.clone(), rendered, done: false };
                return render(guard, request, next, gzip).await;
            }
        }
    }
}

/// Decide under the lock; a request that became the renderer marks the entry as being refreshed.
fn plan(cache: &PageCache, key: &str, waited_too_long: bool) -> Plan {
    let mut entries = cache.lock();
    match entries.get_mut(key) {
        Some(entry) => {
            let fresh = entry.page.as_ref().is_some_and(|p| p.made.elapsed() < FRESH_FOR);
            match (&entry.page, entry.refreshing) {
                (Some(page), _) if fresh || entry.refreshing => Plan::Serve(page.clone()),
                (None, true) if !waited_too_long => Plan::Wait(entry.rendered.clone()),
                _ => {
                    entry.refreshing = true;
                    Plan::Render(entry.rendered.clone())
                }
            }
        }
        None => {
            if entries.len() >= MAX_ENTRIES || cached_bytes(&entries) >= MAX_BYTES {
                evict_oldest(&mut entries);
            }
            let rendered = Arc::new(Notify::new());
            entries
                .insert(key.to_string(), Entry { page: None, refreshing: true, rendered: rendered.clone() });
            Plan::Render(rendered)
        }
    }
}

/// Whether a first render of `key` is still in flight (`Some(true)`).
fn plan_peek(cache: &PageCache, key: &str) -> Option<bool> {
    cache.lock().get(key).map(|e| e.page.is_none() && e.refreshing)
}

fn cached_bytes(entries: &HashMap<String, Entry>) -> usize {
    entries.values().filter_map(|e| e.page.as_ref()).map(|p| p.body.len()).sum()
}

/// Drop the oldest quarter of the entries (by render time; in-flight ones count as new).
fn evict_oldest(entries: &mut HashMap<String, Entry>) {
    let mut ages: Vec<(Instant, String)> = entries
        .iter()
        .filter(|(_, e)| !e.refreshing)
        .map(|(k, e)| (e.page.as_ref().map_or_else(Instant::now, |p| p.made), k.clone()))
        .collect();
    ages.sort();
    for (_, key) in ages.into_iter().take(MAX_ENTRIES / 4) {
        entries.remove(&key);
    }
}

/// The render in flight for one URL; if dropped before storing (the client went away, the render failed),
/// it clears the mark so the next request renders, and wakes the waiters.
struct Rendering {
    cache: PageCache,
    key: String,
    rendered: Arc<Notify>,
    done: bool,
}

impl Rendering {
    fn finish(mut self, page: Option<Page>) {
        {
            let mut entries = self.cache.lock();
            match page {
                Some(page) => {
                    let rendered = self.rendered.clone();
                    entries.insert(self.key.clone(), Entry { page: Some(page), refreshing: false, rendered });
                }
                None => {
                    entries.remove(&self.key);
                }
            }
        }
        self.done = true;
        self.rendered.notify_waiters();
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        {
            let mut entries = self.cache.lock();
            let keep_stale = match entries.get_mut(&self.key) {
                Some(entry) if entry.page.is_some() => {
                    entry.refreshing = false;
                    true
                }
                _ => false,
            };
            if !keep_stale {
                entries.remove(&self.key);
            }
        }
        self.rendered.notify_waiters();
    }
}

async fn render(guard: Rendering, request: Request, next: Next, gzip: bool) -> Response {
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        guard.finish(None);
        return Response::from_parts(parts, Body::empty());
    };
    if parts.status != StatusCode::OK {
        guard.finish(None);
        return Response::from_parts(parts, Body::from(body));
    }
    let compressible = body.len() >= MIN_GZIP && !parts.headers.contains_key(header::CONTENT_ENCODING);
    let page = Page {
        made: Instant::now(),
        status: parts.status,
        headers: parts.headers,
        gzip: compressible.then(|| compress(&body)).flatten(),
        body,
    };
    let response = respond(&page, gzip);
    guard.finish(Some(page));
    response
}

fn respond(page: &Page, gzip: bool) -> Response {
    let compressed = page.gzip.as_ref().filter(|_| gzip);
    let mut response = Response::new(Body::from(compressed.unwrap_or(&page.body).clone()));
    *response.status_mut() = page.status;
    *response.headers_mut() = page.headers.clone();
    let headers = response.headers_mut();
    if compressed.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.remove(header::CONTENT_LENGTH);
    }
    if page.gzip.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The body gzip-compressed (fastest level: pages are small and it runs once per render).
fn compress(body: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// Whether the request's `Accept-Encoding` allows gzip (`gzip` or `*`, not with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|value| {
        value.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A server whose one page takes 200 ms to render and counts its renders; `status` is what it answers.
    async fn serve(status: StatusCode) -> (String, Arc<AtomicUsize>) {
        let renders = Arc::new(AtomicUsize::new(0));
        let counter = renders.clone();
        let page = get(move || {
            let counter = counter.clone();
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
                (status, format!("render {n}"))
            }
        });
        let app = Router::new()
            .route("/page", page.layer(axum::middleware::from_fn_with_state(PageCache::default(), cached)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        (format!("http://{addr}/page"), renders)
    }

    async fn fetch_many(url: &str, n: usize) -> Vec<(u16, String)> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();
        let requests = (0..n).map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let r = client.get(url).send().await.expect("send");
                (r.status().as_u16(), r.text().await.expect("body"))
            })
        });
        let mut out = Vec::new();
        for r in requests.collect::<Vec<_>>() {
            out.push(r.await.expect("task"));
        }
        out
    }

    #[tokio::test]
    async fn concurrent_requests_for_an_uncached_page_render_it_once() {
        let (url, renders) = serve(StatusCode::OK).await;
        let answers = fetch_many(&url, 20).await;
        assert_eq!(renders.load(Ordering::SeqCst), 1, "one render for 20 concurrent cold requests");
        assert!(answers.iter().all(|(s, b)| *s == 200 && b == "render 1"), "{answers:?}");
        // Fresh: served from memory.
        let again = fetch_many(&url, 3).await;
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        assert!(again.iter().all(|(_, b)| b == "render 1"));
    }

    #[test]
    fn accept_encoding_is_read() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).expect("value"));
            accepts_gzip(&h)
        };
        assert!(with("gzip"));
        assert!(with("br, gzip;q=0.5, deflate"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br, deflate"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn large_pages_are_served_gzipped_from_the_cache_to_clients_that_accept_it() {
        use std::io::Read;
        let big = "news ".repeat(2000);
        let body = big.clone();
        let app = Router::new().route(
            "/big",
            get(move || {
                let body = body.clone();
                async move { body }
            })
            .layer(axum::middleware::from_fn_with_state(PageCache::default(), cached)),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let _ = rustls::crypto::ring::default_provider().install_default();
        // A client that does not decompress by itself, so the encoding on the wire is visible.
        let client = reqwest::Client::builder().no_gzip().build().expect("client");
        let url = format!("http://{addr}/big");
        for _ in 0..2 {
            // The first answer is the render, the second comes from the cache.
            let r = client.get(&url).header("accept-encoding", "gzip").send().await.expect("send");
            assert_eq!(r.headers()["content-encoding"], "gzip");
            let raw = r.bytes().await.expect("body");
            assert!(raw.len() < big.len() / 10, "compressed: {} bytes", raw.len());
            let mut text = String::new();
            flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).expect("gunzip");
            assert_eq!(text, big);
        }
        let plain = client.get(&url).send().await.expect("send");
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(plain.text().await.expect("body"), big);
    }

    #[tokio::test]
    async fn failed_renders_are_not_cached() {
        let (url, renders) = serve(StatusCode::INTERNAL_SERVER_ERROR).await;
        let first = fetch_many(&url, 1).await;
        let second = fetch_many(&url, 1).await;
        assert_eq!(first[0].0, 500);
        assert_eq!(second[0], (500, "render 2".to_string()));
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }
}
