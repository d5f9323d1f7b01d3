//! Near-duplicates: MinHash fingerprints over word 3-shingles (xxh3) of clutter-stripped body text, an LSH
//! index whose insert and query cost does not depend on how many fingerprints it holds, copy groups (a copy
//! points at the earliest text of its group), wire-credit recognition and the count of independent sources
//! of a story.
//!
//! What counts as a copy (the labelling rule of `newsdesk eval neardup`): one text is the same body text as
//! the other, republished with page clutter added or removed, a new headline, a few sentences edited, added
//! or dropped, sentences or paragraphs reordered, or cut to an excerpt. Different writing about the same
//! event, a follow-up that reuses a paragraph of an earlier article, and articles that share only boilerplate
//! are not copies. Decided by the estimated Jaccard similarity of the shingle sets, or, for excerpts, by the
//! estimated share of the shorter text's shingles found in the longer one (containment).

use chrono::{DateTime, Duration, Utc};
use newsdesk_model::ArticleId;
use std::collections::{BTreeSet, HashMap};
use xxhash_rust::xxh3::xxh3_64;

/// MinHash values per fingerprint. 128 gives a Jaccard estimate with a standard error of about 0.04.
pub const NUM_HASHES: usize = 128;
/// LSH bands × rows = `NUM_HASHES`. With 32 bands of 4 rows, a pair with Jaccard 0.5 shares at least one
/// band with probability 1 − (1 − 0.5⁴)³² ≈ 0.9999, and a pair at 0.2 with probability ≈ 0.05.
const BANDS: usize = 32;
const ROWS: usize = NUM_HASHES / BANDS;
/// MinHash values over the shingles of the opening `LEAD_WORDS` words, indexed in their own LSH bands (of
/// `ROWS` rows). An excerpt (a feed teaser, a truncated capture) keeps the opening of the text but only a
/// small share of its shingles, so its full-text Jaccard is too low for the bands above to find it.
pub const LEAD_HASHES: usize = 32;
const LEAD_BANDS: usize = LEAD_HASHES / ROWS;
/// Words of the lead fingerprint: about the first two sentences, which excerpts keep.
pub const LEAD_WORDS: usize = 40;
/// Words per shingle: 3-word shingles survive reordered sentences (only the joins change) while one
/// edited word changes only three shingles.
const SHINGLE_WORDS: usize = 3;
/// Estimated Jaccard similarity of shingle sets from which one text is a copy of another. Republished copies
/// with clutter, a new headline and a few edited sentences measure 0.55–1.0 on the labelled pairs; different
/// articles about one event, follow-ups reusing a paragraph and texts sharing boilerplate stay under 0.25
/// (`newsdesk eval neardup`).
pub const COPY_THRESHOLD: f64 = 0.45;
/// Estimated share of the shorter text's shingles found in the longer one from which the shorter is an
/// excerpt of the longer. A paragraph reused in a follow-up is a minority of the follow-up's text; an
/// excerpt is (nearly) all of its own.
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;
/// The containment test needs both a Jaccard estimate this high (an excerpt keeping about a sixth of the
/// text or more) and a shorter text of at least `MIN_CONTAINED_SHINGLES`: with fewer shared hashes the
/// estimate is too noisy (standard error ≥ 0.03 on a value this small) to scale up by the size ratio.
const MIN_CONTAINMENT_JACCARD: f64 = 0.15;
const MIN_CONTAINED_SHINGLES: u32 = 40;
/// Texts shorter than this many words get no fingerprint: two short notices share too much by chance.
pub const MIN_WORDS: usize = 25;
/// A bucket holding more ids than this stops growing (a text republished thousands of times): any member
/// already stored is a good enough match, and the query cost stays bounded.
const MAX_BUCKET: usize = 64;
/// A line of at most this many words that does not end a sentence is page furniture, not body text:
/// navigation, section labels, headlines (of the article or of related stories), bylines, "Advertisement".
const FURNITURE_MAX_WORDS: usize = 14;
/// A line of at most this many words holding one of `BOILERPLATE_CUES` is boilerplate: newsletter prompts,
/// share and follow prompts, copyright lines, photo captions.
const BOILERPLATE_MAX_WORDS: usize = 40;
/// Lowercase cues of boilerplate lines (see `BOILERPLATE_MAX_WORDS`).
const BOILERPLATE_CUES: &[&str] = &[
    "newsletter",
    "sign up",
    "subscribe",
    "in your inbox",
    "all rights reserved",
    "copyright",
    "©",
    "may not be published",
    "cookies",
    "follow us",
    "share this",
    "read more",
    "click here",
    "download our app",
    "photo:",
    "photograph:",
    "image:",
    "picture:",
    "(photo",
    "file photo",
    "caption:",
    "advertisement",
    "related stories",
    "related coverage",
];

/// The MinHash signature of a text's word 3-shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub hashes: Box<[u32; NUM_HASHES]>,
    /// MinHash of the shingles of the opening `LEAD_WORDS` words; `None` in fingerprints stored before
    /// it existed.
    pub lead: Option<Box<[u32; LEAD_HASHES]>>,
    /// Distinct shingles of the text (0 when unknown: fingerprints stored before it was kept).
    pub shingles: u32,
}

impl Fingerprint {
    /// The fingerprint as stored (`articles.fingerprint`): the hashes, then the shingle count and the lead.
    pub fn to_stored(&self) -> Vec<u32> {
        let mut out = self.hashes.to_vec();
        if let Some(lead) = &self.lead {
            out.push(self.shingles);
            out.extend_from_slice(&lead[..]);
        }
        out
    }

    /// Read a stored fingerprint: `to_stored`'s layout, or the bare hashes stored before.
    pub fn from_stored(words: &[u32]) -> Option<Fingerprint> {
        let hashes: Box<[u32; NUM_HASHES]> = Box::new(words.get(..NUM_HASHES)?.try_into().ok()?);
        match words.len() - NUM_HASHES {
            0 => Some(Fingerprint { hashes, lead: None, shingles: 0 }),
            n if n == 1 + LEAD_HASHES => {
                let lead: Box<[u32; LEAD_HASHES]> = Box::new(words[NUM_HASHES + 1..].try_into().ok()?);
                Some(Fingerprint { hashes, lead: Some(lead), shingles: words[NUM_HASHES] })
            }
            _ => None,
        }
    }
}

/// The body text's lines with page furniture and boilerplate left out (see `FURNITURE_MAX_WORDS`,
/// `BOILERPLATE_CUES`), so clutter a republisher adds or removes does not change the fingerprint.
pub fn body_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !is_clutter(line))
}

fn is_clutter(line: &str) -> bool {
    let words = newsdesk_text::word_count(line);
    if words == 0 {
        return true;
    }
    let ends_sentence =
        line.trim_end_matches(['"', '”', '’', '\'', ')', ']']).ends_with(['.', '!', '?', ':']);
    if words <= FURNITURE_MAX_WORDS && !ends_sentence {
        return true;
    }
    if words <= BOILERPLATE_MAX_WORDS {
        let lower = line.to_lowercase();
        return BOILERPLATE_CUES.iter().any(|cue| lower.contains(cue));
    }
    false
}

/// Fingerprint the body text of an article (headlines are left out: republishers change them; so are
/// clutter lines, see `body_lines`). `None` for texts shorter than `MIN_WORDS` words.
pub fn fingerprint(text: &str) -> Option<Fingerprint> {
    let words: Vec<String> =
        body_lines(text).flat_map(newsdesk_text::tokens).map(|t| t.text.to_lowercase()).collect();
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut shingle_hashes: Vec<u64> = words.windows(SHINGLE_WORDS).map(shingle_hash).collect();
    let lead_hashes: Vec<u64> =
        shingle_hashes[..(LEAD_WORDS + 1 - SHINGLE_WORDS).min(shingle_hashes.len())].to_vec();
    shingle_hashes.sort_unstable();
    shingle_hashes.dedup();
    let hashes = Box::new(min_hashes::<NUM_HASHES>(&shingle_hashes, 0));
    let lead = Box::new(min_hashes::<LEAD_HASHES>(&lead_hashes, NUM_HASHES));
    let shingles = u32::try_from(shingle_hashes.len()).unwrap_or(u32::MAX);
    Some(Fingerprint { hashes, lead: Some(lead), shingles })
}

fn shingle_hash(words: &[String]) -> u64 {
    let mut buffer = String::new();
    for w in words {
        buffer.push_str(w);
        buffer.push(' ');
    }
    xxh3_64(buffer.as_bytes())
}

/// `N` MinHash values of a set of shingle hashes, with the hash functions numbered from `first`.
fn min_hashes<const N: usize>(shingles: &[u64], first: usize) -> [u32; N] {
    let mut out = [u32::MAX; N];
    for &h in shingles {
        for (i, slot) in out.iter_mut().enumerate() {
            let v = permute(h, first + i);
            if v < *slot {
                *slot = v;
            }
        }
    }
    out
}

/// The i-th hash function: a multiply-xorshift mix of the shingle hash with a per-function odd constant.
fn permute(h: u64, i: usize) -> u32 {
    let seed = 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 * 2 + 1);
    let mut x = h ^ seed;
    x = (x ^ (x >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x = (x ^ (x >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    (x >> 32) as u32
}

/// Estimated Jaccard similarity of the shingle sets of two fingerprinted texts.
pub fn similarity(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let same = a.hashes.iter().zip(b.hashes.iter()).filter(|(x, y)| x == y).count();
    same as f64 / NUM_HASHES as f64
}

/// Estimated share of the shorter text's shingles found in the longer one, from the Jaccard estimate and
/// the two set sizes (|A∩B| = J·(|A|+|B|)/(1+J)). `None` when a size is unknown.
pub fn containment(a: &Fingerprint, b: &Fingerprint) -> Option<f64> {
    let smaller = a.shingles.min(b.shingles);
    if smaller == 0 {
        return None;
    }
    let j = similarity(a, b);
    let shared = j * f64::from(a.shingles + b.shingles) / (1.0 + j);
    Some((shared / f64::from(smaller)).min(1.0))
}

/// How strongly one text copies the other: the Jaccard estimate, or the containment when the pair passes
/// the excerpt test. Zero when neither makes it a copy.
pub fn copy_score(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let j = similarity(a, b);
    if j >= COPY_THRESHOLD {
        return j;
    }
    if j >= MIN_CONTAINMENT_JACCARD
        && a.shingles.min(b.shingles) >= MIN_CONTAINED_SHINGLES
        && let Some(c) = containment(a, b)
        && c >= CONTAINMENT_THRESHOLD
    {
        return c;
    }
    0.0
}

/// Whether one text is a copy of the other (the same text republished, perhaps lightly edited or cut).
pub fn is_copy(a: &Fingerprint, b: &Fingerprint) -> bool {
    copy_score(a, b) > 0.0
}

/// An article found to copy an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyOf {
    /// The earliest article of the copy group (the original as far as we know).
    pub original: ArticleId,
    /// `copy_score` against the stored article that matched best (Jaccard, or containment for an excerpt).
    pub similarity: f64,
}

/// LSH index of recent fingerprints. Articles older than `window` before the newest one are forgotten
/// (republication happens within days), so memory is bounded by the article rate, not the archive.
#[derive(Debug, Clone)]
pub struct DedupIndex {
    window: Duration,
    buckets: HashMap<(u8, u64), Vec<ArticleId>>,
    entries: HashMap<ArticleId, Entry>,
    by_time: BTreeSet<(DateTime<Utc>, ArticleId)>,
}

#[derive(Debug, Clone)]
struct Entry {
    fingerprint: Fingerprint,
    original: ArticleId,
    time: DateTime<Utc>,
}

impl DedupIndex {
    pub fn new(window: Duration) -> Self {
        DedupIndex { window, buckets: HashMap::new(), entries: HashMap::new(), by_time: BTreeSet::new() }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stored articles sharing at least one LSH band with `fingerprint`, sorted by id.
    pub fn query(&self, fingerprint: &Fingerprint) -> Vec<ArticleId> {
        let mut found: Vec<ArticleId> =
            band_keys(fingerprint).filter_map(|key| self.buckets.get(&key)).flatten().cloned().collect();
        found.sort();
        found.dedup();
        found
    }

    /// Check an arriving article against the index and add it. Returns the copy group it joins, if any:
    /// the best-matching stored article's original (ties: the earlier original, then the smaller id).
    pub fn insert(&mut self, id: ArticleId, time: DateTime<Utc>, fingerprint: Fingerprint) -> Option<CopyOf> {
        self.forget_before(time - self.window);
        let mut best: Option<(f64, DateTime<Utc>, ArticleId)> = None;
        for candidate in self.query(&fingerprint) {
            let Some(entry) = self.entries.get(&candidate) else { continue };
            let s = copy_score(&fingerprint, &entry.fingerprint);
            if s <= 0.0 {
                continue;
            }
            let original_time = self.entries.get(&entry.original).map_or(entry.time, |e| e.time);
            let better = match &best {
                None => true,
                Some((bs, bt, bid)) => s > *bs || (s == *bs && (original_time, &entry.original) < (*bt, bid)),
            };
            if better {
                best = Some((s, original_time, entry.original.clone()));
            }
        }
        let copy = best.map(|(similarity, _, original)| CopyOf { original, similarity });
        let original = copy.as_ref().map_or_else(|| id.clone(), |c| c.original.clone());
        for key in band_keys(&fingerprint) {
            let bucket = self.buckets.entry(key).or_default();
            if bucket.len() < MAX_BUCKET {
                bucket.push(id.clone());
            }
        }
        self.by_time.insert((time, id.clone()));
        self.entries.insert(id, Entry { fingerprint, original, time });
        copy
    }

    /// Put back an article stored earlier with the copy group it was given then (`original` = itself when
    /// it was an original), without re-deciding it: a resumed import decides like an uninterrupted one.
    pub fn restore(
        &mut self,
        id: ArticleId,
        time: DateTime<Utc>,
        fingerprint: Fingerprint,
        original: ArticleId,
    ) {
        for key in band_keys(&fingerprint) {
            let bucket = self.buckets.entry(key).or_default();
            if bucket.len() < MAX_BUCKET {
                bucket.push(id.clone());
            }
        }
        self.by_time.insert((time, id.clone()));
        self.entries.insert(id, Entry { fingerprint, original, time });
    }

    fn forget_before(&mut self, cutoff: DateTime<Utc>) {
        while let Some((time, id)) = self.by_time.first().cloned() {
            if time >= cutoff {
                break;
            }
            self.by_time.pop_first();
            if let Some(entry) = self.entries.remove(&id) {
                for key in band_keys(&entry.fingerprint) {
                    if let Some(bucket) = self.buckets.get_mut(&key) {
                        bucket.retain(|x| *x != id);
                        if bucket.is_empty() {
                            self.buckets.remove(&key);
                        }
                    }
                }
            }
        }
    }
}

/// The LSH bucket keys of a fingerprint: `BANDS` over the full-text hashes, then `LEAD_BANDS` over the lead.
fn band_keys(fingerprint: &Fingerprint) -> impl Iterator<Item = (u8, u64)> + '_ {
    let lead = fingerprint.lead.iter().flat_map(|lead| lead.chunks(ROWS));
    fingerprint.hashes.chunks(ROWS).chain(lead).enumerate().map(|(band, rows)| {
        let mut bytes = [0u8; ROWS * 4];
        for (i, r) in rows.iter().enumerate() {
            bytes[i * 4..i * 4 + 4].copy_from_slice(&r.to_le_bytes());
        }
        (band as u8, xxh3_64(&bytes))
    })
}

const _: () =
    assert!(BANDS * ROWS == NUM_HASHES && LEAD_BANDS * ROWS == LEAD_HASHES && BANDS + LEAD_BANDS < 256);

/// News agencies whose credit marks an article as wire copy, as (name to report, spellings to look for).
/// Spellings are matched as whole words inside a credit (a parenthesised dateline credit, a "— Agency" or
/// "| Agency" suffix, or "(Reporting by …; Editing by …)", Reuters' house style).
pub const WIRE_AGENCIES: &[(&str, &[&str])] = &[
    ("Associated Press", &["Associated Press", "AP"]),
    ("Reuters", &["Reuters"]),
    ("Agence France-Presse", &["Agence France-Presse", "AFP"]),
    ("Bloomberg", &["Bloomberg"]),
    ("dpa", &["dpa", "Deutsche Presse-Agentur"]),
    ("United Press International", &["UPI", "United Press International"]),
    ("Xinhua", &["Xinhua"]),
    ("PA Media", &["PA Media", "Press Association"]),
    ("EFE", &["EFE"]),
    ("ANSA", &["ANSA"]),
    ("Kyodo", &["Kyodo"]),
    ("Meridian Wire", &["Meridian Wire"]),
];

/// How far into a text a dateline credit is looked for (datelines open the first paragraph).
const DATELINE_CHARS: usize = 200;

/// The wire agency a text credits, if any: a known agency in a dateline credit ("CALDER BAY, Feb 9
/// (Meridian Wire) -", "PARIS (AFP) —"), an agency named in a parenthesised credit in the opening, a
/// "— Reuters"-style credit closing the text, or Reuters' "(Reporting by …)" footer.
pub fn credited_wire(text: &str) -> Option<&'static str> {
    let head: String = text.chars().take(DATELINE_CHARS).collect();
    for credit in parenthesised(&head) {
        if let Some(name) = agency_in(credit) {
            return Some(name);
        }
    }
    let tail_start = text.char_indices().rev().nth(DATELINE_CHARS).map_or(0, |(i, _)| i);
    let tail = text[tail_start..].trim_end();
    if let Some(last_line) = tail.lines().last() {
        let trimmed = last_line.trim();
        for marker in ["—", "–", "|", "- ", "Source:"] {
            if let Some(pos) = trimmed.rfind(marker) {
                let credit = trimmed[pos + marker.len()..].trim().trim_end_matches('.');
                if credit.split_whitespace().count() <= 4
                    && let Some(name) = agency_in(credit)
                {
                    return Some(name);
                }
            }
        }
    }
    if tail.contains("(Reporting by") {
        return Some("Reuters");
    }
    None
}

fn parenthesised(text: &str) -> impl Iterator<Item = &str> {
    text.split('(').skip(1).filter_map(|s| s.split(')').next().filter(|_| s.contains(')')))
}

fn agency_in(credit: &str) -> Option<&'static str> {
    let words: Vec<&str> =
        credit.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    WIRE_AGENCIES.iter().find_map(|(name, spellings)| {
        spellings
            .iter()
            .any(|s| {
                let parts: Vec<&str> = s.split(' ').collect();
                words.windows(parts.len()).any(|w| w == parts.as_slice())
            })
            .then_some(*name)
    })
}

/// One article of a story, as the independent-source count sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceItem<'a> {
    /// The outlet that published it.
    pub outlet: &'a str,
    /// The original of its copy group (itself when it is an original that others copied), if it has one.
    pub copy_group: Option<&'a ArticleId>,
    /// The wire agency it credits, if any.
    pub wire: Option<&'a str>,
}

/// Independent sources of a story: copies of one text count once (a copy group or one wire's text), and
/// the other articles count once per outlet.
pub fn independent_sources(items: &[SourceItem<'_>]) -> usize {
    let mut keys: BTreeSet<(u8, &str)> = BTreeSet::new();
    for item in items {
        let key = match (item.copy_group, item.wire) {
            (Some(group), _) => (0, group.0.as_str()),
            (None, Some(wire)) => (1, wire),
            (None, None) => (2, item.outlet),
        };
        keys.insert(key);
    }
    // A wire's own text and the copies of it are one source: merge a copy group whose members credit a
    // wire with that wire's key.
    let wires_with_groups: BTreeSet<&str> =
        items.iter().filter(|i| i.copy_group.is_some()).filter_map(|i| i.wire).collect();
    keys.retain(|(kind, name)| !(*kind == 1 && wires_with_groups.contains(name)));
    keys.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Kestrania on Monday suspended talks with Valdoria over a disputed island chain, accusing its \
        neighbour of staging naval exercises near the islands while negotiations were under way. The chain of \
        eleven islands has been administered by Kestrania since 1994 but is claimed by both countries. The two \
        sides had held four rounds of talks since September last year.";

    fn at(day: u32) -> DateTime<Utc> {
        format!("2026-02-{day:02}T10:00:00Z").parse().unwrap_or_default()
    }

    #[test]
    fn copies_match_and_different_texts_do_not() {
        let a = fingerprint(TEXT).expect("long enough");
        let edited = TEXT.replace("Monday", "Tuesday") + " Advertisement. Share this article.";
        let b = fingerprint(&edited).expect("long enough");
        assert!(is_copy(&a, &b), "{}", similarity(&a, &b));
        let other = fingerprint(
            "Rescuers in Dravik worked through the night to free people trapped under collapsed buildings after \
             a strong earthquake struck the Corvanian city on Tuesday, killing at least 23 people and injuring \
             hundreds more, officials said.",
        )
        .expect("long enough");
        assert!(similarity(&a, &other) < 0.1);
        assert!(fingerprint("Too short to say anything.").is_none());
    }

    #[test]
    fn index_finds_the_original_and_forgets_old_texts() {
        let mut index = DedupIndex::new(Duration::days(7));
        let fp = |t: &str| fingerprint(t).expect("long enough");
        assert_eq!(index.insert(ArticleId("a".into()), at(1), fp(TEXT)), None);
        let copy = index.insert(ArticleId("b".into()), at(2), fp(&format!("{TEXT} Read more on our site.")));
        assert_eq!(copy.map(|c| c.original), Some(ArticleId("a".into())));
        let copy_of_copy =
            index.insert(ArticleId("c".into()), at(3), fp(&format!("{TEXT} Read more on our site.")));
        assert_eq!(copy_of_copy.map(|c| c.original), Some(ArticleId("a".into())));
        assert_eq!(index.insert(ArticleId("d".into()), at(20), fp(TEXT)), None, "past the window");
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn recognises_wire_credits() {
        assert_eq!(
            credited_wire("CALDER BAY, Feb 9 (Meridian Wire) - Kestrania on Monday ..."),
            Some("Meridian Wire")
        );
        assert_eq!(credited_wire("PARIS (AFP) — France said ..."), Some("Agence France-Presse"));
        assert_eq!(credited_wire("WASHINGTON (AP) — The Senate ..."), Some("Associated Press"));
        assert_eq!(credited_wire("The minister resigned.\n\n— Reuters"), Some("Reuters"));
        assert_eq!(credited_wire("Text.\n(Reporting by Jane Roe; Editing by John Doe)"), Some("Reuters"));
        assert_eq!(credited_wire("The mayor (a former teacher) said the APR was high."), None);
        assert_eq!(credited_wire("Plain local reporting with no credit."), None);
    }

    #[test]
    fn counts_independent_sources() {
        let root = ArticleId("a".into());
        let items = [
            SourceItem { outlet: "Meridian Wire", copy_group: Some(&root), wire: Some("Meridian Wire") },
            SourceItem { outlet: "Halden Gazette", copy_group: Some(&root), wire: Some("Meridian Wire") },
            SourceItem { outlet: "Porthaven Courier", copy_group: Some(&root), wire: None },
            SourceItem { outlet: "Corvan Post", copy_group: None, wire: Some("Meridian Wire") },
            SourceItem { outlet: "Valdoria Herald", copy_group: None, wire: None },
            SourceItem { outlet: "Valdoria Herald", copy_group: None, wire: None },
        ];
        assert_eq!(independent_sources(&items), 2);
        assert_eq!(independent_sources(&items[4..]), 1);
    }
}
