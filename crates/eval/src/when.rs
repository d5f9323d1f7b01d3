//! "When" scorers: the main-event date of giveme5w1h-gold articles against the annotators' normalized date
//! (plus who/where overlap), and the hand-labelled demo date expressions (`crates/enrich/tests/demo_dates.tsv`).
//!
//! giveme5w1h metric: an article counts when one of its "when" annotations has a `parsed` date (the one most
//! coders agreed on is the gold). `main_accuracy` = share of those articles whose main-event date
//! (`enrich_article`'s `main_date`: the first day-precise date of the title or lead, else the publish day)
//! equals the gold day. `timeline_recall` = share whose gold day is the day of any event in the article's
//! timeline or its publish day. `publish_baseline` = share where the publish day alone is right.
//! Who/where: share of articles with a gold phrase where some entity of the right kind (who: PER/ORG,
//! where: LOC) found in the title or lead shares a word with a gold phrase.

use crate::{Error, Result, read_to_string};
use chrono::NaiveDate;
use newsdesk_enrich::{Precision, enrich_article, find_dates};
use serde_json::Value;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, PartialEq)]
pub struct WhenReport {
    pub n: usize,
    pub main_accuracy: f64,
    pub timeline_recall: f64,
    pub publish_baseline: f64,
    pub who_overlap: f64,
    pub who_n: usize,
    pub where_overlap: f64,
    pub where_n: usize,
    pub articles_per_sec: f64,
    /// (file, gold, predicted) of every article whose main date is wrong.
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
    let (mut who_n, mut who_hit, mut where_n, mut where_hit) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    let started = Instant::now();
    for path in &files {
        let v: Value = serde_json::from_str(&read_to_string(path)?)
            .map_err(|e| Error::Format { path: path.clone(), reason: e.to_string() })?;
        let title = v["title"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or("");
        let published = v["date_publish"].as_str().and_then(|s| s.get(..10)).and_then(parse_day);
        let enrichment = enrich_article(title, text, published);
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
        let Some(gold) = gold_when(&five["when"]) else { continue };
        n += 1;
        let predicted = enrichment.main_date.filter(|w| w.precision == Precision::Day).map(|w| w.date);
        if predicted == Some(gold) {
            main_right += 1;
        } else {
            let shown = predicted.map_or_else(|| "none".to_string(), |d| d.to_string());
            let name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            misses.push((name, gold.to_string(), shown));
        }
        let in_timeline =
            enrichment.events.iter().any(|e| e.when.precision == Precision::Day && e.when.date == gold);
        any_right += usize::from(in_timeline || published == Some(gold));
        publish_right += usize::from(published == Some(gold));
    }
    let secs = started.elapsed().as_secs_f64();
    let share = |k: usize, of: usize| if of == 0 { 0.0 } else { k as f64 / of as f64 };
    Ok(WhenReport {
        n,
        main_accuracy: share(main_right, n),
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

/// The gold date: the `parsed` value of the annotation most coders agreed on.
fn gold_when(when: &Value) -> Option<NaiveDate> {
    let annotated = when["annotated"].as_array()?;
    annotated
        .iter()
        .filter_map(|a| {
            Some((a["coderPhraseCount"].as_u64().unwrap_or(0), parse_day(a["parsed"].as_str()?)?))
        })
        .fold(None, |best: Option<(u64, NaiveDate)>, (count, day)| match best {
            Some((c, _)) if c >= count => best,
            _ => Some((count, day)),
        })
        .map(|(_, day)| day)
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
