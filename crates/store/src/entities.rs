//! Entities and dated events per article (written with the article, in its transaction), canonical entities
//! across the store, and the queries entity pages and timelines need.
//!
//! The store keeps plain values (kinds as "PER"/"ORG"/"LOC"/"MISC", precisions as "day"/"week"/"month"/
//! "year"), so it does not depend on the enrichment crate; the pipeline converts.

use crate::codec::{decode_strings, encode_strings, from_secs};
use crate::{Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use newsdesk_model::{ArticleId, StoryId};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// What enrichment found in one article, ready to store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleEnrichment {
    pub entities: Vec<ArticleEntity>,
    pub events: Vec<ArticleEvent>,
    /// The date of the article's main event.
    pub main_date: Option<(NaiveDate, String)>,
}

/// One canonical entity of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEntity {
    pub name: String,
    /// "PER", "ORG", "LOC" or "MISC".
    pub kind: String,
    pub mentions: u32,
    /// Byte offset of the first mention in the article's text.
    pub first_offset: u32,
    pub titles: Vec<String>,
    pub aliases: Vec<String>,
    pub variants: Vec<String>,
}

/// One dated event of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEvent {
    pub date: NaiveDate,
    /// "day", "week", "month" or "year".
    pub precision: String,
    pub until: Option<(NaiveDate, String)>,
    pub in_title: bool,
    /// Byte offset of the source sentence in its field (title or text).
    pub sentence_start: u32,
    pub description: String,
}

/// A canonical entity as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub titles: Vec<String>,
    pub aliases: Vec<String>,
    pub variants: Vec<String>,
    /// Articles naming it.
    pub article_count: u32,
}

/// Filters for listing entities (most-mentioned first).
#[derive(Debug, Clone, Default)]
pub struct EntityQuery {
    /// "PER", "ORG", "LOC" or "MISC".
    pub kind: Option<String>,
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// A story that names an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityStory {
    pub story: StoryId,
    pub headline: String,
    /// Articles of the story naming the entity.
    pub articles: u32,
    /// Mentions over those articles.
    pub mentions: u32,
    pub last_time: Option<DateTime<Utc>>,
}

/// An entity named in the same articles as another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoEntity {
    pub entity: EntitySummary,
    /// Articles naming both.
    pub shared_articles: u32,
}

/// A stored event with the article that tells it, for timelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub article: ArticleId,
    pub article_title: String,
    pub article_url: Option<String>,
    pub source: String,
    /// The article's publication (or first-seen) time: timelines list sources in this order.
    pub article_time: DateTime<Utc>,
    pub event: ArticleEvent,
}

const ENTITY_COLUMNS: &str = "e.id, e.name, e.kind, e.titles, e.aliases, e.variants, e.article_count";

/// The canonical id of an entity: a hash of its kind and case-folded name.
pub fn entity_id(kind: &str, name: &str) -> String {
    newsdesk_text::short_hash(&format!("{kind}:{}", name.to_lowercase()))
}

impl Store {
    /// Replace what is stored about an article's entities, events and main date (after its text changed).
    pub async fn save_article_enrichment(
        &self,
        article: &ArticleId,
        enrichment: &ArticleEnrichment,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        write_enrichment(&mut tx, article, enrichment).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The entities of an article, most-mentioned first.
    pub async fn article_entities(&self, article: &ArticleId) -> Result<Vec<(EntitySummary, u32)>> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS}, ae.mentions FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
             WHERE ae.article_id = $1 ORDER BY ae.mentions DESC, ae.first_offset ASC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&article.0).fetch_all(self.pool()).await?;
        rows.iter().map(|r| Ok((entity_from_row(r)?, r.get::<i64, _>("mentions") as u32))).collect()
    }

    /// The entities named across a story's articles, by how many of its articles name them.
    pub async fn story_entities(&self, story: &StoryId, limit: u32) -> Result<Vec<(EntitySummary, u32)>> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS}, count(*) AS n FROM articles a
             JOIN article_entities ae ON ae.article_id = a.id JOIN entities e ON e.id = ae.entity_id
             WHERE a.story_id = $1 GROUP BY e.id ORDER BY n DESC, sum(ae.mentions) DESC, e.name ASC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&story.0)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((entity_from_row(r)?, r.get::<i64, _>("n") as u32))).collect()
    }

    /// Canonical entities, most-named first.
    pub async fn entities(&self, query: &EntityQuery) -> Result<Vec<EntitySummary>> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e
             WHERE e.article_count > 0 AND ($1 IS NULL OR e.kind = $1)
               AND ($2 IS NULL OR instr(lower(e.name), lower($2)) > 0)
             ORDER BY e.article_count DESC, e.name ASC LIMIT $3 OFFSET $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query.kind.as_deref())
            .bind(query.name.as_deref())
            .bind(i64::from(query.limit))
            .bind(i64::from(query.offset))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(entity_from_row).collect()
    }

    /// How many entities [`Store::entities`] would list over all pages.
    pub async fn entity_count(&self, query: &EntityQuery) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM entities e WHERE e.article_count > 0 AND ($1 IS NULL OR e.kind = $1)
               AND ($2 IS NULL OR instr(lower(e.name), lower($2)) > 0)",
        )
        .bind(query.kind.as_deref())
        .bind(query.name.as_deref())
        .fetch_one(self.pool())
        .await?;
        Ok(n as u64)
    }

    /// One entity by id.
    pub async fn entity(&self, id: &str) -> Result<Option<EntitySummary>> {
        let sql = format!("SELECT {ENTITY_COLUMNS} FROM entities e WHERE e.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(entity_from_row).transpose()
    }

    /// Stories whose articles name the entity, most recent first.
    pub async fn entity_stories(&self, id: &str, limit: u32) -> Result<Vec<EntityStory>> {
        let rows = sqlx::query(
            "SELECT s.id, s.headline, s.last_time, count(*) AS n, sum(ae.mentions) AS m
             FROM article_entities ae JOIN articles a ON a.id = ae.article_id JOIN stories s ON s.id = a.story_id
             WHERE ae.entity_id = $1 GROUP BY s.id ORDER BY s.last_time DESC, s.id ASC LIMIT $2",
        )
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| EntityStory {
                story: StoryId(r.get("id")),
                headline: r.get("headline"),
                articles: r.get::<i64, _>("n") as u32,
                mentions: r.get::<i64, _>("m") as u32,
                last_time: r.get::<Option<i64>, _>("last_time").map(from_secs),
            })
            .collect())
    }

    /// Ids of the articles naming the entity, newest first.
    pub async fn entity_article_ids(&self, id: &str, limit: u32) -> Result<Vec<ArticleId>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT a.id FROM article_entities ae JOIN articles a ON a.id = ae.article_id
             WHERE ae.entity_id = $1 ORDER BY a.sort_time DESC, a.id ASC LIMIT $2",
        )
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(ArticleId).collect())
    }

    /// Entities named in the same articles as `id`, by how many articles they share.
    pub async fn co_occurring_entities(&self, id: &str, limit: u32) -> Result<Vec<CoEntity>> {
        let sql = format!(
            "SELECT {ENTITY_COLUMNS}, count(*) AS n FROM article_entities mine
             JOIN article_entities other ON other.article_id = mine.article_id AND other.entity_id != mine.entity_id
             JOIN entities e ON e.id = other.entity_id
             WHERE mine.entity_id = $1 GROUP BY e.id ORDER BY n DESC, e.article_count DESC, e.name ASC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(CoEntity { entity: entity_from_row(r)?, shared_articles: r.get::<i64, _>("n") as u32 })
            })
            .collect()
    }

    /// The dated events of the given stories' articles, by date then article time.
    pub async fn events_of_stories(&self, stories: &[StoryId]) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        for story in stories {
            let rows = sqlx::query(
                "SELECT ev.*, a.title, a.url, a.source, a.sort_time FROM article_events ev
                 JOIN articles a ON a.id = ev.article_id WHERE a.story_id = $1
                 ORDER BY a.sort_time ASC, a.id ASC, ev.seq ASC",
            )
            .bind(&story.0)
            .fetch_all(self.pool())
            .await?;
            for r in &rows {
                out.push(StoredEvent {
                    article: ArticleId(r.get("article_id")),
                    article_title: r.get("title"),
                    article_url: r.get("url"),
                    source: r.get("source"),
                    article_time: from_secs(r.get("sort_time")),
                    event: event_from_row(r)?,
                });
            }
        }
        out.sort_by(|a, b| a.article_time.cmp(&b.article_time).then_with(|| a.article.0.cmp(&b.article.0)));
        Ok(out)
    }

    /// The main-event date stored for an article (day and precision).
    pub async fn article_main_date(&self, article: &ArticleId) -> Result<Option<(NaiveDate, String)>> {
        let row = sqlx::query("SELECT main_date, main_date_precision FROM articles WHERE id = $1")
            .bind(&article.0)
            .fetch_optional(self.pool())
            .await?;
        let Some(r) = row else { return Ok(None) };
        let date: Option<String> = r.get("main_date");
        let precision: Option<String> = r.get("main_date_precision");
        Ok(date.and_then(|d| parse_day(&d)).zip(precision))
    }
}

/// Replace what is stored about an article's entities and events, inside the caller's transaction (the one
/// that writes the article), keeping each entity's article count exact.
pub(crate) async fn write_enrichment(
    tx: &mut sqlx::SqliteConnection,
    article: &ArticleId,
    enrichment: &ArticleEnrichment,
) -> Result<()> {
    sqlx::query(
        "UPDATE entities SET article_count = article_count - 1
         WHERE id IN (SELECT entity_id FROM article_entities WHERE article_id = $1)",
    )
    .bind(&article.0)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM article_entities WHERE article_id = $1")
        .bind(&article.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM article_events WHERE article_id = $1")
        .bind(&article.0)
        .execute(&mut *tx)
        .await?;
    let mut linked: Vec<String> = Vec::new();
    for e in &enrichment.entities {
        let id = resolve_entity(&mut *tx, e).await?;
        if linked.contains(&id) {
            // Two of the article's entities resolved to one stored entity: count the article once.
            sqlx::query(
                "UPDATE article_entities SET mentions = mentions + $3, first_offset = min(first_offset, $4)
                 WHERE article_id = $1 AND entity_id = $2",
            )
            .bind(&article.0)
            .bind(&id)
            .bind(i64::from(e.mentions))
            .bind(i64::from(e.first_offset))
            .execute(&mut *tx)
            .await?;
            continue;
        }
        sqlx::query("UPDATE entities SET article_count = article_count + 1 WHERE id = $1")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset) VALUES ($1, $2, $3, $4)",
        )
        .bind(&article.0)
        .bind(&id)
        .bind(i64::from(e.mentions))
        .bind(i64::from(e.first_offset))
        .execute(&mut *tx)
        .await?;
        linked.push(id);
    }
    for (seq, ev) in enrichment.events.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_events (article_id, seq, date, precision, until, until_precision, in_title,
                 sentence_start, description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&article.0)
        .bind(seq as i64)
        .bind(ev.date.to_string())
        .bind(&ev.precision)
        .bind(ev.until.as_ref().map(|u| u.0.to_string()))
        .bind(ev.until.as_ref().map(|u| u.1.as_str()))
        .bind(ev.in_title)
        .bind(i64::from(ev.sentence_start))
        .bind(&ev.description)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE articles SET main_date = $2, main_date_precision = $3 WHERE id = $1")
        .bind(&article.0)
        .bind(enrichment.main_date.as_ref().map(|d| d.0.to_string()))
        .bind(enrichment.main_date.as_ref().map(|d| d.1.as_str()))
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The stored entity an article's entity is: the same kind and name; else, for a one-word person name
/// ("Putin"), the one stored person whose name ends with that word ("Vladimir Putin") when exactly one does;
/// else a new entity. Titles, aliases and variants are merged into the stored lists.
async fn resolve_entity(tx: &mut sqlx::SqliteConnection, e: &ArticleEntity) -> Result<String> {
    let mut id = entity_id(&e.kind, &e.name);
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM entities WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() && e.kind == "PER" && !e.name.contains(' ') {
        let matches: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM entities WHERE kind = 'PER' AND lower(name) LIKE '% ' || lower($1) LIMIT 2",
        )
        .bind(&e.name)
        .fetch_all(&mut *tx)
        .await?;
        if let [only] = matches.as_slice() {
            id = only.clone();
        }
    }
    let row = sqlx::query("SELECT titles, aliases, variants FROM entities WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?;
    match row {
        None => {
            sqlx::query(
                "INSERT INTO entities (id, name, kind, titles, aliases, variants, article_count)
                 VALUES ($1, $2, $3, $4, $5, $6, 0)",
            )
            .bind(&id)
            .bind(&e.name)
            .bind(&e.kind)
            .bind(encode_strings(&e.titles))
            .bind(encode_strings(&e.aliases))
            .bind(encode_strings(&e.variants))
            .execute(&mut *tx)
            .await?;
        }
        Some(r) => {
            let merge = |stored: Vec<String>, new: &[String]| {
                let mut all = stored;
                for s in new {
                    if !all.iter().any(|x| x.eq_ignore_ascii_case(s)) && all.len() < MAX_LISTED {
                        all.push(s.clone());
                    }
                }
                encode_strings(&all)
            };
            let mut variants = e.variants.clone();
            let stored_name: Option<String> = sqlx::query_scalar("SELECT name FROM entities WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?;
            if stored_name.is_some_and(|n| !n.eq_ignore_ascii_case(&e.name)) {
                variants.push(e.name.clone());
            }
            sqlx::query("UPDATE entities SET titles = $2, aliases = $3, variants = $4 WHERE id = $1")
                .bind(&id)
                .bind(merge(decode_strings(r.get("titles"))?, &e.titles))
                .bind(merge(decode_strings(r.get("aliases"))?, &e.aliases))
                .bind(merge(decode_strings(r.get("variants"))?, &variants))
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(id)
}

/// At most this many titles/aliases/variants are kept per entity. Why: a much-covered person collects
/// dozens of roles and misspellings; the first ones seen are the useful ones and rows stay small.
const MAX_LISTED: usize = 12;

fn entity_from_row(r: &SqliteRow) -> Result<EntitySummary> {
    Ok(EntitySummary {
        id: r.get("id"),
        name: r.get("name"),
        kind: r.get("kind"),
        titles: decode_strings(r.get("titles"))?,
        aliases: decode_strings(r.get("aliases"))?,
        variants: decode_strings(r.get("variants"))?,
        article_count: r.get::<i64, _>("article_count") as u32,
    })
}

fn event_from_row(r: &SqliteRow) -> Result<ArticleEvent> {
    let day = |col: &str| -> Result<NaiveDate> {
        let s: String = r.get(col);
        parse_day(&s).ok_or_else(|| crate::Error::Corrupt { what: "event date", reason: s })
    };
    let until = match r.get::<Option<String>, _>("until") {
        Some(_) => Some((day("until")?, r.get::<Option<String>, _>("until_precision").unwrap_or_default())),
        None => None,
    };
    Ok(ArticleEvent {
        date: day("date")?,
        precision: r.get("precision"),
        until,
        in_title: r.get("in_title"),
        sentence_start: r.get::<i64, _>("sentence_start") as u32,
        description: r.get("description"),
    })
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
