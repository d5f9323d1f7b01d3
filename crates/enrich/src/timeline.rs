//! Dated events: one per (sentence, date) in an article, the article's main event date, and timelines merged
//! across the articles of a story or storyline with duplicates folded and events in date order.

use crate::Span;
use crate::dates::{DateMention, Precision, When};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Where in the article an event's sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Text,
}

/// Something the article says happened (or will happen) at a date, told by one source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub when: When,
    pub until: Option<When>,
    pub field: Field,
    /// The source sentence's byte span in its field.
    pub sentence: Span,
    /// The sentence with any dateline ("CALDER BAY, Feb 9 (Meridian Wire) - ") removed.
    pub description: String,
}

/// How many leading sentences of the text make the lead, where the main event is told. Why: news puts the
/// who/what/when in the first sentences and later dates are mostly background; captured pages often spend a
/// "sentence" on a caption, byline or dateline first. On giveme5w1h-gold, 3 and 4 sentences score alike
/// (0.636), 2 scores 0.610, 5 scores 0.623.
pub const LEAD_SENTENCES: usize = 3;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"^[A-Z][A-Z/ .'’-]{1,40},\s[^()\n]{0,30}(?:\([^)\n]{1,40}\))?\s*[-–—]\s+")
        .expect("dateline pattern is valid")
});

/// One event per distinct (sentence, date) pair; the same sentence naming two dates gives two events.
pub fn article_events(
    title: &str,
    title_dates: &[DateMention],
    text: &str,
    text_dates: &[DateMention],
) -> Vec<Event> {
    let mut out = Vec::new();
    for (field, source, dates) in [(Field::Title, title, title_dates), (Field::Text, text, text_dates)] {
        let mut seen: HashSet<(Span, When)> = HashSet::new();
        for m in dates {
            if !seen.insert((m.sentence, m.when)) {
                continue;
            }
            let sentence = m.sentence.text(source);
            let description = DATELINE.replace(sentence, "").trim().to_string();
            out.push(Event { when: m.when, until: m.until, field, sentence: m.sentence, description });
        }
    }
    out
}

/// Expressions that only restate the publish day. Why: they carry no information of their own, and in
/// captured pages they are often not dates at all ("USA TODAY", "Subscribe today"); an explicit day in the
/// lead ("on Wednesday") is the better evidence of when the event happened.
const PUBLISH_DAY_WORDS: &[&str] = &["today", "tonight", "this morning", "this afternoon", "this evening"];

/// The date of the article's main event, by precedence:
/// 1. the first day-precise date of the title, then of the lead (`lead_end`: where the lead's
///    `LEAD_SENTENCES` end), skipping dates written as a noun's attribute ("Tuesday's election": the date of
///    something else the sentence refers to, not of what it reports) and words that restate the publish day
///    (`PUBLISH_DAY_WORDS`);
/// 2. such a restated publish day, then an attributive date, of the title or lead;
/// 3. the publish day. (Taking instead a recent day-precise date from the rest of the text was measured
///    worse on giveme5w1h-gold, 0.571 against 0.597: later dates are mostly background.)
pub fn main_event_date(
    title: &str,
    title_dates: &[DateMention],
    text: &str,
    text_dates: &[DateMention],
    lead_end: usize,
    published: Option<NaiveDate>,
) -> Option<When> {
    let day = |m: &&DateMention| m.when.precision == Precision::Day;
    let lead: Vec<(&str, &DateMention)> = title_dates
        .iter()
        .filter(day)
        .map(|m| (title, m))
        .chain(text_dates.iter().filter(day).filter(|m| m.span.start < lead_end).map(|m| (text, m)))
        .collect();
    let attributive = |(source, m): &&(&str, &DateMention)| {
        let after = source.get(m.span.end..).unwrap_or("");
        after.starts_with("'s") || after.starts_with("’s")
    };
    let says_today = |(source, m): &&(&str, &DateMention)| {
        let written = source.get(m.span.start..m.span.end).unwrap_or("");
        PUBLISH_DAY_WORDS.iter().any(|w| written.eq_ignore_ascii_case(w))
    };
    lead.iter()
        .find(|c| !attributive(c) && !says_today(c))
        .or_else(|| lead.iter().find(|c| !attributive(c)))
        .or_else(|| lead.first())
        .map(|(_, m)| m.when)
        .or_else(|| published.map(|date| When { date, precision: Precision::Day }))
}

/// An event in a merged timeline, with the articles (indices into the caller's list) that tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub when: When,
    pub until: Option<When>,
    /// Taken from the first source (in the caller's order) that told this event.
    pub description: String,
    pub sources: Vec<usize>,
}

/// Share of the smaller sentence's content words that two same-date descriptions must have in common to be
/// folded into one entry. Why: outlets retell the same event in their own words ("Kestrania on Monday
/// suspended talks" / "talks were suspended on Monday"), sharing names and key nouns but not phrasing.
pub const DUPLICATE_OVERLAP: f64 = 0.4;

/// Merge the events of several articles into one ordered timeline. Events with the same date (and range end)
/// whose descriptions overlap (`DUPLICATE_OVERLAP`) fold into one entry listing every source.
pub fn merge_timeline(articles: &[Vec<Event>]) -> Vec<TimelineEntry> {
    let mut entries: Vec<(TimelineEntry, HashSet<String>)> = Vec::new();
    for (source, events) in articles.iter().enumerate() {
        for e in events {
            let words = content_words(&e.description);
            let existing = entries.iter_mut().find(|(t, w)| {
                t.when == e.when && t.until == e.until && overlap(w, &words) >= DUPLICATE_OVERLAP
            });
            match existing {
                Some((t, _)) => {
                    if !t.sources.contains(&source) {
                        t.sources.push(source);
                    }
                }
                None => entries.push((
                    TimelineEntry {
                        when: e.when,
                        until: e.until,
                        description: e.description.clone(),
                        sources: vec![source],
                    },
                    words,
                )),
            }
        }
    }
    let mut out: Vec<TimelineEntry> = entries.into_iter().map(|(t, _)| t).collect();
    // Date order; within the same first day, the coarser period first (a month contains its days).
    out.sort_by(|a, b| {
        (a.when.date, std::cmp::Reverse(a.when.precision))
            .cmp(&(b.when.date, std::cmp::Reverse(b.when.precision)))
    });
    out
}

/// Words too common to say two sentences tell the same event.
const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "that", "this",
    "was", "were", "is", "are", "be", "been", "has", "have", "had", "it", "its", "as", "after", "said",
    "says", "but", "not", "their", "his", "her", "they", "he", "she", "which", "who", "will", "would",
];

fn content_words(sentence: &str) -> HashSet<String> {
    newsdesk_text::tokens(sentence)
        .map(|t| t.text.to_lowercase())
        .filter(|w| !STOP_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}
