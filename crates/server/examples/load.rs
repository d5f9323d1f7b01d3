//! Load test for the server, as separate processes from one binary (run in release):
//!
//! - `load gen <data-dir> <articles>`: write synthetic articles straight through the store API (5 per story,
//!   40 outlets, a year of dates, English with some German and French), summarize stories, build the index.
//! - `load jsonl <dir> <articles> [first]`: write synthetic JSON Lines (`fresh-<first>.jsonl`, articles
//!   numbered from `first`) for `import` to chew on during the run.
//! - `load serve <data-dir> <addr>`: serve the store (the real router, no polling).
//! - `load reindex <data-dir>`: rebuild the search index from the store.
//! - `load pages <data-dir>`: render every story page that is not current into the store (`gen` does this
//!   at its end; a running server does it in the background).
//! - `load import <data-dir> <jsonl-dir>`: import through the real pipeline (clustering, storing, indexing).
//! - `load bench <base-url> <clients> <seconds> [phases]`: per phase (`front`, `story`, `search`,
//!   `searchpage`, `mixed`; default all), that many concurrent clients loop without pause over many different
//!   URLs of that endpoint (thousands of story ids, thousands of search queries); prints p50/p90/p99/max and
//!   errors per endpoint, and with `[server-pid]` as a fifth argument the server's CPU per request per phase.
//!   `scripts/load.sh` runs the whole measurement.
//! - `load probe <base-url> <server-pid> <requests> [phases]`: one client, one request at a time, the same
//!   URL mix: mean/p50/p99 latency and the server's CPU milliseconds per request, per endpoint (the figure
//!   to judge a change by on a shared machine).

use chrono::{DateTime, Duration, TimeZone, Utc};
use newsdesk_cluster::StoryProfile;
use newsdesk_model::{Article, ArticleId, Span, StoryId, SummarySentence};
use newsdesk_store::{NewArticle, Store};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

const OUTLETS: usize = 40;
/// The generator gives this many newest articles real clustering terms (see `generate`).
const REAL_TERMS_LAST: usize = 10_000;
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

/// Words drawn with Zipf's law (the r-th most common word has weight 1/r), as in real text: a few words are
/// everywhere, most are rare. A search for a rare word then matches a few hundred articles and one for a
/// common word most of the store, like real queries, instead of every word matching every article.
struct Vocab {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocab {
    fn new(words: Vec<String>) -> Vocab {
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Vocab { words, cumulative }
    }

    fn draw(&self, seed: &mut u64) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let u = (rng(seed) >> 11) as f64 / (1u64 << 53) as f64 * total;
        let at = self.cumulative.partition_point(|c| *c < u).min(self.words.len() - 1);
        &self.words[at]
    }

    /// The word of rank `r` (0 = most common).
    fn rank(&self, r: usize) -> &str {
        &self.words[r.min(self.words.len() - 1)]
    }
}

/// Pronounceable made-up words from a number (three syllables), plus an ending that keeps the two
/// vocabularies apart.
fn made_up(k: usize, ending: &str) -> String {
    const SYLLABLES: [&str; 16] =
        ["ba", "ke", "lo", "mu", "ri", "sa", "te", "vo", "na", "di", "go", "pe", "zu", "fa", "hi", "ja"];
    format!("{}{}{}{ending}", SYLLABLES[k % 16], SYLLABLES[(k / 16) % 16], SYLLABLES[(k / 256) % 16])
}

/// Topic words (what stories are about, hence what people search for): the real words first, then
/// 1,930 made-up ones; 2,000 in all, Zipf-distributed over stories.
fn topics() -> &'static Vocab {
    static TOPICS: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
    TOPICS.get_or_init(|| {
        let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        words.extend((0..2000 - WORDS.len()).map(|k| made_up(k, "n")));
        Vocab::new(words)
    })
}

/// Filler words (the rest of every sentence): 4,000 made-up words, Zipf-distributed over text.
fn filler() -> &'static Vocab {
    static FILLER: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
    FILLER.get_or_init(|| Vocab::new((0..4000).map(|k| made_up(k, "")).collect()))
}

/// A story's three topic words (fixed per story number).
fn story_topic(story: usize) -> [&'static str; 3] {
    let mut topic_seed = story as u64 * 7919 + 17;
    let t = topics();
    [t.draw(&mut topic_seed), t.draw(&mut topic_seed), t.draw(&mut topic_seed)]
}

fn sentence(seed: &mut u64, topic: &[&str]) -> String {
    let n = 10 + rng(seed) % 12;
    let mut words: Vec<String> = (0..n)
        .map(|i| if i % 4 == 0 { pick(seed, topic).to_string() } else { filler().draw(seed).to_string() })
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
    let topic = story_topic(story);
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
    let analyzer = newsdesk_text::Analyzer::english();
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
        // The newest articles get the clustering profile the import pipeline would compute, so an import
        // into this store meets real document frequencies (with only placeholder terms every word of an
        // imported article looks rare and everything imported merges into one story). Older ones keep a
        // placeholder: storing real terms costs ~9 ms per article, and only frequencies are needed.
        let terms = if i + REAL_TERMS_LAST >= n {
            newsdesk_cluster::profile_text(&analyzer, &s.title, &s.text)
        } else {
            [("gen".to_string(), 1u32)].into_iter().collect()
        };
        let mut profile = match story.take() {
            Some(mut p) if i % PER_STORY != 0 => {
                p.size += 1;
                p.last = Some(s.time);
                p
            }
            _ => StoryProfile {
                id: StoryId(format!("s{:07}", i / PER_STORY)),
                terms: Default::default(),
                size: 1,
                first: Some(s.time),
                last: Some(s.time),
            },
        };
        for (term, n) in &terms {
            *profile.terms.entry(term.clone()).or_insert(0) += n;
        }
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
    materialise(&store).await;
    store.close().await;
}

/// Render every story page into the store, as a server running during the imports would have done.
async fn materialise(store: &Store) {
    let began = Instant::now();
    let state = newsdesk_server::AppState::new(store.clone());
    let n = newsdesk_server::story_pages::materialise_all(&state).await.expect("story pages");
    eprintln!("rendered {n} story pages in {:.1} s", began.elapsed().as_secs_f64());
}

/// `n` new articles (numbered from `first`, so successive files hold different articles) as JSON Lines.
fn write_jsonl(dir: PathBuf, n: usize, first: usize) {
    std::fs::create_dir_all(&dir).expect("mkdir");
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single().expect("date");
    let mut seed = 0xD1B5_4A32_D192_ED03u64 ^ (first as u64).wrapping_mul(0x9E37_79B9);
    let mut out = String::new();
    for i in first..first + n {
        let s = synth(i + 1_000_000, &mut seed, start);
        // Five minutes apart from March 2026: newer than the generated store, not in the future.
        let published = start + Duration::minutes(i as i64 * 5);
        let line = serde_json::json!({
            "url": format!("https://fresh.example/{i}"), "title": s.title, "text": s.text,
            "source": s.outlet, "language": s.language, "published": published.to_rfc3339(),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(dir.join(format!("fresh-{first:07}.jsonl")), out).expect("write");
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

/// The endpoints measured, each in its own phase (`clients` clients on that endpoint alone), then all four
/// together ("mixed", the same number of clients in total).
const PHASES: &[&str] = &["front", "story", "search", "searchpage", "mixed"];

/// Story ids to draw from: pages of the story list spread over the whole store (old and new stories alike),
/// so the story phase reads thousands of different stories, not a few hot ones.
const STORY_ID_PAGES: u64 = 60;

/// Fetch the story id pool through the public API; also returns how many stories there are.
async fn story_ids(client: &reqwest::Client, base: &str) -> (Vec<String>, usize) {
    let get = |offset: u64| {
        let url = format!("{base}/api/v1/stories?limit=100&offset={offset}");
        let client = client.clone();
        async move {
            let v: serde_json::Value =
                client.get(url).send().await.expect("stories").json().await.expect("stories json");
            v
        }
    };
    let total = get(0).await["total"].as_u64().unwrap_or(0);
    let mut ids = Vec::new();
    for k in 0..STORY_ID_PAGES {
        let offset = total.saturating_sub(100) * k / STORY_ID_PAGES.max(1);
        let page = get(offset).await;
        ids.extend(
            page["items"].as_array().into_iter().flatten().filter_map(|s| s["id"].as_str().map(String::from)),
        );
    }
    ids.sort();
    ids.dedup();
    (ids, usize::try_from(total).unwrap_or(0))
}

/// A search as a reader would type it: one or two topic words (popular topics more often), a headline's
/// opening as a phrase, or a common word (matching a large part of the store) with a topic word; sometimes
/// with a language or outlet filter or for the second page. Tens of thousands of distinct queries.
fn search_query(seed: &mut u64, stories: usize) -> String {
    let t = topics();
    let mut q = match rng(seed) % 10 {
        0..=3 => t.draw(seed).to_string(),
        4..=6 => format!("{} {}", t.draw(seed), t.draw(seed)),
        7 => {
            let topic = story_topic((rng(seed) as usize) % stories.max(1));
            format!("\"{} {}\"", topic[0], topic[1])
        }
        _ => format!("{} {}", filler().rank(10 + (rng(seed) % 200) as usize), t.draw(seed)),
    };
    match rng(seed) % 10 {
        0 => q.push_str(" lang:de"),
        1 => q.push_str(&format!(" outlet:\"Outlet {:02}\"", rng(seed) % OUTLETS as u64)),
        _ => {}
    }
    let mut url = format!("q={}", urlencode(&q));
    if rng(seed).is_multiple_of(10) {
        url.push_str("&offset=20");
    }
    url
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A front page request: mostly `/`, sometimes a later page or a language or outlet filter (~60 URLs).
fn front_path(seed: &mut u64) -> String {
    match rng(seed) % 10 {
        0..=5 => "/".to_string(),
        6 | 7 => format!("/?page={}", 2 + rng(seed) % 9),
        8 => format!("/?lang={}", ["en", "de", "fr"][(rng(seed) % 3) as usize]),
        _ => format!("/?outlet=Outlet%20{:02}", rng(seed) % OUTLETS as u64),
    }
}

fn path_for(endpoint: &str, seed: &mut u64, ids: &[String], stories: usize) -> (usize, String) {
    match endpoint {
        "front" => (0, front_path(seed)),
        "story" => (1, format!("/stories/{}", ids[(rng(seed) as usize) % ids.len().max(1)])),
        "search" => (2, format!("/api/v1/search?{}", search_query(seed, stories))),
        "searchpage" => (3, format!("/search?{}", search_query(seed, stories))),
        _ => {
            let pick = ["front", "story", "search", "searchpage"][(rng(seed) % 4) as usize];
            path_for(pick, seed, ids, stories)
        }
    }
}

const NAMES: [&str; 4] =
    ["front page /", "story page /stories/{id}", "search API /api/v1/search", "search page /search"];

/// CPU time (user + system) a process has used so far, in milliseconds (Linux `/proc/<pid>/stat`); `None`
/// when unknown. Per-request CPU is the honest figure on a shared machine, where wall-clock latency depends
/// on everyone else's load.
fn cpu_ms(pid: Option<u32>) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on Linux.
    Some(ticks * 10.0)
}

/// One client, one request at a time: per endpoint mean latency and the server's CPU milliseconds per
/// request, over `n` requests of the same mix as `bench`.
async fn probe(base: String, pid: u32, n: usize, phases: Vec<String>) {
    let client = reqwest::Client::builder().build().expect("client");
    let (ids, stories) = story_ids(&client, &base).await;
    println!(
        "{:10} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "endpoint", "requests", "mean ms", "p50 ms", "p99 ms", "cpu ms/req"
    );
    for phase in phases {
        let mut seed = 0x5eed_0000u64 + phase.len() as u64;
        let mut ms = Vec::with_capacity(n);
        let cpu_before = cpu_ms(Some(pid));
        for _ in 0..n {
            let (_, path) = path_for(&phase, &mut seed, &ids, stories);
            let t = Instant::now();
            let r = client.get(format!("{base}{path}")).send().await.expect("request");
            let status = r.status();
            let _ = r.bytes().await;
            if !status.is_success() {
                eprintln!("{status} {path}");
            }
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let cpu = cpu_ms(Some(pid)).zip(cpu_before).map(|(a, b)| (a - b) / n as f64);
        let mean = ms.iter().sum::<f64>() / n as f64;
        ms.sort_by(f64::total_cmp);
        let at = |p: f64| ms[((ms.len() as f64 * p) as usize).min(ms.len() - 1)];
        println!(
            "{phase:10} {n:8} {mean:8.2} {:8.2} {:8.2} {:>10}",
            at(0.5),
            at(0.99),
            cpu.map_or("?".to_string(), |c| format!("{c:.2}"))
        );
    }
}

async fn bench(base: String, clients: usize, seconds: u64, phases: Vec<String>, server: Option<u32>) {
    let client = reqwest::Client::builder().pool_max_idle_per_host(clients).build().expect("client");
    let (ids, stories) = story_ids(&client, &base).await;
    let ids = Arc::new(ids);
    println!(
        "{clients} clients per phase, {seconds} s per phase, {base}, {} story ids in the pool",
        ids.len()
    );
    println!(
        "{:10} {:28} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "phase", "endpoint", "requests", "rps", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"
    );
    let mut cpu_lines = Vec::new();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let freshness = tokio::spawn(search_lag(client.clone(), base.clone(), stop.clone()));
    for phase in phases {
        let cpu_before = cpu_ms(server);
        let deadline = Instant::now() + std::time::Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for c in 0..clients {
            let (client, base, ids, phase) = (client.clone(), base.clone(), ids.clone(), phase.clone());
            tasks.push(tokio::spawn(async move {
                let mut seed = 0x1234_5678u64 + c as u64 * 7777 + phase.len() as u64 * 31;
                let mut out: [Samples; 4] = Default::default();
                while Instant::now() < deadline {
                    let (slot, path) = path_for(&phase, &mut seed, &ids, stories);
                    let t = Instant::now();
                    let ok = match client.get(format!("{base}{path}")).send().await {
                        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                        Ok(r) => {
                            eprintln!("{} {path}", r.status());
                            false
                        }
                        Err(e) => {
                            eprintln!("{e} {path}");
                            false
                        }
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
        let requests: usize = all.iter().map(|s| s.ms.len()).sum();
        if let (Some(after), Some(before)) = (cpu_ms(server), cpu_before) {
            cpu_lines.push(format!(
                "{phase:10} server CPU {:.1} s over {requests} requests: {:.2} ms per request",
                (after - before) / 1000.0,
                (after - before) / requests.max(1) as f64
            ));
        }
        for (name, s) in NAMES.iter().zip(all.iter_mut()) {
            if s.ms.is_empty() {
                continue;
            }
            s.ms.sort_by(f64::total_cmp);
            let at = |p: f64| s.ms[((s.ms.len() as f64 * p) as usize).min(s.ms.len() - 1)];
            println!(
                "{phase:10} {name:28} {:8} {:7.1} {:8.1} {:8.1} {:8.1} {:8.1} {:7}",
                s.ms.len(),
                s.ms.len() as f64 / seconds as f64,
                at(0.50),
                at(0.90),
                at(0.99),
                s.ms[s.ms.len() - 1],
                s.errors
            );
        }
    }
    for line in cpu_lines {
        println!("{line}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (lags, unseen) = freshness.await.unwrap_or_default();
    if lags.is_empty() && unseen == 0 {
        println!("search freshness: no new article appeared during the run (no import running?)");
    } else {
        let max = lags.iter().copied().fold(0.0, f64::max);
        println!(
            "search freshness: {} new articles sampled; searchable {:.1} s (max) after the store listed them; {} not yet searchable at the end",
            lags.len(),
            max,
            unseen
        );
    }
}

/// How long after an article is in the store it becomes searchable: every half second, note the newest
/// article (`/api/v1/articles`, newest first) and look for the pending ones by their title words.
async fn search_lag(
    client: reqwest::Client,
    base: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> (Vec<f64>, usize) {
    let mut pending: Vec<(String, String, Instant)> = Vec::new();
    let mut lags = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let newest = async {
            let v: serde_json::Value =
                client.get(format!("{base}/api/v1/articles?limit=1")).send().await.ok()?.json().await.ok()?;
            let item = v["items"].get(0)?.clone();
            Some((item["id"].as_str()?.to_string(), item["title"].as_str()?.to_string()))
        }
        .await;
        if let Some((id, title)) = newest
            && seen.insert(id.clone())
        {
            pending.push((id, title, Instant::now()));
        }
        let mut still = Vec::new();
        for (id, title, since) in pending.drain(..) {
            let words: String =
                title.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>();
            let url = format!("{base}/api/v1/search?group=articles&limit=50&q={}", urlencode(words.trim()));
            let found = async {
                let v: serde_json::Value = client.get(url).send().await.ok()?.json().await.ok()?;
                Some(v["articles"].as_array()?.iter().any(|h| h["article_id"].as_str() == Some(id.as_str())))
            }
            .await;
            if found == Some(true) {
                lags.push(since.elapsed().as_secs_f64());
            } else {
                still.push((id, title, since));
            }
        }
        // The first article seen may predate the run (already searchable): that is a lag of ~0, fine.
        pending = still;
    }
    (lags, pending.len())
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg =
        |i: usize| args.get(i).cloned().unwrap_or_else(|| panic!("missing argument {i}; see the file's doc"));
    match args.first().map(String::as_str) {
        Some("gen") => generate(arg(1).into(), arg(2).parse().expect("count")).await,
        Some("jsonl") => write_jsonl(
            arg(1).into(),
            arg(2).parse().expect("count"),
            args.get(3).map_or(0, |f| f.parse().expect("first")),
        ),
        Some("serve") => serve(arg(1).into(), arg(2)).await,
        Some("reindex") => {
            let store = Store::open(&PathBuf::from(arg(1))).await.expect("store");
            let began = Instant::now();
            let n = newsdesk_pipeline::reindex(&store, |_| {}).await.expect("reindex");
            eprintln!("indexed {n} in {:.1} s", began.elapsed().as_secs_f64());
        }
        Some("import") => import(arg(1).into(), arg(2).into()).await,
        Some("pages") => materialise(&Store::open(&PathBuf::from(arg(1))).await.expect("store")).await,
        Some("bench") => {
            let phases = args.get(4).map_or_else(
                || PHASES.iter().map(|p| p.to_string()).collect(),
                |p| p.split(',').map(String::from).collect(),
            );
            let server = args.get(5).and_then(|p| p.parse().ok());
            bench(arg(1), arg(2).parse().expect("clients"), arg(3).parse().expect("seconds"), phases, server)
                .await
        }
        Some("probe") => {
            let phases = args.get(4).map_or_else(
                || PHASES[..4].iter().map(|p| p.to_string()).collect(),
                |p| p.split(',').map(String::from).collect(),
            );
            probe(arg(1), arg(2).parse().expect("server pid"), arg(3).parse().expect("requests"), phases)
                .await
        }
        _ => eprintln!("usage: load gen|jsonl|serve|import|bench ... (see crates/server/examples/load.rs)"),
    }
}
