//! Show where the clusterer disagrees with gold: `cargo run --release -p newsdesk-eval --example
//! cluster_errors -- <dir>...` lists every gold event split over several stories and every story mixing
//! several gold events, with dates and titles. For diagnosis only.

use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::{
    cluster_articles_with_vectors, config_from_env, load_articles, sort_by_publication,
};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

fn main() {
    let mut articles = Vec::new();
    for (i, dir) in std::env::args().skip(1).map(PathBuf::from).enumerate() {
        for mut a in load_articles(&dir).unwrap_or_default() {
            a.gold = format!("{i}:{}", a.gold);
            articles.push(a);
        }
    }
    sort_by_publication(&mut articles);
    // With `VECTORS=1`: the sentence vectors `cluster_vectors` cached; `VW`/`VN`/`VV`/`VB`/`T` override knobs.
    let mut cache: HashMap<String, Vec<f32>> = HashMap::new();
    if std::env::var("VECTORS").is_ok() {
        for dir in std::env::args().skip(1).map(PathBuf::from) {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if let Ok(t) = std::fs::read_to_string(format!("/tmp/newsdesk-cluster-vectors-{name}.json")) {
                cache.extend(serde_json::from_str::<HashMap<String, Vec<f32>>>(&t).unwrap_or_default());
            }
        }
    }
    let config = config_from_env(ClusterConfig::default());
    let vectors: Vec<Option<Vec<f32>>> = articles.iter().map(|a| cache.get(&a.id).cloned()).collect();
    let stories = cluster_articles_with_vectors(&articles, config, &vectors);
    let mut by_gold: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_story: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (a, s)) in articles.iter().zip(&stories).enumerate() {
        by_gold.entry(a.gold.as_str()).or_default().push(i);
        by_story.entry(s.0.as_str()).or_default().push(i);
    }
    let show = |i: usize| {
        let a = &articles[i];
        let day = a.time.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
        format!("    {day} gold={} story={} {}", a.gold, &stories[i].0[..9.min(stories[i].0.len())], a.title)
    };
    println!("== gold events split");
    for members in by_gold.values() {
        let mut s: Vec<&str> = members.iter().map(|&i| stories[i].0.as_str()).collect();
        s.sort();
        s.dedup();
        if s.len() > 1 {
            println!("--");
            members.iter().for_each(|&i| println!("{}", show(i)));
        }
    }
    println!("== stories mixing events");
    for members in by_story.values() {
        let mut g: Vec<&str> = members.iter().map(|&i| articles[i].gold.as_str()).collect();
        g.sort();
        g.dedup();
        if g.len() > 1 {
            println!("--");
            members.iter().for_each(|&i| println!("{}", show(i)));
        }
    }
}
