//! `/api/v1/search` (full-text search, story-level or article-level) and `/api/v1/saved-searches`
//! (create, list, show, delete; each is also an Atom feed at `/feeds/searches/{id}`).

use crate::api::ApiError;
use crate::api::dto::rfc3339;
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use newsdesk_search::{ArticleHit, SearchQuery, StoryResults};
use newsdesk_store::{SavedSearch, Store};
use serde::{Deserialize, Serialize};

/// Results per page when the client does not say.
const DEFAULT_LIMIT: usize = 20;
/// Larger limits are lowered to this: bounds the snippet work per request.
const MAX_LIMIT: usize = 50;
/// Deepest offset served: search pages beyond this are noise, and each costs more to collect.
const MAX_OFFSET: usize = 1000;
/// Saved-search names and queries are short texts; longer ones are refused.
const MAX_SAVED_TEXT: usize = 500;

/// Query parameters of `/api/v1/search`, as raw text so a bad value gets our error, not axum's.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    /// Search-box text; may itself hold `outlet:`, `lang:`, `after:`/`before:` and `date:[a TO b]`.
    pub q: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// `stories` (default: hits grouped by story) or `articles`.
    pub group: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHitDto {
    pub article_id: String,
    pub story_id: Option<String>,
    pub title: String,
    /// HTML: escaped title with `<mark>` around matches.
    pub title_html: String,
    /// HTML: escaped passage with `<mark>` around matches.
    pub snippet_html: String,
    pub outlet: String,
    pub language: Option<String>,
    pub published: String,
    pub score: f32,
}

impl From<&ArticleHit> for SearchHitDto {
    fn from(h: &ArticleHit) -> Self {
        SearchHitDto {
            article_id: h.article_id.clone(),
            story_id: h.story_id.clone(),
            title: h.title.clone(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            outlet: h.outlet.clone(),
            language: h.language.clone(),
            published: rfc3339(h.published),
            score: h.score,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryHitDto {
    pub story_id: Option<String>,
    pub score: f32,
    pub matched_articles: usize,
    pub hits: Vec<SearchHitDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchDto {
    /// The free text searched for, after filters were taken out.
    pub query: String,
    pub group: &'static str,
    pub limit: usize,
    pub offset: usize,
    /// Matching articles over all pages.
    pub total_articles: usize,
    /// With `group=stories`: stories among the best 500 article hits.
    pub total_stories: Option<usize>,
    /// With `group=stories`.
    pub stories: Option<Vec<StoryHitDto>>,
    /// With `group=articles`.
    pub articles: Option<Vec<SearchHitDto>>,
}

pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchDto>, ApiError> {
    let params = params.map(|Query(p)| p).map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let query = search_query(&params)?;
    let by_articles = match params.group.as_deref().map(str::trim) {
        None | Some("" | "stories") => false,
        Some("articles") => true,
        Some(_) => return Err(ApiError::invalid("group", "expected `stories` or `articles`")),
    };
    if query.is_empty() {
        return Err(ApiError::invalid("q", "give words to search for or a filter"));
    }
    let handle = state.search.clone();
    let run_query = query.clone();
    let outcome = handle
        .run_blocking(move |index| {
            if by_articles {
                index.search(&run_query).map(Found::Articles)
            } else {
                index.search_stories(&run_query).map(Found::Stories)
            }
        })
        .await
        .map_err(|e| ApiError::Unavailable(format!("search ({e})")))?;
    let found = outcome.map_err(|error| {
        tracing::warn!(%error, "search failed");
        ApiError::Unavailable("search".into())
    })?;
    let mut dto = SearchDto {
        query: query.text.clone(),
        group: if by_articles { "articles" } else { "stories" },
        limit: query.limit,
        offset: query.offset,
        total_articles: 0,
        total_stories: None,
        stories: None,
        articles: None,
    };
    match found {
        Found::Articles(results) => {
            dto.total_articles = results.total;
            dto.articles = Some(results.hits.iter().map(SearchHitDto::from).collect());
        }
        Found::Stories(results) => {
            let StoryResults { total_articles, total_stories, stories } = &*results;
            dto.total_articles = *total_articles;
            dto.total_stories = Some(*total_stories);
            dto.stories = Some(
                stories
                    .iter()
                    .map(|s| StoryHitDto {
                        story_id: s.story_id.clone(),
                        score: s.score,
                        matched_articles: s.matched_articles,
                        hits: s.hits.iter().map(SearchHitDto::from).collect(),
                    })
                    .collect(),
            );
        }
    }
    Ok(Json(dto))
}

enum Found {
    Articles(std::sync::Arc<newsdesk_search::SearchResults>),
    Stories(std::sync::Arc<StoryResults>),
}

/// The search request from URL parameters: `q` parsed as a search box, explicit parameters win over
/// operators inside `q`.
pub fn search_query(params: &SearchParams) -> Result<SearchQuery, ApiError> {
    let mut query = SearchQuery::parse(params.q.as_deref().unwrap_or(""));
    if let Some(outlet) = non_empty(&params.outlet) {
        query.outlet = Some(outlet);
    }
    if let Some(lang) = non_empty(&params.lang) {
        query.lang = Some(lang.to_ascii_lowercase());
    }
    if let Some(from) = non_empty(&params.from) {
        query.from = Some(parse_day("from", &from)?);
    }
    if let Some(to) = non_empty(&params.to) {
        query.to = Some(parse_day("to", &to)?);
    }
    query.limit = match non_empty(&params.limit) {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if n >= 1 => n.min(MAX_LIMIT),
            _ => {
                return Err(ApiError::invalid(
                    "limit",
                    format!("expected a whole number from 1 to {MAX_LIMIT}"),
                ));
            }
        },
    };
    query.offset = match non_empty(&params.offset) {
        None => 0,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if n <= MAX_OFFSET => n,
            _ => {
                return Err(ApiError::invalid(
                    "offset",
                    format!("expected a whole number from 0 to {MAX_OFFSET}"),
                ));
            }
        },
    };
    Ok(query)
}

/// `YYYY-MM-DD`.
pub fn parse_day(name: &str, raw: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(name, "expected a date as YYYY-MM-DD"))
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

#[derive(Debug, Clone, Serialize)]
pub struct SavedSearchDto {
    pub id: String,
    pub name: String,
    pub query: String,
    pub created_at: String,
    /// Path of its Atom feed.
    pub feed: String,
}

impl From<&SavedSearch> for SavedSearchDto {
    fn from(s: &SavedSearch) -> Self {
        SavedSearchDto {
            id: s.id.clone(),
            name: s.name.clone(),
            query: s.query.clone(),
            created_at: rfc3339(s.created_at),
            feed: format!("/feeds/searches/{}", s.id),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NewSavedSearch {
    pub name: Option<String>,
    pub query: String,
}

#[derive(Debug, Serialize)]
pub struct SavedSearchListDto {
    pub items: Vec<SavedSearchDto>,
}

pub async fn list_saved_searches(State(store): State<Store>) -> Result<Json<SavedSearchListDto>, ApiError> {
    let items = store.saved_searches().await?.iter().map(SavedSearchDto::from).collect();
    Ok(Json(SavedSearchListDto { items }))
}

pub async fn create_saved_search(
    State(store): State<Store>,
    body: Result<Json<NewSavedSearch>, JsonRejection>,
) -> Result<(StatusCode, Json<SavedSearchDto>), ApiError> {
    let Json(body) = body.map_err(|e| ApiError::invalid("body", e.body_text()))?;
    let query = body.query.trim();
    if query.is_empty() || SearchQuery::parse(query).is_empty() {
        return Err(ApiError::invalid("query", "a saved search needs words or a filter"));
    }
    let name = body.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(query);
    if query.chars().count() > MAX_SAVED_TEXT || name.chars().count() > MAX_SAVED_TEXT {
        return Err(ApiError::invalid("query", format!("at most {MAX_SAVED_TEXT} characters")));
    }
    let saved = store.save_search(name, query, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(SavedSearchDto::from(&saved))))
}

pub async fn get_saved_search(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Json<SavedSearchDto>, ApiError> {
    match store.saved_search(&id).await? {
        Some(saved) => Ok(Json(SavedSearchDto::from(&saved))),
        None => Err(ApiError::NotFound("saved search".into())),
    }
}

pub async fn delete_saved_search(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if store.delete_saved_search(&id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("saved search".into()))
    }
}
