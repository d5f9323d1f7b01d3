//! Storylines: stories linked into long-running threads (weeks to years) by the names and terms they share,
//! named after their most characteristic names. A pure function over story profiles: the caller passes the
//! stories it wants threaded (e.g. all stories of the last two years) and stores the result.

use crate::StoryProfile;
use crate::profile::{Family, NAME_PREFIX};
use chrono::{DateTime, Utc};
use newsdesk_model::StoryId;
use std::collections::{BTreeMap, BTreeSet};

/// Minimum cosine between two stories' name-and-term vectors (weighted by how rare each feature is among
/// the stories) for them to belong to one thread. Stories of one dispute share its countries, places and
/// people; a story that merely mentions one of those names (a rescue team from one country at an
/// earthquake abroad) stays out.
const LINK_THRESHOLD: f64 = 0.25;
/// Names count this many times more than plain terms: threads are defined by who and where.
const NAME_BOOST: f64 = 3.0;
/// Rarity is measured as if this many more stories, carrying none of the features, were being threaded: a
/// background. Without it a small set (a new install, the five seed articles as four stories) weighs the
/// very names its stories share (Japan, Russia, present in all of them) near zero and threads nothing;
/// with thousands of stories the background no longer matters.
const BACKGROUND_STORIES: f64 = 20.0;
/// Parts of a storyline's name.
const NAME_PARTS: usize = 3;

/// A thread of stories.
#[derive(Debug, Clone, PartialEq)]
pub struct Storyline {
    /// The id of its earliest story, so it stays stable while later stories join.
    pub id: StoryId,
    /// Readable name from its most characteristic names, e.g. "Valdoria · Kestrania · Northern Isles".
    pub name: String,
    /// Its stories, oldest first.
    pub stories: Vec<StoryId>,
}

/// Link `stories` into storylines (every story in exactly one; threads of one story included), longest
/// first, then by id.
pub fn link_storylines(stories: &[StoryProfile]) -> Vec<Storyline> {
    let vectors = weighted_vectors(stories);
    let mut parent: Vec<usize> = (0..stories.len()).collect();
    for i in 0..stories.len() {
        for j in i + 1..stories.len() {
            if cosine(&vectors[i], &vectors[j]) >= LINK_THRESHOLD {
                union(&mut parent, i, j);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..stories.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut lines: Vec<Storyline> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by_key(|&i| {
                (stories[i].first.unwrap_or(DateTime::<Utc>::MAX_UTC), stories[i].id.clone())
            });
            Storyline {
                id: stories[members[0]].id.clone(),
                name: storyline_name(members.iter().map(|&i| &vectors[i])),
                stories: members.iter().map(|&i| stories[i].id.clone()).collect(),
            }
        })
        .collect();
    lines.sort_by(|a, b| b.stories.len().cmp(&a.stories.len()).then_with(|| a.id.cmp(&b.id)));
    lines
}

type Vector = BTreeMap<String, f64>;

/// Per story: names and plain terms, each weighted by log count × how rare it is among the stories.
fn weighted_vectors(stories: &[StoryProfile]) -> Vec<Vector> {
    let mut df: BTreeMap<&str, u32> = BTreeMap::new();
    for s in stories {
        for key in s.terms.keys().filter(|k| Family::of(k) != Family::Title) {
            *df.entry(key.as_str()).or_default() += 1;
        }
    }
    let n = stories.len() as f64 + BACKGROUND_STORIES;
    stories
        .iter()
        .map(|s| {
            s.terms
                .iter()
                .filter_map(|(key, &count)| {
                    let family = Family::of(key);
                    if family == Family::Title {
                        return None;
                    }
                    let idf = ((n + 1.0) / (f64::from(df[key.as_str()]) + 0.5)).ln();
                    let boost = if family == Family::Name { NAME_BOOST } else { 1.0 };
                    Some((key.clone(), boost * (1.0 + f64::from(count).ln()) * idf.max(0.0)))
                })
                .collect()
        })
        .collect()
}

/// The names carried by most of the storyline's stories, strongest first ("Valdoria · Kestrania · ...").
/// Falls back to plain terms when the stories carry no shared names.
fn storyline_name<'a>(vectors: impl Iterator<Item = &'a Vector>) -> String {
    let vectors: Vec<&Vector> = vectors.collect();
    let mut score: BTreeMap<&str, (u32, f64)> = BTreeMap::new();
    for v in &vectors {
        for (k, w) in v.iter() {
            let e = score.entry(k.as_str()).or_default();
            e.0 += 1;
            e.1 += w;
        }
    }
    let mut ranked: Vec<(&str, u32, f64)> = score.into_iter().map(|(k, (n, w))| (k, n, w)).collect();
    // Prefer names, then features present in more of the stories, then weight.
    ranked.sort_by(|a, b| {
        let name = |k: &str| Family::of(k) == Family::Name;
        name(b.0)
            .cmp(&name(a.0))
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| b.2.total_cmp(&a.2))
            .then_with(|| a.0.cmp(b.0))
    });
    let mut parts: Vec<String> = Vec::new();
    let mut used_words: BTreeSet<String> = BTreeSet::new();
    for (key, _, _) in ranked {
        let label = display(key);
        // Skip a name already covered ("valdoria" after "bank of valdoria" and vice versa).
        let words: Vec<String> = label.to_lowercase().split(' ').map(str::to_string).collect();
        if words.iter().all(|w| used_words.contains(w)) {
            continue;
        }
        used_words.extend(words);
        parts.push(label);
        if parts.len() == NAME_PARTS {
            break;
        }
    }
    parts.join(" · ")
}

fn display(key: &str) -> String {
    let bare = key.trim_start_matches(NAME_PREFIX);
    bare.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, w)| b.get(k).map(|x| w * x)).sum();
    let na = a.values().map(|w| w * w).sum::<f64>().sqrt();
    let nb = b.values().map(|w| w * w).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) }
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while parent[root] != root {
        root = parent[root];
    }
    let mut j = i;
    while parent[j] != root {
        let next = parent[j];
        parent[j] = root;
        j = next;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}
