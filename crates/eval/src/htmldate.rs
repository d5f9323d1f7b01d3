//! htmldate-eval scorer: original publication date at day granularity (htmldate's `tests/evaluation.py`
//! metric, re-implemented).
//!
//! Metric, as upstream: per page, no output → FN; output equal to the gold `YYYY-MM-DD` → TP; any other
//! output → FP (a gold `null` is always wrong). P = TP/(TP+FP), R = TP/(TP+FN), accuracy = TP/all (TN never
//! occurs: every page has a reference), F1 = 2TP/(2TP+FP+FN). As in the published baseline, the extractor gets
//! the page bytes only, no URL (it reads the page's own canonical URL).

use crate::extraction::{parse_json, read_gz};
use crate::{Result, read_to_string};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The gold files of the set, fed as one corpus.
pub const GOLD_FILES: &[&str] = &["eval_default.json", "eval_mediacloud_2020.json"];

#[derive(Debug, Clone, PartialEq)]
pub struct DateReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub n: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Single-threaded speed of `publish_date` (not gunzip or charset decoding).
    pub pages_per_sec: f64,
    pub mb_per_sec: f64,
    /// (url, gold, predicted) of every page not a TP.
    pub misses: Vec<(String, Option<String>, Option<String>)>,
}

#[derive(Deserialize)]
struct Entry {
    file: String,
    date: Option<String>,
}

/// Run `publish_date` on every page of the gold files and score it.
pub fn evaluate_dates(data_dir: &Path) -> Result<DateReport> {
    let mut gold: BTreeMap<String, Entry> = BTreeMap::new();
    for name in GOLD_FILES {
        let path = data_dir.join(name);
        let part: BTreeMap<String, Entry> = parse_json(&path, &read_to_string(&path)?)?;
        gold.extend(part);
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut elapsed, mut bytes) = (Duration::ZERO, 0usize);
    let mut misses = Vec::new();
    for (url, entry) in &gold {
        let page = data_dir.join("html").join(format!("{}.gz", entry.file));
        let html = newsdesk_extract::decode_html_bytes(&read_gz(&page)?, None);
        bytes += html.len();
        let start = Instant::now();
        let found = newsdesk_extract::publish_date(&html, None);
        elapsed += start.elapsed();
        let predicted = found.map(|d| d.format("%Y-%m-%d").to_string());
        match (&predicted, &entry.date) {
            (None, _) => fn_ += 1,
            (Some(p), Some(g)) if p == g => tp += 1,
            (Some(_), _) => fp += 1,
        }
        if predicted.is_none() || predicted != entry.date {
            misses.push((url.clone(), entry.date.clone(), predicted));
        }
    }
    let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let secs = elapsed.as_secs_f64().max(1e-9);
    Ok(DateReport {
        precision: div(tp, tp + fp),
        recall: div(tp, tp + fn_),
        f1: div(2 * tp, 2 * tp + fp + fn_),
        accuracy: div(tp, gold.len()),
        n: gold.len(),
        tp,
        fp,
        fn_,
        pages_per_sec: gold.len() as f64 / secs,
        mb_per_sec: bytes as f64 / 1e6 / secs,
        misses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Our date finder on the set: `cargo test -p newsdesk-eval --release -- --ignored --nocapture dates`.
    #[test]
    #[ignore]
    fn newsdesk_dates_scores() -> Result<()> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/htmldate-eval");
        if !dir.join(GOLD_FILES[0]).exists() {
            println!("skipping: {} is absent", dir.display());
            return Ok(());
        }
        let r = evaluate_dates(&dir)?;
        for (url, gold, predicted) in &r.misses {
            println!("{url} gold={gold:?} got={predicted:?}");
        }
        println!(
            "n={} P={:.4} R={:.4} F1={:.4} tp={} fp={} fn={} pages/s={:.0}",
            r.n, r.precision, r.recall, r.f1, r.tp, r.fp, r.fn_, r.pages_per_sec
        );
        assert!(r.f1 > 0.8, "htmldate-eval F1 {:.4}", r.f1);
        Ok(())
    }
}
