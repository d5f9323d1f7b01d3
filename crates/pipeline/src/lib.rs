//! The only crate that knows the order of the stages:
//! input files → documents → extract → article (+ summary, profile) → cluster → store → story summaries.
//!
//! Stages are pure functions from the stage crates; this crate adds the IO (files, store), ordering
//! (publication order, so online clustering sees articles as they happened) and batching, and turns every
//! per-item failure into a reported line instead of an aborted batch.

mod enrich;
mod fetch;
mod import;
mod inputs;
mod prepare;
mod progress;
mod search_index;
mod stories;
mod vectors;

pub use enrich::{NER_MODEL_FILE, enrich_for_store, ner_model, ner_model_path, use_data_dir_ner_model};
pub use fetch::{
    Added, PollOptions, PollReport, export_opml, is_excerpt, poll_due_sources, subscribe_opml, subscribe_url,
};
pub use import::{ImportOptions, ImportReport, Problem, import_paths};
pub use inputs::{MAX_FILE_BYTES, read_input_file};
pub use prepare::{identity_key, prepare_document};
pub use progress::{NoProgress, Progress};
pub use search_index::reindex;
pub use stories::summarize_dirty_stories;
pub use vectors::enable_embeddings;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] newsdesk_store::Error),
    #[error("cannot read {path}: {source}")]
    Walk { path: std::path::PathBuf, source: std::io::Error },
    #[error("background task failed: {0}")]
    Task(String),
}

pub type Result<T> = std::result::Result<T, Error>;
