//! `newsdesk reindex`: rebuild the search index from the store.

use anyhow::Context;
use newsdesk_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {}

pub async fn run(data_dir: PathBuf, _args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&data_dir)
        .await
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let started = Instant::now();
    let total = store.article_count().await?;
    let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0));
    let indexed = newsdesk_pipeline::reindex(&store, |done| bar.set_position(done as u64)).await?;
    bar.finish_and_clear();
    outln!(
        "indexed {indexed} article{} in {:.1} s",
        if indexed == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
