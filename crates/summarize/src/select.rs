//! Sentence scoring and selection. Ordered maps and sets throughout: float sums depend on the order of their
//! terms, and a summary must be the same in every process (an import resumed after a crash included).

use chrono::{DateTime, Utc};
use newsdesk_model::{ArticleId, Span, SummarySentence};
use newsdesk_text::{Analyzer, sentences};
use std::collections::{BTreeMap, BTreeSet};

/// An article to summarize.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    pub id: &'a ArticleId,
    pub title: &'a str,
    pub text: &'a str,
    pub time: Option<DateTime<Utc>>,
}

/// Sentences shorter than this carry no statement (datelines, captions, "Read more").
const MIN_WORDS: usize = 8;
/// Sentences longer than this are usually run-on captures of several sentences or lists.
const MAX_WORDS: usize = 70;
/// Word budget of a story summary: about what a reader takes in at a glance.
const STORY_BUDGET_WORDS: usize = 110;
/// Below the full budget, a story summary is as long as the mean article times this ratio: short coverage
/// (leads, briefs) gets a short summary. On the NeuS validation split, summaries sized this way scored
/// R1 43.8 against 42.4 for a fixed 75 words (references are longer when the outlets wrote more; r = 0.52).
const STORY_LENGTH_RATIO: f64 = 1.0;
/// Floor of the length-scaled budget, so two brief items still get a sentence or two.
const STORY_MIN_WORDS: usize = 40;
/// Most sentences in a story summary.
const STORY_MAX_SENTENCES: usize = 5;
/// Sentences in an article summary (the issue asks for 2–4).
const ARTICLE_SENTENCES: usize = 3;
/// Trade-off between importance and novelty in MMR selection.
const MMR_LAMBDA: f64 = 0.7;
/// A candidate this similar to a chosen sentence is a restatement and is skipped outright.
const MAX_OVERLAP: f64 = 0.6;

struct Candidate<'a> {
    article: usize,
    index: usize,
    span: Span,
    text: &'a str,
    words: usize,
    terms: BTreeSet<String>,
    score: f64,
    /// Largest Jaccard overlap with a sentence already chosen.
    overlap: f64,
}

/// How long a summary may be: at most `sentences` sentences and `words` words (the first sentence is always
/// kept, whatever its length, so a summary is never empty when the text has a statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub sentences: usize,
    pub words: usize,
}

impl Budget {
    /// The default budget of a story summary.
    pub const STORY: Budget = Budget { sentences: STORY_MAX_SENTENCES, words: STORY_BUDGET_WORDS };
    /// The default budget of an article summary.
    pub const ARTICLE: Budget = Budget { sentences: ARTICLE_SENTENCES, words: usize::MAX };
}

/// A short summary of one article: its most central sentences, lead-biased, in text order.
pub fn summarize_article(input: SummaryInput<'_>) -> Vec<SummarySentence> {
    summarize_article_within(input, Budget::ARTICLE)
}

/// [`summarize_article`] within a given budget.
pub fn summarize_article_within(input: SummaryInput<'_>, budget: Budget) -> Vec<SummarySentence> {
    select(&[input], budget.sentences, budget.words)
}

/// A multi-source summary of a story within a word budget.
pub fn summarize_story(inputs: &[SummaryInput<'_>]) -> Vec<SummarySentence> {
    summarize_story_within(inputs, Budget::for_story(inputs))
}

impl Budget {
    /// The budget of a story summary for these articles: [`Budget::STORY`], shortened to about the length of
    /// the mean article (title included) when the articles are short.
    pub fn for_story(inputs: &[SummaryInput<'_>]) -> Budget {
        let words: usize = inputs
            .iter()
            .map(|i| newsdesk_text::word_count(i.title) + newsdesk_text::word_count(i.text))
            .sum();
        let mean = words as f64 / inputs.len().max(1) as f64;
        let scaled = (mean * STORY_LENGTH_RATIO).round() as usize;
        Budget { sentences: STORY_MAX_SENTENCES, words: scaled.clamp(STORY_MIN_WORDS, STORY_BUDGET_WORDS) }
    }
}

/// [`summarize_story`] within a given budget.
pub fn summarize_story_within(inputs: &[SummaryInput<'_>], budget: Budget) -> Vec<SummarySentence> {
    select(inputs, budget.sentences, budget.words)
}

/// The headline that best represents a story: the title whose terms are most shared across its articles
/// (earliest article wins ties).
pub fn choose_headline<'a>(inputs: &[SummaryInput<'a>]) -> Option<&'a str> {
    let analyzer = Analyzer::english();
    let weights = agreement_weights(&analyzer, inputs);
    let mut best: Option<(f64, Option<DateTime<Utc>>, &str)> = None;
    for input in inputs.iter().filter(|i| !i.title.trim().is_empty()) {
        let terms: BTreeSet<String> = analyzer.terms(input.title).collect();
        let score = terms.iter().map(|t| weights.get(t).copied().unwrap_or(0.0)).sum::<f64>()
            / (terms.len().max(1) as f64).sqrt();
        let better = match best {
            None => true,
            Some((s, time, _)) => score > s + 1e-9 || ((score - s).abs() <= 1e-9 && input.time < time),
        };
        if better {
            best = Some((score, input.time, input.title));
        }
    }
    best.map(|(_, _, title)| title)
}

fn select(inputs: &[SummaryInput<'_>], max_sentences: usize, budget_words: usize) -> Vec<SummarySentence> {
    let analyzer = Analyzer::english();
    let weights = agreement_weights(&analyzer, inputs);
    let mut candidates = candidates(&analyzer, inputs, &weights);
    let mut chosen: Vec<Candidate<'_>> = Vec::new();
    let mut words = 0;
    // Each candidate carries its largest overlap with the sentences chosen so far, updated once per choice, so
    // selection is linear in the candidates per chosen sentence (a 50-article story has ~1,000 of them).
    while chosen.len() < max_sentences && !candidates.is_empty() {
        let mut best: Option<(usize, f64)> = None;
        for (i, c) in candidates.iter().enumerate() {
            let mmr = MMR_LAMBDA * c.score - (1.0 - MMR_LAMBDA) * c.overlap;
            if best.is_none_or(|(_, b)| mmr > b) {
                best = Some((i, mmr));
            }
        }
        let Some((i, _)) = best else { break };
        let c = candidates.remove(i);
        words += c.words;
        let remaining = budget_words.saturating_sub(words);
        for other in &mut candidates {
            other.overlap = other.overlap.max(jaccard(&other.terms, &c.terms));
        }
        // A restatement of a chosen sentence, or one that no longer fits the budget, can never be chosen.
        candidates.retain(|o| o.overlap < MAX_OVERLAP && o.words <= remaining);
        chosen.push(c);
    }
    chosen.sort_by(|a, b| {
        let (ta, tb) = (inputs[a.article].time, inputs[b.article].time);
        ta.cmp(&tb).then(a.article.cmp(&b.article)).then(a.index.cmp(&b.index))
    });
    chosen
        .into_iter()
        .map(|c| SummarySentence {
            text: c.text.to_string(),
            article: inputs[c.article].id.clone(),
            sentence_index: c.index,
            span: c.span,
        })
        .collect()
}

/// Term weight = share of articles that use the term, times its frequency across them (damped): terms most
/// outlets use describe what the story is about.
fn agreement_weights(analyzer: &Analyzer, inputs: &[SummaryInput<'_>]) -> BTreeMap<String, f64> {
    let mut doc_freq: BTreeMap<String, f64> = BTreeMap::new();
    let mut total: BTreeMap<String, f64> = BTreeMap::new();
    for input in inputs {
        let counts = analyzer.term_counts(&format!("{}\n{}", input.title, input.text));
        for (term, count) in counts {
            *doc_freq.entry(term.clone()).or_default() += 1.0;
            *total.entry(term).or_default() += f64::from(count);
        }
    }
    let n = inputs.len().max(1) as f64;
    total.into_iter().map(|(t, c)| (t.clone(), (doc_freq[&t] / n) * (1.0 + c.ln()))).collect()
}

fn candidates<'a>(
    analyzer: &Analyzer,
    inputs: &[SummaryInput<'a>],
    weights: &BTreeMap<String, f64>,
) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    for (article, input) in inputs.iter().enumerate() {
        let spans = sentences(input.text);
        let count = spans.len().max(1) as f64;
        for (index, s) in spans.iter().enumerate() {
            let text = s.text(input.text);
            let words = newsdesk_text::word_count(text);
            if !(MIN_WORDS..=MAX_WORDS).contains(&words) || !is_statement(text) {
                continue;
            }
            let terms: BTreeSet<String> = analyzer.terms(text).collect();
            if terms.is_empty() {
                continue;
            }
            let centrality = terms.iter().map(|t| weights.get(t).copied().unwrap_or(0.0)).sum::<f64>()
                / (terms.len() as f64).powf(0.5);
            // Lead bonus: news puts the event first; decays over the article.
            let position = 1.0 - 0.5 * (index as f64 / count);
            let score = centrality * position;
            out.push(Candidate {
                article,
                index,
                span: Span { start: s.start, end: s.end },
                text,
                words,
                terms,
                score,
                overlap: 0.0,
            });
        }
    }
    normalize_scores(&mut out);
    // Stable order so ties resolve the same way every run.
    out.sort_by(|a, b| a.article.cmp(&b.article).then(a.index.cmp(&b.index)));
    out
}

/// A sentence that states something: ends like a sentence and is not a question.
fn is_statement(text: &str) -> bool {
    let end = text.trim_end_matches(['"', '”', '’', '\'', ')']);
    end.ends_with('.') || end.ends_with('!')
}

fn normalize_scores(candidates: &mut [Candidate<'_>]) {
    let max = candidates.iter().map(|c| c.score).fold(0.0, f64::max);
    if max > 0.0 {
        for c in candidates {
            c.score /= max;
        }
    }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union == 0.0 { 0.0 } else { inter / union }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "A magnitude 6.1 earthquake struck the coastal city of Port Arlen early on Monday morning.\n\nRescue teams searched collapsed buildings in the old town throughout the day, officials said.\n\nThe city's mayor said schools would stay closed until engineers had inspected every building.";
    const B: &str = "Rescue teams in Port Arlen searched collapsed buildings after a strong earthquake struck the city on Monday.\n\nThe national weather office measured the earthquake at magnitude 6.1 near the coast.\n\nTraffic was diverted around the harbour bridge, which showed cracks after the earthquake.";

    fn inputs<'a>(ids: &'a [ArticleId; 2]) -> [SummaryInput<'a>; 2] {
        [
            SummaryInput {
                id: &ids[0],
                title: "Earthquake strikes Port Arlen",
                text: A,
                time: "2026-03-02T08:00:00Z".parse().ok(),
            },
            SummaryInput {
                id: &ids[1],
                title: "Quake hits Port Arlen",
                text: B,
                time: "2026-03-02T09:00:00Z".parse().ok(),
            },
        ]
    }

    #[test]
    fn every_sentence_is_verbatim_from_its_source() {
        let ids = [ArticleId("a".into()), ArticleId("b".into())];
        let inputs = inputs(&ids);
        let summary = summarize_story(&inputs);
        assert!(summary.len() >= 2, "{summary:?}");
        for s in &summary {
            let source = inputs.iter().find(|i| *i.id == s.article).map(|i| i.text).unwrap_or_default();
            assert_eq!(&source[s.span.start..s.span.end], s.text);
        }
    }

    #[test]
    fn a_sentence_two_outlets_share_appears_once() {
        let ids = [ArticleId("a".into()), ArticleId("b".into())];
        let copied = format!("{}\n\n{B}", A.lines().next().unwrap_or_default());
        let mut inputs = inputs(&ids);
        inputs[1].text = &copied;
        let summary = summarize_story(&inputs);
        let leads = summary.iter().filter(|s| s.text.starts_with("A magnitude 6.1 earthquake")).count();
        assert_eq!(leads, 1, "{summary:#?}");
    }

    #[test]
    fn article_summary_is_short_and_ordered() {
        let id = ArticleId("a".into());
        let summary = summarize_article(SummaryInput { id: &id, title: "Earthquake", text: A, time: None });
        assert!((1..=3).contains(&summary.len()));
        assert!(summary.windows(2).all(|w| w[0].sentence_index < w[1].sentence_index));
    }

    #[test]
    fn headline_is_the_most_shared_title() {
        let ids = [ArticleId("a".into()), ArticleId("b".into())];
        let mut inputs = inputs(&ids).to_vec();
        let id = ArticleId("c".into());
        inputs.push(SummaryInput {
            id: &id,
            title: "Mayor closes schools",
            text: "Schools closed.",
            time: None,
        });
        assert_eq!(choose_headline(&inputs), Some("Earthquake strikes Port Arlen"));
    }
}
