//! The JSON wire format (API responses and the CLI's `--json`), converted explicitly from model values so
//! the storage schema and the API can change independently. Field names are snake_case and stable.

use chrono::{DateTime, SecondsFormat, Utc};
use newsdesk_model::{Article, Source, Story, SummarySentence};
use serde::Serialize;
use std::collections::HashMap;

/// One page of a list: `items` plus what is needed to ask for the next page.
#[derive(Debug, Clone, Serialize)]
pub struct ListDto<T> {
    pub items: Vec<T>,
    pub limit: u32,
    pub offset: u32,
    /// Items matching the filters, over all pages.
    pub total: u64,
}

/// One summary sentence and where it comes from: a byte span of one article's text.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceDto {
    pub text: String,
    pub article_id: String,
    /// The outlet of `article_id`, when known.
    pub outlet: Option<String>,
    /// Index of the sentence in its article; the reader anchors it as `#s{sentence_index}`.
    pub sentence_index: usize,
    /// Byte offsets into the article's `text`.
    pub start: usize,
    pub end: usize,
}

impl SentenceDto {
    pub fn new(sentence: &SummarySentence, outlet: Option<String>) -> Self {
        SentenceDto {
            text: sentence.text.clone(),
            article_id: sentence.article.0.clone(),
            outlet,
            sentence_index: sentence.sentence_index,
            start: sentence.span.start,
            end: sentence.span.end,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StorySummaryDto {
    pub id: String,
    pub headline: String,
    pub summary: Vec<SentenceDto>,
    pub article_count: usize,
    pub outlet_count: usize,
    pub outlets: Vec<String>,
    /// RFC 3339, UTC.
    pub first_published: String,
    pub last_published: String,
}

impl StorySummaryDto {
    /// `outlet_of` maps article ids to outlets, to name the outlet of each summary sentence.
    pub fn new(story: &Story, outlet_of: &HashMap<String, String>) -> Self {
        StorySummaryDto {
            id: story.id.0.clone(),
            headline: story.headline.clone(),
            summary: story
                .summary
                .iter()
                .map(|s| SentenceDto::new(s, outlet_of.get(&s.article.0).cloned()))
                .collect(),
            article_count: story.article_count,
            outlet_count: story.outlets.len(),
            outlets: story.outlets.clone(),
            first_published: rfc3339(story.first_published),
            last_published: rfc3339(story.last_published),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryDetailDto {
    #[serde(flatten)]
    pub story: StorySummaryDto,
    /// Outlets in the order they first covered the story; each outlet's articles oldest first.
    pub articles_by_outlet: Vec<OutletArticlesDto>,
    /// Sources that wrote their own text: copies of one wire text count once.
    pub independent_sources: usize,
    /// Wire agencies credited by its articles ("Meridian Wire"), sorted.
    pub wires: Vec<String>,
    /// Articles whose text is a near-copy of an earlier article of the story.
    pub copies: Vec<CopyDto>,
    /// The longer thread this story belongs to, if any.
    pub storyline: Option<StorylineDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CopyDto {
    pub article_id: String,
    /// The earlier article it copies.
    pub copy_of: String,
}

/// A storyline as listed: stories linked into a long-running thread by shared names and terms.
#[derive(Debug, Clone, Serialize)]
pub struct StorylineDto {
    pub id: String,
    /// Built from its most characteristic names ("Valdoria · Kestrania · Sever Archipelago").
    pub name: String,
    pub story_count: usize,
    /// RFC 3339, UTC.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl From<&newsdesk_store::StorylineSummary> for StorylineDto {
    fn from(s: &newsdesk_store::StorylineSummary) -> Self {
        StorylineDto {
            id: s.id.clone(),
            name: s.name.clone(),
            story_count: s.story_count,
            first_published: s.first_published.map(rfc3339),
            last_published: s.last_published.map(rfc3339),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletArticlesDto {
    pub outlet: String,
    pub articles: Vec<ArticleSummaryDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummaryDto {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub outlet: String,
    pub byline: Option<String>,
    /// RFC 3339, UTC; absent when the article carried no date.
    pub published: Option<String>,
    pub summary: Vec<SentenceDto>,
    pub story_id: Option<String>,
}

impl From<&Article> for ArticleSummaryDto {
    fn from(article: &Article) -> Self {
        ArticleSummaryDto {
            id: article.id.0.clone(),
            title: article.title.clone(),
            url: article.url.clone(),
            outlet: article.source.clone(),
            byline: article.byline.clone(),
            published: article.published.map(rfc3339),
            summary: article
                .summary
                .iter()
                .map(|s| SentenceDto::new(s, Some(article.source.clone())))
                .collect(),
            story_id: article.story.as_ref().map(|s| s.0.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleDto {
    #[serde(flatten)]
    pub article: ArticleSummaryDto,
    pub language: Option<String>,
    /// Clean text; paragraphs separated by a blank line.
    pub text: String,
    /// The input was visibly cut short (a teaser, "Read more").
    pub truncated: bool,
    /// HTML for display, sanitized again on the way out whatever the store holds.
    pub html: Option<String>,
}

impl From<&Article> for ArticleDto {
    fn from(article: &Article) -> Self {
        ArticleDto {
            article: ArticleSummaryDto::from(article),
            language: article.language.clone(),
            text: article.text.clone(),
            truncated: article.truncated,
            html: article.html.as_deref().map(newsdesk_extract::sanitize_html),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceDto {
    pub name: String,
    pub homepage: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    /// `state`, `public`, `private` or `unknown`.
    pub ownership: &'static str,
    pub groups: Vec<String>,
}

impl From<&Source> for SourceDto {
    fn from(source: &Source) -> Self {
        SourceDto {
            name: source.name.clone(),
            homepage: source.homepage.clone(),
            country: source.country.clone(),
            language: source.language.clone(),
            ownership: source.ownership.as_str(),
            groups: source.groups.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HealthDto {
    pub status: &'static str,
    pub version: &'static str,
    pub stories: u64,
    pub articles: u64,
}

/// `{"error": {"code": "not_found", "message": "..."}}`
#[derive(Debug, Clone, Serialize)]
pub struct ErrorDto {
    pub error: ErrorBodyDto,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorBodyDto {
    pub code: &'static str,
    pub message: String,
}

/// Times on the wire: RFC 3339 in UTC, whole seconds (`2026-02-09T10:00:00Z`).
pub fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}
