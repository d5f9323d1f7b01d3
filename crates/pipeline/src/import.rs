//! `newsdesk import`: files and folders → stored, clustered, summarized articles.
//!
//! Order: collect files (sorted) → read and prepare every document in parallel (pure stages) → sort by
//! publication time → for each article, assign a story and store both in one transaction → re-summarize the
//! stories that changed. Re-importing the same files changes nothing; an import killed midway and run again
//! gives the same store as one clean run, because every article commits with the clustering state it changed
//! and summaries are re-made for every story still marked dirty.

use crate::inputs::{FileContents, read_input_file};
use crate::prepare::prepare_document;
use crate::{Error, Progress, Result, summarize_dirty_stories};
use chrono::{DateTime, Utc};
use newsdesk_cluster::{ClusterConfig, DocProfile, OnlineClusterer};
use newsdesk_model::{Source, StoryId};
use newsdesk_store::{ExistingArticle, NewArticle, Store};
use newsdesk_text::Analyzer;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files read and prepared per batch: bounds memory on huge folders.
const BATCH_FILES: usize = 2000;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Outlet for inputs that name none (e.g. plain-text captures).
    pub default_source: Option<String>,
    pub cluster: ClusterConfig,
    pub now: DateTime<Utc>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { default_source: None, cluster: ClusterConfig::default(), now: Utc::now() }
    }
}

/// A file, line or entry that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_stories: usize,
    pub sources: usize,
    pub stories_summarized: usize,
    pub problems: Vec<Problem>,
    pub warnings: Vec<String>,
}

/// Import files and folders (walked recursively) into the store.
pub async fn import_paths(
    store: &Store,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let files = collect_files(paths)?;
    let mut report = ImportReport { files: files.len(), ..Default::default() };
    progress.phase("reading", files.len() as u64);
    let analyzer = Analyzer::english();
    for batch in files.chunks(BATCH_FILES) {
        let (sources, prepared) = read_and_prepare(batch, options, &analyzer, progress, &mut report);
        for source in &sources {
            store.upsert_source(source).await?;
        }
        report.sources += sources.len();
        let plain = prepared.into_iter().map(ToStore::plain).collect();
        let stored = store_articles(store, plain, options.cluster, progress).await?;
        report.added += stored.added;
        report.updated += stored.updated;
        report.unchanged += stored.unchanged;
        report.new_stories += stored.new_stories;
    }
    report.stories_summarized = summarize_dirty_stories(store, progress).await?;
    Ok(report)
}

fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(Error::Walk {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
        for entry in walkdir::WalkDir::new(path).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Walk { path: path.clone(), source: e.into() })?;
            if entry.file_type().is_file() && !is_hidden(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// A file read (or the reason it could not be) and each of its documents prepared (or the reason not).
type FileOutcome =
    (PathBuf, std::result::Result<FileContents, String>, Vec<std::result::Result<NewArticle, Problem>>);

/// Read files and run the pure stages in parallel. Outlet lists come back first so articles can use them.
fn read_and_prepare(
    files: &[PathBuf],
    options: &ImportOptions,
    analyzer: &Analyzer,
    progress: &dyn Progress,
    report: &mut ImportReport,
) -> (Vec<Source>, Vec<NewArticle>) {
    let results: Vec<FileOutcome> = files
        .par_iter()
        .map(|path| {
            let contents = read_input_file(path);
            let prepared = match &contents {
                Ok(c) => c
                    .documents
                    .iter()
                    .map(|doc| {
                        prepare_document(doc, analyzer, options.default_source.as_deref(), options.now)
                            .map_err(|reason| Problem { origin: doc.origin.clone(), reason })
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            progress.advance(1);
            (path.clone(), contents, prepared)
        })
        .collect();
    let mut sources = Vec::new();
    let mut articles = Vec::new();
    for (path, contents, prepared) in results {
        match contents {
            Ok(c) => {
                sources.extend(c.sources);
                report.warnings.extend(c.warnings);
                report
                    .problems
                    .extend(c.problems.into_iter().map(|(origin, reason)| Problem { origin, reason }));
            }
            Err(reason) => report.problems.push(Problem { origin: path.display().to_string(), reason }),
        }
        for item in prepared {
            match item {
                Ok(article) => articles.push(article),
                Err(problem) => report.problems.push(problem),
            }
        }
    }
    for p in &report.problems {
        progress.note(&format!("{}: {}", p.origin, p.reason));
    }
    // Publication order, so online clustering sees the news as it happened; ties by identity for a stable
    // order across runs.
    articles.sort_by(|a, b| {
        a.article.time().cmp(&b.article.time()).then_with(|| a.identity_key.cmp(&b.identity_key))
    });
    (sources, articles)
}

/// An article ready to store, with any extra keys it may already be stored under.
pub(crate) struct ToStore {
    pub new: NewArticle,
    /// More identity keys (a fetched item's feed GUID): an article stored under any of them is this one.
    pub extra_keys: Vec<String>,
    /// Also treat an article with exactly the same text as this one (a re-published item with a new URL).
    pub match_text: bool,
}

impl ToStore {
    fn plain(new: NewArticle) -> ToStore {
        ToStore { new, extra_keys: Vec::new(), match_text: false }
    }
}

/// Stored articles are committed to the search index at least this often during a long batch, so a new
/// article is searchable within seconds (pages see it at once); rarer commits would leave search stale for
/// a whole batch, more frequent ones make more small index segments to merge.
const INDEX_FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// What storing a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stored {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub new_stories: usize,
}

/// Store prepared articles (already in publication order) one by one: an article already known under one of
/// its keys is updated when its text changed, else skipped; a new one is assigned a story and stored with it
/// in one transaction. Shared by file import and feed polling.
pub(crate) async fn store_articles(
    store: &Store,
    articles: Vec<ToStore>,
    cluster: ClusterConfig,
    progress: &dyn Progress,
) -> Result<Stored> {
    let mut stored = Stored::default();
    let Some(earliest) = articles.first().map(|a| a.new.article.time()) else { return Ok(stored) };
    let state = store.cluster_state(earliest - cluster.window).await?;
    let mut clusterer = OnlineClusterer::restore(cluster, state.doc_freq, state.doc_count, state.stories);
    for (id, sum) in state.vectors {
        clusterer.restore_story_vector(&id, sum);
    }
    let mut copies = crate::stories::restore_dedup_index(store, earliest).await?;
    let mut vectors = article_vectors(store, &articles, progress).await?;
    progress.phase("clustering", articles.len() as u64);
    // Articles added or changed, for the search index: indexed every `INDEX_FLUSH_EVERY` and at the end.
    let mut touched = Vec::new();
    let mut last_indexed = std::time::Instant::now();
    for (item, vector) in articles.into_iter().zip(vectors.drain(..)) {
        progress.advance(1);
        let new = &item.new;
        if let Some(existing) = find_existing(store, &item).await? {
            if existing.content_hash == new.article.content_hash {
                stored.unchanged += 1;
            } else {
                store.update_article_content(&existing.id, &new.article).await?;
                store.save_article_enrichment(&existing.id, &new.enrichment).await?;
                stored.updated += 1;
                touched.push(existing.id.clone());
            }
            store.add_article_keys(&existing.id, &item.extra_keys).await?;
            continue;
        }
        let doc = DocProfile {
            id: new.article.id.clone(),
            time: Some(new.article.time()),
            terms: new.terms.clone(),
        };
        let assignment =
            clusterer.assign_with_vector(&doc, vector.as_deref(), StoryId::opened_by(&new.article.id));
        let Some(profile) = clusterer.story(&assignment.story) else { continue };
        let mut links = crate::stories::copy_links(&mut copies, &new.article);
        links.merged = assignment.merged.clone();
        let story_vector = clusterer.story_vector(&assignment.story);
        store.insert_clustered_article_full(new, &profile, &links, story_vector).await?;
        store.add_article_keys(&new.article.id, &item.extra_keys).await?;
        stored.added += 1;
        stored.new_stories += usize::from(assignment.is_new_story);
        touched.push(new.article.id.clone());
        if last_indexed.elapsed() >= INDEX_FLUSH_EVERY {
            crate::search_index::update(store, &touched).await;
            touched.clear();
            last_indexed = std::time::Instant::now();
        }
    }
    crate::search_index::update(store, &touched).await;
    Ok(stored)
}

/// The sentence vector of each article that is not stored yet (`None` for the others, and for all when
/// embeddings are off or the model is absent: see `vectors.rs`). One batch through the model, before the
/// articles are clustered one by one.
async fn article_vectors(
    store: &Store,
    articles: &[ToStore],
    progress: &dyn Progress,
) -> Result<Vec<Option<Vec<f32>>>> {
    let mut vectors = vec![None; articles.len()];
    if !crate::vectors::enabled() {
        return Ok(vectors);
    }
    let mut new = Vec::new();
    for (i, item) in articles.iter().enumerate() {
        if find_existing(store, item).await?.is_none() {
            new.push(i);
        }
    }
    progress.phase("embedding", new.len() as u64);
    let texts: Vec<String> = new
        .iter()
        .map(|&i| {
            newsdesk_cluster::vector_text(&articles[i].new.article.title, &articles[i].new.article.text)
        })
        .collect();
    // The model keeps a core busy for seconds: on a multi-threaded runtime (the server's) let the other
    // workers take this one's tasks meanwhile; block_in_place would panic on a current-thread runtime.
    let embedded = match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => {
            tokio::task::block_in_place(|| crate::vectors::embed(&texts))
        }
        _ => crate::vectors::embed(&texts),
    };
    progress.advance(new.len() as u64);
    for (i, vector) in new.into_iter().zip(embedded) {
        vectors[i] = vector;
    }
    Ok(vectors)
}

async fn find_existing(store: &Store, item: &ToStore) -> Result<Option<ExistingArticle>> {
    if item.extra_keys.is_empty() && !item.match_text {
        return Ok(store.find_by_identity(&item.new.identity_key).await?);
    }
    let mut keys = vec![item.new.identity_key.clone()];
    keys.extend(item.extra_keys.iter().cloned());
    if let Some(found) = store.find_by_any_key(&keys).await? {
        return Ok(Some(found));
    }
    if item.match_text {
        return Ok(store.find_by_content_hash(item.new.article.content_hash).await?);
    }
    Ok(None)
}
