//! The Porter stemmer exactly as NLTK's `PorterStemmer()` (mode `NLTK_EXTENSIONS`) runs it, because that is the
//! stemmer the `rouge-score` package uses: ROUGE figures only compare across papers when the tokens match.
//! Input is a lowercase ASCII word (ROUGE's tokenizer guarantees that).

/// Irregular forms NLTK maps before the algorithm runs.
const IRREGULAR: &[(&str, &str)] = &[
    ("sky", "sky"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("innings", "inning"),
    ("inning", "inning"),
    ("outings", "outing"),
    ("outing", "outing"),
    ("cannings", "canning"),
    ("canning", "canning"),
    ("howe", "howe"),
    ("proceed", "proceed"),
    ("exceed", "exceed"),
    ("succeed", "succeed"),
];

/// Stem one lowercase ASCII word.
pub fn stem(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(w, _)| *w == word) {
        return (*s).to_string();
    }
    if word.len() <= 2 {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    w = step5b(w);
    String::from_utf8(w).unwrap_or_default()
}

type Word = Vec<u8>;
type Cond<'a> = &'a dyn Fn(&[u8]) -> bool;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn consonant_flags(w: &[u8]) -> Vec<bool> {
    let mut flags: Vec<bool> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        let f = if is_vowel(c) {
            false
        } else if c == b'y' {
            i == 0 || !flags[i - 1]
        } else {
            true
        };
        flags.push(f);
    }
    flags
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    consonant_flags(&w[..=i])[i]
}

/// Porter's m: the number of vowel-consonant sequences.
fn measure(w: &[u8]) -> usize {
    let flags = consonant_flags(w);
    flags.windows(2).filter(|p| !p[0] && p[1]).count()
}

fn positive_measure(w: &[u8]) -> bool {
    measure(w) > 0
}

fn contains_vowel(w: &[u8]) -> bool {
    consonant_flags(w).iter().any(|c| !c)
}

fn ends_double_consonant(w: &[u8]) -> bool {
    w.len() >= 2 && w[w.len() - 1] == w[w.len() - 2] && is_consonant(w, w.len() - 1)
}

fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y'))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

fn replace(w: &[u8], suffix_len: usize, replacement: &str) -> Word {
    let mut out = w[..w.len() - suffix_len].to_vec();
    out.extend_from_slice(replacement.as_bytes());
    out
}

/// The first rule whose suffix matches decides: applied if its condition holds on the stem, else the word
/// stays as it is (NLTK's `_apply_rule_list`).
fn apply_rules(w: Word, rules: &[(&str, &str, Option<Cond<'_>>)]) -> Word {
    for (suffix, replacement, cond) in rules {
        if *suffix == "*d" {
            if ends_double_consonant(&w) {
                let stem = &w[..w.len() - 2];
                return if cond.is_none_or(|c| c(stem)) { replace(&w, 2, replacement) } else { w };
            }
            continue;
        }
        if w.ends_with(suffix.as_bytes()) {
            let stem = &w[..w.len() - suffix.len()];
            return if cond.is_none_or(|c| c(stem)) { replace(&w, suffix.len(), replacement) } else { w };
        }
    }
    w
}

fn step1a(w: Word) -> Word {
    if w.ends_with(b"ies") && w.len() == 4 {
        return replace(&w, 3, "ie");
    }
    apply_rules(w, &[("sses", "ss", None), ("ies", "i", None), ("ss", "ss", None), ("s", "", None)])
}

fn step1b(w: Word) -> Word {
    if w.ends_with(b"ied") {
        return if w.len() == 4 { replace(&w, 3, "ie") } else { replace(&w, 3, "i") };
    }
    if w.ends_with(b"eed") {
        let stem = &w[..w.len() - 3];
        return if measure(stem) > 0 { replace(&w, 3, "ee") } else { w };
    }
    let mut intermediate: Option<Word> = None;
    for suffix in ["ed", "ing"] {
        if w.ends_with(suffix.as_bytes()) {
            let stem = &w[..w.len() - suffix.len()];
            if contains_vowel(stem) {
                intermediate = Some(stem.to_vec());
                break;
            }
        }
    }
    let Some(stem) = intermediate else { return w };
    let last = stem.last().copied().unwrap_or(b'e');
    let last_str = String::from_utf8(vec![last]).unwrap_or_default();
    let double: Cond<'_> = &|_| !matches!(last, b'l' | b's' | b'z');
    let add_e: Cond<'_> = &|s| measure(s) == 1 && ends_cvc(s);
    apply_rules(
        stem.clone(),
        &[
            ("at", "ate", None),
            ("bl", "ble", None),
            ("iz", "ize", None),
            ("*d", &last_str, Some(double)),
            ("", "e", Some(add_e)),
        ],
    )
}

fn step1c(w: Word) -> Word {
    let cond: Cond<'_> = &|s| s.len() > 1 && is_consonant(s, s.len() - 1);
    apply_rules(w, &[("y", "i", Some(cond))])
}

fn step2(w: Word) -> Word {
    if w.ends_with(b"alli") && positive_measure(&w[..w.len() - 4]) {
        return step2(replace(&w, 4, "al"));
    }
    let pm: Cond<'_> = &positive_measure;
    let whole = w.clone();
    let logi: Cond<'_> = &|_| positive_measure(&whole[..whole.len() - 3]);
    let rules: [(&str, &str, Option<Cond<'_>>); 22] = [
        ("ational", "ate", Some(pm)),
        ("tional", "tion", Some(pm)),
        ("enci", "ence", Some(pm)),
        ("anci", "ance", Some(pm)),
        ("izer", "ize", Some(pm)),
        ("bli", "ble", Some(pm)),
        ("alli", "al", Some(pm)),
        ("entli", "ent", Some(pm)),
        ("eli", "e", Some(pm)),
        ("ousli", "ous", Some(pm)),
        ("ization", "ize", Some(pm)),
        ("ation", "ate", Some(pm)),
        ("ator", "ate", Some(pm)),
        ("alism", "al", Some(pm)),
        ("iveness", "ive", Some(pm)),
        ("fulness", "ful", Some(pm)),
        ("ousness", "ous", Some(pm)),
        ("aliti", "al", Some(pm)),
        ("iviti", "ive", Some(pm)),
        ("biliti", "ble", Some(pm)),
        ("fulli", "ful", Some(pm)),
        ("logi", "log", Some(logi)),
    ];
    apply_rules(w, &rules)
}

fn step3(w: Word) -> Word {
    let pm: Cond<'_> = &positive_measure;
    apply_rules(
        w,
        &[
            ("icate", "ic", Some(pm)),
            ("ative", "", Some(pm)),
            ("alize", "al", Some(pm)),
            ("iciti", "ic", Some(pm)),
            ("ical", "ic", Some(pm)),
            ("ful", "", Some(pm)),
            ("ness", "", Some(pm)),
        ],
    )
}

fn step4(w: Word) -> Word {
    let gt1: Cond<'_> = &|s| measure(s) > 1;
    let ion: Cond<'_> = &|s| measure(s) > 1 && matches!(s.last(), Some(b's' | b't'));
    let mut rules: Vec<(&str, &str, Option<Cond<'_>>)> =
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent"]
            .iter()
            .map(|s| (*s, "", Some(gt1)))
            .collect();
    rules.push(("ion", "", Some(ion)));
    rules.extend(["ou", "ism", "ate", "iti", "ous", "ive", "ize"].iter().map(|s| (*s, "", Some(gt1))));
    apply_rules(w, &rules)
}

fn step5a(w: Word) -> Word {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            return stem.to_vec();
        }
    }
    w
}

fn step5b(w: Word) -> Word {
    let whole = w.clone();
    let cond: Cond<'_> = &|_| measure(&whole[..whole.len() - 1]) > 1;
    apply_rules(w, &[("ll", "l", Some(cond))])
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Pairs produced by `nltk.stem.porter.PorterStemmer().stem(w)` (NLTK 3.10.4).
    #[test]
    fn matches_nltk_on_known_words() {
        let cases = include_str!("porter_cases.txt");
        let mut wrong = Vec::new();
        for line in cases.lines().filter(|l| !l.is_empty()) {
            let (word, expected) = line.split_once(' ').unwrap_or((line, ""));
            let got = stem(word);
            if got != expected {
                wrong.push(format!("{word}: {got} != {expected}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
    }
}
