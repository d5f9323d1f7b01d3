//! HTTP for Newsdesk: polite, bounded GETs of feeds and pages. Conditional GET, manual redirects (capped,
//! loop-checked, permanent moves reported), size/time/decompression caps, a private-address (SSRF) guard that
//! also applies after DNS and after redirects, per-host concurrency and spacing, robots.txt for page fetches,
//! and the polling schedule (adaptive interval, back-off, Retry-After, TTL, skipHours) as pure functions.
//!
//! The crate returns bytes and response metadata; decoding and parsing belong to `feed` and `extract`.

mod client;
mod decode;
mod guard;
mod politeness;
mod robots;
pub mod schedule;

pub use client::{Fetcher, Response, Validators};
pub use guard::is_forbidden_address;

use std::time::Duration;

/// Largest body kept, counted after decompression (so a gzip bomb is cut here). Big news feeds with full
/// content run to 2–5 MB; 10 MB leaves room without letting one source eat memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// Largest number of raw (still compressed) bytes read from the wire per response. Equal to the body cap by
/// default, so an uncompressed feed may use the whole body allowance; set lower to bound transfer on a
/// metered link, whatever the compression ratio.
pub const DEFAULT_MAX_RAW_BYTES: usize = DEFAULT_MAX_BODY_BYTES;
/// Whole-request deadline (all redirects and the body). A slow-drip server ends here.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Redirect hops followed before giving up (browsers allow 20; feeds rarely need more than 2).
pub const DEFAULT_MAX_REDIRECTS: usize = 5;
/// Requests in flight per host at once.
pub const DEFAULT_PER_HOST_CONCURRENCY: usize = 2;
/// Minimum spacing between request starts on one host (raised by a robots.txt Crawl-delay for pages).
pub const DEFAULT_PER_HOST_DELAY: Duration = Duration::from_secs(1);

/// Fetch settings. Every cap has a default; tests lower them.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// A URL where site owners can learn about or contact the operator; put in the User-Agent.
    pub contact_url: Option<String>,
    /// Cap on the decompressed body.
    pub max_body_bytes: usize,
    /// Cap on the bytes received on the wire (before decompression).
    pub max_raw_bytes: usize,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: usize,
    /// Hosts (names or IP literals, as written in URLs) allowed to be on private, loopback or link-local
    /// addresses: intranet feeds, and tests on 127.0.0.1.
    pub allow_hosts: Vec<String>,
    pub per_host_concurrency: usize,
    pub per_host_delay: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            contact_url: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_raw_bytes: DEFAULT_MAX_RAW_BYTES,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: Duration::from_secs(10),
            max_redirects: DEFAULT_MAX_REDIRECTS,
            allow_hosts: Vec::new(),
            per_host_concurrency: DEFAULT_PER_HOST_CONCURRENCY,
            per_host_delay: DEFAULT_PER_HOST_DELAY,
        }
    }
}

impl FetchConfig {
    /// The User-Agent: product, version, what it is, and the operator's contact URL when set.
    pub fn user_agent(&self) -> String {
        let version = env!("CARGO_PKG_VERSION");
        match &self.contact_url {
            Some(contact) => format!("Newsdesk/{version} (self-hosted news reader; +{contact})"),
            None => format!("Newsdesk/{version} (self-hosted news reader)"),
        }
    }
}

/// The product token robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "Newsdesk";

/// Why a fetch failed. Every variant names the URL; the message is what `newsdesk sources` shows.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error(
        "refused to connect to {url}: {reason} (private-address guard; add the host to the allow list to permit it)"
    )]
    Blocked { url: String, reason: String },
    #[error("too many redirects (more than {limit}) from {url}")]
    TooManyRedirects { url: String, limit: usize },
    #[error("redirect loop at {url}")]
    RedirectLoop { url: String },
    #[error("response from {url} larger than the {limit}-byte cap")]
    TooLarge { url: String, limit: usize },
    #[error("response from {url} sent more than the {limit}-byte cap on raw (compressed) bytes")]
    TooLargeOnWire { url: String, limit: usize },
    #[error("no complete response from {url} within {}s", after.as_secs_f64())]
    Timeout { url: String, after: Duration },
    #[error("{url} is gone (HTTP 410)")]
    Gone { url: String },
    #[error("HTTP {status} from {url}{}", retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    Status { url: String, status: u16, retry_after: Option<Duration> },
    #[error("disallowed by robots.txt: {url}")]
    Robots { url: String },
    #[error("request to {url} failed: {reason}")]
    Http { url: String, reason: String },
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

impl Error {
    /// How long the server asked us to wait (429/503 Retry-After), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
