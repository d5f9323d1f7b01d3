//! Near-duplicate links, story merges (with redirects) and storylines: what issue 5 adds to stories.
//!
//! Query methods for pages and the API:
//! - `storylines(&StorylineQuery) -> Vec<StorylineSummary>`: threads, most recently active first;
//! - `storyline(id) -> Option<StorylineDetail>`: one thread with its stories, oldest first;
//! - `storyline_of(&StoryId) -> Option<StorylineSummary>`: the thread a story belongs to;
//! - `resolve_story(&StoryId) -> Option<StoryId>`: where a merged story id now lives (None: not merged);
//! - `story_provenance(&StoryId) -> StoryProvenance`: independent sources, wires, copies.
//!
//! Writes: `replace_storylines` (after each import), `save_story_provenance`, and merges/fingerprints with
//! the article insert (`Store::insert_clustered_article_linked`, one transaction).

use crate::codec::{decode_strings, encode_strings, from_secs, to_secs};
use crate::stories::{STORY_COLUMNS, story_from_row};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use newsdesk_cluster::Storyline;
use newsdesk_model::{ArticleId, Story, StoryId};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// What the near-duplicate index and merge step decided for one article, stored with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleLinks {
    /// MinHash fingerprint (`dedup::Fingerprint::to_stored`), when the text was long enough.
    pub fingerprint: Option<Vec<u32>>,
    /// The earliest article of the copy group this article's text belongs to.
    pub copy_of: Option<ArticleId>,
    /// Wire agency credited in the text ("Reuters"), when recognisable.
    pub wire: Option<String>,
    /// Stories this article bridged into its own story: they are merged into it and their ids redirect.
    pub merged: Vec<StoryId>,
}

/// Filters for listing storylines.
#[derive(Debug, Clone, Default)]
pub struct StorylineQuery {
    pub limit: u32,
    pub offset: u32,
    /// Only threads of at least this many stories (0 and 1 list every thread).
    pub min_stories: u32,
}

/// A storyline as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineSummary {
    /// The id of its earliest story.
    pub id: String,
    /// Readable name from its most characteristic names ("Valdoria · Kestrania · Northern Isles").
    pub name: String,
    pub story_count: usize,
    pub first_published: Option<DateTime<Utc>>,
    pub last_published: Option<DateTime<Utc>>,
}

/// A storyline with its stories, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineDetail {
    pub storyline: StorylineSummary,
    pub stories: Vec<Story>,
}

/// Where a story's coverage comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryProvenance {
    /// Independent sources: copies of one wire text count once, other articles once per outlet.
    pub independent_sources: usize,
    /// Wire agencies credited by its articles, sorted.
    pub wires: Vec<String>,
    /// Articles whose text is a near-copy of an earlier one: (copy, original).
    pub copies: Vec<(ArticleId, ArticleId)>,
}

/// A recorded merge.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryMerge {
    pub old_id: StoryId,
    pub into_id: StoryId,
    pub bridge_article: Option<ArticleId>,
    pub merged_at: DateTime<Utc>,
}

const STORYLINE_COLUMNS: &str = "id, name, story_count, first_time, last_time";

impl Store {
    /// Replace every stored storyline with `lines` (stories that no longer exist are skipped).
    pub async fn replace_storylines(&self, lines: &[Storyline]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM storyline_stories").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM storylines").execute(&mut *tx).await?;
        for line in lines {
            for (position, story) in line.stories.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO storyline_stories (story_id, storyline_id, position) VALUES ($1, $2, $3)",
                )
                .bind(&story.0)
                .bind(&line.id.0)
                .bind(position as i64)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO storylines (id, name, story_count, first_time, last_time)
                 SELECT $1, $2, count(*), min(s.first_time), max(s.last_time)
                 FROM storyline_stories l JOIN stories s ON s.id = l.story_id WHERE l.storyline_id = $1",
            )
            .bind(&line.id.0)
            .bind(&line.name)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Storylines, most recently active first; among equally recent ones, the longest first.
    pub async fn storylines(&self, query: &StorylineQuery) -> Result<Vec<StorylineSummary>> {
        let sql = format!(
            "SELECT {STORYLINE_COLUMNS} FROM storylines WHERE story_count >= $1
             ORDER BY last_time DESC, story_count DESC, id ASC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(i64::from(query.min_stories))
            .bind(i64::from(query.limit))
            .bind(i64::from(query.offset))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(storyline_from_row).collect())
    }

    /// Number of storylines with at least `min_stories` stories.
    pub async fn storyline_count(&self, min_stories: u32) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM storylines WHERE story_count >= $1")
            .bind(i64::from(min_stories))
            .fetch_one(self.pool())
            .await?)
    }

    /// One storyline and its stories, oldest first.
    pub async fn storyline(&self, id: &str) -> Result<Option<StorylineDetail>> {
        let sql = format!("SELECT {STORYLINE_COLUMNS} FROM storylines WHERE id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(self.pool()).await?
        else {
            return Ok(None);
        };
        let storyline = storyline_from_row(&row);
        let columns = STORY_COLUMNS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns} FROM storyline_stories l JOIN stories s ON s.id = l.story_id
             WHERE l.storyline_id = $1 ORDER BY l.position"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(self.pool()).await?;
        let stories = rows.iter().map(story_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Some(StorylineDetail { storyline, stories }))
    }

    /// The storyline a story belongs to.
    pub async fn storyline_of(&self, story: &StoryId) -> Result<Option<StorylineSummary>> {
        let columns = STORYLINE_COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns} FROM storyline_stories l JOIN storylines t ON t.id = l.storyline_id
             WHERE l.story_id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&story.0).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(storyline_from_row))
    }

    /// Where a merged story's articles now are: `Some(target)` when `id` was merged away (following later
    /// merges of the target), `None` when it was never merged.
    pub async fn resolve_story(&self, id: &StoryId) -> Result<Option<StoryId>> {
        let into: Option<String> = sqlx::query_scalar("SELECT into_id FROM story_merges WHERE old_id = $1")
            .bind(&id.0)
            .fetch_optional(self.pool())
            .await?;
        // Merges are recorded flattened (an old id always points at a live story), see `record_merge`.
        Ok(into.map(StoryId))
    }

    /// Stories merged into `id`.
    pub async fn story_merges_into(&self, id: &StoryId) -> Result<Vec<StoryMerge>> {
        let rows = sqlx::query(
            "SELECT old_id, into_id, bridge_article, merged_at FROM story_merges WHERE into_id = $1 ORDER BY old_id",
        )
        .bind(&id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| StoryMerge {
                old_id: StoryId(r.get("old_id")),
                into_id: StoryId(r.get("into_id")),
                bridge_article: r.get::<Option<String>, _>("bridge_article").map(ArticleId),
                merged_at: from_secs(r.get("merged_at")),
            })
            .collect())
    }

    /// Independent sources, wires and copies of a story (as last saved by `save_story_provenance` and
    /// the stored copy links).
    pub async fn story_provenance(&self, id: &StoryId) -> Result<StoryProvenance> {
        let row = sqlx::query("SELECT independent_sources, wires FROM stories WHERE id = $1")
            .bind(&id.0)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(StoryProvenance::default()) };
        let copies = sqlx::query(
            "SELECT id, copy_of FROM articles WHERE story_id = $1 AND copy_of IS NOT NULL ORDER BY sort_time, id",
        )
        .bind(&id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| (ArticleId(r.get("id")), ArticleId(r.get("copy_of"))))
        .collect();
        Ok(StoryProvenance {
            independent_sources: row.get::<i64, _>("independent_sources") as usize,
            wires: decode_strings(row.get("wires"))?,
            copies,
        })
    }

    /// The (outlet, copy group, wire) of each article of a story, for counting independent sources.
    pub async fn story_source_items(
        &self,
        id: &StoryId,
    ) -> Result<Vec<(String, Option<ArticleId>, Option<String>)>> {
        // An original that others copied belongs to its own copy group.
        let rows = sqlx::query(
            "SELECT source, wire, COALESCE(copy_of,
                 CASE WHEN EXISTS (SELECT 1 FROM articles c WHERE c.copy_of = a.id) THEN a.id END) AS copy_of
             FROM articles a WHERE story_id = $1 ORDER BY sort_time, id",
        )
        .bind(&id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("source"), r.get::<Option<String>, _>("copy_of").map(ArticleId), r.get("wire")))
            .collect())
    }

    /// Save a story's independent-source count and wires.
    pub async fn save_story_provenance(
        &self,
        id: &StoryId,
        independent: usize,
        wires: &[String],
    ) -> Result<()> {
        sqlx::query("UPDATE stories SET independent_sources = $2, wires = $3 WHERE id = $1")
            .bind(&id.0)
            .bind(independent as i64)
            .bind(encode_strings(wires))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Fingerprints of articles at or after `since` with their copy group, oldest first (to rebuild the
    /// near-duplicate index).
    #[allow(clippy::type_complexity)]
    pub async fn fingerprints_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(ArticleId, DateTime<Utc>, Vec<u32>, Option<ArticleId>)>> {
        let rows = sqlx::query(
            "SELECT id, sort_time, fingerprint, copy_of FROM articles WHERE sort_time >= $1 AND fingerprint IS NOT NULL
             ORDER BY sort_time, id",
        )
        .bind(to_secs(since))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let bytes: Vec<u8> = r.get("fingerprint");
                (
                    ArticleId(r.get("id")),
                    from_secs(r.get("sort_time")),
                    decode_fingerprint(&bytes),
                    r.get::<Option<String>, _>("copy_of").map(ArticleId),
                )
            })
            .collect())
    }
}

/// Apply an article's links inside its insert transaction: fingerprint columns, then merges.
pub(crate) async fn write_links(
    tx: &mut sqlx::SqliteConnection,
    article: &ArticleId,
    article_time: DateTime<Utc>,
    story: &StoryId,
    links: &ArticleLinks,
) -> Result<()> {
    sqlx::query("UPDATE articles SET fingerprint = $2, copy_of = $3, wire = $4 WHERE id = $1")
        .bind(&article.0)
        .bind(links.fingerprint.as_deref().map(encode_fingerprint))
        .bind(links.copy_of.as_ref().map(|a| a.0.as_str()))
        .bind(links.wire.as_deref())
        .execute(&mut *tx)
        .await?;
    for old in links.merged.iter().filter(|old| *old != story) {
        sqlx::query("UPDATE articles SET story_id = $2 WHERE story_id = $1")
            .bind(&old.0)
            .bind(&story.0)
            .execute(&mut *tx)
            .await?;
        // Flattened: ids that pointed at the absorbed story now point at the surviving one.
        sqlx::query("UPDATE story_merges SET into_id = $2 WHERE into_id = $1")
            .bind(&old.0)
            .bind(&story.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO story_merges (old_id, into_id, bridge_article, merged_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (old_id) DO UPDATE SET into_id = excluded.into_id",
        )
        .bind(&old.0)
        .bind(&story.0)
        .bind(&article.0)
        .bind(to_secs(article_time))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM stories WHERE id = $1").bind(&old.0).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM storyline_stories WHERE story_id = $1")
            .bind(&old.0)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

fn encode_fingerprint(hashes: &[u32]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.to_le_bytes()).collect()
}

fn decode_fingerprint(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn storyline_from_row(row: &SqliteRow) -> StorylineSummary {
    StorylineSummary {
        id: row.get("id"),
        name: row.get("name"),
        story_count: row.get::<i64, _>("story_count") as usize,
        first_published: row.get::<Option<i64>, _>("first_time").map(from_secs),
        last_published: row.get::<Option<i64>, _>("last_time").map(from_secs),
    }
}
