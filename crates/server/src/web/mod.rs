//! Server-rendered pages: front page (ranked, filterable), story, article reader, sources and source pages,
//! storylines, search, 404; the stylesheet and the one small script.
//!
//! Everything works without JavaScript: `static/keys.js` only adds keyboard shortcuts (j/k/o and /). No
//! external assets, no inline scripts or styles, so the CSP can forbid both.

mod chart;
pub(crate) mod format;
mod marks;
mod rank;
mod views;

use crate::Error;
use crate::api::all_articles_of;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use newsdesk_model::{Article, ArticleId, Source, Story, StoryId};
use newsdesk_store::{BrowseQuery, Store, StorySignals};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use views::{
    ArticleLine, ArticlePage, CopyLine, ErrorPage, FeedHealth, FilterForm, FrontPage, LegendEntry,
    OtherCoverage, OutletGroup, Section, SourcePage, SourceRow, SourcesPage, StoryCard, StoryPage,
    StorylinePage, SummaryLine,
};

/// Stories per front page.
const PAGE_SIZE: u32 = 20;
/// A card's one-line summary is cut at a word boundary after this many bytes: one sentence, not a paragraph.
const LEDE_MAX: usize = 220;
/// Outlets named on a card before "+N more".
const CARD_OUTLETS: usize = 4;
/// Stories listed on a source page (the rest are one link away, on the filtered front page).
const SOURCE_STORIES: u32 = 10;
/// Entities listed on a story page.
const STORY_ENTITIES: u32 = 12;
/// Stories and related entities listed on an entity page.
const ENTITY_STORIES: u32 = 30;
const RELATED_ENTITIES: u32 = 12;
/// Dated events listed in a story's or storyline's timeline.
const TIMELINE_MAX: usize = 12;
/// Other articles of the same story listed under an article.
const OTHER_COVERAGE_MAX: usize = 8;

const STYLE_CSS: &str = include_str!("../../static/style.css");
const KEYS_JS: &str = include_str!("../../static/keys.js");

type PageResult = Result<Response, PageError>;

#[derive(Debug, Default, Deserialize)]
pub struct FrontParams {
    page: Option<String>,
    /// Older name of `outlet` (links from earlier versions).
    source: Option<String>,
    outlet: Option<String>,
    group: Option<String>,
    lang: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The filters as read from the query string: blank values are no filter, unparsable dates are dropped.
struct Filters {
    outlet: Option<String>,
    group: Option<String>,
    lang: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Filters {
    fn read(params: &FrontParams) -> Filters {
        let text =
            |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let date = |v: &Option<String>| {
            v.as_deref().and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        };
        Filters {
            outlet: text(&params.outlet).or_else(|| text(&params.source)),
            group: text(&params.group),
            lang: text(&params.lang),
            from: date(&params.from),
            to: date(&params.to),
        }
    }

    fn any(&self) -> bool {
        self.outlet.is_some()
            || self.group.is_some()
            || self.lang.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The query string that reproduces these filters (for pager links).
    fn query(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                parts.push(format!("{key}={}", format::query_value(&v)));
            }
        };
        add("outlet", self.outlet.clone());
        add("group", self.group.clone());
        add("lang", self.lang.clone());
        add("from", self.from.map(|d| d.to_string()));
        add("to", self.to.map(|d| d.to_string()));
        parts.join("&")
    }

    /// The store query: a group becomes the outlets in it (intersected with the outlet filter).
    fn browse(&self, sources: &[Source]) -> BrowseQuery {
        let mut outlets: Option<Vec<String>> = self.outlet.clone().map(|o| vec![o]);
        if let Some(group) = &self.group {
            let in_group: Vec<String> = sources
                .iter()
                .filter(|s| s.groups.iter().any(|g| g == group))
                .map(|s| s.name.clone())
                .collect();
            outlets = Some(match outlets {
                Some(list) => list.into_iter().filter(|o| in_group.contains(o)).collect(),
                None => in_group,
            });
        }
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        BrowseQuery {
            outlets,
            language: self.lang.clone(),
            from: self.from.and_then(start),
            to: self.to.and_then(|d| d.succ_opt()).and_then(start),
            limit: PAGE_SIZE,
            offset: 0,
        }
    }
}

pub async fn front_page(
    State(state): State<crate::AppState>,
    params: Result<Query<FrontParams>, QueryRejection>,
) -> PageResult {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let page =
        params.page.as_deref().and_then(|p| p.trim().parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let filters = Filters::read(&params);
    let store = &state.store;
    let all_sources = state.sources().await?;
    let sources: &[Source] = &all_sources;
    let query = filters.browse(sources);
    let total = store.browse_count(&query).await?;
    let (stories, signals) = ranked_page(store, &query, (page - 1).saturating_mul(PAGE_SIZE)).await?;
    if stories.is_empty() && page > 1 {
        return not_found_page();
    }
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX).max(1);
    let filter_query = filters.query();
    let page_href = |p: u32| {
        if filter_query.is_empty() { format!("/?page={p}") } else { format!("/?{filter_query}&page={p}") }
    };
    let heading = match (&filters.outlet, &filters.group) {
        (Some(o), _) => format!("Stories covered by {o}"),
        (None, Some(g)) => format!("Stories covered by the group {g}"),
        (None, None) if filters.any() => "Stories".to_string(),
        (None, None) => "Top stories".to_string(),
    };
    let (prev_href, next_href) =
        ((page > 1).then(|| page_href(page - 1)), (page < pages).then(|| page_href(page + 1)));
    let cards = Cards::new(sources);
    let stories: Vec<StoryCard> = stories.iter().map(|s| cards.card(s, signals.get(&s.id))).collect();
    render(&FrontPage {
        title: if page > 1 {
            format!("{heading} · page {page} · Newsdesk")
        } else {
            format!("{heading} · Newsdesk")
        },
        section: Section::Stories,
        heading,
        filtered: filters.any(),
        legend: cards.legend(&stories),
        filters: filter_form(&filters, sources),
        stories,
        total,
        page,
        pages,
        prev_href,
        next_href,
    })
}

/// One page of stories: within the first `RANK_WINDOW` most recently updated, ordered by the blended rank;
/// beyond it, by time. Also returns the ranking signals of the stories shown.
async fn ranked_page(
    store: &Store,
    query: &BrowseQuery,
    offset: u32,
) -> Result<(Vec<Story>, HashMap<StoryId, StorySignals>), PageError> {
    let page_query = |offset: u32, limit: u32| BrowseQuery { offset, limit, ..query.clone() };
    if offset >= rank::RANK_WINDOW {
        let stories = store.browse_stories(&page_query(offset, PAGE_SIZE)).await?;
        let signals = signals_of(store, &stories).await?;
        return Ok((stories, signals));
    }
    let window = store.browse_stories(&page_query(0, rank::RANK_WINDOW)).await?;
    let window_len = window.len();
    let signals = signals_of(store, &window).await?;
    let now = reference_time(&window);
    let mut stories: Vec<Story> = rank::rank(window, &signals, now)
        .into_iter()
        .skip(offset as usize)
        .take(PAGE_SIZE as usize)
        .collect();
    if stories.len() < PAGE_SIZE as usize && window_len == rank::RANK_WINDOW as usize {
        let need = PAGE_SIZE - stories.len() as u32;
        let rest = store.browse_stories(&page_query(rank::RANK_WINDOW, need)).await?;
        let rest_signals = signals_of(store, &rest).await?;
        stories.extend(rest);
        return Ok((stories, signals.into_iter().chain(rest_signals).collect()));
    }
    Ok((stories, signals))
}

async fn signals_of(store: &Store, stories: &[Story]) -> Result<HashMap<StoryId, StorySignals>, PageError> {
    if stories.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<StoryId> = stories.iter().map(|s| s.id.clone()).collect();
    let since = reference_time(stories) - Duration::hours(rank::GROWTH_WINDOW_HOURS);
    Ok(store.story_signals(&ids, since).await?)
}

/// "Now" for ranking: the newest coverage among the stories, but never later than the clock. On a live
/// server that is the present; on an imported archive it is the archive's last day, so the ranking still
/// reads recency and growth instead of finding everything equally old.
fn reference_time(stories: &[Story]) -> DateTime<Utc> {
    let newest = stories.iter().map(|s| s.last_published).max().unwrap_or_else(Utc::now);
    newest.min(Utc::now())
}

fn filter_form(filters: &Filters, sources: &[Source]) -> FilterForm {
    let mut outlets: Vec<String> = sources.iter().map(|s| s.name.clone()).collect();
    outlets.sort_by_key(|o| o.to_lowercase());
    let groups: BTreeSet<String> = sources.iter().flat_map(|s| s.groups.iter().cloned()).collect();
    let langs: BTreeSet<String> = sources.iter().filter_map(|s| s.language.clone()).collect();
    let mut langs: Vec<String> = langs.into_iter().collect();
    if let Some(l) = filters.lang.as_ref().filter(|l| !langs.contains(l)) {
        langs.push(l.clone());
    }
    FilterForm {
        outlet: filters.outlet.clone().unwrap_or_default(),
        group: filters.group.clone().unwrap_or_default(),
        lang: filters.lang.clone().unwrap_or_default(),
        from: filters.from.map(|d| d.to_string()).unwrap_or_default(),
        to: filters.to.map(|d| d.to_string()).unwrap_or_default(),
        outlets,
        groups: groups.into_iter().collect(),
        langs,
    }
}

/// Builds story cards: knows every outlet's primary group and each group's colour.
struct Cards<'a> {
    primary_group: HashMap<&'a str, &'a str>,
    colours: HashMap<String, String>,
}

impl<'a> Cards<'a> {
    fn new(sources: &'a [Source]) -> Cards<'a> {
        let all: Vec<String> = sources.iter().flat_map(|s| s.groups.iter().cloned()).collect();
        Cards {
            primary_group: sources
                .iter()
                .filter_map(|s| s.groups.first().map(|g| (s.name.as_str(), g.as_str())))
                .collect(),
            colours: chart::group_colours(&all),
        }
    }

    fn card(&self, story: &Story, signals: Option<&StorySignals>) -> StoryCard {
        let groups: Vec<Option<&str>> =
            story.outlets.iter().map(|o| self.primary_group.get(o.as_str()).copied()).collect();
        let independent = rank::independent_sources(story, signals);
        let mut outlets = story.outlets.iter().take(CARD_OUTLETS).cloned().collect::<Vec<_>>().join(", ");
        if story.outlets.len() > CARD_OUTLETS {
            outlets.push_str(&format!(" +{} more", story.outlets.len() - CARD_OUTLETS));
        }
        StoryCard {
            href: format!("/stories/{}", story.id),
            headline: story.headline.clone(),
            lede: story.summary.first().map(|s| one_line(&s.text)).unwrap_or_default(),
            counts: counts(story),
            outlets,
            independent: (independent < story.outlets.len())
                .then(|| format::count(independent, "independent source", "independent sources")),
            bar: chart::group_bar(&groups, &self.colours),
            span: format::day_span(story.first_published, story.last_published),
            datetime: crate::api::dto::rfc3339(story.first_published),
        }
    }

    /// The groups the given cards' bars use, in colour order.
    fn legend(&self, cards: &[StoryCard]) -> Vec<LegendEntry> {
        let mut used: Vec<LegendEntry> = Vec::new();
        for segment in cards.iter().filter_map(|c| c.bar.as_ref()).flat_map(|b| &b.segments) {
            let name = segment.label.rsplit_once(": ").map_or(segment.label.as_str(), |(n, _)| n);
            if !used.iter().any(|e| e.name == name) {
                used.push(LegendEntry { name: name.to_string(), class: segment.class.clone() });
            }
        }
        used.sort_by(|a, b| a.class.cmp(&b.class).then(a.name.cmp(&b.name)));
        used
    }
}

/// A sentence cut to `LEDE_MAX` bytes at a word boundary.
fn one_line(text: &str) -> String {
    let text = text.trim();
    if text.len() <= LEDE_MAX {
        return text.to_string();
    }
    let mut cut = LEDE_MAX;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
    format!("{}…", head.trim_end_matches([',', ';', ':']))
}

pub async fn story_page(State(state): State<crate::AppState>, Path(id): Path<String>) -> PageResult {
    let store = &state.store;
    let id = StoryId(id);
    // The materialised page (one row, storyline joined in) when it is current: the common case.
    let stored = store.story_page(&id).await?;
    if let Some(html) = stored.as_ref().and_then(|s| s.current(crate::story_pages::renderer())) {
        let storyline = stored.as_ref().and_then(|s| s.storyline.as_ref());
        return Ok(Html(crate::story_pages::fill_storyline(html, storyline)).into_response());
    }
    // Not materialised yet (or changed since): render it now; the materialiser stores it shortly.
    let Some(html) = story_html(&state, &id).await? else {
        // A story merged into another keeps its address: it redirects to the story it became.
        if let Some(into) = store.resolve_story(&id).await? {
            return Ok(axum::response::Redirect::permanent(&format!("/stories/{}", into.0)).into_response());
        }
        return not_found_page();
    };
    let storyline = match stored {
        Some(s) => s.storyline,
        None => store.storyline_of(&id).await?.map(|l| (l.id, l.name, l.story_count)),
    };
    Ok(Html(crate::story_pages::fill_storyline(&html, storyline.as_ref())).into_response())
}

/// A story's page as stored by the materialiser: everything but the storyline link, which is left as
/// [`crate::story_pages::STORYLINE_SLOT`]. `None` when there is no such story.
pub(crate) async fn story_html(state: &crate::AppState, id: &StoryId) -> Result<Option<String>, Error> {
    let store = &state.store;
    let Some(story) = store.story(id).await? else { return Ok(None) };
    let articles = store.articles(&all_articles_of(&story.id)).await?;
    let sources: HashMap<String, Source> =
        state.sources().await?.iter().map(|s| (s.name.clone(), s.clone())).collect();
    let outlet_of: HashMap<&str, &str> =
        articles.iter().map(|a| (a.id.0.as_str(), a.source.as_str())).collect();
    let copies = copy_roots(&articles, &store.story_copies(&story.id).await?);

    let summary = story
        .summary
        .iter()
        .map(|s| SummaryLine {
            href: format!("/articles/{}#s{}", s.article, s.sentence_index),
            text: s.text.clone(),
            outlet: outlet_of.get(s.article.0.as_str()).map_or_else(String::new, |o| o.to_string()),
        })
        .collect();
    let times: Vec<DateTime<Utc>> = articles.iter().map(Article::time).collect();
    let entities = store
        .story_entities(&story.id, STORY_ENTITIES)
        .await?
        .into_iter()
        .map(|(e, n)| entity_link(e, format!("in {}", format::count(n as usize, "article", "articles"))))
        .collect();
    let timeline = timeline_lines(store.events_of_stories(std::slice::from_ref(&story.id)).await?);
    let page = StoryPage {
        title: format!("{} · Newsdesk", story.headline),
        section: Section::None,
        headline: story.headline.clone(),
        counts: counts(&story),
        span: format::day_span(story.first_published, story.last_published),
        datetime: crate::api::dto::rfc3339(story.first_published),
        summary,
        groups: group_by_outlet(&articles, &sources, &copies),
        perspectives: Some(crate::api::perspectives_of(&story.id, &articles, &sources)),
        chart: chart::coverage_chart(&times, ("article", "articles")),
        copies: copies.len(),
        entities,
        timeline,
    };
    Ok(Some(page.render().map_err(Error::from)?))
}

/// Search results per page (stories, each shown by its best-matching article).
const SEARCH_PAGE_SIZE: usize = 20;

/// The search page: the same parameters as `/api/v1/search` (a search box with operators, plus outlet,
/// language and date fields), hits grouped by story.
pub async fn search_page(
    State(state): State<crate::AppState>,
    params: Result<Query<crate::api::search::SearchParams>, QueryRejection>,
) -> PageResult {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let page = params.offset.as_deref().and_then(|p| p.parse::<usize>().ok()).unwrap_or(0) / SEARCH_PAGE_SIZE;
    let mut view = views::SearchPage {
        title: "Search · Newsdesk".into(),
        section: Section::Search,
        q: value(&params.q),
        outlet: value(&params.outlet),
        lang: value(&params.lang),
        from: value(&params.from),
        to: value(&params.to),
        error: None,
        summary: String::new(),
        results: Vec::new(),
        prev_href: None,
        next_href: None,
    };
    let params = crate::api::search::SearchParams {
        limit: Some(SEARCH_PAGE_SIZE.to_string()),
        offset: Some((page * SEARCH_PAGE_SIZE).to_string()),
        group: None,
        ..params
    };
    let query = match crate::api::search::search_query(&params) {
        // The page shows each story by its best article only.
        Ok(query) => newsdesk_search::SearchQuery { hits_per_story: 1, ..query },
        Err(error) => {
            view.error = Some(format!("Cannot search: {}", error.message()));
            return render(&view);
        }
    };
    if query.is_empty() {
        return render(&view);
    }
    view.title = format!("{} · Search · Newsdesk", view.q.trim());
    let handle = state.search.clone();
    let run = query.clone();
    let found = handle.run_blocking(move |index| index.search_stories(&run)).await;
    let results = match found {
        Ok(Ok(results)) => results,
        failed => {
            let error =
                failed.map_or_else(|e| e.to_string(), |r| r.err().map(|e| e.to_string()).unwrap_or_default());
            tracing::warn!(%error, "search failed");
            view.error =
                Some("Search is unavailable right now (the index may need `newsdesk reindex`).".into());
            return render(&view);
        }
    };
    view.summary = if results.total_articles == 0 {
        "No matching articles.".into()
    } else {
        format!(
            "{} in {}",
            format::count(results.total_articles, "matching article", "matching articles"),
            format::count(results.total_stories, "story", "stories")
        )
    };
    view.results = results
        .stories
        .iter()
        .filter_map(|story| {
            let best = story.hits.first()?;
            Some(views::SearchResult {
                href: format!("/articles/{}", format::path_segment(&best.article_id)),
                title_html: highlight_html(&best.title_html, &best.title),
                snippet_html: highlight_html(&best.snippet_html, ""),
                outlet: best.outlet.clone(),
                date: format::day_and_time(best.published),
                datetime: crate::api::dto::rfc3339(best.published),
                story_href: story
                    .story_id
                    .as_ref()
                    .map(|id| format!("/stories/{}", format::path_segment(id))),
                more: story.matched_articles.saturating_sub(1),
            })
        })
        .collect();
    let href = |page: usize| {
        let mut parts = vec![format!("q={}", format::query_value(&view.q))];
        for (key, v) in
            [("outlet", &view.outlet), ("lang", &view.lang), ("from", &view.from), ("to", &view.to)]
        {
            if !v.is_empty() {
                parts.push(format!("{key}={}", format::query_value(v)));
            }
        }
        if page > 0 {
            parts.push(format!("offset={}", page * SEARCH_PAGE_SIZE));
        }
        format!("/search?{}", parts.join("&"))
    };
    view.prev_href = (page > 0).then(|| href(page - 1));
    view.next_href = ((page + 1) * SEARCH_PAGE_SIZE < results.total_stories).then(|| href(page + 1));
    render(&view)
}

/// The search crate's highlighted HTML (escaped text with `<b>` around matches), with `<b>` turned into
/// `<mark>`. Anything else that looks like markup means the input was not what we expect, and the plain
/// `fallback` is shown escaped instead: this string is rendered unescaped, so it is checked, not trusted.
fn highlight_html(html: &str, fallback: &str) -> String {
    // The search crate marks matches with `<mark>` (older indexes with `<b>`); anything else is not trusted.
    let marked = html
        .replace("<mark>", "\u{1}")
        .replace("</mark>", "\u{2}")
        .replace("<b>", "\u{1}")
        .replace("</b>", "\u{2}");
    if marked.contains(['<', '>', '\u{0}']) {
        return escape_html(fallback);
    }
    marked.replace('\u{1}', "<mark>").replace('\u{2}', "</mark>")
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One thread of stories: its stories oldest first, when they appeared, and the dated events they tell.
pub async fn storyline_page(State(store): State<Store>, Path(id): Path<String>) -> PageResult {
    let Some(detail) = store.storyline(&id).await? else { return not_found_page() };
    let line = detail.storyline;
    let signals = signals_of(&store, &detail.stories).await?;
    let sources = store.sources().await?;
    let cards = Cards::new(&sources);
    let stories: Vec<StoryCard> = detail.stories.iter().map(|s| cards.card(s, signals.get(&s.id))).collect();
    let times: Vec<DateTime<Utc>> = detail.stories.iter().map(|s| s.first_published).collect();
    let ids: Vec<StoryId> = detail.stories.iter().map(|s| s.id.clone()).collect();
    let span = match (line.first_published, line.last_published) {
        (Some(first), Some(last)) => format!(" · {}", format::day_span(first, last)),
        _ => String::new(),
    };
    render(&StorylinePage {
        title: format!("{} · Storyline · Newsdesk", line.name),
        section: Section::None,
        meta: format!("{}{span}", format::count(line.story_count, "story", "stories")),
        name: line.name,
        chart: chart::coverage_chart(&times, ("story", "stories")),
        legend: cards.legend(&stories),
        stories,
        timeline: timeline_lines(store.events_of_stories(&ids).await?),
    })
}

/// A person, organisation or place: the stories naming it and what it is named alongside.
pub async fn entity_page(State(store): State<Store>, Path(id): Path<String>) -> PageResult {
    let Some(entity) = store.entity(&id).await? else { return not_found_page() };
    let stories = store
        .entity_stories(&entity.id, ENTITY_STORIES)
        .await?
        .into_iter()
        .map(|s| views::EntityStoryLine {
            href: format!("/stories/{}", format::path_segment(&s.story.0)),
            note: format!(
                "{} · {}",
                format::count(s.articles as usize, "article", "articles"),
                s.last_time.map(format::day).unwrap_or_default()
            ),
            headline: s.headline,
        })
        .collect();
    let related = store
        .co_occurring_entities(&entity.id, RELATED_ENTITIES)
        .await?
        .into_iter()
        .map(|c| {
            let note =
                format!("together in {}", format::count(c.shared_articles as usize, "article", "articles"));
            entity_link(c.entity, note)
        })
        .collect();
    let mut also: Vec<String> = entity.titles.clone();
    also.extend(entity.aliases.iter().chain(&entity.variants).filter(|v| **v != entity.name).cloned());
    also.dedup();
    let kind = entity_kind(&entity.kind);
    render(&views::EntityPage {
        title: format!("{} · Newsdesk", entity.name),
        section: Section::None,
        meta: format!(
            "{kind}, named in {}",
            format::count(entity.article_count as usize, "article", "articles")
        ),
        name: entity.name,
        kind,
        also,
        stories,
        related,
    })
}

fn entity_kind(kind: &str) -> &'static str {
    match kind {
        "PER" => "person",
        "ORG" => "organisation",
        "LOC" => "place",
        _ => "other",
    }
}

fn entity_link(entity: newsdesk_store::EntitySummary, note: String) -> views::EntityLink {
    views::EntityLink {
        href: format!("/entities/{}", format::path_segment(&entity.id)),
        kind: entity_kind(&entity.kind),
        name: entity.name,
        note,
    }
}

/// Dated events, one line per date (the earliest article's telling: several outlets usually tell the same
/// event), at most `TIMELINE_MAX`, by date.
fn timeline_lines(events: Vec<newsdesk_store::StoredEvent>) -> Vec<views::TimelineLine> {
    let mut lines: Vec<views::TimelineLine> = Vec::new();
    let mut seen: Vec<(chrono::NaiveDate, String)> = Vec::new();
    let mut events = events;
    events.sort_by(|a, b| a.event.date.cmp(&b.event.date).then(a.article_time.cmp(&b.article_time)));
    for e in events {
        let key = (e.event.date, e.event.precision.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let date = match e.event.precision.as_str() {
            "year" => e.event.date.format("%Y").to_string(),
            "month" => e.event.date.format("%b %Y").to_string(),
            "week" => format!("week of {}", e.event.date.format("%-d %b %Y")),
            _ => e.event.date.format("%-d %b %Y").to_string(),
        };
        lines.push(views::TimelineLine {
            date,
            datetime: e.event.date.to_string(),
            text: one_line(&e.event.description),
            href: format!("/articles/{}", e.article),
            outlet: e.source,
        });
        if lines.len() >= TIMELINE_MAX {
            break;
        }
    }
    lines
}

/// For each article that copies an earlier article of the same story, the first article of its copy group.
/// Copies are what the duplicate detector recorded (`copy_of`) plus byte-identical texts (same content hash).
fn copy_roots(
    articles: &[Article],
    recorded: &HashMap<ArticleId, ArticleId>,
) -> HashMap<ArticleId, ArticleId> {
    let present: HashMap<&ArticleId, usize> = articles.iter().enumerate().map(|(i, a)| (&a.id, i)).collect();
    let mut first_with_hash: HashMap<u64, &ArticleId> = HashMap::new();
    let mut roots: HashMap<ArticleId, ArticleId> = HashMap::new();
    for article in articles {
        let recorded_root =
            recorded.get(&article.id).filter(|o| present.contains_key(o) && **o != article.id);
        let root = match recorded_root {
            Some(original) => Some(roots.get(original).cloned().unwrap_or_else(|| original.clone())),
            None => first_with_hash.get(&article.content_hash).map(|id| (*id).clone()),
        };
        match root {
            Some(root) if root != article.id => {
                roots.insert(article.id.clone(), root);
            }
            _ => {
                first_with_hash.entry(article.content_hash).or_insert(&article.id);
            }
        }
    }
    roots
}

pub async fn article_page(State(store): State<Store>, Path(id): Path<String>) -> PageResult {
    let Some(article) = store.article(&ArticleId(id)).await? else { return not_found_page() };
    let story = match &article.story {
        Some(story_id) => store.story(story_id).await?,
        None => None,
    };
    let siblings = match &story {
        Some(s) => store.articles(&all_articles_of(&s.id)).await?,
        None => Vec::new(),
    };
    let roots = match &story {
        Some(s) => copy_roots(&siblings, &store.story_copies(&s.id).await?),
        None => HashMap::new(),
    };
    let root_of = |id: &ArticleId| roots.get(id).cloned().unwrap_or_else(|| id.clone());
    let own_root = root_of(&article.id);
    // Other outlets first (that is what "other coverage" means), then the same outlet's other pieces.
    let mut others: Vec<&Article> = siblings.iter().filter(|a| a.id != article.id).collect();
    others.sort_by_key(|a| (a.source == article.source, a.time()));
    let other_more = others.len().saturating_sub(OTHER_COVERAGE_MAX);
    let other = others
        .into_iter()
        .take(OTHER_COVERAGE_MAX)
        .map(|a| OtherCoverage {
            href: format!("/articles/{}", a.id),
            title: a.title.clone(),
            outlet: a.source.clone(),
            date: format::day_and_time(a.time()),
            datetime: crate::api::dto::rfc3339(a.time()),
            copy: root_of(&a.id) == own_root,
        })
        .collect();
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
        other,
        other_more,
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

/// One outlet: its metadata, feed health, what it published and its latest stories.
pub async fn source_page(State(store): State<Store>, Path(name): Path<String>) -> PageResult {
    let Some(source) = store.source(&name).await? else { return not_found_page() };
    let stats = store.outlet_stats(&source.name).await?;
    let feeds = store.subscriptions().await?.into_iter().filter(|s| s.source == source.name);
    let feeds: Vec<FeedHealth> = feeds
        .map(|s| FeedHealth {
            state: if s.disabled {
                "disabled"
            } else if s.failures > 0 {
                "failing"
            } else {
                "ok"
            },
            url: s.feed_url,
            title: s.title,
            last_success: s.last_success.map_or_else(|| "never".into(), format::day_and_time),
            next_poll: if s.disabled { "—".into() } else { format::day_and_time(s.next_poll) },
            last_error: s.last_error,
            failures: s.failures,
        })
        .collect();
    let query = BrowseQuery {
        outlets: Some(vec![source.name.clone()]),
        limit: SOURCE_STORIES,
        ..BrowseQuery::default()
    };
    let stories = store.browse_stories(&query).await?;
    let signals = signals_of(&store, &stories).await?;
    let sources = store.sources().await?;
    let cards = Cards::new(&sources);
    let stories: Vec<StoryCard> = stories.iter().map(|s| cards.card(s, signals.get(&s.id))).collect();
    let span = match (stats.first, stats.last) {
        (Some(first), Some(last)) => format!(", {}", format::day_span(first, last)),
        _ => String::new(),
    };
    let row = source_row(&source);
    render(&SourcePage {
        title: format!("{} · Sources · Newsdesk", source.name),
        section: Section::Sources,
        stats: format!(
            "{} in {}{span}",
            format::count(stats.articles as usize, "article", "articles"),
            format::count(stats.stories as usize, "story", "stories")
        ),
        feeds,
        more_href: (stats.stories > u64::from(SOURCE_STORIES)).then(|| row.stories_href.clone()),
        legend: cards.legend(&stories),
        stories,
        source: row,
    })
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        STYLE_CSS,
    )
        .into_response()
}

pub async fn keys_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        KEYS_JS,
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

fn counts(story: &Story) -> String {
    format!(
        "{} · {}",
        format::count(story.article_count, "article", "articles"),
        format::count(story.outlets.len(), "outlet", "outlets")
    )
}

/// Articles (oldest first) grouped by outlet, outlets in the order they first covered the story; a copy is
/// folded under the article it copies instead of listed in its own outlet's group.
fn group_by_outlet(
    articles: &[Article],
    sources: &HashMap<String, Source>,
    copies: &HashMap<ArticleId, ArticleId>,
) -> Vec<OutletGroup> {
    let mut groups: Vec<OutletGroup> = Vec::new();
    let mut position: HashMap<&ArticleId, (usize, usize)> = HashMap::new();
    let mut folded: Vec<(&ArticleId, CopyLine)> = Vec::new();
    for article in articles {
        if let Some(root) = copies.get(&article.id) {
            let line = CopyLine {
                href: format!("/articles/{}", article.id),
                outlet: article.source.clone(),
                title: article.title.clone(),
            };
            folded.push((root, line));
            continue;
        }
        let line = ArticleLine {
            href: format!("/articles/{}", article.id),
            title: article.title.clone(),
            byline: article.byline.clone(),
            date: format::day_and_time(article.time()),
            datetime: crate::api::dto::rfc3339(article.time()),
            copies: Vec::new(),
        };
        let g = match groups.iter().position(|g| g.outlet == article.source) {
            Some(g) => g,
            None => {
                groups.push(OutletGroup {
                    outlet: article.source.clone(),
                    about: sources.get(&article.source).map(about_source).unwrap_or_default(),
                    articles: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[g].articles.push(line);
        position.insert(&article.id, (g, groups[g].articles.len() - 1));
    }
    for (root, line) in folded {
        if let Some(&(g, i)) = position.get(root) {
            groups[g].articles[i].copies.push(line);
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
        href: format!("/sources/{}", format::path_segment(&source.name)),
        stories_href: format!("/?outlet={}", format::query_value(&source.name)),
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

#[cfg(test)]
mod tests {
    use super::highlight_html;

    #[test]
    fn highlights_are_kept_and_anything_else_falls_back_to_text() {
        assert_eq!(highlight_html("a <mark>b</mark> &amp; c", "x"), "a <mark>b</mark> &amp; c");
        assert_eq!(highlight_html("<b>b</b>", "x"), "<mark>b</mark>");
        assert_eq!(highlight_html("<mark>b</mark><script>", "<t>"), "&lt;t&gt;");
    }
}
