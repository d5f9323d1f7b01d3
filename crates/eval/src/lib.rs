//! Scoring against public gold data in `../shared/data` (read at run time, never copied): `newsdesk eval`.

pub mod clustering;
pub mod extraction;
pub mod feeds;
pub mod gate;
pub mod htmldate;
pub mod neardup;
pub mod ner;
pub mod quotes;
pub mod readability;
pub mod summaries;
pub mod trafilatura_eval;
pub mod vectors;
pub mod when;

/// Errors reading a gold-data folder.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("bad gold data in {path}: {reason}")]
    Format { path: std::path::PathBuf, reason: String },
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn read_to_string(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}
