//! Full-text search over articles (tantivy): an on-disk index in `<data-dir>/index`, per-language stemming,
//! CJK bigrams, BM25 with boosted titles, phrase queries, `outlet:`/`lang:`/date filters, highlighted
//! snippets, and story-level results.
//!
//! Read side: [`SearchIndex::open`] then [`SearchIndex::search`] (article hits) or
//! [`SearchIndex::search_stories`] (hits grouped by story), both taking a [`SearchQuery`] (parse a search
//! box with [`SearchQuery::parse`], or fill the fields from URL parameters). Snippet and title HTML is
//! escaped text with `<mark>…</mark>` around matches: safe to embed unescaped.
//!
//! Write side: the pipeline calls [`index_articles`] after storing articles, `newsdesk reindex` calls
//! [`rebuild`]. The index is derived data: it can always be rebuilt from the store, and callers treat its
//! errors as warnings (a missing or corrupt index never stops an import or a page).

mod cjk;
mod index;
mod query;
mod schema;
mod snippets;

pub use index::{INDEX_DIR, Indexer, SearchIndex, escape};
pub use query::{DEFAULT_LIMIT, SearchQuery};

use chrono::{DateTime, Utc};
use newsdesk_model::{Article, ArticleId};
use newsdesk_store::{ArticleQuery, Store};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open the search index folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the search index in {0} was built by another version; run `newsdesk reindex`")]
    Outdated(PathBuf),
    #[error("no analyzer registered for a document's language")]
    NoAnalyzer,
    #[error(transparent)]
    Store(#[from] newsdesk_store::Error),
    #[error("indexing task failed: {0}")]
    Task(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// What the index keeps of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    pub id: String,
    pub story: Option<String>,
    pub title: String,
    pub text: String,
    pub outlet: String,
    /// ISO 639-1; picks the stemmer (CJK text is recognised whatever the code says).
    pub language: Option<String>,
    /// Publication time, or when the store first saw the article.
    pub published: DateTime<Utc>,
}

impl From<&Article> for IndexDoc {
    fn from(a: &Article) -> Self {
        IndexDoc {
            id: a.id.0.clone(),
            story: a.story.as_ref().map(|s| s.0.clone()),
            title: a.title.clone(),
            text: a.text.clone(),
            outlet: a.source.clone(),
            language: a.language.clone(),
            published: a.time(),
        }
    }
}

/// One matching article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleHit {
    pub article_id: String,
    pub story_id: Option<String>,
    pub title: String,
    pub outlet: String,
    pub language: Option<String>,
    pub published: DateTime<Utc>,
    /// BM25 score (higher is better; only comparable within one search).
    pub score: f32,
    /// The title, HTML-escaped, matches in `<mark>`.
    pub title_html: String,
    /// A passage of the text around the matches, HTML-escaped, matches in `<mark>`; the opening of the text
    /// when only the title matched.
    pub snippet_html: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Matching articles over all pages.
    pub total: usize,
    pub hits: Vec<ArticleHit>,
}

/// One story with matching articles.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryHit {
    /// `None` for an article the index knows no story of.
    pub story_id: Option<String>,
    /// Score of its best article.
    pub score: f32,
    /// Matching articles of this story among the candidates looked at.
    pub matched_articles: usize,
    /// Its best matching articles (at most 3), best first.
    pub hits: Vec<ArticleHit>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryResults {
    /// Matching articles over all pages.
    pub total_articles: usize,
    /// Stories among the best 500 article hits (a lower bound when more articles match).
    pub total_stories: usize,
    pub stories: Vec<StoryHit>,
}

/// Articles read from the store per step of a rebuild.
const REBUILD_PAGE: u32 = 2000;

/// Index (or re-index) these stored articles into `<data_dir>/index`; returns how many were written.
/// Called by the pipeline after it stored them; a failure is the caller's warning, not its error.
pub async fn index_articles(store: &Store, data_dir: &Path, ids: &[ArticleId]) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut docs = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(article) = store.article(id).await? {
            docs.push(IndexDoc::from(&article));
        }
    }
    let dir = data_dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut indexer = Indexer::open(&dir)?;
        for doc in &docs {
            indexer.upsert(doc)?;
        }
        indexer.finish()?;
        Ok(docs.len())
    })
    .await
    .map_err(|e| Error::Task(e.to_string()))?
}

/// Rebuild the index from every stored article, in one commit (readers see the old index until then).
/// An index that cannot be opened (corrupt, or from another version) is deleted and made anew.
pub async fn rebuild(store: &Store, data_dir: &Path, mut progress: impl FnMut(usize)) -> Result<usize> {
    let dir = data_dir.join(INDEX_DIR);
    let indexer = {
        let dir = dir.clone();
        tokio::task::spawn_blocking(move || match Indexer::open_dir(&dir) {
            Ok(indexer) => Ok(indexer),
            Err(Error::Outdated(_) | Error::Index(tantivy::TantivyError::DataCorruption(_)))
            | Err(Error::Index(tantivy::TantivyError::SchemaError(_))) => {
                tracing::warn!(dir = %dir.display(), "search index unusable; building a new one");
                std::fs::remove_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
                Indexer::open_dir(&dir)
            }
            Err(e) => Err(e),
        })
        .await
        .map_err(|e| Error::Task(e.to_string()))??
    };
    let mut indexer = indexer;
    indexer.clear()?;
    let mut offset = 0u32;
    let mut written = 0usize;
    loop {
        let page =
            store.articles(&ArticleQuery { limit: REBUILD_PAGE, offset, ..Default::default() }).await?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as u32;
        let docs: Vec<IndexDoc> = page.iter().map(IndexDoc::from).collect();
        let (back, result) = tokio::task::spawn_blocking(move || {
            let mut indexer = indexer;
            let result = docs.iter().try_for_each(|d| indexer.upsert(d)).map(|()| docs.len());
            (indexer, result)
        })
        .await
        .map_err(|e| Error::Task(e.to_string()))?;
        indexer = back;
        written += result?;
        progress(written);
    }
    tokio::task::spawn_blocking(move || indexer.finish()).await.map_err(|e| Error::Task(e.to_string()))??;
    Ok(written)
}
