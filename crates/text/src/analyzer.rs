//! Index terms: lowercased words minus stop words and numbers, stemmed with Snowball for the text's language.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeMap, HashSet};

/// Term → count for one text: integers in a sorted map, so stored profiles round-trip exactly and sums over
/// them are computed in the same order in every run (float sums depend on order).
pub type TermCounts = BTreeMap<String, u32>;

/// Turns text into index terms for one language.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    stop_words: HashSet<&'static str>,
}

impl Analyzer {
    /// An analyzer for an ISO 639-1 language code; unknown languages get no stemming and no stop words.
    pub fn for_language(code: &str) -> Self {
        let stemmer = stemming_algorithm(code).map(Stemmer::create);
        let stop_words = stop_words::lookup(code).map(|w| w.iter().copied().collect()).unwrap_or_default();
        Analyzer { stemmer, stop_words }
    }

    pub fn english() -> Self {
        Self::for_language("en")
    }

    pub fn is_stop_word(&self, lower: &str) -> bool {
        self.stop_words.contains(lower)
    }

    /// The index term for one word, or `None` for stop words, numbers and single letters.
    pub fn term(&self, word: &str) -> Option<String> {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        let lower = lower.trim_end_matches("'s").trim_end_matches("’s");
        if lower.chars().count() < 2 || lower.chars().all(|c| c.is_numeric()) || self.is_stop_word(lower) {
            return None;
        }
        let normalized = lower.replace('’', "'");
        Some(match &self.stemmer {
            Some(stemmer) => stemmer.stem(&normalized).into_owned(),
            None => normalized,
        })
    }

    /// The terms of `text` in order.
    pub fn terms<'a>(&'a self, text: &'a str) -> impl Iterator<Item = String> + 'a {
        crate::tokens(text).filter_map(|t| self.term(t.text))
    }

    /// Counts of the terms of `text`.
    pub fn term_counts(&self, text: &str) -> TermCounts {
        let mut counts = TermCounts::new();
        for term in self.terms(text) {
            *counts.entry(term).or_insert(0) += 1;
        }
        counts
    }
}

fn stemming_algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_stop_words_and_numbers_and_stems() {
        let a = Analyzer::english();
        let terms: Vec<_> = a.terms("The ministers were negotiating 3 treaties in Tokyo's talks").collect();
        assert_eq!(terms, ["minist", "negoti", "treati", "tokyo", "talk"]);
    }

    #[test]
    fn counts_terms() {
        let a = Analyzer::english();
        let counts = a.term_counts("Islands, island and ISLANDS");
        assert_eq!(counts.get("island"), Some(&3));
    }

    #[test]
    fn unknown_language_keeps_words() {
        let a = Analyzer::for_language("xx");
        assert_eq!(a.terms("Hello the World").collect::<Vec<_>>(), ["hello", "the", "world"]);
    }
}
