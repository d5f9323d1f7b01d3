//! Labelled near-duplicate pairs: the generator (rewrites of our own demo corpus articles: clutter added,
//! headline changed, sentences edited, reordered or dropped; negatives are other articles of the same event
//! and of other events) and the precision/recall check of `dedup` against them.
//!
//! Regenerate the fixture after changing the generator:
//! `cargo test -p newsdesk-cluster --test neardup -- --ignored regenerate`.

use newsdesk_cluster::dedup::{DedupIndex, fingerprint, is_copy};
use newsdesk_model::ArticleId;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/corpus/articles.jsonl");
const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/gold.json");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/neardup");

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    title: String,
    text: String,
    /// The demo gold event (`demo/gold.json`).
    event: String,
    /// The demo gold copy group: the wire original's URL when this article is that original or a labelled copy of it.
    group: Option<String>,
}

/// A tiny deterministic PRNG (xorshift64*), so the fixture is the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const CLUTTER: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Read more: What we know so far",
    "This article is reproduced with permission. All rights reserved.",
    "Follow us on social media for live updates.",
    "Related coverage",
    "Copyright 2026. This material may not be published, broadcast, rewritten or redistributed.",
];

const HEADLINE_PREFIXES: &[&str] = &["UPDATED: ", "LIVE: ", "Breaking: ", "", "Analysis: "];

const EDITS: &[(&str, &str)] = &[
    (" said ", " told reporters "),
    (" on Monday", " earlier this week"),
    (" on Tuesday", " this week"),
    (" the ", " a "),
    (" would ", " will "),
    (" has ", " had "),
    (" and ", " as well as "),
];

fn sentences_of(paragraph: &str) -> Vec<String> {
    newsdesk_text::sentences(paragraph).iter().map(|s| s.text(paragraph).to_string()).collect()
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

fn add_clutter(rng: &mut Rng, text: &str) -> String {
    let mut paras = paragraphs(text);
    for _ in 0..3 {
        let at = rng.below(paras.len() + 1);
        paras.insert(at, CLUTTER[rng.below(CLUTTER.len())].to_string());
    }
    paras.push(CLUTTER[rng.below(CLUTTER.len())].to_string());
    paras.join("\n\n")
}

fn edit_sentences(rng: &mut Rng, text: &str, how_many: usize) -> String {
    let mut paras: Vec<Vec<String>> = paragraphs(text).iter().map(|p| sentences_of(p)).collect();
    let total: usize = paras.iter().map(Vec::len).sum();
    for _ in 0..how_many {
        let mut k = rng.below(total);
        for para in paras.iter_mut() {
            if k < para.len() {
                let s = &mut para[k];
                let (from, to) = EDITS[rng.below(EDITS.len())];
                *s = if s.contains(from) {
                    s.replacen(from, to, 1)
                } else {
                    format!("{s} Officials confirmed this.")
                };
                break;
            }
            k -= para.len();
        }
    }
    paras.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n")
}

fn reorder_paragraphs(rng: &mut Rng, text: &str) -> String {
    let mut paras = paragraphs(text);
    if paras.len() >= 3 {
        let a = 1 + rng.below(paras.len() - 1);
        let b = 1 + rng.below(paras.len() - 1);
        paras.swap(a, b.max(1));
        let last = paras.len() - 1;
        paras.swap(1, last);
    }
    paras.join("\n\n")
}

fn drop_sentences(rng: &mut Rng, text: &str, every: usize) -> String {
    let offset = rng.below(every);
    let mut i = 0;
    let paras: Vec<String> = paragraphs(text)
        .iter()
        .map(|p| {
            sentences_of(p)
                .into_iter()
                .filter(|_| {
                    i += 1;
                    i % every != offset
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect();
    paras.join("\n\n")
}

/// The originals from the demo corpus (our own writing) with their gold event and copy group.
fn originals() -> Option<Vec<Doc>> {
    let content = std::fs::read_to_string(CORPUS).ok()?;
    let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(GOLD).ok()?).ok()?;
    let mut event_of = BTreeMap::new();
    for event in gold["events"].as_array()? {
        for url in event["articles"].as_array()? {
            event_of.insert(url.as_str()?.to_string(), event["id"].as_str()?.to_string());
        }
    }
    let mut group_of = BTreeMap::new();
    for pair in gold["copies"].as_array()? {
        let (original, copy) = (pair[0].as_str()?.to_string(), pair[1].as_str()?.to_string());
        group_of.insert(copy, original.clone());
        group_of.insert(original.clone(), original);
    }
    let mut docs = Vec::new();
    for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let url = field("url");
        docs.push(Doc {
            id: format!("o{i:02}"),
            title: field("title"),
            text: field("text"),
            event: event_of.get(&url).cloned().unwrap_or_else(|| url.clone()),
            group: group_of.get(&url).cloned(),
        });
    }
    Some(docs)
}

/// Build (docs, pairs): every original, six rewrites of each, and labelled pairs.
/// A labelled pair: (id, id, is a copy, kind of pair).
type Pair = (String, String, bool, &'static str);

fn generate(originals: &[Doc]) -> (Vec<Doc>, Vec<Pair>) {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut docs: Vec<Doc> = originals.to_vec();
    let mut pairs = Vec::new();
    for o in originals {
        let mut variant = |kind: &'static str, title: String, text: String, docs: &mut Vec<Doc>| {
            let id = format!("{}-{kind}", o.id);
            docs.push(Doc { id: id.clone(), title, text, event: o.event.clone(), group: o.group.clone() });
            pairs.push((o.id.clone(), id, true, kind));
        };
        let prefix = HEADLINE_PREFIXES[rng.below(HEADLINE_PREFIXES.len())];
        variant("clutter", o.title.clone(), add_clutter(&mut rng, &o.text), &mut docs);
        variant("headline", format!("{prefix}{}", o.title.to_uppercase()), o.text.clone(), &mut docs);
        variant("edited", o.title.clone(), edit_sentences(&mut rng, &o.text, 3), &mut docs);
        variant("reordered", o.title.clone(), reorder_paragraphs(&mut rng, &o.text), &mut docs);
        variant("dropped", o.title.clone(), drop_sentences(&mut rng, &o.text, 7), &mut docs);
        let edited = edit_sentences(&mut rng, &o.text, 2);
        let dropped = drop_sentences(&mut rng, &edited, 9);
        let combo = add_clutter(&mut rng, &dropped);
        variant("combined", format!("{prefix}{}", o.title), combo, &mut docs);
    }
    // Copies of one original compared with each other.
    for o in originals {
        pairs.push((format!("{}-clutter", o.id), format!("{}-combined", o.id), true, "copy-vs-copy"));
    }
    // Every pair of different originals: the corpus's own labelled wire copies (new headline and lead, a
    // sentence or two edited or dropped) are positives; other articles of the same event (the hard case)
    // and of other events are negatives; so is a rewrite of one article against another of its event.
    for (i, a) in originals.iter().enumerate() {
        for b in &originals[i + 1..] {
            if a.group.is_some() && a.group == b.group {
                pairs.push((a.id.clone(), b.id.clone(), true, "demo-wire-copy"));
                continue;
            }
            let same = a.event == b.event;
            pairs.push((a.id.clone(), b.id.clone(), false, if same { "same-event" } else { "other-event" }));
            if same {
                pairs.push((format!("{}-combined", a.id), b.id.clone(), false, "same-event-rewrite"));
            }
        }
    }
    (docs, pairs)
}

fn render(docs: &[Doc], pairs: &[(String, String, bool, &str)]) -> (String, String) {
    let mut d = String::new();
    for doc in docs {
        let line = serde_json::json!({"id": doc.id, "title": doc.title, "text": doc.text});
        let _ = writeln!(d, "{line}");
    }
    let mut p = String::from("# a\tb\tlabel\tkind\n");
    for (a, b, copy, kind) in pairs {
        let _ = writeln!(p, "{a}\t{b}\t{}\t{kind}", if *copy { "copy" } else { "distinct" });
    }
    (d, p)
}

#[test]
#[ignore = "writes the fixture; run by hand after changing the generator"]
fn regenerate() {
    let Some(originals) = originals() else { panic!("demo corpus missing at {CORPUS} or {GOLD}") };
    let (docs, pairs) = generate(&originals);
    let (d, p) = render(&docs, &pairs);
    let dir = PathBuf::from(FIXTURE);
    std::fs::create_dir_all(&dir).expect("create fixture dir");
    std::fs::write(dir.join("docs.jsonl"), d).expect("write docs");
    std::fs::write(dir.join("pairs.tsv"), p).expect("write pairs");
}

#[test]
fn fixture_is_what_the_generator_makes() {
    let Some(originals) = originals() else {
        println!("skipped: demo corpus not found at {CORPUS}");
        return;
    };
    let (docs, pairs) = generate(&originals);
    let (d, p) = render(&docs, &pairs);
    let dir = PathBuf::from(FIXTURE);
    assert_eq!(
        std::fs::read_to_string(dir.join("docs.jsonl")).ok().as_deref(),
        Some(d.as_str()),
        "regenerate"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("pairs.tsv")).ok().as_deref(),
        Some(p.as_str()),
        "regenerate"
    );
}

#[test]
fn near_duplicate_precision_and_recall_on_labelled_pairs() {
    let dir = PathBuf::from(FIXTURE);
    let docs_text = std::fs::read_to_string(dir.join("docs.jsonl")).expect("fixture docs");
    let pairs_text = std::fs::read_to_string(dir.join("pairs.tsv")).expect("fixture pairs");
    let mut fps = BTreeMap::new();
    let mut index = DedupIndex::new(chrono::Duration::days(3650));
    let t0: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().expect("time");
    for line in docs_text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let id = v["id"].as_str().expect("id").to_string();
        let fp = fingerprint(v["text"].as_str().expect("text")).expect("long enough");
        index.insert(ArticleId(id.clone()), t0, fp.clone());
        fps.insert(id, fp);
    }
    let (mut tp, mut fp_, mut fn_, mut positives, mut negatives) = (0, 0, 0, 0, 0);
    for line in pairs_text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (a, b, gold) = (&fps[f[0]], &fps[f[1]], f[2] == "copy");
        // Predicted copy: found through the LSH index and confirmed by the Jaccard estimate.
        let found = index.query(a).contains(&ArticleId(f[1].to_string()));
        let predicted = found && is_copy(a, b);
        match (gold, predicted) {
            (true, true) => tp += 1,
            (false, true) => {
                fp_ += 1;
                println!("false copy: {} {} {:.2}", f[0], f[1], newsdesk_cluster::dedup::similarity(a, b));
            }
            (true, false) => fn_ += 1,
            _ => {}
        }
        if gold { positives += 1 } else { negatives += 1 }
    }
    let precision = f64::from(tp) / f64::from((tp + fp_).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    println!(
        "positives={positives} negatives={negatives} tp={tp} fp={fp_} fn={fn_} P={precision:.3} R={recall:.3}"
    );
    assert!(positives >= 150 && negatives >= 300);
    assert!(precision >= 0.95 && recall >= 0.95, "P={precision:.3} R={recall:.3}");
}
