//! The `newsdesk` binary: configuration (flags and environment), subcommands, progress bars.

/// `println!` for command output that ends quietly when the reader goes away (`newsdesk stories | head`):
/// a closed pipe is the reader's choice, not an error worth a panic and a backtrace.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("error: cannot write output: {e}");
            std::process::exit(1);
        }
    }};
}

mod commands;
mod config;
mod progress;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "newsdesk", version, about = "All your news in one place, every side of every story.")]
struct Cli {
    /// Data folder holding the SQLite database (default ./newsdesk-data; `demo` defaults to ./newsdesk-demo).
    #[arg(long, global = true, env = "NEWSDESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Log more (-v: debug, -vv: trace). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import local articles: text files, HTML pages, feed files, JSON Lines, sources.json; folders recursively.
    Import(commands::import::Args),
    /// List stories, most recent first.
    Stories(commands::show::StoriesArgs),
    /// Show one story: summary with sources, articles by outlet.
    Story(commands::show::StoryArgs),
    /// Show one article.
    Article(commands::show::ArticleArgs),
    /// List articles, newest first.
    Articles(commands::show::ArticlesArgs),
    /// Serve the web UI and JSON API.
    Serve(commands::serve::ServeArgs),
    /// Build a store from the bundled demo corpus and serve it.
    Demo(commands::serve::DemoArgs),
    /// Subscribe to a feed, a web page's feed, or every feed of an OPML file.
    Add(commands::sources::AddArgs),
    /// List subscriptions with their health.
    Sources(commands::sources::SourcesArgs),
    /// Export subscriptions (OPML 2.0).
    Export(commands::sources::ExportArgs),
    /// Poll every due subscription once.
    Fetch(commands::sources::FetchArgs),
    /// Score Newsdesk against gold data (extraction, clustering) or check the quality gate.
    Eval(commands::eval::Args),
    /// Rebuild the search index from the store.
    Reindex(commands::reindex::Args),
    /// Train the entity tagger on CoNLL-format data and save it in the data folder (used instead of the rules).
    TrainNer(commands::train_ner::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    config::init_logging(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let data_dir = cli.data_dir;
    if matches!(cli.command, Command::Import(_) | Command::Serve(_) | Command::Demo(_) | Command::Fetch(_)) {
        // Commands that store articles cluster them with sentence vectors when the model is installed.
        newsdesk_pipeline::enable_embeddings();
    }
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Import(args) => commands::import::run(config::data_dir(data_dir), args).await,
            Command::Stories(args) => commands::show::stories(config::data_dir(data_dir), args).await,
            Command::Story(args) => commands::show::story(config::data_dir(data_dir), args).await,
            Command::Article(args) => commands::show::article(config::data_dir(data_dir), args).await,
            Command::Articles(args) => commands::show::articles(config::data_dir(data_dir), args).await,
            Command::Serve(args) => commands::serve::serve(config::data_dir(data_dir), args).await,
            Command::Demo(args) => {
                commands::serve::demo(data_dir.unwrap_or_else(|| "newsdesk-demo".into()), args).await
            }
            Command::Add(args) => commands::sources::add(config::data_dir(data_dir), args).await,
            Command::Sources(args) => commands::sources::sources(config::data_dir(data_dir), args).await,
            Command::Export(args) => commands::sources::export(config::data_dir(data_dir), args).await,
            Command::Fetch(args) => commands::sources::fetch(config::data_dir(data_dir), args).await,
            Command::Eval(args) => commands::eval::run(args),
            Command::Reindex(args) => commands::reindex::run(config::data_dir(data_dir), args).await,
            Command::TrainNer(args) => commands::train_ner::run(config::data_dir(data_dir), args),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
