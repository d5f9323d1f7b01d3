//! The term profile of an article: what clustering compares.

use chrono::{DateTime, Utc};
use newsdesk_model::ArticleId;
use newsdesk_text::{Analyzer, TermCounts};

/// Title words count this many times: a headline names the event more densely than the body does.
const TITLE_WEIGHT: u32 = 3;
/// Only the lead of an article is profiled: the event is stated at the top, while the tail drifts into
/// background that related-but-different events share.
const LEAD_WORDS: usize = 300;
/// Terms kept per article (most frequent first), bounding the cost of comparing and storing profiles.
pub const MAX_TERMS: usize = 120;

/// An article as clustering sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocProfile {
    pub id: ArticleId,
    /// Publication time; `None` when unknown (then no time window applies).
    pub time: Option<DateTime<Utc>>,
    pub terms: TermCounts,
}

/// Build the term counts of an article from its title and text.
pub fn profile_text(analyzer: &Analyzer, title: &str, text: &str) -> TermCounts {
    let mut counts = TermCounts::new();
    for term in analyzer.terms(title) {
        *counts.entry(term).or_insert(0) += TITLE_WEIGHT;
    }
    let lead_end = newsdesk_text::tokens(text).nth(LEAD_WORDS).map_or(text.len(), |t| t.start);
    for term in analyzer.terms(&text[..lead_end]) {
        *counts.entry(term).or_insert(0) += 1;
    }
    keep_top_terms(counts, MAX_TERMS)
}

fn keep_top_terms(counts: TermCounts, max: usize) -> TermCounts {
    if counts.len() <= max {
        return counts;
    }
    let mut entries: Vec<(String, u32)> = counts.into_iter().collect();
    // Ties broken by the term itself so the profile does not depend on hash order.
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    entries.truncate(max);
    entries.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_terms_weigh_more_and_profile_is_bounded() {
        let a = Analyzer::english();
        let body: String = (0..500).map(|i| format!("word{i} ")).collect();
        let counts = profile_text(&a, "Earthquake hits Port Arlen", &body);
        assert_eq!(counts.get("earthquak"), Some(&TITLE_WEIGHT));
        assert_eq!(counts.len(), MAX_TERMS);
    }
}
