//! Sweep the hybrid (terms + sentence vectors) clustering knobs on gold folders:
//! `cargo run --release -p newsdesk-eval --example cluster_vectors -- <dir>...`. Needs the embedding model
//! (`scripts/setup.sh`); vectors are cached in `/tmp/newsdesk-cluster-vectors-<n>.json` per folder set.
//! For choosing one fixed configuration by measurement; each line shows F1 on every folder alone and on
//! all of them as one stream.

use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::{
    GoldArticle, bcubed, cluster_articles_with_vectors, load_articles, sort_by_publication, vector_text,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// Sets one knob of a configuration.
type SetKnob = fn(&mut ClusterConfig, f64);

fn vectors_for(articles: &[GoldArticle], cache: &str) -> HashMap<String, Vec<f32>> {
    if let Some(map) = std::fs::read_to_string(cache)
        .ok()
        .and_then(|text| serde_json::from_str::<HashMap<String, Vec<f32>>>(&text).ok())
    {
        return map;
    }
    let dir = newsdesk_embed::find_model_dir().expect("model installed (scripts/setup.sh)");
    let embedder = newsdesk_embed::Embedder::load(&dir).expect("model loads");
    let texts: Vec<String> = articles.iter().map(vector_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&refs).expect("embeds");
    let map: HashMap<String, Vec<f32>> = articles.iter().map(|a| a.id.clone()).zip(vectors).collect();
    let _ = std::fs::write(cache, serde_json::to_string(&map).unwrap_or_default());
    map
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut sets: Vec<Vec<GoldArticle>> = Vec::new();
    for (i, dir) in dirs.iter().enumerate() {
        let mut v = load_articles(dir).expect("loads");
        for a in &mut v {
            a.gold = format!("{i}:{}", a.gold);
        }
        sets.push(v);
    }
    let mut vectors = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        let name = dirs[i].file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        vectors.extend(vectors_for(set, &format!("/tmp/newsdesk-cluster-vectors-{name}.json")));
    }
    // `FOLD=<k>` keeps only the gold events whose label hashes to k (of 3): checks that a setting chosen on
    // the whole sets also helps on each third (the held-out third is scored the same way).
    if let Some(k) = std::env::var("FOLD").ok().and_then(|v| v.parse::<u64>().ok()) {
        let fold = |g: &str| {
            g.bytes().fold(1469598103934665603u64, |h, b| (h ^ u64::from(b)).wrapping_mul(1099511628211)) % 3
        };
        for set in &mut sets {
            set.retain(|a| fold(&a.gold) == k);
        }
    }
    let mut streams: Vec<Vec<GoldArticle>> = sets.clone();
    // The gold sets as one stream (our demo corpus is scored alone).
    streams.push(
        sets.iter().zip(&dirs).filter(|(_, d)| !d.ends_with("demo")).flat_map(|(s, _)| s.clone()).collect(),
    );
    for s in &mut streams {
        sort_by_publication(s);
    }
    let base = ClusterConfig::default();
    // Each knob: a comma-separated list in its variable, else the default alone (`VW=0` = terms alone).
    let grid = |name: &str, default: f64| -> Vec<f64> {
        std::env::var(name)
            .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
            .unwrap_or_else(|_| vec![default])
    };
    let mut configs = vec![base];
    let knobs: [(&str, f64, SetKnob); 7] = [
        ("T", base.threshold, |c, x| c.threshold = x),
        ("D", base.decay, |c, x| c.decay = x),
        ("MERGE", base.merge_threshold, |c, x| c.merge_threshold = x),
        ("VW", base.vector_weight, |c, x| c.vector_weight = x),
        ("VN", base.vector_neutral, |c, x| c.vector_neutral = x),
        ("VV", base.vector_veto_weight, |c, x| c.vector_veto_weight = x),
        ("VB", base.vector_veto_below, |c, x| c.vector_veto_below = x),
    ];
    for (name, default, set) in knobs {
        configs = configs
            .iter()
            .flat_map(|c| {
                grid(name, default).into_iter().map(move |x| {
                    let mut c = *c;
                    set(&mut c, x);
                    c
                })
            })
            .collect();
    }
    let mut results = Vec::new();
    for config in configs {
        let scores: Vec<(f64, f64, f64)> = streams
            .iter()
            .map(|s| {
                let v: Vec<Option<Vec<f32>>> = s.iter().map(|a| vectors.get(&a.id).cloned()).collect();
                let stories = cluster_articles_with_vectors(s, config, &v);
                let gold: Vec<&str> = s.iter().map(|a| a.gold.as_str()).collect();
                let pred: Vec<&str> = stories.iter().map(|x| x.0.as_str()).collect();
                bcubed(&gold, &pred)
            })
            .collect();
        let min = scores.iter().map(|s| s.2).fold(1.0, f64::min);
        let line = format!(
            "t={:.2} d={:.3} m={:.2} vw={:.2} vn={:.2} vv={:.2} vb={:.2} min={min:.4} {}",
            config.threshold,
            config.decay,
            config.merge_threshold,
            config.vector_weight,
            config.vector_neutral,
            config.vector_veto_weight,
            config.vector_veto_below,
            scores
                .iter()
                .map(|(p, r, f)| format!("[P={p:.3} R={r:.3} F1={f:.4}]"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        results.push((min, line));
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: usize = std::env::var("TOP").ok().and_then(|v| v.parse().ok()).unwrap_or(15);
    for (_, line) in results.iter().take(top) {
        println!("{line}");
    }
}
