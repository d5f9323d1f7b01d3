//! Saved searches: a name and the search-box text, listed in the API and served as Atom feeds.

use crate::codec::{from_secs, to_secs};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearch {
    pub id: String,
    pub name: String,
    /// Search-box text, filters included (`outlet:"VBC News" strike`).
    pub query: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Save a search; the id is derived from name and query, so saving the same search twice keeps one.
    pub async fn save_search(&self, name: &str, query: &str, now: DateTime<Utc>) -> Result<SavedSearch> {
        let id = format!("q{}", newsdesk_text::short_hash(&format!("{name}\u{1f}{query}")));
        sqlx::query(
            "INSERT INTO saved_searches (id, name, query, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(name)
        .bind(query)
        .bind(to_secs(now))
        .execute(self.pool())
        .await?;
        self.saved_search(&id).await?.ok_or_else(|| crate::Error::NotFound(id))
    }

    pub async fn saved_search(&self, id: &str) -> Result<Option<SavedSearch>> {
        let row = sqlx::query("SELECT id, name, query, created_at FROM saved_searches WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(saved_from_row))
    }

    /// All saved searches, oldest first.
    pub async fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let rows =
            sqlx::query("SELECT id, name, query, created_at FROM saved_searches ORDER BY created_at, id")
                .fetch_all(self.pool())
                .await?;
        Ok(rows.iter().map(saved_from_row).collect())
    }

    /// Delete a saved search; false when there was none.
    pub async fn delete_saved_search(&self, id: &str) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM saved_searches WHERE id = $1").bind(id).execute(self.pool()).await?;
        Ok(done.rows_affected() > 0)
    }
}

fn saved_from_row(row: &SqliteRow) -> SavedSearch {
    SavedSearch {
        id: row.get("id"),
        name: row.get("name"),
        query: row.get("query"),
        created_at: from_secs(row.get("created_at")),
    }
}
