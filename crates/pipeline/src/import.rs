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
use newsdesk_store::{NewArticle, Store};
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
        store_articles(store, prepared, options, progress, &mut report).await?;
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

async fn store_articles(
    store: &Store,
    articles: Vec<NewArticle>,
    options: &ImportOptions,
    progress: &dyn Progress,
    report: &mut ImportReport,
) -> Result<()> {
    let Some(earliest) = articles.first().map(|a| a.article.time()) else { return Ok(()) };
    let state = store.cluster_state(earliest - options.cluster.window).await?;
    let mut clusterer =
        OnlineClusterer::restore(options.cluster, state.doc_freq, state.doc_count, state.stories);
    progress.phase("clustering", articles.len() as u64);
    for new in articles {
        progress.advance(1);
        if let Some(existing) = store.find_by_identity(&new.identity_key).await? {
            if existing.content_hash == new.article.content_hash {
                report.unchanged += 1;
            } else {
                store.update_article_content(&existing.id, &new.article).await?;
                report.updated += 1;
            }
            continue;
        }
        let doc = DocProfile {
            id: new.article.id.clone(),
            time: Some(new.article.time()),
            terms: new.terms.clone(),
        };
        let assignment = clusterer.assign(&doc, StoryId::opened_by(&new.article.id));
        let Some(profile) = clusterer.story(&assignment.story) else { continue };
        store.insert_clustered_article(&new, profile).await?;
        report.added += 1;
        report.new_stories += usize::from(assignment.is_new_story);
    }
    Ok(())
}
