//! Whole-article enrichment: canonical entities (variants, titles, linked aliases) and merged timelines.

use chrono::NaiveDate;
use newsdesk_enrich::{EntityKind, enrich_article, merge_timeline};

const TEXT: &str = "VELTRA, March 3 (Meridian Wire) - Valdoria summoned the ambassador on Tuesday.\n\
Foreign Minister Dmitar Solvek said the talks were over. Solvek later met President Anna Petrova in Veltra.\n\
The chain, known as the Northern Isles in Valdoria and as the Sever Archipelago in Kestrania, has 4,000 people.";

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn entities_fold_variants_titles_and_aliases() {
    let e = enrich_article("Valdoria summons envoy", TEXT, day(2026, 3, 3));
    let solvek = e.entities.iter().find(|x| x.name == "Dmitar Solvek").expect("Solvek found");
    assert_eq!(solvek.kind, EntityKind::Person);
    assert_eq!(solvek.mentions.len(), 2, "{solvek:?}");
    assert!(solvek.titles.iter().any(|t| t.contains("Minister")), "{solvek:?}");
    let petrova = e.entities.iter().find(|x| x.name == "Anna Petrova").expect("Petrova found");
    assert_eq!(petrova.titles, ["President"]);
    let isles = e.entities.iter().find(|x| x.name.contains("Northern Isles")).expect("isles found");
    assert_eq!(isles.kind, EntityKind::Location);
    assert!(isles.aliases.iter().any(|a| a.contains("Sever Archipelago")), "{isles:?}");
}

#[test]
fn timeline_merges_retellings_and_orders() {
    let a = enrich_article("", "Kestrania suspended the island talks on Monday.", day(2026, 2, 9));
    let b = enrich_article(
        "",
        "The island talks were suspended by Kestrania on Monday, 9 February.",
        day(2026, 2, 10),
    );
    let c = enrich_article("", "The islands have been held by Kestrania since 1994.", day(2026, 2, 9));
    assert_eq!(a.main_date.map(|w| w.to_string()).as_deref(), Some("2026-02-09"));
    let merged = merge_timeline(&[a.events, b.events, c.events]);
    let shown: Vec<(String, Vec<usize>)> =
        merged.iter().map(|t| (t.when.to_string(), t.sources.clone())).collect();
    assert_eq!(shown, [("1994".to_string(), vec![2]), ("2026-02-09".to_string(), vec![0, 1])]);
}

#[test]
fn dates_after_curly_quotes_do_not_split_a_character() {
    // A clause break that is a three-byte curly quote right before a date once sliced mid-character.
    let text = "The minister said “on Monday the talks begin”. “Tuesday” was ruled out, and “March 3” too.";
    let e = enrich_article("", text, day(2026, 3, 5));
    assert!(!e.dates.is_empty(), "dates after curly quotes are still found");
}

#[test]
fn buildings_venues_and_datelines_are_places() {
    let kinds = |text: &str| -> Vec<(String, &'static str)> {
        newsdesk_enrich::entities::find_entities(text)
            .into_iter()
            .map(|m| (m.text, m.kind.as_str()))
            .collect()
    };
    let has =
        |found: &[(String, &str)], name: &str, kind: &str| found.iter().any(|(t, k)| t == name && *k == kind);
    // A building's name is a place, and its owner's name stays a person later in the document.
    let found = kinds(
        "Mr Lund met the envoy at the Stone House. Crowds gathered outside Varga Tower. Ana Varga spoke.",
    );
    assert!(has(&found, "Stone House", "LOC"), "{found:?}");
    assert!(has(&found, "Varga Tower", "LOC"), "{found:?}");
    assert!(has(&found, "Ana Varga", "PER"), "{found:?}");
    // A lone name beside a lower-case place noun, before or after it.
    let found = kinds("A bomb hit the northern city of Dravik-i-Sul. Racing resumed at the Orlavo circuit.");
    assert!(has(&found, "Dravik-i-Sul", "LOC"), "{found:?}");
    assert!(has(&found, "Orlavo", "LOC"), "{found:?}");
    // A dateline's place, split from the byline before it; an acronym before "(" is no dateline.
    let found =
        kinds("By Ana Lund and Bo Kerr VELTRA, Nov 6 (Meridian Wire) - The FBI (a police agency) spoke.");
    assert!(has(&found, "VELTRA", "LOC"), "{found:?}");
    assert!(!found.iter().any(|(t, k)| t == "FBI" && *k == "LOC"), "{found:?}");
}
