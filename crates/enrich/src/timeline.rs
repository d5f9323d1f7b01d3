//! Dated events: one per (sentence, date) in an article, the article's main event date, and timelines merged
//! across the articles of a story or storyline with duplicates folded and events in date order.

use crate::Span;
use crate::dates::{DateMention, Precision, When};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use regex::Regex;
use std::cell::OnceCell;
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

/// Title terms a lead sentence must share for its dates to tell the main event. Why: the headline names the
/// main event; a lead sentence sharing none of its words is background ("The business tycoon stunned America
/// as he took the title on Tuesday" under "Lady Gaga stages protest outside Trump Towers").
pub const LEAD_MIN_SHARED_TERMS: usize = 1;

/// Title terms a sentence after the lead must share to cancel the overnight shift (`reference_day`). Why: the
/// shift is a guess from the timestamp; a later sentence retelling the headline's event in its words ("Lady
/// Gaga waves a poster ... in protest ... in the early hours of Wednesday") and dating it to the publish day
/// itself is evidence against it. Taking any such later date as the main event was measured worse (follow-ups
/// and captions past the lead: "officials told the Journal on Monday that the change had been planned").
pub const LATER_MIN_SHARED_TERMS: usize = 2;

/// Words that may stand between an event noun and its date ("the bombing late Thursday", "the attack on
/// Monday", "the vote this Tuesday").
const DATE_ATTACHMENT_WORDS: &[&str] = &["on", "late", "early", "last", "this", "overnight"];

static TERMS: LazyLock<newsdesk_text::Analyzer> = LazyLock::new(newsdesk_text::Analyzer::english);

/// Calendar words carry no topic: two sentences both saying "Sunday" need not tell the same event.
const CALENDAR_TERM_WORDS: &[&str] =
    &["morning", "afternoon", "evening", "night", "today", "yesterday", "tonight"];

/// Content terms (stemmed, stop words out) of `text`, without weekday/month names and times of day.
fn terms(text: &str) -> HashSet<String> {
    newsdesk_text::tokens(text).filter_map(|t| term(t.text)).collect()
}

fn term(word: &str) -> Option<String> {
    let calendar = newsdesk_text::calendar::is_english_weekday(word)
        || newsdesk_text::calendar::is_english_month_name(word)
        || CALENDAR_TERM_WORDS.iter().any(|c| c.eq_ignore_ascii_case(word));
    if calendar { None } else { TERMS.term(word) }
}

/// How many distinct terms of `sentence` are in any of `of`. Only words whose first letters begin some wanted
/// term are stemmed (stemming every word of every lead sentence cost 5% of enrichment).
fn shared_terms(sentence: &str, of: &[&HashSet<String>]) -> usize {
    let mut found: Vec<String> = Vec::new();
    for token in newsdesk_text::tokens(sentence) {
        let head: String = token.text.chars().take(2).flat_map(char::to_lowercase).collect();
        if !of.iter().any(|set| set.iter().any(|t| t.starts_with(&head))) {
            continue;
        }
        if let Some(t) = term(token.text)
            && of.iter().any(|set| set.contains(&t))
            && !found.contains(&t)
        {
            found.push(t);
        }
    }
    found.len()
}

/// Longest handle of an embedded post's author (Twitter allows 15 characters, Instagram 30).
const MAX_HANDLE_CHARS: usize = 30;

/// Whether the date at `at` is the timestamp of an embedded social-media post ("-- Ann Lee (@annlee)
/// November 8, 2016", "A photo posted by X (@x) on Nov 9, 2016"): it dates a reaction, not the event.
pub fn is_embedded_post_timestamp(source: &str, at: usize) -> bool {
    let before = source.get(..at).unwrap_or("").trim_end();
    let before = before.strip_suffix(" on").unwrap_or(before).trim_end();
    let Some(handle) = before.strip_suffix(')') else { return false };
    // A handle is a run of word characters: walk back over it (never far) to the "(@" that opens it.
    let name_start = handle.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_').len();
    let name_len = handle.len() - name_start;
    (1..=MAX_HANDLE_CHARS).contains(&name_len) && handle[..name_start].ends_with("(@")
}

/// Days an embedded post's timestamp may lie after the publish day before the publish date is taken to be
/// wrong. Why: a post's date is the poster's local day, up to 14 hours ahead of UTC.
pub const POST_AFTER_PUBLISH_TOLERANCE_DAYS: i64 = 1;

/// The publish time corrected by the article's embedded posts: an article cannot quote a post made after it
/// was published, so when the latest post timestamp (`is_embedded_post_timestamp`) lies more than
/// `POST_AFTER_PUBLISH_TOLERANCE_DAYS` after the stated publish day, the stated date is wrong (a feed's or
/// page's bad metadata) and that post's day (time unknown) is the best lower bound. `None` = no correction.
pub fn publish_time_from_posts(
    text: &str,
    text_dates: &[DateMention],
    published: Option<NaiveDateTime>,
) -> Option<NaiveDateTime> {
    let publish_day = published?.date();
    let latest = text_dates
        .iter()
        .filter(|m| m.when.precision == Precision::Day && is_embedded_post_timestamp(text, m.span.start))
        .map(|m| m.when.date)
        .max()?;
    ((latest - publish_day).num_days() > POST_AFTER_PUBLISH_TOLERANCE_DAYS)
        .then(|| latest.and_time(NaiveTime::MIN))
}

/// Whether the date at `at` directly follows a word of the title ("the bombing late Thursday" under "... truck
/// bomb"): a date attached to the headline's event noun is that event's date, whatever else the lead dates
/// first (an update: "the death toll rose to six Friday").
fn attached_to_title_word(
    source: &str,
    sentence_start: usize,
    at: usize,
    title_terms: &HashSet<String>,
) -> bool {
    let before = source.get(sentence_start.min(at)..at).unwrap_or("");
    let words: Vec<&str> = newsdesk_text::tokens(before).map(|t| t.text).collect();
    let Some(word) =
        words.iter().rev().find(|w| !DATE_ATTACHMENT_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w)))
    else {
        return false;
    };
    // Only a lower-case word is an event noun; a name before a date is the subject ("Trump on Tuesday said").
    word.chars().next().is_some_and(char::is_lowercase)
        && TERMS.term(word).is_some_and(|t| title_terms.contains(&t))
}

/// The date of the article's main event, by precedence:
/// 1. without a publish date: the first day-precise date of the title or text (only dates with a written
///    year resolve then, so this invents nothing);
/// 2. a day-precise date of the title or lead (`lead_end`: where the lead's `LEAD_SENTENCES` end) attached to
///    a title word (`attached_to_title_word`);
/// 3. the first day-precise date of the title, then of the lead, skipping dates written as a noun's attribute
///    ("Tuesday's election": the date of something else the sentence refers to, not of what it reports),
///    dates in a relative clause (`RELATIVE_CLAUSE_OPENERS`), dates of lead sentences sharing fewer than
///    `LEAD_MIN_SHARED_TERMS` terms with the title, and restatements of the publish day (`PUBLISH_DAY_WORDS`,
///    or the publish date written out);
/// 4. a restated publish day: the reference day (`reference_day`: the publish day, or the day before for
///    overnight copy), since it says no more than the publish timestamp;
/// 5. when the reference day is the overnight shift's previous day: the publish day, if a day-precise date after
///    the lead names it in a sentence sharing `LATER_MIN_SHARED_TERMS` title terms;
/// 6. an attributive or relative-clause date of the title or lead;
/// 7. the reference day. (Treating a bare weekday naming the publish day as a restatement was measured worse,
///    0.726 against 0.742: the lead's other days are then often background or future.)
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
    let title_terms = terms(title);
    // The lead's topic: the headline and the opening sentence that expands it (split only when needed).
    let opening_terms: OnceCell<HashSet<String>> = OnceCell::new();
    let opening = || {
        opening_terms.get_or_init(|| {
            let lead_text = text.get(..lead_end).unwrap_or(text);
            newsdesk_text::sentences(lead_text).first().map(|s| terms(s.text(text))).unwrap_or_default()
        })
    };
    let shares_title = |source: &str, m: &DateMention, min: usize| {
        !title_terms.is_empty() && shared_terms(m.sentence.text(source), &[&title_terms]) >= min
    };
    let shares_topic = |source: &str, m: &DateMention| {
        let sentence = m.sentence.text(source);
        shared_terms(sentence, &[&title_terms]) >= LEAD_MIN_SHARED_TERMS
            || shared_terms(sentence, &[&title_terms, opening()]) >= LEAD_MIN_SHARED_TERMS
    };
    // (in the title?, its source, the mention)
    let lead: Vec<(bool, &str, &DateMention)> = title_dates
        .iter()
        .filter(day)
        .map(|m| (true, title, m))
        .chain(
            text_dates
                .iter()
                .filter(day)
                .filter(|m| m.span.start < lead_end && !is_embedded_post_timestamp(text, m.span.start))
                .map(|m| (false, text, m)),
        )
        .collect();
    let background = |(_, source, m): &&(bool, &str, &DateMention)| {
        let after = source.get(m.span.end..).unwrap_or("");
        after.starts_with("'s")
            || after.starts_with("’s")
            || in_relative_clause(source, m.sentence.start, m.span.start)
    };
    let restates_publish_day = |(_, source, m): &&(bool, &str, &DateMention)| {
        let written = source.get(m.span.start..m.span.end).unwrap_or("");
        PUBLISH_DAY_WORDS.iter().any(|w| written.eq_ignore_ascii_case(w))
            || (m.when.date == publish_day && written.chars().any(|c| c.is_ascii_digit()))
    };
    let on_topic = |(in_title, source, m): &&(bool, &str, &DateMention)| {
        *in_title || title_terms.is_empty() || shares_topic(source, m)
    };
    let told = |c: &&(bool, &str, &DateMention)| !background(c) && !restates_publish_day(c);
    if let Some((_, _, m)) = lead
        .iter()
        .filter(told)
        .find(|(_, source, m)| attached_to_title_word(source, m.sentence.start, m.span.start, &title_terms))
    {
        return Some(m.when);
    }
    if let Some((_, _, m)) = lead.iter().filter(told).find(on_topic) {
        return Some(m.when);
    }
    if lead.iter().any(|c| !background(&c) && on_topic(&c)) {
        return reference;
    }
    let shifted = reference.is_some_and(|r| r.date != publish_day);
    let dates_publish_day = |m: &&DateMention| {
        m.when.date == publish_day
            && m.span.start >= lead_end
            && !is_embedded_post_timestamp(text, m.span.start)
            && !background(&&(false, text, *m))
            && !restates_publish_day(&&(false, text, *m))
    };
    if shifted
        && text_dates
            .iter()
            .filter(day)
            .filter(dates_publish_day)
            .any(|m| shares_title(text, m, LATER_MIN_SHARED_TERMS))
    {
        return Some(When { date: publish_day, precision: Precision::Day });
    }
    lead.iter().find(|c| background(c) && on_topic(c)).map(|(_, _, m)| m.when).or(reference)
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
        main_date_with_lead(title, text, text.len(), published)
    }

    fn main_date_with_lead(
        title: &str,
        text: &str,
        lead_end: usize,
        published: Option<NaiveDateTime>,
    ) -> Option<String> {
        let day = published.map(|p| p.date());
        let (td, xd) = (find_dates(title, day), find_dates(text, day));
        main_event_date(title, &td, text, &xd, lead_end, published).map(|w| w.to_string())
    }

    #[test]
    fn a_date_attached_to_the_headline_event_beats_an_update_date() {
        let title = "Rebels bomb the port of Calder Bay";
        let text = "The death toll from the rebel attack in Calder Bay rose to nine Friday. \
                    Officials said the bombing late Thursday destroyed the pier.";
        assert_eq!(main_date(title, text, Some(at("2026-03-07 10:00:00"))).as_deref(), Some("2026-03-05"));
        // A name before a date is the sentence's subject, not an event noun.
        let title = "Varga meets the envoy";
        let text = "The envoy arrived on Tuesday. Varga on Wednesday told reporters the talks would go on.";
        assert_eq!(main_date(title, text, Some(at("2026-03-07 10:00:00"))).as_deref(), Some("2026-03-03"));
    }

    #[test]
    fn lead_dates_of_sentences_off_the_headline_topic_are_background() {
        let title = "Singer stages protest outside the tower";
        let text = "The singer staged a protest outside the tower after the vote. \
                    The tycoon stunned the world as he took the title on Tuesday morning.";
        // Wednesday, time unknown: the off-topic Tuesday is not the protest's day.
        assert_eq!(main_date(title, text, Some(at("2026-03-04 00:00:00"))).as_deref(), Some("2026-03-04"));
        // Sharing a word with the opening sentence is enough ("fans" is not in the title).
        let text =
            "Fans staged a protest outside the tower after the vote. Police cleared the fans on Tuesday.";
        assert_eq!(main_date(title, text, Some(at("2026-03-04 00:00:00"))).as_deref(), Some("2026-03-03"));
    }

    #[test]
    fn a_later_sentence_retelling_the_headline_on_the_publish_day_cancels_the_overnight_shift() {
        let title = "Singer stages protest outside the tower";
        let lead = "Celebrities reacted with dismay. ";
        let text =
            format!("{lead}The singer held her protest outside the tower in the early hours of Thursday.");
        let published = Some(at("2026-03-05 03:40:00"));
        assert_eq!(main_date_with_lead(title, &text, lead.len(), published).as_deref(), Some("2026-03-05"));
        // A later date off the headline's topic leaves the shift alone.
        let text = format!("{lead}The mayor spoke to reporters early on Thursday.");
        assert_eq!(main_date_with_lead(title, &text, lead.len(), published).as_deref(), Some("2026-03-04"));
    }

    #[test]
    fn embedded_post_timestamps_are_not_events_but_bound_the_publish_date() {
        let text = "Fans mocked the new bar. -- Ann Lee (@ann_lee) November 7, 2026 More fans joined in. \
                    A photo posted by Bo (@bo) on Nov 9, 2026 at 1:57am PST";
        let dates = find_dates(text, None);
        let posts: Vec<bool> = dates.iter().map(|m| is_embedded_post_timestamp(text, m.span.start)).collect();
        assert_eq!(posts, [true, true]);
        assert!(!is_embedded_post_timestamp("Mr Lee (the mayor) November 7, 2026", 20));
        // The post is no event: the publish day (time unknown) stays the main date.
        let text = "Fans mocked the new bar. -- Ann Lee (@ann_lee) November 7, 2026";
        assert_eq!(main_date("", text, Some(at("2026-11-09 12:00:00"))).as_deref(), Some("2026-11-09"));
        // A stated publish date nine months before the posts it quotes is wrong; the latest post bounds it.
        let stated = Some(at("2026-02-08 00:00:00"));
        let dates = find_dates(text, stated.map(|p| p.date()));
        assert_eq!(publish_time_from_posts(text, &dates, stated), Some(at("2026-11-07 00:00:00")));
        let enriched = crate::enrich_article_at("", text, stated, None);
        assert_eq!(enriched.main_date.map(|w| w.to_string()).as_deref(), Some("2026-11-07"));
        // A post one day after the UTC publish day is the poster's time zone, not bad metadata.
        let stated = Some(at("2026-11-06 22:00:00"));
        assert_eq!(publish_time_from_posts(text, &dates, stated), None);
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
