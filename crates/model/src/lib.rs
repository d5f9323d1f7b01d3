//! The nouns of Newsdesk: sources, documents, articles, stories, summaries and their ids.
//!
//! Pure data: no IO, no serde (wire formats live in `server::api` and the store). Each noun is made by one
//! stage: only `extract` makes an [`Article`] body, only `cluster` assigns a [`StoryId`].

use chrono::{DateTime, Utc};
use std::fmt;

/// Stable id of an article: a short hash of its identity key (canonical URL, GUID or content hash).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub String);

/// Stable id of a story: derived from the id of the article that opened it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub String);

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StoryId {
    /// The story opened by `article` gets an id derived from it, so ids are reproducible across stores.
    pub fn opened_by(article: &ArticleId) -> Self {
        StoryId(format!("s{}", article.0))
    }
}

/// Who owns an outlet; used to group coverage (state media vs. private press, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Ownership {
    State,
    Public,
    Private,
    #[default]
    Unknown,
}

impl Ownership {
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::State => "state",
            Ownership::Public => "public",
            Ownership::Private => "private",
            Ownership::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "state" | "state-owned" | "government" => Ownership::State,
            "public" | "public-service" => Ownership::Public,
            "private" | "commercial" | "independent" => Ownership::Private,
            _ => Ownership::Unknown,
        }
    }
}

/// An outlet. `name` is its identity within a store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    pub name: String,
    pub homepage: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    pub ownership: Ownership,
    pub groups: Vec<String>,
}

impl Source {
    pub fn named(name: impl Into<String>) -> Self {
        Source { name: name.into(), ..Source::default() }
    }
}

/// What an input says about itself before extraction: feed or JSON Lines metadata, or a user override.
/// Extraction prefers these over what it finds in the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hints {
    pub url: Option<String>,
    pub guid: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub source: Option<String>,
    pub language: Option<String>,
}

/// The body of a document as received.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Html(String),
    Text(String),
}

/// One input item, ready for extraction: a web page, a feed entry, a JSON Lines record or a text file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Where it came from (file path, `file.jsonl:12`, feed URL#guid): for messages and diagnostics.
    pub origin: String,
    pub body: Body,
    pub hints: Hints,
}

/// A span of an article's text, in byte offsets into `Article::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A clean article, as extraction produced it and the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    /// Canonical URL (tracking parameters removed) when known.
    pub url: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// When this store first saw the article.
    pub seen_at: DateTime<Utc>,
    pub source: String,
    pub language: Option<String>,
    /// Clean text; paragraphs separated by a blank line.
    pub text: String,
    /// Sanitized HTML for display, when the input was HTML.
    pub html: Option<String>,
    /// The input was visibly cut short ("(Read more)", a teaser).
    pub truncated: bool,
    /// Hash of the normalized text, for exact-duplicate detection and idempotent re-import.
    pub content_hash: u64,
    pub summary: Vec<SummarySentence>,
    pub story: Option<StoryId>,
}

impl Article {
    /// The time an article is placed at: its publish date, else when it was first seen.
    pub fn time(&self) -> DateTime<Utc> {
        self.published.unwrap_or(self.seen_at)
    }

    pub fn sentence_text(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// One sentence of a summary, with its provenance: the article and the byte span of the sentence in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    pub text: String,
    pub article: ArticleId,
    /// Index of the sentence within the article's sentence list.
    pub sentence_index: usize,
    pub span: Span,
}

/// Articles about one real-world event.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub id: StoryId,
    pub headline: String,
    pub summary: Vec<SummarySentence>,
    pub article_count: usize,
    pub outlets: Vec<String>,
    pub first_published: DateTime<Utc>,
    pub last_published: DateTime<Utc>,
}
