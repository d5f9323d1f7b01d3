//! Storylines end to end: articles → stories (the online clusterer) → storylines, on our demo corpus and on
//! the shared seeds (read at run time, skipped when absent).

use chrono::{DateTime, NaiveDateTime, Utc};
use newsdesk_cluster::{
    ClusterConfig, DocProfile, OnlineClusterer, StoryProfile, Storyline, link_storylines, profile_text,
};
use newsdesk_model::{ArticleId, Body, Document, Hints, StoryId};
use newsdesk_text::Analyzer;
use std::collections::BTreeMap;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo");
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds");

struct Item {
    key: String,
    title: String,
    text: String,
    time: Option<DateTime<Utc>>,
}

/// Assign the items to stories in the order given, with the default configuration; returns the clusterer and
/// each item's story.
fn cluster(items: &[Item]) -> (OnlineClusterer, BTreeMap<String, StoryId>) {
    let analyzer = Analyzer::english();
    let mut clusterer = OnlineClusterer::new(ClusterConfig::default());
    let mut story_of = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let id = ArticleId(format!("a{i}"));
        let doc = DocProfile {
            id: id.clone(),
            time: item.time,
            terms: profile_text(&analyzer, &item.title, &item.text),
        };
        story_of.insert(item.key.clone(), clusterer.assign(&doc, StoryId::opened_by(&id)).story);
    }
    (clusterer, story_of)
}

/// Cluster the items in publication order and thread the stories; returns each item's storyline.
fn thread(mut items: Vec<Item>) -> (BTreeMap<String, Storyline>, Vec<Storyline>) {
    items.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.key.cmp(&b.key)));
    let (clusterer, story_of) = cluster(&items);
    let stories: Vec<StoryProfile> = clusterer.open_stories();
    let lines = link_storylines(&stories);
    let line_of = story_of
        .into_iter()
        .filter_map(|(key, story)| {
            lines.iter().find(|l| l.stories.contains(&story)).map(|l| (key, l.clone()))
        })
        .collect();
    (line_of, lines)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok().map(|t| t.and_utc()))
}

#[test]
fn island_dispute_events_share_a_storyline_and_the_earthquake_does_not() {
    let (Ok(corpus), Ok(gold)) = (
        std::fs::read_to_string(format!("{DEMO}/corpus/articles.jsonl")),
        std::fs::read_to_string(format!("{DEMO}/gold.json")),
    ) else {
        println!("skipped: demo corpus not found under {DEMO}");
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold.json");
    let mut event_of = BTreeMap::new();
    for event in gold["events"].as_array().into_iter().flatten() {
        for url in event["articles"].as_array().into_iter().flatten() {
            event_of.insert(
                url.as_str().unwrap_or("").to_string(),
                event["id"].as_str().unwrap_or("").to_string(),
            );
        }
    }
    let items: Vec<Item> = corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json line");
            let f = |k: &str| v[k].as_str().unwrap_or("").to_string();
            Item { key: f("url"), title: f("title"), text: f("text"), time: parse_time(&f("published")) }
        })
        .collect();
    assert!(items.iter().all(|i| i.time.is_some()));
    let (line_of, lines) = thread(items);
    let in_event = |prefix: &str| -> Vec<&Storyline> {
        line_of
            .iter()
            .filter(|(k, _)| event_of.get(*k).is_some_and(|e| e.starts_with(prefix)))
            .map(|(_, l)| l)
            .collect()
    };
    let isles = in_event("isles-");
    assert!(isles.len() >= 8, "island articles found: {}", isles.len());
    assert!(isles.iter().all(|l| l.id == isles[0].id), "island events split over storylines: {lines:#?}");
    assert!(isles[0].stories.len() >= 3, "the three island events are separate stories in one thread");
    let quake = in_event("dravik-earthquake");
    assert!(!quake.is_empty() && quake.iter().all(|l| l.id != isles[0].id), "{lines:#?}");
    let name = &isles[0].name;
    println!("island storyline: {name}");
    assert!(name.contains("Kestrania") || name.contains("Valdoria"), "{name}");
}

/// The seeds, extracted, in file order: (key "000".."004", title, text, publish time).
fn seed_items() -> Option<Vec<Item>> {
    let Ok(entries) = std::fs::read_dir(SEEDS) else {
        println!("skipped: seeds not found at {SEEDS}");
        return None;
    };
    let mut paths: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    paths.sort();
    let items: Vec<Item> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let doc =
                Document { origin: p.display().to_string(), body: Body::Text(text), hints: Hints::default() };
            let a = newsdesk_extract::extract_article(&doc).article?;
            let key = p.file_name()?.to_string_lossy().get(..3)?.to_string();
            Some(Item { key, title: a.title, text: a.text, time: a.published })
        })
        .collect();
    assert_eq!(items.len(), 5, "every seed extracts");
    Some(items)
}

#[test]
fn the_five_seed_articles_share_one_storyline() {
    let Some(items) = seed_items() else { return };
    let (line_of, lines) = thread(items);
    assert_eq!(line_of.len(), 5);
    let first = line_of.values().next().map(|l| l.id.clone());
    assert!(line_of.values().all(|l| Some(&l.id) == first.as_ref()), "{lines:#?}");
    let name = &line_of["000"].name;
    println!("seed storyline: {name} ({} stories)", line_of["000"].stories.len());
    assert!(name.contains("Japan") && name.contains("Russia"), "a name a person understands: {name}");
}

/// The seeds' event windows, read from their texts (the files carry no dates): 001 (US troops on standby,
/// January 24, 2022) and 003 (Russia warns Japan to stay out of the brewing Ukraine crisis after the
/// Kishida–Biden call, the same weeks) report one pre-invasion window; 004 is Russia calling off the
/// peace-treaty talks (March 22, 2022); 000 is Tokyo not congratulating Putin on his re-election (March
/// 2024); 002 is Putin's remarks to news agencies in St Petersburg (June 2024).
const SEED_WINDOWS: &[&[&str]] = &[&["001", "003"], &["004"], &["000"], &["002"]];

/// Each seed's story when the five are clustered in file order (they have no publish dates).
fn seed_stories(items: &[Item]) -> BTreeMap<String, StoryId> {
    let (_, story_of) = cluster(items);
    println!("seed stories: {story_of:?}");
    story_of
}

#[test]
fn seed_articles_of_one_event_window_share_a_story() {
    let Some(items) = seed_items() else { return };
    let story_of = seed_stories(&items);
    assert_eq!(story_of.len(), 5, "{story_of:?}");
    for window in SEED_WINDOWS {
        let stories: Vec<&StoryId> = window.iter().filter_map(|key| story_of.get(*key)).collect();
        assert_eq!(stories.len(), window.len());
        assert!(stories.windows(2).all(|w| w[0] == w[1]), "window {window:?}: {stories:?}");
    }
}

/// The other half of the bar, not met (so not run by default: `cargo test -- --ignored` shows the gap).
/// With no publish dates, only the texts can tell the windows apart, and the clusterer's similarities do
/// not: 001 scores 0.219 against 000's story (another window) while 003 scores 0.214 against 001's (its
/// own) and 0.216 is 004's best (003's, another window). No headline or name weighting separates them
/// (measured for name weights 0–2 and headline weights 0–1), and 003 carries no date at all ("Posted 113
/// days ago", "Saturday"), so reading event dates from the text cannot place it either. Sentence vectors
/// (all-MiniLM-L6-v2 over title + lead, session 5) do not separate them either: the same-window pair 001–003
/// has cosine 0.707, below the different-window pairs 003–004 (0.752) and 002–004 (0.813); all five seeds
/// are about one storyline, so a topic model ranks them by topic
/// (`cargo run --release -p newsdesk-eval --example cluster_seeds -- ../shared/data/seeds`).
#[test]
#[ignore = "known gap of issue 5: the seeds' event windows are not told apart (see the comment)"]
fn seed_event_windows_are_separate_stories() {
    let Some(items) = seed_items() else { return };
    let story_of = seed_stories(&items);
    let window_story = |w: &[&str]| story_of.get(w[0]).cloned();
    let stories: Vec<Option<StoryId>> = SEED_WINDOWS.iter().map(|w| window_story(w)).collect();
    for (i, a) in stories.iter().enumerate() {
        for b in &stories[i + 1..] {
            assert_ne!(a, b, "two event windows share a story: {story_of:?}");
        }
    }
}

/// Storylines on their own: the four event windows as four stories (each the sum of its articles'
/// profiles, as the clusterer keeps them) are threaded into one storyline holding all four, oldest first.
#[test]
fn the_seed_event_windows_thread_into_one_storyline() {
    let Some(items) = seed_items() else { return };
    let analyzer = Analyzer::english();
    let stories: Vec<StoryProfile> = SEED_WINDOWS
        .iter()
        .enumerate()
        .map(|(i, window)| {
            let mut terms = newsdesk_text::TermCounts::new();
            for item in items.iter().filter(|it| window.contains(&it.key.as_str())) {
                for (t, c) in profile_text(&analyzer, &item.title, &item.text) {
                    *terms.entry(t).or_insert(0) += c;
                }
            }
            // Dated by their windows (2022-01, 2022-03, 2024-03, 2024-06), so the order can be checked.
            let day = ["2022-01-24", "2022-03-22", "2024-03-18", "2024-06-06"][i];
            let time = NaiveDateTime::parse_from_str(&format!("{day} 12:00"), "%Y-%m-%d %H:%M")
                .ok()
                .map(|t| t.and_utc());
            StoryProfile {
                id: StoryId(format!("w{i}")),
                terms,
                size: window.len() as u32,
                first: time,
                last: time,
            }
        })
        .collect();
    let lines = link_storylines(&stories);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let ids: Vec<&str> = lines[0].stories.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(ids, ["w0", "w1", "w2", "w3"], "all four windows, oldest first");
}
