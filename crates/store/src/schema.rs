//! Versioned migrations, embedded in the binary and applied in order inside a transaction each.

use crate::{Error, Result};
use sqlx::SqlitePool;

/// (version, SQL). Append only: never edit a released migration, add a new one.
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("../migrations/sqlite/0001_init.sql"))];

pub(crate) async fn migrate(pool: &SqlitePool) -> Result<()> {
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        .execute(pool)
        .await?;
    let current: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM schema_migrations").fetch_one(pool).await?;
    for &(version, sql) in SQLITE_MIGRATIONS.iter().filter(|(v, _)| Some(*v) > current) {
        let mut tx = pool.begin().await?;
        sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(|source| Error::Migration { version, source })?;
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, strftime('%s','now'))")
            .bind(version)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}
