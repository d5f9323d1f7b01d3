//! How well sentence-embedding cosine, the clusterer's TF-IDF similarity and a hybrid of the two separate
//! same-event pairs from different-event pairs among the pairs a clusterer would actually weigh:
//! `cargo run --release -p newsdesk-eval --example embed_separability -- <gold dir>... [--seeds <dir>]`.
//! Needs the model (`scripts/setup.sh`). Vectors are cached in `/tmp/newsdesk-embed-<set>-<variant>.json`.
//!
//! Candidate pairs: for each article, its `TOP_K` most TF-IDF-similar earlier articles within
//! `WINDOW_DAYS` (what candidate retrieval plus a time window hands to the decision). Reported per set and
//! per text variant: average precision and ROC AUC of each score for "same gold event", and the pairwise
//! F1 at the best single threshold.

use chrono::{DateTime, Utc};
use newsdesk_cluster::{Family, profile_text};
use newsdesk_eval::clustering::{GoldArticle, load_articles, load_seeds};
use newsdesk_text::{Analyzer, TermCounts};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Earlier articles kept per article as candidates (by TF-IDF similarity).
const TOP_K: usize = 10;
/// Candidates must lie within this many days (the clusterer's decay makes older joins rare).
const WINDOW_DAYS: i64 = 60;
/// Headline-family weight, as `ClusterConfig::default().title_weight`.
const TITLE_WEIGHT: f64 = 0.5;

/// Which text of an article is embedded.
#[derive(Clone, Copy, Debug)]
enum Variant {
    /// The headline alone.
    Title,
    /// Headline and the first `LEAD_WORDS` words (about the model's 256 tokens).
    Lead,
    /// Mean of the unit vectors of the headline+lead chunk and up to `CHUNKS - 1` further chunks.
    Chunks,
}
const LEAD_WORDS: usize = 150;
const CHUNKS: usize = 3;

fn chunks(a: &GoldArticle, variant: Variant) -> Vec<String> {
    let words: Vec<&str> = a.text.split_whitespace().collect();
    match variant {
        Variant::Title => vec![a.title.clone()],
        Variant::Lead => vec![format!("{}. {}", a.title, words[..words.len().min(LEAD_WORDS)].join(" "))],
        Variant::Chunks => {
            let mut out = vec![format!("{}. {}", a.title, words[..words.len().min(LEAD_WORDS)].join(" "))];
            for c in words.chunks(LEAD_WORDS).skip(1).take(CHUNKS - 1) {
                out.push(c.join(" "));
            }
            out
        }
    }
}

fn embed_set(
    embedder: &newsdesk_embed::Embedder,
    name: &str,
    articles: &[GoldArticle],
    variant: Variant,
) -> Vec<Vec<f32>> {
    let cache = format!("/tmp/newsdesk-embed-{name}-{variant:?}.json");
    if let Ok(text) = std::fs::read_to_string(&cache)
        && let Ok(v) = serde_json::from_str::<Vec<Vec<f32>>>(&text)
        && v.len() == articles.len()
    {
        return v;
    }
    let per: Vec<Vec<String>> = articles.iter().map(|a| chunks(a, variant)).collect();
    let flat: Vec<&str> = per.iter().flatten().map(String::as_str).collect();
    let started = Instant::now();
    let vectors = embedder.embed(&flat).expect("embeds");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  embedded {name} {variant:?}: {} texts in {secs:.1} s = {:.1} texts/s, {:.1} articles/s",
        flat.len(),
        flat.len() as f64 / secs,
        articles.len() as f64 / secs
    );
    let mut it = vectors.into_iter();
    let out: Vec<Vec<f32>> = per
        .iter()
        .map(|c| {
            let mut sum = vec![0f32; newsdesk_embed::DIM];
            for v in it.by_ref().take(c.len()) {
                sum.iter_mut().zip(&v).for_each(|(s, x)| *s += x);
            }
            let n = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            sum.iter().map(|x| x / n).collect()
        })
        .collect();
    let _ = std::fs::write(&cache, serde_json::to_string(&out).unwrap_or_default());
    out
}

/// Per-family TF-IDF vectors as the clusterer weighs an article: (1 + ln count) × idf, idf over the set.
struct Tfidf {
    vecs: Vec<[HashMap<String, f64>; 3]>,
    norms: Vec<[f64; 3]>,
}

impl Tfidf {
    fn new(profiles: &[TermCounts]) -> Tfidf {
        let mut df: HashMap<&str, u32> = HashMap::new();
        for p in profiles {
            for t in p.keys() {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = profiles.len() as f64;
        let mut vecs = Vec::new();
        let mut norms = Vec::new();
        for p in profiles {
            let mut v: [HashMap<String, f64>; 3] = Default::default();
            let mut nm = [0.0; 3];
            for (t, &c) in p {
                let idf = (n + 1.0).ln() + 1.0 - f64::from(df[t.as_str()]).ln();
                let w = (1.0 + f64::from(c).ln()) * idf;
                let f = Family::of(t) as usize;
                nm[f] += w * w;
                v[f].insert(t.clone(), w);
            }
            vecs.push(v);
            norms.push(nm.map(f64::sqrt));
        }
        Tfidf { vecs, norms }
    }

    /// Weighted mean of the plain-term and headline cosines (name weight 0, as the default config).
    fn sim(&self, a: usize, b: usize) -> f64 {
        let weights = [1.0, TITLE_WEIGHT, 0.0];
        let (mut sum, mut total) = (0.0, 0.0);
        for (f, &weight) in weights.iter().enumerate() {
            if weight == 0.0 || self.norms[a][f] == 0.0 {
                continue;
            }
            total += weight;
            if self.norms[b][f] > 0.0 {
                let dot: f64 =
                    self.vecs[a][f].iter().filter_map(|(t, w)| self.vecs[b][f].get(t).map(|x| x * w)).sum();
                sum += weight * dot / (self.norms[a][f] * self.norms[b][f]);
            }
        }
        if total == 0.0 { 0.0 } else { sum / total }
    }
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum()
}

/// Average precision, ROC AUC and best-threshold F1 of `scores` for the positives in `labels`.
fn separability(scored: &[(f64, bool)]) -> (f64, f64, f64, f64) {
    let mut s = scored.to_vec();
    s.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pos = s.iter().filter(|x| x.1).count() as f64;
    let neg = s.len() as f64 - pos;
    let (mut tp, mut fp, mut ap, mut best_f1, mut best_t) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut auc_sum = 0.0;
    for &(score, label) in &s {
        if label {
            tp += 1.0;
            ap += tp / (tp + fp);
        } else {
            fp += 1.0;
            auc_sum += tp; // positives ranked above this negative
        }
        let f1 = 2.0 * tp / (tp + pos + fp);
        if f1 > best_f1 {
            best_f1 = f1;
            best_t = score;
        }
    }
    (ap / pos.max(1.0), auc_sum / (pos * neg).max(1.0), best_f1, best_t)
}

fn days_apart(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<i64> {
    Some((a? - b?).num_days().abs())
}

fn report(name: &str, articles: &[GoldArticle], embedder: &newsdesk_embed::Embedder) {
    let analyzer = Analyzer::english();
    let profiles: Vec<TermCounts> =
        articles.iter().map(|a| profile_text(&analyzer, &a.title, &a.text)).collect();
    let tfidf = Tfidf::new(&profiles);
    // Candidate pairs (i later than j in publication order).
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| articles[a].time.cmp(&articles[b].time).then(articles[a].id.cmp(&articles[b].id)));
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let mut c: Vec<(usize, f64)> = order[..k]
            .iter()
            .filter(|&&j| days_apart(articles[i].time, articles[j].time).is_none_or(|d| d <= WINDOW_DAYS))
            .map(|&j| (j, tfidf.sim(i, j)))
            .collect();
        c.sort_by(|a, b| b.1.total_cmp(&a.1));
        pairs.extend(c.into_iter().take(TOP_K).map(|(j, s)| (i, j, s)));
    }
    let positives = pairs.iter().filter(|p| articles[p.0].gold == articles[p.1].gold).count();
    let all_pos: usize = {
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        articles.iter().for_each(|a| *sizes.entry(a.gold.as_str()).or_default() += 1);
        sizes.values().map(|n| n * (n - 1) / 2).sum()
    };
    println!(
        "\n## {name}: {} articles, {} candidate pairs ({positives} same-event; {all_pos} same-event pairs in all)",
        articles.len(),
        pairs.len()
    );
    println!("| score | AP | AUC | best pairwise F1 (at) |");
    println!("|---|---|---|---|");
    let line = |label: &str, scored: Vec<(f64, bool)>| {
        let (ap, auc, f1, t) = separability(&scored);
        println!("| {label} | {ap:.3} | {auc:.3} | {f1:.3} ({t:.3}) |");
    };
    let label = |p: &(usize, usize, f64)| articles[p.0].gold == articles[p.1].gold;
    line("TF-IDF (clusterer weighting)", pairs.iter().map(|p| (p.2, label(p))).collect());
    for variant in [Variant::Title, Variant::Lead, Variant::Chunks] {
        let v = embed_set(embedder, name, articles, variant);
        line(
            &format!("dense {variant:?}"),
            pairs.iter().map(|p| (dot(&v[p.0], &v[p.1]), label(p))).collect(),
        );
        for w in [0.3, 0.5, 1.0] {
            line(
                &format!("hybrid {variant:?} tfidf + {w} × (cos − 0.5)"),
                pairs.iter().map(|p| (p.2 + w * (dot(&v[p.0], &v[p.1]) - 0.5), label(p))).collect(),
            );
        }
    }
}

fn seeds(dir: &Path, embedder: &newsdesk_embed::Embedder) {
    let arts = load_seeds(dir);
    // Windows (crates/cluster/tests/storylines.rs SEED_WINDOWS): 001+003 one window, the others alone.
    let window = |k: &str| if k == "003" { "001".to_string() } else { k.to_string() };
    let analyzer = Analyzer::english();
    let profiles: Vec<TermCounts> = arts.iter().map(|a| profile_text(&analyzer, &a.title, &a.text)).collect();
    let tfidf = Tfidf::new(&profiles);
    let vs: Vec<(Variant, Vec<Vec<f32>>)> = [Variant::Title, Variant::Lead, Variant::Chunks]
        .into_iter()
        .map(|v| (v, embed_set(embedder, "seeds", &arts, v)))
        .collect();
    println!("\n## seeds: every pair (same = one event window)");
    println!("| pair | same window | TF-IDF | dense Title | dense Lead | dense Chunks |");
    println!("|---|---|---|---|---|---|");
    for i in 0..arts.len() {
        for j in i + 1..arts.len() {
            let same = window(&arts[i].id) == window(&arts[j].id);
            println!(
                "| {}–{} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                arts[i].id,
                arts[j].id,
                if same { "**yes**" } else { "no" },
                tfidf.sim(j, i),
                dot(&vs[0].1[i], &vs[0].1[j]),
                dot(&vs[1].1[i], &vs[1].1[j]),
                dot(&vs[2].1[i], &vs[2].1[j]),
            );
        }
    }
    for a in &arts {
        println!("  {}: {}", a.id, a.title);
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let seeds_dir = args.iter().position(|a| a == "--seeds").map(|i| {
        let d = args.get(i + 1).cloned().unwrap_or_default();
        args.drain(i..(i + 2).min(args.len()));
        PathBuf::from(d)
    });
    let dir = newsdesk_embed::find_model_dir().expect("model installed (scripts/setup.sh)");
    let started = Instant::now();
    let embedder = newsdesk_embed::Embedder::load(&dir).expect("model loads");
    println!("model loaded in {:.2} s", started.elapsed().as_secs_f64());
    for d in &args {
        let path = PathBuf::from(d);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let articles = load_articles(&path).expect("gold set loads");
        report(&name, &articles, &embedder);
    }
    if let Some(d) = seeds_dir {
        seeds(&d, &embedder);
    }
}
