//! Sweep clustering knobs on gold folders: `cargo run --release -p newsdesk-eval --example cluster_sweep --
//! <dir>...`. For choosing one fixed configuration by measurement (never per data set): each line shows
//! F1 on every folder alone and on all of them fed as one stream.

use newsdesk_cluster::ClusterConfig;
use newsdesk_eval::clustering::evaluate_clustering;
use std::path::PathBuf;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let sets: Vec<Vec<PathBuf>> =
        dirs.iter().map(|d| vec![d.clone()]).chain(std::iter::once(dirs.clone())).collect();
    let base = ClusterConfig::default();
    let mut results = Vec::new();
    for threshold in [0.10, 0.12, 0.14] {
        for decay in [0.04, 0.05, 0.06, 0.08] {
            for (title_weight, name_weight) in [(0.0, 0.0), (0.25, 0.25), (0.5, 0.0), (0.5, 0.5)] {
                let config = ClusterConfig { threshold, decay, title_weight, name_weight, ..base };
                let scores: Vec<(f64, f64, f64)> = sets
                    .iter()
                    .map(|s| {
                        evaluate_clustering(s, config)
                            .map_or((0.0, 0.0, 0.0), |r| (r.precision, r.recall, r.f1))
                    })
                    .collect();
                let min = scores.iter().map(|s| s.2).fold(1.0, f64::min);
                let line = format!(
                    "t={threshold:.2} d={decay:.3} tw={title_weight:.1} nw={name_weight:.1} min={min:.3} {}",
                    scores
                        .iter()
                        .map(|(p, r, f)| format!("[P={p:.3} R={r:.3} F1={f:.3}]"))
                        .collect::<Vec<_>>()
                        .join(" ")
                );

                results.push((min, line));
            }
        }
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("--- best by worst-set F1");
    for (_, line) in results.iter().take(5) {
        println!("{line}");
    }
}
