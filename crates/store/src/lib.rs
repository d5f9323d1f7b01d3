//! Storage: the `Store` every stage's output goes into, on SQLite (the embedded default: one data folder,
//! WAL mode, versioned migrations).
//!
//! `Store` is a concrete type over a backend enum rather than a trait object: async trait objects are
//! awkward, and there will be few backends. A PostgreSQL backend becomes a second `Backend` variant with its
//! own migrations folder, and the stages never see the difference.

mod article_filters;
mod articles;
mod browse;
mod codec;
mod entities;
mod saved_searches;
mod schema;
mod sources;
mod stories;
mod story_pages;
mod storylines;
mod subscriptions;

pub use article_filters::ArticleFilter;
pub use articles::{ArticleQuery, ExistingArticle, NewArticle};
pub use browse::{BrowseQuery, OutletStats, StorySignals};
pub use entities::{
    ArticleEnrichment, ArticleEntity, ArticleEvent, CoEntity, EntityQuery, EntityStory, EntitySummary,
    StoredEvent, entity_id,
};
pub use saved_searches::SavedSearch;
pub use stories::{ClusterState, StoryQuery};
pub use story_pages::StoredStoryPage;
pub use storylines::{
    ArticleLinks, StoryMerge, StoryProvenance, StorylineDetail, StorylineQuery, StorylineSummary,
};
pub use subscriptions::{NewSubscription, PollFailure, PollSuccess, Subscription};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How much of the database file each connection maps into memory (see `Store::open`). Every pooled
/// connection maps it, so a process's RSS counts those (shared, page-cache) file pages once per connection:
/// ~1.5 GB RSS at 100k articles is ~170 MB of the server's own memory plus a 400 MB file counted four times.
const MMAP_BYTES: u64 = 1 << 30;

/// File name of the SQLite database inside the data folder.
pub const DB_FILE: &str = "newsdesk.db";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: sqlx::Error },
    #[error("corrupt {what} in the database: {reason}")]
    Corrupt { what: &'static str, reason: String },
    #[error("not found: {0}")]
    NotFound(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Handle to the store; cheap to clone (a connection pool inside).
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    /// The data folder: derived data beside the database (the search index) lives here too.
    data_dir: PathBuf,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(SqlitePool),
}

impl Store {
    /// Open (creating if needed) the embedded store in `data_dir` and bring its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| Error::DataDir { path: data_dir.to_path_buf(), source })?;
        let options = SqliteConnectOptions::new()
            .filename(data_dir.join(DB_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Reads through a memory map instead of a read() syscall and copy per page: under 50 concurrent
            // page requests `pread` was a fifth of the server's CPU. Address space, not memory: the OS page
            // cache holds the pages either way.
            .pragma("mmap_size", MMAP_BYTES.to_string());
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        schema::migrate(&pool).await?;
        Ok(Store { backend: Backend::Sqlite(pool), data_dir: data_dir.to_path_buf() })
    }

    fn pool(&self) -> &SqlitePool {
        match &self.backend {
            Backend::Sqlite(pool) => pool,
        }
    }

    /// The data folder this store lives in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Close the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.pool().close().await;
    }
}
