//! Outlets and their metadata.

use crate::codec::{decode_strings, encode_strings};
use crate::{Result, Store};
use newsdesk_model::{Ownership, Source};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

impl Store {
    /// Insert or replace an outlet's metadata.
    pub async fn upsert_source(&self, source: &Source) -> Result<()> {
        sqlx::query(
            "INSERT INTO sources (name, homepage, country, language, ownership, groups) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (name) DO UPDATE SET homepage = excluded.homepage, country = excluded.country,
                 language = excluded.language, ownership = excluded.ownership, groups = excluded.groups",
        )
        .bind(&source.name)
        .bind(&source.homepage)
        .bind(&source.country)
        .bind(&source.language)
        .bind(source.ownership.as_str())
        .bind(encode_strings(&source.groups))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Make sure an outlet exists, without overwriting metadata a user set.
    pub async fn ensure_source(&self, name: &str) -> Result<()> {
        sqlx::query("INSERT INTO sources (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn sources(&self) -> Result<Vec<Source>> {
        let rows = sqlx::query(
            "SELECT name, homepage, country, language, ownership, groups FROM sources ORDER BY name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(source_from_row).collect()
    }

    pub async fn source(&self, name: &str) -> Result<Option<Source>> {
        let row = sqlx::query(
            "SELECT name, homepage, country, language, ownership, groups FROM sources WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(source_from_row).transpose()
    }
}

fn source_from_row(row: &SqliteRow) -> Result<Source> {
    Ok(Source {
        name: row.get("name"),
        homepage: row.get("homepage"),
        country: row.get("country"),
        language: row.get("language"),
        ownership: Ownership::parse(row.get::<&str, _>("ownership")),
        groups: decode_strings(row.get("groups"))?,
    })
}
