//! The original publication date of an HTML page at day granularity, found much the way htmldate does it: the
//! URL, the date line under the headline, `<meta>` publication fields, JSON-LD, marked-up `<time>`/`<abbr>`,
//! date-labelled elements, cued date lines, and finally the most frequent full date in the page text (see
//! [`STEPS`]). Dates are the calendar day as written on the page (no time-zone shift), never before
//! [`rules::MIN_DATE_YEAR`].

use crate::rules;
use chrono::NaiveDate;
use newsdesk_text::calendar::month_number;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
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
    let doc = crate::html::parse_page(html);
    find_publish_date(&doc, html, url).map(|d| d.date)
}

/// [`publish_date`] with the name of the step that decided ("url", "meta", "json", "page-text", ...), for
/// diagnostics and error analysis.
pub fn publish_date_with_source(html: &str, url: Option<&str>) -> Option<(NaiveDate, &'static str)> {
    let html = crate::html::cap_str(html);
    let doc = crate::html::parse_page(html);
    publish_date_in(&doc, html, url)
}

/// [`publish_date_with_source`] over a page already parsed into `doc`, so extraction parses each page once.
/// `raw` is the page source `doc` was parsed from (JSON-LD and machine dates are read from it).
pub fn publish_date_in(doc: &Html, raw: &str, url: Option<&str>) -> Option<(NaiveDate, &'static str)> {
    find_publish_date(doc, raw, url).map(|d| (d.date, d.source))
}

/// What every step of [`publish_date`] alone would answer, in the order the steps are trusted (the first
/// answer wins). For error analysis: which step is right where, not only which one decided.
pub fn publish_date_steps(html: &str, url: Option<&str>) -> Vec<(&'static str, Option<NaiveDate>)> {
    let html = crate::html::cap_str(html);
    let doc = crate::html::parse_page(html);
    let page = Page::new(&doc, html, url);
    STEPS.iter().map(|(name, step)| (*name, step(&page).map(|d| d.0))).collect()
}

pub(crate) fn find_publish_date(doc: &Html, raw: &str, url: Option<&str>) -> Option<PageDate> {
    let page = Page::new(doc, raw, url);
    STEPS.iter().find_map(|(_, step)| step(&page)).map(|(date, source)| PageDate { date, source })
}

/// What the steps read: the tree, the raw source and the page's URL (given, else its canonical link).
struct Page<'a> {
    doc: &'a Html,
    raw: &'a str,
    url: Option<String>,
}

impl<'a> Page<'a> {
    fn new(doc: &'a Html, raw: &'a str, url: Option<&str>) -> Self {
        let url = url.map(str::to_string).or_else(|| attr(doc, "link[rel=canonical]", "href"));
        Page { doc, raw, url }
    }

    fn body(&self) -> Option<ElementRef<'a>> {
        static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("body").ok());
        self.doc.select(SEL.as_ref()?).next()
    }
}

type Step = fn(&Page) -> Option<(NaiveDate, &'static str)>;

/// The steps, most trusted first: htmldate's order (URL, header, JSON, markup, text) with two changes
/// measured on htmldate-eval. The short date line right under the headline comes before the machine dates:
/// it is the day readers (and annotators) see, where `<meta>` may be a UTC stamp a day off, a CMS creation
/// date or a re-publication (right on 97% of the pages where it answers, `<meta>` on 93%). And a machine date
/// that the page's own dates unanimously contradict gives way to them.
const STEPS: &[(&str, Step)] = &[
    ("url", |p| p.url.as_deref().and_then(url_date).map(|d| (d, "url"))),
    ("headline-line", |p| headline_date(p).map(|d| (d, "headline-line"))),
    ("page-consensus", page_consensus),
    ("meta", meta_step),
    ("json", json_step),
    ("time-element", |p| marked_up_date(p.doc).map(|d| (d, "time-element"))),
    ("labelled-element", |p| labelled_element_date(p).map(|d| (d, "labelled-element"))),
    ("cue-text", |p| cued_text_date(p).map(|d| (d, "cue-text"))),
    ("meta-modified", meta_modified_step),
    ("page-text", |p| frequent_text_date(p).map(|d| (d, "page-text"))),
    ("title", |p| {
        attr_text(p.doc, "title").and_then(|t| dates_in_text(&t).into_iter().next()).map(|d| (d, "title"))
    }),
    ("raw-html", |p| raw_html_date(p.raw).map(|d| (d, "raw-html"))),
];

fn json_step(p: &Page) -> Option<(NaiveDate, &'static str)> {
    json_ld_value(p.raw, &JSON_PUBLISHED).map(|(d, _)| (d, "json"))
}

fn meta_modified_step(p: &Page) -> Option<(NaiveDate, &'static str)> {
    meta_value(p.doc, rules::MODIFIED_META).map(|(d, _)| (d, "meta-modified"))
}

/// The page's own dates against its machine publication date (`<meta>`, else JSON): when at least
/// [`rules::PAGE_CONSENSUS_MIN`] of the later steps (marked-up, labelled, cued, modified, most frequent in
/// the text) answer, all with the same day, and none with the machine's, the machine date is a stale CMS
/// field and the page's day wins. Stops at the first step that agrees with the machine or disagrees with
/// another, so pages whose sources agree pay for one or two steps.
fn page_consensus(p: &Page) -> Option<(NaiveDate, &'static str)> {
    let machine = meta_step(p).or_else(|| json_step(p))?.0;
    let page_steps: [Step; 5] = [
        |p| marked_up_date(p.doc).map(|d| (d, "")),
        |p| labelled_element_date(p).map(|d| (d, "")),
        |p| cued_text_date(p).map(|d| (d, "")),
        meta_modified_step,
        |p| frequent_text_date(p).map(|d| (d, "")),
    ];
    let (mut agreed, mut votes) = (None, 0usize);
    for step in page_steps {
        let Some((d, _)) = step(p) else { continue };
        if d == machine || agreed.is_some_and(|a| a != d) {
            return None;
        }
        agreed = Some(d);
        votes += 1;
    }
    (votes >= rules::PAGE_CONSENSUS_MIN).then_some((agreed?, "page-consensus"))
}

/// Publication `<meta>`; a UTC timestamp's day is not the day the outlet printed, so the same moment written
/// with the outlet's own offset in the page's JSON wins.
fn meta_step(p: &Page) -> Option<(NaiveDate, &'static str)> {
    let (d, value) = meta_value(p.doc, rules::PUBLISHED_META)?;
    if is_utc_stamp(&value)
        && let Some(local) = local_json_day(p.raw, &value)
    {
        return Some((local, "json-local"));
    }
    Some((d, "meta"))
}

/// Machine dates in the raw page (scripts, attributes), as htmldate's last resort: the first full timestamp
/// with a time of day, else the most frequent `YYYY-MM-DD`.
fn raw_html_date(raw: &str) -> Option<NaiveDate> {
    static TS: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}:\d{2}").ok());
    let first_stamp = TS.as_ref()?.captures_iter(raw).find_map(|c| {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        valid(n(1)? as i32, n(2)?, n(3)?)
    });
    if first_stamp.is_some() {
        return first_stamp;
    }
    let mut counts: HashMap<NaiveDate, usize> = HashMap::new();
    for d in machine_dates(raw) {
        *counts.entry(d).or_default() += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(d, _)| d)
}

/// `/2020/10/09/`, `/2020-10-09-`, `_20201009` style dates in a URL path.
fn url_date(url: &str) -> Option<NaiveDate> {
    static RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})[/_.-]([01]?\d)[/_.-]([0-3]?\d)([/_.-]|$)|/((?:19|20)\d{2})([01]\d)([0-3]\d)(?:/|_|-|$)").ok()
    });
    // Day first, as German and French CMSs write it: `/meldungen/29-10-2021`.
    static DMY: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"/([0-3]\d)[-_.]([01]\d)[-_.]((?:19|20)\d{2})(?:[/_.-]|$)").ok());
    let Some(c) = RE.as_ref()?.captures(url) else {
        let c = DMY.as_ref()?.captures(url)?;
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return valid(n(3)? as i32, n(2)?, n(1)?);
    };
    // `/2023/10/3-fragen-an/`: a one-digit number before a dash starts the slug, it is not a day.
    if c.get(3).is_some_and(|d| d.as_str().len() == 1) && c.get(4).is_some_and(|s| s.as_str() != "/") {
        return None;
    }
    let pick =
        |a: usize, b: usize| c.get(a).or_else(|| c.get(b)).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = (pick(1, 5)?, pick(2, 6)?, pick(3, 7)?);
    valid(y as i32, m, d)
}

fn valid(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    (rules::MIN_DATE_YEAR..=rules::MAX_DATE_YEAR).contains(&y).then_some(())?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The `<meta>` date of the first of `names`: the first such element in the page (htmldate reads the head in
/// document order: a page's first publication field is the one its CMS wrote for this article), its day and
/// the value as written.
fn meta_value(doc: &Html, names: &[&str]) -> Option<(NaiveDate, String)> {
    static SEL: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("meta").ok());
    let sel = SEL.as_ref()?;
    let key_of = |e: &scraper::node::Element| {
        e.attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .or_else(|| e.attr("http-equiv"))
            .unwrap_or("")
            .to_string()
    };
    let date_of = |e: &scraper::node::Element| {
        let v = e.attr("content").or_else(|| e.attr("datetime"))?;
        date_in(v).map(|d| (d, v.to_string()))
    };
    doc.select(sel).find_map(|el| {
        let key = key_of(el.value());
        names.iter().any(|w| key.eq_ignore_ascii_case(w)).then(|| date_of(el.value())).flatten()
    })
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

/// Whether `e` has a class, itemprop or id: without one, [`label_of`] is blank and matches no label word.
fn has_label(e: &scraper::node::Element) -> bool {
    e.attrs().any(|(name, _)| matches!(name, "class" | "itemprop" | "id"))
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
/// Only the nearest [`rules::FOREIGN_CONTEXT_DEPTH`] ancestors are looked at, so a deeply nested page costs
/// linear time.
fn in_foreign_context(el: ElementRef) -> bool {
    el.ancestors()
        .take(rules::FOREIGN_CONTEXT_DEPTH)
        .filter_map(ElementRef::wrap)
        .any(|a| is_foreign(a.value()))
}

/// An element whose dates belong to someone else's post: a quoted embed or a comment thread.
fn is_foreign(e: &scraper::node::Element) -> bool {
    if e.name() == "blockquote" {
        return true;
    }
    if !has_label(e) {
        return false;
    }
    let label = label_of(e);
    rules::FOREIGN_DATE_CONTEXT.iter().any(|w| label.contains(w))
}

/// Short elements whose class/id says they hold a date or byline: the earliest date in the first one that has
/// one (an "updated" line usually sits next to the original date). `<small>` print is a date line by
/// convention (htmldate reads every one).
fn labelled_element_date(p: &Page) -> Option<NaiveDate> {
    // A walk under `<body>`, not the selector `body *`, whose ancestor test is quadratic on deep pages.
    for el in p.body()?.descendants().filter_map(ElementRef::wrap) {
        let e = el.value();
        if matches!(e.name(), "script" | "style" | "head" | "html" | "body") {
            continue;
        }
        // Most elements have no label attribute: their label is blank and matches no word (no allocation).
        if e.name() != "small" && !has_label(e) {
            continue;
        }
        let label = format!(
            "{} {} {}",
            e.attr("class").unwrap_or(""),
            e.attr("id").unwrap_or(""),
            e.attr("itemprop").unwrap_or("")
        )
        .to_lowercase();
        if e.name() != "small" && !rules::DATE_ELEMENT_LABEL.iter().any(|w| label.contains(w)) {
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
        if is_foreign(e) || in_foreign_context(el) {
            continue;
        }
        let text = blocks_of(el, |_| false).join("\n");
        if let Some(d) = dates_in(&text, true).into_iter().min() {
            return Some(d);
        }
    }
    None
}

/// A date right after a word that announces it ("Veröffentlicht am 3.2.2022", "Stand: 09.10.2017", "Posted
/// on", "Date:"), in the page text outside comments, embeds and furniture: htmldate's "idiosyncrasies".
/// A publication cue wins over an update cue; an update cue ("Stand", "Updated") still dates a page that
/// states nothing else.
fn cued_text_date(p: &Page) -> Option<NaiveDate> {
    static CUE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        let words =
            rules::PUBLISHED_CUES.iter().chain(rules::UPDATED_CUES).copied().collect::<Vec<_>>().join("|");
        Regex::new(&format!(r"(?i)(?:^|[^\p{{L}}])({words})\b(?:\s+(?:am|on|le|el|il|em|op))?\s*:?\s*")).ok()
    });
    let body = p.body()?;
    let text = blocks_of(body, is_foreign).join("\n");
    let mut updated = None;
    for c in CUE.as_ref()?.captures_iter(&text) {
        let (Some(cue), Some(whole)) = (c.get(1), c.get(0)) else { continue };
        // The date follows on the cue's own line (a weekday may come first).
        let line = text[whole.end()..].split('\n').next().unwrap_or("");
        let rest: String = line.chars().take(rules::CUE_DATE_REACH).collect();
        let Some(d) = dates_in(&rest, true).into_iter().next() else { continue };
        let cue = cue.as_str().to_lowercase();
        if rules::PUBLISHED_CUES.contains(&cue.as_str()) {
            return Some(d);
        }
        updated = updated.or(Some(d));
    }
    updated
}

/// The date line of the article: the first short text block with a date right after the headline (the first
/// `<h1>`, else the first `<h2>`). Blogs and press releases print "Posted January 13, 2020" under the title
/// without marking it up; the rest of the page (related lists, archives, dates quoted in the text) is what
/// makes the most frequent date wrong there.
fn headline_date(p: &Page) -> Option<NaiveDate> {
    static H1: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("h1").ok());
    static H2: LazyLock<Option<Selector>> = LazyLock::new(|| Selector::parse("h2").ok());
    let body = p.body()?;
    let heading = body.select(H1.as_ref()?).next().or_else(|| body.select(H2.as_ref()?).next())?;
    let title = blocks_of(heading, |_| false).pop()?;
    let blocks = blocks_of(body, |_| false);
    let at = blocks.iter().position(|b| *b == title)?;
    for b in blocks.iter().skip(at + 1).take(rules::HEADLINE_DATE_BLOCKS) {
        if b.chars().count() > rules::HEADLINE_DATE_LINE_CHARS {
            continue;
        }
        if let Some((d, guess)) = dates_found(b, true).into_iter().next() {
            // `11/08/23`: which number is the month is a guess; let the page's other sources decide.
            return (!guess).then_some(d);
        }
    }
    None
}

/// The most frequent full date in the page text outside links, comments and embeds; ties go to the earliest.
/// Dates in short blocks (date lines) are counted first: a date inside a long paragraph is what the text
/// reports on, not when it was written.
fn frequent_text_date(p: &Page) -> Option<NaiveDate> {
    let body = p.body()?;
    // Link text is left out: dates there name other pages (related articles, archives, event calendars).
    let blocks = blocks_of(body, |e| e.name() == "a");
    let most_frequent = |blocks: &mut dyn Iterator<Item = &String>| {
        let mut counts: HashMap<NaiveDate, usize> = HashMap::new();
        for b in blocks {
            for d in dates_in_text(b) {
                *counts.entry(d).or_default() += 1;
            }
        }
        counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(d, _)| d)
    };
    if let Some(d) =
        most_frequent(&mut blocks.iter().filter(|b| b.chars().count() <= rules::HEADLINE_DATE_LINE_CHARS))
    {
        return Some(d);
    }
    most_frequent(&mut blocks.iter())
}

/// Tags whose text is never page text.
const NON_TEXT_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "select", "textarea", "button", "head",
    "title",
];

/// Tags that start and end a text block of their own (`<br>` ends a line).
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "address",
    "br",
    "hr",
    "form",
    "fieldset",
];

/// The text blocks under `root` in document order, whitespace collapsed, leaving out subtrees `skip` names.
fn blocks_of(root: ElementRef, skip: impl Fn(&scraper::node::Element) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let flush = |buf: &mut String, out: &mut Vec<String>| {
        let text = clean_inline(buf);
        if !text.is_empty() {
            out.push(text);
        }
        buf.clear();
    };
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => buf.push_str(t),
                    Node::Element(e) if node.id() != root.id() => {
                        if NON_TEXT_TAGS.contains(&e.name()) || skip(e) {
                            skipping = Some(node.id());
                        } else if BLOCK_TAGS.contains(&e.name()) {
                            flush(&mut buf, &mut out);
                        } else {
                            buf.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none()
                    && let Node::Element(e) = node.value()
                    && BLOCK_TAGS.contains(&e.name())
                {
                    flush(&mut buf, &mut out);
                }
            }
        }
    }
    flush(&mut buf, &mut out);
    out
}

fn clean_inline(s: &str) -> String {
    crate::metadata::clean_inline(s)
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
        // Two-digit years, only where the text is known to be a date line (see `dates_in`). Not part of a
        // longer dotted or slashed number (versions, paths).
        ("dmy2", r"(?:^|[^\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?:$|[^\d.]|\.(?:$|\s))"),
        ("mdy-or-dmy2", r"(?:^|[^\d/])(\d{1,2})/(\d{1,2})/(\d{2})(?:$|[^\d/])"),
    ]
    .into_iter()
    .filter_map(|(name, p)| Regex::new(p).ok().map(|re| (name, re)))
    .collect()
});

/// Every full date (day, month, 4-digit year) written in `text`, in order of appearance.
pub(crate) fn dates_in_text(text: &str) -> Vec<NaiveDate> {
    dates_in(text, false)
}

/// A two-digit year as the century it most likely means (htmldate's rule: from the pivot on, the 1900s).
fn full_year(yy: u32) -> i32 {
    let yy = yy as i32;
    if yy >= rules::SHORT_YEAR_PIVOT { 1900 + yy } else { 2000 + yy }
}

/// [`dates_in_text`], also reading two-digit years (`8.5.12`, `26/10/13`) when `short_years`: only for text
/// known to be a date line (a date-labelled element, a cued date, the line under the headline), where such a
/// number cannot be a version or a score.
fn dates_in(text: &str, short_years: bool) -> Vec<NaiveDate> {
    dates_found(text, short_years).into_iter().map(|(d, _)| d).collect()
}

/// Whether any pattern of [`TEXT_DATES`] could match: each needs four digits in a row (the year), or, for
/// the two-digit-year patterns, a digit. `\d` is Unicode `Nd`, within what `is_numeric` accepts, so a `false`
/// here is exact; most text blocks have no year and skip the eight regex scans (time only, results unchanged).
fn could_hold_date(text: &str, short_years: bool) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_numeric() {
            run += 1;
            if short_years || run >= 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// [`dates_in`] with, per date, whether its day/month order is a guess (`03/04/2020`: both numbers could be
/// the month).
fn dates_found(text: &str, short_years: bool) -> Vec<(NaiveDate, bool)> {
    if !could_hold_date(text, short_years) {
        return Vec::new();
    }
    let mut found: Vec<(usize, NaiveDate, bool)> = Vec::new();
    for (kind, re) in TEXT_DATES.iter() {
        if !short_years && kind.ends_with('2') {
            continue;
        }
        for c in re.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            if found.iter().any(|(pos, _, _)| *pos == whole.start()) {
                continue;
            }
            let s = |i: usize| c.get(i).map_or("", |m| m.as_str());
            let n = |i: usize| s(i).parse::<u32>().ok();
            // Day first is the European default; a first number above 12 can only be a day, a second above
            // 12 only a day too (US order). Both up to 12 (and different): a guess.
            let either_order = |year: i32| {
                let (a, b) = (n(1)?, n(2)?);
                let date = if b > 12 { valid(year, a, b) } else { valid(year, b, a) }?;
                Some((date, a <= 12 && b <= 12 && a != b))
            };
            let date = match *kind {
                "ymd" | "cjk" => {
                    n(1).zip(n(2)).zip(n(3)).and_then(|((y, m), d)| valid(y as i32, m, d)).map(|d| (d, false))
                }
                "dmy" => n(3).and_then(|y| valid(y as i32, n(2)?, n(1)?)).map(|d| (d, false)),
                "mdy-or-dmy" => n(3).and_then(|y| either_order(y as i32)),
                "d-month-y" => {
                    n(3).and_then(|y| valid(y as i32, month_number(s(2))?, n(1)?)).map(|d| (d, false))
                }
                "month-d-y" => {
                    n(3).and_then(|y| valid(y as i32, month_number(s(1))?, n(2)?)).map(|d| (d, false))
                }
                "dmy2" => n(3).and_then(|y| valid(full_year(y), n(2)?, n(1)?)).map(|d| (d, false)),
                "mdy-or-dmy2" => n(3).and_then(|y| either_order(full_year(y))),
                _ => None,
            };
            if let Some((d, guess)) = date {
                found.push((whole.start(), d, guess));
            }
        }
    }
    found.sort_by_key(|(pos, _, _)| *pos);
    found.into_iter().map(|(_, d, guess)| (d, guess)).collect()
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

    const PROSE: &str = "<p>Ein langer Absatz, der erzählt, was geschah, und der viel länger ist als eine \
        Datumszeile, damit er als Fließtext gilt und nicht als Zeile mit einem Datum darin.</p>";

    #[test]
    fn the_date_line_under_the_headline_beats_machine_dates_unless_its_order_is_a_guess() {
        let head = r#"<head><meta property="article:published_time" content="2020-04-30T01:00:00Z"></head>"#;
        let page = format!("<html>{head}<body><h1>Mietenstreik</h1><p>29.04.2020</p>{PROSE}</body></html>");
        assert_eq!(date_of(&page).as_deref(), Some("2020-04-29"));
        // `11/08/23` could be either order: the meta decides.
        let us = format!("<html>{head}<body><h1>Louvre</h1><p>11/08/23 5:19pm</p>{PROSE}</body></html>");
        assert_eq!(date_of(&us).as_deref(), Some("2020-04-30"));
    }

    #[test]
    fn the_first_publication_meta_in_the_page_wins() {
        let page = r#"<html><head><meta name="date" content="2022-02-04 15:33">
            <meta property="article:published_time" content="2021-12-14T10:00:00+01:00"></head><body></body></html>"#;
        assert_eq!(date_of(page).as_deref(), Some("2022-02-04"));
    }

    #[test]
    fn two_digit_years_only_in_date_lines() {
        let labelled = "<html><body><div class=\"date\">Party, 30.10.23</div></body></html>";
        assert_eq!(date_of(labelled).as_deref(), Some("2023-10-30"));
        let small = "<html><body><p><small>von lupa am 26/10/13, 03:48 pm</small></p></body></html>";
        assert_eq!(date_of(small).as_deref(), Some("2013-10-26"));
        // In running text a dotted number is a version, not a date.
        assert_eq!(date_of("<html><body><p>Version 8.5.12 ist da.</p></body></html>"), None);
        assert_eq!(dates_in("1.2.10.4 and 3/4/5", true), Vec::<NaiveDate>::new());
    }

    #[test]
    fn cued_dates_publication_before_update() {
        let stand = format!("<html><body>{PROSE}<p>[Stand: 09.10.2017, 01:40 Uhr]</p></body></html>");
        assert_eq!(date_of(&stand).as_deref(), Some("2017-10-09"));
        let both = format!(
            "<html><body>{PROSE}<p>Aktualisiert: 3. März 2021</p><p>Veröffentlicht am Montag, 1. März 2021</p>\
             <p>Am 28.09.2017 und am 28.09.2017 war etwas.</p></body></html>"
        );
        assert_eq!(date_of(&both).as_deref(), Some("2021-03-01"));
    }

    #[test]
    fn labelled_dates_in_comment_threads_do_not_count() {
        let page = "<html><body><ol class=\"commentlist\"><li><div class=\"comment-meta\">15. Dezember 2015</div>\
            </li></ol><div class=\"post-date\">14. Dezember 2015</div></body></html>";
        assert_eq!(date_of(page).as_deref(), Some("2015-12-14"));
    }

    #[test]
    fn dates_in_short_lines_outweigh_dates_in_prose() {
        let cited = "<p>Quoted from Jeannette Layne-Clark, Minister on Stage, in the Daily Nation (Barbados) of \
            Mar 20, 2005, a longer citation than any date line.</p>";
        let page =
            format!("<html><body><div><div>Apr 7, 2009</div></div>{PROSE}{cited}{cited}</body></html>");
        assert_eq!(date_of(&page).as_deref(), Some("2009-04-07"));
    }

    #[test]
    fn the_pages_unanimous_dates_overrule_a_stale_meta() {
        let head =
            r#"<head><meta property="article:published_time" content="2022-01-21T09:00:00+01:00"></head>"#;
        let page = format!(
            "<html>{head}<body><time datetime=\"2022-01-27\">27.01.2022</time><span class=\"date\">27.01.2022\
             </span>{PROSE}<p>Schneeflöckchen, 27.01.2022</p></body></html>"
        );
        assert_eq!(date_of(&page).as_deref(), Some("2022-01-27"));
        // Two witnesses are not enough: the meta stays.
        let two =
            format!("<html>{head}<body><time datetime=\"2022-01-27\">27.01.2022</time>{PROSE}</body></html>");
        assert_eq!(date_of(&two).as_deref(), Some("2022-01-21"));
        let answers = publish_date_steps(&page, None);
        assert_eq!(answers.len(), STEPS.len());
        assert!(answers.iter().any(|(name, d)| *name == "meta" && d.map(|d| d.to_string()).as_deref() == Some("2022-01-21")));
    }

    #[test]
    fn url_slugs_and_raw_timestamps() {
        assert_eq!(url_date("https://blog.x.de/2023/10/3-fragen-an-tina/"), None);
        assert_eq!(
            url_date("https://x.org/2020/10/9/story").map(|d| d.to_string()).as_deref(),
            Some("2020-10-09")
        );
        // Last resort: the first full timestamp in the raw page, not the most frequent bare date.
        let raw = r#"<html><body><script>{"taken":"2013-02-16T04:36:36-05:00","a":"2017-01-01","b":"2017-01-01"}
            </script></body></html>"#;
        assert_eq!(date_of(raw).as_deref(), Some("2013-02-16"));
    }
}
