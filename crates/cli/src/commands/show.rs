//! `newsdesk stories`, `story <id>`, `article <id>`, `articles`: the same DTOs the JSON API serves.

use anyhow::{Context, anyhow};
use newsdesk_model::{ArticleId, StoryId};
use newsdesk_server::api::dto::{ArticleDto, SentenceDto, StoryDetailDto, StorySummaryDto};
use newsdesk_server::api::{article_detail, list_articles, list_stories, story_detail};
use newsdesk_store::{ArticleQuery, Store, StoryQuery};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct StoriesArgs {
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Only stories covered by this outlet.
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct StoryArgs {
    id: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ArticleArgs {
    id: String,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ArticlesArgs {
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    /// Only articles of this story.
    #[arg(long)]
    story: Option<String>,
    /// Only articles from this outlet.
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    json: bool,
}

async fn open(data_dir: &Path) -> anyhow::Result<Store> {
    anyhow::ensure!(
        data_dir.join(newsdesk_store::DB_FILE).exists(),
        "no store in {} yet: run `newsdesk import <files>` or `newsdesk demo` first",
        data_dir.display()
    );
    Store::open(data_dir).await.with_context(|| format!("opening the store in {}", data_dir.display()))
}

pub async fn stories(data_dir: PathBuf, args: StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let query = StoryQuery { limit: args.limit, offset: args.offset, source: args.source };
    let list = list_stories(&store, &query).await?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for story in &list.items {
            print_story_line(story);
        }
        outln!("{} of {} stories", list.items.len(), list.total);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn story(data_dir: PathBuf, args: StoryArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let detail = story_detail(&store, &StoryId(args.id.clone()))
        .await?
        .ok_or_else(|| anyhow!("no story {}", args.id))?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&detail)?);
    } else {
        print_story(&detail);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn article(data_dir: PathBuf, args: ArticleArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let detail = article_detail(&store, &ArticleId(args.id.clone()))
        .await?
        .ok_or_else(|| anyhow!("no article {}", args.id))?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&detail)?);
    } else {
        print_article(&detail);
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn articles(data_dir: PathBuf, args: ArticlesArgs) -> anyhow::Result<ExitCode> {
    let store = open(&data_dir).await?;
    let query = ArticleQuery {
        story: args.story.map(StoryId),
        source: args.source,
        limit: args.limit,
        offset: args.offset,
    };
    let list = list_articles(&store, &query).await?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        for a in &list.items {
            outln!("{}  {}  {}  {}", a.id, a.published.as_deref().unwrap_or("undated"), a.outlet, a.title);
        }
        outln!("{} of {} articles", list.items.len(), list.total);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_story_line(story: &StorySummaryDto) {
    outln!("{}  {}", story.id, story.headline);
    outln!(
        "    {} · {} ({}) · {} → {}",
        plural(story.article_count, "article"),
        plural(story.outlet_count, "outlet"),
        story.outlets.join(", "),
        day(&story.first_published),
        day(&story.last_published)
    );
}

fn print_story(detail: &StoryDetailDto) {
    print_story_line(&detail.story);
    outln!();
    print_sentences(&detail.story.summary);
    for group in &detail.articles_by_outlet {
        outln!("\n{}", group.outlet);
        for a in &group.articles {
            outln!("  {}  {}  {}", a.id, a.published.as_deref().map_or("undated", day), a.title);
        }
    }
}

fn print_article(detail: &ArticleDto) {
    let a = &detail.article;
    outln!("{}", a.title);
    let byline = a.byline.as_deref().map(|b| format!(" · {b}")).unwrap_or_default();
    outln!("{}{} · {}", a.outlet, byline, a.published.as_deref().unwrap_or("undated"));
    if let Some(url) = &a.url {
        outln!("{url}");
    }
    if detail.truncated {
        outln!("(the source carried only part of this article)");
    }
    outln!();
    outln!("{}", detail.text);
}

fn print_sentences(sentences: &[SentenceDto]) {
    for s in sentences {
        outln!(
            "  • {}  [{} {}#s{}]",
            s.text,
            s.outlet.as_deref().unwrap_or("?"),
            s.article_id,
            s.sentence_index
        );
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}
