//! Summary quality: ROUGE-1/2/L F (the `rouge-score` package's definition, verified against it) of the product's
//! summarizer on NeuS (AllSides left/center/right story triplets with a human neutral summary, multi-document)
//! and on the BBC News summary sample (single article, with the lead-3 baseline scored by the same harness).

mod porter;
pub mod rouge;

use crate::{Error, Result, read_to_string};
use newsdesk_model::ArticleId;
use newsdesk_summarize::{
    Budget, SummaryInput, choose_headline, summarize_article_within, summarize_story_within,
};
use rouge::{Rouge, rouge};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Mean ROUGE F over a set of examples, in points (0–100) as papers report them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RougeMeans {
    pub rouge1: f64,
    pub rouge2: f64,
    pub rouge_l: f64,
    /// Mean candidate length in words (whitespace-separated).
    pub words: f64,
    pub n: usize,
}

/// What `newsdesk eval summaries` reports for one data folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SummariesReport {
    /// `neus` (multi-document) or `bbc` (single article).
    pub dataset: &'static str,
    pub split: String,
    /// The product's summarizer.
    pub ours: RougeMeans,
    /// Baselines scored by the same harness: `lead3` on BBC; on NeuS every released system output
    /// (`neus_test_system_outputs/<system>.txt`, test split only).
    pub baselines: BTreeMap<String, RougeMeans>,
    pub examples_per_sec: f64,
}

/// Sentences in a single-article summary on BBC: the same count lead-3 gets, so the comparison is fair.
pub const BBC_BUDGET: Budget = Budget { sentences: 3, words: usize::MAX };

/// Score the folder: `allsides-neus` (split `test` or `val`) or `bbc-news-summary-sample`.
pub fn evaluate_summaries(dir: &Path, split: &str) -> Result<SummariesReport> {
    if dir.join("neus").is_dir() {
        evaluate_neus(dir, split)
    } else if dir.join("article").is_dir() && dir.join("summary").is_dir() {
        evaluate_bbc(dir)
    } else {
        Err(Error::Format {
            path: dir.to_path_buf(),
            reason: "expected allsides-neus (neus/) or bbc-news-summary-sample (article/, summary/)".into(),
        })
    }
}

/// One multi-document example: the articles (title, text) and the reference summary.
#[derive(Debug, Clone)]
pub struct NeusExample {
    pub articles: Vec<(String, String)>,
    pub reference: String,
}

/// Read `neus/<split>.source` and `.target`: `TITLE=> t. ARTICLE=> a` items joined by ` [SEP] `. The reference
/// becomes "t. a", the form the released system outputs were scored against.
pub fn read_neus(dir: &Path, split: &str) -> Result<Vec<NeusExample>> {
    let source_path = dir.join("neus").join(format!("{split}.source"));
    let target_path = dir.join("neus").join(format!("{split}.target"));
    let sources = read_to_string(&source_path)?;
    let targets = read_to_string(&target_path)?;
    let (sources, targets): (Vec<&str>, Vec<&str>) = (sources.lines().collect(), targets.lines().collect());
    if sources.len() != targets.len() {
        return Err(Error::Format {
            path: target_path,
            reason: format!("{} sources but {} targets", sources.len(), targets.len()),
        });
    }
    Ok(sources
        .iter()
        .zip(&targets)
        .map(|(s, t)| {
            let articles = s.split(" [SEP] ").map(split_item).collect();
            let (title, body) = split_item(t);
            NeusExample { articles, reference: format!("{title} {body}") }
        })
        .collect())
}

fn split_item(item: &str) -> (String, String) {
    let item = item.trim().trim_start_matches("TITLE=>").trim();
    match item.split_once(" ARTICLE=>") {
        Some((title, body)) => (title.trim().to_string(), body.trim().to_string()),
        None => (item.to_string(), String::new()),
    }
}

/// The product's story summary of a NeuS cluster: the chosen headline, then the summary sentences, within the
/// product's story budget ([`Budget::for_story`], which the headline's words count against).
pub fn summarize_neus(example: &NeusExample) -> String {
    summarize_neus_within(example, None)
}

/// [`summarize_neus`] with the budget given (for sweeps on the validation split).
pub fn summarize_neus_within(example: &NeusExample, budget: Option<Budget>) -> String {
    let ids: Vec<ArticleId> = (0..example.articles.len()).map(|i| ArticleId(i.to_string())).collect();
    let inputs: Vec<SummaryInput<'_>> = example
        .articles
        .iter()
        .zip(&ids)
        .map(|((title, text), id)| SummaryInput { id, title, text, time: None })
        .collect();
    let budget = budget.unwrap_or_else(|| Budget::for_story(&inputs));
    let headline = choose_headline(&inputs).unwrap_or_default();
    let headline_words = headline.split_whitespace().count();
    let budget = Budget { words: budget.words.saturating_sub(headline_words), ..budget };
    let mut out = headline.trim_end_matches('.').to_string();
    out.push('.');
    for s in summarize_story_within(&inputs, budget) {
        out.push(' ');
        out.push_str(&s.text);
    }
    out
}

fn evaluate_neus(dir: &Path, split: &str) -> Result<SummariesReport> {
    let examples = read_neus(dir, split)?;
    let start = std::time::Instant::now();
    let candidates: Vec<String> = examples.iter().map(summarize_neus).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let references: Vec<&str> = examples.iter().map(|e| e.reference.as_str()).collect();
    let ours = score_all(&references, &candidates);
    let mut baselines = BTreeMap::new();
    if split == "test" {
        for (name, path) in system_outputs(dir)? {
            let lines: Vec<String> = read_to_string(&path)?.lines().map(str::to_string).collect();
            if lines.len() == references.len() {
                baselines.insert(name, score_all(&references, &lines));
            }
        }
    }
    Ok(SummariesReport {
        dataset: "neus",
        split: split.to_string(),
        ours,
        baselines,
        examples_per_sec: examples.len() as f64 / elapsed.max(1e-9),
    })
}

/// The released system outputs: every `*.txt` in `neus_test_system_outputs`, by file stem.
fn system_outputs(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let folder = dir.join("neus_test_system_outputs");
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(Vec::new()) };
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect();
    out.sort();
    Ok(out)
}

/// BBC sample: `article/<topic>/<n>.txt` (title line, blank line, body) against `summary/<topic>/<n>.txt`.
fn evaluate_bbc(dir: &Path) -> Result<SummariesReport> {
    let pairs = read_bbc(dir)?;
    let start = std::time::Instant::now();
    let id = ArticleId("a".into());
    let ours: Vec<String> = pairs
        .iter()
        .map(|(title, body, _)| {
            let input = SummaryInput { id: &id, title, text: body, time: None };
            let summary = summarize_article_within(input, BBC_BUDGET);
            summary.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
        })
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    let lead3: Vec<String> = pairs.iter().map(|(_, body, _)| lead(body, 3)).collect();
    let references: Vec<&str> = pairs.iter().map(|(_, _, r)| r.as_str()).collect();
    let mut baselines = BTreeMap::new();
    baselines.insert("lead3".to_string(), score_all(&references, &lead3));
    Ok(SummariesReport {
        dataset: "bbc",
        split: "all".into(),
        ours: score_all(&references, &ours),
        baselines,
        examples_per_sec: pairs.len() as f64 / elapsed.max(1e-9),
    })
}

/// (title, body, reference) per article, in path order.
fn read_bbc(dir: &Path) -> Result<Vec<(String, String, String)>> {
    let mut paths = Vec::new();
    let articles = dir.join("article");
    let topics =
        std::fs::read_dir(&articles).map_err(|source| Error::Io { path: articles.clone(), source })?;
    for topic in topics.filter_map(|t| t.ok()) {
        let files =
            std::fs::read_dir(topic.path()).map_err(|source| Error::Io { path: topic.path(), source })?;
        paths.extend(files.filter_map(|f| f.ok().map(|f| f.path())));
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let rel = path.strip_prefix(&articles).unwrap_or(&path);
        let reference = read_to_string(&dir.join("summary").join(rel))?;
        let content = read_to_string(&path)?;
        let (title, body) = content.split_once('\n').unwrap_or((&content, ""));
        out.push((
            title.trim().to_string(),
            body.trim().to_string(),
            reference.lines().collect::<Vec<_>>().join(" "),
        ));
    }
    Ok(out)
}

/// The first `n` sentences of a BBC body (one sentence per line).
fn lead(body: &str, n: usize) -> String {
    body.lines().map(str::trim).filter(|l| !l.is_empty()).take(n).collect::<Vec<_>>().join(" ")
}

/// Mean F of each ROUGE variant over aligned references and candidates.
pub fn score_all<S: AsRef<str>>(references: &[&str], candidates: &[S]) -> RougeMeans {
    let scores: Vec<Rouge> = references.iter().zip(candidates).map(|(r, c)| rouge(r, c.as_ref())).collect();
    let n = scores.len().max(1) as f64;
    let mean = |f: fn(&Rouge) -> f64| 100.0 * scores.iter().map(f).sum::<f64>() / n;
    RougeMeans {
        rouge1: mean(|s| s.r1.f),
        rouge2: mean(|s| s.r2.f),
        rouge_l: mean(|s| s.rl.f),
        words: candidates.iter().map(|c| c.as_ref().split_whitespace().count() as f64).sum::<f64>() / n,
        n: scores.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/allsides-neus");

    /// The released system outputs scored by rouge-score 0.1.2 (`use_stemmer=True`), from the data folder's
    /// SOURCE.md: (system, R1, R2, RL). Our scorer must agree within 0.1 point.
    const PUBLISHED: &[(&str, f64, f64, f64)] = &[
        ("llama_event_relation_graph", 45.14, 22.30, 34.02),
        ("led_event_relation_graph", 42.96, 20.66, 32.74),
        ("llama_baseline", 42.26, 19.26, 30.89),
        ("lexrank", 42.24, 18.16, 26.61),
        ("led_baseline", 40.30, 18.63, 30.24),
        ("bart_large_multi", 39.60, 16.26, 24.57),
        ("neus", 39.09, 18.93, 29.74),
        ("bart_large_cnn", 38.22, 15.74, 25.52),
        ("pegasus_cnn", 37.64, 15.31, 24.81),
        ("pegasus_multi", 35.33, 13.27, 21.25),
    ];

    #[test]
    fn released_system_outputs_score_as_rouge_score_scores_them() {
        let dir = Path::new(NEUS);
        if !dir.is_dir() {
            println!("skipping: {NEUS} absent");
            return;
        }
        let examples = read_neus(dir, "test").expect("neus test");
        let references: Vec<&str> = examples.iter().map(|e| e.reference.as_str()).collect();
        for (system, r1, r2, rl) in PUBLISHED {
            let path = dir.join("neus_test_system_outputs").join(format!("{system}.txt"));
            let lines: Vec<String> =
                std::fs::read_to_string(&path).expect("system output").lines().map(str::to_string).collect();
            let m = score_all(&references, &lines);
            for (name, ours, theirs) in [("R1", m.rouge1, r1), ("R2", m.rouge2, r2), ("RL", m.rouge_l, rl)] {
                assert!(
                    (ours - theirs).abs() < 0.1,
                    "{system} {name}: ours {ours:.3} vs rouge-score {theirs}"
                );
            }
        }
    }

    #[test]
    fn neus_items_split_into_title_and_text() {
        assert_eq!(split_item("TITLE=> A b. ARTICLE=> C d."), ("A b.".to_string(), "C d.".to_string()));
    }
}
