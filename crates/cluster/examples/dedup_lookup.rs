//! Near-duplicate lookup time against the number of stored fingerprints: fill a `DedupIndex` with N
//! synthetic texts (Zipfian vocabulary, 150–350 words), then time `insert` (LSH query + verification + add)
//! of 2,000 arriving texts, half of them edited copies of stored ones.
//!
//! `cargo run --release -p newsdesk-cluster --example dedup_lookup -- 10000 100000`

use chrono::{DateTime, Duration, Utc};
use newsdesk_cluster::dedup::{DedupIndex, fingerprint};
use newsdesk_cluster::rng::{XorShift as Rng, Zipf};
use newsdesk_model::ArticleId;
use std::time::Instant;

/// Vocabulary size and Zipf exponent of the synthetic texts (news-like skew: a few hundred words make up
/// half of all tokens).
const VOCABULARY: usize = 50_000;
const ZIPF: f64 = 1.05;
const PROBES: usize = 2_000;

fn text(rng: &mut Rng, zipf: &Zipf) -> String {
    let words = 150 + rng.below(200);
    let mut out = String::new();
    for i in 0..words {
        out.push_str(&format!("w{}", zipf.sample(rng)));
        out.push_str(if i % 18 == 17 { ".\n\n" } else { " " });
    }
    out.push('.');
    out
}

/// `text` with every twelfth word replaced: a lightly edited copy.
fn edited(rng: &mut Rng, zipf: &Zipf, text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| if i % 12 == 5 { format!("w{}", zipf.sample(rng)) } else { w.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    let zipf = Zipf::new(VOCABULARY, ZIPF);
    let t0: DateTime<Utc> = DateTime::<Utc>::default();
    for n in sizes {
        let mut rng = Rng::new(0x00D0_0D1E_5EED ^ n as u64);
        let mut index = DedupIndex::new(Duration::days(36_500));
        let mut kept = Vec::new();
        let fill = Instant::now();
        for i in 0..n {
            let t = text(&mut rng, &zipf);
            if let Some(fp) = fingerprint(&t) {
                index.insert(ArticleId(format!("s{i}")), t0, fp);
            }
            if i.is_multiple_of((n / 1000).max(1)) {
                kept.push(t);
            }
        }
        let fill_secs = fill.elapsed().as_secs_f64();
        let mut fingerprints = Vec::new();
        for p in 0..PROBES {
            let t = if p.is_multiple_of(2) {
                edited(&mut rng, &zipf, &kept[p % kept.len()])
            } else {
                text(&mut rng, &zipf)
            };
            if let Some(fp) = fingerprint(&t) {
                fingerprints.push(fp);
            }
        }
        let candidates: usize = fingerprints.iter().map(|fp| index.query(fp).len()).sum();
        let start = Instant::now();
        let mut copies = 0;
        for (p, fp) in fingerprints.into_iter().enumerate() {
            copies += usize::from(index.insert(ArticleId(format!("p{p}")), t0, fp).is_some());
        }
        let per = start.elapsed().as_secs_f64() / PROBES as f64;
        println!(
            "stored={n} fill={fill_secs:.1}s lookup+insert={:.1}µs/text candidates/query={:.2} copies found={copies}/{}",
            per * 1e6,
            candidates as f64 / PROBES as f64,
            PROBES / 2
        );
    }
}
