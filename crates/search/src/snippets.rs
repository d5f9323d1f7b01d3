//! Snippet generators that stem only the words that could match: highlighting tokenizes and stems every
//! word of the text it is given, for every hit shown, and stemming was the largest part of a search's time.
//!
//! A Snowball stemmer rewrites the end of a word, never its first letter (its exceptions too: "dying" →
//! "die", "skies" → "sky"), so a word whose first letter starts no query term cannot match one. The
//! generator's analyzer is the field's own with a gate before the stemmer that blanks such words (they
//! still count as words for the fragment's position, they just match nothing). Words starting with a
//! non-ASCII letter always pass (ASCII folding after the stemmer may turn "é" into "e").

use crate::schema::{MAX_TOKEN_BYTES, STEMMED};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher};

/// A snippet generator for `field` (analyzed by `analyzer`) highlighting `query`'s terms.
pub(crate) fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    analyzer: &str,
    max_chars: usize,
) -> tantivy::Result<Highlighter> {
    let Some(language) = STEMMED.iter().find(|(code, _)| *code == analyzer).map(|(_, l)| *l) else {
        // CJK bigrams and plain words are not stemmed: the field's own analyzer is cheap enough.
        let mut generator = SnippetGenerator::create(searcher, query, field)?;
        generator.set_max_num_chars(max_chars);
        return Ok(Highlighter::Tantivy(generator));
    };
    // The query's terms in this field, weighted as tantivy's own `SnippetGenerator::create` does.
    let mut terms = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.push(term.clone());
        }
    });
    terms.sort();
    terms.dedup();
    let mut weighted: BTreeMap<String, Score> = BTreeMap::new();
    for term in &terms {
        let value = term.value();
        let Some(text) = value.as_str() else { continue };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            weighted.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let first: Vec<char> = weighted.keys().filter_map(|t| t.chars().next()).collect();
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(FirstLetterGate { first: Arc::new(first) })
        .filter(Stemmer::new(language))
        .filter(AsciiFoldingFilter)
        .build();
    Ok(Highlighter::Own(OwnHighlighter { terms: weighted, analyzer, max_chars }))
}

/// Finds the best window of a text and marks the query's words in it.
pub(crate) enum Highlighter {
    /// Analyzers without a stemmer (CJK, the generic one): tantivy's generator with the field's analyzer.
    Tantivy(SnippetGenerator),
    /// Stemmed languages: the same windows, scores and HTML as tantivy's `SnippetGenerator::snippet`, but
    /// without its per-call copy of the analyzer and its lower-cased copy of every token (this analyzer
    /// lower-cases already). With the map lookups of blanked words, those were ~a third of a search's CPU
    /// (perf during `load probe` on 100k articles).
    Own(OwnHighlighter),
}

pub(crate) struct OwnHighlighter {
    terms: BTreeMap<String, Score>,
    analyzer: TextAnalyzer,
    max_chars: usize,
}

impl Highlighter {
    /// The best window of `text` as HTML (escaped, matched words between `open` and `close`) and its byte
    /// range in `text`; `None` when no query word occurs.
    pub(crate) fn highlight(
        &mut self,
        text: &str,
        open: &str,
        close: &str,
    ) -> Option<(String, Range<usize>)> {
        match self {
            Highlighter::Tantivy(generator) => {
                let mut snippet = generator.snippet(text);
                if snippet.highlighted().is_empty() {
                    return None;
                }
                snippet.set_snippet_prefix_postfix(open, close);
                Some((snippet.to_html(), snippet.fragment_range()))
            }
            Highlighter::Own(own) => own.highlight(text, open, close),
        }
    }
}

/// A candidate window: tokens from `start` to `stop`, the query words in it and their summed weights.
struct Window {
    score: Score,
    start: usize,
    stop: usize,
    marks: Vec<Range<usize>>,
}

impl Window {
    fn at(start: usize) -> Window {
        Window { score: 0.0, start, stop: start, marks: Vec::new() }
    }
}

impl OwnHighlighter {
    fn highlight(&mut self, text: &str, open: &str, close: &str) -> Option<(String, Range<usize>)> {
        let mut best: Option<Window> = None;
        // Tantivy's choice: the highest score, the earliest window on ties.
        let mut consider = |window: Window| {
            if window.score > 0.0 && best.as_ref().is_none_or(|b| window.score > b.score) {
                best = Some(window);
            }
        };
        let mut stream = self.analyzer.token_stream(text);
        let mut window = Window::at(0);
        while let Some(token) = stream.next() {
            if token.offset_to - window.start > self.max_chars {
                consider(std::mem::replace(&mut window, Window::at(token.offset_from)));
            }
            window.stop = token.offset_to;
            // Words the first-letter gate blanked match nothing.
            if !token.text.is_empty()
                && let Some(&weight) = self.terms.get(token.text.as_str())
            {
                window.score += weight;
                window.marks.push(token.offset_from..token.offset_to);
            }
        }
        consider(window);
        let best = best?;
        let fragment = &text[best.start..best.stop];
        let mut html = String::with_capacity(fragment.len() + 32);
        let mut from = 0;
        for mark in &best.marks {
            let (start, end) = (mark.start - best.start, mark.end - best.start);
            escape_into(&mut html, &fragment[from..start]);
            html.push_str(open);
            escape_into(&mut html, &fragment[start..end]);
            html.push_str(close);
            from = end;
        }
        escape_into(&mut html, &fragment[from..]);
        Some((html, best.start..best.stop))
    }
}

/// HTML-escapes like tantivy's snippets (the `htmlescape` crate's minimal set), so output is unchanged.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Blanks lowercased words whose (ASCII) first letter starts no query term.
#[derive(Clone)]
struct FirstLetterGate {
    first: Arc<Vec<char>>,
}

impl FirstLetterGate {
    fn passes(&self, word: &str) -> bool {
        match word.chars().next() {
            Some(c) if c.is_ascii() => self.first.contains(&c),
            _ => true,
        }
    }
}

impl TokenFilter for FirstLetterGate {
    type Tokenizer<T: Tokenizer> = GateTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GateTokenizer<T> {
        GateTokenizer { inner: tokenizer, gate: self }
    }
}

#[derive(Clone)]
pub(crate) struct GateTokenizer<T> {
    inner: T,
    gate: FirstLetterGate,
}

impl<T: Tokenizer> Tokenizer for GateTokenizer<T> {
    type TokenStream<'a> = GateStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        GateStream { tail: self.inner.token_stream(text), gate: &self.gate }
    }
}

pub(crate) struct GateStream<'a, S> {
    tail: S,
    gate: &'a FirstLetterGate,
}

impl<S: TokenStream> TokenStream for GateStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if !self.gate.passes(&self.tail.token().text) {
            self.tail.token_mut().text.clear();
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The own highlighter gives tantivy's snippet (window, marks, escaping) for the same terms and analyzer:
    /// ties between windows, a match in the last window, HTML characters, no match at all.
    #[test]
    fn own_highlighter_matches_tantivy() {
        use tantivy::tokenizer::Language;
        let analyzer = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(FirstLetterGate { first: Arc::new(vec!['e', 'v', 'b']) })
                .filter(Stemmer::new(Language::English))
                .filter(AsciiFoldingFilter)
                .build()
        };
        let terms: BTreeMap<String, Score> =
            [("elect", 0.5), ("vote", 0.25), ("budget", 0.125)].map(|(t, w)| (t.to_string(), w)).into();
        let long = "Nothing here. ".repeat(40);
        let texts = [
            "Voters went to the polls as the Elections drew near; \"budget\" talks & <votes> followed."
                .to_string(),
            format!("{long} The election came late, and the votes were counted by evening."),
            format!("Budget first. {long} Election and voting and budget at the end."),
            "Nothing matches in this one at all.".to_string(),
            "vote".to_string(),
        ];
        for max_chars in [20, 60, 220, 1000] {
            let tantivy =
                SnippetGenerator::new(terms.clone(), analyzer(), Field::from_field_id(0), max_chars);
            let mut own =
                Highlighter::Own(OwnHighlighter { terms: terms.clone(), analyzer: analyzer(), max_chars });
            for text in &texts {
                let mut snippet = tantivy.snippet(text);
                let expected = (!snippet.highlighted().is_empty()).then(|| {
                    snippet.set_snippet_prefix_postfix("<m>", "</m>");
                    (snippet.to_html(), snippet.fragment_range())
                });
                assert_eq!(own.highlight(text, "<m>", "</m>"), expected, "{max_chars} {text}");
            }
        }
    }

    /// Every word the stemmer maps to a term keeps the term's first letter, so gating on it loses nothing.
    #[test]
    fn snowball_keeps_first_letters() {
        use tantivy::tokenizer::Language;
        let words = [
            (Language::English, &["dying", "lying", "skies", "generously", "ugly", "news", "elections"][..]),
            (Language::German, &["Häuser", "Straße", "übernahmen", "Wahlen"][..]),
            (Language::French, &["élections", "yeux", "grèves"][..]),
        ];
        for (language, list) in words {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .filter(AsciiFoldingFilter)
                .build();
            for word in list {
                let mut stream = plain.token_stream(word);
                assert!(stream.advance());
                let stem = stream.token().text.clone();
                let gate = FirstLetterGate { first: Arc::new(stem.chars().next().into_iter().collect()) };
                assert!(gate.passes(&word.to_lowercase()), "{word} -> {stem}");
            }
        }
        let gate = FirstLetterGate { first: Arc::new(vec!['e']) };
        assert!(!gate.passes("harbour"));
        assert!(gate.passes("élection"), "non-ASCII first letters always pass");
    }
}
