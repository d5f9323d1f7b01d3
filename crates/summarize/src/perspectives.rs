//! How each outlet and outlet group told one story: coverage (by outlet, country, ownership and group labels;
//! who reported first; articles over time), what each outlet adds (its sentences no other outlet carries),
//! quotes with the outlets that carried them, terms characteristic of one group against the rest (weighted
//! log-odds with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008), and a blindspot flag when the
//! coverage comes mostly from one group. Pure and ordered: the same story gives the same result everywhere.

use crate::quotes::{QuoteKind, extract_quotes};
use chrono::{DateTime, Duration, Utc};
use newsdesk_model::{ArticleId, Source, Span};
use newsdesk_text::{Analyzer, sentences};
use std::collections::{BTreeMap, BTreeSet};

/// One article of the story with its outlet's metadata (None when the outlet is unknown).
#[derive(Debug, Clone, Copy)]
pub struct PerspectiveInput<'a> {
    pub id: &'a ArticleId,
    pub title: &'a str,
    pub text: &'a str,
    pub time: DateTime<Utc>,
    pub outlet: &'a str,
    pub source: Option<&'a Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Perspectives {
    /// Outlets, earliest first.
    pub outlets: Vec<OutletCoverage>,
    /// Facet values ("country", "VL"), ("ownership", "state"), ("group", "wire"), most outlets first.
    pub groups: Vec<GroupCoverage>,
    /// The earliest article.
    pub first: Option<(String, ArticleId, DateTime<Utc>)>,
    /// Articles per time bucket, from the first article on.
    pub timeline: Vec<TimeBucket>,
    pub unique: Vec<UniqueSentence>,
    pub quotes: Vec<StoryQuote>,
    pub terms: Vec<GroupTerms>,
    pub blindspot: Option<Blindspot>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutletCoverage {
    pub outlet: String,
    pub articles: usize,
    pub first_published: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCoverage {
    pub facet: &'static str,
    pub value: String,
    pub outlets: Vec<String>,
    pub articles: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBucket {
    pub start: DateTime<Utc>,
    pub hours: i64,
    pub articles: usize,
}

/// A sentence of one outlet that no other outlet in the story carries.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueSentence {
    pub outlet: String,
    pub article: ArticleId,
    pub span: Span,
    pub text: String,
    /// Weight of the sentence's terms that no other outlet used.
    pub score: f64,
}

/// A quote and every outlet that carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryQuote {
    pub speaker: String,
    pub text: String,
    pub kind: QuoteKind,
    /// Where it was first found.
    pub article: ArticleId,
    pub span: Span,
    pub outlets: Vec<String>,
}

/// Words one group uses much more than the rest of the story's outlets.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTerms {
    pub facet: &'static str,
    pub value: String,
    /// (word, z-score), highest first.
    pub terms: Vec<(String, f64)>,
}

/// Coverage mostly from one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Blindspot {
    pub facet: &'static str,
    pub value: String,
    /// Share of the story's outlets in that group.
    pub share: f64,
}

/// A story needs at least this many outlets before a skew in who covers it means anything.
const BLINDSPOT_MIN_OUTLETS: usize = 3;
/// Share of outlets from one group at which a story is flagged as a blindspot of the others.
const BLINDSPOT_SHARE: f64 = 0.8;
/// A sentence this similar (Jaccard over terms) to a sentence of another outlet is carried by that outlet too.
const CARRIED_OVERLAP: f64 = 0.35;
/// Sentences shorter than this carry no claim.
const UNIQUE_MIN_WORDS: usize = 8;
/// Unique sentences shown per outlet.
const UNIQUE_PER_OUTLET: usize = 2;
/// Characteristic terms shown per group; a term needs at least this z-score (about 95% one-sided).
const TERMS_PER_GROUP: usize = 8;
const TERMS_MIN_Z: f64 = 1.96;
/// Strength of the informative prior as a share of the story's word count (the prior is the story's own pooled
/// word frequencies, Monroe et al. §3.5): enough that a word said once by one group does not rank, small enough
/// that a word one side repeats and the other never uses does.
const PRIOR_SHARE: f64 = 0.1;
/// Timeline buckets: the narrowest width (hours) that keeps the story within this many buckets.
const TIMELINE_MAX_BUCKETS: i64 = 24;
const BUCKET_HOURS: &[i64] = &[1, 3, 6, 12, 24, 72, 168];

/// The report certainly published first. An article dated only by day (stored at 00:00 UTC) may have appeared
/// any time that day, so it counts as the end of its day: a report timed 07:30 on the same day beats it.
/// (A report really published at midnight is rare, and then loses only to same-day timed reports.)
fn first_report(articles: &[&PerspectiveInput<'_>]) -> Option<(String, ArticleId, DateTime<Utc>)> {
    let latest_possible = |a: &&PerspectiveInput<'_>| {
        if a.time.time() == chrono::NaiveTime::MIN {
            a.time + Duration::days(1) - Duration::seconds(1)
        } else {
            a.time
        }
    };
    articles
        .iter()
        .min_by(|a, b| latest_possible(a).cmp(&latest_possible(b)).then(a.id.0.cmp(&b.id.0)))
        .map(|a| (a.outlet.to_string(), a.id.clone(), a.time))
}

/// Everything the story page shows about how outlets covered the story.
pub fn perspectives(inputs: &[PerspectiveInput<'_>]) -> Perspectives {
    let mut articles: Vec<&PerspectiveInput<'_>> = inputs.iter().collect();
    articles.sort_by(|a, b| a.time.cmp(&b.time).then(a.id.0.cmp(&b.id.0)));
    let analyzer = Analyzer::english();
    Perspectives {
        outlets: outlet_coverage(&articles),
        groups: group_coverage(&articles),
        first: first_report(&articles),
        timeline: timeline(&articles),
        unique: unique_sentences(&analyzer, &articles),
        quotes: story_quotes(&articles),
        terms: group_terms(&analyzer, &articles),
        blindspot: blindspot(&articles),
    }
}

fn outlet_coverage(articles: &[&PerspectiveInput<'_>]) -> Vec<OutletCoverage> {
    let mut out: Vec<OutletCoverage> = Vec::new();
    for a in articles {
        match out.iter_mut().find(|o| o.outlet == a.outlet) {
            Some(o) => o.articles += 1,
            None => out.push(OutletCoverage {
                outlet: a.outlet.to_string(),
                articles: 1,
                first_published: a.time,
            }),
        }
    }
    out
}

/// The facet values of an outlet: its country, ownership and group labels.
fn facets(source: Option<&Source>) -> Vec<(&'static str, String)> {
    let Some(s) = source else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(c) = &s.country {
        out.push(("country", c.clone()));
    }
    if s.ownership != newsdesk_model::Ownership::Unknown {
        out.push(("ownership", s.ownership.as_str().to_string()));
    }
    out.extend(s.groups.iter().map(|g| ("group", g.clone())));
    out
}

fn group_coverage(articles: &[&PerspectiveInput<'_>]) -> Vec<GroupCoverage> {
    let mut map: BTreeMap<(&'static str, String), (BTreeSet<String>, usize)> = BTreeMap::new();
    for a in articles {
        for key in facets(a.source) {
            let entry = map.entry(key).or_default();
            entry.0.insert(a.outlet.to_string());
            entry.1 += 1;
        }
    }
    let mut out: Vec<GroupCoverage> = map
        .into_iter()
        .map(|((facet, value), (outlets, articles))| GroupCoverage {
            facet,
            value,
            outlets: outlets.into_iter().collect(),
            articles,
        })
        .collect();
    out.sort_by(|a, b| b.outlets.len().cmp(&a.outlets.len()).then(b.articles.cmp(&a.articles)));
    out
}

fn timeline(articles: &[&PerspectiveInput<'_>]) -> Vec<TimeBucket> {
    let (Some(first), Some(last)) = (articles.first(), articles.last()) else { return Vec::new() };
    let span_hours = (last.time - first.time).num_hours() + 1;
    let hours = BUCKET_HOURS
        .iter()
        .copied()
        .find(|h| span_hours / h < TIMELINE_MAX_BUCKETS)
        .unwrap_or(((span_hours / TIMELINE_MAX_BUCKETS) + 1).max(1));
    let mut buckets: Vec<TimeBucket> = Vec::new();
    for a in articles {
        let index = (a.time - first.time).num_hours() / hours;
        let start = first.time + Duration::hours(index * hours);
        match buckets.last_mut() {
            Some(b) if b.start == start => b.articles += 1,
            _ => buckets.push(TimeBucket { start, hours, articles: 1 }),
        }
    }
    buckets
}

struct Sentence<'a> {
    outlet: &'a str,
    article: &'a ArticleId,
    span: Span,
    text: &'a str,
    index: usize,
    /// Interned term ids, sorted and distinct.
    terms: Vec<u32>,
}

/// Sentences of one outlet that no other outlet carries (no similar sentence, by term overlap), ranked by the
/// weight of the terms only that outlet used, with a lead bonus: the new facts an outlet brings.
fn unique_sentences(analyzer: &Analyzer, articles: &[&PerspectiveInput<'_>]) -> Vec<UniqueSentence> {
    let outlet_count = articles.iter().map(|a| a.outlet).collect::<BTreeSet<_>>().len();
    if outlet_count < 2 {
        return Vec::new();
    }
    let mut vocabulary: BTreeMap<String, u32> = BTreeMap::new();
    let mut all: Vec<Sentence<'_>> = Vec::new();
    for a in articles {
        for (index, s) in sentences(a.text).iter().enumerate() {
            let text = s.text(a.text);
            if newsdesk_text::word_count(text) < UNIQUE_MIN_WORDS {
                continue;
            }
            let mut terms: Vec<u32> = analyzer
                .terms(text)
                .map(|t| {
                    let next = vocabulary.len() as u32;
                    *vocabulary.entry(t).or_insert(next)
                })
                .collect();
            terms.sort_unstable();
            terms.dedup();
            all.push(Sentence {
                outlet: a.outlet,
                article: a.id,
                span: Span { start: s.start, end: s.end },
                text,
                index,
                terms,
            });
        }
    }
    // Which sentences hold each term, and which outlets used it.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.len()];
    let mut outlets_of_term: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); vocabulary.len()];
    for (i, s) in all.iter().enumerate() {
        for &t in &s.terms {
            postings[t as usize].push(i as u32);
            outlets_of_term[t as usize].insert(s.outlet);
        }
    }
    let mut by_outlet: BTreeMap<&str, Vec<UniqueSentence>> = BTreeMap::new();
    let mut shared: BTreeMap<u32, usize> = BTreeMap::new();
    for s in &all {
        shared.clear();
        for &t in &s.terms {
            for &o in &postings[t as usize] {
                if all[o as usize].outlet != s.outlet {
                    *shared.entry(o).or_default() += 1;
                }
            }
        }
        let carried = shared.iter().any(|(&o, &inter)| {
            let union = s.terms.len() + all[o as usize].terms.len() - inter;
            inter as f64 / union as f64 >= CARRIED_OVERLAP
        });
        if carried {
            continue;
        }
        let own = s.terms.iter().filter(|&&t| outlets_of_term[t as usize].len() == 1).count();
        if own == 0 {
            continue;
        }
        let score = own as f64 / (1.0 + 0.1 * s.index as f64);
        by_outlet.entry(s.outlet).or_default().push(UniqueSentence {
            outlet: s.outlet.to_string(),
            article: s.article.clone(),
            span: s.span,
            text: s.text.to_string(),
            score,
        });
    }
    let mut out = Vec::new();
    for (_, mut list) in by_outlet {
        list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.span.start.cmp(&b.span.start)));
        out.extend(list.into_iter().take(UNIQUE_PER_OUTLET));
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.outlet.cmp(&b.outlet)));
    out
}

/// Quotes of every article, merged across outlets by speaker and opening words.
fn story_quotes(articles: &[&PerspectiveInput<'_>]) -> Vec<StoryQuote> {
    let mut out: Vec<StoryQuote> = Vec::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for a in articles {
        for q in extract_quotes(a.text) {
            let key = (q.speaker.clone(), opening(&q.text));
            match index.get(&key) {
                Some(&i) => {
                    if !out[i].outlets.iter().any(|o| o == a.outlet) {
                        out[i].outlets.push(a.outlet.to_string());
                    }
                }
                None => {
                    index.insert(key, out.len());
                    out.push(StoryQuote {
                        speaker: q.speaker,
                        text: q.text,
                        kind: q.kind,
                        article: a.id.clone(),
                        span: q.spans.first().copied().unwrap_or(Span { start: 0, end: 0 }),
                        outlets: vec![a.outlet.to_string()],
                    });
                }
            }
        }
    }
    // Direct quotes first, then the most widely carried.
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.outlets.len().cmp(&a.outlets.len())));
    out
}

/// The first six words, lowercased, letters and digits only: the same quote in two outlets.
fn opening(text: &str) -> String {
    text.split_whitespace()
        .take(6)
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008, eq. 22): for each group with at
/// least one outlet inside and one outside, the words it uses more than the rest of the story, as z-scores.
fn group_terms(analyzer: &Analyzer, articles: &[&PerspectiveInput<'_>]) -> Vec<GroupTerms> {
    let words: Vec<BTreeMap<String, f64>> = articles.iter().map(|a| word_counts(analyzer, a)).collect();
    let article_facets: Vec<Vec<(&'static str, String)>> =
        articles.iter().map(|a| facets(a.source)).collect();
    let mut prior: BTreeMap<&str, f64> = BTreeMap::new();
    for counts in &words {
        for (w, c) in counts {
            *prior.entry(w.as_str()).or_default() += c;
        }
    }
    let total: f64 = prior.values().sum();
    if total == 0.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for group in group_coverage(articles) {
        let key = (group.facet, group.value.clone());
        let inside: Vec<bool> = article_facets.iter().map(|f| f.contains(&key)).collect();
        let outside_outlets: BTreeSet<&str> =
            articles.iter().zip(&inside).filter(|(_, i)| !**i).map(|(a, _)| a.outlet).collect();
        if outside_outlets.is_empty() {
            continue;
        }
        let (mut yi, mut yj) = (BTreeMap::<&str, f64>::new(), BTreeMap::<&str, f64>::new());
        for (counts, &is_in) in words.iter().zip(&inside) {
            let side = if is_in { &mut yi } else { &mut yj };
            for (w, c) in counts {
                *side.entry(w.as_str()).or_default() += c;
            }
        }
        let (ni, nj): (f64, f64) = (yi.values().sum(), yj.values().sum());
        let mut scored: Vec<(String, f64)> = yi
            .iter()
            .map(|(w, &y_i)| {
                let a_0 = PRIOR_SHARE * total;
                let a_w = a_0 * prior[w] / total;
                let y_j = yj.get(w).copied().unwrap_or(0.0);
                let delta =
                    ((y_i + a_w) / (ni + a_0 - y_i - a_w)).ln() - ((y_j + a_w) / (nj + a_0 - y_j - a_w)).ln();
                let variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w);
                (w.to_string(), delta / variance.sqrt())
            })
            .filter(|(_, z)| *z >= TERMS_MIN_Z)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(TERMS_PER_GROUP);
        if !scored.is_empty() {
            out.push(GroupTerms { facet: group.facet, value: group.value, terms: scored });
        }
    }
    out
}

/// Lowercased words of an article's title and text, stop words and numbers left out: terms as readers see them.
fn word_counts(analyzer: &Analyzer, a: &PerspectiveInput<'_>) -> BTreeMap<String, f64> {
    let mut counts = BTreeMap::new();
    for text in [a.title, a.text] {
        for token in newsdesk_text::tokens(text) {
            let lower = token.text.to_lowercase();
            if lower.chars().count() < 3
                || !lower.chars().all(char::is_alphabetic)
                || analyzer.is_stop_word(&lower)
            {
                continue;
            }
            *counts.entry(lower).or_insert(0.0) += 1.0;
        }
    }
    counts
}

/// The group holding the largest share of the story's outlets, when that share is overwhelming. Ownership
/// "private" is left out: most outlets are privately owned, which says nothing about whose view is missing.
fn blindspot(articles: &[&PerspectiveInput<'_>]) -> Option<Blindspot> {
    let outlets: BTreeSet<&str> = articles.iter().map(|a| a.outlet).collect();
    if outlets.len() < BLINDSPOT_MIN_OUTLETS {
        return None;
    }
    group_coverage(articles)
        .into_iter()
        .filter(|g| !(g.facet == "ownership" && g.value == "private"))
        .map(|g| {
            let share = g.outlets.len() as f64 / outlets.len() as f64;
            Blindspot { facet: g.facet, value: g.value, share }
        })
        .filter(|b| b.share >= BLINDSPOT_SHARE)
        .max_by(|a, b| a.share.total_cmp(&b.share).then(b.value.cmp(&a.value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::Ownership;

    fn source(name: &str, country: &str, ownership: Ownership, groups: &[&str]) -> Source {
        Source {
            name: name.into(),
            country: Some(country.into()),
            ownership,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            ..Source::default()
        }
    }

    const NORTH_1: &str = "Northland condemned the naval provocation near the Tern Islands on Monday.\n\n\"This provocation will not be tolerated by our people,\" said Defence Minister Oskar Velt.\n\nThe provocation comes as Southland's fleet gathers off the coast.";
    const NORTH_2: &str = "The provocation by Southland's fleet near the Tern Islands drew a sharp protest from Northland.\n\n\"This provocation will not be tolerated by our people,\" said Defence Minister Oskar Velt.\n\nNorthland's coast guard doubled its patrols around the islands after the provocation.";
    const NORTH_3: &str = "Northland's government described Southland's naval provocation as reckless and dangerous.\n\nState television showed footage of the provocation filmed from a coast guard cutter near the islands.";
    const SOUTH: &str = "Southland's navy began a routine exercise near the Tern Islands on Monday.\n\nThe exercise was announced in March and follows international rules, the navy said in a statement.\n\nFishing boats from the port of Kell were told to avoid the exercise area until Friday evening.";

    #[test]
    fn a_day_only_date_is_not_first_over_a_timed_report_that_day() {
        let sources =
            [source("Day Only", "NL", Ownership::Private, &[]), source("Timed", "SL", Ownership::State, &[])];
        let ids: Vec<ArticleId> = (1..=2).map(|i| ArticleId(format!("a{i}"))).collect();
        let at = |t: &str| t.parse::<DateTime<Utc>>().expect("time");
        let run = |times: [DateTime<Utc>; 2]| {
            let inputs: Vec<PerspectiveInput<'_>> = (0..2)
                .map(|i| PerspectiveInput {
                    id: &ids[i],
                    title: "Tern Islands",
                    text: [NORTH_1, SOUTH][i],
                    time: times[i],
                    outlet: &sources[i].name,
                    source: Some(&sources[i]),
                })
                .collect();
            perspectives(&inputs).first.map(|f| f.0)
        };
        // Same day: the timed report is certainly earlier than "some time on 14 April".
        assert_eq!(run([at("2026-04-14T00:00:00Z"), at("2026-04-14T07:30:00Z")]).as_deref(), Some("Timed"));
        // The day before: the day-only report is certainly first.
        assert_eq!(
            run([at("2026-04-13T00:00:00Z"), at("2026-04-14T07:30:00Z")]).as_deref(),
            Some("Day Only")
        );
    }

    #[test]
    fn perspectives_of_a_story_told_by_two_sides() {
        let sources = [
            source("North One", "NL", Ownership::State, &["northland-state-media"]),
            source("North Two", "NL", Ownership::State, &["northland-state-media"]),
            source("North Three", "NL", Ownership::State, &["northland-state-media"]),
            source("South Daily", "SL", Ownership::Private, &["southland-press"]),
        ];
        let ids: Vec<ArticleId> = (1..=4).map(|i| ArticleId(format!("a{i}"))).collect();
        let texts = [NORTH_1, NORTH_2, NORTH_3, SOUTH];
        let base: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().expect("time");
        let inputs: Vec<PerspectiveInput<'_>> = (0..4)
            .map(|i| PerspectiveInput {
                id: &ids[i],
                title: "Tern Islands",
                text: texts[i],
                time: base + Duration::hours([3, 1, 30, 2][i]),
                outlet: &sources[i].name,
                source: Some(&sources[i]),
            })
            .collect();
        let p = perspectives(&inputs);

        assert_eq!(p.first.as_ref().map(|f| f.0.as_str()), Some("North Two"));
        assert_eq!(p.outlets.len(), 4);
        assert_eq!(p.timeline.iter().map(|b| b.articles).sum::<usize>(), 4);
        assert!(p.timeline.len() >= 2, "{:?}", p.timeline);

        let state =
            p.groups.iter().find(|g| g.facet == "ownership" && g.value == "state").expect("state group");
        assert_eq!(state.outlets.len(), 3);
        // Three of four outlets is a 75% share: below the blindspot threshold.
        assert_eq!(p.blindspot, None);

        let quote = p.quotes.iter().find(|q| q.speaker == "Oskar Velt").expect("quote");
        assert_eq!(quote.outlets, vec!["North Two".to_string(), "North One".to_string()]);

        // Only the southern outlet reports the fishing boats being kept away.
        assert!(
            p.unique.iter().any(|u| u.outlet == "South Daily" && u.text.contains("Fishing boats")),
            "{:#?}",
            p.unique
        );
        assert!(!p.unique.iter().any(|u| u.text.contains("will not be tolerated")));
    }

    #[test]
    fn each_side_has_its_own_words() {
        let north = source("North One", "NL", Ownership::State, &["northland-state-media"]);
        let south = source("South Daily", "SL", Ownership::Private, &["southland-press"]);
        let ids: Vec<ArticleId> = (0..4).map(|i| ArticleId(format!("c{i}"))).collect();
        let time: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().expect("time");
        // Full-length articles: each short fixture told three times over.
        let texts: Vec<String> =
            [NORTH_1, NORTH_2, NORTH_3, SOUTH].iter().map(|t| [*t; 3].join("\n\n")).collect();
        let inputs: Vec<PerspectiveInput<'_>> = (0..4)
            .map(|i| {
                let s = if i < 3 { &north } else { &south };
                let outlet = ["North One", "North Two", "North Three", "South Daily"][i];
                PerspectiveInput {
                    id: &ids[i],
                    title: "Tern Islands",
                    text: &texts[i],
                    time,
                    outlet,
                    source: Some(s),
                }
            })
            .collect();
        let p = perspectives(&inputs);
        let north = p.terms.iter().find(|t| t.value == "northland-state-media");
        let north = north.unwrap_or_else(|| panic!("{:#?}", p.terms));
        assert_eq!(north.terms[0].0, "provocation", "{north:?}");
        let south = p.terms.iter().find(|t| t.value == "southland-press").expect("south terms");
        assert_eq!(south.terms[0].0, "exercise", "{south:?}");
        assert!(!south.terms.iter().any(|(w, _)| w == "provocation"));
    }

    #[test]
    fn one_sided_coverage_is_a_blindspot() {
        let s = source("North One", "NL", Ownership::State, &["northland-state-media"]);
        let names = ["North One", "North Two", "North Three"];
        let ids: Vec<ArticleId> = (0..3).map(|i| ArticleId(format!("b{i}"))).collect();
        let time: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().expect("time");
        let inputs: Vec<PerspectiveInput<'_>> = (0..3)
            .map(|i| PerspectiveInput {
                id: &ids[i],
                title: "t",
                text: NORTH_3,
                time,
                outlet: names[i],
                source: Some(&s),
            })
            .collect();
        let b = perspectives(&inputs).blindspot.expect("blindspot");
        assert!((b.share - 1.0).abs() < 1e-9);
    }
}
