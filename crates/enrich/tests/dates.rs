//! The hand-labelled demo date expressions (`demo_dates.tsv`): each must be found and resolved to the labelled
//! date and precision; the bar is 95%, and this test pins the measured figure just below it.

use chrono::NaiveDate;
use newsdesk_enrich::{Precision, find_dates};

const FIXTURE: &str = include_str!("demo_dates.tsv");

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

#[test]
fn demo_date_expressions_resolve() {
    let mut total = 0;
    let mut wrong = Vec::new();
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [published, expression, expected, precision, sentence] = cols[..] else {
            panic!("bad line {line}")
        };
        total += 1;
        let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").expect("publish day");
        let at = sentence.find(expression).expect("expression in sentence");
        let found = find_dates(sentence, Some(published));
        let hit = found.iter().find(|m| m.span.start < at + expression.len() && at < m.span.end);
        let got = hit.map(|m| {
            let value = match m.until {
                Some(until) => format!("{}..{}", m.when, until),
                None => m.when.to_string(),
            };
            (value, precision_name(m.when.precision))
        });
        if got.as_ref().map(|(v, p)| (v.as_str(), *p)) != Some((expected, precision)) {
            wrong.push(format!(
                "{expression:?} in {sentence:?}: expected {expected} {precision}, got {got:?}"
            ));
        }
    }
    let right = total - wrong.len();
    let rate = right as f64 / total as f64;
    println!("demo date expressions: {right}/{total} = {rate:.4}");
    for w in &wrong {
        println!("  {w}");
    }
    assert!(total >= 100, "the labelled set has {total} expressions");
    assert!(rate >= 0.95, "{right}/{total} right");
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid day")
}

fn resolved(text: &str, published: Option<NaiveDate>) -> Vec<String> {
    find_dates(text, published).iter().map(|m| m.when.to_string()).collect()
}

#[test]
fn relative_expressions() {
    let p = Some(day(2026, 11, 20)); // a Friday
    assert_eq!(resolved("The ship sank 113 days ago.", p), ["2026-07-30"]);
    assert_eq!(resolved("It happened three years ago.", p), ["2023"]);
    assert_eq!(resolved("Talks resumed yesterday and end tomorrow.", p), ["2026-11-19", "2026-11-21"]);
    assert_eq!(resolved("He resigned last Friday.", p), ["2026-11-13"]);
    assert_eq!(resolved("They will vote next Tuesday.", p), ["2026-11-24"]);
    assert_eq!(resolved("The minister will visit on Monday.", p), ["2026-11-23"]);
    assert_eq!(resolved("The minister visited on Monday.", p), ["2026-11-16"]);
    assert_eq!(resolved("Prices rose in July 2020.", p), ["2020-07"]);
    assert_eq!(resolved("The vote is on January 12.", p), ["2027-01-12"]);
    assert_eq!(resolved("Sales fell in January.", p), ["2026-01"]);
}

#[test]
fn never_invents_a_year() {
    assert!(resolved("The minister visited on Monday, earlier this month.", None).is_empty());
    assert_eq!(resolved("Signed on March 3, 2019 and on 4 May 2020.", None), ["2019-03-03", "2020-05-04"]);
}

#[test]
fn not_dates() {
    let p = Some(day(2026, 11, 20));
    assert!(resolved("About 2000 people and $2019 were counted; 2020.5 too.", p).is_empty());
    assert!(resolved("April Rowe and May Lin met; shops open on Mondays.", p).is_empty());
}

#[test]
fn ranges() {
    let p = Some(day(2026, 11, 20));
    let found = find_dates("from 2019 to 2021, and on March 3-5, 2024", p);
    let shown: Vec<String> = found
        .iter()
        .map(|m| format!("{}..{}", m.when, m.until.map(|u| u.to_string()).unwrap_or_default()))
        .collect();
    assert_eq!(shown, ["2019..2021", "2024-03-03..2024-03-05"]);
}
