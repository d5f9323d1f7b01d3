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

/// [`publish_date`] with the name of the source that decided ("url", "meta", "json", "page-text", ...), for
/// diagnostics and error analysis.
pub fn publish_date_with_source(html: &str, url: Option<&str>) -> Option<(NaiveDate, &'static str)> {
    let html = crate::html::cap_str(html);
    let doc = Html::parse_document(html);
    find_publish_date(&doc, html, url).map(|d| (d.date, d.source))
}

pub(crate) fn find_publish_date(doc: &Html, raw: &str, url: Option<&str>) -> Option<PageDate> {
    let page_url = url.map(str::to_string).or_else(|| attr(doc, "link[rel=canonical]", "href"));
    let found = |date, source| Some(PageDate { date, source });
    if let Some(d) = page_url.as_deref().and_then(url_date) {
        return found(d, "url");
    }
    let json = json_ld_value(raw, &JSON_PUBLISHED);
    if let Some((d, value)) = meta_value(doc, rules::PUBLISHED_META) {
        // A UTC timestamp's day is not the day the outlet printed; the same moment written with the
        // outlet's own offset elsewhere on the page is.
        if is_utc_stamp(&value)
            && let Some(local) = local_json_day(raw, &value)
        {
            return found(local, "json-local");
        }
        return found(d, "meta");
    }
    if let Some((d, _)) = json {
        return found(d, "json");
    }
    if let Some(d) = marked_up_date(doc) {
        return found(d, "time-element");
    }
    if let Some(d) = labelled_element_date(doc) {
        return found(d, "labelled-element");
    }
    if let Some((d, _)) = meta_value(doc, rules::MODIFIED_META) {
        return found(d, "meta-modified");
    }
    if let Some(d) = headline_date(doc) {
        return found(d, "headline-line");
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
    // Day first, as German and French CMSs write it: `/meldungen/29-10-2021`.
    static DMY: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"/([0-3]\d)[-_.]([01]\d)[-_.]((?:19|20)\d{2})(?:[/_.-]|$)").ok());
    let Some(c) = RE.as_ref()?.captures(url) else {
        let c = DMY.as_ref()?.captures(url)?;
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return valid(n(3)? as i32, n(2)?, n(1)?);
    };
    let pick =
        |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = (pick(1, 4)?, pick(2, 5)?, pick(3, 6)?);
    valid(y as i32, m, d)
}

fn valid(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    (rules::MIN_DATE_YEAR..=rules::MAX_DATE_YEAR).contains(&y).then_some(())?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first `<meta>` date among `names` (in their order): its day and the value as written.
fn meta_value(doc: &Html, names: &[&str]) -> Option<(NaiveDate, String)> {
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
            if !key.eq_ignore_ascii_case(wanted) {
                continue;
            }
            if let Some(v) = e.attr("content").or_else(|| e.attr("datetime"))
                && let Some(d) = date_in(v)
            {
                return Some((d, v.to_string()));
            }
        }
    }
    None
}

/// The day of the first JSON publication timestamp that states the same moment as the UTC `utc` but with a
/// non-UTC offset (`2023-11-08T22:35:29-08:00` for `2023-11-09T06:35:29Z`): the outlet's local day.
fn local_json_day(raw: &str, utc: &str) -> Option<NaiveDate> {
    let moment = chrono::DateTime::parse_from_rfc3339(utc.trim()).ok()?;
    JSON_PUBLISHED.as_ref()?.captures_iter(raw).find_map(|c| {
        let v = c.get(1)?.as_str().trim();
        let t = chrono::DateTime::parse_from_rfc3339(v).ok()?;
        (t.offset().local_minus_utc() != 0 && t == moment).then(|| t.date_naive())
    })
}

/// An ISO timestamp with a time in UTC (`Z`, `+00:00`, `+0000`).
fn is_utc_stamp(value: &str) -> bool {
    let v = value.trim();
    v.len() > 10 && (v.ends_with('Z') || v.ends_with("+00:00") || v.ends_with("+0000"))
}

static JSON_PUBLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#""(?:datePublished|dateCreated|publishDate|published_at|publishedDate|date_published|publicationDate)"\s*:\s*"([^"]{6,40})""#)
        .ok()
});

/// `"datePublished": "..."` anywhere in the raw page (JSON-LD and inline app state alike): its day and the
/// value as written.
fn json_ld_value(raw: &str, re: &LazyLock<Option<Regex>>) -> Option<(NaiveDate, String)> {
    re.as_ref()?.captures_iter(raw).find_map(|c| {
        let v = c.get(1)?.as_str();
        date_in(v).map(|d| (d, v.to_string()))
    })
}

/// `<time datetime>` / `<abbr>` / itemprop elements that say they are the publication date (by their own or
/// their parent's class/id), then the first `<time datetime>` that is not marked as an update. Elements inside
/// quoted embeds and comment threads are skipped: they date someone else's post. The date readers see in the
/// element wins over its machine value (the page's annotators, like its readers, go by the visible one).
fn marked_up_date(doc: &Html) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| {
        Selector::parse(
            "time, abbr, [itemprop=datePublished], [itemprop=dateCreated], [property$=datePublished], \
             [property$=dateCreated], [pubdate]",
        )
        .ok()
    });
    let sel = SEL.as_ref()?;
    let mut first_time = None;
    for el in doc.select(sel) {
        if in_foreign_context(el) {
            continue;
        }
        let e = el.value();
        let mut label = label_of(e);
        if let Some(parent) = el.parent().and_then(ElementRef::wrap) {
            label.push(' ');
            label.push_str(&label_of(parent.value()));
        }
        let value = e.attr("datetime").or_else(|| e.attr("content")).or_else(|| e.attr("title"));
        let text: String = el.text().collect();
        let shown = (text.len() < rules::MAX_DATE_LABEL_CHARS)
            .then(|| dates_in_text(&text).into_iter().next())
            .flatten();
        let Some(date) = shown.or_else(|| value.and_then(date_in)) else { continue };
        let is_update = rules::UPDATE_LABEL.iter().any(|w| label.contains(w));
        let schema_prop = [e.attr("itemprop"), e.attr("property")]
            .into_iter()
            .flatten()
            .any(|p| p.ends_with("datePublished") || p.ends_with("dateCreated"));
        if e.attr("pubdate").is_some()
            || schema_prop
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

/// class, itemprop and id of an element, lowercased, for matching label words.
fn label_of(e: &scraper::node::Element) -> String {
    format!(
        "{} {} {}",
        e.attr("class").unwrap_or(""),
        e.attr("itemprop").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_lowercase()
}

/// Inside a quoted embed (`<blockquote>`: tweets, Instagram posts) or a comment thread.
fn in_foreign_context(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value().name() == "blockquote" || {
            let label = label_of(a.value());
            rules::FOREIGN_DATE_CONTEXT.iter().any(|w| label.contains(w))
        }
    })
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

/// The date line of the article: the first short text block with a date right after the headline (the first
/// `<h1>`, else the first `<h2>`). Blogs and press releases print "Posted January 13, 2020" under the title
/// without marking it up; the rest of the page (related lists, archives, dates quoted in the text) is what
/// makes the most frequent date wrong there.
fn headline_date(doc: &Html) -> Option<NaiveDate> {
    static BODY: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("body").ok());
    static H1: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("h1").ok());
    static H2: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("h2").ok());
    let body = doc.select(BODY.as_ref()?).next()?;
    let heading = body.select(H1.as_ref()?).next().or_else(|| body.select(H2.as_ref()?).next())?;
    let title = crate::metadata::clean_inline(&heading.text().collect::<String>());
    if title.is_empty() {
        return None;
    }
    let blocks = crate::html::paragraphs_of(body, |_| false);
    let at = blocks.iter().position(|b| *b == title)?;
    blocks
        .iter()
        .skip(at + 1)
        .take(rules::HEADLINE_DATE_BLOCKS)
        .filter(|b| b.chars().count() <= rules::HEADLINE_DATE_LINE_CHARS)
        .find_map(|b| dates_in_text(b).into_iter().next())
}

/// The most frequent full date in the page text outside links; ties go to the earliest.
fn frequent_text_date(doc: &Html) -> Option<NaiveDate> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("body").ok());
    let body = doc.select(SEL.as_ref()?).next()?;
    let mut counts: HashMap<NaiveDate, usize> = HashMap::new();
    // Link text is left out: dates there name other pages (related articles, archives, event calendars).
    let text = crate::html::paragraphs_of(body, |e| e.name() == "a").join("\n");
    for d in dates_in_text(&text) {
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

    fn date_of(page: &str) -> Option<String> {
        publish_date(page, None).map(|d| d.to_string())
    }

    #[test]
    fn date_line_under_the_headline_beats_dates_elsewhere() {
        let page = "<html><body><ul><li><a href=\"/a\">Links 2014-04-23</a></li></ul><h1>Emulator</h1>\
            <small>Donnerstag, 15.2.2018, 19:51</small><p>Ein langer Absatz über Emulatoren, der am 1.1.2010 \
            erwähnt wurde und noch viel mehr Text enthält als eine Datumszeile je hätte, damit er Prosa ist.</p>\
            <p>Seit 1.1.2010 gibt es das.</p></body></html>";
        assert_eq!(date_of(page).as_deref(), Some("2018-02-15"));
    }

    #[test]
    fn dates_of_embeds_and_comments_do_not_count() {
        let page = "<html><body><blockquote><time datetime=\"2018-03-12T19:30:12+00:00\">Mar 12</time></blockquote>\
            <div class=\"comments\"><time datetime=\"2019-07-03\" pubdate>3 juillet</time></div>\
            <p class=\"publication\">Le <time datetime=\"2019-06-28T13:49:45Z\">28 juin 2019</time></p></body></html>";
        assert_eq!(date_of(page).as_deref(), Some("2019-06-28"));
        // The visible date wins over the element's machine value.
        let shown = "<html><body><div class=\"time\"><time datetime=\"2019-07-03T10:18:46Z\">Publié le 29 juin 2019</time></div></body></html>";
        assert_eq!(date_of(shown).as_deref(), Some("2019-06-29"));
        let rdfa = "<html><body><span property=\"schema:dateCreated\" content=\"2022-01-28T12:45:46+00:00\"></span></body></html>";
        assert_eq!(date_of(rdfa).as_deref(), Some("2022-01-28"));
    }

    #[test]
    fn utc_meta_gives_way_to_the_same_moment_in_local_time() {
        let page = r#"<html><head><meta property="article:published_time" content="2023-11-09T06:35:29+00:00">
            <script type="application/ld+json">{"datePublished":"2023-11-09T06:35:29+00:00",
            "publicationDate":"2023-11-08T22:35:29-08:00"}</script></head><body></body></html>"#;
        assert_eq!(date_of(page).as_deref(), Some("2023-11-08"));
        // A local stamp of another moment (an update) does not move the day.
        let other = page.replace("22:35:29-08:00", "23:55:47-08:00");
        assert_eq!(date_of(&other).as_deref(), Some("2023-11-09"));
    }

    #[test]
    fn day_first_url_dates_and_page_wide_forms() {
        assert_eq!(
            url_date("https://x.de/meldungen/29-10-2021").map(|d| d.to_string()).as_deref(),
            Some("2021-10-29")
        );
        let filler =
            "Unter dem Motto wurde das erste Turnier ausgetragen und viele Vereine nahmen teil. ".repeat(25);
        let page =
            format!("<html><body><form action=\"./x\"><p>06.05.2018</p><p>{filler}</p></form></body></html>");
        assert_eq!(date_of(&page).as_deref(), Some("2018-05-06"));
    }
}
