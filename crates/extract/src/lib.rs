//! Document → extracted article: main content, title, byline, date, language, site; plain-text clutter
//! removal; HTML sanitizing for display. Pure: no IO, never panics, "no article" is an outcome, not an error.
//!
//! Entry point: [`extract_article`]. HTML goes through `html.rs` (dom_smoothie + fallback), `prune.rs` and `metadata.rs`;
//! plain text through `text.rs`. Every heuristic threshold and clutter pattern lives in `rules.rs`.

mod container;
mod dates;
mod decode;
mod html;
mod language;
mod metadata;
mod prepass;
mod prune;
mod pubdate;
pub mod rules;
mod sanitize;
mod text;
mod url;

pub use dates::parse_date;
pub use decode::decode_html_bytes;
pub use html::html_text;
pub use pubdate::{publish_date, publish_date_in, publish_date_steps, publish_date_with_source};
pub use sanitize::sanitize_html;
pub use url::canonicalize_url;

use chrono::{DateTime, Utc};
use newsdesk_model::{Body, Document, Hints};

/// The outcome of extraction: an article, or `None` with diagnostics saying why.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub article: Option<Extracted>,
    pub diagnostics: Diagnostics,
}

/// What extraction found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Never empty.
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// ISO 639-1.
    pub language: Option<String>,
    pub site_name: Option<String>,
    /// Canonicalized with [`canonicalize_url`].
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// Clean text, paragraphs separated by "\n\n".
    pub text: String,
    /// Sanitized display HTML of the main content (HTML input only).
    pub html: Option<String>,
    /// The input was visibly cut short ("(Read more)", "Continue reading", a trailing "..." teaser).
    pub truncated: bool,
}

/// How extraction went: which method won, how sure it is, what it noticed and what it removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostics {
    /// "readability", "densest-p", "marked-container", "plain-text" or "none".
    pub method: &'static str,
    /// 0.0-1.0, a coarse self-assessment (method and length), not a calibrated probability.
    pub confidence: f32,
    pub notes: Vec<String>,
    pub dropped: Vec<Dropped>,
}

/// A piece of input removed as clutter, with the name of the rule that removed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub text: String,
    pub reason: &'static str,
}

/// What one extraction path found, before hints and page metadata are applied.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub text: String,
    pub html: Option<String>,
    pub truncated: bool,
    pub notes: Vec<String>,
    pub dropped: Vec<Dropped>,
}

impl Found {
    pub(crate) fn drop(&mut self, text: &str, reason: &'static str) {
        self.dropped.push(Dropped { text: text.to_string(), reason });
    }
}

/// Extract the article of one document. Hints (feed metadata, user overrides) win over what the body says,
/// except empty ones.
pub fn extract_article(doc: &Document) -> Extraction {
    let hints = &doc.hints;
    let url_hint = non_empty(&hints.url);
    let (Body::Html(input) | Body::Text(input)) = &doc.body;
    let (found, meta, method, day) = match &doc.body {
        _ if is_binary_looking(input) => {
            let found =
                Found { notes: vec!["no article: input looks binary, not text".into()], ..Found::default() };
            (found, None, "none", None)
        }
        Body::Html(html) => {
            let h = html::extract_html(html, url_hint.as_deref());
            (h.found, Some(h.meta), h.method, h.date.map(|d| d.date))
        }
        Body::Text(text) => (text::extract_text(text), None, "plain-text", None),
    };
    assemble(found, meta, method, hints, url_hint, day)
}

/// Apply preferences (hints > page metadata > content heuristics) and decide whether there is an article.
fn assemble(
    mut found: Found,
    meta: Option<metadata::PageMeta>,
    method: &'static str,
    hints: &Hints,
    url_hint: Option<String>,
    day: Option<chrono::NaiveDate>,
) -> Extraction {
    let meta = meta.unwrap_or_default();
    let text_chars = found.text.chars().count();
    if text_chars < rules::MIN_ARTICLE_CHARS {
        found.notes.push(format!(
            "no article: {text_chars} chars of text after extraction (< {})",
            rules::MIN_ARTICLE_CHARS
        ));
        return Extraction { article: None, diagnostics: diagnostics(method, 0.0, found) };
    }
    let site_name = meta.site_name.clone().or(found.site_name.take());
    // The content path's own title (readability's: JSON-LD, og/twitter/Dublin Core title, then `<title>` with
    // its separator rules) matches what readers and Readability.js users expect; page metadata is the fallback.
    let title = non_empty(&hints.title)
        .or_else(|| found.title.take().map(|t| metadata::clean_inline(&t)).filter(|t| !t.is_empty()))
        .or_else(|| meta.best_title())
        .filter(|t| !t.is_empty())
        .or_else(|| text::derive_title(&found.text))
        .unwrap_or_else(|| "Untitled".to_string());
    let byline = non_empty(&hints.author)
        .or_else(|| found.byline.as_deref().and_then(metadata::clean_byline))
        .or_else(|| meta.author.as_deref().and_then(metadata::clean_byline));
    let stated = meta
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| found.published.as_deref().and_then(parse_date));
    let published = hints.published.or_else(|| published_time(day, stated));
    let language =
        non_empty(&hints.language).or_else(|| language::detect_language(&found.text, meta.lang.as_deref()));
    let base = url_hint.clone().or(meta.canonical.clone()).or(meta.og_url.clone());
    let canonical_url = url_hint
        .as_deref()
        .and_then(canonicalize_url)
        .or_else(|| {
            meta.canonical
                .as_deref()
                .and_then(|c| url::resolve_url(base.as_deref(), c))
                .and_then(|u| canonicalize_url(&u))
        })
        .or_else(|| meta.og_url.as_deref().and_then(canonicalize_url));
    let image = meta.image.as_deref().and_then(|i| url::resolve_url(base.as_deref(), i));
    let confidence = confidence_of(method, text_chars);
    let article = Extracted {
        title,
        byline,
        published,
        language,
        site_name,
        canonical_url,
        image,
        text: std::mem::take(&mut found.text),
        html: found.html.take(),
        truncated: found.truncated,
    };
    Extraction { article: Some(article), diagnostics: diagnostics(method, confidence, found) }
}

/// The publication day found on the page decides; a full timestamp from the page metadata refines it when
/// it falls within a day of it (time zones shift the UTC day), else the day starts at 00:00 UTC.
fn published_time(day: Option<chrono::NaiveDate>, stated: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let Some(day) = day else { return stated };
    match stated {
        Some(t) if (t.date_naive() - day).num_days().abs() <= 1 => Some(t),
        _ => day.and_hms_opt(0, 0, 0).map(|n| n.and_utc()),
    }
}

fn diagnostics(method: &'static str, confidence: f32, found: Found) -> Diagnostics {
    Diagnostics { method, confidence, notes: found.notes, dropped: found.dropped }
}

/// Readability on a long text is the most trustworthy; the fallback and short texts less so.
fn confidence_of(method: &str, chars: usize) -> f32 {
    let base = match method {
        "readability" => 0.9,
        "plain-text" => 0.8,
        // A container the site names as the body, chosen because readability found far less prose.
        "marked-container" => 0.7,
        "densest-p" => 0.5,
        _ => 0.0,
    };
    let length_factor = (chars as f32 / 1000.0).clamp(0.3, 1.0);
    base * length_factor
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Binary data that reached the text path: too many control or replacement characters to be prose.
fn is_binary_looking(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut total, mut bad) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            bad += 1;
        }
    }
    total > 0 && bad as f32 / total as f32 > rules::MAX_BINARY_RATIO
}
