//! Stories: the clustering state, summaries, listing.

use crate::codec::{
    decode_strings, decode_summary, decode_terms, decode_vector, encode_strings, encode_summary, from_secs,
    to_secs,
};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Story, StoryId, SummarySentence};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::collections::HashMap;

/// The saved state of the online clusterer.
#[derive(Debug, Clone, Default)]
pub struct ClusterState {
    pub doc_freq: HashMap<String, u32>,
    pub doc_count: u32,
    pub stories: Vec<StoryProfile>,
    /// The saved sentence-vector sums of those stories that have one (`OnlineClusterer::story_vector`).
    pub vectors: Vec<(StoryId, Vec<f32>)>,
}

/// Filters for listing stories.
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    pub limit: u32,
    pub offset: u32,
    /// Only stories covered by this outlet.
    pub source: Option<String>,
}

pub(crate) const STORY_COLUMNS: &str = "id, headline, summary, outlets, article_count, first_time, last_time";

impl Store {
    /// Load the clustering state: all document frequencies, and the stories still open at `since` (whose
    /// latest article is not older than it).
    pub async fn cluster_state(&self, since: DateTime<Utc>) -> Result<ClusterState> {
        let doc_count: i64 = sqlx::query_scalar("SELECT value FROM counters WHERE name = 'doc_count'")
            .fetch_one(self.pool())
            .await?;
        let df_rows = sqlx::query("SELECT term, df FROM term_df").fetch_all(self.pool()).await?;
        let doc_freq =
            df_rows.iter().map(|r| (r.get::<String, _>("term"), r.get::<i64, _>("df") as u32)).collect();
        let rows = sqlx::query(
            "SELECT id, terms, article_count, first_time, last_time, vector FROM stories WHERE last_time >= $1",
        )
        .bind(to_secs(since))
        .fetch_all(self.pool())
        .await?;
        let stories = rows
            .iter()
            .map(|r| {
                Ok(StoryProfile {
                    id: StoryId(r.get("id")),
                    terms: decode_terms(r.get("terms"))?,
                    size: r.get::<i64, _>("article_count") as u32,
                    first: r.get::<Option<i64>, _>("first_time").map(from_secs),
                    last: r.get::<Option<i64>, _>("last_time").map(from_secs),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let vectors = rows
            .iter()
            .filter_map(|r| {
                let blob = r.get::<Option<Vec<u8>>, _>("vector")?;
                Some(decode_vector(&blob).map(|v| (StoryId(r.get("id")), v)))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ClusterState { doc_freq, doc_count: doc_count as u32, stories, vectors })
    }

    /// Stories whose articles changed since their summary was made.
    pub async fn dirty_stories(&self) -> Result<Vec<StoryId>> {
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM stories WHERE dirty = 1 ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        Ok(ids.into_iter().map(StoryId).collect())
    }

    /// Save a story's summary, headline and outlets and mark it clean.
    pub async fn save_story_summary(
        &self,
        id: &StoryId,
        headline: &str,
        summary: &[SummarySentence],
        outlets: &[String],
    ) -> Result<()> {
        sqlx::query("UPDATE stories SET headline = $2, summary = $3, outlets = $4, dirty = 0 WHERE id = $1")
            .bind(&id.0)
            .bind(headline)
            .bind(encode_summary(summary))
            .bind(encode_strings(outlets))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn story(&self, id: &StoryId) -> Result<Option<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&id.0).fetch_optional(self.pool()).await?;
        row.as_ref().map(story_from_row).transpose()
    }

    /// Stories, most recently updated first; among equally recent ones, the most covered first.
    pub async fn stories(&self, query: &StoryQuery) -> Result<Vec<Story>> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories
             WHERE ($1 IS NULL OR id IN (SELECT story_id FROM articles WHERE source = $1))
             ORDER BY last_time DESC, article_count DESC, id ASC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query.source.as_deref())
            .bind(i64::from(query.limit))
            .bind(i64::from(query.offset))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(story_from_row).collect()
    }

    pub async fn story_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM stories").fetch_one(self.pool()).await?)
    }
}

pub(crate) fn story_from_row(row: &SqliteRow) -> Result<Story> {
    let first = row.get::<Option<i64>, _>("first_time").map(from_secs).unwrap_or_default();
    Ok(Story {
        id: StoryId(row.get("id")),
        headline: row.get("headline"),
        summary: decode_summary(row.get("summary"))?,
        article_count: row.get::<i64, _>("article_count") as usize,
        outlets: decode_strings(row.get("outlets"))?,
        first_published: first,
        last_published: row.get::<Option<i64>, _>("last_time").map_or(first, from_secs),
    })
}
