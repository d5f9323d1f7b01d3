//! readability-test-pages scorer: metadata exact match (title, byline, language) and text overlap against
//! Mozilla Readability.js's reviewed fixtures.
//!
//! Upstream compares DOMs node by node; a different extractor cannot match DOMs, so this scorer compares
//! (a) the title for exact equality after whitespace normalization, over all pages; (b) the byline where the
//! fixture has one, equal after whitespace normalization, case folding and removing a leading "By";
//! (c) the language where the fixture has one, by primary subtag ("en-US" = "en"); (d) the text of
//! `expected.html` against ours with the article-extraction-benchmark shingle metric. Pages get the fixture
//! URL upstream uses (`http://fakehost/test/page.html`).

use crate::extraction::{score_predictions, tokenize};
use crate::{Result, read_to_string};
use newsdesk_model::{Body, Document, Hints};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// The URL Readability.js's test harness gives every page.
const FIXTURE_URL: &str = "http://fakehost/test/page.html";

#[derive(Debug, Clone, PartialEq)]
pub struct ReadabilityReport {
    /// Share of pages whose title matches.
    pub title_accuracy: f64,
    /// Share of pages with an expected byline whose byline matches.
    pub byline_accuracy: f64,
    pub byline_n: usize,
    /// Share of pages with an expected language whose language matches.
    pub language_accuracy: f64,
    pub language_n: usize,
    /// Text overlap with `expected.html` (shingle metric, means over pages).
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub n: usize,
    pub pages_per_sec: f64,
    pub mb_per_sec: f64,
    /// (page, field, expected, got) for every mismatch.
    pub misses: Vec<(String, &'static str, String, String)>,
}

#[derive(Deserialize)]
struct Expected {
    title: Option<String>,
    byline: Option<String>,
    lang: Option<String>,
}

/// Run `extract_article` on every page listed in `pages.txt` and score it.
pub fn evaluate_readability(data_dir: &Path) -> Result<ReadabilityReport> {
    let list = read_to_string(&data_dir.join("pages.txt"))?;
    let names: Vec<&str> = list.split_whitespace().collect();
    let (mut gold_text, mut our_text) = (BTreeMap::new(), BTreeMap::new());
    let (mut title_ok, mut byline_ok, mut byline_n, mut lang_ok, mut lang_n) = (0, 0, 0, 0, 0);
    let (mut elapsed, mut bytes) = (Duration::ZERO, 0usize);
    let mut misses = Vec::new();
    for name in &names {
        let dir = data_dir.join("pages").join(name);
        let meta_path = dir.join("expected-metadata.json");
        let expected: Expected = crate::extraction::parse_json(&meta_path, &read_to_string(&meta_path)?)?;
        let source = read_to_string(&dir.join("source.html"))?;
        bytes += source.len();
        gold_text.insert(
            name.to_string(),
            newsdesk_extract::html_text(&read_to_string(&dir.join("expected.html"))?),
        );
        let doc = Document {
            origin: dir.display().to_string(),
            body: Body::Html(source),
            hints: Hints { url: Some(FIXTURE_URL.to_string()), ..Hints::default() },
        };
        let start = Instant::now();
        let article = newsdesk_extract::extract_article(&doc).article;
        elapsed += start.elapsed();
        let (title, byline, lang, text) = match article {
            Some(a) => (a.title, a.byline, a.language, a.text),
            None => (String::new(), None, None, String::new()),
        };
        our_text.insert(name.to_string(), text);
        let mut check = |field: &'static str, want: &str, got: &str, same: bool| {
            if !same {
                misses.push((name.to_string(), field, want.to_string(), got.to_string()));
            }
            same
        };
        let want_title = expected.title.unwrap_or_default();
        if check("title", &want_title, &title, normalize(&want_title) == normalize(&title)) {
            title_ok += 1;
        }
        if let Some(want) = expected.byline.filter(|b| !b.trim().is_empty()) {
            byline_n += 1;
            let got = byline.unwrap_or_default();
            if check("byline", &want, &got, same_byline(&want, &got)) {
                byline_ok += 1;
            }
        }
        if let Some(want) = expected.lang.filter(|l| !l.trim().is_empty()) {
            lang_n += 1;
            let got = lang.unwrap_or_default();
            if check("lang", &want, &got, primary(&want) == primary(&got)) {
                lang_ok += 1;
            }
        }
    }
    let s = score_predictions(&gold_text, &our_text);
    let share = |ok: usize, n: usize| if n == 0 { 0.0 } else { ok as f64 / n as f64 };
    let secs = elapsed.as_secs_f64().max(1e-9);
    Ok(ReadabilityReport {
        title_accuracy: share(title_ok, names.len()),
        byline_accuracy: share(byline_ok, byline_n),
        byline_n,
        language_accuracy: share(lang_ok, lang_n),
        language_n: lang_n,
        precision: s.precision,
        recall: s.recall,
        f1: s.f1,
        n: names.len(),
        pages_per_sec: names.len() as f64 / secs,
        mb_per_sec: bytes as f64 / 1e6 / secs,
        misses,
    })
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bylines compare on their words: case, spacing, punctuation and a leading "By" do not count.
fn same_byline(want: &str, got: &str) -> bool {
    let words = |s: &str| {
        let lower = s.to_lowercase();
        let mut t: Vec<String> = tokenize(&lower).into_iter().map(str::to_string).collect();
        if t.first().is_some_and(|w| w == "by") {
            t.remove(0);
        }
        t
    };
    let w = words(want);
    !w.is_empty() && w == words(got)
}

fn primary(lang: &str) -> String {
    lang.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn field_comparisons() {
        assert!(same_byline("By  Jane Doe", "Jane Doe"));
        assert!(same_byline("JANE DOE.", "Jane Doe"));
        assert!(!same_byline("Jane Doe", "John Doe"));
        assert!(!same_byline("By", ""));
        assert_eq!(primary("en-US"), "en");
    }

    /// `cargo test -p newsdesk-eval --release -- --ignored --nocapture readability`.
    #[test]
    #[ignore]
    fn newsdesk_readability_scores() -> Result<()> {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/readability-test-pages");
        if !dir.join("pages.txt").exists() {
            println!("skipping: {} is absent", dir.display());
            return Ok(());
        }
        let r = evaluate_readability(&dir)?;
        for (page, field, want, got) in &r.misses {
            println!("{page} {field}: want {want:?} got {got:?}");
        }
        println!(
            "n={} title={:.3} byline={:.3} (n={}) lang={:.3} (n={}) text P={:.3} R={:.3} F1={:.3}",
            r.n,
            r.title_accuracy,
            r.byline_accuracy,
            r.byline_n,
            r.language_accuracy,
            r.language_n,
            r.precision,
            r.recall,
            r.f1
        );
        assert!(r.title_accuracy > 0.5);
        Ok(())
    }
}
