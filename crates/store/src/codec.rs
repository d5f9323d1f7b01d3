//! Conversions between model values and column values (JSON columns, unix-second times).

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use newsdesk_model::{ArticleId, Span, SummarySentence};
use newsdesk_text::TermCounts;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct StoredSentence {
    text: String,
    article: String,
    index: usize,
    start: usize,
    end: usize,
}

pub(crate) fn encode_summary(summary: &[SummarySentence]) -> String {
    let stored: Vec<StoredSentence> = summary
        .iter()
        .map(|s| StoredSentence {
            text: s.text.clone(),
            article: s.article.0.clone(),
            index: s.sentence_index,
            start: s.span.start,
            end: s.span.end,
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn decode_summary(json: &str) -> Result<Vec<SummarySentence>> {
    let stored: Vec<StoredSentence> = decode("summary", json)?;
    Ok(stored
        .into_iter()
        .map(|s| SummarySentence {
            text: s.text,
            article: ArticleId(s.article),
            sentence_index: s.index,
            span: Span { start: s.start, end: s.end },
        })
        .collect())
}

pub(crate) fn encode_terms(terms: &TermCounts) -> String {
    serde_json::to_string(terms).unwrap_or_else(|_| "{}".into())
}

pub(crate) fn decode_terms(json: &str) -> Result<TermCounts> {
    decode("terms", json)
}

pub(crate) fn encode_strings(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn decode_strings(json: &str) -> Result<Vec<String>> {
    decode("string list", json)
}

/// A story's sentence-vector sum as stored: f32 values, little-endian.
pub(crate) fn encode_vector(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn decode_vector(bytes: &[u8]) -> Result<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(Error::Corrupt { what: "story vector", reason: format!("{} bytes", bytes.len()) });
    }
    Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

fn decode<T: for<'de> Deserialize<'de>>(what: &'static str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt { what, reason: e.to_string() })
}

pub(crate) fn to_secs(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_secs(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}
