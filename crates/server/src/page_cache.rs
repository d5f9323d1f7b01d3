//! A short-lived cache for the front page and story pages: at 100,000 articles the front page takes ~40 ms
//! of SQLite and template work and a story page a dozen queries through a 4-connection pool, which 50
//! concurrent readers on 2 cores would queue behind. A page at most
//! [`FRESH_FOR`] old is served from memory; when it expires, one request re-renders it while the others keep
//! getting the previous copy (no stampede).

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How stale a cached front page may be: news moves in minutes, imports commit in batches.
const FRESH_FOR: Duration = Duration::from_secs(5);
/// Distinct URLs (filter combinations, stories) kept; beyond this the cache is cleared rather than grown.
const MAX_ENTRIES: usize = 2048;
/// Front pages are small; a larger body is passed through uncached.
const MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Clone, Default)]
pub struct PageCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

#[derive(Clone)]
struct Entry {
    made: Instant,
    refreshing: bool,
    status: StatusCode,
    headers: HeaderMap,
    body: axum::body::Bytes,
}

impl PageCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub async fn cached(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = request.uri().to_string();
    {
        let mut entries = cache.lock();
        if let Some(entry) = entries.get_mut(&key) {
            let fresh = entry.made.elapsed() < FRESH_FOR;
            if fresh || entry.refreshing {
                return respond(entry);
            }
            // Stale: this request refreshes it; others meanwhile get the stale copy.
            entry.refreshing = true;
        }
    }
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        cache.lock().remove(&key);
        return Response::from_parts(parts, Body::empty());
    };
    let mut entries = cache.lock();
    if parts.status == StatusCode::OK {
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        let entry = Entry {
            made: Instant::now(),
            refreshing: false,
            status: parts.status,
            headers: parts.headers.clone(),
            body: body.clone(),
        };
        entries.insert(key, entry);
    } else {
        entries.remove(&key);
    }
    Response::from_parts(parts, Body::from(body))
}

fn respond(entry: &Entry) -> Response {
    let mut response = Response::new(Body::from(entry.body.clone()));
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers.clone();
    response
}
