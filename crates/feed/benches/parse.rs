//! Criterion benchmark: `parse_feed` over the feed-rs fixture feeds (real captured feeds), throughput in bytes.
//! `scripts/bench-feeds.sh` runs it beside Python feedparser on the same files.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::{Path, PathBuf};

/// The feed inputs of feed-rs-fixtures (its `*.serde.json` files are expected outputs, not feeds).
fn fixture_feeds() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/feed-rs-fixtures"));
    let mut paths = Vec::new();
    for dir in ["atom", "rss0", "rss1", "rss2", "jsonfeed", "xml"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        paths.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".serde.json")),
        );
    }
    paths.sort();
    paths.into_iter().filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b))).collect()
}

fn bench(c: &mut Criterion) {
    let feeds = fixture_feeds();
    if feeds.is_empty() {
        eprintln!("skipping: ../shared/data/feed-rs-fixtures is absent");
        return;
    }
    let bytes: usize = feeds.iter().map(|(_, b)| b.len()).sum();
    eprintln!("feed-rs-fixtures: {} files, {bytes} bytes", feeds.len());
    let mut group = c.benchmark_group("feeds");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_feed/feed-rs-fixtures", |b| {
        b.iter(|| {
            let mut entries = 0;
            for (path, data) in &feeds {
                if let Ok(feed) = newsdesk_feed::parse_feed(data, &path.to_string_lossy()) {
                    entries += feed.entries.len();
                }
            }
            std::hint::black_box(entries)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
