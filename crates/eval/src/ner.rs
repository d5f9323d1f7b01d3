//! CoNLL-2003 / CoNLL++ entity scorer (conlleval: entity-level exact span and type, micro P/R/F1, per type).
//!
//! Two taggers are scored on `conllpp_test.txt`: the default rules (what ships) and the averaged perceptron
//! trained here from `conllpp_train.txt` + `conllpp_dev.txt` (the weights are derived from CoNLL, so they are
//! trained at eval time and never shipped).

use crate::{Error, Result, read_to_string};
use newsdesk_enrich::entities::perceptron::{EPOCHS, TrainingSentence};
use newsdesk_enrich::entities::{EntityKind, NerModel, Tag, chunks, rules};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggerScore {
    pub overall: Prf,
    pub per_type: BTreeMap<&'static str, Prf>,
    pub tokens_per_sec: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NerReport {
    pub rules: TaggerScore,
    pub perceptron: TaggerScore,
    pub train_sentences: usize,
    pub train_secs: f64,
}

/// A CoNLL document: sentences of (token, gold tag).
pub type Document = Vec<Vec<(String, Tag)>>;

/// Read a CoNLL file (token POS chunk NER per line, blank line between sentences, `-DOCSTART-` per document).
pub fn read_conll(path: &Path) -> Result<Vec<Document>> {
    let content = read_to_string(path)?;
    let mut docs: Vec<Document> = Vec::new();
    let mut sentence: Vec<(String, Tag)> = Vec::new();
    let flush = |docs: &mut Vec<Document>, sentence: &mut Vec<(String, Tag)>| {
        if !sentence.is_empty() {
            if docs.is_empty() {
                docs.push(Vec::new());
            }
            if let Some(d) = docs.last_mut() {
                d.push(std::mem::take(sentence));
            }
        }
    };
    for line in content.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            flush(&mut docs, &mut sentence);
            continue;
        }
        if cols[0] == "-DOCSTART-" {
            flush(&mut docs, &mut sentence);
            docs.push(Vec::new());
            continue;
        }
        let (Some(token), Some(tag)) = (cols.first(), cols.last()) else { continue };
        let tag = Tag::parse(tag).ok_or_else(|| Error::Format {
            path: path.to_path_buf(),
            reason: format!("bad tag in {line:?}"),
        })?;
        sentence.push(((*token).to_string(), tag));
    }
    flush(&mut docs, &mut sentence);
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

/// Train the perceptron on CoNLL documents.
pub fn train_model(docs: &[Document]) -> NerModel {
    let sentences: Vec<TrainingSentence> = docs
        .iter()
        .enumerate()
        .flat_map(|(doc, sents)| {
            sents.iter().map(move |s| TrainingSentence {
                doc,
                tokens: s.iter().map(|(t, _)| t.clone()).collect(),
                tags: s.iter().map(|(_, g)| *g).collect(),
            })
        })
        .collect();
    NerModel::train(&sentences, EPOCHS)
}

/// Score both taggers on `<dir>/conllpp_test.txt`, training the perceptron on train + dev.
pub fn evaluate_ner(dir: &Path) -> Result<NerReport> {
    let mut train = read_conll(&dir.join("conllpp_train.txt"))?;
    train.extend(read_conll(&dir.join("conllpp_dev.txt"))?);
    let test = read_conll(&dir.join("conllpp_test.txt"))?;
    let started = Instant::now();
    let model = train_model(&train);
    let train_secs = started.elapsed().as_secs_f64();
    let rules = score(&test, rules::tag_document);
    let perceptron = score(&test, |words| model.tag_document(words));
    Ok(NerReport { rules, perceptron, train_sentences: train.iter().map(Vec::len).sum(), train_secs })
}

/// conlleval-style scoring of a document tagger over gold documents.
pub fn score(docs: &[Document], tagger: impl Fn(&[Vec<&str>]) -> Vec<Vec<Tag>>) -> TaggerScore {
    let kinds = [EntityKind::Person, EntityKind::Organization, EntityKind::Location, EntityKind::Misc];
    let mut counts: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new(); // (tp, predicted, gold)
    let (mut tokens, mut secs) = (0usize, 0f64);
    for doc in docs {
        let words: Vec<Vec<&str>> = doc.iter().map(|s| s.iter().map(|(t, _)| t.as_str()).collect()).collect();
        tokens += words.iter().map(Vec::len).sum::<usize>();
        let started = Instant::now();
        let predicted = tagger(&words);
        secs += started.elapsed().as_secs_f64();
        for (s, p) in doc.iter().zip(&predicted) {
            let gold_tags: Vec<Tag> = s.iter().map(|(_, g)| *g).collect();
            let gold: HashSet<(usize, usize, EntityKind)> = chunks(&gold_tags).into_iter().collect();
            let pred: HashSet<(usize, usize, EntityKind)> = chunks(p).into_iter().collect();
            for k in kinds {
                let c = counts.entry(k.as_str()).or_default();
                c.0 += pred.iter().filter(|x| x.2 == k && gold.contains(x)).count();
                c.1 += pred.iter().filter(|x| x.2 == k).count();
                c.2 += gold.iter().filter(|x| x.2 == k).count();
            }
        }
    }
    let prf = |(tp, predicted, gold): (usize, usize, usize)| {
        let precision = if predicted == 0 { 0.0 } else { tp as f64 / predicted as f64 };
        let recall = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1, gold }
    };
    let total = counts.values().fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    TaggerScore {
        overall: prf(total),
        per_type: counts.into_iter().map(|(k, c)| (k, prf(c))).collect(),
        tokens_per_sec: if secs > 0.0 { tokens as f64 / secs } else { 0.0 },
    }
}
