//! "When" scorers: the main-event date of giveme5w1h-gold articles against the annotators' normalized date
//! (plus who/where overlap), and the hand-labelled demo date expressions (`crates/enrich/tests/demo_dates.tsv`).
//!
//! How the giveme5w1h bar is read (issue 8: "the normalized date of the event found in the article's timeline
//! matches the gold date for >= 80% of annotated articles"):
//! - The gold. Each "when" annotation is `{text, coderPhraseCount, parsed}`. `parsed` is always a full day
//!   (`YYYY-MM-DD`) and is the same for every annotation of an article: it is the event's day, not a
//!   normalization of the phrase (the phrase "2016" or "last month" carries the event's day as `parsed`).
//!   So the gold is always day-granular, and a prediction matches only if it is day-precise and the same day;
//!   a month- or year-precise prediction never matches (no loosening to "same month").
//! - Which articles count. SOURCE.md: "an entry with a count but no `text` means the coders agreed there is no
//!   answer". The published Giveme5W1H evaluation (`examples/misc/learn_weights_new/learn.py`,
//!   `_cmp_helper_min` + `cmp_date_timex`; the reader in `extractor/tools/file/reader.py` keeps `text` as
//!   `annotation[2]`) compares a "when" answer only against annotations that have a `text` and a `parsed`
//!   date, and skips the others. An annotated article is therefore one with at least one "when" annotation
//!   carrying both a phrase and a `parsed` day: `n`, scored by `main_accuracy`, the bar's figure.
//!   Articles whose only "when" entries say "no phrase" but still carry a `parsed` day are scored as well,
//!   as `all_parsed_accuracy` over `all_parsed_n`, and reported beside it (stricter set, more noise).
//! - A match. Upstream scores a distance (log seconds between the answer's middle and `parsed`, 0 = same
//!   minute, 1 = a month apart) with no threshold; the bar asks for a match, read as the same calendar day,
//!   against any of the article's annotations (upstream keeps the smallest distance over annotations).
//! - The method's date is `enrich_article_at`'s `main_date` (the main event's day in the article's timeline,
//!   else the reference day), given the publish time from `date_publish` (read as UTC; 00:00:00 = unknown).
//!   Enrichment itself replaces a `date_publish` contradicted by the article's embedded posts (one row here
//!   states 2016-02-08 for a story quoting tweets of November 8, 2016); `publish_baseline` keeps the stated day.
//!
//! `timeline_recall` = share of annotated articles whose gold day is the day of any event in the article's
//! timeline or its publish day. `publish_baseline` = share where the publish day alone is right.
//! Who/where: share of articles with a gold phrase where some entity of the right kind (who: PER/ORG,
//! where: LOC) found in the title or lead shares a word with a gold phrase.

use crate::{Error, Result, read_to_string};
use chrono::{NaiveDate, NaiveDateTime};
use newsdesk_enrich::{Precision, enrich_article_at, find_dates};
use serde_json::Value;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq)]
pub struct WhenReport {
    /// Articles with a "when" annotation holding both a phrase and a `parsed` day (see the module doc).
    pub n: usize,
    pub main_accuracy: f64,
    /// Every article with a `parsed` day, including those whose coders found no "when" phrase.
    pub all_parsed_n: usize,
    pub all_parsed_accuracy: f64,
    pub timeline_recall: f64,
    pub publish_baseline: f64,
    pub who_overlap: f64,
    pub who_n: usize,
    pub where_overlap: f64,
    pub where_n: usize,
    pub articles_per_sec: f64,
    /// (file, gold, predicted) of every annotated article (`n`) whose main date is wrong.
    pub misses: Vec<(String, String, String)>,
}

/// Score main-event dates (and who/where) on giveme5w1h-gold (`<dir>/data/*.json`).
pub fn evaluate_when(dir: &Path) -> Result<WhenReport> {
    let data = dir.join("data");
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .map_err(|source| Error::Io { path: data.clone(), source })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut n, mut main_right, mut any_right, mut publish_right) = (0, 0, 0, 0);
    let (mut all_n, mut all_right) = (0, 0);
    let (mut who_n, mut who_hit, mut where_n, mut where_hit) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let started = Instant::now();
    for path in &files {
        let v: Value = serde_json::from_str(&read_to_string(path)?)
            .map_err(|e| Error::Format { path: path.clone(), reason: e.to_string() })?;
        let title = v["title"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        let published_at = v["date_publish"]
            .as_str()
            .and_then(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok());
        let published = published_at.map(|p| p.date());
        let enrichment = enrich_article_at(title, text, published_at, None);
        let lead = lead_of(text);
        let entities = newsdesk_enrich::entities::find_entities(&format!("{title}\n{lead}"));
        let kinds = |wanted: &[&str]| -> Vec<String> {
            entities.iter().filter(|e| wanted.contains(&e.kind.as_str())).map(|e| e.text.clone()).collect()
        };
        let five = &v["fiveWoneH"];
        if let Some(gold) = phrases(&five["who"]).first().map(|_| phrases(&five["who"])) {
            who_n += 1;
            who_hit += usize::from(shares_word(&kinds(&["PER", "ORG"]), &gold));
        }
        if let Some(gold) = phrases(&five["where"]).first().map(|_| phrases(&five["where"])) {
            where_n += 1;
            where_hit += usize::from(shares_word(&kinds(&["LOC"]), &gold));
        }
        let (golds, phrased) = gold_when(&five["when"]);
        if golds.is_empty() {
            continue;
        }
        let predicted = enrichment.main_date.filter(|w| w.precision == Precision::Day).map(|w| w.date);
        let right = predicted.is_some_and(|p| golds.contains(&p));
        all_n += 1;
        all_right += usize::from(right);
        if !phrased {
            continue;
        }
        n += 1;
        if right {
            main_right += 1;
        } else {
            let shown = predicted.map_or_else(|| "none".to_string(), |d| d.to_string());
            let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            misses.push((name, golds[0].to_string(), shown));
        }
        let in_timeline = enrichment
            .events
            .iter()
            .any(|e| e.when.precision == Precision::Day && golds.contains(&e.when.date));
        let on_publish_day = published.is_some_and(|p| golds.contains(&p));
        any_right += usize::from(in_timeline || on_publish_day);
        publish_right += usize::from(on_publish_day);
    }
    let secs = started.elapsed().as_secs_f64();
    let share = |k: usize, of: usize| if of == 0 { 0.0 } else { k as f64 / of as f64 };
    Ok(WhenReport {
        n,
        main_accuracy: share(main_right, n),
        all_parsed_n: all_n,
        all_parsed_accuracy: share(all_right, all_n),
        timeline_recall: share(any_right, n),
        publish_baseline: share(publish_right, n),
        who_overlap: share(who_hit, who_n),
        who_n,
        where_overlap: share(where_hit, where_n),
        where_n,
        articles_per_sec: if secs > 0.0 { files.len() as f64 / secs } else { 0.0 },
        misses,
    })
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The first two sentences of the text: where the main event's who and where are told.
fn lead_of(text: &str) -> &str {
    let sentences = newsdesk_text::sentences(text);
    let end = sentences.get(1).or(sentences.last()).map_or(0, |s| s.end);
    &text[..end]
}

/// The gold days of an article (the `parsed` values of its "when" annotations) and whether any annotation
/// with a `parsed` day also has a phrase (`text`): only those count as annotated (see the module doc).
fn gold_when(when: &Value) -> (Vec<NaiveDate>, bool) {
    let mut days = Vec::new();
    let mut phrased = false;
    for a in when["annotated"].as_array().into_iter().flatten() {
        let Some(day) = a["parsed"].as_str().and_then(parse_day) else { continue };
        phrased |= a["text"].as_str().is_some_and(|t| !t.trim().is_empty());
        if !days.contains(&day) {
            days.push(day);
        }
    }
    (days, phrased)
}

fn phrases(field: &Value) -> Vec<String> {
    field["annotated"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p["text"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn shares_word(found: &[String], gold: &[String]) -> bool {
    let words = |s: &str| -> Vec<String> {
        newsdesk_text::tokens(s).map(|t| t.text.to_lowercase()).filter(|w| w.len() > 2).collect()
    };
    let gold_words: Vec<String> = gold.iter().flat_map(|g| words(g)).collect();
    found.iter().flat_map(|f| words(f)).any(|w| gold_words.contains(&w))
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelledDatesReport {
    pub n: usize,
    pub right: usize,
    /// Share resolved to the labelled date (and range end) with the labelled precision.
    pub accuracy: f64,
    /// (expression, sentence, expected, got) of every miss.
    pub misses: Vec<(String, String, String, String)>,
}

/// Score a labelled date-expression file (tab-separated: published, expression, expected, precision,
/// sentence; `#` comments) with `find_dates`.
pub fn evaluate_labelled_dates(path: &Path) -> Result<LabelledDatesReport> {
    let content = read_to_string(path)?;
    let (mut n, mut right, mut misses) = (0, 0, Vec::new());
    for line in content.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = || Error::Format { path: path.to_path_buf(), reason: format!("bad line {line:?}") };
        let [published, expression, expected, precision, sentence] = cols[..] else { return Err(bad()) };
        let published = parse_day(published).ok_or_else(bad)?;
        let at = sentence.find(expression).ok_or_else(bad)?;
        n += 1;
        let found = find_dates(sentence, Some(published));
        let got = found.iter().find(|m| m.span.start < at + expression.len() && at < m.span.end).map(|m| {
            let value = match m.until {
                Some(until) => format!("{}..{}", m.when, until),
                None => m.when.to_string(),
            };
            let p = match m.when.precision {
                Precision::Day => "day",
                Precision::Week => "week",
                Precision::Month => "month",
                Precision::Year => "year",
            };
            format!("{value} {p}")
        });
        let want = format!("{expected} {precision}");
        if got.as_deref() == Some(want.as_str()) {
            right += 1;
        } else {
            misses.push((expression.into(), sentence.into(), want, got.unwrap_or_else(|| "none".into())));
        }
    }
    let accuracy = if n == 0 { 0.0 } else { right as f64 / n as f64 };
    Ok(LabelledDatesReport { n, right, accuracy, misses })
}
