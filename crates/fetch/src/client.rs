//! The `Fetcher`: one guarded HTTP client, with redirects followed by hand so every hop is checked.

use crate::decode::{BodyDecoder, DecodeError};
use crate::guard::{AllowList, BlockedAddress, GuardedResolver};
use crate::politeness::HostGate;
use crate::robots::{ROBOTS_MAX_BYTES, RobotsCache, Rules};
use crate::{Error, FetchConfig, ROBOTS_AGENT};
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use std::sync::{Arc, Once};
use std::time::Duration;
use url::Url;

/// What feeds are asked for: the feed types first, any XML or JSON after.
const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
/// Compressions offered; decoded by hand (`decode.rs`) so raw and decoded sizes are capped separately.
const ACCEPT_ENCODINGS: &str = "gzip, deflate, br";
const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
/// Longest Retry-After honoured; a server asking for more gets polled again after this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);

/// Cache validators from the previous fetch, sent back for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A completed fetch.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// Where the resource moved permanently (every hop was 301 or 308): the caller updates its stored URL.
    pub moved_to: Option<String>,
    /// 304: nothing changed since the validators; `body` is empty.
    pub not_modified: bool,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// The body, decompressed, at most `max_body_bytes`.
    pub body: Vec<u8>,
}

/// A polite, bounded HTTP client. Cheap to clone; clones share the per-host gate and the robots cache.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: FetchConfig,
    allow: AllowList,
    hosts: HostGate,
    robots: RobotsCache,
}

static TLS_PROVIDER: Once = Once::new();

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Fetcher, Error> {
        TLS_PROVIDER.call_once(|| {
            // Fails only if another provider was installed first, which is just as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        let allow = AllowList::new(&config.allow_hosts);
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent())
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver { allow: allow.clone() }))
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        let hosts = HostGate::new(config.per_host_concurrency, config.per_host_delay);
        Ok(Fetcher {
            inner: Arc::new(Inner { client, config, allow, hosts, robots: RobotsCache::default() }),
        })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.inner.config
    }

    /// GET a feed the user subscribed to (no robots.txt check), conditionally on `validators`.
    pub async fn fetch_feed(&self, url: &str, validators: &Validators) -> Result<Response, Error> {
        self.get(url, validators, FEED_ACCEPT, self.inner.config.max_body_bytes).await
    }

    /// GET a web page (an article, or a page to discover feeds on), if the site's robots.txt allows it.
    pub async fn fetch_page(&self, url: &str) -> Result<Response, Error> {
        let parsed = parse_url(url)?;
        let rules = self.robots_for(&parsed).await;
        if !rules.allows(parsed.as_str()) {
            return Err(Error::Robots { url: url.to_string() });
        }
        if let (Some(delay), Some(host)) = (rules.crawl_delay(), parsed.host_str()) {
            self.inner.hosts.set_min_delay(host, delay).await;
        }
        self.get(url, &Validators::default(), PAGE_ACCEPT, self.inner.config.max_body_bytes).await
    }

    async fn robots_for(&self, url: &Url) -> Arc<Rules> {
        let origin = url.origin().ascii_serialization();
        if let Some(rules) = self.inner.robots.get(&origin) {
            return rules;
        }
        let robots_url = format!("{origin}/robots.txt");
        let rules = match self.get(&robots_url, &Validators::default(), "text/plain", ROBOTS_MAX_BYTES).await
        {
            Ok(r) => Rules::from_body(ROBOTS_AGENT, &r.body),
            // A robots.txt over the size cap: parse what fits (RFC 9309 §2.5).
            Err(Error::TooLarge { .. } | Error::TooLargeOnWire { .. }) => Rules::AllowAll,
            Err(Error::Status { status, .. }) if (400..500).contains(&status) => Rules::AllowAll,
            Err(Error::Gone { .. }) => Rules::AllowAll,
            Err(_) => Rules::DisallowAll,
        };
        self.inner.robots.put(&origin, rules)
    }

    /// GET with every cap applied; the deadline covers all redirect hops and the body.
    async fn get(
        &self,
        url: &str,
        validators: &Validators,
        accept: &str,
        cap: usize,
    ) -> Result<Response, Error> {
        let after = self.inner.config.timeout;
        match tokio::time::timeout(after, self.get_following(url, validators, accept, cap)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { url: url.to_string(), after }),
        }
    }

    async fn get_following(
        &self,
        url: &str,
        validators: &Validators,
        accept: &str,
        cap: usize,
    ) -> Result<Response, Error> {
        let mut current = parse_url(url)?;
        let mut visited = vec![current.to_string()];
        let mut all_permanent = true;
        loop {
            self.inner
                .allow
                .check_url(&current)
                .map_err(|reason| Error::Blocked { url: current.to_string(), reason })?;
            let host = current.host_str().unwrap_or_default().to_string();
            let _turn = self.inner.hosts.acquire(&host).await;
            let mut request = self
                .inner
                .client
                .get(current.clone())
                .header(ACCEPT, accept)
                .header(ACCEPT_ENCODING, ACCEPT_ENCODINGS);
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, modified);
            }
            let response =
                request.send().await.map_err(|e| request_error(&current, &e, self.inner.config.timeout))?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = redirect_target(&current, response.headers())?;
                if visited.iter().any(|v| *v == next.as_str()) {
                    return Err(Error::RedirectLoop { url: next.to_string() });
                }
                if visited.len() > self.inner.config.max_redirects {
                    return Err(Error::TooManyRedirects {
                        url: url.to_string(),
                        limit: self.inner.config.max_redirects,
                    });
                }
                all_permanent &=
                    matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT);
                visited.push(next.to_string());
                current = next;
                continue;
            }
            let moved_to = (visited.len() > 1 && all_permanent).then(|| current.to_string());
            let caps = Caps { body: cap, raw: self.inner.config.max_raw_bytes };
            return finish(current, moved_to, response, caps, self.inner.config.timeout).await;
        }
    }
}

/// The two size caps of one response.
#[derive(Debug, Clone, Copy)]
struct Caps {
    /// Decoded body bytes.
    body: usize,
    /// Bytes on the wire.
    raw: usize,
}

async fn finish(
    url: Url,
    moved_to: Option<String>,
    mut response: reqwest::Response,
    caps: Caps,
    after: Duration,
) -> Result<Response, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let validators =
        Validators { etag: header(&headers, ETAG), last_modified: header(&headers, LAST_MODIFIED) };
    let content_type = header(&headers, reqwest::header::CONTENT_TYPE);
    let url_text = url.to_string();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Response {
            url: url_text,
            moved_to,
            not_modified: true,
            content_type,
            validators,
            body: Vec::new(),
        });
    }
    if status == StatusCode::GONE {
        return Err(Error::Gone { url: url_text });
    }
    if !status.is_success() {
        let retry_after = match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                header(&headers, RETRY_AFTER).and_then(|v| parse_retry_after(&v, chrono::Utc::now()))
            }
            _ => None,
        };
        return Err(Error::Status { url: url_text, status: status.as_u16(), retry_after });
    }
    let encoding = header(&headers, CONTENT_ENCODING);
    let identity = encoding.as_deref().is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"));
    // Content-Length counts wire bytes: over either cap (the body cap too when nothing is compressed) is
    // refused before reading.
    if let Some(len) = response.content_length() {
        if len > caps.raw as u64 {
            return Err(Error::TooLargeOnWire { url: url_text, limit: caps.raw });
        }
        if identity && len > caps.body as u64 {
            return Err(Error::TooLarge { url: url_text, limit: caps.body });
        }
    }
    let decode_error = |e: DecodeError, url_text: String| match e {
        DecodeError::TooLarge => Error::TooLarge { url: url_text, limit: caps.body },
        DecodeError::Unsupported(what) => {
            Error::Http { url: url_text, reason: format!("unsupported Content-Encoding {what:?}") }
        }
        DecodeError::Corrupt(why) => {
            Error::Http { url: url_text, reason: format!("corrupt compressed body: {why}") }
        }
    };
    let mut decoder =
        BodyDecoder::new(encoding.as_deref(), caps.body).map_err(|e| decode_error(e, url_text.clone()))?;
    let mut raw = 0usize;
    while let Some(chunk) = response.chunk().await.map_err(|e| request_error(&url, &e, after))? {
        raw += chunk.len();
        if raw > caps.raw {
            return Err(Error::TooLargeOnWire { url: url_text, limit: caps.raw });
        }
        decoder.write(&chunk).map_err(|e| decode_error(e, url_text.clone()))?;
    }
    let body = decoder.finish().map_err(|e| decode_error(e, url_text.clone()))?;
    Ok(Response { url: url_text, moved_to, not_modified: false, content_type, validators, body })
}

fn parse_url(url: &str) -> Result<Url, Error> {
    let parsed = Url::parse(url.trim())
        .map_err(|e| Error::InvalidUrl { url: url.to_string(), reason: e.to_string() })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::InvalidUrl {
            url: url.to_string(),
            reason: "only http and https are fetched".into(),
        });
    }
    Ok(parsed)
}

fn redirect_target(current: &Url, headers: &HeaderMap) -> Result<Url, Error> {
    let location = header(headers, LOCATION).ok_or_else(|| Error::Http {
        url: current.to_string(),
        reason: "redirect without a Location".into(),
    })?;
    let next = current
        .join(&location)
        .map_err(|e| Error::InvalidUrl { url: location.clone(), reason: e.to_string() })?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(Error::InvalidUrl { url: location, reason: "redirect to a non-http scheme".into() });
    }
    Ok(next)
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3), capped.
pub(crate) fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
        (at.with_timezone(&chrono::Utc) - now).to_std().unwrap_or_default()
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// Classify a client error: a guard refusal anywhere in the chain becomes `Blocked`.
fn request_error(url: &Url, error: &reqwest::Error, after: Duration) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    let mut reasons = Vec::new();
    while let Some(e) = source {
        if let Some(blocked) = e.downcast_ref::<BlockedAddress>() {
            return Error::Blocked { url: url.to_string(), reason: blocked.to_string() };
        }
        let text = e.to_string();
        if reasons.last() != Some(&text) {
            reasons.push(text);
        }
        source = e.source();
    }
    if error.is_timeout() {
        return Error::Timeout { url: url.to_string(), after };
    }
    Error::Http { url: url.to_string(), reason: reasons.join(": ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-03T10:00:00Z").expect("date").to_utc();
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Tue, 03 Mar 2026 10:05:00 GMT", now), Some(Duration::from_secs(300)));
        assert_eq!(parse_retry_after("Tue, 03 Mar 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("99999999", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
