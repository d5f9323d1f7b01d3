//! Quote attribution against the demo corpus's labelled quotes (`demo/gold.json` → `quotes`): a predicted direct
//! quote is right when its speaker is the labelled speaker and its text holds the labelled opening words.
//! Precision counts every direct quote predicted in every demo article (so a quote the labels lack is an
//! error); recall counts the labels found.

use crate::{Error, Result, read_to_string};
use newsdesk_summarize::{QuoteKind, extract_quotes};
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled quote: the article key (URL, or `captures/<Outlet>/<file>.txt`), the speaker's full name and the
/// first words of the quote.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct GoldQuote {
    pub article: String,
    pub speaker: String,
    pub quote_start: String,
}

/// An article as the product stored it.
#[derive(Debug, Clone)]
pub struct EvalArticle {
    pub url: Option<String>,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuotesReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    /// Labels not found, and predictions matching no label: "article | speaker | words".
    pub misses: Vec<String>,
    pub false_alarms: Vec<String>,
}

#[derive(serde::Deserialize)]
struct GoldFile {
    quotes: Vec<GoldQuote>,
}

/// Read the labelled quotes of a demo folder (`<demo>/gold.json`).
pub fn read_quote_gold(demo: &Path) -> Result<Vec<GoldQuote>> {
    let path = demo.join("gold.json");
    let file: GoldFile = serde_json::from_str(&read_to_string(&path)?)
        .map_err(|e| Error::Format { path: path.clone(), reason: e.to_string() })?;
    Ok(file.quotes)
}

/// Score quote extraction over `articles` against the labels. Capture keys are matched by headline (the capture
/// file's first line), URLs by URL.
pub fn score_quotes(demo: &Path, gold: &[GoldQuote], articles: &[EvalArticle]) -> Result<QuotesReport> {
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(url) = &a.url {
            by_key.insert(url.clone(), i);
        }
        by_key.insert(format!("title:{}", a.title.trim()), i);
    }
    let mut gold_by_article: BTreeMap<usize, Vec<&GoldQuote>> = BTreeMap::new();
    let mut misses = Vec::new();
    for g in gold {
        let key = if g.article.starts_with("captures/") {
            let text = read_to_string(&demo.join(&g.article))?;
            format!("title:{}", text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim())
        } else {
            g.article.clone()
        };
        match by_key.get(&key) {
            Some(&i) => gold_by_article.entry(i).or_default().push(g),
            None => {
                misses.push(format!("{} | {} | {} (article not found)", g.article, g.speaker, g.quote_start))
            }
        }
    }
    let (mut predicted, mut correct, mut found) = (0usize, 0usize, 0usize);
    let mut false_alarms = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        let labels = gold_by_article.get(&i).map(Vec::as_slice).unwrap_or(&[]);
        let quotes: Vec<_> =
            extract_quotes(&a.text).into_iter().filter(|q| q.kind == QuoteKind::Direct).collect();
        predicted += quotes.len();
        let matches = |q: &newsdesk_summarize::Quote, g: &GoldQuote| {
            q.speaker == g.speaker && squash(&q.text).contains(&squash(&g.quote_start))
        };
        for q in &quotes {
            if labels.iter().any(|g| matches(q, g)) {
                correct += 1;
            } else {
                let words: String = q.text.chars().take(50).collect();
                false_alarms.push(format!(
                    "{} | {} | {words}",
                    a.url.as_deref().unwrap_or(&a.title),
                    q.speaker
                ));
            }
        }
        for g in labels {
            if quotes.iter().any(|q| matches(q, g)) {
                found += 1;
            } else {
                misses.push(format!("{} | {} | {}", g.article, g.speaker, g.quote_start));
            }
        }
    }
    let precision = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
    let recall = if gold.is_empty() { 0.0 } else { found as f64 / gold.len() as f64 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Ok(QuotesReport { precision, recall, f1, gold: gold.len(), predicted, misses, false_alarms })
}

/// Compare text modulo whitespace and quote-mark style.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace(['’', '‘'], "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_speaker_is_both_a_miss_and_a_false_alarm() {
        let dir = tempfile_dir();
        let gold = vec![GoldQuote {
            article: "u".into(),
            speaker: "Ana Vold".into(),
            quote_start: "We will".into(),
        }];
        let articles = vec![EvalArticle {
            url: Some("u".into()),
            title: "t".into(),
            text: "\"We will rebuild the bridge,\" said Mayor Piet Holm.".into(),
        }];
        let r = score_quotes(&dir, &gold, &articles).expect("score");
        assert_eq!((r.predicted, r.precision, r.recall), (1, 0.0, 0.0));
        let articles = vec![EvalArticle {
            text: articles[0].text.replace("Piet Holm", "Ana Vold"),
            ..articles[0].clone()
        }];
        let r = score_quotes(&dir, &gold, &articles).expect("score");
        assert_eq!((r.precision, r.recall), (1.0, 1.0));
    }

    fn tempfile_dir() -> std::path::PathBuf {
        std::env::temp_dir()
    }
}
