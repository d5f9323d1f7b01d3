//! Score the default clustering configuration on several gold folders alone and as one stream:
//! `cargo run --release -p newsdesk-eval --example cluster_check -- <dir>...`. For diagnosis only.

use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::evaluate_clustering;
use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut sets: Vec<Vec<PathBuf>> = dirs.iter().map(|d| vec![d.clone()]).collect();
    sets.push(dirs.iter().filter(|d| !d.ends_with("demo")).cloned().collect());
    for set in sets {
        let name: Vec<String> = set
            .iter()
            .map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
            .collect();
        // `MERGE=<x>` overrides the merge threshold (diagnosis: measure merging's effect).
        let mut config = ClusterConfig::default();
        if let Some(m) = std::env::var("MERGE").ok().and_then(|v| v.parse().ok()) {
            config.merge_threshold = m;
        }
        // `IDLE=<days>` overrides the idle window per article (diagnosis: what closing idle stories costs).
        if let Some(days) = std::env::var("IDLE").ok().and_then(|v| v.parse().ok()) {
            config.idle_per_article = chrono::Duration::days(days);
        }
        if let Some(k) = std::env::var("DORMANT").ok().and_then(|v| v.parse().ok()) {
            config.dormant_features = k;
        }
        match evaluate_clustering(&set, config) {
            Ok(r) => println!(
                "{:40} P={:.3} R={:.3} F1={:.4} stories={}",
                name.join("+"),
                r.precision,
                r.recall,
                r.f1,
                r.predicted_clusters
            ),
            Err(e) => println!("{}: {e}", name.join("+")),
        }
    }
}
