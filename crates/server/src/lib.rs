//! The web face of Newsdesk: server-rendered pages and a JSON API over a [`Store`], both read-only.
//!
//! Entry points: [`router`] (every route, listed in `router.rs`), [`serve`] (bind, log the URL, serve until
//! the shutdown future resolves). `api` owns the wire format (DTOs converted explicitly from model values,
//! one error table); `web` owns the pages (askama templates in `templates/`, one embedded stylesheet).
//! The helper functions in [`api`] (`story_detail`, `list_stories`, ...) are what the CLI's `--json` output
//! uses too, so the terminal and the API print the same data.

pub mod api;
mod error;
mod feeds;
mod page_cache;
mod router;
mod state;
pub mod story_pages;
mod web;

pub use error::Error;
pub use router::router;
pub use state::{AppState, SearchHandle};

use newsdesk_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Bind `addr`, log the URL and serve until `shutdown` resolves; in-flight requests are allowed to finish.
pub async fn serve(
    store: Store,
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let listener = TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })?;
    serve_listener(store, listener, shutdown).await
}

/// Serve on a listener the caller already bound (port 0 in tests, or to learn the port before serving).
pub async fn serve_listener(
    store: Store,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let local = listener.local_addr().map_err(Error::Serve)?;
    tracing::info!(url = %format!("http://{local}/"), "newsdesk is serving");
    let materialiser = tokio::spawn(story_pages::run_materialiser(AppState::new(store.clone())));
    let served =
        axum::serve(listener, router(store)).with_graceful_shutdown(shutdown).await.map_err(Error::Serve);
    materialiser.abort();
    served?;
    tracing::info!("server stopped");
    Ok(())
}
