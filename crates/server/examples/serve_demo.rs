//! Serve the bundled demo corpus from a temporary store: `cargo run -p newsdesk-server --example serve_demo
//! -- 127.0.0.1:8088`. For looking at the pages while working on them; `newsdesk demo` is the real thing.

use newsdesk_pipeline::{ImportOptions, NoProgress, import_paths};
use newsdesk_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr: SocketAddr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8088".into()).parse()?;
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path()).await?;
    let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/corpus"));
    let mut paths = vec![corpus];
    paths.extend(std::env::args().skip(2).map(PathBuf::from));
    let report = import_paths(&store, &paths, &ImportOptions::default(), &NoProgress).await?;
    println!(
        "imported {} articles into {} stories; serving on http://{addr}/",
        report.added, report.new_stories
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    newsdesk_server::serve(store, addr, shutdown).await?;
    Ok(())
}
