//! The crate's error type: what can go wrong while serving (the store, a template, the socket).
//!
//! How each error looks to an API client (code and status) is decided in `api/error.rs`, not here.

use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] newsdesk_store::Error),
    #[error("cannot render a page: {0}")]
    Template(#[from] askama::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}
