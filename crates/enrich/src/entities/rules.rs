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

/// Words that end the names of buildings and venues, typed as places as CoNLL does ("White House", "Trump
/// Tower", "Wrigley Field", "Royal Albert Hall" is not: "hall" is as often a person). Only for two or more
/// words: a lone "House" is the chamber. "park", "palace" and "circuit" are left out: in CoNLL they mostly end
/// clubs ("Crystal Palace").
const FACILITY_SUFFIXES: &[&str] = &[
    "house",
    "tower",
    "towers",
    "field",
    "centre",
    "bridge",
    "hospital",
    "cathedral",
    "castle",
    "arena",
    "museum",
    "prison",
    "oval",
    "station",
];

/// Lower-case nouns that make a name next to them a place: after it ("Mazar-i-Sharif city", "the Interlagos
/// circuit", "Kunduz province") or before it with "of" ("the city of Mazar-i-Sharif").
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "district",
    "region",
    "county",
    "circuit",
    "suburb",
    "neighbourhood",
    "neighborhood",
];

/// Dashes that end a dateline ("LONDON — ", "SAO PAULO (AP) - ").
const DATELINE_DASHES: &[&str] = &["-", "—", "–"];

/// Whether the all-capitals words from `at` open a dateline: "WASHINGTON, Nov 6 (Reuters) -", "LONDON —",
/// "SAO PAULO (AP) -". Returns the end of the place name. Why: the dateline names where the story was
/// filed, and the capitalised run before it is a byline ("Alana Wise and Mark Hosenball WASHINGTON").
fn dateline_place(words: &[&str], at: usize) -> Option<usize> {
    let upper = |w: &str| w.chars().count() >= 3 && w.chars().all(|c| c.is_uppercase() || c == '.');
    let mut end = at;
    while words.get(end).is_some_and(|w| upper(w)) {
        end += 1;
    }
    if end == at {
        return None;
    }
    let next = |k: usize| words.get(end + k).copied().unwrap_or("");
    let dash = |w: &str| DATELINE_DASHES.contains(&w);
    let dated = next(0) == "," && newsdesk_text::calendar::english_month(next(1)).is_some();
    let agency = next(0) == "(" && is_capitalised(next(1)) && next(2) == ")" && dash(next(3));
    (dated || agency || dash(next(0))).then_some(end)
}

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

/// A lowercased word that is not a name: a listed word, a weekday or a month ("Monday", "May" open sentences
/// and follow "on"; the entity tagger leaves them to the date finder).
fn is_not_name(lower: &str) -> bool {
    use newsdesk_text::calendar::{is_english_month_name, is_english_weekday};
    NOT_NAMES.contains(&lower) || is_english_weekday(lower) || is_english_month_name(lower)
}

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
        && !is_not_name(&words[start - 1].to_lowercase())
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
                // "Trump Tower" says nothing about what "Trump" alone is.
                if b - a > 1 && FACILITY_SUFFIXES.contains(&words[b - 1].to_lowercase().as_str()) {
                    continue;
                }
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
            && !is_not_name(&lower)
            && !TITLES.contains(&lower.trim_end_matches('.'))
            && (!all_caps || known.contains_key(&lower) || PLACES.contains(&lower.as_str()));
        if !starts {
            i += 1;
            continue;
        }
        if let Some(end) = dateline_place(words, i) {
            tags[i] = Tag::B(EntityKind::Location);
            for t in &mut tags[i + 1..end] {
                *t = Tag::I(EntityKind::Location);
            }
            i = end;
            continue;
        }
        let mut end = i + 1;
        while end < words.len() {
            let w = words[end];
            if dateline_place(words, end).is_some() && dateline_place(words, end - 1).is_none() {
                break;
            }
            if is_capitalised(w) && !is_not_name(&w.to_lowercase()) {
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
    if lower.len() > 1 && FACILITY_SUFFIXES.contains(&last) {
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
    // After the demonym check: "the Afghan city of ..." keeps "Afghan" a demonym.
    let place_noun = |w: Option<&&str>| w.is_some_and(|w| PLACE_NOUNS.contains(w));
    let of_place =
        before.as_deref() == Some("of") && place_noun(start.checked_sub(2).and_then(|j| words.get(j)));
    if place_noun(words.get(end)) || of_place {
        return EntityKind::Location;
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
