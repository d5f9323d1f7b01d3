//! `GET /api/v1/stories/{id}/perspectives`: how each outlet and outlet group told a story (coverage, first
//! report, timeline, what each outlet adds, quotes, characteristic terms, blindspot), computed on request from
//! the story's stored articles and the outlets' metadata by `newsdesk_summarize::perspectives`.

use super::ApiError;
use super::dto::rfc3339;
use super::queries::all_articles_of;
use axum::Json;
use axum::extract::{Path, State};
use newsdesk_model::{Article, Source, StoryId};
use newsdesk_store::Store;
use newsdesk_summarize::{PerspectiveInput, Perspectives, QuoteKind, perspectives};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct PerspectivesDto {
    pub story_id: String,
    pub outlets: Vec<OutletCoverageDto>,
    pub groups: Vec<GroupCoverageDto>,
    pub first: Option<FirstReportDto>,
    pub timeline: Vec<TimeBucketDto>,
    pub unique: Vec<UniqueSentenceDto>,
    pub quotes: Vec<QuoteDto>,
    pub terms: Vec<GroupTermsDto>,
    pub blindspot: Option<BlindspotDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletCoverageDto {
    pub outlet: String,
    pub articles: usize,
    pub first_published: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCoverageDto {
    /// `country`, `ownership` or `group`.
    pub facet: String,
    pub value: String,
    pub outlets: Vec<String>,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirstReportDto {
    pub outlet: String,
    pub article_id: String,
    pub published: String,
}

impl FirstReportDto {
    /// "14 Apr 2026, 07:30 UTC" for the page; the API keeps RFC 3339.
    pub fn published_display(&self) -> String {
        crate::web::format::readable_rfc3339(&self.published)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeBucketDto {
    pub start: String,
    pub hours: i64,
    pub articles: usize,
}

impl TimeBucketDto {
    pub fn start_display(&self) -> String {
        crate::web::format::readable_rfc3339(&self.start)
    }
}

/// A sentence one outlet carries and no other does; `start`/`end` are byte offsets into the article's text.
#[derive(Debug, Clone, Serialize)]
pub struct UniqueSentenceDto {
    pub outlet: String,
    pub article_id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteDto {
    pub speaker: String,
    pub text: String,
    /// `direct` or `indirect`.
    pub kind: &'static str,
    pub article_id: String,
    pub start: usize,
    pub end: usize,
    pub outlets: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupTermsDto {
    pub facet: String,
    pub value: String,
    pub terms: Vec<TermDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermDto {
    pub term: String,
    /// Weighted log-odds z-score against the story's other outlets.
    pub z: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlindspotDto {
    pub facet: String,
    pub value: String,
    /// Share of the story's outlets in that group.
    pub share: f64,
}

pub async fn get_story_perspectives(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Json<PerspectivesDto>, ApiError> {
    match story_perspectives(&store, &StoryId(id)).await? {
        Some(p) => Ok(Json(p)),
        None => Err(ApiError::NotFound("story".into())),
    }
}

/// The perspectives of a stored story, or None when there is no such story.
pub async fn story_perspectives(
    store: &Store,
    id: &StoryId,
) -> newsdesk_store::Result<Option<PerspectivesDto>> {
    let Some(story) = store.story(id).await? else { return Ok(None) };
    let articles = store.articles(&all_articles_of(&story.id)).await?;
    let sources: HashMap<String, Source> =
        store.sources().await?.into_iter().map(|s| (s.name.clone(), s)).collect();
    Ok(Some(perspectives_of(&story.id, &articles, &sources)))
}

/// Perspectives of a very large story are computed over its newest this-many articles: the comparison
/// grows faster than linearly with the article count (a story of 16,000 articles took minutes of a server
/// thread), and which outlets cover a story and how shows as well in its latest few hundred articles.
const PERSPECTIVE_ARTICLES: usize = 300;

/// The perspectives of a story from its articles and the outlets' metadata, for a caller that has loaded
/// them already (the story page: no second round of queries).
pub fn perspectives_of(
    id: &StoryId,
    articles: &[Article],
    sources: &HashMap<String, Source>,
) -> PerspectivesDto {
    let mut chosen: Vec<&Article> = articles.iter().collect();
    if chosen.len() > PERSPECTIVE_ARTICLES {
        chosen.sort_by_key(|a| std::cmp::Reverse(a.time()));
        chosen.truncate(PERSPECTIVE_ARTICLES);
    }
    let inputs: Vec<PerspectiveInput<'_>> = chosen
        .into_iter()
        .map(|a| PerspectiveInput {
            id: &a.id,
            title: &a.title,
            text: &a.text,
            time: a.published.unwrap_or(a.seen_at),
            outlet: &a.source,
            source: sources.get(&a.source),
        })
        .collect();
    to_dto(id, &perspectives(&inputs))
}

fn to_dto(id: &StoryId, p: &Perspectives) -> PerspectivesDto {
    PerspectivesDto {
        story_id: id.0.clone(),
        outlets: p
            .outlets
            .iter()
            .map(|o| OutletCoverageDto {
                outlet: o.outlet.clone(),
                articles: o.articles,
                first_published: rfc3339(o.first_published),
            })
            .collect(),
        groups: p
            .groups
            .iter()
            .map(|g| GroupCoverageDto {
                facet: g.facet.to_string(),
                value: g.value.clone(),
                outlets: g.outlets.clone(),
                articles: g.articles,
            })
            .collect(),
        first: p.first.as_ref().map(|(outlet, article, time)| FirstReportDto {
            outlet: outlet.clone(),
            article_id: article.0.clone(),
            published: rfc3339(*time),
        }),
        timeline: p
            .timeline
            .iter()
            .map(|b| TimeBucketDto { start: rfc3339(b.start), hours: b.hours, articles: b.articles })
            .collect(),
        unique: p
            .unique
            .iter()
            .map(|u| UniqueSentenceDto {
                outlet: u.outlet.clone(),
                article_id: u.article.0.clone(),
                text: u.text.clone(),
                start: u.span.start,
                end: u.span.end,
                score: (u.score * 1000.0).round() / 1000.0,
            })
            .collect(),
        quotes: p
            .quotes
            .iter()
            .map(|q| QuoteDto {
                speaker: q.speaker.clone(),
                text: q.text.clone(),
                kind: match q.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Indirect => "indirect",
                },
                article_id: q.article.0.clone(),
                start: q.span.start,
                end: q.span.end,
                outlets: q.outlets.clone(),
            })
            .collect(),
        terms: p
            .terms
            .iter()
            .map(|t| GroupTermsDto {
                facet: t.facet.to_string(),
                value: t.value.clone(),
                terms: t
                    .terms
                    .iter()
                    .map(|(term, z)| TermDto { term: term.clone(), z: (z * 100.0).round() / 100.0 })
                    .collect(),
            })
            .collect(),
        blindspot: p.blindspot.as_ref().map(|b| BlindspotDto {
            facet: b.facet.to_string(),
            value: b.value.clone(),
            share: (b.share * 1000.0).round() / 1000.0,
        }),
    }
}
