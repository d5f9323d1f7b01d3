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
    let stories: Vec<StoryProfile> = clusterer.open_stories().into_iter().cloned().collect();
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
