//! Sources as subscriptions: feed URLs with cache validators, health (last error, failure count), schedule
//! (next poll, interval) and a disabled flag; plus the extra identity keys fetched articles are found by.

use crate::codec::{from_secs, to_secs};
use crate::{ExistingArticle, Result, Store};
use chrono::{DateTime, Utc};
use newsdesk_model::{ArticleId, StoryId};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// A feed to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub feed_url: String,
    /// The outlet's name (the `sources` row); created if missing.
    pub source: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
}

/// A subscription with its polling state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub feed_url: String,
    pub source: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub category: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Why the last poll failed (cleared by a success); for a disabled feed, why it was disabled.
    pub last_error: Option<String>,
    /// Consecutive failed polls.
    pub failures: u32,
    pub last_fetched: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    pub next_poll: DateTime<Utc>,
    pub interval_secs: i64,
    pub disabled: bool,
    /// The feed's `<skipHours>` (UTC hours) as of its last full poll.
    pub skip_hours: Vec<u32>,
}

/// What a successful poll (200 or 304) records.
#[derive(Debug, Clone, Default)]
pub struct PollSuccess {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub interval_secs: i64,
    /// The feed's `<skipHours>` when the poll read a body; `None` (a 304) keeps the stored ones.
    pub skip_hours: Option<Vec<u32>>,
}

/// What a failed poll records.
#[derive(Debug, Clone)]
pub struct PollFailure {
    pub error: String,
    /// Stop polling (410 Gone).
    pub disable: bool,
}

const COLUMNS: &str = "feed_url, source, title, site_url, category, etag, last_modified, last_error, failures, last_fetched, last_success, next_poll, interval_secs, disabled, skip_hours";

impl Store {
    /// Subscribe (creating the outlet if needed). Returns false if the feed URL was already subscribed.
    pub async fn add_subscription(&self, new: &NewSubscription, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO sources (name, homepage) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET homepage = coalesce(sources.homepage, excluded.homepage)",
        )
        .bind(&new.source)
        .bind(&new.site_url)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO subscriptions (feed_url, source, title, site_url, category, next_poll, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (feed_url) DO NOTHING",
        )
        .bind(&new.feed_url)
        .bind(&new.source)
        .bind(&new.title)
        .bind(&new.site_url)
        .bind(&new.category)
        .bind(to_secs(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(inserted == 1)
    }

    /// Every subscription, by outlet then URL.
    pub async fn subscriptions(&self) -> Result<Vec<Subscription>> {
        let sql = format!("SELECT {COLUMNS} FROM subscriptions ORDER BY source, feed_url");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(subscription_from_row).collect())
    }

    pub async fn subscription(&self, feed_url: &str) -> Result<Option<Subscription>> {
        let sql = format!("SELECT {COLUMNS} FROM subscriptions WHERE feed_url = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(feed_url).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(subscription_from_row))
    }

    /// Enabled subscriptions due at `now`, most overdue first.
    pub async fn due_subscriptions(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<Subscription>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM subscriptions WHERE disabled = 0 AND next_poll <= $1 ORDER BY next_poll, feed_url LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to_secs(now))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(subscription_from_row).collect())
    }

    /// Record a successful poll: validators, metadata learned from the feed, next poll time; health reset.
    pub async fn record_poll_success(
        &self,
        feed_url: &str,
        ok: &PollSuccess,
        now: DateTime<Utc>,
        next_poll: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE subscriptions SET etag = $2, last_modified = $3, title = coalesce($4, title),
                 site_url = coalesce(site_url, $5), interval_secs = $6, last_error = NULL, failures = 0,
                 last_fetched = $7, last_success = $7, next_poll = $8, skip_hours = coalesce($9, skip_hours)
             WHERE feed_url = $1",
        )
        .bind(feed_url)
        .bind(&ok.etag)
        .bind(&ok.last_modified)
        .bind(&ok.title)
        .bind(&ok.site_url)
        .bind(ok.interval_secs)
        .bind(to_secs(now))
        .bind(to_secs(next_poll))
        .bind(ok.skip_hours.as_ref().map(|h| h.iter().map(u32::to_string).collect::<Vec<_>>().join(",")))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Record a failed poll: the reason, one more failure, when to try again (or never: disabled).
    pub async fn record_poll_failure(
        &self,
        feed_url: &str,
        failure: &PollFailure,
        now: DateTime<Utc>,
        next_poll: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE subscriptions SET last_error = $2, failures = failures + 1, last_fetched = $3, next_poll = $4,
                 disabled = (disabled OR $5)
             WHERE feed_url = $1",
        )
        .bind(feed_url)
        .bind(&failure.error)
        .bind(to_secs(now))
        .bind(to_secs(next_poll))
        .bind(failure.disable)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A feed moved permanently (301/308): store the new URL. If the new URL is already subscribed, the old
    /// row is dropped instead. Returns the URL now in use.
    pub async fn move_subscription(&self, old_url: &str, new_url: &str) -> Result<String> {
        let mut tx = self.pool().begin().await?;
        let taken: Option<String> =
            sqlx::query_scalar("SELECT feed_url FROM subscriptions WHERE feed_url = $1")
                .bind(new_url)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            sqlx::query("DELETE FROM subscriptions WHERE feed_url = $1")
                .bind(old_url)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query("UPDATE subscriptions SET feed_url = $2 WHERE feed_url = $1")
                .bind(old_url)
                .bind(new_url)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(new_url.to_string())
    }

    /// Re-enable a disabled subscription and make it due now.
    pub async fn enable_subscription(&self, feed_url: &str, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE subscriptions SET disabled = 0, failures = 0, last_error = NULL, next_poll = $2 WHERE feed_url = $1",
        )
        .bind(feed_url)
        .bind(to_secs(now))
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    // ---- extra identity keys of fetched articles ----

    /// Remember more keys (e.g. `guid:<feed>|<guid>`) for an article. Keys already taken keep their article.
    pub async fn add_article_keys(&self, article: &ArticleId, keys: &[String]) -> Result<()> {
        for key in keys {
            sqlx::query(
                "INSERT INTO article_keys (key, article_id) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(&article.0)
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// The article known under any of these keys: its identity key, an extra key, in that order.
    pub async fn find_by_any_key(&self, keys: &[String]) -> Result<Option<ExistingArticle>> {
        for key in keys {
            if let Some(found) = self.find_by_identity(key).await? {
                return Ok(Some(found));
            }
            let row = sqlx::query(
                "SELECT a.id, a.content_hash, a.story_id FROM article_keys k JOIN articles a ON a.id = k.article_id
                 WHERE k.key = $1",
            )
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
            if let Some(r) = row {
                return Ok(Some(existing_from_row(&r)));
            }
        }
        Ok(None)
    }

    /// An article with exactly this text (content hash), if any: the same story re-published under a new
    /// URL and GUID.
    pub async fn find_by_content_hash(&self, hash: u64) -> Result<Option<ExistingArticle>> {
        let row =
            sqlx::query("SELECT id, content_hash, story_id FROM articles WHERE content_hash = $1 LIMIT 1")
                .bind(hash as i64)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.as_ref().map(existing_from_row))
    }
}

fn existing_from_row(r: &SqliteRow) -> ExistingArticle {
    ExistingArticle {
        id: ArticleId(r.get("id")),
        content_hash: r.get::<i64, _>("content_hash") as u64,
        story: r.get::<Option<String>, _>("story_id").map(StoryId),
    }
}

fn subscription_from_row(row: &SqliteRow) -> Subscription {
    Subscription {
        feed_url: row.get("feed_url"),
        source: row.get("source"),
        title: row.get("title"),
        site_url: row.get("site_url"),
        category: row.get("category"),
        etag: row.get("etag"),
        last_modified: row.get("last_modified"),
        last_error: row.get("last_error"),
        failures: row.get::<i64, _>("failures").clamp(0, i64::from(u32::MAX)) as u32,
        last_fetched: row.get::<Option<i64>, _>("last_fetched").map(from_secs),
        last_success: row.get::<Option<i64>, _>("last_success").map(from_secs),
        next_poll: from_secs(row.get("next_poll")),
        interval_secs: row.get("interval_secs"),
        disabled: row.get::<i64, _>("disabled") != 0,
        skip_hours: row
            .get::<String, _>("skip_hours")
            .split(',')
            .filter_map(|h| h.trim().parse().ok())
            .collect(),
    }
}
