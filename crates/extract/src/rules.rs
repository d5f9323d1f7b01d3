//! Heuristics as data: thresholds and clutter patterns, each with the reason it exists (DESIGN.md #8).
//!
//! Patterns describe kinds of page furniture in general terms; none names one page's wording. The plain-text
//! path (`text.rs`) and the HTML path (`html.rs`) read these and nothing else decides what is clutter.

use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Inputs larger than this are cut before parsing: html5ever and readability are linear but a hostile 200 MB
/// page would still stall a worker. 20 MB is far above any real article page (the benchmark max is ~2 MB).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// dom_smoothie output shorter than this (chars of clean text) is "very little": try the `<p>`-density fallback
/// and keep whichever is longer. Protects pages whose article is split into sibling blocks readability misses.
pub const MIN_READABILITY_CHARS: usize = 200;

/// A paragraph of at least this many words with a sentence end is prose (see `PROSE_SWITCH_RATIO`).
pub const MIN_PROSE_WORDS: usize = 12;

/// The densest-`<p>` block replaces readability's pick when it holds this many times more prose: readability
/// sometimes scores a long list (signatories, a table of contacts, a disclosure box) above the article.
pub const PROSE_SWITCH_RATIO: f32 = 3.0;

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
        // "in your inbox": newsletters are often pitched by name only ("Get the Morning Briefing in your inbox").
        r"newsletter|^(sign up|subscribe)( now| today| for free)?[.!]?$|^subscribe (to|for) |^(get|receive|have) .{0,80}\b(in|to) your inbox\b",
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
    // A link to another article written inline: "Most read: <headline>", "Read more: <headline>", "See also:
    // <headline>". The label is never how a sentence of the article itself starts. (Demo capture and the 5w1h
    // texts carry these.)
    (
        "clutter:related-link",
        Effect::Drop,
        r"^(most (read|popular|viewed|shared)|read (more|also|next)|also read|see also|related( story| article)?)\s*:\s*\S.{0,160}$",
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

/// `pattern` case-insensitive, with ASCII word boundaries. A Unicode `\b` sends the regex engine from its DFA to
/// the much slower PikeVM as soon as a line holds one non-ASCII character (most non-English text), and these
/// patterns run on every short paragraph of every page. The two differ only where a pattern's word touches a
/// non-ASCII letter in the text ("top storiesé"); every `\b` in these rules sits beside an ASCII letter of
/// the pattern, and none follows a word that could end in a non-ASCII letter.
fn clutter_regex(pattern: &str) -> Option<Regex> {
    Regex::new(&format!("(?i){}", pattern.replace(r"\b", r"(?-u:\b)"))).ok()
}

pub static LINE_CLUTTER: LazyLock<Vec<LineRule>> = LazyLock::new(|| {
    LINE_RULES
        .iter()
        .filter_map(|(reason, effect, pattern)| {
            clutter_regex(pattern).map(|regex| LineRule { reason, effect: *effect, regex })
        })
        .collect()
});

/// [`LINE_CLUTTER`] as one set, same order: one scan per line instead of one per rule (these run on every short
/// paragraph of every page, and were a measured share of extraction time).
pub static LINE_CLUTTER_SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| RegexSet::new(LINE_CLUTTER.iter().map(|r| r.regex.as_str())).ok());

/// Photo captions: a line starting with a credit label, or ending in one ("... Photo: Agency", "(Image by X)").
pub static CAPTION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    clutter_regex(
        r"^(photo|image|picture|pictured|credit|caption|illustration|file photo)s?\s*(:|by\b)|[.)]\s*\(?(photo|image|picture|credit|illustration)s?\s*(:|by)\s*[^.]{1,50}\)?\.?$|^\(?(photo|image|picture|credit)s?\s*(:|by)\s*[^.]{1,50}\)?\.?$",
    )
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

/// Publication dates before this year are rejected: the web news we read starts in the mid-1990s, and older
/// years on a page are history, not its date (htmldate uses the same floor).
pub const MIN_DATE_YEAR: i32 = 1995;
/// Dates after this year are rejected as typos or placeholders. Extraction is pure (no clock), so this is a
/// fixed horizon rather than "today".
pub const MAX_DATE_YEAR: i32 = 2100;

/// `<meta>` fields (name/property/itemprop/http-equiv, case-insensitive) that state the original publication
/// date, most specific first (htmldate's list of publication attributes, trimmed to those seen on news pages).
pub const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "article.published",
    "article:post_date",
    "article_date_original",
    "datepublished",
    "datecreated",
    "date_published",
    "publishdate",
    "publish_date",
    "publish-date",
    "published-date",
    "publication_date",
    "originalpublicationdate",
    "pubdate",
    "pdate",
    "rbpubdate",
    "release_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dc.date.created",
    "dc.date.publication",
    "dc.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "dc:date",
    "dc:created",
    "displaydate",
    "doc_date",
    "date_created",
    "created",
    "date",
    "bt:pubdate",
    "shareaholic:article_published_time",
    "twt-published-at",
    "vr:published_time",
];

/// `<meta>` fields with the last modification date: used only when nothing states the publication date,
/// since an updated page was at least published by then.
pub const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.modified",
    "dcterms.modified",
    "last-modified",
    "lastmodified",
    "modified",
];

/// class/id/itemprop words that mark an element as the publication date.
pub const PUBLISHED_LABEL: &[&str] =
    &["publish", "publication", "entry-date", "posted", "created", "pubdate", "post-date"];
/// ... and words that mark it as an update, which must not win over the original date.
pub const UPDATE_LABEL: &[&str] = &["update", "modif", "edited", "revised"];

/// class/id/itemprop words of elements that hold a date line or a byline with a date (htmldate's date
/// expressions: "date", "datum", "fecha", "time", meta/byline/info blocks).
pub const DATE_ELEMENT_LABEL: &[&str] = &[
    "date",
    "datum",
    "fecha",
    "data-",
    "time",
    "publish",
    "posted",
    "submitted",
    "byline",
    "subline",
    "meta",
    "info",
    "author",
    "autor",
    "parution",
    "calendar",
    "clock",
];

/// Elements with more text than this are content, not a date line.
pub const MAX_DATE_LABEL_CHARS: usize = 200;

/// class/id words of containers whose dates belong to other people's posts (comment threads), not to the
/// page: a `<time pubdate>` on a reader comment must not date the article.
pub const FOREIGN_DATE_CONTEXT: &[&str] = &["comment", "disqus", "respond", "reply"];
/// A date sits within this many levels of the comment thread or embed that holds it (real threads nest a few
/// levels per reply); looking no further keeps the check linear on pathologically deep pages.
pub const FOREIGN_CONTEXT_DEPTH: usize = 40;

/// Words that announce a publication date in running text ("Veröffentlicht am 3.2.2022", "Posted: ...",
/// "Date: ..."): htmldate's "idiosyncrasies" in the languages of the news we read.
pub const PUBLISHED_CUES: &[&str] = &[
    "published",
    "posted",
    "date",
    "datum",
    "veröffentlicht",
    "erschienen",
    "publié",
    "publiée",
    "publicado",
    "publicada",
    "pubblicato",
    "opublikowano",
];
/// ... and words that announce an update ("Stand: 09.10.2017", "Updated: ..."): they date a page that states
/// nothing else (an update is at least a date the page existed in this form).
pub const UPDATED_CUES: &[&str] = &["updated", "stand", "aktualisiert", "mis à jour", "actualizado"];
/// A cued date must follow its cue within this many characters (room for a weekday: "am Donnerstag, ").
pub const CUE_DATE_REACH: usize = 40;
/// A page's machine publication date gives way when at least this many of its own date sources (marked-up,
/// labelled, cued, modified, most frequent in the text) agree on another day and none states the machine's:
/// three independent witnesses outweigh one stale CMS field; two can be one date line read twice.
pub const PAGE_CONSENSUS_MIN: usize = 3;
/// Two-digit years (`31.10.23`) from this number on are in the 1900s, below it in the 2000s (htmldate's pivot).
pub const SHORT_YEAR_PIVOT: i32 = 90;

/// A `<form>` with more text than this is a page wrapper (ASP.NET WebForms puts the whole body in one), not a
/// search/sign-up/comment form, so its text is read.
pub const PAGE_FORM_MIN_CHARS: usize = 1500;

/// A date line under a headline ("Donnerstag, 15.2.2018, 19:51", "21. Januar 2022", "Posted January 13,
/// 2020 at 08:45 | Mercurial | 5 comments") is looked for in this many text blocks after the headline (a
/// kicker, a byline, a share bar may come first) ...
pub const HEADLINE_DATE_BLOCKS: usize = 4;
/// ... and only in blocks this short: a longer block is article prose, whose dates are what it reports on.
pub const HEADLINE_DATE_LINE_CHARS: usize = 100;

/// First words of date/update lines that byline blocks often hold instead of a name.
pub const DATE_LINE_WORDS: &[&str] = &["last", "updated", "published", "posted", "modified"];

// ---- Pruning inside the chosen content container (html.rs / prune.rs) ----------------------------------
// Readability picks the right container on almost every page but keeps what sits inside it: captions,
// bylines and datelines, share bars, "related" teasers, tag lists, newsletter boxes. trafilatura removes these
// by class/id words and link density inside its chosen subtree (its OVERALL_DISCARD_XPATH and
// `delete_by_link_density`); these are the same ideas, as data.

/// (reason, pattern over "class id" of an element inside the content container). An element that matches is
/// removed with everything in it. Words, not page names: each is a kind of furniture many sites share.
pub const PRUNE_CLASS_RULES: &[(&str, &str)] = &[
    // Share bars and social embeds ("share-buttons", "social-links", "sharedaddy").
    ("prune:share", r"shar(e|ing)|social|sociable|syndication"),
    // Related / recommended teasers, "read next", recirculation widgets.
    (
        "prune:related",
        r"related|recommend|read-?more|read-?next|more-stories|most-popular|outbrain|taboola|recirc",
    ),
    // Newsletter, subscription and paywall prompts.
    ("prune:newsletter", r"newsletter|subscri|signup|sign-up|paywall|regwall|premium-?(box|teaser|banner)"),
    // Comment sections.
    ("prune:comments", r"comment|disqus|respond"),
    // Bylines, datelines and post meta lines (the byline and date are read from the page separately).
    (
        "prune:byline",
        r"byline|author|timestamp|dateline|posted-?on|entry-meta|post-meta|article-?meta|meta-?(data|info)",
    ),
    // Photo captions and credits.
    ("prune:caption", r"caption|credit|copyright"),
    // Tag and category lists.
    ("prune:tags", r"(^|[-_ ])tags?([-_ ]|$)|tag-?list|tagcloud|categor|keywords"),
    // Ads and promotions.
    ("prune:advertisement", r"(^|[-_ ])ads?([-_ ]|$)|advert|sponsor|promo|banner"),
    // Cookie and consent notices.
    ("prune:cookie", r"cookie|consent|gdpr"),
    // In-article navigation: breadcrumbs, pagination, tables of contents.
    (
        "prune:navigation",
        r"breadcrumb|pagination|pager|(^|[-_ ])(nav|toc)([-_ ]|$)|navigation|table-of-contents",
    ),
    // Hidden and screen-reader-only text.
    ("prune:hidden", r"(^|[-_ ])(hidden|hide)([-_ ]|$)|sr-only|visually-hidden|screen-reader"),
    // The rest of trafilatura's discard vocabulary (OVERALL_DISCARD_XPATH), each measured on its own on
    // trafilatura-eval and the article-extraction-benchmark (no loss on either):
    // CMS widgets (text widgets, calendars, "related" widgets placed in the body column).
    ("prune:widget", r"widget"),
    // Sidebars nested inside the article column.
    ("prune:sidebar", r"sidebar"),
    // Buttons and button rows ("Rezept drucken", "Load more").
    ("prune:button", r"button"),
    // Star ratings and "rate this article" boxes (not "operating", "decorating").
    ("prune:rating", r"(^|[^a-z])rating"),
    // Meta lines of any name ("postmetadata", "meta-box"); the byline and date are read separately.
    ("prune:meta", r"meta"),
    // Interface chrome: slideshows, overlays, expanders, option menus, icons, attachment lists, user boxes.
    (
        "prune:ui",
        r"slide|overlay|viewport|expand|options|-icon|attachment|user-info|user-profile|article-infos|message-container",
    ),
    // Embedded players and social posts.
    ("prune:embed", r"embed"),
];

pub static PRUNE_CLASS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    PRUNE_CLASS_RULES
        .iter()
        .filter_map(|(reason, pattern)| Regex::new(&format!("(?i){pattern}")).ok().map(|re| (*reason, re)))
        .collect()
});

/// Elements inside the content that are never article text (captions, asides, forms, page chrome).
pub const PRUNE_TAGS: &[(&str, &str)] = &[
    ("figcaption", "prune:caption"),
    ("aside", "prune:aside"),
    ("footer", "prune:footer"),
    ("nav", "prune:navigation"),
    ("form", "prune:form"),
];

/// A block (list, table, div, paragraph) whose text is mostly link text is a list of links to elsewhere
/// (related stories, "Read more: <headline>"), not prose. trafilatura's link-density test uses the same idea.
pub const MAX_LINK_DENSITY: f32 = 0.6;
/// ... with at least this many links: one linked line alone (a URL, a linked subheading) is usually content;
/// single "Read more: <headline>" lines are caught by their label (`PARAGRAPH_RULES`).
pub const MIN_LINK_LIST_LINKS: usize = 2;
/// ... but only a short block: a long paragraph that happens to link a lot is still prose.
pub const MAX_LINK_BLOCK_CHARS: usize = 1200;

/// A class/id match removes at most this share of the container's text: a wrapper whose class happens to
/// contain a furniture word ("post-meta-wrap" around the body) must not take the article with it.
pub const MAX_PRUNE_SHARE: f32 = 0.4;

/// If pruning left less than this share of the text, it misfired on this page's markup; the unpruned text is
/// kept (trafilatura keeps a backup for the same reason, with 1/7).
pub const MIN_KEPT_AFTER_PRUNE: f32 = 0.3;

/// Inside a marked container (container.rs) pruning works as trafilatura's does: one block may be any share of
/// the text (the container is a whole column, its teaser lists and comment threads can outweigh the article)
/// and only a cut leaving less than 1/7 is undone. Readability's pick keeps the tighter limits above: applying
/// these there cost both sets (measured).
pub const MARKED_MAX_PRUNE_SHARE: f32 = 1.0;
pub const MARKED_MIN_KEPT_AFTER_PRUNE: f32 = 1.0 / 7.0;

/// Paragraph-level clutter in the HTML path, several languages (the pages we read are international): (reason,
/// pattern over a whole short paragraph). Applied after the structural pruning, to what class names missed.
const PARAGRAPH_RULES: &[(&str, &str)] = &[
    // "Read more: <other headline>" style cross-links (en, es, de, fr, pt, it, pl).
    (
        "clutter:read-also",
        r"^(read more|read also|see more|see also|also read|more|related|watch|listen|lea (también|más)|lea|vea (también)?|mira|le puede interesar|te puede interesar|también (te )?puede interesar|lee también|leia (também|mais)|à lire aussi|lire aussi|voir aussi|lesen sie (auch|hier|mehr)|auch interessant|siehe auch|zum weiterlesen|mehr zum thema|weiterlesen|leggi anche|czytaj (też|także|więcej)|zobacz (też|także))\s*[:.!?]\s*.{0,160}$|^(schon gelesen|auch interessant|don'?t miss|must read|trending|weitere artikel|das könnte sie auch interessieren|mehr zum thema|beiträge zum thema|ähnliche artikel|verwandte artikel|à lire aussi|lire aussi|lea también|noticias relacionadas)\s*[:?!]?$",
    ),
    // Share and feedback prompts (en, de, es, fr).
    (
        "clutter:share",
        r"^(share this|diesen (artikel|beitrag) teilen|artikel teilen|beitrag teilen|möchten sie (den|diesen) artikel teilen\??|artikel gefallen\?.*|war (der|dieser) (artikel|beitrag) (nützlich|hilfreich)\??|compartir|compártelo|partager|teilen)\s*[:!?]?$",
    ),
    // Post meta lines: category/tag lists, "published"/"updated" stamps in several languages.
    (
        "clutter:post-meta",
        r"^(category|categories|filed under|tags?|kategorie|kategorien|schlagwörter|schlagworte|themen|etiquetas|categoría|catégorie)\s*:.{0,200}$|^(published|updated|posted|last updated|veröffentlicht|aktualisiert|erstellt|publicado|actualizado|publié|mis à jour|opublikowano|aktualizacja)( am| on| at| le| el)?\s*:?\s*[\d|].{0,80}$|^(aktualisiert|veröffentlicht|erstellt) am\b.{0,60}$",
    ),
    // Copyright and reprint notices.
    (
        "clutter:copyright",
        r"^(©|\(c\)|copyright)\s.{0,200}$|all rights reserved\.?$|alle rechte vorbehalten\.?$|todos los derechos reservados\.?$",
    ),
    // Source and photo-credit lines (de, pl, es, fr): "Bild: X", "Foto: X", "Quelle: X".
    (
        "clutter:credit-line",
        r"^(bild|foto|fotos|quelle|quellen|źródło|fuente|source|crédit|credits?|beitragsbild|titelbild|symbolbild)\s*:\s*.{0,100}$",
    ),
    // ... and "Photograph by X", "Crédits photos : X", "Fotograf: X" (en, fr, de).
    (
        "clutter:credit-line",
        r"^(photograph|photographs|photo credit|crédits? photos?|fotograf|fotografie)\s*(:|by)\s*.{0,100}$",
    ),
    // Headings of related-content boxes, standing alone (de, en, es, fr, pl): "Weitere Beiträge zum Thema",
    // "Das könnte dich auch interessieren", "Siehe auch", "Auch auf <site>", "Mehr zum Thema auf <site>".
    (
        "clutter:read-also",
        r"^((weitere )?beiträge zum thema|das könnte (dich|sie) auch interessieren|siehe auch|empfohlene beiträge|mehr themen|auch auf \S+|lesen sie auch( die folgenden beiträge)?|vorschau auf den nächsten artikel|(weitere|mehr) artikel|related posts|you may also like|more from \S+|ver también|dowiedz się więcej|czytaj również)\s*[:.!?]?$|^(à lire aussi|lire aussi|auch lesen|lesen sie auch|dowiedz się więcej|czytaj również)\s*[:»]\s*.{0,160}$|^lesen sie hier (einen|einen weiteren|mehr)\b.{0,80}$|^mehr zum thema\b.{0,60}$",
    ),
    // Author-box headings and bare "From:" labels.
    (
        "clutter:author-box",
        r"^(über (den|die) autor(in)?|about the author|o autorze|sobre el autor|à propos de l'auteur|zur person|von|autor|autorin|author)\s*:?$",
    ),
    // Rating prompts.
    (
        "clutter:rating",
        r"^(valora esta noticia|\(?noch keine bewertungen\)?|bewerten sie (diesen|den) (artikel|beitrag)|rate this (article|post|story)|artikel bewerten|oceń artykuł)\s*[:!?.]?$",
    ),
    // Interface controls left as text: "Lade weitere Inhalte ...", "Zurück zur Listenansicht", "Quellen
    // ausblenden", "Dieses Skript als PDF herunterladen".
    (
        "clutter:ui-control",
        r"^(lade weitere inhalte|mehr laden|weitere laden|load more|show more|mehr anzeigen|zurück zur (listenansicht|übersicht|startseite)|back to (overview|list|top)|nach oben|quellen (ausblenden|anzeigen|einblenden)|dieses? .{0,30} als pdf herunterladen|(als )?pdf herunterladen|download (as )?pdf)\s*(\.\.\.|…)?$",
    ),
    // Ad labels in other languages ("- Anzeige -", "Werbung", "Publicidad").
    ("clutter:advertisement", r"^[-–—\s]*(anzeige|werbung|publicidad|publicité|reklama)[-–—\s]*$"),
    // Log-in and comment-count prompts.
    (
        "clutter:login",
        r"^(sie sind (aktuell )?nicht (eingeloggt|angemeldet)\.?|sie müssen (sich )?(einloggen|angemeldet sein).{0,80}|you must be logged in.{0,80}|kommentieren|keine kommentare.{0,80}|kommentare insgesamt:?\s*\d+|(\d+ )?kommentare?)$",
    ),
    // A bare contact label before an address block.
    ("clutter:contact", r"^(kontakt|contact|kontakt und impressum|pressekontakt)\s*:?$"),
    // App and messenger-channel promotion ("Get the latest news ... with the X app", "canal de Telegram").
    (
        "clutter:app-promo",
        r"\b(get|download)\b.{0,80}\bapps?\b|\bapps? for (ios|android)\b|\bcanal de (telegram|youtube|whatsapp)\b|\b(telegram|whatsapp)[- ]kanal\b|^follow (us|the \w+) on\b",
    ),
    // Subscription and donation prompts.
    (
        "clutter:support-prompt",
        r"\bsubscribe (now|today)\b|\bplease subscribe\b|\balready a subscriber\b|\bsign up here\b|\bsupport(ing)? our (work|journalism)\b|^unterstütze .{0,40}\b(mit|bereits|jetzt)\b|\bjetzt (abonnieren|unterstützen)\b",
    ),
    // Licence and citation notices under the article.
    (
        "clutter:licence",
        r"creative commons|\bcc[- ]by\b|\blizenz cc\b|prawem autorskim|suggested citation|zitiervorschlag|wszelkie prawa zastrzeżone",
    ),
    // Affiliate-link and liability disclaimers.
    ("clutter:disclaimer", r"affiliate[- ]links?|\(?alle angaben ohne gewähr\)?$|^ohne gewähr\.?$"),
];

pub static PARAGRAPH_CLUTTER: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    PARAGRAPH_RULES
        .iter()
        .filter_map(|(reason, pattern)| clutter_regex(pattern).map(|re| (*reason, re)))
        .collect()
});

/// [`PARAGRAPH_CLUTTER`] as one set, same order (see [`LINE_CLUTTER_SET`]).
pub static PARAGRAPH_CLUTTER_SET: LazyLock<Option<RegexSet>> =
    LazyLock::new(|| RegexSet::new(PARAGRAPH_CLUTTER.iter().map(|(_, re)| re.as_str())).ok());

// ---- The marked-container candidate (container.rs) --------------------------------------------------------
// Many sites name their article body in the markup ("entry-content", "article-body", itemprop=articleBody).
// trafilatura's main extractor starts from such a container (its BODY_XPATH, tried tier by tier, first match in
// document order); readability scores paragraphs instead and sometimes settles on a sub-block or a disclosure
// box. These are trafilatura 2.3.1's tiers, as data.

/// One tier: elements named in `bare`, or with one of `tags` whose attribute equals one of `exact` (attr, value)
/// or whose id/class/role matches its pattern (case-sensitive search, as XPath's `re:test`).
pub struct BodyTier {
    pub bare: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub exact: &'static [(&'static str, &'static str)],
    pub id: Option<Regex>,
    pub class: Option<Regex>,
    pub role: Option<Regex>,
}

const BODY_TAGS: &[&str] = &["article", "div", "main", "section"];

fn tier_re(pattern: &str) -> Option<Regex> {
    (!pattern.is_empty()).then(|| Regex::new(pattern).ok()).flatten()
}

/// The tiers, most specific first.
pub static MARKED_BODY_TIERS: LazyLock<Vec<BodyTier>> = LazyLock::new(|| {
    vec![
        // Article-body names.
        BodyTier {
            bare: &[],
            tags: BODY_TAGS,
            exact: &[
                ("class", "post"),
                ("class", "entry"),
                ("itemprop", "articleBody"),
                ("id", "articleContent"),
            ],
            id: tier_re(
                r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text",
            ),
            class: tier_re(
                r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText|(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|articleBody|ArticleContent|body-text|article__container",
            ),
            role: None,
        },
        // The first `<article>`.
        BodyTier { bare: &["article"], tags: &[], exact: &[], id: None, class: None, role: None },
        // Story names.
        BodyTier {
            bare: &[],
            tags: BODY_TAGS,
            exact: &[
                ("role", "article"),
                ("id", "article"),
                ("id", "story"),
                ("class", "postarea"),
                ("class", "art-postcontent"),
                ("class", "text"),
                ("class", "cell"),
                ("class", "story"),
            ],
            id: tier_re(r"^primary|story-body"),
            class: tier_re(
                r"(?i:fulltext)|^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post|main-column|wpb_text_column|story-body|field-body",
            ),
            role: None,
        },
        // Main-content names.
        BodyTier {
            bare: &[],
            tags: BODY_TAGS,
            exact: &[("id", "content"), ("class", "content")],
            id: tier_re(r"content-main|content-body|contentBody|[mM]ain-[cC]ontent"),
            class: tier_re(r"content[-_]main|content(?:-|__)body|[mM]ain-[cC]ontent|[pP]age-[cC]ontent"),
            role: None,
        },
        // "main" anything, or `<main>`.
        BodyTier {
            bare: &["main"],
            tags: &["article", "div", "section"],
            exact: &[],
            id: tier_re("^main"),
            class: tier_re("^main"),
            role: tier_re("^main"),
        },
    ]
});

/// The marked container replaces readability's (or the densest block's) pick when it holds more than this many
/// times its prose (trafilatura switches between its extractor and readability at 2× text length). Measured:
/// 1.5 cost AEB (0.9779), 3 gave back most of the trafilatura-eval gain.
pub const MARKED_SWITCH_RATIO: f32 = 2.0;

/// Trailing headings removed at most: a stack of box titles is two or three deep; more is a page of headings.
pub const MAX_TRAILING_HEADINGS: usize = 3;
