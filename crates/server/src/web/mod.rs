//! Server-rendered pages: front page, story, article reader, sources, 404; and the one stylesheet.
//!
//! No JavaScript, no external assets: the pages work on a phone over a slow link and under a strict CSP.

pub(crate) mod format;
mod marks;
mod views;

use crate::Error;
use crate::api::all_articles_of;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use newsdesk_model::{Article, ArticleId, Source, Story, StoryId};
use newsdesk_store::{Store, StoryQuery};
use serde::Deserialize;
use std::collections::HashMap;
use views::{
    ArticleLine, ArticlePage, ErrorPage, FrontPage, OutletGroup, Section, SourceRow, SourcesPage, StoryCard,
    StoryPage, SummaryLine,
};

/// Stories per front page.
const PAGE_SIZE: u32 = 20;
/// The front page shows a story's second summary sentence only while the lede stays this short (bytes):
/// two sentences read as a summary, three as a wall of text.
const LEDE_MAX: usize = 320;

const STYLE_CSS: &str = include_str!("../../static/style.css");

type PageResult = Result<Response, PageError>;

#[derive(Debug, Default, Deserialize)]
pub struct FrontParams {
    page: Option<String>,
    source: Option<String>,
}

pub async fn front_page(
    State(store): State<Store>,
    params: Result<Query<FrontParams>, QueryRejection>,
) -> PageResult {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let page =
        params.page.as_deref().and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let source = params.source.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let query =
        StoryQuery { limit: PAGE_SIZE, offset: (page - 1).saturating_mul(PAGE_SIZE), source: source.clone() };
    let stories = store.stories(&query).await?;
    let total = crate::api::count_stories(&store, &query).await?;
    if stories.is_empty() && page > 1 {
        return not_found_page();
    }
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX).max(1);
    let page_href = |p: u32| match &source {
        Some(s) => format!("/?source={}&page={p}", format::query_value(s)),
        None => format!("/?page={p}"),
    };
    let heading = match &source {
        Some(s) => format!("Stories covered by {s}"),
        None => "Top stories".to_string(),
    };
    let (prev_href, next_href) =
        ((page > 1).then(|| page_href(page - 1)), (page < pages).then(|| page_href(page + 1)));
    render(&FrontPage {
        title: if page > 1 {
            format!("{heading} · page {page} · Newsdesk")
        } else {
            format!("{heading} · Newsdesk")
        },
        section: Section::Stories,
        heading,
        source,
        stories: stories.iter().map(story_card).collect(),
        total,
        page,
        pages,
        prev_href,
        next_href,
    })
}

pub async fn story_page(State(store): State<Store>, Path(id): Path<String>) -> PageResult {
    let Some(story) = store.story(&StoryId(id)).await? else { return not_found_page() };
    let articles = store.articles(&all_articles_of(&story.id)).await?;
    let sources: HashMap<String, Source> =
        store.sources().await?.into_iter().map(|s| (s.name.clone(), s)).collect();
    let outlet_of: HashMap<&str, &str> =
        articles.iter().map(|a| (a.id.0.as_str(), a.source.as_str())).collect();

    let summary = story
        .summary
        .iter()
        .map(|s| SummaryLine {
            href: format!("/articles/{}#s{}", s.article, s.sentence_index),
            text: s.text.clone(),
            outlet: outlet_of.get(s.article.0.as_str()).map_or_else(String::new, |o| o.to_string()),
        })
        .collect();
    render(&StoryPage {
        title: format!("{} · Newsdesk", story.headline),
        section: Section::None,
        headline: story.headline.clone(),
        counts: counts(&story),
        span: format::day_span(story.first_published, story.last_published),
        datetime: crate::api::dto::rfc3339(story.first_published),
        summary,
        groups: group_by_outlet(&articles, &sources),
        perspectives: crate::api::story_perspectives(&store, &story.id).await?,
    })
}

pub async fn article_page(State(store): State<Store>, Path(id): Path<String>) -> PageResult {
    let Some(article) = store.article(&ArticleId(id)).await? else { return not_found_page() };
    let story = match &article.story {
        Some(story_id) => store.story(story_id).await?,
        None => None,
    };
    // Mark the article's own summary and the story summary's sentences from it, so every `#s{n}` link from
    // the story page lands on a highlighted sentence.
    let story_sentences = story.iter().flat_map(|s| &s.summary).filter(|s| s.article == article.id);
    let sentences: Vec<_> = article.summary.iter().chain(story_sentences).collect();
    render(&ArticlePage {
        title: format!("{} · {} · Newsdesk", article.title, article.source),
        section: Section::None,
        headline: article.title.clone(),
        outlet: article.source.clone(),
        byline: article.byline.clone(),
        date: article.published.map(format::day_and_time),
        datetime: article.published.map(crate::api::dto::rfc3339),
        original_url: article.url.clone().filter(|u| format::is_web_url(u)),
        truncated: article.truncated,
        lang: article.language.clone().filter(|l| is_language_tag(l)).unwrap_or_else(|| "en".into()),
        paragraphs: marks::mark_paragraphs(&article.text, &sentences),
        story_href: story.as_ref().map(|s| format!("/stories/{}", s.id)),
        story_headline: story.map(|s| s.headline),
    })
}

pub async fn sources_page(State(store): State<Store>) -> PageResult {
    let sources = store.sources().await?;
    render(&SourcesPage {
        title: "Sources · Newsdesk".into(),
        section: Section::Sources,
        sources: sources.iter().map(source_row).collect(),
    })
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        STYLE_CSS,
    )
        .into_response()
}

/// Any path no route matches.
pub async fn not_found() -> Response {
    not_found_page().unwrap_or_else(IntoResponse::into_response)
}

fn not_found_page() -> PageResult {
    let page = ErrorPage {
        title: "Not found · Newsdesk".into(),
        section: Section::None,
        heading: "Page not found".into(),
        message:
            "There is no story, article or page at this address. It may have been merged into another story."
                .into(),
    };
    Ok((StatusCode::NOT_FOUND, Html(page.render().map_err(Error::from)?)).into_response())
}

fn render(template: &impl Template) -> PageResult {
    Ok(Html(template.render().map_err(Error::from)?).into_response())
}

fn story_card(story: &Story) -> StoryCard {
    let mut lede = String::new();
    for sentence in story.summary.iter().take(2) {
        if !lede.is_empty() && lede.len() + sentence.text.len() > LEDE_MAX {
            break;
        }
        if !lede.is_empty() {
            lede.push(' ');
        }
        lede.push_str(sentence.text.trim());
    }
    StoryCard {
        href: format!("/stories/{}", story.id),
        headline: story.headline.clone(),
        lede,
        counts: counts(story),
        outlets: story.outlets.join(", "),
        span: format::day_span(story.first_published, story.last_published),
        datetime: crate::api::dto::rfc3339(story.first_published),
    }
}

fn counts(story: &Story) -> String {
    format!(
        "{} · {}",
        format::count(story.article_count, "article", "articles"),
        format::count(story.outlets.len(), "outlet", "outlets")
    )
}

/// Articles (oldest first) grouped by outlet, outlets in the order they first covered the story.
fn group_by_outlet(articles: &[Article], sources: &HashMap<String, Source>) -> Vec<OutletGroup> {
    let mut groups: Vec<OutletGroup> = Vec::new();
    for article in articles {
        let line = ArticleLine {
            href: format!("/articles/{}", article.id),
            title: article.title.clone(),
            byline: article.byline.clone(),
            date: format::day_and_time(article.time()),
            datetime: crate::api::dto::rfc3339(article.time()),
        };
        match groups.iter_mut().find(|g| g.outlet == article.source) {
            Some(group) => group.articles.push(line),
            None => groups.push(OutletGroup {
                outlet: article.source.clone(),
                about: sources.get(&article.source).map(about_source).unwrap_or_default(),
                articles: vec![line],
            }),
        }
    }
    groups
}

/// "state-owned · KS · kestranian-state-media"
fn about_source(source: &Source) -> String {
    let mut parts = Vec::new();
    if source.ownership != newsdesk_model::Ownership::Unknown {
        parts.push(format!("{} ownership", source.ownership.as_str()));
    }
    parts.extend(source.country.clone());
    parts.extend(source.groups.iter().cloned());
    parts.join(" · ")
}

fn source_row(source: &Source) -> SourceRow {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    SourceRow {
        name: source.name.clone(),
        stories_href: format!("/?source={}", format::query_value(&source.name)),
        homepage: source.homepage.clone().filter(|u| format::is_web_url(u)),
        country: or_dash(&source.country),
        ownership: source.ownership.as_str().to_string(),
        language: or_dash(&source.language),
        groups: source.groups.clone(),
    }
}

/// A plausible BCP 47 tag for the `lang` attribute ("en", "pt-BR"); anything else falls back to "en".
fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.len() <= 12 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A page that failed: logged in full, shown as a plain 500 page that reveals nothing.
#[derive(Debug)]
pub struct PageError(Error);

impl From<Error> for PageError {
    fn from(error: Error) -> Self {
        PageError(error)
    }
}

impl From<newsdesk_store::Error> for PageError {
    fn from(error: newsdesk_store::Error) -> Self {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self.0, "page failed");
        let page = ErrorPage {
            title: "Error · Newsdesk".into(),
            section: Section::None,
            heading: "Something went wrong".into(),
            message: "The page could not be shown. Please try again in a moment.".into(),
        };
        let body = page.render().unwrap_or_else(|_| "Something went wrong.".into());
        (StatusCode::INTERNAL_SERVER_ERROR, Html(body)).into_response()
    }
}
