//! Entity and timeline routes: `GET /api/v1/entities` (most-named first; `kind`, `q`, `limit`, `offset`),
//! `GET /api/v1/entities/{id}` (the entity with its stories, quotes by and about it, co-occurring entities) and
//! `GET /api/v1/stories/{id}/timeline` (dated events of the story's articles, merged and ordered).
//! [`timeline_of_stories`] also serves storylines (a storyline's timeline is its stories' events merged).

use super::dto::{ListDto, rfc3339};
use super::{ApiError, ApiResult, non_empty, parse_page};
use crate::Error;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use newsdesk_enrich::{Event, Field, Precision, When, merge_timeline};
use newsdesk_model::StoryId;
use newsdesk_store::{EntityQuery, EntitySummary, Store, StoredEvent};
use newsdesk_summarize::{QuoteKind, extract_quotes};
use serde::{Deserialize, Serialize};

/// Articles read to find quotes by and about an entity. Why: quotes are found on request from article text;
/// the newest few dozen articles give a page's worth of quotes at a bounded cost per request.
const QUOTE_ARTICLES: u32 = 40;
/// Quotes listed per side (by, about).
const MAX_QUOTES: usize = 20;
/// Stories and co-occurring entities listed on an entity's page.
const MAX_STORIES: u32 = 50;
const MAX_CO_ENTITIES: u32 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct EntityParams {
    limit: Option<String>,
    offset: Option<String>,
    /// PER, ORG, LOC or MISC.
    kind: Option<String>,
    /// Substring of the name.
    q: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityDto {
    pub id: String,
    pub name: String,
    /// PER, ORG, LOC or MISC.
    pub kind: String,
    pub titles: Vec<String>,
    pub aliases: Vec<String>,
    pub variants: Vec<String>,
    pub article_count: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityStoryDto {
    pub story_id: String,
    pub headline: String,
    /// Articles of the story naming the entity, and their mentions of it.
    pub articles: u32,
    pub mentions: u32,
    pub last_time: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityQuoteDto {
    pub text: String,
    pub speaker: String,
    /// `direct` or `indirect`.
    pub kind: &'static str,
    pub article_id: String,
    pub article_title: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoEntityDto {
    #[serde(flatten)]
    pub entity: EntityDto,
    pub shared_articles: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityDetailDto {
    #[serde(flatten)]
    pub entity: EntityDto,
    pub stories: Vec<EntityStoryDto>,
    pub quotes_by: Vec<EntityQuoteDto>,
    pub quotes_about: Vec<EntityQuoteDto>,
    pub co_occurring: Vec<CoEntityDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineSourceDto {
    pub article_id: String,
    pub title: String,
    pub url: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntryDto {
    /// `2026-02-09`, `2026-W07`, `2026-02` or `2026` as the precision allows.
    pub date: String,
    /// The first day of the period.
    pub start: String,
    /// `day`, `week`, `month` or `year`.
    pub precision: &'static str,
    pub until: Option<String>,
    /// The source sentence of the first article that told it.
    pub description: String,
    pub sources: Vec<TimelineSourceDto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineDto {
    pub story_id: String,
    pub entries: Vec<TimelineEntryDto>,
}

pub async fn get_entities(
    State(store): State<Store>,
    params: Result<Query<EntityParams>, QueryRejection>,
) -> ApiResult<ListDto<EntityDto>> {
    let p = params.map(|Query(p)| p).map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let page = super::ListParams { limit: p.limit.clone(), offset: p.offset.clone(), ..Default::default() };
    let (limit, offset) = parse_page(&page)?;
    let kind = non_empty(p.kind).map(|k| k.to_uppercase());
    if let Some(k) = &kind
        && !["PER", "ORG", "LOC", "MISC"].contains(&k.as_str())
    {
        return Err(ApiError::invalid("kind", "expected PER, ORG, LOC or MISC"));
    }
    let query = EntityQuery { kind, name: non_empty(p.q), limit, offset };
    let items = store.entities(&query).await?.into_iter().map(entity_dto).collect();
    let total = store.entity_count(&query).await?;
    Ok(Json(ListDto { items, limit, offset, total }))
}

pub async fn get_entity(State(store): State<Store>, Path(id): Path<String>) -> ApiResult<EntityDetailDto> {
    match entity_detail(&store, &id).await? {
        Some(e) => Ok(Json(e)),
        None => Err(ApiError::NotFound("entity".into())),
    }
}

pub async fn get_story_timeline(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> ApiResult<TimelineDto> {
    let story = StoryId(id);
    if store.story(&story).await?.is_none() {
        return Err(ApiError::NotFound("story".into()));
    }
    let entries = timeline_of_stories(&store, std::slice::from_ref(&story)).await?;
    Ok(Json(TimelineDto { story_id: story.0, entries }))
}

/// Everything an entity page shows.
pub async fn entity_detail(store: &Store, id: &str) -> Result<Option<EntityDetailDto>, Error> {
    let Some(entity) = store.entity(id).await? else { return Ok(None) };
    let stories = store
        .entity_stories(id, MAX_STORIES)
        .await?
        .into_iter()
        .map(|s| EntityStoryDto {
            story_id: s.story.0,
            headline: s.headline,
            articles: s.articles,
            mentions: s.mentions,
            last_time: s.last_time.map(rfc3339),
        })
        .collect();
    let co_occurring = store
        .co_occurring_entities(id, MAX_CO_ENTITIES)
        .await?
        .into_iter()
        .map(|c| CoEntityDto { entity: entity_dto(c.entity), shared_articles: c.shared_articles })
        .collect();
    let (quotes_by, quotes_about) = quotes_of(store, &entity).await?;
    Ok(Some(EntityDetailDto { entity: entity_dto(entity), stories, quotes_by, quotes_about, co_occurring }))
}

/// Quotes whose speaker is the entity, and quotes that name it, from the newest articles naming it.
async fn quotes_of(
    store: &Store,
    entity: &EntitySummary,
) -> Result<(Vec<EntityQuoteDto>, Vec<EntityQuoteDto>), Error> {
    let mut names: Vec<&str> = vec![entity.name.as_str()];
    names.extend(entity.variants.iter().map(String::as_str));
    names.extend(entity.aliases.iter().map(String::as_str));
    let (mut by, mut about) = (Vec::new(), Vec::new());
    for article_id in store.entity_article_ids(&entity.id, QUOTE_ARTICLES).await? {
        let Some(article) = store.article(&article_id).await? else { continue };
        for q in extract_quotes(&article.text) {
            let dto = || EntityQuoteDto {
                text: q.text.clone(),
                speaker: q.speaker.clone(),
                kind: if q.kind == QuoteKind::Direct { "direct" } else { "indirect" },
                article_id: article.id.0.clone(),
                article_title: article.title.clone(),
                source: article.source.clone(),
            };
            if names.iter().any(|n| same_name(&q.speaker, n)) {
                if by.len() < MAX_QUOTES {
                    by.push(dto());
                }
            } else if names.iter().any(|n| names_word(&q.text, n)) && about.len() < MAX_QUOTES {
                about.push(dto());
            }
        }
        if by.len() >= MAX_QUOTES && about.len() >= MAX_QUOTES {
            break;
        }
    }
    Ok((by, about))
}

/// A speaker is the entity when the names are equal or one is the other's last word ("Solvek" /
/// "Dmitar Solvek").
fn same_name(speaker: &str, name: &str) -> bool {
    let last = |s: &str| s.split_whitespace().last().map(str::to_lowercase);
    speaker.eq_ignore_ascii_case(name)
        || (!name.contains(' ') && last(speaker) == Some(name.to_lowercase()))
        || (!speaker.contains(' ') && last(name) == Some(speaker.to_lowercase()))
}

/// `text` contains `name` as whole words.
fn names_word(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, m)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + m.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// The merged, ordered timeline of the given stories' articles (a story, or a storyline's stories).
pub async fn timeline_of_stories(store: &Store, stories: &[StoryId]) -> Result<Vec<TimelineEntryDto>, Error> {
    let events = store.events_of_stories(stories).await?;
    // One list of events per article, articles in publication order (the first teller describes an entry).
    let mut articles: Vec<(&StoredEvent, Vec<Event>)> = Vec::new();
    for e in &events {
        let Some(event) = to_event(e) else { continue };
        match articles.last_mut() {
            Some((first, list)) if first.article == e.article => list.push(event),
            _ => articles.push((e, vec![event])),
        }
    }
    let lists: Vec<Vec<Event>> = articles.iter().map(|(_, l)| l.clone()).collect();
    Ok(merge_timeline(&lists)
        .into_iter()
        .map(|t| TimelineEntryDto {
            date: t.when.to_string(),
            start: t.when.date.to_string(),
            precision: t.when.precision.as_str(),
            until: t.until.map(|u| u.to_string()),
            description: t.description,
            sources: t
                .sources
                .iter()
                .filter_map(|&i| articles.get(i))
                .map(|(a, _)| TimelineSourceDto {
                    article_id: a.article.0.clone(),
                    title: a.article_title.clone(),
                    url: a.article_url.clone(),
                    source: a.source.clone(),
                })
                .collect(),
        })
        .collect())
}

fn to_event(e: &StoredEvent) -> Option<Event> {
    let when =
        |date: NaiveDate, precision: &str| Some(When { date, precision: Precision::parse(precision)? });
    let ev = &e.event;
    Some(Event {
        when: when(ev.date, &ev.precision)?,
        until: ev.until.as_ref().and_then(|(d, p)| when(*d, p)),
        field: if ev.in_title { Field::Title } else { Field::Text },
        sentence: newsdesk_enrich::Span {
            start: ev.sentence_start as usize,
            end: ev.sentence_start as usize,
        },
        description: ev.description.clone(),
    })
}

fn entity_dto(e: EntitySummary) -> EntityDto {
    EntityDto {
        id: e.id,
        name: e.name,
        kind: e.kind,
        titles: e.titles,
        aliases: e.aliases,
        variants: e.variants,
        article_count: e.article_count,
    }
}
