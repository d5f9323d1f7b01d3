//! Heuristics as data: thresholds and clutter patterns, each with the reason it exists (DESIGN.md #8).
//!
//! Patterns describe kinds of page furniture in general terms; none names one page's wording. The plain-text
//! path (`text.rs`) and the HTML path (`html.rs`) read these and nothing else decides what is clutter.

use regex::Regex;
use std::sync::LazyLock;

/// Inputs larger than this are cut before parsing: html5ever and readability are linear but a hostile 200 MB
/// page would still stall a worker. 20 MB is far above any real article page (the benchmark max is ~2 MB).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// dom_smoothie output shorter than this (chars of clean text) is "very little": try the `<p>`-density fallback
/// and keep whichever is longer. Protects pages whose article is split into sibling blocks readability misses.
pub const MIN_READABILITY_CHARS: usize = 200;

/// Clean text shorter than this is not an article (login pages, error pages, cookie walls).
pub const MIN_ARTICLE_CHARS: usize = 140;

/// A plain-text line with more words than this is a paragraph, and a paragraph is never clutter.
/// Article paragraphs must never be dropped; page furniture is short.
pub const MAX_CLUTTER_WORDS: usize = 25;

/// A caption that ends in an explicit credit ("... Photo: Agency") may be long; the credit suffix is a
/// stronger signal than length. Above this it is treated as a paragraph anyway.
pub const MAX_CAPTION_WORDS: usize = 80;

/// Headline bounds for plain-text captures: fewer words is an outlet/section/name line, more is a paragraph.
pub const MIN_HEADLINE_WORDS: usize = 3;
/// Lines under a headline scanned for byline, dateline and section labels before the body starts: captures put
/// at most a handful of such lines there (outlet tag, section breadcrumb, "By X", date, reading time).
pub const MAX_META_LINES_UNDER_HEADLINE: usize = 6;
/// A section breadcrumb ("Companies | Healthcare") is a few words joined by separators.
pub const MAX_SECTION_LABEL_WORDS: usize = 5;
pub const SECTION_SEPARATORS: &[char] = &['|', '›', '»', '/', '>'];
/// A dateline under a headline is short ("Tuesday 14 April 2026 10:15"); longer lines are sentences that
/// merely contain a date.
pub const MAX_DATELINE_WORDS: usize = 8;
pub const MAX_HEADLINE_WORDS: usize = 25;

/// When a capture has no headline line, the title is derived from the first sentence, capped at this.
pub const MAX_DERIVED_TITLE_WORDS: usize = 30;

/// A bare person-name line in the preamble: 2-4 capitalised words ("Mira Kovac").
pub const MAX_NAME_WORDS: usize = 4;

/// Share of control/replacement characters above which a text body is considered binary, not prose.
pub const MAX_BINARY_RATIO: f32 = 0.10;

/// What a matching line does besides being dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Drop this line only.
    Drop,
    /// Drop this line; if no paragraph follows, everything after it is page footer and goes too.
    TailMarker,
    /// Drop this line and mark the article as visibly cut short.
    Truncates,
}

/// One named clutter pattern, matched case-insensitively against a whole trimmed line.
pub struct LineRule {
    pub reason: &'static str,
    pub effect: Effect,
    pub regex: Regex,
}

/// (reason, effect, pattern). Order matters only for which reason is reported.
const LINE_RULES: &[(&str, Effect, &str)] = &[
    // "No time to read?" / "Get a summary": AI-summary widgets that aggregators inject above and below articles.
    (
        "clutter:summary-prompt",
        Effect::Drop,
        r"^(no time to read\??|get an? (ai )?summary|summari[sz]e this( article)?)$",
    ),
    // Previous/next navigation: what follows is another article's headline, so the footer sweep removes it.
    (
        "clutter:navigation",
        Effect::TailMarker,
        r"^(previous|next|prev)( article| story| post)?:?$|^(read )?next:?$",
    ),
    // Relative timestamps from capture time ("Posted 113 days ago") carry no date and are not prose.
    (
        "clutter:relative-time",
        Effect::Drop,
        r"^(posted|published|updated)?\s*\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\.?$",
    ),
    // Social share rows.
    (
        "clutter:share",
        Effect::Drop,
        r"^(share|share this( article| story| post| page)?|share on \w+|share via \w+|tweet|email|print|copy link)\s*:?$",
    ),
    // Newsletter and sign-up prompts.
    (
        "clutter:newsletter-prompt",
        Effect::Drop,
        r"newsletter|^(sign up|subscribe)( now| today| for free)?[.!]?$|^subscribe (to|for) ",
    ),
    // Ad slot labels.
    (
        "clutter:advertisement",
        Effect::Drop,
        r"^(advertisement|advertising|advert|ad|sponsored( content)?|promoted( content)?|story continues below( advertisement)?)$",
    ),
    // Related-content blocks: the lines after them are other articles' headlines.
    (
        "clutter:related",
        Effect::TailMarker,
        r"^(related( stories| articles| news| content| coverage| posts)?|more (stories|from|on) .{0,40}|recommended( for you| stories)?|you (may|might) also like|most (read|popular)|top stories\b.*|our picks|editor'?s picks)$",
    ),
    // Paywall and account prompts: the article (or its visible part) has ended.
    (
        "clutter:paywall",
        Effect::TailMarker,
        r"^(sign up|subscribe|log ?in|sign in) to (read|continue|view)\b.*|^already (a member|a subscriber|have an account)\b.*|^sign in( here)?\.?$|^(log ?in|register)$",
    ),
    // Aggregator and app promotion slogans.
    (
        "clutter:aggregator-promo",
        Effect::Drop,
        r"^(get|read) (all )?(your|the) news\b.*|premium titles|^one app\b.*|^start reading\.?$|^download (the|our) app\.?$|^(\w+ )?days? free\.?$|free trial|trusted (global )?sources|^one subscription\b.*|^read news from\b.*",
    ),
    // Contact lines ("Contact reporter X (x@y.com)", "Email the author").
    (
        "clutter:contact",
        Effect::Drop,
        r"^(contact|email|write to|reach) (the )?(reporter|editor|author|writer|us|newsroom)\b.*|^[^ ]*@[^ ]+\.[a-z]{2,}$",
    ),
    // Credit lines at the end ("Reporting and writing by: X"); the name is kept as byline if none was found.
    (
        "clutter:credit-line",
        Effect::Drop,
        r"^((additional )?reporting|writing|editing|reporting and writing|written|compiled|edited)( and (writing|editing))? by:?\s+.+$",
    ),
    // Comment-section furniture.
    (
        "clutter:comments",
        Effect::TailMarker,
        r"^(\d+\s+)?comments?$|^(show|view|load|read) (all )?comments\b.*|^leave a (comment|reply)$",
    ),
    // Stand-alone "Read more" / "Continue reading": the capture stops at a teaser.
    (
        "clutter:read-more",
        Effect::Truncates,
        r"^(\(?read more\)?|continue reading|read the full (article|story)|keep reading|read full article)\.?(\s*(»|>|→|…))?$",
    ),
    // Cookie and consent notices.
    (
        "clutter:cookie-notice",
        Effect::Drop,
        r"\bcookies?\b.*\b(accept|consent|policy|settings)\b|^accept( all)?( cookies)?$",
    ),
];

pub static LINE_CLUTTER: LazyLock<Vec<LineRule>> = LazyLock::new(|| {
    LINE_RULES
        .iter()
        .filter_map(|(reason, effect, pattern)| {
            Regex::new(&format!("(?i){pattern}")).ok().map(|regex| LineRule {
                reason,
                effect: *effect,
                regex,
            })
        })
        .collect()
});

/// Photo captions: a line starting with a credit label, or ending in one ("... Photo: Agency", "(Image by X)").
pub static CAPTION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(photo|image|picture|pictured|credit|caption|illustration|file photo)s?\s*(:|by\b)|[.)]\s*\(?(photo|image|picture|credit|illustration)s?\s*(:|by)\s*[^.]{1,50}\)?\.?$|^\(?(photo|image|picture|credit)s?\s*(:|by)\s*[^.]{1,50}\)?\.?$",
    )
    .ok()
});

/// A trailing teaser marker on the last paragraph: "... (Read more)", "Continue reading »".
pub static TRAILING_READ_MORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*[\[(]?(read more|continue reading|read full (article|story)|keep reading)[\])]?\s*(»|>|→|…)?\s*$").ok()
});

/// A byline line in a text capture: "By X", "Report by X", "Words by X".
pub static BYLINE_LINE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(by|report(ed)? by|reporting by|words by|written by|story by|text by|author:)\s*:?\s+(.+)$",
    )
    .ok()
});

/// Tokens that are not part of a person's name in a byline ("By Mira Kovac, Staff Writer | March 3, 2026").
pub static BYLINE_NOISE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(by|report(ed)? by|reporting( and writing)? by|words by|written by|story by|text by|author|posted by|from)\s*:?(\s+|$)").ok()
});

/// Title separators before a site-name suffix: "Headline | Site", "Headline - Site", "Headline — Site".
pub const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / "];

/// A site suffix has at most this many words; a longer tail after " - " is part of the headline.
pub const MAX_SITE_SUFFIX_WORDS: usize = 4;

/// HTML blocks whose class/id says they are furniture, for the `<p>`-density fallback.
pub static FURNITURE_CLASS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|footer|sidebar|related|share|social|newsletter|promo|advert|\bad-|cookie|nav|menu|breadcrumb|subscribe").ok()
});
