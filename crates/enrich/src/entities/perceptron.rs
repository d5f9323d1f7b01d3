//! A trainable named-entity tagger: greedy left-to-right averaged perceptron over BIO tags, with word, shape,
//! affix, context and document-history features. Trained by a project command from data the user supplies
//! (e.g. CoNLL-2003); its weights are never shipped in the repository.

use super::{EntityKind, Tag};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

/// Number of BIO tags: O, then B- and I- for PER, ORG, LOC, MISC.
pub const TAGS: usize = 9;

/// Training passes over the data. Why: on CoNLL-2003 dev, F1 stops improving after about 8 passes.
pub const EPOCHS: usize = 8;

/// Keys are already hashes: pass them through.
#[derive(Default)]
struct IdentityHasher(u64);
impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// A trained model: averaged weights per feature hash.
#[derive(Debug, Default, Clone)]
pub struct NerModel {
    weights: FeatureMap<[f32; TAGS]>,
}

/// One training sentence: tokens and gold tags; `doc` groups sentences of one document (for history).
pub struct TrainingSentence {
    pub doc: usize,
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

impl NerModel {
    /// Train on sentences in document order.
    pub fn train(sentences: &[TrainingSentence], epochs: usize) -> NerModel {
        let mut w: FeatureMap<[f32; TAGS]> = FeatureMap::default();
        let mut u: FeatureMap<[f32; TAGS]> = FeatureMap::default();
        let mut c = 1.0f32;
        let mut feats = Vec::with_capacity(64);
        // A fixed shuffle of documents per epoch (perceptrons are order-sensitive); no RNG dependency.
        let docs = group_docs(sentences);
        for epoch in 0..epochs {
            let mut order: Vec<usize> = (0..docs.len()).collect();
            order.sort_by_key(|&i| {
                (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(epoch as u32 * 7)
            });
            for &d in &order {
                let mut history = History::default();
                for s in &docs[d] {
                    let tokens: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
                    let mut predicted: Vec<Tag> = Vec::with_capacity(tokens.len());
                    for i in 0..tokens.len() {
                        feats.clear();
                        features(&tokens, i, &predicted, &history, &mut feats);
                        let guess = best(&w, &feats);
                        let gold = s.tags[i];
                        if guess != gold {
                            for f in &feats {
                                let wf = w.entry(*f).or_insert([0.0; TAGS]);
                                wf[gold.index()] += 1.0;
                                wf[guess.index()] -= 1.0;
                                let uf = u.entry(*f).or_insert([0.0; TAGS]);
                                uf[gold.index()] += c;
                                uf[guess.index()] -= c;
                            }
                        }
                        c += 1.0;
                        // Train on the model's own history, as it will be used.
                        predicted.push(guess);
                    }
                    history.record(&tokens, &predicted);
                }
            }
        }
        let mut weights = FeatureMap::default();
        for (f, wf) in w {
            let uf = u.get(&f).copied().unwrap_or([0.0; TAGS]);
            let avg: [f32; TAGS] = std::array::from_fn(|t| wf[t] - uf[t] / c);
            if avg.iter().any(|x| x.abs() > 1e-3) {
                weights.insert(f, avg);
            }
        }
        NerModel { weights }
    }

    /// Tag the sentences of one document, in order (earlier sentences inform later ones).
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let mut history = History::default();
        let mut feats = Vec::with_capacity(64);
        sentences
            .iter()
            .map(|tokens| {
                let mut tags = Vec::with_capacity(tokens.len());
                for i in 0..tokens.len() {
                    feats.clear();
                    features(tokens, i, &tags, &history, &mut feats);
                    tags.push(best(&self.weights, &feats));
                }
                history.record(tokens, &tags);
                tags
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Write the model: a magic line, a count, then (hash, TAGS weights) little-endian.
    pub fn save(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&(self.weights.len() as u64).to_le_bytes())?;
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        for k in keys {
            out.write_all(&k.to_le_bytes())?;
            for x in &self.weights[k] {
                out.write_all(&x.to_le_bytes())?;
            }
        }
        Ok(())
    }

    pub fn load(input: &mut impl Read) -> Result<NerModel, crate::Error> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(|e| crate::Error::Model(e.to_string()))?;
        let bad = || crate::Error::Model("not a newsdesk NER model".into());
        let rest = bytes.strip_prefix(MAGIC).ok_or_else(bad)?;
        let (count, mut rest) = rest.split_first_chunk::<8>().ok_or_else(bad)?;
        let count = u64::from_le_bytes(*count) as usize;
        let mut weights = FeatureMap::default();
        weights.reserve(count);
        for _ in 0..count {
            let (k, r) = rest.split_first_chunk::<8>().ok_or_else(bad)?;
            let mut wf = [0.0f32; TAGS];
            let mut r = r;
            for x in &mut wf {
                let (b, r2) = r.split_first_chunk::<4>().ok_or_else(bad)?;
                *x = f32::from_le_bytes(*b);
                r = r2;
            }
            weights.insert(u64::from_le_bytes(*k), wf);
            rest = r;
        }
        Ok(NerModel { weights })
    }
}

const MAGIC: &[u8] = b"newsdesk-ner-perceptron-v1\n";

fn group_docs(sentences: &[TrainingSentence]) -> Vec<Vec<&TrainingSentence>> {
    let mut docs: Vec<Vec<&TrainingSentence>> = Vec::new();
    for s in sentences {
        match docs.last_mut() {
            Some(d) if d.first().is_some_and(|f| f.doc == s.doc) => d.push(s),
            _ => docs.push(vec![s]),
        }
    }
    docs
}

fn best(w: &FeatureMap<[f32; TAGS]>, feats: &[u64]) -> Tag {
    let mut scores = [0.0f32; TAGS];
    for f in feats {
        if let Some(wf) = w.get(f) {
            for (s, x) in scores.iter_mut().zip(wf) {
                *s += x;
            }
        }
    }
    let mut top = 0;
    for t in 1..TAGS {
        if scores[t] > scores[top] {
            top = t;
        }
    }
    Tag::from_index(top)
}

/// What earlier sentences of the same document said about a capitalised word: the entity kind it was last
/// tagged with. Why: a name is often unambiguous in one place ("Mr Grange") and bare elsewhere ("Grange").
#[derive(Default)]
struct History {
    kinds: HashMap<String, EntityKind>,
    lowercase: std::collections::HashSet<String>,
}

impl History {
    fn record(&mut self, tokens: &[&str], tags: &[Tag]) {
        for (t, tag) in tokens.iter().zip(tags) {
            if t.chars().next().is_some_and(char::is_lowercase) {
                self.lowercase.insert((*t).to_string());
            }
            if let Some(kind) = tag.kind() {
                self.kinds.insert(t.to_lowercase(), kind);
            }
        }
    }
}

fn hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Word shape with runs collapsed: "Putin" → "Xx", "U.S." → "X.X.", "2-1" → "d-d".
fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(s) {
            out.push(s);
        }
    }
    out
}

fn features(tokens: &[&str], i: usize, tags: &[Tag], history: &History, out: &mut Vec<u64>) {
    let word = tokens[i];
    let lower = word.to_lowercase();
    let at = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 { "<s>" } else { tokens.get(j as usize).copied().unwrap_or("</s>") }
    };
    let tag_at = |k: usize| -> &'static str { if i >= k { tags[i - k].name() } else { "<s>" } };
    let sh = shape(word);
    out.push(hash(&[b"bias"]));
    out.push(hash(&[b"w", word.as_bytes()]));
    out.push(hash(&[b"lw", lower.as_bytes()]));
    out.push(hash(&[b"sh", sh.as_bytes()]));
    let chars: Vec<char> = lower.chars().collect();
    for n in 1..=4.min(chars.len()) {
        let p: String = chars[..n].iter().collect();
        let s: String = chars[chars.len() - n..].iter().collect();
        out.push(hash(&[b"p", &[n as u8], p.as_bytes()]));
        out.push(hash(&[b"s", &[n as u8], s.as_bytes()]));
    }
    for k in [-2isize, -1, 1, 2] {
        let w = at(k).to_lowercase();
        out.push(hash(&[b"cw", &k.to_le_bytes(), w.as_bytes()]));
    }
    out.push(hash(&[b"sh-1", shape(at(-1)).as_bytes(), sh.as_bytes()]));
    out.push(hash(&[b"sh-2", shape(at(-2)).as_bytes(), shape(at(-1)).as_bytes(), sh.as_bytes()]));
    out.push(hash(&[b"sh+2", sh.as_bytes(), shape(at(1)).as_bytes(), shape(at(2)).as_bytes()]));
    out.push(hash(&[b"w-1w+1", at(-1).to_lowercase().as_bytes(), at(1).to_lowercase().as_bytes()]));
    out.push(hash(&[b"sh+1", sh.as_bytes(), shape(at(1)).as_bytes()]));
    out.push(hash(&[b"bw-1", at(-1).to_lowercase().as_bytes(), lower.as_bytes()]));
    out.push(hash(&[b"bw+1", lower.as_bytes(), at(1).to_lowercase().as_bytes()]));
    out.push(hash(&[b"t-1", tag_at(1).as_bytes()]));
    out.push(hash(&[b"t-2", tag_at(2).as_bytes(), tag_at(1).as_bytes()]));
    out.push(hash(&[b"t-1w", tag_at(1).as_bytes(), lower.as_bytes()]));
    out.push(hash(&[b"t-1sh", tag_at(1).as_bytes(), sh.as_bytes()]));
    if i == 0 {
        out.push(hash(&[b"first", sh.as_bytes()]));
    }
    // The same word seen in lower case elsewhere in the document: a capitalised common word, not a name.
    if history.lowercase.contains(&lower) {
        out.push(hash(&[b"seen-lower", sh.as_bytes()]));
    }
    if let Some(kind) = history.kinds.get(&lower) {
        out.push(hash(&[b"hist", kind.as_str().as_bytes()]));
        out.push(hash(&[b"hist-sh", kind.as_str().as_bytes(), sh.as_bytes()]));
    }
    // Is the whole sentence in capitals (a CoNLL/wire headline)? Shapes mean less there.
    if tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .all(|t| !t.chars().any(char::is_lowercase))
    {
        out.push(hash(&[b"allcaps-lw", lower.as_bytes()]));
    }
}
