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

/// Cluster the items in publication order and thread the stories; returns each item's storyline.
fn thread(mut items: Vec<Item>) -> (BTreeMap<String, Storyline>, Vec<Storyline>) {
    items.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.key.cmp(&b.key)));
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

#[test]
fn the_five_seed_articles_share_one_storyline() {
    let Ok(entries) = std::fs::read_dir(SEEDS) else {
        println!("skipped: seeds not found at {SEEDS}");
        return;
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
            Some(Item { key: p.display().to_string(), title: a.title, text: a.text, time: a.published })
        })
        .collect();
    assert_eq!(items.len(), 5);
    let (line_of, lines) = thread(items);
    let first = line_of.values().next().map(|l| l.id.clone());
    assert!(line_of.values().all(|l| Some(&l.id) == first.as_ref()), "{lines:#?}");
    println!("seed storyline: {} ({} stories)", lines[0].name, lines[0].stories.len());
}

/// The seeds' event windows, read from their texts (the files carry no dates): 001 (US troops on standby,
/// January 24, 2022) and 003 (Russia warns Japan to stay out of the brewing Ukraine crisis after the
/// Kishida–Biden call, the same weeks) report one pre-invasion window; 004 is Russia calling off the
/// peace-treaty talks (March 22, 2022); 000 is Tokyo not congratulating Putin on his re-election (March
/// 2024); 002 is Putin's remarks to news agencies in St Petersburg (June 2024).
const SEED_WINDOWS: &[&[&str]] = &[&["001", "003"], &["004"], &["000"], &["002"]];

#[test]
fn seed_articles_of_one_event_window_share_a_story() {
    let Ok(entries) = std::fs::read_dir(SEEDS) else {
        println!("skipped: seeds not found at {SEEDS}");
        return;
    };
    let mut paths: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    paths.sort();
    let analyzer = Analyzer::english();
    let mut clusterer = OnlineClusterer::new(ClusterConfig::default());
    let mut story_of: BTreeMap<String, StoryId> = BTreeMap::new();
    for (i, p) in paths.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let doc =
            Document { origin: p.display().to_string(), body: Body::Text(text), hints: Hints::default() };
        let Some(a) = newsdesk_extract::extract_article(&doc).article else { continue };
        let id = ArticleId(format!("a{i}"));
        let profile = DocProfile {
            id: id.clone(),
            time: a.published,
            terms: profile_text(&analyzer, &a.title, &a.text),
        };
        let key = p.file_name().map(|n| n.to_string_lossy()[..3].to_string()).unwrap_or_default();
        story_of.insert(key, clusterer.assign(&profile, StoryId::opened_by(&id)).story);
    }
    assert_eq!(story_of.len(), 5, "{story_of:?}");
    // The bar: articles of one window share a story. Known gap (reported, not asserted): the seeds carry no
    // publish dates, so no time penalty applies and the other windows, on the same Japan–Russia topic, fall
    // into that story too; telling them apart needs the event date read from the text (enrich's main date).
    println!("seed stories: {story_of:?}");
    for window in SEED_WINDOWS {
        let stories: Vec<&StoryId> = window.iter().filter_map(|key| story_of.get(*key)).collect();
        assert!(stories.windows(2).all(|w| w[0] == w[1]), "window {window:?}: {stories:?}");
    }
}
