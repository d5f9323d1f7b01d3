//! Page metadata from `<head>` and JSON-LD: titles, author, dates, canonical URL, image, site name, language.

use crate::rules;
use scraper::{Html, Selector};
use serde_json::Value;

/// Everything the page says about itself, before preferences between sources are applied.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title_tag: Option<String>,
    pub og_title: Option<String>,
    pub twitter_title: Option<String>,
    pub jsonld_headline: Option<String>,
    pub h1: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    pub image: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
}

impl PageMeta {
    /// Title by preference: og:title, JSON-LD headline, twitter:title, the first `<h1>`, then `<title>`;
    /// a site-name suffix is stripped from whichever wins.
    pub fn best_title(&self) -> Option<String> {
        [&self.og_title, &self.jsonld_headline, &self.twitter_title, &self.h1, &self.title_tag]
            .into_iter()
            .flatten()
            .map(|t| strip_site_suffix(t, self.site_name.as_deref()))
            .find(|t| !t.is_empty())
    }
}

pub(crate) fn read_meta(doc: &Html) -> PageMeta {
    let metas = Metas::of(doc);
    let mut m = PageMeta {
        title_tag: first_text(doc, "title"),
        og_title: metas.content(&["og:title"]),
        twitter_title: metas.content(&["twitter:title"]),
        h1: first_text(doc, "h1"),
        author: metas
            .content(&["author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"])
            .filter(|a| !a.starts_with("http"))
            .or_else(|| {
                first_text(doc, "[rel=author], [itemprop=author] [itemprop=name], [itemprop=author]")
            }),
        published: metas
            .content(&[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "pubdate",
                "publishdate",
                "date",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
                "parsely-pub-date",
            ])
            .or_else(|| attr(doc, "time[datetime]", "datetime"))
            .or_else(|| attr(doc, "[itemprop=datePublished]", "content")),
        canonical: attr(doc, "link[rel=canonical]", "href"),
        og_url: metas.content(&["og:url"]),
        image: metas.content(&["og:image", "og:image:url", "twitter:image", "twitter:image:src"]),
        site_name: metas.content(&["og:site_name", "application-name"]),
        lang: attr(doc, "html", "lang"),
        ..PageMeta::default()
    };
    apply_json_ld(doc, &mut m);
    m
}

/// JSON-LD (NewsArticle/Article/...): headline, datePublished, author.name, publisher.name, image.
/// Fills only what `<meta>` left empty, except the headline, which has its own slot.
fn apply_json_ld(doc: &Html, m: &mut PageMeta) {
    let Ok(sel) = Selector::parse("script[type=\"application/ld+json\"]") else { return };
    for script in doc.select(&sel) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else { continue };
        let Some(article) = find_article(&value, 0) else { continue };
        set_if_none(
            &mut m.jsonld_headline,
            str_field(article, "headline").or_else(|| str_field(article, "name")),
        );
        set_if_none(&mut m.published, str_field(article, "datePublished"));
        set_if_none(&mut m.author, article.get("author").and_then(person_names));
        set_if_none(&mut m.site_name, article.get("publisher").and_then(|p| str_field(p, "name")));
        set_if_none(&mut m.image, article.get("image").and_then(image_url));
        set_if_none(&mut m.canonical, str_field(article, "url").filter(|u| u.starts_with("http")));
    }
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "BackgroundNewsArticle",
    "Report",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
];

/// The first article-typed object in a JSON-LD value (arrays, `@graph` and nesting are searched, depth-capped).
fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    if depth > 6 {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(map) => {
            let typed = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => {
                    ts.iter().any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t)))
                }
                _ => false,
            };
            if typed {
                return Some(v);
            }
            map.get("@graph")
                .and_then(|g| find_article(g, depth + 1))
                .or_else(|| map.get("mainEntity").and_then(|g| find_article(g, depth + 1)))
        }
        _ => None,
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(clean_inline).filter(|s| !s.is_empty())
}

fn person_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![clean_inline(s)],
        Value::Object(_) => str_field(v, "name").into_iter().collect(),
        Value::Array(items) => items.iter().filter_map(person_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty() && !n.starts_with("http")).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(_) => str_field(v, "url"),
        Value::Array(items) => items.iter().find_map(image_url),
        _ => None,
    }
}

fn set_if_none(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// The page's `<meta content>` elements as (key, content), key = property, name or itemprop; collected in one
/// walk of the page and then looked up by name (a selector walk per wanted name was a measurable cost).
struct Metas<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Metas<'a> {
    fn of(doc: &'a Html) -> Self {
        let Ok(sel) = Selector::parse("meta[content]") else { return Metas(Vec::new()) };
        Metas(
            doc.select(&sel)
                .map(|el| {
                    let e = el.value();
                    let key = e
                        .attr("property")
                        .or_else(|| e.attr("name"))
                        .or_else(|| e.attr("itemprop"))
                        .unwrap_or("");
                    (key, e.attr("content").unwrap_or(""))
                })
                .collect(),
        )
    }

    /// The first non-empty content for the first of `names` (in order of preference) that has one.
    fn content(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|wanted| {
            self.0
                .iter()
                .filter(|(key, _)| key.eq_ignore_ascii_case(wanted))
                .map(|(_, content)| clean_inline(content))
                .find(|v| !v.is_empty())
        })
    }
}

fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel).map(|el| clean_inline(&el.text().collect::<String>())).find(|t| !t.is_empty())
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(css).ok()?;
    doc.select(&sel).filter_map(|el| el.value().attr(name)).map(clean_inline).find(|t| !t.is_empty())
}

/// Whitespace runs collapsed to one space, ends trimmed (`split_whitespace` joined by spaces, without the
/// intermediate vector: this runs once per text block of every page).
pub(crate) fn clean_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// "Harbour vote passes | Valdoria Herald" → "Harbour vote passes". The suffix goes when it names the site
/// or is short (≤ MAX_SITE_SUFFIX_WORDS words) and the remaining headline is longer than it.
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = clean_inline(title);
    let mut best = title.clone();
    for sep in rules::TITLE_SEPARATORS {
        if let Some(pos) = best.rfind(sep) {
            let (head, tail) = (best[..pos].trim(), best[pos + sep.len()..].trim());
            let tail_words = tail.split_whitespace().count();
            let names_site = site.is_some_and(|s| {
                let (s, t) = (s.to_lowercase(), tail.to_lowercase());
                !s.is_empty() && (t.contains(&s) || s.contains(&t))
            });
            let short_tail = tail_words <= rules::MAX_SITE_SUFFIX_WORDS
                && head.split_whitespace().count() > tail_words
                && *sep != " - "
                || (*sep == " - " && tail_words <= 3 && head.split_whitespace().count() >= 4);
            if !head.is_empty() && (names_site || short_tail) {
                best = head.to_string();
            }
        }
    }
    // A prefix naming the site: "Valdoria Herald | Harbour vote passes".
    if let Some(site) = site {
        for sep in rules::TITLE_SEPARATORS {
            if let Some(rest) = best.strip_prefix(&format!("{site}{sep}")) {
                best = rest.trim().to_string();
            }
        }
    }
    best
}

/// "By Mira Kovac, Staff Writer | March 3, 2026" → "Mira Kovac". `None` if nothing name-like is left.
pub(crate) fn clean_byline(raw: &str) -> Option<String> {
    let mut s = clean_inline(raw);
    if let Some(re) = rules::BYLINE_NOISE.as_ref() {
        while let Some(m) = re.find(&s) {
            s = s[m.end()..].to_string();
        }
    }
    // Cut at the first separator that starts a date, role or outlet.
    for sep in
        [" | ", " - ", " — ", " – ", " on ", " · ", "\u{2022}", ";", " Updated", " Published", " Posted"]
    {
        if let Some(pos) = s.find(sep) {
            s.truncate(pos);
        }
    }
    if let Some((name, rest)) = s.split_once(", ") {
        // "Mira Kovac, Staff Writer" keeps the name; "Mira Kovac, Tom Reed" keeps both.
        let role =
            rest.split_whitespace().next().is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
                || ROLE_WORDS.iter().any(|r| rest.to_lowercase().contains(r))
                || rest.chars().any(|c| c.is_ascii_digit());
        if role {
            s = name.to_string();
        }
    }
    let s = s.trim().trim_end_matches([',', '.', ':', '|']).trim().to_string();
    if looks_like_date_line(&s) {
        return None;
    }
    let words = s.split_whitespace().count();
    (words > 0 && words <= 12 && !s.contains("http") && s.chars().any(char::is_alphabetic)).then_some(s)
}

/// A "byline" that is really a date or update line ("April 28, 2019 at 6:01 am", "Last Updated: ...").
fn looks_like_date_line(s: &str) -> bool {
    let lower = s.to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    // A byline that starts with a month name and a number is a date line.
    let month = newsdesk_text::calendar::english_month(first).is_some();
    month && second.starts_with(|c: char| c.is_ascii_digit()) || rules::DATE_LINE_WORDS.contains(&first)
}

const ROLE_WORDS: &[&str] =
    &["writer", "reporter", "correspondent", "editor", "staff", "contributor", "columnist", "news", "press"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_suffixes() {
        assert_eq!(strip_site_suffix("Harbour vote passes | Valdoria Herald", None), "Harbour vote passes");
        assert_eq!(
            strip_site_suffix("Harbour vote passes in council - Site", None),
            "Harbour vote passes in council"
        );
        assert_eq!(strip_site_suffix("Herald - Harbour vote", Some("Herald")), "Harbour vote");
        assert_eq!(strip_site_suffix("Harbour vote — The Herald", Some("The Herald")), "Harbour vote");
    }

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean_byline("By Mira Kovac").as_deref(), Some("Mira Kovac"));
        assert_eq!(clean_byline("Report by Mira Kovac | March 3, 2026").as_deref(), Some("Mira Kovac"));
        assert_eq!(clean_byline("By Mira Kovac, Staff Writer").as_deref(), Some("Mira Kovac"));
        assert_eq!(clean_byline("By Mira Kovac, Tom Reed").as_deref(), Some("Mira Kovac, Tom Reed"));
        assert_eq!(clean_byline("By "), None);
    }
}
