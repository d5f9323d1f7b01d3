//! Extraction scorer: the article-extraction-benchmark metric (Zyte/Scrapinghub `evaluate.py`), re-implemented.
//!
//! Metric, as upstream: `\w+` tokens, 4-gram shingles (a text with fewer than 4 tokens is one shorter
//! shingle), multiset TP/FP/FN per document normalized to sum 1, per-document precision/recall with
//! upstream's edge cases, corpus P and R = means over documents (skipping tp+fp=0 for P, tp+fn=0 for R),
//! F1 from those means. Accuracy = share of documents whose token list equals the gold token list.

use crate::{Error, Result};
use newsdesk_model::{Body, Document, Hints};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// Corpus scores plus speed. Speed is single-threaded (per core) and times `extract_article` only,
/// not gunzip, file reads or charset decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractionReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub n: usize,
    pub pages_per_sec: f64,
    /// MB (10^6 bytes) of decoded HTML input per second.
    pub mb_per_sec: f64,
    pub per_page: Vec<PageScore>,
}

/// One document's scores.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScore {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Quality scores only (what [`score_predictions`] returns).
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
    pub n: usize,
    pub per_page: Vec<PageScore>,
}

#[derive(Deserialize)]
struct GoldEntry {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: String,
}

#[derive(Deserialize)]
struct Prediction {
    #[serde(rename = "articleBody", default)]
    article_body: Option<String>,
}

#[derive(Deserialize)]
struct OutputFile {
    output: HashMap<String, Prediction>,
}

/// Run `extract_article` on every page of the benchmark folder (`ground-truth.json`, `html/<id>.html.gz`)
/// and score it.
pub fn evaluate_extraction(data_dir: &Path) -> Result<ExtractionReport> {
    let gold_path = data_dir.join("ground-truth.json");
    let gold: BTreeMap<String, GoldEntry> = parse_json(&gold_path, &crate::read_to_string(&gold_path)?)?;
    let mut predicted = BTreeMap::new();
    let mut elapsed = Duration::ZERO;
    let mut bytes = 0usize;
    for (id, entry) in &gold {
        let page = data_dir.join("html").join(format!("{id}.html.gz"));
        let html = newsdesk_extract::decode_html_bytes(&read_gz(&page)?, None);
        bytes += html.len();
        let hints = Hints { url: Some(entry.url.clone()).filter(|u| !u.is_empty()), ..Hints::default() };
        let doc = Document { origin: page.display().to_string(), body: Body::Html(html), hints };
        let start = Instant::now();
        let outcome = newsdesk_extract::extract_article(&doc);
        elapsed += start.elapsed();
        predicted.insert(id.clone(), outcome.article.map(|a| a.text).unwrap_or_default());
    }
    let gold_text: BTreeMap<String, String> = gold.into_iter().map(|(id, e)| (id, e.article_body)).collect();
    let s = score_predictions(&gold_text, &predicted);
    let secs = elapsed.as_secs_f64().max(1e-9);
    Ok(ExtractionReport {
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
        accuracy: s.accuracy,
        n: s.n,
        pages_per_sec: s.n as f64 / secs,
        mb_per_sec: bytes as f64 / 1e6 / secs,
        per_page: s.per_page,
    })
}

/// Score predicted texts against gold texts (both by document id). A missing prediction counts as empty.
pub fn score_predictions(gold: &BTreeMap<String, String>, predicted: &BTreeMap<String, String>) -> Scores {
    let mut precisions = Vec::new();
    let mut recalls = Vec::new();
    let mut exact = 0usize;
    let mut per_page = Vec::with_capacity(gold.len());
    for (id, truth) in gold {
        let pred = predicted.get(id).map_or("", String::as_str);
        let (tp, fp, fn_) = shingle_matching(truth, pred);
        let p = precision_score(tp, fp, fn_);
        let r = recall_score(tp, fp, fn_);
        if tp + fp > 0.0 {
            precisions.push(p);
        }
        if tp + fn_ > 0.0 {
            recalls.push(r);
        }
        if tokenize(truth) == tokenize(pred) {
            exact += 1;
        }
        per_page.push(PageScore { id: id.clone(), precision: p, recall: r, f1: f1_of(p, r) });
    }
    let precision = mean(&precisions);
    let recall = mean(&recalls);
    Scores {
        precision,
        recall,
        f1: f1_of(precision, recall),
        accuracy: exact as f64 / gold.len().max(1) as f64,
        n: gold.len(),
        per_page,
    }
}

/// Read a benchmark tool output file (`outputs/<tool>.json.gz`: `{"output": {id: {"articleBody": ...}}}`).
pub fn read_tool_output(path: &Path) -> Result<BTreeMap<String, String>> {
    let raw = read_gz(path)?;
    let text = String::from_utf8_lossy(&raw);
    let file: OutputFile = parse_json(path, &text)?;
    Ok(file.output.into_iter().map(|(id, p)| (id, p.article_body.unwrap_or_default())).collect())
}

/// Gold article bodies of a benchmark folder, by id.
pub fn read_gold(data_dir: &Path) -> Result<BTreeMap<String, String>> {
    let path = data_dir.join("ground-truth.json");
    let gold: BTreeMap<String, GoldEntry> = parse_json(&path, &crate::read_to_string(&path)?)?;
    Ok(gold.into_iter().map(|(id, e)| (id, e.article_body)).collect())
}

const NGRAM: usize = 4;

/// Upstream `string_shingle_matching`: multiset TP/FP/FN over shingles, normalized to sum 1.
fn shingle_matching(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
    }
    for (key, &pc) in &p {
        fp += pc.saturating_sub(t.get(key).copied().unwrap_or(0)) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 { (tp / sum, fp / sum, fn_ / sum) } else { (tp, fp, fn_) }
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens = tokenize(text);
    let mut out = HashMap::new();
    for i in 0..tokens.len().saturating_sub(NGRAM - 1).max(1) {
        let shingle: Vec<&str> = tokens.iter().skip(i).take(NGRAM).copied().collect();
        if !shingle.is_empty() {
            *out.entry(shingle).or_insert(0) += 1;
        }
    }
    out
}

/// Python's `re.findall(r'\w+', text)` on str patterns: runs of Unicode letters, digits and underscore.
pub(crate) fn tokenize(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect()
}

fn precision_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

fn f1_of(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 }
}

pub(crate) fn read_gz(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(out)
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Format { path: path.to_path_buf(), reason: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn data_dir() -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/article-extraction-benchmark");
        if dir.join("ground-truth.json").exists() {
            Some(dir)
        } else {
            println!("skipping: {} is absent", dir.display());
            None
        }
    }

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn metric_edge_cases() {
        // Identical texts: P = R = 1 and exact. Short texts (< 4 tokens) are one shingle.
        let s = score_predictions(
            &texts(&[("a", "one two"), ("b", "x y z w v")]),
            &texts(&[("a", "one two"), ("b", "x y z w v")]),
        );
        assert_eq!((s.precision, s.recall, s.accuracy), (1.0, 1.0, 1.0));
        // Empty prediction: skipped for precision (tp+fp=0), recall 0.
        let s = score_predictions(&texts(&[("a", "one two three four five")]), &texts(&[("a", "")]));
        assert_eq!((s.precision, s.recall), (0.0, 0.0));
        assert_eq!(s.per_page[0].recall, 0.0);
        // Half the shingles right: tokens "a b c d e" vs "a b c d f" share 1 of 2 shingles each side.
        let s = score_predictions(&texts(&[("a", "a b c d e")]), &texts(&[("a", "a b c d f")]));
        assert!((s.precision - 0.5).abs() < 1e-12 && (s.recall - 0.5).abs() < 1e-12);
        assert_eq!(tokenize("Don't stop_me, 3.5 café"), ["Don", "t", "stop_me", "3", "5", "café"]);
    }

    /// Our metric on a published tool output must reproduce BASELINES_SHARED.md to 3 decimals.
    #[test]
    fn reproduces_trafilatura_baseline() -> Result<()> {
        let Some(dir) = data_dir() else { return Ok(()) };
        let gold = read_gold(&dir)?;
        let predicted = read_tool_output(&dir.join("outputs/trafilatura.json.gz"))?;
        let s = score_predictions(&gold, &predicted);
        let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
        assert_eq!(s.n, 121);
        assert_eq!((r3(s.f1), r3(s.precision), r3(s.recall), r3(s.accuracy)), (0.957, 0.937, 0.978, 0.289));
        Ok(())
    }

    /// Our extractor on the benchmark (slow in debug): `cargo test -p newsdesk-eval --release -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn newsdesk_extraction_scores() -> Result<()> {
        let Some(dir) = data_dir() else { return Ok(()) };
        let mut r = evaluate_extraction(&dir)?;
        println!(
            "n={} P={:.3} R={:.3} F1={:.3} acc={:.3} pages/s={:.1} MB/s={:.2} (1 thread, extract_article only)",
            r.n, r.precision, r.recall, r.f1, r.accuracy, r.pages_per_sec, r.mb_per_sec
        );
        r.per_page.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        for p in r.per_page.iter().take(12) {
            println!("  {} P={:.3} R={:.3} F1={:.3}", p.id, p.precision, p.recall, p.f1);
        }
        assert!(r.f1 > 0.97, "extraction F1 regressed (0.978 when written): {:.3}", r.f1);
        Ok(())
    }
}

/// All four extraction sets at once, one line each, for measuring a change everywhere:
/// `cargo test -p newsdesk-eval --release --lib -- --ignored --nocapture all_extraction_sets`.
#[cfg(test)]
mod all_sets {
    use crate::Result;
    use std::path::PathBuf;

    #[test]
    #[ignore]
    fn all_extraction_sets() -> Result<()> {
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        if !data.join("trafilatura-eval/evaldata.json").exists() {
            println!("skipping: {} is absent", data.display());
            return Ok(());
        }
        let e = super::evaluate_extraction(&data.join("article-extraction-benchmark"))?;
        let t = crate::trafilatura_eval::evaluate_trafilatura(&data.join("trafilatura-eval"))?;
        let d = crate::htmldate::evaluate_dates(&data.join("htmldate-eval"))?;
        let r = crate::readability::evaluate_readability(&data.join("readability-test-pages"))?;
        println!(
            "extraction  P={:.4} R={:.4} F1={:.4} pages/s={:.0}",
            e.precision, e.recall, e.f1, e.pages_per_sec
        );
        println!(
            "trafilatura P={:.4} R={:.4} F1={:.4} {:?} pages/s={:.0}",
            t.precision, t.recall, t.f1, t.counts, t.pages_per_sec
        );
        println!(
            "dates       P={:.4} R={:.4} F1={:.4} pages/s={:.0}",
            d.precision, d.recall, d.f1, d.pages_per_sec
        );
        println!(
            "readability title={:.4} byline={:.4} lang={:.4} text F1={:.4}",
            r.title_accuracy, r.byline_accuracy, r.language_accuracy, r.f1
        );
        println!(
            "SUM {:.4}",
            e.f1 + t.f1 + d.f1 + r.title_accuracy + r.byline_accuracy + r.language_accuracy
        );
        Ok(())
    }
}
