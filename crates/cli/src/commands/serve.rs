//! `newsdesk serve` and `newsdesk demo`.

use super::import::import_into;
use anyhow::Context;
use newsdesk_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "NEWSDESK_ADDR")]
    addr: SocketAddr,
    /// Do not poll subscriptions in the background.
    #[arg(long)]
    no_poll: bool,
    #[command(flatten)]
    net: super::sources::NetArgs,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "NEWSDESK_ADDR")]
    addr: SocketAddr,
    /// The demo corpus folder (the repository's demo/ by default).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo"))]
    corpus: PathBuf,
    /// Build the demo store and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

pub async fn serve(data_dir: PathBuf, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&data_dir)
        .await
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    newsdesk_pipeline::use_data_dir_ner_model(&data_dir).context("loading the trained NER model")?;
    if !args.no_poll {
        tokio::spawn(super::sources::poll_forever(store.clone(), args.net.fetcher()?));
    }
    run_server(store, args.addr).await
}

pub async fn demo(data_dir: PathBuf, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open(&data_dir)
        .await
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    load_demo(&store, &args.corpus).await?;
    let stories = store.story_count().await?;
    let articles = store.article_count().await?;
    outln!("demo store in {}: {articles} articles in {stories} stories", data_dir.display());
    if args.no_serve {
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    run_server(store, args.addr).await
}

/// Import the demo corpus: `corpus/` (feeds, pages, JSON Lines, sources.json) and `captures/<Outlet>/`
/// (plain-text captures, whose outlet is the folder name).
pub async fn load_demo(store: &Store, demo: &Path) -> anyhow::Result<()> {
    let corpus = demo.join("corpus");
    anyhow::ensure!(corpus.is_dir(), "demo corpus not found at {} (use --corpus <dir>)", corpus.display());
    let report = import_into(store, &[corpus], None).await?;
    let mut problems = report.problems;
    let captures = demo.join("captures");
    if captures.is_dir() {
        let mut outlets: Vec<PathBuf> =
            std::fs::read_dir(&captures)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        outlets.sort();
        for dir in outlets.into_iter().filter(|p| p.is_dir()) {
            let outlet = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            problems.extend(import_into(store, &[dir], outlet).await?.problems);
        }
    }
    for p in &problems {
        eprintln!("skipped: {}: {}", p.origin, p.reason);
    }
    Ok(())
}

async fn run_server(store: Store, addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    newsdesk_server::serve(store, addr, shutdown).await.context("serving")?;
    Ok(ExitCode::SUCCESS)
}
