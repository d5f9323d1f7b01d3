//! Sentence vectors for clustering at import and fetch: each new article's title and lead embedded with the
//! installed model (crates/embed), so stories are assigned by the hybrid of term and vector similarity that
//! `newsdesk eval clustering` scores.
//!
//! Off unless the process asks for it ([`enable_embeddings`], which the CLI calls for the commands that
//! store articles): library users and tests cluster by terms alone unless they opt in, and a debug-build
//! test never runs the model by accident. With the feature `embeddings` off, or no model installed, every
//! article gets no vector and clustering is exactly the terms-only clustering, with one log line saying so.

use std::sync::atomic::{AtomicBool, Ordering};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Embed new articles from now on in this process, when the model is installed (see the module docs).
pub fn enable_embeddings() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether this process asked for vectors ([`enable_embeddings`]).
pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// One vector per text (`None` each when embeddings are off, absent or failed: the failure is logged and the
/// articles are clustered by their terms).
pub(crate) fn embed(texts: &[String]) -> Vec<Option<Vec<f32>>> {
    if texts.is_empty() || !enabled() {
        return vec![None; texts.len()];
    }
    match imp::embed(texts) {
        Some(vectors) if vectors.len() == texts.len() => vectors.into_iter().map(Some).collect(),
        _ => vec![None; texts.len()],
    }
}

#[cfg(feature = "embeddings")]
mod imp {
    pub(super) fn embed(texts: &[String]) -> Option<Vec<Vec<f32>>> {
        let model = match newsdesk_embed::installed() {
            Ok(model) => model,
            Err(why) => {
                // Info, not a warning: the model is optional and Newsdesk works without it. Once per process.
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| tracing::info!("{why}: stories are clustered by terms alone"));
                return None;
            }
        };
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        match model.embed(&refs) {
            Ok(vectors) => Some(vectors),
            Err(e) => {
                tracing::warn!(
                    "embedding {} articles failed ({e}): clustering them by terms alone",
                    texts.len()
                );
                None
            }
        }
    }
}

#[cfg(not(feature = "embeddings"))]
mod imp {
    pub(super) fn embed(_texts: &[String]) -> Option<Vec<Vec<f32>>> {
        None
    }
}
