//! Materialised story pages (migration 0008): the rendered page of each story with the revision it was
//! rendered from, so the hot story page is one indexed single-row read.
//!
//! Triggers keep `revision` counting every change to what a story page shows; the server's materialiser
//! finds pages that are not current (`story_pages_due`), renders them from the store and saves them with the
//! revision it started from (`save_story_page`). A page is current when `built == revision` and it was
//! rendered by the running renderer (`built_with`). The store knows nothing of HTML: it keeps text.

use crate::{Result, Store};
use newsdesk_model::StoryId;
use sqlx::Row;

/// A story's stored page and what the page needs beside it, read in one query.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStoryPage {
    /// Changes counted so far for this story.
    pub revision: i64,
    /// The revision `html` was rendered from.
    pub built: i64,
    /// Which renderer made `html`.
    pub built_with: Option<String>,
    pub html: Option<String>,
    /// The story's storyline (id, name, stories in it): not part of `html`, since storylines are rebuilt
    /// wholesale after each import.
    pub storyline: Option<(String, String, usize)>,
}

impl StoredStoryPage {
    /// The stored HTML if it is current for `renderer`.
    pub fn current(&self, renderer: &str) -> Option<&str> {
        (self.built == self.revision && self.built_with.as_deref() == Some(renderer))
            .then_some(self.html.as_deref())
            .flatten()
    }
}

impl Store {
    /// The stored page of a story with its storyline; `None` when the story does not exist (or was merged
    /// away: `resolve_story` says where).
    pub async fn story_page(&self, id: &StoryId) -> Result<Option<StoredStoryPage>> {
        let row = sqlx::query(
            "SELECT p.revision, p.built, p.built_with, p.html, l.id AS line_id, l.name AS line_name,
                    l.story_count AS line_count
             FROM story_pages p
             LEFT JOIN storyline_stories ls ON ls.story_id = p.story_id
             LEFT JOIN storylines l ON l.id = ls.storyline_id
             WHERE p.story_id = $1",
        )
        .bind(&id.0)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| StoredStoryPage {
            revision: r.get("revision"),
            built: r.get("built"),
            built_with: r.get("built_with"),
            html: r.get("html"),
            storyline: r.get::<Option<String>, _>("line_id").map(|line| {
                (line, r.get("line_name"), r.get::<Option<i64>, _>("line_count").unwrap_or(0) as usize)
            }),
        }))
    }

    /// Up to `limit` stories whose page is not current, with the revision to render: stories still waiting
    /// to be re-summarised (`dirty`) are left until they are, since that changes their page again.
    pub async fn story_pages_due(&self, limit: u32) -> Result<Vec<(StoryId, i64)>> {
        let rows = sqlx::query(
            "SELECT p.story_id, p.revision FROM story_pages p JOIN stories s ON s.id = p.story_id
             WHERE p.built != p.revision AND s.dirty = 0 LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (StoryId(r.get("story_id")), r.get("revision"))).collect())
    }

    /// Store a story's page rendered from `revision` by `renderer`. If the story changed meanwhile, the page
    /// stays not current (its `built` is behind) and is rendered again.
    pub async fn save_story_page(
        &self,
        id: &StoryId,
        revision: i64,
        renderer: &str,
        html: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE story_pages SET built = $2, built_with = $3, html = $4 WHERE story_id = $1")
            .bind(&id.0)
            .bind(revision)
            .bind(renderer)
            .bind(html)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Queue every page made by another renderer (another build's templates) for rendering again; returns
    /// how many.
    pub async fn requeue_story_pages(&self, renderer: &str) -> Result<u64> {
        let done = sqlx::query("UPDATE story_pages SET built = 0 WHERE built != 0 AND built_with IS NOT $1")
            .bind(renderer)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
