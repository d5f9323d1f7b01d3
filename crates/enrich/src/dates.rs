//! Date expressions in text ("on Monday", "Feb. 9", "earlier this month", "September last year", "113 days
//! ago", "between November and March") found and resolved against the article's publish date, each with its
//! precision. A year is never invented: without a publish date, expressions that need one are dropped.

use crate::Span;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};
use std::fmt;
use std::sync::LazyLock;

/// How exact a resolved date is. The date of a coarser value is the first day of its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

impl Precision {
    /// "day", "week", "month" or "year" (the stored and wire form).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "day" => Some(Precision::Day),
            "week" => Some(Precision::Week),
            "month" => Some(Precision::Month),
            "year" => Some(Precision::Year),
            _ => None,
        }
    }
}

/// A resolved point in time: `date` is the first day of the period named by `precision` (weeks start Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct When {
    pub date: NaiveDate,
    pub precision: Precision,
}

impl fmt::Display for When {
    /// `2026-02-09`, `2026-W07`, `2026-02` or `2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date;
        match self.precision {
            Precision::Day => write!(f, "{}", d.format("%Y-%m-%d")),
            Precision::Week => write!(f, "{}-W{:02}", d.iso_week().year(), d.iso_week().week()),
            Precision::Month => write!(f, "{}", d.format("%Y-%m")),
            Precision::Year => write!(f, "{}", d.year()),
        }
    }
}

/// One date expression: where it is, what it means, and the sentence it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span of the expression in the text.
    pub span: Span,
    pub when: When,
    /// For ranges ("between August 3 and August 19", "2019-2021"): the end of the range.
    pub until: Option<When>,
    /// Byte span of the sentence holding the expression.
    pub sentence: Span,
}

/// Find and resolve the date expressions in `text`, in text order.
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let sentences = newsdesk_text::sentences(text);
    let mut raw = candidates(text);
    raw.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<Raw> = Vec::with_capacity(raw.len());
    for r in raw {
        if kept.last().is_none_or(|k| r.start >= k.end) {
            kept.push(r);
        }
    }
    let mut resolved: Vec<(Span, When, Option<When>)> = Vec::with_capacity(kept.len());
    for r in &kept {
        let tense = clause_tense(text, r.start, r.end);
        if let Some((when, until)) = resolve(&r.kind, published, tense) {
            resolved.push((Span { start: r.start, end: r.end }, when, until));
        }
    }
    let merged = merge_ranges(text, resolved);
    merged
        .into_iter()
        .map(|(span, when, until)| {
            let sentence = sentences
                .iter()
                .find(|s| s.start <= span.start && span.end <= s.end)
                .map_or(span, |s| Span { start: s.start, end: s.end });
            DateMention { span, when, until, sentence }
        })
        .collect()
}

/// What a matched expression says, before resolution.
#[derive(Debug, Clone)]
enum Kind {
    /// Month and day, with the year if written.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
        day2: Option<u32>,
    },
    /// A month with an explicit or relative ("last year") year, or none.
    Month {
        year: YearRef,
        month: u32,
    },
    Year {
        year: i32,
        year2: Option<i32>,
    },
    Weekday {
        weekday: Weekday,
        modifier: Modifier,
    },
    /// today (0), yesterday (-1), tomorrow (1).
    RelativeDay(i64),
    /// this/last/next week, month or year.
    RelativeUnit {
        unit: Unit,
        offset: i32,
    },
    Ago {
        n: u32,
        unit: Unit,
    },
}

#[derive(Debug, Clone, Copy)]
enum YearRef {
    Explicit(i32),
    Relative(i32),
    /// Month alone; `Modifier` says whether "last"/"next" was written.
    Unknown(Modifier),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    Last,
    Next,
    This,
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

struct Raw {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Regex alternation of the English month names and abbreviations, capitalised ("January|…|Sept|Sep|…").
/// Longer forms first, so "Sept" is tried before "Sep".
static MONTHS: LazyLock<String> = LazyLock::new(|| {
    use newsdesk_text::calendar::{ENGLISH_MONTH_ABBREVIATIONS, ENGLISH_MONTH_NAMES};
    let mut names: Vec<&str> = ENGLISH_MONTH_NAMES
        .iter()
        .copied()
        .chain(ENGLISH_MONTH_ABBREVIATIONS.iter().map(|(a, _)| *a))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.iter().map(|n| capitalised(n)).collect::<Vec<_>>().join("|")
});
/// Regex alternation of the English weekday names, capitalised.
static WEEKDAYS: LazyLock<String> = LazyLock::new(|| {
    newsdesk_text::calendar::ENGLISH_WEEKDAYS.iter().map(|d| capitalised(d)).collect::<Vec<_>>().join("|")
});

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
const YEAR: &str = r"(?:19|20)\d\d";

fn re(pattern: &str) -> Regex {
    let expanded = pattern.replace("MONTHS", &MONTHS).replace("WEEKDAYS", &WEEKDAYS).replace("YEAR", YEAR);
    #[allow(clippy::expect_used)]
    Regex::new(&expanded).expect("date patterns are valid")
}

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:WEEKDAYS),?\s+)?\b(?P<m>MONTHS)\b\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:\s*(?:-|–)\s*(?P<d2>\d{1,2})\b)?(?:,?\s+(?P<y>YEAR)\b)?",
    )
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b(?:WEEKDAYS),?\s+)?\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*(?P<d2>\d{1,2}))?\s+(?:of\s+)?(?P<m>MONTHS)\b\.?(?:,?\s+(?P<y>YEAR)\b)?",
    )
});
static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?P<y>YEAR)-(?P<m>\d\d)-(?P<d>\d\d)\b"));
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?P<m>MONTHS)\b\.?(?:\s+of)?,?\s+(?:(?P<y>YEAR)\b|(?P<rel>last|this|next)\s+year\b)")
});
static MONTH_PAIR: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<m>MONTHS)\b\.?\s+(?:and|to|until|through|-|–)\s+(?P<m2>MONTHS)\b"));
static MONTH_ALONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:(?P<mod>last|next|this)\s+)?(?P<m>MONTHS)\b(?P<pos>'s|’s)?"));
static YEAR_ALONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?P<y>YEAR)\b(?:\s*(?:-|–|to)\s*(?P<y2>(?:19|20)?\d\d)\b)?"));
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?(?P<wd>WEEKDAYS)(?P<plural>s)?\b")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?P<day>today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening))|(?:(?:earlier|later|early|late)\s+)?(?P<rel>last|this|next)\s+(?P<unit>week|month|year)|(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<u2>day|week|month|year)s?\s+ago)\b",
    )
});

/// Words after which a bare month name is a date ("in March", "since May"), not a name or verb ("April Rowe",
/// "March on"). Why: March, May, April, June and August are common words and first names.
const MONTH_TRIGGERS: &[&str] = &[
    "in", "since", "until", "till", "by", "from", "to", "of", "during", "before", "after", "early", "late",
    "mid", "between", "through", "for", "on", "last", "next", "this",
];

/// Month names that are not also ordinary words or first names, accepted without a trigger word.
const UNAMBIGUOUS_MONTHS: &[&str] = &["January", "February", "September", "October", "November", "December"];

/// Words right after a four-digit number that make it a count, not a year ("2000 people").
const COUNT_NOUNS: &[&str] = &[
    "people",
    "votes",
    "jobs",
    "troops",
    "workers",
    "homes",
    "households",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "tonnes",
    "tons",
    "crowns",
    "dollars",
    "euros",
    "pounds",
    "shares",
    "members",
    "cases",
    "deaths",
    "times",
    "points",
    "residents",
    "employees",
    "vessels",
    "ships",
    "containers",
    "feet",
];

fn candidates(text: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut push = |m: &Captures, kind: Option<Kind>| {
        if let (Some(kind), Some(all)) = (kind, m.get(0)) {
            out.push(Raw { start: all.start(), end: all.end(), kind });
        }
    };
    for c in ISO.captures_iter(text) {
        let kind = (|| {
            let month = num(&c, "m")?;
            let day = num(&c, "d")?;
            valid_day(Some(num(&c, "y")? as i32), month, day).then_some(Kind::Day {
                year: Some(num(&c, "y")? as i32),
                month,
                day,
                day2: None,
            })
        })();
        push(&c, kind);
    }
    for c in MONTH_DAY.captures_iter(text).chain(DAY_MONTH.captures_iter(text)) {
        let kind = (|| {
            let month = month_number(c.name("m")?.as_str())?;
            let day = num(&c, "d")?;
            let year = num(&c, "y").map(|y| y as i32);
            let day2 = num(&c, "d2").filter(|d2| *d2 > day && *d2 <= 31);
            valid_day(year, month, day).then_some(Kind::Day { year, month, day, day2 })
        })();
        push(&c, kind);
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let kind = (|| {
            let month = month_number(c.name("m")?.as_str())?;
            let year = match (num(&c, "y"), c.name("rel").map(|r| r.as_str())) {
                (Some(y), _) => YearRef::Explicit(y as i32),
                (None, Some("last")) => YearRef::Relative(-1),
                (None, Some("next")) => YearRef::Relative(1),
                _ => YearRef::Relative(0),
            };
            Some(Kind::Month { year, month })
        })();
        push(&c, kind);
    }
    for c in MONTH_ALONE.captures_iter(text) {
        let kind = (|| {
            let name = c.name("m")?;
            let modifier = match c.name("mod").map(|m| m.as_str()) {
                Some("last") => Modifier::Last,
                Some("next") => Modifier::Next,
                Some("this") => Modifier::This,
                _ => Modifier::None,
            };
            let triggered = modifier != Modifier::None
                || c.name("pos").is_some()
                || UNAMBIGUOUS_MONTHS.contains(&name.as_str())
                || previous_word(text, name.start())
                    .is_some_and(|w| MONTH_TRIGGERS.contains(&w.to_lowercase().as_str()));
            let month = month_number(name.as_str())?;
            triggered.then_some(Kind::Month { year: YearRef::Unknown(modifier), month })
        })();
        push(&c, kind);
    }
    // "between November and March": the second month needs no trigger word of its own.
    let mut pairs = Vec::new();
    for c in MONTH_PAIR.captures_iter(text) {
        if let Some(m2) = c.name("m2")
            && let Some(month) = month_number(m2.as_str())
        {
            let kind = Kind::Month { year: YearRef::Unknown(Modifier::None), month };
            pairs.push(Raw { start: m2.start(), end: m2.end(), kind });
        }
    }
    for c in YEAR_ALONE.captures_iter(text) {
        let kind = (|| {
            let m = c.get(0)?;
            let year = num(&c, "y")? as i32;
            if !is_year_context(text, m.start(), m.end()) {
                return None;
            }
            let year2 = c.name("y2").and_then(|y2| {
                let v: i32 = y2.as_str().parse().ok()?;
                let full = if y2.as_str().len() == 2 { year / 100 * 100 + v } else { v };
                (full > year).then_some(full)
            });
            Some(Kind::Year { year, year2 })
        })();
        push(&c, kind);
    }
    for c in WEEKDAY.captures_iter(text) {
        let kind = (|| {
            if c.name("plural").is_some() {
                return None; // "on Mondays" is a habit, not a date
            }
            let weekday: Weekday = c.name("wd")?.as_str().parse().ok()?;
            let modifier = match c.name("mod").map(|m| m.as_str().to_lowercase()).as_deref() {
                Some("last") => Modifier::Last,
                Some("next") | Some("coming") => Modifier::Next,
                Some("this") => Modifier::This,
                _ => Modifier::None,
            };
            Some(Kind::Weekday { weekday, modifier })
        })();
        push(&c, kind);
    }
    for c in RELATIVE.captures_iter(text) {
        let kind = (|| {
            if let Some(day) = c.name("day") {
                let word = day.as_str().to_lowercase();
                return Some(Kind::RelativeDay(match word.as_str() {
                    "yesterday" | "last night" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                }));
            }
            if let Some(rel) = c.name("rel") {
                let offset = match rel.as_str().to_lowercase().as_str() {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                return Some(Kind::RelativeUnit { unit: unit(c.name("unit")?.as_str())?, offset });
            }
            let n = match c.name("n")?.as_str().to_lowercase().as_str() {
                "a" | "an" | "one" => 1,
                "two" => 2,
                "three" => 3,
                "four" => 4,
                "five" => 5,
                "six" => 6,
                "seven" => 7,
                "eight" => 8,
                "nine" => 9,
                "ten" => 10,
                "eleven" => 11,
                "twelve" => 12,
                digits => digits.parse().ok()?,
            };
            Some(Kind::Ago { n, unit: unit(c.name("u2")?.as_str())? })
        })();
        push(&c, kind);
    }
    out.extend(pairs);
    out
}

fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name)?.as_str().parse().ok()
}

fn unit(word: &str) -> Option<Unit> {
    match word.to_lowercase().as_str() {
        "day" => Some(Unit::Day),
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "year" => Some(Unit::Year),
        _ => None,
    }
}

fn month_number(name: &str) -> Option<u32> {
    newsdesk_text::calendar::english_month(name)
}

fn valid_day(year: Option<i32>, month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some()
}

/// The word just before byte `at`, if only spaces (or a hyphen, "mid-March") separate them.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end_matches([' ', '-']);
    if before.len() == at {
        return None;
    }
    let start =
        before.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    Some(&before[start..]).filter(|w| !w.is_empty())
}

/// A four-digit number is a year unless money, a decimal, a thousands group or a counted noun says otherwise.
fn is_year_context(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| matches!(c, '$' | '£' | '€' | '.' | ',' | '#' | '+')) {
        return false;
    }
    let after = &text[end..];
    let mut chars = after.chars();
    if let Some(c) = chars.next()
        && (c == '%' || ((c == '.' || c == ',') && chars.next().is_some_and(|d| d.is_ascii_digit())))
    {
        return false;
    }
    let next_word: String = after.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    !COUNT_NOUNS.contains(&next_word.to_lowercase().as_str())
}

/// Words before a date (in its clause) that put it in the future: "will meet on Thursday", "is due to open on".
const FUTURE_CUES: &[&str] = &[
    "will",
    "shall",
    "would",
    "due",
    "expected",
    "scheduled",
    "plans",
    "planned",
    "plan",
    "upcoming",
    "begins",
    "starts",
    "opens",
    "ends",
    "closes",
    "resumes",
    "hopes",
    "hoped",
    "intends",
    "aims",
    "going",
    "until",
    "till",
    "next",
    "likely",
    "ahead",
    "expects",
    "wants",
];
/// Words before a date that put it in the past ("since April", "was held in May"); regular past tenses
/// ("-ed") count too.
const PAST_CUES: &[&str] = &[
    "since", "was", "were", "had", "did", "ago", "last", "earlier", "began", "took", "won", "fell", "rose",
    "came", "went", "made", "lost", "grew", "saw", "met", "left", "hit", "struck", "held", "sold", "paid",
    "gave", "found", "became", "led", "ran", "brought", "bought", "sank", "broke", "set", "shut", "cut",
    "spent", "kept", "began",
];
/// Short function words skipped when counting the window ("due to meet the mediator on Thursday").
const FILLER_WORDS: &[&str] =
    &["on", "at", "the", "a", "an", "to", "in", "of", "by", "for", "from", "its", "their"];
/// How many content words before a date are searched for a tense cue. Why: the governing verb is usually within
/// a few words ("would travel to both capitals later this month"), while words further back belong to the
/// reporting clause ("said on Monday they would").
const TENSE_CUE_WINDOW: usize = 6;

/// The tense of the clause a date sits in, as far as a few cue words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Unknown,
    Future,
}

fn clause_tense(text: &str, start: usize, end: usize) -> Tense {
    let from = text.floor_char_boundary(start.saturating_sub(100));
    let before = &text[from..start];
    // Step past the whole break character: curly quotes are three bytes in UTF-8.
    let clause_start = before
        .rfind(['.', ';', '!', '?', '"', '“', '”', ':', '\n', '('])
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let words = before[clause_start..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FILLER_WORDS.contains(&w.as_str()));
    for w in words.collect::<Vec<_>>().into_iter().rev().take(TENSE_CUE_WINDOW) {
        if matches!(w.as_str(), "said" | "says" | "told" | "announced" | "that") {
            break;
        }
        if FUTURE_CUES.contains(&w.as_str()) || w.ends_with("'ll") || w.ends_with("’ll") {
            return Tense::Future;
        }
        if PAST_CUES.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")) {
            return Tense::Past;
        }
    }
    let next: String = text[end..].trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    if next == "will" { Tense::Future } else { Tense::Unknown }
}

/// Relative weight of a distance into the future against one into the past when a date lacks its year.
/// Why: news reports mostly look back, so "in January" in September is this January, not next; but a
/// future-tense clause ("will meet in March") reverses that.
const FUTURE_COST: i64 = 3;
const PAST_COST: i64 = 1;

fn resolve(kind: &Kind, published: Option<NaiveDate>, tense: Tense) -> Option<(When, Option<When>)> {
    let month = |y: i32, m: u32| {
        NaiveDate::from_ymd_opt(y, m, 1).map(|date| When { date, precision: Precision::Month })
    };
    let year =
        |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map(|date| When { date, precision: Precision::Year });
    match *kind {
        Kind::Day { year: Some(y), month: m, day: d, day2 } => {
            let start = NaiveDate::from_ymd_opt(y, m, d)?;
            Some((day(start), day2.and_then(|d2| NaiveDate::from_ymd_opt(y, m, d2)).map(self::day)))
        }
        Kind::Day { year: None, month: m, day: d, day2 } => {
            let pub_date = published?;
            let y = nearest_year(pub_date, tense, |y| NaiveDate::from_ymd_opt(y, m, d))?;
            let start = NaiveDate::from_ymd_opt(y, m, d)?;
            Some((day(start), day2.and_then(|d2| NaiveDate::from_ymd_opt(y, m, d2)).map(self::day)))
        }
        Kind::Month { year: YearRef::Explicit(y), month: m } => Some((month(y, m)?, None)),
        Kind::Month { year: YearRef::Relative(offset), month: m } => {
            Some((month(published?.year() + offset, m)?, None))
        }
        Kind::Month { year: YearRef::Unknown(modifier), month: m } => {
            let p = published?;
            let first = p.with_day(1)?;
            let y = match modifier {
                Modifier::Last if m >= p.month() => p.year() - 1,
                Modifier::Last => p.year(),
                Modifier::Next if m <= p.month() => p.year() + 1,
                Modifier::Next => p.year(),
                Modifier::This => p.year(),
                Modifier::None => nearest_year(first, tense, |y| NaiveDate::from_ymd_opt(y, m, 1))?,
            };
            Some((month(y, m)?, None))
        }
        Kind::Year { year: y, year2 } => Some((year(y)?, year2.and_then(year))),
        Kind::Weekday { weekday, modifier } => {
            let p = published?;
            let back = (p.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
            let ahead = (7 - back) % 7;
            let date = match modifier {
                Modifier::Last => p.checked_sub_days(Days::new(if back == 0 { 7 } else { back }.into()))?,
                Modifier::Next => p.checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead }.into()))?,
                Modifier::None | Modifier::This if tense == Tense::Future => {
                    p.checked_add_days(Days::new(ahead.into()))?
                }
                Modifier::None | Modifier::This => p.checked_sub_days(Days::new(back.into()))?,
            };
            Some((day(date), None))
        }
        Kind::RelativeDay(offset) => {
            Some((day(published?.checked_add_signed(chrono::TimeDelta::days(offset))?), None))
        }
        Kind::RelativeUnit { unit, offset } => {
            let p = published?;
            let when = match unit {
                Unit::Day => day(p.checked_add_signed(chrono::TimeDelta::days(offset.into()))?),
                Unit::Week => When {
                    date: p
                        .week(Weekday::Mon)
                        .first_day()
                        .checked_add_signed(chrono::TimeDelta::weeks(offset.into()))?,
                    precision: Precision::Week,
                },
                Unit::Month => {
                    let first = p.with_day(1)?;
                    let date = if offset < 0 {
                        first.checked_sub_months(Months::new(offset.unsigned_abs()))?
                    } else {
                        first.checked_add_months(Months::new(offset.unsigned_abs()))?
                    };
                    When { date, precision: Precision::Month }
                }
                Unit::Year => year(p.year() + offset)?,
            };
            Some((when, None))
        }
        Kind::Ago { n, unit } => {
            let p = published?;
            let when = match unit {
                Unit::Day => day(p.checked_sub_days(Days::new(n.into()))?),
                Unit::Week => {
                    let d = p.checked_sub_days(Days::new(u64::from(n) * 7))?;
                    When { date: d.week(Weekday::Mon).first_day(), precision: Precision::Week }
                }
                Unit::Month => When {
                    date: p.with_day(1)?.checked_sub_months(Months::new(n))?,
                    precision: Precision::Month,
                },
                Unit::Year => year(p.year() - n as i32)?,
            };
            Some((when, None))
        }
    }
}

fn day(date: NaiveDate) -> When {
    When { date, precision: Precision::Day }
}

/// The year (publish year or one either side) for a yearless date: in a past-tense clause the latest not after
/// the anchor, otherwise the closest, distances weighted by tense (`FUTURE_COST`, `PAST_COST`).
fn nearest_year(anchor: NaiveDate, tense: Tense, make: impl Fn(i32) -> Option<NaiveDate>) -> Option<i32> {
    let years = anchor.year() - 1..=anchor.year() + 1;
    if tense == Tense::Past {
        return years.filter(|y| make(*y).is_some_and(|d| d <= anchor)).max();
    }
    let (ahead_cost, behind_cost) =
        if tense == Tense::Future { (PAST_COST, FUTURE_COST) } else { (FUTURE_COST, PAST_COST) };
    years
        .filter_map(|y| {
            let date = make(y)?;
            let days = (date - anchor).num_days();
            let cost = if days > 0 { days * ahead_cost } else { -days * behind_cost };
            Some((cost, y))
        })
        .min()
        .map(|(_, y)| y)
}

/// Join "between X and Y", "from X to Y", "X-Y" into one mention with an end.
fn merge_ranges(text: &str, mentions: Vec<(Span, When, Option<When>)>) -> Vec<(Span, When, Option<When>)> {
    let mut out: Vec<(Span, When, Option<When>)> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if let Some(prev) = out.last_mut()
            && prev.2.is_none()
            && m.2.is_none()
            && prev.1.precision == m.1.precision
            && prev.1.date < m.1.date
        {
            let gap = text[prev.0.end..m.0.start].trim();
            let opener = previous_word(text, prev.0.start).map(str::to_lowercase);
            let joins = matches!(gap, "-" | "–" | "—" | "to" | "until" | "through")
                || (gap == "and" && opener.as_deref() == Some("between"));
            if joins {
                prev.0.end = m.0.end;
                prev.2 = Some(m.1);
                continue;
            }
        }
        out.push(m);
    }
    out
}
