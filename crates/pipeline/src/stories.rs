//! Story summaries: re-made for every story whose articles changed ("dirty"), after the articles are in.
//! A summary is a pure function of the story's articles, so re-making it after a crash gives the same result.
//! Also what issue 5 adds around stories: near-duplicate links per article (`copy_links`, with the index
//! restored from stored fingerprints), independent-source counts per story, and storylines rebuilt after
//! each batch.

use crate::{Progress, Result};
use chrono::{DateTime, Duration, Utc};
use newsdesk_cluster::dedup::{self, DedupIndex, Fingerprint, SourceItem};
use newsdesk_cluster::link_storylines;
use newsdesk_model::{Article, StoryId};
use newsdesk_store::{ArticleLinks, ArticleQuery, Store};
use newsdesk_summarize::{SummaryInput, choose_headline, summarize_story};

/// Most articles of one story read for its summary (the earliest ones; later ones mostly repeat them).
const MAX_SUMMARY_ARTICLES: u32 = 200;
/// Near-copies are looked for among articles this recent: republication of a wire text happens within days.
const DEDUP_WINDOW_DAYS: i64 = 14;
/// Storylines thread the stories of this many days before the newest one (weeks-to-years threads).
const STORYLINE_HORIZON_DAYS: i64 = 730;

/// Re-summarize every dirty story. Returns how many were done.
pub async fn summarize_dirty_stories(store: &Store, progress: &dyn Progress) -> Result<usize> {
    let dirty = store.dirty_stories().await?;
    progress.phase("summarizing stories", dirty.len() as u64);
    for id in &dirty {
        summarize_one(store, id).await?;
        save_provenance(store, id).await?;
        progress.advance(1);
    }
    if !dirty.is_empty() {
        rebuild_storylines(store).await?;
    }
    Ok(dirty.len())
}

/// The near-duplicate index as it stood before `earliest`: stored fingerprints of the window before it,
/// each with the copy group it was given when stored (not re-decided, so a resumed import matches).
pub(crate) async fn restore_dedup_index(store: &Store, earliest: DateTime<Utc>) -> Result<DedupIndex> {
    let window = Duration::days(DEDUP_WINDOW_DAYS);
    let mut index = DedupIndex::new(window);
    for (id, time, hashes, copy_of) in store.fingerprints_since(earliest - window).await? {
        let Some(fingerprint) = Fingerprint::from_stored(&hashes) else { continue };
        let original = copy_of.unwrap_or_else(|| id.clone());
        index.restore(id, time, fingerprint, original);
    }
    Ok(index)
}

/// Fingerprint an arriving article, find the copy group it joins, and name the wire its text credits.
pub(crate) fn copy_links(index: &mut DedupIndex, article: &Article) -> ArticleLinks {
    let wire = dedup::credited_wire(&article.text).map(str::to_string);
    let Some(fingerprint) = dedup::fingerprint(&article.text) else {
        return ArticleLinks { wire, ..Default::default() };
    };
    let hashes = fingerprint.to_stored();
    let copy = index.insert(article.id.clone(), article.time(), fingerprint);
    ArticleLinks { fingerprint: Some(hashes), copy_of: copy.map(|c| c.original), wire, merged: Vec::new() }
}

/// Count a story's independent sources (a copy group or a wire counts once) and save them with its wires.
async fn save_provenance(store: &Store, id: &StoryId) -> Result<()> {
    let rows = store.story_source_items(id).await?;
    let items: Vec<SourceItem<'_>> = rows
        .iter()
        .map(|(outlet, copy_of, wire)| SourceItem {
            outlet: outlet.as_str(),
            copy_group: copy_of.as_ref(),
            wire: wire.as_deref(),
        })
        .collect();
    let mut wires: Vec<String> = rows.iter().filter_map(|(_, _, w)| w.clone()).collect();
    wires.sort();
    wires.dedup();
    store.save_story_provenance(id, dedup::independent_sources(&items), &wires).await?;
    Ok(())
}

/// Re-thread the stories of the horizon before the newest one into storylines and store them.
pub async fn rebuild_storylines(store: &Store) -> Result<usize> {
    let state = store.cluster_state(DateTime::<Utc>::MIN_UTC).await?;
    let Some(newest) = state.stories.iter().filter_map(|s| s.last).max() else { return Ok(0) };
    let since = newest - Duration::days(STORYLINE_HORIZON_DAYS);
    let stories: Vec<_> = state.stories.into_iter().filter(|s| s.last.is_none_or(|l| l >= since)).collect();
    let lines = link_storylines(&stories);
    store.replace_storylines(&lines).await?;
    Ok(lines.len())
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
