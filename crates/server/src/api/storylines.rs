//! Storyline routes: `GET /api/v1/storylines` (most recently active first; `limit`, `offset`, `min_stories`)
//! and `GET /api/v1/storylines/{id}` (the thread with its stories oldest first and its merged timeline).

use super::dto::{ListDto, StorySummaryDto, StorylineDto};
use super::entities::{TimelineEntryDto, timeline_of_stories};
use super::{ApiError, ApiResult, parse_page};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use newsdesk_model::StoryId;
use newsdesk_store::{Store, StorylineQuery};
use serde::{Deserialize, Serialize};

/// Threads of a single story are listed only when asked (`min_stories=1`): a storyline is a thread.
const DEFAULT_MIN_STORIES: u32 = 2;

#[derive(Debug, Default, Deserialize)]
pub struct StorylineParams {
    limit: Option<String>,
    offset: Option<String>,
    /// Only threads of at least this many stories (default 2).
    min_stories: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StorylineDetailDto {
    #[serde(flatten)]
    pub storyline: StorylineDto,
    /// Oldest first.
    pub stories: Vec<StorySummaryDto>,
    pub timeline: Vec<TimelineEntryDto>,
}

pub async fn get_storylines(
    State(store): State<Store>,
    params: Result<Query<StorylineParams>, QueryRejection>,
) -> ApiResult<ListDto<StorylineDto>> {
    let p = params.map(|Query(p)| p).map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let page = super::ListParams { limit: p.limit.clone(), offset: p.offset.clone(), ..Default::default() };
    let (limit, offset) = parse_page(&page)?;
    let min_stories = match p.min_stories.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => DEFAULT_MIN_STORIES,
        Some(raw) => {
            raw.parse::<u32>().map_err(|_| ApiError::invalid("min_stories", "expected a whole number"))?
        }
    };
    let query = StorylineQuery { limit, offset, min_stories };
    let items = store.storylines(&query).await?.iter().map(StorylineDto::from).collect();
    let total = u64::try_from(store.storyline_count(min_stories).await?).unwrap_or(0);
    Ok(Json(ListDto { items, limit, offset, total }))
}

pub async fn get_storyline(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> ApiResult<StorylineDetailDto> {
    let Some(detail) = store.storyline(&id).await? else {
        return Err(ApiError::NotFound("storyline".into()));
    };
    let ids: Vec<StoryId> = detail.stories.iter().map(|s| s.id.clone()).collect();
    let timeline = timeline_of_stories(&store, &ids).await?;
    let outlet_of =
        super::queries::outlets_of_sentences(&store, detail.stories.iter().flat_map(|s| &s.summary)).await?;
    let stories = detail.stories.iter().map(|s| StorySummaryDto::new(s, &outlet_of)).collect();
    Ok(Json(StorylineDetailDto { storyline: StorylineDto::from(&detail.storyline), stories, timeline }))
}
