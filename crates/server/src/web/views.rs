//! The askama templates and the view values they render: everything already formatted, so templates only
//! lay out text (which askama HTML-escapes).

use super::chart::{GroupBar, TimeChart};
use super::marks::Segment;
use askama::Template;

/// Which nav entry is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Stories,
    Sources,
    Search,
    None,
}

#[derive(Template)]
#[template(path = "front.html")]
pub struct FrontPage {
    pub title: String,
    pub section: Section,
    pub heading: String,
    pub filters: FilterForm,
    /// Some filter is set (the page offers to clear them).
    pub filtered: bool,
    /// Group colours used by the cards' bars, for the legend.
    pub legend: Vec<LegendEntry>,
    pub stories: Vec<StoryCard>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

/// The front page's GET filter form: current values and the choices offered.
pub struct FilterForm {
    pub outlet: String,
    pub group: String,
    pub lang: String,
    pub from: String,
    pub to: String,
    pub outlets: Vec<String>,
    pub groups: Vec<String>,
    pub langs: Vec<String>,
}

pub struct LegendEntry {
    pub name: String,
    pub class: String,
}

pub struct StoryCard {
    pub href: String,
    pub headline: String,
    /// One summary sentence.
    pub lede: String,
    /// "5 articles · 3 outlets"
    pub counts: String,
    /// "Meridian Wire, VBC News, Valdoria Herald +2 more"
    pub outlets: String,
    /// "2 independent sources" when copies made the outlet count overstate coverage.
    pub independent: Option<String>,
    pub bar: Option<GroupBar>,
    pub span: String,
    pub datetime: String,
}

#[derive(Template)]
#[template(path = "story.html")]
pub struct StoryPage {
    pub title: String,
    pub section: Section,
    pub headline: String,
    pub counts: String,
    pub span: String,
    pub datetime: String,
    pub summary: Vec<SummaryLine>,
    pub groups: Vec<OutletGroup>,
    /// How outlets and groups told the story (see `api::perspectives`).
    pub perspectives: Option<crate::api::perspectives::PerspectivesDto>,
    pub chart: Option<TimeChart>,
    /// Copies folded under their originals.
    pub copies: usize,
    /// People, organisations and places the articles name, most-named first.
    pub entities: Vec<EntityLink>,
    /// Dated events the articles tell, by date.
    pub timeline: Vec<TimelineLine>,
}

pub struct EntityLink {
    pub href: String,
    pub name: String,
    /// "person", "organisation", "place", "other"
    pub kind: &'static str,
    /// "named in 3 articles"
    pub note: String,
}

pub struct TimelineLine {
    /// "9 Feb 2026", "Feb 2026"
    pub date: String,
    pub datetime: String,
    pub text: String,
    pub href: String,
    pub outlet: String,
}

#[derive(Template)]
#[template(path = "storyline.html")]
pub struct StorylinePage {
    pub title: String,
    pub section: Section,
    pub name: String,
    /// "4 stories · 9 Feb – 3 Mar 2026"
    pub meta: String,
    pub chart: Option<TimeChart>,
    pub stories: Vec<StoryCard>,
    pub legend: Vec<LegendEntry>,
    pub timeline: Vec<TimelineLine>,
}

#[derive(Template)]
#[template(path = "entity.html")]
pub struct EntityPage {
    pub title: String,
    pub section: Section,
    pub name: String,
    pub kind: &'static str,
    pub meta: String,
    /// Titles and other names ("President", "known as ...").
    pub also: Vec<String>,
    pub stories: Vec<EntityStoryLine>,
    pub related: Vec<EntityLink>,
}

pub struct EntityStoryLine {
    pub href: String,
    pub headline: String,
    pub note: String,
}

pub struct SummaryLine {
    pub href: String,
    pub text: String,
    pub outlet: String,
}

pub struct OutletGroup {
    pub outlet: String,
    /// "state · KS · kestranian-state-media", empty when nothing is known.
    pub about: String,
    pub articles: Vec<ArticleLine>,
}

pub struct ArticleLine {
    pub href: String,
    pub title: String,
    pub byline: Option<String>,
    pub date: String,
    pub datetime: String,
    /// Other outlets' copies of this article's text, folded under it.
    pub copies: Vec<CopyLine>,
}

pub struct CopyLine {
    pub href: String,
    pub outlet: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub title: String,
    pub section: Section,
    pub headline: String,
    pub outlet: String,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub datetime: Option<String>,
    /// Only http(s) URLs; anything else is not linked.
    pub original_url: Option<String>,
    pub truncated: bool,
    pub lang: String,
    pub paragraphs: Vec<Vec<Segment>>,
    pub story_href: Option<String>,
    pub story_headline: Option<String>,
    /// Other outlets' articles in the same story.
    pub other: Vec<OtherCoverage>,
    /// Articles of the story not listed in `other`.
    pub other_more: usize,
}

pub struct OtherCoverage {
    pub href: String,
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub datetime: String,
    /// The same text as this article (a wire copy).
    pub copy: bool,
}

#[derive(Template)]
#[template(path = "sources.html")]
pub struct SourcesPage {
    pub title: String,
    pub section: Section,
    pub sources: Vec<SourceRow>,
}

pub struct SourceRow {
    pub name: String,
    pub href: String,
    pub stories_href: String,
    pub homepage: Option<String>,
    pub country: String,
    pub ownership: String,
    pub language: String,
    pub groups: Vec<String>,
}

#[derive(Template)]
#[template(path = "source.html")]
pub struct SourcePage {
    pub title: String,
    pub section: Section,
    pub source: SourceRow,
    /// "120 articles in 45 stories, 9 Feb – 3 Mar 2026"
    pub stats: String,
    pub feeds: Vec<FeedHealth>,
    pub stories: Vec<StoryCard>,
    pub legend: Vec<LegendEntry>,
    pub more_href: Option<String>,
}

pub struct FeedHealth {
    pub url: String,
    pub title: Option<String>,
    /// "ok", "failing" or "disabled".
    pub state: &'static str,
    pub last_success: String,
    pub next_poll: String,
    pub last_error: Option<String>,
    pub failures: u32,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub title: String,
    pub section: Section,
    /// The form's values, as typed.
    pub q: String,
    pub outlet: String,
    pub lang: String,
    pub from: String,
    pub to: String,
    /// Why the search could not run (bad date, index unavailable).
    pub error: Option<String>,
    /// "12 matching articles in 5 stories"; empty before a search.
    pub summary: String,
    pub results: Vec<SearchResult>,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

pub struct SearchResult {
    pub href: String,
    /// Highlighted title: escaped text with `<mark>` only (checked by `web::highlight_html`).
    pub title_html: String,
    pub snippet_html: String,
    pub outlet: String,
    pub date: String,
    pub datetime: String,
    pub story_href: Option<String>,
    /// Further matching articles of the same story.
    pub more: usize,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub section: Section,
    pub heading: String,
    pub message: String,
}
