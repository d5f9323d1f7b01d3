//! What every handler can reach: the store and the search index. Handlers take `State<Store>` (via
//! `FromRef`) or `State<AppState>` when they search.

use axum::extract::FromRef;
use newsdesk_model::Source;
use newsdesk_search::SearchIndex;
use newsdesk_store::Store;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub search: SearchHandle,
    pub outlets: OutletCache,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        let search = SearchHandle::new(&store);
        AppState { store, search, outlets: OutletCache::default() }
    }

    /// Every outlet with its metadata, at most [`OUTLETS_FRESH_FOR`] old.
    pub async fn sources(&self) -> newsdesk_store::Result<Arc<Vec<Source>>> {
        self.outlets.get(&self.store).await
    }
}

/// How long the outlet list is reused: the front and story pages need it on every request (group colours,
/// outlet metadata), it changes only when an import meets a new outlet, and a few seconds' delay in a new
/// outlet's metadata is invisible next to the page cache's own.
pub const OUTLETS_FRESH_FOR: Duration = Duration::from_secs(2);

/// The outlet list and when it was read.
type Outlets = (Instant, Arc<Vec<Source>>);

/// The outlet list, shared by every request and re-read from the store when older than
/// [`OUTLETS_FRESH_FOR`] (concurrent readers of an expired list may each re-read it; that is one small query).
#[derive(Clone, Default)]
pub struct OutletCache {
    slot: Arc<Mutex<Option<Outlets>>>,
}

impl OutletCache {
    async fn get(&self, store: &Store) -> newsdesk_store::Result<Arc<Vec<Source>>> {
        {
            let slot = self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some((_, sources)) = slot.as_ref().filter(|(at, _)| at.elapsed() < OUTLETS_FRESH_FOR) {
                return Ok(sources.clone());
            }
        }
        let sources = Arc::new(store.sources().await?);
        *self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((Instant::now(), sources.clone()));
        Ok(sources)
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
    /// One permit per core: searches beyond that wait their turn (see [`SearchHandle::run_blocking`]).
    permits: Arc<tokio::sync::Semaphore>,
}

impl SearchHandle {
    fn new(store: &Store) -> SearchHandle {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        SearchHandle {
            data_dir: store.data_dir().to_path_buf(),
            open: Arc::new(Mutex::new(None)),
            permits: Arc::new(tokio::sync::Semaphore::new(cores)),
        }
    }

    /// [`SearchHandle::run`] on a blocking thread, at most one search per core at a time. A search is pure
    /// CPU work: 50 concurrent searches on 2 cores each take 25 times longer when run at once, while queued
    /// in order most finish sooner and the slowest no later.
    pub async fn run_blocking<T: Send + 'static>(
        &self,
        search: impl FnOnce(&SearchIndex) -> Result<T, newsdesk_search::Error> + Send + 'static,
    ) -> Result<Result<T, newsdesk_search::Error>, tokio::task::JoinError> {
        // The semaphore is never closed, so a permit always comes.
        let permit = self.permits.clone().acquire_owned().await.ok();
        let handle = self.clone();
        tokio::task::spawn_blocking(move || {
            let result = handle.run(search);
            drop(permit);
            result
        })
        .await
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
