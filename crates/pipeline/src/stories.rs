//! Story summaries: re-made for every story whose articles changed ("dirty"), after the articles are in.
//! A summary is a pure function of the story's articles, so re-making it after a crash gives the same result.

use crate::{Progress, Result};
use newsdesk_model::StoryId;
use newsdesk_store::{ArticleQuery, Store};
use newsdesk_summarize::{SummaryInput, choose_headline, summarize_story};

/// Most articles of one story read for its summary (the earliest ones; later ones mostly repeat them).
const MAX_SUMMARY_ARTICLES: u32 = 200;

/// Re-summarize every dirty story. Returns how many were done.
pub async fn summarize_dirty_stories(store: &Store, progress: &dyn Progress) -> Result<usize> {
    let dirty = store.dirty_stories().await?;
    progress.phase("summarizing stories", dirty.len() as u64);
    for id in &dirty {
        summarize_one(store, id).await?;
        progress.advance(1);
    }
    Ok(dirty.len())
}

async fn summarize_one(store: &Store, id: &StoryId) -> Result<()> {
    let query = ArticleQuery { story: Some(id.clone()), limit: MAX_SUMMARY_ARTICLES, ..Default::default() };
    let articles = store.articles(&query).await?;
    let inputs: Vec<SummaryInput<'_>> = articles
        .iter()
        .map(|a| SummaryInput { id: &a.id, title: &a.title, text: &a.text, time: Some(a.time()) })
        .collect();
    let headline = choose_headline(&inputs).unwrap_or("Untitled story").to_string();
    let summary = summarize_story(&inputs);
    let mut outlets: Vec<String> = Vec::new();
    for a in &articles {
        if !outlets.contains(&a.source) {
            outlets.push(a.source.clone());
        }
    }
    debug_assert!(summary.iter().all(|s| articles.iter().any(|a| a.id == s.article)));
    store.save_story_summary(id, &headline, &summary, &outlets).await?;
    Ok(())
}
