//! Clustering scorer: feed gold-labelled articles to the story clusterer in publication order and score the
//! resulting partition with BCubed precision/recall/F1 (Bagga & Baldwin; Amigó et al. 2009).
//!
//! Layouts read (detected per folder, so any folder laid out like these works):
//! - `articles.jsonl` with one article per line: `event_id` (gold), `title`, `description`, `text`,
//!   `date_publish` (news-cluster-5w1h);
//! - `articles/**/*.json` with `triplet-uuid` (gold), `title`, `date`, `body-paragraphs` as a Python literal
//!   list of lists of sentences (BASIL).
//!
//! Label-like fields (`event`, `main-event`, `keywords`) are never read: they would leak the answer.

use crate::{Error, Result, read_to_string};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use newsdesk_cluster::{ClusterConfig, DocProfile, OnlineClusterer, profile_text};
use newsdesk_model::{ArticleId, StoryId};
use newsdesk_text::Analyzer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One gold-labelled article.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub id: String,
    pub gold: String,
    pub title: String,
    pub text: String,
    pub time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClusteringReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub n: usize,
    pub gold_clusters: usize,
    pub predicted_clusters: usize,
    pub articles_per_sec: f64,
    /// Whether articles carried sentence vectors (the `embeddings` feature and an installed model).
    pub vectors: bool,
    /// Seconds spent computing sentence vectors (not in `articles_per_sec`; 0 without vectors).
    pub embedding_seconds: f64,
}

/// Score the clusterer on one or more folders fed as one stream in publication order.
pub fn evaluate_clustering(dirs: &[PathBuf], config: ClusterConfig) -> Result<ClusteringReport> {
    let mut articles = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        for mut a in load_articles(dir)? {
            // Gold labels of different folders never collide.
            a.gold = format!("{i}:{}", a.gold);
            articles.push(a);
        }
    }
    make_ids_unique(&mut articles);
    sort_by_publication(&mut articles);
    let started = Instant::now();
    let (vectors, used) = crate::vectors::article_vectors(&articles);
    let embedding_seconds = if used { started.elapsed().as_secs_f64() } else { 0.0 };
    let started = Instant::now();
    let predicted = cluster_articles_with_vectors(&articles, config, &vectors);
    let seconds = started.elapsed().as_secs_f64();
    let gold: Vec<&str> = articles.iter().map(|a| a.gold.as_str()).collect();
    let pred: Vec<&str> = predicted.iter().map(|s| s.0.as_str()).collect();
    let (precision, recall, f1) = bcubed(&gold, &pred);
    Ok(ClusteringReport {
        precision,
        recall,
        f1,
        n: articles.len(),
        gold_clusters: distinct(&gold),
        predicted_clusters: distinct(&pred),
        articles_per_sec: articles.len() as f64 / seconds.max(1e-9),
        vectors: used,
        embedding_seconds,
    })
}

/// Suffix repeated ids (BASIL has several articles whose `uuid` is the word "empty"): two articles with one
/// id would open one story id and be merged for free.
fn make_ids_unique(articles: &mut [GoldArticle]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for a in articles.iter_mut() {
        let n = seen.entry(a.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            a.id = format!("{}#{n}", a.id);
        }
    }
}

/// Articles with a date first, oldest first; undated ones after them; ties by id for a stable order.
pub fn sort_by_publication(articles: &mut [GoldArticle]) {
    articles.sort_by(|a, b| match (a.time, b.time) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
}

/// Run the product's clusterer over `articles` in the given order; each article's final story (after the
/// merges later articles caused, as the store's redirects resolve them).
pub fn cluster_articles(articles: &[GoldArticle], config: ClusterConfig) -> Vec<StoryId> {
    cluster_articles_with_vectors(articles, config, &[])
}

/// The text an article's sentence vector is computed from: [`newsdesk_cluster::vector_text`], the same
/// text the import pipeline embeds.
pub fn vector_text(article: &GoldArticle) -> String {
    newsdesk_cluster::vector_text(&article.title, &article.text)
}

/// `cluster_articles` with each article's sentence vector (`vectors[i]` for `articles[i]`; missing or
/// `None`: that article is clustered by its terms alone).
pub fn cluster_articles_with_vectors(
    articles: &[GoldArticle],
    config: ClusterConfig,
    vectors: &[Option<Vec<f32>>],
) -> Vec<StoryId> {
    let analyzer = Analyzer::english();
    let mut clusterer = OnlineClusterer::new(config);
    let mut merged_into: HashMap<StoryId, StoryId> = HashMap::new();
    let stories: Vec<StoryId> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let id = ArticleId(a.id.clone());
            let doc = DocProfile {
                id: id.clone(),
                time: a.time,
                terms: profile_text(&analyzer, &a.title, &a.text),
            };
            let vector = vectors.get(i).and_then(|v| v.as_deref());
            let assignment = clusterer.assign_with_vector(&doc, vector, StoryId::opened_by(&id));
            for old in assignment.merged {
                merged_into.insert(old, assignment.story.clone());
            }
            assignment.story
        })
        .collect();
    stories
        .into_iter()
        .map(|mut story| {
            while let Some(next) = merged_into.get(&story) {
                story = next.clone();
            }
            story
        })
        .collect()
}

/// BCubed precision, recall and F1 of a predicted partition against a gold one (item-averaged).
pub fn bcubed(gold: &[&str], predicted: &[&str]) -> (f64, f64, f64) {
    let n = gold.len();
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let mut pair_counts: HashMap<(&str, &str), usize> = HashMap::new();
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    let mut pred_sizes: HashMap<&str, usize> = HashMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        *pair_counts.entry((g, p)).or_default() += 1;
        *gold_sizes.entry(g).or_default() += 1;
        *pred_sizes.entry(p).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (g, p) in gold.iter().zip(predicted) {
        let both = pair_counts[&(*g, *p)] as f64;
        precision += both / pred_sizes[p] as f64;
        recall += both / gold_sizes[g] as f64;
    }
    precision /= n as f64;
    recall /= n as f64;
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    (precision, recall, f1)
}

fn distinct(labels: &[&str]) -> usize {
    let mut v = labels.to_vec();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// The seeds (`<dir>/*.txt`, file order) through extraction, for the diagnostic examples: `id` and `gold` are
/// the file's three-digit prefix (the seeds carry no gold events; see crates/cluster/tests/storylines.rs for
/// their windows), `time` the extracted publish date. Files that do not read or yield no article are left out.
pub fn load_seeds(dir: &Path) -> Vec<GoldArticle> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mut seeds = Vec::new();
    for p in &paths {
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let doc = newsdesk_model::Document {
            origin: p.display().to_string(),
            body: newsdesk_model::Body::Text(text),
            hints: newsdesk_model::Hints::default(),
        };
        let Some(a) = newsdesk_extract::extract_article(&doc).article else { continue };
        let key: String =
            p.file_name().map(|n| n.to_string_lossy().chars().take(3).collect()).unwrap_or_default();
        seeds.push(GoldArticle {
            id: key.clone(),
            gold: key,
            title: a.title,
            text: a.text,
            time: a.published,
        });
    }
    seeds
}

/// `base` with the clustering knobs the diagnostic examples take from the environment (`VW`, `VN`, `VV`, `VB`:
/// the vector weight, neutral cosine, veto weight and veto cosine; `T`, `MERGE`: the join and merge
/// thresholds); unset or unparsable ones keep `base`'s value.
pub fn config_from_env(base: ClusterConfig) -> ClusterConfig {
    let knob = |k: &str, v: f64| std::env::var(k).ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(v);
    ClusterConfig {
        vector_weight: knob("VW", base.vector_weight),
        vector_neutral: knob("VN", base.vector_neutral),
        vector_veto_weight: knob("VV", base.vector_veto_weight),
        vector_veto_below: knob("VB", base.vector_veto_below),
        threshold: knob("T", base.threshold),
        merge_threshold: knob("MERGE", base.merge_threshold),
        ..base
    }
}

/// Load the gold-labelled articles of one folder, whichever supported layout it has.
pub fn load_articles(dir: &Path) -> Result<Vec<GoldArticle>> {
    let jsonl = dir.join("articles.jsonl");
    if jsonl.is_file() {
        return load_jsonl(&jsonl);
    }
    let folder = dir.join("articles");
    if folder.is_dir() {
        return load_basil(&folder);
    }
    let (gold, corpus) = (dir.join("gold.json"), dir.join("corpus/articles.jsonl"));
    if gold.is_file() && corpus.is_file() {
        return load_demo(&gold, &corpus);
    }
    Err(Error::Format {
        path: dir.to_path_buf(),
        reason: "expected articles.jsonl (event_id per line) or articles/**/*.json (triplet-uuid)".into(),
    })
}

fn load_jsonl(path: &Path) -> Result<Vec<GoldArticle>> {
    let content = read_to_string(path)?;
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |reason: String| Error::Format {
            path: path.to_path_buf(),
            reason: format!("line {}: {reason}", i + 1),
        };
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let gold = ["event_id", "cluster", "story"]
            .iter()
            .find_map(|k| v.get(*k).filter(|x| !x.is_null()))
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .ok_or_else(|| bad("no event_id/cluster/story label".into()))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let description = field("description");
        let body = field("text");
        let text = if description.is_empty() || body.starts_with(&description) {
            body
        } else {
            format!("{description}\n\n{body}")
        };
        let id = Some(field("id")).filter(|s| !s.is_empty()).unwrap_or_else(|| format!("line{}", i + 1));
        let time = ["date_publish", "published", "date"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|x| x.as_str()))
            .and_then(parse_time);
        out.push(GoldArticle { id, gold, title: field("title"), text, time });
    }
    Ok(out)
}

/// Our demo corpus: `gold.json` (`events[].articles` = URLs) over `corpus/articles.jsonl` (the JSON Lines
/// part of the corpus; pages, feeds and captures are left to the end-to-end demo test).
fn load_demo(gold_path: &Path, corpus: &Path) -> Result<Vec<GoldArticle>> {
    let bad = |path: &Path, reason: String| Error::Format { path: path.to_path_buf(), reason };
    let gold: serde_json::Value =
        serde_json::from_str(&read_to_string(gold_path)?).map_err(|e| bad(gold_path, e.to_string()))?;
    let mut event_of = HashMap::new();
    for event in gold["events"].as_array().into_iter().flatten() {
        for url in event["articles"].as_array().into_iter().flatten().filter_map(|u| u.as_str()) {
            event_of.insert(url.to_string(), event["id"].as_str().unwrap_or("").to_string());
        }
    }
    let mut out = Vec::new();
    for line in read_to_string(corpus)?.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| bad(corpus, e.to_string()))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let Some(gold) = event_of.get(&field("url")) else { continue };
        let published = field("published");
        let time = DateTime::parse_from_rfc2822(&published)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| NaiveDateTime::parse_from_str(&published, "%Y-%m-%d %H:%M").ok().map(|t| t.and_utc()))
            .or_else(|| parse_time(&published));
        out.push(GoldArticle {
            id: field("url"),
            gold: gold.clone(),
            title: field("title"),
            text: field("text"),
            time,
        });
    }
    Ok(out)
}

fn load_basil(folder: &Path) -> Result<Vec<GoldArticle>> {
    let mut files = Vec::new();
    collect_json_files(folder, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let content = read_to_string(&path)?;
        let bad = |reason: String| Error::Format { path: path.clone(), reason };
        let v: serde_json::Value = serde_json::from_str(&content).map_err(|e| bad(e.to_string()))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let gold = field("triplet-uuid");
        if gold.is_empty() {
            return Err(bad("no triplet-uuid".into()));
        }
        // `body-paragraphs` is a JSON list of paragraphs, each a list of sentences (older copies of the set
        // hold the same as one Python-literal string).
        let paragraphs = match v.get("body-paragraphs") {
            Some(serde_json::Value::Array(list)) => json_string_lists(list),
            _ => parse_python_string_lists(&field("body-paragraphs")),
        };
        let text = paragraphs.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n");
        let id = Some(field("uuid")).filter(|s| !s.is_empty()).unwrap_or_else(|| path.display().to_string());
        out.push(GoldArticle { id, gold, title: field("title"), text, time: parse_time(&field("date")) });
    }
    Ok(out)
}

/// A JSON list of lists of strings (a bare string counts as a one-sentence paragraph), empty lists dropped.
fn json_string_lists(list: &[serde_json::Value]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| match p {
            serde_json::Value::Array(sentences) => {
                sentences.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()
            }
            serde_json::Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        })
        .filter(|p: &Vec<String>| !p.is_empty())
        .collect()
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for entry in entries {
        let path = entry.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?.path();
        if path.is_dir() {
            collect_json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(t.and_utc());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(12, 0, 0)).map(|t| t.and_utc())
}

/// Parse a Python literal made of nested lists of string literals (`[['a', "b"], ['c']]`) into lists of
/// strings, one list per innermost bracket. Handles both quote styles and backslash escapes.
pub fn parse_python_string_lists(src: &str) -> Vec<Vec<String>> {
    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        match c {
            '[' => current = Some(Vec::new()),
            ']' => lists.extend(current.take()),
            '\'' | '"' => {
                let s = read_python_string(&mut chars, c);
                current.get_or_insert_with(Vec::new).push(s);
            }
            _ => {}
        }
    }
    lists.retain(|l| !l.is_empty());
    lists
}

fn read_python_string(chars: &mut std::str::Chars<'_>, quote: char) -> String {
    let mut s = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => s.push('\n'),
                Some('t') => s.push('\t'),
                Some('x') => {
                    let hex: String = chars.by_ref().take(2).collect();
                    s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                }
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                }
                Some(other) => s.push(other),
                None => break,
            },
            c if c == quote => break,
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_of_perfect_and_merged_partitions() {
        let gold = ["a", "a", "b", "b"];
        assert_eq!(bcubed(&gold, &["x", "x", "y", "y"]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&gold, &["x", "x", "x", "x"]);
        assert!((p - 0.5).abs() < 1e-12 && (r - 1.0).abs() < 1e-12);
        let (p, r, _) = bcubed(&gold, &["1", "2", "3", "4"]);
        assert!((p - 1.0).abs() < 1e-12 && (r - 0.5).abs() < 1e-12);
    }

    #[test]
    fn bcubed_uneven_example() {
        // Gold {1,2,3},{4}; predicted {1,2},{3,4}.
        let (p, r, _) = bcubed(&["g", "g", "g", "h"], &["x", "x", "y", "y"]);
        assert!((p - (1.0 + 1.0 + 0.5 + 0.5) / 4.0).abs() < 1e-12);
        assert!((r - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-12);
    }

    #[test]
    fn parses_python_literals() {
        let lists =
            parse_python_string_lists(r#"[['It\'s here.', "He said \"no\"."], ['Caf\xe9 \u2014 ok']]"#);
        assert_eq!(
            lists,
            vec![vec!["It's here.".to_string(), "He said \"no\".".into()], vec!["Café — ok".into()]]
        );
    }

    #[test]
    fn basil_bodies_are_read_as_json_lists_and_as_python_literals() {
        let dir = std::env::temp_dir().join(format!("newsdesk-basil-{}", std::process::id()));
        let folder = dir.join("articles/2019");
        std::fs::create_dir_all(&folder).expect("dir");
        let list = serde_json::json!({
            "uuid": "a", "triplet-uuid": "t1", "title": "Shutdown ends", "date": "2019-01-25",
            "body-paragraphs": [["The shutdown ended.", "Workers return."], ["Talks go on."]],
        });
        let literal = serde_json::json!({
            "uuid": "b", "triplet-uuid": "t1", "title": "Shutdown over", "date": "2019-01-25",
            "body-paragraphs": "[['It is over.'], ['Pay resumes.']]",
        });
        std::fs::write(folder.join("a.json"), list.to_string()).expect("write");
        std::fs::write(folder.join("b.json"), literal.to_string()).expect("write");
        let got = load_articles(&dir).expect("loads");
        let _ = std::fs::remove_dir_all(&dir);
        let texts: Vec<&str> = got.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            ["The shutdown ended. Workers return.\n\nTalks go on.", "It is over.\n\nPay resumes."]
        );
    }

    #[test]
    fn undated_articles_come_last() {
        let mk = |id: &str, t: Option<&str>| GoldArticle {
            id: id.into(),
            gold: "g".into(),
            title: String::new(),
            text: String::new(),
            time: t.and_then(parse_time),
        };
        let mut v = vec![mk("c", None), mk("b", Some("2020-01-02")), mk("a", Some("2020-01-01"))];
        sort_by_publication(&mut v);
        assert_eq!(v.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
