//! How dates, counts and links read on the pages ("9–10 Feb 2026", "5 articles · 3 outlets").
//!
//! Dates are shown in UTC: the server does not know the reader's zone, and the `<time datetime>` attribute
//! carries the exact instant for anything that wants it.

use chrono::{DateTime, Datelike, Utc};

/// "9 Feb 2026"
pub fn day(time: DateTime<Utc>) -> String {
    time.format("%-d %b %Y").to_string()
}

/// "9 Feb 2026, 14:30 UTC"
pub fn day_and_time(time: DateTime<Utc>) -> String {
    time.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// An RFC 3339 time from an API value, as `day_and_time` shows it; anything unparsable is shown as given.
pub fn readable_rfc3339(value: &str) -> String {
    DateTime::parse_from_rfc3339(value)
        .map_or_else(|_| value.to_string(), |t| day_and_time(t.with_timezone(&Utc)))
}

/// The days a story spans, with shared month and year written once: "9 Feb 2026", "9–10 Feb 2026",
/// "28 Feb – 2 Mar 2026", "30 Dec 2025 – 2 Jan 2026".
pub fn day_span(first: DateTime<Utc>, last: DateTime<Utc>) -> String {
    let (first, last) = if first <= last { (first, last) } else { (last, first) };
    let (a, b) = (first.date_naive(), last.date_naive());
    if a == b {
        day(first)
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{}–{}", a.day(), day(last))
    } else if a.year() == b.year() {
        format!("{} – {}", first.format("%-d %b"), day(last))
    } else {
        format!("{} – {}", day(first), day(last))
    }
}

/// "1 article", "5 articles".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Percent-encode a value for a query string (RFC 3986 unreserved characters pass through).
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-encode a value for one path segment (same rule as query values: only unreserved bytes pass).
pub fn path_segment(value: &str) -> String {
    query_value(value)
}

/// Only plain web links are rendered as links: a stored `javascript:` or `data:` URL stays inert text.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).single().expect("valid date")
    }

    #[test]
    fn api_times_read_as_day_and_time() {
        assert_eq!(readable_rfc3339("2026-04-14T07:30:00Z"), "14 Apr 2026, 07:30 UTC");
        assert_eq!(readable_rfc3339("2026-04-14T09:30:00+02:00"), "14 Apr 2026, 07:30 UTC");
        assert_eq!(readable_rfc3339("not a time"), "not a time");
    }

    #[test]
    fn spans_share_month_and_year() {
        assert_eq!(day_span(at(2026, 2, 9), at(2026, 2, 9)), "9 Feb 2026");
        assert_eq!(day_span(at(2026, 2, 9), at(2026, 2, 10)), "9–10 Feb 2026");
        assert_eq!(day_span(at(2026, 2, 28), at(2026, 3, 2)), "28 Feb – 2 Mar 2026");
        assert_eq!(day_span(at(2025, 12, 30), at(2026, 1, 2)), "30 Dec 2025 – 2 Jan 2026");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("Meridian Wire & Co"), "Meridian%20Wire%20%26%20Co");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://example.org/a"));
        assert!(!is_web_url("javascript:alert(1)"));
    }
}
