//! trafilatura-eval scorer: main text against must-contain / must-not-contain segments (trafilatura's
//! `tests/eval_common.py` metric, re-implemented).
//!
//! Metric, as upstream: whitespace-normalize the output and each segment (`\s+` → one space, trimmed); a
//! `with` segment found as a substring is a TP, else FN; a `without` segment found is an FP, else TN; no
//! output counts as empty. Counts are summed over the corpus: P = TP/(TP+FP), R = TP/(TP+FN),
//! accuracy = (TP+TN)/all, F1 = 2PR/(P+R).

use crate::extraction::{parse_json, read_gz};
use crate::{Result, read_to_string};
use newsdesk_model::{Body, Document, Hints};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Corpus scores plus single-threaded speed of `extract_article` (not gunzip or charset decoding).
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub n: usize,
    pub counts: Counts,
    pub pages_per_sec: f64,
    pub mb_per_sec: f64,
    pub per_page: Vec<PageSegments>,
}

/// Segment counts (micro, summed over pages).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

/// One page's misses, for finding what to fix.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSegments {
    pub key: String,
    pub counts: Counts,
    /// `with` segments missing from the output.
    pub missed: Vec<String>,
    /// `without` segments present in the output.
    pub leaked: Vec<String>,
}

#[derive(Deserialize)]
struct Entry {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// Run `extract_article` on every page of `evaldata.json` (`html/<file>.gz`) and score it.
pub fn evaluate_trafilatura(data_dir: &Path) -> Result<SegmentReport> {
    let path = data_dir.join("evaldata.json");
    let gold: BTreeMap<String, Entry> = parse_json(&path, &read_to_string(&path)?)?;
    let mut total = Counts::default();
    let mut per_page = Vec::with_capacity(gold.len());
    let (mut elapsed, mut bytes) = (Duration::ZERO, 0usize);
    for (key, entry) in &gold {
        let page = data_dir.join("html").join(format!("{}.gz", entry.file));
        let html = newsdesk_extract::decode_html_bytes(&read_gz(&page)?, None);
        bytes += html.len();
        let url = key.starts_with("http").then(|| key.clone());
        let doc = Document {
            origin: page.display().to_string(),
            body: Body::Html(html),
            hints: Hints { url, ..Hints::default() },
        };
        let start = Instant::now();
        let outcome = newsdesk_extract::extract_article(&doc);
        elapsed += start.elapsed();
        let text = outcome.article.map(|a| a.text).unwrap_or_default();
        let page_score = score_page(key, &text, &entry.with, &entry.without);
        total.tp += page_score.counts.tp;
        total.fp += page_score.counts.fp;
        total.fn_ += page_score.counts.fn_;
        total.tn += page_score.counts.tn;
        per_page.push(page_score);
    }
    let (precision, recall, f1, accuracy) = ratios(total);
    let secs = elapsed.as_secs_f64().max(1e-9);
    Ok(SegmentReport {
        precision,
        recall,
        f1,
        accuracy,
        n: gold.len(),
        counts: total,
        pages_per_sec: gold.len() as f64 / secs,
        mb_per_sec: bytes as f64 / 1e6 / secs,
        per_page,
    })
}

/// Score one output against its segments.
pub fn score_page(key: &str, output: &str, with: &[String], without: &[String]) -> PageSegments {
    let out = normalize(output);
    let mut counts = Counts::default();
    let (mut missed, mut leaked) = (Vec::new(), Vec::new());
    for seg in with {
        if out.contains(&normalize(seg)) {
            counts.tp += 1;
        } else {
            counts.fn_ += 1;
            missed.push(seg.clone());
        }
    }
    for seg in without {
        if out.contains(&normalize(seg)) {
            counts.fp += 1;
            leaked.push(seg.clone());
        } else {
            counts.tn += 1;
        }
    }
    PageSegments { key: key.to_string(), counts, missed, leaked }
}

/// (precision, recall, F1, accuracy) of summed counts; 0 where a denominator is 0.
pub fn ratios(c: Counts) -> (f64, f64, f64, f64) {
    let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let p = div(c.tp, c.tp + c.fp);
    let r = div(c.tp, c.tp + c.fn_);
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f1, div(c.tp + c.tn, c.tp + c.fp + c.fn_ + c.tn))
}

/// Python's `re.sub(r'\s+', ' ', s).strip()` (str patterns: Unicode whitespace).
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn counts_segments() {
        let with = vec!["first  part".to_string(), "missing".to_string()];
        let without = vec!["menu".to_string(), "footer".to_string()];
        let p = score_page("k", "The first\npart of it.\n\nmenu", &with, &without);
        assert_eq!(p.counts, Counts { tp: 1, fp: 1, fn_: 1, tn: 1 });
        assert_eq!(p.missed, ["missing"]);
        let (pr, r, f1, acc) = ratios(Counts { tp: 3, fp: 1, fn_: 1, tn: 3 });
        assert_eq!((pr, r, f1, acc), (0.75, 0.75, 0.75, 0.75));
        assert_eq!(ratios(Counts::default()), (0.0, 0.0, 0.0, 0.0));
    }

    /// Our extractor on the set (slow in debug): `cargo test -p newsdesk-eval --release -- --ignored --nocapture trafilatura`.
    #[test]
    #[ignore]
    fn newsdesk_trafilatura_scores() -> Result<()> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/trafilatura-eval");
        if !dir.join("evaldata.json").exists() {
            println!("skipping: {} is absent", dir.display());
            return Ok(());
        }
        let r = evaluate_trafilatura(&dir)?;
        for p in r.per_page.iter().filter(|p| p.counts.fp + p.counts.fn_ > 0) {
            println!("{} fn={} fp={}", p.key, p.counts.fn_, p.counts.fp);
            let dropped = if p.missed.is_empty() { Vec::new() } else { dropped_by_rule(&dir, &p.key)? };
            for m in &p.missed {
                let seg = normalize(m);
                let why = dropped.iter().find(|(t, _)| normalize(t).contains(&seg)).map_or("", |(_, r)| *r);
                println!("   MISS [{why}] {}", m.chars().take(120).collect::<String>());
            }
            for l in &p.leaked {
                println!("   LEAK {}", l.chars().take(120).collect::<String>());
            }
        }
        println!(
            "n={} P={:.4} R={:.4} F1={:.4} acc={:.4} {:?} pages/s={:.1}",
            r.n, r.precision, r.recall, r.f1, r.accuracy, r.counts, r.pages_per_sec
        );
        assert!(r.f1 > 0.85, "trafilatura-eval F1 {:.4}", r.f1);
        Ok(())
    }

    /// What extraction dropped on one page, with the rule that dropped it.
    fn dropped_by_rule(dir: &Path, key: &str) -> Result<Vec<(String, &'static str)>> {
        let gold: BTreeMap<String, Entry> = parse_json(dir, &read_to_string(&dir.join("evaldata.json"))?)?;
        let Some(entry) = gold.get(key) else { return Ok(Vec::new()) };
        let page = dir.join("html").join(format!("{}.gz", entry.file));
        let html = newsdesk_extract::decode_html_bytes(&read_gz(&page)?, None);
        let url = key.starts_with("http").then(|| key.to_string());
        let doc = Document {
            origin: key.to_string(),
            body: Body::Html(html),
            hints: Hints { url, ..Hints::default() },
        };
        let d = newsdesk_extract::extract_article(&doc).diagnostics.dropped;
        Ok(d.into_iter().map(|d| (d.text, d.reason)).collect())
    }
}
