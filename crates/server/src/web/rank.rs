//! Front-page ranking: a blend of recency, independent sources and growth over a window of the most recently
//! updated stories. Pure: the caller supplies the stories, their signals and the reference time.

use chrono::{DateTime, Utc};
use newsdesk_model::Story;
use newsdesk_store::StorySignals;
use std::collections::HashMap;

/// How many of the most recently updated stories are re-ranked; older ones follow in time order. A window
/// keeps the page a bounded amount of work at any store size, and a story not updated among the latest 100
/// is not front-page news by recency anyway.
pub const RANK_WINDOW: u32 = 100;
/// Hours after which a story's recency score halves: a day-and-a-half-old story with twice the sources
/// still ranks with a fresh single-source one.
const RECENCY_HALF_LIFE_HOURS: f64 = 36.0;
/// Independent sources at which the sources score saturates (log scale): beyond ten outlets, more coverage
/// says little more about importance.
const SOURCES_SATURATION: f64 = 10.0;
/// The growth window: articles added in the last day, relative to the reference time.
pub const GROWTH_WINDOW_HOURS: i64 = 24;
/// Articles within the growth window at which growth saturates.
const GROWTH_SATURATION: f64 = 5.0;
/// Blend weights (sum 1): recency leads so the page stays a *news* page, sources lift widely covered
/// stories, growth lifts stories that are still developing.
const WEIGHT_RECENCY: f64 = 0.5;
const WEIGHT_SOURCES: f64 = 0.35;
const WEIGHT_GROWTH: f64 = 0.15;

/// Independent sources of a story: the duplicate detector's count when it ran, else the outlet count.
pub fn independent_sources(story: &Story, signals: Option<&StorySignals>) -> usize {
    match signals.map(|s| s.independent_sources as usize) {
        Some(n) if n > 0 => n.min(story.outlets.len().max(1)),
        _ => story.outlets.len(),
    }
}

/// The blended score of one story at `now` (higher ranks first).
pub fn score(story: &Story, signals: Option<&StorySignals>, now: DateTime<Utc>) -> f64 {
    let age_hours = (now - story.last_published).num_minutes().max(0) as f64 / 60.0;
    let recency = 0.5f64.powf(age_hours / RECENCY_HALF_LIFE_HOURS);
    let sources = independent_sources(story, signals) as f64;
    let sources = ((1.0 + sources).ln() / (1.0 + SOURCES_SATURATION).ln()).min(1.0);
    let recent = signals.map_or(0, |s| s.recent_articles) as f64;
    let growth = (recent / GROWTH_SATURATION).min(1.0);
    WEIGHT_RECENCY * recency + WEIGHT_SOURCES * sources + WEIGHT_GROWTH * growth
}

/// Order `stories` by score, best first; ties keep their incoming (most recent first) order.
pub fn rank(
    stories: Vec<Story>,
    signals: &HashMap<newsdesk_model::StoryId, StorySignals>,
    now: DateTime<Utc>,
) -> Vec<Story> {
    let mut scored: Vec<(f64, usize, Story)> =
        stories.into_iter().enumerate().map(|(i, s)| (score(&s, signals.get(&s.id), now), i, s)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use newsdesk_model::StoryId;

    fn story(id: &str, outlets: usize, hours_ago: i64, now: DateTime<Utc>) -> Story {
        Story {
            id: StoryId(id.into()),
            headline: id.into(),
            summary: vec![],
            article_count: outlets,
            outlets: (0..outlets).map(|i| format!("outlet {i}")).collect(),
            first_published: now - Duration::hours(hours_ago + 1),
            last_published: now - Duration::hours(hours_ago),
        }
    }

    #[test]
    fn widely_covered_story_outranks_a_slightly_newer_single_source_one() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0).single().expect("time");
        let ranked = rank(vec![story("lone", 1, 0, now), story("wide", 6, 3, now)], &HashMap::new(), now);
        assert_eq!(ranked[0].id.0, "wide");
    }

    #[test]
    fn old_stories_sink_however_wide() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0).single().expect("time");
        let ranked =
            rank(vec![story("old", 8, 24 * 7, now), story("fresh", 2, 1, now)], &HashMap::new(), now);
        assert_eq!(ranked[0].id.0, "fresh");
    }

    #[test]
    fn copies_count_once_and_growth_lifts() {
        let now = Utc.with_ymd_and_hms(2026, 2, 10, 12, 0, 0).single().expect("time");
        let wire = story("wire", 5, 2, now);
        let copies = StorySignals { independent_sources: 1, recent_articles: 0 };
        assert_eq!(independent_sources(&wire, Some(&copies)), 1);
        assert_eq!(independent_sources(&wire, None), 5);
        let growing = StorySignals { independent_sources: 1, recent_articles: 5 };
        assert!(score(&wire, Some(&growing), now) > score(&wire, Some(&copies), now));
    }
}
