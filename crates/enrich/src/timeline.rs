//! Dated events: one per (sentence, date) in an article, the article's main event date, and timelines merged
//! across the articles of a story or storyline with duplicates folded and events in date order.

use crate::Span;
use crate::dates::{DateMention, Precision, When};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
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
/// lead ("on Wednesday") is the better evidence of when the event happened. A written-out date equal to the
/// publish day ("November 10, 2016" in a byline) restates it too.
const PUBLISH_DAY_WORDS: &[&str] = &["today", "tonight", "this morning", "this afternoon", "this evening"];

/// Publish times (UTC) before this hour are overnight copy: the day being reported is the previous one. Why:
/// US evening news (19:00-24:00 Eastern) is published between 00:00 and 05:00 UTC, and UK overnight desks
/// file the evening's US events in the small hours; both still call it "tonight"/"today" or print the new
/// UTC day in the byline. A time of exactly 00:00:00 means the time is unknown and never counts.
pub const OVERNIGHT_END_HOUR: u32 = 6;

/// The local day an article reports by default: its publish day, or the day before for overnight copy
/// (`OVERNIGHT_END_HOUR`).
pub fn reference_day(published: Option<NaiveDateTime>) -> Option<NaiveDate> {
    let p = published?;
    let time = p.time();
    if time != NaiveTime::MIN && time.hour() < OVERNIGHT_END_HOUR {
        p.date().pred_opt()
    } else {
        Some(p.date())
    }
}

/// Words that open a non-restrictive relative clause (", who won on Wednesday,"). Why: such a clause tells
/// background about a participant, not the event the sentence reports ("Mr Trump, who won the election on
/// Wednesday, met Mr Obama on Thursday").
const RELATIVE_CLAUSE_OPENERS: &[&str] = &[", who ", ", which ", ", whose "];

/// Whether the date at `at` sits in a relative clause opened earlier in the same comma-delimited stretch.
fn in_relative_clause(source: &str, sentence_start: usize, at: usize) -> bool {
    let before = source.get(sentence_start.min(at)..at).unwrap_or("");
    RELATIVE_CLAUSE_OPENERS
        .iter()
        .filter_map(|o| before.rfind(o).map(|i| i + o.len()))
        .max()
        .is_some_and(|opened| !before[opened..].contains(','))
}

/// The date of the article's main event, by precedence:
/// 1. without a publish date: the first day-precise date of the title or text (only dates with a written
///    year resolve then, so this invents nothing);
/// 2. the first day-precise date of the title, then of the lead (`lead_end`: where the lead's
///    `LEAD_SENTENCES` end), skipping dates written as a noun's attribute ("Tuesday's election": the date of
///    something else the sentence refers to, not of what it reports), dates in a relative clause
///    (`RELATIVE_CLAUSE_OPENERS`) and restatements of the publish day (`PUBLISH_DAY_WORDS`, or the publish
///    date written out);
/// 3. a restated publish day: the reference day (`reference_day`: the publish day, or the day before for
///    overnight copy), since it says no more than the publish timestamp;
/// 4. an attributive or relative-clause date of the title or lead;
/// 5. the reference day. (Taking instead a recent day-precise date from the rest of the text was measured
///    worse on giveme5w1h-gold, 0.571 against 0.597: later dates are mostly background. Treating a bare
///    weekday naming the publish day as a restatement too was measured worse, 0.726 against 0.742: the lead's
///    other days are then often background or future.)
pub fn main_event_date(
    title: &str,
    title_dates: &[DateMention],
    text: &str,
    text_dates: &[DateMention],
    lead_end: usize,
    published: Option<NaiveDateTime>,
) -> Option<When> {
    let day = |m: &&DateMention| m.when.precision == Precision::Day;
    let Some(publish_day) = published.map(|p| p.date()) else {
        return title_dates.iter().chain(text_dates).find(day).map(|m| m.when);
    };
    let reference = reference_day(published).map(|date| When { date, precision: Precision::Day });
    let lead: Vec<(&str, &DateMention)> = title_dates
        .iter()
        .filter(day)
        .map(|m| (title, m))
        .chain(text_dates.iter().filter(day).filter(|m| m.span.start < lead_end).map(|m| (text, m)))
        .collect();
    let background = |(source, m): &&(&str, &DateMention)| {
        let after = source.get(m.span.end..).unwrap_or("");
        after.starts_with("'s")
            || after.starts_with("’s")
            || in_relative_clause(source, m.sentence.start, m.span.start)
    };
    let restates_publish_day = |(source, m): &&(&str, &DateMention)| {
        let written = source.get(m.span.start..m.span.end).unwrap_or("");
        PUBLISH_DAY_WORDS.iter().any(|w| written.eq_ignore_ascii_case(w))
            || (m.when.date == publish_day && written.chars().any(|c| c.is_ascii_digit()))
    };
    if let Some((_, m)) = lead.iter().find(|c| !background(c) && !restates_publish_day(c)) {
        return Some(m.when);
    }
    if lead.iter().any(|c| !background(&c)) {
        return reference;
    }
    lead.first().map(|(_, m)| m.when).or(reference)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find_dates;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("test timestamp")
    }

    fn main_date(title: &str, text: &str, published: Option<NaiveDateTime>) -> Option<String> {
        let day = published.map(|p| p.date());
        let (td, xd) = (find_dates(title, day), find_dates(text, day));
        main_event_date(title, &td, text, &xd, text.len(), published).map(|w| w.to_string())
    }

    #[test]
    fn overnight_copy_reports_the_previous_day_unless_the_time_is_unknown() {
        assert_eq!(
            reference_day(Some(at("2026-03-05 03:40:00"))).map(|d| d.to_string()).as_deref(),
            Some("2026-03-04")
        );
        assert_eq!(
            reference_day(Some(at("2026-03-05 00:00:00"))).map(|d| d.to_string()).as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(
            reference_day(Some(at("2026-03-05 14:10:00"))).map(|d| d.to_string()).as_deref(),
            Some("2026-03-05")
        );
        // A byline restating the (UTC) publish day says no more than the timestamp.
        let text = "By Ana Lund. March 5, 2026. Five people were hurt in a shooting near the harbour.";
        assert_eq!(main_date("", text, Some(at("2026-03-05 03:40:00"))).as_deref(), Some("2026-03-04"));
        // An explicit weekday still wins.
        let text = "Five people were hurt in a shooting near the harbour late on Thursday.";
        assert_eq!(main_date("", text, Some(at("2026-03-07 03:40:00"))).as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn relative_clause_dates_are_background_and_no_publish_date_takes_a_written_year() {
        let text = "Mr Varga, who won the vote on Wednesday, met the envoy on Thursday.";
        assert_eq!(main_date("", text, Some(at("2026-03-06 12:00:00"))).as_deref(), Some("2026-03-05"));
        let text = "The club celebrated its March 4 win. Fans marched on March 4, 2026 in the rain.";
        assert_eq!(main_date("", text, None).as_deref(), Some("2026-03-04"));
    }
}
