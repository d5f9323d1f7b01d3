//! Scale benchmark of story assignment and near-duplicate detection: a generated stream of synthetic
//! articles (Zipfian vocabulary, log-normal lengths, events whose coverage comes in bursts of heavy-tailed
//! size, some wire copies) fed in publication order through `profile_text` + `OnlineClusterer::assign` and
//! `dedup::fingerprint` + `DedupIndex::insert`, as the import does per article.
//!
//! `cargo run --release -p newsdesk-cluster --example scale -- 1000000` prints, at 10k, 100k and every
//! further 100k articles, articles/s, the per-article time just before that point, peak RSS (VmHWM) so far
//! and the open/dormant story counts; the stream is deterministic, so one run gives every size's figures.

use chrono::{DateTime, Duration, Utc};
use newsdesk_cluster::dedup::{DedupIndex, fingerprint};
use newsdesk_cluster::rng::{XorShift as Rng, Zipf};
use newsdesk_cluster::{ClusterConfig, DocProfile, OnlineClusterer, profile_text};
use newsdesk_model::{ArticleId, StoryId};
use newsdesk_text::Analyzer;
use std::time::Instant;

/// Vocabulary size (background words) and Zipf exponent: English word frequencies follow s ≈ 1.
const VOCABULARY: usize = 50_000;
const ZIPF_S: f64 = 1.0;
/// Distinct capitalised names (people, places, organisations).
const NAMES: usize = 20_000;
/// A busy self-hosted instance: a few hundred feeds, about 3,000 articles a day.
const ARTICLES_PER_DAY: f64 = 3_000.0;
/// Probability that an article reports a new event (mean event size ≈ 1 / this).
const NEW_EVENT: f64 = 0.2;
/// Recent events an article may report on (about five days of events).
const RECENT_EVENTS: usize = 3_000;
/// Coverage bursts: an event's newsworthiness is Pareto-distributed with this tail index (most events get
/// an article or two, a few get hundreds), and decays exponentially with a time constant drawn uniformly
/// from this range of days (a press release is news for hours, a war for days on end).
const HEAT_TAIL: f64 = 1.3;
/// The hottest events are capped at this heat (some hundreds of times a typical event's).
const MAX_HEAT: f64 = 500.0;
const DECAY_DAYS: (f64, f64) = (0.2, 2.0);
/// Share of articles that are a wire copy of an earlier article (a sentence changed).
const COPY_RATE: f64 = 0.03;
/// Article length in words: log-normal around this median, clamped.
const MEDIAN_WORDS: f64 = 450.0;
const LENGTH_SIGMA: f64 = 0.6;
/// Near-duplicate window: republication happens within days.
const DEDUP_WINDOW_DAYS: i64 = 7;

/// A pronounceable word for rank `i` (distinct per rank).
fn word(i: usize) -> String {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "di", "pa", "zu", "be", "fo", "gi", "ha", "ju", "ke",
        "ly", "mo", "ni", "por", "tan", "del", "wix",
    ];
    let mut n = i + SYLLABLES.len();
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    w
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

struct Event {
    keywords: Vec<usize>,
    names: Vec<usize>,
    /// Newsworthiness at its start, when it started (days) and how fast interest decays (days).
    heat: f64,
    start: f64,
    decay: f64,
}

struct Generator {
    rng: Rng,
    words: Vec<String>,
    names: Vec<String>,
    background: Zipf,
    name_zipf: Zipf,
    events: Vec<Event>,
    recent_texts: Vec<(String, String)>,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Generator {
            rng: Rng::new(seed),
            words: (0..VOCABULARY).map(word).collect(),
            names: (0..NAMES).map(|i| capitalised(&word(VOCABULARY + i))).collect(),
            background: Zipf::new(VOCABULARY, ZIPF_S),
            name_zipf: Zipf::new(NAMES, ZIPF_S),
            events: Vec::new(),
            recent_texts: Vec::new(),
        }
    }

    /// (title, text) of the next article, published `day` days into the stream.
    fn article(&mut self, day: f64) -> (String, String) {
        if !self.recent_texts.is_empty() && self.rng.unit() < COPY_RATE {
            let (title, text) = self.recent_texts[self.rng.below(self.recent_texts.len())].clone();
            return (title, format!("{text} The agency contributed to this report."));
        }
        if self.events.is_empty() || self.rng.unit() < NEW_EVENT {
            // Event words come from the middle and tail of the vocabulary: topical, not function words.
            let keywords = (0..10).map(|_| 300 + self.rng.below(VOCABULARY - 300)).collect();
            let names = (0..3).map(|_| self.name_zipf.sample(&mut self.rng)).collect();
            let heat = (1.0 - self.rng.unit()).powf(-1.0 / HEAT_TAIL).min(MAX_HEAT);
            let decay = DECAY_DAYS.0 + self.rng.unit() * (DECAY_DAYS.1 - DECAY_DAYS.0);
            self.events.push(Event { keywords, names, heat, start: day, decay });
            if self.events.len() > RECENT_EVENTS {
                self.events.remove(0);
            }
            // A new event is reported by the article that breaks it.
            return self.write(self.events.len() - 1);
        }
        // Otherwise an event in proportion to its current heat: big events are covered in bursts.
        let heat: Vec<f64> =
            self.events.iter().map(|e| e.heat * (-(day - e.start).max(0.0) / e.decay).exp()).collect();
        let mut x = self.rng.unit() * heat.iter().sum::<f64>();
        let mut e = heat.len() - 1;
        for (i, h) in heat.iter().enumerate() {
            if x < *h {
                e = i;
                break;
            }
            x -= h;
        }
        self.write(e)
    }

    /// An article on event `e`.
    fn write(&mut self, e: usize) -> (String, String) {
        let words = (MEDIAN_WORDS * (LENGTH_SIGMA * self.rng.normal()).exp()).clamp(60.0, 4_000.0) as usize;
        let event = &self.events[e];
        let mut title: Vec<String> = (0..4).map(|k| self.words[event.keywords[k * 2 % 10]].clone()).collect();
        title.insert(1, self.names[event.names[0]].clone());
        let (keywords, names) = (event.keywords.clone(), event.names.clone());
        for _ in 0..3 {
            title.push(self.words[self.background.sample(&mut self.rng)].clone());
        }
        let mut text = String::with_capacity(words * 8);
        let mut in_sentence = 0;
        let sentence_len = 12 + self.rng.below(16);
        for _ in 0..words {
            let x = self.rng.unit();
            let w = if x < 0.12 {
                self.words[keywords[self.rng.below(keywords.len())]].clone()
            } else if x < 0.15 {
                self.names[names[self.rng.below(names.len())]].clone()
            } else if x < 0.17 {
                self.names[self.name_zipf.sample(&mut self.rng)].clone()
            } else {
                self.words[self.background.sample(&mut self.rng)].clone()
            };
            if in_sentence == 0 {
                text.push_str(&capitalised(&w));
            } else {
                text.push(' ');
                text.push_str(&w);
            }
            in_sentence += 1;
            if in_sentence >= sentence_len {
                text.push_str(". ");
                in_sentence = 0;
            }
        }
        text.push('.');
        let title = capitalised(&title.join(" "));
        if self.recent_texts.len() < 1_000 {
            self.recent_texts.push((title.clone(), text.clone()));
        } else {
            let slot = self.rng.below(1_000);
            self.recent_texts[slot] = (title.clone(), text.clone());
        }
        (title, text)
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Process CPU seconds (user + system) from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU time this thread has run, in ns (`/proc/thread-self/schedstat`): unlike wall time, it does not
/// count the time other processes on a shared machine hold the cores.
fn thread_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// At 10k, 100k and every further 100k articles: the per-article wall and CPU time of the counted work over
/// the tenth of the stream before this point, the peak RSS so far (the same as a separate run of this
/// length: the stream is deterministic) and the process CPU time so far (generation included), so one long
/// run gives every size's figures.
fn checkpoint(done: usize, work_at: &[(f64, f64)], clusterer: &OnlineClusterer) {
    if done != 10_000 && !done.is_multiple_of(100_000) {
        return;
    }
    let (to, from) = (done / 1_000, done / 1_000 - done / 10_000);
    let per_article = (work_at[to].0 - work_at[from].0) / (done / 10) as f64;
    let cpu_per_article = (work_at[to].1 - work_at[from].1) / (done / 10) as f64;
    println!(
        "checkpoint {done}: {:.0} articles/s overall, {:.0} µs/article over the last tenth ({:.0} articles/s; \
         CPU {:.0} µs/article), peak RSS {:.0} MB, open stories {} ({} dormant), process CPU {:.0} s",
        done as f64 / work_at[to].0,
        1e6 * per_article,
        1.0 / per_article,
        1e6 * cpu_per_article,
        peak_rss_mb(),
        clusterer.open_story_count(),
        clusterer.dormant_story_count(),
        cpu_seconds()
    );
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let analyzer = Analyzer::english();
    let mut generator = Generator::new(0x5eed_2026);
    let mut clusterer = OnlineClusterer::new(ClusterConfig::default());
    let mut dedup = DedupIndex::new(Duration::days(DEDUP_WINDOW_DAYS));
    let start: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap_or_default();
    let seconds_per_article = 86_400.0 / ARTICLES_PER_DAY;
    let (mut work, mut generating, mut tail_work) = (0.0f64, 0.0f64, 0.0f64);
    let (mut new_stories, mut copies, mut words) = (0usize, 0usize, 0usize);
    let tail_from = n - n / 10;
    let mut stages = [0.0f64; 3];
    // Cumulative counted work after every 1,000 articles, for the per-article time just before each checkpoint.
    let mut work_at: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    let mut work_cpu = 0.0f64;
    for i in 0..n {
        let t0 = Instant::now();
        let day = i as f64 / ARTICLES_PER_DAY;
        let (title, text) = generator.article(day);
        words += newsdesk_text::word_count(&text);
        let (t1, cpu1) = (Instant::now(), thread_cpu_ns());
        let id = ArticleId(format!("a{i:08}"));
        let time = start + Duration::milliseconds((i as f64 * seconds_per_article * 1000.0) as i64);
        let doc =
            DocProfile { id: id.clone(), time: Some(time), terms: profile_text(&analyzer, &title, &text) };
        let t2 = Instant::now();
        let assignment = clusterer.assign(&doc, StoryId::opened_by(&id));
        new_stories += usize::from(assignment.is_new_story);
        let t3 = Instant::now();
        if let Some(fp) = fingerprint(&text) {
            copies += usize::from(dedup.insert(id, time, fp).is_some());
        }
        stages[0] += (t2 - t1).as_secs_f64();
        stages[1] += (t3 - t2).as_secs_f64();
        stages[2] += t3.elapsed().as_secs_f64();
        let spent = t1.elapsed().as_secs_f64();
        work_cpu += thread_cpu_ns().saturating_sub(cpu1) as f64 / 1e9;
        generating += (t1 - t0).as_secs_f64();
        work += spent;
        if i >= tail_from {
            tail_work += spent;
        }
        if (i + 1).is_multiple_of(1_000) {
            work_at.push((work, work_cpu));
            checkpoint(i + 1, &work_at, &clusterer);
        }
    }
    println!(
        "articles: {n} ({:.0} days at {ARTICLES_PER_DAY}/day), mean {:.0} words",
        n as f64 / ARTICLES_PER_DAY,
        words as f64 / n as f64
    );
    println!(
        "clustering + near-dup: {:.0} articles/s overall, {:.0} articles/s over the last tenth ({:.1} µs/article)",
        n as f64 / work,
        (n - tail_from) as f64 / tail_work,
        1e6 * tail_work / (n - tail_from) as f64
    );
    println!(
        "per article: profile {:.0} µs, assign {:.0} µs, near-dup {:.0} µs",
        1e6 * stages[0] / n as f64,
        1e6 * stages[1] / n as f64,
        1e6 * stages[2] / n as f64
    );
    println!("generation (not counted): {generating:.1} s");
    println!(
        "stories opened: {new_stories}, open at end: {}, copies found: {copies}, near-dup index: {}",
        clusterer.open_story_count(),
        dedup.len()
    );
    println!("peak RSS: {:.0} MB", peak_rss_mb());
}
