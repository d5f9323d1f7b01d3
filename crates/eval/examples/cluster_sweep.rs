//! Sweep the clustering threshold on gold folders: `cargo run --release -p newsdesk-eval --example
//! cluster_sweep -- <dir>...`. For choosing one fixed configuration by measurement (never per data set).

use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::evaluate_clustering;
use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    for (threshold, days) in [(0.15, 4), (0.2, 4), (0.2, 7), (0.2, 30), (0.25, 30), (0.2, 3650), (0.25, 3650)]
    {
        let config =
            ClusterConfig { threshold, window: chrono::Duration::days(days), ..ClusterConfig::default() };
        for dir in dirs.iter().map(|d| vec![d.clone()]).chain(std::iter::once(dirs.clone())) {
            match evaluate_clustering(&dir, config) {
                Ok(r) => println!(
                    "t={threshold:.2} w={days:>4}d {:<60} P={:.3} R={:.3} F1={:.3} clusters={}/{}",
                    dir.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join("+"),
                    r.precision,
                    r.recall,
                    r.f1,
                    r.predicted_clusters,
                    r.gold_clusters
                ),
                Err(e) => eprintln!("{e}"),
            }
        }
    }
}
