//! The original publication date of an HTML page at day granularity, found the way htmldate does it: the
//! URL, then `<meta>` publication fields, JSON-LD, marked-up `<time>`/`<abbr>`, date-labelled elements, and
//! finally the most frequent full date in the page text. Dates are the calendar day as written on the page
//! (no time-zone shift), never before [`rules::MIN_DATE_YEAR`].

use crate::rules;
use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Where the date came from, for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageDate {
    pub date: NaiveDate,
    pub source: &'static str,
}

/// The original publication day of a page, if it states one. `url` (when known) is checked first.
pub fn publish_date(html: &str, url: Option<&str>) -> Option<NaiveDate> {
    let html = crate::html::cap_str(html);
    let doc = Html::parse_document(html);
    find_publish_date(&doc, html, url).map(|d| d.date)
}

pub(crate) fn find_publish_date(doc: &Html, raw: &str, url: Option<&str>) -> Option<PageDate> {
    let page_url = url.map(str::to_string).or_else(|| attr(doc, "link[rel=canonical]", "href"));
    let found = |date, source| Some(PageDate { date, source });
    if let Some(d) = page_url.as_deref().and_then(url_date) {
        return found(d, "url");
    }
    if let Some(d) = meta_date(doc, rules::PUBLISHED_META) {
        return found(d, "meta");
    }
    if let Some(d) = json_ld_date(raw, &JSON_PUBLISHED) {
        return found(d, "json");
    }
    if let Some(d) = marked_up_date(doc) {
        return found(d, "time-element");
    }
    if let Some(d) = labelled_element_date(doc) {
        return found(d, "labelled-element");
    }
    if let Some(d) = meta_date(doc, rules::MODIFIED_META) {
        return found(d, "meta-modified");
    }
    if let Some(d) = frequent_text_date(doc) {
        return found(d, "page-text");
    }
    if let Some(d) = attr_text(doc, "title").and_then(|t| dates_in_text(&t).into_iter().next()) {
        return found(d, "title");
    }
    // Last resort, as htmldate's extensive search: machine-written dates in scripts and attributes.
    let mut counts: HashMap<NaiveDate, usize> = HashMap::new();
    for d in machine_dates(raw) {
        *counts.entry(d).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| PageDate { date: d, source: "raw-html" })
}

/// `/2020/10/09/`, `/2020-10-09-`, `_20201009` style dates in a URL path.
fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})[/_.-]([01]?\d)[/_.-]([0-3]?\d)(?:[/_.-]|$)|/((?:19|20)\d{2})([01]\d)([0-3]\d)(?:/|_|-|$)").ok()
    });
    let c = RE.as_ref()?.captures(url)?;
    let pick =
        |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = (pick(1, 4)?, pick(2, 5)?, pick(3, 6)?);
    valid(y as i32, m, d)
}

fn valid(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    (rules::MIN_DATE_YEAR..=rules::MAX_DATE_YEAR).contains(&y).then_some(())?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn meta_date(doc: &Html, names: &[&str]) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("meta").ok());
    let sel = SEL.as_ref()?;
    for wanted in names {
        for el in doc.select(sel) {
            let e = el.value();
            let key = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .or_else(|| e.attr("itemprop"))
                .or_else(|| e.attr("http-equiv"))
                .unwrap_or("");
            if key.eq_ignore_ascii_case(wanted)
                && let Some(d) = e.attr("content").or_else(|| e.attr("datetime")).and_then(date_in)
            {
                return Some(d);
            }
        }
    }
    None
}

static JSON_PUBLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#""(?:datePublished|dateCreated|publishDate|published_at|publishedDate|date_published)"\s*:\s*"([^"]{6,40})""#)
        .ok()
});

/// `"datePublished": "..."` anywhere in the raw page (JSON-LD and inline app state alike).
fn json_ld_date(raw: &str, re: &LazyLock<Option<Regex>>) -> Option<NaiveDate> {
    re.as_ref()?.captures_iter(raw).find_map(|c| c.get(1).and_then(|m| date_in(m.as_str())))
}

/// `<time datetime>` / `<abbr>` / itemprop elements that say they are the publication date, then the first
/// `<time datetime>` that is not marked as an update.
fn marked_up_date(doc: &Html) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| {
        Selector::parse("time, abbr, [itemprop=datePublished], [itemprop=dateCreated], [pubdate]").ok()
    });
    let sel = SEL.as_ref()?;
    let mut first_time = None;
    for el in doc.select(sel) {
        let e = el.value();
        let label = format!(
            "{} {} {}",
            e.attr("class").unwrap_or(""),
            e.attr("itemprop").unwrap_or(""),
            e.attr("id").unwrap_or("")
        )
        .to_lowercase();
        let value = e.attr("datetime").or_else(|| e.attr("content")).or_else(|| e.attr("title"));
        let date = value.and_then(date_in).or_else(|| {
            let text: String = el.text().collect();
            (text.len() < rules::MAX_DATE_LABEL_CHARS)
                .then(|| dates_in_text(&text).into_iter().next())
                .flatten()
        });
        let Some(date) = date else { continue };
        let is_update = rules::UPDATE_LABEL.iter().any(|w| label.contains(w));
        if e.attr("pubdate").is_some()
            || rules::PUBLISHED_LABEL.iter().any(|w| label.contains(w)) && !is_update
        {
            return Some(date);
        }
        if e.name() == "time" && !is_update && first_time.is_none() && e.attr("datetime").is_some() {
            first_time = Some(date);
        }
    }
    first_time
}

/// Short elements whose class/id says they hold a date or byline: the earliest date in the first one that has
/// one (an "updated" line usually sits next to the original date).
fn labelled_element_date(doc: &Html) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("body *").ok());
    for el in doc.select(SEL.as_ref()?) {
        let e = el.value();
        if matches!(e.name(), "script" | "style" | "head" | "html" | "body") {
            continue;
        }
        let label = format!(
            "{} {} {}",
            e.attr("class").unwrap_or(""),
            e.attr("id").unwrap_or(""),
            e.attr("itemprop").unwrap_or("")
        )
        .to_lowercase();
        if !rules::DATE_ELEMENT_LABEL.iter().any(|w| label.contains(w)) {
            continue;
        }
        // Cheap length check first: only short elements are date lines, and walking every large
        // labelled container's text would make this quadratic on deep pages.
        let mut len = 0usize;
        if el.text().any(|t| {
            len += t.trim().len();
            len > rules::MAX_DATE_LABEL_CHARS
        }) {
            continue;
        }
        let text = visible_text(el);
        if let Some(d) = dates_in_text(&text).into_iter().min() {
            return Some(d);
        }
    }
    None
}

/// The most frequent full date in the page text; ties go to the earliest.
fn frequent_text_date(doc: &Html) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("body").ok());
    let body = doc.select(SEL.as_ref()?).next()?;
    let mut counts: HashMap<NaiveDate, usize> = HashMap::new();
    for d in dates_in_text(&visible_text(body)) {
        *counts.entry(d).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(d, _)| d)
}

fn visible_text(el: ElementRef) -> String {
    crate::html::paragraphs_of(el, |_| false).join("\n")
}

fn attr_text(doc: &Html, css: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel).next().map(|el| el.text().collect())
}

/// `YYYY-MM-DD` / `YYYY/MM/DD` dates anywhere in the raw page.
fn machine_dates(raw: &str) -> Vec<NaiveDate> {
    static RE: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})([-/])(\d{2})[-/](\d{2})\b").ok());
    let Some(re) = RE.as_ref() else { return Vec::new() };
    re.captures_iter(raw)
        .filter_map(|c| {
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            valid(n(1)? as i32, n(3)?, n(4)?)
        })
        .collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel)
        .filter_map(|el| el.value().attr(name))
        .map(|s| s.trim().to_string())
        .find(|t| !t.is_empty())
}

/// A date in a machine value (`2020-10-09T10:00:00+02:00`, `20201009`, RFC 2822) or, failing that, in text.
fn date_in(value: &str) -> Option<NaiveDate> {
    static ISO: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]|$|\b)").ok());
    if let Some(c) = ISO.as_ref().and_then(|re| re.captures(value)) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        if let Some(d) = valid(n(1)? as i32, n(2)?, n(3)?) {
            return Some(d);
        }
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(value.trim()) {
        return valid(chrono::Datelike::year(&d), chrono::Datelike::month(&d), chrono::Datelike::day(&d));
    }
    dates_in_text(value).into_iter().next()
}

/// Month names (lowercase, accents as written) in the languages of the news we see, by month number.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mrz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish / Portuguese / Italian
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (genitive and nominative)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Russian (genitive)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, n)| *n)
}

static TEXT_DATES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("ymd", r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b"),
        ("dmy", r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b"),
        ("mdy-or-dmy", r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b"),
        (
            "d-month-y",
            r"(?i)\b(\d{1,2})(?:\.|st|nd|rd|th|er)?\s+(?:de\s+)?(\p{L}{3,12}\.?),?\s+(?:de\s+)?(\d{4})\b",
        ),
        ("month-d-y", r"(?i)\b(\p{L}{3,12}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"),
        ("cjk", r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    ]
    .into_iter()
    .filter_map(|(name, p)| Regex::new(p).ok().map(|re| (name, re)))
    .collect()
});

/// Every full date (day, month, 4-digit year) written in `text`, in order of appearance.
pub(crate) fn dates_in_text(text: &str) -> Vec<NaiveDate> {
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for (kind, re) in TEXT_DATES.iter() {
        for c in re.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            if found.iter().any(|(pos, _)| *pos == whole.start()) {
                continue;
            }
            let s = |i: usize| c.get(i).map_or("", |m| m.as_str());
            let n = |i: usize| s(i).parse::<u32>().ok();
            let date = match *kind {
                "ymd" | "cjk" => n(1).zip(n(2)).zip(n(3)).and_then(|((y, m), d)| valid(y as i32, m, d)),
                "dmy" => n(3).and_then(|y| valid(y as i32, n(2)?, n(1)?)),
                "mdy-or-dmy" => n(3).and_then(|y| {
                    let (a, b) = (n(1)?, n(2)?);
                    // Day first is the European default; a first number above 12 can only be a day, a
                    // second above 12 only a day too (US order).
                    if b > 12 { valid(y as i32, a, b) } else { valid(y as i32, b, a) }
                }),
                "d-month-y" => n(3).and_then(|y| valid(y as i32, month_number(s(2))?, n(1)?)),
                "month-d-y" => n(3).and_then(|y| valid(y as i32, month_number(s(1))?, n(2)?)),
                _ => None,
            };
            if let Some(d) = date {
                found.push((whole.start(), d));
            }
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    found.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        dates_in_text(s).first().map(|d| d.to_string())
    }

    #[test]
    fn text_dates_in_many_forms() {
        assert_eq!(day("Posted on 9. Oktober 2020").as_deref(), Some("2020-10-09"));
        assert_eq!(day("October 9th, 2020 at 10:00").as_deref(), Some("2020-10-09"));
        assert_eq!(day("09.10.2020, 10:00 Uhr").as_deref(), Some("2020-10-09"));
        assert_eq!(day("9 de octubre de 2020").as_deref(), Some("2020-10-09"));
        assert_eq!(day("2020/10/09").as_deref(), Some("2020-10-09"));
        assert_eq!(day("10/25/2020").as_deref(), Some("2020-10-25"));
        assert_eq!(day("2020年10月9日").as_deref(), Some("2020-10-09"));
        assert_eq!(day("in 1850 and 31.02.2020"), None);
    }

    #[test]
    fn page_sources_in_order() {
        let page = r#"<html><head><meta property="article:published_time" content="2020-10-09T23:30:00-05:00">
            <meta property="article:modified_time" content="2021-01-01"></head><body><p>Text 1.1.2019</p></body></html>"#;
        assert_eq!(publish_date(page, None).map(|d| d.to_string()).as_deref(), Some("2020-10-09"));
        assert_eq!(
            publish_date(page, Some("https://x.org/news/2019/05/04/story")).map(|d| d.to_string()).as_deref(),
            Some("2019-05-04")
        );
        let text_only =
            "<html><body><div class=\"post-date\">Posted 3 March 2018</div><p>x 1.1.2019</p></body></html>";
        assert_eq!(publish_date(text_only, None).map(|d| d.to_string()).as_deref(), Some("2018-03-03"));
        assert_eq!(publish_date("<p>no date here</p>", None), None);
    }
}
