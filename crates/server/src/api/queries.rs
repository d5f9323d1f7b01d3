//! Read the store into DTOs: the functions behind both the JSON API and the CLI's `--json` output.

use crate::Error;
use crate::api::dto::{
    ArticleDto, ArticleSummaryDto, CopyDto, HealthDto, ListDto, OutletArticlesDto, SourceDto, StoryDetailDto,
    StorySummaryDto, StorylineDto,
};
use newsdesk_model::{ArticleId, StoryId, SummarySentence};
use newsdesk_store::{ArticleQuery, Store, StoryQuery};
use std::collections::HashMap;

/// Stories, most recently updated first, with the total matching `query.source`.
pub async fn list_stories(store: &Store, query: &StoryQuery) -> Result<ListDto<StorySummaryDto>, Error> {
    let stories = store.stories(query).await?;
    let total = count_stories(store, query).await?;
    let outlet_of = outlets_of_sentences(store, stories.iter().flat_map(|s| &s.summary)).await?;
    let items = stories.iter().map(|story| StorySummaryDto::new(story, &outlet_of)).collect();
    Ok(ListDto { items, limit: query.limit, offset: query.offset, total })
}

/// Stories matching browse filters (outlets, language, dates), most recently updated first.
pub async fn browse_story_list(
    store: &Store,
    query: &newsdesk_store::BrowseQuery,
) -> Result<ListDto<StorySummaryDto>, Error> {
    let stories = store.browse_stories(query).await?;
    let total = store.browse_count(query).await?;
    let outlet_of = outlets_of_sentences(store, stories.iter().flat_map(|s| &s.summary)).await?;
    let items = stories.iter().map(|story| StorySummaryDto::new(story, &outlet_of)).collect();
    Ok(ListDto { items, limit: query.limit, offset: query.offset, total })
}

/// Articles matching filters (story, outlets, language, dates).
pub async fn filtered_article_list(
    store: &Store,
    filter: &newsdesk_store::ArticleFilter,
) -> Result<ListDto<ArticleSummaryDto>, Error> {
    let articles = store.filter_articles(filter).await?;
    let total = store.filter_articles_count(filter).await?;
    let items = articles.iter().map(ArticleSummaryDto::from).collect();
    Ok(ListDto { items, limit: filter.limit, offset: filter.offset, total })
}

/// One story with all its articles, grouped by outlet; `None` when there is no such story.
/// A story id merged into another answers with the story it became.
pub async fn story_detail(store: &Store, id: &StoryId) -> Result<Option<StoryDetailDto>, Error> {
    let id = &store.resolve_story(id).await?.unwrap_or_else(|| id.clone());
    let Some(story) = store.story(id).await? else { return Ok(None) };
    let articles = store.articles(&all_articles_of(id)).await?;
    let mut outlet_of: HashMap<String, String> =
        articles.iter().map(|a| (a.id.0.clone(), a.source.clone())).collect();
    let missing = story.summary.iter().filter(|s| !outlet_of.contains_key(&s.article.0));
    outlet_of.extend(outlets_of_sentences(store, missing).await?);

    // Articles come oldest first, so outlets appear in the order they first covered the story.
    let mut articles_by_outlet: Vec<OutletArticlesDto> = Vec::new();
    for article in &articles {
        let dto = ArticleSummaryDto::from(article);
        match articles_by_outlet.iter_mut().find(|group| group.outlet == article.source) {
            Some(group) => group.articles.push(dto),
            None => articles_by_outlet
                .push(OutletArticlesDto { outlet: article.source.clone(), articles: vec![dto] }),
        }
    }
    let provenance = store.story_provenance(id).await?;
    let storyline = store.storyline_of(id).await?;
    Ok(Some(StoryDetailDto {
        story: StorySummaryDto::new(&story, &outlet_of),
        articles_by_outlet,
        independent_sources: provenance.independent_sources,
        wires: provenance.wires,
        copies: provenance
            .copies
            .into_iter()
            .map(|(copy, original)| CopyDto { article_id: copy.0, copy_of: original.0 })
            .collect(),
        storyline: storyline.as_ref().map(StorylineDto::from),
    }))
}

/// Articles (newest first; within a story oldest first), with the total matching the filters.
pub async fn list_articles(store: &Store, query: &ArticleQuery) -> Result<ListDto<ArticleSummaryDto>, Error> {
    let articles = store.articles(query).await?;
    let total = count_articles(store, query).await?;
    let items = articles.iter().map(ArticleSummaryDto::from).collect();
    Ok(ListDto { items, limit: query.limit, offset: query.offset, total })
}

/// One article with its text and sanitized HTML; `None` when there is no such article.
pub async fn article_detail(store: &Store, id: &ArticleId) -> Result<Option<ArticleDto>, Error> {
    Ok(store.article(id).await?.as_ref().map(ArticleDto::from))
}

/// All outlets, by name.
pub async fn list_sources(store: &Store) -> Result<Vec<SourceDto>, Error> {
    Ok(store.sources().await?.iter().map(SourceDto::from).collect())
}

/// The store answers, and how much it holds.
pub async fn health_report(store: &Store) -> Result<HealthDto, Error> {
    Ok(HealthDto {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        stories: to_u64(store.story_count().await?),
        articles: to_u64(store.article_count().await?),
    })
}

/// The query that lists every article of a story.
pub fn all_articles_of(id: &StoryId) -> ArticleQuery {
    ArticleQuery { story: Some(id.clone()), source: None, limit: u32::MAX, offset: 0 }
}

/// Outlet of each article a summary sentence cites, looked up once per distinct article.
pub(crate) async fn outlets_of_sentences<'a>(
    store: &Store,
    sentences: impl Iterator<Item = &'a SummarySentence>,
) -> Result<HashMap<String, String>, Error> {
    let mut outlet_of = HashMap::new();
    for sentence in sentences {
        if outlet_of.contains_key(&sentence.article.0) {
            continue;
        }
        if let Some(article) = store.article(&sentence.article).await? {
            outlet_of.insert(article.id.0, article.source);
        }
    }
    Ok(outlet_of)
}

// The store counts only unfiltered totals; a filtered total is counted by listing ids-and-all. Fine for a
// self-hosted store of thousands of stories; a filtered count in the store would remove it.
pub(crate) async fn count_stories(store: &Store, query: &StoryQuery) -> Result<u64, Error> {
    if query.source.is_none() {
        return Ok(to_u64(store.story_count().await?));
    }
    let everything = StoryQuery { limit: u32::MAX, offset: 0, source: query.source.clone() };
    Ok(store.stories(&everything).await?.len() as u64)
}

async fn count_articles(store: &Store, query: &ArticleQuery) -> Result<u64, Error> {
    match (&query.story, &query.source) {
        (None, None) => Ok(to_u64(store.article_count().await?)),
        (Some(story), None) => Ok(store.story(story).await?.map_or(0, |s| s.article_count as u64)),
        _ => {
            let everything = ArticleQuery { limit: u32::MAX, offset: 0, ..query.clone() };
            Ok(store.articles(&everything).await?.len() as u64)
        }
    }
}

fn to_u64(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}
