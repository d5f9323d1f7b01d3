//! Read queries behind the web pages' filters and ranking: stories filtered by outlets, language and date
//! range (newest first, for the caller to re-rank a window of), recent growth per story, copy links and
//! per-outlet statistics. Each is one indexed query; the pages compose a handful of them.

use crate::codec::{encode_strings, from_secs, to_secs};
use crate::stories::{STORY_COLUMNS, story_from_row};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use newsdesk_model::{ArticleId, Story, StoryId};
use sqlx::Row;
use std::collections::HashMap;

/// Filters for browsing stories. Empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct BrowseQuery {
    /// Only stories covered by at least one of these outlets (`None`: any outlet).
    pub outlets: Option<Vec<String>>,
    /// Only stories with at least one article in this language.
    pub language: Option<String>,
    /// Only stories with coverage on or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only stories whose coverage began before this instant.
    pub to: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

/// A story's ranking inputs beyond what [`Story`] carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StorySignals {
    /// Independent sources as the duplicate detector counts them (copies of one text once); 0 when unknown.
    pub independent_sources: u32,
    /// Articles whose time is at or after the `since` instant passed to [`Store::story_signals`].
    pub recent_articles: u32,
}

/// How much an outlet has published, for its source page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutletStats {
    pub articles: u64,
    pub stories: u64,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

/// The filters of a browse query as SQL over `stories`, naming only the filters set (`$1..$4` as in
/// `bind_filters`). A condition written once for all cases (`$1 IS NULL OR ...`) is planned without knowing
/// which are set, so even the unfiltered count read every story row (the clustering profiles included):
/// 20-50 ms per front page render at 100k articles, against ~2 ms for a plain count.
fn filters(query: &BrowseQuery) -> String {
    let mut clauses = vec!["1".to_string()];
    if query.outlets.is_some() {
        clauses.push(
            "id IN (SELECT story_id FROM articles WHERE source IN (SELECT value FROM json_each($1)))".into(),
        );
    }
    if query.language.is_some() {
        clauses.push("id IN (SELECT story_id FROM articles WHERE language = $2)".into());
    }
    if query.from.is_some() {
        clauses.push("last_time >= $3".into());
    }
    if query.to.is_some() {
        clauses.push("first_time < $4".into());
    }
    // Parameters of filters not set are still bound: mention them where they cost nothing.
    clauses
        .push("($1 IS NULL OR 1) AND ($2 IS NULL OR 1) AND ($3 IS NULL OR 1) AND ($4 IS NULL OR 1)".into());
    clauses.join(" AND ")
}

impl Store {
    /// Stories matching `query`, most recently updated first (ties: most covered first).
    pub async fn browse_stories(&self, query: &BrowseQuery) -> Result<Vec<Story>> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE {}
             ORDER BY last_time DESC, article_count DESC, id ASC LIMIT $5 OFFSET $6",
            filters(query)
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query.outlets.as_deref().map(encode_strings))
            .bind(query.language.as_deref())
            .bind(query.from.map(to_secs))
            .bind(query.to.map(to_secs))
            .bind(i64::from(query.limit))
            .bind(i64::from(query.offset))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(story_from_row).collect()
    }

    /// How many stories match `query` (limit and offset ignored).
    pub async fn browse_count(&self, query: &BrowseQuery) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM stories WHERE {}", filters(query));
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(query.outlets.as_deref().map(encode_strings))
            .bind(query.language.as_deref())
            .bind(query.from.map(to_secs))
            .bind(query.to.map(to_secs))
            .fetch_one(self.pool())
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Ranking signals of the given stories: independent sources and articles since `since` (one query over
    /// the `(story_id, sort_time)` index).
    pub async fn story_signals(
        &self,
        ids: &[StoryId],
        since: DateTime<Utc>,
    ) -> Result<HashMap<StoryId, StorySignals>> {
        let ids_json = encode_strings(&ids.iter().map(|i| i.0.clone()).collect::<Vec<_>>());
        let rows = sqlx::query(
            "SELECT s.id, s.independent_sources,
                    (SELECT count(*) FROM articles a WHERE a.story_id = s.id AND a.sort_time >= $2) AS recent
             FROM stories s WHERE s.id IN (SELECT value FROM json_each($1))",
        )
        .bind(ids_json)
        .bind(to_secs(since))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let signals = StorySignals {
                    independent_sources: u32::try_from(r.get::<i64, _>("independent_sources")).unwrap_or(0),
                    recent_articles: u32::try_from(r.get::<i64, _>("recent")).unwrap_or(0),
                };
                (StoryId(r.get("id")), signals)
            })
            .collect())
    }

    /// For the articles of a story: which earlier article each one copies (`copy_of`), when the duplicate
    /// detector found one.
    pub async fn story_copies(&self, story: &StoryId) -> Result<HashMap<ArticleId, ArticleId>> {
        let rows =
            sqlx::query("SELECT id, copy_of FROM articles WHERE story_id = $1 AND copy_of IS NOT NULL")
                .bind(&story.0)
                .fetch_all(self.pool())
                .await?;
        Ok(rows.iter().map(|r| (ArticleId(r.get("id")), ArticleId(r.get("copy_of")))).collect())
    }

    /// Articles, stories and the time span an outlet covers.
    pub async fn outlet_stats(&self, outlet: &str) -> Result<OutletStats> {
        let row = sqlx::query(
            "SELECT count(*) AS articles, count(DISTINCT story_id) AS stories,
                    min(sort_time) AS first, max(sort_time) AS last
             FROM articles WHERE source = $1",
        )
        .bind(outlet)
        .fetch_one(self.pool())
        .await?;
        Ok(OutletStats {
            articles: u64::try_from(row.get::<i64, _>("articles")).unwrap_or(0),
            stories: u64::try_from(row.get::<i64, _>("stories")).unwrap_or(0),
            first: row.get::<Option<i64>, _>("first").map(from_secs),
            last: row.get::<Option<i64>, _>("last").map(from_secs),
        })
    }
}
