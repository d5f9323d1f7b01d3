//! `newsdesk import <files or folders>`.

use crate::progress::Bar;
use anyhow::Context;
use newsdesk_pipeline::{ImportOptions, ImportReport, import_paths};
use newsdesk_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders (walked recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Outlet name for inputs that do not name one (plain-text captures, pages without site metadata).
    #[arg(long)]
    source: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(data_dir: PathBuf, args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&data_dir)
        .await
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    newsdesk_pipeline::use_data_dir_ner_model(&data_dir).context("loading the trained NER model")?;
    let report = import_into(&store, &args.paths, args.source).await?;
    store.close().await;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report_json(&report))?);
    } else {
        print_report(&report);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn import_into(
    store: &Store,
    paths: &[PathBuf],
    source: Option<String>,
) -> anyhow::Result<ImportReport> {
    let options = ImportOptions { default_source: source, ..ImportOptions::default() };
    let bar = Bar::new();
    let report = import_paths(store, paths, &options, &bar).await;
    bar.finish();
    Ok(report?)
}

fn print_report(r: &ImportReport) {
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    for p in &r.problems {
        eprintln!("skipped: {}: {}", p.origin, p.reason);
    }
    outln!(
        "{} files: {} articles added, {} updated, {} unchanged, {} skipped; {} new stories, {} stories summarized{}",
        r.files,
        r.added,
        r.updated,
        r.unchanged,
        r.problems.len(),
        r.new_stories,
        r.stories_summarized,
        if r.sources > 0 { format!("; {} outlets described", r.sources) } else { String::new() }
    );
}

fn report_json(r: &ImportReport) -> serde_json::Value {
    serde_json::json!({
        "files": r.files,
        "added": r.added,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "new_stories": r.new_stories,
        "stories_summarized": r.stories_summarized,
        "sources": r.sources,
        "problems": r.problems.iter().map(|p| serde_json::json!({"origin": p.origin, "reason": p.reason})).collect::<Vec<_>>(),
        "warnings": r.warnings,
    })
}
