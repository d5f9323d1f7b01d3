//! Load test for the server, as separate processes from one binary (run in release):
//!
//! - `load gen <data-dir> <articles>`: write synthetic articles straight through the store API (5 per story,
//!   40 outlets, a year of dates, English with some German and French), summarize stories, build the index.
//! - `load jsonl <dir> <articles>`: write synthetic JSON Lines for `import` to chew on during the run.
//! - `load serve <data-dir> <addr>`: serve the store (the real router, no polling).
//! - `load reindex <data-dir>`: rebuild the search index from the store.
//! - `load import <data-dir> <jsonl-dir>`: import through the real pipeline (clustering, storing, indexing).
//! - `load bench <base-url> <clients> <seconds>`: that many concurrent clients loop over front page, a story
//!   page and a search; prints p50/p99/max and errors per endpoint.

use chrono::{DateTime, Duration, TimeZone, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Article, ArticleId, Span, StoryId, SummarySentence};
use newsdesk_store::{NewArticle, Store};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

const OUTLETS: usize = 40;
const PER_STORY: usize = 5;
const WORDS: &[&str] = &[
    "harbour",
    "strike",
    "council",
    "election",
    "budget",
    "minister",
    "rates",
    "inflation",
    "bank",
    "trawler",
    "island",
    "talks",
    "earthquake",
    "rescue",
    "court",
    "ruling",
    "energy",
    "prices",
    "railway",
    "bridge",
    "hospital",
    "nurses",
    "school",
    "teachers",
    "farmers",
    "drought",
    "floods",
    "storm",
    "festival",
    "museum",
    "football",
    "cup",
    "final",
    "coach",
    "transfer",
    "airport",
    "runway",
    "tariffs",
    "exports",
    "factory",
    "workers",
    "union",
    "wages",
    "housing",
    "rents",
    "mortgage",
    "police",
    "protest",
    "parliament",
    "vote",
    "treaty",
    "border",
    "navy",
    "drills",
    "fishing",
    "quota",
    "pipeline",
    "gas",
    "solar",
    "wind",
    "software",
    "breach",
    "hackers",
    "payroll",
    "recall",
    "tablets",
    "regulator",
    "vaccine",
    "clinic",
    "tourism",
    "hotel",
];
const SEARCHES: &[&str] = &[
    "harbour strike",
    "\"interest rates\"",
    "trawler island",
    "earthquake rescue",
    "budget vote",
    "mortgage",
    "nurses wages",
    "solar energy",
];

fn rng(seed: &mut u64) -> u64 {
    // xorshift64*: deterministic, fast, good enough to vary synthetic text.
    *seed ^= *seed >> 12;
    *seed ^= *seed << 25;
    *seed ^= *seed >> 27;
    seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn pick<'a>(seed: &mut u64, from: &[&'a str]) -> &'a str {
    from[(rng(seed) % from.len() as u64) as usize]
}

fn sentence(seed: &mut u64, topic: &[&str]) -> String {
    let n = 10 + rng(seed) % 12;
    let mut words: Vec<String> = (0..n)
        .map(|i| if i % 4 == 0 { pick(seed, topic).to_string() } else { pick(seed, WORDS).to_string() })
        .collect();
    if let Some(first) = words.first_mut() {
        *first = capitalise(first);
    }
    format!("{}.", words.join(" "))
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

struct Synth {
    title: String,
    text: String,
    outlet: String,
    language: &'static str,
    time: DateTime<Utc>,
}

fn synth(i: usize, seed: &mut u64, start: DateTime<Utc>) -> Synth {
    let story = i / PER_STORY;
    let mut topic_seed = story as u64 * 7919 + 17;
    let topic: Vec<&str> = (0..3).map(|_| pick(&mut topic_seed, WORDS)).collect();
    let title = format!(
        "{} {} as {} {} (story {story})",
        capitalise(topic[0]),
        topic[1],
        pick(seed, WORDS),
        topic[2]
    );
    let text = (0..12).map(|_| sentence(seed, &topic)).collect::<Vec<_>>().join(" ");
    let language = match rng(seed) % 20 {
        0 => "de",
        1 => "fr",
        _ => "en",
    };
    // Stories spread over a year, articles of a story within a day.
    let time =
        start + Duration::minutes((story as i64) * 26) + Duration::minutes((i % PER_STORY) as i64 * 90);
    Synth { title, text, outlet: format!("Outlet {:02}", rng(seed) as usize % OUTLETS), language, time }
}

async fn generate(dir: PathBuf, n: usize) {
    let store = Store::open(&dir).await.expect("store");
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("date");
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let began = Instant::now();
    let mut story: Option<StoryProfile> = None;
    for i in 0..n {
        let s = synth(i, &mut seed, start);
        let id = ArticleId(format!("gen{i:07}"));
        let first_sentence_end = s.text.find('.').map_or(s.text.len(), |e| e + 1);
        let summary = vec![SummarySentence {
            article: id.clone(),
            sentence_index: 0,
            span: Span { start: 0, end: first_sentence_end },
            text: s.text[..first_sentence_end].to_string(),
        }];
        let article = Article {
            id: id.clone(),
            url: Some(format!("https://outlet{}.example/{i}", i % OUTLETS)),
            title: s.title.clone(),
            byline: None,
            published: Some(s.time),
            seen_at: s.time,
            source: s.outlet.clone(),
            language: Some(s.language.to_string()),
            text: s.text.clone(),
            html: None,
            truncated: false,
            content_hash: i as u64,
            summary: summary.clone(),
            story: None,
        };
        let terms = [("gen".to_string(), 1u32)].into_iter().collect();
        let profile = match story.take() {
            Some(mut p) if i % PER_STORY != 0 => {
                p.size += 1;
                p.last = Some(s.time);
                p
            }
            _ => StoryProfile {
                id: StoryId(format!("s{:07}", i / PER_STORY)),
                terms: [("gen".to_string(), 1u32)].into_iter().collect(),
                size: 1,
                first: Some(s.time),
                last: Some(s.time),
            },
        };
        let new = NewArticle {
            article,
            identity_key: format!("gen:{i}"),
            origin: "load-generator".into(),
            terms,
            enrichment: Default::default(),
        };
        store.insert_clustered_article(&new, &profile).await.expect("insert");
        if i % PER_STORY == PER_STORY - 1 || i + 1 == n {
            let outlets: Vec<String> = (0..3).map(|k| format!("Outlet {:02}", (i + k) % OUTLETS)).collect();
            store.save_story_summary(&profile.id, &s.title, &summary, &outlets).await.expect("summary");
        }
        story = Some(profile);
        if (i + 1) % 10_000 == 0 {
            eprintln!("{} articles in {:.0} s", i + 1, began.elapsed().as_secs_f64());
        }
    }
    eprintln!("stored {n} articles in {:.1} s; indexing", began.elapsed().as_secs_f64());
    let indexing = Instant::now();
    let indexed = newsdesk_pipeline::reindex(&store, |_| {}).await.expect("reindex");
    eprintln!("indexed {indexed} in {:.1} s", indexing.elapsed().as_secs_f64());
    store.close().await;
}

fn write_jsonl(dir: PathBuf, n: usize) {
    std::fs::create_dir_all(&dir).expect("mkdir");
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single().expect("date");
    let mut seed = 0xD1B5_4A32_D192_ED03u64;
    let mut out = String::new();
    for i in 0..n {
        let s = synth(i + 1_000_000, &mut seed, start);
        let line = serde_json::json!({
            "url": format!("https://fresh.example/{i}"), "title": s.title, "text": s.text,
            "source": s.outlet, "language": s.language, "published": s.time.to_rfc3339(),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(dir.join("fresh.jsonl"), out).expect("write");
}

async fn serve(dir: PathBuf, addr: String) {
    let store = Store::open(&dir).await.expect("store");
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    newsdesk_server::serve_listener(store, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .expect("serve");
}

async fn import(dir: PathBuf, input: PathBuf) {
    let store = Store::open(&dir).await.expect("store");
    let began = Instant::now();
    let options = newsdesk_pipeline::ImportOptions::default();
    let report = newsdesk_pipeline::import_paths(&store, &[input], &options, &newsdesk_pipeline::NoProgress)
        .await
        .expect("import");
    eprintln!("import: {} added in {:.1} s", report.added, began.elapsed().as_secs_f64());
}

#[derive(Default)]
struct Samples {
    ms: Vec<f64>,
    errors: usize,
}

async fn bench(base: String, clients: usize, seconds: u64) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(clients).build().expect("client");
    let list: serde_json::Value = client
        .get(format!("{base}/api/v1/stories?limit=100"))
        .send()
        .await
        .expect("stories")
        .json()
        .await
        .expect("json");
    let story_ids: Arc<Vec<String>> = Arc::new(
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|s| s["id"].as_str().map(String::from))
            .collect(),
    );
    let search_page =
        client.get(format!("{base}/search?q=harbour")).send().await.map(|r| r.status().as_u16());
    let use_search_page = matches!(search_page, Ok(200));
    let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, base, ids) = (client.clone(), base.clone(), story_ids.clone());
        tasks.push(tokio::spawn(async move {
            let mut seed = 0x1234_5678u64 + c as u64 * 7777;
            let mut out: [Samples; 4] = Default::default();
            let mut k = c;
            while Instant::now() < deadline {
                k += 1;
                let q = pick(&mut seed, SEARCHES).replace(' ', "%20").replace('"', "%22");
                let (slot, path) = match k % 4 {
                    0 => (0, "/".to_string()),
                    1 => (1, format!("/stories/{}", ids[(rng(&mut seed) as usize) % ids.len().max(1)])),
                    2 => (2, format!("/api/v1/search?q={q}")),
                    _ if use_search_page => (3, format!("/search?q={q}")),
                    _ => (0, "/".to_string()),
                };
                let t = Instant::now();
                let ok = match client.get(format!("{base}{path}")).send().await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                out[slot].ms.push(t.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    out[slot].errors += 1;
                }
            }
            out
        }));
    }
    let mut all: [Samples; 4] = Default::default();
    for task in tasks {
        for (slot, s) in task.await.expect("client").into_iter().enumerate() {
            all[slot].ms.extend(s.ms);
            all[slot].errors += s.errors;
        }
    }
    println!("{clients} clients, {seconds} s, {base}");
    for (name, s) in
        ["front page /", "story page /stories/{id}", "search API /api/v1/search", "search page /search"]
            .iter()
            .zip(all.iter_mut())
    {
        if s.ms.is_empty() {
            continue;
        }
        s.ms.sort_by(f64::total_cmp);
        let at = |p: f64| s.ms[((s.ms.len() as f64 * p) as usize).min(s.ms.len() - 1)];
        println!(
            "{name:28} requests {:6}  rps {:7.1}  p50 {:6.1} ms  p99 {:6.1} ms  max {:7.1} ms  errors {}",
            s.ms.len(),
            s.ms.len() as f64 / seconds as f64,
            at(0.50),
            at(0.99),
            s.ms[s.ms.len() - 1],
            s.errors
        );
    }
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg =
        |i: usize| args.get(i).cloned().unwrap_or_else(|| panic!("missing argument {i}; see the file's doc"));
    match args.first().map(String::as_str) {
        Some("gen") => generate(arg(1).into(), arg(2).parse().expect("count")).await,
        Some("jsonl") => write_jsonl(arg(1).into(), arg(2).parse().expect("count")),
        Some("serve") => serve(arg(1).into(), arg(2)).await,
        Some("reindex") => {
            let store = Store::open(&PathBuf::from(arg(1))).await.expect("store");
            let began = Instant::now();
            let n = newsdesk_pipeline::reindex(&store, |_| {}).await.expect("reindex");
            eprintln!("indexed {n} in {:.1} s", began.elapsed().as_secs_f64());
        }
        Some("import") => import(arg(1).into(), arg(2).into()).await,
        Some("bench") => {
            bench(arg(1), arg(2).parse().expect("clients"), arg(3).parse().expect("seconds")).await
        }
        _ => eprintln!("usage: load gen|jsonl|serve|import|bench ... (see crates/server/examples/load.rs)"),
    }
}
