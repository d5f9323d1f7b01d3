//! What every handler can reach: the store and the search index. Handlers take `State<Store>` (via
//! `FromRef`) or `State<AppState>` when they search.

use axum::extract::FromRef;
use newsdesk_search::SearchIndex;
use newsdesk_store::Store;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub search: SearchHandle,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        let search = SearchHandle::new(&store);
        AppState { store, search }
    }
}

impl FromRef<AppState> for Store {
    fn from_ref(state: &AppState) -> Store {
        state.store.clone()
    }
}

/// The search index, opened on first use and re-opened after a failure (a missing or corrupt index makes
/// search answer "unavailable" until `newsdesk reindex`; it never takes other pages down).
#[derive(Clone)]
pub struct SearchHandle {
    data_dir: std::path::PathBuf,
    open: Arc<Mutex<Option<SearchIndex>>>,
}

impl SearchHandle {
    fn new(store: &Store) -> SearchHandle {
        SearchHandle { data_dir: store.data_dir().to_path_buf(), open: Arc::new(Mutex::new(None)) }
    }

    /// The open index, opening it now if needed.
    pub fn index(&self) -> Result<SearchIndex, newsdesk_search::Error> {
        let mut slot = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = slot.as_ref() {
            return Ok(index.clone());
        }
        let index = SearchIndex::open(&self.data_dir)?;
        *slot = Some(index.clone());
        Ok(index)
    }

    /// Forget the open index after a search failed, so the next request opens it afresh.
    pub fn reset(&self) {
        *self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// Run a search; on failure the index is reopened next time.
    pub fn run<T>(
        &self,
        search: impl FnOnce(&SearchIndex) -> Result<T, newsdesk_search::Error>,
    ) -> Result<T, newsdesk_search::Error> {
        let index = self.index()?;
        let result = search(&index);
        if result.is_err() {
            self.reset();
        }
        result
    }
}
