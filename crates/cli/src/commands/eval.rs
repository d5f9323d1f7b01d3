//! `newsdesk eval <task> --data <dir>`: score against gold data; `newsdesk eval gate` checks pinned floors.

use anyhow::{Context, bail};
use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::{ClusteringReport, evaluate_clustering};
use newsdesk_eval::extraction::{ExtractionReport, evaluate_extraction};
use newsdesk_eval::gate::{GateResult, parse_floors};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// extraction | clustering | gate
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
    let report = score(&args.task, &args.data)?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", human(&args.task, &args.data, &report));
    }
    Ok(ExitCode::SUCCESS)
}

fn score(task: &str, data: &[PathBuf]) -> anyhow::Result<Value> {
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
        other => bail!("unknown eval task {other:?} (known: extraction, clustering, gate)"),
    }
}

fn extraction_json(r: &ExtractionReport) -> Value {
    json!({
        "task": "extraction",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "accuracy": round(r.accuracy),
        "n": r.n, "pages_per_sec": round(r.pages_per_sec), "mb_per_sec": round(r.mb_per_sec),
    })
}

fn clustering_json(r: &ClusteringReport) -> Value {
    json!({
        "task": "clustering",
        "precision": round(r.precision), "recall": round(r.recall), "f1": round(r.f1), "n": r.n,
        "gold_clusters": r.gold_clusters, "predicted_clusters": r.predicted_clusters,
        "articles_per_sec": round(r.articles_per_sec),
    })
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
        let report = score(&floor.task, &floor.data_dirs(shared))?;
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
        println!("{}", json!({"results": rows, "failed": failed}));
    } else {
        for r in &results {
            println!(
                "{:4}  {:<11} {:<40} {:<6} {:.4} (floor {:.4})",
                if r.passed() { "ok" } else { "FAIL" },
                r.floor.task,
                r.floor.data.join("+"),
                r.floor.metric,
                r.score,
                r.floor.floor
            );
        }
        println!("quality gate: {} floors met, {} below", results.len() - failed, failed);
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
