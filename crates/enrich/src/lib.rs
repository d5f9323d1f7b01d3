//! Enrichment of one article: date expressions resolved against its publish date, named entities, and the
//! dated events that make a timeline. Pure: values in, values out, no IO and no clock.
//!
//! The pipeline calls [`enrich_article`] once per article; story and storyline timelines come from
//! [`merge_timeline`] over the articles' events.

pub mod dates;
pub mod entities;
pub mod timeline;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
pub use dates::{DateMention, Precision, When, find_dates};
pub use entities::{Entity, EntityKind, Mention, NerModel};
pub use timeline::{Event, Field, TimelineEntry, article_events, main_event_date, merge_timeline};

/// Errors of this crate: only loading a trained model can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("bad NER model: {0}")]
    Model(String),
}

/// A byte span `start..end` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

/// Everything enrichment finds in one article. Spans index the `title` or `text` passed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrichment {
    pub title_dates: Vec<DateMention>,
    pub dates: Vec<DateMention>,
    pub events: Vec<Event>,
    /// The date of the article's main event (title or lead), else the publish day.
    pub main_date: Option<When>,
    /// Entity mentions in the title, then in the text (spans index their own field).
    pub title_mentions: Vec<Mention>,
    pub mentions: Vec<Mention>,
    /// Canonical entities over the text's mentions (variants, titles and aliases folded).
    pub entities: Vec<Entity>,
}

/// Enrich one article. `published` is the publish day as the article states it (no time-zone shift); without
/// it, expressions that need a reference date ("on Monday", "in March") are left out rather than guessed.
pub fn enrich_article(title: &str, text: &str, published: Option<NaiveDate>) -> Enrichment {
    enrich_article_with(title, text, published, None)
}

/// [`enrich_article`] with a trained entity model (see [`NerModel`]); `None` uses the built-in rules.
pub fn enrich_article_with(
    title: &str,
    text: &str,
    published: Option<NaiveDate>,
    model: Option<&NerModel>,
) -> Enrichment {
    enrich_article_at(title, text, published.map(|d| d.and_time(NaiveTime::MIN)), model)
}

/// [`enrich_article_with`] given the publish time (UTC) as well as the day: overnight copy reports the
/// previous day ([`timeline::reference_day`]). A time of exactly 00:00:00 is read as "time unknown".
pub fn enrich_article_at(
    title: &str,
    text: &str,
    published: Option<NaiveDateTime>,
    model: Option<&NerModel>,
) -> Enrichment {
    let mut day = published.map(|p| p.date());
    let mut dates = find_dates(text, day);
    let mut published = published;
    if let Some(corrected) = timeline::publish_time_from_posts(text, &dates, published) {
        published = Some(corrected);
        day = Some(corrected.date());
        dates = find_dates(text, day);
    }
    let title_dates = find_dates(title, day);
    let events = article_events(title, &title_dates, text, &dates);
    let sentences = newsdesk_text::sentences(text);
    let lead_end = sentences.get(timeline::LEAD_SENTENCES - 1).or(sentences.last()).map_or(0, |s| s.end);
    let main_date = main_event_date(title, &title_dates, text, &dates, lead_end, published);
    let title_mentions = entities::find_mentions(title, model);
    let mentions = entities::find_mentions(text, model);
    let entities = entities::canonicalize(text, &mentions);
    Enrichment { title_dates, dates, events, main_date, title_mentions, mentions, entities }
}
