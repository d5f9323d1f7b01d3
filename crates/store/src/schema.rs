//! Versioned migrations, embedded in the binary and applied in order inside a transaction each.

use crate::{Error, Result};
use sqlx::SqlitePool;

/// (version, SQL). Append only: never edit a released migration, add a new one.
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_subscriptions.sql")),
    (3, include_str!("../migrations/sqlite/0003_duplicates_storylines.sql")),
    (4, include_str!("../migrations/sqlite/0004_entities.sql")),
    (5, include_str!("../migrations/sqlite/0005_saved_searches.sql")),
    (6, include_str!("../migrations/sqlite/0006_subscription_skip_hours.sql")),
    (7, include_str!("../migrations/sqlite/0007_browse_indexes.sql")),
    (8, include_str!("../migrations/sqlite/0008_story_pages.sql")),
    (9, include_str!("../migrations/sqlite/0009_story_vectors.sql")),
];

/// Apply pending migrations. Two processes opening a new store at once (a server and an import) are safe:
/// the version is checked again under an IMMEDIATE (write-locking) transaction.
pub(crate) async fn migrate(pool: &SqlitePool) -> Result<()> {
    let mut conn = pool.acquire().await?;
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        .execute(&mut *conn)
        .await?;
    sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let result = apply_pending(&mut conn).await;
    let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
    sqlx::raw_sql(end).execute(&mut *conn).await?;
    result
}

async fn apply_pending(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    // Every version not yet applied (not only those above the highest): migrations numbered by engineer
    // may land out of order, and a store that already has 4 must still get 3.
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migrations").fetch_all(&mut *conn).await?;
    for &(version, sql) in SQLITE_MIGRATIONS.iter().filter(|(v, _)| !applied.contains(v)) {
        sqlx::raw_sql(sql)
            .execute(&mut *conn)
            .await
            .map_err(|source| Error::Migration { version, source })?;
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, strftime('%s','now'))")
            .bind(version)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
