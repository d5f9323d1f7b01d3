//! Single-pass clustering: each article joins the open story it is most similar to (TF-IDF cosine per
//! feature family, minus a penalty that grows with the time since the story's latest article), or opens a
//! new story. Candidates come from an inverted index over the article's top features; stories whose latest
//! article is older than the hard cap are closed and leave the index, so cost per article is bounded.
//! An article that matches two open stories strongly bridges them: they merge (the decision names the
//! story merged away, so the caller can record the merge and redirect its id).
//!
//! Features are interned (one `u32` per distinct feature, its document frequency and `ln(df + 1)` kept
//! beside it), stories hold their features as `(feature, count)` lists in the features' string order, and
//! postings hold story slots: a comparison is one pass over a story's list with array lookups. Every sum
//! runs in string order, never in interning order, so a restored clusterer (which interns in another
//! order) makes exactly the same decisions.

use crate::DocProfile;
use crate::profile::Family;
use chrono::{DateTime, Duration, Utc};
use newsdesk_model::StoryId;
use newsdesk_text::TermCounts;
use std::collections::{BTreeSet, HashMap};

/// Knobs of the clusterer. One fixed configuration serves every data set (no per-set tuning); the values
/// were chosen with `cargo run --release -p newsdesk-eval --example cluster_sweep -- <5w1h> <basil> demo`
/// by the worst F1 over news-cluster-5w1h, basil, our demo corpus and their mix. The demo corpus pins the
/// decay: its three island-dispute episodes 3 and 6 weeks apart are separate stories (one storyline), which
/// a gentler decay (0.04, better on 5w1h's loosely defined months-long events) merges. Name similarity is
/// off (weight 0) because in every sweep it traded 5w1h recall for nothing; names still drive storylines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterConfig {
    /// Minimum time-penalised similarity between an article and a story to join it.
    pub threshold: f64,
    /// Hard cap: a story whose latest article is older than this is closed (no article joins it and it
    /// leaves the candidate index). Callers load the stories open at `earliest - window` to resume.
    pub window: Duration,
    /// Idle window per article of a story: a story of `n` articles that has had no article for
    /// `n × idle_per_article` goes dormant: it stays open (until `window`) but keeps only its
    /// `dormant_features` strongest features in the candidate index, so only an article sharing what
    /// defined it finds it again (a late follow-up, which must also beat the time penalty), while the
    /// postings that every lookup walks stop growing with the length of the stream. A singleton nobody
    /// followed up goes dormant within days, a story many outlets covered stays fully indexed for months.
    pub idle_per_article: Duration,
    /// Features a dormant story keeps in the candidate index (its highest counts, headline copies aside).
    pub dormant_features: usize,
    /// Similarity subtracted per unit of `ln(1 + days since the story's nearest article)`: coverage of one
    /// event clusters in days, while later episodes of one topic (a storyline) come weeks or months later.
    /// A soft penalty lets a very similar late article still join (follow-ups of a specific event).
    pub decay: f64,
    /// Weight of headline-to-headlines similarity relative to the plain-term similarity (1.0).
    pub title_weight: f64,
    /// Weight of name similarity relative to the plain-term similarity (1.0).
    pub name_weight: f64,
    /// How many of the article's highest-weighted features are used to look up candidate stories.
    pub query_terms: usize,
    /// Memory bound: when more stories than this are open, those with the oldest latest article are closed
    /// early (as if the window had passed for them). Far above what a year of a busy feed list keeps open in
    /// practice; it bounds a stream of millions of articles within the window (see `examples/scale.rs`).
    pub max_open_stories: usize,
    /// An article whose time-penalised similarity reaches this with its best story and with another open
    /// story bridges the two: the other story is merged into the best one. Set above `threshold`, so only
    /// an article that could have joined either story confidently merges them.
    pub merge_threshold: f64,
    /// Hybrid scoring, used only where the article and the story both have a sentence vector (the cosine
    /// of the article's vector and the story's summed vector); without vectors the score is the term
    /// similarity alone. A cosine above `vector_neutral` adds `vector_weight × (cosine − vector_neutral)`,
    /// divided by `1 + days` between the article and the story: the model says "same topic", and only
    /// within days does the same topic mean the same event (the demo's island episodes weeks apart, or a
    /// rate hike and a rate cut, score 0.8 and more and must stay apart).
    pub vector_weight: f64,
    /// The cosine above which the vector raises the score.
    pub vector_neutral: f64,
    /// A cosine below `vector_veto_below` subtracts `vector_veto_weight × (vector_veto_below − cosine)`,
    /// whatever the time: a second signal that stops a weak term match between two events that share
    /// names and words (a coach fired and another retiring; oil shipments to North Korea and Kim's offer of
    /// talks) from joining them.
    pub vector_veto_weight: f64,
    /// The cosine below which the vector lowers the score.
    pub vector_veto_below: f64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.12,
            window: Duration::days(730),
            idle_per_article: Duration::days(IDLE_DAYS_PER_ARTICLE),
            dormant_features: DORMANT_FEATURES,
            decay: 0.06,
            title_weight: 0.5,
            name_weight: 0.0,
            query_terms: 30,
            max_open_stories: 200_000,
            merge_threshold: MERGE_THRESHOLD,
            vector_weight: VECTOR_WEIGHT,
            vector_neutral: VECTOR_NEUTRAL,
            vector_veto_weight: VECTOR_VETO_WEIGHT,
            vector_veto_below: VECTOR_VETO_BELOW,
        }
    }
}

/// Default `merge_threshold`: the lowest value at which no gold set loses BCubed precision
/// (`MERGE=<x> cargo run --release -p newsdesk-eval --example cluster_check -- <5w1h> <basil> demo`). At 0.2
/// merges lift 5w1h 0.928 → 0.935, basil 0.959 → 0.962 and their mixed stream 0.944 → 0.951; at 0.18 the
/// mixed stream's precision starts to drop, at 0.15 every set's does; at 0.25 and above merges are too rare
/// to matter. Well above `threshold` (0.12): a bridge must fit both stories better than a plain join does.
const MERGE_THRESHOLD: f64 = 0.2;
/// Defaults of the hybrid (all-MiniLM-L6-v2 vectors of title + lead), chosen with `cargo run --release -p
/// newsdesk-eval --example cluster_vectors -- <5w1h> <basil> demo` by the worst F1 over the sets and their
/// mix (terms alone → hybrid: 5w1h 0.935 → 0.951, basil 0.9925 → 0.9925, mix 0.964 → 0.970, demo 1.0 → 1.0),
/// and checked on each third of the gold events (`FOLD=0|1|2`: never worse on any third). Same-event
/// cosines in 5w1h have a median of 0.73 (5th percentile 0.47); different events sharing a topic reach 0.5.
const VECTOR_WEIGHT: f64 = 0.3;
/// Default `vector_neutral`.
const VECTOR_NEUTRAL: f64 = 0.5;
/// Default `vector_veto_weight`.
const VECTOR_VETO_WEIGHT: f64 = 0.3;
/// Default `vector_veto_below`.
const VECTOR_VETO_BELOW: f64 = 0.55;
/// Default `idle_per_article`, in days. See `cluster_check` (`IDLE=<days>`) for the measurement.
const IDLE_DAYS_PER_ARTICLE: i64 = 3;
/// The idle window never exceeds this many days, however large the story: a month without news makes
/// any story dormant (it can still be found and woken), so the number of fully indexed stories levels
/// off within a month of any stream.
const MAX_IDLE_DAYS: i64 = 30;
/// Default `dormant_features`.
const DORMANT_FEATURES: usize = 12;
/// A feature shared by more open stories than this is not used to look candidates up: it is not
/// distinctive, and skipping it bounds the work per article however large the stream grows.
const MAX_POSTINGS: usize = 500;
/// Stories fully compared per article: the candidates sharing the most query weight with it. A full
/// comparison walks the story's whole profile, so this bounds the cost per article (measured with
/// `examples/scale.rs`); on the gold sets the best story is always among them.
const MAX_CANDIDATES: usize = 24;
/// A feature found in more documents than this is no longer indexed at all (its postings are dropped
/// once, when it crosses): function-like words would otherwise have a posting in every open story and
/// make each story update cost grow with the number of open stories. Derived from document frequencies
/// only, so a restored clusterer indexes exactly the same features.
const MAX_INDEXED_DF: u32 = 2_000;
/// A story keeps at most this many features (highest counts first; trimmed when it reaches twice this),
/// bounding the cost of one comparison for stories with thousands of articles.
const MAX_STORY_TERMS: usize = 600;

/// What clustering keeps about a story: the summed term counts of its articles and its time span.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryProfile {
    pub id: StoryId,
    pub terms: TermCounts,
    pub size: u32,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

/// The decision for one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub story: StoryId,
    pub is_new_story: bool,
    pub similarity: f64,
    /// Open stories this article bridged into `story` (merged away: their articles now belong to `story`
    /// and their ids should redirect to it). Usually empty.
    pub merged: Vec<StoryId>,
}

/// Interned features: id → text, family, document frequency, `ln(df + 1)`, postings and a scratch mark.
#[derive(Debug, Clone, Default)]
struct Vocabulary {
    ids: HashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    family: Vec<Family>,
    df: Vec<u32>,
    ln_df: Vec<f64>,
    /// Slots of the open stories carrying the feature (empty once its df passes `MAX_INDEXED_DF`).
    postings: Vec<Vec<u32>>,
    /// While an article is being scored: 1 + its position in the article's feature list, else 0.
    mark: Vec<u32>,
}

impl Vocabulary {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        self.family.push(Family::of(term));
        self.df.push(0);
        self.ln_df.push(0.0);
        self.postings.push(Vec::new());
        self.mark.push(0);
        id
    }

    fn set_df(&mut self, id: u32, df: u32) {
        self.df[id as usize] = df;
        self.ln_df[id as usize] = f64::from(df).ln_1p();
    }

    fn text(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    fn indexed(&self, id: u32) -> bool {
        self.df[id as usize] <= MAX_INDEXED_DF
    }
}

/// An open story as the clusterer holds it: features in their string order.
#[derive(Debug, Clone)]
struct Story {
    id: StoryId,
    terms: Vec<(u32, u32)>,
    size: u32,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// When the story goes dormant if no article joins it (`last` + its idle window); its key in
    /// `by_deadline`. `None` while dormant (or undated).
    deadline: Option<DateTime<Utc>>,
    /// Dormant: only `dormant_postings(terms)` are in the candidate index.
    dormant: bool,
    /// Sum of the unit sentence vectors of the articles that came with one (`None`: none did).
    vector: Option<Vec<f32>>,
}

impl Story {
    /// A story with no articles yet; `absorb` fills it.
    fn empty(id: StoryId) -> Self {
        Story {
            id,
            terms: Vec::new(),
            size: 0,
            first: None,
            last: None,
            deadline: None,
            dormant: false,
            vector: None,
        }
    }
}

/// The clusterer and its state: document frequencies and open stories.
#[derive(Debug, Clone, Default)]
pub struct OnlineClusterer {
    config: ClusterConfig,
    vocab: Vocabulary,
    doc_count: u32,
    /// `ln(doc_count + 1) + 1`: the IDF of a feature is this minus its `ln(df + 1)`.
    idf_base: f64,
    /// Open stories by slot (`None` once closed; freed slots are reused) and the slot of each open story.
    slots: Vec<Option<Story>>,
    slot_of: HashMap<StoryId, u32>,
    free_slots: Vec<u32>,
    /// Open dated stories by latest article time, to close them when the cap passes.
    by_last: BTreeSet<(DateTime<Utc>, StoryId)>,
    /// Fully indexed dated stories by idle deadline, to make them dormant when it passes.
    by_deadline: BTreeSet<(DateTime<Utc>, StoryId)>,
    /// Scratch: query weight shared with the article, per slot.
    shared: Vec<f64>,
}

impl OnlineClusterer {
    pub fn new(config: ClusterConfig) -> Self {
        OnlineClusterer { config, idf_base: 1.0, ..Default::default() }
    }

    /// Restore a saved state: document frequencies, the number of documents, and the open stories. The
    /// restored clusterer makes exactly the decisions the one that produced the state would have made.
    pub fn restore(
        config: ClusterConfig,
        doc_freq: impl IntoIterator<Item = (String, u32)>,
        doc_count: u32,
        stories: impl IntoIterator<Item = StoryProfile>,
    ) -> Self {
        let mut clusterer = OnlineClusterer::new(config);
        for (term, df) in doc_freq {
            let id = clusterer.vocab.intern(&term);
            clusterer.vocab.set_df(id, df);
        }
        clusterer.doc_count = doc_count;
        clusterer.idf_base = f64::from(doc_count).ln_1p() + 1.0;
        for profile in stories {
            let terms: Vec<(u32, u32)> =
                profile.terms.iter().map(|(t, &c)| (clusterer.vocab.intern(t), c)).collect();
            let slot = clusterer.open_slot(profile.id.clone());
            clusterer.slots[slot as usize] = Some(Story::empty(profile.id));
            clusterer.absorb(slot, &terms, profile.size, profile.first, profile.last);
        }
        clusterer.close_beyond_capacity();
        clusterer
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// Document frequency of every feature, sorted by feature (for saving).
    pub fn doc_freq(&self) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = (0..self.vocab.terms.len())
            .filter(|&i| self.vocab.df[i] > 0)
            .map(|i| (self.vocab.terms[i].to_string(), self.vocab.df[i]))
            .collect();
        v.sort();
        v
    }

    /// An open story's profile.
    pub fn story(&self, id: &StoryId) -> Option<StoryProfile> {
        let slot = *self.slot_of.get(id)?;
        self.slots[slot as usize].as_ref().map(|s| self.profile(s))
    }

    /// How many stories are open.
    pub fn open_story_count(&self) -> usize {
        self.slot_of.len()
    }

    /// How many open stories are dormant (idle past their idle window, kept in the index by a few features).
    pub fn dormant_story_count(&self) -> usize {
        self.slots.iter().flatten().filter(|s| s.dormant).count()
    }

    /// The open stories, sorted by id.
    pub fn open_stories(&self) -> Vec<StoryProfile> {
        let mut v: Vec<StoryProfile> = self.slots.iter().flatten().map(|s| self.profile(s)).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    fn profile(&self, story: &Story) -> StoryProfile {
        StoryProfile {
            id: story.id.clone(),
            terms: story.terms.iter().map(|&(t, c)| (self.vocab.text(t).to_string(), c)).collect(),
            size: story.size,
            first: story.first,
            last: story.last,
        }
    }

    /// Assign `doc` to the most similar open story, or open a new one (whose id `new_story` supplies).
    /// Updates document frequencies and the story profile, merges stories the article bridges, and closes
    /// stories the cap has passed.
    pub fn assign(&mut self, doc: &DocProfile, new_story: StoryId) -> Assignment {
        self.assign_with_vector(doc, None, new_story)
    }

    /// `assign` with the article's sentence vector (any dimension; normalised here), when an embedding
    /// model is installed: the candidates found through the term index are then scored by the hybrid of
    /// term and vector similarity (`ClusterConfig::vector_weight`) wherever the story has a vector too.
    pub fn assign_with_vector(
        &mut self,
        doc: &DocProfile,
        vector: Option<&[f32]>,
        new_story: StoryId,
    ) -> Assignment {
        let vector = vector.and_then(unit_vector);
        if let Some(time) = doc.time {
            self.close_stories_idle_at(time);
        }
        // In the profile's (string) order.
        let terms: Vec<(u32, u32)> = doc.terms.iter().map(|(t, &c)| (self.vocab.intern(t), c)).collect();
        self.count_document(&terms);
        let scored = self.score_candidates(&terms, doc.time, vector.as_deref());
        let assignment = match scored.first() {
            Some((slot, similarity)) if *similarity >= self.config.threshold => {
                let merged = if *similarity >= self.config.merge_threshold {
                    scored[1..]
                        .iter()
                        .filter(|(_, s)| *s >= self.config.merge_threshold)
                        .filter_map(|(other, _)| self.slots[*other as usize].as_ref().map(|s| s.id.clone()))
                        .collect()
                } else {
                    Vec::new()
                };
                let story = self.slots[*slot as usize].as_ref().map(|s| s.id.clone());
                Assignment {
                    story: story.unwrap_or(new_story),
                    is_new_story: false,
                    similarity: *similarity,
                    merged,
                }
            }
            _ => Assignment { story: new_story, is_new_story: true, similarity: 0.0, merged: Vec::new() },
        };
        let slot = match self.slot_of.get(&assignment.story) {
            Some(&slot) => slot,
            None => {
                let slot = self.open_slot(assignment.story.clone());
                self.slots[slot as usize] = Some(Story::empty(assignment.story.clone()));
                slot
            }
        };
        for other in &assignment.merged {
            self.merge_into(slot, other);
        }
        self.absorb(slot, &terms, 1, doc.time, doc.time);
        self.add_vector(slot, vector.as_deref());
        self.close_beyond_capacity();
        assignment
    }

    /// An open story's vector: the sum of its articles' unit sentence vectors (for saving; `None` when no
    /// article came with one).
    pub fn story_vector(&self, id: &StoryId) -> Option<&[f32]> {
        let slot = *self.slot_of.get(id)?;
        self.slots[slot as usize].as_ref()?.vector.as_deref()
    }

    /// Give a restored open story its saved vector (`story_vector`'s value, bit for bit), so the restored
    /// clusterer decides exactly like an uninterrupted one.
    pub fn restore_story_vector(&mut self, id: &StoryId, sum: Vec<f32>) {
        if let Some(&slot) = self.slot_of.get(id)
            && let Some(story) = self.slots[slot as usize].as_mut()
        {
            story.vector = Some(sum);
        }
    }

    /// Add a (unit) vector to the story at `slot`, in arrival order.
    fn add_vector(&mut self, slot: u32, vector: Option<&[f32]>) {
        let (Some(v), Some(story)) = (vector, self.slots[slot as usize].as_mut()) else { return };
        match &mut story.vector {
            Some(sum) if sum.len() == v.len() => sum.iter_mut().zip(v).for_each(|(s, x)| *s += x),
            Some(_) => {}
            None => story.vector = Some(v.to_vec()),
        }
    }

    /// Move story `other` into the story at `slot` and close it.
    fn merge_into(&mut self, slot: u32, other: &StoryId) {
        let Some(&from) = self.slot_of.get(other) else { return };
        let Some(story) = self.slots[from as usize].clone() else { return };
        self.close_story(other);
        self.absorb(slot, &story.terms, story.size, story.first, story.last);
        self.add_vector(slot, story.vector.as_deref());
    }

    /// Close the stories with the oldest latest article while more than `max_open_stories` are open.
    fn close_beyond_capacity(&mut self) {
        while self.by_last.len() > self.config.max_open_stories {
            let Some((_, id)) = self.by_last.first().cloned() else { break };
            self.close_story(&id);
        }
    }

    fn close_story(&mut self, id: &StoryId) {
        let Some(slot) = self.slot_of.remove(id) else { return };
        let Some(story) = self.slots[slot as usize].take() else { return };
        if let Some(last) = story.last {
            self.by_last.remove(&(last, story.id.clone()));
        }
        if let Some(deadline) = story.deadline {
            self.by_deadline.remove(&(deadline, story.id.clone()));
        }
        for (term, _) in story.terms {
            self.unpost(term, slot);
        }
        self.free_slots.push(slot);
    }

    fn unpost(&mut self, term: u32, slot: u32) {
        let list = &mut self.vocab.postings[term as usize];
        if let Some(i) = list.iter().position(|s| *s == slot) {
            list.swap_remove(i);
        }
    }

    /// The features a dormant story keeps in the candidate index: its `dormant_features` highest counts
    /// (ties by text), headline copies left out (each headline word is already a plain term). A function of
    /// the profile alone, so a restored clusterer keeps the same ones.
    fn dormant_postings(&self, terms: &[(u32, u32)]) -> Vec<u32> {
        let mut kept: Vec<(u32, u32)> =
            terms.iter().copied().filter(|&(t, _)| self.family(t) != Family::Title).collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| self.vocab.text(a.0).cmp(self.vocab.text(b.0))));
        kept.truncate(self.config.dormant_features);
        let mut kept: Vec<u32> = kept.into_iter().map(|(t, _)| t).collect();
        kept.sort_unstable();
        kept
    }

    /// Make the story at `slot` dormant: drop its postings but `dormant_postings`.
    fn make_dormant(&mut self, slot: u32) {
        let Some(mut story) = self.slots[slot as usize].take() else { return };
        let kept = self.dormant_postings(&story.terms);
        for &(term, _) in &story.terms {
            if kept.binary_search(&term).is_err() {
                self.unpost(term, slot);
            }
        }
        story.dormant = true;
        story.deadline = None;
        self.slots[slot as usize] = Some(story);
    }

    /// A free slot for a new story (its `Story` is set by the caller).
    fn open_slot(&mut self, id: StoryId) -> u32 {
        let slot = match self.free_slots.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.slot_of.insert(id, slot);
        slot
    }

    /// At `time`: close the stories whose latest article is older than `window`, and make dormant the
    /// stories whose idle deadline has passed.
    fn close_stories_idle_at(&mut self, time: DateTime<Utc>) {
        let cutoff = time - self.config.window;
        while let Some((last, id)) = self.by_last.first().cloned() {
            if last >= cutoff {
                break;
            }
            self.close_story(&id);
        }
        while let Some((deadline, id)) = self.by_deadline.first().cloned() {
            if deadline >= time {
                break;
            }
            self.by_deadline.pop_first();
            if let Some(&slot) = self.slot_of.get(&id) {
                self.make_dormant(slot);
            }
        }
    }

    fn count_document(&mut self, terms: &[(u32, u32)]) {
        self.doc_count += 1;
        self.idf_base = f64::from(self.doc_count).ln_1p() + 1.0;
        for &(term, _) in terms {
            let df = self.vocab.df[term as usize] + 1;
            self.vocab.set_df(term, df);
            if df == MAX_INDEXED_DF + 1 {
                self.vocab.postings[term as usize] = Vec::new();
            }
        }
    }

    fn idf(&self, term: u32) -> f64 {
        self.idf_base - self.vocab.ln_df[term as usize]
    }

    /// The candidate stories' time-penalised similarities to the article, best first (ties: smaller id).
    fn score_candidates(
        &mut self,
        terms: &[(u32, u32)],
        time: Option<DateTime<Utc>>,
        vector: Option<&[f32]>,
    ) -> Vec<(u32, f64)> {
        let weights: Vec<f64> = terms.iter().map(|&(t, c)| (1.0 + f64::from(c).ln()) * self.idf(t)).collect();
        let doc_norms = family_norms(terms.iter().zip(&weights).map(|(&(t, _), &w)| (self.family(t), w)));
        for (i, &(t, _)) in terms.iter().enumerate() {
            self.vocab.mark[t as usize] = i as u32 + 1;
        }
        let candidates = self.candidates(terms, &weights);
        let mut scored: Vec<(u32, f64)> = candidates
            .into_iter()
            .filter_map(|slot| {
                let story = self.slots[slot as usize].as_ref()?;
                let terms_similarity = self.similarity(&weights, &doc_norms, story);
                let similarity = self.hybrid(
                    terms_similarity,
                    vector,
                    story.vector.as_deref(),
                    self.gap_days(story, time),
                ) - self.time_penalty(story, time);
                Some((slot, similarity))
            })
            .collect();
        for &(t, _) in terms {
            self.vocab.mark[t as usize] = 0;
        }
        let id = |slot: u32| self.slots[slot as usize].as_ref().map(|s| &s.id);
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| id(a.0).cmp(&id(b.0))));
        scored
    }

    fn family(&self, term: u32) -> Family {
        self.vocab.family[term as usize]
    }

    /// Slots of the stories sharing the most query weight with the article (its top `query_terms`
    /// features, each with at most `MAX_POSTINGS` stories), at most `MAX_CANDIDATES`.
    fn candidates(&mut self, terms: &[(u32, u32)], weights: &[f64]) -> Vec<u32> {
        let mut top: Vec<usize> = (0..terms.len()).collect();
        top.sort_by(|&a, &b| {
            weights[b]
                .total_cmp(&weights[a])
                .then_with(|| self.vocab.text(terms[a].0).cmp(self.vocab.text(terms[b].0)))
        });
        if self.shared.len() < self.slots.len() {
            self.shared.resize(self.slots.len(), 0.0);
        }
        let mut touched: Vec<u32> = Vec::new();
        for &i in top.iter().take(self.config.query_terms) {
            let list = &self.vocab.postings[terms[i].0 as usize];
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &slot in list {
                let shared = &mut self.shared[slot as usize];
                if *shared == 0.0 {
                    touched.push(slot);
                }
                *shared += weights[i];
            }
        }
        let mut ranked: Vec<(f64, u32)> = touched.iter().map(|&s| (self.shared[s as usize], s)).collect();
        for &slot in &touched {
            self.shared[slot as usize] = 0.0;
        }
        let id = |slot: u32| self.slots[slot as usize].as_ref().map(|s| &s.id);
        // Sorted by weight then story id: slot numbers never reach a decision.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| id(a.1).cmp(&id(b.1))));
        ranked.into_iter().take(MAX_CANDIDATES).map(|(_, slot)| slot).collect()
    }

    /// How long a story of `size` articles stays open without a new article.
    fn idle_window(&self, size: u32) -> Duration {
        let idle = self.config.idle_per_article.num_seconds().saturating_mul(i64::from(size.max(1)));
        let most = Duration::days(MAX_IDLE_DAYS).min(self.config.window);
        Duration::seconds(idle.min(most.num_seconds()))
    }

    /// The term similarity, moved by the vector cosine when the article and the story both have a vector
    /// (see `ClusterConfig::vector_weight` and `vector_veto_weight`).
    fn hybrid(&self, terms: f64, vector: Option<&[f32]>, story: Option<&[f32]>, gap_days: f64) -> f64 {
        let (Some(v), Some(sum)) = (vector, story) else { return terms };
        if v.len() != sum.len() {
            return terms;
        }
        let (mut dot, mut norm) = (0.0f64, 0.0f64);
        for (a, b) in v.iter().zip(sum) {
            dot += f64::from(*a) * f64::from(*b);
            norm += f64::from(*b) * f64::from(*b);
        }
        if norm == 0.0 {
            return terms;
        }
        let cosine = dot / norm.sqrt();
        let bonus = (cosine - self.config.vector_neutral).max(0.0);
        let veto = (self.config.vector_veto_below - cosine).max(0.0);
        terms + self.config.vector_weight * bonus / (1.0 + gap_days) - self.config.vector_veto_weight * veto
    }

    /// Days between the article and the story's nearest article (0 inside its span or undated).
    fn gap_days(&self, story: &Story, time: Option<DateTime<Utc>>) -> f64 {
        gap(story, time).map_or(0.0, |gap| gap.num_seconds() as f64 / 86_400.0)
    }

    fn time_penalty(&self, story: &Story, time: Option<DateTime<Utc>>) -> f64 {
        let Some(gap) = gap(story, time) else { return 0.0 };
        if gap > self.config.window {
            return f64::INFINITY;
        }
        let days = gap.num_seconds() as f64 / 86_400.0;
        self.config.decay * days.ln_1p()
    }

    /// Weighted mean of the per-family cosines between the article (its weights, features marked in
    /// `vocab.mark`) and the story's summed profile: one pass over the story's features.
    fn similarity(&self, weights: &[f64], doc_norms: &[f64; 3], story: &Story) -> f64 {
        let mut norms = [0.0; 3];
        let mut dots = [0.0; 3];
        for &(t, c) in &story.terms {
            let w = f64::from(c) * self.idf(t);
            let family = self.family(t) as usize;
            norms[family] += w * w;
            let mark = self.vocab.mark[t as usize];
            if mark != 0 {
                dots[family] += weights[mark as usize - 1] * w;
            }
        }
        let story_norms = norms.map(f64::sqrt);
        let family_weights = [1.0, self.config.title_weight, self.config.name_weight];
        let (mut sum, mut total) = (0.0, 0.0);
        for f in 0..3 {
            if doc_norms[f] == 0.0 {
                continue;
            }
            total += family_weights[f];
            if story_norms[f] > 0.0 {
                sum += family_weights[f] * dots[f] / (doc_norms[f] * story_norms[f]);
            }
        }
        if total == 0.0 { 0.0 } else { sum / total }
    }

    /// Add features (string order), articles and a time span to the open story at `slot`: index its new
    /// features, trim it when it grows past twice `MAX_STORY_TERMS`, and keep `by_deadline` current.
    fn absorb(
        &mut self,
        slot: u32,
        terms: &[(u32, u32)],
        size: u32,
        first: Option<DateTime<Utc>>,
        last: Option<DateTime<Utc>>,
    ) {
        let Some(mut story) = self.slots[slot as usize].take() else { return };
        if story.dormant {
            // Woken: back to full indexing (every feature is posted again below).
            for term in self.dormant_postings(&story.terms) {
                self.unpost(term, slot);
            }
        }
        let (mut merged, mut new_terms) = merge_terms(&self.vocab, &story.terms, terms);
        if story.dormant {
            new_terms = merged.iter().map(|&(t, _)| t).collect();
            story.dormant = false;
        }
        story.size += size;
        let old_last = story.last;
        story.first = min_time(story.first, first);
        story.last = match (story.last, last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let mut dropped = Vec::new();
        if merged.len() >= 2 * MAX_STORY_TERMS {
            dropped = trim_terms(&self.vocab, &mut merged);
        }
        story.terms = merged;
        if old_last != story.last {
            if let Some(old) = old_last {
                self.by_last.remove(&(old, story.id.clone()));
            }
            if let Some(new) = story.last {
                self.by_last.insert((new, story.id.clone()));
            }
        }
        let deadline = story.last.map(|last| last + self.idle_window(story.size));
        if deadline != story.deadline {
            if let Some(old) = story.deadline {
                self.by_deadline.remove(&(old, story.id.clone()));
            }
            if let Some(new) = deadline {
                self.by_deadline.insert((new, story.id.clone()));
            }
            story.deadline = deadline;
        }
        if !dropped.is_empty() {
            dropped.sort_unstable();
            new_terms.retain(|t| dropped.binary_search(t).is_err());
            for &term in &dropped {
                let list = &mut self.vocab.postings[term as usize];
                if let Some(i) = list.iter().position(|s| *s == slot) {
                    list.swap_remove(i);
                }
            }
        }
        for term in new_terms {
            if self.vocab.indexed(term) {
                self.vocab.postings[term as usize].push(slot);
            }
        }
        self.slots[slot as usize] = Some(story);
    }
}

/// Time from the story's span to the article (`None` inside the span, or when either is undated).
fn gap(story: &Story, time: Option<DateTime<Utc>>) -> Option<chrono::Duration> {
    let (Some(time), Some(first), Some(last)) = (time, story.first, story.last) else { return None };
    if time > last {
        Some(time - last)
    } else if time < first {
        Some(first - time)
    } else {
        None
    }
}

/// The vector scaled to length 1 (`None` for an empty or all-zero vector).
fn unit_vector(v: &[f32]) -> Option<Vec<f32>> {
    let norm = v.iter().map(|x| f64::from(*x) * f64::from(*x)).sum::<f64>().sqrt();
    (norm > 0.0 && norm.is_finite()).then(|| v.iter().map(|x| (f64::from(*x) / norm) as f32).collect())
}

fn min_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Sum two feature lists in string order; also returns the features `add` brought that `base` lacked.
fn merge_terms(vocab: &Vocabulary, base: &[(u32, u32)], add: &[(u32, u32)]) -> (Vec<(u32, u32)>, Vec<u32>) {
    let mut merged = Vec::with_capacity(base.len() + add.len());
    let mut new_terms = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < base.len() && j < add.len() {
        let ((a, ca), (b, cb)) = (base[i], add[j]);
        let order = if a == b { std::cmp::Ordering::Equal } else { vocab.text(a).cmp(vocab.text(b)) };
        match order {
            std::cmp::Ordering::Less => {
                merged.push((a, ca));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                merged.push((b, cb));
                new_terms.push(b);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                merged.push((a, ca + cb));
                i += 1;
                j += 1;
            }
        }
    }
    merged.extend_from_slice(&base[i..]);
    for &(b, cb) in &add[j..] {
        merged.push((b, cb));
        new_terms.push(b);
    }
    (merged, new_terms)
}

/// Keep the `MAX_STORY_TERMS` highest counts (ties by feature text), in string order; returns the dropped.
fn trim_terms(vocab: &Vocabulary, terms: &mut Vec<(u32, u32)>) -> Vec<u32> {
    let mut entries = std::mem::take(terms);
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| vocab.text(a.0).cmp(vocab.text(b.0))));
    let dropped = entries.split_off(MAX_STORY_TERMS).into_iter().map(|(t, _)| t).collect();
    entries.sort_by(|a, b| vocab.text(a.0).cmp(vocab.text(b.0)));
    *terms = entries;
    dropped
}

fn family_norms(weights: impl Iterator<Item = (Family, f64)>) -> [f64; 3] {
    let mut sums = [0.0; 3];
    for (f, w) in weights {
        sums[f as usize] += w * w;
    }
    sums.map(f64::sqrt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile_text;
    use newsdesk_model::ArticleId;
    use newsdesk_text::Analyzer;

    fn doc(id: &str, date: &str, title: &str, text: &str) -> DocProfile {
        let a = Analyzer::english();
        let time = format!("{date}T10:00:00Z").parse().ok();
        DocProfile { id: ArticleId(id.into()), time, terms: profile_text(&a, title, text) }
    }

    impl OnlineClusterer {
        /// The story ids found in any posting list.
        fn posted_ids(&self) -> Vec<StoryId> {
            let slots = self.vocab.postings.iter().flatten();
            slots
                .map(|s| {
                    self.slots[*s as usize].as_ref().map_or(StoryId("closed".into()), |st| st.id.clone())
                })
                .collect()
        }
    }

    fn run(config: ClusterConfig, docs: &[DocProfile]) -> Vec<StoryId> {
        let mut c = OnlineClusterer::new(config);
        docs.iter().map(|d| c.assign(d, StoryId::opened_by(&d.id)).story).collect()
    }

    fn quake_and_rates() -> Vec<DocProfile> {
        vec![
            doc(
                "a",
                "2026-03-03",
                "Earthquake strikes Port Arlen",
                "A magnitude 6.1 earthquake struck Port Arlen on Monday, collapsing buildings.",
            ),
            doc(
                "b",
                "2026-03-03",
                "Strong quake hits Port Arlen",
                "Rescuers searched collapsed buildings in Port Arlen after the earthquake.",
            ),
            doc(
                "c",
                "2026-03-03",
                "Central bank raises rates",
                "The central bank raised its key interest rate by half a point to fight inflation.",
            ),
            doc(
                "d",
                "2026-03-04",
                "Port Arlen quake death toll rises",
                "The earthquake death toll in Port Arlen rose as rescuers searched buildings.",
            ),
        ]
    }

    #[test]
    fn groups_same_event_and_separates_others() {
        let stories = run(ClusterConfig::default(), &quake_and_rates());
        assert_eq!(stories[0], stories[1]);
        assert_eq!(stories[0], stories[3]);
        assert_ne!(stories[0], stories[2]);
    }

    #[test]
    fn time_penalty_separates_a_partial_repeat_a_year_later_but_not_days_later() {
        let first = doc(
            "a",
            "2026-01-01",
            "Central bank raises interest rates",
            "The central bank raised its key interest rate to fight inflation, the governor said.",
        );
        let other = doc("x", "2026-01-01", "Floods in Lowmark", "Rivers burst their banks in Lowmark.");
        let repeat = |date: &str| {
            doc(
                "c",
                date,
                "Central bank holds steady",
                "The central bank kept its key rate unchanged on Thursday.",
            )
        };
        let soon = run(ClusterConfig::default(), &[first.clone(), other.clone(), repeat("2026-01-02")]);
        assert_eq!(soon[0], soon[2]);
        let late = run(ClusterConfig::default(), &[first, other, repeat("2027-01-05")]);
        assert_ne!(late[0], late[2]);
    }

    #[test]
    fn stories_past_the_cap_are_closed() {
        let config = ClusterConfig { window: Duration::days(10), ..ClusterConfig::default() };
        let mut c = OnlineClusterer::new(config);
        let docs = quake_and_rates();
        for d in &docs {
            c.assign(d, StoryId::opened_by(&d.id));
        }
        assert_eq!(c.open_stories().len(), 2);
        let late = doc("z", "2026-04-01", "Port Arlen quake", "The Port Arlen earthquake rebuilding began.");
        let a = c.assign(&late, StoryId::opened_by(&late.id));
        assert!(a.is_new_story, "the quake story closed 10 days after its last article");
        assert_eq!(c.open_stories().len(), 1);
        assert!(c.posted_ids().iter().all(|id| *id == a.story));
    }

    #[test]
    fn open_stories_are_capped_oldest_first() {
        let config = ClusterConfig { max_open_stories: 1, ..ClusterConfig::default() };
        let mut c = OnlineClusterer::new(config);
        let docs = quake_and_rates();
        let ids: Vec<StoryId> = docs.iter().map(|d| c.assign(d, StoryId::opened_by(&d.id)).story).collect();
        let open: Vec<StoryId> = c.open_stories().into_iter().map(|s| s.id).collect();
        assert_eq!(open, [ids[3].clone()], "only the story with the latest article stays open");
        assert!(c.posted_ids().iter().all(|id| *id == ids[3]));
    }

    #[test]
    fn restored_state_makes_the_same_decisions() {
        // Also with stories going dormant between articles (idle windows of hours).
        let dormant = ClusterConfig { idle_per_article: Duration::hours(6), ..ClusterConfig::default() };
        for config in [ClusterConfig::default(), dormant] {
            restores_identically(config);
        }
    }

    fn restores_identically(config: ClusterConfig) {
        let mut docs = quake_and_rates();
        docs.push(doc(
            "e",
            "2026-03-09",
            "Port Arlen earthquake: rebuilding begins",
            "Rebuilding began in Port Arlen after the earthquake collapsed buildings.",
        ));
        // Without sentence vectors, and with (uneven ones, so the f32 sums carry rounding).
        let vectors: Vec<Vec<f32>> = (0..docs.len())
            .map(|i| (0..8).map(|j| ((i * 7 + j * 3) % 5) as f32 / 3.0 + 0.1).collect())
            .collect();
        for with_vectors in [false, true] {
            let vector = |i: usize| with_vectors.then(|| vectors[i].as_slice());
            let mut whole = OnlineClusterer::new(config);
            let expected: Vec<_> = docs
                .iter()
                .enumerate()
                .map(|(i, d)| whole.assign_with_vector(d, vector(i), StoryId::opened_by(&d.id)))
                .collect();
            for split in 1..docs.len() {
                let mut first = OnlineClusterer::new(config);
                let mut got: Vec<_> = docs[..split]
                    .iter()
                    .enumerate()
                    .map(|(i, d)| first.assign_with_vector(d, vector(i), StoryId::opened_by(&d.id)))
                    .collect();
                let stories: Vec<StoryProfile> = first.open_stories();
                let saved: Vec<(StoryId, Option<Vec<f32>>)> = stories
                    .iter()
                    .map(|s| (s.id.clone(), first.story_vector(&s.id).map(<[f32]>::to_vec)))
                    .collect();
                let mut resumed =
                    OnlineClusterer::restore(config, first.doc_freq(), first.doc_count(), stories);
                for (id, sum) in saved {
                    if let Some(sum) = sum {
                        resumed.restore_story_vector(&id, sum);
                    }
                }
                got.extend(
                    docs.iter()
                        .enumerate()
                        .skip(split)
                        .map(|(i, d)| resumed.assign_with_vector(d, vector(i), StoryId::opened_by(&d.id))),
                );
                assert_eq!(got, expected, "split after {split}, vectors: {with_vectors}");
                assert_eq!(resumed.doc_freq(), whole.doc_freq());
                for s in whole.open_stories() {
                    assert_eq!(resumed.story_vector(&s.id), whole.story_vector(&s.id));
                }
            }
        }
    }

    #[test]
    fn sentence_vectors_keep_apart_a_weak_term_match_between_two_events() {
        // Two central-bank stories a day apart share their words; the terms alone join them.
        let first = doc(
            "a",
            "2026-01-01",
            "Central bank raises interest rates",
            "The central bank raised its key interest rate by half a point to fight inflation, the governor \
             said, and markets expect borrowing costs to climb again in the spring as prices keep rising.",
        );
        let other = doc("x", "2026-01-01", "Floods in Lowmark", "Rivers burst their banks in Lowmark.");
        let second = doc(
            "c",
            "2026-01-02",
            "Bank governor resigns",
            "The governor resigned on Thursday after a dispute with the finance ministry over the central bank.",
        );
        let docs = [first, other, second];
        let assign_all = |vectors: &[[f32; 3]; 3]| {
            let mut c = OnlineClusterer::new(ClusterConfig::default());
            docs.iter()
                .zip(vectors)
                .map(|(d, v)| c.assign_with_vector(d, Some(v), StoryId::opened_by(&d.id)))
                .collect::<Vec<_>>()
        };
        let terms_only = run(ClusterConfig::default(), &docs);
        assert_eq!(terms_only[0], terms_only[2], "the terms alone join them");
        // The model places the resignation far from the rate decision: the join is vetoed.
        let apart = assign_all(&[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.2, 1.0, 0.0]]);
        assert!(apart[2].is_new_story, "{apart:?}");
        // The model agrees with the terms: the join stands, and scores higher than the terms alone.
        let together = assign_all(&[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.1, 0.0]]);
        assert_eq!(together[2].story, together[0].story);
        let mut plain = OnlineClusterer::new(ClusterConfig::default());
        let plain: Vec<Assignment> =
            docs.iter().map(|d| plain.assign(d, StoryId::opened_by(&d.id))).collect();
        assert!(together[2].similarity > plain[2].similarity, "{together:?} {plain:?}");
        // Without vectors on either side the score is exactly the terms' score.
        let mut none = OnlineClusterer::new(ClusterConfig::default());
        let none: Vec<Assignment> =
            docs.iter().map(|d| none.assign_with_vector(d, None, StoryId::opened_by(&d.id))).collect();
        assert_eq!(none, plain);
    }

    #[test]
    fn idle_stories_go_dormant_and_a_strong_follow_up_wakes_them() {
        let config = ClusterConfig { idle_per_article: Duration::days(1), ..ClusterConfig::default() };
        let mut c = OnlineClusterer::new(config);
        let ids: Vec<StoryId> =
            quake_and_rates().iter().map(|d| c.assign(d, StoryId::opened_by(&d.id)).story).collect();
        let (quake, rates) = (&ids[0], &ids[2]);
        let posted = |c: &OnlineClusterer, id: &StoryId| c.posted_ids().iter().filter(|s| *s == id).count();
        let full = posted(&c, quake);
        assert!(full > 2 * DORMANT_FEATURES, "{full}");
        // Five days later: the rates story (1 article, idle 1 day) and the quake story (3, idle 3 days)
        // are dormant and keep only their strongest features in the index.
        let other = doc("x", "2026-03-09", "Floods in Lowmark", "Rivers burst their banks in Lowmark.");
        c.assign(&other, StoryId::opened_by(&other.id));
        assert_eq!(c.dormant_story_count(), 2);
        assert_eq!(c.open_story_count(), 3, "dormant stories stay open");
        assert_eq!(posted(&c, quake), DORMANT_FEATURES);
        assert!(posted(&c, rates) <= DORMANT_FEATURES);
        let follow_up = doc(
            "e",
            "2026-03-10",
            "Port Arlen earthquake death toll rises",
            "The earthquake death toll in Port Arlen rose as rescuers searched collapsed buildings.",
        );
        let a = c.assign(&follow_up, StoryId::opened_by(&follow_up.id));
        assert_eq!(&a.story, quake, "found through its dormant features");
        assert_eq!(c.dormant_story_count(), 1, "woken");
        assert!(posted(&c, quake) >= full, "fully indexed again");
    }

    #[test]
    fn a_bridging_article_merges_two_stories() {
        let docs = [
            doc(
                "a",
                "2026-03-03",
                "Explosion at Harlow chemical plant",
                "An explosion tore through the Harlow chemical plant on Monday, sending smoke over the town.",
            ),
            doc(
                "b",
                "2026-03-03",
                "Workers missing after factory blast",
                "Six workers are missing after a blast at a solvent factory, the fire service said.",
            ),
            doc(
                "c",
                "2026-03-04",
                "Harlow chemical plant blast: six workers missing",
                "Six workers are missing after the explosion at the Harlow chemical plant, a solvent factory, \
                 the fire service said.",
            ),
        ];
        let config = ClusterConfig { merge_threshold: 0.2, ..ClusterConfig::default() };
        let mut c = OnlineClusterer::new(config);
        let got: Vec<Assignment> = docs.iter().map(|d| c.assign(d, StoryId::opened_by(&d.id))).collect();
        assert!(got[1].is_new_story, "the two first reports do not look alike");
        assert_eq!(got[2].merged.len(), 1, "the third article bridges them");
        let (kept, gone) = (&got[2].story, &got[2].merged[0]);
        assert_eq!([kept, gone].map(|s| [&got[0].story, &got[1].story].contains(&s)), [true, true]);
        assert_eq!(c.open_story_count(), 1);
        assert_eq!(c.story(kept).map(|s| s.size), Some(3));
        assert!(c.posted_ids().iter().all(|id| id == kept));
        let apart = ClusterConfig { merge_threshold: 0.9, ..ClusterConfig::default() };
        let kept_apart = run(apart, &docs);
        assert_ne!(kept_apart[0], kept_apart[1], "without the merge the first two stay apart");
    }

    #[test]
    fn story_profiles_stay_bounded() {
        let mut c = OnlineClusterer::new(ClusterConfig::default());
        for i in 0..40 {
            let body: String = (0..150).map(|j| format!("w{}x{} ", i, j)).collect();
            let d = doc(
                &format!("a{i}"),
                "2026-03-03",
                "Port Arlen earthquake",
                &format!("Port Arlen earthquake {body}"),
            );
            c.assign(&d, StoryId("s".into()));
        }
        let story = c.story(&StoryId("s".into())).map_or(0, |s| s.terms.len());
        assert!((MAX_STORY_TERMS..2 * MAX_STORY_TERMS).contains(&story), "{story}");
    }
}
