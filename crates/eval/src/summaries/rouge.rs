//! ROUGE-1/2/L F as the `rouge-score` Python package (0.1.2, `use_stemmer=True`) computes them: lowercase,
//! every run of characters outside `[a-z0-9]` is a separator, words longer than 3 characters are Porter-stemmed
//! (NLTK's variant), n-gram overlap is clipped by counts, ROUGE-L is the longest common subsequence of the whole
//! token sequences (no sentence splitting, so RLsum = RL).

use super::porter;
use std::collections::HashMap;

/// Precision, recall and F of one ROUGE variant, as fractions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f: f64,
}

impl Prf {
    fn new(overlap: f64, candidate: f64, reference: f64) -> Self {
        let precision = overlap / candidate.max(1.0);
        let recall = overlap / reference.max(1.0);
        let f = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f }
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    pub r1: Prf,
    pub r2: Prf,
    pub rl: Prf,
}

/// Score `candidate` against `reference`.
pub fn rouge(reference: &str, candidate: &str) -> Rouge {
    let r = tokenize(reference);
    let c = tokenize(candidate);
    Rouge { r1: rouge_n(&r, &c, 1), r2: rouge_n(&r, &c, 2), rl: rouge_l(&r, &c) }
}

/// rouge-score's tokenizer with stemming on.
pub fn tokenize(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| if t.len() > 3 { porter::stem(t) } else { t.to_string() })
        .filter(|t| !t.is_empty())
        .collect()
}

fn rouge_n(reference: &[String], candidate: &[String], n: usize) -> Prf {
    let r = ngrams(reference, n);
    let c = ngrams(candidate, n);
    let (rn, cn) = (r.values().sum::<usize>(), c.values().sum::<usize>());
    if rn == 0 || cn == 0 {
        return Prf::default();
    }
    let overlap: usize = c.iter().map(|(g, &k)| k.min(r.get(g).copied().unwrap_or(0))).sum();
    Prf::new(overlap as f64, cn as f64, rn as f64)
}

fn ngrams(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut out = HashMap::new();
    for w in tokens.windows(n) {
        *out.entry(w).or_insert(0) += 1;
    }
    out
}

fn rouge_l(reference: &[String], candidate: &[String]) -> Prf {
    if reference.is_empty() || candidate.is_empty() {
        return Prf::default();
    }
    // One row of the LCS table at a time.
    let mut prev = vec![0usize; candidate.len() + 1];
    let mut row = vec![0usize; candidate.len() + 1];
    for r in reference {
        for (j, c) in candidate.iter().enumerate() {
            row[j + 1] = if r == c { prev[j] + 1 } else { row[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let lcs = prev[candidate.len()];
    Prf::new(lcs as f64, candidate.len() as f64, reference.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_drops_punctuation_and_stems_long_words() {
        assert_eq!(
            tokenize("The U.S.-based ducks were running, café!"),
            ["the", "u", "s", "base", "duck", "were", "run", "caf"]
        );
    }

    #[test]
    fn scores_match_hand_computation() {
        // rouge-score: RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True)
        //   .score("the cat sat on the mat", "the cat lay on the mat")
        // r1 f = 5/6, r2 f = 3/5, rL f = 5/6.
        let s = rouge("the cat sat on the mat", "the cat lay on the mat");
        assert!((s.r1.f - 5.0 / 6.0).abs() < 1e-12);
        assert!((s.r2.f - 3.0 / 5.0).abs() < 1e-12);
        assert!((s.rl.f - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(rouge("", "x").r1, Prf::default());
    }

    #[test]
    fn lcs_is_a_subsequence_not_a_substring() {
        let s = rouge("a b c d e", "a x c y e");
        assert!((s.rl.recall - 3.0 / 5.0).abs() < 1e-12);
    }
}
