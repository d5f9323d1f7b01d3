//! Story summary + perspectives for a 50-article story (the bar: under 50 ms in release). The story is
//! built from the demo corpus (our own writing): its 49 articles cycled to 50, each with its outlet's metadata
//! from `demo/corpus/sources.json`. The bench asserts what it times: a non-empty, faithful summary and
//! perspectives over every outlet.

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use newsdesk_model::{ArticleId, Ownership, Source};
use newsdesk_summarize::{PerspectiveInput, SummaryInput, check_faithful, perspectives, summarize_story};
use std::hint::black_box;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/corpus");

struct Article {
    id: ArticleId,
    title: String,
    text: String,
    outlet: String,
    time: DateTime<Utc>,
}

fn load() -> (Vec<Article>, Vec<Source>) {
    let sources: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DEMO}/sources.json")).expect("sources"))
            .expect("json");
    let sources: Vec<Source> = sources
        .as_array()
        .expect("array")
        .iter()
        .map(|s| Source {
            name: s["name"].as_str().unwrap_or_default().to_string(),
            homepage: s["homepage"].as_str().map(str::to_string),
            country: s["country"].as_str().map(str::to_string),
            language: None,
            ownership: Ownership::parse(s["ownership"].as_str().unwrap_or_default()),
            groups: s["groups"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|g| g.as_str().map(str::to_string))
                .collect(),
        })
        .collect();
    let lines = std::fs::read_to_string(format!("{DEMO}/articles.jsonl")).expect("articles");
    let rows: Vec<serde_json::Value> = lines.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let base: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().expect("time");
    let articles = (0..50)
        .map(|i| {
            let row = &rows[i % rows.len()];
            let host = row["url"].as_str().unwrap_or_default();
            let outlet = sources
                .iter()
                .find(|s| s.homepage.as_deref().is_some_and(|h| host.starts_with(h)))
                .map_or_else(|| "Unknown".to_string(), |s| s.name.clone());
            Article {
                id: ArticleId(format!("a{i}")),
                title: row["title"].as_str().unwrap_or_default().to_string(),
                text: row["text"].as_str().unwrap_or_default().to_string(),
                outlet,
                time: base + Duration::minutes(37 * i as i64),
            }
        })
        .collect();
    (articles, sources)
}

fn bench(c: &mut Criterion) {
    let (articles, sources) = load();
    let summary_inputs: Vec<SummaryInput<'_>> = articles
        .iter()
        .map(|a| SummaryInput { id: &a.id, title: &a.title, text: &a.text, time: Some(a.time) })
        .collect();
    let perspective_inputs: Vec<PerspectiveInput<'_>> = articles
        .iter()
        .map(|a| PerspectiveInput {
            id: &a.id,
            title: &a.title,
            text: &a.text,
            time: a.time,
            outlet: &a.outlet,
            source: sources.iter().find(|s| s.name == a.outlet),
        })
        .collect();

    let summary = summarize_story(&summary_inputs);
    assert!(!summary.is_empty());
    check_faithful("extractive", &summary_inputs, summary).expect("faithful");
    let p = perspectives(&perspective_inputs);
    assert!(p.outlets.len() >= 5 && !p.quotes.is_empty() && !p.unique.is_empty(), "{:?}", p.outlets);

    c.bench_function("story summary, 50 articles", |b| {
        b.iter(|| summarize_story(black_box(&summary_inputs)))
    });
    c.bench_function("perspectives, 50 articles", |b| {
        b.iter(|| perspectives(black_box(&perspective_inputs)))
    });
    c.bench_function("quotes, 50 articles", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| newsdesk_summarize::extract_quotes(black_box(&a.text)).len())
                .sum::<usize>()
        })
    });
    c.bench_function("story summary + perspectives, 50 articles", |b| {
        b.iter(|| {
            let s = summarize_story(black_box(&summary_inputs));
            let p = perspectives(black_box(&perspective_inputs));
            (s, p)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
