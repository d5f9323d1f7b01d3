//! The on-disk index: opening (creating, checking the schema), writing documents, and searching with
//! BM25 (titles boosted), filters, snippets and story grouping.

use crate::query::SearchQuery;
use crate::schema::{Fields, build_schema, register_tokenizers};
use crate::snippets::Highlighter;
use crate::{ArticleHit, Error, IndexDoc, Result, SearchResults, StoryHit, StoryResults};
use chrono::{DateTime, NaiveDate, NaiveTime};
use std::collections::HashMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::directory::error::LockError;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Folder of the index inside the data folder.
pub const INDEX_DIR: &str = "index";

/// Title matches count this much more than body matches: a headline naming the query is the best evidence
/// that an article is about it.
const TITLE_BOOST: f32 = 2.5;
/// Writer memory: small, since imports add at most a few thousand articles per commit on a 2-core machine.
const WRITER_MEMORY: usize = 50_000_000;
/// Another process (an import beside `serve`) may hold the writer lock for the length of one commit.
const WRITER_LOCK_WAIT: Duration = Duration::from_secs(20);
/// Story grouping looks at this many best article hits: enough for several pages of stories, bounded work.
const STORY_CANDIDATES: usize = 500;
/// Matched articles shown under each story hit (unless the query asks for fewer or more).
const HITS_PER_STORY: usize = 3;
/// Searches whose results are kept per searcher generation (a commit starts a new generation and empties
/// the cache): readers repeat popular queries, and a repeat then costs a lookup instead of a search.
const RESULT_CACHE_ENTRIES: usize = 2048;
/// Characters of body text around the matches in a snippet.
const SNIPPET_CHARS: usize = 220;
/// Snippets are looked for in this many leading bytes of the body: the snippet generator tokenizes (and
/// stems) all the text it is given, for every hit shown, and a news article states its subject early, so
/// scanning a long feature to the end buys little but costs most of a search's time.
const SNIPPET_SCAN_BYTES: usize = 6000;
/// Bytes per compressed block of stored documents (tantivy's default is 16 KiB). Every hit shown loads its
/// document, which decompresses the whole block holding it: with small blocks that is a few documents'
/// worth instead of a dozen, for an index about a tenth larger. Applies to indexes created from now on.
const DOCSTORE_BLOCK: usize = 4096;
/// Highlight marks; the rest of a snippet is HTML-escaped.
const MARK_OPEN: &str = "<mark>";
const MARK_CLOSE: &str = "</mark>";

fn open_index(dir: &Path) -> Result<(Index, Fields)> {
    let (schema, fields) = build_schema();
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    let index = if dir.join("meta.json").exists() {
        let index = Index::open_in_dir(dir)?;
        if !same_schema(&index, &schema) {
            return Err(Error::Outdated(dir.to_path_buf()));
        }
        index
    } else {
        let settings = tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK, ..Default::default() };
        Index::builder().schema(schema).settings(settings).create_in_dir(dir)?
    };
    register_tokenizers(&index);
    Ok((index, fields))
}

fn same_schema(index: &Index, expected: &tantivy::schema::Schema) -> bool {
    let found = index.schema();
    let names = |s: &tantivy::schema::Schema| s.fields().map(|(_, e)| e.clone()).collect::<Vec<_>>();
    names(&found) == names(expected)
}

/// Read side: an open index and a reader that follows commits (also commits made by another process).
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    cache: Arc<Mutex<ResultCache>>,
}

/// Results of recent searches, valid for one searcher generation (the index as of one commit).
#[derive(Default)]
struct ResultCache {
    generation: u64,
    stories: HashMap<String, Arc<StoryResults>>,
    articles: HashMap<String, Arc<SearchResults>>,
    /// The text fields that hold any words in this generation (see `SearchIndex::searched_fields`).
    fields: Option<Arc<Vec<tantivy::schema::Field>>>,
}

impl ResultCache {
    /// The cache for `generation`, emptied if it held another generation's results.
    fn at(&mut self, generation: u64) -> &mut ResultCache {
        if self.generation != generation {
            self.generation = generation;
            self.stories.clear();
            self.articles.clear();
            self.fields = None;
        }
        self
    }

    fn full(&self) -> bool {
        self.stories.len() + self.articles.len() >= RESULT_CACHE_ENTRIES
    }
}

/// The cache key of a query: every field, with the free text's runs of whitespace made one space (they
/// parse the same; case is kept, since `OR` is an operator and `or` a word).
fn cache_key(query: &SearchQuery) -> String {
    let text = query.text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{:?}", SearchQuery { text, ..query.clone() })
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).finish()
    }
}

impl SearchIndex {
    /// Open the index in `<data_dir>/index`, creating an empty one when there is none.
    pub fn open(data_dir: &Path) -> Result<SearchIndex> {
        Self::open_dir(&data_dir.join(INDEX_DIR))
    }

    pub fn open_dir(dir: &Path) -> Result<SearchIndex> {
        let (index, fields) = open_index(dir)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        Ok(SearchIndex { index, reader, fields, dir: dir.to_path_buf(), cache: Arc::default() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Pick up the latest commit now (the reader also does so by itself shortly after each commit).
    pub fn refresh(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, ResultCache> {
        self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Article hits, best first, with highlighted snippets; `total` counts every match. Repeated searches
    /// against the same commit are answered from a cache.
    pub fn search(&self, query: &SearchQuery) -> Result<Arc<SearchResults>> {
        self.cached(query, |cache| &mut cache.articles, |searcher| self.search_with(searcher, query))
    }

    fn search_with(&self, searcher: &Searcher, query: &SearchQuery) -> Result<SearchResults> {
        let Some(q) = self.build_query(searcher, query)? else { return Ok(SearchResults::default()) };
        let limit = query.limit.max(1);
        // The best hits alone (one past the page, to know whether more exist) let tantivy skip postings
        // blocks that cannot reach them (block-max WAND), which collecting them together with a count would
        // not. The total is then known without counting when the results end on this page; otherwise
        // matches are counted unscored.
        let mut top =
            searcher.search(&q, &TopDocs::with_limit(limit + 1).and_offset(query.offset).order_by_score())?;
        let total = if top.len() <= limit && (!top.is_empty() || query.offset == 0) {
            query.offset + top.len()
        } else {
            q.count(searcher)?
        };
        top.truncate(limit);
        let mut snippets = Snippets::new(searcher, q.as_ref(), &self.fields);
        let hits = top
            .into_iter()
            .map(|(score, address)| self.hit(searcher, &mut snippets, score, address))
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults { total, hits })
    }

    /// Story hits: the best article hits grouped by story, a story ranked by its best article (then by how
    /// many of its articles match). `limit`/`offset` page over stories. Repeated searches against the same
    /// commit are answered from a cache.
    pub fn search_stories(&self, query: &SearchQuery) -> Result<Arc<StoryResults>> {
        self.cached(query, |cache| &mut cache.stories, |searcher| self.search_stories_with(searcher, query))
    }

    /// `run` against the current searcher, answered from `table` of the result cache when this commit has
    /// already answered `query`.
    fn cached<T>(
        &self,
        query: &SearchQuery,
        table: impl Fn(&mut ResultCache) -> &mut HashMap<String, Arc<T>>,
        run: impl FnOnce(&Searcher) -> Result<T>,
    ) -> Result<Arc<T>> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        let key = cache_key(query);
        if let Some(hit) = table(self.lock_cache().at(generation)).get(&key) {
            return Ok(hit.clone());
        }
        let results = Arc::new(run(&searcher)?);
        let mut cache = self.lock_cache();
        let cache = cache.at(generation);
        if !cache.full() {
            table(cache).insert(key, results.clone());
        }
        Ok(results)
    }

    fn search_stories_with(&self, searcher: &Searcher, query: &SearchQuery) -> Result<StoryResults> {
        let Some(q) = self.build_query(searcher, query)? else { return Ok(StoryResults::default()) };
        // As in `search_with`: the candidates alone, counted unscored only when there are more matches.
        let top = searcher.search(&q, &TopDocs::with_limit(STORY_CANDIDATES).order_by_score())?;
        let total = if top.len() < STORY_CANDIDATES { top.len() } else { q.count(searcher)? };
        let mut groups: Vec<Group> = Vec::new();
        let mut position: HashMap<u64, usize> = HashMap::new();
        let mut columns = HashMap::new();
        for (score, address) in top {
            if let std::collections::hash_map::Entry::Vacant(slot) = columns.entry(address.segment_ord) {
                slot.insert(searcher.segment_reader(address.segment_ord).fast_fields().u64("story_key")?);
            }
            // Articles without a story (key 0) each stand alone.
            let key = columns[&address.segment_ord].first(address.doc_id).filter(|k| *k != 0);
            let at = match key.and_then(|k| position.get(&k).copied()) {
                Some(at) => at,
                None => {
                    groups.push((score, Vec::new()));
                    if let Some(k) = key {
                        position.insert(k, groups.len() - 1);
                    }
                    groups.len() - 1
                }
            };
            groups[at].1.push((score, address));
        }
        groups.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.len().cmp(&a.1.len())));
        let total_stories = groups.len();
        let mut snippets = Snippets::new(searcher, q.as_ref(), &self.fields);
        let per_story = if query.hits_per_story == 0 { HITS_PER_STORY } else { query.hits_per_story };
        let stories = groups
            .into_iter()
            .skip(query.offset)
            .take(query.limit.max(1))
            .map(|(score, members)| {
                let matched = members.len();
                let hits = members
                    .into_iter()
                    .take(per_story)
                    .map(|(s, a)| self.hit(searcher, &mut snippets, s, a))
                    .collect::<Result<Vec<_>>>()?;
                let story = hits.first().and_then(|h| h.story_id.clone());
                Ok(StoryHit { story_id: story, score, matched_articles: matched, hits })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(StoryResults { total_articles: total, total_stories, stories })
    }

    /// The title and body fields of the analyzers that hold any words in `searcher`'s index (an index has
    /// one pair per language; most hold nothing). A query word is looked up in each field searched, so
    /// leaving out empty ones saves most of the lookups and changes no result. Kept per generation.
    fn searched_fields(&self, searcher: &Searcher) -> Result<Arc<Vec<tantivy::schema::Field>>> {
        let generation = searcher.generation().generation_id();
        if let Some(fields) = &self.lock_cache().at(generation).fields {
            return Ok(fields.clone());
        }
        let mut fields = Vec::new();
        for field in self.fields.text.iter().flat_map(|&(_, t, b)| [t, b]) {
            let mut used = false;
            for segment in searcher.segment_readers() {
                if segment.inverted_index(field)?.terms().num_terms() > 0 {
                    used = true;
                    break;
                }
            }
            if used {
                fields.push(field);
            }
        }
        if fields.is_empty() {
            // An empty index: parse against every field (nothing matches either way).
            fields = self.fields.text.iter().flat_map(|&(_, t, b)| [t, b]).collect();
        }
        let fields = Arc::new(fields);
        self.lock_cache().at(generation).fields = Some(fields.clone());
        Ok(fields)
    }

    fn build_query(&self, searcher: &Searcher, query: &SearchQuery) -> Result<Option<Box<dyn Query>>> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text = query.text.trim();
        if !text.is_empty() {
            let defaults = self.searched_fields(searcher)?.as_ref().clone();
            let mut parser = QueryParser::for_index(&self.index, defaults);
            parser.set_conjunction_by_default();
            for &(_, title, _) in &f.text {
                parser.set_field_boost(title, TITLE_BOOST);
            }
            let (parsed, _errors) = parser.parse_query_lenient(text);
            clauses.push((Occur::Must, parsed));
        }
        if let Some(outlet) = &query.outlet {
            let term = Term::from_field_text(f.outlet, &outlet.to_lowercase());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if let Some(lang) = &query.lang {
            let term = Term::from_field_text(f.lang, &lang.to_ascii_lowercase());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if query.from.is_some() || query.to.is_some() {
            let lower = query.from.map_or(Bound::Unbounded, |d| Bound::Included(date_term(f, day_start(d))));
            let upper = query
                .to
                .and_then(|d| d.succ_opt())
                .map_or(Bound::Unbounded, |d| Bound::Excluded(date_term(f, day_start(d))));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        match clauses.len() {
            0 => Ok(None),
            _ if text.is_empty() => {
                // Filters only: everything matching them, scored equally.
                clauses.push((Occur::Must, Box::new(AllQuery)));
                Ok(Some(Box::new(BooleanQuery::new(clauses))))
            }
            _ => Ok(Some(Box::new(BooleanQuery::new(clauses)))),
        }
    }

    fn hit(
        &self,
        searcher: &Searcher,
        snippets: &mut Snippets,
        score: f32,
        address: DocAddress,
    ) -> Result<ArticleHit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let title = text_of(&doc, f.title_stored).unwrap_or_default();
        let body = text_of(&doc, f.body_stored).unwrap_or_default();
        let analyzer = text_of(&doc, f.analyzer).unwrap_or_default();
        let (title_html, snippet_html) = snippets.make(&analyzer, &title, scan_part(&body))?;
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .unwrap_or_default();
        Ok(ArticleHit {
            article_id: text_of(&doc, f.id).unwrap_or_default(),
            story_id: text_of(&doc, f.story).filter(|s| !s.is_empty()),
            title,
            outlet: text_of(&doc, f.outlet_name).unwrap_or_default(),
            language: text_of(&doc, f.lang).filter(|l| l != "und"),
            published,
            score,
            title_html,
            snippet_html,
        })
    }
}

/// A story's best score and its hits (score, address), best first.
type Group = (f32, Vec<(f32, DocAddress)>);

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str().map(str::to_string))
}

fn day_start(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn date_term(f: &Fields, secs: i64) -> Term {
    Term::from_field_date(f.published, tantivy::DateTime::from_timestamp_secs(secs))
}

/// Snippet generators per analyzer, made on first use (each looks up the query's terms in its fields).
struct Snippets<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    fields: &'a Fields,
    made: HashMap<String, (Option<Highlighter>, Option<Highlighter>)>,
}

impl<'a> Snippets<'a> {
    fn new(searcher: &'a Searcher, query: &'a dyn Query, fields: &'a Fields) -> Self {
        Snippets { searcher, query, fields, made: HashMap::new() }
    }

    /// (title, body snippet) as HTML: escaped text with `<mark>` around matched terms. A body without
    /// matches gives its opening instead.
    fn make(&mut self, analyzer: &str, title: &str, body: &str) -> Result<(String, String)> {
        if !self.made.contains_key(analyzer) {
            let pair = match self.fields.text_fields(analyzer) {
                Some((t, b)) => {
                    // Long enough for any headline: the whole title is shown.
                    let title_gen = crate::snippets::generator(self.searcher, self.query, t, analyzer, 1000)?;
                    let body_gen =
                        crate::snippets::generator(self.searcher, self.query, b, analyzer, SNIPPET_CHARS)?;
                    (Some(title_gen), Some(body_gen))
                }
                None => (None, None),
            };
            self.made.insert(analyzer.to_string(), pair);
        }
        let Some((title_gen, body_gen)) = self.made.get_mut(analyzer) else {
            return Ok((escape(title), escape(&opening(body))));
        };
        let title_html = match title_gen {
            Some(g) => marked(g, title).unwrap_or_else(|| escape(title)),
            None => escape(title),
        };
        let body_html =
            body_gen.as_mut().and_then(|g| marked(g, body)).unwrap_or_else(|| escape(&opening(body)));
        Ok((title_html, body_html))
    }
}

/// The leading part of `body` that snippets are taken from (cut at a character boundary).
fn scan_part(body: &str) -> &str {
    if body.len() <= SNIPPET_SCAN_BYTES {
        return body;
    }
    let mut cut = SNIPPET_SCAN_BYTES;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    &body[..cut]
}

/// The whole text's snippet when it has a highlight; `None` when nothing matched.
fn marked(highlighter: &mut Highlighter, text: &str) -> Option<String> {
    let (html, range) = highlighter.highlight(text, MARK_OPEN, MARK_CLOSE)?;
    let mut out = String::new();
    if range.start > 0 {
        out.push_str("… ");
    }
    out.push_str(html.trim());
    if range.end < text.len() {
        out.push_str(" …");
    }
    Some(out)
}

/// The first `SNIPPET_CHARS` characters, cut at a word boundary.
fn opening(text: &str) -> String {
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    if cut.len() == text.len() {
        return cut;
    }
    match cut.rfind(char::is_whitespace) {
        Some(at) if at > SNIPPET_CHARS / 2 => format!("{} …", &cut[..at]),
        _ => format!("{cut} …"),
    }
}

/// Minimal HTML escaping for text shown inside elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Write side: holds the index's single writer lock until dropped or committed. One per import batch.
pub struct Indexer {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
}

impl Indexer {
    /// Open (or create) the index in `<data_dir>/index` for writing, waiting up to [`WRITER_LOCK_WAIT`] for
    /// another writer (an import in another process) to finish.
    pub fn open(data_dir: &Path) -> Result<Indexer> {
        Self::open_dir(&data_dir.join(INDEX_DIR))
    }

    pub fn open_dir(dir: &Path) -> Result<Indexer> {
        let (index, fields) = open_index(dir)?;
        let started = Instant::now();
        loop {
            match index.writer_with_num_threads(1, WRITER_MEMORY) {
                Ok(writer) => return Ok(Indexer { writer, fields }),
                Err(tantivy::TantivyError::LockFailure(LockError::LockBusy, _))
                    if started.elapsed() < WRITER_LOCK_WAIT =>
                {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Add or replace (by article id) one article.
    pub fn upsert(&mut self, doc: &IndexDoc) -> Result<()> {
        let f = &self.fields;
        self.writer.delete_term(Term::from_field_text(f.id, &doc.id));
        let analyzer = crate::schema::analyzer_for(doc.language.as_deref(), &doc.text);
        let (title_field, body_field) = f.text_fields(analyzer).ok_or(Error::NoAnalyzer)?;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &doc.id);
        d.add_text(f.story, doc.story.as_deref().unwrap_or(""));
        d.add_u64(f.story_key, doc.story.as_deref().map_or(0, story_key));
        d.add_text(f.outlet, &doc.outlet);
        d.add_text(f.outlet_name, &doc.outlet);
        d.add_text(f.lang, doc.language.as_deref().map(str::to_ascii_lowercase).as_deref().unwrap_or("und"));
        d.add_text(f.analyzer, analyzer);
        d.add_date(f.published, tantivy::DateTime::from_timestamp_secs(doc.published.timestamp()));
        d.add_text(f.title_stored, &doc.title);
        // Only the part snippets are taken from is stored: a smaller document store is less to decompress
        // for every hit shown (the full text is in the store, and indexed below).
        d.add_text(f.body_stored, scan_part(&doc.text));
        d.add_text(title_field, &doc.title);
        d.add_text(body_field, &doc.text);
        self.writer.add_document(d)?;
        Ok(())
    }

    pub fn delete(&mut self, article_id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.id, article_id));
    }

    /// Remove every document (a rebuild starts with this; readers see the change only at commit).
    pub fn clear(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Make everything added so far visible to readers, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commit, then let the segment merges that commit started run to the end before releasing the writer.
    /// Each import flush adds a small segment; a writer dropped mid-merge abandons the merge, and searches
    /// slow down as unmerged segments pile up (each query visits every segment).
    pub fn finish(mut self) -> Result<()> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// A stable non-zero 64-bit key for a story id (FNV-1a; 0 means "no story").
fn story_key(story: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in story.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash.max(1)
}
