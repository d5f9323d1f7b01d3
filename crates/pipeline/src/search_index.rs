//! Keeping the search index in step with the store: stored articles are indexed after each batch, and
//! `reindex` rebuilds the index from the store. The index is derived data, so a failure here is logged and
//! never fails an import or a poll: `newsdesk reindex` repairs it.

use crate::Result;
use newsdesk_model::ArticleId;
use newsdesk_store::Store;

/// Index articles just stored or changed; errors are logged, not returned.
pub(crate) async fn update(store: &Store, ids: &[ArticleId]) {
    if ids.is_empty() {
        return;
    }
    if let Err(error) = newsdesk_search::index_articles(store, store.data_dir(), ids).await {
        tracing::warn!(%error, articles = ids.len(), "search index not updated; run `newsdesk reindex`");
    }
}

/// Rebuild the search index of `store` from every stored article; returns how many were indexed.
pub async fn reindex(store: &Store, progress: impl FnMut(usize)) -> Result<usize> {
    newsdesk_search::rebuild(store, store.data_dir(), progress)
        .await
        .map_err(|e| crate::Error::Task(format!("reindex failed: {e}")))
}
