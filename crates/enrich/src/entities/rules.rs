//! The default entity tagger: runs of capitalised words, typed by cue words (titles before people, suffixes
//! of organisations and places, prepositions before places), a small gazetteer of countries, and what the
//! same document already said about a word. Needs no training data; weaker than a trained model.

use super::{EntityKind, Tag};
use std::collections::HashMap;

/// Titles and roles written before a person's name; kept as an attribute, not part of the name.
pub const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "premier",
    "minister",
    "secretary",
    "chancellor",
    "governor",
    "senator",
    "sen",
    "rep",
    "representative",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "justice",
    "general",
    "gen",
    "admiral",
    "colonel",
    "captain",
    "commander",
    "chief",
    "chairman",
    "chairwoman",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "coach",
    "manager",
    "director",
    "inspector",
    "sergeant",
    "officer",
    "economist",
    "analyst",
    "gov",
    "pres",
    "commissioner",
    "speaker",
    "leader",
];

/// Words that end organisation names ("Stellane Systems", "Bank of Valdoria" is caught by `ORG_HEADS`).
const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "ltd",
    "plc",
    "llc",
    "co",
    "company",
    "group",
    "bank",
    "agency",
    "union",
    "party",
    "council",
    "association",
    "society",
    "authority",
    "university",
    "college",
    "laboratories",
    "labs",
    "systems",
    "partners",
    "news",
    "times",
    "post",
    "herald",
    "gazette",
    "courier",
    "standard",
    "wire",
    "observer",
    "review",
    "institute",
    "foundation",
    "committee",
    "commission",
    "ministry",
    "office",
    "parliament",
    "assembly",
    "court",
    "police",
    "army",
    "navy",
    "fc",
    "club",
    "united",
    "athletic",
    "airlines",
    "holdings",
    "industries",
    "savings",
    "federation",
    "league",
    "board",
    "service",
    "services",
    "chamber",
    "reserve",
    "fund",
    "exchange",
    "congress",
    "senate",
    "department",
];

/// Words that start organisation names ("Ministry of Foreign Affairs", "Bank of Valdoria").
const ORG_HEADS: &[&str] = &[
    "bank",
    "ministry",
    "university",
    "department",
    "council",
    "house",
    "office",
    "institute",
    "church",
    "court",
    "federation",
    "association",
    "society",
    "union",
    "party",
    "fc",
];

/// Words that end place names.
const LOC_SUFFIXES: &[&str] = &[
    "islands",
    "isles",
    "island",
    "archipelago",
    "strait",
    "bay",
    "sea",
    "ocean",
    "river",
    "lake",
    "mountains",
    "mountain",
    "valley",
    "city",
    "street",
    "square",
    "quay",
    "coast",
    "province",
    "county",
    "region",
    "peninsula",
    "gulf",
    "harbour",
    "harbor",
    "airport",
    "stadium",
    "road",
    "avenue",
    "district",
];

/// A few countries, continents and regions that news names without a cue word.
const PLACES: &[&str] = &[
    "africa",
    "america",
    "asia",
    "europe",
    "australia",
    "antarctica",
    "britain",
    "england",
    "scotland",
    "wales",
    "ireland",
    "france",
    "germany",
    "italy",
    "spain",
    "portugal",
    "netherlands",
    "belgium",
    "switzerland",
    "austria",
    "poland",
    "russia",
    "ukraine",
    "china",
    "japan",
    "india",
    "pakistan",
    "iran",
    "iraq",
    "israel",
    "syria",
    "turkey",
    "egypt",
    "canada",
    "mexico",
    "brazil",
    "argentina",
    "chile",
    "colombia",
    "peru",
    "nigeria",
    "kenya",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "greece",
    "hungary",
    "romania",
    "korea",
    "vietnam",
    "indonesia",
    "thailand",
    "afghanistan",
    "london",
    "paris",
    "berlin",
    "moscow",
    "washington",
    "beijing",
    "tokyo",
    "new york",
    "u.s",
    "us",
    "uk",
    "eu",
    "usa",
    "cuba",
    "lebanon",
    "jordan",
    "libya",
    "serbia",
    "croatia",
    "bosnia",
    "czech",
    "slovakia",
    "bulgaria",
    "estonia",
    "latvia",
    "lithuania",
];

/// Capitalised words that are not names at the start of a sentence (or anywhere, for the first group).
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "as",
    "for",
    "from",
    "by",
    "with",
    "of",
    "to",
    "about",
    "around",
    "more",
    "most",
    "some",
    "many",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "what",
    "who",
    "why",
    "how",
    "where",
    "according",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "both",
    "each",
    "every",
    "no",
    "not",
    "all",
    "so",
    "then",
    "now",
    "also",
    "however",
    "although",
    "because",
    "since",
    "until",
    "during",
    "under",
    "over",
    "by",
    "mr",
    "mrs",
    "ms",
    "dr",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "new",
    "over",
];

/// Connectors allowed inside a name when a capitalised word follows ("Bank of Valdoria", "Strait of Orla").
const CONNECTORS: &[&str] = &["of", "de", "del", "da", "van", "von", "der", "la", "le", "&", "and"];

/// Prepositions after which a lone name is a place ("in Veltra", "near Dravik").
const PLACE_PREPOSITIONS: &[&str] =
    &["in", "at", "near", "from", "to", "across", "outside", "inside", "into"];

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The title or role just before token `at` ("President", "Foreign Minister"), if any.
pub fn title_before(words: &[&str], at: usize) -> Option<String> {
    let mut start = at;
    while start > 0 && TITLES.contains(&words[start - 1].to_lowercase().trim_end_matches('.')) {
        start -= 1;
    }
    if start == at {
        return None;
    }
    // Take capitalised qualifiers too: "Foreign Minister", "Finance Minister".
    while start > 0
        && is_capitalised(words[start - 1])
        && !NOT_NAMES.contains(&words[start - 1].to_lowercase().as_str())
        && start + 2 >= at
    {
        start -= 1;
    }
    Some(words[start..at].join(" "))
}

/// Tag each sentence (as word tokens) of one document.
pub fn tag_document(sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
    let mut known: HashMap<String, EntityKind> = HashMap::new();
    sentences
        .iter()
        .map(|words| {
            let tags = tag_sentence(words, &known);
            for (a, b, kind) in super::chunks(&tags) {
                for w in &words[a..b] {
                    known.entry(w.to_lowercase()).or_insert(kind);
                }
            }
            tags
        })
        .collect()
}

fn tag_sentence(words: &[&str], known: &HashMap<String, EntityKind>) -> Vec<Tag> {
    let mut tags = vec![Tag::O; words.len()];
    let all_caps = words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let mut i = 0;
    while i < words.len() {
        let lower = words[i].to_lowercase();
        let starts = is_capitalised(words[i])
            && !NOT_NAMES.contains(&lower.as_str())
            && !TITLES.contains(&lower.trim_end_matches('.'))
            && (!all_caps || known.contains_key(&lower) || PLACES.contains(&lower.as_str()));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < words.len() {
            let w = words[end];
            if is_capitalised(w) && !NOT_NAMES.contains(&w.to_lowercase().as_str()) {
                end += 1;
            } else if CONNECTORS.contains(&w.to_lowercase().as_str())
                && words.get(end + 1).is_some_and(|n| is_capitalised(n))
            {
                end += 2;
            } else {
                break;
            }
        }
        // A title inside the run ("Foreign Minister Dmitar Solvek") is an attribute: the name starts after it.
        if let Some(t) =
            (i..end).rev().find(|&j| TITLES.contains(&words[j].to_lowercase().trim_end_matches('.')))
            && t + 1 < end
        {
            i = t + 1;
        }
        let kind = classify(words, i, end, known);
        tags[i] = Tag::B(kind);
        for t in &mut tags[i + 1..end] {
            *t = Tag::I(kind);
        }
        i = end;
    }
    tags
}

fn classify(words: &[&str], start: usize, end: usize, known: &HashMap<String, EntityKind>) -> EntityKind {
    let lower: Vec<String> = words[start..end].iter().map(|w| w.to_lowercase()).collect();
    let first = lower[0].as_str();
    let last = lower[lower.len() - 1].as_str();
    let before = start.checked_sub(1).map(|j| words[j].to_lowercase());
    let phrase = lower.join(" ");
    if title_before(words, start).is_some() {
        return EntityKind::Person;
    }
    if ORG_SUFFIXES.contains(&last) || (lower.len() > 1 && ORG_HEADS.contains(&first)) {
        return EntityKind::Organization;
    }
    if LOC_SUFFIXES.contains(&last) || PLACES.contains(&phrase.as_str()) {
        return EntityKind::Location;
    }
    if let Some(kind) = known.get(last).or_else(|| known.get(first)) {
        return *kind;
    }
    if lower.len() == 1
        && ["ian", "ish", "ese", "ean", "i", "an"].iter().any(|s| first.ends_with(s))
        && first.len() > 5
    {
        return EntityKind::Misc;
    }
    if lower.len() == 1 && words[start].len() <= 5 && words[start].chars().all(|c| c.is_uppercase()) {
        return EntityKind::Organization;
    }
    if before.as_deref().is_some_and(|b| PLACE_PREPOSITIONS.contains(&b)) {
        return EntityKind::Location;
    }
    if (2..=3).contains(&lower.len()) {
        return EntityKind::Person;
    }
    EntityKind::Organization
}
