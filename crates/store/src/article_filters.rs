//! Articles filtered the way the API lists them: by story, outlets, language and time range.

use crate::articles::{ARTICLE_COLUMNS, article_from_row};
use crate::codec::{encode_strings, to_secs};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use newsdesk_model::{Article, StoryId};

/// Filters for listing articles; empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub story: Option<StoryId>,
    /// Only articles from one of these outlets (`Some(vec![])` matches nothing).
    pub outlets: Option<Vec<String>>,
    pub language: Option<String>,
    /// Only articles whose time is at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only articles whose time is before this instant.
    pub to: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

const FILTERS: &str = "($1 IS NULL OR story_id = $1)
    AND ($2 IS NULL OR source IN (SELECT value FROM json_each($2)))
    AND ($3 IS NULL OR language = $3)
    AND ($4 IS NULL OR sort_time >= $4)
    AND ($5 IS NULL OR sort_time < $5)";

impl Store {
    /// Articles matching `filter`: newest first, or oldest first within one story.
    pub async fn filter_articles(&self, filter: &ArticleFilter) -> Result<Vec<Article>> {
        let order = if filter.story.is_some() { "sort_time ASC, id ASC" } else { "sort_time DESC, id ASC" };
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE {FILTERS} ORDER BY {order} LIMIT $6 OFFSET $7"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(filter.story.as_ref().map(|s| s.0.as_str()))
            .bind(filter.outlets.as_deref().map(encode_strings))
            .bind(filter.language.as_deref())
            .bind(filter.from.map(to_secs))
            .bind(filter.to.map(to_secs))
            .bind(i64::from(filter.limit))
            .bind(i64::from(filter.offset))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(article_from_row).collect()
    }

    /// How many articles match `filter` (limit and offset ignored).
    pub async fn filter_articles_count(&self, filter: &ArticleFilter) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM articles WHERE {}{FILTERS}", index_hint(filter));
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(filter.story.as_ref().map(|s| s.0.as_str()))
            .bind(filter.outlets.as_deref().map(encode_strings))
            .bind(filter.language.as_deref())
            .bind(filter.from.map(to_secs))
            .bind(filter.to.map(to_secs))
            .fetch_one(self.pool())
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// A plain `story_id = $1` term when a story is given: the `$1 IS NULL OR ...` form alone keeps SQLite from
/// using the (story_id, sort_time) index.
fn index_hint(filter: &ArticleFilter) -> &'static str {
    if filter.story.is_some() { "story_id = $1 AND " } else { "" }
}
