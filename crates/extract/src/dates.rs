//! Publication dates: strict formats first (RFC 3339, RFC 2822), then normalized human forms.
//! A date without an explicit 4-digit year is rejected: we never invent a year.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use regex::Regex;
use std::sync::LazyLock;

/// US/UK/European zone abbreviations seen in datelines, as UTC offsets in hours.
/// Ambiguous ones (IST, CST) take their most common news-site meaning.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("ET", -5),
    ("EST", -5),
    ("EDT", -4),
    ("CT", -6),
    ("CST", -6),
    ("CDT", -5),
    ("MT", -7),
    ("MST", -7),
    ("MDT", -6),
    ("PT", -8),
    ("PST", -8),
    ("PDT", -7),
    ("BST", 1),
    ("CET", 1),
    ("CEST", 2),
    ("EET", 2),
    ("EEST", 3),
    ("MSK", 3),
    ("IST", 5),
    ("JST", 9),
    ("KST", 9),
    ("AEST", 10),
    ("AEDT", 11),
];

/// Formats tried on the normalized string (month names already shortened to 3 letters, no commas).
const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%b %d %Y %I:%M %p",
    "%b %d %Y %H:%M",
    "%d %b %Y %H:%M",
    "%d %b %Y %I:%M %p",
    "%b %d %Y %I:%M:%S %p",
    "%b %d %Y %H:%M:%S",
    "%d %b %Y %H:%M:%S",
    "%Y-%m-%d %I:%M %p",
];
const DATE_FORMATS: &[&str] =
    &["%Y-%m-%d", "%Y/%m/%d", "%b %d %Y", "%d %b %Y", "%Y %b %d", "%d.%m.%Y", "%Y%m%d"];

static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|2\d\d\d)\b").ok());
static ORDINAL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b").ok());
static PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(published|posted|updated|last updated|date|on)\s*:?\s*|\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+").ok()
});
static MONTH: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?").ok());
static ZONE_SUFFIX: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\s*\(?\b([A-Z]{1,4})\)?$|\s*([+-]\d{2}:?\d{2})$").ok());

/// Parse a publication date in any of the common machine and human forms. Times without a zone are UTC.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    // Never invent a year: "March 3" or "3 days ago" are not dates we can place.
    if !YEAR.as_ref().is_some_and(|y| y.is_match(s)) {
        return None;
    }
    parse_normalized(s).or_else(|| dateparser::parse_with_timezone(s, &Utc).ok())
}

fn parse_normalized(s: &str) -> Option<DateTime<Utc>> {
    let (body, offset) = split_zone(&normalize(s));
    let offset = FixedOffset::east_opt(offset)?;
    for f in DATETIME_FORMATS {
        if let Ok(n) = NaiveDateTime::parse_from_str(&body, f) {
            return offset.from_local_datetime(&n).single().map(|d| d.with_timezone(&Utc));
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(&body, f) {
            let n = d.and_hms_opt(0, 0, 0)?;
            return offset.from_local_datetime(&n).single().map(|d| d.with_timezone(&Utc));
        }
    }
    None
}

/// "Published: Tuesday, Nov. 3rd, 2026, at 10:15 a.m. ET" → "Nov 3 2026 10:15 AM ET".
fn normalize(s: &str) -> String {
    let mut out = s.replace(['\u{a0}', ','], " ");
    for (from, to) in [("a.m.", "AM"), ("p.m.", "PM"), ("A.M.", "AM"), ("P.M.", "PM")] {
        out = out.replace(from, to);
    }
    if let Some(re) = PREFIX.as_ref() {
        out = re.replace_all(&out, "").into_owned();
    }
    if let Some(re) = ORDINAL.as_ref() {
        out = re.replace_all(&out, "$1").into_owned();
    }
    if let Some(re) = MONTH.as_ref() {
        out = re.replace_all(&out, |c: &regex::Captures| capitalize(&c[1])).into_owned();
    }
    let words: Vec<&str> = out.split_whitespace().filter(|w| !w.eq_ignore_ascii_case("at")).collect();
    let mut joined = words.join(" ");
    // "10:15am" → "10:15 AM"
    for suffix in ["am", "pm", "AM", "PM"] {
        if joined.ends_with(suffix) && !joined.ends_with(&format!(" {suffix}")) {
            let cut = joined.len() - 2;
            if joined[..cut].ends_with(|c: char| c.is_ascii_digit()) {
                joined = format!("{} {}", &joined[..cut], suffix.to_ascii_uppercase());
            }
        }
    }
    joined
}

fn capitalize(m: &str) -> String {
    let lower = m.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Split a trailing zone ("ET", "+02:00") off; returns the rest and the offset in seconds (0 if none).
fn split_zone(s: &str) -> (String, i32) {
    let Some(re) = ZONE_SUFFIX.as_ref() else { return (s.to_string(), 0) };
    if let Some(c) = re.captures(s) {
        let whole = c.get(0).map_or(0, |m| m.start());
        if let Some(abbr) = c.get(1) {
            if let Some((_, h)) = ZONES.iter().find(|(z, _)| *z == abbr.as_str()) {
                return (s[..whole].trim().to_string(), h * 3600);
            }
        } else if let Some(off) = c.get(2) {
            let digits: String = off.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
            let sign = if off.as_str().starts_with('-') { -1 } else { 1 };
            let hours: i32 = digits.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
            let mins: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            return (s[..whole].trim().to_string(), sign * (hours * 3600 + mins * 60));
        }
    }
    (s.to_string(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_date(s).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(iso("2026-03-03T09:15:00+01:00"), "2026-03-03T08:15:00+00:00");
        assert_eq!(iso("Tue, 03 Mar 2026 09:15:00 GMT"), "2026-03-03T09:15:00+00:00");
        assert_eq!(iso("2026-03-03 09:15"), "2026-03-03T09:15:00+00:00");
        assert_eq!(iso("March 3, 2026"), "2026-03-03T00:00:00+00:00");
        assert_eq!(iso("3 March 2026"), "2026-03-03T00:00:00+00:00");
        assert_eq!(iso("Nov. 3, 2026 10:15 a.m. ET"), "2026-11-03T15:15:00+00:00");
        assert_eq!(iso("Published: Tuesday, March 3rd, 2026 at 9:15pm"), "2026-03-03T21:15:00+00:00");
        assert_eq!(iso("2026-03-03"), "2026-03-03T00:00:00+00:00");
        assert_eq!(iso("Sept. 14, 2025 4:02 PM EDT"), "2025-09-14T20:02:00+00:00");
    }

    #[test]
    fn never_invents_a_year() {
        assert_eq!(parse_date("March 3"), None);
        assert_eq!(parse_date("3 days ago"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("not a date 2026 at all"), None);
    }
}
