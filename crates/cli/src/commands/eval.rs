//! `newsdesk eval <task> --data <dir>`: score against gold data; `newsdesk eval gate` checks pinned floors.

use anyhow::{Context, bail};
use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::{ClusteringReport, evaluate_clustering};
use newsdesk_eval::extraction::{ExtractionReport, evaluate_extraction};
use newsdesk_eval::feeds::{FeedsReport, evaluate_feeds};
use newsdesk_eval::gate::{GateResult, parse_floors};
use newsdesk_eval::htmldate::{DateReport, evaluate_dates};
use newsdesk_eval::quotes::{EvalArticle, QuotesReport, read_quote_gold, score_quotes};
use newsdesk_eval::readability::{ReadabilityReport, evaluate_readability};
use newsdesk_eval::summaries::{RougeMeans, SummariesReport, evaluate_summaries};
use newsdesk_eval::trafilatura_eval::{SegmentReport, evaluate_trafilatura};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// extraction | clustering | summaries | gate
    task: String,
    /// Gold-data folder; for clustering, several folders are fed as one mixed stream.
    #[arg(long)]
    data: Vec<PathBuf>,
    /// For `gate`: the floors file.
    #[arg(long, default_value = "eval/floors.txt")]
    floors: PathBuf,
    /// For `gate`: the folder holding the shared data sets.
    #[arg(long, default_value = "../shared/data")]
    shared: PathBuf,
    /// For `summaries` on allsides-neus: the NeuS split (`test`, or `val` for tuning).
    #[arg(long, default_value = "test")]
    split: String,
    /// Print one JSON object with the metric names as keys.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.task == "gate" {
        return gate(&args.floors, &args.shared, args.json);
    }
    if args.data.is_empty() {
        bail!("--data <dir> is required for `eval {}`", args.task);
    }
    let report = score(&args.task, &args.data, &args.split)?;
    if args.json {
        outln!("{report}");
    } else {
        outln!("{}", human(&args.task, &args.data, &report));
    }
    Ok(ExitCode::SUCCESS)
}

fn score(task: &str, data: &[PathBuf], split: &str) -> anyhow::Result<Value> {
    match task {
        "extraction" => {
            let [dir] = data else { bail!("extraction takes exactly one --data folder") };
            let r = evaluate_extraction(dir)
                .with_context(|| format!("scoring extraction on {}", dir.display()))?;
            Ok(extraction_json(&r))
        }
        "clustering" => {
            let r = evaluate_clustering(data, ClusterConfig::default()).context("scoring clustering")?;
            Ok(clustering_json(&r))
        }
        "summaries" => {
            let [dir] = data else { bail!("summaries takes exactly one --data folder") };
            let r = evaluate_summaries(dir, split)
                .with_context(|| format!("scoring summaries on {}", dir.display()))?;
            Ok(summaries_json(&r))
        }
        "quotes" => {
            let [dir] = data else { bail!("quotes takes exactly one --data folder (the demo corpus)") };
            Ok(quotes_json(&quotes_on_demo(dir)?))
        }
        "trafilatura" => {
            let [dir] = data else { bail!("trafilatura takes exactly one --data folder") };
            let r = evaluate_trafilatura(dir)
                .with_context(|| format!("scoring trafilatura-eval on {}", dir.display()))?;
            Ok(trafilatura_json(&r))
        }
        "dates" => {
            let [dir] = data else { bail!("dates takes exactly one --data folder") };
            let r = evaluate_dates(dir).with_context(|| format!("scoring dates on {}", dir.display()))?;
            Ok(dates_json(&r))
        }
        "feeds" => {
            let [dir] = data else { bail!("feeds takes exactly one --data folder") };
            let r = evaluate_feeds(dir).with_context(|| format!("scoring feeds on {}", dir.display()))?;
            Ok(feeds_json(&r))
        }
        "readability" => {
            let [dir] = data else { bail!("readability takes exactly one --data folder") };
            let r = evaluate_readability(dir)
                .with_context(|| format!("scoring readability on {}", dir.display()))?;
            Ok(readability_json(&r))
        }
        "ner" => {
            let [dir] = data else { bail!("ner takes exactly one --data folder (conllpp-ner)") };
            let r = newsdesk_eval::ner::evaluate_ner(dir)
                .with_context(|| format!("scoring NER on {}", dir.display()))?;
            Ok(ner_json(&r))
        }
        "when" => {
            let [dir] = data else { bail!("when takes exactly one --data folder (giveme5w1h-gold)") };
            let r = newsdesk_eval::when::evaluate_when(dir)
                .with_context(|| format!("scoring when on {}", dir.display()))?;
            Ok(when_json(&r))
        }
        "neardup" => {
            let [dir] = data else { bail!("neardup takes exactly one --data folder (the demo corpus)") };
            Ok(neardup_json(&neardup_on_demo(dir)?))
        }
        "timeline" => {
            let [dir] = data else {
                bail!("timeline takes exactly one --data path (the labelled demo dates)")
            };
            Ok(timeline_json(&timeline_on_demo(dir)?))
        }
        other => bail!(
            "unknown eval task {other:?} (known: extraction, trafilatura, dates, readability, clustering, summaries, quotes, neardup, ner, when, timeline, gate)"
        ),
    }
}

fn extraction_json(r: &ExtractionReport) -> Value {
    json!({
        "task": "extraction",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "accuracy": round(r.accuracy),
        "n": r.n, "pages_per_sec": round(r.pages_per_sec), "mb_per_sec": round(r.mb_per_sec),
    })
}

fn trafilatura_json(r: &SegmentReport) -> Value {
    json!({
        "task": "trafilatura",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "accuracy": round(r.accuracy),
        "n": r.n, "tp": r.counts.tp, "fp": r.counts.fp, "fn": r.counts.fn_, "tn": r.counts.tn,
        "pages_per_sec": round(r.pages_per_sec), "mb_per_sec": round(r.mb_per_sec),
    })
}

fn dates_json(r: &DateReport) -> Value {
    json!({
        "task": "dates",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "accuracy": round(r.accuracy),
        "n": r.n, "tp": r.tp, "fp": r.fp, "fn": r.fn_,
        "pages_per_sec": round(r.pages_per_sec), "mb_per_sec": round(r.mb_per_sec),
    })
}

fn feeds_json(r: &FeedsReport) -> Value {
    let categories: serde_json::Map<String, Value> = r
        .categories
        .iter()
        .map(|(k, c)| (k.clone(), json!({"n": c.n, "applicable": c.applicable, "passed": c.passed})))
        .collect();
    json!({
        "task": "feeds", "suite": r.suite, "applicable": r.totals.applicable, "passed": r.totals.passed,
        "pass_rate": round(r.pass_rate), "applicable_rate": round(r.applicable_rate), "n": r.totals.n,
        "categories": categories, "failures": r.failures,
    })
}

fn readability_json(r: &ReadabilityReport) -> Value {
    json!({
        "task": "readability",
        "title_accuracy": round(r.title_accuracy), "byline_accuracy": round(r.byline_accuracy),
        "byline_n": r.byline_n, "language_accuracy": round(r.language_accuracy), "language_n": r.language_n,
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1),
        "n": r.n, "pages_per_sec": round(r.pages_per_sec), "mb_per_sec": round(r.mb_per_sec),
    })
}

fn clustering_json(r: &ClusteringReport) -> Value {
    json!({
        "task": "clustering",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "n": r.n,
        "gold_clusters": r.gold_clusters, "predicted_clusters": r.predicted_clusters,
        "articles_per_sec": round(r.articles_per_sec),
        "vectors": r.vectors, "embedding_seconds": round(r.embedding_seconds),
    })
}

fn summaries_json(r: &SummariesReport) -> Value {
    let means = |m: &RougeMeans| {
        json!({"rouge1": round(m.rouge1), "rouge2": round(m.rouge2), "rougeL": round(m.rouge_l),
        "words": round(m.words), "n": m.n})
    };
    let baselines: serde_json::Map<String, Value> =
        r.baselines.iter().map(|(k, m)| (k.clone(), means(m))).collect();
    json!({
        "task": "summaries", "dataset": r.dataset, "split": r.split,
        "rouge1": round(r.ours.rouge1), "rouge2": round(r.ours.rouge2), "rougeL": round(r.ours.rouge_l),
        "words": round(r.ours.words), "n": r.ours.n, "baselines": baselines,
        "examples_per_sec": round(r.examples_per_sec),
    })
}

fn neardup_json(r: &newsdesk_eval::neardup::NeardupReport) -> Value {
    let kinds: serde_json::Map<String, Value> = r
        .kinds
        .iter()
        .map(|k| {
            let rate = if k.pairs == 0 { 0.0 } else { k.predicted_copy as f64 / k.pairs as f64 };
            (
                k.kind.clone(),
                json!({"label": if k.copy { "copy" } else { "distinct" }, "pairs": k.pairs,
                "called_copy": k.predicted_copy, "called_copy_rate": round(rate)}),
            )
        })
        .collect();
    json!({
        "task": "neardup", "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1),
        "positives": r.positives, "negatives": r.negatives, "tp": r.true_positives, "fp": r.false_positives,
        "fn": r.false_negatives, "articles": r.articles, "texts": r.texts, "kinds": kinds, "errors": r.errors,
    })
}

/// Near-duplicate pairs built from the demo corpus as the product imports it (all 49 articles), scored.
fn neardup_on_demo(dir: &Path) -> anyhow::Result<newsdesk_eval::neardup::NeardupReport> {
    let (demo, articles) = demo_articles(dir)?;
    Ok(newsdesk_eval::neardup::evaluate_neardup(&demo, &articles)?)
}

fn quotes_json(r: &QuotesReport) -> Value {
    json!({
        "task": "quotes", "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1),
        "gold": r.gold, "predicted": r.predicted, "misses": r.misses, "false_alarms": r.false_alarms,
    })
}

/// Build the demo corpus into a temporary store (the product's own import, so quotes are found in the text the
/// product stores) and score quote attribution against its labels. A `demo` folder that does not exist (the
/// gate looks under the shared data dir) means the bundled demo corpus.
fn quotes_on_demo(dir: &Path) -> anyhow::Result<QuotesReport> {
    let (demo, articles) = demo_articles(dir)?;
    let gold = read_quote_gold(&demo).with_context(|| format!("reading labels in {}", demo.display()))?;
    Ok(score_quotes(&demo, &gold, &articles)?)
}

/// The demo folder (see `quotes_on_demo`) and its articles as the product's import stores them.
fn demo_articles(dir: &Path) -> anyhow::Result<(PathBuf, Vec<EvalArticle>)> {
    let bundled = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo"));
    let demo = if !dir.exists() && dir.file_name().is_some_and(|n| n == "demo") { bundled } else { dir };
    let tmp = std::env::temp_dir().join(format!("newsdesk-demo-eval-{}", std::process::id()));
    let articles = tokio::task::block_in_place(|| {
        tokio::runtime::Handle::current().block_on(async {
            let store = newsdesk_store::Store::open(&tmp).await?;
            super::serve::load_demo(&store, demo).await?;
            let query = newsdesk_store::ArticleQuery { story: None, source: None, limit: 10_000, offset: 0 };
            let articles = store.articles(&query).await?;
            store.close().await;
            anyhow::Ok(articles)
        })
    });
    let _ = std::fs::remove_dir_all(&tmp);
    let articles: Vec<EvalArticle> =
        articles?.into_iter().map(|a| EvalArticle { url: a.url, title: a.title, text: a.text }).collect();
    Ok((demo.to_path_buf(), articles))
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn human(task: &str, data: &[PathBuf], report: &Value) -> String {
    let dirs: Vec<String> = data.iter().map(|d| d.display().to_string()).collect();
    let mut line = format!("{task} on {}:", dirs.join(" + "));
    if let Some(map) = report.as_object() {
        for (k, v) in map.iter().filter(|(k, _)| *k != "task") {
            line.push_str(&format!(" {k}={v}"));
        }
    }
    line
}

fn gate(floors_path: &Path, shared: &Path, json_out: bool) -> anyhow::Result<ExitCode> {
    let floors = parse_floors(floors_path).with_context(|| format!("reading {}", floors_path.display()))?;
    let mut results = Vec::new();
    for floor in floors {
        let report = score(&floor.task, &floor.data_dirs(shared), "test")?;
        let score = report
            .get(&floor.metric)
            .and_then(Value::as_f64)
            .with_context(|| format!("task {} has no metric {:?}", floor.task, floor.metric))?;
        results.push(GateResult { floor, score });
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    if json_out {
        let rows: Vec<Value> = results
            .iter()
            .map(|r| {
                json!({"task": r.floor.task, "data": r.floor.data.join("+"), "metric": r.floor.metric,
                "floor": r.floor.floor, "score": round(r.score), "passed": r.passed()})
            })
            .collect();
        outln!("{}", json!({"results": rows, "failed": failed}));
    } else {
        for r in &results {
            outln!(
                "{:4}  {:<11} {:<40} {:<6} {:.4} (floor {:.4})",
                if r.passed() { "ok" } else { "FAIL" },
                r.floor.task,
                r.floor.data.join("+"),
                r.floor.metric,
                r.score,
                r.floor.floor
            );
        }
        outln!("quality gate: {} floors met, {} below", results.len() - failed, failed);
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn ner_json(r: &newsdesk_eval::ner::NerReport) -> Value {
    let tagger = |t: &newsdesk_eval::ner::TaggerScore| {
        let per_type: serde_json::Map<String, Value> = t
            .per_type
            .iter()
            .map(|(k, p)| {
                ((*k).to_string(), json!({"precision": round(p.precision), "recall": round(p.recall), "f1": round(p.f1), "gold": p.gold}))
            })
            .collect();
        json!({"precision": round(t.overall.precision), "recall": round(t.overall.recall), "f1": round(t.overall.f1),
            "per_type": per_type, "tokens_per_sec": round(t.tokens_per_sec)})
    };
    json!({
        "task": "ner", "f1": round(r.perceptron.overall.f1), "rules_f1": round(r.rules.overall.f1),
        "perceptron": tagger(&r.perceptron), "rules": tagger(&r.rules),
        "train_sentences": r.train_sentences, "train_secs": round(r.train_secs),
    })
}

fn when_json(r: &newsdesk_eval::when::WhenReport) -> Value {
    json!({
        "task": "when", "accuracy": round(r.main_accuracy), "timeline_recall": round(r.timeline_recall),
        "publish_baseline": round(r.publish_baseline), "n": r.n,
        "all_parsed_accuracy": round(r.all_parsed_accuracy), "all_parsed_n": r.all_parsed_n,
        "who_overlap": round(r.who_overlap), "who_n": r.who_n, "where_overlap": round(r.where_overlap), "where_n": r.where_n,
        "articles_per_sec": round(r.articles_per_sec),
        "misses": r.misses.iter().map(|(f, g, p)| json!({"file": f, "gold": g, "predicted": p})).collect::<Vec<_>>(),
    })
}

fn timeline_json(r: &newsdesk_eval::when::LabelledDatesReport) -> Value {
    let misses: Vec<Value> = r
        .misses
        .iter()
        .map(|(e, s, want, got)| json!({"expression": e, "sentence": s, "expected": want, "got": got}))
        .collect();
    json!({"task": "timeline", "accuracy": round(r.accuracy), "n": r.n, "right": r.right, "misses": misses})
}

/// The labelled demo date expressions: a file, a folder holding `demo_dates.tsv`, or (for the gate, which looks
/// under the shared data dir) a missing `demo` folder, meaning the set bundled beside `crates/enrich`.
fn timeline_on_demo(path: &Path) -> anyhow::Result<newsdesk_eval::when::LabelledDatesReport> {
    let bundled = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../enrich/tests/demo_dates.tsv"));
    let file = if path.is_file() {
        path.to_path_buf()
    } else if path.join("demo_dates.tsv").is_file() {
        path.join("demo_dates.tsv")
    } else if path.file_name().is_some_and(|n| n == "demo") {
        bundled.to_path_buf()
    } else {
        bail!("no labelled date file at {}", path.display())
    };
    Ok(newsdesk_eval::when::evaluate_labelled_dates(&file)?)
}
