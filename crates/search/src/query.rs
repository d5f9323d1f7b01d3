//! What a user asks: free text plus filters, parsed from one search-box string (`outlet:`, `lang:`,
//! `after:`/`before:`/`from:`/`to:`, `date:[a TO b]`) or filled in from URL parameters.

use chrono::{Days, NaiveDate};

/// A search request. Dates are publication days (UTC), both bounds inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Free text in tantivy's query language: words (all must match), `"phrases"`, `-exclusion`, `OR`.
    pub text: String,
    /// Outlet name, case-insensitive, exact.
    pub outlet: Option<String>,
    /// ISO 639-1 language code.
    pub lang: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
    /// Story search: matching articles shown (with snippets) under each story; 0 means the default, 3. A
    /// page that shows only each story's best article asks for 1 and is spared the other snippets.
    pub hits_per_story: usize,
}

/// Results per page when the caller sets no limit.
pub const DEFAULT_LIMIT: usize = 20;

impl SearchQuery {
    /// Parse a search-box string: filter operators are taken out, the rest is the free text. A malformed
    /// filter value (`after:yesterday`) is left in the text rather than failing the search.
    pub fn parse(raw: &str) -> SearchQuery {
        let mut query = SearchQuery { limit: DEFAULT_LIMIT, ..SearchQuery::default() };
        let mut text = Vec::new();
        let mut rest = raw.trim();
        while !rest.is_empty() {
            let (token, after) = next_token(rest);
            rest = after.trim_start();
            if !query.apply_filter(&token) {
                text.push(token);
            }
        }
        query.text = text.join(" ");
        query
    }

    /// True when `token` was a filter (and is now applied).
    fn apply_filter(&mut self, token: &str) -> bool {
        let Some((key, value)) = token.split_once(':') else { return false };
        let value = value.trim_matches('"');
        if value.is_empty() {
            return false;
        }
        match key.to_ascii_lowercase().as_str() {
            "outlet" | "source" => self.outlet = Some(value.to_string()),
            "lang" | "language" => self.lang = Some(value.to_ascii_lowercase()),
            "after" => match day(value).and_then(|d| d.checked_add_days(Days::new(1))) {
                Some(d) => self.from = Some(d),
                None => return false,
            },
            "before" => match day(value).and_then(|d| d.checked_sub_days(Days::new(1))) {
                Some(d) => self.to = Some(d),
                None => return false,
            },
            "from" | "since" => match day(value) {
                Some(d) => self.from = Some(d),
                None => return false,
            },
            "to" | "until" => match day(value) {
                Some(d) => self.to = Some(d),
                None => return false,
            },
            "date" => {
                let inner = value.trim_start_matches('[').trim_end_matches(']');
                let (a, b) = match inner.split_once(" TO ").or_else(|| inner.split_once("..")) {
                    Some((a, b)) => (a.trim(), b.trim()),
                    None => (inner, inner),
                };
                let (from, to) = (bound(a), bound(b));
                match (from, to) {
                    (Ok(from), Ok(to)) => {
                        self.from = from;
                        self.to = to;
                    }
                    _ => return false,
                }
            }
            _ => return false,
        }
        true
    }

    /// No text and no filter: nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.outlet.is_none()
            && self.lang.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// `*` is an open bound.
fn bound(value: &str) -> Result<Option<NaiveDate>, ()> {
    if value == "*" {
        return Ok(None);
    }
    day(value).map(Some).ok_or(())
}

/// `2024-01-31`, or a month `2024-01` (its first day), or a year `2024`.
fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(&format!("{value}-01-01"), "%Y-%m-%d").ok())
}

/// One whitespace-separated token; quotes (`"..."`) and `[...]` groups keep their spaces.
fn next_token(s: &str) -> (String, &str) {
    let mut in_quotes = false;
    let mut in_brackets = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            c if c.is_whitespace() && !in_quotes && !in_brackets => return (s[..i].to_string(), &s[i..]),
            _ => {}
        }
    }
    (s.to_string(), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn filters_come_out_of_the_text() {
        let q = SearchQuery::parse(
            r#"harbour "strike vote" outlet:"Halden Gazette" lang:EN after:2024-01-01 before:2024-02-01"#,
        );
        assert_eq!(q.text, r#"harbour "strike vote""#);
        assert_eq!(q.outlet.as_deref(), Some("Halden Gazette"));
        assert_eq!(q.lang.as_deref(), Some("en"));
        assert_eq!(q.from, Some(d("2024-01-02")));
        assert_eq!(q.to, Some(d("2024-01-31")));
    }

    #[test]
    fn date_ranges_and_bad_values() {
        let q = SearchQuery::parse("date:[2024-03 TO 2024-04-15] x");
        assert_eq!((q.from, q.to), (Some(d("2024-03-01")), Some(d("2024-04-15"))));
        assert_eq!(q.text, "x");
        let q = SearchQuery::parse("date:[* TO 2024] after:soon");
        assert_eq!((q.from, q.to), (None, Some(d("2024-01-01"))));
        assert_eq!(q.text, "after:soon");
        assert!(SearchQuery::parse("  ").is_empty());
    }
}
