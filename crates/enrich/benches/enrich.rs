//! Speed of enrichment: dates, and entities + dates + events (default rules tagger), for a 1,000-word article built from the demo corpus.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// A headline, so the main-event rules that compare the lead with the title run as they do on real articles.
const TITLE: &str = "Kestrania suspends talks with Meridian over harbour dispute";

fn article() -> String {
    let corpus = include_str!("../../../demo/corpus/articles.jsonl");
    let mut words = Vec::new();
    for line in corpus.lines() {
        let Some(start) = line.find("\"text\": \"") else { continue };
        let rest = &line[start + 9..];
        let Some(end) = rest.find("\", \"") else { continue };
        words.extend(rest[..end].replace("\\n", "\n").replace("\\\"", "\"").split(' ').map(str::to_string));
        if words.len() >= 1000 {
            break;
        }
    }
    words.truncate(1000);
    words.join(" ")
}

fn bench(c: &mut Criterion) {
    let text = article();
    let published = chrono::NaiveDate::from_ymd_opt(2026, 2, 9);
    let found = newsdesk_enrich::find_dates(&text, published);
    assert!(found.len() >= 10, "a fast wrong answer is no answer: {} dates", found.len());
    let enriched = newsdesk_enrich::enrich_article(TITLE, &text, published);
    assert!(enriched.entities.len() >= 20, "{} entities", enriched.entities.len());
    c.bench_function("entities_and_dates_1000_words", |b| {
        b.iter(|| newsdesk_enrich::enrich_article(TITLE, black_box(&text), published))
    });
    c.bench_function("dates_1000_words", |b| {
        b.iter(|| newsdesk_enrich::find_dates(black_box(&text), published))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
