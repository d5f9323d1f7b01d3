//! `newsdesk add`, `newsdesk sources`, `newsdesk export --opml`, `newsdesk fetch`, and the background poller
//! `newsdesk serve` starts.

use crate::progress::Bar;
use anyhow::{Context, bail};
use chrono::Utc;
use newsdesk_fetch::{FetchConfig, Fetcher};
use newsdesk_model::{Ownership, Source};
use newsdesk_pipeline::{
    NoProgress, PollOptions, PollReport, export_opml, poll_due_sources, subscribe_opml, subscribe_url,
};
use newsdesk_store::Store;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Network settings shared by every command that fetches.
#[derive(clap::Args, Clone, Debug)]
pub struct NetArgs {
    /// A URL where site owners can reach you; sent in the User-Agent.
    #[arg(long, env = "NEWSDESK_CONTACT_URL")]
    contact_url: Option<String>,
    /// Hosts allowed on private/loopback addresses (intranet feeds), comma-separated.
    #[arg(long, env = "NEWSDESK_ALLOW_HOSTS", value_delimiter = ',')]
    allow_host: Vec<String>,
}

impl NetArgs {
    pub fn fetcher(&self) -> anyhow::Result<Fetcher> {
        let config = FetchConfig {
            contact_url: self.contact_url.clone(),
            allow_hosts: self.allow_host.clone(),
            ..FetchConfig::default()
        };
        Fetcher::new(config).context("starting the HTTP client")
    }
}

#[derive(clap::Args)]
pub struct AddArgs {
    /// A feed URL, a web page URL (its feed is discovered) or an OPML file.
    target: String,
    /// Outlet name (default: the feed's title).
    #[arg(long)]
    name: Option<String>,
    /// Category (OPML folder).
    #[arg(long)]
    category: Option<String>,
    /// Outlet country (e.g. GB).
    #[arg(long)]
    country: Option<String>,
    /// Outlet language (e.g. en).
    #[arg(long)]
    language: Option<String>,
    /// Ownership: state, public, private, nonprofit.
    #[arg(long)]
    ownership: Option<String>,
    /// Group labels (repeatable).
    #[arg(long = "group")]
    groups: Vec<String>,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(clap::Args)]
pub struct SourcesArgs {
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Write OPML 2.0 (the only export format so far).
    #[arg(long, required = true)]
    opml: bool,
    /// Output file (default: standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct FetchArgs {
    /// Do not fetch article pages for excerpt-only items.
    #[arg(long)]
    no_pages: bool,
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    net: NetArgs,
}

async fn open(data_dir: &std::path::Path) -> anyhow::Result<Store> {
    Store::open(data_dir).await.with_context(|| format!("opening the store in {}", data_dir.display()))
}

pub async fn add(data_dir: PathBuf, args: AddArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let path = PathBuf::from(&args.target);
    if !args.target.contains("://") && path.is_file() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let (new, known) = subscribe_opml(&store, &text, Utc::now()).await.map_err(anyhow::Error::msg)?;
        outln!("{new} feeds subscribed from {} ({known} already subscribed)", path.display());
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let fetcher = args.net.fetcher()?;
    let added = subscribe_url(
        &store,
        &fetcher,
        &args.target,
        args.name.as_deref(),
        args.category.as_deref(),
        Utc::now(),
    )
    .await
    .map_err(anyhow::Error::msg)?;
    set_metadata(&store, &added.source, &args).await?;
    let verb = if added.new { "subscribed to" } else { "already subscribed to" };
    outln!("{verb} {} ({})", added.feed_url, added.source);
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn set_metadata(store: &Store, name: &str, args: &AddArgs) -> anyhow::Result<()> {
    if args.country.is_none() && args.language.is_none() && args.ownership.is_none() && args.groups.is_empty()
    {
        return Ok(());
    }
    let mut source = store.source(name).await?.unwrap_or_else(|| Source::named(name));
    if let Some(c) = &args.country {
        source.country = Some(c.clone());
    }
    if let Some(l) = &args.language {
        source.language = Some(l.clone());
    }
    if let Some(o) = &args.ownership {
        source.ownership = Ownership::parse(o);
    }
    for g in &args.groups {
        if !source.groups.contains(g) {
            source.groups.push(g.clone());
        }
    }
    store.upsert_source(&source).await?;
    Ok(())
}

pub async fn sources(data_dir: PathBuf, args: SourcesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let subs = store.subscriptions().await?;
    let outlets = store.sources().await?;
    store.close().await;
    if args.json {
        let rows: Vec<_> = subs
            .iter()
            .map(|s| {
                let meta = outlets.iter().find(|o| o.name == s.source);
                json!({
                    "source": s.source, "feed_url": s.feed_url, "title": s.title, "site_url": s.site_url,
                    "category": s.category, "health": health(s), "last_error": s.last_error, "failures": s.failures,
                    "last_success": s.last_success.map(|t| t.to_rfc3339()),
                    "next_poll": s.next_poll.to_rfc3339(), "interval_secs": s.interval_secs, "disabled": s.disabled,
                    "country": meta.and_then(|m| m.country.clone()), "language": meta.and_then(|m| m.language.clone()),
                    "ownership": meta.map(|m| m.ownership.as_str()), "groups": meta.map(|m| m.groups.clone()),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if subs.is_empty() {
        outln!("no subscriptions yet: `newsdesk add <feed-or-page-url | file.opml>`");
    }
    for s in &subs {
        outln!("{:<8} {:<28} {}", health(s), s.source, s.feed_url);
        if let Some(e) = &s.last_error {
            outln!("         {} failure(s): {e}", s.failures);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn health(s: &newsdesk_store::Subscription) -> &'static str {
    match (s.disabled, s.failures, s.last_success) {
        (true, _, _) => "disabled",
        (false, 0, None) => "new",
        (false, 0, Some(_)) => "ok",
        (false, 1..=2, _) => "failing",
        _ => "broken",
    }
}

pub async fn export(data_dir: PathBuf, args: ExportArgs) -> anyhow::Result<ExitCode> {
    if !args.opml {
        bail!("only --opml export exists");
    }
    let store = open(&data_dir).await?;
    let opml = export_opml(&store).await?;
    store.close().await;
    match args.output {
        Some(path) => std::fs::write(&path, opml).with_context(|| format!("writing {}", path.display()))?,
        None => print!("{opml}"),
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn fetch(data_dir: PathBuf, args: FetchArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    newsdesk_pipeline::use_data_dir_ner_model(&data_dir).context("loading the trained NER model")?;
    let fetcher = args.net.fetcher()?;
    let options = PollOptions { fetch_pages: !args.no_pages, ..PollOptions::default() };
    let bar = Bar::new();
    let report = poll_due_sources(&store, &fetcher, &options, &bar).await;
    bar.finish();
    store.close().await;
    let report = report?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report_json(&report))?);
    } else {
        for p in &report.problems {
            eprintln!("problem: {}: {}", p.origin, p.reason);
        }
        outln!(
            "{} feeds polled ({} unchanged, {} failed, {} disabled, {} moved): {} items, {} new articles, {} updated, {} full-text pages",
            report.polled,
            report.not_modified,
            report.failed,
            report.disabled,
            report.moved,
            report.items,
            report.added,
            report.updated,
            report.pages_fetched
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn report_json(r: &PollReport) -> serde_json::Value {
    json!({
        "polled": r.polled, "not_modified": r.not_modified, "failed": r.failed, "disabled": r.disabled,
        "moved": r.moved, "items": r.items, "pages_fetched": r.pages_fetched,
        "pages_kept_feed_text": r.pages_kept_feed_text, "added": r.added, "updated": r.updated,
        "unchanged": r.unchanged, "new_stories": r.new_stories, "stories_summarized": r.stories_summarized,
        "problems": r.problems.iter().map(|p| json!({"origin": p.origin, "reason": p.reason})).collect::<Vec<_>>(),
    })
}

/// How often the background poller looks for due subscriptions.
const POLL_TICK: Duration = Duration::from_secs(60);

/// Poll due subscriptions forever (for `newsdesk serve`); errors are logged and the loop goes on.
pub async fn poll_forever(store: Store, fetcher: Fetcher) {
    loop {
        let options = PollOptions::default();
        match poll_due_sources(&store, &fetcher, &options, &NoProgress).await {
            Ok(r) if r.polled > 0 => {
                tracing::info!(polled = r.polled, added = r.added, failed = r.failed, "poll")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "poll failed"),
        }
        tokio::time::sleep(POLL_TICK).await;
    }
}
