//! JSON API under `/api/v1`: handlers that parse parameters, call the query functions and answer DTOs.
//!
//! Lists answer `{"items": [...], "limit", "offset", "total"}`; errors answer `{"error": {"code", "message"}}`
//! with the code and status from the one table in `error.rs`.

pub mod dto;
pub mod error;
pub mod perspectives;
mod queries;

pub use error::ApiError;
pub use perspectives::{get_story_perspectives, story_perspectives};
pub(crate) use queries::count_stories;
pub use queries::{
    all_articles_of, article_detail, health_report, list_articles, list_sources, list_stories, story_detail,
};

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use dto::{ArticleDto, ArticleSummaryDto, HealthDto, ListDto, StoryDetailDto, StorySummaryDto};
use newsdesk_model::{ArticleId, StoryId};
use newsdesk_store::{ArticleQuery, Store, StoryQuery};
use serde::Deserialize;

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: u32 = 20;
/// Larger limits are lowered to this (and the response's `limit` says so): bounds the work per request.
pub const MAX_LIMIT: u32 = 100;

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Query parameters of the list endpoints, as raw text so a bad value gets our error, not axum's.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    limit: Option<String>,
    offset: Option<String>,
    source: Option<String>,
    story: Option<String>,
}

pub async fn health(State(store): State<Store>) -> ApiResult<HealthDto> {
    Ok(Json(health_report(&store).await?))
}

pub async fn get_stories(
    State(store): State<Store>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<ListDto<StorySummaryDto>> {
    let params = read_params(params)?;
    let (limit, offset) = parse_page(&params)?;
    let query = StoryQuery { limit, offset, source: non_empty(params.source) };
    Ok(Json(list_stories(&store, &query).await?))
}

pub async fn get_story(State(store): State<Store>, Path(id): Path<String>) -> ApiResult<StoryDetailDto> {
    match story_detail(&store, &StoryId(id)).await? {
        Some(story) => Ok(Json(story)),
        None => Err(ApiError::NotFound("story".into())),
    }
}

pub async fn get_articles(
    State(store): State<Store>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> ApiResult<ListDto<ArticleSummaryDto>> {
    let params = read_params(params)?;
    let (limit, offset) = parse_page(&params)?;
    let query = ArticleQuery {
        story: non_empty(params.story).map(StoryId),
        source: non_empty(params.source),
        limit,
        offset,
    };
    Ok(Json(list_articles(&store, &query).await?))
}

pub async fn get_article(State(store): State<Store>, Path(id): Path<String>) -> ApiResult<ArticleDto> {
    match article_detail(&store, &ArticleId(id)).await? {
        Some(article) => Ok(Json(article)),
        None => Err(ApiError::NotFound("article".into())),
    }
}

/// Any other path under `/api/v1`.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("API route".into())
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

fn read_params(params: Result<Query<ListParams>, QueryRejection>) -> Result<ListParams, ApiError> {
    params.map(|Query(p)| p).map_err(|e| ApiError::invalid("query", e.body_text()))
}

/// `limit` (default 20, 1..=100, larger lowered to 100) and `offset` (default 0).
pub fn parse_page(params: &ListParams) -> Result<(u32, u32), ApiError> {
    let limit = match params.limit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.parse::<u64>() {
            Ok(0) | Err(_) => {
                return Err(ApiError::invalid(
                    "limit",
                    format!("expected a whole number from 1 to {MAX_LIMIT}"),
                ));
            }
            Ok(n) => n.min(u64::from(MAX_LIMIT)) as u32,
        },
    };
    let offset = match params.offset.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 0,
        Some(raw) => raw
            .parse::<u32>()
            .map_err(|_| ApiError::invalid("offset", "expected a whole number, 0 or more"))?,
    };
    Ok((limit, offset))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}
