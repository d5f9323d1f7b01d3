//! The term profile of an article: what clustering compares.
//!
//! One `TermCounts` map holds three feature families, told apart by a one-character prefix so the profile
//! keeps the store's existing shape (a sorted map of integers):
//! - plain stems: the lead and the title (title weighted up), the "what is this about" vector;
//! - `^stem`: the headline alone, compared headline-to-headlines (outlets reword the body far more than the
//!   names and verbs of a headline);
//! - `@name`: capitalised names from the lead (people, places, organisations), the strongest sign that two
//!   articles report one event rather than one topic.

use chrono::{DateTime, Utc};
use newsdesk_model::ArticleId;
use newsdesk_text::{Analyzer, TermCounts};

/// Title words count this many times: a headline names the event more densely than the body does.
const TITLE_WEIGHT: u32 = 3;
/// Only the lead of an article is profiled: the event is stated at the top, while the tail drifts into
/// background that related-but-different events share.
const LEAD_WORDS: usize = 300;
/// Plain terms kept per article (most frequent first), bounding the cost of comparing and storing profiles.
pub const MAX_TERMS: usize = 120;
/// Names kept per article (most frequent first).
pub const MAX_NAMES: usize = 30;
/// Prefix of headline features.
pub const TITLE_PREFIX: char = '^';
/// Prefix of name features.
pub const NAME_PREFIX: char = '@';

/// Which family a profile key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Term,
    Title,
    Name,
}

impl Family {
    pub fn of(key: &str) -> Family {
        match key.chars().next() {
            Some(TITLE_PREFIX) => Family::Title,
            Some(NAME_PREFIX) => Family::Name,
            _ => Family::Term,
        }
    }
}

/// An article as clustering sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocProfile {
    pub id: ArticleId,
    /// Publication time; `None` when unknown (then no time penalty or cap applies).
    pub time: Option<DateTime<Utc>>,
    pub terms: TermCounts,
}

/// Build the profile of an article from its title and text: plain terms, headline terms and names.
pub fn profile_text(analyzer: &Analyzer, title: &str, text: &str) -> TermCounts {
    let lead_end = newsdesk_text::tokens(text).nth(LEAD_WORDS).map_or(text.len(), |t| t.start);
    let lead = &text[..lead_end];
    let mut counts = TermCounts::new();
    for term in analyzer.terms(title) {
        *counts.entry(term).or_insert(0) += TITLE_WEIGHT;
    }
    for term in analyzer.terms(lead) {
        *counts.entry(term).or_insert(0) += 1;
    }
    let mut profile = keep_top_terms(counts, MAX_TERMS);
    for term in analyzer.terms(title) {
        profile.entry(format!("{TITLE_PREFIX}{term}")).or_insert(1);
    }
    let mut names = TermCounts::new();
    for name in names_in(analyzer, lead) {
        *names.entry(format!("{NAME_PREFIX}{name}")).or_insert(0) += 1;
    }
    profile.extend(keep_top_terms(names, MAX_NAMES));
    profile
}

/// Capitalised calendar words are dropped from the end of a name run (which leaves nothing for "Thursday" alone,
/// and "Bank of Valdoria" for "Bank of Valdoria Thursday"). "May" is kept: it is also a name ("Theresa May").
fn is_calendar_word(word: &str) -> bool {
    use newsdesk_text::calendar::{english_month, is_english_weekday};
    let word = word.trim_end_matches('.');
    !word.eq_ignore_ascii_case("may") && (is_english_weekday(word) || english_month(word).is_some())
}

/// Capitalised names in running text, lowercased: runs of capitalised words ("Roger Stone", "White House"),
/// and single capitalised words that do not open a sentence ("said Mueller"). A one-word run that opens a
/// sentence is skipped (it is capitalised by position, not by being a name); a leading stop word is dropped
/// from a run ("The Pentagon" → "pentagon").
pub fn names_in(analyzer: &Analyzer, text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut run_opens_sentence = false;
    let mut previous_end = 0;
    let flush = |run: &mut Vec<&str>, opens: bool, names: &mut Vec<String>| {
        let mut words: &[&str] = run;
        while let Some(first) = words.first() {
            if analyzer.is_stop_word(&first.to_lowercase()) {
                words = &words[1..];
            } else {
                break;
            }
        }
        let leading_stop_words = run.len() - words.len();
        // Weekday and month names are capitalised but name no entity: two stories "on Thursday" share nothing.
        while let Some(last) = words.last() {
            if is_calendar_word(last) {
                words = &words[..words.len() - 1];
            } else {
                break;
            }
        }
        let keep = words.len() >= 2 || (words.len() == 1 && !opens && leading_stop_words == 0);
        if keep && words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
            let name: Vec<String> = words
                .iter()
                .map(|w| w.to_lowercase().trim_end_matches("'s").trim_end_matches("’s").to_string())
                .collect();
            names.push(name.join(" "));
        }
        run.clear();
    };
    for token in newsdesk_text::tokens(text) {
        let gap = &text[previous_end..token.start];
        previous_end = token.end;
        let opens_sentence = token.start == 0 || gap.contains(['.', '!', '?', '\n', '"', '“', ':']);
        let capitalised = token.text.chars().next().is_some_and(char::is_uppercase);
        let joined = gap.chars().all(|c| c == ' ');
        if capitalised && !run.is_empty() && joined {
            run.push(token.text);
            continue;
        }
        if !run.is_empty() {
            flush(&mut run, run_opens_sentence, &mut names);
        }
        if capitalised {
            run.push(token.text);
            run_opens_sentence = opens_sentence;
        }
    }
    if !run.is_empty() {
        flush(&mut run, run_opens_sentence, &mut names);
    }
    names
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

/// The text an article's sentence vector is computed from: its title and the opening of its text (the
/// embedding model reads at most 256 tokens, and news states the event at the top). One function for the
/// import pipeline and the eval, so the eval scores the vectors the product computes.
pub fn vector_text(title: &str, text: &str) -> String {
    let lead: Vec<&str> = text.split_whitespace().take(VECTOR_LEAD_WORDS).collect();
    format!("{title}. {}", lead.join(" "))
}

/// Words of the text after the title that [`vector_text`] keeps: about what the model reads in 256 tokens.
pub const VECTOR_LEAD_WORDS: usize = 150;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_terms_weigh_more_and_profile_is_bounded() {
        let a = Analyzer::english();
        let body: String = (0..500).map(|i| format!("word{i} ")).collect();
        let counts = profile_text(&a, "Earthquake hits Port Arlen", &body);
        assert_eq!(counts.get("earthquak"), Some(&TITLE_WEIGHT));
        assert_eq!(counts.get("^earthquak"), Some(&1));
        assert_eq!(counts.keys().filter(|k| Family::of(k) == Family::Term).count(), MAX_TERMS);
    }

    #[test]
    fn finds_names_but_not_sentence_openers() {
        let a = Analyzer::english();
        let names = names_in(
            &a,
            "Officials said Roger Stone was arrested. The White House declined. Prosecutors met Mueller's team.",
        );
        assert_eq!(names, ["roger stone", "white house", "mueller"]);
    }

    #[test]
    fn weekdays_and_months_are_not_names() {
        let a = Analyzer::english();
        let names = names_in(
            &a,
            "The bank met on Thursday and the Central Bank Thursday in September. Governor Clara Wendt spoke.",
        );
        assert_eq!(names, ["central bank", "governor clara wendt"]);
    }
}
