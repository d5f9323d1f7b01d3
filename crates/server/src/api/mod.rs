//! JSON API under `/api/v1`: handlers that parse parameters, call the query functions and answer DTOs.
//!
//! Lists answer `{"items": [...], "limit", "offset", "total"}`; errors answer `{"error": {"code", "message"}}`
//! with the code and status from the one table in `error.rs`.

pub mod dto;
pub mod entities;
pub mod error;
pub mod perspectives;
mod queries;
pub mod search;
pub mod storylines;

pub use error::ApiError;
pub use perspectives::{get_story_perspectives, perspectives_of, story_perspectives};
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
    /// Same as `source`.
    outlet: Option<String>,
    /// Outlets in this group (sources.json `groups`).
    group: Option<String>,
    lang: Option<String>,
    /// Days, `YYYY-MM-DD`, both inclusive.
    from: Option<String>,
    to: Option<String>,
}

/// The outlet/group/language/date filters of a list request, when any is given.
struct ListFilters {
    outlets: Option<Vec<String>>,
    language: Option<String>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
}

async fn list_filters(store: &Store, params: &ListParams) -> Result<Option<ListFilters>, ApiError> {
    let outlet = non_empty(params.outlet.clone()).or_else(|| non_empty(params.source.clone()));
    let group = non_empty(params.group.clone());
    let language = non_empty(params.lang.clone()).map(|l| l.to_ascii_lowercase());
    let day = |name: &str, raw: &Option<String>, shift: u64| -> Result<_, ApiError> {
        non_empty(raw.clone())
            .map(|d| {
                search::parse_day(name, &d)
                    .map(|d| d + chrono::Days::new(shift))
                    .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
            })
            .transpose()
    };
    let from = day("from", &params.from, 0)?;
    let to = day("to", &params.to, 1)?;
    if group.is_none() && language.is_none() && from.is_none() && to.is_none() && params.outlet.is_none() {
        return Ok(None);
    }
    let mut outlets = outlet.map(|o| vec![o]);
    if let Some(group) = group {
        let members: Vec<String> = store
            .sources()
            .await?
            .into_iter()
            .filter(|s| s.groups.contains(&group))
            .map(|s| s.name)
            .collect();
        outlets = Some(match outlets {
            Some(named) => named.into_iter().filter(|o| members.contains(o)).collect(),
            None => members,
        });
    }
    Ok(Some(ListFilters { outlets, language, from, to }))
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
    if let Some(f) = list_filters(&store, &params).await? {
        let query = newsdesk_store::BrowseQuery {
            outlets: f.outlets,
            language: f.language,
            from: f.from,
            to: f.to,
            limit,
            offset,
        };
        return Ok(Json(queries::browse_story_list(&store, &query).await?));
    }
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
    if let Some(f) = list_filters(&store, &params).await? {
        let filter = newsdesk_store::ArticleFilter {
            story: non_empty(params.story).map(StoryId),
            outlets: f.outlets,
            language: f.language,
            from: f.from,
            to: f.to,
            limit,
            offset,
        };
        return Ok(Json(queries::filtered_article_list(&store, &filter).await?));
    }
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

/// The OpenAPI 3.1 document of every `/api/v1` route (`api/openapi.json`; a test checks it against the router).
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

pub async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
