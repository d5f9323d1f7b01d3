//! Shared text machinery: word tokens, sentences, index terms (stop words + stems), stable hashes.
//!
//! Pure and allocation-light; every stage that reads text (extract, cluster, summarize, eval) uses these so
//! that "a word" and "a sentence" mean the same thing everywhere.

mod analyzer;
pub mod calendar;
mod hash;
mod sentences;
mod tokens;

pub use analyzer::{Analyzer, TermCounts};
pub use hash::{content_hash, short_hash};
pub use sentences::{Sentence, sentences};
pub use tokens::{Token, normalize_whitespace, tokens, word_count};
